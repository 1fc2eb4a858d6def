// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_search_query.c: a search query as typed (app/common/search.h) never crashes the parser,
 * and what it makes is always safe for both backends: words and phrases each in double quotes,
 * side by side, no quote inside one, no control byte, at most SEARCH_TERMS_MAX of them, valid
 * UTF-8 no longer than three bytes per byte in; and a marked snippet always gives balanced
 * <mark> tags. */
#include "app/common/search.h"
#include "base/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct arena a;
	arena_init(&a);
	const char *expr, *problem;
	size_t nterms;
	if (search_query_parse(&a, s, &expr, &nterms, &problem) == KR_OK) {
		size_t n = strlen(expr), quotes = 0, terms = 0;
		if (!nterms || nterms > SEARCH_TERMS_MAX || n > 3 * size || expr[0] != '"' ||
		    expr[n - 1] != '"' || !str_is_utf8(str_from(expr)) || problem)
			abort();
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)expr[i];
			if (ch < 0x20 || ch == 0x7f)
				abort();
			if (ch == '"') {
				quotes++;
				/* a term opens at the start or after one space, and closes before
				 * one */
				if (quotes % 2 == 1 && i > 0 &&
				    (expr[i - 1] != ' ' || expr[i - 2] != '"'))
					abort();
				if (quotes % 2 == 1)
					terms++;
			}
		}
		if (quotes != 2 * nterms || terms != nterms)
			abort();
	} else if (!problem) {
		abort();
	}
	struct strbuf out;
	strbuf_init(&out, 0);
	search_snippet_html(&out, s);
	size_t open = 0, close = 0;
	for (const char *p = out.buf; (p = strstr(p, "<mark>")); p++)
		open++;
	for (const char *p = out.buf; (p = strstr(p, "</mark>")); p++)
		close++;
	if (open != close || strchr(out.buf, '\x02') || strchr(out.buf, '\x03'))
		abort();
	strbuf_release(&out);
	arena_release(&a);
	free(s);
	return 0;
}
