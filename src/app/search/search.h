/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* search.h: keeping the search indexes up to date (indexer.c). The forum and the stories are
 * indexed once an hour, everything written in the hour together, and the indexes merged, so
 * that the search index never holds the order in which people wrote (docs/PRIVACY.md, "The
 * forum"); a post is found from the full hour after it was written. Knowledge pages are
 * indexed as they are saved. What an erasure removes leaves the indexes in the erasure's own
 * transaction (this feature's erase and leave hooks). On PostgreSQL the indexes are generated
 * columns, always up to date, and none of this has anything to do. */
#ifndef KRING_SEARCH_H
#define KRING_SEARCH_H

#include "base/keys.h"
#include "db/db.h"

/* Indexes everything waiting, in one transaction, then merges the indexes. */
int search_index_now(struct db_conn *c) MUST_CHECK;

/* The hourly run, a periodic job (app/common/periodic.h; arg is the struct db): indexes the
 * hour's writing just after each full hour (one server of several takes each hour,
 * db_job_claim()) and returns the seconds until the next. */
int64_t search_index_hourly(void *db, int64_t now);

/* The feature's erase_account and leave_group hooks: the removals of every index. */
int search_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
int search_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id,
		       int64_t network_id, int64_t subgroup_id) MUST_CHECK;

/* The demo hook, after every other feature's: indexes the demo's texts, so that the search
 * finds them from the start. */
struct demo_ctx;
int search_demo(struct db_conn *c, struct demo_ctx *d) MUST_CHECK;

#endif
