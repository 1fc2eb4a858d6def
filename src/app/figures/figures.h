/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* figures.h: the one service that turns counts of people into figures that may be shown to
 * the contact point, the ambassador, managers and non-members, and into every export
 * (docs/PRIVACY.md, "Figures"). Pure: no SQL, no HTTP. A page passes the raw counts from a
 * store and prints only what comes back; a raw count never reaches a page any other way.
 *
 * Rule 1, small counts. A count of fewer than FIGURES_MIN people is shown as "fewer than 5"
 * (FIGURE_FEWER), never as its number. That includes 0: a 0 tells that nobody at a small site
 * or in a small team is a member, and a 0 that later becomes "fewer than 5" tells that someone
 * there joined. So 0, 1, 2, 3 and 4 all read the same.
 *
 * Rule 2, no working out by subtraction. When the cells of a table partition its total, a
 * cell shown as "fewer than 5" could be computed from the total and the other cells. So more
 * cells are hidden (FIGURE_HIDDEN, shown as a dash), the smallest first, until what is shown
 * pins nothing down; when that cannot be done, every cell is hidden ("withheld") and the
 * total alone is shown.
 *
 * Rule 3, overlapping figures. Two figures that count the same people (the total of "members
 * at site X by network" and the cell "site X" of "members by site"; a figure shown last month
 * and the same figure now) must differ by 0 or by at least FIGURES_MIN, otherwise their
 * difference is a small group: figures_difference_ok(). figures_table() applies it to the
 * figures the caller links to what was shown earlier (struct figure_link). When a linked total,
 * or a linked cell of a partition, moved by 1 to 4, the whole table is withheld, total
 * included: hiding only the moved cell does not work, because a hidden cell with no "fewer
 * than 5" beside it tells the reader that a linked cell moved, and the total then pins it
 * down. When a table with links is withheld under rule 2, its total is hidden as well, so the
 * two reasons look the same. In a table whose cells do not partition the total, only the
 * moved cell is hidden. A part next to its whole (members next to the headcount of a site) is
 * not a link: put the part and the rest in one table that partitions the whole, where a rest
 * of 0 counts as small.
 *
 * What "pins nothing down" means. A reader knows what the table shows, every linked earlier
 * figure, the total even when the table hides it (it may be shown elsewhere) unless it moved,
 * and this algorithm. Call *consistent* every table of counts to which this function gives
 * exactly the same figures. Then, over all consistent tables:
 *   (a) every cell shown as "fewer than 5" takes each of the values 0, 1, 2, 3 and 4: what is
 *       shown says nothing about it beyond its own label;
 *   (b) every hidden cell takes at least two values;
 *   (c) every sum of suppressed cells that is the same in all of them is at least FIGURES_MIN
 *       (with (b) the only such sum is that of all suppressed cells: the total minus the cells
 *       shown);
 *   (d) every number shown is at least FIGURES_MIN, and no number shown differs by 1 to 4 from
 *       the earlier figure it is linked to.
 * tests/unit/test_figures.c checks (a)-(d) exactly, by running every table of up to 6 cells up
 * to a total (every small table) and grouping them by what the reader sees, with and without
 * links, and on thousands of random tables of up to 12 cells against a reader who knows what
 * "fewer than 5", a dash and a link mean and that a hidden cell is at most the smallest cell
 * shown.
 *
 * How. The reader's knowledge is a box per cell ("fewer than 5": 0-4; hidden: from 5 up to the
 * smallest cell of 5 or more shown; hidden and linked: also its earlier figure or 5 or more
 * away from it) and one sum. The table starts with every cell of 5 or more hidden and shows the
 * largest hidden cell while what remains passes (a)-(c) on those boxes. Each step is decided
 * from what the reader will see, so the steps themselves tell the reader nothing more: when
 * showing the cell would be safe for some tables that look the same but not for this one, it
 * stops only if (a)-(c) also hold on the tables for which showing fails, and otherwise gives
 * up and withholds the cells. A table of 128 cells takes at most some tens of milliseconds.
 *
 * When the cells do not partition the total (a person may be in several cells or in none,
 * e.g. access needs of the people registered for an event) there is no sum to subtract from.
 * Each cell is then a part of the total: "fewer than 5" below FIGURES_MIN, and hidden when the
 * total minus the cell is below FIGURES_MIN (0 included: "all 12 registrants need captions"
 * tells something about each of them). With a total of exactly 5 every part is hidden.
 *
 * How callers must use it
 *   - Every count of people that leaves the server for someone who is not in that group goes
 *     through figures_count() or figures_table(); print only figures_text() of the result.
 *   - Build a breakdown as one table whose cells partition its total; add a "not known" or
 *     "other" cell for the people in no named cell, so the cells do add up.
 *   - Show the whole table or none of it. A figure shown on its own elsewhere must be the same
 *     figure (the total), or be linked.
 *   - When a page or export shows a breakdown of a figure shown elsewhere, or shows a figure
 *     again after it may have changed, link it: each figure of the table to at most one
 *     earlier figure, the last one shown exactly for the same people. figures_links_between()
 *     links two results of the same breakdown by their labels. Keep what was shown (the result,
 *     not the counts) to link the next one to.
 *   - When result.withheld is true, say why ("details are hidden so that nobody can be
 *     recognised") rather than printing a row of dashes.
 *
 * Memory: results live in the caller's arena. Counts are at most FIGURES_COUNT_MAX, a table
 * has at most FIGURES_MAX_CELLS cells and at most FIGURES_MAX_LINKS links. */
#ifndef KRING_FIGURES_H
#define KRING_FIGURES_H

#include "base/arena.h"

#define FIGURES_MIN	    5
#define FIGURES_MAX_CELLS   128
#define FIGURES_MAX_LINKS   FIGURES_MAX_CELLS
#define FIGURES_COUNT_MAX   INT64_C(1000000000)
#define FIGURES_TOTAL	    SIZE_MAX	   /* in a link: the table's total rather than a cell */
#define FIGURES_FEWER_MSGID "fewer than 5" /* an English message id: the page translates */
#define FIGURES_HIDDEN_TEXT "\u2014"	   /* an em dash, the same in every language */

enum figure_display {
	FIGURE_EXACT, /* show count */
	FIGURE_FEWER, /* show "fewer than 5": the count is 0, 1, 2, 3 or 4 */
	FIGURE_HIDDEN /* show a dash: unknown, so that no figure can be worked out */
};

/* One figure as it may be shown. count is the number only with FIGURE_EXACT and 0 otherwise:
 * a suppressed count never leaves this service, so a page cannot print it by mistake. */
struct figure {
	enum figure_display display;
	int64_t count;
	const char *label; /* the cell's label (NULL for a total), borrowed from the table */
};

struct figure_cell {
	const char *label; /* e.g. a site's name; borrowed, not copied */
	int64_t count;	   /* people, 0..FIGURES_COUNT_MAX */
};

/* Rule 3: the figure shown earlier, exactly, for the same people as one figure of a table. */
struct figure_link {
	size_t figure;	 /* a cell index of the table, or FIGURES_TOTAL */
	int64_t earlier; /* what was shown then: FIGURES_MIN..FIGURES_COUNT_MAX */
};

struct figure_table {
	int64_t total; /* people, 0..FIGURES_COUNT_MAX */
	const struct figure_cell *cells;
	size_t ncells; /* 0..FIGURES_MAX_CELLS; 0 makes a lone figure with optional links */
	/* True when every person in the total is in exactly one cell (the cells add up to the
	 * total: checked). False when a person may be in several cells or in none; each cell
	 * must then be at most the total (checked). */
	bool cells_partition_total;
	const struct figure_link *links; /* may be NULL when nlinks is 0 */
	size_t nlinks;
};

struct figure_result {
	struct figure total;
	struct figure *cells; /* ncells, in the table's order, in the arena */
	size_t ncells;
	/* True when the table has cells and every one of them is hidden, so the page can say
	 * why ("details are hidden so that nobody can be recognised") instead of a row of
	 * dashes. */
	bool withheld;
};

/* Rule 1 for a lone figure (a count shown on its own, with nothing it is part of).
 * KR_EINVAL for a count below 0 or above FIGURES_COUNT_MAX (out is then untouched). */
int figures_count(int64_t count, struct figure *out) MUST_CHECK;

/* Rule 3: true when |a - b| is 0 or at least FIGURES_MIN, i.e. when two figures that count
 * the same people may both be shown. */
bool figures_difference_ok(int64_t a, int64_t b);

/* Rules 1, 2 and 3 for a table (see the top of this file). The figures are deterministic:
 * the same table gives the same figures.
 * KR_EINVAL (out untouched) when a count is negative or above FIGURES_COUNT_MAX, the table has
 * more than FIGURES_MAX_CELLS cells or FIGURES_MAX_LINKS links, cells is NULL with ncells
 * above 0, the cells of a partition do not add up to the total, a cell of a table that is not
 * a partition exceeds the total, or a link names no figure of the table, names a figure that
 * another link names too, or holds an earlier figure outside FIGURES_MIN..FIGURES_COUNT_MAX
 * (a figure shown earlier as "fewer than 5" or hidden is not a number the reader has: do not
 * link it). */
int figures_table(const struct figure_table *t, struct arena *a,
		  struct figure_result *out) MUST_CHECK;

/* Links the figures of now to those of earlier, a result shown before for the same breakdown
 * (last month's "members by site", say): the totals with each other and each cell with the
 * earlier cell of the same label, where the earlier figure was shown exactly. Sets
 * now->links and now->nlinks (in the arena) and leaves the rest of now alone; call
 * figures_table(now) afterwards. KR_EINVAL when a label is NULL or occurs twice in earlier,
 * or now already has links. */
int figures_links_between(const struct figure_result *earlier, struct figure_table *now,
			  struct arena *a) MUST_CHECK;

/* The text to show for f: the number in digits, translate(FIGURES_FEWER_MSGID) ("minder dan 5"
 * through gettext), or FIGURES_HIDDEN_TEXT. translate may be NULL (English). The text lives in
 * the arena or is static; pages still escape it like any text. */
const char *figures_text(const struct figure *f, const char *(*translate)(const char *msgid),
			 struct arena *a);

#endif
