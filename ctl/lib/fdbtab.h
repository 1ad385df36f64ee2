/* SPDX-License-Identifier: GPL-2.0 */
/* The datapath's forwarding table (xsw_fdb, include/xsw/abi.h) from user
 * space: mapped into memory, read and written slot by slot as the datapath
 * does, while it runs. */
#ifndef XSW_CTL_FDBTAB_H
#define XSW_CTL_FDBTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <xsw/abi.h>

struct fdbtab {
	struct xsw_fdb_bucket *b;
	__u32 mask;		/* buckets - 1 */
	__u64 seed;
	size_t len;		/* bytes mapped */
};

/* The entries of a table asked to hold @entries: the next power of two. */
__u32 fdbtab_entries(__u32 entries);

/* Maps the table @fd of @buckets buckets (xsw_config.fdb_mask + 1), hashed
 * with @seed. 0 or a negative errno. */
int fdbtab_open(struct fdbtab *t, int fd, __u32 buckets, __u64 seed);
void fdbtab_close(struct fdbtab *t);

/* The entry of @k into @v: 0, or -ENOENT. */
int fdbtab_get(const struct fdbtab *t, const struct xsw_fdb_key *k, struct xsw_fdb_val *v);

/* Sets the entry of @k, in place of the one it has or of the bucket's
 * oldest learned entry: 0, 1 when it took a learned entry's place (whose
 * port's learning count the caller recounts), or -ENOSPC when its bucket
 * holds only static entries. */
int fdbtab_put(struct fdbtab *t, const struct xsw_fdb_key *k, const struct xsw_fdb_val *v);

/* Removes the entry of @k (every copy of it): 0, or -ENOENT. */
int fdbtab_del(struct fdbtab *t, const struct xsw_fdb_key *k);

/* Calls @fn for every entry; @fn returns 1 to remove it, a negative errno to
 * stop with it, else 0. */
typedef int (*fdbtab_fn)(const struct xsw_fdb_key *k, const struct xsw_fdb_val *v, void *data);
int fdbtab_for_each(struct fdbtab *t, fdbtab_fn fn, void *data);
/* Removes the learned entries older than @ageing_ns at @now_ns (the
 * datapath's coarse clock) in the @n buckets from @first, each claimed as a
 * writer claims it (one refreshed meanwhile stays); calls @removed (if not
 * NULL) for each removed. The number removed. */
int fdbtab_expire(struct fdbtab *t, __u64 first, __u64 n, __u64 now_ns, __u64 ageing_ns,
		  fdbtab_fn removed, void *data);

#endif /* XSW_CTL_FDBTAB_H */
