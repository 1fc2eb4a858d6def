// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: events' part of the demo organisation (`kring demo`, the features table's demo hook):
 * two rooms at each of the first two sites, and for the small demo a handful of events of
 * Netwerk Iedereen Telt and Neurokring, upcoming and past, with registrations of the demo's
 * colleagues (some named, most not; one event full with a waiting list). At large scale
 * LARGE_EVENTS events over five years (three past, two to come) across the networks and
 * rooms, with LARGE_REGS_PER_EVENT registrations each of the large demo's employees, and the
 * first event still open for registering for at least a day a conference with LARGE_BIG_EVENT
 * (bench/run measures its page, and registers for it); six answers of feedback after each past
 * event (feedback_demo_give, as over HTTP).
 * Registrations are sealed as over HTTP (events_demo_registration: the rules of registering refuse
 * a past event). */
#include "app/events/events.h"
#include "app/events/pages.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"

#define LARGE_EVENTS	     2500
#define LARGE_REGS_PER_EVENT 24	 /* 60,000 registrations in all */
#define LARGE_BIG_EVENT	     200 /* the first event to come: a conference (bench/run) */

static const struct {
	int site; /* index into the organisation's sites */
	const char *name;
	bool step_free, toilet, loop, quiet, parking;
} demo_rooms[] = {
	{ 0, "Zaal 4.12", true, true, true, false, true },
	{ 0, "Atrium", true, true, false, false, true },
	{ 1, "Vergaderruimte Noord", true, false, false, true, false },
	{ 1, "Stiltekamer", false, false, false, true, false },
};

/* The small demo's events: days from now (negative: past), hour, length in hours, and how
 * many of the demo's colleagues register (the first ones in the list). */
static const struct {
	const char *network, *kind, *title, *description;
	int days, hour, hours;
	int room; /* index into demo_rooms, -1: none */
	bool online, working_time, members_only;
	int capacity_site, capacity_online;
	int registrations;
} small_events[] = {
	{ "iedereen-telt", "meeting", "Netwerkbijeenkomst december",
	  "We blikken terug op het jaar en kiezen samen de thema's voor volgend jaar.\n\n"
	  "Er is een stille ruimte naast de zaal.",
	  7, 15, 2, 0, true, true, false, 10, 20, 12 },
	{ "iedereen-telt", "lunch", "Lunch & learn: werken met een chronische ziekte",
	  "Een collega vertelt hoe zij haar werk en energie verdeelt. Lunch is er.", 14, 12, 1, 1,
	  false, true, false, 30, 0, 6 },
	{ "neurokring", "workshop", "Workshop: prikkels op kantoor",
	  "Wat helpt tegen drukte en geluid? We proberen hulpmiddelen uit.", 21, 10, 3, 2, true,
	  true, true, 8, 10, 4 },
	{ "iedereen-telt", "film", "Film en gesprek", "We kijken een korte film en praten na.", -30,
	  16, 2, 0, false, false, false, 40, 0, 12 },
	{ "neurokring", "consultation", "Spreekuur", "Loop binnen met je vragen.", -10, 11, 1, -1,
	  true, true, true, 0, 15, 3 },
};

/* The feedback of those who came to the small demo's past events: the first ones registered
 * answer, all but the last (who can still answer). Eleven answers for the film: the organisers
 * see the ratings (from 5) and the texts (from 10). */
static const struct feedback_answer demo_feedback[] = {
	{ 5, ACCESS_YES, "", "Mooie film, en een goed gesprek daarna." },
	{ 4, ACCESS_PARTLY, "De ondertiteling was klein op het scherm.", "" },
	{ 4, ACCESS_YES, "", "" },
	{ 5, ACCESS_YES, "Graag vaker zo'n avond.", "Fijn dat er een stille ruimte was." },
	{ 3, ACCESS_PARTLY, "Het gesprek werd druk. Een gespreksleider zou helpen.", "" },
	{ 4, ACCESS_YES, "", "Dank aan de organisatie!" },
	{ 5, ACCESS_YES, "", "" },
	{ 2, ACCESS_NO, "De zaal was slecht bereikbaar met de rolstoel: de lift deed het niet.",
	  "" },
	{ 4, ACCESS_YES, "Een pauze halverwege.", "" },
	{ 4, ACCESS_PARTLY, "De stukken vooraf sturen.", "Goed dat het na werktijd was." },
	{ 5, ACCESS_YES, "", "Ik heb veel geleerd van de verhalen van anderen." },
};

/* Access needs some of the demo's registrations give (every other one in the small demo, one
 * in four at large scale), for events to come or ended less than the organisation's
 * needs_keep_days ago (older ones the retention job would have erased). */
#define BIT(n) (1u << (n))
static const struct access_needs demo_needs[] = {
	{ BIT(NEED_CAPTIONS), "" },
	{ BIT(NEED_QUIET) | BIT(NEED_BREAKS), "" },
	{ BIT(NEED_STEP_FREE) | BIT(NEED_TOILET), "" },
	{ BIT(NEED_NGT) | BIT(NEED_SEAT_FRONT), "" },
	{ BIT(NEED_DIETARY), "Glutenvrij eten, graag." },
	{ BIT(NEED_SEAT_EXIT) | BIT(NEED_MATERIALS),
	  "De dia's een dag vooraf, dan kan ik ze rustig lezen." },
	{ BIT(NEED_LOOP), "" },
	{ BIT(NEED_QUIET) | BIT(NEED_DOG), "" },
};

static int
demo_rooms_add(struct db_conn *c, struct arena *a, int64_t *ids, size_t *nids)
{
	struct site *sites;
	size_t ns;
	int err = org_sites(c, a, &sites, &ns);
	*nids = 0;
	for (size_t i = 0; !err && i < ARRAY_SIZE(demo_rooms); i++) {
		if ((size_t)demo_rooms[i].site >= ns)
			continue;
		struct room r = { .site_id = sites[demo_rooms[i].site].id,
				  .name = demo_rooms[i].name,
				  .step_free = demo_rooms[i].step_free,
				  .accessible_toilet = demo_rooms[i].toilet,
				  .hearing_loop = demo_rooms[i].loop,
				  .quiet_room = demo_rooms[i].quiet,
				  .disabled_parking = demo_rooms[i].parking };
		err = events_room_add(c, &r, &ids[i]);
		(*nids)++;
	}
	return err;
}

static int
demo_small(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	int64_t rooms[ARRAY_SIZE(demo_rooms)] = { 0 };
	size_t nrooms;
	int err = demo_rooms_add(c, a, rooms, &nrooms);
	int64_t now = time_now(), day0 = now - now % 86400;
	size_t ncolleagues = d->naccounts - d->nroles;
	long nregs = 0;
	int64_t keep_days = 0;
	if (!err)
		err = needs_keep_days(c, &keep_days);
	for (size_t i = 0; !err && i < ARRAY_SIZE(small_events); i++) {
		struct network nw;
		if ((err = org_network_by_slug(c, a, small_events[i].network, &nw)))
			break;
		int64_t start = day0 + small_events[i].days * 86400 +
				(small_events[i].hour - 1) * 3600; /* roughly Amsterdam time */
		int room = small_events[i].room;
		struct event e = {
			.network_id = nw.id,
			.kind = small_events[i].kind,
			.title = small_events[i].title,
			.description = small_events[i].description,
			.agenda = "",
			.speakers = "",
			.starts_at = start,
			.ends_at = start + small_events[i].hours * 3600,
			.deadline = start - 86400,
			.working_time = small_events[i].working_time,
			.audience =
			    small_events[i].members_only ? AUDIENCE_MEMBERS : AUDIENCE_ORGANISATION,
			.room_id = room >= 0 && (size_t)room < nrooms ? rooms[room] : 0,
			.online = small_events[i].online,
			.meeting_url =
			    small_events[i].online ? "https://meet.rijnstad.example/netwerk" : "",
			.capacity_site = room >= 0 ? small_events[i].capacity_site : 0,
			.capacity_online = small_events[i].capacity_online,
			.state = EVENT_PUBLISHED,
		};
		if ((err = events_save(c, d->k, &e, NULL, now - 40 * 86400)))
			break;
		int64_t taken[2] = { 0, 0 };
		/* needs only where the retention job would keep them */
		bool needs_kept = e.ends_at + keep_days * 86400 > now;
		for (int k = 0;
		     !err && k < small_events[i].registrations && (size_t)k < ncolleagues; k++) {
			enum reg_place place =
			    e.room_id && (!e.online || k % 3) ? PLACE_SITE : PLACE_ONLINE;
			int64_t cap = place == PLACE_SITE ? e.capacity_site : e.capacity_online;
			enum reg_state st = taken[place] < cap ? REG_CONFIRMED : REG_WAITING;
			taken[place] += st == REG_CONFIRMED;
			err = events_demo_registration(
			    c, d->k, a, e.id, d->accounts[d->nroles + (size_t)k], place, st,
			    k % 4 == 0, start - (int64_t)(20 - k) * 3600,
			    needs_kept && k % 2
				? &demo_needs[(i + (size_t)k) % ARRAY_SIZE(demo_needs)]
				: NULL);
			nregs++;
		}
		/* Feedback on the past events, from all registered but the last. */
		for (int k = 0;
		     !err && e.ends_at <= now && k + 1 < small_events[i].registrations &&
		     (size_t)k < ARRAY_SIZE(demo_feedback) && (size_t)k + 1 < ncolleagues;
		     k++)
			err = feedback_demo_give(c, d->k, a, &e, d->accounts[d->nroles + (size_t)k],
						 &demo_feedback[k]);
	}
	/* The first colleague keeps a profile of needs, offered at their next registration. */
	if (!err && ncolleagues)
		err = needs_profile_set(c, d->k, a, d->accounts[d->nroles], &demo_needs[1]);
	if (!err)
		strbuf_addf(d->summary, "%zu rooms, and %zu events with %ld registrations.\n",
			    nrooms, ARRAY_SIZE(small_events), nregs);
	return err;
}

static int
demo_large(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	struct network *nws;
	struct room *rooms;
	size_t nn, nr;
	int err = org_networks(c, a, &nws, &nn);
	if (err || (err = events_rooms(c, a, &rooms, &nr)) || !nn || !d->naccounts)
		return err;
	int64_t now = time_now(), day0 = now - now % 86400;
	int64_t first = day0 - 3 * 365 * 86400;
	long nregs = 0, nanswers = 0;
	bool big_done = false;
	int64_t keep_days;
	if ((err = needs_keep_days(c, &keep_days)) || (err = db_begin(c)))
		return err;
	for (long i = 0; !err && i < LARGE_EVENTS; i++) {
		struct arena t;
		arena_init(&t);
		int64_t start = first + (i * 5 * 365 / LARGE_EVENTS) * 86400 + (9 + i % 7) * 3600;
		const struct network *nw = &nws[(size_t)i % nn];
		bool online = i % 3 != 0;
		int64_t room = nr && i % 4 != 3 ? rooms[(size_t)i % nr].id : 0;
		if (!room)
			online = true;
		/* its deadline (a day before) a day or more away: a bench may register */
		bool big = !big_done && start - 86400 > now + 86400 && room;
		big_done |= big;
		long nregs_here = big ? LARGE_BIG_EVENT : LARGE_REGS_PER_EVENT;
		struct event e = {
			.network_id = nw->id,
			.kind = big ? "conference" : event_kinds[(size_t)i % event_nkinds],
			.title = arena_printf(&t, "%s %ld", nw->name, i + 1),
			.description = "Een bijeenkomst van het netwerk.",
			.agenda = "",
			.speakers = "",
			.starts_at = start,
			.ends_at = start + 2 * 3600,
			.deadline = start - 86400,
			.working_time = i % 2 == 0,
			.audience = i % 5 == 0 && !big ? AUDIENCE_MEMBERS : AUDIENCE_ORGANISATION,
			.room_id = room,
			.online = online,
			.meeting_url = online ? "https://meet.rijnstad.example/groot" : "",
			.capacity_site = big	? 150
					 : room ? 20
						: 0,
			.capacity_online = big	    ? 100
					   : online ? 30
						    : 0,
			.state = EVENT_PUBLISHED,
		};
		err = events_save(c, d->k, &e, NULL, start - 60 * 86400);
		/* needs only where the retention job would keep them */
		bool needs_kept = e.ends_at + keep_days * 86400 > now;
		/* Distinct people per event (a conflict would end the transaction on PostgreSQL).
		 */
		for (long k = 0; !err && k < nregs_here && (size_t)k < d->naccounts; k++) {
			size_t who = ((size_t)i * 37 + (size_t)k) % d->naccounts;
			enum reg_place place =
			    room && (!online || k % 2) ? PLACE_SITE : PLACE_ONLINE;
			err = events_demo_registration(
			    c, d->k, &t, e.id, d->accounts[who], place, REG_CONFIRMED, k % 5 == 0,
			    start - 7 * 86400,
			    needs_kept && k % 4 == 1
				? &demo_needs[(size_t)(i + k) % ARRAY_SIZE(demo_needs)]
				: NULL);
			nregs++;
		}
		/* Past events: six of those who came answer afterwards (every fourth registrant),
		 * so the organisers see the ratings but, below ten answers, no texts. */
		for (long k = 0; !err && e.ends_at <= now && k < 24 && k < nregs_here &&
				 (size_t)k < d->naccounts;
		     k += 4) {
			size_t who = ((size_t)i * 37 + (size_t)k) % d->naccounts;
			err = feedback_demo_give(
			    c, d->k, &t, &e, d->accounts[who],
			    &demo_feedback[(size_t)(i + k) % ARRAY_SIZE(demo_feedback)]);
			nanswers++;
		}
		arena_release(&t);
		if (d->progress && i % 50 == 0)
			d->progress(d->progress_arg, "events", i, LARGE_EVENTS);
	}
	err = db_end(c, err);
	if (!err)
		strbuf_addf(d->summary,
			    "%d events with %ld event registrations and %ld answers after them.\n",
			    LARGE_EVENTS, nregs, nanswers);
	return err;
}

int
events_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	int err = d->scale == DEMO_SMALL ? demo_small(c, d, &a) : demo_large(c, d, &a);
	arena_release(&a);
	return err;
}
