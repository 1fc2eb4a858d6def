-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0023_stories.sql: experience stories and interviews (src/app/stories, issue 12, docs/PRIVACY.md
-- "Experience stories"). A story written anonymously or under a pseudonym names no account: as
-- in the forum, the link to its writer is a keyed hash of (account, story, how it is shown) and
-- the same sealed with the data key, or, with "only I can ever link this", only a hash of a
-- claim code the writer keeps. Ids are random and times whole hours. Who reacted is a keyed
-- hash of (account, story). Who read what is never stored: a reader counts once a month as a
-- keyed hash of (the month's salt, account, story); when the month closes the counts are kept,
-- and the hashes and the salt are erased, so that nothing can test an account against them.

CREATE TABLE story (
	id INTEGER PRIMARY KEY,           -- random, not in the order stories were written
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('story', 'interview')),
	state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'changes', 'approved',
	                                     'published', 'withdrawn')),
	shown TEXT NOT NULL CHECK (shown IN ('name', 'pseudonym', 'anonymous')),
	author_id INTEGER REFERENCES account (id) ON DELETE SET NULL, -- only for 'name'
	pseudonym TEXT,                   -- only for 'pseudonym': as it was when written
	owner_tag BLOB,                   -- keyed BLAKE2b of (account, story, how shown), or NULL
	sealed BLOB,                      -- the same link sealed (for key rotation), or NULL
	claim_hash BLOB,                  -- "only I can link this": BLAKE2b of the claim code
	audience TEXT NOT NULL CHECK (audience IN ('members', 'organisation')),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 800),
	content_note TEXT NOT NULL DEFAULT '', -- shown before the text, e.g. "about suicide"
	body TEXT NOT NULL,
	review_note TEXT NOT NULL DEFAULT '',  -- what the core team asks to change
	created_hour INTEGER NOT NULL,    -- unix seconds, rounded down to the hour
	published_hour INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX story_network ON story (network_id, state, published_hour);
CREATE INDEX story_author ON story (author_id);
CREATE UNIQUE INDEX story_claim ON story (claim_hash);

CREATE TABLE story_reaction (
	story_id INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
	reader BLOB NOT NULL,             -- keyed BLAKE2b of (account, story)
	kind TEXT NOT NULL CHECK (kind IN ('recognisable', 'thanks', 'strong')),
	PRIMARY KEY (story_id, reader)
);

-- The salt of the month that is open (yyyymm), erased when the month closes.
CREATE TABLE story_salt (
	month INTEGER PRIMARY KEY,
	salt BLOB NOT NULL
);

-- One row per reader and story in the open month; no time, no account.
CREATE TABLE story_read (
	story_id INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
	month INTEGER NOT NULL,
	reader BLOB NOT NULL,             -- keyed BLAKE2b of (the month's salt, account, story)
	PRIMARY KEY (story_id, month, reader)
);

-- Unique readers of a story in a closed month.
CREATE TABLE story_readers (
	story_id INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
	month INTEGER NOT NULL,
	readers INTEGER NOT NULL CHECK (readers >= 0),
	PRIMARY KEY (story_id, month)
);
