// SPDX-License-Identifier: GPL-2.0
/* BPF_PROG_RUN table tests of the switch pipeline, each case run through the
 * XDP build (live frames: the devmap really redirects and its egress program
 * counts) and the TC build (verdict and counters). Runs in a private network
 * namespace with three veth ports and one device that is not a port.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "xsw/abi.h"
#include "xsw.skel.h"

#include "pipeline_cases.h"

static struct xsw *skel;
static __u32 seen_before;	/* timestamp given to the entry a case checks afterwards */
static int ifindex[NPORTS + 2];	/* [i]: root end of port i's veth; [NPORTS+1]: no port */
static int ncpu;

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc)
		fprintf(stderr, "FAIL: setup command failed (%d): %s\n", rc, cmd);
	return rc;
}

static int setup_netns(void)
{
	char cmd[256];
	int i;

	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "FAIL: unshare(CLONE_NEWNET): %s (run as root)\n", strerror(errno));
		return -1;
	}
	for (i = 1; i <= NPORTS + 1; i++) {
		/* GRO on the peer gives it the NAPI an XDP redirect needs */
		snprintf(cmd, sizeof(cmd),
			 "ip link add a%d type veth peer name b%d && ip link set a%d up && "
			 "ip link set b%d up && ethtool -K b%d gro on >/dev/null", i, i, i, i, i);
		if (sh(cmd))
			return -1;
		snprintf(cmd, sizeof(cmd), "a%d", i);
		ifindex[i] = if_nametoindex(cmd);
	}
	return 0;
}

static int map_fd(struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static void zero_stats(void)
{
	struct xsw_port_stats *zero = calloc(ncpu, sizeof(*zero));
	__u32 i;

	for (i = 0; i <= NPORTS + 1; i++)
		bpf_map_update_elem(map_fd(skel->maps.xsw_stats), &i, zero, 0);
	free(zero);
}

static void reset_maps(const struct tcase *tc)
{
	struct xsw_config cfg = { .layout = XSW_LAYOUT_VERSION, .max_port = NPORTS,
				  .ageing_ns = 300 * 1000000000ULL, TEST_FDB_CFG };
	struct xsw_fdb_key k, next;
	struct fdbtab fdb;
	__u32 i, key = 0;
	int xdp_tx = bpf_program__fd(skel->progs.xsw_xdp_tx);

	{
		struct xsw_ip_key ik;

		while (!bpf_map_get_next_key(map_fd(skel->maps.xsw_allowed_ips), NULL, &ik))
			bpf_map_delete_elem(map_fd(skel->maps.xsw_allowed_ips), &ik);
	}
	test_fdb_open(&fdb, map_fd(skel->maps.xsw_fdb), true);
	while (!bpf_map_get_next_key(map_fd(skel->maps.xsw_fdb_static), NULL, &next))
		bpf_map_delete_elem(map_fd(skel->maps.xsw_fdb_static), &next);
	for (i = 0; i < 2; i++) {
		const struct fdb_entry *e = &tc->fdb[i];
		struct xsw_fdb_val v = { .port = e->port, .seen = xsw_fdb_tick(now_ns()) };

		if (!e->port)
			continue;
		memcpy(k.mac, e->mac, 6);
		k.vlan = e->vlan;
		v.flags = e->is_static ? XSW_FDB_STATIC : 0;
		if (e->aged || e->stale) {
			cfg.ageing_ns = 1000000000ULL;
			v.seen -= xsw_fdb_tick(e->aged ? 2000000000ULL : 600000000ULL);
		}
		if (!memcmp(e->mac, tc->after.mac, 6))
			seen_before = v.seen;
		/* like xswctl: static entries in their own map, copied to the
		 * table, unless the case has it dropped there */
		if (e->is_static)
			bpf_map_update_elem(map_fd(skel->maps.xsw_fdb_static), &k, &v, 0);
		if (!e->is_static || !tc->fill_table)
			fdbtab_put(&fdb, &k, &v);
	}
	for (i = 0; tc->fill_table && i < 2 * XSW_FDB_SIZE; i++) {
		struct xsw_fdb_val v = { .port = 2, .seen = xsw_fdb_tick(now_ns()) };

		memcpy(k.mac, (__u8[6]){ 0x06, 0, 0, i >> 16, i >> 8, i }, 6);
		k.vlan = 0;
		fdbtab_put(&fdb, &k, &v);
	}
	fdbtab_close(&fdb);
	bpf_map_update_elem(map_fd(skel->maps.xsw_config), &key, &cfg, 0);
	/* like xswctl after an FDB change: void the memoized decisions */
	test_fdb_gen_bump(map_fd(skel->maps.xsw_fdb_gen));

	zero_stats();
	for (i = 1; i <= NPORTS; i++) {
		struct xsw_port p = { .ifindex = ifindex[i], .mode = XSW_MODE_XDP,
				      .state = tc->port_state[i] ?: XSW_PORT_NIC_CONNECTED,
				      .down = !!(tc->down_mask & 1 << i) };
		struct bpf_devmap_val tx = { .ifindex = ifindex[i], .bpf_prog.fd = xdp_tx };
		struct xsw_policy pol = { .guards = i == tc->in_port ? tc->guards : 0,
					  .storm_pps = i == tc->in_port ? tc->storm_pps : 0,
					  .learn_limit = i == tc->in_port ? tc->learn_limit : 0 };
		__u32 learned = i == tc->in_port ? tc->learned : 0;
		struct xsw_storm window = {};

		if (i == tc->in_port && tc->port_mac == MAC_LEARN) {
			pol.flags = XSW_POL_MAC_LEARN;
		} else if (i == tc->in_port && tc->port_mac) {
			pol.flags = XSW_POL_MAC |
				    (tc->port_mac == MAC_M3_SPOOFING ? XSW_POL_MAC_SPOOFING : 0);
			memcpy(pol.mac, (__u8[6]){ 0x02, 0, 0, 0, 0, tc->port_mac == MAC_M1 ? 1 : 3 },
			       6);
		}
		/* like xswctl: the entry, and the port's flag while it has one */
		if (i == tc->in_port && tc->allowed_ip) {
			struct xsw_ip_key ik = { .prefixlen = 32 + 128, .port = i,
						 .addr = { [10] = 0xff, [11] = 0xff, [12] = 10,
							   [15] = tc->allowed_ip } };
			__u8 one = 1;

			pol.flags |= XSW_POL_IPS;
			bpf_map_update_elem(map_fd(skel->maps.xsw_allowed_ips), &ik, &one, 0);
		}
		p.policy = pol.guards || pol.storm_pps || pol.flags || pol.learn_limit;
		bpf_map_update_elem(map_fd(skel->maps.xsw_learned), &i, &learned, 0);
		bpf_map_update_elem(map_fd(skel->maps.xsw_policy), &i, &pol, 0);
		bpf_map_update_elem(map_fd(skel->maps.xsw_storm), &i, &window, 0);

		bpf_map_update_elem(map_fd(skel->maps.xsw_ports), &i, &p, 0);
		bpf_map_update_elem(map_fd(skel->maps.xsw_ifports), &ifindex[i], &i, 0);
		/* like xswctl: a connected port in both devmaps, without a
		 * program in xsw_tx_direct */
		if (p.state == XSW_PORT_NIC_CONNECTED) {
			bpf_map_update_elem(map_fd(skel->maps.xsw_tx), &i, &tx, 0);
			tx.bpf_prog.fd = 0;
			bpf_map_update_elem(map_fd(skel->maps.xsw_tx_direct), &i, &tx, 0);
		} else {
			bpf_map_delete_elem(map_fd(skel->maps.xsw_tx), &i);
			bpf_map_delete_elem(map_fd(skel->maps.xsw_tx_direct), &i);
		}
	}
}

static unsigned int build_frame(const struct tcase *tc, __u8 *buf)
{
	unsigned int off = 12, len = tc->len ?: 60;

	memset(buf, 0, 128);
	memcpy(buf, tc->dst, 6);
	memcpy(buf + 6, tc->src, 6);
	if (tc->vlan) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = tc->vlan >> 8;
		buf[off++] = tc->vlan & 0xff;
	}
	buf[off++] = (tc->proto ?: 0x0800) >> 8;	/* default IPv4: not looked at */
	buf[off++] = (tc->proto ?: 0x0800) & 0xff;
	if (tc->l3) {
		memcpy(buf + off, tc->l3, tc->l3_len);
		if (off + tc->l3_len > len)
			len = off + tc->l3_len;
	}
	return len;
}

static struct xsw_port_stats read_stats(__u32 port)
{
	struct xsw_port_stats *s = calloc(ncpu, sizeof(*s)), sum = {};
	int c, r;

	bpf_map_lookup_elem(map_fd(skel->maps.xsw_stats), &port, s);
	for (c = 0; c < ncpu; c++) {
		sum.rx_packets += s[c].rx_packets;
		sum.rx_bytes += s[c].rx_bytes;
		sum.tx_bytes += s[c].tx_bytes;
		sum.rx_broadcast += s[c].rx_broadcast;
		sum.rx_multicast += s[c].rx_multicast;
		sum.rx_unknown += s[c].rx_unknown;
		sum.tx_packets += s[c].tx_packets;
		for (r = 0; r < XSW_DROP__MAX; r++)
			sum.drops[r] += s[c].drops[r];
	}
	free(s);
	return sum;
}

/* Returns NULL when the counters and FDB match the case, else what differs. */
static const char *check(const struct tcase *tc, unsigned int flen, char *why, size_t len)
{
	__u32 src = tc->in_port <= NPORTS ? tc->in_port : 0, frames = tc->frames ?: 1;
	/* over a storm limit, the frames past it are the dropped ones */
	bool storm = tc->drop == XSW_DROP_STORM;
	__u32 drops = storm ? frames - tc->storm_pps : 1, sent = storm ? tc->storm_pps : frames;
	struct xsw_port_stats s = read_stats(src);
	struct xsw_fdb_key k = { .vlan = tc->after.vlan };
	struct xsw_fdb_val v = {};
	__u64 want;
	__u32 i;
	int r;

	for (r = 1; r < XSW_DROP__MAX; r++) {
		want = r == tc->drop ? drops : 0;
		if (s.drops[r] != want) {
			snprintf(why, len, "drop reason %d counted %llu times, want %llu", r,
				 (unsigned long long)s.drops[r], (unsigned long long)want);
			return why;
		}
	}
	/* a frame is received (and counted) once its port is known and connected */
	want = (tc->drop != XSW_DROP_UNKNOWN_PORT && tc->drop != XSW_DROP_NIC_NOT_CONNECTED) *
	       frames;
	if (s.rx_packets != want || s.rx_bytes != want * flen) {
		snprintf(why, len, "rx %llu packets %llu bytes, want %llu packets of %u bytes",
			 (unsigned long long)s.rx_packets, (unsigned long long)s.rx_bytes,
			 (unsigned long long)want, flen);
		return why;
	}
	for (i = 1; i <= NPORTS; i++) {
		struct xsw_port_stats d = read_stats(i);

		want = !!(tc->tx_mask & (1 << i)) * sent;
		if (d.tx_packets != want || d.tx_bytes != want * flen) {
			snprintf(why, len, "port %u sent %llu copies (%llu bytes), want %llu", i,
				 (unsigned long long)d.tx_packets, (unsigned long long)d.tx_bytes,
				 (unsigned long long)want);
			return why;
		}
	}
	want = tc->storm_pps ? frames : 1;
	if (s.rx_broadcast != (tc->rx_class == RX_BCAST) * want ||
	    s.rx_multicast != (tc->rx_class == RX_MCAST) * want ||
	    s.rx_unknown != (tc->rx_class == RX_UNKNOWN) * want) {
		snprintf(why, len, "rx class counters bcast %llu mcast %llu unknown %llu",
			 (unsigned long long)s.rx_broadcast, (unsigned long long)s.rx_multicast,
			 (unsigned long long)s.rx_unknown);
		return why;
	}
	if (tc->port_mac == MAC_LEARN) {
		struct xsw_policy pol = {};

		bpf_map_lookup_elem(map_fd(skel->maps.xsw_policy), &src, &pol);
		if (!(pol.flags & XSW_POL_MAC) || memcmp(pol.mac, tc->src, 6)) {
			snprintf(why, len, "the port's MAC was not learned (flags %#x)", pol.flags);
			return why;
		}
	}
	if (tc->learn_limit) {
		__u32 n = 0;

		bpf_map_lookup_elem(map_fd(skel->maps.xsw_learned), &src, &n);
		want = tc->learned + (tc->after.port == src && tc->after_seen == SEEN_ANY);
		if (n != want) {
			snprintf(why, len, "port %u counts %u learned MACs, want %llu", src, n,
				 (unsigned long long)want);
			return why;
		}
	}
	if (tc->after.mac[0] || tc->after.mac[5]) {
		memcpy(k.mac, tc->after.mac, 6);
		test_fdb_get(map_fd(skel->maps.xsw_fdb), &k, &v);
		if (v.port != tc->after.port ||
		    (tc->after.port && !!(v.flags & XSW_FDB_STATIC) != tc->after.is_static)) {
			snprintf(why, len, "FDB entry points to port %u (flags %u), want %u", v.port,
				 v.flags, tc->after.port);
			return why;
		}
		if ((tc->after_seen == SEEN_KEPT && v.seen != seen_before) ||
		    (tc->after_seen == SEEN_REFRESHED && (__s32)(v.seen - seen_before) <= 0)) {
			snprintf(why, len, "FDB timestamp %s", v.seen == seen_before ?
				 "not refreshed" : "rewritten");
			return why;
		}
	}
	return NULL;
}

static const char *run_xdp(const struct tcase *tc, __u8 *frame, unsigned int len)
{
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = ifindex[tc->in_port] };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = tc->frames ?: 1,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xsw_xdp_rx), &opts))
		return strerror(errno);
	return NULL;
}

static const char *run_tc(const struct tcase *tc, __u8 *frame, unsigned int len)
{
	struct __sk_buff ctx = { .ifindex = ifindex[tc->in_port] };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = tc->frames ?: 1);
	/* a flood redirects the frame itself to its first port */
	__u32 want = tc->drop ? TC_ACT_SHOT : TC_ACT_REDIRECT;
	static char why[64];

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xsw_tc_rx), &opts))
		return strerror(errno);
	if (opts.retval != want) {
		snprintf(why, sizeof(why), "verdict %u, want %u", opts.retval, want);
		return why;
	}
	return NULL;
}

/* The flow of @tc->lead datagrams before its frame; the counters zeroed
 * after it, the FDB generation (and so the memo) kept. */
static const char *lead(const struct tcase *tc,
			const char *(*run)(const struct tcase *, __u8 *, unsigned int),
			__u8 *frame)
{
	struct tcase flow = *tc;
	unsigned int len, i;
	__u64 sent = 0;
	const char *err;

	flow.frames = tc->lead;
	flow.drop = 0;
	if (tc->proto == 0x86dd) {
		flow.l3 = udp6;
		flow.l3_len = sizeof(udp6);
	} else {
		flow.l3 = udp4;
		flow.l3_len = sizeof(udp4);
	}
	len = build_frame(&flow, frame);
	err = run(&flow, frame, len);
	for (i = 1; i <= NPORTS; i++)
		sent += read_stats(i).tx_packets;
	if (!err && sent != tc->lead)
		err = "the flow before the frame was not forwarded";
	zero_stats();
	return err;
}

int main(void)
{
	static const struct {
		const char *name;
		const char *(*run)(const struct tcase *, __u8 *, unsigned int);
	} builds[] = { { "xdp", run_xdp }, { "tc", run_tc } };
	int passed = 0, failed = 0;
	unsigned int b, i, len;
	__u8 frame[128];
	char why[160];
	const char *err;
	cpu_set_t cpu0;

	ncpu = libbpf_num_possible_cpus();
	/* one CPU, so that a case meets the memo the case before it left */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0)) {
		fprintf(stderr, "FAIL: cannot run on CPU 0: %s\n", strerror(errno));
		return 1;
	}
	if (setup_netns())
		return 1;
	skel = xsw__open_and_load();
	if (!skel) {
		fprintf(stderr, "FAIL: cannot load the datapath: %s\n", strerror(errno));
		return 1;
	}
	for (b = 0; b < 2; b++) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const struct tcase *tc = &cases[i];

			reset_maps(tc);
			err = tc->lead ? lead(tc, builds[b].run, frame) : NULL;
			len = build_frame(tc, frame);
			if (!err)
				err = builds[b].run(tc, frame, len);
			if (!err)
				err = check(tc, len, why, sizeof(why));
			printf("%-4s %-55s %s%s\n", builds[b].name, tc->desc, err ? "[FAIL] " : "[ OK ]",
			       err ? err : "");
			if (err)
				failed++;
			else
				passed++;
		}
	}
	xsw__destroy(skel);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
