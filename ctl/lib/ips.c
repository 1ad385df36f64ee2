// SPDX-License-Identifier: GPL-2.0
/* A port's allowed-ips: its prefixes in the switch's LPM trie
 * (xsw_allowed_ips), which the datapath reads for a port whose policy has
 * XSW_POL_IPS (bpf/lib/ips.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "ips.h"
#include "util.h"

/* The trie's key of an address @plen long (IPv4 mapped: 96 more). */
static void key_of(struct xsw_ip_key *k, __u32 port, const uint8_t addr[16], uint8_t plen,
		   bool ipv4)
{
	memset(k, 0, sizeof(*k));
	k->port = port;
	k->prefixlen = 32 + plen + (ipv4 ? 96 : 0);
	memcpy(k->addr, addr, 16);
}

int ips_parse(const char *list, __u32 port, struct xsw_ip_key *keys, int max)
{
	char *copy = strdup(list), *save = NULL, *w;
	uint8_t addr[16], plen;
	int n = 0, err = 0;
	bool ipv4;

	if (!copy)
		return p_err(ENOMEM, "out of memory");
	for (w = strtok_r(copy, ",", &save); w && !err; w = strtok_r(NULL, ",", &save)) {
		if (parse_prefix(w, addr, &plen, &ipv4))
			err = p_err(EINVAL, "bad address \"%s\" in allowed-ips: an IPv4 or IPv6 prefix",
				    w);
		else if (n == max)
			err = p_err(EINVAL, "allowed-ips takes at most %d prefixes", max);
		else
			key_of(&keys[n++], port, addr, plen, ipv4);
	}
	if (!err && !n)
		err = p_err(EINVAL, "bad allowed-ips \"%s\": like 10.0.0.5,2001:db8::/64, or any",
			    list);
	free(copy);
	return err ?: n;
}

int ips_put(struct xsw_switch *sw, const struct xsw_ip_key *keys, int n)
{
	struct bpf_map *map = sw->skel->maps.xsw_allowed_ips;
	__u8 one = 1;
	int i, err = 0;

	for (i = 0; i < n && !err; i++)
		err = bpf_map__update_elem(map, &keys[i], sizeof(keys[i]), &one, sizeof(one), 0);
	if (!err)
		return 0;
	/* a prefix the port had before stays: ips_prune removes the rest */
	p_err(-err, "cannot add allowed-ips (the switch takes %d prefixes): %s",
	      XSW_ALLOWED_IPS_MAX, xsw_strerror(err));
	return err;
}

int ips_get(struct xsw_switch *sw, __u32 port, struct xsw_ip_key *keys, int max)
{
	struct bpf_map *map = sw->skel->maps.xsw_allowed_ips;
	struct xsw_ip_key cur, next;
	bool first = true;
	int n = 0;

	while (n < max && !bpf_map__get_next_key(map, first ? NULL : &cur, &next, sizeof(next))) {
		first = false;
		cur = next;
		if (next.port == port)
			keys[n++] = next;
	}
	return n;
}

/* Every key of port @port: calloc'd array (NULL), count in *@n. */
static struct xsw_ip_key *port_keys(struct xsw_switch *sw, __u32 port, int *n)
{
	struct xsw_ip_key *keys = calloc(XSW_ALLOWED_IPS_MAX, sizeof(*keys));

	*n = keys ? ips_get(sw, port, keys, XSW_ALLOWED_IPS_MAX) : 0;
	return keys;
}

void ips_prune(struct xsw_switch *sw, __u32 port, const struct xsw_ip_key *keep, int n)
{
	int have, i, j;
	struct xsw_ip_key *keys = port_keys(sw, port, &have);

	for (i = 0; keys && i < have; i++) {
		for (j = 0; j < n && memcmp(&keys[i], &keep[j], sizeof(keys[i])); j++)
			;
		if (j == n)
			bpf_map__delete_elem(sw->skel->maps.xsw_allowed_ips, &keys[i],
					     sizeof(keys[i]), 0);
	}
	free(keys);
}

static void key_text(const struct xsw_ip_key *k, char *buf, size_t size)
{
	bool ipv4 = k->prefixlen >= 32 + 96 && !memcmp(k->addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);

	format_prefix(k->addr, k->prefixlen - 32 - (ipv4 ? 96 : 0), ipv4, buf, size);
}

json_object *ips_json(struct xsw_switch *sw, __u32 port)
{
	json_object *arr = json_object_new_array();
	struct xsw_ip_key *keys;
	char buf[64];
	int n, i;

	keys = port_keys(sw, port, &n);
	for (i = 0; keys && i < n; i++) {
		key_text(&keys[i], buf, sizeof(buf));
		json_object_array_add(arr, json_object_new_string(buf));
	}
	free(keys);
	return arr;
}

void ips_list(struct xsw_switch *sw, __u32 port, char *buf, size_t size)
{
	struct xsw_ip_key *keys;
	size_t at = 0;
	char one[64];
	int n, i;

	keys = port_keys(sw, port, &n);
	buf[0] = '\0';
	for (i = 0; keys && i < n && at < size; i++) {
		key_text(&keys[i], one, sizeof(one));
		at += snprintf(buf + at, size - at, "%s%s", i ? "," : "", one);
	}
	free(keys);
}
