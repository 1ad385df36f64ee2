// SPDX-License-Identifier: GPL-2.0
/* The datapath's forwarding table from user space (fdbtab.h). */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "fdbtab.h"

__u32 fdbtab_entries(__u32 entries)
{
	__u32 n = XSW_FDB_WAYS;

	while (n < entries)
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

/* The slot of @k in its bucket, or NULL; the bucket and the check in @b and
 * @check. */
static struct xsw_fdb_slot *find(const struct fdbtab *t, const struct xsw_fdb_key *k,
				 struct xsw_fdb_bucket **b, __u64 *key, __u64 *check)
{
	__u64 h;

	*key = xsw_fdb_slot_key(k->mac, k->vlan);
	h = xsw_fdb_hash(*key, t->seed);
	*check = xsw_fdb_check(h);
	*b = &t->b[h & t->mask];
	for (int i = 0; i < XSW_FDB_WAYS; i++) {
		struct xsw_fdb_slot *s = &(*b)->slot[i];

		if (__atomic_load_n(&s->key, __ATOMIC_ACQUIRE) == *key &&
		    xsw_fdb_slot_match(__atomic_load_n(&s->val, __ATOMIC_RELAXED), *check))
			return s;
	}
	return NULL;
}

int fdbtab_get(const struct fdbtab *t, const struct xsw_fdb_key *k, struct xsw_fdb_val *v)
{
	struct xsw_fdb_bucket *b;
	struct xsw_fdb_slot *s;
	__u64 key, check;

	s = find(t, k, &b, &key, &check);
	if (!s)
		return -ENOENT;
	*v = xsw_fdb_val_of(__atomic_load_n(&s->val, __ATOMIC_RELAXED));
	return 0;
}

/* A slot is written value first, then key (include/xsw/abi.h). */
static void slot_set(struct xsw_fdb_slot *s, __u64 key, __u64 val)
{
	__atomic_store_n(&s->val, val, __ATOMIC_RELEASE);
	__atomic_store_n(&s->key, key, __ATOMIC_RELEASE);
}

/* Empties the slot that holds @key, unless the datapath has just reused it. */
static void slot_clear(struct xsw_fdb_slot *s, __u64 key)
{
	if (__atomic_compare_exchange_n(&s->key, &key, 0, false, __ATOMIC_ACQ_REL,
					__ATOMIC_RELAXED))
		__atomic_store_n(&s->val, 0, __ATOMIC_RELEASE);
}

int fdbtab_put(struct fdbtab *t, const struct xsw_fdb_key *k, const struct xsw_fdb_val *v)
{
	struct xsw_fdb_slot *s, *victim = NULL;
	struct xsw_fdb_bucket *b;
	__u64 key, check;
	__s32 oldest = 0;

	s = find(t, k, &b, &key, &check);
	for (int i = 0; !s && i < XSW_FDB_WAYS; i++) {
		struct xsw_fdb_slot *c = &b->slot[i];
		struct xsw_fdb_val cv = xsw_fdb_val_of(__atomic_load_n(&c->val, __ATOMIC_RELAXED));
		__s32 age = (__s32)(v->seen - cv.seen);

		if (!__atomic_load_n(&c->key, __ATOMIC_ACQUIRE)) {
			s = c;
		} else if (!(cv.flags & XSW_FDB_STATIC) && (!victim || age > oldest)) {
			victim = c;
			oldest = age;
		}
	}
	s = s ?: victim;
	if (!s)
		return -ENOSPC;
	slot_set(s, key, xsw_fdb_slot_val(v->port, v->flags, check, v->seen));
	return 0;
}

int fdbtab_del(struct fdbtab *t, const struct xsw_fdb_key *k)
{
	struct xsw_fdb_bucket *b;
	struct xsw_fdb_slot *s;
	__u64 key, check;

	s = find(t, k, &b, &key, &check);
	if (!s)
		return -ENOENT;
	slot_clear(s, key);
	return 0;
}

int fdbtab_for_each(struct fdbtab *t, fdbtab_fn fn, void *data)
{
	for (__u64 i = 0; i <= t->mask; i++) {
		for (int j = 0; j < XSW_FDB_WAYS; j++) {
			struct xsw_fdb_slot *s = &t->b[i].slot[j];
			__u64 key = __atomic_load_n(&s->key, __ATOMIC_ACQUIRE);
			__u64 val = __atomic_load_n(&s->val, __ATOMIC_RELAXED);
			struct xsw_fdb_val v = xsw_fdb_val_of(val);
			struct xsw_fdb_key k = { .vlan = (key >> 48) & XSW_FDB_KEY_VLAN };
			int ret;

			/* empty, or caught while the datapath rewrites it */
			if (!key || !xsw_fdb_slot_match(val, xsw_fdb_check(xsw_fdb_hash(key, t->seed))))
				continue;
			for (int m = 0; m < 6; m++)
				k.mac[m] = key >> (8 * m);
			ret = fn(&k, &v, data);
			if (ret < 0)
				return ret;
			if (ret == 1)
				slot_clear(s, key);
		}
	}
	return 0;
}
