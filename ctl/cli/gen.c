// SPDX-License-Identifier: GPL-2.0
/* xswctl-gen { man | bash }: the man page xswctl.8 and the bash completion,
 * made from the same command tables the parser and help use, so neither can
 * drift from the grammar. Run by the build; not installed. */
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "ctx.h"
#include "version.h"

/* Writes @text for troff: a leading '.' or '\'' escaped, '\' doubled. */
static void roff(const char *text)
{
	const char *p;

	for (p = text; *p; p++) {
		if ((p == text || p[-1] == '\n') && (*p == '.' || *p == '\''))
			fputs("\\&", stdout);
		if (*p == '\\')
			fputs("\\e", stdout);
		else if (*p == '-')
			fputs("\\-", stdout);
		else
			fputc(*p, stdout);
	}
}

static void man(void)
{
	const struct cli_object *const *obj;
	const struct cli_global *g;
	const struct cli_cmd *c;
	char *usage;
	size_t size;
	FILE *f;

	printf(".TH XSWCTL 8 \"\" \"xsw %s\" \"System Manager's Manual\"\n", XSW_VERSION);
	printf(".SH NAME\nxswctl \\- manage xsw virtual switches\n");
	printf(".SH SYNOPSIS\n.B xswctl\n[ \\fIOPTIONS\\fR ] \\fIOBJECT\\fR { \\fICOMMAND\\fR | "
	       "\\fBhelp\\fR } [ \\fIARGS\\fR ]\n");
	printf(".SH DESCRIPTION\n"
	       "xsw is a virtual switch for Linux hosts in eBPF, after the Hyper-V Extensible\n"
	       "Switch: VMs and containers plug into switch ports; the datapath is XDP or TC\n"
	       "BPF code; xswctl loads it and keeps all state pinned in bpffs, so\n"
	       "forwarding goes on after it exits. Objects and commands may be shortened to\n"
	       "a unique prefix; \\fBlist\\fR is \\fBshow\\fR; an object alone shows.\n"
	       "A command that fails prints one line naming the problem, exits 1 and leaves\n"
	       "nothing changed.\n");
	printf(".SH OPTIONS\n");
	for (g = cli_globals; g->name; g++) {
		printf(".TP\n.B \\-%c, \\-%s%s%s%s\n", g->short_name, g->name,
		       g->meta ? " \\fI" : "", g->meta ? g->meta : "", g->meta ? "\\fR" : "");
		roff(g->help);
		printf("\n");
	}
	printf(".SH COMMANDS\n");
	for (obj = cli_objects; *obj; obj++) {
		printf(".SS %s\n.nf\n", (*obj)->name);
		for (c = (*obj)->cmds; c->run; c++) {
			f = open_memstream(&usage, &size);
			cli_usage(f, *obj, c, 0, 78);
			fclose(f);
			roff(usage);
			free(usage);
		}
		printf(".fi\n.PP\n");
		roff((*obj)->where);
		printf("\n");
	}
	printf(".SH ENVIRONMENT\n"
	       ".TP\n.B XSW_ROOT\nThe pin root, as \\fB\\-root\\fR (default %s).\n"
	       ".TP\n.B XSW_LOCK\nThe lock file that serialises changes (default %s for the\n"
	       "default root, /run/xsw\\-\\fIROOT\\fR.lock with slashes as dashes for another).\n",
	       XSW_ROOT_DEFAULT, XSW_LOCK_DEFAULT);
	printf(".TP\n.B XSW_CONF\nThe file every change rewrites with \\fBxswctl save\\fR (default\n"
	       "%s for the default root; another root saves only when it is set).\n"
	       ".TP\n.B XSW_AUTOSAVE\n\\fBoff\\fR: changes do not rewrite the file.\n",
	       XSW_CONF_DEFAULT);
	printf(".SH FILES\n.TP\n.I %s\nThe saved configuration: xswctl commands, one per line, that\n"
	       "\\fBxswctl \\-batch\\fR runs; \\fBxsw.service\\fR restores it at boot.\n"
	       ".TP\n.I %s/SWITCH/\nA switch's pinned maps, programs and links.\n",
	       XSW_CONF_DEFAULT, XSW_ROOT_DEFAULT);
	printf(".SH EXIT STATUS\n0 on success, 1 when the command failed.\n");
	printf(".SH SEE ALSO\n.BR ip (8),\n.BR bridge (8),\n.BR bpftool (8)\n");
}

/* The value words option @o completes with, for bash. */
static void value_words(const struct opt *o)
{
	int i;

	if (o->type == OPT_ONOFF)
		printf("on off");
	else if (o->type == OPT_WORD)
		for (i = 0; o->words[i]; i++)
			printf("%s%s", i ? " " : "", o->words[i]);
	else if (o->type == OPT_NAME && o->meta && !strcmp(o->meta, "IFNAME"))
		printf("@dev");
	else if (o->type == OPT_STR)
		printf("@file");
}

/* Length of the first word of keyword @key. */
static int first_len(const char *key)
{
	return strcspn(key, " ");
}

/* An option before @o in @opts has the first word of @o's keyword. */
static bool first_seen(const struct opt *opts, const struct opt *o)
{
	const struct opt *p;

	for (p = opts; p < o; p++)
		if (p->key && first_len(p->key) == first_len(o->key) &&
		    !strncmp(p->key, o->key, first_len(o->key)))
			return true;
	return false;
}

/* The second words of the keywords, from @o on, that start as @o's does. */
static void second_words(const struct opt *o)
{
	const struct opt *p;

	for (p = o; p->key || p->meta; p++)
		if (p->key && p->key[first_len(p->key)] && first_len(p->key) == first_len(o->key) &&
		    !strncmp(p->key, o->key, first_len(o->key)))
			printf("%s%s", p == o ? "" : " ", p->key + first_len(p->key) + 1);
}

static void bash(void)
{
	const struct cli_object *const *obj;
	const struct cli_global *g;
	const struct cli_cmd *c;
	const struct opt *o;

	printf("# bash completion for xswctl, made from its command tables (xswctl-gen)\n"
	       "_xswctl()\n{\n"
	       "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	       "\tlocal i=1 obj= cmd= keys= vals= root=${XSW_ROOT:-%s}\n"
	       "\twhile [ $i -lt $COMP_CWORD ]; do\n"
	       "\t\tcase ${COMP_WORDS[i]} in\n"
	       "\t\t-r|-root) i=$((i + 1)); root=${COMP_WORDS[i]} ;;\n"
	       "\t\t-*) ;;\n"
	       "\t\t*) if [ -z \"$obj\" ]; then obj=${COMP_WORDS[i]}\n"
	       "\t\t   elif [ -z \"$cmd\" ]; then cmd=${COMP_WORDS[i]}; fi ;;\n"
	       "\t\tesac\n\t\ti=$((i + 1))\n\tdone\n", XSW_ROOT_DEFAULT);
	printf("\tif [ -z \"$obj\" ]; then\n\t\tCOMPREPLY=($(compgen -W \"");
	for (obj = cli_objects; *obj; obj++)
		printf("%s ", (*obj)->name);
	for (g = cli_globals; g->name; g++)
		printf("-%s ", g->name);
	printf("help\" -- \"$cur\"))\n\t\treturn\n\tfi\n");
	/* commands of each object; capture has none */
	printf("\tcase $obj in\n");
	for (obj = cli_objects; *obj; obj++) {
		if (!(*obj)->cmds[0].name)
			continue;
		printf("\t%s)\n\t\tif [ -z \"$cmd\" ]; then\n\t\t\tCOMPREPLY=($(compgen -W \"",
		       (*obj)->name);
		for (c = (*obj)->cmds; c->run; c++)
			printf("%s ", c->name);
		printf("help\" -- \"$cur\"))\n\t\t\treturn\n\t\tfi ;;\n");
	}
	printf("\tesac\n");
	/* keywords and their values, per command */
	printf("\tcase \"$obj $cmd\" in\n");
	for (obj = cli_objects; *obj; obj++) {
		for (c = (*obj)->cmds; c->run; c++) {
			printf("\t\"%s %s\"*)\n\t\tkeys=\"", (*obj)->name,
			       c->name ? c->name : "");
			for (o = c->opts; o->key || o->meta; o++)
				if (o->key && !first_seen(c->opts, o))
					printf("%.*s ", first_len(o->key), o->key);
			printf("\"\n\t\tcase $prev in\n");
			/* a two-word keyword: its first word completes with the seconds */
			for (o = c->opts; o->key || o->meta; o++) {
				if (!o->key || !o->key[first_len(o->key)] || first_seen(c->opts, o))
					continue;
				printf("\t\t%.*s) vals=\"", first_len(o->key), o->key);
				second_words(o);
				printf("\" ;;\n");
			}
			for (o = c->opts; o->key || o->meta; o++) {
				if (!o->key || o->type == OPT_FLAG)
					continue;
				printf("\t\t%s) vals=\"", o->key + (o->key[first_len(o->key)] ?
								   first_len(o->key) + 1 : 0));
				value_words(o);
				printf("\" ;;\n");
			}
			printf("\t\tesac ;;\n");
		}
	}
	printf("\tesac\n"
	       "\tcase $vals in\n"
	       "\t@dev) COMPREPLY=($(compgen -W \"$(ls /sys/class/net 2>/dev/null)\" -- \"$cur\")) ;;\n"
	       "\t@file) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
	       "\t?*) COMPREPLY=($(compgen -W \"$vals\" -- \"$cur\")) ;;\n"
	       "\t*) if { [ \"$obj\" != capture ] && [ \"$prev\" = \"$cmd\" ]; } ||\n"
	       "\t      { [ \"$obj\" = capture ] && [ \"$prev\" = \"$obj\" ]; }; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$(ls \"$root\" 2>/dev/null)\" -- \"$cur\"))\n"
	       "\t   else\n"
	       "\t\tCOMPREPLY=($(compgen -W \"$keys\" -- \"$cur\"))\n"
	       "\t   fi ;;\n"
	       "\tesac\n}\ncomplete -F _xswctl xswctl\n");
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "man"))
		man();
	else if (argc == 2 && !strcmp(argv[1], "bash"))
		bash();
	else
		return fprintf(stderr, "usage: xswctl-gen { man | bash }\n"), 2;
	return 0;
}
