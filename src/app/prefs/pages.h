/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/prefs (display preferences and the language), for its route
 * table in routes.c. No other feature includes this header. */
#ifndef KRING_PREFS_PAGES_H
#define KRING_PREFS_PAGES_H

#include "http/request.h"

int page_prefs(struct request *r);
int page_prefs_save(struct request *r);
int page_language(struct request *r);

#endif
