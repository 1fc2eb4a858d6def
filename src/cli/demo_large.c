// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo_large.c: `kring demo --scale large`: the demo organisation grown to the size of the
 * largest organisation in the research report (72,000 employees, 25 sites, 6 networks), for
 * the benchmarks and for trying the pages at scale. It runs after the small demo (which gives
 * the demo accounts with passwords and the first sites and networks) and adds the rest through
 * the same services and stores, in transactions of a few thousand rows; then each feature adds
 * its part through the features table's demo hook (memberships: src/app/members/demo.c). */
#include "app/auth/auth.h"
#include "app/feature.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "cli/cli.h"
#include <unistd.h>

int demo_large(struct db_conn *c, const struct keys *k);

#define LARGE_EMPLOYEES 72000 /* the demo accounts of the small demo included */
#define LARGE_BATCH	4000  /* rows per transaction */

/* The 20 sites the small demo does not have; with its 5 they employ 72,000 people. */
static const struct site large_sites[] = {
	{ 0, "Hoofdkantoor Utrecht", "Utrecht", 9800 },
	{ 0, "Regiokantoor Zwolle", "Zwolle", 4100 },
	{ 0, "Regiokantoor Eindhoven", "Eindhoven", 4600 },
	{ 0, "Regiokantoor Groningen", "Groningen", 3900 },
	{ 0, "Regiokantoor Rotterdam", "Rotterdam", 5200 },
	{ 0, "Klantcontactcentrum Apeldoorn", "Apeldoorn", 3700 },
	{ 0, "Servicecentrum Heerlen", "Heerlen", 2900 },
	{ 0, "Kantoor Den Haag", "Den Haag", 4400 },
	{ 0, "Kantoor Amsterdam Sloterdijk", "Amsterdam", 4800 },
	{ 0, "Kantoor Arnhem", "Arnhem", 2600 },
	{ 0, "Kantoor Leeuwarden", "Leeuwarden", 1900 },
	{ 0, "Kantoor Maastricht", "Maastricht", 1700 },
	{ 0, "Kantoor Breda", "Breda", 2300 },
	{ 0, "Kantoor Nijmegen", "Nijmegen", 2100 },
	{ 0, "Kantoor Enschede", "Enschede", 1800 },
	{ 0, "Kantoor Haarlem", "Haarlem", 1500 },
	{ 0, "Kantoor Amersfoort", "Amersfoort", 1600 },
	{ 0, "Kantoor Middelburg", "Middelburg", 900 },
	{ 0, "Kantoor Lelystad", "Lelystad", 1100 },
	{ 0, "Datacentrum Almere", "Almere", 450 },
};

/* The 3 networks the small demo does not have: one broad, two narrow. */
static const struct network large_networks[] = {
	{
	    .slug = "samen-werkt",
	    .name = "Samen Werkt",
	    .kind = NETWORK_BROAD,
	    .summary = "Het landelijke netwerk voor collega's met een arbeidsbeperking, op elke "
		       "locatie. We brengen collega's bij elkaar, geven voorlichting aan "
		       "leidinggevenden en denken mee over beleid.",
	    .target_group = "Alle collega's met een zichtbare of onzichtbare beperking, en "
			    "leidinggevenden die willen leren hoe ze hen goed ondersteunen.",
	    .goal_individual = "Weten welke aanpassingen je kunt vragen, en durven vragen.",
	    .goal_group = "Een netwerk van collega's op elke locatie dat elkaar kent.",
	    .goal_organisation = "Het beleid voor redelijke aanpassingen werkt in de praktijk.",
	    .position = "Erkend door de raad van bestuur, met een eigen budget.",
	    .contact_email = "samenwerkt@rijnstad.example",
	},
	{
	    .slug = "chronisch-sterk",
	    .name = "Chronisch Sterk",
	    .kind = NETWORK_NARROW,
	    .summary = "Voor collega's met een chronische ziekte, zoals diabetes, reuma, MS of "
		       "long COVID. Over energie verdelen, ziekteverzuim en het gesprek met je "
		       "leidinggevende.",
	    .target_group = "Collega's die leven met een chronische ziekte of aandoening.",
	    .goal_individual = "Je werk zo inrichten dat je het volhoudt.",
	    .goal_group = "Ervaringen en tips delen met mensen die het kennen.",
	    .goal_organisation = "Flexibel werken als gewoon onderdeel van goed werkgeverschap.",
	    .position = "Werkgroep binnen Samen Werkt.",
	    .contact_email = "chronischsterk@rijnstad.example",
	},
	{
	    .slug = "zintuignet",
	    .name = "Zintuignet",
	    .kind = NETWORK_NARROW,
	    .summary = "Voor collega's die doof, slechthorend, blind of slechtziend zijn. We "
		       "testen systemen op toegankelijkheid en helpen bij hulpmiddelen.",
	    .target_group = "Collega's met een auditieve of visuele beperking, en collega's die "
			    "met hen samenwerken.",
	    .goal_individual = "De hulpmiddelen krijgen die je nodig hebt, zonder gedoe.",
	    .goal_group = "Kennis over tolken, schermlezers en ringleidingen bundelen.",
	    .goal_organisation = "Elk nieuw systeem is toegankelijk voordat het live gaat.",
	    .position = "Zelfstandig netwerk, met een vaste contactpersoon bij ICT.",
	    .contact_email = "zintuignet@rijnstad.example",
	},
};

static const char *const first_names[] = {
	"Anna",	    "Daan",   "Emma",	 "Sem",	    "Julia",   "Lucas",	  "Sophie",  "Levi",
	"Tess",	    "Finn",   "Sara",	 "Milan",   "Noor",    "Jesse",	  "Eva",     "Thijs",
	"Lotte",    "Bram",   "Fleur",	 "Ruben",   "Lisa",    "Niels",	  "Anouk",   "Jeroen",
	"Sanne",    "Thomas", "Iris",	 "Bas",	    "Maud",    "Wouter",  "Femke",   "Stijn",
	"Marloes",  "Koen",   "Ilse",	 "Martijn", "Esther",  "Sander",  "Karin",   "Pieter",
	"Ingrid",   "Hans",   "Monique", "Gerrit",  "Wilma",   "Kees",	  "Marja",   "Henk",
	"Yvonne",   "Johan",  "Petra",	 "Erik",    "Miriam",  "Arjen",	  "Hanneke", "Frank",
	"Mohammed", "Fatima", "Yusuf",	 "Samira",  "Ahmed",   "Naima",	  "Mustafa", "Khadija",
	"Hamza",    "Imane",  "Emre",	 "Elif",    "Mehmet",  "Ayse",	  "Kevin",   "Priya",
	"Rajesh",   "Shanti", "Dewi",	 "Rick",    "Chantal", "Patrick", "Natasha", "Mitchell",
	"Wendy",    "Dennis", "Linda",	 "Marco",   "Ellen",   "Rob",	  "Judith",  "Gijs",
	"Roos",	    "Floris", "Merel",	 "Joris",   "Lieke",   "Hugo",	  "Veerle",  "Tim",
	"Jasmijn",  "Mees",   "Nina",	 "Olaf",
};

static const char *const last_names[] = {
	"de Jong",
	"Jansen",
	"de Vries",
	"van den Berg",
	"van Dijk",
	"Bakker",
	"Janssen",
	"Visser",
	"Smit",
	"Meijer",
	"de Boer",
	"Mulder",
	"de Groot",
	"Bos",
	"Vos",
	"Peters",
	"Hendriks",
	"van Leeuwen",
	"Dekker",
	"Brouwer",
	"de Wit",
	"Dijkstra",
	"Smits",
	"de Graaf",
	"van der Meer",
	"van der Linden",
	"Kok",
	"Jacobs",
	"de Haan",
	"Vermeulen",
	"van den Heuvel",
	"van der Veen",
	"van den Broek",
	"de Bruijn",
	"de Bruin",
	"van der Heijden",
	"Schouten",
	"van Beek",
	"Willems",
	"van Vliet",
	"van de Ven",
	"Hoekstra",
	"Maas",
	"Verhoeven",
	"Koster",
	"van Dam",
	"van der Wal",
	"Prins",
	"Blom",
	"Huisman",
	"Peeters",
	"de Lange",
	"Kuipers",
	"van Wijk",
	"Postma",
	"Kuiper",
	"Veenstra",
	"Kramer",
	"van den Brink",
	"Scholten",
	"van Wijngaarden",
	"Post",
	"Martens",
	"Vink",
	"de Ruiter",
	"Timmermans",
	"Groen",
	"Gerritsen",
	"Jonker",
	"van Loon",
	"Boer",
	"van der Velde",
	"Willemsen",
	"Smeets",
	"Hofman",
	"El Amrani",
	"Bouzid",
	"Yilmaz",
	"Kaya",
	"Demir",
	"Öztürk",
	"Ramdin",
	"Baldewsingh",
	"Tjon",
	"Pinas",
	"Kartosen",
	"Nguyen",
	"Wijaya",
	"Haddou",
	"El Idrissi",
	"Benali",
	"Sahin",
	"Doğan",
	"Koç",
	"Verbeek",
	"Hermans",
	"Bosman",
	"Wouters",
	"Ramaker",
	"Pauwels",
	"Claassen",
	"Zijlstra",
	"Bergsma",
	"Terpstra",
	"Sijbesma",
};

/* An e-mail local part from a name: ASCII letters in lower case, a letter with a diacritic as
 * its plain letter (the few in the lists above), everything else dropped. */
static void
email_part(struct strbuf *sb, const char *s)
{
	static const struct {
		const char *utf8;
		char ascii;
	} fold[] = { { "Ö", 'o' }, { "ö", 'o' }, { "ğ", 'g' }, { "ç", 'c' }, { "ü", 'u' } };
	while (*s) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x80) {
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
				strbuf_addch(sb, (char)(ch | 0x20));
			s++;
			continue;
		}
		size_t i;
		for (i = 0; i < ARRAY_SIZE(fold); i++) {
			size_t n = strlen(fold[i].utf8);
			if (strncmp(s, fold[i].utf8, n) == 0) {
				strbuf_addch(sb, fold[i].ascii);
				s += n;
				break;
			}
		}
		if (i == ARRAY_SIZE(fold))
			s++;
	}
}

static size_t
gcd(size_t a, size_t b)
{
	while (b) {
		size_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Progress on stderr: one line redrawn in place on a terminal, else a line per quarter. */
static int
large_sites_and_networks(struct db_conn *c)
{
	int err = db_begin(c);
	for (size_t i = 0; !err && i < ARRAY_SIZE(large_sites); i++)
		err = org_site_add(c, &large_sites[i], NULL);
	for (size_t i = 0; !err && i < ARRAY_SIZE(large_networks); i++)
		err = org_network_add(c, &large_networks[i], NULL);
	return db_end(c, err);
}

/* The employees without a password (they sign in through SSO or a reset link): hashing 72,000
 * passwords with argon2id would take hours. Their ids go into ids[]. */
static int
large_accounts(struct db_conn *c, int64_t *ids, long n, struct cli_progress *p)
{
	const size_t nf = ARRAY_SIZE(first_names), nl = ARRAY_SIZE(last_names);
	struct strbuf name, email;
	strbuf_init(&name, 512);
	strbuf_init(&email, 512);
	int err = 0;
	/* j runs over 0..n-1 in a scrambled order (step coprime with n), so that people with
	 * the same name are spread out; (first, last, again) stays unique, and so does the
	 * address. */
	size_t step = gcd((size_t)n, 7919) == 1 ? 7919 : 1;
	for (long done = 0; !err && done < n;) {
		err = db_begin(c);
		for (long k = 0; !err && k < LARGE_BATCH && done < n; k++, done++) {
			size_t j = (size_t)done * step % (size_t)n;
			size_t f = j % nf, l = (j / nf) % nl;
			size_t again = j / (nf * nl); /* the same name once more */
			strbuf_reset(&name);
			strbuf_reset(&email);
			strbuf_addf(&name, "%s %s", first_names[f], last_names[l]);
			email_part(&email, first_names[f]);
			strbuf_addch(&email, '.');
			email_part(&email, last_names[l]);
			if (again)
				strbuf_addf(&email, "%zu", again + 1);
			strbuf_addstr(&email, "@rijnstad.example");
			err = auth_store_account_insert(c, email.buf, name.buf, NULL, &ids[done]);
		}
		err = db_end(c, err);
		cli_progress_show(p, "accounts", done, n);
	}
	strbuf_release(&name);
	strbuf_release(&email);
	return err;
}

/* Contact points (one per site, of the organisation), and in each network a contact point, an
 * ambassador and a core team, taken from the new employees in a fixed order. */
static int
large_roles(struct db_conn *c, const int64_t *ids, long n, long *nroles)
{
	static const char *const team[] = { "contact",	 "ambassador", "chair", "vice_chair",
					    "treasurer", "secretary",  "core",	"core" };
	struct arena a;
	arena_init(&a);
	struct network *nws;
	size_t nnw;
	long next = 0;
	int err = db_begin(c);
	for (size_t i = 0; !err && i < 25 && next < n; i++, (*nroles)++)
		err = auth_store_set_flag(c, ids[next++ * 997 % n], "is_contact", true);
	if (!err)
		err = org_networks(c, &a, &nws, &nnw);
	for (size_t w = 0; !err && w < nnw; w++)
		for (size_t r = 0; !err && r < ARRAY_SIZE(team); r++, (*nroles)++)
			err = auth_store_set_network_role(c, nws[w].id, ids[next++ * 997 % n],
							  team[r]);
	arena_release(&a);
	return db_end(c, err);
}

/* A short intro that fits the size. Saved through the settings service, which keeps the
 * organisation's other settings as they are. */
static int
large_intro(struct db_conn *c)
{
	struct arena a;
	arena_init(&a);
	struct org_settings s;
	int err = org_settings_get(c, &a, &s);
	if (!err) {
		s.intro = "Bij Rijnstad werken ruim 72.000 mensen op 25 locaties in het hele land. "
			  "Hier vind je de medewerkersnetwerken, wat ze doen en hoe je meedoet.";
		err = org_update(c, 0, &s);
	}
	arena_release(&a);
	return err;
}

static void
progress_hook(void *arg, const char *what, long done, long total)
{
	cli_progress_show(arg, what, done, total);
}

int
demo_large(struct db_conn *c, const struct keys *k)
{
	int64_t started = time_mono_ms();
	struct cli_progress p = {
		.cmd = "demo", .tty = isatty(STDERR_FILENO), .last = -1, .started_ms = started
	};
	int64_t existing = 0;
	struct arena a;
	arena_init(&a);
	struct account *accounts;
	size_t naccounts;
	int err = auth_accounts(c, &a, &accounts, &naccounts);
	existing = (int64_t)naccounts;
	arena_release(&a);
	long n = LARGE_EMPLOYEES - (long)existing;
	int64_t *ids = n > 0 ? xcalloc((size_t)n, sizeof(*ids)) : NULL;
	long nroles = 0;
	if (!err)
		err = large_sites_and_networks(c);
	if (!err)
		err = large_intro(c);
	if (!err && n > 0)
		err = large_accounts(c, ids, n, &p);
	if (!err && n > 0)
		err = large_roles(c, ids, n, &nroles);
	/* Then every feature's part: members, subgroups and the rest. */
	struct strbuf summary;
	strbuf_init(&summary, 64 * 1024);
	struct demo_ctx d = {
		.k = k,
		.scale = DEMO_LARGE,
		.accounts = ids,
		.naccounts = n > 0 ? (size_t)n : 0,
		.summary = &summary,
		.progress = progress_hook,
		.progress_arg = &p,
	};
	if (!err)
		err = features_demo(c, &d);
	free(ids);
	if (err) {
		strbuf_release(&summary);
		fprintf(stderr, "kring demo: could not build the large organisation\n");
		return 1;
	}
	struct site *sites;
	struct network *nws;
	size_t nsites = 0, nnws = 0;
	arena_init(&a);
	if (org_sites(c, &a, &sites, &nsites) || org_networks(c, &a, &nws, &nnws))
		nsites = nnws = 0;
	arena_release(&a);
	printf("Created the demo organisation Gemeente Rijnstad at large scale: %d employee "
	       "accounts on %zu sites, %zu networks, %ld roles (contact points, ambassadors, "
	       "core teams).\n",
	       LARGE_EMPLOYEES, nsites, nnws, nroles);
	printf("Only the demo accounts below have a password; the others would sign in through "
	       "single sign-on or a reset link.\n");
	fputs(summary.buf, stdout);
	strbuf_release(&summary);
	printf("Took %.1f s.\n", (double)(time_mono_ms() - started) / 1000.0);
	return 0;
}
