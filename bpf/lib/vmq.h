/* SPDX-License-Identifier: GPL-2.0 */
/* VMQ in software (spec §4): the receiving port's XDP program picks the CPU
 * that finishes a frame's pipeline.
 *
 *   queue: the destination's own when its (MAC, VLAN) is in the FDB behind a
 *          port that owns one, else the switch's default queue (0)
 *   CPU:   a one-CPU queue's CPU (VMQ); for several CPUs, the queue's
 *          indirection table at the 5-tuple hash, so a flow keeps its CPU
 *          (VMMQ); the default queue first asks the receive queue's mapping
 *          (xswctl vmq rxq), then its own table; with neither the frame
 *          stays on the CPU it arrived on.
 */
#ifndef XSW_LIB_VMQ_H
#define XSW_LIB_VMQ_H

#include "pipeline.h"

#define XSW_VMQ_LOCAL ((__u32)-1)	/* process where it arrived */

/* The frame's facts that cross to the queue's CPU in front of it. */
#define XSW_META_VMQ 0x78737771		/* "xswq" */

static __always_inline __u32 xsw_rol32(__u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

static __always_inline __u32 xsw_mix(__u32 h, __u32 w)
{
	w *= 0xcc9e2d51;
	h ^= xsw_rol32(w, 15) * 0x1b873593;
	return xsw_rol32(h, 13) * 5 + 0xe6546b64;
}

/* Hash of the flow: IPv4/IPv6 addresses, protocol and, for TCP and UDP,
 * ports (none for a fragment); 0 for anything else. */
static __always_inline __u32 xsw_flow_hash(void *l3, void *data_end, int proto)
{
	__u32 h = 0x78737700, *a;
	__u8 l4 = 0;
	void *l4h = 0;
	int i;

	if (proto == ETH_P_IP) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > data_end)
			return 0;
		h = xsw_mix(h, ip->saddr);
		h = xsw_mix(h, ip->daddr);
		l4 = ip->protocol;
		if (!(ip->frag_off & bpf_htons(0x3fff)))	/* MF or an offset */
			l4h = (void *)ip + ip->ihl * 4;
	} else if (proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > data_end)
			return 0;
		a = (__u32 *)&ip6->saddr;
		for (i = 0; i < 8; i++)		/* saddr, daddr */
			h = xsw_mix(h, a[i]);
		l4 = ip6->nexthdr;
		l4h = ip6 + 1;
	} else {
		return 0;
	}
	if ((l4 == IPPROTO_TCP || l4 == IPPROTO_UDP) && l4h && l4h + 4 <= data_end)
		h = xsw_mix(h, *(__u32 *)l4h);	/* source and destination port */
	h = xsw_mix(h, l4);
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	return h;
}

/* The queue of the frame in @md: a port index, or 0 for the default queue. */
static __always_inline __u32 xsw_vmq_queue(const struct xsw_md *md, const struct xsw_config *cfg,
					   struct xsw_vmq **q)
{
	__u32 port = 0;

	if (!xsw_mac_is_multicast(md->dmac))
		port = xsw_fdb_lookup(md->dmac, md->vlan, bpf_ktime_get_coarse_ns(),
				      cfg->ageing_ns);
	*q = bpf_map_lookup_elem(&xsw_vmq, &port);
	if (port && (!*q || (*q)->state != XSW_VMQ_QUEUE)) {
		port = 0;
		*q = bpf_map_lookup_elem(&xsw_vmq, &port);
	}
	return port;
}

/* The CPU of the frame in @md at @data, or XSW_VMQ_LOCAL; *@queue is its
 * queue. */
static __always_inline __u32 xsw_vmq_cpu(struct xdp_md *ctx, const struct xsw_md *md,
					 const struct xsw_config *cfg, void *data, void *data_end,
					 __u32 *queue)
{
	struct xsw_cursor c = { .pos = data, .end = data_end };
	struct xsw_vmq_rxq_key rk;
	struct xsw_vmq *q;
	struct ethhdr *eth;
	__u16 vlan = 0;
	__u32 *cpu;
	int proto;

	*queue = xsw_vmq_queue(md, cfg, &q);
	if (!*queue && (cfg->vmq & XSW_VMQ_RXQ)) {
		rk.ifindex = ctx->ingress_ifindex;
		rk.queue = ctx->rx_queue_index;
		cpu = bpf_map_lookup_elem(&xsw_vmq_rxq, &rk);
		if (cpu)
			return *cpu;
	}
	if (!q || q->state != XSW_VMQ_QUEUE)
		return XSW_VMQ_LOCAL;
	if (q->ncpus == 1)
		return q->indir[0];
	proto = xsw_parse_eth(&c, &eth, &vlan);
	return q->indir[xsw_flow_hash(c.pos, data_end, proto) % XSW_VMQ_INDIR];
}

static __always_inline void xsw_vmq_count(__u32 queue, __u32 len)
{
	struct xsw_vmq_stats *s = bpf_map_lookup_elem(&xsw_vmq_stats, &queue);

	if (s) {
		s->packets++;
		s->bytes += len;
	}
}

#endif /* XSW_LIB_VMQ_H */
