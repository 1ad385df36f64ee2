// SPDX-License-Identifier: GPL-2.0
/* rtnetlink requests and their validating attribute callbacks (libmnl
 * examples/rtnl style). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/net_namespace.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "nl.h"

int nl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return nl_talk_size(nlh, cb, data, MNL_SOCKET_BUFFER_SIZE);
}

int nl_talk_size(struct nlmsghdr *nlh, mnl_cb_t cb, void *data, size_t size)
{
	struct mnl_socket *nl;
	unsigned int portid;
	char *buf;
	int ret;

	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl) {
		ret = -errno;
		free(buf);
		return ret;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = time(NULL);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	do {
		ret = mnl_socket_recvfrom(nl, buf, size);
		if (ret < 0) {
			ret = -errno;
			break;
		}
		ret = mnl_cb_run(buf, ret, nlh->nlmsg_seq, portid, cb, data);
	} while (ret > 0);
	if (ret < 0)
		ret = -errno;
out:
	mnl_socket_close(nl);
	free(buf);
	return ret;
}

static struct nlmsghdr *nl_link_msg(char *buf, int type, int flags, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return nlh;
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type types[IFLA_MAX + 1] = {
		[IFLA_IFNAME] = MNL_TYPE_NUL_STRING,
		[IFLA_LINK] = MNL_TYPE_U32,
		[IFLA_MTU] = MNL_TYPE_U32,
		[IFLA_LINK_NETNSID] = MNL_TYPE_U32,
		[IFLA_MASTER] = MNL_TYPE_U32,
		[IFLA_LINKINFO] = MNL_TYPE_NESTED,
		[IFLA_XDP] = MNL_TYPE_NESTED,
	};
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
		return MNL_CB_OK;
	if (types[type] && mnl_attr_validate(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int nested_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	/* IFLA_INFO_MAX and IFLA_XDP_MAX are both small; callers size tb for them */
	if (mnl_attr_get_type(attr) <= IFLA_XDP_MAX)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *tb[IFLA_MAX + 1] = {}, *sub[IFLA_XDP_MAX + IFLA_INFO_MAX + 1];
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct nl_link *l = data;

	if (mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	memset(l, 0, sizeof(*l));
	l->ifindex = ifm->ifi_index;
	l->up = ifm->ifi_flags & IFF_UP;
	l->running = ifm->ifi_flags & IFF_RUNNING;
	l->promisc = ifm->ifi_flags & IFF_PROMISC;
	l->loopback = ifm->ifi_flags & IFF_LOOPBACK;
	l->peer_netnsid = -1;
	if (tb[IFLA_IFNAME])
		strncpy(l->name, mnl_attr_get_str(tb[IFLA_IFNAME]), sizeof(l->name) - 1);
	if (tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6)
		memcpy(l->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
	if (tb[IFLA_LINK])
		l->peer_ifindex = mnl_attr_get_u32(tb[IFLA_LINK]);
	if (tb[IFLA_MTU])
		l->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MASTER])
		l->master = mnl_attr_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_LINK_NETNSID])
		l->peer_netnsid = (int32_t)mnl_attr_get_u32(tb[IFLA_LINK_NETNSID]);
	if (tb[IFLA_LINKINFO]) {
		memset(sub, 0, sizeof(sub));
		mnl_attr_parse_nested(tb[IFLA_LINKINFO], nested_attr_cb, sub);
		if (sub[IFLA_INFO_KIND])
			strncpy(l->kind, mnl_attr_get_str(sub[IFLA_INFO_KIND]), sizeof(l->kind) - 1);
	}
	if (tb[IFLA_XDP]) {
		memset(sub, 0, sizeof(sub));
		mnl_attr_parse_nested(tb[IFLA_XDP], nested_attr_cb, sub);
		if (sub[IFLA_XDP_PROG_ID])
			l->xdp_prog_id = mnl_attr_get_u32(sub[IFLA_XDP_PROG_ID]);
	}
	return MNL_CB_OK;
}

int nl_link_get(const char *name, struct nl_link *link)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_GETLINK, 0, 0);
	int ret;

	if (strlen(name) >= IF_NAMESIZE)
		return -ENODEV;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	ret = nl_talk(nlh, link_cb, link);
	return ret == -EINVAL ? -ENODEV : ret;
}

int nl_link_get_index(int ifindex, int netnsid, struct nl_link *link)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_GETLINK, 0, ifindex);

	if (netnsid >= 0)
		mnl_attr_put_u32(nlh, IFLA_TARGET_NETNSID, netnsid);
	return nl_talk(nlh, link_cb, link);
}

int nl_veth_add(const char *name, const char *peer)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	struct nlattr *linkinfo, *data, *peerinfo;
	struct ifinfomsg *ifm;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peerinfo = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, peerinfo);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_talk(nlh, NULL, NULL);
}

int nl_link_del(int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return nl_talk(nl_link_msg(buf, RTM_DELLINK, 0, ifindex), NULL, NULL);
}

int nl_link_set_mac(int ifindex, const uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_NEWLINK, 0, ifindex);

	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	return nl_talk(nlh, NULL, NULL);
}

static int link_set_flag(int ifindex, unsigned int flag, bool on)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_NEWLINK, 0, ifindex);
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	ifm->ifi_flags = on ? flag : 0;
	ifm->ifi_change = flag;
	return nl_talk(nlh, NULL, NULL);
}

int nl_link_set_up(int ifindex, bool up)
{
	return link_set_flag(ifindex, IFF_UP, up);
}

int nl_link_set_promisc(int ifindex, bool on)
{
	return link_set_flag(ifindex, IFF_PROMISC, on);
}

int nl_uc_addr(int ifindex, const uint8_t mac[6], bool add)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = add ? RTM_NEWNEIGH : RTM_DELNEIGH;
	nlh->nlmsg_flags = add ? NLM_F_CREATE | NLM_F_EXCL : 0;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_PERMANENT;
	ndm->ndm_flags = NTF_SELF;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	return nl_talk(nlh, NULL, NULL);
}

static int nsid_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, NETNSA_MAX) < 0)
		return MNL_CB_OK;
	if (mnl_attr_get_type(attr) == NETNSA_NSID &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *tb[NETNSA_MAX + 1] = {};
	int *nsid = data;

	if (mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	if (tb[NETNSA_NSID])
		*nsid = (int32_t)mnl_attr_get_u32(tb[NETNSA_NSID]);
	return MNL_CB_OK;
}

int nl_nsid_of_fd(int netns_fd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	int nsid = -1, ret;

	nlh->nlmsg_type = RTM_GETNSID;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, netns_fd);
	ret = nl_talk(nlh, nsid_cb, &nsid);
	return ret < 0 ? ret : nsid;
}

static int filter_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct nlattr *attr;
	int *count = data;

	/* a classifier is dumped once for its priority, then once per filter */
	if (!tcm->tcm_handle)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*tcm))
		if (mnl_attr_get_type(attr) == TCA_KIND &&
		    !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) &&
		    !strcmp(mnl_attr_get_str(attr), "bpf"))
			(*count)++;
	return MNL_CB_OK;
}

int nl_tc_bpf_count(int ifindex)
{
	static const __u32 parents[] = { TC_H_MIN_INGRESS, TC_H_MIN_EGRESS };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct tcmsg *tcm;
	int count = 0, ret;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETTFILTER;
		nlh->nlmsg_flags = NLM_F_DUMP;
		tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
		tcm->tcm_family = AF_UNSPEC;
		tcm->tcm_ifindex = ifindex;
		tcm->tcm_parent = TC_H_MAKE(TC_H_CLSACT, parents[i]);
		ret = nl_talk(nlh, filter_cb, &count);
		/* no clsact qdisc: no filter */
		if (ret < 0 && ret != -EINVAL && ret != -ENOENT)
			return ret;
	}
	return count;
}
