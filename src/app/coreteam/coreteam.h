/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* coreteam.h: a core team that lasts (issue 14). Terms of a network's roles, the network's own
 * roles, open roles (vacancies), handover notes, and the warnings that keep a team from
 * resting on one person.
 *
 * A role is named by a key: a built-in core-team role ("chair", "vice_chair", "treasurer",
 * "secretary", "core") or one of the network's own roles ("c" and its id: "c12"). A term is
 * (network, role, holder, start, planned end, deputy, named successor, end); dates are
 * "YYYY-MM-DD". The table network_role (auth) stays the truth of who holds a built-in role
 * now: a term of a built-in role that starts or ends writes it through auth in the same
 * transaction. Holding one of the network's own roles does not make someone part of the core
 * team; only the built-in roles do (as network_role allows one built-in role per person and
 * network, a new built-in term ends the person's other open built-in term there).
 *
 * Who sees what (docs/PRIVACY.md, "Core team: terms, vacancies, handover"): who holds a role
 * now is public, as it was; open roles are on the network's open page; the history, the
 * warnings and the forms are for the network's core team and its contact point only; handover
 * notes (sealed with the data key) for the role's current holders, its named successor and
 * the chair. */
#ifndef KRING_CORETEAM_H
#define KRING_CORETEAM_H

#include "app/auth/auth.h"
#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define CORETEAM_NAME_MAX    100   /* characters of an own role's name */
#define CORETEAM_DESC_MAX    500   /* of its description */
#define CORETEAM_RESPOND_MAX 500   /* of how to respond to an open role */
#define CORETEAM_NOTE_MAX    20000 /* of a role's handover notes (Markdown) */
#define CORETEAM_KEY_SIZE    24
#define CORETEAM_WARN_MONTHS 2 /* a term ending this soon without a successor is flagged */
#define CORETEAM_ROLES_MANY  2 /* more open terms than this for one person is flagged */
/* Ended terms are kept in the history this many years after their end (retention). */
#define CORETEAM_KEEP_YEARS 7

/* A role of a network: built in, or the network's own. */
struct coreteam_role {
	char key[CORETEAM_KEY_SIZE];
	const char *name; /* built in: an English message id (translate with _()); own: as typed */
	const char *description; /* own roles; "" for built-in ones */
	bool builtin;
	bool open;	     /* marked as open (a vacancy) */
	const char *respond; /* with open: how to respond */
};

struct coreteam_term {
	int64_t id, network_id;
	char role_key[CORETEAM_KEY_SIZE];
	int64_t holder_id; /* 0: a former member (their account was deleted) */
	const char *holder_name;
	int64_t deputy_id, successor_id; /* 0: none */
	const char *deputy_name, *successor_name;
	char starts_on[11], planned_end[11], ended_on[11]; /* "" when there is none */
};

enum coreteam_warning_kind {
	CTW_ENDS_WITHOUT_SUCCESSOR, /* planned end within two months, no successor named */
	CTW_MANY_ROLES,		    /* one person holds more than two roles */
	CTW_NO_DEPUTY,		    /* a held role without a deputy */
};
struct coreteam_warning {
	enum coreteam_warning_kind kind;
	char role_key[CORETEAM_KEY_SIZE]; /* not for CTW_MANY_ROLES */
	const char *who;		  /* the holder's name */
	char date[11];			  /* CTW_ENDS_WITHOUT_SUCCESSOR: the planned end */
	int64_t count;			  /* CTW_MANY_ROLES: how many roles */
};

/* Turnover: terms started and ended in one year. */
struct coreteam_year {
	int year;
	int64_t started, ended;
};

/* Problems with what someone typed, as English message ids (translate with _()). */
extern const char coreteam_problem_date[];
extern const char coreteam_problem_end_before_start[];
extern const char coreteam_problem_future[];
extern const char coreteam_problem_end_future[];
extern const char coreteam_problem_role[];
extern const char coreteam_problem_person[];
extern const char coreteam_problem_deputy_self[];
extern const char coreteam_problem_successor_self[];
extern const char coreteam_problem_name[];
extern const char coreteam_problem_name_taken[];
extern const char coreteam_problem_description[];
extern const char coreteam_problem_respond[];
extern const char coreteam_problem_note[];
extern const char coreteam_problem_ended[];

/* ---- dates ---- */

/* Whether s is a real date "YYYY-MM-DD" between 1900 and 2999. */
bool coreteam_date_ok(const char *s);
/* Today (UTC) as "YYYY-MM-DD" for unix time now. */
void coreteam_today(int64_t now, char out[11]);
/* date plus months, the day kept or cut to the month's last ("2026-12-31" + 2 = "2027-02-28").
 * date must be coreteam_date_ok(). */
void coreteam_add_months(const char *date, int months, char out[11]);

/* ---- roles ---- */

/* The name of a built-in key as an English message id, or NULL when key is not built in. */
const char *coreteam_builtin_label(const char *key);
/* The network's roles: the built-in ones in their order, then its own by name; each with
 * whether it is open. */
int coreteam_roles(struct db_conn *c, struct arena *a, int64_t network_id,
		   struct coreteam_role **out, size_t *n) MUST_CHECK;
/* The role of key in the network; KR_ENOTFOUND when the network has no such role. */
int coreteam_role_get(struct db_conn *c, struct arena *a, int64_t network_id, const char *key,
		      struct coreteam_role *out) MUST_CHECK;
/* Adds an own role. KR_EINVAL with *problem for a bad or taken name or a long description.
 * key (may be NULL) gets its key. */
int coreteam_role_add(struct db_conn *c, int64_t network_id, const char *name,
		      const char *description, int64_t now, char key[CORETEAM_KEY_SIZE],
		      const char **problem) MUST_CHECK;

/* The role an account holds in the network now (network_role, through org), or
 * NROLE_NONE. */
enum network_role_kind coreteam_network_role(struct db_conn *c, int64_t network_id,
					     int64_t account_id);

/* ---- terms ---- */

/* The terms of the network that have not ended, by role (in coreteam_roles() order), then
 * start. */
int coreteam_terms_open(struct db_conn *c, struct arena *a, int64_t network_id,
			struct coreteam_term **out, size_t *n) MUST_CHECK;
/* Every term of the network, newest start first: the history (for the core team only). */
int coreteam_history(struct db_conn *c, struct arena *a, int64_t network_id,
		     struct coreteam_term **out, size_t *n) MUST_CHECK;
/* Terms started and ended per year, oldest year first (years without either are left out). */
int coreteam_turnover(struct db_conn *c, struct arena *a, int64_t network_id,
		      struct coreteam_year **out, size_t *n) MUST_CHECK;
/* The open terms (every network) whose named successor is account_id: the roles they are
 * to take on, whose handover notes they may read. */
int coreteam_successor_terms(struct db_conn *c, struct arena *a, int64_t account_id,
			     struct coreteam_term **out, size_t *n) MUST_CHECK;
/* One term of the network; KR_ENOTFOUND when it is not that network's. */
int coreteam_term_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t term_id,
		      struct coreteam_term *out) MUST_CHECK;

/* Starts a term of role_key for holder_id from starts_on (not after today), with an optional
 * planned end ("" or NULL: none) and deputy (0: none). A term of a built-in role writes the
 * holder's network_role (ending their other open built-in term in the network on the same
 * day); the open terms of the role whose named successor is holder_id end on starts_on (and
 * their holders lose the role), so the successor takes over. The open role (vacancy) is closed
 * when the role is taken. KR_EINVAL with *problem: a bad date, a planned end before the start,
 * a start after today, an unknown role, deputy == holder. KR_ENOTFOUND: no such account.
 * KR_ECONFLICT: the holder has an open term of this role already. Audited (role change). */
int coreteam_term_start(struct db_conn *c, int64_t actor_id, int64_t network_id,
			const char *role_key, int64_t holder_id, const char *starts_on,
			const char *planned_end, int64_t deputy_id, const char *today, int64_t now,
			int64_t *term_id, const char **problem) MUST_CHECK;
/* Ends an open term on ended_on (not before its start; not after today); a built-in role's
 * holder loses it in network_role. KR_EINVAL with *problem; KR_ENOTFOUND: not that network's
 * term; KR_ECONFLICT: it has ended already. */
int coreteam_term_end(struct db_conn *c, int64_t actor_id, int64_t network_id, int64_t term_id,
		      const char *ended_on, const char *today, const char **problem) MUST_CHECK;
/* Names (0: takes back) the successor of an open term; sets (0: removes) its deputy; changes
 * its planned end ("" for none). KR_EINVAL with *problem for the holder themselves or an
 * end before the start; KR_ENOTFOUND for a term that is not the network's or an unknown
 * account; KR_ECONFLICT: the term has ended. */
int coreteam_term_successor(struct db_conn *c, int64_t network_id, int64_t term_id,
			    int64_t successor_id, const char **problem) MUST_CHECK;
int coreteam_term_deputy(struct db_conn *c, int64_t network_id, int64_t term_id, int64_t deputy_id,
			 const char **problem) MUST_CHECK;
int coreteam_term_planned_end(struct db_conn *c, int64_t network_id, int64_t term_id,
			      const char *planned_end, const char **problem) MUST_CHECK;

/* What the administrator's form and `kring user role` do: gives account_id role k in the
 * network (NROLE_NONE: takes it away), recording terms: the account's open built-in term in
 * the network ends today, and a built-in core-team role starts a new term today (contact
 * point and ambassador are appointments of the organisation, without terms). One
 * transaction; network_role written through auth, audited there. */
int coreteam_set_role(struct db_conn *c, int64_t actor_id, int64_t network_id, int64_t account_id,
		      enum network_role_kind k, int64_t now) MUST_CHECK;

/* ---- vacancies ---- */

/* Marks a role of the network as open with how to respond (or changes that text); closes it.
 * KR_EINVAL with *problem for an empty or long text or an unknown role. */
int coreteam_vacancy_open(struct db_conn *c, int64_t network_id, const char *role_key,
			  const char *respond, int64_t now, const char **problem) MUST_CHECK;
int coreteam_vacancy_close(struct db_conn *c, int64_t network_id, const char *role_key) MUST_CHECK;

/* ---- handover notes ---- */

/* Whether account_id may read the notes of role_key: a holder of an open term of the role,
 * the named successor of one, or the network's chair. Writing: a holder only. */
bool coreteam_note_may_read(struct db_conn *c, int64_t network_id, const char *role_key,
			    int64_t account_id);
bool coreteam_note_may_write(struct db_conn *c, int64_t network_id, const char *role_key,
			     int64_t account_id);
/* The notes of a role (*text NULL when there are none), and who saved them last ("" for a
 * deleted account) and when. The caller checks coreteam_note_may_read(). */
int coreteam_note_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		      const char *role_key, const char **text, const char **author,
		      int64_t *updated_at) MUST_CHECK;
/* Saves the notes (an empty text erases them). The caller checks coreteam_note_may_write().
 * KR_EINVAL with *problem for a long text or one that is not clean UTF-8. */
int coreteam_note_save(struct db_conn *c, const struct keys *k, int64_t network_id,
		       const char *role_key, int64_t author_id, const char *text, int64_t now,
		       const char **problem) MUST_CHECK;

/* ---- warnings ---- */

/* The warnings for the network's core team on day today: terms ending within two months
 * without a named successor, people with more than two open terms (over all networks: roles
 * are public), and held roles without a deputy. */
int coreteam_warnings(struct db_conn *c, struct arena *a, int64_t network_id, const char *today,
		      struct coreteam_warning **out, size_t *n) MUST_CHECK;
/* The open terms of the network without a deputy (for the core team's load view, issue 14:
 * "roles without a deputy"), in coreteam_terms_open() order. */
int coreteam_roles_without_deputy(struct db_conn *c, struct arena *a, int64_t network_id,
				  struct coreteam_term **out, size_t *n) MUST_CHECK;

/* ---- hooks (src/app/feature.h) ---- */

/* "My data": every term of account_id (newest first, every network), and the handover notes
 * it saved last, unsealed. */
struct coreteam_my_note {
	int64_t network_id;
	const char *role_key;
	const char *text;
	int64_t updated_at;
};
int coreteam_my_terms(struct db_conn *c, struct arena *a, int64_t account_id,
		      struct coreteam_term **out, size_t *n) MUST_CHECK;
int coreteam_my_notes(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		      struct coreteam_my_note **out, size_t *n) MUST_CHECK;

/* Erases the terms that ended before day `before` (the retention job); *n: how many. */
int coreteam_erase_ended_before(struct db_conn *c, const char *before, int64_t *n) MUST_CHECK;

int coreteam_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
int coreteam_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		   int64_t *count) MUST_CHECK;

#endif
