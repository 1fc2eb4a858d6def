// SPDX-License-Identifier: AGPL-3.0-or-later
/* audit.c: `kring audit verify` checks the audit log's hash chain and names the first broken
 * entry; `kring audit list` prints the newest entries. */
#include "app/audit/audit.h"
#include "cli/cli.h"
#include <sodium.h>

#define LIST_DEFAULT 20

static int
usage(const char *why)
{
	fprintf(stderr, "kring audit: %s (see `kring help audit`)\n", why);
	return 2;
}

/* Prints a detail on one line whatever the database holds: a valid one has no control
 * characters, but a tampered one must not drive the terminal. */
static void
print_detail(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			printf("\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			printf("\\x%02x", *++p); /* a C1 control */
		else
			putchar(*p);
	}
}

static void
print_id(int64_t id)
{
	if (id)
		printf("  %6lld", (long long)id);
	else
		printf("  %6s", "-");
}

static int
audit_verify_cmd(struct db_conn *c)
{
	int64_t checked = 0, bad = 0;
	int err = audit_verify(c, &checked, &bad);
	if (err == KR_OK) {
		printf("audit log: %lld %s, chain intact\n", (long long)checked,
		       checked == 1 ? "entry" : "entries");
		return 0;
	}
	if (err == KR_EINVAL) {
		printf("audit log: broken at entry %lld (%lld %s before it %s intact)\n",
		       (long long)bad, (long long)checked, checked == 1 ? "entry" : "entries",
		       checked == 1 ? "is" : "are");
		return 1;
	}
	fprintf(stderr, "kring audit: cannot read the audit log\n");
	return 1;
}

static int
audit_list_cmd(struct db_conn *c, long limit)
{
	struct arena a;
	arena_init(&a);
	struct audit_entry *v = NULL;
	size_t n = 0;
	int rc = 0;
	if (audit_list(c, &a, 0, (int)limit, &v, &n)) {
		fprintf(stderr, "kring audit: cannot read the audit log\n");
		rc = 1;
		goto out;
	}
	if (n == 0)
		printf("audit log: no entries\n");
	for (size_t i = 0; i < n; i++) {
		printf("%6lld  %s  %-24s", (long long)v[i].id, v[i].at, v[i].event);
		print_id(v[i].actor_id);
		print_id(v[i].subject_id);
		printf("  ");
		print_detail(v[i].detail);
		putchar('\n');
	}
out:
	arena_release(&a);
	return rc;
}

/* The command after `--limit` has been taken out of argv. */
static int
audit_run(int argc, char **argv, long limit, bool have_limit)
{
	struct cli_opts o;
	int rc = cli_parse("audit", argc, argv, "d", &o);
	if (rc)
		return rc;
	bool verify = o.argc == 1 && strcmp(o.argv[0], "verify") == 0;
	bool list = o.argc == 1 && strcmp(o.argv[0], "list") == 0;
	if (!verify && !list)
		return usage("say `verify` or `list`");
	if (verify && have_limit)
		return usage("--limit goes with `list`");
	if (sodium_init() < 0) {
		fprintf(stderr, "kring audit: libsodium cannot start\n");
		return 1;
	}
	struct db *db;
	if (db_open(&db, o.db, DB_READONLY))
		return 1;
	struct db_conn *c = db_conn(db);
	if (!c)
		rc = 1;
	else
		rc = verify ? audit_verify_cmd(c) : audit_list_cmd(c, limit);
	db_close(db);
	return rc;
}

int
cli_audit(int argc, char **argv)
{
	/* --limit is this command's own option: take it out before cli_parse() sees the shared
	 * ones. The word after --db is its value, whatever it looks like. */
	char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0, rc = -1;
	long limit = LIST_DEFAULT;
	bool have_limit = false;
	for (int i = 0; rc < 0 && i < argc; i++) {
		const char *v;
		if (i == 0 || (strcmp(argv[i], "--db") == 0 && i + 1 < argc)) {
			rest[nrest++] = argv[i];
			if (i > 0)
				rest[nrest++] = argv[++i];
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				rest[nrest++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--limit") == 0) {
			if (i + 1 >= argc) {
				rc = usage("--limit wants a number");
				break;
			}
			v = argv[++i];
		} else if (strncmp(argv[i], "--limit=", 8) == 0) {
			v = argv[i] + 8;
		} else {
			rest[nrest++] = argv[i];
			continue;
		}
		if (str_to_long(str_from(v), 1, AUDIT_LIST_MAX, &limit)) {
			fprintf(stderr,
				"kring audit: --limit wants a number from 1 to %d, not '%s'\n",
				AUDIT_LIST_MAX, v);
			rc = 2;
		}
		have_limit = true;
	}
	if (rc < 0)
		rc = audit_run(nrest, rest, limit, have_limit);
	free(rest);
	return rc;
}
