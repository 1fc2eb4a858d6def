// SPDX-License-Identifier: AGPL-3.0-or-later
/* form_page.c: the POST of a form page: check, then the form again at 400 or a redirect. */
#include "app/common/form_page.h"

void
form_problem(struct form_page *fp, const char *field, const char *message)
{
	if (fp->nproblems == FORM_PROBLEMS_MAX) {
		fp->ndropped++;
		return;
	}
	fp->problems[fp->nproblems++] = (struct form_error){ field, message };
}

const char *
form_problem_of(const struct form_page *fp, const char *field)
{
	for (size_t i = 0; i < fp->nproblems; i++)
		if (strcmp(fp->problems[i].field, field) == 0)
			return fp->problems[i].message;
	return NULL;
}

bool
form_page_failed(const struct form_page *fp)
{
	return fp->nproblems > 0 || fp->ndropped > 0;
}

static struct form_page *
form_page_new(struct request *r, void *values)
{
	struct form_page *fp = ARENA_NEW(&r->arena, struct form_page);
	fp->r = r;
	fp->values = values;
	fp->status = 400;
	return fp;
}

int
form_page_post(struct request *r, const struct form_page_ops *ops, void *values)
{
	struct form_page *fp = form_page_new(r, values);
	int err = ops->save(fp);
	if (err || fp->answered)
		return err;
	if (form_page_failed(fp)) {
		/* Before rendering: a page may ask r->status whether it shows problems. */
		r->status = fp->status;
		return ops->render(fp);
	}
	if (!fp->done)
		BUG("form_page_post: saved without a page to go to");
	resp_redirect(r, fp->done);
	return KR_OK;
}

int
form_page_show(struct request *r, const struct form_page_ops *ops, void *values)
{
	return ops->render(form_page_new(r, values));
}
