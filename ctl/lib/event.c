// SPDX-License-Identifier: GPL-2.0
/* Events (event.h): their JSON, their one line of text, and the message that
 * hands one to xswd over its socket. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "event.h"

void event_sock_path(const struct xsw_ctx *ctx, char *path, size_t len)
{
	size_t i;

	if (!strcmp(ctx->root, XSW_ROOT_DEFAULT)) {
		snprintf(path, len, "/run/xsw/xswd.sock");
		return;
	}
	snprintf(path, len, "/run/xsw/xswd%s.sock", ctx->root);
	for (i = strlen("/run/xsw/xswd"); path[i]; i++)
		if (path[i] == '/')
			path[i] = '-';
}

json_object *event_new(const char *sw, const char *kind, const char *what)
{
	json_object *o = json_object_new_object();
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	json_object_object_add(o, "time",
			       json_object_new_double(ts.tv_sec + ts.tv_nsec / 1000 / 1e6));
	json_object_object_add(o, "switch", sw ? json_object_new_string(sw) : NULL);
	json_object_object_add(o, "kind", json_object_new_string(kind));
	json_object_object_add(o, "event", json_object_new_string(what));
	return o;
}

void event_text(json_object *ev, char *buf, size_t len)
{
	json_object *sw = json_object_object_get(ev, "switch");
	size_t n;

	n = snprintf(buf, len, "%s%s%s %s", sw ? json_object_get_string(sw) : "",
		     sw ? ": " : "", json_object_get_string(json_object_object_get(ev, "kind")),
		     json_object_get_string(json_object_object_get(ev, "event")));
	json_object_object_foreach(ev, key, val) {
		if (n >= len)
			break;
		if (!val || !strcmp(key, "time") || !strcmp(key, "switch") ||
		    !strcmp(key, "kind") || !strcmp(key, "event"))
			continue;
		n += snprintf(buf + n, len - n, " %s %s", key, json_object_get_string(val));
	}
}

void event_notify(const struct xsw_ctx *ctx, json_object *ev)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *s = json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PLAIN);
	char msg[4096];
	int fd;

	event_sock_path(ctx, sa.sun_path, sizeof(sa.sun_path));
	snprintf(msg, sizeof(msg), "{\"event\": %s}", s);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0 && !connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		send(fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT);
	if (fd >= 0)
		close(fd);
	json_object_put(ev);
}
