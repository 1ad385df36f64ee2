// SPDX-License-Identifier: GPL-2.0
/* The switches xswd watches: found under the root at every round, held open
 * in between; their FDB events (the datapath's ring buffer), the ageing
 * sweep, the VMQ rebalancer's rounds, and their ports' VFs (iov). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "event.h"
#include "fdb.h"
#include "fdbtab.h"
#include "iov.h"
#include "repair.h"
#include "util.h"
#include "xswd.h"

#define SWEEP_BUCKETS 16384	/* buckets the ageing sweep looks at per switch a round */

struct watched *watched;

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* The id of switch @name's pinned xsw_ports now, 0 if none. */
static __u32 pinned_id(struct xsw_switch *sw)
{
	char path[PATH_MAX];
	__u32 id;
	int fd;

	switch_pin_path(sw, "xsw_ports", path, sizeof(path));
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	id = map_id(fd);
	close(fd);
	return id;
}

static json_object *fdb_event_json(struct watched *w, const struct xsw_fdb_event *e)
{
	static const char *const what[] = { [XSW_EV_FDB_LEARNED] = "learned",
					     [XSW_EV_FDB_MOVED] = "moved",
					     [XSW_EV_FDB_AGED] = "aged" };
	struct xsw_port p = {}, from = {};
	json_object *ev;
	__u8 mac[6];
	char text[18];

	for (int i = 0; i < 6; i++)
		mac[i] = e->key >> (8 * i);
	format_mac(mac, text);
	port_get(&w->sw, e->port, &p);
	ev = event_new(w->name, "fdb", e->type < ARRAY_SIZE(what) && what[e->type] ?
				       what[e->type] : "unknown");
	json_object_object_add(ev, "mac", json_object_new_string(text));
	json_object_object_add(ev, "vlan", json_object_new_int((e->key >> 48) & XSW_VID_MASK));
	json_object_object_add(ev, "port", json_str(p.name));
	if (e->type == XSW_EV_FDB_MOVED) {
		port_get(&w->sw, e->from, &from);
		json_object_object_add(ev, "old_port", json_str(from.name));
	}
	return ev;
}

static int on_fdb_event(void *ctx, void *data, size_t len)
{
	/* a MAC flood is many events: made only for someone to see them */
	if (len >= sizeof(struct xsw_fdb_event) && (xswd_verbosity || server_monitored()))
		xswd_event(fdb_event_json(ctx, data));
	return 0;
}

static int discard(void *ctx, void *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	return 0;
}

static void unwatch(struct watched *w)
{
	if (w->rb)
		ring_buffer__free(w->rb);
	if (w->sw.skel)
		switch_close(&w->sw);
	free(w->sample);
	free(w);
}

static struct watched *watch(const char *name)
{
	struct epoll_event e = { .events = EPOLLIN };
	struct watched *w = calloc(1, sizeof(*w));
	int err;

	if (!w)
		return NULL;
	w->ep.kind = EP_SWITCH;
	snprintf(w->name, sizeof(w->name), "%s", name);
	err = switch_open(name, &w->sw);
	if (err) {
		w->sw.skel = NULL;
		goto err;
	}
	w->map_id = map_id(bpf_map__fd(w->sw.skel->maps.xsw_ports));
	/* what the datapath wrote while nobody read is old news */
	w->rb = ring_buffer__new(bpf_map__fd(w->sw.skel->maps.xsw_events), discard, NULL, NULL);
	if (!w->rb) {
		p_err(errno, "cannot read the events of switch \"%s\": %s", name,
		      xsw_strerror(errno));
		goto err;
	}
	ring_buffer__consume(w->rb);
	ring_buffer__free(w->rb);
	w->rb = ring_buffer__new(bpf_map__fd(w->sw.skel->maps.xsw_events), on_fdb_event, w, NULL);
	e.data.ptr = w;
	if (!w->rb || epoll_ctl(xswd_epoll, EPOLL_CTL_ADD, ring_buffer__epoll_fd(w->rb), &e)) {
		p_err(errno, "cannot read the events of switch \"%s\": %s", name,
		      xsw_strerror(errno));
		goto err;
	}
	return w;
err:
	unwatch(w);
	return NULL;
}

static bool seen(const char *name, char (*names)[XSW_SWITCH_NAME_LEN], int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* The switches that could not be opened: logged when first met. */
struct names {
	char (*name)[XSW_SWITCH_NAME_LEN];
	int n;
};

static struct names refused, refused_now;

static void names_add(struct names *ns, const char *name)
{
	char (*more)[XSW_SWITCH_NAME_LEN] = realloc(ns->name, (ns->n + 1) * sizeof(*more));

	if (!more)
		return;
	ns->name = more;
	snprintf(ns->name[ns->n++], sizeof(*more), "%s", name);
}

static int scan_one(const char *name, void *data)
{
	struct watched *w;

	(void)data;
	for (w = watched; w; w = w->next)
		if (!strcmp(w->name, name))
			return 0;
	xsw_ctx_use(&xswd_ctx);
	w = watch(name);
	if (w) {
		w->next = watched;
		watched = w;
		xswd_log(LOG_INFO, "watching switch %s", name);
		return 0;
	}
	if (!seen(name, refused.name, refused.n))
		xswd_log(LOG_WARNING, "cannot watch switch %s: %s", name, xswd_ctx.msg);
	names_add(&refused_now, name);
	return 0;
}

void switches_scan(void)
{
	struct watched **pp = &watched, *w;
	__u32 zero = 0;

	/* gone, or made again (other maps) since the last round */
	while ((w = *pp)) {
		if (pinned_id(&w->sw) == w->map_id) {
			bpf_map__lookup_elem(w->sw.skel->maps.xsw_config, &zero, sizeof(zero),
					     &w->sw.cfg, sizeof(w->sw.cfg), 0);
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		xswd_log(LOG_INFO, "switch %s is gone", w->name);
		unwatch(w);
	}
	refused_now.n = 0;
	switch_for_each(scan_one, NULL);
	/* one refused no more (deleted, upgraded) is news again next time */
	free(refused.name);
	refused = refused_now;
	refused_now = (struct names){};
}

void switches_release(void)
{
	struct watched *w;
	struct xsw_port p;

	/* forwarding never depends on xswd: no port stays marked down */
	xsw_ctx_use(&xswd_ctx);
	if (xsw_begin(&xswd_ctx, true) == 0)
		for (w = watched; w; w = w->next)
			for (__u32 i = 1; i <= w->sw.cfg.max_port && i < XSW_MAX_PORTS; i++)
				if (!port_get(&w->sw, i, &p) && p.down)
					port_set_down(&w->sw, i, false);
	xsw_end(&xswd_ctx);
}

void switches_free(void)
{
	struct watched *w;

	while ((w = watched)) {
		watched = w->next;
		unwatch(w);
	}
	free(refused.name);
}

void switch_events(struct watched *w)
{
	ring_buffer__consume(w->rb);
}

static __u64 coarse_ns(void)
{
	struct timespec ts;

	/* the datapath stamps entries with bpf_ktime_get_coarse_ns() */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int aged(const struct xsw_fdb_key *k, const struct xsw_fdb_val *v, void *data)
{
	struct xsw_fdb_event e = { .port = v->port, .type = XSW_EV_FDB_AGED,
				   .key = xsw_fdb_slot_key(k->mac, k->vlan) };

	xswd_event(fdb_event_json(data, &e));
	return 0;
}

/* The ageing sweep of one slice of @w's table. */
static void sweep(struct watched *w)
{
	struct xsw_switch *sw = &w->sw;
	__u32 buckets = sw->cfg.fdb_mask + 1;
	struct fdbtab t;
	int n;

	if (fdbtab_open(&t, bpf_map__fd(sw->skel->maps.xsw_fdb), buckets, sw->cfg.fdb_seed))
		return;
	if (w->sweep >= buckets)
		w->sweep = 0;
	n = fdbtab_expire(&t, w->sweep, SWEEP_BUCKETS, coarse_ns(), sw->cfg.ageing_ns, aged, w);
	fdbtab_close(&t);
	w->sweep += SWEEP_BUCKETS;
	/* the learning limits count what is left */
	if (n > 0)
		fdb_recount(sw);
}

/* A rebalancer round of @w, when its interval is over; then the next. */
static void balance(struct watched *w)
{
	json_object *out = NULL, *moves, *m, *ev;
	size_t i;

	if (!(w->sw.cfg.vmq & XSW_VMQ_ON)) {
		free(w->sample);
		w->sample = NULL;
		return;
	}
	if (w->sample && xswd_now() < w->balance_at)
		return;
	if (w->sample && !xsw_vmq_balance(w->name, w->sample, &out) &&
	    json_object_object_get_ex(out, "moves", &moves)) {
		for (i = 0; i < json_object_array_length(moves); i++) {
			m = json_object_array_get_idx(moves, i);
			ev = event_new(w->name, "vmq", "moved");
			json_object_object_foreach(m, key, val)
				if (strcmp(key, "switch"))
					json_object_object_add(ev, key, json_object_get(val));
			xswd_event(ev);
		}
	}
	json_object_put(out);
	if (!w->sample)
		w->sample = calloc(1, sizeof(*w->sample));
	if (w->sample && !xsw_vmq_sample(w->name, w->sample))
		w->balance_at = xswd_now() + (w->sample->interval ?: 1);
}

static void iov_event(const struct xsw_port *p, const char *what, __u32 vf, const char *why,
		      void *data)
{
	struct watched *w = data;
	json_object *ev = event_new(w->name, "iov", what);

	json_object_object_add(ev, "port", json_object_new_string(p->name));
	json_object_object_add(ev, "pf", json_object_new_string(w->sw.cfg.uplink));
	json_object_object_add(ev, "vf", json_object_new_int(vf));
	if (why)
		json_object_object_add(ev, "why", json_object_new_string(why));
	xswd_event(ev);
}

void switches_tick(void)
{
	struct watched *w;

	for (w = watched; w; w = w->next) {
		sweep(w);
		balance(w);
	}
}

void switches_iov(void)
{
	struct watched *w;

	/* a port whose VF is gone falls back to its own device */
	for (w = watched; w; w = w->next)
		iov_reconcile(&w->sw, iov_event, w);
}
