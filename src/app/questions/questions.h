/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* questions.h: the questions desk (issue 13), with privacy by design (docs/PRIVACY.md).
 *
 * Any signed-in employee asks a network a question: under their name, anonymously (the
 * question is theirs in "my questions"), or anonymously with a code they keep, tied to no
 * account at all. The network's core team works from a shared queue: take a question, answer
 * (pointing to entries of the referral directory where that helps), ask back, close.
 *
 * At rest, a question is a row with its network, state and times in the clear, and sealed
 * with XChaCha20-Poly1305 under the key file's data key, bound to the question: the asker's
 * account (0 with a code), whether they asked under their name, and the text. A signed-in
 * asker finds their questions through a keyed hash of (account, question), one per question,
 * so a copy of the database ties no two questions to one person; a code-only asker through a
 * BLAKE2b hash of their code (100 random bits: shown once, never stored). Messages are sealed
 * the same way. Nothing of a question is written to the audit log or any log.
 *
 * Who sees what: the asker sees their question and every answer (the name of the core-team
 * member only when they signed it). The core team of the network sees the question, the
 * asker's name only when they asked under it, and who took it. Nobody else sees a question:
 * not the administrator, HR, the contact point or the ambassador. */
#ifndef KRING_QUESTIONS_H
#define KRING_QUESTIONS_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define QUESTION_TEXT_MAX      10000 /* characters, for a question, an answer and a reply */
#define QUESTION_CODE_CHARS    20    /* the code's letters and digits, in groups of four */
#define QUESTION_CODE_SIZE     25    /* "ABCD-EFGH-JKMN-PQRS-TVWX" and its NUL */
#define QUESTION_REF_SIZE      17    /* 16 random letters and digits and a NUL */
#define QUESTION_REFERRALS_MAX 3     /* directory entries one answer points to */

/* How someone asks. */
enum question_how { QUESTION_NAMED, QUESTION_ANONYMOUS, QUESTION_CODE };
const char *question_how_name(enum question_how h); /* "named", "anonymous", "code" */
bool question_how_parse(const char *s, enum question_how *out);

enum question_state { QSTATE_OPEN, QSTATE_ASKED_BACK, QSTATE_ANSWERED, QSTATE_CLOSED };
const char *question_state_name(enum question_state s); /* "open", "asked-back", ... */

enum question_msg_kind { QMSG_ANSWER, QMSG_ASK_BACK, QMSG_REPLY };
const char *question_msg_kind_name(enum question_msg_kind k); /* "answer", "ask-back", "reply" */

struct question_msg {
	int64_t id;
	enum question_msg_kind kind;
	int64_t author_id;	 /* the core-team member; 0 for the asker (or an erased account) */
	bool signed_by_name;	 /* the author chose to show their name to the asker */
	const char *author_name; /* the author's name, or NULL (never for the asker) */
	const char *text;
	int64_t created_at;
	int64_t *referrals; /* directory entries, with QMSG_ANSWER */
	size_t nreferrals;
};

struct question {
	int64_t id;
	char ref[QUESTION_REF_SIZE];
	int64_t network_id;
	/* The asker: for the asker themselves and for sending the e-mail; a page for the core
	 * team shows asker_name only with QUESTION_NAMED. 0 with QUESTION_CODE. */
	int64_t asker_id;
	const char *asker_name; /* filled in only for QUESTION_NAMED */
	enum question_how how;
	const char *text;
	enum question_state state;
	int64_t taken_by; /* 0: nobody has it */
	const char *taken_by_name;
	int64_t asked_at, answered_at, closed_at;
	bool faq_consent;	   /* the asker agrees to an FAQ entry in the core team's words */
	struct question_msg *msgs; /* oldest first; loaded by the _get functions only */
	size_t nmsgs;
};

/* Problems with what someone typed, as English message ids (translate with _()). */
extern const char questions_problem_empty[];
extern const char questions_problem_long[];
extern const char questions_problem_text[];
extern const char questions_problem_code[];
extern const char questions_problem_referral[];

/* Asks network_id a question. With QUESTION_CODE the account is not stored anywhere and the
 * code is written to code (shown once); else account_id is sealed into the question. ref gets
 * the question's address. KR_EINVAL with *problem for an empty or too long text or one that is
 * not clean UTF-8; KR_ENOTFOUND for a network that does not exist. */
int questions_ask(struct db_conn *c, const struct keys *k, int64_t network_id, int64_t account_id,
		  enum question_how how, const char *text, int64_t now, char ref[QUESTION_REF_SIZE],
		  char code[QUESTION_CODE_SIZE], const char **problem) MUST_CHECK;

/* The asker's own questions, newest first, without messages (for "my questions"). */
int questions_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		   struct question **out, size_t *n) MUST_CHECK;
/* One of the asker's own questions with its messages; KR_ENOTFOUND for anyone else's. */
int questions_get_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		       const char *ref, struct question *out) MUST_CHECK;
/* The question a code opens, with its messages; KR_ENOTFOUND for a wrong code (or one whose
 * question is erased), KR_EINVAL for something that is not a code at all. */
int questions_get_by_code(struct db_conn *c, const struct keys *k, struct arena *a,
			  const char *code, struct question *out) MUST_CHECK;
/* A question of network_id for its core team, with its messages; KR_ENOTFOUND when it is not
 * that network's. The caller checks that the reader is on the core team. */
int questions_get_for_team(struct db_conn *c, const struct keys *k, struct arena *a,
			   int64_t network_id, const char *ref, struct question *out) MUST_CHECK;
/* The queue of network_id: the questions that are not closed, oldest first, from the offset-th
 * on, at most limit (a page of the queue: each one is unsealed to be shown). */
int questions_queue(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		    int64_t offset, int64_t limit, struct question **out, size_t *n) MUST_CHECK;

/* The core team's actions on a question of network_id (the caller checks the actor is on its
 * core team). KR_ENOTFOUND: not that network's; KR_ECONFLICT: the question is closed. */
int questions_take(struct db_conn *c, int64_t network_id, const char *ref,
		   int64_t actor_id) MUST_CHECK;
/* An answer or an asking back (kind QMSG_ANSWER or QMSG_ASK_BACK), signed with the author's
 * name or not; an answer may point to directory entries. The asker's e-mail (that there is an
 * answer, and where: never the question or the answer) goes in the same transaction, unless
 * they asked with a code, or base_url is NULL (the demo). KR_EINVAL with *problem for a
 * bad text or referral. */
int questions_respond(struct db_conn *c, const struct keys *k, int64_t network_id, const char *ref,
		      int64_t actor_id, enum question_msg_kind kind, const char *text,
		      bool signed_by_name, const int64_t *referrals, size_t nreferrals,
		      const char *base_url, int64_t now, const char **problem) MUST_CHECK;
int questions_close(struct db_conn *c, int64_t network_id, const char *ref, int64_t now) MUST_CHECK;
/* The asker's reply to an asking back: the question goes back to the queue as open.
 * KR_ECONFLICT when the question is closed. */
int questions_reply(struct db_conn *c, const struct keys *k, const struct question *q,
		    const char *text, int64_t now, const char **problem) MUST_CHECK;
/* Erases a question with everything in it at once (the asker does, at any time). */
int questions_erase(struct db_conn *c, int64_t question_id) MUST_CHECK;

/* Working days (Monday to Friday, by UTC date) after the day of `from`, up to and including
 * the day of `to`. A question asked at `from` is flagged when more than the organisation's
 * number of them passed without an answer. */
int64_t questions_working_days(int64_t from, int64_t to);
bool questions_overdue(const struct question *q, int64_t flag_days, int64_t now);

/* The administrator's settings. */
#define QUESTIONS_FLAG_DAYS_MIN	  1
#define QUESTIONS_FLAG_DAYS_MAX	  30
#define QUESTIONS_KEEP_MONTHS_MIN 1
#define QUESTIONS_KEEP_MONTHS_MAX 120
struct questions_settings {
	int64_t flag_days;   /* working days before a question is flagged (5) */
	int64_t keep_months; /* months after closing before a question is erased (12) */
};
int questions_settings_get(struct db_conn *c, struct questions_settings *out) MUST_CHECK;
int questions_settings_set(struct db_conn *c, int64_t actor_id,
			   const struct questions_settings *s) MUST_CHECK; /* KR_EINVAL */

/* Erases the questions closed before `before`, with their messages; *n: how many. */
int questions_erase_closed_before(struct db_conn *c, int64_t before, int64_t *n) MUST_CHECK;
/* `now` minus `months` calendar months (UTC). */
int64_t questions_months_before(int64_t now, int64_t months);

/* Hooks: the account's own questions go (named and anonymous alike; a code's question is tied
 * to no account and stays until the code's holder or retention erases it), and their name
 * leaves what they took or answered as a core-team member. Inside the caller's transaction. */
int questions_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
int questions_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		    int64_t *count) MUST_CHECK;

/* ---- the referral directory ---- */

enum referral_kind {
	REFERRAL_COMPANY_DOCTOR,
	REFERRAL_CONFIDENTIAL_ADVISER,
	REFERRAL_HR,
	REFERRAL_ADJUSTMENTS,
	REFERRAL_WORKS_COUNCIL,
	REFERRAL_OUTSIDE,
};
#define REFERRAL_KINDS	     6
#define REFERRAL_NAME_MAX    200
#define REFERRAL_REACH_MAX   1000
#define REFERRAL_PURPOSE_MAX 2000
const char *referral_kind_name(enum referral_kind k); /* "company-doctor", ... */
bool referral_kind_parse(const char *s, enum referral_kind *out);
/* The kind as shown, an English message id (translate with _()). */
const char *referral_kind_label(enum referral_kind k);

struct referral {
	int64_t id;
	enum referral_kind kind;
	const char *name, *reach, *purpose;
};
/* The problems of an entry: (field, message id) pairs, as many as *n. */
struct referral_problem {
	const char *field, *message;
};
size_t referral_check(const struct referral *e, struct referral_problem out[3]);
/* Every entry, by kind and then name. */
int referral_list(struct db_conn *c, struct arena *a, struct referral **out, size_t *n) MUST_CHECK;
/* KR_EINVAL when referral_check() finds a problem. */
int referral_add(struct db_conn *c, const struct referral *e, int64_t now, int64_t *id) MUST_CHECK;
int referral_update(struct db_conn *c, const struct referral *e) MUST_CHECK; /* KR_ENOTFOUND */
int referral_delete(struct db_conn *c, int64_t id) MUST_CHECK;		     /* KR_ENOTFOUND */

/* ---- the FAQ ---- */

/* The asker's consent that the core team may make an FAQ entry of their question, in the core
 * team's own words and without anything that points to them; given or taken back by the asker
 * once the question has an answer (KR_ECONFLICT before). */
int questions_faq_consent(struct db_conn *c, const struct question *q, bool yes) MUST_CHECK;

#define FAQ_QUESTION_MAX 500   /* characters */
#define FAQ_ANSWER_MAX	 10000 /* characters */
#define FAQ_ENTRIES_MAX	 200   /* a network's FAQ is read as one page */
/* An entry of a network's frequently asked questions: the network's text, tied to no question,
 * asker or author; changed_on is a day. */
struct faq_entry {
	int64_t id;
	int64_t network_id;
	const char *question, *answer;
	int64_t changed_on;
};
extern const char faq_problem_question[];
extern const char faq_problem_answer[];
extern const char faq_problem_question_long[];
extern const char faq_problem_full[];
/* The entries of network_id in the order they were made. */
int faq_list(struct db_conn *c, struct arena *a, int64_t network_id, struct faq_entry **out,
	     size_t *n) MUST_CHECK;
int faq_count(struct db_conn *c, int64_t network_id, int64_t *n) MUST_CHECK;
/* KR_ENOTFOUND when the entry is not network_id's. */
int faq_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t id,
	    struct faq_entry *out) MUST_CHECK;
/* Adds (e->id 0) or changes an entry of e->network_id; the texts are checked and stored
 * trimmed. KR_EINVAL with *field ("question" or "answer") and *problem (a message id);
 * KR_ENOTFOUND for an entry that is not the network's; KR_ECONFLICT when the network has
 * FAQ_ENTRIES_MAX entries already. */
int faq_save(struct db_conn *c, struct arena *a, struct faq_entry *e, int64_t now,
	     const char **field, const char **problem) MUST_CHECK;
int faq_delete(struct db_conn *c, int64_t network_id, int64_t id) MUST_CHECK; /* KR_ENOTFOUND */

/* ---- figures ---- */

#define QUESTION_FIGURE_WEEKS 12
#define QUESTION_WEEK	      (7 * 86400)
/* The raw counts behind a network's questions-desk figures, over the last
 * QUESTION_FIGURE_WEEKS weeks that have ended (Monday to Sunday, UTC): only ended weeks, so
 * that a figure does not move while a reader watches it. Shown only through src/app/figures
 * (docs/PRIVACY.md, "Figures"). */
struct question_figures {
	int64_t week_start[QUESTION_FIGURE_WEEKS]; /* oldest first */
	int64_t asked[QUESTION_FIGURE_WEEKS];	   /* questions asked in that week */
	int64_t answered;			   /* questions first answered in those weeks */
	int64_t median_hours;		   /* their median time from asking to the first answer */
	int64_t referrals[REFERRAL_KINDS]; /* directory entries answers pointed to, by kind */
	int64_t nreferrals;
};
/* Monday 00:00 UTC of the week that holds t. */
int64_t questions_week_start(int64_t t);
int questions_figures(struct db_conn *c, int64_t network_id, int64_t now,
		      struct question_figures *out) MUST_CHECK;

/* The "Referrals by kind" section of a figures page (the questions desk's, the consultation
 * hour's): counts per kind in referral_kind order, through figures_table(). */
struct request;
int questions_referral_figures(struct request *r, const int64_t kinds[REFERRAL_KINDS]) MUST_CHECK;

/* ---- store.c ---- */

struct question_row {
	int64_t id;
	char ref[QUESTION_REF_SIZE];
	int64_t network_id;
	const unsigned char *owner_lookup; /* 32 bytes, or NULL */
	const unsigned char *sealed;
	size_t sealed_len;
	enum question_state state;
	int64_t taken_by;
	const char *taken_by_name;
	int64_t asked_at, answered_at, closed_at;
	bool faq_consent;
};
struct question_msg_row {
	int64_t id;
	enum question_msg_kind kind;
	int64_t author_id;
	const char *author_name;
	bool signed_by_name;
	const unsigned char *sealed;
	size_t sealed_len;
	int64_t created_at;
};
int questions_store_insert(struct db_conn *c, const char *ref, int64_t network_id,
			   const unsigned char *owner_lookup, const unsigned char *code_hash,
			   const unsigned char *sealed, size_t len, int64_t now,
			   int64_t *id) MUST_CHECK;
int questions_store_by_ref(struct db_conn *c, struct arena *a, const char *ref,
			   struct question_row *out, bool *found) MUST_CHECK;
int questions_store_by_code(struct db_conn *c, struct arena *a, const unsigned char hash[32],
			    struct question_row *out, bool *found) MUST_CHECK;
/* Every question a signed-in person asked (owner_lookup set): id, ref and owner_lookup only. */
int questions_store_owned(struct db_conn *c, struct arena *a, struct question_row **out,
			  size_t *n) MUST_CHECK;
int questions_store_queue(struct db_conn *c, struct arena *a, int64_t network_id, int64_t offset,
			  int64_t limit, struct question_row **out, size_t *n) MUST_CHECK;
int questions_store_all(struct db_conn *c, struct arena *a, struct question_row **out,
			size_t *n) MUST_CHECK;
int questions_store_messages(struct db_conn *c, struct arena *a, int64_t question_id,
			     struct question_msg_row **out, size_t *n) MUST_CHECK;
int questions_store_message_referrals(struct db_conn *c, struct arena *a, int64_t message_id,
				      int64_t **out, size_t *n) MUST_CHECK;
int questions_store_all_messages(struct db_conn *c, struct arena *a, int64_t **qids,
				 struct question_msg_row **out, size_t *n) MUST_CHECK;
int questions_store_message_insert(struct db_conn *c, int64_t question_id,
				   enum question_msg_kind kind, int64_t author_id,
				   bool signed_by_name, const unsigned char *sealed, size_t len,
				   int64_t now, int64_t *id) MUST_CHECK;
int questions_store_referral_link(struct db_conn *c, int64_t message_id,
				  int64_t referral_id) MUST_CHECK;
/* Sets the state (and answered_at the first time an answer comes, closed_at on closing). */
int questions_store_set_state(struct db_conn *c, int64_t id, enum question_state state,
			      int64_t now) MUST_CHECK;
int questions_store_take(struct db_conn *c, int64_t id, int64_t actor_id) MUST_CHECK;
int questions_store_delete(struct db_conn *c, int64_t id) MUST_CHECK;
int questions_store_reseal(struct db_conn *c, int64_t id, const unsigned char *owner_lookup,
			   const unsigned char *sealed, size_t len) MUST_CHECK;
int questions_store_message_reseal(struct db_conn *c, int64_t id, const unsigned char *sealed,
				   size_t len) MUST_CHECK;
int questions_store_forget_member(struct db_conn *c, int64_t account_id) MUST_CHECK;
int questions_store_closed_before(struct db_conn *c, int64_t before, int64_t *ids, size_t cap,
				  size_t *n) MUST_CHECK;
int questions_store_settings_get(struct db_conn *c, struct questions_settings *out) MUST_CHECK;
int questions_store_settings_set(struct db_conn *c, const struct questions_settings *s) MUST_CHECK;
int questions_store_referral_list(struct db_conn *c, struct arena *a, struct referral **out,
				  size_t *n) MUST_CHECK;
int questions_store_referral_insert(struct db_conn *c, const struct referral *e, int64_t now,
				    int64_t *id) MUST_CHECK;
int questions_store_referral_update(struct db_conn *c, const struct referral *e,
				    bool *found) MUST_CHECK;
int questions_store_referral_delete(struct db_conn *c, int64_t id, bool *found) MUST_CHECK;
bool questions_store_referral_exists(struct db_conn *c, int64_t id);
int questions_store_set_consent(struct db_conn *c, int64_t id, bool yes) MUST_CHECK;
int questions_store_faq_list(struct db_conn *c, struct arena *a, int64_t network_id,
			     struct faq_entry **out, size_t *n) MUST_CHECK;
int questions_store_faq_count(struct db_conn *c, int64_t network_id, int64_t *n) MUST_CHECK;
int questions_store_faq_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t id,
			    struct faq_entry *out, bool *found) MUST_CHECK;
int questions_store_faq_insert(struct db_conn *c, const struct faq_entry *e,
			       int64_t *id) MUST_CHECK;
int questions_store_faq_update(struct db_conn *c, const struct faq_entry *e,
			       bool *found) MUST_CHECK;
int questions_store_faq_delete(struct db_conn *c, int64_t network_id, int64_t id,
			       bool *found) MUST_CHECK;
/* counts[i]: questions of the network asked in the week from + i * QUESTION_WEEK. */
int questions_store_asked_by_week(struct db_conn *c, int64_t network_id, int64_t from, int weeks,
				  int64_t *counts) MUST_CHECK;
/* The seconds from asking to the first answer of the questions first answered in [from, to),
 * shortest first. */
int questions_store_answer_delays(struct db_conn *c, struct arena *a, int64_t network_id,
				  int64_t from, int64_t to, int64_t **out, size_t *n) MUST_CHECK;
/* How often answers in [from, to) pointed to entries of each kind: kinds[i], ns[i]. */
int questions_store_referral_kinds(struct db_conn *c, struct arena *a, int64_t network_id,
				   int64_t from, int64_t to, const char ***kinds, int64_t **ns,
				   size_t *n) MUST_CHECK;

#endif
