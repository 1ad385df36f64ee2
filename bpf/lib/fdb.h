/* SPDX-License-Identifier: GPL-2.0 */
/* The learning switch's forwarding database: (MAC, VLAN) -> port, in the
 * set-associative table xsw_fdb (include/xsw/abi.h), with the operator's
 * static entries in xsw_fdb_static.
 *
 * Every CPU reads and writes the table at once, without locks:
 *   - a reader takes a slot's key and value once each (volatile loads) and
 *     uses only the value whose check bits match the key;
 *   - a writer of a new entry claims a slot by swapping the key it saw for
 *     XSW_FDB_BUSY, writes the value, then the key: two CPUs never share a
 *     slot, and the one whose claim fails leaves it;
 *   - a writer of a value (refresh, move) swaps the value it saw: a slot
 *     given to another MAC meanwhile is left alone;
 *   - two CPUs that learn one new MAC at once may each claim a slot for it;
 *     after its claim, each looks again and frees the later slot of the two
 *     (the swaps are full barriers: at least one of them sees the other's). */
#ifndef XSW_LIB_FDB_H
#define XSW_LIB_FDB_H

#include "xsw_maps.h"
#include "parse.h"

#define XSW_FDB_PORT(v)	  ((__u32)(v) & 0xfff)
#define XSW_FDB_FLAGS(v)  ((__u32)((v) >> 12) & 0xf)
#define XSW_FDB_SEEN(v)	  ((__u32)((v) >> 32))
#define XSW_READ(x)	  (*(volatile __u64 *)&(x))

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

/* Tells xswd what changed in the FDB; a full ring (nobody reading) loses
 * the event, never the frame. */
static __always_inline void xsw_fdb_event(__u8 type, __u64 key, __u32 port, __u32 from)
{
#ifndef XSW_LAYOUT_OLD
	struct xsw_fdb_event ev = { .key = key, .port = port, .from = from, .type = type };

	bpf_ringbuf_output(&xsw_events, &ev, sizeof(ev), 0);
#endif
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

/* An entry of @port moved away or was dropped: one MAC less, if it counts
 * them. */
static __always_inline void xsw_fdb_give(__u32 port)
{
	__u32 *n = bpf_map_lookup_elem(&xsw_learned, &port);

	if (n && *n)
		__sync_fetch_and_add(n, -1);
}

/* An entry's value: expired when older than @ageing_ns, or stamped more than
 * a tick after @now (its tick wrapped: idle for years). */
static __always_inline bool xsw_fdb_expired(__u64 v, __u64 now, __u64 ageing_ns)
{
	__s64 age = xsw_fdb_age(XSW_FDB_SEEN(v), now);

	return !(XSW_FDB_FLAGS(v) & XSW_FDB_STATIC) &&
	       (age > (__s64)ageing_ns || age < -(1LL << XSW_FDB_TICK_SHIFT));
}

/* @mac (in a frame: unaligned) and @vlan in one scalar: the MAC in the low
 * six bytes, the VLAN in the top two */
static __always_inline __u64 xsw_mac_vlan(const __u8 *mac, __u16 vlan)
{
	return (__u64)vlan << 48 | (__u64)*(const __u16 *)(mac + 4) << 32 | *(const __u32 *)mac;
}

/* xsw_fdb_slot_key() in two loads: the MAC is in a frame, which the
 * datapath reads unaligned (x86, little-endian) */
static __always_inline __u64 xsw_fdb_pkt_key(const __u8 *mac, __u16 vlan)
{
	_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "slot keys are little-endian");
	return XSW_FDB_VALID | xsw_mac_vlan(mac, vlan & XSW_FDB_KEY_VLAN);
}

/* Where (@mac, @vlan) lives: a bucket, with the slot key and check bits in
 * @key and @check. NULL when the switch has no configuration. */
static __always_inline struct xsw_fdb_bucket *xsw_fdb_bucket(const __u8 *mac, __u16 vlan,
							     __u64 *key, __u64 *check)
{
	__u32 zero = 0, i;
	struct xsw_config *cfg = bpf_map_lookup_elem(&xsw_config, &zero);
	__u64 h;

	if (!cfg)
		return NULL;
	*key = xsw_fdb_pkt_key(mac, vlan);
	h = xsw_fdb_hash(*key, cfg->fdb_seed);
	*check = xsw_fdb_check(h);
	i = h & cfg->fdb_mask;
	return bpf_map_lookup_elem(&xsw_fdb, &i);
}

/* The slot of @key in @b, its value (read once, checked) in *@val; NULL when
 * there is none. */
static __always_inline struct xsw_fdb_slot *xsw_fdb_find(struct xsw_fdb_bucket *b, __u64 key,
							 __u64 check, __u64 *val)
{
	__u64 v;
	int i;

#pragma unroll
	for (i = 0; i < XSW_FDB_WAYS; i++) {
		if (XSW_READ(b->slot[i].key) != key)
			continue;
		v = XSW_READ(b->slot[i].val);
		if (!xsw_fdb_slot_match(v, check))
			continue;
		*val = v;
		return &b->slot[i];
	}
	return NULL;
}

/* Frees slot @s if it still holds @key; a learned entry's port has one MAC
 * less. Whether it did. */
static __always_inline bool xsw_fdb_free(struct xsw_fdb_slot *s, __u64 key, __u64 val)
{
	if (__sync_val_compare_and_swap(&s->key, key, 0) != key)
		return false;
	if (!(XSW_FDB_FLAGS(val) & XSW_FDB_STATIC))
		xsw_fdb_give(XSW_FDB_PORT(val));
	return true;
}

/* After a claim of a slot for @key: another CPU's claim of another slot for
 * it too. Of the two, the later slot goes. */
static __always_inline void xsw_fdb_dedup(struct xsw_fdb_bucket *b, __u64 key)
{
	struct xsw_fdb_slot *first = NULL;
	int i;

#pragma unroll
	for (i = 0; i < XSW_FDB_WAYS; i++) {
		struct xsw_fdb_slot *s = &b->slot[i];

		if (XSW_READ(s->key) != key)
			continue;
		if (first) {
			xsw_fdb_free(s, key, XSW_READ(s->val));
			return;
		}
		first = s;
	}
}

/* Puts the entry @key, @val in bucket @b: in an empty slot, else in place of
 * its oldest learned entry, whose port has one MAC less. NULL when every
 * slot holds a static entry or another CPU took the slot first. */
static __always_inline struct xsw_fdb_slot *xsw_fdb_put(struct xsw_fdb_bucket *b, __u64 key,
							__u64 val, __u32 tick)
{
	struct xsw_fdb_slot *victim = NULL;
	__u64 vkey = 0, vval = 0;
	__s32 oldest = 0, age;
	int i;

#pragma unroll
	for (i = 0; i < XSW_FDB_WAYS; i++) {
		__u64 k = XSW_READ(b->slot[i].key), v;

		if (!k) {
			victim = &b->slot[i];
			vkey = 0;
			break;
		}
		v = XSW_READ(b->slot[i].val);
		if (k == XSW_FDB_BUSY || (XSW_FDB_FLAGS(v) & XSW_FDB_STATIC))
			continue;
		age = (__s32)(tick - XSW_FDB_SEEN(v));
		if (!victim || age > oldest) {
			victim = &b->slot[i];
			vkey = k;
			vval = v;
			oldest = age;
		}
	}
	if (!victim || __sync_val_compare_and_swap(&victim->key, vkey, XSW_FDB_BUSY) != vkey)
		return NULL;
	if (vkey)
		xsw_fdb_give(XSW_FDB_PORT(vval));
	*(volatile __u64 *)&victim->val = val;
	__sync_val_compare_and_swap(&victim->key, XSW_FDB_BUSY, key);
	xsw_fdb_dedup(b, key);
	return victim;
}

/* The static entry for (@mac, @vlan), missing from its bucket @b: cached
 * back, unless xswctl deletes it meanwhile. Its port, or 0 when there is
 * none. */
static __always_inline __u32 xsw_fdb_static_get(struct xsw_fdb_bucket *b, const __u8 *mac,
						__u16 vlan, __u64 key, __u64 check, __u64 now)
{
	struct xsw_fdb_slot *s;
	struct xsw_fdb_val *e;
	struct xsw_fdb_key k;
	__u64 val;
	__u32 port;

	xsw_fdb_key(&k, mac, vlan);
	e = bpf_map_lookup_elem(&xsw_fdb_static, &k);
	if (!e)
		return 0;
	port = e->port;
	val = xsw_fdb_slot_val(port, XSW_FDB_STATIC, check, 0);
	s = xsw_fdb_put(b, key, val, xsw_fdb_tick(now));
	/* xswctl deletes from the map, then from the table: a copy cached in
	 * between goes again */
	if (s && !bpf_map_lookup_elem(&xsw_fdb_static, &k))
		xsw_fdb_free(s, key, val);
	return port;
}

/* Global functions of bpf/fdb.bpf.c: each is verified once, on its own,
 * rather than inlined into every path that reaches it. */
int xsw_fdb_static_load(__u64 mac_vlan, __u64 now);
int xsw_fdb_learn_src(__u64 smac_vlan, __u32 port, __u32 policy, __u64 now, __u64 ageing_ns);

/* Learns that @mac on @vlan lives behind @port, which may learn @limit MACs
 * (0 or ~0: any number). Writes the table only when the entry is new, has
 * moved, or is stale (older than half the ageing time, so an active entry
 * never expires); static entries are never touched. */
static __always_inline void xsw_fdb_learn(const __u8 *mac, __u16 vlan, __u32 port, __u64 now,
					  __u64 ageing_ns, __u32 limit)
{
	__u64 key, check, v = 0, fresh;
	struct xsw_fdb_bucket *b;
	struct xsw_fdb_slot *s;

	b = xsw_fdb_bucket(mac, vlan, &key, &check);
	if (!b)
		return;
	fresh = xsw_fdb_slot_val(port, 0, check, xsw_fdb_tick(now));
	s = xsw_fdb_find(b, key, check, &v);
	if (s) {
		if (XSW_FDB_FLAGS(v) & XSW_FDB_STATIC)
			return;
		if (XSW_FDB_PORT(v) == port) {
			if (xsw_fdb_age(XSW_FDB_SEEN(v), now) > (__s64)(ageing_ns / 2) ||
			    xsw_fdb_expired(v, now, ageing_ns))
				__sync_val_compare_and_swap(&s->val, v, fresh);
			return;
		}
		if (!xsw_fdb_take(port, limit))
			return;
		if (__sync_val_compare_and_swap(&s->val, v, fresh) == v) {
			xsw_fdb_give(XSW_FDB_PORT(v));
			xsw_fdb_changed();
			xsw_fdb_event(XSW_EV_FDB_MOVED, key, port, XSW_FDB_PORT(v));
		} else {
			xsw_fdb_give(port);
		}
		return;
	}
	if (xsw_fdb_static_get(b, mac, vlan, key, check, now) || !xsw_fdb_take(port, limit))
		return;
	if (!xsw_fdb_put(b, key, fresh, xsw_fdb_tick(now))) {
		xsw_fdb_give(port);
		return;
	}
	xsw_fdb_changed();
	xsw_fdb_event(XSW_EV_FDB_LEARNED, key, port, 0);
}

/* The port @mac on @vlan was last seen behind, aged or not; 0 when unknown. */
static __always_inline __u32 xsw_fdb_owner(const __u8 *mac, __u16 vlan, __u64 now)
{
	__u64 key, check, v = 0;
	struct xsw_fdb_bucket *b = xsw_fdb_bucket(mac, vlan, &key, &check);

	if (!b)
		return 0;
	if (xsw_fdb_find(b, key, check, &v))
		return XSW_FDB_PORT(v);
	return xsw_fdb_static_load(xsw_mac_vlan(mac, vlan), now);
}

/* Returns the port @mac on @vlan was last seen behind, or 0 when unknown or
 * aged out (an aged entry's slot is freed). */
static __always_inline __u32 xsw_fdb_lookup(const __u8 *mac, __u16 vlan, __u64 now,
					    __u64 ageing_ns)
{
	__u64 key, check, v = 0;
	struct xsw_fdb_bucket *b = xsw_fdb_bucket(mac, vlan, &key, &check);
	struct xsw_fdb_slot *s;

	if (!b)
		return 0;
	s = xsw_fdb_find(b, key, check, &v);
	if (!s)
		return xsw_fdb_static_load(xsw_mac_vlan(mac, vlan), now);
	if (xsw_fdb_expired(v, now, ageing_ns)) {
		if (xsw_fdb_free(s, key, v))
			xsw_fdb_event(XSW_EV_FDB_AGED, key, XSW_FDB_PORT(v), 0);
		return 0;
	}
	return XSW_FDB_PORT(v);
}

#endif /* XSW_LIB_FDB_H */
