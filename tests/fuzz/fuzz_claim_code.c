// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_claim_code.c: a claim code as typed (app/common/anon.h: an "only I can ever link this"
 * story's) never crashes the reader; what it accepts is 32 base32 letters, reads back the same
 * from its shown form and from lower case, and nothing else is accepted. */
#include "app/common/anon.h"

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
	char norm[ANON_CODE_CHARS + 1], again[ANON_CODE_CHARS + 1];
	if (anon_code_normal(s, norm)) {
		if (strlen(norm) != ANON_CODE_CHARS ||
		    strspn(norm, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != ANON_CODE_CHARS)
			abort();
		struct arena a;
		arena_init(&a);
		const char *shown = anon_code_shown(&a, norm);
		if (strlen(shown) != ANON_CODE_CHARS + ANON_CODE_CHARS / 4 - 1 ||
		    !anon_code_normal(shown, again) || strcmp(again, norm) != 0)
			abort();
		char *lower = arena_strdup(&a, shown);
		for (char *p = lower; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (!anon_code_normal(lower, again) || strcmp(again, norm) != 0)
			abort();
		arena_release(&a);
	}
	free(s);
	return 0;
}
