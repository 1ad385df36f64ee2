/* SPDX-License-Identifier: GPL-2.0 */
/* Events: what xswd logs and tells `xswctl monitor` (ctl/lib/event.c). An
 * event is one JSON object:
 *   {"time": <unix seconds>, "switch": NAME or null, "kind": KIND,
 *    "event": WHAT, ...its own fields}
 * KIND is "fdb" (learned, moved, aged, flushed), "port" (gone, renamed, down,
 * up, completed, ...), "repair", "config" (a command that changed a switch),
 * "vmq" (a rebalancer move) or "iov" (a port's VF revoked or assigned). */
#ifndef XSW_EVENT_H
#define XSW_EVENT_H

#include <stddef.h>
#include <json-c/json.h>

#include "ctx.h"

/* The socket xswd listens on for the switches under @ctx's root:
 * /run/xsw/xswd.sock for the default root, else the root in the name. */
void event_sock_path(const struct xsw_ctx *ctx, char *path, size_t len);

/* A new event of @kind; the caller adds its fields. */
json_object *event_new(const char *sw, const char *kind, const char *what);
/* @ev as one line of text: "SWITCH: KIND WHAT key value ...". */
void event_text(json_object *ev, char *buf, size_t len);
/* Gives @ev to xswd, if it runs for @ctx's root; frees @ev. Never fails:
 * without xswd there is nobody to tell. */
void event_notify(const struct xsw_ctx *ctx, json_object *ev);

#endif /* XSW_EVENT_H */
