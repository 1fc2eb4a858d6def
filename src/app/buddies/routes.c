// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/buddies, top to bottom, and its entry in the features table
 * (src/app/features.c). Every path that names a request, a match or a buddy is logged by its
 * pattern only: which request someone opened would tell who asked. Text limits are in bytes,
 * four per character of the service's limits, so that the service tells about a long text. */
#include "app/app.h"
#include "app/buddies/buddies.h"
#include "app/buddies/pages.h"
#include "app/feature.h"

/* The themes: t1..t20 (BUDDY_THEMES_MAX), each a theme's id. */
#define THEME_FIELDS                                                                               \
	{ "t1", 20 }, { "t2", 20 }, { "t3", 20 }, { "t4", 20 }, { "t5", 20 }, { "t6", 20 },        \
	    { "t7", 20 }, { "t8", 20 }, { "t9", 20 }, { "t10", 20 }, { "t11", 20 }, { "t12", 20 }, \
	    { "t13", 20 }, { "t14", 20 }, { "t15", 20 }, { "t16", 20 }, { "t17", 20 },             \
	    { "t18", 20 }, { "t19", 20 },                                                          \
	{                                                                                          \
		"t20", 20                                                                          \
	}

static const struct route_param apply_form[] = {
	{ "csrf", 64 }, { "motivation", 8000 }, { "site", 20 }, { "online", 1 },
	{ "lang", 8 },	THEME_FIELDS,		{ NULL, 0 },
};
static const struct route_param ask_form[] = {
	{ "csrf", 64 }, { "note", 2000 }, { "site", 20 }, { "online", 1 },
	{ "lang", 8 },	THEME_FIELDS,	  { NULL, 0 },
};
static const struct route_param caseload_form[] = { { "csrf", 64 },
						    { "caseload", 4 },
						    { NULL, 0 } };
static const struct route_param checkin_form[] = { { "csrf", 64 }, { "answer", 8 }, { NULL, 0 } };
static const struct route_param propose_form[] = { { "csrf", 64 }, { "buddy", 20 }, { NULL, 0 } };
static const struct route_param record_form[] = {
	{ "csrf", 64 },	      { "status", 16 },		{ "intake", 16 }, { "intake_on", 16 },
	{ "trained_on", 16 }, { "intervision_on", 16 }, { NULL, 0 },
};
static const struct route_param theme_form[] = { { "csrf", 64 }, { "name", 400 }, { NULL, 0 } };
static const struct route_param coordinator_form[] = {
	{ "csrf", 64 },
	{ "account", 20 },
	{ "on", 1 },
	{ NULL, 0 },
};

#define BLOG (ROUTE_SIGNIN | ROUTE_NOLOG_PATH)

static const struct route routes[] = {
	{ HTTP_GET, "/n/{slug}/buddies", page_buddies_network, ROUTE_SIGNIN, 0, 0, route_done_query,
	  NULL },
	{ HTTP_GET, "/n/{slug}/buddies/apply", page_buddies_apply, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/buddies/apply", page_buddies_apply_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  0, 16384, NULL, apply_form },
	{ HTTP_GET, "/n/{slug}/buddies/ask", page_buddies_ask, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/buddies/ask", page_buddies_ask_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  8192, NULL, ask_form },
	{ HTTP_GET, "/n/{slug}/buddies/coordinate", page_buddies_coordinate, ROUTE_SIGNIN, 0, 0,
	  route_done_query, NULL },
	{ HTTP_GET, "/n/{slug}/buddies/b/{id}", page_buddies_buddy, BLOG, 0, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/n/{slug}/buddies/b/{id}", page_buddies_buddy_post, ROUTE_CSRF | BLOG, 0, 512,
	  NULL, record_form },
	{ HTTP_GET, "/n/{slug}/buddies/settings", page_buddies_settings, ROUTE_SIGNIN, 0, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/n/{slug}/buddies/themes", page_buddies_theme_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  0, 1024, NULL, theme_form },
	{ HTTP_POST, "/n/{slug}/buddies/themes/{id}/delete", page_buddies_theme_delete_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/n/{slug}/buddies/coordinators", page_buddies_coordinator_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, coordinator_form },
	{ HTTP_GET, "/n/{slug}/buddies/figures", page_buddies_figures, ROUTE_SIGNIN, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/buddies", page_buddies_mine, BLOG, 0, 0, route_done_query, NULL },
	{ HTTP_POST, "/buddies/b/{id}/caseload", page_buddies_caseload_post, ROUTE_CSRF | BLOG, 0,
	  256, NULL, caseload_form },
	{ HTTP_GET, "/buddies/matches/{id}/accept", page_buddies_answer, BLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/buddies/matches/{id}/accept", page_buddies_answer_post, ROUTE_CSRF | BLOG, 0,
	  256, NULL, route_csrf_form },
	{ HTTP_GET, "/buddies/matches/{id}/decline", page_buddies_answer, BLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/buddies/matches/{id}/decline", page_buddies_answer_post, ROUTE_CSRF | BLOG,
	  0, 256, NULL, route_csrf_form },
	{ HTTP_GET, "/buddies/matches/{id}/end", page_buddies_end, BLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/buddies/matches/{id}/end", page_buddies_end_post, ROUTE_CSRF | BLOG, 0, 256,
	  NULL, route_csrf_form },
	{ HTTP_POST, "/buddies/matches/{id}/renew", page_buddies_renew_post, ROUTE_CSRF | BLOG, 0,
	  256, NULL, route_csrf_form },
	{ HTTP_POST, "/buddies/matches/{id}/handback", page_buddies_handback_post,
	  ROUTE_CSRF | BLOG, 0, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/buddies/checkins/{id}", page_buddies_checkin_post, ROUTE_CSRF | BLOG, 0, 256,
	  NULL, checkin_form },
	{ HTTP_GET, "/buddies/requests/{id}", page_buddies_request, BLOG, 0, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/buddies/requests/{id}/propose", page_buddies_propose_post, ROUTE_CSRF | BLOG,
	  0, 256, NULL, propose_form },
	{ HTTP_POST, "/buddies/requests/{id}/close", page_buddies_close_post, ROUTE_CSRF | BLOG, 0,
	  256, NULL, route_csrf_form },
};

const struct feature feature_buddies = {
	.name = "buddies",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = buddies_erase_hook,
	.my_data = buddies_my_data,
	.retention = buddies_retention,
	.rekey = buddy_rekey,
	.demo = buddies_demo,
	.network_page = buddies_network_section,
	.home_notice = buddies_home_notice,
};
