// SPDX-License-Identifier: AGPL-3.0-or-later
/* sqlite.c: the SQLite backend of db.h. WAL mode, synchronous=FULL (an answered write survives
 * a power cut), foreign keys on, one connection per thread with its statement cache. */
#include "db/backend.h"
#include "db/fts.h"
#include "base/strbuf.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/arena.h"
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>

#define BUSY_TIMEOUT_MS 5000

struct db_stmt {
	struct db_head head;
	const char *sql; /* the cache key: the caller's literal */
	sqlite3_stmt *st;
	struct db_conn *conn;
	int err; /* the first failing step's result code since the last reset, or SQLITE_OK */
};

struct db_conn {
	struct db_head head;
	struct db *db;
	sqlite3 *h;
	struct db_stmt **stmts;
	size_t nstmts, alloc;
	int last_err; /* extended result code of the last failure */
	struct db_conn *next;
	bool snapshot_wanted; /* sq_snapshot_begin(): the next read opens the snapshot */
	bool snapshot_open;   /* the transaction open now is that snapshot (BEGIN DEFERRED) */
};

struct db {
	struct db_head head;
	char *path;
	unsigned flags;
	uint64_t gen;
	pthread_mutex_t lock; /* guards conns */
	struct db_conn *conns;
};

static void sq_close(struct db *db);
static int sq_exec(struct db_conn *c, const char *sql);
static void sq_rollback(struct db_conn *c);

static uint64_t db_generation;
static __thread struct {
	struct db *db;
	uint64_t gen;
	struct db_conn *conn;
} tls;

static int
conn_exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		error("database: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return KR_EDB;
	}
	return KR_OK;
}

static struct db_conn *
conn_open(struct db *db, bool create)
{
	sqlite3 *h = NULL;
	int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	oflags |= (db->flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (create)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(db->path, &h, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_CANTOPEN && !create)
			error("cannot open the database %s: it does not exist or is not readable "
			      "(create it with `kring init`)",
			      db->path);
		else
			error("cannot open the database %s: %s", db->path,
			      h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	if (db_fts_register(h)) {
		sqlite3_close(h);
		return NULL;
	}
	if (conn_exec(h, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
			 " PRAGMA secure_delete = ON;")) {
		sqlite3_close(h);
		return NULL;
	}
	if (!(db->flags & DB_READONLY) && conn_exec(h, "PRAGMA journal_mode = WAL;")) {
		sqlite3_close(h);
		return NULL;
	}
	struct db_conn *c = xcalloc(1, sizeof(*c));
	c->head.ops = &db_sqlite_ops;
	c->db = db;
	c->h = h;
	pthread_mutex_lock(&db->lock);
	c->next = db->conns;
	db->conns = c;
	pthread_mutex_unlock(&db->lock);
	return c;
}

static void
conn_free(struct db_conn *c)
{
	for (size_t i = 0; i < c->nstmts; i++) {
		sqlite3_finalize(c->stmts[i]->st);
		free(c->stmts[i]);
	}
	free(c->stmts);
	sqlite3_close(c->h);
	free(c);
}

/* SQLite's memory statistics take a global lock around every allocation: with one
 * connection per thread that lock is the busiest thing in a profile, and Kring reads no
 * statistics. It can only be set before SQLite starts. */
static void
sqlite_setup(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		log_warn("database: could not turn off SQLite's memory statistics");
}

static int
sq_open(struct db **out, const char *path, unsigned flags)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_setup);
	struct db *db = xcalloc(1, sizeof(*db));
	db->head.ops = &db_sqlite_ops;
	db->path = xstrdup(path);
	db->flags = flags;
	db->gen = __atomic_add_fetch(&db_generation, 1, __ATOMIC_RELAXED);
	pthread_mutex_init(&db->lock, NULL);
	struct db_conn *c = conn_open(db, flags & DB_CREATE);
	if (!c) {
		sq_close(db);
		return KR_EDB;
	}
	tls.db = db;
	tls.gen = db->gen;
	tls.conn = c;
	if (!(flags & DB_READONLY)) {
		if (sqlite3_db_readonly(c->h, "main") == 1) {
			error("the database %s is read-only: Kring needs to write to it and to its "
			      "folder",
			      path);
			sq_close(db);
			return KR_EDB;
		}
		/* Take and drop the write lock once, so an unwritable folder (for the WAL) or a
		 * broken file shows now, before anything listens. */
		if (conn_exec(c->h, "BEGIN IMMEDIATE; ROLLBACK;")) {
			error("cannot write to the database %s", path);
			sq_close(db);
			return KR_EDB;
		}
	}
	*out = db;
	return KR_OK;
}

static void
sq_close(struct db *db)
{
	if (!db)
		return;
	pthread_mutex_lock(&db->lock);
	struct db_conn *c = db->conns;
	db->conns = NULL;
	pthread_mutex_unlock(&db->lock);
	while (c) {
		struct db_conn *next = c->next;
		conn_free(c);
		c = next;
	}
	if (tls.db == db) {
		tls.db = NULL;
		tls.conn = NULL;
	}
	pthread_mutex_destroy(&db->lock);
	free(db->path);
	free(db);
}

static struct db_conn *
sq_conn(struct db *db)
{
	if (tls.db == db && tls.gen == db->gen && tls.conn)
		return tls.conn;
	struct db_conn *c = conn_open(db, false);
	if (!c)
		return NULL;
	tls.db = db;
	tls.gen = db->gen;
	tls.conn = c;
	return c;
}

static struct db_stmt *
sq_prepare(struct db_conn *c, const char *sql)
{
	for (size_t i = 0; i < c->nstmts; i++)
		if (c->stmts[i]->sql == sql)
			return c->stmts[i];
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		c->last_err = rc;
		error("database: cannot prepare [%s]: %s", sql, sqlite3_errmsg(c->h));
		return NULL;
	}
	if (c->nstmts == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 32;
		c->stmts = xrealloc(c->stmts, c->alloc * sizeof(struct db_stmt *));
	}
	struct db_stmt *s = xcalloc(1, sizeof(*s));
	s->head.ops = &db_sqlite_ops;
	s->sql = sql;
	s->st = st;
	s->conn = c;
	c->stmts[c->nstmts++] = s;
	return s;
}

static void
bind_check(struct db_stmt *st, int rc)
{
	if (rc != SQLITE_OK && st->err == SQLITE_OK)
		st->err = rc;
}

static void
sq_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	bind_check(st, sqlite3_bind_int64(st->st, idx, v));
}

static void
sq_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s)
		bind_check(st, sqlite3_bind_null(st->st, idx));
	else
		bind_check(st, sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT));
}

static void
sq_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	bind_check(st, sqlite3_bind_blob64(st->st, idx, p, n, SQLITE_TRANSIENT));
}

static void
sq_bind_null(struct db_stmt *st, int idx)
{
	bind_check(st, sqlite3_bind_null(st->st, idx));
}

static void
sq_bind_ids(struct db_stmt *st, int idx, const int64_t *ids, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addch(&sb, '[');
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)ids[i]);
	strbuf_addch(&sb, ']');
	sq_bind_text(st, idx, strbuf_ok(&sb) ? sb.buf : "[]");
	strbuf_release(&sb);
}

/* Ends the read snapshot, if one is open: before a write, and at the end of the request. */
static void
snapshot_end(struct db_conn *c)
{
	c->snapshot_wanted = false;
	if (!c->snapshot_open)
		return;
	c->snapshot_open = false;
	if (sqlite3_get_autocommit(c->h))
		return;
	struct db_stmt *commit = sq_prepare(c, "COMMIT");
	int rc = commit ? sqlite3_step(commit->st) : SQLITE_ERROR;
	if (commit)
		sqlite3_reset(commit->st);
	if (rc != SQLITE_DONE)
		(void)conn_exec(c->h, "ROLLBACK");
}

/* Before a statement's first step: a write ends the snapshot (it runs and commits on its own,
 * as without one); the first read opens it. */
static void
snapshot_before(struct db_stmt *st)
{
	struct db_conn *c = st->conn;
	if (sqlite3_stmt_busy(st->st))
		return;
	if (!sqlite3_stmt_readonly(st->st)) {
		snapshot_end(c);
		return;
	}
	if (c->snapshot_wanted && !c->snapshot_open && sqlite3_get_autocommit(c->h)) {
		c->snapshot_wanted = false;
		struct db_stmt *begin = sq_prepare(c, "BEGIN DEFERRED");
		if (begin && sqlite3_step(begin->st) == SQLITE_DONE)
			c->snapshot_open = true;
		if (begin)
			sqlite3_reset(begin->st);
	}
}

static void
sq_snapshot_begin(struct db_conn *c)
{
	snapshot_end(c); /* never one that an earlier request left open */
	if (sqlite3_get_autocommit(c->h))
		c->snapshot_wanted = true;
}

static void
sq_snapshot_end(struct db_conn *c)
{
	snapshot_end(c);
}

static bool
sq_row(struct db_stmt *st)
{
	if (st->err != SQLITE_OK)
		return false;
	if (st->conn->snapshot_wanted || st->conn->snapshot_open)
		snapshot_before(st);
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE) {
		st->err = rc;
		st->conn->last_err = sqlite3_extended_errcode(st->conn->h);
		if ((rc & 0xff) != SQLITE_CONSTRAINT)
			error("database: %s [%s]", sqlite3_errmsg(st->conn->h), st->sql);
	}
	return false;
}

static int64_t
sq_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

static const char *
sq_col_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st->st, col);
	return t ? (const char *)t : "";
}

static bool
sq_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static const void *
sq_col_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->st, col);
	*len = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

static int
sq_done(struct db_stmt *st)
{
	int err = st->err;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	st->err = SQLITE_OK;
	if (err != SQLITE_OK) {
		st->conn->last_err = err;
		return KR_EDB;
	}
	st->conn->last_err = SQLITE_OK;
	return KR_OK;
}

static int64_t
sq_last_id(struct db_conn *c)
{
	return sqlite3_last_insert_rowid(c->h);
}

static int
sq_changes(struct db_conn *c)
{
	return sqlite3_changes(c->h);
}

static bool
sq_last_was_conflict(struct db_conn *c)
{
	return c->last_err == SQLITE_CONSTRAINT_UNIQUE ||
	       c->last_err == SQLITE_CONSTRAINT_PRIMARYKEY;
}

static int
sq_set_durable(struct db_conn *c, bool durable)
{
	return sq_exec(c, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
}

static int
sq_begin(struct db_conn *c)
{
	snapshot_end(c);
	struct db_stmt *st = sq_prepare(c, "BEGIN IMMEDIATE");
	return st ? db_run(st) : KR_EDB;
}

static int
sq_commit(struct db_conn *c)
{
	struct db_stmt *st = sq_prepare(c, "COMMIT");
	if (!st || db_run(st)) {
		sq_rollback(c);
		return KR_EDB;
	}
	return KR_OK;
}

static void
sq_rollback(struct db_conn *c)
{
	if (c->snapshot_open) {
		snapshot_end(c);
		return;
	}
	if (!sqlite3_get_autocommit(c->h))
		(void)conn_exec(c->h, "ROLLBACK");
}

static bool
sq_in_transaction(struct db_conn *c)
{
	return !sqlite3_get_autocommit(c->h) && !c->snapshot_open;
}

static int
sq_exec(struct db_conn *c, const char *sql)
{
	snapshot_end(c);
	return conn_exec(c->h, sql);
}

static int
sq_backup(struct db *db, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0)
		return error("%s exists already: choose a new file for the backup", path), KR_EIO;
	struct db_conn *c = sq_conn(db);
	if (!c)
		return KR_EDB;
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		error("cannot create %s: %s", path, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return KR_EIO;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->h, "main");
	if (!b) {
		error("backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		unlink(path);
		return KR_EDB;
	}
	/* Copy in steps so a busy server's writers are never held up for long. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		error("backup failed: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(path);
		return KR_EDB;
	}
	/* The copy is a plain rollback-journal file: one file to carry away. */
	int err = conn_exec(dst, "PRAGMA journal_mode = DELETE;");
	sqlite3_close(dst);
	if (chmod(path, 0600) != 0)
		err = KR_EIO;
	return err;
}

static int
sq_check(struct db_conn *c)
{
	struct db_stmt *st = sq_prepare(c, "PRAGMA integrity_check");
	if (!st)
		return KR_EDB;
	bool ok = sq_row(st) && strcmp(sq_col_text(st, 0), "ok") == 0;
	if (sq_done(st) || !ok)
		return KR_EDB;
	return KR_OK;
}

/* Merges every full-text index (the FTS5 tables of 0026) into one segment: a deleted row's
 * words stay in the index's older segments until they merge, and merging frees those pages,
 * which secure_delete overwrites. */
static int
optimize_search_indexes(struct db_conn *c)
{
	struct db_stmt *st = sq_prepare(c, "SELECT name FROM sqlite_schema WHERE type = 'table'"
					   " AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'"
					   " ORDER BY name");
	if (!st)
		return KR_EDB;
	char names[8][64];
	size_t n = 0;
	while (sq_row(st) && n < 8) {
		const char *name = sq_col_text(st, 0);
		if (strlen(name) < sizeof(names[0]) &&
		    strspn(name, "abcdefghijklmnopqrstuvwxyz_") == strlen(name))
			memcpy(names[n++], name, strlen(name) + 1);
	}
	if (sq_done(st))
		return KR_EDB;
	for (size_t i = 0; i < n; i++) {
		char sql[200];
		snprintf(sql, sizeof(sql), "INSERT INTO %.63s(%.63s) VALUES ('optimize')", names[i],
			 names[i]);
		if (sq_exec(c, sql))
			return KR_EDB;
	}
	return KR_OK;
}

static int
sq_checkpoint(struct db_conn *c)
{
	if (!(c->db->flags & DB_READONLY) && optimize_search_indexes(c))
		return KR_EDB;
	int rc = sqlite3_wal_checkpoint_v2(c->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		return error("database: checkpoint failed: %s", sqlite3_errstr(rc)), KR_EDB;
	/* Busy: another connection is reading; the next checkpoint finishes the job. */
	return KR_OK;
}

static int
sq_has_table(struct db_conn *c, const char *name, bool *have)
{
	struct db_stmt *st =
	    sq_prepare(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
	if (!st)
		return KR_EDB;
	sq_bind_text(st, 1, name);
	*have = sq_row(st) && sq_col_int(st, 0) > 0;
	return sq_done(st);
}

/* The tables kept by triggers from others (migrations 0007, 0012): a copy takes them last. */
static bool
derived_table(const char *name)
{
	return strcmp(name, "group_size") == 0 || strcmp(name, "group_version") == 0;
}

static int
sq_tables(struct db_conn *c, struct arena *a, struct db_table **out, size_t *n)
{
	struct db_stmt *st =
	    sq_prepare(c, "SELECT name FROM sqlite_schema t WHERE type = 'table'"
			  " AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'"
			  " AND name <> 'search_pending'"
			  /* not a search index, nor one of its shadow tables: the target
			     backend keeps its own (0026_search.pg.sql) */
			  " AND NOT EXISTS (SELECT 1 FROM sqlite_schema v WHERE v.type = 'table'"
			  "  AND v.sql LIKE 'CREATE VIRTUAL TABLE%'"
			  "  AND (t.name = v.name OR t.name LIKE v.name || '\\_%' ESCAPE '\\'))"
			  " ORDER BY name");
	struct db_stmt *cols = sq_prepare(c, "SELECT name, upper(type) FROM pragma_table_info(?)"
					     " ORDER BY cid");
	struct db_stmt *refs = sq_prepare(c, "SELECT DISTINCT \"table\" FROM"
					     " pragma_foreign_key_list(?)");
	if (!st || !cols || !refs)
		return KR_EDB;
	struct arena_vec all;
	arena_vec_init(&all, a, sizeof(struct db_table), 32, 0);
	while (sq_row(st)) {
		struct db_table *t = ARENA_VEC_PUSH(&all, struct db_table);
		t->name = arena_strdup(a, sq_col_text(st, 0));
		t->derived = derived_table(t->name);
	}
	if (sq_done(st))
		return KR_EDB;
	struct db_table *v = all.items;
	size_t count = all.len;
	/* Each table's columns, and the tables it refers to (as indices into v). */
	size_t **deps = ARENA_ARRAY(a, size_t *, count ? count : 1);
	size_t *ndeps = ARENA_ARRAY(a, size_t, count ? count : 1);
	for (size_t i = 0; i < count; i++) {
		struct arena_vec cv;
		arena_vec_init(&cv, a, sizeof(struct db_column), 16, 0);
		sq_bind_text(cols, 1, v[i].name);
		while (sq_row(cols)) {
			struct db_column *col = ARENA_VEC_PUSH(&cv, struct db_column);
			col->name = arena_strdup(a, sq_col_text(cols, 0));
			const char *type = sq_col_text(cols, 1);
			col->kind = strstr(type, "INT")	   ? DB_INTEGER
				    : strstr(type, "BLOB") ? DB_BLOB
							   : DB_TEXT;
		}
		if (sq_done(cols))
			return KR_EDB;
		v[i].cols = cv.items;
		v[i].ncols = cv.len;
		deps[i] = ARENA_ARRAY(a, size_t, count ? count : 1);
		sq_bind_text(refs, 1, v[i].name);
		while (sq_row(refs))
			for (size_t j = 0; j < count; j++)
				if (j != i && strcmp(v[j].name, sq_col_text(refs, 0)) == 0)
					deps[i][ndeps[i]++] = j;
		if (sq_done(refs))
			return KR_EDB;
	}
	/* A table once every table it refers to is placed (no cycles in Kring's schema). */
	struct db_table *sorted = ARENA_ARRAY(a, struct db_table, count ? count : 1);
	bool *placed = ARENA_ARRAY(a, bool, count ? count : 1);
	size_t done = 0;
	while (done < count) {
		size_t before = done;
		for (size_t i = 0; i < count; i++) {
			bool ready = !placed[i];
			for (size_t d = 0; ready && d < ndeps[i]; d++)
				ready = placed[deps[i][d]];
			if (ready) {
				placed[i] = true;
				sorted[done++] = v[i];
			}
		}
		if (done == before)
			return error("database: the tables' foreign keys form a cycle"), KR_EDB;
	}
	*out = sorted;
	*n = count;
	return KR_OK;
}

static int
sq_ids_follow(struct db_conn *c, const char *table)
{
	(void)c;
	(void)table;
	return KR_OK; /* a rowid table's next id is always past its largest */
}

/* A file is never lost the way a server is: its failures are faults. */
static bool
sq_lost(struct db *db)
{
	(void)db;
	return false;
}

static uint64_t
sq_losses(struct db *db)
{
	(void)db;
	return 0;
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.conn = sq_conn,
	.lost = sq_lost,
	.losses = sq_losses,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.bind_ids = sq_bind_ids,
	.row = sq_row,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_is_null = sq_col_is_null,
	.col_blob = sq_col_blob,
	.done = sq_done,
	.last_id = sq_last_id,
	.changes = sq_changes,
	.last_was_conflict = sq_last_was_conflict,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.snapshot_begin = sq_snapshot_begin,
	.snapshot_end = sq_snapshot_end,
	.set_durable = sq_set_durable,
	.exec = sq_exec,
	.exec_migration = sq_exec,
	.has_table = sq_has_table,
	.backup = sq_backup,
	.tables = sq_tables,
	.ids_follow = sq_ids_follow,
	.search_merge = optimize_search_indexes,
	.checkpoint = sq_checkpoint,
	.check = sq_check,
};
