// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_router.c: the route matcher and the Allow header. */
#include "test.h"
#include "base/strbuf.h"
#include "app/feature.h"
#include "http/router.h"

void test_router_literal(void);
void test_router_params(void);
void test_router_methods(void);
void test_router_malformed(void);
void test_router_param_bytes(void);
void test_router_allow_header(void);

static const struct route table[] = {
	{ .method = HTTP_GET, .pattern = "/" },
	{ .method = HTTP_GET, .pattern = "/preferences" },
	{ .method = HTTP_POST, .pattern = "/preferences", .flags = ROUTE_CSRF },
	{ .method = HTTP_GET, .pattern = "/n/{slug}" },
	{ .method = HTTP_GET, .pattern = "/n/{slug}/events/{id}" },
	{ .method = HTTP_POST, .pattern = "/n/{slug}/join" },
	{ .method = HTTP_GET, .pattern = "/static/{version}/{file}", .flags = ROUTE_RAW },
	{ .method = HTTP_GET, .pattern = "/healthz", .flags = ROUTE_RAW },
	{ .method = HTTP_POST, .pattern = "/signout" },
	{ .method = HTTP_GET, .pattern = "/a%20b" },
	{ .method = HTTP_GET, .pattern = "/{a}/{b}/{c}/{d}" },
};

static const struct route *found;
static struct str params[ROUTE_MAX_PARAMS];
static unsigned allow;

static int
match(enum http_method method, const char *path)
{
	found = NULL;
	for (size_t i = 0; i < ROUTE_MAX_PARAMS; i++)
		params[i] = STR_LIT("untouched");
	allow = 0;
	return route_match(table, ARRAY_SIZE(table), method, str_from(path), &found, params,
			   &allow);
}

static const char *
pattern_of(const struct route *r)
{
	return r ? r->pattern : NULL;
}

void
test_router_literal(void)
{
	CHECK_INT(match(HTTP_GET, "/"), KR_OK);
	CHECK(found == &table[0]);
	CHECK(params[0].p == NULL && params[0].len == 0); /* unused params are cleared */
	CHECK_INT(match(HTTP_GET, "/preferences"), KR_OK);
	CHECK(found == &table[1]);
	CHECK_INT(match(HTTP_POST, "/preferences"), KR_OK);
	CHECK(found == &table[2]);
	CHECK(found->flags & ROUTE_CSRF);
	CHECK_INT(match(HTTP_GET, "/healthz"), KR_OK);
	CHECK_STR(pattern_of(found), "/healthz");

	/* Literals compare bytewise: no case folding, no prefixes, no decoding. */
	CHECK_INT(match(HTTP_GET, "/Preferences"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/preference"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/preferencesx"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/preferences/x"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/healthz%20"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/a%20b"), KR_OK);
	CHECK_STR(pattern_of(found), "/a%20b");
	CHECK_INT(match(HTTP_GET, "/nope"), KR_ENOTFOUND);
	CHECK(found == NULL);
	CHECK_INT(allow, 0);

	/* A trailing slash is another path. */
	CHECK_INT(match(HTTP_GET, "/preferences/"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_POST, "/preferences/"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/"), KR_ENOTFOUND);
}

void
test_router_params(void)
{
	CHECK_INT(match(HTTP_GET, "/n/tuinclub"), KR_OK);
	CHECK_STR(pattern_of(found), "/n/{slug}");
	CHECK(str_eq_cstr(params[0], "tuinclub"));
	CHECK(params[1].p == NULL);

	CHECK_INT(match(HTTP_GET, "/n/tuin-club_2.0/events/42"), KR_OK);
	CHECK_STR(pattern_of(found), "/n/{slug}/events/{id}");
	CHECK(str_eq_cstr(params[0], "tuin-club_2.0"));
	CHECK(str_eq_cstr(params[1], "42"));
	CHECK(params[2].p == NULL);

	CHECK_INT(match(HTTP_GET, "/static/0.1-abc/kring.css"), KR_OK);
	CHECK(str_eq_cstr(params[0], "0.1-abc"));
	CHECK(str_eq_cstr(params[1], "kring.css"));

	/* Four parameters, the most a route has. */
	CHECK_INT(match(HTTP_GET, "/w/x/y/z"), KR_OK);
	CHECK_STR(pattern_of(found), "/{a}/{b}/{c}/{d}");
	CHECK(str_eq_cstr(params[0], "w") && str_eq_cstr(params[3], "z"));

	/* Segment counts must agree. */
	CHECK_INT(match(HTTP_GET, "/n/x/events"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/x/events/1/more"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/x/other/1"), KR_OK); /* the catch-all four-parameter route */
	CHECK_STR(pattern_of(found), "/{a}/{b}/{c}/{d}");
	CHECK_INT(match(HTTP_GET, "/n/x/y/z/w"), KR_ENOTFOUND);

	/* The first route in table order wins: "/n/x/events/1" is not the catch-all. */
	CHECK_INT(match(HTTP_GET, "/n/x/events/1"), KR_OK);
	CHECK(found == &table[4]);
}

void
test_router_methods(void)
{
	/* HEAD is answered by GET routes. */
	CHECK_INT(match(HTTP_HEAD, "/"), KR_OK);
	CHECK(found == &table[0]);
	CHECK_INT(match(HTTP_HEAD, "/n/abc"), KR_OK);
	CHECK(str_eq_cstr(params[0], "abc"));
	CHECK_INT(match(HTTP_HEAD, "/preferences"), KR_OK);
	CHECK(found == &table[1]);

	/* 405 with the methods the path does have; outputs other than allow untouched. */
	CHECK_INT(match(HTTP_POST, "/"), KR_EMETHOD);
	CHECK_INT(allow, HTTP_GET | HTTP_HEAD);
	CHECK(found == NULL);
	CHECK(str_eq_cstr(params[0], "untouched"));
	CHECK_INT(match(HTTP_GET, "/signout"), KR_EMETHOD);
	CHECK_INT(allow, HTTP_POST);
	CHECK_INT(match(HTTP_HEAD, "/signout"), KR_EMETHOD);
	CHECK_INT(allow, HTTP_POST);
	CHECK_INT(match(HTTP_POST, "/n/abc"), KR_EMETHOD);
	CHECK_INT(allow, HTTP_GET | HTTP_HEAD);
	CHECK_INT(match(HTTP_GET, "/n/abc/join"), KR_EMETHOD);
	CHECK_INT(allow, HTTP_POST);
	CHECK_INT(match(HTTP_POST, "/n/abc/join"), KR_OK);
	CHECK(str_eq_cstr(params[0], "abc"));

	/* A path under two routes with different methods collects both. */
	static const struct route two[] = {
		{ .method = HTTP_GET, .pattern = "/x/{id}" },
		{ .method = HTTP_POST, .pattern = "/x/{id}" },
	};
	const struct route *r = NULL;
	struct str p[ROUTE_MAX_PARAMS];
	unsigned al = 0;
	CHECK_INT(route_match(two, 2, HTTP_POST, STR_LIT("/x/1"), &r, p, &al), KR_OK);
	CHECK(r == &two[1]);
	CHECK_INT(route_match(two, 1, HTTP_POST, STR_LIT("/x/1"), &r, p, &al), KR_EMETHOD);
	CHECK_INT(al, HTTP_GET | HTTP_HEAD);
	CHECK_INT(route_match(two + 1, 1, HTTP_HEAD, STR_LIT("/x/1"), &r, p, &al), KR_EMETHOD);
	CHECK_INT(al, HTTP_POST);
	/* A method that is none of ours is a 405 where the path exists. */
	CHECK_INT(route_match(two, 2, (enum http_method)0, STR_LIT("/x/1"), &r, p, &al),
		  KR_EMETHOD);
	CHECK_INT(al, HTTP_GET | HTTP_HEAD | HTTP_POST);
	/* An empty table. */
	CHECK_INT(route_match(two, 0, HTTP_GET, STR_LIT("/x/1"), &r, p, &al), KR_ENOTFOUND);
}

void
test_router_malformed(void)
{
	static const char *const bad[] = {
		"",
		"preferences",
		"//",
		"//preferences",
		"/n//events/1",
		"/preferences//",
		"/n/abc/",
		"/.",
		"/..",
		"/./preferences",
		"/n/..",
		"/n/../preferences",
		"/n/./x",
		"/static/../../etc/passwd",
		"/n/a b",
		"/n/a\tb",
		"/n/caf\xc3\xa9",
		"/\xff",
		"/healthz\x7f",
		"/healthz\r\n",
		"\\healthz",
		" /healthz",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int err = match(HTTP_GET, bad[i]);
		if (err != KR_ENOTFOUND)
			fprintf(stderr, "    path \"%s\"\n", bad[i]);
		CHECK_INT(err, KR_ENOTFOUND);
		CHECK(found == NULL);
		CHECK_INT(allow, 0);
	}
	/* A NUL inside the view is a byte outside the range, not the end. */
	CHECK_INT(route_match(table, ARRAY_SIZE(table), HTTP_GET, (struct str){ "/healthz\0x", 10 },
			      &found, params, &allow),
		  KR_ENOTFOUND);
	/* The view's length counts, not a NUL after it. */
	CHECK_INT(route_match(table, ARRAY_SIZE(table), HTTP_GET, (struct str){ "/healthzzz", 8 },
			      &found, params, &allow),
		  KR_OK);
	CHECK_STR(pattern_of(found), "/healthz");
	CHECK_INT(route_match(table, ARRAY_SIZE(table), HTTP_GET, STR_NULL, &found, params, &allow),
		  KR_ENOTFOUND);
	/* Dots are fine inside segments, and three dots is no dot segment (but no param either). */
	CHECK_INT(match(HTTP_GET, "/n/a..b"), KR_OK);
	CHECK_INT(match(HTTP_GET, "/n/..."), KR_ENOTFOUND);
}

void
test_router_param_bytes(void)
{
	/* A parameter may not start with '.', and holds only [A-Za-z0-9._-]. */
	CHECK_INT(match(HTTP_GET, "/n/.hidden"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/ok.dot"), KR_OK);
	CHECK_INT(match(HTTP_GET, "/n/-dash"), KR_OK);
	CHECK_INT(match(HTTP_GET, "/n/%2e%2e"),
		  KR_ENOTFOUND); /* not decoded, and '%' is not allowed */
	CHECK_INT(match(HTTP_GET, "/n/a%20b"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/a+b"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/a~b"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/{slug}"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/a:b"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/abc?x=1"), KR_ENOTFOUND);
	CHECK_INT(match(HTTP_GET, "/n/a;b"), KR_ENOTFOUND);

	/* 100 bytes pass, 101 do not. */
	struct strbuf sb;
	strbuf_init(&sb, 1024);
	strbuf_addstr(&sb, "/n/");
	for (int i = 0; i < 100; i++)
		strbuf_addch(&sb, 'a' + i % 26);
	CHECK_INT(match(HTTP_GET, sb.buf), KR_OK);
	CHECK_INT(params[0].len, 100);
	strbuf_addch(&sb, 'z');
	CHECK_INT(match(HTTP_GET, sb.buf), KR_ENOTFOUND);
	strbuf_addstr(&sb, "/events/1");
	CHECK_INT(match(HTTP_GET, sb.buf), KR_ENOTFOUND);
	strbuf_release(&sb);
}

void
test_router_allow_header(void)
{
	char buf[32];
	route_allow_header(HTTP_GET | HTTP_HEAD, buf, sizeof(buf));
	CHECK_STR(buf, "GET, HEAD");
	route_allow_header(HTTP_POST | HTTP_HEAD | HTTP_GET, buf, sizeof(buf));
	CHECK_STR(buf, "GET, HEAD, POST");
	route_allow_header(HTTP_POST, buf, sizeof(buf));
	CHECK_STR(buf, "POST");
	route_allow_header(HTTP_HEAD | HTTP_POST, buf, sizeof(buf));
	CHECK_STR(buf, "HEAD, POST");
	route_allow_header(0, buf, sizeof(buf));
	CHECK_STR(buf, "");
	route_allow_header(1u << 10 | HTTP_GET, buf, sizeof(buf)); /* unknown bits ignored */
	CHECK_STR(buf, "GET");

	/* What route_match reports fits straight in. */
	CHECK_INT(match(HTTP_POST, "/healthz"), KR_EMETHOD);
	route_allow_header(allow, buf, sizeof(buf));
	CHECK_STR(buf, "GET, HEAD");

	/* A short buffer keeps whole names and stays terminated. */
	char small[16];
	route_allow_header(HTTP_GET | HTTP_HEAD | HTTP_POST, small, sizeof(small));
	CHECK_STR(small, "GET, HEAD, POST");
	route_allow_header(HTTP_GET | HTTP_HEAD | HTTP_POST, small, 15);
	CHECK_STR(small, "GET, HEAD");
	route_allow_header(HTTP_GET | HTTP_HEAD | HTTP_POST, small, 3);
	CHECK_STR(small, "");
	small[0] = 'x';
	route_allow_header(HTTP_GET, small, 0);
	CHECK(small[0] == 'x');
}

static int
dummy_handler(struct request *r)
{
	(void)r;
	return 0;
}

void test_router_table_check(void);

void
test_router_table_check(void)
{
	static const struct route_param form[] = { { "csrf", 64 }, { NULL, 0 } };
	struct route ok[] = {
		{ HTTP_GET, "/n/{slug}", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_POST, "/n/{slug}/join", dummy_handler, ROUTE_CSRF, 0, 1024, NULL, form },
	};
	CHECK(route_table_check(ok, ARRAY_SIZE(ok)) == KR_OK);
	struct route no_csrf[] = { { HTTP_POST, "/x", dummy_handler, 0, 0, 1024, NULL, form } };
	CHECK(route_table_check(no_csrf, 1) == KR_EINTERNAL);
	struct route no_form[] = { { HTTP_POST, "/x", dummy_handler, ROUTE_CSRF, 0, 1024, NULL,
				     NULL } };
	CHECK(route_table_check(no_form, 1) == KR_EINTERNAL);
	struct route too_many[] = { { HTTP_GET, "/{a}/{b}/{c}/{d}/{e}", dummy_handler, 0, 0, 0,
				      NULL, NULL } };
	CHECK(route_table_check(too_many, 1) == KR_EINTERNAL);
	struct route relative[] = { { HTTP_GET, "x", dummy_handler, 0, 0, 0, NULL, NULL } };
	CHECK(route_table_check(relative, 1) == KR_EINTERNAL);
	struct route no_handler[] = { { HTTP_GET, "/x", NULL, 0, 0, 0, NULL, NULL } };
	CHECK(route_table_check(no_handler, 1) == KR_EINTERNAL);
}

void test_router_table_clash(void);

void
test_router_table_clash(void)
{
	static const struct route_param form[] = { { "csrf", 64 }, { NULL, 0 } };
	/* A literal before a {name}: the fixed page takes its place, and both are reachable. */
	struct route literal_first[] = {
		{ HTTP_GET, "/admin/networks/new", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_GET, "/admin/networks/{slug}", dummy_handler, 0, 0, 0, NULL, NULL },
	};
	CHECK(route_table_check(literal_first, 2) == KR_OK);
	/* The other way round the literal route never runs. */
	struct route literal_hidden[] = {
		{ HTTP_GET, "/admin/networks/{slug}", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_GET, "/admin/networks/new", dummy_handler, 0, 0, 0, NULL, NULL },
	};
	CHECK(route_table_check(literal_hidden, 2) == KR_EINTERNAL);
	/* The same pattern twice for one method: two features claiming one page. */
	struct route twice[] = {
		{ HTTP_GET, "/n/{slug}/events", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_GET, "/n/{x}/events", dummy_handler, 0, 0, 0, NULL, NULL },
	};
	CHECK(route_table_check(twice, 2) == KR_EINTERNAL);
	/* GET answers HEAD: a HEAD route after it is hidden too. */
	struct route head[] = {
		{ HTTP_GET, "/x", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_HEAD, "/x", dummy_handler, 0, 0, 0, NULL, NULL },
	};
	CHECK(route_table_check(head, 2) == KR_EINTERNAL);
	/* Same path, other methods; other lengths; the root: no clash. */
	struct route fine[] = {
		{ HTTP_GET, "/", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_GET, "/{a}", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_GET, "/n/{slug}/join", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_POST, "/n/{slug}/join", dummy_handler, ROUTE_CSRF, 0, 1024, NULL, form },
		{ HTTP_GET, "/n/{slug}/join/{x}", dummy_handler, 0, 0, 0, NULL, NULL },
		{ HTTP_GET, "/n", dummy_handler, 0, 0, 0, NULL, NULL },
	};
	CHECK(route_table_check(fine, ARRAY_SIZE(fine)) == KR_EINTERNAL); /* "/n" after "/{a}" */
	CHECK(route_table_check(fine, ARRAY_SIZE(fine) - 1) == KR_OK);
}

void test_router_features_table(void);

/* The table the server uses, from every feature's routes: it passes the start-up check, holds
 * each feature's routes once, and is the same table on every call. */
void
test_router_features_table(void)
{
	size_t n = 0, n2 = 0;
	const struct route *t = features_routes(&n);
	CHECK(n > 50);
	CHECK(route_table_check(t, n) == KR_OK);
	CHECK(features_routes(&n2) == t && n2 == n);
	const struct route *rt = NULL;
	struct str caught[ROUTE_MAX_PARAMS];
	unsigned methods = 0;
	CHECK(route_match(t, n, HTTP_GET, str_from("/n/iedereen-telt/members"), &rt, caught,
			  &methods) == KR_OK);
	CHECK(rt && str_eq_cstr(caught[0], "iedereen-telt"));
	CHECK(route_match(t, n, HTTP_GET, str_from("/admin/networks/new"), &rt, caught, &methods) ==
	      KR_OK);
	CHECK(rt && strcmp(rt->pattern, "/admin/networks/new") == 0);
}
