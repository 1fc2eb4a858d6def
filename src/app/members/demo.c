// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: members' part of the demo organisation (`kring demo`, the features table's demo
 * hook): the small demo's colleagues in its three networks and two subgroups, each with a
 * coordinator who accepted; at large scale 40 subgroups (the small demo's two among them) and
 * 3,000 network members over the six networks (the small demo's included). Joined through the
 * same service as over HTTP (sealed, with keyed look-ups). */
#include "app/members/members.h"
#include "app/members/pages.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"

#define LARGE_MEMBERS 3000 /* network memberships, over the 6 networks */

/* The networks (the small demo's three, then large_networks) and their members: from 633 (the
 * largest network in the research report) down. */
static const struct {
	const char *slug;
	long members;
} large_groups[] = {
	{ "iedereen-telt", 633 }, { "neurokring", 520 },      { "lichtpunt", 310 },
	{ "samen-werkt", 600 },	  { "chronisch-sterk", 487 }, { "zintuignet", 450 },
};

/* The 40 subgroups: which network (index into large_groups), slug, name, description. */
static const struct {
	int network;
	const char *slug, *name, *description;
} large_subgroups[] = {
	{ 0, "autisme", "Autisme", "Voor collega's met autisme: prikkels, planning en overleg." },
	{ 0, "tinnitus", "Tinnitus", "Voor wie leeft met oorsuizen: rust vinden op de werkvloer." },
	{ 0, "oncologie", "Werken met en na kanker",
	  "Terugkeren naar werk tijdens en na de behandeling." },
	{ 0, "ptss", "PTSS", "Voor collega's met posttraumatische stress." },
	{ 0, "diabetes", "Diabetes", "Suikers, diensten en lunchpauzes: ervaringen delen." },
	{ 0, "verslaving", "Herstel van verslaving", "Een veilige plek voor wie herstelt." },
	{ 0, "rolstoel", "Rolstoelgebruikers", "Toegankelijke gebouwen, parkeren en reizen." },
	{ 0, "mantelzorg", "Mantelzorgers", "Voor wie zorgt voor een naaste met een beperking." },
	{ 0, "jonge-collegas", "Jonge collega's",
	  "Starters met een beperking of chronische ziekte." },
	{ 0, "leidinggevenden", "Leidinggevenden met een beperking",
	  "Leiding geven en zelf een beperking hebben." },
	{ 1, "adhd", "AD(H)D", "Focus, structuur en hulpmiddelen die werken." },
	{ 1, "dyslexie", "Dyslexie", "Voorleessoftware, lettertypes en tijd bij toetsen." },
	{ 1, "autisme-vrouwen", "Vrouwen met autisme",
	  "Laat ontdekt, goed gecamoufleerd: herkenning." },
	{ 1, "hoogsensitief", "Prikkelgevoelig", "Open kantoren, geluid en licht." },
	{ 1, "dyscalculie", "Dyscalculie", "Cijfers, roosters en rekenhulp." },
	{ 1, "ouders", "Ouders van neurodivergente kinderen", "Werk en zorg thuis combineren." },
	{ 2, "burn-out", "Na een burn-out", "Stap voor stap terug aan het werk." },
	{ 2, "depressie", "Depressie", "Praten over somberheid zonder taboe." },
	{ 2, "angst", "Angst en paniek", "Omgaan met angst op het werk." },
	{ 2, "bipolair", "Bipolair", "Stemmingen, medicatie en een goed ritme." },
	{ 3, "doof", "Doof en slechthorend", "Tolken, ringleidingen en ondertiteling." },
	{ 3, "blind", "Blind en slechtziend",
	  "Schermlezers, vergroting en toegankelijke documenten." },
	{ 3, "chronische-pijn", "Chronische pijn", "Pijn die blijft, werk dat doorgaat." },
	{ 3, "ms", "MS", "Vermoeidheid en een wisselend verloop." },
	{ 3, "reuma", "Reuma", "Gewrichten, aanpassingen en thuiswerken." },
	{ 3, "epilepsie", "Epilepsie", "Veiligheid, vervoer en openheid." },
	{ 3, "niet-aangeboren-hersenletsel", "Niet-aangeboren hersenletsel",
	  "Na een beroerte of ongeluk weer aan het werk." },
	{ 3, "spierziekten", "Spierziekten", "Energie verdelen en hulpmiddelen." },
	{ 3, "stotteren", "Stotteren", "Vergaderen, bellen en presenteren." },
	{ 3, "kleine-gestalte", "Kleine gestalte", "Werkplekken op de juiste hoogte." },
	{ 4, "long-covid", "Long COVID", "Herstel, energie en re-integratie." },
	{ 4, "crohn-colitis", "Crohn en colitis", "Darmziekten en een werkdag zonder zorgen." },
	{ 4, "hartpatienten", "Hart en vaten", "Na een hartaanval of met hartfalen werken." },
	{ 4, "nierpatienten", "Nierziekten", "Dialyse en werk combineren." },
	{ 4, "migraine", "Migraine", "Beeldschermen, licht en aanvallen." },
	{ 4, "astma-copd", "Astma en COPD", "Lucht, ventilatie en inspanning." },
	{ 5, "gebarentaal", "Gebarentaal", "Voor wie gebaart, en wie het wil leren." },
	{ 5, "cochleair-implantaat", "Cochleair implantaat", "Horen met een CI op het werk." },
	{ 5, "geleidehond", "Met een geleidehond", "Kantoren, reizen en de hond mee." },
	{ 5, "doofblind", "Doofblind", "Communicatie en begeleiding." },
};

static const char *const pseudo_adj[] = { "Stille", "Blauwe", "Vrolijke", "Dappere", "Zachte",
					  "Groene", "Wijze",  "Snelle",	  "Rustige", "Gouden" };
static const char *const pseudo_noun[] = { "Reiger", "Vlinder", "Eik",	"Golf", "Ster",
					   "Vos",    "Merel",	"Wilg", "Duin", "Lantaarn" };
static const char *const member_lines[] = {
	"Werkt bij Burgerzaken, graag koffie.",
	"Beleidsadviseur, vraag me alles over thuiswerken.",
	"Collega bij ICT, test systemen op toegankelijkheid.",
	"Teamleider Klantcontact.",
	"Juridisch medewerker, sinds kort terug na ziekte.",
	"Werkt bij Financien en doet mee aan de lunchwandelingen.",
	"HR-adviseur en bondgenoot.",
	"",
};

/* ---- the small demo: the colleagues of src/cli/demo.c in the three networks ----
 *
 * By their place among the colleagues (struct demo_ctx: accounts[nroles + who]). Visible,
 * under a pseudonym and silent followers; some in two networks. Lichtpunt stays under five:
 * its page shows "fewer than 5", as the figures rule says. The role accounts are members of
 * nothing: the plain employee must stay a non-member, and the others hold their roles
 * without it. The pseudonyms are none the large demo makes (an adjective and a noun, below), so
 * that the large organisation can grow out of this one. */
enum { SMALL_IEDEREEN_TELT, SMALL_NEUROKRING, SMALL_LICHTPUNT };
static const char *const small_networks[] = { "iedereen-telt", "neurokring", "lichtpunt" };

/* Two subgroups (slugs the large demo has too, so it reuses them): one of five members or
 * more with a coordinator who accepted, one under five. */
static const struct {
	int network;
	const char *slug, *name, *description;
	int coordinator; /* a colleague */
} small_subgroups[] = {
	{ SMALL_IEDEREEN_TELT, "mantelzorg", "Mantelzorgers",
	  "Voor wie zorgt voor een naaste met een beperking.", 4 },
	{ SMALL_NEUROKRING, "adhd", "AD(H)D", "Focus, structuur en hulpmiddelen die werken.", 22 },
};

static const struct {
	int who;      /* a colleague */
	int network;  /* SMALL_* */
	int subgroup; /* -1: the network itself, else an index into small_subgroups */
	enum appearance appearance;
	const char *pseudonym, *line;
	bool ally;
} small_memberships[] = {
	/* Netwerk Iedereen Telt: 22 members. */
	{ 0, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "", "Werkt bij Burgerzaken, graag koffie.",
	  false },
	{ 1, SMALL_IEDEREEN_TELT, -1, APPEAR_PSEUDONYM, "Nachtuil", "", false },
	{ 2, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "",
	  "Beleidsadviseur, vraag me alles over thuiswerken.", false },
	{ 3, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "",
	  "Collega bij ICT, test systemen op toegankelijkheid.", false },
	{ 4, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "", "HR-adviseur bij de gemeente.", true },
	{ 5, SMALL_IEDEREEN_TELT, -1, APPEAR_PSEUDONYM, "Kraanvogel", "", false },
	{ 6, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "", "Teamleider Klantcontact.", false },
	{ 7, SMALL_IEDEREEN_TELT, -1, APPEAR_PSEUDONYM, "Kompas", "", false },
	{ 8, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "",
	  "Juridisch medewerker, sinds kort terug na ziekte.", false },
	{ 9, SMALL_IEDEREEN_TELT, -1, APPEAR_PSEUDONYM, "Zeehond", "", false },
	{ 10, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "",
	  "Werkt bij Financiën en doet mee aan de lunchwandelingen.", false },
	{ 11, SMALL_IEDEREEN_TELT, -1, APPEAR_PSEUDONYM, "Fietser", "", false },
	{ 12, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "", "Werkt op de Gemeentewerf.", false },
	{ 13, SMALL_IEDEREEN_TELT, -1, APPEAR_SILENT, "", "", false },
	{ 14, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "", "", false },
	{ 15, SMALL_IEDEREEN_TELT, -1, APPEAR_SILENT, "", "", false },
	{ 16, SMALL_IEDEREEN_TELT, -1, APPEAR_VISIBLE, "", "Leidinggevende bij Sport en Recreatie.",
	  true },
	{ 17, SMALL_IEDEREEN_TELT, -1, APPEAR_SILENT, "", "", false },
	{ 18, SMALL_IEDEREEN_TELT, -1, APPEAR_SILENT, "", "", true },
	{ 19, SMALL_IEDEREEN_TELT, -1, APPEAR_SILENT, "", "", false },
	{ 20, SMALL_IEDEREEN_TELT, -1, APPEAR_SILENT, "", "", false },
	{ 21, SMALL_IEDEREEN_TELT, -1, APPEAR_SILENT, "", "", false },
	/* Its subgroup Mantelzorgers: 6 members, coordinated by Marieke (4). */
	{ 4, SMALL_IEDEREEN_TELT, 0, APPEAR_VISIBLE, "", "Zorgt voor haar zoon.", true },
	{ 0, SMALL_IEDEREEN_TELT, 0, APPEAR_VISIBLE, "", "", false },
	{ 6, SMALL_IEDEREEN_TELT, 0, APPEAR_PSEUDONYM, "Duizendpoot", "", false },
	{ 10, SMALL_IEDEREEN_TELT, 0, APPEAR_SILENT, "", "", false },
	{ 14, SMALL_IEDEREEN_TELT, 0, APPEAR_VISIBLE, "", "Mantelzorger voor mijn moeder.", false },
	{ 17, SMALL_IEDEREEN_TELT, 0, APPEAR_SILENT, "", "", false },
	/* Neurokring: 14 members, two of them also in Iedereen Telt. */
	{ 22, SMALL_NEUROKRING, -1, APPEAR_VISIBLE, "", "Planner bij de Stadswinkel Noord.",
	  false },
	{ 23, SMALL_NEUROKRING, -1, APPEAR_PSEUDONYM, "Koffieleut", "", false },
	{ 24, SMALL_NEUROKRING, -1, APPEAR_VISIBLE, "",
	  "Ontwikkelaar, werkt graag met een koptelefoon op.", false },
	{ 25, SMALL_NEUROKRING, -1, APPEAR_PSEUDONYM, "Wolkje", "", false },
	{ 26, SMALL_NEUROKRING, -1, APPEAR_VISIBLE, "", "Handhaver, tips over prikkels welkom.",
	  false },
	{ 27, SMALL_NEUROKRING, -1, APPEAR_PSEUDONYM, "Sterrenkijker", "", false },
	{ 28, SMALL_NEUROKRING, -1, APPEAR_VISIBLE, "", "", true },
	{ 2, SMALL_NEUROKRING, -1, APPEAR_VISIBLE, "", "Dyslectisch en trots.", false },
	{ 29, SMALL_NEUROKRING, -1, APPEAR_SILENT, "", "", false },
	{ 30, SMALL_NEUROKRING, -1, APPEAR_SILENT, "", "", false },
	{ 31, SMALL_NEUROKRING, -1, APPEAR_SILENT, "", "", false },
	{ 32, SMALL_NEUROKRING, -1, APPEAR_SILENT, "", "", false },
	{ 33, SMALL_NEUROKRING, -1, APPEAR_SILENT, "", "", false },
	{ 12, SMALL_NEUROKRING, -1, APPEAR_SILENT, "", "", false },
	/* Its subgroup AD(H)D: 3 members, coordinated by Hendrik (22). */
	{ 22, SMALL_NEUROKRING, 1, APPEAR_VISIBLE, "", "Timers en lijstjes, vraag maar.", false },
	{ 23, SMALL_NEUROKRING, 1, APPEAR_PSEUDONYM, "Koffieleut", "", false },
	{ 30, SMALL_NEUROKRING, 1, APPEAR_SILENT, "", "", false },
	/* Lichtpunt: 3 members, none of them visible. */
	{ 34, SMALL_LICHTPUNT, -1, APPEAR_PSEUDONYM, "Vuurtoren", "", false },
	{ 9, SMALL_LICHTPUNT, -1, APPEAR_PSEUDONYM, "Zeehond", "", false },
	{ 13, SMALL_LICHTPUNT, -1, APPEAR_SILENT, "", "", false },
};

/* The two subgroups and their coordinators (one transaction), then the colleagues'
 * memberships through the same service as joining over HTTP (a transaction each). */
static int
small_members(struct db_conn *c, struct demo_ctx *d)
{
	const int64_t *colleagues = d->accounts + d->nroles;
	size_t ncolleagues = d->naccounts - d->nroles;
	struct arena a;
	arena_init(&a);
	struct network nws[ARRAY_SIZE(small_networks)];
	int64_t sub_ids[ARRAY_SIZE(small_subgroups)];
	long nmembers = 0, nsubmembers = 0;
	const char *problem = NULL;
	int64_t now = time_now();
	int err = 0;
	for (size_t w = 0; !err && w < ARRAY_SIZE(small_networks); w++)
		err = org_network_by_slug(c, &a, small_networks[w], &nws[w]);
	bool began = !err && !(err = db_begin(c));
	for (size_t i = 0; !err && i < ARRAY_SIZE(small_subgroups); i++) {
		size_t who = (size_t)small_subgroups[i].coordinator;
		if (who >= ncolleagues)
			BUG("the small demo's coordinator %zu is not among its %zu colleagues", who,
			    ncolleagues);
		err = subgroup_create(c, 0, nws[small_subgroups[i].network].id,
				      small_subgroups[i].slug, small_subgroups[i].name,
				      small_subgroups[i].description, &sub_ids[i]);
		if (!err)
			err = subgroup_set_coordinator(c, sub_ids[i], colleagues[who], true);
	}
	if (began)
		err = db_end(c, err);
	for (size_t i = 0; !err && i < ARRAY_SIZE(small_memberships); i++) {
		size_t who = (size_t)small_memberships[i].who;
		if (who >= ncolleagues)
			BUG("the small demo's member %zu is not among its %zu colleagues", who,
			    ncolleagues);
		int sub = small_memberships[i].subgroup;
		struct member_choice ch = {
			.appearance = small_memberships[i].appearance,
			.pseudonym = small_memberships[i].pseudonym,
			.line = small_memberships[i].line,
			.ally = small_memberships[i].ally,
		};
		/* Joined over the past months, not all at the same second. */
		err = members_join(c, d->k, colleagues[who], nws[small_memberships[i].network].id,
				   sub < 0 ? 0 : sub_ids[sub], &ch, now - (int64_t)i * 86400 * 3,
				   &problem);
		if (sub < 0)
			nmembers += !err;
		else
			nsubmembers += !err;
	}
	if (err)
		fprintf(stderr, "kring demo: a member was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	else
		strbuf_addf(d->summary,
			    "%ld network members (visible, under a pseudonym and silent "
			    "followers), %zu subgroups with %ld members and a coordinator each.\n",
			    nmembers, ARRAY_SIZE(small_subgroups), nsubmembers);
	arena_release(&a);
	return err;
}

/* The choice of member number i (of its group), made unique where it must be. */
static struct member_choice
large_choice(struct strbuf *pseud, long i, long salt)
{
	struct member_choice ch = { 0 };
	long kind = (i + salt) % 10;
	ch.appearance = kind < 4 ? APPEAR_VISIBLE : kind < 7 ? APPEAR_PSEUDONYM : APPEAR_SILENT;
	ch.ally = (i + salt) % 7 == 0;
	ch.line = ch.appearance == APPEAR_VISIBLE
		      ? member_lines[(size_t)(i + salt) % ARRAY_SIZE(member_lines)]
		      : "";
	strbuf_reset(pseud);
	strbuf_addf(pseud, "%s %s", pseudo_adj[(size_t)i % ARRAY_SIZE(pseudo_adj)],
		    pseudo_noun[(size_t)(i / 10) % ARRAY_SIZE(pseudo_noun)]);
	if (i >= 100)
		strbuf_addf(pseud, " %ld", i / 100 + 1);
	ch.pseudonym = ch.appearance == APPEAR_PSEUDONYM ? pseud->buf : "";
	return ch;
}

/* 40 subgroups; 3,000 network members (visible, pseudonym and silent follower in 4:3:3) from
 * the new employees besides the small demo's, and half of them in one of their network's
 * subgroups with a choice of its own. Through the same service as joining over HTTP (sealed,
 * with keyed look-ups). */
static int
large_members(struct db_conn *c, struct demo_ctx *d)
{
	const struct keys *k = d->k;
	const int64_t *ids = d->accounts;
	long n = (long)d->naccounts;
	long nmembers = 0, nsubs = 0, nsubmembers = 0;
	struct arena a;
	arena_init(&a);
	struct network nws[ARRAY_SIZE(large_groups)];
	const size_t nnw = ARRAY_SIZE(large_groups);
	int err = 0;
	for (size_t w = 0; !err && w < nnw; w++)
		err = org_network_by_slug(c, &a, large_groups[w].slug, &nws[w]);
	int64_t sub_ids[ARRAY_SIZE(large_subgroups)];
	for (size_t i = 0; !err && i < ARRAY_SIZE(large_subgroups); i++) {
		int64_t nw = nws[large_subgroups[i].network].id;
		err = subgroup_create(c, 0, nw, large_subgroups[i].slug, large_subgroups[i].name,
				      large_subgroups[i].description, &sub_ids[i]);
		if (err == KR_ECONFLICT) { /* the small demo's: it grows with the rest */
			struct subgroup sub;
			err = subgroup_by_slug(c, &a, nw, large_subgroups[i].slug, &sub);
			sub_ids[i] = err ? 0 : sub.id;
		}
		nsubs += !err;
	}
	/* The small demo's members are in already: each network grows to its size. */
	long existing[ARRAY_SIZE(large_groups)];
	for (size_t w = 0; !err && w < nnw; w++) {
		int64_t have = 0;
		err = members_count_live(c, nws[w].id, 0, &have);
		existing[w] = (long)have;
		nmembers += (long)have;
	}
	struct strbuf pseud;
	strbuf_init(&pseud, 128);
	const char *problem = NULL;
	long done = nmembers;
	int64_t now = time_now();
	for (size_t w = 0; !err && w < nnw; w++) {
		/* This network's subgroups. */
		size_t mine[ARRAY_SIZE(large_subgroups)], nmine = 0;
		for (size_t i = 0; i < ARRAY_SIZE(large_subgroups); i++)
			if (large_subgroups[i].network == (int)w)
				mine[nmine++] = i;
		for (long i = 0; !err && i < large_groups[w].members - existing[w]; i++, done++) {
			/* People from all over the organisation; each network's range overlaps
			 * the next one's, so some are in several networks. */
			int64_t who = ids[(size_t)((w * 450 + (size_t)i) * 7907 % (size_t)n)];
			struct member_choice ch = large_choice(&pseud, i, (long)w);
			err = members_join(c, k, who, nws[w].id, 0, &ch, now - i * 3600, &problem);
			if (err == KR_ECONFLICT) { /* already a member: someone else then */
				err = 0;
				continue;
			}
			nmembers += !err;
			if (!err && nmine && i % 2 == 0) {
				ch = large_choice(&pseud, i / 2, (long)w + 3);
				err = members_join(c, k, who, nws[w].id,
						   sub_ids[mine[(size_t)(i / 2) % nmine]], &ch, now,
						   &problem);
				nsubmembers += !err;
			}
			if (done % 100 == 0)
				d->progress(d->progress_arg, "members", done, LARGE_MEMBERS);
		}
	}
	if (!err)
		d->progress(d->progress_arg, "members", LARGE_MEMBERS, LARGE_MEMBERS);
	if (err)
		fprintf(stderr, "kring demo: a member was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	else
		strbuf_addf(
		    d->summary,
		    "%ld network members (visible, under a pseudonym and silent followers), "
		    "%ld subgroups with %ld members.\n",
		    nmembers, nsubs, nsubmembers);
	strbuf_release(&pseud);
	arena_release(&a);
	return err;
}

int
members_demo(struct db_conn *c, struct demo_ctx *d)
{
	/* The demo's figures show at once, not after the first night: the snapshot is taken after
	 * the joins. */
	if (d->scale == DEMO_SMALL) {
		int err = d->naccounts > d->nroles ? small_members(c, d) : 0;
		return err ? err : members_counts_refresh(c, time_now());
	}
	if (d->naccounts == 0)
		return members_counts_refresh(c, time_now());
	/* Thousands of joins, each a transaction of its own (as over HTTP): without waiting for
	 * the disk each time; a demo that breaks off is made again. */
	int err = db_set_durable(c, false);
	if (err)
		return err;
	err = large_members(c, d);
	int err2 = db_set_durable(c, true);
	if (!err && !err2)
		err = members_counts_refresh(c, time_now());
	return err ? err : err2;
}
