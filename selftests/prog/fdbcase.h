/* SPDX-License-Identifier: GPL-2.0 */
/* The harness of test_fdb.c: a datapath with three connected ports on veths
 * of its own network namespace, its table set up and read through
 * ctl/lib/fdbtab.c (xswctl's own code), frames sent in with BPF_PROG_RUN (not
 * live: the verdict only); a unicast is told by the destination's tx counter,
 * a flood by the source's rx_unknown. */
#ifndef XSW_TEST_FDBCASE_H
#define XSW_TEST_FDBCASE_H

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <net/if.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "xsw/abi.h"
#include "xsw.skel.h"
#include "fdbtest.h"

#define NPORTS 3
#define LIMIT2 10		/* port 2's learning limit: its MACs are counted */
#define EPOCH_NS (1ULL << XSW_FDB_EPOCH_SHIFT)

static struct xsw *skel;
static int ifindex[NPORTS + 1], ncpu, passed, failed;
static const __u8 src[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static __u8 mates[XSW_FDB_WAYS][6];	/* MACs of src's first bucket */
static __u8 others[XSW_FDB_WAYS][6];	/* MACs whose first bucket is src's second */

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static __u64 ageing_s = 300;	/* the next reset's ageing time */

static int fd(struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static __u64 bucket_of(const __u8 *mac)
{
	return xsw_fdb_hash(xsw_fdb_slot_key(mac, 0), TEST_FDB_SEED) & (TEST_FDB_BUCKETS - 1);
}

static __u64 second_of(const __u8 *mac)
{
	return xsw_fdb_alt(xsw_fdb_hash(xsw_fdb_slot_key(mac, 0), TEST_FDB_SEED)) &
	       (TEST_FDB_BUCKETS - 1);
}

/* XSW_FDB_WAYS MACs into @macs whose first bucket is @b, and not their
 * second. */
static void find_macs(__u8 (*macs)[6], __u64 b)
{
	int n = 0;

	for (__u32 i = 1; n < XSW_FDB_WAYS; i++) {
		__u8 m[6] = { 0x02, 0xee, i >> 24, i >> 16, i >> 8, i };

		if (bucket_of(m) == b && second_of(m) != b)
			memcpy(macs[n++], m, 6);
	}
}

static int setup(void)
{
	char cmd[200];

	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "FAIL: unshare(CLONE_NEWNET): %s (run as root)\n", strerror(errno));
		return -1;
	}
	for (int i = 1; i <= NPORTS; i++) {
		snprintf(cmd, sizeof(cmd), "ip link add a%d type veth peer name b%d && "
			 "ip link set a%d up && ip link set b%d up", i, i, i, i);
		if (system(cmd)) {
			fprintf(stderr, "FAIL: setup command failed: %s\n", cmd);
			return -1;
		}
		snprintf(cmd, sizeof(cmd), "a%d", i);
		ifindex[i] = if_nametoindex(cmd);
	}
	skel = xsw__open_and_load();
	if (!skel) {
		fprintf(stderr, "FAIL: cannot load the datapath: %s\n", strerror(errno));
		return -1;
	}
	if (bucket_of(src) == second_of(src)) {
		fprintf(stderr, "FAIL: the test's source MAC has one bucket: pick another\n");
		return -1;
	}
	find_macs(mates, bucket_of(src));
	find_macs(others, second_of(src));
	return 0;
}

/* Empty table, fresh counters, ports 1..3 connected, port 2 with a learning
 * limit and @learned2 MACs. */
static void reset(__u32 learned2)
{
	struct xsw_config cfg = { .layout = XSW_LAYOUT_VERSION, .max_port = NPORTS,
				  .ageing_ns = ageing_s * 1000000000ULL, TEST_FDB_CFG };
	struct xsw_port_stats *zero = calloc(ncpu, sizeof(*zero));
	struct xsw_fdb_key k;
	struct fdbtab t;
	__u32 key = 0;

	test_fdb_open(&t, fd(skel->maps.xsw_fdb), true);
	fdbtab_close(&t);
	while (!bpf_map_get_next_key(fd(skel->maps.xsw_fdb_static), NULL, &k))
		bpf_map_delete_elem(fd(skel->maps.xsw_fdb_static), &k);
	bpf_map_update_elem(fd(skel->maps.xsw_config), &key, &cfg, 0);
	for (__u32 i = 1; i <= NPORTS; i++) {
		struct xsw_port p = { .ifindex = ifindex[i], .mode = XSW_MODE_XDP,
				      .state = XSW_PORT_NIC_CONNECTED, .policy = i == 2 };
		struct xsw_policy pol = { .learn_limit = LIMIT2 };
		__u32 learned = i == 2 ? learned2 : 0;

		bpf_map_update_elem(fd(skel->maps.xsw_ports), &i, &p, 0);
		bpf_map_update_elem(fd(skel->maps.xsw_ifports), &ifindex[i], &i, 0);
		bpf_map_update_elem(fd(skel->maps.xsw_stats), &i, zero, 0);
		bpf_map_update_elem(fd(skel->maps.xsw_learned), &i, &learned, 0);
		if (i == 2)
			bpf_map_update_elem(fd(skel->maps.xsw_policy), &i, &pol, 0);
	}
	free(zero);
	test_fdb_gen_bump(fd(skel->maps.xsw_fdb_gen));
}

/* An entry of @mac in the table, as xswctl or the datapath puts it; a static
 * one in the static map too. */
static void put(const __u8 *mac, __u32 port, bool is_static, __u32 age_s)
{
	struct xsw_fdb_key k = { .vlan = 0 };
	struct xsw_fdb_val v = { .port = port, .flags = is_static ? XSW_FDB_STATIC : 0,
				 .seen = xsw_fdb_tick(now_ns() - age_s * 1000000000ULL) };

	memcpy(k.mac, mac, 6);
	if (is_static)
		bpf_map_update_elem(fd(skel->maps.xsw_fdb_static), &k, &v, 0);
	test_fdb_put(fd(skel->maps.xsw_fdb), &k, &v);
	test_fdb_gen_bump(fd(skel->maps.xsw_fdb_gen));
}

/* The port of @mac's entry in the table, 0 for none; static or not in @flags. */
static __u32 port_of(const __u8 *mac, __u16 *flags)
{
	struct xsw_fdb_key k = { .vlan = 0 };
	struct xsw_fdb_val v = {};

	memcpy(k.mac, mac, 6);
	if (test_fdb_get(fd(skel->maps.xsw_fdb), &k, &v))
		return 0;
	if (flags)
		*flags = v.flags;
	return v.port;
}

/* The age of @mac's entry in seconds, as the datapath's clock counts it. */
static double age_of(const __u8 *mac)
{
	struct xsw_fdb_key k = { .vlan = 0 };
	struct xsw_fdb_val v = {};

	memcpy(k.mac, mac, 6);
	if (test_fdb_get(fd(skel->maps.xsw_fdb), &k, &v))
		return -1;
	return xsw_fdb_age(v.seen, now_ns()) / 1e9;
}

/* @mac's entry on @port, seen @age_ms ago: time passing, no change of the
 * table (no new generation). */
static void set_seen(const __u8 *mac, __u32 port, __u32 age_ms)
{
	struct xsw_fdb_key k = { .vlan = 0 };
	struct xsw_fdb_val v = { .port = port,
				 .seen = xsw_fdb_tick(now_ns() - age_ms * 1000000ULL) };

	memcpy(k.mac, mac, 6);
	test_fdb_put(fd(skel->maps.xsw_fdb), &k, &v);
}

/* Sleeps into the next epoch of the datapath's fingerprints, 50 ms in. */
static void next_epoch(void)
{
	__u64 now = now_ns(), next = (now / EPOCH_NS + 1) * EPOCH_NS + 50000000ULL;

	usleep((next - now) / 1000);
}

static __u64 sum(__u32 port, size_t field)
{
	struct xsw_port_stats *s = calloc(ncpu, sizeof(*s));
	__u64 n = 0;

	bpf_map_lookup_elem(fd(skel->maps.xsw_stats), &port, s);
	for (int c = 0; c < ncpu; c++)
		n += *(__u64 *)((char *)&s[c] + field);
	free(s);
	return n;
}

/* Sends @dst <- @from in at port @in. The port it went to, 0 for a flood,
 * -1 for neither. */
static int send_frame_at(__u32 in, const __u8 *dst, const __u8 *from)
{
	__u8 frame[60] = { 0 };
	struct xdp_md ctx = { .data_end = sizeof(frame), .ingress_ifindex = ifindex[in] };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx));

	memcpy(frame, dst, 6);
	memcpy(frame + 6, from, 6);
	frame[12] = 0x08;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xsw_xdp_rx), &opts) ||
	    opts.retval != XDP_REDIRECT)
		return -1;
	if (sum(in, offsetof(struct xsw_port_stats, rx_unknown)))
		return 0;
	for (__u32 p = 1; p <= NPORTS; p++)
		if (p != in && sum(p, offsetof(struct xsw_port_stats, tx_packets)))
			return p;
	return -1;
}

static int send_frame(const __u8 *dst, const __u8 *from)
{
	return send_frame_at(1, dst, from);
}

static __u32 learned(__u32 port)
{
	__u32 n = 0;

	bpf_map_lookup_elem(fd(skel->maps.xsw_learned), &port, &n);
	return n;
}

static void result(const char *desc, const char *why)
{
	printf("xdp  %-62s %s%s\n", desc, why ? "[FAIL] " : "[ OK ]", why ? why : "");
	if (why)
		failed++;
	else
		passed++;
}

#endif /* XSW_TEST_FDBCASE_H */
