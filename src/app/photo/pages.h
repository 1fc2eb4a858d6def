/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/photo (a visible member's photo), for its route table in
 * routes.c. No other feature includes this header. */
#ifndef KRING_PHOTO_PAGES_H
#define KRING_PHOTO_PAGES_H

#include "http/request.h"

int page_photo(struct request *r);
int page_photo_post(struct request *r);
int page_photo_remove_post(struct request *r);
int page_photo_own(struct request *r);

#endif
