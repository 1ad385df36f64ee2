// SPDX-License-Identifier: GPL-2.0
/* SR-IOV for a switch's ports (Hyper-V IovWeight). On a switch made with iov
 * on, a port with a weight above 0 takes a VF of the uplink (the PF) that no
 * other port holds, and its policy is programmed into the VF: its MAC, its
 * access VLAN (0 when it has none), spoof checking for mac-spoofing off and
 * trust for on, the VF's link up where the driver sets it. What a VF cannot
 * enforce (guards, limits, allowed IPs, ACLs, mirroring, extensions) blocks
 * it unless forced; a trunk or a private VLAN always does. Weight 0, port del
 * and switch del give the VF back unconfigured: MAC zero, VLAN 0, spoof
 * checking on, trust off, link state auto. With every VF held, the port
 * waits on the synthetic path. While the VF carries the port's MAC, the
 * switch's FDB sends frames for it to the uplink, whose NIC hands them to
 * the VF; without the VF, the port's own entry applies again. The setting
 * lives in the port's xsw_policy entry (struct xsw_iov), which the datapath
 * does not read. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "acl.h"
#include "ext.h"
#include "fdb.h"
#include "feature.h"
#include "iov.h"
#include "nl.h"
#include "policy.h"
#include "util.h"

static const char *const iov_states[] = { "off", "assigned", "waiting" };

static void add_name(char *buf, size_t size, const char *name)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? "," : "", name);
}

int iov_admit(const char *port, const struct iov_facts *f, bool force, char *bypassed,
	      size_t size)
{
	const struct xsw_policy *pol = &f->pol;

	bypassed[0] = '\0';
	if (!f->switch_iov)
		return p_err(EOPNOTSUPP, "port \"%s\": its switch was made without iov on (switch add ... iov on)",
			     port);
	if (f->nic_type == XSW_NIC_INTERNAL || f->nic_type == XSW_NIC_EXTERNAL)
		return p_err(EINVAL, "port \"%s\" is the switch's own: only a VM's port takes a VF", port);
	if (pol->vlan_mode == XSW_VLAN_TRUNK || pol->vlan_mode == XSW_VLAN_PRIVATE)
		return p_err(EINVAL, "port \"%s\" has a vlan %s: a VF takes one VLAN (vlan access) only",
			     port, pol->vlan_mode == XSW_VLAN_TRUNK ? "trunk" : "private");
	if (!(pol->flags & XSW_POL_MAC) || (pol->flags & XSW_POL_MAC_LEARN))
		return p_err(EINVAL, "port \"%s\" has no MAC for its VF (port set ... mac MAC)", port);
	const struct { bool on; const char *name; } blocks[] = {
		{ pol->guards & XSW_GUARD_DHCP, "dhcp-guard" },
		{ pol->guards & XSW_GUARD_ROUTER, "router-guard" },
		{ pol->storm_pps, "storm-limit" },
		{ pol->learn_limit, "learning-limit" },
		{ pol->flags & XSW_POL_IPS, "allowed-ips" },
		{ f->acl_rules, "acl" },
		{ f->mirror, "mirror" },
		{ f->exts[0], f->exts },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(blocks); i++)
		if (blocks[i].on)
			add_name(bypassed, size, blocks[i].name);
	if (*bypassed && !force)
		return p_err(EPERM, "port \"%s\": a VF would bypass its %s (iov weight ... force takes one anyway)",
			     port, bypassed);
	return 0;
}

int iov_pick(const struct vf_info *vfs, int n, unsigned int num, const __u64 *held)
{
	int i, best = -1;

	for (i = 0; i < n; i++) {
		__u32 vf = vfs[i].vf;

		if (vf >= num || vf >= VF_MAX || (held[vf / 64] >> (vf % 64) & 1))
			continue;
		if (best < 0 || vf < (__u32)best)
			best = vf;
	}
	return best;
}

/* Port @i of @sw, in use, and its policy: whether both were read. */
static bool iov_port_read(struct xsw_switch *sw, __u32 i, struct xsw_port *p,
			  struct xsw_policy *pol)
{
	return !port_get(sw, i, p) && p->state != XSW_PORT_FREE && !policy_get(sw, i, pol);
}

/* The facts of port @index of @sw, its policy to be @pol. */
static void iov_facts_read(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
			   const struct xsw_policy *pol, struct iov_facts *f)
{
	static struct xsw_ext_rec recs[XSW_EXT_MAX];
	int i;

	memset(f, 0, sizeof(*f));
	f->switch_iov = sw->cfg.iov;
	f->nic_type = p->nic_type;
	f->pol = *pol;
	f->mirror = p->mirror != XSW_MIRROR_NONE;
	f->acl_rules = acl_port_rules(sw, index);
	if (ext_table_read(sw, recs))
		return;
	for (i = 0; i < XSW_EXT_MAX; i++)
		if (recs[i].state != XSW_EXT_FREE &&
		    !(recs[i].flags & XSW_EXT_BUILTIN && (recs[i].flags & XSW_EXT_POLICY)))
			add_name(f->exts, sizeof(f->exts), recs[i].name);
}

/* The VFs the ports of @sw hold, but port @skip's, as bits into @held. */
static void iov_held(struct xsw_switch *sw, __u32 skip, __u64 *held)
{
	struct xsw_policy pol;
	struct xsw_port p;
	__u32 i;

	memset(held, 0, VF_MAX / 8);
	for (i = 1; i <= sw->cfg.max_port; i++)
		if (i != skip && iov_port_read(sw, i, &p, &pol) && (pol.iov.flags & XSW_IOV_ASSIGNED) &&
		    pol.iov.vf < VF_MAX)
			held[pol.iov.vf / 64] |= 1ULL << (pol.iov.vf % 64);
}

/* Why VF @vf of @pf, which has @num VFs, can carry no traffic now; NULL
 * when it can, as far as this host sees: a PCI VF needs a driver (its own
 * or vfio-pci's, for a VM), and its netdev, when this namespace has it, a
 * carrier once it is up (one nobody set up yet is free to take); a netdev
 * in another namespace shows nothing here. */
static const char *iov_vf_gone(const char *pf, __u32 vf, unsigned int num)
{
	struct nl_link l;
	struct dirent *de;
	char path[192];
	bool down;
	int len;
	DIR *d;

	if (vf >= num)
		return "the PF has no such VF now";
	len = snprintf(path, sizeof(path), "/sys/class/net/%s/device/virtfn%u", pf, vf);
	if (access(path, F_OK))
		return NULL;	/* no PCI function to look at (netdevsim) */
	snprintf(path + len, sizeof(path) - len, "/driver");
	if (access(path, F_OK))
		return "no driver holds it";
	snprintf(path + len, sizeof(path) - len, "/net");
	d = opendir(path);
	if (!d)
		return NULL;
	while ((de = readdir(d)) && de->d_name[0] == '.')
		;
	down = de && !nl_link_get(de->d_name, &l) && l.up && !l.running;
	closedir(d);
	return down ? "its link is down" : NULL;
}

/* The VF's link up where the driver sets link states (igb does not). */
static int iov_link(const char *pf, __u16 vf, int state)
{
	struct xsw_vf_args a = { .pf = pf, .vf = vf, .has_vf = true, .state = state };
	int err;

	xsw_err_quiet(true);
	err = xsw_vf_set(&a);
	xsw_err_quiet(false);
	if (err && err != -EOPNOTSUPP)
		return p_err(-err, "cannot set the link state of VF %u of \"%s\": %s", vf, pf,
			     xsw_strerror(err));
	return 0;
}

/* VF @vf of @pf as the policy @pol says. */
static int iov_program(const char *pf, __u16 vf, const struct xsw_policy *pol)
{
	bool spoofing = pol->flags & XSW_POL_MAC_SPOOFING;
	struct xsw_vf_args a = {
		.pf = pf, .vf = vf, .has_vf = true, .has_mac = true, .has_vlan = true,
		.vlan = pol->vlan_mode == XSW_VLAN_ACCESS ? pol->pvid : 0,
		.has_spoofchk = true, .spoofchk = !spoofing, .has_trust = true, .trust = spoofing,
	};

	memcpy(a.mac, pol->mac, sizeof(a.mac));
	return xsw_vf_set(&a) ?: iov_link(pf, vf, VF_STATE_ENABLE);
}

/* VF @vf of @pf unconfigured; what the driver refuses is a warning. */
static void iov_reset(const char *pf, __u16 vf)
{
	struct xsw_vf_args a = { .pf = pf, .vf = vf, .has_vf = true, .has_mac = true,
				 .has_vlan = true, .has_spoofchk = true, .spoofchk = true,
				 .has_trust = true };
	int err;

	xsw_err_quiet(true);
	err = xsw_vf_set(&a) ?: iov_link(pf, vf, VF_STATE_AUTO);
	xsw_err_quiet(false);
	if (err)
		pr_warn("warning: VF %u of \"%s\" may keep settings of its port: %s\n", vf, pf,
			xsw_strerror(err));
}

/* While its VF carries the port's MAC, frames for it go out the uplink,
 * whose NIC hands them to the VF; an operator's static entry for the MAC
 * stays. */
static void iov_steer(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		      const struct xsw_policy *pol)
{
	struct xsw_port up;
	int to = port_find(sw, "uplink", &up), err;

	fdb_unsteer(sw, index);
	if (to < 0)
		return;
	err = fdb_steer(sw, pol->mac, policy_fdb_vlan(sw, index, 0), to, index);
	if (err == -EEXIST)
		pr_warn("warning: a static FDB entry for the MAC of port \"%s\" sends its frames on the synthetic path, not to its VF\n",
			p->name);
	else if (err)
		pr_warn("warning: frames for port \"%s\" stay on the synthetic path, not its VF: %s\n",
			p->name, xsw_strerror(err));
}

/* A VF went back: the ports of @sw that wait for one try again, in index
 * order; one that is refused now keeps waiting. */
static void iov_retry(struct xsw_switch *sw)
{
	struct xsw_policy pol;
	struct xsw_port p;
	__u32 i;

	xsw_err_quiet(true);
	for (i = 1; i <= sw->cfg.max_port; i++)
		if (iov_port_read(sw, i, &p, &pol) && pol.iov.weight &&
		    !(pol.iov.flags & XSW_IOV_ASSIGNED) &&
		    !iov_port_update(sw, i, &p, false, 0, false))
			iov_pf_mac(sw, i, &pol);
	xsw_err_quiet(false);
}

/* Port @index gives its VF back; the ports waiting for one try again. */
static int iov_release(struct xsw_switch *sw, __u32 index, const struct xsw_policy *pol)
{
	struct xsw_iov none = { .flags = pol->iov.flags & XSW_IOV_PF_MAC };
	int err;

	if (!(pol->iov.flags & XSW_IOV_ASSIGNED))
		return policy_iov_put(sw, index, &none);
	fdb_unsteer(sw, index);
	iov_reset(sw->cfg.uplink, pol->iov.vf);
	err = policy_iov_put(sw, index, &none);
	iov_retry(sw);
	return err;
}

int iov_port_update(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		    bool has_weight, __u8 weight, bool force)
{
	static struct vf_info vfs[VF_MAX];
	__u64 held[VF_MAX / 64];
	struct xsw_policy pol;
	struct xsw_iov iov;
	struct iov_facts f;
	char bypassed[128];
	unsigned int num;
	int err, n, vf;

	err = policy_get(sw, index, &pol);
	if (err)
		return p_err(-err, "cannot read the policy of port \"%s\": %s", p->name,
			     xsw_strerror(err));
	iov = pol.iov;
	if (has_weight) {
		iov.weight = weight;
		iov.flags = (iov.flags & ~XSW_IOV_FORCE) | (force ? XSW_IOV_FORCE : 0);
	}
	if (!iov.weight)
		return pol.iov.weight ? iov_release(sw, index, &pol) : 0;
	iov_facts_read(sw, index, p, &pol, &f);
	err = iov_admit(p->name, &f, iov.flags & XSW_IOV_FORCE, bypassed, sizeof(bypassed));
	if (err)
		return err;
	if (iov.flags & XSW_IOV_ASSIGNED) {
		err = iov_program(sw->cfg.uplink, iov.vf, &pol) ?: policy_iov_put(sw, index, &iov);
		if (!err)
			iov_steer(sw, index, p, &pol);
		return err;
	}
	n = vf_list(sw->cfg.uplink, vfs, &num);
	if (n < 0)
		return n;
	iov_held(sw, index, held);
	/* and the VFs that could carry nothing */
	for (vf = 0; vf < n; vf++)
		if (vfs[vf].vf < VF_MAX && iov_vf_gone(sw->cfg.uplink, vfs[vf].vf, num))
			held[vfs[vf].vf / 64] |= 1ULL << (vfs[vf].vf % 64);
	vf = iov_pick(vfs, n, num, held);
	if (vf < 0) {
		if (has_weight)
			pr_warn("port \"%s\" waits for a VF: \"%s\" has none free (%u VFs)\n",
				p->name, sw->cfg.uplink, num);
		return policy_iov_put(sw, index, &iov);
	}
	err = iov_program(sw->cfg.uplink, vf, &pol);
	if (err)
		return err;
	iov.flags |= XSW_IOV_ASSIGNED;
	iov.vf = vf;
	err = policy_iov_put(sw, index, &iov);
	if (err)
		iov_reset(sw->cfg.uplink, vf);
	else
		iov_steer(sw, index, p, &pol);
	return err;
}

int iov_reconcile(struct xsw_switch *sw, iov_event_fn *fn, void *data)
{
	static struct vf_info vfs[VF_MAX];
	struct xsw_policy pol;
	struct xsw_port p;
	unsigned int num = 0;
	const char *why;
	int n = 0;
	__u32 i;

	if (!sw->cfg.iov)
		return 0;
	xsw_err_quiet(true);
	if (vf_list(sw->cfg.uplink, vfs, &num) < 0)
		num = 0;	/* the PF is gone, or has no VFs */
	for (i = 1; i <= sw->cfg.max_port; i++) {
		if (!iov_port_read(sw, i, &p, &pol) || !(pol.iov.flags & XSW_IOV_ASSIGNED))
			continue;
		why = iov_vf_gone(sw->cfg.uplink, pol.iov.vf, num);
		if (!why)
			continue;
		fdb_unsteer(sw, i);
		if (pol.iov.vf < num)
			iov_reset(sw->cfg.uplink, pol.iov.vf);
		pol.iov.flags &= ~XSW_IOV_ASSIGNED;
		if (!policy_iov_put(sw, i, &pol.iov)) {
			fn(&p, "revoked", pol.iov.vf, why, data);
			n++;
		}
	}
	for (i = 1; i <= sw->cfg.max_port; i++) {
		if (!iov_port_read(sw, i, &p, &pol) || !pol.iov.weight ||
		    (pol.iov.flags & XSW_IOV_ASSIGNED))
			continue;
		if (!iov_port_update(sw, i, &p, false, 0, false) && !policy_get(sw, i, &pol) &&
		    (pol.iov.flags & XSW_IOV_ASSIGNED)) {
			fn(&p, "assigned", pol.iov.vf, NULL, data);
			n++;
		}
	}
	/* the MACs of ports whose VF went or came, or which learned one */
	for (i = 1; i <= sw->cfg.max_port; i++)
		if (iov_port_read(sw, i, &p, &pol))
			iov_pf_mac(sw, i, &pol);
	xsw_err_quiet(false);
	return n;
}

struct holder {
	const char *pf;
	__u32 vf;
	char *sw_name, *port;
	bool found;
};

static int holder_of(const char *name, void *data)
{
	struct holder *h = data;
	struct xsw_switch sw;
	struct xsw_policy pol;
	struct xsw_port p;
	__u32 i;

	if (switch_open(name, &sw))
		return 0;
	for (i = 1; sw.cfg.iov && !strcmp(sw.cfg.uplink, h->pf) && i <= sw.cfg.max_port; i++) {
		if (!iov_port_read(&sw, i, &p, &pol) || !(pol.iov.flags & XSW_IOV_ASSIGNED) || pol.iov.vf != h->vf)
			continue;
		snprintf(h->sw_name, XSW_NAME_LEN, "%s", name);
		snprintf(h->port, XSW_NAME_LEN, "%s", p.name);
		h->found = true;
		break;
	}
	switch_close(&sw);
	return 0;
}

bool iov_holder(const char *pf, __u32 vf, char *sw_name, char *port)
{
	struct holder h = { .pf = pf, .vf = vf, .sw_name = sw_name, .port = port };

	xsw_err_quiet(true);
	switch_for_each(holder_of, &h);
	xsw_err_quiet(false);
	return h.found;
}

/* --- the port feature ------------------------------------------------------ */

static void iov_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	struct xsw_policy pol;

	(void)p;
	if (!policy_get(sw, index, &pol) && pol.iov.weight)
		iov_release(sw, index, &pol);
}

static void iov_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		     json_object *o)
{
	json_object *v = json_object_new_object();
	struct xsw_policy pol = {};
	bool assigned;
	struct iov_facts f;
	char bypassed[128] = "";
	int state;

	policy_get(sw, index, &pol);
	assigned = pol.iov.weight && (pol.iov.flags & XSW_IOV_ASSIGNED);
	state = !pol.iov.weight ? 0 : assigned ? 1 : 2;
	if (assigned) {
		iov_facts_read(sw, index, p, &pol, &f);
		xsw_err_quiet(true);
		iov_admit(p->name, &f, true, bypassed, sizeof(bypassed));
		xsw_err_quiet(false);
	}
	json_object_object_add(v, "weight", json_object_new_int(pol.iov.weight));
	json_object_object_add(v, "state", json_object_new_string(iov_states[state]));
	json_object_object_add(v, "pf", assigned ? json_str(sw->cfg.uplink) : NULL);
	json_object_object_add(v, "vf", assigned ? json_object_new_int(pol.iov.vf) : NULL);
	json_object_object_add(v, "force", json_object_new_boolean(pol.iov.flags & XSW_IOV_FORCE));
	json_object_object_add(v, "bypassed", json_str(bypassed));
	json_object_object_add(o, "iov", v);
}

static void iov_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out)
{
	struct xsw_policy pol;

	if (policy_get(sw, index, &pol) || !pol.iov.weight)
		return;
	fprintf(out, "port set %s %s iov weight %u%s\n", sw->name, p->name, pol.iov.weight,
		pol.iov.flags & XSW_IOV_FORCE ? " force" : "");
}

const struct port_feature iov_feature = {
	.name = "iov", .port_delete = iov_port_delete, .show = iov_show, .save = iov_save,
};
