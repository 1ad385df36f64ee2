/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line grammar: every command is parsed into a struct xsw_req before
 * anything runs, so parsing is testable on its own (selftests/unit). */
#ifndef XSW_CLI_H
#define XSW_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

enum xsw_cmd {
	CMD_ADD, CMD_DEL, CMD_SET, CMD_SHOW, CMD_FLUSH,
	CMD_CREATE, CMD_CONNECT, CMD_DISCONNECT, CMD_DELETE, CMD_TEARDOWN,
	CMD_ATTACH, CMD_DETACH, CMD_ENABLE, CMD_DISABLE,
	CMD_DEFAULT, CMD_RXQ, CMD_BALANCE,
	CMD_HELP,
};

struct xsw_req {
	enum xsw_cmd cmd;
	const char *sw;		/* SWITCH / NAME */
	const char *port;	/* PORT */
	const char *dev;	/* dev IFNAME */
	const char *uplink;	/* uplink IFNAME */
	int type;		/* enum xsw_switch_type, -1 unset */
	int host;		/* host on|off: 1/0, -1 unset */
	int mode;		/* enum xsw_mode, XSW_MODE_NONE = per-device default */
	uint32_t ageing;	/* seconds */
	uint32_t fdb_size;	/* FDB entries, 0 = default */
	uint32_t max_ports;	/* ports a switch takes, 0 = default */
	bool has_mac;
	uint8_t mac[6];
	uint16_t vid;
	/* ext, acl, mirror, capture */
	const char *ext;	/* extension NAME */
	const char *object;	/* object FILE.o */
	const char *file;	/* write FILE.pcap */
	int kind;		/* enum xsw_ext_kind, -1 unset */
	int32_t prio;
	bool has_prio;
	int enable;		/* enable on|off: 1/0, -1 unset */
	int dir;		/* acl: enum xsw_acl_dir, 2 = both, -1 unset;
				   capture: 1 << enum xsw_dir for each */
	int action;		/* enum xsw_acl_action */
	int side;		/* enum xsw_acl_side, -1 unset */
	bool has_prefix;
	uint8_t addr[16];	/* IPv6 or ::ffff:IPv4 */
	uint8_t plen;		/* prefix length, of the IPv4 address for IPv4 */
	bool ipv4;
	int mirror;		/* enum xsw_mirror_mode, -1 unset */
	uint32_t count;		/* capture: packets, 0 = until Ctrl-C */
	uint32_t snaplen;
	/* vmq */
	bool has_cpus;
	struct cpus cpus;	/* cpu CPU, cpus CPULIST; empty: cpus none */
	int weight;		/* 0..100, -1 unset */
	uint32_t queue;		/* rxq: receive queue */
	uint32_t queues;	/* default: ports that may own a queue, 0 unset */
	int interval, high, low, dwell;	/* balance settings, -1 unset */
	bool once;
};

/* An object's commands: @parse fills a request (reporting its own errors),
 * @run executes it. */
struct xsw_object {
	const char *name;
	int (*parse)(int argc, char **argv, struct xsw_req *req);
	int (*run)(const struct xsw_req *req);
	void (*help)(void);
};

extern const struct xsw_object switch_object, port_object, nic_object, fdb_object,
	stats_object, ext_object, acl_object, mirror_object, capture_object, vmq_object;

/* Runs xswctl with its arguments; returns the exit status. */
int xsw_main(int argc, char **argv);

/* Argument cursor shared by the parsers. */
struct args {
	int argc;
	char **argv;
};

void req_init(struct xsw_req *req);
/* Next word, or NULL (with an error naming @what) when there is none. */
const char *arg_next(struct args *a, const char *what);
/* Parses the command word against @cmds (NULL-terminated) into req->cmd. */
int arg_cmd(struct args *a, const char *const *cmds, const enum xsw_cmd *ids,
	    struct xsw_req *req);
int arg_switch_name(struct args *a, struct xsw_req *req);
int arg_port_name(struct args *a, struct xsw_req *req);
int arg_mode(struct args *a, struct xsw_req *req);
int arg_dev(struct args *a, const char **dev);
/* The rest of a NIC's arguments: dev IFNAME (required) [ mode { xdp | tc } ]. */
int arg_nic(struct args *a, struct xsw_req *req);
int args_end(struct args *a);

#endif /* XSW_CLI_H */
