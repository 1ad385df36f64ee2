// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of the xswctl grammar: every command parses into the right
 * request, bad input gets one error line naming the problem. Nothing here
 * runs a command: parsing stops before anything touches the system. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "log.h"
#include "xsw/abi.h"

#define MAXARGS 16

/* Splits @line into words (no quoting needed here). */
static int split(const char *line, char *buf, char **argv)
{
	int argc = 0;
	char *w;

	strcpy(buf, line);
	for (w = strtok(buf, " "); w && argc < MAXARGS; w = strtok(NULL, " "))
		argv[argc++] = w;
	return argc;
}

/* Parses @line with @obj; returns the parser's result, error text in @err. */
static int parse(const struct xsw_object *obj, const char *line, struct xsw_req *req,
		 char *err, size_t len)
{
	static char buf[256];	/* the request points into it */
	char *argv[MAXARGS];
	int argc = split(line, buf, argv), saved, ret;
	FILE *f = tmpfile();

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	xsw_err_reset();
	ret = obj->parse(argc, argv, req);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	err[0] = 0;
	if (!fgets(err, len, f))
		err[0] = 0;
	fclose(f);
	return ret;
}

/* Runs xswctl's main on @line; stdout and stderr go to @out. */
static int run_main(const char *line, char *out, size_t len)
{
	char buf[256], *argv[MAXARGS + 1];
	int argc, saved_out, saved_err, ret;
	FILE *f = tmpfile();
	size_t n;

	argv[0] = "xswctl";
	argc = split(line, buf, argv + 1) + 1;
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(STDOUT_FILENO);
	saved_err = dup(STDERR_FILENO);
	dup2(fileno(f), STDOUT_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	ret = xsw_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	rewind(f);
	n = fread(out, 1, len - 1, f);
	out[n] = 0;
	fclose(f);
	xsw_json = xsw_pretty = false;
	return ret;
}

#define assert_parses(obj, line, req)                                               \
	do {                                                                         \
		char __e[256];                                                       \
		int __r = parse(&(obj), line, req, __e, sizeof(__e));                \
		if (__r)                                                             \
			fail_msg("\"%s\" refused: %s", line, __e);                   \
	} while (0)

/* refused, with one line that contains @what */
static void assert_refused(const struct xsw_object *obj, const char *line, const char *what)
{
	struct xsw_req req;
	char err[256];

	assert_int_not_equal(parse(obj, line, &req, err, sizeof(err)), 0);
	if (!strstr(err, what))
		fail_msg("\"%s\": error \"%s\" does not say \"%s\"", line, err, what);
}

static void test_switch(void **state)
{
	struct xsw_req r;

	(void)state;
	assert_parses(switch_object, "add s1 type external uplink eth0 host on", &r);
	assert_int_equal(r.cmd, CMD_ADD);
	assert_string_equal(r.sw, "s1");
	assert_int_equal(r.type, XSW_SWITCH_EXTERNAL);
	assert_string_equal(r.uplink, "eth0");
	assert_int_equal(r.host, 1);
	assert_parses(switch_object, "add s1 type external uplink eth0 mode xdp", &r);
	assert_int_equal(r.mode, XSW_MODE_XDP);
	assert_parses(switch_object, "add s1 type private", &r);
	assert_int_equal(r.type, XSW_SWITCH_PRIVATE);
	assert_int_equal(r.host, -1);
	assert_int_equal(r.fdb_size, 0);
	assert_parses(switch_object, "add s1 type private fdb-size 1048576", &r);
	assert_int_equal(r.fdb_size, 1048576);
	assert_int_equal(r.max_ports, 0);
	assert_parses(switch_object, "add s1 type private max-ports 4095", &r);
	assert_int_equal(r.max_ports, 4095);
	assert_parses(switch_object, "add s1 type internal", &r);
	assert_int_equal(r.type, XSW_SWITCH_INTERNAL);
	assert_parses(switch_object, "set s1 ageing 10", &r);
	assert_int_equal(r.cmd, CMD_SET);
	assert_int_equal(r.ageing, 10);
	assert_parses(switch_object, "del s1", &r);
	assert_int_equal(r.cmd, CMD_DEL);
	assert_parses(switch_object, "show", &r);
	assert_null(r.sw);
	assert_parses(switch_object, "show s1", &r);
	assert_string_equal(r.sw, "s1");

	assert_refused(&switch_object, "add s1", "missing type");
	assert_refused(&switch_object, "add s1 type hub", "bad switch type");
	assert_refused(&switch_object, "add s1 type external", "needs uplink");
	assert_refused(&switch_object, "add s1 type private uplink eth0", "only an external");
	assert_refused(&switch_object, "add s1 type private mode xdp", "only with uplink");
	assert_refused(&switch_object, "add s1 type internal host on", "host on|off");
	assert_refused(&switch_object, "add s1 type external uplink a uplink b", "at most one uplink");
	assert_refused(&switch_object, "add s1 type external uplink a host maybe", "bad host");
	assert_refused(&switch_object, "add s1 type private fdb-size 1023", "bad fdb-size");
	assert_refused(&switch_object, "add s1 type private fdb-size 16777217", "bad fdb-size");
	assert_refused(&switch_object, "add s1 type private fdb-size", "missing fdb-size");
	assert_refused(&switch_object, "add s1 type private max-ports 0", "bad max-ports");
	assert_refused(&switch_object, "add s1 type private max-ports 4096", "bad max-ports");
	assert_refused(&switch_object, "add s1 type private max-ports", "missing max-ports");
	assert_refused(&switch_object, "add a/b type private", "bad switch name");
	assert_refused(&switch_object, "add abcdefghijklm type private", "bad switch name");
	assert_refused(&switch_object, "set s1 ageing 0", "bad ageing");
	assert_refused(&switch_object, "set s1 ageing 1000001", "bad ageing");
	assert_refused(&switch_object, "set s1 mtu 1500", "unknown setting");
	assert_refused(&switch_object, "set s1", "missing setting");
	assert_refused(&switch_object, "del s1 now", "unexpected argument");
	assert_refused(&switch_object, "frob s1", "unknown command");
	assert_refused(&switch_object, "", "missing command");
}

static void test_port(void **state)
{
	struct xsw_req r;

	(void)state;
	assert_parses(port_object, "add s1 vm1 dev veth1 mode tc", &r);
	assert_int_equal(r.cmd, CMD_ADD);
	assert_string_equal(r.port, "vm1");
	assert_string_equal(r.dev, "veth1");
	assert_int_equal(r.mode, XSW_MODE_TC);
	assert_parses(port_object, "add s1 vm1 mode xdp dev veth1", &r);
	assert_int_equal(r.mode, XSW_MODE_XDP);
	assert_parses(port_object, "add s1 vm1 dev veth1", &r);
	assert_int_equal(r.mode, XSW_MODE_NONE);
	assert_parses(port_object, "del s1 vm1", &r);
	assert_int_equal(r.cmd, CMD_DEL);
	assert_parses(port_object, "show s1", &r);
	assert_null(r.port);
	assert_parses(port_object, "show s1 vm1", &r);
	assert_string_equal(r.port, "vm1");
	assert_parses(port_object, "create s1 vm1", &r);
	assert_int_equal(r.cmd, CMD_CREATE);
	assert_parses(port_object, "teardown s1 vm1", &r);
	assert_int_equal(r.cmd, CMD_TEARDOWN);
	assert_parses(port_object, "delete s1 vm1", &r);
	assert_int_equal(r.cmd, CMD_DELETE);

	assert_refused(&port_object, "add s1 vm1", "missing dev");
	assert_refused(&port_object, "add s1 vm1 dev", "missing device name");
	assert_refused(&port_object, "add s1 vm1 dev veth1 mode dpdk", "bad mode");
	assert_refused(&port_object, "add s1 vm1 dev veth1 vlan 3", "unexpected argument");
	assert_refused(&port_object, "add s1 vm1 dev abcdefghijklmnop", "bad device name");
	assert_refused(&port_object, "add s1", "missing port name");
	assert_refused(&port_object, "create s1 vm1 dev veth1", "unexpected argument");
	assert_refused(&port_object, "show s1 vm1 vm2", "unexpected argument");
	assert_refused(&port_object, "connect s1 vm1", "unknown command");
}

static void test_nic(void **state)
{
	struct xsw_req r;

	(void)state;
	assert_parses(nic_object, "create s1 vm1 dev veth1 mode xdp", &r);
	assert_int_equal(r.cmd, CMD_CREATE);
	assert_string_equal(r.dev, "veth1");
	assert_int_equal(r.mode, XSW_MODE_XDP);
	assert_parses(nic_object, "connect s1 vm1", &r);
	assert_int_equal(r.cmd, CMD_CONNECT);
	assert_parses(nic_object, "disconnect s1 vm1", &r);
	assert_int_equal(r.cmd, CMD_DISCONNECT);
	assert_parses(nic_object, "delete s1 vm1", &r);
	assert_int_equal(r.cmd, CMD_DELETE);

	assert_refused(&nic_object, "create s1 vm1", "missing dev");
	assert_refused(&nic_object, "connect s1 vm1 dev veth1", "unexpected argument");
	assert_refused(&nic_object, "connect s1", "missing port name");
	assert_refused(&nic_object, "add s1 vm1", "unknown command");
}

static void test_fdb(void **state)
{
	struct xsw_req r;

	(void)state;
	assert_parses(fdb_object, "show s1", &r);
	assert_int_equal(r.cmd, CMD_SHOW);
	assert_parses(fdb_object, "add s1 02:00:00:00:00:01 port vm1 vlan 10", &r);
	assert_int_equal(r.cmd, CMD_ADD);
	assert_true(r.has_mac);
	assert_int_equal(r.mac[5], 1);
	assert_string_equal(r.port, "vm1");
	assert_int_equal(r.vid, 10);
	assert_parses(fdb_object, "add s1 02:00:00:00:00:01 port vm1", &r);
	assert_int_equal(r.vid, 0);
	assert_parses(fdb_object, "del s1 02:00:00:00:00:01 vlan 4094", &r);
	assert_int_equal(r.cmd, CMD_DEL);
	assert_int_equal(r.vid, 4094);
	assert_parses(fdb_object, "flush s1", &r);
	assert_null(r.port);
	assert_parses(fdb_object, "flush s1 port vm1", &r);
	assert_string_equal(r.port, "vm1");

	assert_refused(&fdb_object, "add s1 02:00:00:00:00:01", "missing port");
	assert_refused(&fdb_object, "add s1 02:00:00:00:01 port vm1", "bad MAC");
	assert_refused(&fdb_object, "add s1 01:00:5e:00:00:01 port vm1", "multicast");
	assert_refused(&fdb_object, "add s1 02:00:00:00:00:01 port vm1 vlan 4095", "VID out of range");
	assert_refused(&fdb_object, "add s1 02:00:00:00:00:01 port vm1 vlan x", "VID out of range");
	assert_refused(&fdb_object, "del s1 02:00:00:00:00:01 port vm1", "unexpected argument");
	assert_refused(&fdb_object, "flush s1 vlan 3", "unexpected argument");
	assert_refused(&fdb_object, "del s1", "missing MAC");
	assert_refused(&fdb_object, "show s1 extra", "unexpected argument");
}

static void test_stats(void **state)
{
	struct xsw_req r;

	(void)state;
	assert_parses(stats_object, "show s1", &r);
	assert_null(r.port);
	assert_parses(stats_object, "show s1 vm1", &r);
	assert_string_equal(r.port, "vm1");
	assert_refused(&stats_object, "show", "missing switch name");
	assert_refused(&stats_object, "clear s1", "unknown command");
}

static void test_vmq(void **state)
{
	struct xsw_req r;

	(void)state;
	assert_parses(vmq_object, "set s1 vm1 cpu 3", &r);
	assert_int_equal(r.cmd, CMD_SET);
	assert_string_equal(r.port, "vm1");
	assert_true(r.has_cpus);
	assert_int_equal(cpus_count(&r.cpus), 1);
	assert_true(cpus_has(&r.cpus, 3));
	assert_int_equal(r.weight, -1);
	assert_parses(vmq_object, "set s1 vm1 cpus 0-2,5", &r);
	assert_int_equal(cpus_count(&r.cpus), 4);
	assert_true(cpus_has(&r.cpus, 5));
	assert_parses(vmq_object, "set s1 vm1 weight 0", &r);
	assert_false(r.has_cpus);
	assert_int_equal(r.weight, 0);
	assert_parses(vmq_object, "default s1 cpus none queues 8", &r);
	assert_int_equal(r.cmd, CMD_DEFAULT);
	assert_true(r.has_cpus);
	assert_int_equal(cpus_count(&r.cpus), 0);
	assert_int_equal(r.queues, 8);
	assert_parses(vmq_object, "rxq s1 eth0 queue 3 cpu 1", &r);
	assert_int_equal(r.cmd, CMD_RXQ);
	assert_string_equal(r.dev, "eth0");
	assert_int_equal(r.queue, 3);
	assert_true(cpus_has(&r.cpus, 1));
	assert_parses(vmq_object, "rxq s1 eth0 queue 3 cpu none", &r);
	assert_int_equal(cpus_count(&r.cpus), 0);
	assert_parses(vmq_object, "show s1", &r);
	assert_int_equal(r.cmd, CMD_SHOW);
	assert_parses(vmq_object, "balance s1", &r);
	assert_int_equal(r.cmd, CMD_BALANCE);
	assert_int_equal(r.high, -1);
	assert_false(r.once);
	assert_parses(vmq_object, "balance s1 interval 1 high 90 low 20 dwell 0 once", &r);
	assert_int_equal(r.interval, 1);
	assert_int_equal(r.high, 90);
	assert_int_equal(r.low, 20);
	assert_int_equal(r.dwell, 0);
	assert_true(r.once);

	assert_refused(&vmq_object, "set s1 vm1", "missing cpu CPU, cpus CPULIST or weight");
	assert_refused(&vmq_object, "set s1 vm1 cpu 256", "bad CPU");
	assert_refused(&vmq_object, "set s1 vm1 cpu 1-2", "bad CPU");
	assert_refused(&vmq_object, "set s1 vm1 cpus 3-1", "bad CPU list");
	assert_refused(&vmq_object, "set s1 vm1 cpus 0,,1", "bad CPU list");
	assert_refused(&vmq_object, "set s1 vm1 cpu 1 cpus 2", "given twice");
	assert_refused(&vmq_object, "set s1 vm1 cpu none", "bad CPU");
	assert_refused(&vmq_object, "set s1 vm1 weight 101", "bad weight");
	assert_refused(&vmq_object, "default s1", "missing cpus CPULIST or queues");
	assert_refused(&vmq_object, "default s1 queues 0", "bad queues");
	assert_refused(&vmq_object, "rxq s1 eth0 cpu 1", "queue Q");
	assert_refused(&vmq_object, "rxq s1 eth0 queue 1", "missing cpu CPU");
	assert_refused(&vmq_object, "balance s1 high 101", "bad high");
	assert_refused(&vmq_object, "balance s1 interval 0", "bad interval");
	assert_refused(&vmq_object, "balance s1 twice", "unexpected argument");
	assert_refused(&vmq_object, "show", "missing switch name");
}

/* Errors through the whole command line: one line, non-zero exit. */
static void test_main_errors(void **state)
{
	char out[512];

	(void)state;
	assert_int_equal(run_main("bogus", out, sizeof(out)), 1);
	assert_string_equal(out, "xswctl: unknown object \"bogus\" (try xswctl help)\n");
	assert_int_equal(run_main("port add s1 vm1", out, sizeof(out)), 1);
	assert_string_equal(out, "xswctl: port add: missing dev IFNAME\n");
	assert_int_equal(run_main("fdb add s1 zz port p", out, sizeof(out)), 1);
	assert_string_equal(out, "xswctl: fdb add: bad MAC \"zz\": use aa:bb:cc:dd:ee:ff\n");
	assert_int_equal(run_main("-j port add s1 vm1", out, sizeof(out)), 1);
	assert_string_equal(out, "{\"error\":\"missing dev IFNAME\"}\n");
	assert_int_equal(run_main("switch help", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "Where:"));
	assert_int_equal(run_main("--nope", out, sizeof(out)), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch), cmocka_unit_test(test_port),
		cmocka_unit_test(test_nic),    cmocka_unit_test(test_fdb),
		cmocka_unit_test(test_stats),  cmocka_unit_test(test_vmq),
		cmocka_unit_test(test_main_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
