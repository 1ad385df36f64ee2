// SPDX-License-Identifier: GPL-2.0
/* xswctl save [ SWITCH ]: the running configuration as xswctl commands, for
 * xswctl -batch. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "save.h"

struct save_args {
	const char *sw;
};

static const struct opt opts[] = {
	{ .meta = "SWITCH", .type = OPT_NAME, .flags = OPT_OPTIONAL | OPT_PIN,
	  .off = offsetof(struct save_args, sw), .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{}
};

/* Text: the commands as they are; JSON: an array of them. */
static int run_save(const void *args, json_object **out)
{
	char *text = NULL, *line, *next;
	size_t size;
	FILE *f;
	int err;

	if (!xsw_json)
		return xsw_save(((const struct save_args *)args)->sw, stdout);
	f = open_memstream(&text, &size);
	if (!f)
		return -ENOMEM;
	err = xsw_save(((const struct save_args *)args)->sw, f);
	fclose(f);
	*out = err ? NULL : json_object_new_array();
	for (line = text; !err && line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line && *line != '#')
			json_object_array_add(*out, json_object_new_string(line));
	}
	free(text);
	return err;
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
