/* SPDX-License-Identifier: GPL-2.0 */
/* What is left of a switch, found without its maps (ctl/lib/foreign.c). */
#ifndef XSW_FOREIGN_H
#define XSW_FOREIGN_H

#include "state.h"

/* The head of switch @sw's xsw_config (XSW_CONFIG_HEAD bytes, the same in
 * every layout; the rest zero): 0 or a negative errno. */
int switch_head(struct xsw_switch *sw, struct xsw_config *head);
/* Detaches what is left of switch @sw on the devices: its pinned links, the
 * TC filters that run its programs (ports' IPv6 link-local addresses back). */
void switch_sweep(struct xsw_switch *sw);
/* Removes switch @sw of another layout, or damaged, whose config head is
 * @head (zero when unreadable): its
 * programs off every device of this namespace, its links, host vNIC and
 * pins; the uplink's addresses and the ports' IPv6 link-local addresses
 * back. */
int foreign_destroy(struct xsw_switch *sw, const struct xsw_config *head);

#endif /* XSW_FOREIGN_H */
