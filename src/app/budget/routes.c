// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/budget (a network's budget per year), top to bottom, and its
 * entry in the features table (src/app/features.c). Every route checks in its handler that the
 * reader is the network's treasurer, chair or contact point (or the organisation's contact
 * point); anyone else gets 404, as for any private page. Text limits are four bytes per
 * character of the service's limits, so that the service tells about a text that is too long. */
#include "app/app.h"
#include "app/budget/budget.h"
#include "app/budget/pages.h"
#include "app/feature.h"

static const struct route_param year_query[] = { { "done", 16 }, { NULL, 0 } };
static const struct route_param allocate_form[] = {
	{ "csrf", 64 },
	{ "source", 400 },
	{ "alloc_amount", 64 },
	{ NULL, 0 },
};
static const struct route_param limit_form[] = { { "csrf", 64 }, { "limit", 64 }, { NULL, 0 } };
static const struct route_param request_form[] = {
	{ "csrf", 64 },
	{ "req_amount", 64 },
	{ "justification", 8000 },
	{ NULL, 0 },
};
static const struct route_param expense_form[] = {
	{ "csrf", 64 },	 { "exp_amount", 64 }, { "date", 32 }, { "what", 8000 },
	{ "event", 20 }, { "approve", 1 },     { NULL, 0 },
};
static const struct route_param planned_form[] = {
	{ "csrf", 64 },
	{ "plan_event", 20 },
	{ "plan_amount", 64 },
	{ NULL, 0 },
};
static const struct route_param decide_form[] = {
	{ "csrf", 64 }, { "decision", 16 }, { "amount", 64 }, { "reason", 8000 }, { NULL, 0 },
};
static const struct route_param decline_form[] = {
	{ "csrf", 64 },
	{ "reason", 8000 },
	{ NULL, 0 },
};
static const struct route_param receipt_form[] = {
	{ "csrf", 64 },
	/* A little over the limit, so that the service tells about a file just too large. */
	{ "receipt", BUDGET_RECEIPT_MAX + 2048 },
	{ NULL, 0 },
};

#define B   ROUTE_SIGNIN
#define BP  (ROUTE_CSRF | ROUTE_SIGNIN)
#define Y   "/n/{slug}/budget/{year}"
#define EXP Y "/expenses/{id}"

static const struct route routes[] = {
	{ HTTP_GET, "/n/{slug}/budget", page_budget, B, 0, 0, year_query, NULL },
	{ HTTP_GET, Y, page_budget_year, B, 0, 0, year_query, NULL },
	{ HTTP_POST, Y "/allocate", page_budget_allocate_post, BP, 0, 1024, NULL, allocate_form },
	{ HTTP_POST, Y "/limit", page_budget_limit_post, BP, 0, 512, NULL, limit_form },
	{ HTTP_POST, Y "/request", page_budget_request_post, BP, 0, 9000, NULL, request_form },
	{ HTTP_POST, Y "/expense", page_budget_expense_post, BP, 0, 9000, NULL, expense_form },
	{ HTTP_POST, Y "/planned", page_budget_planned_post, BP, 0, 512, NULL, planned_form },
	{ HTTP_POST, Y "/close", page_budget_close_post, BP, 0, 256, NULL, route_csrf_form },
	{ HTTP_GET, Y "/csv", page_budget_csv, B | ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_GET, Y "/requests/{id}", page_budget_request, B, 0, 0, year_query, NULL },
	{ HTTP_POST, Y "/requests/{id}/decide", page_budget_decide_post, BP, 0, 9000, NULL,
	  decide_form },
	{ HTTP_GET, EXP, page_budget_expense, B, 0, 0, year_query, NULL },
	{ HTTP_POST, EXP "/approve", page_budget_approve_post, BP, 0, 256, NULL, route_csrf_form },
	{ HTTP_POST, EXP "/decline", page_budget_decline_post, BP, 0, 9000, NULL, decline_form },
	/* A receipt within its limit, the form's overhead besides. */
	{ HTTP_POST, EXP "/receipt", page_budget_receipt_post, BP | ROUTE_MULTIPART, 0,
	  BUDGET_RECEIPT_MAX + 4096, NULL, receipt_form },
	{ HTTP_GET, EXP "/receipt", page_budget_receipt, B | ROUTE_RAW, 0, 0, NULL, NULL },
};

const struct feature feature_budget = {
	.name = "budget",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = budget_erase_account,
	.my_data = budget_my_data,
	.retention = budget_retention,
	.rekey = budget_rekey,
	.demo = budget_demo,
	.network_page = budget_network_section,
};
