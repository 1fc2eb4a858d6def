-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0014_events.sql: rooms, events and registrations (issue 11, first slice).
--
-- Rooms belong to a site and carry the accessibility facts the administrator keeps. An event
-- belongs to the network whose core team organises it; its times are UTC seconds (entered in
-- Europe/Amsterdam time, converted in C). Who registered for an event is health-adjacent data
-- (an event of a network tells what the network is about): like a membership, a registration
-- row names no account. It holds the event, the place (on site or online) and the state in the
-- clear, so capacity can be counted and the waiting list kept in order (by id), a keyed hash of
-- (account, event) to find it, and the rest (the account, whether they are named) sealed.

CREATE TABLE room (
	id INTEGER PRIMARY KEY,
	site_id INTEGER NOT NULL REFERENCES site (id) ON DELETE CASCADE,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	step_free INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1)),
	accessible_toilet INTEGER NOT NULL DEFAULT 0 CHECK (accessible_toilet IN (0, 1)),
	hearing_loop INTEGER NOT NULL DEFAULT 0 CHECK (hearing_loop IN (0, 1)),
	quiet_room INTEGER NOT NULL DEFAULT 0 CHECK (quiet_room IN (0, 1)),
	disabled_parking INTEGER NOT NULL DEFAULT 0 CHECK (disabled_parking IN (0, 1)),
	UNIQUE (site_id, name)
);

CREATE TABLE event (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	description TEXT NOT NULL DEFAULT '',
	agenda TEXT NOT NULL DEFAULT '',
	speakers TEXT NOT NULL DEFAULT '',
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	working_time INTEGER NOT NULL CHECK (working_time IN (0, 1)),
	audience TEXT NOT NULL CHECK (audience IN ('organisation', 'members')),
	room_id INTEGER REFERENCES room (id) ON DELETE SET NULL,
	online INTEGER NOT NULL CHECK (online IN (0, 1)),
	meeting_url TEXT NOT NULL DEFAULT '',
	capacity_site INTEGER NOT NULL CHECK (capacity_site >= 0),
	capacity_online INTEGER NOT NULL CHECK (capacity_online >= 0),
	deadline INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'cancelled')),
	sequence INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX event_network ON event (network_id, starts_at);
CREATE INDEX event_starts ON event (starts_at);

CREATE TABLE registration (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	lookup BLOB NOT NULL UNIQUE, -- keyed BLAKE2b of (account, event)
	place TEXT NOT NULL CHECK (place IN ('site', 'online')),
	state TEXT NOT NULL CHECK (state IN ('confirmed', 'waiting')),
	sealed BLOB NOT NULL         -- nonce, then XChaCha20-Poly1305 of the account and choice
);
CREATE INDEX registration_event ON registration (event_id, place, state, id);
