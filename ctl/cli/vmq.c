// SPDX-License-Identifier: GPL-2.0
/* xswctl vmq: per-port receive CPUs, the default queue, and the rebalancer,
 * which runs here as a foreground loop. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <time.h>
#include <sys/file.h>

#include "cli.h"
#include "output.h"
#include "vmq.h"

/* The rebalancer's settings, in struct vmq_balance_settings @b of @T. */
#define ARG_BALANCE(T, b)                                                              \
	{ .key = "interval", .meta = "SECONDS", .type = OPT_U32,                          \
	  .off = offsetof(T, b.interval), .has = HAS(T, b.has_interval), .min = 1,        \
	  .max = 3600 },                                                                  \
	{ .key = "high", .meta = "PERCENT", .type = OPT_U32, .off = offsetof(T, b.high),  \
	  .has = HAS(T, b.has_high), .min = 1, .max = 100 },                              \
	{ .key = "low", .meta = "PERCENT", .type = OPT_U32, .off = offsetof(T, b.low),    \
	  .has = HAS(T, b.has_low), .max = 99 },                                          \
	{ .key = "dwell", .meta = "SECONDS", .type = OPT_U32, .off = offsetof(T, b.dwell), \
	  .has = HAS(T, b.has_dwell), .max = 65535 }

#define A struct xsw_vmq_args
#define ARG_CPUS(fl)                                                               \
	{ .key = "cpus", .meta = "CPULIST", .type = OPT_CPUS, .flags = (fl),           \
	  .off = offsetof(A, cpus), .has = HAS(A, has_cpus), .group = 1 }

static const struct opt set_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	{ .key = "cpu", .meta = "CPU", .type = OPT_CPU, .off = offsetof(A, cpus),
	  .has = HAS(A, has_cpus), .group = 1 },
	ARG_CPUS(0),
	{ .key = "weight", .meta = "0..100", .type = OPT_U32, .off = offsetof(A, weight),
	  .has = HAS(A, has_weight), .max = 100 },
	{}
};

static const struct opt default_opts[] = {
	ARG_SWITCH(A, sw),
	{ .key = "cpus", .meta = "{ CPULIST | none }", .type = OPT_CPUS, .flags = OPT_NONE,
	  .off = offsetof(A, cpus), .has = HAS(A, has_cpus) },
	{ .key = "queues", .meta = "N", .type = OPT_U32, .off = offsetof(A, queues), .min = 1,
	  .max = XSW_MAX_PORTS - 1 },
	ARG_BALANCE(A, balance),
	{}
};

static const struct opt rxq_opts[] = {
	ARG_SWITCH(A, sw),
	{ .meta = "IFNAME", .type = OPT_NAME, .off = offsetof(A, dev), .max = XSW_NAME_LEN,
	  .what = "device name" },
	{ .key = "queue", .meta = "Q", .type = OPT_U32, .flags = OPT_REQUIRED,
	  .off = offsetof(A, queue), .max = 65535 },
	{ .key = "cpu", .meta = "{ CPU | none }", .type = OPT_CPU, .flags = OPT_REQUIRED | OPT_NONE,
	  .off = offsetof(A, cpus), .has = HAS(A, has_cpus) },
	{}
};

static const struct opt show_opts[] = {
	ARG_SWITCH(A, sw),
	{}
};
#undef A

#define A struct xsw_vmq_balance_args
static const struct opt balance_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_BALANCE(A, balance),
	{ .key = "once", .type = OPT_FLAG, .off = offsetof(A, once) },
	{}
};
#undef A

static int set_check(const void *args)
{
	const struct xsw_vmq_args *a = args;

	if (!a->has_cpus && !a->has_weight)
		return p_err(EINVAL, "missing cpu CPU, cpus CPULIST or weight 0..100");
	return 0;
}

static int default_check(const void *args)
{
	const struct xsw_vmq_args *a = args;

	const struct vmq_balance_settings *b = &a->balance;

	if (!a->has_cpus && !a->queues && !b->has_interval && !b->has_high && !b->has_low &&
	    !b->has_dwell)
		return p_err(EINVAL, "missing cpus CPULIST, queues N or a balance setting");
	return 0;
}

RUN_CHANGE(run_set, xsw_vmq_set)
RUN_CHANGE(run_default, xsw_vmq_default)
RUN_CHANGE(run_rxq, xsw_vmq_rxq)

static int run_show(const void *args, json_object **out)
{
	return xsw_vmq_show(((const struct xsw_vmq_args *)args)->sw, out);
}

static void packets_text(json_object *q)
{
	json_object *arr;
	size_t i;

	json_object_object_get_ex(q, "packets", &arr);
	printf(" packets");
	for (i = 0; i < json_object_array_length(arr); i++)
		printf(" %zu:%" PRId64, i, json_object_get_int64(json_object_array_get_idx(arr, i)));
	printf("\n");
}

static void vmq_text(json_object *o)
{
	json_object *b, *arr, *e, *c;
	char list[128];
	size_t i;

	json_object_object_get_ex(o, "balance", &b);
	printf("switch %s: queues %" PRId64 " of %" PRId64 ", balance high %" PRId64
	       "%% low %" PRId64 "%% interval %" PRId64 "s dwell %" PRId64 "s\n",
	       jstr(o, "switch"), jint(o, "used"), jint(o, "queues"), jint(b, "high"),
	       jint(b, "low"), jint(b, "interval"), jint(b, "dwell"));
	json_object_object_get_ex(o, "default", &e);
	json_object_object_get_ex(e, "cpus", &c);
	cpus_text(c, list, sizeof(list));
	printf("  %-15s %-8s cpus %s%s", "(default)", "queue", list,
	       json_object_array_length(c) ? "" : " (where received)");
	packets_text(e);
	json_object_object_get_ex(o, "ports", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		json_object_object_get_ex(e, "cpus", &c);
		cpus_text(c, list, sizeof(list));
		printf("  %-15s %-8s cpus %s", jstr(e, "port"), jstr(e, "state"), list);
		if (json_object_object_get_ex(e, "home", &c) && c)
			printf(" home %d", json_object_get_int(c));
		printf(" weight %" PRId64 " moves %" PRId64, jint(e, "weight"), jint(e, "moves"));
		packets_text(e);
	}
	json_object_object_get_ex(o, "rxq", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		printf("  rxq %s queue %" PRId64 " -> cpu %" PRId64 "\n", jstr(e, "dev"),
		       jint(e, "queue"), jint(e, "cpu"));
	}
	json_object_object_get_ex(o, "cpus", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		c = json_object_object_get(e, "busy");
		printf("  cpu %-3" PRId64 " busy %s%s queues %" PRId64 " packets %" PRId64 "\n",
		       jint(e, "cpu"), c ? json_object_get_string(c) : "-", c ? "%" : "",
		       jint(e, "queues"), jint(e, "packets"));
	}
}

/* --- vmq balance ---------------------------------------------------------- */

static bool balance_once;

static void balance_text(json_object *o)
{
	json_object *moves, *load, *m;
	size_t i;

	json_object_object_get_ex(o, "moves", &moves);
	for (i = 0; i < json_object_array_length(moves); i++) {
		m = json_object_array_get_idx(moves, i);
		printf("%s: cpu %" PRId64 " -> %" PRId64 " (%s)\n", jstr(m, "port"), jint(m, "from"),
		       jint(m, "to"), jstr(m, "why"));
	}
	if (json_object_array_length(moves) || !balance_once)
		return;
	json_object_object_get_ex(o, "load", &load);
	printf("no move: busy");
	for (i = 0; i < json_object_array_length(load); i++)
		printf(" %zu:%s%%", i, json_object_get_string(json_object_array_get_idx(load, i)));
	printf("\n");
}

/* Waits @seconds with the lock dropped; false when told to stop. */
static bool balance_wait(unsigned int seconds)
{
	struct timespec ts = { .tv_sec = seconds };

	xsw_lock(LOCK_UN);
	while (!cli_stopped && nanosleep(&ts, &ts) && errno == EINTR)
		;
	xsw_lock(LOCK_EX);
	return !cli_stopped;
}

static int run_balance(const void *args, json_object **out)
{
	const struct xsw_vmq_balance_args *a = args;
	struct xsw_vmq_sample *s = malloc(sizeof(*s));
	json_object *round;
	int err;

	(void)out;
	err = s ? xsw_vmq_balance_set(a) : -ENOMEM;
	if (err)
		goto out;
	openlog("xswctl", LOG_PID, LOG_DAEMON);
	cli_stop_on_signals();
	balance_once = a->once;
	do {
		err = xsw_vmq_sample(a->sw, s);
		if (err || !balance_wait(s->interval))
			break;
		err = xsw_vmq_balance(a->sw, s, &round);
		if (!err) {
			xsw_print(round, balance_text);
			fflush(stdout);
		}
	} while (!err && !a->once && !cli_stopped);
	closelog();
out:
	free(s);
	return err;
}

#define ARGS_T struct xsw_vmq_args
static const struct cli_cmd cmds[] = {
	CMD("set", set_opts, ARGS_T, .check = set_check, .run = run_set, .write = true),
	CMD("default", default_opts, ARGS_T, .check = default_check, .run = run_default, .write = true),
	CMD("rxq", rxq_opts, ARGS_T, .run = run_rxq, .write = true),
	CMD("show", show_opts, ARGS_T, .run = run_show, .text = vmq_text),
	CMD("balance", balance_opts, struct xsw_vmq_balance_args, .run = run_balance, .write = true, .streams = true),
	{}
};
#undef ARGS_T

const struct cli_object vmq_object = {
	.name = "vmq",
	.cmds = cmds,
	.where = "frames received on XDP ports are processed on the CPU of their\n"
		 "destination port's queue: cpu (VMQ), or cpus spread by flow hash\n"
		 "(VMMQ). Other frames use the default queue: the CPU mapped to their\n"
		 "receive queue (rxq), else the default cpus by flow hash, else the\n"
		 "CPU they arrived on. weight 0 turns a port's queue off; queues caps\n"
		 "the ports with a queue (first come first served, the others wait).\n"
		 "balance moves one-CPU queues off CPUs busier than high % to CPUs\n"
		 "under low %, and back home when both are under low %, never twice\n"
		 "within dwell seconds; it runs until interrupted, or one interval\n"
		 "with once; default keeps the same settings without running it. CPULIST:\n"
		 "0-3,6. tc-mode ports cannot have a queue.",
};
