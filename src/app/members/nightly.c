// SPDX-License-Identifier: AGPL-3.0-or-later
/* nightly.c: the job that takes the snapshot of the member counts that pages show, once a
 * night (see members.h). It logs that it did, never a count. */
#include "app/members/members.h"
#include "base/log.h"

#define CHECK_EVERY_S 3600

/* Takes the snapshot when the last one is older than tonight's hour. */
static void
refresh_when_due(struct db *db, int64_t now)
{
	struct db_conn *c = db_conn(db);
	int64_t taken = 0;
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

int64_t
members_counts_nightly(void *db, int64_t now)
{
	refresh_when_due(db, now);
	/* Until the next night's hour or the next check, whichever comes first. */
	int64_t next = members_counts_due_since(now) + 86400 + 1;
	return next - now < CHECK_EVERY_S ? next - now : CHECK_EVERY_S;
}
