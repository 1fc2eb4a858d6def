// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/consult (the consultation hour), top to bottom, and its
 * entry in the features table (src/app/features.c). Every path that names a talk is logged by
 * its pattern only: which talk someone opened would tell who booked it. */
#include "app/app.h"
#include "app/consult/consult.h"
#include "app/consult/pages.h"
#include "app/feature.h"

static const struct route_param publish_form[] = {
	{ "csrf", 64 }, { "date", 16 },	  { "start", 8 },	   { "end", 8 },
	{ "talk", 8 },	{ "repeat", 16 }, { "count", 8 },	   { "how", 8 },
	{ "room", 20 }, { "place", 800 }, { "meeting_url", 2000 }, { NULL, 0 },
};
static const struct route_param book_form[] = { { "csrf", 64 }, { "note", 2000 }, { NULL, 0 } };
static const struct route_param move_form[] = { { "csrf", 64 }, { "to", 20 }, { NULL, 0 } };
static const struct route_param referral_form[] = {
	{ "csrf", 64 },
	{ "referral", 20 },
	{ NULL, 0 },
};

#define CLOG (ROUTE_SIGNIN | ROUTE_NOLOG_PATH)

static const struct route routes[] = {
	{ HTTP_GET, "/n/{slug}/consult", page_consult_network, CLOG, 0, 0, route_done_query, NULL },
	{ HTTP_GET, "/n/{slug}/consult/new", page_consult_new, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/consult/new", page_consult_new_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  8192, NULL, publish_form },
	{ HTTP_GET, "/n/{slug}/consult/figures", page_consult_figures, ROUTE_SIGNIN, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/consult", page_consult_mine, CLOG, 0, 0, route_done_query, NULL },
	{ HTTP_GET, "/consult/talks/{id}", page_consult_talk, CLOG, 0, 0, route_done_query, NULL },
	{ HTTP_GET, "/consult/talks/{id}/ics", page_consult_talk_ics, CLOG, 0, 0, NULL, NULL },
	{ HTTP_GET, "/consult/talks/{id}/book", page_consult_book, CLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/consult/talks/{id}/book", page_consult_book_post, ROUTE_CSRF | CLOG, 0, 4096,
	  NULL, book_form },
	{ HTTP_GET, "/consult/talks/{id}/move", page_consult_move, CLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/consult/talks/{id}/move", page_consult_move_post, ROUTE_CSRF | CLOG, 0, 256,
	  NULL, move_form },
	{ HTTP_GET, "/consult/talks/{id}/cancel", page_consult_cancel, CLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/consult/talks/{id}/cancel", page_consult_cancel_post, ROUTE_CSRF | CLOG, 0,
	  256, NULL, route_csrf_form },
	{ HTTP_POST, "/consult/talks/{id}/referral", page_consult_referral_post, ROUTE_CSRF | CLOG,
	  0, 256, NULL, referral_form },
};

const struct feature feature_consult = {
	.name = "consult",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = consult_erase_hook,
	.my_data = consult_my_data,
	.retention = consult_retention,
	.rekey = consult_rekey,
	.demo = consult_demo,
	.network_page = consult_network_section,
	.calendar = consult_calendar,
};
