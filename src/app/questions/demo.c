// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: the questions desk's part of the demo organisation (`kring demo`, the features
 * table's demo hook): the referral directory (the municipality's own desks and real Dutch
 * organisations outside it), and a few questions in every state in two of the small demo's
 * networks, asked under a name, anonymously and with a code, in plain Dutch. At large scale
 * 5,000 questions over the six networks, asked during the last twelve months (what retention
 * keeps at its default), 200 of them still open in the queue of Netwerk Iedereen Telt. Asked
 * and answered through the same services as over HTTP (sealed), without e-mail. */
#include "app/auth/auth.h"
#include "app/org/org.h"
#include "app/questions/pages.h"
#include "app/questions/questions.h"
#include "base/log.h"
#include "base/strbuf.h"

#define LARGE_QUESTIONS 5000
#define LARGE_OPEN	200 /* in the first network's queue */

static const struct referral demo_referrals[] = {
	{ 0, REFERRAL_COMPANY_DOCTOR, "Bedrijfsarts (Arbodienst Rijnstad)",
	  "Bel 030 123 45 67 op werkdagen van 8.30 tot 12.00 uur, of mail "
	  "spreekuur@arbodienst-rijnstad.example. Je hoeft je niet ziek te melden.",
	  "Voor vragen over werk en gezondheid, ook als je niet ziek bent. De bedrijfsarts vertelt "
	  "je werkgever nooit wat je hebt, alleen wat je wel en niet kunt." },
	{ 0, REFERRAL_CONFIDENTIAL_ADVISER, "Vertrouwenspersoon",
	  "Mail vertrouwenspersoon@rijnstad.example of bel 030 123 40 00. Je kunt ook anoniem "
	  "bellen.",
	  "Voor als je op je werk iets naars meemaakt: pesten, uitsluiting of ongewenst gedrag. "
	  "Wat je vertelt blijft tussen jullie." },
	{ 0, REFERRAL_HR, "HR-adviseurs",
	  "Via het HR-loket op intranet, of mail hr@rijnstad.example.",
	  "Voor vragen over je contract, verlof, werktijden en regelingen." },
	{ 0, REFERRAL_ADJUSTMENTS, "Loket Aanpassingen",
	  "Mail aanpassingen@rijnstad.example. Je krijgt binnen vijf werkdagen antwoord.",
	  "Voor een aanpassing van je werkplek of je werk: een andere stoel, software, een stille "
	  "plek of andere werktijden. Je hoeft niet te zeggen welke aandoening je hebt." },
	{ 0, REFERRAL_WORKS_COUNCIL, "Ondernemingsraad",
	  "Mail or@rijnstad.example of loop binnen op dinsdag in kamer 2.14.",
	  "De OR praat mee over regels voor verzuim en re-integratie en over gelijke kansen voor "
	  "collega's met een beperking." },
	{ 0, REFERRAL_OUTSIDE, "MIND Korrelatie",
	  "Bel 0900 1450 of chat via mindkorrelatie.nl. Je hoeft je naam niet te noemen.",
	  "Anonieme hulp bij psychische vragen en zorgen." },
	{ 0, REFERRAL_OUTSIDE, "113 Zelfmoordpreventie",
	  "Bel 0800 0113 (gratis, dag en nacht) of chat via 113.nl.",
	  "Voor wie aan zelfmoord denkt, of zich zorgen maakt om iemand anders." },
	{ 0, REFERRAL_OUTSIDE, "Ieder(in)", "Kijk op iederin.nl.",
	  "De koepel van organisaties van mensen met een beperking of chronische ziekte. Hier vind "
	  "je "
	  "de patiëntenorganisatie die bij jou past." },
	{ 0, REFERRAL_OUTSIDE, "Samen Sterk zonder Stigma", "Kijk op samensterkzonderstigma.nl.",
	  "Over praten over psychische problemen op het werk, met een handboek voor "
	  "medewerkersnetwerken." },
	{ 0, REFERRAL_OUTSIDE, "College voor de Rechten van de Mens", "Kijk op mensenrechten.nl.",
	  "Als je vindt dat je werkgever een aanpassing weigert die wel had gekund, kun je het "
	  "College om een oordeel vragen." },
};

enum { D_COMPANY_DOCTOR, D_CONFIDENTIAL, D_HR, D_ADJUSTMENTS, D_WORKS_COUNCIL, D_MIND };

/* The small demo's questions: a colleague (by place, struct demo_ctx) asks a network; -1 asks
 * with a code. Days ago (working days count from then); what the core team did. */
enum step { S_OPEN, S_TAKEN, S_ASKED_BACK, S_REPLIED, S_ANSWERED, S_CLOSED };
static const struct {
	const char *network;
	int who;
	enum question_how how;
	int days_ago;
	enum step step;
	const char *text, *back, *reply, *answer;
	int referral; /* -1: none */
	bool signed_by_name;
} small_questions[] = {
	{ "iedereen-telt", 8, QUESTION_ANONYMOUS, 12, S_OPEN,
	  "Ik ben net terug na een lange ziekte. Mijn leidinggevende wil dat ik meteen weer volle "
	  "dagen werk. Mag dat zomaar?",
	  NULL, NULL, NULL, -1, false },
	{ "iedereen-telt", 0, QUESTION_NAMED, 3, S_TAKEN,
	  "Hoe vraag ik een aangepaste bureaustoel aan? Ik weet niet bij wie ik moet zijn.", NULL,
	  NULL, NULL, -1, false },
	{ "iedereen-telt", 5, QUESTION_ANONYMOUS, 9, S_ASKED_BACK,
	  "Ik word moe van de open werkplek. Kan ik vragen om een vaste, rustige plek?",
	  "Goede vraag. Werk je op het stadhuis of op een andere locatie? Dan weten we bij wie je "
	  "terechtkunt.",
	  NULL, NULL, -1, false },
	{ "iedereen-telt", 14, QUESTION_NAMED, 20, S_ANSWERED,
	  "Kan ik de bedrijfsarts spreken zonder dat ik me ziek meld?", NULL, NULL,
	  "Ja, dat kan. Je kunt een afspraak maken voor het open spreekuur. Je leidinggevende "
	  "hoort "
	  "niet wat je bespreekt. Hieronder staat hoe je de bedrijfsarts bereikt.",
	  D_COMPANY_DOCTOR, true },
	{ "iedereen-telt", -1, QUESTION_CODE, 15, S_ANSWERED,
	  "Een collega maakt steeds grapjes over mijn hulpmiddel. Ik durf er niets van te zeggen. "
	  "Wat kan ik doen?",
	  NULL, NULL,
	  "Wat vervelend dat je dit meemaakt. Je hoeft dit niet alleen op te lossen. De "
	  "vertrouwenspersoon luistert naar je en denkt met je mee, ook als je nog niets wilt "
	  "ondernemen.",
	  D_CONFIDENTIAL, false },
	{ "iedereen-telt", 3, QUESTION_ANONYMOUS, 60, S_CLOSED,
	  "Telt mijn tijd voor het netwerk als werktijd?", NULL, NULL,
	  "Dat hangt af van de afspraak met je leidinggevende. Vraag HR naar de regeling voor "
	  "netwerken.",
	  D_HR, false },
	{ "neurokring", 23, QUESTION_ANONYMOUS, 4, S_REPLIED,
	  "Mag ik een koptelefoon op in vergaderingen? Ik kan me anders niet goed concentreren.",
	  "Bedoel je een koptelefoon die geluid dempt, of een die je gebruikt om mee te luisteren?",
	  "Een die geluid dempt. Ik hoor dan nog wel wat mensen zeggen.", NULL, -1, false },
	{ "neurokring", 25, QUESTION_NAMED, 2, S_OPEN,
	  "Ik wil mijn team vertellen dat ik ADHD heb. Hoe pak ik dat aan?", NULL, NULL, NULL, -1,
	  false },
	{ "neurokring", 24, QUESTION_ANONYMOUS, 30, S_ANSWERED,
	  "Kan ik voorleessoftware krijgen voor lange rapporten?", NULL, NULL,
	  "Ja. Het Loket Aanpassingen regelt software zoals voorleessoftware. Je hoeft geen "
	  "diagnose te laten zien.",
	  D_ADJUSTMENTS, true },
};

/* Frequently asked questions, as a core team writes them: nothing points to who asked. */
static const struct {
	const char *network, *question, *answer;
} demo_faq[] = {
	{ "iedereen-telt", "Moet ik vertellen welke ziekte of beperking ik heb?",
	  "Nee. Je leidinggevende en HR hoeven je diagnose niet te weten, en ze mogen die ook niet "
	  "vastleggen. Je mag wel vertellen wat je nodig hebt om goed te werken.\n\n"
	  "De bedrijfsarts mag wel naar je gezondheid vragen. Die vertelt je werkgever alleen wat "
	  "je wel en niet kunt, nooit wat je hebt. Je mag de bedrijfsarts ook spreken zonder dat "
	  "je ziek gemeld bent." },
	{ "iedereen-telt", "Hoe vraag ik een aanpassing van mijn werk aan?",
	  "Begin bij je leidinggevende: zeg wat je nodig hebt, bijvoorbeeld een andere stoel, "
	  "software die voorleest of andere werktijden. Je werkgever moet een aanpassing doen als "
	  "die nodig is en niet te zwaar is.\n\n"
	  "Komen jullie er samen niet uit, vraag dan advies aan de bedrijfsarts. Voor sommige "
	  "hulpmiddelen, een tolk of een jobcoach kun je bij UWV terecht. Het netwerk denkt graag "
	  "met je mee." },
	{ "neurokring", "Mag ik op kantoor met een koptelefoon werken?",
	  "Ja, dat kan. Spreek met je team af hoe ze je kunnen bereiken als je hem op hebt, "
	  "bijvoorbeeld via de chat.\n\n"
	  "Helpt dat niet genoeg, vraag dan om een vaste, rustige werkplek. Dat is een aanpassing "
	  "waar je recht op kunt hebben." },
};

/* The first core-team member of a network, or 0. */
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

static int
demo_directory(struct db_conn *c, int64_t now, int64_t ids[ARRAY_SIZE(demo_referrals)])
{
	int err = db_begin(c);
	for (size_t i = 0; !err && i < ARRAY_SIZE(demo_referrals); i++)
		err = referral_add(c, &demo_referrals[i], now, &ids[i]);
	return db_end(c, err);
}

static int
small_demo(struct db_conn *c, struct demo_ctx *d)
{
	const int64_t *colleagues = d->accounts + d->nroles;
	size_t ncolleagues = d->naccounts - d->nroles;
	struct arena a;
	arena_init(&a);
	int64_t now = time_now();
	int64_t refs[ARRAY_SIZE(demo_referrals)];
	int err = demo_directory(c, now, refs);
	const char *problem = NULL;
	long asked = 0;
	for (size_t i = 0; !err && i < ARRAY_SIZE(small_questions); i++) {
		struct network nw;
		if ((err = org_network_by_slug(c, &a, small_questions[i].network, &nw)))
			break;
		int64_t who = 0;
		if (small_questions[i].who >= 0) {
			if ((size_t)small_questions[i].who >= ncolleagues)
				BUG("the demo's asker %d is not among its %zu colleagues",
				    small_questions[i].who, ncolleagues);
			who = colleagues[small_questions[i].who];
		}
		int64_t core = core_member(c, &a, nw.id);
		int64_t at = now - (int64_t)small_questions[i].days_ago * 86400;
		char ref[QUESTION_REF_SIZE], code[QUESTION_CODE_SIZE];
		err = questions_ask(c, d->k, nw.id, who, small_questions[i].how,
				    small_questions[i].text, at, ref, code, &problem);
		enum step s = small_questions[i].step;
		if (!err && s >= S_TAKEN && core)
			err = questions_take(c, nw.id, ref, core);
		if (!err && (s == S_ASKED_BACK || s == S_REPLIED))
			err = questions_respond(c, d->k, nw.id, ref, core, QMSG_ASK_BACK,
						small_questions[i].back, false, NULL, 0, NULL,
						at + 86400, &problem);
		if (!err && s == S_REPLIED) {
			struct question q;
			if (!(err = questions_get_mine(c, d->k, &a, who, ref, &q)))
				err = questions_reply(c, d->k, &q, small_questions[i].reply,
						      at + 2 * 86400, &problem);
		}
		if (!err && s >= S_ANSWERED) {
			int r = small_questions[i].referral;
			err = questions_respond(
			    c, d->k, nw.id, ref, core, QMSG_ANSWER, small_questions[i].answer,
			    small_questions[i].signed_by_name, r >= 0 ? &refs[r] : NULL,
			    r >= 0 ? 1 : 0, NULL, at + 2 * 86400, &problem);
		}
		if (!err && s == S_CLOSED)
			err = questions_close(c, nw.id, ref, at + 3 * 86400);
		asked += !err;
	}
	/* An anonymous asker agreed to an FAQ entry; the entries are in the core team's words. */
	for (size_t i = 0; !err && i < ARRAY_SIZE(small_questions); i++) {
		if (small_questions[i].step != S_ANSWERED ||
		    small_questions[i].how != QUESTION_ANONYMOUS)
			continue;
		struct question *mine;
		size_t nm;
		if ((err = questions_mine(c, d->k, &a, colleagues[small_questions[i].who], &mine,
					  &nm)))
			break;
		for (size_t k = 0; !err && k < nm; k++)
			if (strcmp(mine[k].text, small_questions[i].text) == 0)
				err = questions_faq_consent(c, &mine[k], true);
	}
	const char *field = NULL;
	for (size_t i = 0; !err && i < ARRAY_SIZE(demo_faq); i++) {
		struct network nw;
		if ((err = org_network_by_slug(c, &a, demo_faq[i].network, &nw)))
			break;
		struct faq_entry e = { .network_id = nw.id,
				       .question = demo_faq[i].question,
				       .answer = demo_faq[i].answer };
		err = faq_save(c, &a, &e, now, &field, &problem);
	}
	if (err)
		fprintf(stderr, "kring demo: a question was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	else
		strbuf_addf(d->summary,
			    "%zu entries in the referral directory; %ld questions to two networks "
			    "(open, taken, asked back, answered, closed; under a name, anonymous "
			    "and with a code).\n",
			    ARRAY_SIZE(demo_referrals), asked);
	arena_release(&a);
	return err;
}

static const char *const large_texts[] = {
	"Hoe vraag ik een aanpassing van mijn werkplek aan?",
	"Mag ik vaker thuiswerken omdat reizen me veel energie kost?",
	"Wie kan ik spreken over mijn terugkeer na ziekte?",
	"Moet ik mijn leidinggevende vertellen wat ik heb?",
	"Kan ik mijn werktijden aanpassen aan mijn behandeling?",
	"Waar vind ik software die teksten voorleest?",
	"Hoe ga ik om met een collega die mijn beperking niet serieus neemt?",
	"Telt een afspraak bij de bedrijfsarts als werktijd?",
};
static const char *const large_answers[] = {
	"Het Loket Aanpassingen helpt je daarbij. Je hoeft geen diagnose te noemen.",
	"Bespreek het met je leidinggevende; de bedrijfsarts kan adviseren wat je nodig hebt.",
	"De bedrijfsarts begeleidt je terugkeer. Je kunt ook zonder ziekmelding een afspraak "
	"maken.",
	"Nee, dat hoeft niet. Je vertelt alleen wat je nodig hebt om goed te werken.",
};

static int
large_demo(struct db_conn *c, struct demo_ctx *d)
{
	static const char *const slugs[] = { "iedereen-telt", "neurokring",	 "lichtpunt",
					     "samen-werkt",   "chronisch-sterk", "zintuignet" };
	struct arena a;
	arena_init(&a);
	struct network nws[ARRAY_SIZE(slugs)];
	int64_t core[ARRAY_SIZE(slugs)];
	struct referral *dir;
	size_t ndir;
	int err = referral_list(c, &a, &dir, &ndir);
	for (size_t w = 0; !err && w < ARRAY_SIZE(slugs); w++) {
		err = org_network_by_slug(c, &a, slugs[w], &nws[w]);
		core[w] = err ? 0 : core_member(c, &a, nws[w].id);
	}
	if (err || !d->naccounts) {
		arena_release(&a);
		return err;
	}
	int64_t now = time_now();
	const char *problem = NULL;
	long done = 0;
	for (long i = 0; !err && i < LARGE_QUESTIONS; i++) {
		/* The first LARGE_OPEN go to the first network's queue, still open; the rest over
		 * all six, asked during the last twelve months, most of them answered or closed. */
		size_t w = i < LARGE_OPEN ? 0 : (size_t)(i % (long)ARRAY_SIZE(slugs));
		int64_t who = d->accounts[(size_t)(i * 7919) % d->naccounts];
		enum question_how how = i % 5 == 0    ? QUESTION_NAMED
					: i % 11 == 0 ? QUESTION_CODE
						      : QUESTION_ANONYMOUS;
		int64_t at = i < LARGE_OPEN ? now - (i % 15) * 86400 - i * 60
					    : now - ((i * 6311) % (360 * 86400)) - 86400 * 4;
		char ref[QUESTION_REF_SIZE], code[QUESTION_CODE_SIZE];
		err = questions_ask(c, d->k, nws[w].id, who, how,
				    large_texts[(size_t)i % ARRAY_SIZE(large_texts)], at, ref, code,
				    &problem);
		if (!err && i >= LARGE_OPEN && i % 10) {
			int64_t entry = ndir ? dir[(size_t)i % ndir].id : 0;
			err = questions_respond(
			    c, d->k, nws[w].id, ref, core[w], QMSG_ANSWER,
			    large_answers[(size_t)i % ARRAY_SIZE(large_answers)], i % 3 == 0,
			    entry ? &entry : NULL, entry ? 1 : 0, NULL, at + 2 * 86400, &problem);
			if (!err && i % 10 < 7)
				err = questions_close(c, nws[w].id, ref, at + 3 * 86400);
		}
		done += !err;
		if (d->progress && i % 100 == 0)
			d->progress(d->progress_arg, "questions", i, LARGE_QUESTIONS);
	}
	if (d->progress)
		d->progress(d->progress_arg, "questions", LARGE_QUESTIONS, LARGE_QUESTIONS);
	if (err)
		fprintf(stderr, "kring demo: a question was refused (%s): %s\n", kr_err_name(err),
			problem ? problem : "");
	else
		strbuf_addf(d->summary,
			    "%ld questions over six networks in the last twelve months, %d of them "
			    "open in the queue of Netwerk Iedereen Telt.\n",
			    done, LARGE_OPEN);
	arena_release(&a);
	return err;
}

int
questions_demo(struct db_conn *c, struct demo_ctx *d)
{
	return d->scale == DEMO_SMALL ? small_demo(c, d) : large_demo(c, d);
}
