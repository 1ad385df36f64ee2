/* SPDX-License-Identifier: GPL-2.0 */
/* The host's CPUs: which are online, and how busy each is (/proc/stat). */
#ifndef XSW_CPULOAD_H
#define XSW_CPULOAD_H

#include "util.h"

/* The online CPUs; reports its own errors. */
int online_cpus(struct cpus *c);
/* Every CPU of @want is online; else an error naming the first that is not. */
int cpus_check(const struct cpus *want);

struct cpu_time {
	unsigned long long busy, total;
};

/* Jiffies of each of @ncpu CPUs; CPUs not listed (offline) stay 0. */
int cpu_times(struct cpu_time *t, unsigned int ncpu);
/* Busy % of each CPU between @a and @b, -1 for one that was offline. */
void cpu_load(const struct cpu_time *a, const struct cpu_time *b, unsigned int ncpu, int *load);

#endif /* XSW_CPULOAD_H */
