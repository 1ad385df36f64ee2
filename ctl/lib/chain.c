// SPDX-License-Identifier: GPL-2.0
/* The chains that run a switch's extensions.
 *
 * An extension's entries are pinned as ext-<name>-<entry> in the switch's
 * directory, each with its links (include/xsw/ext.h) as ext-<name>-<entry>-next.
 * The chains are rebuilt from the extension table after every change:
 * written into the idle bank of the heads and links, switched to with one
 * atomic store per direction, and the old bank is cleared only once no CPU
 * can still be running it (membarrier), so a change under traffic neither
 * loses a packet nor misses a tail call. The links must stay pinned: the
 * kernel empties a prog array nobody holds.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "chain.h"
#include "ext.h"
#include "util.h"

const struct entry entries[ENTRIES] = {
	{ "xdp_in", XSW_DIR_INGRESS, XSW_HOOK_XDP },
	{ "cpu_in", XSW_DIR_INGRESS, XSW_HOOK_CPU },
	{ "tc_in", XSW_DIR_INGRESS, XSW_HOOK_TC },
	{ "xdp_eg", XSW_DIR_EGRESS, XSW_HOOK_XDP },
	{ "tc_eg", XSW_DIR_EGRESS, XSW_HOOK_TC },
};

void entry_pin(struct xsw_switch *sw, const char *ext, const struct entry *e, const char *what,
	       char *path, size_t len)
{
	char name[64];

	snprintf(name, sizeof(name), "ext-%s-%s%s", ext, e->suffix, what);
	switch_pin_path(sw, name, path, len);
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
int ext_sorted(const struct xsw_ext_rec recs[XSW_EXT_MAX], int all[XSW_EXT_MAX])
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
int ext_obj_get(const char *name, const char *path)
{
	int fd = bpf_obj_get(path);

	if (fd < 0)
		return p_err(errno, "extension \"%s\" is damaged: %s: %s", name, path,
			     xsw_strerror(errno));
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
				    xsw_strerror(errno));
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
		return p_err(-err, "cannot read the extension table: %s", xsw_strerror(err));
	ch = switch_map_mmap(sw->skel->maps.xsw_chain);
	if (!ch)
		return p_err(errno, "cannot map the chains: %s", xsw_strerror(errno));
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
	switch_memos_void(sw);
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

