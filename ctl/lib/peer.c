// SPDX-License-Identifier: GPL-2.0
/* A veth peer in another namespace is reached by entering that namespace:
 * its nsid (IFLA_LINK_NETNSID) is matched against the namespaces named in
 * /run/netns and those of running processes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "peer.h"

/* Looks for the namespace with id @nsid among <dir>/<entry><suffix>. */
static int netns_fd_in(const char *dir, const char *suffix, int nsid)
{
	struct dirent *de;
	char path[512];
	DIR *d;
	int fd;

	d = opendir(dir);
	if (!d)
		return -ENOENT;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s%s", dir, de->d_name, suffix);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (nl_nsid_of_fd(fd) == nsid) {
			closedir(d);
			return fd;
		}
		close(fd);
	}
	closedir(d);
	return -ENOENT;
}

static int netns_fd_of_nsid(int nsid)
{
	int fd = netns_fd_in("/run/netns", "", nsid);

	if (fd < 0)
		fd = netns_fd_in("/proc", "/ns/net", nsid);
	return fd >= 0 ? fd : -ESRCH;
}

static int ethtool_value(int ifindex, __u32 cmd, __u32 *value)
{
	struct ethtool_value ev = { .cmd = cmd, .data = *value };
	struct ifreq ifr = {};
	int sock, ret = 0;

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -errno;
	if (!if_indextoname(ifindex, ifr.ifr_name)) {
		ret = -errno;
		goto out;
	}
	ifr.ifr_data = (void *)&ev;
	if (ioctl(sock, SIOCETHTOOL, &ifr) < 0)
		ret = -errno;
	*value = ev.data;
out:
	close(sock);
	return ret;
}

int peer_feature(const struct nl_link *dev, enum peer_feature f, bool on, bool *was)
{
	static const __u32 get_cmd[] = { [PEER_GRO] = ETHTOOL_GGRO, [PEER_TX_CSUM] = ETHTOOL_GTXCSUM };
	static const __u32 set_cmd[] = { [PEER_GRO] = ETHTOOL_SGRO, [PEER_TX_CSUM] = ETHTOOL_STXCSUM };
	int home = -1, there = -1, ret;
	__u32 v = 0;

	if (strcmp(dev->kind, "veth") || !dev->peer_ifindex)
		return -ENOENT;
	if (dev->peer_netnsid >= 0) {
		there = netns_fd_of_nsid(dev->peer_netnsid);
		if (there < 0)
			return there;
		home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (home < 0 || setns(there, CLONE_NEWNET) < 0) {
			ret = -errno;
			goto out;
		}
	}
	ret = ethtool_value(dev->peer_ifindex, get_cmd[f], &v);
	if (!ret)
		*was = v;
	if (!ret && on != (bool)v) {
		v = on;
		ret = ethtool_value(dev->peer_ifindex, set_cmd[f], &v);
	}
	if (home >= 0 && setns(home, CLONE_NEWNET) < 0 && !ret)
		ret = -errno;
out:
	if (home >= 0)
		close(home);
	if (there >= 0)
		close(there);
	return ret;
}
