// SPDX-License-Identifier: AGPL-3.0-or-later
/* indexer.c: the hourly run that brings the search indexes up to date (search.h). */
#include "app/search/search.h"
#include "app/feature.h"
#include "base/log.h"

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

int64_t
search_index_hourly(void *db, int64_t now)
{
	int64_t hour = now / 3600;
	struct db_conn *c = db_conn(db);
	bool mine = false;
	if (!c || db_job_claim(c, "search-index", hour, &mine))
		log_warn("search: could not start this hour's indexing; tried again next hour");
	else if (mine && search_index_now(c))
		log_warn("search: this hour's indexing failed; tried again next hour");
	return (hour + 1) * 3600 + AFTER_THE_HOUR - now;
}
