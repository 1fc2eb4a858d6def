/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* server.h: the HTTP server on libmicrohttpd (epoll, internal thread pool). Every limit is set
 * here explicitly; docs/ARCHITECTURE.md lists them. The application hands in its route table
 * and four hooks; the server does the rest of a request's path: limits, routing, parsing,
 * parameter and CSRF checks, security headers, the access log. */
#ifndef KRING_HTTP_SERVER_H
#define KRING_HTTP_SERVER_H

#include "http/request.h"
#include "http/router.h"

struct server_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080" or ":8080" */
	unsigned threads;   /* worker threads, each with its own database connection */
	unsigned max_connections;
	unsigned max_per_ip;
	unsigned
	    header_timeout;    /* seconds from connection (or last response) to complete headers */
	unsigned idle_timeout; /* seconds without any traffic on a connection */
	size_t max_header_bytes; /* all request header lines together: more is 431 */
	const char *tls_cert;	 /* PEM files; both NULL: plain HTTP */
	const char *tls_key;
	/* Addresses of reverse proxies (sign-in proxies) whose X-Forwarded-Proto and
	 * X-Forwarded-For are believed, comma-separated; NULL: none. From anyone else these
	 * headers are ignored. */
	const char *trusted_proxies;

	const struct route *routes;
	size_t nroutes;
	const unsigned char *csrf_key; /* KEY_BYTES */
	struct app *app;
	/* Called for every routed request before its checks, e.g. to choose language and
	 * display preferences; a non-zero return becomes an error page. */
	int (*on_request)(struct request *r);
	/* Called once the response of a request that went through on_request is built, before
	 * it is sent (the thread serves other requests while it goes out): e.g. to end the read
	 * snapshot on_request began. */
	void (*on_response)(struct request *r);
	/* Called when a handler returned without an error: a non-zero return replaces what it
	 * built with that error's page (its headers dropped), e.g. when the database went away
	 * while the page was being built. */
	int (*on_handled)(struct request *r);
	/* Writes the body of the error page for r->status into r->out (HTML). */
	void (*render_error)(struct request *r, int err);
};

#define SERVER_DEFAULTS                                                                            \
	{                                                                                          \
		.listen = "127.0.0.1:8080", .threads = 0, .max_connections = 1024,                 \
		.max_per_ip = 128, .header_timeout = 10, .idle_timeout = 60,                       \
		.max_header_bytes = 8192,                                                          \
	}

struct server;

/* Starts listening and serving on the pool's threads. */
int server_start(struct server **out, const struct server_config *cfg) MUST_CHECK;
/* Stops accepting, waits up to grace_ms for the requests in flight, then stops. */
void server_stop(struct server *s, int grace_ms);

/* The one mapping from error codes to HTTP status. */
int http_status_of(int err);

/* The name of the session cookie (without the __Host- prefix that TLS adds). */
#define SESSION_COOKIE "session"

#endif
