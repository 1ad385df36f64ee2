/* SPDX-License-Identifier: GPL-2.0 */
/* Switch state in bpffs: <root>/<switch>/ (root /sys/fs/bpf/xsw unless the
 * context says otherwise) holds the switch's pinned maps, programs and XDP
 * links. Nothing else is kept anywhere. */
#ifndef XSW_STATE_H
#define XSW_STATE_H

#include <limits.h>
#include <stdbool.h>

#include "ctx.h"
#include "xsw/abi.h"
#include "xsw.skel.h"

#define XSW_SWITCH_NAME_LEN 13	/* the host vNIC takes the name, its peer adds "-sw" */

struct xsw_switch {
	char name[XSW_SWITCH_NAME_LEN];
	char dir[256];		/* <root>/<name> */
	struct xsw *skel;	/* opened, not loaded: maps reuse the pinned fds */
	struct xsw_config cfg;
};

/* Sets @sw's name and directory, from the current context's root. */
void switch_init(struct xsw_switch *sw, const char *name);
/* Whether switch @name exists (its directory does). */
bool switch_exists(const char *name);
/* The lock a running capture of @sw holds: a capture extension attached
 * while nobody holds it was left by a capture that was killed. */
void switch_capture_lock_path(const struct xsw_switch *sw, char *path, size_t len);

int switch_create(const char *name, const struct xsw_config *cfg, __u32 fdb_size,
		  __u32 max_ports, struct xsw_switch *sw);
/* Pins @sw's loaded maps and programs in its directory. 0 or -errno,
 * reported. */
int switch_pin_all(struct xsw_switch *sw);
/* Ports switch @sw takes (its max-ports). */
__u32 switch_max_ports(const struct xsw_switch *sw);
__u32 switch_fdb_size(const struct xsw_switch *sw);
int switch_open(const char *name, struct xsw_switch *sw);	/* -ENOENT: no such switch */
void switch_close(struct xsw_switch *sw);
void switch_remove_pins(struct xsw_switch *sw);
/* Removes every pin in @sw's directory, and the directory. */
void switch_unpin_dir(struct xsw_switch *sw);
/* Writes sw->cfg; like every write of a port (port_put) and of the chains,
 * it voids the datapath's memos (switch_memos_void). */
int switch_config_write(struct xsw_switch *sw);
/* Every CPU's memo of the switch is void (xsw_fdb_gen bumped): the next
 * frame of each takes the whole pipeline, and XDP's fast path (bpf/xdp_rx.bpf.c)
 * no frame until the pipeline has seen the change. After every write of
 * what the pipeline reads. 0, or -errno (with a warning) when it cannot. */
int switch_memos_void(struct xsw_switch *sw);
/* Calls @fn for every switch, in name order; stops at its first error. */
int switch_for_each(int (*fn)(const char *name, void *data), void *data);
/* The inode of this process's network namespace: with the ifindex, what
 * names a device among several hosts simulated on one machine. */
__u32 netns_self(void);

/* <root>/<switch>/<name> */
void switch_pin_path(struct xsw_switch *sw, const char *name, char *path, size_t len);
/* The first page of an mmapable map of the switch, or NULL (errno). */
void *switch_map_mmap(struct bpf_map *map);
void switch_map_munmap(void *p);

/* fd of a program of the switch (from its pin); caller closes. */
int switch_prog_fd(struct xsw_switch *sw, struct bpf_program *prog);
void switch_link_path(struct xsw_switch *sw, const char *port, char *path, size_t len);

int port_get(struct xsw_switch *sw, __u32 index, struct xsw_port *p);
int port_put(struct xsw_switch *sw, __u32 index, const struct xsw_port *p);
/* The port has a NIC: NIC created, connected or disconnected. */
bool port_has_nic(const struct xsw_port *p);
/* Index of the port named @name, or -ENOENT. */
int port_find(struct xsw_switch *sw, const char *name, struct xsw_port *p);
/* port_find for a command's PORT argument: reports an unknown port; NULL
 * @name (no PORT given) is index 0. */
int port_lookup(struct xsw_switch *sw, const char *name, struct xsw_port *p);
/* Opens switch @sw_name and looks up its port @port (NULL: index 0). The
 * port's index, or a negative errno, reported, with the switch closed. */
int switch_open_port(const char *sw_name, const char *port, struct xsw_switch *sw,
		     struct xsw_port *p);

#endif /* XSW_STATE_H */
