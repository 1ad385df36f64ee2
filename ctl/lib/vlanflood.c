// SPDX-License-Identifier: GPL-2.0
/* Each VLAN's flood set: xsw_vlan_flood[VID] is a devmap of the connected
 * ports that may take a frame of that VLAN, so that the XDP flood of a VLAN
 * frame is cloned to them only rather than to every port (bpf/xdp_rx.bpf.c).
 * The devmap program still checks every copy, so a set may hold more ports
 * than take the frame, never fewer: a private VLAN's set holds every trunk. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "policy.h"
#include "util.h"
#include "vlanflood.h"

#define WORDS (XSW_MAX_PORTS / 64)

struct members {
	__u64 ports[XSW_VID_MAX + 1][WORDS];	/* VID -> port bits */
	__u16 count[XSW_VID_MAX + 1];		/* ... how many */
	__u64 local[XSW_VID_MAX / 64 + 1];	/* VIDs of an access or private port */
};

static bool has(const __u64 *bits, __u32 n)
{
	return bits_has((const uint64_t *)bits, n);
}

static void add(struct members *m, __u16 vid, __u32 port)
{
	if (!vid || vid > XSW_VID_MAX || port >= XSW_MAX_PORTS || has(m->ports[vid], port))
		return;
	m->ports[vid][port / 64] |= 1ULL << (port % 64);
	m->count[vid]++;
}

/* Who may take what: returns whether any port has VLAN settings. */
static bool members_of(struct xsw_switch *sw, struct members *m)
{
	__u64 trunks[WORDS] = {}, primaries[XSW_VID_MAX / 64 + 1] = {};
	struct xsw_policy pol;
	struct xsw_port p;
	bool used = false;
	__u32 i, vid;

	for (i = 1; i <= sw->cfg.max_port && i < XSW_MAX_PORTS; i++) {
		if (port_get(sw, i, &p) || p.state != XSW_PORT_NIC_CONNECTED || !p.policy ||
		    policy_get(sw, i, &pol) || pol.vlan_mode == XSW_VLAN_UNTAGGED)
			continue;
		used = true;
		add(m, pol.pvid, i);
		if (pol.vlan_mode != XSW_VLAN_TRUNK)
			m->local[pol.pvid / 64] |= 1ULL << (pol.pvid % 64);
		if (pol.vlan_mode == XSW_VLAN_PRIVATE)
			primaries[pol.pvid / 64] |= 1ULL << (pol.pvid % 64);
		if (pol.vlan_mode != XSW_VLAN_TRUNK)
			continue;
		trunks[i / 64] |= 1ULL << (i % 64);
		for (vid = 1; vid <= XSW_VID_MAX; vid++)
			if (has(pol.allowed, vid) && !has(pol.pruned, vid))
				add(m, vid, i);
	}
	/* a private VLAN's frames leave a trunk in its primary or a secondary */
	for (vid = 1; vid <= XSW_VID_MAX; vid++) {
		if (!has(primaries, vid))
			continue;
		m->count[vid] = 0;
		for (i = 0; i < WORDS; i++) {
			m->ports[vid][i] |= trunks[i];
			m->count[vid] += __builtin_popcountll(m->ports[vid][i]);
		}
	}
	return used;
}

/* A VLAN gets a set when a VM port is in it (a VLAN only trunks carry, as an
 * uplink carries thousands, floods to every port) and the set can hold it. */
static bool wants_set(const struct members *m, __u32 vid)
{
	return has(m->local, vid) && m->count[vid] <= XSW_VLAN_SET_PORTS;
}

/* Makes the devmap @fd hold exactly the ports of @want. */
static int set_ports(struct xsw_switch *sw, int fd, const __u64 *want, int prog)
{
	struct bpf_devmap_val tx = { .bpf_prog.fd = prog };
	struct xsw_port p;
	__u32 i;

	for (i = 1; i <= sw->cfg.max_port && i < XSW_MAX_PORTS; i++) {
		if (!has(want, i)) {
			bpf_map_delete_elem(fd, &i);
			continue;
		}
		if (port_get(sw, i, &p))
			return -EIO;
		tx.ifindex = p.ifindex;
		if (bpf_map_update_elem(fd, &i, &tx, 0))
			return -errno;
	}
	return 0;
}

static int sync_vid(struct xsw_switch *sw, int outer, __u32 vid, const __u64 *want, bool set,
		    int prog)
{
	__u32 id;
	int fd = -1, err;

	if (!bpf_map_lookup_elem(outer, &vid, &id))
		fd = bpf_map_get_fd_by_id(id);
	if (!set) {
		if (fd >= 0)
			close(fd);
		return fd >= 0 && bpf_map_delete_elem(outer, &vid) ? -errno : 0;
	}
	if (fd < 0) {
		fd = bpf_map_create(BPF_MAP_TYPE_DEVMAP_HASH, "xsw_vlan_ports", sizeof(__u32),
				    sizeof(struct bpf_devmap_val), XSW_VLAN_SET_PORTS, NULL);
		if (fd < 0)
			return -errno;
	}
	/* a new set is filled before it goes in place; a set that changes may
	 * miss a copy while it does, never carry one outside its VLAN */
	err = set_ports(sw, fd, want, prog);
	if (!err && bpf_map_update_elem(outer, &vid, &fd, 0))
		err = -errno;
	close(fd);
	return err;
}

int vlan_flood_port(struct xsw_switch *sw, __u32 index)
{
	struct xsw_policy pol;
	struct xsw_port p;

	if (!sw->cfg.vlan_floods &&
	    (port_get(sw, index, &p) || !p.policy || policy_get(sw, index, &pol) ||
	     pol.vlan_mode == XSW_VLAN_UNTAGGED))
		return 0;
	return vlan_flood_sync(sw);
}

int vlan_flood_sync(struct xsw_switch *sw)
{
	struct members *m = calloc(1, sizeof(*m));
	int outer = bpf_map__fd(sw->skel->maps.xsw_vlan_flood), prog = -1, err = 0;
	bool used;
	__u32 vid;

	if (!m)
		return p_err(ENOMEM, "out of memory");
	used = members_of(sw, m);
	if (!used && !sw->cfg.vlan_floods)
		goto out;
	prog = switch_prog_fd(sw, sw->skel->progs.xsw_xdp_tx);
	if (prog < 0) {
		err = prog;
		goto out;
	}
	for (vid = 1; vid <= XSW_VID_MAX && !err; vid++)
		err = sync_vid(sw, outer, vid, m->ports[vid], wants_set(m, vid), prog);
	close(prog);
	if (!err && sw->cfg.vlan_floods != used) {
		sw->cfg.vlan_floods = used;
		err = switch_config_write(sw);
	}
	if (err)
		p_err(-err, "cannot update the flood sets of the VLANs of switch \"%s\": %s", sw->name,
		      xsw_strerror(err));
out:
	free(m);
	return err;
}
