// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_members.c: membership rules, and that a copy of the database ties no member to a group. */
#include "test.h"
#include "app/auth/auth.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include <sodium.h>

void test_members_join_leave(void);
void test_members_pseudonyms(void);
void test_members_directory(void);
void test_members_stolen_database(void);
void test_members_coordinators(void);

struct tdb {
	char dir[64];
	char path[96];
	struct db *db;
	struct db_conn *c;
	struct keys k;
	struct arena a;
	int64_t net, sub, sam, kim, lou;
};

static bool
tdb_open(struct tdb *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/kring-members-XXXXXX");
	if (!mkdtemp(t->dir) || sodium_init() < 0)
		return false;
	snprintf(t->path, sizeof(t->path), "%s/k.db", t->dir);
	if (db_open(&t->db, t->path, DB_CREATE) || db_migrate(t->db, NULL))
		return false;
	t->c = db_conn(t->db);
	randombytes_buf(&t->k, sizeof(t->k));
	arena_init(&t->a);
	struct network nw = { .slug = "iedereen", .name = "Iedereen Telt", .kind = NETWORK_BROAD };
	return t->c && org_create(t->c, "Gemeente", "") == KR_OK &&
	       org_network_add(t->c, &nw, &t->net) == KR_OK &&
	       subgroup_create(t->c, 0, t->net, "ptss", "PTSS-groep Zeldzaamwoord", "", &t->sub) ==
		   KR_OK &&
	       auth_account_create(t->c, 0, &t->a, "sam.markeerpunt@rijnstad.example",
				   "Sam Markeerpunt", NULL, &t->sam) == KR_OK &&
	       auth_account_create(t->c, 0, &t->a, "kim@rijnstad.example", "Kim", NULL, &t->kim) ==
		   KR_OK &&
	       auth_account_create(t->c, 0, &t->a, "lou@rijnstad.example", "Lou", NULL, &t->lou) ==
		   KR_OK;
}

static void
tdb_close(struct tdb *t)
{
	arena_release(&t->a);
	db_close(t->db);
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

void
test_members_join_leave(void)
{
	struct tdb t;
	if (!tdb_open(&t)) {
		CHECK(!"database");
		return;
	}
	const char *problem;
	struct member_choice vis = { .appearance = APPEAR_VISIBLE,
				     .line = "Ik werk bij Burgerzaken" };
	/* A subgroup needs the network first. */
	CHECK(members_join(t.c, &t.k, t.sam, t.net, t.sub, &vis, 100, &problem) == KR_ENOTFOUND);
	CHECK(members_join(t.c, &t.k, t.sam, t.net, 0, &vis, 100, &problem) == KR_OK);
	CHECK(members_join(t.c, &t.k, t.sam, t.net, 0, &vis, 100, &problem) == KR_ECONFLICT);
	CHECK(members_join(t.c, &t.k, t.sam, t.net, t.sub, &vis, 100, &problem) == KR_OK);
	struct membership m;
	CHECK(members_get(t.c, &t.k, &t.a, t.sam, t.net, 0, &m) == KR_OK);
	CHECK(m.account_id == t.sam && m.choice.appearance == APPEAR_VISIBLE && m.joined_at == 100);
	CHECK_STR(m.choice.line, "Ik werk bij Burgerzaken");
	struct membership *all;
	size_t n;
	CHECK(members_of_account(t.c, &t.k, &t.a, t.sam, &all, &n) == KR_OK);
	CHECK_INT(n, 2);
	/* The counts follow joins (and a refused join changes none). */
	int64_t before = -1;
	CHECK(members_count(t.c, t.net, 0, &before) == KR_OK && before == 1);
	CHECK(members_count(t.c, t.net, t.sub, &before) == KR_OK && before == 1);
	CHECK(members_join(t.c, &t.k, t.kim, t.net, 0, &vis, 100, &problem) == KR_OK);
	CHECK(members_count(t.c, t.net, 0, &before) == KR_OK && before == 2);
	CHECK(members_leave(t.c, &t.k, t.kim, t.net, 0) == KR_OK);
	/* Leaving the network leaves its subgroups: erased at once. */
	CHECK(members_leave(t.c, &t.k, t.sam, t.net, 0) == KR_OK);
	CHECK(members_get(t.c, &t.k, &t.a, t.sam, t.net, t.sub, &m) == KR_ENOTFOUND);
	CHECK(members_leave(t.c, &t.k, t.sam, t.net, 0) == KR_ENOTFOUND);
	int64_t count = -1;
	CHECK(members_count(t.c, t.net, 0, &count) == KR_OK && count == 0);
	CHECK(members_count(t.c, t.net, t.sub, &count) == KR_OK && count == 0);
	/* Changing how one appears: only for members. */
	struct member_choice silent = { .appearance = APPEAR_SILENT };
	CHECK(members_update(t.c, &t.k, t.sam, t.net, 0, &silent, &problem) == KR_ENOTFOUND);
	CHECK(members_join(t.c, &t.k, t.sam, t.net, 0, &silent, 200, &problem) == KR_OK);
	CHECK(members_update(t.c, &t.k, t.sam, t.net, 0, &vis, &problem) == KR_OK);
	CHECK(members_get(t.c, &t.k, &t.a, t.sam, t.net, 0, &m) == KR_OK &&
	      m.choice.appearance == APPEAR_VISIBLE && m.joined_at == 200);
	/* Another key opens nothing: the row is refused, never shown. */
	struct keys other;
	randombytes_buf(&other, sizeof(other));
	CHECK(members_get(t.c, &other, &t.a, t.sam, t.net, 0, &m) == KR_ENOTFOUND);
	tdb_close(&t);
}

void
test_members_pseudonyms(void)
{
	struct tdb t;
	if (!tdb_open(&t)) {
		CHECK(!"database");
		return;
	}
	const char *problem = NULL;
	struct member_choice p = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "  Uil " };
	CHECK(members_join(t.c, &t.k, t.sam, t.net, 0, &p, 1, &problem) == KR_OK);
	p.pseudonym = "uil"; /* the same, whatever the case */
	CHECK(members_join(t.c, &t.k, t.kim, t.net, 0, &p, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_taken);
	p.pseudonym = "";
	CHECK(members_join(t.c, &t.k, t.kim, t.net, 0, &p, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_empty);
	p.pseudonym = "12345678901234567890123456789012345678901"; /* 41 */
	CHECK(members_join(t.c, &t.k, t.kim, t.net, 0, &p, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_long);
	p.pseudonym = "ééééééééééééééééééééééééééééééééééééééé"; /* 40 characters, 80 bytes */
	CHECK(members_join(t.c, &t.k, t.kim, t.net, 0, &p, 1, &problem) == KR_OK);
	/* Nothing was changed by the refusals: Kim joined once, as the last try. */
	int64_t count;
	CHECK(members_count(t.c, t.net, 0, &count) == KR_OK && count == 2);
	/* In the subgroup the pseudonym "Uil" is free: uniqueness is per group. */
	struct member_choice vis = { .appearance = APPEAR_VISIBLE };
	CHECK(members_join(t.c, &t.k, t.lou, t.net, 0, &vis, 1, &problem) == KR_OK);
	p.pseudonym = "Uil";
	CHECK(members_join(t.c, &t.k, t.lou, t.net, t.sub, &p, 1, &problem) == KR_OK);
	/* Beyond ASCII too: "Émile" and "émile" are the same pseudonym. */
	p.pseudonym = "Émile";
	CHECK(members_update(t.c, &t.k, t.lou, t.net, t.sub, &p, &problem) == KR_OK);
	struct member_choice e2 = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "émile" };
	CHECK(members_join(t.c, &t.k, t.sam, t.net, t.sub, &e2, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_taken);
	/* Dropping a pseudonym frees it. */
	CHECK(members_update(t.c, &t.k, t.sam, t.net, 0, &vis, &problem) == KR_OK);
	p.pseudonym = "UIL";
	CHECK(members_update(t.c, &t.k, t.kim, t.net, 0, &p, &problem) == KR_OK);
	tdb_close(&t);
}

void
test_members_directory(void)
{
	struct tdb t;
	if (!tdb_open(&t)) {
		CHECK(!"database");
		return;
	}
	const char *problem;
	struct member_choice vis = { .appearance = APPEAR_VISIBLE, .line = "Hallo", .ally = true };
	struct member_choice ps = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "Vos" };
	struct member_choice si = { .appearance = APPEAR_SILENT };
	CHECK(members_join(t.c, &t.k, t.sam, t.net, 0, &vis, 1, &problem) == KR_OK);
	CHECK(members_join(t.c, &t.k, t.kim, t.net, 0, &ps, 1, &problem) == KR_OK);
	CHECK(members_join(t.c, &t.k, t.lou, t.net, 0, &si, 1, &problem) == KR_OK);
	struct directory_entry *v;
	size_t n;
	CHECK(members_directory(t.c, &t.k, &t.a, t.net, 0, &v, &n) == KR_OK);
	CHECK_INT(n, 2);
	bool saw_sam = false, saw_vos = false;
	for (size_t i = 0; i < n; i++) {
		CHECK(strcmp(v[i].shown_name, "Lou") != 0); /* a silent follower appears nowhere */
		CHECK(strcmp(v[i].shown_name, "Kim") != 0); /* a pseudonym hides the name */
		if (strcmp(v[i].shown_name, "Sam Markeerpunt") == 0)
			saw_sam =
			    v[i].ally && strcmp(v[i].line, "Hallo") == 0 && !v[i].is_pseudonym;
		if (strcmp(v[i].shown_name, "Vos") == 0)
			saw_vos = v[i].is_pseudonym && v[i].account_id == 0;
	}
	CHECK(saw_sam && saw_vos);
	/* A blocked account disappears from the directory. */
	CHECK(auth_account_set_disabled(t.c, 0, t.sam, true) == KR_OK);
	CHECK(members_directory(t.c, &t.k, &t.a, t.net, 0, &v, &n) == KR_OK);
	CHECK_INT(n, 1);
	tdb_close(&t);
}

/* Reads a whole file into the arena; *len its size. */
static unsigned char *
slurp(struct arena *a, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = arena_alloc(a, n > 0 ? (size_t)n : 1);
	*len = fread(p, 1, n > 0 ? (size_t)n : 0, f);
	fclose(f);
	return p;
}

static bool
contains(const unsigned char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

void
test_members_stolen_database(void)
{
	struct tdb t;
	if (!tdb_open(&t)) {
		CHECK(!"database");
		return;
	}
	const char *problem;
	struct member_choice ps = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "Reigerpseudo" };
	struct member_choice vis = { .appearance = APPEAR_VISIBLE, .line = "Regelmarkering" };
	CHECK(members_join(t.c, &t.k, t.sam, t.net, 0, &vis, 1, &problem) == KR_OK);
	CHECK(members_join(t.c, &t.k, t.sam, t.net, t.sub, &ps, 1, &problem) == KR_OK);
	CHECK(db_exec(t.c, "PRAGMA wal_checkpoint(TRUNCATE)") == KR_OK);
	db_close(t.db);
	t.db = NULL;
	/* Every byte of the database file: the member's name, e-mail and account id appear in
	 * the account table only; the subgroup's name in the subgroup table only; the pseudonym
	 * and the line nowhere in the clear. */
	size_t len;
	unsigned char *raw = slurp(&t.a, t.path, &len);
	CHECK(raw && len > 0);
	if (!raw)
		return;
	CHECK(!contains(raw, len, "Reigerpseudo"));
	CHECK(!contains(raw, len, "reigerpseudo"));
	CHECK(!contains(raw, len, "Regelmarkering"));
	/* No row ties them together: read each table's rows and look for both at once. */
	struct db *db;
	CHECK(db_open(&db, t.path, DB_READONLY) == KR_OK);
	struct db_conn *c = db_conn(db);
	struct db_stmt *st = db_prepare(c, "SELECT name FROM sqlite_schema WHERE type = 'table'");
	char tables[32][48];
	size_t ntables = 0;
	while (st && db_row(st) && ntables < 32)
		snprintf(tables[ntables++], 48, "%.47s", db_col_text(st, 0));
	CHECK(st && db_done(st) == KR_OK);
	for (size_t i = 0; i < ntables; i++) {
		char sql[128];
		/* Every column of every row, as one text (blobs as hex). */
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%.47s\"", tables[i]);
		struct db_stmt *rows = db_prepare(c, arena_strdup(&t.a, sql));
		if (!rows)
			continue;
		while (db_row(rows)) {
			bool member = false, group = false;
			for (int col = 0; col < 16; col++) {
				const char *v = db_col_text(rows, col);
				if (strstr(v, "Markeerpunt") || strstr(v, "markeerpunt"))
					member = true;
				if (strstr(v, "Zeldzaamwoord"))
					group = true;
			}
			CHECK(!(member && group));
		}
		CHECK(db_done(rows) == KR_OK);
	}
	/* The membership rows hold neither the account's id nor anything readable of it. */
	st = db_prepare(c, "SELECT count(*) FROM membership WHERE CAST(sealed AS TEXT) LIKE"
			   " '%Markeerpunt%' OR CAST(lookup AS TEXT) LIKE '%Markeerpunt%'");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 0);
	CHECK(st && db_done(st) == KR_OK);
	db_close(db);
	tdb_close(&t);
}

/* A coordinator is asked first (an e-mail that names no subgroup), counts only after saying
 * yes, and the erase hook takes their requests and roles with their memberships. */
void
test_members_coordinators(void)
{
	struct tdb t;
	if (!tdb_open(&t)) {
		CHECK(!"database");
		return;
	}
	const char **names;
	int64_t *ids;
	size_t n;
	CHECK(subgroup_set_coordinator(t.c, t.sub, t.sam, true) == KR_OK);
	CHECK(subgroup_coordinator_ask(t.c, t.sam, "Iedereen Telt", t.sub, t.kim, "Kim",
				       "kim@rijnstad.example", "https://kring.example",
				       200) == KR_OK);
	/* Asked twice, or asking a coordinator: refused, nothing sent. */
	CHECK(subgroup_coordinator_ask(t.c, t.sam, "Iedereen Telt", t.sub, t.kim, "Kim",
				       "kim@rijnstad.example", "https://kring.example",
				       201) == KR_ECONFLICT);
	CHECK(subgroup_coordinator_ask(t.c, t.kim, "Iedereen Telt", t.sub, t.sam, "Sam",
				       "sam.markeerpunt@rijnstad.example", "https://kring.example",
				       202) == KR_ECONFLICT);
	struct db_stmt *st = db_prepare(t.c, "SELECT count(*), max(body) FROM outbox");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 1);
	if (st) {
		const char *body = db_col_text(st, 1);
		CHECK(strstr(body, "https://kring.example/me/coordinator") &&
		      strstr(body, "Iedereen Telt") && !strstr(body, "Zeldzaamwoord") &&
		      !strstr(body, "ptss"));
		CHECK(db_done(st) == KR_OK);
	}
	CHECK(subgroup_is_asked(t.c, t.sub, t.kim) && !subgroup_is_coordinator(t.c, t.sub, t.kim));
	CHECK(subgroup_coordinators(t.c, &t.a, t.sub, &names, &ids, &n) == KR_OK && n == 1 &&
	      ids[0] == t.sam);
	CHECK(subgroup_coordinators_asked(t.c, &t.a, t.sub, &names, &ids, &n) == KR_OK && n == 1 &&
	      ids[0] == t.kim);
	/* Only the person asked answers, once. */
	CHECK(subgroup_coordinator_answer(t.c, t.sub, t.lou, true) == KR_ENOTFOUND);
	CHECK(subgroup_coordinator_answer(t.c, t.sub, t.kim, true) == KR_OK);
	CHECK(subgroup_coordinator_answer(t.c, t.sub, t.kim, false) == KR_ENOTFOUND);
	CHECK(subgroup_is_coordinator(t.c, t.sub, t.kim) && !subgroup_is_asked(t.c, t.sub, t.kim));
	CHECK(subgroup_coordinator_step_down(t.c, t.sub, t.lou) == KR_ENOTFOUND);
	/* Lou is asked and says nothing; Kim coordinates; the erase hook takes both. */
	CHECK(subgroup_coordinator_ask(t.c, t.sam, "Iedereen Telt", t.sub, t.lou, "Lou",
				       "lou@rijnstad.example", "https://kring.example",
				       300) == KR_OK);
	struct coordinator_role *roles;
	CHECK(subgroup_coordinator_roles(t.c, &t.a, t.lou, &roles, &n) == KR_OK && n == 1 &&
	      !roles[0].accepted && roles[0].asked_at == 300 &&
	      strcmp(roles[0].subgroup_name, "PTSS-groep Zeldzaamwoord") == 0);
	CHECK(members_erase_account(t.c, &t.k, t.lou) == KR_OK);
	CHECK(members_erase_account(t.c, &t.k, t.kim) == KR_OK);
	CHECK(subgroup_coordinator_roles(t.c, &t.a, t.lou, &roles, &n) == KR_OK && n == 0);
	CHECK(subgroup_coordinator_roles(t.c, &t.a, t.kim, &roles, &n) == KR_OK && n == 0);
	CHECK(subgroup_coordinator_roles(t.c, &t.a, t.sam, &roles, &n) == KR_OK && n == 1 &&
	      roles[0].accepted);
	tdb_close(&t);
}
