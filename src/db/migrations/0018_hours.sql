-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0018_hours.sql: hours for network work and the energy guard (issue 14, hours part).
--
-- The organisation's rule lives on the organisation row. An hours agreement belongs to one
-- active member and one network they are active in (a public role: docs/PRIVACY.md); it holds
-- the hours, the period and who approves it in the clear. While a manager is asked, the row
-- keeps the manager's work address sealed (XChaCha20-Poly1305 with the key file's data key,
-- bound to the agreement) and a BLAKE2b hash of the link's 256-bit token; both are erased
-- when the request is decided, lapses or is withdrawn. A reason given with a decision is
-- sealed the same way. A booking names its account, network, activity, day and minutes: the
-- member's own page, the guard, the core team's load view and the totals need them; it holds
-- no text. The guard's warnings are worked out when a page is shown and never stored.

ALTER TABLE organisation ADD COLUMN hours_basis TEXT NOT NULL DEFAULT 'week'
	CHECK (hours_basis IN ('week', 'year'));
ALTER TABLE organisation ADD COLUMN hours_minutes INTEGER NOT NULL DEFAULT 240
	CHECK (hours_minutes BETWEEN 0 AND 124800);
ALTER TABLE organisation ADD COLUMN hours_count_core INTEGER NOT NULL DEFAULT 1
	CHECK (hours_count_core IN (0, 1));
ALTER TABLE organisation ADD COLUMN hours_count_coordinators INTEGER NOT NULL DEFAULT 1
	CHECK (hours_count_coordinators IN (0, 1));
ALTER TABLE organisation ADD COLUMN hours_count_organisers INTEGER NOT NULL DEFAULT 1
	CHECK (hours_count_organisers IN (0, 1));
ALTER TABLE organisation ADD COLUMN hours_count_buddies INTEGER NOT NULL DEFAULT 0
	CHECK (hours_count_buddies IN (0, 1));
ALTER TABLE organisation ADD COLUMN hours_attending_counts INTEGER NOT NULL DEFAULT 0
	CHECK (hours_attending_counts IN (0, 1));
ALTER TABLE organisation ADD COLUMN hours_code TEXT NOT NULL DEFAULT ''
	CHECK (length(hours_code) <= 64);
ALTER TABLE organisation ADD COLUMN hours_organise_max INTEGER NOT NULL DEFAULT 3
	CHECK (hours_organise_max BETWEEN 1 AND 31);

CREATE TABLE hours_agreement (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	basis TEXT NOT NULL CHECK (basis IN ('week', 'year')),
	minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 124800),
	starts_on INTEGER NOT NULL,       -- days since 1970-01-01
	ends_on INTEGER NOT NULL,
	approver TEXT NOT NULL CHECK (approver IN ('manager', 'contact')),
	state TEXT NOT NULL CHECK (state IN ('waiting', 'approved', 'declined', 'lapsed')),
	manager_sealed BLOB,              -- nonce, then the sealed address; only while waiting
	token_hash BLOB UNIQUE,           -- BLAKE2b of the manager's link; only while waiting
	decided_by INTEGER REFERENCES account (id) ON DELETE SET NULL, -- a contact point
	reason_sealed BLOB,               -- nonce, then the sealed reason, if one was given
	created_at INTEGER NOT NULL,
	decided_at INTEGER,
	CHECK (ends_on >= starts_on)
);
CREATE INDEX hours_agreement_account ON hours_agreement (account_id, network_id);
CREATE INDEX hours_agreement_waiting ON hours_agreement (state, approver);

CREATE TABLE hours_booking (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	activity TEXT NOT NULL CHECK (activity IN ('organise', 'attend', 'role', 'questions')),
	event_id INTEGER REFERENCES event (id) ON DELETE SET NULL,
	day INTEGER NOT NULL,             -- days since 1970-01-01
	minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
	outside INTEGER NOT NULL CHECK (outside IN (0, 1)), -- outside working hours
	created_at INTEGER NOT NULL
);
CREATE INDEX hours_booking_account ON hours_booking (account_id, day);
CREATE INDEX hours_booking_network ON hours_booking (network_id, day);

-- How loudly the energy guard speaks to its member: 'all', 'fewer' or 'quiet'.
CREATE TABLE hours_guard_pref (
	account_id INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
	level TEXT NOT NULL CHECK (level IN ('all', 'fewer', 'quiet'))
);
