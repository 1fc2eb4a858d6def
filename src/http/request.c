// SPDX-License-Identifier: AGPL-3.0-or-later
/* request.c: what handlers read of a request and how they shape the response. */
#include "http/request.h"
#include <microhttpd.h>

const char *
req_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
req_query(struct request *r, const char *name)
{
	const struct param *p = param_find(r->query, r->nquery, name);
	return p ? p->value : NULL;
}

const char *
req_form(struct request *r, const char *name)
{
	const struct param *p = param_find(r->form, r->nform, name);
	return p ? p->value : NULL;
}

const struct upload *
req_file(struct request *r, const char *name)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].name, name) == 0)
			return &r->files[i];
	return NULL;
}

const char *
cookie_wire_name(struct request *r, const char *name)
{
	return r->tls ? arena_printf(&r->arena, "__Host-%s", name) : name;
}

const char *
req_cookie(struct request *r, const char *name)
{
	const struct param *p = param_find(r->cookies, r->ncookies, cookie_wire_name(r, name));
	return p ? p->value : NULL;
}

void
resp_header(struct request *r, const char *name, const char *value)
{
	struct resp_header *h = ARENA_NEW(&r->arena, struct resp_header);
	h->name = arena_strdup(&r->arena, name);
	h->value = arena_strdup(&r->arena, value);
	/* Appended, so headers go out in the order they were set. */
	struct resp_header **tail = &r->headers;
	while (*tail)
		tail = &(*tail)->next;
	*tail = h;
}

/* A local path: one leading '/', then only the printable ASCII a URL path and query use. A
 * browser drops tabs and newlines from URLs, so "/\t/evil" would become "//evil": refused. */
static bool
local_path_ok(const char *p)
{
	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '\\' || *p == '"' || *p == '<' || *p == '>')
			return false;
	return true;
}

void
resp_redirect(struct request *r, const char *location)
{
	if (!local_path_ok(location))
		location = "/";
	r->status = 303;
	resp_header(r, "Location", location);
}

void
resp_cookie(struct request *r, const char *name, const char *value, long max_age, unsigned flags)
{
	char *v = arena_printf(
	    &r->arena, "%s=%s; Path=/; SameSite=Lax%s%s", cookie_wire_name(r, name), value,
	    (flags & COOKIE_HTTPONLY) ? "; HttpOnly" : "", r->tls ? "; Secure" : "");
	if (!(flags & COOKIE_SESSION))
		v = arena_printf(&r->arena, "%s; Max-Age=%ld", v, max_age);
	resp_header(r, "Set-Cookie", v);
}
