/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel has of a port's NIC, whatever happened to it outside xsw
 * (ctl/lib/oper.c). */
#ifndef XSW_OPER_H
#define XSW_OPER_H

#include <net/if.h>

#include "state.h"

enum port_oper {
	PORT_OPER_NONE,		/* no device bound to the port */
	PORT_OPER_UP,		/* its device is up with a carrier, its programs attached */
	PORT_OPER_DOWN,		/* its device is down, or has no carrier */
	PORT_OPER_GONE,		/* its device was deleted or moved to another namespace */
	PORT_OPER_DETACHED,	/* one of its programs was removed from the device */
	PORT_OPER_ELSEWHERE,	/* its device is in another namespace: seen from there only */
};

struct port_oper_info {
	enum port_oper oper;
	char dev[IF_NAMESIZE];	/* the device's name now ("" when gone) */
	const char *missing;	/* PORT_OPER_DETACHED: the program that is not there */
};

/* Looks at port @p's device and programs. */
void port_oper(struct xsw_switch *sw, const struct xsw_port *p, struct port_oper_info *o);
const char *port_oper_name(enum port_oper oper);

#endif /* XSW_OPER_H */
