// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: `kring demo`: a realistic demo organisation, modelled on the cases in the research
 * report (a municipality like case 3, networks like SNAB, ADAPT and Vier de Verschillen). */
#include "app/auth/auth.h"
#include "app/feature.h"
#include "app/org/org.h"
#include "base/log.h"
#include "cli/cli.h"
#include <sodium.h>

int demo_large(struct db_conn *c, const struct keys *k); /* demo_large.c */

static const struct site demo_sites[] = {
	{ 0, "Stadskantoor", "Rijnstad", 3150 },       { 0, "Stadswinkel Noord", "Rijnstad", 420 },
	{ 0, "Gemeentewerf", "Zuiderpolder", 880 },    { 0, "Belastingkantoor", "Westerveld", 760 },
	{ 0, "Sport en Recreatie", "Oosthaven", 540 },
};

static const struct network demo_networks[] = {
	{
	    .slug = "iedereen-telt",
	    .name = "Netwerk Iedereen Telt",
	    .kind = NETWORK_BROAD,
	    .summary = "Het netwerk voor collega's met een beperking of een chronische ziekte, "
		       "en voor iedereen die hen wil steunen. We delen ervaringen, organiseren "
		       "bijeenkomsten en adviseren de gemeente over toegankelijk werk.",
	    .target_group = "Collega's met een lichamelijke, zintuiglijke, psychische of "
			    "verstandelijke beperking of een chronische ziekte, en hun "
			    "bondgenoten.",
	    .goal_individual = "Elkaar ontmoeten, steun vinden en je kracht laten zien.",
	    .goal_group = "Samen ervaringen delen en een veilige plek bieden.",
	    .goal_organisation = "Een inclusieve gemeente waar iedereen kan werken zoals hij "
				 "is: we signaleren knelpunten en adviseren HR.",
	    .position = "Valt onder de afdeling HR, met een vast aanspreekpunt voor diversiteit "
			"en inclusie.",
	    .contact_email = "iedereentelt@rijnstad.example",
	},
	{
	    .slug = "neurokring",
	    .name = "Neurokring",
	    .kind = NETWORK_NARROW,
	    .summary = "Voor collega's met autisme, AD(H)D of dyslexie. We wisselen tips uit "
		       "over prikkels, planning en hulpmiddelen, en laten zien wat "
		       "neurodiversiteit oplevert.",
	    .target_group = "Collega's die neurodivergent zijn, met of zonder diagnose, en "
			    "geïnteresseerde collega's.",
	    .goal_individual = "Herkenning en praktische tips voor je werkdag.",
	    .goal_group = "Een plek waar je niets hoeft uit te leggen.",
	    .goal_organisation = "Werkplekken en werkwijzen die passen bij verschillende "
				 "breinen.",
	    .position = "Werkgroep binnen Netwerk Iedereen Telt.",
	    .contact_email = "neurokring@rijnstad.example",
	},
	{
	    .slug = "lichtpunt",
	    .name = "Lichtpunt",
	    .kind = NETWORK_NARROW,
	    .summary = "Voor collega's met psychische kwetsbaarheid. We doorbreken het taboe "
		       "met ervaringsverhalen en bieden een luisterend oor.",
	    .target_group = "Collega's die te maken hebben (gehad) met psychische klachten, "
			    "zoals depressie, angst of een burn-out.",
	    .goal_individual = "Je niet alleen voelen, en weten waar je terecht kunt.",
	    .goal_group = "Ervaringen delen in vertrouwen.",
	    .goal_organisation = "Psychische gezondheid bespreekbaar maken in de hele "
				 "organisatie.",
	    .position = "Zelfstandig netwerk, met de directeur Bedrijfsvoering als ambassadeur.",
	    .contact_email = "lichtpunt@rijnstad.example",
	},
};

/* Demo accounts, one for each role. The password is printed by `kring demo`: this is a demo. */
#define DEMO_PASSWORD "Rijnstad-demo-2026"

static const struct {
	const char *email, *name, *org_role, *network, *network_role, *what;
} demo_people[] = {
	{ "beheer@rijnstad.example", "Bram Bakker", "admin", NULL, NULL,
	  "administrator (sets up two-factor sign-in at first sign-in)" },
	{ "hr@rijnstad.example", "Hanna de Vries", "contact", "iedereen-telt", "contact",
	  "contact point (HR / D&I)" },
	{ "directeur@rijnstad.example", "Dirk Jansen", NULL, "iedereen-telt", "ambassador",
	  "ambassador of Netwerk Iedereen Telt" },
	{ "voorzitter@rijnstad.example", "Fatima El Amrani", NULL, "iedereen-telt", "chair",
	  "chair of Netwerk Iedereen Telt (sets up two-factor sign-in at first sign-in)" },
	{ "secretaris@rijnstad.example", "Joost Visser", NULL, "neurokring", "secretary",
	  "secretary of Neurokring (sets up two-factor sign-in at first sign-in)" },
	{ "medewerker@rijnstad.example", "Sam de Boer", NULL, NULL, NULL, "employee" },
};

/* Colleagues without a password (they would sign in through single sign-on or a reset link):
 * the people in the networks. Their addresses are initials and surname, so they never meet
 * the large demo's first.last@ (src/cli/demo_large.c). Members, subgroups, a coordinator and
 * photos come from the features' demo hooks (src/app/members/demo.c, src/app/photo/demo.c),
 * which know them by their place in this list (struct demo_ctx). */
static const struct {
	const char *email, *name;
} demo_colleagues[] = {
	{ "a.verbruggen@rijnstad.example", "Anouk Verbruggen" },
	{ "m.yildiz@rijnstad.example", "Mehmet Yıldız" },
	{ "l.vanderhorst@rijnstad.example", "Lieke van der Horst" },
	{ "k.mensah@rijnstad.example", "Kofi Mensah" },
	{ "m.hoogendoorn@rijnstad.example", "Marieke Hoogendoorn" },
	{ "r.schipper@rijnstad.example", "Ruud Schipper" },
	{ "p.ramsaran@rijnstad.example", "Priya Ramsaran" },
	{ "w.dekorte@rijnstad.example", "Wessel de Korte" },
	{ "i.brinkman@rijnstad.example", "Ilse Brinkman" },
	{ "y.tahiri@rijnstad.example", "Youssef Tahiri" },
	{ "g.wolters@rijnstad.example", "Gerda Wolters" },
	{ "jw.stam@rijnstad.example", "Jan-Willem Stam" },
	{ "e.aydin@rijnstad.example", "Esra Aydın" },
	{ "t.oosterhuis@rijnstad.example", "Thijs Oosterhuis" },
	{ "m.lammers@rijnstad.example", "Mirjam Lammers" },
	{ "d.sastrowardoyo@rijnstad.example", "Dewi Sastrowardoyo" },
	{ "b.hofstede@rijnstad.example", "Bart Hofstede" },
	{ "n.bouali@rijnstad.example", "Nadia Bouali" },
	{ "k.vreeswijk@rijnstad.example", "Koen Vreeswijk" },
	{ "t.zwart@rijnstad.example", "Tineke Zwart" },
	{ "r.ouali@rijnstad.example", "Rachid Ouali" },
	{ "f.wijnands@rijnstad.example", "Femke Wijnands" },
	{ "h.kuijpers@rijnstad.example", "Hendrik Kuijpers" },
	{ "s.meulenbelt@rijnstad.example", "Saskia Meulenbelt" },
	{ "l.hoekman@rijnstad.example", "Lars Hoekman" },
	{ "c.aerts@rijnstad.example", "Charlotte Aerts" },
	{ "o.martina@rijnstad.example", "Orlando Martina" },
	{ "a.dewaard@rijnstad.example", "Annelies de Waard" },
	{ "s.mulders@rijnstad.example", "Stefan Mulders" },
	{ "y.hiemstra@rijnstad.example", "Ymke Hiemstra" },
	{ "j.sitaldin@rijnstad.example", "Joyce Sitaldin" },
	{ "p.vanoers@rijnstad.example", "Pim van Oers" },
	{ "w.roos@rijnstad.example", "Wendela Roos" },
	{ "n.tromp@rijnstad.example", "Niek Tromp" },
	{ "a.kocak@rijnstad.example", "Aylin Koçak" },
};

#define DEMO_ACCOUNTS (ARRAY_SIZE(demo_people) + ARRAY_SIZE(demo_colleagues))

/* The role accounts, then the colleagues: ids[] in that order (struct demo_ctx). */
static int
demo_accounts(struct db_conn *c, int64_t *ids)
{
	struct arena a;
	arena_init(&a);
	int err = 0;
	for (size_t i = 0; !err && i < ARRAY_SIZE(demo_people); i++) {
		int64_t id;
		struct network nw;
		err = auth_account_create(c, 0, &a, demo_people[i].email, demo_people[i].name,
					  DEMO_PASSWORD, &id);
		ids[i] = id;
		if (!err && demo_people[i].org_role)
			err = strcmp(demo_people[i].org_role, "admin") == 0
				  ? auth_store_set_flag(c, id, "is_admin", true)
				  : auth_store_set_flag(c, id, "is_contact", true);
		if (!err && demo_people[i].network &&
		    !(err = org_network_by_slug(c, &a, demo_people[i].network, &nw)))
			err =
			    auth_store_set_network_role(c, nw.id, id, demo_people[i].network_role);
	}
	for (size_t i = 0; !err && i < ARRAY_SIZE(demo_colleagues); i++)
		err =
		    auth_account_create(c, 0, &a, demo_colleagues[i].email, demo_colleagues[i].name,
					NULL, &ids[ARRAY_SIZE(demo_people) + i]);
	arena_release(&a);
	return err;
}

/* The small demo is quick: nothing to show while it works. */
static void
demo_progress_none(void *arg, const char *what, long done, long total)
{
}

static void
demo_print_accounts(void)
{
	printf("\nDemo sign-ins (password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < ARRAY_SIZE(demo_people); i++)
		printf("  %-30s %s\n", demo_people[i].email, demo_people[i].what);
}

static int
demo_fill(struct db_conn *c, int64_t *ids)
{
	int err = org_create(c, "Gemeente Rijnstad",
			     "Bij de gemeente Rijnstad werken ruim 5.700 mensen op vijf locaties. "
			     "Hier vind je de medewerkersnetwerken, wat ze doen en hoe je "
			     "meedoet.");
	if (err == KR_ECONFLICT) {
		fprintf(stderr, "kring demo: this database already holds an organisation\n");
		return err;
	}
	for (size_t i = 0; !err && i < ARRAY_SIZE(demo_sites); i++)
		err = org_site_add(c, &demo_sites[i], NULL);
	for (size_t i = 0; !err && i < ARRAY_SIZE(demo_networks); i++)
		err = org_network_add(c, &demo_networks[i], NULL);
	if (!err)
		err = demo_accounts(c, ids);
	return err;
}

int
cli_demo(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("demo", argc, argv, "dks", &o);
	if (rc)
		return rc;
	if (o.argc) {
		fprintf(stderr, "kring demo: unexpected argument '%s'\n", o.argv[0]);
		return 2;
	}
	bool large = o.scale && strcmp(o.scale, "large") == 0;
	if (o.scale && !large && strcmp(o.scale, "small") != 0) {
		fprintf(stderr, "kring demo: --scale is 'small' or 'large', not '%s'\n", o.scale);
		return 2;
	}
	/* The demo writes audit entries, and the large one seals memberships: both with the key
	 * file's keys. */
	struct keys k;
	struct db *db = cli_open_keyed(&o, &k);
	if (!db)
		return 1;
	struct db_conn *c = db_conn(db);
	int64_t ids[DEMO_ACCOUNTS];
	int err = db_begin(c);
	if (!err) {
		err = demo_fill(c, ids);
		if (err)
			db_rollback(c);
		else
			err = db_commit(c);
	}
	/* Then every feature's part (src/app/feature.h), and the large organisation grows out of
	 * the small one, in transactions of its own. */
	struct strbuf summary;
	strbuf_init(&summary, 64 * 1024);
	if (!err) {
		struct demo_ctx d = {
			.k = &k,
			.scale = DEMO_SMALL,
			.accounts = ids,
			.naccounts = ARRAY_SIZE(ids),
			.nroles = ARRAY_SIZE(demo_people),
			.summary = &summary,
			.progress = demo_progress_none,
		};
		err = features_demo(c, &d);
	}
	int large_rc = !err && large ? demo_large(c, &k) : 0;
	sodium_memzero(&k, sizeof(k));
	db_close(db);
	if (err) {
		strbuf_release(&summary);
		if (err != KR_ECONFLICT)
			fprintf(stderr, "kring demo: could not create the demo organisation\n");
		return 1;
	}
	if (large_rc) {
		strbuf_release(&summary);
		return 1;
	}
	if (!large) {
		printf("Created the demo organisation Gemeente Rijnstad with %zu sites, %zu "
		       "networks and %zu colleagues without a password (they would sign in "
		       "through single sign-on or a reset link).\n",
		       ARRAY_SIZE(demo_sites), ARRAY_SIZE(demo_networks),
		       ARRAY_SIZE(demo_colleagues));
		fputs(summary.buf, stdout);
	}
	strbuf_release(&summary);
	demo_print_accounts();
	return 0;
}
