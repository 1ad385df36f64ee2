// SPDX-License-Identifier: GPL-2.0
/* `xswctl switch ...`: a switch is a loaded, pinned datapath plus the ports
 * its type implies: "uplink" (external) and "host", the host vNIC's peer
 * (internal, or external with host on). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "log.h"
#include "nl.h"
#include "port.h"
#include "util.h"

static const char *const switch_types[] = { "private", "internal", "external", NULL };

static bool has_host_vnic(const struct xsw_config *cfg)
{
	return cfg->type == XSW_SWITCH_INTERNAL || (cfg->type == XSW_SWITCH_EXTERNAL && cfg->host);
}

/* The host vNIC is a veth pair: NAME for the host's stack, NAME-sw on the switch. */
static void host_peer_name(const char *sw, char peer[XSW_NAME_LEN])
{
	snprintf(peer, XSW_NAME_LEN, "%s-sw", sw);
}

/* Deleting the switch's end removes the pair wherever the host end went. */
static void host_vnic_del(const char *sw)
{
	char peer[XSW_NAME_LEN];
	struct nl_link l;

	host_peer_name(sw, peer);
	if (!nl_link_get(peer, &l))
		nl_link_del(l.ifindex);
}

static int host_vnic_add(struct xsw_switch *sw)
{
	char peer[XSW_NAME_LEN];
	struct nl_link l;
	int err;

	host_peer_name(sw->name, peer);
	err = nl_veth_add(sw->name, peer);
	if (err)
		return p_err(-err, "cannot create the host vNIC \"%s\": %s", sw->name, strerror(-err));
	err = nl_link_get(sw->name, &l);
	if (!err)
		err = nl_link_set_up(l.ifindex, true);
	if (err) {
		host_vnic_del(sw->name);
		return p_err(-err, "cannot set the host vNIC \"%s\" up: %s", sw->name, strerror(-err));
	}
	err = port_add(sw, "host", peer, XSW_MODE_NONE, XSW_NIC_INTERNAL);
	if (err)
		host_vnic_del(sw->name);
	return err;
}

/* Removes every port, the host vNIC and every pin. When a port cannot be
 * removed the pins stay, so that nothing attached is left unfindable. */
static int switch_destroy(struct xsw_switch *sw)
{
	struct xsw_port p;
	int err = 0, ret;
	__u32 i;

	for (i = 1; i <= sw->cfg.max_port; i++) {
		if (port_get(sw, i, &p) || p.state == XSW_PORT_FREE)
			continue;
		ret = port_del(sw, p.name);
		err = err ?: ret;
	}
	if (!err && has_host_vnic(&sw->cfg))
		host_vnic_del(sw->name);
	switch_close(sw);
	if (!err)
		switch_remove_pins(sw);
	return err;
}

static int switch_del(const char *name)
{
	struct xsw_switch sw;
	int err;

	snprintf(sw.dir, sizeof(sw.dir), "%s/%s", XSW_ROOT, name);
	if (access(sw.dir, F_OK))
		return p_err(ENOENT, "unknown switch \"%s\"", name);
	xsw_err_quiet(true);
	err = switch_open(name, &sw);
	xsw_err_quiet(false);
	if (!err)
		return switch_destroy(&sw);
	/* pins that cannot be opened: remove what is left */
	switch_remove_pins(&sw);
	pr_warn("xswctl: warning: switch \"%s\" was damaged: its pins are removed; check its devices for TC filters left behind\n",
		name);
	return 0;
}

static int switch_add(const struct xsw_req *req)
{
	struct xsw_config cfg = {
		.type = req->type,
		.host = req->host == 1,
		.ageing_ns = XSW_AGEING_DEFAULT * 1000000000ULL,
		.vmq_queues = XSW_VMQ_QUEUES_DEFAULT,
		.vmq_high = XSW_VMQ_HIGH_DEFAULT,
		.vmq_low = XSW_VMQ_LOW_DEFAULT,
		.vmq_interval = XSW_VMQ_INTERVAL_DEFAULT,
		.vmq_dwell = XSW_VMQ_DWELL_DEFAULT,
	};
	char owner_sw[XSW_SWITCH_NAME_LEN], owner_port[XSW_NAME_LEN];
	struct xsw_switch sw;
	struct nl_link l;
	int err;

	snprintf(sw.dir, sizeof(sw.dir), "%s/%s", XSW_ROOT, req->sw);
	if (!access(sw.dir, F_OK))
		return p_err(EEXIST, "switch \"%s\" already exists", req->sw);
	if (req->uplink) {
		err = nl_link_get(req->uplink, &l);
		if (err)
			return p_err(ENODEV, "device \"%s\" does not exist", req->uplink);
		if (switch_find_dev(l.ifindex, owner_sw, owner_port) > 0)
			return p_err(EBUSY, "uplink \"%s\" is already used by switch \"%s\"",
				     req->uplink, owner_sw);
		snprintf(cfg.uplink, sizeof(cfg.uplink), "%s", req->uplink);
	}
	if (has_host_vnic(&cfg)) {
		char peer[XSW_NAME_LEN];

		host_peer_name(req->sw, peer);
		if (!nl_link_get(req->sw, &l) || !nl_link_get(peer, &l))
			return p_err(EEXIST, "device \"%s\" already exists: the host vNIC needs the names \"%s\" and \"%s\"",
				     l.name, req->sw, peer);
	}

	err = switch_create(req->sw, &cfg, req->fdb_size ?: XSW_FDB_SIZE,
			    req->max_ports ?: XSW_PORTS_DEFAULT, &sw);
	if (err)
		return err;
	if (req->uplink)
		err = port_add(&sw, "uplink", req->uplink, req->mode, XSW_NIC_EXTERNAL);
	if (!err && has_host_vnic(&cfg))
		err = host_vnic_add(&sw);
	if (err) {
		switch_destroy(&sw);
		return err;
	}
	switch_close(&sw);
	return 0;
}

static json_object *switch_json(struct xsw_switch *sw)
{
	json_object *o = json_object_new_object(), *ports = json_object_new_array();
	struct xsw_port p;
	__u32 i;

	json_object_object_add(o, "name", json_object_new_string(sw->name));
	json_object_object_add(o, "type", json_object_new_string(switch_types[sw->cfg.type]));
	if (sw->cfg.type == XSW_SWITCH_EXTERNAL) {
		json_object_object_add(o, "uplink", json_object_new_string(sw->cfg.uplink));
		json_object_object_add(o, "host", json_object_new_boolean(sw->cfg.host));
	}
	if (has_host_vnic(&sw->cfg))
		json_object_object_add(o, "host_vnic", json_object_new_string(sw->name));
	json_object_object_add(o, "ageing", json_object_new_int64(sw->cfg.ageing_ns / 1000000000ULL));
	json_object_object_add(o, "fdb_size",
			       json_object_new_int64(bpf_map__max_entries(sw->skel->maps.xsw_fdb)));
	json_object_object_add(o, "max_ports", json_object_new_int64(switch_max_ports(sw)));
	for (i = 1; i <= sw->cfg.max_port; i++)
		if (!port_get(sw, i, &p) && p.state != XSW_PORT_FREE)
			json_object_array_add(ports, json_object_new_string(p.name));
	json_object_object_add(o, "ports", ports);
	return o;
}

static int switch_show_one(const char *name, void *data)
{
	struct xsw_switch sw;
	int err = switch_open(name, &sw);

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
		pr_warn("xswctl: warning: switch \"%s\" skipped: its state in %s/%s is damaged (switch del removes it)\n",
			name, XSW_ROOT, name);
	return 0;
}

static void switch_text(json_object *arr)
{
	size_t i, j;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *s = json_object_array_get_idx(arr, i), *v, *ports;

		printf("%s: type %s", jstr(s, "name"), jstr(s, "type"));
		if (json_object_object_get_ex(s, "uplink", &v))
			printf(" uplink %s", json_object_get_string(v));
		if (json_object_object_get_ex(s, "host_vnic", &v))
			printf(" host-vnic %s", json_object_get_string(v));
		printf(" ageing %" PRId64 "s fdb-size %" PRId64 " max-ports %" PRId64 "\n    ports:",
		       jint(s, "ageing"), jint(s, "fdb_size"), jint(s, "max_ports"));
		ports = json_object_object_get(s, "ports");
		for (j = 0; j < json_object_array_length(ports); j++)
			printf(" %s", json_object_get_string(json_object_array_get_idx(ports, j)));
		printf("\n");
	}
}

static int run_switch(const struct xsw_req *req)
{
	struct xsw_switch sw;
	json_object *arr;
	int err;

	switch (req->cmd) {
	case CMD_ADD:
		err = switch_add(req);
		break;
	case CMD_SHOW:
		arr = json_object_new_array();
		err = req->sw ? switch_show_one(req->sw, arr) : switch_for_each(switch_list_one, arr);
		if (err)
			json_object_put(arr);
		else
			xsw_print(arr, switch_text);
		return err;
	case CMD_SET:
		err = switch_open(req->sw, &sw);
		if (err)
			return err;
		sw.cfg.ageing_ns = req->ageing * 1000000000ULL;
		err = switch_config_write(&sw);
		switch_close(&sw);
		break;
	default:
		err = switch_del(req->sw);
		break;
	}
	if (!err)
		xsw_print_done();
	return err;
}

static int parse_switch(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = { "add", "set", "del", "show", NULL };
	static const enum xsw_cmd ids[] = { CMD_ADD, CMD_SET, CMD_DEL, CMD_SHOW };
	static const char *const onoff[] = { "off", "on", NULL };
	struct args a = { argc, argv };
	const char *w;

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req))
		return -EINVAL;
	if (req->cmd == CMD_SHOW && a.argc == 0)
		return 0;
	if (arg_switch_name(&a, req))
		return -EINVAL;
	switch (req->cmd) {
	case CMD_SET:
		if (!(w = arg_next(&a, "setting")))
			return -EINVAL;
		if (strcmp(w, "ageing"))
			return p_err(EINVAL, "unknown setting \"%s\": ageing", w);
		if (!(w = arg_next(&a, "ageing SECONDS")))
			return -EINVAL;
		if (parse_u32(w, 1, XSW_AGEING_MAX, &req->ageing))
			return p_err(EINVAL, "bad ageing \"%s\": 1-%d seconds", w, XSW_AGEING_MAX);
		return args_end(&a);
	case CMD_ADD:
		break;
	default:
		return args_end(&a);
	}
	while (a.argc > 0) {
		w = arg_next(&a, "argument");
		if (!strcmp(w, "type")) {
			if (!(w = arg_next(&a, "switch type")))
				return -EINVAL;
			req->type = word_index(w, switch_types);
			if (req->type < 0)
				return p_err(EINVAL, "bad switch type \"%s\": private, internal or external", w);
		} else if (!strcmp(w, "uplink")) {
			if (req->uplink)
				return p_err(EINVAL, "a switch has at most one uplink");
			if (arg_dev(&a, &req->uplink))
				return -EINVAL;
		} else if (!strcmp(w, "mode")) {
			if (arg_mode(&a, req))
				return -EINVAL;
		} else if (!strcmp(w, "fdb-size")) {
			if (!(w = arg_next(&a, "fdb-size ENTRIES")))
				return -EINVAL;
			if (parse_u32(w, XSW_FDB_SIZE_MIN, XSW_FDB_SIZE_MAX, &req->fdb_size))
				return p_err(EINVAL, "bad fdb-size \"%s\": %d-%d entries", w,
					     XSW_FDB_SIZE_MIN, XSW_FDB_SIZE_MAX);
		} else if (!strcmp(w, "max-ports")) {
			if (!(w = arg_next(&a, "max-ports N")))
				return -EINVAL;
			if (parse_u32(w, 1, XSW_MAX_PORTS - 1, &req->max_ports))
				return p_err(EINVAL, "bad max-ports \"%s\": 1-%d", w, XSW_MAX_PORTS - 1);
		} else if (!strcmp(w, "host")) {
			if (!(w = arg_next(&a, "host on|off")))
				return -EINVAL;
			req->host = word_index(w, onoff);
			if (req->host < 0)
				return p_err(EINVAL, "bad host \"%s\": on or off", w);
		} else {
			return p_err(EINVAL, "unexpected argument \"%s\"", w);
		}
	}
	if (req->type < 0)
		return p_err(EINVAL, "missing type { private | internal | external }");
	if (req->type == XSW_SWITCH_EXTERNAL && !req->uplink)
		return p_err(EINVAL, "an external switch needs uplink IFNAME");
	if (req->type != XSW_SWITCH_EXTERNAL && req->uplink)
		return p_err(EINVAL, "only an external switch has an uplink");
	if (!req->uplink && req->mode != XSW_MODE_NONE)
		return p_err(EINVAL, "mode is the uplink's: only with uplink IFNAME");
	if (req->type != XSW_SWITCH_EXTERNAL && req->host >= 0)
		return p_err(EINVAL, "host on|off is for external switches (internal always has the host, private never)");
	return 0;
}

static void help_switch(void)
{
	fprintf(stderr,
		"Usage: xswctl switch add NAME type { private | internal | external } [ uplink IFNAME ] [ host { on | off } ]\n"
		"                         [ mode { xdp | tc } ] [ fdb-size ENTRIES ] [ max-ports N ]\n"
		"       xswctl switch set NAME ageing SECONDS\n"
		"       xswctl switch del NAME\n"
		"       xswctl switch show [ NAME ]\n"
		"Where: NAME is up to %d characters; internal creates the host vNIC NAME;\n"
		"       external makes IFNAME port \"uplink\" and, with host on, adds the host\n"
		"       vNIC too; mode is the uplink's (default: tc for veth and tap, else\n"
		"       xdp). SECONDS is 1-%d (default %d). max-ports N (1-%d, default %d)\n"
		"       bounds the ports, host vNIC and uplink included: a flood in xdp mode\n"
		"       costs time in proportion to it.\n",
		XSW_SWITCH_NAME_LEN - 1, XSW_AGEING_MAX, XSW_AGEING_DEFAULT, XSW_MAX_PORTS - 1,
		XSW_PORTS_DEFAULT);
}

const struct xsw_object switch_object = {
	.name = "switch", .parse = parse_switch, .run = run_switch, .help = help_switch,
};
