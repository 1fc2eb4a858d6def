/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/members (membership of networks and subgroups: joining, how
 * one appears, leaving, member lists, subgroups and their coordinators), for its route table in
 * routes.c. No other feature includes this header. */
#ifndef KRING_MEMBERS_PAGES_H
#define KRING_MEMBERS_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_group_join(struct request *r);
int page_group_join_post(struct request *r);
int page_group_me(struct request *r);
int page_group_me_post(struct request *r);
int page_group_leave(struct request *r);
int page_group_leave_post(struct request *r);
int page_group_members(struct request *r);
int page_group_member_photo(struct request *r);
int page_subgroups(struct request *r);
int page_subgroups_post(struct request *r);
int page_group(struct request *r);
int page_group_coordinators_post(struct request *r);
int page_coordinator_requests(struct request *r);
int page_coordinator_accept_post(struct request *r);
int page_coordinator_decline_post(struct request *r);
int page_coordinator_step_down(struct request *r);
int page_coordinator_step_down_post(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int members_network_section(struct request *r, const struct org *org, const struct network *nw);
int members_my_data(struct my_data *md);
int members_home_notice(struct request *r);
int members_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
