// SPDX-License-Identifier: GPL-2.0
/* `xswctl vmq ...`: VMQ, VMMQ and dynamic VMQ (spec §4) in software.
 *
 * A port's queue is its xsw_vmq entry: the CPUs its frames are processed on,
 * as an indirection table the datapath indexes by flow hash (one CPU: VMQ,
 * several: VMMQ). Entry 0 is the switch's default queue. Queues are granted
 * first come first served up to the switch's cap; a port over the cap waits
 * and uses the default queue. The rebalancer (`vmq balance`) only moves
 * one-CPU queues between CPUs; it never changes which port owns a queue.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "log.h"
#include "util.h"
#include "vmq.h"

_Static_assert(CPUS_MAX == XSW_VMQ_CPUS_MAX, "a CPU set holds every CPU a queue may use");

static const char *const vmq_states[] = { "off", "queue", "waiting" };

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int online_cpus(struct cpus *c)
{
	char buf[256] = "";
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	int err;

	if (!f)
		return p_err(errno, "cannot read the online CPUs: %s", strerror(errno));
	err = fgets(buf, sizeof(buf), f) ? 0 : -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	if (err || parse_cpus(buf, c))
		return p_err(EIO, "cannot parse the online CPUs \"%s\"", buf);
	return 0;
}

/* Every CPU of @want is online. */
static int cpus_check(const struct cpus *want)
{
	char list[128];
	struct cpus online;
	unsigned int cpu;
	int err = online_cpus(&online);

	if (err)
		return err;
	for (cpu = 0; cpu < CPUS_MAX; cpu++) {
		if (cpus_has(want, cpu) && !cpus_has(&online, cpu)) {
			format_cpus(&online, list, sizeof(list));
			return p_err(ERANGE, "CPU %u is not online (online CPUs: %s)", cpu, list);
		}
	}
	return 0;
}

/* The queue's CPUs: round robin over @c in its indirection table. */
static void indir_fill(struct xsw_vmq *q, const struct cpus *c)
{
	unsigned int i, n = cpus_count(c);

	for (i = 0; i < XSW_VMQ_INDIR; i++)
		q->indir[i] = cpus_nth(c, i % n);
	q->ncpus = n;
	q->home = q->indir[0];
}

static void queue_cpus(const struct xsw_vmq *q, struct cpus *c)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; q->ncpus && i < XSW_VMQ_INDIR; i++)
		cpus_add(c, q->indir[i]);
}

static bool wants_queue(const struct xsw_vmq *q)
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

/* --- the switch's queue table --------------------------------------------- */

/* Entries 0 to the highest port index of @sw; *@n of them. */
static struct xsw_vmq *vmq_read(struct xsw_switch *sw, unsigned int *n)
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
			p_err(-err, "cannot read the VMQ table: %s", strerror(-err));
			free(q);
			return NULL;
		}
	}
	return q;
}

static int vmq_put(struct xsw_switch *sw, __u32 i, const struct xsw_vmq *q)
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
			      strerror(-err));
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
	return p_err(-err, "cannot update the VMQ table: %s", strerror(-err));
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
static __u64 vmq_packets(struct xsw_switch *sw, __u32 index, __u64 *per_cpu)
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

void vmq_port_release(struct xsw_switch *sw, __u32 index, __u32 ifindex)
{
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

static json_object *cpus_json(const struct cpus *c)
{
	json_object *a = json_object_new_array();
	unsigned int cpu;

	for (cpu = 0; cpu < CPUS_MAX; cpu++)
		if (cpus_has(c, cpu))
			json_object_array_add(a, json_object_new_int(cpu));
	return a;
}

static const char *port_vmq_state(const struct xsw_port *p, const struct xsw_vmq *q)
{
	if (p->mode == XSW_MODE_TC)
		return "unavailable (tc)";
	return vmq_states[q->state % ARRAY_SIZE(vmq_states)];
}

void vmq_port_json(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		   json_object *o)
{
	struct xsw_vmq q = {};
	char list[128] = "";
	struct cpus c;

	bpf_map__lookup_elem(sw->skel->maps.xsw_vmq, &index, sizeof(index), &q, sizeof(q), 0);
	queue_cpus(&q, &c);
	format_cpus(&c, list, sizeof(list));
	json_object_object_add(o, "vmq", json_object_new_string(port_vmq_state(p, &q)));
	json_object_object_add(o, "vmq_cpus", json_object_new_string(list));
}

/* --- vmq set / default / rxq ---------------------------------------------- */

/* The port a VMQ setting is for: one whose NIC is in XDP mode. */
static int vmq_port(struct xsw_switch *sw, const char *name, struct xsw_port *p)
{
	int index = port_lookup(sw, name, p);

	if (index < 0)
		return index;
	if (p->mode == XSW_MODE_TC)
		return p_err(EOPNOTSUPP, "port \"%s\" is in tc mode: VMQ steers with a cpumap, which only XDP ports have",
			     name);
	if (p->mode != XSW_MODE_XDP)
		return p_err(ENOTCONN, "port \"%s\" has no NIC: create its NIC in xdp mode first",
			     name);
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

static int vmq_set(struct xsw_switch *sw, const struct xsw_req *req,
		   struct xsw_vmq *q, unsigned int n)
{
	struct xsw_port p;
	struct xsw_vmq *e;
	bool wanted;
	int index, cpu;
	struct cpus one = {};

	index = vmq_port(sw, req->port, &p);
	if (index < 0)
		return index;
	if ((unsigned int)index >= n)
		return p_err(EIO, "port \"%s\" is past the VMQ table", req->port);
	e = &q[index];
	wanted = wants_queue(e);
	if (req->has_cpus) {
		if (!e->ncpus)
			e->weight = 100;	/* Hyper-V's default VmqWeight */
		indir_fill(e, &req->cpus);
		e->moved_ns = 0;
	}
	if (req->weight >= 0) {
		e->weight = req->weight;
		if (e->weight && !e->ncpus) {
			cpu = least_used_cpu(q, n);
			if (cpu < 0)
				return p_err(EIO, "no online CPU for port \"%s\"", req->port);
			cpus_add(&one, cpu);
			indir_fill(e, &one);
		}
	}
	if (wants_queue(e) && (!wanted || e->state == XSW_VMQ_OFF))
		e->seq = seq_next(q, n);
	return 0;
}

static int vmq_default(struct xsw_switch *sw, const struct xsw_req *req, struct xsw_vmq *q)
{
	if (req->queues)
		sw->cfg.vmq_queues = req->queues;
	if (req->has_cpus) {
		memset(&q[0], 0, sizeof(q[0]));
		if (cpus_count(&req->cpus)) {
			indir_fill(&q[0], &req->cpus);
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

/* Sets (or with no CPU, removes) the mapping of req->queue of req->dev;
 * @key, *@was and *@had say what to put back. */
static int vmq_rxq(struct xsw_switch *sw, const struct xsw_req *req,
		   struct xsw_vmq_rxq_key *key, __u32 *was, bool *had)
{
	struct bpf_map *map = sw->skel->maps.xsw_vmq_rxq;
	char name[XSW_NAME_LEN];
	struct xsw_port p;
	__u32 i, cpu;
	int err, nq;

	for (i = 1; i <= sw->cfg.max_port; i++)
		if (!port_get(sw, i, &p) && p.state != XSW_PORT_FREE && p.ifindex &&
		    !strcmp(p.dev, req->dev))
			break;
	if (i > sw->cfg.max_port)
		return p_err(ENODEV, "device \"%s\" is not a port of switch \"%s\"", req->dev,
			     sw->name);
	memcpy(name, p.name, sizeof(name));	/* vmq_port writes p */
	err = vmq_port(sw, name, &p);
	if (err < 0)
		return err;
	nq = rx_queues(req->dev);
	if (nq < 0)
		return p_err(-nq, "cannot count the receive queues of \"%s\": %s", req->dev,
			     strerror(-nq));
	if (req->queue >= (__u32)nq)
		return p_err(ERANGE, "device \"%s\" has %d receive queue%s: queue %u does not exist",
			     req->dev, nq, nq == 1 ? "" : "s", req->queue);
	key->ifindex = p.ifindex;
	key->queue = req->queue;
	*had = !bpf_map__lookup_elem(map, key, sizeof(*key), was, sizeof(*was), 0);
	if (!cpus_count(&req->cpus)) {
		err = *had ? bpf_map__delete_elem(map, key, sizeof(*key), 0) : 0;
	} else {
		cpu = cpus_nth(&req->cpus, 0);
		err = bpf_map__update_elem(map, key, sizeof(*key), &cpu, sizeof(cpu), 0);
	}
	if (err)
		return p_err(-err, "cannot map queue %u of \"%s\": %s", req->queue, req->dev,
			     strerror(-err));
	return 0;
}

static int run_change(const struct xsw_req *req)
{
	struct xsw_vmq_rxq_key key = {};
	struct xsw_vmq *old, *q = NULL;
	struct xsw_switch sw;
	struct xsw_config cfg;
	bool had = false;
	unsigned int n;
	__u32 was = 0;
	int err;

	err = switch_open(req->sw, &sw);
	if (err)
		return err;
	cfg = sw.cfg;
	err = req->has_cpus && cpus_count(&req->cpus) ? cpus_check(&req->cpus) : 0;
	old = err ? NULL : vmq_read(&sw, &n);
	if (old)
		q = malloc(n * sizeof(*q));
	if (!q) {
		err = err ?: p_err(ENOMEM, "out of memory");
		goto out;
	}
	memcpy(q, old, n * sizeof(*q));
	switch (req->cmd) {
	case CMD_SET:
		err = vmq_set(&sw, req, q, n);
		break;
	case CMD_DEFAULT:
		err = vmq_default(&sw, req, q);
		break;
	default:
		err = vmq_rxq(&sw, req, &key, &was, &had);
		break;
	}
	if (!err)
		err = vmq_commit(&sw, old, q, n);
	if (err && req->cmd == CMD_RXQ && key.ifindex) {
		if (had)
			bpf_map__update_elem(sw.skel->maps.xsw_vmq_rxq, &key, sizeof(key), &was,
					     sizeof(was), 0);
		else
			bpf_map__delete_elem(sw.skel->maps.xsw_vmq_rxq, &key, sizeof(key), 0);
	}
	if (err && memcmp(&cfg, &sw.cfg, sizeof(cfg))) {
		sw.cfg = cfg;
		switch_config_write(&sw);
	}
	if (!err)
		xsw_print_done();
out:
	free(old);
	free(q);
	switch_close(&sw);
	return err;
}

/* --- CPU load ------------------------------------------------------------- */

struct cpu_time {
	unsigned long long busy, total;
};

/* Jiffies of each CPU from /proc/stat; CPUs not listed (offline) stay 0. */
static int cpu_times(struct cpu_time *t, unsigned int ncpu)
{
	unsigned long long v[8];
	unsigned int cpu;
	char line[512];
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		return p_err(errno, "cannot read /proc/stat: %s", strerror(errno));
	memset(t, 0, ncpu * sizeof(*t));
	while (fgets(line, sizeof(line), f)) {
		memset(v, 0, sizeof(v));
		if (sscanf(line, "cpu%u %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &v[0],
			   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 5 || cpu >= ncpu)
			continue;
		/*
		 * user nice system idle iowait irq softirq steal: the share of
		 * the time this CPU ran that went to work. Steal is time the
		 * hypervisor gave elsewhere, not load a queue move can relieve.
		 */
		t[cpu].total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6];
		t[cpu].busy = t[cpu].total - v[3] - v[4];
	}
	fclose(f);
	return 0;
}

/* Busy % of each CPU between @a and @b, -1 for one that was offline. */
static void cpu_load(const struct cpu_time *a, const struct cpu_time *b, unsigned int ncpu,
		     int *load)
{
	unsigned int cpu;

	for (cpu = 0; cpu < ncpu; cpu++) {
		unsigned long long total = b[cpu].total - a[cpu].total;

		load[cpu] = total ? (int)(100 * (b[cpu].busy - a[cpu].busy) / total) : -1;
	}
}

/* --- vmq show ------------------------------------------------------------- */

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

static void cpus_text(json_object *arr, char *buf, size_t size)
{
	struct cpus c = {};
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++)
		cpus_add(&c, json_object_get_int(json_object_array_get_idx(arr, i)));
	format_cpus(&c, buf, size);
	if (!*buf)
		snprintf(buf, size, "-");
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
		printf("  %-15s %-8s cpus %s", jstr(e, "name"), jstr(e, "state"), list);
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
		printf("  cpu %-3" PRId64 " busy %s%s queues %" PRId64 " packets %" PRId64 "\n",
		       jint(e, "cpu"), json_object_object_get_ex(e, "busy", &c) && c ?
		       json_object_get_string(c) : "-", c ? "%" : "", jint(e, "queues"),
		       jint(e, "packets"));
	}
}

static int vmq_show(struct xsw_switch *sw)
{
	unsigned int ncpu = libbpf_num_possible_cpus(), n, cpu, queues[ncpu];
	json_object *o = json_object_new_object(), *ports, *rxq, *cpus, *e;
	struct cpu_time t0[ncpu], t1[ncpu];
	struct xsw_vmq_rxq_key k, next;
	__u64 cpu_pkts[ncpu];
	struct xsw_vmq *q;
	struct xsw_port p;
	void *prev = NULL;
	int load[ncpu], err;
	__u32 i, rcpu, used = 0;

	for (cpu = 0; cpu < ncpu; cpu++)
		load[cpu] = -1;
	err = cpu_times(t0, ncpu);
	q = err ? NULL : vmq_read(sw, &n);
	if (!q) {
		json_object_put(o);
		return -EIO;
	}
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
		json_object_object_add(e, "name", json_object_new_string(p.name));
		json_object_object_add(e, "index", json_object_new_int(i));
		json_object_object_add(e, "state", json_object_new_string(port_vmq_state(&p, &q[i])));
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
	xsw_print(o, vmq_text);
	return 0;
}

/* --- vmq balance ---------------------------------------------------------- */

static volatile sig_atomic_t balance_stop;

static void on_signal(int sig)
{
	(void)sig;
	balance_stop = 1;
}

static int config_reload(struct xsw_switch *sw)
{
	__u32 zero = 0;
	int err;

	if (access(sw->dir, F_OK))
		return p_err(ENOENT, "switch \"%s\" was deleted", sw->name);
	err = bpf_map__lookup_elem(sw->skel->maps.xsw_config, &zero, sizeof(zero), &sw->cfg,
				   sizeof(sw->cfg), 0);
	if (err)
		return p_err(-err, "cannot read the switch config: %s", strerror(-err));
	return 0;
}

static void move_log(struct xsw_switch *sw, const struct vmq_move *m, json_object *moves)
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
	json_object_object_add(o, "port", json_object_new_string(p.name));
	json_object_object_add(o, "from", json_object_new_int(m->from));
	json_object_object_add(o, "to", json_object_new_int(m->to));
	json_object_object_add(o, "reason", json_object_new_string(m->home ? "pack" : "spread"));
	json_object_object_add(o, "why", json_object_new_string(why));
	json_object_array_add(moves, o);
}

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
		return p_err(-err, "cannot move the queue of port %u: %s", m->port, strerror(-err));
	q[m->port] = e;
	return 0;
}

/* Waits @seconds with the lock dropped; false when told to stop. */
static bool balance_wait(unsigned int seconds)
{
	struct timespec ts = { .tv_sec = seconds };

	xsw_lock(LOCK_UN);
	while (!balance_stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
	xsw_lock(LOCK_EX);
	return !balance_stop;
}

/* One interval: samples CPU time and the queues' frames, then moves. */
static int balance_round(struct xsw_switch *sw, unsigned int ncpu)
{
	struct cpu_time t0[ncpu], t1[ncpu];
	unsigned int n, i, nmoves;
	__u64 *pkts = calloc(XSW_MAX_PORTS, sizeof(*pkts)), now;
	struct vmq_move *moves = calloc(XSW_MAX_PORTS, sizeof(*moves));
	json_object *o, *arr;
	struct xsw_vmq *q = NULL;
	int load[ncpu], err;

	err = pkts && moves ? cpu_times(t0, ncpu) : p_err(ENOMEM, "out of memory");
	for (i = 0; !err && i <= sw->cfg.max_port; i++)
		pkts[i] = vmq_packets(sw, i, NULL);
	if (err || !balance_wait(sw->cfg.vmq_interval))
		goto out;
	err = config_reload(sw) ?: cpu_times(t1, ncpu);
	q = err ? NULL : vmq_read(sw, &n);
	if (!q) {
		err = err ?: -EIO;
		goto out;
	}
	for (i = 0; i < n; i++)
		pkts[i] = vmq_packets(sw, i, NULL) - pkts[i];
	cpu_load(t0, t1, ncpu, load);
	now = now_ns();
	nmoves = vmq_plan(q, n, load, ncpu, pkts, &sw->cfg, now, moves);

	o = json_object_new_object();
	arr = json_object_new_array();
	for (i = 0; i < ncpu; i++)
		json_object_array_add(arr, json_object_new_int(load[i]));
	json_object_object_add(o, "load", arr);
	arr = json_object_new_array();
	for (i = 0; i < nmoves && !err; i++) {
		err = move_apply(sw, q, &moves[i], now);
		if (!err)
			move_log(sw, &moves[i], arr);
	}
	json_object_object_add(o, "moves", arr);
	xsw_print(o, balance_text);
	fflush(stdout);
out:
	free(q);
	free(pkts);
	free(moves);
	return err;
}

static int run_balance(const struct xsw_req *req)
{
	unsigned int ncpu = libbpf_num_possible_cpus();
	struct xsw_switch sw;
	int err;

	err = switch_open(req->sw, &sw);
	if (err)
		return err;
	if (req->interval >= 0)
		sw.cfg.vmq_interval = req->interval;
	if (req->high >= 0)
		sw.cfg.vmq_high = req->high;
	if (req->low >= 0)
		sw.cfg.vmq_low = req->low;
	if (req->dwell >= 0)
		sw.cfg.vmq_dwell = req->dwell;
	if (sw.cfg.vmq_low >= sw.cfg.vmq_high) {
		err = p_err(EINVAL, "low %u%% is not below high %u%%", sw.cfg.vmq_low,
			    sw.cfg.vmq_high);
		goto out;
	}
	err = switch_config_write(&sw);
	if (err) {
		p_err(-err, "cannot save the balance settings: %s", strerror(-err));
		goto out;
	}
	openlog("xswctl", LOG_PID, LOG_DAEMON);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	balance_once = req->once;
	do
		err = balance_round(&sw, ncpu);
	while (!err && !req->once && !balance_stop);
	closelog();
out:
	switch_close(&sw);
	return err;
}

static int run_vmq(const struct xsw_req *req)
{
	struct xsw_switch sw;
	int err;

	switch (req->cmd) {
	case CMD_BALANCE:
		return run_balance(req);
	case CMD_SHOW:
		err = switch_open(req->sw, &sw);
		if (!err)
			err = vmq_show(&sw);
		switch_close(&sw);
		return err;
	default:
		return run_change(req);
	}
}

/* --- grammar -------------------------------------------------------------- */

static int arg_cpus(struct args *a, struct xsw_req *req, bool one, bool none)
{
	const char *w = arg_next(a, one ? "CPU" : "CPU list");
	__u32 cpu;

	if (!w)
		return -EINVAL;
	req->has_cpus = true;
	memset(&req->cpus, 0, sizeof(req->cpus));
	if (none && !strcmp(w, "none"))
		return 0;
	if (one) {
		if (parse_u32(w, 0, CPUS_MAX - 1, &cpu))
			return p_err(EINVAL, "bad CPU \"%s\": 0-%d", w, CPUS_MAX - 1);
		cpus_add(&req->cpus, cpu);
		return 0;
	}
	if (parse_cpus(w, &req->cpus))
		return p_err(EINVAL, "bad CPU list \"%s\": like 0-3,6, CPUs 0-%d", w, CPUS_MAX - 1);
	return 0;
}

/* KEYWORD NUMBER in [min, max] into *@out. */
static int arg_num(struct args *a, const char *what, uint32_t min, uint32_t max, int *out)
{
	const char *w = arg_next(a, what);
	__u32 v;

	if (!w)
		return -EINVAL;
	if (parse_u32(w, min, max, &v))
		return p_err(EINVAL, "bad %s \"%s\": %u-%u", what, w, min, max);
	*out = v;
	return 0;
}

static int parse_set(struct args *a, struct xsw_req *req)
{
	const char *w;
	int err = 0;

	if (arg_switch_name(a, req) || arg_port_name(a, req))
		return -EINVAL;
	while (!err && a->argc > 0) {
		w = arg_next(a, "argument");
		if (!strcmp(w, "cpu") || !strcmp(w, "cpus"))
			err = req->has_cpus ? p_err(EINVAL, "cpu and cpus given twice") :
					      arg_cpus(a, req, w[3] == '\0', false);
		else if (!strcmp(w, "weight"))
			err = arg_num(a, "weight", 0, 100, &req->weight);
		else
			err = p_err(EINVAL, "unexpected argument \"%s\"", w);
	}
	if (!err && !req->has_cpus && req->weight < 0)
		err = p_err(EINVAL, "missing cpu CPU, cpus CPULIST or weight 0..100");
	return err;
}

static int parse_default(struct args *a, struct xsw_req *req)
{
	const char *w;
	int err = 0, queues;

	if (arg_switch_name(a, req))
		return -EINVAL;
	while (!err && a->argc > 0) {
		w = arg_next(a, "argument");
		if (!strcmp(w, "cpus")) {
			err = arg_cpus(a, req, false, true);
		} else if (!strcmp(w, "queues")) {
			err = arg_num(a, "queues", 1, XSW_MAX_PORTS - 1, &queues);
			req->queues = queues;
		} else {
			err = p_err(EINVAL, "unexpected argument \"%s\"", w);
		}
	}
	if (!err && !req->has_cpus && !req->queues)
		err = p_err(EINVAL, "missing cpus CPULIST or queues N");
	return err;
}

static int parse_rxq(struct args *a, struct xsw_req *req)
{
	const char *w;
	int queue;

	if (arg_switch_name(a, req) || arg_dev(a, &req->dev))
		return -EINVAL;
	if (!(w = arg_next(a, "queue Q")))
		return -EINVAL;
	if (strcmp(w, "queue"))
		return p_err(EINVAL, "unexpected argument \"%s\": queue Q", w);
	if (arg_num(a, "queue", 0, 65535, &queue))
		return -EINVAL;
	req->queue = queue;
	if (!(w = arg_next(a, "cpu CPU")))
		return -EINVAL;
	if (strcmp(w, "cpu"))
		return p_err(EINVAL, "unexpected argument \"%s\": cpu CPU", w);
	return arg_cpus(a, req, true, true) ?: args_end(a);
}

static int parse_balance(struct args *a, struct xsw_req *req)
{
	const char *w;
	int err = 0;

	if (arg_switch_name(a, req))
		return -EINVAL;
	while (!err && a->argc > 0) {
		w = arg_next(a, "argument");
		if (!strcmp(w, "interval"))
			err = arg_num(a, "interval", 1, 3600, &req->interval);
		else if (!strcmp(w, "high"))
			err = arg_num(a, "high", 1, 100, &req->high);
		else if (!strcmp(w, "low"))
			err = arg_num(a, "low", 0, 99, &req->low);
		else if (!strcmp(w, "dwell"))
			err = arg_num(a, "dwell", 0, 65535, &req->dwell);
		else if (!strcmp(w, "once"))
			req->once = true;
		else
			err = p_err(EINVAL, "unexpected argument \"%s\"", w);
	}
	return err;
}

static int parse_vmq(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = { "set", "default", "rxq", "show", "balance", NULL };
	static const enum xsw_cmd ids[] = { CMD_SET, CMD_DEFAULT, CMD_RXQ, CMD_SHOW, CMD_BALANCE };
	struct args a = { argc, argv };

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req))
		return -EINVAL;
	switch (req->cmd) {
	case CMD_SET:
		return parse_set(&a, req);
	case CMD_DEFAULT:
		return parse_default(&a, req);
	case CMD_RXQ:
		return parse_rxq(&a, req);
	case CMD_SHOW:
		return arg_switch_name(&a, req) ?: args_end(&a);
	default:
		return parse_balance(&a, req);
	}
}

static void help_vmq(void)
{
	fprintf(stderr,
		"Usage: xswctl vmq set SWITCH PORT { cpu CPU | cpus CPULIST | weight 0..100 }\n"
		"       xswctl vmq default SWITCH [ cpus { CPULIST | none } ] [ queues N ]\n"
		"       xswctl vmq rxq SWITCH IFNAME queue Q cpu { CPU | none }\n"
		"       xswctl vmq show SWITCH\n"
		"       xswctl vmq balance SWITCH [ interval SECONDS ] [ high PERCENT ]\n"
		"                                 [ low PERCENT ] [ dwell SECONDS ] [ once ]\n"
		"Where: frames received on XDP ports are processed on the CPU of their\n"
		"       destination port's queue: cpu (VMQ), or cpus spread by flow hash\n"
		"       (VMMQ). Other frames use the default queue: the CPU mapped to their\n"
		"       receive queue (rxq), else the default cpus by flow hash, else the\n"
		"       CPU they arrived on. weight 0 turns a port's queue off; queues caps\n"
		"       the ports with a queue (first come first served, the others wait).\n"
		"       balance moves one-CPU queues off CPUs busier than high %% to CPUs\n"
		"       under low %%, and back home when both are under low %%, never twice\n"
		"       within dwell seconds; it runs until interrupted, or one interval\n"
		"       with once. CPULIST: 0-3,6. tc-mode ports cannot have a queue.\n");
}

const struct xsw_object vmq_object = {
	.name = "vmq", .parse = parse_vmq, .run = run_vmq, .help = help_vmq,
};
