// SPDX-License-Identifier: GPL-2.0
/* The host's CPUs: which are online, and how busy each is. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cpuload.h"
#include "ctx.h"

int online_cpus(struct cpus *c)
{
	char buf[256] = "";
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	int err;

	if (!f)
		return p_err(errno, "cannot read the online CPUs: %s", xsw_strerror(errno));
	err = fgets(buf, sizeof(buf), f) ? 0 : -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	if (err || parse_cpus(buf, c))
		return p_err(EIO, "cannot parse the online CPUs \"%s\"", buf);
	return 0;
}

/* Every CPU of @want is online. */
int cpus_check(const struct cpus *want)
{
	char list[128];
	struct cpus online;
	unsigned int cpu;
	int err = online_cpus(&online);

	if (err)
		return err;
	for (cpu = 0; cpu < CPUS_MAX; cpu++) {
		if (cpus_has(want, cpu) && !cpus_has(&online, cpu)) {
			format_cpus(&online, list, sizeof(list));
			return p_err(ERANGE, "CPU %u is not online (online CPUs: %s)", cpu, list);
		}
	}
	return 0;
}

/* Jiffies of each CPU from /proc/stat; CPUs not listed (offline) stay 0. */
int cpu_times(struct cpu_time *t, unsigned int ncpu)
{
	unsigned long long v[8];
	unsigned int cpu;
	char line[512];
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		return p_err(errno, "cannot read /proc/stat: %s", xsw_strerror(errno));
	memset(t, 0, ncpu * sizeof(*t));
	while (fgets(line, sizeof(line), f)) {
		memset(v, 0, sizeof(v));
		if (sscanf(line, "cpu%u %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &v[0],
			   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) < 5 || cpu >= ncpu)
			continue;
		/*
		 * user nice system idle iowait irq softirq steal: the share of
		 * the time this CPU ran that went to work. Steal is time the
		 * hypervisor gave elsewhere, not load a queue move can relieve.
		 */
		t[cpu].total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6];
		t[cpu].busy = t[cpu].total - v[3] - v[4];
	}
	fclose(f);
	return 0;
}

/* Busy % of each CPU between @a and @b, -1 for one that was offline. */
void cpu_load(const struct cpu_time *a, const struct cpu_time *b, unsigned int ncpu,
		     int *load)
{
	unsigned int cpu;

	for (cpu = 0; cpu < ncpu; cpu++) {
		unsigned long long total = b[cpu].total - a[cpu].total;

		load[cpu] = total ? (int)(100 * (b[cpu].busy - a[cpu].busy) / total) : -1;
	}
}

