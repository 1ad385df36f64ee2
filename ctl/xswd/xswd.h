/* SPDX-License-Identifier: GPL-2.0 */
/* xswd, the xsw daemon: watches the switches under one root and the devices
 * of their ports, repairs what changes outside xsw, ages the FDB, runs the
 * VMQ rebalancer, logs every change, and serves `xswctl monitor`.
 * Forwarding never depends on it. */
#ifndef XSW_XSWD_H
#define XSW_XSWD_H

#include <stdbool.h>
#include <json-c/json.h>

#include "ctx.h"
#include "state.h"
#include "vmq.h"

struct ring_buffer;

/* What an epoll event's data points to: every such struct starts with one. */
enum ep_kind { EP_SERVER, EP_NETLINK, EP_SIGNAL, EP_CLIENT, EP_SWITCH };
struct ep {
	enum ep_kind kind;
};

/* One switch xswd watches: held open between rounds. */
struct watched {
	struct ep ep;		/* EP_SWITCH: its ring buffer is readable */
	struct watched *next;
	char name[XSW_SWITCH_NAME_LEN];
	struct xsw_switch sw;
	__u32 map_id;		/* of its xsw_ports: a switch made again has another */
	struct ring_buffer *rb;	/* its FDB events */
	__u32 sweep;		/* the next bucket the ageing sweep looks at */
	struct xsw_vmq_sample *sample;	/* the rebalancer's, when it has queues */
	double balance_at;	/* CLOCK_MONOTONIC seconds of its next round */
};

extern struct xsw_ctx xswd_ctx;
extern struct watched *watched;	/* every switch, in no order */
extern int xswd_epoll;

extern int xswd_verbosity;

/* Logs @msg at syslog @prio: to the journal when run by systemd, else to
 * stderr. */
void xswd_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Logs @ev (fdb events at debug only), shows it to monitors, frees it. */
void xswd_event(json_object *ev);
double xswd_now(void);

/* switches.c: the watched set, their FDB events, ageing and rebalancing */
void switches_scan(void);
/* Clears the down flags xswd set: it stops, the switches go on. */
void switches_release(void);
void switches_free(void);
/* epoll data of a switch's ring buffer: consume it */
void switch_events(struct watched *w);
/* Ages out learned entries past the ageing time, a slice of the table per
 * call, and rebalances queues whose round is due. */
void switches_tick(void);
/* Ports whose VFs are gone give them back, waiting ones take free VFs:
 * every second, and soon after a link changed. */
void switches_iov(void);

/* ports.c: one pass over every port of every watched switch */
void ports_audit(void);

/* server.c: the socket monitor and xswctl talk to */
int server_open(void);
void server_close(void);
/* The listening socket (EP_SERVER) or a client (EP_CLIENT) is readable. */
void server_ready(struct ep *ep);
/* Sends @ev to every monitor that wants it. */
void server_send(json_object *ev);
/* Some monitor is connected. */
bool server_monitored(void);
/* Frees the clients closed during a round of epoll events. */
void server_reap(void);

#endif /* XSW_XSWD_H */
