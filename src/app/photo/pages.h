/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/photo (a visible member's photo), for its route table in
 * routes.c. No other feature includes this header. */
#ifndef KRING_PHOTO_PAGES_H
#define KRING_PHOTO_PAGES_H

#include "app/feature.h"
#include "http/request.h"

int page_photo(struct request *r);
int page_photo_post(struct request *r);
int page_photo_remove_post(struct request *r);
int page_photo_own(struct request *r);

/* Hooks of the features table (src/app/feature.h). */
int photo_my_data(struct my_data *md);
int photo_demo(struct db_conn *c, struct demo_ctx *d); /* demo.c */

#endif
