// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/retention (the administrator's retention settings), top to
 * bottom, and its entry in the features table (src/app/features.c). The server checks method,
 * flags, body size and the accepted parameters before a handler runs; anything else is 400, 404 or
 * 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/retention/pages.h"

static const struct route_param retention_form[] = {
	{ "csrf", 64 },
	{ "mail_days", 16 },
	{ "account_days", 16 },
	{ NULL, 0 },
};

static const struct route routes[] = {
	{ HTTP_GET, "/admin/retention", page_admin_retention, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/admin/retention", page_admin_retention_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 512, NULL, retention_form },
};

const struct feature feature_retention = {
	.name = "retention",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
