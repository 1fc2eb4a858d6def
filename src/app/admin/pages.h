/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/admin (administration: the organisation, sites, networks,
 * accounts, the audit log), for its route table in routes.c. No other feature includes this header.
 */
#ifndef KRING_ADMIN_PAGES_H
#define KRING_ADMIN_PAGES_H

#include "http/request.h"

int page_admin(struct request *r);
int page_admin_org(struct request *r);
int page_admin_org_post(struct request *r);
int page_admin_sites(struct request *r);
int page_admin_sites_post(struct request *r);
int page_admin_networks(struct request *r);
int page_admin_network_new(struct request *r);
int page_admin_network_new_post(struct request *r);
int page_admin_network(struct request *r);
int page_admin_network_post(struct request *r);
int page_admin_network_role_post(struct request *r);
int page_admin_accounts(struct request *r);
int page_admin_invite_post(struct request *r);
int page_admin_account_disable_post(struct request *r);
int page_admin_account_enable_post(struct request *r);
int page_admin_account_role_post(struct request *r);
int page_admin_audit(struct request *r);

#endif
