// SPDX-License-Identifier: GPL-2.0
/* Capture sessions: the built-in capture extension (bpf/ext_capture.bpf.c)
 * attached for as long as a session runs, its ring buffer handed to the
 * caller record by record. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <bpf/libbpf.h>

#include "capture.h"
#include "ext.h"
#include "ext_capture.skel.h"

struct xsw_capture {
	struct xsw_switch sw;
	struct ext_capture *skel;
	struct ring_buffer *rb;
	int lock;		/* the switch's capture lock, held for the session */
	capture_fn fn;
	void *data;
};

/* Takes switch @sw's capture lock for the session: an fd, or a negative
 * errno, reported. */
static int capture_lock(struct xsw_switch *sw)
{
	char path[PATH_MAX];
	int fd;

	switch_capture_lock_path(sw, path, sizeof(path));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return p_err(errno, "cannot open %s: %s", path, xsw_strerror(errno));
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return fd;
	close(fd);
	if (errno == EWOULDBLOCK)
		return p_err(EBUSY, "a capture is already running on switch \"%s\"", sw->name);
	return p_err(errno, "cannot lock %s: %s", path, xsw_strerror(errno));
}

static int on_record(void *ctx, void *data, size_t size)
{
	const struct xsw_capture_hdr *h = data;
	struct xsw_capture *c = ctx;

	if (size < sizeof(*h) || size < sizeof(*h) + h->caplen)
		return 0;
	return c->fn(c->data, h, h + 1);
}

static void capture_free(struct xsw_capture *c)
{
	ring_buffer__free(c->rb);
	ext_capture__destroy(c->skel);
	if (c->lock >= 0)
		close(c->lock);
	switch_close(&c->sw);
	free(c);
}

int xsw_capture_start(const struct xsw_capture_args *a, capture_fn fn, void *data,
		      struct xsw_capture **out)
{
	struct ext_spec spec = {
		.name = CAPTURE_EXT, .file = "built-in capture", .kind = XSW_EXT_CAPTURE,
		.enable = true, .flags = XSW_EXT_BUILTIN,
	};
	struct xsw_capture *c = calloc(1, sizeof(*c));
	struct xsw_ext_rec rec;
	struct xsw_port p;
	int index, err;

	*out = NULL;
	if (!c)
		return p_err(ENOMEM, "out of memory");
	c->lock = -1;
	c->fn = fn;
	c->data = data;
	index = switch_open_port(a->sw, a->port, &c->sw, &p);
	if (index < 0) {
		free(c);
		return index;
	}
	c->lock = capture_lock(&c->sw);
	if (c->lock < 0) {
		err = c->lock;
		goto err_free;
	}
	if (ext_find(&c->sw, CAPTURE_EXT, &rec) >= 0) {
		pr_warn("warning: removing the capture extension a killed capture left on switch \"%s\"\n",
			c->sw.name);
		err = ext_set_state(&c->sw, CAPTURE_EXT, XSW_EXT_FREE);
		if (err)
			goto err_free;
	}
	c->skel = ext_capture__open();
	if (!c->skel) {
		err = p_err(errno, "cannot open the capture extension: %s", xsw_strerror(errno));
		goto err_free;
	}
	c->skel->rodata->cap_port = index;
	c->skel->rodata->cap_dirs = a->dirs;
	c->skel->rodata->cap_snaplen = a->snaplen;
	err = ext_attach(&c->sw, c->skel->obj, &spec);
	if (err)
		goto err_free;
	c->rb = ring_buffer__new(bpf_map__fd(c->skel->maps.cap_ring), on_record, c, NULL);
	if (!c->rb) {
		err = p_err(errno, "cannot read the capture ring: %s", xsw_strerror(errno));
		goto err_detach;
	}
	/* others may change the switch while the capture runs */
	xsw_lock(LOCK_UN);
	*out = c;
	return 0;

err_detach:
	ext_set_state(&c->sw, CAPTURE_EXT, XSW_EXT_FREE);
err_free:
	capture_free(c);
	return err;
}

int xsw_capture_poll(struct xsw_capture *c, int timeout_ms)
{
	int err = ring_buffer__poll(c->rb, timeout_ms);

	if (err < 0 && err != -EINTR)
		return p_err(-err, "reading the capture ring: %s", xsw_strerror(err));
	return 0;
}

void xsw_capture_port(struct xsw_capture *c, __u32 index, char name[XSW_NAME_LEN])
{
	struct xsw_port p;

	snprintf(name, XSW_NAME_LEN, "?");
	if (!port_get(&c->sw, index, &p))
		snprintf(name, XSW_NAME_LEN, "%s", p.name);
}

int xsw_capture_stop(struct xsw_capture *c, __u64 *lost)
{
	int ncpu = libbpf_num_possible_cpus(), cpu, err;
	__u64 v[ncpu];
	__u32 zero = 0;

	xsw_lock(LOCK_EX);
	err = ext_set_state(&c->sw, CAPTURE_EXT, XSW_EXT_FREE);
	ring_buffer__consume(c->rb);
	*lost = 0;
	if (!bpf_map__lookup_elem(c->skel->maps.cap_lost, &zero, sizeof(zero), v, sizeof(v), 0))
		for (cpu = 0; cpu < ncpu; cpu++)
			*lost += v[cpu];
	capture_free(c);
	return err;
}
