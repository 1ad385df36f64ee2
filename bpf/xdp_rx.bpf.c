// SPDX-License-Identifier: GPL-2.0
/* XDP entry of a switch port: classifies, runs the ingress extension chain
 * when there is one, then delivers. A unicast frame is redirected straight to
 * its port's device; floods, frames with mirror copies and frames with an
 * egress chain go through the xsw_tx devmap, whose program (xsw_xdp_tx) is
 * the per-destination egress stage. */
#include "lib/pipeline.h"

static __always_inline int deliver(struct xdp_md *ctx, struct xsw_md *md,
				   const struct xsw_chain *ch)
{
	struct xsw_meta *meta;
	bool mirror;
	int ret;

	ret = xsw_decide(md);
	if (ret < 0)
		goto drop;
	mirror = xsw_mirror_needed(md);
	if (!mirror && !xsw_chain_active(ch, XSW_DIR_EGRESS)) {
		if (md->dst_port == XSW_DST_FLOOD)
			return bpf_redirect_map(&xsw_tx, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
		ret = bpf_redirect(md->dst_ifindex, 0);
		if (ret == XDP_REDIRECT) {
			xsw_egress(md->dst_port, md->len);
			return ret;
		}
		ret = -XSW_DROP_REDIRECT;
		goto drop;
	}

	/* the devmap program needs the decision: it goes in front of the frame */
	ret = -XSW_DROP_REDIRECT;
	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*meta)))
		goto drop;
	meta = (void *)(long)ctx->data_meta;
	if ((void *)(meta + 1) > (void *)(long)ctx->data)
		goto drop;
	meta->magic = XSW_META_MAGIC;
	meta->src_port = md->src_port;
	meta->dst_port = md->dst_port;
	meta->flags = md->dst_port == XSW_DST_FLOOD ? XSW_PKT_FLOOD : 0;
	if (mirror || md->dst_port == XSW_DST_FLOOD)
		return bpf_redirect_map(&xsw_tx, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	ret = bpf_redirect_map(&xsw_tx, md->dst_port, 0);
	if (ret == XDP_REDIRECT)
		return ret;
	ret = -XSW_DROP_REDIRECT;
drop:
	xsw_count_drop(md->src_port, ret);
	return XDP_DROP;
}

SEC("xdp")
int xsw_xdp_rx(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct xsw_md md = { .len = data_end - data };
	struct xsw_chain *ch;
	int ret;

	ret = xsw_classify(&md, data, data_end, ctx->ingress_ifindex);
	if (ret < 0) {
		xsw_count_drop(md.src_port, ret);
		return XDP_DROP;
	}
	ch = xsw_chain_get();
	if (xsw_chain_active(ch, XSW_DIR_INGRESS))
		return xsw_ingress_chain(ctx, XSW_HOOK_XDP, &md, ctx->ingress_ifindex, ch);
	return deliver(ctx, &md, ch);
}

/* The last stage of the ingress chain. */
SEC("xdp")
int xsw_xdp_end(struct xdp_md *ctx)
{
	struct xsw_md md = {};
	int ret;

	ret = xsw_md_load(&md, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (ret < 0) {
		xsw_count_drop(md.src_port, ret);
		return XDP_DROP;
	}
	return deliver(ctx, &md, xsw_chain_get());
}

char LICENSE[] SEC("license") = "GPL";
