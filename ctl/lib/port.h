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
/* The port's lifecycle state, or "waiting". */
const char *port_state_name(const struct xsw_port *p);
/* The MAC of the VM behind port @p: the far end of a veth (*@exact), else
 * the device's own. 0 or -errno. */
int port_vm_mac(const struct xsw_port *p, __u8 mac[6], bool *exact);
/* 0 when the port has no device or its device is in this process's network
 * namespace; else refuses, naming the namespace to run xswctl in. */
int port_here(const struct xsw_port *p);
/* "xdp", "xdp-generic", "tc" or "none". */
const char *port_mode_name(const struct xsw_port *p);
/* The NIC types an operator may give (the guest's device decides, which xsw
 * cannot see): names and their enum xsw_nic_type. */
extern const char *const port_nic_types[];
extern const int port_nic_type_values[];

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_port_args {
	const char *sw;
	const char *port;	/* show: NULL for every port */
	const char *dev;	/* add, NIC create */
	int mode;		/* add, NIC create: enum xsw_mode, XSW_MODE_NONE = the device's default */
	int nic_type;		/* add, NIC create: enum xsw_nic_type, XSW_NIC_NONE = from the driver */
	int state;		/* add: connected (0 too), nic-created or disconnected;
				   create: created (0 too), nic-deleted or teardown */
};

/* Port create, NIC create and the steps to a->state, undone as a whole on
 * failure. Completes a port that waits for a->dev, once it exists. Under
 * apply, a port whose device does not exist yet is created waiting for it. */
int xsw_port_add(const struct xsw_port_args *a);
/* Port create, and the step to a->state. */
int xsw_port_create(const struct xsw_port_args *a);
int xsw_port_del(const struct xsw_port_args *a);
/* One lifecycle step: port create/teardown/delete, NIC create/connect/
 * disconnect/delete. */
int xsw_port_step(const struct xsw_port_args *a, enum xsw_step step);
/* An array of port objects. */
int xsw_port_show(const struct xsw_port_args *a, json_object **out);

#endif /* XSW_PORT_H */
