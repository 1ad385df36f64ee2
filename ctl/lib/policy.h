/* SPDX-License-Identifier: GPL-2.0 */
/* Port policies (ctl/lib/policy.c). */
#ifndef XSW_POLICY_H
#define XSW_POLICY_H

#include <stdbool.h>

#include "state.h"
#include "util.h"

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
	const char *allowed_ips;	/* IPLIST or "any"; NULL: not given */
	bool has_learning_limit;
	__u32 learning_limit;	/* MACs it may learn, 0 = any number */
	/* vlan: the VLAN setting, all of it at once */
	bool has_vlan;
	int vlan_mode;		/* enum xsw_vlan_mode */
	bool vlan_flag;		/* (the parser's: vlan trunk, vlan untagged) */
	__u16 vid;		/* access: the VLAN */
	bool has_allowed;
	struct vids allowed;	/* trunk */
	bool has_native;
	__u16 native;
	bool has_prune;
	struct vids prune;
	int pvlan;		/* private: enum xsw_pvlan */
	bool has_primary, has_secondary, has_secondaries;
	__u16 primary, secondary;
	struct vids secondaries;	/* promiscuous */
	bool has_iov_weight;
	__u32 iov_weight;	/* 0 = no VF, 1-100: the port takes a VF of the uplink */
	bool iov_force;		/* ... although it bypasses some of the port's policy */
};

/* Changes the settings given; the others stay. */
int xsw_port_set(const struct xsw_port_set_args *a);

/* A port whose MAC it learns (mac auto on a tap) forgets it: the next NIC
 * connected may be another VM. */
void policy_mac_forget(struct xsw_switch *sw, __u32 index, struct xsw_port *p);

/* The policy of port @index into @pol. 0 or -errno. */
int policy_get(struct xsw_switch *sw, __u32 index, struct xsw_policy *pol);

/* Writes the iov setting of port @index's policy (the rest stays). 0 or
 * -errno, reported. */
int policy_iov_put(struct xsw_switch *sw, __u32 index, const struct xsw_iov *iov);

/* Rules across the VLAN arguments of @a (reported). 0 or -EINVAL. */
int xsw_port_set_vlan_check(const struct xsw_port_set_args *a);

/* The FDB's VLAN of a frame port @index sends with a tag of @vid (0: none):
 * the VLAN its settings put it in (bpf/lib/vlan.h). */
__u16 policy_fdb_vlan(struct xsw_switch *sw, __u32 index, __u16 vid);

/* Some port of @sw has a VLAN setting. */
bool policy_vlans_used(struct xsw_switch *sw);

#endif /* XSW_POLICY_H */
