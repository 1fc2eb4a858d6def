// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: the core team's part of the demo organisation (`kring demo`). Small: terms for the
 * demo's chair and secretary (the chair's ends within two months and has no successor), a
 * former chair in the history, an own role ("Communicatie") held without a deputy, an open
 * treasurer's role on the open page of Netwerk Iedereen Telt, and the chair's handover notes.
 * Large: five years of terms for every core-team role of every network, ending in the people
 * who hold the roles now. */
#include "app/coreteam/coreteam.h"
#include "app/coreteam/pages.h"
#include "app/coreteam/store.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <stdio.h>

static const char chair_notes[] =
    "# Wat de voorzitter doet\n\n"
    "- Elke maand het overleg van het kernteam voorbereiden en leiden.\n"
    "- Twee keer per jaar de ambassadeur bijpraten.\n"
    "- Het jaarplan en de begroting met de penningmeester opstellen (voor 1 november).\n\n"
    "# Waar alles staat\n\n"
    "De agenda's en verslagen staan in de gedeelde map van het netwerk. Het contactpunt bij "
    "HR is Hanna de Vries.\n";

/* The account of the demo's person with this e-mail address, or 0. */
static int64_t
person(struct db_conn *c, struct arena *a, const char *email)
{
	struct account acc;
	return auth_account_by_email(c, a, email, &acc) == KR_OK ? acc.id : 0;
}

static int
small_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	int64_t now = time_now();
	char today[11], soon[11], year[11];
	coreteam_today(now, today);
	coreteam_add_months(today, 1, soon); /* within two months: the warning */
	coreteam_add_months(today, 12, year);
	const int64_t *colleagues = d->accounts + d->nroles;
	size_t ncolleagues = d->naccounts - d->nroles;
	if (ncolleagues < 4)
		BUG("the core team's demo needs four colleagues, it has %zu", ncolleagues);
	struct network broad = { 0 }, neuro = { 0 };
	int64_t chair = person(c, &a, "voorzitter@rijnstad.example");
	int64_t secretary = person(c, &a, "secretaris@rijnstad.example");
	const char *problem = NULL;
	int64_t id;
	char key[CORETEAM_KEY_SIZE];
	int err = org_network_by_slug(c, &a, "iedereen-telt", &broad);
	if (!err)
		err = org_network_by_slug(c, &a, "neurokring", &neuro);
	if (!err && (!chair || !secretary))
		err = KR_ENOTFOUND;
	/* A former chair, then the chair of now, whose term ends soon without a successor. */
	if (!err)
		err = coreteam_term_start(c, 0, broad.id, "chair", colleagues[1], "2022-01-01",
					  "2024-12-31", 0, today, now, &id, &problem);
	if (!err)
		err = coreteam_term_end(c, 0, broad.id, id, "2024-12-31", today, &problem);
	if (!err)
		err = coreteam_term_start(c, 0, broad.id, "chair", chair, "2025-01-01", soon,
					  colleagues[2], today, now, &id, &problem);
	if (!err)
		err = coreteam_note_save(c, d->k, broad.id, "chair", chair, chair_notes, now,
					 &problem);
	/* An own role, held without a deputy. */
	if (!err)
		err = coreteam_role_add(c, broad.id, "Communicatie",
					"Nieuwsbrief, intranet en de agenda van het netwerk.", now,
					key, &problem);
	if (!err)
		err = coreteam_term_start(c, 0, broad.id, key, colleagues[0], "2025-09-01", "", 0,
					  today, now, &id, &problem);
	/* The treasurer's role is open. */
	if (!err)
		err =
		    coreteam_vacancy_open(c, broad.id, "treasurer",
					  "Lijkt het je wat? Mail de voorzitter, Fatima El Amrani, "
					  "via iedereen-telt@rijnstad.example.",
					  now, &problem);
	/* The secretary of Neurokring, with a deputy and a year to go. */
	if (!err)
		err = coreteam_term_start(c, 0, neuro.id, "secretary", secretary, "2024-03-01",
					  year, colleagues[3], today, now, &id, &problem);
	if (err)
		fprintf(stderr, "kring demo: a term was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	else
		strbuf_addf(
		    d->summary,
		    "Terms for the core teams of two networks (the chair's ends within two "
		    "months without a successor), an own role, an open treasurer's role and "
		    "the chair's handover notes.\n");
	arena_release(&a);
	return err;
}

/* Five years of terms of every core-team role of a network, through the store: past terms
 * of 10 to 24 months by employees of the large demo, then the term of who holds it now. */
static int
large_network(struct db_conn *c, struct demo_ctx *d, const struct network *nw, const char *today,
	      int64_t now, long *count, size_t *seed)
{
	struct arena a;
	arena_init(&a);
	struct network_role_holder *h;
	size_t nh;
	struct coreteam_term *open;
	size_t nopen;
	int err = org_network_roles(c, &a, nw->id, &h, &nh);
	if (!err)
		err = coreteam_store_terms(c, &a, nw->id, 0, true, &open, &nopen);
	if (!err)
		err = db_begin(c);
	else {
		arena_release(&a);
		return err;
	}
	char start[11];
	coreteam_add_months(today, -60, start);
	for (size_t i = 0; !err && i < nh; i++) {
		if (!network_role_is_core(network_role_parse(h[i].role)))
			continue;
		/* the small demo's people have their terms already */
		bool has = false;
		for (size_t k = 0; k < nopen; k++)
			has = has || (open[k].holder_id == h[i].account_id &&
				      strcmp(open[k].role_key, h[i].role) == 0);
		if (has)
			continue;
		char from[11];
		snprintf(from, sizeof(from), "%s", start);
		for (;;) {
			int months = 10 + (int)(*seed % 15);
			*seed = *seed * 1103515245u + 12345u;
			char to[11];
			coreteam_add_months(from, months, to);
			struct coreteam_term t = { .network_id = nw->id };
			snprintf(t.role_key, sizeof(t.role_key), "%s", h[i].role);
			snprintf(t.starts_on, sizeof(t.starts_on), "%s", from);
			if (strcmp(to, today) >= 0) {
				/* the holder of now, planned for two years from the start */
				t.holder_id = h[i].account_id;
				coreteam_add_months(from, 24, t.planned_end);
				if (*seed % 3)
					t.deputy_id = d->accounts[(*seed / 7) % d->naccounts];
				if (t.deputy_id == t.holder_id)
					t.deputy_id = 0;
			} else {
				t.holder_id = d->accounts[(*seed / 3) % d->naccounts];
				snprintf(t.planned_end, sizeof(t.planned_end), "%s", to);
				snprintf(t.ended_on, sizeof(t.ended_on), "%s", to);
			}
			int64_t id;
			if ((err = coreteam_store_term_insert(c, &t, now, &id)))
				break;
			(*count)++;
			if (t.holder_id == h[i].account_id)
				break;
			snprintf(from, sizeof(from), "%s", to);
		}
	}
	arena_release(&a);
	return db_end(c, err);
}

static int
large_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	struct network *nws;
	size_t nnw;
	int err = org_networks(c, &a, &nws, &nnw);
	if (err || !d->naccounts) {
		arena_release(&a);
		return err;
	}
	int64_t now = time_now();
	char today[11];
	coreteam_today(now, today);
	long count = 0;
	size_t seed = 2026;
	for (size_t w = 0; !err && w < nnw; w++) {
		err = large_network(c, d, &nws[w], today, now, &count, &seed);
		if (d->progress)
			d->progress(d->progress_arg, "terms", (long)w + 1, (long)nnw);
	}
	if (!err)
		strbuf_addf(d->summary,
			    "%ld terms of core-team roles over five years in %zu networks.\n",
			    count, nnw);
	arena_release(&a);
	return err;
}

int
coreteam_demo(struct db_conn *c, struct demo_ctx *d)
{
	return d->scale == DEMO_SMALL ? small_demo(c, d) : large_demo(c, d);
}
