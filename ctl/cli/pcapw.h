/* SPDX-License-Identifier: GPL-2.0 */
/* pcap file output through libpcap, kept apart from <linux/bpf.h>, whose
 * struct bpf_insn clashes with libpcap's. */
#ifndef XSW_PCAPW_H
#define XSW_PCAPW_H

#include <stdint.h>

struct pcapw;

/* Opens @file for Ethernet frames of up to @snaplen bytes; NULL with a
 * reported error on failure. */
struct pcapw *pcapw_open(const char *file, uint32_t snaplen);
void pcapw_write(struct pcapw *w, uint64_t real_ns, uint32_t caplen, uint32_t len,
		 const void *data);
void pcapw_close(struct pcapw *w);

#endif /* XSW_PCAPW_H */
