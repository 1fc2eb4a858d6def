// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the route of src/app/search and its entry in the features table
 * (src/app/features.c). The search owns no data: each feature that can be searched answers
 * from its own index through its `search` hook (feature.h). */
#include "app/app.h"
#include "app/feature.h"
#include "app/search/pages.h"
#include "app/search/search.h"

/* q is checked by the page (at most SEARCH_QUERY_MAX characters, said in words); the limit
 * here is the HTTP layer's own for any query value, past which its safe 400 page answers. */
static const struct route_param search_query[] = {
	{ "q", 1024 }, { "in", 16 }, { "page", 6 }, { NULL, 0 }
};

static const struct route routes[] = {
	/* The query names what someone looks for: the log keeps the route, never the query. */
	{ HTTP_GET, "/search", page_search, ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, search_query,
	  NULL },
};

const struct feature feature_search = {
	.name = "search",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = search_erase_account,
	.leave_group = search_leave_group,
	.demo = search_demo,
};
