/* SPDX-License-Identifier: GPL-2.0 */
/* The switch pipeline, written once for XDP and TC. It works on packet
 * pointers only; the entry programs turn its decision into their own verdicts
 * (bpf/xdp_rx.bpf.c, bpf/tc_rx.bpf.c).
 *
 *   (XDP: the fast path of bpf/xdp_rx.bpf.c takes the frames that repeat a
 *   memoized unicast the pipeline sent unchanged, ahead of all of this)
 *   xsw_classify: source port, L2 parse, rx counters
 *   ingress extension chain, when the switch has one (include/xsw/ext.h):
 *                 tail calls from the entry to the chain's end program
 *   xsw_decide:   the forwarding extension's choice, or xsw_forward, the
 *                 learning switch: picks a destination port or flood; a
 *                 per-CPU memo replays the last unicast decision
 *   delivery:     redirect, flood, mirror copies (the entry programs)
 *   per destination: xsw_egress_xdp/xsw_egress_tc (the copy's VLAN and
 *                 tag), then the egress extension chain
 */
#ifndef XSW_LIB_PIPELINE_H
#define XSW_LIB_PIPELINE_H

#include "xsw_maps.h"
#include "parse.h"
#include "fdb.h"
#include "guard.h"
#include "ips.h"
#include "spoof.h"
#include "stats.h"
#include "storm.h"
#include "vlan.h"

#define XSW_DST_FLOOD 0		/* port index 0 is never a real port */

/* XDP metadata in front of a frame the devmap sends on to an egress chain or
 * to mirror destinations: what its egress program cannot see itself. */
#define XSW_META_MAGIC 0x78737731	/* "xsw1" */

/* skb->tc_index of a copy a TC port sends through an egress chain */
#define XSW_TC_MARK   0x8000
#define XSW_TC_FLOOD  0x4000
#define XSW_TC_MIRROR 0x2000
/* ... or of one it sends without: the switch's, not the host stack's */
#define XSW_TC_SWITCH 0x1000
#define XSW_TC_PORT   0x0fff	/* the source port */
_Static_assert(XSW_MAX_PORTS - 1 <= XSW_TC_PORT, "port index fits the TC mark");

struct xsw_meta {
	__u32 magic;
	__u32 src_port;
	__u32 dst_port;		/* XSW_DST_FLOOD or the unicast destination */
	__u16 flags;		/* XSW_PKT_* */
	__u16 vlan;		/* xsw_md.vlan */
	__u16 pvlan;		/* xsw_md.pvlan */
	__u16 pad;
};

/* Per-packet context carried from stage to stage. */
struct xsw_md {
	__u32 src_port;		/* index of the port the frame came in on, 0 = unknown */
	__u32 dst_port;		/* unicast destination, or XSW_DST_FLOOD */
	__u32 dst_ifindex;	/* device of the unicast destination */
	__u32 len;		/* frame length in bytes */
	__u16 vlan;		/* the VLAN it is switched in (bpf/lib/vlan.h), the FDB's */
	__u16 pvlan;		/* private VLAN of the source: class << 12 | secondary */
	__u8 dst_flags;		/* enum xsw_port_flags of the unicast destination */
	__u8 dst_policy;	/* the unicast destination has a policy */
	__u8 flags;		/* XSW_PKT_* */
	__u8 src_nic;		/* enum xsw_nic_type of the source port */
	__u8 policy;		/* the source port has a policy (xsw_police) */
	__u8 prio_tagged;	/* TC: the tag out of the frame has VID 0 */
	__u8 replayed;		/* the decision was the CPU's memo (xsw_forward) */
	__u32 head;		/* XDP: bytes 12-15 as the frame came in (fast_mark) */
	const __u8 *dmac;
	const __u8 *smac;
};

static __always_inline struct xsw_config *xsw_config_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xsw_config, &zero);
}

static __always_inline struct xsw_chain *xsw_chain_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xsw_chain, &zero);
}

static __always_inline struct xsw_port *xsw_port_get(__u32 index)
{
	return bpf_map_lookup_elem(&xsw_ports, &index);
}

static __always_inline struct xsw_port *xsw_port_connected(__u32 index)
{
	struct xsw_port *p = xsw_port_get(index);

	return p && p->state == XSW_PORT_NIC_CONNECTED && !p->down ? p : NULL;
}

/* Why port @index receives nothing (xsw_port_connected() said NULL). */
static __always_inline int xsw_port_unreachable(__u32 index)
{
	struct xsw_port *p = xsw_port_get(index);

	return p && p->state == XSW_PORT_NIC_CONNECTED ? -XSW_DROP_DST_DOWN :
							 -XSW_DROP_DST_NOT_CONNECTED;
}

/* The port of device @ifindex and its index into @index (0: none). */
static __always_inline struct xsw_port *xsw_port_by_ifindex(__u32 ifindex, __u32 *index)
{
	__u32 slot = ifindex & (XSW_IFSLOTS - 1), *i;
	struct xsw_port *p;

	i = bpf_map_lookup_elem(&xsw_ifslots, &slot);
	if (i && *i) {
		p = xsw_port_get(*i);
		if (p && p->ifindex == ifindex) {
			*index = *i;
			return p;
		}
	}
	i = bpf_map_lookup_elem(&xsw_ifports, &ifindex);
	*index = i ? *i : 0;
	return *index ? xsw_port_get(*index) : NULL;
}

static __always_inline __u32 xsw_port_of_ifindex(__u32 ifindex)
{
	__u32 index;

	xsw_port_by_ifindex(ifindex, &index);
	return index;
}

/* Finds the source port, parses L2 and counts the frame as received; the
 * entry has set md->len and md->vlan (a tag outside the frame data, else 0).
 * Returns 0 or a negative drop reason. */
static __always_inline int xsw_classify(struct xsw_md *md, void *data, void *data_end,
					__u32 ifindex)
{
	struct xsw_cursor c = { .pos = data, .end = data_end };
	struct xsw_port_stats *s;
	struct xsw_port *port;
	struct ethhdr *eth;
	int proto;

	port = xsw_port_by_ifindex(ifindex, &md->src_port);
	if (!port)
		return -XSW_DROP_UNKNOWN_PORT;
	if (port->state != XSW_PORT_NIC_CONNECTED)
		return -XSW_DROP_NIC_NOT_CONNECTED;
	md->src_nic = port->nic_type;
	md->policy = port->policy;

	s = xsw_stats_of(md->src_port);
	if (s) {
		s->rx_packets++;
		s->rx_bytes += md->len;
	}

	proto = xsw_parse_eth(&c, &eth, &md->vlan);
	if (proto < 0)
		return proto;
	md->dmac = eth->h_dest;
	md->smac = eth->h_source;
	if (xsw_mac_is_multicast(md->smac) || xsw_mac_is_zero(md->smac))
		return -XSW_DROP_BAD_SRC_MAC;
	/* a priority tag (VID 0) in front of another tag: a receiver would take
	 * the inner VID for the VLAN, so the switch cannot tell the frame's */
	if ((!md->vlan && xsw_proto_is_tag(proto)) || (md->prio_tagged && md->vlan))
		return -XSW_DROP_VLAN;
	/* a tag is the port's own until its VLAN settings say otherwise */
	if (md->vlan)
		md->vlan |= XSW_VID_TRANSPARENT;
	return 0;
}

/* Bytes xsw_police may read: L2, an IPv6 header with a few extension
 * headers, the first bytes of the upper layer. */
#define XSW_POLICE_MAX 256

/* The source port's policy on what it sends, for a port that has one
 * (md->policy set). Returns 0 or a negative drop reason. */
static __always_inline int xsw_police_port(struct xsw_md *md, void *data, void *data_end)
{
	struct xsw_cursor c = { .pos = data, .end = data_end };
	struct xsw_policy *pol;
	__u32 port = md->src_port;
	struct ethhdr *eth;
	__u16 vlan = 1;	/* a tag in the frame is skipped either way */
	int proto;

	pol = bpf_map_lookup_elem(&xsw_policy, &port);
	proto = xsw_parse_eth(&c, &eth, &vlan);
	/* and an inner tag: the policy judges what it carries */
	if (xsw_proto_is_tag(proto)) {
		struct xsw_vlan_hdr *vh = c.pos;

		if ((void *)(vh + 1) > c.end)
			return -XSW_DROP_MALFORMED;
		c.pos = vh + 1;
		proto = bpf_ntohs(vh->encap_proto);
	}
	if (proto < 0)
		return proto;
	if (!pol)
		return 0;
	return xsw_vlan_in(pol, &md->vlan, &md->pvlan) ?:
	       xsw_spoof_check(pol, port, md->vlan, eth->h_source, &c, proto) ?:
	       xsw_ip_check(pol, port, &c, proto) ?:
	       xsw_guard(pol->guards, &c, proto);
}

/* xsw_police_port for every port: a port without a policy takes no lookup */
static __always_inline int xsw_police(struct xsw_md *md, void *data, void *data_end)
{
	return md->policy ? xsw_police_port(md, data, data_end) : 0;
}

static __always_inline struct xsw_memo *xsw_memo_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xsw_memo, &zero);
}

/* The frame repeats the memo's: same ingress port, VLAN and addresses, no FDB
 * change since, in the same epoch and with credit left. The bounds make the
 * full pipeline run at least every XSW_MEMO_FRAMES frames and every epoch, so
 * learning still refreshes the source's entry, ageing still applies, and an
 * entry its bucket dropped comes back. */
static __always_inline bool xsw_memo_hit(struct xsw_memo *m, const struct xsw_md *md, __u64 gen,
					 __u64 epoch)
{
	const __u8 *a = md->dmac;	/* dmac, then smac: 12 bytes */

	return m->credit && m->gen == gen && m->epoch == epoch && m->src_port == md->src_port &&
	       m->vlan == md->vlan &&
	       *(__u64 *)m->addrs == *(const __u64 *)a &&
	       *(__u32 *)(m->addrs + 8) == *(const __u32 *)(a + 8);
}

static __always_inline void xsw_memo_set(struct xsw_memo *m, const struct xsw_md *md, __u64 gen,
					 __u64 epoch)
{
	__builtin_memcpy(m->addrs, md->dmac, sizeof(m->addrs));
	m->vlan = md->vlan;
	m->credit = XSW_MEMO_FRAMES;
	m->fast_len = 0;
	m->src_port = md->src_port;
	m->dst_port = md->dst_port;
	m->gen = gen;
	m->epoch = epoch;
}

/* Sets the unicast destination's device; 0 or a negative drop reason. */
static __always_inline int xsw_dst_set(struct xsw_md *md)
{
	struct xsw_port *dst = xsw_port_connected(md->dst_port);

	if (!dst)
		return xsw_port_unreachable(md->dst_port);
	md->dst_ifindex = dst->ifindex;
	md->dst_flags = dst->flags;
	md->dst_policy = dst->policy;
	return 0;
}

/* bpf_ktime_get_coarse_ns(), which changes once a jiffy: read once a jiffy
 * (@jiffies) per CPU, kept in its memo @m. */
static __always_inline __u64 xsw_clock(struct xsw_memo *m, __u64 jiffies)
{
	if (!m)
		return bpf_ktime_get_coarse_ns();
	if (m->jiffies != jiffies) {
		m->now = bpf_ktime_get_coarse_ns();
		m->jiffies = jiffies;
	}
	return m->now;
}

/* The learning switch proper: learns the source and picks the destination;
 * a unicast decision is memoized. */
static __always_inline int xsw_forward_full(struct xsw_md *md, struct xsw_memo *m, __u64 gen,
					    __u64 jiffies)
{
	__u64 epoch = jiffies >> XSW_MEMO_EPOCH_SHIFT, now = xsw_clock(m, jiffies);
	struct xsw_config *cfg = xsw_config_get();
	struct xsw_port_stats *s;
	int ret;

	if (!cfg)
		return -XSW_DROP_UNKNOWN_PORT;
	if (!xsw_fdb_src_known(cfg, md->smac, md->vlan, md->src_port, gen, now))
		xsw_fdb_learn_src(xsw_mac_vlan(md->smac, md->vlan), md->src_port, md->policy,
				  now, cfg->ageing_ns);

	s = xsw_stats_of(md->src_port);
	if (xsw_mac_is_multicast(md->dmac)) {
		md->dst_port = XSW_DST_FLOOD;
		if (s && xsw_mac_is_broadcast(md->dmac))
			s->rx_broadcast++;
		else if (s)
			s->rx_multicast++;
		return xsw_storm_check(md->src_port, md->policy, now);
	}

	md->dst_port = xsw_fdb_lookup(md->dmac, md->vlan, now, cfg->ageing_ns);
	if (md->dst_port == XSW_DST_FLOOD) {
		if (s)
			s->rx_unknown++;
		return xsw_storm_check(md->src_port, md->policy, now);
	}
	if (md->dst_port == md->src_port)
		return -XSW_DROP_SAME_PORT;
	ret = xsw_dst_set(md);
	if (!ret && m)
		xsw_memo_set(m, md, gen, epoch);
	return ret;
}

/* The built-in forwarding stage: learns the source and picks the
 * destination. Returns 0 or a negative drop reason. */
static __always_inline int xsw_forward(struct xsw_md *md)
{
	struct xsw_memo *m = xsw_memo_get();
	__u64 *genp = xsw_fdb_gen_get();
	__u64 gen = genp ? *genp : 0, jiffies = bpf_jiffies64();

	if (m && xsw_memo_hit(m, md, gen, jiffies >> XSW_MEMO_EPOCH_SHIFT)) {
		m->credit--;
		md->replayed = 1;
		md->dst_port = m->dst_port;
		return xsw_dst_set(md);
	}
	return xsw_forward_full(md, m, gen, jiffies);
}

/* The destinations: a forwarding extension's choice, else the learning
 * switch's. md->dst_port is then the unicast destination or XSW_DST_FLOOD.
 * Returns 0 or a negative drop reason. */
static __always_inline int xsw_decide(struct xsw_md *md)
{
	if (!(md->flags & XSW_PKT_FORWARDED))
		return xsw_forward(md);
	if (md->flags & XSW_PKT_FLOOD) {
		md->dst_port = XSW_DST_FLOOD;
		return 0;
	}
	if (md->dst_port == md->src_port)
		return -XSW_DROP_SAME_PORT;
	return xsw_dst_set(md);
}

static __always_inline __u32 xsw_chain_of(const struct xsw_chain *ch, __u32 dir)
{
	return ch ? ch->dir[dir] : 1;
}

/* The chain of @dir has extension stages. */
static __always_inline bool xsw_chain_active(const struct xsw_chain *ch, __u32 dir)
{
	return XSW_CHAIN_LEN(xsw_chain_of(ch, dir)) > 1;
}

/* Starts the chain of @hook and @dir in @bank at its head. Returns only on a
 * missed tail call, with the dropping verdict, counted. */
static __always_inline int xsw_chain_start(void *ctx, __u32 hook, __u32 dir, struct xsw_pkt *pkt,
					   __u32 bank)
{
	pkt->bank = bank;
	if (hook == XSW_HOOK_XDP && dir == XSW_DIR_INGRESS)
		return xsw_chain_next(ctx, hook, dir, pkt, &xsw_xdp_in);
	if (hook == XSW_HOOK_CPU)
		return xsw_chain_next(ctx, hook, dir, pkt, &xsw_cpu_in);
	if (hook == XSW_HOOK_XDP)
		return xsw_chain_next(ctx, hook, dir, pkt, &xsw_xdp_out);
	if (dir == XSW_DIR_INGRESS)
		return xsw_chain_next(ctx, hook, dir, pkt, &xsw_tc_in);
	return xsw_chain_next(ctx, hook, dir, pkt, &xsw_tc_out);
}

/* Hands the classified packet to the ingress chain; returns only on a
 * missed tail call, with the dropping verdict. */
static __always_inline int xsw_ingress_chain(void *ctx, __u32 hook, const struct xsw_md *md,
					     __u32 ifindex, const struct xsw_chain *ch)
{
	struct xsw_pkt *pkt = xsw_pkt_get(XSW_DIR_INGRESS);

	if (!pkt)
		return xsw_hook_drop(hook);
	pkt->src_port = md->src_port;
	pkt->dst_port = XSW_DST_FLOOD;
	pkt->len = md->len;
	pkt->src_ifindex = ifindex;
	pkt->vlan = md->vlan;
	pkt->pvlan = md->pvlan;
	pkt->flags = 0;
	pkt->src_nic = md->src_nic;
	return xsw_chain_start(ctx, hook, XSW_DIR_INGRESS, pkt,
			       XSW_CHAIN_BANK(xsw_chain_of(ch, XSW_DIR_INGRESS)));
}

/* The addresses of a frame classified before, into @md: packet pointers do
 * not survive a tail call or a CPU change. Returns 0 or a negative drop
 * reason. */
static __always_inline int xsw_md_parse(struct xsw_md *md, void *data, void *data_end)
{
	struct xsw_cursor c = { .pos = data, .end = data_end };
	struct ethhdr *eth;
	int proto;

	proto = xsw_parse_eth(&c, &eth, &md->vlan);
	if (proto < 0)
		return proto;
	md->dmac = eth->h_dest;
	md->smac = eth->h_source;
	return 0;
}

/* The packet at the end of the ingress chain, back into @md. Returns 0 or a
 * negative drop reason. */
static __always_inline int xsw_md_load(struct xsw_md *md, void *data, void *data_end)
{
	struct xsw_pkt *pkt = xsw_pkt_get(XSW_DIR_INGRESS);
	struct xsw_port *src;

	if (!pkt)
		return -XSW_DROP_UNKNOWN_PORT;
	md->src_port = pkt->src_port;
	md->dst_port = pkt->dst_port;
	md->len = pkt->len;
	md->vlan = pkt->vlan;
	md->pvlan = pkt->pvlan;
	md->flags = pkt->flags;
	md->src_nic = pkt->src_nic;
	src = xsw_port_get(md->src_port);
	md->policy = src ? src->policy : 0;
	return xsw_md_parse(md, data, data_end);
}

/* Mirroring applies: the switch has a mirror destination, and the packet is
 * sent by a source port or (unicast) received by one. */
static __always_inline bool xsw_mirror_needed(const struct xsw_md *md)
{
	struct xsw_config *cfg = xsw_config_get();
	struct xsw_port *p;

	if (!cfg || !cfg->mirror_dsts || md->dst_port == XSW_DST_FLOOD)
		return false;
	p = xsw_port_get(md->src_port);
	if (p && p->mirror == XSW_MIRROR_SOURCE)
		return true;
	p = xsw_port_get(md->dst_port);
	return p && p->mirror == XSW_MIRROR_SOURCE;
}

/* Starts the egress chain for the copy to port @dst; returns only on a
 * missed tail call. */
static __always_inline int xsw_egress_chain(void *ctx, __u32 hook, __u32 src, __u32 dst,
					    __u32 len, __u8 flags, void *data, void *data_end,
					    __u16 vlan, const struct xsw_chain *ch)
{
	struct xsw_cursor c = { .pos = data, .end = data_end };
	struct xsw_pkt *pkt = xsw_pkt_get(XSW_DIR_EGRESS);
	struct ethhdr *eth;

	if (!pkt)
		return xsw_hook_drop(hook);
	xsw_parse_eth(&c, &eth, &vlan);
	pkt->src_port = src;
	pkt->dst_port = dst;
	pkt->len = len;
	pkt->src_ifindex = 0;
	pkt->vlan = vlan;
	pkt->pvlan = 0;
	pkt->flags = flags;
	pkt->src_nic = 0;
	return xsw_chain_start(ctx, hook, XSW_DIR_EGRESS, pkt,
			       XSW_CHAIN_BANK(xsw_chain_of(ch, XSW_DIR_EGRESS)));
}

/* Frames of @l3len bytes (past L2) fit port @dst's MTU; only frames larger
 * than the switch's smallest MTU take a lookup. 0 or -XSW_DROP_TOO_BIG. */
static __always_inline int xsw_mtu_check(__u32 dst, __u32 l3len)
{
	struct xsw_config *cfg = xsw_config_get();
	__u32 *mtu;

	if (!cfg || !cfg->min_mtu || l3len <= cfg->min_mtu)
		return 0;
	mtu = bpf_map_lookup_elem(&xsw_mtu, &dst);
	return mtu && *mtu && l3len > *mtu ? -XSW_DROP_TOO_BIG : 0;
}

/* The per-destination egress stage, before the egress chain: whether port
 * @dst (@dst_policy its xsw_port.policy) takes the copy of the packet @md,
 * the tag it leaves with, and whether it fits the port's MTU. A unicast frame runs it in the ingress program,
 * which knows its one destination; each flooded copy runs it in the devmap
 * program (bpf/xdp_tx.bpf.c) or in the TC flood loop. Returns 0 to send,
 * 1 when the port is not in the frame's VLAN, or a negative drop reason. */
static __always_inline int xsw_egress_xdp(struct xdp_md *ctx, const struct xsw_md *md, __u32 dst,
					  __u8 dst_policy)
{
	int out = xsw_vlan_out(md->vlan, md->pvlan, md->src_port, dst, dst_policy), ret;
	void *data, *end;

	if (out == XSW_VOUT_SKIP)
		return 1;
	ret = xsw_vlan_apply_xdp(ctx, out);
	if (ret)
		return ret;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	/* the L3 size: less the Ethernet header and a tag */
	return xsw_mtu_check(dst, end - data - ETH_HLEN -
			     (data + ETH_HLEN <= end && ((struct ethhdr *)data)->h_proto ==
			      bpf_htons(ETH_P_8021Q) ? 4 : 0));
}

static __always_inline int xsw_egress_tc(struct __sk_buff *skb, const struct xsw_md *md, __u32 dst,
					 __u8 dst_policy)
{
	int out = xsw_vlan_out(md->vlan, md->pvlan, md->src_port, dst, dst_policy), ret;

	if (out == XSW_VOUT_SKIP)
		return 1;
	ret = xsw_vlan_apply_tc(skb, out);
	/* a GSO packet is segmented to the size its sender's stack chose; a
	 * guest's (from a tap's virtio header) has gso_size but no gso_segs yet */
	if (ret || skb->gso_size)
		return ret;
	return xsw_mtu_check(dst, skb->len - ETH_HLEN);
}

/* The drop reason of an egress stage's refusal of a unicast. */
static __always_inline int xsw_egress_drop(int ret)
{
	return ret > 0 ? -XSW_DROP_VLAN : ret;
}

/* The egress chain's end: the copy goes out. */
static __always_inline void xsw_egress_end(void)
{
	struct xsw_pkt *pkt = xsw_pkt_get(XSW_DIR_EGRESS);

	if (pkt)
		xsw_count_tx(pkt->dst_port, pkt->len);
}


#endif /* XSW_LIB_PIPELINE_H */
