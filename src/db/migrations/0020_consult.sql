-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0020_consult.sql: the consultation hour (spreekuur, issue 13). A network's core team
-- publishes slots (an hour on site or online, hosted by one of them), each cut into talks of
-- a set length. Who booked a talk is health-adjacent data: a booking row names no account. It
-- holds its talk in the clear (one booking per talk: UNIQUE), a keyed hash of (account, talk)
-- to find it for "my appointments", a keyed hash of (account, slot) so that one person books
-- one talk per slot, and the account and the note for the host sealed with the data key.
-- What stays for the figures after a booking is erased is on the talk, tied to nobody:
-- that it was booked, and the kind of directory entry the host referred to.

CREATE TABLE consult_slot (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	host_id INTEGER REFERENCES account (id) ON DELETE SET NULL, -- a core-team member
	starts_at INTEGER NOT NULL,       -- UTC seconds (entered in Europe/Amsterdam time)
	ends_at INTEGER NOT NULL,
	talk_minutes INTEGER NOT NULL CHECK (talk_minutes BETWEEN 10 AND 120),
	room_id INTEGER REFERENCES room (id) ON DELETE SET NULL,
	place TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200), -- "where", without a room
	online INTEGER NOT NULL CHECK (online IN (0, 1)),
	meeting_url TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX consult_slot_network ON consult_slot (network_id, starts_at);
CREATE INDEX consult_slot_host ON consult_slot (host_id);

CREATE TABLE consult_talk (
	id INTEGER PRIMARY KEY,
	slot_id INTEGER NOT NULL REFERENCES consult_slot (id) ON DELETE CASCADE,
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	was_booked INTEGER NOT NULL DEFAULT 0 CHECK (was_booked IN (0, 1)),
	referral_id INTEGER REFERENCES referral (id) ON DELETE SET NULL, -- the host's note
	referral_kind TEXT,               -- its kind, kept for the figures if the entry goes
	reminded INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1)),
	UNIQUE (slot_id, starts_at)
);
CREATE INDEX consult_talk_starts ON consult_talk (starts_at);

CREATE TABLE consult_booking (
	id INTEGER PRIMARY KEY,
	talk_id INTEGER NOT NULL UNIQUE REFERENCES consult_talk (id) ON DELETE CASCADE,
	lookup BLOB NOT NULL UNIQUE,      -- keyed BLAKE2b of (account, talk)
	slot_lookup BLOB NOT NULL UNIQUE, -- keyed BLAKE2b of (account, slot): one talk a slot
	sealed BLOB NOT NULL,             -- nonce, then XChaCha20-Poly1305 of account and note
	booked_at INTEGER NOT NULL        -- the hour, never the second
);
