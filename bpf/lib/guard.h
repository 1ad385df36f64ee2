/* SPDX-License-Identifier: GPL-2.0 */
/* Guards on what a port sends (Hyper-V's DhcpGuard and RouterGuard): DHCP
 * and DHCPv6 server messages, ICMP and ICMPv6 router advertisements and
 * redirects. IPv6 extension headers are walked to find the upper layer; a
 * fragment other than the first carries no header to judge and passes. */
#ifndef XSW_LIB_GUARD_H
#define XSW_LIB_GUARD_H

#include "parse.h"


struct xsw_udp_bootp {
	struct udphdr udp;
	__u8 op;		/* BOOTP op / DHCPv6 msg-type: the first payload byte */
};

static __always_inline int xsw_guard_udp(__u32 guards, struct xsw_udp_bootp *u, void *end,
					 bool v6)
{
	/* the struct is padded: check up to the byte read, no further */
	if (!(guards & XSW_GUARD_DHCP) || (void *)&u->op + 1 > end)
		return 0;
	/* DHCPv4 BOOTREPLY from the server port */
	if (!v6 && u->udp.source == bpf_htons(67) && u->op == 2)
		return -XSW_DROP_DHCP_GUARD;
	/* DHCPv6 ADVERTISE, REPLY, RECONFIGURE, RELAY-REPL from the server port */
	if (v6 && u->udp.source == bpf_htons(547) &&
	    (u->op == 2 || u->op == 7 || u->op == 10 || u->op == 13))
		return -XSW_DROP_DHCP_GUARD;
	return 0;
}

static __always_inline int xsw_guard_v4(__u32 guards, struct xsw_cursor *c)
{
	struct iphdr *ip = c->pos;
	__u8 *l4;

	if ((void *)(ip + 1) > c->end || ip->ihl < 5)
		return 0;
	if (ip->frag_off & bpf_htons(0x1fff))
		return 0;	/* not the first fragment */
	l4 = (__u8 *)ip + ip->ihl * 4;
	if (ip->protocol == IPPROTO_UDP)
		return xsw_guard_udp(guards, (void *)l4, c->end, false);
	/* ICMP redirect (5) and router advertisement (9) */
	if (ip->protocol == IPPROTO_ICMP && (guards & XSW_GUARD_ROUTER) && l4 + 1 <= (__u8 *)c->end &&
	    (*l4 == 5 || *l4 == 9))
		return -XSW_DROP_ROUTER_GUARD;
	return 0;
}

static __always_inline int xsw_guard_v6(__u32 guards, struct xsw_cursor *c)
{
	__u8 *p;
	int next = xsw_ipv6_upper(c->pos, c->end, &p);

	if (next == IPPROTO_UDP)
		return xsw_guard_udp(guards, (void *)p, c->end, true);
	/* ICMPv6 router advertisement (134) and redirect (137) */
	if (next == IPPROTO_ICMPV6_ && (guards & XSW_GUARD_ROUTER) && p + 1 <= (__u8 *)c->end &&
	    (*p == 134 || *p == 137))
		return -XSW_DROP_ROUTER_GUARD;
	return 0;
}

/* 0, or the drop reason of a frame @guards forbid; @c is past the L2 header
 * whose next protocol is @proto. */
static __always_inline int xsw_guard(__u32 guards, struct xsw_cursor *c, int proto)
{
	if (!guards)
		return 0;
	if (proto == ETH_P_IP)
		return xsw_guard_v4(guards, c);
	if (proto == ETH_P_IPV6)
		return xsw_guard_v6(guards, c);
	return 0;
}

#endif /* XSW_LIB_GUARD_H */
