// SPDX-License-Identifier: GPL-2.0
/* VMQ, VMMQ and dynamic VMQ (Hyper-V's) in software: the switch's queue
 * table and the vmq operations.
 *
 * A port's queue is its xsw_vmq entry: the CPUs its frames are processed on,
 * as an indirection table the datapath indexes by flow hash (one CPU: VMQ,
 * several: VMMQ). Entry 0 is the switch's default queue. Queues are granted
 * first come first served up to the switch's cap; a port over the cap waits
 * and uses the default queue. The rebalancer (vmq_balance.c) only moves
 * one-CPU queues between CPUs; it never changes which port owns a queue.
 */
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cpuload.h"
#include "feature.h"
#include "vmq.h"

/* What a failed change puts back of the receive queue mapping it made. */
struct rxq_undo {
	struct xsw_vmq_rxq_key key;
	__u32 was;
	bool had;
};

/* --- the switch's queue table --------------------------------------------- */

/* Entries 0 to the highest port index of @sw; *@n of them. */
struct xsw_vmq *vmq_read(struct xsw_switch *sw, unsigned int *n)
{
	struct xsw_vmq *q;
	__u32 i;
	int err;

	*n = sw->cfg.max_port + 1;
	q = calloc(*n, sizeof(*q));
	if (!q) {
		p_err(ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < *n; i++) {
		err = bpf_map__lookup_elem(sw->skel->maps.xsw_vmq, &i, sizeof(i), &q[i],
					   sizeof(q[i]), 0);
		if (err) {
			p_err(-err, "cannot read the VMQ table: %s", xsw_strerror(err));
			free(q);
			return NULL;
		}
	}
	return q;
}

int vmq_put(struct xsw_switch *sw, __u32 i, const struct xsw_vmq *q)
{
	return bpf_map__update_elem(sw->skel->maps.xsw_vmq, &i, sizeof(i), q, sizeof(*q), 0);
}

static unsigned int rxq_count(struct xsw_switch *sw)
{
	struct xsw_vmq_rxq_key k, next;
	unsigned int n = 0;
	void *prev = NULL;

	while (!bpf_map__get_next_key(sw->skel->maps.xsw_vmq_rxq, prev, &next, sizeof(next))) {
		k = next;
		prev = &k;
		n++;
	}
	return n;
}

/* Every online CPU has its cpumap queue running xsw_xdp_cpu. */
static int cpumap_ready(struct xsw_switch *sw)
{
	struct bpf_cpumap_val v = { .qsize = XSW_VMQ_QSIZE }, cur;
	struct bpf_map *map = sw->skel->maps.xsw_cpus;
	struct cpus online;
	__u32 cpu;
	int fd, err;

	err = online_cpus(&online);
	if (err)
		return err;
	fd = switch_prog_fd(sw, sw->skel->progs.xsw_xdp_cpu);
	if (fd < 0)
		return fd;
	v.bpf_prog.fd = fd;
	for (cpu = 0; cpu < CPUS_MAX && !err; cpu++) {
		if (!cpus_has(&online, cpu) ||
		    !bpf_map__lookup_elem(map, &cpu, sizeof(cpu), &cur, sizeof(cur), 0))
			continue;
		err = bpf_map__update_elem(map, &cpu, sizeof(cpu), &v, sizeof(v), 0);
		if (err)
			p_err(-err, "cannot start the receive queue of CPU %u: %s", cpu,
			      xsw_strerror(err));
	}
	close(fd);
	return err;
}

/* Grants queues in @q, then makes it the switch's: entries that differ from
 * @old are written and the datapath's flags follow. On failure everything
 * written is put back. */
static int vmq_commit(struct xsw_switch *sw, const struct xsw_vmq *old, struct xsw_vmq *q,
		      unsigned int n)
{
	__u8 was = sw->cfg.vmq, flags = 0;
	unsigned int i, j;
	int err = 0;

	vmq_allocate(q, n, sw->cfg.vmq_queues);
	for (i = 0; i < n; i++)
		if (q[i].state == XSW_VMQ_QUEUE)
			flags |= XSW_VMQ_ON;
	if (rxq_count(sw))
		flags |= XSW_VMQ_ON | XSW_VMQ_RXQ;
	if (flags & XSW_VMQ_ON)
		err = cpumap_ready(sw);
	for (i = 0; i < n && !err; i++)
		if (memcmp(&old[i], &q[i], sizeof(q[i])))
			err = vmq_put(sw, i, &q[i]);
	if (!err) {
		sw->cfg.vmq = flags;
		err = switch_config_write(sw);	/* and the queue cap */
	}
	if (!err)
		return 0;
	for (j = 0; j < i; j++)
		vmq_put(sw, j, &old[j]);
	sw->cfg.vmq = was;
	switch_config_write(sw);
	return p_err(-err, "cannot update the VMQ table: %s", xsw_strerror(err));
}

static void vmq_stats_clear(struct xsw_switch *sw, __u32 index)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xsw_vmq_stats zero[ncpu];

	memset(zero, 0, sizeof(zero));
	bpf_map__update_elem(sw->skel->maps.xsw_vmq_stats, &index, sizeof(index), zero,
			     sizeof(zero), 0);
}

/* Frames of queue @index per CPU: @per_cpu[ncpu]; returns their sum. */
__u64 vmq_packets(struct xsw_switch *sw, __u32 index, __u64 *per_cpu)
{
	int ncpu = libbpf_num_possible_cpus(), cpu;
	struct xsw_vmq_stats s[ncpu];
	__u64 sum = 0;

	if (bpf_map__lookup_elem(sw->skel->maps.xsw_vmq_stats, &index, sizeof(index), s,
				 sizeof(s), 0))
		memset(s, 0, sizeof(s));
	for (cpu = 0; cpu < ncpu; cpu++) {
		if (per_cpu)
			per_cpu[cpu] = s[cpu].packets;
		sum += s[cpu].packets;
	}
	return sum;
}

/* The port lost its NIC: its queue goes (to the first port waiting). */
static void vmq_nic_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	__u32 ifindex = p->ifindex;
	struct xsw_vmq_rxq_key k, next;
	struct xsw_vmq *old, *q, e = {}, none = {};
	unsigned int n, mapped = 0;
	void *prev = NULL;

	while (!bpf_map__get_next_key(sw->skel->maps.xsw_vmq_rxq, prev, &next, sizeof(next))) {
		k = next;
		if (k.ifindex == ifindex && ++mapped)
			bpf_map__delete_elem(sw->skel->maps.xsw_vmq_rxq, &k, sizeof(k), 0);
		else
			prev = &k;
	}
	bpf_map__lookup_elem(sw->skel->maps.xsw_vmq, &index, sizeof(index), &e, sizeof(e), 0);
	if (!mapped && !memcmp(&e, &none, sizeof(e)))
		return;		/* the port never had VMQ settings */
	old = vmq_read(sw, &n);
	q = old ? malloc(n * sizeof(*q)) : NULL;
	if (q && index < n) {
		memcpy(q, old, n * sizeof(*q));
		memset(&q[index], 0, sizeof(q[index]));
		vmq_commit(sw, old, q, n);
		vmq_stats_clear(sw, index);
	}
	free(old);
	free(q);
}

/* --- vmq set / default / rxq ---------------------------------------------- */

/* The port a VMQ setting is for: one with a NIC. Its queue takes the frames
 * for it that XDP ports receive (a tc port's own receive path, an skb's,
 * has no cpumap). */
static int vmq_port(struct xsw_switch *sw, const char *name, struct xsw_port *p)
{
	int index = port_lookup(sw, name, p);

	if (index < 0)
		return index;
	if (p->mode != XSW_MODE_XDP && p->mode != XSW_MODE_TC)
		return p_err(ENOTCONN, "port \"%s\" has no NIC: create its NIC first", name);
	return index;
}

static __u64 seq_next(const struct xsw_vmq *q, unsigned int n)
{
	__u64 seq = 0;
	unsigned int i;

	for (i = 1; i < n; i++)
		seq = q[i].seq > seq ? q[i].seq : seq;
	return seq + 1;
}

/* The online CPU that is home to the fewest queues: static VMQ's round
 * robin, for a port given a weight but no CPU. */
static int least_used_cpu(const struct xsw_vmq *q, unsigned int n)
{
	unsigned int used[CPUS_MAX] = {}, i, cpu;
	struct cpus online;
	int best = -1;

	if (online_cpus(&online))
		return -1;
	for (i = 1; i < n; i++)
		if (q[i].state == XSW_VMQ_QUEUE && q[i].ncpus == 1)
			used[q[i].home]++;
	for (cpu = 0; cpu < CPUS_MAX; cpu++)
		if (cpus_has(&online, cpu) && (best < 0 || used[cpu] < used[best]))
			best = cpu;
	return best;
}

static int vmq_set(struct xsw_switch *sw, const struct xsw_vmq_args *a, struct xsw_vmq *q,
		   unsigned int n, struct rxq_undo *undo)
{
	struct xsw_port p;
	struct xsw_vmq *e;
	bool wanted;
	int index, cpu;
	struct cpus one = {};

	(void)undo;
	index = vmq_port(sw, a->port, &p);
	if (index < 0)
		return index;
	if ((unsigned int)index >= n)
		return p_err(EIO, "port \"%s\" is past the VMQ table", a->port);
	e = &q[index];
	wanted = wants_queue(e);
	if (a->has_cpus) {
		if (!e->ncpus)
			e->weight = 100;	/* Hyper-V's default VmqWeight */
		indir_fill(e, &a->cpus);
		e->moved_ns = 0;
	}
	if (a->has_weight) {
		e->weight = a->weight;
		if (e->weight && !e->ncpus) {
			cpu = least_used_cpu(q, n);
			if (cpu < 0)
				return p_err(EIO, "no online CPU for port \"%s\"", a->port);
			cpus_add(&one, cpu);
			indir_fill(e, &one);
		}
	}
	if (wants_queue(e) && (!wanted || e->state == XSW_VMQ_OFF))
		e->seq = seq_next(q, n);
	return 0;
}

int vmq_balance_settings_apply(struct xsw_config *cfg, const struct vmq_balance_settings *b)
{
	struct xsw_config c = *cfg;

	if (b->has_interval)
		c.vmq_interval = b->interval;
	if (b->has_high)
		c.vmq_high = b->high;
	if (b->has_low)
		c.vmq_low = b->low;
	if (b->has_dwell)
		c.vmq_dwell = b->dwell;
	if (c.vmq_low >= c.vmq_high)
		return p_err(EINVAL, "low %u%% is not below high %u%%", c.vmq_low, c.vmq_high);
	*cfg = c;
	return 0;
}

static int vmq_default(struct xsw_switch *sw, const struct xsw_vmq_args *a, struct xsw_vmq *q,
		       unsigned int n, struct rxq_undo *undo)
{
	int err = vmq_balance_settings_apply(&sw->cfg, &a->balance);

	(void)n;
	(void)undo;
	if (err)
		return err;
	if (a->queues)
		sw->cfg.vmq_queues = a->queues;
	if (a->has_cpus) {
		memset(&q[0], 0, sizeof(q[0]));
		if (cpus_count(&a->cpus)) {
			indir_fill(&q[0], &a->cpus);
			q[0].state = XSW_VMQ_QUEUE;
			q[0].weight = 100;
		}
	}
	return 0;
}

static int rx_queues(const char *dev)
{
	char path[PATH_MAX];
	struct dirent *de;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/class/net/%s/queues", dev);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		n += !strncmp(de->d_name, "rx-", 3);
	closedir(d);
	return n;
}

/* Sets (or with no CPU, removes) the mapping of a->queue of a->dev. */
static int vmq_rxq(struct xsw_switch *sw, const struct xsw_vmq_args *a, struct xsw_vmq *q,
		   unsigned int n, struct rxq_undo *undo)
{
	struct xsw_vmq_rxq_key *key = &undo->key;
	__u32 *was = &undo->was;
	bool *had = &undo->had;
	struct bpf_map *map = sw->skel->maps.xsw_vmq_rxq;
	char name[XSW_NAME_LEN];
	struct xsw_port p;
	__u32 i, cpu;
	int err, nq;

	(void)q;
	(void)n;
	for (i = 1; i <= sw->cfg.max_port; i++)
		if (!port_get(sw, i, &p) && p.state != XSW_PORT_FREE && p.ifindex &&
		    !strcmp(p.dev, a->dev))
			break;
	if (i > sw->cfg.max_port)
		return p_err(ENODEV, "device \"%s\" is not a port of switch \"%s\"", a->dev,
			     sw->name);
	memcpy(name, p.name, sizeof(name));	/* vmq_port writes p */
	err = vmq_port(sw, name, &p);
	if (err < 0)
		return err;
	if (p.mode == XSW_MODE_TC)
		return p_err(EOPNOTSUPP, "port \"%s\" is in tc mode: its receive queues are not steered, only an XDP port's are",
			     name);
	nq = rx_queues(a->dev);
	if (nq < 0)
		return p_err(-nq, "cannot count the receive queues of \"%s\": %s", a->dev,
			     xsw_strerror(nq));
	if (a->queue >= (__u32)nq)
		return p_err(ERANGE, "device \"%s\" has %d receive queue%s: queue %u does not exist",
			     a->dev, nq, nq == 1 ? "" : "s", a->queue);
	key->ifindex = p.ifindex;
	key->queue = a->queue;
	*had = !bpf_map__lookup_elem(map, key, sizeof(*key), was, sizeof(*was), 0);
	if (!cpus_count(&a->cpus)) {
		err = *had ? bpf_map__delete_elem(map, key, sizeof(*key), 0) : 0;
	} else {
		cpu = cpus_nth(&a->cpus, 0);
		err = bpf_map__update_elem(map, key, sizeof(*key), &cpu, sizeof(cpu), 0);
	}
	if (err)
		return p_err(-err, "cannot map queue %u of \"%s\": %s", a->queue, a->dev,
			     xsw_strerror(err));
	return 0;
}

/* Applies @change to a copy of the queue table, then commits it; all or
 * nothing. */
static int vmq_change(const struct xsw_vmq_args *a,
		      int (*change)(struct xsw_switch *sw, const struct xsw_vmq_args *a,
				    struct xsw_vmq *q, unsigned int n, struct rxq_undo *undo))
{
	struct rxq_undo undo = {};
	struct xsw_vmq *old, *q = NULL;
	struct xsw_switch sw;
	struct xsw_config cfg;
	unsigned int n;
	int err;

	err = switch_open(a->sw, &sw);
	if (err)
		return err;
	cfg = sw.cfg;
	err = a->has_cpus && cpus_count(&a->cpus) ? cpus_check(&a->cpus) : 0;
	old = err ? NULL : vmq_read(&sw, &n);
	if (old)
		q = malloc(n * sizeof(*q));
	if (!q) {
		err = err ?: p_err(ENOMEM, "out of memory");
		goto out;
	}
	memcpy(q, old, n * sizeof(*q));
	err = change(&sw, a, q, n, &undo) ?: vmq_commit(&sw, old, q, n);
	if (err && undo.key.ifindex) {
		if (undo.had)
			bpf_map__update_elem(sw.skel->maps.xsw_vmq_rxq, &undo.key, sizeof(undo.key),
					     &undo.was, sizeof(undo.was), 0);
		else
			bpf_map__delete_elem(sw.skel->maps.xsw_vmq_rxq, &undo.key,
					     sizeof(undo.key), 0);
	}
	if (err && memcmp(&cfg, &sw.cfg, sizeof(cfg))) {
		sw.cfg = cfg;
		switch_config_write(&sw);
	}
out:
	free(old);
	free(q);
	switch_close(&sw);
	return err;
}

int xsw_vmq_set(const struct xsw_vmq_args *a)
{
	return vmq_change(a, vmq_set);
}

int xsw_vmq_default(const struct xsw_vmq_args *a)
{
	return vmq_change(a, vmq_default);
}

int xsw_vmq_rxq(const struct xsw_vmq_args *a)
{
	return vmq_change(a, vmq_rxq);
}

const struct port_feature vmq_feature = {
	.name = "vmq", .nic_delete = vmq_nic_delete, .show = vmq_show_port,
};


static const struct xsw_vmq *save_q;

static int save_cmp(const void *a, const void *b)
{
	__u64 x = save_q[*(const __u32 *)a].seq, y = save_q[*(const __u32 *)b].seq;

	return x < y ? -1 : x > y;
}

void vmq_save(struct xsw_switch *sw, FILE *out)
{
	struct xsw_vmq_rxq_key k, next;
	__u32 order[XSW_MAX_PORTS], i, m = 0, cpu;
	char list[128], dev[IF_NAMESIZE];
	struct xsw_vmq *q;
	struct xsw_port p;
	void *prev = NULL;
	unsigned int n;
	struct cpus c;

	q = vmq_read(sw, &n);
	if (!q)
		return;
	queue_cpus(&q[0], &c);
	format_cpus(&c, list, sizeof(list));
	fprintf(out, "vmq default %s%s%s queues %u interval %u high %u low %u dwell %u\n",
		sw->name, *list ? " cpus " : "", list, sw->cfg.vmq_queues, sw->cfg.vmq_interval,
		sw->cfg.vmq_high, sw->cfg.vmq_low, sw->cfg.vmq_dwell);
	/* queues are granted first come first served: ask in the same order */
	for (i = 1; i < n; i++)
		if (q[i].ncpus && !port_get(sw, i, &p) && p.state != XSW_PORT_FREE)
			order[m++] = i;
	save_q = q;
	qsort(order, m, sizeof(*order), save_cmp);
	for (i = 0; i < m; i++) {
		port_get(sw, order[i], &p);
		memset(&c, 0, sizeof(c));
		if (q[order[i]].ncpus == 1)
			cpus_add(&c, q[order[i]].home);	/* where it lives when not moved */
		else
			queue_cpus(&q[order[i]], &c);
		format_cpus(&c, list, sizeof(list));
		fprintf(out, "vmq set %s %s cpus %s weight %u\n", sw->name, p.name, list,
			q[order[i]].weight);
	}
	while (!bpf_map__get_next_key(sw->skel->maps.xsw_vmq_rxq, prev, &next, sizeof(next))) {
		k = next;
		prev = &k;
		if (!bpf_map__lookup_elem(sw->skel->maps.xsw_vmq_rxq, &k, sizeof(k), &cpu,
					  sizeof(cpu), 0) && if_indextoname(k.ifindex, dev))
			fprintf(out, "vmq rxq %s %s queue %u cpu %u\n", sw->name, dev, k.queue, cpu);
	}
	free(q);
}
