/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* feature.h: what a feature is to the rest of Kring. A feature is one folder, src/app/<name>/,
 * with its pages, its rules and its SQL; Kring knows it only through its `struct feature`, which
 * the one table in src/app/features.c lists. From that table come the route table and the walks
 * every feature takes part in: erasing an account, "my data", the retention job, key rotation and
 * the demo organisation. A hook a feature does not need is NULL.
 *
 * The walkers below are what lower layers call (auth erases an account through
 * features_erase_account()): no layer below the features includes a feature's header. */
#ifndef KRING_FEATURE_H
#define KRING_FEATURE_H

#include "base/arena.h"
#include "base/keys.h"
#include "base/strbuf.h"
#include "app/org/org.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include <jansson.h>

/* "My data": a feature's part of everything Kring holds about one person. The walk calls each
 * hook once per page or download with exactly one of html and json set. */
struct my_data {
	struct db_conn *c;
	const struct keys *k;
	struct arena *a; /* the request's arena */
	int64_t account_id;
	/* The page: the feature writes its sections (an <h2> and what follows) through the HTML
	 * writer (html_fmt, html_lit); NULL when the download is being made. */
	struct strbuf *html;
	/* The download: the feature adds its keys to this object (jansson); NULL for the page. */
	json_t *json;
};

/* The retention job, once a day: what a feature erases because it is no longer needed. The
 * hook runs outside a transaction and opens its own (a batch at a time where it can be large);
 * it adds what it erased to `erased` for the job's log line. */
#define RETENTION_ERASED_MAX 16
struct retention_ctx {
	const struct keys *k;
	int64_t now;
	int64_t keep_sent_mail_days; /* the administrator's settings (app/retention) */
	int64_t keep_blocked_accounts_days;
	int64_t session_max; /* the longest a session may live, in seconds */
	struct {
		const char *what; /* "sent e-mails": English, for the log */
		int64_t n;
	} erased[RETENTION_ERASED_MAX];
	size_t nerased;
};
/* Adds n of what to the job's tally (the same `what` twice adds up). */
void retention_erased(struct retention_ctx *ctx, const char *what, int64_t n);

/* The demo organisation (`kring demo`, src/cli/demo.c): after the organisation, its sites and
 * networks and the accounts exist, each feature adds its demo data in table order, through its
 * own services. The hooks run once for the small organisation and, with `--scale large`, once
 * more for the large one that grows out of it; outside a transaction (each opens its own). */
enum demo_scale { DEMO_SMALL, DEMO_LARGE };
struct demo_ctx {
	const struct keys *k; /* the key file's keys: sealed data is sealed as in use */
	enum demo_scale scale;
	/* The accounts this step made: for DEMO_SMALL the demo's people (src/cli/demo.c): first
	 * its nroles role accounts with a password (demo_people[], in that order), then its
	 * colleagues without one (demo_colleagues[], in that order), whom the features make
	 * members, coordinators and give a photo; for DEMO_LARGE the employees without a password
	 * (nroles 0). */
	const int64_t *accounts;
	size_t naccounts;
	size_t nroles;
	/* Lines for the summary `kring demo` prints at the end ("120 network members…"). */
	struct strbuf *summary;
	/* Shows progress of a long step on a terminal; may be called often. */
	void (*progress)(void *arg, const char *what, long done, long total);
	void *progress_arg;
};

/* Search (GET /search, src/app/search/): a feature's part of the results, one section of the
 * page. The hook finds, in its own index, what the reader may read and nothing else, with the
 * query of search_query_parse() (app/common/search.h), and fills the section. */
struct search_hit {
	const char *title; /* what the hit is called: a topic's, a story's, a page's title */
	const char *url;   /* where it is */
	const char *where; /* the group or network it is in */
	/* The writer as the feature's own page shows them: a name, a pseudonym, "Anonymous" with
	 * its label (0: none) or nothing (a knowledge page, kept by the core team). */
	enum { SEARCH_BY_NONE, SEARCH_BY_NAME, SEARCH_BY_PSEUDONYM, SEARCH_BY_ANONYMOUS } by;
	const char *byline; /* the name or pseudonym */
	int64_t label;
	const char *snippet; /* the text around the words found, marked (SEARCH_MARK_START/END) */
	const char *note;    /* shown instead of the snippet (a story's content note), or "" */
};
struct search_ctx {
	struct db_conn *c;
	const struct keys *k;
	struct arena *a; /* the request's arena */
	int64_t reader_id;
	/* The reader's groups: networks and subgroups they are a member of, and the networks they
	 * are a member or on the core team of. */
	const int64_t *member_networks, *member_subgroups, *networks;
	size_t nmember_networks, nmember_subgroups, nnetworks;
	const char *match; /* the query, for the backend's full-text search */
	int64_t offset, limit;
};
struct search_section {
	const char *title; /* English message id: "Forum" */
	struct search_hit *hits;
	size_t nhits;
	bool more; /* there is a next page */
};

/* The personal calendar feed (GET /me/calendar/{token}.ics, app/events): the other features'
 * part of it. The hook adds whole VCALENDAR texts (calendar_add), made as the feature's own
 * calendar files are (CLASS:PRIVATE, a neutral title where the title would tell, no attendee);
 * the feed takes their VEVENTs into its one calendar. */
struct calendar_ctx {
	struct db_conn *c;
	const struct keys *k;
	struct arena *a; /* the request's arena */
	int64_t account_id;
	const char *base_url;
	int64_t now;
	struct arena_vec texts; /* of const char *, in a; calendar_add() adds */
};
/* Adds one VCALENDAR text (in the arena, or lasting as long) to the feed. */
void calendar_add(struct calendar_ctx *cc, const char *vcalendar);

struct feature {
	const char *name; /* its folder under src/app/ */
	const struct route *routes;
	size_t nroutes;
	/* Erases everything the feature holds about an account, inside the caller's transaction
	 * (the account's deletion); the account row still exists while it runs. */
	int (*erase_account)(struct db_conn *c, const struct keys *k, int64_t account_id);
	/* An account leaves a group (members_leave()), inside that transaction: what the feature
	 * keeps of the account in it goes or is unlinked. subgroup_id 0: the network itself, and
	 * with it every subgroup of it. */
	int (*leave_group)(struct db_conn *c, const struct keys *k, int64_t account_id,
			   int64_t network_id, int64_t subgroup_id);
	int (*my_data)(struct my_data *md);
	int (*retention)(struct db_conn *c, struct retention_ctx *ctx);
	/* Seals again under the fresh keys what is sealed under the old ones, inside the caller's
	 * transaction (`kring key rotate`); *count: how many records. */
	int (*rekey)(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		     int64_t *count);
	int (*demo)(struct db_conn *c, struct demo_ctx *d);
	/* Writes the feature's part of a network's open page (an <h2> and what follows, through
	 * the HTML writer), below what the network says of itself; every signed-in employee reads
	 * that page, so it shows nothing about the reader to others and no figure under five. */
	int (*network_page)(struct request *r, const struct org *org, const struct network *nw);
	/* Writes what waits for the signed-in person at the top of the home page, the first page
	 * after signing in (a request to answer), or nothing. A home page is often on a screen that
	 * others see: it names nothing that hints at a condition. */
	int (*home_notice)(struct request *r);
	/* Its section of the search results (struct search_ctx above). */
	int (*search)(struct search_ctx *s, struct search_section *out);
	/* Brings its search index up to date with the rows written since (SQLite; nothing to do
	 * on PostgreSQL), inside the caller's transaction: everything (the hourly run, src/app/
	 * search/indexer.c), or with removals_only what went or was erased (an erasure). */
	int (*search_index)(struct db_conn *c, bool removals_only);
	/* Its entries in the person's own calendar feed (struct calendar_ctx above). */
	int (*calendar)(struct calendar_ctx *cc);
};

/* Parameter lists many features' routes share: a form with only the CSRF token (a button), and
 * the "done" notice after a redirect. */
extern const struct route_param route_csrf_form[];
extern const struct route_param route_done_query[];

/* The route table: every feature's routes in table order, made once (thread-safe after the
 * first call) and checked by route_table_check() when the server starts. */
const struct route *features_routes(size_t *n);

/* The walks, in table order; each stops at the first error and returns it. */
int features_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
int features_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id,
			 int64_t network_id, int64_t subgroup_id) MUST_CHECK;
int features_my_data(struct my_data *md) MUST_CHECK;
int features_retention(struct db_conn *c, struct retention_ctx *ctx) MUST_CHECK;
int features_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		   int64_t *count) MUST_CHECK;
int features_demo(struct db_conn *c, struct demo_ctx *d) MUST_CHECK;
int features_home_notice(struct request *r) MUST_CHECK;
/* The i-th feature (from 0, in table order) that has a search hook, or NULL past the last: for
 * the search page, which runs them all, or one by its name ("?in=forum"). */
const struct feature *features_searchable(size_t i);
int features_network_page(struct request *r, const struct org *org,
			  const struct network *nw) MUST_CHECK;
int features_calendar(struct calendar_ctx *cc) MUST_CHECK;

#endif
