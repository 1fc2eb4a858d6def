// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: hours for network work. The organisation's rule (/hours/rule), a member's own
 * hours with the energy guard (/me/hours), booking time and asking for an agreement in a
 * network (/n/{slug}/hours), the one request a manager's link opens (/hours/approve/{token}),
 * the contact point's requests (/hours/approvals), totals per network per month through the
 * figures function (/hours/totals) and the core team's load view (/n/{slug}/load). The guard
 * speaks to its member alone: no other page shows a warning. */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/coreteam/coreteam.h"
#include "app/buddies/buddies.h"
#include "app/events/events.h"
#include "app/figures/figures.h"
#include "app/hours/hours.h"
#include "app/hours/pages.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <jansson.h>

/* ---- shared pieces ---- */

static int
network_load(struct request *r, struct org *org, struct network *nw)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = org_get(c, &r->arena, org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	return org_network_by_slug(c, &r->arena, slug, nw);
}

static int64_t
today(void)
{
	return hours_day_of(time_now());
}

static const char *
hm(struct request *r, int64_t minutes)
{
	return hours_minutes_text(&r->arena, minutes);
}

static const char *
day_text(struct request *r, int64_t day)
{
	return hours_day_text(&r->arena, day);
}

/* msg (translated) with its placeholder key replaced by text. */
static const char *
with_text(struct arena *a, const char *msg, const char *key, const char *text)
{
	const char *at = strstr(msg, key);
	if (!at)
		return msg;
	return arena_printf(a, "%.*s%s%s", (int)(at - msg), msg, text, at + strlen(key));
}

static const char *
basis_label(enum hours_basis b)
{
	return b == HOURS_PER_YEAR ? _("hours per year") : _("hours per week");
}

static const char *
state_label(enum agreement_state s)
{
	switch (s) {
	case AGR_WAITING:
		return _("Waiting for approval");
	case AGR_APPROVED:
		return _("Approved");
	case AGR_DECLINED:
		return _("Declined");
	default:
		return _("Ended without an answer");
	}
}

static const char *
activity_label(enum booking_activity a)
{
	switch (a) {
	case ACT_ORGANISE:
		return _("Organising an activity");
	case ACT_ATTEND:
		return _("Attending an activity");
	case ACT_QUESTIONS:
		return _("The questions desk");
	case ACT_BUDDY:
		return _("My buddy matches");
	default:
		return _("A task of my role");
	}
}

/* The time-registration code, wherever hours are booked. */
static void
code_line(struct request *r, const struct hours_rule *rule)
{
	if (rule->code && *rule->code)
		html_fmt(&r->out, "<p class=\"hours-code\">%s <strong>%s</strong></p>\n",
			 _("Time-registration code of your organisation:"), rule->code);
	else
		html_fmt(&r->out, "<p class=\"hours-code\">%s</p>\n",
			 _("Your organisation has not set a time-registration code."));
}

/* The organisation's contact point (HR / D&I), or with admin_too the administrator as well. */
static bool
org_contact(struct request *r, bool admin_too)
{
	struct account acc;
	return auth_account_by_id(app_db(r), &r->arena, r->user_id, &acc) == KR_OK &&
	       (acc.is_contact || (admin_too && acc.is_admin));
}

/* ---- the organisation's rule ---- */

struct rule_form {
	struct hours_rule rule;
	const char *hours_v, *max_v;
};

static int
rule_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct rule_form *f = fp->values;
	const struct page pg = {
		.title = _("Hours for network work"),
		.lead = _("The organisation's rule for the hours active members spend on network "
			  "work. Members ask for an agreement within this rule."),
		.has_errors = form_page_failed(fp),
		.notice = req_query(r, "done") ? _("Saved.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, "/hours/rule", r->csrf_token);
	const struct form_option bases[] = {
		{ "week", _("Hours per week"), _("For example 4 hours a week.") },
		{ "year", _("Hours per year"),
		  _("A yearly total, spread over busy and quiet periods; for example 100 a "
		    "year.") },
	};
	form_radios(o, &(struct form_choice){ .name = "basis",
					      .legend = _("How the hours are counted"),
					      .options = bases,
					      .noptions = ARRAY_SIZE(bases),
					      .selected = hours_basis_name(f->rule.basis) });
	char hours[24], max[24];
	snprintf(hours, sizeof(hours), "%lld", (long long)(f->rule.minutes / 60));
	snprintf(max, sizeof(max), "%lld", (long long)f->rule.organise_max);
	form_input(o, &(struct form_field){ .name = "hours",
					    .label = _("Hours"),
					    .hint = _("Per week 0 to 40, per year 0 to 2080."),
					    .value = f->hours_v ? f->hours_v : hours,
					    .type = "number",
					    .min = 0,
					    .max = HOURS_YEAR_MAX / 60,
					    .required = true,
					    .error = form_problem_of(fp, "hours") });
	html_fmt(o, "<fieldset class=\"field\">\n<legend>%s</legend>\n",
		 _("Who counts as an active member"));
	form_checkbox(o, "count_core", _("Core team"), NULL, f->rule.core);
	form_checkbox(o, "count_coordinators", _("Coordinators of a subgroup"), NULL,
		      f->rule.coordinators);
	form_checkbox(o, "count_organisers", _("Organisers"),
		      _("For now, organisers are the people with a core-team role in the network: "
			"an activity in Kring is organised by its network's core team."),
		      f->rule.organisers);
	form_checkbox(o, "count_buddies", _("Buddies"),
		      _("Buddies with the status \"active\", or with a match that is running. "
			"They book time against \"My buddy matches\", never against one match."),
		      f->rule.buddies);
	html_lit(o, "</fieldset>\n");
	form_checkbox(o, "attending", _("Attending an activity counts as working time"), NULL,
		      f->rule.attending_counts);
	form_input(o, &(struct form_field){
			  .name = "code",
			  .label = _("Time-registration code"),
			  .hint = _("Shown wherever hours are booked. At most 64 characters."),
			  .value = f->rule.code,
			  .maxlength = HOURS_CODE_MAX,
			  .error = form_problem_of(fp, "code") });
	form_input(o, &(struct form_field){
			  .name = "organise_max",
			  .label = _("Activities one person organises in a month before Kring "
				     "gently warns them"),
			  .hint = _("Only the member sees the warning. 1 to 31."),
			  .value = f->max_v ? f->max_v : max,
			  .type = "number",
			  .min = 1,
			  .max = HOURS_ORGANISE_LIMIT,
			  .required = true,
			  .error = form_problem_of(fp, "organise_max") });
	form_submit(o, _("Save the rule"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
rule_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct rule_form *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!org_contact(r, true))
		return KR_EFORBIDDEN;
	enum hours_basis b;
	if (!hours_basis_parse(req_form(r, "basis"), &b))
		return KR_EINVAL;
	f->rule.basis = b;
	f->hours_v = req_form(r, "hours");
	f->max_v = req_form(r, "organise_max");
	long h = 0, m = 0;
	long hmax = b == HOURS_PER_YEAR ? HOURS_YEAR_MAX / 60 : HOURS_WEEK_MAX / 60;
	if (!f->hours_v || str_to_long(str_from(f->hours_v), 0, hmax, &h))
		form_problem(fp, "hours",
			     _("Type the hours: per week 0 to 40, per year 0 to 2080."));
	f->rule.core = req_form(r, "count_core") != NULL;
	f->rule.coordinators = req_form(r, "count_coordinators") != NULL;
	f->rule.organisers = req_form(r, "count_organisers") != NULL;
	f->rule.buddies = req_form(r, "count_buddies") != NULL;
	f->rule.attending_counts = req_form(r, "attending") != NULL;
	f->rule.code = req_form(r, "code") ? req_form(r, "code") : "";
	if (!f->max_v || str_to_long(str_from(f->max_v), 1, HOURS_ORGANISE_LIMIT, &m))
		form_problem(fp, "organise_max", _("Type a number of activities from 1 to 31."));
	if (form_page_failed(fp))
		return KR_OK;
	f->rule.minutes = h * 60;
	f->rule.organise_max = m;
	const char *field = NULL, *problem = NULL;
	int err = hours_rule_set(c, &f->rule, &field, &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, field, _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/hours/rule?done=1";
	return KR_OK;
}

static const struct form_page_ops rule_ops = { rule_save, rule_render };

int
page_admin_hours(struct request *r)
{
	struct rule_form f = { 0 };
	if (!org_contact(r, true))
		return KR_EFORBIDDEN;
	int err = hours_rule_get(app_db(r), &r->arena, &f.rule);
	return err ? err : form_page_show(r, &rule_ops, &f);
}

int
page_admin_hours_post(struct request *r)
{
	struct rule_form f = { 0 };
	return form_page_post(r, &rule_ops, &f);
}

/* A network the signed-in person is active in, and whether on its core team. */
struct active_net {
	struct network nw;
	bool core;
};

/* ---- the energy guard ---- */

static void
guard_advice(struct request *r, const struct active_net *act, size_t nact)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n<ul>\n<li>%s</li>\n<li>%s", _("What you can do:"),
		 _("Hand a task to someone else in the network."),
		 _("Ask the core team to share the load."));
	/* The load view, where the member is on a core team: what the team sees of the load. */
	for (size_t i = 0; i < nact; i++)
		if (act[i].core)
			html_fmt(o, " <a href=\"/n/%s/load\">%s</a>", act[i].nw.slug,
				 with_text(&r->arena, _("Load of the core team of {network}"),
					   "{network}", act[i].nw.name));
	html_fmt(o, "</li>\n<li><a href=\"#agreements\">%s</a></li>\n<li>%s</li>\n</ul>\n",
		 _("Ask the contact point for more hours: ask for a new agreement."),
		 _("Pause a role for a while: tell your chair or the contact point. Kring has no "
		   "page for this yet."));
}

static size_t
guard_count(const struct guard_warnings *g)
{
	return (size_t)g->pace_year + g->pace_week + g->outside + g->organise;
}

static void
guard_items(struct request *r, const struct guard_warnings *g, const struct active_net *act,
	    size_t nact)
{
	struct strbuf *o = &r->out;
	if (g->pace_year)
		html_fmt(o, "<h3 id=\"guard-pace-year\">%s</h3>\n<p>%s</p>\n",
			 _("You are ahead of your hours"),
			 with_text(&r->arena,
				   _("At this pace you will use up the hours of your agreement for "
				     "{network} before the period ends."),
				   "{network}", g->pace_network));
	if (g->pace_week)
		html_fmt(o, "<h3 id=\"guard-pace-week\">%s</h3>\n<p>%s</p>\n",
			 _("More hours than agreed"),
			 with_text(&r->arena,
				   _("In two or more of the last four weeks you booked more hours "
				     "for {network} than your agreement holds."),
				   "{network}", g->pace_network));
	if (g->outside)
		html_fmt(o, "<h3 id=\"guard-outside\">%s</h3>\n<p>%s</p>\n",
			 _("Often outside working hours"),
			 _("In the last four weeks you booked network work outside your working "
			   "hours three times or more. That costs energy that you need for "
			   "yourself."));
	if (g->organise)
		html_fmt(o, "<h3 id=\"guard-organise\">%s</h3>\n<p>%s</p>\n",
			 _("Many activities this month"),
			 _("This month you organise more activities than your organisation thinks "
			   "is wise for one person."));
	guard_advice(r, act, nact);
}

/* The guard at the top of the page (or, when quiet, at its end: top is false). */
static void
guard_section(struct request *r, const struct guard_warnings *g, enum guard_level level, bool top,
	      const struct active_net *act, size_t nact)
{
	size_t n = guard_count(g);
	if (!n)
		return;
	struct strbuf *o = &r->out;
	if (top && level == GUARD_ALL && !r->prefs.low_stimulus) {
		html_fmt(o,
			 "<section class=\"guard\" aria-labelledby=\"energy-h\">\n"
			 "<h2 id=\"energy-h\">%s</h2>\n<p>%s</p>\n",
			 _("Take care of your energy"),
			 _("Only you see this. Not your manager, HR or the core team."));
		guard_items(r, g, act, nact);
		html_lit(o, "</section>\n");
		return;
	}
	bool show =
	    top ? (level == GUARD_ALL || (level == GUARD_FEWER && n >= 2)) : level == GUARD_QUIET;
	if (!show)
		return;
	html_fmt(o,
		 "<details class=\"guard\" id=\"guard\">\n<summary>%s (%zu)</summary>\n<p>%s</p>\n",
		 _("Something to look at about your hours"), n,
		 _("Only you see this. Not your manager, HR or the core team."));
	guard_items(r, g, act, nact);
	html_lit(o, "</details>\n");
}

/* ---- the member's own page ---- */

static int
active_networks(struct request *r, const struct hours_rule *rule, struct active_net **out,
		size_t *n)
{
	struct network *nws;
	size_t nn;
	int64_t *team;
	size_t nt;
	int err = org_networks(app_db(r), &r->arena, &nws, &nn);
	if (!err)
		err = org_core_team_networks(app_db(r), &r->arena, r->user_id, &team, &nt);
	if (err)
		return err;
	*out = arena_alloc(&r->arena, (nn ? nn : 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < nn; i++)
		if (hours_is_active(app_db(r), rule, nws[i].id, r->user_id))
			(*out)[(*n)++] =
			    (struct active_net){ nws[i], org_id_in(team, nt, nws[i].id) };
	return KR_OK;
}

/* One agreement with this week, this year and what is left. */
static int
agreement_block(struct request *r, const struct hours_agreement *g, int64_t t)
{
	struct db_conn *c = app_db(r);
	struct strbuf *o = &r->out;
	html_fmt(o,
		 "<h3>%s</h3>\n<dl class=\"facts\">\n<dt>%s</dt><dd>%lld %s</dd>\n"
		 "<dt>%s</dt><dd>%s – %s</dd>\n<dt>%s</dt><dd>%s</dd>\n",
		 g->network_name, _("Agreement"), (long long)(g->minutes / 60),
		 basis_label(g->basis), _("Period"), day_text(r, g->starts_on),
		 day_text(r, g->ends_on), _("State"), state_label(g->state));
	if (g->reason && *g->reason)
		html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Reason given"), g->reason);
	if (g->state == AGR_APPROVED) {
		int y, m, d;
		hours_ymd(t, &y, &m, &d);
		int64_t ws = hours_week_start(t), week = 0, year = 0, period = 0;
		int64_t from = g->starts_on, to = g->ends_on;
		int err = hours_sum(c, r->user_id, g->network_id, ws, ws + 6, &week);
		if (!err)
			err = hours_sum(c, r->user_id, g->network_id, hours_day_from_ymd(y, 1, 1),
					hours_day_from_ymd(y, 12, 31), &year);
		if (!err)
			err = hours_sum(c, r->user_id, g->network_id, from, to, &period);
		if (err)
			return err;
		int64_t allow = hours_allowance(g->basis, g->minutes, to - from + 1);
		html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", _("This week"),
			 hm(r, week), _("This year"), hm(r, year));
		if (g->basis == HOURS_PER_WEEK)
			html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Left this week"),
				 hm(r, g->minutes - week));
		html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Left in this agreement"),
			 hm(r, allow - period));
	}
	html_lit(o, "</dl>\n");
	return KR_OK;
}

int
page_my_hours(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct hours_rule rule;
	struct hours_agreement *gs;
	size_t ng, nact, nb;
	struct active_net *act;
	struct hours_booking *bs;
	struct guard_warnings g;
	enum guard_level level;
	int64_t t = today();
	int err = hours_rule_get(c, &r->arena, &rule);
	if (!err)
		err = hours_agreements_of(c, &r->app->keys, &r->arena, r->user_id, &gs, &ng);
	if (!err)
		err = active_networks(r, &rule, &act, &nact);
	if (!err)
		err = hours_bookings_of(c, &r->arena, r->user_id, t - HOURS_LOAD_DAYS + 1, 100, &bs,
					&nb);
	if (!err)
		err = hours_guard(c, &r->arena, r->user_id, t, &g);
	if (!err)
		err = hours_guard_level(c, r->user_id, &level);
	if (err)
		return err;
	const char *done = req_query(r, "done");
	const struct page pg = {
		.title = _("My hours"),
		.lead = _("The hours you spend on network work: your agreements, what you booked "
			  "and what is left. Only you see this page."),
		.notice = done ? _("Saved.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	guard_section(r, &g, level, true, act, nact);
	code_line(r, &rule);
	if (nact) {
		html_fmt(o, "<h2>%s</h2>\n<ul>\n", _("Book time"));
		for (size_t i = 0; i < nact; i++)
			html_fmt(o, "<li><a href=\"/n/%s/hours\">%s</a></li>\n", act[i].nw.slug,
				 with_text(&r->arena, _("Book time for {network}"), "{network}",
					   act[i].nw.name));
		html_lit(o, "</ul>\n");
	} else
		html_fmt(o, "<p>%s</p>\n",
			 _("You are not an active member of a network under your organisation's "
			   "rule, so you have no hours to book."));
	html_fmt(o, "<h2 id=\"agreements\">%s</h2>\n", _("My agreements"));
	if (!ng)
		html_fmt(o, "<p>%s</p>\n", _("You have no agreement yet."));
	for (size_t i = 0; i < ng; i++)
		if ((err = agreement_block(r, &gs[i], t)))
			return err;
	for (size_t i = 0; i < nact; i++)
		html_fmt(o, "<p><a href=\"/n/%s/hours/agreement\">%s</a></p>\n", act[i].nw.slug,
			 with_text(&r->arena, _("Ask for an agreement for {network}"), "{network}",
				   act[i].nw.name));
	html_fmt(o, "<h2>%s</h2>\n", _("What I booked in the last eight weeks"));
	if (!nb)
		html_fmt(o, "<p>%s</p>\n", _("Nothing booked."));
	else {
		view_table_begin(r, _("What I booked in the last eight weeks"));
		html_fmt(o,
			 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			 _("Date"), _("Network"), _("What"), _("Time"), _("Working hours"));
		for (size_t i = 0; i < nb; i++)
			html_fmt(o,
				 "<tr><td>%s</td><td>%s</td><td>%s%s%s</td><td>%s</td>"
				 "<td>%s</td></tr>\n",
				 day_text(r, bs[i].day), bs[i].network_name,
				 activity_label(bs[i].activity), *bs[i].event_title ? ": " : "",
				 bs[i].event_title, hm(r, bs[i].minutes),
				 bs[i].outside ? _("outside") : _("inside"));
		html_lit(o, "</tbody>\n</table>\n</div>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("How the energy guard speaks to you"),
		 _("Kring gently tells you when your hours run ahead of your agreement, when you "
		   "often work outside your working hours, or when you organise many activities "
		   "in a month. Only you see it; you can turn it down."));
	form_begin(o, "/me/hours/guard", r->csrf_token);
	const struct form_option levels[] = {
		{ "all", _("Every warning, at the top of this page"), NULL },
		{ "fewer", _("Fewer"),
		  _("Folded away, and only when there are two warnings or more.") },
		{ "quiet", _("Quiet"), _("Folded away at the bottom of this page.") },
	};
	form_radios(o, &(struct form_choice){ .name = "level",
					      .legend = _("Warnings"),
					      .options = levels,
					      .noptions = ARRAY_SIZE(levels),
					      .selected = hours_guard_level_name(level) });
	form_submit(o, _("Save"));
	form_end(o);
	guard_section(r, &g, level, false, act, nact);
	view_end(r);
	return KR_OK;
}

int
page_my_hours_guard_post(struct request *r)
{
	enum guard_level l;
	if (!hours_guard_level_parse(req_form(r, "level"), &l))
		return KR_EINVAL;
	int err = hours_guard_level_set(app_db(r), r->user_id, l);
	if (err)
		return err;
	resp_redirect(r, "/me/hours?done=guard");
	return KR_OK;
}

/* ---- booking time ---- */

struct book_form {
	struct org org;
	struct network nw;
	struct hours_rule rule;
	bool core;
	bool buddy; /* serving as a buddy in the network */
	struct event *evs;
	size_t nevs;
	const char *what, *date, *hours, *minutes;
	bool outside;
};

static int
book_prepare(struct request *r, struct book_form *f)
{
	struct db_conn *c = app_db(r);
	int err = network_load(r, &f->org, &f->nw);
	if (!err)
		err = hours_rule_get(c, &r->arena, &f->rule);
	if (err)
		return err;
	if (!hours_is_active(c, &f->rule, f->nw.id, r->user_id))
		return KR_ENOTFOUND;
	f->core = org_is_core_team(c, f->nw.id, r->user_id);
	f->buddy = buddy_is_serving(c, f->nw.id, r->user_id);
	/* Events of the last eight weeks and to come: the core team's own (drafts too), else only
	 * those the member may see and attend. */
	struct event *evs;
	size_t n;
	err = events_list(c, &r->arena, f->nw.id, time_now() - HOURS_LOAD_DAYS * 86400, f->core,
			  true, 50, &evs, &n);
	if (err)
		return err;
	f->evs = evs;
	f->nevs = 0;
	for (size_t i = 0; i < n; i++) {
		bool organiser = false;
		if (f->core ||
		    events_may_attend(c, &r->app->keys, &r->arena, &evs[i], r->user_id, &organiser))
			f->evs[f->nevs++] = evs[i];
	}
	return KR_OK;
}

static int
book_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct book_form *f = fp->values;
	const struct crumb crumbs[] = {
		{ _("My hours"), "/me/hours", NULL },
		{ f->nw.name, NULL, f->org.content_lang },
	};
	const struct page pg = { .title = _("Book time"),
				 .lead = _("Book the time you spent on network work. You book only "
					   "for yourself."),
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs),
				 .has_errors = form_page_failed(fp),
				 .notice =
				     req_query(r, "done") ? _("Your time is booked.") : NULL };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o, "<p>%s <strong lang=\"%s\">%s</strong></p>\n", _("Network:"),
		 f->org.content_lang, f->nw.name);
	code_line(r, &f->rule);
	form_begin(o, arena_printf(&r->arena, "/n/%s/hours", f->nw.slug), r->csrf_token);
	struct form_option *opts = arena_alloc(&r->arena, (2 * f->nevs + 3) * sizeof(*opts));
	size_t no = 0;
	opts[no++] = (struct form_option){ "role", _("A task of my role"), NULL, NULL };
	if (f->core)
		opts[no++] =
		    (struct form_option){ "questions", _("The questions desk"), NULL, NULL };
	if (f->buddy)
		opts[no++] = (struct form_option){ "buddy", _("My buddy matches"), NULL, NULL };
	for (size_t i = 0; i < f->nevs; i++) {
		const struct event *e = &f->evs[i];
		if (f->core)
			opts[no++] = (struct form_option){
				arena_printf(&r->arena, "organise-%lld", (long long)e->id),
				e->title,
				arena_printf(&r->arena, "%s, %s", _("Organising"),
					     day_text(r, hours_day_of(e->starts_at))),
				f->org.content_lang, NULL
			};
		if (f->rule.attending_counts)
			opts[no++] = (struct form_option){
				arena_printf(&r->arena, "attend-%lld", (long long)e->id), e->title,
				arena_printf(&r->arena, "%s, %s", _("Attending"),
					     day_text(r, hours_day_of(e->starts_at))),
				f->org.content_lang, NULL
			};
	}
	form_radios(o, &(struct form_choice){
			   .name = "what",
			   .legend = _("What did you do?"),
			   .hint = _("A buddy match cannot be chosen yet: Kring has no buddies."),
			   .options = opts,
			   .noptions = no,
			   .error = form_problem_of(fp, "what"),
			   .selected = f->what ? f->what : "role" });
	form_input(o,
		   &(struct form_field){ .name = "date",
					 .label = _("Date"),
					 .hint = _("As YYYY-MM-DD. Today or a day before."),
					 .value = f->date ? f->date : day_text(r, today()),
					 .maxlength = 10,
					 .autocomplete = "off", /* text: a date field traps Tab */
					 .required = true,
					 .error = form_problem_of(fp, "date") });
	form_input(o, &(struct form_field){ .name = "hours",
					    .label = _("Hours"),
					    .value = f->hours ? f->hours : "0",
					    .type = "number",
					    .min = 0,
					    .max = 24,
					    .required = true,
					    .error = form_problem_of(fp, "hours") });
	form_input(o, &(struct form_field){ .name = "minutes",
					    .label = _("Minutes"),
					    .value = f->minutes ? f->minutes : "0",
					    .type = "number",
					    .min = 0,
					    .max = 59,
					    .required = true });
	form_checkbox(o, "outside", _("This was outside my working hours"),
		      _("Only you see this, and the energy guard uses it to look after you."),
		      f->outside);
	form_submit(o, _("Book the time"));
	form_end(o);
	html_fmt(o,
		 "<p><a href=\"/me/hours\">%s</a></p>\n<p><a "
		 "href=\"/n/%s/hours/agreement\">%s</a></p>\n",
		 _("My hours"), f->nw.slug, _("Ask for an agreement"));
	view_end(r);
	return KR_OK;
}

static int
book_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct book_form *f = fp->values;
	int err = book_prepare(r, f);
	if (err)
		return err;
	f->what = req_form(r, "what");
	f->date = req_form(r, "date");
	f->hours = req_form(r, "hours");
	f->minutes = req_form(r, "minutes");
	f->outside = req_form(r, "outside") != NULL;
	enum booking_activity act = ACT_ROLE;
	long ev = 0, h = -1, m = -1;
	const char *w = f->what ? f->what : "";
	if (strcmp(w, "role") == 0)
		act = ACT_ROLE;
	else if (strcmp(w, "questions") == 0)
		act = ACT_QUESTIONS;
	else if (strcmp(w, "buddy") == 0)
		act = ACT_BUDDY;
	else if (strncmp(w, "organise-", 9) == 0 &&
		 !str_to_long(str_from(w + 9), 1, INT64_MAX, &ev))
		act = ACT_ORGANISE;
	else if (strncmp(w, "attend-", 7) == 0 && !str_to_long(str_from(w + 7), 1, INT64_MAX, &ev))
		act = ACT_ATTEND;
	else
		form_problem(fp, "what", _(hours_problem_activity));
	int64_t day = 0;
	if (!hours_parse_day(f->date, &day))
		form_problem(fp, "date", _(hours_problem_date));
	if (!f->hours || !f->minutes || str_to_long(str_from(f->hours), 0, 24, &h) ||
	    str_to_long(str_from(f->minutes), 0, 59, &m) || h * 60 + m < 1 || h * 60 + m > 1440)
		form_problem(fp, "hours", _(hours_problem_duration));
	if (form_page_failed(fp))
		return KR_OK;
	const char *problem = NULL;
	int64_t id;
	/* Always the signed-in person: the form has no field that names anyone. */
	err = hours_book(app_db(r), &r->app->keys, &r->arena, r->user_id, f->nw.id, act, ev, day,
			 h * 60 + m, f->outside, time_now(), &id, &problem);
	if (err == KR_EINVAL && problem) {
		const char *field =
		    problem == hours_problem_activity || problem == hours_problem_attending ? "what"
		    : problem == hours_problem_duration || problem == hours_problem_day_full
			? "hours"
			: "date";
		form_problem(fp, field, _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/n/%s/hours?done=booked", f->nw.slug);
	return KR_OK;
}

static const struct form_page_ops book_ops = { book_save, book_render };

int
page_hours_book(struct request *r)
{
	struct book_form f = { 0 };
	int err = book_prepare(r, &f);
	return err ? err : form_page_show(r, &book_ops, &f);
}

int
page_hours_book_post(struct request *r)
{
	struct book_form f = { 0 };
	return form_page_post(r, &book_ops, &f);
}

/* ---- asking for an agreement ---- */

struct ask_form {
	struct org org;
	struct network nw;
	struct hours_rule rule;
	const char *basis, *hours, *start, *end, *approver, *email;
};

static int
ask_prepare(struct request *r, struct ask_form *f)
{
	int err = network_load(r, &f->org, &f->nw);
	if (!err)
		err = hours_rule_get(app_db(r), &r->arena, &f->rule);
	if (err)
		return err;
	return hours_is_active(app_db(r), &f->rule, f->nw.id, r->user_id) ? KR_OK : KR_ENOTFOUND;
}

static int
ask_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct ask_form *f = fp->values;
	const struct crumb crumbs[] = {
		{ _("My hours"), "/me/hours", NULL },
		{ f->nw.name, NULL, f->org.content_lang },
	};
	const struct page pg = { .title = _("Ask for an hours agreement"),
				 .lead = _("An agreement says how many hours you may spend on this "
					   "network's work, and in which period."),
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs),
				 .has_errors = form_page_failed(fp) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	char rule_hours[32];
	snprintf(rule_hours, sizeof(rule_hours), "%lld", (long long)(f->rule.minutes / 60));
	html_fmt(o, "<p>%s <strong lang=\"%s\">%s</strong></p>\n<p>%s %s %s</p>\n", _("Network:"),
		 f->org.content_lang, f->nw.name, _("Your organisation's rule:"), rule_hours,
		 basis_label(f->rule.basis));
	html_fmt(o,
		 "<h2>%s</h2>\n<p>%s</p>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n"
		 "<li>%s</li>\n</ul>\n<p>%s</p>\n",
		 _("What your manager sees"),
		 _("If you choose your manager, they get an e-mail with a link. After signing in "
		   "they see only this request:"),
		 _("your name;"), _("the name of this network;"), _("the hours you ask for;"),
		 _("the period."),
		 _("Nothing else: not who else is in the network, not what you do in it, not your "
		   "bookings and not the energy guard. Asking your manager is your choice: the "
		   "contact point can approve instead."));
	form_begin(o, arena_printf(&r->arena, "/n/%s/hours/agreement", f->nw.slug), r->csrf_token);
	const struct form_option bases[] = { { "week", _("Hours per week"), NULL },
					     { "year", _("Hours per year"), NULL } };
	form_radios(o, &(struct form_choice){
			   .name = "basis",
			   .legend = _("How the hours are counted"),
			   .options = bases,
			   .noptions = ARRAY_SIZE(bases),
			   .selected = f->basis ? f->basis : hours_basis_name(f->rule.basis) });
	form_input(o,
		   &(struct form_field){ .name = "hours",
					 .label = _("Hours"),
					 .hint = _("Per week at most 40, per year at most 2080."),
					 .value = f->hours ? f->hours : rule_hours,
					 .type = "number",
					 .min = 1,
					 .max = HOURS_YEAR_MAX / 60,
					 .required = true,
					 .error = form_problem_of(fp, "hours") });
	form_input(o,
		   &(struct form_field){ .name = "start",
					 .label = _("From"),
					 .hint = _("As YYYY-MM-DD."),
					 .value = f->start,
					 .maxlength = 10,
					 .autocomplete = "off", /* text: a date field traps Tab */
					 .required = true,
					 .error = form_problem_of(fp, "start") });
	form_input(
	    o, &(struct form_field){ .name = "end",
				     .label = _("Until"),
				     .hint = _("As YYYY-MM-DD. At most one year after the start."),
				     .value = f->end,
				     .maxlength = 10,
				     .autocomplete = "off", /* text: a date field traps Tab */
				     .required = true,
				     .error = form_problem_of(fp, "end") });
	const struct form_option who[] = {
		{ "manager", _("My manager"),
		  _("They see only your name, the network's name, the hours and the period.") },
		{ "contact", _("The contact point"),
		  _("For when you do not want to involve your manager.") },
	};
	form_radios(o, &(struct form_choice){ .name = "approver",
					      .legend = _("Who approves it?"),
					      .options = who,
					      .noptions = ARRAY_SIZE(who),
					      .error = form_problem_of(fp, "approver"),
					      .selected = f->approver ? f->approver : "contact" });
	form_input(o, &(struct form_field){ .name = "email",
					    .label = _("Your manager's work e-mail address"),
					    .hint = _("Only when your manager approves. Kept only "
						      "until they answer."),
					    .value = f->email,
					    .type = "email",
					    .maxlength = 254,
					    .error = form_problem_of(fp, "email") });
	form_submit(o, _("Ask for the agreement"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
ask_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct ask_form *f = fp->values;
	int err = ask_prepare(r, f);
	if (err)
		return err;
	f->basis = req_form(r, "basis");
	f->hours = req_form(r, "hours");
	f->start = req_form(r, "start");
	f->end = req_form(r, "end");
	f->approver = req_form(r, "approver");
	f->email = req_form(r, "email");
	enum hours_basis b = HOURS_PER_WEEK;
	if (!hours_basis_parse(f->basis, &b))
		form_problem(fp, "basis", _("Choose per week or per year."));
	long h = 0;
	if (!f->hours || str_to_long(str_from(f->hours), 1, HOURS_YEAR_MAX / 60, &h))
		form_problem(fp, "hours", _(hours_problem_amount));
	int64_t s = 0, e = 0;
	if (!hours_parse_day(f->start, &s))
		form_problem(fp, "start", _(hours_problem_date));
	if (!hours_parse_day(f->end, &e))
		form_problem(fp, "end", _(hours_problem_date));
	bool manager = f->approver && strcmp(f->approver, "manager") == 0;
	if (!manager && !(f->approver && strcmp(f->approver, "contact") == 0))
		form_problem(fp, "approver", _("Choose who approves the agreement."));
	if (form_page_failed(fp))
		return KR_OK;
	const char *problem = NULL;
	int64_t id;
	err = hours_agreement_ask(app_db(r), &r->app->keys, &r->arena, r->user_id, f->nw.id, b,
				  h * 60, s, e, manager ? APPROVER_MANAGER : APPROVER_CONTACT,
				  manager ? f->email : NULL, r->app->base_url, time_now(), &id,
				  &problem);
	if (err == KR_EINVAL && problem) {
		const char *field = problem == hours_problem_amount    ? "hours"
				    : problem == hours_problem_period  ? "end"
				    : problem == hours_problem_waiting ? "approver"
								       : "email";
		form_problem(fp, field, _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/me/hours?done=asked#agreements";
	return KR_OK;
}

static const struct form_page_ops ask_ops = { ask_save, ask_render };

int
page_hours_agreement(struct request *r)
{
	struct ask_form f = { 0 };
	int err = ask_prepare(r, &f);
	return err ? err : form_page_show(r, &ask_ops, &f);
}

int
page_hours_agreement_post(struct request *r)
{
	struct ask_form f = { 0 };
	return form_page_post(r, &ask_ops, &f);
}

/* ---- deciding: the manager's one request, the contact point's list ---- */

static void
request_facts(struct request *r, const struct hours_agreement *g)
{
	html_fmt(&r->out,
		 "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		 "<dt>%s</dt><dd>%lld %s</dd>\n<dt>%s</dt><dd>%s – %s</dd>\n</dl>\n",
		 _("Asked by"), g->member_name, _("Network"), g->network_name, _("Hours"),
		 (long long)(g->minutes / 60), basis_label(g->basis), _("Period"),
		 day_text(r, g->starts_on), day_text(r, g->ends_on));
}

static void
decision_fields(struct form_page *fp, const char *decision, const char *reason)
{
	struct strbuf *o = &fp->r->out;
	const struct form_option opts[] = { { "approve", _("Approve"), NULL },
					    { "decline", _("Decline"), NULL } };
	form_radios(o, &(struct form_choice){ .name = "decision",
					      .legend = _("Your decision"),
					      .options = opts,
					      .noptions = ARRAY_SIZE(opts),
					      .error = form_problem_of(fp, "decision"),
					      .selected = decision ? decision : "approve" });
	form_input(o, &(struct form_field){ .name = "reason",
					    .label = _("Reason"),
					    .hint = _("Needed when you decline. At most 500 "
						      "characters. The member reads it."),
					    .value = reason,
					    .multiline = true,
					    .maxlength = HOURS_REASON_MAX,
					    .error = form_problem_of(fp, "reason") });
	form_submit(o, _("Send the decision"));
}

struct manager_form {
	struct hours_agreement g;
	const char *token, *decision, *reason;
};

static int
manager_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct manager_form *f = fp->values;
	const struct page pg = { .title = _("A request to approve hours"),
				 .lead = _("Someone asks you to approve hours for work in an "
					   "employee network. This is all Kring shows you."),
				 .has_errors = form_page_failed(fp) };
	view_begin(r, &pg);
	form_error_summary(&r->out, fp->problems, fp->nproblems);
	request_facts(r, &f->g);
	form_begin(&r->out, arena_printf(&r->arena, "/hours/approve/%s", f->token), r->csrf_token);
	decision_fields(fp, f->decision, f->reason);
	form_end(&r->out);
	view_end(r);
	return KR_OK;
}

static const char *
token_param(struct request *r)
{
	return arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
}

static int
decided_page(struct request *r, bool approve)
{
	const struct page pg = { .title = _("Thank you"),
				 .notice = approve ? _("You approved the agreement.")
						   : _("You declined the agreement."),
				 .lead = _("The member sees your decision in Kring. This request "
					   "cannot be opened again.") };
	view_begin(r, &pg);
	view_end(r);
	return KR_OK;
}

static int
manager_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct manager_form *f = fp->values;
	f->token = token_param(r);
	int err =
	    hours_manager_request(app_db(r), &r->app->keys, &r->arena, f->token, r->user_id, &f->g);
	if (err)
		return err;
	f->decision = req_form(r, "decision");
	f->reason = req_form(r, "reason");
	bool approve = f->decision && strcmp(f->decision, "approve") == 0;
	if (!approve && !(f->decision && strcmp(f->decision, "decline") == 0)) {
		form_problem(fp, "decision", _("Choose approve or decline."));
		return KR_OK;
	}
	const char *problem = NULL;
	err = hours_manager_decide(app_db(r), &r->app->keys, &r->arena, f->token, r->user_id,
				   approve, f->reason, time_now(), &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, "reason", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->answered = true;
	return decided_page(r, approve);
}

static const struct form_page_ops manager_ops = { manager_save, manager_render };

int
page_hours_approve(struct request *r)
{
	struct manager_form f = { .token = token_param(r) };
	int err =
	    hours_manager_request(app_db(r), &r->app->keys, &r->arena, f.token, r->user_id, &f.g);
	return err ? err : form_page_show(r, &manager_ops, &f);
}

int
page_hours_approve_post(struct request *r)
{
	struct manager_form f = { 0 };
	return form_page_post(r, &manager_ops, &f);
}

struct contact_form {
	struct hours_agreement *gs;
	size_t n;
	int64_t failed_id;
	const char *decision, *reason;
};

static int
contact_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct contact_form *f = fp->values;
	const char *done = req_query(r, "done");
	const struct page pg = { .title = _("Hours agreements to approve"),
				 .lead =
				     _("Members who asked the contact point, not their manager, "
				       "to approve their hours. Your own requests are not here: "
				       "someone else approves them."),
				 .has_errors = form_page_failed(fp),
				 .notice = done ? _("Your decision is saved.") : NULL };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	if (org_contact(r, false))
		html_fmt(o, "<p><a href=\"/hours/rule\">%s</a></p>\n",
			 _("The organisation's rule for hours"));
	if (!f->n)
		html_fmt(o, "<p>%s</p>\n", _("No requests are waiting."));
	for (size_t i = 0; i < f->n; i++) {
		html_fmt(o, "<h2>%s</h2>\n", f->gs[i].member_name);
		request_facts(r, &f->gs[i]);
		form_begin(o,
			   arena_printf(&r->arena, "/hours/approvals/%lld", (long long)f->gs[i].id),
			   r->csrf_token);
		bool mine = f->gs[i].id == f->failed_id;
		decision_fields(fp, mine ? f->decision : NULL, mine ? f->reason : NULL);
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

static int
contact_load(struct request *r, struct contact_form *f)
{
	return hours_contact_requests(app_db(r), &r->app->keys, &r->arena, r->user_id,
				      org_contact(r, false), &f->gs, &f->n);
}

static int
contact_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct contact_form *f = fp->values;
	long id;
	if (str_to_long((struct str){ r->params[0].p, r->params[0].len }, 1, INT64_MAX, &id))
		return KR_ENOTFOUND;
	int err = contact_load(r, f);
	if (err)
		return err;
	/* Only a request on this reader's list: anything else is not theirs (404). */
	bool listed = false;
	for (size_t i = 0; i < f->n && !listed; i++)
		listed = f->gs[i].id == id;
	if (!listed)
		return KR_ENOTFOUND;
	f->failed_id = id;
	f->decision = req_form(r, "decision");
	f->reason = req_form(r, "reason");
	bool approve = f->decision && strcmp(f->decision, "approve") == 0;
	if (!approve && !(f->decision && strcmp(f->decision, "decline") == 0)) {
		form_problem(fp, "decision", _("Choose approve or decline."));
		return KR_OK;
	}
	const char *problem = NULL;
	err = hours_contact_decide(app_db(r), &r->app->keys, &r->arena, id, r->user_id,
				   org_contact(r, false), approve, f->reason, time_now(), &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, "reason", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/hours/approvals?done=1";
	return KR_OK;
}

static const struct form_page_ops contact_ops = { contact_save, contact_render };

int
page_hours_approvals(struct request *r)
{
	struct contact_form f = { 0 };
	int err = contact_load(r, &f);
	return err ? err : form_page_show(r, &contact_ops, &f);
}

int
page_hours_approvals_post(struct request *r)
{
	struct contact_form f = { 0 };
	return form_page_post(r, &contact_ops, &f);
}

/* ---- totals for the contact point and the ambassador ---- */

static const char *
translate(const char *msgid)
{
	return _(msgid);
}

int
page_hours_totals(struct request *r)
{
	struct db_conn *c = app_db(r);
	struct network *nws;
	size_t nn;
	int err = org_networks(c, &r->arena, &nws, &nn);
	if (err)
		return err;
	bool all = org_contact(r, false);
	const struct page pg = {
		.title = _("Hours per network"),
		.lead = _("The hours booked for each network per month, as totals only. A month "
			  "in which fewer than five people booked shows no hours, so that nobody "
			  "can be recognised."),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	size_t shown = 0;
	int64_t t = today();
	for (size_t i = 0; i < nn; i++) {
		const char *role = all ? NULL : hours_role_in(c, &r->arena, nws[i].id, r->user_id);
		if (!all &&
		    (!role || (strcmp(role, "contact") != 0 && strcmp(role, "ambassador") != 0)))
			continue;
		struct hours_month_total *m;
		size_t nm;
		if ((err = hours_network_months(c, &r->arena, nws[i].id, t, &m, &nm)))
			break;
		shown++;
		html_fmt(
		    o,
		    "<h2>%s</h2>\n<table>\n<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    nws[i].name, _("Month"), _("People who booked"), _("Hours"));
		for (size_t k = 0; k < nm; k++) {
			struct figure f;
			if ((err = figures_count(m[k].people, &f)))
				break;
			html_fmt(o, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				 arena_printf(&r->arena, "%04d-%02d", m[k].year, m[k].month),
				 figures_text(&f, translate, &r->arena),
				 f.display == FIGURE_EXACT ? hm(r, m[k].minutes)
							   : FIGURES_HIDDEN_TEXT);
		}
		html_lit(o, "</tbody>\n</table>\n");
	}
	if (!shown)
		html_fmt(o, "<p>%s</p>\n",
			 _("You are not the contact point or ambassador of a "
			   "network."));
	view_end(r);
	return err;
}

/* ---- the core team's load view ---- */

/* The roles of the team without a deputy (the core team's terms, src/app/coreteam): if their
 * holder stops or falls ill, nobody takes over. */
static int
load_section_deputies(struct request *r, const struct org *org, const struct network *nw)
{
	struct db_conn *c = app_db(r);
	struct coreteam_term *t;
	struct coreteam_role *roles;
	size_t nt, nr;
	int err = coreteam_roles_without_deputy(c, &r->arena, nw->id, &t, &nt);
	if (!err)
		err = coreteam_roles(c, &r->arena, nw->id, &roles, &nr);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Roles without a deputy"));
	if (!nt) {
		html_fmt(o, "<p>%s</p>\n", _("Every role has a deputy."));
		return KR_OK;
	}
	html_fmt(o, "<p>%s</p>\n<ul>\n",
		 _("If the person who holds one of these roles stops or falls ill, nobody takes "
		   "over. Can someone be their deputy?"));
	for (size_t i = 0; i < nt; i++) {
		const struct coreteam_role *role = NULL;
		for (size_t k = 0; !role && k < nr; k++)
			if (strcmp(roles[k].key, t[i].role_key) == 0)
				role = &roles[k];
		html_lit(o, "<li>");
		if (role && role->builtin)
			html_fmt(o, "%s", _(role->name));
		else
			html_fmt(o, "<span lang=\"%s\">%s</span>", org->content_lang,
				 role ? role->name : t[i].role_key);
		html_fmt(o, ": %s</li>\n",
			 t[i].holder_id ? t[i].holder_name : _("a former member"));
	}
	html_fmt(o, "</ul>\n<p><a href=\"/n/%s/team\">%s</a></p>\n", nw->slug,
		 _("Name a deputy on the team page"));
	return KR_OK;
}

int
page_hours_load(struct request *r)
{
	struct org org;
	struct network nw;
	int err = network_load(r, &org, &nw);
	if (err)
		return err;
	if (!org_is_core_team(app_db(r), nw.id, r->user_id))
		return KR_ENOTFOUND;
	struct hours_load_row *rows;
	size_t n;
	int64_t total;
	if ((err = hours_load(app_db(r), &r->arena, nw.id, today(), &rows, &n, &total)))
		return err;
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ nw.name, arena_printf(&r->arena, "/n/%s", nw.slug), org.content_lang },
		{ _("Load of the core team"), NULL, NULL },
	};
	const struct page pg = {
		.title = _("Load of the core team"),
		.lead = _("Each core-team member's share of the hours the team booked for this "
			  "network in the last eight weeks, and how many roles each one holds. "
			  "Only the core team sees this."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 _("Name"), _("Share of the hours"), _("Roles"));
	for (size_t i = 0; i < n; i++) {
		long long pct =
		    total ? (long long)((rows[i].minutes * 100 + total / 2) / total) : 0;
		html_fmt(o, "<tr><td>%s</td><td>%lld%%</td><td>%lld</td></tr>\n", rows[i].name, pct,
			 (long long)rows[i].roles);
	}
	html_lit(o, "</tbody>\n</table>\n");
	bool said = false;
	for (size_t i = 0; i < n; i++) {
		if (hours_load_heavy(rows[i].minutes, total)) {
			html_fmt(o, "<p class=\"load-note\">%s</p>\n",
				 with_text(&r->arena,
					   _("{name} carries more than half of the load. Can "
					     "others take over a task?"),
					   "{name}", rows[i].name));
			said = true;
		}
		if (rows[i].roles > HOURS_ROLES_WARN) {
			html_fmt(o, "<p class=\"load-note\">%s</p>\n",
				 with_text(&r->arena,
					   _("{name} holds more than two roles. Can someone take "
					     "one over?"),
					   "{name}", rows[i].name));
			said = true;
		}
	}
	if (!said)
		html_fmt(o, "<p>%s</p>\n",
			 _("The load is shared: nobody carries more than half "
			   "or holds more than two roles."));
	if ((err = load_section_deputies(r, &org, &nw)))
		return err;
	view_end(r);
	return KR_OK;
}

int
hours_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	(void)org;
	if (!org_is_core_team(app_db(r), nw->id, r->user_id))
		return KR_OK;
	html_fmt(&r->out, "<p><a href=\"/n/%s/load\">%s</a></p>\n", nw->slug,
		 _("Load of the core team"));
	return KR_OK;
}

/* ---- hooks ---- */

int
hours_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int64_t b = 0, g = 0, l = 0;
	int err = hours_retention_run(c, ctx->now, &b, &g, &l);
	if (!err) {
		retention_erased(ctx, "hours bookings", b);
		retention_erased(ctx, "hours agreements", g);
		retention_erased(ctx, "lapsed manager requests", l);
	}
	return err;
}

int
hours_my_data(struct my_data *md)
{
	struct hours_agreement *gs;
	struct hours_booking *bs;
	size_t ng, nb;
	int err = hours_agreements_of(md->c, md->k, md->a, md->account_id, &gs, &ng);
	if (!err)
		err = hours_bookings_of(md->c, md->a, md->account_id, INT64_MIN, 1000000, &bs, &nb);
	if (err)
		return err;
	if (md->json) {
		json_t *ja = json_array(), *jb = json_array();
		for (size_t i = 0; i < ng; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "network", json_string(gs[i].network_name));
			json_object_set_new(j, "basis", json_string(hours_basis_name(gs[i].basis)));
			json_object_set_new(j, "minutes", json_integer(gs[i].minutes));
			json_object_set_new(j, "from",
					    json_string(hours_day_text(md->a, gs[i].starts_on)));
			json_object_set_new(j, "until",
					    json_string(hours_day_text(md->a, gs[i].ends_on)));
			json_object_set_new(j, "approver",
					    json_string(gs[i].approver == APPROVER_MANAGER
							    ? "manager"
							    : "contact"));
			json_object_set_new(j, "state", json_string(hours_state_name(gs[i].state)));
			if (*gs[i].reason)
				json_object_set_new(j, "reason", json_string(gs[i].reason));
			json_array_append_new(ja, j);
		}
		for (size_t i = 0; i < nb; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "network", json_string(bs[i].network_name));
			json_object_set_new(j, "activity",
					    json_string(hours_activity_name(bs[i].activity)));
			if (*bs[i].event_title)
				json_object_set_new(j, "event", json_string(bs[i].event_title));
			json_object_set_new(j, "date",
					    json_string(hours_day_text(md->a, bs[i].day)));
			json_object_set_new(j, "minutes", json_integer(bs[i].minutes));
			json_object_set_new(j, "outside_working_hours",
					    json_boolean(bs[i].outside));
			json_array_append_new(jb, j);
		}
		json_object_set_new(md->json, "hours_agreements", ja);
		json_object_set_new(md->json, "hours_bookings", jb);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Hours agreements and bookings"));
	if (!ng && !nb)
		html_fmt(o, "<p>%s</p>\n", _("You have no hours agreement and booked no time."));
	if (ng) {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < ng; i++)
			html_fmt(o, "<li>%s: %lld %s, %s – %s (%s)</li>\n", gs[i].network_name,
				 (long long)(gs[i].minutes / 60), basis_label(gs[i].basis),
				 hours_day_text(md->a, gs[i].starts_on),
				 hours_day_text(md->a, gs[i].ends_on), state_label(gs[i].state));
		html_lit(o, "</ul>\n");
	}
	if (nb) {
		int64_t sum = 0;
		for (size_t i = 0; i < nb; i++)
			sum += bs[i].minutes;
		html_fmt(o, "<p>%s %zu, %s</p>\n", _("Bookings:"), nb,
			 hours_minutes_text(md->a, sum));
	}
	html_fmt(o, "<p><a href=\"/me/hours\">%s</a></p>\n", _("My hours"));
	return KR_OK;
}
