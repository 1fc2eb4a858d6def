// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/coreteam (a core team that lasts: terms, own roles,
 * vacancies, handover notes, warnings and the team's history), top to bottom, and its entry in
 * the features table (src/app/features.c). The handlers check that the reader is on the
 * network's core team or its contact point (the notes: a holder, the successor or the chair).
 * Text limits are four bytes per character of the service's limits, so that the service, not
 * the router, tells about a text that is too long. */
#include "app/app.h"
#include "app/coreteam/coreteam.h"
#include "app/coreteam/pages.h"
#include "app/feature.h"

static const struct route_param start_form[] = {
	{ "csrf", 64 },	       { "role", 32 },	   { "email", 1024 }, { "starts", 32 },
	{ "planned_end", 32 }, { "deputy", 1024 }, { NULL, 0 },
};
static const struct route_param role_form[] = {
	{ "csrf", 64 },
	{ "name", 4 * CORETEAM_NAME_MAX },
	{ "description", 4 * CORETEAM_DESC_MAX },
	{ NULL, 0 },
};
static const struct route_param vacancy_form[] = {
	{ "csrf", 64 },
	{ "vrole", 32 },
	{ "respond", 4 * CORETEAM_RESPOND_MAX },
	{ NULL, 0 },
};
static const struct route_param end_form[] = { { "csrf", 64 }, { "ended", 32 }, { NULL, 0 } };
static const struct route_param successor_form[] = { { "csrf", 64 },
						     { "successor", 1024 },
						     { NULL, 0 } };
static const struct route_param deputy_form[] = { { "csrf", 64 }, { "deputy", 1024 }, { NULL, 0 } };
static const struct route_param planned_form[] = { { "csrf", 64 },
						   { "planned_end", 32 },
						   { NULL, 0 } };
static const struct route_param notes_form[] = {
	{ "csrf", 64 },
	{ "text", 4 * CORETEAM_NOTE_MAX },
	{ NULL, 0 },
};

static const struct route routes[] = {
	{ HTTP_GET, "/n/{slug}/team", page_coreteam, ROUTE_SIGNIN, 0, 0, route_done_query, NULL },
	{ HTTP_POST, "/n/{slug}/team/terms", page_coreteam_term_start_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 4096, NULL, start_form },
	{ HTTP_POST, "/n/{slug}/team/roles", page_coreteam_role_add_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  0, 16384, NULL, role_form },
	{ HTTP_POST, "/n/{slug}/team/vacancies", page_coreteam_vacancy_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 8192, NULL, vacancy_form },
	{ HTTP_POST, "/n/{slug}/team/vacancies/{key}/close", page_coreteam_vacancy_close_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, route_csrf_form },
	{ HTTP_GET, "/n/{slug}/team/terms/{id}", page_coreteam_term, ROUTE_SIGNIN, 0, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/n/{slug}/team/terms/{id}/end", page_coreteam_term_end_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 512, NULL, end_form },
	{ HTTP_POST, "/n/{slug}/team/terms/{id}/successor", page_coreteam_term_successor_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048, NULL, successor_form },
	{ HTTP_POST, "/n/{slug}/team/terms/{id}/deputy", page_coreteam_term_deputy_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048, NULL, deputy_form },
	{ HTTP_POST, "/n/{slug}/team/terms/{id}/planned-end", page_coreteam_term_planned_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 512, NULL, planned_form },
	{ HTTP_POST, "/n/{slug}/team/terms/{id}/handover", page_coreteam_term_handover_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, route_csrf_form },
	{ HTTP_GET, "/n/{slug}/team/history", page_coreteam_history, ROUTE_SIGNIN, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/n/{slug}/team/notes/{key}", page_coreteam_notes, ROUTE_SIGNIN, 0, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/n/{slug}/team/notes/{key}", page_coreteam_notes_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 4 * CORETEAM_NOTE_MAX + 1024, NULL, notes_form },
};

const struct feature feature_coreteam = {
	.name = "coreteam",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = coreteam_erase_account,
	.my_data = coreteam_my_data,
	.retention = coreteam_retention,
	.rekey = coreteam_rekey,
	.demo = coreteam_demo,
	.network_page = coreteam_network_section,
	.home_notice = coreteam_home_notice,
};
