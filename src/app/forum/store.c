// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of the forum. No statement here stores an account beside an anonymous or
 * pseudonymous post, nor a time finer than the hour; ids of topics and posts come from the
 * service, at random. */
#include "app/forum/forum.h"
#include "app/common/search.h"
#include "base/log.h"

static void
bind_subgroup(struct db_stmt *st, int idx, int64_t subgroup_id)
{
	if (subgroup_id)
		db_bind_int(st, idx, subgroup_id);
	else
		db_bind_null(st, idx);
}

static void
bind_blob_or_null(struct db_stmt *st, int idx, const unsigned char *p, size_t n)
{
	if (p)
		db_bind_blob(st, idx, p, n);
	else
		db_bind_null(st, idx);
}

int
forum_store_category_insert(struct db_conn *c, int64_t network_id, int64_t subgroup_id,
			    const char *name, const char *description, int64_t *id)
{
	struct db_stmt *st = db_prepare(c, "INSERT INTO forum_category (network_id, subgroup_id,"
					   " name, description) VALUES (?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	bind_subgroup(st, 2, subgroup_id);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, description);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

static void
category_from_row(struct db_stmt *st, struct arena *a, struct forum_category *g)
{
	g->id = db_col_int(st, 0);
	g->network_id = db_col_int(st, 1);
	g->subgroup_id = db_col_int(st, 2);
	g->name = arena_strdup(a, db_col_text(st, 3));
	g->description = arena_strdup(a, db_col_text(st, 4));
	g->topics = db_col_int(st, 5);
}

int
forum_store_categories(struct db_conn *c, struct arena *a, int64_t network_id, int64_t subgroup_id,
		       int64_t offset, int64_t limit, struct forum_category **out, size_t *n,
		       int64_t *total)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT count(*) FROM forum_category WHERE network_id = ?"
			  " AND subgroup_id IS NOT DISTINCT FROM ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	bind_subgroup(st, 2, subgroup_id);
	*total = db_row(st) ? db_col_int(st, 0) : 0;
	if (db_done(st))
		return KR_EDB;
	st = db_prepare(c, "SELECT g.id, g.network_id, coalesce(g.subgroup_id, 0), g.name,"
			   " g.description, (SELECT count(*) FROM forum_topic t"
			   " WHERE t.category_id = g.id) FROM forum_category g"
			   " WHERE g.network_id = ? AND g.subgroup_id IS NOT DISTINCT FROM ?"
			   " ORDER BY g.name, g.id LIMIT ? OFFSET ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	bind_subgroup(st, 2, subgroup_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct forum_category), 8, 0);
	while (db_row(st))
		category_from_row(st, a, arena_vec_push(&vec));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
forum_store_category(struct db_conn *c, struct arena *a, int64_t id, struct forum_category *out,
		     bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT g.id, g.network_id, coalesce(g.subgroup_id, 0), g.name,"
			  " g.description, 0 FROM forum_category g WHERE g.id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	*found = false;
	if (db_row(st)) {
		category_from_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

int
forum_store_topic_insert(struct db_conn *c, int64_t id, int64_t category_id, const char *title,
			 int64_t hour)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO forum_topic (id, category_id, title, created_hour, last_hour)"
	       " VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, category_id);
	db_bind_text(st, 3, title);
	db_bind_int(st, 4, hour);
	db_bind_int(st, 5, hour);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

#define TOPIC_COLS                                                                                 \
	"t.id, t.category_id, g.network_id, coalesce(g.subgroup_id, 0), t.title, t.created_hour,"  \
	" t.last_hour, t.posts FROM forum_topic t JOIN forum_category g ON g.id = t.category_id"

static void
topic_from_row(struct db_stmt *st, struct arena *a, struct forum_topic *t)
{
	t->id = db_col_int(st, 0);
	t->category_id = db_col_int(st, 1);
	t->network_id = db_col_int(st, 2);
	t->subgroup_id = db_col_int(st, 3);
	t->title = arena_strdup(a, db_col_text(st, 4));
	t->created_hour = db_col_int(st, 5);
	t->last_hour = db_col_int(st, 6);
	t->posts = db_col_int(st, 7);
}

int
forum_store_topics(struct db_conn *c, struct arena *a, int64_t category_id, int64_t offset,
		   int64_t limit, struct forum_topic **out, size_t *n, int64_t *total)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT count(*) FROM forum_topic WHERE category_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, category_id);
	*total = db_row(st) ? db_col_int(st, 0) : 0;
	if (db_done(st))
		return KR_EDB;
	st = db_prepare(c, "SELECT " TOPIC_COLS " WHERE t.category_id = ?"
			   " ORDER BY t.last_hour DESC, t.id DESC LIMIT ? OFFSET ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, category_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct forum_topic), 16, 0);
	while (db_row(st))
		topic_from_row(st, a, arena_vec_push(&vec));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
forum_store_topic(struct db_conn *c, struct arena *a, int64_t id, struct forum_topic *out,
		  bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " TOPIC_COLS " WHERE t.id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	*found = false;
	if (db_row(st)) {
		topic_from_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

int
forum_store_topic_ids(struct db_conn *c, struct arena *a, int64_t network_id, int64_t subgroup_id,
		      int64_t **ids, size_t *n)
{
	struct db_stmt *st;
	if (network_id == 0)
		st = db_prepare(c, "SELECT id FROM forum_topic ORDER BY id");
	else if (subgroup_id < 0)
		st = db_prepare(c, "SELECT t.id FROM forum_topic t JOIN forum_category g"
				   " ON g.id = t.category_id WHERE g.network_id = ? ORDER BY t.id");
	else
		st = db_prepare(c, "SELECT t.id FROM forum_topic t JOIN forum_category g"
				   " ON g.id = t.category_id WHERE g.network_id = ?"
				   " AND g.subgroup_id IS NOT DISTINCT FROM ? ORDER BY t.id");
	if (!st)
		return KR_EDB;
	if (network_id) {
		db_bind_int(st, 1, network_id);
		if (subgroup_id >= 0)
			bind_subgroup(st, 2, subgroup_id);
	}
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 64, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*ids = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
forum_store_topic_next(struct db_conn *c, int64_t topic_id, bool label, int64_t *seq,
		       int64_t *next_label)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT next_seq, next_label FROM forum_topic WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, topic_id);
	bool found = db_row(st);
	if (found) {
		*seq = db_col_int(st, 0);
		*next_label = db_col_int(st, 1);
	}
	if (db_done(st))
		return KR_EDB;
	if (!found)
		return KR_ENOTFOUND;
	st = db_prepare(c, "UPDATE forum_topic SET next_seq = next_seq + 1,"
			   " next_label = next_label + ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, label ? 1 : 0);
	db_bind_int(st, 2, topic_id);
	return db_run(st);
}

int
forum_store_topic_touch(struct db_conn *c, int64_t topic_id, int64_t hour, int64_t posts_delta)
{
	struct db_stmt *st = db_prepare(c, "UPDATE forum_topic SET posts = posts + ?,"
					   " last_hour = CASE WHEN last_hour < ? THEN ?"
					   " ELSE last_hour END WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, posts_delta);
	db_bind_int(st, 2, hour);
	db_bind_int(st, 3, hour);
	db_bind_int(st, 4, topic_id);
	return db_run(st);
}

int
forum_store_topic_title(struct db_conn *c, int64_t topic_id, const char *title)
{
	struct db_stmt *st = db_prepare(c, "UPDATE forum_topic SET title = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, title);
	db_bind_int(st, 2, topic_id);
	return db_run(st);
}

int
forum_store_topic_delete(struct db_conn *c, int64_t topic_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM forum_topic WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, topic_id);
	return db_run(st);
}

int
forum_store_label_of(struct db_conn *c, int64_t topic_id, const unsigned char tag[32],
		     int64_t *label)
{
	struct db_stmt *st = db_prepare(c, "SELECT label FROM forum_post WHERE topic_id = ?"
					   " AND owner_tag = ? AND label > 0 LIMIT 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, topic_id);
	db_bind_blob(st, 2, tag, 32);
	*label = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

static const char *const shown_sql[] = { "name", "pseudonym", "anonymous", "anonymous", "deleted" };

int
forum_store_post_insert(struct db_conn *c, const struct forum_post_row *p)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO forum_post (id, topic_id, seq, shown, author_id, pseudonym, label,"
	       " owner_tag, sealed, claim_hash, body, created_hour) VALUES"
	       " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, p->id);
	db_bind_int(st, 2, p->topic_id);
	db_bind_int(st, 3, p->seq);
	db_bind_text(st, 4, shown_sql[p->shown]);
	if (p->author_id)
		db_bind_int(st, 5, p->author_id);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, p->shown == FORUM_PSEUDONYM ? p->author : NULL);
	db_bind_int(st, 7, p->label);
	bind_blob_or_null(st, 8, p->has_tag ? p->tag : NULL, 32);
	bind_blob_or_null(st, 9, p->sealed, p->sealed_len);
	bind_blob_or_null(st, 10, p->has_code ? p->claim : NULL, 32);
	db_bind_text(st, 11, p->body);
	db_bind_int(st, 12, p->created_hour);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

#define POST_COLS                                                                                  \
	"p.id, p.topic_id, p.seq, p.shown, coalesce(a.name, p.pseudonym, ''),"                     \
	" coalesce(p.author_id, 0), p.label, p.owner_tag, p.claim_hash, p.body, p.created_hour,"   \
	" p.edited, p.sealed, t.title, g.network_id, coalesce(g.subgroup_id, 0)"                   \
	" FROM forum_post p JOIN forum_topic t ON t.id = p.topic_id"                               \
	" JOIN forum_category g ON g.id = t.category_id"                                           \
	" LEFT JOIN account a ON a.id = p.author_id AND p.shown = 'name'"

static void
post_from_row(struct db_stmt *st, struct arena *a, struct forum_post_row *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_col_int(st, 0);
	p->topic_id = db_col_int(st, 1);
	p->seq = db_col_int(st, 2);
	const char *shown = db_col_text(st, 3);
	p->shown = FORUM_DELETED;
	for (int i = 0; i < 3; i++)
		if (strcmp(shown, shown_sql[i]) == 0)
			p->shown = (enum forum_shown)i;
	p->author = arena_strdup(a, db_col_text(st, 4));
	p->author_id = db_col_int(st, 5);
	p->label = db_col_int(st, 6);
	size_t n;
	const void *b = db_col_blob(st, 7, &n);
	if (b && n == 32) {
		memcpy(p->tag, b, 32);
		p->has_tag = true;
	}
	b = db_col_blob(st, 8, &n);
	if (b && n == 32) {
		memcpy(p->claim, b, 32);
		p->has_code = true;
		if (p->shown == FORUM_ANONYMOUS)
			p->shown = FORUM_ONLY_ME;
	}
	p->body = arena_strdup(a, db_col_text(st, 9));
	p->created_hour = db_col_int(st, 10);
	p->edited = db_col_int(st, 11) != 0;
	b = db_col_blob(st, 12, &n);
	if (b && n) {
		unsigned char *copy = arena_alloc(a, n);
		memcpy(copy, b, n);
		p->sealed = copy;
		p->sealed_len = n;
	}
	p->title = arena_strdup(a, db_col_text(st, 13));
	p->network_id = db_col_int(st, 14);
	p->subgroup_id = db_col_int(st, 15);
}

static int
read_posts(struct db_stmt *st, struct arena *a, struct arena_vec *vec)
{
	while (db_row(st))
		post_from_row(st, a, arena_vec_push(vec));
	return db_done(st) ? KR_EDB : KR_OK;
}

int
forum_store_posts(struct db_conn *c, struct arena *a, int64_t topic_id, int64_t offset,
		  int64_t limit, struct forum_post_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT " POST_COLS " WHERE p.topic_id = ?"
					   " ORDER BY p.seq LIMIT ? OFFSET ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, topic_id);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct forum_post_row), 16, 0);
	int err = read_posts(st, a, &vec);
	*out = vec.items;
	*n = vec.len;
	return err;
}

int
forum_store_post(struct db_conn *c, struct arena *a, int64_t id, struct forum_post_row *out,
		 bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " POST_COLS " WHERE p.id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	*found = false;
	if (db_row(st)) {
		post_from_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

/* The columns of a search hit after the backend's own first column (the snippet). */
#define SEARCH_COLS                                                                                \
	" p.topic_id, p.seq, p.shown, p.claim_hash IS NOT NULL, coalesce(a.name, p.pseudonym, "    \
	"''),"                                                                                     \
	" p.label, t.title, n.slug, coalesce(s.slug, ''), coalesce(s.name, n.name),"               \
	" (SELECT count(*) FROM forum_post q WHERE q.topic_id = p.topic_id AND q.seq < p.seq)"
#define SEARCH_FROM                                                                                \
	" JOIN forum_topic t ON t.id = p.topic_id JOIN forum_category g ON g.id = t.category_id"   \
	" JOIN network n ON n.id = g.network_id LEFT JOIN subgroup s ON s.id = g.subgroup_id"      \
	" LEFT JOIN account a ON a.id = p.author_id AND p.shown = 'name'"
#define SEARCH_GROUPS                                                                              \
	" AND p.shown <> 'deleted' AND ((g.subgroup_id IS NULL AND g.network_id IN"                \
	" (SELECT value FROM json_each(?))) OR g.subgroup_id IN (SELECT value FROM json_each(?)))"

int
forum_store_search(struct db_conn *c, struct arena *a, const char *match, const int64_t *networks,
		   size_t nnetworks, const int64_t *subgroups, size_t nsubgroups, int64_t offset,
		   int64_t limit, struct forum_search_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st;
	int i = 1;
	if (db_is_postgres(c)) {
		st = db_prepare(
		    c, "SELECT ts_headline('kring_nl', p.body, x.q, ?)," SEARCH_COLS
		       " FROM forum_post p" SEARCH_FROM
		       " CROSS JOIN (SELECT websearch_to_tsquery('kring_nl', ?)"
		       " || websearch_to_tsquery('kring_en', ?) AS q) x"
		       " WHERE (p.fts @@ x.q OR (p.seq = 1 AND t.fts @@ x.q))" SEARCH_GROUPS
		       " ORDER BY ts_rank(p.fts, x.q) + CASE WHEN p.seq = 1"
		       " THEN 4 * ts_rank(t.fts, x.q) ELSE 0 END DESC, p.id LIMIT ? OFFSET ?");
		if (!st)
			return KR_EDB;
		db_bind_text(st, i++, search_headline_options);
		db_bind_text(st, i++, match);
		db_bind_text(st, i++, match);
	} else {
		st = db_prepare(
		    c,
		    "SELECT snippet(forum_post_fts, 1, char(2), char(3), '…', 24)," SEARCH_COLS
		    " FROM forum_post_fts JOIN forum_post p ON p.id = "
		    "forum_post_fts.rowid" SEARCH_FROM " WHERE forum_post_fts MATCH ?" SEARCH_GROUPS
		    " AND NOT EXISTS (SELECT 1 FROM search_pending w"
		    " WHERE w.kind = 'forum' AND w.ref = p.id)"
		    " ORDER BY bm25(forum_post_fts, 4.0, 1.0), p.id LIMIT ? OFFSET ?");
		if (!st)
			return KR_EDB;
		db_bind_text(st, i++, match);
	}
	db_bind_ids(st, i++, networks, nnetworks);
	db_bind_ids(st, i++, subgroups, nsubgroups);
	db_bind_int(st, i++, limit);
	db_bind_int(st, i++, offset);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct forum_search_row), 16, 0);
	while (db_row(st)) {
		struct forum_search_row *r = arena_vec_push(&vec);
		r->snippet = arena_strdup(a, db_col_text(st, 0));
		r->topic_id = db_col_int(st, 1);
		r->seq = db_col_int(st, 2);
		const char *shown = db_col_text(st, 3);
		r->shown = FORUM_DELETED;
		for (int k = 0; k < 3; k++)
			if (strcmp(shown, shown_sql[k]) == 0)
				r->shown = (enum forum_shown)k;
		r->author = arena_strdup(a, db_col_text(st, 5));
		r->label = db_col_int(st, 6);
		r->title = arena_strdup(a, db_col_text(st, 7));
		r->network_slug = arena_strdup(a, db_col_text(st, 8));
		r->subgroup_slug = arena_strdup(a, db_col_text(st, 9));
		r->group_name = arena_strdup(a, db_col_text(st, 10));
		r->before = db_col_int(st, 11);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
forum_store_search_index(struct db_conn *c, bool removals_only)
{
	if (db_is_postgres(c))
		return KR_OK;
	struct db_stmt *st;
	if (removals_only) {
		st = db_prepare(c,
				"DELETE FROM forum_post_fts WHERE rowid IN (SELECT w.ref FROM"
				" search_pending w WHERE w.kind = 'forum' AND NOT EXISTS (SELECT 1"
				" FROM forum_post p WHERE p.id = w.ref AND p.shown <> 'deleted'))");
		if (!st || db_run(st))
			return KR_EDB;
		st = db_prepare(c, "DELETE FROM search_pending WHERE kind = 'forum' AND NOT EXISTS"
				   " (SELECT 1 FROM forum_post p WHERE p.id = search_pending.ref"
				   " AND p.shown <> 'deleted')");
		return st ? db_run(st) : KR_EDB;
	}
	st = db_prepare(c, "DELETE FROM forum_post_fts WHERE rowid IN"
			   " (SELECT ref FROM search_pending WHERE kind = 'forum')");
	if (!st || db_run(st))
		return KR_EDB;
	st = db_prepare(c, "INSERT INTO forum_post_fts (rowid, title, body)"
			   " SELECT p.id, CASE WHEN p.seq = 1 THEN t.title ELSE '' END, p.body"
			   " FROM forum_post p JOIN forum_topic t ON t.id = p.topic_id"
			   " WHERE p.id IN (SELECT ref FROM search_pending WHERE kind = 'forum')"
			   " AND p.shown <> 'deleted' ORDER BY p.id");
	if (!st || db_run(st))
		return KR_EDB;
	st = db_prepare(c, "DELETE FROM search_pending WHERE kind = 'forum'");
	return st ? db_run(st) : KR_EDB;
}

int
forum_store_posts_tagged(struct db_conn *c, struct arena *a, int64_t topic_id,
			 const unsigned char tags[2][32], struct arena_vec *vec)
{
	struct db_stmt *st = db_prepare(c, "SELECT " POST_COLS " WHERE p.topic_id = ?"
					   " AND p.owner_tag IN (?, ?) ORDER BY p.seq");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, topic_id);
	db_bind_blob(st, 2, tags[0], 32);
	db_bind_blob(st, 3, tags[1], 32);
	return read_posts(st, a, vec);
}

int
forum_store_named_of(struct db_conn *c, struct arena *a, int64_t author_id,
		     struct forum_post_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT " POST_COLS " WHERE p.author_id = ?"
					   " AND p.shown = 'name' ORDER BY t.id, p.seq");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, author_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct forum_post_row), 16, 0);
	int err = read_posts(st, a, &vec);
	*out = vec.items;
	*n = vec.len;
	return err;
}

int
forum_store_sealed_all(struct db_conn *c, struct arena *a, struct forum_post_row **out, size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " POST_COLS " WHERE p.sealed IS NOT NULL ORDER BY p.id");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct forum_post_row), 64, 0);
	int err = read_posts(st, a, &vec);
	*out = vec.items;
	*n = vec.len;
	return err;
}

int
forum_store_post_body(struct db_conn *c, int64_t id, const char *body)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE forum_post SET body = ?, edited = 1 WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, body);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
forum_store_post_delete(struct db_conn *c, int64_t id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM forum_post WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st);
}

int
forum_store_post_blank(struct db_conn *c, int64_t id)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE forum_post SET shown = 'deleted', author_id = NULL, pseudonym = NULL,"
	       " label = 0, owner_tag = NULL, sealed = NULL, claim_hash = NULL, body = '',"
	       " edited = 0 WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st);
}

int
forum_store_post_claim(struct db_conn *c, int64_t id, enum forum_shown shown, int64_t author_id,
		       const char *pseudonym, const unsigned char *tag, const unsigned char *sealed,
		       size_t sealed_len)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE forum_post SET shown = ?, author_id = ?, pseudonym = ?, label = 0,"
	       " owner_tag = ?, sealed = ?, claim_hash = NULL WHERE id = ?");
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
forum_store_post_unlink(struct db_conn *c, int64_t id)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE forum_post SET owner_tag = NULL, sealed = NULL WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st);
}

int
forum_store_post_relink(struct db_conn *c, int64_t id, const unsigned char tag[32],
			const unsigned char *sealed, size_t len)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE forum_post SET owner_tag = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, tag, 32);
	db_bind_blob(st, 2, sealed, len);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
forum_store_live_posts(struct db_conn *c, int64_t topic_id, int64_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM forum_post WHERE topic_id = ?"
					   " AND shown <> 'deleted'");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, topic_id);
	*n = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}
