// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_parse.c: query strings, form bodies, cookies and Accept-Language. */
#include "test.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "http/parse.h"

void test_parse_query_decoding(void);
void test_parse_query_errors(void);
void test_parse_query_limits(void);
void test_parse_query_fields(void);
void test_parse_form_multiline(void);
void test_parse_form_limits(void);
void test_parse_errors_leave_output(void);
void test_parse_cookies_basic(void);
void test_parse_cookies_skipped(void);
void test_parse_cookies_limits(void);
void test_parse_accept_language_order(void);
void test_parse_accept_language_match(void);
void test_parse_accept_language_garbage(void);

/* Parses a query into the globals below; returns the error code. */
static struct param *got;
static size_t ngot;

static int
query(struct arena *a, const char *s)
{
	got = NULL;
	ngot = 0;
	return parse_query(a, str_from(s), &got, &ngot);
}

static int
query_n(struct arena *a, const char *s, size_t len)
{
	got = NULL;
	ngot = 0;
	return parse_query(a, (struct str){ s, len }, &got, &ngot);
}

void
test_parse_query_decoding(void)
{
	struct arena a;
	arena_init(&a);

	CHECK_INT(query(&a, "q=hello+world&page=2"), KR_OK);
	CHECK_INT(ngot, 2);
	CHECK_STR(got[0].name, "q");
	CHECK_STR(got[0].value, "hello world");
	CHECK_INT(got[0].value_len, 11);
	CHECK_STR(got[1].name, "page");
	CHECK_STR(got[1].value, "2");

	CHECK_INT(query(&a, "%41%62c=%4a%4B"), KR_OK); /* both hex cases */
	CHECK_INT(ngot, 1);
	CHECK_STR(got[0].name, "Abc");
	CHECK_STR(got[0].value, "JK");

	/* '+' in a name is a space too; an encoded '+' stays a plus. */
	CHECK_INT(query(&a, "a+b=1%2B1"), KR_OK);
	CHECK_STR(got[0].name, "a b");
	CHECK_STR(got[0].value, "1+1");

	/* Only the first '=' splits; encoded '&' and '=' are data. */
	CHECK_INT(query(&a, "x=a=b&y=%26%3D"), KR_OK);
	CHECK_INT(ngot, 2);
	CHECK_STR(got[0].value, "a=b");
	CHECK_STR(got[1].value, "&=");

	/* UTF-8, encoded or raw. */
	CHECK_INT(query(&a, "naam=Jos%C3%A9&plaats=caf\xc3\xa9"), KR_OK);
	CHECK_STR(got[0].value, "Jos\xc3\xa9");
	CHECK_INT(got[0].value_len, 5);
	CHECK_STR(got[1].value, "caf\xc3\xa9");

	/* A value that only the NUL terminator ends: the input need not be NUL-terminated. */
	char buf[8] = { 'k', '=', 'v', 'w', 'X', 'X', 'X', 'X' };
	CHECK_INT(query_n(&a, buf, 4), KR_OK);
	CHECK_STR(got[0].value, "vw");
	CHECK_INT(got[0].value_len, 2);

	arena_release(&a);
}

void
test_parse_query_errors(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_INT(query(&a, "a=%zz"), KR_EINVAL);
	CHECK_INT(query(&a, "a=%4"), KR_EINVAL); /* truncated escape */
	CHECK_INT(query(&a, "a=%"), KR_EINVAL);	 /* lone percent */
	CHECK_INT(query(&a, "a=1%"), KR_EINVAL);
	CHECK_INT(query(&a, "%g1=b"), KR_EINVAL); /* in the name too */
	CHECK_INT(query(&a, "a=%00"), KR_EINVAL); /* NUL */
	CHECK_INT(query(&a, "a%00b=1"), KR_EINVAL);
	CHECK_INT(query(&a, "a=%C0%AF"), KR_EINVAL);	/* overlong '/' */
	CHECK_INT(query(&a, "a=%ED%A0%80"), KR_EINVAL); /* surrogate */
	CHECK_INT(query(&a, "a=%C3"), KR_EINVAL);	/* truncated sequence */
	CHECK_INT(query(&a, "a=%FF"), KR_EINVAL);
	CHECK_INT(query(&a, "a=\xff"), KR_EINVAL);     /* raw invalid byte */
	CHECK_INT(query(&a, "a=%01"), KR_EINVAL);      /* C0 control */
	CHECK_INT(query(&a, "a=%7F"), KR_EINVAL);      /* DEL */
	CHECK_INT(query(&a, "a=%1B%5B2J"), KR_EINVAL); /* an escape sequence for the logs */
	/* Tab, CR and LF are for multiline form values only. */
	CHECK_INT(query(&a, "a=x%09y"), KR_EINVAL);
	CHECK_INT(query(&a, "a=x%0Ay"), KR_EINVAL);
	CHECK_INT(query(&a, "a=x%0D%0Ay"), KR_EINVAL);
	CHECK_INT(query(&a, "a=x\ny"), KR_EINVAL);
	/* A good field before a bad one does not rescue it. */
	CHECK_INT(query(&a, "good=1&bad=%zz"), KR_EINVAL);
	arena_release(&a);
}

void
test_parse_query_limits(void)
{
	struct arena a;
	struct strbuf sb;
	arena_init(&a);
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);

	/* 32 fields pass, 33 do not. */
	for (int i = 0; i < 32; i++)
		strbuf_addf(&sb, "%sf%d=%d", i ? "&" : "", i, i);
	CHECK_INT(query(&a, sb.buf), KR_OK);
	CHECK_INT(ngot, 32);
	CHECK_STR(got[31].name, "f31");
	strbuf_addstr(&sb, "&f32=32");
	CHECK_INT(query(&a, sb.buf), KR_ETOOBIG);
	/* Empty fields do not count. */
	strbuf_reset(&sb);
	for (int i = 0; i < 32; i++)
		strbuf_addf(&sb, "&&f%d=%d&", i, i);
	CHECK_INT(query(&a, sb.buf), KR_OK);
	CHECK_INT(ngot, 32);

	/* A name of 64 bytes passes, 65 do not; the decoded length counts. */
	strbuf_reset(&sb);
	for (int i = 0; i < 64; i++)
		strbuf_addch(&sb, 'n');
	strbuf_addstr(&sb, "=1");
	CHECK_INT(query(&a, sb.buf), KR_OK);
	CHECK_INT(strlen(got[0].name), 64);
	strbuf_reset(&sb);
	for (int i = 0; i < 65; i++)
		strbuf_addch(&sb, 'n');
	strbuf_addstr(&sb, "=1");
	CHECK_INT(query(&a, sb.buf), KR_ETOOBIG);
	strbuf_reset(&sb);
	for (int i = 0; i < 64; i++)
		strbuf_addstr(&sb, "%6E"); /* 192 bytes encoded, 64 decoded */
	CHECK_INT(query(&a, sb.buf), KR_OK);
	CHECK_INT(strlen(got[0].name), 64);
	CHECK_STR(got[0].value, "");

	/* A value of 1024 bytes passes, 1025 do not. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "v=");
	for (int i = 0; i < 1024; i++)
		strbuf_addch(&sb, 'x');
	CHECK_INT(query(&a, sb.buf), KR_OK);
	CHECK_INT(got[0].value_len, 1024);
	CHECK_INT(strlen(got[0].value), 1024);
	strbuf_addch(&sb, 'x');
	CHECK_INT(query(&a, sb.buf), KR_ETOOBIG);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "v=");
	for (int i = 0; i < 1024; i++)
		strbuf_addstr(&sb, "%C3%A9"); /* 1024 characters, 2048 bytes */
	CHECK_INT(query(&a, sb.buf), KR_ETOOBIG);

	strbuf_release(&sb);
	arena_release(&a);
}

void
test_parse_query_fields(void)
{
	struct arena a;
	arena_init(&a);

	CHECK_INT(query(&a, ""), KR_OK);
	CHECK_INT(ngot, 0);
	CHECK_INT(parse_query(&a, STR_NULL, &got, &ngot), KR_OK);
	CHECK_INT(ngot, 0);
	CHECK_INT(query(&a, "&&&"), KR_OK);
	CHECK_INT(ngot, 0);

	CHECK_INT(query(&a, "a=1&&b=2&"), KR_OK); /* empty fields skipped */
	CHECK_INT(ngot, 2);
	CHECK_STR(got[0].name, "a");
	CHECK_STR(got[1].name, "b");

	CHECK_INT(query(&a, "flag&x="), KR_OK); /* no '=': empty value; '=' with nothing after */
	CHECK_INT(ngot, 2);
	CHECK_STR(got[0].name, "flag");
	CHECK_STR(got[0].value, "");
	CHECK_INT(got[0].value_len, 0);
	CHECK_STR(got[1].name, "x");
	CHECK_STR(got[1].value, "");

	CHECK_INT(query(&a, "=v&b=="), KR_OK); /* an empty name is a field (WHATWG keeps it) */
	CHECK_INT(ngot, 2);
	CHECK_STR(got[0].name, "");
	CHECK_STR(got[0].value, "v");
	CHECK_STR(got[1].name, "b");
	CHECK_STR(got[1].value, "=");

	CHECK_INT(query(&a, "+=+"), KR_OK);
	CHECK_STR(got[0].name, " ");
	CHECK_STR(got[0].value, " ");

	/* A name given twice is refused, whatever the values and however it is spelt; nothing is
	 * set. */
	struct param sentinel = { "s", "", 0 };
	static const char *const twice[] = { "t=1&t=2&u=3", "t=5&t=abc", "t=1&t=1", "t&t",
					     "%74=1&t=2",   "u=3&t=&t=", "=v&==",   "t=1&u&t" };
	for (size_t i = 0; i < ARRAY_SIZE(twice); i++) {
		got = &sentinel;
		ngot = 7;
		CHECK_INT(parse_query(&a, str_from(twice[i]), &got, &ngot), KR_EINVAL);
		CHECK(got == &sentinel && ngot == 7);
	}
	CHECK_INT(query(&a, "t=1&T=2&u=3"), KR_OK); /* names are case-sensitive */
	CHECK_INT(ngot, 3);
	CHECK_STR(param_find(got, ngot, "t")->value, "1");
	CHECK_STR(param_find(got, ngot, "T")->value, "2");
	CHECK_STR(param_find(got, ngot, "u")->value, "3");
	CHECK(param_find(got, ngot, "v") == NULL);
	CHECK(param_find(NULL, 0, "t") == NULL);

	arena_release(&a);
}

void
test_parse_form_multiline(void)
{
	struct arena a;
	struct param *p = NULL;
	size_t n = 0;
	const struct parse_limits lim = { 8, 32, 2000 };
	arena_init(&a);

	CHECK_INT(
	    parse_form(&a, STR_LIT("note=line+one%0D%0Aline%09two%0Athree&ok=1"), &lim, &p, &n),
	    KR_OK);
	CHECK_INT(n, 2);
	CHECK_STR(p[0].value, "line one\r\nline\ttwo\nthree");
	CHECK_INT(p[0].value_len, 24);
	CHECK_STR(p[1].value, "1");
	/* Raw CR LF as well. */
	CHECK_INT(parse_form(&a, STR_LIT("note=a\r\nb"), &lim, &p, &n), KR_OK);
	CHECK_STR(p[0].value, "a\r\nb");
	/* Never in a name, and no other control byte in a value. */
	CHECK_INT(parse_form(&a, STR_LIT("no%0Ate=x"), &lim, &p, &n), KR_EINVAL);
	CHECK_INT(parse_form(&a, STR_LIT("no%09te=x"), &lim, &p, &n), KR_EINVAL);
	CHECK_INT(parse_form(&a, STR_LIT("note=%0B"), &lim, &p, &n), KR_EINVAL);
	CHECK_INT(parse_form(&a, STR_LIT("note=%00"), &lim, &p, &n), KR_EINVAL);
	CHECK_INT(parse_form(&a, STR_LIT("note=%7F"), &lim, &p, &n), KR_EINVAL);
	CHECK_INT(parse_form(&a, STR_LIT("note=%E2%82"), &lim, &p, &n), KR_EINVAL);
	/* The same through parse_urlencoded. */
	CHECK_INT(parse_urlencoded(&a, STR_LIT("a=%0A"), &lim, true, &p, &n), KR_OK);
	CHECK_INT(parse_urlencoded(&a, STR_LIT("a=%0A"), &lim, false, &p, &n), KR_EINVAL);
	/* A field given twice, in a form body as in a query string. */
	CHECK_INT(parse_form(&a, STR_LIT("mail_days=5&mail_days=abc"), &lim, &p, &n), KR_EINVAL);
	CHECK_INT(parse_form(&a, STR_LIT("csrf=x&note=a%0Ab&csrf=x"), &lim, &p, &n), KR_EINVAL);
	CHECK_INT(parse_form(&a, STR_LIT("mail_days=5&mail_dayz=abc"), &lim, &p, &n), KR_OK);
	CHECK_INT(n, 2);
	arena_release(&a);
}

void
test_parse_form_limits(void)
{
	struct arena a;
	struct param *p = NULL;
	size_t n = 0;
	arena_init(&a);

	const struct parse_limits two = { 2, 4, 5 };
	CHECK_INT(parse_form(&a, STR_LIT("a=1&b=2"), &two, &p, &n), KR_OK);
	CHECK_INT(n, 2);
	CHECK_INT(parse_form(&a, STR_LIT("a=1&b=2&c=3"), &two, &p, &n), KR_ETOOBIG);
	CHECK_INT(parse_form(&a, STR_LIT("a=1&&b=2&"), &two, &p, &n), KR_OK);
	CHECK_INT(parse_form(&a, STR_LIT("abcd=12345"), &two, &p, &n), KR_OK);
	CHECK_INT(parse_form(&a, STR_LIT("abcde=1"), &two, &p, &n), KR_ETOOBIG);
	CHECK_INT(parse_form(&a, STR_LIT("a=123456"), &two, &p, &n), KR_ETOOBIG);
	/* Escapes count as one byte each. */
	CHECK_INT(parse_form(&a, STR_LIT("%61%62%63%64=%31%32%33%34%35"), &two, &p, &n), KR_OK);
	CHECK_STR(p[0].name, "abcd");
	CHECK_STR(p[0].value, "12345");

	/* No field at all. */
	const struct parse_limits none = { 0, 4, 5 };
	CHECK_INT(parse_form(&a, STR_LIT(""), &none, &p, &n), KR_OK);
	CHECK_INT(n, 0);
	CHECK_INT(parse_form(&a, STR_LIT("a"), &none, &p, &n), KR_ETOOBIG);

	/* A huge number of fields is refused, not parsed. */
	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "x&");
	const struct parse_limits lim = { 64, 64, 64 };
	CHECK_INT(parse_form(&a, strbuf_view(&sb), &lim, &p, &n), KR_ETOOBIG);
	strbuf_release(&sb);
	arena_release(&a);
}

void
test_parse_errors_leave_output(void)
{
	struct arena a;
	struct param sentinel = { "keep", "me", 2 };
	struct param *p = &sentinel;
	size_t n = 77;
	arena_init(&a);

	CHECK_INT(parse_query(&a, STR_LIT("a=1&b=%zz"), &p, &n), KR_EINVAL);
	CHECK(p == &sentinel);
	CHECK_INT(n, 77);
	CHECK_INT(parse_query(&a, STR_LIT("a=1&b=%C3"), &p, &n), KR_EINVAL);
	CHECK(p == &sentinel);
	CHECK_INT(n, 77);
	const struct parse_limits lim = { 1, 8, 8 };
	CHECK_INT(parse_form(&a, STR_LIT("a=1&b=2"), &lim, &p, &n), KR_ETOOBIG);
	CHECK(p == &sentinel);
	CHECK_INT(n, 77);
	CHECK_INT(parse_form(&a, STR_LIT("a=123456789"), &lim, &p, &n), KR_ETOOBIG);
	CHECK(p == &sentinel);
	CHECK_INT(n, 77);

	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	for (int i = 0; i < 51; i++)
		strbuf_addf(&sb, "c%d=%d; ", i, i);
	CHECK_INT(parse_cookies(&a, strbuf_view(&sb), &p, &n), KR_ETOOBIG);
	CHECK(p == &sentinel);
	CHECK_INT(n, 77);
	strbuf_release(&sb);

	CHECK_STR(sentinel.name, "keep");
	arena_release(&a);
}

static struct param *cookies;
static size_t ncookies;

static int
cookie(struct arena *a, const char *header)
{
	cookies = NULL;
	ncookies = 0;
	return parse_cookies(a, str_from(header), &cookies, &ncookies);
}

static const char *
cookie_value(const char *name)
{
	const struct param *c = param_find(cookies, ncookies, name);
	return c ? c->value : NULL;
}

void
test_parse_cookies_basic(void)
{
	struct arena a;
	arena_init(&a);

	CHECK_INT(cookie(&a, "kr_prefs=t2.dark; kr_sid=abc123"), KR_OK);
	CHECK_INT(ncookies, 2);
	CHECK_STR(cookies[0].name, "kr_prefs");
	CHECK_STR(cookies[0].value, "t2.dark");
	CHECK_INT(cookies[0].value_len, 7);
	CHECK_STR(cookies[1].name, "kr_sid");
	CHECK_STR(cookies[1].value, "abc123");

	/* Blanks around names and values go; sloppy separators are fine. */
	CHECK_INT(cookie(&a, "  a = 1 ;b=2;;\tc=3\t;  "), KR_OK);
	CHECK_INT(ncookies, 3);
	CHECK_STR(cookie_value("a"), "1");
	CHECK_STR(cookie_value("b"), "2");
	CHECK_STR(cookie_value("c"), "3");

	/* Values are verbatim: no percent-decoding, no '+' to space, '=' inside kept. */
	CHECK_INT(cookie(&a, "x=a%20b+c; y=k=v=w"), KR_OK);
	CHECK_STR(cookie_value("x"), "a%20b+c");
	CHECK_STR(cookie_value("y"), "k=v=w");

	/* One pair of surrounding quotes goes; inner or lone quotes stay. */
	CHECK_INT(cookie(&a, "q=\"quoted value\"; e=\"\"; l=\"; m=a\"b; d=\"\"x\"\""), KR_OK);
	CHECK_STR(cookie_value("q"), "quoted value");
	CHECK_INT(param_find(cookies, ncookies, "q")->value_len, 12);
	CHECK_STR(cookie_value("e"), "");
	CHECK_STR(cookie_value("l"), "\"");
	CHECK_STR(cookie_value("m"), "a\"b");
	CHECK_STR(cookie_value("d"), "\"x\"");

	/* An empty value is a cookie. */
	CHECK_INT(cookie(&a, "empty=; next=1"), KR_OK);
	CHECK_INT(ncookies, 2);
	CHECK_STR(cookie_value("empty"), "");

	/* Duplicates are kept in order and the first wins, as browsers send the most specific
	 * path first. */
	CHECK_INT(cookie(&a, "sid=first; other=x; sid=second"), KR_OK);
	CHECK_INT(ncookies, 3);
	CHECK_STR(cookie_value("sid"), "first");
	CHECK_STR(cookies[2].value, "second");

	/* UTF-8 passes verbatim. */
	CHECK_INT(cookie(&a, "naam=Jos\xc3\xa9"), KR_OK);
	CHECK_STR(cookie_value("naam"), "Jos\xc3\xa9");

	CHECK_INT(cookie(&a, ""), KR_OK);
	CHECK_INT(ncookies, 0);
	arena_release(&a);
}

void
test_parse_cookies_skipped(void)
{
	struct arena a;
	arena_init(&a);

	/* No '=' or an empty name: skipped, the rest survives. */
	CHECK_INT(cookie(&a, "justaname; =nameless; = ; ok=1"), KR_OK);
	CHECK_INT(ncookies, 1);
	CHECK_STR(cookies[0].name, "ok");

	/* Bytes parse.h does not promise: skipped, not fatal (another app on the host may have set
	 * them). */
	CHECK_INT(cookie(&a, "bad=\xff\xfe; ctl=a\x01z; tab=a\tb; ok=1"), KR_OK);
	CHECK_INT(ncookies, 1);
	CHECK_STR(cookies[0].name, "ok");
	CHECK_INT(parse_cookies(&a, (struct str){ "n=a\0b; ok=2", 11 }, &cookies, &ncookies),
		  KR_OK);
	CHECK_INT(ncookies, 1);
	CHECK_STR(cookie_value("ok"), "2");

	/* Only separators and blanks. */
	CHECK_INT(cookie(&a, " ;; ; "), KR_OK);
	CHECK_INT(ncookies, 0);
	arena_release(&a);
}

void
test_parse_cookies_limits(void)
{
	struct arena a;
	struct strbuf sb;
	arena_init(&a);
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);

	/* Names up to 128 and values up to 4096 bytes; longer pairs are skipped. */
	for (int i = 0; i < 128; i++)
		strbuf_addch(&sb, 'n');
	strbuf_addstr(&sb, "=1; ");
	for (int i = 0; i < 129; i++)
		strbuf_addch(&sb, 'N');
	strbuf_addstr(&sb, "=2; v=");
	for (int i = 0; i < 4096; i++)
		strbuf_addch(&sb, 'v');
	strbuf_addstr(&sb, "; w=");
	for (int i = 0; i < 4097; i++)
		strbuf_addch(&sb, 'w');
	strbuf_addstr(&sb, "; q=\"");
	for (int i = 0; i < 4096; i++)
		strbuf_addch(&sb, 'q'); /* 4098 bytes with quotes, 4096 without */
	strbuf_addstr(&sb, "\"; last=ok");
	CHECK_INT(parse_cookies(&a, strbuf_view(&sb), &cookies, &ncookies), KR_OK);
	CHECK_INT(ncookies, 4);
	CHECK_INT(strlen(cookies[0].name), 128);
	CHECK_STR(cookies[1].name, "v");
	CHECK_INT(cookies[1].value_len, 4096);
	CHECK_INT(strlen(cookies[1].value), 4096);
	CHECK_STR(cookies[2].name, "q");
	CHECK_INT(cookies[2].value_len, 4096);
	CHECK_STR(cookies[3].value, "ok");
	CHECK(param_find(cookies, ncookies, "w") == NULL);

	/* 50 cookies pass, 51 do not; pairs that are no cookies do not count. */
	strbuf_reset(&sb);
	for (int i = 0; i < 50; i++)
		strbuf_addf(&sb, "c%d=%d; junk; =x; ", i, i);
	CHECK_INT(parse_cookies(&a, strbuf_view(&sb), &cookies, &ncookies), KR_OK);
	CHECK_INT(ncookies, 50);
	CHECK_STR(cookie_value("c49"), "49");
	strbuf_addstr(&sb, "c50=50");
	CHECK_INT(parse_cookies(&a, strbuf_view(&sb), &cookies, &ncookies), KR_ETOOBIG);
	/* A thousand cookies. */
	strbuf_reset(&sb);
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "c%d=%d;", i, i);
	CHECK_INT(parse_cookies(&a, strbuf_view(&sb), &cookies, &ncookies), KR_ETOOBIG);

	strbuf_release(&sb);
	arena_release(&a);
}

static const char *const langs[] = { "nl", "en" };

static int
lang(const char *header)
{
	return parse_accept_language(str_from(header), langs, ARRAY_SIZE(langs));
}

void
test_parse_accept_language_order(void)
{
	CHECK_INT(lang("nl-NL,nl;q=0.9,en;q=0.5"), 0);
	CHECK_INT(lang("en-GB;q=0.8, *;q=0.1"), 1);
	CHECK_INT(lang("en-US,en;q=0.9,nl;q=0.8"), 1);
	CHECK_INT(lang("nl;q=0.5, en;q=0.8"), 1);   /* q beats order */
	CHECK_INT(lang("en;q=0.501, nl;q=0.5"), 1); /* thousandths count */
	CHECK_INT(lang("nl;q=0.499, en;q=0.5"), 1);
	CHECK_INT(lang("de,fr;q=0.9,en;q=0.2,nl;q=0.1"), 1);
	CHECK_INT(lang("en;q=0.7, nl;q=0.7"), 1); /* equal q: the earlier one */
	CHECK_INT(lang("nl;q=0.7, en;q=0.7"), 0);
	CHECK_INT(lang("en;q=1.0,nl"), 1); /* 1.0 equals the default 1: order decides */
	CHECK_INT(lang("en;q=1.000,nl;q=1"), 1);
	CHECK_INT(lang("nl ; q=0.3 , en ; Q=0.2"), 0); /* blanks around ';', capital Q */
	/* q=0 means "not acceptable". */
	CHECK_INT(lang("en;q=0, nl;q=0.1"), 0);
	CHECK_INT(lang("nl;q=0"), -1);
	CHECK_INT(lang("nl;q=0.000, en;q=0.001"), 1);
	CHECK_INT(lang("en;q=0,nl;q=0"), -1);
	/* The better of two ranges naming a language counts. */
	CHECK_INT(lang("nl-BE;q=0.2, en;q=0.5, nl;q=0.9"), 0);
	CHECK_INT(lang("nl;q=0, nl-BE;q=0.6, en;q=0.5"), 0);
}

void
test_parse_accept_language_match(void)
{
	CHECK_INT(lang("nl-BE"), 0); /* primary subtag */
	CHECK_INT(lang("EN-gb"), 1); /* case-insensitive */
	CHECK_INT(lang("zh-Hant-TW, en"), 1);
	CHECK_INT(lang("nld"), -1); /* a different primary tag, not a prefix match */
	CHECK_INT(lang("n"), -1);
	CHECK_INT(lang("de"), -1);
	CHECK_INT(lang("de, fr;q=0.5"), -1);
	/* "*" is the first supported language not named otherwise. */
	CHECK_INT(lang("*"), 0);
	CHECK_INT(lang("de, *;q=0.5"), 0);
	CHECK_INT(lang("nl;q=0, *"), 1);	 /* nl is explicitly refused */
	CHECK_INT(lang("*;q=0.5, en;q=0.4"), 0); /* the star (0.5) beats en (0.4) for nl */
	CHECK_INT(lang("*;q=0"), -1);
	CHECK_INT(lang("en;q=0.5, *"), 0); /* star at q=1 stands for nl */
	/* One supported language, or none. */
	static const char *const only_en[] = { "en" };
	CHECK_INT(parse_accept_language(STR_LIT("nl, en;q=0.1"), only_en, 1), 0);
	CHECK_INT(parse_accept_language(STR_LIT("nl"), only_en, 1), -1);
	CHECK_INT(parse_accept_language(STR_LIT("*"), only_en, 0), -1);
}

void
test_parse_accept_language_garbage(void)
{
	CHECK_INT(lang(""), -1);
	CHECK_INT(parse_accept_language(STR_NULL, langs, 2), -1);
	CHECK_INT(lang(",,, ,"), -1);
	CHECK_INT(lang(";;;"), -1);
	CHECK_INT(lang("q=0.5"), -1);
	CHECK_INT(lang("\xff\xfe"), -1);
	/* Malformed pieces are skipped; the good ones still count. */
	CHECK_INT(lang("en;q=2, nl;q=0.1"), 0); /* q above 1 */
	CHECK_INT(lang("en;q=1.5, nl;q=0.1"), 0);
	CHECK_INT(lang("en;q=0.1234, nl;q=0.1"), 0); /* four decimals */
	CHECK_INT(lang("en;q=.5, nl;q=0.1"), 0);
	CHECK_INT(lang("en;q=, nl;q=0.1"), 0);
	CHECK_INT(lang("en;q=abc, nl;q=0.1"), 0);
	CHECK_INT(lang("en;q=-1, nl;q=0.1"), 0);
	CHECK_INT(lang("en;q=0.5;q=0.6, nl;q=0.1"), 0); /* two weights */
	CHECK_INT(lang("en;level=1, nl;q=0.1"), 0);	/* not a weight */
	CHECK_INT(lang("en;, nl;q=0.1"), 0);
	CHECK_INT(lang("e n, nl;q=0.1"), 0);
	CHECK_INT(lang("en-, nl;q=0.1"), 0);
	CHECK_INT(lang("en--GB, nl;q=0.1"), 0);
	CHECK_INT(lang("abcdefghi, en-abcdefghi, nl;q=0.1"), 0); /* subtags over 8 */
	CHECK_INT(lang("1en, nl;q=0.1"), 0); /* digits only after the primary subtag */
	CHECK_INT(lang("en-1996, nl;q=0.1"), 1);
	CHECK_INT(lang("**, nl;q=0.1"), 0);
	CHECK_INT(lang("en\x01, nl;q=0.1"), 0);
	CHECK_INT(lang("en-\xc3\xa9, nl;q=0.1"), 0);
	CHECK_INT(lang("en;q=0.5 x, nl;q=0.1"), 0);

	/* At most 32 elements are considered. */
	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	for (int i = 0; i < 31; i++)
		strbuf_addstr(&sb, "de, ");
	strbuf_addstr(&sb, "en;q=0.2, nl");
	CHECK_INT(lang(sb.buf), 1); /* the 32nd is en; nl is the 33rd */
	strbuf_reset(&sb);
	for (int i = 0; i < 40; i++)
		strbuf_addstr(&sb, "bad;q=9, ");
	strbuf_addstr(&sb, "nl");
	CHECK_INT(lang(sb.buf), -1); /* malformed elements count as well */
	strbuf_reset(&sb);
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&sb, ",");
	strbuf_addstr(&sb, "nl");
	CHECK_INT(lang(sb.buf), 0); /* empty elements do not */
	strbuf_release(&sb);
}

void test_parse_multipart_boundary(void);
void test_parse_multipart_parts(void);
void test_parse_multipart_errors(void);

void
test_parse_multipart_boundary(void)
{
	struct str b = STR_NULL;
	CHECK_INT(multipart_boundary(STR_LIT("multipart/form-data; boundary=abc"), &b), KR_OK);
	CHECK(str_eq_cstr(b, "abc"));
	CHECK_INT(
	    multipart_boundary(STR_LIT("Multipart/Form-Data;charset=x; BOUNDARY=\"a b'c\""), &b),
	    KR_OK);
	CHECK(str_eq_cstr(b, "a b'c"));
	CHECK_INT(multipart_boundary(STR_LIT("multipart/mixed; boundary=abc"), &b), KR_EINVAL);
	CHECK_INT(multipart_boundary(STR_LIT("multipart/form-data"), &b), KR_EINVAL);
	CHECK_INT(multipart_boundary(STR_LIT("multipart/form-data; boundary="), &b), KR_EINVAL);
	CHECK_INT(multipart_boundary(STR_LIT("multipart/form-data; boundary=a; boundary=b"), &b),
		  KR_EINVAL);
	CHECK_INT(multipart_boundary(STR_LIT("multipart/form-data; boundary=\"ends \""), &b),
		  KR_EINVAL);
	CHECK_INT(multipart_boundary(STR_LIT("multipart/form-data; boundary=a<b"), &b), KR_EINVAL);
	/* 70 characters at most. */
	char longb[128] = "multipart/form-data; boundary=";
	memset(longb + strlen(longb), 'x', 71);
	CHECK_INT(multipart_boundary(str_from(longb), &b), KR_EINVAL);
}

#define PART(name, extra) "--XB\r\nContent-Disposition: form-data; name=\"" name "\"" extra "\r\n"

void
test_parse_multipart_parts(void)
{
	struct arena a;
	arena_init(&a);
	const struct parse_limits lim = { 4, 32, 100 };
	struct param *f = NULL;
	struct upload *u = NULL;
	size_t nf = 0, nu = 0;
	struct str body = STR_LIT(PART("csrf", "") "\r\ntok en\r\n" PART(
	    "photo", "; filename=\"me.jpg\"") "Content-Type: Image/JPEG\r\n\r\n\xff\xd8\x00\r\n--X"
					      "\r\n" PART("note",
							  "") "\r\nline\r\nline\r\n--XB--\r\n");
	CHECK_INT(parse_multipart(&a, body, STR_LIT("XB"), &lim, 1000, &f, &nf, &u, &nu), KR_OK);
	CHECK_INT(nf, 2);
	CHECK_STR(f[0].name, "csrf");
	CHECK_STR(f[0].value, "tok en");
	CHECK_STR(f[1].value, "line\r\nline");
	CHECK_INT(nu, 1);
	CHECK_STR(u[0].name, "photo");
	CHECK_STR(u[0].content_type, "image/jpeg");
	/* The bytes as sent, NUL and a near-delimiter included. */
	CHECK_INT(u[0].len, 8);
	CHECK(memcmp(u[0].data, "\xff\xd8\x00\r\n--X\r\n", 8) == 0);

	/* No file chosen: an empty file. Without the final CRLF too. */
	CHECK_INT(
	    parse_multipart(
		&a,
		STR_LIT(PART(
		    "photo",
		    "; filename=\"\"") "Content-Type: application/octet-stream\r\n\r\n\r\n--XB--"),
		STR_LIT("XB"), &lim, 1000, &f, &nf, &u, &nu),
	    KR_OK);
	CHECK_INT(nf, 0);
	CHECK(f == NULL);
	CHECK_INT(nu, 1);
	CHECK_INT(u[0].len, 0);
	arena_release(&a);
}

void
test_parse_multipart_errors(void)
{
	struct arena a;
	arena_init(&a);
	const struct parse_limits lim = { 2, 8, 10 };
	struct param sentinel = { "s", "", 0 }, *f = &sentinel;
	struct upload *u = NULL;
	size_t nf = 99, nu = 99;
#define BAD(s, err)                                                                                \
	CHECK_INT(parse_multipart(&a, STR_LIT(s), STR_LIT("XB"), &lim, 20, &f, &nf, &u, &nu), err)
	BAD("", KR_EINVAL);
	BAD("preamble\r\n" PART("a", "") "\r\nx\r\n--XB--", KR_EINVAL);
	BAD(PART("a", "") "\r\nx\r\n--XB", KR_EINVAL);		 /* no final "--" */
	BAD(PART("a", "") "\r\nx", KR_EINVAL);			 /* no delimiter */
	BAD(PART("a", "") "\r\nx\r\n--XB--epilogue", KR_EINVAL); /* bytes after the end */
	BAD("--XB\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XB--", KR_EINVAL); /* no name */
	BAD("--XB\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XB--", KR_EINVAL);
	BAD("--XB\r\nContent-Type: text/plain\r\n\r\nx\r\n--XB--", KR_EINVAL); /* no disposition */
	BAD(PART("a", "; name=\"b\"") "\r\nx\r\n--XB--", KR_EINVAL);	       /* two names */
	BAD(PART("", "") "\r\nx\r\n--XB--", KR_EINVAL);			       /* empty name */
	BAD(PART("a", "") "\r\n\xc3\x28\r\n--XB--", KR_EINVAL);		       /* invalid UTF-8 */
	BAD(PART("a", "") "\r\na\x00"
			  "b\r\n--XB--",
	    KR_EINVAL);							/* NUL in text */
	BAD(PART("a", "") "X-Bad: \x01\r\n\r\nx\r\n--XB--", KR_EINVAL); /* control in header */
	BAD(PART("a", "") "\r\n01234567890\r\n--XB--", KR_ETOOBIG);	/* text too long */
	BAD(PART("a", "; filename=f") "\r\n012345678901234567890\r\n--XB--", KR_ETOOBIG);
	BAD(PART("namelonger", "") "\r\nx\r\n--XB--", KR_ETOOBIG);
	BAD(PART("a", "") "\r\nx\r\n" PART("b", "") "\r\nx\r\n" PART("c", "") "\r\nx\r\n--XB--",
	    KR_ETOOBIG);
	BAD(PART("a", "") "\r\nx\r\n" PART("a", "") "\r\ny\r\n--XB--", KR_EINVAL); /* a twice */
	BAD(PART("a", "") "\r\nx\r\n" PART("a", "; filename=f") "\r\ny\r\n--XB--", KR_EINVAL);
	BAD(PART("a", "; filename=f") "\r\nx\r\n" PART("a", "") "\r\ny\r\n--XB--", KR_EINVAL);
#undef BAD
	/* Nothing was set by any of them. */
	CHECK(f == &sentinel);
	CHECK_INT(nf, 99);
	CHECK(u == NULL);
	arena_release(&a);
}
