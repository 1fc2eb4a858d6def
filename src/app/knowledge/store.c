// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of the knowledge base (migration 0022). */
#include "app/knowledge/knowledge.h"
#include "app/common/search.h"

int
knowledge_store_page_insert(struct db_conn *c, int64_t network_id, const struct knowledge_edit *e,
			    int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO knowledge_page (network_id, audience, version, title, body, keeper_id,"
	       " checked_at, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_text(st, 2, knowledge_audience_name(e->audience));
	db_bind_text(st, 3, e->title);
	db_bind_text(st, 4, e->body);
	if (e->keeper_id)
		db_bind_int(st, 5, e->keeper_id);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now);
	db_bind_int(st, 8, now);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
knowledge_store_page_update(struct db_conn *c, int64_t page_id, int64_t base_version,
			    const struct knowledge_edit *e, int64_t now)
{
	/* The version in the WHERE is the optimistic check: two saves based on the same version
	 * cannot both change the row, whatever runs in parallel. */
	struct db_stmt *st = db_prepare(
	    c, "UPDATE knowledge_page SET version = version + 1, audience = ?, title = ?, body = ?,"
	       " keeper_id = ?, checked_at = ?, checked_by = NULL, reminded = 0, updated_at = ?"
	       " WHERE id = ? AND version = ?");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, knowledge_audience_name(e->audience));
	db_bind_text(st, 2, e->title);
	db_bind_text(st, 3, e->body);
	if (e->keeper_id)
		db_bind_int(st, 4, e->keeper_id);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, page_id);
	db_bind_int(st, 8, base_version);
	if (db_run(st))
		return KR_EDB;
	return db_changes(c) == 1 ? KR_OK : KR_ECONFLICT;
}

int
knowledge_store_version_insert(struct db_conn *c, int64_t page_id, int64_t version,
			       const struct knowledge_edit *e, int64_t author_id, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO knowledge_version (page_id, version, title, body, audience, note,"
	       " author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, page_id);
	db_bind_int(st, 2, version);
	db_bind_text(st, 3, e->title);
	db_bind_text(st, 4, e->body);
	db_bind_text(st, 5, knowledge_audience_name(e->audience));
	db_bind_text(st, 6, e->note ? e->note : "");
	if (author_id)
		db_bind_int(st, 7, author_id);
	else
		db_bind_null(st, 7);
	db_bind_int(st, 8, now);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	return KR_OK;
}

int
knowledge_store_checked(struct db_conn *c, int64_t page_id, int64_t actor_id, int64_t now,
			bool *found)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE knowledge_page SET checked_at = ?, checked_by = ?,"
			  " reminded = 0 WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, actor_id);
	db_bind_int(st, 3, page_id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
knowledge_store_pinned(struct db_conn *c, int64_t page_id, bool pinned, bool *found)
{
	struct db_stmt *st = db_prepare(c, "UPDATE knowledge_page SET pinned = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, pinned ? 1 : 0);
	db_bind_int(st, 2, page_id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
knowledge_store_page_delete(struct db_conn *c, int64_t page_id, int64_t network_id, bool *found)
{
	/* Its versions go with it (ON DELETE CASCADE); its index entry through search_pending. */
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM knowledge_page WHERE id = ? AND network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, page_id);
	db_bind_int(st, 2, network_id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

#define PAGE_COLS                                                                                  \
	"p.id, p.network_id, p.audience, p.version, p.title, p.body, coalesce(p.keeper_id, 0),"    \
	" coalesce(k.name, ''), p.pinned, p.checked_at, coalesce(p.checked_by, 0),"                \
	" coalesce(b.name, ''), p.created_at, p.updated_at FROM knowledge_page p"                  \
	" LEFT JOIN account k ON k.id = p.keeper_id LEFT JOIN account b ON b.id = p.checked_by"

int
knowledge_store_pages(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
		      int64_t keeper_id, bool with_members, bool pinned_only, size_t limit,
		      size_t offset, struct knowledge_page **out, size_t *n)
{
	struct db_stmt *st;
	if (id) {
		st = db_prepare(c, "SELECT " PAGE_COLS " WHERE p.id = ?");
		if (st)
			db_bind_int(st, 1, id);
	} else if (keeper_id) {
		st = db_prepare(c, "SELECT " PAGE_COLS " WHERE p.keeper_id = ? ORDER BY p.id");
		if (st)
			db_bind_int(st, 1, keeper_id);
	} else {
		st = db_prepare(
		    c, "SELECT " PAGE_COLS " WHERE p.network_id = ?"
		       " AND (? = 1 OR p.audience = 'organisation')"
		       " AND (? = 0 OR p.pinned = 1) ORDER BY p.title, p.id LIMIT ? OFFSET ?");
		if (st) {
			db_bind_int(st, 1, network_id);
			db_bind_int(st, 2, with_members ? 1 : 0);
			db_bind_int(st, 3, pinned_only ? 1 : 0);
			db_bind_int(st, 4, (int64_t)limit);
			db_bind_int(st, 5, (int64_t)offset);
		}
	}
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct knowledge_page), 16, 0);
	while (db_row(st)) {
		struct knowledge_page *p = ARENA_VEC_PUSH(&vec, struct knowledge_page);
		p->id = db_col_int(st, 0);
		p->network_id = db_col_int(st, 1);
		if (!knowledge_audience_parse(db_col_text(st, 2), &p->audience))
			p->audience = KNOW_MEMBERS; /* the narrower, should the CHECK ever fail */
		p->version = db_col_int(st, 3);
		p->title = arena_strdup(a, db_col_text(st, 4));
		p->body = arena_strdup(a, db_col_text(st, 5));
		p->keeper_id = db_col_int(st, 6);
		p->keeper_name = arena_strdup(a, db_col_text(st, 7));
		p->pinned = db_col_int(st, 8) == 1;
		p->checked_at = db_col_int(st, 9);
		p->checked_by = db_col_int(st, 10);
		p->checked_by_name = arena_strdup(a, db_col_text(st, 11));
		p->created_at = db_col_int(st, 12);
		p->updated_at = db_col_int(st, 13);
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

#define VERSION_COLS                                                                               \
	"v.id, v.page_id, v.version, v.title, v.body, v.note, v.audience, coalesce(v.author_id, "  \
	"0),"                                                                                      \
	" coalesce(a.name, ''), v.created_at, p.title FROM knowledge_version v"                    \
	" JOIN knowledge_page p ON p.id = v.page_id LEFT JOIN account a ON a.id = v.author_id"

int
knowledge_store_versions(struct db_conn *c, struct arena *a, int64_t page_id, int64_t version,
			 int64_t author_id, struct knowledge_version **out, const char ***titles,
			 size_t *n)
{
	struct db_stmt *st;
	if (page_id && version) {
		st = db_prepare(c, "SELECT " VERSION_COLS " WHERE v.page_id = ? AND v.version = ?");
		if (st) {
			db_bind_int(st, 1, page_id);
			db_bind_int(st, 2, version);
		}
	} else if (page_id) {
		st = db_prepare(c, "SELECT " VERSION_COLS
				   " WHERE v.page_id = ? ORDER BY v.version DESC");
		if (st)
			db_bind_int(st, 1, page_id);
	} else {
		st = db_prepare(c, "SELECT " VERSION_COLS " WHERE v.author_id = ?"
				   " ORDER BY v.page_id, v.version");
		if (st)
			db_bind_int(st, 1, author_id);
	}
	if (!st)
		return KR_EDB;
	struct arena_vec vec, tv;
	arena_vec_init(&vec, a, sizeof(struct knowledge_version), 16, 0);
	arena_vec_init(&tv, a, sizeof(const char *), 16, 0);
	while (db_row(st)) {
		struct knowledge_version *v = ARENA_VEC_PUSH(&vec, struct knowledge_version);
		v->id = db_col_int(st, 0);
		v->page_id = db_col_int(st, 1);
		v->version = db_col_int(st, 2);
		v->title = arena_strdup(a, db_col_text(st, 3));
		v->body = arena_strdup(a, db_col_text(st, 4));
		v->note = arena_strdup(a, db_col_text(st, 5));
		if (!knowledge_audience_parse(db_col_text(st, 6), &v->audience))
			v->audience = KNOW_MEMBERS;
		v->author_id = db_col_int(st, 7);
		v->author_name = arena_strdup(a, db_col_text(st, 8));
		v->created_at = db_col_int(st, 9);
		*ARENA_VEC_PUSH(&tv, const char *) = arena_strdup(a, db_col_text(st, 10));
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	if (titles)
		*titles = tv.items;
	*n = vec.len;
	return KR_OK;
}

int
knowledge_store_search(struct db_conn *c, struct arena *a, const char *match,
		       const int64_t *networks, size_t nnetworks, int64_t offset, int64_t limit,
		       struct knowledge_hit **out, size_t *n)
{
	struct db_stmt *st;
	int i = 1;
	if (db_is_postgres(c)) {
		st = db_prepare(c, "SELECT ts_headline('kring_nl', p.body, x.q, ?), n.slug, n.name,"
				   " p.id, p.title FROM knowledge_page p"
				   " JOIN network n ON n.id = p.network_id"
				   " CROSS JOIN (SELECT websearch_to_tsquery('kring_nl', ?)"
				   " || websearch_to_tsquery('kring_en', ?) AS q) x"
				   " WHERE p.fts @@ x.q AND (p.audience = 'organisation'"
				   " OR p.network_id IN (SELECT value FROM json_each(?)))"
				   " ORDER BY ts_rank(p.fts, x.q) DESC, p.id LIMIT ? OFFSET ?");
		if (!st)
			return KR_EDB;
		db_bind_text(st, i++, search_headline_options);
		db_bind_text(st, i++, match);
		db_bind_text(st, i++, match);
	} else {
		st = db_prepare(
		    c, "SELECT snippet(knowledge_page_fts, 1, char(2), char(3), '…', 24),"
		       " n.slug, n.name, p.id, p.title FROM knowledge_page_fts"
		       " JOIN knowledge_page p ON p.id = knowledge_page_fts.rowid"
		       " JOIN network n ON n.id = p.network_id"
		       " WHERE knowledge_page_fts MATCH ? AND (p.audience = 'organisation'"
		       " OR p.network_id IN (SELECT value FROM json_each(?)))"
		       " ORDER BY bm25(knowledge_page_fts, 4.0, 1.0), p.id LIMIT ? OFFSET ?");
		if (!st)
			return KR_EDB;
		db_bind_text(st, i++, match);
	}
	db_bind_ids(st, i++, networks, nnetworks);
	db_bind_int(st, i++, limit);
	db_bind_int(st, i++, offset);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct knowledge_hit), 16, 0);
	while (db_row(st)) {
		struct knowledge_hit *h = arena_vec_push(&vec);
		h->snippet = arena_strdup(a, db_col_text(st, 0));
		h->network_slug = arena_strdup(a, db_col_text(st, 1));
		h->network_name = arena_strdup(a, db_col_text(st, 2));
		h->id = db_col_int(st, 3);
		h->title = arena_strdup(a, db_col_text(st, 4));
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st) ? KR_EDB : KR_OK;
}

int
knowledge_store_search_index(struct db_conn *c, bool removals_only)
{
	if (db_is_postgres(c))
		return KR_OK;
	/* A page is the core team's named work: it is indexed at once, removals or not. */
	(void)removals_only;
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM knowledge_page_fts WHERE rowid IN"
			  " (SELECT ref FROM search_pending WHERE kind = 'knowledge')");
	if (!st || db_run(st))
		return KR_EDB;
	st =
	    db_prepare(c, "INSERT INTO knowledge_page_fts (rowid, title, body)"
			  " SELECT id, title, body FROM knowledge_page WHERE id IN"
			  " (SELECT ref FROM search_pending WHERE kind = 'knowledge') ORDER BY id");
	if (!st || db_run(st))
		return KR_EDB;
	st = db_prepare(c, "DELETE FROM search_pending WHERE kind = 'knowledge'");
	return st ? db_run(st) : KR_EDB;
}

int
knowledge_store_forget(struct db_conn *c, int64_t account_id)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE knowledge_version SET author_id = NULL WHERE author_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "UPDATE knowledge_page SET keeper_id = NULL WHERE keeper_id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c,
			      "UPDATE knowledge_page SET checked_by = NULL WHERE checked_by = ?")))
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
knowledge_store_to_remind(struct db_conn *c, struct arena *a, int64_t before, int64_t **ids,
			  size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT id FROM knowledge_page WHERE checked_at < ?"
			  " AND reminded = 0 AND keeper_id IS NOT NULL ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 16, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*ids = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
knowledge_store_set_reminded(struct db_conn *c, int64_t page_id)
{
	struct db_stmt *st = db_prepare(c, "UPDATE knowledge_page SET reminded = 1 WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, page_id);
	return db_run(st) ? KR_EDB : KR_OK;
}
