// SPDX-License-Identifier: GPL-2.0
/* The host vNIC of an internal switch, or an external one with host on
 * (Hyper-V's AllowManagementOS): a veth pair whose end named after the switch
 * is the host's, and whose end NAME-sw is the switch's port "host". */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hostvnic.h"
#include "nl.h"
#include "nl_addr.h"
#include "port.h"

bool host_vnic_exists(const struct xsw_config *cfg)
{
	return cfg->type == XSW_SWITCH_INTERNAL || (cfg->type == XSW_SWITCH_EXTERNAL && cfg->host);
}

void host_vnic_peer(const char *sw, char peer[XSW_NAME_LEN])
{
	snprintf(peer, XSW_NAME_LEN, "%s-sw", sw);
}

/* The pair xsw made for switch @sw: NAME and NAME-sw, veth peers of each
 * other; its switch end in @l. A device with one of the names alone may be
 * another switch's (NAME-sw is the host vNIC of a switch NAME-sw). */
static bool host_vnic_ours(const char *sw, struct nl_link *l)
{
	char peer[XSW_NAME_LEN];
	struct nl_link host;

	host_vnic_peer(sw, peer);
	/* the host's end may have moved to another namespace */
	return !nl_link_get(peer, l) && !strcmp(l->kind, "veth") &&
	       !nl_link_get_index(l->peer_ifindex, l->peer_netnsid, &host) && !strcmp(host.name, sw);
}

void host_vnic_del(const char *sw)
{
	struct nl_link l;

	if (host_vnic_ours(sw, &l))
		nl_link_del(l.ifindex);
}

/* A locally administered MAC made from the switch's name: the host keeps
 * its MAC when the switch is made again (a restore, a reboot). */
static const __u8 *host_vnic_mac(const char *name, __u8 mac[6])
{
	__u32 h = 2166136261u;	/* FNV-1a */

	for (; *name; name++)
		h = (h ^ (__u8)*name) * 16777619u;
	mac[0] = 0x02;
	mac[1] = 0x58;	/* "X" */
	memcpy(mac + 2, &h, 4);
	return mac;
}

int host_vnic_add(struct xsw_switch *sw)
{
	char peer[XSW_NAME_LEN];
	struct nl_link l;
	__u8 mac[6];
	int err;

	host_vnic_peer(sw->name, peer);
	err = nl_veth_add(sw->name, peer);
	if (err)
		return p_err(-err, "cannot create the host vNIC \"%s\": %s", sw->name, xsw_strerror(err));
	err = nl_link_get(sw->name, &l);
	if (!err)
		err = nl_link_set_mac(l.ifindex, host_vnic_mac(sw->name, mac)) ?:
		      nl_link_set_up(l.ifindex, true);
	if (err) {
		host_vnic_del(sw->name);
		return p_err(-err, "cannot set the host vNIC \"%s\" up: %s", sw->name, xsw_strerror(err));
	}
	err = port_add(sw, "host", peer, XSW_MODE_NONE, XSW_NIC_INTERNAL);
	if (err)
		host_vnic_del(sw->name);
	return err;
}


/* Moves device @from's addresses and routes to device @to: addresses first,
 * so gateways are reachable through @to, then each route, then the
 * addresses leave @from. On failure @from keeps or gets back everything. */
static int ipconf_move(const struct nl_link *from, const struct nl_link *to)
{
	bool added[NL_IPCONF_MAX] = {};
	struct nl_ipconf c;
	unsigned int a = 0, r = 0;
	int err;

	err = nl_ipconf_get(from->ifindex, &c);
	if (err)
		return p_err(-err, "cannot read the IP configuration of \"%s\": %s", from->name,
			     err == -E2BIG ? "more addresses or routes than xsw moves" :
			     xsw_strerror(err));
	for (a = 0; a < c.naddrs && !err; a++) {
		err = nl_ipaddr_change(to->ifindex, &c.addrs[a], true);
		added[a] = !err;
		if (err == -EEXIST)
			err = 0;	/* there already: not ours to take back */
	}
	/* a route is unique by destination and metric: it leaves, then comes back */
	for (r = 0; r < c.nroutes && !err; r++) {
		nl_iproute_change(from->ifindex, &c.routes[r], false);
		err = nl_iproute_change(to->ifindex, &c.routes[r], true);
		if (err)
			nl_iproute_change(from->ifindex, &c.routes[r], true);
	}
	if (err) {
		p_err(-err, "cannot move the IP configuration of \"%s\" to \"%s\": %s", from->name,
		      to->name, xsw_strerror(err));
		while (r-- > 1) {
			nl_iproute_change(to->ifindex, &c.routes[r - 1], false);
			nl_iproute_change(from->ifindex, &c.routes[r - 1], true);
		}
		while (a-- > 0)
			if (added[a])
				nl_ipaddr_change(to->ifindex, &c.addrs[a], false);
		return err;
	}
	for (a = 0; a < c.naddrs; a++)
		nl_ipaddr_change(from->ifindex, &c.addrs[a], false);
	return 0;
}

int host_vnic_take_ipconf(struct xsw_switch *sw)
{
	struct nl_link up, vnic;
	int err;

	err = nl_link_get(sw->cfg.uplink, &up) ?: nl_link_get(sw->name, &vnic);
	if (err)
		return p_err(-err, "cannot read the uplink or host vNIC: %s", xsw_strerror(err));
	/* the host keeps its MAC too: peers' neighbour caches stay right */
	err = nl_link_set_mac(vnic.ifindex, up.mac);
	if (err)
		return p_err(-err, "cannot give the host vNIC the MAC of \"%s\": %s", up.name,
			     xsw_strerror(err));
	return ipconf_move(&up, &vnic);
}

void host_vnic_return_ipconf(struct xsw_switch *sw)
{
	struct nl_link up, vnic, end;

	if (sw->cfg.type != XSW_SWITCH_EXTERNAL || !sw->cfg.host || !host_vnic_ours(sw->name, &end) ||
	    nl_link_get(sw->cfg.uplink, &up) || nl_link_get(sw->name, &vnic))
		return;
	xsw_err_quiet(true);
	if (ipconf_move(&vnic, &up))
		pr_warn("warning: the host vNIC's addresses could not all move back to \"%s\"\n",
			up.name);
	xsw_err_quiet(false);
}

int uplink_ipconf_check(const char *uplink, bool force)
{
	struct nl_ipconf c;
	struct nl_link l;
	char list[160] = "", a[64];
	unsigned int i;
	size_t at = 0;
	int err;

	err = nl_link_get(uplink, &l) ?: nl_ipconf_get(l.ifindex, &c);
	if (err || !c.naddrs || force)
		return 0;
	for (i = 0; i < c.naddrs && at < sizeof(list); i++) {
		inet_ntop(c.addrs[i].family, c.addrs[i].addr, a, sizeof(a));
		at += snprintf(list + at, sizeof(list) - at, "%s%s/%u", i ? ", " : "", a,
			       c.addrs[i].prefixlen);
	}
	return p_err(EBUSY, "uplink \"%s\" carries IP addresses (%s) the host would lose: host on moves them to the host vNIC; force takes the uplink anyway",
		     uplink, list);
}
