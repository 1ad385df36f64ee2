/* SPDX-License-Identifier: GPL-2.0 */
/* VLANs, written once for XDP and TC: the VLAN a frame is switched in
 * (ingress), whether a port is in it and the tag the port's copy leaves with
 * (egress), and the 802.1p priority of the tags a port sends.
 *
 * A frame's VLAN in the switch (xsw_md.vlan) is the VID its source port puts
 * it in, or for a port without VLAN settings 0 (untagged) or the VID of its
 * own tag | XSW_VID_TRANSPARENT: such frames reach only ports without VLAN
 * settings (and a trunk's untagged side), so no VM can hop into a VLAN. */
#ifndef XSW_LIB_VLAN_H
#define XSW_LIB_VLAN_H

#include "xsw_maps.h"
#include "parse.h"

#define XSW_PCP_MASK 0xe000	/* 802.1p priority bits of a TCI */

/* What the copy to a port carries (xsw_vlan_out): */
#define XSW_VOUT_KEEP	(-2)	/* the frame as it is */
#define XSW_VOUT_SKIP	(-1)	/* nothing: the port is not in the frame's VLAN */
/* 0: no tag; > 0: a tag with that VID */

#define XSW_PVLAN_SHIFT 12	/* xsw_md.pvlan: enum xsw_pvlan << 12 | secondary VID */

static __always_inline bool xsw_vid_in(const __u64 *set, __u16 vid)
{
	return (set[(vid >> 6) & (XSW_VID_WORDS - 1)] >> (vid & 63)) & 1;
}

/* A trunk's VLANs: the native one, and the allowed ones not pruned. */
static __always_inline bool xsw_trunk_has(const struct xsw_policy *pol, __u16 vid)
{
	return vid == pol->pvid || (xsw_vid_in(pol->allowed, vid) && !xsw_vid_in(pol->pruned, vid));
}

/* A VLAN of the switch's, not 0 or a transparent tag. */
static __always_inline bool xsw_vlan_managed(__u16 vlan)
{
	return vlan && !(vlan & XSW_VID_TRANSPARENT);
}

/* Ingress: puts a frame from a port with policy @pol in its VLAN. *@vlan
 * holds the VID of its tag | XSW_VID_TRANSPARENT, or 0 (untagged or
 * priority-tagged). Returns 0 or -XSW_DROP_VLAN for a tag the port may not
 * send. */
static __always_inline int xsw_vlan_in(const struct xsw_policy *pol, __u16 *vlan, __u16 *pvlan)
{
	__u16 vid = *vlan & XSW_VID_MASK;

	switch (pol->vlan_mode) {
	case XSW_VLAN_ACCESS:
	case XSW_VLAN_PRIVATE:
		if (vid)
			return -XSW_DROP_VLAN;
		*vlan = pol->pvid;
		if (pol->vlan_mode == XSW_VLAN_PRIVATE)
			*pvlan = pol->pvlan << XSW_PVLAN_SHIFT | pol->secondary;
		return 0;
	case XSW_VLAN_TRUNK:
		if (vid && !xsw_trunk_has(pol, vid))
			return -XSW_DROP_VLAN;
		*vlan = vid ?: pol->pvid;
		return 0;
	}
	return 0;
}

/* A private VLAN frame from a port of class @pvlan reaches the private VLAN
 * port @dst (its policy @pol, same primary VLAN). */
static __always_inline bool xsw_pvlan_reach(__u16 pvlan, __u32 src, const struct xsw_policy *pol)
{
	__u16 sc = pvlan >> XSW_PVLAN_SHIFT, ss = pvlan & XSW_VID_MASK;
	struct xsw_policy *sp;

	switch (sc) {
	case XSW_PVLAN_NONE:		/* a trunk or an access port of the primary VLAN */
		return true;
	case XSW_PVLAN_PROMISCUOUS:
		if (pol->pvlan == XSW_PVLAN_PROMISCUOUS)
			return true;
		sp = bpf_map_lookup_elem(&xsw_policy, &src);
		return sp && xsw_vid_in(sp->allowed, pol->secondary);
	}
	if (pol->pvlan == XSW_PVLAN_PROMISCUOUS)
		return xsw_vid_in(pol->allowed, ss);
	return sc == XSW_PVLAN_COMMUNITY && pol->pvlan == XSW_PVLAN_COMMUNITY &&
	       pol->secondary == ss;
}

/* Egress: what the copy of a frame in VLAN @vlan (private VLAN @pvlan, from
 * port @src) to port @dst carries, @dst_policy its xsw_port.policy: an
 * XSW_VOUT_* or the VID of its tag. A port with no policy takes no lookup. */
static __always_inline int xsw_vlan_out(__u16 vlan, __u16 pvlan, __u32 src, __u32 dst,
					__u8 dst_policy)
{
	bool managed = xsw_vlan_managed(vlan);
	struct xsw_policy *pol;
	__u16 tag;

	if (!dst_policy)
		return managed ? XSW_VOUT_SKIP : XSW_VOUT_KEEP;
	pol = bpf_map_lookup_elem(&xsw_policy, &dst);
	if (!pol)
		return XSW_VOUT_SKIP;
	switch (pol->vlan_mode) {
	case XSW_VLAN_ACCESS:
		/* in a primary VLAN, an access port hears only the promiscuous
		 * ports and the trunks */
		return vlan == pol->pvid && (pvlan >> XSW_PVLAN_SHIFT == XSW_PVLAN_NONE ||
					     pvlan >> XSW_PVLAN_SHIFT == XSW_PVLAN_PROMISCUOUS) ?
		       0 : XSW_VOUT_SKIP;
	case XSW_VLAN_PRIVATE:
		return vlan == pol->pvid && xsw_pvlan_reach(pvlan, src, pol) ? 0 : XSW_VOUT_SKIP;
	case XSW_VLAN_TRUNK:
		/* the untagged side of a trunk without a native VLAN is the
		 * untagged ports' */
		if (!managed)
			return vlan || pol->pvid ? XSW_VOUT_SKIP : XSW_VOUT_KEEP;
		/* a private VLAN's isolated and community frames go out in
		 * their secondary VLAN */
		tag = pvlan >> XSW_PVLAN_SHIFT == XSW_PVLAN_ISOLATED ||
		      pvlan >> XSW_PVLAN_SHIFT == XSW_PVLAN_COMMUNITY ? pvlan & XSW_VID_MASK : vlan;
		if (!xsw_trunk_has(pol, tag))
			return XSW_VOUT_SKIP;
		return tag == pol->pvid ? 0 : tag;
	}
	return managed ? XSW_VOUT_SKIP : XSW_VOUT_KEEP;
}

/* XDP: gives the frame the tag @out says. Returns 0 or a negative drop
 * reason. */
static __always_inline int xsw_vlan_apply_xdp(struct xdp_md *ctx, int out)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct xsw_vlan_hdr *vh = (void *)(eth + 1);
	__u64 macs;
	__u32 macs2;
	bool tagged;

	if (out == XSW_VOUT_KEEP)
		return 0;
	if ((void *)(eth + 1) > end)
		return -XSW_DROP_MALFORMED;
	tagged = eth->h_proto == bpf_htons(ETH_P_8021Q) || eth->h_proto == bpf_htons(ETH_P_8021AD);
	if (tagged && (void *)(vh + 1) > end)
		return -XSW_DROP_MALFORMED;
	if (tagged && out) {
		vh->tci = (vh->tci & bpf_htons(XSW_PCP_MASK)) | bpf_htons(out);
		return 0;
	}
	if (!tagged && !out)
		return 0;
	/* the addresses move by a tag's 4 bytes: behind it (push) or over it (pop) */
	macs = *(__u64 *)data;
	macs2 = *(__u32 *)(data + 8);
	if (bpf_xdp_adjust_head(ctx, out ? -(int)sizeof(*vh) : (int)sizeof(*vh)))
		return -XSW_DROP_REDIRECT;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	vh = (void *)(eth + 1);
	if ((void *)(vh + 1) > end)
		return -XSW_DROP_MALFORMED;
	*(__u64 *)data = macs;
	*(__u32 *)(data + 8) = macs2;
	if (out) {
		eth->h_proto = bpf_htons(ETH_P_8021Q);
		vh->tci = bpf_htons(out);
	}
	return 0;
}

/* TC: the outer tag is out of the frame (skb->vlan_tci), but for a frame
 * no device received (BPF_PROG_RUN): bpf_skb_vlan_pop takes either. Returns
 * 0 or a negative drop reason. */
static __always_inline int xsw_vlan_apply_tc(struct __sk_buff *skb, int out)
{
	/* loaded as XSW_CTX_LOAD does: clang must not fold the offsets */
	__u32 present = (__u32)(long)XSW_CTX_LOAD(skb, vlan_present);
	__u32 tci = (__u32)(long)XSW_CTX_LOAD(skb, vlan_tci);
	__u32 proto = (__u32)(long)XSW_CTX_LOAD(skb, protocol);

	if (out == XSW_VOUT_KEEP)
		return 0;
	if (out && present && (tci & VLAN_VID_MASK) == out)
		return 0;
	if ((present || proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) &&
	    bpf_skb_vlan_pop(skb))
		return -XSW_DROP_REDIRECT;
	if (out && bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), out))
		return -XSW_DROP_REDIRECT;
	return 0;
}

/* Whether port @port keeps the 802.1p priority of the tagged frames it
 * sends: the uplink and the host vNIC do, a VM's port only with
 * priority-tag on. Asked only of a frame that has a priority. */
static __always_inline bool xsw_prio_trusted(__u32 port)
{
	struct xsw_port *p = bpf_map_lookup_elem(&xsw_ports, &port);
	struct xsw_policy *pol;

	if (p && (p->nic_type == XSW_NIC_EXTERNAL || p->nic_type == XSW_NIC_INTERNAL))
		return true;
	if (!p || !p->policy)
		return false;
	pol = bpf_map_lookup_elem(&xsw_policy, &port);
	return pol && (pol->flags & XSW_POL_PRIO_TRUST);
}

/* XDP: the outer tag is in the frame; its priority goes to 0 unless the
 * port is trusted (Hyper-V's IeeePriorityTag off, the default). */
static __always_inline void xsw_prio_reset_xdp(__u32 port, __u16 vlan, void *data, void *end)
{
	struct ethhdr *eth = data;
	struct xsw_vlan_hdr *vh = (void *)(eth + 1);

	if ((void *)(vh + 1) > end || !vlan ||
	    (eth->h_proto != bpf_htons(ETH_P_8021Q) && eth->h_proto != bpf_htons(ETH_P_8021AD)))
		return;
	if ((vh->tci & bpf_htons(XSW_PCP_MASK)) && !xsw_prio_trusted(port))
		vh->tci &= bpf_htons(~XSW_PCP_MASK);
}

#endif /* XSW_LIB_VLAN_H */
