// SPDX-License-Identifier: GPL-2.0
/* Parsing of CLI values. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "util.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int parse_mac(const char *s, uint8_t mac[6])
{
	int i;

	if (strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		const char *p = s + 3 * i;
		int hi = hexval(p[0]), lo = hexval(p[1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		/* one separator, ':' or '-', throughout */
		if (i < 5 && (p[2] != s[2] || (p[2] != ':' && p[2] != '-')))
			return -EINVAL;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

void format_mac(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_vid(const char *s, uint16_t *vid)
{
	uint32_t v;

	if (parse_u32(s, 0, 4094, &v))
		return -EINVAL;
	*vid = v;
	return 0;
}

bool name_valid(const char *s, unsigned int len)
{
	size_t n = strlen(s);
	size_t i;

	if (n == 0 || n >= len || s[0] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

bool pin_name_valid(const char *s, unsigned int len)
{
	return name_valid(s, len) && !strchr(s, '.') && *s != '-';
}

int word_index(const char *word, const char *const *words)
{
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(word, words[i]))
			return i;
	return -1;
}

int parse_prefix(const char *s, uint8_t addr[16], uint8_t *plen, bool *ipv4)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	uint32_t len, max;
	int i;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, buf, addr + 12) == 1) {
		addr[10] = addr[11] = 0xff;
		*ipv4 = true;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, addr) == 1) {
		*ipv4 = false;
		max = 128;
	} else {
		return -EINVAL;
	}
	len = max;
	if (slash && parse_u32(slash, 0, max, &len))
		return -EINVAL;
	*plen = len;
	/* host bits off: one rule per prefix */
	len += 128 - max;
	for (i = 0; i < 16; i++, len = len > 8 ? len - 8 : 0)
		addr[i] &= len >= 8 ? 0xff : (uint8_t)(0xff00 >> len);
	return 0;
}

int parse_addr(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->text, sizeof(a->text), "%s", s);
	if (!parse_mac(s, a->mac)) {
		a->is_mac = true;
		return 0;
	}
	return parse_prefix(s, a->ip, &a->plen, &a->ipv4);
}

void format_prefix(const uint8_t addr[16], uint8_t plen, bool ipv4, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(ipv4 ? AF_INET : AF_INET6, ipv4 ? addr + 12 : addr, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, plen);
}

unsigned int cpus_count(const struct cpus *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(c->bits); i++)
		n += __builtin_popcountll(c->bits[i]);
	return n;
}

int cpus_nth(const struct cpus *c, unsigned int n)
{
	unsigned int cpu;

	for (cpu = 0; cpu < CPUS_MAX; cpu++)
		if (cpus_has(c, cpu) && !n--)
			return cpu;
	return -1;
}

int parse_list(const char *s, uint64_t *bits, unsigned int min, unsigned int max)
{
	unsigned long lo, hi;
	char *end;

	memset(bits, 0, (max / 64 + 1) * sizeof(*bits));
	do {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		lo = hi = strtoul(s, &end, 10);
		if (*end == '-') {
			s = end + 1;
			if (!isdigit((unsigned char)*s))
				return -EINVAL;
			hi = strtoul(s, &end, 10);
		}
		if (lo > hi || lo < min || hi > max || (*end && *end != ','))
			return -EINVAL;
		for (; lo <= hi; lo++)
			bits[lo / 64] |= 1ULL << (lo % 64);
		s = end + 1;
	} while (*end);
	return 0;
}

void format_list(const uint64_t *bits, unsigned int max, char *buf, size_t size)
{
	unsigned int n = 0, last;
	size_t off = 0;

	buf[0] = '\0';
	while (n <= max) {
		if (!bits_has(bits, n)) {
			n++;
			continue;
		}
		for (last = n; last < max && bits_has(bits, last + 1); last++)
			;
		if (off >= size)
			break;
		if (last > n)
			off += snprintf(buf + off, size - off, "%s%u-%u", off ? "," : "", n, last);
		else
			off += snprintf(buf + off, size - off, "%s%u", off ? "," : "", n);
		n = last + 1;
	}
}

int parse_cpus(const char *s, struct cpus *c)
{
	return parse_list(s, c->bits, 0, CPUS_MAX - 1);
}

void format_cpus(const struct cpus *c, char *buf, size_t size)
{
	format_list(c->bits, CPUS_MAX - 1, buf, size);
}

json_object *json_str(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : "";
}

int64_t jint(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

void save_word(FILE *out, const char *word)
{
	const char *c;

	if (*word && !strpbrk(word, " \t\"\\#'")) {
		fputs(word, out);
		return;
	}
	fputc('"', out);
	for (c = word; *c; c++) {
		if (*c == '"' || *c == '\\')
			fputc('\\', out);
		fputc(*c, out);
	}
	fputc('"', out);
}

int split_words(char *line, char **words, int max)
{
	char *r = line, *w;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			return n;
		if (n == max)
			return -EINVAL;
		words[n++] = w = r;
		if (*r == '"') {
			/* unquote in place */
			for (r++; *r && *r != '"'; r++) {
				if (*r == '\\' && r[1])
					r++;
				*w++ = *r;
			}
			if (*r != '"')
				return -EINVAL;
			r++;
		} else {
			while (*r && !strchr(" \t\n\r", *r))
				*w++ = *r++;
		}
		if (*r && !strchr(" \t\n\r", *r))
			return -EINVAL;	/* a quote glued to a word */
		if (*r)
			r++;
		*w = '\0';
	}
}
