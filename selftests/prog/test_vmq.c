// SPDX-License-Identifier: GPL-2.0
/* BPF_PROG_RUN tests of VMQ classification: which CPU finishes each frame's
 * pipeline. Frames enter xsw_xdp_rx as live frames on CPU 0 at port 1 (a
 * veth with two receive queues); the switch's cpumap really hands them to
 * their CPU, where xsw_xdp_cpu counts them in xsw_vmq_stats per CPU and
 * delivers them. Needs 2 CPUs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "xsw/abi.h"
#include "xsw.skel.h"
#include "fdbtest.h"

#define NPORTS 3
#define M1 { 0x02, 0, 0, 0, 0, 0x01 }
#define M2 { 0x02, 0, 0, 0, 0, 0x02 }
#define M9 { 0x02, 0, 0, 0, 0, 0x09 }
#define BCAST { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }
#define LOCAL 0xff		/* no table: processed where it arrived */
#define SPREAD 0xfe		/* both CPUs of a two-CPU table */

struct tcase {
	const char *desc;
	__u8 dst[6];
	__u16 vlan;
	bool has_p2, has_dflt;	/* port 2 has a queue; the default queue has CPUs */
	__u8 port2[2];		/* port 2's queue: CPUs {c, c} (VMQ) or {c, d} (VMMQ) */
	__u8 dflt[2];		/* the default queue's */
	int rxq_cpu;		/* CPU mapped to port 1's receive queue 1; -1 none */
	__u32 rx_queue;		/* the queue the frames arrive on */
	bool not_live;		/* run without BPF_F_TEST_XDP_LIVE_FRAMES */
	unsigned int flows;	/* distinct UDP source ports, frames = flows * repeat */
	unsigned int repeat;
	__u32 queue;		/* expected queue: 2 or 0 (default) */
	__u8 cpu;		/* expected CPU, LOCAL (= 0, where sent) or SPREAD */
	bool one_cpu;		/* all the frames on one of the table's CPUs */
};

#define P2(a, b) .has_p2 = true, .port2 = { a, b }
#define DF(a, b) .has_dflt = true, .dflt = { a, b }

static const struct tcase cases[] = {
	{ "a port with one CPU: its frames go to that CPU", M2, P2(1, 1),
	  .rxq_cpu = -1, .queue = 2, .cpu = 1 },
	{ "a port whose CPU is the receiving one: processed in place", M2, P2(0, 0),
	  .rxq_cpu = -1, .queue = 2, .cpu = 0 },
	{ "a port without a queue (VMQ off): default, where received", M2,
	  .rxq_cpu = -1, .queue = 0, .cpu = LOCAL },
	{ "broadcast: the default queue's CPU", BCAST, P2(1, 1), DF(1, 1),
	  .rxq_cpu = -1, .queue = 0, .cpu = 1 },
	{ "unknown unicast: the default queue's CPU", M9, P2(0, 0), DF(1, 1),
	  .rxq_cpu = -1, .queue = 0, .cpu = 1 },
	{ "the port's MAC on another VLAN: the default queue", M2, .vlan = 7,
	  P2(1, 1), .rxq_cpu = -1, .queue = 0, .cpu = LOCAL },
	{ "several CPUs: one flow stays on one CPU", M2, P2(0, 1), .rxq_cpu = -1,
	  .flows = 1, .repeat = 32, .queue = 2, .one_cpu = true },
	{ "several CPUs: 64 flows spread over both", M2, P2(0, 1), .rxq_cpu = -1,
	  .flows = 64, .repeat = 1, .queue = 2, .cpu = SPREAD },
	{ "default queue with several CPUs: 64 flows spread", BCAST, DF(0, 1),
	  .rxq_cpu = -1, .flows = 64, .repeat = 1, .queue = 0, .cpu = SPREAD },
	/* the kernel's live-frame mode reports receive queue 0: a frame on
	 * another queue runs once without it, where only a frame kept on
	 * this CPU is counted (a redirect is not carried out) */
	{ "receive queue 1 mapped to this CPU: not the default CPUs", BCAST, DF(1, 1),
	  .rxq_cpu = 0, .rx_queue = 1, .not_live = true, .queue = 0, .cpu = 0 },
	{ "an unmapped receive queue: the default queue's CPUs", BCAST, DF(1, 1),
	  .rxq_cpu = 0, .rx_queue = 0, .queue = 0, .cpu = 1 },
	{ "a port's own queue wins over its receive queue's CPU", M2, P2(0, 0),
	  .rxq_cpu = 1, .rx_queue = 1, .not_live = true, .queue = 2, .cpu = 0 },
};

static struct xsw *skel;
static int ifindex[NPORTS + 1];
static int ncpu;

static int fd_of(struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static int setup_netns(void)
{
	char cmd[256];
	int i;

	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "FAIL: unshare(CLONE_NEWNET): %s (run as root)\n", strerror(errno));
		return -1;
	}
	for (i = 1; i <= NPORTS; i++) {
		snprintf(cmd, sizeof(cmd),
			 "ip link add a%d numrxqueues 2 numtxqueues 2 type veth peer name b%d && "
			 "ip link set a%d up && ip link set b%d up && ethtool -K b%d gro on >/dev/null",
			 i, i, i, i, i);
		if (system(cmd)) {
			fprintf(stderr, "FAIL: setup command failed: %s\n", cmd);
			return -1;
		}
		snprintf(cmd, sizeof(cmd), "a%d", i);
		ifindex[i] = if_nametoindex(cmd);
	}
	return 0;
}

/* The datapath of a switch with three connected XDP ports and a running
 * cpumap on CPUs 0 and 1, as xswctl sets it up. */
static int setup_switch(void)
{
	struct bpf_cpumap_val cv = { .qsize = XSW_VMQ_QSIZE,
				     .bpf_prog.fd = bpf_program__fd(skel->progs.xsw_xdp_cpu) };
	__u32 i, cpu;

	for (cpu = 0; cpu < 2; cpu++)
		if (bpf_map_update_elem(fd_of(skel->maps.xsw_cpus), &cpu, &cv, 0)) {
			fprintf(stderr, "FAIL: cannot start the cpumap queue of CPU %u: %s\n", cpu,
				strerror(errno));
			return -1;
		}
	for (i = 1; i <= NPORTS; i++) {
		struct xsw_port p = { .ifindex = ifindex[i], .mode = XSW_MODE_XDP,
				      .state = XSW_PORT_NIC_CONNECTED };
		struct bpf_devmap_val tx = { .ifindex = ifindex[i],
					     .bpf_prog.fd = bpf_program__fd(skel->progs.xsw_xdp_tx) };

		bpf_map_update_elem(fd_of(skel->maps.xsw_ports), &i, &p, 0);
		bpf_map_update_elem(fd_of(skel->maps.xsw_ifports), &ifindex[i], &i, 0);
		bpf_map_update_elem(fd_of(skel->maps.xsw_tx), &i, &tx, 0);
	}
	return 0;
}

static void queue_set(__u32 index, const __u8 cpus[2], bool on)
{
	struct xsw_vmq q = {};
	int i;

	if (on) {
		q.state = XSW_VMQ_QUEUE;
		q.ncpus = cpus[0] == cpus[1] ? 1 : 2;
		q.weight = 100;
		for (i = 0; i < XSW_VMQ_INDIR; i++)
			q.indir[i] = cpus[i % 2];
	}
	bpf_map_update_elem(fd_of(skel->maps.xsw_vmq), &index, &q, 0);
}

static void reset(const struct tcase *tc)
{
	struct xsw_config cfg = { .layout = XSW_LAYOUT_VERSION, .max_port = NPORTS,
				  .ageing_ns = 300 * 1000000000ULL, .vmq = XSW_VMQ_ON,
				  TEST_FDB_CFG };
	struct xsw_fdb_key k = { .mac = M2 };
	struct xsw_fdb_val v = { .port = 2, .flags = XSW_FDB_STATIC };
	struct xsw_vmq_stats zero[ncpu];
	struct xsw_vmq_rxq_key rk = { .ifindex = ifindex[1], .queue = 1 };
	__u32 i, key = 0, cpu = tc->rxq_cpu;

	memset(zero, 0, sizeof(zero));
	for (i = 0; i <= NPORTS; i++)
		bpf_map_update_elem(fd_of(skel->maps.xsw_vmq_stats), &i, zero, 0);
	test_fdb_put(fd_of(skel->maps.xsw_fdb), &k, &v);
	bpf_map_update_elem(fd_of(skel->maps.xsw_fdb_static), &k, &v, 0);
	queue_set(2, tc->port2, tc->has_p2);
	queue_set(0, tc->dflt, tc->has_dflt);
	if (tc->rxq_cpu >= 0) {
		cfg.vmq |= XSW_VMQ_RXQ;
		bpf_map_update_elem(fd_of(skel->maps.xsw_vmq_rxq), &rk, &cpu, 0);
	} else {
		bpf_map_delete_elem(fd_of(skel->maps.xsw_vmq_rxq), &rk);
	}
	bpf_map_update_elem(fd_of(skel->maps.xsw_config), &key, &cfg, 0);
}

/* Ethernet (+ 802.1Q) + IPv4 + UDP from source port @sport. */
static unsigned int build_frame(const struct tcase *tc, __u16 sport, __u8 *buf)
{
	unsigned int off = 12;
	__u8 *ip, *udp;

	memset(buf, 0, 128);
	memcpy(buf, tc->dst, 6);
	memcpy(buf + 6, (__u8[6])M1, 6);
	if (tc->vlan) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = tc->vlan >> 8;
		buf[off++] = tc->vlan & 0xff;
	}
	buf[off++] = 0x08;
	buf[off++] = 0x00;
	ip = buf + off;
	ip[0] = 0x45;
	ip[3] = 46;		/* total length */
	ip[8] = 64;
	ip[9] = 17;		/* UDP */
	memcpy(ip + 12, (__u8[]){ 10, 0, 0, 1, 10, 0, 0, 2 }, 8);
	udp = ip + 20;
	udp[0] = sport >> 8;
	udp[1] = sport & 0xff;
	udp[3] = 9;
	udp[5] = 26;
	return off + 46;
}

static const char *send_frames(const struct tcase *tc)
{
	unsigned int f, len;
	__u8 frame[128];

	for (f = 0; f < (tc->flows ?: 1); f++) {
		struct xdp_md ctx = { .ingress_ifindex = ifindex[1], .rx_queue_index = tc->rx_queue };
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .ctx_in = &ctx,
			    .ctx_size_in = sizeof(ctx), .repeat = tc->repeat ?: 1,
			    .flags = tc->not_live ? 0 : BPF_F_TEST_XDP_LIVE_FRAMES);

		len = build_frame(tc, 1000 + f * 7, frame);
		ctx.data_end = len;
		opts.data_size_in = len;
		if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xsw_xdp_rx), &opts))
			return strerror(errno);
	}
	return NULL;
}

/* Frames of @queue processed on each CPU, waiting for the other CPU's
 * cpumap queue to drain. */
static void per_cpu(__u32 queue, __u64 want, __u64 out[2])
{
	struct xsw_vmq_stats s[ncpu];
	int tries;

	for (tries = 0; tries < 100; tries++) {
		bpf_map_lookup_elem(fd_of(skel->maps.xsw_vmq_stats), &queue, s);
		out[0] = s[0].packets;
		out[1] = s[1].packets;
		if (out[0] + out[1] >= want)
			return;
		usleep(10000);
	}
}

static const char *check(const struct tcase *tc, char *why, size_t len)
{
	__u64 want = (tc->flows ?: 1) * (tc->repeat ?: 1), got[2], other[2];
	int cpu = tc->cpu == LOCAL ? 0 : tc->cpu;

	per_cpu(tc->queue, want, got);
	per_cpu(tc->queue ? 0 : 2, 0, other);
	if (got[0] + got[1] != want || other[0] + other[1]) {
		snprintf(why, len, "queue %u processed %llu+%llu frames, the other %llu, want %llu",
			 tc->queue, (unsigned long long)got[0], (unsigned long long)got[1],
			 (unsigned long long)(other[0] + other[1]), (unsigned long long)want);
		return why;
	}
	if (tc->one_cpu ? got[0] && got[1] : tc->cpu == SPREAD ? !got[0] || !got[1] :
	    got[cpu] != want) {
		snprintf(why, len, "CPU 0 processed %llu, CPU 1 %llu",
			 (unsigned long long)got[0], (unsigned long long)got[1]);
		return why;
	}
	return NULL;
}

int main(void)
{
	int passed = 0, failed = 0;
	const char *err;
	cpu_set_t cpu0;
	char why[160];
	unsigned int i;

	ncpu = libbpf_num_possible_cpus();
	if (ncpu < 2 || sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		fprintf(stderr, "FAIL: VMQ tests need 2 online CPUs\n");
		return 1;
	}
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0)) {
		fprintf(stderr, "FAIL: cannot run on CPU 0: %s\n", strerror(errno));
		return 1;
	}
	if (setup_netns())
		return 1;
	skel = xsw__open();
	if (!skel || bpf_map__set_max_entries(skel->maps.xsw_cpus, ncpu) || xsw__load(skel)) {
		fprintf(stderr, "FAIL: cannot load the datapath: %s\n", strerror(errno));
		return 1;
	}
	if (setup_switch())
		return 1;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(&cases[i]);
		err = send_frames(&cases[i]) ?: check(&cases[i], why, sizeof(why));
		printf("%-58s %s%s\n", cases[i].desc, err ? "[FAIL] " : "[ OK ]", err ? err : "");
		if (err)
			failed++;
		else
			passed++;
	}
	xsw__destroy(skel);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
