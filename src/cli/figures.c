// SPDX-License-Identifier: AGPL-3.0-or-later
/* figures.c: `kring figures refresh`: works out the member counts that pages show now, as the
 * server's nightly job does (src/app/members/members.h); and `kring search index`, which
 * indexes for search what the server's hourly run would (src/app/search/search.h). */
#include "app/members/members.h"
#include "app/search/search.h"
#include "base/log.h"
#include "cli/cli.h"

int
cli_figures(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("figures", argc, argv, "d", &o);
	if (rc)
		return rc;
	if (o.argc != 1 || strcmp(o.argv[0], "refresh") != 0) {
		fprintf(stderr,
			"kring figures: say `kring figures refresh` (see kring help figures)\n");
		return 2;
	}
	struct db *db;
	if (db_open(&db, o.db, 0))
		return 1;
	struct db_conn *c = db_conn(db);
	int err = !c || db_migrate(db, NULL) ? KR_EDB : members_counts_refresh(c, time_now());
	db_close(db);
	if (err) {
		error("kring figures refresh: the member counts could not be worked out");
		return 1;
	}
	printf("Worked out the member counts that pages show; the server does this again at "
	       "%02d:00.\n",
	       MEMBERS_COUNTS_HOUR);
	return 0;
}

/* `kring search index`: indexes for search now what the server's hourly run would. */
int
cli_search(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("search", argc, argv, "d", &o);
	if (rc)
		return rc;
	if (o.argc != 1 || strcmp(o.argv[0], "index") != 0) {
		fprintf(stderr, "kring search: say `kring search index` (see kring help search)\n");
		return 2;
	}
	struct db *db;
	if (db_open(&db, o.db, 0))
		return 1;
	struct db_conn *c = db_conn(db);
	int err = !c || db_migrate(db, NULL) ? KR_EDB : search_index_now(c);
	db_close(db);
	if (err) {
		error("kring search index: the search indexes could not be brought up to date");
		return 1;
	}
	printf("The search finds everything written until now; the server does this every "
	       "hour.\n");
	return 0;
}
