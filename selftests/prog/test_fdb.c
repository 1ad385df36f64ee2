// SPDX-License-Identifier: GPL-2.0
/* BPF_PROG_RUN tests of the forwarding table (xsw_fdb, include/xsw/abi.h):
 * what learning does to full buckets, static entries in them, a slot caught
 * while rewritten, known sources' fingerprints, two CPUs at once (needs 2
 * CPUs). Frames enter xsw_xdp_rx at port 1 unless a case says otherwise
 * (fdbcase.h). */
#include "fdbcase.h"

/* A new source whose first bucket is full goes into its second. */
static const char *second_bucket(void)
{
	reset(XSW_FDB_WAYS);
	for (int i = 0; i < XSW_FDB_WAYS; i++)
		put(mates[i], 2, false, 10);
	if (send_frame(mates[0], src) != 2)
		return "the frame did not go to the mate's port";
	if (port_of(src, NULL) != 1)
		return "the source was not learned";
	for (int i = 0; i < XSW_FDB_WAYS; i++)
		if (port_of(mates[i], NULL) != 2)
			return "an entry of the full first bucket was dropped";
	/* and found there: put on port 3 by xswctl's code, fresh counters */
	reset(XSW_FDB_WAYS);
	for (int i = 0; i < XSW_FDB_WAYS; i++)
		put(mates[i], 2, false, 10);
	put(src, 3, false, 0);
	if (send_frame(src, (const __u8[6]){ 0x02, 0, 0, 0, 0, 9 }) != 3)
		return "a frame to the source in its second bucket did not go to its port";
	return NULL;
}

static const char *full_bucket(void)
{
	/* the oldest of the two buckets is in the second: others[1] */
	static const __u32 ages[XSW_FDB_WAYS] = { 10, 40, 20, 30 }, oages[] = { 15, 50, 25, 12 };

	reset(2 * XSW_FDB_WAYS);
	for (int i = 0; i < XSW_FDB_WAYS; i++) {
		put(mates[i], 2, false, ages[i]);
		put(others[i], 2, false, oages[i]);
	}
	if (send_frame(mates[0], src) != 2)
		return "the frame did not go to the mate's port";
	if (port_of(src, NULL) != 1)
		return "the source was not learned";
	if (port_of(others[1], NULL))
		return "the oldest entry of its two buckets is still there";
	for (int i = 0; i < XSW_FDB_WAYS; i++)
		if (port_of(mates[i], NULL) != 2 || (i != 1 && port_of(others[i], NULL) != 2))
			return "an entry other than the oldest was dropped";
	if (learned(2) != 2 * XSW_FDB_WAYS - 1)
		return "the dropped entry's port still counts it";
	return NULL;
}

static const char *static_bucket(void)
{
	__u16 flags = 0;

	reset(0);
	for (int i = 0; i < XSW_FDB_WAYS; i++) {
		put(mates[i], 3, true, 0);
		put(others[i], 3, true, 0);
	}
	if (send_frame(mates[2], src) != 3)
		return "the frame did not go to the static entry's port";
	if (port_of(src, NULL))
		return "the source took a static entry's slot";
	for (int i = 0; i < XSW_FDB_WAYS; i++)
		if (port_of(mates[i], &flags) != 3 || !(flags & XSW_FDB_STATIC) ||
		    port_of(others[i], &flags) != 3 || !(flags & XSW_FDB_STATIC))
			return "a static entry was dropped";
	return NULL;
}

static const char *torn_slot(void)
{
	struct fdbtab t;
	__u64 key = xsw_fdb_slot_key(mates[0], 0);
	__u64 h = xsw_fdb_hash(key, TEST_FDB_SEED);
	struct xsw_fdb_slot *s;

	reset(0);
	put(mates[0], 2, false, 0);
	/* the value of another entry under mates[0]'s key: what a reader may
	 * see while another CPU rewrites the slot */
	test_fdb_open(&t, fd(skel->maps.xsw_fdb), false);
	s = &t.b[h & t.mask].slot[0];
	if (s->key != key) {
		fdbtab_close(&t);
		return "the entry is not in its bucket's first slot";
	}
	s->val = xsw_fdb_slot_val(2, 0, xsw_fdb_check(h) ^ 1, xsw_fdb_tick(now_ns()));
	fdbtab_close(&t);
	return send_frame(mates[0], src) == 0 ? NULL : "the frame did not flood";
}

static const char *moved(void)
{
	__u64 gen0 = 0, gen1 = 0;
	__u32 key = 0;

	reset(1);
	put(src, 2, false, 0);
	bpf_map_lookup_elem(fd(skel->maps.xsw_fdb_gen), &key, &gen0);
	if (send_frame(mates[0], src) != 0)
		return "the frame to an unknown MAC did not flood";
	bpf_map_lookup_elem(fd(skel->maps.xsw_fdb_gen), &key, &gen1);
	if (port_of(src, NULL) != 1)
		return "the entry did not move to port 1";
	if (learned(2) != 0)
		return "port 2 still counts the MAC";
	return gen1 != gen0 ? NULL : "the memos were not voided";
}

/* The events a frame makes, as xswd reads them. */
static struct xsw_fdb_event evs[8];
static int nevs;

static int on_event(void *ctx, void *data, size_t len)
{
	(void)ctx;
	if (len == sizeof(evs[0]) && nevs < (int)(sizeof(evs) / sizeof(evs[0])))
		memcpy(&evs[nevs++], data, len);
	return 0;
}

static int events(struct ring_buffer *rb)
{
	nevs = 0;
	ring_buffer__consume(rb);
	return nevs;
}

static const char *ev_is(int i, __u8 type, const __u8 *mac, __u32 port, __u32 from)
{
	static char why[96];

	if (evs[i].type != type || evs[i].key != xsw_fdb_slot_key(mac, 0) || evs[i].port != port ||
	    evs[i].from != from) {
		snprintf(why, sizeof(why), "event %d: type %u port %u from %u", i, evs[i].type,
			 evs[i].port, evs[i].from);
		return why;
	}
	return NULL;
}

/* What the datapath tells xswd: a new MAC, a move, an aged entry a lookup
 * frees; nothing for frames that only read the table or refresh it. */
static const char *fdb_events(void)
{
	struct ring_buffer *rb = ring_buffer__new(fd(skel->maps.xsw_events), on_event, NULL, NULL);
	const char *why = NULL;

	if (!rb)
		return "cannot read xsw_events";
	reset(0);
	events(rb);
	put(mates[1], 2, false, 0);
	put(mates[2], 3, false, 400);	/* older than the ageing time */
	if (send_frame(mates[1], src) != 2 || events(rb) != 1)
		why = "a new source did not make exactly one event";
	else
		why = ev_is(0, XSW_EV_FDB_LEARNED, src, 1, 0);
	if (!why && (send_frame(mates[1], src) != 2 || events(rb) != 0))
		why = "a known source made an event";
	if (!why) {
		put(src, 3, false, 0);	/* as xswctl: the memo is void */
		if (send_frame(mates[1], src) != 2 || events(rb) != 1)
			why = "a move did not make exactly one event";
		else
			why = ev_is(0, XSW_EV_FDB_MOVED, src, 1, 3);
	}
	if (!why && (send_frame(mates[2], src) != 0 || events(rb) != 1))
		why = "a lookup of an aged entry did not make exactly one event";
	else if (!why)
		why = ev_is(0, XSW_EV_FDB_AGED, mates[2], 3, 0);
	ring_buffer__free(rb);
	return why;
}

/* Frames to @mates[0] from CPU 0 while CPU 1 rewrites its slot, through
 * xswctl's own code: mates[0] on port 2, then mates[1] (port 3) in its place,
 * and back. */
static volatile int stop;

static void *rewriter(void *arg)
{
	struct xsw_fdb_key x = { .vlan = 0 }, y = { .vlan = 0 };
	struct xsw_fdb_val vx = { .port = 2 }, vy = { .port = 3 };
	struct fdbtab t;
	cpu_set_t cpu1;
	__u64 *gen = arg;

	CPU_ZERO(&cpu1);
	CPU_SET(1, &cpu1);
	sched_setaffinity(0, sizeof(cpu1), &cpu1);
	memcpy(x.mac, mates[0], 6);
	memcpy(y.mac, mates[1], 6);
	test_fdb_open(&t, fd(skel->maps.xsw_fdb), false);
	while (!stop) {
		vx.seen = vy.seen = xsw_fdb_tick(now_ns());
		fdbtab_del(&t, &x);
		fdbtab_put(&t, &y, &vy);
		__atomic_fetch_add(gen, 1, __ATOMIC_SEQ_CST);	/* as xswctl: memos void */
		fdbtab_del(&t, &y);
		fdbtab_put(&t, &x, &vx);
		__atomic_fetch_add(gen, 1, __ATOMIC_SEQ_CST);
	}
	fdbtab_close(&t);
	return NULL;
}

static const char *rewritten_slot(void)
{
	__u8 frame[60] = { 0 };
	struct xdp_md ctx = { .data_end = sizeof(frame), .ingress_ifindex = ifindex[1] };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 200000);
	__u64 *gen = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE, MAP_SHARED,
			  fd(skel->maps.xsw_fdb_gen), 0);
	pthread_t th;
	__u64 wrong;

	if (gen == MAP_FAILED)
		return "cannot map the FDB generation";
	reset(0);
	put(mates[0], 2, false, 0);
	memcpy(frame, mates[0], 6);
	memcpy(frame + 6, src, 6);
	frame[12] = 0x08;
	stop = 0;
	pthread_create(&th, NULL, rewriter, gen);
	for (int i = 0; i < 25; i++)
		bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xsw_xdp_rx), &opts);
	stop = 1;
	pthread_join(th, NULL);
	munmap(gen, sysconf(_SC_PAGESIZE));
	wrong = sum(3, offsetof(struct xsw_port_stats, tx_packets));
	if (!sum(2, offsetof(struct xsw_port_stats, tx_packets)))
		return "no frame reached the entry's port: the slot was not rewritten under traffic";
	return wrong ? "a frame went to the port of the entry that took the slot" : NULL;
}

/* Two CPUs send the same new source MACs in lock step. */
#define LOCKSTEP 20000
static volatile int step[2];

static void *learner(void *arg)
{
	long me = (long)arg;
	__u8 frame[60] = { 0 };
	struct xdp_md ctx = { .data_end = sizeof(frame), .ingress_ifindex = ifindex[1] };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx));
	cpu_set_t cpu;

	CPU_ZERO(&cpu);
	CPU_SET(me, &cpu);
	sched_setaffinity(0, sizeof(cpu), &cpu);
	memset(frame, 0xff, 6);
	frame[12] = 0x08;
	for (int i = 0; i < LOCKSTEP; i++) {
		__u8 m[6] = { 0x02, 0xcc, 0, i >> 16, i >> 8, i };

		memcpy(frame + 6, m, 6);
		step[me] = i;
		while (step[!me] < i)
			;
		bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xsw_xdp_rx), &opts);
	}
	step[me] = LOCKSTEP;
	return NULL;
}

static int key_cmp(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

static const char *learned_twice(void)
{
	const __u32 slots = TEST_FDB_BUCKETS * XSW_FDB_WAYS;
	__u64 *keys = calloc(slots, sizeof(*keys));
	struct fdbtab t;
	pthread_t th[2];
	__u32 n = 0, dups = 0;

	reset(0);
	/* half the table taken: many of the new MACs find their first bucket
	 * full, and the two copies may be one in each of its buckets */
	test_fdb_open(&t, fd(skel->maps.xsw_fdb), false);
	for (__u32 i = 0; i < slots / 2; i++) {
		struct xsw_fdb_key k = { .mac = { 0x02, 0xdd, 0, i >> 16, i >> 8, i } };
		struct xsw_fdb_val v = { .port = 2, .seen = xsw_fdb_tick(now_ns()) - 1 };

		fdbtab_put(&t, &k, &v);
	}
	fdbtab_close(&t);
	test_fdb_gen_bump(fd(skel->maps.xsw_fdb_gen));
	step[0] = step[1] = -1;
	for (long i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, learner, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	test_fdb_open(&t, fd(skel->maps.xsw_fdb), false);
	for (__u32 b = 0; b <= t.mask; b++)
		for (int i = 0; i < XSW_FDB_WAYS; i++)
			if (t.b[b].slot[i].key & XSW_FDB_VALID)
				keys[n++] = t.b[b].slot[i].key;
	fdbtab_close(&t);
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (__u32 i = 1; i < n; i++)
		dups += keys[i] == keys[i - 1];
	free(keys);
	return dups ? "a MAC holds two slots" : NULL;
}

static const char *long_idle(void)
{
	struct xsw_fdb_key k = { .vlan = 0 };
	struct xsw_fdb_val v = { .port = 2 };

	/* idle 30 days, then past the tick's signed range: both expired */
	reset(0);
	put(mates[0], 2, false, 30 * 86400);
	if (send_frame(mates[0], src) != 0)
		return "an entry idle for 30 days took the frame";
	reset(0);
	memcpy(k.mac, mates[0], 6);
	v.seen = xsw_fdb_tick(now_ns()) + 0x80000000u;
	test_fdb_put(fd(skel->maps.xsw_fdb), &k, &v);
	if (send_frame(mates[0], src) != 0)
		return "an entry idle past the tick's range took the frame";
	return port_of(mates[0], NULL) ? "the expired entry's slot was not freed" : NULL;
}

/* A source the datapath knows by its fingerprint is not learned again
 * until the next epoch, which refreshes its entry: an active source never
 * ages out. */
static const char *known_source(void)
{
	double age;

	reset(0);
	next_epoch();
	if (send_frame(mates[0], src) != 0 || port_of(src, NULL) != 1)
		return "the source was not learned";
	set_seen(src, 1, 200000);	/* past half the ageing time: due */
	if (send_frame(mates[0], src) != 0)
		return "the second frame did not flood";
	age = age_of(src);
	if (age < 150)
		return "the known source was learned again within its epoch";
	next_epoch();
	if (send_frame(mates[0], src) != 0)
		return "the third frame did not flood";
	age = age_of(src);
	return age >= 0 && age < 5 ? NULL : "the next epoch did not refresh the entry";
}

/* A source known by its fingerprint on one port that sends from another is
 * learned there at once: the port is part of the fingerprint. */
static const char *known_moves(void)
{
	reset(0);
	if (send_frame(mates[0], src) != 0 || send_frame(mates[0], src) != 0 ||
	    port_of(src, NULL) != 1)
		return "the source was not learned";
	if (send_frame_at(3, mates[0], src) != 0)
		return "the frame from port 3 did not flood";
	return port_of(src, NULL) == 3 ? NULL : "the source did not move to port 3";
}

/* With an ageing time under 4 epochs, every frame is learned: its entry is
 * refreshed once past half the ageing time. */
static const char *short_ageing(void)
{
	const char *why = NULL;

	ageing_s = 2;
	reset(0);
	if (send_frame(mates[0], src) != 0 || port_of(src, NULL) != 1)
		why = "the source was not learned";
	set_seen(src, 1, 1500);
	if (!why && (send_frame(mates[0], src) != 0 || age_of(src) > 0.5))
		why = "the entry was not refreshed";
	ageing_s = 300;
	return why;
}

int main(void)
{
	cpu_set_t cpu0;

	ncpu = libbpf_num_possible_cpus();
	/* one CPU: the memo and the counters of the case before are this CPU's */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) || setup())
		return 1;
	result("a source whose first bucket is full goes into its second", second_bucket());
	result("two full buckets drop their oldest learned entry for a new source", full_bucket());
	result("static entries stay: a bucket of them learns nothing, still forwards",
	       static_bucket());
	result("a slot caught while rewritten is a miss, not another entry's port", torn_slot());
	result("a MAC that moves is rewritten in place, its old port counts one less", moved());
	result("an entry idle for a month or for years floods, its slot freed", long_idle());
	result("a source known by its fingerprint is refreshed every epoch", known_source());
	result("a known source that sends from another port moves at once", known_moves());
	result("with an ageing time under 4 epochs every frame learns", short_ageing());
	result("learned, moved and aged entries are events; a known source is none",
	       fdb_events());
	result("a lookup while xswctl rewrites the slot never takes the new entry's port",
	       rewritten_slot());
	result("two CPUs that learn one MAC at once leave it one slot", learned_twice());
	xsw__destroy(skel);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
