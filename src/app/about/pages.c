// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the accessibility statement (toegankelijkheidsverklaring), after the structure of
 * the Dutch government's model statement: what we aim for, how it was checked, what is known
 * not to work yet, and how to tell us. */
#include "app/app.h"
#include "app/common/view.h"
#include "app/about/pages.h"
#include "base/i18n.h"

/* The date of the last review of this statement; update it with the statement. */
#define STATEMENT_REVIEWED_NL "22 november 2026"
#define STATEMENT_REVIEWED_EN "22 November 2026"

int
page_accessibility(struct request *r)
{
	const struct crumb crumbs[] = { { _("Accessibility statement"), NULL } };
	const struct page pg = {
		.title = _("Accessibility statement"),
		.lead =
		    _("Kring is made for everyone in the organisation, including colleagues who "
		      "use a screen reader, the keyboard only, magnification or captions."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(
	    o, "<h2>%s</h2>\n<p>%s</p>\n", _("What we aim for"),
	    _("Every page of Kring should meet the Web Content Accessibility Guidelines (WCAG) "
	      "2.2 at level AA, the standard that Dutch public bodies must meet."));
	html_fmt(o,
		 "<h2>%s</h2>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
		 _("How we check this"),
		 _("Every page is tested automatically with axe-core in a real browser, in Dutch "
		   "and in English, and with every display preference."),
		 _("Every page is walked through with the keyboard only, in the same tests."),
		 _("The HTML of every page is checked by a validator."),
		 _("These tests run with every change to Kring; a change with an error is not "
		   "accepted."));
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
		 _("Adjust Kring to what you need"),
		 _("On the page Display preferences you can choose:"),
		 _("larger text, and a font for readers with dyslexia;"),
		 _("a calm screen with fewer stimuli, and no movement;"),
		 _("high contrast, or a dark screen."));
	html_fmt(o, "<p><a href=\"/preferences\">%s</a></p>\n", _("Go to the display preferences"));
	html_fmt(o, "<h2>%s</h2>\n<ul>\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
		 _("What has not been checked yet"),
		 _("Automated tests find only part of all problems. A review by an independent "
		   "expert has not been done yet."),
		 _("Tests with users of screen readers such as NVDA, JAWS and VoiceOver have not "
		   "been done yet."));
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Something does not work for you?"),
		 _("Tell us, so we can fix it. Contact the contact point of your network or the "
		   "administrator of Kring in your organisation. You may also ask for the "
		   "information in another form."));
	html_fmt(o, "<p class=\"meta\">%s %s</p>\n", _("This statement was last reviewed on"),
		 strcmp(r->lang, "en") == 0 ? STATEMENT_REVIEWED_EN : STATEMENT_REVIEWED_NL);
	view_end(r);
	return KR_OK;
}
