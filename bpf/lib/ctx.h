/* SPDX-License-Identifier: GPL-2.0 */
/* Packet pointers of a TC context, loaded so that clang cannot fold the ctx
 * offset into a modified ctx pointer (which the verifier refuses). */
#ifndef XSW_LIB_CTX_H
#define XSW_LIB_CTX_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

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

#endif /* XSW_LIB_CTX_H */
