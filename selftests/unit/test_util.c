// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of the CLI value parsers: MAC, VID, numbers, names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util.h"

static void test_mac_valid(void **state)
{
	uint8_t mac[6];
	char buf[18];

	(void)state;
	assert_int_equal(parse_mac("02:00:5E:0a:ff:01", mac), 0);
	format_mac(mac, buf);
	assert_string_equal(buf, "02:00:5e:0a:ff:01");
	assert_int_equal(parse_mac("02-00-5e-0a-ff-01", mac), 0);
	assert_int_equal(mac[5], 1);
}

static void test_mac_invalid(void **state)
{
	static const char *const bad[] = {
		"", "02:00:00:00:00", "02:00:00:00:00:001", "02:00:00:00:00:0g",
		"02.00.00.00.00.01", "0200:00:00:00:01", "02:00:00:00:00:01:",
		"02:00-00:00:00:01", "02-00-00-00-00:01",	/* mixed separators */
	};
	uint8_t mac[6];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(parse_mac(bad[i], mac), -EINVAL);
}

static void test_vid(void **state)
{
	uint16_t vid;

	(void)state;
	assert_int_equal(parse_vid("0", &vid), 0);
	assert_int_equal(vid, 0);
	assert_int_equal(parse_vid("4094", &vid), 0);
	assert_int_equal(vid, 4094);
	assert_int_equal(parse_vid("4095", &vid), -EINVAL);
	assert_int_equal(parse_vid("-1", &vid), -EINVAL);
	assert_int_equal(parse_vid("10x", &vid), -EINVAL);
	assert_int_equal(parse_vid("", &vid), -EINVAL);
	assert_int_equal(parse_vid("99999999999999999999", &vid), -EINVAL);
}

static void test_u32_bounds(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(parse_u32("1", 1, 10, &v), 0);
	assert_int_equal(parse_u32("10", 1, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(parse_u32("0", 1, 10, &v), -EINVAL);
	assert_int_equal(parse_u32("11", 1, 10, &v), -EINVAL);
	assert_int_equal(parse_u32(" 5", 1, 10, &v), -EINVAL);
	assert_int_equal(parse_u32("+5", 1, 10, &v), -EINVAL);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(name_valid("vm-1.eth_0", 16));
	assert_true(name_valid("abcdefghijklmno", 16));	/* 15: IFNAMSIZ - 1 */
	assert_false(name_valid("abcdefghijklmnop", 16));
	assert_false(name_valid("", 16));
	assert_false(name_valid("..", 16));
	assert_false(name_valid(".hidden", 16));	/* bpffs and listings hide it */
	assert_false(name_valid("a/b", 16));
	assert_false(name_valid("a b", 16));
}

static void test_cpus(void **state)
{
	static const char *const bad[] = { "", "a", "1-", "-1", "3-1", "0,", ",0", "0,,1", "256",
					   "0-256", "1 2", "1x" };
	struct cpus c;
	char buf[64];
	unsigned int i;

	(void)state;
	assert_int_equal(parse_cpus("0-3,6,8-9", &c), 0);
	assert_int_equal(cpus_count(&c), 7);
	assert_true(cpus_has(&c, 6));
	assert_false(cpus_has(&c, 7));
	assert_int_equal(cpus_nth(&c, 4), 6);
	assert_int_equal(cpus_nth(&c, 7), -1);
	format_cpus(&c, buf, sizeof(buf));
	assert_string_equal(buf, "0-3,6,8-9");
	assert_int_equal(parse_cpus("255,0", &c), 0);
	format_cpus(&c, buf, sizeof(buf));
	assert_string_equal(buf, "0,255");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_cpus(bad[i], &c) != -EINVAL)
			fail_msg("\"%s\" accepted as a CPU list", bad[i]);
	memset(&c, 0, sizeof(c));
	format_cpus(&c, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_valid), cmocka_unit_test(test_mac_invalid),
		cmocka_unit_test(test_vid),	  cmocka_unit_test(test_u32_bounds),
		cmocka_unit_test(test_names),	  cmocka_unit_test(test_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
