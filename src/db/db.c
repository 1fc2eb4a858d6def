// SPDX-License-Identifier: AGPL-3.0-or-later
/* db.c: db.h for every backend. It picks the backend from the target (a postgresql:// or
 * postgres:// URL, otherwise a SQLite file) and hands each call to it; what is the same for
 * every backend (migrations, db_run, db_end, the ping) is here. */
#include "db/backend.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <string.h>

#define OPS(p) (((const struct db_head *)(const void *)(p))->ops)

bool
db_target_is_postgres(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
			  strncmp(target, "postgres://", 11) == 0);
}

int
db_open(struct db **out, const char *target, unsigned flags)
{
	const struct db_ops *ops =
	    db_target_is_postgres(target) ? &db_postgres_ops : &db_sqlite_ops;
	return ops->open(out, target, flags);
}

void
db_close(struct db *db)
{
	if (db)
		OPS(db)->close(db);
}

const char *
db_backend(const struct db *db)
{
	return OPS(db)->name;
}

int
db_search_merge(struct db_conn *c)
{
	return OPS(c)->search_merge ? OPS(c)->search_merge(c) : KR_OK;
}

bool
db_is_postgres(struct db_conn *c)
{
	return c && OPS(c) == &db_postgres_ops;
}

struct db_conn *
db_conn(struct db *db)
{
	return OPS(db)->conn(db);
}

bool
db_lost(struct db *db)
{
	return db && OPS(db)->lost(db);
}

uint64_t
db_losses(struct db *db)
{
	return db ? OPS(db)->losses(db) : 0;
}

struct db_stmt *
db_prepare(struct db_conn *c, const char *sql)
{
	return OPS(c)->prepare(c, sql);
}

void
db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	OPS(st)->bind_int(st, idx, v);
}

void
db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	OPS(st)->bind_text(st, idx, s);
}

void
db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	OPS(st)->bind_blob(st, idx, p, n);
}

void
db_bind_null(struct db_stmt *st, int idx)
{
	OPS(st)->bind_null(st, idx);
}

void
db_bind_ids(struct db_stmt *st, int idx, const int64_t *ids, size_t n)
{
	OPS(st)->bind_ids(st, idx, ids, n);
}

bool
db_row(struct db_stmt *st)
{
	return OPS(st)->row(st);
}

int64_t
db_col_int(struct db_stmt *st, int col)
{
	return OPS(st)->col_int(st, col);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	return OPS(st)->col_text(st, col);
}

bool
db_col_is_null(struct db_stmt *st, int col)
{
	return OPS(st)->col_is_null(st, col);
}

const void *
db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	return OPS(st)->col_blob(st, col, len);
}

int
db_done(struct db_stmt *st)
{
	return OPS(st)->done(st);
}

int
db_run(struct db_stmt *st)
{
	while (db_row(st))
		;
	return db_done(st);
}

int64_t
db_last_id(struct db_conn *c)
{
	return OPS(c)->last_id(c);
}

int
db_changes(struct db_conn *c)
{
	return OPS(c)->changes(c);
}

bool
db_last_was_conflict(struct db_conn *c)
{
	return OPS(c)->last_was_conflict(c);
}

int
db_begin(struct db_conn *c)
{
	return OPS(c)->begin(c);
}

int
db_commit(struct db_conn *c)
{
	return OPS(c)->commit(c);
}

void
db_rollback(struct db_conn *c)
{
	OPS(c)->rollback(c);
}

int
db_end(struct db_conn *c, int err)
{
	if (err) {
		db_rollback(c);
		return err;
	}
	return db_commit(c);
}

bool
db_in_transaction(struct db_conn *c)
{
	return OPS(c)->in_transaction(c);
}

void
db_snapshot_begin(struct db_conn *c)
{
	OPS(c)->snapshot_begin(c);
}

void
db_snapshot_end(struct db_conn *c)
{
	OPS(c)->snapshot_end(c);
}

int
db_set_durable(struct db_conn *c, bool durable)
{
	return OPS(c)->set_durable(c, durable);
}

int
db_exec(struct db_conn *c, const char *sql)
{
	return OPS(c)->exec(c, sql);
}

int
db_backup(struct db *db, const char *path)
{
	return OPS(db)->backup(db, path);
}

int
db_tables(struct db_conn *c, struct arena *a, struct db_table **out, size_t *n)
{
	return OPS(c)->tables(c, a, out, n);
}

int
db_ids_follow(struct db_conn *c, const char *table)
{
	for (const char *p = table; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return error("database: not a table name: '%s'", table), KR_EINVAL;
	return OPS(c)->ids_follow(c, table);
}

int
db_checkpoint(struct db_conn *c)
{
	return OPS(c)->checkpoint(c);
}

int
db_check(struct db_conn *c)
{
	return OPS(c)->check(c);
}

int
db_ping(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM schema_migrations");
	if (!st)
		return KR_EDB;
	bool ok = db_row(st);
	if (db_done(st) || !ok)
		return KR_EDB;
	return KR_OK;
}

int
db_job_claim(struct db_conn *c, const char *job, int64_t slot, bool *mine)
{
	*mine = false;
	struct db_stmt *st = db_prepare(c, "INSERT INTO job_run (job, slot, claimed_at)"
					   " VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, job);
	db_bind_int(st, 2, slot);
	db_bind_int(st, 3, time_now());
	if (db_run(st))
		return KR_EDB;
	*mine = db_changes(c) == 1;
	st = db_prepare(c, "DELETE FROM job_run WHERE job = ? AND claimed_at < ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, job);
	db_bind_int(st, 2, time_now() - 7 * 86400);
	return db_run(st);
}

/* Migrations are NNNN_name.sql, in portable SQL for every backend. What only SQLite runs
 * (triggers, mostly) stands between the lines "-- begin sqlite only" and "-- end sqlite only";
 * PostgreSQL runs the file without those parts, then NNNN_name.pg.sql, which holds its own
 * forms of them. */
static bool
is_pg_file(const char *name)
{
	size_t n = strlen(name);
	return n > 7 && strcmp(name + n - 7, ".pg.sql") == 0;
}

/* The .pg.sql beside portable file m, or NULL. */
static const struct embedded_file *
pg_companion(const struct embedded_file *m)
{
	size_t stem = strlen(m->name) - 4; /* without ".sql" */
	for (size_t j = 0; j < migrations_count; j++) {
		const char *o = migrations_files[j].name;
		if (is_pg_file(o) && strlen(o) == stem + 7 && strncmp(o, m->name, stem) == 0)
			return &migrations_files[j];
	}
	return NULL;
}

/* sql without its sqlite-only parts (malloc'd). */
static char *
without_sqlite_only(const char *sql)
{
	static const char begin[] = "-- begin sqlite only", end[] = "-- end sqlite only";
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (const char *p = sql; *p;) {
		const char *b = strstr(p, begin);
		if (!b) {
			strbuf_addstr(&sb, p);
			break;
		}
		strbuf_add(&sb, p, (size_t)(b - p));
		const char *e = strstr(b, end);
		if (!e)
			break; /* unterminated: the rest is SQLite's */
		p = e + sizeof(end) - 1;
	}
	return strbuf_ok(&sb) ? strbuf_detach(&sb, NULL) : NULL;
}

/* Runs migration m (a portable file) on c's backend. */
static int
run_migration(struct db_conn *c, const struct embedded_file *m)
{
	if (OPS(c) != &db_postgres_ops)
		return OPS(c)->exec_migration(c, (const char *)m->data);
	char *portable = without_sqlite_only((const char *)m->data);
	int err = portable ? OPS(c)->exec_migration(c, portable) : KR_EDB;
	free(portable);
	const struct embedded_file *own = pg_companion(m);
	if (!err && own)
		err = OPS(c)->exec_migration(c, (const char *)own->data);
	return err;
}

int
db_schema_latest(void)
{
	long latest = 0;
	for (size_t i = 0; i < migrations_count; i++) {
		long v = strtol(migrations_files[i].name, NULL, 10);
		if (v > latest)
			latest = v;
	}
	return (int)latest;
}

int
db_schema_version(struct db_conn *c, int *version)
{
	bool have = false;
	*version = 0;
	if (OPS(c)->has_table(c, "schema_migrations", &have))
		return KR_EDB;
	if (!have)
		return KR_OK;
	struct db_stmt *st =
	    db_prepare(c, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if (!st)
		return KR_EDB;
	if (db_row(st))
		*version = (int)db_col_int(st, 0);
	return db_done(st);
}

int
db_migrate(struct db *db, int *applied)
{
	struct db_conn *c = db_conn(db);
	int version, count = 0;
	if (!c || db_schema_version(c, &version))
		return KR_EDB;
	if (version > db_schema_latest())
		return error("the database has schema version %d, newer than this kring (%d)",
			     version, db_schema_latest()),
		       KR_EDB;
	/* The embedded table is in file-name order, which is version order (NNNN_name.sql). */
	for (size_t i = 0; i < migrations_count; i++) {
		const struct embedded_file *m = &migrations_files[i];
		long v = strtol(m->name, NULL, 10);
		if (is_pg_file(m->name) || v <= version)
			continue;
		if (db_begin(c))
			return KR_EDB;
		if (run_migration(c, m)) {
			db_rollback(c);
			return error("migration %s failed", m->name), KR_EDB;
		}
		struct db_stmt *st = db_prepare(c, "INSERT INTO schema_migrations (version, name,"
						   " applied_at) VALUES (?, ?, ?)");
		if (!st) {
			db_rollback(c);
			return KR_EDB;
		}
		char at[32];
		time_utc_iso(at, sizeof(at));
		db_bind_int(st, 1, v);
		db_bind_text(st, 2, m->name);
		db_bind_text(st, 3, at);
		if (db_run(st) || db_commit(c)) {
			db_rollback(c);
			return error("migration %s could not be recorded", m->name), KR_EDB;
		}
		log_info("applied migration %s", m->name);
		count++;
	}
	if (applied)
		*applied = count;
	return KR_OK;
}
