// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/events (rooms kept by the administrator, events planned by a
 * network's core team, registering and cancelling in two steps), top to bottom, and its entry
 * in the features table (src/app/features.c). The server checks method, flags, body size and
 * the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/events/events.h"
#include "app/events/pages.h"

/* Text limits are in bytes, four per character of the service's limits, so that the service,
 * not the router, tells about a text that is too long. */
static const struct route_param room_form[] = {
	{ "csrf", 64 },
	{ "site", 20 },
	{ "room_name", 800 },
	{ "step_free", 1 },
	{ "accessible_toilet", 1 },
	{ "hearing_loop", 1 },
	{ "quiet_room", 1 },
	{ "disabled_parking", 1 },
	{ NULL, 0 },
};
static const struct route_param event_form[] = {
	{ "csrf", 64 },
	{ "kind", 32 },
	{ "title", 800 },
	{ "description", 32000 },
	{ "agenda", 32000 },
	{ "speakers", 32000 },
	{ "start_date", 10 },
	{ "start_time", 5 },
	{ "end_date", 10 },
	{ "end_time", 5 },
	{ "deadline_date", 10 },
	{ "deadline_time", 5 },
	{ "working_time", 1 },
	{ "audience", 16 },
	{ "room", 20 },
	{ "online", 1 },
	{ "meeting_url", 2000 },
	{ "capacity_site", 12 },
	{ "capacity_online", 12 },
	{ "state", 16 },
	{ NULL, 0 },
};
/* The access needs of needs.c, each a checkbox ("1"), the own words (300 characters) and
 * whether to keep them as one's profile. */
#define NEEDS_PARAMS                                                                               \
	{ "need_captions", 1 }, { "need_ngt", 1 }, { "need_loop", 1 }, { "need_step_free", 1 },    \
	    { "need_toilet", 1 }, { "need_seat_exit", 1 }, { "need_seat_front", 1 },               \
	    { "need_quiet", 1 }, { "need_breaks", 1 }, { "need_materials", 1 },                    \
	    { "need_large_print", 1 }, { "need_digital", 1 }, { "need_dietary", 1 },               \
	    { "need_dog", 1 }, { "need_companion", 1 }, { "need_other", 1200 },                    \
	{                                                                                          \
		"keep_needs", 1                                                                    \
	}
static const struct route_param register_form[] = {
	{ "csrf", 64 }, { "place", 8 }, { "named", 1 }, { "neutral", 1 }, NEEDS_PARAMS, { NULL, 0 },
};
static const struct route_param needs_form[] = { { "csrf", 64 }, NEEDS_PARAMS, { NULL, 0 } };
static const struct route_param profile_form[] = {
	{ "csrf", 64 },
	NEEDS_PARAMS,
	{ "delete", 1 },
	{ NULL, 0 },
};
static const struct route_param arrangement_form[] = {
	{ "csrf", 64 },
	{ "need", 32 },
	{ "done", 1 },
	{ NULL, 0 },
};
/* Feedback after the event: a rating, whether it was accessible, two texts of at most 1000
 * characters (4 bytes each at most). */
static const struct route_param feedback_form[] = {
	{ "csrf", 64 },	     { "rating", 1 },	  { "accessible", 8 },
	{ "improve", 4000 }, { "comment", 4000 }, { NULL, 0 },
};
static const struct route_param needs_days_form[] = {
	{ "csrf", 64 },
	{ "needs_days", 8 },
	{ NULL, 0 },
};
static const struct route_param calendar_form[] = { { "csrf", 64 }, { "title", 8 }, { NULL, 0 } };
static const struct route_param feeds_form[] = { { "csrf", 64 }, { "feed", 64 }, { NULL, 0 } };
static const struct route_param events_query[] = {
	{ "network", 64 },
	{ "done", 16 },
	{ "page", 8 },
	{ NULL, 0 },
};
/* One event's page takes the notice after a redirect; its calendar file (/events/{id}.ics,
 * the same route) a neutral title. */
static const struct route_param event_query[] = { { "done", 16 }, { "title", 8 }, { NULL, 0 } };
static const struct route_param new_query[] = { { "network", 64 }, { "day", 20 }, { NULL, 0 } };
static const struct route_param day_form[] = {
	{ "csrf", 64 }, { "name", 800 },	 { "about", 4000 }, { "kind", 16 },
	{ "month", 4 }, { "monthday", 4 },	 { "ordinal", 4 },  { "weekday", 4 },
	{ "days", 8 },	{ "organiser_sets", 1 }, { NULL, 0 },
};
static const struct route_param weeks_form[] = { { "csrf", 64 }, { "weeks", 8 }, { NULL, 0 } };
static const struct route_param date_form[] = {
	{ "csrf", 64 },
	{ "year", 8 },
	{ "date", 10 },
	{ NULL, 0 },
};
static const struct route_param delete_form[] = { { "csrf", 64 }, { "confirm", 1 }, { NULL, 0 } };

static const struct route routes[] = {
	{ HTTP_GET, "/admin/rooms", page_admin_rooms, ROUTE_SIGNIN, ROLE_ADMIN, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/admin/rooms", page_admin_rooms_post, ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN,
	  4096, NULL, room_form },
	{ HTTP_POST, "/admin/rooms/needs", page_admin_needs_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 256, NULL, needs_days_form },
	{ HTTP_GET, "/admin/awareness", page_admin_awareness, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/admin/awareness", page_admin_awareness_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 8192, NULL, day_form },
	/* Before /admin/awareness/{id}: "weeks" is never a day's id. */
	{ HTTP_POST, "/admin/awareness/weeks", page_admin_awareness_weeks_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, weeks_form },
	{ HTTP_GET, "/admin/awareness/{id}", page_admin_awareness_day, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/admin/awareness/{id}", page_admin_awareness_day_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 8192, NULL, day_form },
	{ HTTP_POST, "/admin/awareness/{id}/date", page_admin_awareness_date_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, date_form },
	{ HTTP_POST, "/admin/awareness/{id}/delete", page_admin_awareness_delete_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, delete_form },
	{ HTTP_GET, "/events", page_events, ROUTE_SIGNIN, 0, 0, events_query, NULL },
	/* Before /events/{id}: "new" is never an event's id. */
	{ HTTP_GET, "/events/new", page_event_new, ROUTE_SIGNIN, 0, 0, new_query, NULL },
	{ HTTP_POST, "/events/new", page_event_new_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 131072,
	  new_query, event_form },
	/* Before /events/{id} too: one's default for the title in one's calendar. */
	{ HTTP_GET, "/events/calendar", page_events_calendar, ROUTE_SIGNIN, 0, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/events/calendar", page_events_calendar_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, calendar_form },
	/* One's own profile of access needs (needs.c). */
	{ HTTP_GET, "/events/needs", page_events_needs, ROUTE_SIGNIN, 0, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/events/needs", page_events_needs_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 4096,
	  NULL, profile_form },
	/* Calendar feeds: made and renewed here, read by calendar apps without signing in (the
	 * token in the address is all; it is never logged). */
	{ HTTP_GET, "/events/feeds", page_events_feeds, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/events/feeds", page_events_feeds_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 256,
	  NULL, feeds_form },
	{ HTTP_GET, "/me/calendar/{token}", page_my_calendar_feed, ROUTE_NOLOG_PATH, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/n/{slug}/calendar/{token}", page_network_calendar_feed, ROUTE_NOLOG_PATH, 0,
	  0, NULL, NULL },
	{ HTTP_GET, "/events/{id}", page_event, ROUTE_SIGNIN, 0, 0, event_query, NULL },
	{ HTTP_GET, "/events/{id}/edit", page_event_edit, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/events/{id}/edit", page_event_edit_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  131072, NULL, event_form },
	/* Registering and cancelling, each in two steps: the page, then its POST. */
	{ HTTP_GET, "/events/{id}/register", page_event_register, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/events/{id}/register", page_event_register_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  0, 4096, NULL, register_form },
	/* The needs of one's registration, and the organisers' checklist of them. */
	{ HTTP_GET, "/events/{id}/needs", page_event_needs, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/events/{id}/needs", page_event_needs_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  4096, NULL, needs_form },
	{ HTTP_GET, "/events/{id}/arrangements", page_event_arrangements, ROUTE_SIGNIN, 0, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/events/{id}/arrangements", page_event_arrangements_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, arrangement_form },
	/* Feedback after the event: anonymous, so the form and its POST log their pattern, not
	 * which event (docs/PRIVACY.md, "Feedback after an event"); what the organisers see. */
	{ HTTP_GET, "/events/{id}/feedback", page_event_feedback, ROUTE_SIGNIN | ROUTE_NOLOG_PATH,
	  0, 0, NULL, NULL },
	{ HTTP_POST, "/events/{id}/feedback", page_event_feedback_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 16384, NULL, feedback_form },
	{ HTTP_GET, "/events/{id}/answers", page_event_answers, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/events/{id}/cancel", page_event_cancel, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/events/{id}/cancel", page_event_cancel_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, route_csrf_form },
};

const struct feature feature_events = {
	.name = "events",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = events_erase_hook,
	.my_data = events_my_data,
	.retention = events_retention,
	.rekey = events_rekey,
	.network_page = events_network_section,
	.demo = events_demo,
};
