/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* html.h: the escaping HTML writer (after kcgi). Every dynamic text or attribute value written
 * through it is escaped; raw markup is accepted only as a string literal (html_lit, and the
 * format of html_fmt), so no variable can inject markup. Trusted dynamic HTML (rendered
 * Markdown, later) is a distinct type that only the sanitiser may produce. */
#ifndef KRING_HTML_HTML_H
#define KRING_HTML_HTML_H

#include "base/strbuf.h"

/* Markup that Kring itself produced and vouches for. Only html/ creates these. */
struct html_safe {
	const char *html;
	size_t len;
};

/* Writes a string literal verbatim: the "" s "" makes anything but a literal a compile error. */
#define html_lit(sb, s) strbuf_add((sb), "" s "", sizeof(s) - 1)

/* Escapes & < > " ' for use in text and in double-quoted attribute values. */
void html_text(struct strbuf *sb, const char *s);
void html_textn(struct strbuf *sb, const char *s, size_t n);

/* A format whose literal parts are markup and whose conversions are escaped:
 *   %s  a const char * (NULL writes nothing), escaped
 *   %d  int, %ld long, %lld long long, %zu size_t, %u unsigned
 *   %H  a const struct html_safe *, written verbatim
 *   %%  a percent sign
 * Any other conversion is a BUG(). The format must be a string literal. */
#define html_fmt(sb, fmt, ...) html_fmt_((sb), "" fmt "", __VA_ARGS__)
void html_fmt_(struct strbuf *sb, const char *fmt, ...);

/* The markup written into sb from offset `from` to its end, to be written again verbatim later
 * (a rendering kept with cached data): it is the writer's own output, escaped as it was
 * written. Points into sb: copy it before sb changes. */
struct html_safe html_written(const struct strbuf *sb, size_t from);

/* Escapes s for use inside a URL's query value or path segment (percent-encoding), then for
 * HTML: for building href attributes from data. */
void html_url_part(struct strbuf *sb, const char *s);

#endif
