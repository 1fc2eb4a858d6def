// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: "my data": everything Kring holds about the signed-in person, on a page and as a
 * JSON download, and deleting one's own account. */
#include "app/app.h"
#include "app/common/view.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/photo/photo.h"
#include "app/me/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "http/server.h"
#include <jansson.h>
#include <sodium.h>

struct me {
	struct account acc;
	unsigned roles;
	struct membership *ms;
	size_t nms;
	const char **group_names;	/* per membership: "Network" or "Network › Subgroup" */
	struct coordinator_role *coord; /* asked to coordinate, or coordinating */
	size_t ncoord;
	const unsigned char *photo; /* NULL: none */
	size_t photo_len;
	int64_t photo_at;
};

static int
me_load(struct request *r, struct me *me)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = auth_account_by_id(c, &r->arena, r->user_id, &me->acc);
	if (err || (err = auth_roles_of(c, r->user_id, &me->roles)) ||
	    (err =
		 members_of_account(c, &r->app->keys, &r->arena, r->user_id, &me->ms, &me->nms)) ||
	    (err = subgroup_coordinator_roles(c, &r->arena, r->user_id, &me->coord, &me->ncoord)))
		return err;
	me->photo = NULL;
	err = photo_get(c, &r->arena, r->user_id, &me->photo, &me->photo_len, &me->photo_at);
	if (err == KR_ENOTFOUND)
		me->photo = NULL;
	else if (err)
		return err;
	struct network *nws;
	size_t nn;
	if ((err = org_networks(c, &r->arena, &nws, &nn)))
		return err;
	me->group_names = ARENA_ARRAY(&r->arena, const char *, me->nms ? me->nms : 1);
	for (size_t i = 0; i < me->nms; i++) {
		const char *name = "?";
		for (size_t k = 0; k < nn; k++)
			if (nws[k].id == me->ms[i].network_id)
				name = nws[k].name;
		if (me->ms[i].subgroup_id) {
			struct subgroup *subs;
			size_t ns;
			if ((err = subgroups_of(c, &r->arena, me->ms[i].network_id, &subs, &ns)))
				return err;
			for (size_t k = 0; k < ns; k++)
				if (subs[k].id == me->ms[i].subgroup_id)
					name =
					    arena_printf(&r->arena, "%s › %s", name, subs[k].name);
		}
		me->group_names[i] = name;
	}
	return KR_OK;
}

static const char *
appearance_text(enum appearance a)
{
	return a == APPEAR_VISIBLE     ? _("visible")
	       : a == APPEAR_PSEUDONYM ? _("pseudonym")
				       : _("silent follower");
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
	html_fmt(o, "<dt>%s</dt><dd>", _("Photo"));
	if (me.photo)
		html_fmt(o, "<a href=\"/account/photo.jpg\">%s</a>", _("your photo (JPEG)"));
	else
		html_fmt(o, "%s", _("none"));
	html_lit(o, "</dd>\n</dl>\n");
	html_fmt(o, "<h2>%s</h2>\n", _("Your memberships"));
	if (!me.nms) {
		html_fmt(o, "<p>%s</p>\n", _("You are not a member of any network or subgroup."));
	} else {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < me.nms; i++) {
			const struct member_choice *ch = &me.ms[i].choice;
			html_fmt(o, "<li><strong>%s</strong>: %s", me.group_names[i],
				 appearance_text(ch->appearance));
			if (ch->appearance == APPEAR_PSEUDONYM)
				html_fmt(o, " (%s)", ch->pseudonym);
			if (ch->line && *ch->line)
				html_fmt(o, "; %s", ch->line);
			if (ch->ally)
				html_fmt(o, "; %s", _("ally"));
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Coordinating a subgroup"));
	if (!me.ncoord) {
		html_fmt(o, "<p>%s</p>\n",
			 _("You do not coordinate a subgroup, and nobody has asked "
			   "you to."));
	} else {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < me.ncoord; i++)
			html_fmt(o, "<li><strong>%s › %s</strong>: %s</li>\n",
				 me.coord[i].network_name, me.coord[i].subgroup_name,
				 me.coord[i].accepted ? _("coordinator")
						      : _("asked, not yet answered"));
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<p><a href=\"/me/coordinator\">%s</a></p>\n",
		 _("Answer a request, or step down as coordinator"));
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
	if (me.photo) {
		/* The photo itself, so that the download holds all of it. */
		size_t b64len =
		    sodium_base64_ENCODED_LEN(me.photo_len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = arena_alloc(&r->arena, b64len);
		sodium_bin2base64(b64, b64len, me.photo, me.photo_len,
				  sodium_base64_VARIANT_ORIGINAL);
		json_t *ph = json_object();
		json_object_set_new(ph, "content_type", json_string("image/jpeg"));
		json_object_set_new(ph, "base64", json_string(b64));
		json_object_set_new(ph, "updated_at", json_integer(me.photo_at));
		json_object_set_new(acc, "photo", ph);
	}
	json_object_set_new(root, "account", acc);
	json_t *ms = json_array();
	for (size_t i = 0; i < me.nms; i++) {
		const struct member_choice *ch = &me.ms[i].choice;
		json_t *m = json_object();
		json_object_set_new(m, "group", json_string(me.group_names[i]));
		json_object_set_new(m, "appearance", json_string(appearance_name(ch->appearance)));
		if (ch->appearance == APPEAR_PSEUDONYM)
			json_object_set_new(m, "pseudonym", json_string(ch->pseudonym));
		if (ch->line && *ch->line)
			json_object_set_new(m, "line", json_string(ch->line));
		json_object_set_new(m, "ally", json_boolean(ch->ally));
		json_object_set_new(m, "joined_at", json_integer(me.ms[i].joined_at));
		json_array_append_new(ms, m);
	}
	json_object_set_new(root, "memberships", ms);
	json_t *roles = json_array();
	for (size_t i = 0; i < me.ncoord; i++) {
		json_t *cr = json_object();
		json_object_set_new(
		    cr, "group",
		    json_string(arena_printf(&r->arena, "%s › %s", me.coord[i].network_name,
					     me.coord[i].subgroup_name)));
		json_object_set_new(cr, "state",
				    json_string(me.coord[i].accepted ? "coordinator" : "asked"));
		if (me.coord[i].asked_at)
			json_object_set_new(cr, "asked_at", json_integer(me.coord[i].asked_at));
		json_array_append_new(roles, cr);
	}
	json_object_set_new(root, "coordinator_roles", roles);
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
