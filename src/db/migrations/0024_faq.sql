-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0024_faq.sql: a network's frequently asked questions (issue 13). With the asker's consent an
-- answered question may become an entry, written by the core team in their own words. An
-- entry is the network's text and points to nothing: no question, no asker, no author, and the
-- day it was last changed only.

-- The asker's consent (they may take it back until the core team uses it); nothing else about
-- the question changes.
ALTER TABLE question ADD COLUMN faq_consent INTEGER NOT NULL DEFAULT 0
	CHECK (faq_consent IN (0, 1));

CREATE TABLE faq_entry (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	question TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
	answer TEXT NOT NULL CHECK (length(answer) BETWEEN 1 AND 40000),
	changed_on INTEGER NOT NULL -- the day (unix seconds at 00:00 UTC), never the second
);
CREATE INDEX faq_entry_network ON faq_entry (network_id, id);
