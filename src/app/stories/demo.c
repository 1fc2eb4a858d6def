// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: experience stories in the demo organisation (`kring demo`, the features table's demo
 * hook). Small: in Netwerk Iedereen Telt a few published stories by the demo's colleagues
 * (members/demo.c), with their name, pseudonym and anonymously, one behind a content note, an
 * interview by the chair with a team leader, one story waiting for review; reactions and
 * readers from colleagues, and last month's reader counts; comments under the first story (one
 * anonymous), which the chair pins on the network's page. Large: 2,000 published stories over
 * the six networks from a small built-in corpus, with 500,000 reads: the closed months kept as
 * counts (what the design keeps of them) and this month's readers as hashes, in batches; three
 * comments under every story. */
#include "app/auth/auth.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/stories/pages.h"
#include "app/stories/stories.h"
#include "base/log.h"
#include "base/strbuf.h"

#define LARGE_STORIES	  2000
#define LARGE_READS	  500000
#define LARGE_OPEN_READS  50000 /* this month's, as hashes; the rest as closed months' counts */
#define LARGE_PAST_MONTHS 6
#define LARGE_BATCH	  500
#define LARGE_COMMENTS	  3 /* under every story */

/* Comments under the first small story: which colleague, how shown, the text. */
static const struct {
	int who;
	enum story_shown shown;
	const char *body;
} small_comments[] = {
	{ 3, STORY_NAME,
	  "Herkenbaar! Bij mij hielp het ook om het advies van de bedrijfsarts zwart op wit te "
	  "hebben. Dank je voor het delen." },
	{ 5, STORY_ANONYMOUS,
	  "Ik durf het nog niet te vragen aan mijn leidinggevende. Dit verhaal geeft me moed om "
	  "het toch te doen." },
	{ 1, STORY_NAME,
	  "Goed om te lezen dat het gesprek zo goed ging. Weet je nog wie het bureau heeft "
	  "besteld: de afdeling Facilitair of je eigen team?" },
	{ 5, STORY_ANONYMOUS, "Aanvulling: ik heb inmiddels een afspraak gemaakt. Spannend!" },
};

static const char *const large_comments[] = {
	"Dank je voor je eerlijke verhaal, ik herken er veel in.",
	"Bij ons team ging het net zo. Het hielp om het samen met de bedrijfsarts op te schrijven.",
	"Mooi dat je leidinggevende meedacht. Dat is niet vanzelfsprekend.",
	"Ik heb hetzelfde aangevraagd bij het aanpassingsloket; het duurde zes weken.",
	"Wat sterk dat je dit deelt. Het maakt het voor anderen makkelijker.",
	"Herkenbaar. Ik ga je tip over de rustige werkplek ook proberen.",
};

struct small_story {
	int who; /* a colleague (members/demo.c); -1: the chair (demo_people[3]) */
	enum story_kind kind;
	enum story_shown shown;
	enum story_audience audience;
	bool publish;
	const char *title, *note, *body;
	int64_t last_month; /* unique readers last month */
};

static const struct small_story small[] = {
	{ 0, STORY_EXPERIENCE, STORY_NAME, STORY_ORGANISATION, true,
	  "Mijn zit-sta-bureau kwam er na één goed gesprek", "",
	  "Ik heb een chronische rugaandoening. Lang zitten gaat niet, lang staan ook niet. "
	  "Jarenlang heb ik me er doorheen geslagen, tot ik na een slechte week bij de "
	  "bedrijfsarts zat.\n\n"
	  "Dat gesprek was het keerpunt. De bedrijfsarts vroeg niet naar mijn diagnose voor mijn "
	  "leidinggevende, maar schreef op wat ik wel en niet kan. Met dat advies ben ik naar mijn "
	  "leidinggevende gegaan.\n\n"
	  "**Wat hielp:**\n\n"
	  "- opschrijven wat ik nodig heb, en waarom;\n"
	  "- weten dat mijn werkgever moet onderzoeken wat mogelijk is;\n"
	  "- een collega uit het netwerk die vertelde hoe het bij haar ging.\n\n"
	  "Na zes weken stond er een zit-sta-bureau. Het lijkt klein, maar ik ga nu minder moe "
	  "naar huis.",
	  41 },
	{ 1, STORY_EXPERIENCE, STORY_PSEUDONYM, STORY_ORGANISATION, true,
	  "Een tolk bij het werkoverleg", "",
	  "Ik ben slechthorend. In het werkoverleg praten mensen door elkaar, en dan mis ik de "
	  "helft. Lang dacht ik dat ik dat zelf moest oplossen.\n\n"
	  "Via het netwerk hoorde ik dat het UWV een tolk kan betalen voor een deel van je "
	  "werktijd. Nu is er bij elk groot overleg een schrijftolk. Ik lees mee op mijn laptop en "
	  "doe weer gewoon mee.\n\n"
	  "Mijn tip aan collega's: spreek om de beurt, en kijk me aan als je iets aan mij vraagt. "
	  "Dat helpt meer mensen dan je denkt.",
	  18 },
	{ 2, STORY_EXPERIENCE, STORY_ANONYMOUS, STORY_MEMBERS, true, "Terug na een donkere periode",
	  "over somberheid en gedachten aan de dood",
	  "Twee jaar geleden ging het niet meer. Ik was somber, sliep slecht en dacht soms dat "
	  "het beter was als ik er niet meer was. Dat schrijf ik hier, omdat ik toen dacht dat ik "
	  "de enige was.\n\n"
	  "Ik heb hulp gezocht, eerst bij de huisarts en later bij een psycholoog. Op het werk "
	  "wist alleen de bedrijfsarts het. Samen maakten we een plan om stap voor stap terug te "
	  "komen: eerst twee ochtenden, later meer.\n\n"
	  "Wat ik nu weet: je hoeft het niet alleen te doen. Denk je aan zelfdoding? Bel 113 "
	  "Zelfmoordpreventie, gratis en dag en nacht: 0800-0113.",
	  9 },
	{ -1, STORY_INTERVIEW, STORY_NAME, STORY_ORGANISATION, true,
	  "Interview met een teamleider: \"Vraag wat iemand nodig heeft\"", "",
	  "Priya Ramsaran is teamleider bij Klantcontact. In haar team werken drie collega's met "
	  "een beperking of chronische ziekte. Wij spraken haar over wat werkt.\n\n"
	  "**Wat doe je als iemand vertelt over een beperking?**\n\n"
	  "\"Ik vraag eerst wat iemand nodig heeft. Niet wat er aan de hand is: dat hoef ik niet "
	  "te "
	  "weten. Vaak gaat het om kleine dingen, zoals een vaste werkplek of pauzes op andere "
	  "tijden.\"\n\n"
	  "**En als het groter is?**\n\n"
	  "\"Dan vraag ik advies aan de bedrijfsarts. Die vertelt mij wat iemand wel en niet kan, "
	  "nooit de diagnose. Soms is er geld van het UWV, bijvoorbeeld voor een aangepaste "
	  "stoel. En voor sommige collega's bestaat de no-riskpolis. Die kende ik eerst niet.\"\n\n"
	  "**Wat wil je andere leidinggevenden meegeven?**\n\n"
	  "\"Maak het gewoon om erover te praten. Mijn team is er beter van geworden.\"",
	  63 },
	{ 3, STORY_EXPERIENCE, STORY_NAME, STORY_MEMBERS, false, "Werken met weinig energie", "",
	  "Sinds mijn ziekte heb ik minder energie. Ik plan mijn week nu anders: zware taken in "
	  "de ochtend, overleg na de lunch zo kort mogelijk. Ik schrijf dit om te delen wat mij "
	  "helpt, en ik hoor graag wat anderen doen.",
	  0 },
};

static int64_t
chair_of(struct db_conn *c, struct arena *a, int64_t network_id)
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

/* Writes, sends, approves and (when publish) publishes one story through the services, as it
 * goes over HTTP; `at` is the hour it is published. */
static int
story_through(struct db_conn *c, struct demo_ctx *d, struct arena *a, int64_t writer,
	      int64_t reviewer, int64_t network_id, const struct story_writing *w, bool publish,
	      int64_t at, int64_t *id)
{
	const char *code, *problem;
	int err =
	    stories_create(c, d->k, a, writer, network_id, w, at - 7 * 86400, id, &code, &problem);
	if (!err)
		err = stories_submit(c, d->k, writer, *id, NULL, &problem);
	if (!err && publish)
		err = stories_review(c, reviewer, *id, true, "", &problem);
	if (!err && publish)
		err = stories_consent(c, d->k, writer, *id, true, NULL, at, &problem);
	if (err == KR_EINVAL)
		log_msg(LOG_ERROR, "demo story: %s", problem ? problem : "refused");
	return err;
}

/* The comments under the first published story, and the chair pins it. */
static int
small_comments_and_pin(struct db_conn *c, struct demo_ctx *d, struct arena *a, int64_t chair,
		       int64_t story, const int64_t *colleagues, size_t ncolleagues)
{
	int64_t now = time_now();
	int err = KR_OK;
	for (size_t i = 0; !err && i < ARRAY_SIZE(small_comments); i++) {
		const char *code, *problem;
		int64_t id;
		int64_t who = colleagues[(size_t)small_comments[i].who % ncolleagues];
		err = stories_comment_add(
		    c, d->k, a, who, story, small_comments[i].body, small_comments[i].shown,
		    now - (int64_t)(ARRAY_SIZE(small_comments) - i) * 86400, &id, &code, &problem);
		if (err == KR_EINVAL)
			log_msg(LOG_ERROR, "demo comment: %s", problem ? problem : "refused");
	}
	const char *problem;
	if (!err)
		err = stories_set_pinned(c, chair, story, true, &problem);
	return err;
}

static int
small_stories(struct db_conn *c, struct demo_ctx *d)
{
	if (d->nroles < 4 || d->naccounts < d->nroles + 12)
		return KR_OK;
	struct arena a;
	arena_init(&a);
	struct network nw;
	int err = org_network_by_slug(c, &a, "iedereen-telt", &nw);
	int64_t chair = err ? 0 : chair_of(c, &a, nw.id);
	const int64_t *colleagues = d->accounts + d->nroles;
	size_t ncolleagues = d->naccounts - d->nroles;
	int64_t now = time_now(), month = stories_month(now);
	long published = 0, reactions = 0;
	int64_t first = 0;
	for (size_t i = 0; !err && chair && i < ARRAY_SIZE(small); i++) {
		const struct small_story *s = &small[i];
		int64_t writer = s->who < 0 ? chair : colleagues[s->who], id;
		struct story_writing w = { .kind = s->kind,
					   .shown = s->shown,
					   .audience = s->audience,
					   .title = s->title,
					   .content_note = s->note,
					   .body = s->body };
		/* Published over the last weeks, one story every ten days. */
		int64_t at = now - (int64_t)(ARRAY_SIZE(small) - i) * 10 * 86400;
		if ((err = story_through(c, d, &a, writer, chair, nw.id, &w, s->publish, at, &id)))
			break;
		if (!s->publish)
			continue;
		if (!first)
			first = id;
		published++;
		if (s->last_month && (err = stories_store_readers_insert(
					  c, id, stories_month_before(month), s->last_month)))
			break;
		/* Readers and reactions this month from colleagues in the network. */
		for (size_t k = 0; !err && k < ncolleagues && k < 14; k++) {
			size_t who = (k * 3 + i) % ncolleagues;
			struct story st;
			if (stories_get(c, d->k, &a, id, colleagues[who], &st) ||
			    !stories_may_read(c, d->k, colleagues[who], &st))
				continue;
			err = stories_count_read(c, d->k, colleagues[who], id, now);
			const char *problem;
			if (!err && k % 2 == 0) {
				err = stories_react(
				    c, d->k, colleagues[who], id,
				    (enum story_reaction)((k / 2 + i) % REACT_KINDS), &problem);
				reactions++;
			}
		}
	}
	if (!err && first)
		err = small_comments_and_pin(c, d, &a, chair, first, colleagues, ncolleagues);
	if (!err && published)
		strbuf_addf(d->summary,
			    "%ld experience stories with %ld reactions, %zu comments under the "
			    "pinned one (two anonymous)\n",
			    published, reactions, ARRAY_SIZE(small_comments));
	arena_release(&a);
	return err;
}

/* ---- large: a built-in corpus ---- */

static const char *const large_titles[] = {
	"Wat mij helpt op een drukke dag",
	"Terug aan het werk na een lange ziekte",
	"Mijn aangepaste werkplek",
	"Hoe ik het mijn team vertelde",
	"Werken met een hulphond",
	"Overleg met een schrijftolk",
	"Mijn eerste jaar met een jobcoach",
	"Prikkels op een open kantoor",
	"Thuiswerken als het even niet gaat",
	"Interview: een leidinggevende over aanpassingen",
};

static const char *const large_sentences[] = {
	"In het begin wist ik niet goed wat ik kon vragen.",
	"De bedrijfsarts schreef op wat ik wel en niet kan, zonder diagnose.",
	"Mijn leidinggevende vroeg wat ik nodig had, en luisterde.",
	"Een vaste werkplek bij het raam maakt voor mij veel verschil.",
	"Na de lunch plan ik geen lange vergaderingen meer.",
	"Via het netwerk hoorde ik dat het UWV soms een voorziening betaalt.",
	"Het plan van aanpak maakten we samen, en we kijken er elke maand naar.",
	"Collega's weten nu dat ik soms even rust nodig heb.",
	"Ik draag een koptelefoon als het druk is, en dat is goed zo.",
	"Een schrijftolk bij het overleg zorgt dat ik alles kan volgen.",
	"Ik werk nu vier dagen, en op die dagen heb ik meer energie.",
	"Het hielp om andere collega's te spreken die hetzelfde meemaakten.",
	"Soms is een kleine aanpassing genoeg om je werk goed te doen.",
	"Ik vertel het niet aan iedereen, en dat is mijn keuze.",
	"Mijn jobcoach hielp me mijn dag in stukken te verdelen.",
	"Ik schrijf dit zodat anderen weten dat ze niet alleen zijn.",
};

static const char *
large_body(struct strbuf *sb, long i)
{
	strbuf_reset(sb);
	for (long k = 0; k < 8; k++)
		strbuf_addf(sb, "%s%s",
			    large_sentences[(i * 5 + k * 3) % (long)ARRAY_SIZE(large_sentences)],
			    k % 3 == 2 ? "\n\n" : " ");
	return sb->buf;
}

static int
large_stories(struct db_conn *c, struct demo_ctx *d)
{
	static const char *const slugs[] = { "iedereen-telt", "neurokring",	 "lichtpunt",
					     "samen-werkt",   "chronisch-sterk", "zintuignet" };
	struct arena a, keep;
	arena_init(&a);
	arena_init(&keep);
	struct strbuf body;
	strbuf_init(&body, 0);
	int err = KR_OK;
	int64_t nets[ARRAY_SIZE(slugs)];
	int64_t *writers[ARRAY_SIZE(slugs)];
	size_t nwriters[ARRAY_SIZE(slugs)];
	for (size_t w = 0; !err && w < ARRAY_SIZE(slugs); w++) {
		struct network nw;
		if ((err = org_network_by_slug(c, &a, slugs[w], &nw)))
			break;
		nets[w] = nw.id;
		writers[w] = arena_alloc(&keep, sizeof(int64_t) * 64);
		nwriters[w] = 0;
		for (size_t i = 0; i < d->naccounts && nwriters[w] < 64; i++) {
			struct membership m;
			if (members_get(c, d->k, &a, d->accounts[i], nw.id, 0, &m) == KR_OK)
				writers[w][nwriters[w]++] = d->accounts[i];
		}
	}
	int64_t now = time_now(), month = stories_month(now);
	int64_t *ids = arena_alloc(&keep, sizeof(int64_t) * LARGE_STORIES);
	size_t *idnet = arena_alloc(&keep, sizeof(size_t) * LARGE_STORIES), nids = 0;
	static const enum story_shown shown[] = { STORY_NAME, STORY_ANONYMOUS, STORY_NAME,
						  STORY_ANONYMOUS, STORY_NAME };
	for (long t = 0; !err && t < LARGE_STORIES; t++) {
		size_t w = (size_t)t % ARRAY_SIZE(slugs);
		if (t % LARGE_BATCH == 0 && (err = db_begin(c)))
			break;
		struct story_writing wr = {
			.kind = STORY_EXPERIENCE,
			.shown = shown[t % (long)ARRAY_SIZE(shown)],
			.audience = t % 3 ? STORY_MEMBERS : STORY_ORGANISATION,
			.title = large_titles[t % (long)ARRAY_SIZE(large_titles)],
			.content_note = "",
			.body = large_body(&body, t),
		};
		const char *code, *problem;
		int64_t id = 0, at = now - (t % 180) * 86400;
		if (nwriters[w])
			err = stories_create(c, d->k, &a, writers[w][(size_t)t % nwriters[w]],
					     nets[w], &wr, at, &id, &code, &problem);
		/* Published in bulk: the review steps of 2,000 stories would add nothing. */
		if (!err && id)
			err = stories_store_set_state(c, id, STORY_PUBLISHED, "", time_hour(at));
		if (!err && id) {
			idnet[nids] = w;
			ids[nids++] = id;
		}
		if (err || t % LARGE_BATCH == LARGE_BATCH - 1 || t == LARGE_STORIES - 1)
			err = db_end(c, err);
		arena_release(&a);
		arena_init(&a);
		if (d->progress && t % 100 == 0)
			d->progress(d->progress_arg, "stories", t, LARGE_STORIES);
	}
	/* Comments: three under every story, from members of its network, the second one
	 * anonymous (a transaction for a batch of stories). */
	long ncomments = 0;
	for (size_t i = 0; !err && i < nids; i++) {
		size_t w = idnet[i];
		if (i % LARGE_BATCH == 0 && (err = db_begin(c)))
			break;
		for (size_t q = 0; !err && nwriters[w] && q < LARGE_COMMENTS; q++) {
			const char *code, *problem;
			int64_t id;
			err = stories_comment_add(
			    c, d->k, &a, writers[w][(i * 5 + q * 11 + 1) % nwriters[w]], ids[i],
			    large_comments[(i + q) % ARRAY_SIZE(large_comments)],
			    q == 1 ? STORY_ANONYMOUS : STORY_NAME, now - (int64_t)(i % 170) * 86400,
			    &id, &code, &problem);
			ncomments += !err;
		}
		if (err || i % LARGE_BATCH == LARGE_BATCH - 1 || i == nids - 1)
			err = db_end(c, err);
		arena_release(&a);
		arena_init(&a);
	}
	/* The closed months: counts only, spread unevenly (a few stories are read a lot). */
	long past = LARGE_READS - LARGE_OPEN_READS, left = past;
	size_t cells = nids * LARGE_PAST_MONTHS;
	for (size_t i = 0; !err && i < cells; i++) {
		if (i % LARGE_BATCH == 0 && (err = db_begin(c)))
			break;
		size_t s = i / LARGE_PAST_MONTHS;
		int64_t m = month;
		for (size_t k = 0; k <= i % LARGE_PAST_MONTHS; k++)
			m = stories_month_before(m);
		long share = i == cells - 1 ? left : (long)(past / (long)cells);
		share = share + (long)((s * 7) % 41) - 20;
		if (share < 0)
			share = 0;
		if (share > left || i == cells - 1)
			share = left;
		left -= share;
		err = stories_store_readers_insert(c, ids[s], m, share);
		if (err || i % LARGE_BATCH == LARGE_BATCH - 1 || i == cells - 1)
			err = db_end(c, err);
	}
	/* This month: readers as the month's keyed hashes, as reading makes them, the same
	 * number for every story (a transaction for a batch of stories). */
	size_t per = nids ? LARGE_OPEN_READS / nids : 0;
	int64_t *readers = arena_alloc(&keep, sizeof(int64_t) * (per ? per : 1));
	for (size_t i = 0; !err && d->naccounts && i < nids; i++) {
		if (i % 50 == 0 && (err = db_begin(c)))
			break;
		for (size_t q = 0; q < per; q++)
			readers[q] = d->accounts[(q * 7 + i) % d->naccounts];
		err = stories_count_reads(c, d->k, ids[i], readers, per, now);
		if (err || i % 50 == 49 || i == nids - 1)
			err = db_end(c, err);
		if (d->progress && i % 200 == 0)
			d->progress(d->progress_arg, "story reads", past + (long)(i * per),
				    LARGE_READS);
	}
	if (!err && d->progress)
		d->progress(d->progress_arg, "story reads", LARGE_READS, LARGE_READS);
	if (!err)
		strbuf_addf(d->summary, "%zu experience stories with %d reads and %ld comments\n",
			    nids, LARGE_READS, ncomments);
	strbuf_release(&body);
	arena_release(&a);
	arena_release(&keep);
	return err;
}

int
stories_demo(struct db_conn *c, struct demo_ctx *d)
{
	if (d->scale == DEMO_SMALL)
		return d->naccounts > d->nroles ? small_stories(c, d) : KR_OK;
	if (d->naccounts == 0)
		return KR_OK;
	int err = db_set_durable(c, false);
	if (err)
		return err;
	err = large_stories(c, d);
	int err2 = db_set_durable(c, true);
	return err ? err : err2;
}
