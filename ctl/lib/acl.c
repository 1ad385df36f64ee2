// SPDX-License-Identifier: GPL-2.0
/* Port ACLs. Rules live in the xsw_acl_ip trie and the
 * xsw_acl_mac hash; the built-in acl extension (bpf/ext_acl.bpf.c) that
 * applies them is in the chains while the switch has a rule. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "acl.h"
#include "ext.h"
#include "ext_acl.skel.h"
#include "feature.h"
#include "util.h"

const char *const acl_dirs[] = { "in", "out", "both", NULL };
const char *const acl_actions[] = { "none", "allow", "deny", "meter", NULL };
const char *const acl_sides[] = { "local", "remote", NULL };

/* One rule as the maps hold it. */
struct rule {
	bool ip;
	struct xsw_acl_ip_key ipk;
	struct xsw_acl_mac_key mack;
	struct xsw_acl_val val;
};

struct rules {
	struct rule r[2 * XSW_ACL_MAX];
	int n;
};

static int rules_read(struct xsw_switch *sw, struct rules *rs)
{
	struct bpf_map *ipm = sw->skel->maps.xsw_acl_ip, *macm = sw->skel->maps.xsw_acl_mac;
	struct xsw_acl_ip_key ik, *iprev = NULL;
	struct xsw_acl_mac_key mk, *mprev = NULL;
	struct rule *r;

	rs->n = 0;
	while (rs->n < (int)ARRAY_SIZE(rs->r) && !bpf_map__get_next_key(ipm, iprev, &ik, sizeof(ik))) {
		r = &rs->r[rs->n];
		memset(r, 0, sizeof(*r));
		r->ip = true;
		r->ipk = ik;
		if (!bpf_map__lookup_elem(ipm, &ik, sizeof(ik), &r->val, sizeof(r->val), 0))
			rs->n++;
		iprev = &r->ipk;
	}
	while (rs->n < (int)ARRAY_SIZE(rs->r) && !bpf_map__get_next_key(macm, mprev, &mk, sizeof(mk))) {
		r = &rs->r[rs->n];
		memset(r, 0, sizeof(*r));
		r->mack = mk;
		if (!bpf_map__lookup_elem(macm, &mk, sizeof(mk), &r->val, sizeof(r->val), 0))
			rs->n++;
		mprev = &r->mack;
	}
	return 0;
}

static int rule_del(struct xsw_switch *sw, const struct rule *r)
{
	if (r->ip)
		return bpf_map__delete_elem(sw->skel->maps.xsw_acl_ip, &r->ipk, sizeof(r->ipk), 0);
	return bpf_map__delete_elem(sw->skel->maps.xsw_acl_mac, &r->mack, sizeof(r->mack), 0);
}

static int rule_add(struct xsw_switch *sw, const struct rule *r)
{
	if (r->ip)
		return bpf_map__update_elem(sw->skel->maps.xsw_acl_ip, &r->ipk, sizeof(r->ipk),
					    &r->val, sizeof(r->val), BPF_NOEXIST);
	return bpf_map__update_elem(sw->skel->maps.xsw_acl_mac, &r->mack, sizeof(r->mack),
				    &r->val, sizeof(r->val), BPF_NOEXIST);
}

static bool rule_same(const struct rule *a, const struct rule *b)
{
	return a->ip == b->ip && (a->ip ? !memcmp(&a->ipk, &b->ipk, sizeof(a->ipk)) :
				  !memcmp(&a->mack, &b->mack, sizeof(a->mack)));
}

static __u32 rule_port(const struct rule *r)
{
	return r->ip ? r->ipk.port : r->mack.port;
}

static __u8 rule_dir(const struct rule *r)
{
	return r->ip ? r->ipk.dir : r->mack.dir;
}

static __u8 rule_side(const struct rule *r)
{
	return r->ip ? r->ipk.side : r->mack.side;
}

static int meter_read(struct xsw_switch *sw, __u32 rule, struct xsw_acl_meter *sum)
{
	int ncpu = libbpf_num_possible_cpus(), cpu, err;
	struct xsw_acl_meter m[ncpu];

	err = bpf_map__lookup_elem(sw->skel->maps.xsw_acl_meter, &rule, sizeof(rule), m,
				   sizeof(m), 0);
	memset(sum, 0, sizeof(*sum));
	for (cpu = 0; !err && cpu < ncpu; cpu++) {
		sum->packets += m[cpu].packets;
		sum->bytes += m[cpu].bytes;
	}
	return err;
}

static void meter_clear(struct xsw_switch *sw, __u32 rule)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xsw_acl_meter m[ncpu];

	memset(m, 0, sizeof(m));
	bpf_map__update_elem(sw->skel->maps.xsw_acl_meter, &rule, sizeof(rule), m, sizeof(m), 0);
}

/* The rule @a describes, for direction @dir. */
static void rule_of(const struct xsw_acl_args *a, __u32 port, __u8 dir, struct rule *r)
{
	__u8 plen = a->addr.plen + (a->addr.ipv4 ? 96 : 0);

	memset(r, 0, sizeof(*r));
	r->ip = !a->addr.is_mac;
	if (r->ip) {
		r->ipk.prefixlen = XSW_ACL_KEY_BITS + plen;
		r->ipk.port = port;
		r->ipk.dir = dir;
		r->ipk.side = a->side;
		memcpy(r->ipk.addr, a->addr.ip, sizeof(r->ipk.addr));
		r->val.plen = plen;
	} else {
		r->mack.port = port;
		r->mack.dir = dir;
		r->mack.side = a->side;
		memcpy(r->mack.mac, a->addr.mac, sizeof(r->mack.mac));
	}
	r->val.action = a->action;
}

/* Puts the acl extension in the chains when there are rules, takes it out
 * when there are none. */
static int acl_ext_sync(struct xsw_switch *sw, int nrules)
{
	struct ext_spec spec = {
		.name = ACL_EXT, .file = "built-in acl", .kind = XSW_EXT_FILTER, .enable = true,
		.flags = XSW_EXT_BUILTIN | XSW_EXT_POLICY,
	};
	struct xsw_ext_rec rec;
	bool attached = ext_find(sw, ACL_EXT, &rec) >= 0;
	struct ext_acl *skel;
	int err;

	if (nrules && !attached) {
		skel = ext_acl__open();
		if (!skel)
			return p_err(errno, "cannot open the acl extension: %s", xsw_strerror(errno));
		err = ext_attach(sw, skel->obj, &spec);
		ext_acl__destroy(skel);
		return err;
	}
	if (!nrules && attached)
		return ext_set_state(sw, ACL_EXT, XSW_EXT_FREE);
	return 0;
}

int acl_ext_reload(struct xsw_switch *sw, __u32 id, const struct xsw_ext_rec *rec)
{
	struct ext_acl *skel = ext_acl__open();
	int err;

	if (!skel)
		return p_err(errno, "cannot open the acl extension: %s", xsw_strerror(errno));
	err = ext_reload(sw, id, rec, skel->obj);
	ext_acl__destroy(skel);
	return err;
}

int acl_port_rules(struct xsw_switch *sw, __u32 port)
{
	static struct rules rs;
	int i, n = 0;

	rules_read(sw, &rs);
	for (i = 0; i < rs.n; i++)
		n += rule_port(&rs.r[i]) == port;
	return n;
}

int acl_flush_port(struct xsw_switch *sw, __u32 port)
{
	static struct rules rs;
	int i, left = 0;

	rules_read(sw, &rs);
	for (i = 0; i < rs.n; i++) {
		if (rule_port(&rs.r[i]) == port)
			rule_del(sw, &rs.r[i]);
		else
			left++;
	}
	return acl_ext_sync(sw, left);
}

/* The extension goes in first: a rule is never listed without being
 * enforced, even when the command is killed halfway. */
static int acl_add(struct xsw_switch *sw, const struct xsw_acl_args *a, __u32 port)
{
	static struct rules rs;
	bool used[XSW_ACL_MAX] = {};
	struct rule add[2];
	int n = 0, i, j, err = 0;
	__u32 next = 0;

	rules_read(sw, &rs);
	for (i = 0; i < rs.n; i++)
		if (rs.r[i].val.rule < XSW_ACL_MAX)
			used[rs.r[i].val.rule] = true;
	for (i = XSW_ACL_IN; i <= XSW_ACL_OUT; i++) {
		if (a->dir != XSW_ACL_BOTH && a->dir != i)
			continue;
		rule_of(a, port, i, &add[n]);
		for (j = 0; j < rs.n; j++) {
			if (!rule_same(&rs.r[j], &add[n]))
				continue;
			if (xsw_cur()->apply && rs.r[j].val.action == a->action)
				break;	/* there already */
			return p_err(EEXIST, "port \"%s\" already has an %s rule for %s %s (%s): del it first",
				     a->port, acl_dirs[i], acl_sides[a->side], a->addr.text,
				     acl_actions[rs.r[j].val.action]);
		}
		if (j < rs.n)
			continue;
		while (next < XSW_ACL_MAX && used[next])
			next++;
		if (next == XSW_ACL_MAX)
			return p_err(ENOSPC, "switch \"%s\" has %d ACL rules, the most it takes",
				     sw->name, XSW_ACL_MAX);
		add[n++].val.rule = next++;
	}
	err = acl_ext_sync(sw, rs.n + n);
	for (i = 0; i < n && !err; i++) {
		meter_clear(sw, add[i].val.rule);
		err = rule_add(sw, &add[i]);
		if (err)
			p_err(-err, "cannot add the rule: %s", xsw_strerror(err));
	}
	if (err) {
		while (i-- > 0)
			rule_del(sw, &add[i]);
		acl_ext_sync(sw, rs.n);
	}
	return err;
}

static int acl_del(struct xsw_switch *sw, const struct xsw_acl_args *a, __u32 port)
{
	static struct rules rs;
	int i, j, found = 0;
	struct rule del;

	rules_read(sw, &rs);
	for (i = XSW_ACL_IN; i <= XSW_ACL_OUT; i++) {
		if (a->dir != XSW_ACL_BOTH && a->dir != i)
			continue;
		rule_of(a, port, i, &del);
		for (j = 0; j < rs.n; j++)
			if (rule_same(&rs.r[j], &del) &&
			    (!a->action || a->action == rs.r[j].val.action)) {
				rule_del(sw, &rs.r[j]);
				found++;
			}
	}
	if (!found)
		return p_err(ENOENT, "port \"%s\" has no such rule", a->port);
	return acl_ext_sync(sw, rs.n - found);
}

/* The rule's MAC or prefix, as acl add takes it. */
static void rule_addr(const struct rule *r, char *addr, size_t size)
{
	static const __u8 v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	bool v4 = r->val.plen >= 96 && !memcmp(r->ipk.addr, v4mapped, 12);

	if (r->ip)
		format_prefix(r->ipk.addr, v4 ? r->val.plen - 96 : r->val.plen, v4, addr, size);
	else
		format_mac(r->mack.mac, addr);
}

static json_object *acl_json(struct xsw_switch *sw, __u32 port)
{
	static struct rules rs;
	json_object *arr = json_object_new_array(), *o;
	struct xsw_acl_meter m;
	struct xsw_port p;
	char addr[64];
	int i;

	rules_read(sw, &rs);
	for (i = 0; i < rs.n; i++) {
		const struct rule *r = &rs.r[i];

		if ((port && rule_port(r) != port) || port_get(sw, rule_port(r), &p))
			continue;
		rule_addr(r, addr, sizeof(addr));
		meter_read(sw, r->val.rule, &m);
		o = json_object_new_object();
		json_object_object_add(o, "switch", json_object_new_string(sw->name));
		json_object_object_add(o, "port", json_object_new_string(p.name));
		json_object_object_add(o, "dir", json_object_new_string(acl_dirs[rule_dir(r)]));
		json_object_object_add(o, "action",
				       json_object_new_string(acl_actions[r->val.action & 3]));
		json_object_object_add(o, "side", json_object_new_string(acl_sides[rule_side(r) & 1]));
		json_object_object_add(o, "prefix", r->ip ? json_str(addr) : NULL);
		json_object_object_add(o, "mac", r->ip ? NULL : json_str(addr));
		json_object_object_add(o, "packets", json_object_new_uint64(m.packets));
		json_object_object_add(o, "bytes", json_object_new_uint64(m.bytes));
		json_object_array_add(arr, o);
	}
	return arr;
}

int xsw_acl_check(const struct xsw_acl_args *a)
{
	if (a->action == XSW_ACL_METER && a->addr.is_mac)
		return p_err(EINVAL, "a meter rule matches IP addresses, not MACs");
	return 0;
}

/* Runs @fn on a's switch and port. */
static int acl_op(const struct xsw_acl_args *a,
		  int (*fn)(struct xsw_switch *sw, const struct xsw_acl_args *a, __u32 port))
{
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err;

	err = xsw_acl_check(a);
	if (err)
		return err;
	index = switch_open_port(a->sw, a->port, &sw, &p);
	if (index < 0)
		return index;
	err = fn(&sw, a, index);
	switch_close(&sw);
	return err;
}

int xsw_acl_add(const struct xsw_acl_args *a)
{
	return acl_op(a, acl_add);
}

int xsw_acl_del(const struct xsw_acl_args *a)
{
	return acl_op(a, acl_del);
}

int xsw_acl_show(const struct xsw_acl_args *a, json_object **out)
{
	struct xsw_switch sw;
	struct xsw_port p;
	int index;

	*out = NULL;
	index = switch_open_port(a->sw, a->port, &sw, &p);
	if (index < 0)
		return index;
	*out = acl_json(&sw, index);
	switch_close(&sw);
	return 0;
}

static void acl_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	(void)p;
	acl_flush_port(sw, index);
}

static void acl_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out)
{
	static struct rules rs;
	char addr[64];
	int i;

	rules_read(sw, &rs);
	for (i = 0; i < rs.n; i++) {
		const struct rule *r = &rs.r[i];

		if (rule_port(r) != index)
			continue;
		rule_addr(r, addr, sizeof(addr));
		fprintf(out, "acl add %s %s dir %s action %s %s %s\n", sw->name, p->name,
			acl_dirs[rule_dir(r)], acl_actions[r->val.action & 3],
			acl_sides[rule_side(r) & 1], addr);
	}
}

const struct port_feature acl_feature = {
	.name = "acl", .port_delete = acl_port_delete, .save = acl_save,
};
