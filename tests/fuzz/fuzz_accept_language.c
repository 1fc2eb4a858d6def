// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_accept_language.c: libFuzzer harness for parse_accept_language(). The first byte chooses
 * how many of the supported languages are offered; the rest is the header. The answer is -1 or an
 * index in range, the header names the chosen language (or "*"), and each language's verdict is
 * the same when it is offered alone. */
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const languages[] = { "nl", "en", "de", "fr", "x" };

/* True when the header holds `tag` in any case, or a '*'. */
static bool
header_names(struct str header, const char *tag)
{
	size_t n = strlen(tag);
	if (memchr(header.p, '*', header.len))
		return true;
	for (size_t i = 0; i + n <= header.len; i++)
		if (str_eq_nocase((struct str){ header.p + i, n }, tag))
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t nsupported = data[0] % (ARRAY_SIZE(languages) + 1);
	struct str header = { (const char *)data + 1, size - 1 };

	int got = parse_accept_language(header, languages, nsupported);
	if (got < -1 || got >= (int)nsupported)
		abort();
	if (parse_accept_language(header, languages, nsupported) != got)
		abort();
	if (got >= 0 && !header_names(header, languages[got]))
		abort();
	for (size_t i = 0; i < nsupported; i++) {
		int alone = parse_accept_language(header, &languages[i], 1);
		if (alone != -1 && alone != 0)
			abort();
		/* The winner is acceptable alone; with no winner, none is. */
		if ((size_t)got == i && alone != 0)
			abort();
		if (got == -1 && alone != -1)
			abort();
	}
	return 0;
}
