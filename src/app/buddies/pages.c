// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: buddies. A network's buddy page, applying to be a buddy, asking for one, "my buddy
 * page" (requests, matches to answer, end, renew or hand back, the caseload, check-ins), the
 * coordinators' pages (requests with Kring's suggestions, a buddy's record), the core team's
 * settings (themes, coordinators) and the figures. A request's themes and note are shown only
 * to the network's coordinators and to the buddy of its match (docs/PRIVACY.md, "Buddies");
 * every page says what a buddy is and is not and links the referral directory. */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/buddies/buddies.h"
#include "app/buddies/pages.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/events/events.h"
#include "app/figures/figures.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <jansson.h>
#include <limits.h>

/* ---- helpers ---- */

static const char *
field(struct request *r, const char *name)
{
	const char *v = req_form(r, name);
	if (!v)
		return "";
	struct str s = str_trim(str_from(v));
	return arena_strndup(&r->arena, s.p ? s.p : "", s.len);
}

/* Characters (code points) of a UTF-8 text. */
static long
chars_of(const char *s)
{
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

static int64_t
id_of(const char *s)
{
	long id;
	if (!s || !*s || str_to_long(str_from(s), 1, LONG_MAX, &id))
		return 0;
	return id;
}

static int64_t
id_param(struct request *r, size_t i)
{
	long id;
	if (!r->params[i].p || str_to_long(r->params[i], 1, LONG_MAX, &id))
		return 0;
	return id;
}

static const char *
day_of(struct request *r, int64_t t)
{
	if (!t)
		return "";
	struct local_time lt;
	events_utc_to_local(t, &lt);
	return arena_printf(&r->arena, "%04d-%02d-%02d", lt.year, lt.month, lt.day);
}

static int
network_load(struct request *r, struct org *org, struct network *nw)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = org_get(c, &r->arena, org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	return org_network_by_slug(c, &r->arena, slug, nw);
}

static int
network_by_id(struct request *r, int64_t id, struct network *out)
{
	struct network *nws;
	size_t n;
	int err = org_networks(app_db(r), &r->arena, &nws, &n);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++)
		if (nws[i].id == id) {
			*out = nws[i];
			return KR_OK;
		}
	return KR_ENOTFOUND;
}

static const char *
content_lang(struct request *r)
{
	struct org org;
	return org_get(app_db(r), &r->arena, &org) == KR_OK ? org.content_lang : NULL;
}

/* The language of what people write here (a note, a motivation): the organisation's, as on
 * the questions desk. */
static const char *
text_lang(struct request *r)
{
	const char *lang = content_lang(r);
	return lang ? lang : r->lang;
}

static void
crumbs_begin(struct request *r, struct page *pg, const struct network *nw, const char *last)
{
	struct crumb crumbs[3];
	size_t n = 0;
	const char *lang = content_lang(r);
	if (nw) {
		crumbs[n++] =
		    (struct crumb){ nw->name, arena_printf(&r->arena, "/n/%s", nw->slug), lang };
		crumbs[n++] = (struct crumb){
			_("Buddies"),
			last ? arena_printf(&r->arena, "/n/%s/buddies", nw->slug) : NULL, NULL
		};
	} else {
		crumbs[n++] = (struct crumb){ _("My buddy page"), last ? "/buddies" : NULL, NULL };
	}
	if (last)
		crumbs[n++] = (struct crumb){ last, NULL, NULL };
	pg->crumbs = crumbs;
	pg->ncrumbs = n;
	view_begin(r, pg);
	pg->crumbs = NULL;
	pg->ncrumbs = 0;
}

/* What a buddy is and is not, on every buddy page, with the way to professional help. */
static void
boundaries(struct request *r)
{
	html_fmt(&r->out,
		 "<aside class=\"notice\" aria-labelledby=\"buddy-what\">\n<h2 id=\"buddy-what\">%s"
		 "</h2>\n<p>%s</p>\n<p>%s <a href=\"/referrals\">%s</a></p>\n</aside>\n",
		 _("What a buddy is, and is not"),
		 _("A buddy is a colleague with experience of something like what you are going "
		   "through, to talk with. A buddy listens and shares what helped them. A buddy "
		   "is not a care provider, a doctor or a counsellor, and keeps no file about "
		   "you."),
		 _("For professional help, or when something is urgent:"),
		 _("see where to go (the referral directory)"));
}

/* A page that says why nothing was done. */
static int
refusal_page(struct request *r, int status, const char *title, const char *text, const char *back)
{
	r->status = status;
	struct page pg = { .title = title };
	view_begin(r, &pg);
	html_fmt(&r->out, "<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n", text, back, _("Back"));
	view_end(r);
	return KR_OK;
}

static int
refusal(struct request *r, enum buddy_refusal why, const char *back)
{
	switch (why) {
	case BREFUSE_TEXT:
		return refusal_page(r, 400, _("Please check what you typed"),
				    _("A text is empty, too long or has characters that cannot "
				      "be used. Nothing has changed."),
				    back);
	case BREFUSE_THEMES:
		return refusal_page(r, 400, _("Choose from the list"),
				    _("Choose at least one theme, and a site, from the lists. "
				      "Nothing has changed."),
				    back);
	case BREFUSE_NOT_MEMBER:
		return refusal_page(r, 403, _("Only for members"),
				    _("Join the network first. Nothing has changed."), back);
	case BREFUSE_ALREADY:
		return refusal_page(r, 409, _("You did this already"),
				    _("You have applied or asked for a buddy in this network "
				      "already. See your buddy page. Nothing has changed."),
				    back);
	case BREFUSE_FULL:
		return refusal_page(r, 409, _("This buddy has no room"),
				    _("This buddy has as many matches as they take at a time. "
				      "Choose another buddy. Nothing has changed."),
				    back);
	case BREFUSE_NOT_ACTIVE:
		return refusal_page(r, 409, _("This buddy is not active"),
				    _("Only active buddies can be matched. Nothing has changed."),
				    back);
	case BREFUSE_SELF:
		return refusal_page(r, 409, _("Not with themselves"),
				    _("This buddy is the person who asked: someone cannot be "
				      "their own buddy. Nothing has changed."),
				    back);
	case BREFUSE_ANSWERED:
		return refusal_page(r, 409, _("Answered already"),
				    _("This request has been answered already. Nothing has "
				      "changed."),
				    back);
	case BREFUSE_CASELOAD:
		return refusal_page(r, 400, _("Choose 1 or 2"),
				    _("A buddy takes 1 or 2 matches at a time. Nothing has "
				      "changed."),
				    back);
	case BREFUSE_DATE:
		return refusal_page(r, 400, _("Enter a date"),
				    _("Enter a date that exists, like 2027-03-04, or leave it "
				      "empty. Nothing has changed."),
				    back);
	default:
		return refusal_page(r, 409, _("That is not possible now"),
				    _("The request or match is not in a state for this any more. "
				      "Nothing has changed."),
				    back);
	}
}

static const char *
theme_name(const struct buddy_theme *ts, size_t nt, int64_t id)
{
	for (size_t i = 0; i < nt; i++)
		if (ts[i].id == id)
			return ts[i].name;
	return NULL;
}

/* The themes as a list, in the organisation's language. */
static void
themes_list(struct request *r, const struct buddy_theme *ts, size_t nt, const int64_t *ids,
	    size_t n)
{
	const char *lang = content_lang(r);
	html_lit(&r->out, "<ul>\n");
	for (size_t i = 0; i < n; i++) {
		const char *name = theme_name(ts, nt, ids[i]);
		if (!name)
			html_fmt(&r->out, "<li>%s</li>\n", _("a theme that was removed"));
		else if (lang)
			html_fmt(&r->out, "<li lang=\"%s\">%s</li>\n", lang, name);
		else
			html_fmt(&r->out, "<li>%s</li>\n", name);
	}
	html_lit(&r->out, "</ul>\n");
}

/* The themes as checkboxes: t1..tN carry a theme's id (a form field has one name once). */
static void
themes_boxes(struct request *r, const struct buddy_theme *ts, size_t nt, const int64_t *checked,
	     size_t nchecked, const char *legend, const char *hint, const char *error)
{
	struct strbuf *o = &r->out;
	const char *lang = content_lang(r);
	html_fmt(
	    o,
	    "<div class=\"field%s\">\n<fieldset class=\"fieldset\" aria-describedby=\"f-t1-hint"
	    "%s\">\n<legend class=\"legend\">%s</legend>\n<p class=\"hint\" id=\"f-t1-hint\">"
	    "%s</p>\n",
	    error ? " field-error" : "", error ? " f-t1-error" : "", legend, hint);
	if (error)
		html_fmt(o, "<p class=\"error-message\" id=\"f-t1-error\">%s</p>\n", error);
	html_lit(o, "<div class=\"checkboxes\">\n");
	for (size_t i = 0; i < nt; i++) {
		bool on = false;
		for (size_t k = 0; k < nchecked && !on; k++)
			on = checked[k] == ts[i].id;
		html_fmt(
		    o,
		    "<div class=\"choice\">\n<input class=\"choice-input\" type=\"checkbox\" "
		    "id=\"f-t%zu\" name=\"t%zu\" value=\"%lld\"%s>\n<label class=\"choice-label"
		    "\" for=\"f-t%zu\" lang=\"%s\">%s</label>\n</div>\n",
		    i + 1, i + 1, (long long)ts[i].id, on ? " checked" : "", i + 1,
		    lang ? lang : r->lang, ts[i].name);
	}
	html_lit(o, "</div>\n</fieldset>\n</div>\n");
}

/* The checked themes of the form; false for a value that is not a number. */
static bool
themes_read(struct request *r, int64_t *out, size_t *n)
{
	*n = 0;
	for (int i = 1; i <= BUDDY_THEMES_MAX; i++) {
		char name[8];
		snprintf(name, sizeof(name), "t%d", i);
		const char *v = req_form(r, name);
		if (!v)
			continue;
		int64_t id = id_of(v);
		if (!id)
			return false;
		out[(*n)++] = id;
	}
	return true;
}

static int
sites_options(struct request *r, struct form_option **out, size_t *n, const char *none)
{
	struct site *ss;
	size_t ns;
	int err = org_sites(app_db(r), &r->arena, &ss, &ns);
	if (err)
		return err;
	struct form_option *o = ARENA_ARRAY(&r->arena, struct form_option, ns + 1);
	o[0] = (struct form_option){ "0", none, NULL, NULL, NULL };
	const char *lang = content_lang(r);
	for (size_t i = 0; i < ns; i++)
		o[i + 1] =
		    (struct form_option){ arena_printf(&r->arena, "%lld", (long long)ss[i].id),
					  ss[i].name, NULL, lang, NULL };
	*out = o;
	*n = ns + 1;
	return KR_OK;
}

static const char *
site_name(struct request *r, int64_t id)
{
	struct site *ss;
	size_t ns;
	if (!id || org_sites(app_db(r), &r->arena, &ss, &ns))
		return NULL;
	for (size_t i = 0; i < ns; i++)
		if (ss[i].id == id)
			return ss[i].name;
	return NULL;
}

static const char *
lang_label(const char *lang)
{
	return strcmp(lang, "nl") == 0	 ? _("Dutch")
	       : strcmp(lang, "en") == 0 ? _("English")
					 : _("Dutch or English");
}

static const char *
person_name(struct request *r, int64_t id)
{
	struct account a;
	if (auth_account_by_id(app_db(r), &r->arena, id, &a))
		return _("an erased account");
	return a.name;
}

/* ---- a network's buddy page ---- */

int
buddies_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	(void)org;
	html_fmt(&r->out, "<h2>%s</h2>\n<p>%s</p>\n<p><a href=\"/n/%s/buddies\">%s</a></p>\n",
		 _("Buddies"),
		 _("Talk with a colleague who has been through something like it. Ask for a "
		   "buddy, or become one."),
		 nw->slug, _("About buddies"));
	return KR_OK;
}

static bool
may_see_figures(struct request *r, int64_t network_id)
{
	struct db_conn *c = app_db(r);
	if (org_is_core_team(c, network_id, r->user_id))
		return true;
	struct network_role_holder *hs;
	size_t n;
	if (org_network_roles(c, &r->arena, network_id, &hs, &n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (hs[i].account_id == r->user_id && !hs[i].disabled &&
		    (strcmp(hs[i].role, "contact") == 0 || strcmp(hs[i].role, "ambassador") == 0))
			return true;
	struct account me;
	return auth_account_by_id(c, &r->arena, r->user_id, &me) == KR_OK && me.is_contact;
}

int
page_buddies_network(struct request *r)
{
	struct org org;
	struct network nw;
	int err = network_load(r, &org, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	const char *done = req_query(r, "done");
	struct page pg = {
		.title = _("Buddies"),
		.lead = _("A buddy is an experienced colleague of the network to talk with. You "
			  "can ask for a buddy, or become one after an intake and a training."),
		.notice = done && strcmp(done, "saved") == 0 ? _("Saved.") : NULL,
	};
	crumbs_begin(r, &pg, &nw, NULL);
	struct strbuf *o = &r->out;
	boundaries(r);
	struct membership m;
	bool member = members_get(c, &r->app->keys, &r->arena, r->user_id, nw.id, 0, &m) == KR_OK;
	html_fmt(o, "<h2>%s</h2>\n", _("What you can do"));
	html_lit(o, "<ul>\n");
	if (member) {
		html_fmt(o,
			 "<li><a href=\"/n/%s/buddies/ask\">%s</a></li>\n<li><a "
			 "href=\"/n/%s/buddies/apply\">%s</a></li>\n",
			 nw.slug, _("Ask for a buddy"), nw.slug, _("Become a buddy"));
	}
	html_fmt(o, "<li><a href=\"/buddies\">%s</a></li>\n", _("My buddy page"));
	if (buddy_is_coordinator(c, nw.id, r->user_id))
		html_fmt(o, "<li><a href=\"/n/%s/buddies/coordinate\">%s</a></li>\n", nw.slug,
			 _("Requests and buddies (coordinators)"));
	if (org_is_core_team(c, nw.id, r->user_id))
		html_fmt(o, "<li><a href=\"/n/%s/buddies/settings\">%s</a></li>\n", nw.slug,
			 _("Themes and coordinators (core team)"));
	if (may_see_figures(r, nw.id))
		html_fmt(o, "<li><a href=\"/n/%s/buddies/figures\">%s</a></li>\n", nw.slug,
			 _("Figures"));
	html_lit(o, "</ul>\n");
	if (!member)
		html_fmt(o, "<p>%s <a href=\"/n/%s\">%s</a></p>\n",
			 _("Buddies are for members of the network."), nw.slug,
			 _("See how to join"));
	struct buddy_theme *ts;
	size_t nt;
	if ((err = buddy_themes(c, &r->arena, nw.id, &ts, &nt)))
		return err;
	html_fmt(o, "<h2>%s</h2>\n", _("Themes our buddies know about"));
	if (!nt) {
		html_fmt(o, "<p>%s</p>\n", _("The core team has not made a list of themes yet."));
	} else {
		int64_t *all = ARENA_ARRAY(&r->arena, int64_t, nt);
		for (size_t i = 0; i < nt; i++)
			all[i] = ts[i].id;
		themes_list(r, ts, nt, all, nt);
	}
	view_end(r);
	return KR_OK;
}

/* ---- applying ---- */

struct apply_values {
	struct network nw;
	struct buddy_theme *themes;
	size_t nthemes;
	int64_t checked[BUDDY_THEMES_MAX];
	size_t nchecked;
	const char *motivation, *site, *lang;
	bool online;
	struct form_option *sites;
	size_t nsites;
	bool done_before; /* an open request (asking) or a buddy row (applying) in the network */
};

static int
apply_render(struct form_page *fp)
{
	struct apply_values *v = fp->values;
	struct request *r = fp->r;
	struct page pg = { .title = _("Become a buddy"),
			   .lead = _("Tell the coordinators why you would like to be a buddy and "
				     "what you have experience with. They will invite you for an "
				     "intake talk; after a training you can be matched."),
			   .has_errors = fp->nproblems > 0 };
	crumbs_begin(r, &pg, &v->nw, pg.title);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	boundaries(r);
	if (v->done_before && !fp->nproblems) {
		html_fmt(o, "<p>%s <a href=\"/buddies\">%s</a></p>\n",
			 _("You have applied to be a buddy in this network already."),
			 _("See my buddy page"));
		view_end(r);
		return KR_OK;
	}
	if (!v->nthemes) {
		html_fmt(o, "<p>%s</p>\n",
			 _("The core team has not made a list of themes yet, so you cannot apply "
			   "yet."));
		view_end(r);
		return KR_OK;
	}
	form_begin(o, arena_printf(&r->arena, "/n/%s/buddies/apply", v->nw.slug), r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "motivation",
			  .label = _("Why would you like to be a buddy?"),
			  .hint = _("At most 2,000 characters. Only the buddy coordinators read "
				    "this. You need not name a diagnosis."),
			  .value = v->motivation,
			  .maxlength = BUDDY_MOTIVATION_MAX,
			  .multiline = true,
			  .required = true,
			  .error = form_problem_of(fp, "motivation") });
	themes_boxes(
	    r, v->themes, v->nthemes, v->checked, v->nchecked, _("Themes you have experience with"),
	    _("Choose one or more. Only the coordinators see them."), form_problem_of(fp, "t1"));
	form_radios(o, &(struct form_choice){ .name = "site",
					      .legend = _("Where you can meet"),
					      .options = v->sites,
					      .noptions = v->nsites,
					      .selected = v->site,
					      .error = form_problem_of(fp, "site") });
	form_checkbox(o, "online", _("I can also meet online"), NULL, v->online);
	const struct form_option langs[] = {
		{ "both", _("Dutch or English"), NULL, NULL, NULL },
		{ "nl", _("Dutch"), NULL, NULL, NULL },
		{ "en", _("English"), NULL, NULL, NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "lang",
					      .legend = _("Language of the talks"),
					      .options = langs,
					      .noptions = ARRAY_SIZE(langs),
					      .selected = v->lang,
					      .error = form_problem_of(fp, "lang") });
	form_submit(o, _("Apply"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static void
common_read(struct form_page *fp, int64_t *checked, size_t *nchecked, const char **site,
	    const char **lang, bool *online, int64_t *site_id)
{
	struct request *r = fp->r;
	if (!themes_read(r, checked, nchecked) || !*nchecked)
		form_problem(fp, "t1", _("Choose at least one theme."));
	*site = field(r, "site");
	*lang = field(r, "lang");
	*online = strcmp(field(r, "online"), "1") == 0;
	*site_id = 0;
	if (*(*site) && strcmp(*site, "0") != 0 && !(*site_id = id_of(*site)))
		form_problem(fp, "site", _("Choose a site of the list."));
}

static const char *
refusal_text(enum buddy_refusal why)
{
	switch (why) {
	case BREFUSE_THEMES:
		return _("Choose themes and a site of the lists.");
	case BREFUSE_NOT_MEMBER:
		return _("Join the network first.");
	case BREFUSE_ALREADY:
		return _("You have done this already in this network: see your buddy page.");
	default:
		return _("Please check what you typed.");
	}
}

static int
apply_save(struct form_page *fp)
{
	struct apply_values *v = fp->values;
	struct request *r = fp->r;
	v->motivation = field(r, "motivation");
	int64_t site_id;
	common_read(fp, v->checked, &v->nchecked, &v->site, &v->lang, &v->online, &site_id);
	long len = chars_of(v->motivation);
	if (!*v->motivation)
		form_problem(fp, "motivation",
			     _("Say in a few words why you would like to be a "
			       "buddy."));
	else if (len > BUDDY_MOTIVATION_MAX)
		form_problem(fp, "motivation", _("Write at most 2,000 characters."));
	if (strcmp(v->lang, "nl") != 0 && strcmp(v->lang, "en") != 0 &&
	    strcmp(v->lang, "both") != 0)
		form_problem(fp, "lang", _("Choose a language of the list."));
	if (form_page_failed(fp))
		return KR_OK;
	enum buddy_refusal why;
	int err =
	    buddy_apply(app_db(r), &r->app->keys, &r->arena, v->nw.id, r->user_id, v->motivation,
			v->checked, v->nchecked, site_id, v->online, v->lang, time_now(), &why);
	if (err == KR_EINVAL) {
		form_problem(fp, why == BREFUSE_TEXT ? "motivation" : "t1", refusal_text(why));
		if (why == BREFUSE_ALREADY || why == BREFUSE_NOT_MEMBER)
			fp->status = why == BREFUSE_ALREADY ? 409 : 403;
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/buddies?done=applied";
	return KR_OK;
}

static const struct form_page_ops apply_ops = { apply_save, apply_render };

static int
apply_values(struct request *r, struct apply_values *v)
{
	memset(v, 0, sizeof(*v));
	struct org org;
	int err = network_load(r, &org, &v->nw);
	if (err)
		return err;
	struct membership m;
	if (members_get(app_db(r), &r->app->keys, &r->arena, r->user_id, v->nw.id, 0, &m))
		return KR_EFORBIDDEN;
	v->motivation = "";
	v->site = "0";
	v->lang = "both";
	v->online = true;
	if ((err = buddy_themes(app_db(r), &r->arena, v->nw.id, &v->themes, &v->nthemes)))
		return err;
	return sites_options(r, &v->sites, &v->nsites, _("Any site"));
}

int
page_buddies_apply(struct request *r)
{
	struct apply_values *v = ARENA_ARRAY(&r->arena, struct apply_values, 1);
	int err = apply_values(r, v);
	struct buddy *bs;
	size_t nb;
	if (!err && !(err = buddy_mine(app_db(r), &r->app->keys, &r->arena, r->user_id, &bs, &nb)))
		for (size_t i = 0; i < nb; i++)
			v->done_before = v->done_before || bs[i].network_id == v->nw.id;
	return err ? err : form_page_show(r, &apply_ops, v);
}

int
page_buddies_apply_post(struct request *r)
{
	struct apply_values *v = ARENA_ARRAY(&r->arena, struct apply_values, 1);
	int err = apply_values(r, v);
	return err ? err : form_page_post(r, &apply_ops, v);
}

/* ---- asking for a buddy ---- */

static int
ask_render(struct form_page *fp)
{
	struct apply_values *v = fp->values;
	struct request *r = fp->r;
	struct page pg = { .title = _("Ask for a buddy"),
			   .lead = _("Choose what you would like to talk about. A buddy "
				     "coordinator looks for a buddy who knows about it, and asks "
				     "them. Only the coordinators, and later your buddy, see what "
				     "you fill in here."),
			   .has_errors = fp->nproblems > 0 };
	crumbs_begin(r, &pg, &v->nw, pg.title);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	boundaries(r);
	if (v->done_before && !fp->nproblems) {
		html_fmt(o, "<p>%s <a href=\"/buddies\">%s</a></p>\n",
			 _("You have asked for a buddy in this network already."),
			 _("See my buddy page"));
		view_end(r);
		return KR_OK;
	}
	if (!v->nthemes) {
		html_fmt(o, "<p>%s</p>\n",
			 _("The core team has not made a list of themes yet, so you cannot ask "
			   "yet."));
		view_end(r);
		return KR_OK;
	}
	form_begin(o, arena_printf(&r->arena, "/n/%s/buddies/ask", v->nw.slug), r->csrf_token);
	themes_boxes(r, v->themes, v->nthemes, v->checked, v->nchecked,
		     _("What would you like to talk about?"), _("Choose one or more themes."),
		     form_problem_of(fp, "t1"));
	form_radios(o, &(struct form_choice){ .name = "site",
					      .legend = _("Where would you like to meet?"),
					      .options = v->sites,
					      .noptions = v->nsites,
					      .selected = v->site,
					      .error = form_problem_of(fp, "site") });
	form_checkbox(o, "online", _("Meeting online is fine too"), NULL, v->online);
	const struct form_option langs[] = {
		{ "", _("Dutch or English"), NULL, NULL, NULL },
		{ "nl", _("Dutch"), NULL, NULL, NULL },
		{ "en", _("English"), NULL, NULL, NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "lang",
					      .legend = _("Language"),
					      .options = langs,
					      .noptions = ARRAY_SIZE(langs),
					      .selected = v->lang,
					      .error = form_problem_of(fp, "lang") });
	form_input(o, &(struct form_field){
			  .name = "note",
			  .label = _("A short note (optional)"),
			  .hint = _("At most 500 characters, for the coordinators and your buddy. "
				    "You need not name a diagnosis."),
			  .value = v->motivation,
			  .maxlength = BUDDY_NOTE_MAX,
			  .error = form_problem_of(fp, "note") });
	html_fmt(o, "<p>%s</p>\n",
		 _("When a buddy says yes, you both get an e-mail with the other's name and "
		   "e-mail address. Nothing else is in it."));
	form_submit(o, _("Ask for a buddy"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
ask_save(struct form_page *fp)
{
	struct apply_values *v = fp->values;
	struct request *r = fp->r;
	v->motivation = field(r, "note");
	int64_t site_id;
	common_read(fp, v->checked, &v->nchecked, &v->site, &v->lang, &v->online, &site_id);
	if (chars_of(v->motivation) > BUDDY_NOTE_MAX)
		form_problem(fp, "note", _("Write at most 500 characters."));
	if (*v->lang && strcmp(v->lang, "nl") != 0 && strcmp(v->lang, "en") != 0)
		form_problem(fp, "lang", _("Choose a language of the list."));
	if (form_page_failed(fp))
		return KR_OK;
	enum buddy_refusal why;
	int64_t id;
	int err = buddy_request_add(app_db(r), &r->app->keys, &r->arena, v->nw.id, r->user_id,
				    v->checked, v->nchecked, site_id, v->online, v->lang,
				    v->motivation, time_now(), &id, &why);
	if (err == KR_EINVAL) {
		form_problem(fp, why == BREFUSE_TEXT ? "note" : "t1",
			     why == BREFUSE_TEXT ? _("Write at most 500 characters, on one line.")
						 : refusal_text(why));
		if (why == BREFUSE_ALREADY || why == BREFUSE_NOT_MEMBER)
			fp->status = why == BREFUSE_ALREADY ? 409 : 403;
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = "/buddies?done=asked";
	return KR_OK;
}

static const struct form_page_ops ask_ops = { ask_save, ask_render };

int
page_buddies_ask(struct request *r)
{
	struct apply_values *v = ARENA_ARRAY(&r->arena, struct apply_values, 1);
	int err = apply_values(r, v);
	struct buddy_request *qs;
	size_t nq;
	if (!err)
		v->lang = "";
	if (!err &&
	    !(err = buddy_requests_mine(app_db(r), &r->app->keys, &r->arena, r->user_id, &qs, &nq)))
		for (size_t i = 0; i < nq; i++)
			v->done_before = v->done_before ||
					 (qs[i].network_id == v->nw.id &&
					  qs[i].status != REQ_ENDED && qs[i].status != REQ_CLOSED);
	return err ? err : form_page_show(r, &ask_ops, v);
}

int
page_buddies_ask_post(struct request *r)
{
	struct apply_values *v = ARENA_ARRAY(&r->arena, struct apply_values, 1);
	int err = apply_values(r, v);
	return err ? err : form_page_post(r, &ask_ops, v);
}

/* ---- my buddy page ---- */

static const char *
request_status_text(enum request_status s)
{
	switch (s) {
	case REQ_WAITING:
		return _("A coordinator is looking for a buddy for you.");
	case REQ_PROPOSED:
		return _("A buddy has been asked; you hear from us when they answer.");
	case REQ_MATCHED:
		return _("You have a buddy.");
	case REQ_RETURNED:
		return _("A coordinator will contact you about the next step.");
	case REQ_ENDED:
		return _("Your buddy match has ended.");
	default:
		return _("This request is closed.");
	}
}

static void
match_buttons(struct request *r, const struct buddy_match *m, bool is_buddy)
{
	struct strbuf *o = &r->out;
	long long id = (long long)m->id;
	if (m->status == MATCH_PROPOSED && is_buddy) {
		html_fmt(o,
			 "<p><a class=\"button\" href=\"/buddies/matches/%lld/accept\">%s</a> <a "
			 "class=\"button secondary\" href=\"/buddies/matches/%lld/decline\">%s</a>"
			 "</p>\n",
			 id, _("Say yes"), id, _("Say no"));
	}
	if (m->status == MATCH_ACTIVE) {
		html_fmt(o, "<p>%s %s</p>\n", _("The match ends by itself on"),
			 day_of(r, m->ends_at));
		form_begin(o, arena_printf(&r->arena, "/buddies/matches/%lld/renew", id),
			   r->csrf_token);
		form_submit(o, _("Renew for 6 months"));
		form_end(o);
		html_fmt(o, "<p><a href=\"/buddies/matches/%lld/end\">%s</a></p>\n", id,
			 _("End the match"));
	}
	if (is_buddy && (m->status == MATCH_PROPOSED || m->status == MATCH_ACTIVE)) {
		form_begin(o, arena_printf(&r->arena, "/buddies/matches/%lld/handback", id),
			   r->csrf_token);
		html_fmt(o, "<p class=\"hint\">%s</p>\n",
			 _("Hand the match back to the coordinators, without saying why. They "
			   "will take it from here."));
		form_submit(o, _("This needs professional help"));
		form_end(o);
	}
}

int
page_buddies_mine(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	const struct keys *k = &r->app->keys;
	struct buddy_request *qs;
	struct buddy *bs;
	int64_t *due;
	size_t nq, nb, nd;
	int err;
	if ((err = buddy_requests_mine(c, k, &r->arena, r->user_id, &qs, &nq)) ||
	    (err = buddy_mine(c, k, &r->arena, r->user_id, &bs, &nb)) ||
	    (err = buddy_checkins_due(c, k, &r->arena, r->user_id, &due, &nd)))
		return err;
	const char *done = req_query(r, "done");
	static const struct {
		const char *key, *text;
	} notices[] = {
		{ "applied", N_("Thank you. A buddy coordinator will contact you.") },
		{ "asked", N_("Your request has been sent to the buddy coordinators.") },
		{ "accepted", N_("Thank you. You both get an e-mail to get in touch.") },
		{ "declined", N_("You said no. The coordinators look for someone else.") },
		{ "ended", N_("The match has ended.") },
		{ "renewed", N_("The match has been renewed for 6 months.") },
		{ "handed", N_("The match is back with the coordinators.") },
		{ "saved", N_("Saved.") },
		{ "thanks", N_("Thank you for your answer.") },
		{ "closed", N_("Your request has been withdrawn.") },
	};
	struct page pg = { .title = _("My buddy page"),
			   .lead = _("Your requests for a buddy and, if you are a buddy, your "
				     "matches. Only you see this page.") };
	for (size_t i = 0; done && i < ARRAY_SIZE(notices); i++)
		if (strcmp(done, notices[i].key) == 0)
			pg.notice = _(notices[i].text);
	crumbs_begin(r, &pg, NULL, NULL);
	struct strbuf *o = &r->out;
	const char *lang = content_lang(r);
	if (!lang)
		lang = r->lang;
	boundaries(r);
	/* Check-ins first: they are short. */
	for (size_t i = 0; i < nd; i++) {
		struct network nw;
		if ((err = network_by_id(r, due[i], &nw)))
			return err;
		html_fmt(o, "<section>\n<h2>%s (<span lang=\"%s\">%s</span>)</h2>\n<p>%s</p>\n",
			 _("Did it help?"), lang, nw.name,
			 _("Your buddy match has ended. Did talking with a buddy help you? Your "
			   "answer is anonymous: it is counted, and not kept with your name or "
			   "the match."));
		form_begin(o, arena_printf(&r->arena, "/buddies/checkins/%lld", (long long)nw.id),
			   r->csrf_token);
		const struct form_option answers[] = {
			{ "yes", _(buddy_checkin_label(CHECKIN_YES)), NULL, NULL, NULL },
			{ "some", _(buddy_checkin_label(CHECKIN_SOME)), NULL, NULL, NULL },
			{ "no", _(buddy_checkin_label(CHECKIN_NO)), NULL, NULL, NULL },
		};
		form_radios(o, &(struct form_choice){ .name = "answer",
						      .legend = _("Did it help?"),
						      .options = answers,
						      .noptions = ARRAY_SIZE(answers) });
		form_submit(o, _("Send my answer"));
		form_end(o);
		html_lit(o, "</section>\n");
		break; /* one at a time: the form's ids are the page's */
	}
	html_fmt(o, "<h2>%s</h2>\n", _("My requests for a buddy"));
	if (!nq)
		html_fmt(o, "<p>%s</p>\n", _("You have not asked for a buddy."));
	for (size_t i = 0; i < nq; i++) {
		const struct buddy_request *q = &qs[i];
		struct network nw;
		struct buddy_theme *ts;
		size_t nt;
		if ((err = network_by_id(r, q->network_id, &nw)) ||
		    (err = buddy_themes(c, &r->arena, nw.id, &ts, &nt)))
			return err;
		html_fmt(o, "<section>\n<h3><span lang=\"%s\">%s</span> · %s</h3>\n<p>%s</p>\n",
			 lang, nw.name, day_of(r, q->created_at), request_status_text(q->status));
		themes_list(r, ts, nt, q->themes, q->nthemes);
		if (*q->note)
			html_fmt(o, "<p>%s <span lang=\"%s\">%s</span></p>\n", _("Your note:"),
				 lang, q->note);
		struct buddy_match *ms;
		size_t nm;
		if ((err = buddy_matches_of_request(c, &r->arena, q->id, &ms, &nm)))
			return err;
		for (size_t j = 0; j < nm; j++) {
			if (ms[j].status != MATCH_ACTIVE)
				continue;
			struct buddy b;
			if ((err = buddy_get(c, k, &r->arena, ms[j].buddy_id, &b)))
				return err;
			html_fmt(o, "<p>%s %s</p>\n", _("Your buddy:"), b.name);
			match_buttons(r, &ms[j], false);
		}
		if (q->status == REQ_WAITING || q->status == REQ_RETURNED) {
			form_begin(o,
				   arena_printf(&r->arena, "/buddies/requests/%lld/close",
						(long long)q->id),
				   r->csrf_token);
			form_submit(o, _("Withdraw my request"));
			form_end(o);
		}
		html_lit(o, "</section>\n");
	}
	if (nq)
		html_fmt(o, "<p class=\"hint\">%s</p>\n",
			 _("A request is erased 30 days after it ends."));
	for (size_t i = 0; i < nb; i++) {
		const struct buddy *b = &bs[i];
		struct network nw;
		if ((err = network_by_id(r, b->network_id, &nw)))
			return err;
		html_fmt(o,
			 "<h2>%s: <span lang=\"%s\">%s</span></h2>\n<dl "
			 "class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt>"
			 "<dd>%d</dd>\n</dl>\n",
			 _("As a buddy"), lang, nw.name, _("Status"),
			 _(buddy_status_label(b->status)), _("Matches now"), b->load);
		form_begin(o, arena_printf(&r->arena, "/buddies/b/%lld/caseload", (long long)b->id),
			   r->csrf_token);
		const struct form_option loads[] = {
			{ "1", _("1 at a time"), NULL, NULL, NULL },
			{ "2", _("2 at a time"), NULL, NULL, NULL },
		};
		form_radios(o, &(struct form_choice){
				   .name = "caseload",
				   .legend = _("How many matches you take at a time"),
				   .hint = _("You can lower it whenever you like."),
				   .options = loads,
				   .noptions = ARRAY_SIZE(loads),
				   .selected = arena_printf(&r->arena, "%d", b->caseload) });
		form_submit(o, _("Save"));
		form_end(o);
		struct buddy_match *ms;
		size_t nm;
		if ((err = buddy_matches_of_buddy(c, &r->arena, b->id, &ms, &nm)))
			return err;
		struct buddy_theme *ts;
		size_t nt;
		if ((err = buddy_themes(c, &r->arena, nw.id, &ts, &nt)))
			return err;
		for (size_t j = 0; j < nm; j++) {
			if (ms[j].status != MATCH_PROPOSED && ms[j].status != MATCH_ACTIVE)
				continue;
			struct buddy_request q;
			if ((err = buddy_request_get(c, k, &r->arena, ms[j].request_id, &q)))
				return err;
			html_fmt(o, "<section>\n<h3>%s</h3>\n",
				 ms[j].status == MATCH_PROPOSED ? _("A request for you to answer")
								: _("Your match"));
			if (ms[j].status == MATCH_ACTIVE)
				html_fmt(o, "<p>%s %s</p>\n", _("With:"),
					 person_name(r, q.account_id));
			/* A request's themes and note are health data: the buddy reads them once
			 * matched, not while they may still say no (docs/PRIVACY.md, "Buddies"). */
			if (ms[j].status == MATCH_PROPOSED) {
				html_fmt(
				    o, "<p>%s</p>\n",
				    _("A buddy coordinator thinks you can be a good buddy for "
				      "someone who asked for one. Once you say yes, you see what "
				      "they would like to talk about and you both get an e-mail to "
				      "get in touch. You need not give a reason to say no."));
			} else {
				html_fmt(o, "<p>%s</p>\n", _("They would like to talk about:"));
				themes_list(r, ts, nt, q.themes, q.nthemes);
				if (*q.note)
					html_fmt(o, "<p>%s <span lang=\"%s\">%s</span></p>\n",
						 _("Their note:"), lang, q.note);
			}
			match_buttons(r, &ms[j], true);
			html_lit(o, "</section>\n");
		}
	}
	view_end(r);
	return KR_OK;
}

int
page_buddies_caseload_post(struct request *r)
{
	/* Whose buddy row first: someone else's, or none, is not found whatever was sent. */
	struct buddy b;
	int err = buddy_get(app_db(r), &r->app->keys, &r->arena, id_param(r, 0), &b);
	if (err)
		return err;
	if (b.account_id != r->user_id)
		return KR_ENOTFOUND;
	long v;
	const char *s = field(r, "caseload");
	enum buddy_refusal why = BREFUSE_CASELOAD;
	err = KR_EINVAL;
	if (*s && !str_to_long(str_from(s), 0, 100, &v))
		err = buddy_set_caseload(app_db(r), id_param(r, 0), r->user_id, (int)v, &why);
	if (err == KR_EINVAL)
		return refusal(r, why, "/buddies");
	if (err)
		return err;
	resp_redirect(r, "/buddies?done=saved");
	return KR_OK;
}

/* ---- answering, ending, renewing, handing back ---- */

static bool
path_ends(struct request *r, const char *suffix)
{
	size_t n = strlen(r->path), s = strlen(suffix);
	return n >= s && strcmp(r->path + n - s, suffix) == 0;
}

int
page_buddies_answer(struct request *r)
{
	struct db_conn *c = app_db(r);
	struct buddy_match m;
	int err = buddy_match_get(c, id_param(r, 0), &m);
	if (err)
		return err;
	if (!buddy_match_is_buddy(c, &m, r->user_id))
		return KR_ENOTFOUND;
	if (m.status != MATCH_PROPOSED)
		return refusal(r, BREFUSE_ANSWERED, "/buddies");
	bool accept = path_ends(r, "/accept");
	struct page pg = { .title =
			       accept ? _("Say yes to this request") : _("Say no to this request"),
			   .lead = _("Step 1 of 2: are you sure?") };
	crumbs_begin(r, &pg, NULL, pg.title);
	boundaries(r);
	html_fmt(&r->out, "<p>%s</p>\n",
		 accept ? _("You both get an e-mail with the other's name and e-mail address, "
			    "so that you can get in touch.")
			: _("You need not give a reason. The coordinators look for another "
			    "buddy."));
	form_begin(&r->out,
		   arena_printf(&r->arena, "/buddies/matches/%lld/%s", (long long)m.id,
				accept ? "accept" : "decline"),
		   r->csrf_token);
	form_submit(&r->out, accept ? _("Yes, I will be their buddy") : _("Yes, say no"));
	form_end(&r->out);
	html_fmt(&r->out, "<p><a href=\"/buddies\">%s</a></p>\n", _("No, go back"));
	view_end(r);
	return KR_OK;
}

int
page_buddies_answer_post(struct request *r)
{
	bool accept = path_ends(r, "/accept");
	enum buddy_refusal why;
	int err = buddy_answer(app_db(r), &r->app->keys, &r->arena, id_param(r, 0), r->user_id,
			       accept, r->app->base_url, time_now(), &why);
	if (err == KR_EINVAL)
		return refusal(r, why, "/buddies");
	if (err)
		return err;
	resp_redirect(r, accept ? "/buddies?done=accepted" : "/buddies?done=declined");
	return KR_OK;
}

int
page_buddies_end(struct request *r)
{
	struct db_conn *c = app_db(r);
	struct buddy_match m;
	int err = buddy_match_get(c, id_param(r, 0), &m);
	if (err)
		return err;
	if (!buddy_match_is_buddy(c, &m, r->user_id) &&
	    !buddy_match_is_asker(c, &r->app->keys, &m, r->user_id))
		return KR_ENOTFOUND;
	if (m.status != MATCH_ACTIVE)
		return refusal(r, BREFUSE_STATE, "/buddies");
	struct page pg = { .title = _("End the match"), .lead = _("Step 1 of 2: are you sure?") };
	crumbs_begin(r, &pg, NULL, pg.title);
	boundaries(r);
	html_fmt(&r->out, "<p>%s</p>\n",
		 _("The other person gets an e-mail that the match has ended. You need not give "
		   "a reason. You both get a short, anonymous check-in."));
	form_begin(&r->out, arena_printf(&r->arena, "/buddies/matches/%lld/end", (long long)m.id),
		   r->csrf_token);
	form_submit(&r->out, _("Yes, end the match"));
	form_end(&r->out);
	html_fmt(&r->out, "<p><a href=\"/buddies\">%s</a></p>\n", _("No, go back"));
	view_end(r);
	return KR_OK;
}

int
page_buddies_end_post(struct request *r)
{
	enum buddy_refusal why;
	int err = buddy_end(app_db(r), &r->app->keys, &r->arena, id_param(r, 0), r->user_id,
			    r->app->base_url, time_now(), &why);
	if (err == KR_EINVAL)
		return refusal(r, why, "/buddies");
	if (err)
		return err;
	resp_redirect(r, "/buddies?done=ended");
	return KR_OK;
}

int
page_buddies_renew_post(struct request *r)
{
	enum buddy_refusal why;
	int err = buddy_renew(app_db(r), &r->app->keys, &r->arena, id_param(r, 0), r->user_id,
			      time_now(), &why);
	if (err == KR_EINVAL)
		return refusal(r, why, "/buddies");
	if (err)
		return err;
	resp_redirect(r, "/buddies?done=renewed");
	return KR_OK;
}

int
page_buddies_handback_post(struct request *r)
{
	enum buddy_refusal why;
	int err = buddy_hand_back(app_db(r), &r->app->keys, &r->arena, id_param(r, 0), r->user_id,
				  r->app->base_url, time_now(), &why);
	if (err == KR_EINVAL)
		return refusal(r, why, "/buddies");
	if (err)
		return err;
	resp_redirect(r, "/buddies?done=handed");
	return KR_OK;
}

int
page_buddies_checkin_post(struct request *r)
{
	/* A check-in due in that network first: none (answered already, another network's, or
	 * none at all) is not found, whatever was sent. */
	int64_t network_id = id_param(r, 0), *due;
	size_t n;
	int err = buddy_checkins_due(app_db(r), &r->app->keys, &r->arena, r->user_id, &due, &n);
	if (err)
		return err;
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found = found || due[i] == network_id;
	if (!found)
		return KR_ENOTFOUND;
	enum checkin_answer a;
	if (!buddy_checkin_parse(field(r, "answer"), &a))
		return refusal_page(r, 400, _("Choose an answer"),
				    _("Choose one of the answers. Nothing has changed."),
				    "/buddies");
	err = buddy_checkin_answer(app_db(r), &r->app->keys, network_id, r->user_id, a);
	if (err)
		return err;
	resp_redirect(r, "/buddies?done=thanks");
	return KR_OK;
}

/* ---- the coordinators ---- */

static int
coordinator_network(struct request *r, struct network *nw)
{
	struct org org;
	int err = network_load(r, &org, nw);
	if (err)
		return err;
	return buddy_is_coordinator(app_db(r), nw->id, r->user_id) ? KR_OK : KR_EFORBIDDEN;
}

int
page_buddies_coordinate(struct request *r)
{
	struct network nw;
	int err = coordinator_network(r, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	const struct keys *k = &r->app->keys;
	struct buddy_request *qs;
	struct buddy *bs;
	size_t nq, nb;
	if ((err = buddy_requests_open(c, k, &r->arena, nw.id, &qs, &nq)) ||
	    (err = buddy_list(c, k, &r->arena, nw.id, &bs, &nb)))
		return err;
	const char *done = req_query(r, "done");
	struct page pg = { .title = _("Requests and buddies"),
			   .lead = _("For the buddy coordinators of the network. What people wrote "
				     "stays between you, the other coordinators and their buddy."),
			   .notice = done ? _("Saved.") : NULL };
	crumbs_begin(r, &pg, &nw, pg.title);
	struct strbuf *o = &r->out;
	boundaries(r);
	html_fmt(o, "<h2>%s</h2>\n", _("Requests"));
	if (!nq) {
		html_fmt(o, "<p>%s</p>\n", _("There are no open requests."));
	} else {
		view_table_begin(r, _("Requests"));
		html_fmt(o,
			 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			 _("Asked on"), _("Who"), _("State"));
		for (size_t i = 0; i < nq; i++) {
			const char *state = qs[i].status == REQ_WAITING	   ? _("Waiting")
					    : qs[i].status == REQ_PROPOSED ? _("Buddy asked")
					    : qs[i].status == REQ_MATCHED  ? _("Matched")
									   : _("Handed back");
			html_fmt(o,
				 "<tr><td><a href=\"/buddies/requests/%lld\">%s</a></td><td>%s</td>"
				 "<td>%s</td></tr>\n",
				 (long long)qs[i].id, day_of(r, qs[i].created_at),
				 person_name(r, qs[i].account_id), state);
		}
		html_lit(o, "</tbody>\n</table>\n</div>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Buddies"));
	if (!nb) {
		html_fmt(o, "<p>%s</p>\n", _("Nobody has applied yet."));
	} else {
		view_table_begin(r, _("Buddies"));
		html_fmt(
		    o,
		    "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Buddy"), _("Status"), _("Matches now"), _("Last intervision"));
		for (size_t i = 0; i < nb; i++)
			html_fmt(o,
				 "<tr><td><a href=\"/n/%s/buddies/b/%lld\">%s</a></td><td>%s</td>"
				 "<td>%d / %d</td><td>%s</td></tr>\n",
				 nw.slug, (long long)bs[i].id, bs[i].name,
				 _(buddy_status_label(bs[i].status)), bs[i].load, bs[i].caseload,
				 *bs[i].intervision_on ? bs[i].intervision_on : _("none yet"));
		html_lit(o, "</tbody>\n</table>\n</div>\n");
	}
	view_end(r);
	return KR_OK;
}

/* The request of the path, for a coordinator of its network (404 for anyone else: whether a
 * request exists is not theirs to know). */
static int
request_load(struct request *r, struct buddy_request *q, struct network *nw)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	int err = buddy_request_get(c, &r->app->keys, &r->arena, id_param(r, 0), q);
	if (err)
		return err;
	if (!buddy_is_coordinator(c, q->network_id, r->user_id))
		return KR_ENOTFOUND;
	return network_by_id(r, q->network_id, nw);
}

int
page_buddies_request(struct request *r)
{
	struct buddy_request q;
	struct network nw;
	int err = request_load(r, &q, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	const struct keys *k = &r->app->keys;
	struct buddy_theme *ts;
	struct buddy_match *ms;
	size_t nt, nm;
	if ((err = buddy_themes(c, &r->arena, nw.id, &ts, &nt)) ||
	    (err = buddy_matches_of_request(c, &r->arena, q.id, &ms, &nm)))
		return err;
	const char *done = req_query(r, "done");
	struct page pg = { .title = _("A request for a buddy"),
			   .notice = done && strcmp(done, "proposed") == 0
					 ? _("The buddy has been asked.")
					 : NULL };
	crumbs_begin(r, &pg, &nw, pg.title);
	struct strbuf *o = &r->out;
	boundaries(r);
	const char *site = site_name(r, q.site_id);
	html_fmt(o,
		 "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt>"
		 "<dd>%s%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		 _("Who"), person_name(r, q.account_id), _("Asked on"), day_of(r, q.created_at),
		 _("Where"), site ? site : _("Any site"), q.online ? _(", or online") : "",
		 _("Language"), lang_label(q.lang), _("State"), request_status_text(q.status));
	html_fmt(o, "<h2>%s</h2>\n", _("Themes"));
	themes_list(r, ts, nt, q.themes, q.nthemes);
	if (*q.note)
		html_fmt(o, "<h2>%s</h2>\n<p lang=\"%s\">%s</p>\n", _("Their note"), text_lang(r),
			 q.note);
	for (size_t i = 0; i < nm; i++) {
		struct buddy b;
		if ((err = buddy_get(c, k, &r->arena, ms[i].buddy_id, &b)))
			return err;
		const char *what = ms[i].status == MATCH_PROPOSED   ? _("asked, no answer yet")
				   : ms[i].status == MATCH_DECLINED ? _("said no")
				   : ms[i].status == MATCH_ACTIVE   ? _("matched")
				   : ms[i].status == MATCH_ENDED    ? _("ended")
								    : _("handed back");
		html_fmt(o, "<p>%s: %s (%s)</p>\n", _("Buddy"), b.name, what);
	}
	if (q.status == REQ_WAITING || q.status == REQ_RETURNED) {
		struct buddy *sug;
		int *shared;
		size_t ns;
		if ((err = buddy_suggestions(c, k, &r->arena, &q, &sug, &shared, &ns)))
			return err;
		html_fmt(o, "<h2>%s</h2>\n", _("Suggestions"));
		if (!ns) {
			html_fmt(o, "<p>%s</p>\n",
				 _("No active buddy has room now who fits the wishes."));
		} else {
			struct form_option *opts = ARENA_ARRAY(&r->arena, struct form_option, ns);
			for (size_t i = 0; i < ns; i++) {
				const char *bs = site_name(r, sug[i].site_id);
				opts[i] = (struct form_option){
					arena_printf(&r->arena, "%lld", (long long)sug[i].id),
					sug[i].name,
					arena_printf(&r->arena, "%s %d · %s %d / %d · %s",
						     _("Shared themes:"), shared[i],
						     _("matches now:"), sug[i].load,
						     sug[i].caseload, bs ? bs : _("any site")),
					NULL, NULL
				};
			}
			form_begin(o,
				   arena_printf(&r->arena, "/buddies/requests/%lld/propose",
						(long long)q.id),
				   r->csrf_token);
			form_radios(o, &(struct form_choice){
					   .name = "buddy",
					   .legend = _("Propose a buddy"),
					   .hint = _("The most shared themes first. The buddy gets "
						     "an e-mail to answer yes or no."),
					   .options = opts,
					   .noptions = ns,
					   .selected = opts[0].value });
			form_submit(o, _("Propose this buddy"));
			form_end(o);
		}
		form_begin(o,
			   arena_printf(&r->arena, "/buddies/requests/%lld/close", (long long)q.id),
			   r->csrf_token);
		html_fmt(o, "<p class=\"hint\">%s</p>\n",
			 _("Close the request when it is no longer needed, for example when the "
			   "person has found other help."));
		form_submit(o, _("Close the request"));
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

int
page_buddies_propose_post(struct request *r)
{
	struct buddy_request q;
	struct network nw;
	int err = request_load(r, &q, &nw);
	if (err)
		return err;
	const char *back = arena_printf(&r->arena, "/buddies/requests/%lld", (long long)q.id);
	int64_t buddy = id_of(field(r, "buddy"));
	if (!buddy)
		return refusal_page(r, 400, _("Choose a buddy"),
				    _("Choose one of the buddies. Nothing has changed."), back);
	enum buddy_refusal why;
	int64_t match;
	err = buddy_propose(app_db(r), &r->app->keys, &r->arena, nw.id, q.id, buddy,
			    r->app->base_url, time_now(), &match, &why);
	if (err == KR_EINVAL)
		return refusal(r, why, back);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=proposed", back));
	return KR_OK;
}

int
page_buddies_close_post(struct request *r)
{
	struct db_conn *c = app_db(r);
	struct buddy_request q;
	int err = buddy_request_get(c, &r->app->keys, &r->arena, id_param(r, 0), &q);
	if (err)
		return err;
	bool coordinator = buddy_is_coordinator(c, q.network_id, r->user_id);
	if (!coordinator && q.account_id != r->user_id)
		return KR_ENOTFOUND;
	enum buddy_refusal why;
	err = buddy_request_close(c, &r->app->keys, q.id, coordinator ? 0 : r->user_id, time_now(),
				  &why);
	const char *back = coordinator
			       ? arena_printf(&r->arena, "/buddies/requests/%lld", (long long)q.id)
			       : "/buddies";
	if (err == KR_EINVAL)
		return refusal(r, why, back);
	if (err)
		return err;
	if (coordinator) {
		struct network nw;
		if ((err = network_by_id(r, q.network_id, &nw)))
			return err;
		resp_redirect(
		    r, arena_printf(&r->arena, "/n/%s/buddies/coordinate?done=closed", nw.slug));
	} else {
		resp_redirect(r, "/buddies?done=closed");
	}
	return KR_OK;
}

/* The buddy of the path, for a coordinator of the path's network. */
static int
buddy_load(struct request *r, struct network *nw, struct buddy *b)
{
	int err = coordinator_network(r, nw);
	if (err)
		return err;
	err = buddy_get(app_db(r), &r->app->keys, &r->arena, id_param(r, 1), b);
	if (err)
		return err;
	return b->network_id == nw->id ? KR_OK : KR_ENOTFOUND;
}

int
page_buddies_buddy(struct request *r)
{
	struct network nw;
	struct buddy b;
	int err = buddy_load(r, &nw, &b);
	if (err)
		return err;
	struct buddy_theme *ts;
	size_t nt;
	if ((err = buddy_themes(app_db(r), &r->arena, nw.id, &ts, &nt)))
		return err;
	const char *done = req_query(r, "done");
	struct page pg = { .title = b.name, .notice = done ? _("Saved.") : NULL };
	crumbs_begin(r, &pg, &nw, b.name);
	struct strbuf *o = &r->out;
	boundaries(r);
	const char *site = site_name(r, b.site_id);
	html_fmt(o,
		 "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s%s</dd>\n<dt>%s"
		 "</dt><dd>%s</dd>\n<dt>%s</dt><dd>%d / %d</dd>\n</dl>\n",
		 _("Applied on"), day_of(r, b.applied_at), _("Where"), site ? site : _("Any site"),
		 b.online ? _(", or online") : "", _("Language"), lang_label(b.lang),
		 _("Matches now"), b.load, b.caseload);
	html_fmt(o, "<h2>%s</h2>\n<p lang=\"%s\">%s</p>\n<h2>%s</h2>\n", _("Motivation"),
		 text_lang(r), b.motivation, _("Themes"));
	themes_list(r, ts, nt, b.themes, b.nthemes);
	html_fmt(o, "<h2>%s</h2>\n", _("Record"));
	form_begin(o, arena_printf(&r->arena, "/n/%s/buddies/b/%lld", nw.slug, (long long)b.id),
		   r->csrf_token);
	struct form_option st[BUDDY_NSTATUS];
	for (int i = 0; i < BUDDY_NSTATUS; i++)
		st[i] = (struct form_option){ buddy_status_name((enum buddy_status)i),
					      _(buddy_status_label((enum buddy_status)i)), NULL,
					      NULL, NULL };
	form_radios(o, &(struct form_choice){ .name = "status",
					      .legend = _("Status"),
					      .hint = _("Applied, intake, trained, active, paused "
							"or stopped."),
					      .options = st,
					      .noptions = BUDDY_NSTATUS,
					      .selected = buddy_status_name(b.status) });
	struct form_option in[INTAKE_N];
	for (int i = 0; i < INTAKE_N; i++)
		in[i] = (struct form_option){ i ? buddy_intake_name((enum buddy_intake)i) : "none",
					      _(buddy_intake_label((enum buddy_intake)i)), NULL,
					      NULL, NULL };
	form_radios(o, &(struct form_choice){ .name = "intake",
					      .legend = _("Outcome of the intake"),
					      .options = in,
					      .noptions = INTAKE_N,
					      .selected = b.intake ? buddy_intake_name(b.intake)
								   : "none" });
	const struct {
		const char *name, *label, *value;
	} dates[] = {
		{ "intake_on", N_("Date of the intake"), b.intake_on },
		{ "trained_on", N_("Date of the training"), b.trained_on },
		{ "intervision_on", N_("Date of the last intervision"), b.intervision_on },
	};
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++)
		form_input(o, &(struct form_field){ .name = dates[i].name,
						    .label = _(dates[i].label),
						    .hint = _("Like 2027-03-04; empty for none."),
						    .autocomplete = "off",
						    .maxlength = 10,
						    .value = dates[i].value });
	form_submit(o, _("Save"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

int
page_buddies_buddy_post(struct request *r)
{
	struct network nw;
	struct buddy b;
	int err = buddy_load(r, &nw, &b);
	if (err)
		return err;
	const char *back =
	    arena_printf(&r->arena, "/n/%s/buddies/b/%lld", nw.slug, (long long)b.id);
	enum buddy_status st;
	enum buddy_intake in;
	const char *intake = field(r, "intake");
	if (!buddy_status_parse(field(r, "status"), &st) ||
	    !buddy_intake_parse(strcmp(intake, "none") == 0 ? "" : intake, &in) ||
	    strcmp(intake, "") == 0)
		return refusal(r, BREFUSE_STATE, back);
	enum buddy_refusal why;
	err = buddy_record(app_db(r), b.id, st, in, field(r, "intake_on"), field(r, "trained_on"),
			   field(r, "intervision_on"), &why);
	if (err == KR_EINVAL)
		return refusal(r, why, back);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=saved", back));
	return KR_OK;
}

/* ---- the core team's settings ---- */

static int
core_network(struct request *r, struct network *nw)
{
	struct org org;
	int err = network_load(r, &org, nw);
	if (err)
		return err;
	return org_is_core_team(app_db(r), nw->id, r->user_id) ? KR_OK : KR_EFORBIDDEN;
}

int
page_buddies_settings(struct request *r)
{
	struct network nw;
	int err = core_network(r, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	struct buddy_theme *ts;
	size_t nt, nc, nh;
	int64_t *ids;
	const char **names;
	struct network_role_holder *hs;
	if ((err = buddy_themes(c, &r->arena, nw.id, &ts, &nt)) ||
	    (err = buddy_coordinators(c, &r->arena, nw.id, &ids, &names, &nc)) ||
	    (err = org_network_roles(c, &r->arena, nw.id, &hs, &nh)))
		return err;
	const char *done = req_query(r, "done");
	struct page pg = { .title = _("Themes and coordinators"),
			   .lead = _("The themes are the network's own words for what buddies "
				     "know about. Never make a theme of a diagnosis list."),
			   .notice = done ? _("Saved.") : NULL };
	crumbs_begin(r, &pg, &nw, pg.title);
	struct strbuf *o = &r->out;
	boundaries(r);
	const char *lang = content_lang(r);
	html_fmt(o, "<h2>%s</h2>\n", _("Themes"));
	if (nt) {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < nt; i++) {
			html_fmt(o, "<li><span lang=\"%s\">%s</span>\n", lang ? lang : r->lang,
				 ts[i].name);
			form_begin(o,
				   arena_printf(&r->arena, "/n/%s/buddies/themes/%lld/delete",
						nw.slug, (long long)ts[i].id),
				   r->csrf_token);
			html_fmt(o,
				 "<button type=\"submit\" class=\"button secondary\">%s<span "
				 "class=\"visually-hidden\" lang=\"%s\"> %s</span></button>\n",
				 _("Remove"), lang ? lang : r->lang, ts[i].name);
			form_end(o);
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ul>\n");
	}
	form_begin(o, arena_printf(&r->arena, "/n/%s/buddies/themes", nw.slug), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "name",
					    .label = _("A new theme"),
					    .hint = _("For example \"Returning after sick leave\". "
						      "At most 100 characters."),
					    .maxlength = BUDDY_THEME_MAX,
					    .lang = lang });
	form_submit(o, _("Add the theme"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Buddy coordinators"),
		 _("Members of the core team who hold intakes and match buddies. They see the "
		   "requests."));
	for (size_t i = 0; i < nh; i++) {
		if (!network_role_is_core(network_role_parse(hs[i].role)) || hs[i].disabled)
			continue;
		bool on = false;
		for (size_t k = 0; k < nc && !on; k++)
			on = ids[k] == hs[i].account_id;
		form_begin(o, arena_printf(&r->arena, "/n/%s/buddies/coordinators", nw.slug),
			   r->csrf_token);
		html_fmt(o,
			 "<p>%s: %s <input type=\"hidden\" name=\"account\" value=\"%lld\">"
			 "<input type=\"hidden\" name=\"on\" value=\"%s\">\n",
			 hs[i].name, on ? _("coordinator") : _("not a coordinator"),
			 (long long)hs[i].account_id, on ? "0" : "1");
		html_fmt(o,
			 "<button type=\"submit\" class=\"button secondary\">%s<span "
			 "class=\"visually-hidden\"> %s</span></button></p>\n",
			 on ? _("Stop as coordinator") : _("Make coordinator"), hs[i].name);
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

int
page_buddies_theme_post(struct request *r)
{
	struct network nw;
	int err = core_network(r, &nw);
	if (err)
		return err;
	const char *back = arena_printf(&r->arena, "/n/%s/buddies/settings", nw.slug);
	enum buddy_refusal why;
	err = buddy_theme_add(app_db(r), nw.id, field(r, "name"), time_now(), &why);
	if (err == KR_EINVAL)
		return why == BREFUSE_THEMES
			   ? refusal_page(r, 409, _("The list is full"),
					  _("A network has at most 20 themes. Nothing has "
					    "changed."),
					  back)
			   : refusal_page(r, 400, _("Check the theme"),
					  _("A theme has 1 to 100 characters on one line, and "
					    "the network has no other theme of that name. "
					    "Nothing has changed."),
					  back);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=added", back));
	return KR_OK;
}

int
page_buddies_theme_delete_post(struct request *r)
{
	struct network nw;
	int err = core_network(r, &nw);
	if (err)
		return err;
	if ((err = buddy_theme_delete(app_db(r), nw.id, id_param(r, 1))))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/n/%s/buddies/settings?done=removed", nw.slug));
	return KR_OK;
}

int
page_buddies_coordinator_post(struct request *r)
{
	struct network nw;
	int err = core_network(r, &nw);
	if (err)
		return err;
	const char *back = arena_printf(&r->arena, "/n/%s/buddies/settings", nw.slug);
	int64_t who = id_of(field(r, "account"));
	const char *on = field(r, "on");
	if (!who || (strcmp(on, "1") != 0 && strcmp(on, "0") != 0))
		return refusal_page(r, 400, _("Choose someone"),
				    _("Choose a member of the core team. Nothing has changed."),
				    back);
	err = buddy_coordinator_set(app_db(r), nw.id, who, strcmp(on, "1") == 0);
	if (err == KR_EINVAL)
		return refusal_page(r, 400, _("Only the core team"),
				    _("A buddy coordinator is a member of the core team. Nothing "
				      "has changed."),
				    back);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=saved", back));
	return KR_OK;
}

/* ---- figures ---- */

static const char *
translate(const char *msgid)
{
	return _(msgid);
}

int
page_buddies_figures(struct request *r)
{
	struct org org;
	struct network nw;
	int err = network_load(r, &org, &nw);
	if (err)
		return err;
	if (!may_see_figures(r, nw.id))
		return KR_EFORBIDDEN;
	struct buddy_counts n;
	if ((err = buddy_counts(app_db(r), nw.id, &n)))
		return err;
	struct figure waiting, active;
	if ((err = figures_count(n.waiting, &waiting)) || (err = figures_count(n.active, &active)))
		return err;
	struct page pg = { .title = _("Figures of the buddies"),
			   .lead = _("Counts only, never who. A figure under five is shown as "
				     "\"fewer than 5\".") };
	crumbs_begin(r, &pg, &nw, _("Figures"));
	struct strbuf *o = &r->out;
	boundaries(r);
	html_fmt(o, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		 _("Requests waiting for a buddy"), figures_text(&waiting, translate, &r->arena),
		 _("Matches active"), figures_text(&active, translate, &r->arena));
	struct figure_cell cells[CHECKIN_N];
	int64_t total = 0;
	for (int i = 0; i < CHECKIN_N; i++) {
		cells[i] = (struct figure_cell){ _(buddy_checkin_label((enum checkin_answer)i)),
						 n.answers[i] };
		total += n.answers[i];
	}
	struct figure_table t = {
		.total = total, .cells = cells, .ncells = CHECKIN_N, .cells_partition_total = true
	};
	struct figure_result res;
	if ((err = figures_table(&t, &r->arena, &res)))
		return err;
	html_fmt(o, "<h2>%s</h2>\n", _("Did it help? (the check-in after a match)"));
	if (total < FIGURES_MIN) {
		html_fmt(o, "<p>%s</p>\n",
			 _("The answers are shown from 5 answers on, so that nobody can be "
			   "recognised."));
		view_end(r);
		return KR_OK;
	}
	if (res.withheld)
		html_fmt(o, "<p>%s</p>\n",
			 _("The details are hidden so that nobody can be recognised."));
	view_table_begin(r, _("Answers to the check-in"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		 "</thead>\n<tbody>\n",
		 _("Answer"), _("Answers"));
	for (size_t i = 0; i < res.ncells; i++)
		html_fmt(o, "<tr><td>%s</td><td>%s</td></tr>\n", cells[i].label,
			 figures_text(&res.cells[i], translate, &r->arena));
	html_fmt(o, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n</tbody>\n</table>\n</div>\n",
		 _("All answers"), figures_text(&res.total, translate, &r->arena));
	view_end(r);
	return KR_OK;
}

/* ---- the walks ---- */

int
buddies_home_notice(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	struct buddy *bs;
	size_t nb;
	int err = buddy_mine(c, &r->app->keys, &r->arena, r->user_id, &bs, &nb);
	bool waiting = false;
	for (size_t i = 0; !err && i < nb && !waiting; i++) {
		struct buddy_match *ms;
		size_t nm;
		if ((err = buddy_matches_of_buddy(c, &r->arena, bs[i].id, &ms, &nm)))
			break;
		for (size_t j = 0; j < nm && !waiting; j++)
			waiting = ms[j].status == MATCH_PROPOSED;
	}
	if (err || !waiting)
		return err;
	/* Neutral: a home page may be on a screen others see. */
	html_fmt(
	    &r->out,
	    "<div class=\"notice\">\n<h2>%s</h2>\n<p><a href=\"/buddies\">%s</a></p>\n</div>\n",
	    _("A request waits for your answer"), _("See my buddy page"));
	return KR_OK;
}

int
buddies_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	return buddy_erase_account(c, k, account_id);
}

int
buddies_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int64_t ended, erased; /* matches that ended by themselves are not erasures */
	int err = buddy_retention_run(c, ctx->k, ctx->now, &ended, &erased);
	if (!err)
		retention_erased(ctx, "buddy requests", erased);
	return err;
}

int
buddies_my_data(struct my_data *md)
{
	struct buddy_request *qs;
	struct buddy *bs;
	size_t nq, nb;
	int err;
	if ((err = buddy_requests_mine(md->c, md->k, md->a, md->account_id, &qs, &nq)) ||
	    (err = buddy_mine(md->c, md->k, md->a, md->account_id, &bs, &nb)))
		return err;
	if (md->json) {
		json_t *rq = json_array(), *bu = json_array();
		for (size_t i = 0; i < nq; i++) {
			json_t *j = json_object(), *th = json_array();
			for (size_t t = 0; t < qs[i].nthemes; t++)
				json_array_append_new(th, json_integer(qs[i].themes[t]));
			json_object_set_new(j, "network_id", json_integer(qs[i].network_id));
			json_object_set_new(j, "status",
					    json_string(buddy_request_status_name(qs[i].status)));
			json_object_set_new(j, "theme_ids", th);
			json_object_set_new(j, "site_id", json_integer(qs[i].site_id));
			json_object_set_new(j, "online", json_boolean(qs[i].online));
			json_object_set_new(j, "language", json_string(qs[i].lang));
			json_object_set_new(j, "note", json_string(qs[i].note));
			json_object_set_new(j, "created_at", json_integer(qs[i].created_at));
			json_array_append_new(rq, j);
		}
		for (size_t i = 0; i < nb; i++) {
			json_t *j = json_object(), *th = json_array();
			for (size_t t = 0; t < bs[i].nthemes; t++)
				json_array_append_new(th, json_integer(bs[i].themes[t]));
			json_object_set_new(j, "network_id", json_integer(bs[i].network_id));
			json_object_set_new(j, "status",
					    json_string(buddy_status_name(bs[i].status)));
			json_object_set_new(j, "intake",
					    json_string(buddy_intake_name(bs[i].intake)));
			json_object_set_new(j, "motivation", json_string(bs[i].motivation));
			json_object_set_new(j, "theme_ids", th);
			json_object_set_new(j, "caseload", json_integer(bs[i].caseload));
			json_object_set_new(j, "intake_on", json_string(bs[i].intake_on));
			json_object_set_new(j, "trained_on", json_string(bs[i].trained_on));
			json_object_set_new(j, "intervision_on", json_string(bs[i].intervision_on));
			json_object_set_new(j, "applied_at", json_integer(bs[i].applied_at));
			json_array_append_new(bu, j);
		}
		json_object_set_new(md->json, "buddy_requests", rq);
		json_object_set_new(md->json, "buddy", bu);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	struct org org;
	const char *lang =
	    org_get(md->c, md->a, &org) == KR_OK && org.content_lang ? org.content_lang : "nl";
	html_fmt(o, "<h2>%s</h2>\n", _("Buddies"));
	if (!nq && !nb) {
		html_fmt(o, "<p>%s</p>\n", _("You have not asked for a buddy or applied as one."));
		return KR_OK;
	}
	html_lit(o, "<ul>\n");
	for (size_t i = 0; i < nq; i++)
		html_fmt(o, "<li>%s (%s)%s<span lang=\"%s\">%s</span></li>\n",
			 _("A request for a buddy"), buddy_request_status_name(qs[i].status),
			 *qs[i].note ? " · " : "", lang, qs[i].note);
	for (size_t i = 0; i < nb; i++)
		html_fmt(o, "<li>%s: %s · <span lang=\"%s\">%s</span></li>\n", _("You as a buddy"),
			 _(buddy_status_label(bs[i].status)), lang, bs[i].motivation);
	html_lit(o, "</ul>\n");
	html_fmt(o, "<p>%s</p>\n", _("A request is erased 30 days after it ends."));
	return KR_OK;
}
