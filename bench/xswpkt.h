/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between bench/xswpkt.c and bench/xswpkt.bpf.c. */
#ifndef XSWPKT_H
#define XSWPKT_H

#define XSWPKT_UDP_PORT 9	/* discard: the generator's frames */
#define XSWPKT_DST_MAX	4	/* destination MACs the generator takes in turn */

enum xswpkt_counter {
	XSWPKT_CNT_SENT,	/* frames the generator handed to its device */
	XSWPKT_CNT_RECEIVED,	/* generator frames that reached a sink */
	XSWPKT_CNT_OTHER,	/* anything else a sink saw */
	XSWPKT_CNT_FIRST_NS,	/* coarse clock at the generator's first frame */
	XSWPKT_CNT_LAST_NS,	/* and at its latest */
	XSWPKT_CNT__MAX,
};

#endif /* XSWPKT_H */
