// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: checking and rotating the key file. */
#include "app/audit/audit.h"
#include "app/auth/auth.h"
#include "app/keyring/keyring.h"
#include "app/feature.h"
#include "base/log.h"
#include <sodium.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

static char *
new_path(const char *key_path)
{
	size_t n = strlen(key_path) + 5;
	char *p = xmalloc(n);
	snprintf(p, n, "%s.new", key_path);
	return p;
}

int
keyring_open(struct db_conn *c, const char *key_path, struct keys *k)
{
	int err = keys_load(key_path, k);
	if (err)
		return err;
	unsigned char want[32], have[32];
	bool found = false;
	if ((err = keyring_store_get(c, want, &found)))
		return err;
	keys_fingerprint(k, have);
	if (!found) {
		/* The first start with this check: the key file in use is the one. */
		if (!(err = db_begin(c)))
			err = db_end(c, keyring_store_set(c, have, false));
		return err ? err : audit_key_load(c, k);
	}
	if (sodium_memcmp(want, have, 32) == 0)
		return audit_key_load(c, k);
	/* A rotation that committed but did not rename its new key file: finish it. */
	char *np = new_path(key_path);
	struct keys nk;
	if (access(np, F_OK) == 0 && keys_load(np, &nk) == KR_OK) {
		keys_fingerprint(&nk, have);
		if (sodium_memcmp(want, have, 32) == 0 && rename(np, key_path) == 0) {
			log_warn("finished an interrupted key rotation: %s is now the key file",
				 key_path);
			*k = nk;
			sodium_memzero(&nk, sizeof(nk));
			free(np);
			return audit_key_load(c, k);
		}
		sodium_memzero(&nk, sizeof(nk));
	}
	free(np);
	sodium_memzero(k, sizeof(*k));
	return error("the key file %s does not belong to this database: restore the right key "
		     "file (from the same backup as the database)",
		     key_path),
	       KR_EINVAL;
}

int
keyring_hold(const char *key_path)
{
	int fd = open(key_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || flock(fd, LOCK_SH | LOCK_NB) != 0) {
		if (fd >= 0)
			close(fd);
		error("the key file %s is being rotated: wait for `kring key rotate` to finish",
		      key_path);
		return -1;
	}
	return fd;
}

int
keyring_rotate(struct db_conn *c, const char *key_path, struct keyring_result *res)
{
	memset(res, 0, sizeof(*res));
	/* A running server keeps the old keys in memory and would write with them: refuse. */
	int lock = open(key_path, O_RDONLY | O_CLOEXEC);
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
		if (lock >= 0)
			close(lock);
		return error("a kring serve is running with %s: stop it before rotating the key",
			     key_path),
		       KR_ECONFLICT;
	}
	struct keys old, fresh;
	int err = keyring_open(c, key_path, &old);
	if (err) {
		close(lock);
		return err;
	}
	char *np = new_path(key_path);
	unlink(np); /* a leftover of a rotation that never committed */
	if ((err = keys_create_rotated(np, old.recovery, &fresh))) {
		free(np);
		sodium_memzero(&old, sizeof(old));
		close(lock);
		return err;
	}
	unsigned char fp[32];
	keys_fingerprint(&fresh, fp);
	if (!(err = db_begin(c))) {
		err = features_rekey(c, &old, &fresh, &res->sealed);
		if (!err)
			err = auth_rekey(c, &old, &fresh, &res->second_factors);
		if (!err)
			err = keyring_store_forget(c, res);
		if (!err)
			err = keyring_store_set(c, fp, true);
		if (!err)
			err = audit_rekey(c, &old, &fresh);
		if (!err)
			err = audit_append(c, AUDIT_KEY_ROTATED, 0, 0, "");
		err = db_end(c, err);
		/* Rolled back: the old key is the audit log's key again. */
		if (err && audit_key_load(c, &old))
			log_warn("the audit log's key could not be loaded again");
	}
	/* Committed: from here the new key file is the right one. Make it so on disk; if this
	 * fails, keyring_open() finishes it at the next start. */
	if (!err && rename(np, key_path) != 0)
		log_warn("the new key file is %s: rename it to %s (kring does at the next start)",
			 np, key_path);
	if (err)
		unlink(np);
	/* Old contents overwritten (secure_delete); out of the WAL too. */
	if (!err && db_checkpoint(c))
		log_warn("rotation done, but the database could not be checkpointed");
	free(np);
	sodium_memzero(&old, sizeof(old));
	sodium_memzero(&fresh, sizeof(fresh));
	close(lock);
	return err;
}
