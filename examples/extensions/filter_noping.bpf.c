// SPDX-License-Identifier: GPL-2.0
/* A filter extension: VMs may not ping. Drops ICMPv4 and ICMPv6 echo
 * requests where they enter the switch; everything else passes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xsw/ext.h>

XSW_EXTENSION(XSW_EXT_FILTER);

XSW_INGRESS(noping)
{
	__u32 off = xsw_ext_l3_off(ctx);
	__u8 b[1];

	switch (xsw_ext_proto(ctx)) {
	case 0x0800:	/* IPv4: protocol at byte 9; header length in byte 0 */
		if (xsw_ext_load(ctx, off + 9, b, 1) || b[0] != 1)
			return XSW_PASS;
		if (xsw_ext_load(ctx, off, b, 1) ||
		    xsw_ext_load(ctx, off + (b[0] & 0xf) * 4, b, 1))
			return XSW_PASS;
		return b[0] == 8 ? XSW_DROP : XSW_PASS;
	case 0x86dd:	/* IPv6 without extension headers: next header 58 */
		if (xsw_ext_load(ctx, off + 6, b, 1) || b[0] != 58)
			return XSW_PASS;
		if (xsw_ext_load(ctx, off + 40, b, 1))
			return XSW_PASS;
		return b[0] == 128 ? XSW_DROP : XSW_PASS;
	}
	return XSW_PASS;
}

char LICENSE[] SEC("license") = "GPL";
