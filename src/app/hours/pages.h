/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/hours (the organisation's rule, a member's hours and
 * the energy guard, booking, agreements and their approval, totals, the load view), for its
 * route table in routes.c. No other feature includes this header. */
#ifndef KRING_HOURS_PAGES_H
#define KRING_HOURS_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_admin_hours(struct request *r);
int page_admin_hours_post(struct request *r);
int page_my_hours(struct request *r);
int page_my_hours_guard_post(struct request *r);
int page_hours_book(struct request *r);
int page_hours_book_post(struct request *r);
int page_hours_agreement(struct request *r);
int page_hours_agreement_post(struct request *r);
int page_hours_approve(struct request *r);
int page_hours_approve_post(struct request *r);
int page_hours_approvals(struct request *r);
int page_hours_approvals_post(struct request *r);
int page_hours_totals(struct request *r);
int page_hours_load(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int hours_network_section(struct request *r, const struct org *org, const struct network *nw);
int hours_my_data(struct my_data *md);
int hours_retention(struct db_conn *c, struct retention_ctx *ctx);
int hours_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
