// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: signing in and out, and the account page. */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/auth/totp.h"
#include "app/org/org.h"
#include "html/qr.h"
#include <sodium.h>
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/auth/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "http/server.h"

/* Where to go after signing in: a local path only (resp_redirect refuses anything else). */
static const char *
next_of(struct request *r)
{
	const char *next = req_form(r, "next");
	if (!next)
		next = req_query(r, "next");
	if (!next || next[0] != '/' || next[1] == '/' || strncmp(next, "/sign-", 6) == 0)
		return "/";
	return next;
}

static void
sign_in_page(struct request *r, const char *email, const struct form_error *errors, size_t nerr,
	     const char *message)
{
	const struct crumb crumbs[] = { { _("Sign in"), NULL } };
	const char *done = req_query(r, "done");
	const struct page pg = {
		.title = _("Sign in"),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = nerr > 0,
		.notice = !done ? NULL
			  : strcmp(done, "password") == 0
			      ? _("Your new password is saved. Sign in with it.")
			  : strcmp(done, "account") == 0
			      ? _("Your account is ready. Sign in with it.")
			      : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, errors, nerr);
	if (message)
		html_fmt(o, "<p>%s</p>\n", message);
	form_begin(o, "/sign-in", r->csrf_token);
	html_fmt(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next_of(r));
	form_input(o, &(struct form_field){ .name = "email",
					    .label = _("E-mail address"),
					    .hint = _("The address you use at work."),
					    .value = email,
					    .type = "email",
					    .autocomplete = "username",
					    .maxlength = 254,
					    .required = true,
					    .error = nerr ? errors[0].message : NULL });
	form_input(o, &(struct form_field){ .name = "password",
					    .label = _("Password"),
					    .type = "password",
					    .autocomplete = "current-password",
					    .maxlength = 1024,
					    .required = true });
	form_submit(o, _("Sign in"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/reset\">%s</a></p>\n", _("Forgot your password?"));
	view_end(r);
}

int
page_sign_in(struct request *r)
{
	if (r->user_id) {
		resp_redirect(r, next_of(r));
		return KR_OK;
	}
	sign_in_page(r, NULL, NULL, 0, NULL);
	return KR_OK;
}

/* The sign-in form: the address as typed (never the password). */
static int
sign_in_render(struct form_page *fp)
{
	const char *const *email = fp->values;
	sign_in_page(fp->r, *email, fp->problems, fp->nproblems, NULL);
	return KR_OK;
}

static int
sign_in_save(struct form_page *fp)
{
	struct request *r = fp->r;
	const char **email = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	*email = req_form(r, "email");
	const char *password = req_form(r, "password");
	struct sign_in_result res;
	int err = auth_sign_in(c, &r->arena, &r->app->keys, *email, password, r->client_ip,
			       time_now(), &res);
	if (err == KR_ETHROTTLED) {
		fp->status = 429;
		const char *msg = arena_printf(
		    &r->arena, "%s %s %lld.",
		    _("There were too many attempts to sign in. Wait a while and try again, or "
		      "set a new password if you forgot it."),
		    _("Seconds to wait:"), (long long)res.retry_after);
		resp_header(r, "Retry-After",
			    arena_printf(&r->arena, "%lld", (long long)res.retry_after));
		form_problem(fp, "email", msg);
		return KR_OK;
	}
	if (err == KR_EFORBIDDEN) {
		/* The same words for an unknown address, a wrong password, a disabled or locked
		 * account: nobody learns from this page who has an account. */
		form_problem(fp, "email",
			     _("The e-mail address or the password is not right. Check both and "
			       "try again."));
		return KR_OK;
	}
	if (err)
		return err;
	char token[SESSION_TOKEN_LEN + 1];
	bool complete = !res.needs_second_factor && !res.must_set_up_totp;
	/* Any session this browser had ends: a new token at every sign-in. */
	if (auth_session_end(c, &r->app->keys, req_cookie(r, SESSION_COOKIE)))
		log_warn("sign-in: the previous session could not be ended");
	if ((err = auth_session_create(c, &r->app->keys, res.account_id, complete, time_now(),
				       token)))
		return err;
	resp_cookie(r, SESSION_COOKIE, token, r->app->limits.absolute_member, COOKIE_HTTPONLY);
	if (res.needs_second_factor)
		fp->done = arena_printf(&r->arena, "/sign-in/code?next=%s", next_of(r));
	else if (res.must_set_up_totp)
		fp->done = "/account/two-factor";
	else
		fp->done = next_of(r);
	return KR_OK;
}

int
page_sign_in_post(struct request *r)
{
	static const struct form_page_ops ops = { sign_in_save, sign_in_render };
	const char *email = NULL;
	return form_page_post(r, &ops, &email);
}

int
page_sign_out(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = auth_sign_out(c, &r->app->keys, r->user_id ? r->user_id : r->partial_user_id,
				req_cookie(r, SESSION_COOKIE));
	if (err)
		return err;
	resp_cookie(r, SESSION_COOKIE, "", 0, COOKIE_HTTPONLY);
	resp_redirect(r, "/?signed_out=1");
	return KR_OK;
}

int
page_sign_out_everywhere(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = auth_sign_out_everywhere(c, r->user_id);
	if (err)
		return err;
	resp_cookie(r, SESSION_COOKIE, "", 0, COOKIE_HTTPONLY);
	resp_redirect(r, "/?signed_out=1");
	return KR_OK;
}

int
page_account(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct account acc;
	int err = auth_account_by_id(c, &r->arena, r->user_id, &acc);
	if (err)
		return err;
	const struct crumb crumbs[] = { { _("My account"), NULL } };
	const struct page pg = { .title = _("My account"),
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		 _("Name"), acc.name, _("E-mail address"), acc.email);
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n<p><a href=\"/account/two-factor\">%s</a></p>\n",
		 _("Two-step sign-in"),
		 acc.has_totp
		     ? _("Two-step sign-in is on: you sign in with your password and a code "
			 "from the app on your phone.")
		     : _("Two-step sign-in is off. With it on, nobody can sign in with your "
			 "password alone."),
		 acc.has_totp ? _("Set up two-step sign-in on a new phone")
			      : _("Set up two-step sign-in"));
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n<p><a href=\"/account/photo\">%s</a></p>\n",
		 _("Your photo"), _("Shown next to your name only where you chose to be visible."),
		 _("Add, change or remove your photo"));
	html_fmt(o, "<h2>%s</h2>\n<p><a href=\"/me/data\">%s</a></p>\n", _("My data"),
		 _("See everything Kring holds about you, download it, or delete your account"));
	if (r->roles & (ROLE_ADMIN | ROLE_CONTACT))
		html_fmt(o, "<h2>%s</h2>\n<p><a href=\"/invite\">%s</a></p>\n",
			 _("Invite colleagues"), _("Invite a colleague to Kring by e-mail"));
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Sign out everywhere"),
		 _("Signs you out on every computer and phone where you are signed in, this one "
		   "too. Do this when you signed in on a computer that is not yours."));
	form_begin(o, "/sign-out-everywhere", r->csrf_token);
	form_submit(o, _("Sign out everywhere"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

/* ---- the second factor ---- */

static int64_t
who(struct request *r)
{
	return r->user_id ? r->user_id : r->partial_user_id;
}

static void
two_factor_form(struct request *r, const unsigned char *secret, const unsigned char *box,
		const char *error)
{
	struct db_conn *c = app_db(r);
	struct account acc = { .email = "" };
	if (c && auth_account_by_id(c, &r->arena, who(r), &acc) != KR_OK)
		acc.email = "";
	const struct crumb crumbs[] = { { _("My account"), "/account" },
					{ _("Two-step sign-in"), NULL } };
	const struct page pg = {
		.title = _("Set up two-step sign-in"),
		.lead = _("Signing in takes two steps: your password, and a code from an app on "
			  "your phone. Then nobody can sign in with your password alone."),
		.crumbs = r->user_id ? crumbs : NULL,
		.ncrumbs = r->user_id ? ARRAY_SIZE(crumbs) : 0,
		.has_errors = error != NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (error)
		form_error_summary(o, &(struct form_error){ "code", error }, 1);
	html_fmt(o, "<ol class=\"steps\">\n<li>%s</li>\n<li>%s</li>\n",
		 _("Install an authenticator app on your phone, for example FreeOTP, Aegis, "
		   "Google Authenticator or Microsoft Authenticator."),
		 _("In the app, add an account: scan the code below, or type the key under it."));
	html_lit(o, "</ol>\n");
	const char *uri = totp_uri(&r->arena, "Kring", acc.email, secret, TOTP_SECRET_BYTES);
	struct html_safe qr = qr_svg(&r->arena, uri, _("QR code to scan with your app"));
	html_fmt(o, "<div class=\"qr-box\">%H</div>\n", &qr);
	html_fmt(o, "<p>%s <code class=\"secret\" lang=\"zxx\">%s</code></p>\n",
		 _("Key to type in:"), totp_base32_display(&r->arena, secret, TOTP_SECRET_BYTES));
	char box64[sodium_base64_ENCODED_LEN(TOTP_BOX_LEN,
					     sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	sodium_bin2base64(box64, sizeof(box64), box, TOTP_BOX_LEN,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	form_begin(o, "/account/two-factor", r->csrf_token);
	html_fmt(o, "<input type=\"hidden\" name=\"box\" value=\"%s\">\n", box64);
	form_input(o, &(struct form_field){ .name = "code",
					    .label = _("The 6-digit code the app shows now"),
					    .type = "text",
					    .autocomplete = "one-time-code",
					    .maxlength = 12,
					    .required = true,
					    .error = error });
	form_submit(o, _("Turn on two-step sign-in"));
	form_end(o);
	view_end(r);
}

/* Someone who gave only the password may set up a second factor only when the account has
 * none yet: otherwise the password alone would replace the owner's authenticator. */
static int
two_factor_allowed(struct request *r)
{
	if (r->user_id)
		return KR_OK;
	struct db_conn *c = app_db(r);
	struct account acc;
	if (!c)
		return KR_EDB;
	int err = auth_account_by_id(c, &r->arena, r->partial_user_id, &acc);
	if (err)
		return err;
	if (acc.has_totp) {
		resp_redirect(r, "/sign-in/code");
		return KR_EFORBIDDEN;
	}
	return KR_OK;
}

/* A throttled attempt: sets Retry-After and returns the error to show (what happened, and the
 * seconds to wait). */
static const char *
throttled(struct request *r, const char *what, int64_t retry)
{
	resp_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)retry));
	return arena_printf(&r->arena, "%s %s %lld.", what, _("Seconds to wait:"),
			    (long long)retry);
}

/* ---- step-up: the password or a current code again, before a change that asks for it ---- */

int page_step_up_post(struct request *r);

/* The step-up form, on the page of the change that asks for it (next: that page's path). */
static void
step_up_page(struct request *r, const char *title, const char *next, const char *error, int status)
{
	const struct crumb crumbs[] = { { _("My account"), "/account" }, { title, NULL } };
	const struct page pg = {
		.title = title,
		.lead = _("To be sure it is you, give your password or the code from your app "
			  "first. After that you have 5 minutes for the change."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = error != NULL,
	};
	r->status = status;
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (error)
		form_error_summary(o, &(struct form_error){ "proof", error }, 1);
	form_begin(o, "/account/step-up", r->csrf_token);
	html_fmt(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	form_input(o,
		   &(struct form_field){ .name = "proof",
					 .label = _("Your password, or the code from your app"),
					 .hint = _("The code is the 6 digits the app shows now."),
					 .type = "password",
					 .autocomplete = "current-password",
					 .maxlength = 1024,
					 .required = true,
					 .error = error });
	form_submit(o, _("Continue"));
	form_end(o);
	view_end(r);
}

/* The changes that ask for a step-up, by their page: its title on the step-up form. */
static const char *
step_up_title(const char *next)
{
	if (strcmp(next, "/account/two-factor") == 0)
		return _("Set up two-step sign-in again");
	return NULL;
}

/* The step-up form keeps the page it leads back to, never what was typed. */
struct step_up {
	const char *title, *next;
};

static int
step_up_render(struct form_page *fp)
{
	const struct step_up *su = fp->values;
	step_up_page(fp->r, su->title, su->next, form_problem_of(fp, "proof"), fp->r->status);
	return KR_OK;
}

static int
step_up_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct step_up *su = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	su->next = next_of(r);
	su->title = step_up_title(su->next);
	if (!su->title)
		return KR_EINVAL;
	int64_t retry = 0;
	int err =
	    auth_step_up_check(c, &r->arena, &r->app->keys, req_cookie(r, SESSION_COOKIE),
			       r->user_id, req_form(r, "proof"), r->client_ip, time_now(), &retry);
	if (err == KR_ETHROTTLED) {
		fp->status = 429;
		form_problem(fp, "proof",
			     throttled(r,
				       _("There were too many wrong attempts. Wait a while and try "
					 "again."),
				       retry));
		return KR_OK;
	}
	if (err == KR_EFORBIDDEN) {
		form_problem(fp, "proof",
			     _("That is not right. Type your password, or the 6 digits your app "
			       "shows now."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = su->next;
	return KR_OK;
}

int
page_step_up_post(struct request *r)
{
	static const struct form_page_ops ops = { step_up_save, step_up_render };
	struct step_up su = { 0 };
	return form_page_post(r, &ops, &su);
}

/* Setting up two-step sign-in again (it is on already) replaces the authenticator: only after
 * a step-up, so that an open session alone cannot do it. *ok false: not stepped up. */
static int
two_factor_stepped_up(struct request *r, bool *ok)
{
	*ok = true;
	if (!r->user_id)
		return KR_OK; /* the first set-up at sign-in: two_factor_allowed() */
	struct db_conn *c = app_db(r);
	struct account acc;
	if (!c)
		return KR_EDB;
	int err = auth_account_by_id(c, &r->arena, r->user_id, &acc);
	if (err || !acc.has_totp)
		return err;
	return auth_step_up_fresh(c, &r->app->keys, req_cookie(r, SESSION_COOKIE), time_now(), ok);
}

int
page_two_factor(struct request *r)
{
	int err = two_factor_allowed(r);
	if (err == KR_EFORBIDDEN)
		return KR_OK; /* redirected to the code page */
	if (err)
		return err;
	bool stepped_up;
	if ((err = two_factor_stepped_up(r, &stepped_up)))
		return err;
	if (!stepped_up) {
		step_up_page(r, step_up_title("/account/two-factor"), "/account/two-factor", NULL,
			     200);
		return KR_OK;
	}
	unsigned char secret[TOTP_SECRET_BYTES], box[TOTP_BOX_LEN];
	totp_new_secret(secret);
	auth_totp_seal(&r->app->keys, who(r), secret, box);
	two_factor_form(r, secret, box, NULL);
	sodium_memzero(secret, sizeof(secret));
	return KR_OK;
}

int
page_two_factor_post(struct request *r)
{
	int err = two_factor_allowed(r);
	if (err)
		return err; /* a POST gets the 403 page */
	bool stepped_up;
	if ((err = two_factor_stepped_up(r, &stepped_up)))
		return err;
	if (!stepped_up)
		return KR_EFORBIDDEN;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *box64 = req_form(r, "box");
	unsigned char box[TOTP_BOX_LEN], secret[TOTP_SECRET_BYTES];
	size_t len = 0;
	if (!box64 ||
	    sodium_base642bin(box, sizeof(box), box64, strlen(box64), NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != TOTP_BOX_LEN || auth_totp_open(&r->app->keys, who(r), box, secret))
		return KR_EINVAL;
	char codes[RECOVERY_CODES][16];
	err = auth_totp_enable(c, &r->app->keys, who(r), secret, req_form(r, "code"), time_now(),
			       codes);
	if (err == KR_EINVAL) {
		r->status = 400;
		two_factor_form(r, secret, box,
				_("That code is not right. Type the 6 digits the app shows now; "
				  "they change every 30 seconds."));
		sodium_memzero(secret, sizeof(secret));
		return KR_OK;
	}
	sodium_memzero(secret, sizeof(secret));
	if (err)
		return err;
	if (!r->user_id && (err = auth_session_mark_second_factor(c, &r->app->keys,
								  req_cookie(r, SESSION_COOKIE))))
		return err;
	const struct page pg = {
		.title = _("Two-step sign-in is on"),
		.notice = _("Two-step sign-in is on."),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n<ul class=\"codes\" lang=\"zxx\">\n",
		 _("Your recovery codes"),
		 _("If you lose your phone, you can sign in once with each of these codes. Write "
		   "them down or print them, and keep them in a safe place. You will not see them "
		   "again."));
	for (size_t i = 0; i < RECOVERY_CODES; i++)
		html_fmt(o, "<li><code>%s</code></li>\n", codes[i]);
	html_fmt(o, "</ul>\n<p><a class=\"button\" href=\"/\">%s</a></p>\n", _("Continue"));
	sodium_memzero(codes, sizeof(codes));
	view_end(r);
	return KR_OK;
}

static void
code_page(struct request *r, const char *error, int status)
{
	const struct page pg = {
		.title = _("Sign in: step 2"),
		.lead = _("Type the code from the authenticator app on your phone."),
		.has_errors = error != NULL,
	};
	r->status = status;
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (error)
		form_error_summary(o, &(struct form_error){ "code", error }, 1);
	form_begin(o, "/sign-in/code", r->csrf_token);
	html_fmt(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next_of(r));
	form_input(o, &(struct form_field){
			  .name = "code",
			  .label = _("Code"),
			  .hint = _("6 digits. No phone? Type one of your recovery codes."),
			  .type = "text",
			  .autocomplete = "one-time-code",
			  .maxlength = 24,
			  .required = true,
			  .error = error });
	form_submit(o, _("Sign in"));
	form_end(o);
	view_end(r);
}

int
page_sign_in_code(struct request *r)
{
	if (r->user_id) {
		resp_redirect(r, next_of(r));
		return KR_OK;
	}
	code_page(r, NULL, 200);
	return KR_OK;
}

/* The code form keeps nothing: a wrong code is not shown again. */
static int
code_render(struct form_page *fp)
{
	code_page(fp->r, form_problem_of(fp, "code"), fp->r->status);
	return KR_OK;
}

static int
code_save(struct form_page *fp)
{
	struct request *r = fp->r;
	if (r->user_id) {
		fp->done = next_of(r);
		return KR_OK;
	}
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int64_t retry = 0;
	int err = auth_second_factor(c, &r->app->keys, r->partial_user_id, req_form(r, "code"),
				     time_now(), &retry);
	if (err == KR_ETHROTTLED) {
		fp->status = 429;
		form_problem(
		    fp, "code",
		    throttled(r, _("There were too many wrong codes. Wait a while and try again."),
			      retry));
		return KR_OK;
	}
	if (err == KR_EFORBIDDEN) {
		form_problem(fp, "code",
			     _("That code is not right. Type the 6 digits the app shows now, or a "
			       "recovery code you have not used yet."));
		return KR_OK;
	}
	if (err || (err = auth_session_mark_second_factor(c, &r->app->keys,
							  req_cookie(r, SESSION_COOKIE))))
		return err;
	fp->done = next_of(r);
	return KR_OK;
}

int
page_sign_in_code_post(struct request *r)
{
	static const struct form_page_ops ops = { code_save, code_render };
	return form_page_post(r, &ops, NULL);
}

/* ---- new password, invitations, sign-up ---- */

/* The one e-mail form: asking for a reset link, signing up, inviting a colleague. The page
 * comes back with the address kept, its error (then as 400, set by the caller) or a notice. */
struct email_form {
	const char *title, *lead;
	const char *parent, *parent_href; /* the trail: parent › title */
	const char *action, *button;
	const char *label, *hint; /* hint may be NULL */
	const char *autocomplete;
};

static const struct email_form email_form_reset = {
	.title = N_("Forgot your password?"),
	.parent = N_("Sign in"),
	.parent_href = "/sign-in",
	.action = "/reset",
	.label = N_("E-mail address"),
	.hint = N_("The address you use at work."),
	.autocomplete = "email",
};
static const struct email_form email_form_sign_up = {
	.title = N_("Make an account"),
	.parent = N_("Sign in"),
	.parent_href = "/sign-in",
	.action = "/sign-up",
	.label = N_("E-mail address"),
	.hint = N_("The address you use at work."),
	.autocomplete = "email",
};
static const struct email_form email_form_invite = {
	.title = N_("Invite colleagues"),
	.lead = N_("The colleague gets an e-mail with a link to make an account. The link works "
		   "for two weeks. An invitation says nothing about the person: whether they join "
		   "a network is always their own choice."),
	.parent = N_("My account"),
	.parent_href = "/account",
	.action = "/invite",
	.button = N_("Send the invitation"),
	.label = N_("E-mail address of the colleague"),
	.autocomplete = "off",
};

/* Shows form f; lead and button, when given, take the place of f's. */
static void
email_form_page(struct request *r, const struct email_form *f, const char *lead, const char *button,
		const char *email, const char *error, const char *notice)
{
	const struct crumb crumbs[] = { { _(f->parent), f->parent_href }, { _(f->title), NULL } };
	const struct page pg = {
		.title = _(f->title),
		.lead = lead	  ? lead
			: f->lead ? _(f->lead)
				  : NULL,
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = error != NULL,
		.notice = notice,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (error)
		form_error_summary(o, &(struct form_error){ "email", error }, 1);
	form_begin(o, f->action, r->csrf_token);
	form_input(o, &(struct form_field){ .name = "email",
					    .label = _(f->label),
					    .hint = f->hint ? _(f->hint) : NULL,
					    .value = email,
					    .type = "email",
					    .autocomplete = f->autocomplete,
					    .maxlength = 254,
					    .required = true,
					    .error = error });
	form_submit(o, button ? button : _(f->button));
	form_end(o);
	view_end(r);
}

int
page_reset(struct request *r)
{
	email_form_page(r, &email_form_reset,
			_("Type your e-mail address. We send you a link to choose a new password."),
			_("Send the link"), NULL, NULL, NULL);
	return KR_OK;
}

int
page_reset_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *email = req_form(r, "email");
	const char *norm;
	if (auth_email_normalise(&r->arena, email, &norm)) {
		r->status = 400;
		email_form_page(r, &email_form_reset, NULL, _("Send the link"), email,
				_("Type an e-mail address like name@example.org."), NULL);
		return KR_OK;
	}
	int err = auth_reset_request(c, &r->app->keys, norm, r->app->base_url, time_now());
	if (err)
		return err;
	/* The same answer whether or not the address has an account. */
	email_form_page(
	    r, &email_form_reset, NULL, _("Send the link again"), email, NULL,
	    _("If there is an account for this address, we sent it an e-mail with a link. "
	      "The link works for 30 minutes. No e-mail? Check your spam folder."));
	return KR_OK;
}

static const char *
link_token(struct request *r)
{
	return arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
}

static int
link_gone(struct request *r, const char *what_to_do)
{
	r->status = 404;
	const struct page pg = { .title = _("This link does not work any more") };
	view_begin(r, &pg);
	html_fmt(&r->out, "<p>%s</p>\n<p>%s</p>\n",
		 _("A link from an e-mail works only once, and only for a while. This one was used "
		   "already, has expired, or was not copied completely."),
		 what_to_do);
	view_end(r);
	return KR_OK;
}

/* The form of a link from an e-mail: a new password (reset), or a name and a password (an
 * invitation). The password is never shown again. */
struct new_password {
	bool invitation;   /* else a reset */
	const char *email; /* the invited address, shown above the form; NULL for a reset */
	const char *name;
};

static int
new_password_page(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct new_password *np = fp->values;
	const char *name_error = form_problem_of(fp, "name");
	const char *pw_error = form_problem_of(fp, "password");
	const struct page pg = { .title = np->invitation ? _("Make your account")
							 : _("Choose a new password"),
				 .has_errors = form_page_failed(fp) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	if (np->email)
		html_fmt(o, "<p>%s <strong>%s</strong></p>\n", _("Account:"), np->email);
	form_begin(o, r->path, r->csrf_token);
	if (np->invitation)
		form_input(o, &(struct form_field){ .name = "name",
						    .label = _("Your name"),
						    .hint = _("As colleagues know you."),
						    .value = np->name,
						    .autocomplete = "name",
						    .maxlength = 100,
						    .required = true,
						    .error = name_error });
	form_input(o, &(struct form_field){
			  .name = "password",
			  .label = _("New password"),
			  .hint = _("At least 8 characters; 15 or more is better. A short sentence "
				    "that you remember is a good password."),
			  .type = "password",
			  .autocomplete = "new-password",
			  .maxlength = 1024,
			  .required = true,
			  .error = pw_error });
	form_submit(o, _("Save"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int reset_link_save(struct form_page *fp);
static int invite_save(struct form_page *fp);
static const struct form_page_ops reset_link_ops = { reset_link_save, new_password_page };
static const struct form_page_ops invite_ops = { invite_save, new_password_page };

int
page_reset_link(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int64_t id;
	int err = auth_reset_check(c, &r->app->keys, link_token(r), time_now(), &id);
	if (err == KR_ENOTFOUND)
		return link_gone(r, _("Ask for a new link on the page Forgot your password."));
	if (err)
		return err;
	return form_page_show(r, &reset_link_ops, &(struct new_password){ 0 });
}

static int
reset_link_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *problem = NULL;
	int err = auth_reset_complete(c, &r->app->keys, &r->arena, link_token(r),
				      req_form(r, "password"), time_now(), &problem);
	if (err == KR_ENOTFOUND) {
		fp->answered = true;
		return link_gone(r, _("Ask for a new link on the page Forgot your password."));
	}
	if (err == KR_EINVAL) {
		form_problem(fp, "password", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/sign-in?done=password";
	return KR_OK;
}

int
page_reset_link_post(struct request *r)
{
	return form_page_post(r, &reset_link_ops, &(struct new_password){ 0 });
}

int
page_invite(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *email;
	int err = auth_invite_check(c, &r->app->keys, &r->arena, link_token(r), time_now(), &email);
	if (err == KR_ENOTFOUND)
		return link_gone(r, _("Ask the person who invited you for a new invitation, or "
				      "sign in if you made your account already."));
	if (err)
		return err;
	return form_page_show(r, &invite_ops,
			      &(struct new_password){ .invitation = true, .email = email });
}

static int
invite_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct new_password *np = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *problem = NULL;
	np->name = req_form(r, "name");
	int64_t id, network_id = 0;
	int err =
	    auth_invite_accept(c, &r->app->keys, &r->arena, link_token(r), np->name,
			       req_form(r, "password"), time_now(), &id, &network_id, &problem);
	if (err == KR_ENOTFOUND) {
		fp->answered = true;
		return link_gone(r, _("Ask the person who invited you for a new invitation, or "
				      "sign in if you made your account already."));
	}
	if (err == KR_EINVAL) {
		if (auth_invite_check(c, &r->app->keys, &r->arena, link_token(r), time_now(),
				      &np->email))
			np->email = NULL;
		form_problem(fp, problem == auth_name_problem ? "name" : "password", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	/* Invited to a network: after signing in, its join page, where they decide. */
	struct network *nws;
	size_t n;
	const char *next = NULL;
	if (network_id && org_networks(c, &r->arena, &nws, &n) == KR_OK)
		for (size_t i = 0; i < n; i++)
			if (nws[i].id == network_id)
				next = arena_printf(&r->arena, "/n/%s/join", nws[i].slug);
	fp->done = next ? arena_printf(&r->arena, "/sign-in?done=account&next=%s", next)
			: "/sign-in?done=account";
	return KR_OK;
}

int
page_invite_post(struct request *r)
{
	return form_page_post(r, &invite_ops, &(struct new_password){ .invitation = true });
}

int
page_sign_up(struct request *r)
{
	email_form_page(
	    r, &email_form_sign_up,
	    _("Colleagues with an e-mail address of the organisation can make an account. "
	      "We send a link to your address to check that it is yours."),
	    _("Send the link"), NULL, NULL, NULL);
	return KR_OK;
}

int
page_sign_up_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const char *email = req_form(r, "email");
	int err = auth_sign_up(c, &r->app->keys, email, r->app->base_url, time_now());
	if (err == KR_EINVAL || err == KR_EFORBIDDEN) {
		r->status = 400;
		email_form_page(r, &email_form_sign_up, NULL, _("Send the link"), email,
				err == KR_EINVAL
				    ? _("Type an e-mail address like name@example.org.")
				    : _("Only addresses of the organisation can make an account "
					"here. Ask the contact point of a network for an "
					"invitation."),
				NULL);
		return KR_OK;
	}
	if (err)
		return err;
	email_form_page(r, &email_form_sign_up, NULL, _("Send the link again"), email, NULL,
			_("We sent an e-mail with a link to this address, unless it has an account "
			  "already. The link works for two weeks."));
	return KR_OK;
}

/* ---- inviting colleagues (administrator and contact point) ---- */

/* Inviting a colleague: the address as typed. */
static int
invite_form_render(struct form_page *fp)
{
	struct request *r = fp->r;
	const char *const *email = fp->values;
	email_form_page(r, &email_form_invite, NULL, NULL, *email, form_problem_of(fp, "email"),
			req_query(r, "sent") && !form_page_failed(fp)
			    ? _("The invitation is on its way.")
			    : NULL);
	return KR_OK;
}

static int
invite_form_save(struct form_page *fp)
{
	struct request *r = fp->r;
	const char **email = fp->values;
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	*email = req_form(r, "email");
	int err = auth_invite(c, &r->app->keys, r->user_id, *email, r->app->base_url, time_now());
	if (err == KR_EINVAL || err == KR_ECONFLICT) {
		form_problem(fp, "email",
			     err == KR_EINVAL ? _("Type an e-mail address like name@example.org.")
					      : _("This colleague has an account already."));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/invite?sent=1";
	return KR_OK;
}

static const struct form_page_ops invite_form_ops = { invite_form_save, invite_form_render };

int
page_invite_form(struct request *r)
{
	const char *email = NULL;
	return form_page_show(r, &invite_form_ops, &email);
}

int
page_invite_form_post(struct request *r)
{
	const char *email = NULL;
	return form_page_post(r, &invite_form_ops, &email);
}
