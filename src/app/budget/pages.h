/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/budget (a network's budget per year: the overview, a
 * request's and an expense's page, receipts, the CSV export), for its route table in routes.c.
 * No other feature includes this header. */
#ifndef KRING_BUDGET_PAGES_H
#define KRING_BUDGET_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_budget(struct request *r);
int page_budget_year(struct request *r);
int page_budget_allocate_post(struct request *r);
int page_budget_limit_post(struct request *r);
int page_budget_request_post(struct request *r);
int page_budget_expense_post(struct request *r);
int page_budget_planned_post(struct request *r);
int page_budget_close_post(struct request *r);
int page_budget_csv(struct request *r);
int page_budget_request(struct request *r);
int page_budget_decide_post(struct request *r);
int page_budget_expense(struct request *r);
int page_budget_approve_post(struct request *r);
int page_budget_decline_post(struct request *r);
int page_budget_receipt_post(struct request *r);
int page_budget_receipt(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int budget_network_section(struct request *r, const struct org *org, const struct network *nw);
int budget_my_data(struct my_data *md);
int budget_retention(struct db_conn *c, struct retention_ctx *ctx);
int budget_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
