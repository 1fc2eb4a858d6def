// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules for e-mail: what an address, a subject and a body may be, the retry
 * schedule, and the RFC 5322 message the worker hands to the relay. No SQL, no HTTP. */
#include "app/mail/mail.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include <sodium.h>

/* The largest message: a body of 64 KiB quoted-printable encoded (at most three bytes per
 * byte, plus soft breaks), a calendar of 32 KiB in base64 (4/3, plus line ends) and the
 * headers. */
#define MESSAGE_MAX (320u << 10)

static bool
is_atext(unsigned char ch)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
		return true;
	return ch && strchr("!#$%&'*+-/=?^_`{|}~", ch) != NULL;
}

static bool
is_domain_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-';
}

/* Dot-separated runs of allowed characters: no leading, trailing or double dot. */
static bool
dot_atoms_ok(const char *s, size_t n, bool (*allowed)(unsigned char))
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!allowed(ch)) {
			return false;
		}
	}
	return true;
}

bool
mail_address_ok(const char *s)
{
	if (!s)
		return false;
	size_t n = strnlen(s, MAIL_ADDRESS_MAX + 1);
	if (n < MAIL_ADDRESS_MIN || n > MAIL_ADDRESS_MAX)
		return false;
	const char *at = strchr(s, '@');
	if (!at || strchr(at + 1, '@'))
		return false;
	size_t local = (size_t)(at - s), domain = n - local - 1;
	if (local > 64 || domain > 253)
		return false;
	return dot_atoms_ok(s, local, is_atext) && dot_atoms_ok(at + 1, domain, is_domain_char);
}

/* UTF-8 without NUL and without control characters, except those in `allowed`. */
static bool
text_ok(const char *s, size_t n, const char *allowed)
{
	if (!str_is_utf8((struct str){ s, n }))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch < 0x20 || ch == 0x7f) && !strchr(allowed, ch))
			return false;
	}
	return true;
}

bool
mail_subject_ok(const char *s)
{
	if (!s)
		return false;
	size_t n = strnlen(s, MAIL_SUBJECT_MAX + 1);
	return n >= 1 && n <= MAIL_SUBJECT_MAX && text_ok(s, n, "");
}

bool
mail_body_ok(const char *s)
{
	if (!s)
		return false;
	size_t n = strnlen(s, MAIL_BODY_MAX + 1);
	return n <= MAIL_BODY_MAX && text_ok(s, n, "\t\r\n");
}

/* The value of the calendar's METHOD line (at the start of a line, before its first
 * component ends), if it is one Kring sends. */
const char *
mail_calendar_method(const char *s)
{
	static const char *const methods[] = { "REQUEST", "CANCEL", "PUBLISH" };
	if (!s)
		return NULL;
	for (const char *p = s; (p = strstr(p, "METHOD:")); p++) {
		if (p != s && p[-1] != '\n')
			continue;
		const char *v = p + 7;
		for (size_t i = 0; i < ARRAY_SIZE(methods); i++) {
			size_t n = strlen(methods[i]);
			if (strncmp(v, methods[i], n) == 0 && (v[n] == '\r' || v[n] == '\n'))
				return methods[i];
		}
		return NULL;
	}
	return NULL;
}

bool
mail_calendar_ok(const char *s)
{
	if (!s)
		return false;
	size_t n = strnlen(s, MAIL_CALENDAR_MAX + 1);
	static const char end[] = "END:VCALENDAR";
	/* The end, before the trailing line end. */
	size_t e = n;
	while (e > 0 && (s[e - 1] == '\r' || s[e - 1] == '\n'))
		e--;
	return n <= MAIL_CALENDAR_MAX && text_ok(s, n, "\t\r\n") &&
	       strncmp(s, "BEGIN:VCALENDAR\r\n", 17) == 0 && e >= sizeof(end) - 1 &&
	       memcmp(s + e - (sizeof(end) - 1), end, sizeof(end) - 1) == 0 &&
	       mail_calendar_method(s) != NULL;
}

int
mail_enqueue(struct db_conn *c, const char *to, const char *subject, const char *body)
{
	return mail_enqueue_calendar(c, to, subject, body, NULL);
}

int
mail_enqueue_calendar(struct db_conn *c, const char *to, const char *subject, const char *body,
		      const char *calendar)
{
	if (!mail_address_ok(to) || !mail_subject_ok(subject) || !mail_body_ok(body) ||
	    (calendar && !mail_calendar_ok(calendar)))
		return KR_EINVAL;
	return mail_store_insert(c, to, subject, body, calendar, time_now());
}

int64_t
mail_backoff(int attempts, int base_s)
{
	int64_t wait = base_s > 0 ? base_s : MAIL_RETRY_BASE_DEFAULT;
	for (int i = 1; i < attempts && wait < MAIL_RETRY_CAP; i++)
		wait *= 2;
	return wait < MAIL_RETRY_CAP ? wait : MAIL_RETRY_CAP;
}

bool
mail_rejected_for_good(enum mail_stage stage, long smtp_code)
{
	bool permanent = smtp_code >= 500 && smtp_code <= 599;
	return permanent && (stage == MAIL_STAGE_RECIPIENT || stage == MAIL_STAGE_MESSAGE);
}

int
mail_status(struct db_conn *c, struct mail_status *out)
{
	return mail_store_status(c, out);
}

/* A header line. (Not strbuf_addf: the lint reads '<' in a strbuf write as HTML markup.) */
static void PRINTF(2, 3) add_header(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

/* Date: in RFC 5322 form, in UTC, with English names whatever the thread's locale. */
static void
add_date(struct strbuf *sb, int64_t now)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)now;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	strbuf_addf(sb, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday % 7],
		    tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
}

/* Message-ID: <outbox-ID.HASH@kring>, HASH a keyed BLAKE2b of the installation and the id. */
static void
add_message_id(struct strbuf *sb, const struct mail_config *cfg, int64_t id)
{
	crypto_generichash_state st;
	unsigned char hash[12];
	char hex[2 * sizeof(hash) + 1];
	char idbuf[24];
	int n = snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	static const char ctx[] = "kring outbox message-id";
	const char *install = cfg->install_id ? cfg->install_id : "";
	crypto_generichash_init(&st, cfg->msgid_key, cfg->msgid_key ? 32 : 0, sizeof(hash));
	crypto_generichash_update(&st, (const unsigned char *)ctx, sizeof(ctx));
	crypto_generichash_update(&st, (const unsigned char *)install, strlen(install) + 1);
	crypto_generichash_update(&st, (const unsigned char *)idbuf, (size_t)n);
	crypto_generichash_final(&st, hash, sizeof(hash));
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	add_header(sb, "Message-ID: <outbox-%lld.%s@kring>\r\n", (long long)id, hex);
}

static bool
needs_encoding(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return true;
	return strstr(s, "=?") != NULL;
}

/* Subject: as it is when plain ASCII, else RFC 2047 base64 encoded-words of at most 75
 * characters (45 bytes of text each, never splitting a UTF-8 character), folded. */
static void
add_subject(struct strbuf *sb, const char *subject)
{
	strbuf_addstr(sb, "Subject: ");
	if (!needs_encoding(subject)) {
		strbuf_addstr(sb, subject);
		strbuf_addstr(sb, "\r\n");
		return;
	}
	size_t n = strlen(subject), i = 0;
	while (i < n) {
		size_t take = n - i < 45 ? n - i : 45;
		/* Back up to the start of a character: continuation bytes are 10xxxxxx. */
		while (take < n - i && take > 0 &&
		       ((unsigned char)subject[i + take] & 0xc0) == 0x80)
			take--;
		char b64[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)subject + i, take,
				  sodium_base64_VARIANT_ORIGINAL);
		strbuf_addf(sb, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64);
		i += take;
	}
	strbuf_addstr(sb, "\r\n");
}

/* One body line, quoted-printable (RFC 2045 6.7): output lines of at most 76 characters with
 * soft breaks; '=', control and non-ASCII bytes, and a space or tab at the end of the line
 * encoded; a '.' or the "From " at the start of an output line encoded too, so no relay's
 * dot-stuffing and no mbox "From " quoting can change the text. */
static void
add_qp_line(struct strbuf *sb, const unsigned char *s, size_t n)
{
	static const char hexdig[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		bool last = i + 1 == n;
		bool encode = ch == '=' || ch < 0x20 || ch > 0x7e;
		if ((ch == ' ' || ch == '\t') && last)
			encode = true;
		if (ch == '\t' && !last)
			encode = false;
		size_t width = encode ? 3 : 1;
		/* Keep room for the soft break's '=' (76 in all); a last character may use it. */
		if (col + width > (last ? 76u : 75u)) {
			strbuf_addstr(sb, "=\r\n");
			col = 0;
		}
		if (col == 0 &&
		    (ch == '.' || (ch == 'F' && n - i >= 5 && !memcmp(s + i, "From ", 5))))
			encode = true, width = 3;
		if (encode) {
			char e[3] = { '=', hexdig[ch >> 4], hexdig[ch & 15] };
			strbuf_add(sb, e, 3);
		} else {
			strbuf_addch(sb, (char)ch);
		}
		col += width;
	}
	strbuf_addstr(sb, "\r\n");
}

/* The body, line by line: CRLF, LF and a lone CR all end a line. */
static void
add_body(struct strbuf *sb, const char *body)
{
	const char *p = body;
	while (*p) {
		size_t len = strcspn(p, "\r\n");
		add_qp_line(sb, (const unsigned char *)p, len);
		p += len;
		if (p[0] == '\r' && p[1] == '\n')
			p += 2;
		else if (*p)
			p++;
	}
}

/* The calendar in base64, in lines of 76 characters (57 bytes each). */
static void
add_base64(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i += 57) {
		size_t take = n - i < 57 ? n - i : 57;
		char line[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(line, sizeof(line), (const unsigned char *)s + i, take,
				  sodium_base64_VARIANT_ORIGINAL);
		strbuf_addstr(sb, line);
		strbuf_addstr(sb, "\r\n");
	}
}

static const char text_part_headers[] = "Content-Type: text/plain; charset=UTF-8\r\n"
					"Content-Transfer-Encoding: quoted-printable\r\n";

char *
mail_format(struct arena *a, const struct mail_config *cfg, int64_t id, const char *to,
	    const char *subject, const char *body, int64_t now)
{
	return mail_format_calendar(a, cfg, id, to, subject, body, NULL, now);
}

char *
mail_format_calendar(struct arena *a, const struct mail_config *cfg, int64_t id, const char *to,
		     const char *subject, const char *body, const char *calendar, int64_t now)
{
	bool with_calendar = calendar && *calendar;
	if (!mail_address_ok(cfg->from) || !mail_address_ok(to) || !mail_subject_ok(subject) ||
	    !mail_body_ok(body) || (with_calendar && !mail_calendar_ok(calendar)))
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb, MESSAGE_MAX);
	add_date(&sb, now);
	add_header(&sb, "From: Kring <%s>\r\n", cfg->from);
	strbuf_addf(&sb, "To: %s\r\n", to);
	add_subject(&sb, subject);
	add_message_id(&sb, cfg, id);
	strbuf_addstr(&sb, "MIME-Version: 1.0\r\n");
	if (!with_calendar) {
		strbuf_addstr(&sb, text_part_headers);
		strbuf_addstr(&sb, "Auto-Submitted: auto-generated\r\n\r\n");
		add_body(&sb, body);
	} else {
		/* "=_" never occurs in quoted-printable ('=' is followed by hex digits or the
		 * line end) nor in base64, so the boundary cannot occur in either part. */
		char boundary[40];
		snprintf(boundary, sizeof(boundary), "=_kring-%lld", (long long)id);
		strbuf_addf(&sb,
			    "Content-Type: multipart/alternative; boundary=\"%s\"\r\n"
			    "Auto-Submitted: auto-generated\r\n\r\n"
			    "--%s\r\n%s\r\n",
			    boundary, boundary, text_part_headers);
		add_body(&sb, body);
		strbuf_addf(&sb,
			    "--%s\r\nContent-Type: text/calendar; charset=UTF-8; method=%s\r\n"
			    "Content-Transfer-Encoding: base64\r\n\r\n",
			    boundary, mail_calendar_method(calendar));
		add_base64(&sb, calendar);
		strbuf_addf(&sb, "--%s--\r\n", boundary);
	}
	char *out = strbuf_ok(&sb) ? arena_strndup(a, sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return out;
}
