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
#include "iov.h"
#include "util.h"
#include "vf.h"

static int pf_open(const char *pf, struct nl_link *l)
{
	int err = nl_link_get(pf, l);

	if (err == -ENODEV)
		return p_err(ENODEV, "no device \"%s\"", pf);
	if (err)
		return p_err(-err, "cannot read device \"%s\": %s", pf, xsw_strerror(err));
	return 0;
}

static void sriov_path(const char *pf, const char *name, char *path, size_t size)
{
	snprintf(path, size, "/sys/class/net/%s/device/%s", pf, name);
}

/* The PF's sysfs file @name into @val: 0, or -errno (-ENOENT: no such file,
 * the device has no SR-IOV). */
static int sriov_read(const char *pf, const char *name, __u32 *val)
{
	char path[128], buf[32], *line;
	int fd, n;

	sriov_path(pf, name, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	line = strtok(buf, "\n");
	return line ? parse_u32(line, 0, ~0U, val) : -EIO;
}

/* The VFs of @pf into @vfs: how many, or -errno, reported. */
static int vfs_read(const char *pf, int ifindex, bool stats, struct vf_info *vfs,
		    unsigned int *num)
{
	int n = vf_nl_get(ifindex, vfs, num, stats);
	__u32 count;

	if (n == -E2BIG)
		return p_err(E2BIG, "device \"%s\" has more than the %u VFs xswctl reads", pf, VF_MAX);
	if (n < 0)
		return p_err(-n, "cannot read the VFs of \"%s\": %s", pf, xsw_strerror(n));
	if (!n && !*num && sriov_read(pf, "sriov_numvfs", &count) == -ENOENT)
		return p_err(EOPNOTSUPP, "device \"%s\" has no SR-IOV", pf);
	return n;
}

/* VF @vf of @pf into @v, without its counters. */
static int vf_read(const char *pf, int ifindex, __u32 vf, struct vf_info *v)
{
	static struct vf_info vfs[VF_MAX];
	unsigned int num, i;
	int n = vfs_read(pf, ifindex, false, vfs, &num);

	if (n < 0)
		return n;
	for (i = 0; i < (unsigned int)n; i++)
		if (vfs[i].vf == vf) {
			*v = vfs[i];
			return 0;
		}
	if (!num)
		return p_err(ENOENT, "device \"%s\" has no VFs (vf numvfs makes them)", pf);
	if (vf < num)
		return p_err(EOPNOTSUPP, "the driver of \"%s\" does not report VF %u", pf, vf);
	return p_err(ENOENT, "device \"%s\" has no VF %u: its VFs are 0-%u", pf, vf, num - 1);
}

static json_object *vf_json(const char *pf, const struct vf_info *v)
{
	json_object *o = json_object_new_object(), *rate, *st = NULL;
	char mac[18], sw[XSW_NAME_LEN], port[XSW_NAME_LEN];
	const struct vf_counter *c;
	bool held = iov_holder(pf, v->vf, sw, port);

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
				json_object_new_string(vf_state_names[v->link_state]) : NULL);
	if (v->has_stats) {
		st = json_object_new_object();
		for (c = vf_counters; c->name; c++)
			json_object_object_add(st, c->name, json_object_new_int64(
				*(const __u64 *)((const char *)v + c->off)));
	}
	json_object_object_add(o, "stats", st);
	/* the port that holds it (iov weight) */
	json_object_object_add(o, "switch", held ? json_str(sw) : NULL);
	json_object_object_add(o, "port", held ? json_str(port) : NULL);
	return o;
}

bool vf_pf_has_sriov(const char *pf)
{
	__u32 count;

	return !sriov_read(pf, "sriov_numvfs", &count);
}

int vf_list(const char *pf, struct vf_info *vfs, unsigned int *num)
{
	struct nl_link l;

	return pf_open(pf, &l) ?: vfs_read(pf, l.ifindex, false, vfs, num);
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
	n = vfs_read(a->pf, l.ifindex, true, vfs, &num);
	if (n < 0)
		return n;
	i = 0;
	if (a->has_vf) {
		while (i < (unsigned int)n && vfs[i].vf != a->vf)
			i++;
		/* not listed: the reason */
		if (i == (unsigned int)n)
			return vf_read(a->pf, l.ifindex, a->vf, &vfs[0]) ?: -ENOENT;
		n = i + 1;
	}
	*out = json_object_new_array();
	for (; i < (unsigned int)n; i++)
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
	/* the minimum stays unless given, as with ip link */
	if (a->has_rate) {
		want->max_rate = a->max_rate;
		if (a->has_min)
			want->min_rate = a->min_rate;
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

/* Whether @v says what @attr is: a driver may report spoof checking, trust
 * and link state as unknown. */
static bool vf_reports(const struct vf_info *v, enum vf_attr attr)
{
	switch (attr) {
	case VF_SPOOFCHK:
		return v->spoofchk >= 0;
	case VF_TRUST:
		return v->trust >= 0;
	case VF_LINK_STATE:
		return v->link_state >= 0;
	default:
		return true;
	}
}

/* Sends @attr of @want and reads the VF back into @now: 0, or -errno with
 * the setting named. *@legacy: the VLAN went as IFLA_VF_VLAN. */
static int vf_apply(const struct xsw_vf_args *a, int ifindex, const struct vf_info *want,
		    enum vf_attr attr, struct vf_info *now, bool *legacy)
{
	const char *name = vf_attr_names[attr];
	int err = vf_nl_set(ifindex, want, attr, false);

	/* an 802.1Q VLAN the list did not set: the older single attribute */
	*legacy = false;
	if (attr == VF_VLAN && want->vlan_proto == ETH_P_8021Q && !err) {
		xsw_err_quiet(true);
		*legacy = vf_read(a->pf, ifindex, a->vf, now) || !vf_attr_equal(now, want, attr);
		xsw_err_quiet(false);
	} else if (attr == VF_VLAN && want->vlan_proto == ETH_P_8021Q) {
		*legacy = err == -EOPNOTSUPP;
	}
	if (*legacy)
		err = vf_nl_set(ifindex, want, attr, true);
	if (err == -EPROTONOSUPPORT && attr == VF_VLAN)
		return p_err(-err, "the driver of \"%s\" cannot set an 802.1ad VLAN on a VF", a->pf);
	if (err == -EOPNOTSUPP)
		return p_err(-err, "the driver of \"%s\" cannot set %s of a VF: %s", a->pf, name,
			     xsw_strerror(err));
	if (err)
		return p_err(-err, "\"%s\" refused %s of VF %u: %s", a->pf, name, a->vf,
			     xsw_strerror(err));
	err = vf_read(a->pf, ifindex, a->vf, now);
	if (err)
		return err;
	if (vf_reports(now, attr) && !vf_attr_equal(now, want, attr))
		return p_err(EIO, "\"%s\" accepted %s of VF %u but did not apply it", a->pf, name,
			     a->vf);
	return 0;
}

/* Undoes @attrs[0..@n) (the last failed: a driver may apply part of it),
 * last first, each as it was sent; warns about what stays changed. */
static void vf_undo(const struct xsw_vf_args *a, int ifindex, const struct vf_info *was,
		    const enum vf_attr *attrs, const bool *legacy, unsigned int n)
{
	struct vf_info now;
	unsigned int i;

	xsw_err_quiet(true);
	for (i = n; i-- > 0;)
		if (vf_reports(was, attrs[i]))
			vf_nl_set(ifindex, was, attrs[i], legacy[i]);
	if (!vf_read(a->pf, ifindex, a->vf, &now))
		for (i = 0; i < n; i++)
			if (vf_reports(was, attrs[i]) && vf_reports(&now, attrs[i]) &&
			    !vf_attr_equal(&now, was, attrs[i]))
				pr_warn("warning: VF %u of \"%s\" keeps its new %s: the driver did not take the old one back\n",
					a->vf, a->pf, vf_attr_names[attrs[i]]);
	xsw_err_quiet(false);
}

int xsw_vf_set(const struct xsw_vf_args *a)
{
	enum vf_attr attrs[VF_ATTRS];
	bool legacy[VF_ATTRS] = {};
	struct vf_info was, want, now;
	struct nl_link l;
	unsigned int n, i;
	int err;

	err = pf_open(a->pf, &l) ?: vf_read(a->pf, l.ifindex, a->vf, &was);
	if (err)
		return err;
	n = vf_wanted(a, &was, &want, attrs);
	if (want.max_rate && want.min_rate > want.max_rate)
		return p_err(EINVAL, "VF %u's min rate %u Mbit/s would be above rate max %u", a->vf,
			     want.min_rate, want.max_rate);
	for (i = 0; i < n; i++) {
		if (vf_reports(&was, attrs[i]) && vf_attr_equal(&was, &want, attrs[i]))
			continue;
		err = vf_apply(a, l.ifindex, &want, attrs[i], &now, &legacy[i]);
		if (err) {
			vf_undo(a, l.ifindex, &was, attrs, legacy, i + 1);
			return err;
		}
	}
	return 0;
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
	err = sriov_read(a->pf, "sriov_numvfs", &cur);
	if (err == -ENOENT)
		return p_err(EOPNOTSUPP, "device \"%s\" has no SR-IOV", a->pf);
	if (err)
		return p_err(-err, "cannot read the VF count of \"%s\": %s", a->pf, xsw_strerror(err));
	if (cur == a->num)
		return 0;
	/* netdevsim has no sriov_totalvfs: the kernel then says */
	if (!sriov_read(a->pf, "sriov_totalvfs", &total) && a->num > total)
		return p_err(ERANGE, "device \"%s\" has at most %u VFs", a->pf, total);
	if (cur && a->num)
		return p_err(EBUSY, "device \"%s\" has %u VFs: set 0 first, the PCI rules allow no other change",
			     a->pf, cur);
	sriov_path(a->pf, "sriov_numvfs", path, sizeof(path));
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
