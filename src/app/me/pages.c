// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: "my data": everything Kring holds about the signed-in person, on a page and as a
 * JSON download, and deleting one's own account. */
#include "app/app.h"
#include "app/common/view.h"
#include "app/feature.h"
#include "app/me/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "http/server.h"
#include <jansson.h>

struct me {
	struct account acc;
	unsigned roles;
};

static int
me_load(struct request *r, struct me *me)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = auth_account_by_id(c, &r->arena, r->user_id, &me->acc);
	if (!err)
		err = auth_roles_of(c, r->user_id, &me->roles);
	return err;
}

/* Every feature's part of "my data", for the page (html) or the download (json). */
static int
me_features(struct request *r, struct strbuf *html, json_t *json)
{
	struct my_data md = {
		.c = app_db(r),
		.k = &r->app->keys,
		.a = &r->arena,
		.account_id = r->user_id,
		.html = html,
		.json = json,
	};
	return md.c ? features_my_data(&md) : KR_EDB;
}

int
page_me_data(struct request *r)
{
	struct me me;
	int err = me_load(r, &me);
	if (err)
		return err;
	const struct crumb crumbs[] = { { _("My account"), "/account", NULL },
					{ _("My data"), NULL, NULL } };
	const struct page pg = {
		.title = _("My data"),
		.lead = _("Everything Kring holds about you. Nobody else sees this page."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p><a href=\"/me/data.json\" download>%s</a></p>\n",
		 _("Download all of it (JSON, for other programs)"));
	html_fmt(o, "<h2>%s</h2>\n<dl class=\"facts\">\n", _("Your account"));
	html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", _("Name"), me.acc.name,
		 _("E-mail address"), me.acc.email);
	html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Two-step sign-in"),
		 me.acc.has_totp ? _("on") : _("off"));
	html_fmt(o, "<dt>%s</dt><dd>%s</dd>\n", _("Display preferences"),
		 me.acc.prefs[0] ? me.acc.prefs : _("none saved"));
	html_lit(o, "</dl>\n");
	if ((err = me_features(r, o, NULL)))
		return err;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("What else Kring keeps"),
		 _("Kring keeps your password and your sessions only as scrambled values that "
		   "cannot be turned back. The audit log keeps the number of your account with "
		   "the times you signed in and changes to your account. It never records what "
		   "you joined. If you organise a group, it records when you opened its member "
		   "list."));
	html_fmt(o, "<h2>%s</h2>\n<p><a href=\"/me/delete\">%s</a></p>\n", _("Delete your account"),
		 _("Delete your account and everything Kring holds about you"));
	view_end(r);
	return KR_OK;
}

int
page_me_data_json(struct request *r)
{
	struct me me;
	int err = me_load(r, &me);
	if (err)
		return err;
	json_t *root = json_object();
	json_t *acc = json_object();
	json_object_set_new(acc, "name", json_string(me.acc.name));
	json_object_set_new(acc, "email", json_string(me.acc.email));
	json_object_set_new(acc, "administrator", json_boolean(me.roles & ROLE_ADMIN));
	json_object_set_new(acc, "contact_point", json_boolean(me.roles & ROLE_CONTACT));
	json_object_set_new(acc, "two_step_sign_in", json_boolean(me.acc.has_totp));
	json_object_set_new(acc, "display_preferences", json_string(me.acc.prefs));
	json_object_set_new(root, "account", acc);
	if ((err = me_features(r, NULL, root))) {
		json_decref(root);
		return err;
	}
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(root);
	if (!text)
		return KR_EINTERNAL;
	strbuf_addstr(&r->out, text); /* raw: text/plain */
	strbuf_addch(&r->out, '\n');  /* raw: text/plain */
	free(text);
	r->content_type = "application/json; charset=utf-8";
	resp_header(r, "Content-Disposition", "attachment; filename=\"kring-my-data.json\"");
	return KR_OK;
}

int
page_me_delete(struct request *r)
{
	const struct crumb crumbs[] = { { _("My account"), "/account", NULL },
					{ _("Delete your account"), NULL, NULL } };
	const struct page pg = { .title = _("Delete your account"),
				 .lead = _("Step 1 of 2: are you sure?"),
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n<p>%s</p>\n",
		 _("Your account, your memberships and pseudonyms and everything else Kring "
		   "holds about you are erased at once. Only the audit log keeps its lines "
		   "with the number of your account, without your name. This cannot be "
		   "undone."),
		 _("Want to keep a copy? Download your data first from the page My data."));
	form_begin(o, "/me/delete", r->csrf_token);
	form_submit(o, _("Yes, delete my account"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/me/data\">%s</a></p>\n", _("No, keep my account"));
	view_end(r);
	return KR_OK;
}

int
page_me_delete_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = auth_account_delete(c, &r->app->keys, r->user_id);
	if (err == KR_ECONFLICT) {
		r->status = 409;
		const struct page pg = { .title = _("You are the only administrator") };
		view_begin(r, &pg);
		html_fmt(&r->out, "<p>%s</p>\n",
			 _("Make someone else administrator first. Then you can delete your "
			   "account. Nothing has been changed."));
		view_end(r);
		return KR_OK;
	}
	if (err)
		return err;
	resp_cookie(r, SESSION_COOKIE, "", 0, COOKIE_HTTPONLY);
	resp_redirect(r, "/?deleted=1");
	return KR_OK;
}
