/* SPDX-License-Identifier: GPL-2.0 */
/* A port's allowed-ips (ctl/lib/ips.c): the prefixes it may send from. */
#ifndef XSW_IPS_H
#define XSW_IPS_H

#include <stdio.h>
#include <json-c/json.h>

#include "state.h"

#define XSW_IPS_LIST_MAX 256	/* prefixes one port set takes */

/* Parses "10.0.0.5,10.0.1.0/24,2001:db8::/64" into @keys of port @port
 * (reported). The number of prefixes, or -EINVAL. */
int ips_parse(const char *list, __u32 port, struct xsw_ip_key *keys, int max);
/* Adds @n prefixes of a port; all or none. 0 or -errno (reported). */
int ips_put(struct xsw_switch *sw, const struct xsw_ip_key *keys, int n);
/* The prefixes of port @port, at most @max. Their number. */
int ips_get(struct xsw_switch *sw, __u32 port, struct xsw_ip_key *keys, int max);
/* Removes the prefixes of port @port that are not among @keep. */
void ips_prune(struct xsw_switch *sw, __u32 port, const struct xsw_ip_key *keep, int n);
/* The port's prefixes: a JSON array of strings. */
json_object *ips_json(struct xsw_switch *sw, __u32 port);
/* ... as an allowed-ips list, "" for none. */
void ips_list(struct xsw_switch *sw, __u32 port, char *buf, size_t size);

#endif /* XSW_IPS_H */
