// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of the consultation hour, its repeating dates, and the sealing that
 * keeps who booked private at rest (consult.h). */
#include "app/consult/consult.h"
#include "app/auth/auth.h"
#include "app/events/events.h"
#include "app/mail/mail.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "app/questions/questions.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <sodium.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

/* ---- dates ---- */

int
consult_weekday(int y, int m, int d)
{
	/* Sakamoto's method: 0 Sunday; shifted to 0 Monday. */
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 3)
		y -= 1;
	int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
	return (w + 6) % 7;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

static void
add_days(int *y, int *m, int *d, int n)
{
	*d += n;
	while (*d > days_in_month(*y, *m)) {
		*d -= days_in_month(*y, *m);
		if (++*m > 12) {
			*m = 1;
			++*y;
		}
	}
}

size_t
consult_dates(const struct consult_plan *p, int (*out)[3], size_t cap)
{
	int count = p->repeat == REPEAT_ONCE ? 1 : p->count;
	if (count < 1 || count > CONSULT_REPEAT_MAX || p->month < 1 || p->month > 12 ||
	    p->day < 1 || p->day > days_in_month(p->year, p->month))
		return 0;
	size_t n = 0;
	int y = p->year, m = p->month, d = p->day;
	if (p->repeat != REPEAT_FIRST_OF_MONTH) {
		for (; n < (size_t)count && n < cap; n++) {
			out[n][0] = y, out[n][1] = m, out[n][2] = d;
			add_days(&y, &m, &d, 7);
		}
		return n;
	}
	int wd = consult_weekday(p->year, p->month, p->day);
	for (; n < (size_t)count && n < cap;) {
		/* the first day of month m with weekday wd */
		int first = 1 + (wd - consult_weekday(y, m, 1) + 7) % 7;
		if (y > p->year || m > p->month || first >= p->day) {
			if (!(y == p->year && m == p->month && first < p->day)) {
				out[n][0] = y, out[n][1] = m, out[n][2] = first;
				n++;
			}
		}
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return n;
}

/* ---- checks ---- */

static long
text_chars(const char *s)
{
	if (!str_is_utf8(str_from(s)))
		return -1;
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return -1;
		if ((*p & 0xC0) != 0x80)
			n++;
	}
	return n;
}

size_t
consult_check(const struct consult_plan *p, const struct consult_slot *w,
	      struct consult_problem *out)
{
	size_t n = 0;
#define PROBLEM(f, m) (out[n++] = (struct consult_problem){ (f), (m) })
	struct local_time t = { p->year, p->month, p->day, p->start_hour, p->start_minute };
	int64_t ignored;
	if (events_local_to_utc(&t, &ignored))
		PROBLEM("date", N_("Enter a date that exists, like 2027-03-04."));
	int start = p->start_hour * 60 + p->start_minute, end = p->end_hour * 60 + p->end_minute;
	if (p->start_hour < 0 || p->start_hour > 23 || p->start_minute < 0 || p->start_minute > 59)
		PROBLEM("start", N_("Enter the start as a time, like 12:00."));
	else if (p->end_hour < 0 || p->end_hour > 23 || p->end_minute < 0 || p->end_minute > 59 ||
		 end <= start)
		PROBLEM("end", N_("Enter an end later on the same day, like 13:00."));
	else if (end - start > CONSULT_SLOT_MAX)
		PROBLEM("end", N_("A consultation hour lasts at most 8 hours."));
	if (p->talk_minutes < CONSULT_TALK_MIN || p->talk_minutes > CONSULT_TALK_MAX)
		PROBLEM("talk", N_("A talk lasts from 10 to 120 minutes."));
	else if (end > start && p->talk_minutes > end - start)
		PROBLEM("talk", N_("A talk cannot be longer than the consultation hour."));
	if (p->repeat != REPEAT_ONCE && (p->count < 1 || p->count > CONSULT_REPEAT_MAX))
		PROBLEM("count", N_("Repeat it from 1 to 52 times."));
	if (w->online) {
		const char *url = w->meeting_url ? w->meeting_url : "";
		long ul = text_chars(url);
		if (ul < 0 || ul > CONSULT_URL_MAX || strncmp(url, "https://", 8) != 0 ||
		    strlen(url) < 12 || strpbrk(url, " \"'<>"))
			PROBLEM("meeting_url",
				N_("Enter the meeting link, starting with https://."));
	} else if (!w->room_id) {
		long pl = text_chars(w->place ? w->place : "");
		if (pl <= 0)
			PROBLEM("place", N_("Choose a room, or say where it is."));
		else if (pl > CONSULT_WHERE_MAX)
			PROBLEM("place", N_("Say where in at most 200 characters."));
	}
#undef PROBLEM
	return n;
}

/* ---- publishing and reading ---- */

bool
consult_may_publish(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	if (account_id <= 0)
		return false;
	if (org_is_core_team(c, network_id, account_id))
		return true;
	struct arena a;
	arena_init(&a);
	struct coordinator_role *roles = NULL;
	size_t n = 0;
	bool yes = false;
	if (subgroup_coordinator_roles(c, &a, account_id, &roles, &n) == KR_OK)
		for (size_t i = 0; i < n && !yes; i++)
			yes = roles[i].accepted && roles[i].network_id == network_id;
	arena_release(&a);
	return yes;
}

int
consult_publish(struct db_conn *c, int64_t network_id, int64_t host_id,
		const struct consult_plan *p, const struct consult_slot *where, int64_t now,
		size_t *n)
{
	struct consult_problem probs[CONSULT_PROBLEMS_MAX];
	*n = 0;
	if (consult_check(p, where, probs))
		return KR_EINVAL;
	int dates[CONSULT_REPEAT_MAX][3];
	size_t nd = consult_dates(p, dates, CONSULT_REPEAT_MAX);
	if (!nd)
		return KR_EINVAL;
	int err = db_begin(c);
	if (err)
		return err;
	if (where->room_id) {
		struct arena a;
		arena_init(&a);
		struct room rm;
		err = events_room_get(c, &a, where->room_id, &rm);
		arena_release(&a);
	}
	for (size_t i = 0; !err && i < nd; i++) {
		struct local_time s = { dates[i][0], dates[i][1], dates[i][2], p->start_hour,
					p->start_minute };
		struct local_time e = { dates[i][0], dates[i][1], dates[i][2], p->end_hour,
					p->end_minute };
		struct consult_slot slot = *where;
		slot.network_id = network_id;
		slot.host_id = host_id;
		slot.talk_minutes = p->talk_minutes;
		if ((err = events_local_to_utc(&s, &slot.starts_at)) ||
		    (err = events_local_to_utc(&e, &slot.ends_at)))
			break;
		if (slot.ends_at <= slot.starts_at)
			continue; /* the clock changed inside the hour: nothing to book */
		int64_t id;
		if ((err = consult_store_slot_insert(c, &slot, now, &id)))
			break;
		int64_t len = (int64_t)p->talk_minutes * 60;
		for (int64_t t = slot.starts_at; !err && t + len <= slot.ends_at; t += len)
			err = consult_store_talk_insert(c, id, t, t + len);
		(*n)++;
	}
	return db_end(c, err);
}

int
consult_slots(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from, size_t limit,
	      struct consult_slot **out, size_t *n)
{
	return consult_store_slots(c, a, 0, network_id, from, limit, out, n);
}

int
consult_slot_get(struct db_conn *c, struct arena *a, int64_t id, struct consult_slot *out)
{
	struct consult_slot *s;
	size_t n;
	int err = consult_store_slots(c, a, id, 0, 0, 1, &s, &n);
	if (err)
		return err;
	if (n != 1)
		return KR_ENOTFOUND;
	*out = s[0];
	return KR_OK;
}

int
consult_talks(struct db_conn *c, struct arena *a, int64_t slot_id, struct consult_talk **out,
	      size_t *n)
{
	return consult_store_talks(c, a, slot_id, out, n);
}

int
consult_hosted_talks(struct db_conn *c, struct arena *a, int64_t host_id, int64_t from,
		     size_t limit, struct consult_talk **out, size_t *n)
{
	return consult_store_hosted_talks(c, a, host_id, from, limit, out, n);
}

int
consult_talk_get(struct db_conn *c, int64_t id, struct consult_talk *out)
{
	bool found;
	int err = consult_store_talk_get(c, id, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

/* ---- sealing ---- */

static void
lookup_of(const struct keys *k, const char *what, int64_t account_id, int64_t id,
	  unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->lookup, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)what, strlen(what));
	crypto_generichash_update(&st, (const unsigned char *)&account_id, sizeof(account_id));
	crypto_generichash_update(&st, (const unsigned char *)&id, sizeof(id));
	crypto_generichash_final(&st, out, 32);
}

static void
booking_lookups(const struct keys *k, int64_t account_id, int64_t talk_id, int64_t slot_id,
		unsigned char talk_l[32], unsigned char slot_l[32])
{
	lookup_of(k, "kring consult talk v1", account_id, talk_id, talk_l);
	lookup_of(k, "kring consult slot v1", account_id, slot_id, slot_l);
}

/* The plain text "account\nnote", bound to the talk. */
static unsigned char *
booking_seal(struct arena *a, const struct keys *k, int64_t talk_id, int64_t account_id,
	     const char *note, size_t *len)
{
	char ad[64];
	snprintf(ad, sizeof(ad), "kring consult booking v1 %lld", (long long)talk_id);
	char *plain = arena_printf(a, "%lld\n%s", (long long)account_id, note ? note : "");
	size_t plen = strlen(plain);
	unsigned char *box = arena_alloc(a, NONCE + plen + TAG);
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain,
						   plen, (const unsigned char *)ad, strlen(ad),
						   NULL, box, k->data);
	sodium_memzero(plain, plen);
	*len = NONCE + (size_t)clen;
	return box;
}

static int
booking_open(struct arena *a, const struct keys *k, const struct consult_booking_row *row,
	     struct consult_booking *out)
{
	char ad[64];
	snprintf(ad, sizeof(ad), "kring consult booking v1 %lld", (long long)row->talk_id);
	if (!row->sealed || row->sealed_len < NONCE + TAG)
		return KR_EINTERNAL;
	size_t plen = row->sealed_len - NONCE - TAG;
	char *plain = arena_alloc(a, plen + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, NULL, NULL, row->sealed + NONCE, row->sealed_len - NONCE,
		(const unsigned char *)ad, strlen(ad), row->sealed, k->data) != 0)
		return KR_EINTERNAL;
	plain[plen] = '\0';
	char *nl = strchr(plain, '\n');
	long acc;
	if (!nl)
		return KR_EINTERNAL;
	*nl = '\0';
	if (str_to_long(str_from(plain), 1, INT64_MAX, &acc))
		return KR_EINTERNAL;
	*out = (struct consult_booking){ row->id, row->talk_id, acc, nl + 1, row->booked_at };
	return KR_OK;
}

/* ---- e-mail: the neutral title and the time, and where to look; never the network ---- */

static const char *
when_of(struct arena *a, const struct consult_talk *t)
{
	struct local_time s, e;
	events_utc_to_local(t->starts_at, &s);
	events_utc_to_local(t->ends_at, &e);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d–%02d:%02d (%s)", s.year, s.month, s.day,
			    s.hour, s.minute, e.hour, e.minute, _("Amsterdam time"));
}

enum mail_kind { MAIL_BOOKED, MAIL_CANCELLED, MAIL_REMINDER };

static int
appointment_mail(struct db_conn *c, struct arena *a, int64_t account_id,
		 const struct consult_talk *t, enum mail_kind kind, bool host, const char *base_url)
{
	struct account acc;
	int err = auth_account_by_id(c, a, account_id, &acc);
	if (err == KR_ENOTFOUND || (err == KR_OK && acc.disabled))
		return KR_OK; /* nobody to tell */
	if (err)
		return err;
	const char *what = kind == MAIL_BOOKED	    ? _("Appointment")
			   : kind == MAIL_CANCELLED ? _("Appointment cancelled")
						    : _("Reminder: appointment");
	const char *when = when_of(a, t);
	const char *subject = arena_printf(a, "%s %s", what, when);
	if (!mail_subject_ok(subject))
		subject = what;
	const char *line = kind == MAIL_BOOKED	    ? _("An appointment has been made:")
			   : kind == MAIL_CANCELLED ? _("This appointment has been cancelled:")
						    : _("A reminder of your appointment tomorrow:");
	const char *body = arena_printf(a, "%s %s,\n\n%s\n%s\n", _("Hello"), acc.name, line, when);
	if (base_url && *base_url && kind != MAIL_CANCELLED)
		body = arena_printf(a, "%s\n%s\n%s%s\n", body,
				    _("The details and a file for your calendar:"), base_url,
				    host ? arena_printf(a, "/consult/talks/%lld", (long long)t->id)
					 : "/consult");
	return mail_enqueue(c, acc.email, subject, body);
}

/* ---- booking ---- */

static int
book_locked(struct db_conn *c, const struct keys *k, struct arena *a, const struct consult_talk *t,
	    const struct consult_slot *s, int64_t account_id, const char *note, int64_t now,
	    enum consult_refusal *why)
{
	if (t->starts_at <= now) {
		*why = CREFUSE_PAST;
		return KR_EINVAL;
	}
	if (s->host_id == account_id) {
		*why = CREFUSE_HOST;
		return KR_EINVAL;
	}
	if (t->booked) {
		*why = CREFUSE_BOOKED;
		return KR_EINVAL;
	}
	unsigned char tl[32], sl[32];
	booking_lookups(k, account_id, t->id, s->id, tl, sl);
	size_t len;
	unsigned char *box = booking_seal(a, k, t->id, account_id, note, &len);
	int err = consult_store_booking_insert(c, t->id, tl, sl, box, len, time_hour(now));
	if (err == KR_ECONFLICT) {
		/* Either the talk went to someone else in the meantime or the person holds one of
		 * this slot: tell which. */
		struct consult_talk again;
		bool found;
		err = consult_store_talk_get(c, t->id, &again, &found);
		if (err)
			return err;
		*why = found && again.booked ? CREFUSE_BOOKED : CREFUSE_TWICE;
		return KR_EINVAL;
	}
	return err;
}

static bool
note_ok(const char *note)
{
	long nl = text_chars(note ? note : "");
	return nl >= 0 && nl <= CONSULT_NOTE_MAX;
}

int
consult_book(struct db_conn *c, const struct keys *k, struct arena *a, int64_t talk_id,
	     int64_t account_id, const char *note, const char *base_url, int64_t now,
	     enum consult_refusal *why)
{
	*why = CREFUSE_NONE;
	if (!note_ok(note)) {
		*why = CREFUSE_NOTE;
		return KR_EINVAL;
	}
	int err = db_begin(c);
	if (err)
		return err;
	struct consult_talk t;
	struct consult_slot s;
	if (!(err = consult_talk_get(c, talk_id, &t)) &&
	    !(err = consult_slot_get(c, a, t.slot_id, &s)) &&
	    !(err = book_locked(c, k, a, &t, &s, account_id, note, now, why)) &&
	    !(err = appointment_mail(c, a, account_id, &t, MAIL_BOOKED, false, base_url)) &&
	    s.host_id)
		err = appointment_mail(c, a, s.host_id, &t, MAIL_BOOKED, true, base_url);
	return db_end(c, err);
}

bool
consult_is_booker(struct db_conn *c, const struct keys *k, int64_t talk_id, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct consult_booking_row row;
	bool found = false;
	bool mine = false;
	if (consult_store_booking_by_talk(c, &a, talk_id, &row, &found) == KR_OK && found) {
		unsigned char tl[32], sl[32];
		booking_lookups(k, account_id, talk_id, row.slot_id, tl, sl);
		mine = sodium_memcmp(tl, row.lookup, 32) == 0;
	}
	arena_release(&a);
	return mine;
}

int
consult_booking_of_talk(struct db_conn *c, const struct keys *k, struct arena *a, int64_t talk_id,
			struct consult_booking *out)
{
	struct consult_booking_row row;
	bool found;
	int err = consult_store_booking_by_talk(c, a, talk_id, &row, &found);
	if (err)
		return err;
	if (!found)
		return KR_ENOTFOUND;
	return booking_open(a, k, &row, out);
}

int
consult_move(struct db_conn *c, const struct keys *k, struct arena *a, int64_t from_talk,
	     int64_t to_talk, int64_t account_id, const char *base_url, int64_t now,
	     enum consult_refusal *why)
{
	*why = CREFUSE_NONE;
	int err = db_begin(c);
	if (err)
		return err;
	struct consult_talk from, to;
	struct consult_slot fs, ts;
	struct consult_booking b;
	if ((err = consult_talk_get(c, from_talk, &from)) ||
	    (err = consult_slot_get(c, a, from.slot_id, &fs)))
		goto out;
	if (!consult_is_booker(c, k, from_talk, account_id)) {
		err = KR_ENOTFOUND;
		goto out;
	}
	if (from.starts_at <= now) {
		*why = CREFUSE_PAST;
		err = KR_EINVAL;
		goto out;
	}
	if ((err = consult_booking_of_talk(c, k, a, from_talk, &b)))
		goto out;
	err = consult_talk_get(c, to_talk, &to);
	if (err == KR_ENOTFOUND || (!err && to.id == from.id)) {
		*why = CREFUSE_BOOKED;
		err = KR_EINVAL;
		goto out;
	}
	if (err || (err = consult_slot_get(c, a, to.slot_id, &ts)))
		goto out;
	if (ts.network_id != fs.network_id) {
		err = KR_ENOTFOUND;
		goto out;
	}
	/* The old booking goes first, so a move within one slot is not "twice"; if the new
	 * talk cannot be had, the transaction is rolled back and the old one stands. */
	if ((err = consult_store_booking_delete(c, from_talk)) ||
	    (err = book_locked(c, k, a, &to, &ts, account_id, b.note, now, why)) ||
	    (err = appointment_mail(c, a, account_id, &to, MAIL_BOOKED, false, base_url)))
		goto out;
	if (fs.host_id)
		err = appointment_mail(c, a, fs.host_id, &from, MAIL_CANCELLED, true, base_url);
	if (!err && ts.host_id)
		err = appointment_mail(c, a, ts.host_id, &to, MAIL_BOOKED, true, base_url);
out:
	return db_end(c, err);
}

int
consult_cancel(struct db_conn *c, const struct keys *k, struct arena *a, int64_t talk_id,
	       int64_t account_id, const char *base_url, int64_t now)
{
	(void)now;
	int err = db_begin(c);
	if (err)
		return err;
	struct consult_talk t;
	struct consult_slot s;
	if ((err = consult_talk_get(c, talk_id, &t)) ||
	    (err = consult_slot_get(c, a, t.slot_id, &s)))
		goto out;
	if (!consult_is_booker(c, k, talk_id, account_id)) {
		err = KR_ENOTFOUND;
		goto out;
	}
	if (!(err = consult_store_booking_delete(c, talk_id)) &&
	    !(err = appointment_mail(c, a, account_id, &t, MAIL_CANCELLED, false, base_url)) &&
	    s.host_id)
		err = appointment_mail(c, a, s.host_id, &t, MAIL_CANCELLED, true, base_url);
out:
	return db_end(c, err);
}

int
consult_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	     struct consult_booking **bookings, struct consult_talk **talks,
	     struct consult_slot **slots, size_t *n)
{
	struct consult_booking_row *rows;
	size_t nrows;
	int err = consult_store_bookings(c, a, 0, &rows, &nrows);
	if (err)
		return err;
	*bookings = ARENA_ARRAY(a, struct consult_booking, nrows ? nrows : 1);
	*talks = ARENA_ARRAY(a, struct consult_talk, nrows ? nrows : 1);
	*slots = ARENA_ARRAY(a, struct consult_slot, nrows ? nrows : 1);
	*n = 0;
	for (size_t i = 0; i < nrows; i++) {
		unsigned char tl[32], sl[32];
		booking_lookups(k, account_id, rows[i].talk_id, rows[i].slot_id, tl, sl);
		if (sodium_memcmp(tl, rows[i].lookup, 32) != 0)
			continue;
		if ((err = booking_open(a, k, &rows[i], &(*bookings)[*n])) ||
		    (err = consult_talk_get(c, rows[i].talk_id, &(*talks)[*n])) ||
		    (err = consult_slot_get(c, a, rows[i].slot_id, &(*slots)[*n])))
			return err;
		(*n)++;
	}
	return KR_OK;
}

int
consult_note_referral(struct db_conn *c, int64_t talk_id, int64_t actor_id, int64_t referral_id,
		      int64_t now)
{
	struct arena a;
	arena_init(&a);
	struct consult_talk t;
	struct consult_slot s;
	int err = consult_talk_get(c, talk_id, &t);
	if (!err)
		err = consult_slot_get(c, &a, t.slot_id, &s);
	if (!err && s.host_id != actor_id)
		err = KR_EFORBIDDEN;
	if (!err && (t.starts_at > now || !t.was_booked))
		err = KR_ECONFLICT;
	const char *kind = NULL;
	if (!err && referral_id) {
		struct referral *es;
		size_t ne;
		err = referral_list(c, &a, &es, &ne);
		for (size_t i = 0; !err && i < ne && !kind; i++)
			if (es[i].id == referral_id)
				kind = referral_kind_name(es[i].kind);
		if (!err && !kind)
			err = KR_ENOTFOUND;
	}
	if (!err)
		err = consult_store_set_referral(c, talk_id, referral_id, kind);
	arena_release(&a);
	return err;
}

/* ---- figures ---- */

int
consult_booked_by_month(struct db_conn *c, int64_t network_id, int64_t now, int months,
			int64_t *counts, int (*ym)[2])
{
	struct local_time t;
	events_utc_to_local(now, &t);
	int y = t.year, m = t.month;
	for (int i = 0; i < months - 1; i++)
		if (--m < 1) {
			m = 12;
			y--;
		}
	for (int i = 0; i < months; i++) {
		struct local_time a = { y, m, 1, 0, 0 };
		int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
		struct local_time b = { ny, nm, 1, 0, 0 };
		int64_t from, to;
		int err = events_local_to_utc(&a, &from);
		if (!err)
			err = events_local_to_utc(&b, &to);
		if (!err)
			err = consult_store_booked_between(c, network_id, from, to, &counts[i]);
		if (err)
			return err;
		ym[i][0] = y;
		ym[i][1] = m;
		y = ny;
		m = nm;
	}
	return KR_OK;
}

int
consult_referrals_by_kind(struct db_conn *c, int64_t network_id, int64_t *counts)
{
	struct arena a;
	arena_init(&a);
	const char **kinds;
	int64_t *ns;
	size_t n;
	memset(counts, 0, sizeof(*counts) * REFERRAL_KINDS);
	int err = consult_store_referral_kinds(c, network_id, &a, &kinds, &ns, &n);
	for (size_t i = 0; !err && i < n; i++) {
		enum referral_kind kd;
		if (referral_kind_parse(kinds[i], &kd))
			counts[kd] += ns[i];
	}
	arena_release(&a);
	return err;
}

/* ---- hooks ---- */

int
consult_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	int64_t now = time_now();
	struct consult_booking_row *rows;
	size_t n;
	/* Their bookings: the host of one still to come is told the talk is free. */
	int err = consult_store_bookings(c, &a, 0, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		unsigned char tl[32], sl[32];
		booking_lookups(k, account_id, rows[i].talk_id, rows[i].slot_id, tl, sl);
		if (sodium_memcmp(tl, rows[i].lookup, 32) != 0)
			continue;
		struct consult_talk t;
		struct consult_slot s;
		if ((err = consult_talk_get(c, rows[i].talk_id, &t)) ||
		    (err = consult_slot_get(c, &a, t.slot_id, &s)) ||
		    (err = consult_store_booking_delete(c, t.id)))
			break;
		if (t.starts_at > now && s.host_id && s.host_id != account_id)
			err = appointment_mail(c, &a, s.host_id, &t, MAIL_CANCELLED, true, NULL);
	}
	/* Their slots still to come go, each booker told; the past ones stay without them. */
	int64_t *ids;
	size_t nids = 0;
	if (!err)
		err = consult_store_host_slots(c, &a, account_id, now, &ids, &nids);
	for (size_t i = 0; !err && i < nids; i++) {
		struct consult_booking_row *bs;
		size_t nb;
		if ((err = consult_store_bookings(c, &a, ids[i], &bs, &nb)))
			break;
		for (size_t j = 0; !err && j < nb; j++) {
			struct consult_booking b;
			struct consult_talk t;
			if ((err = booking_open(&a, k, &bs[j], &b)) ||
			    (err = consult_talk_get(c, bs[j].talk_id, &t)))
				break;
			err =
			    appointment_mail(c, &a, b.account_id, &t, MAIL_CANCELLED, false, NULL);
		}
		if (!err)
			err = consult_store_slot_delete(c, ids[i]);
	}
	if (!err)
		err = consult_store_forget_host(c, account_id);
	arena_release(&a);
	return err;
}

int
consult_retention_run(struct db_conn *c, const struct keys *k, int64_t now, int64_t *erased,
		      int64_t *reminded)
{
	*erased = *reminded = 0;
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	err = consult_store_erase_before(c, now - (int64_t)CONSULT_KEEP_DAYS * 86400, erased);
	/* Tomorrow in Amsterdam: the talks of that day get their reminder, once. */
	struct local_time t;
	events_utc_to_local(now + 86400, &t);
	struct local_time d0 = { t.year, t.month, t.day, 0, 0 };
	int y = t.year, m = t.month, d = t.day;
	add_days(&y, &m, &d, 1);
	struct local_time d1 = { y, m, d, 0, 0 };
	int64_t from = 0, to = 0, *ids = NULL;
	size_t n = 0;
	if (!err && !(err = events_local_to_utc(&d0, &from)) &&
	    !(err = events_local_to_utc(&d1, &to)))
		err = consult_store_to_remind(c, &a, from, to, &ids, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct consult_talk tk;
		struct consult_slot s;
		struct consult_booking b;
		if ((err = consult_talk_get(c, ids[i], &tk)) ||
		    (err = consult_slot_get(c, &a, tk.slot_id, &s)) ||
		    (err = consult_booking_of_talk(c, k, &a, tk.id, &b)) ||
		    (err =
			 appointment_mail(c, &a, b.account_id, &tk, MAIL_REMINDER, false, NULL)) ||
		    (s.host_id &&
		     (err = appointment_mail(c, &a, s.host_id, &tk, MAIL_REMINDER, true, NULL))) ||
		    (err = consult_store_set_reminded(c, tk.id)))
			break;
		(*reminded)++;
	}
	arena_release(&a);
	return db_end(c, err);
}

int
consult_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct consult_booking_row *rows;
	size_t n;
	*count = 0;
	int err = consult_store_bookings(c, &a, 0, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct consult_booking b;
		if ((err = booking_open(&a, old, &rows[i], &b)))
			break;
		unsigned char tl[32], sl[32];
		booking_lookups(fresh, b.account_id, rows[i].talk_id, rows[i].slot_id, tl, sl);
		size_t len;
		unsigned char *box =
		    booking_seal(&a, fresh, rows[i].talk_id, b.account_id, b.note, &len);
		if (!(err = consult_store_booking_reseal(c, rows[i].id, tl, sl, box, len)))
			(*count)++;
	}
	arena_release(&a);
	return err;
}

int
consult_demo_booking(struct db_conn *c, const struct keys *k, struct arena *a, int64_t talk_id,
		     int64_t account_id, const char *note, int64_t now)
{
	struct consult_talk t;
	int err = consult_talk_get(c, talk_id, &t);
	if (err)
		return err;
	unsigned char tl[32], sl[32];
	booking_lookups(k, account_id, talk_id, t.slot_id, tl, sl);
	size_t len;
	unsigned char *box = booking_seal(a, k, talk_id, account_id, note, &len);
	return consult_store_booking_insert(c, talk_id, tl, sl, box, len, time_hour(now));
}
