// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the organisation's SQL. */
#include "app/org/org.h"

int
org_store_get(struct db_conn *c, struct arena *a, struct org *out, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT name, intro, content_lang FROM organisation WHERE id = 1");
	if (!st)
		return KR_EDB;
	*found = false;
	if (db_row(st)) {
		out->name = arena_strdup(a, db_col_text(st, 0));
		out->intro = arena_strdup(a, db_col_text(st, 1));
		out->content_lang = arena_strdup(a, db_col_text(st, 2));
		*found = true;
	}
	return db_done(st);
}

int
org_store_insert(struct db_conn *c, const char *name, const char *intro)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO organisation (id, name, intro, created_at)"
			  " VALUES (1, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, intro);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

int
org_store_site_insert(struct db_conn *c, const struct site *s, int64_t *id)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO site (name, town, headcount) VALUES (?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, s->name);
	db_bind_text(st, 2, s->town);
	db_bind_int(st, 3, s->headcount);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

int
org_store_sites(struct db_conn *c, struct arena *a, struct site **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, name, town, headcount FROM site ORDER BY name");
	if (!st)
		return KR_EDB;
	size_t cap = 8, len = 0;
	struct site *v = ARENA_ARRAY(a, struct site, cap);
	while (db_row(st)) {
		if (len == cap) {
			struct site *bigger = ARENA_ARRAY(a, struct site, cap * 2);
			memcpy(bigger, v, len * sizeof(*v));
			v = bigger;
			cap *= 2;
		}
		v[len].id = db_col_int(st, 0);
		v[len].name = arena_strdup(a, db_col_text(st, 1));
		v[len].town = arena_strdup(a, db_col_text(st, 2));
		v[len].headcount = db_col_int(st, 3);
		len++;
	}
	if (db_done(st))
		return KR_EDB;
	*out = v;
	*n = len;
	return KR_OK;
}

int
org_store_network_insert(struct db_conn *c, const struct network *nw, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO network (slug, name, kind, summary, target_group, goal_individual,"
	       " goal_group, goal_organisation, position, contact_email, created_at)"
	       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, nw->slug);
	db_bind_text(st, 2, nw->name);
	db_bind_text(st, 3, nw->kind == NETWORK_BROAD ? "broad" : "narrow");
	db_bind_text(st, 4, nw->summary ? nw->summary : "");
	db_bind_text(st, 5, nw->target_group ? nw->target_group : "");
	db_bind_text(st, 6, nw->goal_individual ? nw->goal_individual : "");
	db_bind_text(st, 7, nw->goal_group ? nw->goal_group : "");
	db_bind_text(st, 8, nw->goal_organisation ? nw->goal_organisation : "");
	db_bind_text(st, 9, nw->position ? nw->position : "");
	db_bind_text(st, 10, nw->contact_email ? nw->contact_email : "");
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

int
org_store_networks(struct db_conn *c, struct arena *a, struct network **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT id, slug, name, kind, summary, target_group, goal_individual, goal_group,"
	       " goal_organisation, position, contact_email FROM network"
	       " ORDER BY kind = 'narrow', name");
	if (!st)
		return KR_EDB;
	size_t cap = 8, len = 0;
	struct network *v = ARENA_ARRAY(a, struct network, cap);
	while (db_row(st)) {
		if (len == cap) {
			struct network *bigger = ARENA_ARRAY(a, struct network, cap * 2);
			memcpy(bigger, v, len * sizeof(*v));
			v = bigger;
			cap *= 2;
		}
		struct network *nw = &v[len++];
		nw->id = db_col_int(st, 0);
		nw->slug = arena_strdup(a, db_col_text(st, 1));
		nw->name = arena_strdup(a, db_col_text(st, 2));
		nw->kind =
		    strcmp(db_col_text(st, 3), "broad") == 0 ? NETWORK_BROAD : NETWORK_NARROW;
		nw->summary = arena_strdup(a, db_col_text(st, 4));
		nw->target_group = arena_strdup(a, db_col_text(st, 5));
		nw->goal_individual = arena_strdup(a, db_col_text(st, 6));
		nw->goal_group = arena_strdup(a, db_col_text(st, 7));
		nw->goal_organisation = arena_strdup(a, db_col_text(st, 8));
		nw->position = arena_strdup(a, db_col_text(st, 9));
		nw->contact_email = arena_strdup(a, db_col_text(st, 10));
	}
	if (db_done(st))
		return KR_EDB;
	*out = v;
	*n = len;
	return KR_OK;
}
