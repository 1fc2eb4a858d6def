/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* audit.h: the audit log: who did what to whom, and when (UTC). Append-only (the database's
 * triggers refuse UPDATE and DELETE on audit_log), and each entry's hash covers the hash of the
 * entry before it, so a changed, removed or inserted entry breaks the chain at that point and
 * audit_verify() (and `kring audit verify`) names it. The service is in service.c, the SQL in
 * store.c.
 *
 * The hash is keyed with the key file's audit subkey (keys.audit), so that someone who can
 * write to the database but has not the key file cannot write a chain that verifies. An entry
 * records the epoch of the key it was hashed with (key_epoch): 1 for the first key file, one
 * more after each `kring key rotate`. Its hash is keyed BLAKE2b-256 (crypto_generichash with
 * that epoch's key) over
 *	F("kring audit v2") F(id) F(at) F(actor) F(subject) F(event) F(detail) F(key_epoch)
 *	F(prev_hash)
 * where F(x) is the length of x as 8 bytes big-endian followed by the bytes of x: an integer
 * is 8 bytes big-endian two's complement, an absent actor or subject (NULL) is empty (length
 * 0), text is its UTF-8 bytes as stored, prev_hash is 32 bytes. Because every field carries its
 * length, no two different entries encode to the same bytes. The first entry's prev_hash is 32
 * zero bytes. Timestamps are "YYYY-MM-DDTHH:MM:SSZ".
 *
 * Entries written before the chain was keyed (migration 0008) have epoch 0 and keep their
 * unkeyed hash: BLAKE2b-256 without a key over the same fields without F(key_epoch), after
 * F("kring audit v1"). They are not hashed again: the first time the key file is loaded
 * (audit_key_load()), an entry "audit_chain_keyed" is appended under the key, and as it covers
 * the hash of the last unkeyed entry, it seals all of them as they were.
 *
 * A rotation keeps the chain (no hash changes, so a head written down stays good): the old key
 * is kept in audit_key as retired, to verify its epoch, and the rotation's own entry is hashed
 * with the new key. A retired key can rewrite entries of its own epoch only, and such a rewrite
 * changes the hash that the next epoch's first entry covers, which it cannot mend.
 *
 * The rules the verification adds to the hashes: epochs never go down along the chain, and the
 * newest entry is hashed with the current key file's key. So entries cannot be rewritten as
 * unkeyed ones, nor a chain cut back to before a rotation.
 *
 * What the chain proves: that no entry was changed, removed or inserted after it was written,
 * except by someone who holds the key file, and except at the end: removing the newest entries
 * leaves a shorter chain that still verifies. Against that, write down the head (the newest
 * hash: `kring audit head`, and on the audit page) now and then, outside Kring: `kring audit
 * verify --since HASH` fails when that entry is gone. */
#ifndef KRING_AUDIT_H
#define KRING_AUDIT_H

#include "base/arena.h"
#include "base/keys.h"
#include "base/str.h"
#include "db/db.h"

#define AUDIT_HASH_BYTES 32
#define AUDIT_DETAIL_MAX 500 /* bytes */
#define AUDIT_LIST_MAX	 1000

/* The events: X(ENUM_SUFFIX, "stored_name"). The name is what the database holds and what the
 * hash covers, so a name never changes and is never reused. To add an event (a later feature's
 * "who looked at which member list", say), add one line at the end; nothing else changes. */
#define AUDIT_EVENTS(X)                                                                            \
	X(SIGN_IN_OK, "sign_in_ok")                                                                \
	X(SIGN_IN_FAILED, "sign_in_failed")                                                        \
	X(ACCOUNT_LOCKED, "account_locked")                                                        \
	X(SIGN_OUT, "sign_out")                                                                    \
	X(SIGN_OUT_EVERYWHERE, "sign_out_everywhere")                                              \
	X(SECOND_FACTOR_SET_UP, "second_factor_set_up")                                            \
	X(SECOND_FACTOR_FAILED, "second_factor_failed")                                            \
	X(RECOVERY_CODE_USED, "recovery_code_used")                                                \
	X(PASSWORD_CHANGED, "password_changed")                                                    \
	X(PASSWORD_RESET_REQUESTED, "password_reset_requested")                                    \
	X(PASSWORD_RESET_DONE, "password_reset_done")                                              \
	X(ROLE_CHANGED, "role_changed")                                                            \
	X(ACCOUNT_CREATED, "account_created")                                                      \
	X(ACCOUNT_DISABLED, "account_disabled")                                                    \
	X(INVITATION_SENT, "invitation_sent")                                                      \
	X(INVITATION_ACCEPTED, "invitation_accepted")                                              \
	X(LIST_VIEWED, "list_viewed")                                                              \
	X(ACCOUNT_DELETED, "account_deleted")                                                      \
	X(KEY_ROTATED, "key_rotated")                                                              \
	X(SETTINGS_CHANGED, "settings_changed")                                                    \
	X(COORDINATOR_ASKED, "coordinator_asked")                                                  \
	X(COORDINATOR_ACCEPTED, "coordinator_accepted")                                            \
	X(COORDINATOR_DECLINED, "coordinator_declined")                                            \
	X(COORDINATOR_STEPPED_DOWN, "coordinator_stepped_down")                                    \
	X(COORDINATOR_REMOVED, "coordinator_removed")                                              \
	X(CHAIN_KEYED, "audit_chain_keyed")                                                        \
	X(BUDGET_CHANGED, "budget_changed")                                                        \
	X(KNOWLEDGE_PAGE_DELETED, "knowledge_page_deleted")

/* clang-format off */
enum audit_event {
#define AUDIT_ENUM_(id, name) AUDIT_##id,
	AUDIT_EVENTS(AUDIT_ENUM_)
#undef AUDIT_ENUM_
	AUDIT_EVENT_COUNT
};
/* clang-format on */

/* The stored name of ev ("sign_in_ok"); NULL for a value outside the enum. */
const char *audit_event_name(enum audit_event ev);
/* The event with the stored name; false for a name this binary does not know (an entry
 * written by a newer version). */
bool audit_event_from_name(const char *name, enum audit_event *out) MUST_CHECK;

/* One entry as audit_list() returns it; strings live in the caller's arena. */
struct audit_entry {
	int64_t id;
	const char *at;	    /* "2026-11-22T10:13:40Z" (UTC) */
	int64_t actor_id;   /* who did it; 0: nobody known (stored NULL) */
	int64_t subject_id; /* whom it was about; 0: nobody (stored NULL) */
	const char *event;  /* the stored name; may be one this binary does not know */
	const char *detail; /* "" when none */
};

/* True when detail may be stored: at most AUDIT_DETAIL_MAX bytes of UTF-8 without control
 * characters (C0, DEL, C1), line or paragraph separators, or bidirectional overrides, so an
 * entry is always one line that reads as it was written. NULL counts as "". */
bool audit_detail_ok(const char *detail);

/* Makes this process hash new entries with k->audit, and verify with it: once the key file is
 * known to belong to the database (keyring_open() calls it), before any entry is written and
 * before the server's threads start. Reads the current epoch (one more than the newest retired
 * key). When the newest entry is unkeyed (a database from before migration 0008), appends
 * "audit_chain_keyed" in a transaction of its own, which seals the unkeyed entries. KR_EDB
 * when the database fails. */
int audit_key_load(struct db_conn *c, const struct keys *k) MUST_CHECK;

/* For a key rotation, in its transaction (the caller appends AUDIT_KEY_ROTATED right after,
 * which is then the first entry of the new epoch): retires old's audit key, which must be the
 * loaded one (KR_EINTERNAL otherwise), and makes fresh's the current key. When the
 * transaction rolls back, call audit_key_load() with old again. */
int audit_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh) MUST_CHECK;

/* Appends an entry at the current UTC time. actor_id and subject_id are account ids, or 0 for
 * none (stored NULL). detail is a short, plain note for the administrator, such as "role
 * chair in network 3" or "from the sign-in page": it must NEVER hold a password, a token, a
 * code (second factor, recovery, reset), a key, or special-category data (health, disability):
 * refer to things by their id. KR_EINVAL (nothing written) for a detail that audit_detail_ok()
 * refuses, a negative id or an unknown event.
 *
 * Runs in the caller's transaction: the caller MUST have begun a write transaction with
 * db_begin(), so that reading the newest entry's hash and inserting the new entry cannot
 * interleave with another writer, and so that the entry commits or rolls back with the change
 * it records. Without one the chain still cannot fork (the new id is the newest id + 1, a
 * primary key), but a racing writer makes this call fail with KR_ECONFLICT. KR_EDB when the
 * database fails; the caller then rolls back. */
int audit_append(struct db_conn *c, enum audit_event ev, int64_t actor_id, int64_t subject_id,
		 const char *detail) MUST_CHECK;
/* (KR_EINTERNAL, logged, when no key was loaded with audit_key_load(): nothing unkeyed is
 * written.) */
/* The same in a transaction of its own (db_begin, append, db_commit; rolled back on failure),
 * for a caller that has no transaction open. Never call it inside one. */
int audit_append_tx(struct db_conn *c, enum audit_event ev, int64_t actor_id, int64_t subject_id,
		    const char *detail) MUST_CHECK;

/* Walks the log in id order, one row at a time (it never holds more than one entry), as one
 * consistent snapshot: recomputes each entry's hash, checks that its prev_hash is the hash of
 * the entry before it (32 zero bytes for the first) and that ids only increase. KR_OK when the
 * chain is intact: *checked = the number of entries, *first_bad_id = 0. KR_EINVAL at the first
 * broken entry: *first_bad_id = its id, *checked = the entries before it, which are intact.
 * (A removed entry shows as the break of the entry after it; a newest entry that is not hashed
 * with the loaded key, as the break of that entry.) KR_EDB when the database fails,
 * KR_EINTERNAL when no key was loaded. */
int audit_verify(struct db_conn *c, int64_t *checked, int64_t *first_bad_id) MUST_CHECK;
/* The same, and the entry whose hash is since must be in the chain: KR_ENOTFOUND when the
 * chain is intact but has no such entry (the log was cut back to before it). */
int audit_verify_since(struct db_conn *c, const unsigned char since[AUDIT_HASH_BYTES],
		       int64_t *checked, int64_t *first_bad_id) MUST_CHECK;

/* The head: the newest entry's id and hash; *found false on an empty log. */
int audit_head(struct db_conn *c, int64_t *id, unsigned char hash[AUDIT_HASH_BYTES],
	       bool *found) MUST_CHECK;

/* The newest entries with an id below before_id (0: from the newest), newest first, at most
 * limit (1 to AUDIT_LIST_MAX), into an array in arena a; *n may be 0. Pass the last entry's id
 * as before_id for the next page. KR_EINVAL for a limit or before_id out of range. */
int audit_list(struct db_conn *c, struct arena *a, int64_t before_id, int limit,
	       struct audit_entry **out, size_t *n) MUST_CHECK;

/* store.c: the SQL behind the above, without the rules. */

/* One stored row, exactly as stored, for hashing. Views and blobs are valid during the
 * callback only. */
struct audit_row {
	int64_t id;
	struct str at, event, detail;
	bool has_actor, has_subject; /* false: NULL */
	int64_t actor_id, subject_id;
	int64_t key_epoch; /* 0: unkeyed, from before migration 0008 */
	const unsigned char *prev_hash, *hash;
	size_t prev_hash_len, hash_len;
};

/* The newest entry's id, key epoch and hash (*found false on an empty log). *hash_len gets
 * the stored hash's length; at most AUDIT_HASH_BYTES of it are copied, the rest of hash is
 * zero. */
int audit_store_last(struct db_conn *c, int64_t *id, int64_t *key_epoch,
		     unsigned char hash[AUDIT_HASH_BYTES], size_t *hash_len,
		     bool *found) MUST_CHECK;

/* A retired key: the epoch it hashed. */
struct audit_key {
	int64_t epoch;
	unsigned char key[KEY_BYTES];
};
/* The retired keys in epoch order, into an array in arena a (*n may be 0); a stored key of
 * the wrong length is left out (its epoch then does not verify). */
int audit_store_retired(struct db_conn *c, struct arena *a, struct audit_key **out,
			size_t *n) MUST_CHECK;
/* The newest retired epoch (0: none). */
int audit_store_retired_max(struct db_conn *c, int64_t *epoch) MUST_CHECK;
/* Stores a retired key; KR_ECONFLICT when its epoch is taken. */
int audit_store_retire(struct db_conn *c, int64_t epoch, const unsigned char key[KEY_BYTES],
		       const char *at) MUST_CHECK;
/* Inserts a row with the given id (its at, event and detail views must be NUL-terminated);
 * KR_ECONFLICT when the id is taken. */
int audit_store_insert(struct db_conn *c, const struct audit_row *row) MUST_CHECK;
/* Calls fn for each row in id order in one statement; stops when fn returns non-zero and then
 * returns that value. KR_EDB when the database fails. fn must not use the database. */
int audit_store_walk(struct db_conn *c, int (*fn)(const struct audit_row *row, void *ctx),
		     void *ctx) MUST_CHECK;
int audit_store_list(struct db_conn *c, struct arena *a, int64_t before_id, int limit,
		     struct audit_entry **out, size_t *n) MUST_CHECK;

#endif
