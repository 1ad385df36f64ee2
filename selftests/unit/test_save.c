// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of what save writes: the lines of a switch and of ports in
 * each lifecycle state, and words that -batch must read back as they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "save.h"
#include "util.h"

/* What @fn wrote, as a string (freed by the next call). */
#define CAPTURE(call)                                                        \
	({                                                                   \
		static char *__text;                                         \
		size_t __size;                                               \
		FILE *out = open_memstream(&__text, &__size);                \
		call;                                                        \
		fclose(out);                                                 \
		__text;                                                      \
	})

static void test_port_lines(void **state)
{
	struct xsw_port p = { .state = XSW_PORT_NIC_CONNECTED, .mode = XSW_MODE_XDP,
			      .nic_type = XSW_NIC_EMULATED, .name = "vm1", .dev = "tap1" };

	(void)state;
	assert_string_equal(CAPTURE(save_port("s1", &p, out)),
			    "port add s1 vm1 dev tap1 mode xdp type emulated\n");
	p.state = XSW_PORT_NIC_DISCONNECTED;
	p.mode = XSW_MODE_TC;
	p.nic_type = XSW_NIC_SYNTHETIC;
	assert_string_equal(CAPTURE(save_port("s1", &p, out)),
			    "port add s1 vm1 dev tap1 mode tc type synthetic state disconnected\n");
	p.state = XSW_PORT_NIC_CREATED;
	assert_string_equal(CAPTURE(save_port("s1", &p, out)),
			    "port add s1 vm1 dev tap1 mode tc type synthetic state nic-created\n");
	/* waiting: what it waits to become */
	p.state = XSW_PORT_CREATED;
	p.flags = XSW_PF_WAITING;
	p.want = XSW_PORT_NIC_CONNECTED;
	p.nic_type = XSW_NIC_NONE;
	assert_string_equal(CAPTURE(save_port("s1", &p, out)),
			    "port add s1 vm1 dev tap1 mode tc\n");
	p.flags = 0;
	assert_string_equal(CAPTURE(save_port("s1", &p, out)), "port create s1 vm1\n");
	p.state = XSW_PORT_TEARDOWN;
	assert_string_equal(CAPTURE(save_port("s1", &p, out)), "port create s1 vm1 state teardown\n");
	p.state = XSW_PORT_NIC_DELETED;
	assert_string_equal(CAPTURE(save_port("s1", &p, out)),
			    "port create s1 vm1 state nic-deleted\n");
}

static void test_switch_lines(void **state)
{
	struct xsw_config cfg = { .type = XSW_SWITCH_EXTERNAL, .host = 1, .uplink = "eth0" };

	(void)state;
	assert_string_equal(CAPTURE(save_switch_add(&cfg, "s1", 65536, 256, XSW_MODE_XDP, out)),
			    "switch add s1 type external uplink eth0 mode xdp host on fdb-size 65536 max-ports 256\n");
	cfg.host = 0;
	assert_string_equal(CAPTURE(save_switch_add(&cfg, "s1", 1024, 8, XSW_MODE_TC, out)),
			    "switch add s1 type external uplink eth0 mode tc host off force fdb-size 1024 max-ports 8\n");
	cfg = (struct xsw_config){ .type = XSW_SWITCH_INTERNAL };
	assert_string_equal(CAPTURE(save_switch_add(&cfg, "s2", 2048, 64, XSW_MODE_NONE, out)),
			    "switch add s2 type internal fdb-size 2048 max-ports 64\n");
}

/* save_word writes what split_words reads back */
static void test_words(void **state)
{
	static const char *const words[] = {
		"plain", "/opt/my ext/f.o", "quote\"in", "back\\slash", "hash#", "", "tab\there",
	};
	char *got[16], line[512];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		snprintf(line, sizeof(line), "ext attach %s  # comment",
			 CAPTURE(save_word(out, words[i])));
		assert_int_equal(split_words(line, got, 16), 3);
		assert_string_equal(got[2], words[i]);
	}
	strcpy(line, "  # only a comment\n");
	assert_int_equal(split_words(line, got, 16), 0);
	strcpy(line, "a \"unterminated");
	assert_int_equal(split_words(line, got, 16), -EINVAL);
	strcpy(line, "a \"glued\"word");
	assert_int_equal(split_words(line, got, 16), -EINVAL);
	strcpy(line, "a b c");
	assert_int_equal(split_words(line, got, 2), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_lines),
		cmocka_unit_test(test_switch_lines),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
