/* SPDX-License-Identifier: GPL-2.0 */
/* The chains that run a switch's extensions (ctl/lib/chain.c). */
#ifndef XSW_CHAIN_H
#define XSW_CHAIN_H

#include <stddef.h>

#include "state.h"
#include "xsw/ext.h"

/* An entry of an extension object: the program name's suffix, as the SDK's
 * XSW_INGRESS/XSW_EGRESS macros make it, and the chain it goes in. */
struct entry {
	const char *suffix;
	int dir;		/* enum xsw_dir */
	int hook;		/* enum xsw_hook */
};

#define ENTRIES 5
extern const struct entry entries[ENTRIES];

/* Where entry @e of extension @ext is pinned (@what ""), or its links
 * (@what LINKS). */
#define LINKS "-next"
void entry_pin(struct xsw_switch *sw, const char *ext, const struct entry *e, const char *what,
	       char *path, size_t len);
/* An fd of pinned object @path of extension @name, or a negative errno,
 * reported. */
int ext_obj_get(const char *name, const char *path);

/* Ids of the enabled extensions in ingress order. */
int ext_sorted(const struct xsw_ext_rec recs[XSW_EXT_MAX], int all[XSW_EXT_MAX]);
/* Ids of the enabled extensions with an entry for @dir, in run order. */
int ext_order(const struct xsw_ext_rec recs[XSW_EXT_MAX], int dir, int order[XSW_EXT_MAX]);
/* Rebuilds every chain from the extension table, without a missed packet. */
int chain_rebuild(struct xsw_switch *sw);

#endif /* XSW_CHAIN_H */
