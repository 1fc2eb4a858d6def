// SPDX-License-Identifier: AGPL-3.0-or-later
/* audit.c: `kring audit verify [--since HASH]` checks the audit log's hash chain with the key
 * file and names the first broken entry; `kring audit head` prints the newest hash, to write
 * down; `kring audit list` prints the newest entries. */
#include "app/audit/audit.h"
#include "cli/cli.h"
#include <ctype.h>
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

/* A hash as `kring audit head` prints it: 64 hex digits (spaces, as the audit page groups
 * them, are skipped). */
static bool
parse_hash(const char *s, unsigned char out[AUDIT_HASH_BYTES])
{
	char hex[2 * AUDIT_HASH_BYTES + 1];
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (n == sizeof(hex) - 1 || !isxdigit((unsigned char)*s))
			return false;
		hex[n++] = *s;
	}
	hex[n] = '\0';
	size_t got = 0;
	return n == sizeof(hex) - 1 &&
	       sodium_hex2bin(out, AUDIT_HASH_BYTES, hex, n, NULL, &got, NULL) == 0 &&
	       got == AUDIT_HASH_BYTES;
}

static int
audit_head_cmd(struct db_conn *c)
{
	int64_t id;
	unsigned char hash[AUDIT_HASH_BYTES];
	bool found;
	if (audit_head(c, &id, hash, &found)) {
		fprintf(stderr, "kring audit: cannot read the audit log\n");
		return 1;
	}
	if (!found) {
		fprintf(stderr, "kring audit: the audit log is empty\n");
		return 1;
	}
	char hex[2 * AUDIT_HASH_BYTES + 1];
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	printf("%s\n", hex);
	return 0;
}

static int
audit_verify_cmd(struct db_conn *c, const unsigned char *since)
{
	int64_t checked = 0, bad = 0;
	int err = audit_verify_since(c, since, &checked, &bad);
	if (err == KR_ENOTFOUND) {
		printf("audit log: %lld %s intact, but the entry with that hash is gone: the log "
		       "was cut back\n",
		       (long long)checked, checked == 1 ? "entry" : "entries");
		return 1;
	}
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

/* The command after `--limit` and `--since` have been taken out of argv (since: NULL when
 * not given). */
static int
audit_run(int argc, char **argv, long limit, bool have_limit, const char *since)
{
	struct cli_opts o;
	int rc = cli_parse("audit", argc, argv, "dk", &o);
	if (rc)
		return rc;
	const char *verb = o.argc == 1 ? o.argv[0] : "";
	bool verify = strcmp(verb, "verify") == 0, list = strcmp(verb, "list") == 0;
	bool head = strcmp(verb, "head") == 0;
	if (!verify && !list && !head)
		return usage("say `verify`, `head` or `list`");
	if (have_limit && !list)
		return usage("--limit goes with `list`");
	if (since && !verify)
		return usage("--since goes with `verify`");
	unsigned char since_hash[AUDIT_HASH_BYTES];
	if (since && !parse_hash(since, since_hash))
		return usage(
		    "--since wants a hash as `kring audit head` prints it (64 hex digits)");
	/* The chain is keyed: verifying it needs the key file (and the first load of a log from
	 * before the key seals its unkeyed entries, see audit.h). */
	struct keys k;
	struct db *db = cli_open_keyed(&o, &k);
	sodium_memzero(&k, sizeof(k));
	if (!db)
		return 1;
	struct db_conn *c = db_conn(db);
	if (verify)
		rc = audit_verify_cmd(c, since ? since_hash : NULL);
	else if (head)
		rc = audit_head_cmd(c);
	else
		rc = audit_list_cmd(c, limit);
	db_close(db);
	return rc;
}

int
cli_audit(int argc, char **argv)
{
	/* --limit and --since are this command's own options: take them out before cli_parse()
	 * sees the shared ones. The word after --db or --key is its value, whatever it looks
	 * like. */
	char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0, rc = -1;
	long limit = LIST_DEFAULT;
	bool have_limit = false;
	const char *since = NULL;
	for (int i = 0; rc < 0 && i < argc; i++) {
		const char *v;
		if (i == 0 || ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--key") == 0) &&
			       i + 1 < argc)) {
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
		if (strcmp(argv[i], "--since") == 0 || strncmp(argv[i], "--since=", 8) == 0) {
			if (argv[i][7] == '=') {
				since = argv[i] + 8;
			} else if (i + 1 < argc) {
				since = argv[++i];
			} else {
				rc = usage("--since wants a hash");
				break;
			}
			continue;
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
		rc = audit_run(nrest, rest, limit, have_limit, since);
	free(rest);
	return rc;
}
