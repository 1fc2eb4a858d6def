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

#endif
