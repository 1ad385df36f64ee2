// SPDX-License-Identifier: GPL-2.0
/* xswd's audit of every port of every watched switch, after any change of
 * links or TC hooks and every few seconds (nothing tells when someone
 * detaches an XDP link): a device deleted or moved away sends its port back
 * to waiting for it; a renamed one is recorded under its new name; one that
 * goes down or up sets the port's down flag; a program someone removed is
 * attached again; a device that appears completes the port waiting for it.
 * Each is an event and logged; the configuration is saved after a change. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <net/if.h>

#include "event.h"
#include "oper.h"
#include "port.h"
#include "repair.h"
#include "save.h"
#include "xswd.h"

static json_object *port_event(struct watched *w, const char *kind, const char *what,
			       const struct xsw_port *p)
{
	json_object *ev = event_new(w->name, kind, what);

	json_object_object_add(ev, "port", json_object_new_string(p->name));
	json_object_object_add(ev, "dev", json_object_new_string(p->dev));
	return ev;
}

/* Ends an event of a repair that failed: why, from the context. */
static void failed(json_object *ev, int err)
{
	json_object_object_add(ev, "error", json_object_new_string(*xswd_ctx.msg ?
		xswd_ctx.msg : xsw_strerror(err)));
}

/* A repair that failed waits before it is tried again: 1 s, doubling up to
 * RETRY_MAX, so a device that refuses xsw does not make a loop of audits
 * (each try changes the device, which notifies, which audits). */
#define RETRY_MAX 64.0
#define RETRIES	  128

static struct retry {
	char sw[XSW_SWITCH_NAME_LEN];
	__u32 port;		/* 0: a free entry */
	double at, delay;
} retries[RETRIES];

/* The entry of port @i of switch @sw ("" and 0: a free one). */
static struct retry *retry_of(const char *sw, __u32 i)
{
	for (int r = 0; r < RETRIES; r++)
		if (retries[r].port == i && !strcmp(retries[r].sw, sw))
			return &retries[r];
	return NULL;
}

static bool may_try(struct watched *w, __u32 i)
{
	struct retry *r = retry_of(w->name, i);

	return !r || xswd_now() >= r->at;
}

static void tried(struct watched *w, __u32 i, int err)
{
	struct retry *r = retry_of(w->name, i);

	if (!err) {
		if (r)
			memset(r, 0, sizeof(*r));
		return;
	}
	if (!r)
		r = retry_of("", 0);
	if (!r)
		return;		/* full: it is tried at every audit */
	if (!r->port) {
		snprintf(r->sw, sizeof(r->sw), "%s", w->name);
		r->port = i;
		r->delay = 0.5;
	}
	r->delay = r->delay * 2 < RETRY_MAX ? r->delay * 2 : RETRY_MAX;
	r->at = xswd_now() + r->delay;
}

/* Port @i, waiting for its device: there it is. */
static bool complete(struct watched *w, __u32 i, const struct xsw_port *p)
{
	struct xsw_port_args a = { .sw = w->name, .port = p->name, .dev = p->dev,
				   .mode = p->mode, .nic_type = p->nic_type, .state = p->want };
	json_object *ev = port_event(w, "port", "completed", p);
	int err;

	xsw_ctx_use(&xswd_ctx);
	err = xsw_port_add(&a);
	if (err)
		failed(ev, err);
	xswd_event(ev);
	tried(w, i, err);
	return !err;
}

/* One port: what the kernel has of it against what the port says. */
static bool audit_port(struct watched *w, __u32 i, const struct xsw_port *p)
{
	struct port_oper_info o;
	json_object *ev;
	int err;

	if (!may_try(w, i))
		return false;
	if (p->flags & XSW_PF_WAITING)
		return p->netns == netns_self() && if_nametoindex(p->dev) && complete(w, i, p);
	if (!port_has_nic(p))
		return false;
	port_oper(&w->sw, p, &o);
	/* another name and none of our programs: another device took the
	 * ifindex of the port's, which is gone */
	if (o.oper == PORT_OPER_DETACHED && strcmp(o.dev, p->dev))
		o.oper = PORT_OPER_GONE;
	switch (o.oper) {
	case PORT_OPER_NONE:
	case PORT_OPER_ELSEWHERE:	/* not ours to see: xswd watches its own namespace */
		return false;
	case PORT_OPER_GONE:
		ev = port_event(w, "port", "gone", p);
		err = port_device_lost(&w->sw, i);
		if (err)
			failed(ev, err);
		else
			json_object_object_add(ev, "state", json_object_new_string("waiting"));
		xswd_event(ev);
		tried(w, i, err);
		return true;
	default:
		break;
	}
	if (strcmp(o.dev, p->dev)) {
		ev = event_new(w->name, "port", "renamed");
		json_object_object_add(ev, "port", json_object_new_string(p->name));
		json_object_object_add(ev, "dev", json_object_new_string(o.dev));
		json_object_object_add(ev, "old_dev", json_object_new_string(p->dev));
		err = port_renamed(&w->sw, i, o.dev);
		if (err)
			failed(ev, err);
		xswd_event(ev);
		return true;	/* the next round sees the rest */
	}
	if (o.oper == PORT_OPER_DETACHED) {
		ev = port_event(w, "repair", "reattached", p);
		json_object_object_add(ev, "missing", json_object_new_string(o.missing));
		err = port_reattach(&w->sw, i);
		if (err)
			failed(ev, err);
		xswd_event(ev);
		tried(w, i, err);
		return !err;
	}
	if ((o.oper == PORT_OPER_DOWN) != !!p->down) {
		ev = port_event(w, "port", o.oper == PORT_OPER_DOWN ? "down" : "up", p);
		err = port_set_down(&w->sw, i, o.oper == PORT_OPER_DOWN);
		if (err)
			failed(ev, err);
		xswd_event(ev);
	}
	return false;
}

void ports_audit(void)
{
	bool changed = false;
	struct watched *w;
	struct xsw_port p;

	xsw_ctx_use(&xswd_ctx);
	if (xsw_begin(&xswd_ctx, true)) {
		xswd_log(LOG_ERR, "%s", xswd_ctx.msg);
		xsw_end(&xswd_ctx);
		return;
	}
	switches_scan();
	for (w = watched; w; w = w->next)
		for (__u32 i = 1; i <= w->sw.cfg.max_port && i < XSW_MAX_PORTS; i++)
			if (!port_get(&w->sw, i, &p) && p.state != XSW_PORT_FREE)
				changed |= audit_port(w, i, &p);
	xsw_end(&xswd_ctx);
	if (changed)
		autosave(&xswd_ctx);
}
