// SPDX-License-Identifier: AGPL-3.0-or-later
/* postgres.c: the PostgreSQL backend of db.h, on libpq. One connection per thread with its
 * prepared statements, as for SQLite.
 *
 * What it translates from the portable SQL of db.h: '?' becomes $1, $2, ...;
 * "IN (SELECT value FROM json_each(?))" becomes "= ANY (CAST(? AS BIGINT[]))", and
 * db_bind_ids() binds an array. Migrations map INTEGER to BIGINT, INTEGER PRIMARY KEY to an
 * identity, BLOB to BYTEA and drop WITHOUT ROWID; a migration with triggers has its own
 * NNNN_name.pg.sql (db.c).
 *
 * SQLite has one writer at a time, and the stores rely on it: a transaction that reads and
 * then writes (a count before a join, the audit log's previous hash before an entry) sees no
 * other writer between the two. Here the same promise is kept by one transaction-level
 * advisory lock that db_begin() takes before anything else: write transactions of every
 * server on the database run one after another, and each one's reads see every transaction
 * committed before it (READ COMMITTED takes a fresh snapshot for each statement). A lock
 * waited for is never an error, so db_begin()'s promise holds. A statement on its own (no
 * db_begin()) does not take it, as a single SQLite statement needs no more than itself.
 *
 * A failing statement inside a PostgreSQL transaction aborts the whole transaction; in SQLite
 * only the statement fails, and the stores rely on that (a UNIQUE conflict answered with
 * KR_ECONFLICT, and the transaction goes on). So every write inside a transaction runs
 * between a SAVEPOINT and its RELEASE, and a failure rolls back to the savepoint alone; the
 * three are sent in one pipeline (libpq's pipeline mode), one round trip.
 *
 * Results are read in text format (whole, not row by row: the stores read bounded lists);
 * bytea columns are decoded from hex once per row and column. */
#include "db/backend.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <ctype.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <string.h>

/* The advisory lock of db_begin(): one number for every Kring database ("KRING" in ASCII). */
#define WRITE_LOCK "4B52494E47"
/* A statement that waits longer than this for a lock or for work is stopped, rather than
 * hold a request (and its worker thread) forever. The write lock waits as long as SQLite's
 * busy timeout would, and more: a long migration may hold it. */
#define STATEMENT_TIMEOUT_MS "30000"
#define LOCK_TIMEOUT_MS	     "30000"

struct blob_cache {
	int row; /* the row this decoding is of, -1 for none */
	unsigned char *p;
	size_t n, cap;
};

struct db_stmt {
	struct db_head head;
	const char *sql; /* the cache key: the caller's literal */
	struct db_conn *conn;
	char name[16];
	char *text;	/* as PostgreSQL runs it, to prepare it again on a new connection */
	unsigned epoch; /* the connection's epoch it was prepared in */
	int nparams;
	bool readonly;
	char **values; /* per parameter: NULL, or malloc'd text / bytes */
	int *lengths;
	int *formats;
	PGresult *res; /* after the first db_row() */
	bool ran;
	int row; /* the current row, -1 before the first */
	int err; /* KR_OK, or KR_EDB after a failure since the last db_done() */
	struct blob_cache *blobs;
	int nblobs;
};

struct db_conn {
	struct db_head head;
	struct db *db;
	PGconn *pg;
	struct db_stmt **stmts;
	size_t nstmts, alloc;
	unsigned named;
	unsigned epoch;	  /* one more each time the connection was made again */
	char sqlstate[6]; /* of the last failure, "" after a success */
	int changes;
	bool in_tx;	      /* db_begin() .. db_commit()/db_rollback() */
	bool snapshot_wanted; /* db_snapshot_begin(): the next read opens the snapshot */
	bool snapshot_open;   /* the transaction open now is that snapshot */
	struct db_conn *next;
};

struct db {
	struct db_head head;
	char *target;
	unsigned flags;
	uint64_t gen;
	pthread_mutex_t lock; /* guards conns */
	struct db_conn *conns;
};

static uint64_t pg_generation;
static __thread struct {
	struct db *db;
	uint64_t gen;
	struct db_conn *conn;
	bool lost;	  /* the last failure was losing the server (db_lost()) */
	uint64_t losses;  /* how many times it was lost (db_losses()) */
	int backoff_ms;	  /* the wait before the next try to connect, while lost */
	int64_t retry_at; /* time_mono_ms() of that try */
} tls;

#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS	 5000

/* After a failure: was it the connection that went? Then the thread is lost until a new
 * connection works (pg_conn()). It went when libpq says so, and also when libpq has not
 * marked it yet but the failure says so: an error of libpq's own, which has no SQLSTATE
 * ("server closed the connection unexpectedly" after a failed write), a connection exception
 * (class 08), or the server shutting down, crashing or starting up (57P01–57P03, as after
 * `pg_ctl stop -m immediate`). `failed`: whether a result failed (false: a connection found
 * not OK); sqlstate: the result's, or NULL. */
static void
note_lost(PGconn *pg, bool failed, const char *sqlstate)
{
	bool going = failed && (!sqlstate || strncmp(sqlstate, "08", 2) == 0 ||
				strncmp(sqlstate, "57P", 3) == 0);
	if ((PQstatus(pg) != CONNECTION_BAD && !going) || tls.lost)
		return;
	log_warn("database: the connection to PostgreSQL was lost; trying again");
	tls.lost = true;
	tls.losses++;
	tls.backoff_ms = BACKOFF_FIRST_MS;
	tls.retry_at = time_mono_ms(); /* the first try at once */
}

/* The message of a failed result, on one line. */
static const char *
result_message(const PGresult *res, const PGconn *pg)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	return m ? m : PQerrorMessage(pg);
}

/* Runs SQL without parameters (simple protocol: several statements at once are fine). */
static int
conn_exec(struct db_conn *c, const char *sql)
{
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	int err = KR_OK;
	/* Only comments (a migration that is all SQLite's, its own part in the .pg.sql): nothing
	 * to do. */
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		snprintf(c->sqlstate, sizeof(c->sqlstate), "%s", state ? state : "XX000");
		note_lost(c->pg, true, state);
		if (!tls.lost)
			error("database: %s", result_message(res, c->pg));
		err = KR_EDB;
	} else {
		c->sqlstate[0] = '\0';
	}
	PQclear(res);
	return err;
}

/* libpq's notices (a NOTICE from a migration, say) go to Kring's log, not to stderr. */
static void
notice_to_log(void *arg, const char *message)
{
	(void)arg;
	size_t n = strlen(message);
	while (n && message[n - 1] == '\n')
		n--;
	log_info("database: %.*s", (int)n, message);
}

/* The session's settings, on a new connection and on one made again: UTC and ISO dates
 * whatever the server's defaults; a client that waits too long is stopped; a session never
 * left idle inside a transaction for good. */
static int
conn_setup(struct db_conn *c)
{
	PQsetNoticeProcessor(c->pg, notice_to_log, NULL);
	if (conn_exec(c, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
			 " SET DateStyle = 'ISO'; SET statement_timeout = " STATEMENT_TIMEOUT_MS ";"
			 " SET lock_timeout = " LOCK_TIMEOUT_MS ";"
			 " SET idle_in_transaction_session_timeout = 60000;"
			 " SET standard_conforming_strings = on;"))
		return KR_EDB;
	if ((c->db->flags & DB_READONLY) && conn_exec(c, "SET default_transaction_read_only = on"))
		return KR_EDB;
	return KR_OK;
}

static struct db_conn *
conn_open(struct db *db)
{
	/* A server that does not answer is given up on after 5 s (the URL may say otherwise),
	 * so a request never waits for it for long. */
	const char *const keys[] = { "connect_timeout", "dbname", NULL };
	const char *const values[] = { "5", db->target, NULL };
	PGconn *pg = PQconnectdbParams(keys, values, 1);
	if (PQstatus(pg) != CONNECTION_OK) {
		/* libpq's message names host and database, never the password. */
		const char *m = PQerrorMessage(pg);
		size_t n = strlen(m);
		while (n && m[n - 1] == '\n')
			n--;
		error("cannot connect to the PostgreSQL database: %.*s", (int)n, m);
		PQfinish(pg);
		return NULL;
	}
	struct db_conn *c = xcalloc(1, sizeof(*c));
	c->head.ops = &db_postgres_ops;
	c->db = db;
	c->pg = pg;
	if (conn_setup(c)) {
		PQfinish(pg);
		free(c);
		return NULL;
	}
	pthread_mutex_lock(&db->lock);
	c->next = db->conns;
	db->conns = c;
	pthread_mutex_unlock(&db->lock);
	return c;
}

static void
stmt_clear(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->ran = false;
	st->row = -1;
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
		st->lengths[i] = 0;
		st->formats[i] = 0;
	}
	for (int i = 0; i < st->nblobs; i++)
		st->blobs[i].row = -1;
}

static void
stmt_free(struct db_stmt *st)
{
	stmt_clear(st);
	for (int i = 0; i < st->nblobs; i++)
		free(st->blobs[i].p);
	free(st->blobs);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->text);
	free(st);
}

static void
conn_free(struct db_conn *c)
{
	for (size_t i = 0; i < c->nstmts; i++)
		stmt_free(c->stmts[i]);
	free(c->stmts);
	PQfinish(c->pg);
	free(c);
}

static void pg_close(struct db *db);

static int
pg_open(struct db **out, const char *target, unsigned flags)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->head.ops = &db_postgres_ops;
	db->target = xstrdup(target);
	db->flags = flags;
	db->gen = __atomic_add_fetch(&pg_generation, 1, __ATOMIC_RELAXED);
	pthread_mutex_init(&db->lock, NULL);
	struct db_conn *c = conn_open(db);
	if (!c) {
		pg_close(db);
		return KR_EDB;
	}
	tls.db = db;
	tls.gen = db->gen;
	tls.conn = c;
	/* Take and drop the write lock once, so a user without the right to it, or a read-only
	 * standby, shows now, before anything listens. */
	if (!(flags & DB_READONLY) &&
	    conn_exec(c, "BEGIN; SELECT pg_advisory_xact_lock(x'" WRITE_LOCK "'::bigint);"
			 " CREATE TEMPORARY TABLE kring_write_check (x INTEGER); ROLLBACK;")) {
		error("cannot write to the PostgreSQL database");
		pg_close(db);
		return KR_EDB;
	}
	*out = db;
	return KR_OK;
}

static void
pg_close(struct db *db)
{
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
	free(db->target);
	free(db);
}

/* Makes this thread's lost connection again, when its back-off has passed: false while the
 * server is still away. Statements are prepared again as they are used (their epoch). */
static bool
revive(struct db_conn *c)
{
	int64_t now = time_mono_ms();
	if (now < tls.retry_at)
		return false;
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK || conn_setup(c)) {
		tls.retry_at = now + tls.backoff_ms;
		tls.backoff_ms =
		    tls.backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : tls.backoff_ms * 2;
		return false;
	}
	c->epoch++;
	c->in_tx = c->snapshot_wanted = c->snapshot_open = false;
	tls.lost = false;
	log_info("database: connected to PostgreSQL again");
	return true;
}

static struct db_conn *
pg_conn(struct db *db)
{
	if (tls.db == db && tls.gen == db->gen && tls.conn) {
		struct db_conn *c = tls.conn;
		if (!tls.lost && PQstatus(c->pg) == CONNECTION_OK)
			return c;
		note_lost(c->pg, false, NULL);
		if (!tls.lost)
			return c;
		return revive(c) ? c : NULL;
	}
	struct db_conn *c = conn_open(db);
	tls.db = db;
	tls.gen = db->gen;
	tls.conn = c;
	tls.lost = !c; /* the server is away: this thread tries again at its next use */
	tls.losses += !c;
	return c;
}

static bool
pg_lost(struct db *db)
{
	return tls.db == db && tls.lost;
}

static uint64_t
pg_losses(struct db *db)
{
	(void)db; /* one count per thread, whichever database: only a change in it matters */
	return tls.losses;
}

static bool
word_at(const char *p, const char *word)
{
	size_t n = strlen(word);
	return strncasecmp(p, word, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* The portable SQL of db.h in PostgreSQL's words: '?' numbered, the id list as an array.
 * Quoted text and names are copied as they are. */
static char *
translate(const char *sql, int *nparams)
{
	static const char ids_in[] = "IN (SELECT value FROM json_each(?))";
	struct strbuf sb;
	strbuf_init(&sb, 0);
	int n = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			const char *q = strchr(p + 1, *p);
			size_t len = q ? (size_t)(q - p) + 1 : strlen(p);
			strbuf_add(&sb, p, len);
			p += len - 1;
		} else if (*p == '?') {
			strbuf_addf(&sb, "$%d", ++n);
		} else if (strncasecmp(p, ids_in, sizeof(ids_in) - 1) == 0) {
			strbuf_addf(&sb, "= ANY (CAST($%d AS BIGINT[]))", ++n);
			p += sizeof(ids_in) - 2;
		} else {
			strbuf_addch(&sb, *p);
		}
	}
	*nparams = n;
	return strbuf_ok(&sb) ? strbuf_detach(&sb, NULL) : NULL;
}

/* A read: it starts with SELECT and takes no row locks. */
static bool
is_read(const char *sql)
{
	while (isspace((unsigned char)*sql) || *sql == '(')
		sql++;
	return word_at(sql, "SELECT") && !strcasestr(sql, " FOR UPDATE") &&
	       !strcasestr(sql, " FOR SHARE");
}

static void
fail(struct db_conn *c, PGresult *res, const char *sql)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	snprintf(c->sqlstate, sizeof(c->sqlstate), "%s", state ? state : "XX000");
	note_lost(c->pg, true, state);
	/* A conflict is an answer the caller handles (KR_ECONFLICT), not a fault; a lost
	 * connection is said once (note_lost()). */
	if (strcmp(c->sqlstate, "23505") != 0 && !tls.lost)
		error("database: %s [%s]", result_message(res, c->pg), sql);
}

static struct db_stmt *
pg_prepare(struct db_conn *c, const char *sql)
{
	for (size_t i = 0; i < c->nstmts; i++)
		if (c->stmts[i]->sql == sql)
			return c->stmts[i];
	int nparams = 0;
	char *text = translate(sql, &nparams);
	if (!text)
		return NULL;
	struct db_stmt *s = xcalloc(1, sizeof(*s));
	s->head.ops = &db_postgres_ops;
	s->sql = sql;
	s->conn = c;
	s->row = -1;
	s->nparams = nparams;
	s->readonly = is_read(sql);
	snprintf(s->name, sizeof(s->name), "k%u", ++c->named);
	s->text = text;
	s->epoch = c->epoch;
	PGresult *res = PQprepare(c->pg, s->name, text, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail(c, res, sql);
		PQclear(res);
		free(text);
		free(s);
		/* A failed prepare inside a transaction aborts it, as any failure does: the caller
		 * gets NULL and rolls back. */
		return NULL;
	}
	PQclear(res);
	if (nparams) {
		s->values = xcalloc((size_t)nparams, sizeof(char *));
		s->lengths = xcalloc((size_t)nparams, sizeof(int));
		s->formats = xcalloc((size_t)nparams, sizeof(int));
	}
	if (c->nstmts == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 32;
		c->stmts = xrealloc(c->stmts, c->alloc * sizeof(struct db_stmt *));
	}
	c->stmts[c->nstmts++] = s;
	return s;
}

/* Parameter idx (1-based) as value (NULL: SQL NULL), len bytes, in format (0 text, 1 bytes). */
static void
bind(struct db_stmt *st, int idx, char *value, int len, int format)
{
	if (idx < 1 || idx > st->nparams) {
		free(value);
		error("database: no parameter %d in [%s]", idx, st->sql);
		st->err = KR_EDB;
		return;
	}
	free(st->values[idx - 1]);
	st->values[idx - 1] = value;
	st->lengths[idx - 1] = len;
	st->formats[idx - 1] = format;
}

static void
pg_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);
	bind(st, idx, xstrdup(buf), n, 0);
}

static void
pg_bind_text(struct db_stmt *st, int idx, const char *s)
{
	bind(st, idx, s ? xstrdup(s) : NULL, 0, 0);
}

static void
pg_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	if (n > INT32_MAX) {
		st->err = KR_EDB;
		return;
	}
	char *v = xmalloc(n ? n : 1);
	if (n)
		memcpy(v, p, n);
	bind(st, idx, v, (int)n, 1);
}

static void
pg_bind_null(struct db_stmt *st, int idx)
{
	bind(st, idx, NULL, 0, 0);
}

static void
pg_bind_ids(struct db_stmt *st, int idx, const int64_t *ids, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addch(&sb, '{');
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)ids[i]);
	strbuf_addch(&sb, '}');
	if (!strbuf_ok(&sb)) {
		strbuf_release(&sb);
		st->err = KR_EDB;
		return;
	}
	bind(st, idx, strbuf_detach(&sb, NULL), 0, 0);
}

/* Ends the read snapshot, if one is open: before a write, and at the end of the request. */
static void
snapshot_end(struct db_conn *c)
{
	c->snapshot_wanted = false;
	if (!c->snapshot_open)
		return;
	c->snapshot_open = false;
	if (conn_exec(c, "COMMIT"))
		(void)conn_exec(c, "ROLLBACK");
}

/* Before a statement runs: a write ends the snapshot (it runs and commits on its own, as
 * without one); the first read opens it. */
static void
snapshot_before(struct db_stmt *st)
{
	struct db_conn *c = st->conn;
	if (!st->readonly) {
		snapshot_end(c);
		return;
	}
	if (c->snapshot_wanted && !c->snapshot_open && !c->in_tx) {
		c->snapshot_wanted = false;
		if (!conn_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))
			c->snapshot_open = true;
	}
}

static void
pg_snapshot_begin(struct db_conn *c)
{
	snapshot_end(c); /* never one that an earlier request left open */
	if (!c->in_tx)
		c->snapshot_wanted = true;
}

static void
pg_snapshot_end(struct db_conn *c)
{
	snapshot_end(c);
}

/* The results of one command sent in a pipeline, up to its end (the NULL after it): the
 * first kept (the caller clears it), any other cleared. NULL when there was none. */
static PGresult *
pipeline_result(PGconn *pg)
{
	PGresult *first = PQgetResult(pg), *more;
	if (!first)
		return NULL;
	/* One command gives one result; a few more at most if the connection broke. */
	for (int i = 0; i < 8 && (more = PQgetResult(pg)); i++)
		PQclear(more);
	return first;
}

static bool
command_ok(const PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* A write inside a transaction, between a SAVEPOINT and its RELEASE, so that its failure fails
 * only itself (see the top of this file). The three go to the server in one pipeline, one
 * round trip instead of three (a bulk load such as the large demo is mostly round trips);
 * after a failure the server skipped the RELEASE, and the savepoint is rolled back to. */
static void
guarded_execute(struct db_stmt *st)
{
	struct db_conn *c = st->conn;
	PGconn *pg = c->pg;
	if (!PQenterPipelineMode(pg)) {
		fail(c, NULL, st->sql);
		st->err = KR_EDB;
		return;
	}
	bool sent =
	    PQsendQueryParams(pg, "SAVEPOINT kring_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQsendQueryPrepared(pg, st->name, st->nparams, (const char *const *)st->values,
				st->lengths, st->formats, 0) &&
	    PQsendQueryParams(pg, "RELEASE SAVEPOINT kring_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQpipelineSync(pg);
	PGresult *save = sent ? pipeline_result(pg) : NULL;
	st->res = sent ? pipeline_result(pg) : NULL;
	PGresult *release = sent ? pipeline_result(pg) : NULL;
	/* Then the sync's own result, and the connection is out of pipeline mode again. */
	PGresult *sync = sent ? PQgetResult(pg) : NULL;
	bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
	PQclear(sync);
	/* Fails only with results still due, which a lost connection no longer has: then the
	 * connection is made again (revive()), which ends pipeline mode too. */
	(void)PQexitPipelineMode(pg);
	st->ran = true;
	bool save_ok = save && command_ok(save);
	bool stmt_ok = st->res && command_ok(st->res);
	bool release_ok = release && command_ok(release);
	if (save_ok && stmt_ok && release_ok && synced) {
		PQclear(save);
		PQclear(release);
		c->sqlstate[0] = '\0';
		c->changes = (int)strtol(PQcmdTuples(st->res), NULL, 10);
		return;
	}
	/* The first result that failed says why. */
	fail(c, !save_ok ? save : !stmt_ok ? st->res : release, st->sql);
	PQclear(save);
	PQclear(release);
	char state[6];
	memcpy(state, c->sqlstate, sizeof(state));
	st->err = KR_EDB;
	if (save_ok && !tls.lost)
		(void)conn_exec(c,
				"ROLLBACK TO SAVEPOINT kring_stmt; RELEASE SAVEPOINT kring_stmt");
	memcpy(c->sqlstate, state, sizeof(state));
}

/* Runs the statement with its parameters; a write inside a transaction runs under a
 * savepoint, so that its failure fails only itself (guarded_execute()). */
static void
stmt_execute(struct db_stmt *st)
{
	struct db_conn *c = st->conn;
	if (c->snapshot_wanted || c->snapshot_open)
		snapshot_before(st);
	if (st->epoch != c->epoch) { /* prepared on a connection that was lost */
		PGresult *res = PQprepare(c->pg, st->name, st->text, 0, NULL);
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			fail(c, res, st->sql);
		PQclear(res);
		if (!ok) {
			st->err = KR_EDB;
			return;
		}
		st->epoch = c->epoch;
	}
	bool guarded = c->in_tx && !st->readonly;
	if (guarded) {
		guarded_execute(st);
		return;
	}
	st->ran = true;
	st->res = PQexecPrepared(c->pg, st->name, st->nparams, (const char *const *)st->values,
				 st->lengths, st->formats, 0);
	ExecStatusType s = PQresultStatus(st->res);
	if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
		c->sqlstate[0] = '\0';
		c->changes = (int)strtol(PQcmdTuples(st->res), NULL, 10);
		return;
	}
	fail(c, st->res, st->sql);
	st->err = KR_EDB;
}

static bool
pg_row(struct db_stmt *st)
{
	if (st->err)
		return false;
	if (!st->ran) {
		stmt_execute(st);
		if (st->err)
			return false;
	}
	if (PQresultStatus(st->res) != PGRES_TUPLES_OK)
		return false;
	if (st->row + 1 >= PQntuples(st->res))
		return false;
	st->row++;
	return true;
}

static bool
have_col(struct db_stmt *st, int col)
{
	return st->res && st->row >= 0 && st->row < PQntuples(st->res) && col >= 0 &&
	       col < PQnfields(st->res);
}

static int64_t
pg_col_int(struct db_stmt *st, int col)
{
	if (!have_col(st, col) || PQgetisnull(st->res, st->row, col))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (v[0] == 't' && v[1] == '\0')
		return 1; /* a truth value, as SQLite gives it */
	if (v[0] == 'f' && v[1] == '\0')
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *
pg_col_text(struct db_stmt *st, int col)
{
	if (!have_col(st, col))
		return "";
	return PQgetvalue(st->res, st->row, col); /* "" for NULL */
}

static bool
pg_col_is_null(struct db_stmt *st, int col)
{
	return !have_col(st, col) || PQgetisnull(st->res, st->row, col);
}

static int
hex_value(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* A bytea column in text format is "\x" and hex (bytea_output = hex, the default since 9.0). */
static const void *
pg_col_blob(struct db_stmt *st, int col, size_t *len)
{
	*len = 0;
	if (!have_col(st, col) || PQgetisnull(st->res, st->row, col))
		return NULL;
	if (!st->blobs) {
		st->nblobs = PQnfields(st->res);
		st->blobs = xcalloc((size_t)st->nblobs, sizeof(*st->blobs));
		for (int i = 0; i < st->nblobs; i++)
			st->blobs[i].row = -1;
	}
	if (col >= st->nblobs)
		return NULL;
	struct blob_cache *b = &st->blobs[col];
	if (b->row != st->row) {
		const char *v = PQgetvalue(st->res, st->row, col);
		size_t n = (size_t)PQgetlength(st->res, st->row, col);
		b->n = 0;
		if (n >= 2 && v[0] == '\\' && v[1] == 'x') {
			size_t need = (n - 2) / 2;
			if (need + 1 > b->cap) {
				b->cap = need + 1;
				b->p = xrealloc(b->p, b->cap);
			}
			for (size_t i = 2; i + 1 < n; i += 2) {
				int hi = hex_value(v[i]), lo = hex_value(v[i + 1]);
				if (hi < 0 || lo < 0)
					break;
				b->p[b->n++] = (unsigned char)(hi << 4 | lo);
			}
		} else {
			/* Not bytea (text in a blob's place): its bytes as they are. */
			if (n + 1 > b->cap) {
				b->cap = n + 1;
				b->p = xrealloc(b->p, b->cap);
			}
			memcpy(b->p, v, n);
			b->n = n;
		}
		b->row = st->row;
	}
	*len = b->n;
	return b->p;
}

static int
pg_done(struct db_stmt *st)
{
	int err = st->err;
	stmt_clear(st);
	st->err = KR_OK;
	if (err) {
		if (!st->conn->sqlstate[0])
			memcpy(st->conn->sqlstate, "XX000", 6);
		return KR_EDB;
	}
	st->conn->sqlstate[0] = '\0';
	return KR_OK;
}

/* The id that the last INSERT on this connection drew from an identity (lastval()). */
static int64_t
pg_last_id(struct db_conn *c)
{
	char state[6];
	memcpy(state, c->sqlstate, sizeof(state));
	PGresult *res = PQexecParams(c->pg, "SELECT lastval()", 0, NULL, NULL, NULL, NULL, 0);
	int64_t id = 0;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	memcpy(c->sqlstate, state, sizeof(state));
	return id;
}

static int
pg_changes(struct db_conn *c)
{
	return c->changes;
}

static bool
pg_last_was_conflict(struct db_conn *c)
{
	return strcmp(c->sqlstate, "23505") == 0; /* unique_violation */
}

static int
pg_set_durable(struct db_conn *c, bool durable)
{
	snapshot_end(c);
	return conn_exec(c,
			 durable ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
}

static int
pg_begin(struct db_conn *c)
{
	snapshot_end(c);
	if (c->in_tx)
		return error("database: a transaction is open already"), KR_EDB;
	if (conn_exec(c, "BEGIN; SELECT pg_advisory_xact_lock(x'" WRITE_LOCK "'::bigint)")) {
		(void)conn_exec(c, "ROLLBACK");
		return KR_EDB;
	}
	c->in_tx = true;
	return KR_OK;
}

static void
pg_rollback(struct db_conn *c)
{
	if (c->snapshot_open) {
		snapshot_end(c);
		return;
	}
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		(void)conn_exec(c, "ROLLBACK");
	c->in_tx = false;
}

static int
pg_commit(struct db_conn *c)
{
	/* COMMIT of a transaction that failed is a ROLLBACK: never take that for success. */
	bool failed = PQtransactionStatus(c->pg) == PQTRANS_INERROR;
	if (failed || conn_exec(c, "COMMIT")) {
		pg_rollback(c);
		return KR_EDB;
	}
	c->in_tx = false;
	return KR_OK;
}

static bool
pg_in_transaction(struct db_conn *c)
{
	return c->in_tx;
}

/* Inside a transaction under a savepoint, as a statement's write is (stmt_execute()). */
static int
pg_exec(struct db_conn *c, const char *sql)
{
	snapshot_end(c);
	if (!c->in_tx)
		return conn_exec(c, sql);
	if (conn_exec(c, "SAVEPOINT kring_stmt"))
		return KR_EDB;
	if (!conn_exec(c, sql))
		return conn_exec(c, "RELEASE SAVEPOINT kring_stmt");
	char state[6];
	memcpy(state, c->sqlstate, sizeof(state));
	(void)conn_exec(c, "ROLLBACK TO SAVEPOINT kring_stmt; RELEASE SAVEPOINT kring_stmt");
	memcpy(c->sqlstate, state, sizeof(state));
	return KR_EDB;
}

/* A migration's portable SQL in PostgreSQL's types (see the top of this file). */
static char *
map_types(const char *sql)
{
	static const struct {
		const char *from, *to;
	} map[] = {
		{ "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
		{ "INTEGER", "BIGINT" },
		{ "BLOB", "BYTEA" },
		{ "WITHOUT ROWID", "" },
	};
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (const char *p = sql; *p;) {
		if (*p == '\'') { /* a literal, as it is */
			const char *q = strchr(p + 1, '\'');
			size_t len = q ? (size_t)(q - p) + 1 : strlen(p);
			strbuf_add(&sb, p, len);
			p += len;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') { /* a comment, to the end of the line */
			const char *q = strchr(p, '\n');
			size_t len = q ? (size_t)(q - p) : strlen(p);
			strbuf_add(&sb, p, len);
			p += len;
			continue;
		}
		bool done = false;
		bool boundary = p == sql || (!isalnum((unsigned char)p[-1]) && p[-1] != '_');
		for (size_t i = 0; boundary && !done && i < ARRAY_SIZE(map); i++)
			if (word_at(p, map[i].from)) {
				strbuf_addstr(&sb, map[i].to);
				p += strlen(map[i].from);
				done = true;
			}
		if (!done)
			strbuf_addch(&sb, *p++);
	}
	return strbuf_ok(&sb) ? strbuf_detach(&sb, NULL) : NULL;
}

static int
pg_exec_migration(struct db_conn *c, const char *sql)
{
	char *mapped = map_types(sql);
	if (!mapped)
		return KR_EDB;
	int err = pg_exec(c, mapped);
	free(mapped);
	return err;
}

static int
pg_has_table(struct db_conn *c, const char *name, bool *have)
{
	struct db_stmt *st = pg_prepare(c, "SELECT to_regclass(?) IS NOT NULL");
	if (!st)
		return KR_EDB;
	pg_bind_text(st, 1, name);
	*have = pg_row(st) && pg_col_int(st, 0) == 1;
	return pg_done(st);
}

static int
pg_backup(struct db *db, const char *path)
{
	(void)db;
	(void)path;
	error("this installation runs on PostgreSQL: back it up with pg_dump (for example"
	      " `pg_dump --format=custom --file=kring.dump DBNAME`) or with the DBA's own backups,"
	      " and keep the key file apart from them (docs/OPERATIONS.md)");
	return KR_EINVAL;
}

/* After an erasure: the erased rows' space is reclaimed, so that new rows overwrite it.
 * VACUUM cannot run inside a transaction; an open one (which should not be) is left alone. */
static int
pg_checkpoint(struct db_conn *c)
{
	if (c->in_tx)
		return KR_OK;
	snapshot_end(c);
	return conn_exec(c, "VACUUM");
}

static int
pg_check(struct db_conn *c)
{
	snapshot_end(c);
	PGresult *res =
	    PQexec(c->pg, "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'");
	bool amcheck = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		       strcmp(PQgetvalue(res, 0, 0), "1") == 0;
	bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	PQclear(res);
	if (!ok)
		return KR_EDB;
	if (!amcheck) {
		log_info("database: PostgreSQL answers; for a check of its indexes, install the"
			 " amcheck extension (CREATE EXTENSION amcheck)");
		return KR_OK;
	}
	return conn_exec(c, "SELECT bt_index_check(i.indexrelid) FROM pg_index i"
			    " JOIN pg_class r ON r.oid = i.indexrelid"
			    " JOIN pg_am am ON am.oid = r.relam"
			    " WHERE am.amname = 'btree'"
			    " AND r.relnamespace = current_schema()::regnamespace");
}

static int
pg_tables(struct db_conn *c, struct arena *a, struct db_table **out, size_t *n)
{
	(void)c;
	(void)a;
	*out = NULL;
	*n = 0;
	error("kring copy reads from SQLite: a PostgreSQL database is copied with pg_dump");
	return KR_EINVAL;
}

/* The identity's sequence goes on after the largest id (setval of NULL, for a table without
 * rows, does nothing). */
static int
pg_ids_follow(struct db_conn *c, const char *table)
{
	struct db_stmt *st =
	    pg_prepare(c, "SELECT count(*) FROM information_schema.columns"
			  " WHERE table_schema = current_schema() AND table_name = ?"
			  " AND column_name = 'id' AND is_identity = 'YES'");
	if (!st)
		return KR_EDB;
	pg_bind_text(st, 1, table);
	bool identity = pg_row(st) && pg_col_int(st, 0) == 1;
	if (pg_done(st))
		return KR_EDB;
	if (!identity)
		return KR_OK;
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))",
		 table, table);
	return pg_exec(c, sql);
}

const struct db_ops db_postgres_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.conn = pg_conn,
	.lost = pg_lost,
	.losses = pg_losses,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.bind_ids = pg_bind_ids,
	.row = pg_row,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_is_null = pg_col_is_null,
	.col_blob = pg_col_blob,
	.done = pg_done,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.last_was_conflict = pg_last_was_conflict,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.snapshot_begin = pg_snapshot_begin,
	.snapshot_end = pg_snapshot_end,
	.set_durable = pg_set_durable,
	.exec = pg_exec,
	.exec_migration = pg_exec_migration,
	.has_table = pg_has_table,
	.backup = pg_backup,
	.tables = pg_tables,
	.ids_follow = pg_ids_follow,
	.checkpoint = pg_checkpoint,
	.check = pg_check,
};
