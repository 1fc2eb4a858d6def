/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pages.h: the page handlers of src/app/auth (signing in and out, two-step sign-in, reset and
 * invitation links, signing up, the account page), for its route table in routes.c. No other
 * feature includes this header. */
#ifndef KRING_AUTH_PAGES_H
#define KRING_AUTH_PAGES_H

#include "http/request.h"

int page_sign_in(struct request *r);
int page_sign_in_post(struct request *r);
int page_sign_out(struct request *r);
int page_sign_out_everywhere(struct request *r);
int page_sign_in_code(struct request *r);
int page_sign_in_code_post(struct request *r);
int page_reset(struct request *r);
int page_reset_post(struct request *r);
int page_reset_link(struct request *r);
int page_reset_link_post(struct request *r);
int page_invite(struct request *r);
int page_invite_post(struct request *r);
int page_sign_up(struct request *r);
int page_sign_up_post(struct request *r);
int page_account(struct request *r);
int page_invite_form(struct request *r);
int page_invite_form_post(struct request *r);
int page_two_factor(struct request *r);
int page_two_factor_post(struct request *r);
int page_step_up_post(struct request *r);

#endif
