// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/stories (a network's experience stories: reading, reacting,
 * writing, the writer's steps, the core team's review, comments and their moderation, pins),
 * top to bottom, and its entry in the features table (src/app/features.c). Every route logs its
 * pattern, not its path (ROUTE_NOLOG_PATH): the access log, with its exact times, never says which
 * story a request was about, so it cannot tie a reader to a story or a writer to an anonymous one.
 */
#include "app/app.h"
#include "app/feature.h"
#include "app/stories/pages.h"
#include "app/stories/stories.h"

/* A story of 50,000 characters is up to 200,000 bytes of UTF-8 (more with CR LF); the body
 * limit leaves room for the other fields and the encoding of a form. */
#define STORY_BODY_LIMIT (512 * 1024)

static const struct route_param writing_form[] = {
	{ "csrf", 64 },	    { "kind", 16 },	{ "title", 800 }, { "content_note", 1000 },
	{ "body", 220000 }, { "audience", 16 }, { "shown", 16 },  { NULL, 0 },
};
static const struct route_param writer_form[] = {
	{ "csrf", 64 },	    { "action", 16 },	      { "code", 64 },
	{ "title", 800 },   { "content_note", 1000 }, { "body", 220000 },
	{ "audience", 16 }, { "consent", 8 },	      { "as", 16 },
	{ NULL, 0 },
};
static const struct route_param code_form[] = { { "csrf", 64 }, { "code", 64 }, { NULL, 0 } };
static const struct route_param react_form[] = { { "csrf", 64 }, { "reaction", 16 }, { NULL, 0 } };
static const struct route_param review_form[] = {
	{ "csrf", 64 },
	{ "decision", 16 },
	{ "note", 9000 },
	{ NULL, 0 },
};
static const struct route_param comment_form[] = {
	{ "csrf", 64 },
	{ "body", 220000 },
	{ "shown", 16 },
	{ NULL, 0 },
};
static const struct route_param comment_edit_form[] = {
	{ "csrf", 64 },
	{ "body", 220000 },
	{ "code", 64 },
	{ NULL, 0 },
};
static const struct route_param comment_hide_form[] = {
	{ "csrf", 64 },
	{ "action", 16 },
	{ "reason", 4500 },
	{ NULL, 0 },
};
static const struct route_param pin_form[] = { { "csrf", 64 }, { "pinned", 4 }, { NULL, 0 } };
static const struct route_param list_query[] = { { "page", 8 }, { "done", 16 }, { NULL, 0 } };

#define SLOG (ROUTE_SIGNIN | ROUTE_NOLOG_PATH)

static const struct route routes[] = {
	{ HTTP_GET, "/n/{slug}/stories", page_stories, SLOG, 0, 0, list_query, NULL },
	{ HTTP_GET, "/n/{slug}/stories/new", page_stories_new, SLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/stories/new", page_stories_new_post, ROUTE_CSRF | SLOG, 0,
	  STORY_BODY_LIMIT, NULL, writing_form },
	{ HTTP_GET, "/n/{slug}/stories/mine", page_stories_mine, SLOG, 0, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/n/{slug}/stories/code", page_stories_code_post, ROUTE_CSRF | SLOG, 0, 1024,
	  NULL, code_form },
	{ HTTP_GET, "/n/{slug}/stories/review", page_stories_review_list, SLOG, 0, 0,
	  route_done_query, NULL },
	{ HTTP_GET, "/n/{slug}/stories/{id}", page_stories_story, SLOG, 0, 0, list_query, NULL },
	{ HTTP_POST, "/n/{slug}/stories/{id}/react", page_stories_react_post, ROUTE_CSRF | SLOG, 0,
	  512, NULL, react_form },
	{ HTTP_POST, "/n/{slug}/stories/{id}/comments", page_stories_comment_post,
	  ROUTE_CSRF | SLOG, 0, STORY_BODY_LIMIT, NULL, comment_form },
	{ HTTP_GET, "/n/{slug}/stories/{id}/comments/{cid}/edit", page_stories_comment_edit, SLOG,
	  0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/stories/{id}/comments/{cid}/edit", page_stories_comment_edit_post,
	  ROUTE_CSRF | SLOG, 0, STORY_BODY_LIMIT, NULL, comment_edit_form },
	{ HTTP_GET, "/n/{slug}/stories/{id}/comments/{cid}/delete", page_stories_comment_delete,
	  SLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/stories/{id}/comments/{cid}/delete",
	  page_stories_comment_delete_post, ROUTE_CSRF | SLOG, 0, 1024, NULL, comment_edit_form },
	{ HTTP_GET, "/n/{slug}/stories/{id}/comments/{cid}/hide", page_stories_comment_hide, SLOG,
	  0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/stories/{id}/comments/{cid}/hide", page_stories_comment_hide_post,
	  ROUTE_CSRF | SLOG, 0, 16384, NULL, comment_hide_form },
	{ HTTP_POST, "/n/{slug}/stories/{id}/pin", page_stories_pin_post, ROUTE_CSRF | SLOG, 0, 256,
	  NULL, pin_form },
	{ HTTP_GET, "/n/{slug}/stories/{id}/write", page_stories_write, SLOG, 0, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/n/{slug}/stories/{id}/write", page_stories_write_post, ROUTE_CSRF | SLOG, 0,
	  STORY_BODY_LIMIT, NULL, writer_form },
	{ HTTP_GET, "/n/{slug}/stories/{id}/review", page_stories_review, SLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/stories/{id}/review", page_stories_review_post, ROUTE_CSRF | SLOG,
	  0, 32768, NULL, review_form },
};

const struct feature feature_stories = {
	.name = "stories",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = stories_erase_account,
	.leave_group = stories_leave_group,
	.my_data = stories_my_data,
	.retention = stories_retention,
	.rekey = stories_rekey,
	.demo = stories_demo,
	.search = stories_search,
	.search_index = stories_store_search_index,
	.network_page = stories_network_section,
};
