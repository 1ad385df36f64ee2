// SPDX-License-Identifier: GPL-2.0
/* xswctl port and xswctl nic: the port/NIC lifecycle. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "fdb.h"
#include "iov.h"
#include "output.h"
#include "policy.h"
#include "port.h"
#include "util.h"

/* a zeroed args struct means the defaults */
_Static_assert(XSW_MODE_NONE == 0 && XSW_NIC_NONE == 0, "default mode and NIC type");

#define A struct xsw_port_args
static const struct opt port_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	{}
};

#define ARG_TYPE                                                                   \
	{ .key = "type", .type = OPT_WORD, .words = port_nic_types,                   \
	  .values = port_nic_type_values, .off = offsetof(A, nic_type), .what = "NIC type" }

static const char *const add_states[] = { "connected", "nic-created", "disconnected", NULL };
static const int add_state_values[] = { XSW_PORT_NIC_CONNECTED, XSW_PORT_NIC_CREATED,
					XSW_PORT_NIC_DISCONNECTED };
static const char *const create_states[] = { "created", "nic-deleted", "teardown", NULL };
static const int create_state_values[] = { XSW_PORT_CREATED, XSW_PORT_NIC_DELETED,
					   XSW_PORT_TEARDOWN };

static const struct opt add_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	ARG_DEV("dev", A, dev, OPT_REQUIRED),
	ARG_MODE(A, mode),
	ARG_TYPE,
	{ .key = "state", .type = OPT_WORD, .words = add_states, .values = add_state_values,
	  .off = offsetof(A, state) },
	{}
};

static const struct opt create_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	{ .key = "state", .type = OPT_WORD, .words = create_states,
	  .values = create_state_values, .off = offsetof(A, state) },
	{}
};

static const struct opt nic_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, 0),
	ARG_DEV("dev", A, dev, OPT_REQUIRED),
	ARG_MODE(A, mode),
	ARG_TYPE,
	{}
};

static const char *const pvlan_words[] = { "isolated", "community", "promiscuous", NULL };
static const int pvlan_values[] = { XSW_PVLAN_ISOLATED, XSW_PVLAN_COMMUNITY,
				    XSW_PVLAN_PROMISCUOUS };

#define S struct xsw_port_set_args
/* the VLAN settings: one of them, each a mode */
#define VLAN(key_, ...) { .key = (key_), .has = HAS(S, has_vlan), .group = 1,		\
			  .choice = HAS(S, vlan_mode), __VA_ARGS__ }
static const struct opt set_opts[] = {
	ARG_SWITCH(S, sw),
	ARG_PORT(S, port, 0),
	{ .key = "dhcp-guard", .type = OPT_ONOFF, .off = offsetof(S, dhcp_guard),
	  .has = HAS(S, has_dhcp_guard) },
	{ .key = "router-guard", .type = OPT_ONOFF, .off = offsetof(S, router_guard),
	  .has = HAS(S, has_router_guard) },
	{ .key = "storm-limit", .meta = "{ PPS | off }", .type = OPT_U32, .flags = OPT_OFF,
	  .off = offsetof(S, storm_limit), .has = HAS(S, has_storm_limit), .min = 1,
	  .max = 100000000 },
	{ .key = "allowed-ips", .meta = "{ IPLIST | any }", .type = OPT_STR,
	  .off = offsetof(S, allowed_ips) },
	{ .key = "learning-limit", .meta = "{ N | off }", .type = OPT_U32, .flags = OPT_OFF,
	  .off = offsetof(S, learning_limit), .has = HAS(S, has_learning_limit), .min = 1,
	  .max = XSW_FDB_SIZE_MAX },
	{ .key = "priority-tag", .type = OPT_ONOFF, .off = offsetof(S, priority_tag),
	  .has = HAS(S, has_priority_tag) },
	{ .key = "mac", .meta = "{ MAC | auto }", .type = OPT_MAC, .flags = OPT_AUTO,
	  .off = offsetof(S, mac), .has = HAS(S, has_mac) },
	{ .key = "mac-spoofing", .type = OPT_ONOFF, .off = offsetof(S, mac_spoofing),
	  .has = HAS(S, has_mac_spoofing) },
	VLAN("vlan access", .meta = "VID", .type = OPT_VID, .min = 1, .off = offsetof(S, vid),
	     .choice_val = XSW_VLAN_ACCESS),
	VLAN("vlan trunk", .type = OPT_FLAG, .off = offsetof(S, vlan_flag),
	     .choice_val = XSW_VLAN_TRUNK),
	VLAN("vlan private", .type = OPT_WORD, .words = pvlan_words, .values = pvlan_values,
	     .off = offsetof(S, pvlan), .choice_val = XSW_VLAN_PRIVATE),
	VLAN("vlan untagged", .type = OPT_FLAG, .off = offsetof(S, vlan_flag),
	     .choice_val = XSW_VLAN_UNTAGGED),
	{ .key = "allowed", .meta = "VIDLIST", .type = OPT_VIDS, .off = offsetof(S, allowed),
	  .has = HAS(S, has_allowed) },
	{ .key = "native", .meta = "VID", .type = OPT_VID, .min = 1, .off = offsetof(S, native),
	  .has = HAS(S, has_native) },
	{ .key = "prune", .meta = "VIDLIST", .type = OPT_VIDS, .off = offsetof(S, prune),
	  .has = HAS(S, has_prune) },
	{ .key = "primary", .meta = "VID", .type = OPT_VID, .min = 1, .off = offsetof(S, primary),
	  .has = HAS(S, has_primary) },
	{ .key = "secondary", .meta = "VID", .type = OPT_VID, .min = 1,
	  .off = offsetof(S, secondary), .has = HAS(S, has_secondary) },
	{ .key = "secondaries", .meta = "VIDLIST", .type = OPT_VIDS,
	  .off = offsetof(S, secondaries), .has = HAS(S, has_secondaries) },
	{ .key = "iov weight", .meta = "WEIGHT", .type = OPT_U32, .off = offsetof(S, iov_weight),
	  .has = HAS(S, has_iov_weight), .max = IOV_WEIGHT_MAX },
	{ .key = "force", .type = OPT_FLAG, .off = offsetof(S, iov_force) },
	{}
};
#undef VLAN
#undef S

static int set_check(const void *args)
{
	const struct xsw_port_set_args *a = args;

	static const uint8_t zero[6];

	if (a->iov_force && !a->has_iov_weight)
		return p_err(EINVAL, "force goes with iov weight");
	if (!a->has_dhcp_guard && !a->has_router_guard && !a->has_storm_limit &&
	    !a->has_priority_tag && !a->has_mac && !a->has_mac_spoofing && !a->has_vlan &&
	    !a->has_learning_limit && !a->allowed_ips && !a->has_iov_weight)
		return p_err(EINVAL, "missing setting: vlan, dhcp-guard, router-guard, storm-limit, learning-limit, priority-tag, mac, mac-spoofing, allowed-ips or iov weight");
	if (a->has_mac && memcmp(a->mac, zero, 6))
		return xsw_fdb_mac_check(a->mac);
	return 0;
}

static const struct opt show_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT(A, port, OPT_OPTIONAL),
	{}
};
#undef A

RUN_CHANGE(run_add, xsw_port_add)
RUN_CHANGE(run_set, xsw_port_set)
RUN_CHANGE(run_create, xsw_port_create)
RUN_CHANGE(run_del, xsw_port_del)
RUN_SHOW(run_show, xsw_port_show)

/* One lifecycle step. */
#define STEP(name, step)                                          \
	static int run_##name(const void *a, json_object **out)  \
	{                                                         \
		(void)out;                                        \
		return xsw_port_step(a, step);                    \
	}
STEP(teardown, XSW_STEP_PORT_TEARDOWN)
STEP(delete, XSW_STEP_PORT_DELETE)
STEP(nic_create, XSW_STEP_NIC_CREATE)
STEP(nic_connect, XSW_STEP_NIC_CONNECT)
STEP(nic_disconnect, XSW_STEP_NIC_DISCONNECT)
STEP(nic_delete, XSW_STEP_NIC_DELETE)
#undef STEP

static const char *dash(const char *s)
{
	return *s ? s : "-";
}

/* A port with an iov weight: its VF. */
static void iov_text(json_object *v)
{
	if (!jint(v, "weight"))
		return;
	printf("    iov weight %" PRId64 "%s %s", jint(v, "weight"), jint(v, "force") ? " force" : "",
	       jstr(v, "state"));
	if (!strcmp(jstr(v, "state"), "assigned"))
		printf(" pf %s vf %" PRId64, jstr(v, "pf"), jint(v, "vf"));
	if (*jstr(v, "bypassed"))
		printf(" bypassing %s", jstr(v, "bypassed"));
	printf("\n");
}

static void port_text(json_object *arr)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *p = json_object_array_get_idx(arr, i), *s, *d;
		int64_t drops = 0;
		char cpus[128];

		json_object *learned = json_object_object_get(p, "mac_learned");
		/* the port's own MAC if it has one, else its VM's */
		const char *mac = *jstr(p, "static_mac") ? jstr(p, "static_mac") : jstr(p, "mac");

		cpus_text(json_object_object_get(p, "vmq_cpus"), cpus, sizeof(cpus));
		printf("%-15s index %" PRId64 " state %s oper %s%s%s%s nic %s dev %s mode %s mac %s%s mirror %s vmq %s%s%s\n",
		       jstr(p, "port"), jint(p, "index"), jstr(p, "state"), dash(jstr(p, "oper")),
		       *jstr(p, "missing") ? " (" : "", jstr(p, "missing"),
		       *jstr(p, "missing") ? " missing)" : "", dash(jstr(p, "nic")),
		       dash(jstr(p, "dev")), dash(jstr(p, "mode")), dash(mac),
		       json_object_get_boolean(learned) ? " (learned)" : "",
		       jstr(p, "mirror"), jstr(p, "vmq"), strcmp(cpus, "-") ? " cpus " : "",
		       strcmp(cpus, "-") ? cpus : "");
		iov_text(json_object_object_get(p, "iov"));
		if (!json_object_object_get_ex(p, "stats", &s))
			continue;
		if (json_object_object_get_ex(s, "drops", &d)) {
			json_object_object_foreach(d, k, v) {
				(void)k;
				drops += json_object_get_int64(v);
			}
		}
		printf("    rx %" PRId64 " packets %" PRId64 " bytes  tx %" PRId64
		       " packets %" PRId64 " bytes  drops %" PRId64 "\n",
		       jint(s, "rx_packets"), jint(s, "rx_bytes"), jint(s, "tx_packets"),
		       jint(s, "tx_bytes"), drops);
	}
}

#define ARGS_T struct xsw_port_args
static const struct cli_cmd port_cmds[] = {
	CMD("add", add_opts, ARGS_T, .run = run_add, .write = true),
	CMD("del", port_opts, ARGS_T, .run = run_del, .write = true),
	CMD("set", set_opts, struct xsw_port_set_args, .check = set_check, .run = run_set,
	    .write = true),
	CMD("show", show_opts, ARGS_T, .run = run_show, .text = port_text),
	CMD("create", create_opts, ARGS_T, .run = run_create, .write = true),
	CMD("teardown", port_opts, ARGS_T, .run = run_teardown, .write = true),
	CMD("delete", port_opts, ARGS_T, .run = run_delete, .write = true),
	{}
};

static const struct cli_cmd nic_cmds[] = {
	CMD("create", nic_opts, ARGS_T, .run = run_nic_create, .write = true),
	CMD("connect", port_opts, ARGS_T, .run = run_nic_connect, .write = true),
	CMD("disconnect", port_opts, ARGS_T, .run = run_nic_disconnect, .write = true),
	CMD("delete", port_opts, ARGS_T, .run = run_nic_delete, .write = true),
	{}
};
#undef ARGS_T

const struct cli_object port_object = {
	.name = "port",
	.cmds = port_cmds,
	.where = "PORT is a name of up to 15 characters; \"uplink\" and \"host\" are the\n"
		 "switch's own ports. add = create + nic create + nic connect (or the\n"
		 "state given), del the reverse. mode defaults to tc on veth and tap, xdp\n"
		 "elsewhere; type to emulated on a tap, synthetic elsewhere (the guest's\n"
		 "device decides: say which). Under -batch a port whose device does not\n"
		 "exist yet is kept waiting; port add of the same port completes it.\n"
		 "set: dhcp-guard on drops the DHCP and DHCPv6 server messages the port\n"
		 "sends, router-guard on its ICMP and ICMPv6 router advertisements and\n"
		 "redirects (IPv6 extension headers are walked); storm-limit PPS drops\n"
		 "the broadcast, multicast and unknown unicast frames it sends over PPS\n"
		 "in a one-second window; learning-limit N lets it learn N MACs (a\n"
		 "new source MAC past them is forwarded, not learned). The 802.1p priority of the tagged frames a\n"
		 "VM's port sends is reset to 0 unless priority-tag on (the uplink and\n"
		 "the host vNIC keep theirs). mac fixes the port's MAC (auto: the VM's,\n"
		 "the far end of its veth; on a tap the first it sends after connect,\n"
		 "shown as learned); then, unless mac-spoofing on, the frames it\n"
		 "sends whose source, ARP sender or ND link-layer option is another MAC\n"
		 "are dropped. allowed-ips: the IPv4 and IPv6 sources, ARP senders\n"
		 "and ND targets it may use (DHCP, DAD and link-local ND pass), like\n"
		 "10.0.0.5,2001:db8::/64; others are dropped. vlan access VID: the VM's frames are in VLAN VID,\n"
		 "untagged on its wire (tagged ones are dropped); vlan trunk: tagged\n"
		 "frames of the allowed VLANs but the pruned ones, untagged ones in\n"
		 "the native VLAN (without one, with the untagged ports); vlan private:\n"
		 "isolated ports reach the promiscuous ones only, community ports\n"
		 "their community too, promiscuous ports their secondaries. vlan\n"
		 "untagged (the default): frames pass with their own tags between\n"
		 "ports without VLAN settings only. VIDLIST is like 10,20,100-199.\n"
		 "A port without a policy pays nothing. iov weight WEIGHT (1-100; 0,\n"
		 "the default, for none) on a switch made with iov on gives the port a\n"
		 "VF of the uplink with its MAC, access VLAN and MAC spoofing setting\n"
		 "programmed in; a VF bypasses guards, limits, allowed-ips, ACLs,\n"
		 "mirroring and extensions, so a port with any of them takes one only\n"
		 "with force. With every VF held the port waits for one.",
};

const struct cli_object nic_object = {
	.name = "nic",
	.cmds = nic_cmds,
	.where = "the lifecycle is port create -> nic create -> nic connect ->\n"
		 "nic disconnect -> nic delete -> port teardown -> port delete.\n"
		 "Only a connected NIC sends and receives.",
};
