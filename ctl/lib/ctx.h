/* SPDX-License-Identifier: GPL-2.0 */
/* The context operations run in: where the switches' pins are, the lock that
 * serialises changes, and the error of the call that failed. A caller (xswctl,
 * one -batch line, a daemon's client) starts every call with xsw_begin and
 * ends it with xsw_end; operations never print: a failure leaves its message
 * in the context, and warnings go to the log handler the caller installs. */
#ifndef XSW_CTX_H
#define XSW_CTX_H

#include <stdbool.h>

#define XSW_BPFFS	 "/sys/fs/bpf"
#define XSW_ROOT_DEFAULT XSW_BPFFS "/xsw"
#define XSW_LOCK_DEFAULT "/run/xsw.lock"

struct xsw_ctx {
	char root[192];		/* pin root: one directory per switch */
	char lock[256];		/* lock file */
	int lock_fd;
	int err;		/* negative errno of the failed call, else 0 */
	char msg[512];		/* what failed and why */
	int quiet;		/* while > 0 failures are not recorded */
	/* Applying a saved configuration (-batch): an add of what exists with
	 * the same settings succeeds without a change, and a port whose device
	 * does not exist yet waits for it. */
	bool apply;
};

/* @root NULL: $XSW_ROOT, else XSW_ROOT_DEFAULT. The lock is $XSW_LOCK, else
 * XSW_LOCK_DEFAULT for the default root and /run/xsw-<root>.lock (slashes as
 * dashes) for another, so instances with their own roots never wait for each
 * other. -EINVAL, recorded, for a root that is not an absolute path. */
int xsw_ctx_init(struct xsw_ctx *ctx, const char *root);
void xsw_ctx_fini(struct xsw_ctx *ctx);

/* Makes @ctx the one failures are recorded in and clears its error: for a
 * caller's own checks before xsw_begin. */
void xsw_ctx_use(struct xsw_ctx *ctx);
/* Starts a call: xsw_ctx_use, checks that this process may manage switches
 * here (root, bpffs mounted or mountable, pins visible: not inside `ip netns
 * exec`) and takes the lock, exclusive when @write. */
int xsw_begin(struct xsw_ctx *ctx, bool write);
void xsw_end(struct xsw_ctx *ctx);
/* flock(2) @op on the current call's lock: a call that waits (capture,
 * balance) drops it meanwhile. */
int xsw_lock(int op);
/* The current context: its root and lock. */
const struct xsw_ctx *xsw_cur(void);

/* Records why the current call failed. Only the first failure of a call is
 * kept, so the innermost, most precise message wins. Returns -err (pass a
 * positive errno) for `return p_err(EINVAL, ...)`. */
int p_err(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* strerror(3) of a positive or negative errno, libbpf's codes included:
 * never "Unknown error NNNN". */
const char *xsw_strerror(int err);
/* While quiet, p_err records nothing: for scans that expect to meet broken
 * things and skip them. Nests. */
void xsw_err_quiet(bool quiet);

/* Logging: warnings are always passed on, info from verbosity 1, debug 2. */
enum xsw_log_level { XSW_LOG_WARN, XSW_LOG_INFO, XSW_LOG_DEBUG };

extern int xsw_verbosity;

typedef void (*xsw_log_fn)(enum xsw_log_level level, const char *msg);
/* Where messages go (default: stderr); libbpf's and libxdp's go there too,
 * one level lower. */
void xsw_log_init(xsw_log_fn fn);
void xsw_log(enum xsw_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define pr_warn(...)  xsw_log(XSW_LOG_WARN, __VA_ARGS__)
#define pr_info(...)  xsw_log(XSW_LOG_INFO, __VA_ARGS__)
#define pr_debug(...) xsw_log(XSW_LOG_DEBUG, __VA_ARGS__)

#endif /* XSW_CTX_H */
