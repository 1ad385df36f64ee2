/* SPDX-License-Identifier: GPL-2.0 */
/* The host vNIC of a switch (ctl/lib/hostvnic.c). */
#ifndef XSW_HOSTVNIC_H
#define XSW_HOSTVNIC_H

#include <stdbool.h>

#include "state.h"

/* A switch of config @cfg has a host vNIC. */
bool host_vnic_exists(const struct xsw_config *cfg);
/* The switch's end of switch @sw's host vNIC: "@sw-sw". */
void host_vnic_peer(const char *sw, char peer[XSW_NAME_LEN]);
/* Creates the pair, sets the host's end up and adds the switch's end as port
 * "host"; nothing is left on failure. Reports its own errors. */
int host_vnic_add(struct xsw_switch *sw);
/* Deleting the switch's end removes the pair wherever the host end went. */
void host_vnic_del(const char *sw);

/* External switches with host on: the uplink's addresses, routes and MAC
 * move to the host vNIC (as Hyper-V moves the host's configuration to its
 * management vNIC), and back when the switch goes. */
int host_vnic_take_ipconf(struct xsw_switch *sw);
void host_vnic_return_ipconf(struct xsw_switch *sw);
/* An uplink without a host vNIC must not carry addresses the host would
 * lose, unless @force. */
int uplink_ipconf_check(const char *uplink, bool force);

#endif /* XSW_HOSTVNIC_H */
