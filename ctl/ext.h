/* SPDX-License-Identifier: GPL-2.0 */
/* Extensions of a switch and its chains (ctl/ext.c). */
#ifndef XSW_CTL_EXT_H
#define XSW_CTL_EXT_H

#include <stdbool.h>
#include <bpf/libbpf.h>

#include "xsw/ext.h"
#include "state.h"

struct ext_spec {
	const char *name;
	const char *file;	/* for messages */
	int kind;		/* enum xsw_ext_kind */
	__s32 prio;
	bool enable;
	__u8 flags;		/* XSW_EXT_BUILTIN, XSW_EXT_POLICY */
};

/* Loads @obj (opened, not loaded) into the switch as extension @spec.
 * Reports its own errors; leaves nothing behind on failure. */
int ext_attach(struct xsw_switch *sw, struct bpf_object *obj, const struct ext_spec *spec);
/* enum xsw_ext_state; XSW_EXT_FREE detaches. */
int ext_set_state(struct xsw_switch *sw, const char *name, int state);
/* Id of extension @name, or -ENOENT. */
int ext_find(struct xsw_switch *sw, const char *name, struct xsw_ext_rec *rec);
int ext_table_read(struct xsw_switch *sw, struct xsw_ext_rec recs[XSW_EXT_MAX]);
/* Ids of the enabled extensions with an entry for @dir, in run order. */
int ext_order(const struct xsw_ext_rec recs[XSW_EXT_MAX], int dir, int order[XSW_EXT_MAX]);
/* Rebuilds every chain from the extension table, without a missed packet. */
int chain_rebuild(struct xsw_switch *sw);

#endif /* XSW_CTL_EXT_H */
