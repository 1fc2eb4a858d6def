// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: every route Kring answers, top to bottom. The server checks method, flags, body
 * size and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"

int page_home(struct request *r);
int page_prefs(struct request *r);
int page_prefs_save(struct request *r);
int page_language(struct request *r);
int page_accessibility(struct request *r);
int page_static(struct request *r);
int page_healthz(struct request *r);

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

const struct route app_routes[] = {
	{ HTTP_GET, "/", page_home, 0, 0, 0, NULL, NULL },
	{ HTTP_GET, "/preferences", page_prefs, 0, 0, 0, prefs_query, NULL },
	{ HTTP_POST, "/preferences", page_prefs_save, ROUTE_CSRF, 0, 4096, NULL, prefs_form },
	{ HTTP_POST, "/language", page_language, ROUTE_CSRF, 0, 1024, NULL, language_form },
	{ HTTP_GET, "/accessibility", page_accessibility, 0, 0, 0, NULL, NULL },
	{ HTTP_GET, "/static/{version}/{file}", page_static, ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_GET, "/healthz", page_healthz, ROUTE_RAW, 0, 0, NULL, NULL },
};
const size_t app_nroutes = ARRAY_SIZE(app_routes);
