// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of xswctl's side of the forwarding table (ctl/lib/fdbtab.c),
 * on a table in plain memory: what fdb add, del, show and flush rely on. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fdbtab.h"

#define BUCKETS 64
#define SEED	0x1234abcdULL

static struct fdbtab *table(void)
{
	static struct fdbtab t = { .mask = BUCKETS - 1, .seed = SEED };
	static struct xsw_fdb_bucket b[BUCKETS];

	memset(b, 0, sizeof(b));
	t.b = b;
	return &t;
}

static struct xsw_fdb_key key(__u32 i, __u16 vlan)
{
	return (struct xsw_fdb_key){ .mac = { 0x02, 0, 0, 0, i >> 8, i }, .vlan = vlan };
}

static __u64 first(struct xsw_fdb_key k)
{
	return xsw_fdb_hash(xsw_fdb_slot_key(k.mac, k.vlan), SEED) & (BUCKETS - 1);
}

static __u64 second(struct xsw_fdb_key k)
{
	return xsw_fdb_alt(xsw_fdb_hash(xsw_fdb_slot_key(k.mac, k.vlan), SEED)) & (BUCKETS - 1);
}

/* @n keys of VLAN @vlan whose first bucket is @b and, with @both, whose
 * second is @k[0]'s; @k[0] is the first key of @b with two buckets. */
static void mates_of(struct xsw_fdb_key *k, int n, bool both, __u16 vlan, __u64 b)
{
	int got = 0;

	for (__u32 i = 1; got < n && i < 0x10000; i++) {
		struct xsw_fdb_key c = key(i, vlan);

		if (first(c) == b && second(c) != b && (!got || !both || second(c) == second(k[0])))
			k[got++] = c;
	}
	assert_int_equal(got, n);
}

static void mates(struct xsw_fdb_key *k, int n, bool both)
{
	mates_of(k, n, both, 0, first(key(1, 0)));
}

static void test_put_get_del(void **state)
{
	struct fdbtab *t = table();
	struct xsw_fdb_key k = key(7, 10), other = key(7, 20);
	struct xsw_fdb_val v = { .port = 3, .seen = 100 }, got;

	(void)state;
	assert_int_equal(fdbtab_get(t, &k, &got), -ENOENT);
	assert_int_equal(fdbtab_put(t, &k, &v), 0);
	assert_int_equal(fdbtab_get(t, &k, &got), 0);
	assert_int_equal(got.port, 3);
	assert_int_equal(got.seen, 100);
	/* the VLAN is part of the key */
	assert_int_equal(fdbtab_get(t, &other, &got), -ENOENT);
	/* a second put replaces, in place */
	v.port = 4;
	assert_int_equal(fdbtab_put(t, &k, &v), 0);
	assert_int_equal(fdbtab_get(t, &k, &got), 0);
	assert_int_equal(got.port, 4);
	assert_int_equal(fdbtab_del(t, &k), 0);
	assert_int_equal(fdbtab_get(t, &k, &got), -ENOENT);
	assert_int_equal(fdbtab_del(t, &k), -ENOENT);
}

static void test_full_bucket(void **state)
{
	struct fdbtab *t = table();
	struct xsw_fdb_key k[XSW_FDB_WAYS + 1], later[XSW_FDB_WAYS];
	struct xsw_fdb_val got;
	int i;

	(void)state;
	mates(k, XSW_FDB_WAYS + 1, true);
	/* both buckets full: learned entries seen at ticks 50, 10, 40, 30 in
	 * the first, 70, 5, 65, 75 in the second: the oldest is in the second */
	mates_of(later, XSW_FDB_WAYS, false, 1, second(k[0]));
	for (i = 0; i < XSW_FDB_WAYS; i++) {
		struct xsw_fdb_val v = { .port = 1, .seen = (__u32[]){ 70, 5, 65, 75 }[i] };

		assert_int_equal(fdbtab_put(t, &later[i], &v), 0);
	}
	for (i = 0; i < XSW_FDB_WAYS; i++) {
		struct xsw_fdb_val v = { .port = 1, .seen = (__u32[]){ 50, 10, 40, 30 }[i] };

		assert_int_equal(fdbtab_put(t, &k[i], &v), 0);
	}
	/* 1: in a learned entry's place */
	assert_int_equal(fdbtab_put(t, &k[XSW_FDB_WAYS], &(struct xsw_fdb_val){ .port = 2,
										 .seen = 60 }), 1);
	assert_int_equal(fdbtab_get(t, &later[1], &got), -ENOENT);
	for (i = 0; i <= XSW_FDB_WAYS; i++)
		assert_int_equal(fdbtab_get(t, &k[i], &got), 0);
	for (i = 0; i < XSW_FDB_WAYS; i++)
		if (i != 1)
			assert_int_equal(fdbtab_get(t, &later[i], &got), 0);
}

static void test_static_bucket(void **state)
{
	struct fdbtab *t = table();
	struct xsw_fdb_key k[2 * XSW_FDB_WAYS + 1];
	struct xsw_fdb_val s = { .port = 1, .flags = XSW_FDB_STATIC }, got;
	int i;

	(void)state;
	mates(k, 2 * XSW_FDB_WAYS + 1, true);
	for (i = 0; i < 2 * XSW_FDB_WAYS; i++)
		assert_int_equal(fdbtab_put(t, &k[i], &s), 0);
	assert_int_equal(fdbtab_put(t, &k[2 * XSW_FDB_WAYS], &(struct xsw_fdb_val){ .port = 2 }),
			 -ENOSPC);
	for (i = 0; i < 2 * XSW_FDB_WAYS; i++) {
		assert_int_equal(fdbtab_get(t, &k[i], &got), 0);
		assert_true(got.flags & XSW_FDB_STATIC);
	}
}

struct copies {
	struct xsw_fdb_key k;
	int n;
};

static int count_copies(const struct xsw_fdb_key *k, const struct xsw_fdb_val *v, void *data)
{
	struct copies *c = data;

	(void)v;
	c->n += !memcmp(k, &c->k, sizeof(*k));
	return 0;
}

/* A key whose first bucket is full goes into its second: no entry is
 * dropped while either has room, and each is found, updated and deleted
 * where it is. */
static void test_second_bucket(void **state)
{
	struct fdbtab *t = table();
	struct xsw_fdb_key k[XSW_FDB_WAYS + 2];
	struct copies c = { .n = 0 };
	struct xsw_fdb_val got;
	int i;

	(void)state;
	mates(k, XSW_FDB_WAYS + 2, false);
	for (i = 0; i < XSW_FDB_WAYS + 2; i++)
		assert_int_equal(fdbtab_put(t, &k[i], &(struct xsw_fdb_val){ .port = 1 + i }), 0);
	for (i = 0; i < XSW_FDB_WAYS + 2; i++) {
		assert_int_equal(fdbtab_get(t, &k[i], &got), 0);
		assert_int_equal(got.port, 1 + i);
	}
	/* the last one is in its second bucket: put there again, not twice */
	assert_int_equal(fdbtab_put(t, &k[XSW_FDB_WAYS + 1], &(struct xsw_fdb_val){ .port = 9 }),
			 0);
	assert_int_equal(fdbtab_get(t, &k[XSW_FDB_WAYS + 1], &got), 0);
	assert_int_equal(got.port, 9);
	c.k = k[XSW_FDB_WAYS + 1];
	assert_int_equal(fdbtab_for_each(t, count_copies, &c), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(fdbtab_del(t, &k[XSW_FDB_WAYS + 1]), 0);
	assert_int_equal(fdbtab_get(t, &k[XSW_FDB_WAYS + 1], &got), -ENOENT);
	assert_int_equal(fdbtab_get(t, &k[XSW_FDB_WAYS], &got), 0);
}

static void test_del_every_copy(void **state)
{
	struct fdbtab *t = table();
	struct xsw_fdb_key k = key(9, 0);
	struct xsw_fdb_val got;
	struct xsw_fdb_bucket *b;
	__u64 h = xsw_fdb_hash(xsw_fdb_slot_key(k.mac, 0), SEED);

	(void)state;
	assert_int_equal(fdbtab_put(t, &k, &(struct xsw_fdb_val){ .port = 1 }), 0);
	/* as two CPUs that learned it at once leave it before one frees a slot */
	b = &t->b[h & (BUCKETS - 1)];
	b->slot[XSW_FDB_WAYS - 1] = b->slot[0];
	t->b[second(k)].slot[1] = b->slot[0];
	assert_int_equal(fdbtab_del(t, &k), 0);
	assert_int_equal(fdbtab_get(t, &k, &got), -ENOENT);
	assert_int_equal(fdbtab_del(t, &k), -ENOENT);
}

static int of_port_2(const struct xsw_fdb_key *k, const struct xsw_fdb_val *v, void *data)
{
	int *n = data;

	(void)k;
	(*n)++;
	return v->port == 2;
}

static void test_for_each(void **state)
{
	struct fdbtab *t = table();
	struct xsw_fdb_val got;
	int n = 0;

	(void)state;
	for (__u32 i = 1; i <= 40; i++) {
		struct xsw_fdb_key k = key(i, i % 3);

		assert_int_equal(fdbtab_put(t, &k, &(struct xsw_fdb_val){ .port = 1 + i % 2 }), 0);
	}
	/* a slot caught while rewritten: its value is another key's */
	t->b[0].slot[XSW_FDB_WAYS - 1] = (struct xsw_fdb_slot){ XSW_FDB_VALID | 99, 0xffff0001 };
	/* every entry once, keys decoded; the callback removes port 2's */
	assert_int_equal(fdbtab_for_each(t, of_port_2, &n), 0);
	assert_int_equal(n, 40);
	for (__u32 i = 1; i <= 40; i++) {
		struct xsw_fdb_key k = key(i, i % 3);

		assert_int_equal(fdbtab_get(t, &k, &got), i % 2 ? -ENOENT : 0);
	}
	n = 0;
	assert_int_equal(fdbtab_for_each(t, of_port_2, &n), 0);
	assert_int_equal(n, 20);
}

static void test_entries(void **state)
{
	(void)state;
	assert_int_equal(fdbtab_entries(1024), 1024);
	assert_int_equal(fdbtab_entries(1025), 2048);
	assert_int_equal(fdbtab_entries(100000), 131072);
	assert_int_equal(fdbtab_entries(XSW_FDB_SIZE_MAX), XSW_FDB_SIZE_MAX);
}

static int removed_count;

static int on_removed(const struct xsw_fdb_key *k, const struct xsw_fdb_val *v, void *data)
{
	(void)k, (void)data;
	assert_int_equal(v->port, 4);
	removed_count++;
	return 0;
}

/* xswd's ageing sweep: learned entries past the ageing time go, and are
 * reported; fresh and static ones stay, and so does what is outside the
 * slice asked for. */
static void test_expire(void **state)
{
	const __u64 sec = 1000000000ULL, now = 1000 * sec, ageing = 300 * sec;
	struct fdbtab *t = table();
	struct xsw_fdb_key old = key(1, 0), fresh = key(2, 0), stat = key(3, 0);
	struct xsw_fdb_val v = { .port = 4, .seen = xsw_fdb_tick(now - 400 * sec) }, got;
	struct xsw_fdb_val vf = { .port = 5, .seen = xsw_fdb_tick(now - 10 * sec) };
	struct xsw_fdb_val vs = { .port = 6, .flags = XSW_FDB_STATIC, .seen = v.seen };

	(void)state;
	assert_int_equal(fdbtab_put(t, &old, &v), 0);
	assert_int_equal(fdbtab_put(t, &fresh, &vf), 0);
	assert_int_equal(fdbtab_put(t, &stat, &vs), 0);
	removed_count = 0;
	assert_int_equal(fdbtab_expire(t, 0, 0, now, ageing, on_removed, NULL), 0);
	assert_int_equal(fdbtab_get(t, &old, &got), 0);
	assert_int_equal(fdbtab_expire(t, 0, BUCKETS, now, ageing, on_removed, NULL), 1);
	assert_int_equal(removed_count, 1);
	assert_int_equal(fdbtab_get(t, &old, &got), -ENOENT);
	assert_int_equal(fdbtab_get(t, &fresh, &got), 0);
	assert_int_equal(fdbtab_get(t, &stat, &got), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_del),
		cmocka_unit_test(test_full_bucket),
		cmocka_unit_test(test_static_bucket),
		cmocka_unit_test(test_second_bucket),
		cmocka_unit_test(test_del_every_copy),
		cmocka_unit_test(test_for_each),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_expire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
