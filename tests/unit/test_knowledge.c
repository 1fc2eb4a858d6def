// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_knowledge.c: the knowledge base on SQLite and (with KRING_TEST_PG) on PostgreSQL: the
 * checks of an edit at their edges, versions and the optimistic check (a stale save changes
 * nothing), who may read and write, lists and pins, "still correct", the keeper's reminder
 * (once), and erasure keeping the text while the name goes. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/knowledge/knowledge.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/log.h"
#include <stdlib.h>
#include <string.h>

void test_knowledge_check(void);
void test_knowledge_versions(void);
void test_knowledge_access_and_lists(void);
void test_knowledge_remind_and_erase(void);

struct fixture {
	struct tempdb t;
	int64_t net, other, core, core2, member, outsider;
};

static bool
fixture_open(struct fixture *f)
{
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "neuro", .name = "Neurokring", .kind = NETWORK_NARROW };
	struct network ow = { .slug = "ander", .name = "Ander netwerk", .kind = NETWORK_BROAD };
	struct member_choice visible = { .appearance = APPEAR_VISIBLE, .line = "" };
	const char *problem = NULL;
	if (org_create(t->c, "Gemeente", "") == KR_OK &&
	    org_network_add(t->c, &nw, &f->net) == KR_OK &&
	    org_network_add(t->c, &ow, &f->other) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "kees@rijnstad.example", "Kees Zqhouder", NULL,
				&f->core) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "lot@rijnstad.example", "Lot Tweede", NULL,
				&f->core2) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "mo@rijnstad.example", "Mo Lid", NULL,
				&f->member) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "nel@rijnstad.example", "Nel Buiten", NULL,
				&f->outsider) == KR_OK &&
	    auth_set_network_role(t->c, 0, f->net, f->core, NROLE_SECRETARY) == KR_OK &&
	    auth_set_network_role(t->c, 0, f->net, f->core2, NROLE_CORE) == KR_OK &&
	    members_join(t->c, &t->k, f->member, f->net, 0, &visible, time_now(), &problem) ==
		KR_OK)
		return true;
	test_fail(__FILE__, __LINE__, "two networks, a core team, a member and an outsider");
	tempdb_close(t);
	return false;
}

static int64_t
count(struct fixture *f, const char *sql)
{
	struct db_stmt *st = db_prepare(f->t.c, sql);
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (!st || db_done(st))
		return -1;
	return n;
}

void
test_knowledge_check(void)
{
	struct knowledge_problem p[KNOWLEDGE_PROBLEMS_MAX];
	struct knowledge_edit ok = { .title = "Routekaart",
				     .body = "Stap 1\n\nStap 2",
				     .note = "" };
	CHECK_INT(knowledge_check(&ok, p), 0);
	struct knowledge_edit e = ok;
	e.title = "  ";
	CHECK_INT(knowledge_check(&e, p), 1);
	CHECK_STR(p[0].field, "title");
	e = ok;
	e.body = "\n \t\n";
	CHECK_INT(knowledge_check(&e, p), 1);
	CHECK_STR(p[0].field, "body");
	e = ok;
	e.title = "Twee\nregels";
	CHECK_INT(knowledge_check(&e, p), 1);
	CHECK_STR(p[0].field, "title");
	/* 150 characters of title pass, 151 do not; characters, not bytes (é is two bytes). */
	char title[2 * 151 + 1];
	for (int i = 0; i < 150; i++)
		memcpy(title + 2 * i, "\xc3\xa9", 2);
	title[300] = '\0';
	e = ok;
	e.title = title;
	CHECK_INT(knowledge_check(&e, p), 0);
	memcpy(title + 300, "x", 2);
	CHECK_INT(knowledge_check(&e, p), 1);
	/* 50,000 characters of body pass, 50,001 do not. */
	char *body = malloc(KNOWLEDGE_BODY_MAX + 2);
	memset(body, 'a', KNOWLEDGE_BODY_MAX);
	body[KNOWLEDGE_BODY_MAX] = '\0';
	e = ok;
	e.body = body;
	CHECK_INT(knowledge_check(&e, p), 0);
	body[KNOWLEDGE_BODY_MAX] = 'a';
	body[KNOWLEDGE_BODY_MAX + 1] = '\0';
	CHECK_INT(knowledge_check(&e, p), 1);
	CHECK_STR(p[0].field, "body");
	free(body);
	e = ok;
	e.body = "bad \xff byte";
	CHECK_INT(knowledge_check(&e, p), 1);
	e = ok;
	e.note = "a\x01";
	CHECK_INT(knowledge_check(&e, p), 1);
	CHECK_STR(p[0].field, "note");
	enum knowledge_audience a;
	CHECK(knowledge_audience_parse("members", &a) && a == KNOW_MEMBERS);
	CHECK(knowledge_audience_parse("organisation", &a) && a == KNOW_ORGANISATION);
	CHECK(!knowledge_audience_parse("everyone", &a));
	CHECK(!knowledge_audience_parse(NULL, &a));
}

void
test_knowledge_versions(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t now = time_now(), id = 0;
	struct knowledge_edit e = { .title = "Routekaart",
				    .body = "Eerste versie",
				    .note = "",
				    .audience = KNOW_MEMBERS,
				    .keeper_id = f.core };
	CHECK_INT(knowledge_create(t->c, f.net, f.core, &e, now, &id), KR_OK);
	/* The keeper must be in the network's core team: an outsider or another network's. */
	struct knowledge_edit bad = e;
	bad.keeper_id = f.member;
	int64_t id2 = 0;
	CHECK_INT(knowledge_create(t->c, f.net, f.core, &bad, now, &id2), KR_EINVAL);
	bad = e;
	bad.title = "";
	CHECK_INT(knowledge_create(t->c, f.net, f.core, &bad, now, &id2), KR_EINVAL);
	CHECK_INT(count(&f, "SELECT count(*) FROM knowledge_page"), 1);
	/* Two saves based on version 1: the first wins, the second changes nothing. */
	struct knowledge_edit v2 = e;
	v2.body = "Tweede versie";
	v2.note = "Stap 2 erbij";
	v2.keeper_id = f.core2;
	CHECK_INT(knowledge_update(t->c, id, 1, f.core2, &v2, now + 3600), KR_OK);
	struct knowledge_edit stale = e;
	stale.body = "Zqoverschreven";
	CHECK_INT(knowledge_update(t->c, id, 1, f.core, &stale, now + 7200), KR_ECONFLICT);
	CHECK_INT(knowledge_update(t->c, id, 1, f.core, &bad, now + 7200), KR_EINVAL);
	CHECK_INT(knowledge_update(t->c, id + 999, 2, f.core, &v2, now), KR_ENOTFOUND);
	struct knowledge_page p;
	CHECK_INT(knowledge_get(t->c, &t->a, id, &p), KR_OK);
	CHECK_INT(p.version, 2);
	CHECK_STR(p.body, "Tweede versie");
	CHECK_INT(p.keeper_id, f.core2);
	CHECK_STR(p.keeper_name, "Lot Tweede");
	CHECK_INT(count(&f, "SELECT count(*) FROM knowledge_version WHERE body = 'Zqoverschreven'"),
		  0);
	struct knowledge_version *vs;
	size_t n;
	CHECK_INT(knowledge_versions(t->c, &t->a, id, &vs, &n), KR_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(vs[0].version, 2);
		CHECK_STR(vs[0].author_name, "Lot Tweede");
		CHECK_STR(vs[0].note, "Stap 2 erbij");
		CHECK_STR(vs[1].body, "Eerste versie");
		CHECK_STR(vs[1].author_name, "Kees Zqhouder");
		CHECK_INT(vs[1].created_at % 3600, 0); /* stored to the hour */
	}
	struct knowledge_version v;
	CHECK_INT(knowledge_version_get(t->c, &t->a, id, 1, &v), KR_OK);
	CHECK_STR(v.body, "Eerste versie");
	CHECK_INT(knowledge_version_get(t->c, &t->a, id, 3, &v), KR_ENOTFOUND);
	CHECK_INT(knowledge_version_get(t->c, &t->a, id, 0, &v), KR_ENOTFOUND);
	/* Another save based on the current version goes on: version 3. */
	CHECK_INT(knowledge_update(t->c, id, 2, f.core, &stale, now + 7200), KR_OK);
	CHECK_INT(count(&f, "SELECT max(version) FROM knowledge_version"), 3);
	tempdb_close(t);
}

void
test_knowledge_access_and_lists(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t now = time_now(), a = 0, b = 0, c = 0;
	struct knowledge_edit e = { .title = "B: alleen leden",
				    .body = "x",
				    .note = "",
				    .audience = KNOW_MEMBERS,
				    .keeper_id = f.core };
	CHECK_INT(knowledge_create(t->c, f.net, f.core, &e, now, &a), KR_OK);
	e.title = "A: voor iedereen";
	e.audience = KNOW_ORGANISATION;
	CHECK_INT(knowledge_create(t->c, f.net, f.core, &e, now, &b), KR_OK);
	CHECK(knowledge_may_edit(t->c, f.net, f.core));
	CHECK(!knowledge_may_edit(t->c, f.net, f.member));
	CHECK(!knowledge_may_edit(t->c, f.other, f.core));
	CHECK(knowledge_may_read(t->c, &t->k, f.member, f.net, KNOW_MEMBERS));
	CHECK(knowledge_may_read(t->c, &t->k, f.core2, f.net, KNOW_MEMBERS));
	CHECK(!knowledge_may_read(t->c, &t->k, f.outsider, f.net, KNOW_MEMBERS));
	CHECK(knowledge_may_read(t->c, &t->k, f.outsider, f.net, KNOW_ORGANISATION));
	CHECK(!knowledge_may_read(t->c, &t->k, f.member, f.other, KNOW_MEMBERS));
	CHECK(!knowledge_may_read(t->c, &t->k, 0, f.net, KNOW_ORGANISATION));
	struct knowledge_page *ps;
	size_t n;
	CHECK_INT(knowledge_list(t->c, &t->a, f.net, true, false, 10, 0, &ps, &n), KR_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(ps[0].id, b); /* by title */
		CHECK_INT(ps[1].id, a);
	}
	CHECK_INT(knowledge_list(t->c, &t->a, f.net, false, false, 10, 0, &ps, &n), KR_OK);
	CHECK_INT(n, 1);
	CHECK_INT(knowledge_list(t->c, &t->a, f.net, true, false, 1, 1, &ps, &n), KR_OK);
	CHECK(n == 1 && ps[0].id == a);
	CHECK_INT(knowledge_list(t->c, &t->a, f.other, true, false, 10, 0, &ps, &n), KR_OK);
	CHECK_INT(n, 0);
	/* Pins. */
	CHECK_INT(knowledge_set_pinned(t->c, a, true), KR_OK);
	CHECK_INT(knowledge_set_pinned(t->c, a + b + 99, true), KR_ENOTFOUND);
	CHECK_INT(knowledge_list(t->c, &t->a, f.net, true, true, 10, 0, &ps, &n), KR_OK);
	CHECK(n == 1 && ps[0].id == a && ps[0].pinned);
	CHECK_INT(knowledge_list(t->c, &t->a, f.net, false, true, 10, 0, &ps, &n), KR_OK);
	CHECK_INT(n, 0); /* the pinned page is for members only */
	/* "Still correct" moves the check without a version. */
	struct knowledge_page p;
	CHECK_INT(db_exec(t->c, "UPDATE knowledge_page SET checked_at = 1000"), KR_OK);
	CHECK_INT(knowledge_get(t->c, &t->a, a, &p), KR_OK);
	CHECK(knowledge_due(&p, now));
	CHECK_INT(knowledge_mark_checked(t->c, a, f.core2, now), KR_OK);
	CHECK_INT(knowledge_mark_checked(t->c, 0, f.core2, now), KR_ENOTFOUND);
	CHECK_INT(knowledge_get(t->c, &t->a, a, &p), KR_OK);
	CHECK(!knowledge_due(&p, now));
	CHECK_INT(p.version, 1);
	CHECK_STR(p.checked_by_name, "Lot Tweede");
	CHECK_INT(knowledge_get(t->c, &t->a, c, &p), KR_ENOTFOUND);
	tempdb_close(t);
}

void
test_knowledge_remind_and_erase(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t now = time_now(), a = 0, b = 0;
	struct knowledge_edit e = { .title = "Zqoude pagina",
				    .body = "Tekst van Kees",
				    .note = "Zqnotitie",
				    .audience = KNOW_MEMBERS,
				    .keeper_id = f.core };
	CHECK_INT(knowledge_create(t->c, f.net, f.core, &e, now - 400 * 86400, &a), KR_OK);
	e.title = "Zqnieuwe pagina";
	CHECK_INT(knowledge_create(t->c, f.net, f.core, &e, now - 300 * 86400, &b), KR_OK);
	int64_t reminded = -1;
	CHECK_INT(knowledge_remind(t->c, now, "https://kring.example", &reminded), KR_OK);
	CHECK_INT(reminded, 1);
	CHECK_INT(count(&f,
			"SELECT count(*) FROM outbox WHERE to_addr = 'kees@rijnstad.example'"
			" AND body LIKE '%Zqoude pagina%' AND body LIKE '%/n/neuro/knowledge/%'"),
		  1);
	/* Once, not every day. */
	CHECK_INT(knowledge_remind(t->c, now + 86400, NULL, &reminded), KR_OK);
	CHECK_INT(reminded, 0);
	/* Checked again, and a year later due again: one more. */
	CHECK_INT(knowledge_mark_checked(t->c, a, f.core, now), KR_OK);
	CHECK_INT(knowledge_remind(t->c, now + 366 * 86400, NULL, &reminded), KR_OK);
	CHECK_INT(reminded, 2); /* both pages are due by then */
	/* "My data". */
	struct knowledge_version *vs;
	const char **titles;
	size_t n;
	CHECK_INT(knowledge_written_by(t->c, &t->a, f.core, &vs, &titles, &n), KR_OK);
	CHECK_INT(n, 2);
	if (n == 2)
		CHECK_STR(titles[0], "Zqoude pagina");
	struct knowledge_page *ps;
	CHECK_INT(knowledge_kept_by(t->c, &t->a, f.core, &ps, &n), KR_OK);
	CHECK_INT(n, 2);
	/* Erasure: the text stays, the name goes. */
	CHECK_INT(db_begin(t->c), KR_OK);
	CHECK_INT(knowledge_erase_account(t->c, f.core), KR_OK);
	CHECK_INT(db_commit(t->c), KR_OK);
	CHECK_INT(count(&f, "SELECT count(*) FROM knowledge_version WHERE author_id IS NOT NULL"),
		  0);
	CHECK_INT(count(&f, "SELECT count(*) FROM knowledge_page WHERE keeper_id IS NOT NULL OR"
			    " checked_by IS NOT NULL"),
		  0);
	CHECK_INT(count(&f, "SELECT count(*) FROM knowledge_version WHERE body = 'Tekst van Kees'"),
		  2);
	CHECK_INT(knowledge_versions(t->c, &t->a, a, &vs, &n), KR_OK);
	CHECK(n == 1 && vs[0].author_id == 0 && strcmp(vs[0].author_name, "") == 0);
	CHECK_INT(knowledge_written_by(t->c, &t->a, f.core, &vs, &titles, &n), KR_OK);
	CHECK_INT(n, 0);
	/* Without a keeper, nobody is reminded. */
	CHECK_INT(db_exec(t->c, "UPDATE knowledge_page SET reminded = 0"), KR_OK);
	CHECK_INT(knowledge_remind(t->c, now + 800 * 86400, NULL, &reminded), KR_OK);
	CHECK_INT(reminded, 0);
	tempdb_close(t);
}
