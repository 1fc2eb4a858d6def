// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: a network's experience stories: the list of published ones, one story with its
 * content note, reactions and (for its writer and the core team) its readers, writing one, the
 * writer's own page with its steps (edit, send, consent to publication, withdraw, claim,
 * delete), and the core team's review. A story nobody may see here is the same 404 as one that
 * is not there. No page shows who wrote an anonymous story, and none shows a time finer than
 * the day. */
#include "app/app.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/figures/figures.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/stories/pages.h"
#include "app/stories/stories.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"
#include <time.h>

/* The network a request is about, and what the reader is in it. */
struct stories_at {
	struct org org;
	struct network nw;
	const char *base; /* "/n/slug/stories" */
	int64_t id;	  /* the route's {id}, or 0 */
	bool member, team;
};

static int
at_load(struct request *r, struct stories_at *at)
{
	struct db_conn *c = app_db(r);
	if (!c)
		return KR_EDB;
	memset(at, 0, sizeof(*at));
	int err = org_get(c, &r->arena, &at->org);
	if (err)
		return err;
	char *slug = arena_strndup(&r->arena, r->params[0].p, r->params[0].len);
	if ((err = org_network_by_slug(c, &r->arena, slug, &at->nw)))
		return err;
	at->base = arena_printf(&r->arena, "/n/%s/stories", at->nw.slug);
	at->member = stories_may_write(c, &r->app->keys, r->user_id, at->nw.id);
	at->team = stories_may_review(c, r->user_id, at->nw.id);
	if (strstr(r->route->pattern, "{id}")) {
		long id;
		if (str_to_long(r->params[1], 1, INT64_MAX, &id))
			return KR_ENOTFOUND;
		at->id = id;
	}
	return KR_OK;
}

static const char *
translate(const char *msgid)
{
	return _(msgid);
}

/* A count of people as the figures service lets it be shown ("fewer than 5" below five). */
static const char *
figure(struct request *r, int64_t n)
{
	struct figure f;
	if (figures_count(n, &f))
		return FIGURES_HIDDEN_TEXT;
	return figures_text(&f, translate, &r->arena);
}

/* Networks › network › Stories [› mid] [› last] */
static size_t
crumbs_of(struct request *r, const struct stories_at *at, struct crumb crumbs[5], const char *mid,
	  const char *mid_href, const char *last)
{
	size_t i = 0;
	crumbs[i++] = (struct crumb){ _("Networks"), "/networks", NULL };
	crumbs[i++] = (struct crumb){ at->nw.name, arena_printf(&r->arena, "/n/%s", at->nw.slug),
				      at->org.content_lang };
	crumbs[i++] = (struct crumb){ _("Stories"), (mid || last) ? at->base : NULL, NULL };
	if (mid)
		crumbs[i++] = (struct crumb){ mid, last ? mid_href : NULL, at->org.content_lang };
	if (last)
		crumbs[i++] = (struct crumb){ last, NULL, NULL };
	return i;
}

/* "2 December 2026" as a <time>: never an hour. */
static void
write_day(struct request *r, int64_t t)
{
	static const char *const month_names[12] = {
		N_("January"),	 N_("February"), N_("March"),	 N_("April"),
		N_("May"),	 N_("June"),	 N_("July"),	 N_("August"),
		N_("September"), N_("October"),	 N_("November"), N_("December"),
	};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char iso[40];
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	html_fmt(&r->out, "<time datetime=\"%s\">%d %s %d</time>", iso, tm.tm_mday,
		 _(month_names[tm.tm_mon]), tm.tm_year + 1900);
}

/* "By Anouk Verbruggen", "By Nachtuil (pseudonym)", "Anonymous". */
static void
write_by(struct request *r, const struct story *s)
{
	if (s->shown == STORY_NAME)
		html_fmt(&r->out, "%s %s", _("By"), s->author);
	else if (s->shown == STORY_PSEUDONYM)
		html_fmt(&r->out, "%s %s (%s)", _("By"), s->author, _("pseudonym"));
	else
		html_fmt(&r->out, "%s", _("Anonymous"));
}

static const char *
audience_label(enum story_audience a)
{
	return a == STORY_ORGANISATION ? _("For everyone in the organisation")
				       : _("For the network's members");
}

static void
write_meta(struct request *r, const struct story *s, bool calm, const char *lang)
{
	struct strbuf *o = &r->out;
	html_lit(o, "<p class=\"meta\">");
	if (s->kind == STORY_INTERVIEW)
		html_fmt(o, "%s · ", _("Interview"));
	write_by(r, s);
	if (s->published_hour) {
		html_lit(o, " · ");
		write_day(r, s->published_hour);
	}
	if (!calm)
		html_fmt(o, " · %s", audience_label(s->audience));
	html_lit(o, "</p>\n");
	if (s->content_note[0])
		html_fmt(o,
			 "<p class=\"content-note\"><strong>%s</strong> <span lang=\"%s\">%s</span>"
			 "</p>\n",
			 _("Content note:"), lang, s->content_note);
}

static const char *
notice_of_key(const char *done)
{
	static const struct {
		const char *key, *msg;
	} notices[] = {
		{ "created",
		  N_("Your story is saved as a draft. Send it to the core team when it is "
		     "ready.") },
		{ "saved", N_("Your changes are saved.") },
		{ "submitted",
		  N_("Your story is sent to the core team. You hear from them here.") },
		{ "published", N_("Your story is published. You can withdraw it at any moment.") },
		{ "withdrawn", N_("Your story is withdrawn. Nobody can read it now.") },
		{ "claimed", N_("The story is yours now: it shows how you chose to appear.") },
		{ "deleted", N_("The story is deleted.") },
		{ "reviewed", N_("Your review is sent to the writer.") },
		{ "reacted", N_("Thank you for your reaction.") },
		{ "commented", N_("Your comment is placed.") },
		{ "c-edited", N_("Your comment is changed.") },
		{ "c-deleted", N_("The comment is deleted.") },
		{ "c-hidden", N_("The comment is hidden. Its writer sees your reason.") },
		{ "c-restored", N_("The comment shows again.") },
		{ "pinned", N_("The story is pinned on the network's page.") },
		{ "unpinned", N_("The story is no longer pinned.") },
	};
	for (size_t i = 0; done && i < ARRAY_SIZE(notices); i++)
		if (strcmp(done, notices[i].key) == 0)
			return _(notices[i].msg);
	return NULL;
}

static const char *
notice_of(struct request *r)
{
	return notice_of_key(req_query(r, "done"));
}

static void
hidden(struct strbuf *o, const char *name, const char *value)
{
	if (value && value[0])
		html_fmt(o, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", name, value);
}

/* The form to open an "only I" story with its code. */
static void
code_form(struct request *r, const struct stories_at *at, const char *error)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2 id=\"code\">%s</h2>\n", _("A story you can only open with its code"));
	html_fmt(o, "<p>%s</p>\n",
		 _("Did you choose \"only I can ever link this\"? Type the claim code you were "
		   "given to open your story."));
	form_begin(o, arena_printf(&r->arena, "%s/code", at->base), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "code",
					    .label = _("Claim code"),
					    .value = "",
					    .autocomplete = "off",
					    .maxlength = 64,
					    .error = error });
	form_submit(o, _("Open my story"));
	form_end(o);
}

/* ---- the list ---- */

static void
write_item(struct request *r, const struct stories_at *at, const struct story *s, bool calm)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<li><h3><a href=\"%s/%lld\" lang=\"%s\">%s</a></h3>\n", at->base,
		 (long long)s->id, at->org.content_lang, s->title);
	write_meta(r, s, calm, at->org.content_lang);
	html_lit(o, "</li>\n");
}

int
page_stories(struct request *r)
{
	struct stories_at at;
	int err = at_load(r, &at);
	int64_t page;
	if (!err)
		err = view_page_number(r, &page);
	if (err)
		return err;
	struct story *ss;
	size_t n;
	bool more;
	if ((err = stories_published(app_db(r), &r->arena, at.nw.id, !at.member,
				     (page - 1) * STORIES_PAGE, STORIES_PAGE, &ss, &n, &more)))
		return err;
	if (page > 1 && n == 0)
		return KR_ENOTFOUND;
	struct crumb crumbs[5];
	const struct page pg = {
		.title = arena_printf(&r->arena, "%s: %s", _("Experience stories"), at.nw.name),
		.lead = _("Colleagues tell what working with a condition is like for them, and "
			  "managers tell what they learned. Some stories are for the network's "
			  "members, some for everyone in the organisation."),
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &at, crumbs, NULL, NULL, NULL),
		.notice = notice_of(r),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (at.member) {
		html_lit(o, "<ul class=\"actions\">\n");
		html_fmt(o, "<li><a href=\"%s/new\">%s</a></li>\n", at.base, _("Write a story"));
		html_fmt(o, "<li><a href=\"%s/mine\">%s</a></li>\n", at.base, _("Your stories"));
		if (at.team)
			html_fmt(o, "<li><a href=\"%s/review\">%s</a></li>\n", at.base,
				 _("Stories to review, and the most read"));
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Published stories"));
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("There are no published stories yet."));
	} else {
		html_lit(o, "<ul class=\"stories\">\n");
		for (size_t i = 0; i < n; i++)
			write_item(r, &at, &ss[i], r->prefs.low_stimulus);
		html_lit(o, "</ul>\n");
	}
	view_pager(r, at.base, page, more);
	view_end(r);
	return KR_OK;
}

/* ---- one story ---- */

static void
write_body(struct request *r, const struct stories_at *at, const struct story *s)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<div class=\"story-body\" lang=\"%s\">\n", at->org.content_lang);
	markdown_html(o, s->body, strlen(s->body), 2);
	html_lit(o, "</div>\n");
}

/* The text, behind its content note when it has one: the reader opens it on purpose. */
static void
write_text(struct request *r, const struct stories_at *at, const struct story *s)
{
	struct strbuf *o = &r->out;
	if (!s->content_note[0]) {
		write_body(r, at, s);
		return;
	}
	html_fmt(o, "<details class=\"story-text\">\n<summary>%s</summary>\n", _("Read the story"));
	write_body(r, at, s);
	html_lit(o, "</details>\n");
}

static int
write_readers(struct request *r, const struct story *s)
{
	int64_t month = stories_month(time_now()), now_n, before_n;
	int err = stories_readers(app_db(r), s->id, month, &now_n);
	if (!err)
		err = stories_readers(app_db(r), s->id, stories_month_before(month), &before_n);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Readers"));
	html_fmt(o, "<p>%s</p>\n",
		 _("Only you and the core team see this. Kring counts each reader once a month "
		   "and keeps no record of who read what."));
	html_fmt(o, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		 _("Unique readers this month"), figure(r, now_n), _("Unique readers last month"),
		 figure(r, before_n));
	return KR_OK;
}

static int
write_reactions(struct request *r, const struct stories_at *at, const struct story *s,
		const char *error)
{
	int64_t counts[REACT_KINDS];
	enum story_reaction mine;
	int err = stories_reactions(app_db(r), &r->app->keys, s->id, r->user_id, counts, &mine);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2 id=\"reactions\">%s</h2>\n<ul class=\"reactions\">\n", _("Reactions"));
	for (int i = 0; i < REACT_KINDS; i++)
		html_fmt(o, "<li>%s: %s</li>\n", _(story_reaction_label((enum story_reaction)i)),
			 figure(r, counts[i]));
	html_lit(o, "</ul>\n");
	form_begin(o, arena_printf(&r->arena, "%s/%lld/react", at->base, (long long)s->id),
		   r->csrf_token);
	const struct form_option opts[] = {
		{ "recognisable", _("Recognisable"), NULL, NULL, NULL },
		{ "thanks", _("Thank you"), NULL, NULL, NULL },
		{ "strong", _("Strong"), NULL, NULL, NULL },
	};
	form_radios(o, &(struct form_choice){
			   .name = "reaction",
			   .legend = _("Your reaction"),
			   .hint = _("One reaction per reader. You can change it; nobody sees who "
				     "reacted."),
			   .options = opts,
			   .noptions = ARRAY_SIZE(opts),
			   .error = error,
			   .selected = mine < REACT_KINDS ? story_reaction_name(mine) : NULL });
	form_submit(o, _("React"));
	form_end(o);
	return KR_OK;
}

struct story_view {
	struct stories_at at;
	struct story s;
	const char *comment_body; /* the comment form's values */
	enum story_shown comment_shown;
};

static int write_comments(struct form_page *fp, struct story_view *v);
static void write_pin_form(struct request *r, const struct story_view *v);
static enum story_shown default_shown(struct request *r, int64_t network_id);

static int
story_load(struct request *r, struct story_view *v)
{
	int err = at_load(r, &v->at);
	if (!err)
		err = stories_get(app_db(r), &r->app->keys, &r->arena, v->at.id, r->user_id, &v->s);
	if (!err && v->s.network_id != v->at.nw.id)
		err = KR_ENOTFOUND;
	return err;
}

static int
story_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct story_view *v = fp->values;
	struct crumb crumbs[5];
	const struct page pg = {
		.title = v->s.title,
		.content_lang = v->at.org.content_lang,
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &v->at, crumbs, NULL, NULL, v->s.title),
		.notice = fp->nproblems ? NULL : notice_of(r),
		.has_errors = fp->nproblems > 0,
	};
	crumbs[pg.ncrumbs - 1].lang = v->at.org.content_lang;
	view_begin(r, &pg);
	form_error_summary(&r->out, fp->problems, fp->nproblems);
	write_meta(r, &v->s, false, v->at.org.content_lang);
	write_text(r, &v->at, &v->s);
	int err = write_reactions(r, &v->at, &v->s, form_problem_of(fp, "reaction"));
	if (!err && (v->s.mine || v->at.team))
		err = write_readers(r, &v->s);
	if (!err && v->s.mine)
		html_fmt(&r->out, "<p><a href=\"%s/%lld/write\">%s</a></p>\n", v->at.base,
			 (long long)v->s.id, _("Your page for this story: withdraw or change it"));
	if (!err && v->at.team)
		write_pin_form(r, v);
	if (!err)
		err = write_comments(fp, v);
	if (!err)
		view_end(r);
	return err;
}

int
page_stories_story(struct request *r)
{
	static const struct form_page_ops ops = { NULL, story_render };
	struct story_view v = { 0 };
	int err = story_load(r, &v);
	if (!err && !stories_may_read(app_db(r), &r->app->keys, r->user_id, &v.s))
		err = KR_ENOTFOUND;
	if (!err)
		v.comment_shown = default_shown(r, v.at.nw.id);
	if (!err && !r->head_only)
		err = stories_count_read(app_db(r), &r->app->keys, r->user_id, v.s.id, time_now());
	return err ? err : form_page_show(r, &ops, &v);
}

static int
react_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct story_view *v = fp->values;
	int err = story_load(r, v);
	if (err)
		return err;
	enum story_reaction kind;
	if (!story_reaction_parse(req_form(r, "reaction"), &kind)) {
		if (!stories_may_read(app_db(r), &r->app->keys, r->user_id, &v->s))
			return KR_ENOTFOUND;
		form_problem(fp, "reaction", _("Choose one of the three reactions."));
		return KR_OK;
	}
	const char *problem;
	err = stories_react(app_db(r), &r->app->keys, r->user_id, v->s.id, kind, &problem);
	if (err == KR_EINVAL && problem) {
		/* Not published: there is no story page to show the problem on. */
		fp->answered = true;
		r->status = 409;
		struct crumb crumbs[5];
		const struct page pg = { .title = _("No reaction possible"),
					 .crumbs = crumbs,
					 .ncrumbs = crumbs_of(r, &v->at, crumbs, NULL, NULL,
							      _("No reaction possible")),
					 .has_errors = true };
		view_begin(r, &pg);
		html_fmt(&r->out, "<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n", _(problem),
			 v->at.base, _("Back to the stories"));
		view_end(r);
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "%s/%lld?done=reacted#reactions", v->at.base,
				(long long)v->s.id);
	return KR_OK;
}

int
page_stories_react_post(struct request *r)
{
	static const struct form_page_ops ops = { react_save, story_render };
	struct story_view v = { 0 };
	return form_page_post(r, &ops, &v);
}

/* ---- comments ---- */

/* "Anouk Verbruggen", "Nachtuil (pseudonym)", "Anonymous 2". */
static void
write_commenter(struct strbuf *o, const struct story_comment *m)
{
	if (m->shown == STORY_NAME)
		html_fmt(o, "%s", m->author);
	else if (m->shown == STORY_PSEUDONYM)
		html_fmt(o, "%s (%s)", m->author, _("pseudonym"));
	else
		html_fmt(o, "%s %lld", _("Anonymous"), (long long)m->label);
}

static const char *
comment_href(struct request *r, const struct story_view *v, const struct story_comment *m,
	     const char *what)
{
	return arena_printf(&r->arena, "%s/%lld/comments/%lld/%s", v->at.base, (long long)v->s.id,
			    (long long)m->id, what);
}

static void
write_comment(struct request *r, const struct story_view *v, const struct story_comment *m)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<article class=\"post\" id=\"c%lld\" aria-labelledby=\"ch%lld\">\n",
		 (long long)m->seq, (long long)m->seq);
	html_fmt(o, "<h3 id=\"ch%lld\">", (long long)m->seq);
	write_commenter(o, m);
	html_lit(o, "</h3>\n<p class=\"post-meta\">");
	write_day(r, m->created_hour);
	if (m->edited)
		html_fmt(o, " · %s", _("edited"));
	if (m->mine)
		html_fmt(o, " · <strong>%s</strong>", _("you wrote this"));
	html_lit(o, "</p>\n");
	if (m->hidden) {
		html_fmt(o, "<p class=\"comment-hidden\"><strong>%s</strong>",
			 _("The moderators hid this comment."));
		if (m->hidden[0])
			html_fmt(o, " %s <span lang=\"%s\">%s</span>", _("Their reason:"),
				 v->at.org.content_lang, m->hidden);
		html_lit(o, "</p>\n");
	}
	if (m->body[0]) {
		html_fmt(o, "<div class=\"post-body\" lang=\"%s\">\n", v->at.org.content_lang);
		markdown_html(o, m->body, strlen(m->body), 4);
		html_lit(o, "</div>\n");
	}
	bool own = m->mine || m->has_code;
	if (own || v->at.team) {
		html_lit(o, "<ul class=\"post-actions\">\n");
		if (own && !m->hidden)
			html_fmt(o, "<li><a href=\"%s\">%s</a></li>\n",
				 comment_href(r, v, m, "edit"),
				 m->has_code ? _("Edit with your claim code") : _("Edit"));
		if (own)
			html_fmt(o, "<li><a href=\"%s\">%s</a></li>\n",
				 comment_href(r, v, m, "delete"), _("Delete"));
		if (v->at.team)
			html_fmt(o, "<li><a href=\"%s\">%s</a></li>\n",
				 comment_href(r, v, m, "hide"),
				 m->hidden ? _("Show the comment again") : _("Hide the comment"));
		html_lit(o, "</ul>\n");
	}
	html_lit(o, "</article>\n");
}

static void
comment_shown_fields(struct request *r, enum story_shown selected, const char *error)
{
	const struct form_option opts[] = {
		{ "name", _("With my name"), _("Readers see your name."), NULL, NULL },
		{ "pseudonym", _("With my pseudonym in this network"),
		  _("Readers see the pseudonym you use in this network, never your name."), NULL,
		  NULL },
		{ "anonymous", _("Anonymously"),
		  _("Readers see \"Anonymous\" with a number, the same for you under this story "
		    "and a different one under every other story. Nobody using Kring can see it "
		    "is you, not the core team, HR or the administrators. Someone who has both the "
		    "database and the server's key file could find it out."),
		  NULL, NULL },
		{ "only-me", _("Anonymously, and only I can ever link this"),
		  _("As anonymously, and even someone with the database and the key file cannot "
		    "find out it is you. You get a claim code to keep: without it you cannot edit "
		    "or delete this comment."),
		  NULL, NULL },
	};
	form_radios(&r->out,
		    &(struct form_choice){ .name = "shown",
					   .legend = _("How does your comment appear?"),
					   .hint = _("You choose again for every comment."),
					   .options = opts,
					   .noptions = ARRAY_SIZE(opts),
					   .error = error,
					   .selected = story_shown_name(selected) });
}

static void
comment_body_field(struct request *r, const char *value, const char *error)
{
	form_input(&r->out, &(struct form_field){
				.name = "body",
				.label = _("Your comment"),
				.hint = _("At most 50,000 characters. You can use Markdown: "
					  "*italic*, **bold**, lists and links."),
				.value = value,
				.multiline = true,
				.error = error });
}

/* The story's comments (a page of them) and the form to write one. */
static int
write_comments(struct form_page *fp, struct story_view *v)
{
	struct request *r = fp->r;
	int64_t page;
	int err = view_page_number(r, &page);
	if (err)
		return err;
	struct story_comment *ms;
	size_t n;
	if ((err = stories_comments(app_db(r), &r->app->keys, &r->arena, v->s.id, r->user_id,
				    v->at.team, (page - 1) * STORY_COMMENTS_PAGE,
				    STORY_COMMENTS_PAGE + 1, &ms, &n)))
		return err;
	if (page > 1 && n == 0)
		return KR_ENOTFOUND;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2 id=\"comments\">%s</h2>\n", _("Comments"));
	if (n == 0)
		html_fmt(o, "<p>%s</p>\n", _("No comments yet."));
	for (size_t i = 0; i < n && i < STORY_COMMENTS_PAGE; i++)
		write_comment(r, v, &ms[i]);
	const char *self = arena_printf(&r->arena, "%s/%lld", v->at.base, (long long)v->s.id);
	view_pager(r, self, page, n > STORY_COMMENTS_PAGE);
	html_fmt(o, "<h2 id=\"comment\">%s</h2>\n", _("Write a comment"));
	form_begin(o, arena_printf(&r->arena, "%s/comments", self), r->csrf_token);
	comment_body_field(r, v->comment_body ? v->comment_body : "", form_problem_of(fp, "body"));
	comment_shown_fields(r, v->comment_shown, form_problem_of(fp, "shown"));
	form_submit(o, _("Place the comment"));
	form_end(o);
	return KR_OK;
}

static const char *
comment_field_of(const char *problem)
{
	if (problem == story_problem_no_pseudonym)
		return "shown";
	if (problem == story_problem_comment_code)
		return "code";
	if (problem == story_problem_reason_empty || problem == story_problem_reason_long)
		return "reason";
	return "body";
}

/* The page that shows a comment's claim code once. */
static int
comment_code_page(struct request *r, const struct story_view *v, const char *code)
{
	struct crumb crumbs[5];
	const char *back = arena_printf(&r->arena, "%s/%lld", v->at.base, (long long)v->s.id);
	const struct page pg = { .title = _("Keep your claim code"),
				 .notice = _("Your comment is placed."),
				 .crumbs = crumbs,
				 .ncrumbs = crumbs_of(r, &v->at, crumbs, v->s.title, back,
						      _("Keep your claim code")) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n",
		 _("Only you can link this comment to yourself, with this code. Write it down or "
		   "keep it in a password manager now: Kring shows it only this once and cannot "
		   "make it again."));
	html_fmt(o, "<p class=\"claim-code\"><code>%s</code></p>\n", code);
	html_fmt(o, "<p>%s</p>\n", _("You need the code to edit or delete the comment."));
	html_fmt(o, "<p><a href=\"%s#comments\">%s</a></p>\n", back, _("Back to the story"));
	view_end(r);
	return KR_OK;
}

static int
comment_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct story_view *v = fp->values;
	int err = story_load(r, v);
	if (!err && !stories_may_read(app_db(r), &r->app->keys, r->user_id, &v->s))
		err = KR_ENOTFOUND;
	if (err)
		return err;
	const char *body = req_form(r, "body");
	v->comment_body = body ? body : "";
	if (!story_shown_parse(req_form(r, "shown"), &v->comment_shown))
		return KR_EINVAL;
	const char *problem, *code;
	int64_t id;
	err = stories_comment_add(app_db(r), &r->app->keys, &r->arena, r->user_id, v->s.id,
				  v->comment_body, v->comment_shown, time_now(), &id, &code,
				  &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, comment_field_of(problem), _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	if (code) {
		fp->answered = true;
		return comment_code_page(r, v, code);
	}
	fp->done = arena_printf(&r->arena, "%s/%lld?done=commented#comments", v->at.base,
				(long long)v->s.id);
	return KR_OK;
}

int
page_stories_comment_post(struct request *r)
{
	static const struct form_page_ops ops = { comment_save, story_render };
	struct story_view v = { 0 };
	return form_page_post(r, &ops, &v);
}

/* ---- one comment: edit, delete, hide ---- */

enum comment_action { CACT_EDIT, CACT_DELETE, CACT_HIDE };

struct comment_view {
	struct story_view v;
	struct story_comment m;
	enum comment_action act;
	const char *body, *reason;
};

/* The comment of the route's {cid} under the story, if the reader may do act: their own (or
 * one with a claim code, checked when the form is sent), or as a moderator. */
static int
comment_load(struct request *r, struct comment_view *cv)
{
	int err = story_load(r, &cv->v);
	if (!err && !stories_may_read(app_db(r), &r->app->keys, r->user_id, &cv->v.s))
		err = KR_ENOTFOUND;
	long cid;
	if (!err && str_to_long(r->params[2], 1, INT64_MAX, &cid))
		err = KR_ENOTFOUND;
	if (!err)
		err = stories_comment_get(app_db(r), &r->app->keys, &r->arena, cid, r->user_id,
					  cv->v.at.team, &cv->m);
	if (!err && cv->m.story_id != cv->v.s.id)
		err = KR_ENOTFOUND;
	if (!err && cv->act == CACT_HIDE && !cv->v.at.team)
		err = KR_ENOTFOUND;
	if (!err && cv->act != CACT_HIDE && !(cv->m.mine || cv->m.has_code))
		err = KR_ENOTFOUND;
	return err;
}

static int
comment_form_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct comment_view *cv = fp->values;
	static const char *const titles[] = { N_("Edit your comment"), N_("Delete your comment"),
					      N_("Hide or show a comment") };
	const char *title = _(titles[cv->act]);
	const char *story =
	    arena_printf(&r->arena, "%s/%lld", cv->v.at.base, (long long)cv->v.s.id);
	struct crumb crumbs[5];
	const struct page pg = {
		.title = title,
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &cv->v.at, crumbs, cv->v.s.title, story, title),
		.has_errors = fp->nproblems > 0,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	static const char *const actions[] = { "edit", "delete", "hide" };
	form_begin(o, comment_href(r, &cv->v, &cv->m, actions[cv->act]), r->csrf_token);
	if (cv->act == CACT_EDIT) {
		comment_body_field(r, cv->body, form_problem_of(fp, "body"));
	} else if (cv->act == CACT_DELETE) {
		html_fmt(o, "<p>%s</p>\n",
			 _("Your comment is deleted at once, and cannot be brought back."));
	} else {
		html_lit(o, "<h2>");
		write_commenter(o, &cv->m);
		html_lit(o, "</h2>\n");
		if (cv->m.body[0]) {
			html_fmt(o, "<div class=\"post-body\" lang=\"%s\">\n",
				 cv->v.at.org.content_lang);
			markdown_html(o, cv->m.body, strlen(cv->m.body), 3);
			html_lit(o, "</div>\n");
		}
		if (cv->m.hidden) {
			html_fmt(o, "<p>%s <span lang=\"%s\">%s</span></p>\n",
				 _("The comment is hidden. The reason its writer sees:"),
				 cv->v.at.org.content_lang, cv->m.hidden);
			hidden(o, "action", "restore");
		} else {
			html_fmt(o, "<p>%s</p>\n",
				 _("Readers then see only that the moderators hid it. Its writer "
				   "sees your reason; nobody sees who hid it."));
			hidden(o, "action", "hide");
			form_input(o, &(struct form_field){
					  .name = "reason",
					  .label = _("Reason"),
					  .hint = _("At most 500 characters. Say which guideline "
						    "the comment goes against."),
					  .value = cv->reason ? cv->reason : "",
					  .multiline = true,
					  .error = form_problem_of(fp, "reason") });
		}
	}
	if (cv->m.has_code && cv->act != CACT_HIDE)
		form_input(o, &(struct form_field){
				  .name = "code",
				  .label = _("Claim code"),
				  .hint = _("The code you were given when you placed the comment."),
				  .value = "",
				  .autocomplete = "off",
				  .maxlength = 64,
				  .error = form_problem_of(fp, "code") });
	const char *button = cv->act == CACT_EDIT     ? _("Save")
			     : cv->act == CACT_DELETE ? _("Yes, delete")
			     : cv->m.hidden	      ? _("Show the comment again")
						      : _("Hide the comment");
	form_submit(o, button);
	form_end(o);
	html_fmt(o, "<p><a href=\"%s#comments\">%s</a></p>\n", story, _("Back to the story"));
	view_end(r);
	return KR_OK;
}

static int
comment_form_show(struct request *r, enum comment_action act)
{
	static const struct form_page_ops ops = { NULL, comment_form_render };
	struct comment_view cv = { .act = act };
	int err = comment_load(r, &cv);
	if (err)
		return err;
	if (act == CACT_EDIT && cv.m.hidden)
		return KR_ENOTFOUND;
	cv.body = cv.m.body;
	return form_page_show(r, &ops, &cv);
}

static int
comment_form_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct comment_view *cv = fp->values;
	int err = comment_load(r, cv);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	const struct keys *k = &r->app->keys;
	const char *code = req_form(r, "code"), *problem = NULL, *done;
	cv->body = cv->m.body;
	if (cv->act == CACT_EDIT) {
		if (!(cv->body = req_form(r, "body")))
			return KR_EINVAL;
		err = stories_comment_edit(c, k, r->user_id, cv->m.id, cv->body, code, &problem);
		done = "c-edited";
	} else if (cv->act == CACT_DELETE) {
		err = stories_comment_delete(c, k, r->user_id, cv->m.id, code, &problem);
		done = "c-deleted";
	} else {
		const char *action = req_form(r, "action");
		bool hide = action && strcmp(action, "hide") == 0;
		if (!hide && !(action && strcmp(action, "restore") == 0))
			return KR_EINVAL;
		cv->reason = req_form(r, "reason");
		err = stories_comment_moderate(c, r->user_id, cv->m.id, hide,
					       cv->reason ? cv->reason : "", &problem);
		done = hide ? "c-hidden" : "c-restored";
	}
	if (err == KR_EINVAL && problem) {
		form_problem(fp, comment_field_of(problem), _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(
	    &r->arena, "%s/%lld?done=%s#%s", cv->v.at.base, (long long)cv->v.s.id, done,
	    cv->act == CACT_DELETE ? "comments"
				   : arena_printf(&r->arena, "c%lld", (long long)cv->m.seq));
	return KR_OK;
}

static int
comment_form_post(struct request *r, enum comment_action act)
{
	static const struct form_page_ops ops = { comment_form_save, comment_form_render };
	struct comment_view cv = { .act = act };
	return form_page_post(r, &ops, &cv);
}

int
page_stories_comment_edit(struct request *r)
{
	return comment_form_show(r, CACT_EDIT);
}

int
page_stories_comment_edit_post(struct request *r)
{
	return comment_form_post(r, CACT_EDIT);
}

int
page_stories_comment_delete(struct request *r)
{
	return comment_form_show(r, CACT_DELETE);
}

int
page_stories_comment_delete_post(struct request *r)
{
	return comment_form_post(r, CACT_DELETE);
}

int
page_stories_comment_hide(struct request *r)
{
	return comment_form_show(r, CACT_HIDE);
}

int
page_stories_comment_hide_post(struct request *r)
{
	return comment_form_post(r, CACT_HIDE);
}

/* ---- pinning on the network's page ---- */

static void
write_pin_form(struct request *r, const struct story_view *v)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("The network's page"));
	html_fmt(o, "<p>%s</p>\n",
		 v->s.pinned ? _("This story is pinned on the network's page.")
			     : _("Pin the story on the network's page, so that it does not "
				 "scroll away. A withdrawn story drops off by itself."));
	form_begin(o, arena_printf(&r->arena, "%s/%lld/pin", v->at.base, (long long)v->s.id),
		   r->csrf_token);
	hidden(o, "pinned", v->s.pinned ? "0" : "1");
	form_submit(o, v->s.pinned ? _("Unpin from the network's page")
				   : _("Pin on the network's page"));
	form_end(o);
}

int
page_stories_pin_post(struct request *r)
{
	struct story_view v;
	int err = story_load(r, &v);
	if (!err && !stories_may_read(app_db(r), &r->app->keys, r->user_id, &v.s))
		err = KR_ENOTFOUND;
	if (!err && !v.at.team)
		err = KR_EFORBIDDEN;
	if (err)
		return err;
	const char *val = req_form(r, "pinned");
	bool pin = val && strcmp(val, "1") == 0;
	if (!pin && !(val && strcmp(val, "0") == 0))
		return KR_EINVAL;
	const char *problem;
	if ((err = stories_set_pinned(app_db(r), r->user_id, v.s.id, pin, &problem)))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s/%lld?done=%s", v.at.base, (long long)v.s.id,
				      pin ? "pinned" : "unpinned"));
	return KR_OK;
}

/* ---- writing a story ---- */

struct writing_view {
	struct stories_at at;
	struct story_writing w;
};

static const char *
field_of(const char *problem)
{
	if (problem == story_problem_title_empty || problem == story_problem_title_long)
		return "title";
	if (problem == story_problem_note_long)
		return "content_note";
	if (problem == story_problem_no_pseudonym)
		return "shown";
	if (problem == story_problem_interview)
		return "kind";
	if (problem == story_problem_code_wrong)
		return "code";
	if (problem == story_problem_consent)
		return "consent";
	if (problem == story_problem_review_empty || problem == story_problem_review_long)
		return "note";
	return "body";
}

static void
text_fields(struct request *r, const struct form_page *fp, const struct story_writing *w)
{
	struct strbuf *o = &r->out;
	form_input(o, &(struct form_field){ .name = "title",
					    .label = _("Title"),
					    .hint = _("At most 150 characters."),
					    .value = w->title,
					    .maxlength = STORY_TITLE_MAX * 4,
					    .error = form_problem_of(fp, "title") });
	form_input(o, &(struct form_field){
			  .name = "content_note",
			  .label = _("Content note (optional)"),
			  .hint = _("For example \"about suicide\" or \"about a hospital stay\". "
				    "Readers see it first, and open the text themselves."),
			  .value = w->content_note,
			  .maxlength = STORY_NOTE_MAX * 4,
			  .error = form_problem_of(fp, "content_note") });
	form_input(o, &(struct form_field){
			  .name = "body",
			  .label = _("Your story"),
			  .hint = _("At most 50,000 characters. You can use Markdown: *italic*, "
				    "**bold**, lists and links. Do not name a diagnosis unless you "
				    "want readers to know it."),
			  .value = w->body,
			  .multiline = true,
			  .error = form_problem_of(fp, "body") });
	const struct form_option aud[] = {
		{ "members", _("The network's members"), NULL, NULL, NULL },
		{ "organisation", _("Everyone in the organisation"),
		  _("Colleagues who are not members can read it too."), NULL, NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "audience",
					      .legend = _("Who may read it?"),
					      .options = aud,
					      .noptions = ARRAY_SIZE(aud),
					      .error = form_problem_of(fp, "audience"),
					      .selected = story_audience_name(w->audience) });
}

static int
new_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct writing_view *v = fp->values;
	struct crumb crumbs[5];
	const struct page pg = {
		.title = _("Write a story"),
		.lead = _("Tell what working with your condition is like, what helped, what you "
			  "would like colleagues to know. The core team reads it first; it is "
			  "published only when you agree."),
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &v->at, crumbs, NULL, NULL, _("Write a story")),
		.has_errors = fp->nproblems > 0,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, arena_printf(&r->arena, "%s/new", v->at.base), r->csrf_token);
	if (v->at.team) {
		const struct form_option kinds[] = {
			{ "story", _("An experience story"), NULL, NULL, NULL },
			{ "interview", _("An interview"),
			  _("For example with a manager. Only the core team writes interviews; "
			    "the person interviewed agrees to the text first."),
			  NULL, NULL },
		};
		form_radios(o, &(struct form_choice){ .name = "kind",
						      .legend = _("What kind of story?"),
						      .options = kinds,
						      .noptions = ARRAY_SIZE(kinds),
						      .error = form_problem_of(fp, "kind"),
						      .selected = story_kind_name(v->w.kind) });
	}
	text_fields(r, fp, &v->w);
	const struct form_option shown[] = {
		{ "name", _("With my name"), _("Readers see your name."), NULL, NULL },
		{ "pseudonym", _("With my pseudonym in this network"),
		  _("Readers see the pseudonym you use in this network, never your name."), NULL,
		  NULL },
		{ "anonymous", _("Anonymously"),
		  _("Readers see \"Anonymous\". Nobody using Kring can see it is you, not the core "
		    "team, HR or the administrators. Someone who has both the database and the "
		    "server's key file could find it out."),
		  NULL, NULL },
		{ "only-me", _("Anonymously, and only I can ever link this"),
		  _("As anonymously, and even someone with the database and the key file cannot "
		    "find out it is you. You get a claim code to keep: without it you cannot "
		    "change, publish, withdraw or claim this story."),
		  NULL, NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "shown",
					      .legend = _("How does the story appear?"),
					      .options = shown,
					      .noptions = ARRAY_SIZE(shown),
					      .error = form_problem_of(fp, "shown"),
					      .selected = story_shown_name(v->w.shown) });
	form_submit(o, _("Save as draft"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

/* The member's way of appearing in the network, as the choice a form starts with. */
static enum story_shown
default_shown(struct request *r, int64_t network_id)
{
	struct membership m;
	if (members_get(app_db(r), &r->app->keys, &r->arena, r->user_id, network_id, 0, &m) !=
	    KR_OK)
		return STORY_ANONYMOUS;
	return m.choice.appearance == APPEAR_VISIBLE	 ? STORY_NAME
	       : m.choice.appearance == APPEAR_PSEUDONYM ? STORY_PSEUDONYM
							 : STORY_ANONYMOUS;
}

static int
member_load(struct request *r, struct stories_at *at)
{
	int err = at_load(r, at);
	return err ? err : at->member ? KR_OK : KR_ENOTFOUND;
}

int
page_stories_new(struct request *r)
{
	static const struct form_page_ops ops = { NULL, new_render };
	struct writing_view v = { 0 };
	int err = member_load(r, &v.at);
	if (err)
		return err;
	v.w = (struct story_writing){
		.title = "", .content_note = "", .body = "", .shown = default_shown(r, v.at.nw.id)
	};
	return form_page_show(r, &ops, &v);
}

/* Reads title, note, text and audience; false when the audience is not one of the two. */
static bool
read_text(struct request *r, struct story_writing *w)
{
	const char *t = req_form(r, "title"), *n = req_form(r, "content_note"),
		   *b = req_form(r, "body");
	w->title = t ? t : "";
	w->content_note = n ? n : "";
	w->body = b ? b : "";
	return story_audience_parse(req_form(r, "audience"), &w->audience);
}

/* The page that shows a claim code once. */
static int
code_page(struct request *r, const struct stories_at *at, const char *code)
{
	struct crumb crumbs[5];
	const struct page pg = { .title = _("Keep your claim code"),
				 .notice = _("Your story is saved as a draft."),
				 .crumbs = crumbs,
				 .ncrumbs = crumbs_of(r, at, crumbs, NULL, NULL,
						      _("Keep your claim code")) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n",
		 _("Only you can link this story to yourself, with this code. Write it down or "
		   "keep it in a password manager now: Kring shows it only this once and cannot "
		   "make it again."));
	html_fmt(o, "<p class=\"claim-code\"><code>%s</code></p>\n", code);
	html_fmt(o, "<p>%s</p>\n",
		 _("You need the code for every step: to change the story, send it to the core "
		   "team, agree to its publication, withdraw it or claim it later. Type it on the "
		   "page of the network's stories."));
	html_fmt(o, "<p><a href=\"%s#code\">%s</a></p>\n",
		 arena_printf(&r->arena, "%s/mine", at->base), _("Open your story with the code"));
	view_end(r);
	return KR_OK;
}

static int
new_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct writing_view *v = fp->values;
	int err = member_load(r, &v->at);
	if (err)
		return err;
	const char *kind = req_form(r, "kind");
	v->w.kind = STORY_EXPERIENCE;
	if ((kind && !story_kind_parse(kind, &v->w.kind)) ||
	    !story_shown_parse(req_form(r, "shown"), &v->w.shown) || !read_text(r, &v->w))
		return KR_EINVAL;
	const char *problem, *code;
	int64_t id;
	err = stories_create(app_db(r), &r->app->keys, &r->arena, r->user_id, v->at.nw.id, &v->w,
			     time_now(), &id, &code, &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, field_of(problem), _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	if (code) {
		fp->answered = true;
		return code_page(r, &v->at, code);
	}
	fp->done = arena_printf(&r->arena, "%s/%lld/write?done=created", v->at.base, (long long)id);
	return KR_OK;
}

int
page_stories_new_post(struct request *r)
{
	static const struct form_page_ops ops = { new_save, new_render };
	struct writing_view v = { 0 };
	return form_page_post(r, &ops, &v);
}

/* ---- the writer's own stories ---- */

struct mine_view {
	struct stories_at at;
};

static int
mine_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct mine_view *v = fp->values;
	struct story *ss;
	size_t n;
	int err =
	    stories_mine(app_db(r), &r->app->keys, &r->arena, r->user_id, v->at.nw.id, &ss, &n);
	if (err)
		return err;
	struct crumb crumbs[5];
	const struct page pg = {
		.title = _("Your stories"),
		.lead = _("Only you see this list. Stories for which you chose \"only I can ever "
			  "link this\" are not in it: open them with their code below."),
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &v->at, crumbs, NULL, NULL, _("Your stories")),
		.notice = fp->nproblems ? NULL : notice_of(r),
		.has_errors = fp->nproblems > 0,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	if (n == 0) {
		html_fmt(o, "<p>%s</p>\n", _("You have not written a story in this network yet."));
	} else {
		html_lit(o, "<ul class=\"stories-mine\">\n");
		for (size_t i = 0; i < n; i++) {
			html_fmt(o, "<li><a href=\"%s/%lld/write\" lang=\"%s\">%s</a> · %s · ",
				 v->at.base, (long long)ss[i].id, v->at.org.content_lang,
				 ss[i].title, _(story_state_label(ss[i].state)));
			write_by(r, &ss[i]);
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<p><a href=\"%s/new\">%s</a></p>\n", v->at.base, _("Write a story"));
	code_form(r, &v->at, form_problem_of(fp, "code"));
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("When you leave"),
		 _("When you delete your account, your stories with your name or pseudonym are "
		   "deleted. A published anonymous story stays, and nothing ties it to you any "
		   "more: delete it first if you want it gone."));
	view_end(r);
	return KR_OK;
}

int
page_stories_mine(struct request *r)
{
	static const struct form_page_ops ops = { NULL, mine_render };
	struct mine_view v;
	int err = member_load(r, &v.at);
	return err ? err : form_page_show(r, &ops, &v);
}

/* ---- the writer's page of one story ---- */

enum writer_action {
	ACT_OPEN,
	ACT_SAVE,
	ACT_SUBMIT,
	ACT_CONSENT,
	ACT_WITHDRAW,
	ACT_CLAIM,
	ACT_DELETE
};
static const char *const action_names[] = { "open",	"save",	 "submit", "consent",
					    "withdraw", "claim", "delete" };

struct writer_view {
	struct stories_at at;
	struct story s;
	struct story_writing w; /* the edit form's values */
	const char *code;	/* an "only I" story's code, carried in every form */
	bool unlocked;		/* the writer is known (by account, or by the right code) */
	const char *notice;
};

static void
action_form(struct request *r, const struct writer_view *v, enum writer_action act,
	    const char *button)
{
	struct strbuf *o = &r->out;
	form_begin(o, arena_printf(&r->arena, "%s/%lld/write", v->at.base, (long long)v->s.id),
		   r->csrf_token);
	hidden(o, "action", action_names[act]);
	hidden(o, "code", v->code);
	form_submit(o, button);
	form_end(o);
}

static bool
editable(enum story_state s)
{
	return s == STORY_DRAFT || s == STORY_CHANGES || s == STORY_WITHDRAWN;
}

static int
writer_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct writer_view *v = fp->values;
	struct crumb crumbs[5];
	const char *mine = arena_printf(&r->arena, "%s/mine", v->at.base);
	const struct page pg = {
		.title = _("Your story"),
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &v->at, crumbs, _("Your stories"), mine, _("Your story")),
		.notice = fp->nproblems ? NULL
			  : v->notice	? v->notice
					: notice_of(r),
		.has_errors = fp->nproblems > 0,
	};
	crumbs[3].lang = NULL;
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	const char *self = arena_printf(&r->arena, "%s/%lld/write", v->at.base, (long long)v->s.id);
	if (!v->unlocked) {
		html_fmt(o, "<p>%s</p>\n", _("This story is opened with its claim code."));
		form_begin(o, self, r->csrf_token);
		hidden(o, "action", "open");
		form_input(o, &(struct form_field){ .name = "code",
						    .label = _("Claim code"),
						    .value = "",
						    .autocomplete = "off",
						    .maxlength = 64,
						    .error = form_problem_of(fp, "code") });
		form_submit(o, _("Open my story"));
		form_end(o);
		view_end(r);
		return KR_OK;
	}
	const struct story *s = &v->s;
	html_fmt(o, "<h2 lang=\"%s\">%s</h2>\n", v->at.org.content_lang, s->title);
	html_fmt(o, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", _("State"),
		 _(story_state_label(s->state)), _("Appears"));
	write_by(r, s);
	html_fmt(o, "</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n", _("Readers"),
		 audience_label(s->audience));
	if (s->review_note[0] && (s->state == STORY_CHANGES || s->state == STORY_APPROVED))
		html_fmt(o, "<h2>%s</h2>\n<p class=\"review-note\" lang=\"%s\">%s</p>\n",
			 _("What the core team wrote"), v->at.org.content_lang, s->review_note);
	if (s->state == STORY_PUBLISHED)
		html_fmt(o, "<p><a href=\"%s/%lld\">%s</a></p>\n", v->at.base, (long long)s->id,
			 _("Read the published story, with its reactions and readers"));
	if (s->state == STORY_APPROVED) {
		html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Publish"),
			 _("The core team approved your story. It is published only when you "
			   "agree. Read it once more below."));
		form_begin(o, self, r->csrf_token);
		hidden(o, "action", "consent");
		hidden(o, "code", v->code);
		if (form_problem_of(fp, "consent"))
			html_fmt(o, "<p class=\"error-message\">%s</p>\n",
				 form_problem_of(fp, "consent"));
		form_checkbox(o, "consent",
			      s->kind == STORY_INTERVIEW
				  ? _("I agree that this interview is published, and the person "
				      "interviewed agreed to this text.")
				  : _("I agree that this story is published."),
			      audience_label(s->audience), false);
		form_submit(o, _("Publish the story"));
		form_end(o);
	}
	if (s->state == STORY_SUBMITTED)
		html_fmt(o, "<p>%s</p>\n",
			 _("The core team reads your story. You can withdraw it until it is "
			   "published, and after."));
	if (editable(s->state)) {
		html_fmt(o, "<h2>%s</h2>\n", _("Change the story"));
		form_begin(o, self, r->csrf_token);
		hidden(o, "action", "save");
		hidden(o, "code", v->code);
		text_fields(r, fp, &v->w);
		form_submit(o, _("Save the changes"));
		form_end(o);
		html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Send to the core team"),
			 _("The core team reads it, and approves it or asks for changes. Nothing "
			   "is published without your consent."));
		action_form(r, v, ACT_SUBMIT, _("Send to the core team"));
	} else {
		html_fmt(o, "<h2>%s</h2>\n", _("The text"));
		if (s->content_note[0])
			html_fmt(o, "<p class=\"content-note\"><strong>%s</strong> %s</p>\n",
				 _("Content note:"), s->content_note);
		write_body(r, &v->at, s);
	}
	if (s->state == STORY_SUBMITTED || s->state == STORY_APPROVED ||
	    s->state == STORY_PUBLISHED) {
		html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Withdraw"),
			 _("Withdrawing takes effect at once: nobody can read the story any more. "
			   "You can change it and send it again later."));
		action_form(r, v, ACT_WITHDRAW, _("Withdraw the story now"));
	}
	if (s->shown == STORY_ANONYMOUS || s->shown == STORY_ONLY_ME) {
		html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Claim as yours"),
			 _("From now on the story shows your name or your pseudonym instead of "
			   "\"Anonymous\". This cannot be undone."));
		form_begin(o, self, r->csrf_token);
		hidden(o, "action", "claim");
		hidden(o, "code", v->code);
		const struct form_option opts[] = {
			{ "name", _("With my name"), NULL, NULL, NULL },
			{ "pseudonym", _("With my pseudonym in this network"), NULL, NULL, NULL },
		};
		form_radios(o, &(struct form_choice){ .name = "as",
						      .legend = _("How should it appear?"),
						      .options = opts,
						      .noptions = ARRAY_SIZE(opts),
						      .error = form_problem_of(fp, "as"),
						      .selected = "name" });
		form_submit(o, _("Claim the story"));
		form_end(o);
	}
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Delete"),
		 _("Deleting erases the story with its reactions and reader counts. It cannot be "
		   "brought back."));
	action_form(r, v, ACT_DELETE, _("Delete the story for good"));
	view_end(r);
	return KR_OK;
}

static int
writer_load(struct request *r, struct writer_view *v)
{
	int err = at_load(r, &v->at);
	if (!err && !v->at.member)
		err = KR_ENOTFOUND;
	if (!err)
		err = stories_get(app_db(r), &r->app->keys, &r->arena, v->at.id, r->user_id, &v->s);
	if (!err && (v->s.network_id != v->at.nw.id || !(v->s.mine || v->s.has_code)))
		err = KR_ENOTFOUND;
	if (!err) {
		v->unlocked = v->s.mine;
		v->w = (struct story_writing){ .kind = v->s.kind,
					       .shown = v->s.shown,
					       .audience = v->s.audience,
					       .title = v->s.title,
					       .content_note = v->s.content_note,
					       .body = v->s.body };
	}
	return err;
}

int
page_stories_write(struct request *r)
{
	static const struct form_page_ops ops = { NULL, writer_render };
	struct writer_view v = { 0 };
	int err = writer_load(r, &v);
	return err ? err : form_page_show(r, &ops, &v);
}

/* Runs the action the form names; for an "only I" story, a later page shows the story again
 * with its code instead of redirecting (the code is not in any address). */
static int
writer_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct writer_view *v = fp->values;
	int err = writer_load(r, v);
	if (err)
		return err;
	int act = ACT_OPEN;
	const char *name = req_form(r, "action");
	bool known = false;
	for (size_t i = 0; name && i < ARRAY_SIZE(action_names); i++)
		if (strcmp(name, action_names[i]) == 0) {
			act = (int)i;
			known = true;
		}
	if (!known)
		return KR_EINVAL;
	struct db_conn *c = app_db(r);
	const struct keys *k = &r->app->keys;
	const char *problem = NULL;
	v->code = v->s.has_code ? req_form(r, "code") : NULL;
	int64_t id = v->s.id;
	switch ((enum writer_action)act) {
	case ACT_OPEN:
		if (!v->s.has_code)
			return KR_EINVAL;
		err = stories_open(c, k, r->user_id, id, v->code, &problem);
		break;
	case ACT_SAVE:
		if (!read_text(r, &v->w))
			return KR_EINVAL;
		err = stories_edit(c, k, r->user_id, id, &v->w, v->code, &problem);
		break;
	case ACT_SUBMIT:
		err = stories_submit(c, k, r->user_id, id, v->code, &problem);
		break;
	case ACT_CONSENT: {
		const char *yes = req_form(r, "consent");
		err = stories_consent(c, k, r->user_id, id, yes && strcmp(yes, "1") == 0, v->code,
				      time_now(), &problem);
		break;
	}
	case ACT_WITHDRAW:
		err = stories_withdraw(c, k, r->user_id, id, v->code, &problem);
		break;
	case ACT_CLAIM: {
		enum story_shown as;
		if (!story_shown_parse(req_form(r, "as"), &as) ||
		    (as != STORY_NAME && as != STORY_PSEUDONYM))
			return KR_EINVAL;
		err = stories_claim(c, k, r->user_id, id, as, v->code, &problem);
		break;
	}
	case ACT_DELETE:
		err = stories_delete(c, k, r->user_id, id, v->code, &problem);
		break;
	}
	if (err == KR_EINVAL && problem) {
		if (problem == story_problem_code_wrong)
			v->code = NULL;
		else
			v->unlocked = true;
		form_problem(fp, field_of(problem), _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	static const char *const done[] = { "open",	 "saved",   "submitted", "published",
					    "withdrawn", "claimed", "deleted" };
	if (act == ACT_DELETE) {
		fp->done = arena_printf(&r->arena, "%s/mine?done=deleted", v->at.base);
		return KR_OK;
	}
	if (!v->s.has_code || act == ACT_CLAIM) {
		fp->done = arena_printf(&r->arena, "%s/%lld/write?done=%s", v->at.base,
					(long long)id, done[act]);
		return KR_OK;
	}
	/* An "only I" story: show it again, with its code in the forms. */
	if ((err = stories_get(c, k, &r->arena, id, r->user_id, &v->s)))
		return err;
	v->unlocked = true;
	v->w.title = v->s.title;
	v->w.content_note = v->s.content_note;
	v->w.body = v->s.body;
	v->w.audience = v->s.audience;
	if (act != ACT_OPEN)
		v->notice = notice_of_key(done[act]);
	fp->answered = true;
	return writer_render(fp);
}

int
page_stories_write_post(struct request *r)
{
	static const struct form_page_ops ops = { writer_save, writer_render };
	struct writer_view v = { 0 };
	return form_page_post(r, &ops, &v);
}

/* ---- opening an "only I" story by its code alone ---- */

static int
code_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct mine_view *mv = fp->values;
	int err = member_load(r, &mv->at);
	if (err)
		return err;
	const char *code = req_form(r, "code"), *problem;
	int64_t id;
	err = stories_by_code(app_db(r), &r->app->keys, &r->arena, r->user_id, mv->at.nw.id, code,
			      &id, &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, "code", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	struct writer_view v = { .at = mv->at, .code = code, .unlocked = true };
	if ((err = stories_get(app_db(r), &r->app->keys, &r->arena, id, r->user_id, &v.s)))
		return err;
	v.w = (struct story_writing){ .kind = v.s.kind,
				      .shown = v.s.shown,
				      .audience = v.s.audience,
				      .title = v.s.title,
				      .content_note = v.s.content_note,
				      .body = v.s.body };
	fp->answered = true;
	struct form_page wfp = { .r = r, .values = &v };
	return writer_render(&wfp);
}

int
page_stories_code_post(struct request *r)
{
	static const struct form_page_ops ops = { code_save, mine_render };
	struct mine_view v;
	return form_page_post(r, &ops, &v);
}

/* ---- the core team: the queue, the most read, one review ---- */

static int
team_load(struct request *r, struct stories_at *at)
{
	int err = at_load(r, at);
	return err ? err : at->team ? KR_OK : KR_ENOTFOUND;
}

static int
most_read_table(struct request *r, const struct stories_at *at, int64_t month, const char *caption)
{
	struct story_read_count *rc;
	size_t n;
	int err = stories_most_read(app_db(r), &r->arena, at->nw.id, month, &rc, &n);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", caption);
	if (!n) {
		html_fmt(o, "<p>%s</p>\n", _("No story was read in this month."));
		return KR_OK;
	}
	view_table_begin(r, caption);
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		 "</thead>\n<tbody>\n",
		 _("Story"), _("Unique readers"));
	for (size_t i = 0; i < n; i++)
		html_fmt(o, "<tr><td><a href=\"%s/%lld\" lang=\"%s\">%s</a></td><td>%s</td></tr>\n",
			 at->base, (long long)rc[i].s.id, at->org.content_lang, rc[i].s.title,
			 figure(r, rc[i].readers));
	html_lit(o, "</tbody>\n</table>\n</div>\n");
	return KR_OK;
}

int
page_stories_review_list(struct request *r)
{
	struct stories_at at;
	int err = team_load(r, &at);
	if (err)
		return err;
	struct story *ss;
	size_t n;
	if ((err = stories_queue(app_db(r), &r->arena, at.nw.id, &ss, &n)))
		return err;
	struct crumb crumbs[5];
	const struct page pg = {
		.title = _("Stories to review"),
		.lead = _("Read what members sent, approve it or ask for changes. A story is "
			  "published only when its writer agrees after your approval."),
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &at, crumbs, NULL, NULL, _("Stories to review")),
		.notice = notice_of(r),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Waiting for the core team"));
	if (!n) {
		html_fmt(o, "<p>%s</p>\n", _("No story waits for a review."));
	} else {
		html_lit(o, "<ul class=\"stories\">\n");
		for (size_t i = 0; i < n; i++) {
			html_fmt(o, "<li><a href=\"%s/%lld/review\" lang=\"%s\">%s</a> · ", at.base,
				 (long long)ss[i].id, at.org.content_lang, ss[i].title);
			write_by(r, &ss[i]);
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ul>\n");
	}
	int64_t month = stories_month(time_now());
	err = most_read_table(r, &at, month, _("Most read this month"));
	if (!err)
		err =
		    most_read_table(r, &at, stories_month_before(month), _("Most read last month"));
	if (err)
		return err;
	view_end(r);
	return KR_OK;
}

struct review_view {
	struct stories_at at;
	struct story s;
	const char *decision, *note;
};

static int
review_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct review_view *v = fp->values;
	struct crumb crumbs[5];
	const char *list = arena_printf(&r->arena, "%s/review", v->at.base);
	const struct page pg = {
		.title = v->s.title,
		.content_lang = v->at.org.content_lang,
		.crumbs = crumbs,
		.ncrumbs = crumbs_of(r, &v->at, crumbs, _("Stories to review"), list, _("Review")),
		.has_errors = fp->nproblems > 0,
	};
	crumbs[3].lang = NULL;
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	write_meta(r, &v->s, false, v->at.org.content_lang);
	html_fmt(o, "<p>%s %s</p>\n", _("State:"), _(story_state_label(v->s.state)));
	write_body(r, &v->at, &v->s);
	if (v->s.state == STORY_SUBMITTED) {
		html_fmt(o, "<h2>%s</h2>\n", _("Your review"));
		form_begin(
		    o, arena_printf(&r->arena, "%s/%lld/review", v->at.base, (long long)v->s.id),
		    r->csrf_token);
		const struct form_option opts[] = {
			{ "approve", _("Approve"),
			  _("The writer then decides whether it is published."), NULL, NULL },
			{ "changes", _("Ask for changes"),
			  _("Write below what the writer should change."), NULL, NULL },
		};
		form_radios(o, &(struct form_choice){ .name = "decision",
						      .legend = _("Your decision"),
						      .options = opts,
						      .noptions = ARRAY_SIZE(opts),
						      .error = form_problem_of(fp, "decision"),
						      .selected = v->decision });
		form_input(o, &(struct form_field){
				  .name = "note",
				  .label = _("Note to the writer"),
				  .hint = _("Needed when you ask for changes. At most 2,000 "
					    "characters. The writer sees it; nobody else does."),
				  .value = v->note,
				  .multiline = true,
				  .error = form_problem_of(fp, "note") });
		form_submit(o, _("Send the review"));
		form_end(o);
	}
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", list, _("Back to the stories to review"));
	view_end(r);
	return KR_OK;
}

static int
review_load(struct request *r, struct review_view *v)
{
	int err = team_load(r, &v->at);
	if (!err)
		err = stories_get(app_db(r), &r->app->keys, &r->arena, v->at.id, 0, &v->s);
	/* The core team sees what was sent to it, never a draft. */
	if (!err && (v->s.network_id != v->at.nw.id || v->s.state == STORY_DRAFT))
		err = KR_ENOTFOUND;
	return err;
}

int
page_stories_review(struct request *r)
{
	static const struct form_page_ops ops = { NULL, review_render };
	struct review_view v = { .decision = NULL, .note = "" };
	int err = review_load(r, &v);
	return err ? err : form_page_show(r, &ops, &v);
}

static int
review_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct review_view *v = fp->values;
	int err = review_load(r, v);
	if (err)
		return err;
	v->decision = req_form(r, "decision");
	v->note = req_form(r, "note");
	if (!v->note)
		v->note = "";
	if (!v->decision ||
	    (strcmp(v->decision, "approve") != 0 && strcmp(v->decision, "changes") != 0)) {
		form_problem(fp, "decision", _("Choose: approve, or ask for changes."));
		return KR_OK;
	}
	const char *problem;
	err = stories_review(app_db(r), r->user_id, v->s.id, strcmp(v->decision, "approve") == 0,
			     v->note, &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, field_of(problem), _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "%s/review?done=reviewed", v->at.base);
	return KR_OK;
}

int
page_stories_review_post(struct request *r)
{
	static const struct form_page_ops ops = { review_save, review_render };
	struct review_view v = { .note = "" };
	return form_page_post(r, &ops, &v);
}

/* ---- hooks ---- */

/* The network's page: the stories its core team pinned and its newest stories the reader may
 * read, calmly (fewer in low-stimulus mode, without content notes' wording repeated). Nothing about
 * the reader shows. */
int
stories_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	struct db_conn *c = app_db(r);
	if (!c || r->user_id <= 0)
		return KR_OK;
	bool member = stories_may_write(c, &r->app->keys, r->user_id, nw->id);
	bool calm = r->prefs.low_stimulus;
	struct story *ss;
	size_t n;
	bool more;
	struct story *pins;
	size_t npins;
	int err = stories_pinned(c, &r->arena, nw->id, !member,
				 calm ? STORIES_PINNED_CALM : STORIES_PINNED, &pins, &npins);
	if (!err)
		err = stories_published(c, &r->arena, nw->id, !member, 0,
					calm ? STORIES_NEW_CALM : STORIES_NEW, &ss, &n, &more);
	if (err)
		return err;
	if (!n && !member)
		return KR_OK;
	struct strbuf *o = &r->out;
	const char *base = arena_printf(&r->arena, "/n/%s/stories", nw->slug);
	struct stories_at at = { .org = *org, .nw = *nw, .base = base };
	if (npins) {
		html_fmt(o, "<h2>%s</h2>\n<ul class=\"stories\">\n", _("Pinned stories"));
		for (size_t i = 0; i < npins; i++)
			write_item(r, &at, &pins[i], calm);
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("New stories"));
	if (!n) {
		html_fmt(o, "<p>%s <a href=\"%s/new\">%s</a></p>\n", _("No stories yet."), base,
			 _("Write the first one"));
		return KR_OK;
	}
	html_lit(o, "<ul class=\"stories\">\n");
	for (size_t i = 0; i < n; i++)
		write_item(r, &at, &ss[i], calm);
	html_lit(o, "</ul>\n");
	html_fmt(o, "<p><a href=\"%s\">%s</a></p>\n", base, _("All stories"));
	return KR_OK;
}

int
stories_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	int64_t erased;
	int err = stories_close_months(c, ctx->now, &erased);
	if (!err && erased)
		retention_erased(ctx, "story reader hashes of closed months", erased);
	return err;
}

/* "My data": the person's own stories (an "only I" story is not found: nothing ties it),
 * their reactions and their comments. */
int
stories_my_data(struct my_data *md)
{
	struct story *ss;
	size_t n;
	int err = stories_mine(md->c, md->k, md->a, md->account_id, 0, &ss, &n);
	struct story_reaction_of *rs;
	size_t nr;
	if (!err)
		err = stories_reactions_of(md->c, md->k, md->a, md->account_id, &rs, &nr);
	struct story_comment *cs;
	size_t nc;
	if (!err)
		err = stories_comments_mine(md->c, md->k, md->a, md->account_id, 0, &cs, &nc);
	if (err)
		return err;
	if (md->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "network_id", json_integer(ss[i].network_id));
			json_object_set_new(j, "kind", json_string(story_kind_name(ss[i].kind)));
			json_object_set_new(j, "state", json_string(story_state_name(ss[i].state)));
			json_object_set_new(j, "shown", json_string(story_shown_name(ss[i].shown)));
			if (ss[i].shown == STORY_PSEUDONYM)
				json_object_set_new(j, "pseudonym", json_string(ss[i].author));
			json_object_set_new(j, "audience",
					    json_string(story_audience_name(ss[i].audience)));
			json_object_set_new(j, "title", json_string(ss[i].title));
			json_object_set_new(j, "content_note", json_string(ss[i].content_note));
			json_object_set_new(j, "text", json_string(ss[i].body));
			json_object_set_new(j, "review_note", json_string(ss[i].review_note));
			json_object_set_new(
			    j, "day",
			    json_integer(ss[i].created_hour - ss[i].created_hour % 86400));
			json_array_append_new(arr, j);
		}
		json_object_set_new(md->json, "stories", arr);
		arr = json_array();
		for (size_t i = 0; i < nr; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "story", json_string(rs[i].title));
			json_object_set_new(j, "reaction",
					    json_string(story_reaction_name(rs[i].kind)));
			json_array_append_new(arr, j);
		}
		json_object_set_new(md->json, "story_reactions", arr);
		arr = json_array();
		for (size_t i = 0; i < nc; i++) {
			json_t *j = json_object();
			json_object_set_new(j, "story", json_string(cs[i].title));
			json_object_set_new(j, "shown", json_string(story_shown_name(cs[i].shown)));
			if (cs[i].shown == STORY_PSEUDONYM)
				json_object_set_new(j, "pseudonym", json_string(cs[i].author));
			if (cs[i].label)
				json_object_set_new(j, "label", json_integer(cs[i].label));
			json_object_set_new(
			    j, "day",
			    json_integer(cs[i].created_hour - cs[i].created_hour % 86400));
			json_object_set_new(j, "text", json_string(cs[i].body));
			if (cs[i].hidden)
				json_object_set_new(j, "hidden_reason", json_string(cs[i].hidden));
			json_array_append_new(arr, j);
		}
		json_object_set_new(md->json, "story_comments", arr);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	html_fmt(o, "<h2>%s</h2>\n", _("Your experience stories"));
	if (!n) {
		html_fmt(o, "<p>%s</p>\n", _("You have not written a story."));
	} else {
		html_fmt(o, "<p>%s</p>\n",
			 _("Only you see your anonymous stories here. Stories for which you chose "
			   "\"only I can ever link this\" are not listed: nothing ties them to "
			   "you."));
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < n; i++) {
			const char *how = ss[i].shown == STORY_NAME ? _("with your name")
					  : ss[i].shown == STORY_PSEUDONYM
					      ? _("with your pseudonym")
					      : _("anonymously");
			html_fmt(o, "<li><strong>%s</strong> (%s, %s): %s</li>\n", ss[i].title, how,
				 _(story_state_label(ss[i].state)), ss[i].body);
		}
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Your reactions to stories"));
	if (!nr) {
		html_fmt(o, "<p>%s</p>\n", _("You have not reacted to a story."));
	} else {
		html_lit(o, "<ul>\n");
		for (size_t i = 0; i < nr; i++)
			html_fmt(o, "<li>%s: %s</li>\n", rs[i].title,
				 _(story_reaction_label(rs[i].kind)));
		html_lit(o, "</ul>\n");
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Your comments on stories"));
	if (!nc) {
		html_fmt(o, "<p>%s</p>\n", _("You have not commented on a story."));
		return KR_OK;
	}
	html_fmt(o, "<p>%s</p>\n",
		 _("Only you see your anonymous comments here. Comments for which you chose \"only "
		   "I can ever link this\" are not listed: nothing ties them to you."));
	html_lit(o, "<ul>\n");
	for (size_t i = 0; i < nc; i++) {
		html_fmt(o, "<li><strong>%s</strong> (", cs[i].title);
		if (cs[i].shown == STORY_NAME)
			html_fmt(o, "%s", _("with your name"));
		else if (cs[i].shown == STORY_PSEUDONYM)
			html_fmt(o, "%s", _("with your pseudonym"));
		else
			html_fmt(o, "%s %s %lld", _("anonymously, as"), _("Anonymous"),
				 (long long)cs[i].label);
		html_fmt(o, "): %s</li>\n", cs[i].body);
	}
	html_lit(o, "</ul>\n");
	return KR_OK;
}
