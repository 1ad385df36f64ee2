/* SPDX-License-Identifier: GPL-2.0 */
/* VMQ: per-port receive CPUs, the default queue, dynamic rebalancing. */
#ifndef XSW_VMQ_H
#define XSW_VMQ_H

#include <json-c/json.h>

#include "state.h"

/* Gives queues to the ports that want one (weight > 0, CPUs set) in the
 * order they asked, as many as @cap; the others wait. @q[0], the default
 * queue, is left alone. Returns the number of ports with a queue. */
unsigned int vmq_allocate(struct xsw_vmq *q, unsigned int n, unsigned int cap);

/* A decision of the rebalancer. */
struct vmq_move {
	__u32 port;
	__u16 from, to;
	int load;		/* busy % of the CPU that made the decision */
	bool home;		/* packing back onto the home CPU */
};

/* The rebalancer's decisions for one interval. @load[c]: busy % of CPU c,
 * -1 when it is offline; @pkts[p]: frames port p's queue processed. At most
 * one queue leaves each CPU over @cfg->vmq_high, for the least busy CPU
 * under vmq_low; a queue away from home goes back once both its CPU and its
 * home are under vmq_low. A queue that moved less than vmq_dwell seconds
 * ago stays. Returns the number of moves written to @moves (at most @n). */
unsigned int vmq_plan(const struct xsw_vmq *q, unsigned int n, const int *load,
		      unsigned int ncpu, const __u64 *pkts, const struct xsw_config *cfg,
		      __u64 now_ns, struct vmq_move *moves);

/* The port lost its NIC: its queue goes (to the first port waiting). */
void vmq_port_release(struct xsw_switch *sw, __u32 index, __u32 ifindex);
/* port show's "vmq" field. */
void vmq_port_json(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		   json_object *o);

#endif /* XSW_VMQ_H */
