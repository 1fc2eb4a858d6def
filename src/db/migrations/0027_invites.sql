-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0027_invites.sql: e-mailed calendar invitations for events (issue 11).
--
-- An outbox message can carry an iCalendar part (METHOD:REQUEST or METHOD:CANCEL), sent as
-- text/calendar beside the text. Like the body it is emptied once the relay accepted the
-- message (it may hold a meeting link), erased when the relay refused it for good, and goes
-- with the rest of a deleted account's mail (DELETE FROM outbox WHERE to_addr = ...).
ALTER TABLE outbox ADD COLUMN calendar TEXT;

-- A person's default for their own calendar: whether invitations carry a neutral title
-- ("Appointment") with the details only in the description. No row: the full title, except
-- for subgroup meetings, which are neutral by default. The choice per registration is sealed
-- in the registration itself.
CREATE TABLE event_calendar_pref (
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	neutral_title INTEGER NOT NULL CHECK (neutral_title IN (0, 1)),
	PRIMARY KEY (account_id)
);

-- Calendar feeds: a person's own registrations, or a network's events open to the whole
-- organisation, each behind a token of 256 random bits in its address. Only the token's
-- BLAKE2b hash is stored; renewing replaces it (the old address stops working at once). A
-- row has exactly one owner: the account, or the network (its core team renews it).
CREATE TABLE calendar_feed (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	account_id INTEGER REFERENCES account (id) ON DELETE CASCADE,
	network_id INTEGER REFERENCES network (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	CHECK ((account_id IS NULL AND network_id IS NOT NULL) OR
	       (account_id IS NOT NULL AND network_id IS NULL))
);
CREATE UNIQUE INDEX calendar_feed_account ON calendar_feed (account_id);
CREATE UNIQUE INDEX calendar_feed_network ON calendar_feed (network_id);
