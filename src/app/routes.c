// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: every route Kring answers, top to bottom. The server checks method, flags, body
 * size and the accepted parameters before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/photo/photo.h"

int page_home(struct request *r);
int page_prefs(struct request *r);
int page_prefs_save(struct request *r);
int page_language(struct request *r);
int page_accessibility(struct request *r);
int page_static(struct request *r);
int page_sign_in(struct request *r);
int page_sign_in_post(struct request *r);
int page_sign_out(struct request *r);
int page_sign_out_everywhere(struct request *r);
int page_account(struct request *r);
int page_networks(struct request *r);
int page_group(struct request *r);
int page_group_join(struct request *r);
int page_group_join_post(struct request *r);
int page_group_me(struct request *r);
int page_group_me_post(struct request *r);
int page_group_leave(struct request *r);
int page_group_leave_post(struct request *r);
int page_group_members(struct request *r);
int page_group_member_photo(struct request *r);
int page_photo(struct request *r);
int page_photo_post(struct request *r);
int page_photo_remove_post(struct request *r);
int page_photo_own(struct request *r);
int page_subgroups(struct request *r);
int page_subgroups_post(struct request *r);
int page_group_coordinators_post(struct request *r);
int page_me_data(struct request *r);
int page_admin_retention(struct request *r);
int page_admin_retention_post(struct request *r);
int page_me_data_json(struct request *r);
int page_me_delete(struct request *r);
int page_me_delete_post(struct request *r);
int page_two_factor(struct request *r);
int page_two_factor_post(struct request *r);
int page_step_up_post(struct request *r);
int page_sign_in_code(struct request *r);
int page_sign_in_code_post(struct request *r);
int page_reset(struct request *r);
int page_reset_post(struct request *r);
int page_reset_link(struct request *r);
int page_reset_link_post(struct request *r);
int page_invite(struct request *r);
int page_invite_post(struct request *r);
int page_sign_up(struct request *r);
int page_sign_up_post(struct request *r);
int page_invite_form(struct request *r);
int page_invite_form_post(struct request *r);
int page_network(struct request *r);
int page_healthz(struct request *r);

static const struct route_param home_query[] = { { "signed_out", 1 },
						 { "deleted", 1 },
						 { NULL, 0 } };
static const struct route_param prefs_query[] = { { "saved", 1 }, { NULL, 0 } };
static const struct route_param next_query[] = { { "next", 512 }, { "done", 16 }, { NULL, 0 } };
static const struct route_param done_query[] = { { "done", 16 }, { NULL, 0 } };
/* An upload: the photo within its limit, the form's overhead besides. */
static const struct route_param photo_form[] = {
	{ "csrf", 64 },
	{ "photo", PHOTO_MAX_UPLOAD },
	{ NULL, 0 },
};
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
static const struct route_param retention_form[] = {
	{ "csrf", 64 },
	{ "mail_days", 16 },
	{ "account_days", 16 },
	{ NULL, 0 },
};
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
static const struct route_param csrf_form[] = { { "csrf", 64 }, { NULL, 0 } };
static const struct route_param two_factor_form[] = {
	{ "csrf", 64 },
	{ "box", 96 },
	{ "code", 24 },
	{ NULL, 0 },
};
static const struct route_param step_up_form[] = {
	{ "csrf", 64 },
	{ "proof", 1024 },
	{ "next", 512 },
	{ NULL, 0 },
};
static const struct route_param code_form[] = {
	{ "csrf", 64 },
	{ "code", 64 },
	{ "next", 512 },
	{ NULL, 0 },
};
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

/* ---- administration (src/app/admin) ---- */
int page_admin(struct request *r);
int page_admin_org(struct request *r);
int page_admin_org_post(struct request *r);
int page_admin_sites(struct request *r);
int page_admin_sites_post(struct request *r);
int page_admin_networks(struct request *r);
int page_admin_network_new(struct request *r);
int page_admin_network_new_post(struct request *r);
int page_admin_network(struct request *r);
int page_admin_network_post(struct request *r);
int page_admin_network_role_post(struct request *r);
int page_admin_accounts(struct request *r);
int page_admin_invite_post(struct request *r);
int page_admin_account_disable_post(struct request *r);
int page_admin_account_enable_post(struct request *r);
int page_admin_account_role_post(struct request *r);
int page_admin_audit(struct request *r);

static const struct route_param admin_done_query[] = { { "done", 16 }, { NULL, 0 } };
static const struct route_param admin_audit_query[] = { { "before", 20 }, { NULL, 0 } };
/* Text limits are in bytes, four per character of the service's limits in characters, so
 * that the service, not the router, tells about a text that is too long. */
static const struct route_param admin_org_form[] = {
	{ "csrf", 64 },	      { "name", 800 },	    { "intro", 8000 },
	{ "domains", 16000 }, { "open_signup", 1 }, { NULL, 0 },
};
static const struct route_param admin_site_form[] = {
	{ "csrf", 64 }, { "name", 800 }, { "town", 800 }, { "headcount", 32 }, { NULL, 0 },
};
static const struct route_param admin_network_new_form[] = {
	{ "csrf", 64 }, { "name", 800 },     { "slug", 256 },
	{ "kind", 16 }, { "summary", 4000 }, { NULL, 0 },
};
static const struct route_param admin_network_form[] = {
	{ "csrf", 64 },		  { "name", 800 },
	{ "kind", 16 },		  { "summary", 4000 },
	{ "target_group", 8000 }, { "goal_individual", 8000 },
	{ "goal_group", 8000 },	  { "goal_organisation", 8000 },
	{ "position", 800 },	  { "contact_email", 1024 },
	{ "plan_goal", 8000 },	  { "plan_activities", 8000 },
	{ "plan_effects", 8000 }, { "plan_planning", 8000 },
	{ "plan_budget", 8000 },  { NULL, 0 },
};
static const struct route_param admin_network_role_form[] = {
	{ "csrf", 64 }, { "email", 1024 }, { "role", 16 }, { "account", 20 }, { NULL, 0 },
};
static const struct route_param admin_invite_form[] = {
	{ "csrf", 64 },
	{ "email", 1024 },
	{ NULL, 0 },
};
static const struct route_param admin_role_form[] = {
	{ "csrf", 64 },
	{ "role", 16 },
	{ NULL, 0 },
};
/* ---- end of administration ---- */

const struct route app_routes[] = {
	{ HTTP_GET, "/", page_home, 0, 0, 0, home_query, NULL },
	{ HTTP_GET, "/sign-in", page_sign_in, 0, 0, 0, next_query, NULL },
	{ HTTP_POST, "/sign-in", page_sign_in_post, ROUTE_CSRF, 0, 4096, NULL, sign_in_form },
	{ HTTP_POST, "/sign-out", page_sign_out, ROUTE_CSRF, 0, 256, NULL, csrf_form },
	{ HTTP_POST, "/sign-out-everywhere", page_sign_out_everywhere, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, csrf_form },
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
	{ HTTP_GET, "/account/photo", page_photo, ROUTE_SIGNIN, 0, 0, done_query, NULL },
	{ HTTP_POST, "/account/photo", page_photo_post, ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_MULTIPART,
	  0, PHOTO_MAX_UPLOAD + 4096, NULL, photo_form },
	{ HTTP_POST, "/account/photo/remove", page_photo_remove_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, csrf_form },
	{ HTTP_GET, "/account/photo.jpg", page_photo_own, ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/me/data", page_me_data, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/admin/retention", page_admin_retention, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  done_query, NULL },
	{ HTTP_POST, "/admin/retention", page_admin_retention_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 512, NULL, retention_form },
	{ HTTP_GET, "/me/data.json", page_me_data_json, ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/me/delete", page_me_delete, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/me/delete", page_me_delete_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 256, NULL,
	  csrf_form },
	{ HTTP_GET, "/invite", page_invite_form, ROUTE_SIGNIN, ROLE_ADMIN | ROLE_CONTACT, 0,
	  sent_query, NULL },
	{ HTTP_POST, "/invite", page_invite_form_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN | ROLE_CONTACT, 1024, NULL, email_form },
	{ HTTP_GET, "/account/two-factor", page_two_factor, ROUTE_SIGNIN | ROUTE_PARTIAL, 0, 0,
	  NULL, NULL },
	{ HTTP_POST, "/account/two-factor", page_two_factor_post,
	  ROUTE_CSRF | ROUTE_SIGNIN | ROUTE_PARTIAL, 0, 1024, NULL, two_factor_form },
	{ HTTP_POST, "/account/step-up", page_step_up_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048,
	  NULL, step_up_form },
	{ HTTP_GET, "/networks", page_networks, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/n/{slug}", page_network, ROUTE_SIGNIN, 0, 0, done_query, NULL },
	/* Membership: every page about a person's membership is for that person only. */
	{ HTTP_GET, "/n/{slug}/join", page_group_join, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/join", page_group_join_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048,
	  NULL, choice_form },
	{ HTTP_GET, "/n/{slug}/me", page_group_me, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/me", page_group_me_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048, NULL,
	  choice_form },
	{ HTTP_GET, "/n/{slug}/leave", page_group_leave, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/leave", page_group_leave_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 256,
	  NULL, csrf_form },
	{ HTTP_GET, "/n/{slug}/members", page_group_members, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/n/{slug}/members/{id}/photo", page_group_member_photo,
	  ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_GET, "/n/{slug}/groups", page_subgroups, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/groups", page_subgroups_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 12288,
	  NULL, subgroup_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}", page_group, ROUTE_SIGNIN, 0, 0, done_query, NULL },
	{ HTTP_GET, "/n/{slug}/g/{sub}/join", page_group_join, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/join", page_group_join_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  2048, NULL, choice_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/me", page_group_me, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/me", page_group_me_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 2048,
	  NULL, choice_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/leave", page_group_leave, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/leave", page_group_leave_post, ROUTE_CSRF | ROUTE_SIGNIN, 0,
	  256, NULL, csrf_form },
	{ HTTP_GET, "/n/{slug}/g/{sub}/members", page_group_members, ROUTE_SIGNIN, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/n/{slug}/g/{sub}/members/{id}/photo", page_group_member_photo,
	  ROUTE_SIGNIN | ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/g/{sub}/coordinators", page_group_coordinators_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 1024, NULL, coordinator_form },
	{ HTTP_GET, "/preferences", page_prefs, 0, 0, 0, prefs_query, NULL },
	{ HTTP_POST, "/preferences", page_prefs_save, ROUTE_CSRF, 0, 4096, NULL, prefs_form },
	{ HTTP_POST, "/language", page_language, ROUTE_CSRF, 0, 1024, NULL, language_form },
	{ HTTP_GET, "/accessibility", page_accessibility, 0, 0, 0, NULL, NULL },
	{ HTTP_GET, "/static/{version}/{file}", page_static, ROUTE_RAW, 0, 0, NULL, NULL },
	{ HTTP_GET, "/healthz", page_healthz, ROUTE_RAW, 0, 0, NULL, NULL },
	/* ---- administration (src/app/admin) ---- */
	{ HTTP_GET, "/admin", page_admin, ROUTE_SIGNIN, ROLE_ADMIN, 0, NULL, NULL },
	{ HTTP_GET, "/admin/organisation", page_admin_org, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  admin_done_query, NULL },
	{ HTTP_POST, "/admin/organisation", page_admin_org_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 65536, NULL, admin_org_form },
	{ HTTP_GET, "/admin/sites", page_admin_sites, ROUTE_SIGNIN, ROLE_ADMIN, 0, admin_done_query,
	  NULL },
	{ HTTP_POST, "/admin/sites", page_admin_sites_post, ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN,
	  8192, NULL, admin_site_form },
	{ HTTP_GET, "/admin/networks", page_admin_networks, ROUTE_SIGNIN, ROLE_ADMIN, 0, NULL,
	  NULL },
	/* Before /admin/networks/{slug}: "new" is never a network's slug here. */
	{ HTTP_GET, "/admin/networks/new", page_admin_network_new, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  NULL, NULL },
	{ HTTP_POST, "/admin/networks/new", page_admin_network_new_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 32768, NULL, admin_network_new_form },
	{ HTTP_GET, "/admin/networks/{slug}", page_admin_network, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  admin_done_query, NULL },
	{ HTTP_POST, "/admin/networks/{slug}", page_admin_network_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 131072, NULL, admin_network_form },
	{ HTTP_POST, "/admin/networks/{slug}/roles", page_admin_network_role_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 4096, NULL, admin_network_role_form },
	{ HTTP_GET, "/admin/accounts", page_admin_accounts, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  admin_done_query, NULL },
	{ HTTP_POST, "/admin/accounts/invite", page_admin_invite_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 4096, NULL, admin_invite_form },
	{ HTTP_POST, "/admin/accounts/{id}/disable", page_admin_account_disable_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, csrf_form },
	{ HTTP_POST, "/admin/accounts/{id}/enable", page_admin_account_enable_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, csrf_form },
	{ HTTP_POST, "/admin/accounts/{id}/role", page_admin_account_role_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 512, NULL, admin_role_form },
	{ HTTP_GET, "/admin/audit", page_admin_audit, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  admin_audit_query, NULL },
	/* ---- end of administration ---- */
};
const size_t app_nroutes = ARRAY_SIZE(app_routes);
