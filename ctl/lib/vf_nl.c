// SPDX-License-Identifier: GPL-2.0
/* The rtnetlink messages of SR-IOV: a PF's VFs read from RTM_GETLINK with
 * RTEXT_FILTER_VF, and one VF setting per RTM_SETLINK (IFLA_VFINFO_LIST,
 * IFLA_VF_INFO, the setting). */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "vf.h"

const char *const vf_attr_names[] = {
	[VF_MAC] = "mac", [VF_VLAN] = "vlan", [VF_RATE] = "rate", [VF_SPOOFCHK] = "spoofchk",
	[VF_TRUST] = "trust", [VF_LINK_STATE] = "state",
};

const char *const vf_state_names[] = {
	[IFLA_VF_LINK_STATE_AUTO] = "auto", [IFLA_VF_LINK_STATE_ENABLE] = "enable",
	[IFLA_VF_LINK_STATE_DISABLE] = "disable", NULL,
};

#define COUNTER(name, attr) { #name, IFLA_VF_STATS_##attr, offsetof(struct vf_info, name) }
const struct vf_counter vf_counters[] = {
	COUNTER(rx_packets, RX_PACKETS), COUNTER(rx_bytes, RX_BYTES),
	COUNTER(tx_packets, TX_PACKETS), COUNTER(tx_bytes, TX_BYTES),
	COUNTER(broadcast, BROADCAST),	 COUNTER(multicast, MULTICAST),
	COUNTER(rx_dropped, RX_DROPPED), COUNTER(tx_dropped, TX_DROPPED),
	{}
};
#undef COUNTER

/* a PF's VFs come in one message: about 330 bytes each, counters included */
static int vf_talk(struct nlmsghdr *nlh, int (*cb)(const struct nlmsghdr *nlh, void *data),
		   void *data)
{
	return nl_talk_size(nlh, cb, data, 1 << 18);
}

int (*vf_nl_talk)(struct nlmsghdr *nlh, int (*cb)(const struct nlmsghdr *nlh, void *data),
		  void *data) = vf_talk;

static struct nlmsghdr *vf_msg(char *buf, int type, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return nlh;
}

/* the payload of @attr when it holds at least @len bytes, else NULL */
static const void *payload(const struct nlattr *attr, size_t len)
{
	return attr && mnl_attr_get_payload_len(attr) >= len ? mnl_attr_get_payload(attr) : NULL;
}

static int table_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	/* every table here is sized for IFLA_MAX, the largest of them */
	if (type <= IFLA_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static void vf_stats_parse(const struct nlattr *nest, struct vf_info *v)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {};
	const struct vf_counter *c;

	mnl_attr_parse_nested(nest, table_cb, tb);
	for (c = vf_counters; c->name; c++)
		if (payload(tb[c->attr], sizeof(__u64)))
			memcpy((char *)v + c->off, mnl_attr_get_payload(tb[c->attr]), sizeof(__u64));
	v->has_stats = true;
}

/* One IFLA_VF_INFO. Every attribute starts with the VF's number. */
static int vf_parse(const struct nlattr *nest, struct vf_info *v)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {}, *vl[IFLA_MAX + 1] = {};
	const struct ifla_vf_mac *mac;
	const struct ifla_vf_vlan *vlan;
	const struct ifla_vf_vlan_info *vi;
	const struct ifla_vf_rate *rate;
	const struct ifla_vf_spoofchk *chk;
	const struct ifla_vf_trust *trust;
	const struct ifla_vf_link_state *ls;

	mnl_attr_parse_nested(nest, table_cb, tb);
	mac = payload(tb[IFLA_VF_MAC], sizeof(*mac));
	if (!mac)
		return -EPROTO;
	memset(v, 0, sizeof(*v));
	v->vf = mac->vf;
	memcpy(v->mac, mac->mac, 6);
	v->spoofchk = v->trust = v->link_state = -1;
	v->vlan_proto = ETH_P_8021Q;
	vlan = payload(tb[IFLA_VF_VLAN], sizeof(*vlan));
	if (vlan) {
		v->vlan = vlan->vlan;
		v->qos = vlan->qos;
	}
	/* the list, where the kernel gives one, also has the protocol */
	if (tb[IFLA_VF_VLAN_LIST]) {
		mnl_attr_parse_nested(tb[IFLA_VF_VLAN_LIST], table_cb, vl);
		vi = payload(vl[IFLA_VF_VLAN_INFO], sizeof(*vi));
		if (vi) {
			v->vlan = vi->vlan;
			v->qos = vi->qos;
			v->vlan_proto = ntohs(vi->vlan_proto);
		}
	}
	rate = payload(tb[IFLA_VF_RATE], sizeof(*rate));
	if (rate) {
		v->min_rate = rate->min_tx_rate;
		v->max_rate = rate->max_tx_rate;
	}
	/* a driver that has no such setting reports ~0 */
	chk = payload(tb[IFLA_VF_SPOOFCHK], sizeof(*chk));
	if (chk && chk->setting != ~0U)
		v->spoofchk = !!chk->setting;
	trust = payload(tb[IFLA_VF_TRUST], sizeof(*trust));
	if (trust && trust->setting != ~0U)
		v->trust = !!trust->setting;
	ls = payload(tb[IFLA_VF_LINK_STATE], sizeof(*ls));
	if (ls)
		v->link_state = ls->link_state;
	if (tb[IFLA_VF_STATS])
		vf_stats_parse(tb[IFLA_VF_STATS], v);
	return 0;
}

struct get_ctx {
	struct vf_info *vfs;
	unsigned int n, num_vfs;
	int err;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {};
	struct get_ctx *g = data;
	struct nlattr *info;

	mnl_attr_parse(nlh, sizeof(struct ifinfomsg), table_cb, tb);
	if (payload(tb[IFLA_NUM_VF], sizeof(__u32)))
		g->num_vfs = mnl_attr_get_u32(tb[IFLA_NUM_VF]);
	if (!tb[IFLA_VFINFO_LIST])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(info, tb[IFLA_VFINFO_LIST]) {
		if (mnl_attr_get_type(info) != IFLA_VF_INFO)
			continue;
		if (g->n >= VF_MAX)
			g->err = -E2BIG;
		else if (vf_parse(info, &g->vfs[g->n]))
			g->err = -EPROTO;
		else
			g->n++;
	}
	return MNL_CB_OK;
}

int vf_nl_get(int ifindex, struct vf_info *vfs, unsigned int *num_vfs, bool stats)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = vf_msg(buf, RTM_GETLINK, ifindex);
	struct get_ctx g = { .vfs = vfs };
	int err;

	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_VF | (stats ? 0 : RTEXT_FILTER_SKIP_STATS));
	err = vf_nl_talk(nlh, get_cb, &g) ?: g.err;
	if (err)
		return err;
	*num_vfs = g.num_vfs;
	return g.n;
}

int vf_nl_set(int ifindex, const struct vf_info *v, enum vf_attr attr, bool legacy_vlan)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = vf_msg(buf, RTM_SETLINK, ifindex);
	struct nlattr *list = mnl_attr_nest_start(nlh, IFLA_VFINFO_LIST);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_VF_INFO), *vlans;

	switch (attr) {
	case VF_MAC: {
		struct ifla_vf_mac m = { .vf = v->vf };

		memcpy(m.mac, v->mac, 6);
		mnl_attr_put(nlh, IFLA_VF_MAC, sizeof(m), &m);
		break;
	}
	case VF_VLAN:
		if (legacy_vlan) {
			struct ifla_vf_vlan m = { .vf = v->vf, .vlan = v->vlan, .qos = v->qos };

			mnl_attr_put(nlh, IFLA_VF_VLAN, sizeof(m), &m);
		} else {
			struct ifla_vf_vlan_info m = { .vf = v->vf, .vlan = v->vlan, .qos = v->qos,
						       .vlan_proto = htons(v->vlan_proto) };

			vlans = mnl_attr_nest_start(nlh, IFLA_VF_VLAN_LIST);
			mnl_attr_put(nlh, IFLA_VF_VLAN_INFO, sizeof(m), &m);
			mnl_attr_nest_end(nlh, vlans);
		}
		break;
	case VF_RATE: {
		struct ifla_vf_rate m = { .vf = v->vf, .min_tx_rate = v->min_rate,
					  .max_tx_rate = v->max_rate };

		mnl_attr_put(nlh, IFLA_VF_RATE, sizeof(m), &m);
		break;
	}
	case VF_SPOOFCHK: {
		struct ifla_vf_spoofchk m = { .vf = v->vf, .setting = v->spoofchk > 0 };

		mnl_attr_put(nlh, IFLA_VF_SPOOFCHK, sizeof(m), &m);
		break;
	}
	case VF_TRUST: {
		struct ifla_vf_trust m = { .vf = v->vf, .setting = v->trust > 0 };

		mnl_attr_put(nlh, IFLA_VF_TRUST, sizeof(m), &m);
		break;
	}
	case VF_LINK_STATE: {
		struct ifla_vf_link_state m = { .vf = v->vf, .link_state = v->link_state };

		mnl_attr_put(nlh, IFLA_VF_LINK_STATE, sizeof(m), &m);
		break;
	}
	default:
		return -EINVAL;
	}
	mnl_attr_nest_end(nlh, info);
	mnl_attr_nest_end(nlh, list);
	return vf_nl_talk(nlh, NULL, NULL);
}

bool vf_attr_equal(const struct vf_info *a, const struct vf_info *b, enum vf_attr attr)
{
	switch (attr) {
	case VF_MAC:
		return !memcmp(a->mac, b->mac, 6);
	case VF_VLAN:
		/* without a VLAN, qos and protocol mean nothing */
		return a->vlan == b->vlan &&
		       (!a->vlan || (a->qos == b->qos && a->vlan_proto == b->vlan_proto));
	case VF_RATE:
		return a->max_rate == b->max_rate && a->min_rate == b->min_rate;
	case VF_SPOOFCHK:
		return a->spoofchk == b->spoofchk;
	case VF_TRUST:
		return a->trust == b->trust;
	case VF_LINK_STATE:
		return a->link_state == b->link_state;
	default:
		return false;
	}
}
