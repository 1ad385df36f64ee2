// SPDX-License-Identifier: GPL-2.0
/* Port/NIC lifecycle: port create -> NIC create -> NIC connect -> NIC
 * disconnect -> NIC delete -> port teardown -> port delete. A port may live
 * and die without a NIC, a NIC that never connected may be deleted, and a new
 * NIC may be created on a port whose NIC was deleted (spec §2). */
#include <errno.h>

#include "lifecycle.h"
#include "util.h"

static const struct {
	enum xsw_port_state from;
	enum xsw_step step;
	enum xsw_port_state to;
} transitions[] = {
	{ XSW_PORT_FREE,		XSW_STEP_PORT_CREATE,	 XSW_PORT_CREATED },
	{ XSW_PORT_CREATED,		XSW_STEP_NIC_CREATE,	 XSW_PORT_NIC_CREATED },
	{ XSW_PORT_NIC_DELETED,		XSW_STEP_NIC_CREATE,	 XSW_PORT_NIC_CREATED },
	{ XSW_PORT_NIC_CREATED,		XSW_STEP_NIC_CONNECT,	 XSW_PORT_NIC_CONNECTED },
	{ XSW_PORT_NIC_CONNECTED,	XSW_STEP_NIC_DISCONNECT, XSW_PORT_NIC_DISCONNECTED },
	{ XSW_PORT_NIC_DISCONNECTED,	XSW_STEP_NIC_DELETE,	 XSW_PORT_NIC_DELETED },
	{ XSW_PORT_NIC_CREATED,		XSW_STEP_NIC_DELETE,	 XSW_PORT_NIC_DELETED },
	{ XSW_PORT_CREATED,		XSW_STEP_PORT_TEARDOWN,	 XSW_PORT_TEARDOWN },
	{ XSW_PORT_NIC_DELETED,		XSW_STEP_PORT_TEARDOWN,	 XSW_PORT_TEARDOWN },
	{ XSW_PORT_TEARDOWN,		XSW_STEP_PORT_DELETE,	 XSW_PORT_FREE },
};

int xsw_step_next(enum xsw_port_state from, enum xsw_step step)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(transitions); i++)
		if (transitions[i].from == from && transitions[i].step == step)
			return transitions[i].to;
	return -EPERM;
}

const char *xsw_state_name(enum xsw_port_state state)
{
	static const char *const names[] = {
		[XSW_PORT_FREE]			= "none",
		[XSW_PORT_CREATED]		= "created",
		[XSW_PORT_NIC_CREATED]		= "nic-created",
		[XSW_PORT_NIC_CONNECTED]	= "connected",
		[XSW_PORT_NIC_DISCONNECTED]	= "disconnected",
		[XSW_PORT_NIC_DELETED]		= "nic-deleted",
		[XSW_PORT_TEARDOWN]		= "teardown",
	};
	_Static_assert(ARRAY_SIZE(names) == XSW_PORT_STATE__MAX, "state names");

	return (unsigned int)state < ARRAY_SIZE(names) ? names[state] : "?";
}

const char *xsw_step_name(enum xsw_step step)
{
	static const char *const names[] = {
		[XSW_STEP_PORT_CREATE]		= "port create",
		[XSW_STEP_NIC_CREATE]		= "nic create",
		[XSW_STEP_NIC_CONNECT]		= "nic connect",
		[XSW_STEP_NIC_DISCONNECT]	= "nic disconnect",
		[XSW_STEP_NIC_DELETE]		= "nic delete",
		[XSW_STEP_PORT_TEARDOWN]	= "port teardown",
		[XSW_STEP_PORT_DELETE]		= "port delete",
	};
	_Static_assert(ARRAY_SIZE(names) == XSW_STEP__MAX, "step names");

	return (unsigned int)step < ARRAY_SIZE(names) ? names[step] : "?";
}
