-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0029_hours_buddy.pg.sql: on PostgreSQL, the activity's CHECK of hours_booking widens to
-- 'buddy' (see 0029_hours_buddy.sql).
ALTER TABLE hours_booking DROP CONSTRAINT hours_booking_activity_check;
ALTER TABLE hours_booking ADD CONSTRAINT hours_booking_activity_check
	CHECK (activity IN ('organise', 'attend', 'role', 'questions', 'buddy'));
