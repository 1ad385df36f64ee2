// SPDX-License-Identifier: GPL-2.0
/* xswctl fdb: the learned and static (MAC, VLAN) -> port entries. */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "fdb.h"
#include "util.h"

#define A struct xsw_fdb_args
static const struct opt show_opts[] = {
	ARG_SWITCH(A, sw),
	ARG_PORT_KEY(A, port, 0),
	{}
};

static const struct opt add_opts[] = {
	ARG_SWITCH(A, sw),
	{ .meta = "MAC", .type = OPT_MAC, .off = offsetof(A, mac), .what = "MAC address" },
	ARG_PORT_KEY(A, port, OPT_REQUIRED),
	{ .key = "vlan", .meta = "VID", .type = OPT_VID, .off = offsetof(A, vid) },
	{}
};

static const struct opt del_opts[] = {
	ARG_SWITCH(A, sw),
	{ .meta = "MAC", .type = OPT_MAC, .off = offsetof(A, mac), .what = "MAC address" },
	{ .key = "vlan", .meta = "VID", .type = OPT_VID, .off = offsetof(A, vid) },
	{}
};
#undef A

static int add_check(const void *args)
{
	return xsw_fdb_mac_check(((const struct xsw_fdb_args *)args)->mac);
}

RUN_SHOW(run_show, xsw_fdb_show)
RUN_CHANGE(run_add, xsw_fdb_add)
RUN_CHANGE(run_del, xsw_fdb_del)
RUN_CHANGE(run_flush, xsw_fdb_flush)

static void fdb_text(json_object *arr)
{
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i), *age, *iov;

		printf("%s vlan %" PRId64 " port %s", jstr(e, "mac"), jint(e, "vlan"), jstr(e, "port"));
		if (json_object_object_get_ex(e, "age", &age) && age)
			printf(" learned age %" PRId64 "s\n", json_object_get_int64(age));
		else if (json_object_object_get_ex(e, "iov", &iov) && iov)
			printf(" static (the VF of port %s)\n", json_object_get_string(iov));
		else
			printf(" static\n");
	}
}

#define ARGS_T struct xsw_fdb_args
static const struct cli_cmd cmds[] = {
	CMD("show", show_opts, ARGS_T, .run = run_show, .text = fdb_text),
	CMD("add", add_opts, ARGS_T, .check = add_check, .run = run_add, .write = true),
	CMD("del", del_opts, ARGS_T, .run = run_del, .write = true),
	CMD("flush", show_opts, ARGS_T, .run = run_flush, .write = true),
	{}
};
#undef ARGS_T

const struct cli_object fdb_object = {
	.name = "fdb",
	.cmds = cmds,
	.where = "MAC is a station's aa:bb:cc:dd:ee:ff, VID 0-4094 (0 = untagged).\n"
		 "add makes a static entry: it never ages and learning never moves it.\n"
		 "flush removes learned entries; static ones go with del. port PORT\n"
		 "limits show and flush to the port's entries. While a port's VF\n"
		 "carries its MAC (port set ... iov weight N), a static entry sends\n"
		 "the MAC to the uplink; it goes with the VF.",
};
