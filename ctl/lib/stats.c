// SPDX-License-Identifier: GPL-2.0
/* Per-port counters and drops by reason. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "feature.h"
#include "stats.h"
#include "util.h"

static const char *const drop_names[] = {
	[XSW_DROP_NONE]			= "none",
	[XSW_DROP_MALFORMED]		= "malformed",
	[XSW_DROP_BAD_SRC_MAC]		= "bad_src_mac",
	[XSW_DROP_UNKNOWN_PORT]		= "unknown_port",
	[XSW_DROP_NIC_NOT_CONNECTED]	= "nic_not_connected",
	[XSW_DROP_DST_NOT_CONNECTED]	= "dst_not_connected",
	[XSW_DROP_SAME_PORT]		= "same_port",
	[XSW_DROP_REDIRECT]		= "redirect_failed",
	[XSW_DROP_MISSED_TAIL_CALL]	= "missed_tail_call",
	[XSW_DROP_EXT]			= "extension",
	[XSW_DROP_ACL]			= "acl",
	[XSW_DROP_NO_DEST]		= "no_destination",
	[XSW_DROP_HOST]			= "host_traffic",
	[XSW_DROP_DHCP_GUARD]		= "dhcp_guard",
	[XSW_DROP_ROUTER_GUARD]		= "router_guard",
	[XSW_DROP_STORM]		= "storm_limit",
	[XSW_DROP_MAC_SPOOFED]		= "mac_spoofed",
	[XSW_DROP_VLAN]			= "vlan",
	[XSW_DROP_IP_SPOOFED]		= "ip_spoofed",
	[XSW_DROP_TOO_BIG]		= "too_big",
	[XSW_DROP_DST_DOWN]		= "dst_down",
};
_Static_assert(ARRAY_SIZE(drop_names) == XSW_DROP__MAX, "drop reason names");

int stats_read(struct xsw_switch *sw, __u32 index, struct xsw_port_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus(), cpu, i, err;
	struct xsw_port_stats *s;

	if (ncpu < 0)
		return ncpu;
	s = calloc(ncpu, sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = bpf_map__lookup_elem(sw->skel->maps.xsw_stats, &index, sizeof(index), s,
				   ncpu * sizeof(*s), 0);
	memset(sum, 0, sizeof(*sum));
	for (cpu = 0; !err && cpu < ncpu; cpu++) {
		sum->rx_packets += s[cpu].rx_packets;
		sum->rx_bytes += s[cpu].rx_bytes;
		sum->rx_broadcast += s[cpu].rx_broadcast;
		sum->rx_multicast += s[cpu].rx_multicast;
		sum->rx_unknown += s[cpu].rx_unknown;
		sum->tx_packets += s[cpu].tx_packets;
		sum->tx_bytes += s[cpu].tx_bytes;
		for (i = 0; i < XSW_DROP_COUNTED; i++)
			sum->drops[i] += s[cpu].drops[i];
	}
	free(s);
	return err;
}

int stats_clear(struct xsw_switch *sw, __u32 index)
{
	int ncpu = libbpf_num_possible_cpus(), err;
	struct xsw_port_stats *s;

	if (ncpu < 0)
		return ncpu;
	s = calloc(ncpu, sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = bpf_map__update_elem(sw->skel->maps.xsw_stats, &index, sizeof(index), s,
				   ncpu * sizeof(*s), 0);
	free(s);
	return err;
}

json_object *stats_json(const struct xsw_port_stats *s)
{
	json_object *o = json_object_new_object(), *d = json_object_new_object();
	int i;

	json_object_object_add(o, "rx_packets", json_object_new_int64(s->rx_packets));
	json_object_object_add(o, "rx_bytes", json_object_new_int64(s->rx_bytes));
	json_object_object_add(o, "rx_broadcast", json_object_new_int64(s->rx_broadcast));
	json_object_object_add(o, "rx_multicast", json_object_new_int64(s->rx_multicast));
	json_object_object_add(o, "rx_unknown_unicast", json_object_new_int64(s->rx_unknown));
	json_object_object_add(o, "tx_packets", json_object_new_int64(s->tx_packets));
	json_object_object_add(o, "tx_bytes", json_object_new_int64(s->tx_bytes));
	for (i = 1; i < XSW_DROP_COUNTED; i++)
		json_object_object_add(d, drop_names[i], json_object_new_int64(s->drops[i]));
	json_object_object_add(o, "drops", d);
	return o;
}

int xsw_stats_show(const struct xsw_stats_args *a, json_object **out)
{
	json_object *arr, *o;
	struct xsw_port_stats s;
	struct xsw_switch sw;
	struct xsw_port p;
	__u32 i;
	int err, d;

	*out = NULL;
	err = switch_open_port(a->sw, a->port, &sw, &p);
	if (err < 0)
		return err;
	arr = json_object_new_array();
	for (i = 0; i <= sw.cfg.max_port; i++) {
		if (port_get(&sw, i, &p) || stats_read(&sw, i, &s))
			continue;
		if (i == 0) {
			/* drops of frames from no known port are kept at index 0 */
			for (d = 1; d < XSW_DROP_COUNTED && !s.drops[d]; d++)
				;
			if (d == XSW_DROP_COUNTED || a->port)
				continue;
		} else if (p.state == XSW_PORT_FREE || (a->port && strcmp(a->port, p.name))) {
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "switch", json_object_new_string(sw.name));
		json_object_object_add(o, "port", i ? json_object_new_string(p.name) : NULL);
		json_object_object_add(o, "stats", stats_json(&s));
		json_object_array_add(arr, o);
	}
	switch_close(&sw);
	*out = arr;
	return 0;
}

static void stats_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	(void)p;
	stats_clear(sw, index);
}

static void stats_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		       json_object *o)
{
	struct xsw_port_stats s;

	(void)p;
	json_object_object_add(o, "stats", stats_read(sw, index, &s) ? NULL : stats_json(&s));
}

const struct port_feature stats_feature = {
	.name = "stats", .port_delete = stats_port_delete, .show = stats_show,
};
