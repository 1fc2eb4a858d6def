// SPDX-License-Identifier: AGPL-3.0-or-later
/* copy.c: db_copy(), the engine of `kring copy` (src/cli/copy.c): every row of every table of
 * a SQLite database into a new database of another backend, through db.h alone. */
#include "db/db.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/strbuf.h"

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
	   const struct db_copy_hooks *h, long *done, long total)
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
			h->progress(h->arg, t->name, *done, total);
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
copy_all(struct db_conn *from, struct db_conn *to, struct arena *a, const struct db_copy_hooks *h)
{
	struct db_table *tables;
	size_t n;
	int err = db_tables(from, a, &tables, &n);
	if (err)
		return error("copy: cannot read the tables of the source"), err;
	long total = 0, done = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t rows = count_rows(from, a, tables[i].name);
		if (rows < 0)
			return KR_EDB;
		total += (long)rows;
	}
	if ((err = db_begin(to)))
		return err;
	/* What the migrations put in the new database (the first snapshot's time) makes way for
	 * the source's rows; referring tables first. */
	for (size_t i = n; !err && i-- > 0;)
		if (!tables[i].derived)
			err = db_exec(to, arena_printf(a, "DELETE FROM %s", tables[i].name));
	for (size_t i = 0; !err && i < n; i++)
		if (!tables[i].derived)
			err = copy_table(from, to, a, &tables[i], h, &done, total);
	/* The tables that triggers keep were filled as the rows went in; they become the
	 * source's as they are (a group whose members all left keeps its row with 0, a
	 * version its number). */
	for (size_t i = 0; !err && i < n; i++)
		if (tables[i].derived &&
		    !(err = db_exec(to, arena_printf(a, "DELETE FROM %s", tables[i].name))))
			err = copy_table(from, to, a, &tables[i], h, &done, total);
	for (size_t i = 0; !err && i < n; i++)
		if (!tables[i].derived)
			err = db_ids_follow(to, tables[i].name);
	if (!err)
		h->progress(h->arg, "rows", total, total);
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
			h->counted(h->arg, tables[i].name, got);
		}
	}
	return db_end(to, err);
}

int
db_copy(struct db_conn *from, struct db_conn *to, const struct db_copy_hooks *h)
{
	struct arena arena;
	arena_init(&arena);
	int err = copy_all(from, to, &arena, h);
	arena_release(&arena);
	return err;
}
