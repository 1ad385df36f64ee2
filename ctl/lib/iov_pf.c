// SPDX-License-Identifier: GPL-2.0
/* The PF's unicast filter, for the VM ports of a switch made with iov on.
 * An SR-IOV NIC hands a frame a VF sends to its PF only when the frame's
 * destination MAC is in the PF's unicast filter; other frames go to the
 * wire, whatever the PF's promiscuous mode. So that the VMs on VFs reach
 * the VMs on the switch's own ports, the MAC of every such port that has
 * one (port set mac, or the one mac auto learned) and holds no VF is in the
 * filter, as `bridge fdb add MAC dev PF self permanent` puts it, for as long
 * as that holds. XSW_IOV_PF_MAC in the port's iov setting marks a MAC xsw
 * put there; one someone else put there stays theirs. */
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include "iov.h"
#include "nl.h"
#include "policy.h"
#include "util.h"

/* The port with policy @pol wants its MAC in the PF's filter. */
static bool pf_wants(const struct xsw_policy *pol)
{
	static const __u8 zero[6];

	return (pol->flags & XSW_POL_MAC) && memcmp(pol->mac, zero, 6) &&
	       !(pol->iov.flags & XSW_IOV_ASSIGNED);
}

static void pf_warn(const struct xsw_switch *sw, const __u8 mac[6], bool add, int err)
{
	char text[18];

	format_mac(mac, text);
	pr_warn("warning: cannot %s %s %s the unicast filter of \"%s\"%s: %s\n",
		add ? "add" : "remove", text, add ? "to" : "from", sw->cfg.uplink,
		add ? " (frames from its VFs to that MAC go to the wire)" : "", xsw_strerror(err));
}

/* @mac out of the filter of the PF (@ifindex, 0 when it is gone) */
static void pf_del(const struct xsw_switch *sw, int ifindex, const __u8 mac[6])
{
	int err = ifindex ? nl_uc_addr(ifindex, mac, false) : 0;

	if (err && err != -ENOENT)
		pf_warn(sw, mac, false, err);
}

int iov_pf_mac(struct xsw_switch *sw, __u32 index, const struct xsw_policy *was)
{
	bool on = was->iov.flags & XSW_IOV_PF_MAC, want, same;
	struct xsw_policy pol;
	int ifindex, err;

	if (!sw->cfg.iov || policy_get(sw, index, &pol))
		return 0;
	want = pf_wants(&pol);
	same = !memcmp(was->mac, pol.mac, 6);
	if (on == want && (!on || same) && on == !!(pol.iov.flags & XSW_IOV_PF_MAC))
		return 0;	/* nothing to change: the case of every second in xswd */
	ifindex = if_nametoindex(sw->cfg.uplink);
	want = want && ifindex;
	if (on && (!want || !same)) {
		pf_del(sw, ifindex, was->mac);
		on = false;
	}
	if (want && !on) {
		err = nl_uc_addr(ifindex, pol.mac, true);
		/* there already: someone else's, left to them */
		if (err && err != -EEXIST)
			pf_warn(sw, pol.mac, true, err);
		on = !err;
	}
	if (on == !!(pol.iov.flags & XSW_IOV_PF_MAC))
		return 0;
	pol.iov.flags ^= XSW_IOV_PF_MAC;
	return policy_iov_put(sw, index, &pol.iov);
}

void iov_pf_forget(struct xsw_switch *sw, struct xsw_policy *pol)
{
	if (!(pol->iov.flags & XSW_IOV_PF_MAC))
		return;
	pol->iov.flags &= ~XSW_IOV_PF_MAC;
	pf_del(sw, if_nametoindex(sw->cfg.uplink), pol->mac);
}
