// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of retention, and the daily job. */
#include "app/auth/auth.h"
#include "app/audit/audit.h"
#include "app/retention/retention.h"
#include "base/log.h"
#include <pthread.h>

int
retention_get(struct db_conn *c, struct retention_settings *out)
{
	return retention_store_get(c, out);
}

int
retention_set(struct db_conn *c, int64_t actor_id, const struct retention_settings *s)
{
	if (s->keep_sent_mail_days < RETENTION_MAIL_DAYS_MIN ||
	    s->keep_sent_mail_days > RETENTION_MAIL_DAYS_MAX ||
	    s->keep_blocked_accounts_days < RETENTION_ACCOUNT_DAYS_MIN ||
	    s->keep_blocked_accounts_days > RETENTION_ACCOUNT_DAYS_MAX)
		return KR_EINVAL;
	char detail[96];
	snprintf(detail, sizeof(detail),
		 "retention: sent mail %lld days, blocked accounts %lld days",
		 (long long)s->keep_sent_mail_days, (long long)s->keep_blocked_accounts_days);
	int err = db_begin(c);
	if (err)
		return err;
	err = retention_store_set(c, s);
	if (!err)
		err = audit_append(c, AUDIT_SETTINGS_CHANGED, actor_id, 0, detail);
	return db_end(c, err);
}

int
retention_run(struct db_conn *c, const struct keys *k, int64_t now, int64_t session_max,
	      struct retention_result *res)
{
	memset(res, 0, sizeof(*res));
	struct retention_settings s;
	int err = retention_get(c, &s);
	if (err || (err = db_begin(c)))
		return err;
	err = retention_store_purge(c, now, now - s.keep_sent_mail_days * 86400, now - session_max,
				    res);
	if ((err = db_end(c, err)))
		return err;
	/* Accounts blocked for long enough are erased like a deletion, a batch at a time. */
	int64_t ids[64];
	size_t n;
	if ((err = retention_store_blocked_before(c, now - s.keep_blocked_accounts_days * 86400,
						  ids, ARRAY_SIZE(ids), &n)))
		return err;
	for (size_t i = 0; i < n; i++) {
		err = auth_account_delete(c, k, ids[i]);
		if (err == KR_ECONFLICT)
			continue; /* the last administrator stays */
		if (err)
			return err;
		res->accounts++;
	}
	res->features = (struct retention_ctx){
		.k = k,
		.now = now,
		.keep_sent_mail_days = s.keep_sent_mail_days,
		.keep_blocked_accounts_days = s.keep_blocked_accounts_days,
		.session_max = session_max,
	};
	return features_retention(c, &res->features);
}

struct retention_worker {
	struct db *db;
	const struct keys *k;
	int64_t session_max;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static void *
worker_main(void *arg)
{
	struct retention_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		struct db_conn *c = db_conn(w->db);
		struct retention_result res;
		/* Once a day (UTC) across every server on the database: the first to claim the
		 * day runs it; the others look again in an hour. */
		int64_t now = time_now();
		bool mine = false;
		if (!c || db_job_claim(c, "retention", now / 86400, &mine)) {
			log_warn("retention: could not see whether today's run is taken");
		} else if (!mine) {
			/* another server's, or this one's earlier today */
		} else if (retention_run(c, w->k, now, w->session_max, &res) == KR_OK) {
			log_info("retention: erased %lld sent or undeliverable e-mails, %lld "
				 "links, %lld sessions, "
				 "%lld throttles, %lld blocked accounts",
				 (long long)res.mail, (long long)res.links, (long long)res.sessions,
				 (long long)res.throttles, (long long)res.accounts);
			for (size_t i = 0; i < res.features.nerased; i++)
				log_info("retention: erased %lld %s",
					 (long long)res.features.erased[i].n,
					 res.features.erased[i].what);
		} else
			log_warn("retention: the daily run failed; it is tried again tomorrow");
		pthread_mutex_lock(&w->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 3600;
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int
retention_worker_start(struct retention_worker **out, struct db *db, const struct keys *k,
		       int64_t session_max)
{
	struct retention_worker *w = xcalloc(1, sizeof(*w));
	w->db = db;
	w->k = k;
	w->session_max = session_max;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return error("cannot start the retention job"), KR_EINTERNAL;
	}
	*out = w;
	return KR_OK;
}

void
retention_worker_stop(struct retention_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
