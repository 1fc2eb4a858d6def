// SPDX-License-Identifier: AGPL-3.0-or-later
/* feedback_pages.c: the pages of feedback after an event (events.h, "feedback after the
 * event"): the short form for those who had a place, and what the organisers see of the
 * answers (docs/PRIVACY.md, "Feedback after an event"). */
#include "app/app.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/events/events.h"
#include "app/events/pages.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"

static const char *
feedback_refusal_text(enum feedback_refusal why)
{
	switch (why) {
	case FEEDBACK_NOT_OVER:
		return _("Feedback can be given once the event is over. Nothing has changed.");
	case FEEDBACK_CANCELLED:
		return _(
		    "The event was cancelled, so there is nothing to give feedback on. Nothing "
		    "has changed.");
	case FEEDBACK_ANSWERED:
		return _("You gave your feedback on this event already. An answer cannot be "
			 "changed, because it is not linked to you. Nothing has changed.");
	case FEEDBACK_NO_PLACE:
		break;
	}
	return _("Feedback can be given by those who had a place at the event, until 30 days "
		 "after it. Nothing has changed.");
}

/* ---- the form (GET and POST /events/{id}/feedback) ---- */

struct feedback_values {
	struct event e;
	const char *rating, *accessible; /* as typed */
	const char *improve, *comment;
};

static int
feedback_load(struct request *r, struct feedback_values *v, bool *refused)
{
	*refused = false;
	bool organiser;
	int err = events_page_load(r, &v->e, &organiser);
	if (err)
		return err;
	enum feedback_refusal why;
	err =
	    feedback_may(app_db(r), &r->app->keys, &r->arena, &v->e, r->user_id, time_now(), &why);
	if (err == KR_EINVAL) {
		*refused = true;
		return events_page_refusal(r, &v->e, 409, _("No feedback possible"),
					   feedback_refusal_text(why));
	}
	v->improve = v->improve ? v->improve : "";
	v->comment = v->comment ? v->comment : "";
	return err;
}

static int
feedback_render(struct form_page *fp)
{
	struct request *r = fp->r;
	struct feedback_values *v = fp->values;
	struct page pg = { .title = _("How was it?"),
			   .lead = _("Four short questions about this event. Only the first two "
				     "are needed."),
			   .has_errors = form_page_failed(fp) };
	events_page_begin(r, &pg, &v->e, _("Feedback"));
	struct strbuf *o = &r->out;
	html_fmt(
	    o, "<p>%s</p>\n",
	    _("Your answer is anonymous: it is saved without your name and without the time "
	      "you gave it, so nobody can link it to you, not even the administrator. The "
	      "organisers see the ratings once 5 people have answered, and the written "
	      "answers once 10 have, in random order and without dates. You can answer once."));
	form_error_summary(o, fp->problems, fp->nproblems);
	form_begin(o, arena_printf(&r->arena, "/events/%lld/feedback", (long long)v->e.id),
		   r->csrf_token);
	const struct form_option ratings[] = {
		{ "5", _("5 – very good"), NULL, NULL, NULL },
		{ "4", _("4 – good"), NULL, NULL, NULL },
		{ "3", _("3 – all right"), NULL, NULL, NULL },
		{ "2", _("2 – poor"), NULL, NULL, NULL },
		{ "1", _("1 – very poor"), NULL, NULL, NULL },
	};
	form_radios(o, &(struct form_choice){ .name = "rating",
					      .legend = _("What did you think of the event?"),
					      .error = form_problem_of(fp, "rating"),
					      .options = ratings,
					      .noptions = ARRAY_SIZE(ratings),
					      .selected = v->rating });
	const struct form_option access[] = {
		{ "yes", _("Yes"), NULL, NULL, NULL },
		{ "partly", _("Partly"), NULL, NULL, NULL },
		{ "no", _("No"), NULL, NULL, NULL },
	};
	form_radios(o,
		    &(struct form_choice){ .name = "accessible",
					   .legend = _("Was it accessible for you?"),
					   .hint = _("Could you take part the way you needed to?"),
					   .error = form_problem_of(fp, "accessible"),
					   .options = access,
					   .noptions = ARRAY_SIZE(access),
					   .selected = v->accessible });
	form_input(o,
		   &(struct form_field){
		       .name = "improve",
		       .label = _("What could be better for next time? (optional)"),
		       .hint = _("At most 1000 characters. Leave out anything that tells who you "
				 "are."),
		       .value = v->improve,
		       .maxlength = FEEDBACK_TEXT_MAX,
		       .multiline = true,
		       .error = form_problem_of(fp, "improve"),
		   });
	form_input(o, &(struct form_field){
			  .name = "comment",
			  .label = _("Anything else you want to say? (optional)"),
			  .hint = _("At most 1000 characters."),
			  .value = v->comment,
			  .maxlength = FEEDBACK_TEXT_MAX,
			  .multiline = true,
			  .error = form_problem_of(fp, "comment"),
		      });
	form_submit(o, _("Send my feedback"));
	form_end(o);
	html_fmt(o, "<p><a href=\"/events/%lld\">%s</a></p>\n", (long long)v->e.id,
		 _("Back to the event"));
	view_end(r);
	return KR_OK;
}

static int
feedback_save(struct form_page *fp)
{
	struct request *r = fp->r;
	struct feedback_values *v = fp->values;
	v->rating = req_form(r, "rating");
	v->accessible = req_form(r, "accessible");
	v->improve = req_form(r, "improve");
	v->comment = req_form(r, "comment");
	v->improve = v->improve ? v->improve : "";
	v->comment = v->comment ? v->comment : "";
	struct feedback_answer f = { .rating = 0, .improve = v->improve, .comment = v->comment };
	long rating;
	if (!v->rating || str_to_long(str_from(v->rating), 1, 5, &rating))
		form_problem(fp, "rating", _("Choose a rating from 1 to 5."));
	else
		f.rating = (int)rating;
	if (!feedback_access_parse(v->accessible, &f.accessible))
		form_problem(fp, "accessible", _("Say whether the event was accessible for you."));
	long ni = events_text_chars(f.improve, true), nc = events_text_chars(f.comment, true);
	if (ni < 0 || ni > FEEDBACK_TEXT_MAX)
		form_problem(fp, "improve",
			     ni < 0 ? _("The text holds characters that cannot be saved. Type it "
					"again.")
				    : _("Each text can be at most 1000 characters long. Make it "
					"shorter."));
	if (nc < 0 || nc > FEEDBACK_TEXT_MAX)
		form_problem(fp, "comment",
			     nc < 0 ? _("The text holds characters that cannot be saved. Type it "
					"again.")
				    : _("Each text can be at most 1000 characters long. Make it "
					"shorter."));
	if (form_page_failed(fp))
		return KR_OK;
	enum feedback_refusal why;
	int err = feedback_give(app_db(r), &r->app->keys, &r->arena, &v->e, r->user_id, time_now(),
				&f, &why);
	if (err == KR_EINVAL) { /* answered meanwhile, in another tab */
		fp->answered = true;
		return events_page_refusal(r, &v->e, 409, _("No feedback possible"),
					   feedback_refusal_text(why));
	}
	if (err)
		return err;
	fp->done = arena_printf(&r->arena, "/events/%lld?done=feedback", (long long)v->e.id);
	return KR_OK;
}

static const struct form_page_ops feedback_ops = { feedback_save, feedback_render };

int
page_event_feedback(struct request *r)
{
	struct feedback_values v = { 0 };
	bool refused;
	int err = feedback_load(r, &v, &refused);
	if (err || refused)
		return err;
	return form_page_show(r, &feedback_ops, &v);
}

int
page_event_feedback_post(struct request *r)
{
	struct feedback_values v = { 0 };
	bool refused;
	int err = feedback_load(r, &v, &refused);
	if (err || refused)
		return err;
	return form_page_post(r, &feedback_ops, &v);
}

/* ---- what the organisers see (GET /events/{id}/answers) ---- */

/* The texts, in the organisation's language (as people write them). */
static void
text_list(struct strbuf *o, const char *heading, const char *lang, const char **texts, size_t n)
{
	if (!n)
		return;
	html_fmt(o, "<h3>%s</h3>\n<ul lang=\"%s\">\n", heading, lang);
	for (size_t i = 0; i < n; i++)
		html_fmt(o, "<li>%s</li>\n", texts[i]);
	html_lit(o, "</ul>\n");
}

int
page_event_answers(struct request *r)
{
	struct event e;
	bool organiser;
	int err = events_page_load(r, &e, &organiser);
	if (err)
		return err;
	if (!organiser)
		return KR_EFORBIDDEN;
	struct feedback_summary s;
	struct org org;
	if ((err = feedback_summary(app_db(r), &r->app->keys, &r->arena, e.id, &s)) ||
	    (err = org_get(app_db(r), &r->arena, &org)))
		return err;
	struct page pg = { .title = _("Feedback from those who came"),
			   .lead = _("Anonymous answers: nobody can tell who gave which.") };
	events_page_begin(r, &pg, &e, _("Feedback"));
	struct strbuf *o = &r->out;
	if (e.ends_at > time_now()) {
		html_fmt(o, "<p>%s</p>\n",
			 _("Those who have a place can give feedback once the event is over."));
	} else if (s.answers < FEEDBACK_RATINGS_FROM) {
		html_fmt(o, "<p>%s</p>\n",
			 _("Fewer than 5 people have answered so far. The ratings show from 5 "
			   "answers on, so that nobody's answer can be picked out."));
	} else {
		html_fmt(o, "<p>%s %lld.</p>\n", _("Answers:"), (long long)s.answers);
		double sum = 0;
		for (int i = 0; i < 5; i++)
			sum += (double)(i + 1) * (double)s.rating[i];
		html_fmt(o, "<p>%s %s</p>\n", _("Average rating (1 to 5):"),
			 arena_printf(&r->arena, "%.1f", sum / (double)s.answers));
		view_table_begin(r, _("Ratings"));
		html_fmt(
		    o,
		    "<table class=\"table\">\n<caption>%s</caption>\n<thead><tr><th "
		    "scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead>\n"
		    "<tbody>\n",
		    _("Ratings"), _("Rating"), _("Answers"));
		for (int i = 5; i >= 1; i--)
			html_fmt(o,
				 "<tr><th scope=\"row\">%d</th><td class=\"num\">%lld</td></tr>\n",
				 i, (long long)s.rating[i - 1]);
		html_lit(o, "</tbody>\n</table>\n</div>\n");
		view_table_begin(r, _("Was it accessible?"));
		html_fmt(
		    o,
		    "<table class=\"table\">\n<caption>%s</caption>\n<thead><tr><th "
		    "scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead>\n"
		    "<tbody>\n",
		    _("Was it accessible?"), _("Answer"), _("Answers"));
		const char *labels[FEEDBACK_ACCESS_COUNT] = { _("Yes"), _("Partly"), _("No") };
		for (int i = 0; i < FEEDBACK_ACCESS_COUNT; i++)
			html_fmt(o,
				 "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td></tr>\n",
				 labels[i], (long long)s.accessible[i]);
		html_lit(o, "</tbody>\n</table>\n</div>\n");
		html_fmt(o, "<h2>%s</h2>\n", _("In their own words"));
		if (s.answers < FEEDBACK_TEXTS_FROM) {
			html_fmt(o, "<p>%s</p>\n",
				 _("The written answers show from 10 answers on: a text gives its "
				   "writer away sooner than a number."));
		} else if (!s.nimprove && !s.ncomments) {
			html_fmt(o, "<p>%s</p>\n", _("Nobody wrote anything."));
		} else {
			html_fmt(o, "<p>%s</p>\n", _("In random order, without dates."));
			text_list(o, _("What could be better"), org.content_lang, s.improve,
				  s.nimprove);
			text_list(o, _("Anything else"), org.content_lang, s.comments, s.ncomments);
		}
	}
	html_fmt(o, "<p><a href=\"/events/%lld\">%s</a></p>\n", (long long)e.id,
		 _("Back to the event"));
	view_end(r);
	return KR_OK;
}
