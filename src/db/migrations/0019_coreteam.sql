-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0019_coreteam.sql: a core team that lasts (issue 14). Terms of a network's roles (the
-- built-in core-team roles and the network's own), open roles (vacancies) and handover notes.
-- A role is named by its key: the built-in name ("chair", "vice_chair", "treasurer",
-- "secretary", "core") or "c" and the id of one of the network's own roles ("c12").
-- network_role (0002) stays the truth of who holds a built-in role now: the service writes it
-- through auth whenever a term of a built-in role starts or ends. Dates are 'YYYY-MM-DD', which
-- compare as text in the order of time.

-- A network's own roles (communication, events, buddies coordinator).
CREATE TABLE coreteam_role (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
	description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
	created_at INTEGER NOT NULL,
	UNIQUE (network_id, name)
);

-- A term: who held (holds) a role from when, until when it was planned to end and when it
-- ended, with an optional deputy and a named successor. holder_id NULL: a former member whose
-- account was deleted (the term stays in the history and the turnover without a name).
CREATE TABLE coreteam_term (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	role_key TEXT NOT NULL CHECK (length(role_key) BETWEEN 1 AND 24),
	holder_id INTEGER REFERENCES account (id) ON DELETE SET NULL,
	deputy_id INTEGER REFERENCES account (id) ON DELETE SET NULL,
	successor_id INTEGER REFERENCES account (id) ON DELETE SET NULL,
	starts_on TEXT NOT NULL CHECK (length(starts_on) = 10),
	planned_end TEXT CHECK (planned_end IS NULL OR planned_end >= starts_on),
	ended_on TEXT CHECK (ended_on IS NULL OR ended_on >= starts_on),
	created_at INTEGER NOT NULL
);
CREATE INDEX coreteam_term_network ON coreteam_term (network_id, role_key, starts_on);
CREATE INDEX coreteam_term_holder ON coreteam_term (holder_id);
CREATE INDEX coreteam_term_ended ON coreteam_term (ended_on);

-- An open role, shown on the network's open page with how to respond.
CREATE TABLE coreteam_vacancy (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	role_key TEXT NOT NULL CHECK (length(role_key) BETWEEN 1 AND 24),
	respond TEXT NOT NULL CHECK (length(respond) BETWEEN 1 AND 2000),
	opened_at INTEGER NOT NULL,
	PRIMARY KEY (network_id, role_key)
);

-- The handover notes of a role: Markdown, sealed with the data key (bound to network and role).
CREATE TABLE coreteam_note (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	role_key TEXT NOT NULL CHECK (length(role_key) BETWEEN 1 AND 24),
	sealed BLOB NOT NULL,
	author_id INTEGER REFERENCES account (id) ON DELETE SET NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (network_id, role_key)
);
CREATE INDEX coreteam_note_author ON coreteam_note (author_id);
