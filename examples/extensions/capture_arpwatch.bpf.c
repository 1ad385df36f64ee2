// SPDX-License-Identifier: GPL-2.0
/* A capture extension, like arpwatch: records which MAC and which port each
 * IPv4 address was last announced from in an ARP packet. Read it with
 *   bpftool map dump name arpwatch
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xsw/ext.h>

XSW_EXTENSION(XSW_EXT_CAPTURE);

struct station {
	__u8 mac[6];
	__u16 pad;
	__u32 port;
};

/* sender IPv4 address (network order) -> station */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct station);
} arpwatch SEC(".maps");

XSW_INGRESS(arpwatch_in)
{
	__u32 off = xsw_ext_l3_off(ctx), ip;
	struct station st = { .port = ctx->pkt->src_port };

	if (xsw_ext_proto(ctx) != 0x0806)
		return XSW_PASS;
	/* ARP for IPv4 over Ethernet: sender MAC at 8, sender IP at 14 */
	if (xsw_ext_load(ctx, off + 8, st.mac, 6) || xsw_ext_load(ctx, off + 14, &ip, 4))
		return XSW_PASS;
	bpf_map_update_elem(&arpwatch, &ip, &st, BPF_ANY);
	return XSW_PASS;
}

char LICENSE[] SEC("license") = "GPL";
