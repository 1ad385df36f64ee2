// SPDX-License-Identifier: GPL-2.0
/* Port policies: what a port may send (xsw_policy). The datapath reads a
 * port's entry only while its xsw_port.policy is set, so a port without a
 * policy pays nothing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "feature.h"
#include "policy.h"
#include "port.h"
#include "util.h"

static int policy_get(struct xsw_switch *sw, __u32 index, struct xsw_policy *pol)
{
	return bpf_map__lookup_elem(sw->skel->maps.xsw_policy, &index, sizeof(index), pol,
				    sizeof(*pol), 0);
}

/* Writes @pol and the port's flag, so that no frame meets a flag without its
 * entry: the entry before the flag is set, after it is cleared. */
static int policy_put(struct xsw_switch *sw, __u32 index, struct xsw_port *p,
		      const struct xsw_policy *pol)
{
	bool any = pol->guards || pol->storm_pps || pol->flags;
	__u8 was = p->policy;
	int err = 0;

	if (any)
		err = bpf_map__update_elem(sw->skel->maps.xsw_policy, &index, sizeof(index), pol,
					   sizeof(*pol), 0);
	p->policy = any;
	if (!err && p->policy != was)
		err = port_put(sw, index, p);
	if (!err && !any)
		err = bpf_map__update_elem(sw->skel->maps.xsw_policy, &index, sizeof(index), pol,
					   sizeof(*pol), 0);
	return err;
}

static void guard_set(__u32 *bits, __u32 bit, bool has, bool on)
{
	if (has)
		*bits = on ? *bits | bit : *bits & ~bit;
}

/* The MAC a->mac gives the port: itself, or for auto the VM's. */
static int policy_mac(const struct xsw_port *p, const struct xsw_port_set_args *a, __u8 mac[6])
{
	static const __u8 zero[6];
	bool exact = false;

	if (memcmp(a->mac, zero, 6)) {
		memcpy(mac, a->mac, 6);
		return 0;
	}
	if (port_vm_mac(p, mac, &exact) || !exact)
		return p_err(ENXIO, "cannot read the MAC of the VM behind port \"%s\" (a veth's far end): give mac MAC",
			     a->port);
	return 0;
}

int xsw_port_set(const struct xsw_port_set_args *a)
{
	struct xsw_policy pol = {}, was;
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err;

	index = switch_open_port(a->sw, a->port, &sw, &p);
	if (index < 0)
		return index;
	err = policy_get(&sw, index, &pol);
	was = pol;
	guard_set(&pol.guards, XSW_GUARD_DHCP, a->has_dhcp_guard, a->dhcp_guard);
	guard_set(&pol.guards, XSW_GUARD_ROUTER, a->has_router_guard, a->router_guard);
	if (a->has_storm_limit)
		pol.storm_pps = a->storm_limit;
	guard_set(&pol.flags, XSW_POL_PRIO_TRUST, a->has_priority_tag, a->priority_tag);
	guard_set(&pol.flags, XSW_POL_MAC_SPOOFING, a->has_mac_spoofing, a->mac_spoofing);
	if (a->has_mac && !err)
		err = policy_mac(&p, a, pol.mac);
	guard_set(&pol.flags, XSW_POL_MAC, a->has_mac, true);
	if (!err) {
		err = policy_put(&sw, index, &p, &pol);
		if (err) {
			policy_put(&sw, index, &p, &was);
			p_err(-err, "cannot set the policy of port \"%s\": %s", a->port,
			      xsw_strerror(err));
		}
	}
	switch_close(&sw);
	return err;
}

static void policy_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	struct xsw_policy none = {};

	policy_put(sw, index, p, &none);
}

static void policy_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
			json_object *o)
{
	struct xsw_policy pol = {};
	char mac[18];

	(void)p;
	policy_get(sw, index, &pol);
	json_object_object_add(o, "dhcp_guard", json_object_new_boolean(pol.guards & XSW_GUARD_DHCP));
	json_object_object_add(o, "router_guard",
			       json_object_new_boolean(pol.guards & XSW_GUARD_ROUTER));
	json_object_object_add(o, "storm_limit",
			       pol.storm_pps ? json_object_new_int64(pol.storm_pps) : NULL);
	json_object_object_add(o, "priority_tag",
			       json_object_new_boolean(pol.flags & XSW_POL_PRIO_TRUST));
	format_mac(pol.mac, mac);
	json_object_object_add(o, "static_mac", pol.flags & XSW_POL_MAC ? json_str(mac) : NULL);
	json_object_object_add(o, "mac_spoofing",
			       json_object_new_boolean(!(pol.flags & XSW_POL_MAC) ||
						       (pol.flags & XSW_POL_MAC_SPOOFING)));
}

static void policy_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out)
{
	struct xsw_policy pol = {};
	char mac[18];

	if (policy_get(sw, index, &pol) || (!pol.guards && !pol.storm_pps && !pol.flags))
		return;
	fprintf(out, "port set %s %s dhcp-guard %s router-guard %s", sw->name, p->name,
		pol.guards & XSW_GUARD_DHCP ? "on" : "off",
		pol.guards & XSW_GUARD_ROUTER ? "on" : "off");
	if (pol.storm_pps)
		fprintf(out, " storm-limit %u", pol.storm_pps);
	if (pol.flags & XSW_POL_PRIO_TRUST)
		fprintf(out, " priority-tag on");
	if (pol.flags & XSW_POL_MAC) {
		format_mac(pol.mac, mac);
		fprintf(out, " mac %s", mac);
	}
	if (pol.flags & XSW_POL_MAC_SPOOFING)
		fprintf(out, " mac-spoofing on");
	fputc('\n', out);
}

const struct port_feature policy_feature = {
	.name = "policy", .port_delete = policy_port_delete, .show = policy_show,
	.save = policy_save,
};
