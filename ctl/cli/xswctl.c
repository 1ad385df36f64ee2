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

#include "batch.h"
#include "cli.h"
#include "ctx.h"
#include "event.h"
#include "output.h"
#include "util.h"
#include "version.h"
#include "xsw/ext.h"

const struct cli_object *const cli_objects[] = {
	&switch_object, &port_object, &nic_object, &fdb_object, &stats_object, &ext_object,
	&acl_object, &mirror_object, &capture_object, &vmq_object, &vf_object, &save_object,
	&monitor_object,
	NULL,
};

static bool changed;	/* a command that changes state succeeded: autosave */

const struct cli_global cli_globals[] = {
	{ "json", 'j', NULL, "print JSON" },
	{ "pretty", 'p', NULL, "print pretty JSON" },
	{ "verbose", 'v', NULL, "log more, the verifier's log too (repeat for more)" },
	{ "root", 'r', "ROOT", "switches live in ROOT, on a bpffs (default $XSW_ROOT or\n"
			       XSW_ROOT_DEFAULT ")" },
	{ "batch", 'b', "FILE", "run the commands of FILE (- for stdin), one per line, as save\n"
				"writes them; stop at the first that fails" },
	{ "force", 'f', NULL, "with -batch: go on past a failing line" },
	{ "Version", 'V', NULL, "print the version, git commit, map layout and extension ABI" },
	{ "help", 'h', NULL, "print this help" },
	{}
};

static void usage(FILE *f)
{
	const struct cli_object *const *o;
	const struct cli_global *g;
	char name[32];
	int col;

	fprintf(f, "Usage: xswctl [ OPTIONS ] OBJECT { COMMAND | help } [ ARGS ]\n"
		   "       xswctl [ OPTIONS ] -batch FILE\n");
	col = fprintf(f, "where  OBJECT := {");
	for (o = cli_objects; *o; o++) {
		snprintf(name, sizeof(name), " %s%s", (*o)->name, o[1] ? " |" : " }");
		if (col + strlen(name) > 80)
			col = fprintf(f, "\n%18s", "");
		col += fprintf(f, "%s", name);
	}
	col = fprintf(f, "\n       OPTIONS := {") - 1;
	for (g = cli_globals; g->name; g++) {
		snprintf(name, sizeof(name), " -%c[%s]%s%s%s", g->name[0], g->name + 1,
			 g->meta ? " " : "", g->meta ? g->meta : "", g[1].name ? " |" : " }");
		if (col + strlen(name) > 80)
			col = fprintf(f, "\n%19s", "");
		col += fprintf(f, "%s", name);
	}
	fputc('\n', f);
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
		   "       object alone shows; xswctl OBJECT help prints its grammar. Every\n"
		   "       change rewrites %s ($XSW_CONF; $XSW_AUTOSAVE=off\n"
		   "       turns that off), which xsw.service restores at boot.\n",
		XSW_CONF_DEFAULT);
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

/* Tells xswd (if it runs) about a command that changed a switch: it logs it
 * and shows it to monitor. */
static void notify_change(struct xsw_ctx *ctx, const struct cli_object *obj,
			  const struct cli_cmd *cmd, int argc, char **argv)
{
	const struct opt *first = cmd->opts;
	bool has_sw = first && !first->key && first->what && !strcmp(first->what, "switch name");
	char what[64], args[1024];
	json_object *ev;
	size_t n = 0;
	int i;

	snprintf(what, sizeof(what), "%s%s%s", obj->name, cmd->name ? " " : "",
		 cmd->name ? cmd->name : "");
	args[0] = '\0';
	for (i = 0; i < argc && n < sizeof(args); i++)
		n += snprintf(args + n, sizeof(args) - n, "%s%s", i ? " " : "", argv[i]);
	ev = event_new(has_sw && argc > 0 ? argv[0] : NULL, "config", what);
	json_object_object_add(ev, "args", *args ? json_object_new_string(args) : NULL);
	event_notify(ctx, ev);
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
		changed |= !err && cmd->write && !cmd->transient;
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

int run_object(struct xsw_ctx *ctx, const char *at, const char *word, int argc, char **argv)
{
	const struct cli_object *obj;
	const struct cli_cmd *cmd = NULL;
	char where[96];
	int err;

	xsw_ctx_use(ctx);
	obj = cli_object_find(word);
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
	/* "line 3: port add", "capture", "port frob" */
	word = !obj ? NULL : cmd ? cmd->name : argc > 0 ? argv[0] : NULL;
	snprintf(where, sizeof(where), "%s%s%s%s%s", at ? at : "", at && obj ? ": " : "",
		 obj ? obj->name : "", word ? " " : "", word ? word : "");
	if (obj && !cmd && argc == 0)
		p_err(EINVAL, "missing command (try xswctl %s help)", obj->name);
	if (!cmd) {
		err = -EINVAL;
	} else {
		if (cmd->name && argc > 0)
			argc--, argv++;
		err = run_cmd(ctx, cmd, argc, argv);
		if (!err && cmd->write && !cmd->transient)
			notify_change(ctx, obj, cmd, argc, argv);
	}
	if (err)
		xsw_print_error(*where ? where : NULL, ctx->err ? ctx->err : err, ctx->msg);
	return err;
}

int xsw_main(int argc, char **argv)
{
	struct option opts[ARRAY_SIZE(cli_globals)] = {};
	char shortopts[2 * ARRAY_SIZE(cli_globals) + 1] = "+";
	const char *root = NULL, *batch = NULL;
	bool force = false;
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
		case 'b':
			batch = optarg;
			break;
		case 'f':
			force = true;
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
	if (!batch && argc > 1 && !strcmp(argv[0], "help")) {
		const struct cli_object *obj;
		struct xsw_ctx ctx = {};

		xsw_ctx_use(&ctx);	/* xswctl help OBJECT: no root needed */
		obj = cli_object_find(argv[1]);
		if (obj)
			cli_help(stdout, obj);
		else
			xsw_print_error(NULL, EINVAL, ctx.msg);
		return !obj;
	}
	if (!batch && (argc < 1 || !strcmp(argv[0], "help"))) {
		usage(argc < 1 ? stderr : stdout);
		return argc < 1;
	}
	if (force && !batch) {
		xsw_print_error(NULL, EINVAL, "-force goes with -batch");
		return 1;
	}
	if (batch && argc > 0) {
		xsw_print_error(NULL, EINVAL, "-batch takes its commands from FILE, not the command line");
		return 1;
	}
	changed = false;
	err = xsw_ctx_init(&ctx, root);
	if (err)
		xsw_print_error(NULL, err, ctx.msg);
	else if (batch)
		err = run_batch(&ctx, batch, force);
	else
		err = run_object(&ctx, NULL, argv[0], argc - 1, argv + 1);
	if (changed)
		autosave(&ctx);
	xsw_ctx_fini(&ctx);
	return err ? 1 : 0;
}
