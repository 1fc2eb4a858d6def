// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_mail.c: the e-mail outbox: the rules for addresses, subjects and bodies, enqueueing
 * inside the caller's transaction, the message as sent (CRLF, encoded subject, stable
 * Message-ID, dot-safe quoted-printable body), the retry schedule, claims, and the worker's
 * failure handling and prompt stop. */
#include "test.h"
#include "tempdb.h"
#include "app/mail/mail.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>

void test_mail_validation(void);
void test_mail_enqueue_transaction(void);
void test_mail_format_headers(void);
void test_mail_format_body(void);
void test_mail_format_refuses_injection(void);
void test_mail_format_calendar(void);
void test_mail_store_calendar(void);
void test_mail_backoff_schedule(void);
void test_mail_store_claim(void);
void test_mail_rejected_for_good(void);
void test_mail_store_undeliverable(void);
void test_mail_worker_config(void);
void test_mail_worker_relay_down(void);
void test_mail_worker_stops_promptly(void);

static struct mail_status
status_of(struct db_conn *c)
{
	struct mail_status s;
	if (mail_status(c, &s))
		memset(&s, 0xff, sizeof(s));
	return s;
}

void
test_mail_validation(void)
{
	CHECK(mail_address_ok("someone@example.org"));
	CHECK(mail_address_ok("a@b"));
	CHECK(mail_address_ok("first.last+tag@sub.example.nl"));
	CHECK(!mail_address_ok(NULL));
	CHECK(!mail_address_ok(""));
	CHECK(!mail_address_ok("a@"));
	CHECK(!mail_address_ok("@b.nl"));
	CHECK(!mail_address_ok("no-at-sign.example.org"));
	CHECK(!mail_address_ok("two@@example.org"));
	CHECK(!mail_address_ok("a@b@example.org"));
	CHECK(!mail_address_ok("some one@example.org"));
	CHECK(!mail_address_ok("someone@example.org\r\nBcc: x@evil.example"));
	CHECK(!mail_address_ok("someone@example.org\n"));
	CHECK(!mail_address_ok("someone\r@example.org"));
	CHECK(!mail_address_ok("some\tone@example.org"));
	CHECK(!mail_address_ok("Name <someone@example.org>"));
	CHECK(!mail_address_ok("someone@example.org>"));
	CHECK(!mail_address_ok("a,b@example.org"));
	CHECK(!mail_address_ok(".a@example.org"));
	CHECK(!mail_address_ok("a..b@example.org"));
	CHECK(!mail_address_ok("a@example..org"));
	CHECK(!mail_address_ok("a@example.org."));
	CHECK(!mail_address_ok("a@[127.0.0.1]"));
	CHECK(!mail_address_ok("jöran@example.org")); /* no SMTPUTF8 */
	char longaddr[300];
	memset(longaddr, 'a', sizeof(longaddr));
	memcpy(longaddr + 60, "@", 1);
	longaddr[254] = '\0';
	for (size_t i = 100; i < 254; i += 50)
		longaddr[i] = '.';
	CHECK(mail_address_ok(longaddr)); /* 254 bytes */
	longaddr[254] = 'a';
	longaddr[255] = '\0';
	CHECK(!mail_address_ok(longaddr)); /* 255 */

	CHECK(mail_subject_ok("Je wachtwoord opnieuw instellen"));
	CHECK(mail_subject_ok("Uitnodiging voor Netwerk Iedereen Telt – één klik"));
	CHECK(!mail_subject_ok(""));
	CHECK(!mail_subject_ok(NULL));
	CHECK(!mail_subject_ok("Hello\r\nBcc: x@evil.example"));
	CHECK(!mail_subject_ok("Hello\nthere"));
	CHECK(!mail_subject_ok("Hello\rthere"));
	CHECK(!mail_subject_ok("tab\there"));
	CHECK(!mail_subject_ok("bad \xc3\x28 utf-8"));
	char subject[202];
	memset(subject, 's', sizeof(subject));
	subject[200] = '\0';
	CHECK(mail_subject_ok(subject));
	subject[200] = 's';
	subject[201] = '\0';
	CHECK(!mail_subject_ok(subject));

	CHECK(mail_body_ok(""));
	CHECK(mail_body_ok("Hallo,\r\n\r\nline\twith tab\nen één regel.\n"));
	CHECK(!mail_body_ok(NULL));
	CHECK(!mail_body_ok("bell \x07"));
	CHECK(!mail_body_ok("bad \xff utf-8"));
	char *body = xmalloc(MAIL_BODY_MAX + 2);
	memset(body, 'x', MAIL_BODY_MAX + 1);
	body[MAIL_BODY_MAX] = '\0';
	CHECK(mail_body_ok(body));
	body[MAIL_BODY_MAX] = 'x';
	body[MAIL_BODY_MAX + 1] = '\0';
	CHECK(!mail_body_ok(body));
	free(body);
}

void
test_mail_enqueue_transaction(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	if (!t.c) {
		tempdb_close(&t);
		return;
	}
	/* Rolled back with the action: nothing is left. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(mail_enqueue(t.c, "someone@example.org", "Onderwerp", "Tekst") == KR_OK);
	CHECK_INT(status_of(t.c).waiting, 1); /* visible inside the transaction */
	db_rollback(t.c);
	CHECK_INT(status_of(t.c).waiting, 0);
	/* Refused messages insert nothing, whatever the transaction does. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(mail_enqueue(t.c, "x@example.org\r\nBcc: y@example.org", "S", "B") == KR_EINVAL);
	CHECK(mail_enqueue(t.c, "x@example.org", "S\r\nBcc: y@example.org", "B") == KR_EINVAL);
	char *huge = xmalloc(MAIL_BODY_MAX + 2);
	memset(huge, 'x', MAIL_BODY_MAX + 1);
	huge[MAIL_BODY_MAX + 1] = '\0';
	CHECK(mail_enqueue(t.c, "x@example.org", "S", huge) == KR_EINVAL);
	free(huge);
	CHECK(db_commit(t.c) == KR_OK);
	CHECK_INT(status_of(t.c).waiting, 0);
	/* Committed with the action: it waits, not tried yet. */
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(mail_enqueue(t.c, "someone@example.org", "Onderwerp", "Tekst") == KR_OK);
	CHECK(db_commit(t.c) == KR_OK);
	struct mail_status s = status_of(t.c);
	CHECK_INT(s.waiting, 1);
	CHECK_INT(s.failing, 0);
	CHECK_INT(s.sent, 0);
	/* Due at once. */
	struct arena a;
	arena_init(&a);
	struct mail_row *rows;
	size_t n;
	CHECK(mail_store_due(t.c, &a, time_now(), MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(rows[0].to, "someone@example.org");
		CHECK_STR(rows[0].subject, "Onderwerp");
		CHECK_STR(rows[0].body, "Tekst");
		CHECK_INT(rows[0].attempts, 0);
	}
	arena_release(&a);
	tempdb_close(&t);
}

/* The value of header name (unfolded), or NULL; in the arena. */
static const char *
header(struct arena *a, const char *msg, const char *name)
{
	size_t nlen = strlen(name);
	const char *end = strstr(msg, "\r\n\r\n");
	for (const char *p = msg; p && p < end; p = strstr(p, "\r\n"), p = p ? p + 2 : NULL) {
		if (strncmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *v = p + nlen + 1;
			while (*v == ' ')
				v++;
			char *out = arena_alloc(a, (size_t)(end - v) + 1);
			size_t k = 0;
			while (v < end) {
				if (v[0] == '\r' && v[1] == '\n' && (v[2] == ' ' || v[2] == '\t'))
					v += 2; /* a fold */
				else if (v[0] == '\r')
					break;
				else
					out[k++] = *v++;
			}
			out[k] = '\0';
			return out;
		}
	}
	return NULL;
}

/* Decodes RFC 2047 B encoded-words (as this module writes them), separated by spaces. */
static char *
decode_words(struct arena *a, const char *v)
{
	char *out = arena_alloc(a, strlen(v) + 1);
	size_t k = 0;
	while (*v) {
		while (*v == ' ')
			v++;
		if (strncmp(v, "=?UTF-8?B?", 10) != 0)
			return NULL;
		v += 10;
		const char *q = strstr(v, "?=");
		if (!q)
			return NULL;
		size_t bin_len = 0;
		if (sodium_base642bin((unsigned char *)out + k, strlen(v), v, (size_t)(q - v), NULL,
				      &bin_len, NULL, sodium_base64_VARIANT_ORIGINAL))
			return NULL;
		k += bin_len;
		v = q + 2;
	}
	out[k] = '\0';
	return out;
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes a quoted-printable body; NULL when it is malformed. */
static char *
decode_qp(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1);
	size_t k = 0;
	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
			if (hi < 0 || lo < 0)
				return NULL;
			out[k++] = (char)(hi * 16 + lo);
			s += 3;
		} else {
			out[k++] = *s++;
		}
	}
	out[k] = '\0';
	return out;
}

static const struct mail_config format_cfg = {
	.from = "kring@example.org",
	.install_id = "2025-01-01T00:00:00Z",
};

void
test_mail_format_headers(void)
{
	CHECK(sodium_init() >= 0);
	struct arena a;
	arena_init(&a);
	const char *subject = "Uitnodiging – één netwerk voor iedereen, met een wat langer "
			      "onderwerp dat over meerdere woorden gaat";
	char *m = mail_format(&a, &format_cfg, 42, "someone@example.org", subject, "Hallo\n",
			      86400 * 365);
	CHECK(m != NULL);
	if (!m) {
		arena_release(&a);
		return;
	}
	/* Every line ends in CRLF: no bare CR or LF. */
	for (const char *p = m; *p; p++) {
		if (*p == '\n')
			CHECK(p > m && p[-1] == '\r');
		if (*p == '\r')
			CHECK(p[1] == '\n');
	}
	CHECK(strstr(m, "\r\n\r\n") != NULL);
	CHECK_STR(header(&a, m, "Date"), "Fri, 01 Jan 1971 00:00:00 +0000");
	CHECK_STR(header(&a, m, "From"), "Kring <kring@example.org>");
	CHECK_STR(header(&a, m, "To"), "someone@example.org");
	CHECK_STR(header(&a, m, "MIME-Version"), "1.0");
	CHECK_STR(header(&a, m, "Content-Type"), "text/plain; charset=UTF-8");
	CHECK_STR(header(&a, m, "Content-Transfer-Encoding"), "quoted-printable");
	/* The subject is encoded, in words of at most 75 characters, and decodes to itself. */
	const char *raw = header(&a, m, "Subject");
	CHECK(raw && strncmp(raw, "=?UTF-8?B?", 10) == 0);
	CHECK_STR(decode_words(&a, raw ? raw : ""), subject);
	const char *line = strstr(m, "Subject: ");
	for (const char *p = line; p && *p != '\r'; p = strstr(p, "\r\n "), p = p ? p + 3 : NULL)
		CHECK(strcspn(p, "\r") <= 75 + strlen("Subject: "));
	/* A plain ASCII subject is written as it is. */
	char *plain =
	    mail_format(&a, &format_cfg, 42, "someone@example.org", "Plain subject", "", 0);
	CHECK_STR(plain ? header(&a, plain, "Subject") : NULL, "Plain subject");
	/* ... unless it looks like an encoded word. */
	char *tricky =
	    mail_format(&a, &format_cfg, 42, "someone@example.org", "=?UTF-8?B?eA==?=", "", 0);
	CHECK_STR(tricky ? decode_words(&a, header(&a, tricky, "Subject")) : NULL,
		  "=?UTF-8?B?eA==?=");

	/* Message-ID: the same for the same row (a retry, a restart, another day), different
	 * for another row, another installation or another key. */
	const char *id = header(&a, m, "Message-ID");
	CHECK(id && strncmp(id, "<outbox-42.", 11) == 0 && strstr(id, "@kring>") != NULL);
	char *again = mail_format(&a, &format_cfg, 42, "someone@example.org", "Other", "x", 999);
	CHECK_STR(again ? header(&a, again, "Message-ID") : NULL, id);
	char *other = mail_format(&a, &format_cfg, 43, "someone@example.org", "Other", "x", 0);
	const char *other_id = other ? header(&a, other, "Message-ID") : NULL;
	CHECK(other_id && id && strcmp(other_id, id) != 0);
	CHECK(other_id && strncmp(other_id, "<outbox-43.", 11) == 0);
	struct mail_config cfg2 = format_cfg;
	cfg2.install_id = "2025-01-02T00:00:00Z";
	char *inst = mail_format(&a, &cfg2, 42, "someone@example.org", "S", "x", 0);
	const char *inst_id = inst ? header(&a, inst, "Message-ID") : NULL;
	CHECK(inst_id && id && strcmp(inst_id, id) != 0);
	static const unsigned char key[32] = { 1, 2, 3 };
	cfg2 = format_cfg;
	cfg2.msgid_key = key;
	char *keyed = mail_format(&a, &cfg2, 42, "someone@example.org", "S", "x", 0);
	const char *keyed_id = keyed ? header(&a, keyed, "Message-ID") : NULL;
	CHECK(keyed_id && id && strcmp(keyed_id, id) != 0);
	char *keyed2 = mail_format(&a, &cfg2, 42, "someone@example.org", "S", "y", 5);
	CHECK_STR(keyed2 ? header(&a, keyed2, "Message-ID") : NULL, keyed_id);
	arena_release(&a);
}

void
test_mail_format_body(void)
{
	CHECK(sodium_init() >= 0);
	struct arena a;
	arena_init(&a);
	/* LF, CRLF and a lone CR end lines; a line starting with '.' or "From "; a long line;
	 * trailing white space; '='; non-ASCII. */
	char longline[301];
	for (size_t i = 0; i < 300; i++)
		longline[i] = (char)('a' + i % 26);
	longline[300] = '\0';
	const char *body = arena_printf(&a,
					"Hallo,\n.\n.hidden line\r\nFrom here on\rtrailing space \n"
					"tab\tin the middle\ta=b\nCafé – één\n\n%s\n.%s\nlast",
					longline, longline);
	char *m = mail_format(&a, &format_cfg, 7, "someone@example.org", "S", body, 0);
	CHECK(m != NULL);
	if (!m) {
		arena_release(&a);
		return;
	}
	const char *text = strstr(m, "\r\n\r\n");
	CHECK(text != NULL);
	if (!text) {
		arena_release(&a);
		return;
	}
	text += 4;
	/* Dot-safe: no line of the body starts with '.', the lone dot and the dotted lines are
	 * encoded; no line is longer than 76; nothing but CRLF ends a line; 7-bit only. */
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\r\n");
		CHECK(len <= 76);
		CHECK(p[0] != '.');
		CHECK(strncmp(p, "From ", 5) != 0);
		CHECK(p[len] == '\r' && p[len + 1] == '\n');
		if (p[len] != '\r')
			break;
		p += len + 2;
	}
	for (const char *p = text; *p; p++)
		CHECK((unsigned char)*p < 0x80);
	CHECK(strstr(text, "\r\n=2E\r\n") != NULL);
	CHECK(strstr(text, "\r\n=2Ehidden line\r\n") != NULL);
	CHECK(strstr(text, "\r\ntrailing space=20\r\n") != NULL);
	CHECK(strstr(text, "a=3Db") != NULL);
	/* Decoding gives back the body with CRLF line endings (and one at the end). */
	struct strbuf want;
	strbuf_init(&want, 1 << 20);
	for (const char *p = body; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\r' || *p == '\n')
			strbuf_addstr(&want, "\r\n");
		else
			strbuf_addch(&want, *p);
	}
	strbuf_addstr(&want, "\r\n");
	CHECK_STR(decode_qp(&a, text), want.buf);
	strbuf_release(&want);
	/* The biggest body fits. */
	char *big = xmalloc(MAIL_BODY_MAX + 1);
	memset(big, '=', MAIL_BODY_MAX);
	big[MAIL_BODY_MAX] = '\0';
	CHECK(mail_format(&a, &format_cfg, 8, "someone@example.org", "S", big, 0) != NULL);
	free(big);
	arena_release(&a);
}

void
test_mail_format_refuses_injection(void)
{
	struct arena a;
	arena_init(&a);
	/* Rows that did not come through mail_enqueue() still cannot inject a header. */
	CHECK(mail_format(&a, &format_cfg, 1, "a@example.org\r\nBcc: b@example.org", "S", "B", 0) ==
	      NULL);
	CHECK(mail_format(&a, &format_cfg, 1, "a@example.org", "S\r\nBcc: b@example.org", "B", 0) ==
	      NULL);
	CHECK(mail_format(&a, &format_cfg, 1, "a@example.org", "S\nX-Evil: 1", "B", 0) == NULL);
	struct mail_config bad = format_cfg;
	bad.from = "kring@example.org\r\nBcc: b@example.org";
	CHECK(mail_format(&a, &bad, 1, "a@example.org", "S", "B", 0) == NULL);
	bad.from = NULL;
	CHECK(mail_format(&a, &bad, 1, "a@example.org", "S", "B", 0) == NULL);
	arena_release(&a);
}

void
test_mail_backoff_schedule(void)
{
	CHECK_INT(mail_backoff(1, 0), 30);
	CHECK_INT(mail_backoff(2, 0), 60);
	CHECK_INT(mail_backoff(3, 0), 120);
	CHECK_INT(mail_backoff(4, 0), 240);
	CHECK_INT(mail_backoff(7, 0), 1920);
	CHECK_INT(mail_backoff(8, 0), 3600); /* 3840 capped */
	CHECK_INT(mail_backoff(1000, 0), 3600);
	CHECK_INT(mail_backoff(1, 30), 30);
	CHECK_INT(mail_backoff(1, 1), 1);
	CHECK_INT(mail_backoff(2, 1), 2);
	CHECK_INT(mail_backoff(5, 1), 16);
	CHECK_INT(mail_backoff(40, 1), 3600);
	CHECK_INT(mail_backoff(1, 7200), 3600);
	CHECK_INT(mail_backoff(0, 0), 30);
}

void
test_mail_store_claim(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	if (!t.c) {
		tempdb_close(&t);
		return;
	}
	CHECK(mail_enqueue(t.c, "someone@example.org", "S", "Secret link") == KR_OK);
	struct arena a;
	arena_init(&a);
	struct mail_row *rows;
	size_t n;
	int64_t now = time_now();
	CHECK(mail_store_due(t.c, &a, now, MAIL_BATCH, &rows, &n) == KR_OK && n == 1);
	if (n != 1) {
		arena_release(&a);
		tempdb_close(&t);
		return;
	}
	const struct mail_row r = rows[0];
	/* Of two workers that read the same row, one wins the claim. */
	bool won = false, won2 = true;
	CHECK(mail_store_claim(t.c, r.id, r.next_attempt_at, now + MAIL_CLAIM_SECONDS, &won) ==
	      KR_OK);
	CHECK(mail_store_claim(t.c, r.id, r.next_attempt_at, now + MAIL_CLAIM_SECONDS, &won2) ==
	      KR_OK);
	CHECK(won);
	CHECK(!won2);
	/* A claimed row is not due. */
	CHECK(mail_store_due(t.c, &a, now, MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, 0);
	/* A failure counts, keeps the row and sets the next attempt. */
	CHECK(mail_store_mark_failed(t.c, r.id, "Couldn't connect to server", now + 30) == KR_OK);
	struct mail_status s = status_of(t.c);
	CHECK_INT(s.waiting, 1);
	CHECK_INT(s.failing, 1);
	CHECK_INT(s.max_attempts, 1);
	CHECK_INT(s.next_attempt_at, now + 30);
	CHECK_STR(s.last_error, "Couldn't connect to server");
	CHECK(mail_store_due(t.c, &a, now + 29, MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, 0);
	CHECK(mail_store_due(t.c, &a, now + 30, MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, 1);
	CHECK(n == 1 && rows[0].attempts == 1);
	/* Sent: counted as sent, the body (a possible secret link) is gone, never due again,
	 * and a late failure report cannot bring it back. */
	CHECK(mail_store_mark_sent(t.c, r.id, now + 31) == KR_OK);
	CHECK(mail_store_mark_failed(t.c, r.id, "late", now) == KR_OK);
	CHECK(mail_store_release(t.c, r.id, now) == KR_OK);
	s = status_of(t.c);
	CHECK_INT(s.waiting, 0);
	CHECK_INT(s.failing, 0);
	CHECK_INT(s.sent, 1);
	CHECK(mail_store_due(t.c, &a, now + 100000, MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, 0);
	bool again = true;
	CHECK(mail_store_claim(t.c, r.id, now, now + 1, &again) == KR_OK);
	CHECK(!again);
	/* Oldest first, at most the batch. */
	for (int i = 0; i < MAIL_BATCH + 5; i++)
		CHECK(mail_enqueue(t.c, "someone@example.org", "S", "B") == KR_OK);
	CHECK(mail_store_due(t.c, &a, time_now(), MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, MAIL_BATCH);
	for (size_t i = 1; i < n; i++)
		CHECK(rows[i].id > rows[i - 1].id);
	const char *install = NULL;
	CHECK(mail_store_install_id(t.c, &a, &install) == KR_OK);
	CHECK(install && strlen(install) >= 10);
	arena_release(&a);
	tempdb_close(&t);
}

void
test_mail_rejected_for_good(void)
{
	/* A 5xx to the recipient or to the message: that message will never go. */
	CHECK(mail_rejected_for_good(MAIL_STAGE_RECIPIENT, 550));
	CHECK(mail_rejected_for_good(MAIL_STAGE_RECIPIENT, 553));
	CHECK(mail_rejected_for_good(MAIL_STAGE_MESSAGE, 554));
	CHECK(mail_rejected_for_good(MAIL_STAGE_MESSAGE, 500));
	CHECK(mail_rejected_for_good(MAIL_STAGE_MESSAGE, 599));
	/* A 4xx is temporary, wherever it comes. */
	CHECK(!mail_rejected_for_good(MAIL_STAGE_RECIPIENT, 451));
	CHECK(!mail_rejected_for_good(MAIL_STAGE_MESSAGE, 452));
	CHECK(!mail_rejected_for_good(MAIL_STAGE_MESSAGE, 499));
	/* No reply (the relay could not be reached) or a reply that is no refusal. */
	CHECK(!mail_rejected_for_good(MAIL_STAGE_RECIPIENT, 0));
	CHECK(!mail_rejected_for_good(MAIL_STAGE_MESSAGE, 250));
	CHECK(!mail_rejected_for_good(MAIL_STAGE_MESSAGE, 600));
	/* A 5xx before RCPT TO is about the relay or Kring's settings, and would refuse every
	 * message alike: retried, so that a wrong setting does not throw all mail away. */
	CHECK(!mail_rejected_for_good(MAIL_STAGE_SESSION, 554));
	CHECK(!mail_rejected_for_good(MAIL_STAGE_SESSION, 535));
	CHECK(!mail_rejected_for_good(MAIL_STAGE_SENDER, 550));
}

/* The outbox row as stored: its address, subject, body and undeliverable_at. */
static bool
row_of(struct db_conn *c, struct arena *a, int64_t id, const char **to, const char **subject,
       const char **body, int64_t *undeliverable_at)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT to_addr, subject, body, coalesce(undeliverable_at, 0) FROM outbox"
			  " WHERE id = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_row(st);
	if (found) {
		*to = arena_strdup(a, db_col_text(st, 0));
		*subject = arena_strdup(a, db_col_text(st, 1));
		*body = arena_strdup(a, db_col_text(st, 2));
		*undeliverable_at = db_col_int(st, 3);
	}
	return db_done(st) == KR_OK && found;
}

void
test_mail_store_undeliverable(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	if (!t.c) {
		tempdb_close(&t);
		return;
	}
	CHECK(mail_enqueue(t.c, "gone@example.org", "Uitnodiging", "Secret link") == KR_OK);
	CHECK(mail_enqueue(t.c, "someone@example.org", "S", "B") == KR_OK);
	struct arena a;
	arena_init(&a);
	struct mail_row *rows;
	size_t n;
	int64_t now = time_now();
	CHECK(mail_store_due(t.c, &a, now, MAIL_BATCH, &rows, &n) == KR_OK && n == 2);
	if (n != 2) {
		arena_release(&a);
		tempdb_close(&t);
		return;
	}
	const struct mail_row r = rows[0];
	bool won = false;
	CHECK(mail_store_claim(t.c, r.id, r.next_attempt_at, now + MAIL_CLAIM_SECONDS, &won) ==
	      KR_OK);
	CHECK(won);
	CHECK(mail_store_mark_undeliverable(t.c, r.id, "Failed sending data to the peer (SMTP 550)",
					    now + 5) == KR_OK);
	/* Nothing of the message is left but its times: no address, subject or body. */
	const char *to = NULL, *subject = NULL, *body = NULL;
	int64_t at = 0;
	CHECK(row_of(t.c, &a, r.id, &to, &subject, &body, &at));
	CHECK_STR(to, "");
	CHECK_STR(subject, "");
	CHECK_STR(body, "");
	CHECK_INT(at, now + 5);
	/* Counted apart from the waiting and the sent ones, with when. */
	struct mail_status s = status_of(t.c);
	CHECK_INT(s.waiting, 1);
	CHECK_INT(s.failing, 0);
	CHECK_INT(s.sent, 0);
	CHECK_INT(s.undeliverable, 1);
	CHECK_INT(s.first_undeliverable_at, now + 5);
	CHECK_INT(s.last_undeliverable_at, now + 5);
	/* Never due again, and neither a late failure, a release nor a claim brings it back. */
	CHECK(mail_store_mark_failed(t.c, r.id, "late", now) == KR_OK);
	CHECK(mail_store_release(t.c, r.id, now) == KR_OK);
	bool again = true;
	CHECK(mail_store_claim(t.c, r.id, now, now + 1, &again) == KR_OK);
	CHECK(!again);
	CHECK(mail_store_due(t.c, &a, now + 100000, MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK(n == 1 && rows[0].id != r.id);
	s = status_of(t.c);
	CHECK_INT(s.waiting, 1);
	CHECK_INT(s.undeliverable, 1);
	/* Marking it twice does not move its time. */
	CHECK(mail_store_mark_undeliverable(t.c, r.id, "again", now + 50) == KR_OK);
	s = status_of(t.c);
	CHECK_INT(s.last_undeliverable_at, now + 5);
	arena_release(&a);
	tempdb_close(&t);
}

void
test_mail_worker_config(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	static char sentinel;
	struct mail_worker *w = (struct mail_worker *)(void *)&sentinel; /* must be reset */
	/* No relay: nothing to run, and that is fine. */
	CHECK(mail_worker_start(&w, t.db, &(struct mail_config){ 0 }) == KR_OK);
	CHECK(w == NULL);
	mail_worker_stop(w);
	CHECK(mail_worker_start(&w, t.db,
				&(struct mail_config){ .smtp_url = "http://127.0.0.1:1",
						       .from = "kring@example.org" }) == KR_EINVAL);
	CHECK(mail_worker_start(&w, t.db,
				&(struct mail_config){ .smtp_url = "smtp://127.0.0.1:1" }) ==
	      KR_EINVAL);
	CHECK(mail_worker_start(&w, t.db,
				&(struct mail_config){ .smtp_url = "smtp://127.0.0.1:1",
						       .from = "Kring <kring@example.org>" }) ==
	      KR_EINVAL);
	CHECK(mail_worker_start(&w, t.db,
				&(struct mail_config){ .smtp_url = "smtp://127.0.0.1:1\r\nX",
						       .from = "kring@example.org" }) == KR_EINVAL);
	setenv("KRING_MAIL_RETRY_BASE", "0", 1);
	CHECK(mail_worker_start(&w, t.db,
				&(struct mail_config){ .smtp_url = "smtp://127.0.0.1:1",
						       .from = "kring@example.org" }) == KR_EINVAL);
	unsetenv("KRING_MAIL_RETRY_BASE");
	CHECK(w == NULL);
	tempdb_close(&t);
}

/* Waits at most ms for the outbox to show a failed attempt. */
static struct mail_status
wait_failing(struct db_conn *c, int ms)
{
	struct mail_status s = status_of(c);
	for (int64_t end = time_mono_ms() + ms; s.failing == 0 && time_mono_ms() < end;) {
		usleep(20 * 1000);
		s = status_of(c);
	}
	return s;
}

void
test_mail_worker_relay_down(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	if (!t.c) {
		tempdb_close(&t);
		return;
	}
	/* A port nothing listens on: bind one, note it, close it. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	socklen_t len = sizeof(sa);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	close(fd);
	char url[64];
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", ntohs(sa.sin_port));
	CHECK(mail_enqueue(t.c, "someone@example.org", "S", "B") == KR_OK);
	struct mail_worker *w = NULL;
	CHECK(mail_worker_start(&w, t.db,
				&(struct mail_config){ .smtp_url = url,
						       .from = "kring@example.org",
						       .poll_ms = 20,
						       .retry_base_s = 60 }) == KR_OK);
	struct mail_status s = wait_failing(t.c, 5000);
	/* One attempt, then it waits for the back-off: no hammering of a relay that is down. */
	usleep(300 * 1000);
	s = status_of(t.c);
	int64_t started = time_mono_ms();
	mail_worker_stop(w);
	CHECK(time_mono_ms() - started < 1000);
	CHECK_INT(s.waiting, 1);
	CHECK_INT(s.failing, 1);
	CHECK_INT(s.max_attempts, 1);
	CHECK(s.next_attempt_at >= time_now() + 55);
	CHECK(strstr(s.last_error, "connect") != NULL);
	CHECK(strstr(s.last_error, "someone") == NULL);
	CHECK_INT(s.sent, 0);
	tempdb_close(&t);
}

void
test_mail_worker_stops_promptly(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	if (!t.c) {
		tempdb_close(&t);
		return;
	}
	/* A relay that accepts the connection and never says a word: the transfer would wait
	 * for its 30 s timeout, but stopping aborts it. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	socklen_t len = sizeof(sa);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(fd, 8) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	char url[64];
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", ntohs(sa.sin_port));
	CHECK(mail_enqueue(t.c, "someone@example.org", "S", "B") == KR_OK);
	struct mail_worker *w = NULL;
	CHECK(mail_worker_start(&w, t.db,
				&(struct mail_config){ .smtp_url = url,
						       .from = "kring@example.org",
						       .poll_ms = 20 }) == KR_OK);
	/* Wait until the worker has claimed the row (it is then no longer due). */
	struct arena a;
	arena_init(&a);
	struct mail_row *rows;
	size_t n = 1;
	for (int64_t end = time_mono_ms() + 5000; n && time_mono_ms() < end;) {
		usleep(20 * 1000);
		if (mail_store_due(t.c, &a, time_now(), MAIL_BATCH, &rows, &n))
			break;
	}
	CHECK_INT(n, 0);
	usleep(200 * 1000);
	int64_t started = time_mono_ms();
	mail_worker_stop(w);
	CHECK(time_mono_ms() - started < 2500);
	close(fd);
	/* Released, not counted: due again at once, for the next start. */
	struct mail_status s = status_of(t.c);
	CHECK_INT(s.waiting, 1);
	CHECK_INT(s.failing, 0);
	CHECK(mail_store_due(t.c, &a, time_now(), MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, 1);
	arena_release(&a);
	tempdb_close(&t);
}

/* The part of a multipart message between "--boundary\r\n" number `nth` (0-based) and the
 * next boundary line, or NULL; in the arena. */
static const char *
mime_part(struct arena *a, const char *msg, const char *boundary, int nth)
{
	const char *delim = arena_printf(a, "\r\n--%s", boundary);
	const char *p = strstr(msg, delim);
	for (int i = 0; p && i < nth; i++)
		p = strstr(p + 1, delim);
	if (!p)
		return NULL;
	p += strlen(delim);
	if (strncmp(p, "\r\n", 2) != 0)
		return NULL; /* the closing delimiter */
	p += 2;
	const char *end = strstr(p, delim);
	return end ? arena_strndup(a, p, (size_t)(end - p)) : NULL;
}

static const char invite_ics[] = "BEGIN:VCALENDAR\r\n"
				 "PRODID:-//Kring//Events//EN\r\n"
				 "VERSION:2.0\r\n"
				 "METHOD:REQUEST\r\n"
				 "BEGIN:VEVENT\r\n"
				 "UID:event-1-00@kring\r\n"
				 "SUMMARY:Afspraak – één\r\n"
				 "DESCRIPTION:.a line that starts with a dot\\nFrom here\r\n"
				 "END:VEVENT\r\n"
				 "END:VCALENDAR\r\n";

void
test_mail_format_calendar(void)
{
	CHECK(sodium_init() >= 0);
	struct arena a;
	arena_init(&a);
	/* The rules for a calendar part. */
	CHECK(mail_calendar_ok(invite_ics));
	CHECK_STR(mail_calendar_method(invite_ics), "REQUEST");
	CHECK(!mail_calendar_ok(NULL));
	CHECK(!mail_calendar_ok(""));
	CHECK(!mail_calendar_ok("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"));
	CHECK(!mail_calendar_ok("BEGIN:VCALENDAR\r\nMETHOD:COUNTER\r\nEND:VCALENDAR\r\n"));
	CHECK(!mail_calendar_ok("BEGIN:VCALENDAR\r\nMETHOD:REQUESTX\r\nEND:VCALENDAR\r\n"));
	CHECK(!mail_calendar_ok("BEGIN:VCALENDAR\r\nX-A:METHOD:CANCEL\r\nEND:VCALENDAR\r\n"));
	CHECK(!mail_calendar_ok("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nX:\x01\r\nEND:VCALENDAR\r\n"));
	CHECK(!mail_calendar_ok("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\n"));
	CHECK(mail_calendar_ok("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"));
	char *huge = xmalloc(MAIL_CALENDAR_MAX + 64);
	snprintf(huge, MAIL_CALENDAR_MAX + 64, "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nX:");
	size_t len = strlen(huge);
	memset(huge + len, 'x', MAIL_CALENDAR_MAX - len);
	snprintf(huge + MAIL_CALENDAR_MAX, 64, "\r\nEND:VCALENDAR\r\n");
	CHECK(!mail_calendar_ok(huge));
	CHECK(mail_format_calendar(&a, &format_cfg, 9, "someone@example.org", "S", "B", huge, 0) ==
	      NULL);
	free(huge);

	/* Without a calendar: the plain message, byte for byte. */
	char *plain = mail_format(&a, &format_cfg, 9, "someone@example.org", "S", "Tekst\n", 0);
	CHECK_STR(mail_format_calendar(&a, &format_cfg, 9, "someone@example.org", "S", "Tekst\n",
				       NULL, 0),
		  plain);
	CHECK_STR(
	    mail_format_calendar(&a, &format_cfg, 9, "someone@example.org", "S", "Tekst\n", "", 0),
	    plain);

	char *m = mail_format_calendar(&a, &format_cfg, 9, "someone@example.org", "Uitnodiging",
				       "Hallo,\n.punt\nFrom me\n", invite_ics, 0);
	CHECK(m != NULL);
	if (!m) {
		arena_release(&a);
		return;
	}
	for (const char *p = m; *p; p++) {
		if (*p == '\n')
			CHECK(p > m && p[-1] == '\r');
		if (*p == '\r')
			CHECK(p[1] == '\n');
	}
	/* No line longer than 76 characters, none that starts with a dot or "From ". */
	for (const char *p = m; *p;) {
		size_t n = strcspn(p, "\r");
		CHECK(n <= 78); /* the headers may fold later; the parts are at most 76 */
		CHECK(p[0] != '.');
		CHECK(strncmp(p, "From ", 5) != 0);
		p += n;
		if (*p)
			p += 2;
	}
	CHECK_STR(header(&a, m, "MIME-Version"), "1.0");
	CHECK_STR(header(&a, m, "Content-Type"), "multipart/alternative; boundary=\"=_kring-9\"");
	CHECK_STR(header(&a, m, "Auto-Submitted"), "auto-generated");
	CHECK(header(&a, m, "Content-Transfer-Encoding") == NULL);
	/* Two parts, then the closing delimiter and nothing after it. */
	const char *text = mime_part(&a, m, "=_kring-9", 0);
	const char *cal = mime_part(&a, m, "=_kring-9", 1);
	CHECK(text != NULL && cal != NULL);
	CHECK(mime_part(&a, m, "=_kring-9", 2) == NULL);
	static const char closing[] = "\r\n--=_kring-9--\r\n";
	size_t mlen = strlen(m);
	CHECK(mlen > strlen(closing) && strcmp(m + mlen - strlen(closing), closing) == 0);
	if (!text || !cal) {
		arena_release(&a);
		return;
	}
	CHECK_STR(header(&a, text, "Content-Type"), "text/plain; charset=UTF-8");
	CHECK_STR(header(&a, text, "Content-Transfer-Encoding"), "quoted-printable");
	CHECK(strstr(text, "\r\n\r\nHallo,\r\n=2Epunt\r\n=46rom me") != NULL);
	CHECK_STR(header(&a, cal, "Content-Type"), "text/calendar; charset=UTF-8; method=REQUEST");
	CHECK_STR(header(&a, cal, "Content-Transfer-Encoding"), "base64");
	/* The calendar part decodes to the calendar, byte for byte. */
	const char *b64 = strstr(cal, "\r\n\r\n");
	CHECK(b64 != NULL);
	if (b64) {
		unsigned char out[sizeof(invite_ics)];
		size_t outlen = 0;
		CHECK(sodium_base642bin(out, sizeof(out), b64 + 4, strlen(b64 + 4), "\r\n", &outlen,
					NULL, sodium_base64_VARIANT_ORIGINAL) == 0);
		CHECK_INT(outlen, sizeof(invite_ics) - 1);
		CHECK(outlen == sizeof(invite_ics) - 1 && memcmp(out, invite_ics, outlen) == 0);
	}
	/* A CANCEL says so in its part's type. */
	char *c = mail_format_calendar(
	    &a, &format_cfg, 10, "someone@example.org", "S", "B",
	    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n", 0);
	const char *cpart = c ? mime_part(&a, c, "=_kring-10", 1) : NULL;
	CHECK_STR(cpart ? header(&a, cpart, "Content-Type") : NULL,
		  "text/calendar; charset=UTF-8; method=CANCEL");
	arena_release(&a);
}

/* The calendar is written with the message, read by the worker, and emptied once sent. */
void
test_mail_store_calendar(void)
{
	struct tempdb t = { 0 };
	CHECK(tempdb_open(&t));
	if (!t.c) {
		tempdb_close(&t);
		return;
	}
	CHECK(mail_enqueue_calendar(t.c, "someone@example.org", "S", "B", "METHOD:REQUEST\r\n") ==
	      KR_EINVAL);
	CHECK_INT(status_of(t.c).waiting, 0);
	CHECK(db_begin(t.c) == KR_OK);
	CHECK(mail_enqueue_calendar(t.c, "someone@example.org", "S", "B", invite_ics) == KR_OK);
	CHECK(mail_enqueue(t.c, "other@example.org", "S", "B") == KR_OK);
	CHECK(db_commit(t.c) == KR_OK);
	struct arena a;
	arena_init(&a);
	struct mail_row *rows;
	size_t n;
	CHECK(mail_store_due(t.c, &a, time_now(), MAIL_BATCH, &rows, &n) == KR_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(rows[0].calendar, invite_ics);
		CHECK_STR(rows[1].calendar, "");
		CHECK(mail_store_mark_sent(t.c, rows[0].id, time_now()) == KR_OK);
		struct db_stmt *st =
		    db_prepare(t.c, "SELECT count(*) FROM outbox WHERE calendar IS NOT NULL");
		CHECK(st && db_row(st) && db_col_int(st, 0) == 0);
		CHECK(st && db_done(st) == KR_OK);
	}
	arena_release(&a);
	tempdb_close(&t);
}
