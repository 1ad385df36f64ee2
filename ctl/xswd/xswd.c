// SPDX-License-Identifier: GPL-2.0
/* xswd [ OPTIONS ]: the xsw daemon (xswd.h). One epoll loop: rtnetlink link
 * and TC notifications start an audit of the ports soon after; the ring
 * buffers of the switches give FDB events; the socket serves monitors and
 * takes xswctl's change events; every second the FDB is aged, the
 * rebalancer runs and the ports' VFs are checked (also soon after a link
 * notification), every AUDIT_EVERY seconds the ports are audited anyway. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <libmnl/libmnl.h>

#include "event.h"
#include "version.h"
#include "xswd.h"

#define AUDIT_EVERY 2.0		/* seconds between audits nothing asked for */
#define AUDIT_AFTER 0.05	/* seconds from a notification to its audit: a burst is one */

struct xsw_ctx xswd_ctx;
int xswd_epoll = -1;
int xswd_verbosity;
static bool journal;		/* stderr is the journal: lines carry their priority */

/* xswd's options, declared once: the parser, --help and the man page. */
static const struct xswd_opt {
	const char *name;
	char short_name;
	const char *meta;
	const char *help;
} xswd_opts[] = {
	{ "root", 'r', "ROOT", "watch the switches under ROOT (default $XSW_ROOT or "
			       XSW_ROOT_DEFAULT ")" },
	{ "verbose", 'v', NULL, "log FDB events too (learned, moved, aged)" },
	{ "Version", 'V', NULL, "print the version" },
	{ "help", 'h', NULL, "print this help" },
	{ "man", 'm', NULL, "print the man page xswd.8 (the build makes it so)" },
	{}
};

double xswd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void xswd_log(int prio, const char *fmt, ...)
{
	va_list ap;

	if (journal)
		fprintf(stderr, "<%d>", prio);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The library's warnings and messages, as xswd's own. */
static void lib_log(enum xsw_log_level level, const char *msg)
{
	int n = strlen(msg);

	if (level == XSW_LOG_DEBUG && xswd_verbosity < 2)
		return;
	xswd_log(level == XSW_LOG_WARN ? LOG_WARNING : level == XSW_LOG_INFO ? LOG_INFO :
		 LOG_DEBUG, "%.*s", n && msg[n - 1] == '\n' ? n - 1 : n, msg);
}

void xswd_event(json_object *ev)
{
	const char *kind = json_object_get_string(json_object_object_get(ev, "kind"));
	bool fdb = !strcmp(kind, "fdb");
	char line[1024];

	if (!fdb || xswd_verbosity) {
		event_text(ev, line, sizeof(line));
		xswd_log(json_object_object_get(ev, "error") ? LOG_ERR :
			 !strcmp(kind, "repair") ? LOG_WARNING : fdb ? LOG_DEBUG : LOG_NOTICE,
			 "%s", line);
	}
	server_send(ev);
	json_object_put(ev);
}

static void usage(FILE *f)
{
	const struct xswd_opt *o;
	char name[32];

	fprintf(f, "Usage: xswd [ OPTIONS ]\n"
		   "The xsw daemon: watches the switches and their ports' devices, repairs\n"
		   "what changes outside xsw, ages the FDB, rebalances VMQ queues, logs every\n"
		   "change and serves xswctl monitor. Forwarding never depends on it.\n");
	for (o = xswd_opts; o->name; o++) {
		snprintf(name, sizeof(name), "-%s%s%s", o->name, o->meta ? " " : "",
			 o->meta ? o->meta : "");
		fprintf(f, "  %-12s %s\n", name, o->help);
	}
}

static void man(void)
{
	const struct xswd_opt *o;

	printf(".TH XSWD 8 \"\" \"xsw %s\" \"System Manager's Manual\"\n", XSW_VERSION);
	printf(".SH NAME\nxswd \\- the xsw daemon\n.SH SYNOPSIS\n.B xswd\n[ \\fIOPTIONS\\fR ]\n");
	printf(".SH DESCRIPTION\n"
	       "xswd watches the xsw switches under its root and the devices of their ports.\n"
	       "Forwarding never depends on it: the switches forward without it, and\n"
	       "\\fBxswctl port show\\fR says what the kernel has either way. With it:\n"
	       ".IP \\(bu 2\n"
	       "a port whose device is deleted or moved to another network namespace has its\n"
	       "NIC disconnected and deleted (its learned FDB entries flushed, its devmap\n"
	       "entries removed) and waits for a device of the same name, which completes it\n"
	       "when it appears, as a port created by \\fBxswctl \\-batch\\fR does;\n"
	       ".IP \\(bu 2\n"
	       "a renamed device is recorded under its new name; a device that goes down\n"
	       "makes frames to its port dropped and counted (\\fBdst_down\\fR), until it is up;\n"
	       ".IP \\(bu 2\n"
	       "a program or link of a port that someone removed is attached again;\n"
	       ".IP \\(bu 2\n"
	       "learned FDB entries older than the ageing time are removed (\\fBaged\\fR), and\n"
	       "the VMQ rebalancer runs for every switch with queues (as \\fBxswctl vmq\n"
	       "balance\\fR does in the foreground);\n"
	       ".IP \\(bu 2\n"
	       "every configuration change made with xswctl, every repair and every state\n"
	       "change is logged, to the journal under systemd;\n"
	       ".IP \\(bu 2\n"
	       "\\fBxswctl monitor\\fR [ \\fISWITCH\\fR ] shows these events as they happen, and\n"
	       "the FDB's: learned, moved, aged (one JSON object per line with \\-j).\n"
	       ".PP\n"
	       "xswd listens on /run/xsw/xswd.sock (for another root, the root is in the\n"
	       "name). It saves the configuration after a change, as xswctl does.\n");
	printf(".SH OPTIONS\n");
	for (o = xswd_opts; o->name; o++)
		printf(".TP\n.B \\-%c, \\-%s%s%s%s\n%s\n", o->short_name, o->name,
		       o->meta ? " \\fI" : "", o->meta ? o->meta : "", o->meta ? "\\fR" : "",
		       o->help);
	printf(".SH FILES\n/run/xsw/xswd.sock, /etc/xsw/xsw.conf\n"
	       ".SH SEE ALSO\n.BR xswctl (8)\n");
}

static int parse(int argc, char **argv, const char **root)
{
	struct option opts[sizeof(xswd_opts) / sizeof(xswd_opts[0])] = {};
	char shortopts[2 * sizeof(xswd_opts) / sizeof(xswd_opts[0]) + 1] = "";
	int c, i;

	for (i = 0; xswd_opts[i].name; i++) {
		opts[i] = (struct option){ xswd_opts[i].name,
					   xswd_opts[i].meta ? required_argument : no_argument,
					   NULL, xswd_opts[i].short_name };
		snprintf(shortopts + strlen(shortopts), 3, "%c%s", xswd_opts[i].short_name,
			 xswd_opts[i].meta ? ":" : "");
	}
	opterr = 0;
	while ((c = getopt_long_only(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			*root = optarg;
			break;
		case 'v':
			xswd_verbosity++;
			break;
		case 'V':
			printf("xswd %s (git %s), map layout %d\n", XSW_VERSION, XSW_GIT_COMMIT,
			       XSW_LAYOUT_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		case 'm':
			man();
			exit(0);
		default:
			fprintf(stderr, "xswd: unknown option \"%s\" (try xswd -help)\n",
				argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xswd: unexpected argument \"%s\" (try xswd -help)\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

/* rtnetlink: links (new, changed, deleted) and TC (qdiscs, filters). */
static struct mnl_socket *netlink_open(void)
{
	static struct ep ep = { EP_NETLINK };
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = &ep };
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (!nl || mnl_socket_bind(nl, RTMGRP_LINK | RTMGRP_TC, MNL_SOCKET_AUTOPID) ||
	    epoll_ctl(xswd_epoll, EPOLL_CTL_ADD, mnl_socket_get_fd(nl), &e)) {
		if (nl)
			mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

/* Reads what the kernel told: that something changed is all an audit
 * needs (an overrun, ENOBUFS, too). */
static void netlink_drain(struct mnl_socket *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	while (mnl_socket_recvfrom(nl, buf, sizeof(buf)) > 0 || errno == ENOBUFS)
		;
}

static int signals_open(void)
{
	static struct ep ep = { EP_SIGNAL };
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = &ep };
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0 || epoll_ctl(xswd_epoll, EPOLL_CTL_ADD, fd, &e))
		return -1;
	return fd;
}

static void tick(void)
{
	xsw_ctx_use(&xswd_ctx);
	if (!xsw_begin(&xswd_ctx, true))
		switches_tick();
	xsw_end(&xswd_ctx);
}

static void iov_check(void)
{
	xsw_ctx_use(&xswd_ctx);
	if (!xsw_begin(&xswd_ctx, true))
		switches_iov();
	xsw_end(&xswd_ctx);
}

static int run(struct mnl_socket *nl, int sig)
{
	double audit_at = 0, tick_at = 0, iov_at = 0, now, next;
	struct epoll_event ev[16];
	struct signalfd_siginfo si;
	int n, i, timeout;

	for (;;) {
		now = xswd_now();
		if (now >= audit_at) {
			ports_audit();
			audit_at = now + AUDIT_EVERY;
		}
		if (now >= tick_at) {
			tick();
			tick_at = now + 1;
		}
		if (now >= iov_at) {
			iov_check();
			iov_at = now + 1;
		}
		next = audit_at < tick_at ? audit_at : tick_at;
		next = iov_at < next ? iov_at : next;
		timeout = (int)((next - xswd_now()) * 1000) + 1;
		n = epoll_wait(xswd_epoll, ev, 16, timeout > 0 ? timeout : 0);
		if (n < 0 && errno != EINTR)
			return -errno;
		for (i = 0; i < n; i++) {
			struct ep *ep = ev[i].data.ptr;

			switch (ep->kind) {
			case EP_NETLINK:
				netlink_drain(nl);
				if (audit_at > xswd_now() + AUDIT_AFTER)
					audit_at = xswd_now() + AUDIT_AFTER;
				/* a VF's link, or the PF's VFs, may have changed */
				if (iov_at > xswd_now() + AUDIT_AFTER)
					iov_at = xswd_now() + AUDIT_AFTER;
				break;
			case EP_SIGNAL:
				if (read(sig, &si, sizeof(si)) == sizeof(si) && si.ssi_signo != SIGHUP)
					return 0;
				audit_at = 0;	/* SIGHUP: look at everything now */
				break;
			case EP_SWITCH:
				switch_events((struct watched *)ep);
				break;
			default:
				server_ready(ep);
				break;
			}
		}
		server_reap();
	}
}

int main(int argc, char **argv)
{
	const char *root = NULL;
	struct mnl_socket *nl;
	int err, sig;

	setvbuf(stderr, NULL, _IOLBF, 0);
	journal = getenv("JOURNAL_STREAM");
	if (parse(argc, argv, &root))
		return 1;
	xsw_log_init(lib_log);
	xsw_verbosity = xswd_verbosity;
	if (xsw_ctx_init(&xswd_ctx, root)) {
		xswd_log(LOG_ERR, "xswd: %s", xswd_ctx.msg);
		return 1;
	}
	/* the checks a call makes (root, bpffs, not inside ip netns exec) */
	err = xsw_begin(&xswd_ctx, false);
	xsw_end(&xswd_ctx);
	if (err) {
		xswd_log(LOG_ERR, "xswd: %s", xswd_ctx.msg);
		return 1;
	}
	xswd_epoll = epoll_create1(EPOLL_CLOEXEC);
	nl = xswd_epoll < 0 ? NULL : netlink_open();
	sig = nl ? signals_open() : -1;
	if (sig < 0) {
		xswd_log(LOG_ERR, "xswd: cannot set up: %s", strerror(errno));
		return 1;
	}
	err = server_open();
	if (err) {
		char path[108];

		event_sock_path(&xswd_ctx, path, sizeof(path));
		xswd_log(LOG_ERR, "xswd: cannot listen on %s: %s", path,
			 err == -EADDRINUSE ? "another xswd runs for this root" : strerror(-err));
		return 1;
	}
	xswd_log(LOG_INFO, "xswd %s: watching %s", XSW_VERSION, xswd_ctx.root);
	err = run(nl, sig);
	if (err)
		xswd_log(LOG_ERR, "xswd: %s", strerror(-err));
	server_close();
	switches_release();
	switches_free();
	mnl_socket_close(nl);
	xsw_ctx_fini(&xswd_ctx);
	return err ? 1 : 0;
}
