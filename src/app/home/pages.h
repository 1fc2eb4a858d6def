/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/home (the home page), for its route table in
 * routes.c. No other feature includes this header. */
#ifndef KRING_HOME_PAGES_H
#define KRING_HOME_PAGES_H

#include "http/request.h"

int page_home(struct request *r);

#endif
