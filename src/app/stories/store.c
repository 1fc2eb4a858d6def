// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of experience stories. No statement here stores an account beside an
 * anonymous or pseudonymous story, a time finer than the hour, or an account beside a reaction
 * or a read; ids of stories come from the service, at random. */
#include "app/stories/stories.h"
#include "app/common/search.h"
#include "base/log.h"
#include <sodium.h>

static const char *const kind_sql[] = { "story", "interview" };
static const char *const state_sql[] = { "draft",    "submitted", "changes",
					 "approved", "published", "withdrawn" };
static const char *const shown_sql[] = { "name", "pseudonym", "anonymous", "anonymous" };
static const char *const audience_sql[] = { "members", "organisation" };
static const char *const reaction_sql[] = { "recognisable", "thanks", "strong" };

static int
index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return 0;
}
#define INDEX_OF(names, s) index_of(names, ARRAY_SIZE(names), s)

static void
bind_blob_or_null(struct db_stmt *st, int idx, const unsigned char *p, size_t n)
{
	if (p)
		db_bind_blob(st, idx, p, n);
	else
		db_bind_null(st, idx);
}

int
stories_store_insert(struct db_conn *c, const struct story_row *r)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO story (id, network_id, kind, state, shown, author_id, pseudonym,"
	       " owner_tag, sealed, claim_hash, audience, title, content_note, body, created_hour)"
	       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, r->s.id);
	db_bind_int(st, 2, r->s.network_id);
	db_bind_text(st, 3, kind_sql[r->s.kind]);
	db_bind_text(st, 4, state_sql[r->s.state]);
	db_bind_text(st, 5, shown_sql[r->s.shown]);
	if (r->author_id)
		db_bind_int(st, 6, r->author_id);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, r->s.shown == STORY_PSEUDONYM ? r->s.author : NULL);
	bind_blob_or_null(st, 8, r->has_tag ? r->tag : NULL, 32);
	bind_blob_or_null(st, 9, r->sealed, r->sealed_len);
	bind_blob_or_null(st, 10, r->s.has_code ? r->claim : NULL, 32);
	db_bind_text(st, 11, audience_sql[r->s.audience]);
	db_bind_text(st, 12, r->s.title);
	db_bind_text(st, 13, r->s.content_note);
	db_bind_text(st, 14, r->s.body);
	db_bind_int(st, 15, r->s.created_hour);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

#define STORY_COLS                                                                                 \
	"s.id, s.network_id, s.kind, s.state, s.shown, s.audience,"                                \
	" coalesce(a.name, s.pseudonym, ''), s.title, s.content_note, s.body, s.review_note,"      \
	" s.created_hour, s.published_hour, coalesce(s.author_id, 0), s.owner_tag, s.claim_hash,"  \
	" s.sealed, s.pinned FROM story s LEFT JOIN account a ON a.id = s.author_id AND s.shown "  \
	"= 'name'"

static void
row_from(struct db_stmt *st, struct arena *a, struct story_row *r, int col)
{
	memset(r, 0, sizeof(*r));
	struct story *s = &r->s;
	s->id = db_col_int(st, col + 0);
	s->network_id = db_col_int(st, col + 1);
	s->kind = (enum story_kind)INDEX_OF(kind_sql, db_col_text(st, col + 2));
	s->state = (enum story_state)INDEX_OF(state_sql, db_col_text(st, col + 3));
	s->shown = (enum story_shown)INDEX_OF(shown_sql, db_col_text(st, col + 4));
	s->audience = (enum story_audience)INDEX_OF(audience_sql, db_col_text(st, col + 5));
	s->author = arena_strdup(a, db_col_text(st, col + 6));
	s->title = arena_strdup(a, db_col_text(st, col + 7));
	s->content_note = arena_strdup(a, db_col_text(st, col + 8));
	s->body = arena_strdup(a, db_col_text(st, col + 9));
	s->review_note = arena_strdup(a, db_col_text(st, col + 10));
	s->created_hour = db_col_int(st, col + 11);
	s->published_hour = db_col_int(st, col + 12);
	r->author_id = db_col_int(st, col + 13);
	size_t n;
	const void *b = db_col_blob(st, col + 14, &n);
	if (b && n == 32) {
		memcpy(r->tag, b, 32);
		r->has_tag = true;
	}
	b = db_col_blob(st, col + 15, &n);
	if (b && n == 32) {
		memcpy(r->claim, b, 32);
		s->has_code = true;
		s->shown = STORY_ONLY_ME;
	}
	b = db_col_blob(st, col + 16, &n);
	if (b && n) {
		unsigned char *copy = arena_alloc(a, n);
		memcpy(copy, b, n);
		r->sealed = copy;
		r->sealed_len = n;
	}
	s->pinned = db_col_int(st, col + 17) != 0;
}

static int
read_rows(struct db_stmt *st, struct arena *a, struct story_row **out, size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct story_row), 16, 0);
	while (db_row(st))
		row_from(st, a, arena_vec_push(&vec), 0);
	*out = vec.items;
	*n = vec.len;
	return db_done(st) ? KR_EDB : KR_OK;
}

int
stories_store_get(struct db_conn *c, struct arena *a, int64_t id, struct story_row *out,
		  bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " STORY_COLS " WHERE s.id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	*found = false;
	if (db_row(st)) {
		row_from(st, a, out, 0);
		*found = true;
	}
	return db_done(st);
}

int
stories_store_by_claim(struct db_conn *c, struct arena *a, const unsigned char claim[32],
		       struct story_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " STORY_COLS " WHERE s.claim_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, claim, 32);
	*found = false;
	if (db_row(st)) {
		row_from(st, a, out, 0);
		*found = true;
	}
	return db_done(st);
}

int
stories_store_update_text(struct db_conn *c, int64_t id, const struct story_writing *w,
			  enum story_state state)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE story SET title = ?, content_note = ?, body = ?, audience = ?,"
			  " state = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, w->title);
	db_bind_text(st, 2, w->content_note);
	db_bind_text(st, 3, w->body);
	db_bind_text(st, 4, audience_sql[w->audience]);
	db_bind_text(st, 5, state_sql[state]);
	db_bind_int(st, 6, id);
	return db_run(st);
}

int
stories_store_set_state(struct db_conn *c, int64_t id, enum story_state state,
			const char *review_note, int64_t published_hour)
{
	/* A NULL note keeps the one there; published_hour 0 keeps the first publication's. */
	struct db_stmt *st = db_prepare(
	    c, "UPDATE story SET state = ?, review_note = coalesce(?, review_note),"
	       " published_hour = CASE WHEN ? > 0 THEN ? ELSE published_hour END WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, state_sql[state]);
	db_bind_text(st, 2, review_note);
	db_bind_int(st, 3, published_hour);
	db_bind_int(st, 4, published_hour);
	db_bind_int(st, 5, id);
	return db_run(st);
}

int
stories_store_delete(struct db_conn *c, int64_t id)
{
	static const char *const sql[] = {
		"DELETE FROM story_reaction WHERE story_id = ?",
		"DELETE FROM story_read WHERE story_id = ?",
		"DELETE FROM story_readers WHERE story_id = ?",
		"DELETE FROM story WHERE id = ?",
	};
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		struct db_stmt *st = db_prepare(c, sql[i]);
		if (!st)
			return KR_EDB;
		db_bind_int(st, 1, id);
		if (db_run(st))
			return KR_EDB;
	}
	return KR_OK;
}

int
stories_store_claim(struct db_conn *c, int64_t id, enum story_shown shown, int64_t author_id,
		    const char *pseudonym, const unsigned char *tag, const unsigned char *sealed,
		    size_t sealed_len)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE story SET shown = ?, author_id = ?, pseudonym = ?, owner_tag = ?,"
			  " sealed = ?, claim_hash = NULL WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, shown_sql[shown]);
	if (author_id)
		db_bind_int(st, 2, author_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, pseudonym);
	bind_blob_or_null(st, 4, tag, 32);
	bind_blob_or_null(st, 5, sealed, sealed_len);
	db_bind_int(st, 6, id);
	return db_run(st);
}

int
stories_store_unlink(struct db_conn *c, int64_t id)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE story SET owner_tag = NULL, sealed = NULL WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st);
}

int
stories_store_relink(struct db_conn *c, int64_t id, const unsigned char tag[32],
		     const unsigned char *sealed, size_t len)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE story SET owner_tag = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, tag, 32);
	db_bind_blob(st, 2, sealed, len);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
stories_store_list(struct db_conn *c, struct arena *a, int64_t network_id, enum story_state state,
		   bool organisation_only, int64_t offset, int64_t limit, struct story_row **out,
		   size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT " STORY_COLS " WHERE s.network_id = ? AND s.state = ?"
	       " AND (? = 0 OR s.audience = 'organisation')"
	       " ORDER BY s.published_hour DESC, s.created_hour DESC, s.id LIMIT ? OFFSET ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, state_sql[state]);
	db_bind_int(st, 3, organisation_only ? 1 : 0);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	return read_rows(st, a, out, n);
}

int
stories_store_search(struct db_conn *c, struct arena *a, const char *match, const int64_t *networks,
		     size_t nnetworks, int64_t offset, int64_t limit, struct story_hit **out,
		     size_t *n)
{
	struct db_stmt *st;
	int i = 1;
	if (db_is_postgres(c)) {
		st = db_prepare(
		    c, "SELECT ts_headline('kring_nl', s.body, x.q, ?), n.slug, n.name, " STORY_COLS
		       " JOIN network n ON n.id = s.network_id"
		       " CROSS JOIN (SELECT websearch_to_tsquery('kring_nl', ?)"
		       " || websearch_to_tsquery('kring_en', ?) AS q) x"
		       " WHERE s.fts @@ x.q AND s.state = 'published'"
		       " AND (s.audience = 'organisation'"
		       " OR s.network_id IN (SELECT value FROM json_each(?)))"
		       " ORDER BY ts_rank(s.fts, x.q) DESC, s.id LIMIT ? OFFSET ?");
		if (!st)
			return KR_EDB;
		db_bind_text(st, i++, search_headline_options);
		db_bind_text(st, i++, match);
		db_bind_text(st, i++, match);
	} else {
		st =
		    db_prepare(c, "SELECT snippet(story_fts, 1, char(2), char(3), '…', 24), n.slug,"
				  " n.name, " STORY_COLS " JOIN story_fts ON story_fts.rowid = s.id"
				  " JOIN network n ON n.id = s.network_id"
				  " WHERE story_fts MATCH ? AND s.state = 'published'"
				  " AND NOT EXISTS (SELECT 1 FROM search_pending w"
				  " WHERE w.kind = 'story' AND w.ref = s.id)"
				  " AND (s.audience = 'organisation'"
				  " OR s.network_id IN (SELECT value FROM json_each(?)))"
				  " ORDER BY bm25(story_fts, 4.0, 1.0), s.id LIMIT ? OFFSET ?");
		if (!st)
			return KR_EDB;
		db_bind_text(st, i++, match);
	}
	db_bind_ids(st, i++, networks, nnetworks);
	db_bind_int(st, i++, limit);
	db_bind_int(st, i++, offset);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct story_hit), 16, 0);
	while (db_row(st)) {
		struct story_hit *h = arena_vec_push(&vec);
		h->snippet = arena_strdup(a, db_col_text(st, 0));
		h->network_slug = arena_strdup(a, db_col_text(st, 1));
		h->network_name = arena_strdup(a, db_col_text(st, 2));
		struct story_row row;
		row_from(st, a, &row, 3);
		h->s = row.s;
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st) ? KR_EDB : KR_OK;
}

int
stories_store_search_index(struct db_conn *c, bool removals_only)
{
	if (db_is_postgres(c))
		return KR_OK;
	struct db_stmt *st;
	if (removals_only) {
		st = db_prepare(c, "DELETE FROM story_fts WHERE rowid IN (SELECT w.ref FROM"
				   " search_pending w WHERE w.kind = 'story' AND NOT EXISTS"
				   " (SELECT 1 FROM story s WHERE s.id = w.ref))");
		if (!st || db_run(st))
			return KR_EDB;
		st = db_prepare(c, "DELETE FROM search_pending WHERE kind = 'story' AND NOT EXISTS"
				   " (SELECT 1 FROM story s WHERE s.id = search_pending.ref)");
		return st ? db_run(st) : KR_EDB;
	}
	st = db_prepare(c, "DELETE FROM story_fts WHERE rowid IN"
			   " (SELECT ref FROM search_pending WHERE kind = 'story')");
	if (!st || db_run(st))
		return KR_EDB;
	st = db_prepare(c, "INSERT INTO story_fts (rowid, title, body) SELECT id, title, body"
			   " FROM story WHERE id IN (SELECT ref FROM search_pending"
			   " WHERE kind = 'story') ORDER BY id");
	if (!st || db_run(st))
		return KR_EDB;
	st = db_prepare(c, "DELETE FROM search_pending WHERE kind = 'story'");
	return st ? db_run(st) : KR_EDB;
}

int
stories_store_named_of(struct db_conn *c, struct arena *a, int64_t author_id,
		       struct story_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " STORY_COLS " WHERE s.author_id = ? AND s.shown = 'name'"
			  " ORDER BY s.created_hour DESC, s.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, author_id);
	return read_rows(st, a, out, n);
}

int
stories_store_tagged(struct db_conn *c, struct arena *a, int64_t network_id, struct story_row **out,
		     size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " STORY_COLS " WHERE s.owner_tag IS NOT NULL"
			  " AND (? = 0 OR s.network_id = ?) ORDER BY s.created_hour DESC, s.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, network_id);
	return read_rows(st, a, out, n);
}

int
stories_store_ids(struct db_conn *c, struct arena *a, int64_t **ids, size_t *n)
{
	return stories_store_ids_of(c, a, 0, ids, n);
}

/* ---- reactions ---- */

int
stories_store_react(struct db_conn *c, int64_t id, const unsigned char reader[32],
		    enum story_reaction kind)
{
	/* One row per reader and story: a second reaction replaces the first, in one statement,
	 * so two at once leave one. */
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO story_reaction (story_id, reader, kind) VALUES (?, ?, ?)"
			  " ON CONFLICT (story_id, reader) DO UPDATE SET kind = excluded.kind");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_blob(st, 2, reader, 32);
	db_bind_text(st, 3, reaction_sql[kind]);
	return db_run(st);
}

int
stories_store_reactions(struct db_conn *c, int64_t id, const unsigned char reader[32],
			int64_t counts[REACT_KINDS], enum story_reaction *mine)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT kind, count(*), max(CASE WHEN reader = ? THEN 1 ELSE 0 END)"
			  " FROM story_reaction WHERE story_id = ? GROUP BY kind");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, reader, 32);
	db_bind_int(st, 2, id);
	for (int i = 0; i < REACT_KINDS; i++)
		counts[i] = 0;
	*mine = REACT_KINDS;
	while (db_row(st)) {
		int k = INDEX_OF(reaction_sql, db_col_text(st, 0));
		counts[k] = db_col_int(st, 1);
		if (db_col_int(st, 2))
			*mine = (enum story_reaction)k;
	}
	return db_done(st);
}

int
stories_store_reaction_of(struct db_conn *c, int64_t id, const unsigned char reader[32],
			  enum story_reaction *kind, bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT kind FROM story_reaction WHERE story_id = ? AND reader = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_blob(st, 2, reader, 32);
	*found = db_row(st);
	if (*found)
		*kind = (enum story_reaction)INDEX_OF(reaction_sql, db_col_text(st, 0));
	return db_done(st);
}

int
stories_store_reaction_delete(struct db_conn *c, int64_t id, const unsigned char reader[32])
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM story_reaction WHERE story_id = ? AND reader = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_blob(st, 2, reader, 32);
	return db_run(st);
}

/* Gives every row of a table random bytes for its reader (key rotation). */
static int
unlink_all(struct db_conn *c, const char *select, const char *update)
{
	struct arena a;
	arena_init(&a);
	struct db_stmt *st = db_prepare(c, select);
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, &a, 48, 64, 0);
	while (db_row(st)) {
		unsigned char *row = arena_vec_push(&vec);
		size_t n;
		const void *b = db_col_blob(st, 1, &n);
		int64_t id = db_col_int(st, 0), month = db_col_int(st, 2);
		memcpy(row, &id, 8);
		memcpy(row + 8, &month, 8);
		memset(row + 16, 0, 32);
		if (b && n == 32)
			memcpy(row + 16, b, 32);
	}
	int err = db_done(st) ? KR_EDB : KR_OK;
	for (size_t i = 0; !err && i < vec.len; i++) {
		unsigned char *row = (unsigned char *)vec.items + i * 48, fresh[32];
		int64_t id, month;
		memcpy(&id, row, 8);
		memcpy(&month, row + 8, 8);
		randombytes_buf(fresh, sizeof(fresh));
		if (!(st = db_prepare(c, update)))
			err = KR_EDB;
		if (!err) {
			db_bind_blob(st, 1, fresh, 32);
			db_bind_int(st, 2, id);
			db_bind_blob(st, 3, row + 16, 32);
			db_bind_int(st, 4, month);
			err = db_run(st);
		}
	}
	arena_release(&a);
	return err;
}

int
stories_store_reactions_unlink_all(struct db_conn *c)
{
	return unlink_all(c, "SELECT story_id, reader, 0 FROM story_reaction",
			  "UPDATE story_reaction SET reader = ? WHERE story_id = ? AND reader = ?"
			  " AND 0 = ?");
}

int
stories_store_reads_unlink_all(struct db_conn *c)
{
	return unlink_all(c, "SELECT story_id, reader, month FROM story_read",
			  "UPDATE story_read SET reader = ? WHERE story_id = ? AND reader = ?"
			  " AND month = ?");
}

/* ---- readers ---- */

int
stories_store_salt(struct db_conn *c, int64_t month, bool make, unsigned char salt[32], bool *found)
{
	struct db_stmt *st;
	if (make) {
		/* Two first readers at once: one salt wins, both then read it. */
		unsigned char fresh[32];
		randombytes_buf(fresh, sizeof(fresh));
		if (!(st = db_prepare(c, "INSERT INTO story_salt (month, salt) VALUES (?, ?)"
					 " ON CONFLICT DO NOTHING")))
			return KR_EDB;
		db_bind_int(st, 1, month);
		db_bind_blob(st, 2, fresh, 32);
		sodium_memzero(fresh, sizeof(fresh));
		if (db_run(st))
			return KR_EDB;
	}
	if (!(st = db_prepare(c, "SELECT salt FROM story_salt WHERE month = ?")))
		return KR_EDB;
	db_bind_int(st, 1, month);
	*found = false;
	if (db_row(st)) {
		size_t n;
		const void *b = db_col_blob(st, 0, &n);
		if (b && n == 32) {
			memcpy(salt, b, 32);
			*found = true;
		}
	}
	return db_done(st);
}

int
stories_store_read(struct db_conn *c, int64_t id, int64_t month, const unsigned char reader[32])
{
	/* Read first: a reader who came before this month writes nothing. */
	struct db_stmt *st = db_prepare(
	    c, "SELECT 1 FROM story_read WHERE story_id = ? AND month = ? AND reader = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, month);
	db_bind_blob(st, 3, reader, 32);
	bool there = db_row(st);
	if (db_done(st))
		return KR_EDB;
	return there ? KR_OK : stories_store_read_add(c, id, month, reader);
}

int
stories_store_read_add(struct db_conn *c, int64_t id, int64_t month, const unsigned char reader[32])
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO story_read (story_id, month, reader)"
					   " VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, month);
	db_bind_blob(st, 3, reader, 32);
	return db_run(st);
}

int
stories_store_read_delete(struct db_conn *c, int64_t id, int64_t month,
			  const unsigned char reader[32])
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM story_read WHERE story_id = ? AND month = ? AND reader = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, month);
	db_bind_blob(st, 3, reader, 32);
	return db_run(st);
}

int
stories_store_readers(struct db_conn *c, int64_t id, int64_t month, int64_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT (SELECT count(*) FROM story_read WHERE story_id = ? AND month = ?)"
	       " + coalesce((SELECT readers FROM story_readers WHERE story_id = ? AND month = ?),"
	       " 0)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, month);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, month);
	*n = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
stories_store_most_read(struct db_conn *c, struct arena *a, int64_t network_id, int64_t month,
			struct story_read_count **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT m.readers, " STORY_COLS " JOIN (SELECT story_id, sum(n) AS readers FROM ("
	       "SELECT story_id, count(*) AS n FROM story_read WHERE month = ? GROUP BY story_id"
	       " UNION ALL SELECT story_id, readers AS n FROM story_readers WHERE month = ?) u"
	       " GROUP BY story_id) m ON m.story_id = s.id"
	       " WHERE s.network_id = ? AND s.state = 'published'"
	       " ORDER BY m.readers DESC, s.id LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, month);
	db_bind_int(st, 2, month);
	db_bind_int(st, 3, network_id);
	db_bind_int(st, 4, STORIES_MOST_READ);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct story_read_count), 16, 0);
	while (db_row(st)) {
		struct story_read_count *rc = arena_vec_push(&vec);
		struct story_row r;
		row_from(st, a, &r, 1);
		rc->s = r.s;
		rc->readers = db_col_int(st, 0);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st) ? KR_EDB : KR_OK;
}

int
stories_store_close_months(struct db_conn *c, int64_t month, int64_t *erased)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM story_read WHERE month < ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, month);
	*erased = db_row(st) ? db_col_int(st, 0) : 0;
	if (db_done(st))
		return KR_EDB;
	/* The counts of a closed month are added to what is kept (the large demo keeps its
	 * closed months as counts only), then the hashes and salts go. */
	static const char *const sql[] = {
		"INSERT INTO story_readers (story_id, month, readers)"
		" SELECT story_id, month, count(*) FROM story_read WHERE month < ?"
		" GROUP BY story_id, month ON CONFLICT (story_id, month)"
		" DO UPDATE SET readers = story_readers.readers + excluded.readers",
		"DELETE FROM story_read WHERE month < ?",
		"DELETE FROM story_salt WHERE month < ?",
	};
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		if (!(st = db_prepare(c, sql[i])))
			return KR_EDB;
		db_bind_int(st, 1, month);
		if (db_run(st))
			return KR_EDB;
	}
	return KR_OK;
}

int
stories_store_readers_insert(struct db_conn *c, int64_t id, int64_t month, int64_t readers)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO story_readers (story_id, month, readers) VALUES (?, ?, ?)"
	       " ON CONFLICT (story_id, month) DO UPDATE SET readers = excluded.readers");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, month);
	db_bind_int(st, 3, readers);
	return db_run(st);
}

/* ---- comments ---- */

int
stories_store_comment_next(struct db_conn *c, int64_t story_id, bool label, int64_t *seq,
			   int64_t *next_label)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT comment_seq, comment_label FROM story WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, story_id);
	bool found = db_row(st);
	if (found) {
		*seq = db_col_int(st, 0);
		*next_label = db_col_int(st, 1);
	}
	if (db_done(st))
		return KR_EDB;
	if (!found)
		return KR_ENOTFOUND;
	st = db_prepare(c, "UPDATE story SET comment_seq = comment_seq + 1,"
			   " comment_label = comment_label + ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, label ? 1 : 0);
	db_bind_int(st, 2, story_id);
	return db_run(st);
}

int
stories_store_comment_label(struct db_conn *c, int64_t story_id, const unsigned char tag[32],
			    int64_t *label)
{
	struct db_stmt *st = db_prepare(c, "SELECT label FROM story_comment WHERE story_id = ?"
					   " AND owner_tag = ? AND label > 0 LIMIT 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, story_id);
	db_bind_blob(st, 2, tag, 32);
	*label = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
stories_store_comment_insert(struct db_conn *c, const struct story_comment_row *r)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO story_comment (id, story_id, seq, shown, author_id, pseudonym, label,"
	       " owner_tag, sealed, claim_hash, body, created_hour) VALUES"
	       " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, r->m.id);
	db_bind_int(st, 2, r->m.story_id);
	db_bind_int(st, 3, r->m.seq);
	db_bind_text(st, 4, shown_sql[r->m.shown]);
	if (r->author_id)
		db_bind_int(st, 5, r->author_id);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, r->m.shown == STORY_PSEUDONYM ? r->m.author : NULL);
	db_bind_int(st, 7, r->m.label);
	bind_blob_or_null(st, 8, r->has_tag ? r->tag : NULL, 32);
	bind_blob_or_null(st, 9, r->sealed, r->sealed_len);
	bind_blob_or_null(st, 10, r->m.has_code ? r->claim : NULL, 32);
	db_bind_text(st, 11, r->m.body);
	db_bind_int(st, 12, r->m.created_hour);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

#define COMMENT_COLS                                                                               \
	"m.id, m.story_id, m.seq, m.shown, coalesce(a.name, m.pseudonym, ''),"                     \
	" coalesce(m.author_id, 0), m.label, m.owner_tag, m.claim_hash, m.body, m.created_hour,"   \
	" m.edited, m.sealed, m.hidden_reason, s.title, s.network_id"                              \
	" FROM story_comment m JOIN story s ON s.id = m.story_id"                                  \
	" LEFT JOIN account a ON a.id = m.author_id AND m.shown = 'name'"

static void
comment_from(struct db_stmt *st, struct arena *a, struct story_comment_row *r)
{
	memset(r, 0, sizeof(*r));
	struct story_comment *m = &r->m;
	m->id = db_col_int(st, 0);
	m->story_id = db_col_int(st, 1);
	m->seq = db_col_int(st, 2);
	m->shown = (enum story_shown)INDEX_OF(shown_sql, db_col_text(st, 3));
	m->author = arena_strdup(a, db_col_text(st, 4));
	r->author_id = db_col_int(st, 5);
	m->label = db_col_int(st, 6);
	size_t n;
	const void *b = db_col_blob(st, 7, &n);
	if (b && n == 32) {
		memcpy(r->tag, b, 32);
		r->has_tag = true;
	}
	b = db_col_blob(st, 8, &n);
	if (b && n == 32) {
		memcpy(r->claim, b, 32);
		m->has_code = true;
		m->shown = STORY_ONLY_ME;
	}
	m->body = arena_strdup(a, db_col_text(st, 9));
	m->created_hour = db_col_int(st, 10);
	m->edited = db_col_int(st, 11) != 0;
	b = db_col_blob(st, 12, &n);
	if (b && n) {
		unsigned char *copy = arena_alloc(a, n);
		memcpy(copy, b, n);
		r->sealed = copy;
		r->sealed_len = n;
	}
	m->hidden = db_col_is_null(st, 13) ? NULL : arena_strdup(a, db_col_text(st, 13));
	m->title = arena_strdup(a, db_col_text(st, 14));
	m->network_id = db_col_int(st, 15);
}

static int
read_comments(struct db_stmt *st, struct arena *a, struct arena_vec *vec)
{
	while (db_row(st))
		comment_from(st, a, arena_vec_push(vec));
	return db_done(st) ? KR_EDB : KR_OK;
}

int
stories_store_comments(struct db_conn *c, struct arena *a, int64_t story_id, int64_t offset,
		       int64_t limit, struct story_comment_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT " COMMENT_COLS " WHERE m.story_id = ?"
					   " ORDER BY m.seq LIMIT ? OFFSET ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, story_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct story_comment_row), 16, 0);
	int err = read_comments(st, a, &vec);
	*out = vec.items;
	*n = vec.len;
	return err;
}

int
stories_store_comment(struct db_conn *c, struct arena *a, int64_t id, struct story_comment_row *out,
		      bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " COMMENT_COLS " WHERE m.id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	*found = false;
	if (db_row(st)) {
		comment_from(st, a, out);
		*found = true;
	}
	return db_done(st);
}

int
stories_store_comments_tagged(struct db_conn *c, struct arena *a, int64_t story_id,
			      const unsigned char tags[2][32], struct arena_vec *vec)
{
	struct db_stmt *st = db_prepare(c, "SELECT " COMMENT_COLS " WHERE m.story_id = ?"
					   " AND m.owner_tag IN (?, ?) ORDER BY m.seq");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, story_id);
	db_bind_blob(st, 2, tags[0], 32);
	db_bind_blob(st, 3, tags[1], 32);
	return read_comments(st, a, vec);
}

int
stories_store_comments_named_of(struct db_conn *c, struct arena *a, int64_t author_id,
				struct arena_vec *vec)
{
	struct db_stmt *st = db_prepare(c, "SELECT " COMMENT_COLS " WHERE m.author_id = ?"
					   " AND m.shown = 'name' ORDER BY s.id, m.seq");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, author_id);
	return read_comments(st, a, vec);
}

int
stories_store_comments_sealed(struct db_conn *c, struct arena *a, struct arena_vec *vec)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " COMMENT_COLS " WHERE m.sealed IS NOT NULL ORDER BY m.id");
	if (!st)
		return KR_EDB;
	return read_comments(st, a, vec);
}

static int
comment_update(struct db_conn *c, const char *sql, int64_t id, const char *text)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (!st)
		return KR_EDB;
	int i = 1;
	if (text)
		db_bind_text(st, i++, text);
	db_bind_int(st, i, id);
	return db_run(st);
}

int
stories_store_comment_body(struct db_conn *c, int64_t id, const char *body)
{
	return comment_update(c, "UPDATE story_comment SET body = ?, edited = 1 WHERE id = ?", id,
			      body);
}

int
stories_store_comment_hidden(struct db_conn *c, int64_t id, const char *reason)
{
	if (!reason)
		return comment_update(
		    c, "UPDATE story_comment SET hidden_reason = NULL WHERE id = ?", id, NULL);
	return comment_update(c, "UPDATE story_comment SET hidden_reason = ? WHERE id = ?", id,
			      reason);
}

int
stories_store_comment_delete(struct db_conn *c, int64_t id)
{
	return comment_update(c, "DELETE FROM story_comment WHERE id = ?", id, NULL);
}

int
stories_store_comment_unlink(struct db_conn *c, int64_t id)
{
	return comment_update(
	    c, "UPDATE story_comment SET owner_tag = NULL, sealed = NULL WHERE id = ?", id, NULL);
}

int
stories_store_comment_relink(struct db_conn *c, int64_t id, const unsigned char tag[32],
			     const unsigned char *sealed, size_t len)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE story_comment SET owner_tag = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, tag, 32);
	db_bind_blob(st, 2, sealed, len);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
stories_store_ids_of(struct db_conn *c, struct arena *a, int64_t network_id, int64_t **ids,
		     size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id FROM story WHERE ? = 0 OR network_id = ? ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, network_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 64, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	*ids = vec.items;
	*n = vec.len;
	return db_done(st) ? KR_EDB : KR_OK;
}

/* ---- pins ---- */

int
stories_store_set_pinned(struct db_conn *c, int64_t id, bool pinned)
{
	struct db_stmt *st = db_prepare(c, "UPDATE story SET pinned = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, pinned ? 1 : 0);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
stories_store_pinned(struct db_conn *c, struct arena *a, int64_t network_id, bool organisation_only,
		     int64_t limit, struct story_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " STORY_COLS " WHERE s.network_id = ? AND s.pinned = 1"
			  " AND s.state = 'published' AND (? = 0 OR s.audience = 'organisation')"
			  " ORDER BY s.published_hour DESC, s.id LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, organisation_only ? 1 : 0);
	db_bind_int(st, 3, limit);
	return read_rows(st, a, out, n);
}
