/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* fts.h: the SQLite backend's full-text tokenizer "kring" (fts.c). Only src/db/ includes this. */
#ifndef KRING_DB_FTS_H
#define KRING_DB_FTS_H

#include <sqlite3.h>

/* Registers the tokenizer on a connection: every connection that reads or writes a search
 * index (the FTS5 tables of migration 0026) needs it. 0, or -1 (said) when SQLite has no FTS5. */
int db_fts_register(sqlite3 *h);

#endif
