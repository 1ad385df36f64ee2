// SPDX-License-Identifier: GPL-2.0
/* Ports and NICs: `xswctl port ...` and `xswctl nic ...`, and the lifecycle
 * steps behind them. NIC create attaches the pipeline to the device (the step
 * that may fail, as Hyper-V lets extensions veto it); NIC connect only makes
 * the port a forwarding destination. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "acl.h"
#include "cli.h"
#include "mirror.h"
#include "vmq.h"
#include "fdb.h"
#include "log.h"
#include "nl.h"
#include "peer.h"
#include "port.h"
#include "stats.h"
#include "util.h"

#define XSW_TC_HANDLE	0x5857	/* "XW" */
#define XSW_TC_PRIO	1

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

static const char *mode_name(const struct xsw_port *p)
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

/* Names the XDP program already on a device, through libxdp. */
static void xdp_owner(int ifindex, char *name, size_t len)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);

	snprintf(name, len, "unknown");
	if (libxdp_get_error(mp) || !mp)
		return;
	if (xdp_multiprog__main_prog(mp))
		snprintf(name, len, "%s", xdp_program__name(xdp_multiprog__main_prog(mp)));
	xdp_multiprog__close(mp);
}

static int xdp_attach(struct xsw_switch *sw, struct xsw_port *p)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_DRV_MODE);
	char path[PATH_MAX];
	int prog, link, err = 0;

	prog = switch_prog_fd(sw, sw->skel->progs.xsw_xdp_rx);
	if (prog < 0)
		return prog;
	link = bpf_link_create(prog, p->ifindex, BPF_XDP, &opts);
	if (link < 0 && (errno == EOPNOTSUPP || errno == EINVAL)) {
		pr_info("device \"%s\" has no native XDP, using generic XDP\n", p->dev);
		opts.flags = XDP_FLAGS_SKB_MODE;
		p->flags |= XSW_PF_XDP_GENERIC;
		link = bpf_link_create(prog, p->ifindex, BPF_XDP, &opts);
	}
	if (link < 0) {
		err = p_err(errno, "cannot attach XDP to device \"%s\": %s", p->dev, strerror(errno));
		goto out;
	}
	switch_link_path(sw, p->name, path, sizeof(path));
	if (bpf_obj_pin(link, path))
		err = p_err(errno, "cannot pin the XDP link at %s: %s", path, strerror(errno));
	if (err)
		bpf_link_detach(link);
	close(link);
out:
	close(prog);
	return err;
}

/* Detaching the link and removing its pin both release the program. */
static int xdp_detach(struct xsw_switch *sw, const struct xsw_port *p)
{
	char path[PATH_MAX];
	int link, err = 0;

	switch_link_path(sw, p->name, path, sizeof(path));
	link = bpf_obj_get(path);
	if (link >= 0) {
		if (bpf_link_detach(link) && errno != ENOLINK)
			err = -errno;
		close(link);
	}
	if (!err)
		unlink(path);
	return err;
}

/* Attaches @prog at the clsact @point of the port's device, creating the
 * qdisc if there is none (and then owning it). */
static int tc_hook_attach(struct xsw_switch *sw, struct xsw_port *p, enum bpf_tc_attach_point point,
			  struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
	int err;

	opts.prog_fd = switch_prog_fd(sw, prog);
	if (opts.prog_fd < 0)
		return opts.prog_fd;
	err = bpf_tc_hook_create(&hook);
	if (!err)
		p->flags |= XSW_PF_TC_HOOK_OWNED;
	else if (err == -EEXIST)
		err = 0;
	if (!err)
		err = bpf_tc_attach(&hook, &opts);
	close(opts.prog_fd);
	if (err)
		return p_err(-err, "cannot attach TC to device \"%s\": %s", p->dev, strerror(-err));
	return 0;
}

/* Detaches both hooks; removes the qdisc if xsw created it. */
static int tc_detach(struct xsw_port *p)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
	int err = 0, ret;

	if (p->mode == XSW_MODE_TC) {
		err = bpf_tc_detach(&hook, &opts);
		err = err == -ENOENT ? 0 : err;
	}
	hook.attach_point = BPF_TC_EGRESS;
	ret = bpf_tc_detach(&hook, &opts);
	err = err ?: ret == -ENOENT ? 0 : ret;
	if (err)
		return err;
	if (p->flags & XSW_PF_TC_HOOK_OWNED) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
		p->flags &= ~XSW_PF_TC_HOOK_OWNED;
	}
	return 0;
}

/* The port's datapath: the entry program of its mode, and at every port
 * the TC egress hook that runs the egress chain for copies TC ports send. */
static int port_attach(struct xsw_switch *sw, struct xsw_port *p)
{
	int err;

	if (p->mode == XSW_MODE_XDP)
		err = xdp_attach(sw, p);
	else
		err = tc_hook_attach(sw, p, BPF_TC_INGRESS, sw->skel->progs.xsw_tc_rx);
	if (!err)
		err = tc_hook_attach(sw, p, BPF_TC_EGRESS, sw->skel->progs.xsw_tc_tx);
	else if (p->flags & XSW_PF_TC_HOOK_OWNED)
		tc_detach(p);
	if (err && p->mode == XSW_MODE_XDP)
		xdp_detach(sw, p);
	return err;
}

static int port_detach(struct xsw_switch *sw, struct xsw_port *p)
{
	int err = p->mode == XSW_MODE_XDP ? xdp_detach(sw, p) : 0;

	return err ?: tc_detach(p);
}

static int port_create(struct xsw_switch *sw, const char *name)
{
	struct xsw_port p;
	__u32 i, used = 0, free = 0;
	int err;

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
	char owner_sw[XSW_SWITCH_NAME_LEN], owner_port[XSW_NAME_LEN], prog[64];
	struct xsw_port old = *p;
	struct nl_link l;
	int err;

	err = nl_link_get(dev, &l);
	if (err == -ENODEV)
		return p_err(ENODEV, "device \"%s\" does not exist", dev);
	if (err)
		return p_err(-err, "cannot read device \"%s\": %s", dev, strerror(-err));
	if (switch_find_dev(l.ifindex, owner_sw, owner_port) > 0)
		return p_err(EBUSY, "device \"%s\" is already port \"%s\" of switch \"%s\"",
			     dev, owner_port, owner_sw);
	if (mode == XSW_MODE_NONE)
		mode = default_mode(&l);
	if (mode == XSW_MODE_XDP && l.xdp_prog_id) {
		xdp_owner(l.ifindex, prog, sizeof(prog));
		return p_err(EBUSY, "device \"%s\" already runs XDP program \"%s\" (id %u)", dev,
			     prog, l.xdp_prog_id);
	}
	p->ifindex = l.ifindex;
	p->mode = mode;
	p->nic_type = nic_type != XSW_NIC_NONE ? nic_type :
		      !strcmp(l.kind, "tun") ? XSW_NIC_EMULATED : XSW_NIC_SYNTHETIC;
	p->flags = !strcmp(l.kind, "veth") && l.peer_netnsid >= 0 ? XSW_PF_PEER_NETNS : 0;
	snprintf(p->dev, sizeof(p->dev), "%s", l.name);

	err = ifport_map(sw, p->ifindex, index);
	if (err)
		return p_err(-err, "cannot map device \"%s\" to its port: %s", dev, strerror(-err));
	err = port_attach(sw, p);
	if (err)
		goto err_ifports;
	p->state = XSW_PORT_NIC_CREATED;
	err = port_put(sw, index, p);
	if (err)
		goto err_detach;
	return 0;

err_detach:
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
		pr_warn("xswctl: warning: cannot set %s at the peer of \"%s\": %s\n",
			f == PEER_GRO ? "gro" : "tx checksumming", p->dev, strerror(-err));
}

/* Undoes what connect changed on the device and its peer. */
static void connect_undo(struct xsw_port *p)
{
	struct nl_link l;
	bool was;

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
	struct nl_link l;
	int err;

	err = nl_link_get_index(p->ifindex, -1, &l);
	if (err)
		return p_err(-err, "device \"%s\" is gone: %s", p->dev, strerror(-err));
	/* XDP frames redirected into a veth need NAPI at its peer: GRO gives it
	 * without XDP's TSO penalty. Frames an XDP port receives lose checksum
	 * offload on redirect, so its peer must send complete checksums. */
	peer_set(&l, p, PEER_GRO, true, XSW_PF_PEER_GRO_SET);
	if (p->mode == XSW_MODE_XDP)
		peer_set(&l, p, PEER_TX_CSUM, false, XSW_PF_PEER_CSUM_SET);
	if (!l.up) {
		err = nl_link_set_up(p->ifindex, true);
		if (err) {
			p_err(-err, "cannot set device \"%s\" up: %s", p->dev, strerror(-err));
			goto err_peer;
		}
		p->flags |= XSW_PF_LINK_SET_UP;
	}
	tx.bpf_prog.fd = switch_prog_fd(sw, sw->skel->progs.xsw_xdp_tx);
	if (tx.bpf_prog.fd < 0) {
		err = tx.bpf_prog.fd;
		goto err_peer;
	}
	err = bpf_map__update_elem(sw->skel->maps.xsw_tx, &index, sizeof(index), &tx,
				   sizeof(tx), 0);
	close(tx.bpf_prog.fd);
	if (err) {
		p_err(-err, "cannot add device \"%s\" to the switch's devmap: %s", p->dev,
		      strerror(-err));
		goto err_peer;
	}
	p->state = XSW_PORT_NIC_CONNECTED;
	err = port_put(sw, index, p);
	if (!err)
		return 0;
	bpf_map__delete_elem(sw->skel->maps.xsw_tx, &index, sizeof(index), 0);
err_peer:
	connect_undo(p);
	return err;
}

static int nic_disconnect(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	int err;

	/* stop forwarding to it first, then forget where its MACs are */
	p->state = XSW_PORT_NIC_DISCONNECTED;
	err = port_put(sw, index, p);
	if (err)
		return err;
	bpf_map__delete_elem(sw->skel->maps.xsw_tx, &index, sizeof(index), 0);
	fdb_flush(sw, index, false);
	connect_undo(p);
	return port_put(sw, index, p);
}

static int nic_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	struct nl_link l;
	int err = 0;

	/* a device that is gone took its attachment with it */
	if (nl_link_get_index(p->ifindex, -1, &l) != -ENODEV)
		err = port_detach(sw, p);
	if (err)
		return p_err(-err, "cannot detach from device \"%s\": %s", p->dev, strerror(-err));
	vmq_port_release(sw, index, p->ifindex);
	ifport_unmap(sw, p->ifindex, index);
	p->ifindex = 0;
	p->mode = XSW_MODE_NONE;
	p->nic_type = XSW_NIC_NONE;
	p->flags = 0;
	memset(p->dev, 0, sizeof(p->dev));
	p->state = XSW_PORT_NIC_DELETED;
	return port_put(sw, index, p);
}

static int port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	if (p->mirror != XSW_MIRROR_NONE)
		mirror_set(sw, index, p, XSW_MIRROR_NONE);
	acl_flush_port(sw, index);
	fdb_flush(sw, index, true);
	stats_clear(sw, index);
	memset(p, 0, sizeof(*p));
	return port_put(sw, index, p);
}

int port_step(struct xsw_switch *sw, const char *name, enum xsw_step step,
	      const char *dev, int mode, int nic_type)
{
	struct xsw_port p;
	int index;

	if (step == XSW_STEP_PORT_CREATE)
		return port_create(sw, name);
	index = port_lookup(sw, name, &p);
	if (index < 0)
		return index;
	if (xsw_step_next(p.state, step) < 0)
		return p_err(EPERM, "port \"%s\" is %s: %s is out of order", name,
			     xsw_state_name(p.state), xsw_step_name(step));
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
	do {
		err = port_step(sw, name, step_toward_delete(p.state), NULL, 0, 0);
	} while (!err && port_find(sw, name, &p) >= 0);
	return err;
}

/* --- xswctl port / nic --- */

static bool port_reserved(const char *name)
{
	return !strcmp(name, "uplink") || !strcmp(name, "host");
}

static json_object *port_json(struct xsw_switch *sw, __u32 index, const struct xsw_port *p)
{
	json_object *o = json_object_new_object();
	struct xsw_port_stats s;
	struct nl_link l, peer;
	char mac[18] = "";

	if (p->ifindex && !nl_link_get_index(p->ifindex, -1, &l)) {
		/* a VM's MAC is at the far end of its veth */
		if (!strcmp(l.kind, "veth") && l.peer_ifindex &&
		    !nl_link_get_index(l.peer_ifindex, l.peer_netnsid, &peer))
			format_mac(peer.mac, mac);
		else
			format_mac(l.mac, mac);
	}
	json_object_object_add(o, "name", json_object_new_string(p->name));
	json_object_object_add(o, "index", json_object_new_int(index));
	json_object_object_add(o, "state", json_object_new_string(xsw_state_name(p->state)));
	json_object_object_add(o, "nic", json_object_new_string(nic_type_name(p->nic_type)));
	json_object_object_add(o, "dev", json_object_new_string(p->dev));
	json_object_object_add(o, "mode", json_object_new_string(mode_name(p)));
	json_object_object_add(o, "mac", json_object_new_string(mac));
	json_object_object_add(o, "mirror", json_object_new_string(mirror_modes[p->mirror % 3]));
	vmq_port_json(sw, index, p, o);
	if (!stats_read(sw, index, &s))
		json_object_object_add(o, "stats", stats_json(&s));
	return o;
}

static void port_text(json_object *arr)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *p = json_object_array_get_idx(arr, i), *s, *d;
		int64_t drops = 0;

		printf("%-15s index %" PRId64 " state %s nic %s dev %s mode %s mac %s mirror %s vmq %s%s%s\n",
		       jstr(p, "name"), jint(p, "index"), jstr(p, "state"), jstr(p, "nic"),
		       *jstr(p, "dev") ? jstr(p, "dev") : "-", jstr(p, "mode"),
		       *jstr(p, "mac") ? jstr(p, "mac") : "-", jstr(p, "mirror"), jstr(p, "vmq"),
		       *jstr(p, "vmq_cpus") ? " cpus " : "", jstr(p, "vmq_cpus"));
		if (!json_object_object_get_ex(p, "stats", &s))
			continue;
		if (json_object_object_get_ex(s, "drops", &d)) {
			json_object_object_foreach(d, k, v) {
				(void)k;
				drops += json_object_get_int64(v);
			}
		}
		printf("    rx %" PRId64 " packets %" PRId64 " bytes  tx %" PRId64
		       " packets %" PRId64 " bytes  drops %" PRId64 "\n",
		       jint(s, "rx_packets"), jint(s, "rx_bytes"), jint(s, "tx_packets"),
		       jint(s, "tx_bytes"), drops);
	}
}

static int port_show(struct xsw_switch *sw, const char *name)
{
	json_object *arr = json_object_new_array();
	struct xsw_port p;
	__u32 i;

	for (i = 1; i <= sw->cfg.max_port; i++) {
		if (port_get(sw, i, &p) || p.state == XSW_PORT_FREE)
			continue;
		if (name && strcmp(name, p.name))
			continue;
		json_object_array_add(arr, port_json(sw, i, &p));
	}
	if (name && !json_object_array_length(arr)) {
		json_object_put(arr);
		return p_err(ENOENT, "unknown port \"%s\" on switch \"%s\"", name, sw->name);
	}
	xsw_print(arr, port_text);
	return 0;
}

static int parse_port(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = {
		"add", "del", "show", "create", "teardown", "delete", NULL
	};
	static const enum xsw_cmd ids[] = {
		CMD_ADD, CMD_DEL, CMD_SHOW, CMD_CREATE, CMD_TEARDOWN, CMD_DELETE
	};
	struct args a = { argc, argv };

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req) || arg_switch_name(&a, req))
		return -EINVAL;
	if (req->cmd == CMD_SHOW) {
		if (a.argc > 0 && arg_port_name(&a, req))
			return -EINVAL;
		return args_end(&a);
	}
	if (arg_port_name(&a, req))
		return -EINVAL;
	if (req->cmd != CMD_ADD)
		return args_end(&a);
	return arg_nic(&a, req);
}

static int run_port(const struct xsw_req *req)
{
	struct xsw_switch sw;
	int err;

	err = switch_open(req->sw, &sw);
	if (err)
		return err;
	if (req->cmd != CMD_SHOW && port_reserved(req->port)) {
		err = p_err(EPERM, "port \"%s\" belongs to the switch itself: it goes with switch del",
			    req->port);
		goto out;
	}
	switch (req->cmd) {
	case CMD_SHOW:
		err = port_show(&sw, req->port);
		break;
	case CMD_ADD:
		err = port_add(&sw, req->port, req->dev, req->mode, XSW_NIC_NONE);
		break;
	case CMD_DEL:
		err = port_del(&sw, req->port);
		break;
	case CMD_CREATE:
		err = port_step(&sw, req->port, XSW_STEP_PORT_CREATE, NULL, 0, 0);
		break;
	case CMD_TEARDOWN:
		err = port_step(&sw, req->port, XSW_STEP_PORT_TEARDOWN, NULL, 0, 0);
		break;
	default:
		err = port_step(&sw, req->port, XSW_STEP_PORT_DELETE, NULL, 0, 0);
		break;
	}
	if (!err && req->cmd != CMD_SHOW)
		xsw_print_done();
out:
	switch_close(&sw);
	return err;
}

static void help_port(void)
{
	fprintf(stderr,
		"Usage: xswctl port add SWITCH PORT dev IFNAME [ mode { xdp | tc } ]\n"
		"       xswctl port del SWITCH PORT\n"
		"       xswctl port show SWITCH [ PORT ]\n"
		"       xswctl port { create | teardown | delete } SWITCH PORT\n"
		"Where: PORT is a name of up to 15 characters; \"uplink\" and \"host\" are the\n"
		"       switch's own ports. add = create + nic create + nic connect, del the\n"
		"       reverse. mode defaults to tc on veth and tap, xdp elsewhere.\n");
}

const struct xsw_object port_object = {
	.name = "port", .parse = parse_port, .run = run_port, .help = help_port,
};

static int parse_nic(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = { "create", "connect", "disconnect", "delete", NULL };
	static const enum xsw_cmd ids[] = { CMD_CREATE, CMD_CONNECT, CMD_DISCONNECT, CMD_DELETE };
	struct args a = { argc, argv };

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req) || arg_switch_name(&a, req) || arg_port_name(&a, req))
		return -EINVAL;
	if (req->cmd != CMD_CREATE)
		return args_end(&a);
	return arg_nic(&a, req);
}

static int run_nic(const struct xsw_req *req)
{
	static const enum xsw_step steps[] = {
		[CMD_CREATE] = XSW_STEP_NIC_CREATE, [CMD_CONNECT] = XSW_STEP_NIC_CONNECT,
		[CMD_DISCONNECT] = XSW_STEP_NIC_DISCONNECT, [CMD_DELETE] = XSW_STEP_NIC_DELETE,
	};
	struct xsw_switch sw;
	int err;

	err = switch_open(req->sw, &sw);
	if (err)
		return err;
	if (port_reserved(req->port))
		err = p_err(EPERM, "port \"%s\" belongs to the switch itself: it goes with switch del",
			    req->port);
	else
		err = port_step(&sw, req->port, steps[req->cmd], req->dev, req->mode, XSW_NIC_NONE);
	if (!err)
		xsw_print_done();
	switch_close(&sw);
	return err;
}

static void help_nic(void)
{
	fprintf(stderr,
		"Usage: xswctl nic create SWITCH PORT dev IFNAME [ mode { xdp | tc } ]\n"
		"       xswctl nic { connect | disconnect | delete } SWITCH PORT\n"
		"Where: the lifecycle is port create -> nic create -> nic connect ->\n"
		"       nic disconnect -> nic delete -> port teardown -> port delete.\n"
		"       Only a connected NIC sends and receives.\n");
}

const struct xsw_object nic_object = {
	.name = "nic", .parse = parse_nic, .run = run_nic, .help = help_nic,
};
