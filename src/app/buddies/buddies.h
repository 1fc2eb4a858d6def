/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* buddies.h: buddies (issue 13; docs/PRIVACY.md, "Buddies"). A buddy is an experienced
 * colleague to talk with, never a care provider.
 *
 * A member of a network applies to be a buddy with a motivation and the themes they have
 * experience with, from the network's own list of themes (its words: the core team keeps the
 * list; Kring never asks for a diagnosis). The network's buddy coordinators (core-team members
 * the core team names) hold an intake and record its outcome, note training and intervision
 * dates, and move a buddy through applied → intake → trained → active → paused → stopped. A
 * buddy takes at most `caseload` matches at a time (BUDDY_CASELOAD_MAX, which they may lower).
 *
 * A member asks for a buddy with themes, preferences (a site, online, a language) and an
 * optional short note. A request row names nobody: it holds a keyed hash of (account, network)
 * to find it for its asker, and the account, the themes, the preferences and the note sealed
 * with XChaCha20-Poly1305 under the data key, bound to the request. Only the buddy coordinators
 * of that network open it, and, once a match is proposed, its buddy. The coordinator sees
 * Kring's suggestions (active buddies with room, the most shared themes first, the same site
 * first when asked) and proposes one; the buddy accepts or declines without a reason (two
 * steps); on accepting both get an e-mail with the other's name and address only.
 *
 * A match ends by either side, or by itself BUDDY_MATCH_DAYS after it began unless renewed
 * (the retention job). Both then get an anonymous check-in ("did it help?"): a due row holds
 * a keyed hash of (account, network); answering deletes it and adds 1 to a count per network
 * and answer, with no time and no link to a match or person. A buddy can hand a match back to
 * the coordinators ("this needs professional help") with no content. A request is erased
 * BUDDY_KEEP_DAYS after its match ended or it was closed. Nothing goes to the audit log. */
#ifndef KRING_BUDDIES_H
#define KRING_BUDDIES_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define BUDDY_THEMES_MAX     20	 /* themes of a network */
#define BUDDY_THEME_MAX	     100 /* characters of a theme's name */
#define BUDDY_MOTIVATION_MAX 2000
#define BUDDY_NOTE_MAX	     500 /* characters of a request's note */
#define BUDDY_CASELOAD_MAX   2	 /* matches at a time: the default and the most */
#define BUDDY_MATCH_DAYS     182 /* a match ends by itself after about 6 months */
#define BUDDY_KEEP_DAYS	     30	 /* a request is erased this long after its end */
#define BUDDY_CHECKIN_DAYS   90	 /* an unanswered check-in goes after this long */
#define BUDDY_SUGGEST_MAX    10

enum buddy_status {
	BUDDY_APPLIED,
	BUDDY_INTAKE,
	BUDDY_TRAINED,
	BUDDY_ACTIVE,
	BUDDY_PAUSED,
	BUDDY_STOPPED,
	BUDDY_NSTATUS
};
const char *buddy_status_name(enum buddy_status s);  /* "applied", ... */
const char *buddy_status_label(enum buddy_status s); /* an English message id */
bool buddy_status_parse(const char *s, enum buddy_status *out);

/* The intake's outcome: a choice, never free text. */
enum buddy_intake { INTAKE_NONE, INTAKE_GO, INTAKE_NOT_YET, INTAKE_NO, INTAKE_N };
const char *buddy_intake_name(enum buddy_intake i);
const char *buddy_intake_label(enum buddy_intake i);
bool buddy_intake_parse(const char *s, enum buddy_intake *out);

struct buddy_theme {
	int64_t id, network_id;
	const char *name;
};

struct buddy {
	int64_t id, network_id, account_id;
	const char *name; /* the account's, filled when read */
	enum buddy_status status;
	enum buddy_intake intake;
	int caseload, load; /* the most at a time; proposed and active matches now */
	int64_t site_id;    /* 0: any */
	bool online;
	const char *lang;					/* "nl", "en" or "both" */
	char intake_on[11], trained_on[11], intervision_on[11]; /* "" or "YYYY-MM-DD" */
	int64_t applied_at;
	/* Sealed, opened when read: */
	const char *motivation;
	int64_t themes[BUDDY_THEMES_MAX];
	size_t nthemes;
};

enum request_status {
	REQ_WAITING,
	REQ_PROPOSED,
	REQ_MATCHED,
	REQ_RETURNED, /* handed back by the buddy: the coordinators follow it up */
	REQ_ENDED,
	REQ_CLOSED,
	REQ_NSTATUS
};
const char *buddy_request_status_name(enum request_status s);

struct buddy_request {
	int64_t id, network_id;
	enum request_status status;
	int64_t created_at, ended_at;
	/* Sealed, opened when read: */
	int64_t account_id;
	int64_t site_id;  /* 0: no wish */
	bool online;	  /* meeting online is fine */
	const char *lang; /* "nl", "en" or "" (either) */
	int64_t themes[BUDDY_THEMES_MAX];
	size_t nthemes;
	const char *note;
};

enum match_status { MATCH_PROPOSED, MATCH_DECLINED, MATCH_ACTIVE, MATCH_ENDED, MATCH_HANDED_BACK };
const char *buddy_match_status_name(enum match_status s);

struct buddy_match {
	int64_t id, request_id, buddy_id, network_id;
	enum match_status status;
	int64_t proposed_at, started_at, ends_at, ended_at; /* 0: not (yet) */
};

/* Why something was refused (KR_EINVAL / KR_ECONFLICT), for the page. */
enum buddy_refusal {
	BREFUSE_NONE,
	BREFUSE_TEXT,	    /* a text is empty, too long or not clean */
	BREFUSE_THEMES,	    /* no theme, or one that is not the network's */
	BREFUSE_NOT_MEMBER, /* only members apply and ask */
	BREFUSE_ALREADY,    /* an application or an open request exists already */
	BREFUSE_FULL,	    /* the buddy has no room in their caseload */
	BREFUSE_NOT_ACTIVE, /* the buddy is not active */
	BREFUSE_SELF,	    /* the buddy is the person who asked */
	BREFUSE_STATE,	    /* the request or match is not in a state for this */
	BREFUSE_ANSWERED,   /* the match has been answered already */
	BREFUSE_CASELOAD,   /* a caseload outside 1..BUDDY_CASELOAD_MAX */
	BREFUSE_DATE,	    /* a date that is not YYYY-MM-DD */
};

/* ---- themes and coordinators (the core team) ---- */

int buddy_themes(struct db_conn *c, struct arena *a, int64_t network_id, struct buddy_theme **out,
		 size_t *n) MUST_CHECK;
/* KR_EINVAL with *why (BREFUSE_TEXT for an empty or long or taken name, BREFUSE_THEMES when
 * the list is full). */
int buddy_theme_add(struct db_conn *c, int64_t network_id, const char *name, int64_t now,
		    enum buddy_refusal *why) MUST_CHECK;
/* KR_ENOTFOUND when it is not a theme of the network. */
int buddy_theme_delete(struct db_conn *c, int64_t network_id, int64_t theme_id) MUST_CHECK;

/* Whether account_id is a buddy coordinator of the network now: named by the core team and
 * still in the core team. */
bool buddy_is_coordinator(struct db_conn *c, int64_t network_id, int64_t account_id);
/* Whether account_id serves as a buddy in the network now: a buddy with the status "active",
 * or one with a match that is running (a paused buddy finishes theirs). For the hours rule's
 * "buddies" box (app/hours); says nothing of whom they are matched with. */
bool buddy_is_serving(struct db_conn *c, int64_t network_id, int64_t account_id);
/* The coordinators' account ids and names. */
int buddy_coordinators(struct db_conn *c, struct arena *a, int64_t network_id, int64_t **ids,
		       const char ***names, size_t *n) MUST_CHECK;
/* Names (on) or un-names a coordinator: KR_EINVAL unless they are in the core team. */
int buddy_coordinator_set(struct db_conn *c, int64_t network_id, int64_t account_id,
			  bool on) MUST_CHECK;

/* ---- buddies ---- */

/* Applies: KR_EINVAL with *why (a bad motivation, no theme or a theme of another network,
 * not a member, an application exists already). */
int buddy_apply(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		int64_t account_id, const char *motivation, const int64_t *themes, size_t nthemes,
		int64_t site_id, bool online, const char *lang, int64_t now,
		enum buddy_refusal *why) MUST_CHECK;
int buddy_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
	      struct buddy *out) MUST_CHECK; /* KR_ENOTFOUND */
/* The buddies of a network, by status then name. */
int buddy_list(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
	       struct buddy **out, size_t *n) MUST_CHECK;
/* The account's own buddy rows (every network). */
int buddy_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	       struct buddy **out, size_t *n) MUST_CHECK;
/* The coordinator's record: status, intake outcome and the dates ("" for none). KR_EINVAL with
 * *why for a bad date; the caller checks the coordinator. */
int buddy_record(struct db_conn *c, int64_t buddy_id, enum buddy_status status,
		 enum buddy_intake intake, const char *intake_on, const char *trained_on,
		 const char *intervision_on, enum buddy_refusal *why) MUST_CHECK;
/* The buddy lowers (or raises back up to the most) their caseload: 1..BUDDY_CASELOAD_MAX.
 * KR_ENOTFOUND unless buddy_id is account_id's own. */
int buddy_set_caseload(struct db_conn *c, int64_t buddy_id, int64_t account_id, int caseload,
		       enum buddy_refusal *why) MUST_CHECK;

/* ---- requests ---- */

/* Asks for a buddy: KR_EINVAL with *why (no theme or not the network's, a note too long, not a
 * member, an open request in the network exists already). *id gets the request. */
int buddy_request_add(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		      int64_t account_id, const int64_t *themes, size_t nthemes, int64_t site_id,
		      bool online, const char *lang, const char *note, int64_t now, int64_t *id,
		      enum buddy_refusal *why) MUST_CHECK;
/* One request, unsealed: for the caller to show only to the network's coordinators, its
 * asker and the buddy of its match. KR_ENOTFOUND; a request erased after its end is gone. */
int buddy_request_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
		      struct buddy_request *out) MUST_CHECK;
/* The requests of a network that are open (waiting, proposed, matched, returned), oldest
 * first, unsealed: for its coordinators. */
int buddy_requests_open(struct db_conn *c, const struct keys *k, struct arena *a,
			int64_t network_id, struct buddy_request **out, size_t *n) MUST_CHECK;
/* The account's own requests, every network, newest first. */
int buddy_requests_mine(struct db_conn *c, const struct keys *k, struct arena *a,
			int64_t account_id, struct buddy_request **out, size_t *n) MUST_CHECK;
/* The coordinator closes a waiting or returned request; the asker withdraws one (theirs, not
 * matched): KR_EINVAL with BREFUSE_STATE otherwise. */
int buddy_request_close(struct db_conn *c, const struct keys *k, int64_t request_id,
			int64_t asker_id, int64_t now, enum buddy_refusal *why) MUST_CHECK;

/* The suggestions for a request: active buddies of its network with room, not the asker, the
 * most shared themes first, then (when a site was asked) the same site, then the fewest
 * matches; at most BUDDY_SUGGEST_MAX. shared[i]: themes buddy i shares. */
int buddy_suggestions(struct db_conn *c, const struct keys *k, struct arena *a,
		      const struct buddy_request *rq, struct buddy **out, int **shared,
		      size_t *n) MUST_CHECK;

/* ---- matches ---- */

/* The coordinator proposes buddy_id for request_id, in one transaction: KR_EINVAL with *why
 * (another network's buddy or request: BREFUSE_STATE; the buddy not active, full, or the asker
 * themselves; the request not waiting or returned). The buddy gets an e-mail that a request
 * waits (no content). *match_id gets the match. */
int buddy_propose(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		  int64_t request_id, int64_t buddy_id, const char *base_url, int64_t now,
		  int64_t *match_id, enum buddy_refusal *why) MUST_CHECK;
int buddy_match_get(struct db_conn *c, int64_t id, struct buddy_match *out) MUST_CHECK;
/* The matches of a request, newest first; of a buddy, newest first. */
int buddy_matches_of_request(struct db_conn *c, struct arena *a, int64_t request_id,
			     struct buddy_match **out, size_t *n) MUST_CHECK;
int buddy_matches_of_buddy(struct db_conn *c, struct arena *a, int64_t buddy_id,
			   struct buddy_match **out, size_t *n) MUST_CHECK;
/* The buddy (account_id) answers a proposal: accept (the introduction e-mails go to both) or
 * decline (the request waits again). KR_ENOTFOUND unless it is their match; KR_EINVAL with
 * BREFUSE_ANSWERED when it was answered already. */
int buddy_answer(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
		 int64_t account_id, bool accept, const char *base_url, int64_t now,
		 enum buddy_refusal *why) MUST_CHECK;
/* Either side (account_id: the buddy or the asker) ends an active match; both get a check-in.
 * KR_ENOTFOUND unless it is theirs; KR_EINVAL with BREFUSE_STATE when it is not active. */
int buddy_end(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
	      int64_t account_id, const char *base_url, int64_t now,
	      enum buddy_refusal *why) MUST_CHECK;
/* Either side renews an active match for BUDDY_MATCH_DAYS from now. */
int buddy_renew(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
		int64_t account_id, int64_t now, enum buddy_refusal *why) MUST_CHECK;
/* The buddy hands a proposed or active match back to the coordinators ("this needs
 * professional help"): the request is returned, the coordinators get an e-mail without
 * content. */
int buddy_hand_back(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
		    int64_t account_id, const char *base_url, int64_t now,
		    enum buddy_refusal *why) MUST_CHECK;
/* Whether account_id is the buddy or the asker of a match. */
bool buddy_match_is_buddy(struct db_conn *c, const struct buddy_match *m, int64_t account_id);
bool buddy_match_is_asker(struct db_conn *c, const struct keys *k, const struct buddy_match *m,
			  int64_t account_id);

/* ---- check-ins ---- */

enum checkin_answer { CHECKIN_YES, CHECKIN_SOME, CHECKIN_NO, CHECKIN_N };
const char *buddy_checkin_name(enum checkin_answer a);
const char *buddy_checkin_label(enum checkin_answer a);
bool buddy_checkin_parse(const char *s, enum checkin_answer *out);
/* The networks in which account_id has a check-in to answer (one id per check-in). */
int buddy_checkins_due(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		       int64_t **network_ids, size_t *n) MUST_CHECK;
/* Answers one due check-in of the account in the network: KR_ENOTFOUND when none is due. */
int buddy_checkin_answer(struct db_conn *c, const struct keys *k, int64_t network_id,
			 int64_t account_id, enum checkin_answer answer) MUST_CHECK;

/* ---- figures (raw counts: show them only through src/app/figures) ---- */

struct buddy_counts {
	int64_t waiting;	    /* requests waiting or returned */
	int64_t active;		    /* matches active */
	int64_t answers[CHECKIN_N]; /* check-in answers */
};
int buddy_counts(struct db_conn *c, int64_t network_id, struct buddy_counts *out) MUST_CHECK;

/* ---- hooks ---- */

int buddy_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
/* Ends matches past their end (with check-ins), erases requests BUDDY_KEEP_DAYS after their
 * end and check-ins after BUDDY_CHECKIN_DAYS; one transaction. */
int buddy_retention_run(struct db_conn *c, const struct keys *k, int64_t now, int64_t *ended,
			int64_t *erased) MUST_CHECK;
int buddy_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		int64_t *count) MUST_CHECK;

/* For the demo, inside the caller's transaction, without the rules' checks of membership and
 * without e-mail: a buddy in a status, a request, a match in a state (proposed_at: when it was
 * proposed; an ended match ended at now), and n answers to the check-in. */
int buddy_demo_buddy(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		     int64_t account_id, const char *motivation, const int64_t *themes,
		     size_t nthemes, int64_t site_id, enum buddy_status status,
		     const char *trained_on, int64_t now, int64_t *id) MUST_CHECK;
int buddy_demo_request(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		       int64_t account_id, const int64_t *themes, size_t nthemes, int64_t site_id,
		       const char *note, int64_t created_at, int64_t *id) MUST_CHECK;
int buddy_demo_match(struct db_conn *c, int64_t request_id, int64_t buddy_id,
		     enum match_status status, int64_t proposed_at, int64_t now) MUST_CHECK;
int buddy_demo_answers(struct db_conn *c, int64_t network_id, enum checkin_answer answer,
		       int64_t n) MUST_CHECK;

#endif
