// SPDX-License-Identifier: GPL-2.0
/* xswctl monitor [ SWITCH ]: the events xswd sees, one line each (one JSON
 * object per line under -j), as they happen, until interrupted: FDB entries
 * learned, moved, aged; ports gone, renamed, down, up, completed; repairs;
 * configuration changes; rebalancer moves. xswd serves them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "cli.h"
#include "event.h"
#include "output.h"
#include "state.h"

struct monitor_args {
	const char *sw;
};

static const struct opt opts[] = {
	{ .meta = "SWITCH", .type = OPT_NAME, .flags = OPT_OPTIONAL | OPT_PIN,
	  .off = offsetof(struct monitor_args, sw), .max = XSW_SWITCH_NAME_LEN,
	  .what = "switch name" },
	{}
};

static int run_monitor(const void *args, json_object **out)
{
	const struct monitor_args *a = args;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char msg[4096], line[1024];
	json_object *req, *ev;
	int fd, err = 0;
	ssize_t n;

	(void)out;
	if (a->sw && !switch_exists(a->sw))
		return p_err(ENOENT, "unknown switch \"%s\"", a->sw);
	xsw_lock(LOCK_UN);	/* it only listens: changes go on meanwhile */
	event_sock_path(xsw_cur(), sa.sun_path, sizeof(sa.sun_path));
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return p_err(errno, "cannot open a socket: %s", xsw_strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = p_err(errno, "xswd is not running (%s: %s): start it (systemctl start xswd)",
			    sa.sun_path, xsw_strerror(errno));
		goto out;
	}
	req = json_object_new_object();
	json_object_object_add(req, "monitor", a->sw ? json_object_new_string(a->sw) : NULL);
	snprintf(msg, sizeof(msg), "%s", json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN));
	json_object_put(req);
	if (send(fd, msg, strlen(msg), MSG_NOSIGNAL) < 0) {
		err = p_err(errno, "cannot talk to xswd: %s", xsw_strerror(errno));
		goto out;
	}
	cli_stop_on_signals();
	/* signals restart recv: look at cli_stopped now and then */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ .tv_usec = 200000 },
		   sizeof(struct timeval));
	while (!cli_stopped) {
		n = recv(fd, msg, sizeof(msg) - 1, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			if (!cli_stopped)
				err = p_err(n ? errno : EPIPE, "xswd stopped");
			break;
		}
		msg[n] = '\0';
		ev = json_tokener_parse(msg);
		if (!ev)
			continue;
		if (xsw_json) {
			printf("%s\n", json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PLAIN));
		} else if (json_object_object_get(ev, "error")) {
			printf("%s\n", json_object_get_string(json_object_object_get(ev, "error")));
		} else {
			event_text(ev, line, sizeof(line));
			printf("%s\n", line);
		}
		fflush(stdout);
		json_object_put(ev);
	}
out:
	close(fd);
	return err;
}

static const struct cli_cmd cmds[] = {
	CMD(NULL, opts, struct monitor_args, .run = run_monitor, .streams = true),
	{}
};

const struct cli_object monitor_object = {
	.name = "monitor",
	.cmds = cmds,
	.where = "prints what happens to every switch (or SWITCH) as it happens, one line\n"
		 "each (-j: one JSON object per line) until interrupted: FDB entries learned,\n"
		 "moved and aged; ports whose device is gone, renamed, down or up, and ports\n"
		 "completed when their device appears; repairs; every change made with\n"
		 "xswctl; VMQ rebalancer moves. xswd serves it: xswd must run.",
};
