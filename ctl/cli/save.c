// SPDX-License-Identifier: GPL-2.0
/* xswctl save [ SWITCH ]: the running configuration as xswctl commands, for
 * xswctl -batch. */
#include <stdio.h>

#include "cli.h"
#include "save.h"

struct save_args {
	const char *sw;
};

static const struct opt opts[] = {
	{ .meta = "SWITCH", .type = OPT_NAME, .flags = OPT_OPTIONAL,
	  .off = offsetof(struct save_args, sw), .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{}
};

static int run_save(const void *args, json_object **out)
{
	(void)out;
	return xsw_save(((const struct save_args *)args)->sw, stdout);
}

static const struct cli_cmd cmds[] = {
	CMD(NULL, opts, struct save_args, .run = run_save, .streams = true),
	{}
};

const struct cli_object save_object = {
	.name = "save",
	.cmds = cmds,
	.where = "prints every switch's configuration (or SWITCH's) as xswctl commands:\n"
		 "switches, ports with their mode, NIC type and lifecycle state, static FDB\n"
		 "entries, mirroring, ACLs, extensions with their objects, order and state,\n"
		 "VMQ. xswctl -batch FILE makes it again; applied to the running switches\n"
		 "it changes nothing. Every change also rewrites /etc/xsw/xsw.conf (see\n"
		 "xswctl help).",
};
