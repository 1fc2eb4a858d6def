/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/questions (asking a network a question, the asker's
 * pages, the core team's queue, the referral directory and its administration), for its route
 * table in routes.c. No other feature includes this header. */
#ifndef KRING_QUESTIONS_PAGES_H
#define KRING_QUESTIONS_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_question_ask(struct request *r);
int page_question_ask_post(struct request *r);
int page_questions_mine(struct request *r);
int page_question_mine(struct request *r);
int page_question_mine_reply_post(struct request *r);
int page_question_mine_erase(struct request *r);
int page_question_mine_erase_post(struct request *r);
int page_question_code(struct request *r);
int page_question_code_post(struct request *r);
int page_question_code_reply_post(struct request *r);
int page_question_code_erase_post(struct request *r);
int page_question_queue(struct request *r);
int page_question_team(struct request *r);
int page_question_take_post(struct request *r);
int page_question_respond_post(struct request *r);
int page_question_close_post(struct request *r);
int page_question_figures(struct request *r);
int page_question_mine_faq_post(struct request *r);
int page_question_code_faq_post(struct request *r);
int page_faq(struct request *r);
int page_faq_new(struct request *r);
int page_faq_new_post(struct request *r);
int page_faq_entry(struct request *r);
int page_faq_entry_post(struct request *r);
int page_faq_delete_post(struct request *r);
int page_referrals(struct request *r);
int page_admin_questions(struct request *r);
int page_admin_questions_post(struct request *r);
int page_admin_referrals_post(struct request *r);
int page_admin_referral(struct request *r);
int page_admin_referral_post(struct request *r);
int page_admin_referral_delete_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int questions_network_section(struct request *r, const struct org *org, const struct network *nw);
int questions_my_data(struct my_data *md);
int questions_retention(struct db_conn *c, struct retention_ctx *ctx);
int questions_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
