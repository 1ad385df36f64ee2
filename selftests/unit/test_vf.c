// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of xswctl vf against a fake kernel in place of the netlink
 * socket: the VF list parsed, one setting per message, the older VLAN
 * attribute when the list is ignored, and a refused or ignored setting
 * leaving the VF as it was. The PF is lo, so the device lookup is real. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "ctx.h"
#include "vf.h"

/* --- the fake kernel: two VFs of lo ---------------------------------------- */

static struct vf_info vfs[2];
static int refuse;		/* an IFLA_VF_* the driver refuses with EOPNOTSUPP */
static int ignore;		/* one it takes and does not apply */
static bool has_vlan_list;	/* the kernel knows IFLA_VF_VLAN_LIST */
static bool trust_unknown;	/* the driver reports trust as ~0 */
static bool short_mac;		/* a malformed IFLA_VF_MAC */
static int sets;		/* SETLINK messages */
static int set_attrs[32];	/* the IFLA_VF_* of each */

static void put_vf(struct nlmsghdr *nlh, const struct vf_info *v)
{
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_VF_INFO), *n;
	struct ifla_vf_mac mac = { .vf = v->vf };
	struct ifla_vf_vlan vlan = { .vf = v->vf, .vlan = v->vlan, .qos = v->qos };
	struct ifla_vf_vlan_info vi = { .vf = v->vf, .vlan = v->vlan, .qos = v->qos,
					.vlan_proto = htons(v->vlan_proto) };
	struct ifla_vf_rate rate = { .vf = v->vf, .min_tx_rate = v->min_rate,
				     .max_tx_rate = v->max_rate };
	struct ifla_vf_spoofchk chk = { .vf = v->vf, .setting = v->spoofchk };
	struct ifla_vf_trust trust = { .vf = v->vf, .setting = trust_unknown ? ~0U : (__u32)v->trust };
	struct ifla_vf_link_state ls = { .vf = v->vf, .link_state = v->link_state };

	memcpy(mac.mac, v->mac, 6);
	mnl_attr_put(nlh, IFLA_VF_MAC, short_mac ? 4 : sizeof(mac), &mac);
	mnl_attr_put(nlh, IFLA_VF_VLAN, sizeof(vlan), &vlan);
	if (has_vlan_list) {
		n = mnl_attr_nest_start(nlh, IFLA_VF_VLAN_LIST);
		mnl_attr_put(nlh, IFLA_VF_VLAN_INFO, sizeof(vi), &vi);
		mnl_attr_nest_end(nlh, n);
	}
	mnl_attr_put(nlh, IFLA_VF_RATE, sizeof(rate), &rate);
	mnl_attr_put(nlh, IFLA_VF_SPOOFCHK, sizeof(chk), &chk);
	mnl_attr_put(nlh, IFLA_VF_TRUST, sizeof(trust), &trust);
	mnl_attr_put(nlh, IFLA_VF_LINK_STATE, sizeof(ls), &ls);
	n = mnl_attr_nest_start(nlh, IFLA_VF_STATS);
	mnl_attr_put_u64(nlh, IFLA_VF_STATS_RX_PACKETS, v->rx_packets);
	mnl_attr_put_u64(nlh, IFLA_VF_STATS_TX_BYTES, v->tx_bytes);
	mnl_attr_nest_end(nlh, n);
	mnl_attr_nest_end(nlh, info);
}

static int getlink(const struct nlmsghdr *req, int (*cb)(const struct nlmsghdr *, void *),
		   void *data)
{
	static char buf[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *list, *x;
	__u32 mask = 0;
	unsigned int i;

	/* without RTEXT_FILTER_VF the kernel lists no VF */
	mnl_attr_for_each(x, req, sizeof(struct ifinfomsg))
		if (mnl_attr_get_type(x) == IFLA_EXT_MASK)
			mask = mnl_attr_get_u32(x);
	assert_true(mask & RTEXT_FILTER_VF);

	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	mnl_attr_put_u32(nlh, IFLA_NUM_VF, 2);
	list = mnl_attr_nest_start(nlh, IFLA_VFINFO_LIST);
	for (i = 0; i < 2; i++)
		put_vf(nlh, &vfs[i]);
	mnl_attr_nest_end(nlh, list);
	return cb(nlh, data) == MNL_CB_OK ? 0 : -EPROTO;
}

/* Applies the one setting of a SETLINK as a driver would. */
static int setlink(const struct nlmsghdr *nlh)
{
	const struct nlattr *list = NULL, *info, *a = NULL, *x;
	const __u32 *vf;
	struct vf_info *v;
	int n = 0, type;

	mnl_attr_for_each(x, nlh, sizeof(struct ifinfomsg))
		if (mnl_attr_get_type(x) == IFLA_VFINFO_LIST)
			list = x;
	assert_non_null(list);
	info = mnl_attr_get_payload(list);
	assert_int_equal(mnl_attr_get_type(info), IFLA_VF_INFO);
	mnl_attr_for_each_nested(x, info) {
		a = x;
		n++;
	}
	assert_int_equal(n, 1);		/* one setting per message */
	type = set_attrs[sets++] = mnl_attr_get_type(a);
	if (type == IFLA_VF_VLAN_LIST) {
		if (!has_vlan_list)
			return 0;	/* an older kernel skips what it does not know */
		a = mnl_attr_get_payload(a);
		assert_int_equal(mnl_attr_get_type(a), IFLA_VF_VLAN_INFO);
	}
	vf = mnl_attr_get_payload(a);
	assert_true(*vf < 2);
	v = &vfs[*vf];
	if (type == refuse)
		return -EOPNOTSUPP;
	if (type == ignore)
		return 0;
	switch (type) {
	case IFLA_VF_MAC:
		memcpy(v->mac, ((const struct ifla_vf_mac *)vf)->mac, 6);
		break;
	case IFLA_VF_VLAN:
		v->vlan = ((const struct ifla_vf_vlan *)vf)->vlan;
		v->qos = ((const struct ifla_vf_vlan *)vf)->qos;
		v->vlan_proto = ETH_P_8021Q;
		break;
	case IFLA_VF_VLAN_LIST:
		v->vlan = ((const struct ifla_vf_vlan_info *)vf)->vlan;
		v->qos = ((const struct ifla_vf_vlan_info *)vf)->qos;
		v->vlan_proto = ntohs(((const struct ifla_vf_vlan_info *)vf)->vlan_proto);
		break;
	case IFLA_VF_RATE:
		v->min_rate = ((const struct ifla_vf_rate *)vf)->min_tx_rate;
		v->max_rate = ((const struct ifla_vf_rate *)vf)->max_tx_rate;
		break;
	case IFLA_VF_SPOOFCHK:
		v->spoofchk = ((const struct ifla_vf_spoofchk *)vf)->setting;
		break;
	case IFLA_VF_TRUST:
		v->trust = ((const struct ifla_vf_trust *)vf)->setting;
		break;
	case IFLA_VF_LINK_STATE:
		v->link_state = ((const struct ifla_vf_link_state *)vf)->link_state;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static int fake_talk(struct nlmsghdr *nlh, int (*cb)(const struct nlmsghdr *, void *), void *data)
{
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	assert_int_equal(ifm->ifi_index, if_nametoindex("lo"));
	if (nlh->nlmsg_type == RTM_GETLINK)
		return getlink(nlh, cb, data);
	assert_int_equal(nlh->nlmsg_type, RTM_SETLINK);
	return setlink(nlh);
}

static struct xsw_ctx ctx;

static int setup(void **state)
{
	unsigned int i;

	(void)state;
	memset(vfs, 0, sizeof(vfs));
	for (i = 0; i < 2; i++) {
		vfs[i].vf = i;
		vfs[i].vlan_proto = ETH_P_8021Q;
		vfs[i].spoofchk = 1;
		vfs[i].link_state = IFLA_VF_LINK_STATE_AUTO;
	}
	vfs[1].rx_packets = 7;
	vfs[1].tx_bytes = 1234;
	refuse = ignore = sets = 0;
	has_vlan_list = true;
	trust_unknown = short_mac = false;
	vf_nl_talk = fake_talk;
	memset(&ctx, 0, sizeof(ctx));
	xsw_ctx_use(&ctx);
	return 0;
}

static const struct vf_info *vf1(void)
{
	return &vfs[1];
}

/* --- tests ----------------------------------------------------------------- */

static void test_show(void **state)
{
	static const __u8 mac[6] = { 0x02, 0, 0, 0, 0, 0x11 };
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_vf = true };
	json_object *out, *o, *v;

	(void)state;
	memcpy(vfs[1].mac, mac, 6);
	vfs[1].vlan = 42;
	vfs[1].qos = 3;
	vfs[1].vlan_proto = ETH_P_8021AD;
	vfs[1].max_rate = 500;
	vfs[1].min_rate = 100;
	vfs[1].trust = 1;
	vfs[1].link_state = IFLA_VF_LINK_STATE_DISABLE;
	assert_int_equal(xsw_vf_show(&a, &out), 0);
	assert_int_equal(json_object_array_length(out), 1);
	o = json_object_array_get_idx(out, 0);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
		"{\"pf\":\"lo\",\"vf\":1,\"mac\":\"02:00:00:00:00:11\",\"vlan\":42,\"qos\":3,"
		"\"vlan_proto\":\"802.1ad\",\"rate\":{\"max\":500,\"min\":100},\"spoofchk\":true,"
		"\"trust\":true,\"state\":\"disable\",\"stats\":{\"rx_packets\":7,\"rx_bytes\":0,"
		"\"tx_packets\":0,\"tx_bytes\":1234,\"broadcast\":0,\"multicast\":0,"
		"\"rx_dropped\":0,\"tx_dropped\":0},\"switch\":null,\"port\":null}");
	json_object_put(out);
	/* every VF without a number; an absent one is named with the range */
	a.has_vf = false;
	assert_int_equal(xsw_vf_show(&a, &out), 0);
	assert_int_equal(json_object_array_length(out), 2);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(out, 0), "vf", &v));
	assert_int_equal(json_object_get_int(v), 0);
	json_object_put(out);
	a.has_vf = true;
	a.vf = 5;
	assert_int_equal(xsw_vf_show(&a, &out), -ENOENT);
	assert_string_equal(ctx.msg, "device \"lo\" has no VF 5: its VFs are 0-1");
}

static void test_set_one_per_message(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_mac = true,
				 .mac = { 0x02, 0, 0, 0, 0, 0x22 }, .has_vlan = true, .vlan = 100,
				 .has_qos = true, .qos = 5, .has_rate = true, .max_rate = 1000,
				 .has_spoofchk = true, .spoofchk = false, .has_trust = true,
				 .trust = true, .state = VF_STATE_ENABLE };

	(void)state;
	assert_int_equal(xsw_vf_set(&a), 0);
	assert_memory_equal(vf1()->mac, a.mac, 6);
	assert_int_equal(vf1()->vlan, 100);
	assert_int_equal(vf1()->qos, 5);
	assert_int_equal(vf1()->vlan_proto, ETH_P_8021Q);
	assert_int_equal(vf1()->max_rate, 1000);
	assert_int_equal(vf1()->spoofchk, 0);
	assert_int_equal(vf1()->trust, 1);
	assert_int_equal(vf1()->link_state, IFLA_VF_LINK_STATE_ENABLE);
	assert_int_equal(sets, 6);
	assert_int_equal(set_attrs[0], IFLA_VF_MAC);
	assert_int_equal(set_attrs[1], IFLA_VF_VLAN_LIST);
	assert_int_equal(set_attrs[5], IFLA_VF_LINK_STATE);
	assert_int_equal(vfs[0].vlan, 0);	/* the other VF untouched */
	/* the same again changes nothing and sends nothing */
	sets = 0;
	assert_int_equal(xsw_vf_set(&a), 0);
	assert_int_equal(sets, 0);
}

static void test_vlan_fallback(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_vlan = true, .vlan = 7 };

	(void)state;
	has_vlan_list = false;
	assert_int_equal(xsw_vf_set(&a), 0);
	assert_int_equal(vf1()->vlan, 7);
	assert_int_equal(sets, 2);
	assert_int_equal(set_attrs[0], IFLA_VF_VLAN_LIST);
	assert_int_equal(set_attrs[1], IFLA_VF_VLAN);
	/* 802.1ad has no older attribute: not applied, said so */
	a.vlan = 8;
	a.proto = 1;
	a.has_proto = true;
	assert_int_equal(xsw_vf_set(&a), -EIO);
	assert_string_equal(ctx.msg, "\"lo\" accepted vlan of VF 1 but did not apply it");
	assert_int_equal(vf1()->vlan, 7);
}

static void test_refused_undoes(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_mac = true,
				 .mac = { 0x02, 0, 0, 0, 0, 0x33 }, .has_vlan = true, .vlan = 20,
				 .state = VF_STATE_DISABLE, .has_trust = true, .trust = true };
	static const __u8 zero[6];

	(void)state;
	refuse = IFLA_VF_LINK_STATE;	/* igb */
	assert_int_equal(xsw_vf_set(&a), -EOPNOTSUPP);
	assert_string_equal(ctx.msg, "the driver of \"lo\" cannot set state of a VF: "
				     "Operation not supported");
	/* mac, vlan and trust (before state) are back to what they were */
	assert_memory_equal(vf1()->mac, zero, 6);
	assert_int_equal(vf1()->vlan, 0);
	assert_int_equal(vf1()->trust, 0);
}

static void test_ignored_undoes(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_rate = true, .max_rate = 300,
				 .has_spoofchk = true, .spoofchk = false };

	(void)state;
	ignore = IFLA_VF_SPOOFCHK;
	assert_int_equal(xsw_vf_set(&a), -EIO);
	assert_string_equal(ctx.msg, "\"lo\" accepted spoofchk of VF 1 but did not apply it");
	assert_int_equal(vf1()->max_rate, 0);
}

static void test_8021ad(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_vlan = true, .vlan = 42, .proto = 1,
				 .has_proto = true };

	(void)state;
	assert_int_equal(xsw_vf_set(&a), 0);
	assert_int_equal(vf1()->vlan, 42);
	assert_int_equal(vf1()->vlan_proto, ETH_P_8021AD);
	assert_int_equal(set_attrs[0], IFLA_VF_VLAN_LIST);
}

/* the undo goes the way the setting went: IFLA_VF_VLAN on an older kernel */
static void test_undo_older_vlan(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_vlan = true, .vlan = 9,
				 .state = VF_STATE_ENABLE };

	(void)state;
	has_vlan_list = false;
	refuse = IFLA_VF_LINK_STATE;
	assert_int_equal(xsw_vf_set(&a), -EOPNOTSUPP);
	assert_int_equal(vf1()->vlan, 0);
	assert_int_equal(set_attrs[sets - 1], IFLA_VF_VLAN);
}

/* a setting the driver does not report: not verified, never "undone" */
static void test_unknown_setting(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_trust = true, .trust = true };
	int i;

	(void)state;
	trust_unknown = true;
	assert_int_equal(xsw_vf_set(&a), 0);
	assert_int_equal(vf1()->trust, 1);
	a.has_mac = true;
	a.mac[5] = 0x44;
	refuse = IFLA_VF_TRUST;
	sets = 0;
	vfs[1].trust = 0;
	assert_int_equal(xsw_vf_set(&a), -EOPNOTSUPP);
	/* mac, trust refused, mac undone: no trust sent back */
	for (i = 0; i < sets; i++)
		assert_true(i == 1 || set_attrs[i] != IFLA_VF_TRUST);
	assert_int_equal(vf1()->mac[5], 0);
}

/* rate max alone keeps the minimum; one above the new maximum is refused */
static void test_rate_keeps_min(void **state)
{
	struct xsw_vf_args a = { .pf = "lo", .vf = 1, .has_rate = true, .max_rate = 800 };

	(void)state;
	vfs[1].min_rate = 100;
	assert_int_equal(xsw_vf_set(&a), 0);
	assert_int_equal(vf1()->max_rate, 800);
	assert_int_equal(vf1()->min_rate, 100);
	a.max_rate = 50;
	assert_int_equal(xsw_vf_set(&a), -EINVAL);
	assert_string_equal(ctx.msg, "VF 1's min rate 100 Mbit/s would be above rate max 50");
	assert_int_equal(vf1()->max_rate, 800);
}

static void test_malformed(void **state)
{
	struct xsw_vf_args a = { .pf = "lo" };
	json_object *out;

	(void)state;
	short_mac = true;
	assert_int_equal(xsw_vf_show(&a, &out), -EPROTO);
	assert_non_null(strstr(ctx.msg, "cannot read the VFs of \"lo\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_show, setup),
		cmocka_unit_test_setup(test_set_one_per_message, setup),
		cmocka_unit_test_setup(test_vlan_fallback, setup),
		cmocka_unit_test_setup(test_refused_undoes, setup),
		cmocka_unit_test_setup(test_ignored_undoes, setup),
		cmocka_unit_test_setup(test_8021ad, setup),
		cmocka_unit_test_setup(test_undo_older_vlan, setup),
		cmocka_unit_test_setup(test_unknown_setting, setup),
		cmocka_unit_test_setup(test_rate_keeps_min, setup),
		cmocka_unit_test_setup(test_malformed, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
