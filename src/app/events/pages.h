/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/events (rooms, planning events, registering), for its
 * route table in routes.c. No other feature includes this header. */
#ifndef KRING_EVENTS_PAGES_H
#define KRING_EVENTS_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_admin_rooms(struct request *r);
int page_admin_rooms_post(struct request *r);
int page_events(struct request *r);
int page_event_new(struct request *r);
int page_event_new_post(struct request *r);
int page_event(struct request *r);
int page_event_edit(struct request *r);
int page_event_edit_post(struct request *r);
int page_event_register(struct request *r);
int page_event_register_post(struct request *r);
int page_event_cancel(struct request *r);
int page_event_cancel_post(struct request *r);
int page_events_calendar(struct request *r);
int page_events_calendar_post(struct request *r);
int page_events_feeds(struct request *r);
int page_events_feeds_post(struct request *r);
int page_my_calendar_feed(struct request *r);
int page_network_calendar_feed(struct request *r);
int page_admin_awareness(struct request *r);
int page_admin_awareness_post(struct request *r);
int page_admin_awareness_weeks_post(struct request *r);
int page_admin_awareness_day(struct request *r);
int page_admin_awareness_day_post(struct request *r);
int page_admin_awareness_date_post(struct request *r);
int page_admin_awareness_delete_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int events_network_section(struct request *r, const struct org *org, const struct network *nw);
int events_my_data(struct my_data *md);
int events_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id);
int events_retention(struct db_conn *c, struct retention_ctx *ctx);
int events_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
