// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_amount.c: the amount parser of the budget never crashes, accepts only amounts in its
 * range, says what is wrong whenever it refuses, and reads back what it formats. */
#include "app/budget/budget.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (int zero = 0; zero < 2; zero++) {
		int64_t v = -1;
		const char *problem = NULL;
		int err = budget_parse_cents(s, zero, &v, &problem);
		if (err == KR_OK) {
			if (problem || v < (zero ? 0 : 1) || v > BUDGET_CENTS_MAX)
				abort();
			struct arena a;
			arena_init(&a);
			int64_t back = -1;
			const char *p2 = NULL;
			if (budget_parse_cents(budget_cents_plain(&a, v), zero, &back, &p2) !=
				KR_OK ||
			    back != v)
				abort();
			struct strbuf sb;
			strbuf_init(&sb, 64);
			budget_format_cents(&sb, v, zero ? "nl" : "en");
			if (!strbuf_ok(&sb) || sb.len < 5)
				abort();
			strbuf_release(&sb);
			arena_release(&a);
		} else if (err != KR_EINVAL || !problem || v != -1) {
			abort();
		}
	}
	free(s);
	return 0;
}
