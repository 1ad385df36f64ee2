// SPDX-License-Identifier: GPL-2.0
/* Built-in port ACLs (Hyper-V Add-VMNetworkAdapterAcl), a filter extension
 * in the built-in policy's place: on ingress the source port's "out" rules,
 * on egress the destination's "in" rules. IP rules first, the longest prefix
 * of the local or the remote address winning (deny on a tie); MAC rules when
 * no IP rule matches; no rule, allow. A meter rule allows and counts, as
 * every rule counts what it matched. Packets from the switch itself (port 0)
 * and mirror copies are not subject to ACLs. */
#include "xsw_maps.h"
#include "lib/parse.h"

XSW_EXTENSION(XSW_EXT_FILTER);

struct addrs {
	__u8 src[16];
	__u8 dst[16];
};

/* The packet's IP addresses, IPv4 mapped into IPv6. Returns 0 when it is
 * not IP. */
static __always_inline int ip_addrs(struct xsw_ext_ctx *ctx, struct addrs *a)
{
	__u16 proto = xsw_ext_proto(ctx);
	__u32 off = xsw_ext_l3_off(ctx);

	if (proto == ETH_P_IP) {
		__builtin_memset(a, 0, sizeof(*a));
		a->src[10] = a->src[11] = a->dst[10] = a->dst[11] = 0xff;
		/* saddr and daddr are bytes 12-19 of the IPv4 header */
		return !xsw_ext_load(ctx, off + 12, a->src + 12, 4) &&
		       !xsw_ext_load(ctx, off + 16, a->dst + 12, 4);
	}
	if (proto == ETH_P_IPV6)
		return !xsw_ext_load(ctx, off + 8, a, sizeof(*a));
	return 0;
}

static __always_inline struct xsw_acl_val *ip_rule(__u32 port, __u8 dir, __u8 side, const __u8 *addr)
{
	struct xsw_acl_ip_key k = {
		.prefixlen = XSW_ACL_KEY_BITS + 128, .port = port, .dir = dir, .side = side,
	};

	__builtin_memcpy(k.addr, addr, sizeof(k.addr));
	return bpf_map_lookup_elem(&xsw_acl_ip, &k);
}

static __always_inline struct xsw_acl_val *mac_rule(__u32 port, __u8 dir, __u8 side, const __u8 *mac)
{
	struct xsw_acl_mac_key k = { .port = port, .dir = dir, .side = side };

	__builtin_memcpy(k.mac, mac, ETH_ALEN);
	return bpf_map_lookup_elem(&xsw_acl_mac, &k);
}

/* Of two matches, the one that decides. */
static __always_inline struct xsw_acl_val *decide(struct xsw_acl_val *a, struct xsw_acl_val *b)
{
	if (!a || !b)
		return a ?: b;
	if (a->plen != b->plen)
		return a->plen > b->plen ? a : b;
	return a->action == XSW_ACL_DENY ? a : b;
}

static __always_inline int acl(struct xsw_ext_ctx *ctx, __u32 port, __u8 dir)
{
	const __u8 *eth = ctx->data, *local_mac, *remote_mac;
	struct xsw_acl_val *rule = NULL;
	struct xsw_acl_meter *m;
	struct addrs a;

	if (!port || (ctx->pkt->flags & XSW_PKT_MIRROR))
		return XSW_PASS;
	if (ip_addrs(ctx, &a))
		rule = decide(ip_rule(port, dir, XSW_ACL_LOCAL, dir == XSW_ACL_OUT ? a.src : a.dst),
			      ip_rule(port, dir, XSW_ACL_REMOTE, dir == XSW_ACL_OUT ? a.dst : a.src));
	if (!rule && (void *)(eth + 2 * ETH_ALEN) <= ctx->data_end) {
		local_mac = dir == XSW_ACL_OUT ? eth + ETH_ALEN : eth;
		remote_mac = dir == XSW_ACL_OUT ? eth : eth + ETH_ALEN;
		rule = decide(mac_rule(port, dir, XSW_ACL_LOCAL, local_mac),
			      mac_rule(port, dir, XSW_ACL_REMOTE, remote_mac));
	}
	if (!rule)
		return XSW_PASS;
	m = bpf_map_lookup_elem(&xsw_acl_meter, &rule->rule);
	if (m) {
		m->packets++;
		m->bytes += ctx->pkt->len;
	}
	ctx->drop_reason = XSW_DROP_ACL;
	return rule->action == XSW_ACL_DENY ? XSW_DROP : XSW_PASS;
}

XSW_INGRESS(acl_in)
{
	return acl(ctx, ctx->pkt->src_port, XSW_ACL_OUT);
}

XSW_EGRESS(acl_eg)
{
	return acl(ctx, ctx->pkt->dst_port, XSW_ACL_IN);
}

char LICENSE[] SEC("license") = "GPL";
