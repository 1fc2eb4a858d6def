/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* str.h: (pointer, length) string views for parsing, after nginx's ngx_str_t. A view does not
 * own its bytes and is not NUL-terminated; it lives as long as the buffer it points into. */
#ifndef KRING_STR_H
#define KRING_STR_H

#include "base/kring.h"

struct str {
	const char *p;
	size_t len;
};

#define STR_LIT(s) ((struct str){ "" s "", sizeof(s) - 1 })
#define STR_NULL   ((struct str){ NULL, 0 })

static inline struct str
str_from(const char *s)
{
	return (struct str){ s, s ? strlen(s) : 0 };
}

bool str_eq(struct str a, struct str b);
bool str_eq_cstr(struct str a, const char *b);
/* ASCII case-insensitive comparison, for header names and tokens. */
bool str_eq_nocase(struct str a, const char *b);
bool str_starts_with(struct str s, const char *prefix);
struct str str_trim(struct str s); /* strips spaces and tabs at both ends */
/* Splits s at the first `sep`: *head gets the part before, the return value the part after
 * (STR_NULL with p == NULL when sep does not occur; then *head is all of s). */
struct str str_cut(struct str s, char sep, struct str *head);
/* Parses a decimal integer in [min, max] that fills all of s; KR_EINVAL otherwise. */
int str_to_long(struct str s, long min, long max, long *out) MUST_CHECK;
/* True when s is valid UTF-8 (no overlongs, no surrogates) and holds no NUL byte. */
bool str_is_utf8(struct str s);

#endif
