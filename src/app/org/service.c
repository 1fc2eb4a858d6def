// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules for the organisation, its sites and networks. */
#include "app/org/org.h"
#include "app/mail/mail.h"
#include "base/i18n.h"
#include "base/str.h"

static bool
text_ok(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	return n >= min && n <= max && (n == 0 || str_is_utf8((struct str){ s, n }));
}

bool
org_slug_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

int
org_get(struct db_conn *c, struct arena *a, struct org *out)
{
	bool found;
	int err = org_store_get(c, a, out, &found);
	if (err)
		return err;
	return found ? KR_OK : KR_ENOTFOUND;
}

int
org_create(struct db_conn *c, const char *name, const char *intro)
{
	if (!text_ok(name, 1, 200) || !text_ok(intro, 0, 2000))
		return KR_EINVAL;
	return org_store_insert(c, name, intro ? intro : "");
}

int
org_site_add(struct db_conn *c, const struct site *s, int64_t *id)
{
	if (!text_ok(s->name, 1, 200) || !text_ok(s->town, 1, 200) || s->headcount < 0)
		return KR_EINVAL;
	return org_store_site_insert(c, s, id);
}

int
org_sites(struct db_conn *c, struct arena *a, struct site **out, size_t *n)
{
	return org_store_sites(c, a, out, n);
}

int
org_network_add(struct db_conn *c, const struct network *nw, int64_t *id)
{
	if (!org_slug_ok(nw->slug) || !text_ok(nw->name, 1, 200) ||
	    !text_ok(nw->summary, 0, 2000) || !text_ok(nw->target_group, 0, 2000) ||
	    !text_ok(nw->contact_email, 0, 254))
		return KR_EINVAL;
	return org_store_network_insert(c, nw, id);
}

int
org_networks(struct db_conn *c, struct arena *a, struct network **out, size_t *n)
{
	return org_store_networks(c, a, out, n);
}

int
org_network_by_slug(struct db_conn *c, struct arena *a, const char *slug, struct network *out)
{
	bool found;
	if (!org_slug_ok(slug))
		return KR_ENOTFOUND;
	int err = org_store_network_by_slug(c, a, slug, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

static const char *
role_label(const char *role)
{
	static const struct {
		const char *role, *label;
	} labels[] = {
		{ "contact", N_("Contact point (HR)") },
		{ "ambassador", N_("Ambassador") },
		{ "chair", N_("Chair") },
		{ "vice_chair", N_("Vice-chair") },
		{ "secretary", N_("Secretary") },
		{ "treasurer", N_("Treasurer") },
		{ "core", N_("Core team") },
	};
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		if (strcmp(role, labels[i].role) == 0)
			return labels[i].label;
	return N_("Core team");
}

int
org_network_people(struct db_conn *c, struct arena *a, int64_t network_id,
		   struct network_person **out, size_t *n)
{
	const char **names, **roles;
	int err = org_store_network_people(c, a, network_id, &names, &roles, n);
	if (err)
		return err;
	struct network_person *v = ARENA_ARRAY(a, struct network_person, *n ? *n : 1);
	for (size_t i = 0; i < *n; i++) {
		v[i].name = names[i];
		v[i].role_label = role_label(roles[i]);
	}
	*out = v;
	return KR_OK;
}

/* ---- administration ---- */

/* Characters (Unicode code points) in valid UTF-8: what a person counts, and what the
 * database's length() counts. */
static size_t
chars_of(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static bool
one_line(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static bool
utf8_ok(const char *s)
{
	return !s || str_is_utf8(str_from(s));
}

static void
problem(struct org_problem *out, size_t *n, const char *field, const char *message)
{
	if (*n < ORG_PROBLEMS_MAX)
		out[(*n)++] = (struct org_problem){ field, message };
}

/* A required (min 1) or optional text of at most max characters; one line or several. */
static void
check_text(struct org_problem *out, size_t *n, const char *field, const char *value, size_t max,
	   bool multiline, const char *if_empty, const char *if_long)
{
	size_t len = chars_of(value);
	if (!utf8_ok(value) || (!multiline && !one_line(value)))
		problem(out, n, field,
			multiline
			    ? N_("This text has characters that cannot be saved. Type it "
				 "again or paste it as plain text.")
			    : N_("Type this on one line, without tabs or special characters."));
	else if (len == 0 && if_empty)
		problem(out, n, field, if_empty);
	else if (len > max)
		problem(out, n, field, if_long);
}

bool
org_domain_ok(const char *d)
{
	size_t n = d ? strlen(d) : 0;
	if (n < 3 || n > ORG_DOMAIN_MAX || !strchr(d, '.'))
		return false;
	size_t label = 0;
	for (size_t i = 0; i <= n; i++) {
		char ch = d[i];
		if (ch == '.' || ch == '\0') {
			/* An empty label, or one that starts or ends with '-'. */
			if (label == 0 || d[i - 1] == '-' || d[i - label] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
			return false;
		if (++label > 63)
			return false;
	}
	return true;
}

int
org_domains_parse(struct arena *a, const char *text, const char ***out, size_t *n, const char **bad)
{
	const char **v = ARENA_ARRAY(a, const char *, ORG_DOMAINS_MAX);
	size_t len = 0;
	*bad = NULL;
	const char *p = text ? text : "";
	while (*p) {
		size_t k = strcspn(p, " \t\r\n,;");
		if (k == 0) {
			p++;
			continue;
		}
		char *d = arena_strndup(a, p, k);
		p += k;
		if (d[0] == '@')
			d++;
		for (char *q = d; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
		if (!org_domain_ok(d)) {
			*bad = d;
			return KR_EINVAL;
		}
		bool seen = false;
		for (size_t i = 0; i < len && !seen; i++)
			seen = strcmp(v[i], d) == 0;
		if (seen)
			continue;
		if (len == ORG_DOMAINS_MAX)
			return KR_EINVAL;
		v[len++] = d;
	}
	*out = v;
	*n = len;
	return KR_OK;
}

int
org_settings_get(struct db_conn *c, struct arena *a, struct org_settings *out)
{
	bool found;
	int err = org_store_settings_get(c, a, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

size_t
org_settings_check(const struct org_settings *s, struct org_problem *out)
{
	size_t n = 0;
	check_text(out, &n, "name", s->name, ORG_NAME_MAX, false,
		   N_("Type the name of the organisation."),
		   N_("The name is too long. Use at most 200 characters."));
	check_text(out, &n, "intro", s->intro, ORG_INTRO_MAX, true, NULL,
		   N_("The introduction is too long. Use at most 2000 characters."));
	bool domains_ok = s->ndomains <= ORG_DOMAINS_MAX;
	for (size_t i = 0; domains_ok && i < s->ndomains; i++)
		domains_ok = org_domain_ok(s->domains[i]);
	if (!domains_ok)
		problem(out, &n, "domains",
			N_("Type one e-mail domain per line, such as example.org, and at most "
			   "50."));
	else if (s->open_signup && s->ndomains == 0)
		problem(out, &n, "domains",
			N_("Type at least one e-mail domain. Or do not let colleagues make an "
			   "account themselves."));
	return n;
}

int
org_update(struct db_conn *c, int64_t actor_id, const struct org_settings *s)
{
	struct org_problem problems[ORG_PROBLEMS_MAX];
	(void)actor_id;
	if (org_settings_check(s, problems))
		return KR_EINVAL;
	int err = db_begin(c);
	if (err)
		return err;
	bool found = false;
	err = org_store_update(c, s, &found);
	/* Not set up yet (`kring init` without `kring demo`): this sets it up. */
	if (!err && !found && !(err = org_store_insert(c, s->name, s->intro ? s->intro : "")))
		err = org_store_update(c, s, &found);
	if (!err)
		err = org_store_domains_replace(c, s->domains, s->ndomains);
	if (err) {
		db_rollback(c);
		return err;
	}
	return db_commit(c);
}

size_t
org_site_check(const struct site *s, struct org_problem *out)
{
	size_t n = 0;
	check_text(out, &n, "name", s->name, SITE_TEXT_MAX, false, N_("Type the name of the site."),
		   N_("The name is too long. Use at most 200 characters."));
	check_text(out, &n, "town", s->town, SITE_TEXT_MAX, false,
		   N_("Type the town where the site is."),
		   N_("The name of the town is too long. Use at most 200 characters."));
	if (s->headcount < 0 || s->headcount > SITE_HEADCOUNT_MAX)
		problem(out, &n, "headcount",
			N_("Type the number of employees as a whole number, such as 250."));
	return n;
}

const char *
org_slug_from_name(struct arena *a, const char *name)
{
	/* U+00C0 to U+00FF (two bytes in UTF-8) without their accents; '-' for the signs. */
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo-ouuuuy-s"
				     "aaaaaaaceeeeiiiidnooooo-ouuuuy-y";
	char *out = arena_alloc(a, NETWORK_SLUG_MAX + 1);
	size_t len = 0;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)(name ? name : "");
	     *p && len < NETWORK_SLUG_MAX; p++) {
		char ch = '-';
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			ch = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			ch = (char)(*p - 'A' + 'a');
		else if ((*p == 0xC3) && p[1] >= 0x80 && p[1] <= 0xBF)
			ch = latin1[*++p - 0x80];
		if (ch == '-') {
			dash = len > 0;
			continue;
		}
		if (dash) {
			if (len + 2 > NETWORK_SLUG_MAX)
				break; /* no room for a whole next word's first letter */
			out[len++] = '-';
		}
		dash = false;
		out[len++] = ch;
	}
	out[len] = '\0';
	return out;
}

size_t
org_network_check(const struct network *nw, bool check_slug, struct org_problem *out)
{
	size_t n = 0;
	static const char *const too_long =
	    N_("This text is too long. Use at most 2000 characters.");
	check_text(out, &n, "name", nw->name, NETWORK_NAME_MAX, false,
		   N_("Type the name of the network."),
		   N_("The name is too long. Use at most 200 characters."));
	if (check_slug && !org_slug_ok(nw->slug))
		problem(out, &n, "slug",
			N_("Use only lower-case letters a to z, digits and hyphens (-), at most "
			   "64, and begin with a letter or digit. For example: autism-network."));
	check_text(out, &n, "summary", nw->summary, NETWORK_SUMMARY_MAX, true, NULL,
		   N_("The summary is too long. Use at most 1000 characters."));
	const struct {
		const char *field, *value;
	} texts[] = {
		{ "target_group", nw->target_group },
		{ "goal_individual", nw->goal_individual },
		{ "goal_group", nw->goal_group },
		{ "goal_organisation", nw->goal_organisation },
		{ "plan_goal", nw->plan_goal },
		{ "plan_activities", nw->plan_activities },
		{ "plan_effects", nw->plan_effects },
		{ "plan_planning", nw->plan_planning },
		{ "plan_budget", nw->plan_budget },
	};
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		check_text(out, &n, texts[i].field, texts[i].value, NETWORK_TEXT_MAX, true, NULL,
			   too_long);
	check_text(out, &n, "position", nw->position, NETWORK_LINE_MAX, false, NULL,
		   N_("This text is too long. Use at most 200 characters."));
	if (nw->contact_email && nw->contact_email[0] && !mail_address_ok(nw->contact_email))
		problem(out, &n, "contact_email",
			N_("Type an e-mail address like name@example.org, or leave this empty."));
	return n;
}

int
org_network_update(struct db_conn *c, int64_t actor_id, const struct network *nw)
{
	struct org_problem problems[ORG_PROBLEMS_MAX];
	(void)actor_id;
	if (org_network_check(nw, false, problems))
		return KR_EINVAL;
	bool found = false;
	int err = org_store_network_update(c, nw, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

bool
org_is_core_team(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	bool team = false;
	return c && org_store_is_core_team(c, network_id, account_id, &team) == KR_OK && team;
}

int
org_core_team_networks(struct db_conn *c, struct arena *a, int64_t account_id, int64_t **out,
		       size_t *n)
{
	*out = NULL;
	*n = 0;
	return account_id > 0 ? org_store_core_team_networks(c, a, account_id, out, n) : KR_OK;
}

bool
org_id_in(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

int
org_standing(struct db_conn *c, struct arena *a, int64_t network_id, int64_t account_id,
	     const char **role, bool *org_contact)
{
	return org_store_standing(c, a, network_id, account_id, role, org_contact);
}

int
org_sees_figures(struct db_conn *c, int64_t network_id, int64_t account_id, bool *yes)
{
	*yes = false;
	struct arena a;
	arena_init(&a);
	const char *role = NULL;
	bool org_contact = false;
	int err = org_standing(c, &a, network_id, account_id, &role, &org_contact);
	/* Any role in the network: the core team's, the contact point's, the ambassador's. */
	if (!err)
		*yes = org_contact || (role && *role);
	arena_release(&a);
	return err;
}

int
org_network_roles(struct db_conn *c, struct arena *a, int64_t network_id,
		  struct network_role_holder **out, size_t *n)
{
	int err = org_store_network_roles(c, a, network_id, out, n);
	if (err)
		return err;
	for (size_t i = 0; i < *n; i++)
		(*out)[i].role_label = role_label((*out)[i].role);
	return KR_OK;
}
