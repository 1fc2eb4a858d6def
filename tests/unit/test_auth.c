// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_auth.c: the rules of accounts, sessions and links that need a clock: session limits,
 * throttles, the lock after 100 failures, link lifetimes, the last administrator. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "db/db.h"
#include <sodium.h>

void test_auth_session_limits(void);
void test_auth_throttle_and_lock(void);
void test_auth_links(void);
void test_auth_last_admin(void);
void test_auth_email_normalise(void);
void test_auth_step_up(void);

#define PW "Rijnstad-demo-2026"

void
test_auth_session_limits(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	struct arena a;
	arena_init(&a);
	int64_t member, admin;
	CHECK(auth_account_create(t.c, 0, &a, "sam@rijnstad.example", "Sam", PW, &member) == KR_OK);
	CHECK(auth_account_create(t.c, 0, &a, "bram@rijnstad.example", "Bram", PW, &admin) ==
	      KR_OK);
	CHECK(auth_set_admin(t.c, 0, admin, true) == KR_OK);
	const struct session_limits lim = SESSION_LIMITS_DEFAULT;
	char tm[SESSION_TOKEN_LEN + 1], ta[SESSION_TOKEN_LEN + 1];
	int64_t t0 = 1800000000;
	CHECK(auth_session_create(t.c, &t.k, member, true, t0, tm) == KR_OK);
	CHECK(auth_session_create(t.c, &t.k, admin, true, t0, ta) == KR_OK);
	struct session s;
	/* 31 minutes idle: the administrator's session is over, the member's is not. */
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, ta, t0 + 31 * 60, &s) == KR_ENOTFOUND);
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, tm, t0 + 31 * 60, &s) == KR_OK);
	CHECK(s.account_id == member && !s.privileged && (s.roles & ROLE_EMPLOYEE));
	/* Ended means gone: no coming back, not even within the limits. */
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, ta, t0 + 60, &s) == KR_ENOTFOUND);
	/* Kept active every few hours, a member's session still ends at the absolute limit. */
	int64_t now = t0 + 31 * 60;
	while (now < t0 + lim.absolute_member - 3600) {
		now += 4 * 3600;
		if (now >= t0 + lim.absolute_member)
			break;
		CHECK(auth_session_get(t.c, &a, &t.k, &lim, tm, now, &s) == KR_OK);
	}
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, tm, t0 + lim.absolute_member + 1, &s) ==
	      KR_ENOTFOUND);
	/* A privileged session lasts 12 hours at most, however active. */
	CHECK(auth_session_create(t.c, &t.k, admin, true, t0, ta) == KR_OK);
	for (now = t0; now < t0 + 12 * 3600 - 600; now += 20 * 60)
		CHECK(auth_session_get(t.c, &a, &t.k, &lim, ta, now, &s) == KR_OK);
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, ta, t0 + 12 * 3600 + 1, &s) == KR_ENOTFOUND);
	/* A garbled or foreign token finds nothing. */
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, "short", t0, &s) == KR_ENOTFOUND);
	char other[SESSION_TOKEN_LEN + 1];
	memset(other, 'A', SESSION_TOKEN_LEN);
	other[SESSION_TOKEN_LEN] = '\0';
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, other, t0, &s) == KR_ENOTFOUND);
	/* A role change ends the sessions of that person. */
	CHECK(auth_session_create(t.c, &t.k, member, true, t0, tm) == KR_OK);
	CHECK(auth_set_contact(t.c, 0, member, true) == KR_OK);
	CHECK(auth_session_get(t.c, &a, &t.k, &lim, tm, t0 + 1, &s) == KR_ENOTFOUND);
	arena_release(&a);
	tempdb_close(&t);
}

void
test_auth_throttle_and_lock(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	struct arena a;
	arena_init(&a);
	int64_t id;
	CHECK(auth_account_create(t.c, 0, &a, "sam@rijnstad.example", "Sam", PW, &id) == KR_OK);
	struct sign_in_result res;
	int64_t now = 1800000000;
	/* Five wrong passwords are free; the sixth attempt must wait, even with the right one. */
	for (int i = 0; i < 5; i++)
		CHECK(auth_sign_in(t.c, &a, &t.k, "sam@rijnstad.example", "wrong-password",
				   "10.0.0.1", now, &res) == KR_EFORBIDDEN);
	CHECK(auth_sign_in(t.c, &a, &t.k, "sam@rijnstad.example", PW, "10.0.0.1", now, &res) ==
	      KR_ETHROTTLED);
	CHECK(res.retry_after >= 1);
	/* After the wait, the right password works and clears the count. */
	CHECK(auth_sign_in(t.c, &a, &t.k, "SAM@rijnstad.example", PW, "10.0.0.1", now + 600,
			   &res) == KR_OK);
	CHECK(res.account_id == id);
	/* Unknown addresses are throttled just the same (nothing to learn from the wait). */
	for (int i = 0; i < 5; i++)
		CHECK(auth_sign_in(t.c, &a, &t.k, "nobody@rijnstad.example", PW, "10.0.0.2", now,
				   &res) == KR_EFORBIDDEN);
	CHECK(auth_sign_in(t.c, &a, &t.k, "nobody@rijnstad.example", PW, "10.0.0.2", now, &res) ==
	      KR_ETHROTTLED);
	/* 99 failures in a row, then one more: locked, and then even the right password fails. */
	CHECK(auth_store_failures(t.c, id, 99, false) == KR_OK);
	CHECK(auth_sign_in(t.c, &a, &t.k, "sam@rijnstad.example", "wrong-password", "10.0.0.3",
			   now + 10000, &res) == KR_EFORBIDDEN);
	struct account acc;
	CHECK(auth_account_by_id(t.c, &a, id, &acc) == KR_OK && acc.locked && acc.failures == 100);
	CHECK(auth_sign_in(t.c, &a, &t.k, "sam@rijnstad.example", PW, "10.0.0.4", now + 20000,
			   &res) == KR_EFORBIDDEN);
	/* A new password (by reset) unlocks. */
	const char *problem = NULL;
	CHECK(auth_set_password(t.c, 0, &a, id, "een-nieuw-lang-wachtwoord", &problem) == KR_OK);
	CHECK(auth_sign_in(t.c, &a, &t.k, "sam@rijnstad.example", "een-nieuw-lang-wachtwoord",
			   "10.0.0.4", now + 30000, &res) == KR_OK);
	arena_release(&a);
	tempdb_close(&t);
}

void
test_auth_links(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	struct arena a;
	arena_init(&a);
	int64_t id;
	CHECK(auth_account_create(t.c, 0, &a, "sam@rijnstad.example", "Sam", PW, &id) == KR_OK);
	int64_t now = 1800000000;
	/* The link is only in the e-mail: read it back from the outbox body. */
	CHECK(auth_reset_request(t.c, &t.k, "sam@rijnstad.example", "http://k", now) == KR_OK);
	CHECK(auth_reset_request(t.c, &t.k, "nobody@rijnstad.example", "http://k", now) == KR_OK);
	struct db_stmt *st = db_prepare(t.c, "SELECT count(*), max(body) FROM outbox");
	CHECK(st && db_row(st));
	if (!st)
		return;
	CHECK_INT(db_col_int(st, 0), 1); /* nothing for an unknown address */
	const char *body = db_col_text(st, 1);
	const char *link = strstr(body, "http://k/reset/");
	char token[LINK_TOKEN_LEN + 1] = "";
	if (link)
		snprintf(token, sizeof(token), "%.*s", LINK_TOKEN_LEN,
			 link + strlen("http://k/reset/"));
	CHECK(db_done(st) == KR_OK);
	int64_t who = 0;
	CHECK(auth_reset_check(t.c, &t.k, token, now + 29 * 60, &who) == KR_OK && who == id);
	CHECK(auth_reset_check(t.c, &t.k, token, now + 31 * 60, &who) == KR_ENOTFOUND);
	const char *problem = NULL;
	CHECK(auth_reset_complete(t.c, &t.k, &a, token, "short", now + 60, &problem) == KR_EINVAL);
	CHECK(problem != NULL);
	CHECK(auth_reset_complete(t.c, &t.k, &a, token, "een-nieuw-lang-wachtwoord", now + 60,
				  &problem) == KR_OK);
	/* Single use. */
	CHECK(auth_reset_complete(t.c, &t.k, &a, token, "nog-een-ander-wachtwoord", now + 90,
				  &problem) == KR_ENOTFOUND);
	/* An invitation: a second use, or an address with an account, is refused. */
	CHECK(auth_invite(t.c, &t.k, id, "sam@rijnstad.example", "http://k", now) == KR_ECONFLICT);
	CHECK(auth_invite(t.c, &t.k, id, "not an address", "http://k", now) == KR_EINVAL);
	CHECK(auth_invite(t.c, &t.k, id, "Kim@Rijnstad.example", "http://k", now) == KR_OK);
	st = db_prepare(t.c, "SELECT body FROM outbox WHERE body LIKE '%/invite/%'");
	CHECK(st && db_row(st));
	if (!st)
		return;
	link = strstr(db_col_text(st, 0), "http://k/invite/");
	if (link)
		snprintf(token, sizeof(token), "%.*s", LINK_TOKEN_LEN,
			 link + strlen("http://k/invite/"));
	CHECK(db_done(st) == KR_OK);
	const char *email = NULL;
	CHECK(auth_invite_check(t.c, &t.k, &a, token, now + 60, &email) == KR_OK);
	CHECK_STR(email, "kim@rijnstad.example");
	int64_t kim, net = -1;
	CHECK(auth_invite_accept(t.c, &t.k, &a, token, "", "een-nieuw-lang-wachtwoord", now + 60,
				 &kim, &net, &problem) == KR_EINVAL);
	CHECK(problem == auth_name_problem);
	CHECK(auth_invite_accept(t.c, &t.k, &a, token, "Kim", "een-nieuw-lang-wachtwoord", now + 60,
				 &kim, &net, &problem) == KR_OK);
	CHECK(net == 0); /* an invitation to Kring, not to a network */
	CHECK(auth_invite_accept(t.c, &t.k, &a, token, "Kim", "een-nieuw-lang-wachtwoord", now + 90,
				 &kim, &net, &problem) == KR_ENOTFOUND);
	CHECK(auth_invite_check(t.c, &t.k, &a, token, now + INVITE_LIFETIME + 1, &email) ==
	      KR_ENOTFOUND);
	arena_release(&a);
	tempdb_close(&t);
}

void
test_auth_last_admin(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	struct arena a;
	arena_init(&a);
	int64_t one, two;
	CHECK(auth_account_create(t.c, 0, &a, "one@rijnstad.example", "One", NULL, &one) == KR_OK);
	CHECK(auth_account_create(t.c, 0, &a, "two@rijnstad.example", "Two", NULL, &two) == KR_OK);
	CHECK(auth_set_admin(t.c, 0, one, true) == KR_OK);
	CHECK(auth_set_admin(t.c, one, one, false) == KR_ECONFLICT); /* would leave none */
	CHECK(auth_account_set_disabled(t.c, 0, one, true) == KR_ECONFLICT);
	CHECK(auth_set_admin(t.c, one, two, true) == KR_OK);
	CHECK(auth_set_admin(t.c, two, one, false) == KR_OK);
	unsigned roles = 0;
	CHECK(auth_roles_of(t.c, one, &roles) == KR_OK && !(roles & ROLE_ADMIN));
	CHECK(auth_roles_of(t.c, two, &roles) == KR_OK && (roles & ROLE_ADMIN));
	arena_release(&a);
	tempdb_close(&t);
}

void
test_auth_email_normalise(void)
{
	struct arena a;
	arena_init(&a);
	const char *e = NULL;
	CHECK(auth_email_normalise(&a, "  Sam.de.Boer@Rijnstad.EXAMPLE ", &e) == KR_OK);
	CHECK_STR(e, "sam.de.boer@rijnstad.example");
	static const char *const bad[] = { "",
					   "sam",
					   "sam@",
					   "@rijnstad.example",
					   "a@b@c.nl",
					   "sam@rijnstad",
					   "sam@rijnstad.",
					   "sam @x.nl",
					   "sam@x.nl\r\nBcc: y@z.nl",
					   "<sam@x.nl>" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(auth_email_normalise(&a, bad[i], &e) == KR_EINVAL);
	arena_release(&a);
}

/* Step-up: the password again holds for STEP_UP_LIFETIME seconds, in that session only; a wrong
 * one is counted on the sign-in throttle of the address. */
void
test_auth_step_up(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	struct arena a;
	arena_init(&a);
	int64_t id, retry;
	CHECK(auth_account_create(t.c, 0, &a, "sam@rijnstad.example", "Sam", PW, &id) == KR_OK);
	char s1[SESSION_TOKEN_LEN + 1], s2[SESSION_TOKEN_LEN + 1];
	int64_t t0 = 1800000000;
	CHECK(auth_session_create(t.c, &t.k, id, true, t0, s1) == KR_OK);
	CHECK(auth_session_create(t.c, &t.k, id, true, t0, s2) == KR_OK);
	bool fresh = true;
	CHECK(auth_step_up_fresh(t.c, &t.k, s1, t0, &fresh) == KR_OK && !fresh);
	CHECK_INT(
	    auth_step_up_check(t.c, &a, &t.k, s1, id, "wrong-password", "10.0.0.1", t0, &retry),
	    KR_EFORBIDDEN);
	CHECK(auth_step_up_fresh(t.c, &t.k, s1, t0, &fresh) == KR_OK && !fresh);
	/* Without two-step sign-in, six digits are a (wrong) password, not a code. */
	CHECK_INT(auth_step_up_check(t.c, &a, &t.k, s1, id, "123456", "10.0.0.1", t0, &retry),
		  KR_EFORBIDDEN);
	CHECK(auth_step_up_check(t.c, &a, &t.k, s1, id, PW, "10.0.0.1", t0 + 10, &retry) == KR_OK);
	CHECK(auth_step_up_fresh(t.c, &t.k, s1, t0 + 10, &fresh) == KR_OK && fresh);
	CHECK(auth_step_up_fresh(t.c, &t.k, s1, t0 + 10 + STEP_UP_LIFETIME - 1, &fresh) == KR_OK &&
	      fresh);
	CHECK(auth_step_up_fresh(t.c, &t.k, s1, t0 + 10 + STEP_UP_LIFETIME, &fresh) == KR_OK &&
	      !fresh);
	CHECK(auth_step_up_fresh(t.c, &t.k, s1, t0, &fresh) == KR_OK && !fresh); /* clock back */
	CHECK(auth_step_up_fresh(t.c, &t.k, s2, t0 + 10, &fresh) == KR_OK && !fresh);
	CHECK(auth_step_up_fresh(t.c, &t.k, NULL, t0 + 10, &fresh) == KR_OK && !fresh);
	/* Five wrong passwords (the right one above cleared the count): the next attempt waits,
	 * even with the right one. */
	for (int i = 0; i < 5; i++)
		CHECK_INT(auth_step_up_check(t.c, &a, &t.k, s2, id, "wrong-password", "10.0.0.2",
					     t0 + 20, &retry),
			  KR_EFORBIDDEN);
	CHECK_INT(auth_step_up_check(t.c, &a, &t.k, s2, id, PW, "10.0.0.2", t0 + 20, &retry),
		  KR_ETHROTTLED);
	CHECK(retry >= 1);
	CHECK(auth_step_up_fresh(t.c, &t.k, s2, t0 + 20, &fresh) == KR_OK && !fresh);
	arena_release(&a);
	tempdb_close(&t);
}
