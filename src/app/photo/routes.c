// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/photo (a visible member's photo), top to bottom, and its
 * entry in the features table (src/app/features.c). The server checks method, flags, body
 * size and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/photo/pages.h"
#include "app/photo/photo.h"

/* An upload: the photo within its limit, the form's overhead besides. */
static const struct route_param photo_form[] = {
	{ "csrf", 64 },
	{ "photo", PHOTO_MAX_UPLOAD },
	{ NULL, 0 },
};

static const struct route routes[] = {
	{ HTTP_GET, "/account/photo", page_photo, ROUTE_SIGNIN, 0, 0, route_done_query, NULL },
	{ HTTP_POST, "/account/photo", page_photo_post, ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_MULTIPART,
	  0, PHOTO_MAX_UPLOAD + 4096, NULL, photo_form },
	{ HTTP_POST, "/account/photo/remove", page_photo_remove_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, route_csrf_form },
	{ HTTP_GET, "/account/photo.jpg", page_photo_own, ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL,
	  NULL },
};

const struct feature feature_photo = {
	.name = "photo",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.my_data = photo_my_data,
	.demo = photo_demo,
};
