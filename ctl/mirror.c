// SPDX-License-Identifier: GPL-2.0
/* `xswctl mirror ...`: Hyper-V PortMirroring. A port's mode is kept in its
 * xsw_port entry; the switch counts its destination ports so the datapath
 * skips the check while there are none. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
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
		return p_err(-err, "cannot set mirroring of port \"%s\": %s", p->name, strerror(-err));
	}
	return 0;
}

static int run_mirror(const struct xsw_req *req)
{
	struct xsw_switch sw;
	struct xsw_port p;
	int index, err;

	index = switch_open_port(req->sw, req->port, &sw, &p);
	if (index < 0)
		return index;
	err = p.mirror != req->mirror ? mirror_set(&sw, index, &p, req->mirror) : 0;
	if (!err)
		xsw_print_done();
	switch_close(&sw);
	return err;
}

static int parse_mirror(int argc, char **argv, struct xsw_req *req)
{
	static const char *const cmds[] = { "set", NULL };
	static const enum xsw_cmd ids[] = { CMD_SET };
	struct args a = { argc, argv };
	const char *w;

	req_init(req);
	if (arg_cmd(&a, cmds, ids, req) || arg_switch_name(&a, req) || arg_port_name(&a, req))
		return -EINVAL;
	if (!(w = arg_next(&a, "mode")))
		return -EINVAL;
	if (strcmp(w, "mode"))
		return p_err(EINVAL, "unexpected argument \"%s\"", w);
	if (!(w = arg_next(&a, "mirror mode")))
		return -EINVAL;
	req->mirror = word_index(w, mirror_modes);
	if (req->mirror < 0)
		return p_err(EINVAL, "bad mirror mode \"%s\": source, destination or none", w);
	return args_end(&a);
}

static void help_mirror(void)
{
	fprintf(stderr,
		"Usage: xswctl mirror set SWITCH PORT mode { source | destination | none }\n"
		"Where: what a source port sends or receives is also delivered to every\n"
		"       destination port of the switch. port show lists each port's mode.\n");
}

const struct xsw_object mirror_object = {
	.name = "mirror", .parse = parse_mirror, .run = run_mirror, .help = help_mirror,
};
