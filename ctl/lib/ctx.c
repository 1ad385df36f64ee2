// SPDX-License-Identifier: GPL-2.0
/* Call contexts: the pin root, the lock, the recorded error; and logging. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "ctx.h"

int xsw_verbosity;

static struct xsw_ctx *cur;

int xsw_ctx_init(struct xsw_ctx *ctx, const char *root)
{
	size_t i, n;

	memset(ctx, 0, sizeof(*ctx));
	ctx->lock_fd = -1;
	xsw_ctx_use(ctx);
	if (!root)
		root = getenv("XSW_ROOT");
	if (!root || !*root)
		root = XSW_ROOT_DEFAULT;
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (root[0] != '/' || n >= sizeof(ctx->root) || n < 2)
		return p_err(EINVAL, "bad root \"%s\": an absolute path under a bpffs mount", root);
	memcpy(ctx->root, root, n);
	if (getenv("XSW_LOCK") && *getenv("XSW_LOCK")) {
		snprintf(ctx->lock, sizeof(ctx->lock), "%s", getenv("XSW_LOCK"));
	} else if (!strcmp(ctx->root, XSW_ROOT_DEFAULT)) {
		snprintf(ctx->lock, sizeof(ctx->lock), "%s", XSW_LOCK_DEFAULT);
	} else {
		snprintf(ctx->lock, sizeof(ctx->lock), "/run/xsw%s.lock", ctx->root);
		for (i = strlen("/run/xsw"); ctx->lock[i]; i++)
			if (ctx->lock[i] == '/')
				ctx->lock[i] = '-';
	}
	return 0;
}

void xsw_ctx_fini(struct xsw_ctx *ctx)
{
	if (ctx->lock_fd >= 0)
		close(ctx->lock_fd);
	ctx->lock_fd = -1;
	if (cur == ctx)
		cur = NULL;
}

void xsw_ctx_use(struct xsw_ctx *ctx)
{
	cur = ctx;
	ctx->err = 0;
	ctx->msg[0] = '\0';
	ctx->quiet = 0;
}

const struct xsw_ctx *xsw_cur(void)
{
	return cur;
}

/* The directory that holds the root: where bpffs must be. */
static void root_parent(const char *root, char *dir, size_t len)
{
	snprintf(dir, len, "%s", root);
	*(strrchr(dir, '/') == dir ? dir + 1 : strrchr(dir, '/')) = '\0';
}

static bool is_bpffs(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == BPF_FS_MAGIC;
}

/* Pins are only worth making where the host sees them: `ip netns exec`
 * remounts /sys in a mount namespace of its own, and a bpffs mounted there
 * (or the one xsw would mount) vanishes with the command. */
static int pins_visible(const char *dir)
{
	char host[PATH_MAX + 16];
	struct stat ours, theirs;

	snprintf(host, sizeof(host), "/proc/1/root%s", dir);
	if (stat(host, &theirs) || !is_bpffs(host))
		return 0;	/* the host has no bpffs there yet */
	if (stat(dir, &ours) || ours.st_dev != theirs.st_dev)
		return p_err(EXDEV, "the bpffs at %s here is not the host's (inside `ip netns exec` or another mount namespace?): xswctl would neither see the host's switches nor keep what it made; run it in the host's mount namespace (nsenter --net=/run/netns/NAME xswctl ... keeps it)",
			     dir);
	return 0;
}

/* The mount namespace of process @pid ("/proc/PID/ns/mnt"'s link) into
 * @ns (64 bytes): whether it could be read. */
static bool mnt_ns_of(const char *pid, char *ns)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%s/ns/mnt", pid);
	n = readlink(path, ns, 63);
	ns[n > 0 ? n : 0] = '\0';
	return n > 0;
}

/* The parent of process @pid, 0 when unknown. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd, ppid = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strrchr(buf, ')');	/* after the command's name: state, ppid */
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return 0;
	return ppid;
}

/* Whether this process has a mount namespace of its own (`ip netns exec`,
 * unshare -m): not init's, or where init's cannot be read (a sandbox that
 * hides pid 1), not that of an ancestor whose can. */
static bool mnt_ns_private(void)
{
	char ours[64], theirs[64], pid[16];
	pid_t p;

	if (!mnt_ns_of("self", ours))
		return false;
	if (mnt_ns_of("1", theirs))
		return strcmp(ours, theirs);
	for (p = getppid(); p > 1; p = parent_of(p)) {
		snprintf(pid, sizeof(pid), "%d", p);
		if (mnt_ns_of(pid, theirs) && strcmp(ours, theirs))
			return true;
	}
	return false;
}

static int bpffs_ready(const char *root)
{
	char dir[PATH_MAX];

	root_parent(root, dir, sizeof(dir));
	if (is_bpffs(dir))
		return pins_visible(dir);
	if (mnt_ns_private())
		return p_err(EXDEV, "bpffs unavailable: none at %s in this mount namespace (inside `ip netns exec`?), and a switch made here would vanish; run xswctl in the host's mount namespace",
			     dir);
	if (strcmp(dir, XSW_BPFFS))
		return p_err(ENODEV, "%s is not on a bpffs: mount one (mount -t bpf bpf %s)", root,
			     dir);
	if (mount("bpf", XSW_BPFFS, "bpf", 0, "mode=0700"))
		return p_err(errno, "bpffs unavailable: cannot mount it at %s: %s", XSW_BPFFS,
			     xsw_strerror(errno));
	return 0;
}

int xsw_lock(int op)
{
	if (flock(cur->lock_fd, op))
		return p_err(errno, "cannot take lock %s: %s", cur->lock, xsw_strerror(errno));
	return 0;
}

int xsw_begin(struct xsw_ctx *ctx, bool write)
{
	xsw_ctx_use(ctx);
	if (geteuid() != 0)
		return p_err(EPERM, "not root: xswctl needs root to load BPF programs");
	if (bpffs_ready(ctx->root))
		return -ENODEV;
	if (mkdir(ctx->root, 0700) && errno != EEXIST)
		return p_err(errno, "cannot create %s: %s", ctx->root, xsw_strerror(errno));
	if (ctx->lock_fd < 0) {
		ctx->lock_fd = open(ctx->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (ctx->lock_fd < 0)
			return p_err(errno, "cannot open lock %s: %s", ctx->lock, xsw_strerror(errno));
	}
	return xsw_lock(write ? LOCK_EX : LOCK_SH);
}

void xsw_end(struct xsw_ctx *ctx)
{
	if (ctx->lock_fd >= 0)
		flock(ctx->lock_fd, LOCK_UN);
}

void xsw_err_quiet(bool quiet)
{
	if (cur)
		cur->quiet += quiet ? 1 : -1;
}

const char *xsw_strerror(int err)
{
	static __thread char buf[128];

	if (libbpf_strerror(err, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "error %d", err < 0 ? -err : err);
	return buf;
}

int p_err(int err, const char *fmt, ...)
{
	va_list ap;

	if (!cur || cur->err || cur->quiet > 0)
		return -err;
	cur->err = -err;
	va_start(ap, fmt);
	vsnprintf(cur->msg, sizeof(cur->msg), fmt, ap);
	va_end(ap);
	return -err;
}

/* --- logging --------------------------------------------------------------- */

static void log_stderr(enum xsw_log_level level, const char *msg)
{
	(void)level;
	fputs(msg, stderr);
}

static xsw_log_fn log_fn = log_stderr;

static void log_v(enum xsw_log_level level, const char *fmt, va_list ap)
{
	char buf[1024], *msg = buf;
	va_list aq;
	int n;

	if ((int)level > xsw_verbosity && level != XSW_LOG_WARN)
		return;
	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	/* a verifier log comes in one piece */
	if (n >= (int)sizeof(buf) && (msg = malloc(n + 1)))
		vsnprintf(msg, n + 1, fmt, aq);
	va_end(aq);
	log_fn(level, msg ? msg : buf);
	if (msg != buf)
		free(msg);
}

void xsw_log(enum xsw_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v(level, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf's warnings are our info, its info our debug */
	log_v(level == LIBBPF_WARN ? XSW_LOG_INFO : XSW_LOG_DEBUG, fmt, ap);
	return 0;
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	log_v(level == LIBXDP_WARN ? XSW_LOG_INFO : XSW_LOG_DEBUG, fmt, ap);
	return 0;
}

void xsw_log_init(xsw_log_fn fn)
{
	log_fn = fn ? fn : log_stderr;
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
}
