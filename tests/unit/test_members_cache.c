// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_members_cache.c: the opened members lists a server keeps (members.h, "the directory
 * cache"): a hit, a miss after every kind of change, what another server changes in the
 * database, the bounds, and that an entry outlives a clear for as long as someone reads it. */
#include "tempdb.h"
#include "test.h"
#include "app/auth/auth.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/strbuf.h"
#include <sodium.h>

void test_members_cache_hit_and_changes(void);
void test_members_cache_other_server(void);
void test_members_cache_bounds(void);
void test_members_cache_readers_and_clear(void);

struct fixture {
	struct tempdb t;
	int64_t net, subs[10], sam, kim, lou;
};

static bool
fixture_open(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	if (!tempdb_open(&f->t))
		return false;
	/* The cache is per process; each test's database starts again at the same ids. */
	members_cache_clear();
	members_cache_limit(0);
	struct db_conn *c = f->t.c;
	struct network nw = { .slug = "iedereen", .name = "Iedereen Telt", .kind = NETWORK_BROAD };
	bool ok =
	    org_create(c, "Gemeente", "") == KR_OK && org_network_add(c, &nw, &f->net) == KR_OK &&
	    auth_account_create(c, 0, &f->t.a, "sam@rijnstad.example", "Sam", NULL, &f->sam) ==
		KR_OK &&
	    auth_account_create(c, 0, &f->t.a, "kim@rijnstad.example", "Kim", NULL, &f->kim) ==
		KR_OK &&
	    auth_account_create(c, 0, &f->t.a, "lou@rijnstad.example", "Lou", NULL, &f->lou) ==
		KR_OK;
	for (size_t i = 0; ok && i < ARRAY_SIZE(f->subs); i++) {
		char slug[16];
		snprintf(slug, sizeof(slug), "sub-%zu", i);
		ok = subgroup_create(c, 0, f->net, slug, slug, "", &f->subs[i]) == KR_OK;
	}
	if (!ok) {
		CHECK(!"fixture");
		tempdb_close(&f->t);
	}
	return ok;
}

static void
fixture_close(struct fixture *f)
{
	members_cache_clear();
	members_cache_limit(0);
	tempdb_close(&f->t);
}

static int
join(struct fixture *f, int64_t who, int64_t sub, enum appearance ap, const char *text)
{
	const char *problem;
	struct member_choice ch = { .appearance = ap,
				    .line = ap == APPEAR_VISIBLE ? text : NULL,
				    .pseudonym = ap == APPEAR_PSEUDONYM ? text : NULL };
	return members_join(f->t.c, &f->t.k, who, f->net, sub, &ch, 1, &problem);
}

/* The shown names of a group's list, "|"-separated, opened through the cache into `a`. */
static const char *
names(struct fixture *f, struct arena *a, int64_t sub, const struct directory **out)
{
	const struct directory *d;
	if (members_directory_shared(f->t.c, &f->t.k, a, f->net, sub, &d) != KR_OK)
		return "(error)";
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	for (size_t i = 0; i < d->n; i++)
		strbuf_addf(&sb, "%s%s%s%s", i ? "|" : "", d->v[i].shown_name,
			    *d->v[i].line ? ":" : "", d->v[i].line);
	char *s = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	if (out)
		*out = d;
	return s;
}

static struct members_cache_stats
stats(void)
{
	struct members_cache_stats s;
	members_cache_stats(&s);
	return s;
}

void
test_members_cache_hit_and_changes(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct arena *a = &f.t.a;
	CHECK(join(&f, f.sam, 0, APPEAR_VISIBLE, "Burgerzaken") == KR_OK);
	CHECK(join(&f, f.lou, 0, APPEAR_SILENT, NULL) == KR_OK);
	struct members_cache_stats s0 = stats();
	const struct directory *d1, *d2;
	CHECK_STR(names(&f, a, 0, &d1), "Sam:Burgerzaken");
	CHECK_STR(names(&f, a, 0, &d2), "Sam:Burgerzaken");
	struct members_cache_stats s1 = stats();
	CHECK_INT(s1.misses - s0.misses, 1); /* opened once */
	CHECK_INT(s1.hits - s0.hits, 1);     /* and shared the second time */
	CHECK(d1 == d2);
	CHECK_INT(s1.entries, 1);
	/* Who is a member, silent followers too; a pseudonym is never found by account. */
	CHECK(directory_has_member(d1, f.lou) && directory_has_member(d1, f.sam));
	CHECK(!directory_has_member(d1, f.kim));
	CHECK(directory_visible(d1, f.sam) && !directory_visible(d1, f.lou));

	/* A join, a change, a leave: each shows at once. */
	CHECK(join(&f, f.kim, 0, APPEAR_PSEUDONYM, "Vos") == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Sam:Burgerzaken|Vos");
	const char *problem;
	struct member_choice line = { .appearance = APPEAR_VISIBLE, .line = "Financiën" };
	CHECK(members_update(f.t.c, &f.t.k, f.sam, f.net, 0, &line, &problem) == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Sam:Financiën|Vos");
	CHECK(members_leave(f.t.c, &f.t.k, f.kim, f.net, 0) == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Sam:Financiën");
	/* A name changed or an account blocked elsewhere: the people's version moves. */
	CHECK(auth_account_set_disabled(f.t.c, 0, f.sam, true) == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "");
	CHECK(auth_account_set_disabled(f.t.c, 0, f.sam, false) == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Sam:Financiën");
	/* An erased account leaves every list at once. */
	CHECK(join(&f, f.kim, 0, APPEAR_VISIBLE, "") == KR_OK);
	CHECK(join(&f, f.kim, f.subs[0], APPEAR_VISIBLE, "") == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Kim|Sam:Financiën");
	CHECK_STR(names(&f, a, f.subs[0], NULL), "Kim");
	CHECK(auth_account_delete(f.t.c, &f.t.k, f.kim) == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Sam:Financiën");
	CHECK_STR(names(&f, a, f.subs[0], NULL), "");
	fixture_close(&f);
}

void
test_members_cache_other_server(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct arena *a = &f.t.a;
	CHECK(join(&f, f.sam, 0, APPEAR_VISIBLE, "") == KR_OK);
	CHECK(join(&f, f.kim, 0, APPEAR_VISIBLE, "") == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Kim|Sam");
	/* Another server on the same database: a connection of its own, and none of this
	 * process's code, so nothing here is told. */
	struct db *other;
	CHECK(db_open(&other, f.t.path, 0) == KR_OK);
	struct db_conn *oc = db_conn(other);
	/* Only the version moves: the list is opened again (and reads the same). */
	struct members_cache_stats s0 = stats();
	char sql[128];
	snprintf(sql, sizeof(sql),
		 "UPDATE group_version SET version = version + 1 WHERE network_id = %lld"
		 " AND subgroup_id = 0",
		 (long long)f.net);
	CHECK(db_exec(oc, sql) == KR_OK);
	CHECK_STR(names(&f, a, 0, NULL), "Kim|Sam");
	struct members_cache_stats s1 = stats();
	CHECK_INT(s1.misses - s0.misses, 1);
	CHECK_INT(s1.hits - s0.hits, 0);
	CHECK_STR(names(&f, a, 0, NULL), "Kim|Sam");
	CHECK_INT(stats().hits - s1.hits, 1);
	/* The other server deletes a membership (as its leave would): the trigger raises the
	 * version in that transaction, and this server does not show the row any more. */
	CHECK(db_exec(oc, "DELETE FROM membership WHERE id = (SELECT min(id) FROM membership)") ==
	      KR_OK);
	const char *left = names(&f, a, 0, NULL);
	CHECK(strcmp(left, "Kim") == 0 || strcmp(left, "Sam") == 0);
	/* It renames someone: the people's version moves. */
	CHECK(db_exec(oc,
		      "UPDATE account SET name = 'Samira' WHERE email = 'sam@rijnstad.example'") ==
	      KR_OK);
	CHECK(
	    db_exec(oc,
		    "UPDATE account SET name = 'Kimberley' WHERE email = 'kim@rijnstad.example'") ==
	    KR_OK);
	left = names(&f, a, 0, NULL);
	CHECK(strcmp(left, "Kimberley") == 0 || strcmp(left, "Samira") == 0);
	db_close(other);
	fixture_close(&f);
}

void
test_members_cache_bounds(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct arena *a = &f.t.a;
	CHECK(join(&f, f.sam, 0, APPEAR_VISIBLE, "") == KR_OK);
	for (size_t i = 0; i < ARRAY_SIZE(f.subs); i++)
		CHECK(join(&f, f.sam, f.subs[i], APPEAR_VISIBLE, "Een regel") == KR_OK);
	CHECK_STR(names(&f, a, f.subs[0], NULL), "Sam:Een regel");
	size_t one = stats().bytes;
	CHECK(one > 0);
	/* Room for eight such entries in all (one group may take an eighth of the bound). */
	size_t limit = one * 8;
	members_cache_clear();
	members_cache_limit(limit);
	for (size_t i = 0; i < ARRAY_SIZE(f.subs); i++) {
		CHECK_STR(names(&f, a, f.subs[i], NULL), "Sam:Een regel");
		struct members_cache_stats s = stats();
		CHECK(s.bytes <= limit);
		CHECK(s.entries <= 8);
	}
	/* The least recently used went first; the last one opened is still there. */
	struct members_cache_stats s0 = stats();
	CHECK_INT(s0.entries, 8);
	CHECK_STR(names(&f, a, f.subs[ARRAY_SIZE(f.subs) - 1], NULL), "Sam:Een regel");
	CHECK_INT(stats().hits - s0.hits, 1);
	CHECK_STR(names(&f, a, f.subs[0], NULL), "Sam:Een regel");
	CHECK_INT(stats().misses - s0.misses, 1);
	/* A group bigger than an eighth of the bound is opened for each reader and not kept. */
	members_cache_clear();
	members_cache_limit(one * 4);
	CHECK_STR(names(&f, a, f.subs[1], NULL), "Sam:Een regel");
	CHECK_STR(names(&f, a, f.subs[1], NULL), "Sam:Een regel");
	CHECK_INT(stats().entries, 0);
	CHECK_INT(stats().bytes, 0);
	fixture_close(&f);
}

void
test_members_cache_readers_and_clear(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	CHECK(join(&f, f.sam, 0, APPEAR_VISIBLE, "Burgerzaken") == KR_OK);
	/* A request holds the list; the cache is cleared meanwhile (a change, a rotation). The
	 * request still reads it (AddressSanitizer would see a use after free), and the entry
	 * goes when the request's arena is released. */
	struct arena req;
	arena_init(&req);
	const struct directory *d;
	CHECK_STR(names(&f, &req, 0, &d), "Sam:Burgerzaken");
	struct strbuf sb;
	strbuf_init(&sb, 1024);
	html_fmt(&sb, "<ul><li>%s</li></ul>", "Sam & co");
	const struct html_safe list = html_written(&sb, 4);
	directory_view_keep(d, "nl /n/iedereen", &list);
	strbuf_release(&sb); /* kept as a copy */
	const struct html_safe *kept = directory_view(d, "nl /n/iedereen");
	const char *want = "<li>Sam &amp; co</li></ul>";
	CHECK(kept && kept->len == strlen(want) && memcmp(kept->html, want, kept->len) == 0);
	CHECK(!directory_view(d, "en /n/iedereen"));
	CHECK(members_leave(f.t.c, &f.t.k, f.sam, f.net, 0) == KR_OK);
	CHECK_INT(stats().entries, 0);
	CHECK_STR(d->v[0].shown_name, "Sam");
	CHECK_STR(d->v[0].line, "Burgerzaken");
	arena_release(&req);
	/* A key rotation empties the cache before it seals anything again. */
	CHECK(join(&f, f.sam, 0, APPEAR_VISIBLE, "") == KR_OK);
	CHECK_STR(names(&f, &f.t.a, 0, NULL), "Sam");
	CHECK_INT(stats().entries, 1);
	struct keys fresh;
	randombytes_buf(&fresh, sizeof(fresh));
	int64_t count;
	CHECK(db_begin(f.t.c) == KR_OK);
	CHECK(members_rekey(f.t.c, &f.t.k, &fresh, &count) == KR_OK);
	CHECK(db_end(f.t.c, KR_OK) == KR_OK);
	CHECK_INT(stats().entries, 0);
	f.t.k = fresh;
	CHECK_STR(names(&f, &f.t.a, 0, NULL), "Sam");
	fixture_close(&f);
}
