-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0021_buddies.sql: buddies (issue 13). A network keeps its own list of themes (its words,
-- never a diagnosis); the core team names buddy coordinators among its members. A buddy row
-- holds the buddy's status, caseload and dates in the clear, and their motivation and themes
-- sealed with the data key. A request for a buddy is health data: its row names nobody. It
-- holds a keyed hash of (account, network) to find it for its asker, and the account, the
-- themes, the preferences and the note sealed; the sealed part is erased with the row 30 days
-- after the request ended. A check-in due is a keyed hash of (account, network); an answer
-- only adds 1 to a count per network and answer, with no time, match or person.

CREATE TABLE buddy_theme (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	created_at INTEGER NOT NULL,
	UNIQUE (network_id, name)
);

CREATE TABLE buddy_coordinator (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	PRIMARY KEY (network_id, account_id)
);

CREATE TABLE buddy (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('applied', 'intake', 'trained', 'active', 'paused',
					      'stopped')),
	intake TEXT NOT NULL DEFAULT '' CHECK (intake IN ('', 'go', 'not_yet', 'no')),
	caseload INTEGER NOT NULL DEFAULT 2 CHECK (caseload BETWEEN 1 AND 2),
	active_count INTEGER NOT NULL DEFAULT 0 CHECK (active_count >= 0), -- proposed + active
	site_id INTEGER REFERENCES site (id) ON DELETE SET NULL,
	online INTEGER NOT NULL DEFAULT 1 CHECK (online IN (0, 1)),
	lang TEXT NOT NULL DEFAULT 'both' CHECK (lang IN ('nl', 'en', 'both')),
	intake_on TEXT NOT NULL DEFAULT '' CHECK (length(intake_on) IN (0, 10)),
	trained_on TEXT NOT NULL DEFAULT '' CHECK (length(trained_on) IN (0, 10)),
	intervision_on TEXT NOT NULL DEFAULT '' CHECK (length(intervision_on) IN (0, 10)),
	sealed BLOB NOT NULL,             -- nonce, then XChaCha20-Poly1305 of themes and motivation
	applied_at INTEGER NOT NULL,      -- the hour
	UNIQUE (network_id, account_id)
);

CREATE TABLE buddy_request (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	lookup BLOB NOT NULL,             -- keyed BLAKE2b of (account, network)
	status TEXT NOT NULL CHECK (status IN ('waiting', 'proposed', 'matched', 'returned',
					      'ended', 'closed')),
	sealed BLOB NOT NULL,             -- account, preferences, themes and note
	created_at INTEGER NOT NULL,      -- the hour
	ended_at INTEGER                  -- the match ended or the request was closed
);
CREATE INDEX buddy_request_lookup ON buddy_request (lookup);
CREATE INDEX buddy_request_network ON buddy_request (network_id, status);

CREATE TABLE buddy_match (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES buddy_request (id) ON DELETE CASCADE,
	buddy_id INTEGER NOT NULL REFERENCES buddy (id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('proposed', 'declined', 'active', 'ended',
					      'handed_back')),
	proposed_at INTEGER NOT NULL,
	started_at INTEGER,
	ends_at INTEGER,                  -- ends by itself then, unless renewed
	ended_at INTEGER
);
CREATE INDEX buddy_match_request ON buddy_match (request_id);
CREATE INDEX buddy_match_buddy ON buddy_match (buddy_id, status);

CREATE TABLE buddy_checkin (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	lookup BLOB NOT NULL,             -- keyed BLAKE2b of (account, network)
	sealed BLOB NOT NULL,             -- the account, for key rotation only
	due_at INTEGER NOT NULL           -- the day
);
CREATE INDEX buddy_checkin_lookup ON buddy_checkin (lookup);

CREATE TABLE buddy_checkin_answer (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	answer TEXT NOT NULL CHECK (answer IN ('yes', 'some', 'no')),
	n INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (network_id, answer)
);
