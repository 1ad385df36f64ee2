// SPDX-License-Identifier: GPL-2.0
/* Dynamic VMQ: the rebalancer's rounds. A caller samples, waits the switch's
 * interval without holding the lock, then balances: CPU load and the frames
 * each queue processed over the interval decide the moves (vmq_plan), which
 * are applied and logged to syslog. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <bpf/libbpf.h>

#include "vmq.h"

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int xsw_vmq_balance_set(const struct xsw_vmq_balance_args *a)
{
	struct xsw_switch sw;
	int err;

	err = switch_open(a->sw, &sw);
	if (err)
		return err;
	err = vmq_balance_settings_apply(&sw.cfg, &a->balance);
	if (!err) {
		err = switch_config_write(&sw);
		if (err)
			p_err(-err, "cannot save the balance settings: %s", xsw_strerror(err));
	}
	switch_close(&sw);
	return err;
}

int xsw_vmq_sample(const char *sw_name, struct xsw_vmq_sample *s)
{
	struct xsw_switch sw;
	__u32 i;
	int err;

	err = switch_open(sw_name, &sw);
	if (err)
		return err;
	s->ncpu = libbpf_num_possible_cpus();
	s->ncpu = s->ncpu < CPUS_MAX ? s->ncpu : CPUS_MAX;
	s->interval = sw.cfg.vmq_interval;
	err = cpu_times(s->t, s->ncpu);
	for (i = 0; !err && i < XSW_MAX_PORTS; i++)
		s->pkts[i] = i <= sw.cfg.max_port ? vmq_packets(&sw, i, NULL) : 0;
	switch_close(&sw);
	return err;
}

static json_object *move_json(struct xsw_switch *sw, const struct vmq_move *m)
{
	const struct xsw_config *cfg = &sw->cfg;
	json_object *o = json_object_new_object();
	struct xsw_port p = {};
	char why[64];

	port_get(sw, m->port, &p);
	if (m->home)
		snprintf(why, sizeof(why), "cpu %u busy %d%% < low %u%%", m->to, m->load, cfg->vmq_low);
	else
		snprintf(why, sizeof(why), "cpu %u busy %d%% > high %u%%", m->from, m->load,
			 cfg->vmq_high);
	syslog(LOG_INFO, "vmq: switch %s port %s: cpu %u -> %u (%s)", sw->name, p.name, m->from,
	       m->to, why);
	json_object_object_add(o, "switch", json_object_new_string(sw->name));
	json_object_object_add(o, "port", json_object_new_string(p.name));
	json_object_object_add(o, "from", json_object_new_int(m->from));
	json_object_object_add(o, "to", json_object_new_int(m->to));
	json_object_object_add(o, "reason", json_object_new_string(m->home ? "pack" : "spread"));
	json_object_object_add(o, "why", json_object_new_string(why));
	return o;
}

/* Applies @m to the queue table and the datapath. */
static int move_apply(struct xsw_switch *sw, struct xsw_vmq *q, const struct vmq_move *m,
		      __u64 now)
{
	struct xsw_vmq e = q[m->port];
	unsigned int i;
	int err;

	for (i = 0; i < XSW_VMQ_INDIR; i++)
		e.indir[i] = m->to;
	e.moves++;
	e.moved_ns = now;
	err = vmq_put(sw, m->port, &e);
	if (err)
		return p_err(-err, "cannot move the queue of port %u: %s", m->port, xsw_strerror(err));
	q[m->port] = e;
	return 0;
}

int xsw_vmq_balance(const char *sw_name, const struct xsw_vmq_sample *before, json_object **out)
{
	unsigned int ncpu = before->ncpu, n, i, nmoves;
	struct vmq_move *moves = calloc(XSW_MAX_PORTS, sizeof(*moves));
	__u64 *pkts = calloc(XSW_MAX_PORTS, sizeof(*pkts)), now;
	struct cpu_time t1[ncpu];
	struct xsw_vmq *q = NULL;
	struct xsw_switch sw;
	json_object *o, *arr;
	int load[ncpu], err;

	*out = NULL;
	err = switch_open(sw_name, &sw);
	if (err) {
		if (err == -ENOENT)
			p_err(ENOENT, "switch \"%s\" was deleted", sw_name);
		goto out_free;
	}
	err = pkts && moves ? cpu_times(t1, ncpu) : p_err(ENOMEM, "out of memory");
	q = err ? NULL : vmq_read(&sw, &n);
	if (!q) {
		err = err ?: -EIO;
		goto out;
	}
	for (i = 0; i < n; i++)
		pkts[i] = vmq_packets(&sw, i, NULL) - before->pkts[i];
	cpu_load(before->t, t1, ncpu, load);
	now = now_ns();
	nmoves = vmq_plan(q, n, load, ncpu, pkts, &sw.cfg, now, moves);

	o = json_object_new_object();
	json_object_object_add(o, "switch", json_object_new_string(sw.name));
	arr = json_object_new_array();
	for (i = 0; i < ncpu; i++)
		json_object_array_add(arr, json_object_new_int(load[i]));
	json_object_object_add(o, "load", arr);
	arr = json_object_new_array();
	for (i = 0; i < nmoves && !err; i++) {
		err = move_apply(&sw, q, &moves[i], now);
		if (!err)
			json_object_array_add(arr, move_json(&sw, &moves[i]));
	}
	json_object_object_add(o, "moves", arr);
	*out = o;
out:
	switch_close(&sw);
out_free:
	free(q);
	free(pkts);
	free(moves);
	return err;
}
