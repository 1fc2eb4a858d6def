// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the organisation's home page: what Kring is for, how to sign in, and for a
 * signed-in employee the networks. */
#include "app/app.h"
#include "app/common/view.h"
#include "app/feature.h"
#include "app/networks/networks.h"
#include "app/org/org.h"
#include "app/home/pages.h"
#include "base/i18n.h"

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
	const struct page pg = {
		.title = org.name,
		.lead = _("The employee networks for colleagues with a disability, a chronic "
			  "illness, a mental-health condition or a form of neurodivergence, and "
			  "their allies."),
		.notice = req_query(r, "signed_out") ? _("You are signed out.")
			  : req_query(r, "deleted")
			      ? _("Your account is deleted, with everything Kring "
				  "held about you.")
			      : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (r->user_id && (err = features_home_notice(r))) /* a request to answer, first of all */
		return err;
	/* The organisation's own texts are in its content language, marked so that a screen
	 * reader on an English page reads them in Dutch (WCAG 3.1.2). */
	if (org.intro[0])
		html_fmt(o, "<p lang=\"%s\">%s</p>\n", org.content_lang, org.intro);
	if (r->user_id) {
		struct network *nws;
		size_t n;
		if ((err = org_networks(c, &r->arena, &nws, &n)))
			return err;
		html_fmt(o, "<h2>%s</h2>\n", _("Our networks"));
		networks_cards(r, nws, n, org.content_lang, 3);
	} else {
		html_fmt(
		    o,
		    "<h2>%s</h2>\n<p>%s</p>\n<p><a class=\"button\" href=\"/sign-in\">%s</a></p>\n",
		    _("Sign in to see the networks"),
		    _("Sign in with your work e-mail address to read about the networks, their "
		      "activities and how to join."),
		    _("Sign in"));
	}
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
