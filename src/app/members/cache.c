// SPDX-License-Identifier: AGPL-3.0-or-later
/* cache.c: the opened members lists this process keeps, shared by its threads (members.h, "the
 * directory cache"). Each entry is immutable once opened, apart from the renderings a page adds
 * under the lock; a reader holds a reference until its request's arena is released, and the
 * entry is wiped and freed when the last reference goes, never while someone reads it. */
#include "app/members/members.h"
#include "base/log.h"
#include <pthread.h>
#include <sodium.h>

#define MAX_ENTRIES 256
#define MAX_VIEWS   4 /* renderings kept per entry: the two languages, a spare */

struct view {
	struct view *next;
	const char *key;
	struct html_safe h;
};

struct cached {
	struct directory d;	    /* first: a directory handed out is a cached entry */
	int64_t version, people;    /* as read before it was opened */
	struct arena arena;	    /* everything the entry holds, wiped when it is freed */
	struct view *views;	    /* under the lock */
	size_t nviews, bytes;	    /* bytes: arena and struct, counted against the bound */
	unsigned refs;		    /* one while listed, one per reader */
	bool listed;		    /* in the LRU list */
	int64_t used_at;	    /* last look-up (monotonic seconds) */
	struct cached *prev, *next; /* the LRU list: most recently used first */
};

static struct {
	pthread_mutex_t lock;
	struct cached *head, *tail;
	size_t entries, bytes, max_bytes;
	uint64_t hits, misses;
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static size_t
max_bytes(void)
{
	return cache.max_bytes ? cache.max_bytes : MEMBERS_CACHE_BYTES;
}

static void
entry_free(struct cached *e)
{
	arena_release_wiped(&e->arena);
	sodium_memzero(e, sizeof(*e));
	free(e);
}

/* Under the lock: takes e out of the list. True when the caller must free it (unlocked). */
static bool
unlist(struct cached *e)
{
	if (!e->listed)
		return false;
	if (e->prev)
		e->prev->next = e->next;
	else
		cache.head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		cache.tail = e->prev;
	e->prev = e->next = NULL;
	e->listed = false;
	cache.entries--;
	cache.bytes -= e->bytes;
	return --e->refs == 0;
}

static void
push_front(struct cached *e)
{
	e->prev = NULL;
	e->next = cache.head;
	if (cache.head)
		cache.head->prev = e;
	cache.head = e;
	if (!cache.tail)
		cache.tail = e;
}

/* Under the lock: drops entries from the tail (never `keep`) while over the bounds or idle
 * too long, chaining those no reader holds on *dead for the caller to free unlocked. */
static void
evict(const struct cached *keep, int64_t now, struct cached **dead)
{
	struct cached *e = cache.tail;
	while (e) {
		struct cached *prev = e->prev;
		bool over = cache.bytes > max_bytes() || cache.entries > MAX_ENTRIES;
		bool idle = now - e->used_at > MEMBERS_CACHE_IDLE;
		if (!over && !idle)
			break;
		if (e != keep && unlist(e)) {
			e->next = *dead;
			*dead = e;
		}
		e = prev;
	}
}

static void
free_chain(struct cached *dead)
{
	while (dead) {
		struct cached *next = dead->next;
		entry_free(dead);
		dead = next;
	}
}

static void
release_ref(void *data)
{
	struct cached *e = data;
	pthread_mutex_lock(&cache.lock);
	bool last = --e->refs == 0;
	pthread_mutex_unlock(&cache.lock);
	if (last)
		entry_free(e);
}

static struct cached *
find(int64_t network_id, int64_t subgroup_id)
{
	for (struct cached *e = cache.head; e; e = e->next)
		if (e->d.network_id == network_id && e->d.subgroup_id == subgroup_id)
			return e;
	return NULL;
}

int
members_directory_shared(struct db_conn *c, const struct keys *k, struct arena *a,
			 int64_t network_id, int64_t subgroup_id, const struct directory **out)
{
	/* The versions first, the rows after: rows read later are at least as new as the
	 * version they are kept under, so a change in between makes the next look-up miss. */
	int64_t version, people;
	int err = members_store_versions(c, network_id, subgroup_id, &version, &people);
	if (err)
		return err;
	int64_t now = time_mono_ms() / 1000;
	struct cached *dead = NULL, *e;
	pthread_mutex_lock(&cache.lock);
	e = find(network_id, subgroup_id);
	if (e && e->version == version && e->people == people) {
		e->refs++;
		e->used_at = now;
		if (cache.head != e) {
			/* Most recently used first. */
			e->prev->next = e->next;
			if (e->next)
				e->next->prev = e->prev;
			else
				cache.tail = e->prev;
			push_front(e);
		}
		cache.hits++;
		evict(e, now, &dead); /* what nobody asked for in a while */
		pthread_mutex_unlock(&cache.lock);
		free_chain(dead);
		arena_on_release(a, release_ref, e);
		*out = &e->d;
		return KR_OK;
	}
	/* Stale: the group changed (here or on another server). One opened by a thread that read
	 * newer versions than this one stays. */
	if (e && e->version <= version && e->people <= people && unlist(e))
		dead = e;
	cache.misses++;
	pthread_mutex_unlock(&cache.lock);
	free_chain(dead);
	dead = NULL;

	e = xmalloc(sizeof(*e));
	memset(e, 0, sizeof(*e));
	arena_init(&e->arena);
	if ((err = members_directory_open(c, k, &e->arena, network_id, subgroup_id, &e->d))) {
		entry_free(e);
		return err;
	}
	e->version = version;
	e->people = people;
	e->used_at = now;
	e->bytes = sizeof(*e) + e->arena.total;
	e->refs = 1; /* this reader's */
	pthread_mutex_lock(&cache.lock);
	struct cached *other = find(network_id, subgroup_id);
	/* Another thread may have opened the group meanwhile: the newer one stays. */
	bool newer = !other || (other->version <= version && other->people <= people);
	if (newer && e->bytes <= max_bytes() / 8) {
		if (other && unlist(other))
			dead = other;
		e->refs++; /* the list's */
		e->listed = true;
		push_front(e);
		cache.entries++;
		cache.bytes += e->bytes;
		evict(e, now, &dead);
	}
	pthread_mutex_unlock(&cache.lock);
	free_chain(dead);
	arena_on_release(a, release_ref, e);
	*out = &e->d;
	return KR_OK;
}

bool
directory_has_member(const struct directory *d, int64_t account_id)
{
	return bsearch(&account_id, d->members, d->nmembers, sizeof(*d->members), kr_cmp_int64);
}

const struct directory_entry *
directory_visible(const struct directory *d, int64_t account_id)
{
	for (size_t i = 0; account_id > 0 && i < d->n; i++)
		if (d->v[i].account_id == account_id)
			return &d->v[i];
	return NULL;
}

const struct html_safe *
directory_view(const struct directory *d, const char *key)
{
	const struct cached *e = (const struct cached *)d;
	const struct html_safe *found = NULL;
	pthread_mutex_lock(&cache.lock);
	for (const struct view *v = e->views; v && !found; v = v->next)
		if (strcmp(v->key, key) == 0)
			found = &v->h;
	pthread_mutex_unlock(&cache.lock);
	return found;
}

void
directory_view_keep(const struct directory *d, const char *key, const struct html_safe *h)
{
	struct cached *e = (struct cached *)(uintptr_t)d;
	struct cached *dead = NULL;
	pthread_mutex_lock(&cache.lock);
	bool have = false;
	for (const struct view *v = e->views; v; v = v->next)
		have = have || strcmp(v->key, key) == 0;
	/* Only on a listed entry: one being dropped would only grow until its last reader. */
	if (e->listed && !have && e->nviews < MAX_VIEWS && e->bytes + h->len <= max_bytes() / 8) {
		size_t before = e->arena.total;
		struct view *v = ARENA_NEW(&e->arena, struct view);
		v->key = arena_strdup(&e->arena, key);
		v->h = (struct html_safe){ arena_strndup(&e->arena, h->html, h->len), h->len };
		v->next = e->views;
		e->views = v;
		e->nviews++;
		size_t grown = e->arena.total - before;
		e->bytes += grown;
		cache.bytes += grown;
		evict(e, time_mono_ms() / 1000, &dead);
	}
	pthread_mutex_unlock(&cache.lock);
	free_chain(dead);
}

void
members_cache_forget(int64_t network_id, int64_t subgroup_id)
{
	struct cached *dead = NULL;
	pthread_mutex_lock(&cache.lock);
	for (struct cached *e = cache.head, *next; e; e = next) {
		next = e->next;
		if (e->d.network_id == network_id &&
		    (subgroup_id < 0 || e->d.subgroup_id == subgroup_id) && unlist(e)) {
			e->next = dead;
			dead = e;
		}
	}
	pthread_mutex_unlock(&cache.lock);
	free_chain(dead);
}

void
members_cache_clear(void)
{
	struct cached *dead = NULL;
	pthread_mutex_lock(&cache.lock);
	for (struct cached *e = cache.head, *next; e; e = next) {
		next = e->next;
		if (unlist(e)) {
			e->next = dead;
			dead = e;
		}
	}
	pthread_mutex_unlock(&cache.lock);
	free_chain(dead);
}

void
members_cache_limit(size_t bytes)
{
	pthread_mutex_lock(&cache.lock);
	cache.max_bytes = bytes;
	pthread_mutex_unlock(&cache.lock);
}

void
members_cache_stats(struct members_cache_stats *out)
{
	pthread_mutex_lock(&cache.lock);
	*out = (struct members_cache_stats){ cache.hits, cache.misses, cache.entries, cache.bytes };
	pthread_mutex_unlock(&cache.lock);
}
