// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the audit log's SQL. The table is append-only: there is no UPDATE or DELETE here,
 * and the database's triggers refuse them from anywhere else. */
#include "app/audit/audit.h"

int
audit_store_last(struct db_conn *c, int64_t *id, int64_t *key_epoch,
		 unsigned char hash[AUDIT_HASH_BYTES], size_t *hash_len, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, hash, key_epoch FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!st)
		return KR_EDB;
	*found = false;
	*hash_len = 0;
	memset(hash, 0, AUDIT_HASH_BYTES);
	if (db_row(st)) {
		size_t len;
		const void *p = db_col_blob(st, 1, &len);
		*id = db_col_int(st, 0);
		*key_epoch = db_col_int(st, 2);
		*hash_len = len;
		if (p)
			memcpy(hash, p, len < AUDIT_HASH_BYTES ? len : AUDIT_HASH_BYTES);
		*found = true;
	}
	return db_done(st);
}

int
audit_store_insert(struct db_conn *c, const struct audit_row *row)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO audit_log (id, at, actor_id, subject_id, event, detail,"
			  " prev_hash, hash, key_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, row->id);
	db_bind_text(st, 2, row->at.p);
	if (row->has_actor)
		db_bind_int(st, 3, row->actor_id);
	else
		db_bind_null(st, 3);
	if (row->has_subject)
		db_bind_int(st, 4, row->subject_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, row->event.p);
	db_bind_text(st, 6, row->detail.p);
	db_bind_blob(st, 7, row->prev_hash, row->prev_hash_len);
	db_bind_blob(st, 8, row->hash, row->hash_len);
	db_bind_int(st, 9, row->key_epoch);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

/* A text column's bytes exactly as stored (an embedded NUL included), for hashing. */
static struct str
col_bytes(struct db_stmt *st, int col)
{
	size_t len;
	const void *p = db_col_blob(st, col, &len);
	return (struct str){ p, p ? len : 0 };
}

int
audit_store_walk(struct db_conn *c, int (*fn)(const struct audit_row *row, void *ctx), void *ctx)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, at, actor_id, subject_id, event, detail, prev_hash, hash,"
			  " key_epoch FROM audit_log ORDER BY id");
	if (!st)
		return KR_EDB;
	int rc = KR_OK;
	while (rc == KR_OK && db_row(st)) {
		struct audit_row row = {
			.id = db_col_int(st, 0),
			.has_actor = !db_col_is_null(st, 2),
			.actor_id = db_col_int(st, 2),
			.has_subject = !db_col_is_null(st, 3),
			.subject_id = db_col_int(st, 3),
			.key_epoch = db_col_int(st, 8),
		};
		row.at = col_bytes(st, 1);
		row.event = col_bytes(st, 4);
		row.detail = col_bytes(st, 5);
		row.prev_hash = db_col_blob(st, 6, &row.prev_hash_len);
		row.hash = db_col_blob(st, 7, &row.hash_len);
		rc = fn(&row, ctx);
	}
	if (db_done(st))
		return KR_EDB;
	return rc;
}

int
audit_store_list(struct db_conn *c, struct arena *a, int64_t before_id, int limit,
		 struct audit_entry **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id, at, actor_id, subject_id, event, detail FROM audit_log"
			  " WHERE id < ? ORDER BY id DESC LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before_id);
	db_bind_int(st, 2, limit);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct audit_entry), 16, 0);
	while (db_row(st)) {
		struct audit_entry *e = arena_vec_push(&vec);
		e->id = db_col_int(st, 0);
		e->at = arena_strdup(a, db_col_text(st, 1));
		e->actor_id = db_col_int(st, 2); /* NULL reads as 0 */
		e->subject_id = db_col_int(st, 3);
		e->event = arena_strdup(a, db_col_text(st, 4));
		e->detail = arena_strdup(a, db_col_text(st, 5));
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
audit_store_retired(struct db_conn *c, struct arena *a, struct audit_key **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT epoch, key FROM audit_key ORDER BY epoch");
	if (!st)
		return KR_EDB;
	size_t cap = 4, len = 0;
	struct audit_key *v = ARENA_ARRAY(a, struct audit_key, cap);
	while (db_row(st)) {
		size_t klen;
		const void *p = db_col_blob(st, 1, &klen);
		if (!p || klen != KEY_BYTES)
			continue;
		if (len == cap) {
			struct audit_key *bigger = ARENA_ARRAY(a, struct audit_key, cap * 2);
			memcpy(bigger, v, len * sizeof(*v));
			v = bigger;
			cap *= 2;
		}
		v[len].epoch = db_col_int(st, 0);
		memcpy(v[len++].key, p, KEY_BYTES);
	}
	if (db_done(st))
		return KR_EDB;
	*out = v;
	*n = len;
	return KR_OK;
}

int
audit_store_retired_max(struct db_conn *c, int64_t *epoch)
{
	struct db_stmt *st = db_prepare(c, "SELECT coalesce(max(epoch), 0) FROM audit_key");
	if (!st)
		return KR_EDB;
	*epoch = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
audit_store_retire(struct db_conn *c, int64_t epoch, const unsigned char key[KEY_BYTES],
		   const char *at)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO audit_key (epoch, key, retired_at) VALUES (?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, epoch);
	db_bind_blob(st, 2, key, KEY_BYTES);
	db_bind_text(st, 3, at);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}
