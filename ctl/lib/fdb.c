// SPDX-License-Identifier: GPL-2.0
/* The forwarding database: learned and static (MAC, VLAN) -> port entries. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "event.h"
#include "fdb.h"
#include "fdbtab.h"
#include "feature.h"
#include "policy.h"
#include "util.h"

typedef int (*fdb_fn)(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		      const struct xsw_fdb_val *v, void *data);

/* Calls @fn for each static entry, from one batch snapshot. */
static int fdb_for_each_static(struct xsw_switch *sw, fdb_fn fn, void *data)
{
	struct bpf_map *map = sw->skel->maps.xsw_fdb_static;
	__u32 n = bpf_map__max_entries(map), got = 0, count, batch;
	struct xsw_fdb_key *keys = calloc(n, sizeof(*keys));
	struct xsw_fdb_val *vals = calloc(n, sizeof(*vals));
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	void *in = NULL;
	int err = 0, ret;

	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	do {
		count = n - got;
		ret = bpf_map_lookup_batch(bpf_map__fd(map), in, &batch, keys + got, vals + got,
					   &count, &opts);
		if (ret && errno != ENOENT) {
			err = -errno;
			goto out;
		}
		got += count;
		in = &batch;
	} while (!ret && got < n);
	for (__u32 i = 0; i < got && !err; i++)
		err = fn(sw, &keys[i], &vals[i], data);
out:
	free(keys);
	free(vals);
	return err;
}

/* Maps the switch's forwarding table: 0 or a negative errno. */
static int table_open(struct xsw_switch *sw, struct fdbtab *t)
{
	return fdbtab_open(t, bpf_map__fd(sw->skel->maps.xsw_fdb),
			   bpf_map__max_entries(sw->skel->maps.xsw_fdb), sw->cfg.fdb_seed);
}

struct walk {
	struct xsw_switch *sw;
	fdb_fn fn;
	void *data;
};

static int walk_one(const struct xsw_fdb_key *k, const struct xsw_fdb_val *v, void *data)
{
	struct walk *w = data;

	return w->fn(w->sw, k, v, w->data);
}

/* Calls @fn for each entry of the forwarding table: the learned ones and the
 * cached copies of static ones; @fn returns 1 to remove the entry. */
static int fdb_for_each_table(struct xsw_switch *sw, fdb_fn fn, void *data)
{
	struct walk w = { sw, fn, data };
	struct fdbtab t;
	int err = table_open(sw, &t);

	if (err)
		return err;
	err = fdbtab_for_each(&t, walk_one, &w);
	fdbtab_close(&t);
	return err;
}

struct flush {
	__u32 port;	/* only this port's, 0 = all */
	bool all;	/* static entries too */
	int count;
};

static int flush_static(struct xsw_switch *sw, const struct xsw_fdb_key *k,
			const struct xsw_fdb_val *v, void *data)
{
	struct flush *f = data;

	if (f->port && v->port != f->port)
		return 0;
	if (!bpf_map__delete_elem(sw->skel->maps.xsw_fdb_static, k, sizeof(*k), 0))
		f->count++;
	return 0;
}

/* Removes the learned entries, and the copies of the static ones a flush
 * of static entries has removed. */
static int flush_table(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		       const struct xsw_fdb_val *v, void *data)
{
	struct flush *f = data;
	bool is_static = v->flags & XSW_FDB_STATIC;

	(void)sw, (void)k;
	if ((f->port && v->port != f->port) || (is_static && !f->all))
		return 0;
	f->count += !is_static;
	return 1;
}

static int count_learned(struct xsw_switch *sw, const struct xsw_fdb_key *k,
			 const struct xsw_fdb_val *v, void *data)
{
	__u32 *n = data;

	(void)sw, (void)k;
	if (!(v->flags & XSW_FDB_STATIC) && v->port < XSW_MAX_PORTS)
		n[v->port]++;
	return 0;
}

int fdb_recount(struct xsw_switch *sw)
{
	__u32 *n = calloc(XSW_MAX_PORTS, sizeof(*n)), i;
	int err = n ? fdb_for_each_table(sw, count_learned, n) : -ENOMEM;

	for (i = 1; !err && i <= sw->cfg.max_port && i < XSW_MAX_PORTS; i++)
		err = bpf_map__update_elem(sw->skel->maps.xsw_learned, &i, sizeof(i), &n[i],
					   sizeof(n[i]), 0);
	free(n);
	return err;
}

int fdb_flush(struct xsw_switch *sw, __u32 port, bool all)
{
	struct flush f = { .port = port, .all = all };
	int err = 0;

	/* the static map first: the datapath caches from it what it misses */
	if (all)
		err = fdb_for_each_static(sw, flush_static, &f);
	if (!err)
		err = fdb_for_each_table(sw, flush_table, &f);
	switch_memos_void(sw);
	if (!err)
		err = fdb_recount(sw);
	return err ? err : f.count;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	/* the datapath stamps entries with bpf_ktime_get_coarse_ns() */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

struct listing {
	json_object *arr;
	bool is_static;	/* listing the static map; the table's static entries are copies */
	__u32 port;	/* only this port's, 0 = all */
};

static int show_one(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		    const struct xsw_fdb_val *v, void *data)
{
	bool is_static = v->flags & XSW_FDB_STATIC;
	__s64 age = xsw_fdb_age(v->seen, now_ns());
	struct xsw_port p;
	json_object *o;
	char mac[18];

	struct listing *l = data;

	if (is_static != l->is_static || (l->port && v->port != l->port))
		return 0;
	if (!is_static && age > (__s64)sw->cfg.ageing_ns)
		return 0;	/* aged out: the datapath ignores it too */
	if (port_get(sw, v->port, &p))
		memset(&p, 0, sizeof(p));
	format_mac(k->mac, mac);
	o = json_object_new_object();
	json_object_object_add(o, "switch", json_object_new_string(sw->name));
	json_object_object_add(o, "mac", json_object_new_string(mac));
	json_object_object_add(o, "vlan", json_object_new_int(k->vlan & XSW_VID_MASK));
	json_object_object_add(o, "port", json_str(p.name));
	json_object_object_add(o, "static", json_object_new_boolean(is_static));
	json_object_object_add(o, "age", is_static ? NULL :
			       json_object_new_int64(age > 0 ? age / 1000000000LL : 0));
	/* a MAC steered to the uplink: the port whose VF carries it */
	if (v->flags & XSW_FDB_IOV && port_get(sw, v->seen, &p))
		memset(&p, 0, sizeof(p));
	json_object_object_add(o, "iov", v->flags & XSW_FDB_IOV ? json_str(p.name) : NULL);
	json_object_array_add(l->arr, o);
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	json_object *const *x = a, *const *y = b;
	int r = strcmp(jstr(*x, "port"), jstr(*y, "port"));

	return r ? r : strcmp(jstr(*x, "mac"), jstr(*y, "mac"));
}

/* Opens a's switch; its port a->port, if given: the port's index, 0 for none. */
static int fdb_open(const struct xsw_fdb_args *a, struct xsw_switch *sw)
{
	struct xsw_port p;

	return switch_open_port(a->sw, a->port, sw, &p);
}

int xsw_fdb_show(const struct xsw_fdb_args *a, json_object **out)
{
	struct xsw_switch sw;
	json_object *arr;
	int index, err;

	*out = NULL;
	index = fdb_open(a, &sw);
	if (index < 0)
		return index;
	arr = json_object_new_array();
	err = fdb_for_each_table(&sw, show_one, &(struct listing){ arr, false, index });
	if (!err)
		err = fdb_for_each_static(&sw, show_one, &(struct listing){ arr, true, index });
	switch_close(&sw);
	if (err) {
		json_object_put(arr);
		return p_err(-err, "cannot read the FDB: %s", xsw_strerror(err));
	}
	json_object_array_sort(arr, entry_cmp);
	*out = arr;
	return 0;
}

/* Sets the table's entry of @k: 0 or a negative errno. */
static int table_put(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		     const struct xsw_fdb_val *v)
{
	struct fdbtab t;
	int err = table_open(sw, &t);

	if (err)
		return err;
	err = fdbtab_put(&t, k, v);
	fdbtab_close(&t);
	return err;
}

/* Sets the static entry @k -> @v and its copy in the table: 0 or -errno
 * (and no entry). */
static int static_put(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		      const struct xsw_fdb_val *v)
{
	struct xsw_fdb_val copy = { .port = v->port, .flags = XSW_FDB_STATIC };
	int err = bpf_map__update_elem(sw->skel->maps.xsw_fdb_static, k, sizeof(*k), v,
				       sizeof(*v), 0);

	if (!err) {
		err = table_put(sw, k, &copy);
		/* in place of a learned entry, whose port counts one MAC less */
		if (err > 0)
			err = fdb_recount(sw);
		/* a bucket of static entries only: the datapath reads the static map */
		if (err == -ENOSPC)
			err = 0;
	}
	if (err)
		bpf_map__delete_elem(sw->skel->maps.xsw_fdb_static, k, sizeof(*k), 0);
	switch_memos_void(sw);
	return err;
}

int xsw_fdb_add(const struct xsw_fdb_args *a)
{
	struct xsw_fdb_key k = { .vlan = a->vid };
	struct xsw_fdb_val v = { .flags = XSW_FDB_STATIC }, old;
	struct xsw_switch sw;
	char mac[18];
	int err, port;

	err = xsw_fdb_mac_check(a->mac);
	if (err)
		return err;
	port = fdb_open(a, &sw);
	if (port < 0)
		return port;
	v.port = port;
	memcpy(k.mac, a->mac, sizeof(k.mac));
	k.vlan = policy_fdb_vlan(&sw, v.port, a->vid);
	format_mac(a->mac, mac);
	if (xsw_cur()->apply &&
	    !bpf_map__lookup_elem(sw.skel->maps.xsw_fdb_static, &k, sizeof(k), &old, sizeof(old), 0) &&
	    old.port == v.port) {
		switch_close(&sw);
		return 0;	/* there already: the memos stay */
	}
	err = static_put(&sw, &k, &v);
	if (err)
		p_err(-err, "cannot add %s: %s", mac, xsw_strerror(err));
	switch_close(&sw);
	return err;
}

static int fdb_del_key(struct xsw_switch *sw, struct xsw_fdb_key *k)
{
	int err = bpf_map__delete_elem(sw->skel->maps.xsw_fdb_static, k, sizeof(*k), 0);
	struct fdbtab t;

	if (table_open(sw, &t))
		return err;
	if (!fdbtab_del(&t, k))
		err = 0;
	fdbtab_close(&t);
	return err;
}

/* -EBUSY, reported, when @k is the MAC of a port's VF, which only the VF's
 * release removes. */
static int steered_check(struct xsw_switch *sw, const struct xsw_fdb_key *k, const char *mac)
{
	struct xsw_fdb_val v;
	struct xsw_port p;

	if (bpf_map__lookup_elem(sw->skel->maps.xsw_fdb_static, k, sizeof(*k), &v, sizeof(v), 0) ||
	    !(v.flags & XSW_FDB_IOV))
		return 0;
	if (port_get(sw, v.seen, &p))
		memset(&p, 0, sizeof(p));
	return p_err(EBUSY, "%s is the MAC of port \"%s\", which its VF carries: the entry goes with the VF (port set ... iov weight 0)",
		     mac, p.name);
}

int xsw_fdb_del(const struct xsw_fdb_args *a)
{
	struct xsw_fdb_key k = { .vlan = a->vid };
	struct xsw_switch sw;
	char mac[18];
	int err;

	err = switch_open(a->sw, &sw);
	if (err)
		return err;
	memcpy(k.mac, a->mac, sizeof(k.mac));
	format_mac(a->mac, mac);
	err = steered_check(&sw, &k, mac) ?: fdb_del_key(&sw, &k);
	/* or the entry of a tag a port without VLAN settings sends */
	k.vlan |= XSW_VID_TRANSPARENT;
	if (err == -ENOENT && a->vid)
		err = steered_check(&sw, &k, mac) ?: fdb_del_key(&sw, &k);
	if (err == -ENOENT)
		p_err(ENOENT, "no FDB entry for %s on vlan %u", mac, a->vid);
	switch_memos_void(&sw);
	switch_close(&sw);
	return err;
}

int xsw_fdb_flush(const struct xsw_fdb_args *a)
{
	struct xsw_switch sw;
	int index, err;

	index = fdb_open(a, &sw);
	if (index < 0)
		return index;
	err = fdb_flush(&sw, index, false);
	switch_close(&sw);
	if (err >= 0)
		fdb_flushed_event(a->sw, a->port, err);
	return err < 0 ? err : 0;
}

void fdb_flushed_event(const char *sw, const char *port, int entries)
{
	json_object *ev = event_new(sw, "fdb", "flushed");

	json_object_object_add(ev, "port", port ? json_object_new_string(port) : NULL);
	json_object_object_add(ev, "entries", entries >= 0 ? json_object_new_int(entries) : NULL);
	event_notify(xsw_cur(), ev);
}

int xsw_fdb_mac_check(const uint8_t mac[6])
{
	static const uint8_t zero[6], bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const char *what = memcmp(mac, bcast, 6) ? "multicast" : "broadcast";
	char s[18];

	format_mac(mac, s);
	if (mac[0] & 1)
		return p_err(EINVAL, "bad MAC: %s is a %s address (%s always floods)", s, what,
			     what);
	if (!memcmp(mac, zero, sizeof(zero)))
		return p_err(EINVAL, "bad MAC: %s is not a station's address", s);
	return 0;
}

struct saving {
	__u32 port;
	const char *name;
	FILE *out;
};

static int save_one(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		    const struct xsw_fdb_val *v, void *data)
{
	struct saving *s = data;
	char mac[18];

	if (v->port != s->port || (v->flags & XSW_FDB_IOV))
		return 0;	/* a VF's MAC comes back with the VF */
	format_mac(k->mac, mac);
	fprintf(s->out, "fdb add %s %s port %s", sw->name, mac, s->name);
	if (k->vlan & XSW_VID_MASK)
		fprintf(s->out, " vlan %u", k->vlan & XSW_VID_MASK);
	fputc('\n', s->out);
	return 0;
}

static void fdb_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out)
{
	struct saving s = { index, p->name, out };

	fdb_for_each_static(sw, save_one, &s);
}

/* --- the MACs of ports whose VFs carry them (ctl/lib/iov.c) ----------------- */

int fdb_steer(struct xsw_switch *sw, const __u8 mac[6], __u16 vlan, __u32 to, __u32 owner)
{
	struct xsw_fdb_key k = { .vlan = vlan };
	struct xsw_fdb_val v = { .port = to, .flags = XSW_FDB_STATIC | XSW_FDB_IOV, .seen = owner };
	struct xsw_fdb_val old;

	memcpy(k.mac, mac, sizeof(k.mac));
	if (!bpf_map__lookup_elem(sw->skel->maps.xsw_fdb_static, &k, sizeof(k), &old, sizeof(old), 0) &&
	    !(old.flags & XSW_FDB_IOV))
		return -EEXIST;
	return static_put(sw, &k, &v);
}

static int unsteer_one(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		       const struct xsw_fdb_val *v, void *data)
{
	struct xsw_fdb_key key = *k;

	if (v->flags & XSW_FDB_IOV && v->seen == *(__u32 *)data)
		fdb_del_key(sw, &key);
	return 0;
}

void fdb_unsteer(struct xsw_switch *sw, __u32 owner)
{
	fdb_for_each_static(sw, unsteer_one, &owner);
	switch_memos_void(sw);
}

static void fdb_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	(void)p;
	fdb_flush(sw, index, true);
}

const struct port_feature fdb_feature = {
	.name = "fdb", .port_delete = fdb_port_delete, .save = fdb_save,
};
