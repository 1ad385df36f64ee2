// SPDX-License-Identifier: GPL-2.0
/* TC egress hook of every port device: the per-destination egress stage for
 * copies a TC port sends while the switch has an egress chain (XSW_TC_MARK
 * in skb->tc_index, bpf/tc_rx.bpf.c). Copies without a chain carry
 * XSW_TC_SWITCH. Anything else leaving a port device was sent by the host's
 * own stack: a port carries no host traffic (a private switch is private),
 * so it is dropped. Frames XDP redirects into a device never pass here. */
#include "lib/pipeline.h"

SEC("tc")
int xsw_tc_tx(struct __sk_buff *skb)
{
	__u16 mark = skb->tc_index;
	__u32 port = xsw_port_of_ifindex(skb->ifindex);
	struct xsw_chain *ch;
	__u8 flags = 0;

	if (!(mark & (XSW_TC_MARK | XSW_TC_SWITCH))) {
		if (!port)
			return TC_ACT_OK;
		xsw_count_drop(port, -XSW_DROP_HOST);
		return TC_ACT_SHOT;
	}
	skb->tc_index = 0;
	if (!(mark & XSW_TC_MARK))
		return TC_ACT_OK;
	if (!xsw_port_connected(port)) {
		xsw_count_drop(port, xsw_port_unreachable(port));
		return TC_ACT_SHOT;
	}
	if (mark & XSW_TC_FLOOD)
		flags |= XSW_PKT_FLOOD;
	if (mark & XSW_TC_MIRROR)
		flags |= XSW_PKT_MIRROR;
	ch = xsw_chain_get();
	if (xsw_chain_active(ch, XSW_DIR_EGRESS)) {
		if (skb_data(skb) + XSW_L2_MAX > skb_data_end(skb))
			bpf_skb_pull_data(skb, XSW_L2_MAX);
		return xsw_egress_chain(skb, XSW_HOOK_TC, mark & XSW_TC_PORT, port, skb->len, flags,
					skb_data(skb), skb_data_end(skb),
					skb->vlan_present ? skb->vlan_tci & VLAN_VID_MASK : 0, ch);
	}
	xsw_count_tx(port, skb->len);
	return TC_ACT_OK;
}

/* The last stage of the egress chain. */
SEC("tc")
int xsw_tc_txend(struct __sk_buff *skb)
{
	xsw_egress_end();
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
