// SPDX-License-Identifier: GPL-2.0
/* pcap file output through libpcap. */
#include <errno.h>
#include <stdlib.h>
#include <pcap/pcap.h>

#include "ctx.h"
#include "pcapw.h"

struct pcapw {
	pcap_t *pcap;
	pcap_dumper_t *dump;
};

struct pcapw *pcapw_open(const char *file, uint32_t snaplen)
{
	struct pcapw *w = calloc(1, sizeof(*w));

	if (!w || !(w->pcap = pcap_open_dead(DLT_EN10MB, snaplen))) {
		p_err(ENOMEM, "cannot write %s: out of memory", file);
		free(w);
		return NULL;
	}
	w->dump = pcap_dump_open(w->pcap, file);
	if (!w->dump) {
		p_err(EIO, "cannot write %s: %s", file, pcap_geterr(w->pcap));
		pcap_close(w->pcap);
		free(w);
		return NULL;
	}
	return w;
}

void pcapw_write(struct pcapw *w, uint64_t real_ns, uint32_t caplen, uint32_t len,
		 const void *data)
{
	struct pcap_pkthdr h = {
		.ts = { .tv_sec = real_ns / 1000000000, .tv_usec = real_ns % 1000000000 / 1000 },
		.caplen = caplen, .len = len,
	};

	pcap_dump((u_char *)w->dump, &h, data);
	pcap_dump_flush(w->dump);
}

void pcapw_close(struct pcapw *w)
{
	if (!w)
		return;
	pcap_dump_close(w->dump);
	pcap_close(w->pcap);
	free(w);
}
