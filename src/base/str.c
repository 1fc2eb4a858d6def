// SPDX-License-Identifier: AGPL-3.0-or-later
/* str.c: string views. */
#include "base/str.h"
#include <errno.h>

bool
str_eq(struct str a, struct str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool
str_eq_cstr(struct str a, const char *b)
{
	return str_eq(a, str_from(b));
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool
str_eq_nocase(struct str a, const char *b)
{
	size_t n = strlen(b);
	if (a.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(a.p[i]) != lower(b[i]))
			return false;
	return true;
}

bool
str_starts_with(struct str s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.len >= n && memcmp(s.p, prefix, n) == 0;
}

struct str
str_trim(struct str s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.len--;
	}
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
		s.len--;
	return s;
}

struct str
str_cut(struct str s, char sep, struct str *head)
{
	const char *at = s.len ? memchr(s.p, sep, s.len) : NULL;
	if (!at) {
		*head = s;
		return STR_NULL;
	}
	*head = (struct str){ s.p, (size_t)(at - s.p) };
	return (struct str){ at + 1, s.len - (size_t)(at - s.p) - 1 };
}

int
str_to_long(struct str s, long min, long max, long *out)
{
	if (s.len == 0 || s.len > 20) /* a sign and 19 digits */
		return KR_EINVAL;
	size_t i = 0;
	bool neg = false;
	if (s.p[0] == '-') {
		neg = true;
		i = 1;
		if (s.len == 1)
			return KR_EINVAL;
	}
	long v = 0;
	for (; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return KR_EINVAL;
		/* Up to 19 digits: refuse before the value would overflow (LONG_MIN too). */
		if (__builtin_mul_overflow(v, 10L, &v) ||
		    __builtin_add_overflow(v, s.p[i] - '0', &v))
			return KR_EINVAL;
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return KR_EINVAL;
	*out = v;
	return KR_OK;
}

bool
str_is_utf8(struct str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0;
	while (i < s.len) {
		unsigned c = p[i];
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned min;
		if ((c & 0xE0) == 0xC0) {
			n = 1;
			min = 0x80;
			c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			min = 0x800;
			c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			min = 0x10000;
			c &= 0x07;
		} else {
			return false;
		}
		if (s.len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			c = (c << 6) | (p[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}
