// SPDX-License-Identifier: AGPL-3.0-or-later
/* nightly.c: the job that takes the snapshot of the member counts that pages show, once a
 * night (see members.h). It logs that it did, never a count. */
#include "app/members/members.h"
#include "base/log.h"
#include <pthread.h>

#define CHECK_EVERY_S 3600

struct members_counts_worker {
	struct db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

/* Takes the snapshot when the last one is older than tonight's hour. */
static void
refresh_when_due(struct db *db)
{
	struct db_conn *c = db_conn(db);
	int64_t now = time_now(), taken = 0;
	if (!c || members_counts_taken_at(c, &taken)) {
		log_warn("members: could not read when the member counts were worked out");
		return;
	}
	if (taken >= members_counts_due_since(now))
		return;
	/* With several servers on the database, one of them takes this hour's run. */
	bool mine = false;
	if (db_job_claim(c, "member-counts", now / 3600, &mine) || !mine)
		return;
	if (members_counts_refresh(c, now))
		log_warn("members: the member counts could not be worked out; tried again in an "
			 "hour");
	else
		log_info("members: worked out the member counts that pages show");
}

static void *
worker_main(void *arg)
{
	struct members_counts_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		refresh_when_due(w->db);
		/* Until the next hour or the next check, whichever comes first. */
		int64_t now = time_now();
		int64_t next = members_counts_due_since(now) + 86400 + 1;
		int64_t wait = next - now < CHECK_EVERY_S ? next - now : CHECK_EVERY_S;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)(wait > 1 ? wait : 1);
		pthread_mutex_lock(&w->lock);
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int
members_counts_worker_start(struct members_counts_worker **out, struct db *db)
{
	*out = NULL;
	struct members_counts_worker *w = xcalloc(1, sizeof(*w));
	w->db = db;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return error("cannot start the nightly job for the member counts"), KR_EINTERNAL;
	}
	*out = w;
	return KR_OK;
}

void
members_counts_worker_stop(struct members_counts_worker *w)
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
