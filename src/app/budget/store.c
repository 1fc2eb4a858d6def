// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of a network's budget (migration 0017). */
#include "app/budget/budget.h"

static const char *const req_states[] = { "waiting", "approved", "partly", "declined" };
static const char *const exp_states[] = { "waiting", "approved", "declined" };
static const char *const receipt_names[] = { "", "pdf", "jpeg", "png" };

const char *
budget_request_state_name(enum budget_request_state s)
{
	return (size_t)s < ARRAY_SIZE(req_states) ? req_states[s] : "waiting";
}

const char *
budget_expense_state_name(enum budget_expense_state s)
{
	return (size_t)s < ARRAY_SIZE(exp_states) ? exp_states[s] : "waiting";
}

const char *
receipt_type_name(enum receipt_type t)
{
	return (size_t)t < ARRAY_SIZE(receipt_names) ? receipt_names[t] : "";
}

static enum receipt_type
receipt_parse(const char *s)
{
	for (size_t i = 1; i < ARRAY_SIZE(receipt_names); i++)
		if (strcmp(s, receipt_names[i]) == 0)
			return (enum receipt_type)i;
	return RECEIPT_NONE;
}

static size_t
state_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return 0; /* the CHECK constraints keep anything else out */
}

static const unsigned char *
blob_copy(struct arena *a, struct db_stmt *st, int col, size_t *len)
{
	size_t bl = 0;
	const void *p = db_col_blob(st, col, &bl);
	*len = 0;
	if (db_col_is_null(st, col))
		return NULL;
	unsigned char *copy = arena_alloc(a, bl ? bl : 1);
	if (bl)
		memcpy(copy, p, bl);
	*len = bl;
	return copy;
}

static void
bind_blob_or_null(struct db_stmt *st, int idx, const unsigned char *p, size_t n)
{
	if (p)
		db_bind_blob(st, idx, p, n);
	else
		db_bind_null(st, idx);
}

int
budget_store_limit(struct db_conn *c, int64_t network_id, int64_t *cents)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT approval_limit FROM budget_network WHERE network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	*cents = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
budget_store_set_limit(struct db_conn *c, int64_t network_id, int64_t cents)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO budget_network (network_id, approval_limit) VALUES (?, ?)"
			  " ON CONFLICT (network_id) DO UPDATE SET approval_limit = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, cents);
	db_bind_int(st, 3, cents);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
budget_store_closed(struct db_conn *c, int64_t network_id, int year, bool *closed)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT 1 FROM budget_closed WHERE network_id = ? AND year = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, year);
	*closed = db_row(st);
	return db_done(st);
}

int
budget_store_close(struct db_conn *c, int64_t network_id, int year, int64_t account_id, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO budget_closed (network_id, year, closed_by, closed_at)"
			  " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, account_id);
	db_bind_int(st, 4, now);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
budget_store_allocs(struct db_conn *c, struct arena *a, int64_t network_id, int year,
		    struct budget_allocation **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, source, cents, created_at FROM budget_allocation"
			  " WHERE network_id = ? AND year = ? ORDER BY id LIMIT 2000");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, year);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct budget_allocation), 8, 0);
	while (db_row(st)) {
		struct budget_allocation *x = ARENA_VEC_PUSH(&vec, struct budget_allocation);
		x->id = db_col_int(st, 0);
		x->source = arena_strdup(a, db_col_text(st, 1));
		x->cents = db_col_int(st, 2);
		x->created_at = db_col_int(st, 3);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
budget_store_alloc_insert(struct db_conn *c, int64_t network_id, int year, const char *source,
			  int64_t cents, int64_t account_id, int64_t now, int64_t *id)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO budget_allocation (network_id, year, source, cents,"
			  " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, source);
	db_bind_int(st, 4, cents);
	db_bind_int(st, 5, account_id);
	db_bind_int(st, 6, now);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
budget_store_requests(struct db_conn *c, struct arena *a, int64_t network_id, int year,
		      int64_t account_id, struct budget_request_row **out, size_t *n)
{
	struct db_stmt *st;
	if (account_id)
		st = db_prepare(c, "SELECT id, network_id, year, asked, granted, state,"
				   " justification, reason, coalesce(asked_by, 0), asked_at,"
				   " coalesce(decided_at, 0) FROM budget_request WHERE asked_by = ?"
				   " ORDER BY id");
	else
		st = db_prepare(c, "SELECT id, network_id, year, asked, granted, state,"
				   " justification, reason, coalesce(asked_by, 0), asked_at,"
				   " coalesce(decided_at, 0) FROM budget_request"
				   " WHERE network_id = ? AND year = ? ORDER BY id LIMIT 2000");
	if (!st)
		return KR_EDB;
	if (account_id) {
		db_bind_int(st, 1, account_id);
	} else {
		db_bind_int(st, 1, network_id);
		db_bind_int(st, 2, year);
	}
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct budget_request_row), 8, 0);
	while (db_row(st)) {
		struct budget_request_row *x = ARENA_VEC_PUSH(&vec, struct budget_request_row);
		memset(x, 0, sizeof(*x));
		x->r.id = db_col_int(st, 0);
		x->r.network_id = db_col_int(st, 1);
		x->r.year = (int)db_col_int(st, 2);
		x->r.asked = db_col_int(st, 3);
		x->r.granted = db_col_int(st, 4);
		x->r.state = (enum budget_request_state)state_index(
		    req_states, ARRAY_SIZE(req_states), db_col_text(st, 5));
		x->sj = blob_copy(a, st, 6, &x->sjlen);
		x->sr = blob_copy(a, st, 7, &x->srlen);
		x->r.asked_by = db_col_int(st, 8);
		x->r.asked_at = db_col_int(st, 9);
		x->r.decided_at = db_col_int(st, 10);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
budget_store_request_insert(struct db_conn *c, int64_t network_id, int year, int64_t cents,
			    int64_t account_id, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO budget_request (network_id, year, asked, state,"
	       " justification, asked_by, asked_at) VALUES (?, ?, ?, 'waiting', ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, cents);
	db_bind_blob(st, 4, "", 0);
	db_bind_int(st, 5, account_id);
	db_bind_int(st, 6, now);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
budget_store_request_seal(struct db_conn *c, int64_t id, const unsigned char *sj, size_t sjlen,
			  const unsigned char *sr, size_t srlen)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE budget_request SET justification = ?, reason = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, sj, sjlen);
	bind_blob_or_null(st, 2, sr, srlen);
	db_bind_int(st, 3, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
budget_store_request_decide(struct db_conn *c, int64_t id, enum budget_request_state s,
			    int64_t granted, const unsigned char *sr, size_t srlen, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE budget_request SET state = ?, granted = ?, reason = ?,"
			  " decided_at = ? WHERE id = ? AND state = 'waiting'");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, budget_request_state_name(s));
	db_bind_int(st, 2, granted);
	bind_blob_or_null(st, 3, sr, srlen);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, id);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ECONFLICT;
}

#define EXPENSE_COLS                                                                               \
	"e.id, e.network_id, e.year, e.cents, e.spent_on, e.what, coalesce(e.event_id, 0),"        \
	" e.state, e.reason, coalesce(e.entered_by, 0), e.entered_at, coalesce(e.decided_at, 0),"  \
	" coalesce(r.kind, '') FROM budget_expense e"                                              \
	" LEFT JOIN budget_receipt r ON r.expense_id = e.id"

int
budget_store_expenses(struct db_conn *c, struct arena *a, int64_t network_id, int year,
		      int64_t account_id, struct budget_expense_row **out, size_t *n)
{
	struct db_stmt *st;
	if (account_id)
		st = db_prepare(c, "SELECT " EXPENSE_COLS " WHERE e.entered_by = ? ORDER BY e.id");
	else
		st = db_prepare(c, "SELECT " EXPENSE_COLS " WHERE e.network_id = ? AND e.year = ?"
				   " ORDER BY e.spent_on, e.id LIMIT 2000");
	if (!st)
		return KR_EDB;
	if (account_id) {
		db_bind_int(st, 1, account_id);
	} else {
		db_bind_int(st, 1, network_id);
		db_bind_int(st, 2, year);
	}
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct budget_expense_row), 16, 0);
	while (db_row(st)) {
		struct budget_expense_row *x = ARENA_VEC_PUSH(&vec, struct budget_expense_row);
		memset(x, 0, sizeof(*x));
		x->e.id = db_col_int(st, 0);
		x->e.network_id = db_col_int(st, 1);
		x->e.year = (int)db_col_int(st, 2);
		x->e.cents = db_col_int(st, 3);
		snprintf(x->e.date, sizeof(x->e.date), "%s", db_col_text(st, 4));
		x->sw = blob_copy(a, st, 5, &x->swlen);
		x->e.event_id = db_col_int(st, 6);
		x->e.state = (enum budget_expense_state)state_index(
		    exp_states, ARRAY_SIZE(exp_states), db_col_text(st, 7));
		x->sr = blob_copy(a, st, 8, &x->srlen);
		x->e.entered_by = db_col_int(st, 9);
		x->e.entered_at = db_col_int(st, 10);
		x->e.decided_at = db_col_int(st, 11);
		x->e.receipt = receipt_parse(db_col_text(st, 12));
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
budget_store_expense_insert(struct db_conn *c, const struct budget_expense *e, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO budget_expense (network_id, year, cents, spent_on, what, event_id,"
	       " state, entered_by, entered_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, e->network_id);
	db_bind_int(st, 2, e->year);
	db_bind_int(st, 3, e->cents);
	db_bind_text(st, 4, e->date);
	db_bind_blob(st, 5, "", 0);
	if (e->event_id)
		db_bind_int(st, 6, e->event_id);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, budget_expense_state_name(e->state));
	db_bind_int(st, 8, e->entered_by);
	db_bind_int(st, 9, e->entered_at);
	if (e->decided_at)
		db_bind_int(st, 10, e->decided_at);
	else
		db_bind_null(st, 10);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
budget_store_expense_seal(struct db_conn *c, int64_t id, const unsigned char *sw, size_t swlen,
			  const unsigned char *sr, size_t srlen)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE budget_expense SET what = ?, reason = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, sw, swlen);
	bind_blob_or_null(st, 2, sr, srlen);
	db_bind_int(st, 3, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
budget_store_expense_decide(struct db_conn *c, int64_t id, enum budget_expense_state s,
			    const unsigned char *sr, size_t srlen, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE budget_expense SET state = ?, reason = ?, decided_at = ?"
			  " WHERE id = ? AND state = 'waiting'");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, budget_expense_state_name(s));
	bind_blob_or_null(st, 2, sr, srlen);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, id);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ECONFLICT;
}

int
budget_store_planned(struct db_conn *c, struct arena *a, int64_t network_id,
		     struct budget_planned **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT event_id, cents FROM budget_planned"
					   " WHERE network_id = ? ORDER BY event_id LIMIT 2000");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct budget_planned), 8, 0);
	while (db_row(st)) {
		struct budget_planned *x = ARENA_VEC_PUSH(&vec, struct budget_planned);
		memset(x, 0, sizeof(*x));
		x->event_id = db_col_int(st, 0);
		x->cents = db_col_int(st, 1);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
budget_store_plan(struct db_conn *c, int64_t event_id, int64_t network_id, int64_t cents,
		  int64_t now)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "INSERT INTO budget_planned (event_id, network_id, cents, set_at) VALUES (?, ?, ?, ?)"
	    " ON CONFLICT (event_id) DO UPDATE SET cents = ?, set_at = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, event_id);
	db_bind_int(st, 2, network_id);
	db_bind_int(st, 3, cents);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, cents);
	db_bind_int(st, 6, now);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
budget_store_receipt_put(struct db_conn *c, int64_t expense_id, enum receipt_type t,
			 const unsigned char *sealed, size_t len, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "INSERT INTO budget_receipt (expense_id, kind, sealed, created_at) VALUES (?, ?, ?, ?)"
	    " ON CONFLICT (expense_id) DO UPDATE SET kind = ?, sealed = ?, created_at = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, expense_id);
	db_bind_text(st, 2, receipt_type_name(t));
	db_bind_blob(st, 3, sealed, len);
	db_bind_int(st, 4, now);
	db_bind_text(st, 5, receipt_type_name(t));
	db_bind_blob(st, 6, sealed, len);
	db_bind_int(st, 7, now);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
budget_store_receipt_get(struct db_conn *c, struct arena *a, int64_t expense_id,
			 enum receipt_type *t, const unsigned char **sealed, size_t *len,
			 bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT kind, sealed FROM budget_receipt WHERE expense_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, expense_id);
	*found = db_row(st);
	if (*found) {
		*t = receipt_parse(db_col_text(st, 0));
		*sealed = blob_copy(a, st, 1, len);
	}
	return db_done(st);
}

int
budget_store_receipt_ids(struct db_conn *c, struct arena *a, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT expense_id FROM budget_receipt ORDER BY 1");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 16, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*ids = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
budget_store_receipts_delete_upto(struct db_conn *c, int year, int64_t *n)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM budget_receipt WHERE expense_id IN"
					   " (SELECT id FROM budget_expense WHERE year <= ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, year);
	if (db_run(st))
		return KR_EDB;
	*n = db_changes(c);
	return KR_OK;
}

int
budget_store_expense_network(struct db_conn *c, int64_t expense_id, int64_t *network_id)
{
	struct db_stmt *st = db_prepare(c, "SELECT network_id FROM budget_expense WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, expense_id);
	*network_id = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
budget_store_forget(struct db_conn *c, int64_t account_id)
{
	static const char *const sql[] = {
		"UPDATE budget_allocation SET created_by = NULL WHERE created_by = ?",
		"UPDATE budget_request SET asked_by = NULL WHERE asked_by = ?",
		"UPDATE budget_expense SET entered_by = NULL WHERE entered_by = ?",
		"UPDATE budget_closed SET closed_by = NULL WHERE closed_by = ?",
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
budget_store_all_sealed(struct db_conn *c, struct arena *a, bool expenses,
			struct budget_sealed_row **out, size_t *n)
{
	struct db_stmt *st =
	    expenses ? db_prepare(c, "SELECT id, what, reason FROM budget_expense ORDER BY id")
		     : db_prepare(c, "SELECT id, justification, reason FROM budget_request"
				     " ORDER BY id");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct budget_sealed_row), 16, 0);
	while (db_row(st)) {
		struct budget_sealed_row *x = ARENA_VEC_PUSH(&vec, struct budget_sealed_row);
		x->id = db_col_int(st, 0);
		x->a = blob_copy(a, st, 1, &x->alen);
		x->b = blob_copy(a, st, 2, &x->blen);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}
