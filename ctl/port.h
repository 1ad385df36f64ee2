/* SPDX-License-Identifier: GPL-2.0 */
/* Ports and their NICs: the lifecycle steps, shared by `port`, `nic` and
 * `switch` (which adds the uplink and host ports). */
#ifndef XSW_PORT_H
#define XSW_PORT_H

#include "lifecycle.h"
#include "state.h"

/* Runs one lifecycle step on port @name (create makes the port). NIC create
 * takes @dev, @mode and @nic_type (XSW_NIC_NONE: from the device's driver).
 * Each step completes or leaves the port as it was. */
int port_step(struct xsw_switch *sw, const char *name, enum xsw_step step,
	      const char *dev, int mode, int nic_type);
/* port create + NIC create + connect, undone as a whole on failure. */
int port_add(struct xsw_switch *sw, const char *name, const char *dev, int mode, int nic_type);
/* The remaining steps from wherever the port is to port delete. */
int port_del(struct xsw_switch *sw, const char *name);

const char *nic_type_name(int type);

#endif /* XSW_PORT_H */
