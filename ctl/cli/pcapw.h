/* SPDX-License-Identifier: GPL-2.0 */
/* Capture files and filters through libpcap (ctl/cli/pcapw.c), kept apart
 * from <linux/bpf.h>, whose struct bpf_insn clashes with libpcap's. */
#ifndef XSW_PCAPW_H
#define XSW_PCAPW_H

#include <stdbool.h>
#include <stdint.h>

struct pcapw;

struct pcapw_pkt {
	uint64_t real_ns;	/* wall-clock time */
	uint32_t caplen, len;
	const void *data;
	uint32_t port;		/* the port's index: one pcapng interface each */
	const char *port_name;
	bool inbound;		/* the port sent it into the switch (ingress) */
};

/* Opens @file for Ethernet frames of up to @snaplen bytes: pcapng when its
 * name ends in .pcapng, else pcap. NULL with a reported error on failure. */
struct pcapw *pcapw_open(const char *file, uint32_t snaplen);
/* 0, or -EIO, reported, when the file cannot take it (a full disk). */
int pcapw_write(struct pcapw *w, const struct pcapw_pkt *p);
void pcapw_close(struct pcapw *w);

/* A tcpdump filter expression, compiled by libpcap for Ethernet frames. */
struct pcapf;
struct pcapf *pcapf_compile(const char *expr, uint32_t snaplen);
bool pcapf_match(const struct pcapf *f, uint32_t caplen, uint32_t len, const void *data);
void pcapf_free(struct pcapf *f);

#endif /* XSW_PCAPW_H */
