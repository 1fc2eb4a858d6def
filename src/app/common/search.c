// SPDX-License-Identifier: AGPL-3.0-or-later
/* search.c: the reader's query made safe for full-text search, and highlighted snippets
 * (search.h). */
#include "app/common/search.h"
#include "base/i18n.h"
#include "base/str.h"
#include "html/html.h"
#include <string.h>

const char search_problem_empty[] = N_("Type one or more words to search for.");
const char search_problem_long[] = N_("Your search is too long. Use at most 200 characters.");
const char search_problem_many[] = N_("Your search has too many words. Use at most 12.");

const char search_headline_options[] = "StartSel=" SEARCH_MARK_START ", StopSel=" SEARCH_MARK_END
				       ", MaxWords=24, MinWords=10, MaxFragments=1,"
				       " FragmentDelimiter=\" … \"";

/* Whether the UTF-8 sequence at s (n bytes long) separates words: ASCII that is not a letter
 * or digit, and the punctuation blocks a Dutch or English text uses (no-break space, « », ¿,
 * ×, ÷, dashes, curly quotes, …, the bullet). Letters of every script are word characters. */
static bool
separates(const unsigned char *s, size_t n)
{
	if (n == 1)
		return !((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
			 (*s >= 'A' && *s <= 'Z'));
	if (n == 2 && s[0] == 0xC2)
		return true; /* U+0080-U+00BF: controls, no-break space, ¡ « » ¿ and the like */
	if (n == 2 && s[0] == 0xC3)
		return s[1] == 0x97 || s[1] == 0xB7; /* × ÷ */
	if (n == 3 && s[0] == 0xE2 && (s[1] == 0x80 || s[1] == 0x81))
		return true; /* U+2000-U+207F: spaces, dashes, quotes, …, bullets */
	if (n == 3 && s[0] == 0xE3 && s[1] == 0x80)
		return true; /* U+3000-U+303F: CJK spaces and punctuation */
	return false;
}

/* The length of the UTF-8 sequence starting with byte b (1 for a stray byte). */
static size_t
seq_len(unsigned char b)
{
	return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

int
search_query_parse(struct arena *a, const char *q, const char **expr, size_t *nterms,
		   const char **problem)
{
	*expr = NULL;
	*nterms = 0;
	*problem = search_problem_empty;
	if (!q)
		return KR_EINVAL;
	size_t len = strlen(q), chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)q[i] & 0xC0) != 0x80;
	if (!str_is_utf8(str_from(q)) || chars > SEARCH_QUERY_MAX) {
		*problem = search_problem_long;
		return KR_EINVAL;
	}
	/* Each word or phrase becomes "..." with a space between: at most 3 bytes per byte in. */
	char *out = arena_alloc(a, 3 * len + 1);
	size_t o = 0, terms = 0;
	const unsigned char *p = (const unsigned char *)q, *end = p + len;
	bool quoted = false; /* inside a "phrase" the reader opened */
	size_t words_in_term = 0, word_len = 0;
	bool in_term = false, in_word = false;
	for (;;) {
		size_t n = p < end ? seq_len(*p) : 0;
		if (p + n > end)
			n = (size_t)(end - p);
		bool at_end = p >= end;
		bool quote = !at_end && *p == '"';
		bool sep = at_end || quote || separates(p, n);
		if (!sep) {
			if (!in_term) {
				if (terms == SEARCH_TERMS_MAX) {
					*problem = search_problem_many;
					return KR_EINVAL;
				}
				out[o++] = terms ? ' ' : '"';
				if (terms)
					out[o++] = '"';
				in_term = true;
				words_in_term = 0;
			}
			if (!in_word) {
				if (words_in_term)
					out[o++] = ' ';
				words_in_term++;
				in_word = true;
				word_len = 0;
			}
			if (word_len + n <= SEARCH_WORD_MAX)
				memcpy(out + o, p, n), o += n;
			word_len += n;
			p += n;
			continue;
		}
		in_word = false;
		/* A term ends at a separator outside a phrase, at a quote, and at the end. */
		if (in_term && (!quoted || quote || at_end)) {
			out[o++] = '"';
			terms++;
			in_term = false;
		}
		if (at_end)
			break;
		if (quote)
			quoted = !quoted;
		p += n;
	}
	out[o] = '\0';
	if (!terms)
		return KR_EINVAL;
	*expr = out;
	*nterms = terms;
	*problem = NULL;
	return KR_OK;
}

void
search_snippet_html(struct strbuf *out, const char *marked)
{
	bool open = false;
	const char *s = marked ? marked : "";
	while (*s) {
		/* The texts are Markdown: its emphasis, code and heading marks are left out, so
		 * that a piece reads as the text does ("**Tip:**" as "Tip:"). */
		size_t run = strcspn(s, SEARCH_MARK_START SEARCH_MARK_END "*`#");
		html_textn(out, s, run);
		s += run;
		if (!*s)
			break;
		if (*s == '*' || *s == '`' || *s == '#') {
			s++;
			continue;
		}
		if (*s == SEARCH_MARK_START[0] && !open) {
			html_lit(out, "<mark>");
			open = true;
		} else if (*s == SEARCH_MARK_END[0] && open) {
			html_lit(out, "</mark>");
			open = false;
		}
		s++;
	}
	if (open)
		html_lit(out, "</mark>");
}
