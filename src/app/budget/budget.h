/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* budget.h: a network's budget per year (issue 14; docs/PRIVACY.md, "Budget").
 *
 * The contact point (the organisation's, or the network's contact role) allocates money from
 * one or more sources ("Netwerkbudget", "D&I-budget"), sets the amount up to which the
 * treasurer may approve expenses, decides the treasurer's requests for more (approve, partly
 * approve, decline, with a reason) and closes a year. The treasurer asks for more, enters
 * expenses (amount, date, what for, optionally the event), plans a cost per event to come and
 * attaches receipts. The chair reads along. Nobody else sees a network's budget.
 *
 * Money is int64 whole euro cents, never floating point. The figures of a year:
 *	available = allocated + approved (of requests, fully or partly)
 *	spent     = the approved expenses
 *	waiting   = the expenses that wait for approval (they count as used already)
 *	committed = for each event that has not ended, its planned cost minus what is already
 *	            spent or waiting on it (never below zero)
 *	left      = available - spent - waiting - committed
 * The rule about what is left: an expense that does not fit in what is left (left after it
 * would be below zero) is refused, unless the contact point enters it and approves it at once;
 * only the contact point can bring a year below zero. The treasurer approves a waiting expense
 * up to the approval limit. A closed year takes no change at all; a year with requests or
 * expenses waiting cannot be closed.
 *
 * What may hint at health (what an expense was for, the justification of a request, the
 * reasons of decisions) is sealed with the key file's data key, bound to its row; so are
 * receipts. Figures, dates, sources and states are in the clear, and no figure is about a
 * person. Every change of money is in the audit log (AUDIT_BUDGET_CHANGED, with ids and
 * cents only). */
#ifndef KRING_BUDGET_H
#define KRING_BUDGET_H

#include "base/arena.h"
#include "base/keys.h"
#include "base/strbuf.h"
#include "db/db.h"

#define BUDGET_CENTS_MAX	  99999999LL /* under one million euro: more is a typing error */
#define BUDGET_SOURCE_MAX	  100	     /* characters */
#define BUDGET_TEXT_MAX		  2000 /* what an expense was for, a justification, a reason */
#define BUDGET_YEAR_MIN		  2000
#define BUDGET_YEAR_MAX		  2100
#define BUDGET_RECEIPT_MAX	  (10u << 20) /* bytes */
#define BUDGET_RECEIPT_KEEP_YEARS 7	      /* after the end of the expense's year */
#define BUDGET_LIST_MAX		  2000	      /* rows of one kind in one year */

/* ---- money ---- */

/* Problems as English message ids (translate with _()). */
extern const char budget_problem_amount_empty[];
extern const char budget_problem_amount_garbage[];
extern const char budget_problem_amount_negative[];
extern const char budget_problem_amount_zero[];
extern const char budget_problem_amount_absurd[];
extern const char budget_problem_amount_decimals[];

/* Reads an amount in euros as people type it: digits, then optionally ',' or '.' and one or
 * two digits ("12", "12,5", "12,50", "12.50"), with spaces around and an optional "€" in
 * front. No thousands separators, no sign. KR_EINVAL with *problem for anything else: empty,
 * garbage, negative, zero (unless allow_zero), BUDGET_CENTS_MAX exceeded, more than two
 * decimals. *out is set only on success. */
int budget_parse_cents(const char *s, bool allow_zero, int64_t *out,
		       const char **problem) MUST_CHECK;
/* "€ 1.234,56" (lang "nl") or "€1,234.56" (otherwise); a negative amount gets a leading '-'. */
void budget_format_cents(struct strbuf *sb, int64_t cents, const char *lang);
const char *budget_cents_text(struct arena *a, int64_t cents, const char *lang);
/* "1234.56" for the CSV export: no grouping, a point, a leading '-' when negative. */
const char *budget_cents_plain(struct arena *a, int64_t cents);

/* ---- who ---- */

enum budget_role {
	BUDGET_NONE,	  /* sees nothing: 404 */
	BUDGET_CHAIR,	  /* reads */
	BUDGET_TREASURER, /* reads, asks, enters */
	BUDGET_CONTACT,	  /* reads, allocates, decides, approves, closes */
};
/* The account's part in network_id's budget: the organisation's contact point and the
 * network's contact role are BUDGET_CONTACT; the network's treasurer and chair follow. */
int budget_role_of(struct db_conn *c, int64_t network_id, int64_t account_id,
		   enum budget_role *out) MUST_CHECK;

/* ---- a year ---- */

enum budget_request_state { BREQ_WAITING, BREQ_APPROVED, BREQ_PARTLY, BREQ_DECLINED };
enum budget_expense_state { BEXP_WAITING, BEXP_APPROVED, BEXP_DECLINED };
enum receipt_type { RECEIPT_NONE, RECEIPT_PDF, RECEIPT_JPEG, RECEIPT_PNG };
const char *budget_request_state_name(enum budget_request_state s); /* "waiting", ... */
const char *budget_expense_state_name(enum budget_expense_state s);
const char *receipt_type_name(enum receipt_type t);    /* "pdf", "jpeg", "png" */
const char *receipt_content_type(enum receipt_type t); /* "application/pdf", ... */

struct budget_allocation {
	int64_t id;
	const char *source;
	int64_t cents;
	int64_t created_at;
};

struct budget_request {
	int64_t id, network_id;
	int year;
	int64_t asked;	 /* cents */
	int64_t granted; /* cents: 0 unless approved or partly approved */
	enum budget_request_state state;
	const char *justification; /* unsealed */
	const char *reason;	   /* of the decision; "" while waiting */
	int64_t asked_by;	   /* 0: the account is erased */
	int64_t asked_at, decided_at;
};

struct budget_expense {
	int64_t id, network_id;
	int year;
	int64_t cents;
	char date[11];	  /* "YYYY-MM-DD" */
	const char *what; /* unsealed */
	int64_t event_id; /* 0: none */
	enum budget_expense_state state;
	const char *reason; /* of a decline; "" otherwise */
	int64_t entered_by; /* 0: the account is erased */
	int64_t entered_at, decided_at;
	enum receipt_type receipt; /* RECEIPT_NONE: no receipt */
};

/* A cost the treasurer plans for an event to come. */
struct budget_planned {
	int64_t event_id;
	int64_t cents;
	int64_t ends_at; /* the event's end (UTC), filled when the year is read */
	int year;	 /* the year of the event's start */
};

struct budget_source_total {
	const char *source;
	int64_t cents;
};

/* What one event cost in the year: its planned cost and its expenses. */
struct budget_event_cost {
	int64_t event_id;
	const char *title; /* the event's, in the organisation's language; "" when unknown */
	int64_t starts_at;
	int64_t planned, spent, waiting, committed;
};

struct budget_totals {
	int64_t allocated, requested, approved, available;
	int64_t spent, waiting, committed, left;
};

struct budget_year {
	int64_t network_id;
	int year;
	bool closed;
	int64_t approval_limit; /* the network's: up to this the treasurer approves */
	struct budget_allocation *allocs;
	size_t nallocs;
	struct budget_request *requests;
	size_t nrequests;
	struct budget_expense *expenses;
	size_t nexpenses;
	struct budget_planned *planned;
	size_t nplanned;
	/* Computed by budget_compute(): */
	struct budget_source_total *sources; /* allocated per source, by name */
	size_t nsources;
	struct budget_event_cost *events; /* every event with a planned cost or an expense */
	size_t nevents;
	struct budget_totals t;
};

/* The figures of a year from its rows (pure: no database), at time now. Fills y->sources,
 * y->events (titles "" and starts_at 0: the caller fills them) and y->t. */
void budget_compute(struct arena *a, struct budget_year *y, int64_t now);

/* Reads the year of network_id (a year without rows is an empty open year), unsealed, and
 * computes its figures; titles of events come from the events feature. */
int budget_year_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		    int year, int64_t now, struct budget_year *out) MUST_CHECK;

/* The changes. Each checks the actor's role itself (KR_ENOTFOUND for someone who may not see
 * the budget, KR_EFORBIDDEN for a reader who may not do this), runs in one transaction with
 * its audit entry, and refuses with KR_EINVAL and *problem (an English message id) what the
 * person typed wrong or what the rules do not allow; then nothing changes. */
extern const char budget_problem_closed[];
extern const char budget_problem_over[];
extern const char budget_problem_over_limit[];
extern const char budget_problem_text_empty[];
extern const char budget_problem_text_long[];
extern const char budget_problem_source_empty[];
extern const char budget_problem_source_long[];
extern const char budget_problem_date[];
extern const char budget_problem_date_year[];
extern const char budget_problem_event[];
extern const char budget_problem_partly[];
extern const char budget_problem_reason[];
extern const char budget_problem_decided[];
extern const char budget_problem_waiting[];
extern const char budget_problem_event_past[];
extern const char budget_problem_receipt_type[];
extern const char budget_problem_receipt_size[];
extern const char budget_problem_receipt_empty[];

struct budget_actor {
	int64_t account_id;
	int64_t network_id;
	int year;
	int64_t now;
};

int budget_allocate(struct db_conn *c, const struct budget_actor *who, const char *source,
		    int64_t cents, int64_t *id, const char **problem) MUST_CHECK;
int budget_set_limit(struct db_conn *c, const struct budget_actor *who, int64_t cents,
		     const char **problem) MUST_CHECK;
int budget_request_add(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		       int64_t cents, const char *justification, int64_t *id,
		       const char **problem) MUST_CHECK;
/* The same without the role check, asked by account_id: for the demo only, whose
 * organisation has no treasurer who signs in. */
int budget_request_add_demo(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
			    int64_t cents, const char *justification, int64_t *id) MUST_CHECK;
/* decision: BREQ_APPROVED (granted = asked), BREQ_PARTLY (0 < cents < asked, with a reason)
 * or BREQ_DECLINED (with a reason). */
int budget_request_decide(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
			  int64_t request_id, enum budget_request_state decision, int64_t cents,
			  const char *reason, const char **problem) MUST_CHECK;
/* An expense dated date ("YYYY-MM-DD", in who->year). approve_now: the contact point approves
 * it as it is entered (and may go beyond what is left); refused for the treasurer. */
int budget_expense_add(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		       int64_t cents, const char *date, const char *what, int64_t event_id,
		       bool approve_now, int64_t *id, const char **problem) MUST_CHECK;
int budget_expense_approve(struct db_conn *c, const struct budget_actor *who, int64_t expense_id,
			   const char **problem) MUST_CHECK;
int budget_expense_decline(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
			   int64_t expense_id, const char *reason, const char **problem) MUST_CHECK;
/* Sets (cents > 0) the planned cost of an event of the network that has not ended. */
int budget_plan(struct db_conn *c, const struct budget_actor *who, int64_t event_id, int64_t cents,
		const char **problem) MUST_CHECK;
int budget_close(struct db_conn *c, const struct budget_actor *who,
		 const char **problem) MUST_CHECK;

/* Receipts: checked by content (a PDF starts with "%PDF-" and has "%%EOF" in its last 1024
 * bytes; a JPEG or PNG must decode), at most BUDGET_RECEIPT_MAX, sealed. One per expense; a new
 * one replaces it. */
enum receipt_type budget_receipt_sniff(const unsigned char *data, size_t len);
int budget_receipt_check(const unsigned char *data, size_t len, enum receipt_type *type,
			 const char **problem) MUST_CHECK;
int budget_receipt_put(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		       int64_t expense_id, const unsigned char *data, size_t len,
		       const char **problem) MUST_CHECK;
/* The receipt, unsealed into the arena; KR_ENOTFOUND when there is none (or it is another
 * network's). The caller checks the reader's role. */
int budget_receipt_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		       int64_t expense_id, enum receipt_type *type, const unsigned char **data,
		       size_t *len) MUST_CHECK;

/* One request or expense of the year, for its own page; KR_ENOTFOUND when not there. */
const struct budget_request *budget_find_request(const struct budget_year *y, int64_t id);
const struct budget_expense *budget_find_expense(const struct budget_year *y, int64_t id);

/* The year as CSV (UTF-8, CRLF): what was allocated, asked for and spent, line by line, then
 * the totals. A field that a spreadsheet would take for a formula (starting with = + - @, a tab
 * or a carriage return) gets a leading apostrophe. */
void budget_csv(struct strbuf *sb, struct arena *a, const struct budget_year *y);
/* One CSV field, quoted when needed, with the formula guard. */
void budget_csv_field(struct strbuf *sb, const char *s);

/* ---- hooks ---- */

/* The account's name leaves what they entered: the rows stay as the network's bookkeeping. */
int budget_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
int budget_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		 int64_t *count) MUST_CHECK;
/* Erases the receipts of expenses in years that ended BUDGET_RECEIPT_KEEP_YEARS or more years
 * before now's year began; *n: how many. */
int budget_erase_old_receipts(struct db_conn *c, int64_t now, int64_t *n) MUST_CHECK;
/* What the account asked for and entered (unsealed), for "my data". */
int budget_of_account(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		      struct budget_request **reqs, size_t *nreqs, struct budget_expense **exps,
		      size_t *nexps) MUST_CHECK;
/* The UTC year of t. */
int budget_year_of(int64_t t);

/* ---- store.c ---- */

struct budget_sealed_row {
	int64_t id;
	const unsigned char *a, *b; /* sealed text, sealed reason (b may be NULL) */
	size_t alen, blen;
};
int budget_store_limit(struct db_conn *c, int64_t network_id, int64_t *cents) MUST_CHECK;
int budget_store_set_limit(struct db_conn *c, int64_t network_id, int64_t cents) MUST_CHECK;
int budget_store_closed(struct db_conn *c, int64_t network_id, int year, bool *closed) MUST_CHECK;
int budget_store_close(struct db_conn *c, int64_t network_id, int year, int64_t account_id,
		       int64_t now) MUST_CHECK;
int budget_store_allocs(struct db_conn *c, struct arena *a, int64_t network_id, int year,
			struct budget_allocation **out, size_t *n) MUST_CHECK;
int budget_store_alloc_insert(struct db_conn *c, int64_t network_id, int year, const char *source,
			      int64_t cents, int64_t account_id, int64_t now,
			      int64_t *id) MUST_CHECK;
/* Requests and expenses come with their sealed columns, unsealed by the service. */
struct budget_request_row {
	struct budget_request r;
	const unsigned char *sj, *sr;
	size_t sjlen, srlen;
};
struct budget_expense_row {
	struct budget_expense e;
	const unsigned char *sw, *sr;
	size_t swlen, srlen;
};
int budget_store_requests(struct db_conn *c, struct arena *a, int64_t network_id, int year,
			  int64_t account_id, struct budget_request_row **out,
			  size_t *n) MUST_CHECK; /* account_id 0: of the year; else theirs, all */
int budget_store_request_insert(struct db_conn *c, int64_t network_id, int year, int64_t cents,
				int64_t account_id, int64_t now, int64_t *id) MUST_CHECK;
int budget_store_request_seal(struct db_conn *c, int64_t id, const unsigned char *sj, size_t sjlen,
			      const unsigned char *sr, size_t srlen) MUST_CHECK;
int budget_store_request_decide(struct db_conn *c, int64_t id, enum budget_request_state s,
				int64_t granted, const unsigned char *sr, size_t srlen,
				int64_t now) MUST_CHECK;
int budget_store_expenses(struct db_conn *c, struct arena *a, int64_t network_id, int year,
			  int64_t account_id, struct budget_expense_row **out,
			  size_t *n) MUST_CHECK;
int budget_store_expense_insert(struct db_conn *c, const struct budget_expense *e,
				int64_t *id) MUST_CHECK;
int budget_store_expense_seal(struct db_conn *c, int64_t id, const unsigned char *sw, size_t swlen,
			      const unsigned char *sr, size_t srlen) MUST_CHECK;
int budget_store_expense_decide(struct db_conn *c, int64_t id, enum budget_expense_state s,
				const unsigned char *sr, size_t srlen, int64_t now) MUST_CHECK;
int budget_store_planned(struct db_conn *c, struct arena *a, int64_t network_id,
			 struct budget_planned **out, size_t *n) MUST_CHECK;
int budget_store_plan(struct db_conn *c, int64_t event_id, int64_t network_id, int64_t cents,
		      int64_t now) MUST_CHECK;
int budget_store_receipt_put(struct db_conn *c, int64_t expense_id, enum receipt_type t,
			     const unsigned char *sealed, size_t len, int64_t now) MUST_CHECK;
int budget_store_receipt_get(struct db_conn *c, struct arena *a, int64_t expense_id,
			     enum receipt_type *t, const unsigned char **sealed, size_t *len,
			     bool *found) MUST_CHECK;
/* Every receipt's expense id (for the rekey), and deleting those of years up to `year`. */
int budget_store_receipt_ids(struct db_conn *c, struct arena *a, int64_t **ids,
			     size_t *n) MUST_CHECK;
int budget_store_receipts_delete_upto(struct db_conn *c, int year, int64_t *n) MUST_CHECK;
/* The network of an expense; 0 when there is no such expense. */
int budget_store_expense_network(struct db_conn *c, int64_t expense_id,
				 int64_t *network_id) MUST_CHECK;
int budget_store_forget(struct db_conn *c, int64_t account_id) MUST_CHECK;
/* Every request and expense (for the rekey): ids and sealed columns. */
int budget_store_all_sealed(struct db_conn *c, struct arena *a, bool expenses,
			    struct budget_sealed_row **out, size_t *n) MUST_CHECK;

#endif
