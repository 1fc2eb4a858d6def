/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* router.h: the static route table's types and its matcher. The table is put together from each
 * feature's src/app/<feature>/routes.c (src/app/features.c); every check a flag names runs before
 * the handler. */
#ifndef KRING_HTTP_ROUTER_H
#define KRING_HTTP_ROUTER_H

#include "base/str.h"

struct request;

enum http_method { HTTP_GET = 1, HTTP_HEAD = 2, HTTP_POST = 4 };

enum route_flag {
	ROUTE_CSRF = 1 << 0,	   /* state-changing: same-site and synchronizer token required */
	ROUTE_SIGNIN = 1 << 1,	   /* only for a signed-in person (sign-in arrives with issue 3) */
	ROUTE_RAW = 1 << 2,	   /* the handler writes a non-HTML body (assets, health) */
	ROUTE_NOLOG_PATH = 1 << 3, /* log the pattern, not the path (it may name a person) */
	/* With ROUTE_SIGNIN: also for someone who gave the password but not yet the second
	 * factor (the second-factor pages themselves). */
	ROUTE_PARTIAL = 1 << 4,
	/* With ROUTE_CSRF: also takes a multipart/form-data body (an upload); its files are in
	 * r->files, each within the max_len its name has in the form list. */
	ROUTE_MULTIPART = 1 << 5,
};

/* A parameter a route accepts in its query string or form body, with its longest value. */
struct route_param {
	const char *name;
	unsigned max_len;
};

struct route {
	enum http_method method; /* GET routes answer HEAD as well */
	/* Literal segments and {name} segments; a {name} matches one segment of 1 to 100 bytes of
	 * [A-Za-z0-9._-] that does not start with '.'. */
	const char *pattern;
	int (*handler)(struct request *r);
	unsigned flags;
	unsigned roles;	 /* 0: anyone; role bits arrive with issue 3 */
	size_t max_body; /* 0: no body accepted */
	const struct route_param
	    *query; /* accepted query parameters, ended by {NULL, 0}; NULL: none */
	const struct route_param *form; /* accepted form fields, ended by {NULL, 0}; NULL: none */
};

#define ROUTE_MAX_PARAMS 4

/* Finds the route for method and path. KR_OK: *out is the route and params[0..] the values of
 * its {name} segments in order. KR_EMETHOD: the path exists for other methods, whose bits are
 * in *allow. KR_ENOTFOUND: no route has this path (also for malformed paths: empty segments,
 * "." or "..", bytes outside the printable ASCII range). */
int route_match(const struct route *table, size_t n, enum http_method method, struct str path,
		const struct route **out, struct str params[ROUTE_MAX_PARAMS],
		unsigned *allow) MUST_CHECK;

/* Checks a table once at start: patterns start with '/', have at most ROUTE_MAX_PARAMS
 * parameters and a handler; every POST route has ROUTE_CSRF, a form list and a body limit; no
 * route is hidden by an earlier one that answers the same method for every path it matches.
 * KR_EINTERNAL (logged) names the first bad route. */
int route_table_check(const struct route *table, size_t n) MUST_CHECK;

/* Fills buf with the Allow header value for the bits in allow, e.g. "GET, HEAD". */
void route_allow_header(unsigned allow, char *buf, size_t size);

#endif
