// SPDX-License-Identifier: GPL-2.0
/* A filter extension stage for the benchmarks: passes every frame after
 * STAGE_WORK rounds of arithmetic on its first bytes (0: an empty stage,
 * what a chain costs by itself; more: a costly pipeline). */
#include "vmlinux.h"
#include <xsw/ext.h>

#ifndef STAGE_WORK
#define STAGE_WORK 0
#endif

XSW_EXTENSION(XSW_EXT_FILTER);

XSW_INGRESS(stage)
{
	__u32 h = ctx->pkt->len, i;
	__u8 *p = ctx->data;

	if ((void *)(p + 14) <= ctx->data_end)
		h ^= p[5] | p[11] << 8;
	for (i = 0; i < STAGE_WORK; i++) {
		h = (h ^ (h >> 7)) * 0x9e3779b1 + i;
		asm volatile("" : "+r"(h));	/* no folding the loop away */
	}
	return h == 0x78737721 && STAGE_WORK == 1 ? XSW_DROP : XSW_PASS;
}

char LICENSE[] SEC("license") = "GPL";
