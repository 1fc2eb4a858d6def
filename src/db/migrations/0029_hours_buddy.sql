-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0029_hours_buddy.sql: time can be booked against one's buddy matches (issue 14: "a buddy
-- match"), as activity 'buddy'. The booking never says which match: that would name the
-- colleague who asked for a buddy. The activity's CHECK widens; on SQLite by rebuilding the
-- table (every row kept, ids included), on PostgreSQL by swapping the constraint
-- (0029_hours_buddy.pg.sql).
-- begin sqlite only (PostgreSQL: 0029_hours_buddy.pg.sql)
CREATE TABLE hours_booking_new (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	activity TEXT NOT NULL
		CHECK (activity IN ('organise', 'attend', 'role', 'questions', 'buddy')),
	event_id INTEGER REFERENCES event (id) ON DELETE SET NULL,
	day INTEGER NOT NULL,             -- days since 1970-01-01
	minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
	outside INTEGER NOT NULL CHECK (outside IN (0, 1)), -- outside working hours
	created_at INTEGER NOT NULL
);
INSERT INTO hours_booking_new (id, account_id, network_id, activity, event_id, day, minutes,
			       outside, created_at)
	SELECT id, account_id, network_id, activity, event_id, day, minutes, outside, created_at
	FROM hours_booking;
DROP TABLE hours_booking;
ALTER TABLE hours_booking_new RENAME TO hours_booking;
CREATE INDEX hours_booking_account ON hours_booking (account_id, day);
CREATE INDEX hours_booking_network ON hours_booking (network_id, day);
-- end sqlite only
