// SPDX-License-Identifier: GPL-2.0
/* The FDB's writers (bpf/lib/fdb.h) as global functions, linked into every
 * entry that uses them. The verifier checks a global function once, on its
 * own, instead of once for every path into it: inlined, the bucket walks of
 * learning and of caching a static entry cost more verification than the
 * rest of the pipeline, and took seconds of every switch add under
 * emulation. */
#include "lib/pipeline.h"

/* xsw_fdb_static_get for @mac_vlan (xsw_mac_vlan()): its port, or 0. */
__noinline int xsw_fdb_static_load(__u64 mac_vlan, __u64 now)
{
	__u8 mac[sizeof(__u64)];
	struct xsw_fdb_bucket *b, *alt;
	__u64 key, check;

	*(__u64 *)mac = mac_vlan;
	b = xsw_fdb_bucket(mac, mac_vlan >> 48, &key, &check, &alt);
	if (!b)
		return 0;
	return xsw_fdb_static_get(b, alt, mac, mac_vlan >> 48, key, check, now);
}

/* Learns the source of a frame from @port: its MAC in the low six bytes of
 * @smac_vlan, its VLAN in the top two (xsw_mac_vlan()). A port with a policy (@policy) may
 * have a learning limit. Returns 0. */
__noinline int xsw_fdb_learn_src(__u64 smac_vlan, __u32 port, __u32 policy, __u64 now,
				 __u64 ageing_ns)
{
	__u8 mac[sizeof(__u64)];
	__u32 limit = 0;

	*(__u64 *)mac = smac_vlan;
	if (policy) {
		struct xsw_policy *pol = bpf_map_lookup_elem(&xsw_policy, &port);

		limit = pol ? pol->learn_limit : 0;
	}
	xsw_fdb_learn(mac, smac_vlan >> 48, port, now, ageing_ns, limit);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
