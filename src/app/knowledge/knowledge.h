/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* knowledge.h: the knowledge base (issue 12; docs/PRIVACY.md, "Knowledge base").
 *
 * A network's core team keeps lasting pages: aids and provisions, the route to a workplace
 * adjustment, re-integration, where to go. A page has a title and a Markdown body, an
 * audience (the network's members, or every signed-in employee), a keeper (a core-team
 * member), a "last checked" moment and whether it is pinned on the network's page. Every save
 * is a new version, kept with who wrote it and what they say changed; a save based on an
 * older version than the current one is refused (KR_ECONFLICT), never merged or overwritten.
 *
 * Who may: the network's core team writes, pins and confirms a page; members of the network
 * (and its core team) read its members' pages; everyone signed in reads its organisation
 * pages. A page is the network's: erasing an account keeps the text and turns its name in
 * the history into "a former colleague" (author NULL), and clears it as keeper. */
#ifndef KRING_KNOWLEDGE_H
#define KRING_KNOWLEDGE_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define KNOWLEDGE_TITLE_MAX 150	  /* characters */
#define KNOWLEDGE_BODY_MAX  50000 /* characters (and at most MARKDOWN_MAX bytes) */
#define KNOWLEDGE_NOTE_MAX  200	  /* characters of "what changed" */
/* A page last checked longer ago than this is due: its keeper gets one reminder. */
#define KNOWLEDGE_CHECK_DAYS 365
#define KNOWLEDGE_PINS_MAX   8 /* pinned pages shown on a network's page */

enum knowledge_audience { KNOW_MEMBERS, KNOW_ORGANISATION };
/* "members" / "organisation" and back; false for anything else. */
const char *knowledge_audience_name(enum knowledge_audience a);
bool knowledge_audience_parse(const char *s, enum knowledge_audience *out);

struct knowledge_page {
	int64_t id, network_id;
	enum knowledge_audience audience;
	int64_t version;
	const char *title, *body;
	int64_t keeper_id; /* 0: none (erased, or never set) */
	const char *keeper_name;
	bool pinned;
	int64_t checked_at, checked_by;
	const char *checked_by_name; /* "" when nobody (any more) */
	int64_t created_at, updated_at;
};

struct knowledge_version {
	int64_t id, page_id, version;
	const char *title, *body, *note;
	enum knowledge_audience audience;
	int64_t author_id;	 /* 0: a former colleague */
	const char *author_name; /* "" for a former colleague */
	int64_t created_at;
};

/* What a core-team member sends to create or change a page. */
struct knowledge_edit {
	const char *title, *body, *note;
	enum knowledge_audience audience;
	int64_t keeper_id;
};

/* Problems with an edit, as (field, English message id) pairs. */
struct knowledge_problem {
	const char *field, *message;
};
#define KNOWLEDGE_PROBLEMS_MAX 6
/* Checks title, body and note (text, length); the keeper is checked by the savers. */
size_t knowledge_check(const struct knowledge_edit *e, struct knowledge_problem *out);
extern const char knowledge_problem_keeper[];

/* Whether account_id may read pages of audience a in network_id, write them (the core team). */
bool knowledge_may_read(struct db_conn *c, const struct keys *k, int64_t account_id,
			int64_t network_id, enum knowledge_audience a);
bool knowledge_may_edit(struct db_conn *c, int64_t network_id, int64_t account_id);

/* Creates a page (version 1) in network_id written by author_id. KR_EINVAL when
 * knowledge_check() finds a problem or the keeper is not in the core team (nothing saved).
 * The caller checks that the author is in the core team. */
int knowledge_create(struct db_conn *c, int64_t network_id, int64_t author_id,
		     const struct knowledge_edit *e, int64_t now, int64_t *id) MUST_CHECK;
/* Saves version base_version + 1 of page_id, if base_version is still the current one:
 * KR_ECONFLICT when someone saved in between (nothing changes), KR_EINVAL as above,
 * KR_ENOTFOUND for no such page. Saving counts as checking. */
int knowledge_update(struct db_conn *c, int64_t page_id, int64_t base_version, int64_t author_id,
		     const struct knowledge_edit *e, int64_t now) MUST_CHECK;
/* "Still correct": the page is checked now by actor_id, without a new version. */
int knowledge_mark_checked(struct db_conn *c, int64_t page_id, int64_t actor_id,
			   int64_t now) MUST_CHECK;
int knowledge_set_pinned(struct db_conn *c, int64_t page_id, bool pinned) MUST_CHECK;
/* Deletes the network's page with all its versions, and its search index entry, in one
 * transaction with an audit entry of who did it (by the page's id: no title, which may say
 * more than the log should). KR_ENOTFOUND when the network has no such page. */
int knowledge_delete(struct db_conn *c, int64_t network_id, int64_t page_id,
		     int64_t actor_id) MUST_CHECK;

/* KR_ENOTFOUND */
int knowledge_get(struct db_conn *c, struct arena *a, int64_t id,
		  struct knowledge_page *out) MUST_CHECK;
/* The pages of network_id by title (only organisation pages unless with_members), or only
 * its pinned ones, at most limit after skipping offset. */
int knowledge_list(struct db_conn *c, struct arena *a, int64_t network_id, bool with_members,
		   bool pinned_only, size_t limit, size_t offset, struct knowledge_page **out,
		   size_t *n) MUST_CHECK;
/* The versions of a page, newest first; one version (KR_ENOTFOUND). */
int knowledge_versions(struct db_conn *c, struct arena *a, int64_t page_id,
		       struct knowledge_version **out, size_t *n) MUST_CHECK;
int knowledge_version_get(struct db_conn *c, struct arena *a, int64_t page_id, int64_t version,
			  struct knowledge_version *out) MUST_CHECK;
/* Whether the page was last checked more than KNOWLEDGE_CHECK_DAYS ago. */
bool knowledge_due(const struct knowledge_page *p, int64_t now);

/* "My data": the versions account_id wrote (with their page's title and network) and the
 * pages they keep. */
int knowledge_written_by(struct db_conn *c, struct arena *a, int64_t account_id,
			 struct knowledge_version **out, const char ***page_titles,
			 size_t *n) MUST_CHECK;
int knowledge_kept_by(struct db_conn *c, struct arena *a, int64_t account_id,
		      struct knowledge_page **out, size_t *n) MUST_CHECK;

/* Hooks. Erasure (inside the caller's transaction): the account's versions lose their author,
 * its pages their keeper and checker. Retention (its own transaction): every page that became
 * due gets one reminder e-mail to its keeper (base_url may be NULL); *reminded: how many. */
int knowledge_erase_account(struct db_conn *c, int64_t account_id) MUST_CHECK;
int knowledge_remind(struct db_conn *c, int64_t now, const char *base_url,
		     int64_t *reminded) MUST_CHECK;

/* Search (the feature's hook, GET /search): pages the reader may read that match. */
struct search_ctx;
struct search_section;
int knowledge_search(struct search_ctx *s, struct search_section *out) MUST_CHECK;

/* ---- store.c ---- */

/* The feature's search_index hook (feature.h); the service also calls it after each save, so
 * that a page is found at once. */
int knowledge_store_search_index(struct db_conn *c, bool removals_only) MUST_CHECK;
struct knowledge_hit {
	int64_t id;
	const char *title, *network_slug, *network_name, *snippet;
};
/* Pages matching `match` for the whole organisation or in the networks (a list of ids). */
int knowledge_store_search(struct db_conn *c, struct arena *a, const char *match,
			   const int64_t *networks, size_t nnetworks, int64_t offset, int64_t limit,
			   struct knowledge_hit **out, size_t *n) MUST_CHECK;

int knowledge_store_page_insert(struct db_conn *c, int64_t network_id,
				const struct knowledge_edit *e, int64_t now,
				int64_t *id) MUST_CHECK;
/* KR_ECONFLICT when the page's version is not base_version any more. */
int knowledge_store_page_update(struct db_conn *c, int64_t page_id, int64_t base_version,
				const struct knowledge_edit *e, int64_t now) MUST_CHECK;
int knowledge_store_version_insert(struct db_conn *c, int64_t page_id, int64_t version,
				   const struct knowledge_edit *e, int64_t author_id,
				   int64_t now) MUST_CHECK;
int knowledge_store_checked(struct db_conn *c, int64_t page_id, int64_t actor_id, int64_t now,
			    bool *found) MUST_CHECK;
int knowledge_store_page_delete(struct db_conn *c, int64_t page_id, int64_t network_id,
				bool *found) MUST_CHECK;
int knowledge_store_pinned(struct db_conn *c, int64_t page_id, bool pinned, bool *found) MUST_CHECK;
/* id != 0: that page; else network_id's pages as knowledge_list() says; keeper_id != 0: the
 * pages that account keeps (every network). */
int knowledge_store_pages(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
			  int64_t keeper_id, bool with_members, bool pinned_only, size_t limit,
			  size_t offset, struct knowledge_page **out, size_t *n) MUST_CHECK;
/* page_id's versions (version 0: all, newest first), or author_id's (page_id 0), with the
 * page's current title in titles (may be NULL). */
int knowledge_store_versions(struct db_conn *c, struct arena *a, int64_t page_id, int64_t version,
			     int64_t author_id, struct knowledge_version **out,
			     const char ***titles, size_t *n) MUST_CHECK;
int knowledge_store_forget(struct db_conn *c, int64_t account_id) MUST_CHECK;
/* Pages checked before `before` and not reminded yet, with a keeper: their ids. */
int knowledge_store_to_remind(struct db_conn *c, struct arena *a, int64_t before, int64_t **ids,
			      size_t *n) MUST_CHECK;
int knowledge_store_set_reminded(struct db_conn *c, int64_t page_id) MUST_CHECK;

#endif
