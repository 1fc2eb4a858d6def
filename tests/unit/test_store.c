// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_store.c: the database layer, the key file, the organisation service, translations per
 * thread and the display-preference cookie. */
#include "test.h"
#include "tempdb.h"
#include "app/common/view.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/keys.h"
#include "db/db.h"
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>

void test_db_migrate_and_statements(void);
void test_db_refuses_missing_file(void);
void test_db_backup(void);
void test_db_snapshot(void);
void test_db_one_writer_at_a_time(void);
void test_db_failure_inside_transaction(void);
void test_db_portable_sql(void);
void test_db_job_claim(void);
void test_keys_file(void);
void test_org_rules(void);
void test_prefs_cookie(void);
void test_i18n_threads(void);

static char *
temp_dir(void)
{
	char tmpl[] = "/tmp/kring-unit-XXXXXX";
	char *d = mkdtemp(tmpl);
	if (!d)
		BUG("mkdtemp");
	return xstrdup(d);
}

static char *
path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void
remove_dir(const char *dir)
{
	static const char *const names[] = { "k.db", "k.db-wal", "k.db-shm", "k.key", "copy.db" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *p = path_in(dir, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

void
test_db_migrate_and_statements(void)
{
	char *dir = temp_dir(), *path = path_in(dir, "k.db");
	struct db *db;
	CHECK(db_open(&db, path, DB_CREATE) == KR_OK);
	int applied = -1, version = -1;
	CHECK(db_migrate(db, &applied) == KR_OK);
	CHECK(applied >= 1);
	struct db_conn *c = db_conn(db);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK(db_schema_version(c, &version) == KR_OK);
	CHECK_INT(version, db_schema_latest());
	CHECK(db_migrate(db, &applied) == KR_OK); /* a second run applies nothing */
	CHECK_INT(applied, 0);
	/* The same literal gives the cached statement. */
	const char *sql = "SELECT count(*) FROM site";
	CHECK(db_prepare(c, sql) == db_prepare(c, sql));
	CHECK(db_ping(c) == KR_OK);
	CHECK(db_check(c) == KR_OK);
	/* A failing statement reports KR_EDB and leaves the statement usable. */
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO site (name, town, headcount) VALUES (?, ?, ?)");
	db_bind_text(st, 1, "Kantoor");
	db_bind_text(st, 2, "Rijnstad");
	db_bind_int(st, 3, -1); /* violates CHECK (headcount >= 0) */
	CHECK(db_run(st) == KR_EDB);
	CHECK(!db_last_was_conflict(c));
	/* Rollback undoes. */
	CHECK(db_begin(c) == KR_OK);
	db_bind_text(st, 1, "Kantoor");
	db_bind_text(st, 2, "Rijnstad");
	db_bind_int(st, 3, 10);
	CHECK(db_run(st) == KR_OK);
	db_rollback(c);
	struct db_stmt *count = db_prepare(c, sql);
	CHECK(db_row(count) && db_col_int(count, 0) == 0);
	CHECK(db_done(count) == KR_OK);
	/* A bad statement is NULL, not a crash. */
	CHECK(db_prepare(c, "SELEC nonsense") == NULL);
	db_close(db);
	/* synchronous=FULL and WAL are in force on reopen. */
	CHECK(db_open(&db, path, 0) == KR_OK);
	db_close(db);
	free(path);
	remove_dir(dir);
	free(dir);
}

void
test_db_refuses_missing_file(void)
{
	struct db *db = NULL;
	CHECK(db_open(&db, "/tmp/kring-unit-does-not-exist/x.db", 0) == KR_EDB);
	CHECK(db == NULL);
}

void
test_db_backup(void)
{
	char *dir = temp_dir(), *path = path_in(dir, "k.db"), *copy = path_in(dir, "copy.db");
	struct db *db;
	CHECK(db_open(&db, path, DB_CREATE) == KR_OK && db_migrate(db, NULL) == KR_OK);
	struct db_conn *c = db_conn(db);
	CHECK(org_create(c, "Gemeente Rijnstad", "") == KR_OK);
	CHECK(db_backup(db, copy) == KR_OK);
	CHECK(db_backup(db, copy) == KR_EIO); /* never overwrites */
	db_close(db);
	struct db *b;
	CHECK(db_open(&b, copy, DB_READONLY) == KR_OK);
	struct arena a;
	arena_init(&a);
	struct org org;
	CHECK(org_get(db_conn(b), &a, &org) == KR_OK);
	CHECK_STR(org.name, "Gemeente Rijnstad");
	CHECK(db_check(db_conn(b)) == KR_OK);
	arena_release(&a);
	db_close(b);
	struct stat sb;
	CHECK(stat(copy, &sb) == 0 && (sb.st_mode & 077) == 0);
	free(path);
	free(copy);
	remove_dir(dir);
	free(dir);
}

void
test_keys_file(void)
{
	CHECK(sodium_init() >= 0);
	char *dir = temp_dir(), *path = path_in(dir, "k.key");
	CHECK(keys_create(path) == KR_OK);
	CHECK(keys_create(path) == KR_EIO); /* refuses to overwrite */
	struct stat sb;
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	struct keys k1, k2;
	CHECK(keys_load(path, &k1) == KR_OK);
	CHECK(keys_load(path, &k2) == KR_OK);
	CHECK(memcmp(k1.csrf, k2.csrf, KEY_BYTES) == 0);
	CHECK(memcmp(k1.csrf, k1.session, KEY_BYTES) != 0); /* subkeys differ */
	chmod(path, 0644);
	CHECK(keys_load(path, &k1) == KR_EIO); /* readable by others: refused */
	char *derived = keys_path_for_db("var/kring.db");
	CHECK_STR(derived, "var/kring.key");
	free(derived);
	derived = keys_path_for_db("data");
	CHECK_STR(derived, "data.key");
	free(derived);
	free(path);
	remove_dir(dir);
	free(dir);
}

void
test_org_rules(void)
{
	char *dir = temp_dir(), *path = path_in(dir, "k.db");
	struct db *db;
	CHECK(db_open(&db, path, DB_CREATE) == KR_OK && db_migrate(db, NULL) == KR_OK);
	struct db_conn *c = db_conn(db);
	struct arena a;
	arena_init(&a);
	struct org org;
	CHECK(org_get(c, &a, &org) == KR_ENOTFOUND);
	CHECK(org_create(c, "", "") == KR_EINVAL);
	CHECK(org_create(c, "Gemeente Rijnstad", "Intro") == KR_OK);
	CHECK(org_create(c, "Tweede", "") == KR_ECONFLICT);
	struct network nw = { .slug = "neurokring", .name = "Neurokring", .kind = NETWORK_NARROW };
	CHECK(org_network_add(c, &nw, NULL) == KR_OK);
	CHECK(org_network_add(c, &nw, NULL) == KR_ECONFLICT);
	nw.slug = "Bad Slug";
	CHECK(org_network_add(c, &nw, NULL) == KR_EINVAL);
	nw.slug = "-x";
	CHECK(org_network_add(c, &nw, NULL) == KR_EINVAL);
	struct network broad = { .slug = "iedereen",
				 .name = "Iedereen Telt",
				 .kind = NETWORK_BROAD };
	CHECK(org_network_add(c, &broad, NULL) == KR_OK);
	struct network *list;
	size_t n;
	CHECK(org_networks(c, &a, &list, &n) == KR_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(list[0].slug, "iedereen"); /* broad networks first */
		CHECK(list[1].kind == NETWORK_NARROW);
	}
	struct site s = { 0, "Stadskantoor", "Rijnstad", -5 };
	CHECK(org_site_add(c, &s, NULL) == KR_EINVAL);
	s.headcount = 3150;
	CHECK(org_site_add(c, &s, NULL) == KR_OK);
	arena_release(&a);
	db_close(db);
	free(path);
	remove_dir(dir);
	free(dir);
}

void
test_prefs_cookie(void)
{
	struct arena a;
	arena_init(&a);
	struct prefs p;
	prefs_parse(&a,
		    "text=largest&font=dyslexic&calm=1&contrast=high&theme=dark&motion=reduce"
		    "&lang=en",
		    &p);
	CHECK(p.text == PREF_TEXT_LARGEST && p.dyslexic_font && p.low_stimulus && p.high_contrast);
	CHECK(p.theme == PREF_THEME_DARK && p.reduce_motion && p.lang == PREF_LANG_EN);
	CHECK_STR(prefs_html_class(&a, &p),
		  "text-largest font-dyslexic calm contrast-high theme-dark motion-reduce");
	CHECK_STR(prefs_encode(&a, &p), "text=largest&font=dyslexic&calm=1&contrast=high"
					"&theme=dark&motion=reduce&lang=en");
	/* Unknown or damaged values fall back to the defaults, never to an error. */
	prefs_parse(&a, "text=huge&theme=%zz", &p);
	CHECK(p.text == PREF_TEXT_NORMAL && p.theme == PREF_THEME_SYSTEM);
	prefs_parse(&a, "text=large&theme=neon", &p);
	CHECK(p.text == PREF_TEXT_LARGE && p.theme == PREF_THEME_SYSTEM);
	CHECK_STR(prefs_html_class(&a, &p), "text-large");
	prefs_parse(&a, NULL, &p);
	CHECK_STR(prefs_html_class(&a, &p), "");
	arena_release(&a);
}

struct lang_run {
	const char *lang;
	const char *want;
	int wrong;
};

static void *
translate_many(void *arg)
{
	struct lang_run *run = arg;
	for (int i = 0; i < 20000; i++) {
		i18n_use(run->lang);
		if (strcmp(_("Skip to main content"), run->want) != 0)
			run->wrong++;
	}
	return NULL;
}

void
test_i18n_threads(void)
{
	CHECK(i18n_init(KRING_LOCALEDIR) == KR_OK);
	struct lang_run nl = { "nl", "Direct naar de inhoud", 0 };
	struct lang_run en = { "en", "Skip to main content", 0 };
	pthread_t t1, t2;
	CHECK(pthread_create(&t1, NULL, translate_many, &nl) == 0);
	CHECK(pthread_create(&t2, NULL, translate_many, &en) == 0);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	CHECK_INT(nl.wrong, 0);
	CHECK_INT(en.wrong, 0);
	i18n_use("en"); /* leave the English message ids for the other tests */
}

/* ---- the read snapshot of a request ---- */

static int64_t
sites(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM site");
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (!st || db_done(st))
		return -1;
	return n;
}

static int
add_site(struct db_conn *c, const char *name)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO site (name, town, headcount) VALUES (?, 'Rijnstad', 1)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, name);
	return db_run(st);
}

/* Another connection (its own thread's) adds a site and commits. */
static void *
other_writer(void *arg)
{
	static int n; /* one writer at a time: the test joins each */
	struct db *db = arg;
	struct db_conn *c = db_conn(db);
	char name[32];
	snprintf(name, sizeof(name), "elders %d", ++n);
	return (void *)(intptr_t)(c ? add_site(c, name) : KR_EDB);
}

static int
write_elsewhere(struct db *db)
{
	pthread_t t;
	void *res = NULL;
	if (pthread_create(&t, NULL, other_writer, db) != 0)
		return KR_EINTERNAL;
	pthread_join(t, &res);
	return (int)(intptr_t)res;
}

void
test_db_snapshot(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	struct db_conn *c = t.c;
	int64_t n0 = sites(c);
	CHECK(n0 >= 0);

	/* The reads after db_snapshot_begin() share one read transaction: a commit elsewhere
	 * after the first read is not seen until the snapshot ends. */
	db_snapshot_begin(c);
	CHECK(!db_in_transaction(c));
	CHECK_INT(sites(c), n0);
	CHECK(!db_in_transaction(c)); /* a snapshot is not a transaction of the caller's */
	CHECK_INT(write_elsewhere(t.db), KR_OK);
	CHECK_INT(sites(c), n0);
	db_snapshot_end(c);
	CHECK_INT(sites(c), n0 + 1);

	/* A write ends it first: an own transaction can begin, and reads after it see the
	 * newest data again. */
	db_snapshot_begin(c);
	CHECK_INT(sites(c), n0 + 1);
	CHECK_INT(db_begin(c), KR_OK);
	CHECK(db_in_transaction(c));
	CHECK_INT(add_site(c, "own transaction"), KR_OK);
	CHECK_INT(db_commit(c), KR_OK);
	CHECK_INT(write_elsewhere(t.db), KR_OK);
	CHECK_INT(sites(c), n0 + 3);
	db_snapshot_end(c);

	/* A write statement on its own (autocommit) inside the snapshot ends it and commits at
	 * once: the other connection sees it. */
	db_snapshot_begin(c);
	CHECK_INT(sites(c), n0 + 3);
	CHECK_INT(add_site(c, "autocommit"), KR_OK);
	CHECK(!db_in_transaction(c));
	CHECK_INT(write_elsewhere(t.db), KR_OK);
	CHECK_INT(sites(c), n0 + 5);
	/* A snapshot left open is ended by the next db_snapshot_begin(). */
	db_snapshot_begin(c);
	CHECK_INT(sites(c), n0 + 5);
	db_snapshot_begin(c);
	CHECK_INT(write_elsewhere(t.db), KR_OK);
	CHECK_INT(sites(c), n0 + 6);
	db_snapshot_end(c);
	db_snapshot_end(c); /* twice is harmless */
	CHECK_INT(sites(c), n0 + 6);
	tempdb_close(&t);
}

/* What every database backend must keep of db.h's promises, run on each (the PostgreSQL run
 * sets KRING_TEST_PG): one writer at a time, a failed statement that fails only itself, the
 * portable SQL's translations, the job claims. */

#define WRITERS 6
#define ROUNDS	40

static int
counter(struct db_conn *c, int64_t *v)
{
	struct db_stmt *st = db_prepare(c, "SELECT headcount FROM site WHERE name = 'teller'");
	if (!st)
		return KR_EDB;
	*v = db_row(st) ? db_col_int(st, 0) : -1;
	return db_done(st);
}

/* Each round reads the counter in a transaction and writes it back one higher: a lost update
 * shows as a total below WRITERS * ROUNDS. */
static void *
writer(void *arg)
{
	struct db_conn *c = db_conn(arg);
	for (int i = 0; c && i < ROUNDS; i++) {
		int64_t v = 0;
		int err = db_begin(c);
		if (!err)
			err = counter(c, &v);
		struct db_stmt *st =
		    err ? NULL
			: db_prepare(c, "UPDATE site SET headcount = ? WHERE name = 'teller'");
		if (st) {
			db_bind_int(st, 1, v + 1);
			err = db_run(st);
		}
		if (db_end(c, err ? err : (st ? KR_OK : KR_EDB)))
			return (void *)1;
	}
	return c ? NULL : (void *)1;
}

void
test_db_one_writer_at_a_time(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	CHECK(db_exec(t.c, "INSERT INTO site (name, town, headcount) VALUES ('teller', 'x', 0)") ==
	      KR_OK);
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++)
		CHECK(pthread_create(&th[i], NULL, writer, t.db) == 0);
	int failed = 0;
	for (int i = 0; i < WRITERS; i++) {
		void *res;
		pthread_join(th[i], &res);
		failed += res != NULL;
	}
	CHECK_INT(failed, 0);
	int64_t v = -1;
	CHECK(counter(t.c, &v) == KR_OK);
	CHECK_INT(v, WRITERS * ROUNDS);
	tempdb_close(&t);
}

/* A connection that the server ends (a restart, a failover, an administrator's
 * pg_terminate_backend) is lost: db_lost() says so and db_losses() counts it, which is how a
 * request that lost the database part-way answers 503 (app_on_handled()); the next
 * db_conn() connects again and the count stays. On SQLite nothing is ever lost. */
void
test_db_lost_and_back(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	uint64_t before = db_losses(t.db);
	CHECK(!db_lost(t.db));
	if (!tempdb_is_pg()) {
		CHECK_INT(sites(t.c), 0);
		CHECK(db_losses(t.db) == 0);
		tempdb_close(&t);
		return;
	}
	struct db_stmt *st = db_prepare(t.c, "SELECT pg_terminate_backend(pg_backend_pid())");
	CHECK(st != NULL);
	if (st) {
		(void)db_row(st);
		CHECK(db_done(st) == KR_EDB);
	}
	CHECK(db_lost(t.db));
	CHECK(db_losses(t.db) == before + 1);
	struct db_conn *c = db_conn(t.db);
	CHECK(c == t.c);
	CHECK(!db_lost(t.db));
	CHECK_INT(sites(t.c), 0); /* prepared again on the new connection */
	CHECK(db_losses(t.db) == before + 1);
	tempdb_close(&t);
}

void
test_db_failure_inside_transaction(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	/* A UNIQUE conflict inside a transaction fails that statement alone: the stores answer it
	 * (KR_ECONFLICT) and go on, and what came before and after commits. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(add_site(t.c, "Stadhuis") == KR_OK);
	CHECK(add_site(t.c, "Stadhuis") == KR_EDB);
	CHECK(db_last_was_conflict(t.c));
	CHECK(add_site(t.c, "Stadskantoor") == KR_OK);
	CHECK(!db_last_was_conflict(t.c));
	CHECK(db_in_transaction(t.c));
	CHECK(db_commit(t.c) == KR_OK);
	CHECK(!db_in_transaction(t.c));
	CHECK_INT(sites(t.c), 2);
	/* A CHECK violation is a failure, not a conflict; the transaction still goes on. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(db_exec(t.c, "UPDATE site SET headcount = -1") == KR_EDB);
	CHECK(!db_last_was_conflict(t.c));
	CHECK(add_site(t.c, "Werf") == KR_OK);
	CHECK(db_commit(t.c) == KR_OK);
	CHECK_INT(sites(t.c), 3);
	/* A rollback undoes every statement of the transaction. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(add_site(t.c, "Loods") == KR_OK);
	db_rollback(t.c);
	CHECK_INT(sites(t.c), 3);
	/* The changed-row count is the statement's own. */
	struct db_stmt *st = db_prepare(t.c, "UPDATE site SET headcount = 2 WHERE name <> ?");
	db_bind_text(st, 1, "Werf");
	CHECK(st && db_run(st) == KR_OK);
	CHECK_INT(db_changes(t.c), 2);
	tempdb_close(&t);
}

void
test_db_portable_sql(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	int64_t ids[3] = { 0 };
	const char *names[3] = { "Noord", "Oost", "Zuid?" };
	for (int i = 0; i < 3; i++) {
		CHECK(add_site(t.c, names[i]) == KR_OK);
		ids[i] = db_last_id(t.c);
	}
	CHECK(ids[0] > 0 && ids[1] > ids[0] && ids[2] > ids[1]);
	/* A list of ids as one parameter, of any length, none included. */
	struct db_stmt *st =
	    db_prepare(t.c, "SELECT count(*), coalesce(sum(headcount), 0) FROM site"
			    " WHERE id IN (SELECT value FROM json_each(?)) AND town = ?");
	int64_t two[2] = { ids[0], ids[2] };
	db_bind_ids(st, 1, two, 2);
	db_bind_text(st, 2, "Rijnstad");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 2 && db_col_int(st, 1) == 2);
	CHECK(st && db_done(st) == KR_OK);
	db_bind_ids(st, 1, NULL, 0);
	db_bind_text(st, 2, "Rijnstad");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 0);
	CHECK(st && db_done(st) == KR_OK);
	/* A question mark inside a literal is text, not a parameter. */
	st = db_prepare(t.c, "SELECT count(*) FROM site WHERE name <> 'Zuid?' AND town = ?");
	db_bind_text(st, 1, "Rijnstad");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 2);
	CHECK(st && db_done(st) == KR_OK);
	/* NULL-safe equality, blobs with every byte value, truth values as 0 and 1. */
	unsigned char blob[256];
	for (int i = 0; i < 256; i++)
		blob[i] = (unsigned char)i;
	char *create = tempdb_sql("CREATE TABLE kv (k INTEGER, v BLOB)");
	CHECK(db_exec(t.c, create) == KR_OK);
	free(create);
	st = db_prepare(t.c, "INSERT INTO kv (k, v) VALUES (?, ?)");
	db_bind_null(st, 1);
	db_bind_blob(st, 2, blob, sizeof(blob));
	CHECK(st && db_run(st) == KR_OK);
	st = db_prepare(t.c, "SELECT v, v IS NOT NULL, length(v) FROM kv WHERE k IS NOT DISTINCT"
			     " FROM ?");
	db_bind_null(st, 1);
	bool row = st && db_row(st);
	CHECK(row);
	size_t len = 0;
	const void *p = row ? db_col_blob(st, 0, &len) : NULL;
	CHECK(p && len == sizeof(blob) && memcmp(p, blob, len) == 0);
	CHECK(row && db_col_int(st, 1) == 1 && db_col_int(st, 2) == 256);
	CHECK(st && db_done(st) == KR_OK);
	tempdb_close(&t);
}

/* Another connection (another server, as far as the database can tell) claims too. */
static void *
claim_elsewhere(void *arg)
{
	bool mine = true;
	if (db_job_claim(db_conn(arg), "retention", 20000, &mine))
		return (void *)2;
	return mine ? (void *)1 : NULL;
}

void
test_db_job_claim(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	bool mine = false;
	CHECK(db_job_claim(t.c, "retention", 20000, &mine) == KR_OK && mine);
	CHECK(db_job_claim(t.c, "retention", 20000, &mine) == KR_OK && !mine);
	pthread_t th;
	void *res = (void *)3;
	CHECK(pthread_create(&th, NULL, claim_elsewhere, t.db) == 0);
	pthread_join(th, &res);
	CHECK(res == NULL); /* taken: the other server skips it */
	/* Another slot, another job: free. Inside a transaction as well. */
	CHECK(db_job_claim(t.c, "retention", 20001, &mine) == KR_OK && mine);
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(db_job_claim(t.c, "member-counts", 20000, &mine) == KR_OK && mine);
	CHECK(db_job_claim(t.c, "member-counts", 20000, &mine) == KR_OK && !mine);
	CHECK(db_commit(t.c) == KR_OK);
	tempdb_close(&t);
}
