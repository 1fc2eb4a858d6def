// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the questions desk. Asking a network a question (under one's name, anonymously, or
 * with a code), the asker's own pages, the core team's shared queue, the referral directory,
 * and the administrator's settings. A question is shown only to its asker and to the core team
 * of its network; an anonymous asker's name is shown to nobody (docs/PRIVACY.md). */
#include "app/app.h"
#include "app/auth/auth.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/figures/figures.h"
#include "app/org/org.h"
#include "app/questions/questions.h"
#include "app/questions/pages.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <jansson.h>

/* ---- shared pieces ---- */

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

static const char *
param_str(struct request *r, size_t i)
{
	return arena_strndup(&r->arena, r->params[i].p, r->params[i].len);
}

static const char *
day_text_a(struct arena *a, int64_t t)
{
	char buf[32];
	time_utc_iso_at(t, buf, sizeof(buf));
	buf[10] = '\0';
	return arena_strdup(a, buf);
}

static const char *
day_text(struct request *r, int64_t t)
{
	return day_text_a(&r->arena, t);
}

/* msg (translated) with its placeholder key replaced by text. */
static const char *
with_text(struct arena *a, const char *msg, const char *key, const char *text)
{
	const char *at = strstr(msg, key);
	if (!at)
		return msg;
	return arena_printf(a, "%.*s%s%s", (int)(at - msg), msg, text, at + strlen(key));
}

/* msg (translated) with its placeholder key replaced by n. */
static const char *
with_number(struct arena *a, const char *msg, const char *key, int64_t n)
{
	return with_text(a, msg, key, arena_printf(a, "%lld", (long long)n));
}

/* The language of what people wrote (questions, answers, the directory): the organisation's
 * (WCAG 3.1.2), which may differ from the page's. */
static const char *
org_lang(struct db_conn *c, struct arena *a)
{
	struct org org;
	return c && org_get(c, a, &org) == KR_OK && org.content_lang ? org.content_lang : "nl";
}

/* A text as paragraphs: one per line, empty lines dropped; in lang. */
static void
text_paras(struct strbuf *o, const char *text, const char *cls, const char *lang)
{
	html_fmt(o, "<div class=\"%s\" lang=\"%s\">\n", cls, lang);
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n) {
			html_lit(o, "<p>");
			html_textn(o, p, n);
			html_lit(o, "</p>\n");
		}
		p = nl ? nl + 1 : NULL;
	}
	html_lit(o, "</div>\n");
}

static const char *
state_label(enum question_state s)
{
	switch (s) {
	case QSTATE_OPEN:
		return _("Waiting for an answer");
	case QSTATE_ASKED_BACK:
		return _("A question back is waiting for the asker");
	case QSTATE_ANSWERED:
		return _("Answered");
	default:
		return _("Closed");
	}
}

static const char *
asker_state_label(enum question_state s)
{
	switch (s) {
	case QSTATE_OPEN:
		return _("Waiting for an answer");
	case QSTATE_ASKED_BACK:
		return _("The core team asks you something back");
	case QSTATE_ANSWERED:
		return _("Answered");
	default:
		return _("Closed");
	}
}

static const char *
how_label(enum question_how h)
{
	switch (h) {
	case QUESTION_NAMED:
		return _("Asked under their name");
	case QUESTION_ANONYMOUS:
		return _("Asked anonymously");
	default:
		return _("Asked anonymously with a code");
	}
}

/* The directory entries of an answer, in full, as the asker and the core team read them. */
static void
referral_items(struct request *r, const struct referral *dir, size_t ndir, const int64_t *ids,
	       size_t n, const char *lang)
{
	if (!n)
		return;
	struct strbuf *o = &r->out;
	html_fmt(o, "<p>%s</p>\n<ul class=\"referrals\">\n", _("Where you can go:"));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ndir; k++)
			if (dir[k].id == ids[i]) {
				html_fmt(o,
					 "<li lang=\"%s\"><strong>%s</strong> (<span "
					 "lang=\"%s\">%s</span>)<br>%s<br>%s</li>\n",
					 lang, dir[k].name, r->lang,
					 _(referral_kind_label(dir[k].kind)), dir[k].purpose,
					 dir[k].reach);
			}
	html_lit(o, "</ul>\n");
}

/* The conversation: the question and every message. for_team: the core team's view (who
 * wrote each answer); else the asker's (a name only where its author signed). */
static int
thread(struct request *r, const struct question *q, bool for_team)
{
	struct strbuf *o = &r->out;
	struct referral *dir;
	size_t ndir;
	int err = referral_list(app_db(r), &r->arena, &dir, &ndir);
	if (err)
		return err;
	html_fmt(o, "<h2>%s</h2>\n<p class=\"hint\">%s %s</p>\n", _("The question"), _("Asked on"),
		 day_text(r, q->asked_at));
	const char *lang = org_lang(app_db(r), &r->arena);
	text_paras(o, q->text, "question-text", lang);
	for (size_t i = 0; i < q->nmsgs; i++) {
		const struct question_msg *m = &q->msgs[i];
		const char *head = m->kind == QMSG_ANSWER     ? _("Answer")
				   : m->kind == QMSG_ASK_BACK ? _("Question back")
							      : _("Reply from the asker");
		const char *who = NULL;
		if (m->kind != QMSG_REPLY) {
			if (m->author_name && (for_team || m->signed_by_name))
				who = m->author_name;
			else
				who = _("the core team");
		}
		html_fmt(o, "<h3>%s</h3>\n<p class=\"hint\">%s%s%s %s</p>\n", head, who ? who : "",
			 who ? ", " : "", day_text(r, m->created_at),
			 for_team && m->kind != QMSG_REPLY && !m->signed_by_name
			     ? _("(not signed: the asker does not see who wrote it)")
			     : "");
		text_paras(o, m->text, "message-text", lang);
		referral_items(r, dir, ndir, m->referrals, m->nreferrals, lang);
	}
	return KR_OK;
}

/* ---- the network's open page ---- */

int
questions_network_section(struct request *r, const struct org *org, const struct network *nw)
{
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n<p><a href=\"/n/%s/ask\">%s</a></p>\n",
		 _("Ask a question"),
		 _("Anyone in the organisation may ask this network's core team a question, under "
		   "your name or anonymously. You do not need to be a member."),
		 nw->slug, _("Ask this network a question"));
	struct db_conn *c = app_db(r);
	int64_t nfaq = 0;
	int err = faq_count(c, nw->id, &nfaq);
	if (err)
		return err;
	if (nfaq)
		html_fmt(o, "<p><a href=\"/n/%s/faq\">%s</a></p>\n", nw->slug,
			 _("Frequently asked questions"));
	bool figures;
	if ((err = org_sees_figures(c, nw->id, r->user_id, &figures)))
		return err;
	bool team = figures && org_is_core_team(c, nw->id, r->user_id);
	if (team || figures) {
		html_lit(o, "<ul>\n");
		if (team)
			html_fmt(o, "<li><a href=\"/n/%s/questions\">%s</a></li>\n", nw->slug,
				 _("Questions for the core team"));
		html_fmt(o, "<li><a href=\"/n/%s/questions/figures\">%s</a></li>\n</ul>\n",
			 nw->slug, _("Figures of the questions desk"));
	}
	return KR_OK;
}

/* ---- asking ---- */

struct ask_form {
	struct org org;
	struct network nw;
	const char *text, *how;
	char ref[QUESTION_REF_SIZE], code[QUESTION_CODE_SIZE];
};

static int
ask_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct ask_form *f = fp->values;
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ f->nw.name, arena_printf(&r->arena, "/n/%s", f->nw.slug), f->org.content_lang },
		{ _("Ask a question"), NULL, NULL },
	};
	const struct page pg = { .title = _("Ask a question"),
				 .lead = _("The core team of this network reads your question and "
					   "answers you in Kring. You do not need to be a member."),
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs),
				 .has_errors = form_page_failed(fp) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o, "<p>%s <strong lang=\"%s\">%s</strong></p>\n", _("Network:"),
		 f->org.content_lang, f->nw.name);
	html_fmt(o,
		 "<h2>%s</h2>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
		 _("Who sees what"),
		 _("Only the core team of this network reads your question. Your manager, HR, the "
		   "contact point, the ambassador and the administrator never see it."),
		 _("When you ask anonymously, nobody sees your name, the core team neither."),
		 _("You get an e-mail when there is an answer. It says only that there is one, "
		   "not your question or the answer. With a code you get no e-mail."),
		 _("Do not write down a diagnosis unless you want to: the core team can help "
		   "without it. Your question is erased some time after it is closed, and you can "
		   "erase it yourself at any time."));
	form_begin(o, arena_printf(&r->arena, "/n/%s/ask", f->nw.slug), r->csrf_token);
	form_input(o, &(struct form_field){ .name = "text",
					    .label = _("Your question"),
					    .hint = _("At most 10,000 characters."),
					    .value = f->text,
					    .multiline = true,
					    .required = true,
					    .maxlength = QUESTION_TEXT_MAX,
					    .error = form_problem_of(fp, "text") });
	const struct form_option opts[] = {
		{ "named", _("Under my name"),
		  _("The core team sees your name. Your question is in your questions.") },
		{ "anonymous", _("Anonymously"),
		  _("Nobody sees your name. Your question is in your questions, and only you can "
		    "open it there.") },
		{ "code", _("Anonymously, with a code"),
		  _("Not tied to your account at all. You get a code once: keep it, because only "
		    "the code opens the answer. No e-mail.") },
	};
	form_radios(o, &(struct form_choice){ .name = "how",
					      .legend = _("How do you want to ask?"),
					      .options = opts,
					      .noptions = ARRAY_SIZE(opts),
					      .error = form_problem_of(fp, "how"),
					      .selected = f->how ? f->how : "anonymous" });
	form_submit(o, _("Send the question"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/referrals\">%s</a></p>\n",
		 _("Or look first where you can go in the organisation"));
	view_end(r);
	return KR_OK;
}

/* The page after asking with a code: the code, once. */
static void
code_shown(struct request *r, const struct ask_form *f)
{
	const struct page pg = { .title = _("Your question is sent"),
				 .lead =
				     _("Keep this code. It is shown only now, and only the code "
				       "opens the answer: Kring cannot find your question for "
				       "you.") };
	view_begin(r, &pg);
	html_fmt(
	    &r->out,
	    "<p>%s</p>\n<p class=\"question-code\"><strong>%s</strong></p>\n<p>%s</p>\n"
	    "<p><a href=\"/questions/code\">%s</a></p>\n",
	    _("Your code:"), f->code,
	    _("Write it down or save it somewhere only you can see. Come back in a few working "
	      "days and open your answer with the code."),
	    _("Open an answer with a code"));
	view_end(r);
}

static int
ask_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct ask_form *f = fp->values;
	int err = network_load(r, &f->org, &f->nw);
	if (err)
		return err;
	f->text = req_form(r, "text");
	f->how = req_form(r, "how");
	enum question_how how;
	if (!question_how_parse(f->how, &how)) {
		form_problem(fp, "how", _("Choose how you want to ask."));
		f->how = NULL;
	}
	const char *problem = NULL;
	if (form_page_failed(fp))
		return KR_OK;
	err = questions_ask(app_db(r), &r->app->keys, f->nw.id, r->user_id, how, f->text,
			    time_now(), f->ref, f->code, &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, "text", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	if (how == QUESTION_CODE) {
		code_shown(r, f);
		fp->answered = true;
		return KR_OK;
	}
	fp->done = arena_printf(&r->arena, "/questions/%s?done=asked", f->ref);
	return KR_OK;
}

static const struct form_page_ops ask_ops = { ask_save, ask_render };

int
page_question_ask(struct request *r)
{
	struct ask_form f = { 0 };
	int err = network_load(r, &f.org, &f.nw);
	return err ? err : form_page_show(r, &ask_ops, &f);
}

int
page_question_ask_post(struct request *r)
{
	struct ask_form f = { 0 };
	return form_page_post(r, &ask_ops, &f);
}

/* ---- the asker's pages ---- */

static const char *
network_name(struct request *r, int64_t id)
{
	struct network *nws;
	size_t n;
	if (org_networks(app_db(r), &r->arena, &nws, &n) == KR_OK)
		for (size_t i = 0; i < n; i++)
			if (nws[i].id == id)
				return nws[i].name;
	return "?";
}

int
page_questions_mine(struct request *r)
{
	struct db_conn *c = app_db(r);
	struct question *qs;
	size_t n;
	int err = c ? questions_mine(c, &r->app->keys, &r->arena, r->user_id, &qs, &n) : KR_EDB;
	if (err)
		return err;
	const char *done = req_query(r, "done");
	const struct page pg = {
		.title = _("My questions"),
		.lead = _("The questions you asked a network while signed in, under your name or "
			  "anonymously. Only you see this list."),
		.notice =
		    done && strcmp(done, "erased") == 0 ? _("Your question is erased.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (!n)
		html_fmt(o, "<p>%s</p>\n", _("You have not asked a question."));
	else {
		html_lit(o, "<ul class=\"questions\">\n");
		for (size_t i = 0; i < n; i++)
			html_fmt(
			    o,
			    "<li><a href=\"/questions/%s\"><span lang=\"%s\">%s</span>, %s</a>: %s "
			    "(%s)</li>\n",
			    qs[i].ref, org_lang(c, &r->arena), network_name(r, qs[i].network_id),
			    day_text(r, qs[i].asked_at), asker_state_label(qs[i].state),
			    qs[i].how == QUESTION_NAMED ? _("under your name") : _("anonymous"));
		html_lit(o, "</ul>\n");
	}
	html_fmt(o,
		 "<h2>%s</h2>\n<p>%s</p>\n<p><a href=\"/questions/code\">%s</a></p>\n"
		 "<p><a href=\"/referrals\">%s</a></p>\n",
		 _("Asked with a code?"),
		 _("A question asked with a code is not in this list: it is tied to no account."),
		 _("Open an answer with a code"), _("Where you can go in the organisation"));
	view_end(r);
	return KR_OK;
}

/* The asker's view of their question, with the reply form when the core team asked back.
 * code: the code it was opened with (kept in the forms), or NULL when signed in as its asker. */
struct asker_view {
	struct question q;
	const char *code;
	const char *text;   /* a reply that was refused */
	const char *notice; /* after a change with a code (no address to carry ?done=) */
};

/* The asker's part of the FAQ: once there is an answer, they may let the core team make an
 * entry of it, in the team's own words, and take that back. */
static void
faq_consent_form(struct request *r, const struct asker_view *v)
{
	const struct question *q = &v->q;
	if (!q->answered_at)
		return;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("For the frequently asked questions"),
		 q->faq_consent
		     ? _("You agreed that the core team may put this question in the network's "
			 "frequently asked questions, in their own words and without anything that "
			 "points to you. You can take that back.")
		     : _("Others may have the same question. May the core team put it in the "
			 "network's frequently asked questions? They write it in their own words, "
			 "without anything that points to you. You can take it back later."));
	form_begin(o,
		   v->code ? "/questions/code/faq"
			   : arena_printf(&r->arena, "/questions/%s/faq", q->ref),
		   r->csrf_token);
	if (v->code)
		html_fmt(o, "<input type=\"hidden\" name=\"code\" value=\"%s\">\n", v->code);
	html_fmt(o, "<input type=\"hidden\" name=\"consent\" value=\"%s\">\n",
		 q->faq_consent ? "no" : "yes");
	form_submit(o, q->faq_consent ? _("Take back my consent") : _("Yes, they may use it"));
	form_end(o);
}

static int
asker_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct asker_view *v = fp->values;
	const struct question *q = &v->q;
	const char *done = req_query(r, "done");
	const char *notice = NULL;
	if (v->code)
		notice = v->notice;
	else if (done && strcmp(done, "asked") == 0)
		notice = _("Your question is sent. You get an e-mail when there is an answer.");
	else if (done && strcmp(done, "faq") == 0)
		notice = _("Your choice about the FAQ is saved.");
	else if (done)
		notice = _("Your reply is sent.");
	const struct crumb crumbs[] = { { _("My questions"), "/questions", NULL },
					{ _("Your question"), NULL, NULL } };
	const struct page pg = { .title = _("Your question"),
				 .crumbs = v->code ? NULL : crumbs,
				 .ncrumbs = v->code ? 0 : ARRAY_SIZE(crumbs),
				 .notice = notice,
				 .has_errors = form_page_failed(fp) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o, "<p>%s <strong lang=\"%s\">%s</strong>. %s %s.</p>\n", _("To:"),
		 org_lang(app_db(r), &r->arena), network_name(r, q->network_id), _("Status:"),
		 asker_state_label(q->state));
	html_fmt(o, "<p>%s</p>\n",
		 q->how == QUESTION_NAMED
		     ? _("You asked under your name: the core team sees your name.")
		     : _("You asked anonymously: nobody sees your name, the core team neither."));
	int err = thread(r, q, false);
	if (err)
		return err;
	if (q->state == QSTATE_ASKED_BACK) {
		html_fmt(o, "<h2>%s</h2>\n", _("Reply"));
		form_begin(o,
			   v->code ? "/questions/code/reply"
				   : arena_printf(&r->arena, "/questions/%s/reply", q->ref),
			   r->csrf_token);
		if (v->code)
			html_fmt(o, "<input type=\"hidden\" name=\"code\" value=\"%s\">\n",
				 v->code);
		form_input(o, &(struct form_field){ .name = "text",
						    .label = _("Your reply to the core team"),
						    .hint = _("At most 10,000 characters."),
						    .value = v->text,
						    .multiline = true,
						    .required = true,
						    .maxlength = QUESTION_TEXT_MAX,
						    .error = form_problem_of(fp, "text") });
		form_submit(o, _("Send the reply"));
		form_end(o);
	}
	faq_consent_form(r, v);
	html_fmt(o, "<h2>%s</h2>\n<p>%s</p>\n", _("Erase this question"),
		 _("You can erase your question and every answer at any time. Otherwise it is "
		   "erased some months after it is closed."));
	if (v->code) {
		form_begin(o, "/questions/code/erase", r->csrf_token);
		html_fmt(o, "<input type=\"hidden\" name=\"code\" value=\"%s\">\n", v->code);
		form_submit(o, _("Erase this question"));
		form_end(o);
	} else
		html_fmt(o, "<p><a href=\"/questions/%s/erase\">%s</a></p>\n", q->ref,
			 _("Erase this question"));
	html_fmt(o, "<p><a href=\"/referrals\">%s</a></p>\n",
		 _("Where you can go in the organisation"));
	view_end(r);
	return KR_OK;
}

static int
mine_load(struct request *r, struct question *q)
{
	struct db_conn *c = app_db(r);
	return c ? questions_get_mine(c, &r->app->keys, &r->arena, r->user_id, param_str(r, 0), q)
		 : KR_EDB;
}

static int
reply_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct asker_view *v = fp->values;
	int err = v->code
		      ? questions_get_by_code(app_db(r), &r->app->keys, &r->arena, v->code, &v->q)
		      : mine_load(r, &v->q);
	if (err == KR_EINVAL)
		err = KR_ENOTFOUND;
	if (err)
		return err;
	if (v->q.state != QSTATE_ASKED_BACK)
		return KR_ECONFLICT;
	v->text = req_form(r, "text");
	const char *problem = NULL;
	err = questions_reply(app_db(r), &r->app->keys, &v->q, v->text, time_now(), &problem);
	if (err == KR_EINVAL && problem) {
		form_problem(fp, "text", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	if (v->code) {
		/* The code is not put in an address: the page is shown again, as after opening. */
		if ((err = questions_get_by_code(app_db(r), &r->app->keys, &r->arena, v->code,
						 &v->q)))
			return err;
		v->text = NULL;
		fp->answered = true;
		return asker_render(fp);
	}
	fp->done = arena_printf(&r->arena, "/questions/%s?done=replied", v->q.ref);
	return KR_OK;
}

static const struct form_page_ops asker_ops = { reply_save, asker_render };

int
page_question_mine(struct request *r)
{
	struct asker_view v = { 0 };
	int err = mine_load(r, &v.q);
	return err ? err : form_page_show(r, &asker_ops, &v);
}

int
page_question_mine_reply_post(struct request *r)
{
	struct asker_view v = { 0 };
	return form_page_post(r, &asker_ops, &v);
}

/* consent=yes or no; KR_EINVAL for anything else. */
static int
consent_of(struct request *r, bool *yes)
{
	const char *v = req_form(r, "consent");
	if (!v || (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0))
		return KR_EINVAL;
	*yes = strcmp(v, "yes") == 0;
	return KR_OK;
}

int
page_question_mine_faq_post(struct request *r)
{
	struct question q;
	bool yes;
	int err = consent_of(r, &yes);
	if (!err)
		err = mine_load(r, &q);
	if (!err)
		err = questions_faq_consent(app_db(r), &q, yes);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/questions/%s?done=faq", q.ref));
	return KR_OK;
}

static void
erase_confirm(struct request *r, const char *action, const char *code)
{
	const struct page pg = { .title = _("Erase this question"),
				 .lead = _("Step 2 of 2: your question and every answer are erased "
					   "at once. This cannot be undone.") };
	view_begin(r, &pg);
	form_begin(&r->out, action, r->csrf_token);
	if (code)
		html_fmt(&r->out,
			 "<input type=\"hidden\" name=\"code\" value=\"%s\">\n"
			 "<input type=\"hidden\" name=\"confirm\" value=\"1\">\n",
			 code);
	form_submit(&r->out, _("Erase for good"));
	form_end(&r->out);
	html_fmt(&r->out, "<p><a href=\"%s\">%s</a></p>\n", code ? "/questions/code" : "/questions",
		 _("Keep the question"));
	view_end(r);
}

int
page_question_mine_erase(struct request *r)
{
	struct question q;
	int err = mine_load(r, &q);
	if (err)
		return err;
	erase_confirm(r, arena_printf(&r->arena, "/questions/%s/erase", q.ref), NULL);
	return KR_OK;
}

int
page_question_mine_erase_post(struct request *r)
{
	struct question q;
	int err = mine_load(r, &q);
	if (!err)
		err = questions_erase(app_db(r), q.id);
	if (err)
		return err;
	resp_redirect(r, "/questions?done=erased");
	return KR_OK;
}

static void
code_form(struct request *r, const char *error)
{
	const struct page pg = {
		.title = _("Open an answer with a code"),
		.lead = _("Type the code you got when you asked your question. The code is not "
			  "stored with your account, and the page does not remember it."),
		.has_errors = error != NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, &(struct form_error){ "code", error }, error ? 1 : 0);
	form_begin(o, "/questions/code", r->csrf_token);
	form_input(o, &(struct form_field){ .name = "code",
					    .label = _("Your code"),
					    .hint = _("20 letters and digits, for example "
						      "ABCD-EFGH-JKMN-PQRS-TVWX."),
					    .autocomplete = "off",
					    .maxlength = 40,
					    .required = true,
					    .error = error });
	form_submit(o, _("Open"));
	form_end(o);
	view_end(r);
}

int
page_question_code(struct request *r)
{
	code_form(r, NULL);
	return KR_OK;
}

/* Opens the question of the posted code, or shows the code form again at 400. */
static int
code_open(struct request *r, struct asker_view *v, bool *shown)
{
	*shown = false;
	v->code = req_form(r, "code");
	int err = questions_get_by_code(app_db(r), &r->app->keys, &r->arena, v->code ? v->code : "",
					&v->q);
	if (err == KR_EINVAL || err == KR_ENOTFOUND) {
		r->status = 400;
		code_form(r, _(questions_problem_code));
		*shown = true;
		return KR_OK;
	}
	return err;
}

int
page_question_code_post(struct request *r)
{
	struct asker_view v = { 0 };
	bool shown;
	int err = code_open(r, &v, &shown);
	if (err || shown)
		return err;
	return form_page_show(r, &asker_ops, &v);
}

int
page_question_code_reply_post(struct request *r)
{
	struct asker_view v = { 0 };
	bool shown;
	int err = code_open(r, &v, &shown);
	if (err || shown)
		return err;
	return form_page_post(r, &asker_ops, &v);
}

int
page_question_code_faq_post(struct request *r)
{
	struct asker_view v = { 0 };
	bool shown = false, yes = false;
	int err = consent_of(r, &yes);
	if (!err)
		err = code_open(r, &v, &shown);
	if (err || shown)
		return err;
	if ((err = questions_faq_consent(app_db(r), &v.q, yes)) ||
	    (err = questions_get_by_code(app_db(r), &r->app->keys, &r->arena, v.code, &v.q)))
		return err;
	v.notice = _("Your choice about the FAQ is saved.");
	return form_page_show(r, &asker_ops, &v);
}

int
page_question_code_erase_post(struct request *r)
{
	struct asker_view v = { 0 };
	bool shown;
	int err = code_open(r, &v, &shown);
	if (err || shown)
		return err;
	const char *confirm = req_form(r, "confirm");
	if (!confirm) {
		erase_confirm(r, "/questions/code/erase", v.code);
		return KR_OK;
	}
	if (strcmp(confirm, "1") != 0)
		return KR_EINVAL;
	if ((err = questions_erase(app_db(r), v.q.id)))
		return err;
	const struct page pg = { .title = _("Your question is erased"),
				 .lead = _("Your question and every answer are erased. The code "
					   "opens nothing any more.") };
	view_begin(r, &pg);
	view_end(r);
	return KR_OK;
}

/* ---- the core team's queue ---- */

/* The network of the request, for its core team only: 403 for anyone else. */
static int
team_load(struct request *r, struct org *org, struct network *nw)
{
	int err = network_load(r, org, nw);
	if (err)
		return err;
	return org_is_core_team(app_db(r), nw->id, r->user_id) ? KR_OK : KR_EFORBIDDEN;
}

/* Questions on one page of the queue: each is unsealed to be shown, and 50 is what one can
 * look over. */
#define QUEUE_PAGE 50

int
page_question_queue(struct request *r)
{
	struct org org = { 0 };
	struct network nw = { 0 };
	int64_t page;
	int err = view_page_number(r, &page);
	if (!err)
		err = team_load(r, &org, &nw);
	struct db_conn *c = app_db(r);
	struct question *qs;
	size_t n;
	struct questions_settings set;
	/* a page of the queue, and one more to know whether there is a next page */
	if (err ||
	    (err = questions_queue(c, &r->app->keys, &r->arena, nw.id, (page - 1) * QUEUE_PAGE,
				   QUEUE_PAGE + 1, &qs, &n)) ||
	    (err = questions_settings_get(c, &set)))
		return err;
	if (page > 1 && n == 0)
		return KR_ENOTFOUND;
	bool more = n > QUEUE_PAGE;
	if (more)
		n = QUEUE_PAGE;
	int64_t now = time_now();
	bool any_overdue = false;
	for (size_t i = 0; i < n; i++)
		any_overdue = any_overdue || questions_overdue(&qs[i], set.flag_days, now);
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ nw.name, arena_printf(&r->arena, "/n/%s", nw.slug), org.content_lang },
		{ _("Questions for the core team"), NULL, NULL },
	};
	const char *done = req_query(r, "done");
	const struct page pg = {
		.title = _("Questions for the core team"),
		.lead =
		    _("The shared queue of this network's core team. Take a question so that the "
		      "others see someone has it. The asker never sees who took it."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.notice = done && strcmp(done, "closed") == 0 ? _("The question is closed.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (any_overdue)
		html_fmt(
		    o, "<div class=\"notice\" role=\"note\">\n<h2>%s</h2>\n<p>%s</p>\n</div>\n",
		    _("Waiting too long"),
		    with_number(&r->arena,
				_("Some questions are waiting for an answer for more than {days} "
				  "working days. They are marked below."),
				"{days}", set.flag_days));
	if (!n) {
		html_fmt(o, "<p>%s</p>\n", _("There are no open questions."));
	} else {
		html_fmt(o, "<ol class=\"queue\" start=\"%lld\">\n",
			 (long long)((page - 1) * QUEUE_PAGE + 1));
		for (size_t i = 0; i < n; i++) {
			const struct question *q = &qs[i];
			const char *first = q->text;
			size_t len = strcspn(first, "\n");
			if (len > 120)
				len = 120;
			while (len && ((unsigned char)first[len] & 0xC0) == 0x80)
				len--;
			html_fmt(o, "<li>\n<p><a href=\"/n/%s/questions/%s\" lang=\"%s\">", nw.slug,
				 q->ref, org.content_lang);
			html_textn(o, first, len);
			html_fmt(
			    o, "%s</a></p>\n<p class=\"hint\">%s %s. %s. %s.",
			    len < strlen(first) ? "…" : "", _("Asked on"), day_text(r, q->asked_at),
			    state_label(q->state),
			    q->how == QUESTION_NAMED && q->asker_name
				? arena_printf(&r->arena, "%s %s", _("Asked by"), q->asker_name)
				: _("Anonymous"));
			if (q->taken_by)
				html_fmt(o, " %s %s.", _("Taken by"), q->taken_by_name);
			else
				html_fmt(o, " %s", _("Nobody has taken it yet."));
			html_lit(o, "</p>\n");
			if (questions_overdue(q, set.flag_days, now))
				html_fmt(
				    o, "<p><strong>%s</strong></p>\n",
				    _("Waiting longer than the agreed number of working days."));
			html_lit(o, "</li>\n");
		}
		html_lit(o, "</ol>\n");
	}
	view_pager(r, arena_printf(&r->arena, "/n/%s/questions", nw.slug), page, more);
	html_fmt(o, "<p><a href=\"/referrals\">%s</a></p>\n", _("The referral directory"));
	view_end(r);
	return KR_OK;
}

struct team_view {
	struct org org;
	struct network nw;
	struct question q;
	const char *text, *kind;
	bool signed_by_name;
	int64_t refs[QUESTION_REFERRALS_MAX + 1];
	size_t nrefs;
};

static const char *
team_notice(struct request *r)
{
	const char *done = req_query(r, "done");
	if (!done)
		return NULL;
	if (strcmp(done, "taken") == 0)
		return _("You have taken this question. The others in the core team see that.");
	if (strcmp(done, "answer") == 0)
		return _("Your answer is sent. The asker gets an e-mail that there is an answer, "
			 "unless they asked with a code.");
	return _("Your question back is sent.");
}

static int
team_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct team_view *v = fp->values;
	const struct question *q = &v->q;
	const char *queue = arena_printf(&r->arena, "/n/%s/questions", v->nw.slug);
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ v->nw.name, arena_printf(&r->arena, "/n/%s", v->nw.slug), v->org.content_lang },
		{ _("Questions for the core team"), queue, NULL },
		{ _("A question"), NULL, NULL },
	};
	const struct page pg = { .title = _("A question"),
				 .crumbs = crumbs,
				 .ncrumbs = ARRAY_SIZE(crumbs),
				 .notice = form_page_failed(fp) ? NULL : team_notice(r),
				 .has_errors = form_page_failed(fp) };
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	html_fmt(o, "<p>%s. %s.", state_label(q->state),
		 q->how == QUESTION_NAMED && q->asker_name
		     ? arena_printf(&r->arena, "%s %s", _("Asked by"), q->asker_name)
		     : how_label(q->how));
	if (q->taken_by)
		html_fmt(o, " %s %s.", _("Taken by"), q->taken_by_name);
	else
		html_fmt(o, " %s", _("Nobody has taken it yet."));
	html_lit(o, "</p>\n");
	int err = thread(r, q, true);
	if (err)
		return err;
	if (q->faq_consent)
		html_fmt(o, "<p>%s <a href=\"/n/%s/faq/new\">%s</a></p>\n",
			 _("The asker agrees that this question may go in the network's frequently "
			   "asked questions, in your own words and without anything that points to "
			   "them."),
			 v->nw.slug, _("Add a question to the FAQ"));
	if (q->state == QSTATE_CLOSED) {
		html_fmt(o, "<p>%s</p>\n", _("This question is closed."));
		view_end(r);
		return KR_OK;
	}
	const char *base = arena_printf(&r->arena, "/n/%s/questions/%s", v->nw.slug, q->ref);
	if (q->taken_by != r->user_id) {
		form_begin(o, arena_printf(&r->arena, "%s/take", base), r->csrf_token);
		form_submit(o, _("Take this question"));
		form_end(o);
	}
	html_fmt(o, "<h2>%s</h2>\n", _("Answer or ask back"));
	form_begin(o, arena_printf(&r->arena, "%s/respond", base), r->csrf_token);
	form_input(
	    o, &(struct form_field){ .name = "text",
				     .label = _("Your text to the asker"),
				     .hint = _("At most 10,000 characters. The asker reads it in "
					       "Kring; the e-mail only says there is an answer."),
				     .value = v->text,
				     .multiline = true,
				     .required = true,
				     .maxlength = QUESTION_TEXT_MAX,
				     .error = form_problem_of(fp, "text") });
	const struct form_option kinds[] = {
		{ "answer", _("An answer"), NULL },
		{ "ask-back", _("A question back"),
		  _("Ask the asker something. They can reply on their page.") },
	};
	form_radios(o, &(struct form_choice){ .name = "kind",
					      .legend = _("What is it?"),
					      .options = kinds,
					      .noptions = ARRAY_SIZE(kinds),
					      .selected = v->kind ? v->kind : "answer" });
	struct referral *dir;
	size_t ndir;
	if ((err = referral_list(app_db(r), &r->arena, &dir, &ndir)))
		return err;
	if (ndir) {
		/* Up to three entries, one choice each: a form field is never sent twice. */
		const char *rerr = form_problem_of(fp, "referral");
		html_fmt(
		    o,
		    "<fieldset id=\"f-referral\" aria-describedby=\"f-referral-hint%s\">\n"
		    "<legend>%s</legend>\n<p class=\"hint\" id=\"f-referral-hint\">%s</p>\n",
		    rerr ? " f-referral-error" : "", _("Refer to (only with an answer; optional)"),
		    _("The asker sees these entries of the directory, with how to reach them."));
		if (rerr)
			html_fmt(o, "<p class=\"error\" id=\"f-referral-error\">%s</p>\n", rerr);
		for (size_t k = 0; k < QUESTION_REFERRALS_MAX; k++) {
			html_fmt(
			    o,
			    "<div class=\"field\"><label for=\"f-referral%zu\">%s %zu</label>\n"
			    "<select class=\"input\" id=\"f-referral%zu\" name=\"referral%zu\">\n"
			    "<option value=\"\">%s</option>\n",
			    k + 1, _("Entry"), k + 1, k + 1, k + 1, _("(none)"));
			for (size_t i = 0; i < ndir; i++)
				html_fmt(o, "<option value=\"%lld\" lang=\"%s\"%s>%s</option>\n",
					 (long long)dir[i].id, v->org.content_lang,
					 k < v->nrefs && v->refs[k] == dir[i].id ? " selected" : "",
					 dir[i].name);
			html_lit(o, "</select></div>\n");
		}
		html_lit(o, "</fieldset>\n");
	}
	form_checkbox(o, "signed", _("Sign with my name"),
		      _("The asker then sees your name with this text. Otherwise they see only "
			"\"the core team\"."),
		      v->signed_by_name);
	form_submit(o, _("Send"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n", _("Close"));
	form_begin(o, arena_printf(&r->arena, "%s/close", base), r->csrf_token);
	html_fmt(o, "<p>%s</p>\n",
		 _("Close the question when nothing more needs to happen. It is erased some months "
		   "after closing."));
	form_submit(o, _("Close this question"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
team_question_load(struct request *r, struct team_view *v)
{
	int err = team_load(r, &v->org, &v->nw);
	if (err)
		return err;
	return questions_get_for_team(app_db(r), &r->app->keys, &r->arena, v->nw.id,
				      param_str(r, 1), &v->q);
}

static int
respond_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct team_view *v = fp->values;
	int err = team_question_load(r, v);
	if (err)
		return err;
	if (v->q.state == QSTATE_CLOSED)
		return KR_ECONFLICT;
	v->text = req_form(r, "text");
	v->kind = req_form(r, "kind");
	const char *sig = req_form(r, "signed");
	if (sig && strcmp(sig, "1") != 0)
		return KR_EINVAL;
	v->signed_by_name = sig != NULL;
	enum question_msg_kind kind;
	if (v->kind && strcmp(v->kind, "answer") == 0)
		kind = QMSG_ANSWER;
	else if (v->kind && strcmp(v->kind, "ask-back") == 0)
		kind = QMSG_ASK_BACK;
	else
		return KR_EINVAL;
	bool bad_ref = false;
	for (size_t i = 0; i < QUESTION_REFERRALS_MAX; i++) {
		char name[16];
		snprintf(name, sizeof(name), "referral%zu", i + 1);
		const char *val = req_form(r, name);
		long id;
		if (!val || !*val)
			continue;
		if (str_to_long(str_from(val), 1, INT64_MAX, &id))
			bad_ref = true;
		else
			v->refs[v->nrefs++] = id;
	}
	const char *problem = NULL;
	if (bad_ref)
		problem = questions_problem_referral;
	else
		err = questions_respond(app_db(r), &r->app->keys, v->nw.id, v->q.ref, r->user_id,
					kind, v->text, v->signed_by_name, v->refs, v->nrefs,
					r->app->base_url, time_now(), &problem);
	if (problem) {
		form_problem(fp, problem == questions_problem_referral ? "referral" : "text",
			     _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/n/%s/questions/%s?done=%s", v->nw.slug, v->q.ref,
				kind == QMSG_ANSWER ? "answer" : "ask-back");
	return KR_OK;
}

static const struct form_page_ops team_ops = { respond_save, team_render };

int
page_question_team(struct request *r)
{
	struct team_view v = { 0 };
	int err = team_question_load(r, &v);
	return err ? err : form_page_show(r, &team_ops, &v);
}

int
page_question_respond_post(struct request *r)
{
	struct team_view v = { 0 };
	return form_page_post(r, &team_ops, &v);
}

int
page_question_take_post(struct request *r)
{
	struct org org;
	struct network nw;
	int err = team_load(r, &org, &nw);
	const char *ref = param_str(r, 1);
	if (!err)
		err = questions_take(app_db(r), nw.id, ref, r->user_id);
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/n/%s/questions/%s?done=taken", nw.slug, ref));
	return KR_OK;
}

int
page_question_close_post(struct request *r)
{
	struct org org;
	struct network nw;
	int err = team_load(r, &org, &nw);
	if (!err)
		err = questions_close(app_db(r), nw.id, param_str(r, 1), time_now());
	if (err)
		return err;
	resp_redirect(r, arena_printf(&r->arena, "/n/%s/questions?done=closed", nw.slug));
	return KR_OK;
}

/* ---- the referral directory ---- */

static void
directory_list(struct request *r, const struct referral *dir, size_t n, bool admin)
{
	struct strbuf *o = &r->out;
	const char *lang = org_lang(app_db(r), &r->arena);
	int last = -1;
	for (size_t i = 0; i < n; i++) {
		if ((int)dir[i].kind != last) {
			if (last >= 0)
				html_lit(o, "</ul>\n");
			html_fmt(o, "<h2>%s</h2>\n<ul class=\"referrals\">\n",
				 _(referral_kind_label(dir[i].kind)));
			last = (int)dir[i].kind;
		}
		html_fmt(o,
			 "<li>\n<h3 lang=\"%s\">%s</h3>\n<p lang=\"%s\">%s</p>\n<dl>\n<dt>%s</dt>\n"
			 "<dd lang=\"%s\">%s</dd>\n</dl>\n",
			 lang, dir[i].name, lang, dir[i].purpose, _("How to reach them:"), lang,
			 dir[i].reach);
		if (admin) {
			form_begin(o,
				   arena_printf(&r->arena, "/admin/referrals/%lld/delete",
						(long long)dir[i].id),
				   r->csrf_token);
			/* the entry's name is in the organisation's language, the page may not be;
			 * one span around the label keeps it one flex item that wraps at 320 px */
			html_fmt(o,
				 "<button type=\"submit\" class=\"button\"><span>%s: "
				 "<span lang=\"%s\">%s</span></span></button>\n",
				 _("Remove"), lang, dir[i].name);
			form_end(o);
			html_fmt(o,
				 "<p><a href=\"/admin/referrals/%lld\">%s<span "
				 "class=\"visually-hidden\">: "
				 "<span lang=\"%s\">%s</span></span></a></p>\n",
				 (long long)dir[i].id, _("Change"), lang, dir[i].name);
		}
		html_lit(o, "</li>\n");
	}
	if (last >= 0)
		html_lit(o, "</ul>\n");
}

int
page_referrals(struct request *r)
{
	struct referral *dir;
	size_t n;
	struct db_conn *c = app_db(r);
	int err = c ? referral_list(c, &r->arena, &dir, &n) : KR_EDB;
	if (err)
		return err;
	const struct page pg = {
		.title = _("Where you can go"),
		.lead =
		    _("Who in and outside the organisation can help with work and health, how to "
		      "reach them and what they are for. Nobody sees that you read this page."),
	};
	view_begin(r, &pg);
	if (!n)
		html_fmt(&r->out, "<p>%s</p>\n",
			 _("The administrator has not filled in the directory yet."));
	directory_list(r, dir, n, false);
	view_end(r);
	return KR_OK;
}

/* ---- administration: settings and the directory ---- */

struct admin_form {
	struct questions_settings s;
	const char *flag_v, *keep_v;
	struct referral e; /* an entry being added */
	bool adding;
};

/* The fields of a directory entry, for adding one and for changing one. */
static void
entry_fields(struct form_page *fp, const struct referral *e)
{
	struct strbuf *o = &fp->r->out;
	/* what the administrator writes is in the organisation's language */
	const char *lang = org_lang(app_db(fp->r), &fp->r->arena);
	struct form_option kinds[REFERRAL_KINDS];
	for (size_t i = 0; i < REFERRAL_KINDS; i++)
		kinds[i] =
		    (struct form_option){ referral_kind_name((enum referral_kind)i),
					  _(referral_kind_label((enum referral_kind)i)), NULL };
	form_radios(o, &(struct form_choice){ .name = "kind",
					      .legend = _("Kind"),
					      .options = kinds,
					      .noptions = ARRAY_SIZE(kinds),
					      .selected = referral_kind_name(e->kind) });
	form_input(o, &(struct form_field){ .name = "name",
					    .lang = lang,
					    .label = _("Name"),
					    .value = e->name,
					    .maxlength = REFERRAL_NAME_MAX,
					    .required = true,
					    .error = form_problem_of(fp, "name") });
	form_input(o, &(struct form_field){ .name = "purpose",
					    .lang = lang,
					    .label = _("What they are for"),
					    .value = e->purpose,
					    .multiline = true,
					    .maxlength = REFERRAL_PURPOSE_MAX,
					    .required = true,
					    .error = form_problem_of(fp, "purpose") });
	form_input(
	    o, &(struct form_field){ .name = "reach",
				     .lang = lang,
				     .label = _("How to reach them"),
				     .hint = _("A telephone number, an e-mail address, a website, "
					       "opening hours."),
				     .value = e->reach,
				     .multiline = true,
				     .maxlength = REFERRAL_REACH_MAX,
				     .required = true,
				     .error = form_problem_of(fp, "reach") });
}

static int
admin_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct admin_form *f = fp->values;
	struct referral *dir;
	size_t n;
	int err = referral_list(app_db(r), &r->arena, &dir, &n);
	if (err)
		return err;
	const struct crumb crumbs[] = { { _("Administration"), "/admin", NULL },
					{ _("Questions desk"), NULL, NULL } };
	const char *done = req_query(r, "done");
	const struct page pg = {
		.title = _("Questions desk"),
		.lead =
		    _("The settings of the questions desk and the directory of where to go. You "
		      "never see the questions themselves: only the core team of a network does."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
		.notice = done ? _("Saved.") : NULL,
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	char flag[24], keep[24];
	snprintf(flag, sizeof(flag), "%lld", (long long)f->s.flag_days);
	snprintf(keep, sizeof(keep), "%lld", (long long)f->s.keep_months);
	html_fmt(o, "<h2>%s</h2>\n", _("Settings"));
	form_begin(o, "/admin/questions", r->csrf_token);
	form_input(o, &(struct form_field){
			  .name = "flag_days",
			  .label = _("Working days before an unanswered question is flagged"),
			  .hint = _("The whole core team sees the flag on its queue. Monday to "
				    "Friday count. 1 to 30."),
			  .value = f->adding || !f->flag_v ? flag : f->flag_v,
			  .type = "number",
			  .min = QUESTIONS_FLAG_DAYS_MIN,
			  .max = QUESTIONS_FLAG_DAYS_MAX,
			  .required = true,
			  .error = form_problem_of(fp, "flag_days") });
	form_input(o, &(struct form_field){
			  .name = "keep_months",
			  .label = _("Months a closed question is kept"),
			  .hint = _("After this, the question and its answers are erased. 1 to "
				    "120."),
			  .value = f->adding || !f->keep_v ? keep : f->keep_v,
			  .type = "number",
			  .min = QUESTIONS_KEEP_MONTHS_MIN,
			  .max = QUESTIONS_KEEP_MONTHS_MAX,
			  .required = true,
			  .error = form_problem_of(fp, "keep_months") });
	form_submit(o, _("Save the settings"));
	form_end(o);
	html_fmt(o, "<h2>%s</h2>\n<p>%s <a href=\"/referrals\">%s</a></p>\n",
		 _("The directory of where to go"),
		 _("Every employee can read it, and the core team points to its entries in "
		   "answers."),
		 _("The directory as employees see it"));
	directory_list(r, dir, n, true);
	html_fmt(o, "<h2>%s</h2>\n", _("Add an entry"));
	form_begin(o, "/admin/referrals", r->csrf_token);
	entry_fields(fp, &f->e);
	form_submit(o, _("Add the entry"));
	form_end(o);
	view_end(r);
	return KR_OK;
}

static int
settings_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct admin_form *f = fp->values;
	struct db_conn *c = app_db(r);
	f->flag_v = req_form(r, "flag_days");
	f->keep_v = req_form(r, "keep_months");
	long d = 0, m = 0;
	if (!f->flag_v ||
	    str_to_long(str_from(f->flag_v), QUESTIONS_FLAG_DAYS_MIN, QUESTIONS_FLAG_DAYS_MAX, &d))
		form_problem(fp, "flag_days", _("Working days: type a number from 1 to 30."));
	if (!f->keep_v || str_to_long(str_from(f->keep_v), QUESTIONS_KEEP_MONTHS_MIN,
				      QUESTIONS_KEEP_MONTHS_MAX, &m))
		form_problem(fp, "keep_months", _("Months: type a number from 1 to 120."));
	if (form_page_failed(fp))
		return questions_settings_get(c, &f->s);
	f->s = (struct questions_settings){ d, m };
	int err = questions_settings_set(c, r->user_id, &f->s);
	if (err)
		return err;
	fp->done = "/admin/questions?done=1";
	return KR_OK;
}

static int
referral_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct admin_form *f = fp->values;
	struct db_conn *c = app_db(r);
	f->adding = true;
	int err = questions_settings_get(c, &f->s);
	if (err)
		return err;
	if (!referral_kind_parse(req_form(r, "kind"), &f->e.kind))
		return KR_EINVAL;
	f->e.name = req_form(r, "name");
	f->e.reach = req_form(r, "reach");
	f->e.purpose = req_form(r, "purpose");
	struct referral_problem p[3];
	size_t np = referral_check(&f->e, p);
	for (size_t i = 0; i < np; i++)
		form_problem(fp, p[i].field, _(p[i].message));
	if (np)
		return KR_OK;
	int64_t id;
	if ((err = referral_add(c, &f->e, time_now(), &id)))
		return err;
	fp->done = "/admin/questions?done=added";
	return KR_OK;
}

static const struct form_page_ops settings_ops = { settings_save, admin_render };
static const struct form_page_ops referral_ops = { referral_save, admin_render };

int
page_admin_questions(struct request *r)
{
	struct admin_form f = { 0 };
	struct db_conn *c = app_db(r);
	int err = c ? questions_settings_get(c, &f.s) : KR_EDB;
	return err ? err : form_page_show(r, &settings_ops, &f);
}

int
page_admin_questions_post(struct request *r)
{
	struct admin_form f = { 0 };
	return form_page_post(r, &settings_ops, &f);
}

int
page_admin_referrals_post(struct request *r)
{
	struct admin_form f = { 0 };
	return form_page_post(r, &referral_ops, &f);
}

/* Changing one entry of the directory: its own page, the same fields as adding. */
struct entry_form {
	struct referral e;
	const char *self; /* /admin/referrals/{id} */
};

static int
entry_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct entry_form *f = fp->values;
	const struct crumb crumbs[] = { { _("Administration"), "/admin", NULL },
					{ _("Questions desk"), "/admin/questions", NULL },
					{ _("Change an entry"), NULL, NULL } };
	const struct page pg = {
		.title = _("Change an entry"),
		.lead = _("Answers that point to this entry show what you save here."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
	};
	view_begin(r, &pg);
	form_error_summary(&r->out, fp->problems, fp->nproblems);
	form_begin(&r->out, f->self, r->csrf_token);
	entry_fields(fp, &f->e);
	form_submit(&r->out, _("Save the entry"));
	form_end(&r->out);
	html_fmt(&r->out, "<p><a href=\"/admin/questions\">%s</a></p>\n",
		 _("Back to the questions desk"));
	view_end(r);
	return KR_OK;
}

static int
entry_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct entry_form *f = fp->values;
	if (!referral_kind_parse(req_form(r, "kind"), &f->e.kind))
		return KR_EINVAL;
	f->e.name = req_form(r, "name");
	f->e.reach = req_form(r, "reach");
	f->e.purpose = req_form(r, "purpose");
	struct referral_problem p[3];
	size_t np = referral_check(&f->e, p);
	for (size_t i = 0; i < np; i++)
		form_problem(fp, p[i].field, _(p[i].message));
	if (np)
		return KR_OK;
	int err = referral_update(app_db(r), &f->e);
	if (err)
		return err;
	fp->done = "/admin/questions?done=changed";
	return KR_OK;
}

static const struct form_page_ops entry_ops = { entry_save, entry_render };

/* The entry of /admin/referrals/{id}: KR_ENOTFOUND for one that is not there. */
static int
entry_open(struct request *r, struct entry_form *f)
{
	long id;
	if (str_to_long((struct str){ r->params[0].p, r->params[0].len }, 1, INT64_MAX, &id))
		return KR_ENOTFOUND;
	struct referral *dir;
	size_t n;
	struct db_conn *c = app_db(r);
	int err = c ? referral_list(c, &r->arena, &dir, &n) : KR_EDB;
	for (size_t i = 0; !err && i < n; i++)
		if (dir[i].id == id) {
			f->e = dir[i];
			f->self = arena_printf(&r->arena, "/admin/referrals/%ld", id);
			return KR_OK;
		}
	return err ? err : KR_ENOTFOUND;
}

int
page_admin_referral(struct request *r)
{
	struct entry_form f = { 0 };
	int err = entry_open(r, &f);
	return err ? err : form_page_show(r, &entry_ops, &f);
}

int
page_admin_referral_post(struct request *r)
{
	struct entry_form f = { 0 };
	int err = entry_open(r, &f);
	return err ? err : form_page_post(r, &entry_ops, &f);
}

int
page_admin_referral_delete_post(struct request *r)
{
	long id;
	if (str_to_long((struct str){ r->params[0].p, r->params[0].len }, 1, INT64_MAX, &id))
		return KR_ENOTFOUND;
	int err = referral_delete(app_db(r), id);
	if (err)
		return err;
	resp_redirect(r, "/admin/questions?done=removed");
	return KR_OK;
}

/* ---- hooks ---- */

int
questions_retention(struct db_conn *c, struct retention_ctx *ctx)
{
	struct questions_settings s;
	int64_t n = 0;
	int err = questions_settings_get(c, &s);
	if (!err)
		err = questions_erase_closed_before(
		    c, questions_months_before(ctx->now, s.keep_months), &n);
	if (!err)
		retention_erased(ctx, "closed questions", n);
	return err;
}

/* "My data": the person's own questions, anonymous ones included (only they see this page and
 * the download), with every message. A question asked with a code is tied to no account and is
 * not here. */
int
questions_my_data(struct my_data *md)
{
	struct question *qs;
	size_t n;
	int err = questions_mine(md->c, md->k, md->a, md->account_id, &qs, &n);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		struct question full;
		if ((err =
			 questions_get_mine(md->c, md->k, md->a, md->account_id, qs[i].ref, &full)))
			return err;
		qs[i] = full;
	}
	if (md->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *q = json_object();
			json_object_set_new(q, "network_id", json_integer(qs[i].network_id));
			json_object_set_new(q, "asked", json_string(question_how_name(qs[i].how)));
			json_object_set_new(q, "state",
					    json_string(question_state_name(qs[i].state)));
			json_object_set_new(q, "asked_at", json_integer(qs[i].asked_at));
			json_object_set_new(q, "text", json_string(qs[i].text));
			json_object_set_new(q, "faq_consent", json_boolean(qs[i].faq_consent));
			json_t *msgs = json_array();
			for (size_t k = 0; k < qs[i].nmsgs; k++) {
				const struct question_msg *m = &qs[i].msgs[k];
				json_t *jm = json_object();
				json_object_set_new(jm, "kind",
						    json_string(question_msg_kind_name(m->kind)));
				if (m->signed_by_name && m->author_name)
					json_object_set_new(jm, "signed_by",
							    json_string(m->author_name));
				json_object_set_new(jm, "at", json_integer(m->created_at));
				json_object_set_new(jm, "text", json_string(m->text));
				json_array_append_new(msgs, jm);
			}
			json_object_set_new(q, "messages", msgs);
			json_array_append_new(arr, q);
		}
		json_object_set_new(md->json, "questions", arr);
		return KR_OK;
	}
	struct strbuf *o = md->html;
	const char *lang = org_lang(md->c, md->a);
	html_fmt(o, "<h2>%s</h2>\n", _("Questions you asked"));
	if (!n)
		html_fmt(o, "<p>%s</p>\n",
			 _("You have not asked a question while signed in. A question asked with a "
			   "code is tied to no account and is not here."));
	for (size_t i = 0; i < n; i++) {
		html_fmt(o, "<h3>%s</h3>\n<p>%s, %s%s</p>\n", day_text_a(md->a, qs[i].asked_at),
			 qs[i].how == QUESTION_NAMED ? _("under your name") : _("anonymous"),
			 asker_state_label(qs[i].state),
			 qs[i].faq_consent ? _(", may go in the FAQ") : "");
		text_paras(o, qs[i].text, "question-text", lang);
		for (size_t k = 0; k < qs[i].nmsgs; k++)
			text_paras(o, qs[i].msgs[k].text, "message-text", lang);
	}
	if (n)
		html_fmt(o, "<p><a href=\"/questions\">%s</a></p>\n", _("My questions"));
	return KR_OK;
}

/* ---- figures ---- */

static const char *
translate(const char *msgid)
{
	return _(msgid);
}

int
questions_referral_figures(struct request *r, const int64_t kinds[REFERRAL_KINDS])
{
	struct figure_cell cells[REFERRAL_KINDS];
	int64_t total = 0;
	for (int i = 0; i < REFERRAL_KINDS; i++) {
		cells[i] =
		    (struct figure_cell){ _(referral_kind_label((enum referral_kind)i)), kinds[i] };
		total += kinds[i];
	}
	struct figure_table t = { .total = total,
				  .cells = cells,
				  .ncells = REFERRAL_KINDS,
				  .cells_partition_total = true };
	struct figure_result res;
	int err = figures_table(&t, &r->arena, &res);
	if (err)
		return err;
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Referrals by kind"));
	if (res.withheld)
		html_fmt(o, "<p>%s</p>\n",
			 _("The details are hidden so that nobody can be recognised."));
	view_table_begin(r, _("Referrals by kind"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		 "</thead>\n<tbody>\n",
		 _("Where to"), _("Referrals"));
	for (size_t i = 0; i < res.ncells; i++)
		html_fmt(o, "<tr><td>%s</td><td>%s</td></tr>\n", cells[i].label,
			 figures_text(&res.cells[i], translate, &r->arena));
	html_fmt(o, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n</tbody>\n</table>\n</div>\n",
		 _("All referrals"), figures_text(&res.total, translate, &r->arena));
	return KR_OK;
}

/* The median wait for a first answer, in words: hours up to two days, then days. */
static const char *
wait_text(struct request *r, int64_t hours)
{
	if (hours < 1)
		return _("less than an hour");
	if (hours < 48)
		return with_number(&r->arena, hours == 1 ? _("{n} hour") : _("{n} hours"), "{n}",
				   hours);
	int64_t days = (hours + 12) / 24;
	return with_number(&r->arena, _("{n} days"), "{n}", days);
}

int
page_question_figures(struct request *r)
{
	struct org org;
	struct network nw;
	int err = network_load(r, &org, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	bool sees;
	if ((err = org_sees_figures(c, nw.id, r->user_id, &sees)))
		return err;
	if (!sees)
		return KR_EFORBIDDEN;
	struct question_figures f;
	if ((err = questions_figures(c, nw.id, time_now(), &f)))
		return err;
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ nw.name, arena_printf(&r->arena, "/n/%s", nw.slug), org.content_lang },
		{ _("Figures of the questions desk"), NULL, NULL },
	};
	const struct page pg = {
		.title = _("Figures of the questions desk"),
		.lead =
		    _("How many questions came in, how long people waited for a first answer, "
		      "and where they were referred to, over the last 12 weeks that have ended. "
		      "Never what was asked. A figure under five is shown as \"fewer than 5\"."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	html_fmt(o, "<h2>%s</h2>\n", _("Questions by week"));
	view_table_begin(r, _("Questions by week"));
	html_fmt(o,
		 "<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		 "</thead>\n<tbody>\n",
		 _("Week starting on Monday"), _("Questions"));
	for (int i = 0; i < QUESTION_FIGURE_WEEKS; i++) {
		/* Each week is its own figure: it counts other questions than the other weeks. */
		struct figure fig;
		if ((err = figures_count(f.asked[i], &fig)))
			return err;
		time_t t = (time_t)f.week_start[i];
		struct tm tm;
		gmtime_r(&t, &tm);
		html_fmt(o, "<tr><td>%s</td><td>%s</td></tr>\n",
			 arena_printf(&r->arena, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
				      tm.tm_mday),
			 figures_text(&fig, translate, &r->arena));
	}
	html_lit(o, "</tbody>\n</table>\n</div>\n");
	html_fmt(o, "<h2>%s</h2>\n", _("Time to a first answer"));
	struct figure answered;
	if ((err = figures_count(f.answered, &answered)))
		return err;
	if (answered.display != FIGURE_EXACT)
		html_fmt(
		    o, "<p>%s</p>\n",
		    _("Fewer than 5 questions had a first answer in these weeks, so no time is "
		      "shown."));
	else
		html_fmt(o, "<p>%s</p>\n",
			 with_text(&r->arena,
				   with_number(
				       &r->arena,
				       _("{n} questions had a first answer in these weeks. Half of "
					 "them had it within {wait}."),
				       "{n}", answered.count),
				   "{wait}", wait_text(r, f.median_hours)));
	if ((err = questions_referral_figures(r, f.referrals)))
		return err;
	view_end(r);
	return KR_OK;
}

/* ---- the network's frequently asked questions ---- */

/* The FAQ of a network: every signed-in employee reads it (anyone may ask the network), its
 * core team keeps it. */
int
page_faq(struct request *r)
{
	struct org org;
	struct network nw;
	int err = network_load(r, &org, &nw);
	if (err)
		return err;
	struct db_conn *c = app_db(r);
	struct faq_entry *es;
	size_t n;
	if ((err = faq_list(c, &r->arena, nw.id, &es, &n)))
		return err;
	bool team = org_is_core_team(c, nw.id, r->user_id);
	const char *done = req_query(r, "done");
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ nw.name, arena_printf(&r->arena, "/n/%s", nw.slug), org.content_lang },
		{ _("Frequently asked questions"), NULL, NULL },
	};
	const struct page pg = {
		.title = _("Frequently asked questions"),
		.lead = _("Questions that people asked this network, with the answers, in the core "
			  "team's words. Nothing here points to who asked."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.notice = !done ? NULL
			  : strcmp(done, "removed") == 0
			      ? _("The question is removed from the FAQ.")
			      : _("The FAQ is saved."),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	if (team)
		html_fmt(o, "<p><a class=\"button\" href=\"/n/%s/faq/new\">%s</a></p>\n", nw.slug,
			 _("Add a question to the FAQ"));
	if (!n)
		html_fmt(o, "<p>%s</p>\n", _("There are no frequently asked questions yet."));
	for (size_t i = 0; i < n; i++) {
		html_fmt(o, "<section class=\"faq\">\n<h2 lang=\"%s\">%s</h2>\n", org.content_lang,
			 es[i].question);
		text_paras(o, es[i].answer, NULL, org.content_lang);
		if (team)
			html_fmt(o, "<p><a href=\"/n/%s/faq/%lld\">%s</a></p>\n", nw.slug,
				 (long long)es[i].id, _("Change or remove"));
		html_lit(o, "</section>\n");
	}
	html_fmt(o, "<p><a href=\"/n/%s/ask\">%s</a></p>\n", nw.slug,
		 _("Ask this network a question"));
	view_end(r);
	return KR_OK;
}

struct faq_form {
	struct org org;
	struct network nw;
	struct faq_entry e;
};

static int
faq_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct faq_form *f = fp->values;
	const char *list = arena_printf(&r->arena, "/n/%s/faq", f->nw.slug);
	const char *title =
	    f->e.id ? _("Change a question in the FAQ") : _("Add a question to the FAQ");
	const struct crumb crumbs[] = {
		{ _("Networks"), "/networks", NULL },
		{ f->nw.name, arena_printf(&r->arena, "/n/%s", f->nw.slug), f->org.content_lang },
		{ _("Frequently asked questions"), list, NULL },
		{ title, NULL, NULL },
	};
	const struct page pg = {
		.title = title,
		.lead = _(
		    "Write the question and its answer in your own words. Leave out anything "
		    "that points to who asked: a name, a team, a site, a date, a detail only they "
		    "would know."),
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = form_page_failed(fp),
	};
	view_begin(r, &pg);
	struct strbuf *o = &r->out;
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o,
		   f->e.id ? arena_printf(&r->arena, "%s/%lld", list, (long long)f->e.id)
			   : arena_printf(&r->arena, "%s/new", list),
		   r->csrf_token);
	form_input(o, &(struct form_field){ .name = "question",
					    .label = _("The question"),
					    .hint = _("At most 500 characters."),
					    .value = f->e.question,
					    .required = true,
					    .maxlength = FAQ_QUESTION_MAX,
					    .lang = f->org.content_lang,
					    .error = form_problem_of(fp, "question") });
	form_input(
	    o, &(struct form_field){ .name = "answer",
				     .label = _("The answer"),
				     .hint = _("At most 10,000 characters. An empty line starts "
					       "a new paragraph."),
				     .value = f->e.answer,
				     .multiline = true,
				     .required = true,
				     .maxlength = FAQ_ANSWER_MAX,
				     .lang = f->org.content_lang,
				     .error = form_problem_of(fp, "answer") });
	form_submit(o, _("Save"));
	form_end(o);
	if (f->e.id) {
		html_fmt(o, "<h2>%s</h2>\n", _("Remove from the FAQ"));
		form_begin(o, arena_printf(&r->arena, "%s/%lld/delete", list, (long long)f->e.id),
			   r->csrf_token);
		form_submit(o, _("Remove this question"));
		form_end(o);
	}
	view_end(r);
	return KR_OK;
}

/* The network for its core team, and the entry of the address (when it names one). */
static int
faq_load(struct request *r, struct faq_form *f, bool with_entry)
{
	int err = team_load(r, &f->org, &f->nw);
	if (err || !with_entry)
		return err;
	long id;
	if (str_to_long(r->params[1], 1, INT64_MAX, &id))
		return KR_ENOTFOUND;
	return faq_get(app_db(r), &r->arena, f->nw.id, id, &f->e);
}

static int
faq_save_form(struct form_page *fp)
{
	struct request *r = fp->r;
	struct faq_form *f = fp->values;
	int err = faq_load(r, f, r->params[1].len > 0);
	if (err)
		return err;
	f->e.network_id = f->nw.id;
	f->e.question = req_form(r, "question");
	f->e.answer = req_form(r, "answer");
	const char *field = NULL, *problem = NULL;
	err = faq_save(app_db(r), &r->arena, &f->e, time_now(), &field, &problem);
	if ((err == KR_EINVAL || err == KR_ECONFLICT) && problem) {
		form_problem(fp, field ? field : "question", _(problem));
		return KR_OK;
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/n/%s/faq?done=saved", f->nw.slug);
	return KR_OK;
}

static const struct form_page_ops faq_ops = { faq_save_form, faq_render };

int
page_faq_new(struct request *r)
{
	struct faq_form f = { 0 };
	int err = faq_load(r, &f, false);
	return err ? err : form_page_show(r, &faq_ops, &f);
}

int
page_faq_new_post(struct request *r)
{
	struct faq_form f = { 0 };
	return form_page_post(r, &faq_ops, &f);
}

int
page_faq_entry(struct request *r)
{
	struct faq_form f = { 0 };
	int err = faq_load(r, &f, true);
	return err ? err : form_page_show(r, &faq_ops, &f);
}

int
page_faq_entry_post(struct request *r)
{
	struct faq_form f = { 0 };
	return form_page_post(r, &faq_ops, &f);
}

/* Two steps: the button on the entry's page shows this question; confirm=1 removes it. */
int
page_faq_delete_post(struct request *r)
{
	struct faq_form f = { 0 };
	int err = faq_load(r, &f, true);
	if (err)
		return err;
	const char *confirm = req_form(r, "confirm");
	const char *list = arena_printf(&r->arena, "/n/%s/faq", f.nw.slug);
	if (!confirm) {
		const struct page pg = { .title = _("Remove this question from the FAQ?"),
					 .lead = _("Step 2 of 2: the question and its answer are "
						   "removed at once.") };
		view_begin(r, &pg);
		html_fmt(&r->out, "<p lang=\"%s\"><strong>%s</strong></p>\n", f.org.content_lang,
			 f.e.question);
		form_begin(&r->out,
			   arena_printf(&r->arena, "%s/%lld/delete", list, (long long)f.e.id),
			   r->csrf_token);
		html_lit(&r->out, "<input type=\"hidden\" name=\"confirm\" value=\"1\">\n");
		form_submit(&r->out, _("Yes, remove it"));
		form_end(&r->out);
		html_fmt(&r->out, "<p><a href=\"%s\">%s</a></p>\n", list, _("No, keep it"));
		view_end(r);
		return KR_OK;
	}
	if (strcmp(confirm, "1") != 0)
		return KR_EINVAL;
	if ((err = faq_delete(app_db(r), f.nw.id, f.e.id)))
		return err;
	resp_redirect(r, arena_printf(&r->arena, "%s?done=removed", list));
	return KR_OK;
}
