/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* mail.h: e-mail that is never lost. Every message (password reset, invitation, reminder,
 * newsletter) is written to the `outbox` table by mail_enqueue() in the same transaction as
 * the action that causes it: the action and its e-mail are committed together or not at all.
 * A background worker (worker.c) delivers the outbox over SMTP with libcurl to the configured
 * relay and retries with back-off while the relay is down. Rules are in service.c, the SQL in
 * store.c.
 *
 * Delivery is at least once, and in practice exactly once:
 *   - Before sending a row, the worker claims it: one UPDATE (its own short transaction) that
 *     moves next_attempt_at MAIL_CLAIM_SECONDS ahead, on the condition that the row is still
 *     unsent and still has the next_attempt_at the worker read. Of two workers (two app
 *     servers sharing a database) only one can win the claim; the other skips the row. A
 *     worker that dies after claiming leaves the row to be retried when the claim expires.
 *   - Right after the relay accepted the message (250 after DATA) the row gets sent_at.
 *   - When the relay refuses the message for good (a 5xx reply to RCPT TO, to DATA or to the
 *     message: mail_rejected_for_good()), the row gets undeliverable_at and is never tried
 *     again. A 4xx reply, a 5xx to anything before (the greeting, EHLO, authentication, MAIL
 *     FROM: the relay's or Kring's settings, not this message) and a relay that cannot be
 *     reached are retried with back-off.
 *   - The window: when the process dies (or the database cannot be written) between the
 *     relay's acceptance and the UPDATE that sets sent_at, the row is sent again once the
 *     claim expires. Such a duplicate carries the same Message-ID, <outbox-ID.HASH@kring>:
 *     ID is the row id and HASH a keyed hash of it with a per-installation value (so it is
 *     stable across retries, restarts and app servers, and cannot be predicted from outside).
 *     Mail stores and clients that deduplicate by Message-ID drop the second copy.
 *
 * Privacy: the logs name the outbox id and the error, never an address, subject or body;
 * last_error holds curl's generic error text and the SMTP reply code, never the relay's reply
 * text (which may quote the address). A sent message's body and calendar part are emptied
 * (they may hold a single-use link or a meeting link); the address, subject and timestamps
 * stay for `kring mail status`. An undeliverable message keeps nothing but its times and
 * reply code: address, subject, body and calendar are erased when it is refused (a message
 * that could not reach an address says something
 * about that address, and nobody needs it: the administrator sees how many, and when). */
#ifndef KRING_MAIL_H
#define KRING_MAIL_H

#include "base/arena.h"
#include "db/db.h"

#define MAIL_ADDRESS_MIN	3
#define MAIL_ADDRESS_MAX	254
#define MAIL_SUBJECT_MAX	200	    /* bytes, one line */
#define MAIL_BODY_MAX		(64u << 10) /* bytes of UTF-8 */
#define MAIL_CALENDAR_MAX	(32u << 10) /* bytes of an iCalendar part */
#define MAIL_BATCH		20	    /* rows the worker takes per poll */
#define MAIL_RETRY_BASE_DEFAULT 30	    /* seconds before the first retry */
#define MAIL_RETRY_CAP		3600	    /* the longest wait between two attempts */
#define MAIL_CLAIM_SECONDS	600	    /* a claim outlives any send (30 s at most) */
#define MAIL_ERROR_MAX		120	    /* bytes of last_error */

struct mail_config {
	const char *smtp_url; /* smtp://127.0.0.1:2525 or smtps://…; NULL: mail stays queued */
	const char *from;     /* the sender's plain address; required with smtp_url */
	const char *username, *password; /* optional SMTP authentication */
	int poll_ms;			 /* how often the outbox is read; 0: 1000 */
	/* Seconds before the first retry, doubled per failure up to MAIL_RETRY_CAP. 0: the
	 * environment's KRING_MAIL_RETRY_BASE (1–3600; meant for tests), else 30. */
	int retry_base_s;
	/* Optional secret of KEY_BYTES (32) bytes for the Message-ID hash, e.g. a subkey from
	 * the key file; makes Message-IDs unpredictable from outside. */
	const unsigned char *msgid_key;
	/* A per-installation value mixed into the Message-ID hash. NULL: mail_worker_start()
	 * reads one from the database (when the schema was first created). */
	const char *install_id;
};

/* The rules for one message. An address is a plain ASCII addr-spec, 3–254 bytes: a local part
 * of atext and dots (1–64 bytes), one '@', a domain of letters, digits, '-' and dots; no
 * spaces, no control characters, no CR/LF, no display name or brackets, so that neither a
 * header nor the SMTP envelope can be injected. A subject is one line of 1–200 bytes of UTF-8
 * without control characters. A body is at most 64 KiB of UTF-8 with no control characters
 * other than tab, CR and LF. */
bool mail_address_ok(const char *s);
bool mail_subject_ok(const char *s);
bool mail_body_ok(const char *s);
/* An iCalendar part: at most 32 KiB of UTF-8 without control characters other than tab, CR
 * and LF, that begins with BEGIN:VCALENDAR, ends with END:VCALENDAR and has a METHOD line of
 * REQUEST, CANCEL or PUBLISH (what mail_calendar_method() gives, else NULL). */
bool mail_calendar_ok(const char *s);
const char *mail_calendar_method(const char *s);

/* Validates the message (KR_EINVAL) and inserts it into the outbox, due at once.
 *
 * It does NOT begin a transaction of its own: call it inside the transaction of the action
 * that causes the e-mail (db_begin … mail_enqueue … db_commit), so that the message exists if
 * and only if the action was committed. Without a transaction the INSERT commits on its own.
 * KR_EDB when the insert failed; the caller then rolls back. */
int mail_enqueue(struct db_conn *c, const char *to, const char *subject,
		 const char *body) MUST_CHECK;
/* The same with an iCalendar part (an invitation or its cancellation), sent beside the text
 * as text/calendar; method=... (mail_format_calendar). KR_EINVAL also for a calendar that
 * breaks mail_calendar_ok(). */
int mail_enqueue_calendar(struct db_conn *c, const char *to, const char *subject, const char *body,
			  const char *calendar) MUST_CHECK;

/* Seconds to wait after the attempts-th failed attempt (attempts >= 1): base, 2·base,
 * 4·base, … capped at MAIL_RETRY_CAP. base <= 0 means MAIL_RETRY_BASE_DEFAULT. */
int64_t mail_backoff(int attempts, int base_s);

/* The RFC 5322 message for outbox row id, as sent: Date (of `now`), From, To, Subject
 * (RFC 2047 base64 encoded-words when not plain ASCII), Message-ID <outbox-ID.HASH@kring>
 * (the same for the same id, cfg->install_id and cfg->msgid_key), MIME-Version,
 * Content-Type text/plain; charset=UTF-8, Content-Transfer-Encoding quoted-printable,
 * Auto-Submitted, then the body: CRLF line endings, lines of at most 76 characters, and
 * dot-safe (a '.' that starts a line is written =2E, so no line begins with a dot and SMTP
 * dot-stuffing never touches the text). NUL-terminated, in the arena; NULL when to, from or
 * subject break the rules above (so a header can never be injected) or the body is too big. */
char *mail_format(struct arena *a, const struct mail_config *cfg, int64_t id, const char *to,
		  const char *subject, const char *body, int64_t now);
/* mail_format() with an iCalendar part (NULL or "": none, which is mail_format()). Then the
 * message is multipart/alternative (boundary "=_kring-ID", which neither quoted-printable nor
 * base64 can produce) of the text as above and the calendar as text/calendar; charset=UTF-8;
 * method=METHOD (the calendar's own METHOD, as Outlook needs to show it as an invitation),
 * base64 in lines of 76. NULL also when the calendar breaks mail_calendar_ok(). */
char *mail_format_calendar(struct arena *a, const struct mail_config *cfg, int64_t id,
			   const char *to, const char *subject, const char *body,
			   const char *calendar, int64_t now);

/* Where in the SMTP conversation the relay's last reply came. */
enum mail_stage {
	MAIL_STAGE_SESSION,   /* greeting, EHLO, STARTTLS, AUTH */
	MAIL_STAGE_SENDER,    /* MAIL FROM */
	MAIL_STAGE_RECIPIENT, /* RCPT TO */
	MAIL_STAGE_MESSAGE,   /* DATA, and the message after it */
};

/* True when a reply refuses this one message for good, so that trying again cannot help: a
 * 5xx (500–599) to the recipient or to the message. Anything else is temporary: a 4xx, no
 * reply at all (code 0: the relay could not be reached), and a 5xx before RCPT TO, which is
 * about the relay or Kring's own settings (a refused sender, a failed login) and would refuse
 * every message alike. */
bool mail_rejected_for_good(enum mail_stage stage, long smtp_code);

/* What `kring mail status` and the administrator's overview show. */
struct mail_status {
	int64_t waiting;       /* not sent yet and not undeliverable (including those below) */
	int64_t failing;       /* of those, failed at least once */
	int64_t sent;	       /* delivered to the relay */
	int64_t undeliverable; /* refused for good, still kept (retention erases them) */
	int64_t first_undeliverable_at, last_undeliverable_at; /* when; 0 when none */
	int64_t max_attempts;	 /* the most attempts of one waiting message */
	int64_t next_attempt_at; /* the earliest next attempt of a waiting message, or 0 */
	char last_error[MAIL_ERROR_MAX + 1]; /* of the most recently failed waiting message */
};
int mail_status(struct db_conn *c, struct mail_status *out) MUST_CHECK;

/* The delivery worker: one thread with its own database connection (db_conn() on that
 * thread). Every poll_ms it takes up to MAIL_BATCH due messages (unsent, next_attempt_at <=
 * now, oldest first), claims each, sends it (connect timeout 10 s, 30 s in all), and marks it
 * sent, marks it undeliverable when the relay refused it for good, or counts the failure and
 * sets the next attempt after mail_backoff(). After a
 * connection failure the rest of the batch waits for that retry (the relay is down).
 *
 * mail_worker_start() validates cfg (KR_EINVAL, logged: a URL other than smtp:// or smtps://,
 * a missing or bad `from`, a bad KRING_MAIL_RETRY_BASE) and copies it. Without smtp_url it
 * logs once that e-mail stays in the outbox, and starts no thread. Call it with the signals
 * the process waits for already blocked (the thread inherits the mask).
 *
 * mail_worker_stop() wakes the worker (condition variable), aborts a transfer in progress
 * (the row is released for the next start, not counted as a failure), joins the thread and
 * frees w. Call it before db_close(). NULL is ignored. */
struct mail_worker;
int mail_worker_start(struct mail_worker **out, struct db *db,
		      const struct mail_config *cfg) MUST_CHECK;
void mail_worker_stop(struct mail_worker *w);

/* store.c: the SQL behind the above, without the rules. Times are seconds since the epoch. */
struct mail_row {
	int64_t id;
	const char *to, *subject, *body;
	const char *calendar; /* "" when none */
	int attempts;
	int64_t next_attempt_at;
};
/* calendar NULL: none. */
int mail_store_insert(struct db_conn *c, const char *to, const char *subject, const char *body,
		      const char *calendar, int64_t now) MUST_CHECK;
/* Up to limit unsent rows due at now, oldest first, copied into a. */
int mail_store_due(struct db_conn *c, struct arena *a, int64_t now, int limit,
		   struct mail_row **out, size_t *n) MUST_CHECK;
/* Moves next_attempt_at from `seen` to `until` if the row is still unsent and unchanged;
 * *claimed tells whether this caller won. */
int mail_store_claim(struct db_conn *c, int64_t id, int64_t seen, int64_t until,
		     bool *claimed) MUST_CHECK;
int mail_store_mark_sent(struct db_conn *c, int64_t id, int64_t now) MUST_CHECK;
int mail_store_mark_failed(struct db_conn *c, int64_t id, const char *err, int64_t next) MUST_CHECK;
/* Never to be tried again: sets undeliverable_at and erases address, subject and body. */
int mail_store_mark_undeliverable(struct db_conn *c, int64_t id, const char *err,
				  int64_t now) MUST_CHECK;
/* Gives a claimed row back, due at `next`, without counting an attempt. */
int mail_store_release(struct db_conn *c, int64_t id, int64_t next) MUST_CHECK;
int mail_store_status(struct db_conn *c, struct mail_status *out) MUST_CHECK;
/* A value fixed when the database was created (the first migration's time), copied into a. */
int mail_store_install_id(struct db_conn *c, struct arena *a, const char **out) MUST_CHECK;

#endif
