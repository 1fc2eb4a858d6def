// SPDX-License-Identifier: AGPL-3.0-or-later
/* periodic.c: the thread behind every periodic job (periodic.h). */
#include "app/common/periodic.h"
#include "base/log.h"
#include <pthread.h>
#include <time.h>

struct periodic {
	periodic_run run;
	void *arg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
};

static void *
periodic_main(void *arg)
{
	struct periodic *p = arg;
	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		pthread_mutex_unlock(&p->lock);
		int64_t wait = p->run(p->arg, time_now());
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)(wait > 1 ? wait : 1);
		pthread_mutex_lock(&p->lock);
		/* A spurious wake-up waits again; a time-out or periodic_stop() ends the wait. */
		while (!p->stop && pthread_cond_timedwait(&p->wake, &p->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int
periodic_start(struct periodic **out, const char *what, periodic_run run, void *arg)
{
	*out = NULL;
	struct periodic *p = xcalloc(1, sizeof(*p));
	p->run = run;
	p->arg = arg;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	if (pthread_create(&p->thread, NULL, periodic_main, p) != 0) {
		pthread_cond_destroy(&p->wake);
		pthread_mutex_destroy(&p->lock);
		free(p);
		return error("cannot start %s", what), KR_EINTERNAL;
	}
	*out = p;
	return KR_OK;
}

void
periodic_stop(struct periodic *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
