/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* periodic.h: a job that runs in a thread of its own now and then — the retention job once a
 * day, the member counts once a night, the search indexing once an hour. The thread calls the
 * job at start (the server may have been down when it was due) and then again after the number
 * of seconds the job returns, until periodic_stop() wakes it. Whether a run is this server's
 * to do (several servers on one database) is the job's own affair: db_job_claim(). */
#ifndef KRING_PERIODIC_H
#define KRING_PERIODIC_H

#include "base/kring.h"

/* One run as of `now` (seconds since the epoch). Returns the seconds until the next run; less
 * than 1 counts as 1. A run logs its own outcome. */
typedef int64_t (*periodic_run)(void *arg, int64_t now);

struct periodic;
/* Starts the thread; `what` names the job in a message when the thread cannot start ("the
 * retention job"). arg must live until periodic_stop(). */
int periodic_start(struct periodic **out, const char *what, periodic_run run, void *arg) MUST_CHECK;
/* Wakes the thread, waits for a run in progress to end, joins it and frees p; NULL is ignored. */
void periodic_stop(struct periodic *p);

#endif
