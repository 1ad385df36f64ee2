/* SPDX-License-Identifier: GPL-2.0 */
/* Ports and their NICs: the lifecycle steps, shared by the port and NIC
 * operations and the switch's own ports (uplink, host). */
#ifndef XSW_PORT_H
#define XSW_PORT_H

#include <json-c/json.h>

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

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_port_args {
	const char *sw;
	const char *port;	/* show: NULL for every port */
	const char *dev;	/* add, NIC create */
	int mode;		/* add, NIC create: enum xsw_mode, XSW_MODE_NONE = the device's default */
};

int xsw_port_add(const struct xsw_port_args *a);
int xsw_port_del(const struct xsw_port_args *a);
/* One lifecycle step: port create/teardown/delete, NIC create/connect/
 * disconnect/delete. */
int xsw_port_step(const struct xsw_port_args *a, enum xsw_step step);
/* An array of port objects. */
int xsw_port_show(const struct xsw_port_args *a, json_object **out);

#endif /* XSW_PORT_H */
