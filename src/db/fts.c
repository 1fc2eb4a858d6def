// SPDX-License-Identifier: AGPL-3.0-or-later
/* fts.c: the full-text tokenizer "kring" of the SQLite backend, for the search indexes of
 * migration 0026 (FTS5 tables made with tokenize = 'kring').
 *
 * It is FTS5's own unicode61 tokenizer with diacritics folded (remove_diacritics 2: "café"
 * and "cafe", "geïnteresseerd" and "geinteresseerd" are one word), and each word stemmed with
 * the Snowball stemmers of libstemmer: the Dutch stem first and, when it differs, the English
 * stem at the same place (a colocated token, FTS5's way of writing synonyms). A query runs
 * through the same tokenizer, so "aanpassingen" finds "aanpassing" and "adjustments" finds
 * "adjustment". PostgreSQL does the same with its own Snowball stemmers (the text search
 * configurations kring_nl and kring_en of 0026_search.pg.sql), so both backends find the same
 * words.
 *
 * A tokenizer instance belongs to one connection, which one thread uses: the stemmers (which
 * keep state between calls) are the instance's own. */
#include "db/fts.h"
#include "base/kring.h"
#include <libstemmer.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX 128 /* bytes: a longer token is indexed as it is, not stemmed */

struct kring_tokenizer {
	fts5_tokenizer base; /* unicode61's methods */
	Fts5Tokenizer *inner;
	struct sb_stemmer *nl, *en;
};

struct tokenize_ctx {
	struct kring_tokenizer *t;
	void *ctx;
	int (*emit)(void *, int, const char *, int, int, int);
};

static int
kring_create(void *api_ptr, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)argv;
	(void)argc;
	fts5_api *api = api_ptr;
	struct kring_tokenizer *t = calloc(1, sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	void *user = NULL;
	int rc = api->xFindTokenizer(api, "unicode61", &user, &t->base);
	static const char *inner_args[] = { "remove_diacritics", "2" };
	if (rc == SQLITE_OK)
		rc = t->base.xCreate(user, inner_args, 2, &t->inner);
	if (rc == SQLITE_OK) {
		t->nl = sb_stemmer_new("dutch", "UTF_8");
		t->en = sb_stemmer_new("english", "UTF_8");
		if (!t->nl || !t->en)
			rc = SQLITE_NOMEM;
	}
	if (rc != SQLITE_OK) {
		if (t->inner)
			t->base.xDelete(t->inner);
		sb_stemmer_delete(t->nl);
		sb_stemmer_delete(t->en);
		free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
kring_delete(Fts5Tokenizer *p)
{
	struct kring_tokenizer *t = (struct kring_tokenizer *)p;
	t->base.xDelete(t->inner);
	sb_stemmer_delete(t->nl);
	sb_stemmer_delete(t->en);
	free(t);
}

/* One word from unicode61 (folded to lower case without diacritics): its stems. */
static int
stem_token(void *arg, int flags, const char *token, int n, int start, int end)
{
	struct tokenize_ctx *tc = arg;
	if (n <= 0 || n > WORD_MAX)
		return tc->emit(tc->ctx, flags, token, n, start, end);
	const sb_symbol *nl = sb_stemmer_stem(tc->t->nl, (const sb_symbol *)token, n);
	if (!nl)
		return SQLITE_NOMEM;
	int nl_len = sb_stemmer_length(tc->t->nl);
	char first[WORD_MAX + 1];
	if (nl_len <= 0 || nl_len > WORD_MAX)
		return tc->emit(tc->ctx, flags, token, n, start, end);
	memcpy(first, nl, (size_t)nl_len);
	int rc = tc->emit(tc->ctx, flags, first, nl_len, start, end);
	if (rc != SQLITE_OK)
		return rc;
	const sb_symbol *en = sb_stemmer_stem(tc->t->en, (const sb_symbol *)token, n);
	if (!en)
		return SQLITE_NOMEM;
	int en_len = sb_stemmer_length(tc->t->en);
	if (en_len <= 0 || (en_len == nl_len && memcmp(en, first, (size_t)nl_len) == 0))
		return SQLITE_OK;
	return tc->emit(tc->ctx, flags | FTS5_TOKEN_COLOCATED, (const char *)en, en_len, start,
			end);
}

static int
kring_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
	       int (*emit)(void *, int, const char *, int, int, int))
{
	struct kring_tokenizer *t = (struct kring_tokenizer *)p;
	struct tokenize_ctx tc = { t, ctx, emit };
	return t->base.xTokenize(t->inner, &tc, flags, text, n, stem_token);
}

int
db_fts_register(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) {
		error("database: this SQLite has no FTS5: %s", sqlite3_errmsg(h));
		return -1;
	}
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api) {
		error("database: this SQLite has no FTS5");
		return -1;
	}
	static fts5_tokenizer kring = { kring_create, kring_delete, kring_tokenize };
	if (api->xCreateTokenizer(api, "kring", api, &kring, NULL) != SQLITE_OK) {
		error("database: the search tokenizer could not be registered");
		return -1;
	}
	return 0;
}
