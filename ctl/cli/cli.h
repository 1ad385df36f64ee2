/* SPDX-License-Identifier: GPL-2.0 */
/* xswctl's command tables. Each command declares its arguments once, as a
 * table of struct opt; from those tables come the parser (opts.c), the help
 * text, the man page's synopsis and the bash completion (gen.c). A command
 * parses argv into its operation's own argument struct and runs the
 * operation (ctl/lib/) through a run function; the front end prints. */
#ifndef XSW_CLI_H
#define XSW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

enum opt_type {
	OPT_NAME,	/* a name: letters, digits, _ . - (const char *) */
	OPT_STR,	/* any word: a file, an expression (const char *) */
	OPT_WORD,	/* one of .words: its index, or .values[index] (int) */
	OPT_U32,	/* decimal in [.min, .max] (uint32_t) */
	OPT_MAC,	/* aa:bb:cc:dd:ee:ff (uint8_t[6]) */
	OPT_VID,	/* 802.1Q VID 0-4094, or .min-4094 (uint16_t) */
	OPT_VIDS,	/* a VID list: 10,20,100-199, VIDs 1-4094 (struct vids) */
	OPT_CPU,	/* one CPU (struct cpus) */
	OPT_CPUS,	/* a CPU list: 0-3,6 (struct cpus) */
	OPT_ADDR,	/* a MAC or an IP prefix (struct addr) */
	OPT_ONOFF,	/* on or off (bool) */
	OPT_FLAG,	/* a keyword alone (bool, set true) */
};

enum opt_flags {
	OPT_REQUIRED	= 1 << 0,	/* must be given (a group: one of it) */
	OPT_OPTIONAL	= 1 << 1,	/* a positional argument that may be left out */
	OPT_NONE	= 1 << 2,	/* OPT_CPU, OPT_CPUS: "none" gives the empty set */
	OPT_PIN		= 1 << 3,	/* OPT_NAME: a bpffs pin name: no '.', no leading '-' */
	OPT_OFF		= 1 << 4,	/* OPT_U32: "off" gives 0 */
	OPT_AUTO	= 1 << 5,	/* OPT_MAC: "auto" gives 00:00:00:00:00:00 */
};

/* One argument: a positional one (.key NULL) or KEYWORD [VALUE]. A keyword
 * may be two words ("vlan access"). */
struct opt {
	const char *key;
	const char *meta;	/* the value in help text: "IFNAME"; words are listed */
	enum opt_type type;
	unsigned int flags;
	size_t off;		/* where the value goes in the command's args struct */
	size_t has;		/* HAS(field): a bool set when given; 0 for none */
	const char *const *words;	/* OPT_WORD: the choices, NULL-terminated */
	const int *values;	/* OPT_WORD: what each choice sets, else its index */
	uint32_t min, max;	/* OPT_U32: the range; OPT_NAME: max length, with NUL */
	int group;		/* options of one group (> 0) exclude each other */
	size_t choice;		/* HAS(field): an int set to .choice_val when given */
	int choice_val;
	const char *what;	/* what messages call it: "switch name" */
};

/* An offset that is never 0, so 0 can mean "none". */
#define HAS(T, field) (offsetof(T, field) + 1)

struct cli_cmd {
	const char *name;	/* NULL: the object's only command, run without a word */
	const struct opt *opts;	/* ends with an entry without .meta and .key */
	size_t size;		/* of the args struct */
	void (*init)(void *args);	/* defaults; NULL: all zero */
	int (*check)(const void *args);	/* rules across options; reports its errors */
	/* Runs the operation; a show sets *@out to what to print. */
	int (*run)(const void *args, json_object **out);
	void (*text)(json_object *out);	/* prints *out as text */
	bool write;		/* changes state: takes the lock exclusive */
	bool streams;		/* prints as it goes: nothing at the end */
	bool transient;		/* no autosave: its changes are undone when it ends, or
				 * are no switch's configuration (vf) */
};

/* A command table entry: CMD("add", add_opts, struct xsw_fdb_args, .run = ...) */
#define CMD(name_, opts_, T, ...) { .name = (name_), .opts = (opts_), .size = sizeof(T), __VA_ARGS__ }

struct cli_object {
	const char *name;
	const struct cli_cmd *cmds;	/* ends with an entry without .run */
	const char *where;	/* the help's Where: section */
};

/* Run functions for operations that take the command's args struct: one
 * that changes state, one that shows. */
#define RUN_CHANGE(fn, op)                                        \
	static int fn(const void *args, json_object **out)       \
	{                                                         \
		(void)out;                                        \
		return op(args);                                  \
	}
#define RUN_SHOW(fn, op)                                          \
	static int fn(const void *args, json_object **out)       \
	{                                                         \
		return op(args, out);                             \
	}

/* Arguments many commands take. */
#define ARG_SWITCH(T, field)                                                    \
	{ .meta = "SWITCH", .type = OPT_NAME, .flags = OPT_PIN, .off = offsetof(T, field), \
	  .max = XSW_SWITCH_NAME_LEN, .what = "switch name" }
#define ARG_PORT(T, field, fl)                                                  \
	{ .meta = "PORT", .type = OPT_NAME, .flags = (fl) | OPT_PIN, .off = offsetof(T, field), \
	  .max = XSW_NAME_LEN, .what = "port name" }
#define ARG_PORT_KEY(T, field, fl)                                              \
	{ .key = "port", .meta = "PORT", .type = OPT_NAME, .flags = (fl) | OPT_PIN,  \
	  .off = offsetof(T, field), .max = XSW_NAME_LEN, .what = "port name" }
#define ARG_DEV(key_, T, field, fl)                                             \
	{ .key = (key_), .meta = "IFNAME", .type = OPT_NAME, .flags = (fl),          \
	  .off = offsetof(T, field), .max = XSW_NAME_LEN, .what = "device name" }
#define ARG_MODE(T, field)                                                      \
	{ .key = "mode", .type = OPT_WORD, .words = mode_words, .values = mode_values, \
	  .off = offsetof(T, field) }

extern const char *const mode_words[];	/* xdp, tc */
extern const int mode_values[];		/* their enum xsw_mode */

extern const struct cli_object switch_object, port_object, nic_object, fdb_object,
	stats_object, ext_object, acl_object, mirror_object, capture_object, vmq_object,
	save_object, monitor_object, vf_object;
/* Every object, in help order, NULL-terminated. */
extern const struct cli_object *const cli_objects[];

/* xswctl's own options, before the object: -json or -j. */
struct cli_global {
	const char *name;
	char short_name;
	const char *meta;	/* its value, NULL for none */
	const char *help;
};

extern const struct cli_global cli_globals[];	/* ends with an entry without .name */

/* Runs xswctl with its arguments; returns the exit status. */
int xsw_main(int argc, char **argv);

/* The object or command @word names: an exact name, else a unique prefix.
 * NULL, reported, when none or several. */
const struct cli_object *cli_object_find(const char *word);
const struct cli_cmd *cli_cmd_find(const struct cli_object *obj, const char *word);
/* Parses @argc words into @args (initialised here); reports its errors. */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, void *args);
/* "xswctl OBJECT COMMAND ARGS..." of @cmd, written at column @margin,
 * wrapped at @width columns. */
void cli_usage(FILE *f, const struct cli_object *obj, const struct cli_cmd *cmd, int margin,
	       int width);
/* The help of @obj: every command's usage, then Where:. */
void cli_help(FILE *f, const struct cli_object *obj);

#endif /* XSW_CLI_H */
