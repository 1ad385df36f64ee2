// SPDX-License-Identifier: GPL-2.0
/* A port's MTU in the datapath (xsw_mtu, xsw_config.min_mtu): the smaller of
 * its device's and, for a veth, the VM's end, read when its NIC is created.
 * A frame larger than the MTU of the port it goes to is dropped (too_big),
 * rather than delivered into a VM that cannot take it. */
#include <string.h>
#include <bpf/libbpf.h>

#include "feature.h"
#include "mtu.h"

/* The switch's smallest port MTU, for the datapath's fast path. */
static int min_mtu_update(struct xsw_switch *sw)
{
	__u32 i, mtu, min = 0;

	for (i = 1; i <= sw->cfg.max_port && i < XSW_MAX_PORTS; i++)
		if (!bpf_map__lookup_elem(sw->skel->maps.xsw_mtu, &i, sizeof(i), &mtu, sizeof(mtu),
					  0) && mtu && (!min || mtu < min))
			min = mtu;
	sw->cfg.min_mtu = min > 0xffff ? 0xffff : min;
	return switch_config_write(sw);
}

static int mtu_put(struct xsw_switch *sw, __u32 index, __u32 mtu)
{
	return bpf_map__update_elem(sw->skel->maps.xsw_mtu, &index, sizeof(index), &mtu,
				    sizeof(mtu), 0) ?: min_mtu_update(sw);
}

/* The MTU of a port on device @l: the smaller of @l's and its veth peer's. */
static __u32 port_mtu_of(const struct nl_link *l)
{
	struct nl_link peer;

	if (!strcmp(l->kind, "veth") && l->peer_ifindex &&
	    !nl_link_get_index(l->peer_ifindex, l->peer_netnsid, &peer) && peer.mtu < l->mtu)
		return peer.mtu;
	return l->mtu;
}

int port_mtu_set(struct xsw_switch *sw, __u32 index, const struct nl_link *l)
{
	int err = mtu_put(sw, index, port_mtu_of(l));

	return err ? p_err(-err, "cannot record the MTU of \"%s\": %s", l->name,
			   xsw_strerror(err)) : 0;
}

static void mtu_nic_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	(void)p;
	mtu_put(sw, index, 0);
}

static void mtu_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		     json_object *o)
{
	__u32 mtu = 0;

	(void)p;
	bpf_map__lookup_elem(sw->skel->maps.xsw_mtu, &index, sizeof(index), &mtu, sizeof(mtu), 0);
	json_object_object_add(o, "mtu", mtu ? json_object_new_int64(mtu) : NULL);
}

const struct port_feature mtu_feature = {
	.name = "mtu", .nic_delete = mtu_nic_delete, .port_delete = mtu_nic_delete,
	.show = mtu_show,
};
