// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_coreteam.c: a core team that lasts, on SQLite and (with KRING_TEST_PG) on PostgreSQL:
 * dates, terms and how they keep network_role true (a successor taking over, the
 * administrator's form), bad dates that change nothing, own roles, vacancies, the warnings at
 * their edges, handover notes sealed at rest, erasing, retention and key rotation. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/coreteam/coreteam.h"
#include "app/org/org.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void test_coreteam_dates(void);
void test_coreteam_terms(void);
void test_coreteam_set_role(void);
void test_coreteam_warnings(void);
void test_coreteam_notes_erase_rekey(void);

struct fixture {
	struct tempdb t;
	int64_t net, other, a, b, d;
};

static bool
fixture_open(struct fixture *f)
{
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "neuro", .name = "Neurokring", .kind = NETWORK_NARROW };
	struct network ow = { .slug = "ander", .name = "Ander netwerk", .kind = NETWORK_BROAD };
	if (org_create(t->c, "Gemeente", "") == KR_OK &&
	    org_network_add(t->c, &nw, &f->net) == KR_OK &&
	    org_network_add(t->c, &ow, &f->other) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "anna@rijnstad.example", "Anna Zqvoorzitter", NULL,
				&f->a) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "bert@rijnstad.example", "Bert Opvolger", NULL,
				&f->b) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "dana@rijnstad.example", "Dana Vervanger", NULL,
				&f->d) == KR_OK)
		return true;
	test_fail(__FILE__, __LINE__, "two networks and three accounts");
	tempdb_close(t);
	return false;
}

/* The built-in role the account holds in the network (network_role), or "". */
static const char *
role_of(struct fixture *f, int64_t network_id, int64_t account_id)
{
	struct db_stmt *st = db_prepare(
	    f->t.c, "SELECT role FROM network_role WHERE network_id = ? AND account_id = ?");
	if (!st)
		return "error";
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, account_id);
	const char *role = db_row(st) ? arena_strdup(&f->t.a, db_col_text(st, 0)) : "";
	return db_done(st) ? "error" : role;
}

static int64_t
count_terms(struct fixture *f)
{
	struct db_stmt *st = db_prepare(f->t.c, "SELECT count(*) FROM coreteam_term");
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (!st || db_done(st))
		return -1;
	return n;
}

void
test_coreteam_dates(void)
{
	CHECK(coreteam_date_ok("2026-12-02"));
	CHECK(coreteam_date_ok("2028-02-29"));
	CHECK(!coreteam_date_ok("2027-02-29"));
	CHECK(!coreteam_date_ok("2026-13-01"));
	CHECK(!coreteam_date_ok("2026-1-01"));
	CHECK(!coreteam_date_ok("2026-01-01x"));
	CHECK(!coreteam_date_ok(""));
	CHECK(!coreteam_date_ok(NULL));
	CHECK(!coreteam_date_ok("1899-12-31"));
	char out[11];
	coreteam_add_months("2026-12-31", 2, out);
	CHECK_STR(out, "2027-02-28");
	coreteam_add_months("2027-12-31", 2, out);
	CHECK_STR(out, "2028-02-29");
	coreteam_add_months("2026-10-15", 2, out);
	CHECK_STR(out, "2026-12-15");
	coreteam_add_months("2026-03-31", -1, out);
	CHECK_STR(out, "2026-02-28");
	coreteam_add_months("2026-01-10", -84, out);
	CHECK_STR(out, "2019-01-10");
	coreteam_today(0, out);
	CHECK_STR(out, "1970-01-01");
	coreteam_today(1796256000, out); /* 2026-12-03 00:00 UTC */
	CHECK_STR(out, "2026-12-03");
}

void
test_coreteam_terms(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem = NULL;
	const char *today = "2026-12-02";
	int64_t t1 = 0, t2 = 0, tx = 0;
	/* Bad dates and roles change nothing. */
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.a, "2026-06-01", "2026-05-31", 0,
				  today, 100, &tx, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_end_before_start);
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.a, "2026-02-30", "", 0, today, 100,
				  &tx, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_date);
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.a, "2026-12-03", "", 0, today, 100,
				  &tx, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_future);
	CHECK(coreteam_term_start(t->c, 0, f.net, "king", f.a, "2026-06-01", "", 0, today, 100, &tx,
				  &problem) == KR_EINVAL &&
	      problem == coreteam_problem_role);
	CHECK(coreteam_term_start(t->c, 0, f.net, "c999", f.a, "2026-06-01", "", 0, today, 100, &tx,
				  &problem) == KR_EINVAL &&
	      problem == coreteam_problem_role);
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.a, "2026-06-01", "", f.a, today, 100,
				  &tx, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_deputy_self);
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", 99999, "2026-06-01", "", 0, today, 100,
				  &tx, &problem) == KR_ENOTFOUND);
	CHECK_INT(count_terms(&f), 0);
	CHECK_STR(role_of(&f, f.net, f.a), "");

	/* A term of a built-in role writes network_role. */
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.a, "2026-06-01", "2027-06-01", f.d,
				  today, 100, &t1, &problem) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.a), "chair");
	CHECK(org_is_core_team(t->c, f.net, f.a));
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.a, "2026-07-01", "", 0, today, 100,
				  &tx, &problem) == KR_ECONFLICT);
	struct coreteam_term term;
	CHECK(coreteam_term_get(t->c, &t->a, f.net, t1, &term) == KR_OK);
	CHECK_STR(term.starts_on, "2026-06-01");
	CHECK_STR(term.planned_end, "2027-06-01");
	CHECK(term.deputy_id == f.d && strcmp(term.deputy_name, "Dana Vervanger") == 0);
	CHECK(coreteam_term_get(t->c, &t->a, f.other, t1, &term) == KR_ENOTFOUND);

	/* Ending before the start, or after today, changes nothing. */
	CHECK(coreteam_term_end(t->c, 0, f.net, t1, "2026-05-31", today, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_end_before_start);
	CHECK(coreteam_term_end(t->c, 0, f.net, t1, "2026-12-03", today, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_end_future);
	CHECK(coreteam_term_planned_end(t->c, f.net, t1, "2026-01-01", &problem) == KR_EINVAL &&
	      problem == coreteam_problem_end_before_start);
	CHECK(coreteam_term_get(t->c, &t->a, f.net, t1, &term) == KR_OK && !term.ended_on[0] &&
	      strcmp(term.planned_end, "2027-06-01") == 0);
	CHECK_STR(role_of(&f, f.net, f.a), "chair");

	/* A successor: not the holder; when their term starts, the predecessor's ends and they
	 * lose the role in network_role. */
	CHECK(coreteam_term_successor(t->c, f.net, t1, f.a, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_successor_self);
	CHECK(coreteam_term_deputy(t->c, f.net, t1, f.a, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_deputy_self);
	CHECK(coreteam_term_successor(t->c, f.net, t1, 99999, &problem) == KR_ENOTFOUND);
	CHECK(coreteam_term_successor(t->c, f.net, t1, f.b, &problem) == KR_OK);
	CHECK(coreteam_note_may_read(t->c, f.net, "chair", f.b));
	CHECK(!coreteam_note_may_write(t->c, f.net, "chair", f.b));
	CHECK(coreteam_vacancy_open(t->c, f.net, "chair", "Mail Anna", 100, &problem) == KR_OK);
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.b, "2026-11-01", "", 0, today, 200,
				  &t2, &problem) == KR_OK);
	CHECK(coreteam_term_get(t->c, &t->a, f.net, t1, &term) == KR_OK);
	CHECK_STR(term.ended_on, "2026-11-01");
	CHECK_STR(role_of(&f, f.net, f.a), "");
	CHECK_STR(role_of(&f, f.net, f.b), "chair");
	struct coreteam_role role;
	CHECK(coreteam_role_get(t->c, &t->a, f.net, "chair", &role) == KR_OK && !role.open);
	CHECK(coreteam_term_end(t->c, 0, f.net, t1, "2026-11-02", today, &problem) == KR_ECONFLICT);
	CHECK(coreteam_term_successor(t->c, f.net, t1, f.d, &problem) == KR_ECONFLICT);

	/* One built-in role per person and network: a new one ends the other. */
	int64_t t3 = 0;
	CHECK(coreteam_term_start(t->c, 0, f.net, "treasurer", f.b, "2026-12-01", "", 0, today, 300,
				  &t3, &problem) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.b), "treasurer");
	CHECK(coreteam_term_get(t->c, &t->a, f.net, t2, &term) == KR_OK);
	CHECK_STR(term.ended_on, today);
	/* Own roles: not a core-team role, and beside a built-in one. */
	char key[CORETEAM_KEY_SIZE];
	CHECK(coreteam_role_add(t->c, f.net, "", "", 100, key, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_name);
	CHECK(coreteam_role_add(t->c, f.net, "Chair", "", 100, key, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_name_taken);
	CHECK(coreteam_role_add(t->c, f.net, "Communicatie", "Nieuwsbrief en intranet", 100, key,
				&problem) == KR_OK);
	CHECK(coreteam_role_add(t->c, f.net, "Communicatie", "", 100, NULL, &problem) ==
		  KR_EINVAL &&
	      problem == coreteam_problem_name_taken);
	CHECK(coreteam_role_add(t->c, f.other, "Communicatie", "", 100, NULL, &problem) == KR_OK);
	int64_t t4 = 0;
	CHECK(coreteam_term_start(t->c, 0, f.net, key, f.d, "2026-12-01", "", 0, today, 300, &t4,
				  &problem) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.d), "");
	CHECK(coreteam_term_start(t->c, 0, f.net, key, f.b, "2026-12-01", "", 0, today, 300, &tx,
				  &problem) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.b), "treasurer");
	struct coreteam_term *open;
	size_t n;
	CHECK(coreteam_terms_open(t->c, &t->a, f.net, &open, &n) == KR_OK && n == 3);
	if (n == 3) {
		CHECK_STR(open[0].role_key, "treasurer");
		CHECK_STR(open[1].role_key, key);
	}
	/* History and turnover: four... the chair's two terms, treasurer, two own. */
	struct coreteam_term *hist;
	CHECK(coreteam_history(t->c, &t->a, f.net, &hist, &n) == KR_OK && n == 5);
	struct coreteam_year *years;
	CHECK(coreteam_turnover(t->c, &t->a, f.net, &years, &n) == KR_OK && n == 1);
	if (n == 1)
		CHECK(years[0].year == 2026 && years[0].started == 5 && years[0].ended == 2);
	/* Vacancies: a known role with a text. */
	CHECK(coreteam_vacancy_open(t->c, f.net, "secretary", "", 100, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_respond);
	CHECK(coreteam_vacancy_open(t->c, f.net, "nobody", "x", 100, &problem) == KR_EINVAL &&
	      problem == coreteam_problem_role);
	CHECK(coreteam_vacancy_open(t->c, f.net, "secretary", "Mail de voorzitter", 100,
				    &problem) == KR_OK);
	CHECK(coreteam_role_get(t->c, &t->a, f.net, "secretary", &role) == KR_OK && role.open &&
	      strcmp(role.respond, "Mail de voorzitter") == 0);
	CHECK(coreteam_vacancy_close(t->c, f.net, "secretary") == KR_OK);
	CHECK(coreteam_role_get(t->c, &t->a, f.net, "secretary", &role) == KR_OK && !role.open);
	tempdb_close(t);
}

void
test_coreteam_set_role(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t now = 1796256000; /* 2026-12-03 */
	struct coreteam_term *open;
	size_t n;
	/* The administrator's form: a term starts today, a change ends it, none removes. */
	CHECK(coreteam_set_role(t->c, 0, f.net, f.a, NROLE_TREASURER, now) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.a), "treasurer");
	CHECK(coreteam_terms_open(t->c, &t->a, f.net, &open, &n) == KR_OK && n == 1);
	if (n == 1)
		CHECK(strcmp(open[0].role_key, "treasurer") == 0 && open[0].holder_id == f.a &&
		      strcmp(open[0].starts_on, "2026-12-03") == 0);
	CHECK(coreteam_set_role(t->c, 0, f.net, f.a, NROLE_TREASURER, now) == KR_OK);
	CHECK_INT(count_terms(&f), 1);
	CHECK(coreteam_set_role(t->c, 0, f.net, f.a, NROLE_CHAIR, now + 86400) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.a), "chair");
	CHECK(coreteam_terms_open(t->c, &t->a, f.net, &open, &n) == KR_OK && n == 1);
	if (n == 1)
		CHECK(strcmp(open[0].role_key, "chair") == 0);
	CHECK_INT(count_terms(&f), 2);
	/* The contact point and the ambassador get no term. */
	CHECK(coreteam_set_role(t->c, 0, f.net, f.a, NROLE_CONTACT, now + 86400) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.a), "contact");
	CHECK(coreteam_terms_open(t->c, &t->a, f.net, &open, &n) == KR_OK && n == 0);
	CHECK(coreteam_set_role(t->c, 0, f.net, f.b, NROLE_CORE, now) == KR_OK);
	CHECK(coreteam_set_role(t->c, 0, f.net, f.b, NROLE_NONE, now) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.b), "");
	CHECK(coreteam_terms_open(t->c, &t->a, f.net, &open, &n) == KR_OK && n == 0);
	CHECK_INT(count_terms(&f), 3);
	/* The older call still works and records no term (the lower layer). */
	CHECK(auth_set_network_role(t->c, 0, f.net, f.d, NROLE_CORE) == KR_OK);
	CHECK_STR(role_of(&f, f.net, f.d), "core");
	CHECK_INT(count_terms(&f), 3);
	tempdb_close(t);
}

static size_t
count_kind(const struct coreteam_warning *w, size_t n, enum coreteam_warning_kind k)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += w[i].kind == k;
	return c;
}

void
test_coreteam_warnings(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem;
	int64_t t1, t2, tx;
	struct coreteam_warning *w;
	size_t n;
	/* The edge: a planned end exactly two months ahead warns, a day later does not. */
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.a, "2026-01-01", "2027-02-02", f.d,
				  "2026-12-02", 100, &t1, &problem) == KR_OK);
	CHECK(coreteam_term_start(t->c, 0, f.net, "treasurer", f.b, "2026-01-01", "2027-02-03", 0,
				  "2026-12-02", 100, &t2, &problem) == KR_OK);
	CHECK(coreteam_warnings(t->c, &t->a, f.net, "2026-12-02", &w, &n) == KR_OK);
	CHECK_INT(count_kind(w, n, CTW_ENDS_WITHOUT_SUCCESSOR), 1);
	CHECK(n > 0 && w[0].kind == CTW_ENDS_WITHOUT_SUCCESSOR &&
	      strcmp(w[0].role_key, "chair") == 0 && strcmp(w[0].date, "2027-02-02") == 0);
	CHECK(coreteam_warnings(t->c, &t->a, f.net, "2026-12-03", &w, &n) == KR_OK);
	CHECK_INT(count_kind(w, n, CTW_ENDS_WITHOUT_SUCCESSOR), 2);
	CHECK(coreteam_warnings(t->c, &t->a, f.net, "2026-12-01", &w, &n) == KR_OK);
	CHECK_INT(count_kind(w, n, CTW_ENDS_WITHOUT_SUCCESSOR), 0);
	/* A successor takes the warning away. */
	CHECK(coreteam_term_successor(t->c, f.net, t1, f.d, &problem) == KR_OK);
	CHECK(coreteam_warnings(t->c, &t->a, f.net, "2026-12-02", &w, &n) == KR_OK);
	CHECK_INT(count_kind(w, n, CTW_ENDS_WITHOUT_SUCCESSOR), 0);
	/* Without a deputy: the treasurer. */
	CHECK_INT(count_kind(w, n, CTW_NO_DEPUTY), 1);
	struct coreteam_term *nd;
	size_t nnd;
	CHECK(coreteam_roles_without_deputy(t->c, &t->a, f.net, &nd, &nnd) == KR_OK && nnd == 1 &&
	      nd[0].id == t2);
	CHECK(coreteam_term_deputy(t->c, f.net, t2, f.d, &problem) == KR_OK);
	CHECK(coreteam_roles_without_deputy(t->c, &t->a, f.net, &nd, &nnd) == KR_OK && nnd == 0);
	/* More than two roles, over networks: two is fine, three warns. */
	char k1[CORETEAM_KEY_SIZE];
	CHECK(coreteam_role_add(t->c, f.net, "Evenementen", "", 100, k1, &problem) == KR_OK);
	CHECK(coreteam_term_start(t->c, 0, f.net, k1, f.a, "2026-02-01", "", f.b, "2026-12-02", 100,
				  &tx, &problem) == KR_OK);
	CHECK(coreteam_warnings(t->c, &t->a, f.net, "2026-12-02", &w, &n) == KR_OK);
	CHECK_INT(count_kind(w, n, CTW_MANY_ROLES), 0);
	CHECK(coreteam_term_start(t->c, 0, f.other, "core", f.a, "2026-02-01", "", f.b,
				  "2026-12-02", 100, &tx, &problem) == KR_OK);
	CHECK(coreteam_warnings(t->c, &t->a, f.net, "2026-12-02", &w, &n) == KR_OK);
	CHECK_INT(count_kind(w, n, CTW_MANY_ROLES), 1);
	for (size_t i = 0; i < n; i++)
		if (w[i].kind == CTW_MANY_ROLES)
			CHECK(w[i].count == 3 && strcmp(w[i].who, "Anna Zqvoorzitter") == 0);
	tempdb_close(t);
}

void
test_coreteam_notes_erase_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem, *text, *author;
	int64_t at, t1, t2;
	CHECK(coreteam_term_start(t->c, 0, f.net, "treasurer", f.a, "2020-01-01", "", 0,
				  "2026-12-02", 100, &t1, &problem) == KR_OK);
	CHECK(coreteam_note_may_write(t->c, f.net, "treasurer", f.a));
	CHECK(!coreteam_note_may_read(t->c, f.net, "treasurer", f.b));
	CHECK(!coreteam_note_may_read(t->c, f.net, "chair", f.a));
	CHECK(coreteam_note_save(t->c, &t->k, f.net, "treasurer", f.a, "a\x01", 100, &problem) ==
		  KR_EINVAL &&
	      problem == coreteam_problem_note);
	CHECK(coreteam_note_save(t->c, &t->k, f.net, "treasurer", f.a,
				 "# Zqoverdracht\nDe kas staat bij de bank.", 100,
				 &problem) == KR_OK);
	CHECK(coreteam_note_get(t->c, &t->k, &t->a, f.net, "treasurer", &text, &author, &at) ==
	      KR_OK);
	CHECK(text && strcmp(text, "# Zqoverdracht\nDe kas staat bij de bank.") == 0);
	CHECK_STR(author, "Anna Zqvoorzitter");
	CHECK(coreteam_note_get(t->c, &t->k, &t->a, f.other, "treasurer", &text, &author, &at) ==
		  KR_OK &&
	      text == NULL);
	/* The chair reads it too. */
	CHECK(coreteam_term_start(t->c, 0, f.net, "chair", f.d, "2026-01-01", "", 0, "2026-12-02",
				  100, &t2, &problem) == KR_OK);
	CHECK(coreteam_note_may_read(t->c, f.net, "treasurer", f.d));
	CHECK(!coreteam_note_may_write(t->c, f.net, "treasurer", f.d));
	/* Key rotation. */
	struct keys fresh = t->k;
	randombytes_buf(fresh.data, sizeof(fresh.data));
	int64_t count = 0;
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(coreteam_rekey(t->c, &t->k, &fresh, &count) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK_INT(count, 1);
	CHECK(coreteam_note_get(t->c, &t->k, &t->a, f.net, "treasurer", &text, &author, &at) ==
	      KR_EINTERNAL);
	CHECK(coreteam_note_get(t->c, &fresh, &t->a, f.net, "treasurer", &text, &author, &at) ==
		  KR_OK &&
	      text && strstr(text, "Zqoverdracht"));
	t->k = fresh;
	/* Deleting the account: the term becomes a former member's and ends, the note stays
	 * with the role without its author. */
	CHECK(auth_account_delete(t->c, &t->k, f.a) == KR_OK);
	struct coreteam_term term;
	CHECK(coreteam_term_get(t->c, &t->a, f.net, t1, &term) == KR_OK);
	CHECK(term.holder_id == 0 && term.holder_name[0] == '\0' && term.ended_on[0]);
	CHECK(coreteam_note_get(t->c, &t->k, &t->a, f.net, "treasurer", &text, &author, &at) ==
		  KR_OK &&
	      text && author[0] == '\0');
	/* Retention: terms that ended before the cut-off go. */
	int64_t erased = -1;
	CHECK(coreteam_erase_ended_before(t->c, "1999-01-01", &erased) == KR_OK && erased == 0);
	CHECK(coreteam_erase_ended_before(t->c, "2999-01-01", &erased) == KR_OK && erased == 1);
	CHECK_INT(count_terms(&f), 1);
	/* Sealed at rest: a copy of the database's files has no trace of the text. */
	size_t len = 0;
	char *raw = tempdb_raw(t, &len);
	CHECK(raw && len > 0);
	db_close(t->db);
	t->db = NULL;
	if (raw) {
		CHECK(memmem(raw, len, "Opvolger", 8) != NULL); /* the files were read */
		CHECK(memmem(raw, len, "Zqoverdracht", 12) == NULL);
		CHECK(memmem(raw, len, "De kas staat", 12) == NULL);
	}
	free(raw);
	tempdb_close(t);
}
