/* SPDX-License-Identifier: GPL-2.0 */
/* rtnetlink through libmnl: the few link operations xswctl needs. */
#ifndef XSW_NL_H
#define XSW_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

struct nl_link {
	int ifindex;
	char name[IF_NAMESIZE];
	char kind[16];		/* IFLA_INFO_KIND: "veth", "tun", "" for hardware */
	int peer_ifindex;	/* IFLA_LINK: a veth's peer, 0 if none */
	int peer_netnsid;	/* IFLA_LINK_NETNSID, -1 when the peer is in our namespace */
	uint8_t mac[6];
	uint32_t mtu;
	uint32_t xdp_prog_id;	/* program attached in any XDP mode, 0 if none */
	int master;		/* IFLA_MASTER: the bridge or bond it is enslaved to, 0 if none */
	bool up;
	bool running;		/* IFF_RUNNING: up with a carrier (a veth whose peer is up) */
	bool promisc;		/* IFF_PROMISC set by a user */
	bool loopback;
};

struct nlmsghdr;
/* Sends @nlh (a request, acked) and runs @cb on every reply; 0 or -errno. */
int nl_talk(struct nlmsghdr *nlh, int (*cb)(const struct nlmsghdr *nlh, void *data), void *data);
/* nl_talk with a receive buffer of @size bytes: for a reply larger than a
 * page (a PF's VFs come in one message) */
int nl_talk_size(struct nlmsghdr *nlh, int (*cb)(const struct nlmsghdr *nlh, void *data),
		 void *data, size_t size);

/* Return 0, -ENODEV when there is no such device, or another -errno. */
int nl_link_get(const char *name, struct nl_link *link);
/* @netnsid: the namespace (as our nsid) the device lives in, -1 for ours */
int nl_link_get_index(int ifindex, int netnsid, struct nl_link *link);
int nl_veth_add(const char *name, const char *peer);
int nl_link_del(int ifindex);
int nl_link_set_up(int ifindex, bool up);
int nl_link_set_promisc(int ifindex, bool on);
int nl_link_set_mac(int ifindex, const uint8_t mac[6]);
/* @mac into or out of the unicast filter of @ifindex (bridge fdb add MAC
 * dev DEV self permanent): 0, -EEXIST when it is there already, or -errno. */
int nl_uc_addr(int ifindex, const uint8_t mac[6], bool add);
/* The id our namespace gives the namespace of @netns_fd, or -errno. */
int nl_nsid_of_fd(int netns_fd);
/* BPF classifiers on the clsact hooks of @ifindex (ingress and egress), or
 * -errno. */
int nl_tc_bpf_count(int ifindex);

#endif /* XSW_NL_H */
