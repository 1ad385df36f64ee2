// SPDX-License-Identifier: GPL-2.0
/* Autosave: the configuration file rewritten after every change, by xswctl
 * and by xswd's repairs. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "save.h"

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
