// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_form_page.c: the POST of a form page (src/app/common/form_page.c): problems bring the
 * form back at 400 with the kept values, success redirects to the done page, and the list of
 * problems has a bound. */
#include "test.h"
#include "app/common/form_page.h"

void test_form_page_problems(void);
void test_form_page_success(void);
void test_form_page_bound(void);
void test_form_page_errors(void);

/* A form with one field, as a feature would have it. */
struct kept {
	const char *name;	      /* what the person sent */
	int nproblems;		      /* how many problems save finds */
	int status;		      /* 0, or the status save sets */
	int save_err;		      /* what save returns */
	bool answer;		      /* save writes another answer itself */
	int rendered;		      /* how often render was called */
	const struct form_page *seen; /* what render was given */
	int status_seen;	      /* r->status while render ran */
};

static int
save(struct form_page *fp)
{
	struct kept *k = fp->values;
	k->name = "Ada";
	for (int i = 0; i < k->nproblems; i++)
		form_problem(fp, i % 2 ? "town" : "name",
			     arena_printf(&fp->r->arena, "problem %d", i));
	if (k->status)
		fp->status = k->status;
	if (k->save_err)
		return k->save_err;
	if (k->answer) {
		fp->r->status = 409;
		fp->answered = true;
		return KR_OK;
	}
	if (!form_page_failed(fp))
		fp->done = "/admin/sites?done=added";
	return KR_OK;
}

static int
render(struct form_page *fp)
{
	struct kept *k = fp->values;
	k->rendered++;
	k->seen = fp;
	k->status_seen = fp->r->status;
	return KR_OK;
}

static const struct form_page_ops ops = { save, render };

static const char *
location(const struct request *r)
{
	for (const struct resp_header *h = r->headers; h; h = h->next)
		if (strcmp(h->name, "Location") == 0)
			return h->value;
	return NULL;
}

void
test_form_page_problems(void)
{
	struct request r = { .status = 200 };
	arena_init(&r.arena);
	struct kept k = { .nproblems = 2 };
	CHECK(form_page_post(&r, &ops, &k) == KR_OK);
	CHECK_INT(r.status, 400);
	CHECK_INT(k.rendered, 1);
	CHECK_INT(k.status_seen, 400); /* set before the form is written */
	CHECK(k.seen != NULL);
	if (!k.seen)
		return;
	CHECK(k.seen->values == &k);
	CHECK_STR(((struct kept *)k.seen->values)->name, "Ada");
	CHECK_INT(k.seen->nproblems, 2);
	CHECK_STR(k.seen->problems[0].field, "name");
	CHECK_STR(k.seen->problems[0].message, "problem 0");
	CHECK_STR(k.seen->problems[1].field, "town");
	CHECK_STR(form_problem_of(k.seen, "town"), "problem 1");
	CHECK(form_problem_of(k.seen, "headcount") == NULL);
	CHECK(location(&r) == NULL);

	/* A throttle: the form again, at the status save chose. */
	struct request r2 = { .status = 200 };
	arena_init(&r2.arena);
	struct kept k2 = { .nproblems = 1, .status = 429 };
	CHECK(form_page_post(&r2, &ops, &k2) == KR_OK);
	CHECK_INT(r2.status, 429);
	CHECK_INT(k2.rendered, 1);
	arena_release(&r2.arena);
	arena_release(&r.arena);
}

void
test_form_page_success(void)
{
	struct request r = { .status = 200 };
	arena_init(&r.arena);
	struct kept k = { 0 };
	CHECK(form_page_post(&r, &ops, &k) == KR_OK);
	CHECK_INT(r.status, 303);
	CHECK_STR(location(&r), "/admin/sites?done=added");
	CHECK_INT(k.rendered, 0);

	/* The GET: the same render, without problems, at the status the request has. */
	struct request g = { .status = 200 };
	arena_init(&g.arena);
	struct kept kg = { .name = "kept" };
	CHECK(form_page_show(&g, &ops, &kg) == KR_OK);
	CHECK_INT(g.status, 200);
	CHECK_INT(kg.rendered, 1);
	CHECK(kg.seen != NULL);
	if (kg.seen) {
		CHECK(kg.seen->values == &kg && kg.seen->nproblems == 0);
		CHECK(!form_page_failed(kg.seen));
	}
	arena_release(&g.arena);
	arena_release(&r.arena);
}

void
test_form_page_bound(void)
{
	struct request r = { .status = 200 };
	arena_init(&r.arena);
	struct kept k = { .nproblems = FORM_PROBLEMS_MAX + 3 };
	CHECK(form_page_post(&r, &ops, &k) == KR_OK);
	CHECK_INT(r.status, 400);
	CHECK_INT(k.rendered, 1);
	CHECK(k.seen != NULL);
	if (k.seen) {
		CHECK_INT(k.seen->nproblems, FORM_PROBLEMS_MAX);
		CHECK_INT(k.seen->ndropped, 3);
		/* The first ones are kept, in order. */
		CHECK_STR(k.seen->problems[FORM_PROBLEMS_MAX - 1].message,
			  arena_printf(&r.arena, "problem %d", FORM_PROBLEMS_MAX - 1));
	}
	CHECK(location(&r) == NULL);

	/* Only dropped problems (the list was full) still fail the form. */
	struct form_page fp = { .nproblems = FORM_PROBLEMS_MAX };
	CHECK(!form_page_failed(&(struct form_page){ 0 }));
	form_problem(&fp, "name", "one too many");
	CHECK_INT(fp.nproblems, FORM_PROBLEMS_MAX);
	CHECK(form_page_failed(&fp));
	arena_release(&r.arena);
}

void
test_form_page_errors(void)
{
	/* An error that is not the person's input: returned, no form, no redirect. */
	struct request r = { .status = 200 };
	arena_init(&r.arena);
	struct kept k = { .nproblems = 1, .save_err = KR_EDB };
	CHECK_INT(form_page_post(&r, &ops, &k), KR_EDB);
	CHECK_INT(r.status, 200);
	CHECK_INT(k.rendered, 0);
	CHECK(location(&r) == NULL);

	/* Another answer written by save (a conflict page): left as it is. */
	struct request r2 = { .status = 200 };
	arena_init(&r2.arena);
	struct kept k2 = { .answer = true };
	CHECK(form_page_post(&r2, &ops, &k2) == KR_OK);
	CHECK_INT(r2.status, 409);
	CHECK_INT(k2.rendered, 0);
	CHECK(location(&r2) == NULL);
	arena_release(&r2.arena);
	arena_release(&r.arena);
}
