// SPDX-License-Identifier: GPL-2.0
/* What the kernel has of a port's NIC: the device by its ifindex (its name
 * now, up or down) and the port's programs on it. port show reports this,
 * never only what xsw did. */
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "nl.h"
#include "oper.h"
#include "port.h"

const char *port_oper_name(enum port_oper oper)
{
	static const char *const names[] = {
		[PORT_OPER_NONE] = "none", [PORT_OPER_UP] = "up", [PORT_OPER_DOWN] = "down",
		[PORT_OPER_GONE] = "gone", [PORT_OPER_DETACHED] = "detached",
		[PORT_OPER_ELSEWHERE] = "elsewhere",
	};

	return names[oper];
}

void port_oper(struct xsw_switch *sw, const struct xsw_port *p, struct port_oper_info *o)
{
	struct nl_link l;

	memset(o, 0, sizeof(*o));
	if (!p->ifindex || p->flags & XSW_PF_WAITING) {
		o->oper = PORT_OPER_NONE;
		return;
	}
	if (p->netns && p->netns != netns_self()) {
		o->oper = PORT_OPER_ELSEWHERE;
		snprintf(o->dev, sizeof(o->dev), "%s", p->dev);
		return;
	}
	/* a device moved to another namespace is gone from this one */
	if (nl_link_get_index(p->ifindex, -1, &l)) {
		o->oper = PORT_OPER_GONE;
		return;
	}
	snprintf(o->dev, sizeof(o->dev), "%s", l.name);
	if (!port_attached(sw, p, &o->missing))
		o->oper = PORT_OPER_DETACHED;
	else
		o->oper = l.up && l.running ? PORT_OPER_UP : PORT_OPER_DOWN;
}
