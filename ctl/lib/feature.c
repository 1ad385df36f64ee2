// SPDX-License-Identifier: GPL-2.0
/* The per-port features, in the order their hooks run: settings that refer
 * to the port's traffic first, its counters last. iov follows the policy
 * it is programmed from. */
#include "feature.h"
#include "util.h"

static const struct port_feature *const features[] = {
	&mirror_feature, &acl_feature, &policy_feature, &iov_feature, &vmq_feature, &fdb_feature, &mtu_feature,
	&stats_feature,
};

void features_nic_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i]->nic_delete)
			features[i]->nic_delete(sw, index, p);
}

void features_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i]->port_delete)
			features[i]->port_delete(sw, index, p);
}

void features_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
		   json_object *o)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i]->show)
			features[i]->show(sw, index, p, o);
}

void features_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i]->save)
			features[i]->save(sw, index, p, out);
}
