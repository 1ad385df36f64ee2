// SPDX-License-Identifier: GPL-2.0
/* Which devices may become a port: not one that would hurt the host or that
 * another tool or switch already owns. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>

#include "admit.h"
#include "attach.h"
#include "hostvnic.h"


struct owner {
	const struct nl_link *l;
	__u32 netns;
	char sw[XSW_SWITCH_NAME_LEN];
	char port[XSW_NAME_LEN];
	bool host_vnic;		/* the device is the switch's host vNIC */
	bool waiting;		/* a port waits for the device */
	const char *self_sw, *self_port;	/* the port that is to take it */
};

/* A port of @sw waits for device o->l. */
static bool awaited(struct xsw_switch *sw, struct owner *o)
{
	struct xsw_port p;
	__u32 i;

	for (i = 1; i <= sw->cfg.max_port; i++) {
		if (port_get(sw, i, &p) || !(p.flags & XSW_PF_WAITING) ||
		    strcmp(p.dev, o->l->name) || p.netns != o->netns)
			continue;
		if (o->self_sw && !strcmp(sw->name, o->self_sw) && !strcmp(p.name, o->self_port))
			continue;	/* the port itself, completed */
		snprintf(o->port, sizeof(o->port), "%s", p.name);
		return o->waiting = true;
	}
	return false;
}

/* Is @name's switch the owner of o->l, as a port or as its host vNIC? */
static int owner_in(const char *name, void *data)
{
	struct owner *o = data;
	struct xsw_switch sw;
	struct xsw_port p;
	__u32 index;
	int found = 0;

	xsw_err_quiet(true);	/* a damaged switch owns nothing */
	found = switch_open(name, &sw);
	xsw_err_quiet(false);
	if (found)
		return 0;
	/* the host's end; the switch's end is its port "host" */
	if (host_vnic_exists(&sw.cfg) && !strcmp(o->l->kind, "veth") &&
	    !strcmp(o->l->name, name)) {
		o->host_vnic = true;
		found = 1;
	} else if (!bpf_map__lookup_elem(sw.skel->maps.xsw_ifports, &o->l->ifindex,
					 sizeof(o->l->ifindex), &index, sizeof(index), 0) &&
		   !port_get(&sw, index, &p) && p.netns == o->netns) {
		snprintf(o->port, sizeof(o->port), "%s", p.name);
		found = 1;
	} else if (awaited(&sw, o)) {
		found = 1;
	}
	if (found)
		snprintf(o->sw, sizeof(o->sw), "%s", name);
	switch_close(&sw);
	return found;
}

/* Programs attached through tcx, which `tc` does not list. */
static int tcx_count(int ifindex)
{
	__u32 count, n = 0, type;

	for (type = XSW_TCX_INGRESS; type <= XSW_TCX_EGRESS; type++) {
		count = 0;
		if (!bpf_prog_query(ifindex, type, 0, NULL, NULL, &count))
			n += count;
	}
	return n;
}

int dev_admit(const struct nl_link *l, const char *sw, const char *port)
{
	struct owner o = { .l = l, .netns = netns_self(), .self_sw = sw, .self_port = port };
	struct nl_link master;
	char prog[64];
	int n;

	if (l->loopback)
		return p_err(EINVAL, "device \"%s\" is the loopback device: the host's own traffic would go through the switch",
			     l->name);
	if (!strcmp(l->kind, "bridge") || !strcmp(l->kind, "bond") || !strcmp(l->kind, "team") ||
	    !strcmp(l->kind, "openvswitch"))
		return p_err(EINVAL, "device \"%s\" is a %s: add its member devices, not the %s itself",
			     l->name, l->kind, l->kind);
	if (l->master) {
		if (nl_link_get_index(l->master, -1, &master))
			snprintf(master.name, sizeof(master.name), "%d", l->master);
		return p_err(EBUSY, "device \"%s\" is enslaved to \"%s\": release it first (ip link set %s nomaster)",
			     l->name, master.name, l->name);
	}
	if (switch_for_each(owner_in, &o) > 0) {
		if (o.host_vnic)
			return p_err(EBUSY, "device \"%s\" is the host vNIC of switch \"%s\": as a port it would loop the switch",
				     l->name, o.sw);
		if (o.waiting)
			return p_err(EBUSY, "device \"%s\" is awaited by port \"%s\" of switch \"%s\"",
				     l->name, o.port, o.sw);
		return p_err(EBUSY, "device \"%s\" is already port \"%s\" of switch \"%s\"", l->name,
			     o.port, o.sw);
	}
	if (l->xdp_prog_id) {
		xdp_owner(l->ifindex, prog, sizeof(prog));
		return p_err(EBUSY, "device \"%s\" already runs XDP program \"%s\" (id %u) of another tool",
			     l->name, prog, l->xdp_prog_id);
	}
	n = nl_tc_bpf_count(l->ifindex);
	if (n < 0)
		return p_err(-n, "cannot list the TC filters of device \"%s\": %s", l->name,
			     xsw_strerror(n));
	n += tcx_count(l->ifindex);
	if (n)
		return p_err(EBUSY, "device \"%s\" already runs %d TC BPF program%s of another tool (tc filter show dev %s ingress)",
			     l->name, n, n == 1 ? "" : "s", l->name);
	return 0;
}
