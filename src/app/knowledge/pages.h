/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/knowledge (a network's knowledge base: the list, a
 * page, writing and changing one, its versions, "still correct" and pinning), for its route
 * table in routes.c. No other feature includes this header. */
#ifndef KRING_KNOWLEDGE_PAGES_H
#define KRING_KNOWLEDGE_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_knowledge_list(struct request *r);
int page_knowledge_new(struct request *r);
int page_knowledge_new_post(struct request *r);
int page_knowledge_page(struct request *r);
int page_knowledge_edit(struct request *r);
int page_knowledge_edit_post(struct request *r);
int page_knowledge_versions(struct request *r);
int page_knowledge_version(struct request *r);
int page_knowledge_checked_post(struct request *r);
int page_knowledge_pin_post(struct request *r);
int page_knowledge_delete_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int knowledge_network_section(struct request *r, const struct org *org, const struct network *nw);
int knowledge_my_data(struct my_data *md);
int knowledge_retention(struct db_conn *c, struct retention_ctx *ctx);
int knowledge_erase_hook(struct db_conn *c, const struct keys *k, int64_t account_id);
int knowledge_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
