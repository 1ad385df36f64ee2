// SPDX-License-Identifier: GPL-2.0
/* Extensions: the xsw_exts table, loading an extension object into a switch,
 * its state and order, and what it has counted. The chains that run them are
 * chain.c's. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "chain.h"
#include "ext.h"
#include "policy.h"
#include "util.h"

const char *const ext_kinds[] = { "capture", "filter", "forward", NULL };

#define LINKS_PREFIX "xsw_next_"	/* the SDK's name of an entry's links */

/* The links of entry @e in extension object @obj, or NULL. */
static struct bpf_map *entry_links(struct bpf_object *obj, const struct entry *e)
{
	char name[64];

	snprintf(name, sizeof(name), LINKS_PREFIX "%s", e->suffix);
	return bpf_object__find_map_by_name(obj, name);
}

/* The entry a program of an extension object is, by its name; NULL if none. */
static const struct entry *entry_of(const char *prog)
{
	size_t n = strlen(prog), m;
	unsigned int i;

	for (i = 0; i < ENTRIES; i++) {
		m = strlen(entries[i].suffix);
		if (n > m + 1 && prog[n - m - 1] == '_' && !strcmp(prog + n - m, entries[i].suffix))
			return &entries[i];
	}
	return NULL;
}

int ext_table_read(struct xsw_switch *sw, struct xsw_ext_rec recs[XSW_EXT_MAX])
{
	__u32 id;
	int err;

	for (id = 0; id < XSW_EXT_MAX; id++) {
		err = bpf_map__lookup_elem(sw->skel->maps.xsw_exts, &id, sizeof(id), &recs[id],
					   sizeof(recs[id]), 0);
		if (err)
			return err;
	}
	return 0;
}

static int ext_put(struct xsw_switch *sw, __u32 id, const struct xsw_ext_rec *rec)
{
	return bpf_map__update_elem(sw->skel->maps.xsw_exts, &id, sizeof(id), rec, sizeof(*rec), 0);
}

int ext_find(struct xsw_switch *sw, const char *name, struct xsw_ext_rec *rec)
{
	__u32 id;

	for (id = 0; id < XSW_EXT_MAX; id++)
		if (!bpf_map__lookup_elem(sw->skel->maps.xsw_exts, &id, sizeof(id), rec,
					  sizeof(*rec), 0) &&
		    rec->state != XSW_EXT_FREE && !strcmp(rec->name, name))
			return id;
	return -ENOENT;
}

static void ext_unpin(struct xsw_switch *sw, const char *name)
{
	char path[PATH_MAX];
	unsigned int i;

	for (i = 0; i < ENTRIES; i++) {
		entry_pin(sw, name, &entries[i], "", path, sizeof(path));
		unlink(path);
		entry_pin(sw, name, &entries[i], LINKS, path, sizeof(path));
		unlink(path);
	}
}

/* Hands the object the switch's maps (those named xsw_*) and checks what it
 * declares of itself. Returns 0 or a negative errno, reported. */
static int ext_prepare(struct xsw_switch *sw, struct bpf_object *obj, const char *file,
		       const struct ext_spec *spec, __u32 id, struct xsw_ext_rec *rec)
{
	struct xsw_ext_info info;
	const struct entry *e;
	struct bpf_program *prog;
	char path[PATH_MAX];
	struct bpf_map *map, *info_map = NULL;
	const void *init;
	size_t size;
	int fd, err;

	bpf_object__for_each_map(map, obj) {
		if (!strcmp(bpf_map__name(map), ".rodata.xsw"))
			info_map = map;
		if (bpf_map__is_internal(map) || strncmp(bpf_map__name(map), "xsw_", 4) ||
		    !strncmp(bpf_map__name(map), LINKS_PREFIX, strlen(LINKS_PREFIX)))
			continue;
		switch_pin_path(sw, bpf_map__name(map), path, sizeof(path));
		fd = bpf_obj_get(path);
		if (fd < 0)
			return p_err(EINVAL, "%s: map \"%s\" is not a map of the switch", file,
				     bpf_map__name(map));
		err = bpf_map__reuse_fd(map, fd);
		close(fd);
		if (err)
			return p_err(-err, "%s: cannot use the switch's map \"%s\": %s", file,
				     bpf_map__name(map), xsw_strerror(err));
	}
	init = info_map ? bpf_map__initial_value(info_map, &size) : NULL;
	if (!init || size < sizeof(info))
		return p_err(EINVAL, "%s is not an xsw extension (no XSW_EXTENSION declaration)",
			     file);
	memcpy(&info, init, sizeof(info));
	if (info.abi != XSW_EXT_ABI_VERSION)
		return p_err(EPROTO, "%s was built for extension ABI %u, this switch runs ABI %u: rebuild it against this include/xsw/ext.h",
			     file, info.abi, XSW_EXT_ABI_VERSION);
	if (info.kind != (__u32)spec->kind)
		return p_err(EINVAL, "%s is a %s extension, not a %s one", file,
			     info.kind < XSW_EXT_KIND__MAX ? ext_kinds[info.kind] : "unknown",
			     ext_kinds[spec->kind]);
	if (info.kind == XSW_EXT_FORWARD && !(info.caps & XSW_EXT_CAP_VLAN)) {
		if (policy_vlans_used(sw))
			return p_err(EBUSY, "%s forwards without VLAN capability (XSW_EXT_CAP_VLAN) and ports of switch \"%s\" have VLAN settings",
				     file, sw->name);
		rec->flags |= XSW_EXT_NO_VLAN;
	}
	info.id = id;
	err = bpf_map__set_initial_value(info_map, &info, sizeof(info));
	if (err)
		return p_err(-err, "%s: cannot set its id: %s", file, xsw_strerror(err));

	rec->dirs = 0;
	bpf_object__for_each_program(prog, obj) {
		e = entry_of(bpf_program__name(prog));
		if (!e)
			return p_err(EINVAL, "%s: program \"%s\" is not an XSW_INGRESS or XSW_EGRESS entry",
				     file, bpf_program__name(prog));
		if (!entry_links(obj, e))
			return p_err(EINVAL, "%s: entry \"%s\" has no links (%s%s): declare entries with XSW_INGRESS or XSW_EGRESS",
				     file, bpf_program__name(prog), LINKS_PREFIX, e->suffix);
		rec->dirs |= 1 << e->dir;
	}
	if (!rec->dirs)
		return p_err(EINVAL, "%s has no XSW_INGRESS or XSW_EGRESS entry", file);
	return 0;
}

/* What the datapath has counted for extension id @id. */
static int ext_counts(struct xsw_switch *sw, __u32 id, struct xsw_ext_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus(), cpu, err = 0;
	struct xsw_scratch sc[ncpu];
	__u32 dir;

	memset(sum, 0, sizeof(*sum));
	for (dir = 0; dir < XSW_DIR__MAX && !err; dir++) {
		err = bpf_map__lookup_elem(sw->skel->maps.xsw_scratch, &dir, sizeof(dir), sc,
					   sizeof(sc), 0);
		for (cpu = 0; !err && cpu < ncpu; cpu++) {
			sum->packets[dir] += sc[cpu].packets[id];
			sum->drops[dir] += sc[cpu].drops[id];
		}
	}
	return err;
}

/* Loads @obj as extension @id of the switch and pins its entries and their
 * links; what it declares goes to @rec. Leaves nothing behind on failure. */
static int ext_load(struct xsw_switch *sw, struct bpf_object *obj, const struct ext_spec *spec,
		    __u32 id, struct xsw_ext_rec *rec)
{
	struct bpf_program *prog;
	char path[PATH_MAX];
	int err;

	err = ext_prepare(sw, obj, spec->file, spec, id, rec);
	if (err)
		return err;
	err = bpf_object__load(obj);
	if (err)
		return p_err(-err, "%s: cannot load: %s (run with -v for the verifier log)",
			     spec->file, xsw_strerror(err));
	bpf_object__for_each_program(prog, obj) {
		const struct entry *e = entry_of(bpf_program__name(prog));

		entry_pin(sw, spec->name, e, "", path, sizeof(path));
		err = bpf_program__pin(prog, path);
		if (!err) {
			entry_pin(sw, spec->name, e, LINKS, path, sizeof(path));
			err = bpf_map__pin(entry_links(obj, e), path);
		}
		if (err) {
			ext_unpin(sw, spec->name);
			return p_err(-err, "cannot pin %s: %s", path, xsw_strerror(err));
		}
	}
	return 0;
}

int ext_reload(struct xsw_switch *sw, __u32 id, const struct xsw_ext_rec *rec,
	       struct bpf_object *obj)
{
	struct ext_spec spec = { .name = rec->name, .kind = rec->kind, .prio = rec->prio,
				 .flags = rec->flags, .file = "built-in" };
	struct xsw_ext_path path = {};
	struct xsw_ext_rec declared = {};
	struct bpf_object *file = NULL;
	int err;

	if (!obj) {
		err = bpf_map__lookup_elem(sw->skel->maps.xsw_ext_path, &id, sizeof(id), &path,
					   sizeof(path), 0);
		if (err)
			return p_err(-err, "cannot read the object of extension \"%s\": %s",
				     rec->name, xsw_strerror(err));
		path.path[sizeof(path.path) - 1] = '\0';
		spec.file = path.path;
		obj = file = bpf_object__open_file(path.path, NULL);
		if (!obj)
			return p_err(errno, "cannot open extension \"%s\" (%s): %s", rec->name,
				     path.path, xsw_strerror(errno));
	}
	err = ext_load(sw, obj, &spec, id, &declared);
	bpf_object__close(file);
	return err;
}

int ext_attach(struct xsw_switch *sw, struct bpf_object *obj, const struct ext_spec *spec)
{
	struct xsw_ext_rec recs[XSW_EXT_MAX], rec = {};
	struct xsw_ext_stats base;
	char path[PATH_MAX];
	__u64 seq = 0;
	int id = -1, i, err;

	err = ext_table_read(sw, recs);
	if (err)
		return p_err(-err, "cannot read the extension table: %s", xsw_strerror(err));
	for (i = XSW_EXT_MAX - 1; i >= 0; i--) {
		if (recs[i].state == XSW_EXT_FREE) {
			id = i;
			continue;
		}
		if (!strcmp(recs[i].name, spec->name))
			return p_err(EEXIST, "extension \"%s\" is already attached", spec->name);
		if (spec->kind == XSW_EXT_FORWARD && recs[i].kind == XSW_EXT_FORWARD)
			return p_err(EBUSY, "switch \"%s\" already has forwarding extension \"%s\": one per switch",
				     sw->name, recs[i].name);
		seq = seq > recs[i].seq ? seq : recs[i].seq;
	}
	if (id < 0)
		return p_err(ENOSPC, "switch \"%s\" has %d extensions, the most it takes", sw->name,
			     XSW_EXT_MAX);

	err = ext_load(sw, obj, spec, id, &rec);
	if (err)
		return err;

	err = ext_counts(sw, id, &base) ?:
	      bpf_map__update_elem(sw->skel->maps.xsw_ext_base, &id, sizeof(id), &base,
				   sizeof(base), 0);
	if (err) {
		p_err(-err, "cannot start the extension's counters: %s", xsw_strerror(err));
		goto err_unpin;
	}
	/* the object's path, for save: built-in ones have none */
	snprintf(path, sizeof(path), "%s", spec->flags & XSW_EXT_BUILTIN ? "" : spec->file);
	err = bpf_map__update_elem(sw->skel->maps.xsw_ext_path, &id, sizeof(id), path,
				   sizeof(struct xsw_ext_path), 0);
	if (err) {
		p_err(-err, "cannot record the extension's object: %s", xsw_strerror(err));
		goto err_unpin;
	}
	snprintf(rec.name, sizeof(rec.name), "%s", spec->name);
	rec.kind = spec->kind;
	rec.state = spec->enable ? XSW_EXT_ENABLED : XSW_EXT_DISABLED;
	rec.flags |= spec->flags;
	rec.prio = spec->prio;
	rec.seq = seq + 1;
	err = ext_put(sw, id, &rec);
	if (err) {
		p_err(-err, "cannot write the extension table: %s", xsw_strerror(err));
		goto err_unpin;
	}
	if (!spec->enable)
		return 0;
	err = chain_rebuild(sw);
	if (!err)
		return 0;
	rec.state = XSW_EXT_FREE;
	ext_put(sw, id, &rec);
err_unpin:
	ext_unpin(sw, spec->name);
	return err;
}

/* Sets extension @name's state (-1: keep) and prio (NULL: keep); the chains
 * follow when it is or was enabled, and XSW_EXT_FREE detaches it. All or
 * nothing. */
static int ext_update(struct xsw_switch *sw, const char *name, int state, const __s32 *prio)
{
	struct xsw_ext_rec rec, was;
	int id = ext_find(sw, name, &rec), err;

	if (id < 0)
		return p_err(ENOENT, "no extension \"%s\" on switch \"%s\"", name, sw->name);
	was = rec;
	if (state >= 0)
		rec.state = state;
	if (prio)
		rec.prio = *prio;
	err = ext_put(sw, id, &rec);
	if (!err && (was.state == XSW_EXT_ENABLED || rec.state == XSW_EXT_ENABLED))
		err = chain_rebuild(sw);
	if (err) {
		ext_put(sw, id, &was);
		return err;
	}
	if (rec.state == XSW_EXT_FREE)
		ext_unpin(sw, name);
	return 0;
}

int ext_set_state(struct xsw_switch *sw, const char *name, int state)
{
	return ext_update(sw, name, state, NULL);
}

/* Extension @id's counters since it attached. */
static int ext_stats_read(struct xsw_switch *sw, __u32 id, struct xsw_ext_stats *sum)
{
	struct xsw_ext_stats base;
	int err, d;

	err = ext_counts(sw, id, sum) ?:
	      bpf_map__lookup_elem(sw->skel->maps.xsw_ext_base, &id, sizeof(id), &base,
				   sizeof(base), 0);
	for (d = 0; !err && d < XSW_DIR__MAX; d++) {
		sum->packets[d] -= base.packets[d];
		sum->drops[d] -= base.drops[d];
	}
	return err;
}

/* Position of @id in @order, 1-based, or 0. */
static int position(const int *order, int n, int id)
{
	int i;

	for (i = 0; i < n; i++)
		if (order[i] == id)
			return i + 1;
	return 0;
}

static json_object *dir_json(__u64 in, __u64 out)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "ingress", json_object_new_uint64(in));
	json_object_object_add(o, "egress", json_object_new_uint64(out));
	return o;
}

static json_object *ext_json(struct xsw_switch *sw)
{
	static const char *const states[] = { "free", "disabled", "enabled" };
	int order[XSW_DIR__MAX][XSW_EXT_MAX], n[XSW_DIR__MAX], all[XSW_EXT_MAX], m, i, d;
	struct xsw_ext_rec recs[XSW_EXT_MAX];
	json_object *arr = json_object_new_array(), *o;
	struct xsw_ext_stats st;

	if (ext_table_read(sw, recs))
		return arr;
	for (d = 0; d < XSW_DIR__MAX; d++)
		n[d] = ext_order(recs, d, order[d]);
	/* enabled ones in ingress order, then the disabled */
	m = ext_sorted(recs, all);
	for (i = 0; i < XSW_EXT_MAX; i++)
		if (recs[i].state == XSW_EXT_DISABLED)
			all[m++] = i;
	for (i = 0; i < m; i++) {
		const struct xsw_ext_rec *r = &recs[all[i]];

		o = json_object_new_object();
		json_object_object_add(o, "switch", json_object_new_string(sw->name));
		json_object_object_add(o, "extension", json_object_new_string(r->name));
		json_object_object_add(o, "kind", json_object_new_string(ext_kinds[r->kind]));
		json_object_object_add(o, "state", json_object_new_string(states[r->state]));
		json_object_object_add(o, "prio", json_object_new_int(r->prio));
		json_object_object_add(o, "builtin", json_object_new_boolean(r->flags & XSW_EXT_BUILTIN));
		json_object_object_add(o, "order", dir_json(position(order[0], n[0], all[i]),
							    position(order[1], n[1], all[i])));
		if (!ext_stats_read(sw, all[i], &st)) {
			json_object_object_add(o, "packets", dir_json(st.packets[0], st.packets[1]));
			json_object_object_add(o, "drops", dir_json(st.drops[0], st.drops[1]));
		}
		json_object_array_add(arr, o);
	}
	return arr;
}


/* --- operations ------------------------------------------------------------ */

/* Extension @id is what @a attaches: same kind, object, prio and state. */
static bool ext_is(struct xsw_switch *sw, int id, const struct xsw_ext_rec *rec,
		   const struct xsw_ext_args *a, const char *path)
{
	struct xsw_ext_path was;

	return !bpf_map__lookup_elem(sw->skel->maps.xsw_ext_path, &id, sizeof(id), &was,
				     sizeof(was), 0) &&
	       !strcmp(was.path, path) && rec->kind == a->kind && rec->prio == a->prio &&
	       (rec->state == XSW_EXT_ENABLED) == a->enable;
}

int xsw_ext_attach(const struct xsw_ext_args *a)
{
	struct ext_spec spec = {
		.name = a->name, .kind = a->kind, .prio = a->prio, .enable = a->enable,
	};
	char path[PATH_MAX];
	struct xsw_ext_rec rec;
	struct bpf_object *obj;
	struct xsw_switch sw;
	int id, err;

	if (!strncmp(a->name, "xsw", 3) || !strcmp(a->name, ACL_EXT) ||
	    !strcmp(a->name, CAPTURE_EXT))
		return p_err(EINVAL, "extension name \"%s\" is reserved", a->name);
	/* saved by its absolute path, so a restore finds it from anywhere */
	if (!realpath(a->object, path))
		return p_err(errno, "cannot open %s: %s", a->object, xsw_strerror(errno));
	if (strlen(path) >= XSW_PATH_LEN)
		return p_err(ENAMETOOLONG, "%s: a path of at most %d characters, please", path,
			     XSW_PATH_LEN - 1);
	spec.file = path;
	err = switch_open(a->sw, &sw);
	if (err)
		return err;
	id = ext_find(&sw, a->name, &rec);
	if (id >= 0 && xsw_cur()->apply && ext_is(&sw, id, &rec, a, path)) {
		switch_close(&sw);
		return 0;
	}
	obj = bpf_object__open_file(a->object, NULL);
	if (!obj) {
		err = p_err(errno, "cannot open %s: %s", a->object, xsw_strerror(errno));
	} else {
		err = ext_attach(&sw, obj, &spec);
		bpf_object__close(obj);
	}
	switch_close(&sw);
	return err;
}

/* Sets extension a->name's state (-1: keep) and prio (NULL: keep), unless it
 * is built in: those belong to the command that attaches them. */
static int ext_change(const struct xsw_ext_args *a, int state, const __s32 *prio)
{
	struct xsw_ext_rec rec;
	struct xsw_switch sw;
	int err;

	err = switch_open(a->sw, &sw);
	if (err)
		return err;
	if (ext_find(&sw, a->name, &rec) >= 0 && (rec.flags & XSW_EXT_BUILTIN))
		err = p_err(EPERM, "extension \"%s\" is built in: %s", a->name,
			    !strcmp(a->name, ACL_EXT) ?
			    "it is in the chain while the switch has ACL rules (acl add/del)" :
			    "it runs while `xswctl capture` does (one left by a killed capture goes with the next capture)");
	else
		err = ext_update(&sw, a->name, state, prio);
	switch_close(&sw);
	return err;
}

int xsw_ext_enable(const struct xsw_ext_args *a)
{
	return ext_change(a, XSW_EXT_ENABLED, NULL);
}

int xsw_ext_disable(const struct xsw_ext_args *a)
{
	return ext_change(a, XSW_EXT_DISABLED, NULL);
}

int xsw_ext_detach(const struct xsw_ext_args *a)
{
	return ext_change(a, XSW_EXT_FREE, NULL);
}

int xsw_ext_set(const struct xsw_ext_args *a)
{
	return ext_change(a, -1, a->has_prio ? &a->prio : NULL);
}

int xsw_ext_show(const char *sw_name, json_object **out)
{
	struct xsw_switch sw;
	int err;

	*out = NULL;
	err = switch_open(sw_name, &sw);
	if (err)
		return err;
	*out = ext_json(&sw);
	switch_close(&sw);
	return 0;
}

static const struct xsw_ext_rec *save_recs;

static int seq_cmp(const void *a, const void *b)
{
	__u64 x = save_recs[*(const int *)a].seq, y = save_recs[*(const int *)b].seq;

	return x < y ? -1 : x > y;
}

void ext_save(struct xsw_switch *sw, FILE *out)
{
	struct xsw_ext_rec recs[XSW_EXT_MAX];
	int order[XSW_EXT_MAX], n = 0, i;
	struct xsw_ext_path path;
	__u32 id;

	if (ext_table_read(sw, recs))
		return;
	for (i = 0; i < XSW_EXT_MAX; i++)
		if (recs[i].state != XSW_EXT_FREE && !(recs[i].flags & XSW_EXT_BUILTIN))
			order[n++] = i;
	/* attached in the same order, the latest-first rule orders them the same */
	save_recs = recs;
	qsort(order, n, sizeof(*order), seq_cmp);
	for (i = 0; i < n; i++) {
		const struct xsw_ext_rec *r = &recs[order[i]];

		id = order[i];
		if (bpf_map__lookup_elem(sw->skel->maps.xsw_ext_path, &id, sizeof(id), &path,
					 sizeof(path), 0))
			continue;
		fprintf(out, "ext attach %s %s kind %s object ", sw->name, r->name, ext_kinds[r->kind]);
		save_word(out, path.path);
		fprintf(out, " prio %d enable %s\n", r->prio,
			r->state == XSW_EXT_ENABLED ? "on" : "off");
	}
}
