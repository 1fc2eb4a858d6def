/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* tempdb.h: a migrated database in a temporary folder of its own, with random keys (the audit
 * log keyed with them) and an arena, for unit tests that need storage. A test may keep files of
 * its own in dir (a key file); tempdb_close() removes the folder with every file in it. */
#ifndef KRING_TEST_TEMPDB_H
#define KRING_TEST_TEMPDB_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

struct tempdb {
	char dir[64];
	char path[96];
	struct db *db;
	struct db_conn *c;
	struct keys k;
	struct arena a;
};

/* False (and nothing to close) when the folder or the database could not be made; that is
 * recorded as a failure of the running test. */
bool tempdb_open(struct tempdb *t);
void tempdb_close(struct tempdb *t);

#endif
