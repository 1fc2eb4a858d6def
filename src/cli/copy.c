// SPDX-License-Identifier: AGPL-3.0-or-later
/* copy.c: `kring copy --from sqlite:PATH --to postgresql://…`: moves an installation from the
 * embedded database to PostgreSQL in one go. The target must be empty: it gets the same
 * migrations, then every row of every table in one transaction (the tables in the order their
 * foreign keys allow, ids kept; the tables that triggers keep last, as the source has them),
 * and is checked before the commit (row counts, table by table) and after it (the audit
 * chain, with the key file). */
#include "app/audit/audit.h"
#include "app/keyring/keyring.h"
#include "base/arena.h"
#include "base/keys.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "cli/cli.h"
#include "db/db.h"
#include <sodium.h>

static int64_t
count_rows(struct db_conn *c, struct arena *a, const char *table)
{
	struct db_stmt *st = db_prepare(c, arena_printf(a, "SELECT count(*) FROM %s", table));
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (!st || db_done(st))
		return -1;
	return n;
}

/* "SELECT a, b FROM t ORDER BY 1" and "INSERT INTO t (a, b) VALUES (?, ?)". */
static void
table_sql(struct arena *a, const struct db_table *t, const char **select, const char **insert)
{
	struct strbuf cols, marks;
	strbuf_init(&cols, 0);
	strbuf_init(&marks, 0);
	for (size_t i = 0; i < t->ncols; i++) {
		strbuf_addf(&cols, "%s%s", i ? ", " : "", t->cols[i].name);
		strbuf_addstr(&marks, i ? ", ?" : "?");
	}
	*select = arena_printf(a, "SELECT %s FROM %s ORDER BY 1", cols.buf, t->name);
	*insert = arena_printf(a, "INSERT INTO %s (%s) VALUES (%s)", t->name, cols.buf, marks.buf);
	strbuf_release(&cols);
	strbuf_release(&marks);
}

static int
copy_table(struct db_conn *from, struct db_conn *to, struct arena *a, const struct db_table *t,
	   struct cli_progress *p, long *done, long total)
{
	const char *select, *insert;
	table_sql(a, t, &select, &insert);
	struct db_stmt *src = db_prepare(from, select), *dst = db_prepare(to, insert);
	if (!src || !dst)
		return KR_EDB;
	int err = KR_OK;
	while (!err && db_row(src)) {
		for (size_t i = 0; i < t->ncols; i++) {
			int col = (int)i, idx = (int)i + 1;
			if (db_col_is_null(src, col)) {
				db_bind_null(dst, idx);
			} else if (t->cols[i].kind == DB_INTEGER) {
				db_bind_int(dst, idx, db_col_int(src, col));
			} else if (t->cols[i].kind == DB_BLOB) {
				size_t len = 0;
				const void *v = db_col_blob(src, col, &len);
				db_bind_blob(dst, idx, v ? v : "", len);
			} else {
				db_bind_text(dst, idx, db_col_text(src, col));
			}
		}
		err = db_run(dst);
		if (!err && ++*done % 256 == 0)
			cli_progress_show(p, t->name, *done, total);
	}
	if (db_done(src))
		err = err ? err : KR_EDB;
	if (err)
		fprintf(stderr,
			"kring copy: the table %s could not be copied%s: nothing was copied\n",
			t->name, db_last_was_conflict(to) ? " (a row is there twice)" : "");
	return err;
}

/* Copies every table inside the target's transaction and compares the counts before the
 * commit: a copy that does not add up is never committed. */
static int
copy_all(struct db_conn *from, struct db_conn *to, struct arena *a)
{
	struct db_table *tables;
	size_t n;
	int err = db_tables(from, a, &tables, &n);
	if (err) {
		fprintf(stderr, "kring copy: cannot read the tables of the source\n");
		return err;
	}
	long total = 0, done = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t rows = count_rows(from, a, tables[i].name);
		if (rows < 0)
			return KR_EDB;
		total += (long)rows;
	}
	struct cli_progress p = { .cmd = "copy",
				  .tty = isatty(STDERR_FILENO),
				  .last = -1,
				  .started_ms = time_mono_ms() };
	if ((err = db_begin(to)))
		return err;
	/* What the migrations put in the new database (the first snapshot's time) makes way for
	 * the source's rows; referring tables first. */
	for (size_t i = n; !err && i-- > 0;)
		if (!tables[i].derived)
			err = db_exec(to, arena_printf(a, "DELETE FROM %s", tables[i].name));
	for (size_t i = 0; !err && i < n; i++)
		if (!tables[i].derived)
			err = copy_table(from, to, a, &tables[i], &p, &done, total);
	/* The tables that triggers keep were filled as the rows went in; they become the
	 * source's as they are (a group whose members all left keeps its row with 0, a
	 * version its number). */
	for (size_t i = 0; !err && i < n; i++)
		if (tables[i].derived &&
		    !(err = db_exec(to, arena_printf(a, "DELETE FROM %s", tables[i].name))))
			err = copy_table(from, to, a, &tables[i], &p, &done, total);
	for (size_t i = 0; !err && i < n; i++)
		if (!tables[i].derived)
			err = db_ids_follow(to, tables[i].name);
	if (!err)
		cli_progress_show(&p, "rows", total, total);
	for (size_t i = 0; !err && i < n; i++) {
		int64_t want = count_rows(from, a, tables[i].name);
		int64_t got = count_rows(to, a, tables[i].name);
		if (want != got) {
			fprintf(stderr,
				"kring copy: %s has %lld rows in the copy, %lld in the source: "
				"nothing was copied\n",
				tables[i].name, (long long)got, (long long)want);
			err = KR_EDB;
		} else {
			printf("  %-24s %8lld rows\n", tables[i].name, (long long)got);
		}
	}
	return db_end(to, err);
}

int
cli_copy(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("copy", argc, argv, "kfo", &o);
	if (rc)
		return rc;
	if (o.argc || !o.from || !o.to) {
		fprintf(stderr, "kring copy: name both databases: --from sqlite:PATH --to "
				"postgresql://... (see `kring help copy`)\n");
		return 2;
	}
	if (strncmp(o.from, "sqlite:", 7) != 0 || !o.from[7] || !db_target_is_postgres(o.to)) {
		fprintf(stderr,
			"kring copy: copies from sqlite:PATH to a postgresql:// database, "
			"not from '%s' to '%s'\n",
			o.from, o.to);
		return 2;
	}
	if (sodium_init() < 0)
		return error("libsodium could not be initialised"), 1;
	const char *path = o.from + 7;
	char *key_path = o.key ? xstrdup(o.key) : keys_path_for_db(path);
	struct db *from = NULL, *to = NULL;
	struct arena a;
	arena_init(&a);
	int version = 0, latest = db_schema_latest(), target_version = -1;
	int err = db_open(&from, path, DB_READONLY);
	struct db_conn *fc = err ? NULL : db_conn(from);
	if (!err && (!fc || db_schema_version(fc, &version)))
		err = KR_EDB;
	if (!err && version != latest) {
		fprintf(stderr,
			"kring copy: %s has schema version %d, this kring %d: start this "
			"kring on it once (or run `kring figures refresh` on it) first\n",
			path, version, latest);
		err = KR_EINVAL;
	}
	struct keys k;
	/* The key file must be the source's: its fingerprint is in the source. */
	if (!err && (err = keys_load(key_path, &k)))
		fprintf(stderr, "kring copy: cannot read the key file %s (--key)\n", key_path);
	if (!err)
		err = db_open(&to, o.to, 0);
	struct db_conn *tc = err ? NULL : db_conn(to);
	if (!err && (!tc || db_schema_version(tc, &target_version)))
		err = KR_EDB;
	if (!err && target_version != 0) {
		fprintf(stderr,
			"kring copy: the target database is not empty (schema version %d): "
			"copy only into a new, empty database (after a copy that failed, "
			"drop it and create it again)\n",
			target_version);
		err = KR_EINVAL;
	}
	if (!err)
		err = db_migrate(to, NULL);
	if (!err)
		err = copy_all(fc, tc, &a);
	/* The copy's audit chain, verified with the key file: it also proves that key file
	 * and copy belong together (keyring_open() checks the fingerprint). */
	int64_t checked = 0, bad = 0;
	struct keys loaded;
	if (!err && (err = keyring_open(tc, key_path, &loaded)))
		fprintf(stderr, "kring copy: the key file %s does not belong to the copy\n",
			key_path);
	if (!err && (err = audit_verify(tc, &checked, &bad)))
		fprintf(stderr,
			"kring copy: the copy's audit chain breaks at entry %lld (as the "
			"source's does: `kring audit verify --db %s`)\n",
			(long long)bad, path);
	if (!err)
		printf("Copied %s to PostgreSQL: every table has as many rows as the source, and "
		       "the audit chain (%lld entries) is intact.\n"
		       "Serve it with --db URL --key %s. The SQLite file is unchanged.\n",
		       path, (long long)checked, key_path);
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(&loaded, sizeof(loaded));
	arena_release(&a);
	db_close(to);
	db_close(from);
	free(key_path);
	return err ? 1 : 0;
}
