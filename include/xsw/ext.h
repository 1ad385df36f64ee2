/* SPDX-License-Identifier: GPL-2.0 */
/* The xsw extension SDK: the one header an extension is built against.
 *
 * An extension is a BPF object of one kind (capture, filter or forward, as in
 * Hyper-V) with an ingress entry, an egress entry or both:
 *
 *	#include "vmlinux.h"		(or <linux/bpf.h>)
 *	#include <xsw/ext.h>
 *
 *	XSW_EXTENSION(XSW_EXT_FILTER);
 *
 *	XSW_INGRESS(drop_ipv6)
 *	{
 *		return xsw_ext_proto(ctx) == 0x86dd ? XSW_DROP : XSW_PASS;
 *	}
 *
 * Each entry is built for XDP and for TC, and an ingress entry also for the
 * cpumap program that finishes a frame's pipeline on its VMQ CPU. xswctl loads the object into one
 * switch (`xswctl ext attach`), refusing an object built against another
 * XSW_EXT_ABI_VERSION or declaring another kind, and places the entries in the
 * switch's chains:
 *
 *	ingress: capture... -> filter... -> built-in policy -> forward -> deliver
 *	egress:  forward -> built-in policy -> filter... -> capture... -> transmit
 *
 * once per packet on ingress, once per destination on egress. What a verdict
 * may do depends on the kind (Hyper-V's capability matrix):
 *	capture: observes; its verdict and any change to the context are ignored
 *	filter:  XSW_DROP drops the packet on ingress, excludes this one
 *		 destination on egress
 *	forward: on ingress chooses the destinations (xsw_fwd_unicast,
 *		 xsw_fwd_flood; none chosen drops the packet); on egress as filter
 * Extensions must not change packet data.
 */
#ifndef XSW_EXT_H
#define XSW_EXT_H

#include "xsw/abi.h"

/* Bumped whenever anything below that an extension object compiles in
 * changes: the context, the maps it shares with the switch, the entry
 * protocol. xswctl refuses objects of another version. */
#define XSW_EXT_ABI_VERSION 4

enum xsw_ext_kind {
	XSW_EXT_CAPTURE,
	XSW_EXT_FILTER,
	XSW_EXT_FORWARD,
	XSW_EXT_KIND__MAX,
};

enum xsw_dir {
	XSW_DIR_INGRESS,	/* once per packet, from its source port */
	XSW_DIR_EGRESS,		/* once per destination port */
	XSW_DIR__MAX,
};

_Static_assert(XSW_DIR__MAX == sizeof(((struct xsw_chain *)0)->dir) / sizeof(__u32),
	       "struct xsw_chain (xsw/abi.h) has a chain per direction");

enum xsw_verdict {
	XSW_PASS,
	XSW_DROP,
};

#define XSW_EXT_MAX	 16	/* extensions per switch, built-in ones included */
_Static_assert((XSW_EXT_MAX & (XSW_EXT_MAX - 1)) == 0, "an id is masked into range");

/* A chain (hook x direction) is a list of tail-call links in two banks. The
 * switch's head prog array (maps/xsw_maps.h) holds in slot b the first stage
 * of bank b; each entry of an extension object has its own link array
 * (xsw_next_<entry>) whose slot b holds what follows it in bank b: the next
 * stage, or the built-in end (deliver on ingress, transmit on egress). Every
 * link is a tail call with a constant slot, which the JIT turns into a direct
 * jump rather than an indirect one through a retpoline. xswctl writes a new
 * chain into the idle bank, then flips xsw_chain: a packet finishes in the
 * bank it started in. */
#define XSW_CHAIN_BANKS 2

/* The packet's facts, carried from stage to stage of a chain. */
struct xsw_pkt {
	__u32 src_port;		/* index of the port it came in on; 0 = from the switch itself */
	__u32 dst_port;		/* ingress: the unicast destination once forwarded;
				   egress: the destination this copy goes to */
	__u32 len;		/* bytes */
	__u32 src_ifindex;	/* device of the source port */
	__u16 vlan;		/* ingress: the VLAN the switch forwards it in (VID, 0 for
				   none, | XSW_VID_TRANSPARENT: a tag an untagged port sent);
				   egress: the VID of the tag it leaves with, 0 for none */
	__u8 flags;		/* XSW_PKT_* */
	__u8 src_nic;		/* enum xsw_nic_type of the source port */
	__u8 bank;		/* the chain bank it runs in: the switch's, do not touch */
	__u8 pad;
	__u16 pvlan;		/* private VLAN of the source: enum xsw_pvlan << 12 | secondary VID */
} __attribute__((aligned(8)));	/* copied in three 8-byte moves */
_Static_assert(sizeof(struct xsw_pkt) == 24, "struct xsw_pkt layout");

#define XSW_PKT_FLOOD	  (1 << 0)	/* to every connected port but the source */
#define XSW_PKT_FORWARDED (1 << 1)	/* a forwarding extension chose the destinations */
#define XSW_PKT_MIRROR	  (1 << 2)	/* egress: a copy for a mirror destination port */

/* xsw_scratch[dir], per CPU: the running packet's facts, and the counters
 * of every extension's stage of that direction, kept where the packet is
 * already at hand so that counting costs a stage no lookup. */
struct xsw_scratch {
	struct xsw_pkt pkt;		/* first: a stage's pkt is its scratch */
	__u64 packets[XSW_EXT_MAX];	/* by extension id */
	__u64 drops[XSW_EXT_MAX];
};

/* An extension's counters, summed over CPUs; xsw_ext_base[id] holds them as
 * they were when the extension took id (xswctl's, not the datapath's). */
struct xsw_ext_stats {
	__u64 packets[XSW_DIR__MAX];
	__u64 drops[XSW_DIR__MAX];
};

/* xsw_exts[id]: the switch's extension table, kept by xswctl */
enum xsw_ext_state {
	XSW_EXT_FREE,
	XSW_EXT_DISABLED,	/* attached, not in the chains */
	XSW_EXT_ENABLED,
};

#define XSW_EXT_BUILTIN 1	/* flags: shipped with xsw (capture, acl) */
#define XSW_EXT_POLICY	2	/* flags: runs in the built-in policy's place (acl) */
#define XSW_EXT_NO_VLAN	4	/* flags: a forwarding extension without XSW_EXT_CAP_VLAN */

struct xsw_ext_rec {
	char name[XSW_NAME_LEN];
	__u8 kind;		/* enum xsw_ext_kind */
	__u8 state;		/* enum xsw_ext_state */
	__u8 dirs;		/* 1 << enum xsw_dir for each entry the object has */
	__u8 flags;		/* XSW_EXT_BUILTIN */
	__s32 prio;		/* order within the kind: lower first */
	__u64 seq;		/* attach order: among equal prio, the latest first */
};
_Static_assert(sizeof(struct xsw_ext_rec) == 32, "struct xsw_ext_rec layout");

/* The object file an extension was loaded from (xswctl's, for save). */
#define XSW_PATH_LEN 256
struct xsw_ext_path {
	char path[XSW_PATH_LEN];
};

/* What an extension object declares about itself (section .rodata.xsw);
 * xswctl reads abi and kind and sets id before loading. */
struct xsw_ext_info {
	__u32 abi;
	__u32 kind;		/* enum xsw_ext_kind */
	__u32 id;		/* slot in the switch's extension table */
	__u32 caps;		/* XSW_EXT_CAP_* */
};

/* What an extension declares it handles (Hyper-V's capabilities). A
 * forwarding extension without XSW_EXT_CAP_VLAN chooses destinations without
 * regard to VLANs: xswctl refuses it on a switch with VLAN settings, and
 * VLAN settings while it is attached. */
#define XSW_EXT_CAP_VLAN 1

/* Where a chain runs: one prog array per hook and direction. */
enum xsw_hook {
	XSW_HOOK_XDP,
	XSW_HOOK_TC,
	XSW_HOOK_CPU,		/* XDP, on the CPU VMQ steered the frame to */
};

#ifdef __bpf__
#include <bpf/bpf_helpers.h>

#ifndef TC_ACT_OK
#define TC_ACT_OK	0
#define TC_ACT_SHOT	2
#endif

/* The switch's maps an extension shares: xswctl hands the object the
 * switch's own, by name. */

/* port index -> port: the facts an extension may read (xsw_ext_port) */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xsw_port);
} xsw_ports __weak SEC(".maps");

/* port index -> per-CPU counters (drops by reason) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xsw_port_stats);
} xsw_stats __weak SEC(".maps");

/* direction -> the running packet and the stage counters, per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSW_DIR__MAX);
	__type(key, __u32);
	__type(value, struct xsw_scratch);
} xsw_scratch __weak SEC(".maps");

/* bank -> the program a chain goes on with: a prog array holds programs of
 * one type and attach type, so there is one per hook and direction */
#define XSW_CHAIN_LINKS(name)						\
	struct {							\
		__uint(type, BPF_MAP_TYPE_PROG_ARRAY);			\
		__uint(max_entries, XSW_CHAIN_BANKS);			\
		__type(key, __u32);					\
		__type(value, __u32);					\
	} name SEC(".maps")

/* What an entry function gets. */
struct xsw_ext_ctx {
	void *data;		/* the frame, from its Ethernet header */
	void *data_end;
	void *prog_ctx;		/* struct xdp_md * or struct __sk_buff * */
	struct xsw_pkt *pkt;
	__u32 dir;		/* enum xsw_dir */
	__u32 hook;		/* enum xsw_hook */
	__u32 drop_reason;	/* enum xsw_drop_reason a drop is counted as */
};

/* Packet pointers of a TC context, loaded so that clang cannot fold the ctx
 * offset into a modified ctx pointer (which the verifier refuses). */
#define XSW_CTX_LOAD(ctx, field)						\
	({									\
		void *__p;							\
		asm volatile("%0 = *(u32 *)(%1 + %2)"				\
			     : "=r"(__p)					\
			     : "r"(ctx), "i"(__builtin_offsetof(typeof(*ctx), field))); \
		__p;								\
	})

static __always_inline void *skb_data(struct __sk_buff *skb)
{
	return XSW_CTX_LOAD(skb, data);
}

static __always_inline void *skb_data_end(struct __sk_buff *skb)
{
	return XSW_CTX_LOAD(skb, data_end);
}

static __always_inline struct xsw_pkt *xsw_pkt_get(__u32 dir)
{
	return bpf_map_lookup_elem(&xsw_scratch, &dir);
}

static __always_inline void xsw_ext_count_drop(__u32 port, __u32 reason)
{
	struct xsw_port_stats *s = bpf_map_lookup_elem(&xsw_stats, &port);

	if (s && reason < XSW_DROP_COUNTED)
		s->drops[reason]++;
}

/* The verdict that drops in @hook: XDP_DROP, TC_ACT_SHOT. */
static __always_inline int xsw_hook_drop(__u32 hook)
{
	return hook == XSW_HOOK_TC ? TC_ACT_SHOT : XDP_DROP;
}

/* Follows link @bank of @links, the packet's next stage. Each slot has a
 * call of its own with a constant slot (bpf_tail_call_static), so that the
 * JIT emits direct jumps; @links must be a constant where this is inlined.
 * Returns only when that slot is empty, with the dropping verdict, counted. */
static __always_inline int xsw_chain_next(void *prog_ctx, __u32 hook, __u32 dir,
					  struct xsw_pkt *pkt, void *links)
{
	if (pkt->bank)
		bpf_tail_call_static(prog_ctx, links, 1);
	else
		bpf_tail_call_static(prog_ctx, links, 0);
	xsw_ext_count_drop(dir == XSW_DIR_INGRESS ? pkt->src_port : pkt->dst_port,
			   XSW_DROP_MISSED_TAIL_CALL);
	return xsw_hook_drop(hook);
}

/* Helpers for entry functions. */

/* Port facts of port @index (name, state, NIC type, device), or NULL. */
static __always_inline const struct xsw_port *xsw_ext_port(__u32 index)
{
	return bpf_map_lookup_elem(&xsw_ports, &index);
}

/* Copies @len bytes at @off of the frame into @buf; 0 or a negative errno.
 * Works past the linear part of a TC packet. */
static __always_inline long xsw_ext_load(struct xsw_ext_ctx *ctx, __u32 off, void *buf,
					 __u32 len)
{
	if (ctx->hook == XSW_HOOK_TC)
		return bpf_skb_load_bytes(ctx->prog_ctx, off, buf, len);
	return bpf_xdp_load_bytes(ctx->prog_ctx, off, buf, len);
}

/* EtherType after the Ethernet header and an 802.1Q tag, host order; 0 when
 * the frame is too short. */
static __always_inline __u16 xsw_ext_proto(struct xsw_ext_ctx *ctx)
{
	__u8 *p = ctx->data;
	__u16 proto;

	if ((void *)(p + 18) > ctx->data_end)
		return 0;
	proto = p[12] << 8 | p[13];
	if (proto == 0x8100 || proto == 0x88a8)
		proto = p[16] << 8 | p[17];
	return proto;
}

/* Offset of the L3 header: 14, or 18 after an 802.1Q tag in the frame. */
static __always_inline __u32 xsw_ext_l3_off(struct xsw_ext_ctx *ctx)
{
	__u8 *p = ctx->data;

	if ((void *)(p + 14) > ctx->data_end)
		return 14;
	return (p[12] == 0x81 && p[13] == 0x00) || (p[12] == 0x88 && p[13] == 0xa8) ? 18 : 14;
}

/* Forwarding extensions, on ingress: the destinations. */
static __always_inline void xsw_fwd_unicast(struct xsw_ext_ctx *ctx, __u32 port)
{
	ctx->pkt->dst_port = port;
	ctx->pkt->flags &= ~XSW_PKT_FLOOD;
}

static __always_inline void xsw_fwd_flood(struct xsw_ext_ctx *ctx)
{
	ctx->pkt->dst_port = 0;
	ctx->pkt->flags |= XSW_PKT_FLOOD;
}

/* The entry protocol, shared by every stage program. */

extern const volatile struct xsw_ext_info xsw_ext_info SEC(".rodata.xsw");

static __always_inline int xsw_ext_enter(struct xsw_ext_ctx *c, void *prog_ctx, __u32 hook,
					 __u32 dir, void *data, void *data_end)
{
	c->data = data;
	c->data_end = data_end;
	c->prog_ctx = prog_ctx;
	c->dir = dir;
	c->hook = hook;
	c->drop_reason = XSW_DROP_EXT;
	c->pkt = xsw_pkt_get(dir);
	return c->pkt ? 0 : -1;
}

/* Applies @verdict as the extension's kind allows, counts it and follows
 * the entry's link to the next stage. The switch's facts of the packet are
 * restored but for what the kind may change. */
static __always_inline int xsw_ext_leave(struct xsw_ext_ctx *c, const struct xsw_pkt *saved,
					 int verdict, void *links)
{
	__u32 id = xsw_ext_info.id, kind = xsw_ext_info.kind, dir = c->dir;
	struct xsw_pkt *pkt = c->pkt;
	struct xsw_scratch *sc = (struct xsw_scratch *)pkt;
	__u32 reason = c->drop_reason;

	if (kind == XSW_EXT_FORWARD && dir == XSW_DIR_INGRESS) {
		__u32 dst = pkt->dst_port;
		__u8 flood = pkt->flags & XSW_PKT_FLOOD;

		*pkt = *saved;
		pkt->dst_port = dst;
		pkt->flags |= flood | XSW_PKT_FORWARDED;
		if (verdict == XSW_PASS && !dst && !flood) {
			verdict = XSW_DROP;
			reason = XSW_DROP_NO_DEST;
		}
	} else {
		*pkt = *saved;
	}
	if (kind == XSW_EXT_CAPTURE)
		verdict = XSW_PASS;
	id &= XSW_EXT_MAX - 1;
	sc->packets[id]++;
	if (verdict != XSW_PASS) {
		sc->drops[id]++;
		xsw_ext_count_drop(dir == XSW_DIR_INGRESS ? pkt->src_port : pkt->dst_port, reason);
		return xsw_hook_drop(c->hook);
	}
	return xsw_chain_next(c->prog_ctx, c->hook, dir, pkt, links);
}

/* Entry fn##_<entry> and its links, xsw_next_<entry>: the object's own map,
 * which xswctl pins beside the entry. */
#define __XSW_ENTRY(fn, entry, sec, ctx_type, hook, dir, data, data_end)	\
	XSW_CHAIN_LINKS(xsw_next_##entry);					\
	SEC(sec) int fn##_##entry(ctx_type *prog_ctx)				\
	{									\
		struct xsw_ext_ctx c;						\
		struct xsw_pkt saved;						\
										\
		if (xsw_ext_enter(&c, prog_ctx, hook, dir, data, data_end))	\
			return xsw_hook_drop(hook);				\
		saved = *c.pkt;							\
		return xsw_ext_leave(&c, &saved, fn(&c), &xsw_next_##entry);	\
	}

#define __XSW_XDP_ENTRY(fn, entry, sec, hook, dir)				\
	__XSW_ENTRY(fn, entry, sec, struct xdp_md, hook, dir,			\
		    (void *)(long)prog_ctx->data, (void *)(long)prog_ctx->data_end)
#define __XSW_TC_ENTRY(fn, entry, dir)						\
	__XSW_ENTRY(fn, entry, "tc", struct __sk_buff, XSW_HOOK_TC, dir,	\
		    skb_data(prog_ctx), skb_data_end(prog_ctx))

/* Declares the object an extension of @kind (enum xsw_ext_kind). Once per
 * object. */
#define XSW_EXTENSION(kind_) XSW_EXTENSION_CAPS(kind_, 0)
/* ... that handles what @caps_ (XSW_EXT_CAP_*) declares. */
#define XSW_EXTENSION_CAPS(kind_, caps_)					\
	const volatile struct xsw_ext_info xsw_ext_info SEC(".rodata.xsw") = { \
		.abi = XSW_EXT_ABI_VERSION, .kind = (kind_), .caps = (caps_) }

/* Declare an ingress or egress entry: int fn(struct xsw_ext_ctx *ctx), which
 * returns an enum xsw_verdict. */
#define XSW_INGRESS(fn)								\
	static __always_inline int fn(struct xsw_ext_ctx *ctx);			\
	__XSW_XDP_ENTRY(fn, xdp_in, "xdp", XSW_HOOK_XDP, XSW_DIR_INGRESS)	\
	__XSW_XDP_ENTRY(fn, cpu_in, "xdp/cpumap", XSW_HOOK_CPU, XSW_DIR_INGRESS) \
	__XSW_TC_ENTRY(fn, tc_in, XSW_DIR_INGRESS)				\
	static __always_inline int fn(struct xsw_ext_ctx *ctx)
#define XSW_EGRESS(fn)								\
	static __always_inline int fn(struct xsw_ext_ctx *ctx);			\
	__XSW_XDP_ENTRY(fn, xdp_eg, "xdp/devmap", XSW_HOOK_XDP, XSW_DIR_EGRESS) \
	__XSW_TC_ENTRY(fn, tc_eg, XSW_DIR_EGRESS)				\
	static __always_inline int fn(struct xsw_ext_ctx *ctx)

#endif /* __bpf__ */
#endif /* XSW_EXT_H */
