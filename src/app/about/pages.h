/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/about (the accessibility statement), for its route table in
 * routes.c. No other feature includes this header. */
#ifndef KRING_ABOUT_PAGES_H
#define KRING_ABOUT_PAGES_H

#include "http/request.h"

int page_accessibility(struct request *r);

#endif
