/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/stories (a network's experience stories and
 * interviews), for its route table in routes.c, and its hooks. No other feature includes this
 * header. */
#ifndef KRING_STORIES_PAGES_H
#define KRING_STORIES_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_stories(struct request *r);
int page_stories_new(struct request *r);
int page_stories_new_post(struct request *r);
int page_stories_mine(struct request *r);
int page_stories_code_post(struct request *r);
int page_stories_review_list(struct request *r);
int page_stories_story(struct request *r);
int page_stories_react_post(struct request *r);
int page_stories_comment_post(struct request *r);
int page_stories_comment_edit(struct request *r);
int page_stories_comment_edit_post(struct request *r);
int page_stories_comment_delete(struct request *r);
int page_stories_comment_delete_post(struct request *r);
int page_stories_comment_hide(struct request *r);
int page_stories_comment_hide_post(struct request *r);
int page_stories_pin_post(struct request *r);
int page_stories_write(struct request *r);
int page_stories_write_post(struct request *r);
int page_stories_review(struct request *r);
int page_stories_review_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int stories_network_section(struct request *r, const struct org *org, const struct network *nw);
int stories_retention(struct db_conn *c, struct retention_ctx *ctx);
int stories_my_data(struct my_data *md);
int stories_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
