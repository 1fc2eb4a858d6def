/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* keys.h: the key file that `kring init` creates beside the database (mode 0600), and the
 * subkeys derived from it. The master key never leaves this module's struct; each use gets its
 * own subkey (libsodium crypto_kdf), so a leak of one does not expose the others. The key file
 * is never stored in the database: a stolen database file alone decrypts nothing. */
#ifndef KRING_KEYS_H
#define KRING_KEYS_H

#include "base/kring.h"

#define KEY_BYTES 32

struct keys {
	unsigned char csrf[KEY_BYTES];	  /* HMAC of the CSRF cookie into the form token */
	unsigned char session[KEY_BYTES]; /* keyed hash of session tokens (issue 3) */
	unsigned char data[KEY_BYTES];	  /* encryption of special-category data (issue 4) */
	unsigned char lookup[KEY_BYTES];  /* keyed hashes for look-ups of encrypted data */
	/* Keyed hashes of recovery codes. Codes are shown once and cannot be hashed again, so
	 * this key is carried over when the master key is rotated (the key file's second line). */
	unsigned char recovery[KEY_BYTES];
	unsigned char check[KEY_BYTES]; /* the fingerprint that ties a database to its key file */
	/* The key of the audit log's hash chain (keyed BLAKE2b, src/app/audit). A rotation makes
	 * a new one; the chain keeps the retired ones to verify the entries written before. */
	unsigned char audit[KEY_BYTES];
};

/* Writes a new random master key to path with mode 0600; refuses if path exists. */
int keys_create(const char *path) MUST_CHECK;
/* Reads the key file and derives the subkeys. Refuses a file readable by group or others.
 * Format: "kring-key-v1 <64 hex>" and, after a rotation, "kring-recovery-v1 <64 hex>". */
int keys_load(const char *path, struct keys *out) MUST_CHECK;
/* Writes a key file with a new random master key that carries over `recovery` (mode 0600,
 * fsynced; refuses if path exists) and loads it into out. */
int keys_create_rotated(const char *path, const unsigned char recovery[KEY_BYTES],
			struct keys *out) MUST_CHECK;
/* A fingerprint of the keys (a keyed hash of a constant): stored in the database, so a
 * database and a key file that do not belong together are noticed before anything is read. */
void keys_fingerprint(const struct keys *k, unsigned char out[32]);
/* The key file that belongs to a database path: "x/kring.db" -> "x/kring.key". */
char *keys_path_for_db(const char *db_path);

#endif
