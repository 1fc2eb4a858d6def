/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* tempdb.h: a migrated database in a temporary folder of its own, with random keys (the audit
 * log keyed with them) and an arena, for unit tests that need storage. A test may keep files of
 * its own in dir (a key file); tempdb_close() removes the folder with every file in it.
 *
 * With KRING_TEST_PG set to a PostgreSQL server's URL (scripts/pg-test start), the database is
 * a new PostgreSQL database on that server instead, dropped again by tempdb_close(); path is
 * then its URL. Tests of what only a SQLite file has (its backup, a damaged file) ask
 * tempdb_is_pg() and say they were skipped. */
#ifndef KRING_TEST_TEMPDB_H
#define KRING_TEST_TEMPDB_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

struct tempdb {
	char dir[64];
	char path[256];
	char pg_name[48]; /* the PostgreSQL database's name, or "" */
	struct db *db;
	struct db_conn *c;
	struct keys k;
	struct arena a;
};

/* False (and nothing to close) when the folder or the database could not be made; that is
 * recorded as a failure of the running test. */
bool tempdb_open(struct tempdb *t);
void tempdb_close(struct tempdb *t);
/* Whether the tests run on PostgreSQL (KRING_TEST_PG). */
bool tempdb_is_pg(void);
/* What a test does as an attacker with write access to the database, in SQLite's words, in
 * the words of the backend the tests run on (malloc'd): dropping the audit log's triggers,
 * zeroblob(N), X'..' literals, char(N), the type BLOB. PostgreSQL text cannot hold a NUL, so
 * CAST(X'00..' AS TEXT) becomes another changed text there. */
char *tempdb_sql(const char *sql);
/* Every byte the database holds on disk, as someone with a copy of its files reads them
 * (malloc'd, *len bytes): SQLite's file after a checkpoint; PostgreSQL's files of this
 * database and the write-ahead log after a CHECKPOINT (the test runs where it may read the
 * server's data directory, as scripts/pg-test sets it up). NULL when they cannot be read. */
char *tempdb_raw(struct tempdb *t, size_t *len);
/* The names of the tables, for a query that reads them all. */
const char *tempdb_tables_sql(void);

#endif
