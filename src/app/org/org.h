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
};

/* KR_ENOTFOUND when the organisation has not been set up yet. */
int org_get(struct db_conn *c, struct arena *a, struct org *out) MUST_CHECK;
/* Creates the organisation; KR_ECONFLICT when there is one already, KR_EINVAL for a bad name. */
int org_create(struct db_conn *c, const char *name, const char *intro) MUST_CHECK;
int org_site_add(struct db_conn *c, const struct site *s, int64_t *id) MUST_CHECK;
int org_sites(struct db_conn *c, struct arena *a, struct site **out, size_t *n) MUST_CHECK;
/* Adds a network; the slug must be 1–64 of [a-z0-9-]; KR_ECONFLICT when it is taken. */
int org_network_add(struct db_conn *c, const struct network *nw, int64_t *id) MUST_CHECK;
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

#endif
