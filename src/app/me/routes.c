// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/me ("my data" and deleting one's own account), top to bottom, and
 * its entry in the features table (src/app/features.c). The server checks method, flags, body size
 * and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/me/pages.h"

static const struct route routes[] = {
	{ HTTP_GET, "/me/data", page_me_data, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/me/data.json", page_me_data_json, ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/me/delete", page_me_delete, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/me/delete", page_me_delete_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL,
	  route_csrf_form },
};

const struct feature feature_me = {
	.name = "me",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
