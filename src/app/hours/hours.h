/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* hours.h: hours for network work and the energy guard (issue 14, docs/PRIVACY.md "Hours and
 * the energy guard").
 *
 * The organisation's rule (set by the administrator or the organisation's contact point) says
 * how many hours active members get (per week or per year), who counts as active (core team,
 * coordinators, organisers, buddies), whether attending an activity is working time, and the
 * time-registration code that is shown wherever hours are booked.
 *
 * An active member asks for an agreement for one network they are active in: per week or per
 * year, from a day until a day. Either their own manager approves it (the member types the
 * manager's work address; the manager gets an e-mail with a link, signs in with that address
 * and sees only that request: the member's name, the network's name, the hours and the
 * period), or a contact point does. Nobody approves their own agreement; a link opens only for
 * the account of the address it was sent to.
 *
 * A booking is the signed-in member's own: a day, a duration (at most 24 hours a day over all
 * bookings), inside or outside working hours, against an activity (an event they organise or
 * attend, a role's task, the questions desk), and only inside an approved agreement's period.
 *
 * The energy guard speaks to the member alone; its arithmetic is below (pure, unit-tested).
 * Days are numbers: days since 1970-01-01 (UTC calendar days); weeks start on Monday. */
#ifndef KRING_HOURS_H
#define KRING_HOURS_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define HOURS_DAY_MINUTES      1440
#define HOURS_WEEK_MAX	       (40 * 60)   /* minutes an agreement per week may hold */
#define HOURS_YEAR_MAX	       (2080 * 60) /* minutes an agreement per year may hold */
#define HOURS_CODE_MAX	       64	   /* bytes of the time-registration code */
#define HOURS_REASON_MAX       500	   /* characters of a decision's reason */
#define HOURS_PERIOD_MAX_DAYS  366	   /* an agreement runs at most a year */
#define HOURS_WAITING_MAX      3	   /* requests waiting at once, per member */
#define HOURS_REQUEST_DAYS     30	   /* a manager's request lapses after this */
#define HOURS_KEEP_YEARS       2	   /* full calendar years bookings are kept */
#define HOURS_PACE_MIN_DAYS    28	   /* a yearly pace is projected after four weeks */
#define HOURS_OUTSIDE_WARN     3	   /* bookings outside working hours in 28 days */
#define HOURS_WEEKS_OVER_WARN  2	   /* weeks over the weekly hours, out of four */
#define HOURS_ORGANISE_DEFAULT 3
#define HOURS_ORGANISE_LIMIT   31
#define HOURS_LOAD_DAYS	       56 /* the load view: the last eight weeks */
#define HOURS_TOKEN_LEN	       43 /* 32 random bytes, base64url */

enum hours_basis { HOURS_PER_WEEK, HOURS_PER_YEAR };
const char *hours_basis_name(enum hours_basis b); /* "week", "year" */
bool hours_basis_parse(const char *s, enum hours_basis *out);

struct hours_rule {
	enum hours_basis basis;
	int64_t minutes;			      /* per week or per year */
	bool core, coordinators, organisers, buddies; /* who counts as an active member */
	bool attending_counts;			      /* attending an activity is working time */
	const char *code;			      /* the time-registration code, or "" */
	int64_t organise_max; /* the guard: activities organised in one month */
};
int hours_rule_get(struct db_conn *c, struct arena *a, struct hours_rule *out) MUST_CHECK;
/* KR_EINVAL with *problem (an English message id) and *field for a value out of range. */
int hours_rule_set(struct db_conn *c, const struct hours_rule *r, const char **field,
		   const char **problem) MUST_CHECK;

enum agreement_state { AGR_WAITING, AGR_APPROVED, AGR_DECLINED, AGR_LAPSED };
const char *hours_state_name(enum agreement_state s);
enum agreement_approver { APPROVER_MANAGER, APPROVER_CONTACT };

struct hours_agreement {
	int64_t id, account_id, network_id;
	enum hours_basis basis;
	int64_t minutes;
	int64_t starts_on, ends_on; /* days, both included */
	enum agreement_approver approver;
	enum agreement_state state;
	const char *reason; /* the decision's reason, unsealed, or "" */
	int64_t created_at, decided_at;
	/* Filled when read: */
	const char *network_name, *network_slug, *member_name;
};

/* ACT_BUDDY: one's buddy matches, as one activity: a booking never says which match. */
enum booking_activity { ACT_ORGANISE, ACT_ATTEND, ACT_ROLE, ACT_QUESTIONS, ACT_BUDDY };
const char *hours_activity_name(enum booking_activity a);
bool hours_activity_parse(const char *s, enum booking_activity *out);

struct hours_booking {
	int64_t id, account_id, network_id, event_id;
	enum booking_activity activity;
	int64_t day, minutes;
	bool outside;
	int64_t created_at;
	const char *network_name, *event_title; /* filled when read; event_title may be "" */
};

/* ---- days ---- */

int64_t hours_day_of(int64_t unix_seconds);
int64_t hours_day_from_ymd(int y, int m, int d);
void hours_ymd(int64_t day, int *y, int *m, int *d);
/* "YYYY-MM-DD" of a real date; false otherwise. */
bool hours_parse_day(const char *s, int64_t *day);
/* "YYYY-MM-DD", in the arena. */
const char *hours_day_text(struct arena *a, int64_t day);
int64_t hours_week_start(int64_t day); /* the Monday of day's week */
/* Minutes as "3 uur 15 min" style text, "3:15", in the arena. */
const char *hours_minutes_text(struct arena *a, int64_t minutes);

/* ---- the guard's arithmetic (pure) ---- */

/* What a yearly agreement allows over its period: the yearly hours for a period of 365 or
 * 366 days, else in proportion (rounded down). A weekly one: the weekly hours per 7 days. */
int64_t hours_allowance(enum hours_basis b, int64_t minutes, int64_t period_days);
/* A yearly pace runs ahead when, at least HOURS_PACE_MIN_DAYS into the period, booked so far
 * projected over the whole period is more than the allowance (booked * period > allowance *
 * elapsed), or when booked is over the allowance already. */
bool hours_pace_ahead(int64_t booked, int64_t elapsed_days, int64_t period_days, int64_t allowance);
/* Of the four weeks given (this week and the three before), how many are over weekly. */
int hours_weeks_over(const int64_t weeks[4], int64_t weekly);
bool hours_weeks_warn(const int64_t weeks[4], int64_t weekly);
bool hours_outside_warn(int64_t bookings_outside_28_days);
bool hours_organise_warn(int64_t organised_this_month, int64_t max);

/* The guard's warnings for one member on day today. */
enum guard_level { GUARD_ALL, GUARD_FEWER, GUARD_QUIET };
const char *hours_guard_level_name(enum guard_level l);
bool hours_guard_level_parse(const char *s, enum guard_level *out);
struct guard_warnings {
	bool pace_year, pace_week, outside, organise;
	int64_t outside_count, organised_count;
	const char *pace_network; /* the network whose agreement runs ahead */
};
int hours_guard(struct db_conn *c, struct arena *a, int64_t account_id, int64_t today,
		struct guard_warnings *out) MUST_CHECK;
int hours_guard_level(struct db_conn *c, int64_t account_id, enum guard_level *out) MUST_CHECK;
int hours_guard_level_set(struct db_conn *c, int64_t account_id, enum guard_level l) MUST_CHECK;

/* ---- who is active ---- */

/* Whether the account counts as an active member of the network under the rule: core team
 * (a core-team role), organisers (for now the same people: a core-team role; events have no
 * organiser of their own), coordinators (an accepted coordinator of one of its subgroups),
 * buddies (serving as a buddy in it: buddy_is_serving()). */
bool hours_is_active(struct db_conn *c, const struct hours_rule *rule, int64_t network_id,
		     int64_t account_id);

/* The account's role in the network ("contact", "chair", ...), in the arena, or NULL. */
const char *hours_role_in(struct db_conn *c, struct arena *a, int64_t network_id,
			  int64_t account_id);

/* ---- agreements ---- */

extern const char hours_problem_period[];
extern const char hours_problem_amount[];
extern const char hours_problem_address[];
extern const char hours_problem_own_address[];
extern const char hours_problem_domain[];
extern const char hours_problem_waiting[];
extern const char hours_problem_reason[];

/* The member asks for an agreement. With APPROVER_MANAGER, manager_email is sealed into the
 * request and an e-mail with a link goes to it in the same transaction; when the address has
 * no account yet, an invitation follows (auth_invite). KR_EINVAL with *problem; KR_EFORBIDDEN
 * when the account is not active in the network. */
int hours_agreement_ask(struct db_conn *c, const struct keys *k, struct arena *a,
			int64_t account_id, int64_t network_id, enum hours_basis basis,
			int64_t minutes, int64_t starts_on, int64_t ends_on,
			enum agreement_approver approver, const char *manager_email,
			const char *base_url, int64_t now, int64_t *id,
			const char **problem) MUST_CHECK;
/* The account's own agreements, newest first. */
int hours_agreements_of(struct db_conn *c, const struct keys *k, struct arena *a,
			int64_t account_id, struct hours_agreement **out, size_t *n) MUST_CHECK;
/* The request a manager's link opens, for the signed-in account: KR_ENOTFOUND unless the token
 * is a waiting request sent to this account's address and is not their own. */
int hours_manager_request(struct db_conn *c, const struct keys *k, struct arena *a,
			  const char *token, int64_t account_id,
			  struct hours_agreement *out) MUST_CHECK;
/* The manager decides: the same checks, then approved or declined (a reason is required to
 * decline), and the address and link are erased. */
int hours_manager_decide(struct db_conn *c, const struct keys *k, struct arena *a,
			 const char *token, int64_t account_id, bool approve, const char *reason,
			 int64_t now, const char **problem) MUST_CHECK;
/* The waiting requests for the contact point: of every network for the organisation's contact
 * point (all_networks), else of the networks where account_id is contact point. Never their
 * own. */
int hours_contact_requests(struct db_conn *c, const struct keys *k, struct arena *a,
			   int64_t account_id, bool all_networks, struct hours_agreement **out,
			   size_t *n) MUST_CHECK;
int hours_contact_decide(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
			 int64_t account_id, bool all_networks, bool approve, const char *reason,
			 int64_t now, const char **problem) MUST_CHECK;

/* ---- bookings ---- */

extern const char hours_problem_duration[];
extern const char hours_problem_day_full[];
extern const char hours_problem_no_agreement[];
extern const char hours_problem_future[];
extern const char hours_problem_activity[];
extern const char hours_problem_attending[];
extern const char hours_problem_date[];

/* Books time for account_id (always the signed-in person). KR_EINVAL with *problem. */
int hours_book(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	       int64_t network_id, enum booking_activity act, int64_t event_id, int64_t day,
	       int64_t minutes, bool outside, int64_t now, int64_t *id,
	       const char **problem) MUST_CHECK;
/* The account's bookings from day from on (0: all), newest first, at most limit. */
int hours_bookings_of(struct db_conn *c, struct arena *a, int64_t account_id, int64_t from,
		      size_t limit, struct hours_booking **out, size_t *n) MUST_CHECK;
/* Minutes the account booked between two days (both included); network_id 0: all. */
int hours_sum(struct db_conn *c, int64_t account_id, int64_t network_id, int64_t from, int64_t to,
	      int64_t *minutes) MUST_CHECK;

/* ---- totals and the load view ---- */

struct hours_month_total {
	int year, month;
	int64_t minutes, people;
};
/* Per month, the last 12 months up to today: minutes and how many people booked them. */
int hours_network_months(struct db_conn *c, struct arena *a, int64_t network_id, int64_t today,
			 struct hours_month_total **out, size_t *n) MUST_CHECK;

struct hours_load_row {
	int64_t account_id;
	const char *name;
	int64_t minutes; /* for this network, the last HOURS_LOAD_DAYS days */
	int64_t roles;	 /* network roles and subgroup coordinator roles, over all networks */
};
/* The core team of the network (core-team roles only) with their hours for that network. */
int hours_load(struct db_conn *c, struct arena *a, int64_t network_id, int64_t today,
	       struct hours_load_row **out, size_t *n, int64_t *total) MUST_CHECK;
/* Whether one person carries more than half of the load (minutes * 2 > total). */
bool hours_load_heavy(int64_t minutes, int64_t total);
#define HOURS_ROLES_WARN 2 /* more than this many roles */

/* ---- hooks ---- */

int hours_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
int hours_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		int64_t *count) MUST_CHECK;
/* Deletes bookings (and agreements that ended) before the first day of the year
 * HOURS_KEEP_YEARS full years back, and lapses manager requests older than
 * HOURS_REQUEST_DAYS (erasing the address). */
int hours_retention_run(struct db_conn *c, int64_t now, int64_t *bookings, int64_t *agreements,
			int64_t *lapsed) MUST_CHECK;

/* ---- store.c ---- */

struct hours_agreement_row {
	struct hours_agreement a;
	const unsigned char *manager_sealed, *reason_sealed;
	size_t manager_len, reason_len;
	int64_t decided_by;
};
int hours_store_rule_get(struct db_conn *c, struct arena *a, struct hours_rule *out) MUST_CHECK;
int hours_store_rule_set(struct db_conn *c, const struct hours_rule *r) MUST_CHECK;
int hours_store_agreement_insert(struct db_conn *c, const struct hours_agreement *g,
				 const unsigned char token_hash[32], int64_t *id) MUST_CHECK;
int hours_store_agreement_seal(struct db_conn *c, int64_t id, const unsigned char *manager,
			       size_t mlen, const unsigned char *reason, size_t rlen) MUST_CHECK;
/* where: "id = ?", "token_hash = ?", ...: one of the fixed conditions below. */
int hours_store_agreement_by_id(struct db_conn *c, struct arena *a, int64_t id,
				struct hours_agreement_row *out, bool *found) MUST_CHECK;
int hours_store_agreement_by_token(struct db_conn *c, struct arena *a, const unsigned char hash[32],
				   struct hours_agreement_row *out, bool *found) MUST_CHECK;
int hours_store_agreements_of(struct db_conn *c, struct arena *a, int64_t account_id,
			      struct hours_agreement_row **out, size_t *n) MUST_CHECK;
int hours_store_agreements_waiting(struct db_conn *c, struct arena *a, bool manager,
				   struct hours_agreement_row **out, size_t *n) MUST_CHECK;
int hours_store_agreements_all(struct db_conn *c, struct arena *a, struct hours_agreement_row **out,
			       size_t *n) MUST_CHECK;
int hours_store_agreement_decide(struct db_conn *c, int64_t id, enum agreement_state state,
				 int64_t decided_by, const unsigned char *reason, size_t rlen,
				 int64_t now, bool *changed) MUST_CHECK;
int hours_store_count_waiting(struct db_conn *c, int64_t account_id, int64_t *n) MUST_CHECK;
/* The approved agreement of account and network whose period holds day. */
int hours_store_agreement_on(struct db_conn *c, struct arena *a, int64_t account_id,
			     int64_t network_id, int64_t day, struct hours_agreement_row *out,
			     bool *found) MUST_CHECK;
int hours_store_booking_insert(struct db_conn *c, const struct hours_booking *b,
			       int64_t *id) MUST_CHECK;
int hours_store_bookings_of(struct db_conn *c, struct arena *a, int64_t account_id, int64_t from,
			    size_t limit, struct hours_booking **out, size_t *n) MUST_CHECK;
int hours_store_sum(struct db_conn *c, int64_t account_id, int64_t network_id, int64_t from,
		    int64_t to, int64_t *minutes) MUST_CHECK;
int hours_store_count_outside(struct db_conn *c, int64_t account_id, int64_t from, int64_t to,
			      int64_t *n) MUST_CHECK;
int hours_store_count_organised(struct db_conn *c, int64_t account_id, int64_t from, int64_t to,
				int64_t *n) MUST_CHECK;
int hours_store_months(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
		       int64_t to, int64_t **days, int64_t **minutes, int64_t **accounts,
		       size_t *n) MUST_CHECK;
int hours_store_load(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
		     int64_t to, struct hours_load_row **out, size_t *n) MUST_CHECK;
int hours_store_role(struct db_conn *c, int64_t network_id, int64_t account_id, bool core_only,
		     bool *has) MUST_CHECK;
int hours_store_coordinator(struct db_conn *c, int64_t network_id, int64_t account_id,
			    bool *has) MUST_CHECK;
int hours_store_level(struct db_conn *c, int64_t account_id, const char **level,
		      struct arena *a) MUST_CHECK;
int hours_store_level_set(struct db_conn *c, int64_t account_id, const char *level) MUST_CHECK;
int hours_store_erase(struct db_conn *c, int64_t account_id) MUST_CHECK;
int hours_store_retention(struct db_conn *c, int64_t before_day, int64_t *bookings,
			  int64_t *agreements) MUST_CHECK;

#endif
