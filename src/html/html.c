// SPDX-License-Identifier: AGPL-3.0-or-later
/* html.c: the escaping HTML writer: text and attribute escaping, the escaping format and
 * URL-part encoding. */
#include "html/html.h"

/* The entity for a byte that must be escaped in text and in quoted attributes, or NULL. */
static const char *
html_entity(unsigned char c, size_t *len)
{
	switch (c) {
	case '&':
		*len = 5;
		return "&amp;";
	case '<':
		*len = 4;
		return "&lt;";
	case '>':
		*len = 4;
		return "&gt;";
	case '"':
		*len = 6;
		return "&quot;";
	case '\'':
		*len = 5;
		return "&#39;";
	default:
		return NULL;
	}
}

void
html_textn(struct strbuf *sb, const char *s, size_t n)
{
	if (!s)
		return;
	/* Copy runs of safe bytes in one go; most text has nothing to escape. */
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		size_t elen;
		const char *ent = html_entity((unsigned char)s[i], &elen);
		if (!ent)
			continue;
		strbuf_add(sb, s + start, i - start);
		strbuf_add(sb, ent, elen);
		start = i + 1;
	}
	strbuf_add(sb, s + start, n - start);
}

void
html_text(struct strbuf *sb, const char *s)
{
	if (s)
		html_textn(sb, s, strlen(s));
}

void
html_fmt_(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *lit = fmt;
	const char *p = fmt;
	while ((p = strchr(p, '%'))) {
		strbuf_add(sb, lit, (size_t)(p - lit));
		p++;
		switch (*p) {
		case 's':
			html_text(sb, va_arg(ap, const char *));
			break;
		case 'd':
			strbuf_add_int(sb, va_arg(ap, int));
			break;
		case 'u':
			strbuf_add_uint(sb, va_arg(ap, unsigned));
			break;
		case 'l':
			if (p[1] == 'd') {
				p++;
				strbuf_add_int(sb, va_arg(ap, long));
			} else if (p[1] == 'l' && p[2] == 'd') {
				p += 2;
				strbuf_add_int(sb, va_arg(ap, long long));
			} else {
				BUG("html_fmt: unknown conversion in \"%s\"", fmt);
			}
			break;
		case 'z':
			if (p[1] != 'u')
				BUG("html_fmt: unknown conversion in \"%s\"", fmt);
			p++;
			strbuf_add_uint(sb, va_arg(ap, size_t));
			break;
		case 'H': {
			const struct html_safe *h = va_arg(ap, const struct html_safe *);
			if (h && h->html)
				strbuf_add(sb, h->html, h->len);
			break;
		}
		case '%':
			strbuf_addch(sb, '%');
			break;
		default:
			BUG("html_fmt: unknown conversion in \"%s\"", fmt);
		}
		lit = ++p;
	}
	strbuf_addstr(sb, lit);
	va_end(ap);
}

static bool
url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

void
html_url_part(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	/* Percent-encoding leaves only unreserved bytes and '%', none of which HTML needs
	 * escaped: the HTML escaping step is therefore the identity here. */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (url_unreserved(*p)) {
			strbuf_addch(sb, (char)*p);
		} else {
			char enc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			strbuf_add(sb, enc, sizeof(enc));
		}
	}
}

struct html_safe
html_written(const struct strbuf *sb, size_t from)
{
	if (from > sb->len)
		BUG("html_written: offset %zu past the end (%zu)", from, sb->len);
	return (struct html_safe){ sb->buf + from, sb->len - from };
}
