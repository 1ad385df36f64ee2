// SPDX-License-Identifier: GPL-2.0
/* BPF_PROG_RUN tests of the extension chains: a real switch (pinned under
 * /sys/fs/bpf/xsw/xswtchain) with test extensions attached by the
 * controller's own code (ctl/ext.c). Each test extension appends its tag to
 * the frame's payload, so the frame that comes out shows the stage order.
 * Port 1 is lo (frames come in there); ports 2 and 3 are destinations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ext.h"
#include "ctx.h"
#include "fdbtab.h"
#include "state.h"

#define SW	"xswtchain"
#define EXTDIR	"build/selftests/ext/"
#define TRACE	20	/* payload offset of the tag trace (selftests/prog/ext_test.bpf.c) */

static struct xsw_switch sw;
static struct bpf_object *objs[8];
static int nobjs, passed, failed;
static const __u8 m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 2 };

static void result(const char *desc, const char *why)
{
	printf("%-62s [%s]%s%s\n", desc, why ? "FAIL" : " OK ", why ? " " : "", why ? why : "");
	if (why)
		failed++;
	else
		passed++;
}

/* Attaches test extension @file as @name with the given knobs. */
static int attach(const char *name, const char *file, int kind, char tag, __u32 verdict,
		  __u32 fwd_port, __u32 exclude_port)
{
	struct ext_spec spec = { .name = name, .file = file, .kind = kind, .enable = true };
	struct bpf_object *obj = bpf_object__open_file(file, NULL);
	struct bpf_map *rodata = NULL, *m;
	struct { __u8 tag; __u8 pad[3]; __u32 verdict, fwd_port, exclude_port; } knobs = {
		tag, {}, verdict, fwd_port, exclude_port,
	};
	size_t size;
	int err;

	if (!obj)
		return -errno;
	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);

		if (strlen(n) >= 7 && !strcmp(n + strlen(n) - 7, ".rodata"))
			rodata = m;
	}
	if (!rodata || !bpf_map__initial_value(rodata, &size) || size != sizeof(knobs) ||
	    bpf_map__set_initial_value(rodata, &knobs, sizeof(knobs))) {
		bpf_object__close(obj);
		return -EINVAL;
	}
	err = ext_attach(&sw, obj, &spec);
	if (err) {
		bpf_object__close(obj);
		return err;
	}
	objs[nobjs++] = obj;
	return 0;
}

static void frame(__u8 *f)
{
	memset(f, 0, 60);
	memcpy(f, m2, 6);
	memcpy(f + 6, m1, 6);
	f[12] = 0x08;	/* IPv4 ethertype; the payload stays zero */
}

/* Runs the frame in at port 1; @out gets the frame that comes out (after
 * any XDP metadata). */
static int run(bool tc, __u8 *out, __u32 *ret)
{
	__u8 in[60], buf[128];
	struct xdp_md xctx = { .data_end = sizeof(in), .ingress_ifindex = 1 };
	struct __sk_buff sctx = { .ifindex = 1 };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = sizeof(in),
		    .data_out = buf, .data_size_out = sizeof(buf), .repeat = 1);
	struct bpf_program *p = tc ? sw.skel->progs.xsw_tc_rx : sw.skel->progs.xsw_xdp_rx;
	int fd = switch_prog_fd(&sw, p), err;

	frame(in);
	memset(out, 0, 60);
	if (tc) {
		opts.ctx_in = &sctx;
		opts.ctx_size_in = sizeof(sctx);
	} else {
		opts.ctx_in = &xctx;
		opts.ctx_size_in = sizeof(xctx);
	}
	err = bpf_prog_test_run_opts(fd, &opts);
	close(fd);
	*ret = opts.retval;
	if (!err && opts.data_size_out >= 60)
		memcpy(out, buf + opts.data_size_out - 60, 60);
	return err;
}

static __u64 port_counter(__u32 port, int drop_reason, bool tx)
{
	int ncpu = libbpf_num_possible_cpus(), i;
	struct xsw_port_stats s[ncpu];
	__u64 sum = 0;

	if (bpf_map__lookup_elem(sw.skel->maps.xsw_stats, &port, sizeof(port), s, sizeof(s), 0))
		return 0;
	for (i = 0; i < ncpu; i++)
		sum += tx ? s[i].tx_packets : s[i].drops[drop_reason];
	return sum;
}

static void setup_ports(void)
{
	struct xsw_port p = { .state = XSW_PORT_NIC_CONNECTED, .mode = XSW_MODE_XDP };
	struct xsw_fdb_val v = { .port = 2, .flags = XSW_FDB_STATIC };
	struct xsw_fdb_key k = { .vlan = 0 };
	__u32 i, one = 1;

	for (i = 1; i <= 3; i++) {
		p.ifindex = i == 1 ? 1 : 1000 + i;
		snprintf(p.name, sizeof(p.name), "p%u", i);
		port_put(&sw, i, &p);
	}
	bpf_map__update_elem(sw.skel->maps.xsw_ifports, &one, 4, &one, 4, 0);
	/* the devmap needs real devices: lo stands for ports 2 and 3 */
	for (i = 2; i <= 3; i++)
		bpf_map__update_elem(sw.skel->maps.xsw_tx, &i, 4,
				     &(struct bpf_devmap_val){ .ifindex = 1 },
				     sizeof(struct bpf_devmap_val), 0);
	memcpy(k.mac, m2, 6);
	bpf_map__update_elem(sw.skel->maps.xsw_fdb_static, &k, sizeof(k), &v, sizeof(v), 0);
	sw.cfg.max_port = 3;
	switch_config_write(&sw);
}

/* The ingress decision the last packet left on this CPU (0). */
/* The switch's FDB has @k. */
static bool fdb_has(struct xsw_switch *s, const struct xsw_fdb_key *k, struct xsw_fdb_val *v)
{
	struct fdbtab t;
	bool has;

	if (fdbtab_open(&t, bpf_map__fd(s->skel->maps.xsw_fdb),
			bpf_map__max_entries(s->skel->maps.xsw_fdb), s->cfg.fdb_seed))
		return false;
	has = !fdbtab_get(&t, k, v);
	fdbtab_close(&t);
	return has;
}

static struct xsw_pkt last_pkt(void)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xsw_scratch sc[ncpu];
	__u32 key = XSW_DIR_INGRESS;

	memset(sc, 0, sizeof(sc));
	bpf_map__lookup_elem(sw.skel->maps.xsw_scratch, &key, sizeof(key), sc, sizeof(sc), 0);
	return sc[0].pkt;
}

static void test_order_and_kinds(void)
{
	static const char *const hooks[] = { "xdp", "tc" };
	__u8 out[60];
	__u32 ret, i;
	__u64 fdb_m1;
	struct xsw_pkt pkt;
	struct xsw_fdb_key k = {};
	struct xsw_fdb_val v;
	char why[128], desc[96];

	if (attach("c1", EXTDIR "capture.bpf.o", XSW_EXT_CAPTURE, 'a', XSW_PASS, 0, 0) ||
	    attach("f1", EXTDIR "filter.bpf.o", XSW_EXT_FILTER, 'c', XSW_PASS, 0, 0) ||
	    attach("w1", EXTDIR "forward.bpf.o", XSW_EXT_FORWARD, 'd', XSW_PASS, 3, 0) ||
	    attach("c2", EXTDIR "capture.bpf.o", XSW_EXT_CAPTURE, 'b', XSW_DROP, 0, 0)) {
		result("four test extensions attach", "ext_attach failed");
		return;
	}
	for (i = 0; i < 2; i++) {
		snprintf(desc, sizeof(desc), "%-3s chain order: captures (latest first), filter, forward",
			 hooks[i]);
		why[0] = '\0';
		if (run(i, out, &ret))
			snprintf(why, sizeof(why), "BPF_PROG_RUN failed");
		else if (memcmp(out + TRACE, "bacd", 5))
			snprintf(why, sizeof(why), "stages ran as \"%.8s\", want \"bacd\"", out + TRACE);
		result(desc, why[0] ? why : NULL);

		snprintf(desc, sizeof(desc), "%-3s a capture's drop verdict is ignored", hooks[i]);
		result(desc, ret == (i ? TC_ACT_REDIRECT : XDP_REDIRECT) ? NULL : "the frame was not forwarded");

		snprintf(desc, sizeof(desc), "%-3s the forwarder replaces learning: to port 3, not FDB's 2",
			 hooks[i]);
		memcpy(k.mac, m1, 6);
		fdb_m1 = fdb_has(&sw, &k, &v);
		pkt = last_pkt();
		result(desc, pkt.dst_port != 3 || !(pkt.flags & XSW_PKT_FORWARDED) ?
		       "the forwarder's choice was not port 3" :
		       fdb_m1 ? "the source was learned" : NULL);
	}
	ext_set_state(&sw, "c1", XSW_EXT_FREE);
	ext_set_state(&sw, "c2", XSW_EXT_FREE);
	ext_set_state(&sw, "f1", XSW_EXT_FREE);
	ext_set_state(&sw, "w1", XSW_EXT_FREE);
}

static void test_filter_drop(void)
{
	__u8 out[60];
	__u32 ret, i;
	__u64 before;

	if (attach("f2", EXTDIR "filter.bpf.o", XSW_EXT_FILTER, 'f', XSW_DROP, 0, 0)) {
		result("a dropping filter attaches", "ext_attach failed");
		return;
	}
	for (i = 0; i < 2; i++) {
		before = port_counter(1, XSW_DROP_EXT, false);
		run(i, out, &ret);
		result(i ? "tc  a filter's drop on ingress drops the frame, counted"
			 : "xdp a filter's drop on ingress drops the frame, counted",
		       ret != (i ? TC_ACT_SHOT : XDP_DROP) ? "not dropped" :
		       port_counter(1, XSW_DROP_EXT, false) != before + 1 ? "not counted" : NULL);
	}
	ext_set_state(&sw, "f2", XSW_EXT_FREE);
}

/* The egress chain for one destination: the filter's TC egress entry, run
 * as the first stage with the packet's facts in place. */
static __u32 egress_run(struct bpf_object *obj, __u32 dst)
{
	int ncpu = libbpf_num_possible_cpus(), i, fd;
	struct xsw_scratch sc[ncpu];
	struct xsw_chain *ch = switch_map_mmap(sw.skel->maps.xsw_chain);
	__u32 key = XSW_DIR_EGRESS;
	__u8 in[60];
	struct __sk_buff ctx = { .ifindex = 1 };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = sizeof(in),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 1);

	bpf_map__lookup_elem(sw.skel->maps.xsw_scratch, &key, sizeof(key), sc, sizeof(sc), 0);
	for (i = 0; i < ncpu; i++)
		sc[i].pkt = (struct xsw_pkt){ .src_port = 1, .dst_port = dst, .len = 60,
					      .bank = XSW_CHAIN_BANK(ch->dir[XSW_DIR_EGRESS]) };
	switch_map_munmap(ch);
	bpf_map__update_elem(sw.skel->maps.xsw_scratch, &key, sizeof(key), sc, sizeof(sc), 0);
	frame(in);
	fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "t_eg_tc_eg"));
	bpf_prog_test_run_opts(fd, &opts);
	return opts.retval;
}

static void test_egress_exclude(void)
{
	struct bpf_object *obj;
	__u64 tx2, drop3;
	__u32 r2, r3;

	if (attach("fe", EXTDIR "filter.bpf.o", XSW_EXT_FILTER, 'e', XSW_PASS, 0, 3)) {
		result("an excluding filter attaches", "ext_attach failed");
		return;
	}
	obj = objs[nobjs - 1];
	tx2 = port_counter(2, 0, true);
	drop3 = port_counter(3, XSW_DROP_EXT, false);
	r3 = egress_run(obj, 3);
	r2 = egress_run(obj, 2);
	result("tc  a filter's egress drop excludes only that destination",
	       r3 != TC_ACT_SHOT ? "port 3 was not excluded" :
	       port_counter(3, XSW_DROP_EXT, false) != drop3 + 1 ? "the exclusion was not counted" :
	       r2 != TC_ACT_OK || port_counter(2, 0, true) != tx2 + 1 ? "port 2 was excluded too" :
	       NULL);
	ext_set_state(&sw, "fe", XSW_EXT_FREE);
}

static void test_abi(void)
{
	struct ext_spec spec = { .name = "bad", .file = "badabi", .kind = XSW_EXT_FILTER };
	struct bpf_object *obj = bpf_object__open_file(EXTDIR "badabi.bpf.o", NULL);
	struct xsw_ext_rec rec;
	int err;

	xsw_err_quiet(true);
	err = obj ? ext_attach(&sw, obj, &spec) : -errno;
	xsw_err_quiet(false);
	bpf_object__close(obj);
	result("an object of another ABI version is refused, nothing kept",
	       err != -EPROTO ? "not refused with EPROTO" :
	       ext_find(&sw, "bad", &rec) >= 0 ? "it is in the extension table" : NULL);
}

int main(void)
{
	struct xsw_config cfg = { .type = XSW_SWITCH_PRIVATE, .ageing_ns = 300000000000ULL };
	struct xsw_ctx ctx;
	cpu_set_t cpu0;
	int i;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	sched_setaffinity(0, sizeof(cpu0), &cpu0);
	xsw_log_init(NULL);
	if (xsw_ctx_init(&ctx, NULL) || xsw_begin(&ctx, true))
		goto fail;
	if (switch_exists(SW) && !switch_open(SW, &sw)) {
		switch_remove_pins(&sw);
		switch_close(&sw);
	}
	if (switch_create(SW, &cfg, XSW_FDB_SIZE_MIN, XSW_PORTS_DEFAULT, &sw))
		goto fail;
	setup_ports();
	test_order_and_kinds();
	test_filter_drop();
	test_egress_exclude();
	test_abi();
	switch_remove_pins(&sw);
	switch_close(&sw);
	for (i = 0; i < nobjs; i++)
		bpf_object__close(objs[i]);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
fail:
	printf("FAIL: cannot create test switch %s: %s\n0 passed, 1 failed\n", SW, ctx.msg);
	return 1;
}
