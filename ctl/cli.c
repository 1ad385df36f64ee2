// SPDX-License-Identifier: GPL-2.0
/* xswctl [OPTIONS] OBJECT { COMMAND | help } [ARGS]: option parsing, the
 * object table and the argument helpers the object parsers share. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "state.h"
#include "util.h"

static const struct xsw_object *const objects[] = {
	&switch_object, &port_object, &nic_object, &fdb_object, &stats_object, &ext_object,
	&acl_object, &mirror_object, &capture_object, &vmq_object,
};

static void usage(void)
{
	fprintf(stderr,
		"Usage: xswctl [ OPTIONS ] OBJECT { COMMAND | help } [ ARGS ]\n"
		"where  OBJECT := { switch | port | nic | fdb | stats | ext | acl | mirror | capture | vmq }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -v[erbose] | -h[elp] }\n"
		"Where: -j prints JSON, -p pretty JSON, -v more logging (repeat for more);\n"
		"       xswctl OBJECT help prints each object's grammar.\n");
}

void req_init(struct xsw_req *req)
{
	memset(req, 0, sizeof(*req));
	req->type = -1;
	req->host = -1;
	req->kind = -1;
	req->enable = -1;
	req->dir = -1;
	req->side = -1;
	req->mirror = -1;
	req->weight = -1;
	req->interval = req->high = req->low = req->dwell = -1;
}

const char *arg_next(struct args *a, const char *what)
{
	if (a->argc <= 0) {
		p_err(EINVAL, "missing %s", what);
		return NULL;
	}
	a->argc--;
	return *a->argv++;
}

int arg_cmd(struct args *a, const char *const *cmds, const enum xsw_cmd *ids,
	    struct xsw_req *req)
{
	const char *w = arg_next(a, "command");
	int i;

	if (!w)
		return -EINVAL;
	i = word_index(w, cmds);
	if (i < 0)
		return p_err(EINVAL, "unknown command \"%s\" (try help)", w);
	req->cmd = ids[i];
	return 0;
}

int arg_switch_name(struct args *a, struct xsw_req *req)
{
	req->sw = arg_next(a, "switch name");
	if (!req->sw)
		return -EINVAL;
	if (!name_valid(req->sw, XSW_SWITCH_NAME_LEN))
		return p_err(EINVAL, "bad switch name \"%s\": 1-%d characters of A-Z a-z 0-9 _ . -",
			     req->sw, XSW_SWITCH_NAME_LEN - 1);
	return 0;
}

int arg_port_name(struct args *a, struct xsw_req *req)
{
	req->port = arg_next(a, "port name");
	if (!req->port)
		return -EINVAL;
	if (!name_valid(req->port, XSW_NAME_LEN))
		return p_err(EINVAL, "bad port name \"%s\": 1-%d characters of A-Z a-z 0-9 _ . -",
			     req->port, XSW_NAME_LEN - 1);
	return 0;
}

int arg_dev(struct args *a, const char **dev)
{
	*dev = arg_next(a, "device name");
	if (!*dev)
		return -EINVAL;
	if (!name_valid(*dev, XSW_NAME_LEN))
		return p_err(EINVAL, "bad device name \"%s\"", *dev);
	return 0;
}

int arg_mode(struct args *a, struct xsw_req *req)
{
	static const char *const modes[] = { "xdp", "tc", NULL };
	const char *w = arg_next(a, "mode (xdp or tc)");

	if (!w)
		return -EINVAL;
	switch (word_index(w, modes)) {
	case 0:
		req->mode = XSW_MODE_XDP;
		return 0;
	case 1:
		req->mode = XSW_MODE_TC;
		return 0;
	}
	return p_err(EINVAL, "bad mode \"%s\": xdp or tc", w);
}

int arg_nic(struct args *a, struct xsw_req *req)
{
	const char *w;

	while (a->argc > 0) {
		w = arg_next(a, "argument");
		if (!strcmp(w, "dev")) {
			if (arg_dev(a, &req->dev))
				return -EINVAL;
		} else if (!strcmp(w, "mode")) {
			if (arg_mode(a, req))
				return -EINVAL;
		} else {
			return p_err(EINVAL, "unexpected argument \"%s\"", w);
		}
	}
	if (!req->dev)
		return p_err(EINVAL, "missing dev IFNAME");
	return 0;
}

int args_end(struct args *a)
{
	if (a->argc > 0)
		return p_err(EINVAL, "unexpected argument \"%s\"", *a->argv);
	return 0;
}

static int run_object(const struct xsw_object *obj, int argc, char **argv)
{
	struct xsw_req req;
	int err;

	xsw_err_context(obj->name, argc > 0 ? argv[0] : NULL);
	if (argc > 0 && !strcmp(argv[0], "help")) {
		obj->help();
		return 0;
	}
	err = obj->parse(argc, argv, &req);
	if (err)
		return err;
	xsw_err_context(obj->name, argv[0]);
	err = xsw_env_init(req.cmd != CMD_SHOW);
	if (err)
		return err;
	err = obj->run(&req);
	if (err && !xsw_err_reported())
		p_err(-err, "%s", strerror(-err));
	return err;
}

int xsw_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	unsigned int i;
	int c;

	optind = 0;	/* glibc: full re-initialisation */
	opterr = 0;	/* bad options are reported below, as JSON under -j */
	xsw_err_reset();
	xsw_err_context(NULL, NULL);
	while ((c = getopt_long(argc, argv, "+jpvh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			xsw_json = true;
			break;
		case 'p':
			xsw_json = xsw_pretty = true;
			break;
		case 'v':
			xsw_verbosity++;
			break;
		case 'h':
			usage();
			return 0;
		default:
			p_err(EINVAL, "unknown option \"%s\" (try xswctl help)", argv[optind - 1]);
			return 1;
		}
	}
	argc -= optind;
	argv += optind;
	xsw_log_init();
	if (argc < 1 || !strcmp(argv[0], "help")) {
		usage();
		return argc < 1;
	}
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (!strcmp(argv[0], objects[i]->name))
			return run_object(objects[i], argc - 1, argv + 1) ? 1 : 0;
	p_err(EINVAL, "unknown object \"%s\" (try xswctl help)", argv[0]);
	return 1;
}
