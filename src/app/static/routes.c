// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/static (embedded assets and the health check), top to bottom, and
 * its entry in the features table (src/app/features.c). The server checks method, flags, body size
 * and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/static/pages.h"

static const struct route routes[] = {
	{ HTTP_GET, "/static/{version}/{file}", page_static, ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_GET, "/healthz", page_healthz, ROUTE_RAW, 0, 0, NULL, NULL },
};

const struct feature feature_static = {
	.name = "static",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
