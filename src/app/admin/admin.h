/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* admin.h: what the administration pages share (pages.c, networks.c, accounts.c). Internal to
 * src/app/admin; the handlers themselves are declared in pages.h. */
#ifndef KRING_ADMIN_H
#define KRING_ADMIN_H

#include "app/app.h"
#include "app/common/form_page.h"
#include "app/common/view.h"
#include "app/org/org.h"

/* A form field's value without the spaces, tabs and line breaks around it; "" when it was not
 * sent. In the request's arena. */
const char *admin_field(struct request *r, const char *name);
/* The translated message with its first "{…}" placeholder replaced by value, for messages
 * whose word order differs between languages ("Disable {name}" / "{name} blokkeren"). */
const char *admin_fill(struct request *r, const char *message, const char *value);
/* Adds the service's problems to the form page, translated. */
void admin_problems(struct form_page *fp, const struct org_problem *p, size_t n);
/* The message for field among errors, or NULL. */
const char *admin_error_of(const struct form_error *errors, size_t n, const char *field);
/* The positive integer in path parameter i, or 0 when it is not one. */
int64_t admin_id_param(struct request *r, size_t i);
/* Starts an administration page: the trail Home › Administration › [section ›] title. section
 * and section_href may be NULL (a page directly under Administration). */
void admin_begin(struct request *r, struct page *pg, const char *section, const char *section_href);
/* A table that may scroll sideways, labelled by its caption (id caption_id). */
void admin_table_begin(struct request *r, const char *caption_id, const char *caption);
void admin_table_end(struct request *r);

#endif
