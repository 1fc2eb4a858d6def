// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_route.c: libFuzzer harness for route_match() and route_allow_header() over a table shaped
 * like the real one. The first byte chooses the method (and a buffer size for the Allow header);
 * the rest is the path. A match rebuilds the path exactly from its pattern and parameters, its
 * parameters are well-formed, and failures leave the outputs alone. */
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct route table[] = {
	{ .method = HTTP_GET, .pattern = "/" },
	{ .method = HTTP_GET, .pattern = "/preferences" },
	{ .method = HTTP_POST, .pattern = "/preferences", .flags = ROUTE_CSRF },
	{ .method = HTTP_GET, .pattern = "/n/{slug}" },
	{ .method = HTTP_GET, .pattern = "/n/{slug}/events/{id}" },
	{ .method = HTTP_GET, .pattern = "/static/{version}/{file}", .flags = ROUTE_RAW },
	{ .method = HTTP_GET, .pattern = "/healthz", .flags = ROUTE_RAW },
};

static const enum http_method methods[] = { HTTP_GET, HTTP_HEAD, HTTP_POST, 0 };

static bool
param_ok(struct str s)
{
	if (!s.p || s.len == 0 || s.len > 100 || s.p[0] == '.')
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Rebuilds the path the route matched from its pattern and parameters; they must add up. */
static void
check_match(const struct route *r, const struct str params[ROUTE_MAX_PARAMS], struct str path)
{
	const char *pat = r->pattern;
	size_t at = 0, np = 0;
	while (*pat) {
		if (*pat == '{') {
			const char *end = strchr(pat, '}');
			if (!end || np == ROUTE_MAX_PARAMS || !param_ok(params[np]))
				abort();
			struct str v = params[np++];
			if (v.p != path.p + at || at + v.len > path.len)
				abort();
			at += v.len;
			pat = end + 1;
		} else {
			if (at >= path.len || path.p[at] != *pat)
				abort();
			at++;
			pat++;
		}
	}
	if (at != path.len)
		abort();
	for (; np < ROUTE_MAX_PARAMS; np++)
		if (params[np].p || params[np].len)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum http_method method = methods[data[0] % ARRAY_SIZE(methods)];
	size_t bufsize = data[0] >> 2;
	struct str path = { (const char *)data + 1, size - 1 };

	const struct route *r = NULL;
	struct str params[ROUTE_MAX_PARAMS];
	for (size_t i = 0; i < ROUTE_MAX_PARAMS; i++)
		params[i] = STR_LIT("sentinel");
	unsigned allow = 1u << 20;
	int err = route_match(table, ARRAY_SIZE(table), method, path, &r, params, &allow);

	switch (err) {
	case KR_OK: {
		if (r < table || r >= table + ARRAY_SIZE(table) || allow != 1u << 20)
			abort();
		unsigned answers = r->method | (r->method & HTTP_GET ? HTTP_HEAD : 0);
		if (!method || !(answers & method))
			abort();
		check_match(r, params, path);
		break;
	}
	case KR_EMETHOD:
		if (r || !allow || (allow & ~(unsigned)(HTTP_GET | HTTP_HEAD | HTTP_POST)) ||
		    (method && (allow & method)) || ((allow & HTTP_GET) && !(allow & HTTP_HEAD)))
			abort();
		break;
	case KR_ENOTFOUND:
		if (r || allow != 1u << 20)
			abort();
		break;
	default:
		abort();
	}
	if (err != KR_OK)
		for (size_t i = 0; i < ROUTE_MAX_PARAMS; i++)
			if (!str_eq_cstr(params[i], "sentinel"))
				abort();

	/* The Allow header fits whatever buffer it gets and stays a prefix of the whole. */
	char full[64], buf[64];
	route_allow_header(allow, full, sizeof(full));
	memset(buf, 'x', sizeof(buf));
	route_allow_header(allow, buf, bufsize);
	if (bufsize) {
		size_t len = strnlen(buf, bufsize);
		if (len >= bufsize || strncmp(buf, full, len) != 0)
			abort();
	} else if (buf[0] != 'x') {
		abort();
	}
	return 0;
}
