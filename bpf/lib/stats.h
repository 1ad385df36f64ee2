/* SPDX-License-Identifier: GPL-2.0 */
/* Per-port, per-CPU counters. */
#ifndef XSW_LIB_STATS_H
#define XSW_LIB_STATS_H

#include "xsw_maps.h"

static __always_inline struct xsw_port_stats *xsw_stats_of(__u32 port)
{
	return bpf_map_lookup_elem(&xsw_stats, &port);
}

/* The one place a drop is counted. @reason is a negative enum xsw_drop_reason. */
static __always_inline void xsw_count_drop(__u32 port, int reason)
{
	struct xsw_port_stats *s = xsw_stats_of(port);
	__u32 r = -reason;

	/* bounds the index itself, not @reason before the negation: the
	 * verifier of 6.1 cannot carry @reason's bounds across it */
	asm volatile("" : "+r"(r));
	if (s && r < XSW_DROP_COUNTED)
		s->drops[r]++;
}

static __always_inline void xsw_count_tx(__u32 port, __u32 len)
{
	struct xsw_port_stats *s = xsw_stats_of(port);

	if (s) {
		s->tx_packets++;
		s->tx_bytes += len;
	}
}

#endif /* XSW_LIB_STATS_H */
