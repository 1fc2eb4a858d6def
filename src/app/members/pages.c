// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: joining and leaving networks and subgroups (each in two steps), how a member
 * appears, the members-only directory, and subgroups. Nothing here is ever shown to anyone
 * but the member, fellow members and the group's own organisers (docs/PRIVACY.md). */
#include "app/app.h"
#include "app/audit/audit.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/figures/figures.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/photo/photo.h"
#include "app/members/pages.h"
#include "base/i18n.h"
#include "base/log.h"

static int members_count_text(struct request *r, int64_t network_id, int64_t subgroup_id,
			      const char **out) MUST_CHECK;

/* The group a request is about: /n/{slug}/... or /n/{slug}/g/{sub}/... */
struct group {
	struct org org;
	struct network nw;
	struct subgroup sub; /* id 0: the network itself */
	const char *base;    /* "/n/slug" or "/n/slug/g/sub" */
	const char *name;
};

static int
group_load(struct request *r, struct group *g, bool with_sub)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	memset(g, 0, sizeof(*g));
	int err = org_get(c, &r->arena, &g->org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	if ((err = org_network_by_slug(c, &r->arena, slug, &g->nw)))
		return err;
	g->base = arena_printf(&r->arena, "/n/%s", g->nw.slug);
	g->name = g->nw.name;
	if (with_sub) {
		char *sub = arena_strndup(&r->arena, r->params[1].p, r->params[1].len);
		if ((err = subgroup_by_slug(c, &r->arena, g->nw.id, sub, &g->sub)))
			return err;
		g->base = arena_printf(&r->arena, "/n/%s/g/%s", g->nw.slug, g->sub.slug);
		g->name = g->sub.name;
	}
	return KR_OK;
}

static bool
is_core_team(struct request *r, int64_t network_id)
{
	return org_is_core_team(app_db(r), network_id, r->user_id);
}

static const char *
appearance_sentence(enum appearance a)
{
	switch (a) {
	case APPEAR_VISIBLE:
		return _("You are a member, visible with your name.");
	case APPEAR_PSEUDONYM:
		return _("You are a member under a pseudonym.");
	default:
		return _("You are a member as a silent follower: you appear nowhere.");
	}
}

/* The choice of how to appear, for joining and for changing it later. */
static void
choice_fields(struct request *r, const struct member_choice *ch, const char *problem)
{
	struct strbuf *o = &r->out;
	static const char *const values[] = { "visible", "pseudonym", "silent" };
	const struct form_option opts[] = {
		{ "visible", _("Visible"),
		  _("Fellow members see your name, and one line about yourself if you write "
		    "one.") },
		{ "pseudonym", _("Under a pseudonym"),
		  _("Fellow members see only a name you choose. Nobody can see who is behind "
		    "it.") },
		{ "silent", _("Silent follower"),
		  _("You appear nowhere and in no list. You still get the news you asked for.") },
	};
	form_radios(o, &(struct form_choice){ .name = "appearance",
					      .legend = _("How do you want to appear?"),
					      .hint = _("You can change this at any time."),
					      .options = opts,
					      .noptions = ARRAY_SIZE(opts),
					      .selected = values[ch->appearance] });
	bool pseud_problem = problem && (problem == members_problem_pseudonym_empty ||
					 problem == members_problem_pseudonym_long ||
					 problem == members_problem_pseudonym_taken);
	form_input(
	    o, &(struct form_field){ .name = "pseudonym",
				     .label = _("Pseudonym (only when you chose a pseudonym)"),
				     .hint = _("At most 40 characters. Choose a name that does not "
					       "give away who you are."),
				     .value = ch->pseudonym,
				     .maxlength = PSEUDONYM_MAX * 4,
				     .autocomplete = "off",
				     .error = pseud_problem ? _(problem) : NULL });
	form_input(o, &(struct form_field){
			  .name = "line",
			  .label = _("One line about yourself (only when visible; "
				     "optional)"),
			  .hint = _("For example what you work on. Kring never asks "
				    "about a condition, and you do not need to say "
				    "anything about one."),
			  .value = ch->line,
			  .maxlength = LINE_MAX_CHARS * 4,
			  .error = (problem == members_problem_line_long) ? _(problem) : NULL });
	html_fmt(o, "<p class=\"hint\">%s <a href=\"/account/photo\">%s</a></p>\n",
		 _("When you are visible, fellow members also see your photo, if you add one:"),
		 _("your photo"));
	form_checkbox(o, "ally", _("I am an ally"),
		      _("A colleague who supports the network. Optional: you decide what you say "
			"about yourself."),
		      ch->ally);
}

static bool
read_choice(struct request *r, struct member_choice *ch)
{
	memset(ch, 0, sizeof(*ch));
	if (!appearance_parse(req_form(r, "appearance"), &ch->appearance))
		return false;
	ch->pseudonym = req_form(r, "pseudonym");
	ch->line = req_form(r, "line");
	const char *ally = req_form(r, "ally");
	if (ally && strcmp(ally, "1") != 0)
		return false;
	ch->ally = ally != NULL;
	return true;
}

/* Networks › network [› subgroup] [› this page] */
static size_t
group_crumbs(struct request *r, const struct group *g, struct crumb crumbs[4], const char *last)
{
	size_t i = 0;
	const char *lang = g->org.content_lang;
	crumbs[i++] = (struct crumb){ _("Networks"), "/networks", NULL };
	bool more = g->sub.id || last;
	crumbs[i++] =
	    (struct crumb){ g->nw.name, more ? arena_printf(&r->arena, "/n/%s", g->nw.slug) : NULL,
			    lang };
	if (g->sub.id)
		crumbs[i++] = (struct crumb){ g->sub.name, last ? g->base : NULL, lang };
	if (last)
		crumbs[i++] = (struct crumb){ last, NULL, NULL };
	return i;
}

/* The membership part of a group's open page: join, or how you appear and how to leave; with
 * the group's member count under its heading when count is not NULL. A failed read is the
 * page's error, never a "Join" shown to a member. */
static int
membership_box(struct request *r, const struct group *g, const char *count)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct strbuf *o = &r->out;
	struct membership m;
	int err = members_get(c, &r->app->keys, &r->arena, r->user_id, g->nw.id, g->sub.id, &m);
	if (err && err != KR_ENOTFOUND)
		return err;
	html_fmt(o, "<h2>%s</h2>\n", g->sub.id ? _("Join this subgroup") : _("Join this network"));
	if (count)
		html_fmt(o, "<p class=\"member-count\">%s</p>\n", count);
	if (err == KR_OK) {
		html_fmt(o, "<p>%s</p>\n", appearance_sentence(m.choice.appearance));
		html_fmt(o, "<ul>\n<li><a href=\"%s/members\">%s</a></li>\n", g->base,
			 _("Members you can see"));
		html_fmt(o, "<li><a href=\"%s/me\">%s</a></li>\n", g->base,
			 _("Change how you appear"));
		html_fmt(o, "<li><a href=\"%s/leave\">%s</a></li>\n</ul>\n", g->base,
			 g->sub.id ? _("Leave this subgroup") : _("Leave this network"));
		return KR_OK;
	}
	if (g->sub.id) {
		struct membership net;
		err = members_get(c, &r->app->keys, &r->arena, r->user_id, g->nw.id, 0, &net);
		if (err && err != KR_ENOTFOUND)
			return err;
		if (err) {
			html_fmt(o, "<p>%s <a href=\"/n/%s\">%s</a></p>\n",
				 _("A subgroup is part of its network. Join the network first:"),
				 g->nw.slug, g->nw.name);
			return KR_OK;
		}
	}
	html_fmt(
	    o, "<p>%s</p>\n<p><a class=\"button\" href=\"%s/join\">%s</a></p>\n",
	    _("Anyone may join, allies too. You choose how you appear: with your name, under a "
	      "pseudonym, or as a silent follower whom nobody sees. Kring never asks about a "
	      "condition."),
	    g->base, g->sub.id ? _("Join this subgroup") : _("Join this network"));
	return KR_OK;
}

int
members_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	struct group g = { .org = *org, .nw = *nw };
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	g.base = arena_printf(&r->arena, "/n/%s", nw->slug);
	g.name = nw->name;
	const char *count;
	int err = members_count_text(r, nw->id, 0, &count);
	if (err)
		return err;
	if ((err = membership_box(r, &g, count)))
		return err;
	struct subgroup *subs;
	size_t n;
	if ((err = subgroups_of(c, &r->arena, nw->id, &subs, &n)))
		return err;
	if (n) {
		html_fmt(&r->out, "<h2>%s</h2>\n<ul>\n", _("Subgroups"));
		for (size_t i = 0; i < n; i++)
			html_fmt(&r->out, "<li><a href=\"%s/g/%s\" lang=\"%s\">%s</a></li>\n",
				 g.base, subs[i].slug, g.org.content_lang, subs[i].name);
		html_lit(&r->out, "</ul>\n");
	}
	if (is_core_team(r, nw->id))
		html_fmt(&r->out, "<p><a href=\"%s/groups\">%s</a></p>\n", g.base,
			 _("Start a subgroup"));
	return KR_OK;
}

static bool may_appoint(struct request *r, const struct group *g);
struct coordinator_attempt;
static void coordinator_form(struct request *r, const struct group *g,
			     const struct coordinator_attempt *bad);

/* The confirmation after a join, change or leave on a subgroup's page. */
static const char *
group_notice(struct request *r)
{
	const char *done = req_query(r, "done");
	if (!done)
		return NULL;
	if (strcmp(done, "joined") == 0)
		return _("You joined the subgroup.");
	if (strcmp(done, "left") == 0)
		return _("You left the subgroup. Your membership is erased.");
	if (strcmp(done, "started") == 0)
		return _("The subgroup has started. You are its coordinator.");
	if (strcmp(done, "coordinators") == 0)
		return _("The coordinators are saved.");
	if (strcmp(done, "asked") == 0)
		return _("The colleague is asked by e-mail and on Kring. Their name is shown here "
			 "once they say yes.");
	if (strcmp(done, "accepted") == 0)
		return _("You are a coordinator of this subgroup now. Your name is shown on this "
			 "page.");
	if (strcmp(done, "stepped-down") == 0)
		return _("You stepped down as coordinator. Your name is no longer shown here.");
	return _("Your choice is saved.");
}

/* figures_text() wants a translator returning const char *; gettext's returns char *. */
static const char *
figure_msg(const char *msgid)
{
	return _(msgid);
}

/* "Members: at least 15" or "Members: fewer than 5" for a group (subgroup_id 0: the network),
 * shown to every signed-in employee on the group's open page, so only as a figure
 * (docs/PRIVACY.md, "Figures"). Silent followers are counted: a count shows nobody.
 *
 * The count is the nightly snapshot (members_count(), members.h), not the live one: a figure
 * that moved right after someone joined would show that person their own step, and anyone
 * watching the step of whoever joined just then. Two nights' counts may still differ by 1 to
 * 4; rule 3 of figures.h says a figure shown earlier and one shown now must differ by 0 or by
 * at least FIGURES_MIN. So the count is rounded down to a multiple of FIGURES_MIN before it
 * goes through figures_count(): any two multiples differ by 0 or by at least 5, and rule 1
 * turns 0 into "fewer than 5" like 1 to 4, so the page reads "fewer than 5", "at least 5",
 * "at least 10"... What remains: a step from one multiple to the next, seen the morning after,
 * tells that the count crossed that multiple on the day before (never who, nor when that
 * day). */
static int
members_count_text(struct request *r, int64_t network_id, int64_t subgroup_id, const char **out)
{
	struct db_conn *c = app_db(r);
	int64_t raw;
	struct figure f;
	int err = c ? members_count(c, network_id, subgroup_id, &raw) : KR_EDB;
	if (err || (err = figures_count(raw - raw % FIGURES_MIN, &f)))
		return err;
	const char *shown = figures_text(&f, figure_msg, &r->arena);
	*out =
	    arena_printf(&r->arena, "%s %s",
			 f.display == FIGURE_EXACT ? _("Members: at least") : _("Members:"), shown);
	return KR_OK;
}

/* On a subgroup's page, for the person asked to coordinate it or coordinating it: where to
 * answer, or how to step down. */
static void
coordinator_box(struct request *r, const struct group *g)
{
	struct db_conn *c = app_db(r);
	if (subgroup_is_asked(c, g->sub.id, r->user_id))
		html_fmt(&r->out, "<p>%s <a href=\"/me/coordinator\">%s</a></p>\n",
			 _("You are asked to coordinate this subgroup."),
			 _("Read the request and answer"));
	else if (subgroup_is_coordinator(c, g->sub.id, r->user_id))
		html_fmt(&r->out, "<p>%s <a href=\"%s/coordinators/step-down\">%s</a></p>\n",
			 _("You are a coordinator of this subgroup."), g->base,
			 _("Step down as coordinator"));
}

/* What was sent in a coordinator form that was refused, to show it again with its error. */
struct coordinator_attempt {
	const char *email, *action, *error;
};

/* A subgroup's page; after a refused coordinator form (`bad`) with its error at the top. */
static int
subgroup_page(struct request *r, const struct group *g, const struct coordinator_attempt *bad)
{
	struct crumb crumbs[4];
	const struct page pg = { .title = g->sub.name,
				 .lead = g->sub.description[0] ? g->sub.description : NULL,
				 .content_lang = g->org.content_lang,
				 .crumbs = crumbs,
				 .ncrumbs = group_crumbs(r, g, crumbs, NULL),
				 .notice = bad ? NULL : group_notice(r),
				 .has_errors = bad != NULL };
	const char *count;
	int err = members_count_text(r, g->nw.id, g->sub.id, &count);
	if (err)
		return err;
	view_begin(r, &pg);
	if (bad)
		form_error_summary(&r->out, &(struct form_error){ "email", bad->error }, 1);
	html_fmt(&r->out, "<p class=\"member-count\">%s</p>\n", count);
	const char **names;
	int64_t *ids;
	size_t n;
	if (subgroup_coordinators(app_db(r), &r->arena, g->sub.id, &names, &ids, &n) == KR_OK &&
	    n) {
		html_fmt(&r->out, "<h2>%s</h2>\n<ul>\n", _("Coordinators"));
		for (size_t i = 0; i < n; i++)
			html_fmt(&r->out, "<li>%s</li>\n", names[i]);
		html_lit(&r->out, "</ul>\n");
	}
	coordinator_box(r, g);
	if ((err = membership_box(r, g, NULL)))
		return err;
	if (bad || may_appoint(r, g))
		coordinator_form(r, g, bad);
	view_end(r);
	return KR_OK;
}

int
page_group(struct request *r)
{
	struct group g;
	int err = group_load(r, &g, true);
	if (err)
		return err;
	return subgroup_page(r, &g, NULL);
}

/* ---- coordinators: appointed by the network's core team or a coordinator ---- */

static bool
may_appoint(struct request *r, const struct group *g)
{
	return is_core_team(r, g->nw.id) ||
	       subgroup_is_coordinator(app_db(r), g->sub.id, r->user_id);
}

static void
coordinator_form(struct request *r, const struct group *g, const struct coordinator_attempt *bad)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Coordinators of this subgroup"),
		 _("A coordinator organises the subgroup and sees its members list. The colleague "
		   "you name is asked first; their name is shown on this page once they say "
		   "yes."));
	const char **names;
	int64_t *ids;
	size_t n;
	if (subgroup_coordinators_asked(app_db(r), &r->arena, g->sub.id, &names, &ids, &n) ==
		KR_OK &&
	    n) {
		html_fmt(o,
			 "<p id=\"coordinators-asked\">%s</p>\n<ul "
			 "aria-labelledby=\"coordinators-asked\">\n",
			 _("Asked, not yet answered:"));
		for (size_t i = 0; i < n; i++)
			html_fmt(o, "<li>%s</li>\n", names[i]);
		html_lit(o, "</ul>\n");
	}
	form_begin(o, arena_printf(&r->arena, "%s/coordinators", g->base), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "email",
					    .label = _("E-mail address of the colleague"),
					    .value = bad ? bad->email : NULL,
					    .type = "email",
					    .autocomplete = "off",
					    .maxlength = 254,
					    .required = true,
					    .error = bad ? bad->error : NULL });
	const struct form_option opts[] = {
		{ "add", _("Make coordinator"), NULL },
		{ "remove", _("Stop as coordinator, or withdraw the request"), NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "action",
					      .legend = _("What to do"),
					      .options = opts,
					      .noptions = ARRAY_SIZE(opts),
					      .selected = bad ? bad->action : "add" });
	form_submit(o, _("Save"));
	form_end(o);
}

/* The coordinator form: its group, and what was sent. */
struct coordinator_post {
	struct group g;
	struct coordinator_attempt sent;
};

static int
coordinators_render(struct form_page *fp)
{
	struct coordinator_post *p = fp->values;
	p->sent.error = form_problem_of(fp, "email");
	return subgroup_page(fp->r, &p->g, &p->sent);
}

static int
coordinators_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct coordinator_post *p = fp->values;
	struct group *g = &p->g;
	int err = group_load(r, g, true);
	if (err)
		return err;
	if (!may_appoint(r, g))
		return KR_EFORBIDDEN;
	const char *email = req_form(r, "email"), *action = req_form(r, "action");
	if (!action || (strcmp(action, "add") != 0 && strcmp(action, "remove") != 0))
		return KR_EINVAL;
	p->sent = (struct coordinator_attempt){ email, action, NULL };
	struct db_conn *c = app_db(r);
	struct account acc;
	err = auth_account_by_email(c, &r->arena, email, &acc);
	if (err == KR_ENOTFOUND || (!err && acc.disabled)) {
		form_problem(fp, "email",
			     _("There is no active account with this e-mail address. Check the "
			       "address, or invite the colleague first."));
		return KR_OK;
	}
	if (err)
		return err;
	const char *done = "coordinators";
	if (strcmp(action, "add") == 0) {
		err = subgroup_coordinator_ask(c, r->user_id, g->nw.name, g->sub.id, acc.id,
					       acc.name, acc.email, r->app->base_url, time_now());
		/* Asked before, or a coordinator already: nothing is sent again. */
		if (err == KR_ECONFLICT)
			err = KR_OK;
		else if (!err)
			done = "asked";
	} else {
		err = subgroup_coordinator_remove(c, r->user_id, g->sub.id, acc.id);
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "%s?done=%s", g->base, done);
	return KR_OK;
}

int
page_group_coordinators_post(struct request *r)
{
	static const struct form_page_ops ops = { coordinators_save, coordinators_render };
	struct coordinator_post p = { 0 };
	return form_page_post(r, &ops, &p);
}

static bool
wants_sub(struct request *r)
{
	return r->route && strstr(r->route->pattern, "/g/{sub}") != NULL;
}

static void
join_form(struct request *r, const struct group *g, const struct member_choice *ch,
	  const char *problem, bool change)
{
	struct crumb crumbs[4];
	const char *title = change	? _("How you appear")
			    : g->sub.id ? _("Join this subgroup")
					: _("Join this network");
	struct form_error err = { "pseudonym", problem ? _(problem) : NULL };
	if (problem == members_problem_line_long)
		err.field = "line";
	const struct page pg = {
		.title = title,
		.lead =
		    change ? NULL : _("Step 1 of 2: choose how you appear. In step 2 you confirm."),
		.crumbs = crumbs,
		.ncrumbs = group_crumbs(r, g, crumbs, title),
		.has_errors = problem != NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, &err, problem ? 1 : 0);
	html_fmt(o, "<p>%s <strong lang=\"%s\">%s</strong></p>\n", _("Group:"), g->org.content_lang,
		 g->name);
	form_begin(o, arena_printf(&r->arena, "%s/%s", g->base, change ? "me" : "join"),
		   r->csrf_token);
	choice_fields(r, ch, problem);
	if (!change)
		html_fmt(o, "<p>%s</p>\n",
			 _("By joining you become a member. You can leave at any time; leaving "
			   "erases your membership at once."));
	form_submit(o, change	   ? _("Save")
		       : g->sub.id ? _("Join the subgroup")
				   : _("Join the network"));
	form_end(o);
	if (change && g->sub.id)
		coordinator_box(r, g); /* a coordinator may step down from here too */
	view_end(r);
}

int
page_group_join(struct request *r)
{
	struct group g;
	int err = group_load(r, &g, wants_sub(r));
	if (err)
		return err;
	struct membership m;
	if (members_get(app_db(r), &r->app->keys, &r->arena, r->user_id, g.nw.id, g.sub.id, &m) ==
	    KR_OK) {
		resp_redirect(r, g.base);
		return KR_OK;
	}
	struct member_choice ch = { .appearance = APPEAR_VISIBLE };
	join_form(r, &g, &ch, NULL, false);
	return KR_OK;
}

static int
conflict_page(struct request *r, const struct group *g, const char *title, const char *text)
{
	r->status = 409;
	struct crumb crumbs[4];
	const struct page pg = { .title = title,
				 .crumbs = crumbs,
				 .ncrumbs = group_crumbs(r, g, crumbs, title) };
	view_begin(r, &pg);
	html_fmt(&r->out, "<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n", text, g->base,
		 _("Back to the group's page"));
	view_end(r);
	return KR_OK;
}

/* "Not a member": for changing how one appears, or for leaving. Nothing has been changed. */
static int
not_member(struct request *r, const struct group *g, bool leaving)
{
	return conflict_page(r, g, _("You are not a member"),
			     leaving
				 ? _("You are not a member of this group, so you cannot leave "
				     "it.")
				 : _("You are not a member of this group, so there is nothing to "
				     "change."));
}

/* The join form and the form for how one appears: the group, what was chosen, and the
 * service's problem with it (one at a time; choice_fields() places it). */
struct choice_post {
	struct group g;
	struct member_choice ch;
	const char *problem;
	bool change; /* how one appears (/me), not joining */
};

static int
choice_render(struct form_page *fp)
{
	const struct choice_post *p = fp->values;
	join_form(fp->r, &p->g, &p->ch, p->problem, p->change);
	return KR_OK;
}

static int
choice_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct choice_post *p = fp->values;
	int err = group_load(r, &p->g, wants_sub(r));
	if (err)
		return err;
	if (!read_choice(r, &p->ch))
		return KR_EINVAL;
	if (p->change)
		err = members_update(app_db(r), &r->app->keys, r->user_id, p->g.nw.id, p->g.sub.id,
				     &p->ch, &p->problem);
	else
		err = members_join(app_db(r), &r->app->keys, r->user_id, p->g.nw.id, p->g.sub.id,
				   &p->ch, time_now(), &p->problem);
	if (err == KR_EINVAL) {
		form_problem(fp, p->problem == members_problem_line_long ? "line" : "pseudonym",
			     _(p->problem));
		return KR_OK;
	}
	fp->answered = true;
	if (err == KR_ECONFLICT && !p->change)
		return conflict_page(r, &p->g, _("You are a member already"),
				     _("You joined this group before. Nothing has been changed."));
	if (err == KR_ENOTFOUND && !p->change && p->g.sub.id)
		return conflict_page(r, &p->g, _("Join the network first"),
				     _("A subgroup is part of its network. Join the network first; "
				       "nothing has been changed."));
	if (err == KR_ENOTFOUND && p->change)
		return not_member(r, &p->g, false);
	fp->answered = false;
	if (err)
		return err;
	fp->done =
	    arena_printf(&r->arena, "%s?done=%s", p->g.base, p->change ? "changed" : "joined");
	return KR_OK;
}

static const struct form_page_ops choice_form_ops = { choice_save, choice_render };

int
page_group_join_post(struct request *r)
{
	struct choice_post p = { .change = false };
	return form_page_post(r, &choice_form_ops, &p);
}

/* The request's group and the person's own membership of it. Not a member: *is_member stays
 * false and the "not a member" page is written (the leave pages' wording when leaving). */
static int
own_membership(struct request *r, struct group *g, struct membership *m, bool leaving,
	       bool *is_member)
{
	*is_member = false;
	int err = group_load(r, g, wants_sub(r));
	if (err)
		return err;
	err = members_get(app_db(r), &r->app->keys, &r->arena, r->user_id, g->nw.id, g->sub.id, m);
	if (err == KR_ENOTFOUND)
		return not_member(r, g, leaving);
	*is_member = err == KR_OK;
	return err;
}

int
page_group_me(struct request *r)
{
	struct group g;
	struct membership m;
	bool is_member;
	int err = own_membership(r, &g, &m, false, &is_member);
	if (!err && is_member)
		join_form(r, &g, &m.choice, NULL, true);
	return err;
}

int
page_group_me_post(struct request *r)
{
	struct choice_post p = { .change = true };
	return form_page_post(r, &choice_form_ops, &p);
}

/* Step 1 of 2 of something that cannot be undone: what happens, a button that posts to the
 * group's `action` (step 2), and a way back to the group's page that changes nothing. With
 * more_href, a paragraph `more` and a link to what one may want to do first. */
static void
confirm_page(struct request *r, const struct group *g, const char *title, const char *text,
	     const char *more, const char *more_href, const char *more_link, const char *action,
	     const char *yes, const char *no)
{
	struct crumb crumbs[4];
	const struct page pg = { .title = title,
				 .lead = _("Step 1 of 2: are you sure?"),
				 .crumbs = crumbs,
				 .ncrumbs = group_crumbs(r, g, crumbs, title) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n", text);
	if (more_href)
		html_fmt(o, "<p>%s <a href=\"%s\">%s</a></p>\n", more, more_href, more_link);
	form_begin(o, arena_printf(&r->arena, "%s/%s", g->base, action), r->csrf_token);
	form_submit(o, yes);
	form_end(o);
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", g->base, no);
	view_end(r);
}

int
page_group_leave(struct request *r)
{
	struct group g;
	struct membership m;
	bool is_member;
	int err = own_membership(r, &g, &m, true, &is_member);
	if (err || !is_member)
		return err;
	confirm_page(r, &g, g.sub.id ? _("Leave this subgroup") : _("Leave this network"),
		     g.sub.id
			 ? _("Your membership of this subgroup is erased at once: your name or "
			     "pseudonym disappears from its list.")
			 : _("Your membership is erased at once, and so are your memberships of "
			     "its subgroups: your name or pseudonym disappears from every list. "
			     "You can join again later."),
		     /* the forum keeps its posts, unlinked: the one moment to delete them */
		     _("Your posts in the forum stay, without your name: after this, nobody can "
		       "link them to you, you neither. Do you want to delete some first?"),
		     arena_printf(&r->arena, "%s/forum/mine", g.base), _("Your own posts"), "leave",
		     _("Yes, leave"), _("No, stay a member"));
	return KR_OK;
}

int
page_group_leave_post(struct request *r)
{
	struct group g;
	int err = group_load(r, &g, wants_sub(r));
	if (err)
		return err;
	err = members_leave(app_db(r), &r->app->keys, r->user_id, g.nw.id, g.sub.id);
	if (err == KR_ENOTFOUND)
		return not_member(r, &g, true);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=left", g.base));
	return KR_OK;
}

/* A group's directory (*d, shared from the cache), for those who may see it (and the photos
 * in it): fellow members and the group's own organisers, nobody else (KR_EFORBIDDEN).
 * *organiser tells which. */
static int
open_directory(struct request *r, const struct group *g, const struct directory **d,
	       bool *organiser)
{
	struct db_conn *c = app_db(r);
	int err = c ? members_directory_shared(c, &r->app->keys, &r->arena, g->nw.id, g->sub.id, d)
		    : KR_EDB;
	if (err)
		return err;
	*organiser = g->sub.id ? subgroup_is_coordinator(c, g->sub.id, r->user_id)
			       : is_core_team(r, g->nw.id);
	return directory_has_member(*d, r->user_id) || *organiser ? KR_OK : KR_EFORBIDDEN;
}

/* The list itself, the same for everyone who may see it in one language. */
static int
directory_list(struct request *r, const struct group *g, const struct directory *d)
{
	struct strbuf *o = &r->out;
	const struct directory_entry *v = d->v;
	size_t n = d->n;
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("Nobody here has chosen to be seen yet."));
		return KR_OK;
	}
	/* Which of the visible members have a photo: one query for the whole list. */
	int64_t *ids = ARENA_ARRAY(&r->arena, int64_t, n);
	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].account_id;
	bool *has;
	int err = photo_which(app_db(r), &r->arena, ids, n, &has);
	if (err)
		return err;
	html_lit(o, "<ul class=\"card-list\">\n");
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<li class=\"card\">");
		if (v[i].account_id && has[i])
			/* Decorative: the name beside it says who it is. */
			html_fmt(o,
				 "<img class=\"photo\" src=\"%s/members/%lld/photo\" "
				 "alt=\"\" width=\"64\" height=\"64\">",
				 g->base, (long long)v[i].account_id);
		html_fmt(o, "<h2 class=\"h3\">%s</h2>\n", v[i].shown_name);
		if (v[i].is_pseudonym)
			html_fmt(o, "<p class=\"meta\">%s</p>\n", _("Pseudonym"));
		if (v[i].ally)
			html_fmt(o, "<p class=\"meta\">%s</p>\n", _("Ally"));
		/* In the member's own words: the organisation's language, marked as its other texts
		 * are (WCAG 3.1.2). */
		if (v[i].line && *v[i].line)
			html_fmt(o, "<p lang=\"%s\">%s</p>\n", g->org.content_lang, v[i].line);
		html_lit(o, "</li>\n");
	}
	html_lit(o, "</ul>\n");
	return KR_OK;
}

int
page_group_members(struct request *r)
{
	struct group g;
	int err = group_load(r, &g, wants_sub(r));
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	bool organiser;
	const struct directory *d;
	if ((err = open_directory(r, &g, &d, &organiser)))
		return err;
	if (organiser) {
		/* Who looked at which list, never what it held. */
		char detail[96];
		snprintf(detail, sizeof(detail), "member list of %s %lld",
			 g.sub.id ? "subgroup" : "network",
			 (long long)(g.sub.id ? g.sub.id : g.nw.id));
		if ((err = audit_append_tx(c, AUDIT_LIST_VIEWED, r->user_id, 0, detail)))
			return err;
	}
	struct crumb crumbs[4];
	const char *title = _("Members you can see");
	const struct page pg = {
		.title = title,
		.lead = _("Members who chose to be visible, by name, and members with a pseudonym, "
			  "by pseudonym. Silent followers appear nowhere."),
		.crumbs = crumbs,
		.ncrumbs = group_crumbs(r, &g, crumbs, title),
	};
	view_begin(r, &pg);
	/* The list as written before for this language and address, kept with the directory
	 * (and gone with it when the group, a name or a photo changes). */
	const char *key = arena_printf(&r->arena, "%s %s", r->lang, g.base);
	const struct html_safe *kept = directory_view(d, key);
	if (kept) {
		html_fmt(&r->out, "%H", kept);
	} else {
		size_t from = r->out.len;
		if ((err = directory_list(r, &g, d)))
			return err;
		if (!r->out.overflow) {
			const struct html_safe list = html_written(&r->out, from);
			directory_view_keep(d, key, &list);
		}
	}
	view_end(r);
	return KR_OK;
}

int
page_group_member_photo(struct request *r)
{
	bool sub = wants_sub(r);
	struct group g;
	int err = group_load(r, &g, sub);
	if (err)
		return err;
	bool organiser;
	const struct directory *d;
	if ((err = open_directory(r, &g, &d, &organiser)))
		return err;
	long id;
	const struct str idp = r->params[sub ? 2 : 1];
	if (str_to_long(idp, 1, INT64_MAX, &id))
		return KR_ENOTFOUND;
	/* Only the photo of someone who is visible here: never of a pseudonym or a silent
	 * follower, whose account must not be tied to this group. */
	if (!directory_visible(d, id))
		return KR_ENOTFOUND;
	const unsigned char *data;
	size_t len;
	int64_t at;
	if ((err = photo_get(app_db(r), &r->arena, id, &data, &len, &at)))
		return err;
	return view_bytes(r, "image/jpeg", data, len);
}

/* The form to start a subgroup; what was typed is the request's form (none on a GET). */
static int
subgroups_render(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct group *g = fp->values;
	const char *problem = form_problem_of(fp, "name");
	struct crumb crumbs[4];
	const char *title = _("Start a subgroup");
	const struct page pg = {
		.title = title,
		.lead = _("A subgroup has its own page, its own members and its own coordinators, "
			  "for example for colleagues with autism, tinnitus or diabetes."),
		.crumbs = crumbs,
		.ncrumbs = group_crumbs(r, g, crumbs, title),
		.has_errors = problem != NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, arena_printf(&r->arena, "%s/groups", g->base), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "name",
					    .label = _("Name"),
					    .value = req_form(r, "name"),
					    .maxlength = 200,
					    .required = true,
					    .error = problem ? _("Check the name and web address.")
							     : NULL });
	form_input(
	    o, &(struct form_field){ .name = "slug",
				     .label = _("Web address"),
				     .hint = _("Lower-case letters, digits and '-', for example "
					       "autism."),
				     .value = req_form(r, "slug"),
				     .maxlength = 64,
				     .required = true });
	form_input(o, &(struct form_field){ .name = "description",
					    .label = _("What the subgroup is"),
					    .value = req_form(r, "description"),
					    .maxlength = 2000,
					    .multiline = true });
	form_submit(o, _("Start the subgroup"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
subgroups_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct group *g = fp->values;
	int err = group_load(r, g, false);
	if (err)
		return err;
	if (!is_core_team(r, g->nw.id))
		return KR_EFORBIDDEN;
	struct db_conn *c = app_db(r);
	int64_t id;
	const char *slug = req_form(r, "slug");
	err = subgroup_create(c, r->user_id, g->nw.id, slug, req_form(r, "name"),
			      req_form(r, "description"), &id);
	if (err == KR_EINVAL || err == KR_ECONFLICT) {
		form_problem(fp, "name",
			     _("Give the subgroup a name and a web address of a-z, 0-9 and '-' "
			       "that is not taken."));
		return KR_OK;
	}
	if (err || (err = subgroup_set_coordinator(c, id, r->user_id, true)))
		return err;
	fp->done = arena_printf(&r->arena, "%s/g/%s?done=started", g->base, slug);
	return KR_OK;
}

static const struct form_page_ops subgroups_form_ops = { subgroups_save, subgroups_render };

int
page_subgroups(struct request *r)
{
	struct group g;
	int err = group_load(r, &g, false);
	if (err)
		return err;
	if (!is_core_team(r, g.nw.id))
		return KR_EFORBIDDEN;
	return form_page_show(r, &subgroups_form_ops, &g);
}

int
page_subgroups_post(struct request *r)
{
	struct group g = { 0 };
	return form_page_post(r, &subgroups_form_ops, &g);
}

static const char *
appearance_text(enum appearance a)
{
	return a == APPEAR_VISIBLE     ? _("visible")
	       : a == APPEAR_PSEUDONYM ? _("pseudonym")
				       : _("silent follower");
}

/* "My data": every membership of the person, with the group's name ("Network" or "Network ›
 * Subgroup") and how they appear there. */
static int
memberships_my_data(struct my_data *md)
{
	struct membership *ms;
	size_t nms;
	struct network *nws;
	size_t nn;
	int err = members_of_account(md->c, md->k, md->a, md->account_id, &ms, &nms);
	if (err || (err = org_networks(md->c, md->a, &nws, &nn)))
		return err;
	const char **names = ARENA_ARRAY(md->a, const char *, nms ? nms : 1);
	for (size_t i = 0; i < nms; i++) {
		const char *name = "?";
		for (size_t k = 0; k < nn; k++)
			if (nws[k].id == ms[i].network_id)
				name = nws[k].name;
		if (ms[i].subgroup_id) {
			struct subgroup *subs;
			size_t ns;
			if ((err = subgroups_of(md->c, md->a, ms[i].network_id, &subs, &ns)))
				return err;
			for (size_t k = 0; k < ns; k++)
				if (subs[k].id == ms[i].subgroup_id)
					name = arena_printf(md->a, "%s › %s", name, subs[k].name);
		}
		names[i] = name;
	}
	if (md->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < nms; i++) {
			const struct member_choice *ch = &ms[i].choice;
			json_t *m = json_object();
			json_object_set_new(m, "group", json_string(names[i]));
			json_object_set_new(m, "appearance",
					    json_string(appearance_name(ch->appearance)));
			if (ch->appearance == APPEAR_PSEUDONYM)
				json_object_set_new(m, "pseudonym", json_string(ch->pseudonym));
			if (ch->line && *ch->line)
				json_object_set_new(m, "line", json_string(ch->line));
			json_object_set_new(m, "ally", json_boolean(ch->ally));
			json_object_set_new(m, "joined_at", json_integer(ms[i].joined_at));
			json_array_append_new(arr, m);
		}
		json_object_set_new(md->json, "memberships", arr);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Your memberships"));
	if (!nms) {
		html_fmt(o, "<p>%s</p>\n", _("You are not a member of any network or subgroup."));
		return KR_OK;
	}
	html_lit(o, "<ul>\n");
	for (size_t i = 0; i < nms; i++) {
		const struct member_choice *ch = &ms[i].choice;
		html_fmt(o, "<li><strong>%s</strong>: %s", names[i],
			 appearance_text(ch->appearance));
		if (ch->appearance == APPEAR_PSEUDONYM)
			html_fmt(o, " (%s)", ch->pseudonym);
		if (ch->line && *ch->line)
			html_fmt(o, "; %s", ch->line);
		if (ch->ally)
			html_fmt(o, "; %s", _("ally"));
		html_lit(o, "</li>\n");
	}
	html_lit(o, "</ul>\n");
	return KR_OK;
}

/* "My data": the subgroups one was asked to coordinate, or coordinates. */
static int
coordinator_my_data(struct my_data *md)
{
	struct coordinator_role *coord;
	size_t ncoord;
	int err = subgroup_coordinator_roles(md->c, md->a, md->account_id, &coord, &ncoord);
	if (err)
		return err;
	if (md->json) {
		json_t *roles = json_array();
		for (size_t i = 0; i < ncoord; i++) {
			json_t *cr = json_object();
			json_object_set_new(
			    cr, "group",
			    json_string(arena_printf(md->a, "%s › %s", coord[i].network_name,
						     coord[i].subgroup_name)));
			json_object_set_new(
			    cr, "state", json_string(coord[i].accepted ? "coordinator" : "asked"));
			if (coord[i].asked_at)
				json_object_set_new(cr, "asked_at",
						    json_integer(coord[i].asked_at));
			json_array_append_new(roles, cr);
		}
		json_object_set_new(md->json, "coordinator_roles", roles);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Coordinating a subgroup"));
	if (!ncoord) {
		html_fmt(o, "<p>%s</p>\n",
			 _("You do not coordinate a subgroup, and nobody has asked "
			   "you to."));
	} else {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < ncoord; i++)
			html_fmt(o, "<li><strong>%s › %s</strong>: %s</li>\n",
				 coord[i].network_name, coord[i].subgroup_name,
				 coord[i].accepted ? _("coordinator")
						   : _("asked, not yet answered"));
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<p><a href=\"/me/coordinator\">%s</a></p>\n",
		 _("Answer a request, or step down as coordinator"));
	return KR_OK;
}

int
members_my_data(struct my_data *md)
{
	int err = memberships_my_data(md);
	return err ? err : coordinator_my_data(md);
}

/* ---- the person asked to coordinate: answering, and stepping down later ---- */

/* On the home page, the first page after signing in: that a request waits, and where to
 * answer it. It names no subgroup: a home page is often on a screen that others see. */
int
members_home_notice(struct request *r)
{
	struct db_conn *c = app_db(r);
	struct coordinator_role *roles;
	size_t n;
	if (!c)
		return KR_EDB;
	int err = subgroup_coordinator_roles(c, &r->arena, r->user_id, &roles, &n);
	if (err)
		return err;
	bool asked = false;
	for (size_t i = 0; i < n; i++)
		asked = asked || !roles[i].accepted;
	if (asked)
		html_fmt(&r->out,
			 "<div class=\"notice\">\n<h2>%s</h2>\n<p>%s</p>\n"
			 "<p><a href=\"/me/coordinator\">%s</a></p>\n</div>\n",
			 _("A request for you"),
			 _("You are asked to coordinate a subgroup. Nobody sees your name with "
			   "that role unless you say yes."),
			 _("Read the request and answer"));
	return KR_OK;
}

static const char *
requests_notice(struct request *r)
{
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "declined") == 0)
		return _("You declined. Your name is not shown, and nothing else has changed.");
	return NULL;
}

int
page_coordinator_requests(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct org org;
	struct coordinator_role *roles;
	size_t n;
	int err = org_get(c, &r->arena, &org);
	if (err || (err = subgroup_coordinator_roles(c, &r->arena, r->user_id, &roles, &n)))
		return err;
	const char *title = _("Coordinating a subgroup");
	const struct crumb crumbs[] = { { _("My account"), "/account", NULL },
					{ title, NULL, NULL } };
	const struct page pg = { .title = title,
				 .lead =
				     _("Requests to coordinate a subgroup, and the subgroups you "
				       "coordinate. Only you see this page."),
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs),
				 .notice = requests_notice(r) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	size_t asked = 0, accepted = 0;
	for (size_t i = 0; i < n; i++)
		roles[i].accepted ? accepted++ : asked++;
	html_fmt(o, "<h2>%s</h2>\n", _("Waiting for your answer"));
	if (!asked)
		html_fmt(o, "<p>%s</p>\n", _("Nobody has asked you to coordinate a subgroup."));
	else
		html_fmt(o, "<p>%s</p>\n",
			 _("A coordinator organises the subgroup and sees its members list; each "
			   "time you open that list, it is written in the audit log. Your name is "
			   "shown on the subgroup's page to every signed-in colleague. You do not "
			   "need to be a member of the subgroup, and becoming coordinator does not "
			   "make you one. You can step down at any time."));
	for (size_t i = 0; i < n; i++) {
		const struct coordinator_role *cr = &roles[i];
		if (cr->accepted)
			continue;
		const char *base =
		    arena_printf(&r->arena, "/n/%s/g/%s", cr->network_slug, cr->subgroup_slug);
		html_fmt(o, "<section class=\"card\">\n<h3 lang=\"%s\">%s › %s</h3>\n",
			 org.content_lang, cr->network_name, cr->subgroup_name);
		html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", base, _("The subgroup's page"));
		form_begin(o, arena_printf(&r->arena, "%s/coordinators/accept", base),
			   r->csrf_token);
		form_submit(o, _("Yes, I will coordinate this subgroup"));
		form_end(o);
		form_begin(o, arena_printf(&r->arena, "%s/coordinators/decline", base),
			   r->csrf_token);
		form_submit(o, _("No, thank you"));
		form_end(o);
		html_lit(o, "</section>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Subgroups you coordinate"));
	if (!accepted) {
		html_fmt(o, "<p>%s</p>\n", _("You do not coordinate a subgroup."));
	} else {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < n; i++) {
			const struct coordinator_role *cr = &roles[i];
			if (!cr->accepted)
				continue;
			const char *base = arena_printf(&r->arena, "/n/%s/g/%s", cr->network_slug,
							cr->subgroup_slug);
			html_fmt(o,
				 "<li><a href=\"%s\" lang=\"%s\">%s › %s</a> "
				 "(<a href=\"%s/coordinators/step-down\">%s</a>)</li>\n",
				 base, org.content_lang, cr->network_name, cr->subgroup_name, base,
				 _("step down"));
		}
		html_lit(o, "</ul>\n");
	}
	view_end(r);
	return KR_OK;
}

/* Accepting or declining one's own request: one click each, on the page above. Someone who
 * was not asked (anyone else, or the person after answering) gets 404: a request that is not
 * one's own does not exist for them. */
static int
coordinator_answer(struct request *r, bool accept)
{
	struct group g;
	int err = group_load(r, &g, true);
	if (err)
		return err;
	if ((err = subgroup_coordinator_answer(app_db(r), g.sub.id, r->user_id, accept)))
		return err;
	resp_redirect(r, accept ? arena_printf(&r->arena, "%s?done=accepted", g.base)
				: "/me/coordinator?done=declined");
	return KR_OK;
}

int
page_coordinator_accept_post(struct request *r)
{
	return coordinator_answer(r, true);
}

int
page_coordinator_decline_post(struct request *r)
{
	return coordinator_answer(r, false);
}

int
page_coordinator_step_down(struct request *r)
{
	struct group g;
	int err = group_load(r, &g, true);
	if (err)
		return err;
	if (!subgroup_is_coordinator(app_db(r), g.sub.id, r->user_id))
		return KR_ENOTFOUND;
	confirm_page(r, &g, _("Step down as coordinator"),
		     _("Your name is no longer shown on the subgroup's page, and you no longer see "
		       "its members list. If you are a member of the subgroup, you stay one."),
		     NULL, NULL, NULL, "coordinators/step-down", _("Yes, step down"),
		     _("No, stay coordinator"));
	return KR_OK;
}

int
page_coordinator_step_down_post(struct request *r)
{
	struct group g;
	int err = group_load(r, &g, true);
	if (err)
		return err;
	if ((err = subgroup_coordinator_step_down(app_db(r), g.sub.id, r->user_id)))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=stepped-down", g.base));
	return KR_OK;
}
