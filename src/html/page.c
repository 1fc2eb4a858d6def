// SPDX-License-Identifier: AGPL-3.0-or-later
/* page.c: the layout of every HTML page: document head, skip link, header with navigation and
 * language switch, breadcrumbs, <main> with the one <h1>, and the footer. */
#include "html/page.h"
#include "base/i18n.h"
#include "html/html.h"

enum nav_show { NAV_ALWAYS, NAV_SIGNED_IN, NAV_ADMIN };

struct nav_item {
	const char *href;
	const char *label; /* a message id, translated when written */
	enum nav_show show;
};

static const struct nav_item nav_items[] = {
	{ "/", N_("Home"), NAV_ALWAYS },
	{ "/networks", N_("Networks"), NAV_SIGNED_IN },
	{ "/events", N_("Events"), NAV_SIGNED_IN },
	{ "/search", N_("Search"), NAV_SIGNED_IN },
	{ "/preferences", N_("Display preferences"), NAV_ALWAYS },
	{ "/account", N_("My account"), NAV_SIGNED_IN },
	{ "/admin", N_("Administration"), NAV_ADMIN },
};

static bool
lang_is_en(const struct page_env *env)
{
	return env->lang && strcmp(env->lang, "en") == 0;
}

/* How href relates to the current path: the page itself, a page below it, or neither. The
 * home page is only ever current on itself, or every page would be "in" it. */
enum nav_match { NAV_NONE, NAV_PAGE, NAV_SECTION };

static enum nav_match
nav_match(const char *href, const char *path)
{
	if (!path)
		return NAV_NONE;
	if (strcmp(href, path) == 0)
		return NAV_PAGE;
	size_t n = strlen(href);
	if (n > 1 && strncmp(href, path, n) == 0 && path[n] == '/')
		return NAV_SECTION;
	return NAV_NONE;
}

static void
page_head(struct strbuf *sb, const struct page_env *env, const struct page *pg)
{
	const char *assets = env->asset_prefix ? env->asset_prefix : "";

	html_fmt(sb, "<!DOCTYPE html>\n<html lang=\"%s\"", lang_is_en(env) ? "en" : "nl");
	if (env->html_class && *env->html_class)
		html_fmt(sb, " class=\"%s\"", env->html_class);
	html_lit(sb, ">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<title>");
	/* WCAG 3.3.1: a screen-reader user hears that the form came back with errors before
	 * anything else on the page. */
	if (pg->notice && *pg->notice)
		html_fmt(sb, "%s – ", pg->notice);
	if (pg->has_errors)
		html_fmt(sb, "%s ", _("Error:"));
	html_text(sb, pg->title);
	/* The home page's title is often the organisation's name: say it once. */
	if (env->org_name && *env->org_name && strcmp(env->org_name, pg->title) != 0)
		html_fmt(sb, " – %s", env->org_name);
	html_fmt(sb,
		 "</title>\n"
		 "<link rel=\"stylesheet\" href=\"%s/kring.css\">\n"
		 "<link rel=\"icon\" href=\"%s/favicon.ico\" sizes=\"16x16 32x32 48x48\">\n"
		 "<link rel=\"icon\" href=\"%s/favicon.svg\" type=\"image/svg+xml\">\n"
		 "<script src=\"%s/kring.js\" defer></script>\n"
		 "</head>\n",
		 assets, assets, assets, assets);
}

/* A small form that switches to the other language; the button is labelled in that language
 * (and marked with its lang, so a screen reader pronounces it right) because someone who
 * cannot read this page's language must still find the way out. */
static void
page_lang_switch(struct strbuf *sb, const struct page_env *env)
{
	bool en = lang_is_en(env);
	html_fmt(sb,
		 "<form class=\"lang-switch\" method=\"post\" action=\"/language\">\n"
		 "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		 "<input type=\"hidden\" name=\"back\" value=\"%s\">\n",
		 env->csrf_token ? env->csrf_token : "", env->path ? env->path : "/");
	/* The language names are not translated: each is always written in its own language. */
	if (en)
		html_lit(sb,
			 "<button type=\"submit\" class=\"button button-secondary button-small\" "
			 "name=\"lang\" value=\"nl\" lang=\"nl\">Nederlands</button>\n");
	else
		html_lit(sb,
			 "<button type=\"submit\" class=\"button button-secondary button-small\" "
			 "name=\"lang\" value=\"en\" lang=\"en\">English</button>\n");
	html_lit(sb, "</form>\n");
}

static void
page_header(struct strbuf *sb, const struct page_env *env)
{
	html_fmt(sb,
		 "<header class=\"site-header\">\n<div class=\"container header-inner\">\n"
		 "<a class=\"site-name\" href=\"/\">%s</a>\n",
		 env->org_name && *env->org_name ? env->org_name : "Kring");
	html_fmt(sb, "<nav class=\"site-nav\" aria-label=\"%s\">\n<ul>\n", _("Main menu"));
	for (size_t i = 0; i < ARRAY_SIZE(nav_items); i++) {
		const struct nav_item *it = &nav_items[i];
		if ((it->show == NAV_SIGNED_IN && !env->user_name) ||
		    (it->show == NAV_ADMIN && !env->is_admin))
			continue;
		switch (nav_match(it->href, env->path)) {
		case NAV_PAGE:
			html_fmt(sb, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>\n",
				 it->href, _(it->label));
			break;
		case NAV_SECTION:
			html_fmt(sb, "<li><a href=\"%s\" aria-current=\"true\">%s</a></li>\n",
				 it->href, _(it->label));
			break;
		case NAV_NONE:
			html_fmt(sb, "<li><a href=\"%s\">%s</a></li>\n", it->href, _(it->label));
			break;
		}
	}
	html_lit(sb, "</ul>\n</nav>\n");
	html_lit(sb, "<div class=\"header-tools\">\n");
	if (env->user_name && *env->user_name) {
		html_fmt(sb, "<p class=\"signed-in\">%s <strong>%s</strong></p>\n",
			 _("Signed in as"), env->user_name);
		html_fmt(sb,
			 "<form class=\"sign-out\" method=\"post\" action=\"/sign-out\">\n"
			 "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
			 "<button type=\"submit\" class=\"button button-secondary button-small\">%s"
			 "</button>\n</form>\n",
			 env->csrf_token ? env->csrf_token : "", _("Sign out"));
	} else if (!env->path || strcmp(env->path, "/sign-in") != 0) {
		html_fmt(sb, "<p class=\"sign-in-link\"><a href=\"/sign-in\">%s</a></p>\n",
			 _("Sign in"));
	}
	page_lang_switch(sb, env);
	html_lit(sb, "</div>\n</div>\n</header>\n");
}

static void
page_breadcrumbs(struct strbuf *sb, const struct page *pg)
{
	if (!pg->crumbs || !pg->ncrumbs)
		return;
	html_fmt(sb,
		 "<nav class=\"breadcrumbs\" aria-label=\"%s\">\n<ol>\n"
		 "<li><a href=\"/\">%s</a></li>\n",
		 _("Breadcrumb"), _("Home"));
	for (size_t i = 0; i < pg->ncrumbs; i++) {
		const struct crumb *c = &pg->crumbs[i];
		bool last = i + 1 == pg->ncrumbs;
		if (last && c->href)
			html_fmt(sb, "<li><a href=\"%s\" aria-current=\"page\">", c->href);
		else if (last)
			html_lit(sb, "<li><span aria-current=\"page\">");
		else if (c->href)
			html_fmt(sb, "<li><a href=\"%s\">", c->href);
		else
			html_lit(sb, "<li><span>");
		if (c->lang)
			html_fmt(sb, "<span lang=\"%s\">%s</span>", c->lang, c->label);
		else
			html_text(sb, c->label);
		if (c->href)
			html_lit(sb, "</a></li>\n");
		else
			html_lit(sb, "</span></li>\n");
	}
	html_lit(sb, "</ol>\n</nav>\n");
}

void
page_begin(struct strbuf *sb, const struct page_env *env, const struct page *pg)
{
	if (!pg->title || !*pg->title)
		BUG("page_begin: a page needs a title for its <h1>");
	page_head(sb, env, pg);
	html_fmt(sb, "<body>\n<a class=\"skip-link\" href=\"#main\">%s</a>\n",
		 _("Skip to main content"));
	page_header(sb, env);
	html_lit(sb, "<div class=\"container page\">\n");
	page_breadcrumbs(sb, pg);
	/* tabindex="-1" lets the skip link move keyboard focus, not just the scroll position. */
	if (pg->content_lang)
		html_fmt(sb, "<main id=\"main\" tabindex=\"-1\">\n<h1 lang=\"%s\">%s</h1>\n",
			 pg->content_lang, pg->title);
	else
		html_fmt(sb, "<main id=\"main\" tabindex=\"-1\">\n<h1>%s</h1>\n", pg->title);
	if (pg->lead && *pg->lead) {
		if (pg->content_lang)
			html_fmt(sb, "<p class=\"lead\" lang=\"%s\">%s</p>\n", pg->content_lang,
				 pg->lead);
		else
			html_fmt(sb, "<p class=\"lead\">%s</p>\n", pg->lead);
	}
	if (pg->notice && *pg->notice)
		html_fmt(sb, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n", pg->notice);
}

void
page_end(struct strbuf *sb, const struct page_env *env)
{
	html_fmt(sb,
		 "</main>\n</div>\n"
		 "<footer class=\"site-footer\">\n<div class=\"container footer-inner\">\n"
		 "<ul class=\"footer-links\">\n"
		 "<li><a href=\"/accessibility\">%s</a></li>\n"
		 "</ul>\n",
		 _("Accessibility statement"));
	if (env->org_name && *env->org_name)
		html_fmt(sb, "<p class=\"footer-org\">%s</p>\n", env->org_name);
	html_lit(sb, "</div>\n</footer>\n</body>\n</html>\n");
}
