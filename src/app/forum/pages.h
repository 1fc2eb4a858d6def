/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/forum (the closed forum of a network or subgroup:
 * categories, topics, replies, one's own posts), for its route table in routes.c. No other
 * feature includes this header. */
#ifndef KRING_FORUM_PAGES_H
#define KRING_FORUM_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_forum(struct request *r);
int page_forum_category_add(struct request *r);
int page_forum_category(struct request *r);
int page_forum_new(struct request *r);
int page_forum_new_post(struct request *r);
int page_forum_topic(struct request *r);
int page_forum_reply_post(struct request *r);
int page_forum_edit(struct request *r);
int page_forum_edit_post(struct request *r);
int page_forum_delete(struct request *r);
int page_forum_delete_post(struct request *r);
int page_forum_claim(struct request *r);
int page_forum_claim_post(struct request *r);
int page_forum_mine(struct request *r);
int page_forum_mine_delete_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int forum_my_data(struct my_data *md);
int forum_network_section(struct request *r, const struct org *org, const struct network *nw);
int forum_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
