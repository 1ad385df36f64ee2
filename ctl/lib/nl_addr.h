/* SPDX-License-Identifier: GPL-2.0 */
/* A device's IP configuration over rtnetlink (ctl/lib/nl_addr.c). */
#ifndef XSW_NL_ADDR_H
#define XSW_NL_ADDR_H

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"

#define NL_IPCONF_MAX 32

struct nl_ipaddr {
	uint8_t family, prefixlen, scope;
	bool has_addr, has_brd;
	uint8_t addr[16], brd[16];
};

struct nl_iproute {
	uint8_t family, dst_len, protocol, scope;
	uint32_t flags;		/* RTNH_F_ONLINK */
	bool has_gw, has_prefsrc;
	uint8_t dst[16], gw[16], prefsrc[16];
	uint32_t priority;
};

/* What moves with a device's IP configuration: its addresses of global
 * scope and the routes of the main table through it that the kernel did not
 * make for an address (destination, gateway, preferred source, metric,
 * onlink). Addresses move as permanent ones: lifetimes and peers stay. */
struct nl_ipconf {
	unsigned int naddrs, nroutes;
	struct nl_ipaddr addrs[NL_IPCONF_MAX];
	struct nl_iproute routes[NL_IPCONF_MAX];
};

/* -E2BIG when the device has more than NL_IPCONF_MAX of either. */
int nl_ipconf_get(int ifindex, struct nl_ipconf *conf);
int nl_ipaddr_change(int ifindex, const struct nl_ipaddr *a, bool add);
int nl_iproute_change(int ifindex, const struct nl_iproute *r, bool add);
/* Off: no IPv6 link-local address on the device (address generation mode
 * none, and the address it had removed); on: the kernel's default mode. */
int nl_ipv6_ll(int ifindex, bool on);

#endif /* XSW_NL_ADDR_H */
