/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* networks.h: views of networks shared by the pages that show them. */
#ifndef KRING_NETWORKS_H
#define KRING_NETWORKS_H

#include "app/org/org.h"
#include "http/request.h"

/* A list of network cards linking to each network's page; `lang` is the language of the
 * organisation's own texts (marked with lang= for screen readers). Each card's name is a
 * heading of `level` (2 or 3), one below the heading the list sits under, so that no level
 * is skipped. */
void networks_cards(struct request *r, const struct network *nws, size_t n, const char *lang,
		    int level);

#endif
