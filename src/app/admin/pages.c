// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the administration: its overview, the organisation's settings, its sites and the
 * audit log, and the helpers the other administration pages share. Networks are in
 * networks.c, accounts in accounts.c. */
#include "app/admin/admin.h"
#include "app/audit/audit.h"
#include "app/auth/auth.h"
#include "app/mail/mail.h"
#include "app/admin/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "http/server.h"
#include <limits.h>
#include <sodium.h>

/* ---- helpers ---- */

const char *
admin_field(struct request *r, const char *name)
{
	const char *v = req_form(r, name);
	if (!v)
		return "";
	size_t n = strlen(v);
	while (n && strchr(" \t\r\n", v[n - 1]))
		n--;
	while (n && strchr(" \t\r\n", v[0])) {
		v++;
		n--;
	}
	return arena_strndup(&r->arena, v, n);
}

const char *
admin_fill(struct request *r, const char *message, const char *value)
{
	const char *open = strchr(message, '{');
	const char *close = open ? strchr(open, '}') : NULL;
	if (!close)
		return message;
	return arena_printf(&r->arena, "%.*s%s%s", (int)(open - message), message, value,
			    close + 1);
}

void
admin_problems(struct form_page *fp, const struct org_problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		form_problem(fp, p[i].field, _(p[i].message));
}

const char *
admin_error_of(const struct form_error *errors, size_t n, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(errors[i].field, field) == 0)
			return errors[i].message;
	return NULL;
}

int64_t
admin_id_param(struct request *r, size_t i)
{
	long id;
	if (i >= ROUTE_MAX_PARAMS || !r->params[i].p || str_to_long(r->params[i], 1, LONG_MAX, &id))
		return 0;
	return id;
}

void
admin_begin(struct request *r, struct page *pg, const char *section, const char *section_href)
{
	struct crumb crumbs[3];
	size_t n = 0;
	crumbs[n++] = (struct crumb){ _("Administration"), "/admin" };
	if (section)
		crumbs[n++] = (struct crumb){ section, section_href };
	crumbs[n++] = (struct crumb){ pg->title, NULL };
	pg->crumbs = crumbs;
	pg->ncrumbs = n;
	view_begin(r, pg);
	pg->crumbs = NULL; /* crumbs ends here */
	pg->ncrumbs = 0;
}

void
admin_table_begin(struct request *r, const char *caption_id, const char *caption)
{
	html_fmt(
	    &r->out,
	    "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"%s\" tabindex=\"0\">\n"
	    "<table>\n<caption id=\"%s\">%s</caption>\n",
	    caption_id, caption_id, caption);
}

void
admin_table_end(struct request *r)
{
	html_lit(&r->out, "</table>\n</div>\n");
}

static const char *
done_flag(struct request *r)
{
	const char *d = req_query(r, "done");
	return d ? d : "";
}

/* ---- the overview ---- */

static void
overview_card(struct strbuf *o, const char *href, const char *title, const char *text,
	      const char *count_label, long long count)
{
	html_fmt(o, "<li class=\"card\">\n<h2><a href=\"%s\">%s</a></h2>\n<p>%s</p>\n", href, title,
		 text);
	if (count_label)
		html_fmt(o, "<p class=\"meta\">%s <strong>%lld</strong></p>\n", count_label, count);
	html_lit(o, "</li>\n");
}

int
page_admin(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct account *accounts;
	struct network *networks;
	struct site *sites;
	size_t naccounts, nnetworks, nsites;
	struct mail_status mail;
	int err = auth_accounts(c, &r->arena, &accounts, &naccounts);
	if (err || (err = org_networks(c, &r->arena, &networks, &nnetworks)) ||
	    (err = org_sites(c, &r->arena, &sites, &nsites)) || (err = mail_status(c, &mail)))
		return err;

	const struct crumb crumbs[] = { { _("Administration"), NULL } };
	const struct page pg = {
		.title = _("Administration"),
		.lead = _("Set up the organisation, its sites and its networks, and manage who can "
			  "sign in."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_lit(o, "<ul class=\"card-list\">\n");
	overview_card(o, "/admin/organisation", _("Organisation"),
		      _("The name, the introduction on the home page, and who may make an "
			"account."),
		      NULL, 0);
	overview_card(o, "/admin/sites", _("Sites"),
		      _("The places where the organisation works, with the number of employees."),
		      _("Sites:"), (long long)nsites);
	overview_card(o, "/admin/rooms", _("Rooms"),
		      _("The rooms at each site for events, with what they offer: a step-free "
			"route, a hearing loop and more."),
		      NULL, 0);
	overview_card(o, "/admin/awareness", _("Awareness days"),
		      _("The days and weeks the networks work towards, and the dates their "
			"organisers set each year."),
		      NULL, 0);
	overview_card(o, "/admin/networks", _("Networks"),
		      _("Add a network, describe it, and give people a role in it."),
		      _("Networks:"), (long long)nnetworks);
	overview_card(o, "/admin/accounts", _("Accounts"),
		      _("Invite colleagues, change roles, and block accounts."), _("Accounts:"),
		      (long long)naccounts);
	overview_card(o, "/admin/audit", _("Audit log"),
		      _("Who did what, and when: sign-ins, changes of role and more."), NULL, 0);
	overview_card(o, "/admin/retention", _("How long Kring keeps data"),
		      _("Sent e-mail and blocked accounts are erased after the days you choose."),
		      NULL, 0);
	overview_card(o, "/admin/questions", _("Questions desk"),
		      _("The directory of where to go, and how long questions are kept."), NULL, 0);
	html_lit(o, "</ul>\n");

	html_fmt(o, "<h2>%s</h2>\n<p>%s <strong>%lld</strong></p>\n", _("E-mail"),
		 _("E-mails waiting to be sent:"), (long long)mail.waiting);
	if (mail.failing)
		html_fmt(
		    o, "<p>%s</p>\n",
		    _("Some e-mails could not be sent yet. Kring keeps trying. If this goes on, "
		      "check the mail settings of the server: the command kring mail status "
		      "shows the last error."));
	else if (mail.waiting)
		html_fmt(o, "<p>%s</p>\n",
			 _("If this number stays above zero, the server may not be set up to send "
			   "e-mail. The command kring mail status tells more."));
	if (mail.undeliverable) {
		/* How many and when, never to whom: the addresses are erased already. */
		char iso[32];
		time_utc_iso_at(mail.last_undeliverable_at, iso, sizeof(iso));
		html_fmt(o, "<p>%s <strong>%lld</strong></p>\n",
			 _("E-mails that could not be delivered:"), (long long)mail.undeliverable);
		html_fmt(o, "<p>%s <time datetime=\"%s\">%s</time></p>\n",
			 _("The most recent one (UTC):"), iso,
			 arena_printf(&r->arena, "%.10s %.5s", iso, iso + 11));
		html_fmt(
		    o, "<p>%s</p>\n",
		    _("The mail server refused these e-mails for good, for example because the "
		      "address does not exist. Kring does not try again, and has erased the "
		      "address and the message. Check whether the e-mail addresses of the "
		      "accounts are right."));
	}
	view_end(r);
	return KR_OK;
}

/* ---- the organisation ---- */

static const char *
domains_text(struct request *r, const struct org_settings *s)
{
	const char *t = "";
	for (size_t i = 0; i < s->ndomains; i++)
		t = arena_printf(&r->arena, "%s%s\n", t, s->domains[i]);
	return t;
}

/* The organisation's form: its settings, and the domains as typed (one per line). */
struct org_form_values {
	struct org_settings s;
	const char *domains;
};

static int
org_form(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct org_settings *s = &((struct org_form_values *)fp->values)->s;
	const char *domains = ((struct org_form_values *)fp->values)->domains;
	struct page pg = {
		.title = _("Organisation"),
		.has_errors = form_page_failed(fp),
		.notice = strcmp(done_flag(r), "saved") == 0
			      ? _("The settings of the organisation have been saved.")
			      : NULL,
	};
	admin_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	/* The name and the introduction are in the organisation's content language (none yet
	 * before the organisation is set up). */
	struct org org;
	const char *lang = org_get(app_db(r), &r->arena, &org) == KR_OK ? org.content_lang : NULL;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, "/admin/organisation", r->csrf_token);
	form_input(o, &(struct form_field){ .name = "name",
					    .label = _("Name of the organisation"),
					    .value = s->name,
					    .lang = lang,
					    .maxlength = ORG_NAME_MAX,
					    .required = true,
					    .autocomplete = "organization",
					    .error = form_problem_of(fp, "name") });
	form_input(o, &(struct form_field){
			  .name = "intro",
			  .label = _("Introduction"),
			  .hint = _("A few sentences for the home page: what Kring is for in "
				    "your organisation."),
			  .value = s->intro,
			  .lang = lang,
			  .multiline = true,
			  .error = form_problem_of(fp, "intro") });
	form_input(o, &(struct form_field){
			  .name = "domains",
			  .label = _("E-mail domains of the organisation"),
			  .hint = _("One per line, for example rijnstad.nl. This is the part "
				    "of an e-mail address after the @."),
			  .value = domains,
			  .multiline = true,
			  .error = form_problem_of(fp, "domains") });
	form_checkbox(o, "open_signup",
		      _("Anyone with an e-mail address in these domains may make an account"),
		      _("If you do not tick this, only people who are invited can make an "
			"account."),
		      s->open_signup);
	form_submit(o, _("Save"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int org_save(struct form_page *fp);
static const struct form_page_ops org_form_ops = { org_save, org_form };

int
page_admin_org(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct org_form_values f = { .s = { .name = "" } };
	int err = org_settings_get(c, &r->arena, &f.s);
	if (err && err != KR_ENOTFOUND) /* not set up yet: the form sets it up */
		return err;
	f.domains = domains_text(r, &f.s);
	return form_page_show(r, &org_form_ops, &f);
}

static int
org_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct org_form_values *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	f->domains = req_form(r, "domains");
	struct org_settings *s = &f->s;
	*s = (struct org_settings){
		.name = admin_field(r, "name"),
		.intro = admin_field(r, "intro"),
		.open_signup = req_form(r, "open_signup") != NULL,
	};
	struct org_problem problems[ORG_PROBLEMS_MAX];
	const char *bad = NULL;
	bool parse_failed =
	    org_domains_parse(&r->arena, f->domains, &s->domains, &s->ndomains, &bad);
	if (parse_failed)
		s->ndomains = 0;
	/* Every field is checked, so that every problem shows at once; the domains come last,
	 * as on the form. */
	size_t np = org_settings_check(s, problems);
	for (size_t i = 0; i < np; i++)
		if (!parse_failed || strcmp(problems[i].field, "domains") != 0)
			form_problem(fp, problems[i].field, _(problems[i].message));
	if (parse_failed)
		form_problem(fp, "domains",
			     bad ? admin_fill(r,
					      _("“{domain}” is not an e-mail domain. Type one "
						"domain per line, for example rijnstad.nl."),
					      bad)
				 : _("Type at most 50 e-mail domains."));
	if (form_page_failed(fp))
		return KR_OK;
	int err = org_update(c, r->user_id, s);
	if (err)
		return err;
	fp->done = "/admin/organisation?done=saved";
	return KR_OK;
}

int
page_admin_org_post(struct request *r)
{
	struct org_form_values f = { 0 };
	return form_page_post(r, &org_form_ops, &f);
}

/* ---- sites ---- */

/* A whole number as people type it: "250", " 1200 ", "1.200" or "1 200"; -1 when it is not
 * one (the service then names the problem). */
static int64_t
parse_headcount(const char *s)
{
	char digits[24];
	size_t n = 0, group = 0;
	bool separated = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n + 1 >= sizeof(digits))
				return -1;
			digits[n++] = *s;
			group++;
		} else if ((*s == '.' || *s == ' ' || *s == ',') && n > 0 && group <= 3 &&
			   (!separated || group == 3)) {
			separated = true;
			group = 0;
		} else {
			return -1;
		}
	}
	if (n == 0 || (separated && group != 3))
		return -1;
	digits[n] = '\0';
	long v;
	if (str_to_long(str_from(digits), 0, SITE_HEADCOUNT_MAX, &v))
		return -1;
	return v;
}

/* The form for a new site: what was typed, the number of employees as typed. */
struct site_form_values {
	struct site in;
	const char *headcount;
};

/* The sites page: the list of sites, and the form to add one. */
static int
sites_page(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct site *in = &((struct site_form_values *)fp->values)->in;
	const char *headcount = ((struct site_form_values *)fp->values)->headcount;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct site *sites;
	size_t nsites;
	int err = org_sites(c, &r->arena, &sites, &nsites);
	if (err)
		return err;
	struct page pg = {
		.title = _("Sites"),
		.lead = _("The places where the organisation works. Events can be held at a site, "
			  "and the number of employees helps to see how far a network reaches."),
		.has_errors = form_page_failed(fp),
		.notice = strcmp(done_flag(r), "added") == 0 ? _("The site has been added.") : NULL,
	};
	admin_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	if (nsites == 0) {
		html_fmt(o, "<p>%s</p>\n", _("There are no sites yet."));
	} else {
		admin_table_begin(r, "sites-caption", _("Sites of the organisation"));
		html_fmt(o,
			 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\" class=\"num\">%s</th></tr>\n</thead>\n<tbody>\n",
			 _("Name"), _("Town"), _("Employees"));
		for (size_t i = 0; i < nsites; i++)
			html_fmt(o,
				 "<tr><th scope=\"row\">%s</th><td>%s</td>"
				 "<td class=\"num\">%lld</td></tr>\n",
				 sites[i].name, sites[i].town, (long long)sites[i].headcount);
		html_lit(o, "</tbody>\n");
		admin_table_end(r);
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Add a site"));
	form_begin(o, "/admin/sites", r->csrf_token);
	form_input(
	    o, &(struct form_field){ .name = "name",
				     .label = _("Name of the site"),
				     .hint = _("For example: Head office, or Distribution centre."),
				     .value = in->name,
				     .maxlength = SITE_TEXT_MAX,
				     .required = true,
				     .error = form_problem_of(fp, "name") });
	form_input(o, &(struct form_field){ .name = "town",
					    .label = _("Town"),
					    .value = in->town,
					    .maxlength = SITE_TEXT_MAX,
					    .required = true,
					    .error = form_problem_of(fp, "town") });
	form_input(
	    o, &(struct form_field){ .name = "headcount",
				     .label = _("Number of employees"),
				     .hint = _("A whole number, such as 250. An estimate is fine."),
				     .value = headcount,
				     .maxlength = 12,
				     .required = true,
				     .error = form_problem_of(fp, "headcount") });
	form_submit(o, _("Add site"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int sites_save(struct form_page *fp);
static const struct form_page_ops sites_form_ops = { sites_save, sites_page };

int
page_admin_sites(struct request *r)
{
	struct site_form_values f = { 0 };
	return form_page_show(r, &sites_form_ops, &f);
}

static int
sites_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct site_form_values *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	f->headcount = admin_field(r, "headcount");
	f->in = (struct site){
		.name = admin_field(r, "name"),
		.town = admin_field(r, "town"),
		.headcount = parse_headcount(f->headcount),
	};
	struct org_problem problems[ORG_PROBLEMS_MAX];
	admin_problems(fp, problems, org_site_check(&f->in, problems));
	if (form_page_failed(fp))
		return KR_OK;
	int err = org_site_add(c, &f->in, NULL);
	if (err == KR_ECONFLICT) {
		form_problem(fp, "name",
			     _("There is already a site with this name. Choose another name."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/admin/sites?done=added";
	return KR_OK;
}

int
page_admin_sites_post(struct request *r)
{
	struct site_form_values f = { 0 };
	return form_page_post(r, &sites_form_ops, &f);
}

/* ---- the audit log ---- */

#define AUDIT_PAGE 100

/* An event in words. The stored name stays for one this version does not know. */
static const char *
event_words(const struct audit_entry *e)
{
	static const struct {
		const char *name, *words;
	} words[] = {
		{ "sign_in_ok", N_("Signed in") },
		{ "sign_in_failed", N_("Sign-in failed") },
		{ "account_locked", N_("Account locked after too many wrong passwords") },
		{ "sign_out", N_("Signed out") },
		{ "sign_out_everywhere", N_("Signed out everywhere") },
		{ "second_factor_set_up", N_("Two-step sign-in set up") },
		{ "second_factor_failed", N_("Wrong code at two-step sign-in") },
		{ "recovery_code_used", N_("Recovery code used") },
		{ "password_changed", N_("Password changed") },
		{ "password_reset_requested", N_("New password asked for") },
		{ "password_reset_done", N_("New password set") },
		{ "role_changed", N_("Role changed") },
		{ "account_created", N_("Account created") },
		{ "invitation_sent", N_("Invitation sent") },
		{ "invitation_accepted", N_("Invitation accepted") },
		{ "list_viewed", N_("List viewed") },
		{ "account_deleted", N_("Account deleted") },
		{ "key_rotated", N_("Key file rotated") },
		{ "settings_changed", N_("Settings changed") },
		{ "coordinator_asked", N_("Asked to coordinate a subgroup") },
		{ "coordinator_accepted", N_("Became coordinator of a subgroup") },
		{ "coordinator_declined", N_("Declined to coordinate a subgroup") },
		{ "coordinator_stepped_down", N_("Stepped down as coordinator") },
		{ "coordinator_removed", N_("Coordinator stopped or request withdrawn") },
		{ "audit_chain_keyed", N_("Audit log secured with the key file") },
		{ "budget_changed", N_("Budget changed") },
		{ "knowledge_page_deleted", N_("Knowledge page deleted") },
	};
	if (strcmp(e->event, "account_disabled") == 0)
		return strcmp(e->detail, "enabled again") == 0 ? _("Account unblocked")
							       : _("Account disabled");
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(e->event, words[i].name) == 0)
			return _(words[i].words);
	return e->event;
}

struct name_cache {
	int64_t id;
	const char *name;
};

/* The name of account id for the log: "—" for nobody, "#12" for an account that is gone. */
static const char *
person(struct request *r, struct db_conn *c, struct name_cache *cache, size_t *ncache, int64_t id)
{
	if (id == 0)
		return "—";
	for (size_t i = 0; i < *ncache; i++)
		if (cache[i].id == id)
			return cache[i].name;
	struct account acc;
	const char *name = auth_account_by_id(c, &r->arena, id, &acc) == KR_OK
			       ? acc.name
			       : arena_printf(&r->arena, "#%lld", (long long)id);
	cache[(*ncache)++] = (struct name_cache){ id, name };
	return name;
}

/* The head of the chain, for the administrator to write down: with it, `kring audit verify
 * --since` finds out later whether the log was cut back or changed (see audit.h). */
static int
audit_head_section(struct request *r, struct db_conn *c)
{
	int64_t id;
	unsigned char hash[AUDIT_HASH_BYTES];
	bool found;
	int err = audit_head(c, &id, hash, &found);
	if (err || !found)
		return err;
	char hex[2 * AUDIT_HASH_BYTES + 1], grouped[AUDIT_HASH_BYTES * 2 + AUDIT_HASH_BYTES / 4];
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	/* In groups of 8, easier to copy by hand; `kring audit verify --since` skips spaces. */
	size_t g = 0;
	for (size_t i = 0; i < 2 * AUDIT_HASH_BYTES; i++) {
		if (i && i % 8 == 0)
			grouped[g++] = ' ';
		grouped[g++] = hex[i];
	}
	grouped[g] = '\0';
	struct strbuf *o = &r->out;
	html_fmt(o, "<section aria-labelledby=\"audit-head\">\n<h2 id=\"audit-head\">%s</h2>\n",
		 _("Check code of the log"));
	html_fmt(o, "<p>%s</p>\n",
		 _("Write this code down now and then, outside Kring, for example on paper. With "
		   "it, the technical administrator can check later that nothing was removed from "
		   "the log or changed since then."));
	html_fmt(o,
		 "<p>%s <strong>%lld</strong>:</p>\n<p><code class=\"secret\" lang=\"zxx\" "
		 "id=\"audit-head-code\">%s</code></p>\n",
		 _("The code of entry"), (long long)id, grouped);
	html_fmt(o, "<p>%s <code lang=\"en\">kring audit verify --since</code></p>\n</section>\n",
		 _("The check for the technical administrator:"));
	return KR_OK;
}

int
page_admin_audit(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	long before = 0;
	const char *b = req_query(r, "before");
	if (b && str_to_long(str_from(b), 1, LONG_MAX, &before))
		return KR_EINVAL;
	struct audit_entry *entries;
	size_t n;
	int err = audit_list(c, &r->arena, before, AUDIT_PAGE + 1, &entries, &n);
	if (err)
		return err;
	bool more = n > AUDIT_PAGE;
	if (more)
		n = AUDIT_PAGE;
	struct page pg = {
		.title = _("Audit log"),
		.lead = _("Who did what, and when. Nobody can change or remove what is written "
			  "here. Times are in UTC: add 1 hour for Dutch winter time, 2 hours for "
			  "summer time."),
	};
	admin_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	if (!before && (err = audit_head_section(r, c)))
		return err;
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n",
			 before ? _("There are no older entries.") : _("The audit log is empty."));
	} else {
		struct name_cache *cache = ARENA_ARRAY(&r->arena, struct name_cache, 2 * n);
		size_t ncache = 0;
		admin_table_begin(r, "audit-caption",
				  before ? _("Older entries, newest first")
					 : _("Newest entries first"));
		html_fmt(o,
			 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>\n",
			 _("Time (UTC)"), _("What happened"), _("Who did it"), _("About whom"),
			 _("Details"));
		for (size_t i = 0; i < n; i++) {
			const struct audit_entry *e = &entries[i];
			/* "2026-11-22T10:13:40Z" shown as "2026-11-22 10:13:40". */
			const char *shown = e->at;
			if (strlen(e->at) == 20)
				shown = arena_printf(&r->arena, "%.10s %.8s", e->at, e->at + 11);
			html_fmt(o, "<tr><td><time datetime=\"%s\">%s</time></td><td>%s</td>",
				 e->at, shown, event_words(e));
			html_fmt(o, "<td>%s</td><td>%s</td>",
				 person(r, c, cache, &ncache, e->actor_id),
				 person(r, c, cache, &ncache, e->subject_id));
			/* Details are short notes in English, written by Kring itself. */
			if (e->detail[0])
				html_fmt(o, "<td lang=\"en\">%s</td></tr>\n", e->detail);
			else
				html_lit(o, "<td></td></tr>\n");
		}
		html_lit(o, "</tbody>\n");
		admin_table_end(r);
	}
	if (more || before) {
		html_fmt(o, "<nav class=\"pager\" aria-label=\"%s\">\n<ul>\n",
			 _("Pages of the log"));
		if (before)
			html_fmt(o, "<li><a href=\"/admin/audit\">%s</a></li>\n",
				 _("Newest entries"));
		if (more)
			html_fmt(o, "<li><a href=\"/admin/audit?before=%lld\">%s</a></li>\n",
				 (long long)entries[n - 1].id, _("Older entries"));
		html_lit(o, "</ul>\n</nav>\n");
	}
	view_end(r);
	return KR_OK;
}
