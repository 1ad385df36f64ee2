// SPDX-License-Identifier: GPL-2.0
/* A port's datapath on its device: the XDP link or TC filter of the port's
 * mode at ingress, and the TC egress filter every port has. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "attach.h"
#include "nl.h"

#define XSW_TC_HANDLE	0x5857	/* "XW" */
#define XSW_TC_PRIO	1

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

/* Detaching the link and removing its pin both release the program. */
static int xdp_detach(struct xsw_switch *sw, const struct xsw_port *p)
{
	char path[PATH_MAX];
	int link, err = 0;

	switch_link_path(sw, p->name, path, sizeof(path));
	link = bpf_obj_get(path);
	if (link >= 0) {
		if (bpf_link_detach(link) && errno != ENOLINK)
			err = -errno;
		close(link);
	}
	if (!err)
		unlink(path);
	return err;
}

/* Attaches @prog at the clsact @point of the port's device, creating the
 * qdisc if there is none (and then owning it). */
static int tc_hook_attach(struct xsw_switch *sw, struct xsw_port *p, enum bpf_tc_attach_point point,
			  struct bpf_program *prog)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
	int err;

	opts.prog_fd = switch_prog_fd(sw, prog);
	if (opts.prog_fd < 0)
		return opts.prog_fd;
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

/* Detaches both hooks; removes the qdisc if xsw created it. */
static int tc_detach(struct xsw_port *p)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
	int err = 0, ret;

	if (p->mode == XSW_MODE_TC) {
		err = bpf_tc_detach(&hook, &opts);
		err = err == -ENOENT ? 0 : err;
	}
	hook.attach_point = BPF_TC_EGRESS;
	ret = bpf_tc_detach(&hook, &opts);
	err = err ?: ret == -ENOENT ? 0 : ret;
	if (err)
		return err;
	if (p->flags & XSW_PF_TC_HOOK_OWNED) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
		p->flags &= ~XSW_PF_TC_HOOK_OWNED;
	}
	return 0;
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
			tc_detach(p);	/* the clsact qdisc it made */
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

	return err ?: tc_detach(p);
}

