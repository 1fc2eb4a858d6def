// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the administrator's retention settings. */
#include "app/app.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/retention/retention.h"
#include "app/retention/pages.h"
#include "base/i18n.h"

/* The form's values: the settings as saved, and what the person typed (NULL on a GET). */
struct retention_form {
	struct retention_settings s;
	const char *mail_v, *acc_v;
};

static int
retention_render(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct retention_form *f = fp->values;
	const struct crumb crumbs[] = { { _("Administration"), "/admin", NULL },
					{ _("How long Kring keeps data"), NULL, NULL } };
	const struct page pg = {
		.title = _("How long Kring keeps data"),
		.lead =
		    _("Once a day, Kring erases what it no longer needs. Used and expired links, "
		      "ended sessions and old sign-in attempts go after one day. How long it "
		      "keeps sent e-mail and blocked accounts, you choose here."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
		.notice = req_query(r, "done") ? _("The settings are saved.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	char mail[24], acc[24];
	snprintf(mail, sizeof(mail), "%lld", (long long)f->s.keep_sent_mail_days);
	snprintf(acc, sizeof(acc), "%lld", (long long)f->s.keep_blocked_accounts_days);
	form_begin(o, "/admin/retention", r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "mail_days",
			  .label = _("Days to keep sent e-mail"),
			  .hint = _("Only the address and the subject are kept after sending; the "
				    "text is erased at once. 1 to 3650 days."),
			  .value = f->mail_v ? f->mail_v : mail,
			  .type = "number",
			  .min = RETENTION_MAIL_DAYS_MIN,
			  .max = RETENTION_MAIL_DAYS_MAX,
			  .required = true,
			  .error = form_problem_of(fp, "mail_days") });
	form_input(o, &(struct form_field){
			  .name = "account_days",
			  .label = _("Days before a blocked account is erased"),
			  .hint = _("Erased as if the person deleted it, memberships included. 30 "
				    "to 3650 days."),
			  .value = f->acc_v ? f->acc_v : acc,
			  .type = "number",
			  .min = RETENTION_ACCOUNT_DAYS_MIN,
			  .max = RETENTION_ACCOUNT_DAYS_MAX,
			  .required = true,
			  .error = form_problem_of(fp, "account_days") });
	form_submit(o, _("Save"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
retention_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct retention_form *f = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	f->mail_v = req_form(r, "mail_days");
	f->acc_v = req_form(r, "account_days");
	long m = 0, a = 0;
	if (!f->mail_v ||
	    str_to_long(str_from(f->mail_v), RETENTION_MAIL_DAYS_MIN, RETENTION_MAIL_DAYS_MAX, &m))
		form_problem(fp, "mail_days",
			     _("Days to keep sent e-mail: type a number from 1 to 3650."));
	if (!f->acc_v || str_to_long(str_from(f->acc_v), RETENTION_ACCOUNT_DAYS_MIN,
				     RETENTION_ACCOUNT_DAYS_MAX, &a))
		form_problem(fp, "account_days",
			     _("Days before a blocked account is erased: type a number from 30 to "
			       "3650."));
	if (form_page_failed(fp))
		/* A field left out shows what is saved. */
		return retention_get(c, &f->s) ? KR_EDB : KR_OK;
	f->s = (struct retention_settings){ m, a };
	int err = retention_set(c, r->user_id, &f->s);
	if (err)
		return err;
	fp->done = "/admin/retention?done=1";
	return KR_OK;
}

static const struct form_page_ops retention_form_ops = { retention_save, retention_render };

int
page_admin_retention(struct request *r)
{
	struct retention_form f = { 0 };
	struct db_conn *c = app_db(r);
	int err = c ? retention_get(c, &f.s) : KR_EDB;
	if (err)
		return err;
	return form_page_show(r, &retention_form_ops, &f);
}

int
page_admin_retention_post(struct request *r)
{
	struct retention_form f = { 0 };
	return form_page_post(r, &retention_form_ops, &f);
}
