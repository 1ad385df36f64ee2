// SPDX-License-Identifier: GPL-2.0
/* `xswctl fdb ...`: the learned and static (MAC, VLAN) -> port entries. */
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

#include "cli.h"
#include "fdb.h"
#include "log.h"
#include "util.h"

typedef int (*fdb_fn)(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		      const struct xsw_fdb_val *v, void *data);

/* Calls @fn for each entry of @map, from one batch snapshot (a key-by-key
 * walk of an LRU that the datapath evicts from can restart and repeat). */
static int fdb_for_each(struct xsw_switch *sw, struct bpf_map *map, fdb_fn fn, void *data)
{
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

struct flush {
	__u32 port;
	int count;
};

static int flush_one(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		     const struct xsw_fdb_val *v, void *data)
{
	struct flush *f = data;

	if (f->port && v->port != f->port)
		return 0;
	if (v->flags & XSW_FDB_STATIC)
		bpf_map__delete_elem(sw->skel->maps.xsw_fdb_static, k, sizeof(*k), 0);
	if (!bpf_map__delete_elem(sw->skel->maps.xsw_fdb, k, sizeof(*k), 0) ||
	    (v->flags & XSW_FDB_STATIC))
		f->count++;
	return 0;
}

static int flush_learned(struct xsw_switch *sw, const struct xsw_fdb_key *k,
			 const struct xsw_fdb_val *v, void *data)
{
	return v->flags & XSW_FDB_STATIC ? 0 : flush_one(sw, k, v, data);
}

void fdb_changed(struct xsw_switch *sw)
{
	__u64 *gen = switch_map_mmap(sw->skel->maps.xsw_fdb_gen);

	if (!gen) {
		pr_warn("xswctl: warning: cannot void the datapath's memos: %s\n", strerror(errno));
		return;
	}
	__atomic_fetch_add(gen, 1, __ATOMIC_SEQ_CST);
	switch_map_munmap(gen);
}

int fdb_flush(struct xsw_switch *sw, __u32 port, bool all)
{
	struct flush f = { .port = port };
	int err = fdb_for_each(sw, sw->skel->maps.xsw_fdb, flush_learned, &f);

	if (!err && all)
		err = fdb_for_each(sw, sw->skel->maps.xsw_fdb_static, flush_one, &f);
	fdb_changed(sw);
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
	bool is_static;	/* listing the static map; the LRU's static entries are copies */
};

static int show_one(struct xsw_switch *sw, const struct xsw_fdb_key *k,
		    const struct xsw_fdb_val *v, void *data)
{
	bool is_static = v->flags & XSW_FDB_STATIC;
	__s64 age = now_ns() - v->seen_ns;
	struct xsw_port p;
	json_object *o;
	char mac[18];

	struct listing *l = data;

	if (is_static != l->is_static)
		return 0;
	if (!is_static && age > (__s64)sw->cfg.ageing_ns)
		return 0;	/* aged out: the datapath ignores it too */
	if (port_get(sw, v->port, &p))
		memset(&p, 0, sizeof(p));
	format_mac(k->mac, mac);
	o = json_object_new_object();
	json_object_object_add(o, "mac", json_object_new_string(mac));
	json_object_object_add(o, "vlan", json_object_new_int(k->vlan));
	json_object_object_add(o, "port", json_object_new_string(p.name));
	json_object_object_add(o, "static", json_object_new_boolean(is_static));
	if (!is_static)
		json_object_object_add(o, "age", json_object_new_int64(age > 0 ? age / 1000000000LL : 0));
	json_object_array_add(l->arr, o);
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	json_object *const *x = a, *const *y = b;
	int r = strcmp(jstr(*x, "port"), jstr(*y, "port"));

	return r ? r : strcmp(jstr(*x, "mac"), jstr(*y, "mac"));
}

static void fdb_text(json_object *arr)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i), *age;

		printf("%s vlan %" PRId64 " port %s", jstr(e, "mac"), jint(e, "vlan"), jstr(e, "port"));
		if (json_object_object_get_ex(e, "age", &age))
			printf(" learned age %" PRId64 "s\n", json_object_get_int64(age));
		else
			printf(" static\n");
	}
}

static int run_fdb(const struct xsw_req *req)
{
	struct xsw_fdb_key k = { .vlan = req->vid };
	struct xsw_fdb_val v = { .flags = XSW_FDB_STATIC };
	struct xsw_switch sw;
	struct xsw_port p;
	json_object *arr;
	char mac[18];
	int err, index = 0;

	index = switch_open_port(req->sw, req->port, &sw, &p);
	if (index < 0)
		return index;
	memcpy(k.mac, req->mac, sizeof(k.mac));
	format_mac(req->mac, mac);
	switch (req->cmd) {
	case CMD_SHOW:
		arr = json_object_new_array();
		err = fdb_for_each(&sw, sw.skel->maps.xsw_fdb, show_one,
				   &(struct listing){ arr, false });
		if (!err)
			err = fdb_for_each(&sw, sw.skel->maps.xsw_fdb_static, show_one,
					   &(struct listing){ arr, true });
		if (err) {
			json_object_put(arr);
			p_err(-err, "cannot read the FDB: %s", strerror(-err));
			goto out;
		}
		json_object_array_sort(arr, entry_cmp);
		xsw_print(arr, fdb_text);
		goto out;
	case CMD_ADD:
		v.port = index;
		err = bpf_map__update_elem(sw.skel->maps.xsw_fdb_static, &k, sizeof(k), &v,
					   sizeof(v), 0);
		if (!err)
			err = bpf_map__update_elem(sw.skel->maps.xsw_fdb, &k, sizeof(k), &v,
						   sizeof(v), 0);
		if (err) {
			bpf_map__delete_elem(sw.skel->maps.xsw_fdb_static, &k, sizeof(k), 0);
			p_err(-err, "cannot add %s: %s", mac, strerror(-err));
		}
		fdb_changed(&sw);
		break;
	case CMD_DEL:
		err = bpf_map__delete_elem(sw.skel->maps.xsw_fdb_static, &k, sizeof(k), 0);
		err = bpf_map__delete_elem(sw.skel->maps.xsw_fdb, &k, sizeof(k), 0) ? err : 0;
		if (err == -ENOENT)
			p_err(ENOENT, "no FDB entry for %s on vlan %u", mac, req->vid);
		fdb_changed(&sw);
		break;
	default:
		err = fdb_flush(&sw, index, false);
		err = err < 0 ? err : 0;
		break;
	}
	if (!err)
		xsw_print_done();
out:
	switch_close(&sw);
	return err;
}

static int arg_mac(struct args *a, struct xsw_req *req)
{
	const char *w = arg_next(a, "MAC address");

	if (!w)
		return -EINVAL;
	if (parse_mac(w, req->mac))
		return p_err(EINVAL, "bad MAC \"%s\": use aa:bb:cc:dd:ee:ff", w);
	req->has_mac = true;
	return 0;
}

static int parse_fdb(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = { "show", "add", "del", "flush", NULL };
	static const enum xsw_cmd ids[] = { CMD_SHOW, CMD_ADD, CMD_DEL, CMD_FLUSH };
	struct args a = { argc, argv };
	const char *w;

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req) || arg_switch_name(&a, req))
		return -EINVAL;
	if (req->cmd == CMD_SHOW)
		return args_end(&a);
	if ((req->cmd == CMD_ADD || req->cmd == CMD_DEL) && arg_mac(&a, req))
		return -EINVAL;
	if (req->has_mac && req->mac[0] & 1)
		return p_err(EINVAL, "bad MAC: %s is a multicast address (multicast always floods)",
			     argv[2]);
	while (a.argc > 0) {
		w = arg_next(&a, "argument");
		if (!strcmp(w, "port") && req->cmd != CMD_DEL) {
			if (arg_port_name(&a, req))
				return -EINVAL;
		} else if (!strcmp(w, "vlan") && req->cmd != CMD_FLUSH) {
			if (!(w = arg_next(&a, "VID")))
				return -EINVAL;
			if (parse_vid(w, &req->vid))
				return p_err(EINVAL, "VID out of range: \"%s\" (0-%d)", w, XSW_VID_MAX);
		} else {
			return p_err(EINVAL, "unexpected argument \"%s\"", w);
		}
	}
	if (req->cmd == CMD_ADD && !req->port)
		return p_err(EINVAL, "missing port PORT");
	return 0;
}

static void help_fdb(void)
{
	fprintf(stderr,
		"Usage: xswctl fdb show SWITCH\n"
		"       xswctl fdb add SWITCH MAC port PORT [ vlan VID ]\n"
		"       xswctl fdb del SWITCH MAC [ vlan VID ]\n"
		"       xswctl fdb flush SWITCH [ port PORT ]\n"
		"Where: MAC is a unicast aa:bb:cc:dd:ee:ff, VID 0-%d (0 = untagged).\n"
		"       add makes a static entry: it never ages and learning never moves it.\n"
		"       flush removes learned entries; static ones go with del.\n",
		XSW_VID_MAX);
}

const struct xsw_object fdb_object = {
	.name = "fdb", .parse = parse_fdb, .run = run_fdb, .help = help_fdb,
};
