// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_cookie.c: libFuzzer harness for parse_cookies(): at most 50 cookies within the name and
 * value limits, valid UTF-8 without control bytes, names trimmed and without separators, errors
 * leave the outputs alone, and the cookies written back (values quoted) parse to themselves. */
#include "base/arena.h"
#include "base/strbuf.h"
#include "http/parse.h"

#define COOKIE_MAX	 50
#define COOKIE_MAX_NAME	 128
#define COOKIE_MAX_VALUE 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s, size_t len, size_t max)
{
	if (!s || strlen(s) != len || len > max)
		abort();
	if (!str_is_utf8((struct str){ s, len }))
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == ';')
			abort();
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

	int err = parse_cookies(&a, (struct str){ (const char *)data, size }, &p, &n);
	if (err) {
		if (err != KR_ETOOBIG || p != &sentinel || n != SIZE_MAX)
			abort();
		arena_release(&a);
		return 0;
	}
	if (n > COOKIE_MAX || (n && !p))
		abort();
	for (size_t i = 0; i < n; i++) {
		size_t name_len = strlen(p[i].name);
		check_text(p[i].name, name_len, COOKIE_MAX_NAME);
		check_text(p[i].value, p[i].value_len, COOKIE_MAX_VALUE);
		if (name_len == 0 || strchr(p[i].name, '=') || p[i].name[0] == ' ' ||
		    p[i].name[name_len - 1] == ' ')
			abort();
		const struct param *first = param_find(p, n, p[i].name);
		if (!first || first > &p[i] || strcmp(first->name, p[i].name) != 0)
			abort();
	}

	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s=\"%s\"; ", p[i].name, p[i].value);
	struct param *q = NULL;
	size_t m = 0;
	if (!strbuf_ok(&sb) || parse_cookies(&a, strbuf_view(&sb), &q, &m) != KR_OK || m != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].name, q[i].name) != 0 || strcmp(p[i].value, q[i].value) != 0 ||
		    p[i].value_len != q[i].value_len)
			abort();
	strbuf_release(&sb);
	arena_release(&a);
	return 0;
}
