/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the search page (src/app/search/pages.c). */
#ifndef KRING_SEARCH_PAGES_H
#define KRING_SEARCH_PAGES_H

#include "http/request.h"

/* GET /search?q=&in=&page=: the forums, stories and knowledge pages the reader may read. */
int page_search(struct request *r) MUST_CHECK;

#endif
