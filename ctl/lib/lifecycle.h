/* SPDX-License-Identifier: GPL-2.0 */
/* The port/NIC lifecycle of spec §2 as a transition table. */
#ifndef XSW_LIFECYCLE_H
#define XSW_LIFECYCLE_H

#include "xsw/abi.h"

enum xsw_step {
	XSW_STEP_PORT_CREATE,
	XSW_STEP_NIC_CREATE,
	XSW_STEP_NIC_CONNECT,
	XSW_STEP_NIC_DISCONNECT,
	XSW_STEP_NIC_DELETE,
	XSW_STEP_PORT_TEARDOWN,
	XSW_STEP_PORT_DELETE,
	XSW_STEP__MAX,
};

/* The state @step leads to from @from, or -EPERM when the step is out of
 * order there. Port delete leads to XSW_PORT_FREE. */
int xsw_step_next(enum xsw_port_state from, enum xsw_step step);

const char *xsw_state_name(enum xsw_port_state state);
const char *xsw_step_name(enum xsw_step step);

#endif /* XSW_LIFECYCLE_H */
