// SPDX-License-Identifier: GPL-2.0
/* Port policies: what a port may send (xsw_policy). The datapath reads a
 * port's entry only while its xsw_port.policy is set, so a port without a
 * policy pays nothing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ext.h"
#include "fdb.h"
#include "iov.h"
#include "feature.h"
#include "ips.h"
#include "policy.h"
#include "port.h"
#include "vlanflood.h"
#include "util.h"

int policy_get(struct xsw_switch *sw, __u32 index, struct xsw_policy *pol)
{
	return bpf_map__lookup_elem(sw->skel->maps.xsw_policy, &index, sizeof(index), pol,
				    sizeof(*pol), 0);
}

/* Writes @pol and the port's flag, so that no frame meets a flag without its
 * entry: the entry before the flag is set, after it is cleared. Either way
 * the memos are void (port_put does it when the flag changes): XDP's fast
 * path replays decisions the policy made. */
static int policy_put(struct xsw_switch *sw, __u32 index, struct xsw_port *p,
		      const struct xsw_policy *pol)
{
	bool any = pol->guards || pol->storm_pps || pol->flags || pol->vlan_mode ||
		   pol->learn_limit;
	__u8 was = p->policy;
	int err = 0;

	if (any)
		err = bpf_map__update_elem(sw->skel->maps.xsw_policy, &index, sizeof(index), pol,
					   sizeof(*pol), 0);
	p->policy = any;
	if (!err && p->policy != was)
		err = port_put(sw, index, p);
	if (!err && !any)
		err = bpf_map__update_elem(sw->skel->maps.xsw_policy, &index, sizeof(index), pol,
					   sizeof(*pol), 0);
	if (!err && p->policy == was)
		err = switch_memos_void(sw);
	return err;
}

static void guard_set(__u32 *bits, __u32 bit, bool has, bool on)
{
	if (has)
		*bits = on ? *bits | bit : *bits & ~bit;
}

static bool xsw_mac_zero(const __u8 mac[6])
{
	return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

/* The MAC a->mac gives the port: itself; for auto the VM's, or where xsw
 * cannot read it (a tap) the first it sends (XSW_POL_MAC_LEARN). */
static void policy_mac(const struct xsw_port *p, const struct xsw_port_set_args *a,
		       struct xsw_policy *pol)
{
	static const __u8 zero[6];
	bool exact = false;

	pol->flags &= ~(XSW_POL_MAC | XSW_POL_MAC_LEARN);
	if (memcmp(a->mac, zero, 6))
		memcpy(pol->mac, a->mac, 6);
	else if (port_vm_mac(p, pol->mac, &exact) || !exact)
		memset(pol->mac, 0, 6);
	pol->flags |= xsw_mac_zero(pol->mac) ? XSW_POL_MAC_LEARN : XSW_POL_MAC;
}

void policy_mac_forget(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	struct xsw_policy pol;

	if (p->policy && !policy_get(sw, index, &pol) && (pol.flags & XSW_POL_MAC_LEARN)) {
		iov_pf_forget(sw, &pol);
		pol.flags &= ~XSW_POL_MAC;
		memset(pol.mac, 0, 6);
		policy_put(sw, index, p, &pol);
	}
}

static const char *const vlan_modes[] = {
	[XSW_VLAN_UNTAGGED] = "untagged", [XSW_VLAN_ACCESS] = "access",
	[XSW_VLAN_TRUNK] = "trunk", [XSW_VLAN_PRIVATE] = "private",
};
static const char *const pvlans[] = {
	[XSW_PVLAN_NONE] = "", [XSW_PVLAN_ISOLATED] = "isolated",
	[XSW_PVLAN_COMMUNITY] = "community", [XSW_PVLAN_PROMISCUOUS] = "promiscuous",
};

int xsw_port_set_vlan_check(const struct xsw_port_set_args *a)
{
	bool trunk = a->has_vlan && a->vlan_mode == XSW_VLAN_TRUNK;
	bool priv = a->has_vlan && a->vlan_mode == XSW_VLAN_PRIVATE;
	bool promisc = priv && a->pvlan == XSW_PVLAN_PROMISCUOUS;

	if ((a->has_allowed || a->has_native || a->has_prune) && !trunk)
		return p_err(EINVAL, "allowed, native and prune go with vlan trunk");
	if (trunk && !a->has_allowed)
		return p_err(EINVAL, "vlan trunk needs allowed VIDLIST");
	if ((a->has_primary || a->has_secondary || a->has_secondaries) && !priv)
		return p_err(EINVAL, "primary, secondary and secondaries go with vlan private");
	if (priv && !a->has_primary)
		return p_err(EINVAL, "vlan private needs primary VID");
	if (promisc && (!a->has_secondaries || a->has_secondary))
		return p_err(EINVAL, "vlan private promiscuous takes secondaries VIDLIST, not secondary");
	if (priv && !promisc && (!a->has_secondary || a->has_secondaries))
		return p_err(EINVAL, "vlan private %s takes secondary VID, not secondaries",
			     pvlans[a->pvlan]);
	if ((promisc && bits_has(a->secondaries.bits, a->primary)) ||
	    (priv && !promisc && a->secondary == a->primary))
		return p_err(EINVAL, "VLAN %u cannot be both primary and secondary", a->primary);
	return 0;
}

/* A forwarding extension of @sw that ignores VLANs, or NULL. */
static const char *vlan_blind_forwarder(struct xsw_switch *sw, struct xsw_ext_rec *recs)
{
	int i;

	if (ext_table_read(sw, recs))
		return NULL;
	for (i = 0; i < XSW_EXT_MAX; i++)
		if (recs[i].state != XSW_EXT_FREE && (recs[i].flags & XSW_EXT_NO_VLAN))
			return recs[i].name;
	return NULL;
}

bool policy_vlans_used(struct xsw_switch *sw)
{
	struct xsw_policy pol;
	struct xsw_port p;
	__u32 i;

	for (i = 1; i <= sw->cfg.max_port; i++)
		if (!port_get(sw, i, &p) && p.state != XSW_PORT_FREE && p.policy &&
		    !policy_get(sw, i, &pol) && pol.vlan_mode != XSW_VLAN_UNTAGGED)
			return true;
	return false;
}

__u16 policy_fdb_vlan(struct xsw_switch *sw, __u32 index, __u16 vid)
{
	struct xsw_policy pol = {};
	struct xsw_port p;

	if (!port_get(sw, index, &p) && p.policy)
		policy_get(sw, index, &pol);
	if (pol.vlan_mode == XSW_VLAN_UNTAGGED)
		return vid ? vid | XSW_VID_TRANSPARENT : 0;
	return vid ?: pol.pvid;
}

/* @a's VLAN setting into @pol, the whole of it. */
static int policy_vlan(struct xsw_switch *sw, const struct xsw_port_set_args *a,
		       struct xsw_policy *pol)
{
	struct xsw_ext_rec recs[XSW_EXT_MAX];
	const char *fwd;

	if (a->vlan_mode != XSW_VLAN_UNTAGGED && (fwd = vlan_blind_forwarder(sw, recs)))
		return p_err(EBUSY, "forwarding extension \"%s\" of switch \"%s\" has no VLAN capability: no VLAN settings while it is attached",
			     fwd, sw->name);
	pol->vlan_mode = a->vlan_mode;
	pol->pvid = a->vlan_mode == XSW_VLAN_ACCESS ? a->vid :
		    a->vlan_mode == XSW_VLAN_TRUNK ? a->native :
		    a->vlan_mode == XSW_VLAN_PRIVATE ? a->primary : 0;
	pol->pvlan = a->vlan_mode == XSW_VLAN_PRIVATE ? a->pvlan : XSW_PVLAN_NONE;
	pol->secondary = a->vlan_mode == XSW_VLAN_PRIVATE ? a->secondary : 0;
	memset(pol->allowed, 0, sizeof(pol->allowed));
	memset(pol->pruned, 0, sizeof(pol->pruned));
	if (a->vlan_mode == XSW_VLAN_TRUNK) {
		memcpy(pol->allowed, a->allowed.bits, sizeof(pol->allowed));
		if (a->has_prune)
			memcpy(pol->pruned, a->prune.bits, sizeof(pol->pruned));
	} else if (a->vlan_mode == XSW_VLAN_PRIVATE && a->pvlan == XSW_PVLAN_PROMISCUOUS) {
		memcpy(pol->allowed, a->secondaries.bits, sizeof(pol->allowed));
	}
	return 0;
}

int xsw_port_set(const struct xsw_port_set_args *a)
{
	struct xsw_ip_key ips[XSW_IPS_LIST_MAX], old[XSW_IPS_LIST_MAX];
	struct xsw_policy pol = {}, was;
	bool any = a->allowed_ips && !strcmp(a->allowed_ips, "any");
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err, nips = 0, nold = 0;
	bool put = false;

	if (xsw_port_set_vlan_check(a))
		return -EINVAL;
	index = switch_open_port(a->sw, a->port, &sw, &p);
	if (index < 0)
		return index;
	if (a->allowed_ips && !any) {
		nips = ips_parse(a->allowed_ips, index, ips, XSW_IPS_LIST_MAX);
		if (nips < 0) {
			switch_close(&sw);
			return nips;
		}
	}
	err = policy_get(&sw, index, &pol);
	was = pol;
	guard_set(&pol.guards, XSW_GUARD_DHCP, a->has_dhcp_guard, a->dhcp_guard);
	guard_set(&pol.guards, XSW_GUARD_ROUTER, a->has_router_guard, a->router_guard);
	if (a->has_storm_limit)
		pol.storm_pps = a->storm_limit;
	if (a->has_learning_limit)
		pol.learn_limit = a->learning_limit;
	guard_set(&pol.flags, XSW_POL_PRIO_TRUST, a->has_priority_tag, a->priority_tag);
	guard_set(&pol.flags, XSW_POL_MAC_SPOOFING, a->has_mac_spoofing, a->mac_spoofing);
	if (a->has_mac)
		policy_mac(&p, a, &pol);
	if (a->has_vlan && !err)
		err = policy_vlan(&sw, a, &pol);
	if (nips && !err) {
		nold = ips_get(&sw, index, old, XSW_IPS_LIST_MAX);
		put = true;
		err = ips_put(&sw, ips, nips);
	}
	guard_set(&pol.flags, XSW_POL_IPS, a->allowed_ips, nips);
	/* the limit starts from what the port has learned */
	if (a->has_learning_limit && !err)
		err = fdb_recount(&sw);
	if (!err) {
		err = policy_put(&sw, index, &p, &pol);
		/* the VLANs' flood sets follow */
		if (!err && a->has_vlan)
			err = vlan_flood_sync(&sw);
		if (err)
			p_err(-err, "cannot set the policy of port \"%s\": %s", a->port,
			      xsw_strerror(err));
		/* and its VF, programmed from the policy (reported) */
		else
			err = iov_port_update(&sw, index, &p, a->has_iov_weight, a->iov_weight,
					      a->iov_force) ?: iov_pf_mac(&sw, index, &was);
		if (err) {
			policy_put(&sw, index, &p, &was);
			if (a->has_vlan)
				vlan_flood_sync(&sw);
		}
	}
	/* the port's prefixes are the new list, or on failure the old one */
	if (a->allowed_ips && !err)
		ips_prune(&sw, index, ips, nips);
	else if (put)
		ips_prune(&sw, index, old, nold);
	switch_close(&sw);
	return err;
}

int policy_iov_put(struct xsw_switch *sw, __u32 index, const struct xsw_iov *iov)
{
	struct xsw_policy pol;
	int err = policy_get(sw, index, &pol);

	if (err)
		return p_err(-err, "cannot read the policy of port %u: %s", index, xsw_strerror(err));
	pol.iov = *iov;
	err = bpf_map__update_elem(sw->skel->maps.xsw_policy, &index, sizeof(index), &pol,
				   sizeof(pol), 0) ?: switch_memos_void(sw);
	if (err)
		return p_err(-err, "cannot write the policy of port %u: %s", index, xsw_strerror(err));
	return 0;
}

/* The iov setting stays for iov_feature's port_delete, which runs next. */
static void policy_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	struct xsw_policy none = {};

	if (!policy_get(sw, index, &none)) {
		iov_pf_forget(sw, &none);
		none = (struct xsw_policy){ .iov = none.iov };
	}
	policy_put(sw, index, p, &none);
	ips_prune(sw, index, NULL, 0);
}

static json_object *vid_json(__u16 vid)
{
	return vid ? json_object_new_int(vid) : NULL;
}

static json_object *vids_json(const uint64_t *bits)
{
	char buf[XSW_VIDS_TEXT];

	format_list(bits, XSW_VID_MAX, buf, sizeof(buf));
	return json_str(buf);
}

/* A port's VLAN setting: { "mode", and the fields of its mode, else null } */
static json_object *vlan_json(const struct xsw_policy *pol)
{
	json_object *v = json_object_new_object();
	__u8 m = pol->vlan_mode < ARRAY_SIZE(vlan_modes) ? pol->vlan_mode : XSW_VLAN_UNTAGGED;
	bool priv = m == XSW_VLAN_PRIVATE;

	json_object_object_add(v, "mode", json_object_new_string(vlan_modes[m]));
	json_object_object_add(v, "access", vid_json(m == XSW_VLAN_ACCESS ? pol->pvid : 0));
	json_object_object_add(v, "allowed", m == XSW_VLAN_TRUNK ? vids_json((const uint64_t *)pol->allowed) : NULL);
	json_object_object_add(v, "native", vid_json(m == XSW_VLAN_TRUNK ? pol->pvid : 0));
	json_object_object_add(v, "prune", m == XSW_VLAN_TRUNK ? vids_json((const uint64_t *)pol->pruned) : NULL);
	json_object_object_add(v, "private", priv && pol->pvlan < ARRAY_SIZE(pvlans) ?
			       json_str(pvlans[pol->pvlan]) : NULL);
	json_object_object_add(v, "primary", vid_json(priv ? pol->pvid : 0));
	json_object_object_add(v, "secondary", vid_json(priv ? pol->secondary : 0));
	json_object_object_add(v, "secondaries", priv && pol->pvlan == XSW_PVLAN_PROMISCUOUS ?
			       vids_json((const uint64_t *)pol->allowed) : NULL);
	return v;
}

static void policy_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
			json_object *o)
{
	struct xsw_policy pol = {};
	char mac[18];

	(void)p;
	policy_get(sw, index, &pol);
	json_object_object_add(o, "dhcp_guard", json_object_new_boolean(pol.guards & XSW_GUARD_DHCP));
	json_object_object_add(o, "router_guard",
			       json_object_new_boolean(pol.guards & XSW_GUARD_ROUTER));
	json_object_object_add(o, "storm_limit",
			       pol.storm_pps ? json_object_new_int64(pol.storm_pps) : NULL);
	json_object_object_add(o, "priority_tag",
			       json_object_new_boolean(pol.flags & XSW_POL_PRIO_TRUST));
	format_mac(pol.mac, mac);
	json_object_object_add(o, "static_mac", pol.flags & XSW_POL_MAC ? json_str(mac) : NULL);
	json_object_object_add(o, "mac_learned", json_object_new_boolean(pol.flags & XSW_POL_MAC_LEARN));
	json_object_object_add(o, "mac_spoofing",
			       json_object_new_boolean(!(pol.flags & XSW_POL_MAC) ||
						       (pol.flags & XSW_POL_MAC_SPOOFING)));
	json_object_object_add(o, "allowed_ips",
			       pol.flags & XSW_POL_IPS ? ips_json(sw, index) : NULL);
	json_object_object_add(o, "learning_limit",
			       pol.learn_limit ? json_object_new_int64(pol.learn_limit) : NULL);
	json_object_object_add(o, "vlan", vlan_json(&pol));
}

static void vlan_save(const struct xsw_policy *pol, FILE *out)
{
	char list[XSW_VIDS_TEXT];

	switch (pol->vlan_mode) {
	case XSW_VLAN_ACCESS:
		fprintf(out, " vlan access %u", pol->pvid);
		break;
	case XSW_VLAN_TRUNK:
		format_list((const uint64_t *)pol->allowed, XSW_VID_MAX, list, sizeof(list));
		fprintf(out, " vlan trunk allowed %s", list);
		if (pol->pvid)
			fprintf(out, " native %u", pol->pvid);
		format_list((const uint64_t *)pol->pruned, XSW_VID_MAX, list, sizeof(list));
		if (*list)
			fprintf(out, " prune %s", list);
		break;
	case XSW_VLAN_PRIVATE:
		fprintf(out, " vlan private %s primary %u", pvlans[pol->pvlan & 3], pol->pvid);
		format_list((const uint64_t *)pol->allowed, XSW_VID_MAX, list, sizeof(list));
		if (pol->pvlan == XSW_PVLAN_PROMISCUOUS)
			fprintf(out, " secondaries %s", list);
		else
			fprintf(out, " secondary %u", pol->secondary);
		break;
	}
}

static void policy_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out)
{
	struct xsw_policy pol = {};
	char mac[18], list[XSW_IPS_LIST_MAX * 44];

	if (!p->policy || policy_get(sw, index, &pol))
		return;
	fprintf(out, "port set %s %s dhcp-guard %s router-guard %s", sw->name, p->name,
		pol.guards & XSW_GUARD_DHCP ? "on" : "off",
		pol.guards & XSW_GUARD_ROUTER ? "on" : "off");
	if (pol.storm_pps)
		fprintf(out, " storm-limit %u", pol.storm_pps);
	if (pol.learn_limit)
		fprintf(out, " learning-limit %u", pol.learn_limit);
	if (pol.flags & XSW_POL_IPS) {
		ips_list(sw, index, list, sizeof(list));
		fprintf(out, " allowed-ips %s", list);
	}
	if (pol.flags & XSW_POL_PRIO_TRUST)
		fprintf(out, " priority-tag on");
	if (pol.flags & XSW_POL_MAC_LEARN) {
		fprintf(out, " mac auto");
	} else if (pol.flags & XSW_POL_MAC) {
		format_mac(pol.mac, mac);
		fprintf(out, " mac %s", mac);
	}
	if (pol.flags & XSW_POL_MAC_SPOOFING)
		fprintf(out, " mac-spoofing on");
	vlan_save(&pol, out);
	fputc('\n', out);
}

const struct port_feature policy_feature = {
	.name = "policy", .port_delete = policy_port_delete, .show = policy_show,
	.save = policy_save,
};
