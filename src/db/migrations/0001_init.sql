-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0001_init.sql: the organisation, its sites and its networks. Portable SQL: no backend
-- specifics beyond INTEGER PRIMARY KEY, which the PostgreSQL backend maps to an identity.
CREATE TABLE schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
);

-- One installation serves one organisation: the row with id 1.
CREATE TABLE organisation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	intro TEXT NOT NULL DEFAULT '',
	-- The language the organisation writes its own texts in: marked with lang= on pages in
	-- the other language (WCAG 3.1.2).
	content_lang TEXT NOT NULL DEFAULT 'nl' CHECK (content_lang IN ('nl', 'en')),
	created_at TEXT NOT NULL
);

-- Sites, with their headcount for the reach figures of later issues.
CREATE TABLE site (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
	town TEXT NOT NULL,
	headcount INTEGER NOT NULL CHECK (headcount >= 0)
);

-- A network: broad (all conditions) or narrow (one theme), with its target group in its own
-- words and its goals at the level of the individual, the group and the organisation.
CREATE TABLE network (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind TEXT NOT NULL CHECK (kind IN ('broad', 'narrow')),
	summary TEXT NOT NULL DEFAULT '',
	target_group TEXT NOT NULL DEFAULT '',
	goal_individual TEXT NOT NULL DEFAULT '',
	goal_group TEXT NOT NULL DEFAULT '',
	goal_organisation TEXT NOT NULL DEFAULT '',
	position TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
