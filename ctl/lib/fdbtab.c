// SPDX-License-Identifier: GPL-2.0
/* The datapath's forwarding table from user space (fdbtab.h). */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "fdbtab.h"

__u32 fdbtab_entries(__u32 entries)
{
	__u32 n = XSW_FDB_WAYS;

	while (n < entries && n < (1U << 31))
		n <<= 1;
	return n;
}

int fdbtab_open(struct fdbtab *t, int fd, __u32 buckets, __u64 seed)
{
	size_t page = sysconf(_SC_PAGESIZE);

	if (!buckets || (buckets & (buckets - 1)))
		return -EINVAL;
	t->len = ((size_t)buckets * sizeof(*t->b) + page - 1) / page * page;
	t->b = mmap(NULL, t->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (t->b == MAP_FAILED) {
		t->b = NULL;
		return -errno;
	}
	t->mask = buckets - 1;
	t->seed = seed;
	return 0;
}

void fdbtab_close(struct fdbtab *t)
{
	if (t->b)
		munmap(t->b, t->len);
	t->b = NULL;
}

static __u64 load(__u64 *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* Swaps *@p from @old to @new: false when it no longer held @old. A full
 * barrier, as the datapath's. */
static bool swap(__u64 *p, __u64 old, __u64 new)
{
	return __atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

/* The two buckets of a key, first and second; one bucket twice when they
 * are one. */
struct pair {
	struct xsw_fdb_bucket *b[2];
};

/* The slots of @p: each once, the first bucket's first. */
static int slots(const struct pair *p)
{
	return (p->b[0] == p->b[1] ? 1 : 2) * XSW_FDB_WAYS;
}

static struct xsw_fdb_slot *slot_at(const struct pair *p, int n)
{
	return &p->b[n / XSW_FDB_WAYS]->slot[n % XSW_FDB_WAYS];
}

/* The slot of @k in its buckets, its value in @val, or NULL; the buckets,
 * key and check in @p, @key and @check. */
static struct xsw_fdb_slot *find(const struct fdbtab *t, const struct xsw_fdb_key *k,
				 struct pair *p, __u64 *key, __u64 *check, __u64 *val)
{
	__u64 h;

	*key = xsw_fdb_slot_key(k->mac, k->vlan);
	h = xsw_fdb_hash(*key, t->seed);
	*check = xsw_fdb_check(h);
	p->b[0] = &t->b[h & t->mask];
	p->b[1] = &t->b[xsw_fdb_alt(h) & t->mask];
	for (int n = 0; n < slots(p); n++) {
		struct xsw_fdb_slot *s = slot_at(p, n);

		if (load(&s->key) != *key)
			continue;
		*val = load(&s->val);
		if (xsw_fdb_slot_match(*val, *check))
			return s;
	}
	return NULL;
}

int fdbtab_get(const struct fdbtab *t, const struct xsw_fdb_key *k, struct xsw_fdb_val *v)
{
	struct pair p;
	__u64 key, check, val;

	if (!find(t, k, &p, &key, &check, &val))
		return -ENOENT;
	*v = xsw_fdb_val_of(val);
	return 0;
}

static __u32 tick_now(void)
{
	struct timespec ts;

	/* the datapath's clock: bpf_ktime_get_coarse_ns() */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return xsw_fdb_tick(ts.tv_sec * 1000000000ULL + ts.tv_nsec);
}

/* Claims a slot of @p for @key as the datapath does (bpf/lib/fdb.h): an
 * empty one of the first bucket, else of the second, else the oldest learned
 * entry's; NULL when all are static or being written. *@evicted: the learned
 * entry it took the place of. */
static struct xsw_fdb_slot *claim(const struct pair *p, bool *evicted)
{
	__u32 now = tick_now();

	for (int tries = 0; tries < 8; tries++) {
		struct xsw_fdb_slot *victim = NULL;
		__u64 vkey = 0;
		__s32 oldest = 0;

		for (int n = 0; n < slots(p); n++) {
			struct xsw_fdb_slot *c = slot_at(p, n);
			__u64 k = load(&c->key);
			struct xsw_fdb_val cv = xsw_fdb_val_of(load(&c->val));
			__s32 age = (__s32)(now - cv.seen);

			if (!k) {
				victim = c;
				vkey = 0;
				break;
			}
			if (k == XSW_FDB_BUSY || (cv.flags & XSW_FDB_STATIC))
				continue;
			if (!victim || age > oldest) {
				victim = c;
				vkey = k;
				oldest = age;
			}
		}
		if (!victim)
			return NULL;
		if (swap(&victim->key, vkey, XSW_FDB_BUSY)) {
			*evicted = vkey != 0;
			return victim;
		}
	}
	return NULL;
}

/* Frees the slots of @key but the first: two writers that put one key at
 * once. */
static void dedup(const struct pair *p, __u64 key)
{
	bool first = true;

	for (int n = 0; n < slots(p); n++) {
		struct xsw_fdb_slot *s = slot_at(p, n);

		if (load(&s->key) != key)
			continue;
		if (!first)
			swap(&s->key, key, 0);
		first = false;
	}
}

int fdbtab_put(struct fdbtab *t, const struct xsw_fdb_key *k, const struct xsw_fdb_val *v)
{
	struct xsw_fdb_slot *s;
	__u64 key, check, old, val;
	bool evicted = false;
	struct pair p;

	s = find(t, k, &p, &key, &check, &old);
	val = xsw_fdb_slot_val(v->port, v->flags, check, v->seen);
	if (s && swap(&s->val, old, val))
		return 0;
	s = claim(&p, &evicted);
	if (!s)
		return -ENOSPC;
	__atomic_store_n(&s->val, val, __ATOMIC_RELEASE);
	swap(&s->key, XSW_FDB_BUSY, key);
	dedup(&p, key);
	return evicted;
}

int fdbtab_del(struct fdbtab *t, const struct xsw_fdb_key *k)
{
	__u64 key, check, val;
	int err = -ENOENT;
	struct pair p;

	/* after the caller's change of the static map; every slot of the key:
	 * two writers may have put it twice */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	find(t, k, &p, &key, &check, &val);
	for (int n = 0; n < slots(&p); n++)
		if (load(&slot_at(&p, n)->key) == key && swap(&slot_at(&p, n)->key, key, 0))
			err = 0;
	return err;
}

/* Slot @s's entry, read once (key and value in @key and @val): false when
 * it is empty, being written, or caught while rewritten. */
static bool slot_read(const struct fdbtab *t, struct xsw_fdb_slot *s, __u64 *key, __u64 *val,
		      struct xsw_fdb_key *k, struct xsw_fdb_val *v)
{
	*key = load(&s->key);
	*val = load(&s->val);
	if (!(*key & XSW_FDB_VALID) ||
	    !xsw_fdb_slot_match(*val, xsw_fdb_check(xsw_fdb_hash(*key, t->seed))))
		return false;
	*v = xsw_fdb_val_of(*val);
	k->vlan = (*key >> 48) & XSW_FDB_KEY_VLAN;
	for (int m = 0; m < 6; m++)
		k->mac[m] = *key >> (8 * m);
	return true;
}

int fdbtab_expire(struct fdbtab *t, __u64 first, __u64 n, __u64 now_ns, __u64 ageing_ns,
		  fdbtab_fn removed, void *data)
{
	int count = 0;

	for (__u64 i = first; i <= t->mask && i - first < n; i++) {
		for (int j = 0; j < XSW_FDB_WAYS; j++) {
			struct xsw_fdb_slot *s = &t->b[i].slot[j];
			struct xsw_fdb_key k;
			struct xsw_fdb_val v;
			__u64 key, val;

			if (!slot_read(t, s, &key, &val, &k, &v) || (v.flags & XSW_FDB_STATIC) ||
			    xsw_fdb_age(v.seen, now_ns) <= (__s64)ageing_ns)
				continue;
			/* claimed as a writer does; refreshed meanwhile, it stays */
			if (!swap(&s->key, key, XSW_FDB_BUSY))
				continue;
			if (load(&s->val) != val) {
				swap(&s->key, XSW_FDB_BUSY, key);
				continue;
			}
			swap(&s->key, XSW_FDB_BUSY, 0);
			count++;
			if (removed)
				removed(&k, &v, data);
		}
	}
	return count;
}

int fdbtab_for_each(struct fdbtab *t, fdbtab_fn fn, void *data)
{
	for (__u64 i = 0; i <= t->mask; i++) {
		for (int j = 0; j < XSW_FDB_WAYS; j++) {
			struct xsw_fdb_slot *s = &t->b[i].slot[j];
			struct xsw_fdb_key k;
			struct xsw_fdb_val v;
			__u64 key, val;
			int ret;

			if (!slot_read(t, s, &key, &val, &k, &v))
				continue;
			ret = fn(&k, &v, data);
			if (ret < 0)
				return ret;
			if (ret == 1)
				swap(&s->key, key, 0);
		}
	}
	return 0;
}
