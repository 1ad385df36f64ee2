/* SPDX-License-Identifier: GPL-2.0 */
/* Offload settings at the far end of a veth port, which may live in another
 * network namespace (a VM's or container's). */
#ifndef XSW_PEER_H
#define XSW_PEER_H

#include <stdbool.h>

#include "nl.h"

enum peer_feature { PEER_GRO, PEER_TX_CSUM };

/* Sets a feature of @dev's veth peer to @on; the old value goes to *@was. Returns 0, -ENOENT when @dev has no peer, -ESRCH when the peer's
 * namespace cannot be found (not in /run/netns, no process in it), or -errno. */
int peer_feature(const struct nl_link *dev, enum peer_feature f, bool on, bool *was);

#endif /* XSW_PEER_H */
