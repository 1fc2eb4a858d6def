// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_admin.c: the services behind the administration pages: the organisation's e-mail
 * domains and settings, the checks that name each field's problem, slugs made from names,
 * updating a network, and who has a role in a network. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/org/org.h"
#include <sodium.h>

void test_admin_domain_rules(void);
void test_admin_domains_parse(void);
void test_admin_org_settings(void);
void test_admin_org_settings_check(void);
void test_admin_site_check(void);
void test_admin_slug_from_name(void);
void test_admin_network_check(void);
void test_admin_network_update(void);
void test_admin_network_roles(void);

/* True when problems (n of them) name field. */
static bool
names_field(const struct org_problem *p, size_t n, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].field, field) == 0)
			return true;
	return false;
}

/* A string of n copies of the UTF-8 sequence ch, in the arena. */
static const char *
repeat(struct arena *a, const char *ch, size_t n)
{
	size_t k = strlen(ch);
	char *s = arena_alloc(a, n * k + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * k, ch, k);
	return s;
}

void
test_admin_domain_rules(void)
{
	static const char *const good[] = { "rijnstad.nl", "a.nl", "mail.rijn-stad.example",
					    "x1.co", "123.nl" };
	static const char *const bad[] = {
		"",
		"nl",
		"rijnstad",
		"Rijnstad.nl",
		".rijnstad.nl",
		"rijnstad.nl.",
		"rijn..stad.nl",
		"-rijn.nl",
		"rijn-.nl",
		"rijn stad.nl",
		"rijn_stad.nl",
		"rijnstäd.nl",
		"@rijnstad.nl",
		"a.b\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		CHECK(org_domain_ok(good[i]));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK(!org_domain_ok(bad[i]));
	CHECK(!org_domain_ok(NULL));

	/* Length: 253 bytes is the most, in labels of at most 63. */
	struct arena a;
	arena_init(&a);
	const char *label = repeat(&a, "a", 63);
	const char *d253 =
	    arena_printf(&a, "%s.%s.%s.%s", label, label, label, repeat(&a, "b", 253 - 3 * 64));
	CHECK_INT(strlen(d253), 253);
	CHECK(org_domain_ok(d253));
	CHECK(!org_domain_ok(arena_printf(&a, "%sc", d253)));
	CHECK(!org_domain_ok(arena_printf(&a, "%sa.nl", label))); /* a label of 64 */
	arena_release(&a);
}

void
test_admin_domains_parse(void)
{
	struct arena a;
	arena_init(&a);
	const char **d;
	size_t n = 99;
	const char *bad = "x";

	CHECK(org_domains_parse(&a, "", &d, &n, &bad) == KR_OK);
	CHECK_INT(n, 0);
	CHECK(bad == NULL);
	CHECK(org_domains_parse(&a, NULL, &d, &n, &bad) == KR_OK);
	CHECK_INT(n, 0);

	/* Lines, spaces, commas; capitals lowered, '@' dropped, a repeat counted once. */
	CHECK(org_domains_parse(&a, "  Rijnstad.NL \r\n\n@rijnstad.example, rijnstad.nl;x.org\t",
				&d, &n, &bad) == KR_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(d[0], "rijnstad.nl");
		CHECK_STR(d[1], "rijnstad.example");
		CHECK_STR(d[2], "x.org");
	}

	/* The first bad one is named. */
	CHECK(org_domains_parse(&a, "rijnstad.nl\nrijn_stad.nl\nalso bad", &d, &n, &bad) ==
	      KR_EINVAL);
	CHECK_STR(bad, "rijn_stad.nl");

	/* At most ORG_DOMAINS_MAX different domains; repeats do not count. */
	const char *many = "";
	for (int i = 0; i < ORG_DOMAINS_MAX; i++)
		many = arena_printf(&a, "%sd%d.nl\nd%d.nl\n", many, i, i);
	CHECK(org_domains_parse(&a, many, &d, &n, &bad) == KR_OK);
	CHECK_INT(n, ORG_DOMAINS_MAX);
	many = arena_printf(&a, "%sone-more.nl", many);
	CHECK(org_domains_parse(&a, many, &d, &n, &bad) == KR_EINVAL);
	CHECK(bad == NULL);
	arena_release(&a);
}

void
test_admin_org_settings(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	struct org_settings s;
	const char *doms[] = { "rijnstad.nl", "rijnstad.example" };
	struct org_settings want = { .name = "Gemeente Rijnstad",
				     .intro = "Welkom.\nTweede regel.",
				     .open_signup = true,
				     .domains = doms,
				     .ndomains = 2 };

	/* Before the organisation is set up, saving the settings sets it up. */
	CHECK(org_settings_get(t.c, &t.a, &s) == KR_ENOTFOUND);
	struct org_settings first = { .name = "Rijnstad" };
	CHECK(org_update(t.c, 1, &first) == KR_OK);
	CHECK(org_settings_get(t.c, &t.a, &s) == KR_OK);
	CHECK_STR(s.name, "Rijnstad");
	CHECK_STR(s.intro, "");
	CHECK(org_create(t.c, "Tweede", "") == KR_ECONFLICT);

	CHECK(org_update(t.c, 1, &want) == KR_OK);
	CHECK(org_settings_get(t.c, &t.a, &s) == KR_OK);
	CHECK_STR(s.name, "Gemeente Rijnstad");
	CHECK_STR(s.intro, "Welkom.\nTweede regel.");
	CHECK(s.open_signup);
	CHECK_INT(s.ndomains, 2);
	if (s.ndomains == 2) { /* in alphabetical order */
		CHECK_STR(s.domains[0], "rijnstad.example");
		CHECK_STR(s.domains[1], "rijnstad.nl");
	}
	struct org org;
	CHECK(org_get(t.c, &t.a, &org) == KR_OK);
	CHECK_STR(org.name, "Gemeente Rijnstad");

	/* Open sign-up follows the domains (auth reads the same table). */
	bool open = false, domain_ok = false;
	CHECK(auth_store_signup_allowed(t.c, "rijnstad.nl", &open, &domain_ok) == KR_OK);
	CHECK(open && domain_ok);
	CHECK(auth_store_signup_allowed(t.c, "elders.nl", &open, &domain_ok) == KR_OK);
	CHECK(!domain_ok);

	/* The list is replaced, not added to. */
	const char *one[] = { "nieuw.nl" };
	struct org_settings next = {
		.name = "Rijnstad", .intro = "", .domains = one, .ndomains = 1
	};
	CHECK(org_update(t.c, 1, &next) == KR_OK);
	CHECK(org_settings_get(t.c, &t.a, &s) == KR_OK);
	CHECK(!s.open_signup);
	CHECK_INT(s.ndomains, 1);
	CHECK(s.ndomains == 1 && strcmp(s.domains[0], "nieuw.nl") == 0);

	/* Refused settings change nothing. */
	struct org_settings refused = { .name = "", .intro = "" };
	CHECK(org_update(t.c, 1, &refused) == KR_EINVAL);
	const char *baddom[] = { "Not a domain" };
	refused = (struct org_settings){ .name = "X", .domains = baddom, .ndomains = 1 };
	CHECK(org_update(t.c, 1, &refused) == KR_EINVAL);
	refused = (struct org_settings){ .name = "X", .open_signup = true };
	CHECK(org_update(t.c, 1, &refused) == KR_EINVAL);
	CHECK(org_settings_get(t.c, &t.a, &s) == KR_OK);
	CHECK_STR(s.name, "Rijnstad");
	CHECK_INT(s.ndomains, 1);

	/* No domains and closed sign-up is fine. */
	next = (struct org_settings){ .name = "Rijnstad" };
	CHECK(org_update(t.c, 1, &next) == KR_OK);
	CHECK(org_settings_get(t.c, &t.a, &s) == KR_OK);
	CHECK_INT(s.ndomains, 0);
	tempdb_close(&t);
}

void
test_admin_org_settings_check(void)
{
	struct arena a;
	arena_init(&a);
	struct org_problem p[ORG_PROBLEMS_MAX];
	struct org_settings s = { .name = "Rijnstad", .intro = "" };
	CHECK_INT(org_settings_check(&s, p), 0);

	s.name = "";
	CHECK_INT(org_settings_check(&s, p), 1);
	CHECK_STR(p[0].field, "name");
	CHECK(p[0].message && p[0].message[0]);

	/* Limits count characters, not bytes: 200 × "é" (400 bytes) is a valid name. */
	s.name = repeat(&a, "é", ORG_NAME_MAX);
	CHECK_INT(org_settings_check(&s, p), 0);
	s.name = repeat(&a, "é", ORG_NAME_MAX + 1);
	CHECK(org_settings_check(&s, p) == 1 && strcmp(p[0].field, "name") == 0);
	s.name = "Twee\nregels";
	CHECK(org_settings_check(&s, p) == 1 && strcmp(p[0].field, "name") == 0);
	s.name = "\xff\xfe";
	CHECK(org_settings_check(&s, p) == 1 && strcmp(p[0].field, "name") == 0);

	s.name = "Rijnstad";
	s.intro = repeat(&a, "a", ORG_INTRO_MAX);
	CHECK_INT(org_settings_check(&s, p), 0);
	s.intro = repeat(&a, "a", ORG_INTRO_MAX + 1);
	CHECK(org_settings_check(&s, p) == 1 && strcmp(p[0].field, "intro") == 0);

	/* Every problem at once. */
	s.name = "";
	s.open_signup = true;
	size_t n = org_settings_check(&s, p);
	CHECK_INT(n, 3);
	CHECK(names_field(p, n, "name") && names_field(p, n, "intro") &&
	      names_field(p, n, "domains"));
	arena_release(&a);
}

void
test_admin_site_check(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	struct org_problem p[ORG_PROBLEMS_MAX];
	struct site s = { .name = "Stadskantoor", .town = "Rijnstad", .headcount = 0 };
	CHECK_INT(org_site_check(&s, p), 0);
	s.headcount = SITE_HEADCOUNT_MAX;
	CHECK_INT(org_site_check(&s, p), 0);
	s.headcount = SITE_HEADCOUNT_MAX + 1;
	CHECK(org_site_check(&s, p) == 1 && strcmp(p[0].field, "headcount") == 0);
	s.headcount = -1;
	CHECK(org_site_check(&s, p) == 1 && strcmp(p[0].field, "headcount") == 0);
	s = (struct site){ .name = "", .town = "", .headcount = -5 };
	size_t n = org_site_check(&s, p);
	CHECK_INT(n, 3);
	CHECK(n == 3 && strcmp(p[0].field, "name") == 0 && strcmp(p[1].field, "town") == 0 &&
	      strcmp(p[2].field, "headcount") == 0);

	/* What the check accepts, the store takes; a second site with the name is refused. */
	s = (struct site){ .name = "Werf", .town = "Rijnstad", .headcount = 80 };
	CHECK(org_site_add(t.c, &s, NULL) == KR_OK);
	CHECK(org_site_add(t.c, &s, NULL) == KR_ECONFLICT);
	tempdb_close(&t);
}

void
test_admin_slug_from_name(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(org_slug_from_name(&a, "Neurokring"), "neurokring");
	CHECK_STR(org_slug_from_name(&a, "Netwerk Iedereen Telt!"), "netwerk-iedereen-telt");
	CHECK_STR(org_slug_from_name(&a, "  Chronisch Ziek Café  "), "chronisch-ziek-cafe");
	CHECK_STR(org_slug_from_name(&a, "Ëën — twee"), "een-twee");
	CHECK_STR(org_slug_from_name(&a, "Straße 12"), "strase-12");
	CHECK_STR(org_slug_from_name(&a, "!!!"), "");
	CHECK_STR(org_slug_from_name(&a, ""), "");
	CHECK_STR(org_slug_from_name(&a, NULL), "");
	CHECK_STR(org_slug_from_name(&a, "日本"), "");
	/* At most NETWORK_SLUG_MAX, and never ending in '-'. */
	const char *s = org_slug_from_name(&a, repeat(&a, "ab ", 40));
	CHECK(strlen(s) <= NETWORK_SLUG_MAX);
	CHECK(s[0] != '\0' && s[strlen(s) - 1] != '-');
	/* Whatever it makes is a slug the rules accept (or empty). */
	struct network nw = { .name = "X", .kind = NETWORK_BROAD };
	struct org_problem p[ORG_PROBLEMS_MAX];
	static const char *const names[] = { "Neurokring", "Café Ëën", "a-b", "A  B", "x!y" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		nw.slug = org_slug_from_name(&a, names[i]);
		CHECK_INT(org_network_check(&nw, true, p), 0);
	}
	arena_release(&a);
}

void
test_admin_network_check(void)
{
	struct arena a;
	arena_init(&a);
	struct org_problem p[ORG_PROBLEMS_MAX];
	struct network nw = { .slug = "neurokring", .name = "Neurokring", .kind = NETWORK_NARROW };
	CHECK_INT(org_network_check(&nw, true, p), 0);

	/* The slug counts only when asked for (it is chosen once). */
	nw.slug = "Bad Slug";
	CHECK(org_network_check(&nw, true, p) == 1 && strcmp(p[0].field, "slug") == 0);
	CHECK_INT(org_network_check(&nw, false, p), 0);
	nw.slug = "-neuro";
	CHECK_INT(org_network_check(&nw, true, p), 1);
	nw.slug = repeat(&a, "a", NETWORK_SLUG_MAX + 1);
	CHECK_INT(org_network_check(&nw, true, p), 1);
	nw.slug = "neurokring";

	nw.contact_email = "not an address";
	CHECK(org_network_check(&nw, true, p) == 1 && strcmp(p[0].field, "contact_email") == 0);
	nw.contact_email = "neurokring@rijnstad.example";
	CHECK_INT(org_network_check(&nw, true, p), 0);
	nw.contact_email = "";
	CHECK_INT(org_network_check(&nw, true, p), 0);

	nw.position = "Onder HR\n";
	CHECK(org_network_check(&nw, true, p) == 1 && strcmp(p[0].field, "position") == 0);
	nw.position = repeat(&a, "x", NETWORK_LINE_MAX + 1);
	CHECK(org_network_check(&nw, true, p) == 1 && strcmp(p[0].field, "position") == 0);
	nw.position = "";

	/* Long texts may hold line breaks; each has its own limit and its own message. */
	nw.summary = repeat(&a, "ö", NETWORK_SUMMARY_MAX);
	nw.plan_budget = "€ 5.000\nper jaar";
	CHECK_INT(org_network_check(&nw, true, p), 0);
	nw.summary = repeat(&a, "ö", NETWORK_SUMMARY_MAX + 1);
	nw.target_group = repeat(&a, "x", NETWORK_TEXT_MAX + 1);
	nw.goal_group = repeat(&a, "x", NETWORK_TEXT_MAX);
	nw.plan_effects = repeat(&a, "x", NETWORK_TEXT_MAX + 1);
	size_t n = org_network_check(&nw, true, p);
	CHECK_INT(n, 3);
	CHECK(names_field(p, n, "summary") && names_field(p, n, "target_group") &&
	      names_field(p, n, "plan_effects") && !names_field(p, n, "goal_group"));

	/* Everything wrong at once still fits. */
	struct network all = { .name = "", .slug = "", .contact_email = "x" };
	const char *big = repeat(&a, "x", NETWORK_TEXT_MAX + 1);
	all.summary = all.target_group = all.goal_individual = all.goal_group = big;
	all.goal_organisation = all.plan_goal = all.plan_activities = all.plan_effects = big;
	all.plan_planning = all.plan_budget = all.position = big;
	n = org_network_check(&all, true, p);
	CHECK_INT(n, 14);
	CHECK(n <= ORG_PROBLEMS_MAX);
	arena_release(&a);
}

void
test_admin_network_update(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	CHECK(org_create(t.c, "Rijnstad", "") == KR_OK);
	struct network nw = { .slug = "neurokring", .name = "Neurokring", .kind = NETWORK_NARROW };
	int64_t id = 0;
	CHECK(org_network_add(t.c, &nw, &id) == KR_OK);

	struct network up = {
		.id = id,
		.slug = "ignored",
		.name = "Neurokring Rijnstad",
		.kind = NETWORK_BROAD,
		.summary = "Samenvatting",
		.target_group = "Doelgroep",
		.goal_individual = "Individu",
		.goal_group = "Groep",
		.goal_organisation = "Organisatie",
		.position = "Onder HR",
		.contact_email = "neuro@rijnstad.example",
		.plan_goal = "Doel",
		.plan_activities = "Activiteiten",
		.plan_effects = "Effecten",
		.plan_planning = "Planning",
		.plan_budget = "Budget",
	};
	CHECK(org_network_update(t.c, 1, &up) == KR_OK);
	struct network got;
	CHECK(org_network_by_slug(t.c, &t.a, "ignored", &got) == KR_ENOTFOUND);
	CHECK(org_network_by_slug(t.c, &t.a, "neurokring", &got) == KR_OK);
	CHECK_INT(got.id, id);
	CHECK_STR(got.name, "Neurokring Rijnstad");
	CHECK(got.kind == NETWORK_BROAD);
	CHECK_STR(got.summary, "Samenvatting");
	CHECK_STR(got.target_group, "Doelgroep");
	CHECK_STR(got.goal_individual, "Individu");
	CHECK_STR(got.goal_group, "Groep");
	CHECK_STR(got.goal_organisation, "Organisatie");
	CHECK_STR(got.position, "Onder HR");
	CHECK_STR(got.contact_email, "neuro@rijnstad.example");
	CHECK_STR(got.plan_goal, "Doel");
	CHECK_STR(got.plan_activities, "Activiteiten");
	CHECK_STR(got.plan_effects, "Effecten");
	CHECK_STR(got.plan_planning, "Planning");
	CHECK_STR(got.plan_budget, "Budget");

	/* NULL texts are stored as empty. */
	struct network bare = { .id = id, .name = "Neurokring", .kind = NETWORK_NARROW };
	CHECK(org_network_update(t.c, 1, &bare) == KR_OK);
	CHECK(org_network_by_slug(t.c, &t.a, "neurokring", &got) == KR_OK);
	CHECK_STR(got.summary, "");
	CHECK_STR(got.plan_budget, "");
	CHECK(got.kind == NETWORK_NARROW);

	/* Refused: nothing changes. Unknown: not found. */
	bare.name = "";
	CHECK(org_network_update(t.c, 1, &bare) == KR_EINVAL);
	CHECK(org_network_by_slug(t.c, &t.a, "neurokring", &got) == KR_OK);
	CHECK_STR(got.name, "Neurokring");
	bare.name = "Elders";
	bare.id = id + 100;
	CHECK(org_network_update(t.c, 1, &bare) == KR_ENOTFOUND);
	tempdb_close(&t);
}

void
test_admin_network_roles(void)
{
	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	CHECK(org_create(t.c, "Rijnstad", "") == KR_OK);
	struct network a = { .slug = "a", .name = "A", .kind = NETWORK_BROAD };
	struct network b = { .slug = "b", .name = "B", .kind = NETWORK_NARROW };
	int64_t na = 0, nb = 0, sam = 0, eva = 0, dirk = 0;
	CHECK(org_network_add(t.c, &a, &na) == KR_OK && org_network_add(t.c, &b, &nb) == KR_OK);
	CHECK(auth_account_create(t.c, 0, &t.a, "sam@rijnstad.example", "Sam", NULL, &sam) ==
	      KR_OK);
	CHECK(auth_account_create(t.c, 0, &t.a, "eva@rijnstad.example", "Eva", NULL, &eva) ==
	      KR_OK);
	CHECK(auth_account_create(t.c, 0, &t.a, "dirk@rijnstad.example", "Dirk", NULL, &dirk) ==
	      KR_OK);

	struct network_role_holder *h;
	size_t n = 99;
	CHECK(org_network_roles(t.c, &t.a, na, &h, &n) == KR_OK);
	CHECK_INT(n, 0);

	CHECK(auth_set_network_role(t.c, 0, na, sam, NROLE_TREASURER) == KR_OK);
	CHECK(auth_set_network_role(t.c, 0, na, eva, NROLE_CONTACT) == KR_OK);
	CHECK(auth_set_network_role(t.c, 0, na, dirk, NROLE_CHAIR) == KR_OK);
	CHECK(auth_set_network_role(t.c, 0, nb, sam, NROLE_CORE) == KR_OK);
	CHECK(auth_account_set_disabled(t.c, 0, dirk, true) == KR_OK);

	/* Contact first, then chair, then treasurer; a disabled account is listed and marked;
	 * another network's roles are not. */
	CHECK(org_network_roles(t.c, &t.a, na, &h, &n) == KR_OK);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(h[0].account_id, eva);
		CHECK_STR(h[0].role, "contact");
		CHECK_STR(h[0].role_label, "Contact point (HR)");
		CHECK_STR(h[0].email, "eva@rijnstad.example");
		CHECK(!h[0].disabled);
		CHECK_INT(h[1].account_id, dirk);
		CHECK_STR(h[1].role, "chair");
		CHECK(h[1].disabled);
		CHECK_INT(h[2].account_id, sam);
		CHECK_STR(h[2].name, "Sam");
		CHECK_STR(h[2].role_label, "Treasurer");
	}
	/* The open page leaves the disabled account out. */
	struct network_person *people;
	size_t np;
	CHECK(org_network_people(t.c, &t.a, na, &people, &np) == KR_OK);
	CHECK_INT(np, 2);

	/* A new role replaces the old one; none removes it. */
	CHECK(auth_set_network_role(t.c, 0, na, sam, NROLE_SECRETARY) == KR_OK);
	CHECK(auth_set_network_role(t.c, 0, na, eva, NROLE_NONE) == KR_OK);
	CHECK(org_network_roles(t.c, &t.a, na, &h, &n) == KR_OK);
	CHECK_INT(n, 2);
	CHECK(n == 2 && h[1].account_id == sam && strcmp(h[1].role, "secretary") == 0);
	CHECK(org_network_roles(t.c, &t.a, nb, &h, &n) == KR_OK);
	CHECK(n == 1 && h[0].account_id == sam && strcmp(h[0].role, "core") == 0);
	tempdb_close(&t);
}
