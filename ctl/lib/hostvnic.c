// SPDX-License-Identifier: GPL-2.0
/* The host vNIC of an internal switch, or an external one with host on
 * (Hyper-V's AllowManagementOS): a veth pair whose end named after the switch
 * is the host's, and whose end NAME-sw is the switch's port "host". */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hostvnic.h"
#include "nl.h"
#include "port.h"

bool host_vnic_exists(const struct xsw_config *cfg)
{
	return cfg->type == XSW_SWITCH_INTERNAL || (cfg->type == XSW_SWITCH_EXTERNAL && cfg->host);
}

void host_vnic_peer(const char *sw, char peer[XSW_NAME_LEN])
{
	snprintf(peer, XSW_NAME_LEN, "%s-sw", sw);
}

void host_vnic_del(const char *sw)
{
	char peer[XSW_NAME_LEN];
	struct nl_link l;

	host_vnic_peer(sw, peer);
	if (!nl_link_get(peer, &l))
		nl_link_del(l.ifindex);
}

int host_vnic_add(struct xsw_switch *sw)
{
	char peer[XSW_NAME_LEN];
	struct nl_link l;
	int err;

	host_vnic_peer(sw->name, peer);
	err = nl_veth_add(sw->name, peer);
	if (err)
		return p_err(-err, "cannot create the host vNIC \"%s\": %s", sw->name, xsw_strerror(err));
	err = nl_link_get(sw->name, &l);
	if (!err)
		err = nl_link_set_up(l.ifindex, true);
	if (err) {
		host_vnic_del(sw->name);
		return p_err(-err, "cannot set the host vNIC \"%s\" up: %s", sw->name, xsw_strerror(err));
	}
	err = port_add(sw, "host", peer, XSW_MODE_NONE, XSW_NIC_INTERNAL);
	if (err)
		host_vnic_del(sw->name);
	return err;
}

