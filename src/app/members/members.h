/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* members.h: membership of networks and subgroups, with privacy by design (docs/PRIVACY.md).
 *
 * At rest, a membership is a row with the group in the clear, a keyed hash of (account,
 * network, subgroup) to find it, and the rest sealed with XChaCha20-Poly1305 under the key
 * file's data key, bound to its group: the account, how the member appears (visible, under a
 * pseudonym, or as a silent follower), the pseudonym, the ally self-description and one line
 * about themselves. A stolen database without the key file shows how many people are in each
 * group, not who. No join, leave or appearance change is written to the audit log.
 *
 * A group is a network (subgroup_id 0) or one of its subgroups. Leaving a network also leaves
 * its subgroups. */
#ifndef KRING_MEMBERS_H
#define KRING_MEMBERS_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"
#include "html/html.h"

#define PSEUDONYM_MAX  40 /* characters */
#define LINE_MAX_CHARS 140

enum appearance { APPEAR_VISIBLE, APPEAR_PSEUDONYM, APPEAR_SILENT };
const char *appearance_name(enum appearance a); /* "visible", "pseudonym", "silent" */
bool appearance_parse(const char *s, enum appearance *out);

/* What a member chooses about how they appear in one group. */
struct member_choice {
	enum appearance appearance;
	const char *pseudonym; /* with APPEAR_PSEUDONYM: 1–40 characters, unique in the group */
	const char *line;      /* with APPEAR_VISIBLE: one line about themselves, may be "" */
	bool ally;	       /* describes themselves as an ally (bondgenoot) */
};

struct membership {
	int64_t network_id, subgroup_id;
	int64_t account_id;
	struct member_choice choice;
	int64_t joined_at;
};

/* Problems with a choice, as English message ids (translate with _()): */
extern const char members_problem_pseudonym_empty[];
extern const char members_problem_pseudonym_long[];
extern const char members_problem_pseudonym_taken[];
extern const char members_problem_line_long[];

/* Joins a group. KR_ECONFLICT: a member already; KR_ENOTFOUND: joining a subgroup without
 * being a member of its network; KR_EINVAL with *problem for a refused choice. */
int members_join(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		 int64_t subgroup_id, const struct member_choice *choice, int64_t now,
		 const char **problem) MUST_CHECK;
/* Changes how a member appears. KR_ENOTFOUND: not a member; KR_EINVAL with *problem. */
int members_update(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		   int64_t subgroup_id, const struct member_choice *choice,
		   const char **problem) MUST_CHECK;
/* Leaves a group at once (the row is deleted; leaving a network deletes its subgroup
 * memberships too). KR_ENOTFOUND: not a member. */
int members_leave(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		  int64_t subgroup_id) MUST_CHECK;
/* The membership of an account in a group; KR_ENOTFOUND when there is none. */
int members_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		int64_t network_id, int64_t subgroup_id, struct membership *out) MUST_CHECK;
/* Every membership of one account (for "my data"), networks and their subgroups. */
int members_of_account(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		       struct membership **out, size_t *n) MUST_CHECK;
/* Erases every membership of an account (leaving everything) and its coordinator roles and
 * requests, e.g. when it is deleted. */
int members_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;

/* One line of a group's directory: visible members by name (with their line), pseudonymous
 * members by pseudonym; silent followers never appear. */
struct directory_entry {
	const char *shown_name; /* the name or the pseudonym */
	const char *line;	/* "" unless visible */
	bool is_pseudonym;
	bool ally;
	int64_t account_id; /* 0 for a pseudonym: it must not be tied to an account anywhere */
};
int members_directory(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		      int64_t subgroup_id, const struct directory_entry **out,
		      size_t *n) MUST_CHECK;

/* ---- the directory cache (cache.c) ----
 * Opening a list means unsealing every membership of the group; a server keeps the opened
 * lists of the groups it was asked about in memory, shared by its threads, and opens one again
 * when its version in the database moved (a trigger raises it in the transaction of every
 * membership change, migration 0012; another row for names, blocks and photos), so that no
 * server shows a list that another one changed. This process's own changes also drop the
 * entry at once. Decrypted data in memory is bounded: MEMBERS_CACHE_BYTES in all, an eighth
 * of that for one group (a bigger group is opened per request), unused entries go after
 * MEMBERS_CACHE_IDLE seconds, and every freed entry is overwritten with zeroes. Nothing of it
 * is ever logged. */
#define MEMBERS_CACHE_BYTES ((size_t)16 << 20)
#define MEMBERS_CACHE_IDLE  600

/* One group's directory as a read-only value shared between requests. */
struct directory {
	int64_t network_id, subgroup_id;
	const struct directory_entry *v; /* as members_directory() */
	size_t n;
	const int64_t *members; /* every member's account, silent followers too, ascending */
	size_t nmembers;
};
/* The directory of a group, from the cache when it is current, else opened from the database
 * (and kept, within the bounds). *out stays valid until `a` is released: the arena holds a
 * reference, so no other thread frees it in the meantime. */
int members_directory_shared(struct db_conn *c, const struct keys *k, struct arena *a,
			     int64_t network_id, int64_t subgroup_id,
			     const struct directory **out) MUST_CHECK;
/* Whether account_id is a member of the directory's group (in any appearance). */
bool directory_has_member(const struct directory *d, int64_t account_id);
/* A visible member's entry (account_id > 0), or NULL: pseudonyms are never found this way. */
const struct directory_entry *directory_visible(const struct directory *d, int64_t account_id);
/* A rendering a page keeps with the directory under a key of its own (its language and
 * address), or NULL with none yet; kept as a copy, and dropped with the directory. */
const struct html_safe *directory_view(const struct directory *d, const char *key);
void directory_view_keep(const struct directory *d, const char *key, const struct html_safe *h);
/* Drops a group's entry (subgroup_id -1: a network's and all its subgroups'); everything. */
void members_cache_forget(int64_t network_id, int64_t subgroup_id);
void members_cache_clear(void);
/* For tests: another bound in bytes (0: MEMBERS_CACHE_BYTES), and what the cache did. */
void members_cache_limit(size_t max_bytes);
struct members_cache_stats {
	uint64_t hits, misses;
	size_t entries, bytes;
};
void members_cache_stats(struct members_cache_stats *out);
/* Opens a group's directory into `a` (cache.c asks service.c). */
int members_directory_open(struct db_conn *c, const struct keys *k, struct arena *a,
			   int64_t network_id, int64_t subgroup_id,
			   struct directory *out) MUST_CHECK;

/* The number of members of a group as of the last snapshot of the member counts (raw: show
 * it only through the figures function). 0 for a group that had no members then. */
int members_count(struct db_conn *c, int64_t network_id, int64_t subgroup_id,
		  int64_t *n) MUST_CHECK;

/* The number of members of a group right now, not the snapshot: never to be shown on a page
 * (see below); for what builds data, such as the large demo growing out of the small one. */
int members_count_live(struct db_conn *c, int64_t network_id, int64_t subgroup_id,
		       int64_t *n) MUST_CHECK;

/* ---- the member counts that pages show ----
 * Pages never show the live count: someone who joins silently could watch it move on their
 * own step, or see anyone else's at the moment it happens. They show a snapshot, taken once a
 * night at MEMBERS_COUNTS_HOUR:00 server time (local time) by the nightly job below, so a
 * figure moves only then, for everybody who joined or left that day at once. `kring init`'s
 * migration takes the first snapshot, `kring demo` one of its people, and an administrator
 * can take one with `kring figures refresh`. */
#define MEMBERS_COUNTS_HOUR 3

/* Copies the live counts into the shown ones, in one transaction, as taken at `now`. */
int members_counts_refresh(struct db_conn *c, int64_t now) MUST_CHECK;
/* When the shown counts were taken (seconds since the epoch; 0 when never). */
int members_counts_taken_at(struct db_conn *c, int64_t *out) MUST_CHECK;
/* The most recent MEMBERS_COUNTS_HOUR:00, local time, at or before now: a snapshot taken
 * before it is due. (On a day that has no such hour, the hour the clock jumps to.) */
int64_t members_counts_due_since(int64_t now);

/* The nightly job, a periodic job (app/common/periodic.h; arg is the struct db): takes the
 * snapshot when it is due, at start (the server was down at the hour) and then every night,
 * checking once an hour so that a change of the clock does not make it miss a night. Returns
 * the seconds until the next check. */
int64_t members_counts_nightly(void *db, int64_t now);

/* Seals every membership again under `fresh` and makes its look-up hashes again (a key
 * rotation; inside the caller's transaction). A row that does not open with `old` is a
 * KR_EINTERNAL: nothing is half-rotated. */
int members_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		  int64_t *count) MUST_CHECK;

/* ---- subgroups ---- */

struct subgroup {
	int64_t id, network_id;
	const char *slug, *name, *description;
};
int subgroups_of(struct db_conn *c, struct arena *a, int64_t network_id, struct subgroup **out,
		 size_t *n) MUST_CHECK;
int subgroup_by_slug(struct db_conn *c, struct arena *a, int64_t network_id, const char *slug,
		     struct subgroup *out) MUST_CHECK; /* KR_ENOTFOUND */
/* Creates a subgroup (the core team does); KR_ECONFLICT for a taken slug, KR_EINVAL. */
int subgroup_create(struct db_conn *c, int64_t actor_id, int64_t network_id, const char *slug,
		    const char *name, const char *description, int64_t *id) MUST_CHECK;
/* ---- coordinators: asked first, shown only after they accept ----
 *
 * The network's core team and a subgroup's coordinators appoint coordinators; an appointed
 * person is asked (an e-mail that names the network, never the subgroup, and a notice on the
 * home page) and becomes a coordinator only by accepting. Declining deletes the request;
 * stepping down deletes the role. Being a coordinator neither needs nor gives a membership.
 * Every step is audit-logged with the subgroup's id, never its name. */

/* Makes account_id a coordinator at once, unasked (true), or ends the role or request
 * (false), without an audit entry: for who starts a subgroup, who takes the role on by doing
 * so, and for the demo organisation. Anyone else is asked (subgroup_coordinator_ask). */
int subgroup_set_coordinator(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
			     bool coordinator) MUST_CHECK;
/* Asks account_id to coordinate subgroup_id of network nw: the request, its e-mail (to email,
 * greeting name, with a link to base_url/me/coordinator) and the audit entry in one
 * transaction. KR_ECONFLICT (nothing sent) when they are asked already or a coordinator. */
int subgroup_coordinator_ask(struct db_conn *c, int64_t actor_id, const char *network_name,
			     int64_t subgroup_id, int64_t account_id, const char *name,
			     const char *email, const char *base_url, int64_t now) MUST_CHECK;
/* The person's answer to their own request; KR_ENOTFOUND when they were not asked (or
 * answered already). */
int subgroup_coordinator_answer(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				bool accept) MUST_CHECK;
/* A coordinator steps down; KR_ENOTFOUND when they are not one. */
int subgroup_coordinator_step_down(struct db_conn *c, int64_t subgroup_id,
				   int64_t account_id) MUST_CHECK;
/* An organiser stops a coordinator or withdraws a request; nothing (KR_OK) when neither. */
int subgroup_coordinator_remove(struct db_conn *c, int64_t actor_id, int64_t subgroup_id,
				int64_t account_id) MUST_CHECK;
/* Names of a subgroup's coordinators who accepted (public: a role they took on); of those
 * asked who have not answered (asked: for the organisers only). */
int subgroup_coordinators(struct db_conn *c, struct arena *a, int64_t subgroup_id,
			  const char ***names, int64_t **ids, size_t *n) MUST_CHECK;
int subgroup_coordinators_asked(struct db_conn *c, struct arena *a, int64_t subgroup_id,
				const char ***names, int64_t **ids, size_t *n) MUST_CHECK;
/* Only a coordinator who accepted counts (for the members list, appointing, stepping down). */
bool subgroup_is_coordinator(struct db_conn *c, int64_t subgroup_id, int64_t account_id);
bool subgroup_is_asked(struct db_conn *c, int64_t subgroup_id, int64_t account_id);

/* One account's requests and roles, with their groups (for the person only). */
struct coordinator_role {
	int64_t subgroup_id, network_id;
	const char *network_slug, *network_name, *subgroup_slug, *subgroup_name;
	bool accepted; /* false: asked, not yet answered */
	int64_t asked_at;
};
int subgroup_coordinator_roles(struct db_conn *c, struct arena *a, int64_t account_id,
			       struct coordinator_role **out, size_t *n) MUST_CHECK;

/* ---- store.c ---- */

struct member_row {
	int64_t id, network_id, subgroup_id;
	const unsigned char *sealed;
	size_t sealed_len;
};
int members_store_insert(struct db_conn *c, int64_t network_id, int64_t subgroup_id,
			 const unsigned char lookup[32], const unsigned char *pseudo_lookup,
			 const unsigned char *sealed, size_t len) MUST_CHECK;
int members_store_update(struct db_conn *c, const unsigned char lookup[32],
			 const unsigned char *pseudo_lookup, const unsigned char *sealed,
			 size_t len, bool *found) MUST_CHECK;
int members_store_get(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
		      struct member_row *out, bool *found) MUST_CHECK;
int members_store_delete(struct db_conn *c, const unsigned char lookup[32], bool *found) MUST_CHECK;
int members_store_pseudonym_owner(struct db_conn *c, const unsigned char pseudo_lookup[32],
				  const unsigned char lookup[32], bool *taken_by_other) MUST_CHECK;
int members_store_group(struct db_conn *c, struct arena *a, int64_t network_id, int64_t subgroup_id,
			struct member_row **out, size_t *n) MUST_CHECK;
int members_store_all(struct db_conn *c, struct arena *a, struct member_row **out,
		      size_t *n) MUST_CHECK;
int members_store_replace(struct db_conn *c, int64_t id, const unsigned char lookup[32],
			  const unsigned char *pseudo_lookup, const unsigned char *sealed,
			  size_t len) MUST_CHECK;
/* The shown count (the nightly snapshot), or with live the live one (group_size): never for
 * a page, only for what builds data (the demo). */
int members_store_count(struct db_conn *c, int64_t network_id, int64_t subgroup_id, bool live,
			int64_t *n) MUST_CHECK;
/* The group's version and the people's (names, blocks, photos), 0 for none yet. */
int members_store_versions(struct db_conn *c, int64_t network_id, int64_t subgroup_id,
			   int64_t *group, int64_t *people) MUST_CHECK;
/* Replaces the shown counts by the live ones and records `now` (inside the caller's
 * transaction). */
int members_store_counts_snapshot(struct db_conn *c, int64_t now) MUST_CHECK;
int members_store_counts_taken_at(struct db_conn *c, int64_t *out) MUST_CHECK;
/* Every group an account could be in: (network id, subgroup id or 0). */
int members_store_groups(struct db_conn *c, struct arena *a, int64_t **networks,
			 int64_t **subgroups, size_t *n) MUST_CHECK;
int members_store_subgroups(struct db_conn *c, struct arena *a, int64_t network_id,
			    struct subgroup **out, size_t *n) MUST_CHECK;
int members_store_subgroup_by_slug(struct db_conn *c, struct arena *a, int64_t network_id,
				   const char *slug, struct subgroup *out, bool *found) MUST_CHECK;
int members_store_subgroup_insert(struct db_conn *c, int64_t network_id, const char *slug,
				  const char *name, const char *description,
				  int64_t *id) MUST_CHECK;
int members_store_coordinator_insert(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				     bool accepted, int64_t now, bool *inserted) MUST_CHECK;
int members_store_coordinator_accept(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				     bool *found) MUST_CHECK;
/* state "asked", "accepted", or NULL for either. */
int members_store_coordinator_delete(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				     const char *state, bool *found) MUST_CHECK;
int members_store_coordinator_erase(struct db_conn *c, int64_t account_id) MUST_CHECK;
/* The active accounts with state ("asked" or "accepted") in a subgroup, by name. */
int members_store_coordinators(struct db_conn *c, struct arena *a, int64_t subgroup_id,
			       const char *state, const char ***names, int64_t **ids,
			       size_t *n) MUST_CHECK;
int members_store_coordinator_state(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
				    bool *asked, bool *accepted) MUST_CHECK;
int members_store_coordinator_roles(struct db_conn *c, struct arena *a, int64_t account_id,
				    struct coordinator_role **out, size_t *n) MUST_CHECK;
/* The names of the active accounts among ids[0..n), in one query: *names[i] for ids[i], NULL
 * for an account that is blocked or gone. */
int members_store_names_of(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n,
			   const char ***names) MUST_CHECK;

#endif
