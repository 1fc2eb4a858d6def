-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0022_knowledge.sql: the knowledge base (issue 12): lasting pages that a network's core team
-- keeps (aids and provisions, the route to a workplace adjustment, re-integration, where to
-- go). A page is the network's, not a person's: it holds its current title and body (what a
-- search reads), its audience, its keeper, when it was last checked, and whether it is pinned
-- on the network's page. Every saved version is kept with who wrote it; when that account is
-- erased the author becomes NULL ("a former colleague") and the text stays.

CREATE TABLE knowledge_page (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	audience TEXT NOT NULL CHECK (audience IN ('members', 'organisation')),
	version INTEGER NOT NULL CHECK (version >= 1), -- the current version's number
	title TEXT NOT NULL,
	body TEXT NOT NULL,               -- Markdown, rendered through src/html/markdown.c
	keeper_id INTEGER REFERENCES account (id) ON DELETE SET NULL, -- a core-team member
	pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
	checked_at INTEGER NOT NULL,      -- last saved or confirmed "still correct" (the hour)
	checked_by INTEGER REFERENCES account (id) ON DELETE SET NULL,
	reminded INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1)), -- since checked_at
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX knowledge_page_network ON knowledge_page (network_id, title);
CREATE INDEX knowledge_page_checked ON knowledge_page (checked_at);
CREATE INDEX knowledge_page_keeper ON knowledge_page (keeper_id);

CREATE TABLE knowledge_version (
	id INTEGER PRIMARY KEY,
	page_id INTEGER NOT NULL REFERENCES knowledge_page (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	audience TEXT NOT NULL CHECK (audience IN ('members', 'organisation')),
	note TEXT NOT NULL DEFAULT '',    -- what changed, in the writer's words
	author_id INTEGER REFERENCES account (id) ON DELETE SET NULL, -- NULL: a former colleague
	created_at INTEGER NOT NULL,      -- the hour
	UNIQUE (page_id, version)
);
CREATE INDEX knowledge_version_author ON knowledge_version (author_id);
