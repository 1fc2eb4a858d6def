/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* forum.h: the closed forum of a network or subgroup, readable and writable by its members only,
 * where every topic and reply appears under its writer's name, their pseudonym in the group, or
 * anonymously (docs/PRIVACY.md, "The forum").
 *
 * An anonymous post carries a neutral label that stays the same for one writer within a topic
 * ("Anonymous 1") and differs in every other topic. What ties it to its writer is a keyed hash
 * of (account, topic, how it is shown), the owner tag, which finds the writer's own posts
 * (to edit, delete or claim them) and gives the stable label; the same link is sealed with the
 * data key only so that a key rotation can make the tag again. No function here returns the
 * writer of another's post. With "only I can ever link this" (FORUM_ONLY_ME) neither is stored:
 * only a hash of a claim code that the writer is shown once and must give to edit, delete or
 * claim the post. Ids of topics and posts are random, times are whole hours, and nothing the
 * forum writes elsewhere (audit, rate limits, mail) carries the instant of a post. */
#ifndef KRING_FORUM_H
#define KRING_FORUM_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define FORUM_BODY_MAX	   50000 /* characters */
#define FORUM_TITLE_MAX	   150
#define FORUM_CATEGORY_MAX 80
#define FORUM_DESC_MAX	   300
#define FORUM_TOPICS_PAGE  25	/* topics on one page of a category */
#define FORUM_POSTS_PAGE   60	/* posts on one page of a topic: 50 replies fit */
#define FORUM_LIST_PAGE	   50	/* categories, and one's own posts */
#define FORUM_HOUR	   3600 /* what stored times are rounded down to */
/* A claim code: 20 random bytes as 32 base32 letters, shown in groups of four. */
#define FORUM_CODE_CHARS 32

enum forum_shown {
	FORUM_NAME,	 /* the writer's account name */
	FORUM_PSEUDONYM, /* the writer's pseudonym in the group (members.h) */
	FORUM_ANONYMOUS, /* "Anonymous N", linked with the key file */
	FORUM_ONLY_ME,	 /* "Anonymous N", linked only by a claim code the writer keeps */
	FORUM_DELETED,	 /* a deleted post's place in its topic */
};
const char *forum_shown_name(enum forum_shown s); /* "name", "pseudonym", "anonymous", ... */
bool forum_shown_parse(const char *s, enum forum_shown *out);

/* Problems with what someone wrote, as English message ids (translate with _()). */
extern const char forum_problem_body_empty[];
extern const char forum_problem_body_long[];
extern const char forum_problem_title_empty[];
extern const char forum_problem_title_long[];
extern const char forum_problem_name_empty[];
extern const char forum_problem_name_long[];
extern const char forum_problem_desc_long[];
extern const char forum_problem_text_invalid[];
extern const char forum_problem_no_pseudonym[];
extern const char forum_problem_code_wrong[];

struct forum_category {
	int64_t id, network_id, subgroup_id;
	const char *name, *description;
	int64_t topics;
};

struct forum_topic {
	int64_t id, category_id, network_id, subgroup_id;
	const char *title;
	int64_t created_hour, last_hour, posts;
};

/* One post as a reader sees it: never who wrote it, unless it is shown with a name. */
struct forum_post {
	int64_t id, topic_id, seq;
	enum forum_shown shown; /* FORUM_ONLY_ME reads as FORUM_ANONYMOUS to others */
	const char *author;	/* the name or pseudonym; "" when anonymous or deleted */
	int64_t label;		/* anonymous: N of "Anonymous N" */
	const char *body;
	int64_t created_hour;
	bool edited;
	bool mine;	   /* the reader wrote it (known by their account: name, pseudonym, tag) */
	bool has_code;	   /* "only I can ever link this": edit, delete and claim need the code */
	const char *title; /* for one's own posts: the topic's title */
};

/* Whether the account may read and write the group's forum: a member of the group. */
bool forum_may_read(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		    int64_t subgroup_id);
/* Whether the account may make categories: a member who is on the network's core team (for a
 * subgroup also one of its coordinators). */
bool forum_may_organise(struct db_conn *c, const struct keys *k, int64_t account_id,
			int64_t network_id, int64_t subgroup_id);

int forum_category_add(struct db_conn *c, int64_t network_id, int64_t subgroup_id, const char *name,
		       const char *description, int64_t *id, const char **problem) MUST_CHECK;
/* A page of a group's categories by name; *total: how many in all. */
int forum_categories(struct db_conn *c, struct arena *a, int64_t network_id, int64_t subgroup_id,
		     int64_t offset, int64_t limit, struct forum_category **out, size_t *n,
		     int64_t *total) MUST_CHECK;
int forum_category_get(struct db_conn *c, struct arena *a, int64_t id,
		       struct forum_category *out) MUST_CHECK; /* KR_ENOTFOUND */

/* What a writer sends: the text, the title (a new topic), and how it appears. */
struct forum_writing {
	const char *title; /* a new topic, or editing its opening post; else NULL */
	const char *body;
	enum forum_shown shown;
};

/* Starts a topic in a category / replies to a topic as account_id, at `now` (stored as its
 * hour). KR_EINVAL with *problem for refused text or a pseudonym the writer has not got in the
 * group; KR_ENOTFOUND for a topic or category that is not there. With FORUM_ONLY_ME, *code is
 * the claim code (FORUM_CODE_CHARS letters in groups, allocated in a) to show once. */
int forum_topic_create(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		       int64_t category_id, const struct forum_writing *w, int64_t now,
		       int64_t *topic_id, const char **code, const char **problem) MUST_CHECK;
int forum_reply(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		int64_t topic_id, const struct forum_writing *w, int64_t now, int64_t *post_id,
		const char **code, const char **problem) MUST_CHECK;

/* A page of a category's topics, the most recently active first. */
int forum_topics(struct db_conn *c, struct arena *a, int64_t category_id, int64_t offset,
		 int64_t limit, struct forum_topic **out, size_t *n, int64_t *total) MUST_CHECK;
int forum_topic_get(struct db_conn *c, struct arena *a, int64_t id,
		    struct forum_topic *out) MUST_CHECK; /* KR_ENOTFOUND */
/* A page of a topic's posts in their order, with `mine` for reader_id. */
int forum_posts(struct db_conn *c, const struct keys *k, struct arena *a, int64_t topic_id,
		int64_t reader_id, int64_t offset, int64_t limit, struct forum_post **out,
		size_t *n) MUST_CHECK;
int forum_post_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t post_id,
		   int64_t reader_id, struct forum_post *out) MUST_CHECK; /* KR_ENOTFOUND */

/* Changes, deletes or claims one's own post. A post that is not the account's (or not there,
 * or deleted) is KR_ENOTFOUND, the same for all three. An "only I" post takes its code instead
 * of the account: a wrong or missing code is KR_EINVAL with forum_problem_code_wrong. Claiming
 * shows the post with the writer's name (as FORUM_NAME) or pseudonym (FORUM_PSEUDONYM) from
 * then on. Deleting an opening post that has replies keeps its place ("deleted"); a topic
 * whose every post is deleted goes. */
int forum_post_edit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t post_id,
		    const struct forum_writing *w, const char *code,
		    const char **problem) MUST_CHECK;
int forum_post_delete(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t post_id,
		      const char *code, const char **problem) MUST_CHECK;
int forum_post_claim(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t post_id,
		     enum forum_shown as, const char *code, const char **problem) MUST_CHECK;

/* One's own posts in a group (network_id 0: in every group), newest topics first: the
 * person's own view, with each post's topic title. Posts under "only I" are not found (nothing
 * ties them to the account). */
int forum_my_posts(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		   int64_t network_id, int64_t subgroup_id, struct forum_post **out,
		   size_t *n) MUST_CHECK;
/* Deletes every anonymous (and pseudonymous) post of the account in a group, e.g. before it
 * leaves; *count: how many. Inside its own transaction. */
int forum_delete_anonymous(struct db_conn *c, const struct keys *k, int64_t account_id,
			   int64_t network_id, int64_t subgroup_id, int64_t *count) MUST_CHECK;
/* Leaving a group: its anonymous and pseudonymous posts stay, and their link to the account
 * (tag and seal) is erased, inside the caller's transaction (members_leave). A network's
 * subgroups are left too, so subgroup_id -1 unlinks the network's and all its subgroups'. */
int forum_unlink_group(struct db_conn *c, const struct keys *k, int64_t account_id,
		       int64_t network_id, int64_t subgroup_id) MUST_CHECK;
/* The feature hook: forum_unlink_group() of the group left (subgroup_id 0: the network). */
int forum_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id,
		      int64_t network_id, int64_t subgroup_id) MUST_CHECK;
/* Deleting an account (the feature hook): named posts are deleted, anonymous and
 * pseudonymous ones stay, unlinked. */
int forum_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
/* Key rotation (the feature hook): every sealed link opened with old, sealed with fresh, and its
 * tag made again. */
int forum_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		int64_t *count) MUST_CHECK;

/* Search (the feature's hook, GET /search): posts in the reader's groups that match, by
 * relevance, each with its writer as the topic shows it ("Anonymous 2", never who). */
struct search_ctx;
struct search_section;
int forum_search(struct search_ctx *s, struct search_section *out) MUST_CHECK;

/* ---- store.c ---- */

struct forum_post_row {
	int64_t id, topic_id, seq;
	enum forum_shown shown;
	const char *author; /* account name or pseudonym, "" */
	int64_t author_id, label;
	unsigned char tag[32];
	bool has_tag, has_code;
	unsigned char claim[32];
	const char *body;
	int64_t created_hour;
	bool edited;
	const unsigned char *sealed;
	size_t sealed_len;
	const char *title;
	int64_t network_id, subgroup_id;
};
int forum_store_category_insert(struct db_conn *c, int64_t network_id, int64_t subgroup_id,
				const char *name, const char *description, int64_t *id) MUST_CHECK;
int forum_store_categories(struct db_conn *c, struct arena *a, int64_t network_id,
			   int64_t subgroup_id, int64_t offset, int64_t limit,
			   struct forum_category **out, size_t *n, int64_t *total) MUST_CHECK;
int forum_store_category(struct db_conn *c, struct arena *a, int64_t id, struct forum_category *out,
			 bool *found) MUST_CHECK;
int forum_store_topic_insert(struct db_conn *c, int64_t id, int64_t category_id, const char *title,
			     int64_t hour) MUST_CHECK;
int forum_store_topics(struct db_conn *c, struct arena *a, int64_t category_id, int64_t offset,
		       int64_t limit, struct forum_topic **out, size_t *n,
		       int64_t *total) MUST_CHECK;
int forum_store_topic(struct db_conn *c, struct arena *a, int64_t id, struct forum_topic *out,
		      bool *found) MUST_CHECK;
/* Every topic of a group (network_id 0: all; subgroup_id -1: the network's and its
 * subgroups'), as ids. */
int forum_store_topic_ids(struct db_conn *c, struct arena *a, int64_t network_id,
			  int64_t subgroup_id, int64_t **ids, size_t *n) MUST_CHECK;
/* Takes the topic's next place (and with anonymous, its next label). */
int forum_store_topic_next(struct db_conn *c, int64_t topic_id, bool label, int64_t *seq,
			   int64_t *next_label) MUST_CHECK;
int forum_store_topic_touch(struct db_conn *c, int64_t topic_id, int64_t hour,
			    int64_t posts_delta) MUST_CHECK;
int forum_store_topic_title(struct db_conn *c, int64_t topic_id, const char *title) MUST_CHECK;
int forum_store_topic_delete(struct db_conn *c, int64_t topic_id) MUST_CHECK;
/* The label an owner tag has in a topic already, or 0. */
int forum_store_label_of(struct db_conn *c, int64_t topic_id, const unsigned char tag[32],
			 int64_t *label) MUST_CHECK;
int forum_store_post_insert(struct db_conn *c, const struct forum_post_row *p) MUST_CHECK;
int forum_store_posts(struct db_conn *c, struct arena *a, int64_t topic_id, int64_t offset,
		      int64_t limit, struct forum_post_row **out, size_t *n) MUST_CHECK;
int forum_store_post(struct db_conn *c, struct arena *a, int64_t id, struct forum_post_row *out,
		     bool *found) MUST_CHECK;
/* The posts in a topic with one of two owner tags (pseudonym, anonymous), appended to vec
 * (of struct forum_post_row), with their titles and groups. */
struct arena_vec;
int forum_store_posts_tagged(struct db_conn *c, struct arena *a, int64_t topic_id,
			     const unsigned char tags[2][32], struct arena_vec *vec) MUST_CHECK;
int forum_store_post_body(struct db_conn *c, int64_t id, const char *body) MUST_CHECK;
int forum_store_post_delete(struct db_conn *c, int64_t id) MUST_CHECK; /* the row */
int forum_store_post_blank(struct db_conn *c, int64_t id) MUST_CHECK;  /* keeps its place */
int forum_store_post_claim(struct db_conn *c, int64_t id, enum forum_shown shown, int64_t author_id,
			   const char *pseudonym, const unsigned char *tag,
			   const unsigned char *sealed, size_t sealed_len) MUST_CHECK;
int forum_store_post_unlink(struct db_conn *c, int64_t id) MUST_CHECK;
int forum_store_post_relink(struct db_conn *c, int64_t id, const unsigned char tag[32],
			    const unsigned char *sealed, size_t len) MUST_CHECK;
int forum_store_live_posts(struct db_conn *c, int64_t topic_id, int64_t *n) MUST_CHECK;
/* A search hit: the post, its topic and group, and where it is in the topic. */
struct forum_search_row {
	int64_t topic_id, seq, before; /* before: posts ahead of it in the topic */
	enum forum_shown shown;	       /* FORUM_ONLY_ME reads as FORUM_ANONYMOUS */
	const char *author;	       /* name or pseudonym, "" */
	int64_t label;
	const char *title, *snippet, *network_slug, *subgroup_slug, *group_name;
};
/* The posts matching `match` in the networks' own forums and the subgroups' (ids as lists),
 * best first, offset and limit as a page. */
int forum_store_search(struct db_conn *c, struct arena *a, const char *match,
		       const int64_t *networks, size_t nnetworks, const int64_t *subgroups,
		       size_t nsubgroups, int64_t offset, int64_t limit,
		       struct forum_search_row **out, size_t *n) MUST_CHECK;
/* The feature's search_index hook (feature.h). */
int forum_store_search_index(struct db_conn *c, bool removals_only) MUST_CHECK;
/* Every post with a sealed link (key rotation), and every named post of an account. */
int forum_store_sealed_all(struct db_conn *c, struct arena *a, struct forum_post_row **out,
			   size_t *n) MUST_CHECK;
int forum_store_named_of(struct db_conn *c, struct arena *a, int64_t author_id,
			 struct forum_post_row **out, size_t *n) MUST_CHECK;

#endif
