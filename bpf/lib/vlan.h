/* SPDX-License-Identifier: GPL-2.0 */
/* 802.1Q tags of the frames a port sends: their 802.1p priority. */
#ifndef XSW_LIB_VLAN_H
#define XSW_LIB_VLAN_H

#include "xsw_maps.h"
#include "parse.h"

#define XSW_PCP_MASK 0xe000	/* 802.1p priority bits of a TCI */

/* Whether port @port keeps the 802.1p priority of the tagged frames it
 * sends: the uplink and the host vNIC do, a VM's port only with
 * priority-tag on. Asked only of a frame that has a priority. */
static __always_inline bool xsw_prio_trusted(__u32 port)
{
	struct xsw_port *p = bpf_map_lookup_elem(&xsw_ports, &port);
	struct xsw_policy *pol;

	if (p && (p->nic_type == XSW_NIC_EXTERNAL || p->nic_type == XSW_NIC_INTERNAL))
		return true;
	if (!p || !p->policy)
		return false;
	pol = bpf_map_lookup_elem(&xsw_policy, &port);
	return pol && (pol->flags & XSW_POL_PRIO_TRUST);
}

/* XDP: the outer tag is in the frame; its priority goes to 0 unless the
 * port is trusted (Hyper-V's IeeePriorityTag off, the default). */
static __always_inline void xsw_prio_reset_xdp(__u32 port, __u16 vlan, void *data, void *end)
{
	struct ethhdr *eth = data;
	struct xsw_vlan_hdr *vh = (void *)(eth + 1);

	if ((void *)(vh + 1) > end || !vlan ||
	    (eth->h_proto != bpf_htons(ETH_P_8021Q) && eth->h_proto != bpf_htons(ETH_P_8021AD)))
		return;
	if ((vh->tci & bpf_htons(XSW_PCP_MASK)) && !xsw_prio_trusted(port))
		vh->tci &= bpf_htons(~XSW_PCP_MASK);
}

#endif /* XSW_LIB_VLAN_H */
