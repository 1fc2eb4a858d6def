// SPDX-License-Identifier: AGPL-3.0-or-later
/* init.c: `kring init` and `kring backup`. */
#include "app/keyring/keyring.h"
#include "base/keys.h"
#include "base/log.h"
#include "cli/cli.h"
#include "db/db.h"
#include <sodium.h>

int
cli_init(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("init", argc, argv, "dk", &o);
	if (rc)
		return rc;
	if (o.argc) {
		fprintf(stderr, "kring init: unexpected argument '%s'\n", o.argv[0]);
		return 2;
	}
	if (sodium_init() < 0)
		return error("libsodium could not be initialised"), 1;
	char *key_path = cli_key_path(&o);
	if (!key_path)
		return 1;
	bool pg = db_target_is_postgres(o.db);
	if ((!pg && access(o.db, F_OK) == 0) || access(key_path, F_OK) == 0) {
		fprintf(stderr, "kring init: %s or %s exists already; refusing to overwrite it\n",
			o.db, key_path);
		free(key_path);
		return 1;
	}
	struct db *db;
	if (pg) { /* the DBA made the database; it must be empty */
		int version = 0;
		if (db_open(&db, o.db, 0)) {
			free(key_path);
			return 1;
		}
		struct db_conn *c = db_conn(db);
		int err = !c || db_schema_version(c, &version);
		db_close(db);
		if (err || version > 0) {
			if (!err)
				fprintf(stderr,
					"kring init: this PostgreSQL database holds a Kring "
					"installation already; refusing to overwrite it\n");
			free(key_path);
			return 1;
		}
	}
	if (keys_create(key_path)) {
		free(key_path);
		return 1;
	}
	struct keys k;
	if (db_open(&db, o.db, DB_CREATE) || db_migrate(db, NULL) ||
	    keyring_open(db_conn(db), key_path, &k)) {
		error("kring init: the database %s could not be created", o.db);
		unlink(key_path);
		free(key_path);
		return 1;
	}
	sodium_memzero(&k, sizeof(k));
	db_close(db);
	printf("Created the database %s and the key file %s.\n"
	       "Keep the key file safe: without it the encrypted data cannot be read.\n",
	       o.db, key_path);
	free(key_path);
	return 0;
}

int
cli_backup(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("backup", argc, argv, "d", &o);
	if (rc)
		return rc;
	if (o.argc != 1) {
		fprintf(stderr, "kring backup: name one file to write the backup to "
				"(see `kring help backup`)\n");
		return 2;
	}
	struct db *db;
	if (db_open(&db, o.db, DB_READONLY))
		return 1;
	int err = db_backup(db, o.argv[0]);
	db_close(db);
	if (err)
		return 1;
	printf("Backed up %s to %s.\n", o.db, o.argv[0]);
	return 0;
}

int
cli_key(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("key", argc, argv, "dk", &o);
	if (rc)
		return rc;
	if (o.argc != 1 || strcmp(o.argv[0], "rotate") != 0) {
		fprintf(stderr, "kring key: rotate (see `kring help key`)\n");
		return 2;
	}
	if (sodium_init() < 0)
		return error("libsodium could not be initialised"), 1;
	struct db *db;
	char *key_path = cli_key_path(&o);
	if (!key_path)
		return 1;
	if (db_open(&db, o.db, 0) || db_migrate(db, NULL)) {
		free(key_path);
		return 1;
	}
	struct keyring_result res;
	int err = keyring_rotate(db_conn(db), key_path, &res);
	db_close(db);
	if (!err)
		printf("The key file %s is new. Encrypted again: %lld sealed records (memberships "
		       "and more) and %lld second "
		       "factors. Ended: %lld sessions (everyone signs in again), %lld unused "
		       "e-mail links (ask for new ones). Recovery codes keep working.\n"
		       "Back up the new key file now, with the next backup of the database.\n",
		       key_path, (long long)res.sealed, (long long)res.second_factors,
		       (long long)res.sessions, (long long)res.links);
	free(key_path);
	return err ? 1 : 0;
}
