// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of rooms, events and registrations. No statement here joins a registration
 * to an account: the link exists only inside the sealed payload. */
#include "app/events/events.h"
#include "base/log.h"

static const char *const place_names[] = { "site", "online" };
static const char *const reg_state_names[] = { "confirmed", "waiting" };

static enum reg_place
place_of(const char *s)
{
	return strcmp(s, "online") == 0 ? PLACE_ONLINE : PLACE_SITE;
}

static enum reg_state
reg_state_of(const char *s)
{
	return strcmp(s, "waiting") == 0 ? REG_WAITING : REG_CONFIRMED;
}

int
events_store_room_insert(struct db_conn *c, const struct room *r, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO room (site_id, name, step_free, accessible_toilet, hearing_loop,"
	       " quiet_room, disabled_parking) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, r->site_id);
	db_bind_text(st, 2, r->name);
	db_bind_int(st, 3, r->step_free);
	db_bind_int(st, 4, r->accessible_toilet);
	db_bind_int(st, 5, r->hearing_loop);
	db_bind_int(st, 6, r->quiet_room);
	db_bind_int(st, 7, r->disabled_parking);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

int
events_store_rooms(struct db_conn *c, struct arena *a, int64_t id, struct room **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "SELECT room.id, site_id, room.name, site.name, step_free, accessible_toilet,"
	    " hearing_loop, quiet_room, disabled_parking FROM room JOIN site ON site.id = site_id"
	    " WHERE ? = 0 OR room.id = ? ORDER BY site.name, room.name");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct room), 16, 0);
	while (db_row(st)) {
		*ARENA_VEC_PUSH(&vec, struct room) = (struct room){
			.id = db_col_int(st, 0),
			.site_id = db_col_int(st, 1),
			.name = arena_strdup(a, db_col_text(st, 2)),
			.site_name = arena_strdup(a, db_col_text(st, 3)),
			.step_free = db_col_int(st, 4) == 1,
			.accessible_toilet = db_col_int(st, 5) == 1,
			.hearing_loop = db_col_int(st, 6) == 1,
			.quiet_room = db_col_int(st, 7) == 1,
			.disabled_parking = db_col_int(st, 8) == 1,
		};
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

static void
bind_event(struct db_stmt *st, const struct event *e)
{
	db_bind_int(st, 1, e->network_id);
	db_bind_text(st, 2, e->kind);
	db_bind_text(st, 3, e->title);
	db_bind_text(st, 4, e->description ? e->description : "");
	db_bind_text(st, 5, e->agenda ? e->agenda : "");
	db_bind_text(st, 6, e->speakers ? e->speakers : "");
	db_bind_int(st, 7, e->starts_at);
	db_bind_int(st, 8, e->ends_at);
	db_bind_int(st, 9, e->working_time);
	db_bind_text(st, 10, e->audience == AUDIENCE_MEMBERS ? "members" : "organisation");
	if (e->room_id)
		db_bind_int(st, 11, e->room_id);
	else
		db_bind_null(st, 11);
	db_bind_int(st, 12, e->online);
	db_bind_text(st, 13, e->meeting_url ? e->meeting_url : "");
	db_bind_int(st, 14, e->capacity_site);
	db_bind_int(st, 15, e->capacity_online);
	db_bind_int(st, 16, e->deadline);
	db_bind_text(st, 17, events_state_name(e->state));
	db_bind_int(st, 18, e->sequence);
	db_bind_int(st, 19, e->updated_at);
}

/* The awareness day an event is planned for, or NULL. */
static void
bind_day(struct db_stmt *st, int idx, int64_t day_id)
{
	if (day_id > 0)
		db_bind_int(st, idx, day_id);
	else
		db_bind_null(st, idx);
}

int
events_store_event_insert(struct db_conn *c, const struct event *e, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO event (network_id, kind, title, description, agenda, speakers,"
	       " starts_at, ends_at, working_time, audience, room_id, online, meeting_url,"
	       " capacity_site, capacity_online, deadline, state, sequence, updated_at, created_at,"
	       " awareness_day_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	       " ?, ?)");
	if (!st)
		return KR_EDB;
	bind_event(st, e);
	db_bind_int(st, 20, e->created_at);
	bind_day(st, 21, e->awareness_day_id);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
events_store_event_update(struct db_conn *c, const struct event *e, bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE event SET network_id = ?, kind = ?, title = ?, description = ?, agenda = ?,"
	       " speakers = ?, starts_at = ?, ends_at = ?, working_time = ?, audience = ?,"
	       " room_id = ?, online = ?, meeting_url = ?, capacity_site = ?, capacity_online = ?,"
	       " deadline = ?, state = ?, sequence = ?, updated_at = ?, awareness_day_id = ?"
	       " WHERE id = ?");
	if (!st)
		return KR_EDB;
	bind_event(st, e);
	bind_day(st, 20, e->awareness_day_id);
	db_bind_int(st, 21, e->id);
	if (db_run(st))
		return KR_EDB;
	*found = db_changes(c) == 1;
	return KR_OK;
}

int
events_store_events(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
		    int64_t from, bool with_drafts, bool members_too, size_t offset, size_t limit,
		    struct event **out, size_t *n)
{
	/* One event by its id (the primary key), or a list: of one network through the index
	 * (network_id, starts_at), of all through the index on starts_at. An event lasts at most
	 * EVENT_LENGTH_MAX, so the list starts that long before `from`, not at the first event
	 * ever held. */
	/* A list leaves out the long texts no list shows. */
#define EVENT_TEXTS "description, agenda, speakers,"
#define LIST_TEXTS  "'', '', '',"
#define EVENT_COLUMNS(texts)                                                                       \
	"SELECT event.id, network_id, event.kind, title, " texts " starts_at, ends_at,"            \
	" working_time, audience, coalesce(room_id, 0), online,"                                   \
	" meeting_url, capacity_site, capacity_online, deadline, state, sequence,"                 \
	" event.created_at, updated_at, network.slug, network.name,"                               \
	" coalesce(event.awareness_day_id, 0)"                                                     \
	" FROM event JOIN network ON network.id = network_id"
#define EVENT_FILTER                                                                               \
	" AND ends_at >= ? AND starts_at >= ? AND (? = 1 OR state <> 'draft')"                     \
	" AND (? = 1 OR audience = 'organisation') ORDER BY starts_at, event.id LIMIT ? OFFSET ?"
	struct db_stmt *st;
	int i = 1;
	if (id > 0) {
		st = db_prepare(c, EVENT_COLUMNS(EVENT_TEXTS) " WHERE event.id = ?");
		if (!st)
			return KR_EDB;
		db_bind_int(st, i, id);
	} else {
		st = network_id > 0
			 ? db_prepare(
			       c, EVENT_COLUMNS(LIST_TEXTS) " WHERE network_id = ?" EVENT_FILTER)
			 : db_prepare(c, EVENT_COLUMNS(LIST_TEXTS) " WHERE 1 = 1" EVENT_FILTER);
		if (!st)
			return KR_EDB;
		if (network_id > 0)
			db_bind_int(st, i++, network_id);
		db_bind_int(st, i++, from);
		db_bind_int(st, i++, from == INT64_MIN ? INT64_MIN : from - EVENT_LENGTH_MAX);
		db_bind_int(st, i++, with_drafts);
		db_bind_int(st, i++, members_too);
		db_bind_int(st, i++, (int64_t)limit);
		db_bind_int(st, i, (int64_t)offset);
	}
#undef EVENT_COLUMNS
#undef EVENT_TEXTS
#undef LIST_TEXTS
#undef EVENT_FILTER
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct event), 16, 0);
	while (db_row(st)) {
		struct event *e = ARENA_VEC_PUSH(&vec, struct event);
		*e = (struct event){
			.id = db_col_int(st, 0),
			.network_id = db_col_int(st, 1),
			.kind = arena_strdup(a, db_col_text(st, 2)),
			.title = arena_strdup(a, db_col_text(st, 3)),
			.description = arena_strdup(a, db_col_text(st, 4)),
			.agenda = arena_strdup(a, db_col_text(st, 5)),
			.speakers = arena_strdup(a, db_col_text(st, 6)),
			.starts_at = db_col_int(st, 7),
			.ends_at = db_col_int(st, 8),
			.working_time = db_col_int(st, 9) == 1,
			.audience = strcmp(db_col_text(st, 10), "members") == 0
					? AUDIENCE_MEMBERS
					: AUDIENCE_ORGANISATION,
			.room_id = db_col_int(st, 11),
			.online = db_col_int(st, 12) == 1,
			.meeting_url = arena_strdup(a, db_col_text(st, 13)),
			.capacity_site = db_col_int(st, 14),
			.capacity_online = db_col_int(st, 15),
			.deadline = db_col_int(st, 16),
			.sequence = db_col_int(st, 18),
			.created_at = db_col_int(st, 19),
			.updated_at = db_col_int(st, 20),
			.network_slug = arena_strdup(a, db_col_text(st, 21)),
			.network_name = arena_strdup(a, db_col_text(st, 22)),
			.awareness_day_id = db_col_int(st, 23),
		};
		if (!events_state_parse(db_col_text(st, 17), &e->state))
			e->state = EVENT_DRAFT;
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_event_ids(struct db_conn *c, struct arena *a, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT id FROM event ORDER BY id");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 64, 0);
	while (db_row(st)) {
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	}
	*ids = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_reg_insert(struct db_conn *c, int64_t event_id, const unsigned char lookup[32],
			enum reg_place place, enum reg_state state, const unsigned char *sealed,
			size_t len, int64_t *id)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO registration (event_id, lookup, place, state, sealed)"
			  " VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, event_id);
	db_bind_blob(st, 2, lookup, 32);
	db_bind_text(st, 3, place_names[place]);
	db_bind_text(st, 4, reg_state_names[state]);
	db_bind_blob(st, 5, sealed, len);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (id)
		*id = db_last_id(c);
	return KR_OK;
}

static void
read_reg_row(struct db_stmt *st, struct arena *a, struct reg_row *out)
{
	size_t n;
	const void *p = db_col_blob(st, 4, &n);
	unsigned char *copy = arena_alloc(a, n ? n : 1);
	if (n)
		memcpy(copy, p, n);
	*out = (struct reg_row){
		.id = db_col_int(st, 0),
		.event_id = db_col_int(st, 1),
		.place = place_of(db_col_text(st, 2)),
		.state = reg_state_of(db_col_text(st, 3)),
		.sealed = copy,
		.sealed_len = n,
	};
}

int
events_store_reg_get(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
		     struct reg_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT id, event_id, place, state, sealed FROM registration WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	*found = false;
	if (db_row(st)) {
		read_reg_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

int
events_store_reg_delete(struct db_conn *c, int64_t id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM registration WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st);
}

int
events_store_reg_count(struct db_conn *c, int64_t event_id, enum reg_place place,
		       enum reg_state state, int64_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT count(*) FROM registration WHERE event_id = ?"
					   " AND place = ? AND state = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, event_id);
	db_bind_text(st, 2, place_names[place]);
	db_bind_text(st, 3, reg_state_names[state]);
	*n = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
events_store_reg_counts(struct db_conn *c, int64_t event_id, struct reg_counts *out)
{
	struct db_stmt *st = db_prepare(c, "SELECT place, state, count(*) FROM registration"
					   " WHERE event_id = ? GROUP BY place, state");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, event_id);
	*out = (struct reg_counts){ 0 };
	while (db_row(st)) {
		bool online = place_of(db_col_text(st, 0)) == PLACE_ONLINE;
		bool waiting = reg_state_of(db_col_text(st, 1)) == REG_WAITING;
		int64_t *v = online ? (waiting ? &out->online_waiting : &out->online_confirmed)
				    : (waiting ? &out->site_waiting : &out->site_confirmed);
		*v = db_col_int(st, 2);
	}
	return db_done(st);
}

int
events_store_reg_first_waiting(struct db_conn *c, struct arena *a, int64_t event_id,
			       enum reg_place place, struct reg_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT id, event_id, place, state, sealed FROM registration WHERE event_id = ?"
	       " AND place = ? AND state = 'waiting' ORDER BY id LIMIT 1");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, event_id);
	db_bind_text(st, 2, place_names[place]);
	*found = false;
	if (db_row(st)) {
		read_reg_row(st, a, out);
		*found = true;
	}
	return db_done(st);
}

int
events_store_reg_confirm(struct db_conn *c, int64_t id)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE registration SET state = 'confirmed' WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st);
}

int
events_store_regs(struct db_conn *c, struct arena *a, int64_t event_id, bool confirmed_only,
		  struct reg_row **out, size_t *n)
{
	/* By event through the index (registration_event), or all of them (a key rotation): an
	 * "? = 0 OR event_id = ?" would read every registration for one event. */
	struct db_stmt *st =
	    event_id ? db_prepare(c, "SELECT id, event_id, place, state, sealed FROM registration"
				     " WHERE event_id = ? AND (? = 0 OR state = 'confirmed')"
				     " ORDER BY id")
		     : db_prepare(c, "SELECT id, event_id, place, state, sealed FROM registration"
				     " WHERE ? = 0 OR state = 'confirmed' ORDER BY id");
	if (!st)
		return KR_EDB;
	int col = 1;
	if (event_id)
		db_bind_int(st, col++, event_id);
	db_bind_int(st, col, confirmed_only);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct reg_row), 32, 0);
	while (db_row(st)) {
		read_reg_row(st, a, ARENA_VEC_PUSH(&vec, struct reg_row));
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_reg_replace(struct db_conn *c, int64_t id, const unsigned char lookup[32],
			 const unsigned char *sealed, size_t len)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE registration SET lookup = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	db_bind_blob(st, 2, sealed, len);
	db_bind_int(st, 3, id);
	return db_run(st);
}

int
events_store_retention(struct db_conn *c, int64_t before, int64_t *erased)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "DELETE FROM registration WHERE event_id IN (SELECT id FROM event WHERE ends_at < ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	int err = db_run(st);
	*erased = err ? 0 : db_changes(c);
	return err;
}

/* ---- awareness days (migration 0025) ---- */

static void
read_day(struct db_stmt *st, struct arena *a, struct awareness_day *d)
{
	d->id = db_col_int(st, 0);
	d->name = arena_strdup(a, db_col_text(st, 1));
	d->about = arena_strdup(a, db_col_text(st, 2));
	d->rrule = arena_strdup(a, db_col_text(st, 3));
	d->days = (int)db_col_int(st, 4);
	d->organiser_sets = db_col_int(st, 5) == 1;
}

int
events_store_days(struct db_conn *c, struct arena *a, int64_t id, struct awareness_day **out,
		  size_t *n)
{
	struct db_stmt *st =
	    id > 0 ? db_prepare(c, "SELECT id, name, about, rrule, days, organiser_sets"
				   " FROM awareness_day WHERE id = ?")
		   : db_prepare(c, "SELECT id, name, about, rrule, days, organiser_sets"
				   " FROM awareness_day ORDER BY name LIMIT 500");
	if (!st)
		return KR_EDB;
	if (id > 0)
		db_bind_int(st, 1, id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct awareness_day), 16, 500);
	while (db_row(st)) {
		struct awareness_day *d = arena_vec_push(&vec);
		if (d)
			read_day(st, a, d);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_day_save(struct db_conn *c, const struct awareness_day *d, int64_t *id, bool *found)
{
	struct db_stmt *st =
	    d->id ? db_prepare(c, "UPDATE awareness_day SET name = ?, about = ?, rrule = ?,"
				  " days = ?, organiser_sets = ? WHERE id = ?")
		  : db_prepare(c, "INSERT INTO awareness_day (name, about, rrule, days,"
				  " organiser_sets) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_text(st, 1, d->name);
	db_bind_text(st, 2, d->about);
	db_bind_text(st, 3, d->rrule);
	db_bind_int(st, 4, d->days);
	db_bind_int(st, 5, d->organiser_sets);
	if (d->id)
		db_bind_int(st, 6, d->id);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	*found = d->id ? db_changes(c) == 1 : true;
	if (!d->id && id)
		*id = db_last_id(c);
	return KR_OK;
}

int
events_store_day_delete(struct db_conn *c, int64_t id, bool *found)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM awareness_day WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	int err = db_run(st);
	*found = !err && db_changes(c) == 1;
	return err;
}

int
events_store_day_dates(struct db_conn *c, struct arena *a, int from_year, int to_year,
		       struct awareness_date **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT day_id, year, starts_on FROM awareness_date"
					   " WHERE year BETWEEN ? AND ? ORDER BY day_id, year");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, from_year);
	db_bind_int(st, 2, to_year);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct awareness_date), 16, 0);
	while (db_row(st)) {
		struct awareness_date *d = ARENA_VEC_PUSH(&vec, struct awareness_date);
		d->day_id = db_col_int(st, 0);
		d->year = (int)db_col_int(st, 1);
		snprintf(d->starts_on, sizeof(d->starts_on), "%s", db_col_text(st, 2));
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_day_date_set(struct db_conn *c, int64_t day_id, int year, const char *starts_on)
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM awareness_date WHERE day_id = ? AND year = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, day_id);
	db_bind_int(st, 2, year);
	int err = db_run(st);
	if (err || !starts_on || !*starts_on)
		return err;
	st = db_prepare(c, "INSERT INTO awareness_date (day_id, year, starts_on) VALUES (?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, day_id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, starts_on);
	return db_run(st);
}

int
events_store_awareness_weeks(struct db_conn *c, int64_t set, int64_t *weeks)
{
	struct db_stmt *st = set > 0 ? db_prepare(c, "UPDATE organisation SET awareness_weeks = ?")
				     : db_prepare(c, "SELECT awareness_weeks FROM organisation");
	if (!st)
		return KR_EDB;
	if (set > 0) {
		db_bind_int(st, 1, set);
		return db_run(st);
	}
	*weeks = db_row(st) ? db_col_int(st, 0) : 8;
	return db_done(st);
}

/* ---- the default for a neutral title (migration 0027) ---- */

int
events_store_neutral_pref(struct db_conn *c, int64_t account_id, int set, bool *neutral)
{
	struct db_stmt *st =
	    set >= 0 ? db_prepare(c, "INSERT INTO event_calendar_pref (account_id, neutral_title)"
				     " VALUES (?, ?) ON CONFLICT (account_id)"
				     " DO UPDATE SET neutral_title = excluded.neutral_title")
		     : db_prepare(c, "SELECT neutral_title FROM event_calendar_pref"
				     " WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	if (set >= 0) {
		db_bind_int(st, 2, set ? 1 : 0);
		return db_run(st);
	}
	*neutral = db_row(st) && db_col_int(st, 0) == 1;
	return db_done(st);
}

int
events_store_neutral_pref_delete(struct db_conn *c, int64_t account_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM event_calendar_pref WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return db_run(st);
}

/* ---- calendar feeds (migration 0027) ---- */

int
events_store_feed_replace(struct db_conn *c, int64_t account_id, int64_t network_id,
			  const unsigned char hash[32], int64_t now)
{
	struct db_stmt *st = account_id > 0
				 ? db_prepare(c, "DELETE FROM calendar_feed WHERE account_id = ?")
				 : db_prepare(c, "DELETE FROM calendar_feed WHERE network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id > 0 ? account_id : network_id);
	if (db_run(st))
		return KR_EDB;
	st = db_prepare(c, "INSERT INTO calendar_feed (token_hash, account_id, network_id,"
			   " created_at) VALUES (?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	if (account_id > 0)
		db_bind_int(st, 2, account_id);
	else
		db_bind_null(st, 2);
	if (network_id > 0)
		db_bind_int(st, 3, network_id);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, now);
	return db_run(st);
}

int
events_store_feed_find(struct db_conn *c, const unsigned char hash[32], int64_t *account_id,
		       int64_t *network_id, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT coalesce(account_id, 0), coalesce(network_id, 0)"
					   " FROM calendar_feed WHERE token_hash = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, hash, 32);
	*found = db_row(st);
	if (*found) {
		*account_id = db_col_int(st, 0);
		*network_id = db_col_int(st, 1);
	}
	return db_done(st);
}

int
events_store_feed_since(struct db_conn *c, int64_t account_id, int64_t network_id,
			int64_t *created_at)
{
	struct db_stmt *st =
	    account_id > 0
		? db_prepare(c, "SELECT created_at FROM calendar_feed WHERE account_id = ?")
		: db_prepare(c, "SELECT created_at FROM calendar_feed WHERE network_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id > 0 ? account_id : network_id);
	*created_at = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
events_store_feed_delete_account(struct db_conn *c, int64_t account_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM calendar_feed WHERE account_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, account_id);
	return db_run(st);
}

/* ---- access needs (migration 0030) ---- */

static const unsigned char *
blob_copy(struct db_stmt *st, int col, struct arena *a, size_t *len)
{
	const void *p = db_col_blob(st, col, len);
	unsigned char *copy = arena_alloc(a, *len ? *len : 1);
	if (*len)
		memcpy(copy, p, *len);
	return copy;
}

int
events_store_profile_get(struct db_conn *c, struct arena *a, const unsigned char lookup[32],
			 const unsigned char **sealed, size_t *len, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT sealed FROM access_profile WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	*found = db_row(st);
	if (*found)
		*sealed = blob_copy(st, 0, a, len);
	return db_done(st);
}

int
events_store_profile_put(struct db_conn *c, const unsigned char lookup[32],
			 const unsigned char *sealed, size_t len)
{
	struct db_stmt *st =
	    sealed ? db_prepare(c, "INSERT INTO access_profile (lookup, sealed) VALUES (?, ?)"
				   " ON CONFLICT (lookup) DO UPDATE SET sealed = excluded.sealed")
		   : db_prepare(c, "DELETE FROM access_profile WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	if (sealed)
		db_bind_blob(st, 2, sealed, len);
	return db_run(st);
}

int
events_store_profiles(struct db_conn *c, struct arena *a, struct profile_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(c, "SELECT lookup, sealed FROM access_profile");
	if (!st)
		return KR_EDB;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct profile_row), 16, 0);
	while (db_row(st)) {
		struct profile_row *p = ARENA_VEC_PUSH(&vec, struct profile_row);
		size_t len;
		const void *l = db_col_blob(st, 0, &len);
		if (len == 32)
			memcpy(p->lookup, l, 32);
		p->sealed = blob_copy(st, 1, a, &p->sealed_len);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_profile_replace(struct db_conn *c, const unsigned char old_lookup[32],
			     const unsigned char lookup[32], const unsigned char *sealed,
			     size_t len)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE access_profile SET lookup = ?, sealed = ? WHERE lookup = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	db_bind_blob(st, 2, sealed, len);
	db_bind_blob(st, 3, old_lookup, 32);
	return db_run(st);
}

int
events_store_needs(struct db_conn *c, struct arena *a, int64_t event_id, int64_t registration_id,
		   struct needs_row **out, size_t *n)
{
	/* One statement per case: an "? = 0 OR" would keep SQLite from the index and read every
	 * event's needs (bench/README.md). */
#define NEEDS_COLS                                                                                 \
	"SELECT n.registration_id, n.event_id, r.place, r.state, n.sealed FROM event_need n"       \
	" JOIN registration r ON r.id = n.registration_id"
	struct db_stmt *st =
	    registration_id ? db_prepare(c, NEEDS_COLS " WHERE n.registration_id = ?")
	    : event_id
		? db_prepare(c, NEEDS_COLS " WHERE n.event_id = ? ORDER BY n.registration_id")
		: db_prepare(c, NEEDS_COLS " ORDER BY n.registration_id");
#undef NEEDS_COLS
	if (!st)
		return KR_EDB;
	if (registration_id || event_id)
		db_bind_int(st, 1, registration_id ? registration_id : event_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct needs_row), 16, 0);
	while (db_row(st)) {
		struct needs_row *r = ARENA_VEC_PUSH(&vec, struct needs_row);
		r->registration_id = db_col_int(st, 0);
		r->event_id = db_col_int(st, 1);
		r->place = place_of(db_col_text(st, 2));
		r->state = reg_state_of(db_col_text(st, 3));
		r->sealed = blob_copy(st, 4, a, &r->sealed_len);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_needs_put(struct db_conn *c, int64_t registration_id, int64_t event_id,
		       const unsigned char *sealed, size_t len)
{
	struct db_stmt *st =
	    sealed ? db_prepare(c, "INSERT INTO event_need (registration_id, event_id, sealed)"
				   " VALUES (?, ?, ?) ON CONFLICT (registration_id)"
				   " DO UPDATE SET sealed = excluded.sealed")
		   : db_prepare(c, "DELETE FROM event_need WHERE registration_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, registration_id);
	if (sealed) {
		db_bind_int(st, 2, event_id);
		db_bind_blob(st, 3, sealed, len);
	}
	return db_run(st);
}

int
events_store_arrangements(struct db_conn *c, struct arena *a, int64_t event_id, const char ***codes,
			  size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT need FROM event_arrangement WHERE event_id = ? ORDER BY need");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, event_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(const char *), 8, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, const char *) = arena_strdup(a, db_col_text(st, 0));
	*codes = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_arrangement_set(struct db_conn *c, int64_t event_id, const char *code, bool done)
{
	struct db_stmt *st =
	    done ? db_prepare(c, "INSERT INTO event_arrangement (event_id, need) VALUES (?, ?)"
				 " ON CONFLICT (event_id, need) DO NOTHING")
		 : db_prepare(c, "DELETE FROM event_arrangement WHERE event_id = ? AND need = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, event_id);
	db_bind_text(st, 2, code);
	return db_run(st);
}

int
events_store_needs_keep_days(struct db_conn *c, int64_t set, int64_t *days)
{
	struct db_stmt *st = set >= 0 ? db_prepare(c, "UPDATE organisation SET needs_keep_days = ?")
				      : db_prepare(c, "SELECT needs_keep_days FROM organisation");
	if (!st)
		return KR_EDB;
	if (set >= 0) {
		db_bind_int(st, 1, set);
		return db_run(st);
	}
	*days = db_row(st) ? db_col_int(st, 0) : EVENTS_KEEP_DAYS;
	return db_done(st);
}

int
events_store_needs_retention(struct db_conn *c, int64_t before, int64_t *erased)
{
	struct db_stmt *st = db_prepare(
	    c, "DELETE FROM event_need WHERE event_id IN (SELECT id FROM event WHERE ends_at < ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	int err = db_run(st);
	*erased = err ? 0 : db_changes(c);
	if (err)
		return err;
	st = db_prepare(c, "DELETE FROM event_arrangement"
			   " WHERE event_id IN (SELECT id FROM event WHERE ends_at < ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	return db_run(st);
}

/* ---- feedback ---- */

int
events_store_feedback_add(struct db_conn *c, const struct feedback_row *f)
{
	struct db_stmt *st =
	    db_prepare(c, "INSERT INTO event_feedback (id, event_id, rating, accessible, sealed)"
			  " VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, f->id);
	db_bind_int(st, 2, f->event_id);
	db_bind_int(st, 3, f->rating);
	db_bind_text(st, 4, feedback_access_name(f->accessible));
	db_bind_blob(st, 5, f->sealed, f->sealed_len);
	return db_run(st);
}

int
events_store_feedback(struct db_conn *c, struct arena *a, int64_t event_id,
		      struct feedback_row **out, size_t *n)
{
#define FEEDBACK_COLS "SELECT id, event_id, rating, accessible, sealed FROM event_feedback"
	struct db_stmt *st = event_id
				 ? db_prepare(c, FEEDBACK_COLS " WHERE event_id = ? ORDER BY id")
				 : db_prepare(c, FEEDBACK_COLS " ORDER BY id");
#undef FEEDBACK_COLS
	if (!st)
		return KR_EDB;
	if (event_id)
		db_bind_int(st, 1, event_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct feedback_row), 16, 0);
	while (db_row(st)) {
		struct feedback_row *r = ARENA_VEC_PUSH(&vec, struct feedback_row);
		r->id = db_col_int(st, 0);
		r->event_id = db_col_int(st, 1);
		r->rating = (int)db_col_int(st, 2);
		if (r->rating < 1 || r->rating > 5)
			r->rating = 1; /* the table's CHECK keeps it from happening */
		if (!feedback_access_parse(db_col_text(st, 3), &r->accessible))
			r->accessible = ACCESS_YES;
		r->sealed = blob_copy(st, 4, a, &r->sealed_len);
	}
	*out = vec.items;
	*n = vec.len;
	return db_done(st);
}

int
events_store_feedback_reseal(struct db_conn *c, int64_t id, const unsigned char *sealed, size_t len)
{
	struct db_stmt *st = db_prepare(c, "UPDATE event_feedback SET sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, sealed, len);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int
events_store_mark_answered(struct db_conn *c, int64_t registration_id, bool *was)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE registration SET answered = 1 WHERE id = ? AND answered = 0");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, registration_id);
	int err = db_run(st);
	*was = !err && db_changes(c) == 0;
	return err;
}

int
events_store_answered(struct db_conn *c, int64_t registration_id, bool *answered)
{
	struct db_stmt *st = db_prepare(c, "SELECT answered FROM registration WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, registration_id);
	*answered = db_row(st) && db_col_int(st, 0) == 1;
	return db_done(st);
}
