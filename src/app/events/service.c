// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of rooms, events and registrations, Europe/Amsterdam time, and the
 * sealing that keeps a registration private at rest (events.h). */
#include "app/events/events.h"
#include "app/auth/auth.h"
#include "app/feature.h"
#include "app/mail/mail.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include <libical/ical.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

/* ---- Europe/Amsterdam time ----
 * libical's zone is loaded once and expanded lazily on use, which is not thread-safe: every
 * conversion holds one lock (a conversion takes microseconds). */

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static icaltimezone *tz_zone;

static icaltimezone *
tz_get(void)
{
	if (!tz_zone && !(tz_zone = icaltimezone_get_builtin_timezone(EVENTS_TZ)))
		BUG("libical has no time zone %s", EVENTS_TZ);
	return tz_zone;
}

static int64_t
tz_to_utc(const struct local_time *t)
{
	struct icaltimetype it = icaltime_null_time();
	it.year = t->year;
	it.month = t->month;
	it.day = t->day;
	it.hour = t->hour;
	it.minute = t->minute;
	it.is_date = 0;
	return (int64_t)icaltime_as_timet_with_zone(it, tz_get());
}

static void
tz_from_utc(int64_t utc, struct local_time *out)
{
	struct icaltimetype it = icaltime_from_timet_with_zone((time_t)utc, 0, tz_get());
	*out = (struct local_time){ it.year, it.month, it.day, it.hour, it.minute };
}

static bool
local_eq(const struct local_time *a, const struct local_time *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute;
}

int
events_local_to_utc(const struct local_time *t, int64_t *out)
{
	if (t->year < 2000 || t->year > 2200 || t->month < 1 || t->month > 12 || t->day < 1 ||
	    t->day > icaltime_days_in_month(t->month, t->year) || t->hour < 0 || t->hour > 23 ||
	    t->minute < 0 || t->minute > 59)
		return KR_EINVAL;
	pthread_mutex_lock(&tz_lock);
	int64_t u = tz_to_utc(t);
	struct local_time back;
	tz_from_utc(u, &back);
	if (!local_eq(&back, t)) {
		u += 3600; /* in the hour the clock skips: the hour after */
	} else {
		tz_from_utc(u - 3600, &back);
		if (local_eq(&back, t))
			u -= 3600; /* an hour that happens twice: its first time */
	}
	pthread_mutex_unlock(&tz_lock);
	*out = u;
	return KR_OK;
}

void
events_utc_to_local(int64_t utc, struct local_time *out)
{
	pthread_mutex_lock(&tz_lock);
	tz_from_utc(utc, out);
	pthread_mutex_unlock(&tz_lock);
}

/* Exactly n digits at s into *v. */
static bool
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool
events_parse_local(const char *date, const char *time, struct local_time *out)
{
	memset(out, 0, sizeof(*out));
	if (!date || !time || strlen(date) != 10 || date[4] != '-' || date[7] != '-' ||
	    !digits(date, 4, &out->year) || !digits(date + 5, 2, &out->month) ||
	    !digits(date + 8, 2, &out->day))
		return false;
	/* "9:30" as well as "09:30"; a dot as well as a colon. */
	size_t tl = strlen(time);
	const char *m = tl == 4 ? time + 2 : time + 3;
	if ((tl != 4 && tl != 5) || (m[-1] != ':' && m[-1] != '.') ||
	    !digits(time, tl == 4 ? 1 : 2, &out->hour) || !digits(m, 2, &out->minute))
		return false;
	int64_t ignored;
	return events_local_to_utc(out, &ignored) == KR_OK;
}

/* ---- text ---- */

/* Characters (code points) of valid UTF-8 without control characters other than (when
 * multiline) tab, CR and LF; -1 when it has others. */
long
events_text_chars(const char *s, bool multiline)
{
	if (!str_is_utf8(str_from(s)))
		return -1;
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool allowed = multiline && (*p == '\t' || *p == '\r' || *p == '\n');
		if ((*p < 0x20 || *p == 0x7f) && !allowed)
			return -1;
		if ((*p & 0xC0) != 0x80)
			n++;
	}
	return n;
}

/* ---- rooms ---- */

const char *
events_room_check(const struct room *r)
{
	long n = events_text_chars(r->name ? r->name : "", false);
	if (n <= 0)
		return N_("Enter the name of the room.");
	if (n > ROOM_NAME_MAX)
		return N_("The name of a room has at most 200 characters.");
	return NULL;
}

int
events_room_add(struct db_conn *c, const struct room *r, int64_t *id)
{
	if (events_room_check(r))
		return KR_EINVAL;
	struct arena a;
	arena_init(&a);
	struct site *sites;
	size_t n;
	int err = org_sites(c, &a, &sites, &n);
	bool found = false;
	for (size_t i = 0; !err && i < n; i++)
		found |= sites[i].id == r->site_id;
	arena_release(&a);
	if (err)
		return err;
	return found ? events_store_room_insert(c, r, id) : KR_ENOTFOUND;
}

int
events_rooms(struct db_conn *c, struct arena *a, struct room **out, size_t *n)
{
	return events_store_rooms(c, a, 0, out, n);
}

int
events_room_get(struct db_conn *c, struct arena *a, int64_t id, struct room *out)
{
	struct room *v;
	size_t n;
	int err = id > 0 ? events_store_rooms(c, a, id, &v, &n) : KR_ENOTFOUND;
	if (err)
		return err;
	if (n == 0)
		return KR_ENOTFOUND;
	*out = v[0];
	return KR_OK;
}

/* ---- events ---- */

/* The types of the list, with their labels. */
static const char *const kind_labels[][2] = {
	{ "workshop", N_("Workshop") },
	{ "training", N_("Training") },
	{ "meeting", N_("Network meeting") },
	{ "conference", N_("Conference") },
	{ "lunch", N_("Lunch & learn") },
	{ "film", N_("Film and talk") },
	{ "simulation", N_("Simulation") },
	{ "panel", N_("Panel") },
	{ "fishbowl", N_("Fishbowl session") },
	{ "subgroup", N_("Subgroup meeting") },
	{ "consultation", N_("Consultation hour") },
};
const char *const event_kinds[] = {
	"workshop",   "training", "meeting",  "conference", "lunch",	    "film",
	"simulation", "panel",	  "fishbowl", "subgroup",   "consultation",
};
const size_t event_nkinds = ARRAY_SIZE(event_kinds);

const char *
events_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < ARRAY_SIZE(kind_labels); i++)
		if (strcmp(kind, kind_labels[i][0]) == 0)
			return kind_labels[i][1];
	return NULL;
}

static const char *const state_names[] = { "draft", "published", "cancelled" };

const char *
events_state_name(enum event_state s)
{
	return (size_t)s < ARRAY_SIZE(state_names) ? state_names[s] : "draft";
}

bool
events_state_parse(const char *s, enum event_state *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(state_names); i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum event_state)i;
			return true;
		}
	return false;
}

/* An https URL with a host, without spaces, quotes or angle brackets. */
static bool
https_url_ok(const char *u)
{
	if (strncmp(u, "https://", 8) != 0 || !u[8] || u[8] == '/' || strlen(u) > EVENT_URL_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return true;
}

size_t
events_check(const struct event *e, struct event_problem *out)
{
	size_t n = 0;
#define PROBLEM(f, m) (out[n++] = (struct event_problem){ (f), (m) })
	if (!events_kind_label(e->kind))
		PROBLEM("kind", N_("Choose the type of event."));
	long t = events_text_chars(e->title ? e->title : "", false);
	if (t <= 0)
		PROBLEM("title", N_("Enter a title for the event."));
	else if (t > EVENT_TITLE_MAX)
		PROBLEM("title", N_("A title has at most 200 characters."));
	const char *texts[][2] = { { "description", e->description },
				   { "agenda", e->agenda },
				   { "speakers", e->speakers } };
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		long c = events_text_chars(texts[i][1] ? texts[i][1] : "", true);
		if (c < 0 || c > EVENT_TEXT_MAX)
			PROBLEM(texts[i][0], N_("This text has at most 8000 characters, without "
						"special control characters."));
	}
	if (e->starts_at <= 0)
		PROBLEM("start_date",
			N_("Enter the start as a date (2026-12-03) and a time (14:30)."));
	if (e->ends_at <= 0)
		PROBLEM("end_date", N_("Enter the end as a date (2026-12-03) and a time (16:00)."));
	else if (e->starts_at > 0 && e->ends_at <= e->starts_at)
		PROBLEM("end_date",
			N_("The end is before the start. Enter an end after the start."));
	else if (e->starts_at > 0 && e->ends_at - e->starts_at > EVENT_LENGTH_MAX)
		PROBLEM("end_date", N_("An event lasts at most 14 days. Check the end date."));
	if (e->deadline <= 0)
		PROBLEM("deadline_date",
			N_("Enter the registration deadline as a date and a time."));
	else if (e->starts_at > 0 && e->deadline > e->starts_at)
		PROBLEM("deadline_date",
			N_("The registration deadline is after the start. Choose a moment before "
			   "the start."));
	if (!e->room_id && !e->online)
		PROBLEM("room", N_("Choose a room, or hold the event online, or both."));
	if (e->online && !https_url_ok(e->meeting_url ? e->meeting_url : ""))
		PROBLEM("meeting_url",
			N_("Enter the meeting link as a web address that starts with https://."));
	if (!e->online && e->meeting_url && *e->meeting_url)
		PROBLEM("meeting_url",
			N_("A meeting link is only for an online event. Tick online, or leave "
			   "the link empty."));
	if (e->capacity_site < 0 || e->capacity_site > EVENT_CAPACITY_MAX)
		PROBLEM("capacity_site", N_("Enter the places on site as a whole number from 0 "
					    "to 5000."));
	else if (e->room_id && e->capacity_site == 0)
		PROBLEM("capacity_site", N_("An event in a room needs at least 1 place on site."));
	if (e->capacity_online < 0 || e->capacity_online > EVENT_CAPACITY_MAX)
		PROBLEM("capacity_online", N_("Enter the places online as a whole number from 0 "
					      "to 5000."));
	else if (e->online && e->capacity_online == 0)
		PROBLEM("capacity_online", N_("An online event needs at least 1 place online."));
#undef PROBLEM
	return n;
}

static int fill_places(struct db_conn *c, const struct keys *k, struct arena *a,
		       const struct event *e, enum reg_place place, const struct events_mail *m,
		       int64_t now) MUST_CHECK;
static int tell_registered(struct db_conn *c, const struct keys *k, struct arena *a,
			   const struct event *old, const struct event *e,
			   const struct events_mail *m) MUST_CHECK;

int
events_save(struct db_conn *c, const struct keys *k, struct event *e, const struct events_mail *m,
	    int64_t now)
{
	struct event_problem problems[EVENT_PROBLEMS_MAX];
	if (events_check(e, problems))
		return KR_EINVAL;
	if (!e->online)
		e->meeting_url = "";
	if (!e->room_id)
		e->capacity_site = 0;
	if (!e->online)
		e->capacity_online = 0;
	struct arena a;
	arena_init(&a);
	struct room room;
	int err = e->room_id ? events_room_get(c, &a, e->room_id, &room) : KR_OK;
	arena_release(&a);
	if (err)
		return err;
	e->updated_at = now;
	if (e->id == 0) {
		e->created_at = now;
		e->sequence = 0;
		return events_store_event_insert(c, e, &e->id);
	}
	/* The sequence of a calendar file rises with every change (RFC 5545). */
	if ((err = db_begin(c)))
		return err;
	struct event old;
	arena_init(&a);
	if (!(err = events_get(c, &a, e->id, &old))) {
		bool found;
		e->sequence = old.sequence + 1;
		e->created_at = old.created_at;
		e->network_id = old.network_id;
		if (!(err = events_store_event_update(c, e, &found)) && !found)
			err = KR_ENOTFOUND;
		/* Those registered hear of a new time or place, or the cancellation, before
		 * anyone waiting is promoted (who then gets the new version only). */
		if (!err && e->starts_at > now)
			err = tell_registered(c, k, &a, &old, e, m);
		/* More places (or the event published again): those waiting get them now. */
		if (!err && !(err = fill_places(c, k, &a, e, PLACE_SITE, m, now)))
			err = fill_places(c, k, &a, e, PLACE_ONLINE, m, now);
	}
	arena_release(&a);
	return db_end(c, err);
}

int
events_get(struct db_conn *c, struct arena *a, int64_t id, struct event *out)
{
	struct event *v;
	size_t n;
	int err = id > 0 ? events_store_events(c, a, id, 0, INT64_MIN, true, true, 0, 1, &v, &n)
			 : KR_ENOTFOUND;
	if (err)
		return err;
	if (n == 0)
		return KR_ENOTFOUND;
	*out = v[0];
	return KR_OK;
}

int
events_list(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from, bool with_drafts,
	    bool members_too, size_t limit, struct event **out, size_t *n)
{
	return events_store_events(c, a, 0, network_id, from, with_drafts, members_too, 0, limit,
				   out, n);
}

int
events_list_from(struct db_conn *c, struct arena *a, int64_t network_id, int64_t from,
		 bool with_drafts, bool members_too, size_t offset, size_t limit,
		 struct event **out, size_t *n)
{
	return events_store_events(c, a, 0, network_id, from, with_drafts, members_too, offset,
				   limit, out, n);
}

bool
events_may_attend(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
		  int64_t account_id, bool *organiser)
{
	*organiser = account_id > 0 && org_is_core_team(c, e->network_id, account_id);
	if (*organiser)
		return true;
	if (account_id <= 0 || e->state == EVENT_DRAFT)
		return false;
	if (e->audience == AUDIENCE_ORGANISATION)
		return true;
	struct membership m;
	return members_get(c, k, a, account_id, e->network_id, 0, &m) == KR_OK;
}

/* ---- sealing ---- */

static void
reg_lookup(const struct keys *k, int64_t account_id, int64_t event_id, unsigned char out[32])
{
	unsigned char in[16 + 20] = "kring registration";
	memcpy(in + 20, &account_id, 8);
	memcpy(in + 28, &event_id, 8);
	crypto_generichash(out, 32, in, sizeof(in), k->lookup, KEY_BYTES);
}

static void
reg_ad(int64_t event_id, char ad[48])
{
	snprintf(ad, 48, "kring registration v1 %lld", (long long)event_id);
}

/* Plain text: "account named registered_at neutral" (before migration 0027 without
 * neutral, which then reads as 0). */
static unsigned char *
reg_seal(struct arena *a, const struct keys *k, const struct registration *r, size_t *len)
{
	char plain[80], ad[48];
	int plen = snprintf(plain, sizeof(plain), "%lld %d %lld %d", (long long)r->account_id,
			    r->named ? 1 : 0, (long long)r->registered_at, r->neutral ? 1 : 0);
	reg_ad(r->event_id, ad);
	unsigned char *box = arena_alloc(a, NONCE + (size_t)plen + TAG);
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (unsigned char *)plain,
						   (unsigned long long)plen, (unsigned char *)ad,
						   strlen(ad), NULL, box, k->data);
	sodium_memzero(plain, sizeof(plain));
	*len = NONCE + (size_t)clen;
	return box;
}

static int
reg_unseal(const struct keys *k, const struct reg_row *row, struct registration *out)
{
	char plain[80], ad[48];
	if (row->sealed_len < NONCE + TAG || row->sealed_len - NONCE - TAG >= sizeof(plain))
		return KR_EINVAL;
	reg_ad(row->event_id, ad);
	unsigned long long plen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, &plen, NULL, row->sealed + NONCE, row->sealed_len - NONCE,
		(unsigned char *)ad, strlen(ad), row->sealed, k->data) != 0)
		return KR_EINVAL;
	plain[plen] = '\0';
	long long acc, at;
	int named, neutral = 0;
	int ok = sscanf(plain, "%lld %d %lld %d", &acc, &named, &at, &neutral);
	sodium_memzero(plain, sizeof(plain));
	if ((ok != 3 && ok != 4) || acc <= 0 || (named != 0 && named != 1) ||
	    (neutral != 0 && neutral != 1))
		return KR_EINVAL;
	*out = (struct registration){ .id = row->id,
				      .event_id = row->event_id,
				      .account_id = acc,
				      .place = row->place,
				      .state = row->state,
				      .named = named == 1,
				      .neutral = neutral == 1,
				      .registered_at = at };
	return KR_OK;
}

/* ---- registrations ---- */

int
events_registration_of(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
		       int64_t account_id, struct registration *out)
{
	unsigned char lookup[32];
	reg_lookup(k, account_id, event_id, lookup);
	struct reg_row row;
	bool found;
	int err = events_store_reg_get(c, a, lookup, &row, &found);
	if (err)
		return err;
	if (!found)
		return KR_ENOTFOUND;
	if (reg_unseal(k, &row, out) || out->account_id != account_id)
		return KR_EINTERNAL;
	return KR_OK;
}

static int64_t
capacity_of(const struct event *e, enum reg_place p)
{
	return p == PLACE_ONLINE ? e->capacity_online : e->capacity_site;
}

static int reg_mail(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
		    const struct registration *r, int kind, const char *changes,
		    const struct events_mail *m) MUST_CHECK;

/* The e-mails about a registration (reg_mail). */
enum { MAIL_REGISTERED, MAIL_PROMOTED, MAIL_CHANGED, MAIL_WITHDRAWN, MAIL_EVENT_CANCELLED };

int
events_register(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
		int64_t account_id, const struct reg_choice *ch, const struct events_mail *m,
		int64_t now, struct registration *out, enum reg_refusal *why)
{
	*why = REFUSE_NONE;
	enum reg_place place = ch->place;
	if (ch->needs && needs_check(ch->needs)) {
		*why = REFUSE_NEEDS;
		return KR_EINVAL;
	}
	int err = db_begin(c);
	if (err)
		return err;
	struct event e;
	bool organiser;
	if ((err = events_get(c, a, event_id, &e)))
		return db_end(c, err);
	if (e.state != EVENT_PUBLISHED || e.starts_at <= now)
		*why = REFUSE_NOT_OPEN;
	else if (!events_may_attend(c, k, a, &e, account_id, &organiser))
		*why = REFUSE_NOT_ALLOWED;
	else if (now > e.deadline)
		*why = REFUSE_DEADLINE;
	else if ((place == PLACE_SITE && !e.room_id) || (place == PLACE_ONLINE && !e.online))
		*why = REFUSE_NO_SUCH_PLACE;
	struct registration mine;
	if (*why == REFUSE_NONE) {
		err = events_registration_of(c, k, a, event_id, account_id, &mine);
		if (err == KR_OK)
			*why = REFUSE_TWICE;
		else if (err != KR_ENOTFOUND)
			return db_end(c, err);
	}
	if (*why != REFUSE_NONE)
		return db_end(c, KR_EINVAL);
	/* The count and the insert in one transaction that holds the write lock: no other
	 * registration comes between them. */
	int64_t confirmed;
	if ((err = events_store_reg_count(c, event_id, place, REG_CONFIRMED, &confirmed)))
		return db_end(c, err);
	*out = (struct registration){ .event_id = event_id,
				      .account_id = account_id,
				      .place = place,
				      .state = confirmed < capacity_of(&e, place) ? REG_CONFIRMED
										  : REG_WAITING,
				      .named = ch->named,
				      .neutral = ch->neutral,
				      .registered_at = now };
	unsigned char lookup[32];
	reg_lookup(k, account_id, event_id, lookup);
	size_t len;
	unsigned char *box = reg_seal(a, k, out, &len);
	err = events_store_reg_insert(c, event_id, lookup, place, out->state, box, len, &out->id);
	if (err == KR_ECONFLICT) {
		*why = REFUSE_TWICE;
		err = KR_EINVAL;
	}
	/* The needs with the registration, in its transaction. */
	if (!err && ch->needs && needs_any(ch->needs))
		err = needs_set_for_registration(c, k, a, out, ch->needs);
	/* The invitation with the registration: both or neither. */
	if (!err && out->state == REG_CONFIRMED)
		err = reg_mail(c, k, a, &e, out, MAIL_REGISTERED, NULL, m);
	return db_end(c, err);
}

int
events_demo_registration(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
			 int64_t account_id, enum reg_place place, enum reg_state state, bool named,
			 int64_t registered_at, const struct access_needs *needs)
{
	struct registration r = { .event_id = event_id,
				  .account_id = account_id,
				  .place = place,
				  .state = state,
				  .named = named,
				  .registered_at = registered_at };
	unsigned char lookup[32];
	reg_lookup(k, account_id, event_id, lookup);
	size_t len;
	unsigned char *box = reg_seal(a, k, &r, &len);
	int err = events_store_reg_insert(c, event_id, lookup, place, state, box, len, &r.id);
	if (!err && needs && needs_any(needs))
		err = needs_set_for_registration(c, k, a, &r, needs);
	return err;
}

/* ---- e-mail and invitations ---- */

int
events_neutral_pref(struct db_conn *c, int64_t account_id, bool *neutral)
{
	return events_store_neutral_pref(c, account_id, -1, neutral);
}

int
events_neutral_pref_set(struct db_conn *c, int64_t account_id, bool neutral)
{
	return events_store_neutral_pref(c, account_id, neutral ? 1 : 0, NULL);
}

bool
events_neutral_default(const struct event *e, bool pref)
{
	/* A subgroup's name tells what a person never chose to tell (issue 11). */
	return pref || (e->kind && strcmp(e->kind, "subgroup") == 0);
}

/* The room as "Zaal 4.12, Stadskantoor", or "". */
static const char *
room_text(struct db_conn *c, struct arena *a, int64_t room_id)
{
	struct room room;
	if (room_id && events_room_get(c, a, room_id, &room) == KR_OK)
		return arena_printf(a, "%s, %s", room.name, room.site_name);
	return "";
}

/* Where, for an e-mail: the room, and/or online. */
static const char *
place_text(struct db_conn *c, struct arena *a, const struct event *e)
{
	const char *room = room_text(c, a, e->room_id);
	if (!e->online)
		return room;
	return *room ? arena_printf(a, "%s; %s", room, _("online")) : _("Online");
}

/* "2026-12-03 14:30 – 16:00 (Amsterdam time)", the end's date too when another day. */
static const char *
when_text(struct arena *a, const struct event *e)
{
	struct local_time s, t;
	events_utc_to_local(e->starts_at, &s);
	events_utc_to_local(e->ends_at, &t);
	const char *end = s.year == t.year && s.month == t.month && s.day == t.day
			      ? arena_printf(a, "%02d:%02d", t.hour, t.minute)
			      : arena_printf(a, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day,
					     t.hour, t.minute);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d – %s (%s)", s.year, s.month, s.day, s.hour,
			    s.minute, end, _("Amsterdam time"));
}

static bool
sends_invitations(const struct events_mail *m)
{
	return m && m->from && mail_address_ok(m->from);
}

/* The meeting link goes only to whom the event page shows it: a confirmed place online. */
static bool
gets_link(const struct event *e, const struct registration *r)
{
	return e->online && r->state == REG_CONFIRMED && r->place == PLACE_ONLINE &&
	       e->meeting_url && *e->meeting_url;
}

char *
events_invitation(struct db_conn *c, struct arena *a, const struct keys *k, const struct event *e,
		  const struct registration *r, const char *email, const char *name,
		  enum ics_method method, const struct events_mail *m)
{
	if (!m || !sends_invitations(m))
		return NULL;
	const struct ics_for f = {
		.method = method,
		.organizer = m->from,
		.base_url = m->base_url,
		.recipient_name = name,
		.recipient_email = email,
		.neutral = r->neutral,
		.neutral_title = _("Appointment"),
		.where = room_text(c, a, e->room_id),
		.meeting_url = method != ICS_CANCEL && gets_link(e, r) ? e->meeting_url : NULL,
		.meeting_label = _("The meeting link:"),
		.now = time_now(),
	};
	return events_ics(a, k, e, &f);
}

/* One e-mail about a registration r of event e (as it is now), to its registrant alone: it
 * names the event (they chose it) and no other person. With a neutral title, the subject
 * uses it too (a mailbox is often shared like a calendar). A confirmed registrant gets the
 * invitation (REQUEST) or its cancellation (CANCEL) as the calendar part; someone waiting only
 * the text. Inside the caller's transaction. */
static int
reg_mail(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
	 const struct registration *r, int kind, const char *changes, const struct events_mail *m)
{
	struct account acc;
	int err = auth_account_by_id(c, a, r->account_id, &acc);
	if (err == KR_ENOTFOUND || (err == KR_OK && acc.disabled))
		return KR_OK; /* nobody to tell */
	if (err)
		return err;
	static const struct {
		const char *subject, *intro;
	} texts[] = {
		[MAIL_REGISTERED] = { N_("Invitation"), N_("You are registered for:") },
		[MAIL_PROMOTED] = { N_("You have a place"),
				    N_("A place has become free, and it is yours: you were first "
				       "on the waiting list. You are now registered for:") },
		[MAIL_CHANGED] = { N_("Changed"), N_("An event you registered for has changed:") },
		[MAIL_WITHDRAWN] = { N_("Registration cancelled"),
				     N_("You have cancelled your registration for:") },
		[MAIL_EVENT_CANCELLED] = { N_("Cancelled"),
					   N_("The organisers have cancelled this event, which "
					      "you registered for:") },
	};
	bool cancel = kind == MAIL_WITHDRAWN || kind == MAIL_EVENT_CANCELLED;
	/* Registering and one's own cancellation are told only for the calendar: the page
	 * said it already. */
	if ((kind == MAIL_REGISTERED || kind == MAIL_WITHDRAWN) && !sends_invitations(m))
		return KR_OK;
	const char *title = r->neutral ? _("Appointment") : e->title;
	const char *subject = arena_printf(a, "%s: %s", _(texts[kind].subject), title);
	if (!mail_subject_ok(subject))
		subject = _(texts[kind].subject);
	struct strbuf b;
	strbuf_init(&b, MAIL_BODY_MAX);
	strbuf_addf(&b, "%s %s,\n\n%s\n\n%s\n%s\n", _("Hello"), acc.name, _(texts[kind].intro),
		    e->title, when_text(a, e));
	const char *place = place_text(c, a, e);
	if (*place)
		strbuf_addf(&b, "%s\n", place);
	if (!cancel && gets_link(e, r))
		strbuf_addf(&b, "%s %s\n", _("The meeting link:"), e->meeting_url);
	if (changes && *changes)
		strbuf_addf(&b, "\n%s", changes);
	char *ics = NULL;
	if (r->state == REG_CONFIRMED)
		ics = events_invitation(c, a, k, e, r, acc.email, acc.name,
					cancel ? ICS_CANCEL : ICS_REQUEST, m);
	if (ics && cancel)
		strbuf_addf(&b, "\n%s\n", _("This e-mail takes the event out of your calendar."));
	else if (ics)
		strbuf_addf(&b, "\n%s\n",
			    _("This e-mail puts the event in your calendar, marked private."));
	if (ics && r->neutral && !cancel)
		strbuf_addf(&b, "%s\n",
			    _("In your calendar it is called \"Appointment\": the details are only "
			      "in its description."));
	if (!cancel)
		strbuf_addf(&b, "\n%s\n",
			    _("If you cannot come, please cancel your registration on the event's "
			      "page, so that the next person gets the place."));
	if (m && m->base_url && *m->base_url)
		strbuf_addf(&b, "%s/events/%lld\n", m->base_url, (long long)e->id);
	const char *body = strbuf_ok(&b) ? arena_strndup(a, b.buf, b.len) : NULL;
	strbuf_release(&b);
	if (!body)
		return KR_EINTERNAL;
	return ics ? mail_enqueue_calendar(c, acc.email, subject, body, ics)
		   : mail_enqueue(c, acc.email, subject, body);
}

/* What changed between old and e that those registered need to know ("" when nothing). */
static const char *
changes_text(struct db_conn *c, struct arena *a, const struct event *old, const struct event *e)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	if (old->starts_at != e->starts_at || old->ends_at != e->ends_at)
		strbuf_addf(&b, "%s %s\n%s %s\n", _("New time:"), when_text(a, e), _("Before:"),
			    when_text(a, old));
	if (old->room_id != e->room_id || old->online != e->online) {
		const char *was = place_text(c, a, old);
		strbuf_addf(&b, "%s %s\n%s %s\n", _("New place:"), place_text(c, a, e),
			    _("Before:"), *was ? was : "-");
	}
	if (old->online && e->online &&
	    strcmp(old->meeting_url ? old->meeting_url : "",
		   e->meeting_url ? e->meeting_url : "") != 0)
		strbuf_addf(&b, "%s\n", _("The meeting link has changed."));
	const char *out = arena_strdup(a, b.buf ? b.buf : "");
	strbuf_release(&b);
	return out;
}

/* After a published event was saved as e: everyone registered hears of a new time or place
 * (the confirmed with the updated invitation), or of its cancellation (the confirmed with
 * METHOD:CANCEL). Inside the caller's transaction. */
static int
tell_registered(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *old,
		const struct event *e, const struct events_mail *m)
{
	if (old->state != EVENT_PUBLISHED)
		return KR_OK;
	int kind;
	const char *changes = NULL;
	if (e->state == EVENT_CANCELLED) {
		kind = MAIL_EVENT_CANCELLED;
	} else if (e->state == EVENT_PUBLISHED) {
		changes = changes_text(c, a, old, e);
		if (!*changes)
			return KR_OK;
		kind = MAIL_CHANGED;
	} else {
		return KR_OK;
	}
	struct reg_row *rows;
	size_t n;
	int err = events_store_regs(c, a, e->id, false, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct registration r;
		if (reg_unseal(k, &rows[i], &r))
			return KR_EINTERNAL;
		err = reg_mail(c, k, a, e, &r, kind, changes, m);
	}
	return err;
}

/* Gives the free places of an event still to come to those who wait for them, first come
 * first served, each with an e-mail; inside the caller's transaction. */
static int
fill_places(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
	    enum reg_place place, const struct events_mail *m, int64_t now)
{
	if (e->starts_at <= now || e->state != EVENT_PUBLISHED)
		return KR_OK;
	int64_t confirmed;
	int err = events_store_reg_count(c, e->id, place, REG_CONFIRMED, &confirmed);
	for (; !err && confirmed < capacity_of(e, place); confirmed++) {
		struct reg_row next;
		bool found;
		if ((err = events_store_reg_first_waiting(c, a, e->id, place, &next, &found)) ||
		    !found)
			break;
		struct registration nr;
		if (reg_unseal(k, &next, &nr))
			return KR_EINTERNAL;
		nr.state = REG_CONFIRMED;
		if (!(err = events_store_reg_confirm(c, next.id)))
			err = reg_mail(c, k, a, e, &nr, MAIL_PROMOTED, NULL, m);
	}
	return err;
}

/* Deletes row (unsealed as r) and, if it held a place, gives it to the first who waits.
 * With tell, a confirmed registrant gets the cancellation for their calendar. */
static int
cancel_row(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
	   const struct registration *r, const struct events_mail *m, bool tell, int64_t now)
{
	int err = events_store_reg_delete(c, r->id);
	if (err || r->state != REG_CONFIRMED)
		return err;
	if (tell && e->state == EVENT_PUBLISHED && e->ends_at > now &&
	    (err = reg_mail(c, k, a, e, r, MAIL_WITHDRAWN, NULL, m)))
		return err;
	return fill_places(c, k, a, e, r->place, m, now);
}

int
events_cancel(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
	      int64_t account_id, const struct events_mail *m, int64_t now)
{
	int err = db_begin(c);
	if (err)
		return err;
	struct event e;
	struct registration r;
	if (!(err = events_get(c, a, event_id, &e)) &&
	    !(err = events_registration_of(c, k, a, event_id, account_id, &r)))
		err = cancel_row(c, k, a, &e, &r, m, true, now);
	return db_end(c, err);
}

int
events_counts(struct db_conn *c, int64_t event_id, struct reg_counts *out)
{
	return events_store_reg_counts(c, event_id, out);
}

static int
cmp_names(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int
events_attendee_names(struct db_conn *c, const struct keys *k, struct arena *a,
		      const struct event *e, const char ***names, size_t *n)
{
	struct reg_row *rows;
	size_t nrows;
	int err = events_store_regs(c, a, e->id, true, &rows, &nrows);
	if (err)
		return err;
	const char **v = ARENA_ARRAY(a, const char *, nrows ? nrows : 1);
	*n = 0;
	for (size_t i = 0; i < nrows; i++) {
		struct registration r;
		if (reg_unseal(k, &rows[i], &r))
			return KR_EINTERNAL;
		if (!r.named)
			continue;
		struct membership m;
		err = members_get(c, k, a, r.account_id, e->network_id, 0, &m);
		if (err == KR_OK && m.choice.appearance == APPEAR_PSEUDONYM) {
			v[(*n)++] = m.choice.pseudonym;
			continue;
		}
		if (err == KR_OK && m.choice.appearance == APPEAR_SILENT)
			continue; /* appears nowhere */
		if (err && err != KR_ENOTFOUND)
			return err;
		struct account acc;
		err = auth_account_by_id(c, a, r.account_id, &acc);
		if (err == KR_ENOTFOUND || (err == KR_OK && acc.disabled))
			continue;
		if (err)
			return err;
		v[(*n)++] = acc.name;
	}
	qsort(v, *n, sizeof(*v), cmp_names);
	*names = v;
	return KR_OK;
}

int
events_registrations_of_account(struct db_conn *c, const struct keys *k, struct arena *a,
				int64_t account_id, struct registration **regs, struct event **evs,
				size_t *n)
{
	int64_t *ids;
	size_t nids;
	int err = events_store_event_ids(c, a, &ids, &nids);
	if (err)
		return err;
	*regs = ARENA_ARRAY(a, struct registration, nids ? nids : 1);
	*evs = ARENA_ARRAY(a, struct event, nids ? nids : 1);
	*n = 0;
	for (size_t i = 0; i < nids; i++) {
		err = events_registration_of(c, k, a, ids[i], account_id, &(*regs)[*n]);
		if (err == KR_ENOTFOUND)
			continue;
		if (err || (err = events_get(c, a, ids[i], &(*evs)[*n])))
			return err;
		(*n)++;
	}
	return KR_OK;
}

int
events_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	int64_t *ids;
	size_t nids;
	int64_t now = time_now();
	int err = events_store_event_ids(c, &a, &ids, &nids);
	for (size_t i = 0; !err && i < nids; i++) {
		struct registration r;
		struct event e;
		err = events_registration_of(c, k, &a, ids[i], account_id, &r);
		if (err == KR_ENOTFOUND) {
			err = KR_OK;
			continue;
		}
		if (!err && !(err = events_get(c, &a, ids[i], &e)))
			err = cancel_row(c, k, &a, &e, &r, NULL, false, now);
	}
	arena_release(&a);
	if (!err)
		err = events_store_feed_delete_account(c, account_id);
	if (!err)
		err = needs_erase_account(c, k, account_id);
	return err ? err : events_store_neutral_pref_delete(c, account_id);
}

int
events_retention_erase(struct db_conn *c, int64_t now, int64_t keep_days, int64_t *erased)
{
	int err = db_begin(c);
	if (err)
		return err;
	err = events_store_retention(c, now - keep_days * 86400, erased);
	return db_end(c, err);
}

int
events_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct reg_row *rows;
	size_t n;
	int err = events_store_regs(c, &a, 0, false, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct registration r;
		if (reg_unseal(old, &rows[i], &r)) {
			err = KR_EINTERNAL;
			break;
		}
		unsigned char lookup[32];
		reg_lookup(fresh, r.account_id, r.event_id, lookup);
		size_t len;
		unsigned char *box = reg_seal(&a, fresh, &r, &len);
		err = events_store_reg_replace(c, rows[i].id, lookup, box, len);
	}
	arena_release(&a);
	int64_t more = 0, answers = 0;
	if (!err)
		err = needs_rekey(c, old, fresh, &more);
	if (!err)
		err = feedback_rekey(c, old, fresh, &answers);
	*count = err ? 0 : (int64_t)n + more + answers;
	return err;
}

/* ---- calendar feeds ---- */

/* Unkeyed on purpose: the token has 256 random bits, and the hash is only for finding it. */
static void
feed_hash(const char *token, unsigned char out[32])
{
	static const char ctx[] = "kring calendar feed v1";
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)ctx, sizeof(ctx) - 1);
	crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
	crypto_generichash_final(&st, out, 32);
}

static bool
feed_token_ok(const char *t)
{
	if (!t || strlen(t) != EVENTS_FEED_TOKEN_LEN)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

int
events_feed_renew(struct db_conn *c, int64_t account_id, int64_t network_id,
		  char token[EVENTS_FEED_TOKEN_LEN + 1], int64_t now)
{
	if ((account_id > 0) == (network_id > 0))
		return KR_EINVAL;
	unsigned char raw[32], hash[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, EVENTS_FEED_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	feed_hash(token, hash);
	int err = db_begin(c);
	if (err)
		return err;
	return db_end(c, events_store_feed_replace(c, account_id, network_id, hash, now));
}

int
events_feed_since(struct db_conn *c, int64_t account_id, int64_t network_id, int64_t *created_at)
{
	return events_store_feed_since(c, account_id, network_id, created_at);
}

int
events_feed_owner(struct db_conn *c, const char *token, int64_t *account_id, int64_t *network_id)
{
	if (!feed_token_ok(token))
		return KR_ENOTFOUND;
	unsigned char hash[32];
	feed_hash(token, hash);
	bool found;
	int err = events_store_feed_find(c, hash, account_id, network_id, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
events_feed_account(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		    const char *base_url, char **out)
{
	struct registration *regs;
	struct event *evs;
	size_t n;
	int err = events_registrations_of_account(c, k, a, account_id, &regs, &evs, &n);
	if (err)
		return err;
	struct event *keep = ARENA_ARRAY(a, struct event, n ? n : 1);
	struct ics_for *fors = ARENA_ARRAY(a, struct ics_for, n ? n : 1);
	size_t m = 0;
	int64_t now = time_now();
	for (size_t i = 0; i < n && m < EVENTS_FEED_MAX; i++) {
		if (regs[i].state != REG_CONFIRMED || evs[i].state == EVENT_DRAFT)
			continue;
		keep[m] = evs[i];
		fors[m] = (struct ics_for){
			.base_url = base_url,
			.neutral = regs[i].neutral,
			.neutral_title = _("Appointment"),
			.where = room_text(c, a, evs[i].room_id),
			.meeting_url = gets_link(&evs[i], &regs[i]) ? evs[i].meeting_url : NULL,
			.meeting_label = _("The meeting link:"),
			.now = now,
		};
		m++;
	}
	struct calendar_ctx cc = {
		.c = c, .k = k, .a = a, .account_id = account_id, .base_url = base_url, .now = now
	};
	arena_vec_init(&cc.texts, a, sizeof(const char *), 8, 0);
	if ((err = features_calendar(&cc)))
		return err;
	*out = events_ics_feed(a, k, keep, fors, m, cc.texts.items, cc.texts.len);
	return KR_OK;
}

int
events_feed_network(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		    const char *base_url, char **out)
{
	struct event *evs;
	size_t n;
	int64_t now = time_now();
	int err = events_list(c, a, network_id, now - EVENTS_KEEP_DAYS * 86400, false, false,
			      EVENTS_FEED_MAX, &evs, &n);
	if (err)
		return err;
	struct ics_for *fors = ARENA_ARRAY(a, struct ics_for, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		fors[i] = (struct ics_for){
			.base_url = base_url,
			.neutral = events_neutral_default(&evs[i], false),
			.neutral_title = _("Appointment"),
			.where = room_text(c, a, evs[i].room_id),
			.now = now,
		};
	*out = events_ics_feed(a, k, evs, fors, n, NULL, 0);
	return KR_OK;
}
