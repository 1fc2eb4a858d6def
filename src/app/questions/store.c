// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of the questions desk and the referral directory (migration 0016). */
#include "app/questions/questions.h"

static const char *const state_names[] = { "open", "asked-back", "answered", "closed" };
static const char *const kind_names[] = { "answer", "ask-back", "reply" };

const char *
question_state_name(enum question_state s)
{
	return (size_t)s < ARRAY_SIZE(state_names) ? state_names[s] : "open";
}

const char *
question_msg_kind_name(enum question_msg_kind k)
{
	return (size_t)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "reply";
}

static enum question_state
state_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(state_names); i++)
		if (strcmp(s, state_names[i]) == 0)
			return (enum question_state)i;
	return QSTATE_CLOSED; /* the CHECK constraint keeps anything else out */
}

static enum question_msg_kind
kind_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(kind_names); i++)
		if (strcmp(s, kind_names[i]) == 0)
			return (enum question_msg_kind)i;
	return QMSG_REPLY;
}

static const unsigned char *
blob_copy(struct arena *a, struct db_stmt *st, int col, size_t *len)
{
	size_t bl = 0;
	const void *p = db_col_blob(st, col, &bl);
	if (len)
		*len = bl;
	if (db_col_is_null(st, col))
		return NULL;
	unsigned char *copy = arena_alloc(a, bl ? bl : 1);
	if (bl)
		memcpy(copy, p, bl);
	return copy;
}

/* The columns every question read takes, in this order. */
#define QUESTION_COLS                                                                              \
	"q.id, q.ref, q.network_id, q.owner_lookup, q.sealed, q.state, coalesce(q.taken_by, 0),"   \
	" coalesce(a.name, ''), q.asked_at, coalesce(q.answered_at, 0), coalesce(q.closed_at, 0)," \
	" q.faq_consent FROM question q LEFT JOIN account a ON a.id = q.taken_by"

static void
read_question(struct db_stmt *st, struct arena *a, struct question_row *q)
{
	memset(q, 0, sizeof(*q));
	q->id = db_col_int(st, 0);
	snprintf(q->ref, sizeof(q->ref), "%s", db_col_text(st, 1));
	q->network_id = db_col_int(st, 2);
	size_t ol = 0;
	q->owner_lookup = blob_copy(a, st, 3, &ol);
	if (ol != 32)
		q->owner_lookup = NULL;
	q->sealed = blob_copy(a, st, 4, &q->sealed_len);
	q->state = state_parse(db_col_text(st, 5));
	q->taken_by = db_col_int(st, 6);
	q->taken_by_name = arena_strdup(a, db_col_text(st, 7));
	q->asked_at = db_col_int(st, 8);
	q->answered_at = db_col_int(st, 9);
	q->closed_at = db_col_int(st, 10);
	q->faq_consent = db_col_int(st, 11) == 1;
}

static int
read_questions(struct db_stmt *st, struct arena *a, struct question_row **out, size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct question_row), 16, 0);
	while (db_row(st))
		read_question(st, a, ARENA_VEC_PUSH(&vec, struct question_row));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

static int
read_one(struct db_stmt *st, struct arena *a, struct question_row *out, bool *found)
{
	*found = db_row(st);
	if (*found)
		read_question(st, a, out);
	return db_done(st);
}

int
questions_store_insert(struct db_conn *c, const char *ref, int64_t network_id,
		       const unsigned char *owner_lookup, const unsigned char *code_hash,
		       const unsigned char *sealed, size_t len, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO question (ref, network_id, owner_lookup, code_hash, sealed, state,"
	       " asked_at) VALUES (?, ?, ?, ?, ?, 'open', ?)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, ref);
	db_bind_int(st, 2, network_id);
	if (owner_lookup)
		db_bind_blob(st, 3, owner_lookup, 32);
	else
		db_bind_null(st, 3);
	if (code_hash)
		db_bind_blob(st, 4, code_hash, 32);
	else
		db_bind_null(st, 4);
	db_bind_blob(st, 5, sealed, len);
	db_bind_int(st, 6, now);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
questions_store_by_ref(struct db_conn *c, struct arena *a, const char *ref,
		       struct question_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " QUESTION_COLS " WHERE q.ref = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, ref);
	return read_one(st, a, out, found);
}

int
questions_store_by_code(struct db_conn *c, struct arena *a, const unsigned char hash[32],
			struct question_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " QUESTION_COLS " WHERE q.code_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	return read_one(st, a, out, found);
}

int
questions_store_owned(struct db_conn *c, struct arena *a, struct question_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT id, ref, owner_lookup FROM question WHERE owner_lookup IS NOT NULL");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct question_row), 16, 0);
	while (db_row(st)) {
		struct question_row *q = ARENA_VEC_PUSH(&vec, struct question_row);
		q->id = db_col_int(st, 0);
		snprintf(q->ref, sizeof(q->ref), "%s", db_col_text(st, 1));
		size_t ol = 0;
		q->owner_lookup = blob_copy(a, st, 2, &ol);
		if (ol != 32)
			q->owner_lookup = NULL;
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
questions_store_queue(struct db_conn *c, struct arena *a, int64_t network_id, int64_t offset,
		      int64_t limit, struct question_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " QUESTION_COLS " WHERE q.network_id = ? AND q.state <> 'closed'"
			  " ORDER BY q.asked_at, q.id LIMIT ? OFFSET ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	return read_questions(st, a, out, n);
}

int
questions_store_all(struct db_conn *c, struct arena *a, struct question_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT " QUESTION_COLS " ORDER BY q.id");
	if (!st)
		return KR_EDB;
	return read_questions(st, a, out, n);
}

#define MSG_COLS                                                                                   \
	"m.id, m.kind, coalesce(m.author_id, 0), coalesce(a.name, ''), m.signed, m.sealed,"        \
	" m.created_at, m.question_id FROM question_message m LEFT JOIN account a ON"              \
	" a.id = m.author_id"

static void
read_msg(struct db_stmt *st, struct arena *a, struct question_msg_row *m)
{
	m->id = db_col_int(st, 0);
	m->kind = kind_parse(db_col_text(st, 1));
	m->author_id = db_col_int(st, 2);
	m->author_name = arena_strdup(a, db_col_text(st, 3));
	m->signed_by_name = db_col_int(st, 4) == 1;
	m->sealed = blob_copy(a, st, 5, &m->sealed_len);
	m->created_at = db_col_int(st, 6);
}

int
questions_store_messages(struct db_conn *c, struct arena *a, int64_t question_id,
			 struct question_msg_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " MSG_COLS " WHERE m.question_id = ? ORDER BY m.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, question_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct question_msg_row), 8, 0);
	while (db_row(st))
		read_msg(st, a, ARENA_VEC_PUSH(&vec, struct question_msg_row));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
questions_store_all_messages(struct db_conn *c, struct arena *a, int64_t **qids,
			     struct question_msg_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT " MSG_COLS " ORDER BY m.id");
	if (!st)
		return KR_EDB;
	struct arena_vec vec, ids;
	arena_vec_init(&vec, a, sizeof(struct question_msg_row), 16, 0);
	arena_vec_init(&ids, a, sizeof(int64_t), 16, 0);
	while (db_row(st)) {
		read_msg(st, a, ARENA_VEC_PUSH(&vec, struct question_msg_row));
		*ARENA_VEC_PUSH(&ids, int64_t) = db_col_int(st, 7);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*qids = ids.items;
	*n = vec.len;
	return KR_OK;
}

int
questions_store_message_referrals(struct db_conn *c, struct arena *a, int64_t message_id,
				  int64_t **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT referral_id FROM question_referral"
					   " WHERE message_id = ? ORDER BY referral_id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, message_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 4, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
questions_store_message_insert(struct db_conn *c, int64_t question_id, enum question_msg_kind kind,
			       int64_t author_id, bool signed_by_name, const unsigned char *sealed,
			       size_t len, int64_t now, int64_t *id)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO question_message (question_id, kind, author_id, signed,"
			  " sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, question_id);
	db_bind_text(st, 2, question_msg_kind_name(kind));
	if (author_id)
		db_bind_int(st, 3, author_id);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, signed_by_name ? 1 : 0);
	db_bind_blob(st, 5, sealed, len);
	db_bind_int(st, 6, now);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
questions_store_referral_link(struct db_conn *c, int64_t message_id, int64_t referral_id)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO question_referral (message_id, referral_id)"
					   " VALUES (?, ?) ON CONFLICT DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, message_id);
	db_bind_int(st, 2, referral_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
questions_store_set_state(struct db_conn *c, int64_t id, enum question_state state, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE question SET state = ?, closed_at = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, question_state_name(state));
	if (state == QSTATE_CLOSED)
		db_bind_int(st, 2, now);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, id);
	if (db_run(st))
		return KR_EDB;
	if (db_changes(c) != 1)
		return KR_ENOTFOUND;
	if (state != QSTATE_ANSWERED)
		return KR_OK;
	/* The first answer's time stays: it is what the flag and the figures count from. */
	if (!(st = db_prepare(c, "UPDATE question SET answered_at = ? WHERE id = ?"
				 " AND answered_at IS NULL")))
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
questions_store_take(struct db_conn *c, int64_t id, int64_t actor_id)
{
	struct db_stmt *st = db_prepare(c, "UPDATE question SET taken_by = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, actor_id);
	db_bind_int(st, 2, id);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

int
questions_store_delete(struct db_conn *c, int64_t id)
{
	/* Children first: the erasure does not rest on the foreign keys' cascade alone. */
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM question_referral WHERE message_id IN"
			  " (SELECT id FROM question_message WHERE question_id = ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "DELETE FROM question_message WHERE question_id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "DELETE FROM question WHERE id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

int
questions_store_reseal(struct db_conn *c, int64_t id, const unsigned char *owner_lookup,
		       const unsigned char *sealed, size_t len)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE question SET owner_lookup = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	if (owner_lookup)
		db_bind_blob(st, 1, owner_lookup, 32);
	else
		db_bind_null(st, 1);
	db_bind_blob(st, 2, sealed, len);
	db_bind_int(st, 3, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
questions_store_message_reseal(struct db_conn *c, int64_t id, const unsigned char *sealed,
			       size_t len)
{
	struct db_stmt *st = db_prepare(c, "UPDATE question_message SET sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, sealed, len);
	db_bind_int(st, 2, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
questions_store_forget_member(struct db_conn *c, int64_t account_id)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE question SET taken_by = NULL WHERE taken_by = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "UPDATE question_message SET author_id = NULL, signed = 0"
				 " WHERE author_id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
questions_store_closed_before(struct db_conn *c, int64_t before, int64_t *ids, size_t cap,
			      size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT id FROM question WHERE state = 'closed'"
					   " AND closed_at < ? ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	*n = 0;
	while (*n < cap && db_row(st))
		ids[(*n)++] = db_col_int(st, 0);
	return db_done(st);
}

int
questions_store_settings_get(struct db_conn *c, struct questions_settings *out)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT question_flag_days, keep_questions_months FROM organisation WHERE id = 1");
	if (!st)
		return KR_EDB;
	*out = (struct questions_settings){ 5, 12 };
	if (db_row(st)) {
		out->flag_days = db_col_int(st, 0);
		out->keep_months = db_col_int(st, 1);
	}
	return db_done(st);
}

int
questions_store_settings_set(struct db_conn *c, const struct questions_settings *s)
{
	struct db_stmt *st = db_prepare(c, "UPDATE organisation SET question_flag_days = ?,"
					   " keep_questions_months = ? WHERE id = 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, s->flag_days);
	db_bind_int(st, 2, s->keep_months);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

/* ---- the referral directory ---- */

int
questions_store_referral_list(struct db_conn *c, struct arena *a, struct referral **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, kind, name, reach, purpose FROM referral ORDER BY"
			  " CASE kind WHEN 'company-doctor' THEN 0 WHEN 'confidential-adviser'"
			  " THEN 1 WHEN 'hr' THEN 2 WHEN 'adjustments' THEN 3 WHEN"
			  " 'works-council' THEN 4 ELSE 5 END, name, id");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct referral), 16, 0);
	while (db_row(st)) {
		struct referral *e = ARENA_VEC_PUSH(&vec, struct referral);
		e->id = db_col_int(st, 0);
		if (!referral_kind_parse(db_col_text(st, 1), &e->kind))
			e->kind = REFERRAL_OUTSIDE;
		e->name = arena_strdup(a, db_col_text(st, 2));
		e->reach = arena_strdup(a, db_col_text(st, 3));
		e->purpose = arena_strdup(a, db_col_text(st, 4));
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
questions_store_referral_insert(struct db_conn *c, const struct referral *e, int64_t now,
				int64_t *id)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO referral (kind, name, reach, purpose,"
					   " created_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, referral_kind_name(e->kind));
	db_bind_text(st, 2, e->name);
	db_bind_text(st, 3, e->reach);
	db_bind_text(st, 4, e->purpose);
	db_bind_int(st, 5, now);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
questions_store_referral_update(struct db_conn *c, const struct referral *e, bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE referral SET kind = ?, name = ?, reach = ?, purpose = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, referral_kind_name(e->kind));
	db_bind_text(st, 2, e->name);
	db_bind_text(st, 3, e->reach);
	db_bind_text(st, 4, e->purpose);
	db_bind_int(st, 5, e->id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
questions_store_referral_delete(struct db_conn *c, int64_t id, bool *found)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM question_referral WHERE referral_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "DELETE FROM referral WHERE id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

bool
questions_store_referral_exists(struct db_conn *c, int64_t id)
{
	struct db_stmt *st = db_prepare(c, "SELECT 1 FROM referral WHERE id = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_row(st);
	return db_done(st) == KR_OK && found;
}

/* ---- figures ---- */

int
questions_store_asked_by_week(struct db_conn *c, int64_t network_id, int64_t from, int weeks,
			      int64_t *counts)
{
	memset(counts, 0, sizeof(*counts) * (size_t)weeks);
	struct db_stmt *st = db_prepare(
	    c, "SELECT (asked_at - ?) / 604800, count(*) FROM question WHERE network_id = ?"
	       " AND asked_at >= ? AND asked_at < ? GROUP BY 1");
	if (!st)
		return KR_EDB;
	int64_t to = from + (int64_t)weeks * QUESTION_WEEK;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, network_id);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	while (db_row(st)) {
		int64_t w = db_col_int(st, 0);
		if (w >= 0 && w < weeks)
			counts[w] = db_col_int(st, 1);
	}
	return db_done(st);
}

/* At most this many delays are read for a median: a network answers far fewer in 12 weeks. */
#define DELAYS_MAX 20000

int
questions_store_answer_delays(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
			      int64_t to, int64_t **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT answered_at - asked_at FROM question WHERE network_id = ?"
	       " AND answered_at >= ? AND answered_at < ? ORDER BY answered_at - asked_at LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_int(st, 4, DELAYS_MAX);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 64, DELAYS_MAX);
	while (db_row(st)) {
		int64_t *d = arena_vec_push(&vec);
		if (d)
			*d = db_col_int(st, 0);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
questions_store_referral_kinds(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
			       int64_t to, const char ***kinds, int64_t **ns, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "SELECT r.kind, count(*) FROM question_referral qr"
	    " JOIN question_message m ON m.id = qr.message_id"
	    " JOIN question q ON q.id = m.question_id JOIN referral r ON r.id = qr.referral_id"
	    " WHERE q.network_id = ? AND m.created_at >= ? AND m.created_at < ? GROUP BY r.kind");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	const char **ks = ARENA_ARRAY(a, const char *, REFERRAL_KINDS);
	int64_t *counts = ARENA_ARRAY(a, int64_t, REFERRAL_KINDS);
	size_t k = 0;
	while (db_row(st) && k < REFERRAL_KINDS) {
		ks[k] = arena_strdup(a, db_col_text(st, 0));
		counts[k++] = db_col_int(st, 1);
	}
	*kinds = ks;
	*ns = counts;
	*n = k;
	return db_done(st);
}

/* ---- the FAQ (migration 0024) ---- */

int
questions_store_set_consent(struct db_conn *c, int64_t id, bool yes)
{
	struct db_stmt *st = db_prepare(c, "UPDATE question SET faq_consent = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, yes);
	db_bind_int(st, 2, id);
	return db_run(st);
}

static void
read_faq(struct db_stmt *st, struct arena *a, struct faq_entry *e)
{
	e->id = db_col_int(st, 0);
	e->network_id = db_col_int(st, 1);
	e->question = arena_strdup(a, db_col_text(st, 2));
	e->answer = arena_strdup(a, db_col_text(st, 3));
	e->changed_on = db_col_int(st, 4);
}

int
questions_store_faq_list(struct db_conn *c, struct arena *a, int64_t network_id,
			 struct faq_entry **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, network_id, question, answer, changed_on FROM faq_entry"
			  " WHERE network_id = ? ORDER BY id LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, FAQ_ENTRIES_MAX);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct faq_entry), 8, FAQ_ENTRIES_MAX);
	while (db_row(st)) {
		struct faq_entry *e = arena_vec_push(&vec);
		if (e)
			read_faq(st, a, e);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
questions_store_faq_count(struct db_conn *c, int64_t network_id, int64_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM faq_entry WHERE network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	*n = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
questions_store_faq_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t id,
			struct faq_entry *out, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, network_id, question, answer, changed_on FROM faq_entry"
			  " WHERE id = ? AND network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, network_id);
	*found = db_row(st);
	if (*found)
		read_faq(st, a, out);
	return db_done(st);
}

int
questions_store_faq_insert(struct db_conn *c, const struct faq_entry *e, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "INSERT INTO faq_entry (network_id, question, answer, changed_on) VALUES (?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, e->network_id);
	db_bind_text(st, 2, e->question);
	db_bind_text(st, 3, e->answer);
	db_bind_int(st, 4, e->changed_on);
	int err = db_run(st);
	if (!err && id)
		*id = db_last_id(c);
	return err;
}

int
questions_store_faq_update(struct db_conn *c, const struct faq_entry *e, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE faq_entry SET question = ?, answer = ?, changed_on = ?"
			  " WHERE id = ? AND network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, e->question);
	db_bind_text(st, 2, e->answer);
	db_bind_int(st, 3, e->changed_on);
	db_bind_int(st, 4, e->id);
	db_bind_int(st, 5, e->network_id);
	int err = db_run(st);
	*found = !err && db_changes(c) == 1;
	return err;
}

int
questions_store_faq_delete(struct db_conn *c, int64_t network_id, int64_t id, bool *found)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM faq_entry WHERE id = ? AND network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, network_id);
	int err = db_run(st);
	*found = !err && db_changes(c) == 1;
	return err;
}
