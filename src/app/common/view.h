/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* view.h: the bridge from a request to the HTML layer: every page starts with view_begin()
 * and ends with view_end(), which fill the layout from the request (language, display
 * preferences, organisation name, CSRF token). */
#ifndef KRING_VIEW_H
#define KRING_VIEW_H

#include "html/form.h"
#include "html/html.h"
#include "html/page.h"
#include "http/request.h"

void view_begin(struct request *r, const struct page *pg);
void view_end(struct request *r);
/* The response is these bytes as they are, of this type (a photo): for ROUTE_RAW routes. */
int view_bytes(struct request *r, const char *content_type, const void *data,
	       size_t len) MUST_CHECK;

/* The display preferences as a cookie value (urlencoded) and back. prefs_parse() ignores
 * what it does not know, so an old or damaged cookie never breaks a page. */
void prefs_parse(struct arena *a, const char *cookie, struct prefs *out);
const char *prefs_encode(struct arena *a, const struct prefs *p);
/* The classes for <html> that carry the preferences to the stylesheet. */
const char *prefs_html_class(struct arena *a, const struct prefs *p);

/* A data table that may scroll sideways on a small screen (WCAG 1.4.10): a region named label
 * (unique on its page) that the keyboard reaches, closed by "</table>\n</div>\n". */
void view_table_begin(struct request *r, const char *label);

/* The ?page= of a list (1 when absent, 1-100000); KR_ENOTFOUND for a page that cannot be. */
int view_page_number(struct request *r, int64_t *page) MUST_CHECK;
/* Links to the pages before and after this one of a list at href ("?page=N" is added, or
 * "&page=N" when href has a query already). */
void view_pager(struct request *r, const char *href, int64_t page, bool has_next);

#endif
