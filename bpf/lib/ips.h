/* SPDX-License-Identifier: GPL-2.0 */
/* IP spoofing (allowed-ips, as OVN's port security): a port with a list
 * sends IPv4 and IPv6 only from its addresses, and claims no other in ARP or
 * in an ND advertisement. What a VM needs to get an address still passes:
 * DHCP from 0.0.0.0, ARP probes, IPv6 from :: (DAD, MLD) and from link-local
 * addresses (ND, DHCPv6), which MAC spoofing guards. */
#ifndef XSW_LIB_IPS_H
#define XSW_LIB_IPS_H

#include "xsw_maps.h"
#include "parse.h"

static __always_inline bool xsw_ip6_allowed(__u32 port, const __u8 *addr)
{
	struct xsw_ip_key k = { .prefixlen = 32 + 128, .port = port };

	/* link-local (fe80::/10) and unspecified (::) */
	if ((addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80) ||
	    !(*(__u64 *)addr | *(__u64 *)(addr + 8)))
		return true;
	__builtin_memcpy(k.addr, addr, 16);
	return bpf_map_lookup_elem(&xsw_allowed_ips, &k);
}

static __always_inline bool xsw_ip4_allowed(__u32 port, const __u8 *addr)
{
	struct xsw_ip_key k = { .prefixlen = 32 + 128, .port = port,
				.addr = { [10] = 0xff, [11] = 0xff } };

	__builtin_memcpy(k.addr + 12, addr, 4);
	return bpf_map_lookup_elem(&xsw_allowed_ips, &k);
}

/* A DHCP client's message from 0.0.0.0 (to UDP port 67). */
static __always_inline bool xsw_ip4_dhcp(const __u8 *ip, void *end)
{
	__u32 ihl = (ip[0] & 0xf) * 4;
	const __u8 *udp;

	if (ip[9] != 17 || ihl < 20 || ihl > 60)
		return false;
	udp = ip + ihl;
	return udp + 4 <= (__u8 *)end && udp[2] == 0 && udp[3] == 67;
}

static __always_inline int xsw_ip_check(const struct xsw_policy *pol, __u32 port,
					struct xsw_cursor *c, int proto)
{
	__u8 *p = c->pos, *end = c->end, *l4;

	if (!(pol->flags & XSW_POL_IPS))
		return 0;
	switch (proto) {
	case ETH_P_IP:
		if (p + 20 > end)
			return -XSW_DROP_MALFORMED;
		if (!*(__u32 *)(p + 12) && xsw_ip4_dhcp(p, end))
			return 0;
		return xsw_ip4_allowed(port, p + 12) ? 0 : -XSW_DROP_IP_SPOOFED;
	case 0x0806:	/* ARP for IPv4: the sender's address at byte 14 */
		if (p + 18 > end)
			return -XSW_DROP_MALFORMED;
		return !*(__u32 *)(p + 14) || xsw_ip4_allowed(port, p + 14) ? 0 :
		       -XSW_DROP_IP_SPOOFED;
	case ETH_P_IPV6:
		if (p + 40 > end)
			return -XSW_DROP_MALFORMED;
		if (!xsw_ip6_allowed(port, p + 8))
			return -XSW_DROP_IP_SPOOFED;
		/* a neighbour advertisement claims its target address */
		if (xsw_ipv6_upper(p, end, &l4) == IPPROTO_ICMPV6_ && l4 + 24 <= end &&
		    l4[0] == 136 && !xsw_ip6_allowed(port, l4 + 8))
			return -XSW_DROP_IP_SPOOFED;
		return 0;
	}
	return 0;
}

#endif /* XSW_LIB_IPS_H */
