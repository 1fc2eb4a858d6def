// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_csv.c: the CSV reader never crashes, always ends, and gives valid UTF-8 fields. */
#include "base/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct csv c;
	arena_init(&a);
	csv_init(&c, (struct str){ (const char *)data, size });
	const char *fields[CSV_MAX_FIELDS];
	size_t n, line, last_line = 0, records = 0;
	for (;;) {
		int err = csv_next(&c, &a, fields, &n, &line);
		if (err == KR_ENOTFOUND)
			break;
		if (line < last_line)
			abort(); /* line numbers never go back */
		last_line = line;
		if (err == KR_OK) {
			if (n < 1 || n > CSV_MAX_FIELDS)
				abort();
			for (size_t i = 0; i < n; i++)
				if (strlen(fields[i]) > CSV_MAX_FIELD ||
				    !str_is_utf8(str_from(fields[i])))
					abort();
		} else if (err != KR_EINVAL) {
			abort();
		}
		if (++records > size + 1)
			abort(); /* each record consumes input: it must end */
	}
	arena_release(&a);
	return 0;
}
