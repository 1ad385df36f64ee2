/* SPDX-License-Identifier: GPL-2.0 */
/* Port mirroring (ctl/mirror.c). */
#ifndef XSW_CTL_MIRROR_H
#define XSW_CTL_MIRROR_H

#include "state.h"

extern const char *const mirror_modes[];	/* by enum xsw_mirror_mode */

/* Sets port @index's mode (enum xsw_mirror_mode) and the switch's count. */
int mirror_set(struct xsw_switch *sw, __u32 index, struct xsw_port *p, int mode);

#endif /* XSW_CTL_MIRROR_H */
