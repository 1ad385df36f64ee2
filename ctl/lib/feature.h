/* SPDX-License-Identifier: GPL-2.0 */
/* Per-port features (FDB, mirroring, ACLs, VMQ, counters, ...) hook a port's
 * lifecycle and views here. The port code walks the table in feature.c, so a
 * new feature adds a row there and never edits port teardown. Any hook may
 * be NULL. */
#ifndef XSW_FEATURE_H
#define XSW_FEATURE_H

#include <stdio.h>
#include <json-c/json.h>

#include "state.h"

struct port_feature {
	const char *name;
	/* The port's NIC is deleted: release what belonged to the device. */
	void (*nic_delete)(struct xsw_switch *sw, __u32 index, struct xsw_port *p);
	/* The port is deleted: remove its settings and state. */
	void (*port_delete)(struct xsw_switch *sw, __u32 index, struct xsw_port *p);
	/* port show: add the feature's fields to the port's object @o. */
	void (*show)(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		     json_object *o);
	/* save: the xswctl commands that set the feature up on the port again. */
	void (*save)(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out);
};

extern const struct port_feature fdb_feature, mirror_feature, acl_feature, policy_feature,
	iov_feature, vmq_feature, mtu_feature, stats_feature;

void features_nic_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p);
void features_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p);
void features_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		   json_object *o);
void features_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out);

#endif /* XSW_FEATURE_H */
