// SPDX-License-Identifier: AGPL-3.0-or-later
/* needs_pages.c: the pages of access needs (events.h, "access needs"): the part of the
 * registration form, changing the needs of one's registration, one's own profile, the
 * organisers' checklist without names, and the administrator's setting of how long needs are
 * kept (docs/PRIVACY.md, "Access needs"; docs/ACCESS-NEEDS.md for the conflicts). */
#include "app/app.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/events/events.h"
#include "app/events/pages.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <limits.h>

/* ---- the form's part ---- */

static const char *
need_field(struct arena *a, int i)
{
	return arena_printf(a, "need_%s", access_needs_list[i].code);
}

void
needs_fieldset(struct request *r, const struct access_needs *n, bool keep, int64_t keep_days,
	       const char *error)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Access needs"));
	html_fmt(o, "<p>%s</p>\n",
		 _("Tell the organisers what you need to take part, so that they can arrange it. "
		   "You may leave it all empty."));
	html_fmt(o, "<p>%s</p>\n",
		 _("Who sees this: the organisers of this event see how many people need what, "
		   "never your name with it. In a small event they may still be able to tell who "
		   "needs what. Nobody else sees it."));
	html_fmt(o, "<p>%s %lld.</p>\n",
		 _("How many days after the event your needs for it are erased:"),
		 (long long)keep_days);
	html_fmt(o,
		 "<div class=\"field\">\n<fieldset class=\"fieldset\">\n"
		 "<legend class=\"legend\">%s</legend>\n",
		 _("What do you need?"));
	for (int i = 0; i < NEED_COUNT; i++)
		form_checkbox(o, need_field(&r->arena, i), _(access_needs_list[i].label), NULL,
			      n && (n->mask & (1u << i)));
	html_lit(o, "</fieldset>\n</div>\n");
	form_input(o, &(struct form_field){
			  .name = "need_other",
			  .label = _("Something else, in your own words"),
			  .hint = _("For example what you cannot eat, or what else would help. At "
				    "most 300 characters."),
			  .value = n ? n->other : "",
			  .maxlength = NEEDS_OTHER_MAX,
			  .multiline = true,
			  .error = error,
		      });
	form_checkbox(o, "keep_needs", _("Keep these for my next registration"),
		      _("They are kept sealed, for you alone, and offered again when you register "
			"for another event. You can change or delete them under \"My access "
			"needs\"."),
		      keep);
}

int
needs_from_form(struct request *r, struct access_needs *out, bool *keep)
{
	*out = (struct access_needs){ .mask = 0, .other = "" };
	for (int i = 0; i < NEED_COUNT; i++) {
		const char *v = req_form(r, need_field(&r->arena, i));
		if (!v)
			continue;
		if (strcmp(v, "1") != 0)
			return KR_EINVAL;
		out->mask |= 1u << i;
	}
	const char *k = req_form(r, "keep_needs");
	if (k && strcmp(k, "1") != 0)
		return KR_EINVAL;
	*keep = k != NULL;
	const char *other = req_form(r, "need_other");
	if (other) {
		struct str s = str_trim(str_from(other));
		while (s.len && (s.p[s.len - 1] == '\n' || s.p[s.len - 1] == '\r'))
			s.len--;
		out->other = arena_strndup(&r->arena, s.p ? s.p : "", s.len);
	}
	return KR_OK;
}

const char *
needs_labels(struct arena *a, const struct access_needs *n)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int i = 0; i < NEED_COUNT; i++)
		if (n->mask & (1u << i))
			strbuf_addf(&sb, "%s%s", sb.len ? "; " : "", _(access_needs_list[i].label));
	if (n->other && *n->other)
		strbuf_addf(&sb, "%s%s", sb.len ? "; " : "",
			    _("something else, in your own words"));
	const char *s = arena_strdup(a, sb.len ? sb.buf : "");
	strbuf_release(&sb);
	return s;
}

/* ---- the needs of one's registration (GET and POST /events/{id}/needs) ---- */

struct reg_needs_values {
	struct event e;
	struct registration reg;
	struct access_needs n;
	bool keep;
};

static int
reg_needs_load(struct request *r, struct reg_needs_values *v, bool *refused)
{
	*refused = false;
	bool organiser;
	int err = events_page_load(r, &v->e, &organiser);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	err = events_registration_of(c, &r->app->keys, &r->arena, v->e.id, r->user_id, &v->reg);
	if (err == KR_ENOTFOUND) {
		*refused = true;
		return events_page_refusal(r, &v->e, 409, _("You are not registered"),
					   _("You are not registered for this event, so there are "
					     "no needs to change. Nothing has changed."));
	}
	if (err)
		return err;
	if (v->e.ends_at <= time_now()) {
		*refused = true;
		return events_page_refusal(r, &v->e, 409, _("This event is over"),
					   _("The needs of an event that is over cannot be changed "
					     "any more. Nothing has changed."));
	}
	bool found;
	struct access_needs profile;
	if ((err = needs_of_registration(c, &r->app->keys, &r->arena, &v->reg, &v->n, &found)) ||
	    (err = needs_profile_get(c, &r->app->keys, &r->arena, r->user_id, &profile, &v->keep)))
		return err;
	return KR_OK;
}

static int
reg_needs_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct reg_needs_values *v = fp->values;
	int64_t days;
	int err = needs_keep_days(app_db(r), &days);
	if (err)
		return err;
	struct page pg = { .title = _("Your access needs"),
			   .lead = _("What you need to take part in this event."),
			   .has_errors = form_page_failed(fp) };
	events_page_begin(r, &pg, &v->e, pg.title);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, arena_printf(&r->arena, "/events/%lld/needs", (long long)v->e.id),
		   r->csrf_token);
	needs_fieldset(r, &v->n, v->keep, days, form_problem_of(fp, "need_other"));
	form_submit(o, _("Save my needs"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/events/%lld\">%s</a></p>\n", (long long)v->e.id,
		 _("Back to the event"));
	view_end(r);
	return KR_OK;
}

static int
reg_needs_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct reg_needs_values *v = fp->values;
	bool keep;
	int err = needs_from_form(r, &v->n, &keep);
	if (err)
		return err;
	v->keep = keep;
	const char *problem = needs_check(&v->n);
	if (problem) {
		form_problem(fp, "need_other", _(problem));
		return KR_OK;
	}
	struct db_conn *c = app_db(r);
	if ((err = db_begin(c)))
		return err;
	err = needs_set_for_registration(c, &r->app->keys, &r->arena, &v->reg, &v->n);
	if (!err && keep)
		err = needs_profile_set(c, &r->app->keys, &r->arena, r->user_id, &v->n);
	if ((err = db_end(c, err)))
		return err;
	fp->done = arena_printf(&r->arena, "/events/%lld?done=needs", (long long)v->e.id);
	return KR_OK;
}

static const struct form_page_ops reg_needs_ops = { reg_needs_save, reg_needs_render };

int
page_event_needs(struct request *r)
{
	struct reg_needs_values v = { 0 };
	bool refused;
	int err = reg_needs_load(r, &v, &refused);
	if (err || refused)
		return err;
	return form_page_show(r, &reg_needs_ops, &v);
}

int
page_event_needs_post(struct request *r)
{
	struct reg_needs_values v = { 0 };
	bool refused;
	int err = reg_needs_load(r, &v, &refused);
	if (err || refused)
		return err;
	return form_page_post(r, &reg_needs_ops, &v);
}

/* ---- one's own profile (GET and POST /events/needs) ---- */

struct profile_values {
	struct access_needs n;
	bool found;
};

static int
profile_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct profile_values *v = fp->values;
	const char *done = req_query(r, "done");
	struct crumb crumbs[] = { { _("Events"), "/events", NULL },
				  { _("My access needs"), NULL, NULL } };
	const struct page pg = {
		.title = _("My access needs"),
		.lead = _("What you need to take part in events, kept for you alone. When you "
			  "register, these are offered ticked; you choose each time what the "
			  "organisers get."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
		.notice = done && strcmp(done, "saved") == 0 ? _("Your access needs are kept.")
			  : done && strcmp(done, "deleted") == 0
			      ? _("Your access needs are deleted.")
			      : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o, "<p>%s</p>\n",
		 v->found ? _("You keep access needs for your next registrations.")
			  : _("You keep no access needs."));
	html_fmt(o, "<p>%s</p>\n",
		 _("They are sealed in the database like your memberships: nobody else can read "
		   "them, not even the administrator. The organisers of an event see only how many "
		   "people need what, and only when you register."));
	form_begin(o, "/events/needs", r->csrf_token);
	html_fmt(o,
		 "<div class=\"field\">\n<fieldset class=\"fieldset\">\n"
		 "<legend class=\"legend\">%s</legend>\n",
		 _("What do you need?"));
	for (int i = 0; i < NEED_COUNT; i++)
		form_checkbox(o, need_field(&r->arena, i), _(access_needs_list[i].label), NULL,
			      v->n.mask & (1u << i));
	html_lit(o, "</fieldset>\n</div>\n");
	form_input(o, &(struct form_field){
			  .name = "need_other",
			  .label = _("Something else, in your own words"),
			  .hint = _("At most 300 characters."),
			  .value = v->n.other,
			  .maxlength = NEEDS_OTHER_MAX,
			  .multiline = true,
			  .error = form_problem_of(fp, "need_other"),
		      });
	form_submit(o, _("Keep my access needs"));
	form_end(o);
	if (v->found) {
		html_fmt(o, "<h2>%s</h2>\n", _("Delete"));
		form_begin(o, "/events/needs", r->csrf_token);
		html_lit(o, "<input type=\"hidden\" name=\"delete\" value=\"1\">\n");
		form_submit(o, _("Delete my access needs"));
		form_end(o);
		html_fmt(o, "<p class=\"hint\">%s</p>\n",
			 _("The needs you gave with a registration stay with that registration "
			   "until the event is over; change them on the event's page."));
	}
	view_end(r);
	return KR_OK;
}

static int
profile_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct profile_values *v = fp->values;
	const char *del = req_form(r, "delete");
	if (del) {
		if (strcmp(del, "1") != 0)
			return KR_EINVAL;
		int err = needs_erase_account(app_db(r), &r->app->keys, r->user_id);
		if (!err)
			fp->done = "/events/needs?done=deleted";
		return err;
	}
	bool keep;
	int err = needs_from_form(r, &v->n, &keep);
	if (err || req_form(r, "keep_needs"))
		return err ? err : KR_EINVAL;
	const char *problem = needs_check(&v->n);
	if (problem) {
		form_problem(fp, "need_other", _(problem));
		return KR_OK;
	}
	if ((err = needs_profile_set(app_db(r), &r->app->keys, &r->arena, r->user_id, &v->n)))
		return err;
	fp->done = needs_any(&v->n) ? "/events/needs?done=saved" : "/events/needs?done=deleted";
	return KR_OK;
}

static const struct form_page_ops profile_ops = { profile_save, profile_render };

static int
profile_load(struct request *r, struct profile_values *v)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	return needs_profile_get(c, &r->app->keys, &r->arena, r->user_id, &v->n, &v->found);
}

int
page_events_needs(struct request *r)
{
	struct profile_values v = { 0 };
	int err = profile_load(r, &v);
	return err ? err : form_page_show(r, &profile_ops, &v);
}

int
page_events_needs_post(struct request *r)
{
	struct profile_values v = { 0 };
	int err = profile_load(r, &v);
	return err ? err : form_page_post(r, &profile_ops, &v);
}

/* ---- the organisers' checklist (GET and POST /events/{id}/arrangements) ---- */

/* The room's fact that serves a need, or NULL when no fact does. */
static const bool *
room_serves(const struct room *rm, int need)
{
	switch (need) {
	case NEED_STEP_FREE:
		return &rm->step_free;
	case NEED_TOILET:
		return &rm->accessible_toilet;
	case NEED_LOOP:
		return &rm->hearing_loop;
	case NEED_QUIET:
		return &rm->quiet_room;
	default:
		return NULL;
	}
}

/* Whether a need is arranged, with the button that turns it round: one small form, on one line
 * in the table's cell. */
static void
mark_form(struct request *r, const struct event *e, const char *code, bool done, const char *what)
{
	html_fmt(
	    &r->out,
	    "<form class=\"inline-form\" method=\"post\" action=\"/events/%lld/arrangements\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<input type=\"hidden\" name=\"need\" value=\"%s\">\n"
	    "<input type=\"hidden\" name=\"done\" value=\"%s\">\n<span>%s</span>\n"
	    "<button type=\"submit\" class=\"button button-small button-secondary\">%s"
	    "<span class=\"visually-hidden\">: %s</span></button>\n</form>\n",
	    (long long)e->id, r->csrf_token, code, done ? "0" : "1", done ? _("Done") : _("To do"),
	    done ? _("Mark as to do") : _("Mark as done"), what);
}

static int
organiser_event(struct request *r, struct event *e)
{
	bool organiser;
	int err = events_page_load(r, e, &organiser);
	if (!err && !organiser)
		return KR_EFORBIDDEN;
	return err;
}

int
page_event_arrangements(struct request *r)
{
	struct event e;
	int err = organiser_event(r, &e);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	struct needs_summary s;
	struct org org;
	if ((err = needs_summary(c, &r->app->keys, &r->arena, e.id, &s)) ||
	    (err = org_get(c, &r->arena, &org)))
		return err;
	const char *done = req_query(r, "done");
	struct page pg = {
		.title = _("Arrangements for access needs"),
		.lead = _("What the people registered need, counted without names."),
		.notice =
		    done && strcmp(done, "marked") == 0 ? _("The arrangement is marked.") : NULL,
	};
	events_page_begin(r, &pg, &e, pg.title);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s %lld.</p>\n", _("Confirmed registrations that gave access needs:"),
		 (long long)s.with_needs);
	if (s.waiting_with_needs)
		html_fmt(o, "<p>%s %lld.</p>\n",
			 _("On the waiting list, registrations that gave access needs (they count "
			   "here once they get a place):"),
			 (long long)s.waiting_with_needs);
	html_fmt(o, "<p>%s</p>\n",
		 _("In a small event you may be able to tell who needs what. Keep it among the "
		   "organisers, and use it only to arrange the event."));
	if (!s.with_needs) {
		html_fmt(o, "<p>%s</p>\n", _("Nobody with a place has given access needs yet."));
		view_end(r);
		return KR_OK;
	}
	view_table_begin(r, _("Needs, counted"));
	html_fmt(o,
		 "<table class=\"table\">\n<caption>%s</caption>\n<thead><tr><th "
		 "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 _("Needs, counted"), _("Need"), _("On site"), _("Online"), _("Arranged"));
	for (int i = 0; i < NEED_COUNT; i++) {
		if (!s.site[i] && !s.online[i])
			continue;
		const char *label = _(access_needs_list[i].label);
		html_fmt(o, "<tr><th scope=\"row\">%s</th><td>%lld</td><td>%lld</td><td>", label,
			 (long long)s.site[i], (long long)s.online[i]);
		mark_form(r, &e, access_needs_list[i].code, s.done[i], label);
		html_lit(o, "</td></tr>\n");
	}
	html_lit(o, "</tbody>\n</table>\n</div>\n");

	/* What the room lacks, for those on site. */
	struct room room;
	if (e.room_id && events_room_get(c, &r->arena, e.room_id, &room) == KR_OK) {
		bool any = false;
		for (int i = 0; i < NEED_COUNT; i++) {
			const bool *has = room_serves(&room, i);
			if (!has || *has || !s.site[i])
				continue;
			if (!any)
				html_fmt(o, "<h2>%s</h2>\n<ul>\n", _("What the room lacks"));
			any = true;
			html_fmt(o, "<li>%s: %lld %s. <span lang=\"%s\">%s</span> %s</li>\n",
				 _(access_needs_list[i].label), (long long)s.site[i], _("on site"),
				 org.content_lang, room.name, _("does not have it."));
		}
		if (any)
			html_lit(o, "</ul>\n");
	}

	/* Needs that pull against each other. */
	bool any = false;
	for (size_t i = 0; i < needs_nconflicts; i++) {
		const struct needs_conflict *nc = &needs_conflicts[i];
		if (!(s.site[nc->a] + s.online[nc->a]) || !(s.site[nc->b] + s.online[nc->b]))
			continue;
		if (!any)
			html_fmt(o, "<h2>%s</h2>\n<dl class=\"facts\">\n",
				 _("Needs that pull against each other"));
		any = true;
		html_fmt(o, "<dt>%s %s %s</dt><dd>%s</dd>\n", _(access_needs_list[nc->a].label),
			 _("and"), _(access_needs_list[nc->b].label), _(nc->advice));
	}
	if (any)
		html_lit(o, "</dl>\n");

	if (s.nothers) {
		html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n<ul lang=\"%s\">\n", _("In their own words"),
			 _("In random order, without names or dates."), org.content_lang);
		for (size_t i = 0; i < s.nothers; i++)
			html_fmt(o, "<li>%s</li>\n", s.others[i]);
		html_lit(o, "</ul>\n");
		html_lit(o, "<div class=\"field\">\n");
		mark_form(r, &e, NEEDS_OTHER_CODE, s.other_done, _("In their own words"));
		html_lit(o, "</div>\n");
	}
	html_fmt(o, "<p><a href=\"/events/%lld\">%s</a></p>\n", (long long)e.id,
		 _("Back to the event"));
	view_end(r);
	return KR_OK;
}

int
page_event_arrangements_post(struct request *r)
{
	struct event e;
	int err = organiser_event(r, &e);
	if (err)
		return err;
	const char *need = req_form(r, "need");
	const char *done = req_form(r, "done");
	if (!need || !done || (strcmp(done, "0") != 0 && strcmp(done, "1") != 0))
		return KR_EINVAL;
	if ((err = needs_mark(app_db(r), e.id, need, done[0] == '1')))
		return err;
	resp_redirect(
	    r, arena_printf(&r->arena, "/events/%lld/arrangements?done=marked", (long long)e.id));
	return KR_OK;
}

/* ---- how long needs are kept (the administrator, on the rooms page) ---- */

int
needs_admin_section(struct request *r, const char *error, const char *typed)
{
	int64_t days;
	int err = needs_keep_days(app_db(r), &days);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("What participants need"),
		 _("What people need to take part in an event is shared with its organisers as "
		   "counts, and erased a number of days after the event. The registrations "
		   "themselves are erased after 30 days."));
	form_begin(o, "/admin/rooms/needs", r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "needs_days",
			  .label = _("Days after the event"),
			  .hint = _("From 0 (the day after) to 30."),
			  .type = "number",
			  .min = 0,
			  .max = NEEDS_KEEP_DAYS_MAX,
			  .value = typed ? typed : arena_printf(&r->arena, "%lld", (long long)days),
			  .error = error,
		      });
	form_submit(o, _("Save"));
	form_end(o);
	return KR_OK;
}

int
page_admin_needs_post(struct request *r)
{
	const char *v = req_form(r, "needs_days");
	long days;
	if (!v || str_to_long(str_trim(str_from(v)), 0, NEEDS_KEEP_DAYS_MAX, &days))
		return events_rooms_again(r, _("Enter a number of days from 0 to 30."), v ? v : "");
	int err = needs_keep_days_set(app_db(r), days);
	if (err)
		return err;
	resp_redirect(r, "/admin/rooms?done=needs");
	return KR_OK;
}
