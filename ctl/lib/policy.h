/* SPDX-License-Identifier: GPL-2.0 */
/* Port policies (ctl/lib/policy.c). */
#ifndef XSW_POLICY_H
#define XSW_POLICY_H

#include <stdbool.h>

#include "state.h"

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_port_set_args {
	const char *sw;
	const char *port;
	bool has_dhcp_guard, dhcp_guard;	/* drop DHCP server messages the port sends */
	bool has_router_guard, router_guard;	/* drop router advertisements and redirects */
	bool has_storm_limit;
	__u32 storm_limit;	/* flooded frames a second, 0 = off */
	bool has_priority_tag, priority_tag;	/* keep the 802.1p priority of its frames */
	bool has_mac;
	__u8 mac[6];		/* the port's MAC; all zero: auto, the VM's */
	bool has_mac_spoofing, mac_spoofing;	/* may send from other MACs */
};

/* Changes the settings given; the others stay. */
int xsw_port_set(const struct xsw_port_set_args *a);

#endif /* XSW_POLICY_H */
