// SPDX-License-Identifier: AGPL-3.0-or-later
/* serve.c: `kring serve`: open and migrate the database, then serve until a signal. */
#include "app/app.h"
#include "app/common/periodic.h"
#include "app/feature.h"
#include "app/keyring/keyring.h"
#include "app/mail/mail.h"
#include "app/members/members.h"
#include "app/retention/retention.h"
#include "app/search/search.h"
#include "base/i18n.h"
#include "base/log.h"
#include "cli/cli.h"
#include "version.h"
#include "http/server.h"
#include <signal.h>
#include <sodium.h>

#define SHUTDOWN_GRACE_MS 10000

static const char *
localedir(void)
{
	const char *d = getenv("KRING_LOCALEDIR");
	return d && d[0] ? d : KRING_LOCALEDIR;
}

/* Stops the first n periodic jobs, the last started first, then the mail worker. */
static void
stop_jobs(struct periodic **running, size_t n, struct mail_worker *mailer)
{
	while (n > 0)
		periodic_stop(running[--n]);
	mail_worker_stop(mailer);
}

int
cli_serve(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("serve", argc, argv, "dklctHICPKSFBOT", &o);
	if (rc)
		return rc;
	if (o.argc) {
		fprintf(stderr, "kring serve: unexpected argument '%s'\n", o.argv[0]);
		return 2;
	}
	if (sodium_init() < 0)
		return error("libsodium could not be initialised"), 1;
	if (i18n_init(localedir()))
		return 1;

	static struct app app = { .limits = SESSION_LIMITS_DEFAULT };
	char *key_path = cli_key_path(&o);
	if (!key_path)
		return 1;
	if (!db_target_is_postgres(o.db) && access(o.db, F_OK) != 0) {
		error("the database %s does not exist: create it with `kring init --db %s`", o.db,
		      o.db);
		free(key_path);
		return 1;
	}
	if (db_open(&app.db, o.db, 0)) {
		free(key_path);
		return 1;
	}
	int applied = 0;
	if (db_migrate(app.db, &applied)) {
		free(key_path);
		db_close(app.db);
		return 1;
	}
	/* The key file must belong to this database: checked before anything is read with it. */
	struct db_conn *main_conn = db_conn(app.db);
	int err = !main_conn || keyring_open(main_conn, key_path, &app.keys);
	/* Held until exit: no key rotation while this server has the keys in memory. */
	int key_lock = err ? -1 : keyring_hold(key_path);
	err = err || key_lock < 0;
	free(key_path);
	if (err) {
		db_close(app.db);
		return 1;
	}
	app_assets_init(&app);
	if (o.sso_header && !o.trusted_proxies) {
		fprintf(stderr, "kring serve: --sso-header needs --trusted-proxies: the header is "
				"believed only from the sign-in proxy\n");
		db_close(app.db);
		return 2;
	}
	app.sso_header = o.sso_header;
	static const struct {
		const char *env;
		size_t offset;
	} limits[] = {
		{ "KRING_SESSION_IDLE_PRIVILEGED",
		  offsetof(struct session_limits, idle_privileged) },
		{ "KRING_SESSION_MAX_PRIVILEGED",
		  offsetof(struct session_limits, absolute_privileged) },
		{ "KRING_SESSION_IDLE_MEMBER", offsetof(struct session_limits, idle_member) },
		{ "KRING_SESSION_MAX_MEMBER", offsetof(struct session_limits, absolute_member) },
	};
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++) {
		const char *v = getenv(limits[i].env);
		long secs;
		if (!v || !*v)
			continue;
		if (str_to_long(str_from(v), 60, 90L * 24 * 3600, &secs)) {
			fprintf(stderr, "kring serve: %s wants seconds from 60 to 7776000\n",
				limits[i].env);
			db_close(app.db);
			return 2;
		}
		*(int64_t *)(void *)((char *)&app.limits + limits[i].offset) = secs;
	}
	if (o.base_url) {
		size_t n = strlen(o.base_url);
		if ((strncmp(o.base_url, "http://", 7) != 0 &&
		     strncmp(o.base_url, "https://", 8) != 0) ||
		    n > 200 || o.base_url[n - 1] == '/') {
			fprintf(stderr,
				"kring serve: --base-url wants http(s)://HOST[:PORT], without a "
				"slash at the end\n");
			db_close(app.db);
			return 2;
		}
		app.base_url = o.base_url;
	} else {
		/* ":8080" listens everywhere; links then name this machine as localhost. */
		app.base_url = arena_printf(&app.arena, "%s://%s%s", o.tls_cert ? "https" : "http",
					    o.listen[0] == ':' ? "localhost" : "", o.listen);
	}

	/* Signals are taken by sigwait() below, in this thread only: block them before any
	 * worker thread exists, so every thread inherits the mask. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct server_config cfg = SERVER_DEFAULTS;
	cfg.listen = o.listen;
	cfg.threads = (unsigned)o.threads;
	cfg.header_timeout = (unsigned)o.header_timeout;
	cfg.idle_timeout = (unsigned)o.idle_timeout;
	cfg.max_connections = (unsigned)o.max_connections;
	cfg.max_per_ip = (unsigned)o.max_per_ip;
	cfg.tls_cert = o.tls_cert;
	cfg.tls_key = o.tls_key;
	cfg.trusted_proxies = o.trusted_proxies;
	cfg.routes = features_routes(&cfg.nroutes);
	cfg.csrf_key = app.keys.csrf;
	cfg.app = &app;
	cfg.on_request = app_on_request;
	cfg.on_response = app_on_response;
	cfg.on_handled = app_on_handled;
	cfg.render_error = app_render_error;
	app.mail_from = o.mail_from;
	struct mail_config mcfg = {
		.smtp_url = o.smtp_url,
		.from = o.mail_from,
		.username = getenv("KRING_SMTP_USER"),
		.password = getenv("KRING_SMTP_PASSWORD"),
		.msgid_key = app.keys.lookup,
	};
	struct mail_worker *mailer = NULL;
	if (mail_worker_start(&mailer, app.db, &mcfg)) {
		db_close(app.db);
		return 1;
	}
	/* The periodic jobs, stopped in the reverse order. */
	struct retention_job retention = { app.db, &app.keys, app.limits.absolute_member };
	const struct {
		const char *what;
		periodic_run run;
		void *arg;
	} jobs[] = {
		{ "the retention job", retention_daily, &retention },
		{ "the nightly job for the member counts", members_counts_nightly, app.db },
		{ "the hourly search indexing", search_index_hourly, app.db },
	};
	struct periodic *running[ARRAY_SIZE(jobs)] = { 0 };
	for (size_t i = 0; i < ARRAY_SIZE(jobs); i++)
		if (periodic_start(&running[i], jobs[i].what, jobs[i].run, jobs[i].arg)) {
			stop_jobs(running, i, mailer);
			db_close(app.db);
			return 1;
		}
	struct server *srv;
	if (server_start(&srv, &cfg)) {
		stop_jobs(running, ARRAY_SIZE(jobs), mailer);
		db_close(app.db);
		return 1;
	}
	log_info("kring %s serving %s on %s://%s", KRING_VERSION, o.db,
		 o.tls_cert ? "https" : "http", o.listen);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("signal %d: finishing the requests in flight, then stopping", sig);
	server_stop(srv, SHUTDOWN_GRACE_MS);
	stop_jobs(running, ARRAY_SIZE(jobs), mailer);
	db_close(app.db);
	log_info("stopped");
	return 0;
}
