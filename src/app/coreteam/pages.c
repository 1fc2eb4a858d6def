// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: a core team that lasts. The core team's page (roles, holders, terms, deputies,
 * warnings; starting a term, own roles, open roles), a term's page (end, successor, deputy,
 * planned end, handing over), the team's history with the turnover per year, and the handover
 * notes of a role. Who holds a role now is public (the network's page); everything here is for
 * the network's core team and its contact point only, the notes for the role's holders, its
 * named successor and the chair (docs/PRIVACY.md). */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/coreteam/coreteam.h"
#include "app/coreteam/pages.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"
#include <jansson.h>
#include <limits.h>

/* ---- shared pieces ---- */

static const char *
param_str(struct request *r, size_t i)
{
	return arena_strndup(&r->arena, r->params[i].p, r->params[i].len);
}

static const char *
field(struct request *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

static int
network_load(struct request *r, struct org *org, struct network *nw)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = org_get(c, &r->arena, org);
	if (err)
		return err;
	return org_network_by_slug(c, &r->arena, param_str(r, 0), nw);
}

/* Whether the signed-in person manages the network's team: its core team or contact point. */
static bool
manages(struct request *r, int64_t network_id)
{
	struct db_conn *c = app_db(r);
	if (!c || r->user_id <= 0)
		return false;
	return org_is_core_team(c, network_id, r->user_id) ||
	       coreteam_network_role(c, network_id, r->user_id) == NROLE_CONTACT;
}

/* The network of the request, for its core team and contact point only: 403 for anyone else. */
static int
team_load(struct request *r, struct org *org, struct network *nw)
{
	int err = network_load(r, org, nw);
	if (err)
		return err;
	return manages(r, nw->id) ? KR_OK : KR_EFORBIDDEN;
}

static const char *
lang_of(const struct org *org)
{
	return org->content_lang ? org->content_lang : "nl";
}

/* A role's name: a built-in one translated, an own one as the network wrote it (in the
 * organisation's language). */
static void
role_name(struct request *r, const struct coreteam_role *roles, size_t n, const char *key,
	  const char *lang)
{
	struct strbuf *o = &r->out;
	for (size_t i = 0; i < n; i++)
		if (strcmp(roles[i].key, key) == 0) {
			if (roles[i].builtin)
				html_fmt(o, "%s", _(roles[i].name));
			else
				html_fmt(o, "<span lang=\"%s\">%s</span>", lang, roles[i].name);
			return;
		}
	html_fmt(o, "%s", _("a role that was removed"));
}

static const char *
role_plain(const struct coreteam_role *roles, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(roles[i].key, key) == 0)
			return roles[i].builtin ? _(roles[i].name) : roles[i].name;
	return _("a role that was removed");
}

static const char *
holder_text(const struct coreteam_term *t)
{
	return t->holder_id ? t->holder_name : _("a former member");
}

/* msg (translated) with {key} replaced by value. */
static const char *
fill(struct arena *a, const char *msg, const char *key, const char *value)
{
	const char *at = strstr(msg, key);
	if (!at)
		return msg;
	return arena_printf(a, "%.*s%s%s", (int)(at - msg), msg, value, at + strlen(key));
}

/* The account of an e-mail address someone typed: 0 with a problem on field when there is
 * none (or it is not an address); "" is 0 without a problem when optional. */
static int
account_of(struct form_page *fp, const char *fieldname, const char *email, bool optional,
	   int64_t *id)
{
	struct request *r = fp->r;
	*id = 0;
	if (!email[0]) {
		if (!optional)
			form_problem(fp, fieldname, _("Type the e-mail address of the person."));
		return KR_OK;
	}
	const char *norm;
	struct account acc;
	if (auth_email_normalise(&r->arena, email, &norm)) {
		form_problem(fp, fieldname, _("Type an e-mail address like name@example.org."));
		return KR_OK;
	}
	int err = auth_account_by_email(app_db(r), &r->arena, norm, &acc);
	if (err == KR_ENOTFOUND) {
		form_problem(fp, fieldname, _(coreteam_problem_person));
		return KR_OK;
	}
	if (!err)
		*id = acc.id;
	return err;
}

static void
today_of(char out[11])
{
	coreteam_today(time_now(), out);
}

/* ---- the network's open page ---- */

int
coreteam_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	struct db_conn *c = app_db(r);
	struct coreteam_role *roles;
	size_t n;
	int err = coreteam_roles(c, &r->arena, nw->id, &roles, &n);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	const char *lang = lang_of(org);
	size_t nopen = 0;
	for (size_t i = 0; i < n; i++)
		nopen += roles[i].open;
	if (nopen) {
		html_fmt(o, "<h2 id=\"open-roles\">%s</h2>\n<p>%s</p>\n<ul class=\"open-roles\">\n",
			 _("We are looking for"),
			 _("These roles in the network are open. Would you like to take one on?"));
		for (size_t i = 0; i < n; i++) {
			if (!roles[i].open)
				continue;
			html_lit(o, "<li><strong>");
			role_name(r, roles, n, roles[i].key, lang);
			html_fmt(o, "</strong>: <span lang=\"%s\">%s</span></li>\n", lang,
				 roles[i].respond);
		}
		html_lit(o, "</ul>\n");
	}
	/* Who holds one of the network's own roles is public, as a built-in role is. */
	struct coreteam_term *t;
	size_t nt, nown = 0;
	if ((err = coreteam_terms_open(c, &r->arena, nw->id, &t, &nt)))
		return err;
	for (size_t i = 0; i < nt; i++) {
		if (coreteam_builtin_label(t[i].role_key) || !t[i].holder_id)
			continue;
		if (!nown++)
			html_fmt(o, "<h2 id=\"own-roles\">%s</h2>\n<ul>\n",
				 _("Other roles in the network"));
		html_lit(o, "<li>");
		role_name(r, roles, n, t[i].role_key, lang);
		html_fmt(o, ": %s</li>\n", t[i].holder_name);
	}
	if (nown)
		html_lit(o, "</ul>\n");
	if (manages(r, nw->id))
		html_fmt(o, "<p><a href=\"/n/%s/team\">%s</a></p>\n", nw->slug,
			 _("The core team: roles, terms and handover"));
	return KR_OK;
}

/* ---- the core team's page ---- */

struct team_form {
	struct org org;
	struct network nw;
	/* the start form */
	const char *role, *email, *starts, *planned_end, *deputy;
	/* an own role */
	const char *name, *description;
	/* an open role */
	const char *vrole, *respond;
};

static const char *
warning_text(struct request *r, const struct coreteam_warning *w, const struct coreteam_role *roles,
	     size_t nroles)
{
	struct arena *a = &r->arena;
	switch (w->kind) {
	case CTW_ENDS_WITHOUT_SUCCESSOR:
		return fill(a,
			    fill(a,
				 fill(a,
				      _("The term of {name} as {role} ends on {date}, and no "
					"successor has been named."),
				      "{name}", w->who[0] ? w->who : _("a former member")),
				 "{role}", role_plain(roles, nroles, w->role_key)),
			    "{date}", w->date);
	case CTW_MANY_ROLES:
		return fill(a,
			    fill(a,
				 _("{name} holds {n} roles. That is a lot for one person: can "
				   "someone take one over?"),
				 "{name}", w->who),
			    "{n}", arena_printf(a, "%lld", (long long)w->count));
	default:
		return fill(a,
			    fill(a, _("{role} ({name}) has no deputy."), "{role}",
				 role_plain(roles, nroles, w->role_key)),
			    "{name}", w->who[0] ? w->who : _("a former member"));
	}
}

/* The roles as choices; an own role's name and description in the organisation's language. */
static void
role_options(struct request *r, const struct coreteam_role *roles, size_t n, const char *lang,
	     struct form_option **out)
{
	struct form_option *opts = arena_alloc(&r->arena, n * sizeof(*opts));
	for (size_t i = 0; i < n; i++)
		opts[i] = (struct form_option){
			roles[i].key,
			roles[i].builtin ? _(roles[i].name) : roles[i].name,
			roles[i].description[0] ? roles[i].description : NULL,
			roles[i].builtin ? NULL : lang,
			roles[i].builtin ? NULL : lang,
		};
	*out = opts;
}

static int
team_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct team_form *f = fp->values;
	struct db_conn *c = app_db(r);
	struct coreteam_role *roles;
	size_t nroles, nterms, nwarn;
	struct coreteam_term *terms;
	struct coreteam_warning *warn;
	char today[11];
	today_of(today);
	struct network_role_holder *holders;
	size_t nholders;
	int err = coreteam_roles(c, &r->arena, f->nw.id, &roles, &nroles);
	if (!err)
		err = coreteam_terms_open(c, &r->arena, f->nw.id, &terms, &nterms);
	if (!err)
		err = coreteam_warnings(c, &r->arena, f->nw.id, today, &warn, &nwarn);
	if (!err)
		err = org_network_roles(c, &r->arena, f->nw.id, &holders, &nholders);
	if (err)
		return err;
	const char *lang = lang_of(&f->org);
	const char *base = arena_printf(&r->arena, "/n/%s/team", f->nw.slug);
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ f->nw.name, arena_printf(&r->arena, "/n/%s", f->nw.slug), lang },
		{ _("The core team"), NULL, NULL },
	};
	const char *done = req_query(r, "done");
	const char *notice = NULL;
	if (done && strcmp(done, "started") == 0)
		notice = _("The term has started.");
	else if (done && strcmp(done, "role") == 0)
		notice = _("The role has been added.");
	else if (done && strcmp(done, "open") == 0)
		notice = _("The role is marked as open, on the network's page.");
	else if (done && strcmp(done, "closed") == 0)
		notice = _("The role is no longer marked as open.");
	const struct page pg = {
		.title = _("The core team"),
		.lead = _("The roles of this network, who holds them and until when, with deputies "
			  "and successors. Who holds a role is public; the history, the warnings "
			  "and this page are for the core team and the contact point only."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
		.notice = notice,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o,
		 "<nav aria-labelledby=\"on-this-page\">\n<h2 id=\"on-this-page\" "
		 "class=\"meta\">%s</h2>\n<ul>\n<li><a href=\"#roles\">%s</a></li>\n"
		 "<li><a href=\"#start\">%s</a></li>\n<li><a href=\"#open\">%s</a></li>\n"
		 "<li><a href=\"#own\">%s</a></li>\n<li><a href=\"%s/history\">%s</a></li>\n"
		 "</ul>\n</nav>\n",
		 _("On this page"), _("Roles and who holds them"), _("Start a term"),
		 _("Open roles"), _("A role of your own"), base, _("The team's history"));
	if (nwarn) {
		html_fmt(o, "<div class=\"notice\" role=\"note\">\n<h2>%s</h2>\n<ul>\n",
			 _("Keep an eye on"));
		for (size_t i = 0; i < nwarn; i++)
			html_fmt(o, "<li class=\"warning-%s\">%s</li>\n",
				 warn[i].kind == CTW_ENDS_WITHOUT_SUCCESSOR ? "ends"
				 : warn[i].kind == CTW_MANY_ROLES	    ? "many"
									    : "deputy",
				 warning_text(r, &warn[i], roles, nroles));
		html_lit(o, "</ul>\n</div>\n");
	}

	view_table_begin(r, _("Roles, holders and terms"));
	html_fmt(o,
		 "<h2 id=\"roles\">%s</h2>\n<table>\n<caption class=\"meta\">%s</caption>\n"
		 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>\n",
		 _("Roles and who holds them"), _("Roles, holders and terms"), _("Role"),
		 _("Held by"), _("Since"), _("Planned end"), _("Deputy"), _("Successor"));
	for (size_t i = 0; i < nroles; i++) {
		size_t held = 0;
		for (size_t k = 0; k < nterms; k++) {
			const struct coreteam_term *t = &terms[k];
			if (strcmp(t->role_key, roles[i].key) != 0)
				continue;
			held++;
			html_lit(o, "<tr><th scope=\"row\">");
			role_name(r, roles, nroles, roles[i].key, lang);
			html_fmt(o,
				 "</th><td><a href=\"%s/terms/%lld\">%s</a></td><td>%s</td>"
				 "<td>%s</td><td>%s</td><td>%s</td></tr>\n",
				 base, (long long)t->id, holder_text(t), t->starts_on,
				 t->planned_end[0] ? t->planned_end : _("not set"),
				 t->deputy_id ? t->deputy_name : _("none"),
				 t->successor_id ? t->successor_name : _("not named"));
		}
		/* Someone who held the role before terms were recorded (or was given it another
		 * way): named, so that the team can record the term. */
		for (size_t k = 0; roles[i].builtin && k < nholders; k++) {
			if (strcmp(holders[k].role, roles[i].key) != 0)
				continue;
			bool recorded = false;
			for (size_t j = 0; j < nterms; j++)
				recorded =
				    recorded || (terms[j].holder_id == holders[k].account_id &&
						 strcmp(terms[j].role_key, roles[i].key) == 0);
			if (recorded)
				continue;
			held++;
			html_lit(o, "<tr class=\"no-term\"><th scope=\"row\">");
			role_name(r, roles, nroles, roles[i].key, lang);
			html_fmt(o, "</th><td>%s</td><td colspan=\"4\">%s</td></tr>\n",
				 holders[k].name,
				 _("No term recorded: start a term for them below to record it."));
		}
		if (!held &&
		    (roles[i].open || !roles[i].builtin || strcmp(roles[i].key, "core") != 0)) {
			html_lit(o, "<tr><th scope=\"row\">");
			role_name(r, roles, nroles, roles[i].key, lang);
			html_fmt(o, "</th><td colspan=\"5\">%s</td></tr>\n",
				 roles[i].open ? _("Nobody: marked as open") : _("Nobody"));
		}
	}
	html_lit(o, "</tbody>\n</table>\n</div>\n");
	/* Handover notes: links for the roles whose notes this person may read. */
	bool any = false;
	for (size_t i = 0; i < nroles; i++) {
		if (!coreteam_note_may_read(c, f->nw.id, roles[i].key, r->user_id))
			continue;
		if (!any)
			html_fmt(o, "<h3>%s</h3>\n<ul>\n", _("Handover notes you can read"));
		any = true;
		html_fmt(o, "<li><a href=\"%s/notes/%s\">", base, roles[i].key);
		role_name(r, roles, nroles, roles[i].key, lang);
		html_lit(o, "</a></li>\n");
	}
	if (any)
		html_lit(o, "</ul>\n");

	struct form_option *opts;
	role_options(r, roles, nroles, lang, &opts);
	html_fmt(o, "<h2 id=\"start\">%s</h2>\n<p>%s</p>\n", _("Start a term"),
		 _("Someone takes on a role. When they were named as successor, the term of the "
		   "person before them ends on the same day."));
	form_begin(o, arena_printf(&r->arena, "%s/terms", base), r->csrf_token);
	form_radios(o, &(struct form_choice){ .name = "role",
					      .legend = _("Which role?"),
					      .options = opts,
					      .noptions = nroles,
					      .error = form_problem_of(fp, "role"),
					      .selected = f->role });
	form_input(o, &(struct form_field){ .name = "email",
					    .label = _("E-mail address of the person"),
					    .type = "email",
					    .value = f->email,
					    .required = true,
					    .maxlength = 254,
					    .error = form_problem_of(fp, "email") });
	form_input(
	    o, &(struct form_field){ .name = "starts",
				     .label = _("Start of the term"),
				     .hint = _("Year-month-day, like 2026-12-01. Not after today."),
				     .value = f->starts ? f->starts : today,
				     .required = true,
				     .maxlength = 10,
				     .error = form_problem_of(fp, "starts") });
	form_input(
	    o, &(struct form_field){ .name = "planned_end",
				     .label = _("Planned end (optional)"),
				     .hint = _("Year-month-day. Kring warns two months before."),
				     .value = f->planned_end,
				     .maxlength = 10,
				     .error = form_problem_of(fp, "planned_end") });
	form_input(o, &(struct form_field){ .name = "deputy",
					    .label = _("E-mail address of the deputy (optional)"),
					    .type = "email",
					    .value = f->deputy,
					    .maxlength = 254,
					    .error = form_problem_of(fp, "deputy") });
	form_submit(o, _("Start the term"));
	form_end(o);

	html_fmt(o, "<h2 id=\"open\">%s</h2>\n<p>%s</p>\n", _("Open roles"),
		 _("An open role is shown on the network's page, with how to respond. It is no "
		   "longer open once someone's term in it starts."));
	size_t nopen = 0;
	for (size_t i = 0; i < nroles; i++) {
		if (!roles[i].open)
			continue;
		if (!nopen++)
			html_lit(o, "<ul class=\"open-roles\">\n");
		html_lit(o, "<li><strong>");
		role_name(r, roles, nroles, roles[i].key, lang);
		html_fmt(o, "</strong>: <span lang=\"%s\">%s</span>\n", lang, roles[i].respond);
		/* one span around the label keeps it one flex item that wraps at 320 px */
		html_fmt(
		    o,
		    "<form class=\"inline-form\" method=\"post\" action=\"%s/vacancies/%s/close\""
		    " novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		    "<button type=\"submit\" class=\"button button-small button-secondary\">"
		    "<span>%s: ",
		    base, roles[i].key, r->csrf_token ? r->csrf_token : "", _("No longer open"));
		role_name(r, roles, nroles, roles[i].key, lang);
		html_lit(o, "</span></button>\n</form></li>\n");
	}
	if (nopen)
		html_lit(o, "</ul>\n");
	form_begin(o, arena_printf(&r->arena, "%s/vacancies", base), r->csrf_token);
	form_radios(o, &(struct form_choice){ .name = "vrole",
					      .legend = _("Which role is open?"),
					      .options = opts,
					      .noptions = nroles,
					      .error = form_problem_of(fp, "vrole"),
					      .selected = f->vrole });
	form_input(o, &(struct form_field){
			  .name = "respond",
			  .label = _("How to respond"),
			  .hint = _("For example: mail the chair at netwerk@example.org. At most "
				    "500 characters; everyone in the organisation reads it."),
			  .value = f->respond,
			  .multiline = true,
			  .required = true,
			  .maxlength = CORETEAM_RESPOND_MAX,
			  .lang = lang,
			  .error = form_problem_of(fp, "respond") });
	form_submit(o, _("Mark as open"));
	form_end(o);

	html_fmt(o, "<h2 id=\"own\">%s</h2>\n<p>%s</p>\n", _("A role of your own"),
		 _("Beside the chair, vice-chair, treasurer, secretary and core team members, the "
		   "network can name its own roles, such as communication or events. An own role "
		   "does not make someone part of the core team."));
	form_begin(o, arena_printf(&r->arena, "%s/roles", base), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "name",
					    .label = _("Name of the role"),
					    .value = f->name,
					    .required = true,
					    .maxlength = CORETEAM_NAME_MAX,
					    .lang = lang,
					    .error = form_problem_of(fp, "name") });
	form_input(o, &(struct form_field){ .name = "description",
					    .label = _("What the role does (optional)"),
					    .value = f->description,
					    .multiline = true,
					    .maxlength = CORETEAM_DESC_MAX,
					    .lang = lang,
					    .error = form_problem_of(fp, "description") });
	form_submit(o, _("Add the role"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static const struct form_page_ops team_ops_show = { NULL, team_render };

int
page_coreteam(struct request *r)
{
	struct team_form f = { 0 };
	int err = team_load(r, &f.org, &f.nw);
	if (err)
		return err;
	return form_page_show(r, &team_ops_show, &f);
}

static int
start_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct team_form *f = fp->values;
	int err = team_load(r, &f->org, &f->nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	f->role = field(r, "role");
	f->email = field(r, "email");
	f->starts = field(r, "starts");
	f->planned_end = field(r, "planned_end");
	f->deputy = field(r, "deputy");
	int64_t holder, deputy;
	struct coreteam_role role;
	if (coreteam_role_get(c, &r->arena, f->nw.id, f->role, &role) != KR_OK)
		form_problem(fp, "role", _(coreteam_problem_role));
	if ((err = account_of(fp, "email", f->email, false, &holder)) ||
	    (err = account_of(fp, "deputy", f->deputy, true, &deputy)))
		return err;
	if (form_page_failed(fp))
		return KR_OK;
	char today[11];
	today_of(today);
	const char *problem = NULL;
	int64_t id;
	err = coreteam_term_start(c, r->user_id, f->nw.id, f->role, holder, f->starts,
				  f->planned_end, deputy, today, time_now(), &id, &problem);
	if (err == KR_EINVAL) {
		const char *which =
		    problem == coreteam_problem_end_before_start ? "planned_end"
		    : problem == coreteam_problem_deputy_self	 ? "deputy"
		    : problem == coreteam_problem_role		 ? "role"
		    : problem == coreteam_problem_date && coreteam_date_ok(f->starts)
			? "planned_end"
			: "starts";
		form_problem(fp, which, _(problem));
		return KR_OK;
	}
	if (err == KR_ECONFLICT) {
		form_problem(fp, "email", _("This person holds this role already."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/n/%s/team?done=started", f->nw.slug);
	return KR_OK;
}

int
page_coreteam_term_start_post(struct request *r)
{
	static const struct form_page_ops ops = { start_save, team_render };
	struct team_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

static int
role_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct team_form *f = fp->values;
	int err = team_load(r, &f->org, &f->nw);
	if (err)
		return err;
	f->name = field(r, "name");
	f->description = field(r, "description");
	const char *problem = NULL;
	err = coreteam_role_add(app_db(r), f->nw.id, f->name, f->description, time_now(), NULL,
				&problem);
	if (err == KR_EINVAL) {
		form_problem(fp, problem == coreteam_problem_description ? "description" : "name",
			     _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/n/%s/team?done=role", f->nw.slug);
	return KR_OK;
}

int
page_coreteam_role_add_post(struct request *r)
{
	static const struct form_page_ops ops = { role_save, team_render };
	struct team_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

static int
vacancy_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct team_form *f = fp->values;
	int err = team_load(r, &f->org, &f->nw);
	if (err)
		return err;
	f->vrole = field(r, "vrole");
	f->respond = field(r, "respond");
	const char *problem = NULL;
	err =
	    coreteam_vacancy_open(app_db(r), f->nw.id, f->vrole, f->respond, time_now(), &problem);
	if (err == KR_EINVAL) {
		form_problem(fp, problem == coreteam_problem_role ? "vrole" : "respond",
			     _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/n/%s/team?done=open", f->nw.slug);
	return KR_OK;
}

int
page_coreteam_vacancy_post(struct request *r)
{
	static const struct form_page_ops ops = { vacancy_save, team_render };
	struct team_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

int
page_coreteam_vacancy_close_post(struct request *r)
{
	struct org org;
	struct network nw;
	int err = team_load(r, &org, &nw);
	struct coreteam_role role;
	if (!err)
		err = coreteam_role_get(app_db(r), &r->arena, nw.id, param_str(r, 1), &role);
	if (!err)
		err = coreteam_vacancy_close(app_db(r), nw.id, role.key);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/n/%s/team?done=closed", nw.slug));
	return KR_OK;
}

/* ---- a term's page ---- */

struct term_form {
	struct org org;
	struct network nw;
	struct coreteam_term t;
	const char *ended, *successor, *deputy, *planned_end;
};

static int
term_load(struct request *r, struct term_form *f)
{
	int err = team_load(r, &f->org, &f->nw);
	if (err)
		return err;
	long id;
	if (str_to_long(str_from(param_str(r, 1)), 1, LONG_MAX, &id))
		return KR_ENOTFOUND;
	return coreteam_term_get(app_db(r), &r->arena, f->nw.id, id, &f->t);
}

static int
term_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct term_form *f = fp->values;
	struct db_conn *c = app_db(r);
	struct coreteam_role *roles;
	size_t nroles;
	int err = coreteam_roles(c, &r->arena, f->nw.id, &roles, &nroles);
	if (err)
		return err;
	const char *lang = lang_of(&f->org);
	const char *base = arena_printf(&r->arena, "/n/%s/team", f->nw.slug);
	const char *self = arena_printf(&r->arena, "%s/terms/%lld", base, (long long)f->t.id);
	const char *title = fill(&r->arena,
				 fill(&r->arena, _("{role}: {name}"), "{role}",
				      role_plain(roles, nroles, f->t.role_key)),
				 "{name}", holder_text(&f->t));
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ f->nw.name, arena_printf(&r->arena, "/n/%s", f->nw.slug), lang },
		{ _("The core team"), base, NULL },
		{ _("A term"), NULL, NULL },
	};
	const char *done = req_query(r, "done");
	const char *notice = NULL;
	if (done && strcmp(done, "saved") == 0)
		notice = _("Saved.");
	else if (done && strcmp(done, "ended") == 0)
		notice = _("The term has ended.");
	const struct page pg = { .title = title,
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs),
				 .has_errors = form_page_failed(fp),
				 .notice = notice };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o,
		 "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		 _("Since"), f->t.starts_on, _("Planned end"),
		 f->t.planned_end[0] ? f->t.planned_end : _("not set"), _("Ended on"),
		 f->t.ended_on[0] ? f->t.ended_on : _("not yet"), _("Deputy"),
		 f->t.deputy_id ? f->t.deputy_name : _("none"), _("Successor"),
		 f->t.successor_id ? f->t.successor_name : _("not named"));
	if (f->t.ended_on[0]) {
		html_fmt(o, "<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n",
			 _("This term has ended; it is part of the team's history."), base,
			 _("Back to the core team"));
		view_end(r);
		return KR_OK;
	}
	if (f->t.successor_id) {
		html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Hand over"),
			 fill(&r->arena,
			      _("Start the term of {name} today. This term then ends today, and "
				"{name} can read the handover notes."),
			      "{name}", f->t.successor_name));
		form_begin(o, arena_printf(&r->arena, "%s/handover", self), r->csrf_token);
		form_submit(o, _("Hand over today"));
		form_end(o);
	}
	char today[11];
	today_of(today);
	html_fmt(o, "<h2>%s</h2>\n", _("Name a successor"));
	form_begin(o, arena_printf(&r->arena, "%s/successor", self), r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "successor",
			  .label = _("E-mail address of the successor"),
			  .hint = _("Leave empty to take back a successor. The successor can read "
				    "the role's handover notes from now on."),
			  .type = "email",
			  .value = f->successor,
			  .maxlength = 254,
			  .error = form_problem_of(fp, "successor") });
	form_submit(o, _("Save the successor"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n", _("Deputy"));
	form_begin(o, arena_printf(&r->arena, "%s/deputy", self), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "deputy",
					    .label = _("E-mail address of the deputy"),
					    .hint = _("Leave empty for no deputy."),
					    .type = "email",
					    .value = f->deputy,
					    .maxlength = 254,
					    .error = form_problem_of(fp, "deputy") });
	form_submit(o, _("Save the deputy"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n", _("Planned end"));
	form_begin(o, arena_printf(&r->arena, "%s/planned-end", self), r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "planned_end",
			  .label = _("Planned end"),
			  .hint = _("Year-month-day, like 2027-06-30. Leave empty for none."),
			  .value = f->planned_end ? f->planned_end : f->t.planned_end,
			  .maxlength = 10,
			  .error = form_problem_of(fp, "planned_end") });
	form_submit(o, _("Save the planned end"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n", _("End the term"));
	form_begin(o, arena_printf(&r->arena, "%s/end", self), r->csrf_token);
	form_input(o,
		   &(struct form_field){ .name = "ended",
					 .label = _("Last day of the term"),
					 .hint = _("Year-month-day, not before the start and not "
						   "after today."),
					 .value = f->ended ? f->ended : today,
					 .required = true,
					 .maxlength = 10,
					 .error = form_problem_of(fp, "ended") });
	form_submit(o, _("End the term"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

int
page_coreteam_term(struct request *r)
{
	static const struct form_page_ops ops = { NULL, term_render };
	struct term_form f = { 0 };
	int err = term_load(r, &f);
	if (err)
		return err;
	return form_page_show(r, &ops, &f);
}

/* A problem of the service on a term's form: KR_OK with the problem shown, or the error. */
static int
term_problem(struct form_page *fp, const char *fieldname, int err, const char *problem)
{
	if (err == KR_EINVAL || err == KR_ECONFLICT) {
		form_problem(fp, fieldname, _(problem ? problem : coreteam_problem_ended));
		return KR_OK;
	}
	if (err == KR_ENOTFOUND) {
		form_problem(fp, fieldname, _(coreteam_problem_person));
		return KR_OK;
	}
	return err;
}

static int
end_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct term_form *f = fp->values;
	int err = term_load(r, f);
	if (err)
		return err;
	f->ended = field(r, "ended");
	char today[11];
	today_of(today);
	const char *problem = NULL;
	err =
	    coreteam_term_end(app_db(r), r->user_id, f->nw.id, f->t.id, f->ended, today, &problem);
	if (err)
		return term_problem(fp, "ended", err, problem);
	fp->done = arena_printf(&r->arena, "/n/%s/team/terms/%lld?done=ended", f->nw.slug,
				(long long)f->t.id);
	return KR_OK;
}

static int
person_save(struct form_page *fp, bool successor)
{
	struct request *r = fp->r;
	struct term_form *f = fp->values;
	int err = term_load(r, f);
	if (err)
		return err;
	const char *name = successor ? "successor" : "deputy";
	const char *email = field(r, name);
	if (successor)
		f->successor = email;
	else
		f->deputy = email;
	int64_t id;
	if ((err = account_of(fp, name, email, true, &id)))
		return err;
	if (form_page_failed(fp))
		return KR_OK;
	const char *problem = NULL;
	err = successor ? coreteam_term_successor(app_db(r), f->nw.id, f->t.id, id, &problem)
			: coreteam_term_deputy(app_db(r), f->nw.id, f->t.id, id, &problem);
	if (err)
		return term_problem(fp, name, err, problem);
	fp->done = arena_printf(&r->arena, "/n/%s/team/terms/%lld?done=saved", f->nw.slug,
				(long long)f->t.id);
	return KR_OK;
}

static int
successor_save(struct form_page *fp)
{
	return person_save(fp, true);
}

static int
deputy_save(struct form_page *fp)
{
	return person_save(fp, false);
}

static int
planned_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct term_form *f = fp->values;
	int err = term_load(r, f);
	if (err)
		return err;
	f->planned_end = field(r, "planned_end");
	const char *problem = NULL;
	err = coreteam_term_planned_end(app_db(r), f->nw.id, f->t.id, f->planned_end, &problem);
	if (err)
		return term_problem(fp, "planned_end", err, problem);
	fp->done = arena_printf(&r->arena, "/n/%s/team/terms/%lld?done=saved", f->nw.slug,
				(long long)f->t.id);
	return KR_OK;
}

int
page_coreteam_term_end_post(struct request *r)
{
	static const struct form_page_ops ops = { end_save, term_render };
	struct term_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

int
page_coreteam_term_successor_post(struct request *r)
{
	static const struct form_page_ops ops = { successor_save, term_render };
	struct term_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

int
page_coreteam_term_deputy_post(struct request *r)
{
	static const struct form_page_ops ops = { deputy_save, term_render };
	struct term_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

int
page_coreteam_term_planned_post(struct request *r)
{
	static const struct form_page_ops ops = { planned_save, term_render };
	struct term_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

int
page_coreteam_term_handover_post(struct request *r)
{
	struct term_form f = { 0 };
	int err = term_load(r, &f);
	if (err)
		return err;
	if (!f.t.successor_id || f.t.ended_on[0])
		return KR_ECONFLICT;
	char today[11];
	today_of(today);
	const char *problem = NULL;
	int64_t id;
	err = coreteam_term_start(app_db(r), r->user_id, f.nw.id, f.t.role_key, f.t.successor_id,
				  today, "", 0, today, time_now(), &id, &problem);
	if (err == KR_EINVAL)
		err = KR_ECONFLICT;
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/n/%s/team?done=started", f.nw.slug));
	return KR_OK;
}

/* ---- the team's history ---- */

int
page_coreteam_history(struct request *r)
{
	struct org org;
	struct network nw;
	int err = team_load(r, &org, &nw);
	struct db_conn *c = app_db(r);
	struct coreteam_role *roles;
	struct coreteam_term *t;
	struct coreteam_year *years;
	size_t nroles, nt, ny;
	if (err || (err = coreteam_roles(c, &r->arena, nw.id, &roles, &nroles)) ||
	    (err = coreteam_history(c, &r->arena, nw.id, &t, &nt)) ||
	    (err = coreteam_turnover(c, &r->arena, nw.id, &years, &ny)))
		return err;
	const char *lang = lang_of(&org);
	const char *base = arena_printf(&r->arena, "/n/%s/team", nw.slug);
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ nw.name, arena_printf(&r->arena, "/n/%s", nw.slug), lang },
		{ _("The core team"), base, NULL },
		{ _("The team's history"), NULL, NULL },
	};
	const struct page pg = {
		.title = _("The team's history"),
		.lead = _("Who held which role when, and how many terms started and ended each "
			  "year. Only the core team and the contact point see this page."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Turnover per year"));
	if (!ny) {
		html_fmt(o, "<p>%s</p>\n", _("No terms have been recorded yet."));
	} else {
		html_fmt(o,
			 "<table class=\"turnover\">\n<caption class=\"meta\">%s</caption>\n"
			 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>\n",
			 _("Terms started and ended per year"), _("Year"), _("Started"),
			 _("Ended"));
		for (size_t i = 0; i < ny; i++)
			html_fmt(
			    o, "<tr><th scope=\"row\">%d</th><td>%lld</td><td>%lld</td></tr>\n",
			    years[i].year, (long long)years[i].started, (long long)years[i].ended);
		html_lit(o, "</tbody>\n</table>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Who held which role"));
	if (nt) {
		view_table_begin(r, _("Who held which role"));
		html_fmt(o,
			 "<table class=\"history\">\n<caption class=\"meta\">%s</caption>\n"
			 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>\n</thead>\n"
			 "<tbody>\n",
			 _("Every term, newest first"), _("Role"), _("Held by"), _("From"),
			 _("Until"));
		for (size_t i = 0; i < nt; i++) {
			html_lit(o, "<tr><th scope=\"row\">");
			role_name(r, roles, nroles, t[i].role_key, lang);
			html_fmt(o, "</th><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				 holder_text(&t[i]), t[i].starts_on,
				 t[i].ended_on[0] ? t[i].ended_on : _("now"));
		}
		html_lit(o, "</tbody>\n</table>\n</div>\n");
	}
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", base, _("Back to the core team"));
	view_end(r);
	return KR_OK;
}

/* ---- handover notes ---- */

struct notes_form {
	struct org org;
	struct network nw;
	struct coreteam_role role;
	const char *text;
	bool typed; /* text is what was sent, not what is stored */
};

static int
notes_load(struct request *r, struct notes_form *f)
{
	int err = network_load(r, &f->org, &f->nw);
	if (!err)
		err = coreteam_role_get(app_db(r), &r->arena, f->nw.id, param_str(r, 1), &f->role);
	if (err)
		return err;
	return coreteam_note_may_read(app_db(r), f->nw.id, f->role.key, r->user_id) ? KR_OK
										    : KR_EFORBIDDEN;
}

static int
notes_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct notes_form *f = fp->values;
	struct db_conn *c = app_db(r);
	const char *text, *author;
	int64_t at;
	int err = coreteam_note_get(c, &r->app->keys, &r->arena, f->nw.id, f->role.key, &text,
				    &author, &at);
	if (err)
		return err;
	const char *lang = lang_of(&f->org);
	const char *base = arena_printf(&r->arena, "/n/%s/team", f->nw.slug);
	const char *rname = f->role.builtin ? _(f->role.name) : f->role.name;
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ f->nw.name, arena_printf(&r->arena, "/n/%s", f->nw.slug), lang },
		{ _("The core team"), manages(r, f->nw.id) ? base : NULL, NULL },
		{ _("Handover notes"), NULL, NULL },
	};
	const char *done = req_query(r, "done");
	const struct page pg = {
		.title = fill(&r->arena, _("Handover notes: {role}"), "{role}", rname),
		.lead = _("What the holder of this role keeps for whoever comes next. The holders "
			  "of the role, its named successor and the chair read these notes."),
		.crumbs = crumbs,
		.ncrumbs = manages(r, f->nw.id) ? ARRAY_SIZE(crumbs) : 0,
		.has_errors = form_page_failed(fp),
		.notice = done && strcmp(done, "saved") == 0 ? _("The notes are saved.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	if (text) {
		char day[32];
		time_utc_iso_at(at, day, sizeof(day));
		day[10] = '\0';
		html_fmt(o, "<p class=\"hint\">%s</p>\n<div class=\"notes\" lang=\"%s\">\n",
			 fill(&r->arena,
			      fill(&r->arena, _("Last saved on {date} by {name}."), "{date}", day),
			      "{name}", author[0] ? author : _("a former member")),
			 lang);
		markdown_html(o, text, strlen(text), 2);
		html_lit(o, "</div>\n");
	} else {
		html_fmt(o, "<p>%s</p>\n", _("There are no handover notes for this role yet."));
	}
	if (coreteam_note_may_write(c, f->nw.id, f->role.key, r->user_id)) {
		html_fmt(o, "<h2>%s</h2>\n", _("Write the notes"));
		form_begin(o, arena_printf(&r->arena, "%s/notes/%s", base, f->role.key),
			   r->csrf_token);
		form_input(
		    o, &(struct form_field){
			   .name = "text",
			   .label = _("Handover notes"),
			   .hint = _("Markdown, at most 20,000 characters. Write about the "
				     "role: tasks, contacts, where things are. Not about "
				     "yourself or anyone's health: the notes stay with the role "
				     "when you leave. Empty erases them."),
			   .value = f->typed ? f->text : text,
			   .multiline = true,
			   .maxlength = CORETEAM_NOTE_MAX,
			   .lang = lang,
			   .error = form_problem_of(fp, "text") });
		form_submit(o, _("Save the notes"));
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

int
page_coreteam_notes(struct request *r)
{
	static const struct form_page_ops ops = { NULL, notes_render };
	struct notes_form f = { 0 };
	int err = notes_load(r, &f);
	if (err)
		return err;
	return form_page_show(r, &ops, &f);
}

static int
notes_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct notes_form *f = fp->values;
	int err = notes_load(r, f);
	if (err)
		return err;
	if (!coreteam_note_may_write(app_db(r), f->nw.id, f->role.key, r->user_id))
		return KR_EFORBIDDEN;
	f->text = field(r, "text");
	f->typed = true;
	const char *problem = NULL;
	err = coreteam_note_save(app_db(r), &r->app->keys, f->nw.id, f->role.key, r->user_id,
				 f->text, time_now(), &problem);
	if (err == KR_EINVAL) {
		form_problem(fp, "text", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done =
	    arena_printf(&r->arena, "/n/%s/team/notes/%s?done=saved", f->nw.slug, f->role.key);
	return KR_OK;
}

int
page_coreteam_notes_post(struct request *r)
{
	static const struct form_page_ops ops = { notes_save, notes_render };
	struct notes_form f = { 0 };
	return form_page_post(r, &ops, &f);
}

/* ---- hooks ---- */

/* On the home page: someone named as successor gets the role's handover notes. It names no
 * network or role: a home page is often on a screen that others see. */
int
coreteam_home_notice(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct coreteam_term *t;
	size_t n;
	struct network *nws;
	size_t nnw;
	int err = coreteam_successor_terms(c, &r->arena, r->user_id, &t, &n);
	if (err || !n)
		return err;
	if ((err = org_networks(c, &r->arena, &nws, &nnw)))
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<div class=\"notice\">\n<h2>%s</h2>\n<p>%s</p>\n<ul>\n",
		 _("You are named as a successor"),
		 _("You are to take on a role. The person who holds it now keeps handover notes "
		   "for you."));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nnw; k++)
			if (nws[k].id == t[i].network_id)
				html_fmt(o, "<li><a href=\"/n/%s/team/notes/%s\">%s</a></li>\n",
					 nws[k].slug, t[i].role_key, _("Read the handover notes"));
	html_lit(o, "</ul>\n</div>\n");
	return KR_OK;
}

int
coreteam_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	char today[11], before[11];
	coreteam_today(ctx->now, today);
	coreteam_add_months(today, -12 * CORETEAM_KEEP_YEARS, before);
	int64_t n = 0;
	int err = coreteam_erase_ended_before(c, before, &n);
	if (!err)
		retention_erased(ctx, "ended terms of network roles", n);
	return err;
}

/* "My data": the person's terms (every network) and the handover notes they saved last. */
int
coreteam_my_data(struct my_data *md)
{
	struct coreteam_term *t;
	size_t nt;
	struct network *nws;
	size_t nnw;
	int err = org_networks(md->c, md->a, &nws, &nnw);
	if (!err)
		err = coreteam_my_terms(md->c, md->a, md->account_id, &t, &nt);
	struct coreteam_my_note *notes;
	size_t nnotes;
	if (!err)
		err = coreteam_my_notes(md->c, md->k, md->a, md->account_id, &notes, &nnotes);
	if (err)
		return err;
	if (md->json) {
		json_t *terms = json_array(), *jn = json_array();
		for (size_t i = 0; i < nt; i++) {
			json_t *x = json_object();
			json_object_set_new(x, "network_id", json_integer(t[i].network_id));
			json_object_set_new(x, "role", json_string(t[i].role_key));
			json_object_set_new(x, "starts_on", json_string(t[i].starts_on));
			if (t[i].planned_end[0])
				json_object_set_new(x, "planned_end",
						    json_string(t[i].planned_end));
			if (t[i].ended_on[0])
				json_object_set_new(x, "ended_on", json_string(t[i].ended_on));
			if (t[i].deputy_id)
				json_object_set_new(x, "deputy", json_string(t[i].deputy_name));
			if (t[i].successor_id)
				json_object_set_new(x, "successor",
						    json_string(t[i].successor_name));
			json_array_append_new(terms, x);
		}
		for (size_t i = 0; i < nnotes; i++) {
			json_t *x = json_object();
			json_object_set_new(x, "network_id", json_integer(notes[i].network_id));
			json_object_set_new(x, "role", json_string(notes[i].role_key));
			json_object_set_new(x, "updated_at", json_integer(notes[i].updated_at));
			json_object_set_new(x, "text", json_string(notes[i].text));
			json_array_append_new(jn, x);
		}
		json_t *o = json_object();
		json_object_set_new(o, "terms", terms);
		json_object_set_new(o, "handover_notes", jn);
		json_object_set_new(md->json, "coreteam", o);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Your terms in network roles"));
	if (!nt)
		html_fmt(o, "<p>%s</p>\n", _("You have held no role with a recorded term."));
	else
		html_lit(o, "<ul>\n");
	for (size_t i = 0; i < nt; i++) {
		const char *nwname = "";
		for (size_t k = 0; k < nnw; k++)
			if (nws[k].id == t[i].network_id)
				nwname = nws[k].name;
		const char *rname = coreteam_builtin_label(t[i].role_key);
		html_fmt(o, "<li>%s, %s: %s – %s</li>\n", nwname,
			 rname ? _(rname) : _("a role of the network's own"), t[i].starts_on,
			 t[i].ended_on[0] ? t[i].ended_on : _("now"));
	}
	if (nt)
		html_lit(o, "</ul>\n");
	if (nnotes) {
		html_fmt(o, "<h3>%s</h3>\n", _("Handover notes you saved last"));
		for (size_t i = 0; i < nnotes; i++) {
			html_lit(o, "<div class=\"notes\">\n");
			markdown_html(o, notes[i].text, strlen(notes[i].text), 4);
			html_lit(o, "</div>\n");
		}
	}
	return KR_OK;
}
