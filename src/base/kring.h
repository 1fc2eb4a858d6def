/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* kring.h: the one header every Kring source file includes first: standard headers, attributes,
 * the error enum and the three tiers of failure (after git: error(), die(), BUG()). */
#ifndef KRING_KRING_H
#define KRING_KRING_H

/* Every system header that declares a banned name comes before banned.h (as in git). */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MUST_CHECK    __attribute__((warn_unused_result))
#define PRINTF(a, b)  __attribute__((format(printf, a, b)))
#define NORETURN      __attribute__((noreturn))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* qsort() and bsearch() order for int64_t. */
static inline int
kr_cmp_int64(const void *pa, const void *pb)
{
	int64_t x = *(const int64_t *)pa, y = *(const int64_t *)pb;
	return (x > y) - (x < y);
}
#define UNUSED __attribute__((unused))

/* Zero is success everywhere. Each code maps to exactly one HTTP status in http_status_of(). */
enum kr_err {
	KR_OK = 0,
	KR_EINVAL,     /* bad input from outside: 400 */
	KR_EFORBIDDEN, /* not allowed, or a failed CSRF check: 403 */
	KR_ENOTFOUND,  /* no such thing: 404 */
	KR_EMETHOD,    /* the path exists with another method: 405 */
	KR_ETOOBIG,    /* a body or field over its limit: 413 */
	KR_EHEADERS,   /* request headers over their limit: 431 */
	KR_ECONFLICT,  /* a state that forbids the change (already exists, ...): 409 */
	KR_EDB,	       /* the database failed: 500 (or 503 for /healthz) */
	KR_EIO,	       /* a file or socket failed: 500 */
	KR_ENOMEM,     /* a capped buffer overflowed: 500 */
	KR_EINTERNAL,  /* a bug or an unexpected state: 500 */
	KR_ESIGNIN,    /* the page needs a signed-in person: 303 to the sign-in page */
	KR_ETHROTTLED, /* too many attempts: 429 */
	KR_ENOTIMPL,   /* a request feature Kring does not implement (a transfer coding): 501 */
	KR_EUNAVAIL,   /* the database cannot be reached for now (it restarts): 503 */
};

/* A short English name of an error code, for logs. */
const char *kr_err_name(enum kr_err err);

/* Log a message at error level and return -1 (git's error()): `return error("...")`. */
int error(const char *fmt, ...) PRINTF(1, 2);
/* Log and exit(1): only for start-up and command-line paths, never inside a request. */
NORETURN void die(const char *fmt, ...) PRINTF(1, 2);
/* An invariant was broken: log with file and line, then abort(). */
NORETURN void bug_fl(const char *file, int line, const char *fmt, ...) PRINTF(3, 4);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

/* Allocation that aborts on real out-of-memory, so code paths stay about real errors. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#include "base/banned.h"
#endif
