// SPDX-License-Identifier: GPL-2.0
/* `xswctl ext ...`: extensions and the chains that run them.
 *
 * An extension's entries are pinned as ext-<name>-<entry> in the switch's
 * directory, each with its links (include/xsw/ext.h) as ext-<name>-<entry>-next,
 * and listed in the xsw_exts map. The chains are rebuilt from that table
 * after every change: written into the idle bank of the heads and links,
 * switched to with one atomic store per direction, and the old bank is
 * cleared only once no CPU can still be running it (membarrier), so a change
 * under traffic neither loses a packet nor misses a tail call. The links
 * must stay pinned: the kernel empties a prog array nobody holds.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "ext.h"
#include "log.h"
#include "util.h"

static const char *const kind_names[] = { "capture", "filter", "forward", NULL };

/* An entry of an extension object: the program name's suffix, as the SDK's
 * XSW_INGRESS/XSW_EGRESS macros make it, and where it goes. */
struct entry {
	const char *suffix;
	int dir;		/* enum xsw_dir */
	int hook;		/* enum xsw_hook */
};

static const struct entry entries[] = {
	{ "xdp_in", XSW_DIR_INGRESS, XSW_HOOK_XDP },
	{ "cpu_in", XSW_DIR_INGRESS, XSW_HOOK_CPU },
	{ "tc_in", XSW_DIR_INGRESS, XSW_HOOK_TC },
	{ "xdp_eg", XSW_DIR_EGRESS, XSW_HOOK_XDP },
	{ "tc_eg", XSW_DIR_EGRESS, XSW_HOOK_TC },
};

/* Where entry @e of extension @ext is pinned (@what ""), or its links
 * (@what LINKS). */
#define LINKS "-next"
static void entry_pin(struct xsw_switch *sw, const char *ext, const struct entry *e,
		      const char *what, char *path, size_t len)
{
	char name[64];

	snprintf(name, sizeof(name), "ext-%s-%s%s", ext, e->suffix, what);
	switch_pin_path(sw, name, path, len);
}

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

	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		m = strlen(entries[i].suffix);
		if (n > m + 1 && prog[n - m - 1] == '_' && !strcmp(prog + n - m, entries[i].suffix))
			return &entries[i];
	}
	return NULL;
}

/* The head of the chain @e belongs to: the switch's prog array that starts it. */
static struct bpf_map *chain_head(struct xsw_switch *sw, const struct entry *e)
{
	if (e->hook == XSW_HOOK_CPU)
		return sw->skel->maps.xsw_cpu_in;
	if (e->hook == XSW_HOOK_TC)
		return e->dir == XSW_DIR_INGRESS ? sw->skel->maps.xsw_tc_in : sw->skel->maps.xsw_tc_out;
	return e->dir == XSW_DIR_INGRESS ? sw->skel->maps.xsw_xdp_in : sw->skel->maps.xsw_xdp_out;
}

/* The built-in last stage of the chain @e belongs to. */
static struct bpf_program *chain_end(struct xsw_switch *sw, const struct entry *e)
{
	if (e->hook == XSW_HOOK_CPU)
		return sw->skel->progs.xsw_cpu_end;
	if (e->hook == XSW_HOOK_TC)
		return e->dir == XSW_DIR_INGRESS ? sw->skel->progs.xsw_tc_end :
						   sw->skel->progs.xsw_tc_txend;
	return e->dir == XSW_DIR_INGRESS ? sw->skel->progs.xsw_xdp_end : sw->skel->progs.xsw_xdp_txend;
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

/* Hyper-V's order on ingress: captures, filters, the built-in policy, the
 * forwarder. Within a place: lower prio first, then the latest attached. */
static int ext_place(const struct xsw_ext_rec *r)
{
	if (r->flags & XSW_EXT_POLICY)
		return 2;
	return r->kind == XSW_EXT_CAPTURE ? 0 : r->kind == XSW_EXT_FILTER ? 1 : 3;
}

static const struct xsw_ext_rec *sort_recs;

static int ext_cmp(const void *a, const void *b)
{
	const struct xsw_ext_rec *x = &sort_recs[*(const int *)a], *y = &sort_recs[*(const int *)b];

	if (ext_place(x) != ext_place(y))
		return ext_place(x) - ext_place(y);
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->seq > y->seq ? -1 : x->seq < y->seq;
}

/* Ids of the enabled extensions in ingress order. */
static int ext_sorted(const struct xsw_ext_rec recs[XSW_EXT_MAX], int all[XSW_EXT_MAX])
{
	int n = 0, i;

	for (i = 0; i < XSW_EXT_MAX; i++)
		if (recs[i].state == XSW_EXT_ENABLED)
			all[n++] = i;
	sort_recs = recs;
	qsort(all, n, sizeof(*all), ext_cmp);
	return n;
}

int ext_order(const struct xsw_ext_rec recs[XSW_EXT_MAX], int dir, int order[XSW_EXT_MAX])
{
	int all[XSW_EXT_MAX], n = ext_sorted(recs, all), m = 0, i;

	/* egress runs the stack the other way round */
	for (i = 0; i < n; i++) {
		int id = dir == XSW_DIR_INGRESS ? all[i] : all[n - 1 - i];

		if (recs[id].dirs & (1 << dir))
			order[m++] = id;
	}
	return m;
}

/* An fd of pinned object @path of extension @name, or a negative errno,
 * reported. */
static int ext_obj_get(const char *name, const char *path)
{
	int fd = bpf_obj_get(path);

	if (fd < 0)
		return p_err(errno, "extension \"%s\" is damaged: %s: %s", name, path,
			     strerror(errno));
	return fd;
}

/* Fills bank @bank of chain @e: the head links to the first of the stages
 * of @order, each stage to the next, the last to the end. */
static int bank_write(struct xsw_switch *sw, const struct entry *e, __u32 bank,
		      const struct xsw_ext_rec *recs, const int *order, int n)
{
	int i, links, prog, err = 0;
	char path[PATH_MAX];

	for (i = 0; i <= n && !err; i++) {
		if (i == 0) {
			links = bpf_map__fd(chain_head(sw, e));
		} else {
			entry_pin(sw, recs[order[i - 1]].name, e, LINKS, path, sizeof(path));
			links = ext_obj_get(recs[order[i - 1]].name, path);
		}
		if (i < n) {
			entry_pin(sw, recs[order[i]].name, e, "", path, sizeof(path));
			prog = ext_obj_get(recs[order[i]].name, path);
		} else {
			prog = switch_prog_fd(sw, chain_end(sw, e));
		}
		err = links < 0 ? links : prog < 0 ? prog : 0;
		if (!err && bpf_map_update_elem(links, &bank, &prog, 0))
			err = p_err(errno, "cannot fill the %s chain: %s", e->suffix,
				    strerror(errno));
		if (i > 0 && links >= 0)
			close(links);
		if (prog >= 0)
			close(prog);
	}
	return err;
}

/* Empties bank @bank of chain @e: its head and the links of every
 * extension that has held a table slot (one just detached still has its
 * pins, and someone may hold its object open). */
static void bank_clear(struct xsw_switch *sw, const struct entry *e, __u32 bank,
		       const struct xsw_ext_rec *recs)
{
	char path[PATH_MAX];
	int id, fd;

	bpf_map__delete_elem(chain_head(sw, e), &bank, sizeof(bank), 0);
	for (id = 0; id < XSW_EXT_MAX; id++) {
		if (!recs[id].name[0])
			continue;
		entry_pin(sw, recs[id].name, e, LINKS, path, sizeof(path));
		fd = bpf_obj_get(path);
		if (fd >= 0) {
			bpf_map_delete_elem(fd, &bank);
			close(fd);
		}
	}
}

/* Waits until every CPU has left any BPF program it was running. */
static int wait_readers(void)
{
	return syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) ? -errno : 0;
}

int chain_rebuild(struct xsw_switch *sw)
{
	struct xsw_ext_rec recs[XSW_EXT_MAX];
	int order[XSW_DIR__MAX][XSW_EXT_MAX], n[XSW_DIR__MAX], err;
	__u32 old[XSW_DIR__MAX], bank, dir;
	struct xsw_chain *ch;
	unsigned int i;

	err = ext_table_read(sw, recs);
	if (err)
		return p_err(-err, "cannot read the extension table: %s", strerror(-err));
	ch = switch_map_mmap(sw->skel->maps.xsw_chain);
	if (!ch)
		return p_err(errno, "cannot map the chains: %s", strerror(errno));
	for (dir = 0; dir < XSW_DIR__MAX; dir++) {
		n[dir] = ext_order(recs, dir, order[dir]);
		old[dir] = __atomic_load_n(&ch->dir[dir], __ATOMIC_ACQUIRE);
	}
	/* build the new chains in the idle banks... */
	for (i = 0; i < ARRAY_SIZE(entries) && !err; i++) {
		dir = entries[i].dir;
		err = bank_write(sw, &entries[i], !XSW_CHAIN_BANK(old[dir]), recs, order[dir],
				 n[dir]);
	}
	if (err) {
		for (i = 0; i < ARRAY_SIZE(entries); i++)
			bank_clear(sw, &entries[i], !XSW_CHAIN_BANK(old[entries[i].dir]), recs);
		goto out;
	}
	/* ...switch to them... */
	for (dir = 0; dir < XSW_DIR__MAX; dir++) {
		bank = !XSW_CHAIN_BANK(old[dir]);
		__atomic_store_n(&ch->dir[dir], bank << 8 | (n[dir] + 1), __ATOMIC_RELEASE);
	}
	/* ...and release the old ones once nothing runs them. The new chains
	 * are in force: from here on there is no going back. */
	if (wait_readers()) {
		pr_warn("xswctl: warning: membarrier: %m: the previous chains stay loaded until the next change\n");
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(entries); i++)
		bank_clear(sw, &entries[i], XSW_CHAIN_BANK(old[entries[i].dir]), recs);
out:
	switch_map_munmap(ch);
	return err;
}

static void ext_unpin(struct xsw_switch *sw, const char *name)
{
	char path[PATH_MAX];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		entry_pin(sw, name, &entries[i], "", path, sizeof(path));
		unlink(path);
		entry_pin(sw, name, &entries[i], LINKS, path, sizeof(path));
		unlink(path);
	}
}

/* Hands the object the switch's maps (those named xsw_*) and checks what it
 * declares of itself. Returns 0 or a negative errno, reported. */
static int ext_prepare(struct xsw_switch *sw, struct bpf_object *obj, const char *file,
		       const struct ext_spec *spec, __u32 id, __u8 *dirs)
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
				     bpf_map__name(map), strerror(-err));
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
			     info.kind < XSW_EXT_KIND__MAX ? kind_names[info.kind] : "unknown",
			     kind_names[spec->kind]);
	info.id = id;
	err = bpf_map__set_initial_value(info_map, &info, sizeof(info));
	if (err)
		return p_err(-err, "%s: cannot set its id: %s", file, strerror(-err));

	*dirs = 0;
	bpf_object__for_each_program(prog, obj) {
		e = entry_of(bpf_program__name(prog));
		if (!e)
			return p_err(EINVAL, "%s: program \"%s\" is not an XSW_INGRESS or XSW_EGRESS entry",
				     file, bpf_program__name(prog));
		if (!entry_links(obj, e))
			return p_err(EINVAL, "%s: entry \"%s\" has no links (%s%s): declare entries with XSW_INGRESS or XSW_EGRESS",
				     file, bpf_program__name(prog), LINKS_PREFIX, e->suffix);
		*dirs |= 1 << e->dir;
	}
	if (!*dirs)
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

int ext_attach(struct xsw_switch *sw, struct bpf_object *obj, const struct ext_spec *spec)
{
	struct xsw_ext_rec recs[XSW_EXT_MAX], rec = {};
	struct xsw_ext_stats base;
	struct bpf_program *prog;
	char path[PATH_MAX];
	__u64 seq = 0;
	int id = -1, i, err;

	err = ext_table_read(sw, recs);
	if (err)
		return p_err(-err, "cannot read the extension table: %s", strerror(-err));
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

	err = ext_prepare(sw, obj, spec->file, spec, id, &rec.dirs);
	if (err)
		return err;
	err = bpf_object__load(obj);
	if (err)
		return p_err(-err, "%s: cannot load: %s (run with -v for the verifier log)",
			     spec->file, strerror(-err));
	bpf_object__for_each_program(prog, obj) {
		const struct entry *e = entry_of(bpf_program__name(prog));

		entry_pin(sw, spec->name, e, "", path, sizeof(path));
		err = bpf_program__pin(prog, path);
		if (!err) {
			entry_pin(sw, spec->name, e, LINKS, path, sizeof(path));
			err = bpf_map__pin(entry_links(obj, e), path);
		}
		if (err) {
			p_err(-err, "cannot pin %s: %s", path, strerror(-err));
			goto err_unpin;
		}
	}

	err = ext_counts(sw, id, &base) ?:
	      bpf_map__update_elem(sw->skel->maps.xsw_ext_base, &id, sizeof(id), &base,
				   sizeof(base), 0);
	if (err) {
		p_err(-err, "cannot start the extension's counters: %s", strerror(-err));
		goto err_unpin;
	}
	snprintf(rec.name, sizeof(rec.name), "%s", spec->name);
	rec.kind = spec->kind;
	rec.state = spec->enable ? XSW_EXT_ENABLED : XSW_EXT_DISABLED;
	rec.flags = spec->flags;
	rec.prio = spec->prio;
	rec.seq = seq + 1;
	err = ext_put(sw, id, &rec);
	if (err) {
		p_err(-err, "cannot write the extension table: %s", strerror(-err));
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
		json_object_object_add(o, "name", json_object_new_string(r->name));
		json_object_object_add(o, "kind", json_object_new_string(kind_names[r->kind]));
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

static void ext_text(json_object *arr)
{
	size_t i;

	printf("%-16s %-8s %-9s %5s %4s %4s %12s %12s %10s %10s\n", "NAME", "KIND", "STATE", "PRIO",
	       "IN#", "OUT#", "PKTS-IN", "PKTS-OUT", "DROPS-IN", "DROPS-OUT");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i), *ord, *pk, *dr;
		char in[8] = "-", out[8] = "-";

		json_object_object_get_ex(o, "order", &ord);
		json_object_object_get_ex(o, "packets", &pk);
		json_object_object_get_ex(o, "drops", &dr);
		if (jint(ord, "ingress"))
			snprintf(in, sizeof(in), "%" PRId64, jint(ord, "ingress"));
		if (jint(ord, "egress"))
			snprintf(out, sizeof(out), "%" PRId64, jint(ord, "egress"));
		printf("%-16s %-8s %-9s %5" PRId64 " %4s %4s %12" PRId64 " %12" PRId64 " %10" PRId64
		       " %10" PRId64 "\n",
		       jstr(o, "name"), jstr(o, "kind"), jstr(o, "state"), jint(o, "prio"), in, out,
		       jint(pk, "ingress"), jint(pk, "egress"), jint(dr, "ingress"),
		       jint(dr, "egress"));
	}
}

static int run_ext(const struct xsw_req *req)
{
	struct ext_spec spec = {
		.name = req->ext, .file = req->object, .kind = req->kind, .prio = req->prio,
		.enable = req->enable == 1,
	};
	struct bpf_object *obj;
	struct xsw_switch sw;
	int err;

	err = switch_open(req->sw, &sw);
	if (err)
		return err;
	switch (req->cmd) {
	case CMD_SHOW:
		xsw_print(ext_json(&sw), ext_text);
		goto out;
	case CMD_ATTACH:
		obj = bpf_object__open_file(req->object, NULL);
		if (!obj) {
			err = p_err(errno, "cannot open %s: %s", req->object, strerror(errno));
			goto out;
		}
		err = ext_attach(&sw, obj, &spec);
		bpf_object__close(obj);
		break;
	case CMD_SET:
		err = ext_update(&sw, req->ext, -1, &req->prio);
		break;
	default:
		err = ext_set_state(&sw, req->ext,
				    req->cmd == CMD_ENABLE ? XSW_EXT_ENABLED :
				    req->cmd == CMD_DISABLE ? XSW_EXT_DISABLED : XSW_EXT_FREE);
		break;
	}
	if (!err)
		xsw_print_done();
out:
	switch_close(&sw);
	return err;
}

static int arg_ext_name(struct args *a, struct xsw_req *req)
{
	req->ext = arg_next(a, "extension name");
	if (!req->ext)
		return -EINVAL;
	/* bpffs refuses '.' in pin names */
	if (!name_valid(req->ext, XSW_NAME_LEN) || strchr(req->ext, '.'))
		return p_err(EINVAL, "bad extension name \"%s\": 1-%d characters of A-Z a-z 0-9 _ -",
			     req->ext, XSW_NAME_LEN - 1);
	return 0;
}

static int arg_prio(struct args *a, struct xsw_req *req)
{
	const char *w = arg_next(a, "prio");
	uint32_t v;

	if (!w)
		return -EINVAL;
	if (parse_u32(w, 0, 1000000, &v))
		return p_err(EINVAL, "bad prio \"%s\": 0-1000000", w);
	req->prio = v;
	req->has_prio = true;
	return 0;
}

static int parse_ext(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = {
		"show", "attach", "detach", "enable", "disable", "set", NULL
	};
	static const enum xsw_cmd ids[] = {
		CMD_SHOW, CMD_ATTACH, CMD_DETACH, CMD_ENABLE, CMD_DISABLE, CMD_SET
	};
	static const char *const on_off[] = { "off", "on", NULL };
	struct args a = { argc, argv };
	const char *w;

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req) || arg_switch_name(&a, req))
		return -EINVAL;
	if (req->cmd == CMD_SHOW)
		return args_end(&a);
	if (arg_ext_name(&a, req))
		return -EINVAL;
	if (req->cmd == CMD_SET) {
		if (!(w = arg_next(&a, "prio PRIO")))
			return -EINVAL;
		if (strcmp(w, "prio"))
			return p_err(EINVAL, "unexpected argument \"%s\"", w);
		return arg_prio(&a, req) ?: args_end(&a);
	}
	if (req->cmd != CMD_ATTACH)
		return args_end(&a);
	while (a.argc > 0) {
		w = arg_next(&a, "argument");
		if (!strcmp(w, "kind")) {
			if (!(w = arg_next(&a, "kind")))
				return -EINVAL;
			req->kind = word_index(w, kind_names);
			if (req->kind < 0)
				return p_err(EINVAL, "bad kind \"%s\": capture, filter or forward", w);
		} else if (!strcmp(w, "object")) {
			if (!(req->object = arg_next(&a, "object file")))
				return -EINVAL;
		} else if (!strcmp(w, "prio")) {
			if (arg_prio(&a, req))
				return -EINVAL;
		} else if (!strcmp(w, "enable")) {
			if (!(w = arg_next(&a, "on or off")))
				return -EINVAL;
			req->enable = word_index(w, on_off);
			if (req->enable < 0)
				return p_err(EINVAL, "bad enable \"%s\": on or off", w);
		} else {
			return p_err(EINVAL, "unexpected argument \"%s\"", w);
		}
	}
	if (req->kind < 0)
		return p_err(EINVAL, "missing kind { capture | filter | forward }");
	if (!req->object)
		return p_err(EINVAL, "missing object FILE.o");
	if (!strncmp(req->ext, "xsw", 3) || !strcmp(req->ext, "acl") || !strcmp(req->ext, "capture"))
		return p_err(EINVAL, "extension name \"%s\" is reserved", req->ext);
	return 0;
}

static void help_ext(void)
{
	fprintf(stderr,
		"Usage: xswctl ext attach SWITCH NAME kind { capture | filter | forward } object FILE.o\n"
		"                         [ prio N ] [ enable { on | off } ]\n"
		"       xswctl ext { enable | disable | detach } SWITCH NAME\n"
		"       xswctl ext set SWITCH NAME prio N\n"
		"       xswctl ext show SWITCH\n"
		"Where: FILE.o is built against include/xsw/ext.h (see examples/extensions/).\n"
		"       Ingress runs captures, filters, the built-in policy (acl), then the one\n"
		"       forwarding extension; egress runs them the other way round. Within a\n"
		"       kind, lower prio first (default 0), then the latest attached.\n"
		"       An extension is attached disabled unless enable on.\n");
}

const struct xsw_object ext_object = {
	.name = "ext", .parse = parse_ext, .run = run_ext, .help = help_ext,
};
