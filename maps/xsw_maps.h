/* SPDX-License-Identifier: GPL-2.0 */
/* Every map of one switch, defined once. Each entry object includes this
 * header; the definitions are weak so `bpftool gen object` merges them into
 * one set of maps shared by all programs of the switch. Each switch loads its
 * own instance and pins it under /sys/fs/bpf/xsw/<switch>/.
 */
#ifndef XSW_MAPS_H
#define XSW_MAPS_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "xsw/ext.h"	/* and the maps extensions share: xsw_ports, xsw_stats, chains */

/* bank -> a chain's first stage (include/xsw/ext.h), per hook and direction */
XSW_CHAIN_LINKS(xsw_xdp_in) __weak;	/* XDP programs */
XSW_CHAIN_LINKS(xsw_cpu_in) __weak;	/* XDP cpumap programs: ingress on a VMQ CPU */
XSW_CHAIN_LINKS(xsw_xdp_out) __weak;	/* XDP devmap programs */
XSW_CHAIN_LINKS(xsw_tc_in) __weak;	/* TC programs run at the source port's ingress */
XSW_CHAIN_LINKS(xsw_tc_out) __weak;	/* TC programs run at the destination's egress */

/* 0 -> the chains in force (xswctl flips them through mmap) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xsw_chain);
} xsw_chain __weak SEC(".maps");

/* extension id -> the stage counters of xsw_scratch when it attached, which
 * ext show subtracts: only xswctl writes it */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_EXT_MAX);
	__type(key, __u32);
	__type(value, struct xsw_ext_stats);
} xsw_ext_base __weak SEC(".maps");

/* 0 -> switch-wide settings */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xsw_config);
} xsw_config __weak SEC(".maps");

/* ifindex of a port's device -> port index */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} xsw_ifports __weak SEC(".maps");

/* ifindex % XSW_IFSLOTS -> port index, 0 = ask xsw_ifports: the per-frame
 * lookup of the ingress port without hashing; a slot holds the first port
 * whose ifindex maps to it */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_IFSLOTS);
	__type(key, __u32);
	__type(value, __u32);
} xsw_ifslots __weak SEC(".maps");

/* (MAC, VLAN) -> port index: every learned entry and a cached copy of
 * static ones, in buckets of a set-associative table (struct xsw_fdb_bucket);
 * a full bucket drops its oldest, so a miss falls back to xsw_fdb_static */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XSW_FDB_SIZE / XSW_FDB_WAYS);
	__type(key, __u32);
	__type(value, struct xsw_fdb_bucket);
} xsw_fdb __weak SEC(".maps");

/* Per bucket of xsw_fdb: fingerprints of the sources known on their port
 * (struct xsw_fdb_known), sized with it; mmapable for its page-aligned
 * values, so that a row never straddles two cache lines */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XSW_FDB_SIZE / XSW_FDB_WAYS);
	__type(key, __u32);
	__type(value, struct xsw_fdb_known);
} xsw_fdb_known __weak SEC(".maps");

/* (MAC, VLAN) -> port index: static entries, never evicted */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XSW_FDB_STATIC_SIZE);
	__type(key, struct xsw_fdb_key);
	__type(value, struct xsw_fdb_val);
} xsw_fdb_static __weak SEC(".maps");

/* 0 -> generation: bumped (atomically) by every FDB write, from the
 * datapath's learning and from xswctl (mmap), and by every write xswctl
 * makes to ports, the config and the chains (switch_memos_void); a memo
 * made under an older generation is void */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} xsw_fdb_gen __weak SEC(".maps");

#ifndef XSW_LAYOUT_OLD	/* the tests' other layout has none (include/xsw/abi.h) */
/* FDB events for xswd (struct xsw_fdb_event): learned, moved, aged */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XSW_EVENTS_SIZE);
} xsw_events __weak SEC(".maps");
#endif

/* The last unicast decision of each CPU, replayed for the frames that follow
 * with the same ingress port and Ethernet addresses: after the first frame a
 * flow costs no FDB lookup (bpf/lib/pipeline.h, xsw_forward) */
#define XSW_MEMO_FRAMES	     128 /* frames a memoized decision serves before a full pass */
#define XSW_MEMO_EPOCH_SHIFT 8	 /* and at most 2^8 jiffies (0.256-2.56 s) */

struct xsw_memo {
	__u8 addrs[12];		/* destination and source MAC, as in the frame */
	__u16 vlan;
	__u16 credit;		/* frames left before the full pipeline runs again */
	__u32 src_port;
	__u32 dst_port;
	__u64 gen;		/* xsw_fdb_gen it was made under */
	__u64 epoch;		/* and the XSW_MEMO_EPOCH it was made in */
	/* XDP's fast path (bpf/xdp_rx.bpf.c) takes the frames that repeat the
	 * memo: from this device, with the addresses and bytes 12-15 as here
	 * (of an untagged frame the EtherType only, of a tagged one its TPID
	 * and TCI), up to fast_len bytes long (0: none, the decision needs the
	 * pipeline) */
	__u32 ifindex;
	__u32 head;
	__u16 fast_len;
	__u8 guards;		/* the source port's enum xsw_guard */
	__u8 l3;		/* its policy judges what IPv4/IPv6 carry: no other */
	__u32 pad;
	/* the CPU's clock (xsw_clock): the coarse time read in this jiffy */
	__u64 jiffies;
	__u64 now;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
#ifdef XSW_LAYOUT_OLD
	__uint(max_entries, 2);		/* the tests' other layout (include/xsw/abi.h) */
#else
	__uint(max_entries, 1);
#endif
	__type(key, __u32);
	__type(value, struct xsw_memo);
} xsw_memo __weak SEC(".maps");

/* port index -> device (+ egress program) of every connected port: unicast
 * redirect by key, flood by BPF_F_BROADCAST over all entries */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} xsw_tx __weak SEC(".maps");

/* VID -> the connected ports that may take a frame of that VLAN: a flood in
 * a VLAN is cloned to them only, not to every port (xswctl keeps them for
 * the VLANs of VM ports; the devmap program still checks each copy, and a
 * VLAN without a set floods to xsw_tx). An inner map's size is its
 * template's. */
struct xsw_vlan_ports {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XSW_VLAN_SET_PORTS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct bpf_devmap_val));
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, XSW_VID_MAX + 1);
	__uint(key_size, sizeof(__u32));
	__array(values, struct xsw_vlan_ports);
} xsw_vlan_flood __weak SEC(".maps");

/* port index -> device of every connected port, without a program: where an
 * XDP unicast that needs no egress program goes (a devmap spares the
 * kernel's ifindex lookup of bpf_redirect) */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} xsw_tx_direct __weak SEC(".maps");

/* port index -> its policy, read only for a port whose xsw_port.policy is set */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xsw_policy);
} xsw_policy __weak SEC(".maps");

/* port index -> its MTU: the smaller of its device's and, for a veth, the
 * VM's end (xsw_config.min_mtu is the smallest of them) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} xsw_mtu __weak SEC(".maps");

/* (port, IP prefix) -> 1: the allowed-ips of ports with XSW_POL_IPS */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XSW_ALLOWED_IPS_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xsw_ip_key);
	__type(value, __u8);
} xsw_allowed_ips __weak SEC(".maps");

/* port index -> the MACs it has learned (ports with a learning limit only):
 * counted up as it learns a new one, down as one moves to another port;
 * xswctl recounts when it flushes or sets the limit */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} xsw_learned __weak SEC(".maps");

/* port index -> its storm-limit window (ports with a storm limit only) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xsw_storm);
} xsw_storm __weak SEC(".maps");

/* id -> extension: the switch's extension table (xswctl's) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_EXT_MAX);
	__type(key, __u32);
	__type(value, struct xsw_ext_rec);
} xsw_exts __weak SEC(".maps");

/* id -> the object file of the extension (xswctl's: what save writes) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_EXT_MAX);
	__type(key, __u32);
	__type(value, struct xsw_ext_path);
} xsw_ext_path __weak SEC(".maps");

/* (port, dir, side, IP prefix) -> ACL rule, longest prefix first */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XSW_ACL_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xsw_acl_ip_key);
	__type(value, struct xsw_acl_val);
} xsw_acl_ip __weak SEC(".maps");

/* (port, dir, side, MAC) -> ACL rule */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XSW_ACL_MAX);
	__type(key, struct xsw_acl_mac_key);
	__type(value, struct xsw_acl_val);
} xsw_acl_mac __weak SEC(".maps");

/* rule -> per-CPU packets and bytes matched */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSW_ACL_MAX);
	__type(key, __u32);
	__type(value, struct xsw_acl_meter);
} xsw_acl_meter __weak SEC(".maps");

/* VMQ (bpf/lib/vmq.h) */

/* CPU -> its queue of frames and the program that finishes their pipeline
 * (xsw_xdp_cpu); xswctl sizes it to the possible CPUs */
struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, XSW_VMQ_CPUS_MAX);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
} xsw_cpus __weak SEC(".maps");

/* port index -> its queue; 0 -> the default queue */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xsw_vmq);
} xsw_vmq __weak SEC(".maps");

/* (device, receive queue) -> CPU of the default queue's frames */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XSW_VMQ_RXQ_MAX);
	__type(key, struct xsw_vmq_rxq_key);
	__type(value, __u32);
} xsw_vmq_rxq __weak SEC(".maps");

/* queue (port index, 0 = default) -> per-CPU frames processed */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xsw_vmq_stats);
} xsw_vmq_stats __weak SEC(".maps");

#endif /* XSW_MAPS_H */
