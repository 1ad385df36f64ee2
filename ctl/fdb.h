/* SPDX-License-Identifier: GPL-2.0 */
/* The switch's forwarding database. */
#ifndef XSW_FDB_H
#define XSW_FDB_H

#include <stdbool.h>

#include "state.h"

/* Removes the entries of @port (all ports when 0); static ones too when
 * @all. Returns the number removed or -errno. */
int fdb_flush(struct xsw_switch *sw, __u32 port, bool all);
/* Voids the datapath's memoized decisions (bpf/lib/pipeline.h): after any FDB
 * change. */
void fdb_changed(struct xsw_switch *sw);

#endif /* XSW_FDB_H */
