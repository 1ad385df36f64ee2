// SPDX-License-Identifier: GPL-2.0
/* TC ingress entry of a switch port: classifies, runs the ingress extension
 * chain when there is one, then redirects to one port or clones the frame to
 * every connected port but the ingress one, plus mirror copies.
 *
 * Every copy that leaves through its port device's egress hook
 * (bpf/tc_tx.bpf.c) is marked in skb->tc_index, which nothing else on the
 * path uses: with an egress chain, with its source port and flags for the
 * chain; without, as the switch's, so that the hook can tell it from what
 * the host's stack sends out of the device.
 *
 * The verdicts are those tcx links and cls_bpf filters share: OK, SHOT,
 * REDIRECT (tcx takes any other, STOLEN too, for "next": the frame would go
 * on to the host's stack). So a flood redirects the frame itself to its
 * first destination and clones it to the others. */
#include "lib/pipeline.h"

#define TC_ACT_REDIRECT	7

struct copy_ctx {
	struct __sk_buff *skb;
	struct xsw_md md;	/* src_port, vlan, pvlan: the packet's */
	__u32 dst_port;		/* a mirrored unicast's own destination */
	__u16 mark;		/* tc_index of the copies; 0 = no egress chain */
	bool mirror;		/* mirror destinations only */
	bool keep_first;	/* no copy for the first destination ... */
	__u32 first;		/* ... which is this one */
};

static long copy_one(__u32 i, void *data)
{
	struct copy_ctx *f = data;
	__u32 index = i + 1;
	struct xsw_port *p = xsw_port_get(index);
	int ret;

	if (!p || p->state != XSW_PORT_NIC_CONNECTED || index == f->md.src_port ||
	    index == f->dst_port)
		return 0;
	if (f->mirror && p->mirror != XSW_MIRROR_DESTINATION)
		return 0;
	/* a mirror destination sees the frame as its source sent it; a flood
	 * reaches the ports of its VLAN, each with its own tag */
	if (!f->mirror) {
		ret = xsw_egress_tc(f->skb, &f->md, index, p->policy);
		if (ret < 0)
			xsw_count_drop(f->md.src_port, ret);
		if (ret)
			return 0;
	}
	/* a copy it would have taken */
	if (p->down) {
		xsw_count_drop(index, -XSW_DROP_DST_DOWN);
		return 0;
	}
	if (f->keep_first && !f->first) {
		f->first = index;
		return 0;
	}
	if (f->mark) {
		f->skb->tc_index = f->mark;
	} else {
		f->skb->tc_index = XSW_TC_SWITCH;
		xsw_count_tx(index, f->skb->len);
	}
	bpf_clone_redirect(f->skb, p->ifindex, 0);
	return 0;
}

/* Clones to every connected port (or mirror destination) but the source;
 * with @keep_first, to all but the first, which it returns (0: none). */
static __always_inline __u32 copy_all(struct __sk_buff *skb, const struct xsw_md *md, __u16 mark,
				      bool mirror, bool keep_first)
{
	struct copy_ctx f = {
		.skb = skb, .dst_port = md->dst_port, .mark = mark, .mirror = mirror,
		.keep_first = keep_first,
		.md = { .src_port = md->src_port, .vlan = md->vlan, .pvlan = md->pvlan },
	};
	struct xsw_config *cfg = xsw_config_get();

	if (cfg)
		bpf_loop(cfg->max_port, copy_one, &f, 0);
	skb->tc_index = 0;
	return f.first;
}

/* A flood: copies to all its destinations but the first, which gets the
 * frame itself (its tag set for it again: the copies changed it). */
static __always_inline int flood(struct __sk_buff *skb, const struct xsw_md *md, __u16 mark)
{
	__u32 first = copy_all(skb, md, mark, false, true);
	struct xsw_port *p = xsw_port_connected(first);
	int ret;

	if (!p)
		return TC_ACT_SHOT;	/* nowhere to go */
	ret = xsw_egress_tc(skb, md, first, p->policy);
	if (ret) {
		if (ret < 0)
			xsw_count_drop(md->src_port, ret);
		return TC_ACT_SHOT;
	}
	if (mark) {
		skb->tc_index = mark;
	} else {
		skb->tc_index = XSW_TC_SWITCH;
		xsw_count_tx(first, skb->len);
	}
	return bpf_redirect(p->ifindex, 0);
}

static __always_inline int deliver(struct __sk_buff *skb, struct xsw_md *md,
				   const struct xsw_chain *ch)
{
	__u16 mark = 0;
	int ret;

	ret = xsw_decide(md);
	if (ret < 0) {
		xsw_count_drop(md->src_port, ret);
		return TC_ACT_SHOT;
	}
	if (xsw_chain_active(ch, XSW_DIR_EGRESS))
		mark = XSW_TC_MARK | md->src_port;
	if (xsw_mirror_needed(md))
		copy_all(skb, md, mark ? mark | XSW_TC_MIRROR : 0, true, false);

	if (md->dst_port == XSW_DST_FLOOD)
		return flood(skb, md, mark ? mark | XSW_TC_FLOOD : 0);
	ret = xsw_egress_tc(skb, md, md->dst_port, md->dst_policy);
	if (ret) {
		/* a unicast to a port outside the frame's VLAN */
		xsw_count_drop(md->src_port, xsw_egress_drop(ret));
		return TC_ACT_SHOT;
	}
	if (mark) {
		/* through the destination device's egress hook */
		skb->tc_index = mark;
		return bpf_redirect(md->dst_ifindex, 0);
	}
	xsw_count_tx(md->dst_port, skb->len);
	/* into a veth peer's ingress directly: no backlog queue, no reordering */
	if (md->dst_flags & XSW_PF_PEER_NETNS)
		return bpf_redirect_peer(md->dst_ifindex, 0);
	skb->tc_index = XSW_TC_SWITCH;	/* past the device's egress hook */
	return bpf_redirect(md->dst_ifindex, 0);
}

/* The source port's policy (bpf/lib/pipeline.h) on the frame, in a global
 * function, which the verifier checks once rather than once for every path
 * into it (the XDP entry's cost less: it inlines it). The upper-layer
 * headers it reads are pulled into the linear area first. Returns the
 * frame's VLAN and private VLAN (vlan | pvlan << 16), or a negative drop
 * reason. */
__noinline long xsw_police_tc(struct __sk_buff *skb, __u32 port, __u32 vlan)
{
	struct xsw_md md = { .src_port = port, .vlan = vlan };
	int ret;

	bpf_skb_pull_data(skb, skb->len < XSW_POLICE_MAX ? skb->len : XSW_POLICE_MAX);
	ret = xsw_police_port(&md, skb_data(skb), skb_data_end(skb));
	return ret < 0 ? (long)ret : (long)(md.vlan | (__u32)md.pvlan << 16);
}

/* xsw_police_tc for @md; its pull moved the frame: md's addresses again.
 * 0 or a negative drop reason. */
static __always_inline int police(struct __sk_buff *skb, struct xsw_md *md)
{
	long ret = xsw_police_tc(skb, md->src_port, md->vlan);
	struct ethhdr *eth = skb_data(skb);

	/* an int the verifier can tell is one */
	if (ret < 0)
		return ret >= -XSW_DROP__MAX ? (int)ret : -XSW_DROP_MALFORMED;
	md->vlan = ret;
	md->pvlan = ret >> 16;
	if ((void *)(eth + 1) > skb_data_end(skb))
		return -XSW_DROP_MALFORMED;
	md->dmac = eth->h_dest;
	md->smac = eth->h_source;
	return 0;
}

SEC("tc")
int xsw_tc_rx(struct __sk_buff *skb)
{
	struct xsw_md md = {
		.len = skb->len,
		/* the kernel moves an 802.1Q tag out of the frame before TC */
		.vlan = skb->vlan_present ? skb->vlan_tci & VLAN_VID_MASK : 0,
		.prio_tagged = skb->vlan_present && !(skb->vlan_tci & VLAN_VID_MASK),
	};
	struct xsw_chain *ch;
	int ret;

	/* the outer tag is out of the frame: its priority goes to 0 unless the
	 * port is trusted; the tag is put back without it */
	if (skb->vlan_present && (skb->vlan_tci & XSW_PCP_MASK) &&
	    !xsw_prio_trusted(xsw_port_of_ifindex(skb->ifindex))) {
		__u16 tci = skb->vlan_tci & ~XSW_PCP_MASK;
		__be16 proto = skb->vlan_proto;

		bpf_skb_vlan_pop(skb);
		bpf_skb_vlan_push(skb, proto, tci);
	}
	/* headers must be in the linear area for direct packet access */
	if (skb_data(skb) + XSW_L2_MAX > skb_data_end(skb))
		bpf_skb_pull_data(skb, XSW_L2_MAX);

	ret = xsw_classify(&md, skb_data(skb), skb_data_end(skb), skb->ifindex);
	if (!ret && md.policy)
		ret = police(skb, &md);
	if (ret < 0) {
		xsw_count_drop(md.src_port, ret);
		return TC_ACT_SHOT;
	}
	ch = xsw_chain_get();
	if (xsw_chain_active(ch, XSW_DIR_INGRESS))
		return xsw_ingress_chain(skb, XSW_HOOK_TC, &md, skb->ifindex, ch);
	return deliver(skb, &md, ch);
}

/* The last stage of the ingress chain. */
SEC("tc")
int xsw_tc_end(struct __sk_buff *skb)
{
	struct xsw_md md = {};
	int ret;

	if (skb_data(skb) + XSW_L2_MAX > skb_data_end(skb))
		bpf_skb_pull_data(skb, XSW_L2_MAX);
	ret = xsw_md_load(&md, skb_data(skb), skb_data_end(skb));
	if (ret < 0) {
		xsw_count_drop(md.src_port, ret);
		return TC_ACT_SHOT;
	}
	return deliver(skb, &md, xsw_chain_get());
}

char LICENSE[] SEC("license") = "GPL";
