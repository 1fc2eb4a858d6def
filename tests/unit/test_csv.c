// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_csv.c: the CSV reader, as spreadsheets write files. */
#include "test.h"
#include "base/csv.h"

void test_csv_records(void);
void test_csv_errors(void);

static int
next(struct csv *c, struct arena *a, const char **f, size_t *n, size_t *line)
{
	return csv_next(c, a, f, n, line);
}

void
test_csv_records(void)
{
	struct arena a;
	struct csv c;
	const char *f[CSV_MAX_FIELDS];
	size_t n, line;
	arena_init(&a);
	csv_init(&c, STR_LIT("\xEF\xBB\xBF"
			     "e-mail;naam\r\n"
			     "\r\n"
			     " sam@x.nl ; \"Boer; Sam \"\"de\"\"\" \r\n"
			     "\"kim@x.nl\";\"Kim\nvan Dijk\"\n"
			     "lou@x.nl\n"));
	CHECK(next(&c, &a, f, &n, &line) == KR_OK && n == 2 && line == 1);
	CHECK_STR(f[0], "e-mail");
	CHECK(next(&c, &a, f, &n, &line) == KR_OK && n == 2 && line == 3);
	CHECK_STR(f[0], "sam@x.nl");
	CHECK_STR(f[1], "Boer; Sam \"de\"");
	CHECK(next(&c, &a, f, &n, &line) == KR_OK && n == 2 && line == 4);
	CHECK_STR(f[1], "Kim\nvan Dijk");
	CHECK(next(&c, &a, f, &n, &line) == KR_OK && n == 1 && line == 6);
	CHECK_STR(f[0], "lou@x.nl");
	CHECK(next(&c, &a, f, &n, &line) == KR_ENOTFOUND);
	arena_release(&a);
}

void
test_csv_errors(void)
{
	struct arena a;
	struct csv c;
	const char *f[CSV_MAX_FIELDS];
	size_t n, line;
	arena_init(&a);
	/* Text after a closing quote, bad UTF-8, too many fields: each line is reported by its
	 * number and reading goes on. */
	csv_init(&c, STR_LIT("a,b\n\"x\"y,z\nok,1\n\xC3\x28,2\n"
			     "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\nlast,3\n\"open,4\n"));
	CHECK(next(&c, &a, f, &n, &line) == KR_OK && line == 1);
	CHECK(next(&c, &a, f, &n, &line) == KR_EINVAL && line == 2);
	CHECK(next(&c, &a, f, &n, &line) == KR_OK && line == 3);
	CHECK_STR(f[0], "ok");
	CHECK(next(&c, &a, f, &n, &line) == KR_EINVAL && line == 4);
	CHECK(next(&c, &a, f, &n, &line) == KR_EINVAL && line == 5);
	CHECK(next(&c, &a, f, &n, &line) == KR_OK && line == 6);
	CHECK_STR(f[0], "last");
	CHECK(next(&c, &a, f, &n, &line) == KR_EINVAL && line == 7); /* unclosed at the end */
	CHECK(next(&c, &a, f, &n, &line) == KR_ENOTFOUND);
	arena_release(&a);
}
