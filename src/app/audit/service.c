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

static const char hash_domain[] = "kring audit v1";

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

/* The hash of a row as stored, over its own prev_hash (see audit.h for the encoding). */
static void
entry_hash(const struct audit_row *r, unsigned char out[AUDIT_HASH_BYTES])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, AUDIT_HASH_BYTES);
	hash_field(&h, hash_domain, sizeof(hash_domain) - 1);
	hash_int(&h, true, r->id);
	hash_field(&h, r->at.p, r->at.len);
	hash_int(&h, r->has_actor, r->actor_id);
	hash_int(&h, r->has_subject, r->subject_id);
	hash_field(&h, r->event.p, r->event.len);
	hash_field(&h, r->detail.p, r->detail.len);
	hash_field(&h, r->prev_hash, r->prev_hash_len);
	crypto_generichash_final(&h, out, AUDIT_HASH_BYTES);
}

int
audit_append(struct db_conn *c, enum audit_event ev, int64_t actor_id, int64_t subject_id,
	     const char *detail)
{
	const char *name = audit_event_name(ev);
	if (!name || actor_id < 0 || subject_id < 0 || !audit_detail_ok(detail))
		return KR_EINVAL;
	int64_t last_id = 0;
	unsigned char prev[AUDIT_HASH_BYTES] = { 0 };
	size_t prev_len = 0;
	bool found = false;
	int err = audit_store_last(c, &last_id, prev, &prev_len, &found);
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
		.prev_hash = prev,
		.prev_hash_len = sizeof(prev),
	};
	entry_hash(&row, hash);
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
	unsigned char prev[AUDIT_HASH_BYTES];
	int64_t checked;
	int64_t bad_id;
};

static int
verify_row(const struct audit_row *r, void *ctx)
{
	struct verify_state *v = ctx;
	bool ok = r->id > v->last_id && r->prev_hash_len == AUDIT_HASH_BYTES &&
		  memcmp(r->prev_hash, v->prev, AUDIT_HASH_BYTES) == 0 &&
		  r->hash_len == AUDIT_HASH_BYTES;
	if (ok) {
		unsigned char h[AUDIT_HASH_BYTES];
		entry_hash(r, h);
		ok = memcmp(h, r->hash, AUDIT_HASH_BYTES) == 0;
	}
	if (!ok) {
		v->bad_id = r->id;
		return KR_EINVAL;
	}
	v->last_id = r->id;
	memcpy(v->prev, r->hash, AUDIT_HASH_BYTES);
	v->checked++;
	return KR_OK;
}

int
audit_verify(struct db_conn *c, int64_t *checked, int64_t *first_bad_id)
{
	struct verify_state v = { 0 };
	int err = audit_store_walk(c, verify_row, &v);
	*checked = v.checked;
	*first_bad_id = err == KR_EINVAL ? v.bad_id : 0;
	return err;
}

int
audit_list(struct db_conn *c, struct arena *a, int64_t before_id, int limit,
	   struct audit_entry **out, size_t *n)
{
	if (limit < 1 || limit > AUDIT_LIST_MAX || before_id < 0)
		return KR_EINVAL;
	return audit_store_list(c, a, before_id ? before_id : INT64_MAX, limit, out, n);
}
