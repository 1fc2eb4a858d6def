/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/networks (the list of networks and a network's page), for
 * its route table in routes.c. No other feature includes this header. */
#ifndef KRING_NETWORKS_PAGES_H
#define KRING_NETWORKS_PAGES_H

#include "http/request.h"

int page_networks(struct request *r);
int page_network(struct request *r);

#endif
