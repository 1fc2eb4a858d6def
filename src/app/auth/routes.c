// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/auth (signing in and out, two-step sign-in, reset and invitation
 * links, signing up, the account page), top to bottom, and its entry in the features table
 * (src/app/features.c). The server checks method, flags, body size and the accepted parameters
 * before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/auth/pages.h"

static const struct route_param next_query[] = { { "next", 512 }, { "done", 16 }, { NULL, 0 } };
static const struct route_param sent_query[] = { { "sent", 1 }, { NULL, 0 } };
static const struct route_param email_form[] = { { "csrf", 64 }, { "email", 254 }, { NULL, 0 } };
static const struct route_param password_form[] = {
	{ "csrf", 64 },
	{ "name", 100 },
	{ "password", 1024 },
	{ NULL, 0 },
};
static const struct route_param sign_in_form[] = {
	{ "csrf", 64 }, { "email", 254 }, { "password", 1024 }, { "next", 512 }, { NULL, 0 },
};
static const struct route_param two_factor_form[] = {
	{ "csrf", 64 },
	{ "box", 96 },
	{ "code", 24 },
	{ NULL, 0 },
};
static const struct route_param code_form[] = {
	{ "csrf", 64 },
	{ "code", 64 },
	{ "next", 512 },
	{ NULL, 0 },
};

static const struct route_param step_up_form[] = {
	{ "csrf", 64 },
	{ "proof", 1024 },
	{ "next", 512 },
	{ NULL, 0 },
};

static const struct route routes[] = {
	{ HTTP_GET, "/sign-in", page_sign_in, 0, 0, 0, next_query, NULL },
	{ HTTP_POST, "/sign-in", page_sign_in_post, ROUTE_CSRF, 0, 4096, NULL, sign_in_form },
	{ HTTP_POST, "/sign-out", page_sign_out, ROUTE_CSRF, 0, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/sign-out-everywhere", page_sign_out_everywhere, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, route_csrf_form },
	{ HTTP_GET, "/sign-in/code", page_sign_in_code, ROUTE_SIGNIN | ROUTE_PARTIAL, 0, 0,
	  next_query, NULL },
	{ HTTP_POST, "/sign-in/code", page_sign_in_code_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_PARTIAL, 0, 1024, NULL, code_form },
	{ HTTP_GET, "/reset", page_reset, 0, 0, 0, NULL, NULL },
	{ HTTP_POST, "/reset", page_reset_post, ROUTE_CSRF, 0, 1024, NULL, email_form },
	/* The token is in the path: logged as the pattern, never as sent. */
	{ HTTP_GET, "/reset/{token}", page_reset_link, ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/reset/{token}", page_reset_link_post, ROUTE_CSRF | ROUTE_NOLOG_PATH, 0, 4096,
	  NULL, password_form },
	{ HTTP_GET, "/invite/{token}", page_invite, ROUTE_NOLOG_PATH, 0, 0, NULL, NULL },
	{ HTTP_POST, "/invite/{token}", page_invite_post, ROUTE_CSRF | ROUTE_NOLOG_PATH, 0, 4096,
	  NULL, password_form },
	{ HTTP_GET, "/sign-up", page_sign_up, 0, 0, 0, NULL, NULL },
	{ HTTP_POST, "/sign-up", page_sign_up_post, ROUTE_CSRF, 0, 1024, NULL, email_form },
	{ HTTP_GET, "/account", page_account, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/invite", page_invite_form, ROUTE_SIGNIN, ROLE_ADMIN | ROLE_CONTACT, 0,
	  sent_query, NULL },
	{ HTTP_POST, "/invite", page_invite_form_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN | ROLE_CONTACT, 1024, NULL, email_form },
	{ HTTP_POST, "/account/step-up", page_step_up_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048,
	  NULL, step_up_form },
	{ HTTP_GET, "/account/two-factor", page_two_factor, ROUTE_SIGNIN | ROUTE_PARTIAL, 0, 0,
	  NULL, NULL },
	{ HTTP_POST, "/account/two-factor", page_two_factor_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_PARTIAL, 0, 1024, NULL, two_factor_form },
};

const struct feature feature_auth = {
	.name = "auth",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
