// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of hours and the energy guard (migration 0018). */
#include "app/hours/hours.h"

static const char *const state_names[] = { "waiting", "approved", "declined", "lapsed" };
static const char *const activity_names[] = { "organise", "attend", "role", "questions", "buddy" };

const char *
hours_state_name(enum agreement_state s)
{
	return (size_t)s < ARRAY_SIZE(state_names) ? state_names[s] : "waiting";
}

const char *
hours_activity_name(enum booking_activity a)
{
	return (size_t)a < ARRAY_SIZE(activity_names) ? activity_names[a] : "role";
}

bool
hours_activity_parse(const char *s, enum booking_activity *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(activity_names); i++)
		if (strcmp(s, activity_names[i]) == 0) {
			*out = (enum booking_activity)i;
			return true;
		}
	return false;
}

static enum agreement_state
state_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(state_names); i++)
		if (strcmp(s, state_names[i]) == 0)
			return (enum agreement_state)i;
	return AGR_LAPSED; /* the CHECK constraint keeps anything else out */
}

static const unsigned char *
blob_copy(struct arena *a, struct db_stmt *st, int col, size_t *len)
{
	size_t bl = 0;
	const void *p = db_col_blob(st, col, &bl);
	*len = 0;
	if (db_col_is_null(st, col) || !bl)
		return NULL;
	unsigned char *copy = arena_alloc(a, bl);
	memcpy(copy, p, bl);
	*len = bl;
	return copy;
}

int
hours_store_rule_get(struct db_conn *c, struct arena *a, struct hours_rule *out)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT hours_basis, hours_minutes, hours_count_core, hours_count_coordinators,"
	       " hours_count_organisers, hours_count_buddies, hours_attending_counts, hours_code,"
	       " hours_organise_max FROM organisation WHERE id = 1");
	if (!st)
		return KR_EDB;
	*out = (struct hours_rule){ HOURS_PER_WEEK,	   240, true, true, true, false, false, "",
				    HOURS_ORGANISE_DEFAULT };
	if (db_row(st)) {
		out->basis =
		    strcmp(db_col_text(st, 0), "year") == 0 ? HOURS_PER_YEAR : HOURS_PER_WEEK;
		out->minutes = db_col_int(st, 1);
		out->core = db_col_int(st, 2) != 0;
		out->coordinators = db_col_int(st, 3) != 0;
		out->organisers = db_col_int(st, 4) != 0;
		out->buddies = db_col_int(st, 5) != 0;
		out->attending_counts = db_col_int(st, 6) != 0;
		out->code = arena_strdup(a, db_col_text(st, 7));
		out->organise_max = db_col_int(st, 8);
	}
	return db_done(st);
}

int
hours_store_rule_set(struct db_conn *c, const struct hours_rule *r)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE organisation SET hours_basis = ?, hours_minutes = ?, hours_count_core = ?,"
	       " hours_count_coordinators = ?, hours_count_organisers = ?,"
	       " hours_count_buddies = ?, hours_attending_counts = ?, hours_code = ?,"
	       " hours_organise_max = ? WHERE id = 1");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, hours_basis_name(r->basis));
	db_bind_int(st, 2, r->minutes);
	db_bind_int(st, 3, r->core);
	db_bind_int(st, 4, r->coordinators);
	db_bind_int(st, 5, r->organisers);
	db_bind_int(st, 6, r->buddies);
	db_bind_int(st, 7, r->attending_counts);
	db_bind_text(st, 8, r->code);
	db_bind_int(st, 9, r->organise_max);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

int
hours_store_agreement_insert(struct db_conn *c, const struct hours_agreement *g,
			     const unsigned char token_hash[32], int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO hours_agreement (account_id, network_id, basis, minutes, starts_on,"
	       " ends_on, approver, state, token_hash, created_at)"
	       " VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, g->account_id);
	db_bind_int(st, 2, g->network_id);
	db_bind_text(st, 3, hours_basis_name(g->basis));
	db_bind_int(st, 4, g->minutes);
	db_bind_int(st, 5, g->starts_on);
	db_bind_int(st, 6, g->ends_on);
	db_bind_text(st, 7, g->approver == APPROVER_MANAGER ? "manager" : "contact");
	if (token_hash)
		db_bind_blob(st, 8, token_hash, 32);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, g->created_at);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
hours_store_agreement_seal(struct db_conn *c, int64_t id, const unsigned char *manager, size_t mlen,
			   const unsigned char *reason, size_t rlen)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE hours_agreement SET manager_sealed = ?, reason_sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	if (manager)
		db_bind_blob(st, 1, manager, mlen);
	else
		db_bind_null(st, 1);
	if (reason)
		db_bind_blob(st, 2, reason, rlen);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, id);
	return db_run(st);
}

#define AGREEMENT_COLS                                                                             \
	"g.id, g.account_id, g.network_id, g.basis, g.minutes, g.starts_on, g.ends_on,"            \
	" g.approver, g.state, g.manager_sealed, g.reason_sealed, coalesce(g.decided_by, 0),"      \
	" g.created_at, coalesce(g.decided_at, 0), n.name, n.slug, a.name"                         \
	" FROM hours_agreement g JOIN network n ON n.id = g.network_id"                            \
	" JOIN account a ON a.id = g.account_id"

static void
read_agreement(struct db_stmt *st, struct arena *a, struct hours_agreement_row *r)
{
	memset(r, 0, sizeof(*r));
	struct hours_agreement *g = &r->a;
	g->id = db_col_int(st, 0);
	g->account_id = db_col_int(st, 1);
	g->network_id = db_col_int(st, 2);
	g->basis = strcmp(db_col_text(st, 3), "year") == 0 ? HOURS_PER_YEAR : HOURS_PER_WEEK;
	g->minutes = db_col_int(st, 4);
	g->starts_on = db_col_int(st, 5);
	g->ends_on = db_col_int(st, 6);
	g->approver =
	    strcmp(db_col_text(st, 7), "manager") == 0 ? APPROVER_MANAGER : APPROVER_CONTACT;
	g->state = state_parse(db_col_text(st, 8));
	r->manager_sealed = blob_copy(a, st, 9, &r->manager_len);
	r->reason_sealed = blob_copy(a, st, 10, &r->reason_len);
	r->decided_by = db_col_int(st, 11);
	g->created_at = db_col_int(st, 12);
	g->decided_at = db_col_int(st, 13);
	g->network_name = arena_strdup(a, db_col_text(st, 14));
	g->network_slug = arena_strdup(a, db_col_text(st, 15));
	g->member_name = arena_strdup(a, db_col_text(st, 16));
	g->reason = "";
}

static int
read_agreements(struct db_stmt *st, struct arena *a, struct hours_agreement_row **out, size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct hours_agreement_row), 8, 0);
	while (db_row(st))
		read_agreement(st, a, ARENA_VEC_PUSH(&vec, struct hours_agreement_row));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

static int
read_one(struct db_stmt *st, struct arena *a, struct hours_agreement_row *out, bool *found)
{
	*found = db_row(st);
	if (*found)
		read_agreement(st, a, out);
	return db_done(st);
}

int
hours_store_agreement_by_id(struct db_conn *c, struct arena *a, int64_t id,
			    struct hours_agreement_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " AGREEMENT_COLS " WHERE g.id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return read_one(st, a, out, found);
}

int
hours_store_agreement_by_token(struct db_conn *c, struct arena *a, const unsigned char hash[32],
			       struct hours_agreement_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " AGREEMENT_COLS " WHERE g.token_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	return read_one(st, a, out, found);
}

int
hours_store_agreements_of(struct db_conn *c, struct arena *a, int64_t account_id,
			  struct hours_agreement_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " AGREEMENT_COLS
			  " WHERE g.account_id = ? ORDER BY g.starts_on DESC, g.id DESC");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return read_agreements(st, a, out, n);
}

int
hours_store_agreements_waiting(struct db_conn *c, struct arena *a, bool manager,
			       struct hours_agreement_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " AGREEMENT_COLS " WHERE g.state = 'waiting' AND g.approver = ?"
			  " ORDER BY g.created_at, g.id");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, manager ? "manager" : "contact");
	return read_agreements(st, a, out, n);
}

int
hours_store_agreements_all(struct db_conn *c, struct arena *a, struct hours_agreement_row **out,
			   size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT " AGREEMENT_COLS
	       " WHERE g.manager_sealed IS NOT NULL OR g.reason_sealed IS NOT NULL ORDER BY g.id");
	if (!st)
		return KR_EDB;
	return read_agreements(st, a, out, n);
}

int
hours_store_agreement_decide(struct db_conn *c, int64_t id, enum agreement_state state,
			     int64_t decided_by, const unsigned char *reason, size_t rlen,
			     int64_t now, bool *changed)
{
	/* Only a waiting request is decided: two decisions at once change it once. */
	struct db_stmt *st =
	    db_prepare(c, "UPDATE hours_agreement SET state = ?, decided_by = ?, reason_sealed = ?,"
			  " decided_at = ?, manager_sealed = NULL, token_hash = NULL"
			  " WHERE id = ? AND state = 'waiting'");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, hours_state_name(state));
	if (decided_by)
		db_bind_int(st, 2, decided_by);
	else
		db_bind_null(st, 2);
	if (reason)
		db_bind_blob(st, 3, reason, rlen);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, id);
	if (db_run(st))
		return KR_EDB;
	*changed = db_changes(c) == 1;
	return KR_OK;
}

static int
one_int(struct db_stmt *st, int64_t *out)
{
	if (!st)
		return KR_EDB;
	*out = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
hours_store_count_waiting(struct db_conn *c, int64_t account_id, int64_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT count(*) FROM hours_agreement WHERE account_id = ? AND state = 'waiting'");
	if (st)
		db_bind_int(st, 1, account_id);
	return one_int(st, n);
}

int
hours_store_agreement_on(struct db_conn *c, struct arena *a, int64_t account_id, int64_t network_id,
			 int64_t day, struct hours_agreement_row *out, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " AGREEMENT_COLS " WHERE g.account_id = ? AND g.network_id = ?"
			  " AND g.state = 'approved' AND g.starts_on <= ? AND g.ends_on >= ?"
			  " ORDER BY g.id DESC LIMIT 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, network_id);
	db_bind_int(st, 3, day);
	db_bind_int(st, 4, day);
	return read_one(st, a, out, found);
}

int
hours_store_booking_insert(struct db_conn *c, const struct hours_booking *b, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO hours_booking (account_id, network_id, activity, event_id, day,"
	       " minutes, outside, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, b->account_id);
	db_bind_int(st, 2, b->network_id);
	db_bind_text(st, 3, hours_activity_name(b->activity));
	if (b->event_id)
		db_bind_int(st, 4, b->event_id);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, b->day);
	db_bind_int(st, 6, b->minutes);
	db_bind_int(st, 7, b->outside);
	db_bind_int(st, 8, b->created_at);
	if (db_run(st))
		return KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

int
hours_store_bookings_of(struct db_conn *c, struct arena *a, int64_t account_id, int64_t from,
			size_t limit, struct hours_booking **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT b.id, b.network_id, b.activity, coalesce(b.event_id, 0), b.day, b.minutes,"
	       " b.outside, b.created_at, n.name, coalesce(e.title, '')"
	       " FROM hours_booking b JOIN network n ON n.id = b.network_id"
	       " LEFT JOIN event e ON e.id = b.event_id"
	       " WHERE b.account_id = ? AND b.day >= ? ORDER BY b.day DESC, b.id DESC LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, (int64_t)limit);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct hours_booking), 16, 0);
	while (db_row(st)) {
		struct hours_booking *b = ARENA_VEC_PUSH(&vec, struct hours_booking);
		b->id = db_col_int(st, 0);
		b->account_id = account_id;
		b->network_id = db_col_int(st, 1);
		if (!hours_activity_parse(db_col_text(st, 2), &b->activity))
			b->activity = ACT_ROLE;
		b->event_id = db_col_int(st, 3);
		b->day = db_col_int(st, 4);
		b->minutes = db_col_int(st, 5);
		b->outside = db_col_int(st, 6) != 0;
		b->created_at = db_col_int(st, 7);
		b->network_name = arena_strdup(a, db_col_text(st, 8));
		b->event_title = arena_strdup(a, db_col_text(st, 9));
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
hours_store_sum(struct db_conn *c, int64_t account_id, int64_t network_id, int64_t from, int64_t to,
		int64_t *minutes)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT coalesce(sum(minutes), 0) FROM hours_booking WHERE account_id = ?"
			  " AND (? = 0 OR network_id = ?) AND day >= ? AND day <= ?");
	if (st) {
		db_bind_int(st, 1, account_id);
		db_bind_int(st, 2, network_id);
		db_bind_int(st, 3, network_id);
		db_bind_int(st, 4, from);
		db_bind_int(st, 5, to);
	}
	return one_int(st, minutes);
}

int
hours_store_count_outside(struct db_conn *c, int64_t account_id, int64_t from, int64_t to,
			  int64_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT count(*) FROM hours_booking WHERE account_id = ? AND outside = 1"
			  " AND day >= ? AND day <= ?");
	if (st) {
		db_bind_int(st, 1, account_id);
		db_bind_int(st, 2, from);
		db_bind_int(st, 3, to);
	}
	return one_int(st, n);
}

int
hours_store_count_organised(struct db_conn *c, int64_t account_id, int64_t from, int64_t to,
			    int64_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT count(DISTINCT event_id) FROM hours_booking WHERE account_id = ?"
	       " AND activity = 'organise' AND event_id IS NOT NULL AND day >= ? AND day <= ?");
	if (st) {
		db_bind_int(st, 1, account_id);
		db_bind_int(st, 2, from);
		db_bind_int(st, 3, to);
	}
	return one_int(st, n);
}

int
hours_store_months(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from, int64_t to,
		   int64_t **days, int64_t **minutes, int64_t **accounts, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT day, account_id, sum(minutes) FROM hours_booking WHERE network_id = ?"
	       " AND day >= ? AND day <= ? GROUP BY day, account_id ORDER BY day, account_id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	struct arena_vec vd, vm, va;
	arena_vec_init(&vd, a, sizeof(int64_t), 64, 0);
	arena_vec_init(&vm, a, sizeof(int64_t), 64, 0);
	arena_vec_init(&va, a, sizeof(int64_t), 64, 0);
	while (db_row(st)) {
		*ARENA_VEC_PUSH(&vd, int64_t) = db_col_int(st, 0);
		*ARENA_VEC_PUSH(&va, int64_t) = db_col_int(st, 1);
		*ARENA_VEC_PUSH(&vm, int64_t) = db_col_int(st, 2);
	}
	if (db_done(st))
		return KR_EDB;
	*days = vd.items;
	*minutes = vm.items;
	*accounts = va.items;
	*n = vd.len;
	return KR_OK;
}

int
hours_store_load(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from, int64_t to,
		 struct hours_load_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT a.id, a.name,"
	       " (SELECT coalesce(sum(b.minutes), 0) FROM hours_booking b"
	       "  WHERE b.account_id = r.account_id AND b.network_id = r.network_id"
	       "  AND b.day >= ? AND b.day <= ?),"
	       " (SELECT count(*) FROM network_role r2 WHERE r2.account_id = r.account_id)"
	       " + (SELECT count(*) FROM subgroup_role s WHERE s.account_id = r.account_id"
	       "  AND s.state = 'accepted')"
	       " FROM network_role r JOIN account a ON a.id = r.account_id"
	       " WHERE r.network_id = ? AND r.role NOT IN ('contact', 'ambassador')"
	       " AND a.disabled = 0 ORDER BY a.name, a.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_int(st, 3, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct hours_load_row), 8, 0);
	while (db_row(st)) {
		struct hours_load_row *l = ARENA_VEC_PUSH(&vec, struct hours_load_row);
		l->account_id = db_col_int(st, 0);
		l->name = arena_strdup(a, db_col_text(st, 1));
		l->minutes = db_col_int(st, 2);
		l->roles = db_col_int(st, 3);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
hours_store_role(struct db_conn *c, int64_t network_id, int64_t account_id, bool core_only,
		 bool *has)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT count(*) FROM network_role WHERE network_id = ? AND account_id = ?"
	       " AND (? = 0 OR role NOT IN ('contact', 'ambassador'))");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, account_id);
	db_bind_int(st, 3, core_only);
	int64_t n = 0;
	int err = one_int(st, &n);
	*has = n > 0;
	return err;
}

int
hours_store_coordinator(struct db_conn *c, int64_t network_id, int64_t account_id, bool *has)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT count(*) FROM subgroup_role s JOIN subgroup g ON g.id = s.subgroup_id"
	       " WHERE g.network_id = ? AND s.account_id = ? AND s.state = 'accepted'");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, account_id);
	int64_t n = 0;
	int err = one_int(st, &n);
	*has = n > 0;
	return err;
}

int
hours_store_level(struct db_conn *c, int64_t account_id, const char **level, struct arena *a)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT level FROM hours_guard_pref WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	*level = db_row(st) ? arena_strdup(a, db_col_text(st, 0)) : "all";
	return db_done(st);
}

int
hours_store_level_set(struct db_conn *c, int64_t account_id, const char *level)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO hours_guard_pref (account_id, level) VALUES (?, ?)"
			  " ON CONFLICT (account_id) DO UPDATE SET level = excluded.level");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	db_bind_text(st, 2, level);
	return db_run(st);
}

static int
run_id(struct db_conn *c, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st);
}

int
hours_store_erase(struct db_conn *c, int64_t account_id)
{
	int err = run_id(c, "DELETE FROM hours_booking WHERE account_id = ?", account_id);
	if (!err)
		err = run_id(c, "DELETE FROM hours_agreement WHERE account_id = ?", account_id);
	if (!err)
		err = run_id(c, "DELETE FROM hours_guard_pref WHERE account_id = ?", account_id);
	return err;
}

int
hours_store_retention(struct db_conn *c, int64_t before_day, int64_t *bookings, int64_t *agreements)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM hours_booking WHERE day < ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before_day);
	if (db_run(st))
		return KR_EDB;
	*bookings = db_changes(c);
	st = db_prepare(c, "DELETE FROM hours_agreement WHERE ends_on < ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before_day);
	if (db_run(st))
		return KR_EDB;
	*agreements = db_changes(c);
	return KR_OK;
}
