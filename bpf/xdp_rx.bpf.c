// SPDX-License-Identifier: GPL-2.0
/* XDP entry of a switch port: runs the pipeline, then redirects a unicast
 * frame straight to its port's device, and floods through the xsw_tx devmap
 * (every connected port but the ingress one, each copy through xsw_xdp_tx). */
#include "lib/pipeline.h"

SEC("xdp")
int xsw_xdp_rx(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct xsw_md md = { .len = data_end - data };
	int ret;

	ret = xsw_ingress(&md, data, data_end, ctx->ingress_ifindex);
	if (ret < 0)
		goto drop;
	if (md.dst_port == XSW_DST_FLOOD)
		return bpf_redirect_map(&xsw_tx, 0, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
	ret = bpf_redirect(md.dst_ifindex, 0);
	if (ret == XDP_REDIRECT) {
		xsw_egress(md.dst_port, md.len);
		return ret;
	}
	ret = -XSW_DROP_REDIRECT;
drop:
	xsw_count_drop(md.src_port, ret);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
