// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/prefs (display preferences and the language), top to bottom, and
 * its entry in the features table (src/app/features.c). The server checks method, flags, body size
 * and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/prefs/pages.h"

static const struct route_param prefs_query[] = { { "saved", 1 }, { NULL, 0 } };
static const struct route_param prefs_form[] = {
	{ "csrf", 64 },	 { "text", 16 },   { "font", 16 }, { "calm", 1 }, { "contrast", 16 },
	{ "theme", 16 }, { "motion", 16 }, { "lang", 8 },  { NULL, 0 },
};
static const struct route_param language_form[] = {
	{ "csrf", 64 },
	{ "lang", 8 },
	{ "back", 512 },
	{ NULL, 0 },
};

static const struct route routes[] = {
	{ HTTP_GET, "/preferences", page_prefs, 0, 0, 0, prefs_query, NULL },
	{ HTTP_POST, "/preferences", page_prefs_save, ROUTE_CSRF, 0, 4096, NULL, prefs_form },
	{ HTTP_POST, "/language", page_language, ROUTE_CSRF, 0, 1024, NULL, language_form },
};

const struct feature feature_prefs = {
	.name = "prefs",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
