// SPDX-License-Identifier: AGPL-3.0-or-later
/* server.c: a request's path through Kring, on libmicrohttpd. The only file besides
 * request.c that includes <microhttpd.h>.
 *
 *   uri_log()        request line read: a context with its arena is made
 *   handle() first   headers read: header limit, routing, 405/404, Content-Length limit
 *   handle() more    body chunks appended under the route's cap
 *   handle() last    query/cookie/form parsing, parameter checks, CSRF, the handler, headers
 *   completed()      access-log line (buffered per thread), arena released
 *
 * libmicrohttpd has one inactivity timeout; the header-read timeout is ours: a reaper thread
 * shuts down connections that have not completed their request headers in time, and writes out
 * the access-log lines that waited a second in the threads' buffers. */
#include "http/server.h"
#include "base/log.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/socket.h>

#define FORM_MAX_FIELDS	   64
#define MULTIPART_MAX_TEXT 4096 /* a text field beside an upload */
#define CSRF_COOKIE	   "csrf"
#define CSRF_COOKIE_LEN	   43	/* 32 random bytes, base64url without padding */
#define HTTP_METHOD_OTHER  0x80 /* a method no route has: the router answers 405 or 404 */
/* libmicrohttpd's memory per connection: the read buffer (it starts at half of this and grows),
 * the request's header records and the response's headers. It zeroes all of it after every
 * request, so it costs CPU by its size: at 64 KiB that memset was 7% of /healthz. 32 KiB keeps
 * Kring's own 431 page well past max_header_bytes (8 KiB): up to about 28 KB in one header, 20 KB
 * in 200-byte headers, 300 short headers (each header also takes a record in the pool); past
 * that the library answers 431 itself or closes the connection. 16 KiB gave up Kring's page
 * from 12 KB in 200-byte headers or 200 short ones. tests/http/test_errors.py checks it. */
#define POOL_BYTES (32 * 1024)

struct conn_rec {
	struct conn_rec *prev, *next;
	int fd;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	int64_t phase_start; /* when waiting for request headers began, in ms */
	bool awaiting_headers;
	bool shut;
};

struct server {
	struct MHD_Daemon *d;
	struct server_config cfg;
	pthread_mutex_t lock; /* guards conns */
	struct conn_rec *conns;
	pthread_t reaper;
	bool reaper_started;
	int stopping;
	int inflight;
	char *tls_cert_pem, *tls_key_pem;
	/* HMAC of the CSRF key, keyed once at start: a token then costs the two final hashes
	 * only, not the two of keying too (a tenth of a page's instructions). */
	crypto_auth_hmacsha512256_state csrf_mac;
};

enum stage { STAGE_NEW, STAGE_BODY, STAGE_DONE };

struct req_ctx {
	struct request r;
	struct server *s;
	enum stage stage;
	int64_t t0;
	const char *raw_uri;
	const char *wire_uri; /* libmicrohttpd's own buffer, for target_has_nul() */
	size_t wire_uri_len;
	const char *method_name; /* for the log: a plain token, else "OTHER" */
	bool path_known;	 /* the path exists (a 405): it may be logged */
	bool on_request_ran;
	bool handler_ran;
	struct resp_header **handler_mark; /* the link after the last header set before it */
	struct strbuf body;
	bool body_too_big;
	size_t max_body;
};

int
http_status_of(int err)
{
	switch (err) {
	case KR_OK:
		return 200;
	case KR_EINVAL:
		return 400;
	case KR_EFORBIDDEN:
		return 403;
	case KR_ENOTFOUND:
		return 404;
	case KR_EMETHOD:
		return 405;
	case KR_ECONFLICT:
		return 409;
	case KR_ETOOBIG:
		return 413;
	case KR_EHEADERS:
		return 431;
	case KR_ESIGNIN:
		return 303;
	case KR_ETHROTTLED:
		return 429;
	case KR_ENOTIMPL:
		return 501;
	case KR_EUNAVAIL:
		return 503;
	default:
		return 500;
	}
}

/* ---- connections and the header-read timeout ---- */

static struct conn_rec *
conn_rec_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void
notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn_rec *rec = xcalloc(1, sizeof(*rec));
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		rec->fd = ci ? ci->connect_fd : -1;
		rec->peer_len = sizeof(rec->peer);
		if (rec->fd < 0 ||
		    getpeername(rec->fd, (struct sockaddr *)&rec->peer, &rec->peer_len) != 0)
			rec->peer_len = 0;
		rec->phase_start = time_mono_ms();
		rec->awaiting_headers = true;
		pthread_mutex_lock(&s->lock);
		rec->next = s->conns;
		if (s->conns)
			s->conns->prev = rec;
		s->conns = rec;
		pthread_mutex_unlock(&s->lock);
		*socket_context = rec;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct conn_rec *rec = *socket_context;
		if (!rec)
			return;
		pthread_mutex_lock(&s->lock);
		if (rec->prev)
			rec->prev->next = rec->next;
		else
			s->conns = rec->next;
		if (rec->next)
			rec->next->prev = rec->prev;
		pthread_mutex_unlock(&s->lock);
		free(rec);
		*socket_context = NULL;
	}
}

/* Shuts down connections that are too slow with their headers. The peer address is checked
 * again first, so a descriptor that was closed and reused is never touched. */
static void *
reaper_main(void *arg)
{
	struct server *s = arg;
	int64_t limit = (int64_t)s->cfg.header_timeout * 1000;
	while (!__atomic_load_n(&s->stopping, __ATOMIC_ACQUIRE)) {
		usleep(200 * 1000);
		/* The access log waits at most a second in the threads' buffers. */
		log_flush_older_than(1000 - 200);
		int64_t now = time_mono_ms();
		pthread_mutex_lock(&s->lock);
		for (struct conn_rec *rec = s->conns; rec; rec = rec->next) {
			if (!__atomic_load_n(&rec->awaiting_headers, __ATOMIC_ACQUIRE) ||
			    rec->shut || rec->fd < 0 ||
			    now - __atomic_load_n(&rec->phase_start, __ATOMIC_ACQUIRE) < limit)
				continue;
			struct sockaddr_storage peer;
			socklen_t len = sizeof(peer);
			if (getpeername(rec->fd, (struct sockaddr *)&peer, &len) != 0 ||
			    len != rec->peer_len || memcmp(&peer, &rec->peer, len) != 0)
				continue;
			shutdown(rec->fd, SHUT_RDWR);
			rec->shut = true;
		}
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

/* ---- requests ---- */

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *s = cls;
	struct req_ctx *ctx = xcalloc(1, sizeof(*ctx));
	ctx->s = s;
	ctx->t0 = time_mono_ms();
	arena_init(&ctx->r.arena);
	ctx->raw_uri = arena_strdup(&ctx->r.arena, uri ? uri : "");
	ctx->wire_uri = uri;
	ctx->wire_uri_len = uri ? strlen(uri) : 0;
	ctx->method_name = "OTHER";
	ctx->r.conn = conn;
	ctx->r.app = s->cfg.app;
	ctx->r.tls = s->cfg.tls_cert != NULL;
	strbuf_init(&ctx->r.out, 0);
	strbuf_init(&ctx->body, 1);
	__atomic_add_fetch(&s->inflight, 1, __ATOMIC_ACQ_REL);
	return ctx;
}

/* True when the request target held a NUL byte, which libmicrohttpd 0.9.75 lets through: it
 * hands us the target as a C string, so "GET /\0x" looks like "GET /". In 0.9.75 the target
 * and the HTTP version lie in one buffer, the request line, with one byte (the space, made a
 * NUL) between them, so the version must begin just after the string we were given. This
 * depends on that layout, hence the exact version; tests/robust/run.py and
 * tests/http/test_errors.py check it with a raw NUL. */
static bool
target_has_nul(const struct req_ctx *ctx, const char *version)
{
#if MHD_VERSION == 0x00097500
	if (!ctx->wire_uri || !version || !*version)
		return false;
	uintptr_t uri = (uintptr_t)ctx->wire_uri, ver = (uintptr_t)version;
	if (ver <= uri || ver - uri > 1024 * 1024)
		return false; /* not the layout described above: nothing can be said */
	return ver - uri != ctx->wire_uri_len + 1;
#else
	/* Another library: its buffer layout is unknown, so this check is not made; the raw NUL
	 * case of the robust suite shows whether the library refuses the request itself. */
	(void)ctx;
	(void)version;
	return false;
#endif
}

static enum http_method
method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return HTTP_GET;
	if (strcmp(m, "HEAD") == 0)
		return HTTP_HEAD;
	if (strcmp(m, "POST") == 0)
		return HTTP_POST;
	return (enum http_method)HTTP_METHOD_OTHER;
}

struct header_scan {
	size_t bytes;
	int content_lengths;
	const char *content_length;
	bool conflicting_length;
	bool bad_bytes;
	bool bad_name; /* a name that is not an RFC 9110 token, e.g. "X-A " from "X-A : b" */
	int hosts;
	int transfer_encodings;
	bool te_not_chunked; /* a transfer coding other than chunked: 501 */
	int te_chunked;	     /* how often chunked was named */
};

/* RFC 9110 5.6.2: token = 1*tchar. */
static bool
is_token(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("!#$%&'*+-.^_`|~", c)))
			return false;
	}
	return true;
}

/* One Transfer-Encoding header: a list of codings (RFC 9112 6.1), each possibly with
 * parameters. Kring decodes chunked only. */
static void
scan_transfer_encoding(struct header_scan *hs, const char *value)
{
	struct str rest = str_from(value), item;
	do {
		rest = str_cut(rest, ',', &item);
		item = str_trim(item);
		if (!item.len)
			continue; /* an empty list element (RFC 9110 5.6.1) */
		if (str_eq_nocase(item, "chunked"))
			hs->te_chunked++;
		else
			hs->te_not_chunked = true; /* gzip, or chunked with parameters it has not */
	} while (rest.p);
}

static enum MHD_Result
scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct header_scan *hs = cls;
	size_t vlen = value ? strlen(value) : 0;
	hs->bytes += strlen(key) + vlen + 4;
	for (size_t i = 0; i < vlen; i++)
		if (((unsigned char)value[i] < 0x20 && value[i] != '\t') || value[i] == 0x7f)
			hs->bad_bytes = true;
	if (!is_token(key))
		hs->bad_name = true;
	if (strcasecmp(key, "Host") == 0)
		hs->hosts++;
	if (strcasecmp(key, "Transfer-Encoding") == 0) {
		hs->transfer_encodings++;
		scan_transfer_encoding(hs, value ? value : "");
	}
	if (strcasecmp(key, "Content-Length") == 0) {
		if (hs->content_lengths++ && value && hs->content_length &&
		    strcmp(value, hs->content_length) != 0)
			hs->conflicting_length = true;
		hs->content_length = value;
	}
	return MHD_YES;
}

/* What the header lines say about the request as a whole, before any routing: KR_OK, or the
 * error that answers it. */
static int
headers_check(const struct header_scan *hs, size_t max_bytes)
{
	if (hs->bytes > max_bytes)
		return KR_EHEADERS;
	if (hs->conflicting_length || hs->bad_bytes || hs->bad_name || hs->hosts > 1)
		return KR_EINVAL;
	if (hs->transfer_encodings) {
		/* RFC 9112 6.3: both framings at once is how requests are smuggled. */
		if (hs->content_lengths)
			return KR_EINVAL;
		if (hs->te_not_chunked)
			return KR_ENOTIMPL;
		if (hs->te_chunked != 1)
			return KR_EINVAL; /* chunked must not be applied twice (RFC 9112 7) */
	}
	return KR_OK;
}

static bool
params_allowed(const struct param *p, size_t n, const struct route_param *allowed)
{
	for (size_t i = 0; i < n; i++) {
		const struct route_param *a = allowed;
		while (a && a->name && strcmp(a->name, p[i].name) != 0)
			a++;
		if (!a || !a->name || p[i].value_len > a->max_len)
			return false;
	}
	return true;
}

/* Same-site check: Sec-Fetch-Site when the browser sends it, else Origin must be ours. */
static bool
same_site(struct request *r)
{
	const char *sfs = req_header(r, "Sec-Fetch-Site");
	if (sfs)
		return strcmp(sfs, "same-origin") == 0 || strcmp(sfs, "none") == 0;
	const char *origin = req_header(r, "Origin");
	if (!origin)
		return true; /* not a browser, or an old one: the token still has to match */
	return r->origin && strcmp(origin, r->origin) == 0;
}

/* The CSRF form token that belongs to a csrf cookie value and the session cookie (NULL when
 * signed out): base64url of an HMAC, from a state already keyed with the CSRF key. */
static void
csrf_token_keyed(const crypto_auth_hmacsha512256_state *keyed, const char *cookie,
		 const char *session, char *out, size_t size)
{
	/* Bound to the session too, so a token from before sign-in (or from another session)
	 * is worthless after it. */
	unsigned char mac[crypto_auth_BYTES];
	crypto_auth_hmacsha512256_state st = *keyed;
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)cookie, strlen(cookie));
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)"|", 1);
	if (session)
		crypto_auth_hmacsha512256_update(&st, (const unsigned char *)session,
						 strlen(session));
	crypto_auth_hmacsha512256_final(&st, mac);
	sodium_bin2base64(out, size, mac, sizeof(mac), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(&st, sizeof(st));
}

static bool
csrf_cookie_ok(const char *v)
{
	if (!v || strlen(v) != CSRF_COOKIE_LEN)
		return false;
	for (const char *p = v; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* Gives r its synchronizer token, setting a new csrf cookie when it has none. */
static void
csrf_prepare(struct server *s, struct request *r, bool may_set)
{
	const char *cookie = req_cookie(r, CSRF_COOKIE);
	if (!csrf_cookie_ok(cookie)) {
		if (!may_set)
			return;
		unsigned char raw[32];
		char *fresh = arena_alloc(&r->arena, CSRF_COOKIE_LEN + 1);
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(fresh, CSRF_COOKIE_LEN + 1, raw, sizeof(raw),
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		resp_cookie(r, CSRF_COOKIE, fresh, 0, COOKIE_HTTPONLY | COOKIE_SESSION);
		cookie = fresh;
	}
	char *token = arena_alloc(&r->arena, 64);
	csrf_token_keyed(&s->csrf_mac, cookie, req_cookie(r, SESSION_COOKIE), token, 64);
	r->csrf_token = token;
}

static bool
csrf_check(struct server *s, struct request *r)
{
	if (!same_site(r))
		return false;
	const char *cookie = req_cookie(r, CSRF_COOKIE);
	const char *sent = req_form(r, "csrf");
	if (!csrf_cookie_ok(cookie) || !sent)
		return false;
	char want[64];
	csrf_token_keyed(&s->csrf_mac, cookie, req_cookie(r, SESSION_COOKIE), want, sizeof(want));
	size_t n = strlen(want);
	return strlen(sent) == n && sodium_memcmp(want, sent, n) == 0;
}

static void
add_security_headers(struct MHD_Response *resp, struct request *r)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; script-src 'self'; style-src 'self'; "
				"img-src 'self'; font-src 'self'; form-action 'self'; "
				"frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=(), interest-cohort=()");
	if (r->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=63072000; includeSubDomains");
}

static enum MHD_Result
respond(struct req_ctx *ctx)
{
	struct request *r = &ctx->r;
	struct MHD_Response *resp;
	ctx->stage = STAGE_DONE;
	if (ctx->on_request_ran && ctx->s->cfg.on_response)
		ctx->s->cfg.on_response(r);
	if (!r->body_is_static && !strbuf_ok(&r->out)) {
		log_msg(LOG_ERROR, "response body over its cap for %s", r->path ? r->path : "?");
		strbuf_release(&r->out);
		strbuf_addstr(&r->out, "500 Internal Server Error\n");
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
	}
	if (r->body_is_static) {
		resp = MHD_create_response_from_buffer(
		    r->out_static_len, (void *)(uintptr_t)r->out_static, MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len;
		char *body = strbuf_detach(&r->out, &len);
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	}
	if (!resp)
		return MHD_NO;
	add_security_headers(resp, r);
	bool have_cache = false;
	for (struct resp_header *h = r->headers; h; h = h->next) {
		MHD_add_response_header(resp, h->name, h->value);
		if (strcasecmp(h->name, "Cache-Control") == 0)
			have_cache = true;
	}
	if (!have_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Turns err into the error page (or plain text for raw routes) and sends it. */
static enum MHD_Result
respond_error(struct req_ctx *ctx, int err, unsigned allow)
{
	struct request *r = &ctx->r;
	r->status = http_status_of(err);
	r->body_is_static = false;
	strbuf_release(&r->out);
	/* Drop whatever the handler set (an error changes nothing, not even a cookie); keep the
	 * cookies set before it ran: the csrf cookie, a session the sign-in proxy made. */
	if (ctx->handler_mark) {
		*ctx->handler_mark = NULL;
	} else if (ctx->handler_ran) {
		r->headers = NULL;
	}
	struct resp_header **link = &r->headers;
	while (*link) {
		if (strcasecmp((*link)->name, "Set-Cookie") != 0)
			*link = (*link)->next;
		else
			link = &(*link)->next;
	}
	if (err == KR_ESIGNIN) {
		/* Back to this page after signing in, when it can be asked for again (GET). */
		const char *next = r->method == HTTP_GET ? r->path : "/";
		struct strbuf loc;
		strbuf_init(&loc, 2048);
		strbuf_addstr(&loc, "/sign-in?next=");
		for (const char *p = next; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
				strbuf_addch(&loc, *p);
			else
				strbuf_addf(&loc, "%%%02X", (unsigned char)*p);
		}
		resp_redirect(r, strbuf_ok(&loc) ? loc.buf : "/sign-in");
		strbuf_release(&loc);
		r->content_type = "text/plain; charset=utf-8";
		return respond(ctx);
	}
	if (err == KR_EMETHOD) {
		char allow_buf[64];
		route_allow_header(allow, allow_buf, sizeof(allow_buf));
		resp_header(r, "Allow", allow_buf);
	}
	if (ctx->s->cfg.render_error && !(r->route && (r->route->flags & ROUTE_RAW))) {
		r->content_type = "text/html; charset=utf-8";
		ctx->s->cfg.render_error(r, err);
	} else {
		r->content_type = "text/plain; charset=utf-8";
		strbuf_addf(&r->out, "%d %s\n", r->status, kr_err_name(err));
	}
	return respond(ctx);
}

/* True when ip is one of the comma-separated addresses in list. */
static bool
peer_is_trusted(const char *list, const char *ip)
{
	struct str rest = str_from(list);
	size_t n = strlen(ip);
	while (list && rest.len) {
		struct str item;
		rest = str_cut(rest, ',', &item);
		item = str_trim(item);
		if (item.len == n && memcmp(item.p, ip, n) == 0)
			return true;
		if (!rest.p)
			break;
	}
	return false;
}

static int
prepare_request(struct req_ctx *ctx)
{
	struct server *s = ctx->s;
	struct request *r = &ctx->r;
	int err = parse_query(&r->arena, r->raw_query, &r->query, &r->nquery);
	if (err)
		return KR_EINVAL;
	if (!params_allowed(r->query, r->nquery, r->route->query))
		return KR_EINVAL;
	const char *cookie_header =
	    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
	if (cookie_header &&
	    parse_cookies(&r->arena, str_from(cookie_header), &r->cookies, &r->ncookies))
		return KR_EINVAL;
	if (r->client_ip && peer_is_trusted(s->cfg.trusted_proxies, r->client_ip)) {
		/* Behind a trusted proxy: its word on the scheme and the client counts. */
		r->from_trusted_proxy = true;
		const char *proto = req_header(r, "X-Forwarded-Proto");
		if (proto && strcasecmp(proto, "https") == 0)
			r->tls = true;
		const char *xff = req_header(r, "X-Forwarded-For");
		if (xff) {
			const char *last = strrchr(xff, ',');
			struct str ip = str_trim(str_from(last ? last + 1 : xff));
			if (ip.len > 0 && ip.len < 64)
				r->client_ip = arena_strndup(&r->arena, ip.p, ip.len);
		}
	}
	const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
	if (host)
		r->origin = arena_printf(&r->arena, "%s://%s", r->tls ? "https" : "http", host);
	ctx->on_request_ran = s->cfg.on_request != NULL;
	if (s->cfg.on_request && (err = s->cfg.on_request(r)))
		return err;
	/* Who may use the route: checked here, before any handler, for every route. */
	if ((r->route->flags & ROUTE_SIGNIN) && !r->user_id &&
	    !((r->route->flags & ROUTE_PARTIAL) && r->partial_user_id))
		return KR_ESIGNIN;
	if (r->route->roles && !(r->roles & r->route->roles))
		return KR_EFORBIDDEN;
	if (r->method == HTTP_POST) {
		if (ctx->body_too_big)
			return KR_ETOOBIG;
		const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_TYPE);
		struct parse_limits lim = { FORM_MAX_FIELDS, 64, ctx->max_body };
		struct str boundary;
		if ((r->route->flags & ROUTE_MULTIPART) && ct &&
		    multipart_boundary(str_from(ct), &boundary) == KR_OK) {
			/* An upload: text fields as in a form, files beside them. */
			lim.max_value_len = MULTIPART_MAX_TEXT;
			err = parse_multipart(&r->arena, strbuf_view(&ctx->body), boundary, &lim,
					      ctx->max_body, &r->form, &r->nform, &r->files,
					      &r->nfiles);
			if (err)
				return err == KR_ETOOBIG ? KR_ETOOBIG : KR_EINVAL;
			for (size_t i = 0; i < r->nfiles; i++) {
				struct param as_param = { r->files[i].name, "", 0 };
				if (!params_allowed(&as_param, 1, r->route->form))
					return KR_EINVAL;
				as_param.value_len = r->files[i].len;
				if (!params_allowed(&as_param, 1, r->route->form))
					return KR_ETOOBIG;
			}
		} else {
			if (ctx->body.len &&
			    (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0))
				return KR_EINVAL;
			if (parse_form(&r->arena, strbuf_view(&ctx->body), &lim, &r->form,
				       &r->nform))
				return KR_EINVAL;
		}
		if (!params_allowed(r->form, r->nform, r->route->form))
			return KR_EINVAL;
	}
	csrf_prepare(s, r, !(r->route->flags & ROUTE_RAW));
	if ((r->route->flags & ROUTE_CSRF) && !csrf_check(s, r))
		return KR_EFORBIDDEN;
	return KR_OK;
}

static enum MHD_Result
run_request(struct req_ctx *ctx)
{
	struct request *r = &ctx->r;
	int err = prepare_request(ctx);
	if (err)
		return respond_error(ctx, err, 0);
	r->status = 200;
	if (!(r->route->flags & ROUTE_RAW))
		r->content_type = "text/html; charset=utf-8";
	/* Remember where the handler's headers begin, to drop them if it fails. */
	struct resp_header *last = r->headers;
	while (last && last->next)
		last = last->next;
	ctx->handler_mark = last ? &last->next : NULL;
	ctx->handler_ran = true;
	err = r->route->handler(r);
	if (!err && ctx->s->cfg.on_handled)
		err = ctx->s->cfg.on_handled(r);
	if (err)
		return respond_error(ctx, err, 0);
	return respond(ctx);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct req_ctx *ctx = *con_cls;
	if (!ctx)
		return MHD_NO;
	struct request *r = &ctx->r;

	if (ctx->stage == STAGE_BODY) {
		if (*upload_data_size) {
			if (!ctx->body_too_big &&
			    *upload_data_size <= ctx->max_body - ctx->body.len)
				strbuf_add(&ctx->body, upload_data, *upload_data_size);
			else
				ctx->body_too_big = true;
			*upload_data_size = 0;
			return MHD_YES;
		}
		return run_request(ctx);
	}
	if (ctx->stage == STAGE_DONE)
		return MHD_YES;

	struct conn_rec *rec = conn_rec_of(conn);
	if (rec) {
		__atomic_store_n(&rec->awaiting_headers, false, __ATOMIC_RELEASE);
		char ip[INET6_ADDRSTRLEN] = "";
		if (rec->peer.ss_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&rec->peer)->sin_addr, ip,
				  sizeof(ip));
		else if (rec->peer.ss_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&rec->peer)->sin6_addr, ip,
				  sizeof(ip));
		r->client_ip = arena_strdup(&r->arena, ip);
	}

	/* The path as sent: libmicrohttpd's url is already percent-decoded, ours is not, so
	 * "/%2e%2e/" stays what it is and matches nothing. */
	const char *q = strchr(ctx->raw_uri, '?');
	if (q) {
		r->path = arena_strndup(&r->arena, ctx->raw_uri, (size_t)(q - ctx->raw_uri));
		r->raw_query = (struct str){ q + 1, strlen(q + 1) };
	} else {
		r->path = ctx->raw_uri;
	}
	r->method = method_of(method);
	ctx->method_name = "OTHER";
	size_t mlen = strlen(method);
	if (mlen >= 1 && mlen <= 16 && strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == mlen)
		ctx->method_name = arena_strdup(&r->arena, method);
	r->head_only = r->method == HTTP_HEAD;
	r->status = 200;

	struct header_scan hs = { 0 };
	MHD_get_connection_values(conn, MHD_HEADER_KIND, scan_header, &hs);
	int err = headers_check(&hs, s->cfg.max_header_bytes);
	if (!err && target_has_nul(ctx, version))
		err = KR_EINVAL;
	if (err)
		return respond_error(ctx, err, 0);

	unsigned allow = 0;
	err = route_match(s->cfg.routes, s->cfg.nroutes, r->method, str_from(r->path), &r->route,
			  r->params, &allow);
	ctx->path_known = err == KR_EMETHOD;
	if (err)
		return respond_error(ctx, err, allow);

	ctx->max_body = r->route->max_body;
	if (hs.content_length) {
		long cl = 0;
		if (str_to_long(str_from(hs.content_length), 0, 1L << 40, &cl))
			return respond_error(ctx, KR_EINVAL, 0);
		if ((size_t)cl > ctx->max_body)
			return respond_error(ctx, KR_ETOOBIG, 0);
	}
	if (r->method != HTTP_POST &&
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding"))
		return respond_error(ctx, KR_ETOOBIG, 0);
	/* Answer on the next call, once libmicrohttpd has the whole request: a response queued
	 * now counts as "early" and would cost the connection its keep-alive. */
	strbuf_init(&ctx->body, ctx->max_body ? ctx->max_body : 1);
	ctx->stage = STAGE_BODY;
	return MHD_YES;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	  enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct req_ctx *ctx = *con_cls;
	if (!ctx)
		return;
	struct request *r = &ctx->r;
	int64_t ms = time_mono_ms() - ctx->t0;
	/* The path only when it names a route (never the query string): an unknown path may hold
	 * anything a person typed, e-mail addresses included. */
	const char *path = "(unknown path)";
	if (r->route)
		path = (r->route->flags & ROUTE_NOLOG_PATH) ? r->route->pattern : r->path;
	else if (ctx->path_known)
		path = r->path;
	const char *m = ctx->method_name;
	/* Buffered per thread: one write() per request was a cost of its own (log_buffered()). */
	if (ctx->stage == STAGE_DONE)
		log_buffered("%s %s %d %lldms", m, path, r->status, (long long)ms);
	else
		log_buffered("%s %s aborted %lldms", m, path, (long long)ms);
	arena_release(&r->arena);
	strbuf_release(&r->out);
	strbuf_release(&ctx->body);
	free(ctx);
	*con_cls = NULL;
	struct conn_rec *rec = conn_rec_of(conn);
	if (rec) {
		__atomic_store_n(&rec->phase_start, time_mono_ms(), __ATOMIC_RELEASE);
		__atomic_store_n(&rec->awaiting_headers, true, __ATOMIC_RELEASE);
	}
	__atomic_sub_fetch(&s->inflight, 1, __ATOMIC_ACQ_REL);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

static int
parse_listen(const char *listen, struct sockaddr_storage *ss)
{
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return error("--listen wants HOST:PORT, e.g. 127.0.0.1:8080"), KR_EINVAL;
	size_t hlen = (size_t)(colon - listen);
	char host[128];
	if (hlen >= sizeof(host))
		return error("--listen: host too long"), KR_EINVAL;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		memmove(host, host + 1, hlen - 2);
		host[hlen - 2] = '\0';
	}
	long port = 0;
	if (str_to_long(str_from(colon + 1), 0, 65535, &port))
		return error("--listen: bad port in %s", listen), KR_EINVAL;
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	if (host[0] == '\0') {
		in4->sin_family = AF_INET;
		in4->sin_addr.s_addr = htonl(INADDR_ANY);
		in4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
	} else {
		return error("--listen: %s is not an IP address", host), KR_EINVAL;
	}
	return KR_OK;
}

int
server_start(struct server **out, const struct server_config *cfg)
{
	struct sockaddr_storage ss;
	if (parse_listen(cfg->listen, &ss))
		return KR_EINVAL;
	if (route_table_check(cfg->routes, cfg->nroutes))
		return KR_EINTERNAL;
	struct server *s = xcalloc(1, sizeof(*s));
	s->cfg = *cfg;
	crypto_auth_hmacsha512256_init(&s->csrf_mac, cfg->csrf_key, crypto_auth_KEYBYTES);
	pthread_mutex_init(&s->lock, NULL);
	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n * 2 : 4;
		if (threads < 4)
			threads = 4;
	}
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cfg->tls_cert || cfg->tls_key) {
		s->tls_cert_pem =
		    cfg->tls_cert ? file_read_all(cfg->tls_cert, 1 << 20, NULL) : NULL;
		s->tls_key_pem = cfg->tls_key ? file_read_all(cfg->tls_key, 1 << 20, NULL) : NULL;
		if (!s->tls_cert_pem || !s->tls_key_pem) {
			error("cannot read the TLS certificate and key (--tls-cert, --tls-key)");
			server_stop(s, 0);
			return KR_EIO;
		}
		flags |= MHD_USE_TLS;
	}
	struct MHD_OptionItem opts[] = {
		{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, s },
		{ MHD_OPTION_SOCK_ADDR, 0, &ss },
		{ MHD_OPTION_THREAD_POOL_SIZE, threads, NULL },
		{ MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections, NULL },
		{ MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_per_ip, NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout, NULL },
		{ MHD_OPTION_CONNECTION_MEMORY_LIMIT, POOL_BYTES, NULL },
		{ MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL },
		{ MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL },
		{ MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL },
		{ MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_log, s },
		{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, s },
		{ MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)notify_connection, s },
		{ s->tls_cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0,
		  s->tls_cert_pem },
		{ s->tls_key_pem ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, s->tls_key_pem },
		{ MHD_OPTION_END, 0, NULL },
	};
	/* HTTPS_MEM_* must not interrupt the array: move the END markers to the back. */
	size_t nopts = 0;
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].option != MHD_OPTION_END)
			opts[nopts++] = opts[i];
	opts[nopts] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s, MHD_OPTION_ARRAY, opts,
				MHD_OPTION_END);
	if (!s->d) {
		error("cannot listen on %s (in use, or not an address of this machine?)",
		      cfg->listen);
		server_stop(s, 0);
		return KR_EIO;
	}
	if (pthread_create(&s->reaper, NULL, reaper_main, s) != 0) {
		server_stop(s, 0);
		return error("cannot start the header-timeout thread"), KR_EINTERNAL;
	}
	s->reaper_started = true;
	*out = s;
	return KR_OK;
}

void
server_stop(struct server *s, int grace_ms)
{
	if (!s)
		return;
	if (s->d) {
		MHD_socket fd = MHD_quiesce_daemon(s->d);
		if (fd != MHD_INVALID_SOCKET)
			close(fd);
		int64_t until = time_mono_ms() + grace_ms;
		while (__atomic_load_n(&s->inflight, __ATOMIC_ACQUIRE) > 0 &&
		       time_mono_ms() < until)
			usleep(10 * 1000);
	}
	__atomic_store_n(&s->stopping, 1, __ATOMIC_RELEASE);
	if (s->reaper_started)
		pthread_join(s->reaper, NULL);
	if (s->d)
		MHD_stop_daemon(s->d);
	log_flush_all(); /* the worker threads' buffers went out as they ended; this is the rest */
	pthread_mutex_destroy(&s->lock);
	free(s->tls_cert_pem);
	free(s->tls_key_pem);
	sodium_memzero(&s->csrf_mac, sizeof(s->csrf_mac));
	free(s);
}
