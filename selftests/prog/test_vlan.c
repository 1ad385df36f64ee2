// SPDX-License-Identifier: GPL-2.0
/* Table tests of VLANs and private VLANs: which ports a frame reaches and
 * with which tag, through the XDP build (attached to the veths as native XDP,
 * the frame sent in at the far end of its port's veth: BPF_PROG_RUN's live
 * frames cannot stand for it, as 6.1 misplaces their xdp_frame and a
 * flood's copies come out garbled) and the TC build (BPF_PROG_RUN: a flood's
 * copies are cloned out for real; the frame itself goes to the flood's first
 * port by a redirect, which, as a unicast's, BPF_PROG_RUN leaves at the
 * verdict). Every port is the root end of a veth; what arrives at the far
 * end is read from a packet socket, whose auxiliary data carries the tag. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/pkt_cls.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "xsw/abi.h"
#include "xsw.skel.h"
#include "fdbtest.h"

#define NPORTS 4
#define BCAST { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }
#define M(n) { 0x02, 0, 0, 0, 0, (n) }
#define TV(vid) ((vid) | XSW_VID_TRANSPARENT)

struct vport {
	__u8 mode;		/* enum xsw_vlan_mode */
	__u16 pvid;		/* access VID, native VID, primary VID */
	__u16 vids[3];		/* trunk: allowed; promiscuous: secondaries */
	__u16 prune;		/* trunk: a pruned VID */
	__u8 pvlan;		/* enum xsw_pvlan */
	__u16 secondary;
};

#define ACCESS(v) { XSW_VLAN_ACCESS, v }
#define TRUNK(native, ...) { XSW_VLAN_TRUNK, native, { __VA_ARGS__ } }
#define ISOLATED(p, s) { XSW_VLAN_PRIVATE, p, .pvlan = XSW_PVLAN_ISOLATED, .secondary = s }
#define COMMUNITY(p, s) { XSW_VLAN_PRIVATE, p, .pvlan = XSW_PVLAN_COMMUNITY, .secondary = s }
#define PROMISCUOUS(p, ...) { XSW_VLAN_PRIVATE, p, { __VA_ARGS__ }, .pvlan = XSW_PVLAN_PROMISCUOUS }

#define NONE (-1)	/* rx[]: the port gets nothing */
#define UNTAGGED 0	/* ... gets it without a tag; else with a tag of that VID */

struct vcase {
	const char *desc;
	struct vport port[NPORTS + 1];
	__u32 in_port;
	__u8 dst[6];
	__u16 tag;		/* the frame's tag, 0 = none */
	bool prio_tag;		/* ... behind a priority tag (VID 0) */
	__u16 fdb_vlan;		/* a static entry: dst on fdb_vlan behind fdb_port */
	__u32 fdb_port;
	int rx[NPORTS + 1];	/* what each port gets: NONE, UNTAGGED or a VID */
	bool vlan_drop;		/* in_port counts one drop of reason vlan */
	__u16 learned;		/* the source is learned on this VLAN (0: not checked) */
	__u16 mtu2;		/* port 2's MTU (0: not known) */
	bool too_big;		/* in_port counts one drop of reason too_big */
	unsigned int frames;	/* XDP: sent this many times (a flow the fast path
				 * takes after its first frame); 0 = once */
};

static const struct vcase cases[] = {
	{ "access: a broadcast stays in its VLAN", { [1] = ACCESS(10), [2] = ACCESS(10),
	  [3] = ACCESS(20) }, 1, BCAST, .rx = { 0, NONE, UNTAGGED, NONE, NONE }, .learned = 10 },
	{ "access: a tagged frame is dropped", { [1] = ACCESS(10), [2] = ACCESS(10) }, 1, BCAST,
	  .tag = 10, .rx = { 0, NONE, NONE, NONE, NONE }, .vlan_drop = true },
	{ "access to trunk: the tag is pushed", { [1] = ACCESS(10), [2] = TRUNK(0, 10, 20),
	  [3] = TRUNK(0, 20) }, 1, BCAST, .rx = { 0, NONE, 10, NONE, NONE } },
	{ "trunk to access: the tag is popped", { [1] = TRUNK(0, 10, 20), [2] = ACCESS(20),
	  [3] = ACCESS(10) }, 1, BCAST, .tag = 20, .rx = { 0, NONE, UNTAGGED, NONE, NONE },
	  .learned = 20 },
	{ "trunk to trunk: the tag stays", { [1] = TRUNK(0, 10), [2] = TRUNK(0, 10),
	  [3] = ACCESS(10) }, 1, BCAST, .tag = 10, .rx = { 0, NONE, 10, UNTAGGED, NONE } },
	{ "trunk: a VLAN not allowed is dropped", { [1] = TRUNK(0, 10, 20), [2] = TRUNK(0, 30) },
	  1, BCAST, .tag = 30, .rx = { 0, NONE, NONE, NONE, NONE }, .vlan_drop = true },
	{ "trunk: a pruned VLAN is dropped", { [1] = { XSW_VLAN_TRUNK, 0, { 10, 11, 12 }, 11 },
	  [2] = TRUNK(0, 11) }, 1, BCAST, .tag = 11, .rx = { 0, NONE, NONE, NONE, NONE },
	  .vlan_drop = true },
	{ "native VLAN: untagged in, untagged out", { [1] = TRUNK(10, 20), [2] = ACCESS(10),
	  [3] = TRUNK(0, 10) }, 1, BCAST, .rx = { 0, NONE, UNTAGGED, 10, NONE }, .learned = 10 },
	{ "native VLAN: leaves its trunk untagged", { [1] = ACCESS(10), [2] = TRUNK(10, 20) },
	  1, BCAST, .rx = { 0, NONE, UNTAGGED, NONE, NONE } },
	{ "no native VLAN: a trunk's untagged side is the untagged ports'",
	  { [1] = TRUNK(0, 10), [2] = ACCESS(10) }, 1, BCAST,
	  .rx = { 0, NONE, NONE, UNTAGGED, UNTAGGED } },
	{ "a tag from an untagged port reaches no VLAN", { [1] = ACCESS(10), [2] = TRUNK(0, 10) },
	  3, BCAST, .tag = 10, .rx = { 0, NONE, NONE, NONE, 10 }, .learned = TV(10) },
	{ "unicast access to trunk: pushed", { [1] = ACCESS(10), [2] = TRUNK(0, 10) }, 1, M(2),
	  .fdb_vlan = 10, .fdb_port = 2, .rx = { 0, NONE, 10, NONE, NONE } },
	{ "unicast trunk to access: popped", { [1] = TRUNK(0, 10), [2] = ACCESS(10) }, 1, M(2),
	  .tag = 10, .fdb_vlan = 10, .fdb_port = 2, .rx = { 0, NONE, UNTAGGED, NONE, NONE } },
	{ "unicast to a port outside the VLAN is dropped", { [1] = ACCESS(10), [2] = ACCESS(20) },
	  1, M(2), .fdb_vlan = 10, .fdb_port = 2, .rx = { 0, NONE, NONE, NONE, NONE },
	  .vlan_drop = true },
	{ "unicast from a tag of an untagged port to a VLAN is dropped", { [2] = ACCESS(10) },
	  1, M(2), .tag = 10, .fdb_vlan = TV(10), .fdb_port = 2,
	  .rx = { 0, NONE, NONE, NONE, NONE }, .vlan_drop = true },
	/* a flow: what the pipeline did to its first frame, XDP's fast path
	 * must do to the others, or leave them to the pipeline */
	{ "a unicast flow access to trunk: each frame pushed", { [1] = ACCESS(10),
	  [2] = TRUNK(0, 10) }, 1, M(2), .fdb_vlan = 10, .fdb_port = 2,
	  .rx = { 0, NONE, 10, NONE, NONE }, .frames = 3 },
	{ "a unicast flow trunk to access: each frame popped", { [1] = TRUNK(0, 10),
	  [2] = ACCESS(10) }, 1, M(2), .tag = 10, .fdb_vlan = 10, .fdb_port = 2,
	  .rx = { 0, NONE, UNTAGGED, NONE, NONE }, .frames = 3 },
	{ "a unicast flow trunk to trunk: each frame keeps its tag", { [1] = TRUNK(0, 10, 20),
	  [2] = TRUNK(0, 10, 20) }, 1, M(2), .tag = 20, .fdb_vlan = 20, .fdb_port = 2,
	  .rx = { 0, NONE, 20, NONE, NONE }, .frames = 3 },
	{ "a unicast flow access to access", { [1] = ACCESS(10), [2] = ACCESS(10) }, 1, M(2),
	  .fdb_vlan = 10, .fdb_port = 2, .rx = { 0, NONE, UNTAGGED, NONE, NONE }, .frames = 3 },
	{ "a unicast flow isolated to a trunk: each frame in its secondary",
	  { [1] = TRUNK(0, 100, 101), [2] = ISOLATED(100, 101) }, 2, M(1), .fdb_vlan = 100,
	  .fdb_port = 1, .rx = { 0, 101, NONE, NONE, NONE }, .frames = 3 },
	/* MTU: the frames are 64 bytes, 50 past the Ethernet header */
	{ "unicast over the destination's MTU is dropped", {}, 1, M(2), .fdb_port = 2,
	  .mtu2 = 49, .rx = { 0, NONE, NONE, NONE, NONE }, .too_big = true },
	{ "unicast at the destination's MTU passes", {}, 1, M(2), .fdb_port = 2, .mtu2 = 50,
	  .rx = { 0, NONE, UNTAGGED, NONE, NONE } },
	{ "a flood skips a port whose MTU it is over", {}, 1, BCAST, .mtu2 = 49,
	  .rx = { 0, NONE, NONE, UNTAGGED, UNTAGGED }, .too_big = true },
	{ "a pushed tag does not count against the MTU", { [2] = TRUNK(0, 10), [1] = ACCESS(10) },
	  1, M(2), .fdb_vlan = 10, .fdb_port = 2, .mtu2 = 50, .rx = { 0, NONE, 10, NONE, NONE } },
	/* private VLAN 100: promiscuous 1 (101, 102), isolated 101, community 102 */
	{ "isolated reaches the promiscuous port only", { [1] = PROMISCUOUS(100, 101, 102),
	  [2] = ISOLATED(100, 101), [3] = COMMUNITY(100, 102), [4] = ISOLATED(100, 101) },
	  2, BCAST, .rx = { 0, UNTAGGED, NONE, NONE, NONE }, .learned = 100 },
	{ "community reaches its community and the promiscuous port",
	  { [1] = PROMISCUOUS(100, 101, 102), [2] = ISOLATED(100, 101), [3] = COMMUNITY(100, 102),
	    [4] = COMMUNITY(100, 102) }, 3, BCAST, .rx = { 0, UNTAGGED, NONE, NONE, UNTAGGED } },
	{ "another community is not reached", { [1] = PROMISCUOUS(100, 101, 102),
	  [3] = COMMUNITY(100, 102), [4] = COMMUNITY(100, 103) }, 3, BCAST,
	  .rx = { 0, UNTAGGED, NONE, NONE, NONE } },
	{ "promiscuous reaches its secondaries", { [1] = PROMISCUOUS(100, 101, 102),
	  [2] = ISOLATED(100, 101), [3] = COMMUNITY(100, 102), [4] = COMMUNITY(100, 103) }, 1,
	  BCAST, .rx = { 0, NONE, UNTAGGED, UNTAGGED, NONE } },
	{ "isolated to isolated unicast is dropped", { [1] = PROMISCUOUS(100, 101),
	  [2] = ISOLATED(100, 101), [4] = ISOLATED(100, 101) }, 2, M(4), .fdb_vlan = 100,
	  .fdb_port = 4, .rx = { 0, NONE, NONE, NONE, NONE }, .vlan_drop = true },
	{ "isolated to a trunk: tagged with its secondary", { [1] = TRUNK(0, 100, 101),
	  [2] = ISOLATED(100, 101), [3] = PROMISCUOUS(100, 101) }, 2, BCAST,
	  .rx = { 0, 101, NONE, UNTAGGED, NONE } },
	{ "primary VLAN from a trunk reaches every private port", { [1] = TRUNK(0, 100),
	  [2] = ISOLATED(100, 101), [3] = COMMUNITY(100, 102), [4] = ACCESS(101) }, 1, BCAST,
	  .tag = 100, .rx = { 0, NONE, UNTAGGED, UNTAGGED, NONE } },
	{ "isolated does not reach an access port of the primary", { [1] = PROMISCUOUS(100, 101),
	  [2] = ISOLATED(100, 101), [3] = ACCESS(100) }, 2, BCAST,
	  .rx = { 0, UNTAGGED, NONE, NONE, NONE } },
	/* a tag behind a priority tag: receivers would take the inner VID */
	{ "no hop from access behind a priority tag", { [1] = ACCESS(10), [2] = TRUNK(10, 20) },
	  1, BCAST, .tag = 20, .prio_tag = true, .rx = { 0, NONE, NONE, NONE, NONE },
	  .vlan_drop = true },
	{ "no hop from an untagged port behind a priority tag", { [1] = ACCESS(10),
	  [2] = TRUNK(0, 20) }, 3, BCAST, .tag = 20, .prio_tag = true,
	  .rx = { 0, NONE, NONE, NONE, NONE }, .vlan_drop = true },
};

static struct xsw *skel;
static int vlan_ports = -1;	/* every port: the flood map of each VLAN of a case */
static int ifindex[NPORTS + 1];	/* root end of port i's veth */
static int sock[NPORTS + 1];	/* packet socket on its far end */
static int ncpu;

static int setup(void)
{
	char cmd[256];
	int i;

	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "FAIL: unshare(CLONE_NEWNET): %s (run as root)\n", strerror(errno));
		return -1;
	}
	for (i = 1; i <= NPORTS; i++) {
		struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
		int one = 1;

		/* GRO on the peer gives it the NAPI an XDP redirect needs; no
		 * IPv6, so that only the test's frames arrive */
		snprintf(cmd, sizeof(cmd),
			 "sysctl -qw net.ipv6.conf.default.disable_ipv6=1 && "
			 "ip link add a%d type veth peer name b%d && ip link set a%d up && "
			 "ip link set b%d up && ethtool -K b%d gro on >/dev/null", i, i, i,
			 i, i);
		if (system(cmd)) {
			fprintf(stderr, "FAIL: setup command failed: %s\n", cmd);
			return -1;
		}
		snprintf(cmd, sizeof(cmd), "a%d", i);
		ifindex[i] = if_nametoindex(cmd);
		snprintf(cmd, sizeof(cmd), "b%d", i);
		sll.sll_ifindex = if_nametoindex(cmd);
		sock[i] = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
		if (sock[i] < 0 || bind(sock[i], (struct sockaddr *)&sll, sizeof(sll)) ||
		    setsockopt(sock[i], SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) ||
		    setsockopt(sock[i], SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one))) {
			fprintf(stderr, "FAIL: packet socket on b%d: %s\n", i, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void policy_of(const struct vport *v, struct xsw_policy *pol)
{
	unsigned int i;

	memset(pol, 0, sizeof(*pol));
	pol->vlan_mode = v->mode;
	pol->pvid = v->pvid;
	pol->pvlan = v->pvlan;
	pol->secondary = v->secondary;
	for (i = 0; i < 3; i++)
		if (v->vids[i])
			pol->allowed[v->vids[i] / 64] |= 1ULL << (v->vids[i] % 64);
	if (v->prune)
		pol->pruned[v->prune / 64] |= 1ULL << (v->prune % 64);
}

/* The VLANs of a case get a flood map holding every port (xswctl holds only
 * a VLAN's ports: the devmap program must sort them out either way). */
static void set_vlan_floods(const struct vcase *tc)
{
	int outer = bpf_map__fd(skel->maps.xsw_vlan_flood);
	__u32 vid, i, j;

	if (vlan_ports < 0) {
		vlan_ports = bpf_map_create(BPF_MAP_TYPE_DEVMAP_HASH, "vlan_ports", sizeof(__u32),
					    sizeof(struct bpf_devmap_val), XSW_MAX_PORTS, NULL);
		for (i = 1; i <= NPORTS; i++) {
			struct bpf_devmap_val tx = { .ifindex = ifindex[i],
				.bpf_prog.fd = bpf_program__fd(skel->progs.xsw_xdp_tx) };

			if (bpf_map_update_elem(vlan_ports, &i, &tx, 0))
				fprintf(stderr, "FAIL: flood set: port %u: %s\n", i, strerror(errno));
		}
	}
	for (vid = 1; vid <= XSW_VID_MAX; vid++)
		bpf_map_delete_elem(outer, &vid);
	for (i = 1; i <= NPORTS; i++) {
		const struct vport *v = &tc->port[i];
		__u16 vids[] = { v->pvid, v->secondary, v->vids[0], v->vids[1], v->vids[2],
				 tc->tag };

		for (j = 0; j < sizeof(vids) / sizeof(vids[0]); j++) {
			vid = vids[j];
			if (vid && bpf_map_update_elem(outer, &vid, &vlan_ports, 0))
				fprintf(stderr, "FAIL: flood set of VLAN %u: %s\n", vid, strerror(errno));
		}
	}
}

static void reset_maps(const struct vcase *tc)
{
	struct xsw_config cfg = { .layout = XSW_LAYOUT_VERSION, .max_port = NPORTS,
				  .ageing_ns = 300 * 1000000000ULL, .min_mtu = tc->mtu2,
				  TEST_FDB_CFG };
	struct xsw_port_stats *zero = calloc(ncpu, sizeof(*zero));
	int xdp_tx = bpf_program__fd(skel->progs.xsw_xdp_tx);
	struct xsw_fdb_key k;
	struct fdbtab fdb;
	__u32 i, key = 0;

	set_vlan_floods(tc);
	/* what a case before left in the sockets */
	for (i = 1; i <= NPORTS; i++)
		while (recv(sock[i], &k, sizeof(k), 0) >= 0)
			;
	test_fdb_open(&fdb, bpf_map__fd(skel->maps.xsw_fdb), true);
	if (tc->fdb_port) {
		struct xsw_fdb_val v = { .port = tc->fdb_port, .flags = XSW_FDB_STATIC };

		memcpy(k.mac, tc->dst, 6);
		k.vlan = tc->fdb_vlan;
		fdbtab_put(&fdb, &k, &v);
	}
	fdbtab_close(&fdb);
	bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_config), &key, &cfg, 0);
	test_fdb_gen_bump(bpf_map__fd(skel->maps.xsw_fdb_gen));
	for (i = 0; i <= NPORTS; i++)
		bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_stats), &i, zero, 0);
	for (i = 1; i <= NPORTS; i++) {
		struct xsw_port p = { .ifindex = ifindex[i], .mode = XSW_MODE_XDP,
				      .state = XSW_PORT_NIC_CONNECTED };
		struct bpf_devmap_val tx = { .ifindex = ifindex[i], .bpf_prog.fd = xdp_tx };
		__u32 mtu = i == 2 ? tc->mtu2 : 0;
		struct xsw_policy pol;

		bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_mtu), &i, &mtu, 0);
		policy_of(&tc->port[i], &pol);
		p.policy = pol.vlan_mode != XSW_VLAN_UNTAGGED;
		bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_policy), &i, &pol, 0);
		bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_ports), &i, &p, 0);
		bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_ifports), &ifindex[i], &i, 0);
		bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_tx), &i, &tx, 0);
		/* like xswctl: each port in the unicast devmap, without a program */
		tx.bpf_prog.fd = 0;
		bpf_map_update_elem(bpf_map__fd(skel->maps.xsw_tx_direct), &i, &tx, 0);
	}
	free(zero);
}

static unsigned int build_frame(const struct vcase *tc, __u8 *buf)
{
	unsigned int off = 12;

	memset(buf, 0, 64);
	memcpy(buf, tc->dst, 6);
	memcpy(buf + 6, (__u8[6])M(0x10 + tc->in_port), 6);
	if (tc->prio_tag) {
		memcpy(buf + off, (__u8[4]){ 0x81, 0, 0, 0 }, 4);
		off += 4;
	}
	if (tc->tag) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = tc->tag >> 8;
		buf[off++] = tc->tag & 0xff;
	}
	buf[off++] = 0x88;	/* a local experimental EtherType: nothing else sends it */
	buf[off++] = 0xb5;
	return 64;
}

/* What port @i's far end got of the case's frames: NONE, UNTAGGED or the
 * VID of their tag; -2 for more copies than @want, or copies that differ. */
static int received(int i, const __u8 *src, unsigned int want)
{
	unsigned int copies = 0;
	int tag;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	__u8 frame[256];
	struct iovec iov = { frame, sizeof(frame) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &ctl,
			      .msg_controllen = sizeof(ctl) };
	struct pollfd pfd = { .fd = sock[i], .events = POLLIN };
	struct cmsghdr *c;
	int got = NONE;
	ssize_t n;

	while (poll(&pfd, 1, 100) > 0) {
		msg.msg_controllen = sizeof(ctl);
		n = recvmsg(sock[i], &msg, 0);
		if (n < 14 || memcmp(frame + 6, src, 6))
			continue;
		tag = UNTAGGED;
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			struct tpacket_auxdata *aux = (void *)CMSG_DATA(c);

			if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA &&
			    (aux->tp_status & TP_STATUS_VLAN_VALID))
				tag = aux->tp_vlan_tci & 0xfff;
		}
		if (tag == UNTAGGED && frame[12] == 0x81 && frame[13] == 0)
			tag = (frame[14] << 8 | frame[15]) & 0xfff;
		if (++copies > want || (got != NONE && got != tag))
			return -2;
		got = tag;
	}
	return copies == want ? got : -3;
}

static __u64 drops_of(__u32 port, int reason)
{
	struct xsw_port_stats *s = calloc(ncpu, sizeof(*s));
	__u64 sum = 0;
	int c;

	bpf_map_lookup_elem(bpf_map__fd(skel->maps.xsw_stats), &port, s);
	for (c = 0; c < ncpu; c++)
		sum += s[c].drops[reason];
	free(s);
	return sum;
}

/* The first port a TC flood of the case reaches: it gets the frame itself. */
static __u32 tc_flood_first(const struct vcase *tc)
{
	for (__u32 i = 1; i <= NPORTS; i++)
		if (tc->rx[i] != NONE)
			return i;
	return 0;
}

static const char *check(const struct vcase *tc, bool tc_build, char *why, size_t len)
{
	bool tc_unicast = tc_build && tc->fdb_port;
	__u32 first = tc_build && !tc->fdb_port ? tc_flood_first(tc) : 0;
	struct xsw_fdb_key k = { .vlan = tc->learned };
	struct xsw_fdb_val v = {};
	unsigned int frames = !tc_build && tc->frames ? tc->frames : 1;
	int got, want;
	__u32 i;

	for (i = 1; i <= NPORTS; i++) {
		want = i == first ? NONE : tc->rx[i];
		got = received(i, (__u8[6])M(0x10 + tc->in_port), want == NONE ? 0 : frames);
		/* a TC redirect is the verdict, checked by run(); the frame
		 * itself stays here */
		if (tc_unicast || got == want)
			continue;
		snprintf(why, len, "port %u got %s%d, want %d", i,
			 got == -2 ? "more or other copies " : got == -3 ? "fewer copies " : "",
			 got, want);
		return why;
	}
	if (drops_of(tc->in_port, XSW_DROP_VLAN) != tc->vlan_drop ||
	    drops_of(tc->in_port, XSW_DROP_TOO_BIG) != tc->too_big) {
		snprintf(why, len, "vlan drops %llu, want %d; too_big drops %llu, want %d",
			 (unsigned long long)drops_of(tc->in_port, XSW_DROP_VLAN), tc->vlan_drop,
			 (unsigned long long)drops_of(tc->in_port, XSW_DROP_TOO_BIG), tc->too_big);
		return why;
	}
	if (tc->learned) {
		memcpy(k.mac, (__u8[6])M(0x10 + tc->in_port), 6);
		if (test_fdb_get(bpf_map__fd(skel->maps.xsw_fdb), &k, &v) ||
		    v.port != tc->in_port) {
			snprintf(why, len, "source not learned on VLAN %#x", tc->learned);
			return why;
		}
	}
	return NULL;
}

static const char *run(const struct vcase *tc, bool tc_build, __u8 *frame, unsigned int len)
{
	struct __sk_buff sctx = { .ifindex = ifindex[tc->in_port] };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = len, .repeat = 1,
		    .ctx_in = &sctx, .ctx_size_in = sizeof(sctx));
	__u32 want;
	static char why[64];

	for (unsigned int i = 0; !tc_build && i < (tc->frames ?: 1); i++)
		if (send(sock[tc->in_port], frame, len, 0) != (ssize_t)len)
			return strerror(errno);
	if (!tc_build)
		return NULL;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xsw_tc_rx), &opts))
		return strerror(errno);
	want = tc->vlan_drop || (tc->too_big && tc->fdb_port) ? TC_ACT_SHOT :
	       tc->fdb_port || tc_flood_first(tc) ? TC_ACT_REDIRECT : TC_ACT_SHOT;
	if (opts.retval != want) {
		snprintf(why, sizeof(why), "verdict %u, want %u", opts.retval, want);
		return why;
	}
	return NULL;
}

int main(void)
{
	int passed = 0, failed = 0;
	unsigned int b, i, len;
	__u8 frame[64];
	char why[128];
	const char *err;

	ncpu = libbpf_num_possible_cpus();
	if (setup())
		return 1;
	skel = xsw__open_and_load();
	if (!skel) {
		fprintf(stderr, "FAIL: cannot load the datapath: %s\n", strerror(errno));
		return 1;
	}
	for (i = 1; i <= NPORTS; i++)
		if (bpf_xdp_attach(ifindex[i], bpf_program__fd(skel->progs.xsw_xdp_rx),
				   XDP_FLAGS_DRV_MODE, NULL)) {
			fprintf(stderr, "FAIL: cannot attach XDP to a%u: %s\n", i, strerror(errno));
			return 1;
		}
	for (b = 0; b < 2; b++) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const struct vcase *tc = &cases[i];

			reset_maps(tc);
			len = build_frame(tc, frame);
			err = run(tc, b, frame, len);
			if (!err)
				err = check(tc, b, why, sizeof(why));
			printf("%-4s %-62s %s%s\n", b ? "tc" : "xdp", tc->desc,
			       err ? "[FAIL] " : "[ OK ]", err ? err : "");
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
