// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/admin (administration: the organisation, sites, networks,
 * accounts, the audit log), top to bottom, and its entry in the features table
 * (src/app/features.c). The server checks method, flags, body size and the accepted parameters
 * before a handler runs; anything else is 400, 404 or 405. */
#include "app/app.h"
#include "app/feature.h"
#include "app/admin/pages.h"

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

static const struct route routes[] = {
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
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/admin/accounts/{id}/enable", page_admin_account_enable_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/admin/accounts/{id}/role", page_admin_account_role_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 512, NULL, admin_role_form },
	{ HTTP_GET, "/admin/audit", page_admin_audit, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  admin_audit_query, NULL },
};

const struct feature feature_admin = {
	.name = "admin",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
};
