// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: a network's budget per year: the overview with its figures and the forms of the
 * treasurer and the contact point, a request's page (the contact point decides it), an
 * expense's page (approve, decline, receipt), the receipt as a download and the CSV export.
 * Only the network's treasurer, chair and contact point (and the organisation's contact point)
 * see any of it; for anyone else every page is 404 (docs/PRIVACY.md, "Budget"). */
#include "app/app.h"
#include "app/budget/budget.h"
#include "app/budget/pages.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/events/events.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <jansson.h>
#include <limits.h>
#include <time.h>

/* ---- shared pieces ---- */

struct budget_page {
	struct org org;
	struct network nw;
	int year;
	enum budget_role role;
	struct budget_year y;
	int64_t id; /* the request or expense of its page */
	/* The kept values of the form that was sent. */
	const char *source, *alloc_amount, *limit, *req_amount, *justification;
	const char *exp_amount, *date, *what, *event, *plan_event, *plan_amount;
	const char *decision, *amount, *reason;
	bool approve;
};

static int
page_load(struct request *r, struct budget_page *p, bool year_param)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = org_get(c, &r->arena, &p->org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	if ((err = org_network_by_slug(c, &r->arena, slug, &p->nw)))
		return err;
	if ((err = budget_role_of(c, p->nw.id, r->user_id, &p->role)))
		return err;
	if (p->role == BUDGET_NONE)
		return KR_ENOTFOUND;
	p->year = budget_year_of(time_now());
	if (year_param) {
		long y;
		if (str_to_long(r->params[1], BUDGET_YEAR_MIN, BUDGET_YEAR_MAX, &y))
			return KR_ENOTFOUND;
		p->year = (int)y;
	}
	if (r->params[2].p) {
		long id;
		if (str_to_long(r->params[2], 1, LONG_MAX, &id))
			return KR_ENOTFOUND;
		p->id = id;
	}
	return budget_year_get(c, &r->app->keys, &r->arena, p->nw.id, p->year, time_now(), &p->y);
}

static const char *
money(struct request *r, int64_t cents)
{
	return budget_cents_text(&r->arena, cents, r->lang);
}

/* An amount as a form shows it for typing: "250,00" in Dutch, "250.00" in English. */
static const char *
typed_amount(struct request *r, int64_t cents)
{
	char *s = arena_strdup(&r->arena, budget_cents_plain(&r->arena, cents));
	char *dot = strchr(s, '.');
	if (dot && strcmp(r->lang, "nl") == 0)
		*dot = ',';
	return s;
}

static const char *
day_text(struct request *r, int64_t t)
{
	char buf[32];
	time_utc_iso_at(t, buf, sizeof(buf));
	buf[10] = '\0';
	return arena_strdup(&r->arena, buf);
}

static const char *
year_path(struct request *r, const struct budget_page *p)
{
	return arena_printf(&r->arena, "/n/%s/budget/%d", p->nw.slug, p->year);
}

static const char *
request_state_label(enum budget_request_state s)
{
	switch (s) {
	case BREQ_APPROVED:
		return _("Approved");
	case BREQ_PARTLY:
		return _("Partly approved");
	case BREQ_DECLINED:
		return _("Declined");
	default:
		return _("Waiting for the contact point");
	}
}

static const char *
expense_state_label(enum budget_expense_state s)
{
	switch (s) {
	case BEXP_APPROVED:
		return _("Approved");
	case BEXP_DECLINED:
		return _("Declined");
	default:
		return _("Waiting for approval");
	}
}

static const char *
role_label(enum budget_role role)
{
	switch (role) {
	case BUDGET_CONTACT:
		return _("You see this as the contact point: you allocate, decide and close.");
	case BUDGET_TREASURER:
		return _("You see this as the treasurer: you ask for more, enter expenses and plan "
			 "the costs of events.");
	default:
		return _("You see this as the chair: you read along.");
	}
}

static const char *
event_title(const struct budget_year *y, int64_t id)
{
	for (size_t i = 0; id && i < y->nevents; i++)
		if (y->events[i].event_id == id)
			return y->events[i].title;
	return "";
}

static void
crumbs_page(struct request *r, const struct budget_page *p, const char *title, const char *lead,
	    bool errors, const char *notice, bool sub)
{
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ p->nw.name, arena_printf(&r->arena, "/n/%s", p->nw.slug), p->org.content_lang },
		{ arena_printf(&r->arena, "%s %d", _("Budget"), p->year), year_path(r, p), NULL },
		{ title, NULL, NULL },
	};
	const struct page pg = { .title = title,
				 .lead = lead,
				 .crumbs = crumbs,
				 .ncrumbs = sub ? 4 : 3,
				 .has_errors = errors,
				 .notice = notice };
	if (!sub) {
		/* The year's own page: its crumb is the last. */
		struct crumb c3[3] = { crumbs[0], crumbs[1], { title, NULL, NULL } };
		struct page pg3 = pg;
		pg3.crumbs = c3;
		view_begin(r, &pg3);
		return;
	}
	view_begin(r, &pg);
}

static const char *
done_notice(struct request *r)
{
	const char *d = req_query(r, "done");
	if (!d)
		return NULL;
	static const struct {
		const char *key, *msg;
	} notes[] = {
		{ "allocated", N_("The allocation is saved.") },
		{ "limit", N_("The approval limit is saved.") },
		{ "requested", N_("Your request is sent to the contact point.") },
		{ "expense", N_("The expense is saved.") },
		{ "planned", N_("The planned cost is saved.") },
		{ "closed", N_("The year is closed.") },
		{ "decided", N_("The decision is saved.") },
		{ "approved", N_("The expense is approved.") },
		{ "declined", N_("The expense is declined.") },
		{ "receipt", N_("The receipt is saved.") },
	};
	for (size_t i = 0; i < ARRAY_SIZE(notes); i++)
		if (strcmp(d, notes[i].key) == 0)
			return _(notes[i].msg);
	return NULL;
}

/* ---- the overview ---- */

static void
figure_row(struct request *r, const char *key, const char *label, int64_t cents)
{
	html_fmt(&r->out,
		 "<tr><th scope=\"row\">%s</th><td class=\"num\" data-figure=\"%s\">%s</td></tr>\n",
		 label, key, money(r, cents));
}

static void
figures(struct request *r, const struct budget_page *p)
{
	const struct budget_totals *t = &p->y.t;
	html_fmt(&r->out, "<h2>%s</h2>\n<table class=\"figures\">\n<caption>%s</caption>\n",
		 _("Figures"), arena_printf(&r->arena, "%s %d", _("The budget of"), p->year));
	figure_row(r, "allocated", _("Allocated"), t->allocated);
	figure_row(r, "requested", _("Asked for in requests"), t->requested);
	figure_row(r, "approved", _("Approved of requests"), t->approved);
	figure_row(r, "available", _("Available (allocated and approved)"), t->available);
	figure_row(r, "spent", _("Spent (approved expenses)"), t->spent);
	figure_row(r, "waiting", _("Expenses waiting for approval"), t->waiting);
	figure_row(r, "committed", _("Committed (planned for events to come)"), t->committed);
	figure_row(r, "left", _("Left"), t->left);
	html_lit(&r->out, "</table>\n");
	if (p->y.closed)
		html_fmt(&r->out, "<p><strong>%s</strong></p>\n",
			 _("This year is closed: nothing can be changed in it."));
}

static void
sources_table(struct request *r, const struct budget_page *p)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Allocated per source"));
	if (!p->y.nsources) {
		html_fmt(o, "<p>%s</p>\n", _("Nothing is allocated for this year yet."));
		return;
	}
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 _("Source"), _("Amount"));
	for (size_t i = 0; i < p->y.nsources; i++)
		html_fmt(o,
			 "<tr><td lang=\"%s\">%s</td><td class=\"num\" "
			 "data-source=\"%s\">%s</td></tr>\n",
			 p->org.content_lang, p->y.sources[i].source, p->y.sources[i].source,
			 money(r, p->y.sources[i].cents));
	html_lit(o, "</tbody>\n</table>\n");
}

static void
requests_table(struct request *r, const struct budget_page *p)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Requests for more"));
	if (!p->y.nrequests) {
		html_fmt(o, "<p>%s</p>\n", _("No requests this year."));
		return;
	}
	view_table_begin(r, _("Requests for more"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 _("Asked on"), _("Asked for"), _("Status"), _("Approved"));
	for (size_t i = 0; i < p->y.nrequests; i++) {
		const struct budget_request *q = &p->y.requests[i];
		html_fmt(o,
			 "<tr><td><a href=\"%s/requests/%lld\">%s</a></td><td class=\"num\">%s</td>"
			 "<td>%s</td><td class=\"num\">%s</td></tr>\n",
			 year_path(r, p), (long long)q->id, day_text(r, q->asked_at),
			 money(r, q->asked), request_state_label(q->state), money(r, q->granted));
	}
	html_lit(o, "</tbody>\n</table>\n</div>\n");
}

static void
expenses_table(struct request *r, const struct budget_page *p)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Expenses"));
	if (!p->y.nexpenses) {
		html_fmt(o, "<p>%s</p>\n", _("No expenses this year."));
		return;
	}
	view_table_begin(r, _("Expenses"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 _("Date"), _("What for"), _("Event"), _("Amount"), _("Status"), _("Receipt"));
	for (size_t i = 0; i < p->y.nexpenses; i++) {
		const struct budget_expense *e = &p->y.expenses[i];
		html_fmt(
		    o,
		    "<tr><td><a href=\"%s/expenses/%lld\">%s</a></td><td lang=\"%s\">%s</td>"
		    "<td lang=\"%s\">%s</td><td class=\"num\">%s</td><td>%s</td><td>%s</td></tr>\n",
		    year_path(r, p), (long long)e->id, e->date, p->org.content_lang, e->what,
		    p->org.content_lang, event_title(&p->y, e->event_id), money(r, e->cents),
		    expense_state_label(e->state), e->receipt ? _("yes") : _("no"));
	}
	html_lit(o, "</tbody>\n</table>\n</div>\n");
}

static void
events_table(struct request *r, const struct budget_page *p)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Per event"));
	if (!p->y.nevents) {
		html_fmt(o, "<p>%s</p>\n",
			 _("No event has a planned cost or an expense this year."));
		return;
	}
	view_table_begin(r, _("Per event"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead>\n<tbody>\n",
		 _("Event"), _("Planned"), _("Spent"), _("Waiting for approval"), _("Committed"));
	for (size_t i = 0; i < p->y.nevents; i++) {
		const struct budget_event_cost *ev = &p->y.events[i];
		html_fmt(o,
			 "<tr data-event=\"%lld\"><td lang=\"%s\">%s</td><td class=\"num\">%s</td>"
			 "<td class=\"num\">%s</td><td class=\"num\">%s</td><td "
			 "class=\"num\">%s</td></tr>\n",
			 (long long)ev->event_id, p->org.content_lang,
			 *ev->title ? ev->title : _("(event removed)"), money(r, ev->planned),
			 money(r, ev->spent), money(r, ev->waiting), money(r, ev->committed));
	}
	html_lit(o, "</tbody>\n</table>\n</div>\n");
}

static void
rules_text(struct request *r, const struct budget_page *p)
{
	html_fmt(
	    &r->out,
	    "<h2>%s</h2>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n"
	    "<li>%s %s</li>\n</ul>\n",
	    _("How the budget works"),
	    _("Left is what is available, minus what is spent, minus the expenses waiting for "
	      "approval, minus what is committed for events to come."),
	    _("An expense that does not fit in what is left is refused. Only the contact point "
	      "can enter and approve an expense beyond what is left."),
	    _("The contact point approves expenses. The treasurer approves an expense up to the "
	      "approval limit the contact point sets."),
	    _("A closed year cannot be changed. A year with requests or expenses waiting cannot "
	      "be closed."),
	    _("Receipts are kept for 7 years after the end of the year, as the tax rules ask, "
	      "and then erased."),
	    _("Approval limit of the treasurer:"), money(r, p->y.approval_limit));
}

/* Radio options for the network's events: for an expense, those of the year that ended in the
 * last 60 days or are still to come (an expense comes around its event); for planning, those
 * to come. At most EVENT_CHOICES, soonest first: a radio list stays short. */
#define EVENT_CHOICES 25
static int
event_options(struct request *r, const struct budget_page *p, bool to_come, bool with_none,
	      struct form_option **out, size_t *n)
{
	struct tm tm = { .tm_year = p->year - 1900, .tm_mon = 0, .tm_mday = 1 };
	int64_t start = (int64_t)timegm(&tm);
	tm.tm_year++;
	int64_t until = (int64_t)timegm(&tm);
	int64_t now = time_now(), from = to_come ? now : now - 60 * 86400;
	if (!to_come && from < start)
		from = start;
	struct event *evs = NULL;
	size_t nev = 0;
	int err = KR_OK;
	if (to_come || from < until)
		err = events_list(app_db(r), &r->arena, p->nw.id, from, true, true, EVENT_CHOICES,
				  &evs, &nev);
	if (err)
		return err;
	struct form_option *opts = arena_alloc(&r->arena, (nev + 1) * sizeof(*opts));
	size_t k = 0;
	if (with_none)
		opts[k++] = (struct form_option){ "", _("No event"), NULL, NULL };
	for (size_t i = 0; i < nev; i++) {
		if (!to_come && evs[i].starts_at >= until)
			continue;
		opts[k++] =
		    (struct form_option){ arena_printf(&r->arena, "%lld", (long long)evs[i].id),
					  evs[i].title, day_text(r, evs[i].starts_at),
					  p->org.content_lang };
	}
	*out = opts;
	*n = k;
	return KR_OK;
}

static int
overview_forms(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	struct strbuf *o = &r->out;
	if (p->y.closed)
		return KR_OK;
	const char *base = year_path(r, p);
	if (p->role == BUDGET_CONTACT) {
		html_fmt(o, "<h2>%s</h2>\n", _("Allocate money"));
		form_begin(o, arena_printf(&r->arena, "%s/allocate", base), r->csrf_token);
		form_input(
		    o, &(struct form_field){ .name = "source",
					     .label = _("Source"),
					     .hint = _("Where the money comes from, for example "
						       "Netwerkbudget or D&I-budget."),
					     .value = p->source,
					     .maxlength = BUDGET_SOURCE_MAX,
					     .required = true,
					     .error = form_problem_of(fp, "source") });
		form_input(o, &(struct form_field){ .name = "alloc_amount",
						    .label = _("Amount in euros"),
						    .hint = _("For example 1500 or 1500,00."),
						    .value = p->alloc_amount,
						    .required = true,
						    .error = form_problem_of(fp, "alloc_amount") });
		form_submit(o, _("Allocate"));
		form_end(o);
		html_fmt(o, "<h2>%s</h2>\n", _("Approval limit of the treasurer"));
		form_begin(o, arena_printf(&r->arena, "%s/limit", base), r->csrf_token);
		form_input(o,
			   &(struct form_field){
			       .name = "limit",
			       .label = _("The treasurer approves expenses up to (euros)"),
			       .hint = _("0 means that you approve every expense yourself."),
			       .value = p->limit ? p->limit : typed_amount(r, p->y.approval_limit),
			       .required = true,
			       .error = form_problem_of(fp, "limit") });
		form_submit(o, _("Save the limit"));
		form_end(o);
	}
	if (p->role == BUDGET_TREASURER) {
		html_fmt(o, "<h2>%s</h2>\n", _("Ask for more"));
		form_begin(o, arena_printf(&r->arena, "%s/request", base), r->csrf_token);
		form_input(o, &(struct form_field){ .name = "req_amount",
						    .label = _("Amount in euros"),
						    .value = p->req_amount,
						    .required = true,
						    .error = form_problem_of(fp, "req_amount") });
		form_input(o, &(struct form_field){
				  .name = "justification",
				  .label = _("Why the network needs it"),
				  .hint = _("The contact point reads this. You do not need to name "
					    "anyone's condition."),
				  .value = p->justification,
				  .multiline = true,
				  .required = true,
				  .maxlength = BUDGET_TEXT_MAX,
				  .error = form_problem_of(fp, "justification") });
		form_submit(o, _("Send the request"));
		form_end(o);
	}
	if (p->role == BUDGET_TREASURER || p->role == BUDGET_CONTACT) {
		struct form_option *opts;
		size_t nopts;
		int err = event_options(r, p, false, true, &opts, &nopts);
		if (err)
			return err;
		html_fmt(o, "<h2>%s</h2>\n", _("Enter an expense"));
		form_begin(o, arena_printf(&r->arena, "%s/expense", base), r->csrf_token);
		form_input(o, &(struct form_field){ .name = "exp_amount",
						    .label = _("Amount in euros"),
						    .value = p->exp_amount,
						    .required = true,
						    .error = form_problem_of(fp, "exp_amount") });
		form_input(o, &(struct form_field){ .name = "date",
						    .label = _("Date"),
						    .hint = _("As YYYY-MM-DD, in this year."),
						    .value = p->date,
						    .maxlength = 10,
						    .autocomplete =
							"off", /* text: a date field traps Tab */
						    .required = true,
						    .error = form_problem_of(fp, "date") });
		form_input(o,
			   &(struct form_field){
			       .name = "what",
			       .label = _("What it was for"),
			       .hint = _("For example: sign language interpreter for the meeting. "
					 "Do not name anyone's condition."),
			       .value = p->what,
			       .multiline = true,
			       .required = true,
			       .maxlength = BUDGET_TEXT_MAX,
			       .error = form_problem_of(fp, "what") });
		form_radios(
		    o, &(struct form_choice){ .name = "event",
					      .legend = _("The event it belongs to"),
					      .hint = _("This network's events of the last two "
							"months and those to come."),
					      .options = opts,
					      .noptions = nopts,
					      .error = form_problem_of(fp, "event"),
					      .selected = p->event ? p->event : "" });
		if (p->role == BUDGET_CONTACT)
			form_checkbox(o, "approve", _("Approve it now"),
				      _("Only you can approve an expense beyond what is left."),
				      p->approve);
		form_submit(o, _("Save the expense"));
		form_end(o);
		struct form_option *popts;
		size_t npopts;
		if ((err = event_options(r, p, true, false, &popts, &npopts)))
			return err;
		html_fmt(o, "<h2>%s</h2>\n", _("Plan the cost of an event"));
		if (!npopts) {
			html_fmt(o, "<p>%s</p>\n", _("This network has no events to come."));
		} else {
			form_begin(o, arena_printf(&r->arena, "%s/planned", base), r->csrf_token);
			form_radios(o,
				    &(struct form_choice){
					.name = "plan_event",
					.legend = _("Event"),
					.hint = _("What is planned counts as committed until the "
						  "event has ended."),
					.options = popts,
					.noptions = npopts,
					.error = form_problem_of(fp, "plan_event"),
					.selected = p->plan_event });
			form_input(
			    o, &(struct form_field){ .name = "plan_amount",
						     .label = _("Planned cost in euros"),
						     .value = p->plan_amount,
						     .required = true,
						     .error = form_problem_of(fp, "plan_amount") });
			form_submit(o, _("Save the planned cost"));
			form_end(o);
		}
	}
	if (p->role == BUDGET_CONTACT) {
		html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Close the year"),
			 _("After closing, nothing in this year can be changed."));
		if (form_problem_of(fp, "close"))
			html_fmt(o, "<p class=\"error-message\" id=\"f-close\">%s</p>\n",
				 form_problem_of(fp, "close"));
		form_begin(o, arena_printf(&r->arena, "%s/close", base), r->csrf_token);
		form_submit(o, arena_printf(&r->arena, "%s %d", _("Close the year"), p->year));
		form_end(o);
	}
	return KR_OK;
}

static int
overview_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	struct strbuf *o = &r->out;
	crumbs_page(r, p, arena_printf(&r->arena, "%s %d", _("Budget"), p->year),
		    role_label(p->role), form_page_failed(fp),
		    form_page_failed(fp) ? NULL : done_notice(r), false);
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o,
		 "<p><a href=\"/n/%s/budget/%d\">%s</a> · <a href=\"/n/%s/budget/%d\">%s</a> · "
		 "<a href=\"%s/csv\">%s</a></p>\n",
		 p->nw.slug, p->year - 1 < BUDGET_YEAR_MIN ? BUDGET_YEAR_MIN : p->year - 1,
		 _("Year before"), p->nw.slug,
		 p->year + 1 > BUDGET_YEAR_MAX ? BUDGET_YEAR_MAX : p->year + 1, _("Year after"),
		 year_path(r, p), _("Download the year as CSV"));
	figures(r, p);
	sources_table(r, p);
	requests_table(r, p);
	expenses_table(r, p);
	events_table(r, p);
	rules_text(r, p);
	int err = overview_forms(fp);
	if (err)
		return err;
	view_end(r);
	return KR_OK;
}

static int
overview_save_none(struct form_page *fp)
{
	(void)fp;
	return KR_OK;
}

int
page_budget(struct request *r)
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, false);
	if (err)
		return err;
	static const struct form_page_ops ops = { overview_save_none, overview_render };
	return form_page_show(r, &ops, &p);
}

int
page_budget_year(struct request *r)
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, true);
	if (err)
		return err;
	static const struct form_page_ops ops = { overview_save_none, overview_render };
	return form_page_show(r, &ops, &p);
}

static struct budget_actor
actor(struct request *r, const struct budget_page *p)
{
	return (struct budget_actor){ r->user_id, p->nw.id, p->year, time_now() };
}

/* After a change the year is read again, so the form shown with a problem has the figures as
 * they are. */
static int
reload(struct request *r, struct budget_page *p)
{
	return budget_year_get(app_db(r), &r->app->keys, &r->arena, p->nw.id, p->year, time_now(),
			       &p->y);
}

/* Reads an amount field; a problem is added to the form. */
static bool
amount_field(struct form_page *fp, const char *field, const char *value, bool allow_zero,
	     int64_t *cents)
{
	const char *problem;
	if (budget_parse_cents(value, allow_zero, cents, &problem)) {
		form_problem(fp, field, _(problem));
		return false;
	}
	return true;
}

/* The outcome of a service call for a form: a problem on field, or the redirect. */
static int
outcome(struct form_page *fp, int err, const char *problem, const char *field, const char *done)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	if (err == KR_EINVAL && problem) {
		form_problem(fp, field, _(problem));
		return reload(r, p);
	}
	if (err)
		return err;
	fp->done = done;
	return KR_OK;
}

static int
allocate_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	p->source = req_form(r, "source");
	p->alloc_amount = req_form(r, "alloc_amount");
	int64_t cents;
	if (p->role != BUDGET_CONTACT)
		return KR_EFORBIDDEN;
	if (!amount_field(fp, "alloc_amount", p->alloc_amount, false, &cents))
		return KR_OK;
	struct budget_actor who = actor(r, p);
	int64_t id;
	const char *problem = NULL;
	int err = budget_allocate(app_db(r), &who, p->source, cents, &id, &problem);
	return outcome(fp, err, problem,
		       problem == budget_problem_closed ? "alloc_amount" : "source",
		       arena_printf(&r->arena, "%s?done=allocated", year_path(r, p)));
}

static int
limit_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	p->limit = req_form(r, "limit");
	if (p->role != BUDGET_CONTACT)
		return KR_EFORBIDDEN;
	int64_t cents;
	if (!amount_field(fp, "limit", p->limit, true, &cents))
		return KR_OK;
	struct budget_actor who = actor(r, p);
	const char *problem = NULL;
	int err = budget_set_limit(app_db(r), &who, cents, &problem);
	return outcome(fp, err, problem, "limit",
		       arena_printf(&r->arena, "%s?done=limit", year_path(r, p)));
}

static int
request_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	p->req_amount = req_form(r, "req_amount");
	p->justification = req_form(r, "justification");
	if (p->role != BUDGET_TREASURER)
		return KR_EFORBIDDEN;
	int64_t cents;
	if (!amount_field(fp, "req_amount", p->req_amount, false, &cents))
		return KR_OK;
	struct budget_actor who = actor(r, p);
	int64_t id;
	const char *problem = NULL;
	int err = budget_request_add(app_db(r), &r->app->keys, &who, cents, p->justification, &id,
				     &problem);
	return outcome(fp, err, problem,
		       problem == budget_problem_closed ? "req_amount" : "justification",
		       arena_printf(&r->arena, "%s?done=requested", year_path(r, p)));
}

static int
expense_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	p->exp_amount = req_form(r, "exp_amount");
	p->date = req_form(r, "date");
	p->what = req_form(r, "what");
	p->event = req_form(r, "event");
	p->approve = req_form(r, "approve") != NULL;
	if (p->role != BUDGET_TREASURER && p->role != BUDGET_CONTACT)
		return KR_EFORBIDDEN;
	if (p->approve && p->role != BUDGET_CONTACT)
		return KR_EFORBIDDEN;
	int64_t cents;
	bool ok = amount_field(fp, "exp_amount", p->exp_amount, false, &cents);
	int64_t event_id = 0;
	if (p->event && *p->event) {
		long v;
		if (str_to_long(str_from(p->event), 1, LONG_MAX, &v)) {
			form_problem(fp, "event", _(budget_problem_event));
			ok = false;
		}
		event_id = v;
	}
	if (!ok)
		return KR_OK;
	struct budget_actor who = actor(r, p);
	int64_t id;
	const char *problem = NULL;
	int err = budget_expense_add(app_db(r), &r->app->keys, &who, cents, p->date, p->what,
				     event_id, p->approve, &id, &problem);
	const char *field = "what";
	if (problem == budget_problem_date || problem == budget_problem_date_year)
		field = "date";
	else if (problem == budget_problem_event)
		field = "event";
	else if (problem == budget_problem_over || problem == budget_problem_closed ||
		 problem == budget_problem_amount_zero)
		field = "exp_amount";
	return outcome(fp, err, problem, field,
		       arena_printf(&r->arena, "%s?done=expense", year_path(r, p)));
}

static int
planned_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	p->plan_event = req_form(r, "plan_event");
	p->plan_amount = req_form(r, "plan_amount");
	if (p->role != BUDGET_TREASURER && p->role != BUDGET_CONTACT)
		return KR_EFORBIDDEN;
	long ev = 0;
	bool ok = true;
	if (!p->plan_event || str_to_long(str_from(p->plan_event), 1, LONG_MAX, &ev)) {
		form_problem(fp, "plan_event", _(budget_problem_event_past));
		ok = false;
	}
	int64_t cents;
	ok = amount_field(fp, "plan_amount", p->plan_amount, false, &cents) && ok;
	if (!ok)
		return KR_OK;
	struct budget_actor who = actor(r, p);
	const char *problem = NULL;
	int err = budget_plan(app_db(r), &who, ev, cents, &problem);
	return outcome(fp, err, problem,
		       problem == budget_problem_event_past ? "plan_event" : "plan_amount",
		       arena_printf(&r->arena, "%s?done=planned", year_path(r, p)));
}

static int
close_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	if (p->role != BUDGET_CONTACT)
		return KR_EFORBIDDEN;
	struct budget_actor who = actor(r, p);
	const char *problem = NULL;
	int err = budget_close(app_db(r), &who, &problem);
	return outcome(fp, err, problem, "close",
		       arena_printf(&r->arena, "%s?done=closed", year_path(r, p)));
}

static int
overview_post(struct request *r, int (*save)(struct form_page *))
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, true);
	if (err)
		return err;
	const struct form_page_ops ops = { save, overview_render };
	return form_page_post(r, &ops, &p);
}

int
page_budget_allocate_post(struct request *r)
{
	return overview_post(r, allocate_save);
}

int
page_budget_limit_post(struct request *r)
{
	return overview_post(r, limit_save);
}

int
page_budget_request_post(struct request *r)
{
	return overview_post(r, request_save);
}

int
page_budget_expense_post(struct request *r)
{
	return overview_post(r, expense_save);
}

int
page_budget_planned_post(struct request *r)
{
	return overview_post(r, planned_save);
}

int
page_budget_close_post(struct request *r)
{
	return overview_post(r, close_save);
}

int
page_budget_csv(struct request *r)
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, true);
	if (err)
		return err;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	budget_csv(&sb, &r->arena, &p.y);
	resp_header(r, "Content-Disposition",
		    arena_printf(&r->arena, "attachment; filename=\"budget-%s-%d.csv\"", p.nw.slug,
				 p.year));
	err = view_bytes(r, "text/csv; charset=utf-8", sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return err;
}

/* ---- a request's page ---- */

static int
request_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	const struct budget_request *q = budget_find_request(&p->y, p->id);
	if (!q)
		return KR_ENOTFOUND;
	struct strbuf *o = &r->out;
	crumbs_page(r, p, _("Request for more"), NULL, form_page_failed(fp),
		    form_page_failed(fp) ? NULL : done_notice(r), true);
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o,
		 "<dl>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd data-figure=\"asked\">%s</dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd data-figure=\"granted\">%s</dd>\n</dl>\n"
		 "<h2>%s</h2>\n<p class=\"prewrap\" lang=\"%s\">%s</p>\n",
		 _("Asked on"), day_text(r, q->asked_at), _("Asked for"), money(r, q->asked),
		 _("Status"), request_state_label(q->state), _("Approved"), money(r, q->granted),
		 _("Why the network needs it"), p->org.content_lang, q->justification);
	if (*q->reason)
		html_fmt(o, "<h2>%s</h2>\n<p class=\"prewrap\" lang=\"%s\">%s</p>\n",
			 _("Reason of the decision"), p->org.content_lang, q->reason);
	if (q->state == BREQ_WAITING && p->role == BUDGET_CONTACT && !p->y.closed) {
		html_fmt(o, "<h2>%s</h2>\n", _("Decide"));
		form_begin(o,
			   arena_printf(&r->arena, "%s/requests/%lld/decide", year_path(r, p),
					(long long)q->id),
			   r->csrf_token);
		const struct form_option opts[] = {
			{ "approved", _("Approve"), _("The whole amount asked for."), NULL },
			{ "partly", _("Approve part of it"), _("Type the amount below."), NULL },
			{ "declined", _("Decline"), NULL, NULL },
		};
		form_radios(o, &(struct form_choice){ .name = "decision",
						      .legend = _("Your decision"),
						      .options = opts,
						      .noptions = ARRAY_SIZE(opts),
						      .error = form_problem_of(fp, "decision"),
						      .selected = p->decision });
		form_input(
		    o, &(struct form_field){ .name = "amount",
					     .label = _("Amount in euros, for a partial approval"),
					     .value = p->amount,
					     .error = form_problem_of(fp, "amount") });
		form_input(o, &(struct form_field){
				  .name = "reason",
				  .label = _("Reason"),
				  .hint = _("Needed when you approve part of it or decline."),
				  .value = p->reason,
				  .multiline = true,
				  .maxlength = BUDGET_TEXT_MAX,
				  .error = form_problem_of(fp, "reason") });
		form_submit(o, _("Save the decision"));
		form_end(o);
	}
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", year_path(r, p), _("Back to the budget"));
	view_end(r);
	return KR_OK;
}

static int
decide_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	p->decision = req_form(r, "decision");
	p->amount = req_form(r, "amount");
	p->reason = req_form(r, "reason");
	if (p->role != BUDGET_CONTACT)
		return KR_EFORBIDDEN;
	if (!budget_find_request(&p->y, p->id))
		return KR_ENOTFOUND;
	enum budget_request_state d;
	if (p->decision && strcmp(p->decision, "approved") == 0) {
		d = BREQ_APPROVED;
	} else if (p->decision && strcmp(p->decision, "partly") == 0) {
		d = BREQ_PARTLY;
	} else if (p->decision && strcmp(p->decision, "declined") == 0) {
		d = BREQ_DECLINED;
	} else {
		form_problem(fp, "decision", _("Choose your decision."));
		return KR_OK;
	}
	int64_t cents = 0;
	if (d == BREQ_PARTLY && !amount_field(fp, "amount", p->amount, false, &cents))
		return KR_OK;
	struct budget_actor who = actor(r, p);
	const char *problem = NULL;
	int err = budget_request_decide(app_db(r), &r->app->keys, &who, p->id, d, cents, p->reason,
					&problem);
	const char *field = problem == budget_problem_partly ? "amount"
			    : problem == budget_problem_decided || problem == budget_problem_closed
				? "decision"
				: "reason";
	return outcome(fp, err, problem, field,
		       arena_printf(&r->arena, "%s/requests/%lld?done=decided", year_path(r, p),
				    (long long)p->id));
}

int
page_budget_request(struct request *r)
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, true);
	if (err)
		return err;
	static const struct form_page_ops ops = { overview_save_none, request_render };
	return form_page_show(r, &ops, &p);
}

int
page_budget_decide_post(struct request *r)
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, true);
	if (err)
		return err;
	static const struct form_page_ops ops = { decide_save, request_render };
	return form_page_post(r, &ops, &p);
}

/* ---- an expense's page ---- */

static int
expense_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	const struct budget_expense *e = budget_find_expense(&p->y, p->id);
	if (!e)
		return KR_ENOTFOUND;
	struct strbuf *o = &r->out;
	const char *base =
	    arena_printf(&r->arena, "%s/expenses/%lld", year_path(r, p), (long long)e->id);
	crumbs_page(r, p, _("Expense"), NULL, form_page_failed(fp),
		    form_page_failed(fp) ? NULL : done_notice(r), true);
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o,
		 "<dl>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd data-figure=\"amount\">%s</dd>\n"
		 "<dt>%s</dt><dd lang=\"%s\">%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		 "<dt>%s</dt><dd class=\"prewrap\" lang=\"%s\">%s</dd>\n</dl>\n",
		 _("Date"), e->date, _("Amount"), money(r, e->cents), _("Event"),
		 p->org.content_lang, e->event_id ? event_title(&p->y, e->event_id) : _("none"),
		 _("Status"), expense_state_label(e->state), _("What it was for"),
		 p->org.content_lang, e->what);
	if (*e->reason)
		html_fmt(o, "<h2>%s</h2>\n<p class=\"prewrap\" lang=\"%s\">%s</p>\n",
			 _("Why it was declined"), p->org.content_lang, e->reason);
	html_fmt(o, "<h2>%s</h2>\n", _("Receipt"));
	if (e->receipt)
		html_fmt(o, "<p><a href=\"%s/receipt\" download>%s</a></p>\n", base,
			 arena_printf(&r->arena, "%s (%s)", _("Download the receipt"),
				      receipt_type_name(e->receipt)));
	else
		html_fmt(o, "<p>%s</p>\n", _("No receipt yet."));
	bool may_enter = p->role == BUDGET_TREASURER || p->role == BUDGET_CONTACT;
	if (may_enter) {
		form_begin_upload(o, arena_printf(&r->arena, "%s/receipt", base), r->csrf_token);
		form_input(o,
			   &(struct form_field){
			       .name = "receipt",
			       .label = e->receipt ? _("Replace the receipt") : _("Add a receipt"),
			       .hint = _("A PDF, JPEG or PNG file of at most 10 MB. Kring checks "
					 "what the file holds, not its name."),
			       .type = "file",
			       .accept = "application/pdf,image/jpeg,image/png",
			       .error = form_problem_of(fp, "receipt") });
		form_submit(o, _("Save the receipt"));
		form_end(o);
	}
	if (e->state == BEXP_WAITING && !p->y.closed) {
		bool may_approve = p->role == BUDGET_CONTACT ||
				   (p->role == BUDGET_TREASURER && e->cents <= p->y.approval_limit);
		if (may_approve) {
			html_fmt(o, "<h2>%s</h2>\n", _("Approve"));
			if (form_problem_of(fp, "approve"))
				html_fmt(o, "<p class=\"error-message\" id=\"f-approve\">%s</p>\n",
					 form_problem_of(fp, "approve"));
			form_begin(o, arena_printf(&r->arena, "%s/approve", base), r->csrf_token);
			form_submit(o, _("Approve the expense"));
			form_end(o);
		} else if (p->role == BUDGET_TREASURER) {
			html_fmt(o, "<p>%s</p>\n",
				 _("This expense is over your approval limit: the contact point "
				   "approves it."));
		}
		if (p->role == BUDGET_CONTACT) {
			html_fmt(o, "<h2>%s</h2>\n", _("Decline"));
			form_begin(o, arena_printf(&r->arena, "%s/decline", base), r->csrf_token);
			form_input(o,
				   &(struct form_field){ .name = "reason",
							 .label = _("Reason"),
							 .value = p->reason,
							 .multiline = true,
							 .required = true,
							 .maxlength = BUDGET_TEXT_MAX,
							 .error = form_problem_of(fp, "reason") });
			form_submit(o, _("Decline the expense"));
			form_end(o);
		}
	}
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", year_path(r, p), _("Back to the budget"));
	view_end(r);
	return KR_OK;
}

static int
expense_done(struct form_page *fp, int err, const char *problem, const char *field,
	     const char *done)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	return outcome(fp, err, problem, field,
		       arena_printf(&r->arena, "%s/expenses/%lld?done=%s", year_path(r, p),
				    (long long)p->id, done));
}

static int
approve_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	if (!budget_find_expense(&p->y, p->id))
		return KR_ENOTFOUND;
	struct budget_actor who = actor(r, p);
	const char *problem = NULL;
	int err = budget_expense_approve(app_db(r), &who, p->id, &problem);
	return expense_done(fp, err, problem, "approve", "approved");
}

static int
decline_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	p->reason = req_form(r, "reason");
	if (!budget_find_expense(&p->y, p->id))
		return KR_ENOTFOUND;
	struct budget_actor who = actor(r, p);
	const char *problem = NULL;
	int err =
	    budget_expense_decline(app_db(r), &r->app->keys, &who, p->id, p->reason, &problem);
	return expense_done(fp, err, problem,
			    problem == budget_problem_decided ? "approve" : "reason", "declined");
}

static int
receipt_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct budget_page *p = fp->values;
	if (!budget_find_expense(&p->y, p->id))
		return KR_ENOTFOUND;
	const struct upload *u = req_file(r, "receipt");
	struct budget_actor who = actor(r, p);
	const char *problem = NULL;
	int err = budget_receipt_put(app_db(r), &r->app->keys, &who, p->id, u ? u->data : NULL,
				     u ? u->len : 0, &problem);
	return expense_done(fp, err, problem, "receipt", "receipt");
}

static int
expense_page(struct request *r, int (*save)(struct form_page *), bool post)
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, true);
	if (err)
		return err;
	if (!budget_find_expense(&p.y, p.id))
		return KR_ENOTFOUND;
	const struct form_page_ops ops = { save, expense_render };
	return post ? form_page_post(r, &ops, &p) : form_page_show(r, &ops, &p);
}

int
page_budget_expense(struct request *r)
{
	return expense_page(r, overview_save_none, false);
}

int
page_budget_approve_post(struct request *r)
{
	return expense_page(r, approve_save, true);
}

int
page_budget_decline_post(struct request *r)
{
	return expense_page(r, decline_save, true);
}

int
page_budget_receipt_post(struct request *r)
{
	return expense_page(r, receipt_save, true);
}

int
page_budget_receipt(struct request *r)
{
	struct budget_page p = { 0 };
	int err = page_load(r, &p, true);
	if (err)
		return err;
	if (!budget_find_expense(&p.y, p.id))
		return KR_ENOTFOUND;
	enum receipt_type t;
	const unsigned char *data;
	size_t len;
	err =
	    budget_receipt_get(app_db(r), &r->app->keys, &r->arena, p.nw.id, p.id, &t, &data, &len);
	if (err)
		return err;
	static const char *const ext[] = { "bin", "pdf", "jpg", "png" };
	resp_header(r, "Content-Disposition",
		    arena_printf(&r->arena, "attachment; filename=\"receipt-%lld.%s\"",
				 (long long)p.id, ext[t]));
	resp_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	return view_bytes(r, receipt_content_type(t), data, len);
}

/* ---- hooks ---- */

/* On the network's page: a link to the budget, only for those who may see it. */
int
budget_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	(void)org;
	enum budget_role role;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = budget_role_of(c, nw->id, r->user_id, &role);
	if (err || role == BUDGET_NONE)
		return err;
	html_fmt(&r->out, "<h2>%s</h2>\n<p><a href=\"/n/%s/budget\">%s</a></p>\n", _("Budget"),
		 nw->slug, _("The network's budget of this year"));
	return KR_OK;
}

static const char *
network_name(struct my_data *md, struct network *nws, size_t n, int64_t id)
{
	(void)md;
	for (size_t i = 0; i < n; i++)
		if (nws[i].id == id)
			return nws[i].name;
	return "";
}

int
budget_my_data(struct my_data *md)
{
	struct budget_request *reqs;
	struct budget_expense *exps;
	size_t nr, ne;
	int err = budget_of_account(md->c, md->k, md->a, md->account_id, &reqs, &nr, &exps, &ne);
	if (err)
		return err;
	struct network *nws = NULL;
	size_t nnw = 0;
	if ((err = org_networks(md->c, md->a, &nws, &nnw)))
		return err;
	if (md->json) {
		json_t *jr = json_array(), *je = json_array();
		for (size_t i = 0; i < nr; i++) {
			json_t *o = json_object();
			json_object_set_new(
			    o, "network",
			    json_string(network_name(md, nws, nnw, reqs[i].network_id)));
			json_object_set_new(o, "year", json_integer(reqs[i].year));
			json_object_set_new(o, "asked_cents", json_integer(reqs[i].asked));
			json_object_set_new(o, "granted_cents", json_integer(reqs[i].granted));
			json_object_set_new(o, "state",
					    json_string(budget_request_state_name(reqs[i].state)));
			json_object_set_new(o, "justification", json_string(reqs[i].justification));
			json_object_set_new(o, "asked_at", json_integer(reqs[i].asked_at));
			json_array_append_new(jr, o);
		}
		for (size_t i = 0; i < ne; i++) {
			json_t *o = json_object();
			json_object_set_new(
			    o, "network",
			    json_string(network_name(md, nws, nnw, exps[i].network_id)));
			json_object_set_new(o, "date", json_string(exps[i].date));
			json_object_set_new(o, "cents", json_integer(exps[i].cents));
			json_object_set_new(o, "state",
					    json_string(budget_expense_state_name(exps[i].state)));
			json_object_set_new(o, "what", json_string(exps[i].what));
			json_array_append_new(je, o);
		}
		json_t *b = json_object();
		json_object_set_new(b, "requests", jr);
		json_object_set_new(b, "expenses", je);
		json_object_set_new(md->json, "budget", b);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Budget: what you asked for and entered"));
	if (!nr && !ne) {
		html_fmt(o, "<p>%s</p>\n", _("none"));
		return KR_OK;
	}
	html_lit(o, "<ul>\n");
	for (size_t i = 0; i < nr; i++)
		html_fmt(o, "<li>%s %s, %d: EUR %s (%s)</li>\n", _("Request of"),
			 network_name(md, nws, nnw, reqs[i].network_id), reqs[i].year,
			 budget_cents_plain(md->a, reqs[i].asked), reqs[i].justification);
	for (size_t i = 0; i < ne; i++)
		html_fmt(o, "<li>%s %s, %s: EUR %s (%s)</li>\n", _("Expense of"),
			 network_name(md, nws, nnw, exps[i].network_id), exps[i].date,
			 budget_cents_plain(md->a, exps[i].cents), exps[i].what);
	html_lit(o, "</ul>\n");
	return KR_OK;
}

int
budget_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int64_t n = 0;
	int err = budget_erase_old_receipts(c, ctx->now, &n);
	if (!err && n)
		retention_erased(ctx, "budget receipts", n);
	return err;
}
