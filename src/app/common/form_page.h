/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* form_page.h: the POST of a form page, the same on every page with a form. The feature's save
 * callback reads the form into its kept values, checks them, and saves when nothing is wrong.
 * A problem with what the person sent (form_problem()) brings the same form back at 400, with
 * the error summary and everything they typed kept; success is a 303 to the page that says it
 * is done (the "?done=..." notice of route_done_query). One callback renders the form for the
 * GET and for the POST with problems:
 *
 *	static int save(struct form_page *fp)   // form_problem(fp, "name", _("...")) or save
 *	static int render(struct form_page *fp) // form_error_summary(o, fp->problems, ...)
 *	static const struct form_page_ops ops = { save, render };
 *	... return form_page_post(r, &ops, &kept);
 *
 * The struct form_page lives in the request's arena, like the messages it points to. */
#ifndef KRING_FORM_PAGE_H
#define KRING_FORM_PAGE_H

#include "html/form.h"
#include "http/request.h"

/* Room for one problem per field of the longest form (a network's: 15 fields) and a few more;
 * a form with more shows the first ones. */
#define FORM_PROBLEMS_MAX 20

struct form_page {
	struct request *r;
	/* The feature's kept values: what the person sent, as the form shows it again; the
	 * pointer given to form_page_post() or form_page_show(). */
	void *values;
	/* In the order they were found, which should be the order of the fields on the form: for
	 * form_error_summary(), whose links go to each field's id. */
	struct form_error problems[FORM_PROBLEMS_MAX];
	size_t nproblems;
	size_t ndropped; /* problems past FORM_PROBLEMS_MAX: not shown, the form still fails */
	/* The status of the form shown again: 400, unless save sets another (429 for a throttle,
	 * with its Retry-After header). */
	int status;
	/* Where to go on success, a local path that save sets ("/admin/sites?done=added"). */
	const char *done;
	/* Set by save when it wrote another answer itself (a 409 page: "you are a member
	 * already"): then neither the form nor a redirect follows. */
	bool answered;
};

struct form_page_ops {
	/* Reads and checks the form; with no problem, saves and sets fp->done. Returns an error
	 * code only for what is not the person's input (KR_EDB, KR_EFORBIDDEN...): the POST
	 * returns it as it is and shows no form. */
	int (*save)(struct form_page *fp);
	/* Writes the whole page with its form, from fp->values; fp->nproblems == 0 on a GET. */
	int (*render)(struct form_page *fp);
};

/* Adds a problem with field (its name, the control's id is "f-" + name); message is what is
 * wrong and how to put it right, in the reader's language, kept as a pointer. */
void form_problem(struct form_page *fp, const char *field, const char *message);
/* The first problem's message for field, or NULL: the error shown with that field. */
const char *form_problem_of(const struct form_page *fp, const char *field);
/* Whether any problem was added (shown or dropped). */
bool form_page_failed(const struct form_page *fp);

/* The POST: ops->save, then (unless fp->answered) either ops->render at fp->status (problems)
 * or the redirect to fp->done. Returns save's or render's error code, else KR_OK. */
int form_page_post(struct request *r, const struct form_page_ops *ops, void *values) MUST_CHECK;
/* The GET: ops->render with no problems. */
int form_page_show(struct request *r, const struct form_page_ops *ops, void *values) MUST_CHECK;

#endif
