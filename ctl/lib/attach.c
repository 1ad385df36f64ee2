// SPDX-License-Identifier: GPL-2.0
/* A port's datapath on its device: the XDP link or TC filter of the port's
 * mode at ingress, and the TC egress filter every port has. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "attach.h"
#include "nl.h"


/* Names the XDP program already on a device, through libxdp. */
void xdp_owner(int ifindex, char *name, size_t len)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);

	snprintf(name, len, "unknown");
	if (libxdp_get_error(mp) || !mp)
		return;
	if (xdp_multiprog__main_prog(mp))
		snprintf(name, len, "%s", xdp_program__name(xdp_multiprog__main_prog(mp)));
	xdp_multiprog__close(mp);
}

static int xdp_attach(struct xsw_switch *sw, struct xsw_port *p)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_DRV_MODE);
	char path[PATH_MAX];
	int prog, link, err = 0;

	prog = switch_prog_fd(sw, sw->skel->progs.xsw_xdp_rx);
	if (prog < 0)
		return prog;
	link = bpf_link_create(prog, p->ifindex, BPF_XDP, &opts);
	if (link < 0 && (errno == EOPNOTSUPP || errno == EINVAL)) {
		pr_info("device \"%s\" has no native XDP, using generic XDP\n", p->dev);
		opts.flags = XDP_FLAGS_SKB_MODE;
		p->flags |= XSW_PF_XDP_GENERIC;
		link = bpf_link_create(prog, p->ifindex, BPF_XDP, &opts);
	}
	if (link < 0 && errno == ERANGE) {
		struct nl_link l = {};

		nl_link_get_index(p->ifindex, -1, &l);
		err = p_err(ERANGE, "cannot attach XDP to device \"%s\" (MTU %u): XDP without multi-buffer frames takes a smaller MTU on it and its veth peer; mode tc works at any MTU",
			    p->dev, l.mtu);
		goto out;
	}
	if (link < 0) {
		err = p_err(errno, "cannot attach XDP to device \"%s\": %s", p->dev, xsw_strerror(errno));
		goto out;
	}
	switch_link_path(sw, p->name, path, sizeof(path));
	if (bpf_obj_pin(link, path))
		err = p_err(errno, "cannot pin the XDP link at %s: %s", path, xsw_strerror(errno));
	if (err)
		bpf_link_detach(link);
	close(link);
out:
	close(prog);
	return err;
}

/* The pinned link at @path is no longer attached to a device: detached by
 * someone, or its device is gone. */
static bool link_defunct(int link)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(link, &info, &len))
		return true;
	/* the XDP and tcx parts of the info share their ifindex's place */
	return !info.xdp.ifindex;
}

/* Detaches the link pinned at @path and removes the pin, whatever is left
 * of it: a link that someone detached or whose device is gone only loses its
 * pin. 0 or a negative errno. */
static int link_remove(const char *path)
{
	int link = bpf_obj_get(path), err = 0;

	if (link < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!link_defunct(link) && bpf_link_detach(link) && !link_defunct(link))
		err = -errno;
	close(link);
	if (!err && unlink(path) && errno != ENOENT)
		err = -errno;
	return err;
}

static int xdp_detach(struct xsw_switch *sw, const struct xsw_port *p)
{
	char path[PATH_MAX];

	switch_link_path(sw, p->name, path, sizeof(path));
	return link_remove(path);
}

/* tcx: TC programs as links, which no qdisc change removes. Earlier kernels
 * refuse the attach type. */

static void tcx_path(struct xsw_switch *sw, const struct xsw_port *p,
		     enum bpf_tc_attach_point point, char *path, size_t len)
{
	snprintf(path, len, "%s/tcx_%s_%s", sw->dir, point == BPF_TC_INGRESS ? "in" : "eg",
		 p->name);
}

/* Attaches @prog_fd as a pinned tcx link: 0, -EOPNOTSUPP without tcx (or
 * with XSW_TCX=off in the environment), or another negative errno
 * (reported). */
static int tcx_attach(struct xsw_switch *sw, struct xsw_port *p, enum bpf_tc_attach_point point,
		      int prog_fd)
{
	const char *use = getenv("XSW_TCX");
	char path[PATH_MAX];
	int link, err = 0;

	if (use && !strcmp(use, "off"))
		return -EOPNOTSUPP;
	link = bpf_link_create(prog_fd, p->ifindex,
			       point == BPF_TC_INGRESS ? XSW_TCX_INGRESS : XSW_TCX_EGRESS, NULL);
	if (link < 0 && errno == EINVAL)
		return -EOPNOTSUPP;
	if (link < 0)
		return p_err(errno, "cannot attach TC to device \"%s\": %s", p->dev,
			     xsw_strerror(errno));
	tcx_path(sw, p, point, path, sizeof(path));
	if (bpf_obj_pin(link, path)) {
		err = p_err(errno, "cannot pin the TC link at %s: %s", path, xsw_strerror(errno));
		bpf_link_detach(link);
	}
	close(link);
	return err;
}

/* Attaches @prog at the @point of the port's device: a tcx link where the
 * kernel has tcx, else a filter on the clsact qdisc, which it creates if
 * there is none (and then owns). */
static int tc_hook_attach(struct xsw_switch *sw, struct xsw_port *p, enum bpf_tc_attach_point point,
			  struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
	int err;

	opts.prog_fd = switch_prog_fd(sw, prog);
	if (opts.prog_fd < 0)
		return opts.prog_fd;
	err = tcx_attach(sw, p, point, opts.prog_fd);
	if (err != -EOPNOTSUPP) {
		close(opts.prog_fd);
		return err;
	}
	err = bpf_tc_hook_create(&hook);
	if (!err)
		p->flags |= XSW_PF_TC_HOOK_OWNED;
	else if (err == -EEXIST)
		err = 0;
	if (!err)
		err = bpf_tc_attach(&hook, &opts);
	close(opts.prog_fd);
	if (err)
		return p_err(-err, "cannot attach TC to device \"%s\": %s", p->dev, xsw_strerror(err));
	return 0;
}

/* The id of the switch's program @prog, 0 if unknown. */
static __u32 prog_id(struct xsw_switch *sw, struct bpf_program *prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd = switch_prog_fd(sw, prog);

	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		info.id = 0;
	close(fd);
	return info.id;
}

/* The switch's filter at @point of the port's device, if it is there (a
 * deleted qdisc takes it along; a device that is gone, too): the filter
 * with xsw's handle runs this switch's program. */
static bool tc_filter_here(struct xsw_switch *sw, const struct xsw_port *p,
			   enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, query, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);

	return p->ifindex && !bpf_tc_query(&hook, &query) &&
	       query.prog_id == prog_id(sw, point == BPF_TC_INGRESS ? sw->skel->progs.xsw_tc_rx :
							      sw->skel->progs.xsw_tc_tx);
}

/* Removes the port's program at @point: its tcx link, or its filter, if
 * still there. */
static int tc_hook_detach(struct xsw_switch *sw, struct xsw_port *p, enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
	char path[PATH_MAX];

	tcx_path(sw, p, point, path, sizeof(path));
	if (!access(path, F_OK))
		return link_remove(path);
	if (!tc_filter_here(sw, p, point))
		return 0;
	return bpf_tc_detach(&hook, &opts);
}

/* Detaches both hooks; removes the qdisc if xsw created it, and if it is
 * still the port's device: one of the switch's filters was on it (a device
 * that took the ifindex of a gone one keeps its qdisc). */
static int tc_detach(struct xsw_switch *sw, struct xsw_port *p)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	bool ours = p->ifindex && (tc_filter_here(sw, p, BPF_TC_INGRESS) ||
				   tc_filter_here(sw, p, BPF_TC_EGRESS));
	int err = 0;

	if (p->mode == XSW_MODE_TC)
		err = tc_hook_detach(sw, p, BPF_TC_INGRESS);
	err = err ?: tc_hook_detach(sw, p, BPF_TC_EGRESS);
	if (err)
		return err;
	if (p->flags & XSW_PF_TC_HOOK_OWNED) {
		if (ours)
			bpf_tc_hook_destroy(&hook);
		p->flags &= ~XSW_PF_TC_HOOK_OWNED;
	}
	return 0;
}

/* The port a link pin of the switch is for: "link_P", "tcx_in_P", "tcx_eg_P". */
static const char *pin_port(const char *pin)
{
	if (!strncmp(pin, "link_", 5))
		return pin + 5;
	if (!strncmp(pin, "tcx_in_", 7) || !strncmp(pin, "tcx_eg_", 7))
		return pin + 7;
	return NULL;
}

void port_pins_remove(struct xsw_switch *sw, const struct xsw_port *p)
{
	enum bpf_tc_attach_point points[] = { BPF_TC_INGRESS, BPF_TC_EGRESS };
	char path[PATH_MAX];

	switch_link_path(sw, p->name, path, sizeof(path));
	link_remove(path);
	for (int i = 0; i < 2; i++) {
		tcx_path(sw, p, points[i], path, sizeof(path));
		link_remove(path);
	}
}

void port_orphans_remove(struct xsw_switch *sw, int ifindex)
{
	struct xsw_port p = { .ifindex = ifindex, .mode = XSW_MODE_TC };
	enum bpf_tc_attach_point points[] = { BPF_TC_INGRESS, BPF_TC_EGRESS };
	char path[PATH_MAX];
	struct xsw_port owner;
	struct dirent *de;
	__u32 index;
	DIR *d;

	/* a port of the switch has the device, its NIC made: nothing there is
	 * left over (a mapping alone is an interrupted NIC create's) */
	if (!bpf_map__lookup_elem(sw->skel->maps.xsw_ifports, &ifindex, sizeof(ifindex), &index,
				  sizeof(index), 0) &&
	    !port_get(sw, index, &owner) && owner.ifindex == (__u32)ifindex && port_has_nic(&owner))
		return;
	d = opendir(sw->dir);
	/* links on the device that no port of the switch has there */
	while (d && (de = readdir(d))) {
		struct bpf_link_info info = {};
		__u32 len = sizeof(info);
		const char *port = pin_port(de->d_name);
		int link;

		if (!port)
			continue;
		switch_pin_path(sw, de->d_name, path, sizeof(path));
		link = bpf_obj_get(path);
		if (link < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(link, &info, &len) && info.xdp.ifindex == (__u32)ifindex &&
		    (port_find(sw, port, &owner) < 0 || owner.ifindex != (__u32)ifindex ||
		     !port_has_nic(&owner)))
			link_remove(path);
		close(link);
	}
	if (d)
		closedir(d);
	/* filters that run the switch's programs: no port had the device */
	for (int i = 0; i < 2; i++) {
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = points[i]);
		LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);

		if (tc_filter_here(sw, &p, points[i]))
			bpf_tc_detach(&hook, &opts);
	}
}

/* The link pinned at @path is attached. */
static bool link_attached(const char *path)
{
	int link = bpf_obj_get(path);
	bool ok = link >= 0 && !link_defunct(link);

	if (link >= 0)
		close(link);
	return ok;
}

static bool tc_attached(struct xsw_switch *sw, const struct xsw_port *p,
			enum bpf_tc_attach_point point)
{
	char path[PATH_MAX];

	tcx_path(sw, p, point, path, sizeof(path));
	if (!access(path, F_OK))
		return link_attached(path);
	return tc_filter_here(sw, p, point);
}

bool port_attached(struct xsw_switch *sw, const struct xsw_port *p, const char **missing)
{
	char path[PATH_MAX];

	switch_link_path(sw, p->name, path, sizeof(path));
	*missing = p->mode == XSW_MODE_XDP ? (link_attached(path) ? NULL : "XDP program") :
		   tc_attached(sw, p, BPF_TC_INGRESS) ? NULL : "TC ingress program";
	if (!*missing && !tc_attached(sw, p, BPF_TC_EGRESS))
		*missing = "TC egress program";
	return !*missing;
}

/* The port's datapath: the entry program of its mode, and at every port
 * the TC egress hook that runs the egress chain for copies TC ports send. */
int port_attach(struct xsw_switch *sw, struct xsw_port *p)
{
	int err;

	if (p->mode == XSW_MODE_XDP)
		err = xdp_attach(sw, p);
	else
		err = tc_hook_attach(sw, p, BPF_TC_INGRESS, sw->skel->progs.xsw_tc_rx);
	if (err) {
		if (p->flags & XSW_PF_TC_HOOK_OWNED)
			tc_detach(sw, p);	/* the clsact qdisc it made */
		return err;
	}
	err = tc_hook_attach(sw, p, BPF_TC_EGRESS, sw->skel->progs.xsw_tc_tx);
	if (err)
		port_detach(sw, p);	/* the entry program too */
	return err;
}

int port_detach(struct xsw_switch *sw, struct xsw_port *p)
{
	int err = p->mode == XSW_MODE_XDP ? xdp_detach(sw, p) : 0;

	return err ?: tc_detach(sw, p);
}


/* Moves the link pinned at @from onto program @prog, in place (no frame
 * meets the device without a program), and pins it at @to too. A link
 * that is gone or defunct is left: the port shows it. */
static int link_move(const char *from, const char *to, int prog)
{
	int link = bpf_obj_get(from), err = 0;

	if (link < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!link_defunct(link) && bpf_link_update(link, prog, NULL))
		err = -errno;
	if (!err && bpf_obj_pin(link, to) && errno != EEXIST)
		err = -errno;
	close(link);
	return err;
}

/* Pins program @fd (@prog of another switch) in @sw's directory too, as
 * PROG~ID: a filter about to run it is found from there (foreign.c) if
 * the upgrade that moves it is cut short and the switch deleted. */
static int pin_in(struct xsw_switch *sw, struct bpf_program *prog, int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	char path[PATH_MAX];

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	snprintf(path, sizeof(path), "%s/%s~%u", sw->dir, bpf_program__name(prog), info.id);
	return bpf_obj_pin(fd, path) && errno != EEXIST ? -errno : 0;
}

/* Port @p's program at @point, from switch @from's (only its directory is
 * used: another build made it) to @to's @prog. The port's device has xsw's
 * filter, whichever program it runs: it is replaced. */
static int tc_move(struct xsw_switch *from, struct xsw_switch *to, const struct xsw_port *p,
		   enum bpf_tc_attach_point point, struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, query, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO,
		    .flags = BPF_TC_F_REPLACE);
	char path[PATH_MAX], topath[PATH_MAX];
	int err = 0;

	opts.prog_fd = switch_prog_fd(to, prog);
	if (opts.prog_fd < 0)
		return opts.prog_fd;
	tcx_path(from, p, point, path, sizeof(path));
	tcx_path(to, p, point, topath, sizeof(topath));
	if (!access(path, F_OK))
		err = link_move(path, topath, opts.prog_fd);
	else if (!bpf_tc_query(&hook, &query))
		err = pin_in(from, prog, opts.prog_fd) ?: bpf_tc_attach(&hook, &opts);
	close(opts.prog_fd);
	return err;
}

int port_reprogram(struct xsw_switch *from, struct xsw_switch *to, const struct xsw_port *p)
{
	char path[PATH_MAX], topath[PATH_MAX];
	int prog, err;

	if (p->mode == XSW_MODE_XDP) {
		prog = switch_prog_fd(to, to->skel->progs.xsw_xdp_rx);
		if (prog < 0)
			return prog;
		switch_link_path(from, p->name, path, sizeof(path));
		switch_link_path(to, p->name, topath, sizeof(topath));
		err = link_move(path, topath, prog);
		close(prog);
	} else {
		err = tc_move(from, to, p, BPF_TC_INGRESS, to->skel->progs.xsw_tc_rx);
	}
	err = err ?: tc_move(from, to, p, BPF_TC_EGRESS, to->skel->progs.xsw_tc_tx);
	if (err)
		return p_err(-err, "cannot move port \"%s\" onto the new programs: %s", p->name,
			     xsw_strerror(err));
	return 0;
}
