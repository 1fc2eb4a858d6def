// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of accounts, roles, sessions and sign-in throttles. */
#include "app/auth/auth.h"
#include "base/log.h"

#define ACCOUNT_COLS                                                                               \
	"id, email, name, password_hash, is_admin, is_contact, disabled, locked,"                  \
	" totp_secret IS NOT NULL, failures, prefs"

static void
account_from_row(struct db_stmt *st, struct arena *a, struct account *out)
{
	out->id = db_col_int(st, 0);
	out->email = arena_strdup(a, db_col_text(st, 1));
	out->name = arena_strdup(a, db_col_text(st, 2));
	out->password_hash = db_col_is_null(st, 3) ? NULL : arena_strdup(a, db_col_text(st, 3));
	out->is_admin = db_col_int(st, 4) != 0;
	out->is_contact = db_col_int(st, 5) != 0;
	out->disabled = db_col_int(st, 6) != 0;
	out->locked = db_col_int(st, 7) != 0;
	out->has_totp = db_col_int(st, 8) != 0;
	out->failures = db_col_int(st, 9);
	out->prefs = arena_strdup(a, db_col_text(st, 10));
}

int
auth_store_account_insert(struct db_conn *c, const char *email, const char *name, const char *hash,
			  int64_t *id)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO account (email, name, password_hash, created_at)"
			  " VALUES (?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	char at[32];
	time_utc_iso(at, sizeof(at));
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, at);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

int
auth_store_account_get(struct db_conn *c, struct arena *a, const char *email, int64_t id,
		       struct account *out, bool *found)
{
	struct db_stmt *st =
	    email ? db_prepare(c, "SELECT " ACCOUNT_COLS " FROM account WHERE email = ?")
		  : db_prepare(c, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?");
	if (!st)
		return KR_EDB;
	if (email)
		db_bind_text(st, 1, email);
	else
		db_bind_int(st, 1, id);
	*found = false;
	if (db_row(st)) {
		account_from_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

int
auth_store_accounts(struct db_conn *c, struct arena *a, struct account **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " ACCOUNT_COLS " FROM account ORDER BY name, id");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct account), 16, 0);
	while (db_row(st))
		account_from_row(st, a, arena_vec_push(&vec));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
auth_store_network_roles(struct db_conn *c, int64_t account_id, unsigned *roles)
{
	struct db_stmt *st = db_prepare(c, "SELECT role FROM network_role WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	while (db_row(st)) {
		enum network_role_kind k = network_role_parse(db_col_text(st, 0));
		if (k == NROLE_CONTACT)
			*roles |= ROLE_CONTACT;
		else if (k == NROLE_AMBASSADOR)
			*roles |= ROLE_AMBASSADOR;
		else if (network_role_is_core(k))
			*roles |= ROLE_CORE;
	}
	return db_done(st);
}

int
auth_store_active_admins(struct db_conn *c, int64_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT count(*) FROM account WHERE is_admin = 1 AND disabled = 0");
	if (!st)
		return KR_EDB;
	*n = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
auth_store_set_flag(struct db_conn *c, int64_t id, const char *flag, bool v)
{
	/* One statement per column: column names are never bound or assembled. */
	struct db_stmt *st;
	if (strcmp(flag, "is_admin") == 0)
		st = db_prepare(c, "UPDATE account SET is_admin = ? WHERE id = ?");
	else if (strcmp(flag, "is_contact") == 0)
		st = db_prepare(c, "UPDATE account SET is_contact = ? WHERE id = ?");
	else if (strcmp(flag, "disabled") == 0)
		/* When it was blocked, so the retention job can erase it after the set time. */
		st = db_prepare(c, "UPDATE account SET disabled = ?, disabled_at = ? WHERE id = ?");
	else
		BUG("unknown account flag %s", flag);
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, v ? 1 : 0);
	if (strcmp(flag, "disabled") == 0) {
		if (v)
			db_bind_int(st, 2, time_now());
		else
			db_bind_null(st, 2);
		db_bind_int(st, 3, id);
	} else {
		db_bind_int(st, 2, id);
	}
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) ? KR_OK : KR_ENOTFOUND;
}

int
auth_store_set_network_role(struct db_conn *c, int64_t network_id, int64_t account_id,
			    const char *role)
{
	struct db_stmt *st;
	if (role) {
		st = db_prepare(c, "INSERT INTO network_role (network_id, account_id, role)"
				   " VALUES (?, ?, ?) ON CONFLICT (network_id, account_id)"
				   " DO UPDATE SET role = excluded.role");
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, network_id);
		db_bind_int(st, 2, account_id);
		db_bind_text(st, 3, role);
	} else {
		st = db_prepare(c,
				"DELETE FROM network_role WHERE network_id = ? AND account_id = ?");
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, network_id);
		db_bind_int(st, 2, account_id);
	}
	return db_run(st);
}

int
auth_store_set_password(struct db_conn *c, int64_t id, const char *hash)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE account SET password_hash = ?, failures = 0, locked = 0 WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
auth_store_set_prefs(struct db_conn *c, int64_t id, const char *prefs)
{
	struct db_stmt *st = db_prepare(c, "UPDATE account SET prefs = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, prefs);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
auth_store_failures(struct db_conn *c, int64_t id, int64_t failures, bool locked)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE account SET failures = ?, locked = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, failures);
	db_bind_int(st, 2, locked ? 1 : 0);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
auth_store_throttle_get(struct db_conn *c, const unsigned char key[32], int64_t *failures,
			int64_t *last_at)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT failures, last_at FROM sign_in_throttle WHERE key = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, key, 32);
	*failures = 0;
	*last_at = 0;
	if (db_row(st)) {
		*failures = db_col_int(st, 0);
		*last_at = db_col_int(st, 1);
	}
	return db_done(st);
}

int
auth_store_throttle_set(struct db_conn *c, const unsigned char key[32], int64_t failures,
			int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO sign_in_throttle (key, failures, last_at) VALUES (?, ?, ?)"
			  " ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,"
			  " last_at = excluded.last_at");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, key, 32);
	db_bind_int(st, 2, failures);
	db_bind_int(st, 3, now);
	return db_run(st);
}

int
auth_store_throttle_clear(struct db_conn *c, const unsigned char key[32])
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM sign_in_throttle WHERE key = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, key, 32);
	return db_run(st);
}

int
auth_store_session_insert(struct db_conn *c, const unsigned char hash[32], int64_t account_id,
			  bool second_factor, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO session (token_hash, account_id, created_at, last_seen, second_factor)"
	       " VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	db_bind_int(st, 2, account_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, second_factor ? 1 : 0);
	return db_run(st);
}

int
auth_store_session_get(struct db_conn *c, struct arena *a, const unsigned char hash[32],
		       int64_t *account_id, int64_t *created, int64_t *last_seen,
		       bool *second_factor, bool *found)
{
	(void)a;
	struct db_stmt *st =
	    db_prepare(c, "SELECT account_id, created_at, last_seen, second_factor FROM session"
			  " WHERE token_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	*found = false;
	if (db_row(st)) {
		*account_id = db_col_int(st, 0);
		*created = db_col_int(st, 1);
		*last_seen = db_col_int(st, 2);
		*second_factor = db_col_int(st, 3) != 0;
		*found = true;
	}
	return db_done(st);
}

/* sql: an UPDATE of one session with the time as its first parameter, the hash as its second. */
static int
session_set_time(struct db_conn *c, const char *sql, const unsigned char hash[32], int64_t now)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_blob(st, 2, hash, 32);
	return db_run(st);
}

int
auth_store_session_touch(struct db_conn *c, const unsigned char hash[32], int64_t now)
{
	return session_set_time(c, "UPDATE session SET last_seen = ? WHERE token_hash = ?", hash,
				now);
}

int
auth_store_session_second_factor(struct db_conn *c, const unsigned char hash[32])
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE session SET second_factor = 1 WHERE token_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	return db_run(st);
}

int
auth_store_session_step_up_set(struct db_conn *c, const unsigned char hash[32], int64_t now)
{
	return session_set_time(c, "UPDATE session SET step_up_at = ? WHERE token_hash = ?", hash,
				now);
}

int
auth_store_session_step_up_get(struct db_conn *c, const unsigned char hash[32], int64_t *at)
{
	struct db_stmt *st = db_prepare(c, "SELECT step_up_at FROM session WHERE token_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	*at = db_row(st) ? db_col_int(st, 0) : 0; /* NULL reads as 0 */
	return db_done(st);
}

int
auth_store_session_delete(struct db_conn *c, const unsigned char hash[32])
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE token_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	return db_run(st);
}

int
auth_store_sessions_delete_account(struct db_conn *c, int64_t account_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM session WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return db_run(st);
}

int
auth_store_totp_set(struct db_conn *c, int64_t id, const unsigned char *box, size_t len,
		    int64_t step)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE account SET totp_secret = ?, totp_last_step = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, box, len);
	db_bind_int(st, 2, step);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
auth_store_totp_get(struct db_conn *c, int64_t id, unsigned char *box, size_t cap, size_t *len,
		    int64_t *last_step)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT totp_secret, totp_last_step FROM account WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	*len = 0;
	if (db_row(st) && !db_col_is_null(st, 0)) {
		size_t n;
		const void *p = db_col_blob(st, 0, &n);
		if (n <= cap) {
			memcpy(box, p, n);
			*len = n;
		}
		*last_step = db_col_int(st, 1);
	}
	return db_done(st);
}

int
auth_store_totp_step(struct db_conn *c, int64_t id, int64_t step)
{
	struct db_stmt *st = db_prepare(c, "UPDATE account SET totp_last_step = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, step);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
auth_store_recovery_replace(struct db_conn *c, int64_t id, unsigned char hashes[][32], size_t n)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM recovery_code WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	st = db_prepare(c, "INSERT INTO recovery_code (account_id, code_hash) VALUES (?, ?)");
	if (!st)
		return KR_EDB;
	for (size_t i = 0; i < n; i++) {
		db_bind_int(st, 1, id);
		db_bind_blob(st, 2, hashes[i], 32);
		if (db_run(st))
			return KR_EDB;
	}
	return KR_OK;
}

int
auth_store_recovery_use(struct db_conn *c, int64_t id, const unsigned char hash[32], int64_t now,
			bool *used)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE recovery_code SET used_at = ?"
			  " WHERE account_id = ? AND code_hash = ? AND used_at IS NULL");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	db_bind_blob(st, 3, hash, 32);
	if (db_run(st))
		return KR_EDB;
	*used = db_changes(c) == 1;
	return KR_OK;
}

int
auth_store_token_insert(struct db_conn *c, const unsigned char hash[32], const char *kind,
			const char *email, int64_t account_id, int64_t network_id,
			int64_t created_by, int64_t expires_at)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO email_token (token_hash, kind, email, account_id, created_by,"
	       " expires_at, network_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, email);
	if (account_id)
		db_bind_int(st, 4, account_id);
	else
		db_bind_null(st, 4);
	if (created_by)
		db_bind_int(st, 5, created_by);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, expires_at);
	if (network_id)
		db_bind_int(st, 7, network_id);
	else
		db_bind_null(st, 7);
	return db_run(st);
}

int
auth_store_token_get(struct db_conn *c, struct arena *a, const unsigned char hash[32],
		     const char *kind, int64_t now, const char **email, int64_t *account_id,
		     int64_t *network_id, bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT email, coalesce(account_id, 0), coalesce(network_id, 0) FROM email_token"
	       " WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, now);
	*found = false;
	if (db_row(st)) {
		*email = arena_strdup(a, db_col_text(st, 0));
		*account_id = db_col_int(st, 1);
		*network_id = db_col_int(st, 2);
		*found = true;
	}
	return db_done(st);
}

int
auth_store_token_use(struct db_conn *c, const unsigned char hash[32], int64_t now, bool *ok)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE email_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_blob(st, 2, hash, 32);
	if (db_run(st))
		return KR_EDB;
	*ok = db_changes(c) == 1;
	return KR_OK;
}

int
auth_store_signup_allowed(struct db_conn *c, const char *domain, bool *open, bool *domain_ok)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT o.open_signup, EXISTS (SELECT 1 FROM org_domain WHERE domain = ?)"
			  " FROM organisation o WHERE o.id = 1");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, domain);
	*open = *domain_ok = false;
	if (db_row(st)) {
		*open = db_col_int(st, 0) != 0;
		*domain_ok = db_col_int(st, 1) != 0;
	}
	return db_done(st);
}

int
auth_store_account_delete(struct db_conn *c, int64_t id, const char *email)
{
	/* Mail to or about the person first (it names them), then the account; foreign keys
	 * remove roles, sessions, links and recovery codes with it. */
	struct db_stmt *st = db_prepare(c, "DELETE FROM outbox WHERE to_addr = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, email);
	if (db_run(st))
		return KR_EDB;
	st = db_prepare(c, "DELETE FROM email_token WHERE email = ? OR account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, email);
	db_bind_int(st, 2, id);
	if (db_run(st))
		return KR_EDB;
	st = db_prepare(c, "DELETE FROM account WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ENOTFOUND;
}

int
auth_store_totp_accounts(struct db_conn *c, struct arena *a, int64_t **ids, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id FROM account WHERE totp_secret IS NOT NULL ORDER BY id");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 64, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*ids = vec.items;
	*n = vec.len;
	return KR_OK;
}
