-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0002_accounts.sql: accounts, sign-in, sessions, roles, e-mail outbox, audit log, and the
-- rest of a network's description. Secrets are stored only as keyed hashes (tokens, codes) or
-- encrypted with the key file's data key (TOTP secrets).

-- The e-mail domains of the organisation: anyone with an address there may sign up when the
-- administrator allows it.
CREATE TABLE org_domain (
	domain TEXT PRIMARY KEY CHECK (length(domain) BETWEEN 3 AND 253)
);
ALTER TABLE organisation ADD COLUMN open_signup INTEGER NOT NULL DEFAULT 0;

ALTER TABLE network ADD COLUMN plan_goal TEXT NOT NULL DEFAULT '';
ALTER TABLE network ADD COLUMN plan_activities TEXT NOT NULL DEFAULT '';
ALTER TABLE network ADD COLUMN plan_effects TEXT NOT NULL DEFAULT '';
ALTER TABLE network ADD COLUMN plan_planning TEXT NOT NULL DEFAULT '';
ALTER TABLE network ADD COLUMN plan_budget TEXT NOT NULL DEFAULT '';

CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	password_hash TEXT,           -- argon2id string; NULL: signs in through the SSO proxy only
	is_admin INTEGER NOT NULL DEFAULT 0,
	is_contact INTEGER NOT NULL DEFAULT 0, -- contact point (HR / D&I) for the organisation
	disabled INTEGER NOT NULL DEFAULT 0,
	totp_secret BLOB,             -- encrypted with the data key; NULL: no second factor
	totp_last_step INTEGER NOT NULL DEFAULT 0, -- the last accepted time step (no replays)
	failures INTEGER NOT NULL DEFAULT 0,       -- failed sign-ins in a row
	locked INTEGER NOT NULL DEFAULT 0,         -- after 100 failures in a row
	prefs TEXT NOT NULL DEFAULT '',            -- display preferences, as in the cookie
	created_at TEXT NOT NULL
);

-- Roles within one network: contact point, ambassador, and the core team's positions.
CREATE TABLE network_role (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('contact', 'ambassador', 'chair', 'vice_chair',
					   'treasurer', 'secretary', 'core')),
	PRIMARY KEY (network_id, account_id)
);
CREATE INDEX network_role_account ON network_role (account_id);

CREATE TABLE session (
	token_hash BLOB PRIMARY KEY,  -- keyed BLAKE2b of the 256-bit token; the token is never stored
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	second_factor INTEGER NOT NULL DEFAULT 0 -- the second factor was given (or is not needed)
);
CREATE INDEX session_account ON session (account_id);

-- Failed sign-ins per e-mail address and per client address, both as keyed hashes.
CREATE TABLE sign_in_throttle (
	key BLOB PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_at INTEGER NOT NULL
);

CREATE TABLE recovery_code (
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	code_hash BLOB NOT NULL,
	used_at INTEGER,
	PRIMARY KEY (account_id, code_hash)
);

-- Single-use links by e-mail: password resets and invitations.
CREATE TABLE email_token (
	token_hash BLOB PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('reset', 'invite')),
	email TEXT NOT NULL,
	account_id INTEGER REFERENCES account (id) ON DELETE CASCADE,
	network_id INTEGER REFERENCES network (id) ON DELETE CASCADE,
	created_by INTEGER REFERENCES account (id) ON DELETE SET NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);

-- Every e-mail is written here in the transaction that causes it; a worker delivers it.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	next_attempt_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	sent_at INTEGER,
	last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);

-- Append-only; each entry's hash covers the previous entry's hash (a chain).
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,             -- UTC, ISO 8601
	actor_id INTEGER,             -- who did it (no foreign key: entries outlive accounts)
	subject_id INTEGER,           -- whom it was about
	event TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
);
-- begin sqlite only (PostgreSQL: 0002_accounts.pg.sql)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- end sqlite only
