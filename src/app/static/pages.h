/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/static (embedded assets and the health check), for its
 * route table in routes.c. No other feature includes this header. */
#ifndef KRING_STATIC_PAGES_H
#define KRING_STATIC_PAGES_H

#include "http/request.h"

int page_static(struct request *r);
int page_healthz(struct request *r);

#endif
