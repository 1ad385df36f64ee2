// SPDX-License-Identifier: GPL-2.0
/* What is left of a switch, found without its maps: switches another xsw
 * build made (another map layout), damaged ones, and what an interrupted
 * command (kill -9) attached but did not record. Every build reads the head
 * of their xsw_config (the same in every layout); every link pinned in their
 * directory is detached, and every TC filter that runs a program pinned there
 * is found on the devices of the namespace. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "attach.h"
#include "foreign.h"
#include "hostvnic.h"
#include "nl.h"
#include "nl_addr.h"
#include "util.h"


int switch_head(struct xsw_switch *sw, struct xsw_config *head)
{
	char path[PATH_MAX], buf[4096];
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), zero = 0;
	int fd, err = 0;

	memset(head, 0, sizeof(*head));
	switch_pin_path(sw, "xsw_config", path, sizeof(path));
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.value_size > sizeof(buf) ||
	    info.value_size < XSW_CONFIG_HEAD)
		err = -EPROTO;
	else if (bpf_map_lookup_elem(fd, &zero, buf))
		err = -errno;
	else
		memcpy(head, buf, XSW_CONFIG_HEAD);
	close(fd);
	return err;
}

/* What a pin of the switch holds: "prog", "link", "map" (fdinfo's word). */
static int pin_kind(int fd, char *kind, size_t len, __u32 *id)
{
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	*kind = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "prog_type:", 10) && !*kind)
			snprintf(kind, len, "prog");
		else if (!strncmp(line, "link_type:", 10))
			snprintf(kind, len, "link");
		else if (!strncmp(line, "map_type:", 9))
			snprintf(kind, len, "map");
		if (!strncmp(line, "prog_id:", 8))
			*id = strtoul(line + 8, NULL, 10);
	}
	fclose(f);
	return 0;
}

/* The device of link @info is this namespace's: the program at its ifindex
 * here is the link's. */
static bool link_here(const struct bpf_link_info *info)
{
	__u32 ids[16], n = 16;
	struct nl_link l;

	if (!nl_link_get_index(info->xdp.ifindex, -1, &l) && l.xdp_prog_id == info->prog_id)
		return true;
	for (__u32 type = XSW_TCX_INGRESS; type <= XSW_TCX_EGRESS; type++) {
		n = 16;
		if (bpf_prog_query(info->xdp.ifindex, type, 0, NULL, ids, &n))
			continue;
		for (__u32 i = 0; i < n; i++)
			if (ids[i] == info->prog_id)
				return true;
	}
	return false;
}

struct pinned {
	__u32 progs[64];	/* ids of the programs the switch pinned */
	int nprogs;
	int ifindex[64];	/* devices its links were on */
	int nif;
};

/* Detaches every link pinned in the switch's directory, noting the
 * programs pinned there and the devices the links were on. */
static void links_detach(struct xsw_switch *sw, struct pinned *p)
{
	char path[PATH_MAX], kind[8];
	struct dirent *de;
	DIR *d = opendir(sw->dir);

	while (d && (de = readdir(d))) {
		struct bpf_link_info info = {};
		__u32 len = sizeof(info), id = 0;
		int fd;

		if (de->d_name[0] == '.')
			continue;
		switch_pin_path(sw, de->d_name, path, sizeof(path));
		fd = bpf_obj_get(path);
		if (fd < 0 || pin_kind(fd, kind, sizeof(kind), &id)) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (!strcmp(kind, "prog") && p->nprogs < 64) {
			struct bpf_prog_info pi = {};
			__u32 plen = sizeof(pi);

			if (!bpf_obj_get_info_by_fd(fd, &pi, &plen))
				p->progs[p->nprogs++] = pi.id;
		} else if (!strcmp(kind, "link")) {
			/* XDP and tcx links keep their ifindex in one place; the
			 * device may be another namespace's */
			if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.xdp.ifindex &&
			    link_here(&info) && p->nif < 64)
				p->ifindex[p->nif++] = info.xdp.ifindex;
			bpf_link_detach(fd);
		}
		close(fd);
	}
	if (d)
		closedir(d);
}

static bool ours(const struct pinned *p, __u32 id)
{
	for (int i = 0; i < p->nprogs; i++)
		if (p->progs[i] == id)
			return true;
	return false;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct pinned *p = data;
	enum bpf_tc_attach_point points[] = { BPF_TC_INGRESS, BPF_TC_EGRESS };

	for (int i = 0; i < 2; i++) {
		LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifm->ifi_index, .attach_point = points[i]);
		LIBBPF_OPTS(bpf_tc_opts, q, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);
		LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XSW_TC_HANDLE, .priority = XSW_TC_PRIO);

		if (bpf_tc_query(&hook, &q) || !ours(p, q.prog_id))
			continue;
		bpf_tc_detach(&hook, &opts);
		if (p->nif < 64)
			p->ifindex[p->nif++] = ifm->ifi_index;
	}
	return MNL_CB_OK;
}

/* Removes the switch's TC filters from every device of this namespace. */
static void filters_detach(struct pinned *p)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *rt;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtgen_family = AF_UNSPEC;
	nl_talk(nlh, link_cb, p);
}

void switch_sweep(struct xsw_switch *sw)
{
	struct pinned p = {};

	links_detach(sw, &p);
	filters_detach(&p);
	/* the devices were ports: their IPv6 link-local addresses back */
	for (int i = 0; i < p.nif; i++)
		nl_ipv6_ll(p.ifindex[i], true);
}

int foreign_destroy(struct xsw_switch *sw, const struct xsw_config *head)
{
	sw->cfg = *head;
	switch_sweep(sw);
	host_vnic_return_ipconf(sw);
	if (host_vnic_exists(head))
		host_vnic_del(sw->name);
	switch_remove_pins(sw);
	return 0;
}
