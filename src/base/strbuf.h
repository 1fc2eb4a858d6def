/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* strbuf.h: a growable byte buffer with a size cap (git's strbuf with curl's caps).
 *
 * Invariants: buf is never NULL after strbuf_init() and always NUL-terminated at buf[len];
 * len + 1 <= alloc; len <= max. When an add would pass max, nothing of it is added and the
 * buffer becomes sticky-failed: `overflow` is set and every later add is ignored, so a writer
 * may add many pieces and check strbuf_ok() once at the end. */
#ifndef KRING_STRBUF_H
#define KRING_STRBUF_H

#include <stdarg.h>
#include "base/kring.h"
#include "base/str.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
	bool overflow;
};

#define STRBUF_DEFAULT_MAX (8u << 20) /* 8 MiB: no page or message is larger */

void strbuf_init(struct strbuf *sb, size_t max);
/* Frees the buffer; the strbuf is then as after strbuf_init() with the same max. */
void strbuf_release(struct strbuf *sb);
/* Hands the malloc'd buffer to the caller and resets sb; *len_out gets its length. */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);
/* The whole of a file as a NUL-terminated malloc'd string (free it), or NULL when it cannot be
 * read or is larger than max bytes. *len_out (if not NULL) gets its length. */
char *file_read_all(const char *path, size_t max, size_t *len_out);
void strbuf_reset(struct strbuf *sb);

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addview(struct strbuf *sb, struct str s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) PRINTF(2, 0);
/* A number in decimal, as "%lld" / "%llu" would write it, without printf's machinery (pages
 * write thousands of ids and dates; vsnprintf was a quarter of a forum topic's time). */
void strbuf_add_int(struct strbuf *sb, long long v);
void strbuf_add_uint(struct strbuf *sb, unsigned long long v);

static inline bool
strbuf_ok(const struct strbuf *sb)
{
	return !sb->overflow;
}

static inline struct str
strbuf_view(const struct strbuf *sb)
{
	return (struct str){ sb->buf, sb->len };
}

#endif
