// SPDX-License-Identifier: AGPL-3.0-or-later
/* tempdb.c: see tempdb.h. */
#include "tempdb.h"
#include "test.h"
#include <dirent.h>
#include "app/audit/audit.h"
#include "base/strbuf.h"
#include <ctype.h>
#include <sodium.h>

bool
tempdb_is_pg(void)
{
	const char *u = getenv("KRING_TEST_PG");
	return u && *u;
}

/* The server's URL with another database name: postgresql://HOST/NAME?PARAMS. */
static bool
pg_url(char *out, size_t size, const char *name)
{
	const char *u = getenv("KRING_TEST_PG");
	const char *q = strchr(u, '?');
	const char *end = q ? q : u + strlen(u);
	const char *slash = end;
	while (slash > u && slash[-1] != '/')
		slash--;
	if (slash <= u + 13)
		return false;
	int n = snprintf(out, size, "%.*s%s%s", (int)(slash - u), u, name, q ? q : "");
	return n > 0 && (size_t)n < size;
}

/* Runs one statement on the server's own database (CREATE and DROP DATABASE). */
static int
pg_admin(const char *sql)
{
	char url[256];
	struct db *db;
	if (!pg_url(url, sizeof(url), "postgres") || db_open(&db, url, 0))
		return KR_EDB;
	struct db_conn *c = db_conn(db);
	int err = c ? db_exec(c, sql) : KR_EDB;
	db_close(db);
	return err;
}

static unsigned pg_made;

bool
tempdb_open(struct tempdb *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/kring-unit-XXXXXX");
	if (!mkdtemp(t->dir) || sodium_init() < 0) {
		test_fail(__FILE__, __LINE__, "a temporary folder for the database");
		return false;
	}
	snprintf(t->path, sizeof(t->path), "%s/k.db", t->dir);
	if (tempdb_is_pg()) {
		char name[sizeof(t->pg_name)], sql[128];
		snprintf(name, sizeof(name), "kring_unit_%ld_%u", (long)getpid(), ++pg_made);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
		if (!pg_url(t->path, sizeof(t->path), name) || pg_admin(sql)) {
			rmdir(t->dir);
			test_fail(__FILE__, __LINE__, "a PostgreSQL database (KRING_TEST_PG)");
			return false;
		}
		memcpy(t->pg_name, name, sizeof(name));
	}
	if (db_open(&t->db, t->path, DB_CREATE) || db_migrate(t->db, NULL) ||
	    !(t->c = db_conn(t->db))) {
		if (t->db)
			db_close(t->db);
		rmdir(t->dir);
		test_fail(__FILE__, __LINE__, "a migrated temporary database");
		return false;
	}
	randombytes_buf(&t->k, sizeof(t->k));
	/* As keyring_open() does when a server starts: the audit log is keyed with t->k. */
	if (audit_key_load(t->c, &t->k)) {
		db_close(t->db);
		test_fail(__FILE__, __LINE__, "the audit log's key");
		return false;
	}
	arena_init(&t->a);
	return true;
}

void
tempdb_close(struct tempdb *t)
{
	arena_release(&t->a);
	db_close(t->db);
	if (t->pg_name[0]) {
		char sql[128];
		snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", t->pg_name);
		if (pg_admin(sql))
			test_fail(__FILE__, __LINE__, "dropping the PostgreSQL test database");
	}
	/* The folder holds only plain files: the database, its -wal and -shm, and whatever a
	 * test put beside them (a key file). */
	DIR *d = opendir(t->dir);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[sizeof(t->dir) + 256];
		snprintf(p, sizeof(p), "%s/%s", t->dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(t->dir);
}

char *
tempdb_sql(const char *sql)
{
	if (!tempdb_is_pg())
		return xstrdup(sql);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (const char *p = sql; *p;) {
		size_t n;
		if (strncmp(p, "DROP TRIGGER audit_log_no_", 26) == 0) {
			strbuf_addstr(&sb, "ALTER TABLE audit_log DISABLE TRIGGER USER");
			p += 26 + strspn(p + 26, "abcdefghijklmnopqrstuvwxyz_");
		} else if (strncmp(p, "zeroblob(", 9) == 0) {
			n = strcspn(p + 9, ")");
			strbuf_addf(&sb, "decode(repeat('00', %.*s), 'hex')", (int)n, p + 9);
			p += 9 + n + 1;
		} else if (strncmp(p, "CAST(X'", 7) == 0) {
			n = strcspn(p + 7, "'");
			strbuf_addstr(&sb, "'changed'");
			p += 7 + n + 1 + strlen(" AS TEXT)");
		} else if (strncmp(p, "X'", 2) == 0) {
			n = strcspn(p + 2, "'");
			strbuf_addf(&sb, "CAST('\\x%.*s' AS BYTEA)", (int)n, p + 2);
			p += 2 + n + 1;
		} else if (strncmp(p, " BLOB", 5) == 0) {
			strbuf_addstr(&sb, " BYTEA");
			p += 5;
		} else if (strncmp(p, "char(", 5) == 0 &&
			   (p == sql || !isalnum((unsigned char)p[-1]))) {
			strbuf_addstr(&sb, "chr(");
			p += 5;
		} else {
			strbuf_addch(&sb, *p++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* Appends every regular file in dir to sb. */
static void
add_files(struct strbuf *sb, const char *dir)
{
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char p[4096];
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		size_t n = 0;
		char *data = file_read_all(p, 256u << 20, &n);
		if (data)
			strbuf_add(sb, data, n);
		free(data);
	}
	if (d)
		closedir(d);
}

char *
tempdb_raw(struct tempdb *t, size_t *len)
{
	*len = 0;
	if (!t->pg_name[0]) {
		if (db_exec(t->c, "PRAGMA wal_checkpoint(TRUNCATE)"))
			return NULL;
		return file_read_all(t->path, 64u << 20, len);
	}
	struct db_stmt *st = db_prepare(t->c, "SELECT current_setting('data_directory'),"
					      " (SELECT oid FROM pg_database"
					      " WHERE datname = current_database())");
	char base[2048] = "", wal[2048] = "";
	if (st && db_row(st)) {
		snprintf(base, sizeof(base), "%s/base/%s", db_col_text(st, 0), db_col_text(st, 1));
		snprintf(wal, sizeof(wal), "%s/pg_wal", db_col_text(st, 0));
	}
	if (!st || db_done(st) || !base[0] || db_exec(t->c, "CHECKPOINT"))
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb, 1u << 30);
	add_files(&sb, base);
	add_files(&sb, wal);
	if (!strbuf_ok(&sb) || sb.len == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, len);
}

const char *
tempdb_tables_sql(void)
{
	return tempdb_is_pg() ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
			      : "SELECT name FROM sqlite_schema WHERE type = 'table'";
}
