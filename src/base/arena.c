// SPDX-License-Identifier: AGPL-3.0-or-later
/* arena.c: the per-request memory pool. */
#include "base/arena.h"
#include <sodium.h>
#include <stdarg.h>

#define ARENA_CHUNK 8192
#define ALIGN_UP(n) (((n) + 15) & ~(size_t)15)

struct arena_chunk {
	struct arena_chunk *prev;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *data;
};

void
arena_init(struct arena *a)
{
	a->chunk = NULL;
	a->cleanups = NULL;
	a->total = 0;
}

static void
release(struct arena *a, bool wipe)
{
	/* Hooks registered later may use memory of earlier ones: run newest first. */
	for (struct arena_cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->data);
	a->cleanups = NULL;
	struct arena_chunk *c = a->chunk;
	while (c) {
		struct arena_chunk *prev = c->prev;
		if (wipe)
			sodium_memzero(c, sizeof(*c) + c->size);
		free(c);
		c = prev;
	}
	a->chunk = NULL;
	a->total = 0;
}

void
arena_release(struct arena *a)
{
	release(a, false);
}

void
arena_release_wiped(struct arena *a)
{
	release(a, true);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	n = ALIGN_UP(n ? n : 1);
	struct arena_chunk *c = a->chunk;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK / 2 ? n : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->prev = a->chunk;
		a->chunk = c;
		a->total += size;
	}
	void *p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("bad format %s", fmt);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_on_release(struct arena *a, void (*fn)(void *), void *data)
{
	struct arena_cleanup *c = ARENA_NEW(a, struct arena_cleanup);
	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
}

static size_t
vec_bytes(const struct arena_vec *vec, size_t n)
{
	if (n > SIZE_MAX / 2 / vec->size)
		BUG("arena_vec of %zu elements of %zu bytes", n, vec->size);
	return n * vec->size;
}

void
arena_vec_init(struct arena_vec *vec, struct arena *a, size_t size, size_t first, size_t max)
{
	if (!size)
		BUG("arena_vec of elements of 0 bytes");
	if (!first)
		first = 1;
	if (max && first > max)
		first = max;
	vec->a = a;
	vec->size = size;
	vec->max = max;
	vec->len = 0;
	vec->alloc = first;
	vec->items = arena_alloc(a, vec_bytes(vec, first));
}

void *
arena_vec_push(struct arena_vec *vec)
{
	if (arena_vec_full(vec))
		return NULL;
	if (vec->len == vec->alloc) {
		size_t alloc = vec->alloc * 2;
		if (vec->max && alloc > vec->max)
			alloc = vec->max;
		void *bigger = arena_alloc(vec->a, vec_bytes(vec, alloc));
		memcpy(bigger, vec->items, vec_bytes(vec, vec->len));
		vec->items = bigger;
		vec->alloc = alloc;
	}
	void *e = (unsigned char *)vec->items + vec_bytes(vec, vec->len++);
	memset(e, 0, vec->size);
	return e;
}
