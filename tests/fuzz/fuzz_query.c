// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_query.c: libFuzzer harness for parse_query(): fields stay within the query limits, are
 * valid UTF-8 without control bytes, errors leave the outputs alone, and re-encoding the fields
 * parses back to the same fields. */
#include "base/arena.h"
#include "base/strbuf.h"
#include "http/parse.h"

#define QUERY_MAX_FIELDS 32
#define QUERY_MAX_NAME	 64
#define QUERY_MAX_VALUE	 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A decoded name or value: terminated at its length, within max, UTF-8, no control byte. */
static void
check_text(const char *s, size_t len, size_t max)
{
	if (!s || strlen(s) != len || len > max)
		abort();
	if (!str_is_utf8((struct str){ s, len }))
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			abort();
	}
}

/* Percent-encodes everything but the unreserved bytes; a space becomes '+'. */
static void
encode(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			strbuf_addch(sb, (char)c);
		else if (c == ' ')
			strbuf_addch(sb, '+');
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct param sentinel = { "sentinel", "", 0 };
	struct param *p = &sentinel;
	size_t n = SIZE_MAX;
	arena_init(&a);

	int err = parse_query(&a, (struct str){ (const char *)data, size }, &p, &n);
	if (err) {
		if ((err != KR_EINVAL && err != KR_ETOOBIG) || p != &sentinel || n != SIZE_MAX)
			abort();
		arena_release(&a);
		return 0;
	}
	if (n > QUERY_MAX_FIELDS || (n && !p))
		abort();
	for (size_t i = 0; i < n; i++) {
		check_text(p[i].name, strlen(p[i].name), QUERY_MAX_NAME);
		check_text(p[i].value, p[i].value_len, QUERY_MAX_VALUE);
		if (param_find(p, n, p[i].name) != &p[i]) /* each name once */
			abort();
	}

	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&sb, '&');
		encode(&sb, p[i].name);
		strbuf_addch(&sb, '=');
		encode(&sb, p[i].value);
	}
	struct param *q = NULL;
	size_t m = 0;
	if (!strbuf_ok(&sb) || parse_query(&a, strbuf_view(&sb), &q, &m) != KR_OK || m != n)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (strcmp(p[i].name, q[i].name) != 0 || p[i].value_len != q[i].value_len ||
		    memcmp(p[i].value, q[i].value, p[i].value_len) != 0)
			abort();
	}
	strbuf_release(&sb);
	arena_release(&a);
	return 0;
}
