// SPDX-License-Identifier: GPL-2.0
/* xswctl -batch FILE: one command per line, as save writes them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "batch.h"
#include "cli.h"
#include "output.h"
#include "save.h"
#include "util.h"

#define MAXWORDS 64

int run_batch(struct xsw_ctx *ctx, const char *file, bool force)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, *words[MAXWORDS], where[32], msg[128];
	int n, lineno = 0, failed = 0;
	size_t size = 0;

	if (!f) {
		int err = errno;

		snprintf(msg, sizeof(msg), "cannot read %s: %s", file, strerror(err));
		xsw_print_error(NULL, err, msg);
		return -err;
	}
	/* a saved configuration applied again changes nothing */
	ctx->apply = true;
	while (getline(&line, &size, f) > 0 && (!failed || force)) {
		snprintf(where, sizeof(where), "line %d", ++lineno);
		xsw_batch_line = lineno;
		n = split_words(line, words, MAXWORDS);
		if (n < 0) {
			xsw_print_error(where, EINVAL, "unterminated quote or too many words");
			failed++;
		} else if (n > 0 && run_object(ctx, where, words[0], n - 1, words + 1)) {
			failed++;
		}
	}
	xsw_batch_line = 0;
	free(line);
	if (f != stdin)
		fclose(f);
	ctx->apply = false;
	return failed ? -EINVAL : 0;
}

