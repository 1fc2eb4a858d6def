// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/knowledge (a network's knowledge base), top to bottom, and
 * its entry in the features table (src/app/features.c). Every route logs its pattern, not its
 * path: which page someone read (re-integration, say) can hint at their health. */
#include "app/app.h"
#include "app/feature.h"
#include "app/knowledge/knowledge.h"
#include "app/knowledge/pages.h"

/* A page of 50,000 characters is up to 200,000 bytes of UTF-8 (the body is refused above
 * MARKDOWN_MAX bytes with a message); the body limit leaves room for percent-encoding. */
#define EDIT_BODY_LIMIT (512 * 1024)

static const struct route_param edit_form[] = {
	{ "csrf", 64 },	    { "version", 20 }, { "title", 800 }, { "body", 220000 },
	{ "audience", 16 }, { "keeper", 20 },  { "note", 1000 }, { NULL, 0 },
};
static const struct route_param pin_form[] = { { "csrf", 64 }, { "pinned", 4 }, { NULL, 0 } };
static const struct route_param delete_form[] = { { "csrf", 64 }, { "confirm", 4 }, { NULL, 0 } };
static const struct route_param list_query[] = { { "page", 8 }, { "done", 16 }, { NULL, 0 } };

#define KLOG (ROUTE_SIGNIN | ROUTE_NOLOG_PATH)

static const struct route routes[] = {
	{ HTTP_GET, "/n/{slug}/knowledge", page_knowledge_list, KLOG, 0, 0, list_query, NULL },
	{ HTTP_GET, "/n/{slug}/knowledge/new", page_knowledge_new, KLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/knowledge/new", page_knowledge_new_post, ROUTE_CSRF | KLOG, 0,
	  EDIT_BODY_LIMIT, NULL, edit_form },
	{ HTTP_GET, "/n/{slug}/knowledge/{id}", page_knowledge_page, KLOG, 0, 0, route_done_query,
	  NULL },
	{ HTTP_GET, "/n/{slug}/knowledge/{id}/edit", page_knowledge_edit, KLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/knowledge/{id}/edit", page_knowledge_edit_post, ROUTE_CSRF | KLOG,
	  0, EDIT_BODY_LIMIT, NULL, edit_form },
	{ HTTP_GET, "/n/{slug}/knowledge/{id}/versions", page_knowledge_versions, KLOG, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/n/{slug}/knowledge/{id}/versions/{v}", page_knowledge_version, KLOG, 0, 0,
	  NULL, NULL },
	{ HTTP_POST, "/n/{slug}/knowledge/{id}/checked", page_knowledge_checked_post,
	  ROUTE_CSRF | KLOG, 0, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/n/{slug}/knowledge/{id}/pin", page_knowledge_pin_post, ROUTE_CSRF | KLOG, 0,
	  256, NULL, pin_form },
	{ HTTP_POST, "/n/{slug}/knowledge/{id}/delete", page_knowledge_delete_post,
	  ROUTE_CSRF | KLOG, 0, 256, NULL, delete_form },
};

const struct feature feature_knowledge = {
	.name = "knowledge",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = knowledge_erase_hook,
	.my_data = knowledge_my_data,
	.retention = knowledge_retention,
	.demo = knowledge_demo,
	.search = knowledge_search,
	.search_index = knowledge_store_search_index,
	.network_page = knowledge_network_section,
};
