/* SPDX-License-Identifier: GPL-2.0 */
/* SR-IOV virtual functions of a physical function (PF), configured over
 * rtnetlink: vf_nl.c builds and parses the messages, vf.c runs the
 * operations. */
#ifndef XSW_CTL_VF_H
#define XSW_CTL_VF_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>
#include <linux/types.h>

#include "nl.h"

#define VF_MAX 256		/* VFs of one PF xswctl reads */

/* One VF as the kernel reports it. -1: the driver does not say. */
struct vf_info {
	__u32 vf;
	__u8 mac[6];
	__u16 vlan;
	__u8 qos;
	__u16 vlan_proto;	/* ETH_P_8021Q or ETH_P_8021AD, host order */
	__u32 min_rate, max_rate;	/* Mbit/s, 0 for none */
	int spoofchk, trust;	/* 0, 1 or -1 */
	int link_state;		/* IFLA_VF_LINK_STATE_*, or -1 */
	bool has_stats;
	__u64 rx_packets, tx_packets, rx_bytes, tx_bytes, broadcast, multicast,
		rx_dropped, tx_dropped;
};

/* The settings one message changes: each is sent on its own, because the
 * kernel applies a combined message in part and stops at its first error. */
enum vf_attr {
	VF_MAC,
	VF_VLAN,	/* IFLA_VF_VLAN_LIST; IFLA_VF_VLAN when that is not taken */
	VF_RATE,
	VF_SPOOFCHK,
	VF_TRUST,
	VF_LINK_STATE,
	VF_ATTRS,
};

extern const char *const vf_attr_names[];	/* by enum vf_attr: "mac", "vlan", ... */
/* by IFLA_VF_LINK_STATE_*: "auto", "enable", "disable"; NULL-terminated */
extern const char *const vf_state_names[];

/* The VF counters: their name in vf show -j, IFLA_VF_STATS_* attribute and
 * place in struct vf_info. Ends with a NULL name. */
struct vf_counter {
	const char *name;
	int attr;
	size_t off;
};
extern const struct vf_counter vf_counters[];

/* The transport: nl_talk, replaced by the unit tests. */
extern int (*vf_nl_talk)(struct nlmsghdr *nlh,
			 int (*cb)(const struct nlmsghdr *nlh, void *data), void *data);

/* The VFs of PF @ifindex into @vfs, with their counters when @stats: how
 * many were listed, or -errno (-E2BIG: more than VF_MAX). *@num_vfs gets
 * the PF's count (IFLA_NUM_VF). */
int vf_nl_get(int ifindex, struct vf_info *vfs, unsigned int *num_vfs, bool stats);
/* Sets @attr of VF @v->vf of PF @ifindex to @v's value; @legacy_vlan sends
 * VF_VLAN as IFLA_VF_VLAN. 0 or -errno. */
int vf_nl_set(int ifindex, const struct vf_info *v, enum vf_attr attr, bool legacy_vlan);
/* Whether @attr of @a and @b agree. */
bool vf_attr_equal(const struct vf_info *a, const struct vf_info *b, enum vf_attr attr);

/* --- operations ------------------------------------------------------------ */

enum vf_state_arg { VF_STATE_KEEP, VF_STATE_AUTO, VF_STATE_ENABLE, VF_STATE_DISABLE };

struct xsw_vf_args {
	const char *pf;
	__u32 vf;
	bool has_vf;
	/* set: what was given */
	bool has_mac, has_vlan, has_qos, has_proto, has_rate, has_min, has_spoofchk, has_trust;
	__u8 mac[6];
	__u16 vlan;
	__u32 qos, max_rate, min_rate;
	int proto;		/* 0 802.1Q, 1 802.1ad */
	bool spoofchk, trust;
	int state;		/* enum vf_state_arg */
	__u32 num;		/* numvfs */
};

/* An array of VFs: {"pf", "vf", "mac", "vlan", "qos", "vlan_proto", "rate":
 * {"max", "min"}, "spoofchk", "trust", "state", "stats"}. */
int xsw_vf_show(const struct xsw_vf_args *a, json_object **out);
/* Whether device @pf is an SR-IOV PF (has sriov_numvfs). */
bool vf_pf_has_sriov(const char *pf);
/* The VFs of @pf into @vfs: how many are listed, or -errno, reported.
 * *@num gets the PF's VF count. */
int vf_list(const char *pf, struct vf_info *vfs, unsigned int *num);
int xsw_vf_set(const struct xsw_vf_args *a);
int xsw_vf_numvfs(const struct xsw_vf_args *a);

#endif /* XSW_CTL_VF_H */
