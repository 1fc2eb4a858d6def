// SPDX-License-Identifier: AGPL-3.0-or-later
/* main.c: runs every unit test (the list is TESTS below) and prints the tally. An argument
 * runs only the tests whose name contains it. */
#include "test.h"
#include "base/log.h"

int test_failures_in_current;

void
test_fail(const char *file, int line, const char *expr)
{
	test_failures_in_current++;
	fprintf(stderr, "  FAIL %s:%d: %s\n", file, line, expr);
}

#define X(name) void name(void);
#include "tests.def"
#undef X

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define X(name) { #name, name },
#include "tests.def"
#undef X
};

int
main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	/* Tests provoke errors on purpose; their log lines are noise unless asked for. */
	if (!getenv("KRING_TEST_VERBOSE"))
		log_set_level((enum log_level)(LOG_ERROR + 1));
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		test_failures_in_current = 0;
		tests[i].fn();
		if (test_failures_in_current) {
			failed++;
			fprintf(stderr, "not ok %s\n", tests[i].name);
		} else {
			passed++;
		}
	}
	printf("%s: %d passed, %d failed\n",
	       getenv("KRING_TEST_PG") ? "unit on postgresql" : "unit", passed, failed);
	return failed ? 1 : 0;
}
