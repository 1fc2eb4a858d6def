// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: the consultation hour's part of the demo organisation (`kring demo`): in the small
 * demo Neurokring's secretary hosts a weekly hour (four Thursdays from next week, online,
 * 20-minute talks) and held one last week; the demo employee booked a talk, two colleagues
 * others, and the past talk carries a referral. At large scale every network has a weekly
 * hour for a year (half of it past), with bookings and referrals for the figures. Published
 * and booked through the services (sealed), without e-mail. */
#include "app/auth/auth.h"
#include "app/consult/consult.h"
#include "app/consult/pages.h"
#include "app/events/events.h"
#include "app/org/org.h"
#include "app/questions/questions.h"
#include "base/log.h"
#include "base/strbuf.h"

static int64_t
core_member(struct db_conn *c, struct arena *a, int64_t network_id)
{
	struct network_role_holder *h;
	size_t n;
	if (org_network_roles(c, a, network_id, &h, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (network_role_is_core(network_role_parse(h[i].role)) && !h[i].disabled)
			return h[i].account_id;
	return 0;
}

/* A plan of `count` weekly hours on the weekday of `from` (a UTC moment), 12:00–13:00. */
static struct consult_plan
weekly(int64_t from, int count)
{
	struct local_time t;
	events_utc_to_local(from, &t);
	return (struct consult_plan){ t.year, t.month, t.day,
				      12,     0,       13,
				      0,      20,      count > 1 ? REPEAT_WEEKLY : REPEAT_ONCE,
				      count };
}

static int
talks_of_network(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
		 struct consult_talk **out, size_t *n)
{
	struct consult_slot *s;
	size_t ns;
	int err = consult_slots(c, a, network_id, from, 1000, &s, &ns);
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(struct consult_talk), 64, 0);
	for (size_t i = 0; !err && i < ns; i++) {
		struct consult_talk *t;
		size_t nt;
		if ((err = consult_talks(c, a, s[i].id, &t, &nt)))
			break;
		for (size_t k = 0; k < nt; k++)
			*ARENA_VEC_PUSH(&v, struct consult_talk) = t[k];
	}
	*out = v.items;
	*n = v.len;
	return err;
}

static int
small_demo(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	if (d->nroles < 6 || d->naccounts < d->nroles + 2)
		return KR_OK;
	struct network nw;
	int err = org_network_by_slug(c, a, "neurokring", &nw);
	if (err)
		return err == KR_ENOTFOUND ? KR_OK : err;
	int64_t host = core_member(c, a, nw.id), now = time_now();
	if (!host)
		return KR_OK;
	/* Thursday of next week, and of last week. */
	struct local_time t;
	events_utc_to_local(now, &t);
	int wd = consult_weekday(t.year, t.month, t.day);
	int64_t next = now + (int64_t)(7 + (3 - wd + 7) % 7) * 86400;
	struct consult_slot online = { .online = true,
				       .meeting_url = "https://meet.rijnstad.example/neurokring" };
	struct consult_slot site = { .place = "Stadskantoor, kamer 3.08 (stilteruimte)" };
	struct consult_plan coming = weekly(next, 4), past = weekly(next - 14 * 86400, 1);
	size_t n;
	struct referral *dir;
	size_t ndir;
	if ((err = consult_publish(c, nw.id, host, &coming, &online, now, &n)) ||
	    (err = consult_publish(c, nw.id, host, &past, &site, now - 15 * 86400, &n)) ||
	    (err = referral_list(c, a, &dir, &ndir)))
		return err;
	struct consult_talk *talks;
	size_t nt;
	if ((err = talks_of_network(c, a, nw.id, 0, &talks, &nt)) || nt < 6)
		return err;
	/* talks[0..2]: last week's; talks[3..]: next week's on. */
	const int64_t employee = d->accounts[5];
	const int64_t *colleagues = d->accounts + d->nroles;
	if ((err = db_begin(c)))
		return err;
	err = consult_demo_booking(c, d->k, a, talks[0].id, colleagues[0], "", now - 20 * 86400);
	if (!err)
		err = consult_demo_booking(c, d->k, a, talks[3].id, employee,
					   "Ik wil graag praten over prikkels op de nieuwe "
					   "flexwerkplek.",
					   now - 86400);
	if (!err)
		err = consult_demo_booking(c, d->k, a, talks[5].id, colleagues[1], "", now - 3600);
	if (!err && ndir)
		err = consult_note_referral(c, talks[0].id, host, dir[0].id, now);
	if ((err = db_end(c, err)))
		return err;
	strbuf_addf(d->summary, "Neurokring's consultation hour: 5 hours of 3 talks, 3 booked "
				"(one by the demo employee).\n");
	return KR_OK;
}

static int
large_demo(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	struct network *nws;
	size_t nn;
	struct referral *dir;
	size_t ndir;
	int err = org_networks(c, a, &nws, &nn);
	if (!err)
		err = referral_list(c, a, &dir, &ndir);
	if (err || !d->naccounts)
		return err;
	int64_t now = time_now();
	long booked = 0;
	for (size_t w = 0; !err && w < nn; w++) {
		int64_t host = core_member(c, a, nws[w].id);
		if (!host)
			continue;
		/* 52 weeks, the first 26 of them past. */
		struct consult_plan p = weekly(now - 26 * 7 * 86400 + (int64_t)w * 86400, 52);
		struct consult_slot where = { .place = "Stadskantoor, spreekkamer 1.04" };
		size_t n;
		if ((err = consult_publish(c, nws[w].id, host, &p, &where, now, &n)))
			break;
		struct consult_talk *talks;
		size_t nt;
		if ((err = talks_of_network(c, a, nws[w].id, 0, &talks, &nt)) ||
		    (err = db_begin(c)))
			break;
		int64_t slot_id = 0, slot_host = 0;
		for (size_t k = 0; !err && k < nt; k++) {
			if (talks[k].slot_id != slot_id) {
				struct consult_slot s;
				if ((err = consult_slot_get(c, a, talks[k].slot_id, &s)))
					break;
				slot_id = talks[k].slot_id;
				slot_host = s.host_id;
			}
			if (slot_host != host)
				continue; /* the small demo's hours, built before this */
			if (k % 3 == 2)
				continue; /* every third talk stays free */
			int64_t who = d->accounts[(w * 7919 + k * 104729) % d->naccounts];
			if (who == host)
				continue;
			/* One talk a slot a person: the hash of (account, slot) refuses a second.
			 */
			err = consult_demo_booking(c, d->k, a, talks[k].id, who, "",
						   talks[k].starts_at - 7 * 86400);
			if (err == KR_ECONFLICT) {
				err = KR_OK;
				continue;
			}
			booked++;
			if (!err && ndir && talks[k].starts_at < now && k % 4 == 0)
				err = consult_note_referral(c, talks[k].id, host,
							    dir[(k / 4) % ndir].id, now);
		}
		err = db_end(c, err);
		if (d->progress)
			d->progress(d->progress_arg, "consultation hours", (long)w + 1, (long)nn);
	}
	if (!err)
		strbuf_addf(d->summary,
			    "A weekly consultation hour for a year in every network, %ld talks "
			    "booked.\n",
			    booked);
	return err;
}

int
consult_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	int err = d->scale == DEMO_SMALL ? small_demo(c, d, &a) : large_demo(c, d, &a);
	arena_release(&a);
	return err;
}
