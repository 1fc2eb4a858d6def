// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_members.c: membership rules, and that a copy of the database ties no member to a group. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/common/periodic.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/strbuf.h"
#include "base/log.h"
#include <sodium.h>

void test_members_join_leave(void);
void test_members_pseudonyms(void);
void test_members_directory(void);
void test_members_stolen_database(void);
void test_members_counts_due(void);
void test_members_counts_worker(void);
void test_members_coordinators(void);

/* The shared temporary database with a network, a subgroup in it and three accounts. */
struct fixture {
	struct tempdb t;
	int64_t net, sub, sam, kim, lou;
};

static bool
fixture_open(struct fixture *f)
{
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "iedereen", .name = "Iedereen Telt", .kind = NETWORK_BROAD };
	if (org_create(t->c, "Gemeente", "") == KR_OK &&
	    org_network_add(t->c, &nw, &f->net) == KR_OK &&
	    subgroup_create(t->c, 0, f->net, "ptss", "PTSS-groep Zeldzaamwoord", "", &f->sub) ==
		KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "sam.markeerpunt@rijnstad.example",
				"Sam Markeerpunt", NULL, &f->sam) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "kim@rijnstad.example", "Kim", NULL, &f->kim) ==
		KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "lou@rijnstad.example", "Lou", NULL, &f->lou) ==
		KR_OK)
		return true;
	test_fail(__FILE__, __LINE__, "a network, a subgroup and three accounts");
	tempdb_close(t);
	return false;
}

void
test_members_join_leave(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	const char *problem;
	struct member_choice vis = { .appearance = APPEAR_VISIBLE,
				     .line = "Ik werk bij Burgerzaken" };
	/* A subgroup needs the network first. */
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, f.sub, &vis, 100, &problem) ==
	      KR_ENOTFOUND);
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, 0, &vis, 100, &problem) == KR_OK);
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, 0, &vis, 100, &problem) == KR_ECONFLICT);
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, f.sub, &vis, 100, &problem) == KR_OK);
	struct membership m;
	CHECK(members_get(f.t.c, &f.t.k, &f.t.a, f.sam, f.net, 0, &m) == KR_OK);
	CHECK(m.account_id == f.sam && m.choice.appearance == APPEAR_VISIBLE && m.joined_at == 100);
	CHECK_STR(m.choice.line, "Ik werk bij Burgerzaken");
	struct membership *all;
	size_t n;
	CHECK(members_of_account(f.t.c, &f.t.k, &f.t.a, f.sam, &all, &n) == KR_OK);
	CHECK_INT(n, 2);
	/* The counts shown follow joins only at the next snapshot (and a refused join changes
	 * none). */
	int64_t before = -1, taken = -1;
	CHECK(members_count(f.t.c, f.net, 0, &before) == KR_OK && before == 0);
	CHECK(members_count(f.t.c, f.net, f.sub, &before) == KR_OK && before == 0);
	CHECK(members_counts_refresh(f.t.c, 300) == KR_OK);
	CHECK(members_counts_taken_at(f.t.c, &taken) == KR_OK && taken == 300);
	CHECK(members_count(f.t.c, f.net, 0, &before) == KR_OK && before == 1);
	CHECK(members_count(f.t.c, f.net, f.sub, &before) == KR_OK && before == 1);
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &vis, 100, &problem) == KR_OK);
	CHECK(members_count(f.t.c, f.net, 0, &before) == KR_OK && before == 1);
	CHECK(members_counts_refresh(f.t.c, 400) == KR_OK);
	CHECK(members_count(f.t.c, f.net, 0, &before) == KR_OK && before == 2);
	CHECK(members_leave(f.t.c, &f.t.k, f.kim, f.net, 0) == KR_OK);
	/* Leaving the network leaves its subgroups: erased at once. */
	CHECK(members_leave(f.t.c, &f.t.k, f.sam, f.net, 0) == KR_OK);
	CHECK(members_get(f.t.c, &f.t.k, &f.t.a, f.sam, f.net, f.sub, &m) == KR_ENOTFOUND);
	CHECK(members_leave(f.t.c, &f.t.k, f.sam, f.net, 0) == KR_ENOTFOUND);
	int64_t count = -1;
	CHECK(members_count(f.t.c, f.net, 0, &count) == KR_OK && count == 2);
	CHECK(members_counts_refresh(f.t.c, 500) == KR_OK);
	CHECK(members_count(f.t.c, f.net, 0, &count) == KR_OK && count == 0);
	CHECK(members_count(f.t.c, f.net, f.sub, &count) == KR_OK && count == 0);
	/* Changing how one appears: only for members. */
	struct member_choice silent = { .appearance = APPEAR_SILENT };
	CHECK(members_update(f.t.c, &f.t.k, f.sam, f.net, 0, &silent, &problem) == KR_ENOTFOUND);
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, 0, &silent, 200, &problem) == KR_OK);
	CHECK(members_update(f.t.c, &f.t.k, f.sam, f.net, 0, &vis, &problem) == KR_OK);
	CHECK(members_get(f.t.c, &f.t.k, &f.t.a, f.sam, f.net, 0, &m) == KR_OK &&
	      m.choice.appearance == APPEAR_VISIBLE && m.joined_at == 200);
	/* Another key opens nothing: the row is refused, never shown. */
	struct keys other;
	randombytes_buf(&other, sizeof(other));
	CHECK(members_get(f.t.c, &other, &f.t.a, f.sam, f.net, 0, &m) == KR_ENOTFOUND);
	tempdb_close(&f.t);
}

void
test_members_pseudonyms(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	const char *problem = NULL;
	struct member_choice p = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "  Uil " };
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, 0, &p, 1, &problem) == KR_OK);
	p.pseudonym = "uil"; /* the same, whatever the case */
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &p, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_taken);
	p.pseudonym = "";
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &p, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_empty);
	p.pseudonym = "12345678901234567890123456789012345678901"; /* 41 */
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &p, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_long);
	p.pseudonym = "ééééééééééééééééééééééééééééééééééééééé"; /* 40 characters, 80 bytes */
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &p, 1, &problem) == KR_OK);
	/* Nothing was changed by the refusals: Kim joined once, as the last try. */
	int64_t count;
	CHECK(members_counts_refresh(f.t.c, 1) == KR_OK);
	CHECK(members_count(f.t.c, f.net, 0, &count) == KR_OK && count == 2);
	/* In the subgroup the pseudonym "Uil" is free: uniqueness is per group. */
	struct member_choice vis = { .appearance = APPEAR_VISIBLE };
	CHECK(members_join(f.t.c, &f.t.k, f.lou, f.net, 0, &vis, 1, &problem) == KR_OK);
	p.pseudonym = "Uil";
	CHECK(members_join(f.t.c, &f.t.k, f.lou, f.net, f.sub, &p, 1, &problem) == KR_OK);
	/* Beyond ASCII too: "Émile" and "émile" are the same pseudonym. */
	p.pseudonym = "Émile";
	CHECK(members_update(f.t.c, &f.t.k, f.lou, f.net, f.sub, &p, &problem) == KR_OK);
	struct member_choice e2 = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "émile" };
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, f.sub, &e2, 1, &problem) == KR_EINVAL);
	CHECK(problem == members_problem_pseudonym_taken);
	/* Dropping a pseudonym frees it. */
	CHECK(members_update(f.t.c, &f.t.k, f.sam, f.net, 0, &vis, &problem) == KR_OK);
	p.pseudonym = "UIL";
	CHECK(members_update(f.t.c, &f.t.k, f.kim, f.net, 0, &p, &problem) == KR_OK);
	tempdb_close(&f.t);
}

void
test_members_directory(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	const char *problem;
	struct member_choice vis = { .appearance = APPEAR_VISIBLE, .line = "Hallo", .ally = true };
	struct member_choice ps = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "Vos" };
	struct member_choice si = { .appearance = APPEAR_SILENT };
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, 0, &vis, 1, &problem) == KR_OK);
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &ps, 1, &problem) == KR_OK);
	CHECK(members_join(f.t.c, &f.t.k, f.lou, f.net, 0, &si, 1, &problem) == KR_OK);
	const struct directory_entry *v;
	size_t n;
	CHECK(members_directory(f.t.c, &f.t.k, &f.t.a, f.net, 0, &v, &n) == KR_OK);
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
	CHECK(auth_account_set_disabled(f.t.c, 0, f.sam, true) == KR_OK);
	CHECK(members_directory(f.t.c, &f.t.k, &f.t.a, f.net, 0, &v, &n) == KR_OK);
	CHECK_INT(n, 1);
	tempdb_close(&f.t);
}

static bool
contains(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

void
test_members_stolen_database(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	const char *problem;
	struct member_choice ps = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "Reigerpseudo" };
	struct member_choice vis = { .appearance = APPEAR_VISIBLE, .line = "Regelmarkering" };
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, 0, &vis, 1, &problem) == KR_OK);
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, f.sub, &ps, 1, &problem) == KR_OK);
	/* Every byte of the database's files: the member's name, e-mail and account id appear
	 * in the account table only; the subgroup's name in the subgroup table only; the
	 * pseudonym and the line nowhere in the clear. */
	size_t len = 0;
	char *raw = tempdb_raw(&f.t, &len);
	CHECK(raw && len > 0);
	CHECK(contains(raw, len, "Zeldzaamwoord")); /* the files were read: the name is there */
	db_close(f.t.db);
	f.t.db = NULL;
	if (!raw) {
		tempdb_close(&f.t);
		return;
	}
	CHECK(!contains(raw, len, "Reigerpseudo"));
	CHECK(!contains(raw, len, "reigerpseudo"));
	CHECK(!contains(raw, len, "Regelmarkering"));
	free(raw);
	/* No row ties them together: read each table's rows and look for both at once. */
	struct db *db;
	CHECK(db_open(&db, f.t.path, DB_READONLY) == KR_OK);
	struct db_conn *c = db_conn(db);
	struct db_stmt *st = db_prepare(c, tempdb_tables_sql());
	char tables[32][48];
	size_t ntables = 0;
	while (st && db_row(st) && ntables < 32)
		snprintf(tables[ntables++], 48, "%.47s", db_col_text(st, 0));
	CHECK(st && db_done(st) == KR_OK);
	for (size_t i = 0; i < ntables; i++) {
		char sql[128];
		/* Every column of every row, as one text (blobs as hex). */
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%.47s\"", tables[i]);
		struct db_stmt *rows = db_prepare(c, arena_strdup(&f.t.a, sql));
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
	tempdb_close(&f.t);
}

/* 2026-03-29 is the night the clock in Amsterdam jumps from 02:00 to 03:00. */
static int64_t
at_local(int year, int mon, int mday, int hour, int min)
{
	struct tm tm = { .tm_year = year - 1900,
			 .tm_mon = mon - 1,
			 .tm_mday = mday,
			 .tm_hour = hour,
			 .tm_min = min,
			 .tm_isdst = -1 };
	return (int64_t)mktime(&tm);
}

void
test_members_counts_due(void)
{
	char *saved = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	static const char *const zones[] = { "UTC", "Europe/Amsterdam" };
	for (size_t z = 0; z < ARRAY_SIZE(zones); z++) {
		setenv("TZ", zones[z], 1);
		tzset();
		/* Before the hour: last night's; from the hour on: tonight's. */
		int64_t three = at_local(2026, 12, 1, MEMBERS_COUNTS_HOUR, 0);
		CHECK_INT(members_counts_due_since(three), three);
		CHECK_INT(members_counts_due_since(three + 1), three);
		CHECK_INT(members_counts_due_since(at_local(2026, 12, 1, 23, 59)), three);
		CHECK_INT(members_counts_due_since(at_local(2026, 12, 2, 2, 59)), three);
		CHECK_INT(members_counts_due_since(three - 1),
			  at_local(2026, 11, 30, MEMBERS_COUNTS_HOUR, 0));
		/* Across the change to summer time and back: always the hour on the clock. */
		CHECK_INT(members_counts_due_since(at_local(2026, 3, 29, 12, 0)),
			  at_local(2026, 3, 29, MEMBERS_COUNTS_HOUR, 0));
		CHECK_INT(members_counts_due_since(at_local(2026, 10, 25, 12, 0)),
			  at_local(2026, 10, 25, MEMBERS_COUNTS_HOUR, 0));
		/* So a snapshot taken once a night stays until the next night's hour. */
		int64_t due = members_counts_due_since(at_local(2026, 12, 2, 9, 0));
		CHECK(due > three && due - three >= 23 * 3600 && due - three <= 25 * 3600);
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

/* Waits at most ms for the network's shown count to be `want`. */
static bool
wait_shown(struct fixture *f, int64_t want, int ms)
{
	int64_t n = -1;
	for (int64_t end = time_mono_ms() + ms;; usleep(20 * 1000)) {
		if (members_count(f->t.c, f->net, 0, &n) == KR_OK && n == want)
			return true;
		if (time_mono_ms() >= end)
			return false;
	}
}

void
test_members_counts_worker(void)
{
	struct fixture f;
	if (!fixture_open(&f)) {
		CHECK(!"database");
		return;
	}
	const char *problem = NULL;
	struct member_choice silent = { .appearance = APPEAR_SILENT };
	CHECK(members_join(f.t.c, &f.t.k, f.sam, f.net, 0, &silent, 1, &problem) == KR_OK);
	/* Taken after tonight's hour: the job leaves it alone, the join stays unseen. */
	CHECK(members_counts_refresh(f.t.c, time_now()) == KR_OK);
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &silent, 1, &problem) == KR_OK);
	struct periodic *w = NULL;
	CHECK(periodic_start(&w, "the job", members_counts_nightly, f.t.db) == KR_OK);
	CHECK(!wait_shown(&f, 2, 300));
	int64_t started = time_mono_ms();
	periodic_stop(w);
	CHECK(time_mono_ms() - started < 1000);
	/* Taken before it (the server was down at the hour): the job takes it at start. */
	CHECK(members_counts_refresh(f.t.c, members_counts_due_since(time_now()) - 1) == KR_OK);
	CHECK(members_join(f.t.c, &f.t.k, f.lou, f.net, 0, &silent, 1, &problem) == KR_OK);
	CHECK(periodic_start(&w, "the job", members_counts_nightly, f.t.db) == KR_OK);
	CHECK(wait_shown(&f, 3, 5000));
	int64_t taken = 0;
	CHECK(members_counts_taken_at(f.t.c, &taken) == KR_OK && taken >= time_now() - 10);
	periodic_stop(w);
	tempdb_close(&f.t);
}

/* A coordinator is asked first (an e-mail that names no subgroup), counts only after saying
 * yes, and the erase hook takes their requests and roles with their memberships. */
void
test_members_coordinators(void)
{
	struct fixture f;
	if (!fixture_open(&f)) {
		CHECK(!"database");
		return;
	}
	const char **names;
	int64_t *ids;
	size_t n;
	CHECK(subgroup_set_coordinator(f.t.c, f.sub, f.sam, true) == KR_OK);
	CHECK(subgroup_coordinator_ask(f.t.c, f.sam, "Iedereen Telt", f.sub, f.kim, "Kim",
				       "kim@rijnstad.example", "https://kring.example",
				       200) == KR_OK);
	/* Asked twice, or asking a coordinator: refused, nothing sent. */
	CHECK(subgroup_coordinator_ask(f.t.c, f.sam, "Iedereen Telt", f.sub, f.kim, "Kim",
				       "kim@rijnstad.example", "https://kring.example",
				       201) == KR_ECONFLICT);
	CHECK(subgroup_coordinator_ask(f.t.c, f.kim, "Iedereen Telt", f.sub, f.sam, "Sam",
				       "sam.markeerpunt@rijnstad.example", "https://kring.example",
				       202) == KR_ECONFLICT);
	struct db_stmt *st = db_prepare(f.t.c, "SELECT count(*), max(body) FROM outbox");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 1);
	if (st) {
		const char *body = db_col_text(st, 1);
		CHECK(strstr(body, "https://kring.example/me/coordinator") &&
		      strstr(body, "Iedereen Telt") && !strstr(body, "Zeldzaamwoord") &&
		      !strstr(body, "ptss"));
		CHECK(db_done(st) == KR_OK);
	}
	CHECK(subgroup_is_asked(f.t.c, f.sub, f.kim) &&
	      !subgroup_is_coordinator(f.t.c, f.sub, f.kim));
	CHECK(subgroup_coordinators(f.t.c, &f.t.a, f.sub, &names, &ids, &n) == KR_OK && n == 1 &&
	      ids[0] == f.sam);
	CHECK(subgroup_coordinators_asked(f.t.c, &f.t.a, f.sub, &names, &ids, &n) == KR_OK &&
	      n == 1 && ids[0] == f.kim);
	/* Only the person asked answers, once. */
	CHECK(subgroup_coordinator_answer(f.t.c, f.sub, f.lou, true) == KR_ENOTFOUND);
	CHECK(subgroup_coordinator_answer(f.t.c, f.sub, f.kim, true) == KR_OK);
	CHECK(subgroup_coordinator_answer(f.t.c, f.sub, f.kim, false) == KR_ENOTFOUND);
	CHECK(subgroup_is_coordinator(f.t.c, f.sub, f.kim) &&
	      !subgroup_is_asked(f.t.c, f.sub, f.kim));
	CHECK(subgroup_coordinator_step_down(f.t.c, f.sub, f.lou) == KR_ENOTFOUND);
	/* Lou is asked and says nothing; Kim coordinates; the erase hook takes both. */
	CHECK(subgroup_coordinator_ask(f.t.c, f.sam, "Iedereen Telt", f.sub, f.lou, "Lou",
				       "lou@rijnstad.example", "https://kring.example",
				       300) == KR_OK);
	struct coordinator_role *roles;
	CHECK(subgroup_coordinator_roles(f.t.c, &f.t.a, f.lou, &roles, &n) == KR_OK && n == 1 &&
	      !roles[0].accepted && roles[0].asked_at == 300 &&
	      strcmp(roles[0].subgroup_name, "PTSS-groep Zeldzaamwoord") == 0);
	CHECK(members_erase_account(f.t.c, &f.t.k, f.lou) == KR_OK);
	CHECK(members_erase_account(f.t.c, &f.t.k, f.kim) == KR_OK);
	CHECK(subgroup_coordinator_roles(f.t.c, &f.t.a, f.lou, &roles, &n) == KR_OK && n == 0);
	CHECK(subgroup_coordinator_roles(f.t.c, &f.t.a, f.kim, &roles, &n) == KR_OK && n == 0);
	CHECK(subgroup_coordinator_roles(f.t.c, &f.t.a, f.sam, &roles, &n) == KR_OK && n == 1 &&
	      roles[0].accepted);
	tempdb_close(&f.t);
}
