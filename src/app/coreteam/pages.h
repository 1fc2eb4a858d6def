/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/coreteam (the core team's page, a term's page, the
 * team's history, handover notes), for its route table in routes.c, and its hooks. No other
 * feature includes this header. */
#ifndef KRING_CORETEAM_PAGES_H
#define KRING_CORETEAM_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_coreteam(struct request *r);
int page_coreteam_term_start_post(struct request *r);
int page_coreteam_role_add_post(struct request *r);
int page_coreteam_vacancy_post(struct request *r);
int page_coreteam_vacancy_close_post(struct request *r);
int page_coreteam_term(struct request *r);
int page_coreteam_term_end_post(struct request *r);
int page_coreteam_term_successor_post(struct request *r);
int page_coreteam_term_deputy_post(struct request *r);
int page_coreteam_term_planned_post(struct request *r);
int page_coreteam_term_handover_post(struct request *r);
int page_coreteam_history(struct request *r);
int page_coreteam_notes(struct request *r);
int page_coreteam_notes_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int coreteam_network_section(struct request *r, const struct org *org, const struct network *nw);
int coreteam_my_data(struct my_data *md);
int coreteam_home_notice(struct request *r);
int coreteam_retention(struct db_conn *c, struct retention_ctx *ctx);
int coreteam_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
