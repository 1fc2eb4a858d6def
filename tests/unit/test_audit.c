// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_audit.c: the audit log: appending, the hash chain and its encoding, what verification
 * finds after tampering (the tests drop the append-only triggers in their own database to
 * tamper), refused details, listing, concurrent writers and `kring audit`. */
#include "test.h"
#include "tempdb.h"
#include "app/audit/audit.h"
#include "app/keyring/keyring.h"
#include "base/log.h"
#include <pthread.h>
#include <sodium.h>

void test_audit_empty_log(void);
void test_audit_append_and_verify(void);
void test_audit_rollback_leaves_no_entry(void);
void test_audit_triggers_refuse_changes(void);
void test_audit_tampered_detail(void);
void test_audit_deleted_entry(void);
void test_audit_tampered_last_hash(void);
void test_audit_tampered_fields(void);
void test_audit_detail_refused(void);
void test_audit_null_actor_subject(void);
void test_audit_list_pages(void);
void test_audit_event_names(void);
void test_audit_hash_encoding(void);
void test_audit_utc_time(void);
void test_audit_concurrent_writers(void);
void test_audit_cli(void);
void test_audit_unkeyed_entries_sealed(void);
void test_audit_rewrite_without_key(void);
void test_audit_since_head(void);
void test_audit_key_rotation(void);

#include "cli/cli.h"

static int64_t
count_rows(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM audit_log");
	int64_t n = -1;
	if (st && db_row(st))
		n = db_col_int(st, 0);
	CHECK(st && db_done(st) == KR_OK);
	return n;
}

/* n entries with varied events, ids and details, in transactions of up to 7 and alone. */
static void
append_n(struct db_conn *c, int n)
{
	for (int i = 0; i < n;) {
		char detail[64];
		if (i % 3 == 0) {
			snprintf(detail, sizeof(detail), "alone %d", i);
			CHECK(audit_append_tx(c, (enum audit_event)(i % AUDIT_EVENT_COUNT), i % 4,
					      i % 5, detail) == KR_OK);
			i++;
			continue;
		}
		CHECK(db_begin(c) == KR_OK);
		for (int k = 0; k < 7 && i < n; k++, i++) {
			snprintf(detail, sizeof(detail), "role chair in network %d", i);
			CHECK(audit_append(c, (enum audit_event)(i % AUDIT_EVENT_COUNT), i % 4,
					   i % 5, i % 2 ? detail : NULL) == KR_OK);
		}
		CHECK(db_commit(c) == KR_OK);
	}
}

static void
expect_broken(struct db_conn *c, int64_t bad, int64_t before)
{
	int64_t checked = -1, first_bad = -1;
	CHECK_INT(audit_verify(c, &checked, &first_bad), KR_EINVAL);
	CHECK_INT(first_bad, bad);
	CHECK_INT(checked, before);
}

static void
expect_intact(struct db_conn *c, int64_t n)
{
	int64_t checked = -1, first_bad = -1;
	CHECK_INT(audit_verify(c, &checked, &first_bad), KR_OK);
	CHECK_INT(checked, n);
	CHECK_INT(first_bad, 0);
}

static void
exec_ok(struct db_conn *c, const char *sql)
{
	char *s = tempdb_sql(sql);
	if (db_exec(c, s) != KR_OK)
		test_fail(__FILE__, __LINE__, s);
	free(s);
}

void
test_audit_empty_log(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	expect_intact(t.c, 0);
	struct arena a;
	arena_init(&a);
	struct audit_entry *v = NULL;
	size_t n = 99;
	CHECK(audit_list(t.c, &a, 0, 10, &v, &n) == KR_OK);
	CHECK_INT(n, 0);
	arena_release(&a);
	tempdb_close(&t);
}

void
test_audit_append_and_verify(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 50);
	CHECK_INT(count_rows(t.c), 50);
	expect_intact(t.c, 50);
	/* The ids are 1..50 without gaps, and the first entry links to 32 zero bytes. */
	struct db_stmt *st = db_prepare(t.c, "SELECT min(id), max(id) FROM audit_log");
	CHECK(st && db_row(st));
	if (!st)
		return;
	CHECK_INT(db_col_int(st, 0), 1);
	CHECK_INT(db_col_int(st, 1), 50);
	CHECK(db_done(st) == KR_OK);
	st = db_prepare(t.c, "SELECT prev_hash, hash FROM audit_log WHERE id = 1");
	CHECK(st && db_row(st));
	if (!st)
		return;
	size_t len = 0;
	const unsigned char *p = db_col_blob(st, 0, &len);
	static const unsigned char zero[AUDIT_HASH_BYTES];
	CHECK_INT(len, AUDIT_HASH_BYTES);
	CHECK(p && memcmp(p, zero, sizeof(zero)) == 0);
	p = db_col_blob(st, 1, &len);
	CHECK_INT(len, AUDIT_HASH_BYTES);
	CHECK(p && memcmp(p, zero, sizeof(zero)) != 0);
	CHECK(db_done(st) == KR_OK);
	/* Each entry's prev_hash is the hash of the entry before it. */
	st = db_prepare(t.c, "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1"
			     " WHERE b.prev_hash = a.hash");
	CHECK(st && db_row(st));
	CHECK_INT(db_col_int(st, 0), 49);
	CHECK(db_done(st) == KR_OK);
	tempdb_close(&t);
}

void
test_audit_rollback_leaves_no_entry(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 3);
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(audit_append(t.c, AUDIT_ROLE_CHANGED, 1, 2, "undone") == KR_OK);
	db_rollback(t.c);
	CHECK_INT(count_rows(t.c), 3);
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_OUT, 1, 0, NULL) == KR_OK);
	expect_intact(t.c, 4);
	/* A refused detail in audit_append_tx leaves no transaction open. */
	CHECK_INT(audit_append_tx(t.c, AUDIT_SIGN_OUT, 1, 0, "two\nlines"), KR_EINVAL);
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(db_commit(t.c) == KR_OK);
	tempdb_close(&t);
}

void
test_audit_triggers_refuse_changes(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 5);
	struct db_stmt *st =
	    db_prepare(t.c, "UPDATE audit_log SET detail = 'changed' WHERE id = 3");
	CHECK(st && db_run(st) == KR_EDB);
	st = db_prepare(t.c, "UPDATE audit_log SET hash = prev_hash");
	CHECK(st && db_run(st) == KR_EDB);
	st = db_prepare(t.c, "DELETE FROM audit_log WHERE id = 5");
	CHECK(st && db_run(st) == KR_EDB);
	st = db_prepare(t.c, "DELETE FROM audit_log");
	CHECK(st && db_run(st) == KR_EDB);
	CHECK(db_exec(t.c, "UPDATE audit_log SET actor_id = NULL") != KR_OK);
	CHECK_INT(count_rows(t.c), 5);
	st = db_prepare(t.c, "SELECT count(*) FROM audit_log WHERE detail = 'changed'");
	CHECK(st && db_row(st));
	CHECK_INT(db_col_int(st, 0), 0);
	CHECK(db_done(st) == KR_OK);
	expect_intact(t.c, 5);
	tempdb_close(&t);
}

void
test_audit_tampered_detail(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 12);
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	exec_ok(t.c, "UPDATE audit_log SET detail = 'nothing happened' WHERE id = 7");
	expect_broken(t.c, 7, 6);
	/* Entry 3 has no detail; bytes hidden behind a NUL are a change too. */
	exec_ok(t.c, "UPDATE audit_log SET detail = CAST(X'006a756e6b' AS TEXT) WHERE id = 3");
	expect_broken(t.c, 3, 2);
	tempdb_close(&t);
}

void
test_audit_deleted_entry(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 12);
	exec_ok(t.c, "DROP TRIGGER audit_log_no_delete");
	exec_ok(t.c, "DELETE FROM audit_log WHERE id = 5");
	expect_broken(t.c, 6, 4);
	tempdb_close(&t);

	/* Removing the first entry breaks the new first one (its link is not to zeros). */
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 4);
	exec_ok(t.c, "DROP TRIGGER audit_log_no_delete");
	exec_ok(t.c, "DELETE FROM audit_log WHERE id = 1");
	expect_broken(t.c, 2, 0);
	tempdb_close(&t);
}

void
test_audit_tampered_last_hash(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 10);
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	exec_ok(t.c, "UPDATE audit_log SET hash = zeroblob(32) WHERE id = 10");
	expect_broken(t.c, 10, 9);
	/* An append chains onto the damaged hash rather than stopping all auditing; the break
	 * stays where it is. */
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_IN_OK, 1, 1, NULL) == KR_OK);
	expect_broken(t.c, 10, 9);
	tempdb_close(&t);
}

/* Each change to one field of one entry is found at that entry (or, for a link, where the
 * link breaks), and undoing it makes the chain whole again. */
void
test_audit_tampered_fields(void)
{
	static const struct {
		const char *tamper, *undo;
		int64_t bad, before;
	} cases[] = {
		{ "UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE id = 4",
		  "UPDATE audit_log SET at = (SELECT at FROM orig WHERE id = 4) WHERE id = 4", 4,
		  3 },
		{ "UPDATE audit_log SET event = 'sign_out' WHERE id = 4",
		  "UPDATE audit_log SET event = 'role_changed' WHERE id = 4", 4, 3 },
		{ "UPDATE audit_log SET actor_id = 0 WHERE id = 4",
		  "UPDATE audit_log SET actor_id = NULL WHERE id = 4", 4, 3 },
		{ "UPDATE audit_log SET subject_id = 9 WHERE id = 4",
		  "UPDATE audit_log SET subject_id = 8 WHERE id = 4", 4, 3 },
		{ "UPDATE audit_log SET detail = 'role' WHERE id = 4",
		  "UPDATE audit_log SET detail = 'role chair' WHERE id = 4", 4, 3 },
		{ "UPDATE audit_log SET prev_hash = zeroblob(32) WHERE id = 6",
		  "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE id = 5)"
		  " WHERE id = 6",
		  6, 5 },
		{ "UPDATE audit_log SET hash = X'00' WHERE id = 3",
		  "UPDATE audit_log SET hash = (SELECT hash FROM orig WHERE id = 3) WHERE id = 3",
		  3, 2 },
		/* Renumbering an entry changes what its hash covers. */
		{ "UPDATE audit_log SET id = 20 WHERE id = 8",
		  "UPDATE audit_log SET id = 8 WHERE id = 20", 20, 7 },
		/* An entry inserted at the end with a made-up chain. */
		{ "INSERT INTO audit_log (id, at, event, prev_hash, hash) SELECT 9, at, event,"
		  " hash, hash FROM audit_log WHERE id = 8",
		  "DELETE FROM audit_log WHERE id = 9", 9, 8 },
	};
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	for (int i = 1; i <= 8; i++) {
		const char *detail = i == 4 ? "role chair" : "x";
		CHECK(audit_append_tx(t.c, i == 4 ? AUDIT_ROLE_CHANGED : AUDIT_SIGN_IN_OK,
				      i == 4 ? 0 : i, 8, detail) == KR_OK);
	}
	exec_ok(t.c, "CREATE TABLE orig AS SELECT * FROM audit_log");
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	exec_ok(t.c, "DROP TRIGGER audit_log_no_delete");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		expect_intact(t.c, 8);
		exec_ok(t.c, cases[i].tamper);
		int before = test_failures_in_current;
		expect_broken(t.c, cases[i].bad, cases[i].before);
		if (test_failures_in_current != before)
			fprintf(stderr, "    case: %s\n", cases[i].tamper);
		exec_ok(t.c, cases[i].undo);
	}
	expect_intact(t.c, 8);
	tempdb_close(&t);
}

void
test_audit_detail_refused(void)
{
	static const char *const bad[] = {
		"two\nlines",	   "tab\there",	     "carriage\rreturn",      "\x1b[31mred",
		"del\x7f",	   "nel\xc2\x85",    "rlo \xe2\x80\xae evil", "ls\xe2\x80\xa8",
		"lri\xe2\x81\xa6", "bad utf-8 \xff", "overlong \xc0\xaf",
	};
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(!audit_detail_ok(bad[i]));
		CHECK(db_begin(t.c) == KR_OK);
		CHECK_INT(audit_append(t.c, AUDIT_SIGN_IN_FAILED, 0, 3, bad[i]), KR_EINVAL);
		CHECK(db_commit(t.c) == KR_OK);
	}
	char big[AUDIT_DETAIL_MAX + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0'; /* 501 bytes */
	CHECK_INT(audit_append_tx(t.c, AUDIT_SIGN_IN_FAILED, 0, 3, big), KR_EINVAL);
	CHECK(!audit_detail_ok(big));
	/* An unknown event or a negative id is refused too. */
	CHECK_INT(audit_append_tx(t.c, AUDIT_EVENT_COUNT, 0, 0, NULL), KR_EINVAL);
	CHECK_INT(audit_append_tx(t.c, AUDIT_SIGN_OUT, -1, 0, NULL), KR_EINVAL);
	CHECK_INT(audit_append_tx(t.c, AUDIT_SIGN_OUT, 0, -2, NULL), KR_EINVAL);
	CHECK_INT(count_rows(t.c), 0);
	/* 500 bytes, plain UTF-8 with accents and symbols, and no detail at all are fine. */
	big[AUDIT_DETAIL_MAX] = '\0';
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_IN_FAILED, 0, 3, big) == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_ROLE_CHANGED, 1, 3, "rôle → “voorzitter” ✓") == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_OUT, 3, 0, NULL) == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_OUT, 3, 0, "") == KR_OK);
	expect_intact(t.c, 4);
	tempdb_close(&t);
}

void
test_audit_null_actor_subject(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	CHECK(audit_append_tx(t.c, AUDIT_PASSWORD_RESET_REQUESTED, 0, 0, NULL) == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_ACCOUNT_CREATED, 7, 0, "by invitation") == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_IN_FAILED, 0, 12, NULL) == KR_OK);
	struct db_stmt *st = db_prepare(t.c, "SELECT id, actor_id IS NULL, subject_id IS NULL,"
					     " actor_id, subject_id FROM audit_log ORDER BY id");
	static const int64_t want[3][4] = { { 1, 1, 0, 0 }, { 0, 1, 7, 0 }, { 1, 0, 0, 12 } };
	int row = 0;
	while (st && db_row(st)) {
		if (row < 3) {
			CHECK_INT(db_col_int(st, 1), want[row][0]);
			CHECK_INT(db_col_int(st, 2), want[row][1]);
			CHECK_INT(db_col_int(st, 3), want[row][2]);
			CHECK_INT(db_col_int(st, 4), want[row][3]);
		}
		row++;
	}
	CHECK(st && db_done(st) == KR_OK);
	CHECK_INT(row, 3);
	struct arena a;
	arena_init(&a);
	struct audit_entry *v = NULL;
	size_t n = 0;
	CHECK(audit_list(t.c, &a, 0, 10, &v, &n) == KR_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(v[2].actor_id, 0);
		CHECK_INT(v[2].subject_id, 0);
		CHECK_STR(v[2].event, "password_reset_requested");
		CHECK_STR(v[2].detail, "");
		CHECK_INT(v[1].actor_id, 7);
		CHECK_INT(v[1].subject_id, 0);
		CHECK_STR(v[1].detail, "by invitation");
		CHECK_INT(v[0].actor_id, 0);
		CHECK_INT(v[0].subject_id, 12);
	}
	arena_release(&a);
	expect_intact(t.c, 3);
	tempdb_close(&t);
}

void
test_audit_list_pages(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	for (int i = 1; i <= 25; i++) {
		char detail[32];
		snprintf(detail, sizeof(detail), "n%d", i);
		CHECK(audit_append_tx(t.c, AUDIT_LIST_VIEWED, i, 100 + i, detail) == KR_OK);
	}
	struct arena a;
	arena_init(&a);
	struct audit_entry *v = NULL;
	size_t n = 0;
	int64_t before = 0, seen = 0, next_want = 25;
	for (int page = 0; page < 5; page++) {
		CHECK(audit_list(t.c, &a, before, 10, &v, &n) == KR_OK);
		for (size_t i = 0; i < n; i++, seen++, next_want--) {
			char want[32];
			snprintf(want, sizeof(want), "n%lld", (long long)next_want);
			CHECK_INT(v[i].id, next_want);
			CHECK_INT(v[i].actor_id, next_want);
			CHECK_INT(v[i].subject_id, 100 + next_want);
			CHECK_STR(v[i].event, "list_viewed");
			CHECK_STR(v[i].detail, want);
		}
		if (n == 0)
			break;
		before = v[n - 1].id;
	}
	CHECK_INT(seen, 25);
	CHECK(audit_list(t.c, &a, 6, 10, &v, &n) == KR_OK);
	CHECK_INT(n, 5);
	CHECK(audit_list(t.c, &a, 1, 10, &v, &n) == KR_OK);
	CHECK_INT(n, 0);
	CHECK(audit_list(t.c, &a, 0, AUDIT_LIST_MAX, &v, &n) == KR_OK);
	CHECK_INT(n, 25);
	CHECK_INT(audit_list(t.c, &a, 0, 0, &v, &n), KR_EINVAL);
	CHECK_INT(audit_list(t.c, &a, 0, AUDIT_LIST_MAX + 1, &v, &n), KR_EINVAL);
	CHECK_INT(audit_list(t.c, &a, -1, 10, &v, &n), KR_EINVAL);
	arena_release(&a);
	tempdb_close(&t);
}

void
test_audit_event_names(void)
{
	/* Stored names never change: these are in databases already. */
	CHECK_STR(audit_event_name(AUDIT_SIGN_IN_OK), "sign_in_ok");
	CHECK_STR(audit_event_name(AUDIT_SECOND_FACTOR_SET_UP), "second_factor_set_up");
	CHECK_STR(audit_event_name(AUDIT_PASSWORD_RESET_DONE), "password_reset_done");
	CHECK_STR(audit_event_name(AUDIT_INVITATION_ACCEPTED), "invitation_accepted");
	CHECK_STR(audit_event_name(AUDIT_LIST_VIEWED), "list_viewed");
	CHECK(audit_event_name(AUDIT_EVENT_COUNT) == NULL);
	CHECK(audit_event_name((enum audit_event) - 1) == NULL);
	for (int i = 0; i < AUDIT_EVENT_COUNT; i++) {
		const char *name = audit_event_name((enum audit_event)i);
		CHECK(name != NULL);
		if (!name)
			continue;
		CHECK(strlen(name) >= 3 && strlen(name) <= 32);
		CHECK(strspn(name, "abcdefghijklmnopqrstuvwxyz_") == strlen(name));
		enum audit_event back = AUDIT_EVENT_COUNT;
		CHECK(audit_event_from_name(name, &back));
		CHECK_INT(back, i);
		for (int k = 0; k < i; k++)
			CHECK(strcmp(name, audit_event_name((enum audit_event)k)) != 0);
	}
	enum audit_event ev;
	CHECK(!audit_event_from_name("sign_in", &ev));
	CHECK(!audit_event_from_name("", &ev));
	CHECK(!audit_event_from_name(NULL, &ev));
}

/* The encoding as audit.h documents it, written again independently of service.c. */
static void
doc_field(crypto_generichash_state *h, const void *p, size_t n)
{
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
	crypto_generichash_update(h, len, 8);
	if (n)
		crypto_generichash_update(h, p, n);
}

static void
doc_int(crypto_generichash_state *h, int64_t v, bool present)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (56 - 8 * i));
	doc_field(h, b, present ? 8 : 0);
}

static void
doc_hash(int64_t id, const char *at, int64_t actor, int64_t subject, const char *event,
	 const char *detail, const unsigned char prev[32], unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	doc_field(&h, "kring audit v1", 14);
	doc_int(&h, id, true);
	doc_field(&h, at, strlen(at));
	doc_int(&h, actor, actor != 0);
	doc_int(&h, subject, subject != 0);
	doc_field(&h, event, strlen(event));
	doc_field(&h, detail, strlen(detail));
	doc_field(&h, prev, 32);
	crypto_generichash_final(&h, out, 32);
}

/* The keyed recipe (v2); key NULL: the same without a key, as someone without the key file
 * would compute it. */
static void
doc_hash2(const unsigned char *key, int64_t id, const char *at, int64_t actor, int64_t subject,
	  const char *event, const char *detail, int64_t epoch, const unsigned char prev[32],
	  unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, key, key ? KEY_BYTES : 0, 32);
	doc_field(&h, "kring audit v2", 14);
	doc_int(&h, id, true);
	doc_field(&h, at, strlen(at));
	doc_int(&h, actor, actor != 0);
	doc_int(&h, subject, subject != 0);
	doc_field(&h, event, strlen(event));
	doc_field(&h, detail, strlen(detail));
	doc_int(&h, epoch, true);
	doc_field(&h, prev, 32);
	crypto_generichash_final(&h, out, 32);
}

static void
insert_raw(struct db_conn *c, int64_t id, const char *at, int64_t actor, int64_t subject,
	   const char *event, const char *detail, const unsigned char prev[32],
	   const unsigned char hash[32])
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO audit_log (id, at, actor_id, subject_id,"
					   " event, detail, prev_hash, hash)"
					   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	CHECK(st != NULL);
	if (!st)
		return;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, at);
	if (actor)
		db_bind_int(st, 3, actor);
	else
		db_bind_null(st, 3);
	if (subject)
		db_bind_int(st, 4, subject);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, event);
	db_bind_text(st, 6, detail);
	db_bind_blob(st, 7, prev, 32);
	db_bind_blob(st, 8, hash, 32);
	CHECK(db_run(st) == KR_OK);
}

/* One stored entry, as the recipes need it. */
struct raw_entry {
	char at[32], event[40], detail[AUDIT_DETAIL_MAX + 1];
	int64_t actor, subject, epoch;
	unsigned char prev[32], hash[32];
};

static bool
read_raw(struct db_conn *c, int64_t id, struct raw_entry *e)
{
	struct db_stmt *st = db_prepare(c, "SELECT at, coalesce(actor_id, 0),"
					   " coalesce(subject_id, 0), event, detail, key_epoch,"
					   " prev_hash, hash FROM audit_log WHERE id = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool ok = db_row(st);
	if (ok) {
		size_t n;
		snprintf(e->at, sizeof(e->at), "%s", db_col_text(st, 0));
		e->actor = db_col_int(st, 1);
		e->subject = db_col_int(st, 2);
		snprintf(e->event, sizeof(e->event), "%s", db_col_text(st, 3));
		snprintf(e->detail, sizeof(e->detail), "%s", db_col_text(st, 4));
		e->epoch = db_col_int(st, 5);
		memcpy(e->prev, db_col_blob(st, 6, &n), 32);
		memcpy(e->hash, db_col_blob(st, 7, &n), 32);
	}
	CHECK(db_done(st) == KR_OK);
	return ok;
}

static void
write_hashes(struct db_conn *c, int64_t id, int64_t epoch, const unsigned char prev[32],
	     const unsigned char hash[32])
{
	struct db_stmt *st = db_prepare(c, "UPDATE audit_log SET key_epoch = ?, prev_hash = ?,"
					   " hash = ? WHERE id = ?");
	CHECK(st != NULL);
	if (!st)
		return;
	db_bind_int(st, 1, epoch);
	db_bind_blob(st, 2, prev, 32);
	db_bind_blob(st, 3, hash, 32);
	db_bind_int(st, 4, id);
	CHECK(db_run(st) == KR_OK);
}

/* What someone with the database but not the key file can do: change entry `from`'s detail
 * and hash that entry and every later one again, with key (NULL: none) and the v2 recipe, or
 * with the unkeyed v1 recipe as entries from before the key (v1). */
static void
rechain(struct db_conn *c, int64_t from, int64_t last, const char *detail, const unsigned char *key,
	bool v1)
{
	unsigned char prev[32];
	struct raw_entry e;
	for (int64_t id = from; id <= last; id++) {
		if (!read_raw(c, id, &e)) {
			test_fail(__FILE__, __LINE__, "an entry to hash again");
			return;
		}
		if (id == from) {
			memcpy(prev, e.prev, 32);
			snprintf(e.detail, sizeof(e.detail), "%s", detail);
			struct db_stmt *st =
			    db_prepare(c, "UPDATE audit_log SET detail = ? WHERE id = ?");
			CHECK(st != NULL);
			if (!st)
				return;
			db_bind_text(st, 1, detail);
			db_bind_int(st, 2, id);
			CHECK(db_run(st) == KR_OK);
		}
		int64_t epoch = v1 ? 0 : e.epoch ? e.epoch : 1; /* keyed again: epoch 1 */
		if (v1)
			doc_hash(id, e.at, e.actor, e.subject, e.event, e.detail, prev, e.hash);
		else
			doc_hash2(key, id, e.at, e.actor, e.subject, e.event, e.detail, epoch, prev,
				  e.hash);
		write_hashes(c, id, epoch, prev, e.hash);
		memcpy(prev, e.hash, 32);
	}
}

void
test_audit_hash_encoding(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	/* Kring's entries follow the documented keyed recipe, with the key file's audit key
	 * and epoch 1 (no rotation yet). */
	unsigned char zero[32] = { 0 }, h[32];
	CHECK(audit_append_tx(t.c, AUDIT_ACCOUNT_CREATED, 0, 5, "") == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_ROLE_CHANGED, 2, 3, "chair") == KR_OK);
	struct raw_entry e1, e2;
	CHECK(read_raw(t.c, 1, &e1) && read_raw(t.c, 2, &e2));
	CHECK_INT(e1.epoch, 1);
	CHECK_INT(e2.epoch, 1);
	CHECK(memcmp(e1.prev, zero, 32) == 0 && memcmp(e2.prev, e1.hash, 32) == 0);
	doc_hash2(t.k.audit, 1, e1.at, 0, 5, "account_created", "", 1, zero, h);
	CHECK(memcmp(h, e1.hash, 32) == 0);
	doc_hash2(t.k.audit, 2, e2.at, 2, 3, "role_changed", "chair", 1, e1.hash, h);
	CHECK(memcmp(h, e2.hash, 32) == 0);
	/* Without the key the recipe gives another hash. */
	doc_hash2(NULL, 2, e2.at, 2, 3, "role_changed", "chair", 1, e1.hash, h);
	CHECK(memcmp(h, e2.hash, 32) != 0);
	expect_intact(t.c, 2);
	/* Moving a byte from one field to its neighbour keeps the concatenation but not the
	 * hash: the fields are length-prefixed. */
	unsigned char a1[32], a2[32];
	doc_hash2(t.k.audit, 9, "t", 0, 0, "ab", "c", 1, zero, a1);
	doc_hash2(t.k.audit, 9, "t", 0, 0, "a", "bc", 1, zero, a2);
	CHECK(memcmp(a1, a2, 32) != 0);
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	exec_ok(t.c, "UPDATE audit_log SET event = 'role_change', detail = 'dchair' WHERE id = 2");
	expect_broken(t.c, 2, 1);
	tempdb_close(&t);
}

/* A database from before the key: its unkeyed entries verify by the v1 recipe once the key
 * is loaded, which seals them with one keyed entry; they are not hashed again. */
void
test_audit_unkeyed_entries_sealed(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	unsigned char zero[32] = { 0 }, h1[32], h2[32];
	doc_hash(1, "2026-11-22T10:13:40Z", 0, 5, "account_created", "", zero, h1);
	insert_raw(t.c, 1, "2026-11-22T10:13:40Z", 0, 5, "account_created", "", zero, h1);
	doc_hash(2, "2026-11-22T10:14:02Z", 5, 0, "future_event", "from a newer version", h1, h2);
	insert_raw(t.c, 2, "2026-11-22T10:14:02Z", 5, 0, "future_event", "from a newer version", h1,
		   h2);
	/* Unsealed, the newest entry is not hashed with the key: not accepted as whole. */
	expect_broken(t.c, 2, 1);
	CHECK(audit_key_load(t.c, &t.k) == KR_OK);
	CHECK_INT(count_rows(t.c), 3);
	struct raw_entry e;
	CHECK(read_raw(t.c, 3, &e));
	CHECK_STR(e.event, "audit_chain_keyed");
	CHECK_STR(e.detail, "entries 1 to 2 were written unkeyed");
	CHECK_INT(e.epoch, 1);
	CHECK(memcmp(e.prev, h2, 32) == 0);
	expect_intact(t.c, 3);
	/* Loading the key again seals nothing more. */
	CHECK(audit_key_load(t.c, &t.k) == KR_OK);
	CHECK_INT(count_rows(t.c), 3);
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_OUT, 5, 5, NULL) == KR_OK);
	expect_intact(t.c, 4);
	/* The sealed entries cannot be rewritten by their unkeyed recipe. */
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	rechain(t.c, 1, 2, "rewritten", NULL, true);
	expect_broken(t.c, 3, 2);
	tempdb_close(&t);
}

/* Someone with write access to the database alone edits an entry (as with the sqlite3 shell)
 * and computes the hashes again without the key, for it and every later entry: found. */
void
test_audit_rewrite_without_key(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	append_n(t.c, 9);
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	/* The keyed recipe without the key. */
	rechain(t.c, 4, 9, "nothing happened", NULL, false);
	expect_broken(t.c, 4, 3);
	/* With a key of one's own. */
	unsigned char mine[KEY_BYTES];
	randombytes_buf(mine, sizeof(mine));
	rechain(t.c, 4, 9, "nothing happened", mine, false);
	expect_broken(t.c, 4, 3);
	/* As unkeyed entries from before the key, the whole log from the first entry on: the
	 * newest entry is then not hashed with the key file's key. */
	rechain(t.c, 1, 9, "nothing happened", NULL, true);
	expect_broken(t.c, 9, 8);
	/* The real key mends it (which is what only the key file's holder can do). */
	rechain(t.c, 1, 9, "nothing happened", t.k.audit, false);
	expect_intact(t.c, 9);
	tempdb_close(&t);
}

/* A head written down is found again; cutting the log back to before it is not seen by a
 * plain verify, but by verify --since. */
void
test_audit_since_head(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	int64_t id = -1, checked = -1, bad = -1;
	unsigned char head[AUDIT_HASH_BYTES], other[AUDIT_HASH_BYTES];
	bool found = true;
	CHECK(audit_head(t.c, &id, head, &found) == KR_OK);
	CHECK(!found);
	append_n(t.c, 6);
	CHECK(audit_head(t.c, &id, head, &found) == KR_OK);
	CHECK(found);
	CHECK_INT(id, 6);
	struct raw_entry e;
	CHECK(read_raw(t.c, 6, &e) && memcmp(e.hash, head, 32) == 0);
	CHECK_INT(audit_verify_since(t.c, head, &checked, &bad), KR_OK);
	CHECK_INT(checked, 6);
	append_n(t.c, 3);
	CHECK_INT(audit_verify_since(t.c, head, &checked, &bad), KR_OK);
	CHECK_INT(checked, 9);
	/* A hash that is no entry's. */
	memcpy(other, head, sizeof(other));
	other[0] ^= 1;
	CHECK_INT(audit_verify_since(t.c, other, &checked, &bad), KR_ENOTFOUND);
	/* Something after the head changed: broken, named. */
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	exec_ok(t.c, "CREATE TABLE orig AS SELECT * FROM audit_log");
	exec_ok(t.c, "UPDATE audit_log SET detail = 'x' WHERE id = 8");
	CHECK_INT(audit_verify_since(t.c, head, &checked, &bad), KR_EINVAL);
	CHECK_INT(bad, 8);
	exec_ok(t.c, "UPDATE audit_log SET detail = (SELECT detail FROM orig WHERE id = 8)"
		     " WHERE id = 8");
	/* The newest entries removed, the head among them: the rest still verifies. */
	exec_ok(t.c, "DROP TRIGGER audit_log_no_delete");
	exec_ok(t.c, "DELETE FROM audit_log WHERE id >= 6");
	expect_intact(t.c, 5);
	CHECK_INT(audit_verify_since(t.c, head, &checked, &bad), KR_ENOTFOUND);
	CHECK_INT(checked, 5);
	CHECK_INT(bad, 0);
	tempdb_close(&t);
}

void
test_audit_utc_time(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	int64_t now = time_now();
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_IN_OK, 1, 1, NULL) == KR_OK);
	struct arena a;
	arena_init(&a);
	struct audit_entry *v = NULL;
	size_t n = 0;
	CHECK(audit_list(t.c, &a, 0, 1, &v, &n) == KR_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		const char *at = v[0].at;
		CHECK_INT(strlen(at), 20);
		CHECK(strspn(at, "0123456789-:TZ") == 20 && at[4] == '-' && at[10] == 'T' &&
		      at[19] == 'Z');
		struct tm tm = { 0 };
		int parsed = sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon,
				    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
		CHECK_INT(parsed, 6);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		int64_t when = (int64_t)timegm(&tm);
		CHECK(when >= now - 1 && when <= now + 5); /* UTC, not local time */
	}
	arena_release(&a);
	tempdb_close(&t);
}

struct writer {
	struct db *db;
	int n, failures;
};

static void *
writer_run(void *arg)
{
	struct writer *w = arg;
	struct db_conn *c = db_conn(w->db);
	for (int i = 0; i < w->n; i++)
		if (!c || audit_append_tx(c, AUDIT_SIGN_IN_OK, i + 1, 0, "concurrent"))
			w->failures++;
	return NULL;
}

void
test_audit_concurrent_writers(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	struct writer w[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct writer){ t.db, 40, 0 };
		CHECK(pthread_create(&th[i], NULL, writer_run, &w[i]) == 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(w[i].failures, 0);
	}
	expect_intact(t.c, 160);
	tempdb_close(&t);
}

/* Runs `kring audit ARGS...` with stdout and stderr into out. */
static int
run_cli(const char *const *args, size_t nargs, char *out, size_t size)
{
	char *argv[12];
	if (nargs > ARRAY_SIZE(argv) - 1)
		BUG("too many arguments");
	for (size_t i = 0; i < nargs; i++)
		argv[i] = xstrdup(args[i]);
	argv[nargs] = NULL;
	fflush(stdout);
	fflush(stderr);
	FILE *tmp = tmpfile();
	if (!tmp)
		BUG("tmpfile");
	int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
	dup2(fileno(tmp), STDOUT_FILENO);
	dup2(fileno(tmp), STDERR_FILENO);
	int rc = cli_audit((int)nargs, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	rewind(tmp);
	size_t n = fread(out, 1, size - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	for (size_t i = 0; i < nargs; i++)
		free(argv[i]);
	return rc;
}

void
test_audit_cli(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	/* The command verifies with the key file beside the database. */
	char key_path[128];
	struct keys k;
	snprintf(key_path, sizeof(key_path), "%s/k.key", t.dir);
	CHECK(keys_create(key_path) == KR_OK && keyring_open(t.c, key_path, &k) == KR_OK);
	/* A PostgreSQL database has no path to put the key file beside: name it (KRING_KEY). */
	if (tempdb_is_pg())
		setenv("KRING_KEY", key_path, 1);
	char out[4096];
	const char *verify[] = { "audit", "verify", "--db", t.path };
	CHECK_INT(run_cli(verify, 4, out, sizeof(out)), 0);
	CHECK_STR(out, "audit log: 0 entries, chain intact\n");
	const char *head[] = { "audit", "head", "--db", t.path };
	CHECK_INT(run_cli(head, 4, out, sizeof(out)), 1);
	CHECK_STR(out, "kring audit: the audit log is empty\n");
	CHECK(audit_append_tx(t.c, AUDIT_ACCOUNT_CREATED, 0, 4, "by invitation") == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_ROLE_CHANGED, 4, 9, "chair in network 2") == KR_OK);
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_OUT, 9, 0, NULL) == KR_OK);
	CHECK_INT(run_cli(verify, 4, out, sizeof(out)), 0);
	CHECK_STR(out, "audit log: 3 entries, chain intact\n");
	/* The head, and verify --since with it (as printed, and grouped as the page shows it). */
	CHECK_INT(run_cli(head, 4, out, sizeof(out)), 0);
	CHECK_INT(strlen(out), 65);
	CHECK(strspn(out, "0123456789abcdef") == 64 && out[64] == '\n');
	char hash3[65], grouped[80];
	snprintf(hash3, sizeof(hash3), "%.64s", out);
	snprintf(grouped, sizeof(grouped), "%.8s %.8s %.8s %.8s %.8s %.8s %.8s %.8s", hash3,
		 hash3 + 8, hash3 + 16, hash3 + 24, hash3 + 32, hash3 + 40, hash3 + 48, hash3 + 56);
	const char *since[] = { "audit", "verify", "--since", hash3, "--db", t.path };
	CHECK_INT(run_cli(since, 6, out, sizeof(out)), 0);
	CHECK_STR(out, "audit log: 3 entries, chain intact\n");
	const char *since_grouped[] = { "audit", "verify", "--since=", "--db", t.path };
	char since_arg[96];
	snprintf(since_arg, sizeof(since_arg), "--since=%s", grouped);
	since_grouped[2] = since_arg;
	CHECK_INT(run_cli(since_grouped, 5, out, sizeof(out)), 0);
	const char *since_bad[] = { "audit", "verify", "--since", "abc", "--db", t.path };
	CHECK_INT(run_cli(since_bad, 6, out, sizeof(out)), 2);
	const char *since_list[] = { "audit", "list", "--since", hash3, "--db", t.path };
	CHECK_INT(run_cli(since_list, 6, out, sizeof(out)), 2);
	/* With a key file that is not the database's, nothing is verified. */
	char wrong_key[128];
	snprintf(wrong_key, sizeof(wrong_key), "%s/other.key", t.dir);
	CHECK(keys_create(wrong_key) == KR_OK);
	const char *keyless[] = { "audit", "verify", "--db", t.path, "--key", wrong_key };
	CHECK_INT(run_cli(keyless, 6, out, sizeof(out)), 1);
	unlink(wrong_key);

	const char *list[] = { "audit", "--db", t.path, "list", "--limit", "2" };
	CHECK_INT(run_cli(list, 6, out, sizeof(out)), 0);
	char *second = strchr(out, '\n');
	CHECK(second && strchr(second + 1, '\n') && !strchr(strchr(second + 1, '\n') + 1, '\n'));
	CHECK(strncmp(out, "     3  20", 10) == 0);
	CHECK(strstr(out, "  sign_out ") != NULL);
	CHECK(strstr(out, "       9       -  \n") != NULL);
	CHECK(strstr(out, "     2  ") != NULL && strstr(out, "role_changed") != NULL);
	CHECK(strstr(out, "chair in network 2\n") != NULL);
	CHECK(strstr(out, "account_created") == NULL);
	const char *list_eq[] = { "audit", "list", "--limit=5", "--db", t.path };
	CHECK_INT(run_cli(list_eq, 5, out, sizeof(out)), 0);
	CHECK(strstr(out, "account_created") != NULL);

	/* Bad usage is 2. */
	const char *none[] = { "audit", "--db", t.path };
	CHECK_INT(run_cli(none, 3, out, sizeof(out)), 2);
	const char *what[] = { "audit", "mend", "--db", t.path };
	CHECK_INT(run_cli(what, 4, out, sizeof(out)), 2);
	const char *lim0[] = { "audit", "list", "--limit", "0", "--db", t.path };
	CHECK_INT(run_cli(lim0, 6, out, sizeof(out)), 2);
	const char *limv[] = { "audit", "verify", "--limit", "3", "--db", t.path };
	CHECK_INT(run_cli(limv, 6, out, sizeof(out)), 2);
	const char *opt[] = { "audit", "verify", "--listen", "x", "--db", t.path };
	CHECK_INT(run_cli(opt, 6, out, sizeof(out)), 2);

	/* A tampered detail: verify names it and exits 1; list shows it harmlessly. */
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	exec_ok(t.c, "UPDATE audit_log SET detail = 'x' || char(27) || '[2J' WHERE id = 2");
	CHECK_INT(run_cli(verify, 4, out, sizeof(out)), 1);
	CHECK_STR(out, "audit log: broken at entry 2 (1 entry before it is intact)\n");
	CHECK_INT(run_cli(list, 6, out, sizeof(out)), 0);
	CHECK(strstr(out, "x\\x1b[2J\n") != NULL);
	CHECK(strchr(out, 27) == NULL);
	exec_ok(t.c, "UPDATE audit_log SET hash = zeroblob(32) WHERE id = 3");
	exec_ok(t.c, "UPDATE audit_log SET detail = 'by invitation?' WHERE id = 1");
	CHECK_INT(run_cli(verify, 4, out, sizeof(out)), 1);
	CHECK_STR(out, "audit log: broken at entry 1 (0 entries before it are intact)\n");

	/* Cut back to before the head: a plain verify cannot tell, --since can. */
	exec_ok(t.c, "DROP TRIGGER audit_log_no_delete");
	exec_ok(t.c, "DELETE FROM audit_log");
	CHECK(audit_append_tx(t.c, AUDIT_SIGN_OUT, 9, 0, NULL) == KR_OK);
	CHECK_INT(run_cli(verify, 4, out, sizeof(out)), 0);
	CHECK_INT(run_cli(since, 6, out, sizeof(out)), 1);
	CHECK_STR(out, "audit log: 1 entry intact, but the entry with that hash is gone: the log "
		       "was cut back\n");
	sodium_memzero(&k, sizeof(k));
	unlink(key_path);

	/* A missing database is 1, with a message. */
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/none.db", t.dir);
	const char *gone[] = { "audit", "verify", "--db", missing };
	CHECK_INT(run_cli(gone, 4, out, sizeof(out)), 1);
	unsetenv("KRING_KEY");
	tempdb_close(&t);
}

/* `kring key rotate` keeps the chain as it is and verifiable: the head written down before
 * still verifies, the new entries are keyed with the new key, and the retired key cannot
 * rewrite the entries from before the rotation unseen. */
void
test_audit_key_rotation(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	char key_path[128];
	snprintf(key_path, sizeof(key_path), "%s/k.key", t.dir);
	struct keys k1, k2;
	CHECK(keys_create(key_path) == KR_OK && keyring_open(t.c, key_path, &k1) == KR_OK);
	append_n(t.c, 5);
	int64_t id, checked, bad;
	unsigned char head[AUDIT_HASH_BYTES];
	bool found;
	CHECK(audit_head(t.c, &id, head, &found) == KR_OK && found);
	struct keyring_result res;
	CHECK(keyring_rotate(t.c, key_path, &res) == KR_OK);
	CHECK(keyring_open(t.c, key_path, &k2) == KR_OK);
	CHECK(memcmp(k1.audit, k2.audit, KEY_BYTES) != 0); /* a new audit key */
	append_n(t.c, 2);
	expect_intact(t.c, 8);
	CHECK_INT(audit_verify_since(t.c, head, &checked, &bad), KR_OK);
	struct raw_entry e;
	CHECK(read_raw(t.c, 6, &e));
	CHECK_STR(e.event, "key_rotated");
	CHECK_INT(e.epoch, 2);
	CHECK(memcmp(e.prev, head, 32) == 0);
	CHECK(read_raw(t.c, 5, &e));
	CHECK_INT(e.epoch, 1);
	/* The retired key is kept for epoch 1, and it is the old key file's. */
	struct db_stmt *st = db_prepare(t.c, "SELECT epoch, key FROM audit_key");
	CHECK(st && db_row(st));
	if (st) {
		size_t n = 0;
		const void *p = db_col_blob(st, 1, &n);
		CHECK_INT(db_col_int(st, 0), 1);
		CHECK(n == KEY_BYTES && p && memcmp(p, k1.audit, KEY_BYTES) == 0);
		CHECK(!db_row(st));
		CHECK(db_done(st) == KR_OK);
	}
	/* Whoever has the retired key can hash epoch 1 again, but the rotation's entry, keyed
	 * with the new key, still links to the old hash. */
	exec_ok(t.c, "DROP TRIGGER audit_log_no_update");
	rechain(t.c, 2, 5, "rewritten", k1.audit, false);
	expect_broken(t.c, 6, 5);
	/* Nor can the log be cut back to the old epoch and go on under the retired key. */
	rechain(t.c, 2, 5, "rewritten", k1.audit, false);
	exec_ok(t.c, "DROP TRIGGER audit_log_no_delete");
	exec_ok(t.c, "DELETE FROM audit_log WHERE id >= 6");
	expect_broken(t.c, 5, 4);
	sodium_memzero(&k1, sizeof(k1));
	sodium_memzero(&k2, sizeof(k2));
	unlink(key_path);
	tempdb_close(&t);
}
