/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* events.h: events that a network's core team organises, the rooms they are held in, and
 * registering for them (issue 11, first slice; docs/PRIVACY.md, "Events").
 *
 * Times are UTC seconds in the database and in C; people enter and read them in
 * Europe/Amsterdam time (events_local_to_utc(), events_utc_to_local(): libical's zone, DST
 * included).
 *
 * A registration is private like a membership: its row holds the event, the place (on site or
 * online) and the state (confirmed or on the waiting list) in the clear, a keyed hash of
 * (account, event) to find it, and the account and whether the person is named to others
 * sealed with the key file's data key. The waiting list is in the order of the rows. Every
 * change of registrations runs in one transaction (db_begin takes the write lock), so
 * parallel registrations never exceed a capacity; a place that frees up goes to the first on
 * the waiting list for that place in the same transaction, with its e-mail in the outbox.
 *
 * Access needs (needs.c, the pages in needs_pages.c; docs/ACCESS-NEEDS.md): what a registrant
 * ticks and writes in their own words, sealed per registration, and kept as a sealed profile
 * when the person asks; the organisers read them counted, never with a name. */
#ifndef KRING_EVENTS_H
#define KRING_EVENTS_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

#define EVENT_TITLE_MAX	   200	/* characters */
#define EVENT_TEXT_MAX	   8000 /* description, agenda, speakers: each */
#define EVENT_URL_MAX	   500
#define EVENT_CAPACITY_MAX 5000		/* on site and online each: more is a typing error */
#define EVENT_LENGTH_MAX   (14 * 86400) /* the longest event */
#define ROOM_NAME_MAX	   200
#define EVENTS_KEEP_DAYS   30 /* registrations of an event are erased this long after it */
#define EVENTS_TZ	   "Europe/Amsterdam"

/* ---- time ---- */

/* A local wall-clock time in Europe/Amsterdam. */
struct local_time {
	int year, month, day, hour, minute;
};
/* The UTC seconds of a local time. A time the clock skips (02:30 on the last Sunday of
 * March) counts as the hour after; a time that happens twice (02:30 on the last Sunday of
 * October) as its first occurrence. KR_EINVAL for a date that does not exist. */
int events_local_to_utc(const struct local_time *t, int64_t *out) MUST_CHECK;
void events_utc_to_local(int64_t utc, struct local_time *out);
/* "2026-12-03" and "14:30" into a local time; false when either is not one. */
bool events_parse_local(const char *date, const char *time, struct local_time *out);

/* Characters (code points) of valid UTF-8 without control characters other than (when
 * multiline) tab, CR and LF; -1 when it has others. */
long events_text_chars(const char *s, bool multiline);

/* Sealing with the key file's data key (XChaCha20-Poly1305, a random nonce first) bound to ad,
 * for the access needs and the feedback texts; in a, *len bytes. events_unseal opens box into
 * plain (plain_max + 1 bytes), NUL-terminated; false when it does not open or is too long. */
unsigned char *events_seal(struct arena *a, const struct keys *k, const char *plain, size_t plen,
			   const void *ad, size_t adlen, size_t *len);
bool events_unseal(const struct keys *k, const unsigned char *box, size_t len, const void *ad,
		   size_t adlen, char *plain, size_t plain_max);

/* ---- rooms ---- */

struct room {
	int64_t id, site_id;
	const char *name;
	const char *site_name; /* filled when read */
	bool step_free, accessible_toilet, hearing_loop, quiet_room, disabled_parking;
};
/* Problems as English message ids (field "room_name"): NULL when fine. */
const char *events_room_check(const struct room *r);
/* KR_ECONFLICT: the site has a room of that name; KR_ENOTFOUND: no such site. */
int events_room_add(struct db_conn *c, const struct room *r, int64_t *id) MUST_CHECK;
int events_rooms(struct db_conn *c, struct arena *a, struct room **out, size_t *n) MUST_CHECK;
int events_room_get(struct db_conn *c, struct arena *a, int64_t id,
		    struct room *out) MUST_CHECK; /* KR_ENOTFOUND */

/* ---- events ---- */

enum event_state { EVENT_DRAFT, EVENT_PUBLISHED, EVENT_CANCELLED };
enum event_audience { AUDIENCE_ORGANISATION, AUDIENCE_MEMBERS };

/* The types of the list, by stored name; events_kind_label() gives the English
 * message id of its label (translate with _()), NULL for an unknown name. */
extern const char *const event_kinds[];
extern const size_t event_nkinds;
const char *events_kind_label(const char *kind);
const char *events_state_name(enum event_state s);
bool events_state_parse(const char *s, enum event_state *out);

struct event {
	int64_t id, network_id;
	const char *kind, *title, *description, *agenda, *speakers;
	int64_t starts_at, ends_at, deadline; /* UTC seconds */
	bool working_time;
	enum event_audience audience;
	int64_t room_id; /* 0: no room */
	bool online;
	const char *meeting_url; /* https, with online; "" otherwise */
	int64_t capacity_site, capacity_online;
	enum event_state state;
	int64_t sequence; /* raised at every change, for calendar files */
	int64_t created_at, updated_at;
	/* Filled when read: the network's slug and name. */
	const char *network_slug, *network_name;
	int64_t awareness_day_id; /* the awareness day it is planned for, or 0 */
};

/* What the e-mails about registrations need: the address for links, and the sending address,
 * the ORGANIZER of the invitations. NULL (the demo, an erasure): e-mails without an
 * invitation, and without a link. */
struct events_mail {
	const char *base_url;
	const char *from;
};

struct event_problem {
	const char *field;   /* the form field */
	const char *message; /* English message id */
};
#define EVENT_PROBLEMS_MAX 16
/* The problems of an event (fields "kind", "title", "description", "agenda", "speakers",
 * "start_date", "end_date", "deadline_date", "place", "room", "meeting_url",
 * "capacity_site", "capacity_online"), 0 when none. */
size_t events_check(const struct event *e, struct event_problem *out);
/* Saves a new event (id 0) or every field of event e->id, raising its sequence; KR_EINVAL
 * when events_check() finds a problem, KR_ENOTFOUND for an unknown room or event. In the same
 * transaction, with their e-mails in the outbox: when a published event's time or place
 * changes, everyone registered is told what changed, the confirmed with an updated invitation
 * (METHOD:REQUEST, the higher SEQUENCE); when it is cancelled, the confirmed get METHOD:CANCEL
 * and those waiting a message; when a change makes room (more places), the first on the
 * waiting list get it, each with an invitation. */
int events_save(struct db_conn *c, const struct keys *k, struct event *e,
		const struct events_mail *m, int64_t now) MUST_CHECK;
int events_get(struct db_conn *c, struct arena *a, int64_t id,
	       struct event *out) MUST_CHECK; /* KR_ENOTFOUND */
/* Events that end at or after `from`, soonest first, at most `limit`: of one network
 * (network_id > 0) or all, with drafts only when with_drafts, and those for the network's
 * members only when members_too. For lists: description, agenda and speakers are "" (read one
 * event with events_get for them). */
int events_list(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
		bool with_drafts, bool members_too, size_t limit, struct event **out,
		size_t *n) MUST_CHECK;
/* The same list from its offset'th event on: for a list shown in pages. */
int events_list_from(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
		     bool with_drafts, bool members_too, size_t offset, size_t limit,
		     struct event **out, size_t *n) MUST_CHECK;

/* Whether an account may see and register for the event: a published event of the whole
 * organisation, or of the network's members for its members (any appearance) and its core
 * team. The core team always may (drafts too); *organiser tells whether they are it. */
bool events_may_attend(struct db_conn *c, const struct keys *k, struct arena *a,
		       const struct event *e, int64_t account_id, bool *organiser);

/* ---- registrations ---- */

enum reg_place { PLACE_SITE, PLACE_ONLINE };
enum reg_state { REG_CONFIRMED, REG_WAITING };

struct registration {
	int64_t id, event_id, account_id;
	enum reg_place place;
	enum reg_state state;
	bool named;   /* shown to fellow attendees and organisers as in the network */
	bool neutral; /* their invitations carry a neutral title (sealed with the rest) */
	int64_t registered_at;
};

/* Why a registration was refused (KR_EINVAL from events_register), for the page. */
enum reg_refusal {
	REFUSE_NONE,
	REFUSE_NOT_OPEN,      /* a draft, a cancelled event, or one that has begun */
	REFUSE_DEADLINE,      /* after the registration deadline */
	REFUSE_TWICE,	      /* registered already */
	REFUSE_NOT_ALLOWED,   /* an event this account may not attend */
	REFUSE_NO_SUCH_PLACE, /* on site for an event without a room, online for one without */
	REFUSE_NEEDS	      /* access needs that needs_check() refuses */
};

struct access_needs;

/* What a registration chooses. */
struct reg_choice {
	enum reg_place place;
	bool named;
	bool neutral; /* a neutral title in their calendar */
	/* What they need to take part (NULL or none: nothing), shared with the organisers as
	 * counts and sealed with the registration (needs.c). */
	const struct access_needs *needs;
};

/* Registers account for the event at the chosen place, in one transaction: confirmed while
 * the place has room, with the invitation (METHOD:REQUEST) in the outbox, else on the waiting
 * list (*out). KR_EINVAL with *why when refused (nothing changes). */
int events_register(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
		    int64_t account_id, const struct reg_choice *ch, const struct events_mail *m,
		    int64_t now, struct registration *out, enum reg_refusal *why) MUST_CHECK;
/* Cancels the account's own registration (a confirmed one with METHOD:CANCEL to them), and
 * promotes the first on the waiting list of that place (told by e-mail, with an invitation)
 * in the same transaction. KR_ENOTFOUND: the account has none for this event. */
int events_cancel(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
		  int64_t account_id, const struct events_mail *m, int64_t now) MUST_CHECK;

/* A person's default for the neutral title in their calendar (false when never set), and
 * setting it. Whether a new registration offers it ticked: the default, or always for a
 * subgroup meeting (kind "subgroup"). */
int events_neutral_pref(struct db_conn *c, int64_t account_id, bool *neutral) MUST_CHECK;
int events_neutral_pref_set(struct db_conn *c, int64_t account_id, bool neutral) MUST_CHECK;
bool events_neutral_default(const struct event *e, bool pref);
/* The account's registration for an event; KR_ENOTFOUND when there is none. */
int events_registration_of(struct db_conn *c, const struct keys *k, struct arena *a,
			   int64_t event_id, int64_t account_id,
			   struct registration *out) MUST_CHECK;

/* The counts of an event's registrations. */
struct reg_counts {
	int64_t site_confirmed, site_waiting, online_confirmed, online_waiting;
};
int events_counts(struct db_conn *c, int64_t event_id, struct reg_counts *out) MUST_CHECK;

/* The names fellow attendees and organisers see: those registered (confirmed) who chose to be
 * named, each as they appear in the network (their name, or their pseudonym; a silent
 * follower appears nowhere; someone who is not a member by name), sorted; the rest are only
 * counted. */
int events_attendee_names(struct db_conn *c, const struct keys *k, struct arena *a,
			  const struct event *e, const char ***names, size_t *n) MUST_CHECK;

/* Every registration of an account (for "my data"), with its events. */
int events_registrations_of_account(struct db_conn *c, const struct keys *k, struct arena *a,
				    int64_t account_id, struct registration **regs,
				    struct event **evs, size_t *n) MUST_CHECK;
/* Erases every registration of an account (inside the caller's transaction), promoting
 * others into the places it held, as a cancellation does (without a base URL in the
 * e-mail). */
int events_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
/* Erases the registrations of events that ended more than keep_days before now. */
int events_retention_erase(struct db_conn *c, int64_t now, int64_t keep_days,
			   int64_t *erased) MUST_CHECK;
/* Seals every registration again under fresh (a key rotation). */
int events_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		 int64_t *count) MUST_CHECK;

/* ---- awareness days (awareness.c) ----
 * Days and weeks a network works towards (International Day of Persons with Disabilities,
 * Week van de Toegankelijkheid, ...), kept by the administrator: each has a yearly rule (an
 * iCalendar RRULE with FREQ=YEARLY, expanded with libical) that gives its usual date, and the
 * administrator may confirm a year's date, which a day "set by its organiser" needs: until then
 * it reads "date to be confirmed". */

#define AWARENESS_NAME_MAX  200
#define AWARENESS_ABOUT_MAX 1000
#define AWARENESS_DAYS_MAX  14
#define AWARENESS_WEEKS_MIN 1
#define AWARENESS_WEEKS_MAX 26

struct awareness_day {
	int64_t id;
	const char *name, *about; /* in the organisation's language */
	const char *rrule;	  /* FREQ=YEARLY;... */
	int days;		  /* 1 for a day, up to AWARENESS_DAYS_MAX for a week */
	bool organiser_sets;	  /* its organiser chooses the date each year */
};

/* One year's occurrence of a day. */
struct awareness_when {
	struct awareness_day day;
	int year;
	struct local_time first, last; /* dates (hour and minute 0) */
	bool to_confirm; /* set by its organiser, and this year's date is not confirmed */
};

/* The date a yearly rule gives in year: false when the rule is not a yearly rule Kring can
 * expand, or gives no date that year. */
bool awareness_rule_date(const char *rrule, int year, int *month, int *day);
/* The rule of "month/day" (ordinal 0) or "the ordinal-th weekday of month" (ordinal 1 to 4,
 * or -1 for the last; weekday 0 Monday to 6 Sunday), in the arena. */
const char *awareness_rule_make(struct arena *a, int month, int day, int ordinal, int weekday);
/* The problems of a day (fields "name", "about", "rule", "days"), 0 when none. */
size_t awareness_check(const struct awareness_day *d, struct event_problem *out);

int awareness_days(struct db_conn *c, struct arena *a, struct awareness_day **out,
		   size_t *n) MUST_CHECK;
int awareness_day_get(struct db_conn *c, struct arena *a, int64_t id,
		      struct awareness_day *out) MUST_CHECK; /* KR_ENOTFOUND */
/* Adds (d->id 0) or changes a day: KR_EINVAL when awareness_check() finds a problem,
 * KR_ECONFLICT for a name another day has, KR_ENOTFOUND for an unknown day. */
int awareness_day_save(struct db_conn *c, struct awareness_day *d) MUST_CHECK;
int awareness_day_delete(struct db_conn *c, int64_t id) MUST_CHECK; /* KR_ENOTFOUND */
/* Confirms the date a day starts in year ("YYYY-MM-DD" in that year), or clears it ("").
 * KR_EINVAL for a date that is not one, or not in that year. */
int awareness_confirm(struct db_conn *c, int64_t day_id, int year, const char *date) MUST_CHECK;
/* The occurrences that have not ended by today and start within `weeks` weeks from now
 * (Europe/Amsterdam dates), soonest first. */
int awareness_upcoming(struct db_conn *c, struct arena *a, int64_t now, int64_t weeks,
		       struct awareness_when **out, size_t *n) MUST_CHECK;
/* One day's occurrence in a year (its confirmed date, else its rule's). */
int awareness_in_year(struct db_conn *c, struct arena *a, const struct awareness_day *d, int year,
		      struct awareness_when *out) MUST_CHECK;
int awareness_weeks(struct db_conn *c, int64_t *weeks) MUST_CHECK;
int awareness_weeks_set(struct db_conn *c, int64_t weeks) MUST_CHECK; /* KR_EINVAL */

/* ---- calendar files (ics.c) ---- */

/* What a calendar file is: a file to download or a feed (PUBLISH), an e-mailed invitation
 * or its update (REQUEST), or its withdrawal (CANCEL, STATUS:CANCELLED). */
enum ics_method { ICS_PUBLISH, ICS_REQUEST, ICS_CANCEL };

/* Whom a calendar file is for and what it shows them. */
struct ics_for {
	enum ics_method method;
	const char *organizer; /* the sending address, ORGANIZER of REQUEST and CANCEL */
	const char *base_url;  /* for the event's address */
	const char *recipient_name, *recipient_email; /* the only ATTENDEE; NULL: none */
	bool neutral;		   /* SUMMARY is neutral_title, details in DESCRIPTION */
	const char *neutral_title; /* "Afspraak" / "Appointment" */
	const char *where;	   /* "Zaal 4.12, Stadskantoor", or "" */
	const char *meeting_url;   /* only for whom may see it, else NULL */
	const char *meeting_label; /* "Meeting link:" */
	int64_t now;		   /* DTSTAMP */
};
/* The stable UID of an event's calendar entries: its id and a keyed hash of it. */
const char *events_uid(struct arena *a, const struct keys *k, int64_t event_id);
/* The event as a VCALENDAR (METHOD as f->method) with the VTIMEZONE of Europe/Amsterdam, its
 * UID, DTSTAMP and SEQUENCE, CLASS:PRIVATE, and no ATTENDEE but the recipient; a REQUEST or
 * CANCEL also with ORGANIZER (CN Kring: never a network's name); in the arena. */
char *events_ics(struct arena *a, const struct keys *k, const struct event *e,
		 const struct ics_for *f);

/* A feed (METHOD:PUBLISH) of n events, each with its own ics_for, and the VEVENTs of nmore
 * other VCALENDAR texts (other features' entries; one that does not parse is left out and
 * logged); in the arena. */
char *events_ics_feed(struct arena *a, const struct keys *k, const struct event *evs,
		      const struct ics_for *fors, size_t n, const char *const *more, size_t nmore);

/* ---- calendar feeds ----
 * A person's feed of their own registrations, and a network's feed of its published events
 * for the whole organisation, each at an address with a token of 256 random bits (43
 * characters of base64url); only its hash is stored. Renewing makes a new token and the old
 * one stops working. The same side-channel rules as the files: CLASS:PRIVATE, no ATTENDEE,
 * a neutral title as the registration chose (a person's feed) or for a subgroup meeting (a
 * network's), the meeting link only in one's own feed for a confirmed place online. */
#define EVENTS_FEED_TOKEN_LEN 43
#define EVENTS_FEED_MAX	      500 /* events in one feed */
/* A new token for the account's feed (account_id > 0) or the network's (network_id > 0),
 * replacing the old; the token is written to `token`. */
int events_feed_renew(struct db_conn *c, int64_t account_id, int64_t network_id,
		      char token[EVENTS_FEED_TOKEN_LEN + 1], int64_t now) MUST_CHECK;
/* Since when the owner's feed exists (0: none). */
int events_feed_since(struct db_conn *c, int64_t account_id, int64_t network_id,
		      int64_t *created_at) MUST_CHECK;
/* Whose feed a token is: the account or the network (the other 0). KR_ENOTFOUND for a token
 * that is not one (of the wrong shape, or renewed since). */
int events_feed_owner(struct db_conn *c, const char *token, int64_t *account_id,
		      int64_t *network_id) MUST_CHECK;
/* The account's feed: its confirmed registrations (their events, cancelled ones with
 * STATUS:CANCELLED), soonest first, then the other features' entries (features_calendar()).
 * The network's: its published events for the whole organisation that have not ended more
 * than 30 days ago. In the arena. */
int events_feed_account(struct db_conn *c, const struct keys *k, struct arena *a,
			int64_t account_id, const char *base_url, char **out) MUST_CHECK;
int events_feed_network(struct db_conn *c, const struct keys *k, struct arena *a,
			int64_t network_id, const char *base_url, char **out) MUST_CHECK;

/* The calendar part of an e-mail about a registration: the event for its registrant, with the
 * registration's neutral title and the meeting link for a confirmed place online; in the
 * arena. NULL when m has no sending address. */
char *events_invitation(struct db_conn *c, struct arena *a, const struct keys *k,
			const struct event *e, const struct registration *r, const char *email,
			const char *name, enum ics_method method, const struct events_mail *m);

/* For the demo (demo.c) only: a registration as it stood at registered_at, without the rules
 * (a past event's), confirmed or waiting as given. */
int events_demo_registration(struct db_conn *c, const struct keys *k, struct arena *a,
			     int64_t event_id, int64_t account_id, enum reg_place place,
			     enum reg_state state, bool named, int64_t registered_at,
			     const struct access_needs *needs) MUST_CHECK;

/* ---- access needs (needs.c) ----
 * What a person needs to take part in an event, ticked at registering: kept like a membership
 * (sealed with the key file's data key; docs/PRIVACY.md, "Access needs"). The needs of a
 * registration are shared with the event's organisers as counts, never with a name, and go
 * with the registration, or needs_keep_days after the event ends, whichever comes first. A
 * person may keep them as a profile of their own that the next registration offers again. */

/* The needs in their stored order: a need's number is its bit in a mask, so never reorder. */
enum access_need {
	NEED_CAPTIONS,
	NEED_NGT,
	NEED_LOOP,
	NEED_STEP_FREE,
	NEED_TOILET,
	NEED_SEAT_EXIT,
	NEED_SEAT_FRONT,
	NEED_QUIET,
	NEED_BREAKS,
	NEED_MATERIALS,
	NEED_LARGE_PRINT,
	NEED_DIGITAL,
	NEED_DIETARY,
	NEED_DOG,
	NEED_COMPANION,
	NEED_COUNT
};
#define NEEDS_OTHER_MAX	    300 /* characters of "something else, in their own words" */
#define NEEDS_KEEP_DAYS_MAX EVENTS_KEEP_DAYS
#define NEEDS_OTHER_CODE    "other"
struct access_need_info {
	const char *code;  /* the form's field is "need_" + code; an arrangement's name */
	const char *label; /* English message id: "Captions or live transcription" */
};
extern const struct access_need_info access_needs_list[NEED_COUNT];
/* The need of a code ("captions"), or -1 (also for "other"). */
int needs_code(const char *code);

struct access_needs {
	uint32_t mask;	   /* bit i: need i */
	const char *other; /* in their own words; "" for none */
};
bool needs_any(const struct access_needs *n);
/* The English message id of what is wrong (the own words too long, or not text), or NULL. */
const char *needs_check(const struct access_needs *n);

/* Two needs that pull against each other when both are in one event, and how to serve both
 * (English message id). The one table of them; docs/ACCESS-NEEDS.md shows it to the core
 * team, and a unit test keeps the two the same. */
struct needs_conflict {
	enum access_need a, b;
	const char *advice;
};
extern const struct needs_conflict needs_conflicts[];
extern const size_t needs_nconflicts;

/* The person's profile: *found false when they keep none. */
int needs_profile_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		      struct access_needs *out, bool *found) MUST_CHECK;
/* Keeps n as the profile (none when n has no need: the profile is deleted). */
int needs_profile_set(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		      const struct access_needs *n) MUST_CHECK;
/* The needs given with a registration (*found false: none). */
int needs_of_registration(struct db_conn *c, const struct keys *k, struct arena *a,
			  const struct registration *reg, struct access_needs *out,
			  bool *found) MUST_CHECK;
/* Replaces the needs of a registration (none: deleted), inside the caller's transaction or on
 * its own. KR_EINVAL when needs_check() finds a problem. */
int needs_set_for_registration(struct db_conn *c, const struct keys *k, struct arena *a,
			       const struct registration *reg,
			       const struct access_needs *n) MUST_CHECK;

/* The organisers' checklist of an event: the needs counted per place among the confirmed,
 * how many on the waiting list have needs, the own words in random order, and which
 * arrangements are marked done. */
struct needs_summary {
	int64_t site[NEED_COUNT], online[NEED_COUNT];
	int64_t with_needs;	    /* confirmed registrations that gave a need */
	int64_t waiting_with_needs; /* the same on the waiting list */
	const char **others;	    /* the own words of the confirmed, shuffled */
	size_t nothers;
	bool done[NEED_COUNT];
	bool other_done;
};
int needs_summary(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
		  struct needs_summary *out) MUST_CHECK;
/* Marks an arrangement done or not: code one of access_needs_list or "other" (else
 * KR_EINVAL). */
int needs_mark(struct db_conn *c, int64_t event_id, const char *code, bool done) MUST_CHECK;

/* How many days after an event its needs are erased (0 to NEEDS_KEEP_DAYS_MAX; default 30). */
int needs_keep_days(struct db_conn *c, int64_t *days) MUST_CHECK;
int needs_keep_days_set(struct db_conn *c, int64_t days) MUST_CHECK; /* KR_EINVAL */
/* Erases the needs and arrangements of events that ended more than keep_days before now. */
int needs_retention_erase(struct db_conn *c, int64_t now, int64_t keep_days,
			  int64_t *erased) MUST_CHECK;
/* Deletes the account's profile (its registrations' needs go with the registrations). */
int needs_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;
/* Seals every profile and every registration's needs again under fresh. */
int needs_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		int64_t *count) MUST_CHECK;

/* ---- store.c ---- */

struct reg_row {
	int64_t id, event_id;
	enum reg_place place;
	enum reg_state state;
	const unsigned char *sealed;
	size_t sealed_len;
};
int events_store_room_insert(struct db_conn *c, const struct room *r, int64_t *id) MUST_CHECK;
int events_store_rooms(struct db_conn *c, struct arena *a, int64_t id, struct room **out,
		       size_t *n) MUST_CHECK; /* id 0: all */
int events_store_event_insert(struct db_conn *c, const struct event *e, int64_t *id) MUST_CHECK;
int events_store_event_update(struct db_conn *c, const struct event *e, bool *found) MUST_CHECK;
int events_store_events(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
			int64_t from, bool with_drafts, bool members_too, size_t offset,
			size_t limit, struct event **out, size_t *n) MUST_CHECK;
int events_store_event_ids(struct db_conn *c, struct arena *a, int64_t **ids, size_t *n) MUST_CHECK;
int events_store_reg_insert(struct db_conn *c, int64_t event_id, const unsigned char lookup[32],
			    enum reg_place place, enum reg_state state, const unsigned char *sealed,
			    size_t len, int64_t *id) MUST_CHECK;
int events_store_reg_get(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
			 struct reg_row *out, bool *found) MUST_CHECK;
int events_store_reg_delete(struct db_conn *c, int64_t id) MUST_CHECK;
int events_store_reg_counts(struct db_conn *c, int64_t event_id, struct reg_counts *out) MUST_CHECK;
int events_store_reg_count(struct db_conn *c, int64_t event_id, enum reg_place place,
			   enum reg_state state, int64_t *n) MUST_CHECK;
/* The first on the waiting list of a place; *found false when nobody waits. */
int events_store_reg_first_waiting(struct db_conn *c, struct arena *a, int64_t event_id,
				   enum reg_place place, struct reg_row *out,
				   bool *found) MUST_CHECK;
int events_store_reg_confirm(struct db_conn *c, int64_t id) MUST_CHECK;
/* Rows of one event (event_id > 0; confirmed only when confirmed_only) or of all events. */
int events_store_regs(struct db_conn *c, struct arena *a, int64_t event_id, bool confirmed_only,
		      struct reg_row **out, size_t *n) MUST_CHECK;
int events_store_reg_replace(struct db_conn *c, int64_t id, const unsigned char lookup[32],
			     const unsigned char *sealed, size_t len) MUST_CHECK;
int events_store_retention(struct db_conn *c, int64_t before, int64_t *erased) MUST_CHECK;
/* id > 0: that day only. */
int events_store_days(struct db_conn *c, struct arena *a, int64_t id, struct awareness_day **out,
		      size_t *n) MUST_CHECK;
/* Adds (d->id 0: *id) or changes a day; KR_ECONFLICT for a name that another day has. */
int events_store_day_save(struct db_conn *c, const struct awareness_day *d, int64_t *id,
			  bool *found) MUST_CHECK;
int events_store_day_delete(struct db_conn *c, int64_t id, bool *found) MUST_CHECK;
struct awareness_date {
	int64_t day_id;
	int year;
	char starts_on[11]; /* YYYY-MM-DD */
};
int events_store_day_dates(struct db_conn *c, struct arena *a, int from_year, int to_year,
			   struct awareness_date **out, size_t *n) MUST_CHECK;
/* starts_on NULL or "": the year's confirmed date is cleared. */
int events_store_day_date_set(struct db_conn *c, int64_t day_id, int year,
			      const char *starts_on) MUST_CHECK;
/* set > 0: sets the weeks ahead; else reads them into *weeks. */
int events_store_awareness_weeks(struct db_conn *c, int64_t set, int64_t *weeks) MUST_CHECK;
/* set 0 or 1: sets the account's default; -1: reads it into *neutral (false without one). */
int events_store_neutral_pref(struct db_conn *c, int64_t account_id, int set,
			      bool *neutral) MUST_CHECK;
int events_store_neutral_pref_delete(struct db_conn *c, int64_t account_id) MUST_CHECK;
int events_store_feed_replace(struct db_conn *c, int64_t account_id, int64_t network_id,
			      const unsigned char hash[32], int64_t now) MUST_CHECK;
int events_store_feed_find(struct db_conn *c, const unsigned char hash[32], int64_t *account_id,
			   int64_t *network_id, bool *found) MUST_CHECK;
int events_store_feed_since(struct db_conn *c, int64_t account_id, int64_t network_id,
			    int64_t *created_at) MUST_CHECK;
int events_store_feed_delete_account(struct db_conn *c, int64_t account_id) MUST_CHECK;

/* Access needs (migration 0030). */
struct needs_row {
	int64_t registration_id, event_id;
	enum reg_place place; /* the registration's */
	enum reg_state state;
	const unsigned char *sealed;
	size_t sealed_len;
};
int events_store_profile_get(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
			     const unsigned char **sealed, size_t *len, bool *found) MUST_CHECK;
/* sealed NULL: deletes. */
int events_store_profile_put(struct db_conn *c, const unsigned char lookup[32],
			     const unsigned char *sealed, size_t len) MUST_CHECK;
struct profile_row {
	unsigned char lookup[32];
	const unsigned char *sealed;
	size_t sealed_len;
};
int events_store_profiles(struct db_conn *c, struct arena *a, struct profile_row **out,
			  size_t *n) MUST_CHECK;
int events_store_profile_replace(struct db_conn *c, const unsigned char old_lookup[32],
				 const unsigned char lookup[32], const unsigned char *sealed,
				 size_t len) MUST_CHECK;
/* Rows of one event (event_id > 0; with the registration's state) or all (event_id 0);
 * registration_id > 0: that registration's only. */
int events_store_needs(struct db_conn *c, struct arena *a, int64_t event_id,
		       int64_t registration_id, struct needs_row **out, size_t *n) MUST_CHECK;
/* sealed NULL: deletes. */
int events_store_needs_put(struct db_conn *c, int64_t registration_id, int64_t event_id,
			   const unsigned char *sealed, size_t len) MUST_CHECK;
int events_store_arrangements(struct db_conn *c, struct arena *a, int64_t event_id,
			      const char ***codes, size_t *n) MUST_CHECK;
int events_store_arrangement_set(struct db_conn *c, int64_t event_id, const char *code,
				 bool done) MUST_CHECK;
/* set >= 0: sets the days; else reads them into *days. */
int events_store_needs_keep_days(struct db_conn *c, int64_t set, int64_t *days) MUST_CHECK;
int events_store_needs_retention(struct db_conn *c, int64_t before, int64_t *erased) MUST_CHECK;

/* ---- feedback after the event (feedback.c; docs/PRIVACY.md, "Feedback after an event") ----
 *
 * Those who had a place answer once, from the event's end until its registrations are erased
 * (EVENTS_KEEP_DAYS): a rating, whether it was accessible for them, what to improve and a free
 * text. An answer row holds none of them: its id is random, it keeps no time at all, and
 * "answered" is a flag on the registration (which goes 30 days after the event), set in the
 * same transaction. The texts are sealed. The organisers see the ratings from
 * FEEDBACK_RATINGS_FROM answers on and the texts from FEEDBACK_TEXTS_FROM, shuffled. */

#define FEEDBACK_TEXT_MAX     1000 /* characters, what to improve and the free text each */
#define FEEDBACK_RATINGS_FROM 5
#define FEEDBACK_TEXTS_FROM   10

enum feedback_access { ACCESS_YES, ACCESS_PARTLY, ACCESS_NO };
#define FEEDBACK_ACCESS_COUNT 3
const char *feedback_access_name(enum feedback_access a);
bool feedback_access_parse(const char *s, enum feedback_access *out);

struct feedback_answer {
	int rating; /* 1 .. 5 */
	enum feedback_access accessible;
	const char *improve, *comment; /* "" when not given */
};

/* Why someone may not answer (KR_EINVAL from feedback_may and feedback_give). */
enum feedback_refusal {
	FEEDBACK_NO_PLACE,  /* no confirmed registration (or it was erased) */
	FEEDBACK_NOT_OVER,  /* the event has not ended */
	FEEDBACK_CANCELLED, /* the event was cancelled */
	FEEDBACK_ANSWERED,  /* once per registration */
};

/* Whether account may answer for e now; KR_EINVAL with *why when not. */
int feedback_may(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
		 int64_t account_id, int64_t now, enum feedback_refusal *why) MUST_CHECK;
/* Whether account answered for e (false without a registration). */
int feedback_answered(struct db_conn *c, const struct keys *k, struct arena *a,
		      const struct event *e, int64_t account_id, bool *answered) MUST_CHECK;
/* The problem with an answer (an msgid), or NULL. */
const char *feedback_check(const struct feedback_answer *f);
/* Saves the answer and marks the registration answered, in one transaction of its own;
 * KR_EINVAL with *why as feedback_may. */
int feedback_give(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
		  int64_t account_id, int64_t now, const struct feedback_answer *f,
		  enum feedback_refusal *why) MUST_CHECK;

/* For the demo (demo.c) only: feedback_give inside the caller's transaction. */
int feedback_demo_give(struct db_conn *c, const struct keys *k, struct arena *a,
		       const struct event *e, int64_t account_id,
		       const struct feedback_answer *f) MUST_CHECK;

/* What the organisers may see of an event's answers: the number always; the ratings and the
 * accessibility from FEEDBACK_RATINGS_FROM answers on (else zero); the texts from
 * FEEDBACK_TEXTS_FROM on (else none), each list in random order. */
struct feedback_summary {
	int64_t answers;
	int64_t rating[5];			   /* how many gave 1 .. 5 */
	int64_t accessible[FEEDBACK_ACCESS_COUNT]; /* yes, partly, no */
	const char **improve, **comments;
	size_t nimprove, ncomments;
};
int feedback_summary(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
		     struct feedback_summary *out) MUST_CHECK;
/* Seals every answer's texts again under fresh (a key rotation); *count of them. */
int feedback_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
		   int64_t *count) MUST_CHECK;

/* store.c */
struct feedback_row {
	int64_t id, event_id;
	int rating;
	enum feedback_access accessible;
	const unsigned char *sealed;
	size_t sealed_len;
};
int events_store_feedback_add(struct db_conn *c, const struct feedback_row *f) MUST_CHECK;
int events_store_feedback(struct db_conn *c, struct arena *a, int64_t event_id,
			  struct feedback_row **out, size_t *n) MUST_CHECK; /* 0: every event */
int events_store_feedback_reseal(struct db_conn *c, int64_t id, const unsigned char *sealed,
				 size_t len) MUST_CHECK;
/* Sets the registration's answered flag; *was: it was set already. */
int events_store_mark_answered(struct db_conn *c, int64_t registration_id, bool *was) MUST_CHECK;
int events_store_answered(struct db_conn *c, int64_t registration_id, bool *answered) MUST_CHECK;

#endif
