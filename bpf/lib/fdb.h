/* SPDX-License-Identifier: GPL-2.0 */
/* The learning switch's forwarding database: (MAC, VLAN) -> port. */
#ifndef XSW_LIB_FDB_H
#define XSW_LIB_FDB_H

#include "xsw_maps.h"
#include "parse.h"

static __always_inline void xsw_fdb_key(struct xsw_fdb_key *k, const __u8 *mac, __u16 vlan)
{
	__builtin_memcpy(k->mac, mac, ETH_ALEN);
	k->vlan = vlan;
}

/* Learns that @mac on @vlan lives behind @port. Writes the map only when the
 * entry is new or has moved; a live entry gets its timestamp refreshed in
 * place at most once every XSW_FDB_REFRESH_NS. Static entries are never
 * touched. */
static __always_inline void xsw_fdb_learn(const __u8 *mac, __u16 vlan, __u32 port, __u64 now)
{
	struct xsw_fdb_val *e, v = { .port = port, .seen_ns = now };
	struct xsw_fdb_key k;

	xsw_fdb_key(&k, mac, vlan);
	e = bpf_map_lookup_elem(&xsw_fdb, &k);
	if (e) {
		if (e->flags & XSW_FDB_STATIC)
			return;
		if (e->port == port) {
			if (now - e->seen_ns > XSW_FDB_REFRESH_NS)
				e->seen_ns = now;
			return;
		}
	}
	bpf_map_update_elem(&xsw_fdb, &k, &v, BPF_ANY);
}

/* Returns the port @mac on @vlan was last seen behind, or 0 when unknown or
 * aged out. */
static __always_inline __u32 xsw_fdb_lookup(const __u8 *mac, __u16 vlan, __u64 now,
					    __u64 ageing_ns)
{
	struct xsw_fdb_val *e;
	struct xsw_fdb_key k;

	xsw_fdb_key(&k, mac, vlan);
	e = bpf_map_lookup_elem(&xsw_fdb, &k);
	if (!e)
		return 0;
	if (!(e->flags & XSW_FDB_STATIC) && now - e->seen_ns > ageing_ns)
		return 0;
	return e->port;
}

#endif /* XSW_LIB_FDB_H */
