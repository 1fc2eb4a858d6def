// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo_large.c: `kring demo --scale large`: the demo organisation grown to the size of the
 * largest organisation in the research report (72,000 employees, 25 sites, 6 networks), for
 * the benchmarks and for trying the pages at scale. It runs after the small demo (which gives
 * the demo accounts with passwords and the first sites and networks) and adds the rest through
 * the same services and stores, in transactions of a few thousand rows. */
#include "app/auth/auth.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"
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
struct progress {
	bool tty;
	int last; /* last percentage shown */
	int64_t started_ms;
};

static void
progress_show(struct progress *p, const char *what, long done, long total)
{
	int pct = total ? (int)(done * 100 / total) : 100;
	if (p->tty) {
		if (pct == p->last && done != total)
			return;
		char bar[41];
		int fill = pct * 40 / 100;
		for (int i = 0; i < 40; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[40] = '\0';
		fprintf(stderr, "\r[%s] %3d%% %-10s %6ld/%ld %5.1fs", bar, pct, what, done, total,
			(double)(time_mono_ms() - p->started_ms) / 1000.0);
		if (done == total)
			fputc('\n', stderr);
		fflush(stderr);
	} else if (pct / 25 != p->last / 25 || done == total) {
		fprintf(stderr, "kring demo: %s %ld/%ld (%d%%)\n", what, done, total, pct);
	}
	p->last = pct;
}

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
large_accounts(struct db_conn *c, int64_t *ids, long n, struct progress *p)
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
		progress_show(p, "accounts", done, n);
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

/* ---- memberships and subgroups ---- */

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
large_members(struct db_conn *c, const struct keys *k, const int64_t *ids, long n,
	      struct progress *p, long *nmembers, long *nsubs, long *nsubmembers)
{
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
		*nsubs += !err;
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
			*nmembers += !err;
			if (!err && nmine && i % 2 == 0) {
				ch = large_choice(&pseud, i / 2, (long)w + 3);
				err = members_join(c, k, who, nws[w].id,
						   sub_ids[mine[(size_t)(i / 2) % nmine]], &ch, now,
						   &problem);
				*nsubmembers += !err;
			}
			if (done % 100 == 0)
				progress_show(p, "members", done, LARGE_MEMBERS);
		}
	}
	if (!err)
		progress_show(p, "members", LARGE_MEMBERS, LARGE_MEMBERS);
	if (err)
		fprintf(stderr, "kring demo: a member was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	strbuf_release(&pseud);
	arena_release(&a);
	return err;
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

int
demo_large(struct db_conn *c, const struct keys *k)
{
	int64_t started = time_mono_ms();
	struct progress p = { .tty = isatty(STDERR_FILENO), .last = -1, .started_ms = started };
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
	/* Thousands of joins, each a transaction of its own (as over HTTP): without waiting for
	 * the disk each time; a demo that breaks off is made again. */
	long nmembers = 0, nsubs = 0, nsubmembers = 0;
	if (!err && n > 0 && !(err = db_set_durable(c, false))) {
		err = large_members(c, k, ids, n, &p, &nmembers, &nsubs, &nsubmembers);
		int err2 = db_set_durable(c, true);
		err = err ? err : err2;
	}
	free(ids);
	if (err) {
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
	printf("%ld network members (visible, under a pseudonym and silent followers), %ld "
	       "subgroups with %ld members.\n",
	       nmembers, nsubs, nsubmembers);
	printf("Events, forum posts, stories and knowledge pages come with later issues: "
	       "`--scale large` will build them once they exist.\n");
	printf("Took %.1f s.\n", (double)(time_mono_ms() - started) / 1000.0);
	return 0;
}
