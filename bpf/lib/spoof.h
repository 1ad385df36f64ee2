/* SPDX-License-Identifier: GPL-2.0 */
/* MAC spoofing (Hyper-V's MacAddressSpoofing off): a port that has a MAC
 * sends only from it. The Ethernet source, an ARP sender and the link-layer
 * address options of IPv6 neighbour discovery must all be the port's MAC, so
 * it can neither claim another port's MAC in the FDB nor in a neighbour's
 * cache. */
#ifndef XSW_LIB_SPOOF_H
#define XSW_LIB_SPOOF_H

#include "parse.h"
#include "fdb.h"

#define ETH_P_ARP		0x0806
#define XSW_ND_OPTS_MAX		3	/* ND options looked at */

/* One branch for six bytes: the verifier walks each branch of a frame's
 * checks separately. Unaligned loads are fine on the architectures XDP runs
 * on with packet data. */
static __always_inline bool xsw_mac_eq(const __u8 *a, const __u8 *b)
{
	return !((*(const __u32 *)a ^ *(const __u32 *)b) |
		 (*(const __u16 *)(a + 4) ^ *(const __u16 *)(b + 4)));
}

/* The link-layer address options (source 1, target 2) of an ND message
 * whose options start at @opts. */
static __always_inline int xsw_spoof_nd(const __u8 *mac, __u8 *opts, void *end)
{
	__u8 *p = opts;
	int i;

	for (i = 0; i < XSW_ND_OPTS_MAX; i++) {
		p = xsw_pkt_widen(opts, p, XSW_ND_OPTS_MAX * 255 * 8);
		if (!p || p + 8 > (__u8 *)end || !p[1])
			return 0;
		if ((p[0] == 1 || p[0] == 2) && p[1] == 1 && !xsw_mac_eq(p + 2, mac))
			return -XSW_DROP_MAC_SPOOFED;
		p += p[1] * 8;
	}
	return 0;
}

/* mac auto on a tap: the first source MAC port @port sends after connect
 * is its MAC, unless the FDB has it behind another port. */
static __always_inline int xsw_spoof_learn(struct xsw_policy *pol, __u32 port, __u16 vlan,
					   const __u8 *smac)
{
	__u32 owner = xsw_fdb_owner(smac, vlan, bpf_ktime_get_coarse_ns());

	if (owner && owner != port)
		return -XSW_DROP_MAC_SPOOFED;
	__builtin_memcpy(pol->mac, smac, ETH_ALEN);
	pol->flags |= XSW_POL_MAC;
	/* a flow another CPU's fast path has from another MAC is now spoofed */
	xsw_fdb_changed();
	return 0;
}

static __always_inline int xsw_spoof_check(struct xsw_policy *pol, __u32 port, __u16 vlan,
					   const __u8 *smac, struct xsw_cursor *c, int proto)
{
	__u8 *p = c->pos;

	if ((pol->flags & (XSW_POL_MAC_LEARN | XSW_POL_MAC)) == XSW_POL_MAC_LEARN &&
	    xsw_spoof_learn(pol, port, vlan, smac))
		return -XSW_DROP_MAC_SPOOFED;

	if ((pol->flags & (XSW_POL_MAC | XSW_POL_MAC_SPOOFING)) != XSW_POL_MAC)
		return 0;
	if (!xsw_mac_eq(smac, pol->mac))
		return -XSW_DROP_MAC_SPOOFED;
	/* ARP for Ethernet and IPv4: the sender's hardware address at byte 8 */
	if (proto == ETH_P_ARP)
		return p + 14 <= (__u8 *)c->end && !xsw_mac_eq(p + 8, pol->mac) ?
		       -XSW_DROP_MAC_SPOOFED : 0;
	/* ND, behind extension headers too */
	if (proto != ETH_P_IPV6 || xsw_ipv6_upper(p, c->end, &p) != IPPROTO_ICMPV6_ ||
	    p + 1 > (__u8 *)c->end)
		return 0;
	/* where the options start, behind the fixed part: one inlined loop */
	switch (p[0]) {
	case 133:	/* router solicitation */
		p += 8;
		break;
	case 134:	/* router advertisement */
		p += 16;
		break;
	case 135:	/* neighbour solicitation */
	case 136:	/* neighbour advertisement */
		p += 24;
		break;
	default:
		return 0;
	}
	return xsw_spoof_nd(pol->mac, p, c->end);
}

#endif /* XSW_LIB_SPOOF_H */
