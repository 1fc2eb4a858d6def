// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_figures.c: the figures function (src/app/figures/figures.h). Rule by rule with tables
 * worked out by hand, the edge cases and bad input, and then the guarantee itself: every small
 * table is enumerated and grouped by the figures it gets, which is exactly what a reader who
 * knows the algorithm can tell apart, and thousands of random larger tables are checked
 * against a reader who knows what "fewer than 5", a dash and a link mean, with the values a
 * suppressed cell can have computed by set arithmetic rather than by the service's formula. */
#include "test.h"
#include "app/figures/figures.h"

void test_figures_count(void);
void test_figures_difference_ok(void);
void test_figures_small_counts_in_tables(void);
void test_figures_complementary_examples(void);
void test_figures_edge_cases(void);
void test_figures_not_a_partition(void);
void test_figures_bad_input(void);
void test_figures_links(void);
void test_figures_links_between(void);
void test_figures_text(void);
void test_figures_exhaustive_partitions(void);
void test_figures_exhaustive_partitions_linked(void);
void test_figures_exhaustive_parts(void);
void test_figures_random_reader(void);
void test_figures_large_table(void);

#define MAXN FIGURES_MAX_CELLS

/* Runs figures_table() on counts; labels are "c0", "c1", ... */
static int
run(struct arena *a, int64_t total, const int64_t *counts, size_t n, bool partition,
    const struct figure_link *links, size_t nlinks, struct figure_result *r)
{
	struct figure_cell *cells = ARENA_ARRAY(a, struct figure_cell, n + 1);
	for (size_t i = 0; i < n; i++)
		cells[i] = (struct figure_cell){ arena_printf(a, "c%zu", i), counts[i] };
	struct figure_table t = { .total = total,
				  .cells = cells,
				  .ncells = n,
				  .cells_partition_total = partition,
				  .links = links,
				  .nlinks = nlinks };
	return figures_table(&t, a, r);
}

static int64_t
sum_of(const int64_t *v, size_t n)
{
	int64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

/* A one-letter picture of a result, for readable checks: "53|30 - <" is a total of 53, a
 * cell of 30, a hidden cell and a cell of fewer than 5. */
static const char *
picture(struct arena *a, const struct figure_result *r)
{
	struct figure const *f = &r->total;
	char *s = f->display == FIGURE_EXACT   ? arena_printf(a, "%lld|", (long long)f->count)
		  : f->display == FIGURE_FEWER ? arena_strdup(a, "<|")
					       : arena_strdup(a, "-|");
	for (size_t i = 0; i < r->ncells; i++) {
		f = &r->cells[i];
		const char *sep = i ? " " : "";
		s = f->display == FIGURE_EXACT
			? arena_printf(a, "%s%s%lld", s, sep, (long long)f->count)
		    : f->display == FIGURE_FEWER ? arena_printf(a, "%s%s<", s, sep)
						 : arena_printf(a, "%s%s-", s, sep);
	}
	return s;
}

static const char *
pic(struct arena *a, int64_t total, const int64_t *counts, size_t n, bool partition,
    const struct figure_link *links, size_t nlinks)
{
	struct figure_result r;
	if (run(a, total, counts, n, partition, links, nlinks, &r))
		return "error";
	return picture(a, &r);
}

/* Invariants of every result: nothing below 5 shown, nothing hidden carries its count, labels
 * follow the cells, and withheld means what it says. */
static void
check_shape(const struct figure_result *r, size_t n)
{
	const struct figure *all[MAXN + 1];
	all[0] = &r->total;
	for (size_t i = 0; i < n; i++)
		all[i + 1] = &r->cells[i];
	size_t hidden = 0;
	for (size_t i = 0; i <= n; i++) {
		if (all[i]->display == FIGURE_EXACT)
			CHECK(all[i]->count >= FIGURES_MIN);
		else
			CHECK(all[i]->count == 0);
		hidden += i > 0 && all[i]->display == FIGURE_HIDDEN;
	}
	CHECK(r->ncells == n);
	CHECK(r->total.label == NULL);
	CHECK(r->withheld == (n > 0 && hidden == n));
}

void
test_figures_count(void)
{
	struct figure f = { .display = FIGURE_EXACT, .count = 99 };
	for (int64_t c = 0; c < FIGURES_MIN; c++) {
		CHECK(figures_count(c, &f) == KR_OK);
		CHECK(f.display == FIGURE_FEWER);
		CHECK(f.count == 0); /* 0 too: it reads the same as 1-4 */
	}
	CHECK(figures_count(5, &f) == KR_OK);
	CHECK(f.display == FIGURE_EXACT && f.count == 5);
	CHECK(figures_count(FIGURES_COUNT_MAX, &f) == KR_OK);
	CHECK(f.display == FIGURE_EXACT && f.count == FIGURES_COUNT_MAX);
	f = (struct figure){ .display = FIGURE_HIDDEN, .count = 7 };
	CHECK(figures_count(-1, &f) == KR_EINVAL);
	CHECK(figures_count(INT64_MIN, &f) == KR_EINVAL);
	CHECK(figures_count(FIGURES_COUNT_MAX + 1, &f) == KR_EINVAL);
	CHECK(f.display == FIGURE_HIDDEN && f.count == 7); /* untouched */
}

void
test_figures_difference_ok(void)
{
	CHECK(figures_difference_ok(10, 10));
	CHECK(figures_difference_ok(0, 0));
	for (int64_t d = 1; d < FIGURES_MIN; d++) {
		CHECK(!figures_difference_ok(10, 10 + d));
		CHECK(!figures_difference_ok(10 + d, 10));
	}
	CHECK(figures_difference_ok(10, 15));
	CHECK(figures_difference_ok(15, 10));
	CHECK(figures_difference_ok(10, 1000));
	CHECK(!figures_difference_ok(0, 4));
	CHECK(figures_difference_ok(0, 5));
	CHECK(figures_difference_ok(FIGURES_COUNT_MAX, 0));
}

void
test_figures_small_counts_in_tables(void)
{
	struct arena a;
	arena_init(&a);
	/* Nothing small: everything is shown. */
	CHECK_STR(pic(&a, 45, (int64_t[]){ 20, 15, 10 }, 3, true, NULL, 0), "45|20 15 10");
	CHECK_STR(pic(&a, 15, (int64_t[]){ 5, 5, 5 }, 3, true, NULL, 0), "15|5 5 5");
	/* Three small cells that add up to 5..8 protect each other, 0 included. */
	CHECK_STR(pic(&a, 6, (int64_t[]){ 2, 0, 4 }, 3, true, NULL, 0), "6|< < <");
	CHECK_STR(pic(&a, 45, (int64_t[]){ 40, 0, 3, 2 }, 4, true, NULL, 0), "45|40 < < <");
	/* A total below 5 makes every cell small. */
	CHECK_STR(pic(&a, 4, (int64_t[]){ 4, 0 }, 2, true, NULL, 0), "<|< <");
	CHECK_STR(pic(&a, 0, (int64_t[]){ 0, 0, 0 }, 3, true, NULL, 0), "<|< < <");
	/* The same with cells that need not add up. */
	CHECK_STR(pic(&a, 3, (int64_t[]){ 3, 2 }, 2, false, NULL, 0), "<|< <");
	arena_release(&a);
}

void
test_figures_complementary_examples(void)
{
	struct arena a;
	arena_init(&a);
	/* One small cell: the smallest other cell is hidden with it; the largest stays. */
	CHECK_STR(pic(&a, 53, (int64_t[]){ 30, 20, 3 }, 3, true, NULL, 0), "53|30 - <");
	CHECK_STR(pic(&a, 53, (int64_t[]){ 3, 20, 30 }, 3, true, NULL, 0), "53|< - 30");
	CHECK_STR(pic(&a, 80, (int64_t[]){ 40, 30, 9, 1 }, 4, true, NULL, 0), "80|40 30 - <");
	/* A small cell of 0 is protected the same way: "nobody at this site" stays unknown. */
	CHECK_STR(pic(&a, 50, (int64_t[]){ 40, 10, 0 }, 3, true, NULL, 0), "50|40 - <");
	/* Two small cells adding up to 5 or more would still pin each other down when both
	 * are 4 (8 = 4 + 4); 2 + 3 = 5 would give 1..4 each, not 0..4: another cell goes. */
	CHECK_STR(pic(&a, 50, (int64_t[]){ 42, 4, 4 }, 3, true, NULL, 0), "50|- < <");
	CHECK_STR(pic(&a, 60, (int64_t[]){ 45, 10, 2, 3 }, 4, true, NULL, 0), "60|45 - < <");
	/* Two cells, one small: the other one is the total minus it, so it goes too. */
	CHECK_STR(pic(&a, 40, (int64_t[]){ 38, 2 }, 2, true, NULL, 0), "40|- <");
	/* Showing 20 as well would box the other hidden cell in (at most 20, so in
	 * 42 = 20 + 19 + 3 the small one at least 2). Both stay hidden; the reader learns that
	 * showing the larger one was unsafe, which still leaves the small one anything 0..4. */
	CHECK_STR(pic(&a, 42, (int64_t[]){ 20, 19, 3 }, 3, true, NULL, 0), "42|- - <");
	/* When no choice of cells protects the small one, only the total is shown. */
	struct figure_result r;
	CHECK(run(&a, 8, (int64_t[]){ 5, 3 }, 2, true, NULL, 0, &r) == KR_OK);
	CHECK_STR(picture(&a, &r), "8|- -");
	CHECK(r.withheld);
	check_shape(&r, 2);
	CHECK_STR(pic(&a, 8, (int64_t[]){ 4, 4 }, 2, true, NULL, 0), "8|- -");
	CHECK_STR(pic(&a, 12, (int64_t[]){ 6, 6, 0 }, 3, true, NULL, 0), "12|- - -");
	/* The same table gives the same figures. */
	CHECK_STR(pic(&a, 80, (int64_t[]){ 40, 30, 9, 1 }, 4, true, NULL, 0),
		  pic(&a, 80, (int64_t[]){ 40, 30, 9, 1 }, 4, true, NULL, 0));
	arena_release(&a);
}

void
test_figures_edge_cases(void)
{
	struct arena a;
	arena_init(&a);
	struct figure_result r;
	/* An empty table: a lone total. */
	CHECK(run(&a, 0, NULL, 0, true, NULL, 0, &r) == KR_OK);
	CHECK_STR(picture(&a, &r), "<|");
	CHECK(!r.withheld);
	CHECK(run(&a, 12, NULL, 0, false, NULL, 0, &r) == KR_OK);
	CHECK_STR(picture(&a, &r), "12|");
	CHECK(!r.withheld);
	CHECK(run(&a, 3, NULL, 0, false, NULL, 0, &r) == KR_OK);
	CHECK_STR(picture(&a, &r), "<|");
	/* One cell is the total. */
	CHECK_STR(pic(&a, 7, (int64_t[]){ 7 }, 1, true, NULL, 0), "7|7");
	CHECK_STR(pic(&a, 3, (int64_t[]){ 3 }, 1, true, NULL, 0), "<|<");
	CHECK_STR(pic(&a, 0, (int64_t[]){ 0 }, 1, true, NULL, 0), "<|<");
	/* All cells small, with a total of 5 or more: shown only when they protect each other
	 * (each could be 0..4 given the total), else withheld: in 9 = 3 + 3 + 3 each cell is at
	 * least 1, since the other two make at most 8. */
	CHECK_STR(pic(&a, 8, (int64_t[]){ 3, 3, 2 }, 3, true, NULL, 0), "8|< < <");
	CHECK_STR(pic(&a, 9, (int64_t[]){ 3, 3, 3 }, 3, true, NULL, 0), "9|- - -");
	CHECK_STR(pic(&a, 12, (int64_t[]){ 4, 4, 4 }, 3, true, NULL, 0), "12|- - -");
	CHECK_STR(pic(&a, 5, (int64_t[]){ 1, 4 }, 2, true, NULL, 0), "5|- -");
	/* Zeros alongside: 40 = 40 + 0 + 0 would tell that both others are 0. */
	CHECK_STR(pic(&a, 40, (int64_t[]){ 40, 0, 0 }, 3, true, NULL, 0), "40|- < <");
	/* Exactly 5 everywhere. */
	CHECK_STR(pic(&a, 5, (int64_t[]){ 5 }, 1, true, NULL, 0), "5|5");
	CHECK_STR(pic(&a, 5, (int64_t[]){ 5, 0 }, 2, true, NULL, 0), "5|- -");
	/* The largest count accepted. */
	CHECK_STR(
	    pic(&a, FIGURES_COUNT_MAX, (int64_t[]){ FIGURES_COUNT_MAX - 2, 2 }, 2, true, NULL, 0),
	    "1000000000|- <");
	/* The most cells accepted, all shown. */
	int64_t many[MAXN];
	for (size_t i = 0; i < MAXN; i++)
		many[i] = 5 + (int64_t)i;
	CHECK(run(&a, sum_of(many, MAXN), many, MAXN, true, NULL, 0, &r) == KR_OK);
	check_shape(&r, MAXN);
	CHECK(r.cells[MAXN - 1].display == FIGURE_EXACT && r.cells[MAXN - 1].count == 132);
	CHECK_STR(r.cells[3].label, "c3");
	arena_release(&a);
}

void
test_figures_not_a_partition(void)
{
	struct arena a;
	arena_init(&a);
	/* Access needs of 40 registrants: a person may have several or none. */
	CHECK_STR(pic(&a, 40, (int64_t[]){ 12, 3, 7, 0 }, 4, false, NULL, 0), "40|12 < 7 <");
	/* A part within 4 of the whole (0 included) says something about nearly everyone. */
	CHECK_STR(pic(&a, 40, (int64_t[]){ 40, 36, 35, 20 }, 4, false, NULL, 0), "40|- - 35 20");
	/* No subtraction: one small cell does not hide another. */
	CHECK_STR(pic(&a, 60, (int64_t[]){ 30, 2 }, 2, false, NULL, 0), "60|30 <");
	/* With a total of exactly 5 every part is hidden, whatever it is. */
	CHECK_STR(pic(&a, 5, (int64_t[]){ 1, 0 }, 2, false, NULL, 0), "5|- -");
	CHECK_STR(pic(&a, 5, (int64_t[]){ 5, 0 }, 2, false, NULL, 0), "5|- -");
	CHECK_STR(pic(&a, 6, (int64_t[]){ 6, 0 }, 2, false, NULL, 0), "6|- <");
	arena_release(&a);
}

void
test_figures_bad_input(void)
{
	struct arena a;
	arena_init(&a);
	struct figure_result r = { .ncells = 77 };
	/* Negative counts. */
	CHECK(run(&a, -1, NULL, 0, false, NULL, 0, &r) == KR_EINVAL);
	CHECK(run(&a, 10, (int64_t[]){ 11, -1 }, 2, true, NULL, 0, &r) == KR_EINVAL);
	CHECK(run(&a, 10, (int64_t[]){ -3 }, 1, false, NULL, 0, &r) == KR_EINVAL);
	/* Too large. */
	CHECK(run(&a, FIGURES_COUNT_MAX + 1, NULL, 0, false, NULL, 0, &r) == KR_EINVAL);
	/* A partition that does not add up, either way. */
	CHECK(run(&a, 10, (int64_t[]){ 5, 4 }, 2, true, NULL, 0, &r) == KR_EINVAL);
	CHECK(run(&a, 10, (int64_t[]){ 5, 6 }, 2, true, NULL, 0, &r) == KR_EINVAL);
	CHECK(run(&a, 7, NULL, 0, true, NULL, 0, &r) == KR_EINVAL);
	/* A part larger than its whole. */
	CHECK(run(&a, 10, (int64_t[]){ 11 }, 1, false, NULL, 0, &r) == KR_EINVAL);
	/* Too many cells; cells missing. */
	int64_t many[MAXN + 1] = { 0 };
	CHECK(run(&a, 0, many, MAXN + 1, true, NULL, 0, &r) == KR_EINVAL);
	struct figure_table t = { .total = 0, .cells = NULL, .ncells = 2 };
	CHECK(figures_table(&t, &a, &r) == KR_EINVAL);
	/* Links: out of range, twice the same figure, earlier figures that were not numbers. */
	int64_t c[] = { 20, 30 };
	CHECK(run(&a, 50, c, 2, true, (struct figure_link[]){ { 2, 10 } }, 1, &r) == KR_EINVAL);
	CHECK(run(&a, 50, c, 2, true, (struct figure_link[]){ { 0, 10 }, { 0, 30 } }, 2, &r) ==
	      KR_EINVAL);
	CHECK(run(&a, 50, c, 2, true,
		  (struct figure_link[]){ { FIGURES_TOTAL, 40 }, { FIGURES_TOTAL, 60 } }, 2,
		  &r) == KR_EINVAL);
	CHECK(run(&a, 50, c, 2, true, (struct figure_link[]){ { 0, 4 } }, 1, &r) == KR_EINVAL);
	CHECK(run(&a, 50, c, 2, true, (struct figure_link[]){ { 0, -5 } }, 1, &r) == KR_EINVAL);
	CHECK(run(&a, 50, c, 2, true, (struct figure_link[]){ { 1, FIGURES_COUNT_MAX + 1 } }, 1,
		  &r) == KR_EINVAL);
	t = (struct figure_table){ .total = 5, .nlinks = 1, .links = NULL };
	CHECK(figures_table(&t, &a, &r) == KR_EINVAL);
	CHECK(r.ncells == 77); /* untouched on error */
	arena_release(&a);
}

/* True when every linked figure shown exactly differs by 0 or 5+ from its earlier one. */
static bool
links_respected(const struct figure_result *r, const struct figure_link *links, size_t nlinks)
{
	for (size_t k = 0; k < nlinks; k++) {
		const struct figure *f =
		    links[k].figure == FIGURES_TOTAL ? &r->total : &r->cells[links[k].figure];
		if (f->display == FIGURE_EXACT &&
		    !figures_difference_ok(f->count, links[k].earlier))
			return false;
	}
	return true;
}

void
test_figures_links(void)
{
	struct arena a;
	arena_init(&a);
	/* Unchanged, moved by 5, unchanged: all may show. */
	int64_t now[] = { 40, 25, 13, 9 };
	struct figure_link kept[] = { { 0, 40 }, { 1, 20 }, { 2, 13 } };
	struct figure_result r;
	CHECK(run(&a, 87, now, 4, true, kept, 3, &r) == KR_OK);
	CHECK_STR(picture(&a, &r), "87|40 25 13 9");
	/* One cell moved by 3: in a partition the whole table goes, total too. Hiding only
	 * that cell (and one more for rule 2) would still tell that a linked cell moved. */
	struct figure_link moved[] = { { 0, 40 }, { 1, 20 }, { 2, 10 } };
	CHECK(run(&a, 87, now, 4, true, moved, 3, &r) == KR_OK);
	CHECK_STR(picture(&a, &r), "-|- - - -");
	CHECK(r.withheld);
	CHECK(links_respected(&r, moved, 3));
	check_shape(&r, 4);
	/* A small cell is "fewer than 5" whatever it was before: no figure, no difference. */
	CHECK_STR(
	    pic(&a, 52, (int64_t[]){ 40, 9, 3 }, 3, true, (struct figure_link[]){ { 2, 6 } }, 1),
	    "52|40 - <");
	/* A linked cell that did not move takes part in rule 2 like any other... */
	CHECK_STR(
	    pic(&a, 52, (int64_t[]){ 40, 9, 3 }, 3, true, (struct figure_link[]){ { 0, 40 } }, 1),
	    "52|40 - <");
	CHECK_STR(
	    pic(&a, 62, (int64_t[]){ 19, 40, 3 }, 3, true, (struct figure_link[]){ { 0, 9 } }, 1),
	    "62|- 40 <");
	/* ...but when hidden the reader knows it is its earlier figure or at least 5 away from
	 * it: with 40 shown, 9 + 3 = 12 could only be 9 and 3 (14 or more does not fit).
	 * Showing 40 would pin both down, and stopping before it would tell that it would. */
	CHECK_STR(
	    pic(&a, 52, (int64_t[]){ 9, 40, 3 }, 3, true, (struct figure_link[]){ { 0, 9 } }, 1),
	    "-|- - -");
	/* The total moved by 2: the whole table is withheld. */
	CHECK(run(&a, 87, now, 4, true, (struct figure_link[]){ { FIGURES_TOTAL, 85 } }, 1, &r) ==
	      KR_OK);
	CHECK_STR(picture(&a, &r), "-|- - - -");
	CHECK(r.withheld);
	/* A lone figure: a table without cells. */
	CHECK_STR(pic(&a, 37, NULL, 0, false, (struct figure_link[]){ { FIGURES_TOTAL, 35 } }, 1),
		  "-|");
	CHECK_STR(pic(&a, 37, NULL, 0, false, (struct figure_link[]){ { FIGURES_TOTAL, 37 } }, 1),
		  "37|");
	CHECK_STR(pic(&a, 37, NULL, 0, false, (struct figure_link[]){ { FIGURES_TOTAL, 32 } }, 1),
		  "37|");
	CHECK_STR(pic(&a, 3, NULL, 0, false, (struct figure_link[]){ { FIGURES_TOTAL, 6 } }, 1),
		  "<|");
	/* A lone cell of a partition is its total. */
	CHECK_STR(pic(&a, 30, (int64_t[]){ 30 }, 1, true, (struct figure_link[]){ { 0, 28 } }, 1),
		  "-|-");
	/* When rule 2 gives up in a table with links, the total goes too, so that it looks
	 * like a table withheld because a figure moved. */
	CHECK_STR(
	    pic(&a, 9, (int64_t[]){ 8, 1, 0, 0 }, 4, true, (struct figure_link[]){ { 0, 8 } }, 1),
	    "-|- - - -");
	CHECK_STR(pic(&a, 9, (int64_t[]){ 8, 1, 0, 0 }, 4, true, NULL, 0), "9|- < < <");
	/* Parts that need not add up: only the moved one is hidden. */
	CHECK_STR(
	    pic(&a, 60, (int64_t[]){ 30, 20 }, 2, false, (struct figure_link[]){ { 0, 27 } }, 1),
	    "60|- 20");
	arena_release(&a);
}

void
test_figures_links_between(void)
{
	struct arena a;
	arena_init(&a);
	/* Members by site last month and now. */
	struct figure_cell before[] = { { "Utrecht", 40 }, { "Zwolle", 20 }, { "Breda", 3 } };
	struct figure_table t0 = { 63, before, 3, true, NULL, 0 };
	struct figure_result r0;
	CHECK(figures_table(&t0, &a, &r0) == KR_OK);
	CHECK_STR(picture(&a, &r0), "63|40 - <");
	struct figure_cell after[] = { { "Breda", 4 }, { "Zwolle", 22 }, { "Utrecht", 43 } };
	struct figure_table t1 = { 69, after, 3, true, NULL, 0 };
	CHECK(figures_links_between(&r0, &t1, &a) == KR_OK);
	/* The total and Utrecht were numbers; Zwolle was hidden and Breda small: not linked. */
	CHECK(t1.nlinks == 2);
	CHECK(t1.links[0].figure == FIGURES_TOTAL && t1.links[0].earlier == 63);
	CHECK(t1.links[1].figure == 2 && t1.links[1].earlier == 40);
	struct figure_result r1;
	CHECK(figures_table(&t1, &a, &r1) == KR_OK);
	/* The total moved by 6, but Utrecht by 3: the breakdown is withheld this month. */
	CHECK_STR(picture(&a, &r1), "-|- - -");
	CHECK(r1.withheld);
	CHECK(links_respected(&r1, t1.links, t1.nlinks));
	CHECK_STR(r1.cells[2].label, "Utrecht");
	/* A month later Utrecht has 47: 7 more than last shown, so it may show again (Breda is
	 * small, and Zwolle hides to protect it). */
	struct figure_cell later[] = { { "Breda", 4 }, { "Zwolle", 22 }, { "Utrecht", 47 } };
	struct figure_table t3 = { 73, later, 3, true, NULL, 0 };
	CHECK(figures_links_between(&r0, &t3, &a) == KR_OK);
	struct figure_result r3;
	CHECK(figures_table(&t3, &a, &r3) == KR_OK);
	CHECK_STR(picture(&a, &r3), "73|< - 47");
	CHECK(links_respected(&r3, t3.links, t3.nlinks));
	/* Linking twice, or from a result with a label twice, is refused. */
	CHECK(figures_links_between(&r0, &t1, &a) == KR_EINVAL);
	struct figure dup[] = { { FIGURE_EXACT, 10, "A" }, { FIGURE_EXACT, 12, "A" } };
	struct figure_result rd = { .total = { FIGURE_EXACT, 22, NULL },
				    .cells = dup,
				    .ncells = 2 };
	struct figure_table t2 = { 22, before, 3, false, NULL, 0 };
	CHECK(figures_links_between(&rd, &t2, &a) == KR_EINVAL);
	struct figure nolabel[] = { { FIGURE_EXACT, 10, NULL } };
	rd.cells = nolabel;
	rd.ncells = 1;
	CHECK(figures_links_between(&rd, &t2, &a) == KR_EINVAL);
	arena_release(&a);
}

static const char *
to_dutch(const char *msgid)
{
	return strcmp(msgid, "fewer than 5") == 0 ? "minder dan 5" : msgid;
}

void
test_figures_text(void)
{
	struct arena a;
	arena_init(&a);
	struct figure f;
	CHECK(figures_count(1234, &f) == KR_OK);
	CHECK_STR(figures_text(&f, to_dutch, &a), "1234");
	CHECK(figures_count(0, &f) == KR_OK);
	CHECK_STR(figures_text(&f, to_dutch, &a), "minder dan 5");
	CHECK_STR(figures_text(&f, NULL, &a), "fewer than 5");
	CHECK_STR(FIGURES_FEWER_MSGID, "fewer than 5");
	f = (struct figure){ .display = FIGURE_HIDDEN };
	CHECK_STR(figures_text(&f, to_dutch, &a), "\xe2\x80\x94");
	arena_release(&a);
}

/* ---- the guarantee, by enumeration: a reader who knows the algorithm ----
 *
 * Every table up to a largest total is run and the tables are grouped by their figures and
 * their total when it is 5 or more (a table may hide its total, but the reader may have it
 * from elsewhere; a total below 5 is never shown anywhere): the
 * tables in one group are exactly those the reader cannot tell apart. In each
 * group: (a) every "fewer than 5" cell takes each value 0..4; (b) every hidden cell takes at
 * least two values; (c) every sum of suppressed cells that is the same throughout is at least
 * 5; (d) numbers shown are at least 5 and respect the links (check_shape, links_respected). */

#define EXN 6

struct ex {
	/* What the reader has: the display and count of the total and each cell, and the
	 * total itself, which may be shown elsewhere even when the table hides it. */
	int64_t key[2 * (EXN + 1) + 1];
	int64_t v[EXN];
	int64_t total;
};

static int
ex_cmp(const void *x, const void *y)
{
	return memcmp(((const struct ex *)x)->key, ((const struct ex *)y)->key,
		      sizeof(((const struct ex *)x)->key));
}

struct ex_stats {
	size_t tables, groups, withheld, failures;
};

static void
ex_fail(struct ex_stats *st, const struct ex *e, size_t n, const char *what)
{
	if (st->failures++ < 8) {
		fprintf(stderr, "    %s: total %lld, cells", what, (long long)e->total);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %lld", (long long)e->v[i]);
		fprintf(stderr, "\n");
	}
}

static void
ex_group(const struct ex *g, size_t len, size_t n, struct ex_stats *st)
{
	st->groups++;
	unsigned suppressed = 0;
	bool all_hidden = n > 0;
	for (size_t i = 0; i < n; i++) {
		int64_t d = g[0].key[2 + 2 * i];
		if (d != FIGURE_EXACT)
			suppressed |= 1u << i;
		all_hidden &= d == FIGURE_HIDDEN;
		if (d == FIGURE_HIDDEN) {
			bool two = false;
			for (size_t k = 1; k < len && !two; k++)
				two = g[k].v[i] != g[0].v[i];
			if (!two)
				ex_fail(st, &g[0], n, "a hidden cell is pinned down");
		}
		if (d == FIGURE_FEWER) {
			unsigned seen = 0;
			for (size_t k = 0; k < len; k++)
				seen |= g[k].v[i] < 32 ? 1u << g[k].v[i] : 0;
			if (seen != 0x1f)
				ex_fail(st, &g[0], n,
					"a cell shown as fewer than 5 is narrowed down");
		}
	}
	st->withheld += all_hidden;
	for (unsigned u = 1; u < 1u << n; u++) {
		if ((u & suppressed) != u)
			continue;
		int64_t first = -1;
		bool same = true;
		for (size_t k = 0; k < len && same; k++) {
			int64_t sum = 0;
			for (size_t i = 0; i < n; i++)
				if (u & (1u << i))
					sum += g[k].v[i];
			same = first < 0 || sum == first;
			first = sum;
		}
		if (same && first < FIGURES_MIN)
			ex_fail(st, &g[0], n, "a small sum of suppressed cells can be worked out");
	}
}

/* Whether the reader may have the total from elsewhere: when it is 5 or more and did not
 * move by 1-4 from a linked figure (then no page may show it; a lone cell of a partition is
 * its total). */
static bool
total_known(int64_t total, const int64_t *v, size_t n, bool partition,
	    const struct figure_link *links, size_t nlinks)
{
	if (total < FIGURES_MIN)
		return false;
	for (size_t k = 0; k < nlinks; k++) {
		bool of_total = links[k].figure == FIGURES_TOTAL || (partition && n == 1);
		int64_t now = links[k].figure == FIGURES_TOTAL ? total : v[links[k].figure];
		if (of_total && !figures_difference_ok(now, links[k].earlier))
			return false;
	}
	return true;
}

/* The next table of n cells: for a partition, every table with a total up to tmax (*total
 * follows the sum); otherwise every table of cells up to *total, for every *total up to tmax.
 * False after the last. */
static bool
ex_next(int64_t *v, size_t n, bool partition, int64_t tmax, int64_t *total)
{
	for (size_t i = 0; i < n; i++) {
		if (partition ? *total < tmax : v[i] < *total) {
			v[i]++;
			*total += partition;
			return true;
		}
		if (partition)
			*total -= v[i];
		v[i] = 0;
	}
	if (partition || *total == tmax)
		return false;
	++*total;
	return true;
}

/* Runs every table of n cells up to a total of tmax with the given links; checks each group. */
static void
exhaustive(size_t n, int64_t tmax, bool partition, const struct figure_link *links, size_t nlinks,
	   struct ex_stats *st)
{
	size_t cap = 1024, m = 0;
	struct ex *all = xmalloc(cap * sizeof(*all));
	int64_t v[EXN] = { 0 }, total = 0;
	struct arena a;
	arena_init(&a);
	do {
		struct figure_result r;
		if (run(&a, total, v, n, partition, links, nlinks, &r) != KR_OK) {
			CHECK(!"figures_table failed");
			continue;
		}
		check_shape(&r, n);
		if (m == cap)
			all = xrealloc(all, (cap *= 2) * sizeof(*all));
		struct ex *e = &all[m++];
		memset(e, 0, sizeof(*e));
		e->key[0] = r.total.display;
		e->key[1] = r.total.count;
		for (size_t i = 0; i < n; i++) {
			e->key[2 + 2 * i] = r.cells[i].display;
			e->key[3 + 2 * i] = r.cells[i].count;
			e->v[i] = v[i];
		}
		e->total = total;
		e->key[2 * (EXN + 1)] =
		    total_known(total, v, n, partition, links, nlinks) ? total : -1;
		if (!links_respected(&r, links, nlinks))
			ex_fail(st, e, n, "a link is broken");
		if ((m & 1023) == 0) {
			arena_release(&a);
			arena_init(&a);
		}
	} while (ex_next(v, n, partition, tmax, &total));
	arena_release(&a);
	st->tables += m;
	qsort(all, m, sizeof(*all), ex_cmp);
	for (size_t lo = 0, hi; lo < m; lo = hi) {
		for (hi = lo + 1; hi < m && ex_cmp(&all[lo], &all[hi]) == 0; hi++)
			;
		ex_group(&all[lo], hi - lo, n, st);
	}
	free(all);
}

void
test_figures_exhaustive_partitions(void)
{
	static const int64_t tmax[] = { 0, 60, 60, 50, 30, 20, 14 };
	for (size_t n = 1; n <= EXN; n++) {
		struct ex_stats st = { 0 };
		exhaustive(n, tmax[n], true, NULL, 0, &st);
		CHECK(st.failures == 0);
		CHECK(st.groups > 1);
		if (st.failures || getenv("KRING_TEST_VERBOSE"))
			fprintf(stderr,
				"    n=%zu: %zu tables, %zu groups, %zu withheld, %zu failures\n",
				n, st.tables, st.groups, st.withheld, st.failures);
	}
}

void
test_figures_exhaustive_partitions_linked(void)
{
	static const struct {
		size_t n;
		int64_t tmax;
		struct figure_link links[3];
		size_t nlinks;
	} cases[] = {
		{ 1, 40, { { 0, 7 } }, 1 },
		{ 1, 40, { { 0, 9 }, { FIGURES_TOTAL, 20 } }, 2 },
		{ 2, 40, { { 0, 7 } }, 1 },
		{ 2, 40, { { 0, 5 } }, 1 },
		{ 2, 40, { { 0, 7 }, { 1, 12 } }, 2 },
		{ 3, 30, { { 0, 7 } }, 1 },
		{ 3, 30, { { 0, 5 } }, 1 },
		{ 3, 30, { { 1, 12 } }, 1 },
		{ 3, 30, { { FIGURES_TOTAL, 14 } }, 1 },
		{ 3, 30, { { 0, 9 }, { 1, 6 } }, 2 },
		{ 3, 30, { { 0, 10 }, { 2, 8 }, { FIGURES_TOTAL, 17 } }, 3 },
		{ 4, 24, { { 0, 8 } }, 1 },
		{ 4, 24, { { 0, 6 }, { 3, 9 } }, 2 },
		{ 4, 24, { { 1, 10 }, { FIGURES_TOTAL, 20 } }, 2 },
		{ 4, 24, { { 0, 6 }, { 1, 7 }, { 2, 11 } }, 3 },
		{ 5, 16, { { 0, 6 }, { 4, 5 } }, 2 },
	};
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		struct ex_stats st = { 0 };
		exhaustive(cases[c].n, cases[c].tmax, true, cases[c].links, cases[c].nlinks, &st);
		CHECK(st.failures == 0);
		if (st.failures || getenv("KRING_TEST_VERBOSE"))
			fprintf(
			    stderr,
			    "    case %zu: %zu tables, %zu groups, %zu withheld, %zu failures\n", c,
			    st.tables, st.groups, st.withheld, st.failures);
	}
}

void
test_figures_exhaustive_parts(void)
{
	static const int64_t tmax[] = { 0, 40, 30, 16 };
	for (size_t n = 1; n <= 3; n++) {
		struct ex_stats st = { 0 };
		exhaustive(n, tmax[n], false, NULL, 0, &st);
		CHECK(st.failures == 0);
		struct ex_stats st2 = { 0 };
		exhaustive(n, tmax[n], false, (struct figure_link[]){ { 0, 9 } }, 1, &st2);
		CHECK(st2.failures == 0);
		if (st.failures || st2.failures)
			fprintf(stderr, "    n=%zu: %zu + %zu failures\n", n, st.failures,
				st2.failures);
	}
}

/* ---- the guarantee on random tables: a reader with set arithmetic ----
 *
 * The reader knows: a number shown is that number; "fewer than 5" is 0..4; a hidden cell is 5
 * or more and at most the smallest cell of 5 or more shown (and not equal to it when it comes
 * after it in the table: that cell would have been shown first); a hidden cell with a link
 * did not move by 1-4 (else the table would be withheld), so it is its earlier figure or at
 * least 5 away from it; and the suppressed cells add up to the total minus the cells shown.
 * The values each suppressed cell can take are computed with bitsets of the sums the other
 * cells can make, not with the service's formula. */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t
rng(void)
{
	/* xorshift64*: a fixed seed, so a failure can be replayed. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}

static int64_t
rnd(int64_t below)
{
	return (int64_t)(rng() % (uint64_t)below);
}

/* The values a cell can have: up to three intervals (an empty one has lo > hi). */
struct dom {
	int64_t lo[3], hi[3];
};

static struct dom
dom1(int64_t lo, int64_t hi)
{
	return (struct dom){ { lo, 1, 1 }, { hi, 0, 0 } };
}

static bool
dom_has(const struct dom *d, int64_t x)
{
	for (size_t k = 0; k < 3; k++)
		if (x >= d->lo[k] && x <= d->hi[k])
			return true;
	return false;
}

/* out = the sums of in and one value of d; sums above cap are dropped. */
static void
sums_add(const unsigned char *in, unsigned char *out, int64_t cap, const struct dom *d,
	 int64_t *pre)
{
	pre[0] = 0;
	for (int64_t s = 0; s <= cap; s++)
		pre[s + 1] = pre[s] + in[s];
	for (int64_t s = 0; s <= cap; s++) {
		out[s] = 0;
		for (size_t k = 0; k < 3 && !out[s]; k++) {
			if (d->lo[k] > d->hi[k])
				continue;
			int64_t from = s - d->hi[k], to = s - d->lo[k]; /* in[from..to] */
			if (from < 0)
				from = 0;
			out[s] = to >= from && pre[to + 1] - pre[from] > 0;
		}
	}
}

/* The sums the cells in mask (of doms) can make, into out[0..cap]. */
static void
sums_of(const struct dom *doms, size_t n, const bool *mask, int64_t cap, unsigned char *out,
	unsigned char *tmp, int64_t *pre)
{
	memset(out, 0, (size_t)cap + 1);
	out[0] = 1;
	for (size_t i = 0; i < n; i++) {
		if (!mask[i])
			continue;
		sums_add(out, tmp, cap, &doms[i], pre);
		memcpy(out, tmp, (size_t)cap + 1);
	}
}

struct reader_stats {
	size_t tables, withheld, suppressed_cells, shown_cells, failures;
};

static void
reader_fail(struct reader_stats *st, const int64_t *v, size_t n, int64_t total, const char *what)
{
	if (st->failures++ < 8) {
		fprintf(stderr, "    %s: total %lld, cells", what, (long long)total);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %lld", (long long)v[i]);
		fprintf(stderr, "\n");
	}
}

/* Checks one partition whose total is shown and whose cells are not all hidden. */
static void
reader_check(const struct figure_result *r, const int64_t *v, size_t n,
	     const struct figure_link *links, size_t nlinks, struct reader_stats *st)
{
	int64_t total = r->total.count, s = total, m = -1;
	size_t mi = n;
	int64_t earlier[MAXN];
	bool linked[MAXN] = { false }, sup[MAXN] = { false };
	for (size_t k = 0; k < nlinks; k++)
		if (links[k].figure != FIGURES_TOTAL) {
			linked[links[k].figure] = true;
			earlier[links[k].figure] = links[k].earlier;
		}
	for (size_t i = 0; i < n; i++)
		if (r->cells[i].display == FIGURE_EXACT) {
			s -= r->cells[i].count;
			if (mi == n || r->cells[i].count < m) {
				m = r->cells[i].count;
				mi = i;
			}
		}
	struct dom doms[MAXN];
	size_t nsup = 0;
	for (size_t i = 0; i < n; i++) {
		const struct figure *f = &r->cells[i];
		if (f->display == FIGURE_EXACT) {
			st->shown_cells++;
			continue;
		}
		sup[i] = true;
		nsup++;
		if (f->display == FIGURE_FEWER) {
			doms[i] = dom1(0, FIGURES_MIN - 1);
			continue;
		}
		int64_t hi = mi == n ? total : i < mi ? m : m - 1;
		doms[i] = dom1(FIGURES_MIN, hi);
		if (linked[i]) {
			int64_t e = earlier[i];
			doms[i] = (struct dom){ { FIGURES_MIN, e, e + 5 },
						{ e - 5 < hi ? e - 5 : hi, e < hi ? e : hi, hi } };
		}
		if (!dom_has(&doms[i], v[i]))
			reader_fail(st, v, n, total, "the reader's model does not hold");
	}
	st->suppressed_cells += nsup;
	if (!nsup)
		return;
	if (s < FIGURES_MIN)
		reader_fail(st, v, n, total, "the suppressed cells add up to fewer than 5");
	unsigned char *sums = xmalloc((size_t)s + 1), *tmp = xmalloc((size_t)s + 1);
	unsigned char *sums2 = xmalloc((size_t)s + 1);
	int64_t *pre = xmalloc(((size_t)s + 2) * sizeof(*pre));
	/* Each suppressed cell: the values x with s - x a sum of the others. */
	for (size_t j = 0; j < n; j++) {
		if (!sup[j])
			continue;
		bool mask[MAXN];
		for (size_t i = 0; i < n; i++)
			mask[i] = sup[i] && i != j;
		sums_of(doms, n, mask, s, sums, tmp, pre);
		int64_t values = 0;
		unsigned small = 0;
		for (int64_t x = 0; x <= s; x++)
			if (dom_has(&doms[j], x) && sums[s - x]) {
				values++;
				if (x < FIGURES_MIN)
					small |= 1u << x;
			}
		if (r->cells[j].display == FIGURE_FEWER && small != 0x1f)
			reader_fail(st, v, n, total,
				    "a cell shown as fewer than 5 is narrowed down");
		if (r->cells[j].display == FIGURE_HIDDEN && values < 2)
			reader_fail(st, v, n, total, "a hidden cell is pinned down");
	}
	/* With few suppressed cells, every part of them: its sum is pinned down only when it
	 * is all of them. */
	size_t idx[MAXN], k = 0;
	for (size_t i = 0; i < n; i++)
		if (sup[i])
			idx[k++] = i;
	if (nsup <= 8) {
		for (unsigned u = 1; u + 1 < 1u << nsup; u++) {
			bool in[MAXN] = { false }, out[MAXN] = { false };
			for (size_t b = 0; b < nsup; b++)
				(u & (1u << b) ? in : out)[idx[b]] = true;
			sums_of(doms, n, in, s, sums, tmp, pre);
			sums_of(doms, n, out, s, sums2, tmp, pre);
			int64_t possible = 0;
			for (int64_t x = 0; x <= s; x++)
				possible += sums[x] && sums2[s - x];
			if (possible < 2)
				reader_fail(st, v, n, total,
					    "a sum of some suppressed cells is pinned");
		}
	}
	free(sums);
	free(sums2);
	free(tmp);
	free(pre);
}

/* An earlier figure for a count now: mostly the same, often 5 to 10 away, sometimes 1 to 4. */
static int64_t
earlier_of(int64_t now)
{
	int64_t r = rnd(10), d = r < 5 ? 0 : r < 9 ? 5 + rnd(6) : 1 + rnd(4);
	int64_t e = rnd(2) ? now + d : now - d;
	return e < FIGURES_MIN ? FIGURES_MIN : e;
}

void
test_figures_random_reader(void)
{
	struct arena a;
	arena_init(&a);
	struct reader_stats st = { 0 };
	for (int round = 0; round < 4000; round++) {
		size_t n = 1 + (size_t)rnd(12);
		int64_t v[MAXN];
		int64_t big = rnd(4) == 0 ? 200 : 60;
		for (size_t i = 0; i < n; i++)
			v[i] = rnd(3) == 0 ? rnd(7) : rnd(big);
		bool partition = rnd(5) != 0;
		int64_t total = sum_of(v, n);
		if (!partition) {
			total = 0;
			for (size_t i = 0; i < n; i++)
				total = v[i] > total ? v[i] : total;
			total += rnd(3) == 0 ? 0 : rnd(20);
		}
		struct figure_link links[MAXN + 1];
		size_t nlinks = 0;
		if (rnd(3) == 0) {
			for (size_t i = 0; i < n; i++) {
				if (rnd(3))
					continue;
				links[nlinks++] = (struct figure_link){ i, earlier_of(v[i]) };
			}
			if (rnd(4) == 0) {
				int64_t e = total + rnd(13) - 6;
				links[nlinks++] =
				    (struct figure_link){ FIGURES_TOTAL, e < 5 ? 5 : e };
			}
		}
		struct figure_result r;
		if (run(&a, total, v, n, partition, links, nlinks, &r) != KR_OK) {
			CHECK(!"figures_table failed");
			continue;
		}
		st.tables++;
		check_shape(&r, n);
		if (!links_respected(&r, links, nlinks))
			reader_fail(&st, v, n, total, "a link is broken");
		for (size_t i = 0; i < n; i++) {
			/* Rule 1 holds for every cell, whatever else happened. */
			if (v[i] < FIGURES_MIN && r.cells[i].display == FIGURE_EXACT)
				reader_fail(&st, v, n, total, "a small count is shown");
			if (r.cells[i].display == FIGURE_EXACT && r.cells[i].count != v[i])
				reader_fail(&st, v, n, total, "a number shown is wrong");
			if (r.cells[i].display == FIGURE_FEWER && v[i] >= FIGURES_MIN)
				reader_fail(&st, v, n, total, "a large count is called small");
		}
		if (r.withheld) {
			st.withheld++;
			continue;
		}
		if (partition && r.total.display == FIGURE_EXACT)
			reader_check(&r, v, n, links, nlinks, &st);
		if ((round & 255) == 0) {
			arena_release(&a);
			arena_init(&a);
		}
	}
	arena_release(&a);
	CHECK(st.failures == 0);
	/* The test means something only if it saw suppression and numbers shown. */
	CHECK(st.suppressed_cells > 1000);
	CHECK(st.shown_cells > 1000);
	CHECK(st.withheld < st.tables / 4);
	if (st.failures || getenv("KRING_TEST_VERBOSE"))
		fprintf(stderr, "    %zu tables, %zu withheld, %zu cells suppressed, %zu shown\n",
			st.tables, st.withheld, st.suppressed_cells, st.shown_cells);
}

void
test_figures_large_table(void)
{
	struct arena a;
	arena_init(&a);
	/* The most cells, a third of them small, a few linked (unchanged, or moved by 7): it
	 * finishes in time, and holds the rules. */
	int64_t v[MAXN];
	struct figure_link links[8];
	for (size_t i = 0; i < MAXN; i++)
		v[i] = i % 3 == 0 ? (int64_t)(i % 5) : 5 + (int64_t)((i * 37) % 400);
	for (size_t k = 0; k < ARRAY_SIZE(links); k++)
		links[k] = (struct figure_link){ 1 + 3 * k, v[1 + 3 * k] + (k % 2 ? 0 : 7) };
	struct figure_result r;
	clock_t start = clock();
	CHECK(run(&a, sum_of(v, MAXN), v, MAXN, true, links, ARRAY_SIZE(links), &r) == KR_OK);
	double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	check_shape(&r, MAXN);
	CHECK(links_respected(&r, links, ARRAY_SIZE(links)));
	CHECK(!r.withheld);
	size_t shown = 0;
	for (size_t i = 0; i < MAXN; i++)
		shown += r.cells[i].display == FIGURE_EXACT;
	CHECK(shown > MAXN / 2);
	if (seconds > 1.0) {
		fprintf(stderr, "    a table of %d cells took %.2f s\n", MAXN, seconds);
		CHECK(!"too slow");
	}
	arena_release(&a);
}
