// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the administrator's retention settings. */
#include "app/app.h"
#include "app/common/view.h"
#include "app/retention/retention.h"
#include "app/retention/pages.h"
#include "base/i18n.h"

static void
retention_page(struct request *r, const struct retention_settings *s, const char *mail_v,
	       const char *acc_v, bool bad_mail, bool bad_acc)
{
	const struct crumb crumbs[] = { { _("Administration"), "/admin", NULL },
					{ _("How long Kring keeps data"), NULL, NULL } };
	struct form_error errors[2];
	size_t nerr = 0;
	if (bad_mail)
		errors[nerr++] = (struct form_error){
			"mail_days", _("Days to keep sent e-mail: type a number from 1 to 3650.")
		};
	if (bad_acc)
		errors[nerr++] = (struct form_error){ "account_days",
						      _("Days before a blocked account is erased: "
							"type a number from 30 to 3650.") };
	const struct page pg = {
		.title = _("How long Kring keeps data"),
		.lead =
		    _("Once a day, Kring erases what it no longer needs. Used and expired links, "
		      "ended sessions and old sign-in attempts go after one day. How long it "
		      "keeps sent e-mail and blocked accounts, you choose here."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = nerr > 0,
		.notice = req_query(r, "done") ? _("The settings are saved.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, errors, nerr);
	char mail[24], acc[24];
	snprintf(mail, sizeof(mail), "%lld", (long long)s->keep_sent_mail_days);
	snprintf(acc, sizeof(acc), "%lld", (long long)s->keep_blocked_accounts_days);
	form_begin(o, "/admin/retention", r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "mail_days",
			  .label = _("Days to keep sent e-mail"),
			  .hint = _("Only the address and the subject are kept after sending; the "
				    "text is erased at once. 1 to 3650 days."),
			  .value = mail_v ? mail_v : mail,
			  .type = "number",
			  .maxlength = 4,
			  .required = true,
			  .error = bad_mail ? errors[0].message : NULL });
	form_input(o, &(struct form_field){
			  .name = "account_days",
			  .label = _("Days before a blocked account is erased"),
			  .hint = _("Erased as if the person deleted it, memberships included. 30 "
				    "to 3650 days."),
			  .value = acc_v ? acc_v : acc,
			  .type = "number",
			  .maxlength = 4,
			  .required = true,
			  .error = bad_acc ? errors[nerr - 1].message : NULL });
	form_submit(o, _("Save"));
	form_end(o);
	view_end(r);
}

int
page_admin_retention(struct request *r)
{
	struct retention_settings s;
	struct db_conn *c = app_db(r);
	int err = c ? retention_get(c, &s) : KR_EDB;
	if (err)
		return err;
	retention_page(r, &s, NULL, NULL, false, false);
	return KR_OK;
}

int
page_admin_retention_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *mv = req_form(r, "mail_days"), *av = req_form(r, "account_days");
	long m = 0, a = 0;
	bool bad_m = !mv || str_to_long(str_from(mv), 1, 3650, &m);
	bool bad_a = !av || str_to_long(str_from(av), 30, 3650, &a);
	struct retention_settings s = { m, a };
	if (bad_m || bad_a) {
		r->status = 400;
		if (retention_get(c, &s))
			return KR_EDB;
		retention_page(r, &s, mv, av, bad_m, bad_a);
		return KR_OK;
	}
	int err = retention_set(c, r->user_id, &s);
	if (err)
		return err;
	resp_redirect(r, "/admin/retention?done=1");
	return KR_OK;
}
