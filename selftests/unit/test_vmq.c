// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of the VMQ controller's decisions: who gets a queue when
 * queues are scarce, and where the rebalancer moves queues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmq.h"

#define SEC 1000000000ULL

static void queue(struct xsw_vmq *q, __u16 cpu, __u64 seq)
{
	unsigned int i;

	memset(q, 0, sizeof(*q));
	for (i = 0; i < XSW_VMQ_INDIR; i++)
		q->indir[i] = cpu;
	q->ncpus = 1;
	q->home = cpu;
	q->weight = 100;
	q->seq = seq;
	q->state = XSW_VMQ_QUEUE;
}

static void test_allocate_first_come(void **state)
{
	struct xsw_vmq q[5] = {};

	(void)state;
	queue(&q[1], 0, 30);
	queue(&q[2], 1, 10);
	queue(&q[3], 0, 20);
	queue(&q[4], 1, 40);
	q[4].weight = 0;			/* VMQ off: never a queue */
	assert_int_equal(vmq_allocate(q, 5, 2), 2);
	assert_int_equal(q[2].state, XSW_VMQ_QUEUE);	/* asked first */
	assert_int_equal(q[3].state, XSW_VMQ_QUEUE);
	assert_int_equal(q[1].state, XSW_VMQ_WAITING);	/* asked last */
	assert_int_equal(q[4].state, XSW_VMQ_OFF);
	/* a queue freed goes to the port waiting */
	q[2].weight = 0;
	assert_int_equal(vmq_allocate(q, 5, 2), 2);
	assert_int_equal(q[1].state, XSW_VMQ_QUEUE);
	assert_int_equal(q[2].state, XSW_VMQ_OFF);
	/* a lower cap takes the latest grants back */
	assert_int_equal(vmq_allocate(q, 5, 1), 1);
	assert_int_equal(q[3].state, XSW_VMQ_QUEUE);
	assert_int_equal(q[1].state, XSW_VMQ_WAITING);
}

static const struct xsw_config cfg = { .vmq_high = 80, .vmq_low = 30, .vmq_dwell = 10 };

static void test_plan_spreads_the_busiest(void **state)
{
	struct xsw_vmq q[4] = {};
	__u64 pkts[4] = { 0, 100, 900, 50 };
	int load[3] = { 95, 40, 10 };
	struct vmq_move m[4];

	(void)state;
	queue(&q[1], 0, 1);
	queue(&q[2], 0, 2);
	queue(&q[3], 1, 3);
	assert_int_equal(vmq_plan(q, 4, load, 3, pkts, &cfg, 100 * SEC, m), 1);
	assert_int_equal(m[0].port, 2);		/* the busiest queue of CPU 0 */
	assert_int_equal(m[0].from, 0);
	assert_int_equal(m[0].to, 2);		/* the idlest CPU under low */
	assert_false(m[0].home);
	assert_int_equal(m[0].load, 95);
}

static void test_plan_needs_an_idle_cpu_and_traffic(void **state)
{
	struct xsw_vmq q[2] = {};
	__u64 pkts[2] = { 0, 100 }, none[2] = { 0, 0 };
	int busy[2] = { 95, 60 }, idle[2] = { 95, 5 };
	struct vmq_move m[2];

	(void)state;
	queue(&q[1], 0, 1);
	assert_int_equal(vmq_plan(q, 2, busy, 2, pkts, &cfg, 100 * SEC, m), 0);
	assert_int_equal(vmq_plan(q, 2, idle, 2, none, &cfg, 100 * SEC, m), 0);
	assert_int_equal(vmq_plan(q, 2, idle, 2, pkts, &cfg, 100 * SEC, m), 1);
}

static void test_plan_packs_back_home_after_dwell(void **state)
{
	struct xsw_vmq q[2] = {};
	__u64 pkts[2] = { 0, 100 };
	int quiet[2] = { 5, 10 }, home_busy[2] = { 50, 10 };
	struct vmq_move m[2];
	unsigned int i;

	(void)state;
	queue(&q[1], 0, 1);
	for (i = 0; i < XSW_VMQ_INDIR; i++)
		q[1].indir[i] = 1;		/* moved away from home CPU 0 */
	q[1].moved_ns = 95 * SEC;
	/* within the dwell time nothing moves */
	assert_int_equal(vmq_plan(q, 2, quiet, 2, pkts, &cfg, 100 * SEC, m), 0);
	/* home not quiet yet */
	assert_int_equal(vmq_plan(q, 2, home_busy, 2, pkts, &cfg, 110 * SEC, m), 0);
	assert_int_equal(vmq_plan(q, 2, quiet, 2, pkts, &cfg, 110 * SEC, m), 1);
	assert_int_equal(m[0].from, 1);
	assert_int_equal(m[0].to, 0);
	assert_true(m[0].home);
}

static void test_plan_leaves_vmmq_and_waiting_alone(void **state)
{
	struct xsw_vmq q[3] = {};
	__u64 pkts[3] = { 0, 100, 100 };
	int load[2] = { 99, 0 };
	struct vmq_move m[3];
	unsigned int i;

	(void)state;
	queue(&q[1], 0, 1);
	for (i = 0; i < XSW_VMQ_INDIR; i += 2)
		q[1].indir[i + 1] = 1;		/* VMMQ over CPUs 0 and 1 */
	q[1].ncpus = 2;
	queue(&q[2], 0, 2);
	q[2].state = XSW_VMQ_WAITING;
	assert_int_equal(vmq_plan(q, 3, load, 2, pkts, &cfg, 100 * SEC, m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allocate_first_come),
		cmocka_unit_test(test_plan_spreads_the_busiest),
		cmocka_unit_test(test_plan_needs_an_idle_cpu_and_traffic),
		cmocka_unit_test(test_plan_packs_back_home_after_dwell),
		cmocka_unit_test(test_plan_leaves_vmmq_and_waiting_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
