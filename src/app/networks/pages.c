// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the list of networks and each network's open page, readable by every signed-in
 * employee without asking anything of the reader. */
#include "app/app.h"
#include "app/common/view.h"
#include "app/networks/networks.h"
#include "app/networks/pages.h"
#include "base/i18n.h"

void members_network_section(struct request *r, const struct org *org, const struct network *nw);
/* In app/members/pages.c: "Members: at least 15", only ever through the figures function. */
int members_count_text(struct request *r, int64_t network_id, int64_t subgroup_id,
		       const char **out) MUST_CHECK;

void
networks_cards(struct request *r, const struct network *nws, size_t n, const char *lang)
{
	struct strbuf *o = &r->out;
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("There are no networks yet."));
		return;
	}
	html_lit(o, "<ul class=\"card-list\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct network *nw = &nws[i];
		html_fmt(o, "<li class=\"card\">\n<h3 lang=\"%s\"><a href=\"/n/", lang);
		html_url_part(o, nw->slug);
		html_fmt(o, "\">%s</a></h3>\n", nw->name);
		html_fmt(o, "<p class=\"meta\">%s</p>\n",
			 nw->kind == NETWORK_BROAD ? _("Broad network: for every condition")
						   : _("Network with a theme"));
		if (nw->summary[0])
			html_fmt(o, "<p lang=\"%s\">%s</p>\n", lang, nw->summary);
		html_lit(o, "</li>\n");
	}
	html_lit(o, "</ul>\n");
}

int
page_networks(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct org org;
	struct network *nws;
	size_t n;
	int err = org_get(c, &r->arena, &org);
	if (err || (err = org_networks(c, &r->arena, &nws, &n)))
		return err;
	const struct crumb crumbs[] = { { _("Networks"), NULL } };
	const struct page pg = {
		.title = _("Networks"),
		.lead =
		    _("Every network is open to everyone who wants to join, allies too. Reading "
		      "about a network tells nobody anything about you."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
	};
	view_begin(r, &pg);
	networks_cards(r, nws, n, org.content_lang);
	view_end(r);
	return KR_OK;
}

static void
fact(struct strbuf *o, const char *label, const char *value, const char *lang)
{
	if (value && *value)
		html_fmt(o, "<dt>%s</dt>\n<dd lang=\"%s\">%s</dd>\n", label, lang, value);
}

int
page_network(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct org org;
	struct network nw;
	int err = org_get(c, &r->arena, &org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	if ((err = org_network_by_slug(c, &r->arena, slug, &nw)))
		return err;
	struct network_person *people;
	size_t npeople;
	const char *count;
	if ((err = org_network_people(c, &r->arena, nw.id, &people, &npeople)) ||
	    (err = members_count_text(r, nw.id, 0, &count)))
		return err;
	const struct crumb crumbs[] = { { _("Networks"), "/networks", NULL },
					{ nw.name, NULL, org.content_lang } };
	const struct page pg = {
		.title = nw.name,
		.content_lang = org.content_lang,
		.lead = nw.summary[0] ? nw.summary : NULL,
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.notice =
		    !req_query(r, "done")			  ? NULL
		    : strcmp(req_query(r, "done"), "joined") == 0 ? _("You joined the network.")
		    : strcmp(req_query(r, "done"), "left") == 0	  ? _("You left the network. Your "
									"membership is erased.")
								  : _("Your choice is saved."),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	const char *lang = org.content_lang;
	html_fmt(o, "<p class=\"meta\">%s</p>\n",
		 nw.kind == NETWORK_BROAD ? _("Broad network: for every condition")
					  : _("Network with a theme"));
	html_fmt(o, "<p class=\"member-count\">%s</p>\n", count);
	html_fmt(o, "<h2>%s</h2>\n<dl class=\"facts\">\n", _("Who it is for"));
	fact(o, _("Target group"), nw.target_group, lang);
	fact(o, _("Place in the organisation"), nw.position, lang);
	html_lit(o, "</dl>\n");
	if (nw.goal_individual[0] || nw.goal_group[0] || nw.goal_organisation[0]) {
		html_fmt(o, "<h2>%s</h2>\n<dl class=\"facts\">\n", _("Goals"));
		fact(o, _("For you"), nw.goal_individual, lang);
		fact(o, _("For the group"), nw.goal_group, lang);
		fact(o, _("For the organisation"), nw.goal_organisation, lang);
		html_lit(o, "</dl>\n");
	}
	if (nw.plan_goal[0] || nw.plan_activities[0] || nw.plan_effects[0] || nw.plan_planning[0] ||
	    nw.plan_budget[0]) {
		html_fmt(o, "<h2>%s</h2>\n<dl class=\"facts\">\n", _("Our plan"));
		fact(o, _("Goal"), nw.plan_goal, lang);
		fact(o, _("Activities"), nw.plan_activities, lang);
		fact(o, _("Intended effects"), nw.plan_effects, lang);
		fact(o, _("Planning"), nw.plan_planning, lang);
		fact(o, _("Budget"), nw.plan_budget, lang);
		html_lit(o, "</dl>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Whom to contact"));
	if (npeople) {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < npeople; i++)
			html_fmt(o, "<li>%s: %s</li>\n", _(people[i].role_label), people[i].name);
		html_lit(o, "</ul>\n");
	}
	if (nw.contact_email[0])
		html_fmt(o, "<p>%s <a href=\"mailto:%s\">%s</a></p>\n", _("Questions? Write to"),
			 nw.contact_email, nw.contact_email);
	else if (!npeople)
		html_fmt(o, "<p>%s</p>\n", _("This network has not named a contact yet."));
	members_network_section(r, &org, &nw);
	view_end(r);
	return KR_OK;
}
