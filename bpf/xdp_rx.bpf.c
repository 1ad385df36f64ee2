// SPDX-License-Identifier: GPL-2.0
/* XDP entry of a switch port: classifies, hands the frame to its VMQ CPU when
 * the switch steers (bpf/lib/vmq.h), runs the ingress extension chain when
 * there is one, then delivers. A unicast frame is redirected straight to
 * its port's device; floods, frames with mirror copies and frames with an
 * egress chain go through the xsw_tx devmap, whose program (xsw_xdp_tx) is
 * the per-destination egress stage. */
#include "lib/pipeline.h"
#include "lib/vmq.h"

/* Puts the facts the next program cannot see in front of the frame (XDP
 * metadata): @md's source and VLAN, @dst, @flags. 0, or -1 when the frame has
 * no room for them. */
static __always_inline int meta_push(struct xdp_md *ctx, __u32 magic, const struct xsw_md *md,
				     __u32 dst, __u16 flags)
{
	struct xsw_meta *meta;

	/* in place of metadata the frame brought (a driver's, a recycled
	 * page's): data_meta goes to data - sizeof(*meta) */
	if (bpf_xdp_adjust_meta(ctx, (int)(ctx->data - ctx->data_meta) - (int)sizeof(*meta)))
		return -1;
	meta = (void *)(long)ctx->data_meta;
	if ((void *)(meta + 1) > (void *)(long)ctx->data)
		return -1;
	meta->magic = magic;
	meta->src_port = md->src_port;
	meta->dst_port = dst;
	meta->flags = flags;
	meta->vlan = md->vlan;
	meta->pvlan = md->pvlan;
	return 0;
}

/* A flood in a VLAN of the switch's: cloned to the ports of the VLAN only,
 * with the VLAN in front of the frame for the devmap program. */
static __always_inline int flood_vlan(struct xdp_md *ctx, const struct xsw_md *md)
{
	__u32 vid = md->vlan & XSW_VID_MASK;
	void *ports = bpf_map_lookup_elem(&xsw_vlan_flood, &vid);

	if (meta_push(ctx, XSW_META_MAGIC, md, XSW_DST_FLOOD, XSW_PKT_FLOOD)) {
		xsw_count_drop(md->src_port, -XSW_DROP_REDIRECT);
		return XDP_DROP;
	}
	/* a VLAN without a set of its own: every port, sorted out per copy */
	if (!ports)
		return bpf_redirect_map(&xsw_tx, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	return bpf_redirect_map(ports, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
}

/* Bytes 12-15 of a frame: its EtherType and, behind a tag's, its TCI. */
#define FAST_PROTO_BYTES bpf_htonl(0xffff0000)	/* the EtherType's two */

/* What a source port's policy asks of a frame of the fast path beyond its
 * addresses and tag (@m->l3): IPv4, or IPv6 straight to TCP or UDP (no ARP,
 * no neighbour discovery to check for spoofing), and what its guards would
 * drop is not (bpf/lib/guard.h). 0 when the frame may take it. */
static __always_inline int fast_l3(const struct xsw_memo *m, void *l3, void *end, __be16 proto)
{
	struct xsw_cursor c = { .pos = l3, .end = end };
	__u8 *ip6 = l3;

	if (proto == bpf_htons(ETH_P_IP))
		return xsw_guard_v4(m->guards, &c);
	if (proto != bpf_htons(ETH_P_IPV6) || ip6 + 40 > (__u8 *)end)
		return -1;
	if (ip6[6] == IPPROTO_TCP)
		return 0;
	if (ip6[6] == IPPROTO_UDP)
		return xsw_guard_udp(m->guards, (void *)(ip6 + 40), end, true);
	return -1;
}

/* The fast path. A frame that repeats the CPU's memo of a unicast the
 * pipeline sent unchanged (fast_mark) goes straight to its port: same
 * device, addresses and bytes 12-15 (the whole tag of a tagged frame), no
 * longer than every port's MTU, under the same FDB generation, epoch and
 * credit as the memo, and passing its source port's L3 checks. Every change
 * xswctl makes to ports, policy, chains or the switch's config bumps the
 * generation (switch_memos_void), so the memo never outlives what decided
 * it. Returns XDP_REDIRECT, or -1 for the pipeline. */
static __always_inline int fast_path(struct xdp_md *ctx, void *data, void *data_end)
{
	struct xsw_memo *m = xsw_memo_get();
	struct ethhdr *eth = data;
	struct xsw_vlan_hdr *vh = (void *)(eth + 1);
	__u32 len = data_end - data, mask = FAST_PROTO_BYTES;
	struct xsw_port_stats *s;
	void *l3 = vh;
	__be16 proto;
	__u64 *gen;

	if (!m || !m->fast_len || m->ifindex != ctx->ingress_ifindex || (void *)(vh + 1) > data_end)
		return -1;
	proto = eth->h_proto;
	if (xsw_proto_is_tag(bpf_ntohs(proto))) {
		/* the tag's TCI too, and no second tag behind it */
		mask = ~0u;
		proto = vh->encap_proto;
		l3 = vh + 1;
		if (xsw_proto_is_tag(bpf_ntohs(proto)))
			return -1;
	}
	/* the frame's own bytes first: a frame of another flow calls no helper */
	if (len > m->fast_len || !m->credit || *(__u64 *)m->addrs != *(__u64 *)data ||
	    *(__u32 *)(m->addrs + 8) != *(__u32 *)(data + 8) ||
	    ((m->head ^ *(__u32 *)(data + 12)) & mask))
		return -1;
	gen = xsw_fdb_gen_get();
	if (!gen || m->gen != *gen || m->epoch != bpf_jiffies64() >> XSW_MEMO_EPOCH_SHIFT)
		return -1;
	if (m->l3 && fast_l3(m, l3, data_end, proto))
		return -1;
	if (bpf_redirect_map(&xsw_tx_direct, m->dst_port, 0) != XDP_REDIRECT)
		return -1;
	m->credit--;
	s = xsw_stats_of(m->src_port);
	if (s) {
		s->rx_packets++;
		s->rx_bytes += len;
	}
	xsw_count_tx(m->dst_port, len);
	return XDP_REDIRECT;
}

/* A unicast that the learning switch sent straight to its port from the
 * port's own XDP program, decided by the CPU's memo (the flow's second frame
 * or later: a flow of one frame, as from many sources, costs nothing here):
 * the memo may take the frames that repeat it when the pipeline sent this
 * one unchanged (no tag pushed, popped or rewritten, no priority reset) and
 * what decided it was the FDB, the ports' VLAN settings and the source's
 * checks fast_l3 repeats: not its allowed-ips, no VMQ. (A replayed decision
 * is the learning switch's, not a forwarding extension's; the caller runs
 * with no ingress chain, and has seen no egress chain and no mirror.) */
static __always_inline void fast_mark(struct xdp_md *ctx, const struct xsw_md *md)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct xsw_config *cfg;
	struct xsw_memo *m;
	struct xsw_policy *pol = NULL;
	__u32 src = md->src_port;

	if (!md->replayed)
		return;
	cfg = xsw_config_get();
	m = xsw_memo_get();
	if (!m || !cfg || (cfg->vmq & XSW_VMQ_ON) || m->src_port != md->src_port ||
	    m->dst_port != md->dst_port || data + 16 > data_end ||
	    data_end - data != md->len || *(__u32 *)(data + 12) != md->head)
		return;
	if (md->policy) {
		pol = bpf_map_lookup_elem(&xsw_policy, &src);
		if (!pol || (pol->flags & XSW_POL_IPS))
			return;
	}
	m->guards = pol ? pol->guards : 0;
	m->l3 = pol && (pol->guards ||
			(pol->flags & (XSW_POL_MAC | XSW_POL_MAC_SPOOFING)) == XSW_POL_MAC);
	m->head = md->head;
	m->ifindex = ctx->ingress_ifindex;
	m->fast_len = cfg->min_mtu && cfg->min_mtu < 0xffff - ETH_HLEN ?
		      cfg->min_mtu + ETH_HLEN : 0xffff;
}

/* @entry: called from the port's own XDP program, xsw_xdp_rx, with no ingress chain */
static __always_inline int deliver(struct xdp_md *ctx, struct xsw_md *md,
				   const struct xsw_chain *ch, bool entry)
{
	bool mirror;
	int ret;

	ret = xsw_decide(md);
	if (ret < 0)
		goto drop;
	mirror = xsw_mirror_needed(md);
	if (!mirror && !xsw_chain_active(ch, XSW_DIR_EGRESS)) {
		if (md->dst_port == XSW_DST_FLOOD) {
			if (xsw_vlan_managed(md->vlan))
				return flood_vlan(ctx, md);
			return bpf_redirect_map(&xsw_tx, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
		}
		ret = xsw_egress_xdp(ctx, md, md->dst_port, md->dst_policy);
		if (ret)
			goto drop;
		ret = bpf_redirect_map(&xsw_tx_direct, md->dst_port, 0);
		/* the fast path redirects through xsw_tx_direct only */
		entry = entry && ret == XDP_REDIRECT;
		if (ret != XDP_REDIRECT)
			ret = bpf_redirect(md->dst_ifindex, 0);
		if (ret == XDP_REDIRECT) {
			xsw_count_tx(md->dst_port, ctx->data_end - ctx->data);
			if (entry)
				fast_mark(ctx, md);
			return ret;
		}
		ret = -XSW_DROP_REDIRECT;
		goto drop;
	}

	/* the devmap program needs the decision */
	ret = -XSW_DROP_REDIRECT;
	if (meta_push(ctx, XSW_META_MAGIC, md, md->dst_port,
		      md->dst_port == XSW_DST_FLOOD ? XSW_PKT_FLOOD : 0))
		goto drop;
	if (mirror || md->dst_port == XSW_DST_FLOOD)
		return bpf_redirect_map(&xsw_tx, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	ret = bpf_redirect_map(&xsw_tx, md->dst_port, 0);
	if (ret == XDP_REDIRECT)
		return ret;
	ret = -XSW_DROP_REDIRECT;
drop:
	/* a unicast to a port outside the frame's VLAN */
	xsw_count_drop(md->src_port, xsw_egress_drop(ret));
	return XDP_DROP;
}

/* The rest of the pipeline, on the CPU that processes the frame: the
 * ingress chain if the switch has one, then delivery. */
static __always_inline int finish(struct xdp_md *ctx, struct xsw_md *md, __u32 hook)
{
	struct xsw_chain *ch = xsw_chain_get();

	if (xsw_chain_active(ch, XSW_DIR_INGRESS))
		return xsw_ingress_chain(ctx, hook, md, ctx->ingress_ifindex, ch);
	return deliver(ctx, md, ch, hook == XSW_HOOK_XDP);
}

/* VMQ: hands the frame to the CPU of its queue, with its source port and
 * queue in front of it. Returns XDP_REDIRECT, XDP_DROP, or -1 when the frame
 * is processed here. */
static __always_inline int vmq_steer(struct xdp_md *ctx, const struct xsw_md *md,
				     const struct xsw_config *cfg, void *data, void *data_end)
{
	__u32 queue, cpu;

	cpu = xsw_vmq_cpu(ctx, md, cfg, data, data_end, &queue);
	/* a CPU without a cpumap entry (offline, or not yet set up) keeps it */
	if (cpu == XSW_VMQ_LOCAL || cpu == bpf_get_smp_processor_id() ||
	    bpf_redirect_map(&xsw_cpus, cpu, XDP_PASS) != XDP_REDIRECT) {
		xsw_vmq_count(queue, md->len);
		return -1;
	}
	if (!meta_push(ctx, XSW_META_VMQ, md, queue, 0))
		return XDP_REDIRECT;
	xsw_count_drop(md->src_port, -XSW_DROP_REDIRECT);
	return XDP_DROP;
}

SEC("xdp")
int xsw_xdp_rx(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct xsw_md md = { .len = data_end - data };
	struct xsw_config *cfg;
	int ret;

	ret = fast_path(ctx, data, data_end);
	if (ret >= 0)
		return ret;
	if (data + 16 <= data_end)
		md.head = *(__u32 *)(data + 12);
	ret = xsw_classify(&md, data, data_end, ctx->ingress_ifindex) ?:
	      xsw_police(&md, data, data_end);
	if (ret < 0) {
		xsw_count_drop(md.src_port, ret);
		return XDP_DROP;
	}
	xsw_prio_reset_xdp(md.src_port, md.vlan, data, data_end);
	cfg = xsw_config_get();
	if (cfg && (cfg->vmq & XSW_VMQ_ON)) {
		ret = vmq_steer(ctx, &md, cfg, data, data_end);
		if (ret >= 0)
			return ret;
	}
	return finish(ctx, &md, XSW_HOOK_XDP);
}

/* VMQ: the pipeline of a frame on the CPU its queue steered it to. */
SEC("xdp/cpumap")
int xsw_xdp_cpu(struct xdp_md *ctx)
{
	struct xsw_meta *meta = (void *)(long)ctx->data_meta;
	struct xsw_md md = {};
	struct xsw_port *src;
	__u32 queue;
	int ret = -XSW_DROP_UNKNOWN_PORT;

	if ((void *)(meta + 1) > (void *)(long)ctx->data || meta->magic != XSW_META_VMQ)
		goto drop;
	md.src_port = meta->src_port;
	md.vlan = meta->vlan;
	md.pvlan = meta->pvlan;
	queue = meta->dst_port;
	if (bpf_xdp_adjust_meta(ctx, sizeof(*meta)))
		goto drop;
	src = xsw_port_get(md.src_port);
	if (!src)
		goto drop;
	md.src_nic = src->nic_type;
	md.policy = src->policy;
	md.len = ctx->data_end - ctx->data;
	ret = xsw_md_parse(&md, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (ret < 0)
		goto drop;
	xsw_vmq_count(queue, md.len);
	return finish(ctx, &md, XSW_HOOK_CPU);
drop:
	xsw_count_drop(md.src_port, ret);
	return XDP_DROP;
}

/* The last stage of the ingress chain. */
static __always_inline int chain_end(struct xdp_md *ctx)
{
	struct xsw_md md = {};
	int ret;

	ret = xsw_md_load(&md, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (ret < 0) {
		xsw_count_drop(md.src_port, ret);
		return XDP_DROP;
	}
	return deliver(ctx, &md, xsw_chain_get(), false);
}

SEC("xdp")
int xsw_xdp_end(struct xdp_md *ctx)
{
	return chain_end(ctx);
}

SEC("xdp/cpumap")
int xsw_cpu_end(struct xdp_md *ctx)
{
	return chain_end(ctx);
}

char LICENSE[] SEC("license") = "GPL";
