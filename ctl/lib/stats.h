/* SPDX-License-Identifier: GPL-2.0 */
/* Per-port counters, summed over CPUs. */
#ifndef XSW_STATS_H
#define XSW_STATS_H

#include <json-c/json.h>

#include "state.h"

int stats_read(struct xsw_switch *sw, __u32 index, struct xsw_port_stats *sum);
int stats_clear(struct xsw_switch *sw, __u32 index);
/* {"rx_packets": ..., ..., "drops": {reason: n, ...}} */
json_object *stats_json(const struct xsw_port_stats *s);

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_stats_args {
	const char *sw;
	const char *port;	/* NULL: every port, and drops of frames from no port */
};

/* An array of {"port", "stats"}. */
int xsw_stats_show(const struct xsw_stats_args *a, json_object **out);

#endif /* XSW_STATS_H */
