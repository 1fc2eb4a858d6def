// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of buddies (migration 0021). */
#include "app/buddies/store.h"

static struct blob
blob_copy(struct arena *a, struct db_stmt *st, int col)
{
	size_t len = 0;
	const void *p = db_col_blob(st, col, &len);
	unsigned char *copy = arena_alloc(a, len ? len : 1);
	if (len)
		memcpy(copy, p, len);
	return (struct blob){ copy, len };
}

/* Binds the states of a '|' list ("waiting|returned", at most three) to idx..idx+2. */
static void
bind_states(struct db_stmt *st, int idx, const char *list, char buf[3][16])
{
	size_t k = 0;
	const char *p = list;
	while (k < 3) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len >= 16)
			BUG("a state name of %zu bytes", len);
		memcpy(buf[k], p, len);
		buf[k][len] = '\0';
		k++;
		if (!bar)
			break;
		p = bar + 1;
	}
	for (size_t i = 0; i < 3; i++)
		db_bind_text(st, idx + (int)i, buf[i < k ? i : k - 1]);
}

/* ---- themes ---- */

int
buddies_store_themes(struct db_conn *c, struct arena *a, int64_t network_id,
		     struct buddy_theme **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT id, network_id, name FROM buddy_theme WHERE network_id = ? ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(struct buddy_theme), 16, 0);
	while (db_row(st)) {
		struct buddy_theme *t = ARENA_VEC_PUSH(&v, struct buddy_theme);
		t->id = db_col_int(st, 0);
		t->network_id = db_col_int(st, 1);
		t->name = arena_strdup(a, db_col_text(st, 2));
	}
	if (db_done(st))
		return KR_EDB;
	*out = v.items;
	*n = v.len;
	return KR_OK;
}

int
buddies_store_theme_insert(struct db_conn *c, int64_t network_id, const char *name, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO buddy_theme (network_id, name, created_at) VALUES (?, ?, ?)"
			  " ON CONFLICT DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, name);
	db_bind_int(st, 3, now);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ECONFLICT;
}

int
buddies_store_theme_delete(struct db_conn *c, int64_t network_id, int64_t id)
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM buddy_theme WHERE id = ? AND network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, network_id);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

/* ---- coordinators ---- */

/* Whether sql, with (network_id, account_id) bound to its two parameters, finds a row; false
 * also when the database fails. */
static bool
found_for(struct db_conn *c, const char *sql, int64_t network_id, int64_t account_id)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return false;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, account_id);
	bool yes = db_row(st);
	return db_done(st) == KR_OK && yes;
}

bool
buddies_store_is_coordinator(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	return found_for(c,
			 "SELECT 1 FROM buddy_coordinator WHERE network_id = ? AND account_id = ?",
			 network_id, account_id);
}

bool
buddies_store_is_serving(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	return found_for(c,
			 "SELECT 1 FROM buddy b WHERE b.network_id = ? AND b.account_id = ? AND"
			 " (b.status = 'active' OR EXISTS (SELECT 1 FROM buddy_match m WHERE"
			 " m.buddy_id = b.id AND m.status = 'active'))",
			 network_id, account_id);
}

int
buddies_store_coordinators(struct db_conn *c, struct arena *a, int64_t network_id, int64_t **ids,
			   const char ***names, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT b.account_id, a.name FROM buddy_coordinator b JOIN account a ON"
			  " a.id = b.account_id WHERE b.network_id = ? ORDER BY a.name, a.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec iv, nv;
	arena_vec_init(&iv, a, sizeof(int64_t), 8, 0);
	arena_vec_init(&nv, a, sizeof(const char *), 8, 0);
	while (db_row(st)) {
		*ARENA_VEC_PUSH(&iv, int64_t) = db_col_int(st, 0);
		*ARENA_VEC_PUSH(&nv, const char *) = arena_strdup(a, db_col_text(st, 1));
	}
	if (db_done(st))
		return KR_EDB;
	*ids = iv.items;
	*names = nv.items;
	*n = iv.len;
	return KR_OK;
}

int
buddies_store_coordinator_set(struct db_conn *c, int64_t network_id, int64_t account_id, bool on)
{
	struct db_stmt *st =
	    on ? db_prepare(c, "INSERT INTO buddy_coordinator (network_id, account_id) VALUES"
			       " (?, ?) ON CONFLICT DO NOTHING")
	       : db_prepare(c, "DELETE FROM buddy_coordinator WHERE network_id = ? AND"
			       " account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, account_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_coordinator_forget(struct db_conn *c, int64_t account_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM buddy_coordinator WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

/* ---- buddies ---- */

int
buddies_store_buddy_insert(struct db_conn *c, const struct buddy *b, struct blob sealed,
			   int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO buddy (network_id, account_id, status, caseload, site_id, online,"
	       " lang, sealed, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	       " ON CONFLICT DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, b->network_id);
	db_bind_int(st, 2, b->account_id);
	db_bind_text(st, 3, buddy_status_name(b->status));
	db_bind_int(st, 4, b->caseload);
	if (b->site_id)
		db_bind_int(st, 5, b->site_id);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, b->online ? 1 : 0);
	db_bind_text(st, 7, b->lang);
	db_bind_blob(st, 8, sealed.p, sealed.len);
	db_bind_int(st, 9, b->applied_at);
	if (db_run(st))
		return KR_EDB;
	if (db_changes(c) != 1)
		return KR_ECONFLICT;
	*id = db_last_id(c);
	return KR_OK;
}

#define BUDDY_COLS                                                                                 \
	"b.id, b.network_id, b.account_id, coalesce(a.name, ''), b.status, b.intake, b.caseload,"  \
	" b.active_count, coalesce(b.site_id, 0), b.online, b.lang, b.intake_on, b.trained_on,"    \
	" b.intervision_on, b.applied_at, b.sealed FROM buddy b LEFT JOIN account a ON"            \
	" a.id = b.account_id"

static void
copy_date(char out[11], const char *s)
{
	snprintf(out, 11, "%s", strlen(s) == 10 ? s : "");
}

int
buddies_store_buddies(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
		      int64_t account_id, struct buddy **out, struct blob **sealed, size_t *n)
{
	struct db_stmt *st =
	    id ? db_prepare(c, "SELECT " BUDDY_COLS " WHERE b.id = ?")
	    : network_id
		? db_prepare(c, "SELECT " BUDDY_COLS " WHERE b.network_id = ?"
				" ORDER BY a.name, b.id")
		: db_prepare(c, "SELECT " BUDDY_COLS " WHERE b.account_id = ? ORDER BY b.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id ? id : network_id ? network_id : account_id);
	struct arena_vec v, sv;
	arena_vec_init(&v, a, sizeof(struct buddy), 16, 0);
	arena_vec_init(&sv, a, sizeof(struct blob), 16, 0);
	while (db_row(st)) {
		struct buddy *b = ARENA_VEC_PUSH(&v, struct buddy);
		memset(b, 0, sizeof(*b));
		b->id = db_col_int(st, 0);
		b->network_id = db_col_int(st, 1);
		b->account_id = db_col_int(st, 2);
		b->name = arena_strdup(a, db_col_text(st, 3));
		if (!buddy_status_parse(db_col_text(st, 4), &b->status))
			b->status = BUDDY_STOPPED;
		if (!buddy_intake_parse(db_col_text(st, 5), &b->intake))
			b->intake = INTAKE_NONE;
		b->caseload = (int)db_col_int(st, 6);
		b->load = (int)db_col_int(st, 7);
		b->site_id = db_col_int(st, 8);
		b->online = db_col_int(st, 9) == 1;
		b->lang = arena_strdup(a, db_col_text(st, 10));
		copy_date(b->intake_on, db_col_text(st, 11));
		copy_date(b->trained_on, db_col_text(st, 12));
		copy_date(b->intervision_on, db_col_text(st, 13));
		b->applied_at = db_col_int(st, 14);
		*ARENA_VEC_PUSH(&sv, struct blob) = blob_copy(a, st, 15);
	}
	if (db_done(st))
		return KR_EDB;
	*out = v.items;
	*sealed = sv.items;
	*n = v.len;
	return KR_OK;
}

int
buddies_store_buddy_record(struct db_conn *c, int64_t id, const char *status, const char *intake,
			   const char *intake_on, const char *trained_on,
			   const char *intervision_on)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE buddy SET status = ?, intake = ?, intake_on = ?, trained_on = ?,"
			  " intervision_on = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, intake);
	db_bind_text(st, 3, intake_on);
	db_bind_text(st, 4, trained_on);
	db_bind_text(st, 5, intervision_on);
	db_bind_int(st, 6, id);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

int
buddies_store_buddy_caseload(struct db_conn *c, int64_t id, int caseload)
{
	struct db_stmt *st = db_prepare(c, "UPDATE buddy SET caseload = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, caseload);
	db_bind_int(st, 2, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_buddy_take(struct db_conn *c, int64_t id, bool *ok)
{
	/* The condition and the count in one statement: whatever runs beside it, a buddy never
	 * goes over their caseload. */
	struct db_stmt *st =
	    db_prepare(c, "UPDATE buddy SET active_count = active_count + 1 WHERE id = ? AND"
			  " status = 'active' AND active_count < caseload");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	*ok = db_changes(c) == 1;
	return KR_OK;
}

int
buddies_store_buddy_release(struct db_conn *c, int64_t id)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "UPDATE buddy SET active_count = active_count - 1 WHERE id = ? AND active_count > 0");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_buddy_reseal(struct db_conn *c, int64_t id, struct blob sealed)
{
	struct db_stmt *st = db_prepare(c, "UPDATE buddy SET sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, sealed.p, sealed.len);
	db_bind_int(st, 2, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_buddy_delete(struct db_conn *c, int64_t id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM buddy_match WHERE buddy_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "DELETE FROM buddy WHERE id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

/* ---- requests ---- */

int
buddies_store_request_insert(struct db_conn *c, int64_t network_id, const unsigned char lookup[32],
			     struct blob sealed, int64_t created_at, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO buddy_request (network_id, lookup, status, sealed, created_at)"
	       " VALUES (?, ?, 'waiting', ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_blob(st, 2, lookup, 32);
	db_bind_blob(st, 3, sealed.p, sealed.len);
	db_bind_int(st, 4, created_at);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

#define REQUEST_COLS                                                                               \
	"id, network_id, status, created_at, coalesce(ended_at, 0), lookup, sealed FROM"           \
	" buddy_request"

int
buddies_store_requests(struct db_conn *c, struct arena *a, int64_t id, const unsigned char *lookup,
		       int64_t network_id, struct buddies_store_request **out, size_t *n)
{
	struct db_stmt *st =
	    id	     ? db_prepare(c, "SELECT " REQUEST_COLS " WHERE id = ?")
	    : lookup ? db_prepare(c, "SELECT " REQUEST_COLS " WHERE lookup = ? ORDER BY id DESC")
	    : network_id
		? db_prepare(c, "SELECT " REQUEST_COLS " WHERE network_id = ? AND status IN"
				" ('waiting', 'proposed', 'matched', 'returned')"
				" ORDER BY id")
		: db_prepare(c, "SELECT " REQUEST_COLS " ORDER BY id");
	if (!st)
		return KR_EDB;
	if (id)
		db_bind_int(st, 1, id);
	else if (lookup)
		db_bind_blob(st, 1, lookup, 32);
	else if (network_id)
		db_bind_int(st, 1, network_id);
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(struct buddies_store_request), 16, 0);
	while (db_row(st)) {
		struct buddies_store_request *q = ARENA_VEC_PUSH(&v, struct buddies_store_request);
		q->id = db_col_int(st, 0);
		q->network_id = db_col_int(st, 1);
		q->status = arena_strdup(a, db_col_text(st, 2));
		q->created_at = db_col_int(st, 3);
		q->ended_at = db_col_int(st, 4);
		size_t ll = 0;
		const void *l = db_col_blob(st, 5, &ll);
		memset(q->lookup, 0, 32);
		if (ll == 32)
			memcpy(q->lookup, l, 32);
		q->sealed = blob_copy(a, st, 6);
	}
	if (db_done(st))
		return KR_EDB;
	*out = v.items;
	*n = v.len;
	return KR_OK;
}

int
buddies_store_request_move(struct db_conn *c, int64_t id, const char *from, const char *to,
			   int64_t ended_at, bool *ok)
{
	char buf[3][16];
	struct db_stmt *st =
	    ended_at ? db_prepare(c, "UPDATE buddy_request SET status = ?, ended_at = ? WHERE"
				     " id = ? AND status IN (?, ?, ?)")
		     : db_prepare(c, "UPDATE buddy_request SET status = ?, ended_at = NULL WHERE"
				     " id = ? AND status IN (?, ?, ?)");
	if (!st)
		return KR_EDB;
	int i = 1;
	db_bind_text(st, i++, to);
	if (ended_at)
		db_bind_int(st, i++, ended_at);
	db_bind_int(st, i++, id);
	bind_states(st, i, from, buf);
	if (db_run(st))
		return KR_EDB;
	*ok = db_changes(c) == 1;
	return KR_OK;
}

int
buddies_store_request_reseal(struct db_conn *c, int64_t id, const unsigned char lookup[32],
			     struct blob sealed)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE buddy_request SET lookup = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	db_bind_blob(st, 2, sealed.p, sealed.len);
	db_bind_int(st, 3, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_request_delete(struct db_conn *c, int64_t id)
{
	/* Children first: the erasure does not rest on the foreign keys' cascade alone. */
	struct db_stmt *st = db_prepare(c, "DELETE FROM buddy_match WHERE request_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "DELETE FROM buddy_request WHERE id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_requests_ended_before(struct db_conn *c, struct arena *a, int64_t before,
				    int64_t **ids, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id FROM buddy_request WHERE status IN ('ended', 'closed') AND"
			  " ended_at < ? ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(int64_t), 16, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&v, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*ids = v.items;
	*n = v.len;
	return KR_OK;
}

/* ---- matches ---- */

int
buddies_store_match_insert(struct db_conn *c, int64_t request_id, int64_t buddy_id,
			   const char *status, int64_t proposed_at, int64_t started_at,
			   int64_t ends_at, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO buddy_match (request_id, buddy_id, status, proposed_at, started_at,"
	       " ends_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, request_id);
	db_bind_int(st, 2, buddy_id);
	db_bind_text(st, 3, status);
	db_bind_int(st, 4, proposed_at);
	if (started_at) {
		db_bind_int(st, 5, started_at);
		db_bind_int(st, 6, ends_at);
	} else {
		db_bind_null(st, 5);
		db_bind_null(st, 6);
	}
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

#define MATCH_COLS                                                                                 \
	"m.id, m.request_id, m.buddy_id, b.network_id, m.status, m.proposed_at,"                   \
	" coalesce(m.started_at, 0), coalesce(m.ends_at, 0), coalesce(m.ended_at, 0) FROM"         \
	" buddy_match m JOIN buddy b ON b.id = m.buddy_id"

static bool
match_status_parse(const char *s, enum match_status *out)
{
	for (int i = MATCH_PROPOSED; i <= MATCH_HANDED_BACK; i++)
		if (strcmp(s, buddy_match_status_name((enum match_status)i)) == 0) {
			*out = (enum match_status)i;
			return true;
		}
	return false;
}

int
buddies_store_matches(struct db_conn *c, struct arena *a, int64_t id, int64_t request_id,
		      int64_t buddy_id, int64_t before, struct buddy_match **out, size_t *n)
{
	struct db_stmt *st =
	    id		 ? db_prepare(c, "SELECT " MATCH_COLS " WHERE m.id = ?")
	    : request_id ? db_prepare(c, "SELECT " MATCH_COLS " WHERE m.request_id = ?"
					 " ORDER BY m.id DESC")
	    : buddy_id	 ? db_prepare(c, "SELECT " MATCH_COLS " WHERE m.buddy_id = ?"
					   " ORDER BY m.id DESC")
			 : db_prepare(c, "SELECT " MATCH_COLS " WHERE m.status = 'active' AND"
					   " m.ends_at < ? ORDER BY m.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id ? id : request_id ? request_id : buddy_id ? buddy_id : before);
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(struct buddy_match), 8, 0);
	while (db_row(st)) {
		struct buddy_match *m = ARENA_VEC_PUSH(&v, struct buddy_match);
		m->id = db_col_int(st, 0);
		m->request_id = db_col_int(st, 1);
		m->buddy_id = db_col_int(st, 2);
		m->network_id = db_col_int(st, 3);
		if (!match_status_parse(db_col_text(st, 4), &m->status))
			m->status = MATCH_ENDED;
		m->proposed_at = db_col_int(st, 5);
		m->started_at = db_col_int(st, 6);
		m->ends_at = db_col_int(st, 7);
		m->ended_at = db_col_int(st, 8);
	}
	if (db_done(st))
		return KR_EDB;
	*out = v.items;
	*n = v.len;
	return KR_OK;
}

int
buddies_store_match_move(struct db_conn *c, int64_t id, const char *from, const char *to,
			 int64_t started_at, int64_t ends_at, int64_t ended_at, bool *ok)
{
	char buf[3][16];
	struct db_stmt *st = db_prepare(
	    c, "UPDATE buddy_match SET status = ?, started_at = coalesce(?, started_at),"
	       " ends_at = coalesce(?, ends_at), ended_at = coalesce(?, ended_at) WHERE id = ? AND"
	       " status IN (?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, to);
	int64_t v[3] = { started_at, ends_at, ended_at };
	for (int i = 0; i < 3; i++)
		if (v[i])
			db_bind_int(st, 2 + i, v[i]);
		else
			db_bind_null(st, 2 + i);
	db_bind_int(st, 5, id);
	bind_states(st, 6, from, buf);
	if (db_run(st))
		return KR_EDB;
	*ok = db_changes(c) == 1;
	return KR_OK;
}

int
buddies_store_match_renew(struct db_conn *c, int64_t id, int64_t ends_at)
{
	struct db_stmt *st = db_prepare(c, "UPDATE buddy_match SET ends_at = ? WHERE id = ? AND"
					   " status = 'active'");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, ends_at);
	db_bind_int(st, 2, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

/* ---- check-ins ---- */

int
buddies_store_checkin_insert(struct db_conn *c, int64_t network_id, const unsigned char lookup[32],
			     struct blob sealed, int64_t due_at)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO buddy_checkin (network_id, lookup, sealed,"
					   " due_at) VALUES (?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_blob(st, 2, lookup, 32);
	db_bind_blob(st, 3, sealed.p, sealed.len);
	db_bind_int(st, 4, due_at);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_checkins_of(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
			  int64_t **network_ids, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT network_id FROM buddy_checkin WHERE lookup = ? ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(int64_t), 4, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&v, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*network_ids = v.items;
	*n = v.len;
	return KR_OK;
}

int
buddies_store_checkin_delete(struct db_conn *c, int64_t network_id, const unsigned char lookup[32],
			     bool *ok)
{
	struct db_stmt *st =
	    network_id ? db_prepare(c, "DELETE FROM buddy_checkin WHERE id = (SELECT min(id) FROM"
				       " buddy_checkin WHERE network_id = ? AND lookup = ?)")
		       : db_prepare(c, "DELETE FROM buddy_checkin WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	if (network_id) {
		db_bind_int(st, 1, network_id);
		db_bind_blob(st, 2, lookup, 32);
	} else {
		db_bind_blob(st, 1, lookup, 32);
	}
	if (db_run(st))
		return KR_EDB;
	*ok = db_changes(c) >= 1;
	return KR_OK;
}

int
buddies_store_checkin_count(struct db_conn *c, int64_t network_id, const char *answer)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO buddy_checkin_answer (network_id, answer, n) VALUES (?, ?, 1)"
	       " ON CONFLICT (network_id, answer) DO UPDATE SET n = buddy_checkin_answer.n + 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, answer);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
buddies_store_checkins_erase_before(struct db_conn *c, int64_t before, int64_t *n)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM buddy_checkin WHERE due_at < ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	if (db_run(st))
		return KR_EDB;
	*n = db_changes(c);
	return KR_OK;
}

int
buddies_store_checkins_all(struct db_conn *c, struct arena *a, struct buddies_store_checkin **out,
			   size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, network_id, sealed FROM buddy_checkin ORDER BY id");
	if (!st)
		return KR_EDB;
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(struct buddies_store_checkin), 16, 0);
	while (db_row(st)) {
		struct buddies_store_checkin *k = ARENA_VEC_PUSH(&v, struct buddies_store_checkin);
		k->id = db_col_int(st, 0);
		k->network_id = db_col_int(st, 1);
		k->sealed = blob_copy(a, st, 2);
	}
	if (db_done(st))
		return KR_EDB;
	*out = v.items;
	*n = v.len;
	return KR_OK;
}

int
buddies_store_checkin_reseal(struct db_conn *c, int64_t id, const unsigned char lookup[32],
			     struct blob sealed)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE buddy_checkin SET lookup = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	db_bind_blob(st, 2, sealed.p, sealed.len);
	db_bind_int(st, 3, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

/* ---- figures ---- */

int
buddies_store_counts(struct db_conn *c, int64_t network_id, struct buddy_counts *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(
	    c, "SELECT (SELECT count(*) FROM buddy_request WHERE network_id = ? AND status IN"
	       " ('waiting', 'returned')), (SELECT count(*) FROM buddy_match m JOIN buddy b ON"
	       " b.id = m.buddy_id WHERE b.network_id = ? AND m.status = 'active')");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, network_id);
	if (db_row(st)) {
		out->waiting = db_col_int(st, 0);
		out->active = db_col_int(st, 1);
	}
	if (db_done(st))
		return KR_EDB;
	if (!(st =
		  db_prepare(c, "SELECT answer, n FROM buddy_checkin_answer WHERE network_id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	while (db_row(st)) {
		enum checkin_answer k;
		if (buddy_checkin_parse(db_col_text(st, 0), &k))
			out->answers[k] = db_col_int(st, 1);
	}
	return db_done(st);
}
