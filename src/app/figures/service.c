// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the figures function: small counts, complementary suppression and overlapping
 * figures (the rules and the guarantee are in figures.h). */
#include "app/figures/figures.h"
#include "base/i18n.h"

_Static_assert(FIGURES_MIN == 5, "FIGURES_FEWER_MSGID names the number: change both");

/* The message id, marked for xgettext; FIGURES_FEWER_MSGID is the same text. */
static const char fewer_msgid[] = N_("fewer than 5");

/* What the reader knows about one cell of a partition: its number, 0..4, or (a part of)
 * what a hidden cell can be: lo..hi. */
enum box_kind { BOX_EXACT, BOX_SMALL, BOX_HIDDEN };

struct box {
	enum box_kind kind;
	int64_t lo, hi;
};

/* A partition being protected, none of whose linked cells moved by 1-4 (the reader knows
 * that much). A cell of 5 or more is shown or hidden. */
struct plan {
	size_t n;
	int64_t total;
	const int64_t *count;
	const bool *linked;
	const int64_t *earlier;
	bool *small;		/* below FIGURES_MIN: "fewer than 5" */
	bool *hidden;		/* for the others: hidden now */
	struct box *box;	/* scratch for protected_state() */
	struct box (*parts)[2]; /* scratch for protected_state() */
	int64_t *scratch;	/* 3n, for may_stop() */
	unsigned char *seen;	/* n, for may_stop() */
};

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

bool
figures_difference_ok(int64_t a, int64_t b)
{
	int64_t d = a > b ? a - b : b - a;
	return d == 0 || d >= FIGURES_MIN;
}

static bool
count_ok(int64_t n)
{
	return n >= 0 && n <= FIGURES_COUNT_MAX;
}

static struct figure
exact(int64_t n, const char *label)
{
	return (struct figure){ .display = FIGURE_EXACT, .count = n, .label = label };
}

static struct figure
suppressed(enum figure_display d, const char *label)
{
	return (struct figure){ .display = d, .count = 0, .label = label };
}

int
figures_count(int64_t count, struct figure *out)
{
	if (!count_ok(count))
		return KR_EINVAL;
	*out = count < FIGURES_MIN ? suppressed(FIGURE_FEWER, NULL) : exact(count, NULL);
	return KR_OK;
}

/* The result of protected_(): 0 when conditions (a)-(c) of figures.h hold for the boxes;
 * otherwise a hint of which way they fail when the boxes are those of a state in which one
 * more cell is shown with value v (protected_state()). NEED_MORE: a condition that holds only for a
 * larger v failed; NEED_LESS: one that holds only for a smaller v. Every condition holds on a
 * half-line of v, because what the suppressed cells add up to falls as v grows and the upper
 * bounds of the hidden cells below v rise with it, so the values of v that pass form an
 * interval. The hint only steers the search for a cell to show; whether a state is protected
 * never depends on it. */
enum { NEED_MORE = 1, NEED_LESS = 2 };

/* Checks, for cells known to lie in boxes b and whose suppressed ones add up to s, that every
 * small cell could be each of 0..4, every hidden cell at least two values, and that s is at
 * least FIGURES_MIN. The values a cell can have are its box cut by s minus the sums the others
 * can make, an interval because each box is one. */
static unsigned
protected_(const struct box *b, size_t n, int64_t s)
{
	int64_t sumlo = 0, sumhi = 0;
	size_t nsup = 0;
	unsigned fail = 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i].kind == BOX_EXACT)
			continue;
		if (b[i].lo > b[i].hi)
			fail |= NEED_MORE; /* a hidden cell would have to be below 5 */
		nsup++;
		sumlo += b[i].lo;
		sumhi += b[i].hi;
	}
	if (nsup == 0)
		return 0;
	if (s < FIGURES_MIN || s < sumlo)
		fail |= NEED_LESS;
	if (s > sumhi)
		fail |= NEED_MORE;
	if (fail)
		return fail;
	for (size_t i = 0; i < n; i++) {
		if (b[i].kind == BOX_EXACT)
			continue;
		int64_t others_lo = sumlo - b[i].lo, others_hi = sumhi - b[i].hi;
		if (b[i].kind == BOX_SMALL) {
			/* 0 possible: the others can make up s; 4 possible: they can make s - 4. */
			if (s - others_hi > 0)
				fail |= NEED_MORE;
			if (s - others_lo < FIGURES_MIN - 1)
				fail |= NEED_LESS;
			continue;
		}
		/* Its values are max(lo, s - others_hi) .. min(hi, s - others_lo), two of them
		 * needed: four comparisons, each holding on a half-line of v. */
		if (b[i].lo + 1 > b[i].hi)
			fail |= NEED_MORE;
		if (b[i].lo + 1 > s - others_lo)
			fail |= NEED_LESS;
		if (s + 1 > sumhi)
			fail |= NEED_MORE;
		if (others_hi - others_lo < 1)
			fail |= NEED_MORE;
	}
	return fail;
}

/* The smallest cell shown, small ones aside, as (value, index): the hidden cells that could
 * have been shown are below it in that order, which the reader knows. *idx is p->n when
 * none is shown. */
static void
smallest_shown(const struct plan *p, int64_t *val, size_t *idx)
{
	*idx = p->n;
	*val = 0;
	for (size_t i = 0; i < p->n; i++)
		if (!p->small[i] && !p->hidden[i] && (*idx == p->n || p->count[i] < *val)) {
			*val = p->count[i];
			*idx = i;
		}
}

/* The largest value a hidden cell j that could have been shown can have: below the smallest
 * cell shown (m, mi) in (value, index) order, or s (what the suppressed cells add up to)
 * when none is shown. */
static int64_t
order_hi(size_t j, int64_t m, size_t mi, size_t n, int64_t s)
{
	if (mi == n)
		return s;
	return j < mi ? m : m - 1;
}

/* The parts of what the reader allows for hidden cell j, whose value, had it been allowed to
 * show, is at most hi. For a linked cell the reader also knows that it did not move by 1-4:
 * it is its earlier figure e, or at most e - 5, or at least e + 5. As e alone would pin the
 * cell down, only the other two parts count. Returns their number, at least 1 (an empty part
 * when there is none). */
static size_t
hidden_parts(const struct plan *p, size_t j, int64_t hi, struct box part[2])
{
	part[0] = (struct box){ BOX_HIDDEN, FIGURES_MIN, hi };
	if (!p->linked[j])
		return 1;
	int64_t e = p->earlier[j];
	const struct box all[2] = {
		{ BOX_HIDDEN, FIGURES_MIN, min64(hi, e - FIGURES_MIN) },
		{ BOX_HIDDEN, max64(FIGURES_MIN, e + FIGURES_MIN), hi },
	};
	size_t k = 0;
	for (size_t i = 0; i < 2; i++)
		if (all[i].lo <= all[i].hi)
			part[k++] = all[i];
	if (k == 0)
		part[k++] = (struct box){ BOX_HIDDEN, FIGURES_MIN, FIGURES_MIN - 1 };
	return k;
}

/* The most combinations of parts tried for a state (see protected_state()). */
#define COMBINATIONS_MAX 1024

/* Whether the state is protected, with hidden cell `reveal` (when below n) taken as shown with
 * value v, which bounds the other hidden cells in turn. A hidden linked cell lies in one of
 * two parts; any choice of parts makes a subset of the tables the reader cannot tell apart,
 * and when the conditions hold on a subset they hold on all of them: a value that some table
 * of the subset has, the whole set has, and a sum that is the same throughout the whole set is
 * the same throughout the subset. So the state is protected when one choice passes.
 * `thorough` tries up to COMBINATIONS_MAX choices, otherwise two (every cell its first part;
 * every cell its last). Returns 0 or the hint of the first choice. */
static unsigned
protected_state(const struct plan *p, size_t reveal, int64_t v, int64_t s, bool thorough)
{
	int64_t m;
	size_t mi;
	smallest_shown(p, &m, &mi);
	size_t nparts[FIGURES_MAX_CELLS], combos = 1;
	struct box(*parts)[2] = p->parts;
	for (size_t j = 0; j < p->n; j++) {
		struct box *b = &p->box[j];
		nparts[j] = 1;
		if (p->small[j]) {
			*b = (struct box){ BOX_SMALL, 0, FIGURES_MIN - 1 };
		} else if (!p->hidden[j] || j == reveal) {
			*b = (struct box){ BOX_EXACT, 0, 0 };
		} else {
			int64_t hi = order_hi(j, m, mi, p->n, s);
			if (reveal < p->n)
				hi = min64(hi, j < reveal ? v : v - 1);
			nparts[j] = hidden_parts(p, j, hi, parts[j]);
			*b = parts[j][0];
			if (combos <= COMBINATIONS_MAX)
				combos *= nparts[j];
		}
	}
	int64_t rest = reveal < p->n ? s - v : s;
	unsigned first = protected_(p->box, p->n, rest);
	if (!first || combos == 1)
		return first;
	if (!thorough || combos > COMBINATIONS_MAX) {
		for (size_t j = 0; j < p->n; j++)
			if (nparts[j] > 1)
				p->box[j] = parts[j][nparts[j] - 1];
		return protected_(p->box, p->n, rest) ? first : 0;
	}
	/* Every choice, counting in mixed radix; the first (all parts 0) is done. */
	size_t digit[FIGURES_MAX_CELLS] = { 0 };
	for (size_t c = 1; c < combos; c++) {
		for (size_t j = 0; j < p->n; j++) {
			if (nparts[j] == 1)
				continue;
			digit[j] = (digit[j] + 1) % nparts[j];
			p->box[j] = parts[j][digit[j]];
			if (digit[j])
				break;
		}
		if (!protected_(p->box, p->n, rest))
			return 0;
	}
	return first;
}

/* What the suppressed cells add up to: the total minus every cell shown. */
static int64_t
suppressed_sum(const struct plan *p)
{
	int64_t s = p->total;
	for (size_t i = 0; i < p->n; i++)
		if (!p->small[i] && !p->hidden[i])
			s -= p->count[i];
	return s;
}

/* The largest value hidden cell j can have when it could have been shown up to hi. */
static int64_t
hidden_top(const struct plan *p, size_t j, int64_t hi)
{
	struct box part[2];
	size_t k = hidden_parts(p, j, hi, part);
	int64_t top = part[0].hi;
	for (size_t i = 1; i < k; i++)
		top = max64(top, part[i].hi);
	return top;
}

/* The values v that hidden cell i could have, as seen from the current state, if it is the
 * largest hidden cell: [*a, *b], or about that when hidden linked cells are among the others
 * (which only steers the search less well). False when it cannot be. */
static bool
largest_range(const struct plan *p, size_t i, int64_t s, int64_t *a, int64_t *b)
{
	int64_t m;
	size_t mi;
	smallest_shown(p, &m, &mi);
	int64_t restlo = 0, smallhi = 0, vmin = FIGURES_MIN;
	for (size_t j = 0; j < p->n; j++) {
		if (j == i)
			continue;
		if (p->small[j]) {
			smallhi += FIGURES_MIN - 1;
		} else if (p->hidden[j]) {
			restlo += FIGURES_MIN;
			if (j > i) /* j is then at most v - 1, and at least 5 */
				vmin = FIGURES_MIN + 1;
		}
	}
	int64_t top = min64(hidden_top(p, i, order_hi(i, m, mi, p->n, s)), s - restlo);
	if (vmin > top)
		return false;
	/* The smallest v whose others can still make up s: v + their upper bounds grows with v. */
	int64_t lo = vmin, hi = top + 1;
	while (lo < hi) {
		int64_t v = lo + (hi - lo) / 2, reach = v + smallhi;
		for (size_t j = 0; j < p->n; j++)
			if (j != i && !p->small[j] && p->hidden[j])
				reach += hidden_top(
				    p, j, min64(order_hi(j, m, mi, p->n, s), j < i ? v : v - 1));
		if (reach >= s)
			hi = v;
		else
			lo = v + 1;
	}
	if (lo > top)
		return false;
	*a = lo;
	*b = top;
	return true;
}

/* Whether some v in [a, b] lets cell i be shown safely (see NEED_MORE); *found is one. */
static bool
some_value_passes(const struct plan *p, size_t i, int64_t s, int64_t a, int64_t b, int64_t *found)
{
	while (a <= b) {
		int64_t v = a + (b - a) / 2;
		unsigned fail = protected_state(p, i, v, s, false);
		if (!fail) {
			*found = v;
			return true;
		}
		if ((fail & NEED_MORE) && (fail & NEED_LESS))
			return false;
		if (fail & NEED_MORE)
			a = v + 1;
		else
			b = v - 1;
	}
	return false;
}

/* The values v in [a, b] for which showing cell i passes, [*x, *y], given that they form an
 * interval (true without links: see NEED_MORE); false when there are none. */
static bool
passing_interval(const struct plan *p, size_t i, int64_t s, int64_t a, int64_t b, int64_t *x,
		 int64_t *y)
{
	int64_t v;
	if (!some_value_passes(p, i, s, a, b, &v))
		return false;
	int64_t lo = a, hi = v; /* the first that passes is in [lo, hi] */
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		if (protected_state(p, i, mid, s, false))
			lo = mid + 1;
		else
			hi = mid;
	}
	*x = lo;
	lo = v;
	hi = b; /* the last that passes is in [lo, hi] */
	while (lo < hi) {
		int64_t mid = hi - (hi - lo) / 2;
		if (protected_state(p, i, mid, s, false))
			hi = mid - 1;
		else
			lo = mid;
	}
	*y = lo;
	return true;
}

enum reveal { REVEAL_ALWAYS, REVEAL_NEVER, REVEAL_SOMETIMES };

/* Whether showing the largest hidden cell would keep the table protected, as far as the
 * reader can tell from the current state: for every cell that could be that one and every
 * value it could have (ALWAYS), for none (NEVER), or for some (SOMETIMES). Computed from what
 * the state shows only. */
static enum reveal
may_reveal(const struct plan *p, int64_t s)
{
	bool all = true, some = false;
	for (size_t i = 0; i < p->n; i++) {
		if (p->small[i] || !p->hidden[i])
			continue;
		int64_t a, b;
		if (!largest_range(p, i, s, &a, &b))
			continue;
		bool pa = !protected_state(p, i, a, s, false);
		bool pb = !protected_state(p, i, b, s, false);
		int64_t found;
		all &= pa && pb;
		some |= pa || pb || some_value_passes(p, i, s, a, b, &found);
	}
	return all && some ? REVEAL_ALWAYS : some ? REVEAL_SOMETIMES : REVEAL_NEVER;
}

/* The values each suppressed cell can have given boxes b adding up to s: [lo[i], hi[i]] (an
 * interval, as every box is one). False when no table fits the boxes. */
static bool
feasible(const struct box *b, size_t n, int64_t s, int64_t *lo, int64_t *hi)
{
	int64_t sumlo = 0, sumhi = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i].kind != BOX_EXACT) {
			if (b[i].lo > b[i].hi)
				return false;
			sumlo += b[i].lo;
			sumhi += b[i].hi;
		}
	if (s < sumlo || s > sumhi)
		return false;
	for (size_t i = 0; i < n; i++)
		if (b[i].kind != BOX_EXACT) {
			lo[i] = max64(b[i].lo, s - (sumhi - b[i].hi));
			hi[i] = min64(b[i].hi, s - (sumlo - b[i].lo));
		}
	return true;
}

/* Whether the current state may be kept although showing the largest hidden cell is safe for
 * some tables that look like this one but not for this one. The reader then knows that this
 * table is one of those for which it is not: the largest hidden cell i has a value v for which
 * showing it fails. Those tables include, for each i and each run [lo, hi] of such values at
 * either end of the values i can have, the box in which i is in [lo, hi] and every other hidden
 * cell at most lo (so i is the largest). Conditions (a)-(c) are checked on all these boxes
 * together: each small cell must take 0..4 and each hidden cell two values over their union,
 * and in one box no cell may be pinned down (then the only sum that is the same throughout is
 * that of all suppressed cells, s). What holds for these tables holds for all the reader
 * allows (see protected_state()). Only without hidden linked cells, for which the values that
 * pass are known to form an interval. */
static bool
may_stop(const struct plan *p, int64_t s)
{
	for (size_t i = 0; i < p->n; i++)
		if (!p->small[i] && p->hidden[i] && p->linked[i])
			return false;
	if (s < FIGURES_MIN)
		return false;
	int64_t m;
	size_t mi;
	smallest_shown(p, &m, &mi);
	size_t n = p->n;
	int64_t *lo = p->scratch, *hi = p->scratch + n, *first = p->scratch + 2 * n;
	unsigned char *seen = p->seen; /* small: bits of 0..4; hidden: 0 none, 1 one, 2 more */
	memset(seen, 0, n);
	bool none_pinned = false;
	for (size_t i = 0; i < n; i++) {
		int64_t a, b, x, y;
		if (p->small[i] || !p->hidden[i] || !largest_range(p, i, s, &a, &b))
			continue;
		if (!passing_interval(p, i, s, a, b, &x, &y))
			x = b + 1, y = b; /* every value fails: one run, all of [a, b] */
		const int64_t run[2][2] = { { a, x - 1 }, { y + 1, b } };
		for (size_t r = 0; r < 2; r++) {
			if (run[r][0] > run[r][1])
				continue;
			for (size_t j = 0; j < n; j++) {
				struct box *bx = &p->box[j];
				if (p->small[j])
					*bx = (struct box){ BOX_SMALL, 0, FIGURES_MIN - 1 };
				else if (!p->hidden[j])
					*bx = (struct box){ BOX_EXACT, 0, 0 };
				else if (j == i)
					*bx = (struct box){ BOX_HIDDEN, run[r][0], run[r][1] };
				else
					*bx = (struct box){ BOX_HIDDEN, FIGURES_MIN,
							    min64(order_hi(j, m, mi, n, s),
								  j < i ? run[r][0]
									: run[r][0] - 1) };
			}
			if (!feasible(p->box, n, s, lo, hi))
				continue;
			bool pinned = false;
			for (size_t j = 0; j < n; j++) {
				if (p->box[j].kind == BOX_EXACT)
					continue;
				pinned |= lo[j] == hi[j];
				if (p->small[j]) {
					for (int64_t v = lo[j]; v <= hi[j]; v++)
						seen[j] |= (unsigned char)(1u << v);
				} else if (seen[j] == 0) {
					seen[j] = lo[j] < hi[j] ? 2 : 1;
					first[j] = lo[j];
				} else if (seen[j] == 1 &&
					   (lo[j] != first[j] || hi[j] != first[j])) {
					seen[j] = 2;
				}
			}
			none_pinned |= !pinned;
		}
	}
	if (!none_pinned)
		return false;
	for (size_t j = 0; j < n; j++)
		if (p->hidden[j] || p->small[j])
			if (seen[j] != (p->small[j] ? 0x1f : 2))
				return false;
	return true;
}

/* Rule 2 for a partition whose total is shown. Starts with every cell of 5 or more hidden and
 * shows the largest one while that keeps the table protected. Every step is decided from what
 * the reader will see, so that every table the reader cannot tell apart from this one gets the
 * same figures:
 *   - when showing it is safe whatever it is (ALWAYS), show it;
 *   - when it is safe for no table that looks like this one (NEVER), stop here;
 *   - otherwise (SOMETIMES) show it when that is safe for this table: a table that looks the
 *     same up to here and has the same cell shown made the same choice. When it is not safe,
 *     stopping tells the reader so: stop only when that is safe too (may_stop()), else give
 *     up (with ALWAYS this happens only where linked cells make the safe values of v more
 *     than one interval).
 * False when the table cannot be protected like this; the caller then withholds every cell. */
static bool
protect_partition(struct plan *p)
{
	bool any = false;
	for (size_t i = 0; i < p->n; i++) {
		p->hidden[i] = !p->small[i];
		any |= p->small[i];
	}
	if (!any) {
		memset(p->hidden, 0, p->n * sizeof(*p->hidden));
		return true;
	}
	int64_t s = suppressed_sum(p);
	if (protected_state(p, p->n, 0, s, true))
		return false;
	for (;;) {
		bool hidden_left = false;
		for (size_t i = 0; i < p->n; i++)
			hidden_left |= !p->small[i] && p->hidden[i];
		enum reveal r = hidden_left ? may_reveal(p, s) : REVEAL_NEVER;
		if (r == REVEAL_NEVER)
			break;
		size_t big = p->n;
		for (size_t i = 0; i < p->n; i++)
			if (!p->small[i] && p->hidden[i] &&
			    (big == p->n || p->count[i] >= p->count[big]))
				big = i;
		if (protected_state(p, big, p->count[big], s, true)) {
			if (r == REVEAL_SOMETIMES && may_stop(p, s))
				break;
			return false;
		}
		p->hidden[big] = false;
		s -= p->count[big];
	}
	if (protected_state(p, p->n, 0, s, true))
		BUG("figures: a state that was checked before fails its check");
	return true;
}

static int
check_table(const struct figure_table *t, bool *linked, int64_t *earlier)
{
	if (!count_ok(t->total) || t->ncells > FIGURES_MAX_CELLS || t->nlinks > FIGURES_MAX_LINKS ||
	    (t->ncells && !t->cells) || (t->nlinks && !t->links))
		return KR_EINVAL;
	int64_t sum = 0;
	for (size_t i = 0; i < t->ncells; i++) {
		if (!count_ok(t->cells[i].count))
			return KR_EINVAL;
		if (!t->cells_partition_total && t->cells[i].count > t->total)
			return KR_EINVAL;
		sum += t->cells[i].count;
	}
	if (t->cells_partition_total && sum != t->total)
		return KR_EINVAL;
	for (size_t k = 0; k < t->nlinks; k++) {
		size_t f = t->links[k].figure == FIGURES_TOTAL ? t->ncells : t->links[k].figure;
		if ((f >= t->ncells && t->links[k].figure != FIGURES_TOTAL) || linked[f] ||
		    t->links[k].earlier < FIGURES_MIN || t->links[k].earlier > FIGURES_COUNT_MAX)
			return KR_EINVAL;
		linked[f] = true;
		earlier[f] = t->links[k].earlier;
	}
	return KR_OK;
}

/* True when count is linked to an earlier figure it differs from by 1 to 4. */
static bool
forced(bool linked, int64_t earlier, int64_t count)
{
	return linked && !figures_difference_ok(earlier, count);
}

/* Every cell hidden; the total shown or hidden. */
static void
withhold_all(const struct figure_table *t, struct figure_result *out, bool total_too)
{
	out->total = total_too ? suppressed(FIGURE_HIDDEN, NULL) : exact(t->total, NULL);
	for (size_t i = 0; i < t->ncells; i++)
		out->cells[i] = suppressed(FIGURE_HIDDEN, t->cells[i].label);
}

/* Cells that may be in several cells or none: each cell against the total only. */
static void
table_parts(const struct figure_table *t, const bool *linked, const int64_t *earlier,
	    struct figure_result *out)
{
	/* With a total of exactly 5, a hidden cell of 5 or more could only be 5: everyone. */
	if (t->total == FIGURES_MIN && t->ncells) {
		withhold_all(t, out, false);
		return;
	}
	out->total = exact(t->total, NULL);
	for (size_t i = 0; i < t->ncells; i++) {
		int64_t c = t->cells[i].count;
		const char *label = t->cells[i].label;
		if (c < FIGURES_MIN)
			out->cells[i] = suppressed(FIGURE_FEWER, label);
		else if (forced(linked[i], earlier[i], c) || t->total - c < FIGURES_MIN)
			out->cells[i] = suppressed(FIGURE_HIDDEN, label);
		else
			out->cells[i] = exact(c, label);
	}
}

/* Rule 3 in a partition: true when a linked cell of 5 or more moved by 1-4. Hiding just that
 * cell would not do: a hidden cell with no "fewer than 5" beside it tells that a linked cell
 * moved, and the total then pins it down (found by the exhaustive test). */
static bool
a_cell_moved(const struct figure_table *t, const bool *linked, const int64_t *earlier)
{
	for (size_t i = 0; i < t->ncells; i++)
		if (t->cells[i].count >= FIGURES_MIN &&
		    forced(linked[i], earlier[i], t->cells[i].count))
			return true;
	return false;
}

static void
table_partition(const struct figure_table *t, const bool *linked, const int64_t *earlier,
		struct arena *a, struct figure_result *out)
{
	size_t n = t->ncells;
	int64_t *count = ARENA_ARRAY(a, int64_t, n + 1);
	struct plan p = {
		.n = n,
		.total = t->total,
		.count = count,
		.linked = linked,
		.earlier = earlier,
		.small = ARENA_ARRAY(a, bool, n + 1),
		.hidden = ARENA_ARRAY(a, bool, n + 1),
		.box = ARENA_ARRAY(a, struct box, n + 1),
		.parts = arena_alloc(a, sizeof(struct box[2]) * (n + 1)),
		.scratch = ARENA_ARRAY(a, int64_t, 3 * n + 1),
		.seen = ARENA_ARRAY(a, unsigned char, n + 1),
	};
	for (size_t i = 0; i < n; i++) {
		count[i] = t->cells[i].count;
		p.small[i] = count[i] < FIGURES_MIN;
	}
	if (!protect_partition(&p)) {
		/* With links the total goes too, so that this looks exactly like a breakdown
		 * withheld because a figure moved: either could be the reason. */
		withhold_all(t, out, t->nlinks > 0);
		return;
	}
	out->total = exact(t->total, NULL);
	for (size_t i = 0; i < n; i++) {
		const char *label = t->cells[i].label;
		if (p.small[i])
			out->cells[i] = suppressed(FIGURE_FEWER, label);
		else if (p.hidden[i])
			out->cells[i] = suppressed(FIGURE_HIDDEN, label);
		else
			out->cells[i] = exact(count[i], label);
	}
}

int
figures_table(const struct figure_table *t, struct arena *a, struct figure_result *out)
{
	bool linked[FIGURES_MAX_CELLS + 1] = { false };
	int64_t earlier[FIGURES_MAX_CELLS + 1] = { 0 };
	int err = check_table(t, linked, earlier);
	if (err)
		return err;
	size_t n = t->ncells;
	out->ncells = n;
	out->cells = ARENA_ARRAY(a, struct figure, n + 1);
	if (t->total < FIGURES_MIN) {
		/* Every cell is at most the total, so every cell is small too. */
		out->total = suppressed(FIGURE_FEWER, NULL);
		for (size_t i = 0; i < n; i++)
			out->cells[i] = suppressed(FIGURE_FEWER, t->cells[i].label);
	} else if (forced(linked[n], earlier[n], t->total) ||
		   (t->cells_partition_total && a_cell_moved(t, linked, earlier))) {
		/* The total, or a cell of a partition, moved by 1-4: the whole table goes. */
		withhold_all(t, out, true);
	} else if (t->cells_partition_total) {
		table_partition(t, linked, earlier, a, out);
	} else {
		table_parts(t, linked, earlier, out);
	}
	out->withheld = n > 0;
	for (size_t i = 0; i < n; i++)
		out->withheld &= out->cells[i].display == FIGURE_HIDDEN;
	return KR_OK;
}

int
figures_links_between(const struct figure_result *earlier, struct figure_table *now,
		      struct arena *a)
{
	if (now->nlinks || now->ncells > FIGURES_MAX_CELLS || (now->ncells && !now->cells))
		return KR_EINVAL;
	for (size_t i = 0; i < earlier->ncells; i++) {
		if (!earlier->cells[i].label)
			return KR_EINVAL;
		for (size_t j = 0; j < i; j++)
			if (strcmp(earlier->cells[i].label, earlier->cells[j].label) == 0)
				return KR_EINVAL;
	}
	struct figure_link *links = ARENA_ARRAY(a, struct figure_link, now->ncells + 1);
	size_t k = 0;
	if (earlier->total.display == FIGURE_EXACT)
		links[k++] = (struct figure_link){ FIGURES_TOTAL, earlier->total.count };
	for (size_t j = 0; j < now->ncells; j++) {
		if (!now->cells[j].label)
			return KR_EINVAL;
		for (size_t i = 0; i < earlier->ncells; i++)
			if (earlier->cells[i].display == FIGURE_EXACT &&
			    strcmp(earlier->cells[i].label, now->cells[j].label) == 0)
				links[k++] = (struct figure_link){ j, earlier->cells[i].count };
	}
	now->links = links;
	now->nlinks = k;
	return KR_OK;
}

const char *
figures_text(const struct figure *f, const char *(*translate)(const char *msgid), struct arena *a)
{
	switch (f->display) {
	case FIGURE_EXACT:
		return arena_printf(a, "%lld", (long long)f->count);
	case FIGURE_FEWER:
		return translate ? translate(fewer_msgid) : fewer_msgid;
	case FIGURE_HIDDEN:
		break;
	}
	return FIGURES_HIDDEN_TEXT;
}
