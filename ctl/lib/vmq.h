/* SPDX-License-Identifier: GPL-2.0 */
/* VMQ: per-port receive CPUs, the default queue, dynamic rebalancing. */
#ifndef XSW_VMQ_H
#define XSW_VMQ_H

#include <stdio.h>
#include <json-c/json.h>

#include "cpuload.h"
#include "state.h"
#include "util.h"

/* --- policy (vmq_plan.c) ---------------------------------------------------- */

/* The queue's CPUs: round robin over @c in its indirection table. */
void indir_fill(struct xsw_vmq *q, const struct cpus *c);
void queue_cpus(const struct xsw_vmq *q, struct cpus *c);
/* The port asks for a queue: a weight and CPUs. */
bool wants_queue(const struct xsw_vmq *q);

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

/* --- the switch's queue table (vmq.c) --------------------------------------- */

/* Entries 0 to the highest port index of @sw; *@n of them. NULL, reported,
 * on failure. */
struct xsw_vmq *vmq_read(struct xsw_switch *sw, unsigned int *n);
int vmq_put(struct xsw_switch *sw, __u32 i, const struct xsw_vmq *q);
/* Frames of queue @index per CPU into @per_cpu (if not NULL); their sum. */
__u64 vmq_packets(struct xsw_switch *sw, __u32 index, __u64 *per_cpu);
/* The vmq commands that set the switch's queues up again. */
void vmq_save(struct xsw_switch *sw, FILE *out);
/* port show's vmq fields (vmq_show.c). */
void vmq_show_port(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		   json_object *o);

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

/* The rebalancer's settings, kept in the switch's config. */
struct vmq_balance_settings {
	bool has_interval, has_high, has_low, has_dwell;
	__u32 interval, high, low, dwell;	/* seconds, %, %, seconds */
};

/* Sets those given in @cfg; refuses low not below high. */
int vmq_balance_settings_apply(struct xsw_config *cfg, const struct vmq_balance_settings *b);

struct xsw_vmq_args {
	const char *sw;
	const char *port;	/* set */
	const char *dev;	/* rxq */
	bool has_cpus;		/* set, default, rxq */
	struct cpus cpus;	/* empty: none */
	bool has_weight;	/* set */
	__u32 weight;		/* 0..100, 0 = no queue */
	__u32 queues;		/* default: ports that may own a queue, 0 = keep */
	__u32 queue;		/* rxq: the receive queue */
	struct vmq_balance_settings balance;	/* default */
};

int xsw_vmq_set(const struct xsw_vmq_args *a);
int xsw_vmq_default(const struct xsw_vmq_args *a);
int xsw_vmq_rxq(const struct xsw_vmq_args *a);
/* The switch's queues, their CPUs and counts, and each CPU's load over a
 * short sample. */
int xsw_vmq_show(const char *sw, json_object **out);

/* --- the rebalancer (vmq_balance.c) ----------------------------------------- */

struct xsw_vmq_balance_args {
	const char *sw;
	struct vmq_balance_settings balance;
	bool once;		/* one interval, then stop */
};

/* What a round compares against. */
struct xsw_vmq_sample {
	__u32 interval;		/* the switch's, seconds: how long to wait */
	unsigned int ncpu;
	struct cpu_time t[CPUS_MAX];
	__u64 pkts[XSW_MAX_PORTS];
};

/* Saves the balance settings given. */
int xsw_vmq_balance_set(const struct xsw_vmq_balance_args *a);
int xsw_vmq_sample(const char *sw, struct xsw_vmq_sample *s);
/* One round against @before: {"load": [busy % by CPU], "moves": [...]}. */
int xsw_vmq_balance(const char *sw, const struct xsw_vmq_sample *before, json_object **out);

#endif /* XSW_VMQ_H */
