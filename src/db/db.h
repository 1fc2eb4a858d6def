/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* db.h: the backend-neutral database API. SQL lives only in stores (src/app/<feature>/store.c)
 * and in src/db/; it is written in a portable subset with '?' placeholders, which a backend
 * translates. SQLite is the embedded default (sqlite.c); PostgreSQL (postgres.c) is chosen with
 * a postgresql:// URL. db.c hands each call to the backend.
 *
 * The portable subset, which both backends run as written:
 *  - times come from C (time_now(), time_utc_iso()), never from SQL;
 *  - "INSERT ... ON CONFLICT DO NOTHING" (not INSERT OR IGNORE), "ON CONFLICT (...) DO UPDATE";
 *  - NULL-safe equality is "a IS NOT DISTINCT FROM ?";
 *  - a list of ids is "x IN (SELECT value FROM json_each(?))" with db_bind_ids(), which
 *    PostgreSQL runs as "x = ANY (?)" on an array;
 *  - integers are 64-bit; truth values are compared with = 0 / = 1, never used bare;
 *  - a statement that writes starts with INSERT, UPDATE, DELETE or WITH ... (anything but
 *    SELECT), so a backend can tell reads from writes by their first word.
 *
 * Each thread gets its own connection (db_conn()), opened on first use and kept with its
 * prepared statements until db_close(). A statement from db_prepare() belongs to the
 * connection's cache: never finalize it; db_done() resets it for the next use.
 *
 * Reading rows:
 *	struct db_stmt *st = db_prepare(c, "SELECT name FROM site WHERE id = ?");
 *	db_bind_int(st, 1, id);
 *	while (db_row(st))
 *		use(db_col_text(st, 0));
 *	if (db_done(st)) return KR_EDB;
 * db_row() returns false at the end and on errors; db_done() tells which (KR_OK or KR_EDB). */
#ifndef KRING_DB_H
#define KRING_DB_H

#include "base/kring.h"

struct db;
struct db_conn;
struct db_stmt;

enum db_open_flags {
	DB_CREATE = 1, /* create the file (kring init); otherwise it must exist */
	DB_READONLY = 2,
};

/* Opens the database on this thread and checks that it can be read and written (unless
 * DB_READONLY). target is a SQLite file's path, or a PostgreSQL connection URL
 * (postgresql://user@host/dbname?...; a password belongs in ~/.pgpass or PGPASSWORD, never in
 * the URL, which may show in a process list). Does not migrate. Logs the reason and returns
 * KR_EDB on failure. */
int db_open(struct db **out, const char *target, unsigned flags) MUST_CHECK;
/* Closes every thread's connection. No other thread may use the database any more. */
void db_close(struct db *db);
/* "sqlite" or "postgresql". */
const char *db_backend(const struct db *db);
/* Whether target names a PostgreSQL database (postgresql:// or postgres://). */
bool db_target_is_postgres(const char *target);
/* Whether c is a PostgreSQL connection. Only for what the portable subset cannot say, which is
 * full-text search: the search indexes are FTS5 tables with the tokenizer "kring" on SQLite and
 * tsvector columns on PostgreSQL (migration 0026), so a store keeps its search query in one
 * form for each, and chooses with this. */
bool db_is_postgres(struct db_conn *c);

/* This thread's connection, opened on first use; NULL (logged) if it cannot be opened. A
 * PostgreSQL connection that the server dropped (a restart, a failover) is opened again here,
 * with back-off: at most one try per thread every 0.1 s at first, doubling to 5 s, so that a
 * server without its database answers at once (503) and is itself again, without a restart,
 * as soon as the database is back. */
struct db_conn *db_conn(struct db *db);
/* Whether the last failure on this thread's connection was losing the database (PostgreSQL
 * gone or restarting), rather than a fault in a statement: the request then answers 503. */
bool db_lost(struct db *db);
/* How many times this thread has lost its connection so far (0 on SQLite): a request that
 * sees the count move lost the database part-way, and a page built from the reads before and
 * after may lack what a failed read would have shown, so it answers 503 (app_on_handled()). */
uint64_t db_losses(struct db *db);

/* Applies the embedded migrations that are newer than the recorded schema version, each in
 * its own transaction. `*applied` (may be NULL) gets how many ran. */
int db_migrate(struct db *db, int *applied) MUST_CHECK;
/* The recorded schema version, and the newest one this binary knows. */
int db_schema_version(struct db_conn *c, int *version) MUST_CHECK;
int db_schema_latest(void);

/* A cached prepared statement for sql (which should be a string literal); NULL on error. */
struct db_stmt *db_prepare(struct db_conn *c, const char *sql);
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
void db_bind_null(struct db_stmt *st, int idx);
/* A list of ids as one parameter, for "x IN (SELECT value FROM json_each(?))": one statement
 * for a list of any length. */
void db_bind_ids(struct db_stmt *st, int idx, const int64_t *ids, size_t n);

bool db_row(struct db_stmt *st);
/* Column values of the current row; text is valid until the next db_row() or db_done(). */
int64_t db_col_int(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col); /* "" for NULL */
bool db_col_is_null(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);
/* Resets the statement and clears its bindings: KR_OK, or KR_EDB if a step failed. */
int db_done(struct db_stmt *st) MUST_CHECK;
/* Steps a statement that returns no rows to its end, then db_done(). */
int db_run(struct db_stmt *st) MUST_CHECK;
/* The row id of the last insert on this connection. */
int64_t db_last_id(struct db_conn *c);
/* How many rows the last statement changed. */
int db_changes(struct db_conn *c);
/* True when the last failure on this connection was a UNIQUE or PRIMARY KEY violation. */
bool db_last_was_conflict(struct db_conn *c);

/* Transactions: db_begin() takes the write lock at once, so a transaction never fails later
 * for a lock it could have waited for. */
int db_begin(struct db_conn *c) MUST_CHECK;
int db_commit(struct db_conn *c) MUST_CHECK;
void db_rollback(struct db_conn *c);
/* Ends a transaction by its outcome: err != KR_OK rolls back and returns err; KR_OK commits
 * and returns db_commit()'s result. */
int db_end(struct db_conn *c, int err) MUST_CHECK;
/* True while this connection is inside a transaction (db_begin()), not counting a snapshot. */
bool db_in_transaction(struct db_conn *c);

/* A read snapshot for the reads of one request: from db_snapshot_begin() on, the first read
 * opens one read transaction (BEGIN DEFERRED) that the following reads share, until
 * db_snapshot_end(), or until a write comes (a statement that is not read-only, db_begin(),
 * db_exec()), which ends it first, so writes run and commit as they do without it. In WAL mode
 * each read transaction takes and drops a read lock on the -shm file (two fcntl): one per
 * request instead of one per statement (bench/README.md). */
void db_snapshot_begin(struct db_conn *c);
void db_snapshot_end(struct db_conn *c);

/* Whether a commit on this connection waits until the disk has it (the default, and the only
 * setting a server uses). Off only for bulk loads that can be made again, such as the large
 * demo: a crash may then lose its last transactions, never corrupt the database. */
int db_set_durable(struct db_conn *c, bool durable) MUST_CHECK;

/* Runs SQL without parameters (used by migrations and maintenance), statement by statement. */
int db_exec(struct db_conn *c, const char *sql) MUST_CHECK;

/* Copies the live database to path with the online backup API; safe while serving. SQLite
 * only: PostgreSQL is backed up with its own tools (pg_dump), and this says so. */
int db_backup(struct db *db, const char *path) MUST_CHECK;

/* After an erasure has committed. SQLite: moves everything from the write-ahead log into the
 * database file and empties the log, so that erased data (overwritten with secure_delete)
 * does not linger there. PostgreSQL: VACUUMs the database, so that the erased rows' space is
 * reclaimed and reused (docs/PRIVACY.md says what that does and does not overwrite). */
int db_checkpoint(struct db_conn *c) MUST_CHECK;

/* Merges each search index (SQLite's FTS5 tables of migration 0026) into one segment, after
 * the hourly indexing run: the segments a run writes would otherwise keep, until they merge,
 * which rows came in together, and the words of rows that went. Nothing on PostgreSQL. */
int db_search_merge(struct db_conn *c) MUST_CHECK;

/* Background jobs run once across every server on the database: a job's run for slot (its
 * period: a day, say) is claimed by the first caller, who gets *mine = true; every later caller
 * for that job and slot, on any server, gets false and skips it. A claim stays taken even if
 * the run then fails: the job tries again in its next slot. Claims older than a week go. */
int db_job_claim(struct db_conn *c, const char *job, int64_t slot, bool *mine) MUST_CHECK;

/* For `kring copy`: the tables of a database, with their columns as declared. */
enum db_kind { DB_INTEGER, DB_TEXT, DB_BLOB };
struct db_column {
	const char *name;
	enum db_kind kind;
};
struct db_table {
	const char *name;
	struct db_column *cols;
	size_t ncols;
	bool derived; /* kept by triggers from other tables: copied after them */
};
struct arena;
/* Every table but schema_migrations, in an order its foreign keys allow (a table after the
 * tables it refers to), allocated in a. SQLite only, the source of a copy: KR_EINVAL (said) on
 * another backend. */
int db_tables(struct db_conn *c, struct arena *a, struct db_table **out, size_t *n) MUST_CHECK;
/* After rows were inserted with their own ids (a copy): the next id that table draws follows
 * the largest one in it. Nothing to do on SQLite. table is one of db_tables()' names. */
int db_ids_follow(struct db_conn *c, const char *table) MUST_CHECK;

/* Copies every row of every table of from (SQLite, at the same schema version) into to, whose
 * tables must be there and hold no more than their migrations put in, in one transaction of
 * to's: tables in db_tables()' order, ids kept (db_ids_follow()), the derived tables last as
 * from has them. Before the commit every table's row count is compared with from's; a
 * difference rolls it all back. progress(arg, table, done, total) is called as rows go in,
 * counted(arg, table, rows) for each table once the counts agree. */
struct db_copy_hooks {
	void (*progress)(void *arg, const char *table, long done, long total);
	void (*counted)(void *arg, const char *table, int64_t rows);
	void *arg;
};
int db_copy(struct db_conn *from, struct db_conn *to, const struct db_copy_hooks *h) MUST_CHECK;

/* A cheap read that proves the database answers (for /healthz). */
int db_ping(struct db_conn *c) MUST_CHECK;

/* Checks the database: KR_OK when `PRAGMA integrity_check` says ok (SQLite), or when
 * PostgreSQL's amcheck finds the B-tree indexes sound (if the extension is there). */
int db_check(struct db_conn *c) MUST_CHECK;

#endif
