// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/networks (the list of networks and a network's page), top to
 * bottom, and its entry in the features table (src/app/features.c). The server checks method,
 * flags, body size and the accepted parameters before a handler runs; anything else is 400, 404 or
 * 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/networks/pages.h"

static const struct route routes[] = {
	{ HTTP_GET, "/networks", page_networks, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/n/{slug}", page_network, ROUTE_SIGNIN, 0, 0, route_done_query, NULL },
};

const struct feature feature_networks = {
	.name = "networks",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
