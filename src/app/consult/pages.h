/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/consult (a network's consultation hours, publishing
 * them, booking, moving and cancelling a talk, "my appointments", the host's page of a talk
 * and the figures), for its route table in routes.c. No other feature includes this header. */
#ifndef KRING_CONSULT_PAGES_H
#define KRING_CONSULT_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_consult_network(struct request *r);
int page_consult_new(struct request *r);
int page_consult_new_post(struct request *r);
int page_consult_figures(struct request *r);
int page_consult_mine(struct request *r);
int page_consult_talk(struct request *r);
int page_consult_talk_ics(struct request *r);
int page_consult_book(struct request *r);
int page_consult_book_post(struct request *r);
int page_consult_move(struct request *r);
int page_consult_move_post(struct request *r);
int page_consult_cancel(struct request *r);
int page_consult_cancel_post(struct request *r);
int page_consult_referral_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int consult_network_section(struct request *r, const struct org *org, const struct network *nw);
int consult_my_data(struct my_data *md);
int consult_calendar(struct calendar_ctx *cc);
int consult_retention(struct db_conn *c, struct retention_ctx *ctx);
int consult_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id);
int consult_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
