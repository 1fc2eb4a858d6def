// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/members (membership of networks and subgroups: joining, how one
 * appears, leaving, member lists, subgroups and their coordinators), top to bottom, and its entry
 * in the features table (src/app/features.c). The server checks method, flags, body size and the
 * accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/members/members.h"
#include "app/members/pages.h"

static const struct route_param choice_form[] = {
	{ "csrf", 64 },	 { "appearance", 16 }, { "pseudonym", 160 },
	{ "line", 560 }, { "ally", 1 },	       { NULL, 0 },
};
static const struct route_param coordinator_form[] = {
	{ "csrf", 64 },
	{ "email", 254 },
	{ "action", 8 },
	{ NULL, 0 },
};
static const struct route_param subgroup_form[] = {
	{ "csrf", 64 }, { "name", 800 }, { "slug", 64 }, { "description", 8000 }, { NULL, 0 },
};

static const struct route routes[] = {
	/* Membership: every page about a person's membership is for that person only. */
	{ HTTP_GET, "/n/{slug}/join", page_group_join, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/join", page_group_join_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048,
	  NULL, choice_form },
	{ HTTP_GET, "/n/{slug}/me", page_group_me, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/me", page_group_me_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048, NULL,
	  choice_form },
	{ HTTP_GET, "/n/{slug}/leave", page_group_leave, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/leave", page_group_leave_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 256,
	  NULL, route_csrf_form },
	{ HTTP_GET, "/n/{slug}/members", page_group_members, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/n/{slug}/members/{id}/photo", page_group_member_photo,
	  ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_GET, "/n/{slug}/groups", page_subgroups, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/groups", page_subgroups_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 12288,
	  NULL, subgroup_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}", page_group, ROUTE_SIGNIN, 0, 0, route_done_query, NULL },
	{ HTTP_GET, "/n/{slug}/g/{sub}/join", page_group_join, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/join", page_group_join_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  2048, NULL, choice_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/me", page_group_me, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/me", page_group_me_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048,
	  NULL, choice_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/leave", page_group_leave, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/leave", page_group_leave_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, route_csrf_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/members", page_group_members, ROUTE_SIGNIN, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/n/{slug}/g/{sub}/members/{id}/photo", page_group_member_photo,
	  ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/coordinators", page_group_coordinators_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 1024, NULL, coordinator_form },
	/* The person asked answers (one click each) or steps down later (in two steps). */
	{ HTTP_POST, "/n/{slug}/g/{sub}/coordinators/accept", page_coordinator_accept_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/n/{slug}/g/{sub}/coordinators/decline", page_coordinator_decline_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, route_csrf_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/coordinators/step-down", page_coordinator_step_down,
	  ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/coordinators/step-down", page_coordinator_step_down_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL, route_csrf_form },
	{ HTTP_GET, "/me/coordinator", page_coordinator_requests, ROUTE_SIGNIN, 0, 0,
	  route_done_query, NULL },
};

const struct feature feature_members = {
	.name = "members",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = members_erase_account,
	.rekey = members_rekey,
	.my_data = members_my_data,
	.network_page = members_network_section,
	.demo = members_demo,
	.home_notice = members_home_notice,
};
