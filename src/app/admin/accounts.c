// SPDX-License-Identifier: AGPL-3.0-or-later
/* accounts.c: the administration of accounts: the list with each account's roles, inviting a
 * colleague, disabling and enabling, and the role in the organisation (administrator, contact
 * point or employee). The administrator manages accounts, not memberships: nothing here says
 * who belongs to which network. */
#include "app/admin/admin.h"
#include "app/auth/auth.h"
#include "app/admin/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "http/server.h"

/* The roles of an account in words: "Administrator, Core team"; "Employee" when it has no
 * other. Network roles are named by kind only, never with their network. */
static const char *
roles_words(struct request *r, unsigned roles)
{
	const struct {
		unsigned bit;
		const char *words;
	} names[] = {
		{ ROLE_ADMIN, _("Administrator") },
		{ ROLE_CONTACT, _("Contact point") },
		{ ROLE_AMBASSADOR, _("Ambassador") },
		{ ROLE_CORE, _("Core team") },
	};
	const char *s = "";
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (roles & names[i].bit)
			s = arena_printf(&r->arena, "%s%s%s", s, s[0] ? ", " : "", names[i].words);
	return s[0] ? s : _("Employee");
}

static const char *
org_role_of(const struct account *a)
{
	return a->is_admin ? "admin" : a->is_contact ? "contact" : "employee";
}

static const char *
accounts_notice(struct request *r)
{
	const char *d = req_query(r, "done");
	if (!d)
		return NULL;
	if (strcmp(d, "invited") == 0)
		return _("The invitation has been sent. The link in it works for two weeks.");
	if (strcmp(d, "disabled") == 0)
		return _(
		    "The account has been disabled. The person has been signed out everywhere.");
	if (strcmp(d, "enabled") == 0)
		return _("The account can be used again.");
	if (strcmp(d, "role") == 0)
		return _("The role has been changed. The person has to sign in again.");
	return NULL;
}

static void
role_form(struct request *r, const struct account *a)
{
	struct strbuf *o = &r->out;
	const struct {
		const char *value, *words;
	} options[] = {
		{ "admin", _("Administrator") },
		{ "contact", _("Contact point") },
		{ "employee", _("Employee") },
	};
	/* aria-label, not a visually hidden <label>: inside a table that scrolls sideways, an
	 * absolutely positioned label would widen the page on a narrow screen. */
	html_fmt(o,
		 "<form class=\"inline-form\" method=\"post\" action=\"/admin/accounts/%lld/role\" "
		 "novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		 "<select class=\"input\" id=\"f-role-%lld\" name=\"role\" aria-label=\"%s\">\n",
		 (long long)a->id, r->csrf_token ? r->csrf_token : "", (long long)a->id,
		 admin_fill(r, _("Role of {name}"), a->name));
	const char *current = org_role_of(a);
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		if (strcmp(options[i].value, current) == 0)
			html_fmt(o, "<option value=\"%s\" selected>%s</option>\n", options[i].value,
				 options[i].words);
		else
			html_fmt(o, "<option value=\"%s\">%s</option>\n", options[i].value,
				 options[i].words);
	}
	/* The accessible name starts with the visible words (WCAG 2.5.3). */
	html_fmt(
	    o,
	    "</select>\n<button type=\"submit\" class=\"button button-small button-secondary\" "
	    "aria-label=\"%s\">%s</button>\n</form>\n",
	    admin_fill(r, _("Change role of {name}"), a->name), _("Change role"));
}

static void
access_form(struct request *r, const struct account *a)
{
	struct strbuf *o = &r->out;
	if (a->id == r->user_id) {
		html_fmt(o, "<span class=\"meta\">%s</span>", _("This is your account"));
		return;
	}
	html_fmt(o,
		 "<form class=\"inline-form\" method=\"post\" action=\"/admin/accounts/%lld/%s\" "
		 "novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		 "<button type=\"submit\" class=\"button button-small button-secondary\" "
		 "id=\"f-access-%lld\">%s</button>\n</form>\n",
		 (long long)a->id, a->disabled ? "enable" : "disable",
		 r->csrf_token ? r->csrf_token : "", (long long)a->id,
		 admin_fill(r,
			    a->disabled ? _("Unblock the account of {name}")
					: _("Block the account of {name}"),
			    a->name));
}

/* The page, with the invitation form's value and errors, or an error about one account. */
static int
accounts_page(struct request *r, const char *email, const struct form_error *errors, size_t nerr)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct account *accounts;
	size_t n;
	int err = auth_accounts(c, &r->arena, &accounts, &n);
	if (err)
		return err;
	struct page pg = {
		.title = _("Accounts"),
		.lead = _("Everyone who can sign in. Roles decide what someone may do; who is a "
			  "member of which network is not shown here."),
		.has_errors = nerr > 0,
		.notice = accounts_notice(r),
	};
	admin_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	form_error_summary(o, errors, nerr);

	html_fmt(o, "<h2>%s</h2>\n", _("Invite a colleague"));
	form_begin(o, "/admin/accounts/invite", r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "email",
			  .label = _("E-mail address"),
			  .hint = _("We send an e-mail with a link to make an account. The link "
				    "works for two weeks."),
			  .value = email,
			  .type = "email",
			  .autocomplete = "off",
			  .maxlength = 254,
			  .required = true,
			  .error = admin_error_of(errors, nerr, "email") });
	form_submit(o, _("Send the invitation"));
	form_end(o);

	html_fmt(o, "<h2>%s</h2>\n", _("All accounts"));
	admin_table_begin(r, "accounts-caption", _("Everyone with an account, sorted by name"));
	html_fmt(o,
		 "<thead>\n<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>\n</thead>\n<tbody>\n",
		 _("Name"), _("E-mail address"), _("Roles"), _("Two-step sign-in"), _("Status"),
		 _("Role in Kring"), _("Access"));
	for (size_t i = 0; i < n; i++) {
		const struct account *a = &accounts[i];
		unsigned roles = 0;
		if ((err = auth_roles_of(c, a->id, &roles)))
			return err;
		html_fmt(o, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td>",
			 a->name, a->email, roles_words(r, roles),
			 a->has_totp ? _("On") : _("Off"));
		const char *status = a->disabled ? _("Disabled")
				     : a->locked ? _("Locked: too many wrong passwords. A new "
						     "password unlocks it.")
						 : _("Active");
		html_fmt(o, "<td>%s</td><td>", status);
		role_form(r, a);
		html_lit(o, "</td><td>");
		access_form(r, a);
		html_lit(o, "</td></tr>\n");
	}
	html_lit(o, "</tbody>\n");
	admin_table_end(r);
	view_end(r);
	return KR_OK;
}

int
page_admin_accounts(struct request *r)
{
	return accounts_page(r, NULL, NULL, 0);
}

/* The invitation form on the accounts page: the address as typed. */
static int
invite_render(struct form_page *fp)
{
	const char *const *email = fp->values;
	return accounts_page(fp->r, *email, fp->problems, fp->nproblems);
}

static int
invite_save(struct form_page *fp)
{
	struct request *r = fp->r;
	const char **email = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	*email = admin_field(r, "email");
	int err = KR_OK;
	if (!(*email)[0])
		form_problem(fp, "email",
			     _("Type the e-mail address of the colleague you want to invite."));
	else if ((err = auth_invite(c, &r->app->keys, r->user_id, *email, r->app->base_url,
				    time_now())) == KR_EINVAL)
		form_problem(fp, "email", _("Type an e-mail address like name@example.org."));
	else if (err == KR_ECONFLICT)
		form_problem(fp, "email",
			     _("There is already an account with this e-mail address."));
	else if (err)
		return err;
	fp->done = "/admin/accounts?done=invited";
	return KR_OK;
}

int
page_admin_invite_post(struct request *r)
{
	static const struct form_page_ops ops = { invite_save, invite_render };
	const char *email = NULL;
	return form_page_post(r, &ops, &email);
}

/* The account in the path, or KR_ENOTFOUND. */
static int
path_account(struct request *r, struct db_conn *c, struct account *a)
{
	int64_t id = admin_id_param(r, 0);
	if (!id)
		return KR_ENOTFOUND;
	return auth_account_by_id(c, &r->arena, id, a);
}

/* Shows the list again with one message about account a, at 409: nothing was changed. */
static int
refused(struct request *r, const struct account *a, const char *field_prefix, const char *message)
{
	r->status = 409;
	const char *field = arena_printf(&r->arena, "%s-%lld", field_prefix, (long long)a->id);
	return accounts_page(r, NULL,
			     &(struct form_error){ field, admin_fill(r, message, a->name) }, 1);
}

static int
set_disabled(struct request *r, bool disabled)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct account a;
	int err = path_account(r, c, &a);
	if (err)
		return err;
	if (disabled && a.id == r->user_id)
		return refused(r, &a, "access",
			       _("You cannot disable your own account. Ask another administrator "
				 "to do it."));
	err = auth_account_set_disabled(c, r->user_id, a.id, disabled);
	if (err == KR_ECONFLICT)
		return refused(r, &a, "access",
			       _("{name} is the only administrator. Make someone else "
				 "administrator first; then you can disable this account."));
	if (err)
		return err;
	resp_redirect(r,
		      disabled ? "/admin/accounts?done=disabled" : "/admin/accounts?done=enabled");
	return KR_OK;
}

int
page_admin_account_disable_post(struct request *r)
{
	return set_disabled(r, true);
}

int
page_admin_account_enable_post(struct request *r)
{
	return set_disabled(r, false);
}

int
page_admin_account_role_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct account a;
	int err = path_account(r, c, &a);
	if (err)
		return err;
	const char *role = admin_field(r, "role");
	bool admin = strcmp(role, "admin") == 0, contact = strcmp(role, "contact") == 0;
	if (!admin && !contact && strcmp(role, "employee") != 0)
		return KR_EINVAL; /* the list offers nothing else */
	if (strcmp(role, org_role_of(&a)) == 0 && !(a.is_admin && a.is_contact)) {
		resp_redirect(r, "/admin/accounts");
		return KR_OK;
	}
	/* Administrator first: when that is refused (the last administrator), nothing at all
	 * has changed. */
	err = auth_set_admin(c, r->user_id, a.id, admin);
	if (err == KR_ECONFLICT)
		return refused(r, &a, "role",
			       _("{name} is the only administrator. Make someone else "
				 "administrator first; then you can change this role."));
	if (err || (err = auth_set_contact(c, r->user_id, a.id, contact)))
		return err;
	resp_redirect(r, "/admin/accounts?done=role");
	return KR_OK;
}
