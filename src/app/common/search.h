/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* search.h: what the search (GET /search, src/app/search/) and the features it searches share:
 * the reader's query made safe for the database's full-text search, and the marks of a
 * highlighted snippet.
 *
 * A query is words and "quoted phrases"; everything else (FTS5's and tsquery's operators, *, -,
 * parentheses, colons) separates words and means nothing. search_query_parse() turns it into
 * one expression that both backends take as it is: each word and each phrase in double quotes,
 * side by side, so every one must be found ("fiets" "werk aanpassing"). SQLite reads that as an
 * FTS5 query and runs each quoted part through its tokenizer; PostgreSQL reads it with
 * websearch_to_tsquery(), where quotes make a phrase too. Nothing the reader types can become
 * an operator.
 *
 * A snippet comes from the database with SEARCH_MARK_START / SEARCH_MARK_END around each word
 * found (FTS5's snippet(), PostgreSQL's ts_headline()); search_snippet_html() escapes it and
 * turns the marks into <mark>. The texts searched are checked to hold no control characters,
 * so a mark can only come from the database's highlighting. */
#ifndef KRING_COMMON_SEARCH_H
#define KRING_COMMON_SEARCH_H

#include "base/arena.h"
#include "base/strbuf.h"

#define SEARCH_QUERY_MAX  200 /* characters a query may have */
#define SEARCH_TERMS_MAX  12  /* words and phrases; more are refused */
#define SEARCH_WORD_MAX	  60  /* bytes of one word; a longer run is cut there */
#define SEARCH_PAGE	  10  /* results of one kind on a page */
#define SEARCH_MARK_START "\x02"
#define SEARCH_MARK_END	  "\x03"

/* Problems with a query, as English message ids (translate with _()). */
extern const char search_problem_empty[];
extern const char search_problem_long[];
extern const char search_problem_many[];

/* The expression for q (allocated in a) in *expr and how many words and phrases it has, or
 * KR_EINVAL with *problem: nothing to search for, too long (over SEARCH_QUERY_MAX characters
 * or not UTF-8), or too many words. */
int search_query_parse(struct arena *a, const char *q, const char **expr, size_t *nterms,
		       const char **problem) MUST_CHECK;

/* Writes a marked snippet as HTML: the text escaped, each marked part in <mark>, without
 * Markdown's *, ` and # marks. A mark left open is closed at the end; stray marks are
 * dropped. */
void search_snippet_html(struct strbuf *out, const char *marked);

/* The options of PostgreSQL's ts_headline() that make its snippets like FTS5's: the marks
 * above, about as many words, one fragment. */
extern const char search_headline_options[];

#endif
