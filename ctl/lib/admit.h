/* SPDX-License-Identifier: GPL-2.0 */
/* Which devices may become a port (ctl/lib/admit.c). */
#ifndef XSW_ADMIT_H
#define XSW_ADMIT_H

#include "nl.h"
#include "state.h"

/* 0 when device @l may become port @port of switch @sw (NULL: a new
 * switch's uplink); else refuses, naming why: the loopback, a bridge or bond
 * or one of their members, a port or host vNIC of any switch, a device
 * another port waits for (a device is told apart by its network namespace
 * too), a device with another tool's XDP or TC program. */
int dev_admit(const struct nl_link *l, const char *sw, const char *port);

#endif /* XSW_ADMIT_H */
