// SPDX-License-Identifier: AGPL-3.0-or-later
/* parse.c: query strings, urlencoded form bodies, the Cookie header and Accept-Language. */
#include "http/parse.h"

/* The query string's limits: a page takes few, short parameters. */
static const struct parse_limits query_limits = {
	.max_fields = 32,
	.max_name_len = 64,
	.max_value_len = 1024,
};

#define COOKIE_MAX	 50
#define COOKIE_MAX_NAME	 128
#define COOKIE_MAX_VALUE 4096
#define LANG_MAX_ENTRIES 32
#define LANG_MAX_SUBTAG	 8

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* True when s holds no C0 control byte and no DEL; tab, CR and LF pass when `multiline`. */
static bool
no_controls(struct str s, bool multiline)
{
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 0x20 && c != 0x7f)
			continue;
		if (multiline && (c == '\t' || c == '\r' || c == '\n'))
			continue;
		return false;
	}
	return true;
}

/* Decodes one name or value ('+' and %XX) into a NUL-terminated arena copy, then checks its
 * length, its encoding and its bytes. *out and *out_len are set on success only. */
static int
decode_component(struct arena *a, struct str in, size_t max_len, bool multiline, const char **out,
		 size_t *out_len)
{
	char *buf = arena_alloc(a, in.len + 1);
	size_t len = 0;
	for (size_t i = 0; i < in.len; i++) {
		char c = in.p[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (in.len - i < 3)
				return KR_EINVAL;
			int hi = hex_value(in.p[i + 1]), lo = hex_value(in.p[i + 2]);
			if (hi < 0 || lo < 0)
				return KR_EINVAL;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		buf[len++] = c;
	}
	buf[len] = '\0';
	if (len > max_len)
		return KR_ETOOBIG;
	struct str s = { buf, len };
	/* str_is_utf8() refuses NUL, so a decoded %00 cannot cut the string short. */
	if (!str_is_utf8(s) || !no_controls(s, multiline))
		return KR_EINVAL;
	*out = buf;
	*out_len = len;
	return KR_OK;
}

int
parse_urlencoded(struct arena *a, struct str in, const struct parse_limits *lim, bool multiline,
		 struct param **out, size_t *n)
{
	if (!lim)
		BUG("parse_urlencoded without limits");

	/* Count first, so that too many fields are refused before anything is decoded. */
	size_t count = 0;
	struct str rest = in, field;
	do {
		rest = str_cut(rest, '&', &field);
		if (field.len)
			count++;
	} while (rest.p);
	if (count > lim->max_fields)
		return KR_ETOOBIG;

	struct param *params = ARENA_ARRAY(a, struct param, count);
	size_t k = 0;
	rest = in;
	do {
		rest = str_cut(rest, '&', &field);
		if (!field.len)
			continue;
		struct str name, value = str_cut(field, '=', &name);
		size_t name_len;
		int err =
		    decode_component(a, name, lim->max_name_len, false, &params[k].name, &name_len);
		if (err)
			return err;
		err = decode_component(a, value, lim->max_value_len, multiline, &params[k].value,
				       &params[k].value_len);
		if (err)
			return err;
		k++;
	} while (rest.p);

	*out = k ? params : NULL;
	*n = k;
	return KR_OK;
}

int
parse_query(struct arena *a, struct str in, struct param **out, size_t *n)
{
	return parse_urlencoded(a, in, &query_limits, false, out, n);
}

int
parse_form(struct arena *a, struct str in, const struct parse_limits *lim, struct param **out,
	   size_t *n)
{
	return parse_urlencoded(a, in, lim, true, out, n);
}

/* Splits one "name=value" piece of a Cookie header. False for what browsers skip as well: no
 * '=' or an empty name. Surrounding blanks go, then one pair of double quotes around the value. */
static bool
cookie_split(struct str pair, struct str *name, struct str *value)
{
	*value = str_cut(pair, '=', name);
	if (!value->p)
		return false;
	*name = str_trim(*name);
	if (!name->len)
		return false;
	*value = str_trim(*value);
	if (value->len >= 2 && value->p[0] == '"' && value->p[value->len - 1] == '"') {
		value->p++;
		value->len -= 2;
	}
	return true;
}

/* A cookie we keep: within the lengths, and bytes that parse.h promises (UTF-8, no controls).
 * Anything else may have been set by another site on the same host, so it is skipped rather
 * than failing the whole request. */
static bool
cookie_acceptable(struct str name, struct str value)
{
	return name.len <= COOKIE_MAX_NAME && value.len <= COOKIE_MAX_VALUE && str_is_utf8(name) &&
	       str_is_utf8(value) && no_controls(name, false) && no_controls(value, false);
}

int
parse_cookies(struct arena *a, struct str header, struct param **out, size_t *n)
{
	/* Every pair a browser would call a cookie counts towards the limit, kept or not. */
	size_t count = 0;
	struct str rest = header, pair, name, value;
	do {
		rest = str_cut(rest, ';', &pair);
		if (cookie_split(pair, &name, &value))
			count++;
	} while (rest.p);
	if (count > COOKIE_MAX)
		return KR_ETOOBIG;

	struct param *params = ARENA_ARRAY(a, struct param, count);
	size_t k = 0;
	rest = header;
	do {
		rest = str_cut(rest, ';', &pair);
		if (!cookie_split(pair, &name, &value) || !cookie_acceptable(name, value))
			continue;
		params[k].name = arena_strndup(a, name.p, name.len);
		params[k].value = arena_strndup(a, value.p, value.len);
		params[k].value_len = value.len;
		k++;
	} while (rest.p);

	*out = k ? params : NULL;
	*n = k;
	return KR_OK;
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A language range (RFC 4647 §2.1): "*" or 1*8ALPHA *("-" 1*8alphanum). *primary gets the
 * first subtag. */
static bool
lang_range(struct str s, struct str *primary)
{
	if (str_eq_cstr(s, "*")) {
		*primary = s;
		return true;
	}
	struct str rest = s, tag;
	bool first = true;
	do {
		rest = str_cut(rest, '-', &tag);
		if (tag.len == 0 || tag.len > LANG_MAX_SUBTAG)
			return false;
		for (size_t i = 0; i < tag.len; i++)
			if (!is_alpha(tag.p[i]) && (first || !is_digit(tag.p[i])))
				return false;
		if (first)
			*primary = tag;
		first = false;
	} while (rest.p);
	return true;
}

/* A qvalue (RFC 9110 §12.4.2) in thousandths: "0", "0.5", "0.125", "1", "1.000". */
static bool
lang_qvalue(struct str s, int *q)
{
	if (s.len == 0 || s.len > 5 || (s.p[0] != '0' && s.p[0] != '1'))
		return false;
	int v = (s.p[0] - '0') * 1000;
	if (s.len > 1) {
		if (s.p[1] != '.')
			return false;
		int scale = 100;
		for (size_t i = 2; i < s.len; i++, scale /= 10) {
			if (!is_digit(s.p[i]))
				return false;
			v += (s.p[i] - '0') * scale;
		}
	}
	if (v > 1000)
		return false;
	*q = v;
	return true;
}

/* One element of the list: range [OWS ";" OWS "q=" qvalue]. */
static bool
lang_entry(struct str piece, struct str *primary, int *q)
{
	struct str range, params = str_cut(piece, ';', &range);
	if (!lang_range(str_trim(range), primary))
		return false;
	*q = 1000;
	bool seen_q = false;
	while (params.p) {
		struct str param;
		params = str_cut(params, ';', &param);
		param = str_trim(param);
		if (seen_q || param.len < 2 || (param.p[0] != 'q' && param.p[0] != 'Q') ||
		    param.p[1] != '=')
			return false;
		if (!lang_qvalue((struct str){ param.p + 2, param.len - 2 }, q))
			return false;
		seen_q = true;
	}
	return true;
}

int
parse_accept_language(struct str header, const char *const *supported, size_t nsupported)
{
	struct {
		struct str primary;
		int q;
	} e[LANG_MAX_ENTRIES];
	size_t ne = 0, pieces = 0;
	struct str rest = header, piece;
	do {
		rest = str_cut(rest, ',', &piece);
		piece = str_trim(piece);
		if (!piece.len)
			continue; /* empty list elements are allowed (RFC 9110 §5.6.1) */
		pieces++;
		if (lang_entry(piece, &e[ne].primary, &e[ne].q))
			ne++;
	} while (rest.p && pieces < LANG_MAX_ENTRIES);

	/* "*" stands for every language that no other range names (RFC 4647 §3.3.1). */
	int star_q = -1;
	size_t star_pos = 0;
	for (size_t i = 0; i < ne && star_q < 0; i++) {
		if (str_eq_cstr(e[i].primary, "*")) {
			star_q = e[i].q;
			star_pos = i;
		}
	}

	int best = -1, best_q = 0;
	size_t best_pos = 0;
	for (size_t s = 0; s < nsupported && s < (size_t)INT32_MAX; s++) {
		/* The best range that names this language; q=0 there excludes it, even from "*". */
		int q = -1;
		size_t pos = 0;
		for (size_t i = 0; i < ne; i++) {
			if (e[i].q > q && str_eq_nocase(e[i].primary, supported[s])) {
				q = e[i].q;
				pos = i;
			}
		}
		if (q < 0) {
			q = star_q;
			pos = star_pos;
		}
		if (q > best_q || (q > 0 && q == best_q && pos < best_pos)) {
			best = (int)s;
			best_q = q;
			best_pos = pos;
		}
	}
	return best;
}

const struct param *
param_find(const struct param *params, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(params[i].name, name) == 0)
			return &params[i];
	return NULL;
}
