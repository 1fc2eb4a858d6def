// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of retention. */
#include "app/retention/retention.h"

int
retention_store_get(struct db_conn *c, struct retention_settings *out)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT keep_sent_mail_days, keep_blocked_accounts_days FROM organisation"
			  " WHERE id = 1");
	if (!st)
		return KR_EDB;
	*out = (struct retention_settings){ 30, 365 };
	if (db_row(st)) {
		out->keep_sent_mail_days = db_col_int(st, 0);
		out->keep_blocked_accounts_days = db_col_int(st, 1);
	}
	return db_done(st);
}

int
retention_store_set(struct db_conn *c, const struct retention_settings *s)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE organisation SET keep_sent_mail_days = ?, keep_blocked_accounts_days = ?"
	       " WHERE id = 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, s->keep_sent_mail_days);
	db_bind_int(st, 2, s->keep_blocked_accounts_days);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

static int
purge(struct db_conn *c, const char *sql, int64_t v, int64_t *count)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, v);
	if (db_run(st))
		return KR_EDB;
	*count += db_changes(c);
	return KR_OK;
}

int
retention_store_purge(struct db_conn *c, int64_t now, int64_t mail_before, int64_t session_before,
		      struct retention_result *res)
{
	/* Sent and undeliverable mail alike (a row is one or the other, or still waiting). */
	int err = purge(c, "DELETE FROM outbox WHERE coalesce(sent_at, undeliverable_at) < ?",
			mail_before, &res->mail);
	if (!err)
		err =
		    purge(c, "DELETE FROM email_token WHERE expires_at < ? OR used_at IS NOT NULL",
			  now - 24 * 3600, &res->links);
	if (!err)
		err = purge(c, "DELETE FROM session WHERE created_at < ?", session_before,
			    &res->sessions);
	if (!err)
		err = purge(c, "DELETE FROM sign_in_throttle WHERE last_at < ?", now - 24 * 3600,
			    &res->throttles);
	return err;
}

int
retention_store_blocked_before(struct db_conn *c, int64_t before, int64_t *ids, size_t cap,
			       size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id FROM account WHERE disabled = 1 AND disabled_at IS NOT NULL"
			  " AND disabled_at < ? ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	*n = 0;
	while (*n < cap && db_row(st))
		ids[(*n)++] = db_col_int(st, 0);
	return db_done(st);
}
