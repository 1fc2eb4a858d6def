// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the organisation's SQL. */
#include "app/org/org.h"
#include "base/log.h"

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
	struct db_stmt *st = db_prepare(c, "INSERT INTO organisation (id, name, intro, created_at)"
					   " VALUES (1, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	char at[32];
	time_utc_iso(at, sizeof(at));
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, intro);
	db_bind_text(st, 3, at);
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
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct site), 8, 0);
	while (db_row(st)) {
		struct site *s = arena_vec_push(&vec);
		s->id = db_col_int(st, 0);
		s->name = arena_strdup(a, db_col_text(st, 1));
		s->town = arena_strdup(a, db_col_text(st, 2));
		s->headcount = db_col_int(st, 3);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
org_store_network_insert(struct db_conn *c, const struct network *nw, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO network (slug, name, kind, summary, target_group, goal_individual,"
	       " goal_group, goal_organisation, position, contact_email, plan_goal,"
	       " plan_activities, plan_effects, plan_planning, plan_budget, created_at)"
	       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, nw->slug);
	db_bind_text(st, 2, nw->name);
	db_bind_text(st, 3, nw->kind == NETWORK_BROAD ? "broad" : "narrow");
	const char *text[] = { nw->summary,	  nw->target_group,	 nw->goal_individual,
			       nw->goal_group,	  nw->goal_organisation, nw->position,
			       nw->contact_email, nw->plan_goal,	 nw->plan_activities,
			       nw->plan_effects,  nw->plan_planning,	 nw->plan_budget };
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		db_bind_text(st, (int)i + 4, text[i] ? text[i] : "");
	char at[32];
	time_utc_iso(at, sizeof(at));
	db_bind_text(st, 16, at);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

#define NETWORK_COLS                                                                               \
	"id, slug, name, kind, summary, target_group, goal_individual, goal_group,"                \
	" goal_organisation, position, contact_email, plan_goal, plan_activities, plan_effects,"   \
	" plan_planning, plan_budget"

static void
network_from_row(struct db_stmt *st, struct arena *a, struct network *nw)
{
	nw->id = db_col_int(st, 0);
	nw->slug = arena_strdup(a, db_col_text(st, 1));
	nw->name = arena_strdup(a, db_col_text(st, 2));
	nw->kind = strcmp(db_col_text(st, 3), "broad") == 0 ? NETWORK_BROAD : NETWORK_NARROW;
	const char **text[] = { &nw->summary,	    &nw->target_group,	    &nw->goal_individual,
				&nw->goal_group,    &nw->goal_organisation, &nw->position,
				&nw->contact_email, &nw->plan_goal,	    &nw->plan_activities,
				&nw->plan_effects,  &nw->plan_planning,	    &nw->plan_budget };
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		*text[i] = arena_strdup(a, db_col_text(st, (int)i + 4));
}

int
org_store_networks(struct db_conn *c, struct arena *a, struct network **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " NETWORK_COLS " FROM network ORDER BY kind = 'narrow', name");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct network), 8, 0);
	while (db_row(st))
		network_from_row(st, a, arena_vec_push(&vec));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
org_store_network_by_slug(struct db_conn *c, struct arena *a, const char *slug, struct network *out,
			  bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " NETWORK_COLS " FROM network WHERE slug = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, slug);
	*found = false;
	if (db_row(st)) {
		network_from_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

/* The order of a network's people: contact point, ambassador, chair, vice-chair, secretary,
 * treasurer, the rest of the core team; within a role by name (bytewise, as on both backends),
 * then id. Sorted here rather than with ORDER BY: a network has a handful of roles, and SQLite's
 * sorter costs more than the rest of the query (a temporary b-tree per request). */
static int
role_rank(const char *role)
{
	static const char *const order[] = { "contact",	   "ambassador", "chair",
					     "vice_chair", "secretary",	 "treasurer" };
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (strcmp(role, order[i]) == 0)
			return (int)i;
	return (int)ARRAY_SIZE(order);
}

static int
holder_cmp(const void *pa, const void *pb)
{
	const struct network_role_holder *a = pa, *b = pb;
	int ra = role_rank(a->role), rb = role_rank(b->role);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return a->account_id < b->account_id ? -1 : a->account_id > b->account_id;
}

int
org_store_network_people(struct db_conn *c, struct arena *a, int64_t network_id,
			 const char ***names, const char ***roles, size_t *n)
{
	struct network_role_holder *h;
	size_t count;
	int err = org_store_network_roles(c, a, network_id, &h, &count);
	if (err)
		return err;
	const char **nv = arena_alloc(a, (count ? count : 1) * sizeof(*nv));
	const char **rv = arena_alloc(a, (count ? count : 1) * sizeof(*rv));
	*n = 0;
	for (size_t i = 0; i < count; i++)
		if (!h[i].disabled) {
			nv[*n] = h[i].name;
			rv[(*n)++] = h[i].role;
		}
	*names = nv;
	*roles = rv;
	return KR_OK;
}

/* ---- administration ---- */

int
org_store_settings_get(struct db_conn *c, struct arena *a, struct org_settings *out, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT name, intro, open_signup FROM organisation WHERE id = 1");
	if (!st)
		return KR_EDB;
	*found = false;
	if (db_row(st)) {
		out->name = arena_strdup(a, db_col_text(st, 0));
		out->intro = arena_strdup(a, db_col_text(st, 1));
		out->open_signup = db_col_int(st, 2) != 0;
		*found = true;
	}
	if (db_done(st))
		return KR_EDB;
	if (!*found)
		return KR_OK;
	if (!(st = db_prepare(c, "SELECT domain FROM org_domain ORDER BY domain")))
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(const char *), 8, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, const char *) = arena_strdup(a, db_col_text(st, 0));
	if (db_done(st))
		return KR_EDB;
	out->domains = vec.items;
	out->ndomains = vec.len;
	return KR_OK;
}

int
org_store_update(struct db_conn *c, const struct org_settings *s, bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE organisation SET name = ?, intro = ?, open_signup = ? WHERE id = 1");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, s->name);
	db_bind_text(st, 2, s->intro ? s->intro : "");
	db_bind_int(st, 3, s->open_signup ? 1 : 0);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) > 0;
	return KR_OK;
}

int
org_store_domains_replace(struct db_conn *c, const char *const *domains, size_t n)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM org_domain");
	if (!st || db_run(st))
		return KR_EDB;
	for (size_t i = 0; i < n; i++) {
		if (!(st = db_prepare(c, "INSERT INTO org_domain (domain) VALUES (?)")))
			return KR_EDB;
		db_bind_text(st, 1, domains[i]);
		if (db_run(st))
			return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	}
	return KR_OK;
}

int
org_store_network_update(struct db_conn *c, const struct network *nw, bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE network SET name = ?, kind = ?, summary = ?, target_group = ?,"
	       " goal_individual = ?, goal_group = ?, goal_organisation = ?, position = ?,"
	       " contact_email = ?, plan_goal = ?, plan_activities = ?, plan_effects = ?,"
	       " plan_planning = ?, plan_budget = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, nw->name);
	db_bind_text(st, 2, nw->kind == NETWORK_BROAD ? "broad" : "narrow");
	const char *text[] = { nw->summary,	  nw->target_group,	 nw->goal_individual,
			       nw->goal_group,	  nw->goal_organisation, nw->position,
			       nw->contact_email, nw->plan_goal,	 nw->plan_activities,
			       nw->plan_effects,  nw->plan_planning,	 nw->plan_budget };
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		db_bind_text(st, (int)i + 3, text[i] ? text[i] : "");
	db_bind_int(st, 15, nw->id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) > 0;
	return KR_OK;
}

/* The core team: every network role but the contact point's and the ambassador's. The one
 * place that says so; both queries below use it. */
#define CORE_TEAM_ROLE "r.role NOT IN ('contact', 'ambassador')"

int
org_store_is_core_team(struct db_conn *c, int64_t network_id, int64_t account_id, bool *yes)
{
	*yes = false;
	struct db_stmt *st = db_prepare(
	    c,
	    "SELECT 1 FROM network_role r JOIN account a ON a.id = r.account_id"
	    " WHERE r.network_id = ? AND r.account_id = ? AND a.disabled = 0 AND " CORE_TEAM_ROLE);
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, account_id);
	*yes = db_row(st);
	return db_done(st);
}

int
org_store_core_team_networks(struct db_conn *c, struct arena *a, int64_t account_id, int64_t **out,
			     size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT DISTINCT r.network_id FROM network_role r JOIN account a ON a.id ="
	       " r.account_id WHERE r.account_id = ? AND a.disabled = 0 AND " CORE_TEAM_ROLE
	       " ORDER BY r.network_id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 8, 0);
	while (db_row(st))
		*(int64_t *)arena_vec_push(&vec) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

/* role: the account's role in the network, "" for none; NULL (and org_contact false) for an
 * account that is not there or is disabled. */
int
org_store_standing(struct db_conn *c, struct arena *a, int64_t network_id, int64_t account_id,
		   const char **role, bool *org_contact)
{
	*role = NULL;
	*org_contact = false;
	struct db_stmt *st =
	    db_prepare(c, "SELECT a.is_contact, coalesce((SELECT r.role FROM network_role r WHERE"
			  " r.network_id = ? AND r.account_id = a.id), '') FROM account a"
			  " WHERE a.id = ? AND a.disabled = 0");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, account_id);
	if (db_row(st)) {
		*org_contact = db_col_int(st, 0) == 1;
		*role = arena_strdup(a, db_col_text(st, 1));
	}
	return db_done(st);
}

int
org_store_network_roles(struct db_conn *c, struct arena *a, int64_t network_id,
			struct network_role_holder **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT a.id, a.name, a.email, r.role, a.disabled FROM network_role r"
			  " JOIN account a ON a.id = r.account_id WHERE r.network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct network_role_holder), 8, 0);
	while (db_row(st)) {
		struct network_role_holder *h = arena_vec_push(&vec);
		h->account_id = db_col_int(st, 0);
		h->name = arena_strdup(a, db_col_text(st, 1));
		h->email = arena_strdup(a, db_col_text(st, 2));
		h->role = arena_strdup(a, db_col_text(st, 3));
		h->disabled = db_col_int(st, 4) != 0;
	}
	if (db_done(st))
		return KR_EDB;
	if (vec.len > 1)
		qsort(vec.items, vec.len, sizeof(struct network_role_holder), holder_cmp);
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}
