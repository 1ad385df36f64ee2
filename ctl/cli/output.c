// SPDX-License-Identifier: GPL-2.0
/* xswctl's output. */
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "output.h"
#include "util.h"

bool xsw_json;
bool xsw_pretty;
int xsw_batch_line;

#define JSON_FLAGS JSON_C_TO_STRING_NOSLASHESCAPE

void xsw_print(json_object *obj, void (*text)(json_object *obj))
{
	if (xsw_json || !text)
		printf("%s\n", json_object_to_json_string_ext(obj, JSON_FLAGS | (xsw_pretty ?
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN)));
	else
		text(obj);
	json_object_put(obj);
}

void xsw_print_done(void)
{
	if (xsw_json)
		printf("null\n");
}

void xsw_print_error(const char *where, int err, const char *msg)
{
	if (!*msg)
		msg = xsw_strerror(err);
	if (xsw_json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "error", json_object_new_string(msg));
		json_object_object_add(o, "line",
				       xsw_batch_line ? json_object_new_int(xsw_batch_line) : NULL);
		xsw_print(o, NULL);
	} else if (where && *where) {
		fprintf(stderr, "xswctl: %s: %s\n", where, msg);
	} else {
		fprintf(stderr, "xswctl: %s\n", msg);
	}
}

volatile sig_atomic_t cli_stopped;

static void on_signal(int sig)
{
	(void)sig;
	cli_stopped = 1;
}

void cli_stop_on_signals(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

void cpus_text(json_object *arr, char *buf, size_t size)
{
	struct cpus c = {};
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++)
		cpus_add(&c, json_object_get_int(json_object_array_get_idx(arr, i)));
	format_cpus(&c, buf, size);
	if (!*buf)
		snprintf(buf, size, "-");
}

void xsw_print_log(enum xsw_log_level level, const char *msg)
{
	if (level == XSW_LOG_WARN)
		fputs("xswctl: ", stderr);
	fputs(msg, stderr);
}
