/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/retention (the administrator's retention settings), for its
 * route table in routes.c. No other feature includes this header. */
#ifndef KRING_RETENTION_PAGES_H
#define KRING_RETENTION_PAGES_H

#include "http/request.h"

int page_admin_retention(struct request *r);
int page_admin_retention_post(struct request *r);

#endif
