// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: a person's own photo: see it, upload a new one, remove it. Other people see it only
 * in the directories of groups where its owner chose to be visible (members/pages.c). */
#include "app/app.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/photo/photo.h"
#include "app/photo/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include <sodium.h>

static void
photo_page(struct request *r, bool has_photo, const struct form_page *fp)
{
	const char *problem = form_problem_of(fp, "photo");
	const struct crumb crumbs[] = { { _("My account"), "/account", NULL },
					{ _("Your photo"), NULL, NULL } };
	const char *done = req_query(r, "done");
	const char *notice = NULL;
	if (!problem && done)
		notice = strcmp(done, "removed") == 0 ? _("Your photo is removed.")
						      : _("Your photo is saved.");
	const struct page pg = {
		.title = _("Your photo"),
		.lead =
		    _("Your photo is shown next to your name in the networks and subgroups where "
		      "you chose to be visible, and nowhere else."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = problem != NULL,
		.notice = notice,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (problem)
		form_error_summary(o, fp->problems, fp->nproblems);
	if (has_photo) {
		html_fmt(
		    o,
		    "<h2>%s</h2>\n<p><img class=\"photo photo-large\" src=\"/account/photo.jpg\" "
		    "alt=\"%s\" width=\"128\" height=\"128\"></p>\n",
		    _("Your photo now"), _("Your photo as others see it"));
		form_begin(o, "/account/photo/remove", r->csrf_token);
		form_submit(o, _("Remove your photo"));
		form_end(o);
	}
	html_fmt(o, "<h2>%s</h2>\n", has_photo ? _("Choose another photo") : _("Add a photo"));
	form_begin_upload(o, "/account/photo", r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "photo",
			  .label = _("Photo"),
			  .hint = _("A JPEG or PNG file of at most 10 MB. Kring keeps a small "
				    "square copy of the middle of it, without the hidden details "
				    "a photo file can hold, such as where and when it was taken."),
			  .type = "file",
			  .accept = "image/jpeg,image/png",
			  .error = problem });
	form_submit(o, _("Save photo"));
	form_end(o);
	view_end(r);
}

/* The photo page as it is now: with the current photo if there is one. An upload is not
 * shown again: the form keeps no value of its own. */
static int
show_page(struct form_page *fp)
{
	struct db_conn *c = app_db(fp->r);
	if (!c)
		return KR_EDB;
	bool has;
	int err = photo_exists(c, fp->r->user_id, &has);
	if (err)
		return err;
	photo_page(fp->r, has, fp);
	return KR_OK;
}

static int
save_photo(struct form_page *fp)
{
	struct request *r = fp->r;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const struct upload *u = req_file(r, "photo");
	const char *problem = NULL;
	int err =
	    photo_set(c, r->user_id, u ? u->data : NULL, u ? u->len : 0, time_now(), &problem);
	if (err == KR_EINVAL) {
		form_problem(fp, "photo", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/account/photo?done=saved";
	return KR_OK;
}

static const struct form_page_ops photo_form_ops = { save_photo, show_page };

int
page_photo(struct request *r)
{
	return form_page_show(r, &photo_form_ops, NULL);
}

int
page_photo_post(struct request *r)
{
	return form_page_post(r, &photo_form_ops, NULL);
}

int
page_photo_remove_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = photo_remove(c, r->user_id);
	/* Removing what is already gone (a second click) changes nothing and says so. */
	if (err && err != KR_ENOTFOUND)
		return err;
	resp_redirect(r, "/account/photo?done=removed");
	return KR_OK;
}

int
page_photo_own(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const unsigned char *data;
	size_t len;
	int64_t at;
	int err = photo_get(c, &r->arena, r->user_id, &data, &len, &at);
	if (err)
		return err;
	return view_bytes(r, "image/jpeg", data, len);
}

/* "My data": the photo, linked on the page and whole (base64) in the download, inside its
 * "account" object: the photo belongs to the account. */
int
photo_my_data(struct my_data *md)
{
	const unsigned char *data;
	size_t len;
	int64_t at;
	int err = photo_get(md->c, md->a, md->account_id, &data, &len, &at);
	if (err && err != KR_ENOTFOUND)
		return err;
	bool has = err == KR_OK;
	if (md->json) {
		json_t *acc = json_object_get(md->json, "account");
		if (!has || !acc)
			return KR_OK;
		size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = arena_alloc(md->a, b64len);
		sodium_bin2base64(b64, b64len, data, len, sodium_base64_VARIANT_ORIGINAL);
		json_t *ph = json_object();
		json_object_set_new(ph, "content_type", json_string("image/jpeg"));
		json_object_set_new(ph, "base64", json_string(b64));
		json_object_set_new(ph, "updated_at", json_integer(at));
		json_object_set_new(acc, "photo", ph);
		return KR_OK;
	}
	html_fmt(md->html, "<h2>%s</h2>\n<p>", _("Your photo"));
	if (has)
		html_fmt(md->html, "<a href=\"/account/photo.jpg\">%s</a>", _("your photo (JPEG)"));
	else
		html_fmt(md->html, "%s", _("none"));
	html_lit(md->html, "</p>\n");
	return KR_OK;
}
