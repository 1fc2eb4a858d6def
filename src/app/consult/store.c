// SPDX-License-Identifier: AGPL-3.0-or-later
/* store.c: the SQL of the consultation hour (migration 0020). */
#include "app/consult/consult.h"

#define SLOT_COLS                                                                                  \
	"s.id, s.network_id, coalesce(s.host_id, 0), s.starts_at, s.ends_at, s.talk_minutes,"      \
	" coalesce(s.room_id, 0), s.place, s.online, s.meeting_url, coalesce(a.name, ''),"         \
	" coalesce(r.name, ''), coalesce(si.name, '') FROM consult_slot s"                         \
	" LEFT JOIN account a ON a.id = s.host_id LEFT JOIN room r ON r.id = s.room_id"            \
	" LEFT JOIN site si ON si.id = r.site_id"

int
consult_store_slot_insert(struct db_conn *c, const struct consult_slot *s, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    c,
	    "INSERT INTO consult_slot (network_id, host_id, starts_at, ends_at, talk_minutes,"
	    " room_id, place, online, meeting_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, s->network_id);
	db_bind_int(st, 2, s->host_id);
	db_bind_int(st, 3, s->starts_at);
	db_bind_int(st, 4, s->ends_at);
	db_bind_int(st, 5, s->talk_minutes);
	if (s->room_id)
		db_bind_int(st, 6, s->room_id);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, s->place ? s->place : "");
	db_bind_int(st, 8, s->online ? 1 : 0);
	db_bind_text(st, 9, s->meeting_url ? s->meeting_url : "");
	db_bind_int(st, 10, now);
	if (db_run(st))
		return KR_EDB;
	*id = db_last_id(c);
	return KR_OK;
}

int
consult_store_talk_insert(struct db_conn *c, int64_t slot_id, int64_t starts_at, int64_t ends_at)
{
	struct db_stmt *st = db_prepare(
	    c, "INSERT INTO consult_talk (slot_id, starts_at, ends_at) VALUES (?, ?, ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, slot_id);
	db_bind_int(st, 2, starts_at);
	db_bind_int(st, 3, ends_at);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
consult_store_slots(struct db_conn *c, struct arena *a, int64_t id, int64_t network_id,
		    int64_t from, size_t limit, struct consult_slot **out, size_t *n)
{
	struct db_stmt *st =
	    id ? db_prepare(c, "SELECT " SLOT_COLS " WHERE s.id = ?")
	       : db_prepare(c, "SELECT " SLOT_COLS " WHERE s.network_id = ? AND s.ends_at >= ?"
			       " ORDER BY s.starts_at, s.id LIMIT ?");
	if (!st)
		return KR_EDB;
	if (id) {
		db_bind_int(st, 1, id);
	} else {
		db_bind_int(st, 1, network_id);
		db_bind_int(st, 2, from);
		db_bind_int(st, 3, (int64_t)limit);
	}
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct consult_slot), 16, 0);
	while (db_row(st)) {
		struct consult_slot *s = ARENA_VEC_PUSH(&vec, struct consult_slot);
		s->id = db_col_int(st, 0);
		s->network_id = db_col_int(st, 1);
		s->host_id = db_col_int(st, 2);
		s->starts_at = db_col_int(st, 3);
		s->ends_at = db_col_int(st, 4);
		s->talk_minutes = (int)db_col_int(st, 5);
		s->room_id = db_col_int(st, 6);
		s->place = arena_strdup(a, db_col_text(st, 7));
		s->online = db_col_int(st, 8) == 1;
		s->meeting_url = arena_strdup(a, db_col_text(st, 9));
		s->host_name = arena_strdup(a, db_col_text(st, 10));
		const char *room = db_col_text(st, 11), *site = db_col_text(st, 12);
		s->where = s->room_id && *room ? arena_printf(a, "%s, %s", room, site) : s->place;
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

#define TALK_COLS                                                                                  \
	"t.id, t.slot_id, t.starts_at, t.ends_at, t.was_booked, coalesce(t.referral_id, 0),"       \
	" (SELECT count(*) FROM consult_booking b WHERE b.talk_id = t.id) FROM consult_talk t"

static void
read_talk(struct db_stmt *st, struct consult_talk *t)
{
	t->id = db_col_int(st, 0);
	t->slot_id = db_col_int(st, 1);
	t->starts_at = db_col_int(st, 2);
	t->ends_at = db_col_int(st, 3);
	t->was_booked = db_col_int(st, 4) == 1;
	t->referral_id = db_col_int(st, 5);
	t->booked = db_col_int(st, 6) > 0;
}

int
consult_store_talks(struct db_conn *c, struct arena *a, int64_t slot_id, struct consult_talk **out,
		    size_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT " TALK_COLS " WHERE t.slot_id = ? ORDER BY t.starts_at");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, slot_id);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct consult_talk), 8, 0);
	while (db_row(st))
		read_talk(st, ARENA_VEC_PUSH(&vec, struct consult_talk));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
consult_store_hosted_talks(struct db_conn *c, struct arena *a, int64_t host_id, int64_t from,
			   size_t limit, struct consult_talk **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT " TALK_COLS " JOIN consult_slot s ON s.id = t.slot_id WHERE s.host_id = ?"
	       " AND t.starts_at >= ? AND EXISTS (SELECT 1 FROM consult_booking b WHERE b.talk_id ="
	       " t.id) ORDER BY t.starts_at, t.id LIMIT ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, host_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, (int64_t)limit);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct consult_talk), 8, 0);
	while (db_row(st))
		read_talk(st, ARENA_VEC_PUSH(&vec, struct consult_talk));
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
consult_store_talk_get(struct db_conn *c, int64_t id, struct consult_talk *out, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " TALK_COLS " WHERE t.id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	*found = db_row(st);
	if (*found)
		read_talk(st, out);
	return db_done(st);
}

int
consult_store_booking_insert(struct db_conn *c, int64_t talk_id, const unsigned char lookup[32],
			     const unsigned char slot_lookup[32], const unsigned char *sealed,
			     size_t len, int64_t booked_at)
{
	/* The UNIQUE constraints decide: of two at once, the second insert conflicts. */
	struct db_stmt *st = db_prepare(c, "INSERT INTO consult_booking (talk_id, lookup,"
					   " slot_lookup, sealed, booked_at) VALUES (?, ?, ?, ?, ?)"
					   " ON CONFLICT DO NOTHING");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, talk_id);
	db_bind_blob(st, 2, lookup, 32);
	db_bind_blob(st, 3, slot_lookup, 32);
	db_bind_blob(st, 4, sealed, len);
	db_bind_int(st, 5, booked_at);
	if (db_run(st))
		return db_last_was_conflict(c) ? KR_ECONFLICT : KR_EDB;
	if (db_changes(c) != 1)
		return KR_ECONFLICT;
	if (!(st = db_prepare(c, "UPDATE consult_talk SET was_booked = 1, reminded = 0"
				 " WHERE id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, talk_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

static int
read_bookings(struct db_stmt *st, struct arena *a, struct consult_booking_row **out, size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct consult_booking_row), 16, 0);
	while (db_row(st)) {
		struct consult_booking_row *b = ARENA_VEC_PUSH(&vec, struct consult_booking_row);
		b->id = db_col_int(st, 0);
		b->talk_id = db_col_int(st, 1);
		b->slot_id = db_col_int(st, 2);
		b->booked_at = db_col_int(st, 3);
		size_t ll = 0;
		const void *l = db_col_blob(st, 4, &ll);
		if (ll == 32)
			memcpy(b->lookup, l, 32);
		size_t sl = 0;
		const void *s = db_col_blob(st, 5, &sl);
		unsigned char *copy = arena_alloc(a, sl ? sl : 1);
		if (sl)
			memcpy(copy, s, sl);
		b->sealed = copy;
		b->sealed_len = sl;
	}
	if (db_done(st))
		return KR_EDB;
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

#define BOOKING_COLS                                                                               \
	"b.id, b.talk_id, t.slot_id, b.booked_at, b.lookup, b.sealed FROM consult_booking b"       \
	" JOIN consult_talk t ON t.id = b.talk_id"

int
consult_store_booking_by_talk(struct db_conn *c, struct arena *a, int64_t talk_id,
			      struct consult_booking_row *out, bool *found)
{
	struct db_stmt *st = db_prepare(c, "SELECT " BOOKING_COLS " WHERE b.talk_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, talk_id);
	struct consult_booking_row *rows;
	size_t n;
	int err = read_bookings(st, a, &rows, &n);
	*found = !err && n == 1;
	if (*found)
		*out = rows[0];
	return err;
}

int
consult_store_booking_delete(struct db_conn *c, int64_t talk_id)
{
	struct db_stmt *st = db_prepare(c, "DELETE FROM consult_booking WHERE talk_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, talk_id);
	if (db_run(st))
		return KR_EDB;
	if (db_changes(c) != 1)
		return KR_ENOTFOUND;
	/* A talk cancelled before it was held counts as not booked in the figures. */
	if (!(st = db_prepare(c, "UPDATE consult_talk SET was_booked = 0 WHERE id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, talk_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
consult_store_bookings(struct db_conn *c, struct arena *a, int64_t slot_id,
		       struct consult_booking_row **out, size_t *n)
{
	struct db_stmt *st =
	    slot_id ? db_prepare(c, "SELECT " BOOKING_COLS " WHERE t.slot_id = ? ORDER BY b.id")
		    : db_prepare(c, "SELECT " BOOKING_COLS " ORDER BY t.starts_at, b.id");
	if (!st)
		return KR_EDB;
	if (slot_id)
		db_bind_int(st, 1, slot_id);
	return read_bookings(st, a, out, n);
}

int
consult_store_booking_reseal(struct db_conn *c, int64_t id, const unsigned char lookup[32],
			     const unsigned char slot_lookup[32], const unsigned char *sealed,
			     size_t len)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE consult_booking SET lookup = ?, slot_lookup = ?, sealed = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_blob(st, 1, lookup, 32);
	db_bind_blob(st, 2, slot_lookup, 32);
	db_bind_blob(st, 3, sealed, len);
	db_bind_int(st, 4, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
consult_store_set_referral(struct db_conn *c, int64_t talk_id, int64_t referral_id,
			   const char *kind)
{
	struct db_stmt *st = db_prepare(
	    c, "UPDATE consult_talk SET referral_id = ?, referral_kind = ? WHERE id = ?");
	if (!st)
		return KR_EDB;
	if (referral_id) {
		db_bind_int(st, 1, referral_id);
		db_bind_text(st, 2, kind);
	} else {
		db_bind_null(st, 1);
		db_bind_null(st, 2);
	}
	db_bind_int(st, 3, talk_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
consult_store_booked_between(struct db_conn *c, int64_t network_id, int64_t from, int64_t to,
			     int64_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT count(*) FROM consult_talk t JOIN consult_slot s ON s.id = t.slot_id"
	       " WHERE s.network_id = ? AND t.was_booked = 1 AND t.starts_at >= ? AND"
	       " t.starts_at < ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	*n = db_row(st) ? db_col_int(st, 0) : 0;
	return db_done(st);
}

int
consult_store_referral_kinds(struct db_conn *c, int64_t network_id, struct arena *a,
			     const char ***kinds, int64_t **counts, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT t.referral_kind, count(*) FROM consult_talk t JOIN consult_slot s ON"
	       " s.id = t.slot_id WHERE s.network_id = ? AND t.referral_kind IS NOT NULL GROUP BY"
	       " t.referral_kind ORDER BY t.referral_kind");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, network_id);
	struct arena_vec kv, cv;
	arena_vec_init(&kv, a, sizeof(const char *), 8, 0);
	arena_vec_init(&cv, a, sizeof(int64_t), 8, 0);
	while (db_row(st)) {
		*ARENA_VEC_PUSH(&kv, const char *) = arena_strdup(a, db_col_text(st, 0));
		*ARENA_VEC_PUSH(&cv, int64_t) = db_col_int(st, 1);
	}
	if (db_done(st))
		return KR_EDB;
	*kinds = kv.items;
	*counts = cv.items;
	*n = kv.len;
	return KR_OK;
}

int
consult_store_erase_before(struct db_conn *c, int64_t before, int64_t *n)
{
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM consult_booking WHERE talk_id IN (SELECT id FROM"
			  " consult_talk WHERE ends_at < ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, before);
	if (db_run(st))
		return KR_EDB;
	*n = db_changes(c);
	return KR_OK;
}

int
consult_store_to_remind(struct db_conn *c, struct arena *a, int64_t from, int64_t to, int64_t **ids,
			size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT t.id FROM consult_talk t JOIN consult_booking b ON b.talk_id = t.id"
	       " WHERE t.starts_at >= ? AND t.starts_at < ? AND t.reminded = 0 ORDER BY t.id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 16, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*ids = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
consult_store_set_reminded(struct db_conn *c, int64_t talk_id)
{
	struct db_stmt *st = db_prepare(c, "UPDATE consult_talk SET reminded = 1 WHERE id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, talk_id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
consult_store_host_slots(struct db_conn *c, struct arena *a, int64_t host_id, int64_t from,
			 int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    c, "SELECT id FROM consult_slot WHERE host_id = ? AND starts_at >= ? ORDER BY id");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, host_id);
	db_bind_int(st, 2, from);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(int64_t), 16, 0);
	while (db_row(st))
		*ARENA_VEC_PUSH(&vec, int64_t) = db_col_int(st, 0);
	if (db_done(st))
		return KR_EDB;
	*ids = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
consult_store_slot_delete(struct db_conn *c, int64_t id)
{
	/* Children first: the erasure does not rest on the foreign keys' cascade alone. */
	struct db_stmt *st =
	    db_prepare(c, "DELETE FROM consult_booking WHERE talk_id IN (SELECT id FROM"
			  " consult_talk WHERE slot_id = ?)");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "DELETE FROM consult_talk WHERE slot_id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, id);
	if (db_run(st))
		return KR_EDB;
	if (!(st = db_prepare(c, "DELETE FROM consult_slot WHERE id = ?")))
		return KR_EDB;
	db_bind_int(st, 1, id);
	return db_run(st) ? KR_EDB : KR_OK;
}

int
consult_store_forget_host(struct db_conn *c, int64_t host_id)
{
	struct db_stmt *st =
	    db_prepare(c, "UPDATE consult_slot SET host_id = NULL WHERE host_id = ?");
	if (!st)
		return KR_EDB;
	db_bind_int(st, 1, host_id);
	return db_run(st) ? KR_EDB : KR_OK;
}
