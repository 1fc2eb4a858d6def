// SPDX-License-Identifier: AGPL-3.0-or-later
/* kring.c: error names, the three tiers of failure and the aborting allocators. */
#include "base/kring.h"
#include "base/log.h"
#include <stdarg.h>

const char *
kr_err_name(enum kr_err err)
{
	static const char *const names[] = {
		[KR_OK] = "ok",
		[KR_EINVAL] = "invalid input",
		[KR_EFORBIDDEN] = "forbidden",
		[KR_ENOTFOUND] = "not found",
		[KR_EMETHOD] = "method not allowed",
		[KR_ETOOBIG] = "too large",
		[KR_EHEADERS] = "headers too large",
		[KR_ECONFLICT] = "conflict",
		[KR_EDB] = "database error",
		[KR_EIO] = "i/o error",
		[KR_ENOMEM] = "buffer full",
		[KR_EINTERNAL] = "internal error",
		[KR_ESIGNIN] = "sign-in needed",
		[KR_ETHROTTLED] = "too many attempts",
		[KR_ENOTIMPL] = "not implemented",
		[KR_EUNAVAIL] = "database unreachable",
	};
	if ((size_t)err < ARRAY_SIZE(names) && names[err])
		return names[err];
	return "unknown error";
}

static void
vlog_line(const char *prefix, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_msg(LOG_ERROR, "%s%s", prefix, msg);
}

int
error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog_line("", fmt, ap);
	va_end(ap);
	return -1;
}

void
die(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "kring: %s\n", msg);
	exit(1);
}

void
bug_fl(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(LOG_ERROR, "BUG %s:%d: %s", file, line, msg);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		abort();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort();
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
