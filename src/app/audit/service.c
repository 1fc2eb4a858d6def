// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of the audit log: which details may be stored, the hash chain, and its
 * verification. No SQL (store.c) and no HTTP. */
#include "app/audit/audit.h"
#include "base/log.h"
#include <sodium.h>

static const char *const event_names[] = {
#define AUDIT_NAME_(id, name) [AUDIT_##id] = (name),
	AUDIT_EVENTS(AUDIT_NAME_)
#undef AUDIT_NAME_
};
_Static_assert(ARRAY_SIZE(event_names) == AUDIT_EVENT_COUNT, "one name per event");

static const char hash_domain_v1[] = "kring audit v1"; /* unkeyed, key epoch 0 */
static const char hash_domain[] = "kring audit v2";

/* The key this process hashes and verifies with (audit_key_load): written before the server's
 * threads start or in a single-threaded command, read-only while threads run. */
static struct {
	bool loaded;
	int64_t epoch;
	unsigned char key[KEY_BYTES];
} current;

const char *
audit_event_name(enum audit_event ev)
{
	if ((unsigned)ev >= AUDIT_EVENT_COUNT)
		return NULL;
	return event_names[ev];
}

bool
audit_event_from_name(const char *name, enum audit_event *out)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(event_names); i++)
		if (strcmp(name, event_names[i]) == 0) {
			*out = (enum audit_event)i;
			return true;
		}
	return false;
}

bool
audit_detail_ok(const char *detail)
{
	if (!detail)
		return true;
	size_t n = strnlen(detail, AUDIT_DETAIL_MAX + 1);
	if (n > AUDIT_DETAIL_MAX || !str_is_utf8((struct str){ detail, n }))
		return false;
	/* In valid UTF-8, 0xc2 and 0xe2 are always lead bytes, so these tests see characters. */
	const unsigned char *s = (const unsigned char *)detail;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			return false; /* C0 controls (newline, tab, escape, ...) and DEL */
		if (s[i] == 0xc2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			return false; /* C1 controls U+0080..U+009F */
		if (s[i] == 0xe2 && i + 2 < n) {
			if (s[i + 1] == 0x80 && s[i + 2] >= 0xa8 && s[i + 2] <= 0xae)
				return false; /* U+2028..U+202E: line/paragraph separators, bidi */
			if (s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9)
				return false; /* U+2066..U+2069: bidi isolates */
		}
	}
	return true;
}

/* F(x): the length as 8 bytes big-endian, then the bytes. */
static void
hash_field(crypto_generichash_state *h, const void *p, size_t n)
{
	unsigned char len[8];
	uint64_t v = n;
	for (int i = 7; i >= 0; i--) {
		len[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_generichash_update(h, len, sizeof(len));
	if (n)
		crypto_generichash_update(h, p, n);
}

static void
hash_int(crypto_generichash_state *h, bool present, int64_t value)
{
	unsigned char b[8];
	uint64_t v = (uint64_t)value;
	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	hash_field(h, b, present ? sizeof(b) : 0);
}

/* The hash of a row as stored, over its own prev_hash, with the key of its epoch (NULL for
 * epoch 0, which is unkeyed); see audit.h for the encoding. */
static void
entry_hash(const struct audit_row *r, const unsigned char *key, unsigned char out[AUDIT_HASH_BYTES])
{
	bool v1 = r->key_epoch == 0;
	crypto_generichash_state h;
	crypto_generichash_init(&h, v1 ? NULL : key, v1 ? 0 : KEY_BYTES, AUDIT_HASH_BYTES);
	if (v1)
		hash_field(&h, hash_domain_v1, sizeof(hash_domain_v1) - 1);
	else
		hash_field(&h, hash_domain, sizeof(hash_domain) - 1);
	hash_int(&h, true, r->id);
	hash_field(&h, r->at.p, r->at.len);
	hash_int(&h, r->has_actor, r->actor_id);
	hash_int(&h, r->has_subject, r->subject_id);
	hash_field(&h, r->event.p, r->event.len);
	hash_field(&h, r->detail.p, r->detail.len);
	if (!v1)
		hash_int(&h, true, r->key_epoch);
	hash_field(&h, r->prev_hash, r->prev_hash_len);
	crypto_generichash_final(&h, out, AUDIT_HASH_BYTES);
}

int
audit_key_load(struct db_conn *c, const struct keys *k)
{
	int64_t retired = 0, last_id = 0, last_epoch = 0;
	int err = audit_store_retired_max(c, &retired);
	if (err)
		return err;
	current.epoch = retired + 1;
	memcpy(current.key, k->audit, KEY_BYTES);
	current.loaded = true;
	/* A log from before the key: seal its unkeyed entries with one keyed entry. Looked at
	 * again inside the transaction, so two processes starting at once seal it once. */
	unsigned char hash[AUDIT_HASH_BYTES];
	size_t hash_len;
	bool found;
	if ((err = audit_store_last(c, &last_id, &last_epoch, hash, &hash_len, &found)))
		return err;
	if (!found || last_epoch != 0)
		return KR_OK;
	if (db_begin(c))
		return KR_EDB;
	err = audit_store_last(c, &last_id, &last_epoch, hash, &hash_len, &found);
	if (!err && found && last_epoch == 0) {
		char detail[64];
		snprintf(detail, sizeof(detail), "entries 1 to %lld were written unkeyed",
			 (long long)last_id);
		err = audit_append(c, AUDIT_CHAIN_KEYED, 0, 0, detail);
	}
	return db_end(c, err);
}

int
audit_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh)
{
	if (!current.loaded || sodium_memcmp(current.key, old->audit, KEY_BYTES) != 0)
		return error("BUG: the audit key being retired is not the loaded one"),
		       KR_EINTERNAL;
	char at[32];
	time_utc_iso(at, sizeof(at));
	int err = audit_store_retire(c, current.epoch, old->audit, at);
	if (err)
		return err;
	current.epoch++;
	memcpy(current.key, fresh->audit, KEY_BYTES);
	return KR_OK;
}

int
audit_append(struct db_conn *c, enum audit_event ev, int64_t actor_id, int64_t subject_id,
	     const char *detail)
{
	const char *name = audit_event_name(ev);
	if (!name || actor_id < 0 || subject_id < 0 || !audit_detail_ok(detail))
		return KR_EINVAL;
	if (!current.loaded)
		return error("BUG: an audit entry before the key file was loaded"), KR_EINTERNAL;
	int64_t last_id = 0, last_epoch = 0;
	unsigned char prev[AUDIT_HASH_BYTES] = { 0 };
	size_t prev_len = 0;
	bool found = false;
	int err = audit_store_last(c, &last_id, &last_epoch, prev, &prev_len, &found);
	if (err)
		return err;
	if (!found) {
		last_id = 0;
		memset(prev, 0, sizeof(prev));
	} else if (prev_len != AUDIT_HASH_BYTES) {
		/* Refusing would stop everything that audits, for good (the row cannot be mended);
		 * chain on, and let `kring audit verify` name the damaged entry. */
		error("audit log: entry %lld has a damaged hash (see `kring audit verify`)",
		      (long long)last_id);
	}
	if (last_id == INT64_MAX)
		return KR_EINTERNAL;
	char at[32];
	time_utc_iso(at, sizeof(at));
	unsigned char hash[AUDIT_HASH_BYTES];
	struct audit_row row = {
		.id = last_id + 1,
		.at = str_from(at),
		.event = str_from(name),
		.detail = str_from(detail ? detail : ""),
		.has_actor = actor_id != 0,
		.has_subject = subject_id != 0,
		.actor_id = actor_id,
		.subject_id = subject_id,
		.key_epoch = current.epoch,
		.prev_hash = prev,
		.prev_hash_len = sizeof(prev),
	};
	entry_hash(&row, current.key, hash);
	row.hash = hash;
	row.hash_len = sizeof(hash);
	return audit_store_insert(c, &row);
}

int
audit_append_tx(struct db_conn *c, enum audit_event ev, int64_t actor_id, int64_t subject_id,
		const char *detail)
{
	if (db_begin(c))
		return KR_EDB;
	int err = audit_append(c, ev, actor_id, subject_id, detail);
	if (err) {
		db_rollback(c);
		return err;
	}
	return db_commit(c);
}

struct verify_state {
	int64_t last_id; /* 0 before the first row: ids are positive */
	int64_t last_epoch;
	unsigned char prev[AUDIT_HASH_BYTES];
	int64_t checked;
	int64_t bad_id;
	const struct audit_key *retired;
	size_t nretired;
	const unsigned char *since; /* NULL: no head to find */
	bool since_found;
};

/* The key of epoch e, NULL for epoch 0 (unkeyed); false for an epoch without a key. */
static bool
epoch_key(const struct verify_state *v, int64_t e, const unsigned char **key)
{
	*key = NULL;
	if (e == 0)
		return true;
	if (e == current.epoch) {
		*key = current.key;
		return true;
	}
	for (size_t i = 0; i < v->nretired; i++)
		if (v->retired[i].epoch == e) {
			*key = v->retired[i].key;
			return true;
		}
	return false;
}

static int
verify_row(const struct audit_row *r, void *ctx)
{
	struct verify_state *v = ctx;
	const unsigned char *key;
	bool ok = r->id > v->last_id && r->prev_hash_len == AUDIT_HASH_BYTES &&
		  memcmp(r->prev_hash, v->prev, AUDIT_HASH_BYTES) == 0 &&
		  r->hash_len == AUDIT_HASH_BYTES && r->key_epoch >= v->last_epoch &&
		  r->key_epoch <= current.epoch && epoch_key(v, r->key_epoch, &key);
	if (ok) {
		unsigned char h[AUDIT_HASH_BYTES];
		entry_hash(r, key, h);
		ok = sodium_memcmp(h, r->hash, AUDIT_HASH_BYTES) == 0;
	}
	if (!ok) {
		v->bad_id = r->id;
		return KR_EINVAL;
	}
	v->last_id = r->id;
	v->last_epoch = r->key_epoch;
	memcpy(v->prev, r->hash, AUDIT_HASH_BYTES);
	v->checked++;
	if (v->since && memcmp(v->since, r->hash, AUDIT_HASH_BYTES) == 0)
		v->since_found = true;
	return KR_OK;
}

int
audit_verify_since(struct db_conn *c, const unsigned char since[AUDIT_HASH_BYTES], int64_t *checked,
		   int64_t *first_bad_id)
{
	*checked = 0;
	*first_bad_id = 0;
	if (!current.loaded)
		return error("BUG: the audit log verified before the key file was loaded"),
		       KR_EINTERNAL;
	struct arena a;
	arena_init(&a);
	struct audit_key *retired = NULL;
	size_t nretired = 0;
	int err = audit_store_retired(c, &a, &retired, &nretired);
	struct verify_state v = { .since = since, .retired = retired, .nretired = nretired };
	if (!err)
		err = audit_store_walk(c, verify_row, &v);
	/* The newest entry must be hashed with the key file in use: else the chain was cut back
	 * to an older epoch, or rewritten without the key. */
	if (!err && v.checked > 0 && v.last_epoch != current.epoch) {
		v.bad_id = v.last_id;
		v.checked--;
		err = KR_EINVAL;
	}
	if (!err && since && !v.since_found)
		err = KR_ENOTFOUND;
	arena_release(&a);
	*checked = v.checked;
	*first_bad_id = err == KR_EINVAL ? v.bad_id : 0;
	return err;
}

int
audit_verify(struct db_conn *c, int64_t *checked, int64_t *first_bad_id)
{
	return audit_verify_since(c, NULL, checked, first_bad_id);
}

int
audit_head(struct db_conn *c, int64_t *id, unsigned char hash[AUDIT_HASH_BYTES], bool *found)
{
	int64_t epoch;
	size_t len;
	*id = 0;
	return audit_store_last(c, id, &epoch, hash, &len, found);
}

int
audit_list(struct db_conn *c, struct arena *a, int64_t before_id, int limit,
	   struct audit_entry **out, size_t *n)
{
	if (limit < 1 || limit > AUDIT_LIST_MAX || before_id < 0)
		return KR_EINVAL;
	return audit_store_list(c, a, before_id ? before_id : INT64_MAX, limit, out, n);
}
