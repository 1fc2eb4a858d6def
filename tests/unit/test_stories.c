// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_stories.c: experience stories on both backends: writing under a name, a pseudonym or
 * anonymously (with and without a claim code), the steps from draft to published and withdrawn
 * with the writer's consent, the core team's review, reactions one per reader, unique readers
 * per month whose hashes and salt go when the month closes, erasure, key rotation, and that the
 * stored rows tie no anonymous story, reaction or read to an account and carry no time finer
 * than the hour; comments on published stories as forum posts (labels per story, claim codes,
 * hiding with a reason, erasure and rotation) and pins on the network's page. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/stories/stories.h"
#include "base/log.h"
#include <sodium.h>

void test_stories_write_and_rules(void);
void test_stories_steps(void);
void test_stories_claim_code(void);
void test_stories_reactions(void);
void test_stories_readers(void);
void test_stories_erase_and_rekey(void);
void test_stories_leave(void);
void test_stories_comments(void);
void test_stories_comments_moderate_and_pin(void);
void test_stories_comments_erase_leave_rekey(void);

struct fixture {
	struct tempdb t;
	int64_t net, other, sam, kim, lou, core;
};

static bool
fixture_open(struct fixture *f)
{
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "iedereen", .name = "Iedereen Telt", .kind = NETWORK_BROAD };
	struct network nw2 = { .slug = "neuro", .name = "Neurokring", .kind = NETWORK_NARROW };
	const char *problem;
	struct member_choice vis = { .appearance = APPEAR_VISIBLE, .line = "" };
	struct member_choice pse = { .appearance = APPEAR_PSEUDONYM,
				     .pseudonym = "Nachtuil",
				     .line = "" };
	if (org_create(t->c, "Gemeente", "") == KR_OK &&
	    org_network_add(t->c, &nw, &f->net) == KR_OK &&
	    org_network_add(t->c, &nw2, &f->other) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "sam@rijnstad.example", "Sam Zeldzaamnaam", NULL,
				&f->sam) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "kim@rijnstad.example", "Kim", NULL, &f->kim) ==
		KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "lou@rijnstad.example", "Lou", NULL, &f->lou) ==
		KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "kern@rijnstad.example", "Kern", NULL, &f->core) ==
		KR_OK &&
	    auth_set_network_role(t->c, 0, f->net, f->core, NROLE_CHAIR) == KR_OK &&
	    members_join(t->c, &t->k, f->sam, f->net, 0, &vis, 100, &problem) == KR_OK &&
	    members_join(t->c, &t->k, f->kim, f->net, 0, &pse, 100, &problem) == KR_OK)
		return true;
	test_fail(__FILE__, __LINE__, "a network with members and a core team");
	tempdb_close(t);
	return false;
}

static int64_t
write_story(struct fixture *f, int64_t who, enum story_shown shown, enum story_audience aud,
	    const char **code)
{
	struct story_writing w = { .kind = STORY_EXPERIENCE,
				   .shown = shown,
				   .audience = aud,
				   .title = "Mijn werkplek",
				   .content_note = "",
				   .body = "Het *ging* goed." };
	int64_t id = 0;
	const char *c2, *problem;
	CHECK(stories_create(f->t.c, &f->t.k, &f->t.a, who, f->net, &w, 1800000123, &id,
			     code ? code : &c2, &problem) == KR_OK);
	return id;
}

/* Through review and consent to published. */
static void
publish(struct fixture *f, int64_t who, int64_t id, const char *code)
{
	const char *problem;
	CHECK(stories_submit(f->t.c, &f->t.k, who, id, code, &problem) == KR_OK);
	CHECK(stories_review(f->t.c, f->core, id, true, "", &problem) == KR_OK);
	CHECK(stories_consent(f->t.c, &f->t.k, who, id, true, code, 1800007777, &problem) == KR_OK);
}

void
test_stories_write_and_rules(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	CHECK(stories_may_write(t->c, &t->k, f.sam, f.net));
	CHECK(stories_may_write(t->c, &t->k, f.core, f.net)); /* core team, not a member */
	CHECK(!stories_may_write(t->c, &t->k, f.lou, f.net));
	CHECK(!stories_may_write(t->c, &t->k, f.sam, f.other));
	CHECK(stories_may_review(t->c, f.core, f.net) && !stories_may_review(t->c, f.sam, f.net));
	int64_t named = write_story(&f, f.sam, STORY_NAME, STORY_MEMBERS, NULL);
	int64_t pseudo = write_story(&f, f.kim, STORY_PSEUDONYM, STORY_ORGANISATION, NULL);
	int64_t anon = write_story(&f, f.sam, STORY_ANONYMOUS, STORY_MEMBERS, NULL);
	struct story s;
	CHECK(stories_get(t->c, &t->k, &t->a, named, f.lou, &s) == KR_OK);
	CHECK_STR(s.author, "Sam Zeldzaamnaam");
	CHECK(s.state == STORY_DRAFT && !s.mine && s.created_hour % 3600 == 0);
	CHECK(stories_get(t->c, &t->k, &t->a, pseudo, f.lou, &s) == KR_OK);
	CHECK_STR(s.author, "Nachtuil");
	CHECK(stories_get(t->c, &t->k, &t->a, anon, f.core, &s) == KR_OK);
	CHECK(s.shown == STORY_ANONYMOUS && s.author[0] == '\0' && !s.mine);
	CHECK(stories_get(t->c, &t->k, &t->a, anon, f.sam, &s) == KR_OK && s.mine);
	CHECK(stories_get(t->c, &t->k, &t->a, anon, f.kim, &s) == KR_OK && !s.mine);
	struct story *ss;
	size_t n;
	CHECK(stories_mine(t->c, &t->k, &t->a, f.sam, f.net, &ss, &n) == KR_OK);
	CHECK_INT(n, 2);
	CHECK(stories_mine(t->c, &t->k, &t->a, f.kim, 0, &ss, &n) == KR_OK);
	CHECK_INT(n, 1);
	/* Rules: each refused with its message, nothing stored. */
	struct story_writing w = { .kind = STORY_EXPERIENCE,
				   .shown = STORY_PSEUDONYM,
				   .title = "Titel",
				   .content_note = "",
				   .body = "Tekst" };
	const char *code, *problem;
	int64_t id;
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_no_pseudonym);
	w.shown = STORY_NAME;
	w.kind = STORY_INTERVIEW;
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_interview);
	CHECK(stories_create(t->c, &t->k, &t->a, f.core, f.net, &w, 1, &id, &code, &problem) ==
	      KR_OK);
	w.kind = STORY_EXPERIENCE;
	w.title = "   ";
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_title_empty);
	w.title = "Titel";
	w.body = "\n \n";
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_body_empty);
	char *big = arena_alloc(&t->a, STORY_BODY_MAX + 2);
	memset(big, 'a', STORY_BODY_MAX + 1);
	big[STORY_BODY_MAX + 1] = '\0';
	w.body = big;
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_body_long);
	big[STORY_BODY_MAX] = '\0';
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
	      KR_OK);
	w.body = "Goed";
	w.content_note = "\x01";
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_text_invalid);
	w.content_note = "";
	w.body = "\xff\xfe";
	CHECK(stories_create(t->c, &t->k, &t->a, f.sam, f.net, &w, 1, &id, &code, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_text_invalid);
	w.body = "Goed";
	CHECK(stories_create(t->c, &t->k, &t->a, f.lou, f.net, &w, 1, &id, &code, &problem) ==
	      KR_ENOTFOUND);
	CHECK(stories_mine(t->c, &t->k, &t->a, f.sam, 0, &ss, &n) == KR_OK);
	CHECK_INT(n, 3);
	tempdb_close(t);
}

void
test_stories_steps(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem;
	int64_t id = write_story(&f, f.sam, STORY_ANONYMOUS, STORY_MEMBERS, NULL);
	/* Someone else's story: not found, for every step. */
	CHECK(stories_submit(t->c, &t->k, f.kim, id, NULL, &problem) == KR_ENOTFOUND);
	CHECK(stories_withdraw(t->c, &t->k, f.kim, id, NULL, &problem) == KR_ENOTFOUND);
	CHECK(stories_delete(t->c, &t->k, f.core, id, NULL, &problem) == KR_ENOTFOUND);
	/* Consent and review before their time. */
	CHECK(stories_consent(t->c, &t->k, f.sam, id, true, NULL, 1, &problem) == KR_EINVAL &&
	      problem == story_problem_state);
	CHECK(stories_review(t->c, f.core, id, true, "", &problem) == KR_EINVAL &&
	      problem == story_problem_state);
	CHECK(stories_submit(t->c, &t->k, f.sam, id, NULL, &problem) == KR_OK);
	/* Only the core team reviews; asking for changes needs a note. */
	CHECK(stories_review(t->c, f.sam, id, true, "", &problem) == KR_ENOTFOUND);
	CHECK(stories_review(t->c, f.core, id, false, "  ", &problem) == KR_EINVAL &&
	      problem == story_problem_review_empty);
	struct story_writing w = { .audience = STORY_ORGANISATION,
				   .title = "Nieuwe titel",
				   .content_note = "over ziekenhuis",
				   .body = "Nieuwe tekst" };
	CHECK(stories_edit(t->c, &t->k, f.sam, id, &w, NULL, &problem) == KR_EINVAL &&
	      problem == story_problem_state); /* submitted: not editable */
	CHECK(stories_review(t->c, f.core, id, false, "Kort de inleiding in.", &problem) == KR_OK);
	struct story s;
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.sam, &s) == KR_OK);
	CHECK(s.state == STORY_CHANGES);
	CHECK_STR(s.review_note, "Kort de inleiding in.");
	CHECK(stories_edit(t->c, &t->k, f.sam, id, &w, NULL, &problem) == KR_OK);
	CHECK(stories_submit(t->c, &t->k, f.sam, id, NULL, &problem) == KR_OK);
	CHECK(stories_review(t->c, f.core, id, true, "", &problem) == KR_OK);
	/* Not readable until the writer consents; without consent nothing changes. */
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.kim, &s) == KR_OK);
	CHECK(s.state == STORY_APPROVED && !stories_may_read(t->c, &t->k, f.kim, &s));
	CHECK(stories_consent(t->c, &t->k, f.sam, id, false, NULL, 1800003600, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_consent);
	CHECK(stories_consent(t->c, &t->k, f.kim, id, true, NULL, 1800003600, &problem) ==
	      KR_ENOTFOUND);
	CHECK(stories_consent(t->c, &t->k, f.sam, id, true, NULL, 1800003661, &problem) == KR_OK);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.kim, &s) == KR_OK);
	CHECK(s.state == STORY_PUBLISHED && s.published_hour == 1800003600);
	CHECK_STR(s.title, "Nieuwe titel");
	CHECK_STR(s.content_note, "over ziekenhuis");
	CHECK(s.audience == STORY_ORGANISATION);
	CHECK(stories_may_read(t->c, &t->k, f.kim, &s) && stories_may_read(t->c, &t->k, f.lou, &s));
	struct story *ss;
	size_t n;
	bool more;
	CHECK(stories_published(t->c, &t->a, f.net, true, 0, 10, &ss, &n, &more) == KR_OK);
	CHECK(n == 1 && !more && ss[0].author[0] == '\0');
	/* Withdrawn at once: nobody reads it; editing makes it a draft again. */
	CHECK(stories_withdraw(t->c, &t->k, f.sam, id, NULL, &problem) == KR_OK);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.kim, &s) == KR_OK);
	CHECK(s.state == STORY_WITHDRAWN && !stories_may_read(t->c, &t->k, f.kim, &s));
	CHECK(stories_published(t->c, &t->a, f.net, false, 0, 10, &ss, &n, &more) == KR_OK);
	CHECK_INT(n, 0);
	CHECK(stories_withdraw(t->c, &t->k, f.sam, id, NULL, &problem) == KR_EINVAL);
	CHECK(stories_edit(t->c, &t->k, f.sam, id, &w, NULL, &problem) == KR_OK);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.sam, &s) == KR_OK && s.state == STORY_DRAFT);
	/* A story for members only: a colleague who is no member does not read it. */
	int64_t m = write_story(&f, f.kim, STORY_NAME, STORY_MEMBERS, NULL);
	publish(&f, f.kim, m, NULL);
	CHECK(stories_get(t->c, &t->k, &t->a, m, f.lou, &s) == KR_OK);
	CHECK(!stories_may_read(t->c, &t->k, f.lou, &s) &&
	      stories_may_read(t->c, &t->k, f.sam, &s));
	CHECK(stories_published(t->c, &t->a, f.net, true, 0, 10, &ss, &n, &more) == KR_OK);
	CHECK_INT(n, 0);
	/* Claiming shows the writer's name from then on; deleting erases. */
	CHECK(stories_claim(t->c, &t->k, f.kim, id, STORY_NAME, NULL, &problem) == KR_ENOTFOUND);
	CHECK(stories_claim(t->c, &t->k, f.sam, id, STORY_NAME, NULL, &problem) == KR_OK);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.kim, &s) == KR_OK);
	CHECK(s.shown == STORY_NAME);
	CHECK_STR(s.author, "Sam Zeldzaamnaam");
	CHECK(stories_delete(t->c, &t->k, f.sam, id, NULL, &problem) == KR_OK);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.sam, &s) == KR_ENOTFOUND);
	tempdb_close(t);
}

void
test_stories_claim_code(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *code = NULL, *problem;
	int64_t id = write_story(&f, f.sam, STORY_ONLY_ME, STORY_MEMBERS, &code);
	CHECK(code && strlen(code) == STORY_CODE_CHARS + STORY_CODE_CHARS / 4 - 1);
	struct story s, *ss;
	size_t n;
	/* Nothing ties it to its writer: not "mine", not in their list. */
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.sam, &s) == KR_OK && !s.mine && s.has_code);
	CHECK(stories_mine(t->c, &t->k, &t->a, f.sam, 0, &ss, &n) == KR_OK);
	CHECK_INT(n, 0);
	CHECK(stories_submit(t->c, &t->k, f.sam, id, NULL, &problem) == KR_EINVAL &&
	      problem == story_problem_code_wrong);
	CHECK(stories_submit(t->c, &t->k, f.sam, id, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH",
			     &problem) == KR_EINVAL &&
	      problem == story_problem_code_wrong);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.sam, &s) == KR_OK && s.state == STORY_DRAFT);
	/* The code alone finds the story, typed in lower case without dashes too. */
	char typed[64];
	size_t k = 0;
	for (const char *p = code; *p; p++)
		if (*p != '-')
			typed[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	typed[k] = '\0';
	int64_t found = 0;
	CHECK(stories_by_code(t->c, &t->k, &t->a, f.kim, f.net, typed, &found, &problem) == KR_OK &&
	      found == id);
	CHECK(stories_by_code(t->c, &t->k, &t->a, f.kim, f.other, typed, &found, &problem) ==
	      KR_EINVAL);
	CHECK(stories_by_code(t->c, &t->k, &t->a, f.lou, f.net, typed, &found, &problem) ==
	      KR_EINVAL);
	CHECK(stories_by_code(t->c, &t->k, &t->a, f.kim, f.net, "x", &found, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_code_wrong);
	publish(&f, f.sam, id, typed);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.kim, &s) == KR_OK &&
	      s.state == STORY_PUBLISHED);
	CHECK(stories_claim(t->c, &t->k, f.sam, id, STORY_PSEUDONYM, code, &problem) == KR_EINVAL &&
	      problem == story_problem_no_pseudonym);
	CHECK(stories_claim(t->c, &t->k, f.kim, id, STORY_PSEUDONYM, code, &problem) == KR_OK);
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.sam, &s) == KR_OK);
	CHECK(s.shown == STORY_PSEUDONYM && !s.has_code);
	CHECK_STR(s.author, "Nachtuil");
	CHECK(stories_get(t->c, &t->k, &t->a, id, f.kim, &s) == KR_OK && s.mine);
	tempdb_close(t);
}

void
test_stories_reactions(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	const char *problem;
	int64_t id = write_story(&f, f.sam, STORY_NAME, STORY_ORGANISATION, NULL);
	/* A draft: its writer is told why; anyone else finds nothing. */
	CHECK(stories_react(t->c, &t->k, f.sam, id, REACT_THANKS, &problem) == KR_EINVAL &&
	      problem == story_problem_not_published);
	CHECK(stories_react(t->c, &t->k, f.kim, id, REACT_THANKS, &problem) == KR_ENOTFOUND);
	CHECK(stories_react(t->c, &t->k, f.lou, id, REACT_THANKS, &problem) == KR_ENOTFOUND);
	publish(&f, f.sam, id, NULL);
	CHECK(stories_react(t->c, &t->k, f.kim, id, REACT_THANKS, &problem) == KR_OK);
	CHECK(stories_react(t->c, &t->k, f.kim, id, REACT_THANKS, &problem) == KR_OK);
	CHECK(stories_react(t->c, &t->k, f.lou, id, REACT_STRONG, &problem) == KR_OK);
	int64_t counts[REACT_KINDS];
	enum story_reaction mine;
	CHECK(stories_reactions(t->c, &t->k, id, f.kim, counts, &mine) == KR_OK);
	CHECK(counts[REACT_THANKS] == 1 && counts[REACT_STRONG] == 1 &&
	      counts[REACT_RECOGNISABLE] == 0 && mine == REACT_THANKS);
	CHECK(stories_react(t->c, &t->k, f.kim, id, REACT_RECOGNISABLE, &problem) == KR_OK);
	CHECK(stories_reactions(t->c, &t->k, id, f.kim, counts, &mine) == KR_OK);
	CHECK(counts[REACT_THANKS] == 0 && counts[REACT_RECOGNISABLE] == 1 &&
	      mine == REACT_RECOGNISABLE);
	CHECK(stories_reactions(t->c, &t->k, id, f.sam, counts, &mine) == KR_OK &&
	      mine == REACT_KINDS);
	struct story_reaction_of *rs;
	size_t n;
	CHECK(stories_reactions_of(t->c, &t->k, &t->a, f.lou, &rs, &n) == KR_OK);
	CHECK(n == 1 && rs[0].kind == REACT_STRONG && rs[0].story_id == id);
	/* Withdrawn: no reaction any more. */
	CHECK(stories_withdraw(t->c, &t->k, f.sam, id, NULL, &problem) == KR_OK);
	CHECK(stories_react(t->c, &t->k, f.kim, id, REACT_STRONG, &problem) == KR_EINVAL &&
	      problem == story_problem_not_published);
	CHECK(stories_reactions(t->c, &t->k, id, f.kim, counts, &mine) == KR_OK &&
	      mine == REACT_RECOGNISABLE);
	tempdb_close(t);
}

static int64_t
rows(struct tempdb *t, const char *sql)
{
	struct db_stmt *st = db_prepare(t->c, sql);
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (st && db_done(st))
		n = -1;
	return n;
}

void
test_stories_readers(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t id = write_story(&f, f.sam, STORY_NAME, STORY_ORGANISATION, NULL);
	publish(&f, f.sam, id, NULL);
	/* 2027-01-15 and 2027-02-03 (UTC). */
	int64_t jan = 1800000000 + 0, feb = jan + 20 * 86400;
	int64_t mjan = stories_month(jan), mfeb = stories_month(feb);
	CHECK(mjan == 202701 && mfeb == 202702 && stories_month_before(202701) == 202612);
	CHECK(stories_count_read(t->c, &t->k, f.kim, id, jan) == KR_OK);
	CHECK(stories_count_read(t->c, &t->k, f.kim, id, jan + 86400) == KR_OK); /* again */
	CHECK(stories_count_read(t->c, &t->k, f.lou, id, jan) == KR_OK);
	int64_t n;
	CHECK(stories_readers(t->c, id, mjan, &n) == KR_OK && n == 2);
	CHECK(rows(t, "SELECT count(*) FROM story_salt") == 1);
	/* The month closes: the count stays, hashes and salt go. */
	int64_t erased;
	CHECK(stories_close_months(t->c, feb, &erased) == KR_OK && erased == 2);
	CHECK(stories_readers(t->c, id, mjan, &n) == KR_OK && n == 2);
	CHECK(rows(t, "SELECT count(*) FROM story_read") == 0);
	CHECK(rows(t, "SELECT count(*) FROM story_salt") == 0);
	CHECK(stories_count_read(t->c, &t->k, f.kim, id, feb) == KR_OK);
	CHECK(stories_readers(t->c, id, mfeb, &n) == KR_OK && n == 1);
	CHECK(stories_close_months(t->c, feb, &erased) == KR_OK && erased == 0);
	struct story_read_count *rc;
	size_t nrc;
	CHECK(stories_most_read(t->c, &t->a, f.net, mjan, &rc, &nrc) == KR_OK);
	CHECK(nrc == 1 && rc[0].readers == 2 && rc[0].s.id == id);
	/* The stored read names no account: its hash is not a hash of the account alone. */
	unsigned char h[32];
	int64_t v[2] = { f.kim, id };
	crypto_generichash(h, 32, (const unsigned char *)v, sizeof(v), NULL, 0);
	struct db_stmt *st = db_prepare(t->c, "SELECT reader FROM story_read");
	size_t len;
	while (st && db_row(st)) {
		const void *b = db_col_blob(st, 0, &len);
		CHECK(len == 32 && memcmp(b, h, 32) != 0);
	}
	CHECK(st && db_done(st) == KR_OK);
	tempdb_close(t);
}

void
test_stories_erase_and_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t named = write_story(&f, f.sam, STORY_NAME, STORY_ORGANISATION, NULL);
	int64_t anon = write_story(&f, f.sam, STORY_ANONYMOUS, STORY_MEMBERS, NULL);
	int64_t draft = write_story(&f, f.sam, STORY_ANONYMOUS, STORY_MEMBERS, NULL);
	int64_t kims = write_story(&f, f.kim, STORY_PSEUDONYM, STORY_MEMBERS, NULL);
	publish(&f, f.sam, named, NULL);
	publish(&f, f.sam, anon, NULL);
	publish(&f, f.kim, kims, NULL);
	const char *problem;
	CHECK(stories_react(t->c, &t->k, f.sam, kims, REACT_STRONG, &problem) == KR_OK);
	CHECK(stories_react(t->c, &t->k, f.kim, anon, REACT_THANKS, &problem) == KR_OK);
	CHECK(stories_count_read(t->c, &t->k, f.sam, kims, time_now()) == KR_OK);
	CHECK(stories_count_read(t->c, &t->k, f.kim, kims, time_now()) == KR_OK);
	/* Stored rows: an anonymous story names no account, and no time finer than the hour. */
	CHECK(
	    rows(t, "SELECT count(*) FROM story WHERE shown <> 'name' AND author_id IS NOT NULL") ==
	    0);
	CHECK(rows(t, "SELECT count(*) FROM story WHERE created_hour % 3600 <> 0"
		      " OR published_hour % 3600 <> 0") == 0);
	/* Erasure: the named story and the unpublished anonymous draft go; the published
	 * anonymous one stays, unlinked; Sam's reaction and read go. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(stories_erase_account(t->c, &t->k, f.sam) == KR_OK);
	CHECK(db_end(t->c, KR_OK) == KR_OK);
	struct story s;
	CHECK(stories_get(t->c, &t->k, &t->a, named, 0, &s) == KR_ENOTFOUND);
	CHECK(stories_get(t->c, &t->k, &t->a, draft, 0, &s) == KR_ENOTFOUND);
	CHECK(stories_get(t->c, &t->k, &t->a, anon, f.sam, &s) == KR_OK && !s.mine);
	CHECK(rows(t, "SELECT count(*) FROM story WHERE owner_tag IS NOT NULL") == 1); /* Kim's */
	int64_t counts[REACT_KINDS], n;
	enum story_reaction mine;
	CHECK(stories_reactions(t->c, &t->k, kims, f.sam, counts, &mine) == KR_OK);
	CHECK(mine == REACT_KINDS && counts[REACT_STRONG] == 0);
	CHECK(stories_readers(t->c, kims, stories_month(time_now()), &n) == KR_OK && n == 1);
	/* Key rotation: the writer still finds their story; reactions and reads keep their
	 * counts, no longer tied to anyone. */
	struct keys fresh;
	randombytes_buf(&fresh, sizeof(fresh));
	int64_t count;
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(stories_rekey(t->c, &t->k, &fresh, &count) == KR_OK);
	CHECK(db_end(t->c, KR_OK) == KR_OK);
	CHECK_INT(count, 1);
	CHECK(stories_get(t->c, &fresh, &t->a, kims, f.kim, &s) == KR_OK && s.mine);
	CHECK(stories_get(t->c, &t->k, &t->a, kims, f.kim, &s) == KR_OK && !s.mine);
	CHECK(stories_reactions(t->c, &t->k, anon, f.kim, counts, &mine) == KR_OK);
	CHECK(counts[REACT_THANKS] == 1 && mine == REACT_KINDS);
	CHECK(stories_readers(t->c, kims, stories_month(time_now()), &n) == KR_OK && n == 1);
	tempdb_close(t);
}

void
test_stories_leave(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t pub = write_story(&f, f.kim, STORY_PSEUDONYM, STORY_MEMBERS, NULL);
	int64_t draft = write_story(&f, f.kim, STORY_ANONYMOUS, STORY_MEMBERS, NULL);
	int64_t named = write_story(&f, f.kim, STORY_NAME, STORY_MEMBERS, NULL);
	publish(&f, f.kim, pub, NULL);
	/* Leaving: the published pseudonymous story stays, unlinked; the draft goes; a named
	 * story stays until the account is deleted. */
	CHECK(members_leave(t->c, &t->k, f.kim, f.net, 0) == KR_OK);
	struct story s;
	CHECK(stories_get(t->c, &t->k, &t->a, draft, 0, &s) == KR_ENOTFOUND);
	CHECK(stories_get(t->c, &t->k, &t->a, pub, f.kim, &s) == KR_OK && !s.mine);
	CHECK_STR(s.author, "Nachtuil");
	CHECK(stories_get(t->c, &t->k, &t->a, named, f.kim, &s) == KR_OK);
	CHECK(
	    rows(t,
		 "SELECT count(*) FROM story WHERE owner_tag IS NOT NULL OR sealed IS NOT NULL") ==
	    0);
	tempdb_close(t);
}

static int64_t
comment(struct fixture *f, int64_t who, int64_t story, enum story_shown shown, const char *body,
	const char **code)
{
	int64_t id = 0;
	const char *c2, *problem;
	CHECK(stories_comment_add(f->t.c, &f->t.k, &f->t.a, who, story, body, shown, 1800003333,
				  &id, code ? code : &c2, &problem) == KR_OK);
	return id;
}

static struct story_comment *
comments_of(struct fixture *f, int64_t story, int64_t reader, bool moderator, size_t *n)
{
	struct story_comment *ms = NULL;
	CHECK(stories_comments(f->t.c, &f->t.k, &f->t.a, story, reader, moderator, 0, 50, &ms, n) ==
	      KR_OK);
	return ms;
}

void
test_stories_comments(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t s1 = write_story(&f, f.sam, STORY_NAME, STORY_MEMBERS, NULL);
	int64_t s2 = write_story(&f, f.sam, STORY_NAME, STORY_ORGANISATION, NULL);
	const char *code, *problem;
	int64_t id;
	/* Only on a published story the account may read. */
	CHECK(stories_comment_add(t->c, &t->k, &t->a, f.kim, s1, "Mooi.", STORY_NAME, 1800003333,
				  &id, &code, &problem) == KR_ENOTFOUND);
	publish(&f, f.sam, s1, NULL);
	publish(&f, f.sam, s2, NULL);
	CHECK(stories_comment_add(t->c, &t->k, &t->a, f.lou, s1, "Mooi.", STORY_NAME, 1800003333,
				  &id, &code, &problem) == KR_ENOTFOUND); /* no member */
	/* Bad text: empty, too long, not UTF-8; a pseudonym the writer has not got. */
	static const char *const bad[] = { "  \n ", "\xff\xfe", "a\x01b" };
	for (size_t i = 0; i < 3; i++)
		CHECK(stories_comment_add(t->c, &t->k, &t->a, f.sam, s1, bad[i], STORY_NAME,
					  1800003333, &id, &code, &problem) == KR_EINVAL &&
		      problem);
	char *longer = arena_alloc(&t->a, STORY_COMMENT_MAX + 2);
	memset(longer, 'a', STORY_COMMENT_MAX + 1);
	longer[STORY_COMMENT_MAX + 1] = '\0';
	CHECK(stories_comment_add(t->c, &t->k, &t->a, f.sam, s1, longer, STORY_NAME, 1800003333,
				  &id, &code, &problem) == KR_EINVAL &&
	      problem == story_problem_comment_long);
	longer[STORY_COMMENT_MAX] = '\0';
	CHECK(stories_comment_add(t->c, &t->k, &t->a, f.sam, s1, longer, STORY_NAME, 1800003333,
				  &id, &code, &problem) == KR_OK);
	CHECK(stories_comment_add(t->c, &t->k, &t->a, f.sam, s1, "x", STORY_PSEUDONYM, 1800003333,
				  &id, &code, &problem) == KR_EINVAL &&
	      problem == story_problem_no_pseudonym);
	/* Labels: one writer keeps one within a story, and gets another on another story. */
	int64_t a1 = comment(&f, f.kim, s1, STORY_ANONYMOUS, "Herkenbaar.", NULL);
	int64_t b1 = comment(&f, f.sam, s1, STORY_ANONYMOUS, "Dank je.", NULL);
	int64_t a2 = comment(&f, f.kim, s1, STORY_ANONYMOUS, "Nog iets.", NULL);
	int64_t p1 = comment(&f, f.kim, s1, STORY_PSEUDONYM, "Als Nachtuil.", NULL);
	int64_t o1 = comment(&f, f.kim, s1, STORY_ONLY_ME, "Alleen ik.", &code);
	int64_t c2 = comment(&f, f.sam, s2, STORY_ANONYMOUS, "Elders.", NULL);
	CHECK(code && strlen(code) == 39);
	size_t n;
	struct story_comment *ms = comments_of(&f, s1, f.core, false, &n);
	CHECK_INT(n, 6);
	CHECK(ms[0].shown == STORY_NAME && ms[0].seq == 1 &&
	      strcmp(ms[0].author, "Sam Zeldzaamnaam") == 0);
	CHECK(ms[1].id == a1 && ms[1].label == 1 && ms[1].author[0] == '\0' && !ms[1].mine);
	CHECK(ms[2].id == b1 && ms[2].label == 2);
	CHECK(ms[3].id == a2 && ms[3].label == 1);
	CHECK(ms[4].id == p1 && ms[4].label == 0);
	CHECK_STR(ms[4].author, "Nachtuil");
	CHECK(ms[5].id == o1 && ms[5].label == 3 && ms[5].has_code && !ms[5].mine);
	CHECK(ms[1].created_hour % 3600 == 0 && ms[1].created_hour == 1800003333 / 3600 * 3600);
	ms = comments_of(&f, s2, f.core, false, &n);
	CHECK(n == 1 && ms[0].id == c2 && ms[0].label == 1);
	ms = comments_of(&f, s1, f.kim, false, &n);
	CHECK(!ms[0].mine && ms[1].mine && !ms[2].mine && ms[3].mine && ms[4].mine && !ms[5].mine);
	/* Nothing stored names the writer of an anonymous or pseudonymous comment. */
	CHECK(rows(t, "SELECT count(*) FROM story_comment WHERE shown <> 'name'"
		      " AND author_id IS NOT NULL") == 0);
	CHECK(rows(t, "SELECT count(*) FROM story_comment WHERE claim_hash IS NOT NULL"
		      " AND (owner_tag IS NOT NULL OR sealed IS NOT NULL)") == 0);
	CHECK(rows(t, "SELECT count(*) FROM story_comment WHERE created_hour % 3600 <> 0") == 0);
	/* Editing and deleting one's own; someone else's is not found; "only I" takes the code. */
	CHECK(stories_comment_edit(t->c, &t->k, f.sam, a1, "Weg ermee.", NULL, &problem) ==
	      KR_ENOTFOUND);
	CHECK(stories_comment_delete(t->c, &t->k, f.sam, a1, NULL, &problem) == KR_ENOTFOUND);
	CHECK(stories_comment_edit(t->c, &t->k, f.kim, a1, "   ", NULL, &problem) == KR_EINVAL &&
	      problem == story_problem_comment_empty);
	CHECK(stories_comment_edit(t->c, &t->k, f.kim, a1, "Herkenbaar, echt.", NULL, &problem) ==
	      KR_OK);
	CHECK(stories_comment_edit(t->c, &t->k, f.kim, o1, "Anders.", NULL, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_comment_code);
	CHECK(stories_comment_edit(t->c, &t->k, f.sam, o1, "Anders.", "AAAA-BBBB", &problem) ==
	      KR_EINVAL);
	char loose[64];
	snprintf(loose, sizeof(loose), "%s", code);
	for (char *p = loose; *p; p++)
		*p = (char)(*p == '-' ? ' ' : (*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
	CHECK(stories_comment_edit(t->c, &t->k, f.sam, o1, "Anders.", loose, &problem) == KR_OK);
	struct story_comment m;
	CHECK(stories_comment_get(t->c, &t->k, &t->a, a1, 0, false, &m) == KR_OK && m.edited);
	CHECK_STR(m.body, "Herkenbaar, echt.");
	CHECK(stories_comment_delete(t->c, &t->k, f.kim, a2, NULL, &problem) == KR_OK);
	CHECK(stories_comment_delete(t->c, &t->k, f.kim, o1, code, &problem) == KR_OK);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, a2, 0, false, &m) == KR_ENOTFOUND);
	/* A new anonymous comment of Kim keeps label 1; a new writer gets 4, never a freed one. */
	int64_t a3 = comment(&f, f.kim, s1, STORY_ANONYMOUS, "Weer ik.", NULL);
	int64_t n1 = comment(&f, f.core, s1, STORY_ANONYMOUS, "Van de kern.", NULL);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, a3, 0, false, &m) == KR_OK && m.label == 1);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, n1, 0, false, &m) == KR_OK && m.label == 4);
	/* One's own comments, without "only I" ones. */
	struct story_comment *mine;
	CHECK(stories_comments_mine(t->c, &t->k, &t->a, f.kim, 0, &mine, &n) == KR_OK);
	CHECK_INT(n, 3);
	CHECK(stories_comments_mine(t->c, &t->k, &t->a, f.sam, f.net, &mine, &n) == KR_OK);
	CHECK_INT(n, 3); /* the long named one, Anonymous 2, and the one on s2 */
	/* A withdrawn story: no new comments, none to change. */
	CHECK(stories_withdraw(t->c, &t->k, f.sam, s1, NULL, &problem) == KR_OK);
	CHECK(stories_comment_add(t->c, &t->k, &t->a, f.kim, s1, "Nu?", STORY_NAME, 1800003333, &id,
				  &code, &problem) == KR_ENOTFOUND);
	CHECK(stories_comment_edit(t->c, &t->k, f.kim, a1, "Nu?", NULL, &problem) == KR_ENOTFOUND);
	tempdb_close(t);
}

void
test_stories_comments_moderate_and_pin(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t s1 = write_story(&f, f.sam, STORY_NAME, STORY_MEMBERS, NULL);
	int64_t s2 = write_story(&f, f.kim, STORY_ANONYMOUS, STORY_ORGANISATION, NULL);
	publish(&f, f.sam, s1, NULL);
	const char *problem, *code;
	int64_t c1 = comment(&f, f.kim, s1, STORY_ANONYMOUS, "Zqongepast.", NULL);
	int64_t c2 = comment(&f, f.sam, s1, STORY_ONLY_ME, "Zqalleenik.", &code);
	CHECK(stories_comment_moderate(t->c, f.sam, c1, true, "Reden", &problem) == KR_ENOTFOUND);
	CHECK(stories_comment_moderate(t->c, f.core, c1, true, "  ", &problem) == KR_EINVAL &&
	      problem == story_problem_reason_empty);
	char reason[STORY_REASON_MAX + 2];
	memset(reason, 'r', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	CHECK(stories_comment_moderate(t->c, f.core, c1, true, reason, &problem) == KR_EINVAL &&
	      problem == story_problem_reason_long);
	CHECK(stories_comment_moderate(t->c, f.core, c1, true, "Noemt een collega.", &problem) ==
	      KR_OK);
	CHECK(stories_comment_moderate(t->c, f.core, c2, true, "Te fel.", &problem) == KR_OK);
	struct story_comment m;
	/* Readers see that it is hidden, without text or reason; its writer sees both, the
	 * moderators the text; an "only I" comment's reason is shown to all. */
	CHECK(stories_comment_get(t->c, &t->k, &t->a, c1, f.sam, false, &m) == KR_OK);
	CHECK(m.hidden && m.hidden[0] == '\0' && m.body[0] == '\0');
	CHECK(stories_comment_get(t->c, &t->k, &t->a, c1, f.kim, false, &m) == KR_OK && m.mine);
	CHECK_STR(m.hidden, "Noemt een collega.");
	CHECK_STR(m.body, "Zqongepast.");
	CHECK(stories_comment_get(t->c, &t->k, &t->a, c1, f.core, true, &m) == KR_OK);
	CHECK_STR(m.body, "Zqongepast.");
	CHECK(stories_comment_get(t->c, &t->k, &t->a, c2, f.kim, false, &m) == KR_OK);
	CHECK(m.body[0] == '\0');
	CHECK_STR(m.hidden, "Te fel.");
	/* A hidden comment cannot be changed, only deleted; restored it shows again. */
	CHECK(stories_comment_edit(t->c, &t->k, f.kim, c1, "Anders.", NULL, &problem) ==
		  KR_EINVAL &&
	      problem == story_problem_comment_hidden);
	CHECK(stories_comment_moderate(t->c, f.core, c1, false, NULL, &problem) == KR_OK);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, c1, f.sam, false, &m) == KR_OK && !m.hidden);
	CHECK_STR(m.body, "Zqongepast.");
	CHECK(stories_comment_delete(t->c, &t->k, f.sam, c2, code, &problem) == KR_OK);
	/* Pins: the core team, a published story only; a withdrawn one drops off. */
	CHECK(stories_set_pinned(t->c, f.sam, s1, true, &problem) == KR_ENOTFOUND);
	CHECK(stories_set_pinned(t->c, f.core, s2, true, &problem) == KR_EINVAL &&
	      problem == story_problem_pin);
	CHECK(stories_set_pinned(t->c, f.core, s1, true, &problem) == KR_OK);
	struct story *ss;
	size_t n;
	CHECK(stories_pinned(t->c, &t->a, f.net, false, 5, &ss, &n) == KR_OK && n == 1 &&
	      ss[0].id == s1 && ss[0].pinned);
	CHECK(stories_pinned(t->c, &t->a, f.net, true, 5, &ss, &n) == KR_OK && n == 0);
	CHECK(stories_pinned(t->c, &t->a, f.other, false, 5, &ss, &n) == KR_OK && n == 0);
	CHECK(stories_withdraw(t->c, &t->k, f.sam, s1, NULL, &problem) == KR_OK);
	CHECK(stories_pinned(t->c, &t->a, f.net, false, 5, &ss, &n) == KR_OK && n == 0);
	CHECK(stories_set_pinned(t->c, f.core, s1, false, &problem) == KR_OK);
	tempdb_close(t);
}

void
test_stories_comments_erase_leave_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t s1 = write_story(&f, f.core, STORY_NAME, STORY_MEMBERS, NULL);
	publish(&f, f.core, s1, NULL);
	int64_t named = comment(&f, f.sam, s1, STORY_NAME, "Zqnaam.", NULL);
	int64_t anon = comment(&f, f.sam, s1, STORY_ANONYMOUS, "Zqanoniem.", NULL);
	int64_t kanon = comment(&f, f.kim, s1, STORY_ANONYMOUS, "Kim anoniem.", NULL);
	int64_t kpse = comment(&f, f.kim, s1, STORY_PSEUDONYM, "Kim pseudoniem.", NULL);
	int64_t knamed = comment(&f, f.kim, s1, STORY_NAME, "Kim naam.", NULL);
	struct story_comment m;
	/* Erasure: the named comment goes, the anonymous one stays, unlinked. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(stories_erase_account(t->c, &t->k, f.sam) == KR_OK);
	CHECK(db_end(t->c, KR_OK) == KR_OK);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, named, 0, false, &m) == KR_ENOTFOUND);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, anon, f.sam, false, &m) == KR_OK && !m.mine);
	CHECK_STR(m.body, "Zqanoniem.");
	/* Leaving: anonymous and pseudonymous comments stay, unlinked; the named one stays. */
	CHECK(members_leave(t->c, &t->k, f.kim, f.net, 0) == KR_OK);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, kanon, f.kim, false, &m) == KR_OK && !m.mine);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, kpse, f.kim, false, &m) == KR_OK && !m.mine);
	CHECK_STR(m.author, "Nachtuil");
	CHECK(stories_comment_get(t->c, &t->k, &t->a, knamed, f.kim, false, &m) == KR_OK);
	CHECK(rows(t, "SELECT count(*) FROM story_comment WHERE owner_tag IS NOT NULL"
		      " OR sealed IS NOT NULL") == 0);
	/* Key rotation: the writer still finds their own comment. */
	int64_t canon = comment(&f, f.core, s1, STORY_ANONYMOUS, "Kern anoniem.", NULL);
	struct keys fresh;
	randombytes_buf(&fresh, sizeof(fresh));
	int64_t count;
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(stories_rekey(t->c, &t->k, &fresh, &count) == KR_OK);
	CHECK(db_end(t->c, KR_OK) == KR_OK);
	CHECK_INT(count, 1); /* one sealed comment (the story is named) */
	CHECK(stories_comment_get(t->c, &fresh, &t->a, canon, f.core, false, &m) == KR_OK &&
	      m.mine);
	CHECK(stories_comment_get(t->c, &t->k, &t->a, canon, f.core, false, &m) == KR_OK &&
	      !m.mine);
	tempdb_close(t);
}
