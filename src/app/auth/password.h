/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* password.h: passwords after OWASP ASVS 5.0 §6.2: the policy a new password must meet, and
 * argon2id hashing through libsodium. A service: no HTTP, no SQL. Every function is
 * thread-safe; the first call of each kind does a one-time set-up (the common-password table,
 * the hashing slots, the dummy hash).
 *
 * Passwords are NUL-terminated UTF-8 strings, used byte for byte: never truncated, never
 * normalised, never trimmed. The caller bounds them at the edge (the form's value limit). */
#ifndef KRING_PASSWORD_H
#define KRING_PASSWORD_H

#include <sodium.h>
#include "base/kring.h"

/* The policy. Lengths: at least 8 Unicode code points (ASVS 6.2.1), at most 1024 bytes, far
 * above the 64 characters ASVS 6.2.9 asks to allow. No composition rules (ASVS 6.2.5). */
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 1024
/* The e-mail local part or the name counts as "in the password" only from this many code
 * points: a two-letter local part would otherwise refuse half of all passwords. */
#define PASSWORD_CONTEXT_MIN_CHARS 3

/* argon2id parameters for new hashes (OWASP: m=64 MiB with t=3 is well above the minimum).
 * Raising them makes password_verify() report *needs_rehash for older hashes. */
#define PASSWORD_OPSLIMIT   3ULL
#define PASSWORD_MEMLIMIT   ((size_t)64 * 1024 * 1024)
#define PASSWORD_HASH_BYTES crypto_pwhash_STRBYTES

/* Checks a new password against the policy. email and name are the account's (either may be
 * NULL or empty: then that rule is skipped). Returns KR_OK, or KR_EINVAL with *problem set to
 * an English message id (a static string marked with N_(); translate it with _() to show it),
 * for the first rule broken in this order: too long (over PASSWORD_MAX_BYTES), not valid UTF-8
 * or holding a control character (C0, DEL or C1; spaces are fine), too short (under
 * PASSWORD_MIN_CHARS code points), one of the most common passwords (ASCII case ignored), the
 * same as or containing the e-mail address's local part (before the last '@'), or the name
 * (also with its spaces left out), both ASCII case ignored. *problem is NULL on KR_OK.
 * A NULL pw is treated as the empty password. */
int password_policy(const char *pw, const char *email, const char *name,
		    const char **problem) MUST_CHECK;

/* How many distinct (lower-cased) common passwords the policy refuses. */
size_t password_common_count(void);

/* Hashes pw with argon2id (PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT, a random salt) into out as
 * libsodium's NUL-terminated "$argon2id$v=19$m=65536,t=3,p=1$..." string, to store as is.
 * Does not apply the policy: call password_policy() first for a new password.
 * KR_EINVAL when pw is longer than PASSWORD_MAX_BYTES (out is then untouched);
 * KR_EINTERNAL when libsodium fails (it could not get the memory), logged. */
int password_hash(const char *pw, char out[PASSWORD_HASH_BYTES]) MUST_CHECK;

/* Checks pw against a stored hash (made by password_hash(), possibly with older parameters).
 * KR_OK when it matches; then *needs_rehash tells whether the hash was made with other than the
 * current parameters, so the caller should store password_hash(pw) in its place.
 * KR_EFORBIDDEN when it does not match, or when stored is not a hash libsodium understands;
 * *needs_rehash is then false. */
int password_verify(const char *stored, const char *pw, bool *needs_rehash) MUST_CHECK;

/* Does the work of a password_verify() against a fixed hash of a random password, made with the
 * current parameters at the first call, and throws the result away: call it when the e-mail
 * address is unknown, so that answer takes about as long as a wrong password. */
void password_verify_dummy(const char *pw);

/* At most as many crypto_pwhash_str* calls run at once as there are online cores
 * (sysconf(_SC_NPROCESSORS_ONLN) at the first call, at least 1): each takes 64 MiB and a core,
 * and a burst of sign-ins must queue instead of piling up memory. The others wait their turn. */
int password_hash_slots(void);

/* For tests only: the most crypto_pwhash_str* calls that were running at the same moment since
 * the process started, counted inside the slots. */
int password_max_concurrent_seen(void);

#endif
