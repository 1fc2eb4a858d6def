// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: a network's knowledge base: the list of its pages, a page, writing and changing
 * one (the core team; a save based on an older version is refused), its versions and an old
 * version, "still correct", pinning, and the pinned pages on the network's page. A members'
 * page is not found (404) by anyone outside the network's members and core team, so its
 * existence tells them nothing (docs/PRIVACY.md, "Knowledge base"). */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/events/events.h"
#include "app/knowledge/knowledge.h"
#include "app/knowledge/pages.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"
#include <jansson.h>
#include <limits.h>

#define LIST_PAGE   50 /* pages of a network's list per screen */
#define PINS_CALM   3  /* pinned pages on a network's page in low-stimulus mode */
#define KEEPERS_MAX 64

/* ---- helpers ---- */

static const char *
field(struct request *r, const char *name)
{
	const char *v = req_form(r, name);
	if (!v)
		return "";
	struct str s = str_trim(str_from(v));
	return arena_strndup(&r->arena, s.p ? s.p : "", s.len);
}

static int64_t
id_of(struct str s)
{
	long id;
	if (!s.p || str_to_long(s, 1, LONG_MAX, &id))
		return 0;
	return id;
}

static const char *
day_of(struct arena *a, int64_t t)
{
	struct local_time lt;
	events_utc_to_local(t, &lt);
	return arena_printf(a, "%04d-%02d-%02d", lt.year, lt.month, lt.day);
}

static const char *
audience_label(enum knowledge_audience a)
{
	return a == KNOW_ORGANISATION ? _("Everyone in the organisation")
				      : _("Members of the network");
}

static const char *
author_of(const char *name)
{
	return *name ? name : _("a former colleague");
}

/* Where a page is: the organisation, the network of the path, and (with an id) the page. */
struct at {
	struct org org;
	struct network nw;
	struct knowledge_page p;
	bool core;    /* the reader is in the network's core team */
	bool members; /* the reader may read the network's members' pages */
};

static int
network_load(struct request *r, struct at *x)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	memset(x, 0, sizeof(*x));
	int err = org_get(c, &r->arena, &x->org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	if ((err = org_network_by_slug(c, &r->arena, slug, &x->nw)))
		return err;
	x->core = knowledge_may_edit(c, x->nw.id, r->user_id);
	x->members =
	    x->core || knowledge_may_read(c, &r->app->keys, r->user_id, x->nw.id, KNOW_MEMBERS);
	return KR_OK;
}

/* The page of the path: KR_ENOTFOUND when it is another network's or the reader may not read
 * it, so that a members' page is as absent to others as a page that does not exist. */
static int
page_load(struct request *r, struct at *x)
{
	int err = network_load(r, x);
	if (err)
		return err;
	if ((err = knowledge_get(app_db(r), &r->arena, id_of(r->params[1]), &x->p)))
		return err;
	if (x->p.network_id != x->nw.id || (x->p.audience == KNOW_MEMBERS && !x->members))
		return KR_ENOTFOUND;
	return KR_OK;
}

/* The same, for what only the network's core team does: KR_EFORBIDDEN for others who may read
 * the page. */
static int
team_page_load(struct request *r, struct at *x)
{
	int err = page_load(r, x);
	return err ? err : x->core ? KR_OK : KR_EFORBIDDEN;
}

static const char *
list_href(struct request *r, const struct at *x)
{
	return arena_printf(&r->arena, "/n/%s/knowledge", x->nw.slug);
}

static const char *
page_href(struct request *r, const struct at *x)
{
	return arena_printf(&r->arena, "/n/%s/knowledge/%lld", x->nw.slug, (long long)x->p.id);
}

/* Begins a page with the trail Networks › network › Knowledge base (› page) › last. */
static void
begin(struct request *r, struct page *pg, const struct at *x, bool with_page, const char *last)
{
	struct crumb crumbs[5];
	size_t n = 0;
	crumbs[n++] = (struct crumb){ _("Networks"), "/networks", NULL };
	crumbs[n++] = (struct crumb){ x->nw.name, arena_printf(&r->arena, "/n/%s", x->nw.slug),
				      x->org.content_lang };
	crumbs[n++] =
	    (struct crumb){ _("Knowledge base"), last || with_page ? list_href(r, x) : NULL, NULL };
	if (with_page)
		crumbs[n++] = (struct crumb){ x->p.title, last ? page_href(r, x) : NULL,
					      x->org.content_lang };
	if (last)
		crumbs[n++] = (struct crumb){ last, NULL, NULL };
	pg->crumbs = crumbs;
	pg->ncrumbs = n;
	view_begin(r, pg);
	pg->crumbs = NULL;
	pg->ncrumbs = 0;
}

/* A page that says why nothing was done. */
static int
refusal_page(struct request *r, int status, const char *title, const char *text, const char *back)
{
	r->status = status;
	struct page pg = { .title = title };
	view_begin(r, &pg);
	html_fmt(&r->out, "<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n", text, back, _("Back"));
	view_end(r);
	return KR_OK;
}

/* ---- the list ---- */

int
page_knowledge_list(struct request *r)
{
	struct at x;
	int err = network_load(r, &x);
	int64_t pageno;
	if (err || (err = view_page_number(r, &pageno)))
		return err;
	struct knowledge_page *ps;
	size_t n;
	if ((err = knowledge_list(app_db(r), &r->arena, x.nw.id, x.members, false, LIST_PAGE + 1,
				  (size_t)(pageno - 1) * LIST_PAGE, &ps, &n)))
		return err;
	bool more = n > LIST_PAGE;
	if (more)
		n = LIST_PAGE;
	const char *done = req_query(r, "done");
	struct page pg = {
		.title = _("Knowledge base"),
		.lead = _("Pages that stay: aids and provisions, the route to a workplace "
			  "adjustment, re-integration, and where you can go."),
		.notice = !done				 ? NULL
			  : strcmp(done, "created") == 0 ? _("The page is saved.")
			  : strcmp(done, "deleted") == 0
			      ? _("The page is deleted, with all its versions.")
			      : NULL,
	};
	begin(r, &pg, &x, false, NULL);
	struct strbuf *o = &r->out;
	if (x.core)
		html_fmt(o, "<p><a class=\"button\" href=\"/n/%s/knowledge/new\">%s</a></p>\n",
			 x.nw.slug, _("Write a new page"));
	if (!n) {
		html_fmt(o, "<p>%s</p>\n",
			 pageno > 1 ? _("There are no more pages.")
				    : _("This network has no pages in its knowledge base yet."));
	} else {
		int64_t now = time_now();
		html_lit(o, "<ul class=\"card-list\">\n");
		for (size_t i = 0; i < n; i++) {
			html_fmt(o,
				 "<li class=\"card\"><h2><a href=\"/n/%s/knowledge/%lld\" "
				 "lang=\"%s\">%s</a></h2>\n<p class=\"meta\">%s · %s %s",
				 x.nw.slug, (long long)ps[i].id, x.org.content_lang, ps[i].title,
				 audience_label(ps[i].audience), _("last checked on"),
				 day_of(&r->arena, ps[i].checked_at));
			if (ps[i].pinned)
				html_fmt(o, " · %s", _("pinned"));
			if (x.core && knowledge_due(&ps[i], now))
				html_fmt(o, " · <strong>%s</strong>", _("check due"));
			html_lit(o, "</p></li>\n");
		}
		html_lit(o, "</ul>\n");
	}
	view_pager(r, list_href(r, &x), pageno, more);
	view_end(r);
	return KR_OK;
}

/* ---- writing and changing ---- */

struct edit_values {
	struct at x;
	bool is_new;
	const char *title, *body, *note, *audience, *keeper, *version;
	struct form_option *keepers;
	size_t nkeepers;
	int64_t current; /* with a conflict: the version saved in between */
};

static void
keepers_load(struct request *r, struct edit_values *v)
{
	struct network_role_holder *hs;
	size_t n = 0;
	v->keepers = ARENA_ARRAY(&r->arena, struct form_option, KEEPERS_MAX);
	v->nkeepers = 0;
	if (org_network_roles(app_db(r), &r->arena, v->x.nw.id, &hs, &n))
		n = 0;
	for (size_t i = 0; i < n && v->nkeepers < KEEPERS_MAX; i++) {
		if (hs[i].disabled || !network_role_is_core(network_role_parse(hs[i].role)))
			continue;
		bool seen = false;
		const char *id = arena_printf(&r->arena, "%lld", (long long)hs[i].account_id);
		for (size_t k = 0; k < v->nkeepers && !seen; k++)
			seen = strcmp(v->keepers[k].value, id) == 0;
		if (!seen)
			v->keepers[v->nkeepers++] =
			    (struct form_option){ id, hs[i].name, NULL, NULL };
	}
}

static int
edit_render(struct form_page *fp)
{
	struct edit_values *v = fp->values;
	struct request *r = fp->r;
	struct page pg = {
		.title = v->is_new ? _("Write a new page") : _("Change this page"),
		.lead = _("Write in plain language. Use Markdown for headings (## Heading), lists "
			  "(- item) and links ([text](https://...)). Never write about one "
			  "person's health."),
		.has_errors = form_page_failed(fp),
	};
	begin(r, &pg, &v->x, !v->is_new, pg.title);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	if (v->current)
		html_fmt(o, "<p>%s <a href=\"%s\">%s</a></p>\n",
			 _("See what the other person saved:"), page_href(r, &v->x),
			 _("the current page (opens here)"));
	const char *action = v->is_new
				 ? arena_printf(&r->arena, "/n/%s/knowledge/new", v->x.nw.slug)
				 : arena_printf(&r->arena, "/n/%s/knowledge/%lld/edit",
						v->x.nw.slug, (long long)v->x.p.id);
	form_begin(o, action, r->csrf_token);
	if (!v->is_new)
		html_fmt(o, "<input type=\"hidden\" name=\"version\" value=\"%s\">\n", v->version);
	const char *lang = v->x.org.content_lang;
	form_input(o, &(struct form_field){ .name = "title",
					    .label = _("Title"),
					    .value = v->title,
					    .lang = lang,
					    .maxlength = KNOWLEDGE_TITLE_MAX,
					    .error = form_problem_of(fp, "title"),
					    .required = true });
	form_input(o, &(struct form_field){ .name = "body",
					    .label = _("Text"),
					    .hint = _("At most 50,000 characters."),
					    .value = v->body,
					    .lang = lang,
					    .multiline = true,
					    .error = form_problem_of(fp, "body"),
					    .required = true });
	const struct form_option audiences[] = {
		{ "members", _("Members of the network"),
		  _("Members and the core team of this network."), NULL, NULL },
		{ "organisation", _("Everyone in the organisation"),
		  _("Every colleague who signs in to Kring."), NULL, NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "audience",
					      .legend = _("Who may read this page?"),
					      .options = audiences,
					      .noptions = ARRAY_SIZE(audiences),
					      .selected = v->audience,
					      .error = form_problem_of(fp, "audience") });
	form_radios(o, &(struct form_choice){
			   .name = "keeper",
			   .legend = _("Keeper"),
			   .hint = _("Someone of the core team who checks once a year that the "
				     "page is still correct. Kring sends them a reminder."),
			   .options = v->keepers,
			   .noptions = v->nkeepers,
			   .selected = v->keeper,
			   .error = form_problem_of(fp, "keeper") });
	form_input(o, &(struct form_field){ .name = "note",
					    .label = _("What did you change? (optional)"),
					    .hint = _("Shown in the list of versions."),
					    .value = v->note,
					    .lang = lang,
					    .maxlength = KNOWLEDGE_NOTE_MAX,
					    .error = form_problem_of(fp, "note") });
	form_submit(o, _("Save the page"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
edit_save(struct form_page *fp)
{
	struct edit_values *v = fp->values;
	struct request *r = fp->r;
	struct db_conn *c = app_db(r);
	v->version = field(r, "version");
	v->title = field(r, "title");
	v->body = req_form(r, "body") ? req_form(r, "body") : "";
	v->note = field(r, "note");
	v->audience = field(r, "audience");
	v->keeper = field(r, "keeper");
	struct knowledge_edit e = { .title = v->title, .body = v->body, .note = v->note };
	struct knowledge_problem ps[KNOWLEDGE_PROBLEMS_MAX];
	size_t np = knowledge_check(&e, ps);
	for (size_t i = 0; i < np; i++)
		form_problem(fp, ps[i].field, _(ps[i].message));
	if (!knowledge_audience_parse(v->audience, &e.audience))
		form_problem(fp, "audience", _("Choose who may read this page."));
	e.keeper_id = id_of(str_from(v->keeper));
	if (!e.keeper_id || !knowledge_may_edit(c, v->x.nw.id, e.keeper_id))
		form_problem(fp, "keeper", _(knowledge_problem_keeper));
	long base = 0;
	if (!v->is_new && str_to_long(str_from(v->version), 1, LONG_MAX, &base))
		return KR_EINVAL; /* not from the form: it always sends the version */
	if (form_page_failed(fp))
		return KR_OK;
	int64_t id = v->x.p.id;
	int err = v->is_new ? knowledge_create(c, v->x.nw.id, r->user_id, &e, time_now(), &id)
			    : knowledge_update(c, id, base, r->user_id, &e, time_now());
	if (err == KR_ECONFLICT) {
		/* Someone saved in between: nothing is saved, the text stays in the form, and
		 * the form now carries the version saved in between, so saving again is a
		 * choice made knowingly, never an overwrite by accident. */
		struct knowledge_page now;
		if ((err = knowledge_get(c, &r->arena, id, &now)))
			return err;
		v->current = now.version;
		v->version = arena_printf(&r->arena, "%lld", (long long)now.version);
		fp->status = 409;
		form_problem(
		    fp, "body",
		    _("Someone else saved a new version of this page while you were writing. "
		      "Nothing of yours is saved yet. Your text is kept here: compare it with the "
		      "current page, then save again to replace that version."));
		return KR_OK;
	}
	if (err == KR_EINVAL) {
		form_problem(fp, "keeper", _(knowledge_problem_keeper));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = v->is_new ? arena_printf(&r->arena, "/n/%s/knowledge/%lld?done=created",
					    v->x.nw.slug, (long long)id)
			     : arena_printf(&r->arena, "/n/%s/knowledge/%lld?done=saved",
					    v->x.nw.slug, (long long)id);
	return KR_OK;
}

static const struct form_page_ops edit_ops = { edit_save, edit_render };

static int
new_values(struct request *r, struct edit_values *v)
{
	memset(v, 0, sizeof(*v));
	int err = network_load(r, &v->x);
	if (err)
		return err;
	if (!v->x.core)
		return KR_EFORBIDDEN;
	v->is_new = true;
	v->title = v->body = v->note = "";
	v->audience = "members";
	v->keeper = arena_printf(&r->arena, "%lld", (long long)r->user_id);
	v->version = "";
	keepers_load(r, v);
	return KR_OK;
}

static int
edit_values(struct request *r, struct edit_values *v)
{
	memset(v, 0, sizeof(*v));
	int err = page_load(r, &v->x);
	if (err)
		return err;
	if (!v->x.core)
		return KR_EFORBIDDEN;
	v->title = v->x.p.title;
	v->body = v->x.p.body;
	v->note = "";
	v->audience = knowledge_audience_name(v->x.p.audience);
	v->keeper = arena_printf(&r->arena, "%lld", (long long)v->x.p.keeper_id);
	v->version = arena_printf(&r->arena, "%lld", (long long)v->x.p.version);
	keepers_load(r, v);
	return KR_OK;
}

/* The four handlers of the two forms: the form (GET) or its POST, for a new page or a change. */
static int
edit_handler(struct request *r, bool is_new, bool post)
{
	struct edit_values *v = ARENA_ARRAY(&r->arena, struct edit_values, 1);
	int err = is_new ? new_values(r, v) : edit_values(r, v);
	if (err)
		return err;
	return post ? form_page_post(r, &edit_ops, v) : form_page_show(r, &edit_ops, v);
}

int
page_knowledge_new(struct request *r)
{
	return edit_handler(r, true, false);
}

int
page_knowledge_new_post(struct request *r)
{
	return edit_handler(r, true, true);
}

int
page_knowledge_edit(struct request *r)
{
	return edit_handler(r, false, false);
}

int
page_knowledge_edit_post(struct request *r)
{
	return edit_handler(r, false, true);
}

/* ---- a page ---- */

/* Whether a body uses level-1 headings ("# Title", or a line underlined with "="). Writers
 * of a page take its title as the level above, so their sections are "## Section": those
 * become the page's <h2>s. A body with "#" headings is moved one level down instead, so the
 * page keeps its one <h1>. */
static bool
uses_level_one(const char *body)
{
	for (const char *l = body; *l; l++) {
		if ((l[0] == '#' &&
		     (l[1] == ' ' || l[1] == '\t' || l[1] == '\n' || l[1] == '\r' || !l[1])) ||
		    (l != body && l[0] == '=' && l[-1] == '\n')) {
			if (l[0] == '#')
				return true;
			const char *e = l;
			while (*e == '=')
				e++;
			while (*e == ' ' || *e == '\r')
				e++;
			if (!*e || *e == '\n')
				return true;
		}
		const char *nl = strchr(l, '\n');
		if (!nl)
			break;
		l = nl;
	}
	return false;
}

/* The body as HTML under a heading of level `under` (1: the page's <h1>). */
static void
body_html(struct request *r, const struct at *x, const char *body, int under)
{
	int top = under + (uses_level_one(body) ? 1 : 0);
	html_fmt(&r->out, "<div class=\"knowledge-text\" lang=\"%s\">\n", x->org.content_lang);
	markdown_html(&r->out, body, strlen(body), top > 6 ? 6 : top);
	html_lit(&r->out, "</div>\n");
}

static void
button_form(struct request *r, const char *action, const char *name, const char *value,
	    const char *label)
{
	html_fmt(&r->out,
		 "<form class=\"inline-form\" method=\"post\" action=\"%s\">\n<input "
		 "type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
		 action, r->csrf_token);
	if (name)
		html_fmt(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", name,
			 value);
	html_fmt(&r->out,
		 "<button type=\"submit\" class=\"button button-small "
		 "button-secondary\">%s</button>\n</form>\n",
		 label);
}

int
page_knowledge_page(struct request *r)
{
	struct at x;
	int err = page_load(r, &x);
	if (err)
		return err;
	const char *done = req_query(r, "done");
	const char *notice = !done			     ? NULL
			     : strcmp(done, "created") == 0  ? _("The page is saved.")
			     : strcmp(done, "saved") == 0    ? _("Your changes are saved.")
			     : strcmp(done, "checked") == 0  ? _("Thank you: the page is marked as "
								  "still correct.")
			     : strcmp(done, "pinned") == 0   ? _("The page is pinned on the "
								   "network's page.")
			     : strcmp(done, "unpinned") == 0 ? _("The page is no longer pinned.")
							     : NULL;
	struct page pg = { .title = x.p.title,
			   .content_lang = x.org.content_lang,
			   .notice = notice };
	begin(r, &pg, &x, true, NULL);
	struct strbuf *o = &r->out;
	int64_t now = time_now();
	html_fmt(o,
		 "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		 _("Who may read it"), audience_label(x.p.audience), _("Last checked"),
		 day_of(&r->arena, x.p.checked_at), _("Keeper"),
		 *x.p.keeper_name ? x.p.keeper_name : _("nobody at the moment"));
	if (x.core && knowledge_due(&x.p, now))
		html_fmt(o, "<p class=\"notice\">%s</p>\n",
			 _("This page was last checked over a year ago. Is it still correct?"));
	body_html(r, &x, x.p.body, 1);
	html_fmt(o, "<p><a href=\"%s/versions\">%s</a> (%s %lld)</p>\n", page_href(r, &x),
		 _("Versions of this page"), _("now version"), (long long)x.p.version);
	if (x.core) {
		html_fmt(o, "<h2>%s</h2>\n<p><a class=\"button\" href=\"%s/edit\">%s</a></p>\n",
			 _("For the core team"), page_href(r, &x), _("Change this page"));
		button_form(r, arena_printf(&r->arena, "%s/checked", page_href(r, &x)), NULL, NULL,
			    _("It is still correct"));
		button_form(r, arena_printf(&r->arena, "%s/pin", page_href(r, &x)), "pinned",
			    x.p.pinned ? "0" : "1",
			    x.p.pinned ? _("Unpin from the network's page")
				       : _("Pin on the network's page"));
		button_form(r, arena_printf(&r->arena, "%s/delete", page_href(r, &x)), NULL, NULL,
			    _("Delete this page"));
	}
	view_end(r);
	return KR_OK;
}

int
page_knowledge_versions(struct request *r)
{
	struct at x;
	int err = page_load(r, &x);
	if (err)
		return err;
	struct knowledge_version *vs;
	size_t n;
	if ((err = knowledge_versions(app_db(r), &r->arena, x.p.id, &vs, &n)))
		return err;
	struct page pg = { .title = _("Versions of this page"),
			   .lead = _("Every saved version, newest first, with who saved it.") };
	begin(r, &pg, &x, true, pg.title);
	struct strbuf *o = &r->out;
	view_table_begin(r, _("Versions"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 _("Version"), _("Saved on"), _("By"), _("What changed"));
	for (size_t i = 0; i < n; i++)
		html_fmt(o,
			 "<tr><td><a href=\"%s/versions/%lld\">%s %lld</a></td><td>%s</td>"
			 "<td>%s</td><td lang=\"%s\">%s</td></tr>\n",
			 page_href(r, &x), (long long)vs[i].version, _("Version"),
			 (long long)vs[i].version, day_of(&r->arena, vs[i].created_at),
			 author_of(vs[i].author_name), x.org.content_lang, vs[i].note);
	html_lit(o, "</tbody>\n</table>\n</div>\n");
	view_end(r);
	return KR_OK;
}

/* ---- what changed between two versions ---- */

#define DIFF_CELLS 400000 /* lines of the one times lines of the other: the most compared */

struct lines {
	const char **l;
	size_t n;
};

static struct lines
lines_of(struct arena *a, const char *text)
{
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '\n';
	struct lines out = { ARENA_ARRAY(a, const char *, cap), 0 };
	for (const char *p = text; *p || out.n == 0;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len && p[len - 1] == '\r')
			len--;
		out.l[out.n++] = arena_strndup(a, p, len);
		if (!e)
			break;
		p = e + 1;
	}
	return out;
}

static void
diff_line(struct strbuf *o, const char *lang, bool added, const char *line)
{
	if (added)
		html_fmt(o, "<li><strong>%s</strong> <ins lang=\"%s\">%s</ins></li>\n", _("Added:"),
			 lang, line);
	else
		html_fmt(o, "<li><strong>%s</strong> <del lang=\"%s\">%s</del></li>\n",
			 _("Removed:"), lang, line);
}

/* The lines removed from `from` and added in `to` (a longest common subsequence of lines),
 * in the order of the text; blank lines are left out of the list. */
static void
diff_html(struct request *r, const char *lang, const char *from, const char *to)
{
	struct strbuf *o = &r->out;
	struct lines a = lines_of(&r->arena, from), b = lines_of(&r->arena, to);
	if (a.n * b.n > DIFF_CELLS) {
		html_fmt(o, "<p>%s</p>\n", _("These versions are too long to compare here."));
		return;
	}
	/* lcs[i][j]: the longest common run of a[i..] and b[j..] */
	size_t w = b.n + 1;
	uint32_t *lcs = ARENA_ARRAY(&r->arena, uint32_t, (a.n + 1) * w);
	for (size_t j = 0; j <= b.n; j++)
		lcs[a.n * w + j] = 0;
	for (size_t i = a.n; i-- > 0;) {
		lcs[i * w + b.n] = 0;
		for (size_t j = b.n; j-- > 0;) {
			uint32_t down = lcs[(i + 1) * w + j], right = lcs[i * w + j + 1];
			lcs[i * w + j] = strcmp(a.l[i], b.l[j]) == 0 ? lcs[(i + 1) * w + j + 1] + 1
					 : down > right		     ? down
								     : right;
		}
	}
	size_t i = 0, j = 0, changes = 0;
	html_lit(o, "<ul class=\"diff\">\n");
	while (i < a.n || j < b.n) {
		if (i < a.n && j < b.n && strcmp(a.l[i], b.l[j]) == 0) {
			i++, j++;
		} else if (j < b.n && (i == a.n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
			if (*b.l[j] && ++changes)
				diff_line(o, lang, true, b.l[j]);
			j++;
		} else {
			if (*a.l[i] && ++changes)
				diff_line(o, lang, false, a.l[i]);
			i++;
		}
	}
	html_lit(o, "</ul>\n");
	if (!changes)
		html_fmt(o, "<p>%s</p>\n", _("The text did not change."));
}

int
page_knowledge_version(struct request *r)
{
	struct at x;
	int err = page_load(r, &x);
	if (err)
		return err;
	struct knowledge_version v;
	if ((err = knowledge_version_get(app_db(r), &r->arena, x.p.id, id_of(r->params[2]), &v)))
		return err;
	const char *title = arena_printf(&r->arena, "%s %lld", _("Version"), (long long)v.version);
	struct page pg = { .title = title };
	begin(r, &pg, &x, true, title);
	struct strbuf *o = &r->out;
	if (v.version != x.p.version)
		html_fmt(o, "<p class=\"notice\">%s <a href=\"%s\">%s</a></p>\n",
			 _("This is an old version of the page."), page_href(r, &x),
			 _("Go to the current page"));
	html_fmt(o,
		 "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n",
		 _("Saved on"), day_of(&r->arena, v.created_at), _("By"), author_of(v.author_name),
		 _("Who could read it"), audience_label(v.audience));
	if (*v.note)
		html_fmt(o, "<dt>%s</dt><dd lang=\"%s\">%s</dd>\n", _("What changed"),
			 x.org.content_lang, v.note);
	html_lit(o, "</dl>\n");
	struct knowledge_version prev;
	if (v.version > 1 &&
	    !(err = knowledge_version_get(app_db(r), &r->arena, x.p.id, v.version - 1, &prev))) {
		html_fmt(o, "<h2>%s %lld</h2>\n", _("What changed since version"),
			 (long long)prev.version);
		if (strcmp(prev.title, v.title) != 0)
			html_fmt(
			    o, "<p>%s <del lang=\"%s\">%s</del> → <ins lang=\"%s\">%s</ins></p>\n",
			    _("The title:"), x.org.content_lang, prev.title, x.org.content_lang,
			    v.title);
		diff_html(r, x.org.content_lang, prev.body, v.body);
	} else if (err && err != KR_ENOTFOUND) {
		return err;
	}
	html_fmt(o, "<h2 lang=\"%s\">%s</h2>\n", x.org.content_lang, v.title);
	body_html(r, &x, v.body, 2);
	view_end(r);
	return KR_OK;
}

/* ---- still correct, pinning ---- */

int
page_knowledge_checked_post(struct request *r)
{
	struct at x;
	int err = team_page_load(r, &x);
	if (err)
		return err;
	if ((err = knowledge_mark_checked(app_db(r), x.p.id, r->user_id, time_now())))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=checked", page_href(r, &x)));
	return KR_OK;
}

int
page_knowledge_pin_post(struct request *r)
{
	struct at x;
	int err = team_page_load(r, &x);
	if (err)
		return err;
	const char *v = field(r, "pinned");
	bool pin = strcmp(v, "1") == 0;
	if (!pin && strcmp(v, "0") != 0)
		return refusal_page(r, 400, _("Pin or unpin?"),
				    _("Kring could not tell whether to pin or unpin the page. "
				      "Nothing has changed."),
				    page_href(r, &x));
	if ((err = knowledge_set_pinned(app_db(r), x.p.id, pin)))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=%s", page_href(r, &x),
				      pin ? "pinned" : "unpinned"));
	return KR_OK;
}

/* Deleting a page, in two steps: the first shows what goes, the second (confirm=1) deletes. */
int
page_knowledge_delete_post(struct request *r)
{
	struct at x;
	int err = team_page_load(r, &x);
	if (err)
		return err;
	const char *confirm = req_form(r, "confirm");
	if (!confirm) {
		struct page pg = { .title = _("Delete this page?"),
				   .lead =
				       _("Step 2 of 2: the page and all its earlier versions are "
					 "deleted at once. This cannot be undone.") };
		begin(r, &pg, &x, true, _("Delete"));
		html_fmt(&r->out, "<p><strong lang=\"%s\">%s</strong></p>\n", x.org.content_lang,
			 x.p.title);
		html_fmt(&r->out, "<p>%s</p>\n",
			 x.p.pinned
			     ? _("It is pinned on the network's page: it goes from there too.")
			     : _("Links to it from other pages will no longer work."));
		form_begin(&r->out, arena_printf(&r->arena, "%s/delete", page_href(r, &x)),
			   r->csrf_token);
		html_lit(&r->out, "<input type=\"hidden\" name=\"confirm\" value=\"1\">\n");
		form_submit(&r->out, _("Yes, delete the page"));
		form_end(&r->out);
		html_fmt(&r->out, "<p><a href=\"%s\">%s</a></p>\n", page_href(r, &x),
			 _("No, keep it"));
		view_end(r);
		return KR_OK;
	}
	if (strcmp(confirm, "1") != 0)
		return refusal_page(
		    r, 400, _("Delete or not?"),
		    _("Kring could not tell whether to delete the page. Nothing has "
		      "changed."),
		    page_href(r, &x));
	if ((err = knowledge_delete(app_db(r), x.nw.id, x.p.id, r->user_id)))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=deleted", list_href(r, &x)));
	return KR_OK;
}

/* ---- the network's page ---- */

int
knowledge_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	bool members = knowledge_may_read(c, &r->app->keys, r->user_id, nw->id, KNOW_MEMBERS);
	size_t limit = r->prefs.low_stimulus ? PINS_CALM : KNOWLEDGE_PINS_MAX;
	struct knowledge_page *ps;
	size_t n;
	int err = knowledge_list(c, &r->arena, nw->id, members, true, limit, 0, &ps, &n);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Knowledge base"));
	if (n) {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < n; i++)
			html_fmt(o,
				 "<li><a href=\"/n/%s/knowledge/%lld\" lang=\"%s\">%s</a></li>\n",
				 nw->slug, (long long)ps[i].id, org->content_lang, ps[i].title);
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<p><a href=\"/n/%s/knowledge\">%s</a></p>\n", nw->slug,
		 _("All pages of the knowledge base"));
	return KR_OK;
}

/* ---- the walks ---- */

int
knowledge_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	(void)k;
	return knowledge_erase_account(c, account_id);
}

int
knowledge_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int64_t reminded; /* reminders are not erasures: not in the tally */
	return knowledge_remind(c, ctx->now, NULL, &reminded);
}

int
knowledge_my_data(struct my_data *md)
{
	struct knowledge_version *vs;
	const char **titles;
	size_t nv, nk;
	struct knowledge_page *ks;
	int err = knowledge_written_by(md->c, md->a, md->account_id, &vs, &titles, &nv);
	if (!err)
		err = knowledge_kept_by(md->c, md->a, md->account_id, &ks, &nk);
	if (err)
		return err;
	if (md->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < nv; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "page_id", json_integer(vs[i].page_id));
			json_object_set_new(j, "page", json_string(titles[i]));
			json_object_set_new(j, "version", json_integer(vs[i].version));
			json_object_set_new(j, "saved_at", json_integer(vs[i].created_at));
			json_object_set_new(j, "title", json_string(vs[i].title));
			json_object_set_new(j, "note", json_string(vs[i].note));
			json_object_set_new(j, "text", json_string(vs[i].body));
			json_array_append_new(arr, j);
		}
		json_object_set_new(md->json, "knowledge_versions", arr);
		json_t *kept = json_array();
		for (size_t i = 0; i < nk; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "page_id", json_integer(ks[i].id));
			json_object_set_new(j, "page", json_string(ks[i].title));
			json_object_set_new(j, "last_checked", json_integer(ks[i].checked_at));
			json_array_append_new(kept, j);
		}
		json_object_set_new(md->json, "knowledge_pages_kept", kept);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Knowledge base"));
	if (!nv && !nk) {
		html_fmt(o, "<p>%s</p>\n",
			 _("You have not written or kept pages of a knowledge base."));
		return KR_OK;
	}
	if (nv) {
		html_fmt(o, "<p>%s</p>\n<ul>\n", _("Versions you saved:"));
		for (size_t i = 0; i < nv; i++)
			html_fmt(o, "<li>%s · %s %lld · %s%s%s</li>\n", titles[i], _("version"),
				 (long long)vs[i].version, day_of(md->a, vs[i].created_at),
				 *vs[i].note ? " · " : "", vs[i].note);
		html_lit(o, "</ul>\n");
	}
	if (nk) {
		html_fmt(o, "<p>%s</p>\n<ul>\n", _("Pages you keep:"));
		for (size_t i = 0; i < nk; i++)
			html_fmt(o, "<li>%s · %s %s</li>\n", ks[i].title, _("last checked on"),
				 day_of(md->a, ks[i].checked_at));
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<p>%s</p>\n",
		 _("The pages belong to the network. When your account is erased, the text "
		   "stays and the history says \"a former colleague\" instead of your name."));
	return KR_OK;
}
