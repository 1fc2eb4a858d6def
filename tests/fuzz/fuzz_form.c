// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_form.c: libFuzzer harness for parse_form() and parse_urlencoded(). The first three bytes
 * choose the limits; the rest is the body. Fields stay within the limits, are valid UTF-8 with
 * control bytes only where multiline allows them, the single-line parse is never more lenient
 * than the multiline one, and re-encoding parses back to the same fields. */
#include "base/arena.h"
#include "base/strbuf.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s, size_t len, size_t max, bool multiline)
{
	if (!s || strlen(s) != len || len > max)
		abort();
	if (!str_is_utf8((struct str){ s, len }))
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (multiline && (c == '\t' || c == '\r' || c == '\n'))
			continue;
		if (c < 0x20 || c == 0x7f)
			abort();
	}
}

static void
check_fields(const struct param *p, size_t n, const struct parse_limits *lim, bool multiline)
{
	if (n > lim->max_fields || (n && !p))
		abort();
	for (size_t i = 0; i < n; i++) {
		check_text(p[i].name, strlen(p[i].name), lim->max_name_len, false);
		check_text(p[i].value, p[i].value_len, lim->max_value_len, multiline);
		if (param_find(p, n, p[i].name) != &p[i]) /* each name once */
			abort();
	}
}

static bool
same_fields(const struct param *p, size_t n, const struct param *q, size_t m)
{
	if (n != m)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].name, q[i].name) != 0 || p[i].value_len != q[i].value_len ||
		    memcmp(p[i].value, q[i].value, p[i].value_len) != 0)
			return false;
	return true;
}

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
	if (size < 3)
		return 0;
	const struct parse_limits lim = {
		.max_fields = data[0],
		.max_name_len = data[1],
		.max_value_len = (size_t)data[2] * 16,
	};
	struct str body = { (const char *)data + 3, size - 3 };
	struct arena a;
	struct param sentinel = { "sentinel", "", 0 };
	struct param *multi = &sentinel, *single = &sentinel;
	size_t nmulti = SIZE_MAX, nsingle = SIZE_MAX;
	arena_init(&a);

	int err_multi = parse_form(&a, body, &lim, &multi, &nmulti);
	int err_single = parse_urlencoded(&a, body, &lim, false, &single, &nsingle);
	if (err_multi) {
		if ((err_multi != KR_EINVAL && err_multi != KR_ETOOBIG) || multi != &sentinel ||
		    nmulti != SIZE_MAX)
			abort();
	} else {
		check_fields(multi, nmulti, &lim, true);
	}
	if (err_single) {
		if ((err_single != KR_EINVAL && err_single != KR_ETOOBIG) || single != &sentinel ||
		    nsingle != SIZE_MAX)
			abort();
	} else {
		/* What passes as a single line passes as multiline, to the same fields. */
		check_fields(single, nsingle, &lim, false);
		if (err_multi || !same_fields(single, nsingle, multi, nmulti))
			abort();
	}

	if (!err_multi) {
		struct strbuf sb;
		strbuf_init(&sb, STRBUF_DEFAULT_MAX);
		for (size_t i = 0; i < nmulti; i++) {
			strbuf_addch(&sb, '&');
			encode(&sb, multi[i].name);
			strbuf_addch(&sb, '=');
			encode(&sb, multi[i].value);
		}
		struct param *q = NULL;
		size_t m = 0;
		if (!strbuf_ok(&sb) || parse_form(&a, strbuf_view(&sb), &lim, &q, &m) != KR_OK ||
		    !same_fields(multi, nmulti, q, m))
			abort();
		strbuf_release(&sb);
	}
	arena_release(&a);
	return 0;
}
