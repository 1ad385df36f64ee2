/* SPDX-License-Identifier: GPL-2.0 */
/* Port mirroring (ctl/lib/mirror.c). */
#ifndef XSW_CTL_MIRROR_H
#define XSW_CTL_MIRROR_H

#include <json-c/json.h>

#include "state.h"

extern const char *const mirror_modes[];	/* by enum xsw_mirror_mode, NULL-terminated */

/* Sets port @index's mode (enum xsw_mirror_mode) and the switch's count. */
int mirror_set(struct xsw_switch *sw, __u32 index, struct xsw_port *p, int mode);

/* --- operations (run between xsw_begin and xsw_end) ------------------------ */

struct xsw_mirror_args {
	const char *sw;
	const char *port;	/* show: NULL for every port */
	int mode;		/* set: enum xsw_mirror_mode */
};

int xsw_mirror_set(const struct xsw_mirror_args *a);
/* An array of {"switch", "port", "mode"}. */
int xsw_mirror_show(const struct xsw_mirror_args *a, json_object **out);

#endif /* XSW_CTL_MIRROR_H */
