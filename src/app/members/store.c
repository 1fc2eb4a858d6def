// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of memberships and subgroups. No statement here joins a membership to an
 * account: the link exists only inside the sealed payload. */
#include "app/members/members.h"
#include "base/log.h"

/* A group's subgroup as the column holds it: NULL for the network itself. Queries use
 * "subgroup_id IS NOT DISTINCT FROM ?" (SQLite's IS), so that the index (network_id, subgroup_id)
 * finds a group's rows alone (coalesce() would read every row of the network, its subgroups' too).
 */
static void
bind_subgroup(struct db_stmt *st, int idx, int64_t subgroup_id)
{
	if (subgroup_id)
		db_bind_int(st, idx, subgroup_id);
	else
		db_bind_null(st, idx);
}

int
members_store_insert(struct db_conn *c, int64_t network_id, int64_t subgroup_id,
		     const unsigned char lookup[32], const unsigned char *pseudo_lookup,
		     const unsigned char *sealed, size_t len)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO membership (network_id, subgroup_id, lookup, pseudonym_lookup, sealed)"
	       " VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	bind_subgroup(st, 2, subgroup_id);
	db_bind_blob(st, 3, lookup, 32);
	if (pseudo_lookup)
		db_bind_blob(st, 4, pseudo_lookup, 32);
	else
		db_bind_null(st, 4);
	db_bind_blob(st, 5, sealed, len);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

int
members_store_update(struct db_conn *c, const unsigned char lookup[32],
		     const unsigned char *pseudo_lookup, const unsigned char *sealed, size_t len,
		     bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE membership SET pseudonym_lookup = ?, sealed = ? WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	if (pseudo_lookup)
		db_bind_blob(st, 1, pseudo_lookup, 32);
	else
		db_bind_null(st, 1);
	db_bind_blob(st, 2, sealed, len);
	db_bind_blob(st, 3, lookup, 32);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
members_store_get(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
		  struct member_row *out, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, network_id, coalesce(subgroup_id, 0), sealed FROM membership"
			  " WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	*found = false;
	if (db_row(st)) {
		size_t n;
		const void *p = db_col_blob(st, 3, &n);
		unsigned char *copy = arena_alloc(a, n ? n : 1);
		if (n)
			memcpy(copy, p, n);
		*out = (struct member_row){ db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
					    copy, n };
		*found = true;
	}
	return db_done(st);
}

int
members_store_delete(struct db_conn *c, const unsigned char lookup[32], bool *found)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM membership WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
members_store_pseudonym_owner(struct db_conn *c, const unsigned char pseudo_lookup[32],
			      const unsigned char lookup[32], bool *taken_by_other)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT lookup = ? FROM membership WHERE pseudonym_lookup = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	db_bind_blob(st, 2, pseudo_lookup, 32);
	*taken_by_other = db_row(st) && db_col_int(st, 0) == 0;
	return db_done(st);
}

/* Reads rows of (id, network_id, subgroup_id or 0, sealed) into a growing arena array. */
static int
read_rows(struct db_stmt *st, struct arena *a, struct member_row **out, size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct member_row), 32, 0);
	while (db_row(st)) {
		size_t bl;
		const void *p = db_col_blob(st, 3, &bl);
		unsigned char *copy = arena_alloc(a, bl ? bl : 1);
		if (bl)
			memcpy(copy, p, bl);
		*ARENA_VEC_PUSH(&vec, struct member_row) =
		    (struct member_row){ db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
					 copy, bl };
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
members_store_group(struct db_conn *c, struct arena *a, int64_t network_id, int64_t subgroup_id,
		    struct member_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, network_id, coalesce(subgroup_id, 0), sealed FROM membership"
			  " WHERE network_id = ? AND subgroup_id IS NOT DISTINCT FROM ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	bind_subgroup(st, 2, subgroup_id);
	return read_rows(st, a, out, n);
}

int
members_store_count(struct db_conn *c, int64_t network_id, int64_t subgroup_id, bool live,
		    int64_t *n)
{
	/* Shown: the nightly snapshot of group_size (migrations 0007 and 0010). Live: group_size
	 * itself, kept by triggers, for internal use only. */
	struct db_stmt *st = live ? db_prepare(c, "SELECT members FROM group_size"
						  " WHERE network_id = ? AND subgroup_id = ?")
				  : db_prepare(c, "SELECT members FROM group_size_shown"
						  " WHERE network_id = ? AND subgroup_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, subgroup_id);
	*n = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
members_store_versions(struct db_conn *c, int64_t network_id, int64_t subgroup_id, int64_t *group,
		       int64_t *people)
{
	/* Kept by triggers (migration 0012). One statement for both, with the page. */
	struct db_stmt *st =
	    db_prepare(c, "SELECT coalesce((SELECT version FROM group_version WHERE network_id = ?"
			  " AND subgroup_id = ?), 0), coalesce((SELECT version FROM group_version"
			  " WHERE network_id = 0 AND subgroup_id = 0), 0)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, subgroup_id);
	*group = *people = 0;
	if (db_row(st)) {
		*group = db_col_int(st, 0);
		*people = db_col_int(st, 1);
	}
	return db_done(st);
}

int
members_store_counts_snapshot(struct db_conn *c, int64_t now)
{
	int err = db_exec(c, "DELETE FROM group_size_shown");
	if (!err)
		err = db_exec(c, "INSERT INTO group_size_shown (network_id, subgroup_id, members)"
				 " SELECT network_id, subgroup_id, members FROM group_size");
	if (err)
		return KR_EDB;
	struct db_stmt *st = db_prepare(c, "UPDATE group_size_taken SET taken_at = ? WHERE id = 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	return db_run(st);
}

int
members_store_counts_taken_at(struct db_conn *c, int64_t *out)
{
	struct db_stmt *st = db_prepare(c, "SELECT taken_at FROM group_size_taken WHERE id = 1");
	if (!st)
		return KR_EDB;
	*out = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
members_store_groups(struct db_conn *c, struct arena *a, int64_t **networks, int64_t **subgroups,
		     size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, 0 FROM network UNION ALL SELECT network_id, id FROM subgroup"
			  " ORDER BY 1, 2");
	if (!st)
		return KR_EDB;
	struct arena_vec nv, sv;
	arena_vec_init(&nv, a, sizeof(int64_t), 64, 0);
	arena_vec_init(&sv, a, sizeof(int64_t), 64, 0);
	while (db_row(st)) {
		*ARENA_VEC_PUSH(&nv, int64_t) = db_col_int(st, 0);
		*ARENA_VEC_PUSH(&sv, int64_t) = db_col_int(st, 1);
	}
	if (db_done(st))
		return KR_EDB;
	*networks = nv.items;
	*subgroups = sv.items;
	*n = nv.len;
	return KR_OK;
}

static void
subgroup_from_row(struct db_stmt *st, struct arena *a, struct subgroup *g)
{
	g->id = db_col_int(st, 0);
	g->network_id = db_col_int(st, 1);
	g->slug = arena_strdup(a, db_col_text(st, 2));
	g->name = arena_strdup(a, db_col_text(st, 3));
	g->description = arena_strdup(a, db_col_text(st, 4));
}

/* Subgroups by name (bytewise, the same on both backends), then id. Sorted here rather than
 * with ORDER BY: every network page lists them, and SQLite's sorter (a temporary b-tree) costs
 * more than the query itself for a handful of rows. */
static int
subgroup_cmp(const void *pa, const void *pb)
{
	const struct subgroup *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

int
members_store_subgroups(struct db_conn *c, struct arena *a, int64_t network_id,
			struct subgroup **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, network_id, slug, name, description FROM subgroup"
			  " WHERE network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct subgroup), 8, 0);
	while (db_row(st))
		subgroup_from_row(st, a, arena_vec_push(&vec));
	if (db_done(st))
		return KR_EDB;
	if (vec.len > 1)
		qsort(vec.items, vec.len, sizeof(struct subgroup), subgroup_cmp);
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
members_store_subgroup_by_slug(struct db_conn *c, struct arena *a, int64_t network_id,
			       const char *slug, struct subgroup *out, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, network_id, slug, name, description FROM subgroup"
			  " WHERE network_id = ? AND slug = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, slug);
	*found = false;
	if (db_row(st)) {
		subgroup_from_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

int
members_store_subgroup_insert(struct db_conn *c, int64_t network_id, const char *slug,
			      const char *name, const char *description, int64_t *id)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO subgroup (network_id, slug, name, description, created_at)"
			  " VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	char at[32];
	time_utc_iso(at, sizeof(at));
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, slug);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, description ? description : "");
	db_bind_text(st, 5, at);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

int
members_store_coordinator_insert(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				 bool accepted, int64_t now, bool *inserted)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO subgroup_role (subgroup_id, account_id, role, state, asked_at)"
	       " VALUES (?, ?, 'coordinator', ?, ?)"
	       " ON CONFLICT (subgroup_id, account_id) DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, subgroup_id);
	db_bind_int(st, 2, account_id);
	db_bind_text(st, 3, accepted ? "accepted" : "asked");
	db_bind_int(st, 4, now);
	if (db_run(st))
		return KR_EDB;
	*inserted = db_changes(c) == 1;
	return KR_OK;
}

int
members_store_coordinator_accept(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				 bool *found)
{
	struct db_stmt *st = db_prepare(c, "UPDATE subgroup_role SET state = 'accepted'"
					   " WHERE subgroup_id = ? AND account_id = ?"
					   " AND state = 'asked'");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, subgroup_id);
	db_bind_int(st, 2, account_id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
members_store_coordinator_delete(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				 const char *state, bool *found)
{
	struct db_stmt *st =
	    state ? db_prepare(c, "DELETE FROM subgroup_role WHERE subgroup_id = ?"
				  " AND account_id = ? AND state = ?")
		  : db_prepare(
			c, "DELETE FROM subgroup_role WHERE subgroup_id = ? AND account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, subgroup_id);
	db_bind_int(st, 2, account_id);
	if (state)
		db_bind_text(st, 3, state);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
members_store_coordinator_erase(struct db_conn *c, int64_t account_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM subgroup_role WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return db_run(st);
}

int
members_store_coordinators(struct db_conn *c, struct arena *a, int64_t subgroup_id,
			   const char *state, const char ***names, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT a.id, a.name FROM subgroup_role r JOIN account a ON a.id = r.account_id"
	       " WHERE r.subgroup_id = ? AND r.state = ? AND a.disabled = 0 ORDER BY a.name");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, subgroup_id);
	db_bind_text(st, 2, state);
	struct arena_vec nv, iv;
	arena_vec_init(&nv, a, sizeof(const char *), 8, 0);
	arena_vec_init(&iv, a, sizeof(int64_t), 8, 8);
	int64_t *id;
	while (db_row(st) && (id = arena_vec_push(&iv))) {
		*id = db_col_int(st, 0);
		*ARENA_VEC_PUSH(&nv, const char *) = arena_strdup(a, db_col_text(st, 1));
	}
	if (db_done(st))
		return KR_EDB;
	*names = nv.items;
	*ids = iv.items;
	*n = iv.len;
	return KR_OK;
}

int
members_store_coordinator_state(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				bool *asked, bool *accepted)
{
	struct db_stmt *st = db_prepare(c, "SELECT r.state FROM subgroup_role r"
					   " JOIN account a ON a.id = r.account_id"
					   " WHERE r.subgroup_id = ? AND r.account_id = ?"
					   " AND a.disabled = 0");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, subgroup_id);
	db_bind_int(st, 2, account_id);
	*asked = *accepted = false;
	if (db_row(st)) {
		const char *state = db_col_text(st, 0);
		*asked = strcmp(state, "asked") == 0;
		*accepted = strcmp(state, "accepted") == 0;
	}
	return db_done(st);
}

int
members_store_coordinator_roles(struct db_conn *c, struct arena *a, int64_t account_id,
				struct coordinator_role **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT s.id, n.id, n.slug, n.name, s.slug, s.name, r.state, r.asked_at"
			  " FROM subgroup_role r JOIN subgroup s ON s.id = r.subgroup_id"
			  " JOIN network n ON n.id = s.network_id"
			  " WHERE r.account_id = ? ORDER BY n.name, s.name");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	/* A person coordinates a handful of subgroups at most; the cap only bounds the array. */
	size_t cap = 64, len = 0;
	struct coordinator_role *v = ARENA_ARRAY(a, struct coordinator_role, cap);
	while (db_row(st) && len < cap) {
		v[len] = (struct coordinator_role){
			.subgroup_id = db_col_int(st, 0),
			.network_id = db_col_int(st, 1),
			.network_slug = arena_strdup(a, db_col_text(st, 2)),
			.network_name = arena_strdup(a, db_col_text(st, 3)),
			.subgroup_slug = arena_strdup(a, db_col_text(st, 4)),
			.subgroup_name = arena_strdup(a, db_col_text(st, 5)),
			.accepted = strcmp(db_col_text(st, 6), "accepted") == 0,
			.asked_at = db_col_int(st, 7),
		};
		len++;
	}
	if (db_done(st))
		return KR_EDB;
	*out = v;
	*n = len;
	return KR_OK;
}

int
members_store_names_of(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n,
		       const char ***names)
{
	const char **out = ARENA_ARRAY(a, const char *, n ? n : 1);
	*names = out;
	if (!n)
		return KR_OK;
	/* Sorted copies of the ids, to find each answer's place. */
	int64_t *sorted = ARENA_ARRAY(a, int64_t, n);
	memcpy(sorted, ids, n * sizeof(*ids));
	qsort(sorted, n, sizeof(*sorted), kr_cmp_int64);
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, name FROM account WHERE disabled = 0"
			  " AND id IN (SELECT value FROM json_each(?)) ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_ids(st, 1, sorted, n);
	const char **by_sorted = ARENA_ARRAY(a, const char *, n);
	size_t k = 0;
	while (db_row(st)) {
		int64_t id = db_col_int(st, 0);
		while (k < n && sorted[k] < id)
			k++;
		for (size_t j = k; j < n && sorted[j] == id; j++)
			by_sorted[j] = arena_strdup(a, db_col_text(st, 1));
	}
	int err = db_done(st);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		int64_t *hit = bsearch(&ids[i], sorted, n, sizeof(*sorted), kr_cmp_int64);
		out[i] = hit ? by_sorted[hit - sorted] : NULL;
	}
	return KR_OK;
}

int
members_store_all(struct db_conn *c, struct arena *a, struct member_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "SELECT id, network_id, coalesce(subgroup_id, 0), sealed FROM membership ORDER BY id");
	if (!st)
		return KR_EDB;
	return read_rows(st, a, out, n);
}

int
members_store_replace(struct db_conn *c, int64_t id, const unsigned char lookup[32],
		      const unsigned char *pseudo_lookup, const unsigned char *sealed, size_t len)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE membership SET lookup = ?, pseudonym_lookup = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	if (pseudo_lookup)
		db_bind_blob(st, 2, pseudo_lookup, 32);
	else
		db_bind_null(st, 2);
	db_bind_blob(st, 3, sealed, len);
	db_bind_int(st, 4, id);
	return db_run(st);
}
