// SPDX-License-Identifier: AGPL-3.0-or-later
/* mail.c: `kring mail test ADDRESS` and `kring mail status`: check the e-mail relay and see
 * what waits in the outbox. The running server's worker does the sending. */
#include "app/mail/mail.h"
#include "base/log.h"
#include "cli/cli.h"

static const char test_subject[] = "Testbericht van Kring – test message from Kring";

static const char test_body[] =
    "Dit is een testbericht van Kring.\n"
    "Krijg je dit bericht? Dan kan Kring e-mail versturen. Je hoeft niets te doen.\n"
    "\n"
    "This is a test message from Kring.\n"
    "Did you get it? Then Kring can send e-mail. You do not need to do anything.\n"
    "\n"
    "— Kring\n";

static int
usage(void)
{
	fprintf(stderr, "kring mail: say `kring mail test ADDRESS` or `kring mail status` "
			"(see `kring help mail`)\n");
	return 2;
}

/* Opens the database and checks that its schema is this binary's, so the outbox exists. */
static int
open_db(const char *path, unsigned flags, struct db **db, struct db_conn **c)
{
	if (db_open(db, path, flags))
		return 1;
	int version = 0;
	*c = db_conn(*db);
	if (!*c || db_schema_version(*c, &version)) {
		db_close(*db);
		return 1;
	}
	if (version < db_schema_latest()) {
		fprintf(stderr,
			"kring mail: the database %s is older than this version of Kring; start "
			"`kring serve` once to bring it up to date\n",
			path);
		db_close(*db);
		return 1;
	}
	return 0;
}

static int
mail_test(const char *db_path, const char *to)
{
	if (!mail_address_ok(to)) {
		fprintf(stderr, "kring mail test: that is not a plain e-mail address such as "
				"name@example.org\n");
		return 2;
	}
	struct db *db;
	struct db_conn *c;
	if (open_db(db_path, 0, &db, &c))
		return 1;
	int err = db_begin(c);
	if (!err)
		err = mail_enqueue(c, to, test_subject, test_body);
	if (!err)
		err = db_commit(c);
	else
		db_rollback(c);
	db_close(db);
	if (err) {
		error("kring mail test: the message could not be queued (%s)", kr_err_name(err));
		return 1;
	}
	printf("Queued a test message to %s.\n"
	       "The running server (`kring serve --smtp URL`) sends it; "
	       "`kring mail status` shows whether it went.\n",
	       to);
	return 0;
}

static int
mail_show_status(const char *db_path)
{
	struct db *db;
	struct db_conn *c;
	if (open_db(db_path, DB_READONLY, &db, &c))
		return 1;
	struct mail_status s;
	int err = mail_status(c, &s);
	db_close(db);
	if (err) {
		error("kring mail status: the outbox could not be read");
		return 1;
	}
	printf("waiting: %lld\n", (long long)s.waiting);
	printf("failing: %lld", (long long)s.failing);
	if (s.failing) {
		printf(" (up to %lld attempts; last error: %s", (long long)s.max_attempts,
		       s.last_error[0] ? s.last_error : "unknown");
		int64_t in = s.next_attempt_at - time_now();
		if (in > 0)
			printf("; next attempt in %lld s", (long long)in);
		printf(")");
	}
	printf("\nsent: %lld\n", (long long)s.sent);
	printf("undeliverable: %lld", (long long)s.undeliverable);
	if (s.undeliverable) {
		char first[32], last[32];
		time_utc_iso_at(s.first_undeliverable_at, first, sizeof(first));
		time_utc_iso_at(s.last_undeliverable_at, last, sizeof(last));
		printf(" (refused for good by the relay, not tried again; first %s, last %s)",
		       first, last);
	}
	printf("\n");
	return 0;
}

int
cli_mail(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("mail", argc, argv, "d", &o);
	if (rc)
		return rc;
	if (o.argc < 1)
		return usage();
	if (strcmp(o.argv[0], "test") == 0) {
		if (o.argc != 2) {
			fprintf(stderr, "kring mail test: name one address to send the test "
					"message to\n");
			return 2;
		}
		return mail_test(o.db, o.argv[1]);
	}
	if (strcmp(o.argv[0], "status") == 0) {
		if (o.argc != 1) {
			fprintf(stderr, "kring mail status: unexpected argument '%s'\n", o.argv[1]);
			return 2;
		}
		return mail_show_status(o.db);
	}
	fprintf(stderr, "kring mail: there is no subcommand '%s': say `test ADDRESS` or `status`\n",
		o.argv[0]);
	return 2;
}
