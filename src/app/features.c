// SPDX-License-Identifier: AGPL-3.0-or-later
/* features.c: the one table of Kring's features. A new feature is one line here (and its folder,
 * see docs/ARCHITECTURE.md); the route table and every walk come from this list. The order is
 * the order of the walks; routes are matched first to last, and route_table_check() refuses a
 * route that an earlier one hides, so the order of routes between features does not matter. */
#include "app/feature.h"
#include <pthread.h>

extern const struct feature feature_home;
extern const struct feature feature_auth;
extern const struct feature feature_photo;
extern const struct feature feature_me;
extern const struct feature feature_networks;
extern const struct feature feature_members;
extern const struct feature feature_prefs;
extern const struct feature feature_about;
extern const struct feature feature_static;
extern const struct feature feature_retention;
extern const struct feature feature_admin;
extern const struct feature feature_events;
extern const struct feature feature_forum;
extern const struct feature feature_questions;
extern const struct feature feature_budget;
extern const struct feature feature_coreteam;
extern const struct feature feature_consult;
extern const struct feature feature_hours;
extern const struct feature feature_stories;
extern const struct feature feature_knowledge;
extern const struct feature feature_buddies;
extern const struct feature feature_search;

static const struct feature *const features[] = {
	&feature_home,	   &feature_auth,    &feature_photo, &feature_me,	 &feature_networks,
	&feature_members,  &feature_prefs,   &feature_about, &feature_static,	 &feature_retention,
	&feature_admin,	   &feature_events,  &feature_forum, &feature_questions, &feature_budget,
	&feature_coreteam, &feature_consult, &feature_hours, &feature_stories,	 &feature_knowledge,
	&feature_buddies,  &feature_search,
};

const struct route_param route_csrf_form[] = { { "csrf", 64 }, { NULL, 0 } };
const struct route_param route_done_query[] = { { "done", 16 }, { NULL, 0 } };

static struct route *route_table;
static size_t route_count;
static pthread_once_t routes_once = PTHREAD_ONCE_INIT;

static void
routes_build(void)
{
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		n += features[i]->nroutes;
	route_table = xcalloc(n ? n : 1, sizeof(*route_table));
	for (size_t i = 0; i < ARRAY_SIZE(features); i++)
		for (size_t k = 0; k < features[i]->nroutes; k++)
			route_table[route_count++] = features[i]->routes[k];
}

const struct route *
features_routes(size_t *n)
{
	pthread_once(&routes_once, routes_build);
	*n = route_count;
	return route_table;
}

int
features_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->erase_account)
			err = features[i]->erase_account(c, k, account_id);
	return err;
}

int
features_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id,
		     int64_t network_id, int64_t subgroup_id)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->leave_group)
			err = features[i]->leave_group(c, k, account_id, network_id, subgroup_id);
	return err;
}

int
features_my_data(struct my_data *md)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->my_data)
			err = features[i]->my_data(md);
	return err;
}

int
features_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->retention)
			err = features[i]->retention(c, ctx);
	return err;
}

int
features_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	int err = KR_OK;
	*count = 0;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++) {
		int64_t n = 0;
		if (features[i]->rekey && !(err = features[i]->rekey(c, old, fresh, &n)))
			*count += n;
	}
	return err;
}

int
features_demo(struct db_conn *c, struct demo_ctx *d)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->demo)
			err = features[i]->demo(c, d);
	return err;
}

int
features_home_notice(struct request *r)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->home_notice)
			err = features[i]->home_notice(r);
	return err;
}

const struct feature *
features_searchable(size_t i)
{
	for (size_t f = 0; f < ARRAY_SIZE(features); f++)
		if (features[f]->search && i-- == 0)
			return features[f];
	return NULL;
}

int
features_network_page(struct request *r, const struct org *org, const struct network *nw)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->network_page)
			err = features[i]->network_page(r, org, nw);
	return err;
}

int
features_calendar(struct calendar_ctx *cc)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(features); i++)
		if (features[i]->calendar)
			err = features[i]->calendar(cc);
	return err;
}

void
calendar_add(struct calendar_ctx *cc, const char *vcalendar)
{
	*ARENA_VEC_PUSH(&cc->texts, const char *) = vcalendar;
}

void
retention_erased(struct retention_ctx *ctx, const char *what, int64_t n)
{
	for (size_t i = 0; i < ctx->nerased; i++)
		if (strcmp(ctx->erased[i].what, what) == 0) {
			ctx->erased[i].n += n;
			return;
		}
	if (ctx->nerased == RETENTION_ERASED_MAX)
		BUG("more than %d kinds of data erased by retention", RETENTION_ERASED_MAX);
	ctx->erased[ctx->nerased].what = what;
	ctx->erased[ctx->nerased++].n = n;
}
