/* SPDX-License-Identifier: GPL-2.0 */
/* Storm limit: the broadcast, multicast and unknown unicast frames a port may
 * flood in a one-second window shared by every CPU. */
#ifndef XSW_LIB_STORM_H
#define XSW_LIB_STORM_H

#include "xsw_maps.h"

#define XSW_STORM_WINDOW_NS 1000000000ULL

/* A flooded frame of a port with a storm limit counts in the port's
 * one-second window (shared by every CPU); over the limit it is dropped. */
static __always_inline int xsw_storm_check(__u32 port, bool has_policy, __u64 now)
{
	struct xsw_policy *pol;
	struct xsw_storm *w;

	if (!has_policy)
		return 0;
	pol = bpf_map_lookup_elem(&xsw_policy, &port);
	if (!pol || !pol->storm_pps)
		return 0;
	w = bpf_map_lookup_elem(&xsw_storm, &port);
	if (!w)
		return 0;
	if (now - w->start_ns >= XSW_STORM_WINDOW_NS) {
		w->start_ns = now;	/* a race here costs a frame or two, not the limit */
		w->count = 0;
	}
	if (__sync_fetch_and_add(&w->count, 1) >= pol->storm_pps)
		return -XSW_DROP_STORM;
	return 0;
}

#endif /* XSW_LIB_STORM_H */
