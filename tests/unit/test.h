/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* test.h: the unit-test framework. A test is a function registered in tests/unit/main.c's
 * table; CHECK() records a failure with file and line and goes on; a test passes when none of
 * its checks failed. main() prints one line per failure and ends with "unit: N passed, N failed".
 */
#ifndef KRING_TEST_H
#define KRING_TEST_H

#include "base/kring.h"

extern int test_failures_in_current;
void test_fail(const char *file, int line, const char *expr);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			test_fail(__FILE__, __LINE__, #cond);                                      \
	} while (0)
#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                           \
			test_fail(__FILE__, __LINE__, #a " == " #b);                               \
			fprintf(stderr, "    got \"%s\", want \"%s\"\n", a_ ? a_ : "(null)",       \
				b_ ? b_ : "(null)");                                               \
		}                                                                                  \
	} while (0)
#define CHECK_INT(a, b)                                                                            \
	do {                                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                                \
		if (a_ != b_) {                                                                    \
			test_fail(__FILE__, __LINE__, #a " == " #b);                               \
			fprintf(stderr, "    got %lld, want %lld\n", a_, b_);                      \
		}                                                                                  \
	} while (0)

#endif
