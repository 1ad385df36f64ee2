/* SPDX-License-Identifier: GPL-2.0 */
/* xswctl's output: show results as text or JSON (-j, -p), one error line per
 * failed command (text on stderr, {"error": ...} under -j). */
#ifndef XSW_OUTPUT_H
#define XSW_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <json-c/json.h>

#include "ctx.h"

extern bool xsw_json;		/* -j */
extern bool xsw_pretty;		/* -p */
extern int xsw_batch_line;	/* the -batch line being run, 0 outside -batch */

/* Prints a show result: JSON under -j, else through @text. Takes ownership. */
void xsw_print(json_object *obj, void (*text)(json_object *obj));
/* Prints the result of a command that changes state (null under -j). */
void xsw_print_done(void);
/* Prints the error of a failed command: "xswctl: @where: msg". */
void xsw_print_error(const char *where, int err, const char *msg);
/* Set by SIGINT or SIGTERM once cli_stop_on_signals ran: a command that
 * runs until interrupted (capture, vmq balance) ends cleanly. */
extern volatile sig_atomic_t cli_stopped;
void cli_stop_on_signals(void);

/* A JSON array of CPU numbers as a CPU list ("0-3,6"), "-" when empty. */
void cpus_text(json_object *arr, char *buf, size_t size);
/* Log handler: warnings as "xswctl: warning: ...", the rest as it comes. */
void xsw_print_log(enum xsw_log_level level, const char *msg);

#endif /* XSW_OUTPUT_H */
