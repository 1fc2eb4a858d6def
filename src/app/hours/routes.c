// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/hours, top to bottom, and its entry in the features table
 * (src/app/features.c). Who may use a page beyond its role bits is checked by its handler:
 * the organisation's contact point for the rule, an active member of the network for booking
 * and asking, the account of the address a manager's link was sent to for that one request,
 * the network's core team for the load view. A manager's link is logged by its pattern only.
 * The rule is at /hours/rule, not under /admin: every /admin route is the administrator's
 * alone (tests/http/test_roles.py), and the organisation's contact point sets the rule too. */
#include "app/app.h"
#include "app/feature.h"
#include "app/hours/hours.h"
#include "app/hours/pages.h"

static const struct route_param rule_form[] = {
	{ "csrf", 64 },
	{ "basis", 8 },
	{ "hours", 8 },
	{ "count_core", 1 },
	{ "count_coordinators", 1 },
	{ "count_organisers", 1 },
	{ "count_buddies", 1 },
	{ "attending", 1 },
	{ "code", 256 },
	{ "organise_max", 8 },
	{ NULL, 0 },
};
static const struct route_param guard_form[] = { { "csrf", 64 }, { "level", 8 }, { NULL, 0 } };
static const struct route_param book_form[] = {
	{ "csrf", 64 },	  { "what", 40 },   { "date", 16 }, { "hours", 8 },
	{ "minutes", 8 }, { "outside", 1 }, { NULL, 0 },
};
static const struct route_param ask_form[] = {
	{ "csrf", 64 }, { "basis", 8 },	    { "hours", 8 },   { "start", 16 },
	{ "end", 16 },	{ "approver", 16 }, { "email", 320 }, { NULL, 0 },
};
static const struct route_param decision_form[] = {
	{ "csrf", 64 },
	{ "decision", 16 },
	{ "reason", 2000 },
	{ NULL, 0 },
};

#define HLOG (ROUTE_SIGNIN | ROUTE_NOLOG_PATH)

static const struct route routes[] = {
	{ HTTP_GET, "/hours/rule", page_admin_hours, ROUTE_SIGNIN, ROLE_ADMIN | ROLE_CONTACT, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/hours/rule", page_admin_hours_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN | ROLE_CONTACT, 2048, NULL, rule_form },
	{ HTTP_GET, "/me/hours", page_my_hours, ROUTE_SIGNIN, 0, 0, route_done_query, NULL },
	{ HTTP_POST, "/me/hours/guard", page_my_hours_guard_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 256,
	  NULL, guard_form },
	{ HTTP_GET, "/n/{slug}/hours", page_hours_book, ROUTE_SIGNIN, 0, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/n/{slug}/hours", page_hours_book_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 1024,
	  NULL, book_form },
	{ HTTP_GET, "/n/{slug}/hours/agreement", page_hours_agreement, ROUTE_SIGNIN, 0, 0, NULL,
	  NULL },
	{ HTTP_POST, "/n/{slug}/hours/agreement", page_hours_agreement_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 1024, NULL, ask_form },
	{ HTTP_GET, "/hours/approve/{token}", page_hours_approve, HLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/hours/approve/{token}", page_hours_approve_post, ROUTE_CSRF | HLOG, 0, 4096,
	  NULL, decision_form },
	{ HTTP_GET, "/hours/approvals", page_hours_approvals, ROUTE_SIGNIN,
	  ROLE_ADMIN | ROLE_CONTACT, 0, route_done_query, NULL },
	{ HTTP_POST, "/hours/approvals/{id}", page_hours_approvals_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN | ROLE_CONTACT, 4096, NULL, decision_form },
	{ HTTP_GET, "/hours/totals", page_hours_totals, ROUTE_SIGNIN,
	  ROLE_CONTACT | ROLE_AMBASSADOR, 0, NULL, NULL },
	{ HTTP_GET, "/n/{slug}/load", page_hours_load, ROUTE_SIGNIN, 0, 0, NULL, NULL },
};

const struct feature feature_hours = {
	.name = "hours",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = hours_erase_account,
	.my_data = hours_my_data,
	.retention = hours_retention,
	.rekey = hours_rekey,
	.demo = hours_demo,
	.network_page = hours_network_section,
};
