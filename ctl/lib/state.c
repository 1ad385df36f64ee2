// SPDX-License-Identifier: GPL-2.0
/* Switch state in bpffs: load and pin a switch, reopen it from its pins. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "fdbtab.h"
#include "foreign.h"
#include "state.h"
#include "upgrade.h"

void switch_pin_path(struct xsw_switch *sw, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", sw->dir, name);
}

void switch_init(struct xsw_switch *sw, const char *name)
{
	memset(sw, 0, sizeof(*sw));
	snprintf(sw->name, sizeof(sw->name), "%s", name);
	snprintf(sw->dir, sizeof(sw->dir), "%s/%s", xsw_cur()->root, name);
}

bool switch_exists(const char *name)
{
	struct xsw_switch sw;

	switch_init(&sw, name);
	upgrade_recover(name);
	return !access(sw.dir, F_OK);
}

void switch_capture_lock_path(const struct xsw_switch *sw, char *path, size_t len)
{
	const char *lock = xsw_cur()->lock;
	size_t n = strlen(lock);

	if (n > 5 && !strcmp(lock + n - 5, ".lock"))
		n -= 5;
	snprintf(path, len, "%.*s-capture-%s.lock", (int)n, lock, sw->name);
}

__u32 netns_self(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) ? 0 : st.st_ino;
}

void switch_unpin_dir(struct xsw_switch *sw)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(sw->dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		switch_pin_path(sw, de->d_name, path, sizeof(path));
		unlink(path);
	}
	closedir(d);
	rmdir(sw->dir);
}

void switch_remove_pins(struct xsw_switch *sw)
{
	char path[PATH_MAX];

	switch_unpin_dir(sw);
	switch_capture_lock_path(sw, path, sizeof(path));
	unlink(path);
}

int switch_memos_void(struct xsw_switch *sw)
{
	__u64 *gen = switch_map_mmap(sw->skel->maps.xsw_fdb_gen);
	int err = -errno;

	if (!gen) {
		pr_warn("warning: cannot void the datapath's memos: %s\n", xsw_strerror(-err));
		return err;
	}
	__atomic_fetch_add(gen, 1, __ATOMIC_SEQ_CST);
	switch_map_munmap(gen);
	return 0;
}

int switch_config_write(struct xsw_switch *sw)
{
	__u32 zero = 0;
	int err = bpf_map__update_elem(sw->skel->maps.xsw_config, &zero, sizeof(zero), &sw->cfg,
				       sizeof(sw->cfg), 0);

	return err ?: switch_memos_void(sw);
}

/* Opens and loads the datapath with an FDB of @fdb_size entries and room for
 * @max_ports ports. NULL and errno on failure. */
static struct xsw *skel_load(__u32 fdb_size, __u32 max_ports)
{
	struct xsw *skel = xsw__open();
	int err;

	if (!skel)
		return NULL;
	err = bpf_map__set_max_entries(skel->maps.xsw_fdb, fdb_size / XSW_FDB_WAYS) ?:
	      bpf_map__set_max_entries(skel->maps.xsw_fdb_known, fdb_size / XSW_FDB_WAYS) ?:
	      bpf_map__set_max_entries(skel->maps.xsw_cpus, libbpf_num_possible_cpus()) ?:
	      bpf_map__set_max_entries(skel->maps.xsw_tx, max_ports) ?:
	      bpf_map__set_max_entries(skel->maps.xsw_tx_direct, max_ports) ?:
	      bpf_map__set_max_entries(skel->maps.xsw_policy, max_ports + 1) ?:
	      xsw__load(skel);
	if (err) {
		xsw__destroy(skel);
		errno = -err;
		return NULL;
	}
	return skel;
}

/* The size switch_create gave xsw_tx; an opened switch's map is the pinned
 * one, and libbpf takes its size over with the fd. */
__u32 switch_max_ports(const struct xsw_switch *sw)
{
	return bpf_map__max_entries(sw->skel->maps.xsw_tx);
}

/* The entries the switch's forwarding table holds. */
__u32 switch_fdb_size(const struct xsw_switch *sw)
{
	return bpf_map__max_entries(sw->skel->maps.xsw_fdb) * XSW_FDB_WAYS;
}

int switch_pin_all(struct xsw_switch *sw)
{
	char path[PATH_MAX];
	struct bpf_program *prog;
	struct bpf_map *map;
	int err;

	bpf_object__for_each_map(map, sw->skel->obj) {
		if (bpf_map__is_internal(map))
			continue;
		switch_pin_path(sw, bpf_map__name(map), path, sizeof(path));
		err = bpf_map__pin(map, path);
		if (err)
			return p_err(-err, "cannot pin map %s: %s", path, xsw_strerror(err));
	}
	bpf_object__for_each_program(prog, sw->skel->obj) {
		switch_pin_path(sw, bpf_program__name(prog), path, sizeof(path));
		err = bpf_program__pin(prog, path);
		if (err)
			return p_err(-err, "cannot pin program %s: %s", path, xsw_strerror(err));
	}
	return 0;
}

int switch_create(const char *name, const struct xsw_config *cfg, __u32 fdb_size,
		  __u32 max_ports, struct xsw_switch *sw)
{
	int err;

	switch_init(sw, name);
	sw->cfg = *cfg;
	sw->cfg.layout = XSW_LAYOUT_VERSION;
	fdb_size = fdbtab_entries(fdb_size);
	sw->cfg.fdb_mask = fdb_size / XSW_FDB_WAYS - 1;
	if (getrandom(&sw->cfg.fdb_seed, sizeof(sw->cfg.fdb_seed), 0) != sizeof(sw->cfg.fdb_seed))
		return p_err(errno, "cannot seed the FDB's hash: %s", xsw_strerror(errno));
	if (mkdir(sw->dir, 0700))
		return p_err(errno, "cannot create %s: %s", sw->dir, xsw_strerror(errno));
	sw->skel = skel_load(fdb_size, max_ports);
	if (!sw->skel) {
		err = p_err(errno, "cannot load the datapath: %s (run with -v for the verifier log)",
			    xsw_strerror(errno));
		goto err_dir;
	}
	err = switch_config_write(sw);
	if (err) {
		p_err(-err, "cannot write the switch config: %s", xsw_strerror(err));
		goto err_pins;
	}
	err = switch_pin_all(sw);
	if (err)
		goto err_pins;
	return 0;

err_pins:
	xsw__destroy(sw->skel);
	sw->skel = NULL;
err_dir:
	switch_remove_pins(sw);
	return err;
}

int switch_open(const char *name, struct xsw_switch *sw)
{
	char path[PATH_MAX];
	struct bpf_map *map;
	__u32 zero = 0;
	int fd, err;

	switch_init(sw, name);
	upgrade_recover(name);
	if (access(sw->dir, F_OK))
		return p_err(ENOENT, "unknown switch \"%s\"", name);
	/* another build's maps would not fit this one's: say so first */
	if (!switch_head(sw, &sw->cfg) && sw->cfg.layout != XSW_LAYOUT_VERSION)
		return p_err(EPROTO, "switch \"%s\" was made by an xsw build with map layout %u, this build has %u: switch upgrade %s moves it to this build",
			     name, sw->cfg.layout, XSW_LAYOUT_VERSION, name);
	sw->skel = xsw__open();
	if (!sw->skel)
		return p_err(errno, "cannot open the datapath object: %s", xsw_strerror(errno));
	bpf_object__for_each_map(map, sw->skel->obj) {
		if (bpf_map__is_internal(map))
			continue;
		switch_pin_path(sw, bpf_map__name(map), path, sizeof(path));
		fd = bpf_obj_get(path);
		if (fd < 0) {
			err = p_err(errno, "switch \"%s\" state is damaged: %s: %s", name, path,
				    xsw_strerror(errno));
			goto err_close;
		}
		err = bpf_map__reuse_fd(map, fd);
		close(fd);
		if (err) {
			p_err(-err, "cannot use %s: %s", path, xsw_strerror(err));
			goto err_close;
		}
	}
	err = bpf_map__lookup_elem(sw->skel->maps.xsw_config, &zero, sizeof(zero),
				   &sw->cfg, sizeof(sw->cfg), 0);
	if (err) {
		p_err(-err, "cannot read the config of switch \"%s\": %s", name, xsw_strerror(err));
		goto err_close;
	}
	return 0;

err_close:
	switch_close(sw);
	return err;
}

void switch_close(struct xsw_switch *sw)
{
	xsw__destroy(sw->skel);
	sw->skel = NULL;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int switch_for_each(int (*fn)(const char *name, void *data), void *data)
{
	char **names = NULL, **more;
	struct dirent *de;
	int n = 0, i, err = 0;
	DIR *d = opendir(xsw_cur()->root);

	if (!d)
		return 0;
	/* an upgrade killed between its renames: finished first */
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char name[XSW_SWITCH_NAME_LEN];

		if (n > 4 && n - 4 < sizeof(name) && !strcmp(de->d_name + n - 4, XSW_SIDE "old")) {
			snprintf(name, sizeof(name), "%.*s", (int)(n - 4), de->d_name);
			upgrade_recover(name);
		}
	}
	rewinddir(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR || strstr(de->d_name, XSW_SIDE))
			continue;
		more = realloc(names, (n + 1) * sizeof(*names));
		if (!more) {
			err = -ENOMEM;
			break;
		}
		names = more;
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		if (!err)
			err = names[i] ? fn(names[i], data) : -ENOMEM;
		free(names[i]);
	}
	free(names);
	return err;
}

int switch_prog_fd(struct xsw_switch *sw, struct bpf_program *prog)
{
	char path[PATH_MAX];
	int fd;

	switch_pin_path(sw, bpf_program__name(prog), path, sizeof(path));
	fd = bpf_obj_get(path);
	if (fd < 0)
		return p_err(errno, "switch \"%s\" state is damaged: %s: %s", sw->name, path,
			     xsw_strerror(errno));
	return fd;
}

void switch_link_path(struct xsw_switch *sw, const char *port, char *path, size_t len)
{
	snprintf(path, len, "%s/link_%s", sw->dir, port);
}

int port_get(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	return bpf_map__lookup_elem(sw->skel->maps.xsw_ports, &index, sizeof(index),
				    p, sizeof(*p), 0);
}

int port_put(struct xsw_switch *sw, __u32 index, const struct xsw_port *p)
{
	int err = bpf_map__update_elem(sw->skel->maps.xsw_ports, &index, sizeof(index), p,
				       sizeof(*p), 0);

	return err ?: switch_memos_void(sw);
}

bool port_has_nic(const struct xsw_port *p)
{
	return p->state == XSW_PORT_NIC_CREATED || p->state == XSW_PORT_NIC_CONNECTED ||
	       p->state == XSW_PORT_NIC_DISCONNECTED;
}

int port_find(struct xsw_switch *sw, const char *name, struct xsw_port *p)
{
	__u32 i;

	for (i = 1; i <= sw->cfg.max_port; i++)
		if (!port_get(sw, i, p) && p->state != XSW_PORT_FREE && !strcmp(p->name, name))
			return i;
	return -ENOENT;
}

void *switch_map_mmap(struct bpf_map *map)
{
	void *p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE, MAP_SHARED,
		       bpf_map__fd(map), 0);

	return p == MAP_FAILED ? NULL : p;
}

void switch_map_munmap(void *p)
{
	munmap(p, sysconf(_SC_PAGESIZE));
}

int port_lookup(struct xsw_switch *sw, const char *name, struct xsw_port *p)
{
	int index;

	if (!name)
		return 0;
	index = port_find(sw, name, p);
	if (index < 0)
		return p_err(ENOENT, "unknown port \"%s\" on switch \"%s\"", name, sw->name);
	return index;
}

int switch_open_port(const char *sw_name, const char *port, struct xsw_switch *sw,
		     struct xsw_port *p)
{
	int index = switch_open(sw_name, sw);

	if (index)
		return index;
	index = port_lookup(sw, port, p);
	if (index < 0)
		switch_close(sw);
	return index;
}
