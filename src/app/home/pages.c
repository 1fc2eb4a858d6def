// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the organisation's home page: what Kring is for, and the networks. */
#include "app/app.h"
#include "app/common/view.h"
#include "app/org/org.h"
#include "base/i18n.h"

int page_home(struct request *r);

static void
write_networks(struct strbuf *o, const struct network *nws, size_t n, const char *lang)
{
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("There are no networks yet."));
		return;
	}
	html_lit(o, "<ul class=\"card-list\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct network *nw = &nws[i];
		html_lit(o, "<li class=\"card\">\n");
		html_fmt(o, "<h3 lang=\"%s\">%s</h3>\n", lang, nw->name);
		html_fmt(o, "<p class=\"meta\">%s</p>\n",
			 nw->kind == NETWORK_BROAD ? _("Broad network: for every condition")
						   : _("Network with a theme"));
		if (nw->summary[0])
			html_fmt(o, "<p lang=\"%s\">%s</p>\n", lang, nw->summary);
		if (nw->target_group[0])
			html_fmt(o, "<p><strong>%s</strong> <span lang=\"%s\">%s</span></p>\n",
				 _("For whom:"), lang, nw->target_group);
		if (nw->contact_email[0])
			html_fmt(o, "<p>%s <a href=\"mailto:%s\">%s</a></p>\n",
				 _("Questions? Write to"), nw->contact_email, nw->contact_email);
		html_lit(o, "</li>\n");
	}
	html_lit(o, "</ul>\n");
}

int
page_home(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct org org;
	int err = org_get(c, &r->arena, &org);
	if (err == KR_ENOTFOUND) {
		const struct page pg = { .title = _("Welcome to Kring") };
		view_begin(r, &pg);
		html_fmt(
		    &r->out, "<p>%s</p>\n",
		    _("This installation has no organisation yet. The administrator sets it up "
		      "with the command kring demo or, later, on the administration pages."));
		view_end(r);
		return KR_OK;
	}
	if (err)
		return err;
	struct network *nws;
	size_t n;
	if ((err = org_networks(c, &r->arena, &nws, &n)))
		return err;
	const struct page pg = {
		.title = org.name,
		.lead = _("The employee networks for colleagues with a disability, a chronic "
			  "illness, a mental-health condition or a form of neurodivergence, and "
			  "their allies."),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	/* The organisation's own texts are in its content language, marked so that a screen
	 * reader on an English page reads them in Dutch (WCAG 3.1.2). */
	if (org.intro[0])
		html_fmt(o, "<p lang=\"%s\">%s</p>\n", org.content_lang, org.intro);
	html_fmt(o, "<h2>%s</h2>\n", _("Our networks"));
	write_networks(o, nws, n, org.content_lang);
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Your privacy"),
		 _("Reading about a network tells nobody anything about you. Whether you join, "
		   "and how you appear, is always your own choice."));
	html_fmt(o, "<h2>%s</h2>\n<p>%s <a href=\"/preferences\">%s</a></p>\n",
		 _("Make Kring work for you"),
		 _("You can choose a larger text, a font that is easier to read with dyslexia, a "
		   "calm screen with fewer stimuli, high contrast or a dark screen."),
		 _("Change the display preferences"));
	view_end(r);
	return KR_OK;
}
