/* SPDX-License-Identifier: GPL-2.0 */
/* The cases of test_pipeline.c: a frame, the state it meets and what it
 * must do. */
#ifndef XSW_TEST_PIPELINE_CASES_H
#define XSW_TEST_PIPELINE_CASES_H

#define NPORTS 3
#define M1 { 0x02, 0, 0, 0, 0, 0x01 }
#define M2 { 0x02, 0, 0, 0, 0, 0x02 }
#define M3 { 0x02, 0, 0, 0, 0, 0x03 }
#define M9 { 0x02, 0, 0, 0, 0, 0x09 }
#define BCAST { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }
#define MCAST { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }
/* the VLAN of a tag a port without VLAN settings sends */
#define TV(vid) ((vid) | XSW_VID_TRANSPARENT)

struct fdb_entry {
	__u8 mac[6];
	__u16 vlan;
	__u32 port;		/* 0: no entry */
	bool is_static;
	bool aged;		/* last seen 2 s ago with an ageing time of 1 s */
	bool stale;		/* last seen 0.6 s ago with an ageing time of 1 s */
};

#include "fdbtest.h"
#include "frames.h"

#define L3(bytes, type) .l3 = bytes, .l3_len = sizeof(bytes), .proto = type
#define GUARDS (XSW_GUARD_DHCP | XSW_GUARD_ROUTER)

struct tcase {
	const char *desc;
	__u32 in_port;		/* 1..NPORTS, or NPORTS + 1: a device that is no port */
	__u8 dst[6], src[6];
	__u16 vlan;		/* tagged when non-zero */
	unsigned int len;	/* frame length; 0 = a 60-byte frame */
	unsigned int frames;	/* how many times the frame is sent; 0 = once */
	__u8 port_state[NPORTS + 1];	/* 0 = connected */
	unsigned int down_mask;	/* ports (bit = index) whose device xswd saw go down */
	struct fdb_entry fdb[2];	/* before */
	bool fill_table;	/* fill the FDB table with learned entries, statics only in their map */
	int drop;		/* expected drop reason, counted on in_port (0 if unknown) */
	unsigned int tx_mask;	/* ports (bit = index) that send a copy */
	enum { RX_NONE, RX_BCAST, RX_MCAST, RX_UNKNOWN } rx_class;
	struct fdb_entry after;	/* an entry expected afterwards (port 0: absent) */
	enum { SEEN_ANY, SEEN_KEPT, SEEN_REFRESHED } after_seen; /* after's timestamp */
	__u32 guards;		/* the policy of in_port */
	__u32 storm_pps;	/* its storm limit: the frames past it are dropped */
	__u32 learn_limit;	/* its learning limit ... */
	__u32 learned;		/* ... and the MACs it has learned (xsw_learned) */
	__u8 allowed_ip;	/* its allowed-ips: 10.0.0.allowed_ip (0: any) */
	enum { MAC_NONE, MAC_M1, MAC_M3, MAC_M3_SPOOFING, MAC_LEARN } port_mac; /* in_port's mac */
	const __u8 *l3;		/* what follows the Ethernet header (default: zeroes) */
	unsigned int l3_len;
	__u16 proto;		/* its EtherType (default IPv4) */
	/* first this many frames of a plain datagram of the same addresses (a
	 * flow XDP's fast path then takes), counters zeroed after them */
	unsigned int lead;
};

static const struct tcase cases[] = {
	{ "unknown unicast floods and the source is learned", 1, M9, M1,
	  .tx_mask = 1 << 2 | 1 << 3, .rx_class = RX_UNKNOWN, .after = { M1, 0, 1 } },
	{ "broadcast floods to every other port", 2, BCAST, M2,
	  .tx_mask = 1 << 1 | 1 << 3, .rx_class = RX_BCAST, .after = { M2, 0, 2 } },
	{ "multicast floods to every other port", 3, MCAST, M3,
	  .tx_mask = 1 << 1 | 1 << 2, .rx_class = RX_MCAST },
	{ "known unicast goes to its port only", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .tx_mask = 1 << 2 },
	{ "a changed FDB entry is used at once, not the memoized decision", 1, M2, M1,
	  .fdb = { { M2, 0, 3 } }, .tx_mask = 1 << 3 },
	{ "each frame of a repeated flow is forwarded and counted", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .tx_mask = 1 << 2, .frames = 3 },
	/* the case before left XDP's fast path the flow; xswctl's changes end it */
	{ "the flow's source has taken a MAC since: its next frame is dropped", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .port_mac = MAC_M3, .drop = XSW_DROP_MAC_SPOOFED,
	  .after = { M1, 0, 0 } },
	{ "the flow again", 1, M2, M1, .fdb = { { M2, 0, 2 } }, .tx_mask = 1 << 2, .frames = 3 },
	{ "the flow's destination device has gone down since: dropped", 1, M2, M1,
	  .down_mask = 1 << 2, .fdb = { { M2, 0, 2, true } }, .drop = XSW_DROP_DST_DOWN },
	{ "a moved source is relearned", 1, M2, M1, .fdb = { { M2, 0, 2 }, { M1, 0, 3 } },
	  .tx_mask = 1 << 2, .after = { M1, 0, 1 } },
	{ "a static entry is not overwritten by learning", 1, M2, M1,
	  .fdb = { { M2, 0, 2 }, { M1, 0, 3, true } }, .tx_mask = 1 << 2,
	  .after = { M1, 0, 3, true } },
	{ "a tagged source is learned on its VLAN", 1, M2, M1, .vlan = 10,
	  .fdb = { { M2, 0, 2 } }, .tx_mask = 1 << 2 | 1 << 3, .rx_class = RX_UNKNOWN,
	  .after = { M1, TV(10), 1 } },
	{ "tagged unicast hits an entry on its VLAN", 1, M2, M1, .vlan = 10,
	  .fdb = { { M2, TV(10), 2 } }, .tx_mask = 1 << 2 },
	{ "a tagged frame does not learn on VLAN 0", 1, M2, M1, .vlan = 10,
	  .fdb = { { M2, TV(10), 2 } }, .tx_mask = 1 << 2, .after = { M1, 0, 0 } },
	{ "an aged-out entry floods", 1, M2, M1, .fdb = { { M2, 0, 2, false, true } },
	  .tx_mask = 1 << 2 | 1 << 3, .rx_class = RX_UNKNOWN },
	{ "an 802.1Q EtherType with no tag is dropped", 1, M2, M1, .vlan = 10, .len = 14,
	  .drop = XSW_DROP_MALFORMED },
	{ "a truncated VLAN tag is dropped", 1, M2, M1, .vlan = 10, .len = 16,
	  .drop = XSW_DROP_MALFORMED },
	{ "a multicast source MAC is dropped", 1, M2, MCAST, .drop = XSW_DROP_BAD_SRC_MAC },
	{ "a frame to an unconnected port is dropped", 1, M3, M1,
	  .port_state = { [3] = XSW_PORT_NIC_DISCONNECTED }, .fdb = { { M3, 0, 3, true } },
	  .drop = XSW_DROP_DST_NOT_CONNECTED },
	{ "a frame to a port whose device is down is dropped and counted", 1, M3, M1,
	  .down_mask = 1 << 3, .fdb = { { M3, 0, 3, true } }, .drop = XSW_DROP_DST_DOWN },
	{ "a port whose device is down takes no part in a flood", 1, BCAST, M1,
	  .down_mask = 1 << 3, .tx_mask = 1 << 2, .rx_class = RX_BCAST },
	{ "an unconnected port takes no part in a flood", 1, BCAST, M1,
	  .port_state = { [3] = XSW_PORT_NIC_CREATED }, .tx_mask = 1 << 2,
	  .rx_class = RX_BCAST },
	{ "a frame from an unconnected NIC is dropped", 1, M2, M1,
	  .port_state = { [1] = XSW_PORT_NIC_CREATED }, .drop = XSW_DROP_NIC_NOT_CONNECTED },
	{ "a frame back to its ingress port is dropped", 1, M2, M1, .fdb = { { M2, 0, 1 } },
	  .drop = XSW_DROP_SAME_PORT },
	{ "a frame from a device that is no port is dropped", NPORTS + 1, M2, M1,
	  .drop = XSW_DROP_UNKNOWN_PORT },
	{ "a fresh entry is not rewritten by its own traffic", 1, M2, M1,
	  .fdb = { { M1, 0, 1 }, { M2, 0, 2 } }, .tx_mask = 1 << 2,
	  .after = { M1, 0, 1 }, .after_seen = SEEN_KEPT },
	{ "a stale entry is refreshed by its own traffic", 1, M2, M1,
	  .fdb = { { M1, 0, 1, false, false, true }, { M2, 0, 2 } }, .tx_mask = 1 << 2,
	  .after = { M1, 0, 1 }, .after_seen = SEEN_REFRESHED },
	{ "a static entry survives a full FDB", 1, M3, M1, .fdb = { { M3, 0, 3, true } },
	  .fill_table = true, .tx_mask = 1 << 3, .after = { M3, 0, 3, true } },
	/* guards: each drop, and its twin that passes */
	{ "dhcp-guard drops a DHCP offer", 1, M2, M1, .fdb = { { M2, 0, 2 } }, .guards = GUARDS,
	  L3(dhcp_offer, 0x0800), .drop = XSW_DROP_DHCP_GUARD },
	{ "dhcp-guard passes a DHCP discover", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(dhcp_discover, 0x0800), .tx_mask = 1 << 2 },
	{ "without dhcp-guard a DHCP offer passes", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = XSW_GUARD_ROUTER, L3(dhcp_offer, 0x0800), .tx_mask = 1 << 2 },
	{ "dhcp-guard drops a DHCPv6 advertise", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(dhcp6_advertise, 0x86dd), .drop = XSW_DROP_DHCP_GUARD },
	{ "dhcp-guard passes a DHCPv6 solicit", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(dhcp6_solicit, 0x86dd), .tx_mask = 1 << 2 },
	{ "router-guard drops an ICMP router advertisement", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(icmp_ra, 0x0800), .drop = XSW_DROP_ROUTER_GUARD },
	{ "router-guard drops an ICMP redirect", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(icmp_redirect, 0x0800), .drop = XSW_DROP_ROUTER_GUARD },
	{ "router-guard passes an ICMP echo", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(icmp_echo, 0x0800), .tx_mask = 1 << 2 },
	{ "router-guard drops an ICMPv6 router advertisement", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .guards = GUARDS, L3(icmp6_ra, 0x86dd),
	  .drop = XSW_DROP_ROUTER_GUARD },
	{ "router-guard drops an RA behind extension headers", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .guards = GUARDS, L3(icmp6_ra_ext, 0x86dd),
	  .drop = XSW_DROP_ROUTER_GUARD },
	{ "router-guard drops an ICMPv6 redirect", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(icmp6_redirect, 0x86dd), .drop = XSW_DROP_ROUTER_GUARD },
	{ "router-guard passes a router solicitation", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(icmp6_rs, 0x86dd), .tx_mask = 1 << 2 },
	{ "router-guard passes a fragment after the first", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, L3(icmp6_ra_frag, 0x86dd), .tx_mask = 1 << 2 },
	{ "without router-guard an RA passes", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = XSW_GUARD_DHCP, L3(icmp6_ra, 0x86dd), .tx_mask = 1 << 2 },
	{ "a guard on a tagged frame", 1, M2, M1, .vlan = 10, .fdb = { { M2, TV(10), 2 } },
	  .guards = GUARDS, L3(icmp6_ra, 0x86dd), .drop = XSW_DROP_ROUTER_GUARD },
	/* storm limit: floods past the limit in a window are dropped, unicast is not */
	{ "storm-limit passes 2 of 5 broadcasts", 1, BCAST, M1, .frames = 5, .storm_pps = 2,
	  .tx_mask = 1 << 2 | 1 << 3, .rx_class = RX_BCAST, .drop = XSW_DROP_STORM },
	{ "storm-limit passes 2 of 5 unknown unicasts", 1, M9, M1, .frames = 5, .storm_pps = 2,
	  .tx_mask = 1 << 2 | 1 << 3, .rx_class = RX_UNKNOWN, .drop = XSW_DROP_STORM },
	{ "storm-limit leaves known unicast alone", 1, M2, M1, .frames = 5, .storm_pps = 2,
	  .fdb = { { M2, 0, 2 } }, .tx_mask = 1 << 2 },
	/* learning limit */
	{ "below its learning limit a port learns", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .learn_limit = 2, .learned = 1, .tx_mask = 1 << 2, .after = { M1, 0, 1 } },
	{ "at its learning limit a port learns no new MAC", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .learn_limit = 2, .learned = 2, .tx_mask = 1 << 2, .after = { M1, 0, 0 } },
	{ "at its learning limit a known MAC is refreshed", 1, M2, M1,
	  .fdb = { { M1, 0, 1, false, false, true }, { M2, 0, 2 } }, .learn_limit = 1,
	  .learned = 1, .tx_mask = 1 << 2, .after = { M1, 0, 1 }, .after_seen = SEEN_REFRESHED },
	{ "at its learning limit a port takes no MAC from another", 1, M2, M1,
	  .fdb = { { M1, 0, 3 }, { M2, 0, 2 } }, .learn_limit = 1, .learned = 1,
	  .tx_mask = 1 << 2, .after = { M1, 0, 3 } },
	{ "dhcp-guard drops an offer behind two tags", 1, M2, M1, .vlan = 10,
	  .fdb = { { M2, TV(10), 2 } }, .guards = GUARDS, L3(qq_offer, 0x8100),
	  .drop = XSW_DROP_DHCP_GUARD },
	/* after a flow (XDP: the fast path has it), a frame of its addresses
	 * that the source's policy judges */
	{ "after a flow a datagram of its addresses passes", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, .port_mac = MAC_M1, .lead = 3, L3(udp4, 0x0800), .frames = 3,
	  .tx_mask = 1 << 2 },
	{ "after a flow dhcp-guard drops a DHCP offer", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, .lead = 3, L3(dhcp_offer, 0x0800), .drop = XSW_DROP_DHCP_GUARD },
	{ "after a flow router-guard drops an ICMP redirect", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .guards = GUARDS, .lead = 3, L3(icmp_redirect, 0x0800), .drop = XSW_DROP_ROUTER_GUARD },
	{ "after an IPv6 flow dhcp-guard drops a DHCPv6 advertise", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .guards = GUARDS, .lead = 3, L3(dhcp6_advertise, 0x86dd),
	  .drop = XSW_DROP_DHCP_GUARD },
	{ "after an IPv6 flow router-guard drops an RA behind options", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .guards = GUARDS, .lead = 3, L3(icmp6_ra_ext, 0x86dd),
	  .drop = XSW_DROP_ROUTER_GUARD },
	{ "after an IPv6 flow an ND claim of another MAC is dropped", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .port_mac = MAC_M1, .lead = 3, L3(na_m3, 0x86dd),
	  .drop = XSW_DROP_MAC_SPOOFED },
	{ "after a flow allowed-ips drops another source", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .allowed_ip = 1, .lead = 3, L3(udp4_from3, 0x0800), .drop = XSW_DROP_IP_SPOOFED },
	/* allowed-ips (the frames come from 10.0.0.1) */
	{ "allowed-ips drops another source behind two tags", 1, M2, M1, .vlan = 10,
	  .fdb = { { M2, TV(10), 2 } }, .allowed_ip = 2, L3(qq_echo, 0x8100),
	  .drop = XSW_DROP_IP_SPOOFED },
	{ "allowed-ips passes its own source", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .allowed_ip = 1, L3(icmp_echo, 0x0800), .tx_mask = 1 << 2 },
	{ "allowed-ips drops another source", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .allowed_ip = 2, L3(icmp_echo, 0x0800), .drop = XSW_DROP_IP_SPOOFED },
	{ "allowed-ips drops an ARP claim of another address", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .allowed_ip = 2, L3(arp_m1, 0x0806),
	  .drop = XSW_DROP_IP_SPOOFED },
	{ "allowed-ips passes an ARP of its own address", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .allowed_ip = 1, L3(arp_m1, 0x0806), .tx_mask = 1 << 2 },
	{ "allowed-ips passes a DHCP discover from 0.0.0.0", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .allowed_ip = 2, L3(dhcp_discover0, 0x0800),
	  .tx_mask = 1 << 2 },
	{ "allowed-ips passes IPv6 link-local ND", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .allowed_ip = 2, L3(na_m1, 0x86dd), .tx_mask = 1 << 2 },
	{ "allowed-ips drops an ND claim behind a hop-by-hop header", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .allowed_ip = 1, L3(na_global_hbh, 0x86dd),
	  .drop = XSW_DROP_IP_SPOOFED },
	{ "allowed-ips drops an IPv6 source outside the list", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .allowed_ip = 2, L3(ip6_global, 0x86dd),
	  .drop = XSW_DROP_IP_SPOOFED },
	/* mac and mac-spoofing */
	{ "a port with a MAC sends from it", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .port_mac = MAC_M1, .tx_mask = 1 << 2, .after = { M1, 0, 1 } },
	{ "another source MAC is dropped and not learned", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .port_mac = MAC_M3, .drop = XSW_DROP_MAC_SPOOFED, .after = { M1, 0, 0 } },
	{ "another source MAC passes with mac-spoofing on", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .port_mac = MAC_M3_SPOOFING, .tx_mask = 1 << 2 },
	{ "an ARP sender that is not the port's is dropped", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .port_mac = MAC_M1, L3(arp_m3, 0x0806), .drop = XSW_DROP_MAC_SPOOFED },
	{ "an ARP from the port's MAC passes", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .port_mac = MAC_M1, L3(arp_m1, 0x0806), .tx_mask = 1 << 2 },
	{ "an ND target option that is not the port's is dropped", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .port_mac = MAC_M1, L3(na_m3, 0x86dd),
	  .drop = XSW_DROP_MAC_SPOOFED },
	{ "an ND option behind a hop-by-hop header that is not the port's is dropped", 1, M2,
	  M1, .fdb = { { M2, 0, 2 } }, .port_mac = MAC_M1, L3(na_m3_hbh, 0x86dd),
	  .drop = XSW_DROP_MAC_SPOOFED },
	{ "an ND advertisement of the port's MAC passes", 1, M2, M1, .fdb = { { M2, 0, 2 } },
	  .port_mac = MAC_M1, L3(na_m1, 0x86dd), .tx_mask = 1 << 2 },
	{ "mac auto on a tap: the first source MAC becomes the port's", 1, M2, M1,
	  .fdb = { { M2, 0, 2 } }, .port_mac = MAC_LEARN, .tx_mask = 1 << 2 },
};

#endif /* XSW_TEST_PIPELINE_CASES_H */
