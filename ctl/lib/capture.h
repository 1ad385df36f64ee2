/* SPDX-License-Identifier: GPL-2.0 */
/* Capture sessions (ctl/lib/capture.c). */
#ifndef XSW_CAPTURE_H
#define XSW_CAPTURE_H

#include "state.h"

struct xsw_capture;

struct xsw_capture_args {
	const char *sw;
	const char *port;	/* NULL: every port */
	__u32 dirs;		/* 1 << enum xsw_dir for each direction */
	__u32 snaplen;		/* bytes of each packet, at most XSW_CAPTURE_SNAP_MAX */
};

/* Called for each captured packet: @pkt has @h->caplen bytes. */
typedef int (*capture_fn)(void *data, const struct xsw_capture_hdr *h, const void *pkt);

/* Starts a session: attaches the capture extension and drops the call's
 * lock, so others may change the switch meanwhile. One session per switch;
 * it removes the extension a killed session left. */
int xsw_capture_start(const struct xsw_capture_args *a, capture_fn fn, void *data,
		      struct xsw_capture **out);
/* Waits up to @timeout_ms for packets and hands them to the callback. */
int xsw_capture_poll(struct xsw_capture *c, int timeout_ms);
/* The name of port @index of the session's switch, "?" if none. */
void xsw_capture_port(struct xsw_capture *c, __u32 index, char name[XSW_NAME_LEN]);
/* Retakes the lock, detaches the extension, hands over what is left in the
 * ring and ends the session; @lost: the packets the ring had no room for. */
int xsw_capture_stop(struct xsw_capture *c, __u64 *lost);

#endif /* XSW_CAPTURE_H */
