/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/buddies (a network's buddy page, applying, asking for a
 * buddy, "my buddy page" with its answers and check-ins, the coordinators' pages, the core
 * team's settings and the figures), for its route table in routes.c. No other feature includes
 * this header. */
#ifndef KRING_BUDDIES_PAGES_H
#define KRING_BUDDIES_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_buddies_network(struct request *r);
int page_buddies_apply(struct request *r);
int page_buddies_apply_post(struct request *r);
int page_buddies_ask(struct request *r);
int page_buddies_ask_post(struct request *r);
int page_buddies_mine(struct request *r);
int page_buddies_caseload_post(struct request *r);
int page_buddies_answer(struct request *r);
int page_buddies_answer_post(struct request *r);
int page_buddies_end(struct request *r);
int page_buddies_end_post(struct request *r);
int page_buddies_renew_post(struct request *r);
int page_buddies_handback_post(struct request *r);
int page_buddies_checkin_post(struct request *r);
int page_buddies_coordinate(struct request *r);
int page_buddies_request(struct request *r);
int page_buddies_propose_post(struct request *r);
int page_buddies_close_post(struct request *r);
int page_buddies_buddy(struct request *r);
int page_buddies_buddy_post(struct request *r);
int page_buddies_settings(struct request *r);
int page_buddies_theme_post(struct request *r);
int page_buddies_theme_delete_post(struct request *r);
int page_buddies_coordinator_post(struct request *r);
int page_buddies_figures(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int buddies_network_section(struct request *r, const struct org *org, const struct network *nw);
int buddies_home_notice(struct request *r);
int buddies_my_data(struct my_data *md);
int buddies_retention(struct db_conn *c, struct retention_ctx *ctx);
int buddies_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id);
int buddies_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
