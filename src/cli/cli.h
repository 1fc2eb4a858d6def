/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* cli.h: the `kring` commands. Each takes argc/argv after the command name and returns the
 * process exit status: 0 success, 1 failure, 2 bad usage. */
#ifndef KRING_CLI_H
#define KRING_CLI_H

#include "base/kring.h"

struct cli_opts {
	const char *db;	    /* --db, KRING_DB; default var/kring.db */
	const char *key;    /* --key, KRING_KEY; default the db path with .key */
	const char *listen; /* --listen, KRING_LISTEN */
	const char *tls_cert, *tls_key;
	const char *smtp_url;	/* --smtp, KRING_SMTP_URL: the relay, e.g. smtp://127.0.0.1:25 */
	const char *mail_from;	/* --mail-from, KRING_MAIL_FROM */
	const char *base_url;	/* --base-url, KRING_BASE_URL: for links in e-mail */
	const char *sso_header; /* --sso-header, KRING_SSO_HEADER */
	const char *trusted_proxies; /* --trusted-proxies, KRING_TRUSTED_PROXIES */
	long threads, header_timeout, idle_timeout, max_connections, max_per_ip;
	const char *scale;     /* demo --scale */
	const char *network;   /* --network SLUG */
	const char *from, *to; /* copy --from, --to */
	const char *kind;      /* --kind broad|narrow */
	bool password_stdin;   /* --password-stdin */
	long limit;	       /* --limit N */
	int argc;	       /* what is left after the options */
	char **argv;
};

/* Parses the options a command accepts (`allowed` is a string of option letters as used in
 * the table in cli.c); on a bad option prints one line and returns 2. */
int cli_parse(const char *cmd, int argc, char **argv, const char *allowed, struct cli_opts *o);

struct db;
struct keys;
/* Opens o->db for writing, migrates it and loads its key file (o->key, or the one beside the
 * database) into k, which keys the audit log for this process as well (keyring_open()). NULL,
 * with the reason logged, on failure. The caller wipes k (sodium_memzero) and closes the
 * database. */
struct db *cli_open_keyed(const struct cli_opts *o, struct keys *k);
/* The key file's path (malloc'd): --key, or the SQLite database's path with .key. A
 * PostgreSQL database has no path to put it beside: NULL, with a message, without --key. */
char *cli_key_path(const struct cli_opts *o);

/* A progress bar on stderr for a long command: a bar redrawn in place on a terminal, a line
 * at each quarter otherwise ("kring CMD: what done/total (pct%)"). */
struct cli_progress {
	const char *cmd;
	bool tty;
	int last; /* last percentage shown; -1 at first */
	int64_t started_ms;
};
void cli_progress_show(struct cli_progress *p, const char *what, long done, long total);

int cli_serve(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_help(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_network(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_mail(int argc, char **argv);
int cli_members(int argc, char **argv);
int cli_key(int argc, char **argv);
int cli_figures(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_copy(int argc, char **argv);

#endif
