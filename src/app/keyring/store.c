// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of the key fingerprint, and of what a rotation ends. */
#include "app/keyring/keyring.h"

int
keyring_store_get(struct db_conn *c, unsigned char fp[32], bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT fingerprint FROM key_check WHERE id = 1");
	if (!st)
		return KR_EDB;
	*found = false;
	if (db_row(st)) {
		size_t n;
		const void *p = db_col_blob(st, 0, &n);
		if (n == 32) {
			memcpy(fp, p, 32);
			*found = true;
		}
	}
	return db_done(st);
}

int
keyring_store_set(struct db_conn *c, const unsigned char fp[32], bool rotated)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO key_check (id, fingerprint, rotated_at) VALUES (1, ?, ?)"
			  " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,"
			  " rotated_at = excluded.rotated_at");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, fp, 32);
	if (rotated)
		db_bind_text(st, 2, "rotated");
	else
		db_bind_null(st, 2);
	return db_run(st);
}

static int
forget(struct db_conn *c, const char *sql, int64_t *count)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st || db_run(st))
		return KR_EDB;
	*count = db_changes(c);
	return KR_OK;
}

int
keyring_store_forget(struct db_conn *c, struct keyring_result *res)
{
	int err = forget(c, "DELETE FROM session", &res->sessions);
	if (!err)
		err = forget(c, "DELETE FROM email_token WHERE used_at IS NULL", &res->links);
	if (!err)
		err = forget(c, "DELETE FROM sign_in_throttle", &res->throttles);
	return err;
}
