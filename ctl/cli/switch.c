// SPDX-License-Identifier: GPL-2.0
/* xswctl switch: add, set, del, show. */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "switch.h"
#include "upgrade.h"
#include "util.h"

#define A struct xsw_switch_add_args
static const struct opt add_opts[] = {
	{ .meta = "NAME", .type = OPT_NAME, .flags = OPT_PIN, .off = offsetof(A, name),
	  .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{ .key = "type", .type = OPT_WORD, .flags = OPT_REQUIRED, .words = switch_types,
	  .off = offsetof(A, type), .what = "switch type" },
	ARG_DEV("uplink", A, uplink, 0),
	{ .key = "host", .type = OPT_ONOFF, .off = offsetof(A, host),
	  .has = HAS(A, has_host) },
	ARG_MODE(A, mode),
	{ .key = "fdb-size", .meta = "ENTRIES", .type = OPT_U32, .off = offsetof(A, fdb_size),
	  .min = XSW_FDB_SIZE_MIN, .max = XSW_FDB_SIZE_MAX },
	{ .key = "max-ports", .meta = "N", .type = OPT_U32, .off = offsetof(A, max_ports),
	  .min = 1, .max = XSW_MAX_PORTS - 1 },
	{ .key = "iov", .type = OPT_ONOFF, .off = offsetof(A, iov) },
	{ .key = "force", .type = OPT_FLAG, .off = offsetof(A, force) },
	{}
};
#undef A

#define A struct xsw_switch_set_args
static const struct opt set_opts[] = {
	{ .meta = "NAME", .type = OPT_NAME, .flags = OPT_PIN, .off = offsetof(A, name),
	  .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{ .key = "ageing", .meta = "SECONDS", .type = OPT_U32, .off = offsetof(A, ageing),
	  .has = HAS(A, has_ageing), .min = 1, .max = XSW_AGEING_MAX },
	{}
};
#undef A

struct name_args {
	const char *name;
};

static const struct opt del_opts[] = {
	{ .meta = "NAME", .type = OPT_NAME, .flags = OPT_PIN,
	  .off = offsetof(struct name_args, name), .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{}
};

static const struct opt upgrade_opts[] = {
	{ .meta = "{ NAME | all }", .type = OPT_NAME, .flags = OPT_PIN,
	  .off = offsetof(struct name_args, name), .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{}
};

static const struct opt show_opts[] = {
	{ .meta = "NAME", .type = OPT_NAME, .flags = OPT_OPTIONAL | OPT_PIN,
	  .off = offsetof(struct name_args, name), .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{}
};

static int add_check(const void *args)
{
	return xsw_switch_add_check(args);
}

static int set_check(const void *args)
{
	const struct xsw_switch_set_args *a = args;

	return a->has_ageing ? 0 : p_err(EINVAL, "missing setting: ageing SECONDS");
}

RUN_CHANGE(run_add, xsw_switch_add)
RUN_CHANGE(run_set, xsw_switch_set)

static int run_del(const void *args, json_object **out)
{
	(void)out;
	return xsw_switch_del(((const struct name_args *)args)->name);
}

static int run_upgrade(const void *args, json_object **out)
{
	(void)out;
	return xsw_switch_upgrade(((const struct name_args *)args)->name);
}

static int run_show(const void *args, json_object **out)
{
	return xsw_switch_show(((const struct name_args *)args)->name, out);
}

static void switch_text(json_object *arr)
{
	size_t i, j;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *s = json_object_array_get_idx(arr, i), *ports;

		if (jint(s, "layout") != XSW_LAYOUT_VERSION) {
			printf("%s: type %s, made by an xsw build with map layout %" PRId64
			       " (this build: %d): switch upgrade %s moves it to this build, switch del %s removes it\n",
			       jstr(s, "switch"), jstr(s, "type"), jint(s, "layout"), XSW_LAYOUT_VERSION,
			       jstr(s, "switch"), jstr(s, "switch"));
			continue;
		}
		printf("%s: type %s", jstr(s, "switch"), jstr(s, "type"));
		if (*jstr(s, "uplink"))
			printf(" uplink %s", jstr(s, "uplink"));
		if (*jstr(s, "host_vnic"))
			printf(" host-vnic %s", jstr(s, "host_vnic"));
		if (jint(s, "iov"))
			printf(" iov on");
		printf(" ageing %" PRId64 "s fdb-size %" PRId64 " max-ports %" PRId64 "\n    ports:",
		       jint(s, "ageing"), jint(s, "fdb_size"), jint(s, "max_ports"));
		ports = json_object_object_get(s, "ports");
		for (j = 0; j < json_object_array_length(ports); j++)
			printf(" %s", json_object_get_string(json_object_array_get_idx(ports, j)));
		printf("\n");
	}
}

static const struct cli_cmd cmds[] = {
	CMD("add", add_opts, struct xsw_switch_add_args, .check = add_check, .run = run_add, .write = true),
	CMD("set", set_opts, struct xsw_switch_set_args, .check = set_check, .run = run_set, .write = true),
	CMD("del", del_opts, struct name_args, .run = run_del, .write = true),
	CMD("upgrade", upgrade_opts, struct name_args, .run = run_upgrade, .write = true),
	CMD("show", show_opts, struct name_args, .run = run_show, .text = switch_text),
	{}
};

const struct cli_object switch_object = {
	.name = "switch",
	.cmds = cmds,
	.where = "NAME is up to 12 characters; internal creates the host vNIC NAME;\n"
		 "external makes IFNAME port \"uplink\" and, with host on, adds the host\n"
		 "vNIC too and moves the uplink's addresses, routes and MAC to it (back\n"
		 "on switch del); with host off, an uplink with addresses needs force.\n"
		 "mode is the uplink's (default: tc for veth and tap, else xdp). SECONDS\n"
		 "is 1-1000000 (default 300). max-ports N (1-4095, default 256) bounds\n"
		 "the ports, host vNIC and uplink included: a flood in xdp mode costs\n"
		 "time in proportion to it. upgrade moves a switch made by an older\n"
		 "build (another map layout; all: every such switch) onto this build's\n"
		 "datapath while it forwards, keeping its state. iov on (external, at\n"
		 "add only; the uplink must be an SR-IOV PF) lets its ports take the\n"
		 "uplink's VFs (port set ... iov weight).",
};
