// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: the knowledge base's part of the demo organisation (`kring demo`). The small demo
 * gives Netwerk Iedereen Telt the route to a workplace adjustment (three versions, pinned),
 * where to go, aids and provisions through UWV and the first two years of sickness, and
 * Neurokring a page on working with fewer stimuli that was last checked fourteen months ago
 * (its keeper is reminded). The facts come from the Dutch rules as the pages cite them. At
 * large scale 100 pages more, spread over the networks, made from a small built-in corpus of
 * topics and paragraphs. Saved through the services, without e-mail. */
#include "app/auth/auth.h"
#include "app/knowledge/knowledge.h"
#include "app/knowledge/pages.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"

#define DAY 86400

static int64_t
core_member(struct db_conn *c, struct arena *a, int64_t network_id, size_t nth)
{
	struct network_role_holder *h;
	size_t n, seen = 0;
	int64_t first = 0;
	if (org_network_roles(c, a, network_id, &h, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (network_role_is_core(network_role_parse(h[i].role)) && !h[i].disabled) {
			if (!first)
				first = h[i].account_id;
			if (seen++ == nth)
				return h[i].account_id;
		}
	return first;
}

static const char route_v1[] =
    "Heb je door een beperking of chronische ziekte iets anders nodig om goed te kunnen "
    "werken? Dan heb je recht op een *doeltreffende aanpassing*. Zo vraag je die aan.\n\n"
    "## 1. Bedenk wat je nodig hebt\n\n"
    "- Wat gaat er nu moeilijk in je werk?\n"
    "- Wat zou helpen? Bijvoorbeeld een andere stoel, software, andere werktijden of een "
    "stille werkplek.\n\n"
    "## 2. Praat met je leidinggevende\n\n"
    "Vertel wat je nodig hebt. Je hoeft niet te zeggen welke ziekte of beperking je hebt.\n\n"
    "## 3. Vraag advies aan de bedrijfsarts\n\n"
    "De bedrijfsarts adviseert over wat je nodig hebt. De arts vertelt je werkgever alleen "
    "wat je wel en niet kunt, nooit je diagnose.\n";

/* The route from version 2 on: steps 4 to 6 were added; version 3 names the law. */
#define ROUTE_STEPS                                                                                \
	"## 1. Bedenk wat je nodig hebt\n\n"                                                       \
	"- Wat gaat er nu moeilijk in je werk?\n"                                                  \
	"- Wat zou helpen? Bijvoorbeeld een andere stoel, software, andere werktijden of een "     \
	"stille werkplek.\n"                                                                       \
	"- Twijfel je? Vraag het aan de kerngroep op het spreekuur, of stel je vraag anoniem.\n\n" \
	"## 2. Praat met je leidinggevende\n\n"                                                    \
	"Vertel wat je nodig hebt en waarom het helpt bij je werk. Je hoeft niet te zeggen "       \
	"welke ziekte of beperking je hebt. Je werkgever mag die ook niet vastleggen.\n\n"         \
	"## 3. Vraag advies aan de bedrijfsarts\n\n"                                               \
	"Je mag de bedrijfsarts altijd raadplegen, ook als je niet ziek gemeld bent. De arts "     \
	"vertelt je werkgever alleen wat je wel en niet kunt, nooit je diagnose. Je hebt recht "   \
	"op een second opinion.\n\n"                                                               \
	"## 4. Je werkgever onderzoekt wat kan\n\n"                                                \
	"Je werkgever moet eerst uitzoeken wat mogelijk is en wat het kost. Alleen als een "       \
	"aanpassing een onevenredige belasting is, mag hij nee zeggen. Goedkoop en eenvoudig is "  \
	"nooit onevenredig.\n\n"                                                                   \
	"## 5. Vraag een voorziening aan bij UWV als dat nodig is\n\n"                             \
	"Voor een beperking die naar verwachting langer dan een jaar duurt, kan UWV helpen: zie "  \
	"de pagina *Hulpmiddelen en voorzieningen*.\n\n"                                           \
	"## 6. Lukt het niet?\n\n"                                                                 \
	"- Praat met het aanspreekpunt bij HR.\n"                                                  \
	"- Het College voor de Rechten van de Mens oordeelt over klachten: "                       \
	"[mensenrechten.nl](https://www.mensenrechten.nl).\n"

static const char route_v2[] =
    "Heb je door een beperking of chronische ziekte iets anders nodig om goed te kunnen "
    "werken? Dan heb je recht op een *doeltreffende aanpassing*. Zo vraag je die "
    "aan.\n\n" ROUTE_STEPS;

static const char route_v3[] =
    "Heb je door een beperking of chronische ziekte iets anders nodig om goed te kunnen "
    "werken? Dan heb je recht op een *doeltreffende aanpassing* (Wet gelijke behandeling op "
    "grond van handicap of chronische ziekte, artikel 2). Zo vraag je die aan.\n\n" ROUTE_STEPS;

static const char where_body[] =
    "Je kunt bij verschillende mensen terecht. Wat je met hen bespreekt, blijft tussen jullie, "
    "tenzij je zelf iets anders afspreekt.\n\n"
    "## Binnen de gemeente\n\n"
    "- **Bedrijfsarts**: voor vragen over gezondheid en werk, ook zonder ziekmelding. De "
    "arts heeft een medisch beroepsgeheim; dat geldt zelfs voor het feit dat je er was.\n"
    "- **Vertrouwenspersoon**: als je te maken hebt met ongewenst gedrag, zoals pesten of "
    "discriminatie.\n"
    "- **HR-aanspreekpunt diversiteit en inclusie**: voor vragen over beleid, aanpassingen "
    "en budget.\n"
    "- **Loket werkplekaanpassingen** (Facilitaire Zaken): voor een stoel, bureau, "
    "beeldscherm of software.\n"
    "- **De kerngroep van het netwerk**: op het spreekuur, of met een vraag die je anoniem "
    "kunt stellen.\n\n"
    "## Buiten de gemeente\n\n"
    "- MIND Korrelatie: anoniem hulp bij psychische vragen, 0900-1450 "
    "([mindkorrelatie.nl](https://www.mindkorrelatie.nl)).\n"
    "- 113 Zelfmoordpreventie: dag en nacht, 0800-0113 ([113.nl](https://www.113.nl)).\n"
    "- Ieder(in): koepel van organisaties van mensen met een beperking of chronische ziekte "
    "([iederin.nl](https://iederin.nl)).\n"
    "- College voor de Rechten van de Mens: als je vindt dat je ongelijk behandeld wordt.\n";

static const char aids_v1[] =
    "UWV betaalt voorzieningen voor een beperking die naar verwachting langer dan een jaar "
    "duurt. UWV kiest de goedkoopste voorziening die goed genoeg is.\n\n"
    "- Hulpmiddelen die met jou meegaan, zoals een aangepaste stoel of speciale software.\n"
    "- Vervoer, zoals een taxi of een kilometervergoeding.\n"
    "- Een tolk gebarentaal of schrijftolk op het werk.\n";

static const char aids_v2[] =
    "UWV betaalt voorzieningen voor een beperking die naar verwachting langer dan een jaar "
    "duurt. UWV kiest de goedkoopste voorziening die goed genoeg is. Wat iedereen gebruikt, of "
    "wat de werkgever zelf hoort te betalen, valt er niet onder.\n\n"
    "## Wat kan er?\n\n"
    "- **Hulpmiddelen** die met jou meegaan, zoals een aangepaste stoel of speciale "
    "software.\n"
    "- **Vervoer**: een auto in bruikleen, een taxi of een kilometervergoeding.\n"
    "- **Tolk** gebarentaal of schrijftolk: op het werk tot 15% van je werktijd, gemiddeld "
    "over het jaar (tijdelijk meer bij een opleiding of nieuwe baan). Buiten het werk 30 uur "
    "per jaar, voor doofblinden 168 uur. UWV beslist binnen 8 weken.\n"
    "- **Jobcoach**: extern (je vraagt het zelf aan, met een jobcoach die UWV erkent) of "
    "intern (de werkgever vraagt subsidie aan).\n"
    "- **No-riskpolis**: heb je bijvoorbeeld een Wajong- of WIA-uitkering of sta je in het "
    "doelgroepregister? Dan betaalt UWV bij ziekte een vergoeding aan je werkgever, tot 5 jaar "
    "na de start van je baan. Veel werkgevers en werknemers weten dit niet.\n\n"
    "Meer informatie: [uwv.nl, werkvoorzieningen](https://www.uwv.nl). Regels veranderen: "
    "controleer de details bij UWV.\n";

static const char sick_body[] =
    "Ben je langer ziek? De Wet verbetering poortwachter regelt wat er in de eerste twee jaar "
    "gebeurt. Jij en je werkgever werken samen aan je terugkeer.\n\n"
    "| wanneer | wat |\n|---|---|\n"
    "| dag 1 | je meldt je ziek; je werkgever schakelt de bedrijfsarts in |\n"
    "| week 6 | de bedrijfsarts maakt een probleemanalyse |\n"
    "| week 8 | jij en je werkgever maken samen een plan van aanpak |\n"
    "| week 42 | je werkgever meldt je ziek bij UWV |\n"
    "| week 46 tot 52 | de eerstejaarsevaluatie |\n"
    "| week 88 | UWV stuurt je het aanvraagformulier voor de WIA |\n"
    "| uiterlijk week 93 | je vraagt de WIA aan; UWV kijkt of er genoeg aan re-integratie "
    "is gedaan |\n"
    "| week 104 | de WIA begint, of je loon wordt doorbetaald |\n\n"
    "Bij een ziekmelding mag je werkgever niet vastleggen wat je hebt of waardoor het komt, ook "
    "niet als je het zelf vertelt. Dat zegt de Autoriteit Persoonsgegevens.\n";

static const char calm_body[] =
    "Tips en afspraken van leden voor een werkdag met minder prikkels.\n\n"
    "## Op kantoor\n\n"
    "- Stilteruimtes: Stadskantoor kamer 3.08 en 4.12. Je hoeft niet te reserveren.\n"
    "- Een koptelefoon met ruisonderdrukking kun je via het loket werkplekaanpassingen "
    "aanvragen.\n"
    "- Vraag of je een vaste werkplek mag, ook op de flexverdieping.\n\n"
    "## Afspraken met je team\n\n"
    "- Spreek af hoe je bereikbaar bent, bijvoorbeeld: chat alleen voor dringende dingen.\n"
    "- Vraag om een agenda vooraf bij overleggen.\n";

static int
page(struct db_conn *c, int64_t network_id, int64_t author, int64_t keeper, const char *title,
     const char *body, const char *note, enum knowledge_audience aud, int64_t at, int64_t *id)
{
	struct knowledge_edit e = {
		.title = title, .body = body, .note = note, .audience = aud, .keeper_id = keeper
	};
	return knowledge_create(c, network_id, author, &e, at, id);
}

static int
change(struct db_conn *c, int64_t id, int64_t author, const char *title, const char *body,
       const char *note, enum knowledge_audience aud, int64_t keeper, int64_t at)
{
	struct arena a;
	arena_init(&a);
	struct knowledge_page p;
	int err = knowledge_get(c, &a, id, &p);
	arena_release(&a);
	if (err)
		return err;
	struct knowledge_edit e = {
		.title = title, .body = body, .note = note, .audience = aud, .keeper_id = keeper
	};
	return knowledge_update(c, id, p.version, author, &e, at);
}

static int
small_demo(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	struct network it, nk;
	int err = org_network_by_slug(c, a, "iedereen-telt", &it);
	if (!err)
		err = org_network_by_slug(c, a, "neurokring", &nk);
	if (err)
		return err == KR_ENOTFOUND ? KR_OK : err;
	int64_t chair = core_member(c, a, it.id, 0), other = core_member(c, a, it.id, 1);
	int64_t sec = core_member(c, a, nk.id, 0), now = time_now();
	if (!chair || !sec)
		return KR_OK;
	const char *route = "Routekaart: een werkplekaanpassing aanvragen";
	int64_t id;
	if ((err = page(c, it.id, chair, chair, route, route_v1, "Eerste versie", KNOW_ORGANISATION,
			now - 200 * DAY, &id)) ||
	    (err = change(c, id, other, route, route_v2,
			  "Stap 4 tot 6 toegevoegd: wat je werkgever moet onderzoeken",
			  KNOW_ORGANISATION, chair, now - 120 * DAY)) ||
	    (err = change(c, id, chair, route, route_v3, "Wet en artikel genoemd, bron erbij",
			  KNOW_ORGANISATION, chair, now - 30 * DAY)) ||
	    (err = knowledge_set_pinned(c, id, true)))
		return err;
	if ((err = page(c, it.id, chair, other, "Waar kun je terecht?", where_body, "",
			KNOW_ORGANISATION, now - 90 * DAY, &id)) ||
	    (err = knowledge_set_pinned(c, id, true)))
		return err;
	const char *aids = "Hulpmiddelen en voorzieningen via UWV";
	if ((err = page(c, it.id, other, other, aids, aids_v1, "Eerste versie", KNOW_MEMBERS,
			now - 300 * DAY, &id)) ||
	    (err = change(c, id, chair, aids, aids_v2,
			  "Tolkuren, jobcoach en no-riskpolis toegevoegd (Protocol Voorzieningen "
			  "UWV 2021)",
			  KNOW_MEMBERS, other, now - 60 * DAY)))
		return err;
	if ((err = page(c, it.id, chair, chair,
			"Langer ziek: de eerste twee jaar (Wet verbetering poortwachter)",
			sick_body, "", KNOW_MEMBERS, now - 45 * DAY, &id)))
		return err;
	/* Last checked fourteen months ago: due, and its keeper was reminded already (as the
	 * daily job would have done two months ago), so a new demo sends no e-mail of its own. */
	if ((err = page(c, nk.id, sec, sec, "Prikkelarm werken: hulpmiddelen en afspraken",
			calm_body, "", KNOW_MEMBERS, now - 425 * DAY, &id)) ||
	    (err = knowledge_set_pinned(c, id, true)) ||
	    (err = knowledge_store_set_reminded(c, id)))
		return err;
	strbuf_addf(d->summary,
		    "Knowledge base: 5 pages in two networks (the route to an "
		    "adjustment with 3 versions), 3 pinned, 1 due for its yearly check.\n");
	return KR_OK;
}

/* The large demo's corpus: topics and the paragraphs a page about them is made of. */
static const char *const topics[] = {
	"Thuiswerken met een beperking",	  "Een aangepaste werkplek op kantoor",
	"Spraaksoftware en voorleessoftware",	  "Vervoer naar je werk",
	"Werken met een chronische ziekte",	  "Terugkomen na een burn-out",
	"Het plan van aanpak bij ziekte",	  "Je rechten bij de bedrijfsarts",
	"Een tolk bij overleg en bijeenkomsten",  "De jobcoach op je werk",
	"Flexibele werktijden afspreken",	  "Het gesprek met je leidinggevende",
	"Stilteruimtes en prikkelarme plekken",	  "Toegankelijke documenten maken",
	"Het functioneringsgesprek voorbereiden", "De no-riskpolis uitgelegd",
	"Energie verdelen over de week",	  "Onboarding: wat nieuwe collega's moeten weten",
	"Een second opinion van de bedrijfsarts", "Vergaderen zonder iemand buiten te sluiten",
};

static const char *const paragraphs[] = {
	"Je hoeft niet te vertellen welke ziekte of beperking je hebt. Vertel wat je nodig hebt "
	"om goed te werken, en wat het oplevert.",
	"De bedrijfsarts adviseert je werkgever over wat je wel en niet kunt. Je diagnose blijft "
	"tussen jou en de arts.",
	"Voor een beperking die langer dan een jaar duurt, kan UWV een voorziening betalen. UWV "
	"kiest de goedkoopste oplossing die goed genoeg is.",
	"Leg afspraken met je leidinggevende vast in een kort verslag. Zo weet een nieuwe "
	"leidinggevende ook wat er is afgesproken.",
	"Je werkgever moet onderzoeken wat mogelijk is voordat hij een aanpassing weigert. "
	"Goedkoop en eenvoudig is nooit een onevenredige belasting.",
	"Twijfel je? Kom naar het spreekuur van de kerngroep, of stel je vraag anoniem.",
	"De vertrouwenspersoon helpt als je te maken krijgt met ongewenst gedrag. Het gesprek is "
	"vertrouwelijk.",
	"Plan rustmomenten in je agenda, net zoals je overleggen plant. Dat is geen luxe: het "
	"houdt je werk vol te houden.",
	"Het netwerk verzamelt signalen van leden en bespreekt ze, zonder namen, met HR.",
	"Controleer de regels bij de bron, zoals uwv.nl of wetten.overheid.nl: regels "
	"veranderen.",
};

static int
large_demo(struct db_conn *c, struct demo_ctx *d, struct arena *a)
{
	struct network *nws;
	size_t nn;
	int err = org_networks(c, a, &nws, &nn);
	if (err || !nn)
		return err;
	int64_t *core = ARENA_ARRAY(a, int64_t, nn);
	size_t with_core = 0;
	for (size_t w = 0; w < nn; w++)
		if ((core[w] = core_member(c, a, nws[w].id, 0)))
			with_core++;
	if (!with_core)
		return KR_OK;
	int64_t now = time_now();
	const long total = 100;
	long made = 0;
	for (long i = 0; !err && made < total; i++) {
		size_t w = (size_t)i % nn;
		if (!core[w])
			continue;
		size_t t = (size_t)made % ARRAY_SIZE(topics);
		long round = made / (long)ARRAY_SIZE(topics);
		const char *title =
		    round ? arena_printf(a, "%s (%ld)", topics[t], round + 1) : topics[t];
		struct strbuf b;
		strbuf_init(&b, 0);
		strbuf_addf(&b, "Over %s: wat je moet weten en waar je terecht kunt.\n\n",
			    topics[t]);
		for (size_t k = 0; k < 3; k++) {
			size_t p = ((size_t)made * 7 + k * 3) % ARRAY_SIZE(paragraphs);
			strbuf_addf(&b, "## %s %zu\n\n%s\n\n", k % 2 ? "Stap" : "Goed om te weten",
				    k + 1, paragraphs[p]);
		}
		enum knowledge_audience aud = made % 3 ? KNOW_MEMBERS : KNOW_ORGANISATION;
		int64_t at = now - (int64_t)(30 + (made * 37) % 500) * DAY, id;
		err = page(c, nws[w].id, core[w], core[w], title, b.buf, "", aud, at, &id);
		if (!err && made % 2) {
			/* a second version: one more paragraph */
			strbuf_addf(&b, "## %s\n\n%s\n", "Meer weten",
				    paragraphs[((size_t)made + 5) % ARRAY_SIZE(paragraphs)]);
			err = change(c, id, core[w], title, b.buf, "Een alinea toegevoegd", aud,
				     core[w], at + 10 * DAY);
		}
		if (!err && made % 10 == 0)
			err = knowledge_set_pinned(c, id, true);
		strbuf_release(&b);
		made++;
		if (d->progress && made % 10 == 0)
			d->progress(d->progress_arg, "knowledge pages", made, total);
	}
	if (!err)
		strbuf_addf(d->summary, "Knowledge base: %ld pages more over the networks.\n",
			    made);
	return err;
}

int
knowledge_demo(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	int err = d->scale == DEMO_SMALL ? small_demo(c, d, &a) : large_demo(c, d, &a);
	arena_release(&a);
	return err;
}
