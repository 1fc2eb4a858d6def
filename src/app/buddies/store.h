/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* store.h: the SQL of buddies (migration 0021), for service.c only. Rows come back as stored:
 * the sealed parts are opened by the service. */
#ifndef KRING_BUDDIES_STORE_H
#define KRING_BUDDIES_STORE_H

#include "app/buddies/buddies.h"

struct blob {
	const unsigned char *p;
	size_t len;
};

int buddies_store_themes(struct db_conn *c, struct arena *a, int64_t network_id,
			 struct buddy_theme **out, size_t *n) MUST_CHECK;
/* KR_ECONFLICT when the network has a theme of that name. */
int buddies_store_theme_insert(struct db_conn *c, int64_t network_id, const char *name,
			       int64_t now) MUST_CHECK;
int buddies_store_theme_delete(struct db_conn *c, int64_t network_id, int64_t id) MUST_CHECK;

bool buddies_store_is_coordinator(struct db_conn *c, int64_t network_id, int64_t account_id);
bool buddies_store_is_serving(struct db_conn *c, int64_t network_id, int64_t account_id);
int buddies_store_coordinators(struct db_conn *c, struct arena *a, int64_t network_id,
			       int64_t **ids, const char ***names, size_t *n) MUST_CHECK;
int buddies_store_coordinator_set(struct db_conn *c, int64_t network_id, int64_t account_id,
				  bool on) MUST_CHECK;
int buddies_store_coordinator_forget(struct db_conn *c, int64_t account_id) MUST_CHECK;

/* KR_ECONFLICT when the account has a buddy row in the network. */
int buddies_store_buddy_insert(struct db_conn *c, const struct buddy *b, struct blob sealed,
			       int64_t *id) MUST_CHECK;
/* By id (id != 0), by network (network_id != 0) or by account; each with its sealed part. */
int buddies_store_buddies(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
			  int64_t account_id, struct buddy **out, struct blob **sealed,
			  size_t *n) MUST_CHECK;
int buddies_store_buddy_record(struct db_conn *c, int64_t id, const char *status,
			       const char *intake, const char *intake_on, const char *trained_on,
			       const char *intervision_on) MUST_CHECK;
int buddies_store_buddy_caseload(struct db_conn *c, int64_t id, int caseload) MUST_CHECK;
/* One more match, only while the buddy is active with room: *ok false otherwise. */
int buddies_store_buddy_take(struct db_conn *c, int64_t id, bool *ok) MUST_CHECK;
int buddies_store_buddy_release(struct db_conn *c, int64_t id) MUST_CHECK;
int buddies_store_buddy_reseal(struct db_conn *c, int64_t id, struct blob sealed) MUST_CHECK;
int buddies_store_buddy_delete(struct db_conn *c, int64_t id) MUST_CHECK;

struct buddies_store_request {
	int64_t id, network_id, created_at, ended_at;
	const char *status;
	unsigned char lookup[32];
	struct blob sealed;
};
int buddies_store_request_insert(struct db_conn *c, int64_t network_id,
				 const unsigned char lookup[32], struct blob sealed,
				 int64_t created_at, int64_t *id) MUST_CHECK;
/* One (id != 0), those of a lookup (lookup != NULL), the open ones of a network
 * (network_id != 0), or all. */
int buddies_store_requests(struct db_conn *c, struct arena *a, int64_t id,
			   const unsigned char *lookup, int64_t network_id,
			   struct buddies_store_request **out, size_t *n) MUST_CHECK;
/* Moves a request from one of the states in `from` (a '|' list, "waiting|returned") to `to`;
 * *ok false when it was in none of them. ended_at: set when not 0. */
int buddies_store_request_move(struct db_conn *c, int64_t id, const char *from, const char *to,
			       int64_t ended_at, bool *ok) MUST_CHECK;
int buddies_store_request_reseal(struct db_conn *c, int64_t id, const unsigned char lookup[32],
				 struct blob sealed) MUST_CHECK;
int buddies_store_request_delete(struct db_conn *c, int64_t id) MUST_CHECK;
/* Requests ended or closed before `before`: ids. */
int buddies_store_requests_ended_before(struct db_conn *c, struct arena *a, int64_t before,
					int64_t **ids, size_t *n) MUST_CHECK;

int buddies_store_match_insert(struct db_conn *c, int64_t request_id, int64_t buddy_id,
			       const char *status, int64_t proposed_at, int64_t started_at,
			       int64_t ends_at, int64_t *id) MUST_CHECK;
/* One (id), a request's (request_id), a buddy's (buddy_id), or the active ones that end
 * before `before` (all three 0). */
int buddies_store_matches(struct db_conn *c, struct arena *a, int64_t id, int64_t request_id,
			  int64_t buddy_id, int64_t before, struct buddy_match **out,
			  size_t *n) MUST_CHECK;
/* Moves a match from `from` to `to`, setting started_at/ends_at/ended_at when not 0; *ok
 * false when it was not in `from`. */
int buddies_store_match_move(struct db_conn *c, int64_t id, const char *from, const char *to,
			     int64_t started_at, int64_t ends_at, int64_t ended_at,
			     bool *ok) MUST_CHECK;
int buddies_store_match_renew(struct db_conn *c, int64_t id, int64_t ends_at) MUST_CHECK;

int buddies_store_checkin_insert(struct db_conn *c, int64_t network_id,
				 const unsigned char lookup[32], struct blob sealed,
				 int64_t due_at) MUST_CHECK;
/* The network ids of the check-ins of a lookup. */
int buddies_store_checkins_of(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
			      int64_t **network_ids, size_t *n) MUST_CHECK;
/* Deletes one check-in of the lookup in the network (*ok false: none), or every one of the
 * lookup (network_id 0). */
int buddies_store_checkin_delete(struct db_conn *c, int64_t network_id,
				 const unsigned char lookup[32], bool *ok) MUST_CHECK;
int buddies_store_checkin_count(struct db_conn *c, int64_t network_id,
				const char *answer) MUST_CHECK;
int buddies_store_checkins_erase_before(struct db_conn *c, int64_t before, int64_t *n) MUST_CHECK;
struct buddies_store_checkin {
	int64_t id, network_id;
	struct blob sealed;
};
int buddies_store_checkins_all(struct db_conn *c, struct arena *a,
			       struct buddies_store_checkin **out, size_t *n) MUST_CHECK;
int buddies_store_checkin_reseal(struct db_conn *c, int64_t id, const unsigned char lookup[32],
				 struct blob sealed) MUST_CHECK;

int buddies_store_counts(struct db_conn *c, int64_t network_id,
			 struct buddy_counts *out) MUST_CHECK;

#endif
