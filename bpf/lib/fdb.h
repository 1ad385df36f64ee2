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
 *   - a freer (an aged entry, a duplicate) claims the slot as a writer does
 *     and empties it only if the value is still the one it read;
 *   - two CPUs that learn one new MAC at once may each claim a slot for it,
 *     in one bucket or in each of its two; after its claim, each looks again
 *     and frees the later slot of the two, in the order first bucket, then
 *     second (the swaps are full barriers: at least one sees the other's). */
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

/* A MAC is new or has moved: every CPU's memo is void, and every
 * fingerprint of xsw_fdb_known. The generation it bumped, or ~0. */
static __always_inline __u64 xsw_fdb_changed(void)
{
	__u64 *gen = xsw_fdb_gen_get();

	return gen ? __sync_fetch_and_add(gen, 1) : ~0ULL;
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

/* Where (@mac, @vlan) may live: its first bucket, returned, and its second
 * in *@alt (NULL when the two are one), with the slot key and check bits in
 * @key and @check. NULL when the switch has no configuration. */
static __always_inline struct xsw_fdb_bucket *xsw_fdb_bucket(const __u8 *mac, __u16 vlan,
							     __u64 *key, __u64 *check,
							     struct xsw_fdb_bucket **alt)
{
	__u32 zero = 0, i, j;
	struct xsw_config *cfg = bpf_map_lookup_elem(&xsw_config, &zero);
	__u64 h;

	*alt = NULL;
	if (!cfg)
		return NULL;
	*key = xsw_fdb_pkt_key(mac, vlan);
	h = xsw_fdb_hash(*key, cfg->fdb_seed);
	*check = xsw_fdb_check(h);
	i = h & cfg->fdb_mask;
	j = xsw_fdb_alt(h) & cfg->fdb_mask;
	if (j != i)
		*alt = bpf_map_lookup_elem(&xsw_fdb, &j);
	return bpf_map_lookup_elem(&xsw_fdb, &i);
}

/* xsw_fdb_known, per slot of xsw_fdb: a 16-bit fingerprint of (key, port,
 * FDB generation, epoch), which the learner writes when the slot holds that
 * source, on that port, fresh. A frame whose source's fingerprint is in one
 * of its two buckets' rows takes no learning: it reads a row of 8 bytes
 * rather than a bucket of 64, in a table 8 times smaller that stays in the
 * CPU's cache where the FDB does not (256 KB for 128 K entries; with 64 K
 * sources, 32-bit fingerprints in 512 KB forwarded 13 % fewer frames).
 *
 * A fingerprint never outlives what it vouches for: every change of the
 * table bumps the generation (the datapath's and xswctl's, as for the memo),
 * and every epoch (about 1 s) a known source reaches the learner again,
 * which refreshes its entry; a switch with an ageing time under 4 epochs
 * does without. What a fingerprint can get wrong: a source that is new or
 * has moved whose fingerprint equals one of the 8 in its rows (1 in 8192)
 * is learned at the next epoch or table change instead, so up to 1 s late. */
#define XSW_FDB_KNOWN_AGEING (4ULL << XSW_FDB_EPOCH_SHIFT)

/* The key's hash @h mixed again with the port, generation and epoch: two
 * sources whose fingerprints are equal under one generation and epoch are
 * no more likely to be equal under the next than any other two. */
static __always_inline __u16 xsw_fdb_fp(__u64 h, __u32 port, __u64 gen, __u64 now)
{
	__u16 fp = xsw_fdb_hash(h, port * 0x9e3779b97f4a7c15ULL + gen * 0xc2b2ae3d27d4eb4fULL +
				   (now >> XSW_FDB_EPOCH_SHIFT) * 0x165667b19e3779f9ULL) >> 48;

	return fp ?: 1;		/* never 0, an empty row's */
}

#define XSW_FDB_LANES 0x0001000100010001ULL

/* Row @idx holds @fp: a 16-bit lane of the row XOR @fp in every lane is 0. */
static __always_inline bool xsw_fdb_fp_in(__u32 idx, __u16 fp)
{
	struct xsw_fdb_known *k = bpf_map_lookup_elem(&xsw_fdb_known, &idx);
	__u64 x;

	if (!k)
		return false;
	x = *(__u64 *)k->fp ^ (fp * XSW_FDB_LANES);
	return (x - XSW_FDB_LANES) & ~x & (XSW_FDB_LANES << 15);
}

/* The source (@mac, @vlan) of a frame from @port is known, on that port and
 * fresh, under generation @gen at @now: the frame need not learn it. */
static __always_inline bool xsw_fdb_src_known(const struct xsw_config *cfg, const __u8 *mac,
					      __u16 vlan, __u32 port, __u64 gen, __u64 now)
{
	__u64 h;
	__u32 i, j;
	__u16 fp;

	if (cfg->ageing_ns < XSW_FDB_KNOWN_AGEING)
		return false;
	h = xsw_fdb_hash(xsw_fdb_pkt_key(mac, vlan), cfg->fdb_seed);
	fp = xsw_fdb_fp(h, port, gen, now);
	i = h & cfg->fdb_mask;
	j = xsw_fdb_alt(h) & cfg->fdb_mask;
	return xsw_fdb_fp_in(i, fp) || (j != i && xsw_fdb_fp_in(j, fp));
}

/* The learner found (@mac, @vlan)'s entry in @b or @alt on @port and fresh,
 * and nothing else changed the table since it read generation @gen: the
 * source's fingerprint goes in the entry's slot of xsw_fdb_known. */
static __always_inline void xsw_fdb_note(struct xsw_fdb_bucket *b, struct xsw_fdb_bucket *alt,
					 const __u8 *mac, __u16 vlan, __u64 key, __u32 port,
					 __u64 gen, __u64 now)
{
	struct xsw_config *cfg = bpf_map_lookup_elem(&xsw_config, &(__u32){ 0 });
	struct xsw_fdb_known *k;
	__u64 *g = xsw_fdb_gen_get(), h;
	__u32 idx;
	int i, w = -1;

	if (!cfg || !g || *g != gen || cfg->ageing_ns < XSW_FDB_KNOWN_AGEING)
		return;
	h = xsw_fdb_hash(xsw_fdb_pkt_key(mac, vlan), cfg->fdb_seed);
	idx = h & cfg->fdb_mask;
#pragma unroll
	for (i = 0; i < XSW_FDB_WAYS; i++)
		if (w < 0 && XSW_READ(b->slot[i].key) == key)
			w = i;
	if (w < 0 && alt) {
		idx = xsw_fdb_alt(h) & cfg->fdb_mask;
#pragma unroll
		for (i = 0; i < XSW_FDB_WAYS; i++)
			if (w < 0 && XSW_READ(alt->slot[i].key) == key)
				w = i;
	}
	k = bpf_map_lookup_elem(&xsw_fdb_known, &idx);
	if (k && w >= 0 && w < XSW_FDB_WAYS)
		k->fp[w] = xsw_fdb_fp(h, port, gen, now);
}

/* The slot of @key in @b, its value (read once, checked) in *@val; NULL when
 * there is none. */
static __always_inline struct xsw_fdb_slot *xsw_fdb_find1(struct xsw_fdb_bucket *b, __u64 key,
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

/* The slot of @key in its buckets @b and @alt (or NULL); as xsw_fdb_find1. */
static __always_inline struct xsw_fdb_slot *xsw_fdb_find(struct xsw_fdb_bucket *b,
							 struct xsw_fdb_bucket *alt, __u64 key,
							 __u64 check, __u64 *val)
{
	struct xsw_fdb_slot *s = xsw_fdb_find1(b, key, check, val);

	if (!s && alt)
		s = xsw_fdb_find1(alt, key, check, val);
	return s;
}

/* Frees slot @s if it still holds @key and @val (claimed as a writer does,
 * so a refresh or a move meanwhile keeps it); a learned entry's port has one
 * MAC less. Whether it did. */
static __always_inline bool xsw_fdb_free(struct xsw_fdb_slot *s, __u64 key, __u64 val)
{
	if (__sync_val_compare_and_swap(&s->key, key, XSW_FDB_BUSY) != key)
		return false;
	if (XSW_READ(s->val) != val) {
		__sync_val_compare_and_swap(&s->key, XSW_FDB_BUSY, key);
		return false;
	}
	__sync_val_compare_and_swap(&s->key, XSW_FDB_BUSY, 0);
	if (!(XSW_FDB_FLAGS(val) & XSW_FDB_STATIC))
		xsw_fdb_give(XSW_FDB_PORT(val));
	return true;
}

/* xsw_fdb_dedup in one bucket: frees the slot of @key that follows *@first,
 * the first one seen. Whether it did. */
static __always_inline bool xsw_fdb_dedup1(struct xsw_fdb_bucket *b, __u64 key,
					   struct xsw_fdb_slot **first)
{
	int i;

#pragma unroll
	for (i = 0; i < XSW_FDB_WAYS; i++) {
		struct xsw_fdb_slot *s = &b->slot[i];

		if (XSW_READ(s->key) != key)
			continue;
		if (*first) {
			xsw_fdb_free(s, key, XSW_READ(s->val));
			return true;
		}
		*first = s;
	}
	return false;
}

/* After a claim of a slot for @key: another CPU's claim of another slot for
 * it too. Of the two, the later slot goes: the later in @b, then @alt. */
static __always_inline void xsw_fdb_dedup(struct xsw_fdb_bucket *b, struct xsw_fdb_bucket *alt,
					  __u64 key)
{
	struct xsw_fdb_slot *first = NULL;

	if (!xsw_fdb_dedup1(b, key, &first) && alt)
		xsw_fdb_dedup1(alt, key, &first);
}

/* The slot xsw_fdb_put takes, so far. */
struct xsw_fdb_victim {
	struct xsw_fdb_slot *slot;
	__u64 key, val;		/* what it holds: key 0 for an empty slot */
	__s32 age;
};

/* xsw_fdb_put's choice in bucket @b: its first empty slot, returning true,
 * else its learned entry older than @v's. */
static __always_inline bool xsw_fdb_pick(struct xsw_fdb_bucket *b, struct xsw_fdb_victim *v,
					 __u32 tick)
{
	__s32 age;
	int i;

#pragma unroll
	for (i = 0; i < XSW_FDB_WAYS; i++) {
		__u64 k = XSW_READ(b->slot[i].key), val;

		if (!k) {
			v->slot = &b->slot[i];
			v->key = 0;
			return true;
		}
		val = XSW_READ(b->slot[i].val);
		if (k == XSW_FDB_BUSY || (XSW_FDB_FLAGS(val) & XSW_FDB_STATIC))
			continue;
		age = (__s32)(tick - XSW_FDB_SEEN(val));
		if (!v->slot || age > v->age) {
			v->slot = &b->slot[i];
			v->key = k;
			v->val = val;
			v->age = age;
		}
	}
	return false;
}

/* Puts the entry @key, @val in its buckets: in an empty slot of @b, else of
 * @alt, else in place of their oldest learned entry, whose port has one MAC
 * less. NULL when every slot holds a static entry or another CPU took the
 * slot first. */
static __always_inline struct xsw_fdb_slot *xsw_fdb_put(struct xsw_fdb_bucket *b,
							struct xsw_fdb_bucket *alt, __u64 key,
							__u64 val, __u32 tick)
{
	struct xsw_fdb_victim v = {};

	if (!xsw_fdb_pick(b, &v, tick) && alt)
		xsw_fdb_pick(alt, &v, tick);
	if (!v.slot || __sync_val_compare_and_swap(&v.slot->key, v.key, XSW_FDB_BUSY) != v.key)
		return NULL;
	if (v.key)
		xsw_fdb_give(XSW_FDB_PORT(v.val));
	*(volatile __u64 *)&v.slot->val = val;
	__sync_val_compare_and_swap(&v.slot->key, XSW_FDB_BUSY, key);
	xsw_fdb_dedup(b, alt, key);
	return v.slot;
}

/* The static entry for (@mac, @vlan), missing from its buckets @b and @alt:
 * cached back, unless xswctl deletes it meanwhile. Its port, or 0 when there
 * is none. */
static __always_inline __u32 xsw_fdb_static_get(struct xsw_fdb_bucket *b,
						struct xsw_fdb_bucket *alt, const __u8 *mac,
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
	s = xsw_fdb_put(b, alt, key, val, xsw_fdb_tick(now));
	if (!s)
		return port;
	/* xswctl deletes from the map, then from the table: a copy cached in
	 * between goes again */
	if (!bpf_map_lookup_elem(&xsw_fdb_static, &k))
		xsw_fdb_free(s, key, val);
	/* it may have taken a learned entry's place, or gone again: after
	 * either, no fingerprint made meanwhile holds */
	xsw_fdb_changed();
	return port;
}

/* Global functions of bpf/fdb.bpf.c: each is verified once, on its own,
 * rather than inlined into every path that reaches it. */
int xsw_fdb_static_load(__u64 mac_vlan, __u64 now);
int xsw_fdb_learn_src(__u64 smac_vlan, __u32 port, __u32 policy, __u64 now, __u64 ageing_ns);

/* Learns that @mac on @vlan lives behind @port, which may learn @limit MACs
 * (0 or ~0: any number). Writes the table only when the entry is new, has
 * moved, or is stale (older than half the ageing time, so an active entry
 * never expires); static entries are never touched. Then the source is
 * known (xsw_fdb_note). */
static __always_inline void xsw_fdb_learn(const __u8 *mac, __u16 vlan, __u32 port, __u64 now,
					  __u64 ageing_ns, __u32 limit)
{
	__u64 key, check, v = 0, fresh, *g = xsw_fdb_gen_get(), gen = g ? *g : 0;
	struct xsw_fdb_bucket *b, *alt;
	struct xsw_fdb_slot *s;

	b = xsw_fdb_bucket(mac, vlan, &key, &check, &alt);
	if (!b)
		return;
	fresh = xsw_fdb_slot_val(port, 0, check, xsw_fdb_tick(now));
	s = xsw_fdb_find(b, alt, key, check, &v);
	if (s) {
		if (XSW_FDB_PORT(v) != port && (XSW_FDB_FLAGS(v) & XSW_FDB_STATIC))
			return;
		if (XSW_FDB_PORT(v) == port) {
			if (!(XSW_FDB_FLAGS(v) & XSW_FDB_STATIC) &&
			    (xsw_fdb_age(XSW_FDB_SEEN(v), now) > (__s64)(ageing_ns / 2) ||
			     xsw_fdb_expired(v, now, ageing_ns)) &&
			    __sync_val_compare_and_swap(&s->val, v, fresh) != v)
				return;
			xsw_fdb_note(b, alt, mac, vlan, key, port, gen, now);
			return;
		}
		if (!xsw_fdb_take(port, limit))
			return;
		if (__sync_val_compare_and_swap(&s->val, v, fresh) == v) {
			xsw_fdb_give(XSW_FDB_PORT(v));
			if (xsw_fdb_changed() == gen)
				xsw_fdb_note(b, alt, mac, vlan, key, port, gen + 1, now);
			xsw_fdb_event(XSW_EV_FDB_MOVED, key, port, XSW_FDB_PORT(v));
		} else {
			xsw_fdb_give(port);
		}
		return;
	}
	if (xsw_fdb_static_get(b, alt, mac, vlan, key, check, now) || !xsw_fdb_take(port, limit))
		return;
	if (!xsw_fdb_put(b, alt, key, fresh, xsw_fdb_tick(now))) {
		xsw_fdb_give(port);
		return;
	}
	if (xsw_fdb_changed() == gen)
		xsw_fdb_note(b, alt, mac, vlan, key, port, gen + 1, now);
	xsw_fdb_event(XSW_EV_FDB_LEARNED, key, port, 0);
}

/* The port @mac on @vlan was last seen behind, aged or not; 0 when unknown. */
static __always_inline __u32 xsw_fdb_owner(const __u8 *mac, __u16 vlan, __u64 now)
{
	__u64 key, check, v = 0;
	struct xsw_fdb_bucket *alt, *b = xsw_fdb_bucket(mac, vlan, &key, &check, &alt);

	if (!b)
		return 0;
	if (xsw_fdb_find(b, alt, key, check, &v))
		return XSW_FDB_PORT(v);
	return xsw_fdb_static_load(xsw_mac_vlan(mac, vlan), now);
}

/* Returns the port @mac on @vlan was last seen behind, or 0 when unknown or
 * aged out (an aged entry's slot is freed). */
static __always_inline __u32 xsw_fdb_lookup(const __u8 *mac, __u16 vlan, __u64 now,
					    __u64 ageing_ns)
{
	__u64 key, check, v = 0;
	struct xsw_fdb_bucket *alt, *b = xsw_fdb_bucket(mac, vlan, &key, &check, &alt);
	struct xsw_fdb_slot *s;

	if (!b)
		return 0;
	s = xsw_fdb_find(b, alt, key, check, &v);
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
