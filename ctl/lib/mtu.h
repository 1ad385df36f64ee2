/* SPDX-License-Identifier: GPL-2.0 */
/* Port MTUs in the datapath (ctl/lib/mtu.c). */
#ifndef XSW_MTU_H
#define XSW_MTU_H

#include "nl.h"
#include "state.h"

/* The MTU of a port on device @l: the smaller of @l's and its veth peer's. */
__u32 port_mtu_of(const struct nl_link *l);
/* Records it for port @index (reported). 0 or -errno. */
int port_mtu_set(struct xsw_switch *sw, __u32 index, const struct nl_link *l);

#endif /* XSW_MTU_H */
