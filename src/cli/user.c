// SPDX-License-Identifier: AGPL-3.0-or-later
/* user.c: `kring user add|list|disable|enable|role` and `kring network add|list`: the same
 * services the administration pages call. */
#include "app/auth/auth.h"
#include "app/auth/password.h"
#include "app/coreteam/coreteam.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "cli/cli.h"
#include <sodium.h>
#include <termios.h>

/* The database, with its key file loaded: the services write audit entries, which are keyed. */
static struct db *
open_db(const struct cli_opts *o)
{
	struct keys k;
	struct db *db = cli_open_keyed(o, &k);
	sodium_memzero(&k, sizeof(k));
	return db;
}

/* One line from standard input, without its newline; echo off when it is a terminal. */
static char *
read_password(void)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "Password: ");
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static int
user_add(const struct cli_opts *o, struct db_conn *c)
{
	if (o->argc != 3) {
		fprintf(stderr, "kring user add: give EMAIL and NAME (see `kring help user`)\n");
		return 2;
	}
	struct arena a;
	arena_init(&a);
	char *pw = o->password_stdin ? read_password() : NULL;
	if (o->password_stdin && !pw) {
		fprintf(stderr, "kring user add: no password on standard input\n");
		arena_release(&a);
		return 1;
	}
	const char *problem = NULL, *email;
	int rc = 0;
	if (auth_email_normalise(&a, o->argv[1], &email)) {
		fprintf(stderr, "kring user add: '%s' is not an e-mail address\n", o->argv[1]);
		rc = 1;
	} else if (pw && password_policy(pw, email, o->argv[2], &problem)) {
		fprintf(stderr, "kring user add: the password is refused: %s\n", problem);
		rc = 1;
	} else {
		int64_t id;
		int err = auth_account_create(c, 0, &a, email, o->argv[2], pw, &id);
		if (err == KR_ECONFLICT)
			fprintf(stderr, "kring user add: %s has an account already\n", email);
		else if (err)
			fprintf(stderr, "kring user add: the account could not be made (%s)\n",
				kr_err_name(err));
		else
			printf("Added %s (%s) as account %lld%s.\n", o->argv[2], email,
			       (long long)id,
			       pw ? "" : ", without a password: send a reset link to set one");
		rc = err ? 1 : 0;
	}
	if (pw) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
	arena_release(&a);
	return rc;
}

static int
user_list(struct db_conn *c)
{
	struct arena a;
	arena_init(&a);
	struct account *v;
	size_t n;
	int err = auth_accounts(c, &a, &v, &n);
	for (size_t i = 0; !err && i < n; i++) {
		unsigned roles = 0;
		if ((err = auth_roles_of(c, v[i].id, &roles)))
			break;
		printf("%lld\t%s\t%s\t%s%s%s%s%s%s%s\n", (long long)v[i].id, v[i].email, v[i].name,
		       (roles & ROLE_ADMIN) ? "admin " : "",
		       (roles & ROLE_CONTACT) ? "contact " : "",
		       (roles & ROLE_AMBASSADOR) ? "ambassador " : "",
		       (roles & ROLE_CORE) ? "core-team " : "", v[i].has_totp ? "2fa " : "",
		       v[i].disabled ? "disabled " : "", v[i].locked ? "locked" : "");
	}
	arena_release(&a);
	return err ? 1 : 0;
}

static int
find_account(struct db_conn *c, struct arena *a, const char *email, struct account *acc)
{
	int err = auth_account_by_email(c, a, email, acc);
	if (err == KR_ENOTFOUND)
		fprintf(stderr, "kring user: there is no account for %s\n", email);
	else if (err)
		fprintf(stderr, "kring user: the database failed\n");
	return err;
}

static int
user_disable(const struct cli_opts *o, struct db_conn *c, bool disable)
{
	if (o->argc != 2) {
		fprintf(stderr, "kring user %s: give EMAIL\n", disable ? "disable" : "enable");
		return 2;
	}
	struct arena a;
	struct account acc;
	arena_init(&a);
	int err = find_account(c, &a, o->argv[1], &acc);
	if (!err) {
		err = auth_account_set_disabled(c, 0, acc.id, disable);
		if (err == KR_ECONFLICT)
			fprintf(stderr, "kring user disable: %s is the last administrator\n",
				acc.email);
		else if (!err)
			printf("%s %s; their sessions have ended.\n", acc.email,
			       disable ? "is disabled" : "is enabled again");
	}
	arena_release(&a);
	return err ? 1 : 0;
}

static int
user_role(const struct cli_opts *o, struct db_conn *c)
{
	if (o->argc != 3) {
		fprintf(stderr, "kring user role: give EMAIL and ROLE (see `kring help user`)\n");
		return 2;
	}
	struct arena a;
	struct account acc;
	arena_init(&a);
	int err = find_account(c, &a, o->argv[1], &acc);
	const char *role = o->argv[2];
	if (err) {
		arena_release(&a);
		return 1;
	}
	if (o->network) {
		struct network nw;
		enum network_role_kind k = network_role_parse(role);
		if (k == NROLE_NONE && strcmp(role, "none") != 0) {
			fprintf(stderr,
				"kring user role: a network role is contact, ambassador, chair, "
				"vice_chair, treasurer, secretary, core or none\n");
			arena_release(&a);
			return 2;
		}
		err = org_network_by_slug(c, &a, o->network, &nw);
		if (err == KR_ENOTFOUND)
			fprintf(stderr, "kring user role: there is no network '%s'\n", o->network);
		else if (!err)
			err = coreteam_set_role(c, 0, nw.id, acc.id, k, time_now()); /* a term */
		if (!err)
			printf("%s is now %s in %s.\n", acc.email, k ? role : "without a role",
			       nw.name);
	} else if (strcmp(role, "admin") == 0 || strcmp(role, "contact") == 0 ||
		   strcmp(role, "none") == 0) {
		bool admin = strcmp(role, "admin") == 0, contact = strcmp(role, "contact") == 0;
		err = auth_set_admin(c, 0, acc.id, admin);
		if (err == KR_ECONFLICT)
			fprintf(stderr,
				"kring user role: %s is the last administrator; make someone else "
				"administrator first\n",
				acc.email);
		else if (!err)
			err = auth_set_contact(c, 0, acc.id, contact);
		if (!err)
			printf("%s is now %s.\n", acc.email,
			       admin	 ? "administrator"
			       : contact ? "contact point"
					 : "employee");
	} else {
		fprintf(stderr, "kring user role: a role is admin, contact or none (or a network "
				"role with --network SLUG)\n");
		arena_release(&a);
		return 2;
	}
	arena_release(&a);
	return err ? 1 : 0;
}

int
cli_user(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("user", argc, argv, "dknp", &o);
	if (rc)
		return rc;
	/* argv[0] is "user"; the verb follows. */
	if (o.argc < 1) {
		fprintf(stderr,
			"kring user: add, list, disable, enable or role (see `kring help user`)\n");
		return 2;
	}
	const char *verb = o.argv[0];
	static const char *const verbs[] = { "add", "list", "disable", "enable", "role" };
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		known = known || strcmp(verb, verbs[i]) == 0;
	if (!known) {
		fprintf(stderr, "kring user: unknown verb '%s' (see `kring help user`)\n", verb);
		return 2;
	}
	struct db *db = open_db(&o);
	if (!db)
		return 1;
	struct db_conn *c = db_conn(db);
	if (strcmp(verb, "add") == 0)
		rc = user_add(&o, c);
	else if (strcmp(verb, "list") == 0)
		rc = user_list(c);
	else if (strcmp(verb, "disable") == 0)
		rc = user_disable(&o, c, true);
	else if (strcmp(verb, "enable") == 0)
		rc = user_disable(&o, c, false);
	else
		rc = user_role(&o, c);
	db_close(db);
	return rc;
}

int
cli_network(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("network", argc, argv, "dkj", &o);
	if (rc)
		return rc;
	if (o.argc < 1 || (strcmp(o.argv[0], "add") != 0 && strcmp(o.argv[0], "list") != 0)) {
		fprintf(stderr, "kring network: add or list (see `kring help network`)\n");
		return 2;
	}
	bool add = strcmp(o.argv[0], "add") == 0;
	if (add && (o.argc != 3 || !o.kind ||
		    (strcmp(o.kind, "broad") != 0 && strcmp(o.kind, "narrow") != 0))) {
		fprintf(stderr, "kring network add: give SLUG NAME --kind broad|narrow\n");
		return 2;
	}
	struct db *db = open_db(&o);
	if (!db)
		return 1;
	struct db_conn *c = db_conn(db);
	struct arena a;
	arena_init(&a);
	int err;
	if (add) {
		struct network nw = { .slug = o.argv[1],
				      .name = o.argv[2],
				      .kind = strcmp(o.kind, "broad") == 0 ? NETWORK_BROAD
									   : NETWORK_NARROW };
		err = org_network_add(c, &nw, NULL);
		if (err == KR_ECONFLICT)
			fprintf(stderr, "kring network add: the short name '%s' is taken\n",
				nw.slug);
		else if (err == KR_EINVAL)
			fprintf(stderr, "kring network add: the short name may hold only a-z, 0-9 "
					"and '-' (at most 64), the name 1 to 200 characters\n");
		else if (!err)
			printf("Added the network %s at /n/%s.\n", nw.name, nw.slug);
	} else {
		struct network *v;
		size_t n;
		err = org_networks(c, &a, &v, &n);
		for (size_t i = 0; !err && i < n; i++)
			printf("%s\t%s\t%s\n", v[i].slug,
			       v[i].kind == NETWORK_BROAD ? "broad" : "narrow", v[i].name);
	}
	arena_release(&a);
	db_close(db);
	return err ? 1 : 0;
}
