// SPDX-License-Identifier: AGPL-3.0-or-later
/* members.c: `kring members invite FILE.csv --network SLUG`: invites a mailing list to join a
 * network. Each person gets an e-mail; nobody becomes a member without saying yes. */
#include "app/auth/auth.h"
#include "app/mail/mail.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/csv.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "cli/cli.h"
#include <sodium.h>

/* The body of the e-mail to someone who has an account: the network's page, where they
 * decide whether and how to join. */
static const char *
join_mail(struct arena *a, const struct network *nw, const char *base_url)
{
	return arena_printf(
	    a,
	    "Hallo,\n\n"
	    "Je bent uitgenodigd om lid te worden van %s. Op deze pagina lees je wat het netwerk "
	    "doet, en kies je zelf of en hoe je meedoet: met je naam, onder een schuilnaam, of "
	    "als stille volger die niemand ziet:\n\n"
	    "%s/n/%s\n\n"
	    "Doe je niets, dan word je geen lid.\n\n"
	    "-- \n\n"
	    "Hello,\n\n"
	    "You are invited to join %s. The page above tells what the network does; there you "
	    "decide whether and how to take part: with your name, under a pseudonym, or as a "
	    "silent follower nobody sees. If you do nothing, you do not become a member.\n",
	    nw->name, base_url, nw->slug, nw->name);
}

static int
invite_file(struct db_conn *c, const struct keys *k, const char *path, const struct network *nw,
	    const char *base_url)
{
	size_t len;
	char *text = file_read_all(path, 16u << 20, &len);
	if (!text) {
		fprintf(stderr, "kring members invite: cannot read %s (at most 16 MiB)\n", path);
		return 1;
	}
	struct arena a;
	struct csv csv;
	arena_init(&a);
	csv_init(&csv, (struct str){ text, len });
	size_t total = 0;
	for (size_t i = 0; i < len; i++)
		total += text[i] == '\n';
	bool tty = isatty(STDERR_FILENO);
	size_t invited = 0, accounts = 0, dupes = 0, bad = 0, done = 0;
	/* Addresses seen in this file, to skip duplicates. */
	size_t nseen = 0, capseen = 256;
	const char **seen = ARENA_ARRAY(&a, const char *, capseen);
	const char *fields[CSV_MAX_FIELDS];
	size_t n, line;
	int err;
	while ((err = csv_next(&csv, &a, fields, &n, &line)) != KR_ENOTFOUND) {
		done = line;
		if (tty)
			fprintf(stderr, "\rline %zu of about %zu", line, total);
		else if (line % 500 == 0)
			fprintf(stderr, "line %zu of about %zu\n", line, total);
		if (err) {
			fprintf(stderr,
				"%sline %zu: not a CSV record (check the quotes); skipped\n",
				tty ? "\n" : "", line);
			bad++;
			continue;
		}
		if (line == 1 &&
		    (strcasecmp(fields[0], "email") == 0 || strcasecmp(fields[0], "e-mail") == 0 ||
		     strcasecmp(fields[0], "e-mailadres") == 0))
			continue; /* a header */
		const char *email;
		if (auth_email_normalise(&a, fields[0], &email)) {
			fprintf(stderr, "%sline %zu: '%s' is not an e-mail address; skipped\n",
				tty ? "\n" : "", line, fields[0]);
			bad++;
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < nseen && !dup; i++)
			dup = strcmp(seen[i], email) == 0;
		if (dup) {
			dupes++;
			continue;
		}
		if (nseen == capseen) {
			const char **bigger = ARENA_ARRAY(&a, const char *, capseen * 2);
			memcpy(bigger, seen, nseen * sizeof(*seen));
			seen = bigger;
			capseen *= 2;
		}
		seen[nseen++] = email;
		struct account acc;
		err = auth_account_by_email(c, &a, email, &acc);
		if (err == KR_ENOTFOUND) {
			err = auth_invite_to_network(c, k, 0, email, nw->id, nw->name, nw->slug,
						     base_url, time_now());
			if (!err)
				invited++;
		} else if (!err) {
			/* A member already: nothing to ask. Counted with the others, so that the
			 * summary does not tell who is a member (docs/PRIVACY.md). */
			struct membership m;
			if (members_get(c, k, &a, acc.id, nw->id, 0, &m) != KR_OK &&
			    !(err = db_begin(c))) {
				err = mail_enqueue(c, email, "Uitnodiging / Invitation",
						   join_mail(&a, nw, base_url));
				err = db_end(c, err);
			}
			if (!err)
				accounts++;
		}
		if (err) {
			fprintf(stderr, "%sline %zu: could not invite (%s); skipped\n",
				tty ? "\n" : "", line, kr_err_name(err));
			bad++;
		}
	}
	if (tty)
		fprintf(stderr, "\n");
	printf("%zu lines read: %zu invited to make an account, %zu with an account invited to "
	       "join unless they are a member already, %zu duplicates skipped, %zu bad lines.\n"
	       "The e-mails wait in the outbox; the running server sends them.\n",
	       done, invited, accounts, dupes, bad);
	arena_release(&a);
	free(text);
	return 0;
}

int
cli_members(int argc, char **argv)
{
	struct cli_opts o;
	int rc = cli_parse("members", argc, argv, "dknB", &o);
	if (rc)
		return rc;
	if (o.argc != 2 || strcmp(o.argv[0], "invite") != 0 || !o.network) {
		fprintf(stderr, "kring members: invite FILE.csv --network SLUG (see `kring help "
				"members`)\n");
		return 2;
	}
	struct keys k;
	struct db *db = cli_open_keyed(&o, &k);
	if (!db)
		return 1;
	struct db_conn *c = db_conn(db);
	int err = KR_OK;
	struct arena a;
	struct network nw;
	arena_init(&a);
	if (!err && (err = org_network_by_slug(c, &a, o.network, &nw)) == KR_ENOTFOUND)
		fprintf(stderr, "kring members invite: there is no network '%s'\n", o.network);
	const char *base = o.base_url ? o.base_url : "http://localhost:8080";
	rc = err ? 1 : invite_file(c, &k, o.argv[1], &nw, base);
	sodium_memzero(&k, sizeof(k));
	arena_release(&a);
	db_close(db);
	return rc;
}
