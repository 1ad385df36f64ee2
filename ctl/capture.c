// SPDX-License-Identifier: GPL-2.0
/* `xswctl capture ...`: attaches the built-in capture extension
 * (bpf/ext_capture.bpf.c) for as long as it runs, and writes what its ring
 * buffer brings to a pcap file (libpcap) or prints one line per packet. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "cli.h"
#include "ext.h"
#include "ext_capture.skel.h"
#include "log.h"
#include "pcapw.h"
#include "util.h"

#define CAPTURE_EXT "capture"

static const char *const dir_names[] = { "ingress", "egress", "both", NULL };

struct session {
	struct xsw_switch *sw;
	struct pcapw *dump;
	__u64 mono_to_real;	/* ns to add to CLOCK_MONOTONIC for wall time */
	__u32 count;		/* packets wanted, 0 = no limit */
	__u32 seen;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

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

static int on_record(void *ctx, void *data, size_t size)
{
	const struct xsw_capture_hdr *h = data;
	struct session *s = ctx;
	const __u8 *pkt = (const __u8 *)(h + 1);
	__u64 real = h->ts_ns + s->mono_to_real;
	char src[18], dst[18], l3[160], port[XSW_NAME_LEN] = "?", tm[16];
	struct xsw_port p;
	time_t sec = real / 1000000000;

	if (size < sizeof(*h) + h->caplen || (s->count && s->seen >= s->count))
		return 0;
	s->seen++;
	if (s->dump) {
		pcapw_write(s->dump, real, h->caplen, h->len, pkt);
		return 0;
	}
	if (!port_get(s->sw, h->port, &p))
		snprintf(port, sizeof(port), "%s", p.name);
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

static __u64 lost_read(struct ext_capture *skel)
{
	int ncpu = libbpf_num_possible_cpus(), cpu;
	__u64 v[ncpu], sum = 0;
	__u32 zero = 0;

	if (!bpf_map__lookup_elem(skel->maps.cap_lost, &zero, sizeof(zero), v, sizeof(v), 0))
		for (cpu = 0; cpu < ncpu; cpu++)
			sum += v[cpu];
	return sum;
}

/* Takes switch @sw's capture lock for this process's life: an fd, or a
 * negative errno, reported. */
static int capture_lock(struct xsw_switch *sw)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), XSW_CAPTURE_LOCK, sw->name);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return p_err(errno, "cannot open %s: %s", path, strerror(errno));
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return fd;
	close(fd);
	if (errno == EWOULDBLOCK)
		return p_err(EBUSY, "a capture is already running on switch \"%s\"", sw->name);
	return p_err(errno, "cannot lock %s: %s", path, strerror(errno));
}

static int capture_run(struct xsw_switch *sw, const struct xsw_req *req, __u32 port)
{
	struct ext_spec spec = {
		.name = CAPTURE_EXT, .file = "built-in capture", .kind = XSW_EXT_CAPTURE,
		.enable = true, .flags = XSW_EXT_BUILTIN,
	};
	struct session s = { .sw = sw, .count = req->count };
	struct xsw_ext_rec rec;
	struct ext_capture *skel;
	struct ring_buffer *rb = NULL;
	int lock, err;

	lock = capture_lock(sw);
	if (lock < 0)
		return lock;
	if (ext_find(sw, CAPTURE_EXT, &rec) >= 0) {
		pr_warn("xswctl: warning: removing the capture extension a killed capture left on switch \"%s\"\n",
			sw->name);
		err = ext_set_state(sw, CAPTURE_EXT, XSW_EXT_FREE);
		if (err)
			goto out_lock;
	}
	skel = ext_capture__open();
	if (!skel) {
		err = p_err(errno, "cannot open the capture extension: %s", strerror(errno));
		goto out_lock;
	}
	skel->rodata->cap_port = port;
	skel->rodata->cap_dirs = req->dir;
	skel->rodata->cap_snaplen = req->snaplen;
	if (req->file && !(s.dump = pcapw_open(req->file, req->snaplen))) {
		err = -EIO;
		goto out;
	}
	err = ext_attach(sw, skel->obj, &spec);
	if (err)
		goto out;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.cap_ring), on_record, &s, NULL);
	if (!rb) {
		err = p_err(errno, "cannot read the capture ring: %s", strerror(errno));
		goto detach;
	}
	s.mono_to_real = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_MONOTONIC);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* others may change the switch while the capture runs */
	xsw_lock(LOCK_UN);
	fprintf(stderr, "xswctl: capturing on switch \"%s\"%s%s, %s\n", sw->name,
		req->port ? " port " : "", req->port ? req->port : "",
		req->dir == 3 ? "both directions" : dir_names[req->dir - 1]);
	while (!stop && (!s.count || s.seen < s.count)) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			p_err(-err, "reading the capture ring: %s", strerror(-err));
			break;
		}
		err = 0;
	}
	xsw_lock(LOCK_EX);
detach:
	err = ext_set_state(sw, CAPTURE_EXT, XSW_EXT_FREE) ?: err;
	if (rb) {
		ring_buffer__consume(rb);
		fprintf(stderr, "xswctl: %u packets captured, %llu lost by the ring\n", s.seen,
			(unsigned long long)lost_read(skel));
	}
	ring_buffer__free(rb);
out:
	pcapw_close(s.dump);
	ext_capture__destroy(skel);
out_lock:
	close(lock);
	return err;
}

static int run_capture(const struct xsw_req *req)
{
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err;

	index = switch_open_port(req->sw, req->port, &sw, &p);
	if (index < 0)
		return index;
	err = capture_run(&sw, req, index);
	switch_close(&sw);
	return err;
}

static int parse_capture(int argc, char **argv, struct xsw_req *req)
{
	struct args a = { argc, argv };
	const char *w;
	int d;

	req_init(req);
	req->cmd = CMD_ADD;
	req->dir = 3;
	req->snaplen = XSW_CAPTURE_SNAP_MAX;
	if (arg_switch_name(&a, req))
		return -EINVAL;
	while (a.argc > 0) {
		w = arg_next(&a, "argument");
		if (!strcmp(w, "port")) {
			if (arg_port_name(&a, req))
				return -EINVAL;
		} else if (!strcmp(w, "dir")) {
			if (!(w = arg_next(&a, "dir")))
				return -EINVAL;
			d = word_index(w, dir_names);
			if (d < 0)
				return p_err(EINVAL, "bad dir \"%s\": ingress, egress or both", w);
			req->dir = d + 1;
		} else if (!strcmp(w, "count")) {
			if (!(w = arg_next(&a, "count")))
				return -EINVAL;
			if (parse_u32(w, 1, UINT32_MAX, &req->count))
				return p_err(EINVAL, "bad count \"%s\"", w);
		} else if (!strcmp(w, "snaplen")) {
			if (!(w = arg_next(&a, "snaplen")))
				return -EINVAL;
			if (parse_u32(w, 14, XSW_CAPTURE_SNAP_MAX, &req->snaplen))
				return p_err(EINVAL, "bad snaplen \"%s\": 14-%d bytes", w,
					     XSW_CAPTURE_SNAP_MAX);
		} else if (!strcmp(w, "write")) {
			if (!(req->file = arg_next(&a, "pcap file")))
				return -EINVAL;
		} else {
			return p_err(EINVAL, "unexpected argument \"%s\"", w);
		}
	}
	return 0;
}

static void help_capture(void)
{
	fprintf(stderr,
		"Usage: xswctl capture SWITCH [ port PORT ] [ dir { ingress | egress | both } ]\n"
		"                      [ count N ] [ snaplen BYTES ] [ write FILE.pcap ]\n"
		"Where: ingress is what PORT sends into the switch, egress what the switch\n"
		"       delivers to it (every port without port). Prints a line per packet,\n"
		"       or writes a pcap file tcpdump and tshark read. Stops after count\n"
		"       packets or on Ctrl-C and reports packets the ring lost. snaplen is at\n"
		"       most %d bytes (the default).\n",
		XSW_CAPTURE_SNAP_MAX);
}

const struct xsw_object capture_object = {
	.name = "capture", .parse = parse_capture, .run = run_capture, .help = help_capture,
};
