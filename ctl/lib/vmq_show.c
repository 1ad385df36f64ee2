// SPDX-License-Identifier: GPL-2.0
/* vmq show: the switch's queues, their CPUs and frame counts, each CPU's
 * load; and the vmq fields of port show. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "vmq.h"

static const char *const vmq_states[] = { "off", "queue", "waiting" };

static json_object *cpus_json(const struct cpus *c)
{
	json_object *a = json_object_new_array();
	unsigned int cpu;

	for (cpu = 0; cpu < CPUS_MAX; cpu++)
		if (cpus_has(c, cpu))
			json_object_array_add(a, json_object_new_int(cpu));
	return a;
}

static const char *port_vmq_state(const struct xsw_vmq *q)
{
	return vmq_states[q->state % ARRAY_SIZE(vmq_states)];
}

void vmq_show_port(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		   json_object *o)
{
	struct xsw_vmq q = {};
	struct cpus c;

	(void)p;	/* any port with a NIC may have a queue */
	bpf_map__lookup_elem(sw->skel->maps.xsw_vmq, &index, sizeof(index), &q, sizeof(q), 0);
	queue_cpus(&q, &c);
	json_object_object_add(o, "vmq", json_object_new_string(port_vmq_state(&q)));
	json_object_object_add(o, "vmq_cpus", cpus_json(&c));
}

static json_object *packets_json(const __u64 *per_cpu, unsigned int ncpu)
{
	json_object *a = json_object_new_array();
	unsigned int cpu;

	for (cpu = 0; cpu < ncpu; cpu++)
		json_object_array_add(a, json_object_new_uint64(per_cpu[cpu]));
	return a;
}

static json_object *queue_json(struct xsw_switch *sw, __u32 index, const struct xsw_vmq *q,
			       unsigned int ncpu, __u64 *cpu_pkts)
{
	json_object *o = json_object_new_object();
	__u64 per_cpu[ncpu];
	unsigned int cpu;
	struct cpus c;

	queue_cpus(q, &c);
	vmq_packets(sw, index, per_cpu);
	for (cpu = 0; cpu < ncpu; cpu++)
		cpu_pkts[cpu] += per_cpu[cpu];
	json_object_object_add(o, "cpus", cpus_json(&c));
	json_object_object_add(o, "packets", packets_json(per_cpu, ncpu));
	return o;
}

int xsw_vmq_show(const char *sw_name, json_object **out)
{
	unsigned int ncpu = libbpf_num_possible_cpus(), n, cpu, queues[ncpu];
	json_object *o, *ports, *rxq, *cpus, *e;
	struct cpu_time t0[ncpu], t1[ncpu];
	struct xsw_vmq_rxq_key k, next;
	__u64 cpu_pkts[ncpu];
	struct xsw_vmq *q;
	struct xsw_port p;
	void *prev = NULL;
	struct xsw_switch swbuf, *sw = &swbuf;
	int load[ncpu], err;
	__u32 i, rcpu, used = 0;

	*out = NULL;
	for (cpu = 0; cpu < ncpu; cpu++)
		load[cpu] = -1;
	err = switch_open(sw_name, sw);
	if (err)
		return err;
	err = cpu_times(t0, ncpu);
	q = err ? NULL : vmq_read(sw, &n);
	if (!q) {
		switch_close(sw);
		return err ?: -EIO;
	}
	o = json_object_new_object();
	memset(cpu_pkts, 0, sizeof(cpu_pkts));
	memset(queues, 0, sizeof(queues));
	json_object_object_add(o, "switch", json_object_new_string(sw->name));
	json_object_object_add(o, "queues", json_object_new_int(sw->cfg.vmq_queues));
	e = json_object_new_object();
	json_object_object_add(e, "interval", json_object_new_int(sw->cfg.vmq_interval));
	json_object_object_add(e, "high", json_object_new_int(sw->cfg.vmq_high));
	json_object_object_add(e, "low", json_object_new_int(sw->cfg.vmq_low));
	json_object_object_add(e, "dwell", json_object_new_int(sw->cfg.vmq_dwell));
	json_object_object_add(o, "balance", e);
	json_object_object_add(o, "default", queue_json(sw, 0, &q[0], ncpu, cpu_pkts));

	ports = json_object_new_array();
	for (i = 1; i < n; i++) {
		if (port_get(sw, i, &p) || p.state == XSW_PORT_FREE)
			continue;
		e = queue_json(sw, i, &q[i], ncpu, cpu_pkts);
		json_object_object_add(e, "port", json_object_new_string(p.name));
		json_object_object_add(e, "index", json_object_new_int(i));
		json_object_object_add(e, "state", json_object_new_string(port_vmq_state(&q[i])));
		json_object_object_add(e, "weight", json_object_new_int(q[i].weight));
		json_object_object_add(e, "home", q[i].ncpus == 1 ? json_object_new_int(q[i].home) : NULL);
		json_object_object_add(e, "moves", json_object_new_int64(q[i].moves));
		json_object_array_add(ports, e);
		if (q[i].state == XSW_VMQ_QUEUE) {
			used++;
			if (q[i].ncpus == 1 && q[i].indir[0] < ncpu)
				queues[q[i].indir[0]]++;
		}
	}
	json_object_object_add(o, "ports", ports);
	json_object_object_add(o, "used", json_object_new_int(used));

	rxq = json_object_new_array();
	while (!bpf_map__get_next_key(sw->skel->maps.xsw_vmq_rxq, prev, &next, sizeof(next))) {
		char dev[IF_NAMESIZE] = "?";

		k = next;
		prev = &k;
		if (bpf_map__lookup_elem(sw->skel->maps.xsw_vmq_rxq, &k, sizeof(k), &rcpu,
					 sizeof(rcpu), 0))
			continue;
		if_indextoname(k.ifindex, dev);
		e = json_object_new_object();
		json_object_object_add(e, "dev", json_object_new_string(dev));
		json_object_object_add(e, "queue", json_object_new_int(k.queue));
		json_object_object_add(e, "cpu", json_object_new_int(rcpu));
		json_object_array_add(rxq, e);
	}
	json_object_object_add(o, "rxq", rxq);

	/* busy %: a short sample, as top's first screen */
	usleep(200000);
	if (!cpu_times(t1, ncpu))
		cpu_load(t0, t1, ncpu, load);
	cpus = json_object_new_array();
	for (cpu = 0; cpu < ncpu; cpu++) {
		e = json_object_new_object();
		json_object_object_add(e, "cpu", json_object_new_int(cpu));
		json_object_object_add(e, "busy", load[cpu] >= 0 ? json_object_new_int(load[cpu]) : NULL);
		json_object_object_add(e, "queues", json_object_new_int(queues[cpu]));
		json_object_object_add(e, "packets", json_object_new_uint64(cpu_pkts[cpu]));
		json_object_array_add(cpus, e);
	}
	json_object_object_add(o, "cpus", cpus);
	free(q);
	switch_close(sw);
	*out = o;
	return 0;
}

