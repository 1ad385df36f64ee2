// SPDX-License-Identifier: GPL-2.0
/* TC ingress entry of a switch port: runs the pipeline, then redirects to one
 * port or clones the frame to every connected port but the ingress one. */
#include "lib/ctx.h"
#include "lib/pipeline.h"

#define TC_ACT_SHOT	2
#define TC_ACT_STOLEN	4
#define TC_ACT_REDIRECT	7

struct flood_ctx {
	struct __sk_buff *skb;
	__u32 src_port;
};

static long flood_one(__u32 i, void *data)
{
	struct flood_ctx *f = data;
	__u32 index = i + 1;
	struct xsw_port *p;

	p = xsw_port_get(index);
	if (index == f->src_port || !p || p->state != XSW_PORT_NIC_CONNECTED)
		return 0;
	xsw_egress(index, f->skb->len);
	bpf_clone_redirect(f->skb, p->ifindex, 0);
	return 0;
}

SEC("tc")
int xsw_tc_rx(struct __sk_buff *skb)
{
	struct xsw_md md = {
		.len = skb->len,
		/* the kernel moves an 802.1Q tag out of the frame before TC */
		.vlan = skb->vlan_present ? skb->vlan_tci & VLAN_VID_MASK : 0,
	};
	struct xsw_config *cfg;
	int ret;

	/* headers must be in the linear area for direct packet access */
	if (skb_data(skb) + XSW_L2_MAX > skb_data_end(skb))
		bpf_skb_pull_data(skb, XSW_L2_MAX);

	ret = xsw_ingress(&md, skb_data(skb), skb_data_end(skb), skb->ifindex);
	if (ret < 0)
		goto drop;

	if (md.dst_port == XSW_DST_FLOOD) {
		struct flood_ctx f = { .skb = skb, .src_port = md.src_port };

		cfg = xsw_config_get();
		if (cfg)
			bpf_loop(cfg->max_port, flood_one, &f, 0);
		return TC_ACT_STOLEN;
	}
	xsw_egress(md.dst_port, md.len);
	/* into a veth peer's ingress directly: no backlog queue, no reordering */
	if (md.dst_flags & XSW_PF_PEER_NETNS)
		return bpf_redirect_peer(md.dst_ifindex, 0);
	return bpf_redirect(md.dst_ifindex, 0);
drop:
	xsw_count_drop(md.src_port, ret);
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
