/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* store.h: the SQL of src/app/coreteam (migration 0019), for its service only. */
#ifndef KRING_CORETEAM_STORE_H
#define KRING_CORETEAM_STORE_H

#include "app/coreteam/coreteam.h"

struct ct_own_role {
	int64_t id;
	const char *name, *description;
};
struct ct_vacancy {
	const char *role_key, *respond;
};
struct ct_note_row {
	int64_t network_id;
	const char *role_key;
	const unsigned char *sealed;
	size_t sealed_len;
	int64_t author_id;
	const char *author_name;
	int64_t updated_at;
};
struct ct_count {
	int64_t holder_id, n;
};

int coreteam_store_own_roles(struct db_conn *c, struct arena *a, int64_t network_id,
			     struct ct_own_role **out, size_t *n) MUST_CHECK;
/* KR_ECONFLICT when the network has a role of that name. */
int coreteam_store_role_add(struct db_conn *c, int64_t network_id, const char *name,
			    const char *description, int64_t now, int64_t *id) MUST_CHECK;
int coreteam_store_vacancies(struct db_conn *c, struct arena *a, int64_t network_id,
			     struct ct_vacancy **out, size_t *n) MUST_CHECK;
int coreteam_store_vacancy_set(struct db_conn *c, int64_t network_id, const char *key,
			       const char *respond, int64_t now) MUST_CHECK;
int coreteam_store_vacancy_delete(struct db_conn *c, int64_t network_id,
				  const char *key) MUST_CHECK;

/* network_id > 0: that network's terms; holder_id > 0: that holder's (every network). */
int coreteam_store_terms(struct db_conn *c, struct arena *a, int64_t network_id, int64_t holder_id,
			 bool open_only, struct coreteam_term **out, size_t *n) MUST_CHECK;
/* The open terms whose named successor is account_id. */
int coreteam_store_successor_terms(struct db_conn *c, struct arena *a, int64_t account_id,
				   struct coreteam_term **out, size_t *n) MUST_CHECK;
int coreteam_store_term_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t id,
			    struct coreteam_term *out) MUST_CHECK; /* KR_ENOTFOUND */
int coreteam_store_term_insert(struct db_conn *c, const struct coreteam_term *t, int64_t now,
			       int64_t *id) MUST_CHECK;
int coreteam_store_term_end(struct db_conn *c, int64_t id, const char *ended_on) MUST_CHECK;
int coreteam_store_term_set_person(struct db_conn *c, int64_t id, bool successor,
				   int64_t account_id) MUST_CHECK;
int coreteam_store_term_set_planned_end(struct db_conn *c, int64_t id,
					const char *planned_end) MUST_CHECK;
/* How many open terms each holder of an open term in network_id holds over all networks. */
int coreteam_store_open_counts(struct db_conn *c, struct arena *a, int64_t network_id,
			       struct ct_count **out, size_t *n) MUST_CHECK;

/* network_id 0: every note (rekey); author_id > 0: that author's notes. */
int coreteam_store_notes(struct db_conn *c, struct arena *a, int64_t network_id, const char *key,
			 int64_t author_id, struct ct_note_row **out, size_t *n) MUST_CHECK;
int coreteam_store_note_set(struct db_conn *c, int64_t network_id, const char *key,
			    const unsigned char *sealed, size_t len, int64_t author_id,
			    int64_t now) MUST_CHECK;
int coreteam_store_note_reseal(struct db_conn *c, int64_t network_id, const char *key,
			       const unsigned char *sealed, size_t len) MUST_CHECK;
int coreteam_store_note_delete(struct db_conn *c, int64_t network_id, const char *key) MUST_CHECK;

int coreteam_store_erase_account(struct db_conn *c, int64_t account_id) MUST_CHECK;
int coreteam_store_retention(struct db_conn *c, const char *before, int64_t *n) MUST_CHECK;

#endif
