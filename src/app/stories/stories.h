/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* stories.h: experience stories (ervaringsverhalen) and interviews of a network (issue 12,
 * docs/PRIVACY.md "Experience stories").
 *
 * A member writes a story under their name, their pseudonym in the network, or anonymously, as
 * in the forum (forum.h): an anonymous or pseudonymous story names no account; its owner tag, a
 * keyed hash of (account, story, how shown), finds it again for its writer, and the same link
 * is sealed with the data key only so that a key rotation can make the tag again. With "only I
 * can ever link this" (STORY_ONLY_ME) neither is stored, only a hash of a claim code that the
 * writer gives for every step. The core team also writes interviews (STORY_INTERVIEW).
 *
 * A story moves draft -> submitted -> (changes asked -> submitted ...) -> approved ->
 * published -> withdrawn. The core team asks for changes or approves; only the writer
 * publishes, by giving consent after the approval, and the writer withdraws it at any moment.
 * A published story is for the network's members, or for everyone in the organisation.
 *
 * Readers react with one of three reactions, one per reader (a keyed hash of account and
 * story). Unique readers are counted per story per month without keeping who read what: a
 * keyed hash of (the month's random salt, account, story), once per reader a month; when the
 * month closes the retention job keeps the counts and erases the hashes and the salt. Counts
 * are shown only through the figures service. Ids are random and times whole hours. */
#ifndef KRING_STORIES_H
#define KRING_STORIES_H

#include "app/common/anon.h"
#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define STORY_BODY_MAX	  50000 /* characters */
#define STORY_TITLE_MAX	  150
#define STORY_NOTE_MAX	  200  /* the content note */
#define STORY_REVIEW_MAX  2000 /* what the core team asks to change */
#define STORIES_PAGE	  20   /* stories on a page of a list */
#define STORIES_NEW	  3    /* new stories on the network's page */
#define STORIES_NEW_CALM  1    /* the same in low-stimulus mode */
#define STORIES_MOST_READ 10
#define STORY_CODE_CHARS  ANON_CODE_CHARS /* a claim code (app/common/anon.h) */

enum story_kind { STORY_EXPERIENCE, STORY_INTERVIEW };
enum story_state {
	STORY_DRAFT,
	STORY_SUBMITTED, /* waits for the core team */
	STORY_CHANGES,	 /* the core team asked for changes */
	STORY_APPROVED,	 /* the core team approved it: waits for the writer's consent */
	STORY_PUBLISHED,
	STORY_WITHDRAWN,
};
enum story_shown { STORY_NAME, STORY_PSEUDONYM, STORY_ANONYMOUS, STORY_ONLY_ME };
enum story_audience { STORY_MEMBERS, STORY_ORGANISATION };
enum story_reaction { REACT_RECOGNISABLE, REACT_THANKS, REACT_STRONG, REACT_KINDS };

/* The stored names ("story", "draft", "name", "members", "recognisable"...) and back. */
const char *story_kind_name(enum story_kind k);
bool story_kind_parse(const char *s, enum story_kind *out);
const char *story_state_name(enum story_state s);
const char *story_shown_name(enum story_shown s); /* "only-me" for STORY_ONLY_ME */
bool story_shown_parse(const char *s, enum story_shown *out);
const char *story_audience_name(enum story_audience a);
bool story_audience_parse(const char *s, enum story_audience *out);
const char *story_reaction_name(enum story_reaction r);
bool story_reaction_parse(const char *s, enum story_reaction *out);
/* English message ids for the state and the reaction, to translate with _(). */
const char *story_state_label(enum story_state s);
const char *story_reaction_label(enum story_reaction r);

/* Problems with what someone sent, as English message ids (translate with _()). */
extern const char story_problem_title_empty[];
extern const char story_problem_title_long[];
extern const char story_problem_body_empty[];
extern const char story_problem_body_long[];
extern const char story_problem_note_long[];
extern const char story_problem_review_empty[];
extern const char story_problem_review_long[];
extern const char story_problem_text_invalid[];
extern const char story_problem_no_pseudonym[];
extern const char story_problem_code_wrong[];
extern const char story_problem_interview[];
extern const char story_problem_state[];
extern const char story_problem_consent[];
extern const char story_problem_not_published[];

/* One story as a reader sees it: never who wrote it, unless it is shown with a name. */
struct story {
	int64_t id, network_id;
	enum story_kind kind;
	enum story_state state;
	enum story_shown shown; /* STORY_ONLY_ME reads as STORY_ANONYMOUS to others */
	enum story_audience audience;
	const char *author; /* the name or pseudonym; "" when anonymous */
	const char *title, *content_note, *body, *review_note;
	int64_t created_hour, published_hour;
	bool mine;     /* the reader wrote it (by account: name, pseudonym, tag) */
	bool has_code; /* "only I": every step of its writer needs the code */
	bool pinned;   /* on the network's page (while published) */
};

/* What a writer sends. */
struct story_writing {
	enum story_kind kind;
	enum story_shown shown;
	enum story_audience audience;
	const char *title, *content_note, *body;
};

/* Whether the account may write stories in the network and read those for its members: a
 * member, or on the core team (which writes interviews). */
bool stories_may_write(struct db_conn *c, const struct keys *k, int64_t account_id,
		       int64_t network_id);
/* Whether the account reviews the network's stories: on its core team. */
bool stories_may_review(struct db_conn *c, int64_t account_id, int64_t network_id);
/* Whether the account may read s: published, and for the organisation or the account is a
 * member of its network. */
bool stories_may_read(struct db_conn *c, const struct keys *k, int64_t account_id,
		      const struct story *s);

/* Writes a new story as a draft, at `now` (stored as its hour). KR_EINVAL with *problem for
 * refused text, a pseudonym the writer has not got, or an interview by someone not on the core
 * team; KR_ENOTFOUND when the account may not write in the network. With STORY_ONLY_ME, *code is
 * the claim code (in a) to show once. */
int stories_create(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		   int64_t network_id, const struct story_writing *w, int64_t now, int64_t *id,
		   const char **code, const char **problem) MUST_CHECK;
/* The story with `mine` for reader_id; KR_ENOTFOUND. */
int stories_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
		int64_t reader_id, struct story *out) MUST_CHECK;

/* The writer's steps. Each takes the account, or for an "only I" story its code: a story that is
 * not the account's (or not there) is KR_ENOTFOUND; a wrong or missing code is KR_EINVAL with
 * story_problem_code_wrong. A step the story's state does not allow is KR_EINVAL with
 * story_problem_state. Editing (draft, changes asked, withdrawn: a withdrawn story becomes a
 * draft again) changes title, content note, text and audience; submitting sends a draft, a
 * story with changes asked or a withdrawn one to the core team; consenting publishes an
 * approved story (without consent: story_problem_consent); withdrawing takes a submitted,
 * approved or published story back at once; deleting erases it with its reactions and
 * counts; claiming shows an anonymous story under the writer's name or pseudonym. */
/* The "only I" story in the network whose claim code this is; KR_EINVAL with
 * story_problem_code_wrong for a code that fits none (or one of another network, or a reader
 * who is no member). */
int stories_by_code(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		    int64_t network_id, const char *code, int64_t *id,
		    const char **problem) MUST_CHECK;
/* The check every step makes (the account's story, or the code of an "only I" one), alone. */
int stories_open(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		 const char *code, const char **problem) MUST_CHECK;
int stories_edit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		 const struct story_writing *w, const char *code, const char **problem) MUST_CHECK;
int stories_submit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		   const char *code, const char **problem) MUST_CHECK;
int stories_consent(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		    bool consent, const char *code, int64_t now, const char **problem) MUST_CHECK;
int stories_withdraw(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		     const char *code, const char **problem) MUST_CHECK;
int stories_delete(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		   const char *code, const char **problem) MUST_CHECK;
int stories_claim(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		  enum story_shown as, const char *code, const char **problem) MUST_CHECK;

/* The core team's review of a submitted story: approve (waits for the writer's consent) or ask
 * for changes with a note (story_problem_review_empty without one). KR_ENOTFOUND when the
 * reviewer is not on the network's core team; story_problem_state unless it was submitted. */
int stories_review(struct db_conn *c, int64_t reviewer_id, int64_t id, bool approve,
		   const char *note, const char **problem) MUST_CHECK;

/* A page of a network's published stories, newest first; organisation_only: only those for the
 * whole organisation (for a reader who is not a member). *more: there are more. */
int stories_published(struct db_conn *c, struct arena *a, int64_t network_id,
		      bool organisation_only, int64_t offset, int64_t limit, struct story **out,
		      size_t *n, bool *more) MUST_CHECK;
/* The network's stories that wait for the core team (submitted). */
int stories_queue(struct db_conn *c, struct arena *a, int64_t network_id, struct story **out,
		  size_t *n) MUST_CHECK;
/* The account's own stories (network_id 0: everywhere), newest first; "only I" stories are not
 * found (nothing ties them to the account). */
int stories_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		 int64_t network_id, struct story **out, size_t *n) MUST_CHECK;

/* Sets the reader's reaction to a published story (a second time the same changes nothing, another
 * replaces it). KR_EINVAL with story_problem_not_published for a story that is not published;
 * KR_ENOTFOUND when the reader may not read it. */
int stories_react(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		  enum story_reaction kind, const char **problem) MUST_CHECK;
/* The counts of each reaction (raw: show them through the figures service) and the reader's own
 * (REACT_KINDS for none). */
int stories_reactions(struct db_conn *c, const struct keys *k, int64_t id, int64_t reader_id,
		      int64_t counts[REACT_KINDS], enum story_reaction *mine) MUST_CHECK;
/* All of the account's reactions (for "my data"): the stories' ids and titles. */
struct story_reaction_of {
	int64_t story_id;
	const char *title;
	enum story_reaction kind;
};
int stories_reactions_of(struct db_conn *c, const struct keys *k, struct arena *a,
			 int64_t account_id, struct story_reaction_of **out, size_t *n) MUST_CHECK;

/* The month of t as yyyymm (UTC), and the month before. */
int64_t stories_month(int64_t t);
int64_t stories_month_before(int64_t month);
/* Counts the reader once in the month of `now` (a second read that month changes nothing). */
int stories_count_read(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		       int64_t now) MUST_CHECK;
/* The same for many readers at once, inside the caller's transaction (the large demo). */
int stories_count_reads(struct db_conn *c, const struct keys *k, int64_t id,
			const int64_t *accounts, size_t n, int64_t now) MUST_CHECK;
/* Unique readers of a story in a month (raw: show through the figures service). */
int stories_readers(struct db_conn *c, int64_t id, int64_t month, int64_t *n) MUST_CHECK;
/* The network's published stories most read in a month, with their readers (raw). */
struct story_read_count {
	struct story s;
	int64_t readers;
};
int stories_most_read(struct db_conn *c, struct arena *a, int64_t network_id, int64_t month,
		      struct story_read_count **out, size_t *n) MUST_CHECK;
/* Closes every month before the month of now: keeps the counts, erases the hashes and the
 * salts. *erased: how many hashes. Inside its own transaction. */
int stories_close_months(struct db_conn *c, int64_t now, int64_t *erased) MUST_CHECK;

/* Deleting an account: stories with the name or pseudonym and the unpublished anonymous ones are
 * deleted; published anonymous ones stay, unlinked; reactions and this month's read hashes of
 * the account go. Inside the caller's transaction. */
int stories_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
/* Leaving a network (members_leave(), inside its transaction): the account's anonymous and
 * pseudonymous stories there that were published stay, unlinked; the others are deleted. Named
 * stories stay, as the forum's named posts do, until the account is deleted. */
int stories_unlink_network(struct db_conn *c, const struct keys *k, int64_t account_id,
			   int64_t network_id) MUST_CHECK;
/* The feature hook: stories_unlink_network() when the network itself is left. */
int stories_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id,
			int64_t network_id, int64_t subgroup_id) MUST_CHECK;
/* Key rotation: every sealed link opened with old, sealed with fresh, and its tag made again.
 * Reactions and read hashes are keyed hashes of an account that is stored nowhere, so they
 * cannot be made again: each gets random bytes instead, which keeps the counts and ends the
 * link (the reader may then react or count once more). *count: the stories relinked. */
int stories_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		  int64_t *count) MUST_CHECK;

/* Search (the feature's hook, GET /search): published stories the reader may read that
 * match, best first; an anonymous one reads "Anonymous", and one with a content note shows the
 * note, never a piece of its text. */
struct search_ctx;
struct search_section;
int stories_search(struct search_ctx *s, struct search_section *out) MUST_CHECK;
/* ---- comments (issue 12: "Comments follow the forum's rules") ----
 *
 * Whoever may read a published story may comment on it, under their name, their pseudonym in
 * the network, or anonymously, as in the forum (forum.h): an anonymous writer keeps one label
 * ("Anonymous 1") within the story and has another on every other story; what ties the comment
 * to them is an owner tag of (account, story, how shown) and the same link sealed for key
 * rotation, or with "only I can ever link this" only a hash of a claim code. Ids are random,
 * times whole hours; a withdrawn story shows no comments. The network's core team hides and
 * restores a comment with a reason that its writer sees. */

#define STORY_COMMENT_MAX   50000 /* characters */
#define STORY_REASON_MAX    500	  /* a moderator's reason for hiding */
#define STORY_COMMENTS_PAGE 50
#define STORIES_PINNED	    5 /* pinned stories on the network's page */
#define STORIES_PINNED_CALM 2 /* the same in low-stimulus mode */

extern const char story_problem_comment_empty[];
extern const char story_problem_comment_long[];
extern const char story_problem_comment_code[];
extern const char story_problem_comment_hidden[];
extern const char story_problem_reason_empty[];
extern const char story_problem_reason_long[];
extern const char story_problem_pin[];

/* One comment as a reader sees it: never who wrote it, unless it is shown with a name. */
struct story_comment {
	int64_t id, story_id, seq;
	enum story_shown shown; /* STORY_ONLY_ME reads as STORY_ANONYMOUS to others */
	const char *author;	/* the name or pseudonym; "" when anonymous */
	int64_t label;		/* anonymous: N of "Anonymous N" */
	const char *body;   /* "" for a hidden comment, unless the reader wrote it or moderates */
	const char *hidden; /* NULL: shown; else the moderators' reason */
	int64_t created_hour;
	bool edited;
	bool mine;	   /* the reader wrote it (by account: name, pseudonym, tag) */
	bool has_code;	   /* "only I": editing and deleting need the code */
	const char *title; /* one's own comments: the story's title */
	int64_t network_id;
};

/* Writes a comment on a published story the account may read, at `now` (its hour). KR_ENOTFOUND
 * when the account may not read the story (or it is not published); KR_EINVAL with *problem for
 * refused text or a pseudonym the writer has not got. With STORY_ONLY_ME, *code is the claim
 * code (in a) to show once. In its own transaction, or in the caller's when there is one. */
int stories_comment_add(struct db_conn *c, const struct keys *k, struct arena *a,
			int64_t account_id, int64_t story_id, const char *body,
			enum story_shown shown, int64_t now, int64_t *id, const char **code,
			const char **problem) MUST_CHECK;
/* A page of a story's comments in their order, as reader_id sees them (moderator: on the
 * network's core team, who sees a hidden comment's text). */
int stories_comments(struct db_conn *c, const struct keys *k, struct arena *a, int64_t story_id,
		     int64_t reader_id, bool moderator, int64_t offset, int64_t limit,
		     struct story_comment **out, size_t *n) MUST_CHECK;
int stories_comment_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
			int64_t reader_id, bool moderator, struct story_comment *out) MUST_CHECK;
/* Changes or deletes one's own comment: not the account's (or not there) is KR_ENOTFOUND; an
 * "only I" comment takes its code (wrong or missing: KR_EINVAL, story_problem_comment_code).
 * A hidden comment can be deleted, not changed (story_problem_comment_hidden). */
int stories_comment_edit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
			 const char *body, const char *code, const char **problem) MUST_CHECK;
int stories_comment_delete(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
			   const char *code, const char **problem) MUST_CHECK;
/* The core team hides a comment with a reason (story_problem_reason_*), or restores it.
 * KR_ENOTFOUND unless the account is on the core team of the story's network. */
int stories_comment_moderate(struct db_conn *c, int64_t moderator_id, int64_t id, bool hide,
			     const char *reason, const char **problem) MUST_CHECK;
/* The account's own comments (network_id 0: everywhere), with their stories' titles; "only I"
 * comments are not found. */
int stories_comments_mine(struct db_conn *c, const struct keys *k, struct arena *a,
			  int64_t account_id, int64_t network_id, struct story_comment **out,
			  size_t *n) MUST_CHECK;

/* The core team pins a published story on the network's page, or unpins it: KR_ENOTFOUND
 * unless on the core team; KR_EINVAL with story_problem_not_published to pin one that is not
 * published. A withdrawn story drops off (stories_pinned() lists published ones only). */
int stories_set_pinned(struct db_conn *c, int64_t account_id, int64_t id, bool pinned,
		       const char **problem) MUST_CHECK;
int stories_pinned(struct db_conn *c, struct arena *a, int64_t network_id, bool organisation_only,
		   int64_t limit, struct story **out, size_t *n) MUST_CHECK;

/* ---- store.c ---- */

/* The feature's search_index hook (feature.h). */
int stories_store_search_index(struct db_conn *c, bool removals_only) MUST_CHECK;
/* A search hit: the story as a reader sees it, its network, and the marked snippet. */
struct story_hit {
	struct story s;
	const char *network_slug, *network_name, *snippet;
};
/* Published stories matching `match` for the whole organisation or in the networks (a list of
 * ids), best first. */
int stories_store_search(struct db_conn *c, struct arena *a, const char *match,
			 const int64_t *networks, size_t nnetworks, int64_t offset, int64_t limit,
			 struct story_hit **out, size_t *n) MUST_CHECK;

struct story_row {
	struct story s;
	int64_t author_id;
	unsigned char tag[32], claim[32];
	bool has_tag;
	const unsigned char *sealed;
	size_t sealed_len;
};
int stories_store_insert(struct db_conn *c, const struct story_row *r) MUST_CHECK;
int stories_store_get(struct db_conn *c, struct arena *a, int64_t id, struct story_row *out,
		      bool *found) MUST_CHECK;
int stories_store_by_claim(struct db_conn *c, struct arena *a, const unsigned char claim[32],
			   struct story_row *out, bool *found) MUST_CHECK;
int stories_store_update_text(struct db_conn *c, int64_t id, const struct story_writing *w,
			      enum story_state state) MUST_CHECK;
int stories_store_set_state(struct db_conn *c, int64_t id, enum story_state state,
			    const char *review_note, int64_t published_hour) MUST_CHECK;
int stories_store_delete(struct db_conn *c, int64_t id) MUST_CHECK;
int stories_store_claim(struct db_conn *c, int64_t id, enum story_shown shown, int64_t author_id,
			const char *pseudonym, const unsigned char *tag,
			const unsigned char *sealed, size_t sealed_len) MUST_CHECK;
int stories_store_unlink(struct db_conn *c, int64_t id) MUST_CHECK;
int stories_store_relink(struct db_conn *c, int64_t id, const unsigned char tag[32],
			 const unsigned char *sealed, size_t len) MUST_CHECK;
/* Lists: by state in a network (published: newest first), the named ones of an account, the
 * tagged ones (network_id 0: everywhere), every sealed one, every id. */
int stories_store_list(struct db_conn *c, struct arena *a, int64_t network_id,
		       enum story_state state, bool organisation_only, int64_t offset,
		       int64_t limit, struct story_row **out, size_t *n) MUST_CHECK;
int stories_store_named_of(struct db_conn *c, struct arena *a, int64_t author_id,
			   struct story_row **out, size_t *n) MUST_CHECK;
int stories_store_tagged(struct db_conn *c, struct arena *a, int64_t network_id,
			 struct story_row **out, size_t *n) MUST_CHECK;
int stories_store_ids(struct db_conn *c, struct arena *a, int64_t **ids, size_t *n) MUST_CHECK;
int stories_store_react(struct db_conn *c, int64_t id, const unsigned char reader[32],
			enum story_reaction kind) MUST_CHECK;
int stories_store_reactions(struct db_conn *c, int64_t id, const unsigned char reader[32],
			    int64_t counts[REACT_KINDS], enum story_reaction *mine) MUST_CHECK;
int stories_store_reaction_of(struct db_conn *c, int64_t id, const unsigned char reader[32],
			      enum story_reaction *kind, bool *found) MUST_CHECK;
int stories_store_reaction_delete(struct db_conn *c, int64_t id,
				  const unsigned char reader[32]) MUST_CHECK;
int stories_store_reactions_unlink_all(struct db_conn *c) MUST_CHECK;
/* The month's salt, made (random) when there is none. */
int stories_store_salt(struct db_conn *c, int64_t month, bool make, unsigned char salt[32],
		       bool *found) MUST_CHECK;
int stories_store_read(struct db_conn *c, int64_t id, int64_t month,
		       const unsigned char reader[32]) MUST_CHECK;
int stories_store_read_add(struct db_conn *c, int64_t id, int64_t month,
			   const unsigned char reader[32]) MUST_CHECK; /* without looking first */
int stories_store_read_delete(struct db_conn *c, int64_t id, int64_t month,
			      const unsigned char reader[32]) MUST_CHECK;
int stories_store_readers(struct db_conn *c, int64_t id, int64_t month, int64_t *n) MUST_CHECK;
int stories_store_most_read(struct db_conn *c, struct arena *a, int64_t network_id, int64_t month,
			    struct story_read_count **out, size_t *n) MUST_CHECK;
int stories_store_close_months(struct db_conn *c, int64_t month, int64_t *erased) MUST_CHECK;
int stories_store_reads_unlink_all(struct db_conn *c) MUST_CHECK;
/* The large demo: the closed months' counts and the open month's hashes, in bulk. */
int stories_store_readers_insert(struct db_conn *c, int64_t id, int64_t month,
				 int64_t readers) MUST_CHECK;

struct story_comment_row {
	struct story_comment m;
	int64_t author_id;
	unsigned char tag[32], claim[32];
	bool has_tag;
	const unsigned char *sealed;
	size_t sealed_len;
};
/* Takes the story's next comment place (and with label, its next label). */
int stories_store_comment_next(struct db_conn *c, int64_t story_id, bool label, int64_t *seq,
			       int64_t *next_label) MUST_CHECK;
/* The label an owner tag has on a story already, or 0. */
int stories_store_comment_label(struct db_conn *c, int64_t story_id, const unsigned char tag[32],
				int64_t *label) MUST_CHECK;
int stories_store_comment_insert(struct db_conn *c, const struct story_comment_row *r) MUST_CHECK;
int stories_store_comments(struct db_conn *c, struct arena *a, int64_t story_id, int64_t offset,
			   int64_t limit, struct story_comment_row **out, size_t *n) MUST_CHECK;
int stories_store_comment(struct db_conn *c, struct arena *a, int64_t id,
			  struct story_comment_row *out, bool *found) MUST_CHECK;
/* A story's comments with one of two owner tags, appended to vec (of struct
 * story_comment_row); the named ones of an account; every sealed one. */
struct arena_vec;
int stories_store_comments_tagged(struct db_conn *c, struct arena *a, int64_t story_id,
				  const unsigned char tags[2][32],
				  struct arena_vec *vec) MUST_CHECK;
int stories_store_comments_named_of(struct db_conn *c, struct arena *a, int64_t author_id,
				    struct arena_vec *vec) MUST_CHECK;
int stories_store_comments_sealed(struct db_conn *c, struct arena *a,
				  struct arena_vec *vec) MUST_CHECK;
int stories_store_comment_body(struct db_conn *c, int64_t id, const char *body) MUST_CHECK;
int stories_store_comment_hidden(struct db_conn *c, int64_t id, const char *reason) MUST_CHECK;
int stories_store_comment_delete(struct db_conn *c, int64_t id) MUST_CHECK;
int stories_store_comment_unlink(struct db_conn *c, int64_t id) MUST_CHECK;
int stories_store_comment_relink(struct db_conn *c, int64_t id, const unsigned char tag[32],
				 const unsigned char *sealed, size_t len) MUST_CHECK;
/* Every story id of a network (0: of all). */
int stories_store_ids_of(struct db_conn *c, struct arena *a, int64_t network_id, int64_t **ids,
			 size_t *n) MUST_CHECK;
int stories_store_set_pinned(struct db_conn *c, int64_t id, bool pinned) MUST_CHECK;
int stories_store_pinned(struct db_conn *c, struct arena *a, int64_t network_id,
			 bool organisation_only, int64_t limit, struct story_row **out,
			 size_t *n) MUST_CHECK;

#endif
