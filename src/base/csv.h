/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* csv.h: reading CSV (RFC 4180, as spreadsheets write it) one record at a time: fields split
 * on ',' or ';' (the first record decides), double quotes around fields with "" inside, CRLF
 * or LF line ends, a UTF-8 byte-order mark skipped. Fuzzed (tests/fuzz/fuzz_csv.c). */
#ifndef KRING_CSV_H
#define KRING_CSV_H

#include "base/arena.h"
#include "base/str.h"

#define CSV_MAX_FIELDS 16
#define CSV_MAX_FIELD  1024

struct csv {
	struct str rest; /* what is still to read */
	char sep;	 /* 0 until the first record decided */
	size_t line;	 /* the line the next record starts on (1-based) */
};

void csv_init(struct csv *c, struct str input);
/* Reads the next record into fields (NUL-terminated copies in the arena, trimmed of spaces
 * outside quotes). KR_OK with *n >= 1; KR_ENOTFOUND at the end; KR_EINVAL for a malformed
 * record (an unclosed quote, text after a closing quote, invalid UTF-8 or NUL, too many or too
 * long fields), after which reading goes on with the next line. *line gets the record's first
 * line number in both cases. Blank lines are skipped. */
int csv_next(struct csv *c, struct arena *a, const char **fields, size_t *n, size_t *line);

#endif
