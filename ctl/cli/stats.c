// SPDX-License-Identifier: GPL-2.0
/* xswctl stats: per-port counters and drops by reason. */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "stats.h"
#include "util.h"

#define A struct xsw_stats_args
static const struct opt show_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, OPT_OPTIONAL),
	{}
};
#undef A

RUN_SHOW(run_show, xsw_stats_show)

static void stats_text(json_object *arr)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *p = json_object_array_get_idx(arr, i);
		json_object *s = json_object_object_get(p, "stats");
		json_object *d = json_object_object_get(s, "drops");
		bool any = false;

		printf("port %s\n", *jstr(p, "port") ? jstr(p, "port") : "(none)");
		printf("    rx %" PRId64 " packets %" PRId64 " bytes (broadcast %" PRId64
		       " multicast %" PRId64 " unknown unicast %" PRId64 ")\n",
		       jint(s, "rx_packets"), jint(s, "rx_bytes"), jint(s, "rx_broadcast"),
		       jint(s, "rx_multicast"), jint(s, "rx_unknown_unicast"));
		printf("    tx %" PRId64 " packets %" PRId64 " bytes\n    drops:",
		       jint(s, "tx_packets"), jint(s, "tx_bytes"));
		json_object_object_foreach(d, reason, n) {
			if (json_object_get_int64(n)) {
				printf(" %s %" PRId64, reason, json_object_get_int64(n));
				any = true;
			}
		}
		printf("%s\n", any ? "" : " none");
	}
}

static const struct cli_cmd cmds[] = {
	CMD("show", show_opts, struct xsw_stats_args, .run = run_show, .text = stats_text),
	{}
};

const struct cli_object stats_object = {
	.name = "stats",
	.cmds = cmds,
	.where = "counters are per port: rx/tx packets and bytes, broadcast, multicast\n"
		 "and unknown unicast received, and drops by reason.",
};
