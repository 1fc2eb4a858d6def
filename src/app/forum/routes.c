// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/forum (the closed forum of each network and subgroup:
 * categories, topics, replies, editing, deleting and claiming one's own posts), top to bottom,
 * and its entry in the features table (src/app/features.c). Every route logs its pattern, not
 * its path (ROUTE_NOLOG_PATH): the access log, with its exact times, never says which group,
 * topic or post a request was about (docs/PRIVACY.md, "The forum"). */
#include "app/app.h"
#include "app/feature.h"
#include "app/forum/forum.h"
#include "app/forum/pages.h"

/* A post of 50,000 characters is up to 200,000 bytes of UTF-8, and more when the browser sends
 * line breaks as CR LF; the body limit leaves room for the other fields and the encoding of a
 * form (a character may take up to 9 bytes percent-encoded, so a very long post in a script
 * other than Latin gets a 413 before its length is checked). */
#define POST_BODY_LIMIT (512 * 1024)

static const struct route_param category_form[] = {
	{ "csrf", 64 },
	{ "name", 400 },
	{ "description", 1500 },
	{ NULL, 0 },
};
static const struct route_param writing_form[] = {
	{ "csrf", 64 }, { "title", 800 }, { "body", 220000 }, { "shown", 16 }, { NULL, 0 },
};
static const struct route_param post_form[] = {
	{ "csrf", 64 }, { "title", 800 }, { "body", 220000 },
	{ "code", 64 }, { "as", 16 },	  { NULL, 0 },
};
static const struct route_param list_query[] = { { "page", 8 }, { "done", 16 }, { NULL, 0 } };

static const struct route routes[] = {
	/* A network's forum. */
	{ HTTP_GET, "/n/{slug}/forum", page_forum, ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0,
	  list_query, NULL },
	{ HTTP_POST, "/n/{slug}/forum/categories", page_forum_category_add,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 4096, NULL, category_form },
	{ HTTP_GET, "/n/{slug}/forum/mine", page_forum_mine, ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/n/{slug}/forum/mine/delete-anonymous", page_forum_mine_delete_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 256, NULL, route_csrf_form },
	{ HTTP_GET, "/n/{slug}/forum/c/{id}", page_forum_category, ROUTE_SIGNIN | ROUTE_NOLOG_PATH,
	  0, 0, list_query, NULL },
	{ HTTP_GET, "/n/{slug}/forum/c/{id}/new", page_forum_new, ROUTE_SIGNIN | ROUTE_NOLOG_PATH,
	  0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/forum/c/{id}/new", page_forum_new_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, POST_BODY_LIMIT, NULL, writing_form },
	{ HTTP_GET, "/n/{slug}/forum/t/{id}", page_forum_topic, ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0,
	  0, list_query, NULL },
	{ HTTP_POST, "/n/{slug}/forum/t/{id}", page_forum_reply_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, POST_BODY_LIMIT, NULL, writing_form },
	{ HTTP_GET, "/n/{slug}/forum/p/{id}/edit", page_forum_edit, ROUTE_SIGNIN | ROUTE_NOLOG_PATH,
	  0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/forum/p/{id}/edit", page_forum_edit_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, POST_BODY_LIMIT, NULL, post_form },
	{ HTTP_GET, "/n/{slug}/forum/p/{id}/delete", page_forum_delete,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/forum/p/{id}/delete", page_forum_delete_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 1024, NULL, post_form },
	{ HTTP_GET, "/n/{slug}/forum/p/{id}/claim", page_forum_claim,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/forum/p/{id}/claim", page_forum_claim_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 1024, NULL, post_form },
	/* A subgroup's forum: the same pages. */
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum", page_forum, ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0,
	  list_query, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/forum/categories", page_forum_category_add,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 4096, NULL, category_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum/mine", page_forum_mine,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, route_done_query, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/forum/mine/delete-anonymous", page_forum_mine_delete_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 256, NULL, route_csrf_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum/c/{id}", page_forum_category,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, list_query, NULL },
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum/c/{id}/new", page_forum_new,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/forum/c/{id}/new", page_forum_new_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, POST_BODY_LIMIT, NULL, writing_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum/t/{id}", page_forum_topic,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, list_query, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/forum/t/{id}", page_forum_reply_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, POST_BODY_LIMIT, NULL, writing_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum/p/{id}/edit", page_forum_edit,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/forum/p/{id}/edit", page_forum_edit_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, POST_BODY_LIMIT, NULL, post_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum/p/{id}/delete", page_forum_delete,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/forum/p/{id}/delete", page_forum_delete_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 1024, NULL, post_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/forum/p/{id}/claim", page_forum_claim,
	  ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/forum/p/{id}/claim", page_forum_claim_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_NOLOG_PATH, 0, 1024, NULL, post_form },
};

const struct feature feature_forum = {
	.name = "forum",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = forum_erase_account,
	.leave_group = forum_leave_group,
	.rekey = forum_rekey,
	.my_data = forum_my_data,
	.network_page = forum_network_section,
	.demo = forum_demo,
	.search = forum_search,
	.search_index = forum_store_search_index,
};
