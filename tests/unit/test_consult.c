// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_consult.c: the consultation hour's dates (weekly, every first weekday of the month, the
 * limits) and its checks of a plan. Booking, the race and the hooks are tested over HTTP
 * (tests/http/test_consult.py) on SQLite and PostgreSQL. */
#include "test.h"
#include "app/consult/consult.h"
#include <string.h>

void test_consult_dates(void);
void test_consult_check(void);

void
test_consult_dates(void)
{
	CHECK_INT(consult_weekday(2026, 12, 3), 3); /* a Thursday */
	CHECK_INT(consult_weekday(2024, 2, 29), 3);
	CHECK_INT(consult_weekday(2027, 1, 4), 0); /* a Monday */
	int d[CONSULT_REPEAT_MAX][3];
	/* Every week from Thursday 2026-12-24: across the year's end. */
	struct consult_plan w = { 2026, 12, 24, 12, 0, 13, 0, 20, REPEAT_WEEKLY, 3 };
	CHECK_INT(consult_dates(&w, d, CONSULT_REPEAT_MAX), 3);
	CHECK(d[1][0] == 2026 && d[1][1] == 12 && d[1][2] == 31);
	CHECK(d[2][0] == 2027 && d[2][1] == 1 && d[2][2] == 7);
	/* Every first Thursday, from 2026-12-03: Jan 7, Feb 4, Mar 4 2027. */
	struct consult_plan m = { 2026, 12, 3, 12, 0, 13, 0, 20, REPEAT_FIRST_OF_MONTH, 4 };
	CHECK_INT(consult_dates(&m, d, CONSULT_REPEAT_MAX), 4);
	CHECK(d[0][1] == 12 && d[0][2] == 3);
	CHECK(d[1][0] == 2027 && d[1][1] == 1 && d[1][2] == 7);
	CHECK(d[2][1] == 2 && d[2][2] == 4);
	CHECK(d[3][1] == 3 && d[3][2] == 4);
	for (int i = 0; i < 4; i++)
		CHECK(consult_weekday(d[i][0], d[i][1], d[i][2]) == 3 && d[i][2] <= 7);
	/* A first date later in its month: that month has no first Thursday left. */
	struct consult_plan late = { 2026, 12, 17, 12, 0, 13, 0, 20, REPEAT_FIRST_OF_MONTH, 2 };
	CHECK_INT(consult_dates(&late, d, CONSULT_REPEAT_MAX), 2);
	CHECK(d[0][0] == 2027 && d[0][1] == 1 && d[0][2] == 7);
	/* Limits: 52 at most, and once is once. */
	w.count = 53;
	CHECK_INT(consult_dates(&w, d, CONSULT_REPEAT_MAX), 0);
	w.count = 52;
	CHECK_INT(consult_dates(&w, d, CONSULT_REPEAT_MAX), 52);
	struct consult_plan once = { 2026, 12, 24, 12, 0, 13, 0, 20, REPEAT_ONCE, 9 };
	CHECK_INT(consult_dates(&once, d, CONSULT_REPEAT_MAX), 1);
	struct consult_plan bad = { 2027, 2, 29, 12, 0, 13, 0, 20, REPEAT_ONCE, 1 };
	CHECK_INT(consult_dates(&bad, d, CONSULT_REPEAT_MAX), 0);
}

void
test_consult_check(void)
{
	struct consult_problem p[CONSULT_PROBLEMS_MAX];
	struct consult_plan ok = { 2027, 3, 4, 12, 0, 13, 0, 20, REPEAT_ONCE, 1 };
	struct consult_slot online = { .online = true, .meeting_url = "https://meet.example/x" };
	struct consult_slot site = { .place = "Kamer 2.01" };
	struct consult_slot nowhere = { .place = "" };
	CHECK_INT(consult_check(&ok, &online, p), 0);
	CHECK_INT(consult_check(&ok, &site, p), 0);
	CHECK_INT(consult_check(&ok, &nowhere, p), 1);
	CHECK_STR(p[0].field, "place");
	struct consult_slot http = { .online = true, .meeting_url = "http://meet.example/x" };
	CHECK_INT(consult_check(&ok, &http, p), 1);
	CHECK_STR(p[0].field, "meeting_url");
	struct consult_plan back = ok;
	back.end_hour = 11;
	CHECK_INT(consult_check(&back, &site, p), 1);
	CHECK_STR(p[0].field, "end");
	struct consult_plan longtalk = ok;
	longtalk.talk_minutes = 90;
	CHECK_INT(consult_check(&longtalk, &site, p), 1);
	CHECK_STR(p[0].field, "talk");
	struct consult_plan many = ok;
	many.repeat = REPEAT_WEEKLY;
	many.count = 53;
	CHECK_INT(consult_check(&many, &site, p), 1);
	CHECK_STR(p[0].field, "count");
}
