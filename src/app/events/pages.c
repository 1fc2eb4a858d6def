// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the rooms the administrator keeps, the calendar list, one event's page, the
 * planning form of a network's core team, and registering and cancelling (two steps each).
 * Nobody sees who registered unless that person chose to be named; the meeting link is shown
 * only to those with a confirmed place and to the organisers (docs/PRIVACY.md, "Events"). */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/events/events.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/events/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"
#include <limits.h>
#include <sodium.h>

/* ---- helpers ---- */

/* A form field without the white space around it; "" when it was not sent. */
static const char *
field(struct request *r, const char *name)
{
	const char *v = req_form(r, name);
	if (!v)
		return "";
	struct str s = str_trim(str_from(v));
	while (s.len && (s.p[s.len - 1] == '\n' || s.p[s.len - 1] == '\r'))
		s.len--;
	return arena_strndup(&r->arena, s.p ? s.p : "", s.len);
}

static bool
ticked(struct request *r, const char *name)
{
	const char *v = req_form(r, name);
	return v && strcmp(v, "1") == 0;
}

/* The event id in the path, or 0. */
static int64_t
id_param(struct request *r)
{
	long id;
	if (!r->params[0].p || str_to_long(r->params[0], 1, LONG_MAX, &id))
		return 0;
	return id;
}

static int next_occurrence(struct request *r, const struct awareness_day *d,
			   struct awareness_when *out);
static int awareness_section(struct request *r, const struct org *org, const char *slug, bool team);

/* A whole number as typed, or -1 when it is not one (the service names the problem). */
static int64_t
whole_number(const char *s)
{
	long v;
	if (!*s || str_to_long(str_from(s), 0, 1000000000L, &v))
		return -1;
	return v;
}

static const char *
local_date(struct request *r, int64_t utc)
{
	struct local_time t;
	events_utc_to_local(utc, &t);
	return arena_printf(&r->arena, "%04d-%02d-%02d", t.year, t.month, t.day);
}

static const char *
local_clock(struct request *r, int64_t utc)
{
	struct local_time t;
	events_utc_to_local(utc, &t);
	return arena_printf(&r->arena, "%02d:%02d", t.hour, t.minute);
}

/* v as exactly `width` decimal digits at p (v >= 0, leading zeros) */
static void
put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

/* a, b and c one after another, in the arena */
static char *
cat3(struct arena *ar, const char *a, const char *b, const char *c)
{
	char *out = arena_alloc(ar, strlen(a) + strlen(b) + strlen(c) + 1);
	stpcpy(stpcpy(stpcpy(out, a), b), c);
	return out;
}

/* "2026-12-03 14:30–16:00", or with two dates when it ends on another day. Written by hand, not
 * with printf: the list of events writes 200 of them. */
static const char *
when_text(struct request *r, const struct event *e)
{
	struct local_time t[2];
	events_utc_to_local(e->starts_at, &t[0]);
	events_utc_to_local(e->ends_at, &t[1]);
	char part[2][17]; /* "YYYY-MM-DD HH:MM" */
	for (int i = 0; i < 2; i++) {
		memcpy(part[i], "0000-00-00 00:00", 17);
		put_digits(part[i], t[i].year, 4);
		put_digits(part[i] + 5, t[i].month, 2);
		put_digits(part[i] + 8, t[i].day, 2);
		put_digits(part[i] + 11, t[i].hour, 2);
		put_digits(part[i] + 14, t[i].minute, 2);
	}
	bool same_day = memcmp(part[0], part[1], 10) == 0;
	return same_day ? cat3(&r->arena, part[0], "–", part[1] + 11)
			: cat3(&r->arena, part[0], " – ", part[1]);
}

static const char *
state_label(enum event_state s)
{
	switch (s) {
	case EVENT_DRAFT:
		return _("Draft");
	case EVENT_CANCELLED:
		return _("Cancelled");
	default:
		return _("Published");
	}
}

/* What the e-mails about registrations need from the server's settings. */
static struct events_mail
mail_of(struct request *r)
{
	return (struct events_mail){ .base_url = r->app->base_url, .from = r->app->mail_from };
}

/* The event of the path and whether the reader may see it; KR_ENOTFOUND for an event the
 * reader may not attend (it is not theirs to know of). */
static int
load_event(struct request *r, struct event *e, bool *organiser)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = events_get(c, &r->arena, id_param(r), e);
	if (err)
		return err;
	if (!events_may_attend(c, &r->app->keys, &r->arena, e, r->user_id, organiser))
		return KR_ENOTFOUND;
	return KR_OK;
}

/* Events › title [› last] */
static void
event_begin(struct request *r, struct page *pg, const struct event *e, const char *last)
{
	struct crumb crumbs[3];
	size_t n = 0;
	crumbs[n++] = (struct crumb){ _("Events"), "/events", NULL };
	if (e)
		crumbs[n++] =
		    (struct crumb){ e->title,
				    last ? arena_printf(&r->arena, "/events/%lld", (long long)e->id)
					 : NULL,
				    NULL };
	if (last)
		crumbs[n++] = (struct crumb){ last, NULL, NULL };
	pg->crumbs = crumbs;
	pg->ncrumbs = n;
	view_begin(r, pg);
	pg->crumbs = NULL;
	pg->ncrumbs = 0;
}

/* A page that says why nothing was done, with a way back to the event. */
static int
refusal_page(struct request *r, const struct event *e, int status, const char *title,
	     const char *text)
{
	r->status = status;
	struct page pg = { .title = title };
	event_begin(r, &pg, e, title);
	html_fmt(&r->out, "<p>%s</p>\n<p><a href=\"/events/%lld\">%s</a></p>\n", text,
		 (long long)e->id, _("Back to the event"));
	view_end(r);
	return KR_OK;
}

int
events_page_load(struct request *r, struct event *e, bool *organiser)
{
	return load_event(r, e, organiser);
}

void
events_page_begin(struct request *r, struct page *pg, const struct event *e, const char *last)
{
	event_begin(r, pg, e, last);
}

int
events_page_refusal(struct request *r, const struct event *e, int status, const char *title,
		    const char *text)
{
	return refusal_page(r, e, status, title, text);
}

/* ---- rooms (the administrator) ---- */

struct room_values {
	struct room in;
	const char *site;
	const char *needs_error, *needs_typed; /* the form of how long needs are kept */
};

static const struct {
	const char *name, *label;
} room_facts[] = {
	{ "step_free", N_("Step-free route") },
	{ "accessible_toilet", N_("Accessible toilet") },
	{ "hearing_loop", N_("Hearing loop") },
	{ "quiet_room", N_("Quiet room nearby") },
	{ "disabled_parking", N_("Parking for disabled people") },
};

static bool *
room_fact(struct room *rm, size_t i)
{
	bool *v[] = { &rm->step_free, &rm->accessible_toilet, &rm->hearing_loop, &rm->quiet_room,
		      &rm->disabled_parking };
	return v[i];
}

/* The facts of a room in words, for lists: "Step-free route, hearing loop" or "none of these". */
static void
room_facts_list(struct strbuf *o, const struct room *rm)
{
	struct room copy = *rm;
	html_lit(o, "<ul class=\"facts\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(room_facts); i++)
		html_fmt(o, "<li>%s: %s</li>\n", _(room_facts[i].label),
			 *room_fact(&copy, i) ? _("yes") : _("no"));
	html_lit(o, "</ul>\n");
}

static int
rooms_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct room_values *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct room *rooms;
	struct site *sites;
	size_t nrooms, nsites;
	int err = events_rooms(c, &r->arena, &rooms, &nrooms);
	if (err || (err = org_sites(c, &r->arena, &sites, &nsites)))
		return err;
	const char *done = req_query(r, "done");
	struct crumb crumbs[] = { { _("Administration"), "/admin", NULL },
				  { _("Rooms"), NULL, NULL } };
	const struct page pg = {
		.title = _("Rooms"),
		.lead =
		    _("The rooms at each site where events can be held, with what they offer. "
		      "Organisers see these facts when they choose a room, and so does everyone "
		      "who reads the event."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp) || f->needs_error,
		.notice = done && strcmp(done, "added") == 0   ? _("The room has been added.")
			  : done && strcmp(done, "needs") == 0 ? _("The setting has been saved.")
							       : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	if (f->needs_error)
		form_error_summary(o, &(struct form_error){ "needs_days", f->needs_error }, 1);
	if (nrooms == 0)
		html_fmt(o, "<p>%s</p>\n", _("There are no rooms yet."));
	for (size_t i = 0; i < nrooms; i++) {
		html_fmt(o, "<h2 class=\"h3\">%s, %s</h2>\n", rooms[i].name, rooms[i].site_name);
		room_facts_list(o, &rooms[i]);
	}
	if ((err = needs_admin_section(r, f->needs_error, f->needs_typed)))
		return err;
	html_fmt(o, "<h2>%s</h2>\n", _("Add a room"));
	if (nsites == 0) {
		html_fmt(o, "<p>%s <a href=\"/admin/sites\">%s</a></p>\n",
			 _("A room belongs to a site. Add a site first:"), _("Sites"));
		view_end(r);
		return KR_OK;
	}
	form_begin(o, "/admin/rooms", r->csrf_token);
	struct form_option *opts = ARENA_ARRAY(&r->arena, struct form_option, nsites);
	for (size_t i = 0; i < nsites; i++)
		opts[i] = (struct form_option){ .value = arena_printf(&r->arena, "%lld",
								      (long long)sites[i].id),
						.label = sites[i].name };
	form_radios(o, &(struct form_choice){ .name = "site",
					      .legend = _("Site"),
					      .options = opts,
					      .noptions = nsites,
					      .selected = f->site,
					      .error = form_problem_of(fp, "site") });
	form_input(o, &(struct form_field){ .name = "room_name",
					    .label = _("Name of the room"),
					    .hint = _("For example: Room 4.12, or the Atrium."),
					    .value = f->in.name,
					    .maxlength = ROOM_NAME_MAX,
					    .required = true,
					    .error = form_problem_of(fp, "room_name") });
	html_fmt(o, "<fieldset class=\"fieldset\">\n<legend class=\"legend\">%s</legend>\n",
		 _("What the room offers"));
	for (size_t i = 0; i < ARRAY_SIZE(room_facts); i++)
		form_checkbox(o, room_facts[i].name, _(room_facts[i].label), NULL,
			      *room_fact(&f->in, i));
	html_lit(o, "</fieldset>\n");
	form_submit(o, _("Add room"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
rooms_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct room_values *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	f->site = field(r, "site");
	f->in.name = field(r, "room_name");
	for (size_t i = 0; i < ARRAY_SIZE(room_facts); i++)
		*room_fact(&f->in, i) = ticked(r, room_facts[i].name);
	long site;
	if (str_to_long(str_from(f->site), 1, LONG_MAX, &site))
		form_problem(fp, "site", _("Choose the site of the room."));
	f->in.site_id = site;
	const char *problem = events_room_check(&f->in);
	if (problem)
		form_problem(fp, "room_name", _(problem));
	if (form_page_failed(fp))
		return KR_OK;
	int err = events_room_add(c, &f->in, NULL);
	if (err == KR_ECONFLICT) {
		form_problem(
		    fp, "room_name",
		    _("This site has a room with this name already. Choose another name."));
		return KR_OK;
	}
	if (err == KR_ENOTFOUND) {
		form_problem(fp, "site", _("Choose the site of the room."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/admin/rooms?done=added";
	return KR_OK;
}

static const struct form_page_ops rooms_ops = { rooms_save, rooms_render };

int
page_admin_rooms(struct request *r)
{
	struct room_values f = { 0 };
	return form_page_show(r, &rooms_ops, &f);
}

int
page_admin_rooms_post(struct request *r)
{
	struct room_values f = { 0 };
	return form_page_post(r, &rooms_ops, &f);
}

int
events_rooms_again(struct request *r, const char *error, const char *typed)
{
	struct room_values f = { .needs_error = error, .needs_typed = typed };
	r->status = 400;
	return form_page_show(r, &rooms_ops, &f);
}

/* ---- the planning form (the network's core team) ---- */

struct event_values {
	struct event in;
	struct network nw;
	/* As typed. */
	const char *start_date, *start_time, *end_date, *end_time, *deadline_date, *deadline_time,
	    *room, *capacity_site, *capacity_online, *state, *audience;
	bool is_new;
};

static void
values_from_event(struct request *r, struct event_values *v)
{
	const struct event *e = &v->in;
	v->start_date = local_date(r, e->starts_at);
	v->start_time = local_clock(r, e->starts_at);
	v->end_date = local_date(r, e->ends_at);
	v->end_time = local_clock(r, e->ends_at);
	v->deadline_date = local_date(r, e->deadline);
	v->deadline_time = local_clock(r, e->deadline);
	v->room = arena_printf(&r->arena, "%lld", (long long)e->room_id);
	v->capacity_site = arena_printf(&r->arena, "%lld", (long long)e->capacity_site);
	v->capacity_online = arena_printf(&r->arena, "%lld", (long long)e->capacity_online);
	v->state = events_state_name(e->state);
	v->audience = e->audience == AUDIENCE_MEMBERS ? "members" : "organisation";
}

static void
date_time_fields(struct form_page *fp, const char *name, const char *legend, const char *date,
		 const char *time)
{
	struct request *r = fp->r;
	struct strbuf *o = &r->out;
	const char *dname = arena_printf(&r->arena, "%s_date", name);
	const char *tname = arena_printf(&r->arena, "%s_time", name);
	html_fmt(o, "<fieldset class=\"fieldset\">\n<legend class=\"legend\">%s</legend>\n",
		 legend);
	form_input(o, &(struct form_field){ .name = dname,
					    .label = _("Date"),
					    .hint = _("Amsterdam time. For example: 2026-12-03."),
					    .maxlength = 10,
					    .autocomplete = "off",
					    .value = date,
					    .required = true,
					    .error = form_problem_of(fp, dname) });
	form_input(o, &(struct form_field){ .name = tname,
					    .label = _("Time"),
					    .hint = _("For example: 14:30."),
					    .maxlength = 5,
					    .autocomplete = "off",
					    .value = time,
					    .required = true,
					    .error = form_problem_of(fp, tname) });
	html_lit(o, "</fieldset>\n");
}

static int
event_form_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct event_values *v = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct room *rooms;
	size_t nrooms;
	struct org org;
	int err = events_rooms(c, &r->arena, &rooms, &nrooms);
	if (err || (err = org_get(c, &r->arena, &org)))
		return err;
	/* What organisers type is in the organisation's language, whatever the page's. */
	const char *lang = org.content_lang;
	struct page pg = {
		.title = v->is_new ? _("Plan an event") : _("Change the event"),
		.lead = v->is_new ? arena_printf(&r->arena, "%s %s", _("An event of"), v->nw.name)
				  : NULL,
		.has_errors = form_page_failed(fp),
	};
	event_begin(r, &pg, v->is_new ? NULL : &v->in, v->is_new ? NULL : pg.title);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o,
		   v->is_new && v->in.awareness_day_id
		       ? arena_printf(&r->arena, "/events/new?network=%s&day=%lld", v->nw.slug,
				      (long long)v->in.awareness_day_id)
		   : v->is_new ? arena_printf(&r->arena, "/events/new?network=%s", v->nw.slug)
			       : arena_printf(&r->arena, "/events/%lld/edit", (long long)v->in.id),
		   r->csrf_token);
	struct form_option *kinds = ARENA_ARRAY(&r->arena, struct form_option, event_nkinds);
	for (size_t i = 0; i < event_nkinds; i++)
		kinds[i] = (struct form_option){ .value = event_kinds[i],
						 .label = _(events_kind_label(event_kinds[i])) };
	form_radios(o, &(struct form_choice){ .name = "kind",
					      .legend = _("Type of event"),
					      .options = kinds,
					      .noptions = event_nkinds,
					      .selected = v->in.kind,
					      .error = form_problem_of(fp, "kind") });
	form_input(o, &(struct form_field){ .name = "title",
					    .lang = lang,
					    .label = _("Title"),
					    .value = v->in.title,
					    .maxlength = EVENT_TITLE_MAX,
					    .required = true,
					    .error = form_problem_of(fp, "title") });
	form_input(o, &(struct form_field){
			  .name = "description",
			  .lang = lang,
			  .label = _("Description"),
			  .hint = _("What the event is about and who it is for. You can use "
				    "Markdown: *italics*, **bold**, lists and links."),
			  .value = v->in.description,
			  .multiline = true,
			  .error = form_problem_of(fp, "description") });
	form_input(
	    o, &(struct form_field){ .name = "agenda",
				     .lang = lang,
				     .label = _("Agenda (optional)"),
				     .hint = _("One item per line, with its time if you know it."),
				     .value = v->in.agenda,
				     .multiline = true,
				     .error = form_problem_of(fp, "agenda") });
	form_input(o, &(struct form_field){ .name = "speakers",
					    .lang = lang,
					    .label = _("Speakers (optional)"),
					    .value = v->in.speakers,
					    .multiline = true,
					    .error = form_problem_of(fp, "speakers") });
	date_time_fields(fp, "start", _("Start"), v->start_date, v->start_time);
	date_time_fields(fp, "end", _("End"), v->end_date, v->end_time);
	date_time_fields(fp, "deadline", _("Registration deadline"), v->deadline_date,
			 v->deadline_time);
	form_checkbox(o, "working_time", _("Attending counts as working time"),
		      _("Everyone who reads the event sees this."), v->in.working_time);
	const struct form_option audiences[] = {
		{ "organisation", _("The whole organisation"), NULL, NULL },
		{ "members", _("Members of the network"),
		  _("Only members and the core team see the event and can register."), NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "audience",
					      .legend = _("Who can come"),
					      .options = audiences,
					      .noptions = ARRAY_SIZE(audiences),
					      .selected = v->audience,
					      .error = form_problem_of(fp, "audience") });
	struct form_option *ropts = ARENA_ARRAY(&r->arena, struct form_option, nrooms + 1);
	ropts[0] = (struct form_option){ .value = "0", .label = _("No room: online only") };
	for (size_t i = 0; i < nrooms; i++)
		ropts[i + 1] = (struct form_option){
			.value = arena_printf(&r->arena, "%lld", (long long)rooms[i].id),
			.label =
			    arena_printf(&r->arena, "%s, %s", rooms[i].name, rooms[i].site_name),
		};
	form_radios(o, &(struct form_choice){
			   .name = "room",
			   .legend = _("Room"),
			   .hint = _("The administrator keeps the rooms and what they offer."),
			   .options = ropts,
			   .noptions = nrooms + 1,
			   .selected = v->room ? v->room : "0",
			   .error = form_problem_of(fp, "room") });
	form_input(o, &(struct form_field){ .name = "capacity_site",
					    .label = _("Places on site"),
					    .hint = _("0 when there is no room."),
					    .type = "number",
					    .min = 0,
					    .max = EVENT_CAPACITY_MAX,
					    .value = v->capacity_site,
					    .error = form_problem_of(fp, "capacity_site") });
	form_checkbox(o, "online", _("Online as well, or online only"), NULL, v->in.online);
	form_input(o, &(struct form_field){
			  .name = "meeting_url",
			  .label = _("Meeting link (for online)"),
			  .hint = _("A link that starts with https://. Only people with a place "
				    "see it."),
			  .type = "url",
			  .value = v->in.meeting_url,
			  .maxlength = EVENT_URL_MAX,
			  .error = form_problem_of(fp, "meeting_url") });
	form_input(o, &(struct form_field){ .name = "capacity_online",
					    .label = _("Places online"),
					    .hint = _("0 when the event is not online."),
					    .type = "number",
					    .min = 0,
					    .max = EVENT_CAPACITY_MAX,
					    .value = v->capacity_online,
					    .error = form_problem_of(fp, "capacity_online") });
	const struct form_option states[] = {
		{ "draft", _("Draft"), _("Only the core team sees it."), NULL },
		{ "published", _("Published"), _("Everyone it is for sees it and can register."),
		  NULL },
		{ "cancelled", _("Cancelled"), _("It stays visible, marked as cancelled."), NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "state",
					      .legend = _("State"),
					      .options = states,
					      .noptions = ARRAY_SIZE(states),
					      .selected = v->state ? v->state : "draft",
					      .error = form_problem_of(fp, "state") });
	form_submit(o, v->is_new ? _("Save the event") : _("Save the changes"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

/* A date and a time as typed into UTC seconds; 0 when they are not a moment. */
static int64_t
moment(const char *date, const char *time)
{
	struct local_time t;
	int64_t u;
	if (!events_parse_local(date, time, &t) || events_local_to_utc(&t, &u))
		return 0;
	return u;
}

static int
event_form_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct event_values *v = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct event *e = &v->in;
	e->kind = field(r, "kind");
	e->title = field(r, "title");
	e->description = field(r, "description");
	e->agenda = field(r, "agenda");
	e->speakers = field(r, "speakers");
	v->start_date = field(r, "start_date");
	v->start_time = field(r, "start_time");
	v->end_date = field(r, "end_date");
	v->end_time = field(r, "end_time");
	v->deadline_date = field(r, "deadline_date");
	v->deadline_time = field(r, "deadline_time");
	e->starts_at = moment(v->start_date, v->start_time);
	e->ends_at = moment(v->end_date, v->end_time);
	e->deadline = moment(v->deadline_date, v->deadline_time);
	e->working_time = ticked(r, "working_time");
	v->audience = field(r, "audience");
	if (strcmp(v->audience, "members") == 0)
		e->audience = AUDIENCE_MEMBERS;
	else if (strcmp(v->audience, "organisation") == 0)
		e->audience = AUDIENCE_ORGANISATION;
	else
		form_problem(fp, "audience", _("Choose who can come."));
	v->room = field(r, "room");
	long room = 0;
	if (*v->room && str_to_long(str_from(v->room), 0, LONG_MAX, &room))
		room = -1;
	e->room_id = room > 0 ? room : 0;
	e->online = ticked(r, "online");
	e->meeting_url = field(r, "meeting_url");
	v->capacity_site = field(r, "capacity_site");
	v->capacity_online = field(r, "capacity_online");
	e->capacity_site = *v->capacity_site ? whole_number(v->capacity_site) : 0;
	e->capacity_online = *v->capacity_online ? whole_number(v->capacity_online) : 0;
	v->state = field(r, "state");
	if (!events_state_parse(v->state, &e->state))
		form_problem(fp, "state", _("Choose the state of the event."));
	struct event_problem problems[EVENT_PROBLEMS_MAX];
	size_t n = events_check(e, problems);
	/* In the order of the form. */
	static const char *const order[] = {
		"kind",	    "title",	     "description", "agenda",
		"speakers", "start_date",    "end_date",    "deadline_date",
		"room",	    "capacity_site", "meeting_url", "capacity_online",
	};
	if (room < 0)
		form_problem(fp, "room", _("Choose one of the rooms."));
	for (size_t k = 0; k < ARRAY_SIZE(order); k++)
		for (size_t i = 0; i < n; i++)
			if (strcmp(problems[i].field, order[k]) == 0)
				form_problem(fp, problems[i].field, _(problems[i].message));
	if (form_page_failed(fp))
		return KR_OK;
	const struct events_mail m = mail_of(r);
	int err = events_save(c, &r->app->keys, e, &m, time_now());
	if (err == KR_ENOTFOUND && e->room_id) {
		form_problem(fp, "room", _("Choose one of the rooms."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/events/%lld?done=saved", (long long)e->id);
	return KR_OK;
}

static const struct form_page_ops event_form_ops = { event_form_save, event_form_render };

/* The network of ?network=, for its core team only (KR_EFORBIDDEN for anyone else). */
static int
new_values(struct request *r, struct event_values *v)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *slug = req_query(r, "network");
	memset(v, 0, sizeof(*v));
	int err = slug ? org_network_by_slug(c, &r->arena, slug, &v->nw) : KR_ENOTFOUND;
	if (err)
		return err;
	if (!org_is_core_team(c, v->nw.id, r->user_id))
		return KR_EFORBIDDEN;
	v->is_new = true;
	v->in = (struct event){ .network_id = v->nw.id, .kind = "meeting", .state = EVENT_DRAFT };
	v->state = "draft";
	v->audience = "organisation";
	v->room = "0";
	/* Planned for an awareness day (?day=): its name and first day filled in. */
	const char *day = req_query(r, "day");
	if (day) {
		long id;
		struct awareness_day d;
		struct awareness_when w;
		if (str_to_long(str_from(day), 1, LONG_MAX, &id))
			return KR_ENOTFOUND;
		if ((err = awareness_day_get(c, &r->arena, id, &d)) ||
		    (err = next_occurrence(r, &d, &w)))
			return err;
		v->in.awareness_day_id = d.id;
		v->in.title = d.name;
		v->start_date = v->end_date = v->deadline_date = arena_printf(
		    &r->arena, "%04d-%02d-%02d", w.first.year, w.first.month, w.first.day);
		v->start_time = "12:00";
		v->end_time = "13:00";
		v->deadline_time = "10:00";
	}
	return KR_OK;
}

/* The event of the path, for its network's core team only. */
static int
edit_values(struct request *r, struct event_values *v)
{
	memset(v, 0, sizeof(*v));
	bool organiser;
	int err = load_event(r, &v->in, &organiser);
	if (err)
		return err;
	if (!organiser)
		return KR_EFORBIDDEN;
	values_from_event(r, v);
	return KR_OK;
}

/* The planning form: a new event (?network=) or the path's event, shown or posted. A POST
 * reads every field from the form; only the event's id is kept. */
static int
event_form(struct request *r, bool is_new, bool post)
{
	struct event_values v;
	int err = is_new ? new_values(r, &v) : edit_values(r, &v);
	if (err)
		return err;
	if (!post)
		return form_page_show(r, &event_form_ops, &v);
	v.in = (struct event){ .id = v.in.id,
			       .network_id = v.in.network_id,
			       .awareness_day_id = v.in.awareness_day_id };
	return form_page_post(r, &event_form_ops, &v);
}

int
page_event_new(struct request *r)
{
	return event_form(r, true, false);
}

int
page_event_new_post(struct request *r)
{
	return event_form(r, true, true);
}

int
page_event_edit(struct request *r)
{
	return event_form(r, false, false);
}

int
page_event_edit_post(struct request *r)
{
	return event_form(r, false, true);
}

/* ---- the calendar list ---- */

/* One line of a list of events: its title as a link, when, where, and its state. */
static void
event_item(struct request *r, const struct event *e, const char *content_lang)
{
	struct strbuf *o = &r->out;
	html_fmt(
	    o, "<li class=\"card\">\n<h2 class=\"h3\"><a href=\"/events/%lld\" lang=\"%s\">%s</a>",
	    (long long)e->id, content_lang, e->title);
	if (e->state != EVENT_PUBLISHED)
		html_fmt(o, " <span class=\"tag\">%s</span>", state_label(e->state));
	html_fmt(o, "</h2>\n<p>%s · %s · %s</p>\n", when_text(r, e), _(events_kind_label(e->kind)),
		 e->room_id && e->online ? _("on site and online")
		 : e->online		 ? _("online")
					 : _("on site"));
	html_fmt(o, "<p class=\"meta\" lang=\"%s\">%s</p>\n</li>\n", content_lang, e->network_name);
}

/* What the reader may see of one network's events: drafts as its core team, the members'
 * events as a member (any appearance) or core team. Two look-ups, once per network. */
struct network_access {
	int64_t network_id;
	bool organiser, member;
};

static struct network_access
access_of(struct request *r, struct db_conn *c, int64_t network_id)
{
	struct network_access x = { network_id, org_is_core_team(c, network_id, r->user_id),
				    false };
	struct membership m;
	x.member = !x.organiser &&
		   members_get(c, &r->app->keys, &r->arena, r->user_id, network_id, 0, &m) == KR_OK;
	return x;
}

/* The events from now on that the reader may attend, soonest first: at most limit of them after
 * the first `skip`, and *more when there are others after those. Of one network (network_id > 0:
 * filtered in SQL), or of all: read in batches and filtered here per network, since who is a
 * member is sealed and SQL cannot see it. */
#define EVENTS_BATCH 200
#define EVENTS_PAGE  50 /* events on a page of /events */
static int
visible_events(struct request *r, int64_t network_id, size_t skip, size_t limit, struct event **out,
	       size_t *n, bool *more)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err;
	if (network_id > 0) {
		struct network_access x = access_of(r, c, network_id);
		if ((err = events_list_from(c, &r->arena, network_id, time_now(), x.organiser,
					    x.organiser || x.member, skip, limit + 1, out, n)))
			return err;
		*more = *n > limit;
		if (*more)
			*n = limit;
		return KR_OK;
	}
	struct arena_vec seen, keep;
	arena_vec_init(&seen, &r->arena, sizeof(struct network_access), 8, 0);
	arena_vec_init(&keep, &r->arena, sizeof(struct event), limit ? limit : 1, 0);
	int64_t now = time_now();
	size_t visible = 0;
	*more = false;
	for (size_t offset = 0; !*more; offset += EVENTS_BATCH) {
		struct event *batch;
		size_t nb;
		if ((err = events_list_from(c, &r->arena, 0, now, true, true, offset, EVENTS_BATCH,
					    &batch, &nb)))
			return err;
		for (size_t i = 0; i < nb && !*more; i++) {
			const struct event *e = &batch[i];
			struct network_access *x = NULL;
			for (size_t k = 0; !x && k < seen.len; k++)
				if (((struct network_access *)seen.items)[k].network_id ==
				    e->network_id)
					x = &((struct network_access *)seen.items)[k];
			if (!x) {
				x = arena_vec_push(&seen);
				*x = access_of(r, c, e->network_id);
			}
			if (!x->organiser && (e->state == EVENT_DRAFT ||
					      (e->audience != AUDIENCE_ORGANISATION && !x->member)))
				continue;
			if (visible >= skip + limit)
				*more = true;
			else if (visible++ >= skip)
				*ARENA_VEC_PUSH(&keep, struct event) = *e;
		}
		if (nb < EVENTS_BATCH)
			break;
	}
	*out = keep.items;
	*n = keep.len;
	return KR_OK;
}

int
page_events(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct org org;
	struct network *nws;
	size_t nn;
	int err = org_get(c, &r->arena, &org);
	if (err || (err = org_networks(c, &r->arena, &nws, &nn)))
		return err;
	const char *slug = req_query(r, "network");
	int64_t network_id = 0;
	for (size_t i = 0; slug && *slug && i < nn; i++)
		if (strcmp(nws[i].slug, slug) == 0)
			network_id = nws[i].id;
	if (slug && *slug && !network_id)
		return KR_ENOTFOUND;
	int64_t page;
	if ((err = view_page_number(r, &page)))
		return err;
	struct event *evs;
	size_t n;
	bool more;
	if ((err = visible_events(r, network_id, (size_t)(page - 1) * EVENTS_PAGE, EVENTS_PAGE,
				  &evs, &n, &more)))
		return err;
	if (n == 0 && page > 1)
		return KR_ENOTFOUND;
	struct page pg = { .title = _("Events"),
			   .lead = _("The events you can go to, soonest first. Times are "
				     "Amsterdam time.") };
	event_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	/* The filter: a plain GET form. */
	html_fmt(
	    o,
	    "<form method=\"get\" action=\"/events\" class=\"filter\">\n<div class=\"field\">\n"
	    "<label class=\"label\" for=\"f-network\">%s</label>\n"
	    "<select class=\"select\" id=\"f-network\" name=\"network\">\n"
	    "<option value=\"\">%s</option>\n",
	    _("Network"), _("All networks"));
	for (size_t i = 0; i < nn; i++)
		html_fmt(o, "<option value=\"%s\"%s lang=\"%s\">%s</option>\n", nws[i].slug,
			 nws[i].id == network_id ? " selected" : "", org.content_lang, nws[i].name);
	html_fmt(o,
		 "</select>\n</div>\n<button class=\"button\" type=\"submit\">%s</button>\n"
		 "</form>\n",
		 _("Show"));
	if (n == 0)
		html_fmt(o, "<p>%s</p>\n", _("There are no events to come that you can go to."));
	else {
		html_lit(o, "<ul class=\"card-list\">\n");
		for (size_t i = 0; i < n; i++)
			event_item(r, &evs[i], org.content_lang);
		html_lit(o, "</ul>\n");
	}
	view_pager(r, network_id ? arena_printf(&r->arena, "/events?network=%s", slug) : "/events",
		   page, more);
	html_fmt(o,
		 "<ul>\n<li><a href=\"/events/calendar\">%s</a></li>\n"
		 "<li><a href=\"/events/feeds\">%s</a></li>\n</ul>\n",
		 _("What events are called in your calendar"), _("Calendar feeds"));
	if (page == 1 && (err = awareness_section(r, &org, NULL, false)))
		return err;
	/* Planning is for a network's core team. */
	int64_t *team;
	size_t nt;
	if ((err = org_core_team_networks(c, &r->arena, r->user_id, &team, &nt)))
		return err;
	bool heading = false;
	for (size_t i = 0; i < nn; i++) {
		if (!org_id_in(team, nt, nws[i].id))
			continue;
		if (!heading)
			html_fmt(o, "<h2>%s</h2>\n<ul>\n", _("Plan an event"));
		heading = true;
		html_fmt(o,
			 "<li><a href=\"/events/new?network=%s\">%s <span "
			 "lang=\"%s\">%s</span></a></li>\n",
			 nws[i].slug, _("An event of"), org.content_lang, nws[i].name);
	}
	if (heading)
		html_lit(o, "</ul>\n");
	view_end(r);
	return KR_OK;
}

int
events_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	struct event *evs;
	size_t n;
	bool more;
	int err = visible_events(r, nw->id, 0, 5, &evs, &n, &more);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Next events"));
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("No events are planned yet."));
	} else {
		html_lit(o, "<ul class=\"card-list\">\n");
		for (size_t i = 0; i < n; i++)
			event_item(r, &evs[i], org->content_lang);
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<p><a href=\"/events?network=%s\">%s</a></p>\n", nw->slug,
		 _("All events of this network"));
	bool team = org_is_core_team(app_db(r), nw->id, r->user_id);
	if (team)
		html_fmt(o, "<p><a href=\"/events/new?network=%s\">%s</a></p>\n", nw->slug,
			 _("Plan an event"));
	return awareness_section(r, org, nw->slug, team);
}

/* ---- one event ---- */

/* The agenda and the speakers: each line as a line of its own. */
static void
text_paragraphs(struct strbuf *o, const char *s, const char *lang)
{
	html_fmt(o, "<div class=\"prose\" lang=\"%s\">\n<p>", lang);
	for (const char *p = s; *p; p++) {
		if (*p == '\n')
			html_lit(o, "<br>\n");
		else if (*p != '\r')
			html_textn(o, p, 1);
	}
	html_lit(o, "</p>\n</div>\n");
}

static const char *
done_notice(struct request *r)
{
	const char *d = req_query(r, "done");
	if (!d)
		return NULL;
	if (strcmp(d, "saved") == 0)
		return _("The event has been saved.");
	if (strcmp(d, "registered") == 0)
		return _("You are registered.");
	if (strcmp(d, "waiting") == 0)
		return _("The event is full: you are on the waiting list. If a place becomes free, "
			 "it is yours and you get an e-mail.");
	if (strcmp(d, "cancelled") == 0)
		return _("Your registration has been cancelled.");
	if (strcmp(d, "needs") == 0)
		return _("Your access needs for this event have been saved.");
	if (strcmp(d, "feedback") == 0)
		return _("Thank you for your feedback.");
	return NULL;
}

/* GET /events/{id}.ics: the event for the reader's own calendar; with ?title=neutral under a
 * neutral title. The meeting link only for whom the event page shows it to. */
static int
event_ics(struct request *r)
{
	struct event e;
	bool organiser;
	int err = load_event(r, &e, &organiser);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	struct registration mine;
	struct account me;
	err = events_registration_of(c, &r->app->keys, &r->arena, e.id, r->user_id, &mine);
	if (err && err != KR_ENOTFOUND)
		return err;
	bool registered = err == KR_OK;
	if ((err = auth_account_by_id(c, &r->arena, r->user_id, &me)))
		return err;
	struct room room;
	const char *where = "";
	if (e.room_id && events_room_get(c, &r->arena, e.room_id, &room) == KR_OK)
		where = arena_printf(&r->arena, "%s, %s", room.name, room.site_name);
	const char *title = req_query(r, "title");
	if (title && strcmp(title, "neutral") != 0)
		return KR_EINVAL;
	bool link = e.online && (organiser || (registered && mine.place == PLACE_ONLINE &&
					       mine.state == REG_CONFIRMED));
	const struct ics_for f = {
		.base_url = r->app->base_url,
		.recipient_name = registered ? me.name : NULL,
		.recipient_email = registered ? me.email : NULL,
		.neutral = title != NULL,
		.neutral_title = _("Appointment"),
		.where = where,
		.meeting_url = link ? e.meeting_url : NULL,
		.meeting_label = _("The meeting link:"),
		.now = time_now(),
	};
	char *ics = events_ics(&r->arena, &r->app->keys, &e, &f);
	resp_header(
	    r, "Content-Disposition",
	    arena_printf(&r->arena, "attachment; filename=\"event-%lld.ics\"", (long long)e.id));
	return view_bytes(r, "text/calendar; charset=utf-8", ics, strlen(ics));
}

int
page_event(struct request *r)
{
	struct str *id = &r->params[0];
	if (id->len > 4 && memcmp(id->p + id->len - 4, ".ics", 4) == 0) {
		id->len -= 4;
		return event_ics(r);
	}
	if (req_query(r, "title"))
		return KR_EINVAL; /* only for the calendar file */
	struct event e;
	bool organiser;
	int err = load_event(r, &e, &organiser);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	struct org org;
	struct registration mine;
	bool registered = false;
	if ((err = org_get(c, &r->arena, &org)))
		return err;
	err = events_registration_of(c, &r->app->keys, &r->arena, e.id, r->user_id, &mine);
	if (err && err != KR_ENOTFOUND)
		return err;
	registered = err == KR_OK;
	struct page pg = { .title = e.title,
			   .notice = done_notice(r),
			   .content_lang = org.content_lang };
	event_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	if (e.state != EVENT_PUBLISHED)
		html_fmt(o, "<p class=\"tag\">%s</p>\n", state_label(e.state));
	html_lit(o, "<dl class=\"facts\">\n");
	html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Type"), _(events_kind_label(e.kind)));
	html_fmt(o, "<dt>%s</dt><dd>%s (%s)</dd>\n", _("When"), when_text(r, &e),
		 _("Amsterdam time"));
	html_fmt(o, "<dt>%s</dt><dd><a href=\"/n/%s\" lang=\"%s\">%s</a></dd>\n", _("Organised by"),
		 e.network_slug, org.content_lang, e.network_name);
	struct awareness_day day;
	int derr = e.awareness_day_id ? awareness_day_get(c, &r->arena, e.awareness_day_id, &day)
				      : KR_ENOTFOUND;
	if (derr && derr != KR_ENOTFOUND)
		return derr;
	if (!derr)
		html_fmt(o, "<dt>%s</dt><dd lang=\"%s\">%s</dd>\n", _("For the awareness day"),
			 org.content_lang, day.name);
	html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Working time"),
		 e.working_time ? _("Attending counts as working time.")
				: _("Attending does not count as working time."));
	html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Who can come"),
		 e.audience == AUDIENCE_MEMBERS ? _("Members of the network")
						: _("The whole organisation"));
	html_fmt(
	    o, "<dt>%s</dt><dd>%s %s</dd>\n", _("Registration deadline"),
	    arena_printf(&r->arena, "%s %s", local_date(r, e.deadline), local_clock(r, e.deadline)),
	    _("(Amsterdam time)"));
	html_lit(o, "</dl>\n");
	struct room room;
	bool has_room = e.room_id && events_room_get(c, &r->arena, e.room_id, &room) == KR_OK;
	html_fmt(o, "<h2>%s</h2>\n", _("Where"));
	if (has_room) {
		html_fmt(o, "<p>%s, %s</p>\n", room.name, room.site_name);
		room_facts_list(o, &room);
	}
	if (e.online) {
		bool link = organiser || (registered && mine.place == PLACE_ONLINE &&
					  mine.state == REG_CONFIRMED);
		html_fmt(o, "<p>%s</p>\n", _("Online."));
		if (link)
			html_fmt(o, "<p>%s <a href=\"%s\" rel=\"noopener noreferrer\">%s</a></p>\n",
				 _("The meeting link:"), e.meeting_url, e.meeting_url);
		else
			html_fmt(o, "<p>%s</p>\n",
				 _("The meeting link is shown here to those with a place online."));
	}
	if (*e.description) {
		html_fmt(o, "<h2>%s</h2>\n<div class=\"prose\" lang=\"%s\">\n",
			 _("About this event"), org.content_lang);
		/* Markdown as safe HTML: raw HTML shown as text, only http(s) and mailto links. */
		markdown_html(o, e.description, strlen(e.description), 3);
		html_lit(o, "</div>\n");
	}
	if (*e.agenda) {
		html_fmt(o, "<h2>%s</h2>\n", _("Agenda"));
		text_paragraphs(o, e.agenda, org.content_lang);
	}
	if (*e.speakers) {
		html_fmt(o, "<h2>%s</h2>\n", _("Speakers"));
		text_paragraphs(o, e.speakers, org.content_lang);
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Registering"));
	struct reg_counts counts;
	if ((err = events_counts(c, e.id, &counts)))
		return err;
	bool full_site = counts.site_confirmed >= e.capacity_site;
	bool full_online = counts.online_confirmed >= e.capacity_online;
	if (registered) {
		html_fmt(
		    o, "<p>%s</p>\n",
		    mine.state == REG_WAITING
			? _("You are on the waiting list. If a place becomes free, it is yours "
			    "and you get an e-mail.")
		    : mine.place == PLACE_ONLINE ? _("You are registered, online.")
						 : _("You are registered, on site."));
		html_fmt(o, "<p>%s</p>\n",
			 mine.named ? _("Fellow attendees and the organisers see you as you appear "
					"in the network.")
				    : _("Nobody sees your name: others see only how many are "
					"registered."));
		struct access_needs needs;
		bool has_needs;
		if ((err = needs_of_registration(c, &r->app->keys, &r->arena, &mine, &needs,
						 &has_needs)))
			return err;
		html_fmt(o, "<p>%s %s</p>\n",
			 has_needs ? _("Your access needs for this event:")
				   : _("You gave no access needs for this event."),
			 has_needs ? needs_labels(&r->arena, &needs) : "");
		if (has_needs && *needs.other)
			html_fmt(o, "<p>%s %s</p>\n", _("In your own words:"), needs.other);
		if (e.ends_at > time_now())
			html_fmt(o, "<p><a href=\"/events/%lld/needs\">%s</a></p>\n",
				 (long long)e.id, _("Change your access needs"));
		/* After the event: the anonymous feedback (feedback_pages.c). */
		bool answered;
		if (mine.state == REG_CONFIRMED && e.state != EVENT_CANCELLED &&
		    e.ends_at <= time_now()) {
			if ((err = feedback_answered(c, &r->app->keys, &r->arena, &e, r->user_id,
						     &answered)))
				return err;
			if (answered)
				html_fmt(o, "<p>%s</p>\n",
					 _("You gave your feedback on this event. Thank you."));
			else
				html_fmt(
				    o,
				    "<p><a class=\"button\" href=\"/events/%lld/feedback\">%s</a>"
				    "</p>\n",
				    (long long)e.id, _("How was it? Give your feedback"));
		}
		html_fmt(o, "<p><a href=\"/events/%lld/cancel\">%s</a></p>\n", (long long)e.id,
			 _("Cancel your registration"));
	} else if (e.state == EVENT_PUBLISHED && e.starts_at > time_now() &&
		   time_now() <= e.deadline) {
		/* To others, only whether there is room: no figure about a few people. */
		if ((!e.room_id || full_site) && (!e.online || full_online))
			html_fmt(o, "<p>%s</p>\n",
				 _("The event is full. You can go on the waiting list."));
		html_fmt(o, "<p><a class=\"button\" href=\"/events/%lld/register\">%s</a></p>\n",
			 (long long)e.id, _("Register"));
	} else {
		html_fmt(o, "<p>%s</p>\n", _("Registering for this event is closed."));
	}
	/* Who comes: for those registered and the organisers, in numbers and with the names of
	 * those who chose to be named. */
	if ((registered && mine.state == REG_CONFIRMED) || organiser) {
		const char **names;
		size_t nnames;
		if ((err = events_attendee_names(c, &r->app->keys, &r->arena, &e, &names, &nnames)))
			return err;
		html_fmt(o, "<h2>%s</h2>\n", _("Who comes"));
		html_fmt(o, "<p>%s %lld · %s %lld · %s %lld</p>\n", _("On site:"),
			 (long long)counts.site_confirmed, _("online:"),
			 (long long)counts.online_confirmed, _("waiting list:"),
			 (long long)(counts.site_waiting + counts.online_waiting));
		if (nnames) {
			html_lit(o, "<ul>\n");
			for (size_t i = 0; i < nnames; i++)
				html_fmt(o, "<li>%s</li>\n", names[i]);
			html_lit(o, "</ul>\n");
		}
		html_fmt(o, "<p class=\"hint\">%s</p>\n",
			 _("Only those who chose to be named are listed; the others are only "
			   "counted."));
	}
	html_fmt(o, "<h2>%s</h2>\n<ul>\n", _("In your calendar"));
	html_fmt(o, "<li><a href=\"/events/%lld.ics\">%s</a></li>\n", (long long)e.id,
		 _("Add to your calendar"));
	html_fmt(o, "<li><a href=\"/events/%lld.ics?title=neutral\">%s</a></li>\n</ul>\n",
		 (long long)e.id, _("Add to your calendar under a neutral title"));
	html_fmt(
	    o, "<p class=\"hint\">%s</p>\n",
	    _("Others who can see your calendar then see only \"Appointment\": the details are "
	      "in the description, and the entry is marked private."));
	if (organiser)
		html_fmt(o,
			 "<h2>%s</h2>\n<ul>\n<li><a href=\"/events/%lld/edit\">%s</a></li>\n"
			 "<li><a href=\"/events/%lld/arrangements\">%s</a></li>\n"
			 "<li><a href=\"/events/%lld/answers\">%s</a></li>\n</ul>\n",
			 _("For the organisers"), (long long)e.id, _("Change the event"),
			 (long long)e.id, _("Arrangements for access needs"), (long long)e.id,
			 _("Feedback from those who came"));
	view_end(r);
	return KR_OK;
}

/* ---- registering and cancelling ---- */

static int
register_render(struct request *r, const struct event *e, bool neutral,
		const struct access_needs *profile, bool has_profile, int64_t keep_days)
{
	struct page pg = { .title = _("Register"), .lead = _("Step 1 of 2: how do you come?") };
	event_begin(r, &pg, e, pg.title);
	struct strbuf *o = &r->out;
	form_begin(o, arena_printf(&r->arena, "/events/%lld/register", (long long)e->id),
		   r->csrf_token);
	if (e->room_id && e->online) {
		const struct form_option places[] = {
			{ "site", _("On site"), NULL, NULL },
			{ "online", _("Online"), NULL, NULL },
		};
		form_radios(o, &(struct form_choice){ .name = "place",
						      .legend = _("Where do you take part?"),
						      .options = places,
						      .noptions = ARRAY_SIZE(places),
						      .selected = "site" });
	} else {
		html_fmt(o, "<input type=\"hidden\" name=\"place\" value=\"%s\">\n",
			 e->online ? "online" : "site");
	}
	form_checkbox(o, "named", _("Show me to the others who come"),
		      _("Then fellow attendees and the organisers see you as you appear in the "
			"network: your name, your pseudonym, or nothing if you follow silently. "
			"Without a tick they only see how many come."),
		      false);
	form_checkbox(o, "neutral", _("A neutral title in my calendar"),
		      _("You get an invitation by e-mail for your calendar. With a tick it is "
			"called \"Appointment\" there, and the details are only in its "
			"description: people who can see your calendar do not see what it is."),
		      neutral);
	needs_fieldset(r, profile, has_profile, keep_days, NULL);
	form_submit(o, _("Yes, register"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/events/%lld\">%s</a></p>\n", (long long)e->id,
		 _("No, back to the event"));
	view_end(r);
	return KR_OK;
}

int
page_event_register(struct request *r)
{
	struct event e;
	bool organiser;
	int err = load_event(r, &e, &organiser);
	bool pref = false, has_profile = false;
	struct access_needs profile = { 0, "" };
	int64_t keep_days = 0;
	if (!err)
		err = events_neutral_pref(app_db(r), r->user_id, &pref);
	if (!err)
		err = needs_profile_get(app_db(r), &r->app->keys, &r->arena, r->user_id, &profile,
					&has_profile);
	if (!err)
		err = needs_keep_days(app_db(r), &keep_days);
	return err ? err
		   : register_render(r, &e, events_neutral_default(&e, pref), &profile, has_profile,
				     keep_days);
}

int
page_event_register_post(struct request *r)
{
	struct event e;
	bool organiser;
	int err = load_event(r, &e, &organiser);
	if (err)
		return err;
	const char *p = req_form(r, "place");
	const char *named = req_form(r, "named");
	const char *neutral = req_form(r, "neutral");
	struct reg_choice ch = { .place = PLACE_SITE,
				 .named = named != NULL,
				 .neutral = neutral != NULL };
	if ((named && strcmp(named, "1") != 0) || (neutral && strcmp(neutral, "1") != 0))
		return KR_EINVAL;
	if (p && strcmp(p, "online") == 0)
		ch.place = PLACE_ONLINE;
	else if (!p || strcmp(p, "site") != 0)
		return KR_EINVAL;
	struct access_needs needs;
	bool keep;
	if ((err = needs_from_form(r, &needs, &keep)))
		return err;
	ch.needs = &needs;
	struct registration reg;
	enum reg_refusal why;
	const struct events_mail m = mail_of(r);
	err = events_register(app_db(r), &r->app->keys, &r->arena, e.id, r->user_id, &ch, &m,
			      time_now(), &reg, &why);
	if (err == KR_EINVAL) {
		switch (why) {
		case REFUSE_TWICE:
			return refusal_page(r, &e, 409, _("You are registered already"),
					    _("You are registered for this event already. Nothing "
					      "has changed."));
		case REFUSE_DEADLINE:
			return refusal_page(r, &e, 409, _("Registering has closed"),
					    _("The registration deadline has passed. Nothing has "
					      "changed."));
		case REFUSE_NOT_ALLOWED:
			return refusal_page(r, &e, 403, _("This event is not open to you"),
					    _("This event is for members of the network. Nothing "
					      "has changed."));
		case REFUSE_NO_SUCH_PLACE:
			return refusal_page(
			    r, &e, 400, _("Choose where you take part"),
			    _("This event is not held there. Nothing has changed."));
		case REFUSE_NEEDS:
			return refusal_page(r, &e, 400, _("Check your access needs"),
					    arena_printf(&r->arena, "%s %s", _(needs_check(&needs)),
							 _("Nothing has changed.")));
		default:
			return refusal_page(r, &e, 409, _("Registering has closed"),
					    _("This event is not open for registration. Nothing "
					      "has changed."));
		}
	}
	if (err)
		return err;
	/* The profile after the registration: a registration never waits on it. */
	if (keep &&
	    (err = needs_profile_set(app_db(r), &r->app->keys, &r->arena, r->user_id, &needs)))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/events/%lld?done=%s", (long long)e.id,
				      reg.state == REG_WAITING ? "waiting" : "registered"));
	return KR_OK;
}

int
page_event_cancel(struct request *r)
{
	struct event e;
	bool organiser;
	int err = load_event(r, &e, &organiser);
	if (err)
		return err;
	struct registration mine;
	err = events_registration_of(app_db(r), &r->app->keys, &r->arena, e.id, r->user_id, &mine);
	if (err == KR_ENOTFOUND)
		return refusal_page(r, &e, 409, _("You are not registered"),
				    _("You are not registered for this event, so there is nothing "
				      "to cancel."));
	if (err)
		return err;
	struct page pg = { .title = _("Cancel your registration"),
			   .lead = _("Step 1 of 2: are you sure?") };
	event_begin(r, &pg, &e, pg.title);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n",
		 _("Your registration is erased at once. If you had a place, the first person on "
		   "the waiting list gets it."));
	form_begin(o, arena_printf(&r->arena, "/events/%lld/cancel", (long long)e.id),
		   r->csrf_token);
	form_submit(o, _("Yes, cancel"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/events/%lld\">%s</a></p>\n", (long long)e.id,
		 _("No, keep my registration"));
	view_end(r);
	return KR_OK;
}

int
page_event_cancel_post(struct request *r)
{
	struct event e;
	bool organiser;
	int err = load_event(r, &e, &organiser);
	if (err)
		return err;
	/* Only one's own registration: the account is the signed-in person's, never a field. */
	const struct events_mail m = mail_of(r);
	err = events_cancel(app_db(r), &r->app->keys, &r->arena, e.id, r->user_id, &m, time_now());
	if (err == KR_ENOTFOUND)
		return refusal_page(r, &e, 409, _("You are not registered"),
				    _("You are not registered for this event, so there is nothing "
				      "to cancel."));
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/events/%lld?done=cancelled", (long long)e.id));
	return KR_OK;
}

/* ---- the calendar default (GET and POST /events/calendar) ---- */

struct calendar_values {
	const char *title; /* "full" or "neutral" */
};

static int
calendar_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct calendar_values *v = fp->values;
	const char *done = req_query(r, "done");
	struct page pg = {
		.title = _("Your calendar"),
		.lead = _("When you register for an event, you get an invitation by e-mail that "
			  "puts it in your calendar. Managers, assistants and colleagues often "
			  "see a calendar: choose what they can read there."),
		.has_errors = form_page_failed(fp),
		.notice = done && strcmp(done, "saved") == 0 ? _("Your choice is saved.") : NULL,
	};
	event_begin(r, &pg, NULL, pg.title);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, "/events/calendar", r->csrf_token);
	const struct form_option titles[] = {
		{ "full", _("The title of the event"), NULL, NULL },
		{ "neutral", _("\"Appointment\""),
		  _("The details are then only in the description of the entry."), NULL },
	};
	form_radios(o, &(struct form_choice){
			   .name = "title",
			   .legend = _("What is an event called in your calendar?"),
			   .hint = _("This is what the registration form offers you each time; you "
				     "can choose otherwise there. A subgroup meeting is always "
				     "offered as \"Appointment\". Every entry is marked private."),
			   .error = form_problem_of(fp, "title"),
			   .options = titles,
			   .noptions = ARRAY_SIZE(titles),
			   .selected = v->title });
	form_submit(o, _("Save"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/events\">%s</a></p>\n", _("Back to the events"));
	view_end(r);
	return KR_OK;
}

static int
calendar_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct calendar_values *v = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *title = field(r, "title");
	bool neutral = strcmp(title, "neutral") == 0;
	if (!neutral && strcmp(title, "full") != 0) {
		form_problem(fp, "title", _("Choose what an event is called in your calendar."));
		return KR_OK;
	}
	v->title = neutral ? "neutral" : "full";
	int err = events_neutral_pref_set(c, r->user_id, neutral);
	if (err)
		return err;
	fp->done = "/events/calendar?done=saved";
	return KR_OK;
}

static const struct form_page_ops calendar_ops = { calendar_save, calendar_render };

int
page_events_calendar(struct request *r)
{
	bool neutral = false;
	struct db_conn *c = app_db(r);
	int err = c ? events_neutral_pref(c, r->user_id, &neutral) : KR_EDB;
	if (err)
		return err;
	struct calendar_values v = { neutral ? "neutral" : "full" };
	return form_page_show(r, &calendar_ops, &v);
}

int
page_events_calendar_post(struct request *r)
{
	struct calendar_values v = { "full" };
	return form_page_post(r, &calendar_ops, &v);
}

/* ---- calendar feeds (GET and POST /events/feeds, the feeds themselves) ---- */

/* The address of a feed with its token. */
static const char *
feed_address(struct request *r, const char *slug, const char *token)
{
	if (slug)
		return arena_printf(&r->arena, "%s/n/%s/calendar/%s.ics", r->app->base_url, slug,
				    token);
	return arena_printf(&r->arena, "%s/me/calendar/%s.ics", r->app->base_url, token);
}

/* One feed's section: since when it exists, the new address when just made, and the button
 * that makes a new one (feed "me" or a network's slug). */
static void
feed_section(struct request *r, const char *heading, const char *lead, const char *feed,
	     const char *slug, int64_t since, const char *token)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", heading, lead);
	if (token) {
		html_fmt(
		    o, "<p>%s</p>\n<p><code class=\"feed-address\">%s</code></p>\n",
		    _("Your new address. Copy it now: Kring keeps only a fingerprint of it and "
		      "cannot show it again. The old address no longer works."),
		    feed_address(r, slug, token));
	} else if (since) {
		struct local_time t;
		events_utc_to_local(since, &t);
		html_fmt(o, "<p>%s %s.</p>\n",
			 _("There is an address for this feed. It was made on"),
			 arena_printf(&r->arena, "%04d-%02d-%02d", t.year, t.month, t.day));
	} else {
		html_fmt(o, "<p>%s</p>\n", _("There is no address for this feed yet."));
	}
	form_begin(o, "/events/feeds", r->csrf_token);
	html_fmt(o, "<input type=\"hidden\" name=\"feed\" value=\"%s\">\n", feed);
	form_submit(o, since || token ? _("Make a new address") : _("Make an address"));
	form_end(o);
}

/* The page, with the new token of `fresh` (a feed name) when one was just made. */
static int
feeds_render(struct request *r, const char *fresh, const char *token)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct network *nws;
	size_t nn;
	int err = org_networks(c, &r->arena, &nws, &nn);
	int64_t since = 0;
	if (err || (err = events_feed_since(c, r->user_id, 0, &since)))
		return err;
	struct page pg = {
		.title = _("Calendar feeds"),
		.lead =
		    _("A feed puts events in your calendar app and keeps them up to date. Anyone "
		      "who has the address can read the feed: keep it to yourself, and make a "
		      "new address if it got out."),
	};
	event_begin(r, &pg, NULL, pg.title);
	bool mine = fresh && strcmp(fresh, "me") == 0;
	feed_section(r, _("Your registrations"),
		     _("The events you have a place for, as you chose them: under a neutral title "
		       "where you asked for one, marked private, with nobody else in them."),
		     "me", NULL, since, mine ? token : NULL);
	int64_t *team;
	size_t nt;
	if ((err = org_core_team_networks(c, &r->arena, r->user_id, &team, &nt)))
		return err;
	for (size_t i = 0; i < nn; i++) {
		if (!org_id_in(team, nt, nws[i].id))
			continue;
		if ((err = events_feed_since(c, 0, nws[i].id, &since)))
			return err;
		bool this = fresh && strcmp(fresh, nws[i].slug) == 0;
		feed_section(r, arena_printf(&r->arena, "%s %s", _("Events of"), nws[i].name),
			     _("The network's events for the whole organisation, for people who "
			       "want them in their calendar. Subgroup meetings are called "
			       "\"Appointment\"; nobody's registration is in it."),
			     nws[i].slug, nws[i].slug, since, this ? token : NULL);
	}
	view_end(r);
	return KR_OK;
}

int
page_events_feeds(struct request *r)
{
	return feeds_render(r, NULL, NULL);
}

int
page_events_feeds_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *feed = req_form(r, "feed");
	if (!feed || !*feed)
		return KR_EINVAL;
	int64_t account_id = 0, network_id = 0;
	if (strcmp(feed, "me") == 0) {
		account_id = r->user_id;
	} else {
		struct network nw;
		int err = org_network_by_slug(c, &r->arena, feed, &nw);
		if (err == KR_ENOTFOUND)
			return KR_EINVAL;
		if (err)
			return err;
		/* A network's feed is its core team's to renew. */
		if (!org_is_core_team(c, nw.id, r->user_id))
			return KR_EFORBIDDEN;
		network_id = nw.id;
	}
	char token[EVENTS_FEED_TOKEN_LEN + 1];
	int err = events_feed_renew(c, account_id, network_id, token, time_now());
	if (err)
		return err;
	resp_header(r, "Cache-Control", "no-store");
	err = feeds_render(r, feed, token);
	sodium_memzero(token, sizeof(token));
	return err;
}

/* The token of a feed's address ("TOKEN.ics"), or NULL. */
static const char *
feed_token(struct request *r, int idx)
{
	struct str t = r->params[idx];
	if (!t.p || t.len != EVENTS_FEED_TOKEN_LEN + 4 ||
	    memcmp(t.p + EVENTS_FEED_TOKEN_LEN, ".ics", 4) != 0)
		return NULL;
	return arena_strndup(&r->arena, t.p, EVENTS_FEED_TOKEN_LEN);
}

static int
feed_send(struct request *r, const char *ics)
{
	resp_header(r, "Cache-Control", "private, no-store");
	resp_header(r, "X-Robots-Tag", "noindex");
	return view_bytes(r, "text/calendar; charset=utf-8", ics, strlen(ics));
}

/* GET /me/calendar/{token}.ics: no sign-in (a calendar app fetches it); the token is all. */
int
page_my_calendar_feed(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int64_t account_id, network_id;
	int err = events_feed_owner(c, feed_token(r, 0), &account_id, &network_id);
	if (err)
		return err;
	struct account acc;
	if (!account_id || (err = auth_account_by_id(c, &r->arena, account_id, &acc)) ||
	    acc.disabled)
		return err && err != KR_ENOTFOUND ? err : KR_ENOTFOUND;
	char *ics;
	if ((err = events_feed_account(c, &r->app->keys, &r->arena, account_id, r->app->base_url,
				       &ics)))
		return err;
	return feed_send(r, ics);
}

/* GET /n/{slug}/calendar/{token}.ics: the network's feed, for whoever has the address. */
int
page_network_calendar_feed(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int64_t account_id, network_id;
	int err = events_feed_owner(c, feed_token(r, 1), &account_id, &network_id);
	if (err)
		return err;
	struct network nw;
	const char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	if ((err = org_network_by_slug(c, &r->arena, slug, &nw)))
		return err;
	if (nw.id != network_id)
		return KR_ENOTFOUND;
	char *ics;
	if ((err = events_feed_network(c, &r->app->keys, &r->arena, nw.id, r->app->base_url, &ics)))
		return err;
	return feed_send(r, ics);
}

/* ---- the walks ---- */

int
events_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	return events_erase_account(c, k, account_id);
}

int
events_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int64_t n;
	int64_t keep, nn = 0;
	int err = needs_keep_days(c, &keep);
	if (!err)
		err = needs_retention_erase(c, ctx->now, keep, &nn);
	if (!err && nn)
		retention_erased(ctx, "access needs of events", nn);
	if (!err)
		err = events_retention_erase(c, ctx->now, EVENTS_KEEP_DAYS, &n);
	if (!err && n)
		retention_erased(ctx, "event registrations", n);
	return err;
}

/* The needs as the download shows them: their codes, and the own words. */
static json_t *
needs_json(const struct access_needs *n)
{
	json_t *j = json_object(), *list = json_array();
	for (int i = 0; i < NEED_COUNT; i++)
		if (n->mask & (1u << i))
			json_array_append_new(list, json_string(access_needs_list[i].code));
	json_object_set_new(j, "needs", list);
	json_object_set_new(j, "in_own_words", json_string(n->other));
	return j;
}

int
events_my_data(struct my_data *md)
{
	struct registration *regs;
	struct event *evs;
	size_t n;
	bool neutral = false;
	int64_t feed_since = 0;
	int err =
	    events_registrations_of_account(md->c, md->k, md->a, md->account_id, &regs, &evs, &n);
	struct access_needs profile;
	bool has_profile;
	if (err || (err = events_neutral_pref(md->c, md->account_id, &neutral)) ||
	    (err = events_feed_since(md->c, md->account_id, 0, &feed_since)) ||
	    (err = needs_profile_get(md->c, md->k, md->a, md->account_id, &profile, &has_profile)))
		return err;
	struct access_needs *needs = ARENA_ARRAY(md->a, struct access_needs, n ? n : 1);
	bool *has_needs = ARENA_ARRAY(md->a, bool, n ? n : 1);
	bool *answered = ARENA_ARRAY(md->a, bool, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		if ((err = needs_of_registration(md->c, md->k, md->a, &regs[i], &needs[i],
						 &has_needs[i])) ||
		    (err = events_store_answered(md->c, regs[i].id, &answered[i])))
			return err;
	if (md->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *j = json_object();
			if (has_needs[i])
				json_object_set_new(j, "access_needs", needs_json(&needs[i]));
			json_object_set_new(j, "event", json_string(evs[i].title));
			json_object_set_new(j, "event_id", json_integer(evs[i].id));
			json_object_set_new(j, "starts_at", json_integer(evs[i].starts_at));
			json_object_set_new(
			    j, "place",
			    json_string(regs[i].place == PLACE_ONLINE ? "online" : "site"));
			json_object_set_new(
			    j, "state",
			    json_string(regs[i].state == REG_WAITING ? "waiting" : "confirmed"));
			json_object_set_new(j, "named", json_boolean(regs[i].named));
			json_object_set_new(j, "neutral_title", json_boolean(regs[i].neutral));
			/* That one answered, never the answer: nothing links it to anyone. */
			json_object_set_new(j, "gave_feedback", json_boolean(answered[i]));
			json_object_set_new(j, "registered_at",
					    json_integer(regs[i].registered_at));
			json_array_append_new(arr, j);
		}
		json_object_set_new(md->json, "event_registrations", arr);
		json_object_set_new(md->json, "access_needs_profile",
				    has_profile ? needs_json(&profile) : json_null());
		json_object_set_new(md->json, "event_calendar_neutral_title",
				    json_boolean(neutral));
		/* When the feed's address was made; the token itself is not kept. */
		json_object_set_new(md->json, "event_calendar_feed_since",
				    feed_since ? json_integer(feed_since) : json_null());
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n<p>%s</p>\n", _("Your event registrations"),
		 neutral ? _("In your calendar, events are called \"Appointment\" by default.")
			 : _("In your calendar, events are called by their title by default."),
		 feed_since ? _("You have a calendar feed of your registrations.")
			    : _("You have no calendar feed."));
	html_fmt(o, "<h3>%s</h3>\n", _("Your access needs"));
	if (has_profile) {
		html_fmt(o, "<p>%s %s</p>\n", _("You keep these for your next registrations:"),
			 needs_labels(md->a, &profile));
		if (*profile.other)
			html_fmt(o, "<p>%s</p>\n", profile.other);
	} else {
		html_fmt(o, "<p>%s</p>\n", _("You keep no access needs."));
	}
	if (!n) {
		html_fmt(o, "<p>%s</p>\n", _("You are not registered for any event."));
		return KR_OK;
	}
	html_lit(o, "<ul>\n");
	for (size_t i = 0; i < n; i++) {
		html_fmt(o, "<li><a href=\"/events/%lld\">%s</a>: %s, %s%s%s", (long long)evs[i].id,
			 evs[i].title,
			 regs[i].state == REG_WAITING ? _("on the waiting list") : _("registered"),
			 regs[i].place == PLACE_ONLINE ? _("online") : _("on site"),
			 regs[i].named ? _(", named to others") : "",
			 regs[i].neutral ? _(", as \"Appointment\" in your calendar") : "");
		if (has_needs[i])
			html_fmt(o, ". %s %s%s%s", _("Your access needs:"),
				 needs_labels(md->a, &needs[i]), *needs[i].other ? ": " : "",
				 needs[i].other);
		if (answered[i])
			html_fmt(o, ". %s",
				 _("You gave anonymous feedback on it (the answer is not "
				   "linked to you, so it is not part of your data)"));
		html_lit(o, "</li>\n");
	}
	html_lit(o, "</ul>\n");
	html_fmt(o, "<p>%s</p>\n", _("Registrations are erased 30 days after the event."));
	return KR_OK;
}

/* ---- the awareness calendar ---- */

static const char *const month_names[] = {
	N_("January"),	 N_("February"), N_("March"),	 N_("April"),
	N_("May"),	 N_("June"),	 N_("July"),	 N_("August"),
	N_("September"), N_("October"),	 N_("November"), N_("December"),
};
static const char *const weekday_names[] = {
	N_("Monday"), N_("Tuesday"),  N_("Wednesday"), N_("Thursday"),
	N_("Friday"), N_("Saturday"), N_("Sunday"),
};

/* "3 December 2026", or "5 October 2026 to 10 October 2026". */
static const char *
awareness_dates(struct request *r, const struct awareness_when *w)
{
	const char *first = arena_printf(&r->arena, "%d %s %d", w->first.day,
					 _(month_names[w->first.month - 1]), w->first.year);
	if (w->day.days == 1)
		return first;
	const char *last = arena_printf(&r->arena, "%d %s %d", w->last.day,
					_(month_names[w->last.month - 1]), w->last.year);
	return arena_printf(&r->arena, "%s %s %s", first, _("to"), last);
}

/* The occurrence of d that has not ended yet: this year's, else next year's. */
static int
next_occurrence(struct request *r, const struct awareness_day *d, struct awareness_when *out)
{
	struct local_time today;
	events_utc_to_local(time_now(), &today);
	struct db_conn *c = app_db(r);
	int err = awareness_in_year(c, &r->arena, d, today.year, out);
	if (err && err != KR_ENOTFOUND)
		return err;
	bool ended = err || out->last.year < today.year ||
		     (out->last.year == today.year &&
		      (out->last.month < today.month ||
		       (out->last.month == today.month && out->last.day < today.day)));
	if (ended)
		err = awareness_in_year(c, &r->arena, d, today.year + 1, out);
	return err;
}

/* The days coming up in the organisation's number of weeks: on a network's page (slug),
 * where its core team gets the invitation to plan an activity, and on the list of events. */
static int
awareness_section(struct request *r, const struct org *org, const char *slug, bool team)
{
	struct db_conn *c = app_db(r);
	int64_t weeks;
	struct awareness_when *w;
	size_t n;
	int err = awareness_weeks(c, &weeks);
	if (!err)
		err = awareness_upcoming(c, &r->arena, time_now(), weeks, &w, &n);
	if (err)
		return err;
	if (!n)
		return KR_OK;
	/* In low-stimulus mode, the next two only. */
	if (r->prefs.low_stimulus && n > 2)
		n = 2;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Awareness days coming up"));
	if (team)
		html_fmt(o, "<p>%s</p>\n",
			 _("Days and weeks to work towards. Plan an activity for one of them: a "
			   "lunch talk, a story, a stand in the hall."));
	html_lit(o, "<ul class=\"card-list\">\n");
	for (size_t i = 0; i < n; i++) {
		html_fmt(o, "<li class=\"card\">\n<h3 class=\"h3\" lang=\"%s\">%s</h3>\n<p>%s",
			 org->content_lang, w[i].day.name, awareness_dates(r, &w[i]));
		if (w[i].to_confirm)
			html_fmt(o, " <span class=\"tag\">%s</span>", _("date to be confirmed"));
		html_lit(o, "</p>\n");
		if (*w[i].day.about)
			html_fmt(o, "<p class=\"meta\" lang=\"%s\">%s</p>\n", org->content_lang,
				 w[i].day.about);
		if (team && slug)
			html_fmt(o,
				 "<p><a href=\"/events/new?network=%s&amp;day=%lld\">%s <span "
				 "lang=\"%s\">%s</span></a></p>\n",
				 slug, (long long)w[i].day.id, _("Plan an activity for"),
				 org->content_lang, w[i].day.name);
		html_lit(o, "</li>\n");
	}
	html_lit(o, "</ul>\n");
	return KR_OK;
}

/* The administrator's pages: the list with the weeks ahead and a form to add a day, and one
 * day's page to change it, confirm a year's date or remove it. */

struct day_values {
	struct awareness_day d;
	const char *kind, *month, *monthday, *ordinal, *weekday, *days, *weeks;
	const char *year, *date; /* confirming a year's date */
	bool editing;
};

static void
day_form(struct form_page *fp, const char *action)
{
	struct request *r = fp->r;
	struct day_values *v = fp->values;
	struct strbuf *o = &r->out;
	struct org org;
	int err = org_get(app_db(r), &r->arena, &org);
	const char *lang = err ? "nl" : org.content_lang;
	form_begin(o, action, r->csrf_token);
	form_input(o, &(struct form_field){ .name = "name",
					    .label = _("Name"),
					    .hint = _("For example: Week van de Toegankelijkheid."),
					    .value = v->d.name,
					    .lang = lang,
					    .maxlength = AWARENESS_NAME_MAX,
					    .required = true,
					    .error = form_problem_of(fp, "name") });
	form_input(o, &(struct form_field){ .name = "about",
					    .label = _("What it is about (optional)"),
					    .hint = _("One line, at most 1,000 characters."),
					    .value = v->d.about,
					    .lang = lang,
					    .maxlength = AWARENESS_ABOUT_MAX,
					    .error = form_problem_of(fp, "about") });
	struct form_option kinds[3] = {
		{ "date", _("On the same date every year"), NULL },
		{ "weekday", _("On a weekday of a month"),
		  _("For example: the first Monday of October.") },
		{ "keep", _("Keep the rule it has"), NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "kind",
					      .legend = _("When is it?"),
					      .options = kinds,
					      .noptions = v->editing ? 3 : 2,
					      .selected = v->kind,
					      .error = form_problem_of(fp, "rule") });
	struct form_option months[12], weekdays[7], days[31];
	for (int i = 0; i < 12; i++)
		months[i] = (struct form_option){ arena_printf(&r->arena, "%d", i + 1),
						  _(month_names[i]), NULL };
	for (int i = 0; i < 7; i++)
		weekdays[i] = (struct form_option){ arena_printf(&r->arena, "%d", i),
						    _(weekday_names[i]), NULL };
	for (int i = 0; i < 31; i++)
		days[i] = (struct form_option){ arena_printf(&r->arena, "%d", i + 1),
						arena_printf(&r->arena, "%d", i + 1), NULL };
	const struct form_option ordinals[] = {
		{ "1", _("first"), NULL },  { "2", _("second"), NULL }, { "3", _("third"), NULL },
		{ "4", _("fourth"), NULL }, { "-1", _("last"), NULL },
	};
	form_select(o, &(struct form_choice){ .name = "month",
					      .legend = _("Month"),
					      .options = months,
					      .noptions = 12,
					      .selected = v->month });
	form_select(o, &(struct form_choice){ .name = "monthday",
					      .legend = _("Date in the month"),
					      .hint = _("With \"on the same date every year\"."),
					      .options = days,
					      .noptions = 31,
					      .selected = v->monthday });
	form_select(o, &(struct form_choice){ .name = "ordinal",
					      .legend = _("Which one"),
					      .hint = _("With \"on a weekday of a month\"."),
					      .options = ordinals,
					      .noptions = ARRAY_SIZE(ordinals),
					      .selected = v->ordinal });
	form_select(o, &(struct form_choice){ .name = "weekday",
					      .legend = _("Weekday"),
					      .options = weekdays,
					      .noptions = 7,
					      .selected = v->weekday });
	form_input(o, &(struct form_field){ .name = "days",
					    .label = _("How many days"),
					    .hint = _("1 for a day, 7 for a week."),
					    .type = "number",
					    .min = 1,
					    .max = AWARENESS_DAYS_MAX,
					    .value = v->days,
					    .required = true,
					    .error = form_problem_of(fp, "days") });
	form_checkbox(o, "organiser_sets", _("Its organiser sets the date each year"),
		      _("The date above is then the usual one, shown as \"date to be confirmed\" "
			"until you confirm that year's date."),
		      v->d.organiser_sets);
	form_submit(o, _("Save"));
	form_end(o);
}

static void
day_values_of(struct request *r, struct day_values *v)
{
	v->kind = "keep";
	v->month = "1";
	v->monthday = "1";
	v->ordinal = "1";
	v->weekday = "0";
	v->days = arena_printf(&r->arena, "%d", v->d.days);
	v->editing = true;
}

/* The rule the form describes (KR_EINVAL with a problem on "rule"). */
static void
day_from_form(struct form_page *fp, struct day_values *v, const char *kept_rule)
{
	struct request *r = fp->r;
	v->d.name = field(r, "name");
	v->d.about = field(r, "about");
	v->kind = field(r, "kind");
	v->month = field(r, "month");
	v->monthday = field(r, "monthday");
	v->ordinal = field(r, "ordinal");
	v->weekday = field(r, "weekday");
	v->days = field(r, "days");
	v->d.organiser_sets = ticked(r, "organiser_sets");
	long month = 0, mday = 0, ord = 0, wd = 0, days = 0;
	bool nums = !str_to_long(str_from(v->month), 1, 12, &month) &&
		    !str_to_long(str_from(v->monthday), 1, 31, &mday) &&
		    !str_to_long(str_from(v->ordinal), -1, 4, &ord) &&
		    !str_to_long(str_from(v->weekday), 0, 6, &wd);
	v->d.days = str_to_long(str_from(v->days), 1, AWARENESS_DAYS_MAX, &days) ? 0 : (int)days;
	if (strcmp(v->kind, "keep") == 0 && kept_rule)
		v->d.rrule = kept_rule;
	else if (strcmp(v->kind, "date") == 0 && nums)
		v->d.rrule = awareness_rule_make(&r->arena, (int)month, (int)mday, 0, 0);
	else if (strcmp(v->kind, "weekday") == 0 && nums && ord != 0)
		v->d.rrule = awareness_rule_make(&r->arena, (int)month, 0, (int)ord, (int)wd);
	else
		v->d.rrule = NULL;
	struct event_problem p[8];
	size_t n = awareness_check(&v->d, p);
	for (size_t i = 0; i < n; i++)
		form_problem(fp, p[i].field, _(p[i].message));
}

static int
days_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct day_values *v = fp->values;
	struct db_conn *c = app_db(r);
	struct awareness_day *days;
	size_t n;
	int64_t weeks;
	struct org org;
	int err = awareness_days(c, &r->arena, &days, &n);
	if (!err)
		err = awareness_weeks(c, &weeks);
	if (!err)
		err = org_get(c, &r->arena, &org);
	if (err)
		return err;
	const char *done = req_query(r, "done");
	struct crumb crumbs[] = { { _("Administration"), "/admin", NULL },
				  { _("Awareness days"), NULL, NULL } };
	const struct page pg = {
		.title = _("Awareness days"),
		.lead =
		    _("Days and weeks the networks work towards. Each network sees the ones "
		      "coming up, with an invitation to plan an activity, and the list of events "
		      "shows them too."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
		.notice = !done				 ? NULL
			  : strcmp(done, "removed") == 0 ? _("The day has been removed.")
							 : _("Your changes are saved."),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	view_table_begin(r, _("Awareness days"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		 "</thead>\n<tbody>\n",
		 _("Day or week"), _("Next"));
	for (size_t i = 0; i < n; i++) {
		struct awareness_when w;
		err = next_occurrence(r, &days[i], &w);
		if (err && err != KR_ENOTFOUND)
			return err;
		html_fmt(o,
			 "<tr><td><a href=\"/admin/awareness/%lld\" lang=\"%s\">%s</a></td><td>%s",
			 (long long)days[i].id, org.content_lang, days[i].name,
			 err ? "" : awareness_dates(r, &w));
		if (!err && w.to_confirm)
			html_fmt(o, " <span class=\"tag\">%s</span>", _("date to be confirmed"));
		html_lit(o, "</td></tr>\n");
	}
	html_lit(o, "</tbody>\n</table>\n</div>\n");
	html_fmt(o, "<h2>%s</h2>\n", _("How far ahead"));
	form_begin(o, "/admin/awareness/weeks", r->csrf_token);
	form_input(
	    o, &(struct form_field){
		   .name = "weeks",
		   .label = _("Weeks ahead that a network sees a day coming"),
		   .hint = _("From 1 to 26 weeks."),
		   .type = "number",
		   .min = AWARENESS_WEEKS_MIN,
		   .max = AWARENESS_WEEKS_MAX,
		   .value = v->weeks ? v->weeks : arena_printf(&r->arena, "%lld", (long long)weeks),
		   .required = true,
		   .error = form_problem_of(fp, "weeks") });
	form_submit(o, _("Save"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n", _("Add a day or week"));
	day_form(fp, "/admin/awareness");
	view_end(r);
	return KR_OK;
}

static int
days_add(struct form_page *fp)
{
	struct day_values *v = fp->values;
	day_from_form(fp, v, NULL);
	if (form_page_failed(fp))
		return KR_OK;
	int err = awareness_day_save(app_db(fp->r), &v->d);
	if (err == KR_ECONFLICT) {
		form_problem(fp, "name", _("There is a day with this name already."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/admin/awareness?done=added";
	return KR_OK;
}

static int
weeks_save(struct form_page *fp)
{
	struct day_values *v = fp->values;
	v->weeks = field(fp->r, "weeks");
	long w;
	if (str_to_long(str_from(v->weeks), AWARENESS_WEEKS_MIN, AWARENESS_WEEKS_MAX, &w)) {
		form_problem(fp, "weeks", _("Type a number of weeks from 1 to 26."));
		return KR_OK;
	}
	int err = awareness_weeks_set(app_db(fp->r), w);
	if (err)
		return err;
	fp->done = "/admin/awareness?done=saved";
	return KR_OK;
}

static const struct form_page_ops days_ops = { days_add, days_render };
static const struct form_page_ops weeks_ops = { weeks_save, days_render };

static void
new_day_values(struct day_values *v)
{
	*v = (struct day_values){ .kind = "date",
				  .month = "1",
				  .monthday = "1",
				  .ordinal = "1",
				  .weekday = "0",
				  .days = "1" };
}

int
page_admin_awareness(struct request *r)
{
	struct day_values v;
	new_day_values(&v);
	return form_page_show(r, &days_ops, &v);
}

int
page_admin_awareness_post(struct request *r)
{
	struct day_values v;
	new_day_values(&v);
	return form_page_post(r, &days_ops, &v);
}

int
page_admin_awareness_weeks_post(struct request *r)
{
	struct day_values v;
	new_day_values(&v);
	return form_page_post(r, &weeks_ops, &v);
}

/* One day's page. */
static int
day_load(struct request *r, struct day_values *v)
{
	memset(v, 0, sizeof(*v));
	int64_t id = id_param(r);
	if (!id)
		return KR_ENOTFOUND;
	int err = awareness_day_get(app_db(r), &r->arena, id, &v->d);
	if (!err)
		day_values_of(r, v);
	return err;
}

static int
day_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct day_values *v = fp->values;
	struct db_conn *c = app_db(r);
	struct org org;
	int err = org_get(c, &r->arena, &org);
	if (err)
		return err;
	struct awareness_day stored;
	if ((err = awareness_day_get(c, &r->arena, v->d.id, &stored)))
		return err;
	const char *done = req_query(r, "done");
	struct crumb crumbs[] = { { _("Administration"), "/admin", NULL },
				  { _("Awareness days"), "/admin/awareness", NULL },
				  { stored.name, NULL, org.content_lang } };
	const struct page pg = {
		.title = stored.name,
		.content_lang = org.content_lang,
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
		.notice = done ? _("Your changes are saved.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	const char *self = arena_printf(&r->arena, "/admin/awareness/%lld", (long long)v->d.id);
	/* This year and the next, each with its date as the rule or the administrator gives it. */
	struct local_time today;
	events_utc_to_local(time_now(), &today);
	html_fmt(o, "<h2>%s</h2>\n<ul>\n", _("Dates"));
	for (int y = today.year; y <= today.year + 1; y++) {
		struct awareness_when w;
		err = awareness_in_year(c, &r->arena, &stored, y, &w);
		if (err && err != KR_ENOTFOUND)
			return err;
		html_fmt(o, "<li>%d: %s", y, err ? "" : awareness_dates(r, &w));
		if (!err && w.to_confirm)
			html_fmt(o, " <span class=\"tag\">%s</span>", _("date to be confirmed"));
		html_lit(o, "</li>\n");
	}
	html_lit(o, "</ul>\n");
	html_fmt(o, "<h2>%s</h2>\n", _("Confirm a year's date"));
	form_begin(o, arena_printf(&r->arena, "%s/date", self), r->csrf_token);
	const struct form_option years[] = {
		{ arena_printf(&r->arena, "%d", today.year),
		  arena_printf(&r->arena, "%d", today.year), NULL },
		{ arena_printf(&r->arena, "%d", today.year + 1),
		  arena_printf(&r->arena, "%d", today.year + 1), NULL },
	};
	form_select(o, &(struct form_choice){ .name = "year",
					      .legend = _("Year"),
					      .options = years,
					      .noptions = 2,
					      .selected = v->year });
	form_input(
	    o, &(struct form_field){ .name = "date",
				     .label = _("First day"),
				     .hint = _("For example: 2027-03-15. Leave it empty to go back "
					       "to the usual date."),
				     .maxlength = 10,
				     .autocomplete = "off",
				     .value = v->date,
				     .error = form_problem_of(fp, "date") });
	form_submit(o, _("Confirm the date"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n", _("Change the day or week"));
	day_form(fp, self);
	html_fmt(o, "<h2>%s</h2>\n", _("Remove"));
	form_begin(o, arena_printf(&r->arena, "%s/delete", self), r->csrf_token);
	form_submit(o, _("Remove this day"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
day_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct day_values *v = fp->values;
	int err = day_load(r, v);
	if (err)
		return err;
	day_from_form(fp, v, v->d.rrule);
	if (form_page_failed(fp))
		return KR_OK;
	err = awareness_day_save(app_db(r), &v->d);
	if (err == KR_ECONFLICT) {
		form_problem(fp, "name", _("There is a day with this name already."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/admin/awareness/%lld?done=saved", (long long)v->d.id);
	return KR_OK;
}

static int
date_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct day_values *v = fp->values;
	int err = day_load(r, v);
	if (err)
		return err;
	v->year = field(r, "year");
	v->date = field(r, "date");
	long year;
	struct local_time today;
	events_utc_to_local(time_now(), &today);
	if (str_to_long(str_from(v->year), today.year, today.year + 1, &year))
		return KR_EINVAL; /* the form offers this year and the next only */
	err = awareness_confirm(app_db(r), v->d.id, (int)year, v->date);
	if (err == KR_EINVAL) {
		form_problem(fp, "date",
			     _("Type a date in the year you chose, as year-month-day, for example "
			       "2027-03-15."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/admin/awareness/%lld?done=saved", (long long)v->d.id);
	return KR_OK;
}

static const struct form_page_ops day_ops = { day_save, day_render };
static const struct form_page_ops date_ops = { date_save, day_render };

int
page_admin_awareness_day(struct request *r)
{
	struct day_values v;
	int err = day_load(r, &v);
	return err ? err : form_page_show(r, &day_ops, &v);
}

int
page_admin_awareness_day_post(struct request *r)
{
	struct day_values v;
	return form_page_post(r, &day_ops, &v);
}

int
page_admin_awareness_date_post(struct request *r)
{
	struct day_values v;
	return form_page_post(r, &date_ops, &v);
}

/* Two steps: the button on the day's page shows this question; confirm=1 removes it. */
int
page_admin_awareness_delete_post(struct request *r)
{
	struct day_values v;
	int err = day_load(r, &v);
	if (err)
		return err;
	const char *confirm = req_form(r, "confirm");
	const char *self = arena_printf(&r->arena, "/admin/awareness/%lld", (long long)v.d.id);
	if (!confirm) {
		struct org org;
		if ((err = org_get(app_db(r), &r->arena, &org)))
			return err;
		const struct page pg = { .title = _("Remove this day?"),
					 .lead = _("Step 2 of 2: the day goes from every network's "
						   "calendar. Events planned for it stay.") };
		view_begin(r, &pg);
		html_fmt(&r->out, "<p lang=\"%s\"><strong>%s</strong></p>\n", org.content_lang,
			 v.d.name);
		form_begin(&r->out, arena_printf(&r->arena, "%s/delete", self), r->csrf_token);
		html_lit(&r->out, "<input type=\"hidden\" name=\"confirm\" value=\"1\">\n");
		form_submit(&r->out, _("Yes, remove it"));
		form_end(&r->out);
		html_fmt(&r->out, "<p><a href=\"%s\">%s</a></p>\n", self, _("No, keep it"));
		view_end(r);
		return KR_OK;
	}
	if (strcmp(confirm, "1") != 0)
		return KR_EINVAL;
	if ((err = awareness_day_delete(app_db(r), v.d.id)))
		return err;
	resp_redirect(r, "/admin/awareness?done=removed");
	return KR_OK;
}
