/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* app.h: what every feature shares: the database, the keys, and the hooks
 * the server calls for every request. */
#ifndef KRING_APP_H
#define KRING_APP_H

#include "app/auth/auth.h"
#include "base/keys.h"
#include "db/db.h"
#include "http/request.h"

struct app {
	struct db *db;
	struct keys keys;
	char asset_prefix[32]; /* "/static/<version>": the version changes with the assets */
	struct session_limits limits;
	/* Where people reach Kring ("https://kring.example.org"), for links in e-mail. Never
	 * taken from a request's Host header, which anyone can set. */
	const char *base_url;
	/* The sender of Kring's e-mail (--mail-from), the ORGANIZER of calendar invitations. */
	const char *mail_from;
	struct arena arena; /* for what lives as long as the server */
	/* The header a trusted sign-in proxy sets to the person's e-mail address ("X-Remote-User"),
	 * believed only from the trusted proxies; NULL: no single sign-on. */
	const char *sso_header;
};

/* Prepares the embedded assets (ETags, version); once, before serving. */
void app_assets_init(struct app *app);

/* The server's hooks (src/app/common/view.c). */
int app_on_request(struct request *r);
/* After a handler that returned without an error: KR_EUNAVAIL when the database was lost
 * while it ran (db_losses()), so that its page is not sent. */
int app_on_handled(struct request *r);
/* Ends what app_on_request began: the request's read snapshot (db_snapshot_begin()). */
void app_on_response(struct request *r);
void app_render_error(struct request *r, int err);

/* This thread's database connection, or NULL (logged). */
struct db_conn *app_db(struct request *r);

#endif
