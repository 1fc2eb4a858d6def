// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_buddies.c: the rules of buddies on the service (SQLite, or PostgreSQL with
 * KRING_TEST_PG): themes, who may apply and ask, the suggestions' order, the refusals of a
 * proposal (themselves, full, not active, another network), answering once, the caseload, the
 * end with its anonymous check-ins, retention, erasure and key rotation. The pages, the e-mails
 * and the parallel proposals are tested over HTTP (tests/http/test_buddies.py). */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/buddies/buddies.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include <sodium.h>
#include <string.h>

void test_buddies_themes_and_apply(void);
void test_buddies_match_rules(void);
void test_buddies_end_retention_erase_rekey(void);

struct fixture {
	struct tempdb t;
	int64_t net, other, acc[6], coord;
	int64_t th[4];
};

static bool
fixture_open(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "neuro", .name = "Neurokring", .kind = NETWORK_NARROW };
	struct network ow = { .slug = "ander", .name = "Ander netwerk", .kind = NETWORK_BROAD };
	bool ok = org_create(t->c, "Gemeente", "") == KR_OK &&
		  org_network_add(t->c, &nw, &f->net) == KR_OK &&
		  org_network_add(t->c, &ow, &f->other) == KR_OK &&
		  auth_account_create(t->c, 0, &t->a, "coord@rijnstad.example", "Cora Coord", NULL,
				      &f->coord) == KR_OK &&
		  auth_set_network_role(t->c, 0, f->net, f->coord, NROLE_CORE) == KR_OK &&
		  buddy_coordinator_set(t->c, f->net, f->coord, true) == KR_OK;
	struct member_choice silent = { .appearance = APPEAR_SILENT, .pseudonym = "", .line = "" };
	const char *problem = NULL;
	for (int i = 0; ok && i < 6; i++) {
		char email[64], name[32];
		snprintf(email, sizeof(email), "p%d@rijnstad.example", i);
		snprintf(name, sizeof(name), "Persoon %d", i);
		ok = auth_account_create(t->c, 0, &t->a, email, name, NULL, &f->acc[i]) == KR_OK &&
		     (i == 5 || members_join(t->c, &t->k, f->acc[i], f->net, 0, &silent, 100,
					     &problem) == KR_OK);
	}
	const char *names[] = { "Starten", "Terugkeren", "Vertellen", "Autisme" };
	enum buddy_refusal why;
	for (int i = 0; ok && i < 4; i++)
		ok = buddy_theme_add(t->c, f->net, names[i], 100, &why) == KR_OK;
	struct buddy_theme *ts;
	size_t n;
	ok = ok && buddy_themes(t->c, &t->a, f->net, &ts, &n) == KR_OK && n == 4;
	for (int i = 0; ok && i < 4; i++)
		f->th[i] = ts[i].id;
	if (ok)
		return true;
	test_fail(__FILE__, __LINE__, "two networks, a coordinator, six people, four themes");
	tempdb_close(t);
	return false;
}

/* A buddy of f->net with themes, made active. */
static int64_t
active_buddy(struct fixture *f, int who, const int64_t *themes, size_t n)
{
	enum buddy_refusal why;
	struct buddy *bs;
	size_t nb;
	if (buddy_apply(f->t.c, &f->t.k, &f->t.a, f->net, f->acc[who], "Ik help graag.", themes, n,
			0, true, "both", 1000, &why) != KR_OK ||
	    buddy_mine(f->t.c, &f->t.k, &f->t.a, f->acc[who], &bs, &nb) != KR_OK || nb != 1 ||
	    buddy_record(f->t.c, bs[0].id, BUDDY_ACTIVE, INTAKE_GO, "2026-10-01", "2026-11-01", "",
			 &why) != KR_OK)
		return 0;
	return bs[0].id;
}

static int64_t
request(struct fixture *f, int who, const int64_t *themes, size_t n, const char *note)
{
	enum buddy_refusal why;
	int64_t id = 0;
	if (buddy_request_add(f->t.c, &f->t.k, &f->t.a, f->net, f->acc[who], themes, n, 0, true, "",
			      note, 2000, &id, &why) != KR_OK)
		return 0;
	return id;
}

void
test_buddies_themes_and_apply(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	enum buddy_refusal why;
	/* Themes: empty, long, taken, a newline: refused. */
	char longname[BUDDY_THEME_MAX + 2];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK_INT(buddy_theme_add(t->c, f.net, "", 1, &why), KR_EINVAL);
	CHECK_INT(buddy_theme_add(t->c, f.net, longname, 1, &why), KR_EINVAL);
	CHECK_INT(buddy_theme_add(t->c, f.net, "Starten", 1, &why), KR_EINVAL);
	CHECK_INT(buddy_theme_add(t->c, f.net, "twee\nregels", 1, &why), KR_EINVAL);
	CHECK_INT(buddy_theme_add(t->c, f.other, "Starten", 1, &why), KR_OK); /* its own list */
	CHECK_INT(buddy_theme_delete(t->c, f.other, f.th[0]), KR_ENOTFOUND);
	/* Applying: a theme of another network, none, a non-member, an empty motivation. */
	struct buddy_theme *ots;
	size_t on;
	CHECK(buddy_themes(t->c, &t->a, f.other, &ots, &on) == KR_OK && on == 1);
	CHECK_INT(buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[0], "M", &ots[0].id, 1, 0, true,
			      "both", 1, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_THEMES);
	CHECK_INT(buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[0], "M", f.th, 0, 0, true, "both", 1,
			      &why),
		  KR_EINVAL);
	int64_t twice[2] = { f.th[0], f.th[0] };
	CHECK_INT(buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[0], "M", twice, 2, 0, true, "both",
			      1, &why),
		  KR_EINVAL);
	CHECK_INT(buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[5], "M", f.th, 1, 0, true, "both", 1,
			      &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_NOT_MEMBER);
	CHECK_INT(
	    buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[0], "", f.th, 1, 0, true, "both", 1, &why),
	    KR_EINVAL);
	CHECK_INT(why, BREFUSE_TEXT);
	CHECK_INT(
	    buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[0], "M", f.th, 1, 0, true, "fr", 1, &why),
	    KR_EINVAL);
	CHECK_INT(buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[0], "Motivatie\nop twee regels",
			      f.th, 2, 0, true, "both", 1, &why),
		  KR_OK);
	CHECK_INT(buddy_apply(t->c, &t->k, &t->a, f.net, f.acc[0], "M", f.th, 1, 0, true, "both", 1,
			      &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_ALREADY);
	struct buddy *bs;
	size_t nb;
	CHECK(buddy_mine(t->c, &t->k, &t->a, f.acc[0], &bs, &nb) == KR_OK && nb == 1);
	CHECK_STR(bs[0].motivation, "Motivatie\nop twee regels");
	CHECK(bs[0].nthemes == 2 && bs[0].themes[1] == f.th[1] && bs[0].status == BUDDY_APPLIED &&
	      bs[0].caseload == BUDDY_CASELOAD_MAX);
	/* The record: a bad date is refused and changes nothing. */
	CHECK_INT(buddy_record(t->c, bs[0].id, BUDDY_ACTIVE, INTAKE_GO, "2026-02-30", "", "", &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_DATE);
	CHECK(buddy_get(t->c, &t->k, &t->a, bs[0].id, &bs[0]) == KR_OK &&
	      bs[0].status == BUDDY_APPLIED);
	/* The caseload: 1..2, and only one's own. */
	CHECK_INT(buddy_set_caseload(t->c, bs[0].id, f.acc[0], 3, &why), KR_EINVAL);
	CHECK_INT(buddy_set_caseload(t->c, bs[0].id, f.acc[0], 0, &why), KR_EINVAL);
	CHECK_INT(buddy_set_caseload(t->c, bs[0].id, f.acc[1], 1, &why), KR_ENOTFOUND);
	CHECK_INT(buddy_set_caseload(t->c, bs[0].id, f.acc[0], 1, &why), KR_OK);
	/* A coordinator is one of the core team, and stops being one when they leave it. */
	CHECK_INT(buddy_coordinator_set(t->c, f.net, f.acc[1], true), KR_EINVAL);
	CHECK(buddy_is_coordinator(t->c, f.net, f.coord));
	CHECK(!buddy_is_coordinator(t->c, f.other, f.coord));
	CHECK(auth_set_network_role(t->c, 0, f.net, f.coord, NROLE_NONE) == KR_OK);
	CHECK(!buddy_is_coordinator(t->c, f.net, f.coord));
	/* Requests: a note too long, one open request a network. */
	char note[BUDDY_NOTE_MAX + 2];
	memset(note, 'n', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	int64_t id;
	CHECK_INT(buddy_request_add(t->c, &t->k, &t->a, f.net, f.acc[1], f.th, 1, 0, true, "", note,
				    1, &id, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_TEXT);
	CHECK(request(&f, 1, f.th, 1, "Zqnoot") != 0);
	CHECK_INT(buddy_request_add(t->c, &t->k, &t->a, f.net, f.acc[1], f.th, 1, 0, true, "", "",
				    1, &id, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_ALREADY);
	tempdb_close(t);
}

void
test_buddies_match_rules(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	enum buddy_refusal why;
	int64_t b_one = active_buddy(&f, 0, f.th, 1);  /* shares one theme */
	int64_t b_two = active_buddy(&f, 1, f.th, 3);  /* shares two */
	int64_t b_self = active_buddy(&f, 2, f.th, 2); /* the asker */
	CHECK(b_one && b_two && b_self);
	int64_t want[2] = { f.th[0], f.th[1] };
	int64_t rid = request(&f, 2, want, 2, "Zqnoot");
	CHECK(rid != 0);
	struct buddy_request q;
	CHECK(buddy_request_get(t->c, &t->k, &t->a, rid, &q) == KR_OK);
	CHECK(q.account_id == f.acc[2] && q.nthemes == 2 && strcmp(q.note, "Zqnoot") == 0);
	/* Suggestions: most shared themes first, never the asker. */
	struct buddy *sug;
	int *shared;
	size_t ns;
	CHECK(buddy_suggestions(t->c, &t->k, &t->a, &q, &sug, &shared, &ns) == KR_OK);
	CHECK_INT((long)ns, 2);
	CHECK(ns == 2 && sug[0].id == b_two && shared[0] == 2 && sug[1].id == b_one);
	int64_t mid;
	/* Refusals, each changing nothing. */
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.net, rid, b_self, NULL, 3000, &mid, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_SELF);
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.other, rid, b_two, NULL, 3000, &mid, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_STATE);
	CHECK(buddy_record(t->c, b_one, BUDDY_PAUSED, INTAKE_GO, "", "", "", &why) == KR_OK);
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.net, rid, b_one, NULL, 3000, &mid, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_NOT_ACTIVE);
	CHECK(buddy_request_get(t->c, &t->k, &t->a, rid, &q) == KR_OK && q.status == REQ_WAITING);
	/* A proposal; the buddy answers once. */
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.net, rid, b_two, NULL, 3000, &mid, &why),
		  KR_OK);
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.net, rid, b_two, NULL, 3000, &mid, &why),
		  KR_EINVAL);
	CHECK_INT(buddy_answer(t->c, &t->k, &t->a, mid, f.acc[2], true, NULL, 3100, &why),
		  KR_ENOTFOUND); /* the asker cannot answer for the buddy */
	CHECK_INT(buddy_answer(t->c, &t->k, &t->a, mid, f.acc[1], true, NULL, 3100, &why), KR_OK);
	CHECK_INT(buddy_answer(t->c, &t->k, &t->a, mid, f.acc[1], true, NULL, 3100, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_ANSWERED);
	CHECK_INT(buddy_answer(t->c, &t->k, &t->a, mid, f.acc[1], false, NULL, 3100, &why),
		  KR_EINVAL);
	struct buddy_match m;
	CHECK(buddy_match_get(t->c, mid, &m) == KR_OK && m.status == MATCH_ACTIVE &&
	      m.ends_at == 3100 + (int64_t)BUDDY_MATCH_DAYS * 86400);
	/* The caseload: with 1, a second proposal is refused; declining frees it. */
	CHECK(buddy_set_caseload(t->c, b_two, f.acc[1], 1, &why) == KR_OK);
	int64_t r2 = request(&f, 3, want, 1, "");
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.net, r2, b_two, NULL, 3200, &mid, &why),
		  KR_EINVAL);
	CHECK_INT(why, BREFUSE_FULL);
	CHECK(buddy_record(t->c, b_one, BUDDY_ACTIVE, INTAKE_GO, "", "", "", &why) == KR_OK);
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.net, r2, b_one, NULL, 3200, &mid, &why),
		  KR_OK);
	CHECK_INT(buddy_answer(t->c, &t->k, &t->a, mid, f.acc[0], false, NULL, 3300, &why), KR_OK);
	struct buddy b;
	CHECK(buddy_get(t->c, &t->k, &t->a, b_one, &b) == KR_OK && b.load == 0);
	CHECK(buddy_request_get(t->c, &t->k, &t->a, r2, &q) == KR_OK && q.status == REQ_WAITING);
	/* Hand back: the request returns; the coordinator may close it, the asker may not now. */
	CHECK_INT(buddy_propose(t->c, &t->k, &t->a, f.net, r2, b_one, NULL, 3400, &mid, &why),
		  KR_OK);
	CHECK_INT(buddy_hand_back(t->c, &t->k, &t->a, mid, f.acc[3], NULL, 3500, &why),
		  KR_ENOTFOUND); /* only the buddy */
	CHECK_INT(buddy_hand_back(t->c, &t->k, &t->a, mid, f.acc[0], NULL, 3500, &why), KR_OK);
	CHECK(buddy_request_get(t->c, &t->k, &t->a, r2, &q) == KR_OK && q.status == REQ_RETURNED);
	CHECK_INT(buddy_request_close(t->c, &t->k, r2, f.acc[4], 3600, &why), KR_ENOTFOUND);
	CHECK_INT(buddy_request_close(t->c, &t->k, r2, 0, 3600, &why), KR_OK);
	CHECK_INT(buddy_request_close(t->c, &t->k, r2, 0, 3600, &why), KR_EINVAL);
	struct buddy_counts n;
	CHECK(buddy_counts(t->c, f.net, &n) == KR_OK && n.active == 1 && n.waiting == 0);
	tempdb_close(t);
}

void
test_buddies_end_retention_erase_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	enum buddy_refusal why;
	int64_t bid = active_buddy(&f, 0, f.th, 2);
	int64_t rid = request(&f, 1, f.th, 1, "Zqnoot-een");
	int64_t mid;
	CHECK(buddy_propose(t->c, &t->k, &t->a, f.net, rid, bid, NULL, 3000, &mid, &why) == KR_OK);
	CHECK(buddy_answer(t->c, &t->k, &t->a, mid, f.acc[0], true, NULL, 3000, &why) == KR_OK);
	/* Ended by itself after its time: both get a check-in; answering counts, once. */
	int64_t later = 3000 + (int64_t)BUDDY_MATCH_DAYS * 86400 + 60, ended, erased;
	CHECK(buddy_retention_run(t->c, &t->k, later, &ended, &erased) == KR_OK);
	CHECK_INT((long)ended, 1);
	CHECK_INT((long)erased, 0);
	int64_t *due;
	size_t nd;
	CHECK(buddy_checkins_due(t->c, &t->k, &t->a, f.acc[1], &due, &nd) == KR_OK && nd == 1 &&
	      due[0] == f.net);
	CHECK(buddy_checkins_due(t->c, &t->k, &t->a, f.acc[0], &due, &nd) == KR_OK && nd == 1);
	CHECK(buddy_checkins_due(t->c, &t->k, &t->a, f.acc[2], &due, &nd) == KR_OK && nd == 0);
	CHECK_INT(buddy_checkin_answer(t->c, &t->k, f.net, f.acc[1], CHECKIN_YES), KR_OK);
	CHECK_INT(buddy_checkin_answer(t->c, &t->k, f.net, f.acc[1], CHECKIN_YES), KR_ENOTFOUND);
	CHECK_INT(buddy_checkin_answer(t->c, &t->k, f.net, f.acc[2], CHECKIN_NO), KR_ENOTFOUND);
	struct buddy_counts n;
	CHECK(buddy_counts(t->c, f.net, &n) == KR_OK && n.answers[CHECKIN_YES] == 1 &&
	      n.answers[CHECKIN_NO] == 0 && n.active == 0);
	/* Key rotation: every sealed part and every look-up under the fresh keys. */
	int64_t rid2 = request(&f, 2, f.th, 1, "Zqnoot-twee");
	struct keys fresh = t->k;
	randombytes_buf(fresh.data, sizeof(fresh.data));
	randombytes_buf(fresh.lookup, sizeof(fresh.lookup));
	int64_t count;
	CHECK(buddy_rekey(t->c, &t->k, &fresh, &count) == KR_OK);
	CHECK_INT((long)count, 4); /* a buddy, two requests, one check-in */
	struct buddy_request q;
	CHECK(buddy_request_get(t->c, &t->k, &t->a, rid2, &q) != KR_OK);
	t->k = fresh;
	CHECK(buddy_request_get(t->c, &t->k, &t->a, rid2, &q) == KR_OK &&
	      strcmp(q.note, "Zqnoot-twee") == 0);
	struct buddy_request *mine;
	size_t nm;
	CHECK(buddy_requests_mine(t->c, &t->k, &t->a, f.acc[2], &mine, &nm) == KR_OK && nm == 1);
	CHECK(buddy_checkins_due(t->c, &t->k, &t->a, f.acc[0], &due, &nd) == KR_OK && nd == 1);
	/* Retention: the ended request goes BUDDY_KEEP_DAYS after its end, not before. */
	CHECK(buddy_retention_run(t->c, &t->k, later + 86400, &ended, &erased) == KR_OK);
	CHECK_INT((long)erased, 0);
	CHECK(buddy_retention_run(t->c, &t->k, later + (int64_t)(BUDDY_KEEP_DAYS + 1) * 86400,
				  &ended, &erased) == KR_OK);
	CHECK_INT((long)erased, 1);
	CHECK_INT(buddy_request_get(t->c, &t->k, &t->a, rid, &q), KR_ENOTFOUND);
	/* Erasure: the buddy's row and check-in, the asker's request. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(buddy_erase_account(t->c, &t->k, f.acc[0]) == KR_OK);
	CHECK(buddy_erase_account(t->c, &t->k, f.acc[2]) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	struct buddy *bs;
	size_t nb;
	CHECK(buddy_mine(t->c, &t->k, &t->a, f.acc[0], &bs, &nb) == KR_OK && nb == 0);
	CHECK(buddy_checkins_due(t->c, &t->k, &t->a, f.acc[0], &due, &nd) == KR_OK && nd == 0);
	CHECK(buddy_requests_mine(t->c, &t->k, &t->a, f.acc[2], &mine, &nm) == KR_OK && nm == 0);
	tempdb_close(t);
}
