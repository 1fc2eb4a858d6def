// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: a network's consultation hours, publishing them (the core team and the coordinators
 * of its subgroups), booking, moving and cancelling a talk (two steps each), "my
 * appointments", the host's page of a talk with its calendar file and referral note, and the
 * figures. Only the host of a slot sees who booked it; the rest of the core team sees "booked"
 * or "free" (docs/PRIVACY.md, "Consultation hour"). */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/consult/consult.h"
#include "app/consult/pages.h"
#include "app/events/events.h"
#include "app/figures/figures.h"
#include "app/org/org.h"
#include "app/questions/questions.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <jansson.h>
#include <limits.h>

#define SLOTS_SHOWN 60 /* slots on a network's page: a year of weekly hours fits */

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
id_param(struct request *r, size_t i)
{
	long id;
	if (!r->params[i].p || str_to_long(r->params[i], 1, LONG_MAX, &id))
		return 0;
	return id;
}

static const char *
talk_when(struct request *r, const struct consult_talk *t)
{
	struct local_time s, e;
	events_utc_to_local(t->starts_at, &s);
	events_utc_to_local(t->ends_at, &e);
	return arena_printf(&r->arena, "%04d-%02d-%02d %02d:%02d–%02d:%02d", s.year, s.month, s.day,
			    s.hour, s.minute, e.hour, e.minute);
}

static const char *
slot_when(struct request *r, const struct consult_slot *sl)
{
	struct consult_talk t = { .starts_at = sl->starts_at, .ends_at = sl->ends_at };
	return talk_when(r, &t);
}

static const char *
slot_where(const struct consult_slot *s)
{
	return s->online ? _("Online") : s->where;
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
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	return org_network_by_slug(c, &r->arena, slug, nw);
}

/* The talk of the path with its slot and network. */
struct talk_ctx {
	struct consult_talk t;
	struct consult_slot s;
	struct network nw;
	bool host, mine;
};

static int
talk_load(struct request *r, struct talk_ctx *x)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = consult_talk_get(c, id_param(r, 0), &x->t);
	if (!err)
		err = consult_slot_get(c, &r->arena, x->t.slot_id, &x->s);
	struct network *nws;
	size_t n;
	if (!err)
		err = org_networks(c, &r->arena, &nws, &n);
	if (err)
		return err;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (nws[i].id == x->s.network_id) {
			x->nw = nws[i];
			found = true;
		}
	if (!found)
		return KR_ENOTFOUND;
	x->host = x->s.host_id == r->user_id;
	x->mine = x->t.booked && consult_is_booker(c, &r->app->keys, x->t.id, r->user_id);
	return KR_OK;
}

static void
crumbs_begin(struct request *r, struct page *pg, const struct network *nw, const char *last)
{
	struct crumb crumbs[3];
	size_t n = 0;
	if (nw) {
		crumbs[n++] =
		    (struct crumb){ nw->name, arena_printf(&r->arena, "/n/%s", nw->slug), NULL };
		crumbs[n++] =
		    (struct crumb){ _("Consultation hour"),
				    arena_printf(&r->arena, "/n/%s/consult", nw->slug), NULL };
	} else {
		crumbs[n++] = (struct crumb){ _("My appointments"), "/consult", NULL };
	}
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

static int
refusal(struct request *r, enum consult_refusal why, const char *back)
{
	switch (why) {
	case CREFUSE_BOOKED:
		return refusal_page(r, 409, _("This talk is taken"),
				    _("Someone else has booked this talk. Choose another free "
				      "talk. Nothing has changed."),
				    back);
	case CREFUSE_PAST:
		return refusal_page(r, 409, _("This talk has begun"),
				    _("A talk that has begun or is over cannot be booked, moved "
				      "or changed. Nothing has changed."),
				    back);
	case CREFUSE_TWICE:
		return refusal_page(r, 409, _("You have a talk in this hour"),
				    _("You have booked a talk in this consultation hour already. "
				      "Move that one if another time suits you better. Nothing has "
				      "changed."),
				    back);
	case CREFUSE_HOST:
		return refusal_page(r, 409, _("You are the host"),
				    _("You host this consultation hour, so you cannot book a talk "
				      "in it. Nothing has changed."),
				    back);
	default:
		return refusal_page(r, 400, _("The note is too long"),
				    _("A note has at most 500 characters, on one line. Nothing "
				      "has changed."),
				    back);
	}
}

/* ---- a network's consultation hours ---- */

int
consult_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	(void)org;
	html_fmt(&r->out, "<h2>%s</h2>\n<p>%s</p>\n<p><a href=\"/n/%s/consult\">%s</a></p>\n",
		 _("Consultation hour"),
		 _("Book a talk with someone of the core team or a subgroup's coordinator. You do "
		   "not need to give a reason, "
		   "and only the host of the talk sees who booked it."),
		 nw->slug, _("See the consultation hours"));
	return KR_OK;
}

int
page_consult_network(struct request *r)
{
	struct org org;
	struct network nw;
	int err = network_load(r, &org, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	bool team = org_is_core_team(c, nw.id, r->user_id);
	bool publishes = team || consult_may_publish(c, nw.id, r->user_id);
	int64_t now = time_now();
	struct consult_slot *slots;
	size_t n;
	if ((err = consult_slots(c, &r->arena, nw.id, now, SLOTS_SHOWN, &slots, &n)))
		return err;
	const char *done = req_query(r, "done");
	struct page pg = {
		.title = _("Consultation hour"),
		.lead = _("Book a talk with someone of the network's core team or a coordinator of "
			  "one of its subgroups, on site or online. You need not give a reason. "
			  "Only the host of the talk sees who booked it; your calendar shows only "
			  "\"Appointment\"."),
		.notice = done && strcmp(done, "published") == 0 ? _("The consultation hours have "
								     "been published.")
			  : done && strcmp(done, "booked") == 0	 ? _("Your talk is booked.")
								 : NULL,
	};
	struct crumb crumbs[] = {
		{ nw.name, arena_printf(&r->arena, "/n/%s", nw.slug), org.content_lang },
		{ _("Consultation hour"), NULL, NULL },
	};
	pg.crumbs = crumbs;
	pg.ncrumbs = ARRAY_SIZE(crumbs);
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (team)
		html_fmt(o,
			 "<p><a class=\"button\" href=\"/n/%s/consult/new\">%s</a> <a "
			 "href=\"/n/%s/consult/figures\">%s</a></p>\n",
			 nw.slug, _("Publish consultation hours"), nw.slug, _("Figures"));
	else if (publishes)
		html_fmt(o, "<p><a class=\"button\" href=\"/n/%s/consult/new\">%s</a></p>\n",
			 nw.slug, _("Publish consultation hours"));
	html_fmt(o, "<p><a href=\"/consult\">%s</a></p>\n", _("My appointments"));
	if (!n)
		html_fmt(o, "<p>%s</p>\n", _("There are no consultation hours planned."));
	for (size_t i = 0; i < n; i++) {
		const struct consult_slot *s = &slots[i];
		struct consult_talk *talks;
		size_t nt;
		if ((err = consult_talks(c, &r->arena, s->id, &talks, &nt)))
			return err;
		bool host = s->host_id == r->user_id;
		html_fmt(o, "<section class=\"slot\">\n<h2>%s (%s)</h2>\n<p>%s · %s %s</p>\n",
			 slot_when(r, s), _("Amsterdam time"), slot_where(s), _("Host:"),
			 *s->host_name ? s->host_name : _("nobody any more"));
		html_lit(o, "<ul>\n");
		for (size_t k = 0; k < nt; k++) {
			const struct consult_talk *t = &talks[k];
			const char *when = talk_when(r, t);
			bool past = t->starts_at <= now;
			if (t->booked && host) {
				struct consult_booking b;
				struct account who;
				if ((err = consult_booking_of_talk(c, &r->app->keys, &r->arena,
								   t->id, &b)))
					return err;
				err = auth_account_by_id(c, &r->arena, b.account_id, &who);
				if (err && err != KR_ENOTFOUND)
					return err;
				html_fmt(o,
					 "<li>%s: <a href=\"/consult/talks/%lld\">%s %s</a></li>\n",
					 when, (long long)t->id, _("booked by"),
					 err ? _("an erased account") : who.name);
			} else if (t->booked &&
				   consult_is_booker(c, &r->app->keys, t->id, r->user_id)) {
				html_fmt(o, "<li>%s: <a href=\"/consult\">%s</a></li>\n", when,
					 _("your appointment"));
			} else if (t->booked) {
				html_fmt(o, "<li>%s: %s</li>\n", when, _("booked"));
			} else if (past || team || host) {
				html_fmt(o, "<li>%s: %s</li>\n", when, _("free"));
			} else {
				html_fmt(o,
					 "<li>%s: %s <a href=\"/consult/talks/%lld/book\">%s<span "
					 "class=\"visually-hidden\"> %s</span></a></li>\n",
					 when, _("free"), (long long)t->id, _("Book"), when);
			}
		}
		html_lit(o, "</ul>\n</section>\n");
	}
	view_end(r);
	return KR_OK;
}

/* ---- publishing ---- */

struct publish_values {
	struct org org;
	struct network nw;
	const char *date, *start, *end, *talk, *repeat, *count, *how, *room, *place, *url;
	struct room *rooms;
	size_t nrooms;
};

static int
publish_render(struct form_page *fp)
{
	struct publish_values *v = fp->values;
	struct request *r = fp->r;
	struct page pg = { .title = _("Publish consultation hours"),
			   .lead =
			       _("An hour on site or online, cut into talks of the same length. "
				 "You are the host: only you will see who books a talk."),
			   .has_errors = fp->nproblems > 0 };
	crumbs_begin(r, &pg, &v->nw, pg.title);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, arena_printf(&r->arena, "/n/%s/consult/new", v->nw.slug), r->csrf_token);
	form_input(o,
		   &(struct form_field){ .name = "date",
					 .label = _("Date of the first one"),
					 .hint = _("Like 2027-03-04."),
					 .maxlength = 10,
					 .autocomplete = "off", /* text: a date field traps Tab */
					 .value = v->date,
					 .error = form_problem_of(fp, "date"),
					 .required = true });
	form_input(o, &(struct form_field){ .name = "start",
					    .label = _("Start (Amsterdam time)"),
					    .type = "time",
					    .value = v->start,
					    .error = form_problem_of(fp, "start"),
					    .required = true });
	form_input(o, &(struct form_field){ .name = "end",
					    .label = _("End (Amsterdam time)"),
					    .type = "time",
					    .value = v->end,
					    .error = form_problem_of(fp, "end"),
					    .required = true });
	form_input(o, &(struct form_field){ .name = "talk",
					    .label = _("Length of one talk, in minutes"),
					    .type = "number",
					    .min = CONSULT_TALK_MIN,
					    .max = CONSULT_TALK_MAX,
					    .value = v->talk,
					    .error = form_problem_of(fp, "talk"),
					    .required = true });
	const struct form_option repeats[] = {
		{ "once", _("Once"), NULL, NULL },
		{ "weekly", _("Every week on the same day"), NULL, NULL },
		{ "monthly", _("Every month on the first of that weekday"),
		  _("For example every first Thursday of the month."), NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "repeat",
					      .legend = _("Repeat"),
					      .options = repeats,
					      .noptions = ARRAY_SIZE(repeats),
					      .selected = v->repeat,
					      .error = form_problem_of(fp, "repeat") });
	form_input(
	    o, &(struct form_field){ .name = "count",
				     .label = _("How many times in all"),
				     .hint = _("From 1 to 52. Kring makes every one of them now."),
				     .type = "number",
				     .min = 1,
				     .max = CONSULT_REPEAT_MAX,
				     .value = v->count,
				     .error = form_problem_of(fp, "count") });
	const struct form_option hows[] = {
		{ "site", _("On site"), NULL, NULL },
		{ "online", _("Online"), NULL, NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "how",
					      .legend = _("Where"),
					      .options = hows,
					      .noptions = ARRAY_SIZE(hows),
					      .selected = v->how });
	struct form_option *rooms = ARENA_ARRAY(&r->arena, struct form_option, v->nrooms + 1);
	rooms[0] = (struct form_option){ "0", _("No room: say where below"), NULL, NULL };
	for (size_t i = 0; i < v->nrooms; i++)
		rooms[i + 1] = (struct form_option){
			arena_printf(&r->arena, "%lld", (long long)v->rooms[i].id),
			arena_printf(&r->arena, "%s, %s", v->rooms[i].name, v->rooms[i].site_name),
			NULL, NULL
		};
	form_radios(o, &(struct form_choice){ .name = "room",
					      .legend = _("Room, on site"),
					      .options = rooms,
					      .noptions = v->nrooms + 1,
					      .selected = v->room,
					      .error = form_problem_of(fp, "room") });
	form_input(o, &(struct form_field){
			  .name = "place",
			  .label = _("Or where, on site"),
			  .hint = _("Without a room: for example \"Desk 3, second floor\"."),
			  .value = v->place,
			  .maxlength = CONSULT_WHERE_MAX,
			  .error = form_problem_of(fp, "place") });
	form_input(o, &(struct form_field){ .name = "meeting_url",
					    .label = _("Meeting link, online"),
					    .type = "url",
					    .value = v->url,
					    .maxlength = CONSULT_URL_MAX,
					    .error = form_problem_of(fp, "meeting_url") });
	form_submit(o, _("Publish"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
whole(const char *s, int lo, int hi)
{
	long v;
	if (!*s || str_to_long(str_from(s), lo, hi, &v))
		return -1;
	return (int)v;
}

static int
publish_save(struct form_page *fp)
{
	struct publish_values *v = fp->values;
	struct request *r = fp->r;
	v->date = field(r, "date");
	v->start = field(r, "start");
	v->end = field(r, "end");
	v->talk = field(r, "talk");
	v->repeat = field(r, "repeat");
	v->count = field(r, "count");
	v->how = field(r, "how");
	v->room = field(r, "room");
	v->place = field(r, "place");
	v->url = field(r, "meeting_url");
	struct consult_plan p = { 0 };
	struct local_time s = { 0 }, e = { 0 };
	if (!events_parse_local(v->date, "00:00", &s)) {
		form_problem(fp, "date", _("Enter a date that exists, like 2027-03-04."));
	} else {
		p.year = s.year;
		p.month = s.month;
		p.day = s.day;
	}
	if (!events_parse_local("2030-01-01", v->start, &s))
		form_problem(fp, "start", _("Enter the start as a time, like 12:00."));
	else if (!events_parse_local("2030-01-01", v->end, &e))
		form_problem(fp, "end", _("Enter an end later on the same day, like 13:00."));
	if (form_page_failed(fp))
		return KR_OK;
	p.start_hour = s.hour;
	p.start_minute = s.minute;
	p.end_hour = e.hour;
	p.end_minute = e.minute;
	p.talk_minutes = whole(v->talk, 0, 100000);
	if (strcmp(v->repeat, "once") == 0)
		p.repeat = REPEAT_ONCE;
	else if (strcmp(v->repeat, "weekly") == 0)
		p.repeat = REPEAT_WEEKLY;
	else if (strcmp(v->repeat, "monthly") == 0)
		p.repeat = REPEAT_FIRST_OF_MONTH;
	else
		form_problem(fp, "repeat", _("Choose how it repeats."));
	p.count = p.repeat == REPEAT_ONCE ? 1 : whole(v->count, 0, 100000);
	struct consult_slot w = { .place = v->place, .meeting_url = v->url };
	if (strcmp(v->how, "online") == 0)
		w.online = true;
	else if (strcmp(v->how, "site") != 0)
		return KR_EINVAL;
	long room = 0;
	if (!w.online && *v->room && str_to_long(str_from(v->room), 0, LONG_MAX, &room))
		form_problem(fp, "room", _("Choose a room of the list."));
	bool known = room == 0;
	for (size_t i = 0; i < v->nrooms && !known; i++)
		known = v->rooms[i].id == room;
	if (!known)
		form_problem(fp, "room", _("Choose a room of the list."));
	w.room_id = w.online ? 0 : room;
	if (w.online)
		w.place = "";
	else
		w.meeting_url = "";
	struct consult_problem probs[CONSULT_PROBLEMS_MAX];
	size_t np = consult_check(&p, &w, probs);
	for (size_t i = 0; i < np; i++)
		form_problem(fp, probs[i].field, _(probs[i].message));
	if (form_page_failed(fp))
		return KR_OK;
	size_t n;
	int err = consult_publish(app_db(r), v->nw.id, r->user_id, &p, &w, time_now(), &n);
	if (err == KR_ENOTFOUND) {
		form_problem(fp, "room", _("Choose a room of the list."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/n/%s/consult?done=published", v->nw.slug);
	return KR_OK;
}

static const struct form_page_ops publish_ops = { publish_save, publish_render };

static int
publish_values(struct request *r, struct publish_values *v)
{
	memset(v, 0, sizeof(*v));
	int err = network_load(r, &v->org, &v->nw);
	if (err)
		return err;
	if (!consult_may_publish(app_db(r), v->nw.id, r->user_id))
		return KR_EFORBIDDEN;
	v->date = v->start = v->end = v->place = v->url = v->count = "";
	v->start = "12:00";
	v->end = "13:00";
	v->talk = "20";
	v->repeat = "once";
	v->count = "1";
	v->how = "site";
	v->room = "0";
	return events_rooms(app_db(r), &r->arena, &v->rooms, &v->nrooms);
}

int
page_consult_new(struct request *r)
{
	struct publish_values *v = ARENA_ARRAY(&r->arena, struct publish_values, 1);
	int err = publish_values(r, v);
	return err ? err : form_page_show(r, &publish_ops, v);
}

int
page_consult_new_post(struct request *r)
{
	struct publish_values *v = ARENA_ARRAY(&r->arena, struct publish_values, 1);
	int err = publish_values(r, v);
	return err ? err : form_page_post(r, &publish_ops, v);
}

/* ---- booking, moving, cancelling ---- */

static void
talk_facts(struct request *r, const struct talk_ctx *x)
{
	html_fmt(&r->out,
		 "<dl class=\"facts\">\n<dt>%s</dt><dd>%s (%s)</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		 _("When"), talk_when(r, &x->t), _("Amsterdam time"), _("Where"), slot_where(&x->s),
		 _("Host"), *x->s.host_name ? x->s.host_name : _("nobody any more"));
}

static const char *
back_of(struct request *r, const struct talk_ctx *x)
{
	return arena_printf(&r->arena, "/n/%s/consult", x->nw.slug);
}

int
page_consult_book(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	if (x.t.starts_at <= time_now())
		return refusal(r, CREFUSE_PAST, back_of(r, &x));
	if (x.t.booked)
		return refusal(r, x.mine ? CREFUSE_TWICE : CREFUSE_BOOKED, back_of(r, &x));
	struct page pg = { .title = _("Book a talk"), .lead = _("Step 1 of 2: is this right?") };
	crumbs_begin(r, &pg, &x.nw, pg.title);
	struct strbuf *o = &r->out;
	talk_facts(r, &x);
	form_begin(o, arena_printf(&r->arena, "/consult/talks/%lld/book", (long long)x.t.id),
		   r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "note",
			  .label = _("A note for the host (optional)"),
			  .hint = _("You need not give a reason. Only the host reads this note."),
			  .maxlength = CONSULT_NOTE_MAX });
	form_submit(o, _("Yes, book this talk"));
	form_end(o);
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", back_of(r, &x), _("No, go back"));
	view_end(r);
	return KR_OK;
}

int
page_consult_book_post(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	enum consult_refusal why;
	err = consult_book(app_db(r), &r->app->keys, &r->arena, x.t.id, r->user_id,
			   field(r, "note"), r->app->base_url, time_now(), &why);
	if (err == KR_EINVAL)
		return refusal(r, why, back_of(r, &x));
	if (err)
		return err;
	resp_redirect(r, "/consult?done=booked");
	return KR_OK;
}

int
page_consult_cancel(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	if (!x.mine)
		return refusal_page(r, 409, _("Not your appointment"),
				    _("You have not booked this talk, so there is nothing to "
				      "cancel."),
				    "/consult");
	struct page pg = { .title = _("Cancel your appointment"),
			   .lead = _("Step 1 of 2: are you sure?") };
	crumbs_begin(r, &pg, NULL, pg.title);
	talk_facts(r, &x);
	html_fmt(&r->out, "<p>%s</p>\n",
		 _("Your booking and your note are erased at once; the host gets an e-mail that "
		   "the talk is free."));
	form_begin(&r->out,
		   arena_printf(&r->arena, "/consult/talks/%lld/cancel", (long long)x.t.id),
		   r->csrf_token);
	form_submit(&r->out, _("Yes, cancel"));
	form_end(&r->out);
	html_fmt(&r->out, "<p><a href=\"/consult\">%s</a></p>\n", _("No, keep my appointment"));
	view_end(r);
	return KR_OK;
}

int
page_consult_cancel_post(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	err = consult_cancel(app_db(r), &r->app->keys, &r->arena, x.t.id, r->user_id,
			     r->app->base_url, time_now());
	if (err == KR_ENOTFOUND)
		return refusal_page(r, 409, _("Not your appointment"),
				    _("You have not booked this talk, so there is nothing to "
				      "cancel."),
				    "/consult");
	if (err)
		return err;
	resp_redirect(r, "/consult?done=cancelled");
	return KR_OK;
}

int
page_consult_move(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	if (!x.mine)
		return refusal_page(r, 409, _("Not your appointment"),
				    _("You have not booked this talk, so there is nothing to "
				      "move."),
				    "/consult");
	int64_t now = time_now();
	if (x.t.starts_at <= now)
		return refusal(r, CREFUSE_PAST, "/consult");
	struct db_conn *c = app_db(r);
	struct consult_slot *slots;
	size_t n;
	if ((err = consult_slots(c, &r->arena, x.nw.id, now, SLOTS_SHOWN, &slots, &n)))
		return err;
	struct arena_vec opts;
	arena_vec_init(&opts, &r->arena, sizeof(struct form_option), 16, 0);
	for (size_t i = 0; i < n; i++) {
		struct consult_talk *talks;
		size_t nt;
		if ((err = consult_talks(c, &r->arena, slots[i].id, &talks, &nt)))
			return err;
		if (slots[i].host_id == r->user_id)
			continue;
		for (size_t k = 0; k < nt; k++)
			if (!talks[k].booked && talks[k].starts_at > now)
				*ARENA_VEC_PUSH(&opts, struct form_option) = (struct form_option){
					arena_printf(&r->arena, "%lld", (long long)talks[k].id),
					arena_printf(&r->arena, "%s · %s", talk_when(r, &talks[k]),
						     slot_where(&slots[i])),
					NULL, NULL
				};
	}
	struct page pg = { .title = _("Move your appointment"),
			   .lead = _("Step 1 of 2: choose another free talk.") };
	crumbs_begin(r, &pg, NULL, pg.title);
	talk_facts(r, &x);
	if (!opts.len) {
		html_fmt(&r->out, "<p>%s</p>\n", _("There is no other free talk."));
	} else {
		form_begin(&r->out,
			   arena_printf(&r->arena, "/consult/talks/%lld/move", (long long)x.t.id),
			   r->csrf_token);
		form_radios(&r->out, &(struct form_choice){ .name = "to",
							    .legend = _("The new time"),
							    .options = opts.items,
							    .noptions = opts.len });
		form_submit(&r->out, _("Yes, move it"));
		form_end(&r->out);
	}
	html_fmt(&r->out, "<p><a href=\"/consult\">%s</a></p>\n", _("No, keep my appointment"));
	view_end(r);
	return KR_OK;
}

int
page_consult_move_post(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	long to;
	const char *v = field(r, "to");
	if (!*v || str_to_long(str_from(v), 1, LONG_MAX, &to))
		return refusal_page(r, 400, _("Choose the new time"),
				    _("Choose one of the free talks. Nothing has changed."),
				    "/consult");
	enum consult_refusal why;
	err = consult_move(app_db(r), &r->app->keys, &r->arena, x.t.id, to, r->user_id,
			   r->app->base_url, time_now(), &why);
	if (err == KR_EINVAL)
		return refusal(r, why, "/consult");
	if (err == KR_ENOTFOUND)
		return refusal_page(r, 409, _("Not your appointment"),
				    _("You have not booked this talk, so there is nothing to "
				      "move."),
				    "/consult");
	if (err)
		return err;
	resp_redirect(r, "/consult?done=moved");
	return KR_OK;
}

/* ---- my appointments ---- */

int
page_consult_mine(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct consult_booking *bs;
	struct consult_talk *ts;
	struct consult_slot *ss;
	size_t n;
	int err = consult_mine(c, &r->app->keys, &r->arena, r->user_id, &bs, &ts, &ss, &n);
	if (err)
		return err;
	const char *done = req_query(r, "done");
	struct page pg = { .title = _("My appointments"),
			   .lead = _("The talks you booked at a consultation hour. Only you and "
				     "the host of a talk see that you booked it.") };
	if (done && strcmp(done, "booked") == 0)
		pg.notice = _("Your talk is booked. You and the host get an e-mail.");
	else if (done && strcmp(done, "moved") == 0)
		pg.notice = _("Your appointment has been moved.");
	else if (done && strcmp(done, "cancelled") == 0)
		pg.notice = _("Your appointment has been cancelled.");
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (!n)
		html_fmt(o, "<p>%s</p>\n", _("You have no appointments."));
	int64_t now = time_now();
	for (size_t i = 0; i < n; i++) {
		struct talk_ctx x = { .t = ts[i], .s = ss[i] };
		html_fmt(o, "<section>\n<h2>%s</h2>\n", talk_when(r, &ts[i]));
		talk_facts(r, &x);
		if (ss[i].online && *ss[i].meeting_url)
			html_fmt(o, "<p>%s <a href=\"%s\" rel=\"noopener noreferrer\">%s</a></p>\n",
				 _("The meeting link:"), ss[i].meeting_url, ss[i].meeting_url);
		if (*bs[i].note)
			html_fmt(o, "<p>%s %s</p>\n", _("Your note for the host:"), bs[i].note);
		html_fmt(o, "<ul>\n<li><a href=\"/consult/talks/%lld/ics\">%s</a></li>\n",
			 (long long)ts[i].id, _("Add to your calendar (as \"Appointment\")"));
		if (ts[i].starts_at > now)
			html_fmt(o,
				 "<li><a href=\"/consult/talks/%lld/move\">%s</a></li>\n<li><a "
				 "href=\"/consult/talks/%lld/cancel\">%s</a></li>\n",
				 (long long)ts[i].id, _("Move"), (long long)ts[i].id, _("Cancel"));
		html_lit(o, "</ul>\n</section>\n");
	}
	html_fmt(o, "<p class=\"hint\">%s</p>\n", _("A booking is erased 30 days after the talk."));
	view_end(r);
	return KR_OK;
}

/* ---- the host's page of a talk, the calendar file, the referral ---- */

int
page_consult_talk(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	if (!x.host)
		return KR_ENOTFOUND; /* not theirs to know of */
	struct db_conn *c = app_db(r);
	struct page pg = { .title = _("A talk you host"), .notice = NULL };
	const char *done = req_query(r, "done");
	if (done && strcmp(done, "noted") == 0)
		pg.notice = _("The referral has been noted.");
	crumbs_begin(r, &pg, &x.nw, pg.title);
	struct strbuf *o = &r->out;
	talk_facts(r, &x);
	if (!x.t.booked) {
		html_fmt(o, "<p>%s</p>\n", _("Nobody has booked this talk."));
	} else {
		struct consult_booking b;
		struct account who;
		if ((err = consult_booking_of_talk(c, &r->app->keys, &r->arena, x.t.id, &b)))
			return err;
		err = auth_account_by_id(c, &r->arena, b.account_id, &who);
		if (err && err != KR_ENOTFOUND)
			return err;
		html_fmt(o, "<p>%s %s</p>\n", _("Booked by"),
			 err ? _("an erased account") : who.name);
		if (*b.note)
			html_fmt(o, "<p>%s %s</p>\n", _("Their note:"), b.note);
	}
	html_fmt(o, "<p><a href=\"/consult/talks/%lld/ics\">%s</a></p>\n", (long long)x.t.id,
		 _("Add to your calendar (as \"Appointment\")"));
	if (x.t.was_booked && x.t.starts_at <= time_now()) {
		struct referral *es;
		size_t ne;
		if ((err = referral_list(c, &r->arena, &es, &ne)))
			return err;
		struct form_option *opts = ARENA_ARRAY(&r->arena, struct form_option, ne + 1);
		opts[0] = (struct form_option){ "0", _("No referral"), NULL, NULL };
		for (size_t i = 0; i < ne; i++)
			opts[i + 1] =
			    (struct form_option){ arena_printf(&r->arena, "%lld",
							       (long long)es[i].id),
						  arena_printf(&r->arena, "%s (%s)", es[i].name,
							       _(referral_kind_label(es[i].kind))),
						  NULL, NULL };
		html_fmt(o, "<h2>%s</h2>\n", _("Referral"));
		form_begin(
		    o, arena_printf(&r->arena, "/consult/talks/%lld/referral", (long long)x.t.id),
		    r->csrf_token);
		form_radios(
		    o,
		    &(struct form_choice){
			.name = "referral",
			.legend = _("Where did you refer them to?"),
			.hint = _("Only which entry of the directory, for the figures: nothing "
				  "of what was said."),
			.options = opts,
			.noptions = ne + 1,
			.selected = arena_printf(&r->arena, "%lld", (long long)x.t.referral_id) });
		form_submit(o, _("Save"));
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

int
page_consult_referral_post(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	if (!x.host)
		return KR_ENOTFOUND;
	long ref;
	const char *v = field(r, "referral");
	if (!*v || str_to_long(str_from(v), 0, LONG_MAX, &ref))
		return refusal_page(
		    r, 400, _("Choose an entry"),
		    _("Choose an entry of the directory, or no referral. Nothing "
		      "has changed."),
		    arena_printf(&r->arena, "/consult/talks/%lld", (long long)x.t.id));
	err = consult_note_referral(app_db(r), x.t.id, r->user_id, ref, time_now());
	if (err == KR_ECONFLICT)
		return refusal_page(
		    r, 409, _("Not yet"),
		    _("A referral is noted after a talk that was booked. Nothing "
		      "has changed."),
		    arena_printf(&r->arena, "/consult/talks/%lld", (long long)x.t.id));
	if (err == KR_ENOTFOUND)
		return refusal_page(
		    r, 400, _("Choose an entry"),
		    _("Choose an entry of the directory, or no referral. Nothing "
		      "has changed."),
		    arena_printf(&r->arena, "/consult/talks/%lld", (long long)x.t.id));
	if (err)
		return err;
	resp_redirect(r,
		      arena_printf(&r->arena, "/consult/talks/%lld?done=noted", (long long)x.t.id));
	return KR_OK;
}

/* One talk as a calendar file, for its booker or (host) its host: the details only in the
 * description, the title "Appointment". DTSTAMP: the start of today (UTC), so the file is the
 * same bytes all day. */
static char *
talk_ics(struct arena *a, const struct keys *k, const char *base_url, const struct consult_slot *s,
	 const struct consult_talk *t, bool host, int64_t now)
{
	struct strbuf d;
	strbuf_init(&d, 0);
	strbuf_addf(&d, "%s\n", s->online ? _("Online") : s->where);
	if (s->online && *s->meeting_url)
		strbuf_addf(&d, "%s %s\n", _("The meeting link:"), s->meeting_url);
	const char *url =
	    base_url && *base_url
		? arena_printf(a, "%s%s", base_url,
			       host ? arena_printf(a, "/consult/talks/%lld", (long long)t->id)
				    : "/consult")
		: "";
	if (*url)
		strbuf_addf(&d, "\n%s\n", url);
	char *ics = consult_ics(a, k, s, t, _("Appointment"), d.buf, url, now - now % 86400);
	strbuf_release(&d);
	return ics;
}

int
page_consult_talk_ics(struct request *r)
{
	struct talk_ctx x;
	int err = talk_load(r, &x);
	if (err)
		return err;
	if (!x.host && !x.mine)
		return KR_ENOTFOUND;
	char *ics =
	    talk_ics(&r->arena, &r->app->keys, r->app->base_url, &x.s, &x.t, x.host, time_now());
	resp_header(r, "Content-Disposition", "attachment; filename=\"appointment.ics\"");
	return view_bytes(r, "text/calendar; charset=utf-8", ics, strlen(ics));
}

/* ---- figures ---- */

static const char *
translate(const char *msgid)
{
	return _(msgid);
}

#define FIGURE_MONTHS 12

int
page_consult_figures(struct request *r)
{
	struct org org;
	struct network nw;
	int err = network_load(r, &org, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	bool sees;
	if ((err = org_sees_figures(c, nw.id, r->user_id, &sees)))
		return err;
	if (!sees)
		return KR_EFORBIDDEN;
	int64_t counts[FIGURE_MONTHS];
	int ym[FIGURE_MONTHS][2];
	int64_t kinds[REFERRAL_KINDS];
	if ((err = consult_booked_by_month(c, nw.id, time_now(), FIGURE_MONTHS, counts, ym)) ||
	    (err = consult_referrals_by_kind(c, nw.id, kinds)))
		return err;
	struct page pg = { .title = _("Figures of the consultation hour"),
			   .lead = _("How many talks were booked, and where people were referred "
				     "to. A figure under five is shown as \"fewer than 5\".") };
	crumbs_begin(r, &pg, &nw, _("Figures"));
	struct strbuf *o = &r->out;
	html_fmt(o,
		 "<h2>%s</h2>\n<table>\n<thead><tr><th scope=\"col\">%s</th><th "
		 "scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 _("Talks booked by month"), _("Month"), _("Talks booked"));
	for (int i = 0; i < FIGURE_MONTHS; i++) {
		/* Each month is its own figure, counting other talks than the others. */
		struct figure f;
		if ((err = figures_count(counts[i], &f)))
			return err;
		html_fmt(o, "<tr><td>%s</td><td>%s</td></tr>\n",
			 arena_printf(&r->arena, "%04d-%02d", ym[i][0], ym[i][1]),
			 figures_text(&f, translate, &r->arena));
	}
	html_lit(o, "</tbody>\n</table>\n");
	if ((err = questions_referral_figures(r, kinds)))
		return err;
	view_end(r);
	return KR_OK;
}

/* ---- the walks ---- */

int
consult_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	return consult_erase_account(c, k, account_id);
}

int
consult_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int64_t erased, reminded; /* the reminders are not erasures: not in the tally */
	int err = consult_retention_run(c, ctx->k, ctx->now, &erased, &reminded);
	if (!err)
		retention_erased(ctx, "consultation-hour bookings", erased);
	return err;
}

/* The person's calendar feed: their appointments and, as a host, the booked talks of their
 * hours, from CONSULT_KEEP_DAYS ago on (a booking goes that long after its talk). */
int
consult_calendar(struct calendar_ctx *cc)
{
	struct consult_booking *bs;
	struct consult_talk *ts;
	struct consult_slot *ss;
	size_t n;
	int err = consult_mine(cc->c, cc->k, cc->a, cc->account_id, &bs, &ts, &ss, &n);
	for (size_t i = 0; !err && i < n; i++)
		calendar_add(cc,
			     talk_ics(cc->a, cc->k, cc->base_url, &ss[i], &ts[i], false, cc->now));
	struct consult_talk *hosted;
	size_t nh = 0;
	if (!err)
		err = consult_hosted_talks(cc->c, cc->a, cc->account_id,
					   cc->now - (int64_t)CONSULT_KEEP_DAYS * 86400,
					   CONSULT_FEED_MAX, &hosted, &nh);
	for (size_t i = 0; !err && i < nh; i++) {
		struct consult_slot s;
		if (!(err = consult_slot_get(cc->c, cc->a, hosted[i].slot_id, &s)))
			calendar_add(cc, talk_ics(cc->a, cc->k, cc->base_url, &s, &hosted[i], true,
						  cc->now));
	}
	return err;
}

int
consult_my_data(struct my_data *md)
{
	struct consult_booking *bs;
	struct consult_talk *ts;
	struct consult_slot *ss;
	size_t n;
	int err = consult_mine(md->c, md->k, md->a, md->account_id, &bs, &ts, &ss, &n);
	if (err)
		return err;
	if (md->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "network_id", json_integer(ss[i].network_id));
			json_object_set_new(j, "starts_at", json_integer(ts[i].starts_at));
			json_object_set_new(j, "ends_at", json_integer(ts[i].ends_at));
			json_object_set_new(j, "host", json_string(ss[i].host_name));
			json_object_set_new(j, "note", json_string(bs[i].note));
			json_object_set_new(j, "booked_at", json_integer(bs[i].booked_at));
			json_array_append_new(arr, j);
		}
		json_object_set_new(md->json, "consultation_bookings", arr);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Your consultation-hour appointments"));
	if (!n) {
		html_fmt(o, "<p>%s</p>\n", _("You have no appointments."));
		return KR_OK;
	}
	html_lit(o, "<ul>\n");
	for (size_t i = 0; i < n; i++) {
		struct local_time s;
		events_utc_to_local(ts[i].starts_at, &s);
		html_fmt(o, "<li>%s · %s %s%s%s</li>\n",
			 arena_printf(md->a, "%04d-%02d-%02d %02d:%02d", s.year, s.month, s.day,
				      s.hour, s.minute),
			 _("Host:"), ss[i].host_name, *bs[i].note ? " · " : "", bs[i].note);
	}
	html_lit(o, "</ul>\n");
	html_fmt(o, "<p>%s</p>\n", _("A booking is erased 30 days after the talk."));
	return KR_OK;
}
