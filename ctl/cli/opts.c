// SPDX-License-Identifier: GPL-2.0
/* The command tables at work: finding objects and commands (exact names or
 * unique prefixes), parsing a command's arguments into its args struct, and
 * the usage lines and help made from the same tables. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ctx.h"
#include "util.h"
#include "xsw/abi.h"

const char *const mode_words[] = { "xdp", "tc", NULL };
const int mode_values[] = { XSW_MODE_XDP, XSW_MODE_TC };
static const char *const onoff_words[] = { "off", "on", NULL };

/* Index of the name @word picks among @n names @name(i): exact, else a
 * unique prefix; -1 for none, -2 for several. */
static int pick(const char *word, int n, const char *(*name)(const void *tab, int i),
		const void *tab)
{
	size_t len = strlen(word);
	int i, found = -1;

	for (i = 0; i < n; i++)
		if (name(tab, i) && !strcmp(word, name(tab, i)))
			return i;
	for (i = 0; len && i < n; i++) {
		if (!name(tab, i) || strncmp(word, name(tab, i), len))
			continue;
		if (found >= 0)
			return -2;
		found = i;
	}
	return found;
}

static const char *object_name(const void *tab, int i)
{
	return ((const struct cli_object *const *)tab)[i]->name;
}

static const char *cmd_name(const void *tab, int i)
{
	const struct cli_cmd *c = &((const struct cli_cmd *)tab)[i];

	return c->name;
}

static void list_matches(const char *word, int n, const char *(*name)(const void *, int),
			 const void *tab, char *buf, size_t size)
{
	size_t len = strlen(word), at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && at < size; i++)
		if (name(tab, i) && !strncmp(word, name(tab, i), len))
			at += snprintf(buf + at, size - at, "%s%s", at ? ", " : "", name(tab, i));
}

const struct cli_object *cli_object_find(const char *word)
{
	int n = 0, i;
	char all[128];

	while (cli_objects[n])
		n++;
	i = pick(word, n, object_name, cli_objects);
	if (i >= 0)
		return cli_objects[i];
	if (i == -2) {
		list_matches(word, n, object_name, cli_objects, all, sizeof(all));
		p_err(EINVAL, "ambiguous object \"%s\": %s", word, all);
	} else {
		p_err(EINVAL, "unknown object \"%s\" (try xswctl help)", word);
	}
	return NULL;
}

const struct cli_cmd *cli_cmd_find(const struct cli_object *obj, const char *word)
{
	int n = 0, i;
	char all[128];

	while (obj->cmds[n].run)
		n++;
	i = pick(word, n, cmd_name, obj->cmds);
	/* iproute2's habit: list (or a prefix of it no command has) is show */
	if (i == -1 && !strncmp(word, "list", strlen(word)))
		i = pick("show", n, cmd_name, obj->cmds);
	if (i >= 0)
		return &obj->cmds[i];
	if (i == -2) {
		list_matches(word, n, cmd_name, obj->cmds, all, sizeof(all));
		p_err(EINVAL, "ambiguous command \"%s\": %s", word, all);
	} else {
		p_err(EINVAL, "unknown command \"%s\" (try help)", word);
	}
	return NULL;
}

/* --- parsing --------------------------------------------------------------- */

static const char *opt_what(const struct opt *o, char *buf, size_t size)
{
	if (o->what)
		return o->what;
	if (!o->key)
		return o->meta;
	snprintf(buf, size, "%s", o->key);
	return buf;
}

/* "a, b or c" */
static void words_list(const char *const *words, char *buf, size_t size)
{
	size_t at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; words[i] && at < size; i++)
		at += snprintf(buf + at, size - at, "%s%s", i == 0 ? "" : words[i + 1] ? ", " : " or ",
			       words[i]);
}

static int set_value(const struct opt *o, const char *w, void *args)
{
	void *v = (char *)args + o->off;
	char buf[64], list[128];
	const char *what = opt_what(o, buf, sizeof(buf));
	struct cpus *c = v;
	uint32_t u;
	int i;

	switch (o->type) {
	case OPT_NAME:
		if (!(o->flags & OPT_PIN ? pin_name_valid : name_valid)(w, o->max))
			return p_err(EINVAL, "bad %s \"%s\": 1-%u characters of A-Z a-z 0-9 _ %s-%s",
				     what, w, o->max - 1, o->flags & OPT_PIN ? "" : ". ",
				     o->flags & OPT_PIN ? ", not starting with -" : "");
		/* fall through */
	case OPT_STR:
		*(const char **)v = w;
		return 0;
	case OPT_WORD:
		i = word_index(w, o->words);
		if (i < 0) {
			words_list(o->words, list, sizeof(list));
			return p_err(EINVAL, "bad %s \"%s\": %s", what, w, list);
		}
		*(int *)v = o->values ? o->values[i] : i;
		return 0;
	case OPT_U32:
		if ((o->flags & OPT_OFF) && !strcmp(w, "off")) {
			*(uint32_t *)v = 0;
			return 0;
		}
		if (parse_u32(w, o->min, o->max, v))
			return p_err(EINVAL, "bad %s \"%s\": %u-%u%s", what, w, o->min, o->max,
				     o->flags & OPT_OFF ? " or off" : "");
		return 0;
	case OPT_MAC:
		if ((o->flags & OPT_AUTO) && !strcmp(w, "auto")) {
			memset(v, 0, 6);
			return 0;
		}
		if (parse_mac(w, v))
			return p_err(EINVAL, "bad MAC \"%s\": use aa:bb:cc:dd:ee:ff", w);
		return 0;
	case OPT_VID:
		if (parse_vid(w, v) || *(uint16_t *)v < o->min)
			return p_err(EINVAL, "VID out of range: \"%s\" (%u-%d)", w, o->min,
				     XSW_VID_MAX);
		return 0;
	case OPT_VIDS:
		if (parse_list(w, ((struct vids *)v)->bits, 1, XSW_VID_MAX))
			return p_err(EINVAL, "bad VID list \"%s\": like 10,20,100-199, VIDs 1-%d", w,
				     XSW_VID_MAX);
		return 0;
	case OPT_CPU:
	case OPT_CPUS:
		memset(c, 0, sizeof(*c));
		if ((o->flags & OPT_NONE) && !strcmp(w, "none"))
			return 0;
		if (o->type == OPT_CPUS && parse_cpus(w, c))
			return p_err(EINVAL, "bad CPU list \"%s\": like 0-3,6, CPUs 0-%d", w,
				     CPUS_MAX - 1);
		if (o->type == OPT_CPU) {
			if (parse_u32(w, 0, CPUS_MAX - 1, &u))
				return p_err(EINVAL, "bad CPU \"%s\": 0-%d", w, CPUS_MAX - 1);
			cpus_add(c, u);
		}
		return 0;
	case OPT_ADDR:
		if (parse_addr(w, v))
			return p_err(EINVAL, "bad address \"%s\": a MAC, or an IPv4 or IPv6 prefix", w);
		return 0;
	case OPT_ONOFF:
		i = word_index(w, onoff_words);
		if (i < 0)
			return p_err(EINVAL, "bad %s \"%s\": on or off", what, w);
		*(bool *)v = i;
		return 0;
	case OPT_FLAG:
		*(bool *)v = true;
		return 0;
	}
	return p_err(EINVAL, "bad option table");
}

static void mark_given(const struct opt *o, void *args)
{
	if (o->has)
		*(bool *)((char *)args + o->has - 1) = true;
	if (o->choice)
		*(int *)((char *)args + o->choice - 1) = o->choice_val;
}

/* The value part of a keyword option in help: META or { a | b }. */
static void value_text(const struct opt *o, char *buf, size_t size)
{
	size_t at = 0;
	int i;

	buf[0] = '\0';
	if (o->type == OPT_FLAG)
		return;
	if (o->type == OPT_ONOFF) {
		snprintf(buf, size, " { on | off }");
		return;
	}
	if (o->meta || !o->words) {
		snprintf(buf, size, " %s", o->meta ? o->meta : "VALUE");
		return;
	}
	at = snprintf(buf, size, " {");
	for (i = 0; o->words[i] && at < size; i++)
		at += snprintf(buf + at, size - at, "%s %s", i ? " |" : "", o->words[i]);
	if (at < size)
		snprintf(buf + at, size - at, " }");
}

/* "missing ..." for a required option, or the group it is in, not given. */
static int missing(const struct opt *opts, const struct opt *o)
{
	char text[256], val[128];
	size_t at = 0;
	const struct opt *g;

	if (!o->group) {
		value_text(o, val, sizeof(val));
		return p_err(EINVAL, "missing %s%s", o->key, val);
	}
	at = snprintf(text, sizeof(text), "{");
	for (g = opts; g->key || g->meta; g++) {
		if (g->group != o->group || at >= sizeof(text))
			continue;
		value_text(g, val, sizeof(val));
		at += snprintf(text + at, sizeof(text) - at, "%s %s%s", at > 1 ? " |" : "", g->key,
			       val);
	}
	return p_err(EINVAL, "missing %s }", text);
}

/* The number of words of @argc/@argv keyword @key takes (one or two), or 0
 * when they are not it. */
static int key_match(const char *key, int argc, char **argv)
{
	const char *sp = strchr(key, ' ');

	if (!sp)
		return !strcmp(key, argv[0]);
	return argc > 1 && !strncmp(key, argv[0], sp - key) && !argv[0][sp - key] &&
	       !strcmp(sp + 1, argv[1]) ? 2 : 0;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, void *args)
{
	int words = 0;

	bool given[64] = {};
	const struct opt *o, *g;
	char what[64];
	int i, n;

	memset(args, 0, cmd->size);
	if (cmd->init)
		cmd->init(args);
	for (n = 0; cmd->opts[n].key || cmd->opts[n].meta; n++)
		;
	if (n > (int)(sizeof(given) / sizeof(given[0])))
		return p_err(EINVAL, "a command table has more options than the parser takes");
	/* positional arguments first, in order */
	for (i = 0; i < n && !cmd->opts[i].key; i++) {
		o = &cmd->opts[i];
		if (argc == 0) {
			if (o->flags & OPT_OPTIONAL)
				break;
			return p_err(EINVAL, "missing %s", opt_what(o, what, sizeof(what)));
		}
		if (set_value(o, *argv, args))
			return -EINVAL;
		mark_given(o, args);
		argc--, argv++;
	}
	/* then keywords, in any order */
	while (argc > 0) {
		for (i = 0; i < n; i++)
			if (cmd->opts[i].key && (words = key_match(cmd->opts[i].key, argc, argv)))
				break;
		if (i == n)
			return p_err(EINVAL, "unexpected argument \"%s\"", *argv);
		o = &cmd->opts[i];
		if (given[i])
			return p_err(EINVAL, "\"%s\" given twice", o->key);
		for (g = cmd->opts; o->group && g < cmd->opts + n; g++)
			if (g != o && g->group == o->group && given[g - cmd->opts])
				return p_err(EINVAL, "\"%s\" and \"%s\" exclude each other: give one",
					     g->key, o->key);
		given[i] = true;
		argc -= words, argv += words;
		if (o->type != OPT_FLAG) {
			if (argc == 0) {
				char val[128];

				value_text(o, val, sizeof(val));
				if (o->what)
					return p_err(EINVAL, "missing %s", o->what);
				return p_err(EINVAL, "missing %s%s", o->key, val);
			}
			if (set_value(o, *argv, args))
				return -EINVAL;
			argc--, argv++;
		} else {
			set_value(o, NULL, args);
		}
		mark_given(o, args);
	}
	for (i = 0; i < n; i++) {
		o = &cmd->opts[i];
		if (!o->key || !(o->flags & OPT_REQUIRED) || given[i])
			continue;
		for (g = cmd->opts; o->group && g < cmd->opts + n; g++)
			if (g->group == o->group && given[g - cmd->opts])
				break;
		if (!o->group || g == cmd->opts + n)
			return missing(cmd->opts, o);
	}
	return cmd->check ? cmd->check(args) : 0;
}

/* --- help ------------------------------------------------------------------ */

/* Appends @word to the line in @f, wrapping at @width under @indent. */
static void put_word(FILE *f, const char *word, int *col, int indent, int width)
{
	int len = strlen(word);

	if (*col + 1 + len > width && *col > indent) {
		fprintf(f, "\n%*s", indent, "");
		*col = indent;
	} else if (*col > 0) {
		fputc(' ', f);
		(*col)++;
	}
	fputs(word, f);
	*col += len;
}

void cli_usage(FILE *f, const struct cli_object *obj, const struct cli_cmd *cmd, int margin,
	       int width)
{
	char word[256], val[128];
	const struct opt *o, *g;
	int col = 0, indent;
	size_t at;

	col = margin + fprintf(f, "xswctl %s%s%s", obj->name, cmd->name ? " " : "",
		      cmd->name ? cmd->name : "");
	indent = col + 1;
	for (o = cmd->opts; o->key || o->meta; o++) {
		if (!o->key) {
			snprintf(word, sizeof(word), o->flags & OPT_OPTIONAL ? "[ %s ]" : "%s",
				 o->meta);
		} else if (o->group && o > cmd->opts && o[-1].group == o->group) {
			continue;	/* written with the group's first */
		} else if (o->group) {
			at = snprintf(word, sizeof(word), "%s", o->flags & OPT_REQUIRED ? "{" : "[");
			for (g = o; g->key && g->group == o->group && at < sizeof(word); g++) {
				value_text(g, val, sizeof(val));
				at += snprintf(word + at, sizeof(word) - at, "%s %s%s",
					       g == o ? "" : " |", g->key, val);
			}
			if (at < sizeof(word))
				snprintf(word + at, sizeof(word) - at, " %s",
					 o->flags & OPT_REQUIRED ? "}" : "]");
		} else {
			value_text(o, val, sizeof(val));
			snprintf(word, sizeof(word), o->flags & OPT_REQUIRED ? "%s%s" : "[ %s%s ]",
				 o->key, val);
		}
		put_word(f, word, &col, indent, width);
	}
	fputc('\n', f);
}

void cli_help(FILE *f, const struct cli_object *obj)
{
	const struct cli_cmd *c;
	const char *w, *nl;

	for (c = obj->cmds; c->run; c++) {
		fputs(c == obj->cmds ? "Usage: " : "       ", f);
		cli_usage(f, obj, c, 7, 80);
	}
	for (w = obj->where; w && *w; w = nl ? nl + 1 : NULL) {
		nl = strchr(w, '\n');
		fprintf(f, "%s%.*s\n", w == obj->where ? "Where: " : "       ",
			nl ? (int)(nl - w) : (int)strlen(w), w);
	}
}
