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

static __always_inline __u64 *xsw_fdb_gen_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xsw_fdb_gen, &zero);
}

/* A MAC is new or has moved: every CPU's memo is void. */
static __always_inline void xsw_fdb_changed(void)
{
	__u64 *gen = xsw_fdb_gen_get();

	if (gen)
		__sync_fetch_and_add(gen, 1);
}

/* The entry for @k: the LRU first, then the static map, whose entry is
 * cached back into the LRU when it was evicted. */
static __always_inline struct xsw_fdb_val *xsw_fdb_get(struct xsw_fdb_key *k)
{
	struct xsw_fdb_val *e = bpf_map_lookup_elem(&xsw_fdb, k);

	if (e)
		return e;
	e = bpf_map_lookup_elem(&xsw_fdb_static, k);
	if (e)
		bpf_map_update_elem(&xsw_fdb, k, e, BPF_ANY);
	return e;
}

/* A port with a learning limit takes one more MAC, if the limit allows. */
static __always_inline bool xsw_fdb_take(__u32 port, __u32 limit)
{
	__u32 *n;

	if (!limit || limit == ~0U)
		return true;
	n = bpf_map_lookup_elem(&xsw_learned, &port);
	if (!n || *n >= limit)
		return false;
	__sync_fetch_and_add(n, 1);
	return true;
}

/* An entry of @port moved away: one MAC less, if it counts them. */
static __always_inline void xsw_fdb_give(__u32 port)
{
	__u32 *n = bpf_map_lookup_elem(&xsw_learned, &port);

	if (n && *n)
		__sync_fetch_and_add(n, -1);
}

/* Learns that @mac on @vlan lives behind @port, which may learn @limit MACs
 * (0 or ~0: any number). Writes the map only when the entry is new, has moved, or
 * is stale (older than half the ageing time, so an active entry never
 * expires); static entries are never touched. */
static __always_inline void xsw_fdb_learn(const __u8 *mac, __u16 vlan, __u32 port, __u64 now,
					  __u64 ageing_ns, __u32 limit)
{
	struct xsw_fdb_val *e, v = { .port = port, .seen = xsw_fdb_tick(now) };
	struct xsw_fdb_key k;

	xsw_fdb_key(&k, mac, vlan);
	e = xsw_fdb_get(&k);
	if (e) {
		if (e->flags & XSW_FDB_STATIC)
			return;
		if (e->port == port) {
			if (xsw_fdb_age(e->seen, now) > (__s64)(ageing_ns / 2))
				e->seen = xsw_fdb_tick(now);
			return;
		}
	}
	if (!xsw_fdb_take(port, limit))
		return;
	if (e)
		xsw_fdb_give(e->port);
	bpf_map_update_elem(&xsw_fdb, &k, &v, BPF_ANY);
	xsw_fdb_changed();
}

/* Returns the port @mac on @vlan was last seen behind, or 0 when unknown or
 * aged out. */
static __always_inline __u32 xsw_fdb_lookup(const __u8 *mac, __u16 vlan, __u64 now,
					    __u64 ageing_ns)
{
	struct xsw_fdb_val *e;
	struct xsw_fdb_key k;

	xsw_fdb_key(&k, mac, vlan);
	e = xsw_fdb_get(&k);
	if (!e)
		return 0;
	if (!(e->flags & XSW_FDB_STATIC) && xsw_fdb_age(e->seen, now) > (__s64)ageing_ns)
		return 0;
	return e->port;
}

#endif /* XSW_LIB_FDB_H */
