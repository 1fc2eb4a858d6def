// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: members' part of the demo organisation (`kring demo`, the features table's demo
 * hook): at large scale 40 subgroups and 3,000 network members over the six networks, joined
 * through the same service as over HTTP (sealed, with keyed look-ups). */
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
 * the new employees, and half of them in one of their network's subgroups with a choice of its
 * own. Through the same service as joining over HTTP (sealed, with keyed look-ups). */
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
		err = subgroup_create(c, 0, nws[large_subgroups[i].network].id,
				      large_subgroups[i].slug, large_subgroups[i].name,
				      large_subgroups[i].description, &sub_ids[i]);
		nsubs += !err;
	}
	struct strbuf pseud;
	strbuf_init(&pseud, 128);
	const char *problem = NULL;
	long done = 0;
	int64_t now = time_now();
	for (size_t w = 0; !err && w < nnw; w++) {
		/* This network's subgroups. */
		size_t mine[ARRAY_SIZE(large_subgroups)], nmine = 0;
		for (size_t i = 0; i < ARRAY_SIZE(large_subgroups); i++)
			if (large_subgroups[i].network == (int)w)
				mine[nmine++] = i;
		for (long i = 0; !err && i < large_groups[w].members; i++, done++) {
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
	/* The demo's figures show at once, not after the first night. */
	if (d->scale != DEMO_LARGE || d->naccounts == 0)
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
