/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* markdown.h: what members write (an event's description, a forum post, an answer) as safe
 * HTML. CommonMark is parsed by cmark; the HTML is written here, node by node, through the
 * escaping writer (html.h), so that what comes out is only markup this file chose:
 *   - raw HTML in the text is shown as the text it is, never as markup;
 *   - a link keeps its address only for http:, https: and mailto: (any other scheme, a relative
 *     or protocol-relative address: its text is kept, without the link) and gets
 *     rel="noopener nofollow ugc";
 *   - an image is never loaded (it would tell a third party who read the page, and when): it
 *     becomes a link to the image with its description, under the rule for links;
 *   - headings start at top_heading (a post inside a page whose own heading is an <h2> starts
 *     at 3) and stop at <h6>, so the page's outline stays whole.
 * The output is bounded by the strbuf's cap as any other page part is. */
#ifndef KRING_HTML_MARKDOWN_H
#define KRING_HTML_MARKDOWN_H

#include "base/strbuf.h"

/* The longest text Kring renders as Markdown in one go (64 KiB); callers refuse more at input. */
#define MARKDOWN_MAX (64u << 10)

/* Writes src (len bytes, UTF-8; a NUL ends it early) as HTML blocks into sb. top_heading is
 * 1–6. Empty text writes nothing. */
void markdown_html(struct strbuf *sb, const char *src, size_t len, int top_heading);

/* Whether url is kept as a link: http://, https:// or mailto: (scheme case-insensitive) with
 * no control character or space in it. */
bool markdown_url_ok(const char *url);

#endif
