// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_hours.c: the energy guard's arithmetic at its edges (just below, at and just above each
 * threshold), days and weeks, and on SQLite and (with KRING_TEST_PG) PostgreSQL: a manager's
 * request that opens only for its addressee, the day's 24 hours, erasure and key rotation. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/hours/hours.h"
#include "app/org/org.h"
#include <sodium.h>
#include <string.h>

void test_hours_days_and_weeks(void);
void test_hours_guard_edges(void);
void test_hours_manager_request_and_rekey(void);

void
test_hours_days_and_weeks(void)
{
	int64_t d;
	CHECK(hours_parse_day("1970-01-01", &d) == false); /* before 2000: refused */
	CHECK(hours_parse_day("2026-03-09", &d) && d == hours_day_from_ymd(2026, 3, 9));
	CHECK(hours_parse_day("2024-02-29", &d));  /* a leap day */
	CHECK(!hours_parse_day("2026-02-29", &d)); /* not in a common year */
	CHECK(!hours_parse_day("2026-04-31", &d));
	CHECK(!hours_parse_day("2026-4-01", &d));
	CHECK(!hours_parse_day("2026-04-0a", &d));
	CHECK(!hours_parse_day(NULL, &d));
	CHECK_INT(hours_day_from_ymd(1970, 1, 1), 0);
	CHECK_INT(hours_day_from_ymd(2000, 3, 1), 11017);
	int y, m, dd;
	hours_ymd(hours_day_from_ymd(2028, 12, 31), &y, &m, &dd);
	CHECK(y == 2028 && m == 12 && dd == 31);
	/* 2026-03-09 is a Monday; its week runs to Sunday the 15th. */
	int64_t mon = hours_day_from_ymd(2026, 3, 9);
	CHECK_INT(hours_week_start(mon), mon);
	CHECK_INT(hours_week_start(mon + 6), mon);
	CHECK_INT(hours_week_start(mon + 7), mon + 7);
	CHECK_INT(hours_week_start(mon - 1), mon - 7);
	CHECK_INT(hours_day_of(86399), 0);
	CHECK_INT(hours_day_of(86400), 1);
	struct arena a;
	arena_init(&a);
	CHECK_STR(hours_minutes_text(&a, 135), "2:15");
	CHECK_STR(hours_minutes_text(&a, -5), "-0:05");
	CHECK_STR(hours_day_text(&a, mon), "2026-03-09");
	arena_release(&a);
}

void
test_hours_guard_edges(void)
{
	/* Allowances: a whole year is the yearly hours, in leap years too; shorter, in part. */
	CHECK_INT(hours_allowance(HOURS_PER_YEAR, 6000, 365), 6000);
	CHECK_INT(hours_allowance(HOURS_PER_YEAR, 6000, 366), 6000);
	CHECK_INT(hours_allowance(HOURS_PER_YEAR, 36500, 73), 7300);
	CHECK_INT(hours_allowance(HOURS_PER_WEEK, 240, 14), 480);
	CHECK_INT(hours_allowance(HOURS_PER_WEEK, 240, 0), 0);
	/* The yearly pace: 365 days, 21900 minutes (an hour a day), 37 days in. */
	CHECK(!hours_pace_ahead(2219, 37, 365, 21900));
	CHECK(!hours_pace_ahead(2220, 37, 365, 21900)); /* exactly on the pace */
	CHECK(hours_pace_ahead(2221, 37, 365, 21900));
	/* Not projected before four weeks: day 27 stays quiet however fast, day 28 does not. */
	CHECK(!hours_pace_ahead(2000, HOURS_PACE_MIN_DAYS - 1, 365, 21900));
	CHECK(hours_pace_ahead(2000, HOURS_PACE_MIN_DAYS, 365, 21900));
	/* ... unless the whole allowance is used up already. */
	CHECK(!hours_pace_ahead(21900, 3, 365, 21900));
	CHECK(hours_pace_ahead(21901, 3, 365, 21900));
	/* Past the period's end the elapsed days stop at the period. */
	CHECK(!hours_pace_ahead(21900, 400, 365, 21900));
	/* Weeks over the weekly hours, out of four: 240 is not over, 241 is. */
	int64_t w0[4] = { 240, 240, 240, 240 }, w1[4] = { 241, 240, 0, 0 },
		w2[4] = { 241, 0, 241, 0 }, w3[4] = { 241, 241, 241, 0 };
	CHECK_INT(hours_weeks_over(w0, 240), 0);
	CHECK(!hours_weeks_warn(w0, 240));
	CHECK(!hours_weeks_warn(w1, 240));
	CHECK(hours_weeks_warn(w2, 240));
	CHECK(hours_weeks_warn(w3, 240));
	/* Outside working hours: 2 no, 3 yes, 4 yes. */
	CHECK(!hours_outside_warn(2));
	CHECK(hours_outside_warn(3));
	CHECK(hours_outside_warn(4));
	/* Activities organised this month, the rule's maximum 3: 3 no, 4 yes. */
	CHECK(!hours_organise_warn(2, 3));
	CHECK(!hours_organise_warn(3, 3));
	CHECK(hours_organise_warn(4, 3));
	/* The load view: exactly half is not more than half. */
	CHECK(!hours_load_heavy(0, 0));
	CHECK(!hours_load_heavy(49, 100));
	CHECK(!hours_load_heavy(50, 100));
	CHECK(hours_load_heavy(51, 100));
	CHECK(hours_load_heavy(1, 1));
	enum guard_level l;
	CHECK(hours_guard_level_parse("quiet", &l) && l == GUARD_QUIET);
	CHECK(!hours_guard_level_parse("off", &l));
}

static const char *
link_token(struct db_conn *c, struct arena *a, const char *to)
{
	struct db_stmt *st = db_prepare(c, "SELECT body FROM outbox WHERE to_addr = ? ORDER BY id");
	const char *found = NULL;
	if (!st)
		return NULL;
	db_bind_text(st, 1, to);
	while (db_row(st)) {
		const char *at = strstr(db_col_text(st, 0), "/hours/approve/");
		if (at)
			found = arena_strndup(a, at + 15, HOURS_TOKEN_LEN);
	}
	return db_done(st) ? NULL : found;
}

void
test_hours_manager_request_and_rekey(void)
{
	struct tempdb tt, *t = &tt;
	if (!tempdb_open(t))
		return;
	struct network nw = { .slug = "neuro", .name = "Neurokring", .kind = NETWORK_NARROW };
	int64_t net, member, manager, other;
	if (!(org_create(t->c, "Gemeente", "") == KR_OK &&
	      org_network_add(t->c, &nw, &net) == KR_OK &&
	      auth_account_create(t->c, 0, &t->a, "lid@rijnstad.example", "Lid", NULL, &member) ==
		  KR_OK &&
	      auth_account_create(t->c, 0, &t->a, "baas@rijnstad.example", "Baas", NULL,
				  &manager) == KR_OK &&
	      auth_account_create(t->c, 0, &t->a, "ander@rijnstad.example", "Ander", NULL,
				  &other) == KR_OK &&
	      auth_set_network_role(t->c, 0, net, member, NROLE_CORE) == KR_OK)) {
		test_fail(__FILE__, __LINE__, "a network and three accounts");
		tempdb_close(t);
		return;
	}
	const char *problem = NULL;
	int64_t id, bid, now = 1780000000, today = hours_day_of(now);
	/* Not active: refused. */
	CHECK(hours_agreement_ask(t->c, &t->k, &t->a, other, net, HOURS_PER_WEEK, 240, today,
				  today + 10, APPROVER_CONTACT, NULL, NULL, now, &id,
				  &problem) == KR_EFORBIDDEN);
	CHECK(hours_agreement_ask(t->c, &t->k, &t->a, member, net, HOURS_PER_WEEK, 240, today - 5,
				  today + 30, APPROVER_MANAGER, "Baas@Rijnstad.example",
				  "https://kring.example", now, &id, &problem) == KR_OK);
	const char *token = link_token(t->c, &t->a, "baas@rijnstad.example");
	CHECK(token != NULL);
	if (!token) {
		tempdb_close(t);
		return;
	}
	/* Before approval a booking is refused: there is no approved agreement. */
	CHECK(hours_book(t->c, &t->k, &t->a, member, net, ACT_ROLE, 0, today, 60, false, now, &bid,
			 &problem) == KR_EINVAL &&
	      problem == hours_problem_no_agreement);
	/* Only the addressee opens it; not the member, not another account. */
	struct hours_agreement g;
	CHECK(hours_manager_request(t->c, &t->k, &t->a, token, member, &g) == KR_ENOTFOUND);
	CHECK(hours_manager_request(t->c, &t->k, &t->a, token, other, &g) == KR_ENOTFOUND);
	CHECK(hours_manager_decide(t->c, &t->k, &t->a, token, other, true, "", now, &problem) ==
	      KR_ENOTFOUND);
	/* Key rotation: the sealed address opens with the fresh keys only. */
	struct keys fresh = t->k;
	randombytes_buf(fresh.data, sizeof(fresh.data));
	int64_t count = 0;
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(hours_rekey(t->c, &t->k, &fresh, &count) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK_INT(count, 1);
	CHECK(hours_manager_request(t->c, &t->k, &t->a, token, manager, &g) == KR_ENOTFOUND);
	CHECK(hours_manager_request(t->c, &fresh, &t->a, token, manager, &g) == KR_OK);
	CHECK(g.minutes == 240 && g.network_id == net && strcmp(g.network_name, "Neurokring") == 0);
	CHECK(hours_manager_decide(t->c, &fresh, &t->a, token, manager, false, "  ", now,
				   &problem) == KR_EINVAL &&
	      problem == hours_problem_reason);
	CHECK(hours_manager_decide(t->c, &fresh, &t->a, token, manager, true, "Prima", now,
				   &problem) == KR_OK);
	CHECK(hours_manager_request(t->c, &fresh, &t->a, token, manager, &g) == KR_ENOTFOUND);
	/* The day's 24 hours, over bookings. */
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today, 1439, true, now,
			 &bid, &problem) == KR_OK);
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today, 1, false, now, &bid,
			 &problem) == KR_OK);
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today, 1, false, now, &bid,
			 &problem) == KR_EINVAL &&
	      problem == hours_problem_day_full);
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today - 6, 0, false, now,
			 &bid, &problem) == KR_EINVAL &&
	      problem == hours_problem_duration);
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today - 6, 1441, false, now,
			 &bid, &problem) == KR_EINVAL &&
	      problem == hours_problem_duration);
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today - 6, 10, false, now,
			 &bid, &problem) == KR_EINVAL &&
	      problem == hours_problem_no_agreement);
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today - 5, 10, false, now,
			 &bid, &problem) == KR_OK);
	CHECK(hours_book(t->c, &fresh, &t->a, member, net, ACT_ROLE, 0, today + 1, 10, false, now,
			 &bid, &problem) == KR_EINVAL &&
	      problem == hours_problem_future);
	int64_t sum = 0;
	CHECK(hours_sum(t->c, member, net, today - 5, today, &sum) == KR_OK && sum == 1450);
	/* Erasure: the member's agreements and bookings go. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(hours_erase_account(t->c, &fresh, member) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(hours_sum(t->c, member, 0, 0, today, &sum) == KR_OK && sum == 0);
	struct hours_agreement *gs;
	size_t n = 9;
	CHECK(hours_agreements_of(t->c, &fresh, &t->a, member, &gs, &n) == KR_OK && n == 0);
	tempdb_close(t);
}
