/* SPDX-License-Identifier: GPL-2.0 */
/* The switch's forwarding database. */
#ifndef XSW_FDB_H
#define XSW_FDB_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "state.h"

/* Removes the entries of @port (all ports when 0); static ones too when
 * @all. Returns the number removed or -errno. */
int fdb_flush(struct xsw_switch *sw, __u32 port, bool all);
/* Sets the datapath's count of the MACs each port has learned (xsw_learned)
 * to what the FDB holds. 0 or -errno. */
int fdb_recount(struct xsw_switch *sw);
/* Tells xswd (if it runs) that the learned entries of @port (NULL: all) of
 * switch @sw were flushed: @entries of them (-1: not counted). */
void fdb_flushed_event(const char *sw, const char *port, int entries);
/* Steers @mac on @vlan (as the FDB keys it) to port @to for port @owner,
 * whose VF carries the MAC: a static entry that save skips. -EEXIST when
 * the operator has a static entry there (it stays); 0 or -errno. */
int fdb_steer(struct xsw_switch *sw, const __u8 mac[6], __u16 vlan, __u32 to, __u32 owner);
/* Removes what fdb_steer made for port @owner. */
void fdb_unsteer(struct xsw_switch *sw, __u32 owner);

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_fdb_args {
	const char *sw;
	const char *port;	/* add: the entry's port; show, flush: only its entries */
	uint8_t mac[6];		/* add, del */
	uint16_t vid;		/* add, del: 0 = untagged */
};

/* A MAC a static entry can have: a station's (not zero, multicast or
 * broadcast). */
int xsw_fdb_mac_check(const uint8_t mac[6]);
int xsw_fdb_add(const struct xsw_fdb_args *a);
int xsw_fdb_del(const struct xsw_fdb_args *a);
/* Removes learned entries (of a->port, if given). */
int xsw_fdb_flush(const struct xsw_fdb_args *a);
/* An array of entries, sorted by port and MAC. */
int xsw_fdb_show(const struct xsw_fdb_args *a, json_object **out);

#endif /* XSW_FDB_H */
