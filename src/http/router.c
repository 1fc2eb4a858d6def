// SPDX-License-Identifier: AGPL-3.0-or-later
/* router.c: matches a method and a path against the static route table. */
#include "http/router.h"

#define PARAM_MAX_LEN 100

/* A path we route at all: it starts with '/', holds only printable ASCII without space, and
 * (except the root "/") has no empty, "." or ".." segment. Paths are not percent-decoded, so
 * "%2e%2e" is an ordinary segment that no literal or parameter accepts as a dot segment. */
static bool
path_valid(struct str path)
{
	if (path.len == 0 || path.p[0] != '/')
		return false;
	for (size_t i = 0; i < path.len; i++) {
		unsigned char c = (unsigned char)path.p[i];
		if (c < 0x21 || c > 0x7e)
			return false;
	}
	if (path.len == 1)
		return true;
	struct str rest = { path.p + 1, path.len - 1 }, seg;
	do {
		rest = str_cut(rest, '/', &seg);
		if (seg.len == 0 || str_eq_cstr(seg, ".") || str_eq_cstr(seg, ".."))
			return false;
	} while (rest.p);
	return true;
}

/* A {name} value: 1 to 100 bytes of [A-Za-z0-9._-], not starting with '.'. */
static bool
param_valid(struct str s)
{
	if (s.len == 0 || s.len > PARAM_MAX_LEN || s.p[0] == '.')
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool
pattern_is_param(struct str seg)
{
	return seg.len >= 3 && seg.p[0] == '{' && seg.p[seg.len - 1] == '}';
}

/* Matches a valid path against one pattern, segment by segment; params gets the {name} values. */
static bool
pattern_match(const char *pattern, struct str path, struct str params[ROUTE_MAX_PARAMS])
{
	struct str pat = str_from(pattern);
	if (pat.len == 0 || pat.p[0] != '/')
		BUG("route pattern \"%s\" does not start with '/'", pattern);
	if (pat.len == 1 || path.len == 1)
		return pat.len == path.len; /* the root matches only itself */

	struct str prest = { pat.p + 1, pat.len - 1 }, rest = { path.p + 1, path.len - 1 };
	size_t np = 0;
	for (;;) {
		struct str pseg, seg;
		prest = str_cut(prest, '/', &pseg);
		rest = str_cut(rest, '/', &seg);
		if (pattern_is_param(pseg)) {
			if (np == ROUTE_MAX_PARAMS)
				BUG("route pattern \"%s\" has too many parameters", pattern);
			if (!param_valid(seg))
				return false;
			params[np++] = seg;
		} else if (!str_eq(pseg, seg)) {
			return false;
		}
		if (!prest.p || !rest.p)
			return !prest.p && !rest.p;
	}
}

/* The methods a route answers: GET routes answer HEAD as well. */
static unsigned
route_methods(const struct route *route)
{
	unsigned m = (unsigned)route->method;
	if (m & HTTP_GET)
		m |= HTTP_HEAD;
	return m;
}

int
route_match(const struct route *table, size_t n, enum http_method method, struct str path,
	    const struct route **out, struct str params[ROUTE_MAX_PARAMS], unsigned *allow)
{
	if (!path_valid(path))
		return KR_ENOTFOUND;
	unsigned want = (unsigned)method, others = 0;
	for (size_t i = 0; i < n; i++) {
		struct str got[ROUTE_MAX_PARAMS];
		for (size_t k = 0; k < ROUTE_MAX_PARAMS; k++)
			got[k] = STR_NULL;
		if (!pattern_match(table[i].pattern, path, got))
			continue;
		unsigned answers = route_methods(&table[i]);
		if (want && (answers & want) == want) {
			*out = &table[i];
			for (size_t k = 0; k < ROUTE_MAX_PARAMS; k++)
				params[k] = got[k];
			return KR_OK;
		}
		others |= answers;
	}
	if (!others)
		return KR_ENOTFOUND;
	*allow = others;
	return KR_EMETHOD;
}

void
route_allow_header(unsigned allow, char *buf, size_t size)
{
	static const struct {
		unsigned bit;
		const char *name;
	} methods[] = {
		{ HTTP_GET, "GET" },
		{ HTTP_HEAD, "HEAD" },
		{ HTTP_POST, "POST" },
	};
	if (size == 0)
		return;
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(methods); i++) {
		if (!(allow & methods[i].bit))
			continue;
		const char *sep = len ? ", " : "";
		size_t sep_len = strlen(sep), name_len = strlen(methods[i].name);
		/* A buffer too small keeps whole names only, never a cut one. */
		if (len + sep_len + name_len >= size)
			break;
		memcpy(buf + len, sep, sep_len);
		memcpy(buf + len + sep_len, methods[i].name, name_len);
		len += sep_len + name_len;
		buf[len] = '\0';
	}
}

/* Whether every path that pattern b matches is matched by pattern a as well: as many segments,
 * and each of a's is a {name} or the same literal as b's. */
static bool
pattern_covers(const char *a, const char *b)
{
	struct str ra = str_from(a), rb = str_from(b);
	if (ra.len == 1 || rb.len == 1)
		return ra.len == rb.len; /* the root covers only itself */
	ra = (struct str){ ra.p + 1, ra.len - 1 };
	rb = (struct str){ rb.p + 1, rb.len - 1 };
	for (;;) {
		struct str sa, sb;
		ra = str_cut(ra, '/', &sa);
		rb = str_cut(rb, '/', &sb);
		if (!pattern_is_param(sa) && !str_eq(sa, sb))
			return false;
		if (!ra.p || !rb.p)
			return !ra.p && !rb.p;
	}
}

int
route_table_check(const struct route *table, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &table[i];
		size_t nparams = 0;
		for (const char *p = rt->pattern; *p; p++)
			nparams += *p == '{';
		if (rt->pattern[0] != '/' || nparams > ROUTE_MAX_PARAMS || !rt->handler)
			return error("route %s: bad pattern or no handler", rt->pattern),
			       KR_EINTERNAL;
		/* Every state change is CSRF-checked: a POST route without the flag is a bug. */
		if ((rt->method & HTTP_POST) && !(rt->flags & ROUTE_CSRF))
			return error("route POST %s lacks ROUTE_CSRF", rt->pattern), KR_EINTERNAL;
		if ((rt->method & HTTP_POST) && (!rt->form || rt->max_body == 0))
			return error("route POST %s accepts no form or no body", rt->pattern),
			       KR_EINTERNAL;
		if ((rt->flags & ROUTE_MULTIPART) && rt->method != HTTP_POST)
			return error("route %s: uploads are for POST only", rt->pattern),
			       KR_EINTERNAL;
		/* Routes are matched first to last: a route that an earlier one answers for every
		 * path it has would never run. A literal before a {name} ("/admin/networks/new"
		 * before "/admin/networks/{slug}") is how a fixed page takes its place. */
		for (size_t k = 0; k < i; k++)
			if ((route_methods(&table[k]) & route_methods(rt)) &&
			    pattern_covers(table[k].pattern, rt->pattern))
				return error("route %s is hidden by the earlier route %s",
					     rt->pattern, table[k].pattern),
				       KR_EINTERNAL;
	}
	return KR_OK;
}
