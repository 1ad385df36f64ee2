/* SPDX-License-Identifier: GPL-2.0 */
/* -batch (ctl/cli/batch.c). */
#ifndef XSW_BATCH_H
#define XSW_BATCH_H

#include <stdbool.h>

#include "ctx.h"
#include "save.h"

/* Runs the commands of @file ("-": stdin) under @ctx's apply; stops at the
 * first failing line, which it names, unless @force. 0 when every line ran. */
int run_batch(struct xsw_ctx *ctx, const char *file, bool force);
/* Runs `xswctl OBJECT ARGS` in @ctx; prints its result or its error, after
 * @where when given. 0 or a negative errno. */
int run_object(struct xsw_ctx *ctx, const char *where, const char *word, int argc, char **argv);

#endif /* XSW_BATCH_H */
