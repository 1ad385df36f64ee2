/* SPDX-License-Identifier: GPL-2.0 */
/* Logging and output: pr_* to stderr, one error line per failed command
 * (text or {"error": ...}), JSON or text rendering of show results. */
#ifndef XSW_LOG_H
#define XSW_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

enum xsw_log_level { XSW_LOG_WARN, XSW_LOG_INFO, XSW_LOG_DEBUG };

extern int xsw_verbosity;	/* raised by -v */
extern bool xsw_json;		/* -j */
extern bool xsw_pretty;		/* -p */

void xsw_log(enum xsw_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define pr_warn(...)  xsw_log(XSW_LOG_WARN, __VA_ARGS__)
#define pr_info(...)  xsw_log(XSW_LOG_INFO, __VA_ARGS__)
#define pr_debug(...) xsw_log(XSW_LOG_DEBUG, __VA_ARGS__)

/* Routes libbpf's and libxdp's messages to stderr one level lower. */
void xsw_log_init(void);

/* "object command", prefixed to error messages. */
void xsw_err_context(const char *object, const char *command);

/* Reports why the current command failed. Only the first call of a command
 * prints, so the innermost, most precise message wins. Returns -err (pass a
 * positive errno) for `return p_err(EINVAL, ...)`. */
int p_err(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool xsw_err_reported(void);
void xsw_err_reset(void);
/* While quiet, p_err neither prints nor counts: for scans that expect to
 * meet broken things and skip them. */
void xsw_err_quiet(bool quiet);

/* Prints a show result: JSON under -j, else through @text. Takes ownership. */
void xsw_print(json_object *obj, void (*text)(json_object *obj));
/* Field @key of JSON object @o, "" or 0 when absent: for text renderers. */
const char *jstr(json_object *o, const char *key);
int64_t jint(json_object *o, const char *key);

/* Prints the result of a command that changes state (null under -j). */
void xsw_print_done(void);

#endif /* XSW_LOG_H */
