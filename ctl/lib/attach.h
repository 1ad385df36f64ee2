/* SPDX-License-Identifier: GPL-2.0 */
/* Attaching a port's programs to its device (ctl/lib/attach.c). */
#ifndef XSW_ATTACH_H
#define XSW_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"

/* The switch's TC filters: this handle and priority at both clsact hooks */
#define XSW_TC_HANDLE	0x5857	/* "XW" */
#define XSW_TC_PRIO	1
/* tcx (Linux 6.6), which libbpf 1.1's and the 6.1 UAPI headers predate:
 * the attach types of bpf_link_create and bpf_prog_query */
#define XSW_TCX_INGRESS 46
#define XSW_TCX_EGRESS	47

/* The entry program of the port's mode and the TC egress program, on the
 * port's device; all or nothing. Reports its own errors. */
int port_attach(struct xsw_switch *sw, struct xsw_port *p);
/* Removes what port_attach attached (and a clsact qdisc xsw created);
 * returns 0 or -errno, not reported. */
int port_detach(struct xsw_switch *sw, struct xsw_port *p);
/* The port's programs are all on its device; else *@missing names the one
 * that is not (someone removed it, or its device is gone). */
bool port_attached(struct xsw_switch *sw, const struct xsw_port *p, const char **missing);
/* Removes the links pinned for port @p, which has no NIC: an interrupted
 * NIC create's, on whatever device. */
void port_pins_remove(struct xsw_switch *sw, const struct xsw_port *p);
/* Removes from device @ifindex, unless a port of @sw has it, what a command
 * killed on its way left there: links pinned for a port that never got the
 * device, filters that run the switch's programs. */
void port_orphans_remove(struct xsw_switch *sw, int ifindex);
/* Moves port @p's programs from switch @from's (its directory only: another
 * build made it) to @to's (a switch upgrade):
 * each link updated in place and pinned in @to's directory, each filter
 * replaced; what someone removed stays removed. Reports its errors. */
int port_reprogram(struct xsw_switch *from, struct xsw_switch *to, const struct xsw_port *p);
/* The name of the XDP program on device @ifindex, "unknown" if none found. */
void xdp_owner(int ifindex, char *name, size_t len);

#endif /* XSW_ATTACH_H */
