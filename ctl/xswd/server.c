// SPDX-License-Identifier: GPL-2.0
/* xswd's socket (a SOCK_SEQPACKET unix socket, event_sock_path()): each
 * client's first message says what it is.
 *   {"monitor": SWITCH or null}  xswctl monitor: every event (of SWITCH)
 *                                is sent to it, one JSON object a message;
 *   {"event": EVENT}             xswctl after a change: logged and shown.
 * A monitor that falls behind by more than its socket buffer misses events,
 * rather than slowing xswd down: as netlink's ENOBUFS, it is told so by an
 * {"error": ...} message once there is room again. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "event.h"
#include "xswd.h"

struct client {
	struct ep ep;		/* EP_CLIENT */
	struct client *next;
	int fd;			/* -1: closed, freed by server_reap() */
	bool monitor;
	bool lost;		/* events did not fit: say so before the next one */
	char sw[XSW_SWITCH_NAME_LEN];	/* a monitor of this switch only, "" = all */
};

static struct ep server_ep = { EP_SERVER };
static struct client *clients;
static int server_fd = -1;
static char server_path[108];

int server_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = &server_ep };

	event_sock_path(&xswd_ctx, server_path, sizeof(server_path));
	mkdir("/run/xsw", 0755);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", server_path);
	server_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (server_fd < 0)
		return -errno;
	/* a socket left by an xswd that was killed; one that answers is alive */
	if (!connect(server_fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(server_fd);
		server_fd = -1;
		return -EADDRINUSE;
	}
	unlink(server_path);
	if (bind(server_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(server_path, 0600) || listen(server_fd, 64) ||
	    epoll_ctl(xswd_epoll, EPOLL_CTL_ADD, server_fd, &e))
		return -errno;
	return 0;
}

/* Closes @c; it is freed by server_reap(), once no epoll event of this
 * round can point at it any more. */
static void client_close(struct client *c)
{
	if (c->fd < 0)
		return;
	epoll_ctl(xswd_epoll, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

void server_reap(void)
{
	struct client **pp = &clients, *c;

	while ((c = *pp)) {
		if (c->fd >= 0) {
			pp = &c->next;
			continue;
		}
		*pp = c->next;
		free(c);
	}
}

void server_close(void)
{
	struct client *c;

	for (c = clients; c; c = c->next)
		client_close(c);
	server_reap();
	if (server_fd >= 0) {
		close(server_fd);
		unlink(server_path);
	}
	server_fd = -1;
}

static void accept_all(void)
{
	struct epoll_event e = { .events = EPOLLIN };
	struct client *c;
	int fd;

	while ((fd = accept4(server_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->ep.kind = EP_CLIENT;
		c->fd = fd;
		/* room for bursts of events (the ring's, a flush's) */
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &(int){ 1 << 20 }, sizeof(int));
		e.data.ptr = c;
		if (epoll_ctl(xswd_epoll, EPOLL_CTL_ADD, fd, &e)) {
			close(fd);
			free(c);
			continue;
		}
		c->next = clients;
		clients = c;
	}
}

/* A client's message: what it is, or an event it tells. */
static void client_msg(struct client *c, const char *msg)
{
	json_object *o = json_tokener_parse(msg), *v;

	if (!o || !json_object_is_type(o, json_type_object)) {
		xswd_log(LOG_WARNING, "a client sent something that is not a JSON object");
	} else if (!c->monitor && json_object_object_get_ex(o, "monitor", &v)) {
		c->monitor = true;
		snprintf(c->sw, sizeof(c->sw), "%s", v ? json_object_get_string(v) : "");
	} else if (json_object_object_get_ex(o, "event", &v) &&
		   json_object_is_type(v, json_type_object) &&
		   json_object_is_type(json_object_object_get(v, "kind"), json_type_string) &&
		   json_object_is_type(json_object_object_get(v, "event"), json_type_string)) {
		xswd_event(json_object_get(v));
	} else {
		xswd_log(LOG_WARNING, "a client sent a message xswd does not know");
	}
	json_object_put(o);
}

void server_ready(struct ep *ep)
{
	struct client *c = (struct client *)ep;
	char msg[4096];
	ssize_t n;

	if (ep->kind == EP_SERVER) {
		accept_all();
		return;
	}
	while (c->fd >= 0) {
		n = recv(c->fd, msg, sizeof(msg) - 1, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			client_close(c);	/* gone, or broken */
			return;
		}
		msg[n] = '\0';
		client_msg(c, msg);
	}
}

bool server_monitored(void)
{
	for (struct client *c = clients; c; c = c->next)
		if (c->fd >= 0 && c->monitor)
			return true;
	return false;
}

/* Sends @ev to every monitor that wants it. */
void server_send(json_object *ev)
{
	static const char lost[] = "{\"error\": \"monitor fell behind: events were lost\"}";
	const char *s = json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PLAIN);
	json_object *sw = json_object_object_get(ev, "switch");
	struct client *c;

	for (c = clients; c; c = c->next) {
		if (c->fd < 0 || !c->monitor ||
		    (*c->sw && sw && strcmp(c->sw, json_object_get_string(sw))))
			continue;
		if (c->lost && send(c->fd, lost, sizeof(lost) - 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
			if (errno != EAGAIN)
				client_close(c);
			continue;
		}
		c->lost = false;
		if (send(c->fd, s, strlen(s), MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			continue;
		if (errno == EAGAIN)
			c->lost = true;
		else
			client_close(c);
	}
}
