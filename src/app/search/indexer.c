// SPDX-License-Identifier: AGPL-3.0-or-later
/* indexer.c: the hourly run that brings the search indexes up to date (search.h). */
#include "app/search/search.h"
#include "app/feature.h"
#include "base/log.h"
#include <pthread.h>

/* Seconds after the full hour the run starts: rows written at hh:59:59 are in. */
#define AFTER_THE_HOUR 5

static int
index_all(struct db_conn *c, bool removals_only)
{
	int err = KR_OK;
	for (size_t i = 0; !err && features_searchable(i); i++)
		if (features_searchable(i)->search_index)
			err = features_searchable(i)->search_index(c, removals_only);
	return err;
}

int
search_index_now(struct db_conn *c)
{
	int err = db_begin(c);
	if (err)
		return err;
	if ((err = db_end(c, index_all(c, false))))
		return err;
	return db_search_merge(c);
}

int
search_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	(void)k;
	(void)account_id;
	return index_all(c, true);
}

int
search_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		   int64_t subgroup_id)
{
	(void)k;
	(void)account_id;
	(void)network_id;
	(void)subgroup_id;
	return index_all(c, true);
}

int
search_demo(struct db_conn *c, struct demo_ctx *d)
{
	(void)d;
	return search_index_now(c);
}

struct search_indexer {
	struct db *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static void
run_hour(struct db *db, int64_t hour)
{
	struct db_conn *c = db_conn(db);
	bool mine = false;
	if (!c || db_job_claim(c, "search-index", hour, &mine)) {
		log_warn("search: could not start this hour's indexing; tried again next hour");
		return;
	}
	if (mine && search_index_now(c))
		log_warn("search: this hour's indexing failed; tried again next hour");
}

static void *
worker_main(void *arg)
{
	struct search_indexer *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		int64_t now = time_now();
		run_hour(w->db, now / 3600);
		int64_t next = (now / 3600 + 1) * 3600 + AFTER_THE_HOUR;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)(next - now > 1 ? next - now : 1);
		pthread_mutex_lock(&w->lock);
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int
search_indexer_start(struct search_indexer **out, struct db *db)
{
	*out = NULL;
	struct search_indexer *w = xcalloc(1, sizeof(*w));
	w->db = db;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return error("cannot start the hourly search indexing"), KR_EINTERNAL;
	}
	*out = w;
	return KR_OK;
}

void
search_indexer_stop(struct search_indexer *w)
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
