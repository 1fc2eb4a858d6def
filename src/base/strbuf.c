// SPDX-License-Identifier: AGPL-3.0-or-later
/* strbuf.c: the capped growable buffer. */
#include "base/strbuf.h"

static char strbuf_empty[1];

void
strbuf_init(struct strbuf *sb, size_t max)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max ? max : STRBUF_DEFAULT_MAX;
	sb->overflow = false;
}

void
strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, sb->max);
}

char *
strbuf_detach(struct strbuf *sb, size_t *len_out)
{
	char *p = sb->alloc ? sb->buf : xstrdup("");
	if (len_out)
		*len_out = sb->len;
	strbuf_init(sb, sb->max);
	return p;
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->overflow = false;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

/* Makes room for `extra` more bytes plus the NUL; false (and sticky overflow) past the cap. */
static bool
strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->overflow)
		return false;
	if (extra > sb->max - sb->len) {
		sb->overflow = true;
		return false;
	}
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return true;
	size_t alloc = sb->alloc ? sb->alloc : 64;
	while (alloc < need)
		alloc *= 2;
	if (sb->alloc) {
		sb->buf = xrealloc(sb->buf, alloc);
	} else {
		sb->buf = xmalloc(alloc);
		sb->buf[0] = '\0';
	}
	sb->alloc = alloc;
	return true;
}

void
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!strbuf_grow(sb, len))
		return;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void
strbuf_addview(struct strbuf *sb, struct str s)
{
	strbuf_add(sb, s.p, s.len);
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("bad format %s", fmt);
	if (!strbuf_grow(sb, (size_t)n))
		return;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
file_read_all(const char *path, size_t max, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb, max);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	bool ok = !ferror(f) && strbuf_ok(&sb);
	fclose(f);
	if (!ok) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, len_out);
}

void
strbuf_add_uint(struct strbuf *sb, unsigned long long v)
{
	char digits[20]; /* 2^64 - 1 has 20 */
	size_t i = sizeof(digits);
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	strbuf_add(sb, digits + i, sizeof(digits) - i);
}

void
strbuf_add_int(struct strbuf *sb, long long v)
{
	if (v < 0) {
		strbuf_addch(sb, '-');
		/* -(v + 1) + 1 stays in range for LLONG_MIN */
		strbuf_add_uint(sb, (unsigned long long)(-(v + 1)) + 1u);
	} else {
		strbuf_add_uint(sb, (unsigned long long)v);
	}
}
