// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: buddies' part of the demo organisation (`kring demo`). In the small demo Neurokring
 * keeps seven themes, its secretary is buddy coordinator, five colleagues are buddies in each
 * status from applied to paused, and there are four requests: one waiting, one proposed to a
 * buddy, one matched and one ended; in Netwerk Iedereen Telt the chair coordinates one active
 * buddy and one request that waits. At large scale every network gets the themes, its first
 * core-team member as coordinator, ten active buddies and 50 requests with a match each (300
 * matches in all), most ended and some active, in one transaction per network; the check-in
 * gets answers to show. Sealed as in use, without e-mail. */
#include "app/auth/auth.h"
#include "app/buddies/buddies.h"
#include "app/buddies/pages.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"

static const char *const demo_themes[] = {
	"Starten in een nieuwe baan",
	"Terugkeren na ziekteverzuim",
	"Je leidinggevende vertellen over je beperking",
	"Werken met autisme",
	"Werken met een chronische ziekte",
	"Werken met een visuele beperking",
	"Leidinggeven met een beperking",
};
#define NTHEMES ARRAY_SIZE(demo_themes)

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

/* The network's themes, made when it has none yet; ids in out (NTHEMES). */
static int
themes_of(struct db_conn *c, struct arena *a, int64_t network_id, int64_t *out, size_t *n)
{
	struct buddy_theme *ts;
	size_t nt;
	int err = buddy_themes(c, a, network_id, &ts, &nt);
	for (size_t i = 0; !err && !nt && i < NTHEMES; i++) {
		enum buddy_refusal why;
		err = buddy_theme_add(c, network_id, demo_themes[i], time_now(), &why);
	}
	if (!err && !nt)
		err = buddy_themes(c, a, network_id, &ts, &nt);
	*n = 0;
	for (size_t i = 0; !err && i < nt && i < NTHEMES; i++)
		out[(*n)++] = ts[i].id;
	return err;
}

static int
small_demo(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	if (d->nroles < 6 || d->naccounts < d->nroles + 34)
		return KR_OK;
	struct network nw;
	int err = org_network_by_slug(c, a, "neurokring", &nw);
	if (err)
		return err == KR_ENOTFOUND ? KR_OK : err;
	int64_t coordinator = core_member(c, a, nw.id), now = time_now();
	int64_t th[NTHEMES];
	size_t nth;
	if (!coordinator || (err = themes_of(c, a, nw.id, th, &nth)) || nth < NTHEMES)
		return err;
	if ((err = buddy_coordinator_set(c, nw.id, coordinator, true)))
		return err;
	const int64_t *col = d->accounts + d->nroles; /* Neurokring's members: 22..33, 2, 12 */
	static const struct {
		int who;
		enum buddy_status status;
		int themes[3];
		const char *motivation;
	} buddies[] = {
		{ 22,
		  BUDDY_ACTIVE,
		  { 0, 3, -1 },
		  "Ik weet hoe het is om als nieuwe collega met autisme te beginnen. Dat wil ik "
		  "graag delen." },
		{ 24,
		  BUDDY_ACTIVE,
		  { 1, 4, 6 },
		  "Na twee jaar verzuim ben ik teruggekomen. Ik had toen graag iemand gehad om mee "
		  "te praten." },
		{ 26, BUDDY_TRAINED, { 2, 3, -1 }, "Ik help graag anderen het gesprek te voeren." },
		{ 28,
		  BUDDY_APPLIED,
		  { 5, -1, -1 },
		  "Ik ben slechtziend en werk al twintig jaar hier." },
		{ 2, BUDDY_PAUSED, { 2, 4, -1 }, "Ik wil collega's steunen, nu even wat minder." },
	};
	if ((err = db_begin(c)))
		return err;
	int64_t bid[ARRAY_SIZE(buddies)];
	for (size_t i = 0; !err && i < ARRAY_SIZE(buddies); i++) {
		int64_t t[3];
		size_t nt = 0;
		for (size_t k = 0; k < 3; k++)
			if (buddies[i].themes[k] >= 0)
				t[nt++] = th[buddies[i].themes[k]];
		err = buddy_demo_buddy(c, d->k, a, nw.id, col[buddies[i].who],
				       buddies[i].motivation, t, nt, 0, buddies[i].status,
				       "2026-09-15", now - (int64_t)(60 + i) * 86400, &bid[i]);
	}
	static const struct {
		int who;
		int theme, buddy; /* buddy: -1 none */
		enum match_status status;
		int days_ago;
		const char *note;
	} requests[] = {
		{ 23, 0, -1, MATCH_PROPOSED, 3, "Ik begin volgende maand op een nieuwe afdeling." },
		{ 25, 3, 0, MATCH_PROPOSED, 2, "" },
		{ 27, 1, 1, MATCH_ACTIVE, 40, "Ik ben net terug en vind het spannend." },
		{ 29, 3, 0, MATCH_ENDED, 200, "" },
	};
	for (size_t i = 0; !err && i < ARRAY_SIZE(requests); i++) {
		int64_t t = th[requests[i].theme], id;
		int64_t at = now - (int64_t)requests[i].days_ago * 86400;
		err = buddy_demo_request(c, d->k, a, nw.id, col[requests[i].who], &t, 1, 0,
					 requests[i].note, at, &id);
		if (!err && requests[i].buddy >= 0)
			err = buddy_demo_match(c, id, bid[requests[i].buddy], requests[i].status,
					       at + 86400, now - 10 * 86400);
	}
	if ((err = db_end(c, err)))
		return err;
	/* Netwerk Iedereen Telt: its chair coordinates, one active buddy, one request waiting. */
	struct network it;
	if ((err = org_network_by_slug(c, a, "iedereen-telt", &it)))
		return err == KR_ENOTFOUND ? KR_OK : err;
	int64_t chair = core_member(c, a, it.id), itb, itr;
	if (!chair || (err = themes_of(c, a, it.id, th, &nth)) || nth < NTHEMES ||
	    (err = buddy_coordinator_set(c, it.id, chair, true)) || (err = db_begin(c)))
		return err;
	err = buddy_demo_buddy(c, d->k, a, it.id, col[3],
			       "Ik werk al jaren met een chronische "
			       "ziekte en praat er graag over.",
			       &th[4], 2, 0, BUDDY_ACTIVE, "2026-06-01", now - 90 * 86400, &itb);
	if (!err)
		err = buddy_demo_request(c, d->k, a, it.id, col[1], &th[1], 1, 0,
					 "Ik kom na drie maanden terug en zie er tegenop.",
					 now - 2 * 86400, &itr);
	if ((err = db_end(c, err)))
		return err;
	strbuf_addf(d->summary,
		    "Buddies: in Neurokring 7 themes, 5 buddies (applied to paused) "
		    "and 4 requests (waiting, proposed, matched, ended), coordinated by "
		    "the secretary; in Iedereen Telt a buddy and a request waiting, "
		    "coordinated by the chair.\n");
	return KR_OK;
}

#define LARGE_BUDDIES  10 /* per network */
#define LARGE_REQUESTS 50 /* per network, each with a match: 300 over six networks */
#define LARGE_PROBES   4000

static int
large_network(struct db_conn *c, struct demo_ctx *d, struct arena *a, const struct network *nw,
	      size_t w, long *matches)
{
	int64_t coordinator = core_member(c, a, nw->id), now = time_now();
	int64_t th[NTHEMES];
	size_t nth;
	int err = themes_of(c, a, nw->id, th, &nth);
	if (err || nth < NTHEMES)
		return err;
	if (coordinator && (err = buddy_coordinator_set(c, nw->id, coordinator, true)))
		return err;
	/* Members of the network, in the members demo's order (src/app/members/demo.c), each
	 * checked: the buddies first, then those who ask. */
	int64_t people[LARGE_BUDDIES + LARGE_REQUESTS] = { 0 };
	size_t np = 0, n = d->naccounts;
	struct buddy *have;
	size_t nhave;
	if ((err = buddy_list(c, d->k, a, nw->id, &have, &nhave)))
		return err;
	for (size_t i = 0; np < ARRAY_SIZE(people) && i < LARGE_PROBES; i++) {
		int64_t who = d->accounts[(w * 450 + i) * 7907 % n];
		struct membership m;
		bool taken = who == coordinator;
		for (size_t k = 0; k < nhave && !taken; k++)
			taken = have[k].account_id == who;
		for (size_t k = 0; k < np && !taken; k++)
			taken = people[k] == who;
		if (!taken && members_get(c, d->k, a, who, nw->id, 0, &m) == KR_OK)
			people[np++] = who;
	}
	if (np < ARRAY_SIZE(people))
		return KR_OK; /* a network without enough members: no buddies */
	if ((err = db_begin(c)))
		return err;
	int64_t bid[LARGE_BUDDIES];
	for (size_t i = 0; !err && i < LARGE_BUDDIES; i++) {
		int64_t t[2] = { th[i % NTHEMES], th[(i + 3) % NTHEMES] };
		err = buddy_demo_buddy(c, d->k, a, nw->id, people[i],
				       "Ik deel graag wat mij heeft geholpen.", t, 2, 0,
				       BUDDY_ACTIVE, "2025-10-01", now - 400 * 86400, &bid[i]);
	}
	for (size_t i = 0; !err && i < LARGE_REQUESTS; i++) {
		int64_t t = th[i % NTHEMES], id;
		/* The last 8 are active (within the caseloads), the rest ended over the last
		 * 25 days, so retention keeps them for now. */
		bool active = i >= LARGE_REQUESTS - 8;
		int64_t at = now - (int64_t)(active ? 30 + i : 220 + i) * 86400;
		err = buddy_demo_request(c, d->k, a, nw->id, people[LARGE_BUDDIES + i], &t, 1, 0,
					 "", at, &id);
		if (!err)
			err = buddy_demo_match(c, id, bid[i % LARGE_BUDDIES],
					       active ? MATCH_ACTIVE : MATCH_ENDED, at + 86400,
					       now - (int64_t)(i % 25) * 86400);
		*matches += !err;
	}
	for (int k = 0; !err && k < CHECKIN_N; k++)
		err = buddy_demo_answers(c, nw->id, (enum checkin_answer)k, 12 - 4 * k);
	return db_end(c, err);
}

static int
large_demo(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	struct network *nws;
	size_t nn;
	int err = org_networks(c, a, &nws, &nn);
	if (err || !d->naccounts)
		return err;
	long matches = 0;
	for (size_t w = 0; !err && w < nn; w++) {
		/* The members demo's order of networks: its large_groups by slug. */
		static const char *const order[] = { "iedereen-telt",	"neurokring",
						     "lichtpunt",	"samen-werkt",
						     "chronisch-sterk", "zintuignet" };
		size_t pos = w;
		for (size_t k = 0; k < ARRAY_SIZE(order); k++)
			if (strcmp(order[k], nws[w].slug) == 0)
				pos = k;
		err = large_network(c, d, a, &nws[w], pos, &matches);
		if (d->progress)
			d->progress(d->progress_arg, "buddies", (long)w + 1, (long)nn);
	}
	if (!err)
		strbuf_addf(d->summary, "Ten buddies in every network and %ld buddy matches.\n",
			    matches);
	return err;
}

int
buddies_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	int err = d->scale == DEMO_SMALL ? small_demo(c, d, &a) : large_demo(c, d, &a);
	arena_release(&a);
	return err;
}
