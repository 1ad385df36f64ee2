/* SPDX-License-Identifier: GPL-2.0 */
/* Ethernet and 802.1Q/802.1ad header parsing over a bounds-checked cursor. */
#ifndef XSW_LIB_PARSE_H
#define XSW_LIB_PARSE_H

#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include "xsw/abi.h"

#define ETH_ALEN	6
#define ETH_HLEN	14
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88A8
#define VLAN_VID_MASK	0x0fff

struct xsw_cursor {
	void *pos;
	void *end;
};

struct xsw_vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

#define XSW_L2_MAX (ETH_HLEN + sizeof(struct xsw_vlan_hdr)) /* bytes the parser reads */

/* Parses the Ethernet header and, if present, a VLAN tag. *@vlan is the outer
 * VID: the caller may have set it from a tag the kernel already took out of
 * the frame (TC's skb->vlan_tci), and then the tag in the data is an inner one
 * and leaves it alone. Returns the next EtherType (host order) or
 * -XSW_DROP_MALFORMED. */
static __always_inline int xsw_parse_eth(struct xsw_cursor *c, struct ethhdr **eth,
					 __u16 *vlan)
{
	struct xsw_vlan_hdr *vh;
	struct ethhdr *e = c->pos;
	__u16 proto;

	if ((void *)(e + 1) > c->end)
		return -XSW_DROP_MALFORMED;
	c->pos = e + 1;
	*eth = e;
	proto = bpf_ntohs(e->h_proto);
	if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
		return proto;

	vh = c->pos;
	if ((void *)(vh + 1) > c->end)
		return -XSW_DROP_MALFORMED;
	c->pos = vh + 1;
	if (!*vlan)
		*vlan = bpf_ntohs(vh->tci) & VLAN_VID_MASK;
	return bpf_ntohs(vh->encap_proto);
}

#define IPPROTO_HOPOPTS_	0
#define IPPROTO_ROUTING_	43
#define IPPROTO_FRAGMENT_	44
#define IPPROTO_DSTOPTS_	60
#define IPPROTO_ICMPV6_		58
#define XSW_IPV6_EXT_MAX	4	/* extension headers walked */
/* the farthest an upper layer can be from the IPv6 header: 40 bytes, then
 * XSW_IPV6_EXT_MAX headers of at most 2 KB */
#define XSW_IPV6_UPPER_MAX	(40 + XSW_IPV6_EXT_MAX * 2048)

/* @p, a pointer into the frame at or after @base, as @base plus an offset
 * that the verifier knows only by its bounds (0..@max); NULL past @max.
 * Each path of a walk over variable-length headers reaches its end with a
 * pointer of its own; widened, the pointer is the same on all of them, and
 * the verifier checks what follows once instead of once per path. (To the
 * verifier a difference of two pointers is an unknown scalar; it takes
 * CAP_PERFMON, which root has.) */
static __always_inline __u8 *xsw_pkt_widen(__u8 *base, __u8 *p, __u32 max)
{
	__u64 off = p - base;

	asm volatile("" : "+r"(off));	/* not folded back into p */
	return off <= max ? base + off : NULL;
}

/* The upper layer of the IPv6 packet at @ip6, its extension headers walked:
 * its protocol, its header in *@l4; -1 for none to judge (a fragment other
 * than the first, a short packet, more extension headers than walked). */
static __always_inline int xsw_ipv6_upper(__u8 *ip6, void *end, __u8 **l4)
{
	__u8 *p = ip6 + 40, next;
	int i;

	if (p > (__u8 *)end)
		return -1;
	next = ip6[6];
	for (i = 0; i < XSW_IPV6_EXT_MAX; i++) {
		if (next == IPPROTO_FRAGMENT_) {
			if (p + 8 > (__u8 *)end)
				return -1;
			if ((p[2] << 8 | p[3]) & 0xfff8)
				return -1;	/* not the first fragment */
			next = p[0];
			p += 8;
		} else if (next == IPPROTO_HOPOPTS_ || next == IPPROTO_ROUTING_ ||
			   next == IPPROTO_DSTOPTS_) {
			if (p + 2 > (__u8 *)end)
				return -1;
			next = p[0];
			p += (p[1] + 1) * 8;
		} else {
			*l4 = xsw_pkt_widen(ip6, p, XSW_IPV6_UPPER_MAX);
			if (!*l4)
				return -1;
			return next;
		}
	}
	return -1;
}

static __always_inline bool xsw_proto_is_tag(int proto)
{
	return proto == ETH_P_8021Q || proto == ETH_P_8021AD;
}

static __always_inline bool xsw_mac_is_multicast(const __u8 *mac)
{
	return mac[0] & 1;
}

static __always_inline bool xsw_mac_is_broadcast(const __u8 *mac)
{
	return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

static __always_inline bool xsw_mac_is_zero(const __u8 *mac)
{
	return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

#endif /* XSW_LIB_PARSE_H */
