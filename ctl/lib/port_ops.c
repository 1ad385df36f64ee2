// SPDX-License-Identifier: GPL-2.0
/* Port and NIC operations: add (which may wait for a device that does not
 * exist yet), del, the single lifecycle steps, show. Under -batch (the
 * context's apply), an add of a port that exists with the same settings
 * succeeds without touching it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "feature.h"
#include "nl.h"
#include "oper.h"
#include "port.h"
#include "util.h"

const char *const port_nic_types[] = { "synthetic", "emulated", NULL };
const int port_nic_type_values[] = { XSW_NIC_SYNTHETIC, XSW_NIC_EMULATED };

/* "uplink" and "host" come and go with the switch. */
static int port_reserved(const char *name)
{
	if (strcmp(name, "uplink") && strcmp(name, "host"))
		return 0;
	return p_err(EPERM, "port \"%s\" belongs to the switch itself: it goes with switch del",
		     name);
}

/* Opens the switch of a change to port a->port. */
static int port_change_open(const struct xsw_port_args *a, struct xsw_switch *sw)
{
	return port_reserved(a->port) ?: switch_open(a->sw, sw);
}

/* Port @p is what @a describes: device, and mode, NIC type and state
 * where @a gives them. */
static bool port_is(const struct xsw_port *p, const struct xsw_port_args *a)
{
	bool waiting = p->flags & XSW_PF_WAITING;
	int state = waiting ? p->want : p->state;

	if (a->dev && strcmp(p->dev, a->dev))
		return false;
	return (a->mode == XSW_MODE_NONE || a->mode == p->mode) &&
	       (a->nic_type == XSW_NIC_NONE || a->nic_type == p->nic_type) &&
	       (!a->state || a->state == state);
}

/* A port created to wait for its device: what its NIC will be is kept. */
static int port_wait(struct xsw_switch *sw, const struct xsw_port_args *a)
{
	struct xsw_port p;
	int index, err;

	err = port_step(sw, a->port, XSW_STEP_PORT_CREATE, NULL, 0, 0);
	index = err ? err : port_find(sw, a->port, &p);
	if (index < 0)
		return index;
	p.flags = XSW_PF_WAITING;
	p.mode = a->mode;
	p.nic_type = a->nic_type;
	p.want = a->state ?: XSW_PORT_NIC_CONNECTED;
	p.netns = netns_self();	/* the namespace its device will appear in */
	snprintf(p.dev, sizeof(p.dev), "%s", a->dev);
	err = port_put(sw, index, &p);
	if (err) {
		port_del(sw, a->port);
		return p_err(-err, "cannot record port \"%s\": %s", a->port, xsw_strerror(err));
	}
	pr_info("port \"%s\" waits for device \"%s\"\n", a->port, a->dev);
	return 0;
}

/* NIC create on the port, then the steps to a->state; undone on failure. */
static int nic_up(struct xsw_switch *sw, const struct xsw_port_args *a)
{
	int state = a->state ?: XSW_PORT_NIC_CONNECTED, index, err;
	struct xsw_port p;

	err = port_step(sw, a->port, XSW_STEP_NIC_CREATE, a->dev, a->mode, a->nic_type);
	if (err || state == XSW_PORT_NIC_CREATED)
		return err;
	if (state == XSW_PORT_NIC_CONNECTED) {
		err = port_step(sw, a->port, XSW_STEP_NIC_CONNECT, NULL, 0, 0);
	} else {
		/* restoring a disconnected NIC: it never forwards on the way */
		index = port_find(sw, a->port, &p);
		p.state = XSW_PORT_NIC_DISCONNECTED;
		err = index < 0 ? index : port_put(sw, index, &p);
	}
	if (err)
		port_step(sw, a->port, XSW_STEP_NIC_DELETE, NULL, 0, 0);
	return err;
}

int xsw_port_add(const struct xsw_port_args *a)
{
	struct xsw_switch sw;
	struct xsw_port p;
	struct nl_link l;
	bool has_dev;
	int index, err;

	err = port_change_open(a, &sw);
	if (err)
		return err;
	index = port_find(&sw, a->port, &p);
	has_dev = nl_link_get(a->dev, &l) != -ENODEV;
	if (index >= 0 && (p.flags & XSW_PF_WAITING) && has_dev && !strcmp(p.dev, a->dev)) {
		err = nic_up(&sw, a);		/* its device is here */
		if (err)
			port_put(&sw, index, &p);	/* it goes on waiting */
	} else if (index >= 0 && xsw_cur()->apply && port_is(&p, a)) {
		err = 0;
	} else if (index >= 0 && (p.flags & XSW_PF_WAITING) && !strcmp(p.dev, a->dev)) {
		err = p_err(ENODEV, "device \"%s\" does not exist: port \"%s\" waits for it",
			    a->dev, a->port);
	} else if (index >= 0 && p.state == XSW_PORT_CREATED && !(p.flags & XSW_PF_WAITING)) {
		/* a port without a NIC (port create, or a port add cut short) */
		err = nic_up(&sw, a);
	} else if (index >= 0 && p.state == XSW_PORT_NIC_CREATED &&
		   port_is(&p, &(struct xsw_port_args){ .dev = a->dev, .mode = a->mode,
							.nic_type = a->nic_type }) &&
		   (a->state ?: XSW_PORT_NIC_CONNECTED) == XSW_PORT_NIC_CONNECTED) {
		/* its NIC made, not connected (a port add cut short) */
		err = port_step(&sw, a->port, XSW_STEP_NIC_CONNECT, NULL, 0, 0);
	} else if (index >= 0 && xsw_cur()->apply) {
		err = p_err(EEXIST, "port \"%s\" exists with other settings on switch \"%s\": del it first, or change it step by step",
			    a->port, a->sw);
	} else if (index < 0 && xsw_cur()->apply && !has_dev) {
		err = port_wait(&sw, a);
	} else {
		err = port_step(&sw, a->port, XSW_STEP_PORT_CREATE, NULL, 0, 0);
		if (!err) {
			err = nic_up(&sw, a);
			if (err)
				port_del(&sw, a->port);
		}
	}
	switch_close(&sw);
	return err;
}

int xsw_port_create(const struct xsw_port_args *a)
{
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err;

	err = port_change_open(a, &sw);
	if (err)
		return err;
	index = port_find(&sw, a->port, &p);
	if (index >= 0 && xsw_cur()->apply && p.state == (a->state ?: XSW_PORT_CREATED) &&
	    !(p.flags & XSW_PF_WAITING)) {
		switch_close(&sw);
		return 0;
	}
	err = port_step(&sw, a->port, XSW_STEP_PORT_CREATE, NULL, 0, 0);
	if (err)
		goto out;
	if (a->state == XSW_PORT_TEARDOWN)
		err = port_step(&sw, a->port, XSW_STEP_PORT_TEARDOWN, NULL, 0, 0);
	if (a->state == XSW_PORT_NIC_DELETED) {
		index = port_find(&sw, a->port, &p);
		p.state = XSW_PORT_NIC_DELETED;	/* as a port whose NIC went */
		err = index < 0 ? index : port_put(&sw, index, &p);
	}
	if (err)
		port_del(&sw, a->port);	/* the one this call made */
out:
	switch_close(&sw);
	return err;
}

int xsw_port_del(const struct xsw_port_args *a)
{
	struct xsw_switch sw;
	int err = port_change_open(a, &sw);

	if (err)
		return err;
	err = port_del(&sw, a->port);
	switch_close(&sw);
	return err;
}

int xsw_port_step(const struct xsw_port_args *a, enum xsw_step step)
{
	struct xsw_switch sw;
	int err = port_change_open(a, &sw);

	if (err)
		return err;
	err = port_step(&sw, a->port, step, a->dev, a->mode, a->nic_type);
	switch_close(&sw);
	return err;
}

int port_vm_mac(const struct xsw_port *p, __u8 mac[6], bool *exact)
{
	struct nl_link l, peer;
	int err;

	if (!p->ifindex || (p->netns && p->netns != netns_self()))
		return -ENODEV;
	err = nl_link_get_index(p->ifindex, -1, &l);
	if (err)
		return err;
	/* a VM's MAC is at the far end of its veth */
	*exact = !strcmp(l.kind, "veth") && l.peer_ifindex &&
		 !nl_link_get_index(l.peer_ifindex, l.peer_netnsid, &peer);
	memcpy(mac, *exact ? peer.mac : l.mac, 6);
	return 0;
}

static json_object *port_json(struct xsw_switch *sw, __u32 index, const struct xsw_port *p)
{
	json_object *o = json_object_new_object();
	struct port_oper_info op;
	char mac[18] = "";
	__u8 m[6];
	bool exact;

	port_oper(sw, p, &op);
	if (op.oper != PORT_OPER_GONE && !port_vm_mac(p, m, &exact))
		format_mac(m, mac);
	json_object_object_add(o, "switch", json_object_new_string(sw->name));
	json_object_object_add(o, "port", json_object_new_string(p->name));
	json_object_object_add(o, "index", json_object_new_int(index));
	json_object_object_add(o, "state", json_object_new_string(port_state_name(p)));
	/* what the kernel has: a device renamed shows its name now */
	json_object_object_add(o, "oper", op.oper ? json_str(port_oper_name(op.oper)) : NULL);
	json_object_object_add(o, "missing", json_str(op.missing));
	json_object_object_add(o, "nic", p->nic_type ? json_str(nic_type_name(p->nic_type)) : NULL);
	json_object_object_add(o, "dev", json_str(*op.dev ? op.dev : p->dev));
	json_object_object_add(o, "mode", p->mode ? json_str(port_mode_name(p)) : NULL);
	json_object_object_add(o, "mac", json_str(mac));
	features_show(sw, index, p, o);
	return o;
}

int xsw_port_show(const struct xsw_port_args *a, json_object **out)
{
	json_object *arr;
	struct xsw_switch sw;
	struct xsw_port p;
	__u32 i;
	int err;

	err = switch_open(a->sw, &sw);
	if (err)
		return err;
	arr = json_object_new_array();
	for (i = 1; i <= sw.cfg.max_port; i++) {
		if (port_get(&sw, i, &p) || p.state == XSW_PORT_FREE)
			continue;
		if (a->port && strcmp(a->port, p.name))
			continue;
		json_object_array_add(arr, port_json(&sw, i, &p));
	}
	if (a->port && !json_object_array_length(arr)) {
		json_object_put(arr);
		err = p_err(ENOENT, "unknown port \"%s\" on switch \"%s\"", a->port, sw.name);
	}
	switch_close(&sw);
	*out = err ? NULL : arr;
	return err;
}
