// SPDX-License-Identifier: AGPL-3.0-or-later
/* copy.c: `kring copy --from sqlite:PATH --to postgresql://…`: moves an installation from the
 * embedded database to PostgreSQL in one go. The target must be empty: it gets the same
 * migrations, then every row of every table in one transaction (db_copy(): the tables in the
 * order their foreign keys allow, ids kept; the tables that triggers keep last, as the source
 * has them), and is checked before the commit (row counts, table by table) and after it (the
 * audit chain, with the key file). */
#include "app/audit/audit.h"
#include "app/keyring/keyring.h"
#include "base/arena.h"
#include "base/keys.h"
#include "base/log.h"
#include "cli/cli.h"
#include "db/db.h"
#include <sodium.h>

static void
copy_progress(void *arg, const char *table, long done, long total)
{
	cli_progress_show(arg, table, done, total);
}

static void
copy_counted(void *arg, const char *table, int64_t rows)
{
	(void)arg;
	printf("  %-24s %8lld rows\n", table, (long long)rows);
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
	/* Read before the target is touched, so that a missing key file changes nothing there;
	 * whether it is the right one, keyring_open() checks on the copy (its fingerprint). */
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
	struct cli_progress p = { .cmd = "copy",
				  .tty = isatty(STDERR_FILENO),
				  .last = -1,
				  .started_ms = time_mono_ms() };
	const struct db_copy_hooks hooks = { .progress = copy_progress,
					     .counted = copy_counted,
					     .arg = &p };
	if (!err)
		err = db_copy(fc, tc, &hooks);
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
