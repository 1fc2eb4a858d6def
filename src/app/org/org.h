/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* org.h: the organisation, its sites and its networks (the service; SQL is in store.c). */
#ifndef KRING_ORG_H
#define KRING_ORG_H

#include "base/arena.h"
#include "db/db.h"

struct org {
	const char *name;
	const char *intro;
	const char
	    *content_lang; /* "nl" or "en": the language of the texts the organisation wrote */
};

struct site {
	int64_t id;
	const char *name;
	const char *town;
	int64_t headcount;
};

enum network_kind { NETWORK_BROAD, NETWORK_NARROW };

struct network {
	int64_t id;
	const char *slug;
	const char *name;
	enum network_kind kind;
	const char *summary;	  /* one or two sentences: what the network is */
	const char *target_group; /* in the network's own words */
	const char *goal_individual;
	const char *goal_group;
	const char *goal_organisation;
	const char *position; /* formal place in the organisation, e.g. "under HR" */
	const char *contact_email;
	/* The short plan: goal, activities, intended effects, planning, budget. */
	const char *plan_goal, *plan_activities, *plan_effects, *plan_planning, *plan_budget;
};

/* Someone with a role in a network, as shown on its open page. */
struct network_person {
	const char *name;
	const char *role_label; /* an English message id: translate with _() */
};

/* KR_ENOTFOUND when the organisation has not been set up yet. */
int org_get(struct db_conn *c, struct arena *a, struct org *out) MUST_CHECK;
/* Creates the organisation; KR_ECONFLICT when there is one already, KR_EINVAL for a bad name. */
int org_create(struct db_conn *c, const char *name, const char *intro) MUST_CHECK;
int org_site_add(struct db_conn *c, const struct site *s, int64_t *id) MUST_CHECK;
int org_sites(struct db_conn *c, struct arena *a, struct site **out, size_t *n) MUST_CHECK;
/* Adds a network; the slug must be 1–64 of [a-z0-9-]; KR_ECONFLICT when it is taken. */
int org_network_add(struct db_conn *c, const struct network *nw, int64_t *id) MUST_CHECK;
int org_network_by_slug(struct db_conn *c, struct arena *a, const char *slug,
			struct network *out) MUST_CHECK; /* KR_ENOTFOUND */
/* Contact point, ambassador and core team of a network, in that order. */
int org_network_people(struct db_conn *c, struct arena *a, int64_t network_id,
		       struct network_person **out, size_t *n) MUST_CHECK;
/* Every network, broad ones first, then by name. */
int org_networks(struct db_conn *c, struct arena *a, struct network **out, size_t *n) MUST_CHECK;

/* store.c: the SQL behind the above, without the rules. */
int org_store_get(struct db_conn *c, struct arena *a, struct org *out, bool *found) MUST_CHECK;
int org_store_insert(struct db_conn *c, const char *name, const char *intro) MUST_CHECK;
int org_store_site_insert(struct db_conn *c, const struct site *s, int64_t *id) MUST_CHECK;
int org_store_sites(struct db_conn *c, struct arena *a, struct site **out, size_t *n) MUST_CHECK;
int org_store_network_insert(struct db_conn *c, const struct network *nw, int64_t *id) MUST_CHECK;
int org_store_networks(struct db_conn *c, struct arena *a, struct network **out,
		       size_t *n) MUST_CHECK;
int org_store_network_by_slug(struct db_conn *c, struct arena *a, const char *slug,
			      struct network *out, bool *found) MUST_CHECK;
int org_store_network_people(struct db_conn *c, struct arena *a, int64_t network_id,
			     const char ***names, const char ***roles, size_t *n) MUST_CHECK;

/* ---- administration: settings, checks with a message per field, updates ---- */

/* A rule that a value breaks: the form field's name and what to do about it, as an English
 * message id (translate with _()). The checks below write at most ORG_PROBLEMS_MAX. */
struct org_problem {
	const char *field;
	const char *message;
};
#define ORG_PROBLEMS_MAX 16

#define ORG_NAME_MAX	    200 /* characters (Unicode code points), as the database counts */
#define ORG_INTRO_MAX	    2000
#define ORG_DOMAINS_MAX	    50	/* e-mail domains of the organisation */
#define ORG_DOMAIN_MAX	    253 /* bytes */
#define SITE_TEXT_MAX	    200
#define SITE_HEADCOUNT_MAX  10000000
#define NETWORK_NAME_MAX    200
#define NETWORK_SLUG_MAX    64
#define NETWORK_SUMMARY_MAX 1000
#define NETWORK_TEXT_MAX    2000 /* target group, goals and each part of the plan */
#define NETWORK_LINE_MAX    200	 /* formal position */

/* What the administrator sets for the organisation. */
struct org_settings {
	const char *name;
	const char *intro;
	bool open_signup;     /* anyone with an address in one of the domains may make an account */
	const char **domains; /* lower case, without duplicates */
	size_t ndomains;
};

/* True for an e-mail domain: 3–253 bytes of lower-case letters, digits, '-' and dots, with at
 * least one dot, no empty label and no label that starts or ends with '-'. */
bool org_domain_ok(const char *d);
/* Splits text (one domain per line; spaces, commas and semicolons separate too; capitals
 * become lower case, a leading '@' is dropped, a repeated domain counts once) into an array in
 * the arena. KR_EINVAL with *bad (in the arena) = the first line that is not a domain, or with
 * *bad = NULL when there are more than ORG_DOMAINS_MAX. */
int org_domains_parse(struct arena *a, const char *text, const char ***out, size_t *n,
		      const char **bad) MUST_CHECK;
/* The settings as stored; KR_ENOTFOUND before the organisation is set up. */
int org_settings_get(struct db_conn *c, struct arena *a, struct org_settings *out) MUST_CHECK;
/* The problems of s (fields "name", "intro", "domains"), 0 when there are none. */
size_t org_settings_check(const struct org_settings *s, struct org_problem *out);
/* Saves name, intro, open sign-up and the domains (replacing the old list) in one transaction,
 * and sets the organisation up when there is none yet. KR_EINVAL when org_settings_check()
 * finds a problem. actor_id: who does it (no audit event exists for settings yet; kept for
 * when one does). */
int org_update(struct db_conn *c, int64_t actor_id, const struct org_settings *s) MUST_CHECK;

/* The problems of a site (fields "name", "town", "headcount"). */
size_t org_site_check(const struct site *s, struct org_problem *out);

/* A slug made from a name: ASCII letters and digits in lower case, every other run of bytes
 * one '-', at most NETWORK_SLUG_MAX; "" when nothing is left. In the arena. */
const char *org_slug_from_name(struct arena *a, const char *name);
/* The problems of a network (fields as its members: "name", "slug", "summary", ...); the slug
 * is checked only when check_slug (it is chosen once, when the network is added). */
size_t org_network_check(const struct network *nw, bool check_slug, struct org_problem *out);
/* Saves every field of network nw->id except its slug. KR_EINVAL when org_network_check()
 * finds a problem, KR_ENOTFOUND when there is no such network. actor_id as for org_update(). */
int org_network_update(struct db_conn *c, int64_t actor_id, const struct network *nw) MUST_CHECK;

/* Someone with a role in a network, for the administrator (the open page shows fewer facts). */
struct network_role_holder {
	int64_t account_id;
	const char *name, *email;
	const char *role;	/* the stored name: "contact", "chair", ... */
	const char *role_label; /* an English message id: translate with _() */
	bool disabled;
};
/* Everyone with a role in the network, disabled accounts too, in the order of
 * org_network_people(). Never members: a role is public, membership is not. */
int org_network_roles(struct db_conn *c, struct arena *a, int64_t network_id,
		      struct network_role_holder **out, size_t *n) MUST_CHECK;

/* A slug for a network or subgroup: 1–64 of [a-z0-9-], not starting with '-'. */
bool org_slug_ok(const char *s);

/* Whether an active account holds a core-team role in the network (any role but contact
 * point and ambassador). One indexed look-up. */
bool org_is_core_team(struct db_conn *c, int64_t network_id, int64_t account_id);

/* The networks in which an active account holds a core-team role, as org_is_core_team()
 * says, in one query: ids in ascending order, in a. */
int org_core_team_networks(struct db_conn *c, struct arena *a, int64_t account_id, int64_t **out,
			   size_t *n) MUST_CHECK;
/* Whether id is among the n ids (as org_core_team_networks() gives them). */
bool org_id_in(const int64_t *ids, size_t n, int64_t id);

/* Whether the account may see a network's figures (the counts of its questions desk, its
 * consultation hour, ...; never content): its core team, its contact point or ambassador, or
 * the organisation's contact point (HR / D&I). An active account only; one look-up. */
int org_sees_figures(struct db_conn *c, int64_t network_id, int64_t account_id,
		     bool *yes) MUST_CHECK;

/* The account's role in the network (NULL: none; an active account only) and whether it is
 * the organisation's contact point, in one look-up; in a. */
int org_standing(struct db_conn *c, struct arena *a, int64_t network_id, int64_t account_id,
		 const char **role, bool *org_contact) MUST_CHECK;

/* store.c, for the above. */
int org_store_standing(struct db_conn *c, struct arena *a, int64_t network_id, int64_t account_id,
		       const char **role, bool *org_contact) MUST_CHECK;
int org_store_core_team_networks(struct db_conn *c, struct arena *a, int64_t account_id,
				 int64_t **out, size_t *n) MUST_CHECK;
int org_store_is_core_team(struct db_conn *c, int64_t network_id, int64_t account_id,
			   bool *yes) MUST_CHECK;
int org_store_settings_get(struct db_conn *c, struct arena *a, struct org_settings *out,
			   bool *found) MUST_CHECK;
int org_store_update(struct db_conn *c, const struct org_settings *s, bool *found) MUST_CHECK;
int org_store_domains_replace(struct db_conn *c, const char *const *domains, size_t n) MUST_CHECK;
int org_store_network_update(struct db_conn *c, const struct network *nw, bool *found) MUST_CHECK;
int org_store_network_roles(struct db_conn *c, struct arena *a, int64_t network_id,
			    struct network_role_holder **out, size_t *n) MUST_CHECK;

#endif
