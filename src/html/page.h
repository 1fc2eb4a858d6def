/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* page.h: the page layout every HTML page uses. A page cannot be built without lang, a skip
 * link, landmarks (header, nav, main, footer) and exactly one <h1>: page_begin() writes them
 * all from the title. */
#ifndef KRING_HTML_PAGE_H
#define KRING_HTML_PAGE_H

#include "base/strbuf.h"

struct crumb {
	const char *label;
	const char *href; /* NULL for the current page (the last crumb) */
	const char *lang; /* the label's language when it is not the page's (optional) */
};

/* What the layout needs to know of the request and the reader; filled by the app layer. */
struct page_env {
	const char *lang;	/* "nl" or "en" */
	const char *html_class; /* classes for <html> from the display preferences, may be "" */
	const char *csrf_token; /* for the forms in the header (language switch) */
	const char *path;	/* the current path, to mark the current navigation item */
	const char *org_name;	/* the organisation's name, shown in the header */
	const char *user_name;	/* the signed-in person's display name, or NULL */
	bool is_admin;		/* show the administration link */
	/* Where the stylesheet, script and fonts are served, without a trailing slash, e.g.
	 * "/static/3fa9c2d1": kring.css, kring.js and the OpenDyslexic fonts live under it. */
	const char *asset_prefix;
};

struct page {
	const char *title;	    /* the <h1>, and the first part of <title> */
	const char *lead;	    /* an optional first paragraph under the heading */
	const struct crumb *crumbs; /* the trail below the home page; NULL: none shown */
	size_t ncrumbs;
	bool has_errors; /* <title> starts with "Error: " (WCAG 3.3.1) */
	/* A confirmation of what just happened ("Your preferences have been saved."): shown in a
	 * role="status" box under the heading and put first in <title>, so a screen reader says
	 * it on arrival without focus being moved away from the skip link. */
	const char *notice;
	/* The language of title and lead when they are the organisation's own text in another
	 * language than the page's (WCAG 3.1.2); NULL: the page's language. */
	const char *content_lang;
};

/* Writes everything up to and including the <h1> (and the lead paragraph) inside <main>. */
void page_begin(struct strbuf *sb, const struct page_env *env, const struct page *pg);
/* Closes <main> and writes the footer and the end of the document. */
void page_end(struct strbuf *sb, const struct page_env *env);

#endif
