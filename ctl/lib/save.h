/* SPDX-License-Identifier: GPL-2.0 */
/* The running configuration as xswctl commands (ctl/lib/save.c). */
#ifndef XSW_SAVE_H
#define XSW_SAVE_H

#include <stdio.h>

#include "ctx.h"
#include "state.h"

#define XSW_CONF_DEFAULT "/etc/xsw/xsw.conf"

/* Writes switch @name's configuration, or every switch's (NULL), to @out. */
int xsw_save(const char *name, FILE *out);

/* The lines save writes for a port and for a switch, apart from the maps
 * they are read from. */
void save_port(const char *sw, const struct xsw_port *p, FILE *out);
void save_switch_add(const struct xsw_config *cfg, const char *name, __u32 fdb_size,
		     __u32 max_ports, int uplink_mode, FILE *out);

/* Rewrites the configuration file (save of every switch) atomically: to
 * $XSW_CONF, else XSW_CONF_DEFAULT for the default root; not at all with
 * $XSW_AUTOSAVE=off. Takes @ctx's lock; a failure is a warning. */
void autosave(struct xsw_ctx *ctx);

#endif /* XSW_SAVE_H */
