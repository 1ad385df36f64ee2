/* SPDX-License-Identifier: GPL-2.0 */
/* SR-IOV for the ports of a switch made with iov on (ctl/lib/iov.c). */
#ifndef XSW_CTL_IOV_H
#define XSW_CTL_IOV_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"
#include "vf.h"

#define IOV_WEIGHT_MAX 100

/* What decides whether a port may take a VF. */
struct iov_facts {
	bool switch_iov;	/* the switch was made with iov on */
	int nic_type;		/* enum xsw_nic_type of the port */
	struct xsw_policy pol;	/* the port's policy, as it will be */
	bool mirror;		/* the port mirrors or is mirrored */
	int acl_rules;		/* ACL rules of the port */
	char exts[64];		/* the extensions of the switch, comma-separated */
};

/* Whether the port @port with @f may take a VF: 0, or -errno with the reason
 * reported. What the VF would not enforce of its policy blocks it unless
 * @force; it goes into @bypassed, comma-separated ("" for nothing). */
int iov_admit(const char *port, const struct iov_facts *f, bool force, char *bypassed,
	      size_t size);

/* The lowest VF of @vfs[0..@n) (of the PF's @num) that no port holds (bit
 * set in @held, VF_MAX bits), or -1 when every one is held. */
int iov_pick(const struct vf_info *vfs, int n, unsigned int num, const __u64 *held);

/* Takes port @index of @sw to its iov setting after its policy changed or
 * port set gave @has_weight @weight (@force): assigns a VF, programs it from
 * the policy, or gives it back. 0 or -errno, reported; on an error the VF
 * and the port's iov setting are as they were. */
int iov_port_update(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		    bool has_weight, __u8 weight, bool force);

/* A change iov_reconcile made: port @p's VF @vf was "revoked" (@why) or
 * "assigned". */
typedef void iov_event_fn(const struct xsw_port *p, const char *what, __u32 vf, const char *why,
			  void *data);

/* The VFs of @sw's ports against what its PF has now (xswd, every second):
 * a port whose VF is gone (the PF's count lowered, the VF's netdev down)
 * gives it back and waits on the synthetic path; a waiting port takes a
 * free VF. @fn for each change; how many there were. */
int iov_reconcile(struct xsw_switch *sw, iov_event_fn *fn, void *data);

/* Port @index of @sw's MAC into or out of the PF's unicast filter
 * (ctl/lib/iov_pf.c), after its policy or VF changed from @was: in while it
 * has a MAC and no VF. A refusal is a warning; 0 or -errno of the policy's
 * write. */
int iov_pf_mac(struct xsw_switch *sw, __u32 index, const struct xsw_policy *was);
/* The MAC of @pol out of the PF's filter if xsw put it there, and the mark
 * out of @pol: before the port's MAC goes. */
void iov_pf_forget(struct xsw_switch *sw, struct xsw_policy *pol);

/* The port and switch that hold VF @vf of @pf, into @sw_name and @port
 * (each XSW_NAME_LEN); false when none does. */
bool iov_holder(const char *pf, __u32 vf, char *sw_name, char *port);

#endif /* XSW_CTL_IOV_H */
