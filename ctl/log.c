// SPDX-License-Identifier: GPL-2.0
/* Logging and output for xswctl. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "log.h"

int xsw_verbosity;
bool xsw_json;
bool xsw_pretty;

static char err_ctx[64];
static bool err_reported;
static bool err_quiet;

void xsw_log(enum xsw_log_level level, const char *fmt, ...)
{
	va_list ap;

	if ((int)level > xsw_verbosity)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf's warnings are our info, its info our debug */
	int ours = level == LIBBPF_WARN ? XSW_LOG_INFO : XSW_LOG_DEBUG;

	if (ours > xsw_verbosity)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	int ours = level == LIBXDP_WARN ? XSW_LOG_INFO : XSW_LOG_DEBUG;

	if (ours > xsw_verbosity)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void xsw_log_init(void)
{
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
}

void xsw_err_context(const char *object, const char *command)
{
	snprintf(err_ctx, sizeof(err_ctx), "%s%s%s", object ? object : "",
		 command ? " " : "", command ? command : "");
}

bool xsw_err_reported(void)
{
	return err_reported;
}

void xsw_err_reset(void)
{
	err_reported = false;
}

void xsw_err_quiet(bool quiet)
{
	err_quiet = quiet;
}

int p_err(int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (err_reported || err_quiet)
		return -err;
	err_reported = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (xsw_json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "error", json_object_new_string(msg));
		xsw_print(o, NULL);
	} else if (err_ctx[0]) {
		fprintf(stderr, "xswctl: %s: %s\n", err_ctx, msg);
	} else {
		fprintf(stderr, "xswctl: %s\n", msg);
	}
	return -err;
}

void xsw_print(json_object *obj, void (*text)(json_object *obj))
{
	if (xsw_json || !text)
		printf("%s\n", json_object_to_json_string_ext(obj, xsw_pretty ?
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN));
	else
		text(obj);
	json_object_put(obj);
}

void xsw_print_done(void)
{
	if (xsw_json)
		printf("null\n");
}

const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

int64_t jint(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}
