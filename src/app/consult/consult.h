/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* consult.h: the consultation hour (spreekuur, issue 13; docs/PRIVACY.md, "Consultation hour").
 *
 * A network's core team publishes slots: a date, a start and an end in Europe/Amsterdam time,
 * a talk length that cuts the slot into talks, on site (a room of events' rooms, or a free
 * "where") or online (a meeting link), and a host (the publishing core-team member). A slot
 * can repeat: every first <weekday> of the month or every week on <weekday>, for at most
 * CONSULT_REPEAT_MAX occurrences; the concrete slots are made when it is published (no
 * recurrence rule is stored or expanded later).
 *
 * Any signed-in employee books one talk of a slot, with an optional short note for the host.
 * A booking row names no account: it holds its talk in the clear (UNIQUE: a talk is never
 * booked twice, whatever runs in parallel), a keyed hash of (account, talk) to find it for
 * "my appointments", a keyed hash of (account, slot) so that one person holds one talk a slot,
 * and the account and the note sealed with XChaCha20-Poly1305 under the data key, bound to the
 * talk. Only the host of the slot sees who booked and the note; the rest of the core team sees
 * "booked" or "free". Nothing of a booking goes to the audit log or any log. */
#ifndef KRING_CONSULT_H
#define KRING_CONSULT_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define CONSULT_NOTE_MAX   500 /* characters of the note for the host */
#define CONSULT_WHERE_MAX  200
#define CONSULT_URL_MAX	   500
#define CONSULT_TALK_MIN   10 /* minutes */
#define CONSULT_TALK_MAX   120
#define CONSULT_SLOT_MAX   (8 * 60) /* minutes: the longest slot */
#define CONSULT_REPEAT_MAX 52
#define CONSULT_KEEP_DAYS  30  /* bookings are erased this long after their talk */
#define CONSULT_FEED_MAX   200 /* a host's booked talks in their calendar feed, at most */
#define CONSULT_TALKS_MAX  (CONSULT_SLOT_MAX / CONSULT_TALK_MIN)

enum consult_repeat { REPEAT_ONCE, REPEAT_WEEKLY, REPEAT_FIRST_OF_MONTH };

/* A slot as the core team fills it in: local date and times, and how it repeats. */
struct consult_plan {
	int year, month, day; /* the first occurrence */
	int start_hour, start_minute;
	int end_hour, end_minute; /* on the same day, after the start */
	int talk_minutes;
	enum consult_repeat repeat;
	int count; /* occurrences, 1..CONSULT_REPEAT_MAX (1 with REPEAT_ONCE) */
};

/* The local dates of a plan's occurrences (weekly: every 7 days from the first date; first of
 * month: the first occurrence of the first date's weekday in each month from the first date's
 * month on, the first date itself when it is one), at most `cap`; returns how many. Pure. */
size_t consult_dates(const struct consult_plan *p, int (*out)[3], size_t cap);
/* Day of the week of a date: 0 Monday .. 6 Sunday. */
int consult_weekday(int year, int month, int day);

struct consult_slot {
	int64_t id, network_id, host_id;
	int64_t starts_at, ends_at; /* UTC seconds */
	int talk_minutes;
	int64_t room_id;   /* 0: none */
	const char *place; /* free "where", without a room */
	bool online;
	const char *meeting_url;
	const char *host_name; /* filled when read */
	const char *where;     /* filled when read: "room, site", the place, or "" */
};

struct consult_talk {
	int64_t id, slot_id, starts_at, ends_at;
	bool booked;	     /* there is a booking now */
	bool was_booked;     /* kept for the figures */
	int64_t referral_id; /* the host's note after the talk, 0: none */
};

struct consult_booking {
	int64_t id, talk_id, account_id;
	const char *note; /* "" when none */
	int64_t booked_at;
};

/* Problems of a plan and place, as (field, English message id) pairs, as many as returned. */
struct consult_problem {
	const char *field, *message;
};
#define CONSULT_PROBLEMS_MAX 8
size_t consult_check(const struct consult_plan *p, const struct consult_slot *where,
		     struct consult_problem *out);

/* Who publishes a network's consultation hours and hosts them: its core team, and the
 * coordinators (who accepted) of one of its subgroups (issue 13). */
bool consult_may_publish(struct db_conn *c, int64_t network_id, int64_t account_id);

/* Publishes the slots of a plan for network_id, hosted by host_id, with its talks, in one
 * transaction; *n: how many slots. KR_EINVAL when consult_check() finds a problem (nothing is
 * saved), KR_ENOTFOUND for a room that does not exist. The caller checks consult_may_publish. */
int consult_publish(struct db_conn *c, int64_t network_id, int64_t host_id,
		    const struct consult_plan *p, const struct consult_slot *where, int64_t now,
		    size_t *n) MUST_CHECK;

/* Slots of network_id that end at or after `from`, soonest first, at most limit. */
int consult_slots(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
		  size_t limit, struct consult_slot **out, size_t *n) MUST_CHECK;
int consult_slot_get(struct db_conn *c, struct arena *a, int64_t id,
		     struct consult_slot *out) MUST_CHECK; /* KR_ENOTFOUND */
int consult_talks(struct db_conn *c, struct arena *a, int64_t slot_id, struct consult_talk **out,
		  size_t *n) MUST_CHECK;
int consult_talk_get(struct db_conn *c, int64_t id, struct consult_talk *out) MUST_CHECK;
/* The booked talks of the hours host_id hosts that start at or after `from`, soonest first, at
 * most limit (the host's calendar feed). */
int consult_hosted_talks(struct db_conn *c, struct arena *a, int64_t host_id, int64_t from,
			 size_t limit, struct consult_talk **out, size_t *n) MUST_CHECK;

/* Why a booking or move was refused (KR_EINVAL), for the page. */
enum consult_refusal {
	CREFUSE_NONE,
	CREFUSE_BOOKED, /* someone has the talk */
	CREFUSE_PAST,	/* the talk has begun or is over */
	CREFUSE_TWICE,	/* the person holds a talk of this slot already */
	CREFUSE_NOTE,	/* the note is too long or not clean text */
	CREFUSE_HOST,	/* the host cannot book their own slot */
};

/* Books talk_id for account_id with a note ("" for none), in one transaction, and queues the
 * e-mails to the booker and the host (neutral: "Appointment", the time, a link; base_url may
 * be NULL). KR_EINVAL with *why when refused: nothing changes. */
int consult_book(struct db_conn *c, const struct keys *k, struct arena *a, int64_t talk_id,
		 int64_t account_id, const char *note, const char *base_url, int64_t now,
		 enum consult_refusal *why) MUST_CHECK;
/* Moves the account's booking of from_talk to to_talk (note kept), in one transaction:
 * KR_ENOTFOUND when they hold no booking of from_talk, KR_EINVAL with *why when to_talk cannot
 * be had (nothing changes). */
int consult_move(struct db_conn *c, const struct keys *k, struct arena *a, int64_t from_talk,
		 int64_t to_talk, int64_t account_id, const char *base_url, int64_t now,
		 enum consult_refusal *why) MUST_CHECK;
/* Cancels the account's own booking of talk_id (the host is told); KR_ENOTFOUND: none. */
int consult_cancel(struct db_conn *c, const struct keys *k, struct arena *a, int64_t talk_id,
		   int64_t account_id, const char *base_url, int64_t now) MUST_CHECK;
/* The booking of a talk, unsealed: only for its booker or the slot's host (the caller checks).
 * KR_ENOTFOUND when the talk is free. */
int consult_booking_of_talk(struct db_conn *c, const struct keys *k, struct arena *a,
			    int64_t talk_id, struct consult_booking *out) MUST_CHECK;
/* Whether account_id holds the booking of talk_id (one keyed look-up). */
bool consult_is_booker(struct db_conn *c, const struct keys *k, int64_t talk_id,
		       int64_t account_id);
/* "My appointments": the account's bookings, soonest first, with their talks and slots. */
int consult_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		 struct consult_booking **bookings, struct consult_talk **talks,
		 struct consult_slot **slots, size_t *n) MUST_CHECK;

/* The host notes, after the talk, which directory entry they referred to (0: none).
 * KR_EFORBIDDEN unless actor is the slot's host, KR_ECONFLICT before the talk has begun or for
 * a talk nobody booked, KR_ENOTFOUND for an unknown entry. */
int consult_note_referral(struct db_conn *c, int64_t talk_id, int64_t actor_id, int64_t referral_id,
			  int64_t now) MUST_CHECK;

/* Figures: talks booked per calendar month (Amsterdam) of the last `months` months up to now,
 * oldest first (raw counts: show them only through src/app/figures), and referrals by kind
 * (counts per REFERRAL_KINDS, in referral_kind order). */
int consult_booked_by_month(struct db_conn *c, int64_t network_id, int64_t now, int months,
			    int64_t *counts, int (*ym)[2]) MUST_CHECK;
int consult_referrals_by_kind(struct db_conn *c, int64_t network_id, int64_t *counts) MUST_CHECK;

/* Hooks. Erasure: a booker's bookings are erased (the host is told that the talk is free); a
 * host's slots still to come are erased with their bookings (each booker is told), their past
 * slots stay without the host. Retention: bookings erased CONSULT_KEEP_DAYS after their talk,
 * and the reminders of tomorrow's talks queued (once each). Inside the caller's transaction
 * except retention, which opens its own. */
int consult_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
int consult_retention_run(struct db_conn *c, const struct keys *k, int64_t now, int64_t *erased,
			  int64_t *reminded) MUST_CHECK;
int consult_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		  int64_t *count) MUST_CHECK;

/* A calendar file for one talk (ics.c): neutral title, CLASS:PRIVATE, the details only in the
 * description; in the arena. */
char *consult_ics(struct arena *a, const struct keys *k, const struct consult_slot *s,
		  const struct consult_talk *t, const char *title, const char *details,
		  const char *url, int64_t now);

/* For the demo: a booking without the rules (a past talk's too). */
int consult_demo_booking(struct db_conn *c, const struct keys *k, struct arena *a, int64_t talk_id,
			 int64_t account_id, const char *note, int64_t now) MUST_CHECK;

/* ---- store.c ---- */

struct consult_booking_row {
	int64_t id, talk_id, slot_id, booked_at;
	unsigned char lookup[32];
	const unsigned char *sealed;
	size_t sealed_len;
};
int consult_store_slot_insert(struct db_conn *c, const struct consult_slot *s, int64_t now,
			      int64_t *id) MUST_CHECK;
int consult_store_talk_insert(struct db_conn *c, int64_t slot_id, int64_t starts_at,
			      int64_t ends_at) MUST_CHECK;
int consult_store_slots(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
			int64_t from, size_t limit, struct consult_slot **out,
			size_t *n) MUST_CHECK;
int consult_store_talks(struct db_conn *c, struct arena *a, int64_t slot_id,
			struct consult_talk **out, size_t *n) MUST_CHECK;
int consult_store_talk_get(struct db_conn *c, int64_t id, struct consult_talk *out,
			   bool *found) MUST_CHECK;
int consult_store_hosted_talks(struct db_conn *c, struct arena *a, int64_t host_id, int64_t from,
			       size_t limit, struct consult_talk **out, size_t *n) MUST_CHECK;
/* KR_ECONFLICT when the talk is booked or the person holds a talk of the slot. */
int consult_store_booking_insert(struct db_conn *c, int64_t talk_id, const unsigned char lookup[32],
				 const unsigned char slot_lookup[32], const unsigned char *sealed,
				 size_t len, int64_t booked_at) MUST_CHECK;
int consult_store_booking_by_talk(struct db_conn *c, struct arena *a, int64_t talk_id,
				  struct consult_booking_row *out, bool *found) MUST_CHECK;
int consult_store_booking_delete(struct db_conn *c, int64_t talk_id) MUST_CHECK;
/* Every booking (for "my appointments", erasure and rekey), or those of one slot's talks. */
int consult_store_bookings(struct db_conn *c, struct arena *a, int64_t slot_id,
			   struct consult_booking_row **out, size_t *n) MUST_CHECK;
int consult_store_booking_reseal(struct db_conn *c, int64_t id, const unsigned char lookup[32],
				 const unsigned char slot_lookup[32], const unsigned char *sealed,
				 size_t len) MUST_CHECK;
int consult_store_set_referral(struct db_conn *c, int64_t talk_id, int64_t referral_id,
			       const char *kind) MUST_CHECK;
int consult_store_booked_between(struct db_conn *c, int64_t network_id, int64_t from, int64_t to,
				 int64_t *n) MUST_CHECK;
int consult_store_referral_kinds(struct db_conn *c, int64_t network_id, struct arena *a,
				 const char ***kinds, int64_t **counts, size_t *n) MUST_CHECK;
int consult_store_erase_before(struct db_conn *c, int64_t before, int64_t *n) MUST_CHECK;
/* Talks with a booking starting in [from, to) not reminded yet: talk ids. */
int consult_store_to_remind(struct db_conn *c, struct arena *a, int64_t from, int64_t to,
			    int64_t **ids, size_t *n) MUST_CHECK;
int consult_store_set_reminded(struct db_conn *c, int64_t talk_id) MUST_CHECK;
/* The host's slots: those starting at or after `from` are deleted (after their bookings are
 * read by the caller), the rest lose the host. */
int consult_store_host_slots(struct db_conn *c, struct arena *a, int64_t host_id, int64_t from,
			     int64_t **ids, size_t *n) MUST_CHECK;
int consult_store_slot_delete(struct db_conn *c, int64_t id) MUST_CHECK;
int consult_store_forget_host(struct db_conn *c, int64_t host_id) MUST_CHECK;

#endif
