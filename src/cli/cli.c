// SPDX-License-Identifier: AGPL-3.0-or-later
/* cli.c: option parsing shared by the commands, and `kring help`. */
#include "cli/cli.h"
#include "app/keyring/keyring.h"
#include "base/log.h"
#include "base/str.h"
#include <getopt.h>
#include <sodium.h>

static const struct option long_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "key", required_argument, NULL, 'k' },
	{ "listen", required_argument, NULL, 'l' },
	{ "threads", required_argument, NULL, 't' },
	{ "header-timeout", required_argument, NULL, 'H' },
	{ "idle-timeout", required_argument, NULL, 'I' },
	{ "max-connections", required_argument, NULL, 'C' },
	{ "max-per-ip", required_argument, NULL, 'P' },
	{ "tls-cert", required_argument, NULL, 'c' },
	{ "tls-key", required_argument, NULL, 'K' },
	{ "scale", required_argument, NULL, 's' },
	{ "network", required_argument, NULL, 'n' },
	{ "kind", required_argument, NULL, 'j' },
	{ "password-stdin", no_argument, NULL, 'p' },
	{ "limit", required_argument, NULL, 'L' },
	{ "smtp", required_argument, NULL, 'S' },
	{ "mail-from", required_argument, NULL, 'F' },
	{ "base-url", required_argument, NULL, 'B' },
	{ "sso-header", required_argument, NULL, 'O' },
	{ "trusted-proxies", required_argument, NULL, 'T' },
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 },
};

static int
number(const char *cmd, const char *name, const char *v, long min, long max, long *out)
{
	if (str_to_long(str_from(v), min, max, out)) {
		fprintf(stderr, "kring %s: --%s wants a number from %ld to %ld, not '%s'\n", cmd,
			name, min, max, v);
		return 2;
	}
	return 0;
}

static const char *
env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && v[0] ? v : dflt;
}

int
cli_parse(const char *cmd, int argc, char **argv, const char *allowed, struct cli_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->db = env_or("KRING_DB", "var/kring.db");
	o->key = env_or("KRING_KEY", NULL);
	o->listen = env_or("KRING_LISTEN", "127.0.0.1:8080");
	o->tls_cert = env_or("KRING_TLS_CERT", NULL);
	o->tls_key = env_or("KRING_TLS_KEY", NULL);
	o->smtp_url = env_or("KRING_SMTP_URL", NULL);
	o->mail_from = env_or("KRING_MAIL_FROM", "kring@localhost");
	o->base_url = env_or("KRING_BASE_URL", NULL);
	o->sso_header = env_or("KRING_SSO_HEADER", NULL);
	o->trusted_proxies = env_or("KRING_TRUSTED_PROXIES", NULL);
	o->limit = 50;
	o->threads = 0;
	o->header_timeout = 10;
	o->idle_timeout = 60;
	o->max_connections = 1024;
	o->max_per_ip = 128;
	const char *env_threads = getenv("KRING_THREADS");
	if (env_threads && number(cmd, "threads", env_threads, 1, 256, &o->threads))
		return 2;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (c == '?' || c == ':' || c == 'h' || !strchr(allowed, c)) {
			const char *bad = argv[optind - 1];
			fprintf(stderr, "kring %s: unknown option '%s' (see `kring help %s`)\n",
				cmd, bad ? bad : "?", cmd);
			return 2;
		}
		int err = 0;
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'k':
			o->key = optarg;
			break;
		case 'l':
			o->listen = optarg;
			break;
		case 'c':
			o->tls_cert = optarg;
			break;
		case 'K':
			o->tls_key = optarg;
			break;
		case 's':
			o->scale = optarg;
			break;
		case 'n':
			o->network = optarg;
			break;
		case 'j':
			o->kind = optarg;
			break;
		case 'p':
			o->password_stdin = true;
			break;
		case 'L':
			err = number(cmd, "limit", optarg, 1, 100000, &o->limit);
			break;
		case 'S':
			o->smtp_url = optarg;
			break;
		case 'F':
			o->mail_from = optarg;
			break;
		case 'B':
			o->base_url = optarg;
			break;
		case 'O':
			o->sso_header = optarg;
			break;
		case 'T':
			o->trusted_proxies = optarg;
			break;
		case 'f':
			o->from = optarg;
			break;
		case 'o':
			o->to = optarg;
			break;
		case 't':
			err = number(cmd, "threads", optarg, 1, 256, &o->threads);
			break;
		case 'H':
			err = number(cmd, "header-timeout", optarg, 1, 3600, &o->header_timeout);
			break;
		case 'I':
			err = number(cmd, "idle-timeout", optarg, 1, 3600, &o->idle_timeout);
			break;
		case 'C':
			err =
			    number(cmd, "max-connections", optarg, 1, 100000, &o->max_connections);
			break;
		case 'P':
			err = number(cmd, "max-per-ip", optarg, 1, 100000, &o->max_per_ip);
			break;
		default:
			break;
		}
		if (err)
			return err;
	}
	o->argc = argc - optind;
	o->argv = argv + optind;
	return 0;
}

static const struct {
	const char *name;
	const char *summary;
	const char *usage;
} commands[] = {
	{ "serve", "serve Kring over HTTP",
	  "kring serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
	  "            [--header-timeout S] [--idle-timeout S] [--max-connections N]\n"
	  "            [--max-per-ip N] [--tls-cert PEM --tls-key PEM] [--smtp URL]\n"
	  "            [--mail-from ADDRESS] [--base-url URL] [--trusted-proxies A]\n"
	  "            [--sso-header NAME]\n"
	  "  Applies pending migrations, then serves until SIGTERM or SIGINT, after which it\n"
	  "  finishes the requests in flight and exits 0.\n"
	  "  --db PATH|URL        the database (KRING_DB; default var/kring.db): a SQLite file,\n"
	  "                       or postgresql://user@host/dbname (password in ~/.pgpass)\n"
	  "  --key PATH           the key file (KRING_KEY; default the database path with .key;\n"
	  "                       needed with PostgreSQL)\n"
	  "  --listen HOST:PORT   where to listen (KRING_LISTEN; default 127.0.0.1:8080)\n"
	  "  --threads N          worker threads (KRING_THREADS; default 2 per core, at least 4)\n"
	  "  --header-timeout S   seconds a client may take to send its request headers (10)\n"
	  "  --idle-timeout S     seconds a connection may be silent (60)\n"
	  "  --max-connections N  open connections in total (1024)\n"
	  "  --max-per-ip N       open connections from one address (128)\n"
	  "  --tls-cert, --tls-key  serve HTTPS with these PEM files (KRING_TLS_CERT, "
	  "KRING_TLS_KEY)\n"
	  "  --smtp URL           the mail relay, smtp://host[:port] or smtps://host[:port]\n"
	  "                       (KRING_SMTP_URL; KRING_SMTP_USER, KRING_SMTP_PASSWORD); without\n"
	  "                       it e-mail waits in the outbox\n"
	  "  --mail-from ADDRESS  the sender of Kring's e-mail (KRING_MAIL_FROM; kring@localhost)\n"
	  "  --base-url URL       the public address for links in e-mail (KRING_BASE_URL;\n"
	  "                       default the --listen address)\n"
	  "  --trusted-proxies A  reverse proxies (comma-separated) whose X-Forwarded-For and\n"
	  "                       X-Forwarded-Proto are believed (KRING_TRUSTED_PROXIES)\n"
	  "  --sso-header NAME    the header in which the sign-in proxy names the person\n"
	  "                       (KRING_SSO_HEADER; needs --trusted-proxies)\n" },
	{ "init", "create a new, empty database and its key file",
	  "kring init [--db PATH] [--key PATH]\n"
	  "  Creates the database and a key file (mode 0600) beside it. Refuses to overwrite\n"
	  "  either. Keep the key file safe and out of the database backups' place: without it\n"
	  "  the encrypted data cannot be read.\n" },
	{ "demo", "fill the database with a demo organisation",
	  "kring demo [--db PATH] [--key PATH] [--scale small|large]\n"
	  "  Creates a realistic demo organisation: several sites, a broad network and two\n"
	  "  narrow ones with 35 colleagues in them (visible, pseudonym, silent follower;\n"
	  "  drawn photos), two subgroups with a coordinator, and an account with a\n"
	  "  password for each role. Refuses when the database already holds an\n"
	  "  organisation.\n"
	  "  --scale large  the size of a large organisation, for benchmarks: 72,000 employee\n"
	  "                 accounts on 25 sites, 6 networks with their roles, 3,000 members\n"
	  "                 (visible, pseudonym, silent follower) and 40 subgroups, sealed\n"
	  "                 with the key file (a few seconds); only the demo accounts have a\n"
	  "                 password\n" },
	{ "backup", "copy the database to a file, safely while serving",
	  "kring backup FILE [--db PATH]\n"
	  "  Writes a consistent copy of the database to FILE (which must not exist) with\n"
	  "  SQLite's online backup; the server may keep serving meanwhile. Back up the key\n"
	  "  file separately.\n" },
	{ "user", "add, list, disable and enable accounts, and give roles",
	  "kring user add EMAIL NAME [--password-stdin] [--db PATH] [--key PATH]\n"
	  "kring user list [--db PATH]\n"
	  "kring user disable EMAIL | kring user enable EMAIL\n"
	  "kring user role EMAIL admin|contact|none\n"
	  "kring user role EMAIL ROLE --network SLUG\n"
	  "  ROLE in a network: contact, ambassador, chair, vice_chair, treasurer, secretary,\n"
	  "  core or none. Changing a role or disabling an account ends its sessions. The last\n"
	  "  administrator cannot be disabled or lose the role.\n"
	  "  --password-stdin reads the password from standard input (without echo on a\n"
	  "  terminal); without it the account has no password until a reset link sets one.\n" },
	{ "network", "add and list networks",
	  "kring network add SLUG NAME --kind broad|narrow [--db PATH]\n"
	  "kring network list [--db PATH]\n"
	  "  SLUG is the short name in the address /n/SLUG: a-z, 0-9 and '-'.\n" },
	{ "mail", "check the outbox and the mail relay",
	  "kring mail test ADDRESS [--db PATH]\n"
	  "kring mail status [--db PATH]\n"
	  "  test puts a short test message in the outbox; the running server delivers it.\n"
	  "  status counts the messages waiting, sent and failing, and those the relay\n"
	  "  refused for good (undeliverable: not tried again, the address erased).\n" },
	{ "audit", "check and read the audit log",
	  "kring audit verify [--since HASH] [--db PATH] [--key PATH]\n"
	  "kring audit head [--db PATH] [--key PATH]\n"
	  "kring audit list [--db PATH] [--key PATH] [--limit N]\n"
	  "  verify recomputes the hash chain with the key file and names the first broken\n"
	  "  entry (exit 1). head prints the newest entry's hash: write it down now and then,\n"
	  "  outside Kring; verify --since HASH then also fails when that entry is gone (the\n"
	  "  log was cut back) or anything after it was changed.\n" },
	{ "members", "invite a mailing list to join a network",
	  "kring members invite FILE.csv --network SLUG [--db PATH] [--key PATH]\n"
	  "                     [--base-url URL]\n"
	  "  FILE.csv holds one person per line: e-mail address, name (comma or semicolon; a\n"
	  "  header line is skipped). Each person gets an e-mail: an invitation to make an\n"
	  "  account, or for someone with an account the network's page. Nobody becomes a\n"
	  "  member without saying yes. Duplicates are skipped; bad lines are reported by\n"
	  "  number and skipped.\n" },
	{ "figures", "work out the member counts that pages show",
	  "kring figures refresh [--db PATH]\n"
	  "  Pages show each group's number of members as it was at the last count, which the\n"
	  "  server makes every night at 03:00, so that nobody can see the number move when\n"
	  "  one person joins or leaves. refresh makes that count now. Use it sparingly: a\n"
	  "  count right after someone joined can show their step.\n" },
	{ "search", "bring the search indexes up to date",
	  "kring search index [--db PATH]\n"
	  "  The search finds a forum post or a story from the full hour after it was written:\n"
	  "  the server indexes everything of the hour together, so that the index does not\n"
	  "  keep the order in which people wrote. index does that now, for a new installation\n"
	  "  or a test. On PostgreSQL everything is found at once and this does nothing.\n" },
	{ "copy", "move an installation from SQLite to PostgreSQL",
	  "kring copy --from sqlite:PATH --to postgresql://USER@HOST/DBNAME [--key PATH]\n"
	  "  Copies everything from the SQLite database at PATH into the PostgreSQL database,\n"
	  "  which must be empty (the DBA made it; kring makes its tables), in one transaction,\n"
	  "  with a progress bar. Then it checks that every table holds as many rows as the\n"
	  "  source, and that the audit chain is intact with the key file. Stop the server\n"
	  "  first. The key file (--key; default beside PATH) stays the same: use it with the\n"
	  "  new database (--key). The SQLite file is not changed.\n" },
	{ "key", "rotate the key file",
	  "kring key rotate [--db PATH] [--key PATH]\n"
	  "  Makes a new key file and encrypts everything again under it, in one transaction:\n"
	  "  memberships and second factors; look-ups are hashed again. Sessions, unused reset\n"
	  "  and invitation links and sign-in throttles end. Recovery codes keep working. Safe\n"
	  "  while the server is stopped; restart it afterwards. If it is interrupted, the next\n"
	  "  start finishes it. Back up the new key file.\n" },
	{ "version", "print the version", "kring version\n" },
	{ "help", "describe the commands", "kring help [COMMAND]\n" },
};

struct db *
cli_open_keyed(const struct cli_opts *o, struct keys *k)
{
	struct db *db;
	if (sodium_init() < 0)
		return error("libsodium could not be initialised"), NULL;
	if (db_open(&db, o->db, 0))
		return NULL;
	struct db_conn *c = db_conn(db);
	char *key_path = cli_key_path(o);
	int err = !c || !key_path || db_migrate(db, NULL) || keyring_open(c, key_path, k);
	free(key_path);
	if (err) {
		sodium_memzero(k, sizeof(*k));
		db_close(db);
		return NULL;
	}
	return db;
}

void
cli_progress_show(struct cli_progress *p, const char *what, long done, long total)
{
	int pct = total ? (int)(done * 100 / total) : 100;
	if (p->tty) {
		if (pct == p->last && done != total)
			return;
		char bar[41];
		int fill = pct * 40 / 100;
		for (int i = 0; i < 40; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[40] = '\0';
		fprintf(stderr, "\r[%s] %3d%% %-16s %7ld/%ld %5.1fs", bar, pct, what, done, total,
			(double)(time_mono_ms() - p->started_ms) / 1000.0);
		if (done == total)
			fputc('\n', stderr);
		fflush(stderr);
	} else if (pct / 25 != p->last / 25 || done == total) {
		fprintf(stderr, "kring %s: %s %ld/%ld (%d%%)\n", p->cmd, what, done, total, pct);
	}
	p->last = pct;
}

char *
cli_key_path(const struct cli_opts *o)
{
	if (o->key)
		return xstrdup(o->key);
	if (db_target_is_postgres(o->db)) {
		error("a PostgreSQL database needs its key file named: --key PATH (or KRING_KEY)");
		return NULL;
	}
	return keys_path_for_db(o->db);
}

int
cli_help(int argc, char **argv)
{
	if (argc > 1) {
		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (strcmp(argv[1], commands[i].name) == 0) {
				printf("%s: %s\n\n%s", commands[i].name, commands[i].summary,
				       commands[i].usage);
				return 0;
			}
		fprintf(stderr, "kring help: there is no command '%s' (see `kring help`)\n",
			argv[1]);
		return 2;
	}
	printf(
	    "Kring: the platform for an employee network.\n\nUsage: kring COMMAND [OPTIONS]\n\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\n`kring help COMMAND` describes a command and its options.\n");
	return 0;
}
