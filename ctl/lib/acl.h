/* SPDX-License-Identifier: GPL-2.0 */
/* Port ACLs (ctl/lib/acl.c). */
#ifndef XSW_CTL_ACL_H
#define XSW_CTL_ACL_H

#include <json-c/json.h>

#include "state.h"
#include "xsw/ext.h"
#include "util.h"

#define XSW_ACL_BOTH 2		/* a rule for enum xsw_acl_dir in and out */

/* Names, by value, NULL-terminated. */
extern const char *const acl_dirs[], *const acl_actions[], *const acl_sides[];

/* Removes every rule of @port (it is being deleted). */
int acl_flush_port(struct xsw_switch *sw, __u32 port);
/* The number of rules of @port. */
int acl_port_rules(struct xsw_switch *sw, __u32 port);
/* ext_reload() of the built-in acl extension, id @id. */
int acl_ext_reload(struct xsw_switch *sw, __u32 id, const struct xsw_ext_rec *rec);

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_acl_args {
	const char *sw;
	const char *port;	/* show: NULL for every port */
	int dir;		/* enum xsw_acl_dir or XSW_ACL_BOTH */
	int action;		/* enum xsw_acl_action; del: XSW_ACL_NONE matches any */
	int side;		/* enum xsw_acl_side */
	struct addr addr;
};

/* The rules between a rule's fields. */
int xsw_acl_check(const struct xsw_acl_args *a);
int xsw_acl_add(const struct xsw_acl_args *a);
int xsw_acl_del(const struct xsw_acl_args *a);
/* An array of rule objects. */
int xsw_acl_show(const struct xsw_acl_args *a, json_object **out);

#endif /* XSW_CTL_ACL_H */
