// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: hours and the energy guard in the demo organisation (`kring demo`, the features
 * table's demo hook). The small demo sets the organisation's rule (4 hours a week, a
 * time-registration code, attending counts), gives Joost Visser (secretary of Neurokring,
 * secretaris@rijnstad.example) a weekly agreement in Neurokring and, as the coordinator of the
 * subgroup Mantelzorgers, a yearly one in Netwerk Iedereen Telt, and books time for him so
 * that every warning of the energy guard shows on his /me/hours: over the weekly hours in two
 * of the last four weeks, ahead of the yearly pace, outside working hours three times in four
 * weeks, and more than three activities organised this month. Fatima El Amrani (chair of
 * Netwerk Iedereen Telt) has an approved yearly agreement with ordinary bookings, and one
 * request that waits for her manager. At large scale: 100,000 bookings over two years by the
 * core teams of the six networks, in one transaction. */
#include "app/auth/auth.h"
#include "app/events/events.h"
#include "app/hours/hours.h"
#include "app/hours/pages.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"

#define LARGE_BOOKINGS 100000

/* The small demo's people, by place in demo_people[] (src/cli/demo.c). */
enum { P_CONTACT = 1, P_CHAIR = 3, P_SECRETARY = 4 };

static int
approved(struct db_conn *c, struct demo_ctx *d, struct arena *a, int64_t who, int64_t net,
	 enum hours_basis b, int64_t hours, int64_t from, int64_t to, int64_t now)
{
	int64_t id;
	const char *problem = NULL;
	int err = hours_agreement_ask(c, d->k, a, who, net, b, hours * 60, from, to,
				      APPROVER_CONTACT, NULL, NULL, now, &id, &problem);
	if (!err)
		err = hours_contact_decide(c, d->k, a, id, d->accounts[P_CONTACT], true, true,
					   "Goed plan, succes!", now, &problem);
	if (err)
		fprintf(stderr, "kring demo: an hours agreement was refused (%s): %s\n",
			kr_err_name(err), problem ? problem : "");
	return err;
}

static int
book(struct db_conn *c, struct demo_ctx *d, struct arena *a, int64_t who, int64_t net,
     enum booking_activity act, int64_t event, int64_t day, int64_t minutes, bool outside,
     int64_t now)
{
	int64_t id;
	const char *problem = NULL;
	int err =
	    hours_book(c, d->k, a, who, net, act, event, day, minutes, outside, now, &id, &problem);
	if (err)
		fprintf(stderr, "kring demo: a booking was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	return err;
}

static int
small_demo(struct db_conn *c, struct demo_ctx *d)
{
	if (d->nroles <= P_SECRETARY)
		return KR_OK;
	struct arena a;
	arena_init(&a);
	int64_t now = time_now(), t = hours_day_of(now), ws = hours_week_start(t);
	int64_t joost = d->accounts[P_SECRETARY], fatima = d->accounts[P_CHAIR];
	struct network nk = { 0 }, it = { 0 };
	struct subgroup sub = { 0 };
	const char *field, *problem;
	struct hours_rule rule = {
		HOURS_PER_WEEK,	       4 * 60, true, true, true, false, true, "NW-4711 Netwerkwerk",
		HOURS_ORGANISE_DEFAULT
	};
	int err = hours_rule_set(c, &rule, &field, &problem);
	if (!err)
		err = org_network_by_slug(c, &a, "neurokring", &nk);
	if (!err)
		err = org_network_by_slug(c, &a, "iedereen-telt", &it);
	if (!err && subgroup_by_slug(c, &a, it.id, "mantelzorg", &sub) == KR_OK)
		err = subgroup_set_coordinator(c, sub.id, joost, true);
	if (!err)
		err = approved(c, d, &a, joost, nk.id, HOURS_PER_WEEK, 4, t - 90, t + 200, now);
	if (!err)
		err = approved(c, d, &a, joost, it.id, HOURS_PER_YEAR, 40, t - 60, t + 300, now);
	if (!err)
		err = approved(c, d, &a, fatima, it.id, HOURS_PER_YEAR, 100, t - 150, t + 200, now);
	if (!err) {
		/* Waiting for her manager: made without e-mail (the demo sends none). */
		int64_t id;
		err = hours_agreement_ask(c, d->k, &a, fatima, it.id, HOURS_PER_YEAR, 100, t + 201,
					  t + 500, APPROVER_MANAGER, "r.schipper@rijnstad.example",
					  NULL, now, &id, &problem);
	}
	/* Joost in Neurokring: 5 hours in each of the last two weeks (over 4, twice), three of
	 * the bookings outside working hours. */
	if (!err)
		err = book(c, d, &a, joost, nk.id, ACT_ROLE, 0, ws - 7, 300, true, now);
	if (!err)
		err = book(c, d, &a, joost, nk.id, ACT_ROLE, 0, ws - 14, 180, true, now);
	if (!err)
		err = book(c, d, &a, joost, nk.id, ACT_QUESTIONS, 0, ws - 13, 120, false, now);
	if (!err)
		err = book(c, d, &a, joost, nk.id, ACT_ROLE, 0, t, 60, true, now);
	/* Four activities of Neurokring organised this month (more than the rule's three). */
	struct event *evs;
	size_t nevs = 0;
	if (!err)
		err = events_list(c, &a, nk.id, 0, true, true, 50, &evs, &nevs);
	for (size_t i = nevs; !err && i < 4; i++) {
		int64_t start = now + (int64_t)(i + 2) * 86400;
		struct event e = { .network_id = nk.id,
				   .kind = "meeting",
				   .title = "Overleg kernteam",
				   .description = "We verdelen de taken voor de komende weken.",
				   .agenda = "",
				   .speakers = "",
				   .starts_at = start,
				   .ends_at = start + 3600,
				   .deadline = start - 3600,
				   .working_time = true,
				   .audience = AUDIENCE_MEMBERS,
				   .online = true,
				   .meeting_url = "https://meet.rijnstad.example/kernteam",
				   .capacity_online = 10,
				   .state = EVENT_PUBLISHED };
		err = events_save(c, d->k, &e, NULL, now);
	}
	if (!err && nevs < 4)
		err = events_list(c, &a, nk.id, 0, true, true, 50, &evs, &nevs);
	for (size_t i = 0; !err && i < 4 && i < nevs; i++)
		err = book(c, d, &a, joost, nk.id, ACT_ORGANISE, evs[i].id, t, 30, false, now);
	/* Joost in Iedereen Telt: 12 hours in the agreement's first 60 days of 40 a year. */
	for (int i = 0; !err && i < 6; i++)
		err = book(c, d, &a, joost, it.id, ACT_ROLE, 0, t - 55 + i * 9, 120, false, now);
	/* Fatima: two hours a week, inside working hours. */
	for (int i = 1; !err && i <= 8; i++)
		err = book(c, d, &a, fatima, it.id, ACT_ROLE, 0, ws - 7 * i + 1, 120, false, now);
	if (!err)
		strbuf_addf(d->summary,
			    "Hours: the rule is 4 hours a week (code NW-4711); Joost Visser "
			    "(secretaris@) sees every warning of the energy guard on /me/hours; "
			    "Fatima El Amrani has a request waiting for her manager.\n");
	arena_release(&a);
	return err;
}

static int
large_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	struct network *nws;
	size_t nn;
	int64_t now = time_now(), t = hours_day_of(now), start = time_mono_ms();
	int err = org_networks(c, &a, &nws, &nn);
	/* The core teams: who books. */
	struct arena_vec who, where;
	arena_vec_init(&who, &a, sizeof(int64_t), 64, 0);
	arena_vec_init(&where, &a, sizeof(int64_t), 64, 0);
	for (size_t i = 0; !err && i < nn; i++) {
		struct network_role_holder *h;
		size_t nh;
		if ((err = org_network_roles(c, &a, nws[i].id, &h, &nh)))
			break;
		for (size_t k = 0; k < nh; k++)
			if (strcmp(h[k].role, "contact") != 0 &&
			    strcmp(h[k].role, "ambassador") != 0 && !h[k].disabled) {
				*ARENA_VEC_PUSH(&who, int64_t) = h[k].account_id;
				*ARENA_VEC_PUSH(&where, int64_t) = nws[i].id;
			}
	}
	if (err || !who.len) {
		arena_release(&a);
		return err;
	}
	const int64_t *ids = who.items, *nets = where.items;
	int64_t first = t - 2 * 365;
	if (!(err = db_begin(c))) {
		/* One approved agreement a year for each of them, then the bookings. */
		for (size_t i = 0; !err && i < who.len; i++)
			for (int y = 0; !err && y < 3; y++) {
				struct hours_agreement g = { .account_id = ids[i],
							     .network_id = nets[i],
							     .basis = HOURS_PER_YEAR,
							     .minutes = 100 * 60,
							     .starts_on = first + y * 366,
							     .ends_on = first + y * 366 + 365,
							     .approver = APPROVER_CONTACT,
							     .created_at = now };
				int64_t id;
				bool changed;
				err = hours_store_agreement_insert(c, &g, NULL, &id);
				if (!err)
					err = hours_store_agreement_decide(c, id, AGR_APPROVED, 0,
									   NULL, 0, now, &changed);
			}
		for (long i = 0; !err && i < LARGE_BOOKINGS; i++) {
			size_t p = (size_t)(i * 7919) % who.len;
			struct hours_booking b = {
				.account_id = ids[p],
				.network_id = nets[p],
				.activity =
				    (enum booking_activity)(i % 3 == 0 ? ACT_QUESTIONS : ACT_ROLE),
				.day = first + (i * 6151) % (t - first + 1),
				.minutes = 15 + (i * 37) % 225,
				.outside = i % 7 == 0,
				.created_at = now,
			};
			err = hours_store_booking_insert(c, &b, NULL);
			if (d->progress && i % 1000 == 0)
				d->progress(d->progress_arg, "hours bookings", i, LARGE_BOOKINGS);
		}
		err = db_end(c, err);
	}
	if (d->progress)
		d->progress(d->progress_arg, "hours bookings", LARGE_BOOKINGS, LARGE_BOOKINGS);
	if (!err)
		strbuf_addf(
		    d->summary,
		    "%d hours bookings over two years by %zu core-team members (%lld ms).\n",
		    LARGE_BOOKINGS, who.len, (long long)(time_mono_ms() - start));
	arena_release(&a);
	return err;
}

int
hours_demo(struct db_conn *c, struct demo_ctx *d)
{
	if (d->scale == DEMO_SMALL)
		return small_demo(c, d);
	/* One transaction; not synced to disk on the way, as the other large demos do. */
	int err = db_set_durable(c, false);
	if (err)
		return err;
	err = large_demo(c, d);
	int err2 = db_set_durable(c, true);
	return err ? err : err2;
}
