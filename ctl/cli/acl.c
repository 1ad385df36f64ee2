// SPDX-License-Identifier: GPL-2.0
/* xswctl acl: port ACLs. */
#include <inttypes.h>
#include <stdio.h>

#include "acl.h"
#include "cli.h"
#include "util.h"

static const int action_values[] = { XSW_ACL_ALLOW, XSW_ACL_DENY, XSW_ACL_METER };

#define A struct xsw_acl_args
#define ARG_ACTION(fl)                                                             \
	{ .key = "action", .type = OPT_WORD, .flags = (fl), .words = acl_actions + 1,  \
	  .values = action_values, .off = offsetof(A, action) }
#define ARG_SIDE(key_, val)                                                        \
	{ .key = (key_), .meta = "{ MAC | PREFIX }", .type = OPT_ADDR,                \
	  .flags = OPT_REQUIRED, .off = offsetof(A, addr), .group = 1,               \
	  .choice = HAS(A, side), .choice_val = (val), .what = "address" }

static const struct opt add_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	{ .key = "dir", .type = OPT_WORD, .flags = OPT_REQUIRED, .words = acl_dirs,
	  .off = offsetof(A, dir) },
	ARG_ACTION(OPT_REQUIRED),
	ARG_SIDE("local", XSW_ACL_LOCAL),
	ARG_SIDE("remote", XSW_ACL_REMOTE),
	{}
};

static const struct opt del_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	{ .key = "dir", .type = OPT_WORD, .flags = OPT_REQUIRED, .words = acl_dirs,
	  .off = offsetof(A, dir) },
	ARG_ACTION(0),
	ARG_SIDE("local", XSW_ACL_LOCAL),
	ARG_SIDE("remote", XSW_ACL_REMOTE),
	{}
};

static const struct opt show_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, OPT_OPTIONAL),
	{}
};
#undef A

static int acl_check(const void *args)
{
	return xsw_acl_check(args);
}

RUN_CHANGE(run_add, xsw_acl_add)
RUN_CHANGE(run_del, xsw_acl_del)
RUN_SHOW(run_show, xsw_acl_show)

static void acl_text(json_object *arr)
{
	size_t i;

	printf("%-16s %-4s %-6s %-7s %-43s %12s %14s\n", "PORT", "DIR", "ACTION", "SIDE",
	       "ADDRESS", "PACKETS", "BYTES");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i);

		printf("%-16s %-4s %-6s %-7s %-43s %12" PRId64 " %14" PRId64 "\n", jstr(o, "port"),
		       jstr(o, "dir"), jstr(o, "action"), jstr(o, "side"),
		       *jstr(o, "prefix") ? jstr(o, "prefix") : jstr(o, "mac"), jint(o, "packets"),
		       jint(o, "bytes"));
	}
}

#define ARGS_T struct xsw_acl_args
static const struct cli_cmd cmds[] = {
	CMD("show", show_opts, ARGS_T, .run = run_show, .text = acl_text),
	CMD("add", add_opts, ARGS_T, .check = acl_check, .run = run_add, .write = true),
	CMD("del", del_opts, ARGS_T, .check = acl_check, .run = run_del, .write = true),
	{}
};
#undef ARGS_T

const struct cli_object acl_object = {
	.name = "acl",
	.cmds = cmds,
	.where = "dir is the VM's: in = what the port receives, out = what it sends;\n"
		 "local is the VM's address, remote the other side's. PREFIX is IPv4 or\n"
		 "IPv6 ADDR[/LEN]. Among IP rules the longest prefix wins (deny on a tie);\n"
		 "MAC rules apply when no IP rule matches; no match allows. meter allows\n"
		 "and counts; every rule counts the packets and bytes it matched.",
};
