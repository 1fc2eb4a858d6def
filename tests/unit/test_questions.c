// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_questions.c: the questions desk's rules and store, on SQLite and (with KRING_TEST_PG) on
 * PostgreSQL: asking and finding one's own questions, codes, the queue's steps and the e-mail,
 * working days, erasing, retention, key rotation, and a copy of the database that shows no
 * question and ties none to its asker. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/org/org.h"
#include "app/questions/questions.h"
#include <sodium.h>
#include <string.h>

void test_questions_ask_and_find(void);
void test_questions_queue_steps(void);
void test_questions_working_days(void);
void test_questions_erase_retention_rekey(void);
void test_questions_stolen_database(void);
void test_questions_figures(void);

struct fixture {
	struct tempdb t;
	int64_t net, other, asker, second, team;
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
	    auth_account_create(t->c, 0, &t->a, "vrager.zqmarker@rijnstad.example",
				"Vrager Zqnaammarker", NULL, &f->asker) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "tweede@rijnstad.example", "Tweede", NULL,
				&f->second) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "kern@rijnstad.example", "Kern", NULL, &f->team) ==
		KR_OK)
		return true;
	test_fail(__FILE__, __LINE__, "two networks and three accounts");
	tempdb_close(t);
	return false;
}

static int64_t
outbox_count(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM outbox");
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (!st || db_done(st))
		return -1;
	return n;
}

void
test_questions_ask_and_find(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem;
	char r1[QUESTION_REF_SIZE], r2[QUESTION_REF_SIZE], r3[QUESTION_REF_SIZE];
	char code[QUESTION_CODE_SIZE], none[QUESTION_CODE_SIZE];
	/* Bad texts change nothing. */
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, "", 100, r1, none,
			    &problem) == KR_EINVAL &&
	      problem == questions_problem_empty);
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, " \n\t\n ", 100, r1, none,
			    &problem) == KR_EINVAL &&
	      problem == questions_problem_empty);
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, "a\xff", 100, r1, none,
			    &problem) == KR_EINVAL &&
	      problem == questions_problem_text);
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, "a\x01", 100, r1, none,
			    &problem) == KR_EINVAL &&
	      problem == questions_problem_text);
	char *longtext = malloc(QUESTION_TEXT_MAX * 2 + 3);
	memset(longtext, 0, QUESTION_TEXT_MAX * 2 + 3);
	for (size_t i = 0; i < QUESTION_TEXT_MAX; i++)
		memcpy(longtext + i * 2, "\xc3\xa9", 2); /* é: 10,000 characters, 20,000 bytes */
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, longtext, 100, r1, none,
			    &problem) == KR_OK);
	CHECK(questions_erase(t->c, 0) == KR_ENOTFOUND);
	struct question q;
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(questions_erase(t->c, q.id) == KR_OK);
	longtext[QUESTION_TEXT_MAX * 2] = 'x';
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, longtext, 100, r1, none,
			    &problem) == KR_EINVAL &&
	      problem == questions_problem_long);
	free(longtext);
	/* Named, anonymous, with a code. */
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, "  Vraag een\r\n", 100, r1,
			    none, &problem) == KR_OK);
	CHECK(none[0] == '\0');
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_ANONYMOUS, "Vraag twee", 200, r2,
			    none, &problem) == KR_OK);
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_CODE, "Vraag drie", 300, r3, code,
			    &problem) == KR_OK);
	CHECK(strlen(code) == QUESTION_CODE_SIZE - 1 && code[4] == '-');
	CHECK(strcmp(r1, r2) != 0 && strlen(r1) == QUESTION_REF_SIZE - 1);
	struct question *mine;
	size_t n;
	CHECK(questions_mine(t->c, &t->k, &t->a, f.asker, &mine, &n) == KR_OK);
	CHECK_INT(n, 2); /* the code's question is tied to no account */
	if (n == 2) {
		CHECK_STR(mine[0].text, "Vraag twee"); /* newest first */
		CHECK(mine[0].how == QUESTION_ANONYMOUS);
		CHECK_STR(mine[1].text, "Vraag een");
	}
	CHECK(questions_mine(t->c, &t->k, &t->a, f.second, &mine, &n) == KR_OK && n == 0);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.second, r2, &q) == KR_ENOTFOUND);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r3, &q) == KR_ENOTFOUND);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, "../../etc", &q) == KR_ENOTFOUND);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r2, &q) == KR_OK);
	CHECK(q.asker_name == NULL); /* anonymous: not even loaded */
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(q.asker_name && strcmp(q.asker_name, "Vrager Zqnaammarker") == 0);
	/* The code, as typed in other ways; wrong codes. */
	char typed[64];
	snprintf(typed, sizeof(typed), " %s ", code);
	for (char *p = typed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	CHECK(questions_get_by_code(t->c, &t->k, &t->a, typed, &q) == KR_OK);
	CHECK_STR(q.text, "Vraag drie");
	CHECK(q.asker_id == 0 && q.how == QUESTION_CODE);
	CHECK(questions_get_by_code(t->c, &t->k, &t->a, "", &q) == KR_EINVAL);
	CHECK(questions_get_by_code(t->c, &t->k, &t->a, "ABCD-EFGH", &q) == KR_EINVAL);
	CHECK(questions_get_by_code(t->c, &t->k, &t->a, "OOOO-OOOO-OOOO-OOOO-OOOO", &q) ==
	      KR_EINVAL); /* O is not in the alphabet */
	CHECK(questions_get_by_code(t->c, &t->k, &t->a, "AAAA-AAAA-AAAA-AAAA-AAAA", &q) ==
	      KR_ENOTFOUND);
	/* The team's view: only its own network. */
	CHECK(questions_get_for_team(t->c, &t->k, &t->a, f.other, r2, &q) == KR_ENOTFOUND);
	CHECK(questions_get_for_team(t->c, &t->k, &t->a, f.net, r2, &q) == KR_OK);
	CHECK(questions_queue(t->c, &t->k, &t->a, f.net, 0, 100, &mine, &n) == KR_OK && n == 3);
	CHECK(questions_queue(t->c, &t->k, &t->a, f.other, 0, 100, &mine, &n) == KR_OK && n == 0);
	/* A page of the queue: oldest first, from the offset on. */
	struct question *all, *part;
	size_t nall, npart;
	CHECK(questions_queue(t->c, &t->k, &t->a, f.net, 0, 100, &all, &nall) == KR_OK &&
	      nall == 3);
	CHECK(questions_queue(t->c, &t->k, &t->a, f.net, 0, 2, &part, &npart) == KR_OK &&
	      npart == 2 && strcmp(part[1].ref, all[1].ref) == 0);
	CHECK(questions_queue(t->c, &t->k, &t->a, f.net, 2, 2, &part, &npart) == KR_OK &&
	      npart == 1 && strcmp(part[0].ref, all[2].ref) == 0);
	CHECK(questions_queue(t->c, &t->k, &t->a, f.net, 3, 2, &part, &npart) == KR_OK &&
	      npart == 0);
	tempdb_close(t);
}

void
test_questions_queue_steps(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem;
	char r1[QUESTION_REF_SIZE], r2[QUESTION_REF_SIZE], code[QUESTION_CODE_SIZE];
	struct referral e = { 0, REFERRAL_COMPANY_DOCTOR, "Bedrijfsarts", "Bel 030", "Gezondheid" };
	int64_t entry;
	struct referral_problem rp[3];
	struct referral bad = { 0, REFERRAL_HR, "", "x", "" };
	CHECK(referral_check(&bad, rp) == 2);
	CHECK(referral_add(t->c, &bad, 1, &entry) == KR_EINVAL);
	CHECK(referral_add(t->c, &e, 1, &entry) == KR_OK);
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_ANONYMOUS, "Vraag", 100, r1, code,
			    &problem) == KR_OK);
	CHECK(questions_ask(t->c, &t->k, f.net, 0, QUESTION_CODE, "Codevraag", 100, r2, code,
			    &problem) == KR_OK);
	int64_t mails = outbox_count(t->c);
	CHECK(questions_take(t->c, f.other, r1, f.team) == KR_ENOTFOUND);
	CHECK(questions_take(t->c, f.net, r1, f.team) == KR_OK);
	struct question q;
	CHECK(questions_get_for_team(t->c, &t->k, &t->a, f.net, r1, &q) == KR_OK);
	CHECK(q.taken_by == f.team && q.taken_by_name && strcmp(q.taken_by_name, "Kern") == 0);
	/* Bad answers change nothing. */
	int64_t bogus = entry + 100, twice[2] = { entry, entry };
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ANSWER, "", false, NULL, 0,
				"http://k", 200, &problem) == KR_EINVAL &&
	      problem == questions_problem_empty);
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ANSWER, "x", false, &bogus, 1,
				"http://k", 200, &problem) == KR_EINVAL &&
	      problem == questions_problem_referral);
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ANSWER, "x", false, twice, 2,
				"http://k", 200, &problem) == KR_EINVAL);
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ASK_BACK, "x", false, &entry,
				1, "http://k", 200, &problem) == KR_EINVAL);
	CHECK(questions_respond(t->c, &t->k, f.other, r1, f.team, QMSG_ANSWER, "x", false, NULL, 0,
				"http://k", 200, &problem) == KR_ENOTFOUND);
	CHECK(outbox_count(t->c) == mails);
	/* Asking back, the reply, the answer: one e-mail each for the signed-in asker. */
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ASK_BACK, "Waar werk je?",
				false, NULL, 0, "http://k", 200, &problem) == KR_OK);
	CHECK(outbox_count(t->c) == mails + 1);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(q.state == QSTATE_ASKED_BACK && q.nmsgs == 1);
	CHECK(questions_reply(t->c, &t->k, &q, "", 300, &problem) == KR_EINVAL);
	CHECK(questions_reply(t->c, &t->k, &q, "Op het stadhuis", 300, &problem) == KR_OK);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(q.state == QSTATE_OPEN && q.nmsgs == 2);
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ANSWER, "Ga naar de arts",
				true, &entry, 1, "http://k", 7600, &problem) == KR_OK);
	CHECK(outbox_count(t->c) == mails + 2);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(q.state == QSTATE_ANSWERED && q.answered_at == 7200 && q.nmsgs == 3);
	/* Stored as the hour, never the second (docs/PRIVACY.md). */
	CHECK(q.asked_at == 0 && q.nmsgs == 3 && q.msgs[1].created_at == 0);
	if (q.nmsgs == 3) {
		CHECK(q.msgs[2].kind == QMSG_ANSWER && q.msgs[2].signed_by_name);
		CHECK(q.msgs[2].nreferrals == 1 && q.msgs[2].referrals[0] == entry);
		CHECK(q.msgs[1].kind == QMSG_REPLY && q.msgs[1].author_id == 0);
		CHECK_STR(q.msgs[1].text, "Op het stadhuis");
	}
	/* The e-mail says only that there is an answer. */
	struct db_stmt *st = db_prepare(t->c, "SELECT subject, body FROM outbox");
	while (st && db_row(st)) {
		const char *s = db_col_text(st, 0), *b = db_col_text(st, 1);
		CHECK(!strstr(b, "Ga naar") && !strstr(b, "Vraag") && !strstr(b, "Waar werk"));
		CHECK(!strstr(b, "Neurokring") && !strstr(s, "Neurokring"));
		CHECK(strstr(b, "http://k/questions") != NULL);
	}
	CHECK(st && db_done(st) == KR_OK);
	/* The code's question: no e-mail. */
	CHECK(questions_respond(t->c, &t->k, f.net, r2, f.team, QMSG_ANSWER, "Antwoord", false,
				NULL, 0, "http://k", 200, &problem) == KR_OK);
	CHECK(outbox_count(t->c) == mails + 2);
	/* Closed: nothing more. */
	CHECK(questions_close(t->c, f.other, r1, 11300) == KR_ENOTFOUND);
	CHECK(questions_close(t->c, f.net, r1, 11300) == KR_OK);
	CHECK(questions_close(t->c, f.net, r1, 11300) == KR_ECONFLICT);
	CHECK(questions_take(t->c, f.net, r1, f.team) == KR_ECONFLICT);
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ANSWER, "x", false, NULL, 0,
				"http://k", 600, &problem) == KR_ECONFLICT);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(q.state == QSTATE_CLOSED && q.closed_at == 10800);
	CHECK(questions_reply(t->c, &t->k, &q, "nog iets", 700, &problem) == KR_ECONFLICT);
	struct question *qs;
	size_t n;
	CHECK(questions_queue(t->c, &t->k, &t->a, f.net, 0, 100, &qs, &n) == KR_OK && n == 1);
	/* Removing a directory entry takes it out of the answers. */
	CHECK(referral_delete(t->c, entry) == KR_OK);
	CHECK(referral_delete(t->c, entry) == KR_ENOTFOUND);
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(q.nmsgs == 3 && q.msgs[2].nreferrals == 0);
	tempdb_close(t);
}

void
test_questions_working_days(void)
{
	/* 2026-11-30 was a Monday. */
	int64_t mon = 1795996800;
	CHECK_INT(questions_working_days(mon + 3600, mon + 7200), 0);
	CHECK_INT(questions_working_days(mon, mon + 4 * 86400), 4);		/* to Friday */
	CHECK_INT(questions_working_days(mon, mon + 6 * 86400), 4);		/* to Sunday */
	CHECK_INT(questions_working_days(mon, mon + 7 * 86400), 5);		/* next Monday */
	CHECK_INT(questions_working_days(mon + 4 * 86400, mon + 7 * 86400), 1); /* Fri → Mon */
	struct question q = { .state = QSTATE_OPEN, .asked_at = mon };
	CHECK(!questions_overdue(&q, 5, mon + 7 * 86400));
	CHECK(questions_overdue(&q, 5, mon + 8 * 86400));
	q.state = QSTATE_ASKED_BACK;
	CHECK(!questions_overdue(&q, 5, mon + 30 * 86400));
	q.state = QSTATE_OPEN;
	q.answered_at = mon + 86400; /* answered, then replied to: not flagged again */
	CHECK(!questions_overdue(&q, 5, mon + 30 * 86400));
	/* Calendar months, UTC: 2026-03-31 minus one month is 2026-03-03 (Feb has 28 days). */
	CHECK_INT(questions_months_before(1774915200, 1), 1772496000);
	CHECK_INT(questions_months_before(mon, 12), mon - 365 * 86400);
}

void
test_questions_erase_retention_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem;
	char r1[QUESTION_REF_SIZE], r2[QUESTION_REF_SIZE], r3[QUESTION_REF_SIZE];
	char r4[QUESTION_REF_SIZE], code[QUESTION_CODE_SIZE], none[QUESTION_CODE_SIZE];
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_ANONYMOUS, "Een", 100, r1, none,
			    &problem) == KR_OK);
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_NAMED, "Twee", 100, r2, none,
			    &problem) == KR_OK);
	CHECK(questions_ask(t->c, &t->k, f.net, f.second, QUESTION_ANONYMOUS, "Drie", 100, r3, none,
			    &problem) == KR_OK);
	CHECK(questions_ask(t->c, &t->k, f.net, 0, QUESTION_CODE, "Vier", 100, r4, code,
			    &problem) == KR_OK);
	CHECK(questions_respond(t->c, &t->k, f.net, r3, f.team, QMSG_ANSWER, "Antwoord", true, NULL,
				0, NULL, 200, &problem) == KR_OK);
	/* Key rotation: everything opens with the fresh keys, and the code still works. */
	struct keys fresh = t->k;
	randombytes_buf(fresh.data, sizeof(fresh.data));
	randombytes_buf(fresh.lookup, sizeof(fresh.lookup));
	int64_t count = 0;
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(questions_rekey(t->c, &t->k, &fresh, &count) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK_INT(count, 5);
	struct question q;
	CHECK(questions_get_mine(t->c, &t->k, &t->a, f.asker, r1, &q) == KR_ENOTFOUND);
	CHECK(questions_get_mine(t->c, &fresh, &t->a, f.asker, r1, &q) == KR_OK);
	CHECK(questions_get_mine(t->c, &fresh, &t->a, f.second, r3, &q) == KR_OK);
	CHECK(q.nmsgs == 1 && strcmp(q.msgs[0].text, "Antwoord") == 0);
	CHECK(questions_get_by_code(t->c, &fresh, &t->a, code, &q) == KR_OK);
	t->k = fresh;
	/* The account's deletion takes its own questions, not the others'; a core-team member's
	 * leaves their answers unsigned. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(questions_erase_account(t->c, &t->k, f.asker) == KR_OK);
	CHECK(questions_erase_account(t->c, &t->k, f.team) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	struct question *mine;
	size_t n;
	CHECK(questions_mine(t->c, &t->k, &t->a, f.asker, &mine, &n) == KR_OK && n == 0);
	CHECK(questions_get_for_team(t->c, &t->k, &t->a, f.net, r1, &q) == KR_ENOTFOUND);
	CHECK(questions_get_for_team(t->c, &t->k, &t->a, f.net, r3, &q) == KR_OK);
	CHECK(q.nmsgs == 1 && q.msgs[0].author_id == 0 && !q.msgs[0].signed_by_name);
	CHECK(questions_get_by_code(t->c, &t->k, &t->a, code, &q) == KR_OK);
	/* Retention: closed before the cut-off goes, the rest stays. */
	CHECK(questions_close(t->c, f.net, r3, 1000) == KR_OK);
	CHECK(questions_close(t->c, f.net, r4, 5000) == KR_OK);
	int64_t erased = -1;
	CHECK(questions_erase_closed_before(t->c, 2000, &erased) == KR_OK);
	CHECK_INT(erased, 1);
	CHECK(questions_get_for_team(t->c, &t->k, &t->a, f.net, r3, &q) == KR_ENOTFOUND);
	CHECK(questions_get_by_code(t->c, &t->k, &t->a, code, &q) == KR_OK);
	struct db_stmt *st = db_prepare(t->c, "SELECT count(*) FROM question_message");
	CHECK(st && db_row(st) && db_col_int(st, 0) == 0);
	CHECK(st && db_done(st) == KR_OK);
	/* Settings. */
	struct questions_settings s;
	CHECK(questions_settings_get(t->c, &s) == KR_OK && s.flag_days == 5 && s.keep_months == 12);
	s.flag_days = 0;
	CHECK(questions_settings_set(t->c, 0, &s) == KR_EINVAL);
	s = (struct questions_settings){ 3, 121 };
	CHECK(questions_settings_set(t->c, 0, &s) == KR_EINVAL);
	s = (struct questions_settings){ 3, 24 };
	CHECK(questions_settings_set(t->c, 0, &s) == KR_OK);
	CHECK(questions_settings_get(t->c, &s) == KR_OK && s.flag_days == 3 && s.keep_months == 24);
	tempdb_close(t);
}

static bool
contains(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

void
test_questions_stolen_database(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem;
	char r1[QUESTION_REF_SIZE], r2[QUESTION_REF_SIZE], code[QUESTION_CODE_SIZE];
	CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_ANONYMOUS, "Zqvraagmarkering",
			    100, r1, code, &problem) == KR_OK);
	CHECK(questions_ask(t->c, &t->k, f.net, 0, QUESTION_CODE, "Zqcodevraag", 100, r2, code,
			    &problem) == KR_OK);
	CHECK(questions_respond(t->c, &t->k, f.net, r1, f.team, QMSG_ANSWER, "Zqantwoordmarkering",
				false, NULL, 0, NULL, 200, &problem) == KR_OK);
	size_t len = 0;
	char *raw = tempdb_raw(t, &len);
	CHECK(raw && len > 0);
	db_close(t->db);
	t->db = NULL;
	if (!raw) {
		tempdb_close(t);
		return;
	}
	CHECK(contains(raw, len, "Zqnaammarker")); /* the files were read: the name is there */
	CHECK(!contains(raw, len, "Zqvraagmarkering"));
	CHECK(!contains(raw, len, "Zqcodevraag"));
	CHECK(!contains(raw, len, "Zqantwoordmarkering"));
	char plain[QUESTION_CODE_CHARS + 1];
	size_t k = 0;
	for (const char *p = code; *p; p++)
		if (*p != '-')
			plain[k++] = *p;
	plain[k] = '\0';
	CHECK(!contains(raw, len, code) && !contains(raw, len, plain));
	free(raw);
	tempdb_close(t);
}

/* The figures: weeks from Monday 00:00 UTC, only ended weeks, the median wait for a first
 * answer (the mean of the two in the middle for an even number), referrals by kind; the
 * week that is running counts nothing. */
void
test_questions_figures(void)
{
	/* 2026-11-30 was a Monday. */
	int64_t monday = 1795996800;
	CHECK(questions_week_start(monday) == monday);
	CHECK(questions_week_start(monday + 6 * 86400 + 86399) == monday);
	CHECK(questions_week_start(monday - 1) == monday - QUESTION_WEEK);
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	struct referral e = { .kind = REFERRAL_HR, .name = "HR", .reach = "x", .purpose = "y" };
	int64_t rid = 0;
	CHECK(referral_add(t->c, &e, monday, &rid) == KR_OK);
	int64_t now = monday + 2 * 86400; /* Wednesday of the running week */
	int64_t last = monday - QUESTION_WEEK;
	const char *problem;
	/* Four questions last week, answered after 1, 3, 5 and 9 hours; one this week. */
	const int waits[] = { 1, 3, 5, 9 };
	for (size_t i = 0; i < 5; i++) {
		char ref[QUESTION_REF_SIZE], code[QUESTION_CODE_SIZE];
		int64_t at = i < 4 ? last + 86400 + (int64_t)i * 3600 : now;
		CHECK(questions_ask(t->c, &t->k, f.net, f.asker, QUESTION_ANONYMOUS, "Een vraag",
				    at, ref, code, &problem) == KR_OK);
		if (i < 4)
			CHECK(questions_respond(t->c, &t->k, f.net, ref, f.team, QMSG_ANSWER,
						"Een antwoord", false, &rid, 1, NULL,
						at + waits[i] * 3600, &problem) == KR_OK);
	}
	struct question_figures q;
	CHECK(questions_figures(t->c, f.net, now, &q) == KR_OK);
	CHECK(q.week_start[QUESTION_FIGURE_WEEKS - 1] == last);
	CHECK(q.week_start[0] == monday - QUESTION_FIGURE_WEEKS * QUESTION_WEEK);
	int64_t asked = 0;
	for (int i = 0; i < QUESTION_FIGURE_WEEKS; i++)
		asked += q.asked[i];
	CHECK(q.asked[QUESTION_FIGURE_WEEKS - 1] == 4);
	CHECK(asked == 4); /* not the one of the running week */
	CHECK(q.answered == 4);
	CHECK(q.median_hours == 4); /* (3 + 5) / 2 */
	CHECK(q.referrals[REFERRAL_HR] == 4 && q.nreferrals == 4);
	/* Another network's figures count none of them. */
	CHECK(questions_figures(t->c, f.other, now, &q) == KR_OK);
	CHECK(q.answered == 0 && q.nreferrals == 0 && q.asked[QUESTION_FIGURE_WEEKS - 1] == 0);
	tempdb_close(t);
}
