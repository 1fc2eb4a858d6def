// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_retention.c: the daily erasure. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/mail/mail.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/retention/retention.h"
#include "base/log.h"

void test_retention_run(void);

void
test_retention_run(void)
{
	struct tempdb t;
	if (!tempdb_open(&t)) {
		CHECK(!"database");
		return;
	}
	struct db_conn *c = t.c;
	struct keys k = t.k;
	struct arena *a = &t.a;
	int64_t net, sam, admin;
	struct network nw = { .slug = "n", .name = "N", .kind = NETWORK_BROAD };
	CHECK(org_create(c, "Org", "") == KR_OK && org_network_add(c, &nw, &net) == KR_OK);
	CHECK(auth_account_create(c, 0, a, "sam@x.nl", "Sam", NULL, &sam) == KR_OK);
	CHECK(auth_account_create(c, 0, a, "admin@x.nl", "Admin", NULL, &admin) == KR_OK);
	CHECK(auth_set_admin(c, 0, admin, true) == KR_OK);
	const char *problem;
	struct member_choice vis = { .appearance = APPEAR_VISIBLE };
	CHECK(members_join(c, &k, sam, net, 0, &vis, 1, &problem) == KR_OK);
	CHECK(mail_enqueue(c, "sam@x.nl", "Onderwerp", "Tekst") == KR_OK);
	CHECK(db_exec(c, "UPDATE outbox SET sent_at = 1000, body = ''") == KR_OK);
	/* Undeliverable mail goes after the same period: one long ago, one just now. */
	CHECK(mail_enqueue(c, "gone@x.nl", "Onderwerp", "Tekst") == KR_OK);
	CHECK(mail_enqueue(c, "gone@x.nl", "Onderwerp", "Tekst") == KR_OK);
	CHECK(db_exec(c, "UPDATE outbox SET undeliverable_at = 2000 WHERE id = 2") == KR_OK);
	char now_sql[96];
	snprintf(now_sql, sizeof(now_sql), "UPDATE outbox SET undeliverable_at = %lld WHERE id = 3",
		 (long long)time_now());
	CHECK(db_exec(c, now_sql) == KR_OK);
	struct retention_settings s = { 0, 10 };
	CHECK(retention_set(c, admin, &s) == KR_EINVAL); /* out of range: nothing changes */
	s = (struct retention_settings){ 7, 30 };
	CHECK(retention_set(c, admin, &s) == KR_OK);
	CHECK(auth_account_set_disabled(c, 0, sam, true) == KR_OK);
	int64_t now = time_now();
	struct retention_result res;
	/* Today: the mail sent long ago goes; the account blocked just now stays. */
	CHECK(retention_run(c, &k, now, 14 * 86400, &res) == KR_OK);
	CHECK_INT(res.mail, 2);
	struct mail_status ms;
	CHECK(mail_status(c, &ms) == KR_OK);
	CHECK_INT(ms.undeliverable, 1);
	CHECK_INT(ms.sent, 0);
	CHECK_INT(res.accounts, 0);
	struct membership m;
	CHECK(members_get(c, &k, a, sam, net, 0, &m) == KR_OK);
	/* 31 days on, the blocked account is erased with its membership. */
	CHECK(retention_run(c, &k, now + 31 * 86400, 14 * 86400, &res) == KR_OK);
	CHECK_INT(res.accounts, 1);
	struct account acc;
	CHECK(auth_account_by_id(c, a, sam, &acc) == KR_ENOTFOUND);
	int64_t count = -1;
	CHECK(members_count(c, net, 0, &count) == KR_OK && count == 0);
	/* The last administrator is never erased, however long blocked (it cannot be). */
	CHECK(auth_account_by_id(c, a, admin, &acc) == KR_OK);
	tempdb_close(&t);
}

void test_retention_erased_tally(void);

/* The features' tally for the job's log: the same kind adds up, each kind keeps its place. */
void
test_retention_erased_tally(void)
{
	struct retention_ctx ctx = { .now = 1 };
	retention_erased(&ctx, "forum posts", 3);
	retention_erased(&ctx, "questions", 0);
	retention_erased(&ctx, "forum posts", 4);
	CHECK_INT((int64_t)ctx.nerased, 2);
	CHECK(strcmp(ctx.erased[0].what, "forum posts") == 0);
	CHECK_INT(ctx.erased[0].n, 7);
	CHECK(strcmp(ctx.erased[1].what, "questions") == 0);
	CHECK_INT(ctx.erased[1].n, 0);
}
