// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of a core team that lasts: own roles, terms, vacancies and handover notes
 * (migration 0019). */
#include "app/coreteam/store.h"

static const unsigned char *
blob_copy(struct arena *a, struct db_stmt *st, int col, size_t *len)
{
	size_t bl = 0;
	const void *p = db_col_blob(st, col, &bl);
	*len = bl;
	unsigned char *copy = arena_alloc(a, bl ? bl : 1);
	if (bl)
		memcpy(copy, p, bl);
	return copy;
}

static void
bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	if (s && *s)
		db_bind_text(st, idx, s);
	else
		db_bind_null(st, idx);
}

static void
bind_id_or_null(struct db_stmt *st, int idx, int64_t id)
{
	if (id > 0)
		db_bind_int(st, idx, id);
	else
		db_bind_null(st, idx);
}

int
coreteam_store_own_roles(struct db_conn *c, struct arena *a, int64_t network_id,
			 struct ct_own_role **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT id, name, description FROM coreteam_role"
					   " WHERE network_id = ? ORDER BY name, id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct ct_own_role), 8, 0);
	while (db_row(st)) {
		struct ct_own_role *r = ARENA_VEC_PUSH(&vec, struct ct_own_role);
		r->id = db_col_int(st, 0);
		r->name = arena_strdup(a, db_col_text(st, 1));
		r->description = arena_strdup(a, db_col_text(st, 2));
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
coreteam_store_role_add(struct db_conn *c, int64_t network_id, const char *name,
			const char *description, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO coreteam_role (network_id, name,"
					   " description, created_at) VALUES (?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, description);
	db_bind_int(st, 4, now);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
coreteam_store_vacancies(struct db_conn *c, struct arena *a, int64_t network_id,
			 struct ct_vacancy **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT role_key, respond FROM coreteam_vacancy"
					   " WHERE network_id = ? ORDER BY opened_at, role_key");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct ct_vacancy), 4, 0);
	while (db_row(st)) {
		struct ct_vacancy *v = ARENA_VEC_PUSH(&vec, struct ct_vacancy);
		v->role_key = arena_strdup(a, db_col_text(st, 0));
		v->respond = arena_strdup(a, db_col_text(st, 1));
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
coreteam_store_vacancy_set(struct db_conn *c, int64_t network_id, const char *key,
			   const char *respond, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO coreteam_vacancy (network_id, role_key, respond, opened_at)"
			  " VALUES (?, ?, ?, ?) ON CONFLICT (network_id, role_key)"
			  " DO UPDATE SET respond = excluded.respond");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, respond);
	db_bind_int(st, 4, now);
	return db_run(st);
}

int
coreteam_store_vacancy_delete(struct db_conn *c, int64_t network_id, const char *key)
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM coreteam_vacancy WHERE network_id = ? AND role_key = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, key);
	return db_run(st);
}

/* The columns every term read takes, in this order. */
#define TERM_COLS                                                                                  \
	"t.id, t.network_id, t.role_key, coalesce(t.holder_id, 0), coalesce(h.name, ''),"          \
	" coalesce(t.deputy_id, 0), coalesce(d.name, ''), coalesce(t.successor_id, 0),"            \
	" coalesce(s.name, ''), t.starts_on, coalesce(t.planned_end, ''),"                         \
	" coalesce(t.ended_on, '') FROM coreteam_term t"                                           \
	" LEFT JOIN account h ON h.id = t.holder_id LEFT JOIN account d ON d.id = t.deputy_id"     \
	" LEFT JOIN account s ON s.id = t.successor_id"

static void
read_term(struct db_stmt *st, struct arena *a, struct coreteam_term *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_col_int(st, 0);
	t->network_id = db_col_int(st, 1);
	snprintf(t->role_key, sizeof(t->role_key), "%s", db_col_text(st, 2));
	t->holder_id = db_col_int(st, 3);
	t->holder_name = arena_strdup(a, db_col_text(st, 4));
	t->deputy_id = db_col_int(st, 5);
	t->deputy_name = arena_strdup(a, db_col_text(st, 6));
	t->successor_id = db_col_int(st, 7);
	t->successor_name = arena_strdup(a, db_col_text(st, 8));
	snprintf(t->starts_on, sizeof(t->starts_on), "%s", db_col_text(st, 9));
	snprintf(t->planned_end, sizeof(t->planned_end), "%s", db_col_text(st, 10));
	snprintf(t->ended_on, sizeof(t->ended_on), "%s", db_col_text(st, 11));
}

static int
read_terms(struct db_stmt *st, struct arena *a, struct coreteam_term **out, size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct coreteam_term), 16, 0);
	while (db_row(st))
		read_term(st, a, ARENA_VEC_PUSH(&vec, struct coreteam_term));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
coreteam_store_terms(struct db_conn *c, struct arena *a, int64_t network_id, int64_t holder_id,
		     bool open_only, struct coreteam_term **out, size_t *n)
{
	struct db_stmt *st;
	if (holder_id > 0) {
		st = db_prepare(c, "SELECT " TERM_COLS " WHERE t.holder_id = ?"
				   " ORDER BY t.starts_on DESC, t.id DESC");
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, holder_id);
	} else if (open_only) {
		st = db_prepare(c, "SELECT " TERM_COLS " WHERE t.network_id = ?"
				   " AND t.ended_on IS NULL ORDER BY t.starts_on, t.id");
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, network_id);
	} else {
		st = db_prepare(c, "SELECT " TERM_COLS " WHERE t.network_id = ?"
				   " ORDER BY t.starts_on DESC, t.id DESC");
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, network_id);
	}
	return read_terms(st, a, out, n);
}

int
coreteam_store_successor_terms(struct db_conn *c, struct arena *a, int64_t account_id,
			       struct coreteam_term **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT " TERM_COLS " WHERE t.successor_id = ?"
					   " AND t.ended_on IS NULL ORDER BY t.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return read_terms(st, a, out, n);
}

int
coreteam_store_term_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t id,
			struct coreteam_term *out)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " TERM_COLS " WHERE t.id = ? AND t.network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, network_id);
	bool found = db_row(st);
	if (found)
		read_term(st, a, out);
	if (db_done(st))
		return KR_EDB;
	return found ? KR_OK : KR_ENOTFOUND;
}

int
coreteam_store_term_insert(struct db_conn *c, const struct coreteam_term *t, int64_t now,
			   int64_t *id)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO coreteam_term (network_id, role_key, holder_id, deputy_id,"
			  " successor_id, starts_on, planned_end, ended_on, created_at)"
			  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, t->network_id);
	db_bind_text(st, 2, t->role_key);
	bind_id_or_null(st, 3, t->holder_id);
	bind_id_or_null(st, 4, t->deputy_id);
	bind_id_or_null(st, 5, t->successor_id);
	db_bind_text(st, 6, t->starts_on);
	bind_text_or_null(st, 7, t->planned_end);
	bind_text_or_null(st, 8, t->ended_on);
	db_bind_int(st, 9, now);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
coreteam_store_term_end(struct db_conn *c, int64_t id, const char *ended_on)
{
	struct db_stmt *st = db_prepare(c, "UPDATE coreteam_term SET ended_on = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, ended_on);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
coreteam_store_term_set_person(struct db_conn *c, int64_t id, bool successor, int64_t account_id)
{
	struct db_stmt *st =
	    successor ? db_prepare(c, "UPDATE coreteam_term SET successor_id = ? WHERE id = ?")
		      : db_prepare(c, "UPDATE coreteam_term SET deputy_id = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	bind_id_or_null(st, 1, account_id);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
coreteam_store_term_set_planned_end(struct db_conn *c, int64_t id, const char *planned_end)
{
	struct db_stmt *st = db_prepare(c, "UPDATE coreteam_term SET planned_end = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	bind_text_or_null(st, 1, planned_end);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
coreteam_store_open_counts(struct db_conn *c, struct arena *a, int64_t network_id,
			   struct ct_count **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT holder_id, count(*) FROM coreteam_term WHERE ended_on IS NULL"
	       " AND holder_id IN (SELECT holder_id FROM coreteam_term WHERE network_id = ?"
	       " AND ended_on IS NULL AND holder_id IS NOT NULL) GROUP BY holder_id"
	       " ORDER BY holder_id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct ct_count), 8, 0);
	while (db_row(st)) {
		struct ct_count *x = ARENA_VEC_PUSH(&vec, struct ct_count);
		x->holder_id = db_col_int(st, 0);
		x->n = db_col_int(st, 1);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
coreteam_store_notes(struct db_conn *c, struct arena *a, int64_t network_id, const char *key,
		     int64_t author_id, struct ct_note_row **out, size_t *n)
{
#define NOTE_COLS                                                                                  \
	"n.network_id, n.role_key, n.sealed, coalesce(n.author_id, 0), coalesce(a.name, ''),"      \
	" n.updated_at FROM coreteam_note n LEFT JOIN account a ON a.id = n.author_id"
	struct db_stmt *st;
	if (network_id > 0) {
		st =
		    db_prepare(c, "SELECT " NOTE_COLS " WHERE n.network_id = ? AND n.role_key = ?");
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, network_id);
		db_bind_text(st, 2, key);
	} else if (author_id > 0) {
		st = db_prepare(c, "SELECT " NOTE_COLS " WHERE n.author_id = ?"
				   " ORDER BY n.network_id, n.role_key");
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, author_id);
	} else {
		st = db_prepare(c, "SELECT " NOTE_COLS " ORDER BY n.network_id, n.role_key");
		if (!st)
			return KR_EDB;
	}
#undef NOTE_COLS
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct ct_note_row), 4, 0);
	while (db_row(st)) {
		struct ct_note_row *r = ARENA_VEC_PUSH(&vec, struct ct_note_row);
		r->network_id = db_col_int(st, 0);
		r->role_key = arena_strdup(a, db_col_text(st, 1));
		r->sealed = blob_copy(a, st, 2, &r->sealed_len);
		r->author_id = db_col_int(st, 3);
		r->author_name = arena_strdup(a, db_col_text(st, 4));
		r->updated_at = db_col_int(st, 5);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
coreteam_store_note_set(struct db_conn *c, int64_t network_id, const char *key,
			const unsigned char *sealed, size_t len, int64_t author_id, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO coreteam_note (network_id, role_key, sealed, author_id, updated_at)"
	       " VALUES (?, ?, ?, ?, ?) ON CONFLICT (network_id, role_key) DO UPDATE SET"
	       " sealed = excluded.sealed, author_id = excluded.author_id,"
	       " updated_at = excluded.updated_at");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, key);
	db_bind_blob(st, 3, sealed, len);
	bind_id_or_null(st, 4, author_id);
	db_bind_int(st, 5, now);
	return db_run(st);
}

int
coreteam_store_note_reseal(struct db_conn *c, int64_t network_id, const char *key,
			   const unsigned char *sealed, size_t len)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE coreteam_note SET sealed = ? WHERE network_id = ? AND role_key = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, sealed, len);
	db_bind_int(st, 2, network_id);
	db_bind_text(st, 3, key);
	return db_run(st);
}

int
coreteam_store_note_delete(struct db_conn *c, int64_t network_id, const char *key)
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM coreteam_note WHERE network_id = ? AND role_key = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, key);
	return db_run(st);
}

int
coreteam_store_erase_account(struct db_conn *c, int64_t account_id)
{
	static const char *const sql[] = {
		"UPDATE coreteam_term SET holder_id = NULL WHERE holder_id = ?",
		"UPDATE coreteam_term SET deputy_id = NULL WHERE deputy_id = ?",
		"UPDATE coreteam_term SET successor_id = NULL WHERE successor_id = ?",
		"UPDATE coreteam_note SET author_id = NULL WHERE author_id = ?",
	};
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		struct db_stmt *st = db_prepare(c, sql[i]);
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, account_id);
		if (db_run(st))
			return KR_EDB;
	}
	return KR_OK;
}

int
coreteam_store_retention(struct db_conn *c, const char *before, int64_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM coreteam_term WHERE ended_on IS NOT NULL AND ended_on < ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, before);
	if (db_run(st))
		return KR_EDB;
	*n = db_changes(c);
	return KR_OK;
}
