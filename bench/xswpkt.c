// SPDX-License-Identifier: GPL-2.0
/* xswpkt: the benchmark's packet tools, on primitives that work where
 * xdp-trafficgen does not.
 *
 *   xswpkt rate gen NS:IF sink NS:IF[,IF...] dmac MAC[,MAC...] smac MAC
 *               [ seconds S | count N ] [ cpu C ] [ flows N ] [ vlan VID ]
 *               [ smacs N ]
 *	Sends 64-byte UDP frames (60 bytes + FCS) out of IF in namespace NS with
 *	BPF_PROG_RUN live frames on CPU C (default 0) and counts them at the
 *	sink devices. A veth delivers in the sender's softirq, so the system
 *	under test runs on CPU C too, unless it polls elsewhere (OVS).
 *	With several MACs the frames go to each in turn; with flows N each
 *	destination's frames take N UDP source ports in turn; with smacs N the
 *	frames' source MACs 02:00:10:00:00:00 and on (N of them); with vlan VID
 *	they carry an 802.1Q tag.
 *	Prints {"sent", "received", "other", "elapsed_ns", "pps", "loss"}.
 *   xswpkt redirect IF IF
 *	Attaches a bare devmap redirect between two devices, both ways. It
 *	stays attached until `ip link set dev IF xdp off`.
 *   xswpkt fdb-fill SWITCHDIR N PORT
 *	Adds N learned entries for PORT to the FDB of the switch pinned in
 *	SWITCHDIR (a full bucket drops its oldest, as learning does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/time.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "xsw/abi.h"
#include "fdbtab.h"
#include "util.h"
#include "xswpkt.h"
#include "xswpkt.skel.h"

#define FRAME_LEN    60		/* + 4 bytes FCS on a wire: the 64-byte minimum */
#define MAX_SINKS    64

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "xswpkt: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void on_alarm(int sig)
{
	(void)sig;	/* only there to interrupt BPF_PROG_RUN */
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Enters network namespace @ns, a name under /run/netns; "" is the one
 * xswpkt started in. */
static int home_netns = -1;

static void enter_netns(const char *ns)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = *ns ? open(path, O_RDONLY | O_CLOEXEC) : dup(home_netns);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die("cannot enter network namespace %s", *ns ? ns : "of xswpkt");
	close(fd);
}

static unsigned int ifindex_of(const char *ifname)
{
	unsigned int ifindex = if_nametoindex(ifname);

	if (!ifindex)
		die("no device %s", ifname);
	return ifindex;
}

static uint16_t ip_csum(const void *buf, size_t len)
{
	const uint16_t *p = buf;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* Ethernet + IPv4 (198.18.0.1 -> 198.18.0.2, RFC 2544's benchmark range) +
 * UDP to XSWPKT_UDP_PORT, zero padded to FRAME_LEN. */
static void build_frame(uint8_t *frame, const uint8_t dmac[6], const uint8_t smac[6],
			uint16_t vlan)
{
	struct ethhdr *eth = (void *)frame;
	struct iphdr *ip = (void *)(frame + ETH_HLEN + (vlan ? 4 : 0));
	struct udphdr *udp = (void *)(ip + 1);

	memset(frame, 0, FRAME_LEN);
	memcpy(eth->h_dest, dmac, ETH_ALEN);
	memcpy(eth->h_source, smac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	if (vlan) {
		eth->h_proto = htons(ETH_P_8021Q);
		*(uint16_t *)(frame + ETH_HLEN) = htons(vlan);
		*(uint16_t *)(frame + ETH_HLEN + 2) = htons(ETH_P_IP);
	}
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(FRAME_LEN - ((uint8_t *)ip - frame));
	ip->saddr = htonl(0xc6120001);
	ip->daddr = htonl(0xc6120002);
	ip->check = ip_csum(ip, sizeof(*ip));
	udp->source = htons(XSWPKT_UDP_PORT);
	udp->dest = htons(XSWPKT_UDP_PORT);
	udp->len = htons(FRAME_LEN - ((uint8_t *)udp - frame));
}

static uint64_t counter(struct xswpkt *skel, __u32 which)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t vals[ncpu], sum = 0;

	if (bpf_map__lookup_elem(skel->maps.counters, &which, sizeof(which), vals,
				 sizeof(vals), 0))
		die("cannot read the counters");
	for (int i = 0; i < ncpu; i++)
		sum += vals[i];
	return sum;
}

/* Splits "NS:IF" into its parts; NS may be empty (the current namespace). */
static char *split_ns(char *arg, char **ifname)
{
	char *colon = strchr(arg, ':');

	if (!colon)
		die("expected NS:IF, got %s", arg);
	*colon = '\0';
	*ifname = colon + 1;
	return arg;
}

static int cmd_rate(int argc, char **argv)
{
	char *gen_arg = NULL, *sink_arg = NULL, *gen_if, *sink_ifs, *sink_ns, *gen_ns;
	uint8_t dmac[6], smac[6], frame[FRAME_LEN];
	struct bpf_link *links[MAX_SINKS];
	struct bpf_tc_hook hooks[MAX_SINKS];
	uint64_t count = 0, start, elapsed, sent, received;
	double seconds = 0;
	int nsinks = 0, cpu = 0, err;
	char *dmac_arg = NULL;
	uint32_t flows = 1, ndst = 0, smacs = 1;
	uint16_t vlan = 0;
	cpu_set_t set;
	struct xdp_md ctx = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	struct xswpkt *skel;
	json_object *out;
	bool have_dmac = false, have_smac = false;

	for (int i = 0; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (!strcmp(k, "gen"))
			gen_arg = argv[i + 1];
		else if (!strcmp(k, "sink"))
			sink_arg = argv[i + 1];
		else if (!strcmp(k, "dmac")) {
			dmac_arg = argv[i + 1];
			have_dmac = true;
		} else if (!strcmp(k, "smac")) {
			if (parse_mac(v, smac))
				die("bad MAC %s", v);
			have_smac = true;
		} else if (!strcmp(k, "flows")) {
			if (parse_u32(v, 1, 65535, &flows))
				die("bad flows %s", v);
		}
		else if (!strcmp(k, "smacs")) {
			if (parse_u32(v, 1, 1 << 24, &smacs))
				die("bad smacs %s", v);
		} else if (!strcmp(k, "vlan")) {
			if (parse_vid(v, &vlan) || !vlan)
				die("bad vlan %s", v);
		} else if (!strcmp(k, "seconds"))
			seconds = atof(v);
		else if (!strcmp(k, "count"))
			count = strtoull(v, NULL, 0);
		else if (!strcmp(k, "cpu"))
			cpu = atoi(v);
		else
			die("unknown argument %s", k);
	}
	if (argc % 2 || !gen_arg || !sink_arg || !have_dmac || !have_smac ||
	    (!count && seconds <= 0) || count > INT_MAX)
		die("usage: rate gen NS:IF sink NS:IF[,IF...] dmac MAC[,MAC...] smac MAC "
		    "{ seconds S | count N } [ cpu C ] [ flows N ] [ vlan VID ] [ smacs N ]");
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("cannot run on CPU %d", cpu);

	skel = xswpkt__open();
	if (!skel)
		die("cannot open the BPF programs");
	for (char *m = strtok(dmac_arg, ","); m; m = strtok(NULL, ",")) {
		if (ndst == XSWPKT_DST_MAX || parse_mac(m, dmac))
			die("bad or too many destination MACs at %s", m);
		memcpy((void *)skel->rodata->dsts[ndst++], dmac, 6);
	}
	memcpy(dmac, (void *)skel->rodata->dsts[0], 6);
	skel->rodata->ndst = ndst;
	skel->rodata->nflows = flows;
	skel->rodata->nsmacs = smacs;
	skel->rodata->l2len = ETH_HLEN + (vlan ? 4 : 0);
	if (xswpkt__load(skel))
		die("cannot load the BPF programs");

	sink_ns = split_ns(sink_arg, &sink_ifs);
	enter_netns(sink_ns);
	for (char *ifname = strtok(sink_ifs, ","); ifname; ifname = strtok(NULL, ",")) {
		if (nsinks == MAX_SINKS)
			die("too many sinks at %s", ifname);
		LIBBPF_OPTS(bpf_tc_opts, tc, .prog_fd = bpf_program__fd(skel->progs.xswpkt_sink_tc));
		struct bpf_tc_hook *hook = &hooks[nsinks];

		*hook = (struct bpf_tc_hook){ .sz = sizeof(*hook), .ifindex = ifindex_of(ifname),
					      .attach_point = BPF_TC_INGRESS };
		links[nsinks] = bpf_program__attach_xdp(skel->progs.xswpkt_sink, hook->ifindex);
		if (!links[nsinks])
			die("cannot attach the sink to %s", ifname);
		nsinks++;
		err = bpf_tc_hook_create(hook);
		if ((err && err != -EEXIST) || bpf_tc_attach(hook, &tc))
			die("cannot attach the TC sink to %s", ifname);
	}

	gen_ns = split_ns(gen_arg, &gen_if);
	enter_netns(gen_ns);
	build_frame(frame, dmac, smac, vlan);
	ctx.ingress_ifindex = ifindex_of(gen_if);
	ctx.data_end = sizeof(frame);
	opts.data_in = frame;
	opts.data_size_in = sizeof(frame);
	opts.ctx_in = &ctx;
	opts.ctx_size_in = sizeof(ctx);
	opts.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
	opts.repeat = count ?: INT_MAX;

	/* one call: each BPF_PROG_RUN of XDP waits for an RCU grace period to
	 * swap the XDP dispatcher; a timed run ends by SIGALRM (EINTR) */
	if (!count) {
		struct itimerval t = { .it_value = {
			.tv_sec = seconds, .tv_usec = (seconds - (long)seconds) * 1e6 } };
		struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */

		sigaction(SIGALRM, &sa, NULL);
		setitimer(ITIMER_REAL, &t, NULL);
	}
	start = now_ns();
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xswpkt_gen), &opts);
	if (err && errno != EINTR)
		die("BPF_PROG_RUN live frames failed: %s", strerror(errno));
	elapsed = now_ns() - start;
	/* the generator's own clock: first to last frame, without the setup */
	if (counter(skel, XSWPKT_CNT_LAST_NS) > counter(skel, XSWPKT_CNT_FIRST_NS))
		elapsed = counter(skel, XSWPKT_CNT_LAST_NS) - counter(skel, XSWPKT_CNT_FIRST_NS);
	usleep(50000);	/* let frames still queued (another CPU's poll) arrive */

	sent = counter(skel, XSWPKT_CNT_SENT);
	received = counter(skel, XSWPKT_CNT_RECEIVED);
	out = json_object_new_object();
	json_object_object_add(out, "sent", json_object_new_uint64(sent));
	json_object_object_add(out, "received", json_object_new_uint64(received));
	json_object_object_add(out, "other", json_object_new_uint64(counter(skel, XSWPKT_CNT_OTHER)));
	json_object_object_add(out, "elapsed_ns", json_object_new_uint64(elapsed));
	json_object_object_add(out, "pps", json_object_new_double(received * 1e9 / elapsed));
	json_object_object_add(out, "loss", json_object_new_double(
		sent && received < sent ? (double)(sent - received) / sent : 0));
	puts(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
	json_object_put(out);

	enter_netns(sink_ns);
	while (nsinks--) {
		bpf_link__destroy(links[nsinks]);
		hooks[nsinks].attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hooks[nsinks]);	/* the clsact qdisc */
	}
	xswpkt__destroy(skel);
	return 0;
}

static int cmd_redirect(int argc, char **argv)
{
	unsigned int ifindex[2];
	struct xswpkt *skel;

	if (argc != 2)
		die("usage: redirect IF IF");
	ifindex[0] = ifindex_of(argv[0]);
	ifindex[1] = ifindex_of(argv[1]);
	skel = xswpkt__open_and_load();
	if (!skel)
		die("cannot load the BPF programs");
	for (int i = 0; i < 2; i++) {
		if (bpf_map__update_elem(skel->maps.peer, &ifindex[i], sizeof(__u32),
					 &ifindex[!i], sizeof(__u32), 0))
			die("cannot fill the devmap for %s", argv[i]);
		if (bpf_xdp_attach(ifindex[i], bpf_program__fd(skel->progs.xswpkt_redirect),
				   XDP_FLAGS_DRV_MODE, NULL))
			die("cannot attach XDP to %s", argv[i]);
	}
	xswpkt__destroy(skel);
	return 0;
}

static int cmd_fdb_fill(int argc, char **argv)
{
	struct xsw_config cfg;
	struct fdbtab t;
	uint32_t n, port, zero = 0;
	char path[PATH_MAX];
	int fdb, config, err;

	if (argc != 3 || parse_u32(argv[1], 1, 1 << 24, &n) ||
	    parse_u32(argv[2], 1, XSW_MAX_PORTS - 1, &port))
		die("usage: fdb-fill SWITCHDIR N PORT");
	snprintf(path, sizeof(path), "%s/xsw_fdb", argv[0]);
	fdb = bpf_obj_get(path);
	snprintf(path, sizeof(path), "%s/xsw_config", argv[0]);
	config = bpf_obj_get(path);
	if (fdb < 0 || config < 0 || bpf_map_lookup_elem(config, &zero, &cfg))
		die("cannot read the switch's maps in %s", argv[0]);
	err = fdbtab_open(&t, fdb, cfg.fdb_mask + 1, cfg.fdb_seed);
	if (err)
		die("cannot map the FDB: %s", strerror(-err));
	for (uint32_t i = 0; i < n; i++) {
		/* locally administered unicast 02:fb:..., distinct for each i */
		struct xsw_fdb_key k = { .mac = { 0x02, 0xfb, i >> 24, i >> 16, i >> 8, i } };
		struct xsw_fdb_val v = { .port = port, .seen = xsw_fdb_tick(now_ns()) };

		fdbtab_put(&t, &k, &v);
	}
	fdbtab_close(&t);
	return 0;
}

int main(int argc, char **argv)
{
	home_netns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (argc < 2)
		die("usage: xswpkt { rate | redirect | fdb-fill } ...");
	if (!strcmp(argv[1], "rate"))
		return cmd_rate(argc - 2, argv + 2);
	if (!strcmp(argv[1], "redirect"))
		return cmd_redirect(argc - 2, argv + 2);
	if (!strcmp(argv[1], "fdb-fill"))
		return cmd_fdb_fill(argc - 2, argv + 2);
	die("unknown command %s", argv[1]);
}
