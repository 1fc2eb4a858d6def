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
		if (param_find(params, k, params[k].name))
			return KR_EINVAL;
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

/* ---- multipart/form-data ---- */

#define MULTIPART_MAX_HEADERS	  8
#define MULTIPART_MAX_HEADER_LINE 1024

static bool
is_bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("'()+_,-./:=? ", c) != NULL;
}

int
multipart_boundary(struct str content_type, struct str *boundary)
{
	struct str type, rest = str_cut(content_type, ';', &type);
	if (!str_eq_nocase(str_trim(type), "multipart/form-data"))
		return KR_EINVAL;
	struct str found = STR_NULL;
	while (rest.p) {
		struct str item;
		rest = str_cut(rest, ';', &item);
		struct str name, value = str_cut(str_trim(item), '=', &name);
		if (!str_eq_nocase(str_trim(name), "boundary"))
			continue;
		if (found.p || !value.p)
			return KR_EINVAL;
		value = str_trim(value);
		if (value.len >= 2 && value.p[0] == '"' && value.p[value.len - 1] == '"')
			value = (struct str){ value.p + 1, value.len - 2 };
		if (value.len < 1 || value.len > 70 || value.p[value.len - 1] == ' ')
			return KR_EINVAL;
		for (size_t i = 0; i < value.len; i++)
			if (value.p[i] == '\0' || !is_bchar(value.p[i]))
				return KR_EINVAL;
		found = value;
	}
	if (!found.p)
		return KR_EINVAL;
	*boundary = found;
	return KR_OK;
}

/* A token or quoted-string parameter value of Content-Disposition; browsers percent-encode '"'
 * in names, so a quoted string ends at the next '"'. */
static bool
disposition_value(struct str v, struct str *out)
{
	v = str_trim(v);
	if (v.len >= 2 && v.p[0] == '"' && v.p[v.len - 1] == '"') {
		*out = (struct str){ v.p + 1, v.len - 2 };
		return memchr(out->p, '"', out->len) == NULL;
	}
	for (size_t i = 0; i < v.len; i++)
		if ((unsigned char)v.p[i] <= ' ' || strchr("\"();,", v.p[i]))
			return false;
	*out = v;
	return true;
}

struct part_head {
	struct str name;
	bool is_file;
	struct str content_type;
	bool has_disposition;
};

/* One header line of a part (without its CRLF). */
static int
part_header(struct str line, struct part_head *h)
{
	struct str name, value = str_cut(line, ':', &name);
	if (!value.p || !name.len)
		return KR_EINVAL;
	for (size_t i = 0; i < line.len; i++)
		if ((unsigned char)line.p[i] < 0x20 && line.p[i] != '\t')
			return KR_EINVAL;
	if (str_eq_nocase(name, "Content-Type")) {
		struct str ct;
		str_cut(value, ';', &ct);
		h->content_type = str_trim(ct);
		return KR_OK;
	}
	if (!str_eq_nocase(name, "Content-Disposition"))
		return KR_OK; /* e.g. Content-Transfer-Encoding, which browsers never send */
	if (h->has_disposition)
		return KR_EINVAL;
	h->has_disposition = true;
	struct str kind, rest = str_cut(value, ';', &kind);
	if (!str_eq_nocase(str_trim(kind), "form-data"))
		return KR_EINVAL;
	bool have_name = false, have_file = false;
	while (rest.p) {
		struct str item, pname;
		rest = str_cut(rest, ';', &item);
		struct str pval = str_cut(str_trim(item), '=', &pname);
		if (!pval.p)
			return KR_EINVAL;
		struct str v;
		if (!disposition_value(pval, &v))
			return KR_EINVAL;
		if (str_eq_nocase(str_trim(pname), "name")) {
			if (have_name)
				return KR_EINVAL;
			have_name = true;
			h->name = v;
		} else if (str_eq_nocase(str_trim(pname), "filename")) {
			if (have_file)
				return KR_EINVAL;
			have_file = true;
		}
	}
	if (!have_name)
		return KR_EINVAL;
	h->is_file = have_file;
	return KR_OK;
}

/* A copy of s as a NUL-terminated string in the arena. */
static const char *
arena_str(struct arena *a, struct str s)
{
	return arena_strndup(a, s.p, s.len);
}

/* True when a text field or a file before this part has the same name. */
static bool
multipart_name_taken(struct str name, const struct param *fv, size_t nf, const struct upload *uv,
		     size_t nu)
{
	for (size_t i = 0; i < nf; i++)
		if (str_eq_cstr(name, fv[i].name))
			return true;
	for (size_t i = 0; i < nu; i++)
		if (str_eq_cstr(name, uv[i].name))
			return true;
	return false;
}

int
parse_multipart(struct arena *a, struct str body, struct str boundary,
		const struct parse_limits *lim, size_t max_file_len, struct param **fields,
		size_t *nfields, struct upload **files, size_t *nfiles)
{
	if (!lim)
		BUG("parse_multipart without limits");
	if (boundary.len < 1 || boundary.len > 70)
		return KR_EINVAL;
	/* The delimiter with the CRLF that belongs to it: "\r\n--" boundary. */
	char delim[76];
	size_t dlen = 4 + boundary.len;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary.p, boundary.len);

	/* The body starts with the first delimiter (without its CRLF) and a CRLF. */
	if (body.len < dlen || memcmp(body.p, delim + 2, dlen - 2) != 0)
		return KR_EINVAL;
	size_t pos = dlen - 2;
	if (body.len - pos < 2 || memcmp(body.p + pos, "\r\n", 2) != 0)
		return KR_EINVAL;
	pos += 2;

	struct param *fv = ARENA_ARRAY(a, struct param, lim->max_fields ? lim->max_fields : 1);
	struct upload *uv = ARENA_ARRAY(a, struct upload, lim->max_fields ? lim->max_fields : 1);
	size_t nf = 0, nu = 0;
	for (;;) {
		/* The part's headers, up to an empty line. */
		struct part_head h = { 0 };
		size_t nheaders = 0;
		for (;;) {
			struct str left = { body.p + pos, body.len - pos };
			const char *eol = memmem(left.p, left.len, "\r\n", 2);
			if (!eol)
				return KR_EINVAL;
			struct str line = { left.p, (size_t)(eol - left.p) };
			pos += line.len + 2;
			if (line.len == 0)
				break;
			if (line.len > MULTIPART_MAX_HEADER_LINE ||
			    ++nheaders > MULTIPART_MAX_HEADERS)
				return KR_ETOOBIG;
			int err = part_header(line, &h);
			if (err)
				return err;
		}
		if (!h.has_disposition)
			return KR_EINVAL;

		/* The content, up to the next delimiter. */
		const char *end = memmem(body.p + pos, body.len - pos, delim, dlen);
		if (!end)
			return KR_EINVAL;
		struct str content = { body.p + pos, (size_t)(end - (body.p + pos)) };
		pos += content.len + dlen;

		if (nf + nu >= lim->max_fields)
			return KR_ETOOBIG;
		if (h.name.len > lim->max_name_len)
			return KR_ETOOBIG;
		if (!h.name.len || !str_is_utf8(h.name) || !no_controls(h.name, false))
			return KR_EINVAL;
		if (multipart_name_taken(h.name, fv, nf, uv, nu))
			return KR_EINVAL;
		if (h.is_file) {
			if (content.len > max_file_len)
				return KR_ETOOBIG;
			for (size_t i = 0; i < h.content_type.len; i++)
				if ((unsigned char)h.content_type.p[i] <= ' ' ||
				    (unsigned char)h.content_type.p[i] >= 0x7f)
					return KR_EINVAL;
			char *ct = arena_strndup(a, h.content_type.p, h.content_type.len);
			for (char *p = ct; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			uv[nu++] = (struct upload){ arena_str(a, h.name), ct,
						    (const unsigned char *)content.p, content.len };
		} else {
			if (content.len > lim->max_value_len)
				return KR_ETOOBIG;
			if (!str_is_utf8(content) || !no_controls(content, true))
				return KR_EINVAL;
			fv[nf++] = (struct param){ arena_str(a, h.name), arena_str(a, content),
						   content.len };
		}

		/* After a delimiter: "--" ends the body (a CRLF may follow), CRLF starts a part. */
		struct str left = { body.p + pos, body.len - pos };
		if (left.len >= 2 && memcmp(left.p, "--", 2) == 0) {
			if (left.len == 2 || (left.len == 4 && memcmp(left.p + 2, "\r\n", 2) == 0))
				break;
			return KR_EINVAL;
		}
		if (left.len < 2 || memcmp(left.p, "\r\n", 2) != 0)
			return KR_EINVAL;
		pos += 2;
	}
	*fields = nf ? fv : NULL;
	*nfields = nf;
	*files = nu ? uv : NULL;
	*nfiles = nu;
	return KR_OK;
}
