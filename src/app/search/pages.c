// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the search page. One form (role="search"), then a section for each feature that can
 * be searched (the forum, experience stories, the knowledge base), each with its best results
 * and a link to more of that kind. What a section lists is what its feature lets this reader
 * read, found by the feature itself (its `search` hook): an anonymous post shows its label,
 * never its writer; a story with a content note shows the note, not a piece of the text. */
#include "app/app.h"
#include "app/common/search.h"
#include "app/common/view.h"
#include "app/feature.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/search/pages.h"
#include "base/i18n.h"
#include <string.h>

/* The reader's groups for the hooks: networks and subgroups they are a member of, and the
 * networks they are a member or on the core team of. */
static int
reader_groups(struct request *r, struct db_conn *c, struct search_ctx *s)
{
	struct membership *ms;
	size_t nm;
	int err = members_of_account(c, &r->app->keys, &r->arena, r->user_id, &ms, &nm);
	if (err)
		return err;
	int64_t *team;
	size_t nt;
	if ((err = org_core_team_networks(c, &r->arena, r->user_id, &team, &nt)))
		return err;
	int64_t *nets = ARENA_ARRAY(&r->arena, int64_t, nm + 1);
	int64_t *subs = ARENA_ARRAY(&r->arena, int64_t, nm + 1);
	int64_t *all = ARENA_ARRAY(&r->arena, int64_t, nm + nt + 1);
	size_t n1 = 0, n2 = 0, n3 = 0;
	for (size_t i = 0; i < nm; i++) {
		if (ms[i].subgroup_id)
			subs[n2++] = ms[i].subgroup_id;
		else
			nets[n1++] = all[n3++] = ms[i].network_id;
	}
	/* The core team reads its network's members-only texts without being a member. */
	for (size_t i = 0; i < nt; i++)
		if (!org_id_in(all, n3, team[i]))
			all[n3++] = team[i];
	s->member_networks = nets;
	s->nmember_networks = n1;
	s->member_subgroups = subs;
	s->nmember_subgroups = n2;
	s->networks = all;
	s->nnetworks = n3;
	return KR_OK;
}

static void
write_form(struct request *r, const char *q, const char *problem)
{
	struct strbuf *o = &r->out;
	if (problem) {
		const struct form_error e = { "q", _(problem) };
		form_error_summary(o, &e, 1);
	}
	html_lit(
	    o, "<form class=\"search-form\" role=\"search\" method=\"get\" action=\"/search\">\n");
	const struct form_field f = {
		.name = "q",
		.label = _("Search for"),
		.hint =
		    _("Type one or more words. Every word must be in what you find. Put words in "
		      "quotation marks to find them side by side, like \"workplace adjustment\"."),
		.error = problem ? _(problem) : NULL,
		.value = q,
		.type = "search",
		.maxlength = SEARCH_QUERY_MAX,
	};
	form_input(o, &f);
	form_submit(o, _("Search"));
	html_lit(o, "</form>\n");
}

static void
write_byline(struct strbuf *o, const struct search_hit *h)
{
	switch (h->by) {
	case SEARCH_BY_NAME:
		html_fmt(o, " · %s", h->byline);
		break;
	case SEARCH_BY_PSEUDONYM:
		html_fmt(o, " · %s (%s)", h->byline, _("pseudonym"));
		break;
	case SEARCH_BY_ANONYMOUS:
		if (h->label > 0)
			html_fmt(o, " · %s %lld", _("Anonymous"), (long long)h->label);
		else
			html_fmt(o, " · %s", _("Anonymous"));
		break;
	default:
		break;
	}
}

static void
write_section(struct request *r, const struct feature *f, const struct search_section *sec,
	      const char *q, const char *content_lang, bool alone, int64_t page)
{
	struct strbuf *o = &r->out;
	const char *title = _(sec->title);
	html_fmt(o, "<section class=\"search-section\" aria-labelledby=\"s-%s\">\n", f->name);
	if (sec->nhits == 0)
		html_fmt(o, "<h2 id=\"s-%s\">%s</h2>\n<p>%s</p>\n", f->name, title,
			 _("Nothing found here."));
	else if (sec->more)
		html_fmt(o, "<h2 id=\"s-%s\">%s <span class=\"hint\">(%s)</span></h2>\n", f->name,
			 title, _("more than shown here"));
	else
		html_fmt(o, "<h2 id=\"s-%s\">%s <span class=\"hint\">(%lld)</span></h2>\n", f->name,
			 title, (long long)((page - 1) * SEARCH_PAGE + (int64_t)sec->nhits));
	if (sec->nhits) {
		html_lit(o, "<ol class=\"search-results\">\n");
		for (size_t i = 0; i < sec->nhits; i++) {
			const struct search_hit *h = &sec->hits[i];
			html_fmt(o, "<li>\n<h3><a href=\"%s\" lang=\"%s\">%s</a></h3>\n", h->url,
				 content_lang, h->title);
			html_fmt(o, "<p class=\"hint\">%s", h->where);
			write_byline(o, h);
			html_lit(o, "</p>\n");
			if (h->note && *h->note)
				html_fmt(o, "<p>%s <span lang=\"%s\">%s</span></p>\n",
					 _("Content note:"), content_lang, h->note);
			else if (h->snippet && *h->snippet) {
				html_fmt(o, "<p class=\"snippet\" lang=\"%s\">", content_lang);
				search_snippet_html(o, h->snippet);
				html_lit(o, "</p>\n");
			}
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ol>\n");
	}
	struct strbuf href;
	strbuf_init(&href, 0);
	strbuf_addstr(&href, "/search?q=");
	html_url_part(&href, q);
	if (alone) {
		strbuf_addf(&href, "&in=%s", f->name);
		view_pager(r, href.buf, page, sec->more);
	} else if (sec->more) {
		html_fmt(o, "<p><a href=\"%s&amp;in=%s\">%s %s</a></p>\n", href.buf, f->name,
			 _("More results in:"), title);
	}
	strbuf_release(&href);
	html_lit(o, "</section>\n");
}

int
page_search(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *q = req_query(r, "q");
	const char *in = req_query(r, "in");
	const struct feature *only = NULL;
	if (in) {
		for (size_t i = 0; !only && features_searchable(i); i++)
			if (strcmp(features_searchable(i)->name, in) == 0)
				only = features_searchable(i);
		if (!only)
			return KR_ENOTFOUND;
	}
	int64_t page = 1;
	int err = view_page_number(r, &page);
	if (err)
		return err;
	if (page > 1 && !only)
		return KR_ENOTFOUND; /* a page further is of one kind */

	const char *expr = NULL, *problem = NULL;
	size_t nterms = 0;
	bool asked = q && *q;
	if (asked && search_query_parse(&r->arena, q, &expr, &nterms, &problem))
		r->status = 400;
	else if (q && !*q) {
		problem = search_problem_empty;
		r->status = 400;
	}
	struct org org;
	if ((err = org_get(c, &r->arena, &org)))
		return err;

	const struct crumb crumbs[] = { { _("Search"), NULL } };
	const struct page pg = {
		.title = _("Search"),
		.lead = _("Search the forums, experience stories and knowledge base of your "
			  "networks. You only find what you may read."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = problem != NULL,
	};
	struct search_section *secs = NULL;
	const struct feature **feats = NULL;
	size_t nsecs = 0;
	if (expr) {
		struct search_ctx s = {
			.c = c,
			.k = &r->app->keys,
			.a = &r->arena,
			.reader_id = r->user_id,
			.match = expr,
			.offset = (page - 1) * SEARCH_PAGE,
			.limit = SEARCH_PAGE,
		};
		if ((err = reader_groups(r, c, &s)))
			return err;
		size_t total = 0;
		while (features_searchable(total))
			total++;
		secs = ARENA_ARRAY(&r->arena, struct search_section, total + 1);
		feats = ARENA_ARRAY(&r->arena, const struct feature *, total + 1);
		for (size_t i = 0; i < total; i++) {
			const struct feature *f = features_searchable(i);
			if (only && f != only)
				continue;
			memset(&secs[nsecs], 0, sizeof(secs[nsecs]));
			if ((err = f->search(&s, &secs[nsecs])))
				return err;
			feats[nsecs++] = f;
		}
	}
	view_begin(r, &pg);
	write_form(r, q ? q : "", problem);
	if (expr) {
		size_t found = 0;
		for (size_t i = 0; i < nsecs; i++)
			found += secs[i].nhits;
		html_fmt(&r->out, "<p role=\"status\">%s</p>\n",
			 found ? _("What was found is below, by kind.")
			       : _("Nothing was found. Try other or fewer words."));
		for (size_t i = 0; i < nsecs; i++)
			write_section(r, feats[i], &secs[i], q, org.content_lang, only != NULL,
				      page);
	}
	view_end(r);
	return KR_OK;
}
