// SPDX-License-Identifier: GPL-2.0
/* switch upgrade: a switch another build made (an older map layout) moved
 * onto this build's datapath while it forwards.
 *
 *  1. this build's datapath is loaded beside the old one, in <root>/NAME~up,
 *     its maps sized as the old ones are;
 *  2. every map's entries are copied (a value that grew is zero-filled at its
 *     end), but those that hold programs or inner maps, which are made again
 *     for the new programs (devmaps, cpumap, VLAN flood sets, the extension
 *     chains, each extension loaded again from its object), and caches;
 *  3. each port's links are updated in place to the new programs (XDP, tcx)
 *     and its cls_bpf filters replaced: a device is never without a program,
 *     and every chain is complete before the first port moves;
 *  4. the new directory takes the switch's name; the old pins go.
 * Frames in flight finish on the old programs and maps. Killed on its way,
 * it leaves the old switch forwarding (some ports perhaps on the new
 * programs already): upgrade_recover() and a new switch upgrade finish it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "acl.h"
#include "attach.h"
#include "chain.h"
#include "ext.h"
#include "fdbtab.h"
#include "foreign.h"
#include "port.h"
#include "switch.h"
#include "upgrade.h"
#include "util.h"
#include "vlanflood.h"

/* Switch @name's side directory <root>/NAME~WHAT (bpffs takes no '.', a
 * switch name no '~'): an upgrade's new datapath ("up"), or the old one on
 * its way out ("old"). */
static void side_init(struct xsw_switch *sw, const char *name, const char *what)
{
	switch_init(sw, name);
	snprintf(sw->dir, sizeof(sw->dir), "%.192s/%.13s" XSW_SIDE "%.3s", xsw_cur()->root, name,
		 what);
}

void upgrade_recover(const char *name)
{
	struct xsw_switch sw, up, old;

	switch_init(&sw, name);
	side_init(&up, name, "up");
	side_init(&old, name, "old");
	if (access(old.dir, F_OK))
		return;
	/* killed between its two renames: the new datapath is complete */
	if (access(sw.dir, F_OK) && !access(up.dir, F_OK))
		rename(up.dir, sw.dir);
	if (!access(sw.dir, F_OK))
		switch_unpin_dir(&old);
}

void upgrade_abandon(const char *name)
{
	struct xsw_switch up;

	upgrade_recover(name);
	side_init(&up, name, "up");
	if (access(up.dir, F_OK))
		return;
	switch_sweep(&up);
	switch_unpin_dir(&up);
}

/* Maps the new datapath makes again rather than copies: those that hold
 * programs or maps, the event ring, and the memo (a cache). */
static bool made_again(const struct bpf_map *map)
{
	switch (bpf_map__type(map)) {
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_RINGBUF:
		return true;
	default:
		return !strcmp(bpf_map__name(map), "xsw_memo");
	}
}

/* The old switch's map @name: its fd and info, or a negative errno. */
static int old_map(struct xsw_switch *old, const char *name, struct bpf_map_info *info)
{
	char path[PATH_MAX];
	__u32 len = sizeof(*info);
	int fd;

	switch_pin_path(old, name, path, sizeof(path));
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len)) {
		close(fd);
		return -errno;
	}
	return fd;
}

/* The maps switch add sizes (fdb-size, max-ports, the CPUs); the others
 * have the size this build gives them. */
static bool sized(const struct bpf_map *map)
{
	static const char *const names[] = { "xsw_fdb", "xsw_tx", "xsw_tx_direct", "xsw_policy",
					     "xsw_cpus" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(bpf_map__name(map), names[i]))
			return true;
	return false;
}

/* This build's datapath, the maps switch add sizes as large as the old
 * switch's. */
static struct xsw *skel_like(struct xsw_switch *old)
{
	struct bpf_map_info info;
	struct bpf_map *map;
	struct xsw *skel = xsw__open();
	int fd, err = 0;

	if (!skel)
		return NULL;
	bpf_object__for_each_map(map, skel->obj) {
		if (!sized(map))
			continue;
		fd = old_map(old, bpf_map__name(map), &info);
		if (fd < 0)
			continue;	/* a map the old layout did not have */
		if (info.type == bpf_map__type(map))
			err = err ?: bpf_map__set_max_entries(map, info.max_entries);
		close(fd);
	}
	/* a row per FDB bucket, in a map older layouts did not have */
	err = err ?: bpf_map__set_max_entries(skel->maps.xsw_fdb_known,
					      bpf_map__max_entries(skel->maps.xsw_fdb));
	err = err ?: xsw__load(skel);
	if (err) {
		xsw__destroy(skel);
		errno = -err;
		return NULL;
	}
	return skel;
}

static size_t stride(__u32 value_size)
{
	return (value_size + 7) & ~7u;
}

#define CHUNK 4096	/* entries a batch moves */
#ifndef ENOTSUPP
#define ENOTSUPP 524	/* the kernel's "no batches for this map type" */
#endif

/* A copy of one map: the values of @n entries, from the old size to the new. */
struct copy {
	int from, to, ncpu;
	size_t ks, olds, news;	/* key size, value sizes (per CPU) */
	char *keys, *ov, *nv;	/* CHUNK keys and values */
};

static void convert(struct copy *c, __u32 n, __u32 old_size)
{
	memset(c->nv, 0, (size_t)n * c->ncpu * c->news);
	for (size_t i = 0; i < (size_t)n * c->ncpu; i++)
		memcpy(c->nv + i * c->news, c->ov + i * c->olds, old_size);
}

/* In batches of CHUNK: -EINVAL or -ENOTSUPP where the map type has none. */
static int copy_batched(struct copy *c, __u32 old_size)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u32 batch, n;
	void *in = NULL;
	int ret;

	do {
		n = CHUNK;
		ret = bpf_map_lookup_batch(c->from, in, &batch, c->keys, c->ov, &n, &opts);
		if (ret && errno != ENOENT)
			return -errno;
		in = &batch;
		convert(c, n, old_size);
		if (n && bpf_map_update_batch(c->to, c->keys, c->nv, &n, &opts))
			return -errno;
	} while (!ret);
	return 0;
}

/* One entry at a time (an LPM trie has no batches). */
static int copy_each(struct copy *c, __u32 old_size)
{
	char *key = c->keys, *next = c->keys + c->ks;

	for (void *prev = NULL; !bpf_map_get_next_key(c->from, prev, next); prev = key) {
		memcpy(key, next, c->ks);
		if (bpf_map_lookup_elem(c->from, key, c->ov))
			continue;	/* deleted meanwhile */
		convert(c, 1, old_size);
		if (bpf_map_update_elem(c->to, key, c->nv, 0))
			return -errno;
	}
	return 0;
}

/* Copies every entry of the old map @from into @to, each value zero-filled
 * past the old size. */
static int map_copy(int from, const struct bpf_map_info *fi, struct bpf_map *to)
{
	bool percpu = bpf_map__type(to) == BPF_MAP_TYPE_PERCPU_ARRAY ||
		      bpf_map__type(to) == BPF_MAP_TYPE_PERCPU_HASH ||
		      bpf_map__type(to) == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	struct copy c = { .from = from, .to = bpf_map__fd(to),
			  .ncpu = percpu ? libbpf_num_possible_cpus() : 1, .ks = fi->key_size,
			  .olds = percpu ? stride(fi->value_size) : fi->value_size,
			  .news = percpu ? stride(bpf_map__value_size(to)) : bpf_map__value_size(to) };
	int err;

	if (fi->type != bpf_map__type(to) || fi->key_size != bpf_map__key_size(to) ||
	    fi->value_size > bpf_map__value_size(to))
		return p_err(EPROTO, "map %s cannot be converted: type %u, key %u, value %u bytes, this build has %u, %u, %u",
			     bpf_map__name(to), fi->type, fi->key_size, fi->value_size,
			     bpf_map__type(to), bpf_map__key_size(to), bpf_map__value_size(to));
	c.keys = calloc(CHUNK + 1, c.ks);
	c.ov = calloc((size_t)CHUNK * c.ncpu, c.olds);
	c.nv = calloc((size_t)CHUNK * c.ncpu, c.news);
	err = c.keys && c.ov && c.nv ? copy_batched(&c, fi->value_size) : -ENOMEM;
	if (err == -EINVAL || err == -ENOTSUPP || err == -EOPNOTSUPP)
		err = copy_each(&c, fi->value_size);
	free(c.keys);
	free(c.ov);
	free(c.nv);
	return err ? p_err(-err, "cannot copy map %s: %s", bpf_map__name(to), xsw_strerror(err)) : 0;
}

/* Devmap @to holds what the old one holds, with the new egress program
 * @prog where the old had one. */
static int devmap_remake(int from, struct bpf_map *to, int prog)
{
	struct bpf_devmap_val v;
	__u32 key, *prev = NULL;

	while (!bpf_map_get_next_key(from, prev, &key)) {
		prev = &key;
		memset(&v, 0, sizeof(v));
		if (bpf_map_lookup_elem(from, &key, &v))
			continue;
		v.bpf_prog.fd = v.bpf_prog.id ? prog : 0;
		if (bpf_map__update_elem(to, &key, sizeof(key), &v, sizeof(v), 0))
			return p_err(errno, "cannot fill %s: %s", bpf_map__name(to),
				     xsw_strerror(errno));
	}
	return 0;
}

/* The cpumap: the CPUs the old one has, with the new program. */
static int cpumap_remake(int from, struct bpf_map *to, int prog)
{
	struct bpf_cpumap_val v;
	__u32 cpu;

	for (cpu = 0; cpu < bpf_map__max_entries(to); cpu++) {
		memset(&v, 0, sizeof(v));
		if (bpf_map_lookup_elem(from, &cpu, &v) || !v.qsize)
			continue;
		v.bpf_prog.fd = v.bpf_prog.id ? prog : 0;
		if (bpf_map__update_elem(to, &cpu, sizeof(cpu), &v, sizeof(v), 0))
			return p_err(errno, "cannot fill %s: %s", bpf_map__name(to),
				     xsw_strerror(errno));
	}
	return 0;
}

/* Slots copied while a writer held them (key XSW_FDB_BUSY) would stay
 * claimed: they are emptied. */
static void fdb_unclaim(struct xsw_switch *nw)
{
	struct fdbtab t;

	if (fdbtab_open(&t, bpf_map__fd(nw->skel->maps.xsw_fdb), nw->cfg.fdb_mask + 1,
			nw->cfg.fdb_seed))
		return;
	for (__u64 i = 0; i <= t.mask; i++)
		for (int j = 0; j < XSW_FDB_WAYS; j++)
			if (t.b[i].slot[j].key == XSW_FDB_BUSY)
				t.b[i].slot[j].key = 0;
	fdbtab_close(&t);
}

/* The maps of @nw from those of @old: copied, or made again. */
static int maps_carry(struct xsw_switch *old, struct xsw_switch *nw)
{
	struct bpf_map_info info;
	struct bpf_map *map;
	int fd, prog, err = 0;
	__u32 zero = 0;

	bpf_object__for_each_map(map, nw->skel->obj) {
		const char *name = bpf_map__name(map);

		if (bpf_map__is_internal(map) || (made_again(map) &&
		    strcmp(name, "xsw_tx") && strcmp(name, "xsw_tx_direct") &&
		    strcmp(name, "xsw_cpus")))
			continue;
		fd = old_map(old, name, &info);
		if (fd == -ENOENT)
			continue;	/* new in this layout: it starts empty */
		if (fd < 0)
			return p_err(-fd, "cannot read map %s of switch \"%s\": %s", name,
				     old->name, xsw_strerror(fd));
		if (!made_again(map)) {
			err = map_copy(fd, &info, map);
		} else {
			prog = switch_prog_fd(nw, strcmp(name, "xsw_cpus") ?
					      nw->skel->progs.xsw_xdp_tx : nw->skel->progs.xsw_xdp_cpu);
			err = prog < 0 ? prog : strcmp(name, "xsw_cpus") ?
			      devmap_remake(fd, map, prog) : cpumap_remake(fd, map, prog);
			if (prog >= 0)
				close(prog);
		}
		close(fd);
		if (err)
			return err;
	}
	err = bpf_map__lookup_elem(nw->skel->maps.xsw_config, &zero, sizeof(zero), &nw->cfg,
				   sizeof(nw->cfg), 0);
	if (err)
		return p_err(-err, "cannot read the copied config: %s", xsw_strerror(err));
	fdb_unclaim(nw);
	nw->cfg.layout = XSW_LAYOUT_VERSION;
	err = switch_config_write(nw);
	return err ? p_err(-err, "cannot write the config: %s", xsw_strerror(err)) : 0;
}

/* Every extension loaded again on the new datapath, and the chains built;
 * a capture's extension, which belongs to a capture that is not running,
 * is left out. */
static int exts_carry(struct xsw_switch *nw)
{
	struct xsw_ext_rec recs[XSW_EXT_MAX];
	int err = ext_table_read(nw, recs);
	__u32 id;

	for (id = 0; !err && id < XSW_EXT_MAX; id++) {
		if (recs[id].state == XSW_EXT_FREE)
			continue;
		if (!strcmp(recs[id].name, CAPTURE_EXT) && (recs[id].flags & XSW_EXT_BUILTIN)) {
			recs[id].state = XSW_EXT_FREE;
			err = bpf_map__update_elem(nw->skel->maps.xsw_exts, &id, sizeof(id),
						   &recs[id], sizeof(recs[id]), 0);
		} else if (!strcmp(recs[id].name, ACL_EXT) && (recs[id].flags & XSW_EXT_BUILTIN)) {
			err = acl_ext_reload(nw, id, &recs[id]);
		} else {
			err = ext_reload(nw, id, &recs[id], NULL);
		}
	}
	return err ?: chain_rebuild(nw);
}

/* A capture runs on the switch: its extension cannot move. */
static int capture_running(struct xsw_switch *sw)
{
	char path[PATH_MAX];
	int fd, busy;

	switch_capture_lock_path(sw, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	busy = flock(fd, LOCK_EX | LOCK_NB) && errno == EWOULDBLOCK;
	close(fd);
	return busy ? p_err(EBUSY, "a capture runs on switch \"%s\": stop it first", sw->name) : 0;
}

/* Moves every port of @nw (the copied records) from @old's programs. */
static int ports_move(struct xsw_switch *old, struct xsw_switch *nw)
{
	struct xsw_port p;
	int err = 0;

	for (__u32 i = 1; !err && i <= nw->cfg.max_port && i < XSW_MAX_PORTS; i++)
		if (!port_get(nw, i, &p) && port_has_nic(&p) && !(p.flags & XSW_PF_WAITING))
			err = port_reprogram(old, nw, &p);
	return err;
}

/* Before anything changes: every port's device is in this namespace. */
static int ports_here(struct xsw_switch *nw)
{
	struct xsw_port p;
	int err = 0;

	for (__u32 i = 1; !err && i <= nw->cfg.max_port && i < XSW_MAX_PORTS; i++)
		if (!port_get(nw, i, &p) && port_has_nic(&p))
			err = port_here(&p);
	return err;
}

static int upgrade_one(const char *name)
{
	struct xsw_switch old, nw, gone;
	struct xsw_config head;
	int err;

	upgrade_recover(name);
	switch_init(&old, name);
	if (access(old.dir, F_OK))
		return p_err(ENOENT, "unknown switch \"%s\"", name);
	if (switch_head(&old, &head))
		return p_err(EIO, "switch \"%s\" is damaged: switch del %s removes it", name, name);
	if (head.layout == XSW_LAYOUT_VERSION)
		return 0;
	if (head.layout > XSW_LAYOUT_VERSION)
		return p_err(EPROTO, "switch \"%s\" has map layout %u, newer than this build's %u: upgrade xsw instead",
			     name, head.layout, XSW_LAYOUT_VERSION);
	err = capture_running(&old);
	if (err)
		return err;
	side_init(&nw, name, "up");
	switch_unpin_dir(&nw);	/* an earlier upgrade's, killed on its way */
	if (mkdir(nw.dir, 0700))
		return p_err(errno, "cannot create %s: %s", nw.dir, xsw_strerror(errno));
	nw.skel = skel_like(&old);
	if (!nw.skel) {
		err = p_err(errno, "cannot load the datapath: %s (run with -v for the verifier log)",
			    xsw_strerror(errno));
		goto err;
	}
	err = switch_pin_all(&nw) ?: maps_carry(&old, &nw) ?: ports_here(&nw) ?:
	      vlan_flood_sync(&nw) ?: exts_carry(&nw);
	if (err)
		goto err;
	/* from here the ports run the new programs, one by one */
	err = ports_move(&old, &nw);
	if (err) {
		p_err(-err, "switch \"%s\" is half upgraded (it forwards): switch upgrade %s again finishes it",
		      name, name);
		switch_close(&nw);
		return err;
	}
	side_init(&gone, name, "old");
	switch_unpin_dir(&gone);
	if (rename(old.dir, gone.dir) || rename(nw.dir, old.dir)) {
		err = p_err(errno, "cannot put the new datapath in place: %s: switch upgrade %s again finishes it",
			    xsw_strerror(errno), name);
		switch_close(&nw);
		return err;
	}
	switch_unpin_dir(&gone);
	switch_close(&nw);
	pr_info("switch \"%s\": map layout %u -> %u\n", name, head.layout, XSW_LAYOUT_VERSION);
	return 0;
err:
	if (nw.skel)
		switch_close(&nw);
	switch_unpin_dir(&nw);
	return err;
}

static int upgrade_each(const char *name, void *data)
{
	(void)data;
	return upgrade_one(name);
}

int xsw_switch_upgrade(const char *name)
{
	if (!strcmp(name, "all"))
		return switch_for_each(upgrade_each, NULL);
	return upgrade_one(name);
}
