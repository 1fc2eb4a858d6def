// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/home (the home page), top to bottom, and its
 * entry in the features table (src/app/features.c). The server checks method, flags, body
 * size and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/home/pages.h"

static const struct route_param home_query[] = { { "signed_out", 1 },
						 { "deleted", 1 },
						 { NULL, 0 } };

static const struct route routes[] = {
	{ HTTP_GET, "/", page_home, 0, 0, 0, home_query, NULL },
};

const struct feature feature_home = {
	.name = "home",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
