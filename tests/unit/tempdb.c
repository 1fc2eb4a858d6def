// SPDX-License-Identifier: AGPL-3.0-or-later
/* tempdb.c: see tempdb.h. */
#include "tempdb.h"
#include "test.h"
#include <dirent.h>
#include "app/audit/audit.h"
#include <sodium.h>

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
