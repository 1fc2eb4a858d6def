// SPDX-License-Identifier: AGPL-3.0-or-later
/* networks.c: the administration of networks: the list, adding one, editing every field, and
 * who has a role in it. Only roles are shown here, never who is a member: the administrator
 * manages accounts, not memberships. */
#include "app/admin/admin.h"
#include "app/auth/auth.h"
#include "app/coreteam/coreteam.h"
#include "app/admin/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "http/server.h"
#include <limits.h>

static const char *
kind_label(enum network_kind k)
{
	return k == NETWORK_BROAD ? _("Broad network: for every condition")
				  : _("Network with a theme");
}

int
page_admin_networks(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct network *nws;
	size_t n;
	int err = org_networks(c, &r->arena, &nws, &n);
	if (err)
		return err;
	struct page pg = {
		.title = _("Networks"),
		.lead = _("Add networks and describe them. What you write here is on the open page "
			  "of the network, which every colleague can read."),
	};
	admin_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p><a class=\"button\" href=\"/admin/networks/new\">%s</a></p>\n",
		 _("Add a network"));
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("There are no networks yet."));
	} else {
		admin_table_begin(r, "networks-caption", _("All networks"));
		html_fmt(o,
			 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>\n",
			 _("Name"), _("Kind"), _("Open page"));
		for (size_t i = 0; i < n; i++) {
			html_lit(o, "<tr><th scope=\"row\"><a href=\"/admin/networks/");
			html_url_part(o, nws[i].slug);
			html_fmt(o, "\">%s</a></th><td>%s</td><td><a href=\"/n/", nws[i].name,
				 kind_label(nws[i].kind));
			html_url_part(o, nws[i].slug);
			html_fmt(o, "\">/n/%s</a></td></tr>\n", nws[i].slug);
		}
		html_lit(o, "</tbody>\n");
		admin_table_end(r);
	}
	view_end(r);
	return KR_OK;
}

/* ---- the form with every field of a network ---- */

static void
text_field(struct strbuf *o, const char *name, const char *label, const char *hint,
	   const char *value, const char *lang, const struct form_error *errors, size_t nerr)
{
	form_input(o, &(struct form_field){ .name = name,
					    .label = label,
					    .hint = hint,
					    .value = value,
					    .lang = lang,
					    .multiline = true,
					    .error = admin_error_of(errors, nerr, name) });
}

static void
network_fields(struct request *r, const struct network *nw, bool is_new, const char *kind,
	       const struct form_error *errors, size_t nerr)
{
	struct strbuf *o = &r->out;
	/* What the network says of itself is in the organisation's content language. */
	struct org org;
	const char *lang = org_get(app_db(r), &r->arena, &org) == KR_OK ? org.content_lang : NULL;
	form_input(o, &(struct form_field){
			  .name = "name",
			  .label = _("Name"),
			  .lang = lang,
			  .hint = _("The name colleagues see. Choose it together with the "
				    "network: a name can feel right to one person and wrong to "
				    "another."),
			  .value = nw->name,
			  .maxlength = NETWORK_NAME_MAX,
			  .required = true,
			  .error = admin_error_of(errors, nerr, "name") });
	if (is_new)
		form_input(o, &(struct form_field){
				  .name = "slug",
				  .label = _("Web address"),
				  .hint = _("The last part of the address of the open page, after "
					    "/n/. Lower-case letters, digits and hyphens. Leave it "
					    "empty to make it from the name. It cannot be changed "
					    "later."),
				  .value = nw->slug,
				  .maxlength = NETWORK_SLUG_MAX,
				  .error = admin_error_of(errors, nerr, "slug") });
	const struct form_option kinds[] = {
		{ "broad", _("Broad network: for every condition"),
		  _("For colleagues with any disability, chronic illness, mental-health condition "
		    "or form of neurodivergence, and their allies."),
		  NULL },
		{ "narrow", _("Network with a theme"),
		  _("For example autism, visual impairment, chronic illness or mental health."),
		  NULL },
	};
	form_radios(
	    o, &(struct form_choice){ .name = "kind",
				      .legend = arena_printf(&r->arena, "%s %s",
							     _("Kind of network"), _("(required)")),
				      .options = kinds,
				      .noptions = ARRAY_SIZE(kinds),
				      .selected = kind,
				      .error = admin_error_of(errors, nerr, "kind") });
	text_field(o, "summary", _("Summary"), _("One or two sentences: what the network is."),
		   nw->summary, lang, errors, nerr);
	if (is_new)
		return; /* the rest follows on the network's own page */
	text_field(o, "target_group", _("Target group"),
		   _("Who the network is for, in the network's own words."), nw->target_group, lang,
		   errors, nerr);

	html_fmt(o,
		 "<fieldset class=\"fieldset field\">\n<legend class=\"legend\">%s</legend>\n"
		 "<p class=\"hint\">%s</p>\n",
		 _("Goals"),
		 _("What the network wants to achieve, at three levels. Leave empty what does "
		   "not apply yet."));
	text_field(o, "goal_individual", _("For the individual employee"), NULL,
		   nw->goal_individual, lang, errors, nerr);
	text_field(o, "goal_group", _("For the group"), NULL, nw->goal_group, lang, errors, nerr);
	text_field(o, "goal_organisation", _("For the organisation"), NULL, nw->goal_organisation,
		   lang, errors, nerr);
	html_lit(o, "</fieldset>\n");

	html_fmt(o,
		 "<fieldset class=\"fieldset field\">\n<legend class=\"legend\">%s</legend>\n"
		 "<p class=\"hint\">%s</p>\n",
		 _("Short plan"), _("The plan for this year, in a few lines per part."));
	text_field(o, "plan_goal", _("Goal"), NULL, nw->plan_goal, lang, errors, nerr);
	text_field(o, "plan_activities", _("Activities"), NULL, nw->plan_activities, lang, errors,
		   nerr);
	text_field(o, "plan_effects", _("Intended effects"), NULL, nw->plan_effects, lang, errors,
		   nerr);
	text_field(o, "plan_planning", _("Planning"), NULL, nw->plan_planning, lang, errors, nerr);
	text_field(o, "plan_budget", _("Budget"), NULL, nw->plan_budget, lang, errors, nerr);
	html_lit(o, "</fieldset>\n");

	form_input(o, &(struct form_field){
			  .name = "position",
			  .label = _("Place in the organisation"),
			  .hint = _("Where the network formally belongs, for example under HR "
				    "or under Diversity and Inclusion."),
			  .value = nw->position,
			  .lang = lang,
			  .maxlength = NETWORK_LINE_MAX,
			  .error = admin_error_of(errors, nerr, "position") });
	form_input(o, &(struct form_field){
			  .name = "contact_email",
			  .label = _("E-mail address for questions"),
			  .hint = _("Preferably an address of the network, not of one person. "
				    "It is shown on the open page."),
			  .value = nw->contact_email,
			  .type = "email",
			  .autocomplete = "off",
			  .maxlength = 254,
			  .error = admin_error_of(errors, nerr, "contact_email") });
}

/* The network as sent in the form; *kind the radio's value ("" when none was chosen). */
static void
network_from_form(struct request *r, struct network *nw, const char **kind)
{
	*kind = admin_field(r, "kind");
	nw->name = admin_field(r, "name");
	nw->kind = strcmp(*kind, "broad") == 0 ? NETWORK_BROAD : NETWORK_NARROW;
	nw->summary = admin_field(r, "summary");
	nw->target_group = admin_field(r, "target_group");
	nw->goal_individual = admin_field(r, "goal_individual");
	nw->goal_group = admin_field(r, "goal_group");
	nw->goal_organisation = admin_field(r, "goal_organisation");
	nw->position = admin_field(r, "position");
	nw->contact_email = admin_field(r, "contact_email");
	nw->plan_goal = admin_field(r, "plan_goal");
	nw->plan_activities = admin_field(r, "plan_activities");
	nw->plan_effects = admin_field(r, "plan_effects");
	nw->plan_planning = admin_field(r, "plan_planning");
	nw->plan_budget = admin_field(r, "plan_budget");
}

/* Checks the form; the kind must be one of the two. The errors come in the order of the
 * form: name, web address, kind, then the rest. Returns how many; errors has room for
 * ORG_PROBLEMS_MAX + 1. */
static size_t
network_errors(const struct network *nw, const char *kind, bool is_new, struct form_error *errors)
{
	struct org_problem problems[ORG_PROBLEMS_MAX];
	size_t np = org_network_check(nw, is_new, problems), nerr = 0;
	for (size_t i = 0; i < np; i++)
		if (strcmp(problems[i].field, "name") == 0 ||
		    strcmp(problems[i].field, "slug") == 0)
			errors[nerr++] =
			    (struct form_error){ problems[i].field, _(problems[i].message) };
	if (strcmp(kind, "broad") != 0 && strcmp(kind, "narrow") != 0)
		errors[nerr++] = (struct form_error){
			"kind",
			_("Choose the kind of network: for every condition, or with a theme.")
		};
	for (size_t i = 0; i < np; i++)
		if (strcmp(problems[i].field, "name") != 0 &&
		    strcmp(problems[i].field, "slug") != 0)
			errors[nerr++] =
			    (struct form_error){ problems[i].field, _(problems[i].message) };
	return nerr;
}

/* Takes the error of field out of errors. */
static size_t
drop_error(struct form_error *errors, size_t n, const char *field)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(errors[i].field, field) != 0)
			errors[k++] = errors[i];
	return k;
}

static void
new_page(struct request *r, const struct network *nw, const char *kind,
	 const struct form_error *errors, size_t nerr)
{
	struct page pg = {
		.title = _("Add a network"),
		.lead = _("Start with the name, the web address and the kind of network. After "
			  "that you can describe the rest: target group, goals and plan."),
		.has_errors = nerr > 0,
	};
	admin_begin(r, &pg, _("Networks"), "/admin/networks");
	struct strbuf *o = &r->out;
	form_error_summary(o, errors, nerr);
	form_begin(o, "/admin/networks/new", r->csrf_token);
	network_fields(r, nw, true, kind, errors, nerr);
	form_submit(o, _("Add network"));
	form_end(o);
	view_end(r);
}

/* Every problem of the network forms is shown. */
_Static_assert(ORG_PROBLEMS_MAX + 2 <= FORM_PROBLEMS_MAX, "form_page drops network problems");

/* The form for a new network: the network as sent, and the kind's value as sent. */
struct new_network {
	struct network nw;
	const char *kind;
};

static int
new_render(struct form_page *fp)
{
	const struct new_network *f = fp->values;
	new_page(fp->r, &f->nw, f->kind, fp->problems, fp->nproblems);
	return KR_OK;
}

static int
new_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct new_network *f = fp->values;
	struct network *nw = &f->nw;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	network_from_form(r, nw, &f->kind);
	const char *slug_typed = admin_field(r, "slug");
	nw->slug = slug_typed[0] ? slug_typed : org_slug_from_name(&r->arena, nw->name);
	struct form_error errors[ORG_PROBLEMS_MAX + 2];
	size_t nerr = network_errors(nw, f->kind, true, errors);
	const char *taken = _("This web address is taken. Choose another one.");
	if (!slug_typed[0]) {
		/* Made from the name: when the name gives nothing to make it from, ask for one
		 * (unless the name itself is missing, which is said already). */
		nerr = drop_error(errors, nerr, "slug");
		if (!nw->slug[0] && nw->name[0])
			errors[nerr++] = (struct form_error){
				"slug", _("Type a web address for the network, for example "
					  "autism-network.")
			};
	}
	/* "new" is the address of this form. */
	if (strcmp(nw->slug, "new") == 0 && !admin_error_of(errors, nerr, "slug"))
		errors[nerr++] = (struct form_error){ "slug", taken };
	if (!nerr) {
		int err = org_network_add(c, nw, NULL);
		if (err == KR_ECONFLICT)
			errors[nerr++] = (struct form_error){ "slug", taken };
		else if (err)
			return err;
	}
	if (nerr) {
		if (!slug_typed[0] && !admin_error_of(errors, nerr, "slug"))
			nw->slug = ""; /* as it was sent */
		for (size_t i = 0; i < nerr; i++)
			form_problem(fp, errors[i].field, errors[i].message);
		return KR_OK;
	}
	fp->done = arena_printf(&r->arena, "/admin/networks/%s?done=added", nw->slug);
	return KR_OK;
}

static const struct form_page_ops new_network_ops = { new_save, new_render };

int
page_admin_network_new(struct request *r)
{
	struct new_network f = { .nw = { .name = "" } };
	return form_page_show(r, &new_network_ops, &f);
}

int
page_admin_network_new_post(struct request *r)
{
	struct new_network f = { 0 };
	return form_page_post(r, &new_network_ops, &f);
}

/* ---- editing a network, and its roles ---- */

static const char *const role_values[] = { "contact",	"ambassador", "chair", "vice_chair",
					   "secretary", "treasurer",  "core" };

static const char *
role_words(const char *role)
{
	if (strcmp(role, "contact") == 0)
		return _("Contact point (HR)");
	if (strcmp(role, "ambassador") == 0)
		return _("Ambassador");
	if (strcmp(role, "chair") == 0)
		return _("Chair");
	if (strcmp(role, "vice_chair") == 0)
		return _("Vice-chair");
	if (strcmp(role, "secretary") == 0)
		return _("Secretary");
	if (strcmp(role, "treasurer") == 0)
		return _("Treasurer");
	return _("Core team");
}

struct role_form {
	const char *email, *role;
	const struct form_error *errors;
	size_t nerr;
	int64_t conflict_id; /* the holder whose removal failed, for the error's link */
};

static const char *
edit_notice(struct request *r)
{
	const char *d = req_query(r, "done");
	if (!d)
		return NULL;
	if (strcmp(d, "added") == 0)
		return _("The network has been added. You can now fill in the rest.");
	if (strcmp(d, "saved") == 0)
		return _("The network has been saved.");
	if (strcmp(d, "role") == 0)
		return _("The role has been given.");
	if (strcmp(d, "removed") == 0)
		return _("The role has been removed.");
	return NULL;
}

static int
edit_page(struct request *r, const struct network *stored, const struct network *nw,
	  const char *kind, const struct form_error *errors, size_t nerr,
	  const struct role_form *rf)
{
	struct db_conn *c = app_db(r);
	struct network_role_holder *holders;
	size_t nholders;
	int err = org_network_roles(c, &r->arena, stored->id, &holders, &nholders);
	if (err)
		return err;
	const char *path = arena_printf(&r->arena, "/admin/networks/%s", stored->slug);
	struct page pg = {
		.title = stored->name,
		.has_errors = nerr > 0 || rf->nerr > 0,
		.notice = edit_notice(r),
	};
	admin_begin(r, &pg, _("Networks"), "/admin/networks");
	struct strbuf *o = &r->out;
	form_error_summary(o, errors, nerr);
	form_error_summary(o, rf->errors, rf->nerr);
	html_lit(o, "<p><a href=\"/n/");
	html_url_part(o, stored->slug);
	html_fmt(o, "\">%s</a></p>\n", _("See the open page of this network"));
	html_fmt(o,
		 "<nav aria-labelledby=\"on-this-page\">\n<h2 id=\"on-this-page\" "
		 "class=\"meta\">%s</h2>\n"
		 "<ul>\n<li><a href=\"#details\">%s</a></li>\n<li><a href=\"#roles\">%s</a></li>\n"
		 "</ul>\n</nav>\n",
		 _("On this page"), _("Description"), _("Roles in this network"));

	html_fmt(o, "<h2 id=\"details\">%s</h2>\n", _("Description"));
	form_begin(o, path, r->csrf_token);
	network_fields(r, nw, false, kind, errors, nerr);
	form_submit(o, _("Save the description"));
	form_end(o);

	html_fmt(o, "<h2 id=\"roles\">%s</h2>\n<p>%s</p>\n", _("Roles in this network"),
		 _("The contact point, the ambassador and the core team are named on the open "
		   "page of the network. Who is a member is never shown here."));
	if (nholders == 0) {
		html_fmt(o, "<p>%s</p>\n", _("Nobody has a role in this network yet."));
	} else {
		admin_table_begin(r, "roles-caption", _("People with a role"));
		html_fmt(o,
			 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>\n</thead>\n"
			 "<tbody>\n",
			 _("Name"), _("E-mail address"), _("Role"), _("Remove"));
		for (size_t i = 0; i < nholders; i++) {
			const struct network_role_holder *h = &holders[i];
			html_fmt(o, "<tr><th scope=\"row\">%s", h->name);
			if (h->disabled)
				html_fmt(o, " <span class=\"meta\">(%s)</span>",
					 _("account disabled"));
			html_fmt(o, "</th><td>%s</td><td>%s</td><td>", h->email, _(h->role_label));
			/* A small form of its own in the cell: form_begin()'s spacing is for a
			 * page's main form. */
			html_fmt(o,
				 "<form class=\"inline-form\" method=\"post\" action=\"%s/roles\" "
				 "novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
				 "<input type=\"hidden\" name=\"account\" value=\"%lld\">\n"
				 "<input type=\"hidden\" name=\"role\" value=\"none\">\n"
				 "<button type=\"submit\" class=\"button button-small "
				 "button-secondary\">%s</button>\n</form>\n",
				 path, r->csrf_token ? r->csrf_token : "", (long long)h->account_id,
				 admin_fill(r, _("Remove the role of {name}"), h->name));
			html_lit(o, "</td></tr>\n");
		}
		html_lit(o, "</tbody>\n");
		admin_table_end(r);
	}

	html_fmt(o, "<h3>%s</h3>\n", _("Give someone a role"));
	form_begin(o, arena_printf(&r->arena, "%s/roles", path), r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "email",
			  .label = _("E-mail address of the person"),
			  .hint = _("The person needs an account. No account yet? Invite them "
				    "first on the page Accounts."),
			  .value = rf->email,
			  .type = "email",
			  .autocomplete = "off",
			  .maxlength = 254,
			  .required = true,
			  .error = admin_error_of(rf->errors, rf->nerr, "email") });
	struct form_option roles[ARRAY_SIZE(role_values)];
	for (size_t i = 0; i < ARRAY_SIZE(role_values); i++)
		roles[i] =
		    (struct form_option){ role_values[i], role_words(role_values[i]), NULL, NULL };
	form_radios(o, &(struct form_choice){
			   .name = "role",
			   .legend = arena_printf(&r->arena, "%s %s", _("Role"), _("(required)")),
			   .hint = _("One role per person in a network: a new role replaces "
				     "the old one."),
			   .options = roles,
			   .noptions = ARRAY_SIZE(roles),
			   .selected = rf->role,
			   .error = admin_error_of(rf->errors, rf->nerr, "role") });
	form_submit(o, _("Give the role"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
load_network(struct request *r, struct db_conn *c, struct network *nw)
{
	const char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	return org_network_by_slug(c, &r->arena, slug, nw);
}

int
page_admin_network(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct network nw;
	int err = load_network(r, c, &nw);
	if (err)
		return err;
	return edit_page(r, &nw, &nw, nw.kind == NETWORK_BROAD ? "broad" : "narrow", NULL, 0,
			 &(struct role_form){ 0 });
}

/* The description form: the network as stored (its name in the trail) and as sent. */
struct network_post {
	struct network stored, nw;
	const char *kind;
};

static int
network_render(struct form_page *fp)
{
	struct network_post *f = fp->values;
	return edit_page(fp->r, &f->stored, &f->nw, f->kind, fp->problems, fp->nproblems,
			 &(struct role_form){ 0 });
}

static int
network_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct network_post *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = load_network(r, c, &f->stored);
	if (err)
		return err;
	network_from_form(r, &f->nw, &f->kind);
	f->nw.id = f->stored.id;
	f->nw.slug = f->stored.slug;
	struct form_error errors[ORG_PROBLEMS_MAX + 1];
	size_t nerr = network_errors(&f->nw, f->kind, false, errors);
	for (size_t i = 0; i < nerr; i++)
		form_problem(fp, errors[i].field, errors[i].message);
	if (nerr)
		return KR_OK;
	if ((err = org_network_update(c, r->user_id, &f->nw)))
		return err;
	fp->done = arena_printf(&r->arena, "/admin/networks/%s?done=saved", f->stored.slug);
	return KR_OK;
}

int
page_admin_network_post(struct request *r)
{
	static const struct form_page_ops ops = { network_save, network_render };
	struct network_post f = { 0 };
	return form_page_post(r, &ops, &f);
}

/* The role form: the network, and the address and role as sent. */
struct role_post {
	struct network nw;
	const char *email, *role;
};

static int
role_render(struct form_page *fp)
{
	struct role_post *f = fp->values;
	return edit_page(fp->r, &f->nw, &f->nw, f->nw.kind == NETWORK_BROAD ? "broad" : "narrow",
			 NULL, 0,
			 &(struct role_form){ .email = f->email,
					      .role = f->role,
					      .errors = fp->problems,
					      .nerr = fp->nproblems });
}

static int
role_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct role_post *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = load_network(r, c, &f->nw);
	if (err)
		return err;
	const char *role = f->role = admin_field(r, "role");
	const char *email = f->email = admin_field(r, "email");
	const char *account = admin_field(r, "account");
	int64_t account_id = 0;
	enum network_role_kind kind = NROLE_NONE;

	if (strcmp(role, "none") == 0) {
		/* Removing: the button names the account by its id. */
		long id;
		struct account acc;
		if (str_to_long(str_from(account), 1, LONG_MAX, &id) ||
		    auth_account_by_id(c, &r->arena, id, &acc))
			return KR_ENOTFOUND;
		account_id = id;
	} else {
		struct account acc;
		const char *norm;
		if (!email[0])
			form_problem(fp, "email", _("Type the e-mail address of the person."));
		else if (auth_email_normalise(&r->arena, email, &norm))
			form_problem(fp, "email",
				     _("Type an e-mail address like name@example.org."));
		else if ((err = auth_account_by_email(c, &r->arena, norm, &acc)) == KR_ENOTFOUND)
			form_problem(fp, "email",
				     _("There is no account with this e-mail address. Invite the "
				       "person first on the page Accounts."));
		else if (err)
			return err;
		else
			account_id = acc.id;
		kind = network_role_parse(role);
		if (kind == NROLE_NONE)
			form_problem(fp, "role", _("Choose a role."));
	}
	if (form_page_failed(fp))
		return KR_OK;
	/* through the core team's service, so that a term is recorded (src/app/coreteam) */
	if ((err = coreteam_set_role(c, r->user_id, f->nw.id, account_id, kind, time_now())))
		return err;
	fp->done = arena_printf(&r->arena, "/admin/networks/%s?done=%s", f->nw.slug,
				kind == NROLE_NONE ? "removed" : "role");
	return KR_OK;
}

int
page_admin_network_role_post(struct request *r)
{
	static const struct form_page_ops ops = { role_save, role_render };
	struct role_post f = { 0 };
	return form_page_post(r, &ops, &f);
}
