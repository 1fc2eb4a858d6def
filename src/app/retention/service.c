// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of retention, and the daily job. */
#include "app/auth/auth.h"
#include "app/audit/audit.h"
#include "app/retention/retention.h"
#include "base/log.h"

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

int64_t
retention_daily(void *arg, int64_t now)
{
	const struct retention_job *job = arg;
	struct db_conn *c = db_conn(job->db);
	struct retention_result res;
	/* Once a day (UTC) across every server on the database: the first to claim the day runs
	 * it; the others look again in an hour. */
	bool mine = false;
	if (!c || db_job_claim(c, "retention", now / 86400, &mine)) {
		log_warn("retention: could not see whether today's run is taken");
	} else if (!mine) {
		/* another server's, or this one's earlier today */
	} else if (retention_run(c, job->k, now, job->session_max, &res) == KR_OK) {
		log_info("retention: erased %lld sent or undeliverable e-mails, %lld links, %lld "
			 "sessions, %lld throttles, %lld blocked accounts",
			 (long long)res.mail, (long long)res.links, (long long)res.sessions,
			 (long long)res.throttles, (long long)res.accounts);
		for (size_t i = 0; i < res.features.nerased; i++)
			log_info("retention: erased %lld %s", (long long)res.features.erased[i].n,
				 res.features.erased[i].what);
	} else
		log_warn("retention: the daily run failed; it is tried again tomorrow");
	return 3600;
}
