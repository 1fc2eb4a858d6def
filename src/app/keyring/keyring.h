/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* keyring.h: the bond between a database and its key file, and key rotation.
 *
 * The database holds a fingerprint of the keys. At start, keyring_open() loads the key file
 * and compares: a key file that does not belong to the database is refused before anything is
 * read with it. A rotation writes the new key file beside the old one ("kring.key.new"),
 * re-encrypts everything in one transaction that also stores the new fingerprint, and then
 * renames the new file over the old one; if it is interrupted after the commit, the next
 * keyring_open() finds that the ".new" file matches and finishes the rename. */
#ifndef KRING_KEYRING_H
#define KRING_KEYRING_H

#include "base/keys.h"
#include "db/db.h"

/* Loads key_path into k and checks it against the database (storing the fingerprint the first
 * time), then keys the audit log with it (audit_key_load()). KR_EINVAL (logged, with what to
 * do) when they do not belong together. */
int keyring_open(struct db_conn *c, const char *key_path, struct keys *k) MUST_CHECK;

/* Holds a shared lock on the key file for as long as the server runs (returns the descriptor
 * to keep open, or -1 with an error logged), so that a rotation cannot run beside it. */
int keyring_hold(const char *key_path);

struct keyring_result {
	int64_t sealed, second_factors, sessions, links, throttles;
};
/* Rotates the key file of the database (refused while a server holds the key file): everything
 * encrypted is encrypted again under the new data key and every look-up hash is made again;
 * sessions, pending reset and invitation links and sign-in throttles end (they were keyed with the
 * old keys). Recovery codes keep working (their key is carried over). The audit log's chain
 * stays as it is and verifiable: its old key is retired, and new entries, starting with the
 * rotation's own, are hashed with the new one (audit_rekey()). */
int keyring_rotate(struct db_conn *c, const char *key_path, struct keyring_result *res) MUST_CHECK;

/* store.c */
int keyring_store_get(struct db_conn *c, unsigned char fp[32], bool *found) MUST_CHECK;
int keyring_store_set(struct db_conn *c, const unsigned char fp[32], bool rotated) MUST_CHECK;
int keyring_store_forget(struct db_conn *c, struct keyring_result *res) MUST_CHECK;

#endif
