// SPDX-License-Identifier: GPL-2.0
/* XDP devmap program: the per-destination egress stage, run once for each
 * copy the xsw_tx devmap sends. The port table, not devmap membership, has
 * the last word on whether a port receives. */
#include "lib/pipeline.h"

SEC("xdp/devmap")
int xsw_xdp_tx(struct xdp_md *ctx)
{
	__u32 port = xsw_port_of_ifindex(ctx->egress_ifindex);

	if (!xsw_port_connected(port)) {
		xsw_count_drop(port, -XSW_DROP_DST_NOT_CONNECTED);
		return XDP_DROP;
	}
	xsw_egress(port, ctx->data_end - ctx->data);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
