// SPDX-License-Identifier: GPL-2.0
/* A test extension, built once per kind (-DTEST_CAPTURE, -DTEST_FILTER,
 * -DTEST_FORWARD) and once with a wrong ABI version (-DTEST_BADABI). Its
 * knobs are set before load. On ingress it appends its tag to a trace in the
 * frame's payload, so the frame that comes out shows the order the stages
 * ran in; then it returns its verdict (a forwarder first picks fwd_port, or
 * floods when it is 0). On egress it excludes destination exclude_port. */
#include "vmlinux.h"
#include "xsw/ext.h"

#define TRACE_OFF 20	/* payload bytes after the 14-byte header: zeroes to fill */
#define TRACE_MAX 8

#if defined(TEST_CAPTURE)
XSW_EXTENSION(XSW_EXT_CAPTURE);
#elif defined(TEST_FORWARD)
XSW_EXTENSION(XSW_EXT_FORWARD);
#elif defined(TEST_BADABI)
const volatile struct xsw_ext_info xsw_ext_info SEC(".rodata.xsw") = {
	.abi = XSW_EXT_ABI_VERSION + 1, .kind = XSW_EXT_FILTER,
};
#else
XSW_EXTENSION(XSW_EXT_FILTER);
#endif

/* the knobs, the object's whole .rodata */
const volatile struct {
	__u8 tag;
	__u8 pad[3];
	__u32 verdict;
	__u32 fwd_port;
	__u32 exclude_port;
} knobs = { .tag = '?', .verdict = XSW_PASS };

XSW_INGRESS(t_in)
{
	__u8 *p = ctx->data;
	int i;

	for (i = 0; i < TRACE_MAX; i++) {
		if ((void *)(p + TRACE_OFF + i + 1) > ctx->data_end)
			break;
		if (!p[TRACE_OFF + i]) {
			p[TRACE_OFF + i] = knobs.tag;
			break;
		}
	}
	if (xsw_ext_info.kind == XSW_EXT_FORWARD) {
		if (knobs.fwd_port)
			xsw_fwd_unicast(ctx, knobs.fwd_port);
		else
			xsw_fwd_flood(ctx);
	}
	return knobs.verdict;
}

XSW_EGRESS(t_eg)
{
	return ctx->pkt->dst_port == knobs.exclude_port ? XSW_DROP : XSW_PASS;
}

char LICENSE[] SEC("license") = "GPL";
