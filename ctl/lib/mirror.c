// SPDX-License-Identifier: GPL-2.0
/* Hyper-V PortMirroring. A port's mode is kept in its xsw_port entry; the
 * switch counts its destination ports so the datapath skips the check while
 * there are none. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "feature.h"
#include "mirror.h"
#include "util.h"

const char *const mirror_modes[] = { "none", "source", "destination", NULL };

int mirror_set(struct xsw_switch *sw, __u32 index, struct xsw_port *p, int mode)
{
	struct xsw_port was = *p;
	__u16 dsts = sw->cfg.mirror_dsts;
	int err;

	p->mirror = mode;
	sw->cfg.mirror_dsts += (mode == XSW_MIRROR_DESTINATION) - (was.mirror == XSW_MIRROR_DESTINATION);
	err = port_put(sw, index, p) ?: switch_config_write(sw);
	if (err) {
		*p = was;
		sw->cfg.mirror_dsts = dsts;
		port_put(sw, index, p);
		switch_config_write(sw);
		return p_err(-err, "cannot set mirroring of port \"%s\": %s", p->name, xsw_strerror(err));
	}
	return 0;
}

int xsw_mirror_set(const struct xsw_mirror_args *a)
{
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err;

	index = switch_open_port(a->sw, a->port, &sw, &p);
	if (index < 0)
		return index;
	err = p.mirror != a->mode ? mirror_set(&sw, index, &p, a->mode) : 0;
	switch_close(&sw);
	return err;
}

int xsw_mirror_show(const struct xsw_mirror_args *a, json_object **out)
{
	struct xsw_switch sw;
	struct xsw_port p;
	json_object *arr, *o;
	int index;
	__u32 i;

	*out = NULL;
	index = switch_open_port(a->sw, a->port, &sw, &p);
	if (index < 0)
		return index;
	arr = json_object_new_array();
	for (i = 1; i <= sw.cfg.max_port; i++) {
		if (port_get(&sw, i, &p) || p.state == XSW_PORT_FREE || (index && (__u32)index != i))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "switch", json_object_new_string(sw.name));
		json_object_object_add(o, "port", json_object_new_string(p.name));
		json_object_object_add(o, "mirror", json_object_new_string(mirror_modes[p.mirror % 3]));
		json_object_array_add(arr, o);
	}
	switch_close(&sw);
	*out = arr;
	return 0;
}

static void mirror_port_delete(struct xsw_switch *sw, __u32 index, struct xsw_port *p)
{
	if (p->mirror != XSW_MIRROR_NONE)
		mirror_set(sw, index, p, XSW_MIRROR_NONE);
}

static void mirror_show(struct xsw_switch *sw, __u32 index, const struct xsw_port *p,
			json_object *o)
{
	(void)sw;
	(void)index;
	json_object_object_add(o, "mirror", json_object_new_string(mirror_modes[p->mirror % 3]));
}

static void mirror_save(struct xsw_switch *sw, __u32 index, const struct xsw_port *p, FILE *out)
{
	(void)index;
	if (p->mirror != XSW_MIRROR_NONE)
		fprintf(out, "mirror set %s %s mode %s\n", sw->name, p->name,
			mirror_modes[p->mirror % 3]);
}

const struct port_feature mirror_feature = {
	.name = "mirror", .port_delete = mirror_port_delete, .show = mirror_show,
	.save = mirror_save,
};
