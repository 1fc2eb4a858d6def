/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* backend.h: what a database backend gives db.c, which implements db.h by calling it. Only
 * src/db/ includes this. Each backend's database, connection and statement begin with the
 * struct below, so db.c finds the backend from any of them. */
#ifndef KRING_DB_BACKEND_H
#define KRING_DB_BACKEND_H

#include "db/db.h"

struct db_ops {
	const char *name; /* "sqlite", "postgresql" */
	int (*open)(struct db **out, const char *target, unsigned flags);
	void (*close)(struct db *db);
	struct db_conn *(*conn)(struct db *db);
	bool (*lost)(struct db *db);
	uint64_t (*losses)(struct db *db);

	struct db_stmt *(*prepare)(struct db_conn *c, const char *sql);
	void (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	void (*bind_text)(struct db_stmt *st, int idx, const char *s);
	void (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t n);
	void (*bind_null)(struct db_stmt *st, int idx);
	void (*bind_ids)(struct db_stmt *st, int idx, const int64_t *ids, size_t n);
	bool (*row)(struct db_stmt *st);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	bool (*col_is_null)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
	int (*done)(struct db_stmt *st);

	int64_t (*last_id)(struct db_conn *c);
	int (*changes)(struct db_conn *c);
	bool (*last_was_conflict)(struct db_conn *c);
	int (*begin)(struct db_conn *c);
	int (*commit)(struct db_conn *c);
	void (*rollback)(struct db_conn *c);
	bool (*in_transaction)(struct db_conn *c);
	void (*snapshot_begin)(struct db_conn *c);
	void (*snapshot_end)(struct db_conn *c);
	int (*set_durable)(struct db_conn *c, bool durable);
	int (*exec)(struct db_conn *c, const char *sql);
	/* Runs one migration's SQL (from the file for this backend: see db.c). */
	int (*exec_migration)(struct db_conn *c, const char *sql);
	/* Whether a migration table exists yet (a database from before `kring init`). */
	int (*has_table)(struct db_conn *c, const char *name, bool *have);
	int (*backup)(struct db *db, const char *path);
	int (*tables)(struct db_conn *c, struct arena *a, struct db_table **out, size_t *n);
	int (*ids_follow)(struct db_conn *c, const char *table);
	int (*search_merge)(struct db_conn *c);
	int (*checkpoint)(struct db_conn *c);
	int (*check)(struct db_conn *c);
};

/* The first member of each backend's struct db, struct db_conn and struct db_stmt. */
struct db_head {
	const struct db_ops *ops;
};

extern const struct db_ops db_sqlite_ops, db_postgres_ops;

#endif
