/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* retention.h: what Kring erases when it is no longer needed, run once a day: sent e-mail
 * (address and subject; bodies are emptied on sending) and undeliverable e-mail (of which only
 * the times are left) after the administrator's number of days; used and expired links, ended
 * sessions and old sign-in throttles after a day; and accounts blocked for longer than the
 * administrator's number of days, erased as if the person deleted them (memberships included). Then
 * each feature's own part, through the retention hook of the features table (src/app/feature.h). */
#ifndef KRING_RETENTION_H
#define KRING_RETENTION_H

#include "app/feature.h"
#include "base/keys.h"
#include "db/db.h"

/* The ranges retention_set() accepts, in days; the form offers the same (min and max). */
#define RETENTION_MAIL_DAYS_MIN	   1
#define RETENTION_MAIL_DAYS_MAX	   3650
#define RETENTION_ACCOUNT_DAYS_MIN 30
#define RETENTION_ACCOUNT_DAYS_MAX 3650

struct retention_settings {
	int64_t keep_sent_mail_days;	    /* RETENTION_MAIL_DAYS_MIN–_MAX */
	int64_t keep_blocked_accounts_days; /* RETENTION_ACCOUNT_DAYS_MIN–_MAX */
};

int retention_get(struct db_conn *c, struct retention_settings *out) MUST_CHECK;
/* KR_EINVAL when a number is out of its range. */
int retention_set(struct db_conn *c, int64_t actor_id,
		  const struct retention_settings *s) MUST_CHECK;

struct retention_result {
	int64_t mail, links, sessions, throttles, accounts;
	struct retention_ctx features; /* what the features' hooks erased, in .erased */
};
/* Applies the settings once, as of `now`. session_max is the longest a session may live. */
int retention_run(struct db_conn *c, const struct keys *k, int64_t now, int64_t session_max,
		  struct retention_result *res) MUST_CHECK;

/* The daily job, a periodic job (app/common/periodic.h; arg is a struct retention_job): runs
 * retention_run() once a day (UTC), looking every hour whether the day's run is still to do. */
struct retention_job {
	struct db *db;
	const struct keys *k;
	int64_t session_max;
};
int64_t retention_daily(void *job, int64_t now);

/* store.c */
int retention_store_get(struct db_conn *c, struct retention_settings *out) MUST_CHECK;
int retention_store_set(struct db_conn *c, const struct retention_settings *s) MUST_CHECK;
int retention_store_purge(struct db_conn *c, int64_t now, int64_t mail_before,
			  int64_t session_before, struct retention_result *res) MUST_CHECK;
int retention_store_blocked_before(struct db_conn *c, int64_t before, int64_t *ids, size_t cap,
				   size_t *n) MUST_CHECK;

#endif
