// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the display preferences page, and the language switch in every page's header.
 * Before sign-in the preferences live in a cookie; nothing about them is stored on the server. */
#include "app/app.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/prefs/pages.h"
#include "base/i18n.h"

#define PREFS_COOKIE	  "prefs"
#define PREFS_COOKIE_LIFE (365L * 24 * 3600)

/* In the cookie for this browser, and for a signed-in person in their account too, so the
 * choice follows them to another computer. */
static int
save(struct request *r, const struct prefs *p)
{
	const char *v = prefs_encode(&r->arena, p);
	resp_cookie(r, PREFS_COOKIE, v, PREFS_COOKIE_LIFE, COOKIE_HTTPONLY);
	if (!r->user_id)
		return KR_OK;
	struct db_conn *c = app_db(r);
	return c ? auth_save_prefs(c, r->user_id, v) : KR_EDB;
}

static void
write_form(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct prefs *p = fp->values;
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, "/preferences", r->csrf_token);

	const struct form_option text_opts[] = {
		{ "normal", _("Normal"), NULL },
		{ "large", _("Large"), NULL },
		{ "larger", _("Larger"), NULL },
		{ "largest", _("Largest"), NULL },
	};
	static const char *const text_values[] = { "normal", "large", "larger", "largest" };
	form_radios(o,
		    &(struct form_choice){ .name = "text",
					   .legend = _("Text size"),
					   .hint = _("Larger text also makes buttons and spacing "
						     "larger."),
					   .error = form_problem_of(fp, "text"),
					   .options = text_opts,
					   .noptions = ARRAY_SIZE(text_opts),
					   .selected = text_values[p->text] });

	const struct form_option font_opts[] = {
		{ "default", _("Standard font"), NULL },
		{ "dyslexic", _("OpenDyslexic"),
		  _("A font with heavier letter bottoms, which some people with dyslexia find "
		    "easier to read.") },
	};
	form_radios(o,
		    &(struct form_choice){ .name = "font",
					   .legend = _("Font"),
					   .error = form_problem_of(fp, "font"),
					   .options = font_opts,
					   .noptions = ARRAY_SIZE(font_opts),
					   .selected = p->dyslexic_font ? "dyslexic" : "default" });

	form_checkbox(o, "calm", _("Calm screen (low stimulus)"),
		      _("No images or movement, soft colours and fewer things on each screen."),
		      p->low_stimulus);

	const struct form_option contrast_opts[] = {
		{ "normal", _("Normal contrast"), NULL },
		{ "high", _("High contrast"),
		  _("Black and white, with thick lines around links "
		    "and fields.") },
	};
	form_radios(o, &(struct form_choice){ .name = "contrast",
					      .legend = _("Contrast"),
					      .error = form_problem_of(fp, "contrast"),
					      .options = contrast_opts,
					      .noptions = ARRAY_SIZE(contrast_opts),
					      .selected = p->high_contrast ? "high" : "normal" });

	const struct form_option theme_opts[] = {
		{ "system", _("Same as my device"), NULL },
		{ "light", _("Light"), NULL },
		{ "dark", _("Dark"), NULL },
	};
	static const char *const theme_values[] = { "system", "light", "dark" };
	form_radios(o, &(struct form_choice){ .name = "theme",
					      .legend = _("Light or dark"),
					      .error = form_problem_of(fp, "theme"),
					      .options = theme_opts,
					      .noptions = ARRAY_SIZE(theme_opts),
					      .selected = theme_values[p->theme] });

	const struct form_option motion_opts[] = {
		{ "system", _("Same as my device"), NULL },
		{ "reduce", _("No movement"), _("Turns off every animation and transition.") },
	};
	form_radios(o, &(struct form_choice){ .name = "motion",
					      .legend = _("Movement"),
					      .error = form_problem_of(fp, "motion"),
					      .options = motion_opts,
					      .noptions = ARRAY_SIZE(motion_opts),
					      .selected = p->reduce_motion ? "reduce" : "system" });

	const struct form_option lang_opts[] = {
		{ "auto", _("Same as my browser"), NULL },
		{ "nl", "Nederlands", NULL, "nl" },
		{ "en", "English", NULL, "en" },
	};
	static const char *const lang_values[] = { "auto", "nl", "en" };
	form_radios(o, &(struct form_choice){ .name = "lang",
					      .legend = _("Language"),
					      .error = form_problem_of(fp, "lang"),
					      .options = lang_opts,
					      .noptions = ARRAY_SIZE(lang_opts),
					      .selected = lang_values[p->lang] });
	form_submit(o, _("Save preferences"));
	form_end(o);
}

static int
write_page(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct crumb crumbs[] = { { _("Display preferences"), NULL } };
	const struct page pg = {
		.title = _("Display preferences"),
		.lead = r->user_id
			    ? _("Choose how Kring looks for you. Your choice is kept with your "
				"account.")
			    : _("Choose how Kring looks for you. Your choice is kept in this "
				"browser."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
		.notice = (req_query(r, "saved") && !form_page_failed(fp))
			      ? _("Your preferences have been saved.")
			      : NULL,
	};
	view_begin(r, &pg);
	write_form(fp);
	view_end(r);
	return KR_OK;
}

static int prefs_read(struct form_page *fp);
static const struct form_page_ops prefs_form_ops = { prefs_read, write_page };

int
page_prefs(struct request *r)
{
	return form_page_show(r, &prefs_form_ops, &r->prefs);
}

/* Reads one radio value; an unknown value is an error for that field. */
static int
choice(struct request *r, const char *field, const char *const *values, size_t n, int dflt,
       struct form_page *fp, const char *message)
{
	const char *v = req_form(r, field);
	if (!v)
		return dflt;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, values[i]) == 0)
			return (int)i;
	form_problem(fp, field, message);
	return dflt;
}

/* Every field is read, so that every problem shows at once; with one, the form comes back with
 * every valid answer the person gave, so only the field in error needs a second look. */
static int
prefs_read(struct form_page *fp)
{
	static const char *const text_values[] = { "normal", "large", "larger", "largest" };
	static const char *const font_values[] = { "default", "dyslexic" };
	static const char *const contrast_values[] = { "normal", "high" };
	static const char *const theme_values[] = { "system", "light", "dark" };
	static const char *const motion_values[] = { "system", "reduce" };
	static const char *const lang_values[] = { "auto", "nl", "en" };
	struct request *r = fp->r;
	struct prefs *p = fp->values;
	p->text = (enum pref_text)choice(r, "text", text_values, 4, 0, fp,
					 _("Choose one of the text sizes"));
	p->dyslexic_font = choice(r, "font", font_values, 2, 0, fp, _("Choose one of the fonts"));
	p->high_contrast =
	    choice(r, "contrast", contrast_values, 2, 0, fp, _("Choose normal or high contrast"));
	p->theme = (enum pref_theme)choice(r, "theme", theme_values, 3, 0, fp,
					   _("Choose light, dark or the same as your device"));
	p->reduce_motion =
	    choice(r, "motion", motion_values, 2, 0, fp, _("Choose whether to turn off movement"));
	p->lang = (enum pref_lang)choice(r, "lang", lang_values, 3, 0, fp,
					 _("Choose one of the languages"));
	const char *calm = req_form(r, "calm");
	p->low_stimulus = calm && strcmp(calm, "1") == 0;
	if (calm && !p->low_stimulus)
		form_problem(fp, "calm", _("Tick the box or leave it empty"));
	if (form_page_failed(fp))
		return KR_OK;
	int err = save(r, p);
	if (err)
		return err;
	fp->done = "/preferences?saved=1";
	return KR_OK;
}

int
page_prefs_save(struct request *r)
{
	struct prefs p = { 0 };
	return form_page_post(r, &prefs_form_ops, &p);
}

int
page_language(struct request *r)
{
	const char *lang = req_form(r, "lang");
	if (!lang || (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0))
		return KR_EINVAL;
	struct prefs p = r->prefs;
	p.lang = strcmp(lang, "en") == 0 ? PREF_LANG_EN : PREF_LANG_NL;
	int err = save(r, &p);
	if (err)
		return err;
	const char *back = req_form(r, "back");
	resp_redirect(r, back && back[0] == '/' ? back : "/");
	return KR_OK;
}
