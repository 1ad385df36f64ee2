// SPDX-License-Identifier: GPL-2.0
/* Traffic generator, sink counter and bare redirect for the benchmarks.
 *
 *   xswpkt_gen:      run by BPF_PROG_RUN with BPF_F_TEST_XDP_LIVE_FRAMES;
 *                    sends each live frame out of the generator's device
 *   xswpkt_sink:     counts the generator's frames (UDP to XSWPKT_UDP_PORT)
 *                    and drops everything; xswpkt_sink_tc does the same for
 *                    frames that reach the device as sk_buffs without
 *                    passing its XDP (bpf_redirect_peer)
 *   xswpkt_redirect: the ceiling: a devmap redirect to the other device
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "xswpkt.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSWPKT_CNT__MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* ifindex of the ingress device -> the device to send to */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} peer SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *n = bpf_map_lookup_elem(&counters, &which);

	if (n)
		(*n)++;
}

/* the destinations the frames take in turn, and the UDP source ports
 * (flows) each destination's frames cycle through */
const volatile __u32 ndst = 1;
const volatile __u8 dsts[XSWPKT_DST_MAX][6];
const volatile __u32 nflows = 1;
/* source MACs the frames take in turn: 02:00:10:xx:xx:xx */
const volatile __u32 nsmacs = 1;
/* the frames' L2 header: 14 bytes, 18 with an 802.1Q tag */
const volatile __u32 l2len = 14;

/* Where this CPU's generator is in each cycle: the frames take the
 * destinations in turn, each destination's frames the flows in turn, and the
 * source MACs turn on their own. Counters, not divisions: a division per
 * frame would be the generator's cost in every system's rate. */
struct cursor {
	__u32 dst, flow, smac;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cursor);
} cursor SEC(".maps");

static __always_inline __u32 next(__u32 i, __u32 n)
{
	return i + 1 >= n ? 0 : i + 1;
}

/* The next frame of this CPU: destination, flow (UDP source port) and
 * source MAC 02:00:10:xx:xx:xx from the cursor, which moves on. */
static __always_inline void vary(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	struct udphdr *udp = (void *)eth + (l2len == 18 ? 18 : 14) + sizeof(struct iphdr);
	__u32 zero = 0, d, m;
	struct cursor *c = bpf_map_lookup_elem(&cursor, &zero);

	if (!c || (void *)(udp + 1) > data_end)
		return;
	d = c->dst;
	m = c->smac;
	if (d >= XSWPKT_DST_MAX)
		d = 0;
	__builtin_memcpy(eth->h_dest, (const void *)dsts[d], 6);
	udp->source = bpf_htons(1024 + c->flow);
	if (nsmacs > 1) {
		eth->h_source[2] = 0x10;
		eth->h_source[3] = m >> 16;
		eth->h_source[4] = m >> 8;
		eth->h_source[5] = m;
	}
	c->smac = next(m, nsmacs);
	c->dst = next(d, ndst);
	if (!c->dst)
		c->flow = next(c->flow, nflows);
}

SEC("xdp")
int xswpkt_gen(struct xdp_md *ctx)
{
	__u32 first = XSWPKT_CNT_FIRST_NS, last = XSWPKT_CNT_LAST_NS;
	__u64 now = bpf_ktime_get_coarse_ns(), *t;

	if (ndst > 1 || nflows > 1 || nsmacs > 1)
		vary(ctx);
	count(XSWPKT_CNT_SENT);
	t = bpf_map_lookup_elem(&counters, &first);
	if (t && !*t)
		*t = now;
	t = bpf_map_lookup_elem(&counters, &last);
	if (t)
		*t = now;
	return XDP_TX;	/* live frames: out of ctx->ingress_ifindex */
}

static __always_inline void sink(void *data, void *data_end)
{
	struct ethhdr *eth = data;
	/* XDP sees a tag in the frame; TC has it out of the frame */
	__u16 tagged = (void *)(eth + 1) <= data_end && eth->h_proto == bpf_htons(0x8100) ? 4 : 0;
	struct iphdr *ip = (void *)(eth + 1) + tagged;
	struct udphdr *udp = (void *)(ip + 1);
	__be16 proto = tagged ? *(__be16 *)((void *)(eth + 1) + 2) : eth->h_proto;

	if ((void *)(udp + 1) <= data_end && proto == bpf_htons(0x0800) &&
	    ip->protocol == IPPROTO_UDP && udp->dest == bpf_htons(XSWPKT_UDP_PORT))
		count(XSWPKT_CNT_RECEIVED);
	else
		count(XSWPKT_CNT_OTHER);
}

SEC("xdp")
int xswpkt_sink(struct xdp_md *ctx)
{
	sink((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	return XDP_DROP;
}

SEC("tc")
int xswpkt_sink_tc(struct __sk_buff *skb)
{
	sink((void *)(long)skb->data, (void *)(long)skb->data_end);
	return 2;	/* TC_ACT_SHOT */
}

SEC("xdp")
int xswpkt_redirect(struct xdp_md *ctx)
{
	return bpf_redirect_map(&peer, ctx->ingress_ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
