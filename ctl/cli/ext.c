// SPDX-License-Identifier: GPL-2.0
/* xswctl ext: extensions and their order. */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "ext.h"
#include "util.h"

#define A struct xsw_ext_args
#define ARG_EXT                                                                          \
	{ .meta = "NAME", .type = OPT_NAME, .flags = OPT_PIN, .off = offsetof(A, name), \
	  .max = XSW_NAME_LEN, .what = "extension name" }
#define ARG_PRIO(fl)                                                              \
	{ .key = "prio", .meta = "N", .type = OPT_U32, .flags = (fl),             \
	  .off = offsetof(A, prio), .has = HAS(A, has_prio), .max = 1000000 }

static const struct opt attach_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_EXT,
	{ .key = "kind", .type = OPT_WORD, .flags = OPT_REQUIRED, .words = ext_kinds,
	  .off = offsetof(A, kind) },
	{ .key = "object", .meta = "FILE.o", .type = OPT_STR, .flags = OPT_REQUIRED,
	  .off = offsetof(A, object) },
	ARG_PRIO(0),
	{ .key = "enable", .type = OPT_ONOFF, .off = offsetof(A, enable) },
	{}
};

static const struct opt name_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_EXT,
	{}
};

static const struct opt set_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_EXT,
	ARG_PRIO(OPT_REQUIRED),
	{}
};

static const struct opt show_opts[] = {
	ARG_SWITCH(A, sw),
	{}
};
#undef A

RUN_CHANGE(run_attach, xsw_ext_attach)
RUN_CHANGE(run_enable, xsw_ext_enable)
RUN_CHANGE(run_disable, xsw_ext_disable)
RUN_CHANGE(run_detach, xsw_ext_detach)
RUN_CHANGE(run_set, xsw_ext_set)

static int run_show(const void *args, json_object **out)
{
	return xsw_ext_show(((const struct xsw_ext_args *)args)->sw, out);
}

static void ext_text(json_object *arr)
{
	size_t i;

	printf("%-16s %-8s %-9s %5s %4s %4s %12s %12s %10s %10s\n", "NAME", "KIND", "STATE", "PRIO",
	       "IN#", "OUT#", "PKTS-IN", "PKTS-OUT", "DROPS-IN", "DROPS-OUT");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i), *ord, *pk, *dr;
		char in[8] = "-", out[8] = "-";

		json_object_object_get_ex(o, "order", &ord);
		json_object_object_get_ex(o, "packets", &pk);
		json_object_object_get_ex(o, "drops", &dr);
		if (jint(ord, "ingress"))
			snprintf(in, sizeof(in), "%" PRId64, jint(ord, "ingress"));
		if (jint(ord, "egress"))
			snprintf(out, sizeof(out), "%" PRId64, jint(ord, "egress"));
		printf("%-16s %-8s %-9s %5" PRId64 " %4s %4s %12" PRId64 " %12" PRId64 " %10" PRId64
		       " %10" PRId64 "\n",
		       jstr(o, "extension"), jstr(o, "kind"), jstr(o, "state"), jint(o, "prio"), in, out,
		       jint(pk, "ingress"), jint(pk, "egress"), jint(dr, "ingress"),
		       jint(dr, "egress"));
	}
}

#define ARGS_T struct xsw_ext_args
static const struct cli_cmd cmds[] = {
	CMD("show", show_opts, ARGS_T, .run = run_show, .text = ext_text),
	CMD("attach", attach_opts, ARGS_T, .run = run_attach, .write = true),
	CMD("detach", name_opts, ARGS_T, .run = run_detach, .write = true),
	CMD("enable", name_opts, ARGS_T, .run = run_enable, .write = true),
	CMD("disable", name_opts, ARGS_T, .run = run_disable, .write = true),
	CMD("set", set_opts, ARGS_T, .run = run_set, .write = true),
	{}
};
#undef ARGS_T

const struct cli_object ext_object = {
	.name = "ext",
	.cmds = cmds,
	.where = "FILE.o is built against the SDK header xsw/ext.h (see\n"
		 "examples/extensions/). Ingress runs captures, filters, the built-in\n"
		 "policy (acl), then the one forwarding extension; egress runs them the\n"
		 "other way round. Within a kind, lower prio first (0-1000000, default 0),\n"
		 "then the latest attached. An extension is attached disabled unless\n"
		 "enable on. The built-in acl and capture extensions belong to the acl\n"
		 "and capture commands.",
};
