// SPDX-License-Identifier: GPL-2.0
/* xswctl vf: a PF's VFs shown, set and counted. A set sends one setting per
 * message, reads the VF back after each and compares: a setting refused or
 * not taken undoes the ones the command already changed, so the VF is left
 * as it was. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "ctx.h"
#include "util.h"
#include "vf.h"

static const char *const link_states[] = { "auto", "enable", "disable" };

static int pf_open(const char *pf, struct nl_link *l)
{
	int err = nl_link_get(pf, l);

	if (err == -ENODEV)
		return p_err(ENODEV, "no device \"%s\"", pf);
	if (err)
		return p_err(-err, "cannot read device \"%s\": %s", pf, xsw_strerror(err));
	return 0;
}

/* VF @vf of @pf into @v. */
static int vf_read(const char *pf, int ifindex, __u32 vf, struct vf_info *v)
{
	static struct vf_info vfs[VF_MAX];
	unsigned int num, i;
	int n = vf_nl_get(ifindex, vfs, &num);

	if (n < 0)
		return p_err(-n, "cannot read the VFs of \"%s\": %s", pf, xsw_strerror(n));
	for (i = 0; i < (unsigned int)n; i++)
		if (vfs[i].vf == vf) {
			*v = vfs[i];
			return 0;
		}
	if (!num)
		return p_err(EOPNOTSUPP, "device \"%s\" has no VFs (see vf numvfs)", pf);
	return p_err(ENOENT, "device \"%s\" has no VF %u: its VFs are 0-%u", pf, vf, num - 1);
}

static json_object *vf_json(const char *pf, const struct vf_info *v)
{
	json_object *o = json_object_new_object(), *rate, *st = NULL;
	const struct vf_counter *c;
	char mac[18];

	format_mac(v->mac, mac);
	json_object_object_add(o, "pf", json_object_new_string(pf));
	json_object_object_add(o, "vf", json_object_new_int(v->vf));
	json_object_object_add(o, "mac", json_object_new_string(mac));
	json_object_object_add(o, "vlan", json_object_new_int(v->vlan));
	json_object_object_add(o, "qos", json_object_new_int(v->qos));
	json_object_object_add(o, "vlan_proto", json_object_new_string(
		v->vlan_proto == ETH_P_8021AD ? "802.1ad" : "802.1Q"));
	rate = json_object_new_object();
	json_object_object_add(rate, "max", json_object_new_int64(v->max_rate));
	json_object_object_add(rate, "min", json_object_new_int64(v->min_rate));
	json_object_object_add(o, "rate", rate);
	json_object_object_add(o, "spoofchk", v->spoofchk < 0 ? NULL :
				json_object_new_boolean(v->spoofchk));
	json_object_object_add(o, "trust", v->trust < 0 ? NULL : json_object_new_boolean(v->trust));
	json_object_object_add(o, "state", v->link_state >= 0 && v->link_state <= 2 ?
				json_object_new_string(link_states[v->link_state]) : NULL);
	if (v->has_stats) {
		st = json_object_new_object();
		for (c = vf_counters; c->name; c++)
			json_object_object_add(st, c->name, json_object_new_int64(
				*(const __u64 *)((const char *)v + c->off)));
	}
	json_object_object_add(o, "stats", st);
	return o;
}

/* The PF's sysfs file @name into @val. */
static int sriov_read(const char *pf, const char *name, __u32 *val)
{
	char path[128], buf[32];
	int fd, n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/device/%s", pf, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	return parse_u32(strtok(buf, "\n"), 0, ~0U, val);
}

int xsw_vf_show(const struct xsw_vf_args *a, json_object **out)
{
	static struct vf_info vfs[VF_MAX];
	struct nl_link l;
	unsigned int num, i;
	int n, err;

	*out = NULL;
	err = pf_open(a->pf, &l);
	if (err)
		return err;
	if (a->has_vf) {
		err = vf_read(a->pf, l.ifindex, a->vf, &vfs[0]);
		if (err)
			return err;
		n = 1;
	} else {
		n = vf_nl_get(l.ifindex, vfs, &num);
		if (n < 0)
			return p_err(-n, "cannot read the VFs of \"%s\": %s", a->pf, xsw_strerror(n));
	}
	if (!n && sriov_read(a->pf, "sriov_numvfs", &num))
		return p_err(EOPNOTSUPP, "device \"%s\" has no SR-IOV", a->pf);
	*out = json_object_new_array();
	for (i = 0; i < (unsigned int)n; i++)
		json_object_array_add(*out, vf_json(a->pf, &vfs[i]));
	return 0;
}

/* What @a asks of @cur: the new values in @want, the settings in @attrs. */
static unsigned int vf_wanted(const struct xsw_vf_args *a, const struct vf_info *cur,
			      struct vf_info *want, enum vf_attr *attrs)
{
	static const int states[] = { [VF_STATE_AUTO] = IFLA_VF_LINK_STATE_AUTO,
				      [VF_STATE_ENABLE] = IFLA_VF_LINK_STATE_ENABLE,
				      [VF_STATE_DISABLE] = IFLA_VF_LINK_STATE_DISABLE };
	unsigned int n = 0;

	*want = *cur;
	if (a->has_mac) {
		memcpy(want->mac, a->mac, 6);
		attrs[n++] = VF_MAC;
	}
	if (a->has_vlan) {
		want->vlan = a->vlan;
		want->qos = a->has_qos ? a->qos : 0;
		want->vlan_proto = a->proto ? ETH_P_8021AD : ETH_P_8021Q;
		attrs[n++] = VF_VLAN;
	}
	if (a->has_rate) {
		want->max_rate = a->max_rate;
		want->min_rate = a->has_min ? a->min_rate : 0;
		attrs[n++] = VF_RATE;
	}
	if (a->has_spoofchk) {
		want->spoofchk = a->spoofchk;
		attrs[n++] = VF_SPOOFCHK;
	}
	if (a->has_trust) {
		want->trust = a->trust;
		attrs[n++] = VF_TRUST;
	}
	if (a->state != VF_STATE_KEEP) {
		want->link_state = states[a->state];
		attrs[n++] = VF_LINK_STATE;
	}
	return n;
}

/* Sends @attr of @want and reads the VF back into @now: 0, or -errno with
 * the setting named. */
static int vf_apply(const struct xsw_vf_args *a, int ifindex, const struct vf_info *want,
		    enum vf_attr attr, struct vf_info *now)
{
	const char *name = vf_attr_names[attr];
	int err = vf_nl_set(ifindex, want, attr, false);

	/* an 802.1Q VLAN the list did not set: the older single attribute */
	if (attr == VF_VLAN && want->vlan_proto == ETH_P_8021Q &&
	    (err == -EOPNOTSUPP || (!err && !vf_read(a->pf, ifindex, a->vf, now) &&
				    !vf_attr_equal(now, want, attr))))
		err = vf_nl_set(ifindex, want, attr, true);
	if (err == -EOPNOTSUPP || err == -EPROTONOSUPPORT)
		return p_err(-err, "the driver of \"%s\" cannot set %s of a VF: %s", a->pf, name,
			     xsw_strerror(err));
	if (err)
		return p_err(-err, "\"%s\" refused %s of VF %u: %s", a->pf, name, a->vf,
			     xsw_strerror(err));
	err = vf_read(a->pf, ifindex, a->vf, now);
	if (err)
		return err;
	if (!vf_attr_equal(now, want, attr))
		return p_err(EIO, "\"%s\" accepted %s of VF %u but did not apply it", a->pf, name,
			     a->vf);
	return 0;
}

int xsw_vf_set(const struct xsw_vf_args *a)
{
	enum vf_attr attrs[VF_ATTRS];
	struct vf_info was, want, now;
	struct nl_link l;
	unsigned int n, i;
	int err;

	err = pf_open(a->pf, &l) ?: vf_read(a->pf, l.ifindex, a->vf, &was);
	if (err)
		return err;
	n = vf_wanted(a, &was, &want, attrs);
	for (i = 0; i < n; i++) {
		if (vf_attr_equal(&was, &want, attrs[i]))
			continue;
		err = vf_apply(a, l.ifindex, &want, attrs[i], &now);
		if (err)
			break;
	}
	if (!err)
		return 0;
	/* undo, last first, what this command changed (the failed setting too:
	 * a driver may apply part of it) */
	xsw_err_quiet(true);
	for (n = i + 1; n-- > 0;)
		if (!vf_attr_equal(&was, &want, attrs[n]))
			vf_nl_set(l.ifindex, &was, attrs[n], false);
	xsw_err_quiet(false);
	return err;
}

int xsw_vf_numvfs(const struct xsw_vf_args *a)
{
	char path[128], buf[16];
	__u32 cur, total;
	struct nl_link l;
	int fd, len, err;

	err = pf_open(a->pf, &l);
	if (err)
		return err;
	if (sriov_read(a->pf, "sriov_numvfs", &cur))
		return p_err(EOPNOTSUPP, "device \"%s\" has no SR-IOV", a->pf);
	if (cur == a->num)
		return 0;
	/* netdevsim has no sriov_totalvfs: the kernel then says */
	if (!sriov_read(a->pf, "sriov_totalvfs", &total) && a->num > total)
		return p_err(ERANGE, "device \"%s\" has at most %u VFs", a->pf, total);
	if (cur && a->num)
		return p_err(EBUSY, "device \"%s\" has %u VFs: set 0 first, the PCI rules allow no other change",
			     a->pf, cur);
	snprintf(path, sizeof(path), "/sys/class/net/%s/device/sriov_numvfs", a->pf);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return p_err(errno, "cannot open %s: %s", path, xsw_strerror(errno));
	len = snprintf(buf, sizeof(buf), "%u", a->num);
	err = write(fd, buf, len) == len ? 0 : -errno;
	close(fd);
	if (err)
		return p_err(-err, "device \"%s\" refused %u VFs: %s", a->pf, a->num, xsw_strerror(err));
	return 0;
}
