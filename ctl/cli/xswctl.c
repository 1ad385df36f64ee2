// SPDX-License-Identifier: GPL-2.0
/* xswctl [ OPTIONS ] OBJECT { COMMAND | help } [ ARGS ]: the global options,
 * and one command run from its table: parse, take the lock, run the
 * operation, print. */
#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctx.h"
#include "output.h"
#include "util.h"
#include "version.h"
#include "xsw/ext.h"

const struct cli_object *const cli_objects[] = {
	&switch_object, &port_object, &nic_object, &fdb_object, &stats_object, &ext_object,
	&acl_object, &mirror_object, &capture_object, &vmq_object, NULL,
};

const struct cli_global cli_globals[] = {
	{ "json", 'j', NULL, "print JSON" },
	{ "pretty", 'p', NULL, "print pretty JSON" },
	{ "verbose", 'v', NULL, "log more, the verifier's log too (repeat for more)" },
	{ "root", 'r', "ROOT", "switches live in ROOT, on a bpffs (default $XSW_ROOT or\n"
			       XSW_ROOT_DEFAULT ")" },
	{ "Version", 'V', NULL, "print the version, git commit, map layout and extension ABI" },
	{ "help", 'h', NULL, "print this help" },
	{}
};

static void usage(FILE *f)
{
	const struct cli_object *const *o;
	const struct cli_global *g;
	char name[32];

	fprintf(f, "Usage: xswctl [ OPTIONS ] OBJECT { COMMAND | help } [ ARGS ]\n"
		   "where  OBJECT := {");
	for (o = cli_objects; *o; o++)
		fprintf(f, " %s%s", (*o)->name, o[1] ? " |" : " }\n");
	fprintf(f, "       OPTIONS := {");
	for (g = cli_globals; g->name; g++)
		fprintf(f, " -%c[%s]%s%s%s", g->name[0], g->name + 1, g->meta ? " " : "",
			g->meta ? g->meta : "", g[1].name ? " |" : " }\n");
	for (g = cli_globals; g->name; g++) {
		const char *nl = strchr(g->help, '\n');

		snprintf(name, sizeof(name), "-%s%s%s", g->name, g->meta ? " " : "",
			 g->meta ? g->meta : "");
		fprintf(f, "%s%-11s %.*s\n", g == cli_globals ? "Where: " : "       ", name,
			nl ? (int)(nl - g->help) : (int)strlen(g->help), g->help);
		if (nl)
			fprintf(f, "%19s%s\n", "", nl + 1);
	}
	fprintf(f, "       Objects and commands may be shortened to a unique prefix; an\n"
		   "       object alone shows; xswctl OBJECT help prints its grammar.\n");
}

static void version_text(json_object *o)
{
	printf("xswctl %s (git %s), map layout %" PRId64 ", extension ABI %" PRId64 "\n",
	       jstr(o, "version"), jstr(o, "git_commit"), jint(o, "map_layout"),
	       jint(o, "extension_abi"));
}

static void version(void)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "version", json_object_new_string(XSW_VERSION));
	json_object_object_add(o, "git_commit", json_object_new_string(XSW_GIT_COMMIT));
	json_object_object_add(o, "map_layout", json_object_new_int(XSW_LAYOUT_VERSION));
	json_object_object_add(o, "extension_abi", json_object_new_int(XSW_EXT_ABI_VERSION));
	xsw_print(o, version_text);
}

/* The object's show command, for an object given alone. */
static const struct cli_cmd *show_cmd(const struct cli_object *obj)
{
	const struct cli_cmd *c;

	for (c = obj->cmds; c->run; c++)
		if (c->name && !strcmp(c->name, "show"))
			return c;
	return obj->cmds[0].name ? NULL : &obj->cmds[0];
}

static int run_cmd(struct xsw_ctx *ctx, const struct cli_cmd *cmd, int argc, char **argv)
{
	json_object *out = NULL;
	void *args = calloc(1, cmd->size);
	int err;

	if (!args)
		return -ENOMEM;
	err = cli_parse(cmd, argc, argv, args);
	if (!err) {
		err = xsw_begin(ctx, cmd->write);
		if (!err)
			err = cmd->run(args, &out);
		xsw_end(ctx);
	}
	free(args);
	if (err && out)
		json_object_put(out);
	else if (out)
		xsw_print(out, cmd->text);
	else if (!err && !cmd->streams)
		xsw_print_done();
	return err;
}

/* Runs `xswctl OBJECT ARGS`; returns 0 or a negative errno, printed. */
static int run_object(struct xsw_ctx *ctx, const char *word, int argc, char **argv)
{
	const struct cli_object *obj = cli_object_find(word);
	const struct cli_cmd *cmd = NULL;
	char where[64];
	int err;

	snprintf(where, sizeof(where), "%s", obj ? obj->name : "");
	if (obj && argc > 0 && !strcmp(argv[0], "help")) {
		cli_help(stdout, obj);
		return 0;
	}
	if (obj && argc == 0)
		cmd = show_cmd(obj);
	else if (obj && !obj->cmds[0].name)
		cmd = &obj->cmds[0];
	else if (obj)
		cmd = cli_cmd_find(obj, argv[0]);
	if (obj && (cmd || argc > 0))
		snprintf(where, sizeof(where), "%s %s", obj->name,
			 cmd && cmd->name ? cmd->name : cmd ? "" : argv[0]);
	if (obj && !cmd && argc == 0)
		p_err(EINVAL, "missing command (try xswctl %s help)", obj->name);
	if (!cmd) {
		err = -EINVAL;
	} else {
		if (cmd->name && argc > 0)
			argc--, argv++;
		err = run_cmd(ctx, cmd, argc, argv);
	}
	if (err)
		xsw_print_error(obj ? where : NULL, ctx->err ? ctx->err : err, ctx->msg);
	return err;
}

int xsw_main(int argc, char **argv)
{
	struct option opts[ARRAY_SIZE(cli_globals)] = {};
	char shortopts[2 * ARRAY_SIZE(cli_globals) + 1] = "+";
	const char *root = NULL;
	struct xsw_ctx ctx;
	int c, err, i;

	for (i = 0; cli_globals[i].name; i++) {
		opts[i] = (struct option){ cli_globals[i].name,
					   cli_globals[i].meta ? required_argument : no_argument,
					   NULL, cli_globals[i].short_name };
		snprintf(shortopts + strlen(shortopts), 3, "%c%s", cli_globals[i].short_name,
			 cli_globals[i].meta ? ":" : "");
	}
	optind = 0;	/* glibc: full re-initialisation */
	opterr = 0;	/* bad options are reported below, as JSON under -j */
	xsw_json = xsw_pretty = false;
	xsw_verbosity = 0;
	while ((c = getopt_long_only(argc, argv, shortopts, opts, NULL)) != -1) {
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
		case 'r':
			root = optarg;
			break;
		case 'V':
			version();
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default: {
			char msg[128];

			snprintf(msg, sizeof(msg), "unknown option \"%s\" (try xswctl help)",
				 argv[optind - 1]);
			xsw_print_error(NULL, EINVAL, msg);
			return 1;
		}
		}
	}
	argc -= optind;
	argv += optind;
	xsw_log_init(xsw_print_log);
	if (argc < 1 || !strcmp(argv[0], "help")) {
		usage(argc < 1 ? stderr : stdout);
		return argc < 1;
	}
	err = xsw_ctx_init(&ctx, root);
	if (!err)
		err = run_object(&ctx, argv[0], argc - 1, argv + 1);
	else
		xsw_print_error(NULL, err, ctx.msg);
	xsw_ctx_fini(&ctx);
	return err ? 1 : 0;
}
