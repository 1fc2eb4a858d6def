// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_db.c: what every database backend must keep of db.h's promises, run on each (the
 * PostgreSQL run sets KRING_TEST_PG): one writer at a time, a failed statement that fails only
 * itself, the portable SQL's translations. */
#include "test.h"
#include "tempdb.h"
#include <pthread.h>

void test_db_one_writer_at_a_time(void);
void test_db_failure_inside_transaction(void);
void test_db_portable_sql(void);
void test_db_job_claim(void);

#define WRITERS 6
#define ROUNDS	40

static int
counter(struct db_conn *c, int64_t *v)
{
	struct db_stmt *st = db_prepare(c, "SELECT headcount FROM site WHERE name = 'teller'");
	if (!st)
		return KR_EDB;
	*v = db_row(st) ? db_col_int(st, 0) : -1;
	return db_done(st);
}

/* Each round reads the counter in a transaction and writes it back one higher: a lost update
 * shows as a total below WRITERS * ROUNDS. */
static void *
writer(void *arg)
{
	struct db_conn *c = db_conn(arg);
	for (int i = 0; c && i < ROUNDS; i++) {
		int64_t v = 0;
		int err = db_begin(c);
		if (!err)
			err = counter(c, &v);
		struct db_stmt *st =
		    err ? NULL
			: db_prepare(c, "UPDATE site SET headcount = ? WHERE name = 'teller'");
		if (st) {
			db_bind_int(st, 1, v + 1);
			err = db_run(st);
		}
		if (db_end(c, err ? err : (st ? KR_OK : KR_EDB)))
			return (void *)1;
	}
	return c ? NULL : (void *)1;
}

void
test_db_one_writer_at_a_time(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	CHECK(db_exec(t.c, "INSERT INTO site (name, town, headcount) VALUES ('teller', 'x', 0)") ==
	      KR_OK);
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++)
		CHECK(pthread_create(&th[i], NULL, writer, t.db) == 0);
	int failed = 0;
	for (int i = 0; i < WRITERS; i++) {
		void *res;
		pthread_join(th[i], &res);
		failed += res != NULL;
	}
	CHECK_INT(failed, 0);
	int64_t v = -1;
	CHECK(counter(t.c, &v) == KR_OK);
	CHECK_INT(v, WRITERS * ROUNDS);
	tempdb_close(&t);
}

static int
add_site(struct db_conn *c, const char *name)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO site (name, town, headcount) VALUES (?, 'Rijnstad', 1)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, name);
	return db_run(st);
}

static int64_t
count_sites(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM site");
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (!st || db_done(st))
		return -1;
	return n;
}

void
test_db_failure_inside_transaction(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	/* A UNIQUE conflict inside a transaction fails that statement alone: the stores answer it
	 * (KR_ECONFLICT) and go on, and what came before and after commits. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(add_site(t.c, "Stadhuis") == KR_OK);
	CHECK(add_site(t.c, "Stadhuis") == KR_EDB);
	CHECK(db_last_was_conflict(t.c));
	CHECK(add_site(t.c, "Stadskantoor") == KR_OK);
	CHECK(!db_last_was_conflict(t.c));
	CHECK(db_in_transaction(t.c));
	CHECK(db_commit(t.c) == KR_OK);
	CHECK(!db_in_transaction(t.c));
	CHECK_INT(count_sites(t.c), 2);
	/* A CHECK violation is a failure, not a conflict; the transaction still goes on. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(db_exec(t.c, "UPDATE site SET headcount = -1") == KR_EDB);
	CHECK(!db_last_was_conflict(t.c));
	CHECK(add_site(t.c, "Werf") == KR_OK);
	CHECK(db_commit(t.c) == KR_OK);
	CHECK_INT(count_sites(t.c), 3);
	/* A rollback undoes every statement of the transaction. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(add_site(t.c, "Loods") == KR_OK);
	db_rollback(t.c);
	CHECK_INT(count_sites(t.c), 3);
	/* The changed-row count is the statement's own. */
	struct db_stmt *st = db_prepare(t.c, "UPDATE site SET headcount = 2 WHERE name <> ?");
	db_bind_text(st, 1, "Werf");
	CHECK(st && db_run(st) == KR_OK);
	CHECK_INT(db_changes(t.c), 2);
	tempdb_close(&t);
}

void
test_db_portable_sql(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	int64_t ids[3] = { 0 };
	const char *names[3] = { "Noord", "Oost", "Zuid?" };
	for (int i = 0; i < 3; i++) {
		CHECK(add_site(t.c, names[i]) == KR_OK);
		ids[i] = db_last_id(t.c);
	}
	CHECK(ids[0] > 0 && ids[1] > ids[0] && ids[2] > ids[1]);
	/* A list of ids as one parameter, of any length, none included. */
	struct db_stmt *st =
	    db_prepare(t.c, "SELECT count(*), coalesce(sum(headcount), 0) FROM site"
			    " WHERE id IN (SELECT value FROM json_each(?)) AND town = ?");
	int64_t two[2] = { ids[0], ids[2] };
	db_bind_ids(st, 1, two, 2);
	db_bind_text(st, 2, "Rijnstad");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 2 && db_col_int(st, 1) == 2);
	CHECK(st && db_done(st) == KR_OK);
	db_bind_ids(st, 1, NULL, 0);
	db_bind_text(st, 2, "Rijnstad");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 0);
	CHECK(st && db_done(st) == KR_OK);
	/* A question mark inside a literal is text, not a parameter. */
	st = db_prepare(t.c, "SELECT count(*) FROM site WHERE name <> 'Zuid?' AND town = ?");
	db_bind_text(st, 1, "Rijnstad");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 2);
	CHECK(st && db_done(st) == KR_OK);
	/* NULL-safe equality, blobs with every byte value, truth values as 0 and 1. */
	unsigned char blob[256];
	for (int i = 0; i < 256; i++)
		blob[i] = (unsigned char)i;
	char *create = tempdb_sql("CREATE TABLE kv (k INTEGER, v BLOB)");
	CHECK(db_exec(t.c, create) == KR_OK);
	free(create);
	st = db_prepare(t.c, "INSERT INTO kv (k, v) VALUES (?, ?)");
	db_bind_null(st, 1);
	db_bind_blob(st, 2, blob, sizeof(blob));
	CHECK(st && db_run(st) == KR_OK);
	st = db_prepare(t.c, "SELECT v, v IS NOT NULL, length(v) FROM kv WHERE k IS NOT DISTINCT"
			     " FROM ?");
	db_bind_null(st, 1);
	bool row = st && db_row(st);
	CHECK(row);
	size_t len = 0;
	const void *p = row ? db_col_blob(st, 0, &len) : NULL;
	CHECK(p && len == sizeof(blob) && memcmp(p, blob, len) == 0);
	CHECK(row && db_col_int(st, 1) == 1 && db_col_int(st, 2) == 256);
	CHECK(st && db_done(st) == KR_OK);
	tempdb_close(&t);
}

/* Another connection (another server, as far as the database can tell) claims too. */
static void *
claim_elsewhere(void *arg)
{
	bool mine = true;
	if (db_job_claim(db_conn(arg), "retention", 20000, &mine))
		return (void *)2;
	return mine ? (void *)1 : NULL;
}

void
test_db_job_claim(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	bool mine = false;
	CHECK(db_job_claim(t.c, "retention", 20000, &mine) == KR_OK && mine);
	CHECK(db_job_claim(t.c, "retention", 20000, &mine) == KR_OK && !mine);
	pthread_t th;
	void *res = (void *)3;
	CHECK(pthread_create(&th, NULL, claim_elsewhere, t.db) == 0);
	pthread_join(th, &res);
	CHECK(res == NULL); /* taken: the other server skips it */
	/* Another slot, another job: free. Inside a transaction as well. */
	CHECK(db_job_claim(t.c, "retention", 20001, &mine) == KR_OK && mine);
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(db_job_claim(t.c, "member-counts", 20000, &mine) == KR_OK && mine);
	CHECK(db_job_claim(t.c, "member-counts", 20000, &mine) == KR_OK && !mine);
	CHECK(db_commit(t.c) == KR_OK);
	tempdb_close(&t);
}
