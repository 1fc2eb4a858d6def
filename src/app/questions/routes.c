// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/questions (the questions desk: asking, the asker's pages, the
 * core team's queue, the referral directory and its administration), top to bottom, and its
 * entry in the features table (src/app/features.c). The server checks method, flags, body size
 * and the accepted parameters before a handler runs; anything else is 400, 404 or 405. Text
 * limits are four bytes per character of the service's limits, so that the service, not the
 * router, tells about a text that is too long. Every path that names a question is logged by
 * its pattern: a question's address says nothing, but it stays out of the log all the same. */
#include "app/app.h"
#include "app/feature.h"
#include "app/questions/pages.h"
#include "app/questions/questions.h"

static const struct route_param queue_query[] = { { "page", 8 }, { "done", 16 }, { NULL, 0 } };
static const struct route_param ask_form[] = {
	{ "csrf", 64 },
	{ "text", 40000 },
	{ "how", 16 },
	{ NULL, 0 },
};
static const struct route_param reply_form[] = {
	{ "csrf", 64 },
	{ "text", 40000 },
	{ NULL, 0 },
};
static const struct route_param code_form[] = {
	{ "csrf", 64 },
	{ "code", 64 },
	{ NULL, 0 },
};
static const struct route_param code_reply_form[] = {
	{ "csrf", 64 },
	{ "code", 64 },
	{ "text", 40000 },
	{ NULL, 0 },
};
static const struct route_param code_erase_form[] = {
	{ "csrf", 64 },
	{ "code", 64 },
	{ "confirm", 1 },
	{ NULL, 0 },
};
static const struct route_param respond_form[] = {
	{ "csrf", 64 },	     { "kind", 16 },	  { "text", 40000 },   { "signed", 1 },
	{ "referral1", 20 }, { "referral2", 20 }, { "referral3", 20 }, { NULL, 0 },
};
static const struct route_param settings_form[] = {
	{ "csrf", 64 },
	{ "flag_days", 16 },
	{ "keep_months", 16 },
	{ NULL, 0 },
};
static const struct route_param consent_form[] = {
	{ "csrf", 64 },
	{ "consent", 3 },
	{ NULL, 0 },
};
static const struct route_param code_consent_form[] = {
	{ "csrf", 64 },
	{ "code", 64 },
	{ "consent", 3 },
	{ NULL, 0 },
};
static const struct route_param faq_form[] = {
	{ "csrf", 64 },
	{ "question", 2000 },
	{ "answer", 40000 },
	{ NULL, 0 },
};
static const struct route_param confirm_form[] = {
	{ "csrf", 64 },
	{ "confirm", 1 },
	{ NULL, 0 },
};
static const struct route_param referral_form[] = {
	{ "csrf", 64 },	   { "kind", 32 },	{ "name", 800 },
	{ "reach", 4000 }, { "purpose", 8000 }, { NULL, 0 },
};

#define QLOG (ROUTE_SIGNIN | ROUTE_NOLOG_PATH)

static const struct route routes[] = {
	/* Asking: any signed-in employee, member or not. */
	{ HTTP_GET, "/n/{slug}/ask", page_question_ask, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/ask", page_question_ask_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 48000,
	  NULL, ask_form },
	/* The asker's own pages: a question with a code first, whose page opens with the code. */
	{ HTTP_GET, "/questions", page_questions_mine, ROUTE_SIGNIN, 0, 0, route_done_query, NULL },
	{ HTTP_GET, "/questions/code", page_question_code, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/questions/code", page_question_code_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 512,
	  NULL, code_form },
	{ HTTP_POST, "/questions/code/reply", page_question_code_reply_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 48000, NULL, code_reply_form },
	{ HTTP_POST, "/questions/code/erase", page_question_code_erase_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, 0, 512, NULL, code_erase_form },
	{ HTTP_POST, "/questions/code/faq", page_question_code_faq_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  0, 512, NULL, code_consent_form },
	{ HTTP_GET, "/questions/{ref}", page_question_mine, QLOG, 0, 0, route_done_query, NULL },
	{ HTTP_POST, "/questions/{ref}/reply", page_question_mine_reply_post, ROUTE_CSRF | QLOG, 0,
	  48000, NULL, reply_form },
	{ HTTP_POST, "/questions/{ref}/faq", page_question_mine_faq_post, ROUTE_CSRF | QLOG, 0, 256,
	  NULL, consent_form },
	{ HTTP_GET, "/questions/{ref}/erase", page_question_mine_erase, QLOG, 0, 0, NULL, NULL },
	{ HTTP_POST, "/questions/{ref}/erase", page_question_mine_erase_post, ROUTE_CSRF | QLOG, 0,
	  256, NULL, route_csrf_form },
	/* The core team's queue (checked by the handlers: the network's core team only). */
	{ HTTP_GET, "/n/{slug}/questions", page_question_queue, ROUTE_SIGNIN, 0, 0, queue_query,
	  NULL },
	{ HTTP_GET, "/n/{slug}/questions/figures", page_question_figures, ROUTE_SIGNIN, 0, 0, NULL,
	  NULL },
	{ HTTP_GET, "/n/{slug}/questions/{ref}", page_question_team, QLOG, 0, 0, route_done_query,
	  NULL },
	{ HTTP_POST, "/n/{slug}/questions/{ref}/take", page_question_take_post, ROUTE_CSRF | QLOG,
	  0, 256, NULL, route_csrf_form },
	{ HTTP_POST, "/n/{slug}/questions/{ref}/respond", page_question_respond_post,
	  ROUTE_CSRF | QLOG, 0, 48000, NULL, respond_form },
	{ HTTP_POST, "/n/{slug}/questions/{ref}/close", page_question_close_post, ROUTE_CSRF | QLOG,
	  0, 256, NULL, route_csrf_form },
	/* Where to go: every employee reads it, the administrator keeps it. */
	{ HTTP_GET, "/n/{slug}/faq", page_faq, ROUTE_SIGNIN, 0, 0, route_done_query, NULL },
	{ HTTP_GET, "/n/{slug}/faq/new", page_faq_new, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/faq/new", page_faq_new_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 48000,
	  NULL, faq_form },
	{ HTTP_GET, "/n/{slug}/faq/{id}", page_faq_entry, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_POST, "/n/{slug}/faq/{id}", page_faq_entry_post, ROUTE_CSRF | ROUTE_SIGNIN, 0, 48000,
	  NULL, faq_form },
	{ HTTP_POST, "/n/{slug}/faq/{id}/delete", page_faq_delete_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  0, 256, NULL, confirm_form },
	{ HTTP_GET, "/referrals", page_referrals, ROUTE_SIGNIN, 0, 0, NULL, NULL },
	{ HTTP_GET, "/admin/questions", page_admin_questions, ROUTE_SIGNIN, ROLE_ADMIN, 0,
	  route_done_query, NULL },
	{ HTTP_POST, "/admin/questions", page_admin_questions_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 512, NULL, settings_form },
	{ HTTP_POST, "/admin/referrals", page_admin_referrals_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 16384, NULL, referral_form },
	{ HTTP_GET, "/admin/referrals/{id}", page_admin_referral, ROUTE_SIGNIN, ROLE_ADMIN, 0, NULL,
	  NULL },
	{ HTTP_POST, "/admin/referrals/{id}", page_admin_referral_post, ROUTE_CSRF | ROUTE_SIGNIN,
	  ROLE_ADMIN, 16384, NULL, referral_form },
	{ HTTP_POST, "/admin/referrals/{id}/delete", page_admin_referral_delete_post,
	  ROUTE_CSRF | ROUTE_SIGNIN, ROLE_ADMIN, 256, NULL, route_csrf_form },
};

const struct feature feature_questions = {
	.name = "questions",
	.routes = routes,
	.nroutes = ARRAY_SIZE(routes),
	.erase_account = questions_erase_account,
	.my_data = questions_my_data,
	.retention = questions_retention,
	.rekey = questions_rekey,
	.demo = questions_demo,
	.network_page = questions_network_section,
};
