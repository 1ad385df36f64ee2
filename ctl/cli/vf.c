// SPDX-License-Identifier: GPL-2.0
/* xswctl vf: the SR-IOV virtual functions of a physical function. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <net/if.h>

#include "cli.h"
#include "ctx.h"
#include "util.h"
#include "vf.h"

#define A struct xsw_vf_args
#define ARG_PF { .meta = "PF", .type = OPT_NAME, .off = offsetof(A, pf), .max = IF_NAMESIZE, .what = "device name" }
static const struct opt show_opts[] = {
	ARG_PF,
	{ .meta = "VF", .type = OPT_U32, .flags = OPT_OPTIONAL, .off = offsetof(A, vf),
	  .has = HAS(A, has_vf), .max = VF_MAX - 1, .what = "VF number" },
	{}
};

static const char *const proto_words[] = { "802.1Q", "802.1ad", NULL };
/* vf_state_names, in the order of IFLA_VF_LINK_STATE_* */
static const int state_values[] = { VF_STATE_AUTO, VF_STATE_ENABLE, VF_STATE_DISABLE };

static const struct opt set_opts[] = {
	ARG_PF,
	{ .meta = "VF", .type = OPT_U32, .off = offsetof(A, vf), .has = HAS(A, has_vf),
	  .max = VF_MAX - 1, .what = "VF number" },
	{ .key = "mac", .meta = "MAC", .type = OPT_MAC, .off = offsetof(A, mac),
	  .has = HAS(A, has_mac) },
	{ .key = "vlan", .meta = "VID", .type = OPT_VID, .off = offsetof(A, vlan),
	  .has = HAS(A, has_vlan) },
	{ .key = "qos", .meta = "PRIO", .type = OPT_U32, .max = 7, .off = offsetof(A, qos),
	  .has = HAS(A, has_qos), .what = "qos priority (0-7)" },
	{ .key = "proto", .type = OPT_WORD, .words = proto_words, .off = offsetof(A, proto),
	  .has = HAS(A, has_proto), .what = "VLAN protocol" },
	{ .key = "rate max", .meta = "MBPS", .type = OPT_U32, .max = 1000000, .off = offsetof(A, max_rate),
	  .has = HAS(A, has_rate), .what = "maximum rate (Mbit/s)" },
	{ .key = "min", .meta = "MBPS", .type = OPT_U32, .max = 1000000, .off = offsetof(A, min_rate),
	  .has = HAS(A, has_min), .what = "minimum rate (Mbit/s)" },
	{ .key = "spoofchk", .type = OPT_ONOFF, .off = offsetof(A, spoofchk),
	  .has = HAS(A, has_spoofchk) },
	{ .key = "trust", .type = OPT_ONOFF, .off = offsetof(A, trust), .has = HAS(A, has_trust) },
	{ .key = "state", .type = OPT_WORD, .words = vf_state_names, .values = state_values,
	  .off = offsetof(A, state) },
	{}
};

static const struct opt numvfs_opts[] = {
	ARG_PF,
	{ .meta = "N", .type = OPT_U32, .off = offsetof(A, num), .max = VF_MAX,
	  .what = "number of VFs" },
	{}
};
#undef ARG_PF
#undef A

static int set_check(const void *args)
{
	const struct xsw_vf_args *a = args;

	if ((a->has_qos || a->has_proto) && !a->has_vlan)
		return p_err(EINVAL, "%s needs vlan VID", a->has_qos ? "qos" : "proto");
	if ((a->has_qos || a->has_proto) && !a->vlan)
		return p_err(EINVAL, "%s needs a VLAN: vlan 0 removes it", a->has_qos ? "qos" : "proto");
	if (a->has_min && !a->has_rate)
		return p_err(EINVAL, "min needs rate max MBPS");
	/* the zero MAC unsets the VF's */
	if (a->has_mac && (a->mac[0] & 1))
		return p_err(EINVAL, "a VF's MAC must be unicast (00:00:00:00:00:00 unsets it)");
	if (!a->has_mac && !a->has_vlan && !a->has_rate && !a->has_spoofchk && !a->has_trust &&
	    a->state == VF_STATE_KEEP)
		return p_err(EINVAL, "missing setting: mac, vlan, rate, spoofchk, trust or state");
	return 0;
}

RUN_SHOW(run_show, xsw_vf_show)
RUN_CHANGE(run_set, xsw_vf_set)
RUN_CHANGE(run_numvfs, xsw_vf_numvfs)

static const char *onoff(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "-";
	return json_object_get_boolean(v) ? "on" : "off";
}

static void vf_text(json_object *arr)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i), *r, *st;

		printf("%s vf %" PRId64 ": mac %s vlan %" PRId64, jstr(o, "pf"), jint(o, "vf"),
		       jstr(o, "mac"), jint(o, "vlan"));
		if (jint(o, "vlan"))
			printf(" qos %" PRId64 " proto %s", jint(o, "qos"), jstr(o, "vlan_proto"));
		json_object_object_get_ex(o, "rate", &r);
		printf(" rate max %" PRId64 " min %" PRId64 " spoofchk %s trust %s state %s",
		       jint(r, "max"), jint(r, "min"), onoff(o, "spoofchk"), onoff(o, "trust"),
		       *jstr(o, "state") ? jstr(o, "state") : "-");
		if (*jstr(o, "port"))
			printf(" switch %s port %s", jstr(o, "switch"), jstr(o, "port"));
		printf("\n");
		if (json_object_object_get_ex(o, "stats", &st) && st)
			printf("    rx %" PRId64 " packets %" PRId64 " bytes, tx %" PRId64
			       " packets %" PRId64 " bytes, dropped rx %" PRId64 " tx %" PRId64 "\n",
			       jint(st, "rx_packets"), jint(st, "rx_bytes"), jint(st, "tx_packets"),
			       jint(st, "tx_bytes"), jint(st, "rx_dropped"), jint(st, "tx_dropped"));
	}
}

#define ARGS_T struct xsw_vf_args
static const struct cli_cmd cmds[] = {
	CMD("show", show_opts, ARGS_T, .run = run_show, .text = vf_text),
	CMD("set", set_opts, ARGS_T, .check = set_check, .run = run_set, .write = true,
	    .transient = true),
	CMD("numvfs", numvfs_opts, ARGS_T, .run = run_numvfs, .write = true, .transient = true),
	{}
};
#undef ARGS_T

const struct cli_object vf_object = {
	.name = "vf",
	.cmds = cmds,
	.where = "PF is a device with SR-IOV (a physical function), VF the number of one of\n"
		 "its virtual functions. Each setting goes to the driver on its own and is\n"
		 "read back; one the driver refuses is named, and the VF keeps the settings\n"
		 "it had before the command. rate in Mbit/s (0: no limit); state is the\n"
		 "VF's link: auto follows the PF's. numvfs changes the count from or to 0\n"
		 "only (the PCI rules).",
};
