/* SPDX-License-Identifier: GPL-2.0 */
/* Extensions of a switch (ctl/lib/ext.c); the chains that run them are
 * chain.h's. */
#ifndef XSW_CTL_EXT_H
#define XSW_CTL_EXT_H

#include <stdbool.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "xsw/ext.h"
#include "state.h"

/* The built-in extensions: each belongs to the command that attaches it. */
#define ACL_EXT		"acl"
#define CAPTURE_EXT	"capture"

extern const char *const ext_kinds[];	/* by enum xsw_ext_kind, NULL-terminated */

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
/* Loads extension @id again, as its record @rec says, from @obj (opened,
 * not loaded; NULL: its recorded object file), into a switch whose
 * extension table holds it already (a switch upgrade's new datapath);
 * chain_rebuild() puts it in the chains. */
int ext_reload(struct xsw_switch *sw, __u32 id, const struct xsw_ext_rec *rec,
	       struct bpf_object *obj);
/* enum xsw_ext_state; XSW_EXT_FREE detaches. */
int ext_set_state(struct xsw_switch *sw, const char *name, int state);
/* Id of extension @name, or -ENOENT. */
int ext_find(struct xsw_switch *sw, const char *name, struct xsw_ext_rec *rec);
int ext_table_read(struct xsw_switch *sw, struct xsw_ext_rec recs[XSW_EXT_MAX]);
/* The ext attach commands of the switch's own extensions, in attach order. */
void ext_save(struct xsw_switch *sw, FILE *out);

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_ext_args {
	const char *sw;
	const char *name;
	const char *object;	/* attach: the extension object file */
	int kind;		/* attach: enum xsw_ext_kind */
	__s32 prio;		/* attach, set */
	bool has_prio;		/* set */
	bool enable;		/* attach: enabled at once */
};

int xsw_ext_attach(const struct xsw_ext_args *a);
int xsw_ext_enable(const struct xsw_ext_args *a);
int xsw_ext_disable(const struct xsw_ext_args *a);
int xsw_ext_detach(const struct xsw_ext_args *a);
int xsw_ext_set(const struct xsw_ext_args *a);
/* An array of extension objects: enabled ones in ingress order, then the
 * disabled. */
int xsw_ext_show(const char *sw, json_object **out);

#endif /* XSW_CTL_EXT_H */
