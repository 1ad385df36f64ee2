/* SPDX-License-Identifier: GPL-2.0 */
/* Port MTUs in the datapath (ctl/lib/mtu.c). */
#ifndef XSW_MTU_H
#define XSW_MTU_H

#include "nl.h"
#include "state.h"

/* Records the MTU of port @index on device @l: the smaller of @l's and its
 * veth peer's (reported). 0 or -errno. */
int port_mtu_set(struct xsw_switch *sw, __u32 index, const struct nl_link *l);

#endif /* XSW_MTU_H */
