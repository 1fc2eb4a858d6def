// SPDX-License-Identifier: AGPL-3.0-or-later
/* csv.c: the CSV reader. */
#include "base/csv.h"

void
csv_init(struct csv *c, struct str input)
{
	if (input.len >= 3 && memcmp(input.p, "\xEF\xBB\xBF", 3) == 0) {
		input.p += 3;
		input.len -= 3;
	}
	c->rest = input;
	c->sep = 0;
	c->line = 1;
}

/* Skips to just after the end of the current line (for recovery after an error). */
static void
skip_line(struct csv *c)
{
	while (c->rest.len) {
		char ch = *c->rest.p++;
		c->rest.len--;
		if (ch == '\n') {
			c->line++;
			return;
		}
	}
}

int
csv_next(struct csv *c, struct arena *a, const char **fields, size_t *n, size_t *line)
{
	/* Blank lines between records are nothing. */
	while (c->rest.len && (*c->rest.p == '\n' || *c->rest.p == '\r')) {
		if (*c->rest.p == '\n')
			c->line++;
		c->rest.p++;
		c->rest.len--;
	}
	*line = c->line;
	*n = 0;
	if (!c->rest.len)
		return KR_ENOTFOUND;
	if (!c->sep) {
		/* The first record decides: Dutch spreadsheets write ';'. */
		size_t commas = 0, semis = 0;
		for (size_t i = 0; i < c->rest.len && c->rest.p[i] != '\n'; i++) {
			commas += c->rest.p[i] == ',';
			semis += c->rest.p[i] == ';';
		}
		c->sep = semis > commas ? ';' : ',';
	}
	char buf[CSV_MAX_FIELD + 1];
	size_t len = 0;
	bool quoted = false, was_quoted = false, after_quote = false;
	for (;;) {
		bool end = c->rest.len == 0;
		char ch = end ? '\n' : *c->rest.p;
		if (!end) {
			c->rest.p++;
			c->rest.len--;
		}
		if (quoted) {
			if (end) {
				return KR_EINVAL; /* an unclosed quote runs to the end of the file
						   */
			}
			if (ch == '"') {
				if (c->rest.len && *c->rest.p == '"') {
					c->rest.p++;
					c->rest.len--;
				} else {
					quoted = false;
					after_quote = true;
					continue;
				}
			}
			if (ch == '\n')
				c->line++;
			if (ch == '\0' || len == CSV_MAX_FIELD)
				goto bad;
			buf[len++] = ch;
			continue;
		}
		if (ch == c->sep || ch == '\n') {
			/* Trim unquoted spaces; a quoted field keeps its own. */
			size_t start = 0, stop = len;
			if (!was_quoted) {
				while (start < stop && (buf[start] == ' ' || buf[start] == '\t'))
					start++;
				while (stop > start &&
				       (buf[stop - 1] == ' ' || buf[stop - 1] == '\t' ||
					buf[stop - 1] == '\r'))
					stop--;
			}
			struct str f = { buf + start, stop - start };
			if (*n == CSV_MAX_FIELDS || !str_is_utf8(f)) {
				if (ch == '\n') {
					/* The line is read to its end already: nothing to skip. */
					if (!end)
						c->line++;
					*n = 0;
					return KR_EINVAL;
				}
				goto bad;
			}
			fields[(*n)++] = arena_strndup(a, f.p, f.len);
			len = 0;
			was_quoted = after_quote = false;
			if (ch == '\n') {
				if (!end)
					c->line++;
				return KR_OK;
			}
			continue;
		}
		if (after_quote) {
			if (ch == ' ' || ch == '\t' || ch == '\r')
				continue;
			goto bad; /* text after a closing quote */
		}
		if (ch == '"') {
			/* A quote opens a field when only spaces came before it. */
			bool blank = true;
			for (size_t i = 0; i < len && blank; i++)
				blank = buf[i] == ' ' || buf[i] == '\t';
			if (blank) {
				len = 0;
				quoted = was_quoted = true;
				continue;
			}
		}
		if (ch == '\0' || len == CSV_MAX_FIELD)
			goto bad;
		buf[len++] = ch;
	}
bad:
	skip_line(c);
	*n = 0;
	return KR_EINVAL;
}
