// SPDX-License-Identifier: GPL-2.0
/* xswctl capture: runs a capture session for as long as the command runs and
 * writes what it brings to a pcap file (libpcap) or prints one line per
 * packet, as tcpdump does. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "xsw/ext.h"
#include "cli.h"
#include "output.h"
#include "pcapw.h"
#include "util.h"

struct capture_cmd {
	struct xsw_capture_args cap;
	__u32 count;		/* packets wanted, 0 = no limit */
	const char *file;	/* write: a pcap or pcapng file */
	const char *filter;	/* a tcpdump expression */
};

static const char *const dir_words[] = { "ingress", "egress", "both", NULL };
static const int dir_values[] = { 1 << XSW_DIR_INGRESS, 1 << XSW_DIR_EGRESS,
				  1 << XSW_DIR_INGRESS | 1 << XSW_DIR_EGRESS };

#define A struct capture_cmd
static const struct opt opts[] = {
	ARG_SWITCH(A, cap.sw),
	ARG_PORT_KEY(A, cap.port, 0),
	{ .key = "dir", .type = OPT_WORD, .words = dir_words, .values = dir_values,
	  .off = offsetof(A, cap.dirs) },
	{ .key = "count", .meta = "N", .type = OPT_U32, .off = offsetof(A, count), .min = 1,
	  .max = UINT32_MAX },
	{ .key = "snaplen", .meta = "BYTES", .type = OPT_U32, .off = offsetof(A, cap.snaplen),
	  .min = 14, .max = XSW_CAPTURE_SNAP_MAX },
	{ .key = "write", .meta = "{ FILE.pcap | FILE.pcapng }", .type = OPT_STR,
	  .off = offsetof(A, file) },
	{ .key = "filter", .meta = "EXPR", .type = OPT_STR, .off = offsetof(A, filter) },
	{}
};
#undef A

static void capture_init(void *args)
{
	struct capture_cmd *a = args;

	a->cap.dirs = dir_values[2];
	a->cap.snaplen = XSW_CAPTURE_SNAP_MAX;
}

struct session {
	struct xsw_capture *c;
	struct pcapw *dump;
	struct pcapf *filter;
	__u64 mono_to_real;	/* ns to add to CLOCK_MONOTONIC for wall time */
	__u32 count;
	__u32 seen;
};


static __u64 now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The tcpdump-like part of a summary line after the MACs. */
static void summary_l3(const __u8 *p, __u32 len, char *out, size_t size)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	__u16 proto;
	__u32 off = 12;

	if (len < 14) {
		snprintf(out, size, "truncated");
		return;
	}
	proto = p[off] << 8 | p[off + 1];
	if ((proto == 0x8100 || proto == 0x88a8) && len >= 18) {
		off += 4;
		proto = p[off] << 8 | p[off + 1];
	}
	off += 2;
	if (proto == 0x0806 && len >= off + 28) {
		inet_ntop(AF_INET, p + off + 24, a, sizeof(a));
		inet_ntop(AF_INET, p + off + 14, b, sizeof(b));
		snprintf(out, size, "ARP, %s %s %s %s", p[off + 7] == 1 ? "Request who-has" : "Reply",
			 a, p[off + 7] == 1 ? "tell" : "is-at", b);
	} else if (proto == 0x0800 && len >= off + 20) {
		const __u8 *ip = p + off;
		__u32 ihl = (ip[0] & 0xf) * 4;

		inet_ntop(AF_INET, ip + 12, a, sizeof(a));
		inet_ntop(AF_INET, ip + 16, b, sizeof(b));
		if (ip[9] == 1 && len >= off + ihl + 1)
			snprintf(out, size, "IP %s > %s: ICMP %s", a, b,
				 ip[ihl] == 8 ? "echo request" : ip[ihl] == 0 ? "echo reply" : "");
		else
			snprintf(out, size, "IP %s > %s: proto %u", a, b, ip[9]);
	} else if (proto == 0x86dd && len >= off + 40) {
		inet_ntop(AF_INET6, p + off + 8, a, sizeof(a));
		inet_ntop(AF_INET6, p + off + 24, b, sizeof(b));
		snprintf(out, size, "IP6 %s > %s: next-header %u", a, b, p[off + 6]);
	} else {
		snprintf(out, size, "ethertype 0x%04x", proto);
	}
}

static int on_record(void *data, const struct xsw_capture_hdr *h, const void *frame)
{
	struct session *s = data;
	const __u8 *pkt = frame;
	__u64 real = h->ts_ns + s->mono_to_real;
	char src[18], dst[18], l3[160], port[XSW_NAME_LEN], tm[16];
	time_t sec = real / 1000000000;

	if ((s->count && s->seen >= s->count) ||
	    (s->filter && !pcapf_match(s->filter, h->caplen, h->len, pkt)))
		return 0;
	s->seen++;
	xsw_capture_port(s->c, h->port, port);
	if (s->dump) {
		/* a file that takes no more ends the capture */
		return pcapw_write(s->dump, &(struct pcapw_pkt){
			.real_ns = real, .caplen = h->caplen, .len = h->len, .data = pkt,
			.port = h->port, .port_name = port, .inbound = h->dir == XSW_DIR_INGRESS });
	}
	format_mac(pkt + 6, src);
	format_mac(pkt, dst);
	summary_l3(pkt, h->caplen, l3, sizeof(l3));
	strftime(tm, sizeof(tm), "%H:%M:%S", localtime(&sec));
	printf("%s.%06u %-7s %s %s > %s, %s, length %u\n", tm,
	       (unsigned int)(real % 1000000000 / 1000),
	       h->dir == XSW_DIR_INGRESS ? "ingress" : "egress", port, src, dst, l3, h->len);
	fflush(stdout);
	return 0;
}


static int run_capture(const void *args, json_object **out)
{
	const struct capture_cmd *a = args;
	struct session s = { .count = a->count };
	int dir, err;
	__u64 lost;

	(void)out;
	if (a->filter && !(s.filter = pcapf_compile(a->filter, a->cap.snaplen)))
		return -EINVAL;
	if (a->file && !(s.dump = pcapw_open(a->file, a->cap.snaplen))) {
		pcapf_free(s.filter);
		return -EIO;
	}
	err = xsw_capture_start(&a->cap, on_record, &s, &s.c);
	if (err)
		goto out;
	s.mono_to_real = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_MONOTONIC);
	cli_stop_on_signals();
	for (dir = 0; dir_words[dir] && dir_values[dir] != (int)a->cap.dirs; dir++)
		;
	fprintf(stderr, "xswctl: capturing on switch \"%s\"%s%s, %s\n", a->cap.sw,
		a->cap.port ? " port " : "", a->cap.port ? a->cap.port : "",
		dir == 2 ? "both directions" : dir_words[dir]);
	while (!cli_stopped && (!s.count || s.seen < s.count) && !err)
		err = xsw_capture_poll(s.c, 100);
	err = xsw_capture_stop(s.c, &lost) ?: err;
	fprintf(stderr, "xswctl: %u packets captured, %llu lost by the ring\n", s.seen,
		(unsigned long long)lost);
out:
	pcapw_close(s.dump);
	pcapf_free(s.filter);
	return err;
}

static const struct cli_cmd cmds[] = {
	CMD(NULL, opts, struct capture_cmd, .init = capture_init, .run = run_capture,
	    .write = true, .streams = true, .transient = true),
	{}
};

const struct cli_object capture_object = {
	.name = "capture",
	.cmds = cmds,
	.where = "ingress is what PORT sends into the switch, egress what the switch\n"
		 "delivers to it (every port without port). Prints a line per packet,\n"
		 "or writes a file tcpdump and tshark read: pcapng (a name ending in\n"
		 ".pcapng) has one interface per port and each packet's direction, so\n"
		 "flood and mirror copies can be told apart; else pcap. filter takes a\n"
		 "tcpdump expression (quote it), applied by xswctl to what the ring\n"
		 "brings; count counts matching packets. Stops after count packets or\n"
		 "on Ctrl-C and reports packets the ring lost. snaplen is at most 2048\n"
		 "bytes (the default)."
};
