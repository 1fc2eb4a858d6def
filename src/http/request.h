/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* request.h: one HTTP request and the response being built for it, as handlers see them.
 * Everything hangs off the request's arena, released when the request completes. Handlers
 * write the body into r->out and return KR_OK, or return an error code, which the server turns
 * into the matching error page (http_status_of() is the one mapping). */
#ifndef KRING_HTTP_REQUEST_H
#define KRING_HTTP_REQUEST_H

#include "base/arena.h"
#include "base/strbuf.h"
#include "http/parse.h"
#include "http/router.h"

struct app;
struct MHD_Connection;

/* The display preferences every page honours; before sign-in they live in a cookie. */
enum pref_text { PREF_TEXT_NORMAL, PREF_TEXT_LARGE, PREF_TEXT_LARGER, PREF_TEXT_LARGEST };
enum pref_theme { PREF_THEME_SYSTEM, PREF_THEME_LIGHT, PREF_THEME_DARK };
enum pref_lang { PREF_LANG_AUTO, PREF_LANG_NL, PREF_LANG_EN };

struct prefs {
	enum pref_text text;
	enum pref_theme theme;
	enum pref_lang lang;
	bool dyslexic_font;
	bool low_stimulus;
	bool high_contrast;
	bool reduce_motion;
};

struct resp_header {
	struct resp_header *next;
	const char *name;
	const char *value;
};

struct request {
	struct arena arena;
	struct app *app;
	struct MHD_Connection *conn;
	const char *origin; /* "http://host:port" as the client addressed us, for CSRF checks */

	enum http_method method;
	const char *path;     /* as sent, without the query string */
	struct str raw_query; /* the bytes after '?', never logged */
	struct param *query;
	size_t nquery;
	struct param *form;
	size_t nform;
	struct upload *files; /* with ROUTE_MULTIPART */
	size_t nfiles;
	struct param *cookies;
	size_t ncookies;
	const struct route *route;
	struct str params[ROUTE_MAX_PARAMS];
	bool tls;	/* served over TLS (directly, or by a trusted proxy) */
	bool head_only; /* a HEAD request: the body is built, then dropped */

	/* The signed-in person, set by the application's on_request hook from the session. */
	int64_t user_id;	 /* 0: nobody (or the second factor is still to come) */
	unsigned roles;		 /* role bits (src/app/auth/auth.h), checked against route->roles */
	const char *user_name;	 /* for the page header */
	int64_t partial_user_id; /* signed in with a password, the second factor still to come */
	const char *client_ip;	 /* the peer's address as text, for throttling; never logged */
	bool from_trusted_proxy; /* the peer is one of the configured trusted proxies */

	const char *lang; /* "nl" or "en": from the preference, else Accept-Language, else "nl" */
	struct prefs prefs;
	const char *csrf_token; /* the synchronizer token that forms on this page carry */
	bool error_page;	/* the body is an error page: no navigation item is current */

	/* The response. */
	int status;
	const char *content_type;
	struct strbuf out;
	struct resp_header *headers;
	bool body_is_static; /* out_static/out_static_len point to static bytes (assets) */
	const void *out_static;
	size_t out_static_len;
};

/* A request header's value, or NULL. */
const char *req_header(struct request *r, const char *name);
/* A query parameter or form field (only the route's accepted ones exist), or NULL. */
const char *req_query(struct request *r, const char *name);
const char *req_form(struct request *r, const char *name);
const char *req_cookie(struct request *r, const char *name);
/* A file sent with a multipart form under this field name, or NULL. */
const struct upload *req_file(struct request *r, const char *name);

/* Adds a response header; name and value are copied into the arena. */
void resp_header(struct request *r, const char *name, const char *value);
/* A 303 See Other to a local path: anything but a single '/' followed by printable ASCII
 * (no spaces, backslashes or control bytes) redirects to "/" instead, so no redirect can leave
 * the site. */
void resp_redirect(struct request *r, const char *location);

enum cookie_flag { COOKIE_HTTPONLY = 1, COOKIE_SESSION = 2 /* no Max-Age */ };
/* Sets a cookie with Path=/ and SameSite=Lax, Secure and the __Host- prefix over TLS.
 * `name` is the name without prefix; req_cookie() takes the same name. */
void resp_cookie(struct request *r, const char *name, const char *value, long max_age,
		 unsigned flags);

/* The name of a cookie as sent over this connection (with __Host- over TLS). */
const char *cookie_wire_name(struct request *r, const char *name);

#endif
