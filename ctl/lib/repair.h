/* SPDX-License-Identifier: GPL-2.0 */
/* What xswd does to a port when its device changes under it
 * (ctl/lib/repair.c). Each runs inside a call (xsw_begin, write). */
#ifndef XSW_REPAIR_H
#define XSW_REPAIR_H

#include <stdbool.h>

#include "state.h"

/* Port @index's device is gone (deleted, moved to another namespace, or
 * its ifindex taken by another device, which is left alone):
 * its NIC is disconnected and deleted (forwarding to it stops, its devmap
 * entries, learned FDB entries and leftovers go), and the port waits for a
 * device of the same name to come back, as `port add` under -batch makes
 * it: with the NIC's mode, type and state kept. */
int port_device_lost(struct xsw_switch *sw, __u32 index);
/* Attaches port @index's programs again: someone removed one. */
int port_reattach(struct xsw_switch *sw, __u32 index);
/* Port @index's device now has the name @dev. */
int port_renamed(struct xsw_switch *sw, __u32 index, const char *dev);
/* Port @index's device went down or up: frames to it are dropped and
 * counted (dst_down) while it is down. */
int port_set_down(struct xsw_switch *sw, __u32 index, bool down);

#endif /* XSW_REPAIR_H */
