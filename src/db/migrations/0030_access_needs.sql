-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0030_access_needs.sql: access needs at registering for an event (issue 11).
--
-- What a person needs to take part (captions, an NGT interpreter, a quiet room, ...) hints at
-- a condition, so it is kept like a membership: sealed with the key file's data key, and found
-- by a keyed hash, never by an account id in the clear (docs/PRIVACY.md, "Access needs").

-- A person's own profile of needs, offered again at their next registration. lookup is the
-- keyed BLAKE2b of the account; the sealed text holds the account, the ticked needs and what
-- they wrote in their own words. Deleted with the account, or by the person.
CREATE TABLE access_profile (
	lookup BLOB NOT NULL,
	sealed BLOB NOT NULL,
	PRIMARY KEY (lookup)
);

-- The needs given with one registration, shared with the event's organisers as counts. Goes
-- with the registration (cancelling, erasure), and needs_keep_days after the event ends.
CREATE TABLE event_need (
	registration_id INTEGER NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
	event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	sealed BLOB NOT NULL, -- nonce, then XChaCha20-Poly1305 of the needs and the own words
	PRIMARY KEY (registration_id)
);
CREATE INDEX event_need_event ON event_need (event_id);

-- The arrangements an organiser marked done, per need of an event ("other": the own words).
CREATE TABLE event_arrangement (
	event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	need TEXT NOT NULL CHECK (length(need) BETWEEN 1 AND 32),
	PRIMARY KEY (event_id, need)
);

-- How many days after an event its needs are erased (the administrator; at most 30, when the
-- registrations themselves go).
ALTER TABLE organisation ADD COLUMN needs_keep_days INTEGER NOT NULL DEFAULT 30
	CHECK (needs_keep_days BETWEEN 0 AND 30);
