// SPDX-License-Identifier: GPL-2.0
/* A forwarding extension: the switch becomes a hub. Every frame goes to
 * every connected port but its source, and nothing is learned. On egress it
 * keeps frames from reaching ports whose NIC is the host's (internal), so a
 * hub's traffic stays among the VMs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xsw/ext.h>

XSW_EXTENSION(XSW_EXT_FORWARD);

XSW_INGRESS(hub)
{
	xsw_fwd_flood(ctx);
	return XSW_PASS;
}

XSW_EGRESS(hub_out)
{
	const struct xsw_port *p = xsw_ext_port(ctx->pkt->dst_port);

	return p && p->nic_type == XSW_NIC_INTERNAL ? XSW_DROP : XSW_PASS;
}

char LICENSE[] SEC("license") = "GPL";
