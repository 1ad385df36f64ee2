/* SPDX-License-Identifier: GPL-2.0 */
/* Each VLAN's flood set (ctl/lib/vlanflood.c). */
#ifndef XSW_VLANFLOOD_H
#define XSW_VLANFLOOD_H

#include "state.h"

/* Makes xsw_vlan_flood hold, for each VLAN, the connected ports that may
 * take its frames; run after any change to a port's state or VLAN
 * settings. 0 or -errno (reported). */
int vlan_flood_sync(struct xsw_switch *sw);
/* The same after port @index connected or disconnected, when the switch has
 * VLAN flood sets or the port VLAN settings (else nothing to do). */
int vlan_flood_port(struct xsw_switch *sw, __u32 index);

#endif /* XSW_VLANFLOOD_H */
