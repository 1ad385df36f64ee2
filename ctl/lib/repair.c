// SPDX-License-Identifier: GPL-2.0
/* Repairs (repair.h): the lifecycle steps a port takes when its device
 * changes outside xsw, as xswd sees it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "port.h"
#include "repair.h"

int port_device_lost(struct xsw_switch *sw, __u32 index)
{
	struct xsw_port p, was;
	int err = port_get(sw, index, &was);

	if (err)
		return err;
	/* the device at its ifindex, if any, is not the port's: nothing of it
	 * is put back (link state, peer features, IPv6 link-local) */
	p = was;
	p.flags &= ~(XSW_PF_LINK_SET_UP | XSW_PF_PEER_GRO_SET | XSW_PF_PEER_CSUM_SET |
		     XSW_PF_LL_OFF);
	err = port_put(sw, index, &p);
	if (err)
		return err;
	if (was.state == XSW_PORT_NIC_CONNECTED)
		err = port_step(sw, was.name, XSW_STEP_NIC_DISCONNECT, NULL, 0, 0);
	if (!err)
		err = port_step(sw, was.name, XSW_STEP_NIC_DELETE, NULL, 0, 0);
	if (!err)
		err = port_get(sw, index, &p);
	if (err)
		return err;
	p.state = XSW_PORT_CREATED;
	p.flags = XSW_PF_WAITING;
	p.mode = was.mode;
	p.nic_type = was.nic_type;
	p.want = was.state;
	p.netns = was.netns;
	memcpy(p.dev, was.dev, sizeof(p.dev));
	err = port_put(sw, index, &p);
	if (err)
		return p_err(-err, "cannot record port \"%s\": %s", p.name, xsw_strerror(err));
	return 0;
}

int port_reattach(struct xsw_switch *sw, __u32 index)
{
	struct xsw_port p;
	int err = port_get(sw, index, &p);

	if (err)
		return err;
	/* whatever is left goes, then all of it again: all or nothing (the
	 * detach gives up the qdisc it owned, if it destroyed it) */
	port_detach(sw, &p);
	p.flags &= ~XSW_PF_XDP_GENERIC;
	err = port_attach(sw, &p);
	if (!err)
		err = port_put(sw, index, &p);
	return err;
}

int port_renamed(struct xsw_switch *sw, __u32 index, const char *dev)
{
	struct xsw_port p;
	int err = port_get(sw, index, &p);

	if (err)
		return err;
	snprintf(p.dev, sizeof(p.dev), "%s", dev);
	return port_put(sw, index, &p);
}

int port_set_down(struct xsw_switch *sw, __u32 index, bool down)
{
	struct xsw_port p;
	int err = port_get(sw, index, &p);

	if (err)
		return err;
	p.down = down;
	return port_put(sw, index, &p);
}
