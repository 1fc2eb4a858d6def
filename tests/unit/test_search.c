// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_search.c: the search query made safe for full-text search, and marked snippets
 * (app/common/search.h). */
#include "test.h"
#include "app/common/search.h"

void test_search_query(void);
void test_search_snippet(void);

static const char *
parsed(struct arena *a, const char *q, const char **problem)
{
	const char *expr = NULL;
	size_t n = 0;
	if (search_query_parse(a, q, &expr, &n, problem))
		return NULL;
	return expr;
}

void
test_search_query(void)
{
	struct arena a;
	arena_init(&a);
	const char *p;
	CHECK_STR(parsed(&a, "fiets", &p), "\"fiets\"");
	CHECK_STR(parsed(&a, "  werk  Aanpassing ", &p), "\"werk\" \"Aanpassing\"");
	CHECK_STR(parsed(&a, "\"werkplek aanpassing\" café", &p),
		  "\"werkplek aanpassing\" \"café\"");
	/* Operators are separators: nothing the reader types becomes one. */
	CHECK_STR(parsed(&a, "zq\" OR 1=1 --", &p), "\"zq\" \"OR 1 1\"");
	CHECK_STR(parsed(&a, "NEAR(a b) title:x -y z*", &p),
		  "\"NEAR\" \"a\" \"b\" \"title\" \"x\" \"y\" \"z\"");
	CHECK_STR(parsed(&a, "re-integratie \xe2\x80\x94 uitleg", &p),
		  "\"re\" \"integratie\" \"uitleg\"");
	/* Nothing to search for, too long, too many. */
	CHECK(!parsed(&a, "", &p) && p == search_problem_empty);
	CHECK(!parsed(&a, "*** () \"\" - ^ :", &p) && p == search_problem_empty);
	char longq[SEARCH_QUERY_MAX + 2];
	memset(longq, 'x', sizeof(longq) - 1);
	longq[sizeof(longq) - 1] = '\0';
	CHECK(!parsed(&a, longq, &p) && p == search_problem_long);
	longq[SEARCH_QUERY_MAX] = '\0';
	CHECK(parsed(&a, longq, &p) != NULL);
	CHECK(!parsed(&a, "\xff\xfe", &p) && p == search_problem_long);
	CHECK(!parsed(&a, "a b c d e f g h i j k l m", &p) && p == search_problem_many);
	CHECK(parsed(&a, "a b c d e f g h i j k l", &p) != NULL);
	/* A word is cut at SEARCH_WORD_MAX bytes. */
	char word[SEARCH_WORD_MAX + 20];
	memset(word, 'w', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	CHECK_INT(strlen(parsed(&a, word, &p)), SEARCH_WORD_MAX + 2);
	arena_release(&a);
}

void
test_search_snippet(void)
{
	struct strbuf o;
	strbuf_init(&o, 0);
	search_snippet_html(&o, "een \x02"
				"fiets\x03 <b>&");
	CHECK_STR(o.buf, "een <mark>fiets</mark> &lt;b&gt;&amp;");
	strbuf_reset(&o);
	search_snippet_html(&o, "\x03los \x02open");
	CHECK_STR(o.buf, "los <mark>open</mark>");
	strbuf_reset(&o);
	search_snippet_html(&o, "## **Tip:** `kort` \x02werk\x03");
	CHECK_STR(o.buf, " Tip: kort <mark>werk</mark>");
	strbuf_reset(&o);
	search_snippet_html(&o, NULL);
	CHECK_STR(o.buf, "");
	strbuf_release(&o);
}
