// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: the budget's part of the demo organisation (`kring demo`, the features table's demo
 * hook). Small: this year's budget of Netwerk Iedereen Telt from two sources, allocated by the
 * contact point (Hanna de Vries), with approved expenses (one with a receipt), one expense
 * waiting for approval, a request for more waiting, and a planned cost for an event to come.
 * Large (--scale large): five years of budgets for every network, the past years closed.
 * Everything goes through the same services as over HTTP (sealed, audited). */
#include "app/auth/auth.h"
#include "app/budget/budget.h"
#include "app/budget/pages.h"
#include "app/events/events.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <time.h>

#define CONTACT_EMAIL  "hr@rijnstad.example"
#define LARGE_EXPENSES 40 /* a year, per network */

/* A small, valid PDF of one empty page: the demo's receipt. */
static const char demo_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    "trailer << /Root 1 0 R >>\n"
    "%%EOF\n";

static const struct {
	const char *what;
	int64_t cents;
	int month, day;
} demo_expenses[] = {
	{ "Koffie, thee en lunch voor de netwerkbijeenkomst", 18450, 1, 23 },
	{ "Gebarentolk voor de lezing", 42000, 2, 14 },
	{ "Drukwerk: flyers voor de inloopdag", 8995, 3, 5 },
	{ "Spreker over inclusief werkgeverschap", 75000, 4, 17 },
	{ "Zaalhuur en geluid voor de themamiddag", 32500, 5, 28 },
};

static int
contact_account(struct db_conn *c, struct arena *a, int64_t *id)
{
	struct account acc;
	int err = auth_account_by_email(c, a, CONTACT_EMAIL, &acc);
	*id = err ? 0 : acc.id;
	return err;
}

static int
one_year(struct db_conn *c, struct demo_ctx *d, int64_t network_id, int64_t contact, int year,
	 int64_t now, bool small, long *nexp)
{
	struct budget_actor who = { contact, network_id, year, now };
	const char *problem = NULL;
	int64_t id;
	int err =
	    budget_allocate(c, &who, "Netwerkbudget", 250000 + (year % 3) * 25000, &id, &problem);
	if (!err)
		err = budget_allocate(c, &who, "D&I-budget", 100000, &id, &problem);
	if (!err && !small)
		err = budget_allocate(c, &who, "Duurzame inzetbaarheid", 50000, &id, &problem);
	int cur = budget_year_of(now);
	time_t tt = (time_t)now;
	struct tm today;
	gmtime_r(&tt, &today);
	/* Small: the five expenses once. Large: 40 a year, spread over the months, each a quarter
	 * of one of the five. */
	size_t nyear = small ? ARRAY_SIZE(demo_expenses) : LARGE_EXPENSES;
	for (size_t i = 0; !err && i < nyear; i++) {
		size_t k = i % ARRAY_SIZE(demo_expenses);
		int month = small ? demo_expenses[k].month : 1 + (int)(i * 12 / nyear);
		int day = demo_expenses[k].day;
		/* This year's expenses lie in the past: on or before today. */
		if (year == cur && (month > today.tm_mon + 1 ||
				    (month == today.tm_mon + 1 && day > today.tm_mday))) {
			month = 1;
			day = 1;
		}
		char date[11];
		snprintf(date, sizeof(date), "%04d-%02d-%02d", year, month, day);
		bool waiting = small && i == ARRAY_SIZE(demo_expenses) - 1;
		int64_t cents = small ? demo_expenses[k].cents : demo_expenses[k].cents / 4;
		err = budget_expense_add(c, d->k, &who, cents, date, demo_expenses[k].what, 0,
					 !waiting, &id, &problem);
		if (!err && small && i == 1)
			err = budget_receipt_put(c, d->k, &who, id, (const unsigned char *)demo_pdf,
						 sizeof(demo_pdf) - 1, &problem);
		*nexp += !err;
	}
	if (!err && small)
		err = budget_request_add_demo(
		    c, d->k, &who, 60000,
		    "We willen in het najaar een training geven over werken met een onzichtbare "
		    "beperking, voor leidinggevenden. De trainer kost 600 euro.",
		    &id);
	if (!err && small)
		err = budget_set_limit(c, &who, 25000, &problem);
	if (!err && year < cur)
		err = budget_close(c, &who, &problem);
	if (err)
		fprintf(stderr, "kring demo: the budget was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	return err;
}

int
budget_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	int64_t contact = 0;
	int err = contact_account(c, &a, &contact);
	if (err == KR_ENOTFOUND) {
		arena_release(&a);
		return KR_OK; /* an organisation without the demo's contact point */
	}
	int64_t now = time_now();
	int cur = budget_year_of(now);
	long nexp = 0;
	if (!err && d->scale == DEMO_SMALL) {
		struct network nw;
		err = org_network_by_slug(c, &a, "iedereen-telt", &nw);
		if (!err)
			err = one_year(c, d, nw.id, contact, cur, now, true, &nexp);
		/* A planned cost for the network's next event. */
		struct event *evs = NULL;
		size_t nev = 0;
		if (!err)
			err = events_list(c, &a, nw.id, now, true, true, 1, &evs, &nev);
		if (!err && nev) {
			struct budget_actor who = { contact, nw.id, cur, now };
			const char *problem = NULL;
			err = budget_plan(c, &who, evs[0].id, 35000, &problem);
		}
		if (!err)
			strbuf_addf(d->summary,
				    "A budget of this year for Netwerk Iedereen Telt: two sources, "
				    "%ld expenses (one with a receipt), a request waiting.\n",
				    nexp);
	} else if (!err) {
		struct network *nws = NULL;
		size_t n = 0;
		err = org_networks(c, &a, &nws, &n);
		for (size_t i = 0; !err && i < n; i++) {
			for (int y = cur - 4; !err && y <= cur; y++) {
				/* The small demo made this year of Iedereen Telt already. */
				if (y == cur && strcmp(nws[i].slug, "iedereen-telt") == 0)
					continue;
				err = one_year(c, d, nws[i].id, contact, y, now, false, &nexp);
			}
			if (d->progress)
				d->progress(d->progress_arg, "budgets", (long)i + 1, (long)n);
		}
		if (!err)
			strbuf_addf(
			    d->summary,
			    "Five years of budgets for each of %zu networks, %ld expenses.\n", n,
			    nexp);
	}
	arena_release(&a);
	return err;
}
