// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: a person's own photo: see it, upload a new one, remove it. Other people see it only
 * in the directories of groups where its owner chose to be visible (members/pages.c). */
#include "app/app.h"
#include "app/common/view.h"
#include "app/photo/photo.h"
#include "app/photo/pages.h"
#include "base/i18n.h"
#include "base/log.h"

int photo_respond(struct request *r, const unsigned char *data, size_t len);

static void
photo_page(struct request *r, bool has_photo, const char *problem)
{
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
		form_error_summary(o, &(struct form_error){ "photo", _(problem) }, 1);
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
			  .error = problem ? _(problem) : NULL });
	form_submit(o, _("Save photo"));
	form_end(o);
	view_end(r);
}

/* The photo page as it is now: with the current photo if there is one. */
static int
show_page(struct request *r, const char *problem)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	bool has;
	int err = photo_exists(c, r->user_id, &has);
	if (err)
		return err;
	photo_page(r, has, problem);
	return KR_OK;
}

int
page_photo(struct request *r)
{
	return show_page(r, NULL);
}

int
page_photo_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const struct upload *u = req_file(r, "photo");
	const char *problem = NULL;
	int err =
	    photo_set(c, r->user_id, u ? u->data : NULL, u ? u->len : 0, time_now(), &problem);
	if (err == KR_EINVAL) {
		r->status = 400;
		return show_page(r, problem);
	}
	if (err)
		return err;
	resp_redirect(r, "/account/photo?done=saved");
	return KR_OK;
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

/* Writes a stored photo as the response. */
int
photo_respond(struct request *r, const unsigned char *data, size_t len)
{
	r->content_type = "image/jpeg";
	strbuf_add(&r->out, data, len); /* raw: text/plain */
	return strbuf_ok(&r->out) ? KR_OK : KR_EINTERNAL;
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
	return photo_respond(r, data, len);
}
