// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of the rules that give a port a VF (ctl/lib/iov.c): what is
 * refused outright, what a VF would bypass (refused unless forced, and then
 * named), and which VF a port takes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ctx.h"
#include "iov.h"

/* A VM's port on an IOV switch, with a MAC and nothing a VF bypasses. */
static struct iov_facts facts(void)
{
	struct iov_facts f = { .switch_iov = true, .nic_type = XSW_NIC_SYNTHETIC };

	f.pol.flags = XSW_POL_MAC;
	memcpy(f.pol.mac, "\x02\x00\x00\x00\x00\x01", 6);
	return f;
}

static int admit(const struct iov_facts *f, bool force, char *bypassed)
{
	return iov_admit("vm1", f, force, bypassed, 128);
}

static void test_plain_port(void **state)
{
	struct iov_facts f = facts();
	char bypassed[128];

	(void)state;
	assert_int_equal(admit(&f, false, bypassed), 0);
	assert_string_equal(bypassed, "");
	f.pol.vlan_mode = XSW_VLAN_ACCESS;
	f.pol.pvid = 10;
	f.pol.flags |= XSW_POL_MAC_SPOOFING;
	assert_int_equal(admit(&f, false, bypassed), 0);
}

/* no force makes these possible */
static void test_refused(void **state)
{
	struct iov_facts f;
	char bypassed[128];

	(void)state;
	f = facts();
	f.switch_iov = false;
	assert_int_equal(admit(&f, true, bypassed), -EOPNOTSUPP);
	f = facts();
	f.nic_type = XSW_NIC_EXTERNAL;
	assert_int_equal(admit(&f, true, bypassed), -EINVAL);
	f.nic_type = XSW_NIC_INTERNAL;
	assert_int_equal(admit(&f, true, bypassed), -EINVAL);
	f = facts();
	f.pol.vlan_mode = XSW_VLAN_TRUNK;
	assert_int_equal(admit(&f, true, bypassed), -EINVAL);
	f.pol.vlan_mode = XSW_VLAN_PRIVATE;
	assert_int_equal(admit(&f, true, bypassed), -EINVAL);
	f = facts();
	f.pol.flags = 0;		/* no MAC */
	assert_int_equal(admit(&f, true, bypassed), -EINVAL);
	f.pol.flags = XSW_POL_MAC | XSW_POL_MAC_LEARN;	/* mac auto on a tap, not seen yet */
	assert_int_equal(admit(&f, true, bypassed), -EINVAL);
}

static void test_bypassed(void **state)
{
	struct iov_facts f = facts();
	char bypassed[128];

	(void)state;
	f.pol.guards = XSW_GUARD_DHCP | XSW_GUARD_ROUTER;
	f.pol.storm_pps = 100;
	f.pol.learn_limit = 4;
	f.pol.flags |= XSW_POL_IPS;
	f.acl_rules = 2;
	f.mirror = true;
	snprintf(f.exts, sizeof(f.exts), "fw1");
	assert_int_equal(admit(&f, false, bypassed), -EPERM);
	assert_int_equal(admit(&f, true, bypassed), 0);
	assert_string_equal(bypassed,
			    "dhcp-guard,router-guard,storm-limit,learning-limit,allowed-ips,acl,mirror,fw1");
	f = facts();
	f.acl_rules = 1;
	assert_int_equal(admit(&f, false, bypassed), -EPERM);
	assert_string_equal(bypassed, "acl");
}

static void test_pick(void **state)
{
	struct vf_info vfs[4] = { { .vf = 0 }, { .vf = 1 }, { .vf = 2 }, { .vf = 3 } };
	__u64 held[VF_MAX / 64] = {};

	(void)state;
	assert_int_equal(iov_pick(vfs, 4, 4, held), 0);
	held[0] = 1 << 0 | 1 << 2;
	assert_int_equal(iov_pick(vfs, 4, 4, held), 1);
	held[0] |= 1 << 1;
	assert_int_equal(iov_pick(vfs, 4, 4, held), 3);
	/* listed past the PF's count (going away) */
	assert_int_equal(iov_pick(vfs, 4, 3, held), -1);
	held[0] = 0;
	assert_int_equal(iov_pick(vfs, 0, 0, held), -1);
	/* listed out of order: the lowest free */
	vfs[0].vf = 3;
	vfs[3].vf = 0;
	held[0] = 1 << 0;
	assert_int_equal(iov_pick(vfs, 4, 4, held), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_port),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_bypassed),
		cmocka_unit_test(test_pick),
	};

	xsw_err_quiet(true);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
