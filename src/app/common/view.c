// SPDX-License-Identifier: AGPL-3.0-or-later
/* view.c: language, display preferences and the page frame for every request, and the error
 * pages. */
#include "app/common/view.h"
#include "app/app.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "app/auth/auth.h"
#include "http/server.h"

struct db_conn *
app_db(struct request *r)
{
	return db_conn(r->app->db);
}

/* ---- display preferences ---- */

static const char *const text_values[] = { "normal", "large", "larger", "largest" };
static const char *const theme_values[] = { "system", "light", "dark" };
static const char *const lang_values[] = { "auto", "nl", "en" };

static int
value_index(const char *v, const char *const *values, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(v, values[i]) == 0)
			return (int)i;
	return -1;
}

void
prefs_parse(struct arena *a, const char *cookie, struct prefs *out)
{
	memset(out, 0, sizeof(*out));
	if (!cookie)
		return;
	struct param *p;
	size_t n;
	if (parse_query(a, str_from(cookie), &p, &n))
		return;
	int i;
	if ((i = value_index(param_find(p, n, "text") ? param_find(p, n, "text")->value : NULL,
			     text_values, ARRAY_SIZE(text_values))) >= 0)
		out->text = (enum pref_text)i;
	if ((i = value_index(param_find(p, n, "theme") ? param_find(p, n, "theme")->value : NULL,
			     theme_values, ARRAY_SIZE(theme_values))) >= 0)
		out->theme = (enum pref_theme)i;
	if ((i = value_index(param_find(p, n, "lang") ? param_find(p, n, "lang")->value : NULL,
			     lang_values, ARRAY_SIZE(lang_values))) >= 0)
		out->lang = (enum pref_lang)i;
	const struct param *q;
	out->dyslexic_font = (q = param_find(p, n, "font")) && strcmp(q->value, "dyslexic") == 0;
	out->low_stimulus = (q = param_find(p, n, "calm")) && strcmp(q->value, "1") == 0;
	out->high_contrast = (q = param_find(p, n, "contrast")) && strcmp(q->value, "high") == 0;
	out->reduce_motion = (q = param_find(p, n, "motion")) && strcmp(q->value, "reduce") == 0;
}

const char *
prefs_encode(struct arena *a, const struct prefs *p)
{
	return arena_printf(a, "text=%s&font=%s&calm=%d&contrast=%s&theme=%s&motion=%s&lang=%s",
			    text_values[p->text], p->dyslexic_font ? "dyslexic" : "default",
			    p->low_stimulus ? 1 : 0, p->high_contrast ? "high" : "normal",
			    theme_values[p->theme], p->reduce_motion ? "reduce" : "system",
			    lang_values[p->lang]);
}

const char *
prefs_html_class(struct arena *a, const struct prefs *p)
{
	static const char *const text_class[] = { "", " text-large", " text-larger",
						  " text-largest" };
	static const char *const theme_class[] = { "", " theme-light", " theme-dark" };
	const char *c = arena_printf(
	    a, "%s%s%s%s%s%s", text_class[p->text], p->dyslexic_font ? " font-dyslexic" : "",
	    p->low_stimulus ? " calm" : "", p->high_contrast ? " contrast-high" : "",
	    theme_class[p->theme], p->reduce_motion ? " motion-reduce" : "");
	return c[0] == ' ' ? c + 1 : c;
}

/* Language and preferences; also for error pages raised before cookies were parsed. A
 * signed-in person's preferences come from their account, when they saved any there. */
static void
view_setup_prefs(struct request *r, const char *account_prefs)
{
	if (r->lang)
		return;
	if (!r->cookies) {
		const char *h = req_header(r, "Cookie");
		if (h && parse_cookies(&r->arena, str_from(h), &r->cookies, &r->ncookies)) {
			r->cookies = NULL;
			r->ncookies = 0;
		}
	}
	prefs_parse(&r->arena,
		    account_prefs && *account_prefs ? account_prefs : req_cookie(r, "prefs"),
		    &r->prefs);
	if (r->prefs.lang == PREF_LANG_EN) {
		r->lang = "en";
	} else if (r->prefs.lang == PREF_LANG_NL) {
		r->lang = "nl";
	} else {
		const char *al = req_header(r, "Accept-Language");
		int i = al ? parse_accept_language(str_from(al), i18n_langs, ARRAY_SIZE(i18n_langs))
			   : -1;
		r->lang = i >= 0 ? i18n_langs[i] : "nl";
	}
	i18n_use(r->lang);
}

static void
view_setup(struct request *r)
{
	view_setup_prefs(r, NULL);
}

/* Who is asking: the session cookie, checked against its limits. A cookie that names no
 * live session is cleared, so the browser stops sending it. */
/* A request through the organisation's sign-in proxy, which names the person: a session is
 * made as at a password sign-in (with the second factor still to come where it applies). */
static int
session_from_proxy(struct request *r, struct db_conn *c, const char **token)
{
	const char *email;
	if (!r->app->sso_header || !r->from_trusted_proxy ||
	    !(email = req_header(r, r->app->sso_header)) || !*email)
		return KR_OK;
	struct sign_in_result res;
	int err = auth_sso_sign_in(c, &r->arena, email, &res);
	if (err == KR_EFORBIDDEN)
		return KR_OK; /* unknown here: the person is treated as signed out */
	if (err)
		return err;
	char *fresh = arena_alloc(&r->arena, SESSION_TOKEN_LEN + 1);
	bool complete = !res.needs_second_factor && !res.must_set_up_totp;
	if ((err = auth_session_create(c, &r->app->keys, res.account_id, complete, time_now(),
				       fresh)))
		return err;
	resp_cookie(r, SESSION_COOKIE, fresh, r->app->limits.absolute_member, COOKIE_HTTPONLY);
	/* The rest of this request already counts as signed in. */
	struct param *cookies = ARENA_ARRAY(&r->arena, struct param, r->ncookies + 1);
	if (r->ncookies)
		memcpy(cookies, r->cookies, r->ncookies * sizeof(*cookies));
	cookies[r->ncookies++] =
	    (struct param){ cookie_wire_name(r, SESSION_COOKIE), fresh, SESSION_TOKEN_LEN };
	r->cookies = cookies;
	*token = fresh;
	return KR_OK;
}

static int
session_load(struct request *r, const char **account_prefs)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err;
	if (!token && (err = session_from_proxy(r, c, &token)))
		return err;
	if (!token)
		return KR_OK;
	struct session s;
	err = auth_session_get(c, &r->arena, &r->app->keys, &r->app->limits, token, time_now(), &s);
	if (err == KR_ENOTFOUND) {
		resp_cookie(r, SESSION_COOKIE, "", 0, COOKIE_HTTPONLY);
		/* Gone from this request too: the CSRF token of the page is bound to the session
		 * cookie, and the browser will not send this one again. */
		const char *wire = cookie_wire_name(r, SESSION_COOKIE);
		for (size_t i = 0; i < r->ncookies; i++)
			if (strcmp(r->cookies[i].name, wire) == 0)
				r->cookies[i].name = "";
		/* An ended session behind the sign-in proxy: the proxy may vouch again. */
		const char *fresh = NULL;
		if ((err = session_from_proxy(r, c, &fresh)) || !fresh)
			return err;
		err = auth_session_get(c, &r->arena, &r->app->keys, &r->app->limits, fresh,
				       time_now(), &s);
		if (err)
			return err == KR_ENOTFOUND ? KR_OK : err;
	}
	if (err)
		return err;
	if (!s.second_factor) {
		r->partial_user_id = s.account_id;
		return KR_OK;
	}
	r->user_id = s.account_id;
	r->roles = s.roles;
	r->user_name = s.name;
	*account_prefs = s.prefs;
	return KR_OK;
}

/* The organisation's name of the page this thread is writing (in that request's arena):
 * a request is handled on one thread from view_begin() to view_end(). */
static __thread const char *page_org_name;
/* db_losses() when this thread's request began (app_on_request()). */
static __thread uint64_t request_losses;

int
app_on_request(struct request *r)
{
	page_org_name = NULL; /* never a name from another request's page */
	request_losses = db_losses(r->app->db);
	/* The request's reads share one read transaction, up to its first write: two fcntl a
	 * request instead of two a statement (up to 24 statements on a network's page). */
	struct db_conn *c = app_db(r);
	if (c)
		db_snapshot_begin(c);
	else if (db_lost(r->app->db))
		return KR_EUNAVAIL; /* the database restarts: 503, and this page again soon */
	const char *account_prefs = NULL;
	int err = session_load(r, &account_prefs);
	view_setup_prefs(r, account_prefs);
	/* The session's statements found the database gone (it went after app_db()): 503 for
	 * every route, /healthz and the other plain-text ones too, which have no error page. */
	if (err == KR_EDB && db_lost(r->app->db))
		err = KR_EUNAVAIL;
	return err;
}

int
app_on_handled(struct request *r)
{
	/* The database went away while the handler ran (and may be back already, on a new
	 * connection): what it built may miss what a failed read would have added (a "Leave"
	 * link, a section of the page), or answer as saved a write that failed. 503, and the
	 * page again soon, rather than a page that is wrong. */
	return db_losses(r->app->db) != request_losses ? KR_EUNAVAIL : KR_OK;
}

void
app_on_response(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (c)
		db_snapshot_end(c);
}

void
view_begin(struct request *r, const struct page *pg)
{
	view_setup(r);
	struct page_env env = {
		.lang = r->lang,
		.html_class = prefs_html_class(&r->arena, &r->prefs),
		.csrf_token = r->csrf_token ? r->csrf_token : "",
		.path = (r->path && !r->error_page) ? r->path : "",
		.org_name = "Kring",
		.user_name = r->user_name,
		.is_admin = (r->roles & ROLE_ADMIN) != 0,
		.asset_prefix = r->app->asset_prefix,
	};
	struct db_conn *c = app_db(r);
	struct org org;
	if (c && org_get(c, &r->arena, &org) == KR_OK)
		env.org_name = org.name;
	page_org_name = env.org_name; /* for view_end(): one query a page, not two */
	page_begin(&r->out, &env, pg);
}

void
view_end(struct request *r)
{
	struct page_env env = { .lang = r->lang,
				.org_name = page_org_name ? page_org_name : "Kring" };
	page_end(&r->out, &env);
	page_org_name = NULL;
}

/* ---- error pages ---- */

void
app_render_error(struct request *r, int err)
{
	const char *title, *text;
	view_setup(r); /* an early error comes before app_on_request: choose the language first */
	r->error_page = true;
	/* A statement that failed because the database went away is no fault of the request's:
	 * 503, as when the database cannot be reached at the start of one. */
	if (err == KR_EDB && r->app && db_lost(r->app->db)) {
		err = KR_EUNAVAIL;
		r->status = 503;
	}
	if (err == KR_EUNAVAIL)
		resp_header(r, "Retry-After", "10");
	switch (http_status_of(err)) {
	case 400:
		title = _("Something in your request was not right");
		text = _("Kring could not understand what was sent. Nothing has been changed. Go "
			 "back, check what you filled in and try again.");
		break;
	case 403:
		title = _("You cannot do this");
		text =
		    _("Nothing has been changed. This can happen when a form was open for a long "
		      "time, or was sent from another website. Go back, reload the page and try "
		      "again.");
		break;
	case 404:
		title = _("Page not found");
		text = _("There is no page at this address. If you typed the address, check it. "
			 "You can also start again from the home page.");
		break;
	case 405:
		title = _("This page cannot be used this way");
		text = _("The page exists, but not for this kind of request. Nothing has been "
			 "changed. Go back and use the links and buttons on the page.");
		break;
	case 409:
		title = _("This cannot be done right now");
		text = _("Something changed in the meantime. Nothing of yours has been changed. "
			 "Reload the page and try again.");
		break;
	case 413:
		title = _("What you sent is too large");
		text = _("Nothing has been changed. Make the text shorter and try again.");
		break;
	case 431:
		title = _("Your browser sent too much information");
		text = _("Nothing has been changed. Removing this website's cookies in your "
			 "browser usually solves this.");
		break;
	case 501:
		title = _("Kring cannot read this way of sending");
		text = _("What was sent was packed in a way that Kring does not know. Nothing has "
			 "been changed. Try again with another browser or app.");
		break;
	case 503:
		title = _("Kring is not available for a moment");
		text = _("Kring cannot reach its database right now, for example because it is "
			 "being restarted. Nothing has been changed. Try again in a minute.");
		break;
	default:
		title = _("Something went wrong on our side");
		text = _("This is not your fault. Try again in a few minutes. If it keeps "
			 "happening, tell the administrator of Kring.");
		break;
	}
	const struct page pg = { .title = title };
	strbuf_reset(&r->out);
	view_begin(r, &pg);
	html_fmt(&r->out, "<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n", text,
		 _("Go to the home page"));
	view_end(r);
}

int
view_bytes(struct request *r, const char *content_type, const void *data, size_t len)
{
	r->content_type = content_type;
	strbuf_add(&r->out, data, len); /* raw: text/plain */
	return strbuf_ok(&r->out) ? KR_OK : KR_EINTERNAL;
}

void
view_table_begin(struct request *r, const char *label)
{
	html_fmt(&r->out,
		 "<div class=\"table-wrap\" role=\"region\" aria-label=\"%s\" tabindex=\"0\">\n",
		 label);
}

/* The ?page= of a list (1 when absent); KR_ENOTFOUND for a page that cannot be. */
int
view_page_number(struct request *r, int64_t *page)
{
	const char *p = req_query(r, "page");
	long v = 1;
	if (p && str_to_long(str_from(p), 1, 100000, &v))
		return KR_ENOTFOUND;
	*page = v;
	return KR_OK;
}

/* Links to the pages before and after this one of a list. */
void
view_pager(struct request *r, const char *href, int64_t page, bool has_next)
{
	if (page <= 1 && !has_next)
		return;
	struct strbuf *o = &r->out;
	const char *sep = strchr(href, '?') ? "&" : "?"; /* href may carry a filter */
	html_fmt(o, "<nav class=\"pager\" aria-label=\"%s\">\n<p>", _("Pages"));
	if (page > 1)
		html_fmt(o, "<a href=\"%s%spage=%lld\" rel=\"prev\">%s</a> ", href, sep,
			 (long long)(page - 1), _("Previous page"));
	html_fmt(o, "%s %lld", _("Page"), (long long)page);
	if (has_next)
		html_fmt(o, " <a href=\"%s%spage=%lld\" rel=\"next\">%s</a>", href, sep,
			 (long long)(page + 1), _("Next page"));
	html_lit(o, "</p>\n</nav>\n");
}
