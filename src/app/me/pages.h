/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/me ("my data" and deleting one's own account), for its
 * route table in routes.c. No other feature includes this header. */
#ifndef KRING_ME_PAGES_H
#define KRING_ME_PAGES_H

#include "http/request.h"

int page_me_data(struct request *r);
int page_me_data_json(struct request *r);
int page_me_delete(struct request *r);
int page_me_delete_post(struct request *r);

#endif
