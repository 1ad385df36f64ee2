// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of the port/NIC lifecycle (spec §2). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lifecycle.h"

static void test_hyperv_order(void **state)
{
	static const enum xsw_step order[] = {
		XSW_STEP_PORT_CREATE,	 XSW_STEP_NIC_CREATE,  XSW_STEP_NIC_CONNECT,
		XSW_STEP_NIC_DISCONNECT, XSW_STEP_NIC_DELETE,  XSW_STEP_PORT_TEARDOWN,
		XSW_STEP_PORT_DELETE,
	};
	static const enum xsw_port_state states[] = {
		XSW_PORT_CREATED,	   XSW_PORT_NIC_CREATED, XSW_PORT_NIC_CONNECTED,
		XSW_PORT_NIC_DISCONNECTED, XSW_PORT_NIC_DELETED, XSW_PORT_TEARDOWN,
		XSW_PORT_FREE,
	};
	enum xsw_port_state s = XSW_PORT_FREE;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int next = xsw_step_next(s, order[i]);

		assert_int_equal(next, states[i]);
		s = next;
	}
}

/* Every (state, step) pair outside the allowed set is refused. */
static void test_out_of_order_refused(void **state)
{
	static const struct { enum xsw_port_state from; enum xsw_step step; } allowed[] = {
		{ XSW_PORT_FREE, XSW_STEP_PORT_CREATE },
		{ XSW_PORT_CREATED, XSW_STEP_NIC_CREATE },
		{ XSW_PORT_CREATED, XSW_STEP_PORT_TEARDOWN },	/* a port without a NIC */
		{ XSW_PORT_NIC_CREATED, XSW_STEP_NIC_CONNECT },
		{ XSW_PORT_NIC_CREATED, XSW_STEP_NIC_DELETE },	/* a NIC that never connected */
		{ XSW_PORT_NIC_CONNECTED, XSW_STEP_NIC_DISCONNECT },
		{ XSW_PORT_NIC_DISCONNECTED, XSW_STEP_NIC_DELETE },
		{ XSW_PORT_NIC_DELETED, XSW_STEP_NIC_CREATE },	/* a new NIC on the same port */
		{ XSW_PORT_NIC_DELETED, XSW_STEP_PORT_TEARDOWN },
		{ XSW_PORT_TEARDOWN, XSW_STEP_PORT_DELETE },
	};
	unsigned int from, step;
	unsigned int i;

	(void)state;
	for (from = 0; from < XSW_PORT_STATE__MAX; from++) {
		for (step = 0; step < XSW_STEP__MAX; step++) {
			int ok = 0;

			for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
				ok |= allowed[i].from == from && allowed[i].step == step;
			if (ok)
				assert_true(xsw_step_next(from, step) >= 0);
			else
				assert_int_equal(xsw_step_next(from, step), -EPERM);
		}
	}
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(xsw_state_name(XSW_PORT_NIC_CONNECTED), "connected");
	assert_string_equal(xsw_step_name(XSW_STEP_NIC_DISCONNECT), "nic disconnect");
	assert_string_equal(xsw_state_name(99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hyperv_order),
		cmocka_unit_test(test_out_of_order_refused),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
