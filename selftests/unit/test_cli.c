// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of the xswctl grammar, made from the command tables: every
 * command parses into its operation's argument struct, bad input gets one
 * error line naming the problem, help and usage come from the same tables,
 * and objects and commands take unique prefixes. Nothing here runs a
 * command: parsing stops before anything touches the system. */
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

#include "acl.h"
#include "cli.h"
#include "ctx.h"
#include "ext.h"
#include "fdb.h"
#include "mirror.h"
#include "policy.h"
#include "port.h"
#include "stats.h"
#include "switch.h"
#include "vmq.h"
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

static char args[4096] __attribute__((aligned(16)));	/* the parsed args struct */
static const char *cmd_name;	/* the command it was parsed for */

/* Parses @line ("COMMAND ARGS") with @obj's tables into args; returns the
 * parser's result, error text in @err. */
static int parse(const struct cli_object *obj, const char *line, char *err, size_t len)
{
	static char buf[256];	/* the args point into it */
	const struct cli_cmd *cmd;
	char *argv[MAXARGS];
	int argc = split(line, buf, argv), ret;
	struct xsw_ctx ctx;

	xsw_ctx_init(&ctx, NULL);
	cmd_name = NULL;
	if (!obj->cmds[0].name)
		cmd = &obj->cmds[0];
	else if (argc == 0)
		cmd = NULL, p_err(EINVAL, "missing command");
	else
		cmd = cli_cmd_find(obj, argv[0]);
	if (cmd && cmd->name) {
		cmd_name = cmd->name;
		ret = cli_parse(cmd, argc - 1, argv + 1, args);
	} else {
		ret = cmd ? cli_parse(cmd, argc, argv, args) : -EINVAL;
	}
	snprintf(err, len, "%.255s", ctx.msg);
	xsw_ctx_fini(&ctx);
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
	return ret;
}

/* parses into the struct @T *@r */
#define assert_parses(obj, line, T, r)                                               \
	do {                                                                         \
		char __e[256];                                                       \
		int __r = parse(&(obj), line, __e, sizeof(__e));                     \
		if (__r)                                                             \
			fail_msg("\"%s\" refused: %s", line, __e);                   \
		r = (T *)args;                                                       \
	} while (0)

/* refused, with one line that contains @what */
static void assert_refused(const struct cli_object *obj, const char *line, const char *what)
{
	char err[256];

	assert_int_not_equal(parse(obj, line, err, sizeof(err)), 0);
	if (!strstr(err, what))
		fail_msg("\"%s\": error \"%s\" does not say \"%s\"", line, err, what);
}

static void test_switch(void **state)
{
	struct xsw_switch_add_args *a;
	struct xsw_switch_set_args *st;
	struct { const char *name; } *n;

	(void)state;
	assert_parses(switch_object, "add s1 type external uplink eth0 host on",
		      struct xsw_switch_add_args, a);
	assert_string_equal(cmd_name, "add");
	assert_string_equal(a->name, "s1");
	assert_int_equal(a->type, XSW_SWITCH_EXTERNAL);
	assert_string_equal(a->uplink, "eth0");
	assert_true(a->host && a->has_host);
	assert_parses(switch_object, "add s1 type external uplink eth0 mode xdp",
		      struct xsw_switch_add_args, a);
	assert_int_equal(a->mode, XSW_MODE_XDP);
	assert_parses(switch_object, "add s1 type private", struct xsw_switch_add_args, a);
	assert_int_equal(a->type, XSW_SWITCH_PRIVATE);
	assert_false(a->has_host);
	assert_int_equal(a->mode, XSW_MODE_NONE);
	assert_int_equal(a->fdb_size, 0);
	assert_parses(switch_object, "add s1 type private fdb-size 1048576",
		      struct xsw_switch_add_args, a);
	assert_int_equal(a->fdb_size, 1048576);
	assert_int_equal(a->max_ports, 0);
	assert_parses(switch_object, "add s1 type private max-ports 4095",
		      struct xsw_switch_add_args, a);
	assert_int_equal(a->max_ports, 4095);
	assert_parses(switch_object, "add s1 type internal", struct xsw_switch_add_args, a);
	assert_int_equal(a->type, XSW_SWITCH_INTERNAL);
	assert_parses(switch_object, "set s1 ageing 10", struct xsw_switch_set_args, st);
	assert_string_equal(cmd_name, "set");
	assert_int_equal(st->ageing, 10);
	assert_parses(switch_object, "del s1", typeof(*n), n);
	assert_string_equal(cmd_name, "del");
	assert_parses(switch_object, "show", typeof(*n), n);
	assert_null(n->name);
	assert_parses(switch_object, "show s1", typeof(*n), n);
	assert_string_equal(n->name, "s1");

	assert_refused(&switch_object, "add s1", "missing type");
	assert_refused(&switch_object, "add s1 type hub", "bad switch type");
	assert_refused(&switch_object, "add s1 type external", "needs uplink");
	assert_refused(&switch_object, "add s1 type private uplink eth0", "only an external");
	assert_refused(&switch_object, "add s1 type private mode xdp", "only with uplink");
	assert_refused(&switch_object, "add s1 type internal host on", "host on|off");
	assert_refused(&switch_object, "add s1 type external uplink a uplink b", "given twice");
	assert_refused(&switch_object, "add s1 type external uplink a host maybe", "bad host");
	assert_refused(&switch_object, "add s1 type private fdb-size 1023", "bad fdb-size");
	assert_refused(&switch_object, "add s1 type private fdb-size 16777217", "bad fdb-size");
	assert_refused(&switch_object, "add s1 type private fdb-size", "missing fdb-size");
	assert_refused(&switch_object, "add s1 type private max-ports 0", "bad max-ports");
	assert_refused(&switch_object, "add s1 type private max-ports 4096", "bad max-ports");
	assert_refused(&switch_object, "add s1 type private max-ports", "missing max-ports");
	assert_refused(&switch_object, "add a/b type private", "bad switch name");
	assert_refused(&switch_object, "add abcdefghijklm type private", "bad switch name");
	assert_refused(&switch_object, "add .hidden type private", "bad switch name");
	assert_refused(&switch_object, "add a.b type private", "bad switch name");	/* bpffs */
	assert_refused(&switch_object, "add -j type private", "bad switch name");
	assert_refused(&switch_object, "add s1 type private force", "force is for an external");
	assert_refused(&switch_object, "set s1 ageing 0", "bad ageing");
	assert_refused(&switch_object, "set s1 ageing 1000001", "bad ageing");
	assert_refused(&switch_object, "set s1 mtu 1500", "unexpected argument \"mtu\"");
	assert_refused(&switch_object, "set s1", "missing setting");
	assert_refused(&switch_object, "del s1 now", "unexpected argument");
	assert_refused(&switch_object, "frob s1", "unknown command");
	assert_refused(&switch_object, "", "missing command");
}

static void test_port(void **state)
{
	struct xsw_port_args *r;

	(void)state;
	assert_parses(port_object, "add s1 vm1 dev veth1 mode tc", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "add");
	assert_string_equal(r->port, "vm1");
	assert_string_equal(r->dev, "veth1");
	assert_int_equal(r->mode, XSW_MODE_TC);
	assert_parses(port_object, "add s1 vm1 mode xdp dev veth1", struct xsw_port_args, r);
	assert_int_equal(r->mode, XSW_MODE_XDP);
	assert_parses(port_object, "add s1 vm1 dev veth1", struct xsw_port_args, r);
	assert_int_equal(r->mode, XSW_MODE_NONE);
	assert_parses(port_object, "del s1 vm1", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "del");
	assert_parses(port_object, "show s1", struct xsw_port_args, r);
	assert_null(r->port);
	assert_parses(port_object, "show s1 vm1", struct xsw_port_args, r);
	assert_string_equal(r->port, "vm1");
	assert_parses(port_object, "create s1 vm1", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "create");
	assert_parses(port_object, "teardown s1 vm1", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "teardown");
	assert_parses(port_object, "delete s1 vm1", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "delete");

	{
		struct xsw_port_set_args *ps;

		assert_parses(port_object, "set s1 vm1 router-guard on dhcp-guard off",
			      struct xsw_port_set_args, ps);
		assert_true(ps->has_router_guard && ps->router_guard);
		assert_true(ps->has_dhcp_guard && !ps->dhcp_guard);
		assert_refused(&port_object, "set s1 vm1", "missing setting");
		assert_refused(&port_object, "set s1 vm1 dhcp-guard maybe", "bad dhcp-guard");
		assert_parses(port_object, "set s1 vm1 storm-limit 500", struct xsw_port_set_args, ps);
		assert_true(ps->has_storm_limit);
		assert_int_equal(ps->storm_limit, 500);
		assert_parses(port_object, "set s1 vm1 storm-limit off", struct xsw_port_set_args, ps);
		assert_int_equal(ps->storm_limit, 0);
		assert_refused(&port_object, "set s1 vm1 storm-limit 0", "1-100000000 or off");
		assert_parses(port_object, "set s1 vm1 priority-tag on", struct xsw_port_set_args, ps);
		assert_true(ps->has_priority_tag && ps->priority_tag);
		assert_parses(port_object, "set s1 vm1 mac 02:00:00:00:00:07 mac-spoofing off",
			      struct xsw_port_set_args, ps);
		assert_true(ps->has_mac && ps->mac[5] == 7);
		assert_true(ps->has_mac_spoofing && !ps->mac_spoofing);
		assert_parses(port_object, "set s1 vm1 mac auto", struct xsw_port_set_args, ps);
		assert_true(ps->has_mac && !ps->mac[0] && !ps->mac[5]);
		assert_refused(&port_object, "set s1 vm1 mac 01:00:5e:00:00:01", "multicast");
	}
	assert_refused(&port_object, "add s1 vm1", "missing dev");
	assert_refused(&port_object, "add s1 vm1 dev", "missing device name");
	assert_refused(&port_object, "add s1 vm1 dev veth1 mode dpdk", "bad mode");
	assert_refused(&port_object, "add s1 vm1 dev veth1 vlan 3", "unexpected argument");
	assert_refused(&port_object, "add s1 vm1 dev abcdefghijklmnop", "bad device name");
	assert_refused(&port_object, "add s1", "missing port name");
	assert_refused(&port_object, "add s1 vm.1 dev veth1", "bad port name");
	assert_refused(&port_object, "create s1 vm1 dev veth1", "unexpected argument");
	assert_refused(&port_object, "show s1 vm1 vm2", "unexpected argument");
	assert_refused(&port_object, "connect s1 vm1", "unknown command");
}

static void test_nic(void **state)
{
	struct xsw_port_args *r;

	(void)state;
	assert_parses(nic_object, "create s1 vm1 dev veth1 mode xdp", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "create");
	assert_string_equal(r->dev, "veth1");
	assert_int_equal(r->mode, XSW_MODE_XDP);
	assert_parses(nic_object, "connect s1 vm1", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "connect");
	assert_parses(nic_object, "disconnect s1 vm1", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "disconnect");
	assert_parses(nic_object, "delete s1 vm1", struct xsw_port_args, r);
	assert_string_equal(cmd_name, "delete");

	assert_refused(&nic_object, "create s1 vm1", "missing dev");
	assert_refused(&nic_object, "connect s1 vm1 dev veth1", "unexpected argument");
	assert_refused(&nic_object, "connect s1", "missing port name");
	assert_refused(&nic_object, "add s1 vm1", "unknown command");
}

static void test_fdb(void **state)
{
	struct xsw_fdb_args *r;

	(void)state;
	assert_parses(fdb_object, "show s1", struct xsw_fdb_args, r);
	assert_string_equal(cmd_name, "show");
	assert_null(r->port);
	assert_parses(fdb_object, "show s1 port vm1", struct xsw_fdb_args, r);
	assert_string_equal(r->port, "vm1");
	assert_parses(fdb_object, "add s1 02:00:00:00:00:01 port vm1 vlan 10", struct xsw_fdb_args, r);
	assert_string_equal(cmd_name, "add");
	assert_int_equal(r->mac[5], 1);
	assert_string_equal(r->port, "vm1");
	assert_int_equal(r->vid, 10);
	assert_parses(fdb_object, "add s1 02:00:00:00:00:01 port vm1", struct xsw_fdb_args, r);
	assert_int_equal(r->vid, 0);
	assert_parses(fdb_object, "del s1 02:00:00:00:00:01 vlan 4094", struct xsw_fdb_args, r);
	assert_string_equal(cmd_name, "del");
	assert_int_equal(r->vid, 4094);
	assert_parses(fdb_object, "flush s1", struct xsw_fdb_args, r);
	assert_null(r->port);
	assert_parses(fdb_object, "flush s1 port vm1", struct xsw_fdb_args, r);
	assert_string_equal(r->port, "vm1");

	assert_refused(&fdb_object, "add s1 02:00:00:00:00:01", "missing port");
	assert_refused(&fdb_object, "add s1 02:00:00:00:01 port vm1", "bad MAC");
	assert_refused(&fdb_object, "add s1 01:00:5e:00:00:01 port vm1", "multicast");
	assert_refused(&fdb_object, "add s1 ff:ff:ff:ff:ff:ff port vm1", "broadcast");
	assert_refused(&fdb_object, "add s1 00:00:00:00:00:00 port vm1", "not a station");
	assert_refused(&fdb_object, "add s1 02:00:00:00:00:01 port vm1 vlan 4095", "VID out of range");
	assert_refused(&fdb_object, "add s1 02:00:00:00:00:01 port vm1 vlan x", "VID out of range");
	assert_refused(&fdb_object, "del s1 02:00:00:00:00:01 port vm1", "unexpected argument");
	assert_refused(&fdb_object, "flush s1 vlan 3", "unexpected argument");
	assert_refused(&fdb_object, "del s1", "missing MAC");
	assert_refused(&fdb_object, "show s1 extra", "unexpected argument");
}

static void test_stats(void **state)
{
	struct xsw_stats_args *r;

	(void)state;
	assert_parses(stats_object, "show s1", struct xsw_stats_args, r);
	assert_null(r->port);
	assert_parses(stats_object, "show s1 vm1", struct xsw_stats_args, r);
	assert_string_equal(r->port, "vm1");
	assert_refused(&stats_object, "show", "missing switch name");
	assert_refused(&stats_object, "clear s1", "unknown command");
}

static void test_ext_acl_mirror(void **state)
{
	struct xsw_ext_args *e;
	struct xsw_acl_args *a;
	struct xsw_mirror_args *m;

	(void)state;
	assert_parses(ext_object, "attach s1 f1 kind filter object f.o prio 3 enable on",
		      struct xsw_ext_args, e);
	assert_string_equal(e->name, "f1");
	assert_int_equal(e->kind, XSW_EXT_FILTER);
	assert_string_equal(e->object, "f.o");
	assert_int_equal(e->prio, 3);
	assert_true(e->enable);
	assert_parses(ext_object, "set s1 f1 prio 7", struct xsw_ext_args, e);
	assert_true(e->has_prio);
	assert_int_equal(e->prio, 7);
	assert_refused(&ext_object, "attach s1 f1 object f.o", "missing kind { capture | filter | forward }");
	assert_refused(&ext_object, "attach s1 f1 kind filter", "missing object FILE.o");
	assert_refused(&ext_object, "attach s1 f.1 kind filter object f.o", "bad extension name");
	assert_refused(&ext_object, "set s1 f1", "missing prio");

	assert_parses(acl_object, "add s1 vm1 dir both action deny remote 10.0.0.0/8",
		      struct xsw_acl_args, a);
	assert_int_equal(a->dir, XSW_ACL_BOTH);
	assert_int_equal(a->action, XSW_ACL_DENY);
	assert_int_equal(a->side, XSW_ACL_REMOTE);
	assert_true(a->addr.ipv4);
	assert_int_equal(a->addr.plen, 8);
	assert_parses(acl_object, "del s1 vm1 dir in local 02:00:00:00:00:01", struct xsw_acl_args, a);
	assert_int_equal(a->side, XSW_ACL_LOCAL);
	assert_true(a->addr.is_mac);
	assert_int_equal(a->action, XSW_ACL_NONE);
	assert_refused(&acl_object, "add s1 vm1 dir in remote 10.0.0.1", "missing action");
	assert_refused(&acl_object, "add s1 vm1 dir in action deny", "missing { local");
	assert_refused(&acl_object, "add s1 vm1 dir in action deny local 1.2.3.4 remote 1.2.3.5",
		       "\"local\" and \"remote\" exclude each other");
	assert_refused(&acl_object, "add s1 vm1 dir in action meter remote 02:00:00:00:00:01",
		       "not MACs");
	assert_refused(&acl_object, "add s1 vm1 dir in action deny remote 300.1.1.1", "bad address");

	assert_parses(mirror_object, "set s1 vm1 mode destination", struct xsw_mirror_args, m);
	assert_int_equal(m->mode, XSW_MIRROR_DESTINATION);
	assert_refused(&mirror_object, "set s1 vm1 mode both", "bad mirror mode");
	assert_refused(&mirror_object, "set s1 vm1", "missing mode");
}

static void test_vmq(void **state)
{
	struct xsw_vmq_args *r;
	struct xsw_vmq_balance_args *b;

	(void)state;
	assert_parses(vmq_object, "set s1 vm1 cpu 3", struct xsw_vmq_args, r);
	assert_string_equal(cmd_name, "set");
	assert_string_equal(r->port, "vm1");
	assert_true(r->has_cpus);
	assert_int_equal(cpus_count(&r->cpus), 1);
	assert_true(cpus_has(&r->cpus, 3));
	assert_false(r->has_weight);
	assert_parses(vmq_object, "set s1 vm1 cpus 0-2,5", struct xsw_vmq_args, r);
	assert_int_equal(cpus_count(&r->cpus), 4);
	assert_true(cpus_has(&r->cpus, 5));
	assert_parses(vmq_object, "set s1 vm1 weight 0", struct xsw_vmq_args, r);
	assert_false(r->has_cpus);
	assert_true(r->has_weight);
	assert_int_equal(r->weight, 0);
	assert_parses(vmq_object, "default s1 cpus none queues 8", struct xsw_vmq_args, r);
	assert_string_equal(cmd_name, "default");
	assert_true(r->has_cpus);
	assert_int_equal(cpus_count(&r->cpus), 0);
	assert_int_equal(r->queues, 8);
	assert_parses(vmq_object, "rxq s1 eth0 queue 3 cpu 1", struct xsw_vmq_args, r);
	assert_string_equal(cmd_name, "rxq");
	assert_string_equal(r->dev, "eth0");
	assert_int_equal(r->queue, 3);
	assert_true(cpus_has(&r->cpus, 1));
	assert_parses(vmq_object, "rxq s1 eth0 queue 3 cpu none", struct xsw_vmq_args, r);
	assert_int_equal(cpus_count(&r->cpus), 0);
	assert_parses(vmq_object, "show s1", struct xsw_vmq_args, r);
	assert_string_equal(cmd_name, "show");
	assert_parses(vmq_object, "balance s1", struct xsw_vmq_balance_args, b);
	assert_string_equal(cmd_name, "balance");
	assert_false(b->balance.has_high);
	assert_false(b->once);
	assert_parses(vmq_object, "balance s1 interval 1 high 90 low 20 dwell 0 once",
		      struct xsw_vmq_balance_args, b);
	assert_int_equal(b->balance.interval, 1);
	assert_int_equal(b->balance.high, 90);
	assert_int_equal(b->balance.low, 20);
	assert_true(b->balance.has_dwell);
	assert_int_equal(b->balance.dwell, 0);
	assert_true(b->once);

	assert_refused(&vmq_object, "set s1 vm1", "missing cpu CPU, cpus CPULIST or weight");
	assert_refused(&vmq_object, "set s1 vm1 cpu 256", "bad CPU");
	assert_refused(&vmq_object, "set s1 vm1 cpu 1-2", "bad CPU");
	assert_refused(&vmq_object, "set s1 vm1 cpus 3-1", "bad CPU list");
	assert_refused(&vmq_object, "set s1 vm1 cpus 0,,1", "bad CPU list");
	assert_refused(&vmq_object, "set s1 vm1 cpu 1 cpus 2", "\"cpu\" and \"cpus\" exclude each other");
	assert_refused(&vmq_object, "set s1 vm1 cpu none", "bad CPU");
	assert_refused(&vmq_object, "set s1 vm1 weight 101", "bad weight");
	assert_refused(&vmq_object, "default s1", "missing cpus CPULIST, queues N or a balance");
	assert_refused(&vmq_object, "default s1 queues 0", "bad queues");
	assert_refused(&vmq_object, "rxq s1 eth0 cpu 1", "queue Q");
	assert_refused(&vmq_object, "rxq s1 eth0 queue 1", "missing cpu { CPU | none }");
	assert_refused(&vmq_object, "balance s1 high 101", "bad high");
	assert_refused(&vmq_object, "balance s1 interval 0", "bad interval");
	assert_refused(&vmq_object, "balance s1 twice", "unexpected argument");
	assert_refused(&vmq_object, "show", "missing switch name");
}

/* Objects and commands by unique prefix, list for show. */
static void test_prefixes(void **state)
{
	struct xsw_ctx ctx;

	(void)state;
	xsw_ctx_init(&ctx, NULL);
	assert_ptr_equal(cli_object_find("sw"), &switch_object);
	assert_ptr_equal(cli_object_find("switch"), &switch_object);
	assert_ptr_equal(cli_object_find("st"), &stats_object);
	assert_ptr_equal(cli_object_find("vm"), &vmq_object);
	assert_ptr_equal(cli_object_find("vf"), &vf_object);
	assert_null(cli_object_find("s"));
	assert_non_null(strstr(ctx.msg, "ambiguous object \"s\": switch, stats"));
	xsw_ctx_use(&ctx);
	assert_null(cli_object_find("bogus"));
	assert_non_null(strstr(ctx.msg, "unknown object"));
	assert_string_equal(cli_cmd_find(&switch_object, "sh")->name, "show");
	assert_string_equal(cli_cmd_find(&switch_object, "list")->name, "show");
	assert_string_equal(cli_cmd_find(&port_object, "del")->name, "del");	/* exact beats prefix */
	assert_string_equal(cli_cmd_find(&port_object, "dele")->name, "delete");
	xsw_ctx_use(&ctx);
	assert_null(cli_cmd_find(&switch_object, "s"));
	assert_non_null(strstr(ctx.msg, "ambiguous command \"s\": set, show"));
	xsw_ctx_fini(&ctx);
}

/* Usage lines come from the tables: every option of every command appears
 * in its object's help, required ones bare, optional ones in brackets. */
static void test_usage(void **state)
{
	const struct cli_object *const *obj;
	const struct cli_cmd *c;
	const struct opt *o;
	char *text, want[64];
	size_t size;
	FILE *f;

	(void)state;
	for (obj = cli_objects; *obj; obj++) {
		f = open_memstream(&text, &size);
		cli_help(f, *obj);
		fclose(f);
		assert_non_null(strstr(text, "Usage: xswctl "));
		assert_non_null(strstr(text, "Where: "));
		for (c = (*obj)->cmds; c->run; c++) {
			for (o = c->opts; o->key || o->meta; o++) {
				snprintf(want, sizeof(want), "%s%s", o->key ? o->key : o->meta,
					 o->key && o->type != OPT_FLAG ? " " : "");
				if (!strstr(text, want))
					fail_msg("help of %s lacks \"%s\":\n%s", (*obj)->name, want, text);
			}
		}
		free(text);
	}
	f = open_memstream(&text, &size);
	cli_usage(f, &fdb_object, &fdb_object.cmds[1], 0, 200);
	fclose(f);
	assert_string_equal(text, "xswctl fdb add SWITCH MAC port PORT [ vlan VID ]\n");
	free(text);
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
	assert_string_equal(out, "{\"error\":\"missing dev IFNAME\",\"line\":null}\n");
	assert_int_equal(run_main("switch help", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "Where:"));
	assert_int_equal(run_main("--nope", out, sizeof(out)), 1);
	assert_string_equal(out, "xswctl: unknown option \"--nope\" (try xswctl help)\n");
	/* iproute2's long options, help on stdout, the version */
	assert_int_equal(run_main("-json -pretty -verbose port add s1 vm1", out, sizeof(out)), 1);
	assert_non_null(strstr(out, "\"error\": \"missing dev IFNAME\""));
	assert_int_equal(run_main("-V", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "map layout"));
	assert_int_equal(run_main("sw sh frob extra", out, sizeof(out)), 1);
	assert_string_equal(out, "xswctl: switch show: unexpected argument \"extra\"\n");
	assert_int_equal(run_main("nic", out, sizeof(out)), 1);
	assert_string_equal(out, "xswctl: nic: missing command (try xswctl nic help)\n");
	assert_int_equal(run_main("-r relative switch show", out, sizeof(out)), 1);
	assert_non_null(strstr(out, "bad root \"relative\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch), cmocka_unit_test(test_port),
		cmocka_unit_test(test_nic),    cmocka_unit_test(test_fdb),
		cmocka_unit_test(test_stats),  cmocka_unit_test(test_ext_acl_mirror),
		cmocka_unit_test(test_vmq),    cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_usage),  cmocka_unit_test(test_main_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
