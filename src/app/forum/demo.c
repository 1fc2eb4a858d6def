// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: the forum's part of the demo organisation (`kring demo`, the features table's demo
 * hook). Small: a few categories, topics and replies in Netwerk Iedereen Telt, its subgroup
 * Mantelzorgers and Neurokring, written by the demo's colleagues (members/demo.c) with their
 * names, pseudonyms and anonymously, one anonymous post claimed later. Large: 2,000 topics with
 * 20,000 posts in all over the six networks, from the small built-in corpus below, written
 * through the same service as over HTTP (with durability off while it loads). */
#include "app/forum/forum.h"
#include "app/forum/pages.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"

#define LARGE_TOPICS 2000
#define LARGE_POSTS  20000 /* opening posts included */

/* Every post is written on the demo's day, in hours of the working day before it. */
static int64_t
demo_time(int64_t now, long step)
{
	return now - 86400 * 3 + 3600 * (step % 48);
}

struct small_topic {
	int category; /* index into the group's categories */
	const char *title;
	struct {
		int who; /* a colleague (members/demo.c) */
		enum forum_shown shown;
		const char *body;
	} posts[5];
};

static const char *const iedereen_categories[][2] = {
	{ "Werk en aanpassingen", "Over hulpmiddelen, je werkplek en de weg naar een aanpassing." },
	{ "Even bijpraten", "Voor alles wat je kwijt wilt, groot of klein." },
	{ "Vragen aan de kerngroep", "Stel hier je vraag aan de kerngroep van het netwerk." },
};

static const struct small_topic iedereen_topics[] = {
	{ 0,
	  "Hoe vraag je een aangepaste werkplek aan?",
	  { { 0, FORUM_NAME,
	      "Ik wil graag een zit-sta-bureau en een ander scherm. Weet iemand hoe je dat "
	      "aanvraagt? Moet dat via mijn leidinggevende of via de arbodienst?" },
	    { 3, FORUM_ANONYMOUS,
	      "Bij mij ging het via de leidinggevende. Die vroeg advies aan de arbodienst. Het "
	      "duurde zes weken, maar het is gelukt.\n\nTip: schrijf op wat je nodig hebt en "
	      "waarom." },
	    { 1, FORUM_PSEUDONYM,
	      "Je kunt ook eerst langs de bedrijfsarts. Die kan precies opschrijven wat je nodig "
	      "hebt. Dat helpt bij het gesprek." },
	    { 0, FORUM_NAME, "Dank jullie wel! Ik maak een afspraak met de bedrijfsarts." } } },
	{ 1,
	  "Moe na een lange vergaderdag",
	  { { 2, FORUM_ANONYMOUS,
	      "Na drie vergaderingen achter elkaar ben ik helemaal op. Thuis kan ik dan niets "
	      "meer. "
	      "Herkent iemand dat? Wat doen jullie eraan?" },
	    { 5, FORUM_PSEUDONYM,
	      "Heel herkenbaar. Ik plan nu een kwartier pauze tussen vergaderingen. Dat zet ik "
	      "gewoon in mijn agenda." },
	    { 2, FORUM_ANONYMOUS,
	      "Goed idee, dat ga ik ook proberen. Fijn om te lezen dat ik niet de enige ben." },
	    { 7, FORUM_ANONYMOUS,
	      "Ik zet mijn camera uit bij lange online vergaderingen. Dat scheelt veel "
	      "energie." } } },
	{ 2,
	  "Komt er weer een lunchwandeling?",
	  { { 6, FORUM_NAME, "Vorig jaar liepen we elke maand samen. Gaan we dat weer doen?" },
	    { 8, FORUM_NAME, "Ja, graag! De route langs het water was mooi en niet te lang." } } },
};

static const char *const mantelzorg_categories[][2] = {
	{ "Zorg en werk", "Hoe combineer je de zorg voor een naaste met je werk?" },
};

static const struct small_topic mantelzorg_topics[] = {
	{ 0,
	  "Verlof als het thuis even niet gaat",
	  { { 6, FORUM_ANONYMOUS,
	      "Mijn moeder ligt in het ziekenhuis. Ik weet niet welk verlof ik kan opnemen. Wie "
	      "heeft hier ervaring mee?" },
	    { 4, FORUM_NAME,
	      "Je kunt kortdurend zorgverlof opnemen. Vraag het aan bij je leidinggevende. Sterkte "
	      "voor nu." } } },
};

static const char *const neuro_categories[][2] = {
	{ "Prikkels en concentratie", "Over geluid, licht, drukte en focus op het werk." },
};

static const struct small_topic neuro_topics[] = {
	{ 0,
	  "Koptelefoon op kantoor: wat vinden jullie?",
	  { { 22, FORUM_NAME,
	      "Ik werk vaak met een koptelefoon op. Sommige collega's vinden dat onbeleefd. Hoe "
	      "leggen jullie dat uit?" },
	    { 23, FORUM_ANONYMOUS,
	      "Ik heb het in het teamoverleg verteld: met de koptelefoon kan ik me beter "
	      "concentreren. Daarna was het geen probleem meer." },
	    { 25, FORUM_PSEUDONYM,
	      "Een kaartje op je bureau helpt ook: \"Ik hoor je wel, tik me even aan.\"" } } },
};

/* The categories and topics of one group; the first anonymous post of colleague `claim_who`
 * is claimed with their name afterwards (the demo's "that story was mine"). */
static int
small_group(struct db_conn *c, struct demo_ctx *d, struct arena *a, int64_t network_id,
	    int64_t subgroup_id, const char *const (*cats)[2], size_t ncats,
	    const struct small_topic *topics, size_t ntopics, int claim_who, long *nposts)
{
	const int64_t *colleagues = d->accounts + d->nroles;
	size_t ncolleagues = d->naccounts - d->nroles;
	int64_t cat_ids[4];
	const char *problem = NULL, *code;
	int err = KR_OK;
	for (size_t i = 0; !err && i < ncats && i < ARRAY_SIZE(cat_ids); i++)
		err = forum_category_add(c, network_id, subgroup_id, cats[i][0], cats[i][1],
					 &cat_ids[i], &problem);
	int64_t now = time_now();
	long step = 0;
	int64_t claim = 0, claimer = 0;
	for (size_t t = 0; !err && t < ntopics; t++) {
		int64_t topic = 0;
		for (size_t p = 0;
		     !err && p < ARRAY_SIZE(topics[t].posts) && topics[t].posts[p].body; p++) {
			if ((size_t)topics[t].posts[p].who >= ncolleagues)
				continue;
			int64_t who = colleagues[topics[t].posts[p].who];
			struct forum_writing w = { .title = topics[t].title,
						   .body = topics[t].posts[p].body,
						   .shown = topics[t].posts[p].shown };
			int64_t post = 0;
			if (!topic)
				err = forum_topic_create(
				    c, d->k, a, who, cat_ids[topics[t].category], &w,
				    demo_time(now, step++), &topic, &code, &problem);
			else
				err = forum_reply(c, d->k, a, who, topic, &w,
						  demo_time(now, step++), &post, &code, &problem);
			if (!err)
				++*nposts;
			if (!err && post && !claim && topics[t].posts[p].who == claim_who &&
			    w.shown == FORUM_ANONYMOUS) {
				claim = post;
				claimer = who;
			}
		}
	}
	if (!err && claim)
		err = forum_post_claim(c, d->k, claimer, claim, FORUM_NAME, NULL, &problem);
	if (err)
		error("demo: the forum (%s)", problem ? problem : "database");
	return err;
}

static int
small_forum(struct db_conn *c, struct demo_ctx *d)
{
	struct arena a;
	arena_init(&a);
	struct network it = { 0 }, nk = { 0 };
	struct subgroup mz = { 0 };
	long nposts = 0;
	int err = org_network_by_slug(c, &a, "iedereen-telt", &it);
	if (!err)
		err = org_network_by_slug(c, &a, "neurokring", &nk);
	if (!err)
		err = subgroup_by_slug(c, &a, it.id, "mantelzorg", &mz);
	if (!err)
		err = small_group(c, d, &a, it.id, 0, iedereen_categories,
				  ARRAY_SIZE(iedereen_categories), iedereen_topics,
				  ARRAY_SIZE(iedereen_topics), 2, &nposts);
	if (!err)
		err = small_group(c, d, &a, it.id, mz.id, mantelzorg_categories,
				  ARRAY_SIZE(mantelzorg_categories), mantelzorg_topics,
				  ARRAY_SIZE(mantelzorg_topics), -1, &nposts);
	if (!err)
		err =
		    small_group(c, d, &a, nk.id, 0, neuro_categories, ARRAY_SIZE(neuro_categories),
				neuro_topics, ARRAY_SIZE(neuro_topics), -1, &nposts);
	if (!err)
		strbuf_addf(d->summary, "%ld forum posts in 5 topics, some anonymous\n", nposts);
	arena_release(&a);
	return err;
}

/* ---- large: a built-in corpus of sentences, put together ---- */

static const char *const large_titles[] = {
	"Ervaringen met thuiswerken",		"Hoe vertel je het je leidinggevende?",
	"Tips voor een rustige werkplek",	"Terug na ziekteverlof",
	"Hulpmiddelen die echt helpen",		"Energie verdelen over de week",
	"Wie gaat er mee naar de bijeenkomst?", "Een goed gesprek met de bedrijfsarts",
	"Reizen met het openbaar vervoer",	"Vergaderen zonder uitgeput te raken",
};
static const char *const large_sentences[] = {
	"Ik merk dat een vaste structuur me erg helpt.",
	"Mijn leidinggevende reageerde beter dan ik had verwacht.",
	"Het heeft even geduurd, maar nu werkt het goed.",
	"Ik plan na elke vergadering een korte pauze.",
	"De arbodienst gaf me een paar goede adviezen.",
	"Soms is het lastig om te zeggen wat je nodig hebt.",
	"Bij ons team helpt een vast overleg op maandag.",
	"Ik gebruik voorleessoftware voor lange stukken tekst.",
	"Thuiswerken op dinsdag en donderdag geeft me rust.",
	"Wat fijn om te lezen dat meer mensen dit herkennen.",
	"Vraag gerust om een gesprek met de vertrouwenspersoon.",
	"Een koptelefoon met ruisonderdrukking was voor mij de oplossing.",
	"Ik schrijf van tevoren op wat ik wil zeggen.",
	"Dank je wel voor het delen van je ervaring.",
	"Het netwerk heeft me geholpen de juiste weg te vinden.",
	"Mijn collega's weten het nu, en dat voelt lichter.",
};

static const char *
large_body(struct strbuf *sb, long i)
{
	strbuf_reset(sb);
	long n = 2 + i % 4;
	for (long k = 0; k < n; k++) {
		if (k)
			strbuf_addstr(sb, k == 2 ? "\n\n" : " ");
		strbuf_addstr(sb,
			      large_sentences[(i * 7 + k * 3) % (long)ARRAY_SIZE(large_sentences)]);
	}
	return sb->buf;
}

static int
large_forum(struct db_conn *c, struct demo_ctx *d)
{
	static const char *const slugs[] = { "iedereen-telt", "neurokring",	 "lichtpunt",
					     "samen-werkt",   "chronisch-sterk", "zintuignet" };
	struct arena a, keep;
	arena_init(&a);
	arena_init(&keep);
	struct strbuf body;
	strbuf_init(&body, 0);
	int err = KR_OK;
	const char *problem, *code;
	/* Per network: one category, and its members among the large demo's employees. */
	int64_t cats[ARRAY_SIZE(slugs)];
	int64_t *writers[ARRAY_SIZE(slugs)];
	size_t nwriters[ARRAY_SIZE(slugs)];
	for (size_t w = 0; !err && w < ARRAY_SIZE(slugs); w++) {
		struct network nw;
		if ((err = org_network_by_slug(c, &a, slugs[w], &nw)))
			break;
		err = forum_category_add(c, nw.id, 0, "Ervaringen delen",
					 "Over werk, gezondheid en wat helpt.", &cats[w], &problem);
		writers[w] = arena_alloc(&keep, sizeof(int64_t) * 64);
		nwriters[w] = 0;
		for (size_t i = 0; !err && i < d->naccounts && nwriters[w] < 64; i++) {
			struct membership m;
			if (members_get(c, d->k, &a, d->accounts[i], nw.id, 0, &m) == KR_OK)
				writers[w][nwriters[w]++] = d->accounts[i];
		}
	}
	int64_t now = time_now();
	long done = 0;
	static const enum forum_shown shown[] = { FORUM_NAME, FORUM_ANONYMOUS, FORUM_NAME,
						  FORUM_ANONYMOUS, FORUM_NAME };
	for (long t = 0; !err && t < LARGE_TOPICS; t++) {
		size_t w = (size_t)t % ARRAY_SIZE(slugs);
		if (!nwriters[w])
			continue;
		int64_t topic;
		struct forum_writing wr = {
			.title = large_titles[t % (long)ARRAY_SIZE(large_titles)],
			.body = large_body(&body, t),
			.shown = shown[t % (long)ARRAY_SIZE(shown)],
		};
		int64_t who = writers[w][(size_t)t % nwriters[w]];
		err = forum_topic_create(c, d->k, &a, who, cats[w], &wr, demo_time(now, t), &topic,
					 &code, &problem);
		done++;
		long replies = LARGE_POSTS / LARGE_TOPICS - 1;
		for (long p = 0; !err && p < replies; p++, done++) {
			int64_t post;
			wr.body = large_body(&body, t * 13 + p);
			wr.shown = shown[(t + p) % (long)ARRAY_SIZE(shown)];
			who = writers[w][(size_t)(t * 3 + p * 7) % nwriters[w]];
			err = forum_reply(c, d->k, &a, who, topic, &wr, demo_time(now, t + p),
					  &post, &code, &problem);
		}
		if (d->progress && t % 50 == 0)
			d->progress(d->progress_arg, "forum posts", done, LARGE_POSTS);
		arena_release(&a);
		arena_init(&a);
	}
	if (!err && d->progress)
		d->progress(d->progress_arg, "forum posts", LARGE_POSTS, LARGE_POSTS);
	if (!err)
		strbuf_addf(d->summary, "%ld forum posts in %d topics\n", done, LARGE_TOPICS);
	strbuf_release(&body);
	arena_release(&a);
	arena_release(&keep);
	return err;
}

int
forum_demo(struct db_conn *c, struct demo_ctx *d)
{
	if (d->scale == DEMO_SMALL)
		return d->naccounts > d->nroles ? small_forum(c, d) : KR_OK;
	if (d->naccounts == 0)
		return KR_OK;
	int err = db_set_durable(c, false);
	if (err)
		return err;
	err = large_forum(c, d);
	int err2 = db_set_durable(c, true);
	return err ? err : err2;
}
