/* SPDX-License-Identifier: GPL-2.0 */
/* Guards on what a port sends (Hyper-V's DhcpGuard and RouterGuard): DHCP
 * and DHCPv6 server messages, ICMP and ICMPv6 router advertisements and
 * redirects. IPv6 extension headers are walked to find the upper layer; a
 * fragment other than the first carries no header to judge and passes. */
#ifndef XSW_LIB_GUARD_H
#define XSW_LIB_GUARD_H

#include "parse.h"

#define IPPROTO_HOPOPTS_	0
#define IPPROTO_ROUTING_	43
#define IPPROTO_FRAGMENT_	44
#define IPPROTO_DSTOPTS_	60
#define IPPROTO_ICMPV6_		58
#define XSW_IPV6_EXT_MAX	4	/* extension headers walked */

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
	struct ipv6hdr *ip6 = c->pos;
	__u8 *p = (__u8 *)(ip6 + 1), next;
	int i;

	if ((void *)(ip6 + 1) > c->end)
		return 0;
	next = ip6->nexthdr;
	for (i = 0; i < XSW_IPV6_EXT_MAX; i++) {
		if (next == IPPROTO_FRAGMENT_) {
			if (p + 8 > (__u8 *)c->end)
				return 0;
			if ((p[2] << 8 | p[3]) & 0xfff8)
				return 0;	/* not the first fragment */
			next = p[0];
			p += 8;
		} else if (next == IPPROTO_HOPOPTS_ || next == IPPROTO_ROUTING_ ||
			   next == IPPROTO_DSTOPTS_) {
			if (p + 2 > (__u8 *)c->end)
				return 0;
			next = p[0];
			p += (p[1] + 1) * 8;
		} else {
			break;
		}
	}
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
