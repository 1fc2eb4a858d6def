// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_forum.c: the forum's rules and store on both backends: writing under a name, a pseudonym
 * or anonymously with a stable label per topic, editing, deleting and claiming one's own posts,
 * claim codes, leaving and erasure, key rotation, and that the stored rows tie no anonymous
 * post to an account, carry no time finer than the hour and no ids in the order of writing. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/forum/forum.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/log.h"
#include <sodium.h>

void test_forum_write_and_labels(void);
void test_forum_own_posts(void);
void test_forum_claim_code(void);
void test_forum_leave_and_erase(void);
void test_forum_rekey(void);
void test_forum_stored_rows(void);

struct fixture {
	struct tempdb t;
	int64_t net, sub, cat, sam, kim, lou;
};

static bool
fixture_open(struct fixture *f)
{
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "iedereen", .name = "Iedereen Telt", .kind = NETWORK_BROAD };
	const char *problem;
	struct member_choice vis = { .appearance = APPEAR_VISIBLE, .line = "" };
	struct member_choice pse = { .appearance = APPEAR_PSEUDONYM,
				     .pseudonym = "Nachtuil",
				     .line = "" };
	if (org_create(t->c, "Gemeente", "") == KR_OK &&
	    org_network_add(t->c, &nw, &f->net) == KR_OK &&
	    subgroup_create(t->c, 0, f->net, "ptss", "PTSS", "", &f->sub) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "sam@rijnstad.example", "Sam Zeldzaamnaam", NULL,
				&f->sam) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "kim@rijnstad.example", "Kim", NULL, &f->kim) ==
		KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "lou@rijnstad.example", "Lou", NULL, &f->lou) ==
		KR_OK &&
	    members_join(t->c, &t->k, f->sam, f->net, 0, &vis, 100, &problem) == KR_OK &&
	    members_join(t->c, &t->k, f->kim, f->net, 0, &pse, 100, &problem) == KR_OK &&
	    members_join(t->c, &t->k, f->sam, f->net, f->sub, &vis, 100, &problem) == KR_OK &&
	    forum_category_add(t->c, f->net, 0, "Werk", "", &f->cat, &problem) == KR_OK)
		return true;
	test_fail(__FILE__, __LINE__, "a network with members and a category");
	tempdb_close(t);
	return false;
}

static int64_t
topic(struct fixture *f, int64_t who, enum forum_shown shown, int64_t now)
{
	struct forum_writing w = { .title = "Een vraag", .body = "Wie weet dit?", .shown = shown };
	int64_t id = 0;
	const char *code, *problem;
	CHECK(forum_topic_create(f->t.c, &f->t.k, &f->t.a, who, f->cat, &w, now, &id, &code,
				 &problem) == KR_OK);
	return id;
}

static int64_t
reply(struct fixture *f, int64_t who, int64_t t, enum forum_shown shown, const char *body,
      const char **code)
{
	struct forum_writing w = { .body = body, .shown = shown };
	int64_t id = 0;
	const char *c2, *problem;
	CHECK(forum_reply(f->t.c, &f->t.k, &f->t.a, who, t, &w, 1800003700, &id, code ? code : &c2,
			  &problem) == KR_OK);
	return id;
}

void
test_forum_write_and_labels(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	CHECK(forum_may_read(f.t.c, &f.t.k, f.sam, f.net, 0));
	CHECK(!forum_may_read(f.t.c, &f.t.k, f.lou, f.net, 0));
	CHECK(!forum_may_read(f.t.c, &f.t.k, f.kim, f.net, f.sub));
	CHECK(!forum_may_organise(f.t.c, &f.t.k, f.sam, f.net, 0));
	int64_t t1 = topic(&f, f.sam, FORUM_ANONYMOUS, 1800000123);
	int64_t t2 = topic(&f, f.kim, FORUM_PSEUDONYM, 1800000456);
	reply(&f, f.kim, t1, FORUM_ANONYMOUS, "Ik ook.", NULL);
	reply(&f, f.sam, t1, FORUM_ANONYMOUS, "Dank je.", NULL);
	reply(&f, f.sam, t1, FORUM_NAME, "Met naam.", NULL);
	reply(&f, f.kim, t1, FORUM_PSEUDONYM, "Als Nachtuil.", NULL);
	reply(&f, f.sam, t2, FORUM_ANONYMOUS, "In een ander onderwerp.", NULL);
	struct forum_post *ps;
	size_t n;
	CHECK(forum_posts(f.t.c, &f.t.k, &f.t.a, t1, f.lou, 0, FORUM_POSTS_PAGE, &ps, &n) == KR_OK);
	CHECK_INT(n, 5);
	/* Sam's two anonymous posts share label 1; Kim's is 2. */
	CHECK(ps[0].shown == FORUM_ANONYMOUS && ps[0].label == 1 && ps[0].author[0] == '\0');
	CHECK(ps[1].shown == FORUM_ANONYMOUS && ps[1].label == 2);
	CHECK(ps[2].shown == FORUM_ANONYMOUS && ps[2].label == 1);
	CHECK(ps[3].shown == FORUM_NAME);
	CHECK_STR(ps[3].author, "Sam Zeldzaamnaam");
	CHECK(ps[4].shown == FORUM_PSEUDONYM);
	CHECK_STR(ps[4].author, "Nachtuil");
	for (size_t i = 0; i < n; i++)
		CHECK(!ps[i].mine && ps[i].created_hour % FORUM_HOUR == 0);
	/* The reader's own posts are marked for the reader only. */
	CHECK(forum_posts(f.t.c, &f.t.k, &f.t.a, t1, f.sam, 0, FORUM_POSTS_PAGE, &ps, &n) == KR_OK);
	CHECK(ps[0].mine && !ps[1].mine && ps[2].mine && ps[3].mine && !ps[4].mine);
	/* In another topic Sam's anonymous label starts again from that topic's own count. */
	CHECK(forum_posts(f.t.c, &f.t.k, &f.t.a, t2, f.sam, 0, FORUM_POSTS_PAGE, &ps, &n) == KR_OK);
	CHECK_INT(n, 2);
	CHECK(ps[1].label == 1 && ps[1].mine);
	/* Rules: a pseudonym one has not got, empty, too long, bad UTF-8, a control character. */
	struct forum_writing w = { .body = "Tekst", .shown = FORUM_PSEUDONYM };
	const char *code, *problem;
	int64_t id;
	CHECK(forum_reply(f.t.c, &f.t.k, &f.t.a, f.sam, t1, &w, 1, &id, &code, &problem) ==
	      KR_EINVAL);
	CHECK(problem == forum_problem_no_pseudonym);
	w.shown = FORUM_NAME;
	w.body = " \n\t ";
	CHECK(forum_reply(f.t.c, &f.t.k, &f.t.a, f.sam, t1, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == forum_problem_body_empty);
	char *big = arena_alloc(&f.t.a, FORUM_BODY_MAX + 2);
	memset(big, 'a', FORUM_BODY_MAX + 1);
	big[FORUM_BODY_MAX + 1] = '\0';
	w.body = big;
	CHECK(forum_reply(f.t.c, &f.t.k, &f.t.a, f.sam, t1, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == forum_problem_body_long);
	big[FORUM_BODY_MAX] = '\0';
	CHECK(forum_reply(f.t.c, &f.t.k, &f.t.a, f.sam, t1, &w, 1, &id, &code, &problem) == KR_OK);
	w.body = "\xff\xfe";
	CHECK(forum_reply(f.t.c, &f.t.k, &f.t.a, f.sam, t1, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == forum_problem_text_invalid);
	w.body = "bel\x07";
	CHECK(forum_reply(f.t.c, &f.t.k, &f.t.a, f.sam, t1, &w, 1, &id, &code, &problem) ==
	      KR_EINVAL);
	w.body = "ok";
	CHECK(forum_reply(f.t.c, &f.t.k, &f.t.a, f.sam, 999, &w, 1, &id, &code, &problem) ==
	      KR_ENOTFOUND);
	w.title = "";
	CHECK(forum_topic_create(f.t.c, &f.t.k, &f.t.a, f.sam, f.cat, &w, 1, &id, &code,
				 &problem) == KR_EINVAL &&
	      problem == forum_problem_title_empty);
	/* Categories and topics are listed a page at a time. */
	struct forum_category *cats;
	int64_t total;
	CHECK(forum_categories(f.t.c, &f.t.a, f.net, 0, 0, 10, &cats, &n, &total) == KR_OK);
	CHECK(n == 1 && total == 1 && cats[0].topics == 2);
	struct forum_topic *ts;
	CHECK(forum_topics(f.t.c, &f.t.a, f.cat, 0, 1, &ts, &n, &total) == KR_OK);
	CHECK(n == 1 && total == 2);
	CHECK(forum_category_add(f.t.c, f.net, 0, "", "", &id, &problem) == KR_EINVAL);
	tempdb_close(&f.t);
}

void
test_forum_own_posts(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	int64_t t1 = topic(&f, f.sam, FORUM_NAME, 1800000000);
	int64_t r1 = reply(&f, f.kim, t1, FORUM_ANONYMOUS, "Anoniem.", NULL);
	int64_t r2 = reply(&f, f.kim, t1, FORUM_ANONYMOUS, "Nog eens.", NULL);
	struct forum_writing w = { .body = "Veranderd." };
	const char *problem;
	/* Only the writer: another member, and Sam for Kim's post, find nothing. */
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.sam, r1, &w, NULL, &problem) == KR_ENOTFOUND);
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.lou, r1, &w, NULL, &problem) == KR_ENOTFOUND);
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.kim, r1, &w, NULL, &problem) == KR_OK);
	struct forum_post p;
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r1, f.sam, &p) == KR_OK);
	CHECK(p.edited && !p.mine);
	CHECK_STR(p.body, "Veranderd.");
	w.body = "";
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.kim, r1, &w, NULL, &problem) == KR_EINVAL);
	/* One's own list, with the anonymous ones (for the person only). */
	struct forum_post *ps;
	size_t n;
	CHECK(forum_my_posts(f.t.c, &f.t.k, &f.t.a, f.kim, f.net, 0, &ps, &n) == KR_OK);
	CHECK_INT(n, 2);
	CHECK(forum_my_posts(f.t.c, &f.t.k, &f.t.a, f.sam, 0, 0, &ps, &n) == KR_OK);
	CHECK_INT(n, 1);
	/* Claiming one "Anonymous 1" post claims both: the label is the same writer. */
	CHECK(forum_post_claim(f.t.c, &f.t.k, f.sam, r1, FORUM_NAME, NULL, &problem) ==
	      KR_ENOTFOUND);
	CHECK(forum_post_claim(f.t.c, &f.t.k, f.kim, r1, FORUM_PSEUDONYM, NULL, &problem) == KR_OK);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r2, f.kim, &p) == KR_OK);
	CHECK(p.shown == FORUM_PSEUDONYM && p.mine && p.label == 0);
	CHECK_STR(p.author, "Nachtuil");
	/* Deleting: a reply goes; the opening post with replies keeps its place. */
	CHECK(forum_post_delete(f.t.c, &f.t.k, f.kim, r2, NULL, &problem) == KR_OK);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r2, f.kim, &p) == KR_ENOTFOUND);
	struct forum_post *all;
	CHECK(forum_posts(f.t.c, &f.t.k, &f.t.a, t1, f.sam, 0, 10, &all, &n) == KR_OK);
	CHECK(n == 2 && all[0].mine);
	CHECK(forum_post_delete(f.t.c, &f.t.k, f.sam, all[0].id, NULL, &problem) == KR_OK);
	CHECK(forum_posts(f.t.c, &f.t.k, &f.t.a, t1, f.sam, 0, 10, &all, &n) == KR_OK);
	CHECK(n == 2 && all[0].shown == FORUM_DELETED && all[0].body[0] == '\0');
	struct forum_topic t;
	CHECK(forum_topic_get(f.t.c, &f.t.a, t1, &t) == KR_OK && t.posts == 1);
	/* The last post gone, the topic goes. */
	CHECK(forum_post_delete(f.t.c, &f.t.k, f.kim, r1, NULL, &problem) == KR_OK);
	CHECK(forum_topic_get(f.t.c, &f.t.a, t1, &t) == KR_ENOTFOUND);
	tempdb_close(&f.t);
}

void
test_forum_claim_code(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	int64_t t1 = topic(&f, f.sam, FORUM_NAME, 1800000000);
	const char *code = NULL, *problem;
	int64_t r1 = reply(&f, f.kim, t1, FORUM_ONLY_ME, "Alleen ik.", &code);
	int64_t r2 = reply(&f, f.kim, t1, FORUM_ONLY_ME, "Weer alleen ik.", NULL);
	CHECK(code && strlen(code) == FORUM_CODE_CHARS + FORUM_CODE_CHARS / 4 - 1);
	struct forum_post p;
	/* Nothing ties it to Kim: not even Kim's own reading finds it hers. */
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r1, f.kim, &p) == KR_OK);
	CHECK(!p.mine && p.has_code && p.shown == FORUM_ONLY_ME && p.label == 1);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r2, f.kim, &p) == KR_OK && p.label == 2);
	struct forum_post *ps;
	size_t n;
	CHECK(forum_my_posts(f.t.c, &f.t.k, &f.t.a, f.kim, 0, 0, &ps, &n) == KR_OK && n == 0);
	struct forum_writing w = { .body = "Met code veranderd." };
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.kim, r1, &w, NULL, &problem) == KR_EINVAL &&
	      problem == forum_problem_code_wrong);
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.kim, r1, &w, "AAAA-BBBB", &problem) == KR_EINVAL);
	char wrong[64];
	snprintf(wrong, sizeof(wrong), "%s", code);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.kim, r1, &w, wrong, &problem) == KR_EINVAL);
	/* The code of one post does not open another. */
	CHECK(forum_post_delete(f.t.c, &f.t.k, f.kim, r2, code, &problem) == KR_EINVAL);
	/* Typed in small letters and without dashes it is the same code. */
	char typed[64];
	size_t k = 0;
	for (const char *s = code; *s; s++)
		if (*s != '-')
			typed[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	typed[k] = '\0';
	CHECK(forum_post_edit(f.t.c, &f.t.k, f.kim, r1, &w, typed, &problem) == KR_OK);
	/* Whoever has the code claims it, as themselves (Lou is no member: not found). */
	CHECK(forum_post_claim(f.t.c, &f.t.k, f.lou, r1, FORUM_NAME, code, &problem) ==
	      KR_ENOTFOUND);
	CHECK(forum_post_claim(f.t.c, &f.t.k, f.kim, r1, FORUM_NAME, code, &problem) == KR_OK);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r1, f.kim, &p) == KR_OK);
	CHECK(p.shown == FORUM_NAME && p.mine && !p.has_code);
	CHECK_STR(p.author, "Kim");
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r2, f.kim, &p) == KR_OK);
	CHECK(p.shown == FORUM_ONLY_ME);
	tempdb_close(&f.t);
}

void
test_forum_leave_and_erase(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	int64_t t1 = topic(&f, f.sam, FORUM_NAME, 1800000000);
	int64_t a1 = reply(&f, f.kim, t1, FORUM_ANONYMOUS, "Anoniem van Kim.", NULL);
	int64_t p1 = reply(&f, f.kim, t1, FORUM_PSEUDONYM, "Nachtuil hier.", NULL);
	int64_t s1 = reply(&f, f.sam, t1, FORUM_ANONYMOUS, "Anoniem van Sam.", NULL);
	/* Kim leaves: her posts stay, no longer hers (she cannot find or change them). */
	CHECK(members_leave(f.t.c, &f.t.k, f.kim, f.net, 0) == KR_OK);
	const char *problem;
	struct forum_post p;
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, a1, f.kim, &p) == KR_OK);
	CHECK(!p.mine && p.shown == FORUM_ANONYMOUS && p.label == 1);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, p1, f.kim, &p) == KR_OK);
	CHECK(!p.mine && p.shown == FORUM_PSEUDONYM);
	struct member_choice pse = { .appearance = APPEAR_PSEUDONYM,
				     .pseudonym = "Nachtuil",
				     .line = "" };
	CHECK(members_join(f.t.c, &f.t.k, f.kim, f.net, 0, &pse, 200, &problem) == KR_OK);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, a1, f.kim, &p) == KR_OK && !p.mine);
	struct forum_post *ps;
	size_t n;
	CHECK(forum_my_posts(f.t.c, &f.t.k, &f.t.a, f.kim, 0, 0, &ps, &n) == KR_OK && n == 0);
	/* Deleting anonymous posts first: Sam's goes, the named opening post stays. */
	int64_t count;
	CHECK(forum_delete_anonymous(f.t.c, &f.t.k, f.sam, f.net, 0, &count) == KR_OK &&
	      count == 1);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, s1, f.sam, &p) == KR_ENOTFOUND);
	/* Erasing Sam's account: the named post goes, the topic keeps its replies. */
	reply(&f, f.sam, t1, FORUM_ANONYMOUS, "Nog een anoniem van Sam.", NULL);
	CHECK(forum_erase_account(f.t.c, &f.t.k, f.sam) == KR_OK);
	struct forum_post *all;
	CHECK(forum_posts(f.t.c, &f.t.k, &f.t.a, t1, f.sam, 0, 10, &all, &n) == KR_OK);
	CHECK_INT(n, 4);
	CHECK(all[0].shown == FORUM_DELETED);
	for (size_t i = 0; i < n; i++)
		CHECK(!all[i].mine);
	CHECK(all[3].shown == FORUM_ANONYMOUS);
	tempdb_close(&f.t);
}

void
test_forum_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	int64_t t1 = topic(&f, f.sam, FORUM_ANONYMOUS, 1800000000);
	int64_t r1 = reply(&f, f.kim, t1, FORUM_PSEUDONYM, "Nachtuil.", NULL);
	struct keys fresh;
	randombytes_buf(&fresh, sizeof(fresh));
	int64_t count = 0;
	CHECK(db_begin(f.t.c) == KR_OK);
	CHECK(forum_rekey(f.t.c, &f.t.k, &fresh, &count) == KR_OK);
	CHECK(db_commit(f.t.c) == KR_OK);
	CHECK_INT(count, 2);
	struct forum_post p;
	CHECK(forum_post_get(f.t.c, &fresh, &f.t.a, r1, f.kim, &p) == KR_OK && p.mine);
	CHECK(forum_post_get(f.t.c, &f.t.k, &f.t.a, r1, f.kim, &p) == KR_OK && !p.mine);
	/* A new anonymous post of Sam's under the new key keeps the label of the old. */
	struct forum_writing w = { .body = "Weer ik.", .shown = FORUM_ANONYMOUS };
	const char *code, *problem;
	int64_t id;
	CHECK(forum_reply(f.t.c, &fresh, &f.t.a, f.sam, t1, &w, 1800007200, &id, &code, &problem) ==
	      KR_OK);
	CHECK(forum_post_get(f.t.c, &fresh, &f.t.a, id, f.sam, &p) == KR_OK && p.label == 1);
	/* A seal that does not open stops the rotation. */
	struct keys wrong;
	randombytes_buf(&wrong, sizeof(wrong));
	CHECK(db_begin(f.t.c) == KR_OK);
	CHECK(forum_rekey(f.t.c, &wrong, &fresh, &count) == KR_EINTERNAL);
	db_rollback(f.t.c);
	tempdb_close(&f.t);
}

/* What a copy of the database shows: no anonymous row names an account or holds a time finer
 * than the hour; ids do not follow the order of writing; and the writer's name, e-mail
 * address and account number appear nowhere near an anonymous post's text. */
void
test_forum_stored_rows(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	int64_t t1 = topic(&f, f.sam, FORUM_ANONYMOUS, 1800000123);
	int64_t ids[12];
	for (int i = 0; i < 12; i++)
		ids[i] = reply(&f, i % 2 ? f.kim : f.sam, t1, FORUM_ANONYMOUS, "Zeldzaamwoordtekst",
			       NULL);
	int ascending = 0;
	for (int i = 1; i < 12; i++)
		ascending += ids[i] > ids[i - 1];
	CHECK(ascending > 0 && ascending < 11); /* random: 1 in 2^11 of failing by chance */
	struct db_stmt *st =
	    db_prepare(f.t.c, "SELECT coalesce(author_id, 0), created_hour,"
			      " pseudonym IS NULL, length(owner_tag) FROM forum_post");
	int rows = 0;
	while (st && db_row(st)) {
		rows++;
		CHECK(db_col_int(st, 0) == 0);
		CHECK(db_col_int(st, 1) % 3600 == 0);
		CHECK(db_col_int(st, 2) == 1 && db_col_int(st, 3) == 32);
	}
	CHECK(st && db_done(st) == KR_OK && rows == 13);
	st = db_prepare(f.t.c, "SELECT created_hour, last_hour FROM forum_topic");
	while (st && db_row(st))
		CHECK(db_col_int(st, 0) % 3600 == 0 && db_col_int(st, 1) % 3600 == 0);
	CHECK(st && db_done(st) == KR_OK);
	size_t len;
	char *raw = tempdb_raw(&f.t, &len);
	if (raw) {
		CHECK(memmem(raw, len, "Zeldzaamwoordtekst", 18) != NULL);
		/* Sam's name is in the account table only; no "1800000123" second anywhere. */
		char sec[16];
		snprintf(sec, sizeof(sec), "%lld", 1800000123LL);
		CHECK(memmem(raw, len, sec, strlen(sec)) == NULL);
		int64_t exact = 1800000123;
		CHECK(memmem(raw, len, &exact, sizeof(exact)) == NULL);
		free(raw);
	}
	tempdb_close(&f.t);
}
