/* SPDX-License-Identifier: GPL-2.0 */
/* What follows the Ethernet header in the policy cases of test_pipeline.c:
 * IPv4, IPv6, ARP and ND messages a guard or a spoofing check judges. */
#ifndef XSW_TEST_FRAMES_H
#define XSW_TEST_FRAMES_H

#define IP4(proto) 0x45, 0, 0, 48, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2
#define IP6(next) 0x60, 0, 0, 0, 0, 24, next, 255, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
	0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
#define UDP(sp, dp) (sp) >> 8, (sp) & 0xff, (dp) >> 8, (dp) & 0xff, 0, 16, 0, 0
/* a plain datagram: the flow some cases send first (test_pipeline.c .lead) */
static const __u8 udp4[] = { IP4(17), UDP(1000, 2000) };
static const __u8 udp6[] = { IP6(17), UDP(1000, 2000) };
/* from 10.0.0.3 */
static const __u8 udp4_from3[] = { 0x45, 0, 0, 48, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 3,
				   10, 0, 0, 2, UDP(1000, 2000) };
static const __u8 dhcp_offer[] = { IP4(17), UDP(67, 68), 2 };
static const __u8 dhcp_discover[] = { IP4(17), UDP(68, 67), 1 };
static const __u8 icmp_ra[] = { IP4(1), 9, 0 };
static const __u8 icmp_redirect[] = { IP4(1), 5, 1 };
static const __u8 icmp_echo[] = { IP4(1), 8, 0 };
/* behind an inner tag (VLAN 5) */
static const __u8 qq_echo[] = { 0, 5, 0x08, 0, IP4(1), 8, 0 };
static const __u8 qq_offer[] = { 0, 5, 0x08, 0, IP4(17), UDP(67, 68), 2 };
static const __u8 dhcp6_advertise[] = { IP6(17), UDP(547, 546), 2 };
static const __u8 dhcp6_solicit[] = { IP6(17), UDP(546, 547), 1 };
static const __u8 icmp6_ra[] = { IP6(58), 134, 0 };
static const __u8 icmp6_redirect[] = { IP6(58), 137, 0 };
static const __u8 icmp6_rs[] = { IP6(58), 133, 0 };
/* an RA behind a hop-by-hop and a destination options header */
static const __u8 icmp6_ra_ext[] = { IP6(0), 60, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4, 0, 0, 0, 0,
				     134, 0 };
/* a fragment other than the first: no header to judge */
static const __u8 icmp6_ra_frag[] = { IP6(44), 58, 0, 0, 8, 0, 0, 0, 1, 134, 0 };
#define ARP(sha) 0, 1, 8, 0, 6, 4, 0, 1, sha, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2
#define ND_NA(tll) IP6(58), 136, 0, 0, 0, 0x60, 0, 0, 0, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, \
	0, 0, 0, 0, 0, 0, 0, 1, 2, 1, tll
#define MAC1 0x02, 0, 0, 0, 0, 0x01
#define MAC3 0x02, 0, 0, 0, 0, 0x03
static const __u8 arp_m1[] = { ARP(MAC1) };
/* a DHCP discover from 0.0.0.0; an IPv6 packet from a global address */
static const __u8 dhcp_discover0[] = { 0x45, 0, 0, 48, 0, 0, 0, 0, 64, 17, 0, 0, 0, 0, 0, 0,
				       255, 255, 255, 255, UDP(68, 67), 1 };
static const __u8 ip6_global[] = { 0x60, 0, 0, 0, 0, 8, 17, 64, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				   0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				   0, 0, 0, 1, UDP(1, 2) };
static const __u8 arp_m3[] = { ARP(MAC3) };
static const __u8 na_m1[] = { ND_NA(MAC1) };
static const __u8 na_m3[] = { ND_NA(MAC3) };
/* neighbour advertisements behind a hop-by-hop header: of fe80::1 for MAC3,
 * of 2001:db8::1 for MAC1 */
#define HBH(next) next, 0, 1, 4, 0, 0, 0, 0
#define NA_HBH(target...) IP6(0), HBH(58), 136, 0, 0, 0, 0x60, 0, 0, 0, target
static const __u8 na_m3_hbh[] = { NA_HBH(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
				  2, 1, MAC3 };
static const __u8 na_global_hbh[] = { NA_HBH(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					     0, 1), 2, 1, MAC1 };

#endif /* XSW_TEST_FRAMES_H */
