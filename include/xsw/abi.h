/* SPDX-License-Identifier: GPL-2.0 */
/* The xsw ABI: everything bpf/ and ctl/ both see. Map keys and values, enums,
 * limits. Fixed-width types and explicit padding only; each struct's size is
 * asserted so a layout change is a deliberate XSW_LAYOUT_VERSION bump.
 */
#ifndef XSW_ABI_H
#define XSW_ABI_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Bumped whenever a pinned map's key, value or size changes: a build never
 * reuses pins written by a build with another layout (switch upgrade moves
 * its switches onto its own). XSW_LAYOUT_OLD builds a test-only variant of
 * this tree as the layout before, for the tests of switches another build
 * made: another version, a map of another size (xsw_memo), no FDB event
 * ring (xsw_events) and no dst_down counter, which this layout added. */
#ifdef XSW_LAYOUT_OLD
#define XSW_LAYOUT_VERSION 10
#else
#define XSW_LAYOUT_VERSION 13
#endif

#define XSW_NAME_LEN	  16	   /* port names and device names, with NUL (IFNAMSIZ) */
#define XSW_MAX_PORTS	  4096	   /* port index 0 is reserved: "no port" (Hyper-V default port id) */
/* Ports a switch takes unless switch add says max-ports: the size of its
 * xsw_tx devmap, which a flood walks whole (every bucket, used or not) */
#define XSW_PORTS_DEFAULT 256
#define XSW_IFSLOTS	  4096	   /* direct-mapped ifindex -> port cache (power of 2) */
#define XSW_FDB_SIZE	  65536	   /* FDB entries per switch (learned and cached static): default */
#define XSW_FDB_SIZE_MIN  1024
#define XSW_FDB_SIZE_MAX  (1 << 24)
#define XSW_FDB_STATIC_SIZE 16384  /* static FDB entries per switch */
#define XSW_AGEING_DEFAULT 300	   /* seconds */
#define XSW_AGEING_MAX	  1000000  /* seconds */
#define XSW_VID_MAX	  4094
/* The VLAN of a tagged frame an untagged port sends, as the FDB and the
 * pipeline carry it: VID | XSW_VID_TRANSPARENT, apart from the VLANs of ports
 * with VLAN settings, so that such a frame cannot reach them. */
#define XSW_VID_TRANSPARENT 0x1000
#define XSW_VID_MASK	  0x0fff
/* Ports a VLAN's flood set holds (xsw_vlan_flood); a VLAN with more floods
 * to every port, sorted out per copy */
#define XSW_VLAN_SET_PORTS 256

enum xsw_switch_type {
	XSW_SWITCH_PRIVATE,	/* VM ports only */
	XSW_SWITCH_INTERNAL,	/* VM ports and a host vNIC */
	XSW_SWITCH_EXTERNAL,	/* VM ports, one uplink, optionally a host vNIC */
};

/* Port lifecycle, in Hyper-V's order (spec §2). A port slot is free when
 * its state is XSW_PORT_FREE. */
enum xsw_port_state {
	XSW_PORT_FREE,
	XSW_PORT_CREATED,		/* port exists, no NIC */
	XSW_PORT_NIC_CREATED,		/* NIC bound: program attached, not forwarding */
	XSW_PORT_NIC_CONNECTED,		/* NIC sends and receives */
	XSW_PORT_NIC_DISCONNECTED,	/* NIC no longer forwarded to */
	XSW_PORT_NIC_DELETED,		/* NIC gone, port still exists */
	XSW_PORT_TEARDOWN,		/* port on its way out */
	XSW_PORT_STATE__MAX,
};

enum xsw_nic_type {
	XSW_NIC_NONE,
	XSW_NIC_SYNTHETIC,	/* veth / virtio tap of a VM or container */
	XSW_NIC_EMULATED,	/* tap of an emulated device */
	XSW_NIC_INTERNAL,	/* the host vNIC */
	XSW_NIC_EXTERNAL,	/* the physical uplink */
	XSW_NIC_TYPE__MAX,
};

enum xsw_mode {
	XSW_MODE_NONE,
	XSW_MODE_XDP,
	XSW_MODE_TC,
};

/* Flags of a port, kept in struct xsw_port. */
enum xsw_port_flags {
	XSW_PF_XDP_GENERIC	= 1 << 0, /* XDP fell back to generic (skb) mode */
	XSW_PF_TC_HOOK_OWNED	= 1 << 1, /* xsw created the clsact qdisc: remove it on detach */
	XSW_PF_PEER_GRO_SET	= 1 << 2, /* xsw turned GRO on at the veth peer */
	XSW_PF_PEER_CSUM_SET	= 1 << 3, /* xsw turned tx checksumming off at the veth peer */
	XSW_PF_PEER_NETNS	= 1 << 4, /* veth whose peer is in another namespace: TC delivers
					     straight to the peer (bpf_redirect_peer) */
	XSW_PF_LINK_SET_UP	= 1 << 5, /* xsw set the device up: set it down on disconnect */
	XSW_PF_WAITING		= 1 << 6, /* created, NIC waiting for its device to appear */
	XSW_PF_LL_OFF		= 1 << 7, /* xsw turned the device's IPv6 link-local address off */
};

/* Every reason the datapath drops a frame. Datapath helpers return the
 * negative value; one place turns it into a verdict and a counter. */
enum xsw_drop_reason {
	XSW_DROP_NONE,
	XSW_DROP_MALFORMED,		/* frame shorter than its headers */
	XSW_DROP_BAD_SRC_MAC,		/* multicast or all-zero source MAC */
	XSW_DROP_UNKNOWN_PORT,		/* ingress device is not a port of the switch */
	XSW_DROP_NIC_NOT_CONNECTED,	/* ingress NIC is not connected */
	XSW_DROP_DST_NOT_CONNECTED,	/* destination NIC is not connected */
	XSW_DROP_SAME_PORT,		/* destination is the ingress port */
	XSW_DROP_REDIRECT,		/* the kernel refused the redirect */
	XSW_DROP_MISSED_TAIL_CALL,	/* an extension chain slot was empty */
	XSW_DROP_EXT,			/* dropped (ingress) or excluded (egress) by an extension */
	XSW_DROP_ACL,			/* denied by a port ACL */
	XSW_DROP_NO_DEST,		/* the forwarding extension chose no destination */
	XSW_DROP_HOST,			/* the host's stack sent it out of a port device */
	XSW_DROP_DHCP_GUARD,		/* a DHCP or DHCPv6 server message from a guarded port */
	XSW_DROP_ROUTER_GUARD,		/* a router advertisement or redirect from a guarded port */
	XSW_DROP_STORM,			/* a flooded frame over the port's storm limit */
	XSW_DROP_MAC_SPOOFED,		/* a source, ARP or ND MAC that is not the port's */
	XSW_DROP_VLAN,			/* not in a VLAN of the port: a tag it may not send, or a
					   unicast to a port outside the frame's VLAN */
	XSW_DROP_IP_SPOOFED,		/* a source, ARP or ND address outside its allowed-ips */
	XSW_DROP_TOO_BIG,		/* larger than the destination port's MTU */
	XSW_DROP_DST_DOWN,		/* the destination's device is down (seen by xswd) */
	XSW_DROP__MAX,
};

/* The drop reasons xsw_port_stats counts: all of them (the tests' older
 * layout predates dst_down, and counts one less). */
#ifdef XSW_LAYOUT_OLD
#define XSW_DROP_COUNTED XSW_DROP_DST_DOWN
#else
#define XSW_DROP_COUNTED XSW_DROP__MAX
#endif

/* The extension chains in force: xsw_chain[0].dir[d] is bank << 8 | stages
 * (the end included; 1 = no extension stage) of direction d (enum xsw_dir,
 * include/xsw/ext.h). The datapath's and xswctl's, not the extensions'. */
struct xsw_chain {
	__u32 dir[2];
};
#define XSW_CHAIN_BANK(c) ((c) >> 8)
#define XSW_CHAIN_LEN(c)  ((c) & 0xff)

/* xsw_config[0]: switch-wide settings. Its first XSW_CONFIG_HEAD bytes, up
 * to uplink, are the same in every layout: a build reads them from a switch
 * another build made (ctl/lib/foreign.c). */
struct xsw_config {
	__u32 layout;		/* XSW_LAYOUT_VERSION of the build that created the switch */
	__u8 type;		/* enum xsw_switch_type */
	__u8 host;		/* external switch: host vNIC present */
	__u16 mirror_dsts;	/* ports in mirror mode destination */
	__u32 max_port;		/* highest port index ever used: bounds the TC flood loop */
	__u8 vmq;		/* XSW_VMQ_* flags: what the receive side steers by */
	__u8 vmq_high;		/* dynamic VMQ: spread a CPU's queues above this busy % */
	__u8 vmq_low;		/* pack them back home below it */
	__u8 vlan_floods;	/* xsw_vlan_flood holds maps (xswctl's) */
	__u64 ageing_ns;	/* learned FDB entries older than this are ignored */
	char uplink[XSW_NAME_LEN];	/* external switch: uplink device */
	__u16 vmq_queues;	/* ports that may own a queue (first come first served) */
	__u16 vmq_interval;	/* dynamic VMQ: seconds of load a decision looks at */
	__u16 vmq_dwell;	/* seconds a moved queue stays before it moves again */
	__u16 min_mtu;		/* the smallest MTU of a port (xsw_mtu), 0 for none known */
	__u32 fdb_mask;		/* xsw_fdb's buckets - 1 (a power of two - 1) */
	__u8 iov;		/* external switch made with iov on: its ports may take VFs */
	__u8 uplink_promisc;	/* xsw turned promiscuous mode on at the uplink: off on
				   disconnect */
	__u8 pad[2];
	__u64 fdb_seed;		/* the key of its hash (random) */
};
_Static_assert(sizeof(struct xsw_config) == 64, "struct xsw_config layout");
#define XSW_CONFIG_HEAD 40	/* layout .. uplink: frozen */
_Static_assert(__builtin_offsetof(struct xsw_config, layout) == 0 &&
	       __builtin_offsetof(struct xsw_config, type) == 4 &&
	       __builtin_offsetof(struct xsw_config, host) == 5 &&
	       __builtin_offsetof(struct xsw_config, ageing_ns) == 16 &&
	       __builtin_offsetof(struct xsw_config, uplink) == 24,
	       "the head of struct xsw_config is the same in every layout");

/* xsw_ports[index]: one switch port. The datapath reads ifindex, state and
 * mode; the rest belongs to the controller. */
struct xsw_port {
	__u32 ifindex;
	__u8 state;		/* enum xsw_port_state */
	__u8 mode;		/* enum xsw_mode */
	__u8 nic_type;		/* enum xsw_nic_type */
	__u8 flags;		/* enum xsw_port_flags */
	char name[XSW_NAME_LEN];
	char dev[XSW_NAME_LEN];
	__u8 mirror;		/* enum xsw_mirror_mode */
	__u8 want;		/* waiting: the state to reach once the device appears */
	__u8 policy;		/* the port has an xsw_policy entry: 1, else 0 (no lookup) */
	__u8 down;		/* xswd saw its device go down: frames to it are dropped and
				   counted (dst_down), not lost in the device */
	__u32 netns;		/* inode of the device's network namespace */
};
_Static_assert(sizeof(struct xsw_port) == 48, "struct xsw_port layout");

/* A port's policy (xsw_policy): what it may send. A port without one takes
 * no lookup (xsw_port.policy). */
enum xsw_guard {
	XSW_GUARD_DHCP		= 1 << 0, /* drop DHCP/DHCPv6 server messages it sends */
	XSW_GUARD_ROUTER	= 1 << 1, /* drop router advertisements and redirects it sends */
};

enum xsw_policy_flags {
	XSW_POL_PRIO_TRUST	= 1 << 0, /* keep the 802.1p priority of its tagged frames */
	XSW_POL_MAC		= 1 << 1, /* the port has a MAC (mac) */
	XSW_POL_MAC_SPOOFING	= 1 << 2, /* ... and may send from others (mac-spoofing on) */
	XSW_POL_IPS		= 1 << 3, /* it sends from its allowed-ips only (xsw_allowed_ips) */
	XSW_POL_MAC_LEARN	= 1 << 4, /* mac auto where the VM's MAC cannot be read: the
					     first source MAC it sends becomes XSW_POL_MAC */
};

/* xsw_allowed_ips (LPM trie): (port, prefix) of an allowed-ips list; IPv4
 * as ::ffff:a.b.c.d, prefixlen 32 + the address prefix */
#define XSW_ALLOWED_IPS_MAX 4096	/* prefixes per switch */
struct xsw_ip_key {
	__u32 prefixlen;
	__u32 port;
	__u8 addr[16];
};
_Static_assert(sizeof(struct xsw_ip_key) == 24, "struct xsw_ip_key layout");

/* A port's VLAN setting (Hyper-V Set-VMNetworkAdapterVlan). */
enum xsw_vlan_mode {
	XSW_VLAN_UNTAGGED,	/* frames pass with the tags they have: no VLAN of the switch's */
	XSW_VLAN_ACCESS,	/* one VLAN, untagged on the wire */
	XSW_VLAN_TRUNK,		/* the allowed VLANs tagged, the native one untagged */
	XSW_VLAN_PRIVATE,	/* a private VLAN (isolated, community or promiscuous) */
};

enum xsw_pvlan {
	XSW_PVLAN_NONE,
	XSW_PVLAN_ISOLATED,	/* reaches the promiscuous ports only */
	XSW_PVLAN_COMMUNITY,	/* ... and its own community */
	XSW_PVLAN_PROMISCUOUS,	/* reaches every port of its secondaries */
};

#define XSW_VID_WORDS 64	/* a VID set: 4096 bits */

/* A port's SR-IOV (Hyper-V IovWeight): a VF of the uplink's PF that carries
 * the VM's traffic past the switch, with the port's policy programmed into
 * it (ctl/lib/iov.c). */
enum xsw_iov_flags {
	XSW_IOV_ASSIGNED = 1 << 0,	/* the port holds VF vf */
	XSW_IOV_FORCE	 = 1 << 1,	/* taken although the VF bypasses some of its policy */
	XSW_IOV_PF_MAC	 = 1 << 2,	/* xsw put its MAC in the PF's unicast filter */
};

struct xsw_iov {
	__u8 weight;		/* 0 = no VF, 1-100 */
	__u8 flags;		/* enum xsw_iov_flags */
	__u16 vf;
};

struct xsw_policy {
	__u32 guards;		/* enum xsw_guard */
	__u32 storm_pps;	/* broadcast, multicast and unknown unicast it may send a second, 0 = no limit */
	__u32 flags;		/* enum xsw_policy_flags */
	__u8 mac[6];		/* XSW_POL_MAC: the port's MAC */
	__u8 vlan_mode;		/* enum xsw_vlan_mode */
	__u8 pvlan;		/* enum xsw_pvlan */
	__u16 pvid;		/* access: its VLAN; trunk: the native VLAN (0: untagged
				   frames stay untagged); private: the primary VLAN */
	__u16 secondary;	/* isolated, community: the secondary VLAN */
	__u32 learn_limit;	/* MACs it may learn, 0 = no limit */
	struct xsw_iov iov;	/* the controller's, not the datapath's */
	__u64 allowed[XSW_VID_WORDS];	/* trunk: allowed VLANs; promiscuous: its secondaries */
	__u64 pruned[XSW_VID_WORDS];	/* trunk: VLANs taken back out of allowed */
};
_Static_assert(sizeof(struct xsw_policy) == 32 + 16 * XSW_VID_WORDS, "struct xsw_policy layout");

/* A port's storm window: what it flooded since the window began. */
struct xsw_storm {
	__u64 start_ns;
	__u64 count;
};
_Static_assert(sizeof(struct xsw_storm) == 16, "struct xsw_storm layout");

/* Hyper-V PortMirroring: what a source port sends or receives is also
 * delivered to every destination port of the switch. */
enum xsw_mirror_mode {
	XSW_MIRROR_NONE,
	XSW_MIRROR_SOURCE,
	XSW_MIRROR_DESTINATION,
};

/* VMQ (spec §4): the XDP program of the receiving port classifies a frame
 * to a queue, the destination port's own or the switch's default queue, and
 * hands it through the xsw_cpus cpumap to the CPU the queue maps the frame to;
 * the pipeline finishes there. */
#define XSW_VMQ_INDIR	      64	/* indirection table entries: a 5-tuple hash picks one */
#define XSW_VMQ_CPUS_MAX      256	/* CPU numbers a table may hold */
#define XSW_VMQ_QUEUES_DEFAULT 64	/* ports with a queue of their own, per switch */
#define XSW_VMQ_RXQ_MAX	      1024	/* receive queue -> CPU mappings per switch */
#define XSW_VMQ_QSIZE	      2048	/* frames a CPU's cpumap queue holds */
#define XSW_VMQ_HIGH_DEFAULT  80	/* % busy */
#define XSW_VMQ_LOW_DEFAULT   30
#define XSW_VMQ_INTERVAL_DEFAULT 2	/* seconds */
#define XSW_VMQ_DWELL_DEFAULT 10	/* seconds */

/* xsw_config.vmq */
enum xsw_vmq_flags {
	XSW_VMQ_ON  = 1 << 0,	/* some queue steers: classify every XDP frame */
	XSW_VMQ_RXQ = 1 << 1,	/* receive queue mappings exist (xsw_vmq_rxq) */
};

enum xsw_vmq_state {
	XSW_VMQ_OFF,		/* the port uses the default queue */
	XSW_VMQ_QUEUE,		/* the port owns a queue: its frames go to indir's CPUs */
	XSW_VMQ_WAITING,	/* wants a queue; the switch has none left */
};

/* xsw_vmq[port]: a port's queue; index 0 is the default queue. The datapath
 * reads state, ncpus and indir; the rest is the controller's. */
struct xsw_vmq {
	__u16 indir[XSW_VMQ_INDIR];	/* hash bucket -> CPU */
	__u8 state;		/* enum xsw_vmq_state */
	__u8 ncpus;		/* distinct CPUs in indir: 1 = VMQ, more = VMMQ */
	__u8 weight;		/* Hyper-V VmqWeight: 0 = VMQ off, 1-100 */
	__u8 pad;
	__u16 home;		/* one-CPU queue: the CPU the operator set; the
				   rebalancer moves the queue off it and back */
	__u16 pad2;
	__u32 moves;		/* rebalancer moves */
	__u32 pad3;
	__u64 seq;		/* when the queue was asked for: first come first served */
	__u64 moved_ns;		/* CLOCK_MONOTONIC of the last move */
};
_Static_assert(sizeof(struct xsw_vmq) == 2 * XSW_VMQ_INDIR + 32, "struct xsw_vmq layout");

/* xsw_vmq_rxq: a receive queue of a port's device -> the CPU that processes
 * the default queue's frames from it */
struct xsw_vmq_rxq_key {
	__u32 ifindex;
	__u32 queue;
};

/* xsw_vmq_stats[port], per CPU: frames of the port's queue (0: the default
 * queue) processed on that CPU */
struct xsw_vmq_stats {
	__u64 packets;
	__u64 bytes;
};

/* (MAC, VLAN) -> port: the key and value of xsw_fdb_static, and what
 * xswctl reads out of xsw_fdb. */
struct xsw_fdb_key {
	__u8 mac[6];
	__u16 vlan;		/* VID of the outer tag, 0 when untagged */
};
_Static_assert(sizeof(struct xsw_fdb_key) == 8, "struct xsw_fdb_key layout");

#define XSW_FDB_STATIC 1	/* added by the operator: never ages, never relearned */
#define XSW_FDB_IOV    2	/* with STATIC, in xsw_fdb_static only: the MAC of a port
				   whose VF carries it, steered to the uplink (not saved) */

struct xsw_fdb_val {
	__u16 port;
	__u16 flags;		/* XSW_FDB_STATIC, XSW_FDB_IOV */
	__u32 seen;		/* xsw_fdb_tick() when learned or last refreshed; with
				   XSW_FDB_IOV, the port whose VF it is */
};
_Static_assert(sizeof(struct xsw_fdb_val) == 8, "struct xsw_fdb_val layout");

/* FDB time: ticks of 2^26 ns (about 67 ms) of CLOCK_MONOTONIC (coarse). 32
 * bits wrap after 9 years; a signed difference is an age up to 4.5 years
 * (an entry stamped "later" than now by more than a tick is expired). */
#define XSW_FDB_TICK_SHIFT 26
_Static_assert((XSW_AGEING_MAX * 1000000000ULL >> XSW_FDB_TICK_SHIFT) < (1ULL << 31),
	       "an age fits a signed 32-bit tick difference");

static inline __u32 xsw_fdb_tick(__u64 ns)
{
	return ns >> XSW_FDB_TICK_SHIFT;
}

/* Nanoseconds since an entry's @seen tick, at @now_ns; signed, as another CPU
 * may have stamped it a tick later */
static inline __s64 xsw_fdb_age(__u32 seen, __u64 now_ns)
{
	return (__s64)(__s32)(xsw_fdb_tick(now_ns) - seen) * (1LL << XSW_FDB_TICK_SHIFT);
}

/* xsw_fdb, the forwarding table: every learned entry and a cached copy of the
 * static ones, in an array of buckets of XSW_FDB_WAYS slots, each bucket one
 * cache line. A hash of (MAC, VLAN) keyed with the switch's
 * xsw_config.fdb_seed gives each key two buckets: it goes into its first
 * while that has an empty slot, else into its second (xsw_fdb_alt). So a
 * lookup reads one line for nearly every entry, and a table twice as large as
 * the MACs it holds keeps them all (with one bucket per key, one key in seven
 * would find its bucket full). Two full buckets make room by dropping their
 * oldest learned entry, as a hardware switch's MAC table does; static
 * entries live in xsw_fdb_static and are cached back on a miss.
 *
 * A writer claims a slot by swapping the key it saw for XSW_FDB_BUSY, writes
 * the value, then the key; a reader takes a slot whose key matches only if
 * the value it read carries the key's check bits, so a slot read while
 * another CPU rewrites it is a miss, never another entry's port
 * (bpf/lib/fdb.h has the whole protocol; ctl/lib/fdbtab.c follows it). */
#define XSW_FDB_WAYS	  4
#define XSW_FDB_VALID	  (1ULL << 63)		/* in every key: 0 is an empty slot */
#define XSW_FDB_BUSY	  1ULL			/* the key of a slot being written */
#define XSW_FDB_KEY_VLAN  0x1fffULL		/* VID | XSW_VID_TRANSPARENT */

struct xsw_fdb_slot {
	__u64 key;		/* xsw_fdb_slot_key() */
	__u64 val;		/* seen << 32 | check << 16 | flags << 12 | port */
};

struct xsw_fdb_bucket {
	struct xsw_fdb_slot slot[XSW_FDB_WAYS];
};
_Static_assert(sizeof(struct xsw_fdb_bucket) == 64, "an FDB bucket is a cache line");

/* xsw_fdb_known: per bucket of xsw_fdb, a fingerprint per slot of the source
 * the datapath last found there, known (bpf/lib/fdb.h); 0 for none. Only the
 * datapath reads and writes it. */
#define XSW_FDB_EPOCH_SHIFT 30	/* its epochs: 2^30 ns of the datapath's clock */

struct xsw_fdb_known {
	__u16 fp[XSW_FDB_WAYS];
};
_Static_assert(sizeof(struct xsw_fdb_known) == 8, "eight rows of xsw_fdb_known are a line");
_Static_assert(XSW_MAX_PORTS <= 4096, "a port index fits a slot's 12 bits");

static inline __u64 xsw_fdb_slot_key(const __u8 *mac, __u16 vlan)
{
	return XSW_FDB_VALID | (vlan & XSW_FDB_KEY_VLAN) << 48 | (__u64)mac[5] << 40 |
	       (__u64)mac[4] << 32 | (__u64)mac[3] << 24 | (__u64)mac[2] << 16 |
	       (__u64)mac[1] << 8 | mac[0];
}

/* The keyed hash of a slot key: the bucket is its low bits, the check its
 * top 16 (murmur3's finalizer). */
static inline __u64 xsw_fdb_hash(__u64 key, __u64 seed)
{
	__u64 h = key ^ seed;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

static inline __u64 xsw_fdb_check(__u64 hash)
{
	return hash >> 48;
}

/* A key's second bucket, before the mask: bits of its hash that neither its
 * first bucket (bits 0-21 at most) nor its check uses. */
static inline __u64 xsw_fdb_alt(__u64 hash)
{
	return hash >> 24;
}

static inline __u64 xsw_fdb_slot_val(__u32 port, __u32 flags, __u64 check, __u32 seen)
{
	return (__u64)seen << 32 | check << 16 | (flags & 0xf) << 12 | (port & 0xfff);
}

/* A slot's entry, if its value carries @check. */
static inline int xsw_fdb_slot_match(__u64 val, __u64 check)
{
	return ((val >> 16) & 0xffff) == check;
}

static inline struct xsw_fdb_val xsw_fdb_val_of(__u64 val)
{
	return (struct xsw_fdb_val){ .port = val & 0xfff, .flags = (val >> 12) & 0xf,
				     .seen = val >> 32 };
}

/* xsw_events (ring buffer): what the datapath did to the FDB, written only
 * where it writes the table anyway (a new MAC, a move, an aged entry a lookup
 * frees), never for a frame that only reads it. xswd reads it. */
enum xsw_event_type {
	XSW_EV_FDB_LEARNED = 1,
	XSW_EV_FDB_MOVED,
	XSW_EV_FDB_AGED,
};

struct xsw_fdb_event {
	__u64 key;		/* xsw_fdb_slot_key() of (MAC, VLAN) */
	__u16 port;		/* learned, moved: its port now; aged: the port it had */
	__u16 from;		/* moved: the port it left */
	__u8 type;		/* enum xsw_event_type */
	__u8 pad[3];
};
_Static_assert(sizeof(struct xsw_fdb_event) == 16, "struct xsw_fdb_event layout");
#define XSW_EVENTS_SIZE (256 * 1024)	/* bytes: 16 K events unread */

/* xsw_stats[index], per CPU: counters of one port. Ingress drops are counted
 * against the port the frame came in on (index 0 when that is unknown), egress
 * drops against the destination. */
struct xsw_port_stats {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 rx_broadcast;
	__u64 rx_multicast;
	__u64 rx_unknown;	/* unknown unicast, flooded */
	__u64 tx_packets;
	__u64 tx_bytes;
	__u64 drops[XSW_DROP_COUNTED];
};
_Static_assert(sizeof(struct xsw_port_stats) == 8 * (7 + XSW_DROP_COUNTED), "struct xsw_port_stats layout");

/* Port ACLs (Hyper-V Add-VMNetworkAdapterAcl). Direction is the VM's: "in"
 * is what the port receives, "out" what it sends; "local" is the VM's side of
 * the packet (destination in, source out), "remote" the other. */
#define XSW_ACL_MAX	 1024	/* rules per switch */
#define XSW_ACL_KEY_BITS 64	/* prefix bits of port, dir, side, pad in the trie key */

enum xsw_acl_dir { XSW_ACL_IN, XSW_ACL_OUT };
enum xsw_acl_side { XSW_ACL_LOCAL, XSW_ACL_REMOTE };
enum xsw_acl_action { XSW_ACL_NONE, XSW_ACL_ALLOW, XSW_ACL_DENY, XSW_ACL_METER };

/* xsw_acl_ip (LPM trie): IPv4 as ::ffff:a.b.c.d; prefixlen is
 * XSW_ACL_KEY_BITS + the address prefix */
struct xsw_acl_ip_key {
	__u32 prefixlen;
	__u32 port;
	__u8 dir;		/* enum xsw_acl_dir */
	__u8 side;		/* enum xsw_acl_side */
	__u8 pad[2];
	__u8 addr[16];
};
_Static_assert(sizeof(struct xsw_acl_ip_key) == 28, "struct xsw_acl_ip_key layout");

/* xsw_acl_mac (hash) */
struct xsw_acl_mac_key {
	__u32 port;
	__u8 dir;
	__u8 side;
	__u8 mac[6];
};
_Static_assert(sizeof(struct xsw_acl_mac_key) == 12, "struct xsw_acl_mac_key layout");

struct xsw_acl_val {
	__u32 rule;		/* index of its counters in xsw_acl_meter */
	__u8 action;		/* enum xsw_acl_action */
	__u8 plen;		/* address prefix length: the longest match wins */
	__u8 pad[2];
};
_Static_assert(sizeof(struct xsw_acl_val) == 8, "struct xsw_acl_val layout");

/* xsw_acl_meter[rule], per CPU: packets and bytes that matched it */
struct xsw_acl_meter {
	__u64 packets;
	__u64 bytes;
};

/* Capture (xswctl capture): the built-in capture extension copies the
 * packets asked for into a ring buffer. */
#define XSW_CAPTURE_SNAP_MAX 2048	/* bytes of a packet captured at most */
#define XSW_CAPTURE_RING     (4 << 20)

/* A ring record: this header, then caplen bytes of the packet. */
struct xsw_capture_hdr {
	__u64 ts_ns;		/* CLOCK_MONOTONIC */
	__u32 len;		/* bytes on the wire */
	__u32 caplen;
	__u32 port;		/* the port it came from (ingress) or goes to (egress) */
	__u32 dir;		/* enum xsw_dir */
};
_Static_assert(sizeof(struct xsw_capture_hdr) == 24, "struct xsw_capture_hdr layout");

#endif /* XSW_ABI_H */
