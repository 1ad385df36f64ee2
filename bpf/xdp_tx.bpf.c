// SPDX-License-Identifier: GPL-2.0
/* XDP devmap program: the per-destination egress stage, run once for each
 * copy the xsw_tx devmap sends. The port table, not devmap membership, has
 * the last word on whether a port receives. A frame the ingress side sent
 * here for mirroring reaches its unicast destination and the mirror
 * destinations only. */
#include "lib/pipeline.h"

SEC("xdp/devmap")
int xsw_xdp_tx(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct xsw_meta *meta = (void *)(long)ctx->data_meta;
	__u32 port = xsw_port_of_ifindex(ctx->egress_ifindex);
	struct xsw_port *p = xsw_port_get(port);
	struct xsw_md md = {};
	struct xsw_policy *pol;
	struct xsw_port *src;
	__u8 flags = XSW_PKT_FLOOD;
	struct xsw_chain *ch;
	int ret;

	if (!p || p->state != XSW_PORT_NIC_CONNECTED) {
		xsw_count_drop(port, -XSW_DROP_DST_NOT_CONNECTED);
		return XDP_DROP;
	}
	if ((void *)(meta + 1) <= data && meta->magic == XSW_META_MAGIC) {
		md.src_port = meta->src_port;
		md.vlan = meta->vlan;
		md.pvlan = meta->pvlan;
		flags = meta->flags;
		if (!(flags & XSW_PKT_FLOOD) && port != meta->dst_port) {
			if (p->mirror != XSW_MIRROR_DESTINATION)
				return XDP_DROP;	/* not a destination of this frame */
			flags |= XSW_PKT_MIRROR;
		}
	} else {
		/* a flood without metadata: from a port without VLAN settings,
		 * or from generic XDP, which loses it; the source's settings
		 * put the frame in its VLAN again */
		md.src_port = xsw_port_of_ifindex(ctx->ingress_ifindex);
		src = xsw_port_get(md.src_port);
		if (p->policy || (src && src->policy)) {
			xsw_md_parse(&md, data, data_end);
			if (md.vlan)
				md.vlan |= XSW_VID_TRANSPARENT;
			pol = src && src->policy ? bpf_map_lookup_elem(&xsw_policy, &md.src_port) :
						   NULL;
			if (pol && xsw_vlan_in(pol, &md.vlan, &md.pvlan))
				return XDP_DROP;
		}
	}
	/* a mirror destination sees the frame as its source sent it */
	if (!(flags & XSW_PKT_MIRROR)) {
		ret = xsw_egress_xdp(ctx, &md, port, p->policy);
		if (ret) {
			/* counted, but for a flood's copy to a port outside its VLAN */
			if (ret < 0 || !(flags & XSW_PKT_FLOOD))
				xsw_count_drop(md.src_port, xsw_egress_drop(ret));
			return XDP_DROP;
		}
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
	}
	/* a copy it would have taken */
	if (p->down) {
		xsw_count_drop(port, -XSW_DROP_DST_DOWN);
		return XDP_DROP;
	}
	ch = xsw_chain_get();
	if (xsw_chain_active(ch, XSW_DIR_EGRESS)) {
		return xsw_egress_chain(ctx, XSW_HOOK_XDP, md.src_port, port, data_end - data, flags,
					data, data_end, 0, ch);
	}
	xsw_count_tx(port, data_end - data);
	return XDP_PASS;
}

/* The last stage of the egress chain. */
SEC("xdp/devmap")
int xsw_xdp_txend(struct xdp_md *ctx)
{
	xsw_egress_end();
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
