// SPDX-License-Identifier: GPL-2.0
/* The libpcap side of capture, apart from <linux/bpf.h> (whose struct
 * bpf_insn clashes with libpcap's): pcap files through libpcap, pcapng files
 * (which libpcap reads but cannot write) with one interface per port and
 * each packet's direction, and tcpdump filter expressions compiled by
 * libpcap. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "ctx.h"
#include "pcapw.h"

#define MAX_IFACES 4096		/* one per port index */

struct pcapw {
	pcap_t *pcap;		/* pcap: libpcap's dumper */
	pcap_dumper_t *dump;
	FILE *ng;		/* pcapng: written here */
	uint32_t snaplen;
	int32_t iface[MAX_IFACES];	/* port index -> interface id + 1, 0 = none yet */
	uint32_t nifaces;
};

static bool is_pcapng(const char *file)
{
	size_t n = strlen(file);

	return n > 7 && !strcmp(file + n - 7, ".pcapng");
}

/* A pcapng option: code, length, value padded to 4 bytes. */
static void ng_option(FILE *f, uint16_t code, const void *val, uint16_t len)
{
	static const uint8_t pad[4];

	fwrite(&code, 2, 1, f);
	fwrite(&len, 2, 1, f);
	fwrite(val, len, 1, f);
	fwrite(pad, (4 - len % 4) % 4, 1, f);
}

static uint32_t opt_len(uint32_t len)
{
	return 4 + (len + 3) / 4 * 4;
}

static void ng_block_start(FILE *f, uint32_t type, uint32_t len)
{
	fwrite(&type, 4, 1, f);
	fwrite(&len, 4, 1, f);
}

static void ng_header(struct pcapw *w)
{
	static const char appl[] = "xswctl capture";
	uint32_t len = 28 + opt_len(sizeof(appl) - 1) + 4, magic = 0x1A2B3C4D;
	uint16_t version[2] = { 1, 0 };
	int64_t section = -1;

	ng_block_start(w->ng, 0x0A0D0D0A, len);
	fwrite(&magic, 4, 1, w->ng);
	fwrite(version, 4, 1, w->ng);
	fwrite(&section, 8, 1, w->ng);
	ng_option(w->ng, 4, appl, sizeof(appl) - 1);	/* shb_userappl */
	ng_option(w->ng, 0, NULL, 0);
	fwrite(&len, 4, 1, w->ng);
}

/* The interface of port @port, described (IDB) the first time it is seen. */
static uint32_t ng_iface(struct pcapw *w, uint32_t port, const char *name)
{
	uint32_t len = 20 + opt_len(strlen(name)) + opt_len(1) + 4;
	uint16_t link[2] = { 1 /* LINKTYPE_ETHERNET */, 0 };
	uint8_t tsresol = 9;	/* nanoseconds */

	port %= MAX_IFACES;
	if (w->iface[port])
		return w->iface[port] - 1;
	ng_block_start(w->ng, 1, len);
	fwrite(link, 4, 1, w->ng);
	fwrite(&w->snaplen, 4, 1, w->ng);
	ng_option(w->ng, 2, name, strlen(name));	/* if_name */
	ng_option(w->ng, 9, &tsresol, 1);		/* if_tsresol */
	ng_option(w->ng, 0, NULL, 0);
	fwrite(&len, 4, 1, w->ng);
	w->iface[port] = ++w->nifaces;
	return w->nifaces - 1;
}

struct pcapw *pcapw_open(const char *file, uint32_t snaplen)
{
	struct pcapw *w = calloc(1, sizeof(*w));

	if (!w) {
		p_err(ENOMEM, "cannot write %s: out of memory", file);
		return NULL;
	}
	w->snaplen = snaplen;
	if (is_pcapng(file)) {
		w->ng = fopen(file, "w");
		if (!w->ng) {
			p_err(errno, "cannot write %s: %s", file, strerror(errno));
			free(w);
			return NULL;
		}
		ng_header(w);
		return w;
	}
	if (!(w->pcap = pcap_open_dead(DLT_EN10MB, snaplen))) {
		p_err(ENOMEM, "cannot write %s: out of memory", file);
		free(w);
		return NULL;
	}
	w->dump = pcap_dump_open(w->pcap, file);
	if (!w->dump) {
		p_err(EIO, "cannot write %s", pcap_geterr(w->pcap));	/* "FILE: why" */
		pcap_close(w->pcap);
		free(w);
		return NULL;
	}
	return w;
}

int pcapw_write(struct pcapw *w, const struct pcapw_pkt *p)
{
	struct pcap_pkthdr h = {
		.ts = { .tv_sec = p->real_ns / 1000000000, .tv_usec = p->real_ns % 1000000000 / 1000 },
		.caplen = p->caplen, .len = p->len,
	};
	uint32_t iface, len, ts[2], flags = p->inbound ? 1 : 2;	/* epb_flags direction */
	static const uint8_t pad[4];

	if (!w->ng) {
		pcap_dump((u_char *)w->dump, &h, p->data);
		if (pcap_dump_flush(w->dump))
			return p_err(EIO, "cannot write the capture file: %s", strerror(errno));
		return 0;
	}
	iface = ng_iface(w, p->port, p->port_name);
	len = 28 + (p->caplen + 3) / 4 * 4 + opt_len(4) + 4 + 4;
	ts[0] = p->real_ns >> 32;
	ts[1] = p->real_ns;
	ng_block_start(w->ng, 6, len);
	fwrite(&iface, 4, 1, w->ng);
	fwrite(ts, 8, 1, w->ng);
	fwrite(&p->caplen, 4, 1, w->ng);
	fwrite(&p->len, 4, 1, w->ng);
	fwrite(p->data, p->caplen, 1, w->ng);
	fwrite(pad, (4 - p->caplen % 4) % 4, 1, w->ng);
	ng_option(w->ng, 2, &flags, 4);
	ng_option(w->ng, 0, NULL, 0);
	fwrite(&len, 4, 1, w->ng);
	if (fflush(w->ng) || ferror(w->ng))
		return p_err(EIO, "cannot write the capture file: %s", strerror(errno));
	return 0;
}

void pcapw_close(struct pcapw *w)
{
	if (!w)
		return;
	if (w->ng) {
		fclose(w->ng);
	} else {
		pcap_dump_close(w->dump);
		pcap_close(w->pcap);
	}
	free(w);
}

struct pcapf {
	struct bpf_program prog;
};

struct pcapf *pcapf_compile(const char *expr, uint32_t snaplen)
{
	struct pcapf *f = calloc(1, sizeof(*f));
	pcap_t *p = pcap_open_dead(DLT_EN10MB, snaplen);

	if (!f || !p) {
		p_err(ENOMEM, "out of memory");
		goto err;
	}
	if (pcap_compile(p, &f->prog, expr, 1, PCAP_NETMASK_UNKNOWN)) {
		p_err(EINVAL, "bad filter \"%s\": %s", expr, pcap_geterr(p));
		goto err;
	}
	pcap_close(p);
	return f;
err:
	if (p)
		pcap_close(p);
	free(f);
	return NULL;
}

bool pcapf_match(const struct pcapf *f, uint32_t caplen, uint32_t len, const void *data)
{
	struct pcap_pkthdr h = { .caplen = caplen, .len = len };

	return pcap_offline_filter(&f->prog, &h, data);
}

void pcapf_free(struct pcapf *f)
{
	if (!f)
		return;
	pcap_freecode(&f->prog);
	free(f);
}
