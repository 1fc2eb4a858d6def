// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the outbox's SQL. Each statement on its own is one short transaction unless the
 * caller has begun one (mail_store_insert() runs inside the caller's). */
#include "app/mail/mail.h"

int
mail_store_insert(struct db_conn *c, const char *to, const char *subject, const char *body,
		  const char *calendar, int64_t now)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO outbox (to_addr, subject, body, created_at,"
					   " next_attempt_at, calendar) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, to);
	db_bind_text(st, 2, subject);
	db_bind_text(st, 3, body);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now);
	if (calendar && *calendar)
		db_bind_text(st, 6, calendar);
	else
		db_bind_null(st, 6);
	return db_run(st);
}

int
mail_store_due(struct db_conn *c, struct arena *a, int64_t now, int limit, struct mail_row **out,
	       size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT id, to_addr, subject, body, attempts, next_attempt_at,"
	       " coalesce(calendar, '') FROM outbox"
	       " WHERE sent_at IS NULL AND undeliverable_at IS NULL AND next_attempt_at <= ?"
	       " ORDER BY id LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, limit);
	/* At most limit rows; a negative limit reads every row, as LIMIT does in SQL. */
	size_t max = limit > 0 ? (size_t)limit : 0;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct mail_row), max, max);
	struct mail_row *r;
	while (db_row(st) && (r = arena_vec_push(&vec))) {
		r->id = db_col_int(st, 0);
		r->to = arena_strdup(a, db_col_text(st, 1));
		r->subject = arena_strdup(a, db_col_text(st, 2));
		r->body = arena_strdup(a, db_col_text(st, 3));
		r->attempts = (int)db_col_int(st, 4);
		r->next_attempt_at = db_col_int(st, 5);
		r->calendar = arena_strdup(a, db_col_text(st, 6));
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
mail_store_claim(struct db_conn *c, int64_t id, int64_t seen, int64_t until, bool *claimed)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL"
			  " AND undeliverable_at IS NULL AND next_attempt_at = ?");
	*claimed = false;
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, until);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, seen);
	if (db_run(st))
		return KR_EDB;
	*claimed = db_changes(c) == 1;
	return KR_OK;
}

int
mail_store_mark_sent(struct db_conn *c, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE outbox SET sent_at = ?, body = '', calendar = NULL, last_error = NULL"
	       " WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
mail_store_mark_failed(struct db_conn *c, int64_t id, const char *err, int64_t next)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
			  " next_attempt_at = ? WHERE id = ? AND sent_at IS NULL"
			  " AND undeliverable_at IS NULL");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, err);
	db_bind_int(st, 2, next);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
mail_store_mark_undeliverable(struct db_conn *c, int64_t id, const char *err, int64_t now)
{
	/* The address, subject and body go at once: what remains says that a message could not
	 * be delivered, and when, never to whom or what about. */
	struct db_stmt *st =
	    db_prepare(c, "UPDATE outbox SET undeliverable_at = ?, to_addr = '', subject = '',"
			  " body = '', calendar = NULL, attempts = attempts + 1, last_error = ?"
			  " WHERE id = ?"
			  " AND sent_at IS NULL AND undeliverable_at IS NULL");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, err);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
mail_store_release(struct db_conn *c, int64_t id, int64_t next)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL"
			  " AND undeliverable_at IS NULL");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, next);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
mail_store_status(struct db_conn *c, struct mail_status *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(
	    c, "SELECT count(*), coalesce(sum(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0),"
	       " coalesce(max(attempts), 0), coalesce(min(next_attempt_at), 0)"
	       " FROM outbox WHERE sent_at IS NULL AND undeliverable_at IS NULL");
	if (!st)
		return KR_EDB;
	if (db_row(st)) {
		out->waiting = db_col_int(st, 0);
		out->failing = db_col_int(st, 1);
		out->max_attempts = db_col_int(st, 2);
		out->next_attempt_at = db_col_int(st, 3);
	}
	if (db_done(st))
		return KR_EDB;
	st = db_prepare(c, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL");
	if (!st)
		return KR_EDB;
	if (db_row(st))
		out->sent = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	st = db_prepare(c, "SELECT count(*), coalesce(min(undeliverable_at), 0),"
			   " coalesce(max(undeliverable_at), 0) FROM outbox"
			   " WHERE undeliverable_at IS NOT NULL");
	if (!st)
		return KR_EDB;
	if (db_row(st)) {
		out->undeliverable = db_col_int(st, 0);
		out->first_undeliverable_at = db_col_int(st, 1);
		out->last_undeliverable_at = db_col_int(st, 2);
	}
	if (db_done(st))
		return KR_EDB;
	st = db_prepare(c, "SELECT last_error FROM outbox WHERE sent_at IS NULL"
			   " AND undeliverable_at IS NULL AND attempts > 0"
			   " AND last_error IS NOT NULL ORDER BY next_attempt_at DESC, id DESC"
			   " LIMIT 1");
	if (!st)
		return KR_EDB;
	if (db_row(st))
		snprintf(out->last_error, sizeof(out->last_error), "%s", db_col_text(st, 0));
	return db_done(st);
}

int
mail_store_install_id(struct db_conn *c, struct arena *a, const char **out)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT applied_at FROM schema_migrations ORDER BY version LIMIT 1");
	if (!st)
		return KR_EDB;
	*out = "";
	if (db_row(st))
		*out = arena_strdup(a, db_col_text(st, 0));
	return db_done(st);
}
