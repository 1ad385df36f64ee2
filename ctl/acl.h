/* SPDX-License-Identifier: GPL-2.0 */
/* Port ACLs (ctl/acl.c). */
#ifndef XSW_CTL_ACL_H
#define XSW_CTL_ACL_H

#include "state.h"

/* Removes every rule of @port (it is being deleted). */
int acl_flush_port(struct xsw_switch *sw, __u32 port);

#endif /* XSW_CTL_ACL_H */
