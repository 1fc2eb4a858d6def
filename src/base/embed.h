/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* embed.h: files built into the binary by scripts/embed.c (assets, migrations, wordlists). Each
 * table ends with an entry whose name is NULL; data is followed by a NUL byte not in len. */
#ifndef KRING_EMBED_H
#define KRING_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct embedded_file assets_files[];
extern const size_t assets_count;
extern const struct embedded_file migrations_files[];
extern const size_t migrations_count;
/* The common-password lists (Openwall's password.lst, data/common-passwords-nl.txt): one
 * password per line, lines starting with "#!comment" are not passwords. */
extern const struct embedded_file wordlists_files[];
extern const size_t wordlists_count;

#endif
