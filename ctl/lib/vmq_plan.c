// SPDX-License-Identifier: GPL-2.0
/* VMQ policy, apart from the maps it is applied to: which ports get a queue,
 * and where the rebalancer moves queues. */
#include <stdlib.h>
#include <string.h>

#include "vmq.h"

_Static_assert(CPUS_MAX == XSW_VMQ_CPUS_MAX, "a CPU set holds every CPU a queue may use");

void indir_fill(struct xsw_vmq *q, const struct cpus *c)
{
	unsigned int i, n = cpus_count(c);

	for (i = 0; i < XSW_VMQ_INDIR; i++)
		q->indir[i] = cpus_nth(c, i % n);
	q->ncpus = n;
	q->home = q->indir[0];
}

void queue_cpus(const struct xsw_vmq *q, struct cpus *c)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; q->ncpus && i < XSW_VMQ_INDIR; i++)
		cpus_add(c, q->indir[i]);
}

bool wants_queue(const struct xsw_vmq *q)
{
	return q->weight && q->ncpus;
}

static const struct xsw_vmq *cmp_q;

static int seq_cmp(const void *a, const void *b)
{
	__u64 x = cmp_q[*(const unsigned int *)a].seq, y = cmp_q[*(const unsigned int *)b].seq;

	return x < y ? -1 : x > y;
}

unsigned int vmq_allocate(struct xsw_vmq *q, unsigned int n, unsigned int cap)
{
	unsigned int *order = calloc(n, sizeof(*order)), m = 0, i;

	if (!order)
		return 0;
	for (i = 1; i < n; i++) {
		if (wants_queue(&q[i]))
			order[m++] = i;
		else
			q[i].state = XSW_VMQ_OFF;
	}
	cmp_q = q;
	qsort(order, m, sizeof(*order), seq_cmp);
	for (i = 0; i < m; i++)
		q[order[i]].state = i < cap ? XSW_VMQ_QUEUE : XSW_VMQ_WAITING;
	free(order);
	return m < cap ? m : cap;
}

/* A one-CPU queue the rebalancer may move now. */
static bool movable(const struct xsw_vmq *q, __u64 dwell_ns, __u64 now)
{
	return q->state == XSW_VMQ_QUEUE && q->ncpus == 1 &&
	       (!q->moved_ns || now - q->moved_ns >= dwell_ns);
}

unsigned int vmq_plan(const struct xsw_vmq *q, unsigned int n, const int *load,
		      unsigned int ncpu, const __u64 *pkts, const struct xsw_config *cfg,
		      __u64 now, struct vmq_move *moves)
{
	__u64 dwell = cfg->vmq_dwell * 1000000000ULL;
	bool taken[CPUS_MAX] = {}, moved[XSW_MAX_PORTS] = {};
	unsigned int m = 0, cpu, t, p, best;
	int target;

	/* spread: the busiest queue of each saturated CPU to the idlest CPU */
	for (cpu = 0; cpu < ncpu && cpu < CPUS_MAX; cpu++) {
		if (load[cpu] <= cfg->vmq_high)
			continue;
		best = 0;
		for (p = 1; p < n; p++)
			if (movable(&q[p], dwell, now) && q[p].indir[0] == cpu && pkts[p] &&
			    (!best || pkts[p] > pkts[best]))
				best = p;
		target = -1;
		for (t = 0; t < ncpu && t < CPUS_MAX; t++)
			if (t != cpu && load[t] >= 0 && load[t] < cfg->vmq_low && !taken[t] &&
			    (target < 0 || load[t] < load[target]))
				target = t;
		if (!best || target < 0)
			continue;
		taken[target] = true;
		moved[best] = true;
		moves[m++] = (struct vmq_move){ .port = best, .from = cpu, .to = target,
						.load = load[cpu] };
	}
	/* pack: a queue away from home goes back when both CPUs are quiet */
	for (p = 1; p < n; p++) {
		cpu = q[p].indir[0];
		if (moved[p] || !movable(&q[p], dwell, now) || cpu == q[p].home ||
		    q[p].home >= ncpu || cpu >= ncpu)
			continue;
		if (load[q[p].home] < 0 || load[q[p].home] >= cfg->vmq_low ||
		    load[cpu] >= cfg->vmq_low)
			continue;
		moves[m++] = (struct vmq_move){ .port = p, .from = cpu, .to = q[p].home,
						.load = load[q[p].home], .home = true };
	}
	return m;
}

