// SPDX-License-Identifier: GPL-2.0
/* xswctl mirror: Hyper-V port mirroring. */
#include <stdio.h>

#include "cli.h"
#include "mirror.h"
#include "util.h"

#define A struct xsw_mirror_args
static const struct opt set_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	{ .key = "mode", .type = OPT_WORD, .flags = OPT_REQUIRED, .words = mirror_modes,
	  .off = offsetof(A, mode), .what = "mirror mode" },
	{}
};

static const struct opt show_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, OPT_OPTIONAL),
	{}
};
#undef A

RUN_CHANGE(run_set, xsw_mirror_set)
RUN_SHOW(run_show, xsw_mirror_show)

static void mirror_text(json_object *arr)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i);

		printf("%-15s mirror %s\n", jstr(o, "port"), jstr(o, "mirror"));
	}
}

#define ARGS_T struct xsw_mirror_args
static const struct cli_cmd cmds[] = {
	CMD("set", set_opts, ARGS_T, .run = run_set, .write = true),
	CMD("show", show_opts, ARGS_T, .run = run_show, .text = mirror_text),
	{}
};
#undef ARGS_T

const struct cli_object mirror_object = {
	.name = "mirror",
	.cmds = cmds,
	.where = "what a source port sends or receives is also delivered to every\n"
		 "destination port of the switch.",
};
