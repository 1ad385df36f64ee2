// SPDX-License-Identifier: GPL-2.0
/* save: a switch's running configuration as the xswctl commands that make it
 * again, for xswctl -batch: the switch, its ports in their lifecycle states,
 * what each port feature keeps (feature.h), the extensions, VMQ. Counters,
 * learned FDB entries and captures are not configuration. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "ext.h"
#include "feature.h"
#include "port.h"
#include "save.h"
#include "switch.h"
#include "vmq.h"

static const char *mode_word(int mode)
{
	return mode == XSW_MODE_TC ? "tc" : "xdp";
}

/* The port's own line: port add for a port with a NIC (or waiting for its
 * device), port create for one without. */
void save_port(const char *sw, const struct xsw_port *p, FILE *out)
{
	int state = p->flags & XSW_PF_WAITING ? p->want : p->state;

	if (state == XSW_PORT_CREATED || state == XSW_PORT_NIC_DELETED ||
	    state == XSW_PORT_TEARDOWN) {
		fprintf(out, "port create %s %s", sw, p->name);
		if (state != XSW_PORT_CREATED)
			fprintf(out, " state %s", xsw_state_name(state));
		fputc('\n', out);
		return;
	}
	fprintf(out, "port add %s %s dev %s", sw, p->name, p->dev);
	if (p->mode != XSW_MODE_NONE)
		fprintf(out, " mode %s", mode_word(p->mode));
	if (p->nic_type == XSW_NIC_SYNTHETIC || p->nic_type == XSW_NIC_EMULATED)
		fprintf(out, " type %s", nic_type_name(p->nic_type));
	if (state != XSW_PORT_NIC_CONNECTED)
		fprintf(out, " state %s", xsw_state_name(state));
	fputc('\n', out);
}

void save_switch_add(const struct xsw_config *cfg, const char *name, __u32 fdb_size,
		     __u32 max_ports, int uplink_mode, FILE *out)
{
	fprintf(out, "switch add %s type %s", name, switch_types[cfg->type]);
	if (cfg->type == XSW_SWITCH_EXTERNAL) {
		fprintf(out, " uplink %s", cfg->uplink);
		if (uplink_mode != XSW_MODE_NONE)
			fprintf(out, " mode %s", mode_word(uplink_mode));
		/* host off: the operator took the uplink as it was */
		fprintf(out, " host %s", cfg->host ? "on" : "off force");
		if (cfg->iov)
			fprintf(out, " iov on");
	}
	fprintf(out, " fdb-size %u max-ports %u\n", fdb_size, max_ports);
}

static bool own_port(const struct xsw_port *p)
{
	return strcmp(p->name, "uplink") && strcmp(p->name, "host");
}

static int save_one(const char *name, void *data)
{
	FILE *out = data;
	struct xsw_switch sw;
	struct xsw_port p, up = {};
	__u32 i;
	int err;

	err = switch_open(name, &sw);
	if (err)
		return err;
	port_find(&sw, "uplink", &up);
	fprintf(out, "# switch %s\n", sw.name);
	save_switch_add(&sw.cfg, sw.name, switch_fdb_size(&sw),
			switch_max_ports(&sw), up.mode, out);
	fprintf(out, "switch set %s ageing %llu\n", sw.name,
		(unsigned long long)(sw.cfg.ageing_ns / 1000000000ULL));
	for (i = 1; i <= sw.cfg.max_port; i++)
		if (!port_get(&sw, i, &p) && p.state != XSW_PORT_FREE && own_port(&p))
			save_port(sw.name, &p, out);
	for (i = 1; i <= sw.cfg.max_port; i++)
		if (!port_get(&sw, i, &p) && p.state != XSW_PORT_FREE)
			features_save(&sw, i, &p, out);
	ext_save(&sw, out);
	vmq_save(&sw, out);
	switch_close(&sw);
	return 0;
}

int xsw_save(const char *name, FILE *out)
{
	fprintf(out, "# xsw configuration: xswctl -batch FILE makes it again\n");
	return name ? save_one(name, out) : switch_for_each(save_one, out);
}
