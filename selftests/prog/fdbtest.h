/* SPDX-License-Identifier: GPL-2.0 */
/* The datapath tests' forwarding table: the skeleton's default size, hashed
 * with a fixed seed that their xsw_config names (TEST_FDB_CFG). */
#ifndef XSW_TEST_FDB_H
#define XSW_TEST_FDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "fdbtab.h"

#define TEST_FDB_BUCKETS (XSW_FDB_SIZE / XSW_FDB_WAYS)
#define TEST_FDB_SEED	 0x7873772d74657374ULL
#define TEST_FDB_CFG	 .fdb_mask = TEST_FDB_BUCKETS - 1, .fdb_seed = TEST_FDB_SEED

/* The table of @fdb (the skeleton's xsw_fdb), mapped; emptied if @clear. */
static inline void test_fdb_open(struct fdbtab *t, int fdb, bool clear)
{
	int err = fdbtab_open(t, fdb, TEST_FDB_BUCKETS, TEST_FDB_SEED);

	if (err) {
		fprintf(stderr, "cannot map the FDB: %d\n", err);
		exit(1);
	}
	/* every slot, those a case left torn too */
	if (clear)
		memset(t->b, 0, (size_t)TEST_FDB_BUCKETS * sizeof(*t->b));
}

/* The entry of @k in table @fdb: 0, or -ENOENT. */
static inline int test_fdb_get(int fdb, const struct xsw_fdb_key *k, struct xsw_fdb_val *v)
{
	struct fdbtab t;
	int err;

	test_fdb_open(&t, fdb, false);
	err = fdbtab_get(&t, k, v);
	fdbtab_close(&t);
	return err;
}

static inline void test_fdb_put(int fdb, const struct xsw_fdb_key *k, const struct xsw_fdb_val *v)
{
	struct fdbtab t;

	test_fdb_open(&t, fdb, false);
	fdbtab_put(&t, k, v);
	fdbtab_close(&t);
}

/* As xswctl after any change of the table: the generation in map @gen
 * (xsw_fdb_gen) bumped, so every CPU's memo and known source is void. */
static inline void test_fdb_gen_bump(int gen)
{
	__u32 zero = 0;
	__u64 g = 0;

	bpf_map_lookup_elem(gen, &zero, &g);
	g++;
	bpf_map_update_elem(gen, &zero, &g, 0);
}

#endif /* XSW_TEST_FDB_H */
