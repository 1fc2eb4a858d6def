// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of photos. */
#include "app/photo/photo.h"

int
photo_store_put(struct db_conn *c, int64_t account_id, const unsigned char *data, size_t len,
		int64_t now)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO photo (account_id, image, updated_at) VALUES (?, ?, ?)"
			  " ON CONFLICT (account_id) DO UPDATE SET image = excluded.image,"
			  " updated_at = excluded.updated_at");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	db_bind_blob(st, 2, data, len);
	db_bind_int(st, 3, now);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
photo_store_get(struct db_conn *c, struct arena *a, int64_t account_id, const unsigned char **data,
		size_t *len, int64_t *updated_at, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT image, updated_at FROM photo WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	*found = false;
	if (db_row(st)) {
		size_t n = 0;
		const void *p = db_col_blob(st, 0, &n);
		unsigned char *copy = arena_alloc(a, n ? n : 1);
		if (n)
			memcpy(copy, p, n);
		*data = copy;
		*len = n;
		*updated_at = db_col_int(st, 1);
		*found = true;
	}
	return db_done(st);
}

int
photo_store_has(struct db_conn *c, int64_t account_id, bool *has)
{
	struct db_stmt *st = db_prepare(c, "SELECT 1 FROM photo WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	*has = db_row(st);
	return db_done(st);
}

int
photo_store_owners(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n,
		   int64_t **owners, size_t *nowners)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), n, n ? n : 1);
	struct db_stmt *st = db_prepare(
	    c, "SELECT account_id FROM photo WHERE account_id IN (SELECT value FROM json_each(?))");
	if (!st)
		return KR_EDB;
	db_bind_ids(st, 1, ids, n);
	int64_t *id;
	while (db_row(st) && (id = arena_vec_push(&vec)))
		*id = db_col_int(st, 0);
	*owners = vec.items;
	*nowners = vec.len;
	return db_done(st);
}

int
photo_store_delete(struct db_conn *c, int64_t account_id, bool *found)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM photo WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) > 0;
	return KR_OK;
}
