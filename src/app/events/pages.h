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

int page_event_needs(struct request *r); /* needs_pages.c */
int page_event_needs_post(struct request *r);
int page_events_needs(struct request *r);
int page_events_needs_post(struct request *r);
int page_event_feedback(struct request *r); /* feedback_pages.c */
int page_event_feedback_post(struct request *r);
int page_event_answers(struct request *r);
int page_event_arrangements(struct request *r);
int page_event_arrangements_post(struct request *r);
int page_admin_needs_post(struct request *r);

/* Shared by pages.c and needs_pages.c within the feature. */
struct access_needs;
struct event;
struct page;
/* The event of the path, if the reader may see it (KR_ENOTFOUND otherwise). */
int events_page_load(struct request *r, struct event *e, bool *organiser) MUST_CHECK;
/* The page's start with the trail Events › the event [› last]. */
void events_page_begin(struct request *r, struct page *pg, const struct event *e, const char *last);
/* A page that says why nothing was done, with a way back to the event. */
int events_page_refusal(struct request *r, const struct event *e, int status, const char *title,
			const char *text);
/* The rooms page again at 400, with a problem in the setting of how long needs are kept. */
int events_rooms_again(struct request *r, const char *error, const char *typed);
/* The access needs part of a form (the registration, one's registration's needs): what is
 * shared with whom, the needs ticked as in n (NULL: none), the own words with error, and
 * "keep these" ticked as keep. */
void needs_fieldset(struct request *r, const struct access_needs *n, bool keep, int64_t keep_days,
		    const char *error);
/* The needs ticked on the form and whether to keep them; KR_EINVAL for a value that no form
 * sends (the own words are checked by needs_check()). */
int needs_from_form(struct request *r, struct access_needs *out, bool *keep) MUST_CHECK;
/* The needs as a list of their labels, in the reader's language. */
const char *needs_labels(struct arena *a, const struct access_needs *n);
/* The administrator's setting of how long needs are kept, on the rooms page. */
int needs_admin_section(struct request *r, const char *error, const char *typed) MUST_CHECK;

/* Hooks of the features table (src/app/feature.h). */
int events_network_section(struct request *r, const struct org *org, const struct network *nw);
int events_my_data(struct my_data *md);
int events_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id);
int events_retention(struct db_conn *c, struct retention_ctx *ctx);
int events_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
