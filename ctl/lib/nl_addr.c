// SPDX-License-Identifier: GPL-2.0
/* rtnetlink for a device's IP configuration: its addresses and the routes
 * through it, listed, added and removed one by one. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "nl_addr.h"

struct addr_list {
	int ifindex;
	struct nl_ipconf *conf;
	bool overflow;		/* more than NL_IPCONF_MAX of them */
	bool link_local;	/* list the link-local addresses, not the others */
};

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addr_list *l = data;
	struct nl_ipaddr *a;
	struct nlattr *attr;
	size_t len = ifa->ifa_family == AF_INET ? 4 : 16;

	/* link-local and host addresses stay with the device */
	if ((int)ifa->ifa_index != l->ifindex ||
	    (l->link_local ? ifa->ifa_scope != RT_SCOPE_LINK : ifa->ifa_scope >= RT_SCOPE_LINK))
		return MNL_CB_OK;
	if (l->conf->naddrs >= NL_IPCONF_MAX) {
		l->overflow = true;
		return MNL_CB_OK;
	}
	a = &l->conf->addrs[l->conf->naddrs];
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_payload_len(attr) != len)
			continue;
		/* IFA_LOCAL is the address; IFA_ADDRESS, its peer on a point-to-point link */
		if (mnl_attr_get_type(attr) == IFA_LOCAL ||
		    (mnl_attr_get_type(attr) == IFA_ADDRESS && !a->has_addr)) {
			memcpy(a->addr, mnl_attr_get_payload(attr), len);
			a->has_addr = true;
		} else if (mnl_attr_get_type(attr) == IFA_BROADCAST) {
			memcpy(a->brd, mnl_attr_get_payload(attr), len);
			a->has_brd = true;
		}
	}
	if (a->has_addr)
		l->conf->naddrs++;
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct addr_list *l = data;
	struct nl_iproute r = {};
	struct nlattr *attr;
	size_t len = rtm->rtm_family == AF_INET ? 4 : 16;
	int oif = 0;

	/* the kernel's own routes come and go with the addresses */
	if (rtm->rtm_table != RT_TABLE_MAIN || rtm->rtm_protocol == RTPROT_KERNEL ||
	    rtm->rtm_type != RTN_UNICAST)
		return MNL_CB_OK;
	r.family = rtm->rtm_family;
	r.flags = rtm->rtm_flags & RTNH_F_ONLINK;
	r.dst_len = rtm->rtm_dst_len;
	r.protocol = rtm->rtm_protocol;
	r.scope = rtm->rtm_scope;
	mnl_attr_for_each(attr, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(attr)) {
		case RTA_OIF:
			if (!mnl_attr_validate(attr, MNL_TYPE_U32))
				oif = mnl_attr_get_u32(attr);
			break;
		case RTA_DST:
			if (mnl_attr_get_payload_len(attr) == len)
				memcpy(r.dst, mnl_attr_get_payload(attr), len);
			break;
		case RTA_GATEWAY:
			if (mnl_attr_get_payload_len(attr) == len) {
				memcpy(r.gw, mnl_attr_get_payload(attr), len);
				r.has_gw = true;
			}
			break;
		case RTA_PREFSRC:
			if (mnl_attr_get_payload_len(attr) == len) {
				memcpy(r.prefsrc, mnl_attr_get_payload(attr), len);
				r.has_prefsrc = true;
			}
			break;
		case RTA_PRIORITY:
			if (!mnl_attr_validate(attr, MNL_TYPE_U32))
				r.priority = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (oif != l->ifindex)
		return MNL_CB_OK;
	if (l->conf->nroutes >= NL_IPCONF_MAX)
		l->overflow = true;
	else
		l->conf->routes[l->conf->nroutes++] = r;
	return MNL_CB_OK;
}

int nl_ipconf_get(int ifindex, struct nl_ipconf *conf)
{
	static const int families[] = { AF_INET, AF_INET6 };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct addr_list l = { .ifindex = ifindex, .conf = conf };
	struct nlmsghdr *nlh;
	unsigned int i;
	int err = 0;

	memset(conf, 0, sizeof(*conf));
	for (i = 0; i < 2 && !err; i++) {
		struct ifaddrmsg *ifa;
		struct rtmsg *rtm;

		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETADDR;
		nlh->nlmsg_flags = NLM_F_DUMP;
		ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
		ifa->ifa_family = families[i];
		err = nl_talk(nlh, addr_cb, &l);
		if (err)
			break;
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETROUTE;
		nlh->nlmsg_flags = NLM_F_DUMP;
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = families[i];
		err = nl_talk(nlh, route_cb, &l);
	}
	return err ?: l.overflow ? -E2BIG : 0;
}

int nl_ipaddr_change(int ifindex, const struct nl_ipaddr *a, bool add)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	size_t len = a->family == AF_INET ? 4 : 16;
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	nlh->nlmsg_flags = add ? NLM_F_CREATE | NLM_F_EXCL : 0;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = a->family;
	ifa->ifa_prefixlen = a->prefixlen;
	ifa->ifa_scope = a->scope;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
	mnl_attr_put(nlh, IFA_ADDRESS, len, a->addr);
	if (a->has_brd)
		mnl_attr_put(nlh, IFA_BROADCAST, len, a->brd);
	if (a->family == AF_INET6)
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);	/* it was in use a moment ago */
	return nl_talk(nlh, NULL, NULL);
}

int nl_iproute_change(int ifindex, const struct nl_iproute *r, bool add)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	size_t len = r->family == AF_INET ? 4 : 16;
	struct rtmsg *rtm;

	nlh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	nlh->nlmsg_flags = add ? NLM_F_CREATE | NLM_F_EXCL : 0;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = r->family;
	rtm->rtm_dst_len = r->dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = r->protocol;
	rtm->rtm_scope = r->scope;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_flags = r->flags;
	if (r->dst_len)
		mnl_attr_put(nlh, RTA_DST, len, r->dst);
	if (r->has_gw)
		mnl_attr_put(nlh, RTA_GATEWAY, len, r->gw);
	if (r->has_prefsrc)
		mnl_attr_put(nlh, RTA_PREFSRC, len, r->prefsrc);
	if (r->priority)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->priority);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return nl_talk(nlh, NULL, NULL);
}

int nl_ipv6_ll(int ifindex, bool on)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *spec, *inet6;
	struct nl_ipconf c = {};
	struct addr_list l = { .ifindex = ifindex, .conf = &c, .link_local = true };
	struct ifinfomsg *ifm;
	struct ifaddrmsg *ifa;
	unsigned int i;
	int err;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	inet6 = mnl_attr_nest_start(nlh, AF_INET6);
	mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE,
			on ? IN6_ADDR_GEN_MODE_EUI64 : IN6_ADDR_GEN_MODE_NONE);
	mnl_attr_nest_end(nlh, inet6);
	mnl_attr_nest_end(nlh, spec);
	err = nl_talk(nlh, NULL, NULL);
	if (err || on)
		return err == -EAFNOSUPPORT ? 0 : err;	/* no IPv6 at all: nothing to turn off */
	/* the address the old mode made goes too */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	err = nl_talk(nlh, addr_cb, &l);
	for (i = 0; !err && i < c.naddrs; i++)
		err = nl_ipaddr_change(ifindex, &c.addrs[i], false);
	return err;
}
