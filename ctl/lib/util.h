/* SPDX-License-Identifier: GPL-2.0 */
/* Parsing of the values the CLI takes: names, MACs, VIDs, numbers. */
#ifndef XSW_UTIL_H
#define XSW_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* "aa:bb:cc:dd:ee:ff" (also '-' separated). Returns 0 or -EINVAL. */
int parse_mac(const char *s, uint8_t mac[6]);
void format_mac(const uint8_t mac[6], char buf[18]);
/* 802.1Q VID, 0 (untagged) to 4094. Returns 0 or -EINVAL. */
int parse_vid(const char *s, uint16_t *vid);
/* Decimal in [min, max]. Returns 0 or -EINVAL. */
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
/* "ADDR[/LEN]", IPv4 or IPv6: @addr gets the IPv6 form (IPv4 mapped), host
 * bits cleared; @plen the length of the given family. 0 or -EINVAL. */
int parse_prefix(const char *s, uint8_t addr[16], uint8_t *plen, bool *ipv4);
void format_prefix(const uint8_t addr[16], uint8_t plen, bool ipv4, char *buf, size_t size);
/* A MAC or an IP prefix, as ACL rules match them. */
struct addr {
	bool is_mac;
	uint8_t mac[6];
	uint8_t ip[16];		/* IPv6 or ::ffff:IPv4, host bits cleared */
	uint8_t plen;		/* of the given family */
	bool ipv4;
	char text[64];		/* as given */
};
/* parse_mac, else parse_prefix. 0 or -EINVAL. */
int parse_addr(const char *s, struct addr *a);
/* A list of numbers in [min, max], "10,20,100-199", as bits (max / 64 + 1
 * words). 0 or -EINVAL (bad syntax, a number out of range, empty). */
int parse_list(const char *s, uint64_t *bits, unsigned int min, unsigned int max);
/* The list format of @bits, numbers up to @max; "" when empty. */
void format_list(const uint64_t *bits, unsigned int max, char *buf, size_t size);
static inline bool bits_has(const uint64_t *bits, unsigned int n)
{
	return bits[n / 64] >> (n % 64) & 1;
}

/* A set of 802.1Q VIDs, 1-4094; its list format takes at most this much */
#define XSW_VIDS_TEXT (2048 * 5 + 1)	/* every other VID, 4 digits and a comma */
struct vids {
	uint64_t bits[64];
};
/* A set of CPU numbers below CPUS_MAX. */
#define CPUS_MAX 256
struct cpus {
	uint64_t bits[CPUS_MAX / 64];
};

static inline bool cpus_has(const struct cpus *c, unsigned int cpu)
{
	return cpu < CPUS_MAX && bits_has(c->bits, cpu);
}

static inline void cpus_add(struct cpus *c, unsigned int cpu)
{
	c->bits[cpu / 64] |= 1ULL << (cpu % 64);
}

unsigned int cpus_count(const struct cpus *c);
/* The @n-th CPU of @c (0 = the lowest), or -1. */
int cpus_nth(const struct cpus *c, unsigned int n);
/* "0-3,6" (taskset's list format). 0 or -EINVAL (bad syntax, a CPU of
 * CPUS_MAX or more, empty). */
int parse_cpus(const char *s, struct cpus *c);
/* The list format of @c, "" when empty. */
void format_cpus(const struct cpus *c, char *buf, size_t size);
/* 1..len-1 characters of [A-Za-z0-9_.-]: valid as a file and device name. */
bool name_valid(const char *s, unsigned int len);
/* A name_valid that bpffs takes for a pin: no '.', no leading '-'. */
bool pin_name_valid(const char *s, unsigned int len);
/* Index of @word in @words (NULL-terminated), or -1. Exact match. */
int word_index(const char *word, const char *const *words);

/* Writes @word so xswctl -batch reads it back as one word: in double quotes
 * (with \\ and \" escaped) when it has spaces, quotes or a '#'. */
void save_word(FILE *out, const char *word);
/* Splits @line into at most @max words in place, as save_word wrote them;
 * a '#' outside quotes starts a comment. The number of words, or -EINVAL
 * (an unterminated quote, too many words). */
int split_words(char *line, char **words, int max);

/* Field @key of JSON object @o, "" or 0 when absent or null. */
struct json_object;
const char *jstr(struct json_object *o, const char *key);
/* A JSON string of @s, or null when @s is NULL or "". */
struct json_object *json_str(const char *s);
int64_t jint(struct json_object *o, const char *key);

#endif /* XSW_UTIL_H */
