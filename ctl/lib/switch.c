// SPDX-License-Identifier: GPL-2.0
/* Switch operations: a switch is a loaded, pinned datapath plus the ports its
 * type implies: "uplink" (external) and "host", the host vNIC's peer
 * (internal, or external with host on). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "admit.h"
#include "fdbtab.h"
#include "foreign.h"
#include "hostvnic.h"
#include "nl.h"
#include "port.h"
#include "switch.h"
#include "upgrade.h"
#include "util.h"
#include "vf.h"

const char *const switch_types[] = { "private", "internal", "external", NULL };

/* Removes every port, the host vNIC and every pin. When a port cannot be
 * removed the pins stay, so that nothing attached is left unfindable. */
static int switch_destroy(struct xsw_switch *sw)
{
	struct xsw_port p;
	int err = 0, ret;
	__u32 i;

	/* ports of another namespace are that namespace's to remove */
	for (i = 1; i <= sw->cfg.max_port && !err; i++)
		if (!port_get(sw, i, &p) && p.state != XSW_PORT_FREE)
			err = port_here(&p);
	if (err) {
		switch_close(sw);
		return err;
	}
	for (i = 1; i <= sw->cfg.max_port; i++) {
		if (port_get(sw, i, &p) || p.state == XSW_PORT_FREE)
			continue;
		ret = port_del(sw, p.name);
		err = err ?: ret;
	}
	/* the switch is going for sure: the host's configuration goes back */
	if (!err)
		host_vnic_return_ipconf(sw);
	if (!err && host_vnic_exists(&sw->cfg))
		host_vnic_del(sw->name);
	switch_close(sw);
	/* and what an interrupted command attached but did not record */
	if (!err) {
		switch_sweep(sw);
		switch_remove_pins(sw);
	}
	return err;
}

int xsw_switch_del(const char *name)
{
	struct xsw_switch sw;
	int err;

	struct xsw_config head;

	switch_init(&sw, name);
	upgrade_abandon(name);
	if (access(sw.dir, F_OK))
		return p_err(ENOENT, "unknown switch \"%s\"", name);
	if (!switch_head(&sw, &head) && head.layout != XSW_LAYOUT_VERSION)
		return foreign_destroy(&sw, &head);
	xsw_err_quiet(true);
	err = switch_open(name, &sw);
	xsw_err_quiet(false);
	if (!err)
		return switch_destroy(&sw);
	/* damaged (a command killed on its way): what is left of it */
	switch_head(&sw, &head);
	pr_warn("warning: switch \"%s\" was damaged: removing what is left of it\n", name);
	return foreign_destroy(&sw, &head);
}

/* Switch a->name exists as @a would make it. */
static bool switch_is(const struct xsw_switch_add_args *a)
{
	struct xsw_switch sw;
	struct xsw_port up = {};
	bool same;

	if (switch_open(a->name, &sw))
		return false;
	port_find(&sw, "uplink", &up);
	same = sw.cfg.type == a->type && !strcmp(sw.cfg.uplink, a->uplink ? a->uplink : "") &&
	       (sw.cfg.type != XSW_SWITCH_EXTERNAL || sw.cfg.host == a->host) &&
	       sw.cfg.iov == a->iov &&
	       switch_fdb_size(&sw) == fdbtab_entries(a->fdb_size ?: XSW_FDB_SIZE) &&
	       switch_max_ports(&sw) == (a->max_ports ?: XSW_PORTS_DEFAULT) &&
	       (a->mode == XSW_MODE_NONE || a->mode == up.mode);
	switch_close(&sw);
	return same;
}

int xsw_switch_add_check(const struct xsw_switch_add_args *a)
{
	if (!pin_name_valid(a->name, XSW_SWITCH_NAME_LEN))
		return p_err(EINVAL, "bad switch name \"%s\"", a->name);
	if (a->force && (a->type != XSW_SWITCH_EXTERNAL || a->host))
		return p_err(EINVAL, "force is for an external switch with host off (an uplink that carries addresses)");
	if (a->type == XSW_SWITCH_EXTERNAL && !a->uplink)
		return p_err(EINVAL, "an external switch needs uplink IFNAME");
	if (a->type != XSW_SWITCH_EXTERNAL && a->uplink)
		return p_err(EINVAL, "only an external switch has an uplink");
	if (!a->uplink && a->mode != XSW_MODE_NONE)
		return p_err(EINVAL, "mode is the uplink's: only with uplink IFNAME");
	if (a->type != XSW_SWITCH_EXTERNAL && a->has_host)
		return p_err(EINVAL, "host on|off is for external switches (internal always has the host, private never)");
	if (a->type != XSW_SWITCH_EXTERNAL && a->iov)
		return p_err(EINVAL, "iov on is for an external switch: its VFs are the uplink's");
	return 0;
}

int xsw_switch_add(const struct xsw_switch_add_args *a)
{
	struct xsw_config cfg = {
		.type = a->type,
		.host = a->host,
		.iov = a->iov,
		.ageing_ns = XSW_AGEING_DEFAULT * 1000000000ULL,
		.vmq_queues = XSW_VMQ_QUEUES_DEFAULT,
		.vmq_high = XSW_VMQ_HIGH_DEFAULT,
		.vmq_low = XSW_VMQ_LOW_DEFAULT,
		.vmq_interval = XSW_VMQ_INTERVAL_DEFAULT,
		.vmq_dwell = XSW_VMQ_DWELL_DEFAULT,
	};
	struct xsw_switch sw;
	struct nl_link l;
	int err;

	err = xsw_switch_add_check(a);
	if (err)
		return err;
	if (switch_exists(a->name)) {
		if (xsw_cur()->apply && switch_is(a))
			return 0;
		return p_err(EEXIST, "switch \"%s\" already exists", a->name);
	}
	if (a->uplink) {
		err = nl_link_get(a->uplink, &l);
		if (err)
			return p_err(ENODEV, "device \"%s\" does not exist", a->uplink);
		err = dev_admit(&l, NULL, NULL) ?: (a->host ? 0 : uplink_ipconf_check(a->uplink, a->force));
		if (!err && a->iov && !vf_pf_has_sriov(a->uplink))
			err = p_err(EOPNOTSUPP, "uplink \"%s\" has no SR-IOV: iov on needs a PF", a->uplink);
		if (err)
			return err;
		snprintf(cfg.uplink, sizeof(cfg.uplink), "%s", a->uplink);
	}
	if (host_vnic_exists(&cfg)) {
		char peer[XSW_NAME_LEN];

		host_vnic_peer(a->name, peer);
		if (!nl_link_get(a->name, &l) || !nl_link_get(peer, &l))
			return p_err(EEXIST, "device \"%s\" already exists: the host vNIC needs the names \"%s\" and \"%s\"",
				     l.name, a->name, peer);
	}

	err = switch_create(a->name, &cfg, a->fdb_size ?: XSW_FDB_SIZE,
			    a->max_ports ?: XSW_PORTS_DEFAULT, &sw);
	if (err)
		return err;
	if (a->uplink)
		err = port_add(&sw, "uplink", a->uplink, a->mode, XSW_NIC_EXTERNAL);
	if (!err && host_vnic_exists(&cfg))
		err = host_vnic_add(&sw);
	if (!err && a->uplink && a->host)
		err = host_vnic_take_ipconf(&sw);
	if (err) {
		switch_destroy(&sw);
		return err;
	}
	switch_close(&sw);
	return 0;
}

/* Switch @sw as show lists it; one of another layout (@sw->skel NULL) with
 * what every layout keeps. */
static json_object *switch_json(struct xsw_switch *sw)
{
	json_object *o = json_object_new_object(), *ports = json_object_new_array();
	bool external = sw->cfg.type == XSW_SWITCH_EXTERNAL;
	struct xsw_port p;
	__u32 i;

	json_object_object_add(o, "switch", json_object_new_string(sw->name));
	json_object_object_add(o, "layout", json_object_new_int(sw->cfg.layout));
	json_object_object_add(o, "type", json_object_new_string(switch_types[sw->cfg.type]));
	json_object_object_add(o, "uplink", external ? json_str(sw->cfg.uplink) : NULL);
	json_object_object_add(o, "host", external ? json_object_new_boolean(sw->cfg.host) : NULL);
	json_object_object_add(o, "iov", external ? json_object_new_boolean(sw->cfg.iov) : NULL);
	json_object_object_add(o, "host_vnic", host_vnic_exists(&sw->cfg) ? json_str(sw->name) : NULL);
	json_object_object_add(o, "ageing", json_object_new_int64(sw->cfg.ageing_ns / 1000000000ULL));
	json_object_object_add(o, "fdb_size", sw->skel ? json_object_new_int64(switch_fdb_size(sw)) :
							 NULL);
	json_object_object_add(o, "max_ports", sw->skel ?
			       json_object_new_int64(switch_max_ports(sw)) : NULL);
	for (i = 1; sw->skel && i <= sw->cfg.max_port; i++)
		if (!port_get(sw, i, &p) && p.state != XSW_PORT_FREE)
			json_object_array_add(ports, json_object_new_string(p.name));
	json_object_object_add(o, "ports", ports);
	return o;
}

static int switch_show_one(const char *name, void *data)
{
	struct xsw_switch sw;
	int err;

	switch_init(&sw, name);
	if (!switch_head(&sw, &sw.cfg) && sw.cfg.layout != XSW_LAYOUT_VERSION) {
		json_object_array_add(data, switch_json(&sw));
		return 0;
	}
	err = switch_open(name, &sw);
	if (err)
		return err;
	json_object_array_add(data, switch_json(&sw));
	switch_close(&sw);
	return 0;
}

/* Listing every switch skips one whose state is damaged, with a warning. */
static int switch_list_one(const char *name, void *data)
{
	int err;

	xsw_err_quiet(true);
	err = switch_show_one(name, data);
	xsw_err_quiet(false);
	if (err)
		pr_warn("warning: switch \"%s\" skipped: its state in %s/%s is damaged (switch del removes it)\n",
			name, xsw_cur()->root, name);
	return 0;
}

int xsw_switch_show(const char *name, json_object **out)
{
	json_object *arr = json_object_new_array();
	int err = name ? switch_show_one(name, arr) : switch_for_each(switch_list_one, arr);

	if (err)
		json_object_put(arr);
	*out = err ? NULL : arr;
	return err;
}

int xsw_switch_set(const struct xsw_switch_set_args *a)
{
	struct xsw_switch sw;
	int err;

	err = switch_open(a->name, &sw);
	if (err)
		return err;
	if (a->has_ageing)
		sw.cfg.ageing_ns = a->ageing * 1000000000ULL;
	err = switch_config_write(&sw);
	if (err)
		p_err(-err, "cannot write the switch config: %s", xsw_strerror(err));
	switch_close(&sw);
	return err;
}
