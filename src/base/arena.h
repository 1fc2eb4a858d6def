/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* arena.h: a memory pool with cleanup hooks (after nginx's ngx_pool_t). One arena per request,
 * released when the request completes; every allocation lives exactly as long as its arena.
 *
 * Contract: arena_alloc() never returns NULL (real out-of-memory aborts). Memory is 16-byte
 * aligned and zeroed. Cleanup hooks run in reverse order of registration at arena_release(). */
#ifndef KRING_ARENA_H
#define KRING_ARENA_H

#include "base/kring.h"

struct arena_chunk;
struct arena_cleanup;

struct arena {
	struct arena_chunk *chunk; /* the current chunk, linked to the older ones */
	struct arena_cleanup *cleanups;
	size_t total; /* bytes held in chunks, for the statistics */
};

void arena_init(struct arena *a);
/* Runs the cleanup hooks, then frees every chunk. The arena may be reused after arena_init(). */
void arena_release(struct arena *a);
/* As arena_release(), but every chunk is overwritten with zeroes (sodium_memzero) before it is
 * freed: for an arena that held decrypted personal data. */
void arena_release_wiped(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) PRINTF(2, 3);
/* Registers fn(data) to run at arena_release(). */
void arena_on_release(struct arena *a, void (*fn)(void *), void *data);

#define ARENA_NEW(a, type)	((type *)arena_alloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_alloc((a), sizeof(type) * (n)))

/* arena_vec: an array that grows inside an arena, for reading rows of unknown number (after
 * nginx's ngx_array_t and git's ALLOC_GROW). Read rows with
 *
 *	struct arena_vec vec;
 *	arena_vec_init(&vec, a, sizeof(struct site), 8, 0);
 *	while (db_row(st)) {
 *		struct site *s = arena_vec_push(&vec);
 *		...
 *	}
 *	*out = vec.items;
 *	*n = vec.len;
 *
 * Invariants: items is never NULL after arena_vec_init() (an empty array may be handed out as
 * it is) and holds len elements of size bytes each, in room for alloc; len <= alloc, and
 * len <= max when max is not 0. Every element is zeroed when it is pushed. Growth doubles the
 * room, to at most max elements. The older room stays in the arena until arena_release(): a
 * pointer taken before a push may point into a stale copy afterwards, so take items (and
 * pointers into it) once the reading is done. The array lives as long as its arena. A room
 * in bytes that would not fit in a size_t is a BUG(); real out-of-memory aborts, as for
 * arena_alloc(). */
struct arena_vec {
	void *items;
	size_t len;   /* elements in use */
	size_t alloc; /* elements there is room for */
	size_t size;  /* bytes per element, not 0 */
	size_t max;   /* the most elements it may hold; 0: no cap but the size_t one */
	struct arena *a;
};

/* Makes room for first elements at once (at least 1; at most max when max is not 0). */
void arena_vec_init(struct arena_vec *vec, struct arena *a, size_t size, size_t first, size_t max);
/* A new zeroed element at the end, or NULL (and nothing added) when the array already holds
 * max elements. Never NULL when max is 0. */
void *arena_vec_push(struct arena_vec *vec);
/* The same, typed: `*ARENA_VEC_PUSH(&ids, int64_t) = id;` (only where max is 0). */
#define ARENA_VEC_PUSH(vec, type) ((type *)arena_vec_push(vec))

static inline bool
arena_vec_full(const struct arena_vec *vec)
{
	return vec->max && vec->len == vec->max;
}

#endif
