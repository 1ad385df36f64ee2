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
