// SPDX-License-Identifier: GPL-2.0
/* Ports and NICs: the lifecycle steps and the port operations. NIC create
 * attaches the pipeline to the device (the step that may fail, as Hyper-V
 * lets extensions veto it); NIC connect only makes the port a forwarding
 * destination. What other features keep per port is theirs (feature.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "admit.h"
#include "attach.h"
#include "fdb.h"
#include "feature.h"
#include "mtu.h"
#include "nl.h"
#include "nl_addr.h"
#include "peer.h"
#include "policy.h"
#include "port.h"
#include "util.h"
#include "vlanflood.h"

static const char *const nic_types[] = {
	[XSW_NIC_NONE] = "none",	   [XSW_NIC_SYNTHETIC] = "synthetic",
	[XSW_NIC_EMULATED] = "emulated", [XSW_NIC_INTERNAL] = "internal",
	[XSW_NIC_EXTERNAL] = "external",
};
_Static_assert(ARRAY_SIZE(nic_types) == XSW_NIC_TYPE__MAX, "nic type names");

const char *nic_type_name(int type)
{
	return (unsigned int)type < ARRAY_SIZE(nic_types) ? nic_types[type] : "?";
}

const char *port_mode_name(const struct xsw_port *p)
{
	if (p->mode == XSW_MODE_TC)
		return "tc";
	if (p->mode == XSW_MODE_XDP)
		return p->flags & XSW_PF_XDP_GENERIC ? "xdp-generic" : "xdp";
	return "none";
}

/* veth and tap keep TC: XDP on a veth turns off TSO at its peer and loses
 * checksum offload across the redirect (README "Modes"). Real NICs get XDP. */
static int default_mode(const struct nl_link *l)
{
	if (!strcmp(l->kind, "veth") || !strcmp(l->kind, "tun"))
		return XSW_MODE_TC;
	return XSW_MODE_XDP;
}

static int port_create(struct xsw_switch *sw, const char *name)
{
	struct xsw_port p;
	__u32 i, used = 0, free = 0;
	int err;

	if (!pin_name_valid(name, XSW_NAME_LEN))
		return p_err(EINVAL, "bad port name \"%s\"", name);
	if (port_find(sw, name, &p) >= 0)
		return p_err(EEXIST, "port \"%s\" already exists on switch \"%s\"", name, sw->name);
	for (i = 1; i <= sw->cfg.max_port + 1 && i < XSW_MAX_PORTS; i++) {
		if (port_get(sw, i, &p) || p.state != XSW_PORT_FREE)
			used++;
		else if (!free)
			free = i;
	}
	if (used >= switch_max_ports(sw) || !free)
		return p_err(ENOSPC, "switch \"%s\" is full: it takes %u ports (switch add ... max-ports N)",
			     sw->name, switch_max_ports(sw));
	i = free;
	if (i > sw->cfg.max_port) {
		sw->cfg.max_port = i;
		err = switch_config_write(sw);
		if (err)
			return err;
	}
	memset(&p, 0, sizeof(p));
	p.state = XSW_PORT_CREATED;
	snprintf(p.name, sizeof(p.name), "%s", name);
	return port_put(sw, i, &p);
}

/* Maps a device to its port: the hash, and the direct-mapped slot when free. */
static int ifport_map(struct xsw_switch *sw, __u32 ifindex, __u32 index)
{
	__u32 slot = ifindex & (XSW_IFSLOTS - 1), owner = 0;
	int err;

	err = bpf_map__update_elem(sw->skel->maps.xsw_ifports, &ifindex, sizeof(ifindex), &index,
				   sizeof(index), BPF_NOEXIST);
	if (err)
		return err;
	bpf_map__lookup_elem(sw->skel->maps.xsw_ifslots, &slot, sizeof(slot), &owner,
			     sizeof(owner), 0);
	if (!owner)
		bpf_map__update_elem(sw->skel->maps.xsw_ifslots, &slot, sizeof(slot), &index,
				     sizeof(index), 0);
	return 0;
}

static void ifport_unmap(struct xsw_switch *sw, __u32 ifindex, __u32 index)
{
	__u32 slot = ifindex & (XSW_IFSLOTS - 1), owner = 0, none = 0;

	bpf_map__lookup_elem(sw->skel->maps.xsw_ifslots, &slot, sizeof(slot), &owner,
			     sizeof(owner), 0);
	if (owner == index)
		bpf_map__update_elem(sw->skel->maps.xsw_ifslots, &slot, sizeof(slot), &none,
				     sizeof(none), 0);
	bpf_map__delete_elem(sw->skel->maps.xsw_ifports, &ifindex, sizeof(ifindex), 0);
}

static int nic_create(struct xsw_switch *sw, __u32 index, struct xsw_port *p,
		      const char *dev, int mode, int nic_type)
{
	struct xsw_port old = *p, q;
	struct nl_link l;
	__u32 stale;
	int err;

	err = nl_link_get(dev, &l);
	if (err == -ENODEV)
		return p_err(ENODEV, "device \"%s\" does not exist", dev);
	if (err)
		return p_err(-err, "cannot read device \"%s\": %s", dev, xsw_strerror(err));
	/* what an interrupted command left of this switch on the device: a
	 * mapping to a port without its NIC, links, filters */
	if (!bpf_map__lookup_elem(sw->skel->maps.xsw_ifports, &l.ifindex, sizeof(l.ifindex),
				  &stale, sizeof(stale), 0) &&
	    (port_get(sw, stale, &q) || q.ifindex != (__u32)l.ifindex || !port_has_nic(&q)))
		ifport_unmap(sw, l.ifindex, stale);
	port_pins_remove(sw, p);
	port_orphans_remove(sw, l.ifindex);
	err = nl_link_get(dev, &l);	/* read again: without what went */
	if (err)
		return p_err(-err, "cannot read device \"%s\": %s", dev, xsw_strerror(err));
	err = dev_admit(&l, sw->name, p->name);
	if (err)
		return err;
	if (mode == XSW_MODE_NONE)
		mode = default_mode(&l);
	/* native XDP on a tap never sees the virtio header (a guest's checksum
	 * offload); generic XDP sees a guest's TSO frame whole, larger than
	 * any MTU, and the kernel's XDP redirect drops it */
	if (mode == XSW_MODE_XDP && !strcmp(l.kind, "tun"))
		return p_err(EOPNOTSUPP, "device \"%s\" is a tap: XDP cannot forward a guest's offloaded frames (TSO, checksums); use mode tc, the default",
			     dev);
	p->ifindex = l.ifindex;
	p->netns = netns_self();
	p->mode = mode;
	p->nic_type = nic_type != XSW_NIC_NONE ? nic_type :
		      !strcmp(l.kind, "tun") ? XSW_NIC_EMULATED : XSW_NIC_SYNTHETIC;
	p->flags = !strcmp(l.kind, "veth") && l.peer_netnsid >= 0 ? XSW_PF_PEER_NETNS : 0;
	p->want = 0;
	p->down = 0;
	snprintf(p->dev, sizeof(p->dev), "%s", l.name);

	err = ifport_map(sw, p->ifindex, index);
	if (err)
		return p_err(-err, "cannot map device \"%s\" to its port: %s", dev, xsw_strerror(err));
	err = port_attach(sw, p);
	if (err)
		goto err_ifports;
	/* a port carries no host traffic: no address for the host to use */
	err = nl_ipv6_ll(p->ifindex, false);
	if (err) {
		p_err(-err, "cannot turn off the IPv6 link-local address of \"%s\": %s", dev,
		      xsw_strerror(err));
		goto err_detach;
	}
	p->flags |= XSW_PF_LL_OFF;
	err = port_mtu_set(sw, index, &l);
	if (err)
		goto err_detach;
	p->state = XSW_PORT_NIC_CREATED;
	err = port_put(sw, index, p);
	if (err)
		goto err_detach;
	return 0;

err_detach:
	if (p->flags & XSW_PF_LL_OFF)
		nl_ipv6_ll(p->ifindex, true);
	port_detach(sw, p);
err_ifports:
	ifport_unmap(sw, p->ifindex, index);
	*p = old;
	return err;
}

/* Sets a feature of the veth peer, remembering in @flag that xsw changed it. */
static void peer_set(const struct nl_link *l, struct xsw_port *p, enum peer_feature f,
		     bool on, __u8 flag)
{
	bool was;
	int err = peer_feature(l, f, on, &was);

	if (!err && was != on)
		p->flags |= flag;
	else if (err && err != -ENOENT)
		pr_warn("warning: cannot set %s at the peer of \"%s\": %s\n",
			f == PEER_GRO ? "gro" : "tx checksumming", p->dev, xsw_strerror(err));
}

/* Undoes what connect changed on the device and its peer. */
static void connect_undo(struct xsw_switch *sw, struct xsw_port *p)
{
	struct nl_link l;
	bool was;

	if (p->nic_type == XSW_NIC_EXTERNAL && sw->cfg.uplink_promisc) {
		nl_link_set_promisc(p->ifindex, false);
		sw->cfg.uplink_promisc = 0;
		switch_config_write(sw);
	}
	if (p->flags & XSW_PF_LINK_SET_UP)
		nl_link_set_up(p->ifindex, false);
	if (!nl_link_get_index(p->ifindex, -1, &l)) {
		if (p->flags & XSW_PF_PEER_GRO_SET)
			peer_feature(&l, PEER_GRO, false, &was);
		if (p->flags & XSW_PF_PEER_CSUM_SET)
			peer_feature(&l, PEER_TX_CSUM, true, &was);
	}
	p->flags &= ~(XSW_PF_PEER_GRO_SET | XSW_PF_PEER_CSUM_SET | XSW_PF_LINK_SET_UP);
}

static int nic_connect(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	struct bpf_devmap_val tx = { .ifindex = p->ifindex };
	__u8 was = p->state;
	struct nl_link l;
	int err;

	err = nl_link_get_index(p->ifindex, -1, &l);
	if (err)
		return p_err(-err, "device \"%s\" is gone: %s", p->dev, xsw_strerror(err));
	/* XDP frames redirected into a veth need NAPI at its peer: GRO gives it
	 * without XDP's TSO penalty. Frames an XDP port receives lose checksum
	 * offload on redirect, so its peer must send complete checksums. */
	peer_set(&l, p, PEER_GRO, true, XSW_PF_PEER_GRO_SET);
	if (p->mode == XSW_MODE_XDP)
		peer_set(&l, p, PEER_TX_CSUM, false, XSW_PF_PEER_CSUM_SET);
	if (!l.up) {
		err = nl_link_set_up(p->ifindex, true);
		if (err) {
			p_err(-err, "cannot set device \"%s\" up: %s", p->dev, xsw_strerror(err));
			goto err_peer;
		}
		p->flags |= XSW_PF_LINK_SET_UP;
	}
	/* a NIC takes only frames for its own MACs: the uplink takes every
	 * frame, those for the VMs' MACs too (recorded first: a command
	 * killed in between leaves nothing for switch del to miss) */
	if (p->nic_type == XSW_NIC_EXTERNAL && !l.promisc) {
		sw->cfg.uplink_promisc = 1;
		err = switch_config_write(sw) ?: nl_link_set_promisc(p->ifindex, true);
		if (err) {
			p_err(-err, "cannot set device \"%s\" promiscuous: %s", p->dev,
			      xsw_strerror(err));
			goto err_peer;
		}
	}
	tx.bpf_prog.fd = switch_prog_fd(sw, sw->skel->progs.xsw_xdp_tx);
	if (tx.bpf_prog.fd < 0) {
		err = tx.bpf_prog.fd;
		goto err_peer;
	}
	err = bpf_map__update_elem(sw->skel->maps.xsw_tx, &index, sizeof(index), &tx,
				   sizeof(tx), 0);
	close(tx.bpf_prog.fd);
	tx.bpf_prog.fd = 0;
	if (!err)
		err = bpf_map__update_elem(sw->skel->maps.xsw_tx_direct, &index, sizeof(index),
					   &tx, sizeof(tx), 0);
	if (err) {
		p_err(-err, "cannot add device \"%s\" to the switch's devmaps: %s", p->dev,
		      xsw_strerror(err));
		bpf_map__delete_elem(sw->skel->maps.xsw_tx, &index, sizeof(index), 0);
		goto err_peer;
	}
	p->state = XSW_PORT_NIC_CONNECTED;
	err = port_put(sw, index, p);
	/* in the flood sets of its VLANs */
	if (!err)
		err = vlan_flood_port(sw, index);
	if (!err)
		return 0;
	if (p->state != was) {
		p->state = was;
		port_put(sw, index, p);
	}
	bpf_map__delete_elem(sw->skel->maps.xsw_tx, &index, sizeof(index), 0);
	bpf_map__delete_elem(sw->skel->maps.xsw_tx_direct, &index, sizeof(index), 0);
err_peer:
	connect_undo(sw, p);
	return err;
}

static int nic_disconnect(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	int err, n;

	/* stop forwarding to it first, then forget where its MACs are */
	p->state = XSW_PORT_NIC_DISCONNECTED;
	err = port_put(sw, index, p);
	if (err)
		return err;
	bpf_map__delete_elem(sw->skel->maps.xsw_tx, &index, sizeof(index), 0);
	bpf_map__delete_elem(sw->skel->maps.xsw_tx_direct, &index, sizeof(index), 0);
	vlan_flood_port(sw, index);
	policy_mac_forget(sw, index, p);
	n = fdb_flush(sw, index, false);
	if (n > 0)
		fdb_flushed_event(sw->name, p->name, n);
	connect_undo(sw, p);
	return port_put(sw, index, p);
}

static int nic_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	/* whatever is left: a device that is gone (or going while we detach)
	 * took its programs with it, not their pins */
	int err = port_detach(sw, p);

	if (err == -ENODEV)
		err = 0;
	if (err)
		return p_err(-err, "cannot detach from device \"%s\": %s", p->dev, xsw_strerror(err));
	if (p->flags & XSW_PF_LL_OFF)
		nl_ipv6_ll(p->ifindex, true);
	features_nic_delete(sw, index, p);
	ifport_unmap(sw, p->ifindex, index);
	p->ifindex = 0;
	p->netns = 0;
	p->mode = XSW_MODE_NONE;
	p->nic_type = XSW_NIC_NONE;
	p->flags = 0;
	p->down = 0;
	memset(p->dev, 0, sizeof(p->dev));
	p->state = XSW_PORT_NIC_DELETED;
	return port_put(sw, index, p);
}

static int port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	__u32 ifindex, next, to;
	void *key = NULL;

	/* no NIC: links pinned for it, a device mapped to it and the switch's
	 * filters there are an interrupted NIC create's */
	port_pins_remove(sw, p);
	while (!bpf_map__get_next_key(sw->skel->maps.xsw_ifports, key, &next, sizeof(next))) {
		ifindex = next;
		key = &ifindex;
		if (bpf_map__lookup_elem(sw->skel->maps.xsw_ifports, &ifindex, sizeof(ifindex), &to,
					 sizeof(to), 0) || to != index)
			continue;
		ifport_unmap(sw, ifindex, index);
		port_orphans_remove(sw, ifindex);
	}
	features_port_delete(sw, index, p);
	memset(p, 0, sizeof(*p));
	return port_put(sw, index, p);
}

const char *port_state_name(const struct xsw_port *p)
{
	return p->flags & XSW_PF_WAITING ? "waiting" : xsw_state_name(p->state);
}

int port_here(const struct xsw_port *p)
{
	if (!p->ifindex || !p->netns || p->netns == netns_self())
		return 0;
	return p_err(EXDEV, "the device \"%s\" of port \"%s\" is in another network namespace (inode %u): run xswctl there (nsenter --net=...)",
		     p->dev, p->name, p->netns);
}

int port_step(struct xsw_switch *sw, const char *name, enum xsw_step step,
	      const char *dev, int mode, int nic_type)
{
	struct xsw_port p;
	int index, err;

	if (step == XSW_STEP_PORT_CREATE)
		return port_create(sw, name);
	index = port_lookup(sw, name, &p);
	if (index < 0)
		return index;
	if (xsw_step_next(p.state, step) < 0 ||
	    ((p.flags & XSW_PF_WAITING) && step != XSW_STEP_NIC_CREATE &&
	     step != XSW_STEP_PORT_TEARDOWN))
		return p_err(EPERM, "port \"%s\" is %s: %s is out of order", name,
			     port_state_name(&p), xsw_step_name(step));
	/* a step on a device of another namespace would act on one of ours */
	err = port_here(&p);
	if (err)
		return err;
	switch (step) {
	case XSW_STEP_NIC_CREATE:
		return nic_create(sw, index, &p, dev, mode, nic_type);
	case XSW_STEP_NIC_CONNECT:
		return nic_connect(sw, index, &p);
	case XSW_STEP_NIC_DISCONNECT:
		return nic_disconnect(sw, index, &p);
	case XSW_STEP_NIC_DELETE:
		return nic_delete(sw, index, &p);
	case XSW_STEP_PORT_TEARDOWN:
		p.state = XSW_PORT_TEARDOWN;
		p.flags &= ~XSW_PF_WAITING;
		return port_put(sw, index, &p);
	case XSW_STEP_PORT_DELETE:
		return port_delete(sw, index, &p);
	default:
		return -EINVAL;
	}
}

int port_add(struct xsw_switch *sw, const char *name, const char *dev, int mode, int nic_type)
{
	int err;

	err = port_step(sw, name, XSW_STEP_PORT_CREATE, NULL, 0, 0);
	if (err)
		return err;
	err = port_step(sw, name, XSW_STEP_NIC_CREATE, dev, mode, nic_type);
	if (!err)
		err = port_step(sw, name, XSW_STEP_NIC_CONNECT, NULL, 0, 0);
	if (err)
		port_del(sw, name);
	return err;
}

/* The step that moves a port out of @state on its way to deletion. */
static enum xsw_step step_toward_delete(enum xsw_port_state state)
{
	switch (state) {
	case XSW_PORT_NIC_CONNECTED:
		return XSW_STEP_NIC_DISCONNECT;
	case XSW_PORT_NIC_CREATED:
	case XSW_PORT_NIC_DISCONNECTED:
		return XSW_STEP_NIC_DELETE;
	case XSW_PORT_TEARDOWN:
		return XSW_STEP_PORT_DELETE;
	default:
		return XSW_STEP_PORT_TEARDOWN;
	}
}

int port_del(struct xsw_switch *sw, const char *name)
{
	struct xsw_port p;
	int err;

	if (port_find(sw, name, &p) < 0)
		return p_err(ENOENT, "unknown port \"%s\" on switch \"%s\"", name, sw->name);
	err = port_here(&p);	/* before any step, not half way */
	if (err)
		return err;
	do {
		err = port_step(sw, name, step_toward_delete(p.state), NULL, 0, 0);
	} while (!err && port_find(sw, name, &p) >= 0);
	return err;
}

