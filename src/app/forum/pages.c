// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the closed forum of a network or subgroup. Every page is for the group's members
 * only: anyone else gets the same 404 as for a page that does not exist, whatever their role.
 * No page shows who wrote an anonymous post, and none shows a time finer than the day. */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/forum/forum.h"
#include "app/forum/pages.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"
#include <time.h>

/* The forum a request is about: /n/{slug}/forum... or /n/{slug}/g/{sub}/forum... */
struct forum_at {
	struct org org;
	struct network nw;
	struct subgroup sub; /* id 0: the network's forum */
	const char *group;   /* "/n/slug" or "/n/slug/g/sub" */
	const char *base;    /* group + "/forum" */
	const char *name;
	int64_t id; /* the route's last {id}, or 0 */
};

static bool
wants_sub(struct request *r)
{
	return r->route && strstr(r->route->pattern, "/g/{sub}") != NULL;
}

/* Loads the group and checks that the reader is a member: anyone else, and a group that is
 * not there, is KR_ENOTFOUND alike. */
static int
forum_load(struct request *r, struct forum_at *f)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	memset(f, 0, sizeof(*f));
	int err = org_get(c, &r->arena, &f->org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	if ((err = org_network_by_slug(c, &r->arena, slug, &f->nw)))
		return err;
	f->group = arena_printf(&r->arena, "/n/%s", f->nw.slug);
	f->name = f->nw.name;
	size_t next = 1;
	if (wants_sub(r)) {
		char *sub = arena_strndup(&r->arena, r->params[1].p, r->params[1].len);
		if ((err = subgroup_by_slug(c, &r->arena, f->nw.id, sub, &f->sub)))
			return err;
		f->group = arena_printf(&r->arena, "/n/%s/g/%s", f->nw.slug, f->sub.slug);
		f->name = f->sub.name;
		next = 2;
	}
	f->base = arena_printf(&r->arena, "%s/forum", f->group);
	if (!forum_may_read(c, &r->app->keys, r->user_id, f->nw.id, f->sub.id))
		return KR_ENOTFOUND;
	if (strstr(r->route->pattern, "{id}")) {
		long id;
		if (str_to_long(r->params[next], 1, INT64_MAX, &id))
			return KR_ENOTFOUND;
		f->id = id;
	}
	return KR_OK;
}

/* Networks › network [› subgroup] › Forum [› ...] [› last] */
static size_t
forum_crumbs(struct request *r, const struct forum_at *f, struct crumb crumbs[6], const char *mid,
	     const char *mid_href, const char *last)
{
	size_t i = 0;
	const char *lang = f->org.content_lang;
	crumbs[i++] = (struct crumb){ _("Networks"), "/networks", NULL };
	crumbs[i++] =
	    (struct crumb){ f->nw.name, arena_printf(&r->arena, "/n/%s", f->nw.slug), lang };
	if (f->sub.id)
		crumbs[i++] = (struct crumb){ f->sub.name, f->group, lang };
	crumbs[i++] = (struct crumb){ _("Forum"), (mid || last) ? f->base : NULL, NULL };
	if (mid)
		crumbs[i++] = (struct crumb){ mid, last ? mid_href : NULL, lang };
	if (last)
		crumbs[i++] = (struct crumb){ last, NULL, NULL };
	return i;
}

/* The same, for a topic's own page: its title is the writer's text, in the content's language. */
static size_t
topic_crumbs(struct request *r, const struct forum_at *f, struct crumb crumbs[6], const char *mid,
	     const char *mid_href, const char *title)
{
	size_t n = forum_crumbs(r, f, crumbs, mid, mid_href, title);
	crumbs[n - 1].lang = f->org.content_lang;
	return n;
}

/* "2 December 2026", in the reader's language, as a <time>: never an hour or a minute. */
static void
write_day(struct request *r, int64_t t)
{
	static const char *const months[] = {
		N_("January"),	 N_("February"), N_("March"),	 N_("April"),
		N_("May"),	 N_("June"),	 N_("July"),	 N_("August"),
		N_("September"), N_("October"),	 N_("November"), N_("December"),
	};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	html_fmt(&r->out, "<time datetime=\"%d-%s%d-%s%d\">%d %s %d</time>", tm.tm_year + 1900,
		 tm.tm_mon + 1 < 10 ? "0" : "", tm.tm_mon + 1, tm.tm_mday < 10 ? "0" : "",
		 tm.tm_mday, tm.tm_mday, _(months[tm.tm_mon]), tm.tm_year + 1900);
}

/* A post's text: Markdown as safe HTML (html/markdown.h), its headings below the post's <h2>. */
static void
write_body(struct request *r, const char *body, const char *lang)
{
	html_fmt(&r->out, "<div class=\"post-body\" lang=\"%s\">\n", lang);
	markdown_html(&r->out, body, strlen(body), 3);
	html_lit(&r->out, "</div>\n");
}

/* "Anonymous 2", a pseudonym, a name, or "deleted", written in place (a topic page has 50). */
static void
write_author(struct strbuf *o, const struct forum_post *p)
{
	switch (p->shown) {
	case FORUM_NAME:
		html_fmt(o, "%s", p->author);
		break;
	case FORUM_PSEUDONYM:
		html_fmt(o, "%s (%s)", p->author, _("pseudonym"));
		break;
	case FORUM_ANONYMOUS:
	case FORUM_ONLY_ME:
		html_fmt(o, "%s %lld", _("Anonymous"), (long long)p->label);
		break;
	default:
		html_fmt(o, "%s", _("Deleted post"));
	}
}

static const char *
forum_notice(struct request *r)
{
	const char *done = req_query(r, "done");
	if (!done)
		return NULL;
	if (strcmp(done, "category") == 0)
		return _("The category is added.");
	if (strcmp(done, "posted") == 0)
		return _("Your post is placed.");
	if (strcmp(done, "edited") == 0)
		return _("Your post is changed.");
	if (strcmp(done, "deleted") == 0)
		return _("The post is deleted.");
	if (strcmp(done, "claimed") == 0)
		return _("The post is yours now: it shows how you chose to appear.");
	if (strcmp(done, "removed") == 0)
		return _("Your anonymous posts in this group are deleted.");
	return NULL;
}

/* ---- the forum's front page: categories ---- */

struct category_post {
	struct forum_at f;
	const char *name, *description;
};

static int
forum_front(struct request *r, struct form_page *fp)
{
	const struct forum_at *f;
	struct forum_at loaded;
	const struct category_post *cp = fp ? fp->values : NULL;
	int err;
	if (cp) {
		f = &cp->f;
	} else {
		if ((err = forum_load(r, &loaded)))
			return err;
		f = &loaded;
	}
	int64_t page;
	if ((err = view_page_number(r, &page)))
		return err;
	struct db_conn *c = app_db(r);
	struct forum_category *cats;
	size_t n;
	int64_t total;
	if ((err = forum_categories(c, &r->arena, f->nw.id, f->sub.id, (page - 1) * FORUM_LIST_PAGE,
				    FORUM_LIST_PAGE, &cats, &n, &total)))
		return err;
	if (page > 1 && n == 0)
		return KR_ENOTFOUND;
	struct crumb crumbs[6];
	const struct page pg = {
		.title = arena_printf(&r->arena, "%s: %s", _("Forum"), f->name),
		.lead = _("Only members of this group can read and write here. You choose for each "
			  "post how you appear: with your name, your pseudonym, or anonymously."),
		.crumbs = crumbs,
		.ncrumbs = forum_crumbs(r, f, crumbs, NULL, NULL, NULL),
		.notice = fp ? NULL : forum_notice(r),
		.has_errors = fp && fp->nproblems,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (fp)
		form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o, "<h2>%s</h2>\n", _("Categories"));
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n",
			 _("There are no categories yet. The core team makes them."));
	} else {
		html_lit(o, "<ul class=\"forum-categories\">\n");
		for (size_t i = 0; i < n; i++) {
			html_fmt(o, "<li><a href=\"%s/c/%lld\" lang=\"%s\">%s</a>", f->base,
				 (long long)cats[i].id, f->org.content_lang, cats[i].name);
			html_fmt(o, " <span class=\"hint\">%s</span>",
				 arena_printf(&r->arena, "(%s %lld)", _("topics:"),
					      (long long)cats[i].topics));
			if (cats[i].description[0])
				html_fmt(o, "<br><span lang=\"%s\">%s</span>", f->org.content_lang,
					 cats[i].description);
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ul>\n");
		view_pager(r, f->base, page, page * FORUM_LIST_PAGE < total);
	}
	html_fmt(o, "<p><a href=\"%s/mine\">%s</a></p>\n", f->base, _("Your own posts"));
	if (forum_may_organise(c, &r->app->keys, r->user_id, f->nw.id, f->sub.id)) {
		html_fmt(o, "<h2>%s</h2>\n", _("Add a category"));
		form_begin(o, arena_printf(&r->arena, "%s/categories", f->base), r->csrf_token);
		form_input(
		    o, &(struct form_field){ .name = "name",
					     .label = _("Name"),
					     .hint = _("At most 80 characters."),
					     .value = cp ? cp->name : "",
					     .maxlength = FORUM_CATEGORY_MAX * 4,
					     .error = fp ? form_problem_of(fp, "name") : NULL });
		form_input(o, &(struct form_field){
				  .name = "description",
				  .label = _("Description (optional)"),
				  .hint = _("What the category is for, in one or two sentences."),
				  .value = cp ? cp->description : "",
				  .maxlength = FORUM_DESC_MAX * 4,
				  .error = fp ? form_problem_of(fp, "description") : NULL });
		form_submit(o, _("Add the category"));
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

int
page_forum(struct request *r)
{
	return forum_front(r, NULL);
}

static int
category_render(struct form_page *fp)
{
	return forum_front(fp->r, fp);
}

static int
category_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct category_post *p = fp->values;
	int err = forum_load(r, &p->f);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	if (!forum_may_organise(c, &r->app->keys, r->user_id, p->f.nw.id, p->f.sub.id))
		return KR_ENOTFOUND;
	p->name = req_form(r, "name");
	p->description = req_form(r, "description");
	if (!p->name)
		p->name = "";
	if (!p->description)
		p->description = "";
	const char *problem;
	int64_t id;
	err =
	    forum_category_add(c, p->f.nw.id, p->f.sub.id, p->name, p->description, &id, &problem);
	if (err == KR_EINVAL) {
		form_problem(fp, problem == forum_problem_desc_long ? "description" : "name",
			     _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "%s?done=category", p->f.base);
	return KR_OK;
}

int
page_forum_category_add(struct request *r)
{
	static const struct form_page_ops ops = { category_save, category_render };
	struct category_post p = { 0 };
	return form_page_post(r, &ops, &p);
}

/* The category of the route's id, in the request's group. */
static int
category_load(struct request *r, struct forum_at *f, struct forum_category *g)
{
	int err = forum_load(r, f);
	if (!err)
		err = forum_category_get(app_db(r), &r->arena, f->id, g);
	if (!err && (g->network_id != f->nw.id || g->subgroup_id != f->sub.id))
		err = KR_ENOTFOUND;
	return err;
}

int
page_forum_category(struct request *r)
{
	struct forum_at f;
	struct forum_category g;
	int64_t page;
	int err = category_load(r, &f, &g);
	if (err || (err = view_page_number(r, &page)))
		return err;
	struct forum_topic *ts;
	size_t n;
	int64_t total;
	if ((err = forum_topics(app_db(r), &r->arena, g.id, (page - 1) * FORUM_TOPICS_PAGE,
				FORUM_TOPICS_PAGE, &ts, &n, &total)))
		return err;
	if (page > 1 && n == 0)
		return KR_ENOTFOUND;
	struct crumb crumbs[6];
	const struct page pg = { .title = g.name,
				 .lead = g.description[0] ? g.description : NULL,
				 .content_lang = f.org.content_lang,
				 .crumbs = crumbs,
				 .ncrumbs = forum_crumbs(r, &f, crumbs, g.name, NULL, NULL),
				 .notice = forum_notice(r) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	const char *href = arena_printf(&r->arena, "%s/c/%lld", f.base, (long long)g.id);
	html_fmt(o, "<p><a class=\"button\" href=\"%s/new\">%s</a></p>\n", href,
		 _("Start a topic"));
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("No topics yet. Start the first one."));
	} else {
		/* Title, replies and the day of the last post: never who wrote last. */
		html_lit(o, "<ul class=\"forum-topics\">\n");
		for (size_t i = 0; i < n; i++) {
			html_fmt(
			    o, "<li><a href=\"%s/t/%lld\" lang=\"%s\">%s</a> <span class=\"hint\">",
			    f.base, (long long)ts[i].id, f.org.content_lang, ts[i].title);
			html_fmt(o, "%s ",
				 arena_printf(&r->arena, "%s %lld, %s", _("posts:"),
					      (long long)ts[i].posts, _("last on")));
			write_day(r, ts[i].last_hour);
			html_lit(o, "</span></li>\n");
		}
		html_lit(o, "</ul>\n");
		view_pager(r, href, page, page * FORUM_TOPICS_PAGE < total);
	}
	view_end(r);
	return KR_OK;
}

/* ---- writing: the choice of how a post appears ---- */

static void
shown_fields(struct request *r, enum forum_shown selected, const char *error)
{
	const struct form_option opts[] = {
		{ "name", _("With my name"),
		  _("Fellow members see your name. Choose this when you want people to know it is "
		    "you.") },
		{ "pseudonym", _("With my pseudonym in this group"),
		  _("Fellow members see the pseudonym you use in this group, never your name. "
		    "Only when you are a member under a pseudonym.") },
		{ "anonymous", _("Anonymously"),
		  _("Everyone sees \"Anonymous\" with a number, the same for you in this topic and "
		    "a different one in every other topic. Nobody using Kring can see it is you, "
		    "not the core team, HR or the administrators. Someone who has both the "
		    "database and the server's key file could find it out.") },
		{ "only-me", _("Anonymously, and only I can ever link this"),
		  _("As anonymously, and even someone with the database and the key file cannot "
		    "find out it is you. You get a claim code to keep: without it you cannot edit, "
		    "delete or claim this post, and Kring cannot give it to you again.") },
	};
	form_radios(&r->out, &(struct form_choice){ .name = "shown",
						    .legend = _("How does this post appear?"),
						    .hint = _("You choose again for every post."),
						    .options = opts,
						    .noptions = ARRAY_SIZE(opts),
						    .error = error,
						    .selected = forum_shown_name(selected) });
}

/* The choice a member starts with: how they appear in the group. */
static enum forum_shown
default_shown(struct request *r, const struct forum_at *f)
{
	struct membership m;
	if (members_get(app_db(r), &r->app->keys, &r->arena, r->user_id, f->nw.id, f->sub.id, &m) !=
	    KR_OK)
		return FORUM_ANONYMOUS;
	return m.choice.appearance == APPEAR_VISIBLE	 ? FORUM_NAME
	       : m.choice.appearance == APPEAR_PSEUDONYM ? FORUM_PSEUDONYM
							 : FORUM_ANONYMOUS;
}

/* What a writing form sent and what was wrong with it. */
struct writing_post {
	struct forum_at f;
	struct forum_category g; /* a new topic */
	struct forum_topic t;	 /* a reply */
	struct forum_writing w;
	const char *shown_raw;
	const char *code_shown; /* "only I": the code to show once */
	int64_t post_id;
};

static const char *
field_of_problem(const char *problem)
{
	if (problem == forum_problem_title_empty || problem == forum_problem_title_long)
		return "title";
	if (problem == forum_problem_no_pseudonym)
		return "shown";
	if (problem == forum_problem_code_wrong)
		return "code";
	return "body";
}

static bool
read_writing(struct request *r, struct writing_post *p, bool title)
{
	p->w.title = title ? req_form(r, "title") : NULL;
	p->w.body = req_form(r, "body");
	p->shown_raw = req_form(r, "shown");
	if (title && !p->w.title)
		p->w.title = "";
	if (!p->w.body)
		p->w.body = "";
	return forum_shown_parse(p->shown_raw, &p->w.shown);
}

static void
body_field(struct request *r, const char *value, const char *error)
{
	form_input(&r->out, &(struct form_field){
				.name = "body",
				.label = _("Your text"),
				.hint = _("At most 50,000 characters. You can use Markdown: "
					  "*italic*, **bold**, lists and links."),
				.value = value,
				.multiline = true,
				.error = error });
}

/* The page that shows a claim code once, after an "only I" post. */
static int
code_page(struct request *r, const struct forum_at *f, const char *code, const char *back)
{
	struct crumb crumbs[6];
	const struct page pg = { .title = _("Keep your claim code"),
				 .notice = _("Your post is placed."),
				 .crumbs = crumbs,
				 .ncrumbs = forum_crumbs(r, f, crumbs, NULL, NULL,
							 _("Keep your claim code")) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n",
		 _("Only you can link this post to yourself, with this code. Write it down or keep "
		   "it in a password manager now: Kring shows it only this once and cannot make it "
		   "again."));
	html_fmt(o, "<p class=\"claim-code\"><code>%s</code></p>\n", code);
	html_fmt(o, "<p>%s</p>\n",
		 _("You need the code to edit or delete the post, or to claim it later so that it "
		   "shows your name or pseudonym."));
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", back, _("Go to the topic"));
	view_end(r);
	return KR_OK;
}

/* ---- a new topic ---- */

static void
new_topic_form(struct form_page *fp)
{
	struct request *r = fp->r;
	const struct writing_post *p = fp->values;
	struct crumb crumbs[6];
	const char *href = arena_printf(&r->arena, "%s/c/%lld", p->f.base, (long long)p->g.id);
	const struct page pg = {
		.title = _("Start a topic"),
		.crumbs = crumbs,
		.ncrumbs = forum_crumbs(r, &p->f, crumbs, p->g.name, href, _("Start a topic")),
		.has_errors = fp->nproblems > 0,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o, "<p>%s <strong lang=\"%s\">%s</strong></p>\n", _("Category:"),
		 p->f.org.content_lang, p->g.name);
	form_begin(o, arena_printf(&r->arena, "%s/new", href), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "title",
					    .label = _("Title"),
					    .hint = _("At most 150 characters."),
					    .value = p->w.title,
					    .maxlength = FORUM_TITLE_MAX * 4,
					    .error = form_problem_of(fp, "title") });
	body_field(r, p->w.body, form_problem_of(fp, "body"));
	shown_fields(r, p->w.shown, form_problem_of(fp, "shown"));
	form_submit(o, _("Place the topic"));
	form_end(o);
	view_end(r);
}

static int
new_topic_render(struct form_page *fp)
{
	new_topic_form(fp);
	return KR_OK;
}

int
page_forum_new(struct request *r)
{
	static const struct form_page_ops ops = { NULL, new_topic_render };
	struct writing_post p = { 0 };
	int err = category_load(r, &p.f, &p.g);
	if (err)
		return err;
	p.w = (struct forum_writing){ .title = "", .body = "", .shown = default_shown(r, &p.f) };
	return form_page_show(r, &ops, &p);
}

static int
new_topic_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct writing_post *p = fp->values;
	int err = category_load(r, &p->f, &p->g);
	if (err)
		return err;
	if (!read_writing(r, p, true))
		return KR_EINVAL;
	const char *problem, *code;
	int64_t topic;
	err = forum_topic_create(app_db(r), &r->app->keys, &r->arena, r->user_id, p->g.id, &p->w,
				 time_now(), &topic, &code, &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, field_of_problem(problem), _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	const char *to = arena_printf(&r->arena, "%s/t/%lld", p->f.base, (long long)topic);
	if (code) {
		fp->answered = true;
		return code_page(r, &p->f, code, to);
	}
	fp->done = arena_printf(&r->arena, "%s?done=posted", to);
	return KR_OK;
}

int
page_forum_new_post(struct request *r)
{
	static const struct form_page_ops ops = { new_topic_save, new_topic_render };
	struct writing_post p = { 0 };
	return form_page_post(r, &ops, &p);
}

/* ---- a topic and its replies ---- */

static int
topic_load(struct request *r, struct forum_at *f, struct forum_topic *t)
{
	int err = forum_load(r, f);
	if (!err)
		err = forum_topic_get(app_db(r), &r->arena, f->id, t);
	if (!err && (t->network_id != f->nw.id || t->subgroup_id != f->sub.id))
		err = KR_ENOTFOUND;
	return err;
}

static void
write_post(struct request *r, const struct forum_at *f, const struct forum_post *p)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<article class=\"post\" id=\"p%lld\" aria-labelledby=\"h%lld\">\n",
		 (long long)p->seq, (long long)p->seq);
	html_fmt(o, "<h2 id=\"h%lld\">", (long long)p->seq);
	write_author(o, p);
	html_lit(o, "</h2>\n<p class=\"post-meta\">");
	if (p->shown == FORUM_DELETED) {
		html_fmt(o, "%s</p>\n</article>\n", _("The writer deleted this post."));
		return;
	}
	write_day(r, p->created_hour);
	if (p->edited)
		html_fmt(o, " · %s", _("edited"));
	if (p->mine)
		html_fmt(o, " · <strong>%s</strong>", _("you wrote this"));
	html_lit(o, "</p>\n");
	write_body(r, p->body, f->org.content_lang);
	if (p->mine || p->has_code) {
		long long id = (long long)p->id;
		html_lit(o, "<ul class=\"post-actions\">\n");
		html_fmt(o, "<li><a href=\"%s/p/%lld/edit\">%s</a></li>\n", f->base, id,
			 p->has_code ? _("Edit with your claim code") : _("Edit"));
		html_fmt(o, "<li><a href=\"%s/p/%lld/delete\">%s</a></li>\n", f->base, id,
			 _("Delete"));
		if (p->shown == FORUM_ANONYMOUS || p->shown == FORUM_ONLY_ME)
			html_fmt(o, "<li><a href=\"%s/p/%lld/claim\">%s</a></li>\n", f->base, id,
				 _("Claim as yours"));
		html_lit(o, "</ul>\n");
	}
	html_lit(o, "</article>\n");
}

struct topic_view {
	struct forum_at f;
	struct forum_topic t;
	struct writing_post reply;
};

static int
topic_page(struct form_page *fp)
{
	struct request *r = fp->r;
	struct topic_view *v = fp->values;
	int64_t page;
	int err = view_page_number(r, &page);
	if (err)
		return err;
	struct forum_category g;
	if ((err = forum_category_get(app_db(r), &r->arena, v->t.category_id, &g)))
		return err;
	struct forum_post *ps;
	size_t n;
	if ((err = forum_posts(app_db(r), &r->app->keys, &r->arena, v->t.id, r->user_id,
			       (page - 1) * FORUM_POSTS_PAGE, FORUM_POSTS_PAGE + 1, &ps, &n)))
		return err;
	if (page > 1 && n == 0)
		return KR_ENOTFOUND;
	struct crumb crumbs[6];
	const char *href = arena_printf(&r->arena, "%s/c/%lld", v->f.base, (long long)g.id);
	const struct page pg = {
		.title = v->t.title,
		.content_lang = v->f.org.content_lang,
		.crumbs = crumbs,
		.ncrumbs = topic_crumbs(r, &v->f, crumbs, g.name, href, v->t.title),
		.notice = fp->nproblems ? NULL : forum_notice(r),
		.has_errors = fp->nproblems > 0,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	const char *self = arena_printf(&r->arena, "%s/t/%lld", v->f.base, (long long)v->t.id);
	bool more = n > FORUM_POSTS_PAGE; /* one more was read to know */
	for (size_t i = 0; i < n && i < FORUM_POSTS_PAGE; i++)
		write_post(r, &v->f, &ps[i]);
	view_pager(r, self, page, more);
	html_fmt(o, "<h2 id=\"reply\">%s</h2>\n", _("Reply"));
	form_begin(o, self, r->csrf_token);
	body_field(r, v->reply.w.body, form_problem_of(fp, "body"));
	shown_fields(r, v->reply.w.shown, form_problem_of(fp, "shown"));
	form_submit(o, _("Place the reply"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

int
page_forum_topic(struct request *r)
{
	static const struct form_page_ops ops = { NULL, topic_page };
	struct topic_view v = { 0 };
	int err = topic_load(r, &v.f, &v.t);
	if (err)
		return err;
	v.reply.w = (struct forum_writing){ .body = "", .shown = default_shown(r, &v.f) };
	return form_page_show(r, &ops, &v);
}

static int
reply_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct topic_view *v = fp->values;
	int err = topic_load(r, &v->f, &v->t);
	if (err)
		return err;
	if (!read_writing(r, &v->reply, false))
		return KR_EINVAL;
	const char *problem, *code;
	int64_t post;
	err = forum_reply(app_db(r), &r->app->keys, &r->arena, r->user_id, v->t.id, &v->reply.w,
			  time_now(), &post, &code, &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, field_of_problem(problem), _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	const char *to = arena_printf(&r->arena, "%s/t/%lld", v->f.base, (long long)v->t.id);
	if (code) {
		fp->answered = true;
		return code_page(r, &v->f, code, to);
	}
	fp->done = arena_printf(&r->arena, "%s?done=posted", to);
	return KR_OK;
}

int
page_forum_reply_post(struct request *r)
{
	static const struct form_page_ops ops = { reply_save, topic_page };
	struct topic_view v = { 0 };
	return form_page_post(r, &ops, &v);
}

/* ---- one post: edit, delete, claim ---- */

enum post_action { ACT_EDIT, ACT_DELETE, ACT_CLAIM };

struct post_form {
	struct forum_at f;
	struct forum_post p;
	struct forum_topic t;
	enum post_action act;
	struct forum_writing w;
	const char *code;
	const char *as; /* claiming: "name" or "pseudonym" */
};

/* The post of the route's id in the request's group, if the reader may change it: their own,
 * or one with a claim code (the code is checked when the form is sent). */
static int
post_load(struct request *r, struct post_form *pf)
{
	int err = forum_load(r, &pf->f);
	if (!err)
		err = forum_post_get(app_db(r), &r->app->keys, &r->arena, pf->f.id, r->user_id,
				     &pf->p);
	if (!err)
		err = forum_topic_get(app_db(r), &r->arena, pf->p.topic_id, &pf->t);
	if (!err && (pf->t.network_id != pf->f.nw.id || pf->t.subgroup_id != pf->f.sub.id))
		err = KR_ENOTFOUND;
	if (!err && (pf->p.shown == FORUM_DELETED || !(pf->p.mine || pf->p.has_code)))
		err = KR_ENOTFOUND;
	if (!err && pf->act == ACT_CLAIM && pf->p.shown != FORUM_ANONYMOUS &&
	    pf->p.shown != FORUM_ONLY_ME)
		err = KR_ENOTFOUND;
	return err;
}

static int
post_form_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct post_form *pf = fp->values;
	static const char *const titles[] = { N_("Edit your post"), N_("Delete your post"),
					      N_("Claim this post as yours") };
	const char *title = _(titles[pf->act]);
	const char *topic = arena_printf(&r->arena, "%s/t/%lld", pf->f.base, (long long)pf->t.id);
	struct crumb crumbs[6];
	const struct page pg = {
		.title = title,
		.crumbs = crumbs,
		.ncrumbs = forum_crumbs(r, &pf->f, crumbs, pf->t.title, topic, title),
		.has_errors = fp->nproblems > 0,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	static const char *const actions[] = { "edit", "delete", "claim" };
	form_begin(o,
		   arena_printf(&r->arena, "%s/p/%lld/%s", pf->f.base, (long long)pf->p.id,
				actions[pf->act]),
		   r->csrf_token);
	if (pf->act == ACT_EDIT) {
		if (pf->p.seq == 1)
			form_input(o,
				   &(struct form_field){ .name = "title",
							 .label = _("Title"),
							 .hint = _("At most 150 characters."),
							 .value = pf->w.title,
							 .maxlength = FORUM_TITLE_MAX * 4,
							 .error = form_problem_of(fp, "title") });
		body_field(r, pf->w.body, form_problem_of(fp, "body"));
	} else if (pf->act == ACT_DELETE) {
		html_fmt(o, "<p>%s</p>\n",
			 pf->p.seq == 1 ? _("The opening post is deleted. When nobody replied yet, "
					    "the whole topic goes.")
					: _("Your reply is deleted at once, and cannot be brought "
					    "back."));
	} else {
		html_fmt(
		    o, "<p>%s</p>\n",
		    _("From now on this post shows your name or your pseudonym instead of "
		      "\"Anonymous\". So do your other posts with the same label in this topic, "
		      "as they have the same writer. Your anonymous posts in other topics stay "
		      "anonymous."));
		const struct form_option opts[] = {
			{ "name", _("With my name"), NULL },
			{ "pseudonym", _("With my pseudonym in this group"), NULL },
		};
		form_radios(o, &(struct form_choice){ .name = "as",
						      .legend = _("How should it appear?"),
						      .options = opts,
						      .noptions = ARRAY_SIZE(opts),
						      .error = form_problem_of(fp, "as"),
						      .selected = pf->as ? pf->as : "name" });
	}
	if (pf->p.has_code)
		form_input(o, &(struct form_field){
				  .name = "code",
				  .label = _("Claim code"),
				  .hint = _("The code you were given when you placed the post."),
				  .value = "",
				  .autocomplete = "off",
				  .maxlength = 64,
				  .error = form_problem_of(fp, "code") });
	static const char *const buttons[] = { N_("Save"), N_("Yes, delete"),
					       N_("Claim the post") };
	form_submit(o, _(buttons[pf->act]));
	form_end(o);
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", topic, _("Back to the topic"));
	view_end(r);
	return KR_OK;
}

static int
post_form_show(struct request *r, enum post_action act)
{
	static const struct form_page_ops ops = { NULL, post_form_render };
	struct post_form pf = { .act = act };
	int err = post_load(r, &pf);
	if (err)
		return err;
	pf.w.title = pf.t.title;
	pf.w.body = pf.p.body;
	return form_page_show(r, &ops, &pf);
}

static int
post_form_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct post_form *pf = fp->values;
	int err = post_load(r, pf);
	if (err)
		return err;
	pf->code = req_form(r, "code");
	const char *problem = NULL;
	struct db_conn *c = app_db(r);
	const struct keys *k = &r->app->keys;
	if (pf->act == ACT_EDIT) {
		pf->w.title = pf->p.seq == 1 ? req_form(r, "title") : NULL;
		pf->w.body = req_form(r, "body");
		if (!pf->w.body || (pf->p.seq == 1 && !pf->w.title))
			return KR_EINVAL;
		err = forum_post_edit(c, k, r->user_id, pf->p.id, &pf->w, pf->code, &problem);
	} else if (pf->act == ACT_DELETE) {
		pf->w.title = pf->t.title;
		pf->w.body = pf->p.body;
		err = forum_post_delete(c, k, r->user_id, pf->p.id, pf->code, &problem);
	} else {
		pf->w.title = pf->t.title;
		pf->w.body = pf->p.body;
		enum forum_shown as;
		pf->as = req_form(r, "as");
		if (!forum_shown_parse(pf->as, &as) || (as != FORUM_NAME && as != FORUM_PSEUDONYM))
			return KR_EINVAL;
		err = forum_post_claim(c, k, r->user_id, pf->p.id, as, pf->code, &problem);
	}
	if (err == KR_EINVAL && problem) {
		const char *field = field_of_problem(problem);
		if (pf->act == ACT_CLAIM && problem == forum_problem_no_pseudonym)
			field = "as";
		form_problem(fp, field, _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	static const char *const done[] = { "edited", "deleted", "claimed" };
	const char *topic = arena_printf(&r->arena, "%s/t/%lld", pf->f.base, (long long)pf->t.id);
	bool gone = pf->act == ACT_DELETE &&
		    forum_topic_get(c, &r->arena, pf->t.id, &pf->t) == KR_ENOTFOUND;
	fp->done = arena_printf(&r->arena, "%s?done=%s", gone ? pf->f.base : topic, done[pf->act]);
	return KR_OK;
}

static int
post_form_post(struct request *r, enum post_action act)
{
	static const struct form_page_ops ops = { post_form_save, post_form_render };
	struct post_form pf = { .act = act };
	return form_page_post(r, &ops, &pf);
}

int
page_forum_edit(struct request *r)
{
	return post_form_show(r, ACT_EDIT);
}

int
page_forum_edit_post(struct request *r)
{
	return post_form_post(r, ACT_EDIT);
}

int
page_forum_delete(struct request *r)
{
	return post_form_show(r, ACT_DELETE);
}

int
page_forum_delete_post(struct request *r)
{
	return post_form_post(r, ACT_DELETE);
}

int
page_forum_claim(struct request *r)
{
	return post_form_show(r, ACT_CLAIM);
}

int
page_forum_claim_post(struct request *r)
{
	return post_form_post(r, ACT_CLAIM);
}

/* ---- one's own posts in the group ---- */

int
page_forum_mine(struct request *r)
{
	struct forum_at f;
	int err = forum_load(r, &f);
	if (err)
		return err;
	struct forum_post *ps;
	size_t n;
	if ((err = forum_my_posts(app_db(r), &r->app->keys, &r->arena, r->user_id, f.nw.id,
				  f.sub.id, &ps, &n)))
		return err;
	struct crumb crumbs[6];
	const struct page pg = {
		.title = _("Your own posts"),
		.lead =
		    _("Only you see this list. Posts for which you chose \"only I can ever link "
		      "this\" are not in it: nothing ties them to you."),
		.crumbs = crumbs,
		.ncrumbs = forum_crumbs(r, &f, crumbs, NULL, NULL, _("Your own posts")),
		.notice = forum_notice(r),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	size_t anon = 0;
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("You have not written anything in this forum yet."));
	} else {
		html_lit(o, "<ul class=\"forum-mine\">\n");
		for (size_t i = 0; i < n; i++) {
			anon += ps[i].shown != FORUM_NAME;
			html_fmt(o, "<li><a href=\"%s/t/%lld#p%lld\" lang=\"%s\">%s</a> · ", f.base,
				 (long long)ps[i].topic_id, (long long)ps[i].seq,
				 f.org.content_lang, ps[i].title);
			write_author(o, &ps[i]);
			html_lit(o, " · ");
			write_day(r, ps[i].created_hour);
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Before you leave the group"));
	html_fmt(
	    o, "<p>%s</p>\n",
	    _("When you leave this group or delete your account, your anonymous and "
	      "pseudonymous posts stay, and nothing ties them to you any more: you can then no "
	      "longer edit, delete or claim them. If you want them gone, delete them first."));
	if (anon) {
		form_begin(o, arena_printf(&r->arena, "%s/mine/delete-anonymous", f.base),
			   r->csrf_token);
		form_submit(o, _("Delete my anonymous and pseudonymous posts in this group"));
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

int
page_forum_mine_delete_post(struct request *r)
{
	struct forum_at f;
	int err = forum_load(r, &f);
	if (err)
		return err;
	int64_t count;
	if ((err = forum_delete_anonymous(app_db(r), &r->app->keys, r->user_id, f.nw.id, f.sub.id,
					  &count)))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s/mine?done=removed", f.base));
	return KR_OK;
}

/* ---- hooks ---- */

int
forum_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	(void)org;
	struct db_conn *c = app_db(r);
	if (!c || !forum_may_read(c, &r->app->keys, r->user_id, nw->id, 0))
		return KR_OK;
	html_fmt(&r->out, "<h2>%s</h2>\n<p><a href=\"/n/%s/forum\">%s</a></p>\n", _("Forum"),
		 nw->slug, _("Go to the network's forum"));
	return KR_OK;
}

/* "My data": the person's own posts. Anonymous ones are shown to the person only as "you,
 * anonymously", with their label; "only I" posts are not found (nothing ties them). */
int
forum_my_data(struct my_data *md)
{
	struct forum_post *ps;
	size_t n;
	int err = forum_my_posts(md->c, md->k, md->a, md->account_id, 0, 0, &ps, &n);
	if (err)
		return err;
	if (md->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *p = json_object();
			json_object_set_new(p, "topic", json_string(ps[i].title));
			json_object_set_new(p, "shown", json_string(forum_shown_name(ps[i].shown)));
			if (ps[i].shown == FORUM_PSEUDONYM)
				json_object_set_new(p, "pseudonym", json_string(ps[i].author));
			if (ps[i].label)
				json_object_set_new(p, "label", json_integer(ps[i].label));
			json_object_set_new(
			    p, "day",
			    json_integer(ps[i].created_hour - ps[i].created_hour % 86400));
			json_object_set_new(p, "text", json_string(ps[i].body));
			json_array_append_new(arr, p);
		}
		json_object_set_new(md->json, "forum_posts", arr);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Your forum posts"));
	if (!n) {
		html_fmt(o, "<p>%s</p>\n", _("You have not written anything in a forum."));
		return KR_OK;
	}
	html_fmt(o, "<p>%s</p>\n",
		 _("Only you see your anonymous posts here. Posts for which you chose \"only I can "
		   "ever link this\" are not listed: nothing ties them to you."));
	html_lit(o, "<ul>\n");
	for (size_t i = 0; i < n; i++) {
		const char *how = ps[i].shown == FORUM_NAME	   ? _("with your name")
				  : ps[i].shown == FORUM_PSEUDONYM ? _("with your pseudonym")
								   : _("anonymously");
		html_fmt(o, "<li><strong>%s</strong> (%s): %s</li>\n", ps[i].title, how,
			 ps[i].body);
	}
	html_lit(o, "</ul>\n");
	return KR_OK;
}
