// SPDX-License-Identifier: GPL-2.0
/* `xswctl acl ...`: port ACLs. Rules live in the xsw_acl_ip trie and the
 * xsw_acl_mac hash; the built-in acl extension (bpf/ext_acl.bpf.c) that
 * applies them is in the chains while the switch has a rule. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "acl.h"
#include "cli.h"
#include "ext.h"
#include "ext_acl.skel.h"
#include "log.h"
#include "port.h"
#include "util.h"

#define ACL_EXT "acl"

static const char *const dir_names[] = { "in", "out", "both", NULL };
static const char *const action_names[] = { "none", "allow", "deny", "meter", NULL };
static const char *const side_names[] = { "local", "remote", NULL };

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

/* The rule as the request describes it, for direction @dir. */
static void rule_of(const struct xsw_req *req, __u32 port, __u8 dir, struct rule *r)
{
	memset(r, 0, sizeof(*r));
	r->ip = !req->has_mac;
	if (r->ip) {
		r->ipk.prefixlen = XSW_ACL_KEY_BITS + req->plen + (req->ipv4 ? 96 : 0);
		r->ipk.port = port;
		r->ipk.dir = dir;
		r->ipk.side = req->side;
		memcpy(r->ipk.addr, req->addr, sizeof(r->ipk.addr));
		r->val.plen = req->plen + (req->ipv4 ? 96 : 0);
	} else {
		r->mack.port = port;
		r->mack.dir = dir;
		r->mack.side = req->side;
		memcpy(r->mack.mac, req->mac, sizeof(r->mack.mac));
	}
	r->val.action = req->action;
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
			return p_err(errno, "cannot open the acl extension: %s", strerror(errno));
		err = ext_attach(sw, skel->obj, &spec);
		ext_acl__destroy(skel);
		return err;
	}
	if (!nrules && attached)
		return ext_set_state(sw, ACL_EXT, XSW_EXT_FREE);
	return 0;
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

static int acl_add(struct xsw_switch *sw, const struct xsw_req *req, __u32 port)
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
		if (req->dir != 2 && req->dir != i)
			continue;
		rule_of(req, port, i, &add[n]);
		for (j = 0; j < rs.n; j++)
			if (rule_same(&rs.r[j], &add[n]))
				return p_err(EEXIST, "port \"%s\" already has an %s rule for %s %s (%s): del it first",
					     req->port, dir_names[i], side_names[req->side],
					     req->object, action_names[rs.r[j].val.action]);
		while (next < XSW_ACL_MAX && used[next])
			next++;
		if (next == XSW_ACL_MAX)
			return p_err(ENOSPC, "switch \"%s\" has %d ACL rules, the most it takes",
				     sw->name, XSW_ACL_MAX);
		add[n++].val.rule = next++;
	}
	for (i = 0; i < n && !err; i++) {
		meter_clear(sw, add[i].val.rule);
		err = rule_add(sw, &add[i]);
	}
	if (err) {
		p_err(-err, "cannot add the rule: %s", strerror(-err));
		n = i - 1;
	} else {
		err = acl_ext_sync(sw, rs.n + n);
	}
	if (err)
		for (i = 0; i < n; i++)
			rule_del(sw, &add[i]);
	return err;
}

static int acl_del(struct xsw_switch *sw, const struct xsw_req *req, __u32 port)
{
	static struct rules rs;
	int i, j, found = 0;
	struct rule del;

	rules_read(sw, &rs);
	for (i = XSW_ACL_IN; i <= XSW_ACL_OUT; i++) {
		if (req->dir != 2 && req->dir != i)
			continue;
		rule_of(req, port, i, &del);
		for (j = 0; j < rs.n; j++)
			if (rule_same(&rs.r[j], &del) &&
			    (!req->action || req->action == rs.r[j].val.action)) {
				rule_del(sw, &rs.r[j]);
				found++;
			}
	}
	if (!found)
		return p_err(ENOENT, "port \"%s\" has no such rule", req->port);
	return acl_ext_sync(sw, rs.n - found);
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
		if (r->ip) {
			static const __u8 v4mapped[12] = { [10] = 0xff, [11] = 0xff };
			bool v4 = r->val.plen >= 96 && !memcmp(r->ipk.addr, v4mapped, 12);

			format_prefix(r->ipk.addr, v4 ? r->val.plen - 96 : r->val.plen, v4, addr,
				      sizeof(addr));
		}
		else
			format_mac(r->mack.mac, addr);
		meter_read(sw, r->val.rule, &m);
		o = json_object_new_object();
		json_object_object_add(o, "port", json_object_new_string(p.name));
		json_object_object_add(o, "dir", json_object_new_string(dir_names[rule_dir(r)]));
		json_object_object_add(o, "action",
				       json_object_new_string(action_names[r->val.action & 3]));
		json_object_object_add(o, "side", json_object_new_string(side_names[rule_side(r) & 1]));
		json_object_object_add(o, r->ip ? "prefix" : "mac", json_object_new_string(addr));
		json_object_object_add(o, "packets", json_object_new_uint64(m.packets));
		json_object_object_add(o, "bytes", json_object_new_uint64(m.bytes));
		json_object_array_add(arr, o);
	}
	return arr;
}

static void acl_text(json_object *arr)
{
	size_t i;

	printf("%-16s %-4s %-6s %-7s %-43s %12s %14s\n", "PORT", "DIR", "ACTION", "SIDE",
	       "ADDRESS", "PACKETS", "BYTES");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i);

		printf("%-16s %-4s %-6s %-7s %-43s %12" PRId64 " %14" PRId64 "\n", jstr(o, "port"),
		       jstr(o, "dir"), jstr(o, "action"), jstr(o, "side"),
		       *jstr(o, "prefix") ? jstr(o, "prefix") : jstr(o, "mac"), jint(o, "packets"),
		       jint(o, "bytes"));
	}
}

static int run_acl(const struct xsw_req *req)
{
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err = 0;

	index = switch_open_port(req->sw, req->port, &sw, &p);
	if (index < 0)
		return index;
	switch (req->cmd) {
	case CMD_SHOW:
		xsw_print(acl_json(&sw, index), acl_text);
		goto out;
	case CMD_ADD:
		err = acl_add(&sw, req, index);
		break;
	default:
		err = acl_del(&sw, req, index);
		break;
	}
	if (!err)
		xsw_print_done();
out:
	switch_close(&sw);
	return err;
}

static int arg_word(struct args *a, const char *what, const char *const *words, int *out)
{
	const char *w = arg_next(a, what);

	if (!w)
		return -EINVAL;
	*out = word_index(w, words);
	if (*out < 0)
		return p_err(EINVAL, "bad %s \"%s\"", what, w);
	return 0;
}

static int parse_acl(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = { "show", "add", "del", NULL };
	static const enum xsw_cmd ids[] = { CMD_SHOW, CMD_ADD, CMD_DEL };
	struct args a = { argc, argv };
	const char *w;

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req) || arg_switch_name(&a, req))
		return -EINVAL;
	if (req->cmd == CMD_SHOW)
		return a.argc > 0 ? arg_port_name(&a, req) ?: args_end(&a) : 0;
	if (arg_port_name(&a, req))
		return -EINVAL;
	while (a.argc > 0) {
		w = arg_next(&a, "argument");
		if (!strcmp(w, "dir")) {
			if (arg_word(&a, "dir (in, out or both)", dir_names, &req->dir))
				return -EINVAL;
		} else if (!strcmp(w, "action")) {
			if (arg_word(&a, "action (allow, deny or meter)", action_names + 1,
				     &req->action))
				return -EINVAL;
			req->action++;
		} else if (word_index(w, side_names) >= 0) {
			req->side = word_index(w, side_names);
			if (!(w = arg_next(&a, "MAC or PREFIX")))
				return -EINVAL;
			req->object = w;
			if (!parse_mac(w, req->mac))
				req->has_mac = true;
			else if (parse_prefix(w, req->addr, &req->plen, &req->ipv4))
				return p_err(EINVAL, "bad address \"%s\": a MAC, or an IPv4 or IPv6 prefix", w);
		} else {
			return p_err(EINVAL, "unexpected argument \"%s\"", w);
		}
	}
	if (req->dir < 0)
		return p_err(EINVAL, "missing dir { in | out | both }");
	if (req->side < 0)
		return p_err(EINVAL, "missing { local | remote } { MAC | PREFIX }");
	if (req->cmd == CMD_ADD && !req->action)
		return p_err(EINVAL, "missing action { allow | deny | meter }");
	if (req->action == XSW_ACL_METER && req->has_mac)
		return p_err(EINVAL, "a meter rule matches IP addresses, not MACs");
	return 0;
}

static void help_acl(void)
{
	fprintf(stderr,
		"Usage: xswctl acl add SWITCH PORT dir { in | out | both } action { allow | deny | meter }\n"
		"                      { local | remote } { MAC | PREFIX }\n"
		"       xswctl acl del SWITCH PORT dir { in | out | both } [ action ACTION ]\n"
		"                      { local | remote } { MAC | PREFIX }\n"
		"       xswctl acl show SWITCH [ PORT ]\n"
		"Where: dir is the VM's: in = what the port receives, out = what it sends;\n"
		"       local is the VM's address, remote the other side's. PREFIX is IPv4 or\n"
		"       IPv6 ADDR[/LEN]. Among IP rules the longest prefix wins (deny on a tie);\n"
		"       MAC rules apply when no IP rule matches; no match allows. meter allows\n"
		"       and counts; every rule counts the packets and bytes it matched.\n");
}

const struct xsw_object acl_object = {
	.name = "acl", .parse = parse_acl, .run = run_acl, .help = help_acl,
};
