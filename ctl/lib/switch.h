/* SPDX-License-Identifier: GPL-2.0 */
/* Switch operations (run between xsw_begin and xsw_end). */
#ifndef XSW_SWITCH_H
#define XSW_SWITCH_H

#include <stdbool.h>
#include <json-c/json.h>

#include "state.h"

extern const char *const switch_types[];	/* by enum xsw_switch_type, NULL-terminated */

struct xsw_switch_add_args {
	const char *name;
	int type;		/* enum xsw_switch_type */
	const char *uplink;	/* external: the uplink device */
	int mode;		/* the uplink's enum xsw_mode, XSW_MODE_NONE = its default */
	bool host, has_host;	/* external: add the host vNIC, move the uplink's IP config to it */
	bool force;		/* external, host off: take an uplink that carries addresses */
	bool iov;		/* external: its ports may take VFs of the uplink (SR-IOV) */
	__u32 fdb_size;		/* FDB entries, 0 = XSW_FDB_SIZE */
	__u32 max_ports;	/* 0 = XSW_PORTS_DEFAULT */
};

struct xsw_switch_set_args {
	const char *name;
	bool has_ageing;
	__u32 ageing;		/* seconds */
};

/* The rules between the options of switch add. */
int xsw_switch_add_check(const struct xsw_switch_add_args *a);
int xsw_switch_add(const struct xsw_switch_add_args *a);
int xsw_switch_set(const struct xsw_switch_set_args *a);
/* Removes the switch with all its ports, host vNIC and pins. */
int xsw_switch_del(const char *name);
/* An array of switch objects: switch @name, or every switch (NULL). */
int xsw_switch_show(const char *name, json_object **out);

#endif /* XSW_SWITCH_H */
