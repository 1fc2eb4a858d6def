/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* parse.h: the parsers for what a client sends: query strings, urlencoded form bodies, the
 * Cookie header, Accept-Language and multipart/form-data bodies (uploads). Each is a pure
 * function over untrusted bytes, has a libFuzzer harness in tests/fuzz/ and returns KR_OK or an
 * error code; on error *out and *n are left as they were, so nothing half-parsed is ever used.
 *
 * Decoded names and values are NUL-terminated copies in the arena, valid UTF-8 without NUL,
 * other C0 control bytes or DEL (tab, CR and LF are allowed in form values only). With no
 * fields, *out is NULL and *n is 0. */
#ifndef KRING_HTTP_PARSE_H
#define KRING_HTTP_PARSE_H

#include "base/arena.h"
#include "base/str.h"

struct param {
	const char *name;
	const char *value;
	size_t value_len;
};

struct parse_limits {
	size_t max_fields;    /* more fields than this: KR_ETOOBIG */
	size_t max_name_len;  /* a decoded name longer than this: KR_ETOOBIG */
	size_t max_value_len; /* a decoded value longer than this: KR_ETOOBIG */
};

/* application/x-www-form-urlencoded, as in the WHATWG URL standard: fields split on '&', name and
 * value on the first '=', '+' is a space, %XX is a byte. Empty fields ("a=1&&b=2") are skipped;
 * a field without '=' has the empty value. A '%' not followed by two hex digits, invalid UTF-8,
 * NUL or a control byte: KR_EINVAL. A name given twice ("days=5&days=abc"): KR_EINVAL, so
 * that no check can read one value and the code after it another. `multiline` allows tab, CR and LF
 * in values (form bodies). */
int parse_urlencoded(struct arena *a, struct str in, const struct parse_limits *lim, bool multiline,
		     struct param **out, size_t *n) MUST_CHECK;

/* The query string of a URL (the part after '?', without it): parse_urlencoded(multiline=false)
 * with the query limits: 32 fields, names up to 64 bytes, values up to 1024 bytes. */
int parse_query(struct arena *a, struct str in, struct param **out, size_t *n) MUST_CHECK;

/* A form body: parse_urlencoded(multiline=true) with the given limits. */
int parse_form(struct arena *a, struct str in, const struct parse_limits *lim, struct param **out,
	       size_t *n) MUST_CHECK;

/* The Cookie request header (RFC 6265 §5.4): "name=value; name2=value2". Values are taken
 * verbatim (no percent-decoding), with surrounding double quotes removed. Pairs without '=' or
 * with an empty name are skipped, as browsers do, and so are pairs with invalid UTF-8 or control
 * bytes (another application on the same host may have set them); at most 50 cookies (more:
 * KR_ETOOBIG), names at most 128 and values at most 4096 bytes (longer: the pair is skipped). */
int parse_cookies(struct arena *a, struct str header, struct param **out, size_t *n) MUST_CHECK;

/* Accept-Language (RFC 9110 §12.5.4): returns the index into `supported` (lower-case primary
 * tags such as "nl", "en") of the language the client prefers most, by q-value and then by
 * order; a tag matches on its primary subtag ("nl-BE" matches "nl"); "*" stands for every
 * language no other range names (RFC 4647), so "nl;q=0, *" gives "en"; when several ranges name
 * one language, the highest q counts. Malformed pieces are skipped; at most 32 pieces are read.
 * Returns -1 when nothing matches. Never fails. */
int parse_accept_language(struct str header, const char *const *supported, size_t nsupported);

/* A file sent in a multipart/form-data body. The file name the browser sent is never kept (it
 * may name a person); `data` points into the body the parser was given. */
struct upload {
	const char *name;	  /* the form field's name */
	const char *content_type; /* as sent (lower-cased, parameters dropped), or "" */
	const unsigned char *data;
	size_t len; /* 0 when no file was chosen */
};

/* The boundary of a `multipart/form-data` Content-Type value (RFC 7578, RFC 2046 §5.1.1):
 * 1–70 characters, quoted or not. KR_EINVAL for any other media type or a malformed boundary;
 * *boundary points into content_type. */
int multipart_boundary(struct str content_type, struct str *boundary) MUST_CHECK;

/* A multipart/form-data body as browsers send it (RFC 7578): no preamble, each part with a
 * Content-Disposition "form-data" and a quoted name, optionally a filename (then it is a file)
 * and a Content-Type; other part headers are ignored; at most 8 headers of 1,024 bytes a part.
 * Text fields are checked as parse_form() checks its values (lim) and go to *fields; files go
 * to *files, at most max_file_len bytes each. Both count towards lim->max_fields. Anything
 * else (a missing or wrong boundary, a part without a name, two parts with one name, bytes
 * after the final boundary other than CRLF): KR_EINVAL; over a limit: KR_ETOOBIG. On error nothing
 * is set. */
int parse_multipart(struct arena *a, struct str body, struct str boundary,
		    const struct parse_limits *lim, size_t max_file_len, struct param **fields,
		    size_t *nfields, struct upload **files, size_t *nfiles) MUST_CHECK;

/* The param named `name` (the parsers above give each name once), or NULL. */
const struct param *param_find(const struct param *params, size_t n, const char *name);

#endif
