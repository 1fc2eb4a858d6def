// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/about (the accessibility statement), top to bottom, and its
 * entry in the features table (src/app/features.c). The server checks method, flags, body
 * size and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/about/pages.h"

static const struct route routes[] = {
	{ HTTP_GET, "/accessibility", page_accessibility, 0, 0, 0, NULL, NULL },
};

const struct feature feature_about = {
	.name = "about",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
