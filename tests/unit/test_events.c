// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_events.c: Amsterdam time across the changes of the clock, the checks of an event, and
 * the store and rules of rooms, events and registrations on the backend the tests run on
 * (SQLite, or PostgreSQL with KRING_TEST_PG): capacity, the waiting list and its promotion with
 * an e-mail in the same transaction, parallel registrations from several threads, erasing an
 * account, retention, key rotation, and a copy of the database that ties nobody to an event. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/events/events.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/log.h"
#include <libical/ical.h>
#include <pthread.h>
#include <sodium.h>

void test_events_amsterdam_time(void);
void test_events_check(void);
void test_events_register_rules(void);
void test_events_parallel(void);
void test_events_erase_retention_rekey(void);
void test_events_ics(void);
void test_events_invitations(void);
void test_events_feeds(void);
void test_events_awareness(void);
void test_events_needs(void);
void test_events_needs_doc(void);

/* 2027-03-28 and 2027-10-31 are the last Sundays of March and October 2027. */
void
test_events_amsterdam_time(void)
{
	static const struct {
		struct local_time t;
		int64_t utc;
	} cases[] = {
		{ { 2027, 1, 15, 12, 0 }, 1800010800 },	 /* winter: UTC+1 */
		{ { 2027, 7, 1, 12, 0 }, 1814436000 },	 /* summer: UTC+2 */
		{ { 2027, 3, 28, 1, 59 }, 1806195540 },	 /* the last minute of winter time */
		{ { 2027, 3, 28, 3, 0 }, 1806195600 },	 /* the first of summer time */
		{ { 2027, 3, 28, 2, 30 }, 1806197400 },	 /* skipped: counts as 03:30 */
		{ { 2027, 10, 31, 2, 30 }, 1824942600 }, /* twice: the first time (UTC+2) */
		{ { 2027, 10, 31, 3, 0 }, 1824948000 },	 /* winter again */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t u = 0;
		CHECK(events_local_to_utc(&cases[i].t, &u) == KR_OK);
		CHECK_INT(u, cases[i].utc);
	}
	struct local_time back;
	events_utc_to_local(1824942600 + 3600, &back); /* the second 02:30 */
	CHECK(back.hour == 2 && back.minute == 30);
	events_utc_to_local(1806195600, &back);
	CHECK(back.day == 28 && back.hour == 3 && back.minute == 0);
	struct local_time t;
	CHECK(events_parse_local("2027-03-28", "9:05", &t) && t.hour == 9 && t.minute == 5);
	CHECK(events_parse_local("2027-03-28", "09.05", &t));
	CHECK(!events_parse_local("2027-02-29", "10:00", &t)); /* not a leap year */
	CHECK(events_parse_local("2028-02-29", "10:00", &t));
	CHECK(!events_parse_local("2027-13-01", "10:00", &t));
	CHECK(!events_parse_local("2027-01-01", "24:00", &t));
	CHECK(!events_parse_local("2027-01-01", "10:60", &t));
	CHECK(!events_parse_local("27-01-01", "10:00", &t));
	CHECK(!events_parse_local("2027-01-01", "", &t));
}

static struct event
good_event(int64_t network_id, int64_t room_id)
{
	return (struct event){ .network_id = network_id,
			       .kind = "workshop",
			       .title = "Prikkels",
			       .description = "",
			       .agenda = "",
			       .speakers = "",
			       .starts_at = 2000000000,
			       .ends_at = 2000007200,
			       .deadline = 1999990000,
			       .room_id = room_id,
			       .capacity_site = 10,
			       .meeting_url = "",
			       .state = EVENT_PUBLISHED };
}

static bool
has_problem(const struct event *e, const char *field)
{
	struct event_problem p[EVENT_PROBLEMS_MAX];
	size_t n = events_check(e, p);
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].field, field) == 0)
			return true;
	return false;
}

void
test_events_check(void)
{
	struct event_problem p[EVENT_PROBLEMS_MAX];
	struct event e = good_event(1, 1);
	CHECK_INT(events_check(&e, p), 0);
	e.ends_at = e.starts_at;
	CHECK(has_problem(&e, "end_date"));
	e = good_event(1, 1);
	e.ends_at = e.starts_at + EVENT_LENGTH_MAX + 1;
	CHECK(has_problem(&e, "end_date"));
	e = good_event(1, 1);
	e.capacity_site = -1;
	CHECK(has_problem(&e, "capacity_site"));
	e.capacity_site = EVENT_CAPACITY_MAX + 1;
	CHECK(has_problem(&e, "capacity_site"));
	e.capacity_site = 0;
	CHECK(has_problem(&e, "capacity_site"));
	e = good_event(1, 0);
	CHECK(has_problem(&e, "room"));
	e.online = true;
	e.capacity_online = 5;
	e.meeting_url = "http://meet.example/x";
	CHECK(has_problem(&e, "meeting_url"));
	e.meeting_url = "https://";
	CHECK(has_problem(&e, "meeting_url"));
	e.meeting_url = "https://meet.example/x y";
	CHECK(has_problem(&e, "meeting_url"));
	e.meeting_url = "https://meet.example/x\"onmouseover=";
	CHECK(has_problem(&e, "meeting_url"));
	e.meeting_url = "https://meet.example/j/123?pwd=abc";
	CHECK_INT(events_check(&e, p), 0);
	e.capacity_online = 0;
	CHECK(has_problem(&e, "capacity_online"));
	e = good_event(1, 1);
	e.meeting_url = "https://meet.example/x"; /* a link without online */
	CHECK(has_problem(&e, "meeting_url"));
	e = good_event(1, 1);
	e.deadline = e.starts_at + 1;
	CHECK(has_problem(&e, "deadline_date"));
	e = good_event(1, 1);
	e.kind = "party";
	CHECK(has_problem(&e, "kind"));
	e = good_event(1, 1);
	e.title = "";
	CHECK(has_problem(&e, "title"));
	e.title = "a\x01";
	CHECK(has_problem(&e, "title"));
	e = good_event(1, 1);
	e.description = "Regel een\nRegel twee\twith a tab";
	CHECK_INT(events_check(&e, p), 0);
}

/* A network, a site with a room, and accounts. */
struct fixture {
	struct tempdb t;
	int64_t net, room, acc[60];
	size_t nacc;
};

static bool
fixture_open(struct fixture *f, size_t naccounts)
{
	memset(f, 0, sizeof(*f));
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "neurokring", .name = "Neurokring", .kind = NETWORK_NARROW };
	struct site site = { .name = "Stadskantoor", .town = "Rijnstad", .headcount = 100 };
	int64_t site_id;
	bool ok = org_create(t->c, "Gemeente", "") == KR_OK &&
		  org_network_add(t->c, &nw, &f->net) == KR_OK &&
		  org_site_add(t->c, &site, &site_id) == KR_OK;
	struct room room = { .site_id = site_id, .name = "Zaal 4.12", .hearing_loop = true };
	ok = ok && events_room_add(t->c, &room, &f->room) == KR_OK;
	for (size_t i = 0; ok && i < naccounts; i++) {
		char email[64], name[32];
		snprintf(email, sizeof(email), "p%zu@rijnstad.example", i);
		snprintf(name, sizeof(name), "Persoon Zq%zu", i);
		ok = auth_account_create(t->c, 0, &t->a, email, name, NULL, &f->acc[i]) == KR_OK;
	}
	f->nacc = naccounts;
	if (!ok) {
		test_fail(__FILE__, __LINE__, "a network, a room and accounts");
		tempdb_close(t);
	}
	return ok;
}

static const struct events_mail test_mail = { .base_url = "https://k.example",
					      .from = "kring@rijnstad.example" };

static int64_t
outbox_count(struct db_conn *c)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM outbox");
	int64_t n = st && db_row(st) ? db_col_int(st, 0) : -1;
	if (st && db_done(st))
		n = -1;
	return n;
}

void
test_events_register_rules(void)
{
	struct fixture f;
	if (!fixture_open(&f, 4))
		return;
	struct tempdb *t = &f.t;
	/* Rooms. */
	struct room dup = { .site_id = 1, .name = "Zaal 4.12" };
	CHECK(events_room_add(t->c, &dup, NULL) == KR_ECONFLICT);
	struct room nosite = { .site_id = 999, .name = "Elders" };
	CHECK(events_room_add(t->c, &nosite, NULL) == KR_ENOTFOUND);
	struct room got;
	CHECK(events_room_get(t->c, &t->a, f.room, &got) == KR_OK && got.hearing_loop &&
	      !got.step_free);
	CHECK_STR(got.site_name, "Stadskantoor");

	int64_t now = 1999000000;
	struct event e = good_event(f.net, f.room);
	e.capacity_site = 1;
	e.online = true;
	e.capacity_online = 1;
	e.meeting_url = "https://meet.example/x";
	CHECK(events_save(t->c, &t->k, &e, NULL, now) == KR_OK && e.id > 0);
	struct event bad = good_event(f.net, 12345); /* no such room */
	CHECK(events_save(t->c, &t->k, &bad, NULL, now) == KR_ENOTFOUND);
	struct event back;
	CHECK(events_get(t->c, &t->a, e.id, &back) == KR_OK);
	CHECK_STR(back.title, "Prikkels");
	CHECK_STR(back.network_slug, "neurokring");
	CHECK(back.online && back.capacity_online == 1 && back.sequence == 0);
	/* A change raises the sequence. */
	back.title = "Prikkels op kantoor";
	CHECK(events_save(t->c, &t->k, &back, NULL, now) == KR_OK);
	CHECK(events_get(t->c, &t->a, e.id, &back) == KR_OK && back.sequence == 1);

	struct registration r;
	enum reg_refusal why;
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[0],
			      &(struct reg_choice){ PLACE_SITE, true, false }, NULL, now, &r,
			      &why) == KR_OK);
	CHECK(r.state == REG_CONFIRMED);
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[0],
			      &(struct reg_choice){ PLACE_ONLINE, true, false }, NULL, now, &r,
			      &why) == KR_EINVAL &&
	      why == REFUSE_TWICE);
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[1],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL, now, &r,
			      &why) == KR_OK);
	CHECK(r.state == REG_WAITING);
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[2],
			      &(struct reg_choice){ PLACE_ONLINE, false, false }, NULL, now, &r,
			      &why) == KR_OK);
	CHECK(r.state == REG_CONFIRMED); /* online has its own places */
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[3],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL,
			      e.deadline + 1, &r, &why) == KR_EINVAL &&
	      why == REFUSE_DEADLINE);
	struct reg_counts n;
	CHECK(events_counts(t->c, e.id, &n) == KR_OK);
	CHECK(n.site_confirmed == 1 && n.site_waiting == 1 && n.online_confirmed == 1 &&
	      n.online_waiting == 0);
	/* Only the named appear, by name (none of them is a member). */
	const char **names;
	size_t nn;
	CHECK(events_attendee_names(t->c, &t->k, &t->a, &back, &names, &nn) == KR_OK);
	CHECK(nn == 1 && strcmp(names[0], "Persoon Zq0") == 0);
	/* A pseudonymous member appears by pseudonym, a silent follower nowhere. */
	const char *problem;
	struct member_choice pseud = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "Reiger" };
	CHECK(members_join(t->c, &t->k, f.acc[0], f.net, 0, &pseud, now, &problem) == KR_OK);
	CHECK(events_attendee_names(t->c, &t->k, &t->a, &back, &names, &nn) == KR_OK);
	CHECK(nn == 1 && strcmp(names[0], "Reiger") == 0);
	struct member_choice silent = { .appearance = APPEAR_SILENT };
	CHECK(members_update(t->c, &t->k, f.acc[0], f.net, 0, &silent, &problem) == KR_OK);
	CHECK(events_attendee_names(t->c, &t->k, &t->a, &back, &names, &nn) == KR_OK);
	CHECK_INT(nn, 0);

	/* Cancelling frees the place for the first who waits, with an e-mail, at once. */
	int64_t mails = outbox_count(t->c);
	CHECK(events_cancel(t->c, &t->k, &t->a, e.id, f.acc[3], &test_mail, now) == KR_ENOTFOUND);
	CHECK(events_cancel(t->c, &t->k, &t->a, e.id, f.acc[0], &test_mail, now) == KR_OK);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[1], &r) == KR_OK &&
	      r.state == REG_CONFIRMED && !r.named);
	CHECK_INT(outbox_count(t->c), mails + 2); /* the cancellation, and the place */
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[0], &r) == KR_ENOTFOUND);
	/* One more place on site: the first who waits gets it when the event is saved. */
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[3],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL, now, &r,
			      &why) == KR_OK &&
	      r.state == REG_WAITING);
	int64_t before = outbox_count(t->c);
	back.capacity_site = 2;
	CHECK(events_save(t->c, &t->k, &back, NULL, now) == KR_OK);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[3], &r) == KR_OK &&
	      r.state == REG_CONFIRMED);
	CHECK_INT(outbox_count(t->c), before + 1);
	back.capacity_site = 1; /* fewer again: nobody loses a place */
	CHECK(events_save(t->c, &t->k, &back, NULL, now) == KR_OK);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[3], &r) == KR_OK &&
	      r.state == REG_CONFIRMED);

	/* Members only: a member may, a non-member may not. */
	struct event m = good_event(f.net, f.room);
	m.audience = AUDIENCE_MEMBERS;
	CHECK(events_save(t->c, &t->k, &m, NULL, now) == KR_OK);
	CHECK(events_register(t->c, &t->k, &t->a, m.id, f.acc[1],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL, now, &r,
			      &why) == KR_EINVAL &&
	      why == REFUSE_NOT_ALLOWED);
	CHECK(events_register(t->c, &t->k, &t->a, m.id, f.acc[0],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL, now, &r,
			      &why) == KR_OK);
	/* A draft or cancelled event, one that began, a place it lacks. */
	struct event d = good_event(f.net, f.room);
	d.state = EVENT_DRAFT;
	CHECK(events_save(t->c, &t->k, &d, NULL, now) == KR_OK);
	CHECK(events_register(t->c, &t->k, &t->a, d.id, f.acc[1],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL, now, &r,
			      &why) == KR_EINVAL &&
	      why == REFUSE_NOT_OPEN);
	CHECK(events_register(t->c, &t->k, &t->a, m.id, f.acc[1],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL, m.starts_at,
			      &r, &why) == KR_EINVAL &&
	      why == REFUSE_NOT_OPEN);
	CHECK(events_register(t->c, &t->k, &t->a, m.id, f.acc[0],
			      &(struct reg_choice){ PLACE_ONLINE, false, false }, NULL, now, &r,
			      &why) == KR_EINVAL);
	/* Lists: drafts only when asked. */
	struct event *list;
	size_t nl;
	CHECK(events_list(t->c, &t->a, f.net, now, false, true, 100, &list, &nl) == KR_OK &&
	      nl == 2);
	CHECK(events_list(t->c, &t->a, f.net, now, true, true, 100, &list, &nl) == KR_OK &&
	      nl == 3);
	CHECK(events_list(t->c, &t->a, f.net, now, false, false, 100, &list, &nl) == KR_OK &&
	      nl == 1); /* not the members' event */
	CHECK(events_list(t->c, &t->a, 0, e.ends_at + 1, true, true, 100, &list, &nl) == KR_OK &&
	      nl == 0);
	tempdb_close(t);
}

struct racer {
	struct db *db;
	const struct keys *k;
	int64_t event_id, account_id;
	int err;
	enum reg_state state;
};

static void *
race(void *arg)
{
	struct racer *x = arg;
	struct db_conn *c = db_conn(x->db);
	struct arena a;
	arena_init(&a);
	struct registration r;
	enum reg_refusal why;
	x->err = c ? events_register(c, x->k, &a, x->event_id, x->account_id,
				     &(struct reg_choice){ PLACE_SITE, false, false }, NULL,
				     1999000000, &r, &why)
		   : KR_EDB;
	x->state = r.state;
	arena_release(&a);
	return NULL;
}

/* Registrations from 20 threads, each on its own connection, at 5 places: exactly 5. */
void
test_events_parallel(void)
{
	struct fixture f;
	if (!fixture_open(&f, 20))
		return;
	struct tempdb *t = &f.t;
	struct event e = good_event(f.net, f.room);
	e.capacity_site = 5;
	CHECK(events_save(t->c, &t->k, &e, NULL, 1999000000) == KR_OK);
	struct racer x[20];
	pthread_t th[20];
	for (size_t i = 0; i < 20; i++) {
		x[i] = (struct racer){ t->db, &t->k, e.id, f.acc[i], -1, REG_WAITING };
		CHECK(pthread_create(&th[i], NULL, race, &x[i]) == 0);
	}
	int confirmed = 0, waiting = 0;
	for (size_t i = 0; i < 20; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(x[i].err, KR_OK);
		confirmed += x[i].err == KR_OK && x[i].state == REG_CONFIRMED;
		waiting += x[i].err == KR_OK && x[i].state == REG_WAITING;
	}
	CHECK_INT(confirmed, 5);
	CHECK_INT(waiting, 15);
	struct reg_counts n;
	CHECK(events_counts(t->c, e.id, &n) == KR_OK && n.site_confirmed == 5 &&
	      n.site_waiting == 15);
	tempdb_close(t);
}

static bool
contains(const char *hay, size_t n, const void *needle, size_t len)
{
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(hay + i, needle, len) == 0)
			return true;
	return false;
}

void
test_events_erase_retention_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f, 3))
		return;
	struct tempdb *t = &f.t;
	int64_t now = 1999000000;
	struct event e = good_event(f.net, f.room);
	e.capacity_site = 1;
	CHECK(events_save(t->c, &t->k, &e, NULL, now) == KR_OK);
	struct registration r;
	enum reg_refusal why;
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[0],
			      &(struct reg_choice){ PLACE_SITE, true, false }, NULL, now, &r,
			      &why) == KR_OK);
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[1],
			      &(struct reg_choice){ PLACE_SITE, false, false }, NULL, now, &r,
			      &why) == KR_OK &&
	      r.state == REG_WAITING);
	/* My data. */
	struct registration *regs;
	struct event *evs;
	size_t n;
	CHECK(events_registrations_of_account(t->c, &t->k, &t->a, f.acc[0], &regs, &evs, &n) ==
	      KR_OK);
	CHECK(n == 1 && regs[0].named && evs[0].id == e.id);
	/* Rotating the keys keeps every registration findable under the fresh keys. */
	struct keys fresh = t->k;
	randombytes_buf(fresh.data, sizeof(fresh.data));
	randombytes_buf(fresh.lookup, sizeof(fresh.lookup));
	int64_t count;
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(events_rekey(t->c, &t->k, &fresh, &count) == KR_OK && count == 2);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(events_registration_of(t->c, &fresh, &t->a, e.id, f.acc[0], &r) == KR_OK);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[0], &r) != KR_OK);
	t->k = fresh;
	/* A copy of the database does not hold the account beside the event. */
	size_t rawn;
	char *raw = tempdb_raw(t, &rawn);
	if (raw) {
		char plain[32];
		snprintf(plain, sizeof(plain), "%lld 1 %lld", (long long)f.acc[0], (long long)now);
		CHECK(!contains(raw, rawn, plain, strlen(plain)));
		free(raw);
	}
	/* Erasing the account erases its registration and promotes the next, at once. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(events_erase_account(t->c, &t->k, f.acc[0]) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[0], &r) == KR_ENOTFOUND);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[1], &r) == KR_OK &&
	      r.state == REG_CONFIRMED);
	/* Retention: kept until EVENTS_KEEP_DAYS after the end, then erased. */
	int64_t erased;
	CHECK(events_retention_erase(t->c, e.ends_at + (EVENTS_KEEP_DAYS - 1) * 86400,
				     EVENTS_KEEP_DAYS, &erased) == KR_OK &&
	      erased == 0);
	CHECK(events_retention_erase(t->c, e.ends_at + (EVENTS_KEEP_DAYS + 1) * 86400,
				     EVENTS_KEEP_DAYS, &erased) == KR_OK &&
	      erased == 1);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[1], &r) == KR_ENOTFOUND);
	tempdb_close(t);
}

/* The calendar file, parsed back with libical: its zone, UID, DTSTAMP, SEQUENCE, CLASS, the
 * times in Amsterdam time that give the stored UTC back (winter and summer), the only
 * attendee, and the neutral title. */
static icalcomponent *
parsed_method(const char *ics, icalcomponent **cal, icalproperty_method method)
{
	*cal = icalparser_parse_string(ics);
	CHECK(*cal != NULL);
	if (!*cal)
		return NULL;
	CHECK_INT(icalcomponent_count_errors(*cal), 0);
	CHECK(icalcomponent_get_method(*cal) == method);
	return icalcomponent_get_first_component(*cal, ICAL_VEVENT_COMPONENT);
}

static icalcomponent *
parsed_event(const char *ics, icalcomponent **cal)
{
	return parsed_method(ics, cal, ICAL_METHOD_PUBLISH);
}

static int64_t
utc_in_file(icalcomponent *cal, icalproperty *p)
{
	icalcomponent *vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	if (!vtz || !tzid || strcmp(icalparameter_get_tzid(tzid), EVENTS_TZ) != 0)
		return -1;
	icaltimezone *z = icaltimezone_new();
	icaltimezone_set_component(z, icalcomponent_new_clone(vtz));
	struct icaltimetype t = icalvalue_get_datetime(icalproperty_get_value(p));
	int64_t u = (int64_t)icaltime_as_timet_with_zone(t, z);
	icaltimezone_free(z, 1);
	return u;
}

void
test_events_ics(void)
{
	struct arena a;
	arena_init(&a);
	struct keys k;
	randombytes_buf(&k, sizeof(k));
	static const int64_t starts[] = { 1800010800, 1814436000 }; /* January, July 2027 */
	for (size_t i = 0; i < ARRAY_SIZE(starts); i++) {
		struct event e = good_event(1, 1);
		e.id = 42;
		e.title = "PTSS-groep Zqtitel";
		e.description = "Regel een\nRegel twee, met; tekens";
		e.starts_at = starts[i];
		e.ends_at = starts[i] + 5400;
		e.sequence = 3;
		struct ics_for f = { .base_url = "https://kring.example",
				     .recipient_name = "Sam de Boer",
				     .recipient_email = "sam@rijnstad.example",
				     .neutral_title = "Afspraak",
				     .where = "Zaal 4.12, Stadskantoor",
				     .now = 1799000000 };
		icalcomponent *cal;
		icalcomponent *ev = parsed_event(events_ics(&a, &k, &e, &f), &cal);
		CHECK(ev != NULL);
		if (!ev)
			continue;
		CHECK_STR(icalcomponent_get_uid(ev), events_uid(&a, &k, 42));
		CHECK_STR(icalcomponent_get_summary(ev), "PTSS-groep Zqtitel");
		CHECK_STR(icalcomponent_get_location(ev), "Zaal 4.12, Stadskantoor");
		CHECK_INT(icalcomponent_get_sequence(ev), 3);
		CHECK_INT(icaltime_as_timet(icalcomponent_get_dtstamp(ev)), 1799000000);
		icalproperty *cls = icalcomponent_get_first_property(ev, ICAL_CLASS_PROPERTY);
		CHECK(cls && icalproperty_get_class(cls) == ICAL_CLASS_PRIVATE);
		CHECK_INT(
		    utc_in_file(cal, icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY)),
		    starts[i]);
		CHECK_INT(
		    utc_in_file(cal, icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)),
		    starts[i] + 5400);
		CHECK_INT(icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY), 1);
		icalproperty *att = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
		CHECK(att &&
		      strcmp(icalproperty_get_attendee(att), "mailto:sam@rijnstad.example") == 0);
		CHECK(strstr(icalcomponent_get_description(ev), "Regel twee, met; tekens") != NULL);
		icalcomponent_free(cal);
		/* Neutral, for someone not registered: no attendee, the title only inside. */
		f.neutral = true;
		f.recipient_email = f.recipient_name = NULL;
		ev = parsed_event(events_ics(&a, &k, &e, &f), &cal);
		CHECK(ev != NULL);
		if (!ev)
			continue;
		CHECK_STR(icalcomponent_get_summary(ev), "Afspraak");
		CHECK(icalcomponent_get_first_property(ev, ICAL_LOCATION_PROPERTY) == NULL);
		CHECK(strstr(icalcomponent_get_description(ev), "PTSS-groep Zqtitel") != NULL);
		CHECK_INT(icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY), 0);
		CHECK_STR(icalcomponent_get_uid(ev), events_uid(&a, &k, 42)); /* the same entry */
		icalcomponent_free(cal);
	}
	arena_release(&a);
}

/* The awareness calendar: the built-in rules give the dates of the notes (2025 and 2026), a
 * confirmed date beats the rule, a day set by its organiser reads "to be confirmed" until
 * then, a week that spans the turn of a year is found, and a rule Kring cannot expand every
 * year is refused. */
void
test_events_awareness(void)
{
	static const struct {
		const char *rrule;
		int year, month, day;
	} cases[] = {
		{ "FREQ=YEARLY;BYMONTH=10;BYDAY=1MO", 2026, 10,
		  5 }, /* Week van de Toegankelijkheid */
		{ "FREQ=YEARLY;BYMONTH=5;BYDAY=3TH", 2026, 5, 21 }, /* GAAD */
		{ "FREQ=YEARLY;BYMONTH=3;BYDAY=3MO", 2025, 3, 17 }, /* Neurodiversity week */
		{ "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3", 2026, 12,
		  3 },						   /* persons with disabilities */
		{ "FREQ=YEARLY;BYMONTH=6;BYDAY=1MO", 2025, 6, 2 }, /* Week van de Mentale G. */
		{ "FREQ=YEARLY;BYMONTH=9;BYDAY=MO;BYMONTHDAY=18,19,20,21,22,23,24", 2026, 9, 21 },
		{ "FREQ=YEARLY;BYMONTH=9;BYDAY=MO;BYMONTHDAY=18,19,20,21,22,23,24", 2025, 9, 22 },
		{ "FREQ=YEARLY;BYMONTH=10;BYDAY=1TU", 2026, 10, 6 }, /* Diversity Day */
		{ "FREQ=YEARLY;BYMONTH=2;BYDAY=-1SA", 2026, 2, 28 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int m = 0, d = 0;
		CHECK(awareness_rule_date(cases[i].rrule, cases[i].year, &m, &d));
		if (m != cases[i].month || d != cases[i].day)
			fprintf(stderr, "    %s in %d: %d-%d\n", cases[i].rrule, cases[i].year, m,
				d);
		CHECK(m == cases[i].month && d == cases[i].day);
	}
	int m, d;
	CHECK(!awareness_rule_date("FREQ=WEEKLY;BYDAY=MO", 2026, &m, &d));
	CHECK(!awareness_rule_date("FREQ=YEARLY;COUNT=1;BYMONTH=1", 2026, &m, &d));
	CHECK(!awareness_rule_date("nonsense", 2026, &m, &d));
	struct arena a;
	arena_init(&a);
	CHECK_STR(awareness_rule_make(&a, 10, 10, 0, 0), "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=10");
	CHECK_STR(awareness_rule_make(&a, 9, 0, -1, 6), "FREQ=YEARLY;BYMONTH=9;BYDAY=-1SU");
	CHECK(awareness_rule_make(&a, 13, 1, 0, 0) == NULL);
	CHECK(awareness_rule_make(&a, 1, 1, 5, 0) == NULL);
	struct event_problem p[8];
	struct awareness_day bad = { .name = "",
				     .rrule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
				     .days = 15 };
	CHECK(awareness_check(&bad, p) == 3); /* no name, no 30 February, too long */
	arena_release(&a);

	struct tempdb t;
	if (!tempdb_open(&t))
		return;
	struct awareness_day *days;
	size_t n;
	CHECK(awareness_days(t.c, &t.a, &days, &n) == KR_OK);
	CHECK(n >= 10); /* the built-in calendar of migration 0025 */
	/* 2026-11-25 12:00 UTC, 8 weeks: the 3rd of December and Dag van de Mantelzorg are in,
	 * the Week van de Toegankelijkheid is not. */
	int64_t now = 1795608000;
	struct awareness_when *w;
	CHECK(awareness_upcoming(t.c, &t.a, now, 8, &w, &n) == KR_OK);
	bool dec3 = false, oct = false;
	for (size_t i = 0; i < n; i++) {
		dec3 = dec3 || (w[i].first.month == 12 && w[i].first.day == 3);
		oct = oct || w[i].first.month == 10;
		if (i)
			CHECK(w[i - 1].first.month <= w[i].first.month ||
			      w[i - 1].first.year < w[i].first.year);
	}
	CHECK(dec3 && !oct);
	/* A day set by its organiser: "to be confirmed", then the confirmed date. */
	struct awareness_day own = { .name = "Eigen week",
				     .rrule = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=28",
				     .days = 7,
				     .organiser_sets = true };
	CHECK(awareness_day_save(t.c, &own) == KR_OK && own.id > 0);
	struct awareness_when ow;
	CHECK(awareness_in_year(t.c, &t.a, &own, 2026, &ow) == KR_OK);
	CHECK(ow.to_confirm && ow.first.day == 28 && ow.last.year == 2027 && ow.last.day == 3);
	CHECK(awareness_confirm(t.c, own.id, 2026, "2027-01-02") == KR_EINVAL); /* not in 2026 */
	CHECK(awareness_confirm(t.c, own.id, 2026, "2026-02-30") == KR_EINVAL);
	CHECK(awareness_confirm(t.c, own.id, 2026, "2026-12-27") == KR_OK);
	CHECK(awareness_in_year(t.c, &t.a, &own, 2026, &ow) == KR_OK);
	CHECK(!ow.to_confirm && ow.first.day == 27);
	struct awareness_day twice = own;
	twice.id = 0;
	CHECK(awareness_day_save(t.c, &twice) == KR_ECONFLICT); /* the same name */
	CHECK(awareness_day_delete(t.c, own.id) == KR_OK);
	CHECK(awareness_day_delete(t.c, own.id) == KR_ENOTFOUND);
	int64_t weeks = 0;
	CHECK(org_create(t.c, "Gemeente", "") == KR_OK);
	CHECK(awareness_weeks(t.c, &weeks) == KR_OK && weeks == 8);
	CHECK(awareness_weeks_set(t.c, 27) == KR_EINVAL);
	CHECK(awareness_weeks_set(t.c, 12) == KR_OK);
	CHECK(awareness_weeks(t.c, &weeks) == KR_OK && weeks == 12);
	tempdb_close(&t);
}

/* One message of the outbox. */
struct sent {
	const char *to, *subject, *body, *calendar;
};

/* The messages after id `after`, oldest first; *last gets the newest id. */
static size_t
outbox_after(struct tempdb *t, int64_t after, struct sent *out, size_t max, int64_t *last)
{
	struct db_stmt *st = db_prepare(t->c, "SELECT id, to_addr, subject, body,"
					      " coalesce(calendar, '') FROM outbox WHERE id > ?"
					      " ORDER BY id");
	size_t n = 0;
	if (!st)
		return 0;
	db_bind_int(st, 1, after);
	while (db_row(st)) {
		*last = db_col_int(st, 0);
		if (n < max)
			out[n++] = (struct sent){ arena_strdup(&t->a, db_col_text(st, 1)),
						  arena_strdup(&t->a, db_col_text(st, 2)),
						  arena_strdup(&t->a, db_col_text(st, 3)),
						  arena_strdup(&t->a, db_col_text(st, 4)) };
	}
	CHECK(db_done(st) == KR_OK);
	return n;
}

/* An invitation's calendar: method, UID, SEQUENCE, the organiser, CLASS:PRIVATE, and its
 * recipient as the only attendee; the VEVENT (free with *cal). */
static icalcomponent *
check_invitation(struct arena *a, const struct keys *k, const struct sent *m, int64_t event_id,
		 icalproperty_method method, int sequence, icalcomponent **cal)
{
	icalcomponent *ev = parsed_method(m->calendar, cal, method);
	CHECK(ev != NULL);
	if (!ev)
		return NULL;
	CHECK_STR(icalcomponent_get_uid(ev), events_uid(a, k, event_id));
	CHECK_INT(icalcomponent_get_sequence(ev), sequence);
	icalproperty *org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	CHECK(org && strcmp(icalproperty_get_organizer(org), "mailto:kring@rijnstad.example") == 0);
	icalproperty *cls = icalcomponent_get_first_property(ev, ICAL_CLASS_PROPERTY);
	CHECK(cls && icalproperty_get_class(cls) == ICAL_CLASS_PRIVATE);
	CHECK_INT(icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY), 1);
	icalproperty *att = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	CHECK(att &&
	      strcmp(icalproperty_get_attendee(att), arena_printf(a, "mailto:%s", m->to)) == 0);
	if (method == ICAL_METHOD_CANCEL)
		CHECK(icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED);
	return ev;
}

/* No other account's address in a message (header, text or calendar). */
static void
check_only_recipient(const struct fixture *f, const struct sent *m, size_t naccounts)
{
	for (size_t i = 0; i < naccounts; i++) {
		char email[64];
		snprintf(email, sizeof(email), "p%zu@rijnstad.example", i);
		if (strcmp(email, m->to) == 0)
			continue;
		CHECK(strstr(m->body, email) == NULL);
		CHECK(strstr(m->calendar, email) == NULL);
		CHECK(strstr(m->subject, email) == NULL);
	}
}

/* The invitations: registering (REQUEST), a neutral title, the waiting list (none), a change
 * of time (REQUEST with a higher SEQUENCE, saying what changed), cancelling one's own (CANCEL,
 * the same UID) and the promotion (REQUEST), the event cancelled (CANCEL to the confirmed).
 * Every one names its recipient alone. Erasure drops the account's pending ones. */
void
test_events_invitations(void)
{
	struct fixture f;
	if (!fixture_open(&f, 3))
		return;
	struct tempdb *t = &f.t;
	int64_t now = 1999000000, last = 0;
	struct event e = good_event(f.net, f.room);
	e.title = "PTSS-groep Zqinv";
	e.capacity_site = 1;
	e.online = true;
	e.capacity_online = 1;
	e.meeting_url = "https://meet.example/zqlink";
	CHECK(events_save(t->c, &t->k, &e, &test_mail, now) == KR_OK);
	struct sent m[8];
	CHECK_INT(outbox_after(t, 0, m, 8, &last), 0);
	struct registration r;
	enum reg_refusal why;
	struct reg_choice site = { PLACE_SITE, false, false };
	struct reg_choice online_neutral = { PLACE_ONLINE, false, true };
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[0], &site, &test_mail, now, &r,
			      &why) == KR_OK &&
	      r.state == REG_CONFIRMED && !r.neutral);
	icalcomponent *cal, *ev;
	size_t n = outbox_after(t, last, m, 8, &last);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(m[0].to, "p0@rijnstad.example");
		CHECK_STR(m[0].subject, "Invitation: PTSS-groep Zqinv");
		CHECK(strstr(m[0].body, "zqlink") == NULL); /* on site: no meeting link */
		if ((ev = check_invitation(&t->a, &t->k, &m[0], e.id, ICAL_METHOD_REQUEST, 0,
					   &cal))) {
			CHECK_STR(icalcomponent_get_summary(ev), "PTSS-groep Zqinv");
			CHECK_STR(icalcomponent_get_location(ev), "Zaal 4.12, Stadskantoor");
			CHECK(strstr(m[0].calendar, "zqlink") == NULL);
		}
		icalcomponent_free(cal);
	}
	/* Waiting: no invitation (nothing in the calendar yet). */
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[1], &site, &test_mail, now, &r,
			      &why) == KR_OK &&
	      r.state == REG_WAITING);
	CHECK_INT(outbox_after(t, last, m, 8, &last), 0);
	/* A neutral title: in the subject and the summary; the details only in the description,
	 * the meeting link for a place online. */
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[2], &online_neutral, &test_mail, now,
			      &r, &why) == KR_OK &&
	      r.state == REG_CONFIRMED && r.neutral);
	n = outbox_after(t, last, m, 8, &last);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(m[0].subject, "Invitation: Appointment");
		if ((ev = check_invitation(&t->a, &t->k, &m[0], e.id, ICAL_METHOD_REQUEST, 0,
					   &cal))) {
			CHECK_STR(icalcomponent_get_summary(ev), "Appointment");
			CHECK(icalcomponent_get_first_property(ev, ICAL_LOCATION_PROPERTY) == NULL);
			const char *d = icalcomponent_get_description(ev);
			CHECK(d && strstr(d, "PTSS-groep Zqinv") && strstr(d, "zqlink"));
			CHECK(strstr(m[0].calendar, "Neurokring") == NULL);
		}
		icalcomponent_free(cal);
	}
	struct registration mine;
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[2], &mine) == KR_OK &&
	      mine.neutral);

	/* A new time: every registrant hears it; the confirmed with SEQUENCE 1. */
	struct event back;
	CHECK(events_get(t->c, &t->a, e.id, &back) == KR_OK);
	back.starts_at += 3600;
	back.ends_at += 3600;
	CHECK(events_save(t->c, &t->k, &back, &test_mail, now) == KR_OK);
	n = outbox_after(t, last, m, 8, &last);
	CHECK_INT(n, 3);
	for (size_t i = 0; i < n; i++) {
		CHECK(strstr(m[i].body, "New time:") && strstr(m[i].body, "Before:"));
		check_only_recipient(&f, &m[i], 3);
		if (strcmp(m[i].to, "p1@rijnstad.example") == 0) {
			CHECK_STR(m[i].calendar, ""); /* waiting: the text only */
			continue;
		}
		check_invitation(&t->a, &t->k, &m[i], e.id, ICAL_METHOD_REQUEST, 1, &cal);
		icalcomponent_free(cal);
	}
	/* A new title alone: nobody is told. */
	CHECK(events_get(t->c, &t->a, e.id, &back) == KR_OK);
	back.title = "PTSS-groep Zqinv twee";
	CHECK(events_save(t->c, &t->k, &back, &test_mail, now) == KR_OK);
	CHECK_INT(outbox_after(t, last, m, 8, &last), 0);

	/* Cancelling one's own: CANCEL with the same UID; the next in line gets a REQUEST. */
	CHECK(events_cancel(t->c, &t->k, &t->a, e.id, f.acc[0], &test_mail, now) == KR_OK);
	n = outbox_after(t, last, m, 8, &last);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(m[0].to, "p0@rijnstad.example");
		check_invitation(&t->a, &t->k, &m[0], e.id, ICAL_METHOD_CANCEL, 2, &cal);
		icalcomponent_free(cal);
		CHECK_STR(m[1].to, "p1@rijnstad.example");
		CHECK(strncmp(m[1].subject, "You have a place: ", 18) == 0);
		check_invitation(&t->a, &t->k, &m[1], e.id, ICAL_METHOD_REQUEST, 2, &cal);
		icalcomponent_free(cal);
	}
	/* The event cancelled: CANCEL to each confirmed, with a higher SEQUENCE. */
	CHECK(events_get(t->c, &t->a, e.id, &back) == KR_OK);
	back.state = EVENT_CANCELLED;
	CHECK(events_save(t->c, &t->k, &back, &test_mail, now) == KR_OK);
	n = outbox_after(t, last, m, 8, &last);
	CHECK_INT(n, 2);
	for (size_t i = 0; i < n; i++) {
		check_only_recipient(&f, &m[i], 3);
		check_invitation(&t->a, &t->k, &m[i], e.id, ICAL_METHOD_CANCEL, 3, &cal);
		icalcomponent_free(cal);
	}
	/* Without a sending address: no invitation, and no e-mail only to say one registered. */
	struct event e2 = good_event(f.net, f.room);
	CHECK(events_save(t->c, &t->k, &e2, NULL, now) == KR_OK);
	CHECK(events_register(t->c, &t->k, &t->a, e2.id, f.acc[0], &site, NULL, now, &r, &why) ==
	      KR_OK);
	CHECK_INT(outbox_after(t, last, m, 8, &last), 0);

	/* The default for a neutral title, and a subgroup meeting's. */
	bool pref = true;
	CHECK(events_neutral_pref(t->c, f.acc[0], &pref) == KR_OK && !pref);
	CHECK(events_neutral_pref_set(t->c, f.acc[0], true) == KR_OK);
	CHECK(events_neutral_pref(t->c, f.acc[0], &pref) == KR_OK && pref);
	CHECK(events_neutral_pref_set(t->c, f.acc[0], false) == KR_OK);
	CHECK(events_neutral_pref(t->c, f.acc[0], &pref) == KR_OK && !pref);
	CHECK(events_neutral_pref_set(t->c, f.acc[0], true) == KR_OK);
	CHECK(!events_neutral_default(&e2, false));
	CHECK(events_neutral_default(&e2, true));
	e2.kind = "subgroup";
	CHECK(events_neutral_default(&e2, false));
	/* Erasure takes the default with it. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(events_erase_account(t->c, &t->k, f.acc[0]) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(events_neutral_pref(t->c, f.acc[0], &pref) == KR_OK && !pref);
	tempdb_close(t);
}

/* Feeds: a renewed token replaces the old, a token of the wrong shape or made up is none, the
 * person's feed holds their confirmed registrations only (neutral as chosen, no attendee), the
 * network's its events for the whole organisation (a subgroup meeting neutral). */
void
test_events_feeds(void)
{
	struct fixture f;
	if (!fixture_open(&f, 2))
		return;
	struct tempdb *t = &f.t;
	int64_t now = time_now();
	char tok[EVENTS_FEED_TOKEN_LEN + 1], tok2[EVENTS_FEED_TOKEN_LEN + 1];
	int64_t acc = -1, net = -1, since = -1;
	CHECK(events_feed_renew(t->c, 0, 0, tok, now) == KR_EINVAL);
	CHECK(events_feed_since(t->c, f.acc[0], 0, &since) == KR_OK && since == 0);
	CHECK(events_feed_renew(t->c, f.acc[0], 0, tok, now) == KR_OK);
	CHECK_INT(strlen(tok), EVENTS_FEED_TOKEN_LEN);
	CHECK(events_feed_since(t->c, f.acc[0], 0, &since) == KR_OK && since == now);
	CHECK(events_feed_owner(t->c, tok, &acc, &net) == KR_OK && acc == f.acc[0] && net == 0);
	CHECK(events_feed_renew(t->c, f.acc[0], 0, tok2, now) == KR_OK && strcmp(tok, tok2) != 0);
	CHECK(events_feed_owner(t->c, tok, &acc, &net) == KR_ENOTFOUND);
	CHECK(events_feed_owner(t->c, tok2, &acc, &net) == KR_OK && acc == f.acc[0]);
	CHECK(events_feed_owner(t->c, "short", &acc, &net) == KR_ENOTFOUND);
	CHECK(events_feed_owner(t->c, NULL, &acc, &net) == KR_ENOTFOUND);
	CHECK(events_feed_renew(t->c, 0, f.net, tok, now) == KR_OK);
	CHECK(events_feed_owner(t->c, tok, &acc, &net) == KR_OK && acc == 0 && net == f.net);

	struct event open = good_event(f.net, f.room), sub = good_event(f.net, f.room);
	open.starts_at = now + 86400 * 10, open.ends_at = open.starts_at + 3600;
	open.deadline = open.starts_at - 3600;
	open.title = "Zqopenfeed";
	sub.starts_at = open.starts_at, sub.ends_at = open.ends_at, sub.deadline = open.deadline;
	sub.kind = "subgroup";
	sub.title = "Zqsubfeed";
	CHECK(events_save(t->c, &t->k, &open, NULL, now) == KR_OK);
	CHECK(events_save(t->c, &t->k, &sub, NULL, now) == KR_OK);
	struct registration r;
	enum reg_refusal why;
	struct reg_choice plain = { PLACE_SITE, false, false },
			  neutral = { PLACE_SITE, false, true };
	CHECK(events_register(t->c, &t->k, &t->a, sub.id, f.acc[0], &neutral, NULL, now, &r,
			      &why) == KR_OK);
	CHECK(events_register(t->c, &t->k, &t->a, open.id, f.acc[1], &plain, NULL, now, &r, &why) ==
	      KR_OK);
	char *ics = NULL;
	CHECK(events_feed_account(t->c, &t->k, &t->a, f.acc[0], "https://k.example", &ics) ==
	      KR_OK);
	icalcomponent *cal = ics ? icalparser_parse_string(ics) : NULL;
	CHECK(cal != NULL);
	if (cal) {
		CHECK_INT(icalcomponent_count_errors(cal), 0);
		CHECK_INT(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
		icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
		CHECK(ev && strcmp(icalcomponent_get_summary(ev), "Appointment") == 0);
		CHECK(ev && icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY) == 0);
		icalcomponent_free(cal);
	}
	CHECK(ics && strstr(ics, "Zqopenfeed") == NULL);
	CHECK(events_feed_network(t->c, &t->k, &t->a, f.net, NULL, &ics) == KR_OK);
	CHECK(ics && strstr(ics, "SUMMARY:Zqopenfeed") && strstr(ics, "SUMMARY:Appointment") &&
	      !strstr(ics, "SUMMARY:Zqsubfeed"));
	/* Erasure ends the person's feed. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(events_erase_account(t->c, &t->k, f.acc[0]) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(events_feed_owner(t->c, tok2, &acc, &net) == KR_ENOTFOUND);
	tempdb_close(t);
}

/* Access needs: the bounds of the own words, a registration's needs sealed and counted per
 * place for the organisers (the waiting list apart), the profile, a key rotation, retention
 * and erasure. */
void
test_events_needs(void)
{
	struct fixture f;
	if (!fixture_open(&f, 4))
		return;
	struct tempdb *t = &f.t;
	char words[4 * NEEDS_OTHER_MAX + 2];
	memset(words, 'x', NEEDS_OTHER_MAX);
	words[NEEDS_OTHER_MAX] = '\0';
	CHECK(needs_check(&(struct access_needs){ 1, words }) == NULL);
	words[NEEDS_OTHER_MAX] = 'x';
	words[NEEDS_OTHER_MAX + 1] = '\0';
	CHECK(needs_check(&(struct access_needs){ 1, words }) != NULL);
	for (size_t i = 0; i < NEEDS_OTHER_MAX; i++)
		memcpy(words + 2 * i, "\xc3\xa9", 2); /* é: one character of two bytes */
	words[2 * NEEDS_OTHER_MAX] = '\0';
	CHECK(needs_check(&(struct access_needs){ 0, words }) == NULL);
	CHECK(needs_check(&(struct access_needs){ 0, "a\x01" }) != NULL);
	CHECK(needs_check(&(struct access_needs){ 1u << NEED_COUNT, "" }) != NULL);
	CHECK(needs_code("captions") == NEED_CAPTIONS && needs_code("other") == -1 &&
	      needs_code("") == -1);

	int64_t now = 1999000000;
	struct event e = good_event(f.net, f.room);
	e.capacity_site = 2;
	e.online = true;
	e.capacity_online = 5;
	e.meeting_url = "https://meet.example/x";
	CHECK(events_save(t->c, &t->k, &e, NULL, now) == KR_OK);
	const struct access_needs quiet = { (1u << NEED_QUIET) | (1u << NEED_CAPTIONS),
					    "Zqwoorden een" };
	const struct access_needs captions = { 1u << NEED_CAPTIONS, "" };
	struct registration r[4];
	enum reg_refusal why;
	const struct reg_choice choices[4] = {
		{ PLACE_SITE, false, false, &quiet },
		{ PLACE_ONLINE, false, false, &captions },
		{ PLACE_SITE, false, false, NULL },
		{ PLACE_SITE, false, false, &captions }, /* waits: two places on site */
	};
	for (int i = 0; i < 4; i++)
		CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[i], &choices[i], NULL, now,
				      &r[i], &why) == KR_OK);
	CHECK(r[3].state == REG_WAITING);
	/* Refused needs register nothing. */
	struct registration bad;
	CHECK(events_register(t->c, &t->k, &t->a, e.id, f.acc[2],
			      &(struct reg_choice){ PLACE_SITE, false, false,
						    &(struct access_needs){ 1u << 20, "" } },
			      NULL, now, &bad, &why) == KR_EINVAL &&
	      why == REFUSE_NEEDS);
	struct needs_summary s;
	CHECK(needs_summary(t->c, &t->k, &t->a, e.id, &s) == KR_OK);
	CHECK_INT(s.with_needs, 2);
	CHECK_INT(s.waiting_with_needs, 1);
	CHECK_INT(s.site[NEED_CAPTIONS], 1);
	CHECK_INT(s.online[NEED_CAPTIONS], 1);
	CHECK_INT(s.site[NEED_QUIET], 1);
	CHECK_INT(s.online[NEED_QUIET], 0);
	CHECK(s.nothers == 1 && strcmp(s.others[0], "Zqwoorden een") == 0);
	CHECK(needs_mark(t->c, e.id, "quiet", true) == KR_OK);
	CHECK(needs_mark(t->c, e.id, "other", true) == KR_OK);
	CHECK(needs_mark(t->c, e.id, "nonsense", true) == KR_EINVAL);
	CHECK(needs_summary(t->c, &t->k, &t->a, e.id, &s) == KR_OK);
	CHECK(s.done[NEED_QUIET] && !s.done[NEED_CAPTIONS] && s.other_done);
	/* The profile. */
	struct access_needs got;
	bool found;
	CHECK(needs_profile_get(t->c, &t->k, &t->a, f.acc[0], &got, &found) == KR_OK && !found);
	CHECK(needs_profile_set(t->c, &t->k, &t->a, f.acc[0], &quiet) == KR_OK);
	CHECK(needs_profile_get(t->c, &t->k, &t->a, f.acc[0], &got, &found) == KR_OK && found &&
	      got.mask == quiet.mask && strcmp(got.other, quiet.other) == 0);
	CHECK(needs_profile_get(t->c, &t->k, &t->a, f.acc[1], &got, &found) == KR_OK && !found);
	/* Nothing about the needs in the clear in a copy of the database. */
	size_t rawn;
	char *raw = tempdb_raw(t, &rawn);
	if (raw) {
		CHECK(!contains(raw, rawn, "Zqwoorden", 9));
		free(raw);
	}
	/* A rotation: both open under the fresh keys only. */
	struct keys fresh = t->k;
	randombytes_buf(fresh.data, sizeof(fresh.data));
	randombytes_buf(fresh.lookup, sizeof(fresh.lookup));
	int64_t count;
	CHECK(db_begin(t->c) == KR_OK);
	/* The feature's hook: 4 registrations, 3 of them with needs, and 1 profile. */
	CHECK(events_rekey(t->c, &t->k, &fresh, &count) == KR_OK && count == 8);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(needs_profile_get(t->c, &fresh, &t->a, f.acc[0], &got, &found) == KR_OK && found &&
	      got.mask == quiet.mask);
	CHECK(needs_of_registration(t->c, &fresh, &t->a, &r[0], &got, &found) == KR_OK && found &&
	      strcmp(got.other, "Zqwoorden een") == 0);
	CHECK(needs_of_registration(t->c, &t->k, &t->a, &r[0], &got, &found) != KR_OK);
	t->k = fresh;
	/* Cancelling takes the needs along; the one who waited gets the place, needs and all. */
	CHECK(events_cancel(t->c, &t->k, &t->a, e.id, f.acc[0], NULL, now) == KR_OK);
	CHECK(needs_summary(t->c, &t->k, &t->a, e.id, &s) == KR_OK);
	CHECK_INT(s.with_needs, 2);
	CHECK_INT(s.waiting_with_needs, 0);
	CHECK_INT(s.site[NEED_QUIET], 0);
	/* Retention: kept through keep_days after the end, then erased with the marks. */
	int64_t keep, erased;
	CHECK(needs_keep_days(t->c, &keep) == KR_OK && keep == 30);
	CHECK(needs_keep_days_set(t->c, 31) == KR_EINVAL &&
	      needs_keep_days_set(t->c, -1) == KR_EINVAL);
	CHECK(needs_keep_days_set(t->c, 3) == KR_OK && needs_keep_days(t->c, &keep) == KR_OK &&
	      keep == 3);
	CHECK(needs_retention_erase(t->c, e.ends_at + 2 * 86400, 3, &erased) == KR_OK &&
	      erased == 0);
	CHECK(needs_retention_erase(t->c, e.ends_at + 4 * 86400, 3, &erased) == KR_OK &&
	      erased == 2);
	CHECK(needs_summary(t->c, &t->k, &t->a, e.id, &s) == KR_OK);
	CHECK(s.with_needs == 0 && !s.done[NEED_QUIET] && !s.other_done);
	CHECK(events_registration_of(t->c, &t->k, &t->a, e.id, f.acc[1], &r[1]) == KR_OK);
	/* Erasing the account erases the profile. */
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(events_erase_account(t->c, &t->k, f.acc[0]) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(needs_profile_get(t->c, &t->k, &t->a, f.acc[0], &got, &found) == KR_OK && !found);
	tempdb_close(t);
}

/* docs/ACCESS-NEEDS.md shows the one table of needs that pull against each other: each row
 * of needs_conflicts, with the labels of its two needs and its advice, and no other row. */
void
test_events_needs_doc(void)
{
	size_t n;
	char *doc = file_read_all("docs/ACCESS-NEEDS.md", 1u << 20, &n);
	CHECK(doc != NULL);
	if (!doc)
		return;
	/* The advice is written on one line in the table. */
	size_t rows = 0;
	for (char *p = doc; (p = strstr(p, "\n| ")); p++)
		rows++;
	CHECK_INT(rows, needs_nconflicts + 1); /* and the heading */
	for (size_t i = 0; i < needs_nconflicts; i++) {
		const struct needs_conflict *c = &needs_conflicts[i];
		char *row = strstr(doc, c->advice);
		CHECK(row != NULL);
		if (!row)
			continue;
		char *start = row;
		while (start > doc && start[-1] != '\n')
			start--;
		size_t len = (size_t)(row - start);
		char *a = strstr(start, access_needs_list[c->a].label);
		char *b = strstr(start, access_needs_list[c->b].label);
		CHECK(a && b && (size_t)(a - start) < len && (size_t)(b - start) < len);
	}
	free(doc);
}
