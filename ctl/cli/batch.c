// SPDX-License-Identifier: GPL-2.0
/* xswctl -batch FILE: one command per line, as save writes them; and the
 * autosave of the configuration after every change. */
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

/* Where autosave writes: $XSW_CONF, else XSW_CONF_DEFAULT for the default
 * root; NULL when turned off ($XSW_AUTOSAVE=off) or for another root
 * without $XSW_CONF. */
static const char *conf_path(const struct xsw_ctx *ctx)
{
	const char *off = getenv("XSW_AUTOSAVE"), *conf = getenv("XSW_CONF");

	if (off && (!strcmp(off, "off") || !strcmp(off, "0") || !strcmp(off, "no")))
		return NULL;
	if (conf && *conf)
		return conf;
	return strcmp(ctx->root, XSW_ROOT_DEFAULT) ? NULL : XSW_CONF_DEFAULT;
}

/* Writes @path's directory's new file and renames it over @path. */
static int conf_write(const char *path)
{
	char tmp[PATH_MAX], *slash;
	FILE *f;
	int err;

	snprintf(tmp, sizeof(tmp), "%s", path);
	slash = strrchr(tmp, '/');
	if (slash && slash != tmp) {
		*slash = '\0';
		mkdir(tmp, 0755);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	err = xsw_save(NULL, f);
	if (fflush(f) || fsync(fileno(f)))
		err = err ?: -errno;
	if (fclose(f))
		err = err ?: -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

void autosave(struct xsw_ctx *ctx)
{
	const char *path = conf_path(ctx);
	int err;

	if (!path)
		return;
	/* exclusive: two writers would share the temporary file */
	err = xsw_begin(ctx, true);
	if (!err)
		err = conf_write(path);
	xsw_end(ctx);
	if (err)
		pr_warn("warning: the change is made, but %s could not be rewritten: %s\n", path,
			*ctx->msg ? ctx->msg : xsw_strerror(err));
}
