-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0028_story_comments.sql: comments on published experience stories, and stories pinned on the
-- network's page (src/app/stories, issue 12: "Comments follow the forum's rules", docs/PRIVACY.md
-- "Experience stories"). A comment is stored as a forum post is (0015): a random id, its place
-- in the story's comments, the hour, and for an anonymous or pseudonymous comment no account,
-- only a keyed hash of (account, story, how shown) and the same link sealed with the data key,
-- or with "only I can ever link this" only a hash of a claim code. The label "Anonymous N" is
-- per story. A moderator's reason for hiding a comment is kept with it; nothing records who hid
-- it or when.

ALTER TABLE story ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;   -- 1: on the network's page
ALTER TABLE story ADD COLUMN comment_seq INTEGER NOT NULL DEFAULT 1;   -- the next comment's place
ALTER TABLE story ADD COLUMN comment_label INTEGER NOT NULL DEFAULT 1; -- the next new label

CREATE TABLE story_comment (
	id INTEGER PRIMARY KEY,        -- random
	story_id INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,          -- its place among the story's comments
	shown TEXT NOT NULL CHECK (shown IN ('name', 'pseudonym', 'anonymous')),
	author_id INTEGER REFERENCES account (id) ON DELETE SET NULL, -- only for 'name'
	pseudonym TEXT,                -- only for 'pseudonym': as it was when written
	label INTEGER NOT NULL DEFAULT 0, -- 'anonymous': N of "Anonymous N" in its story
	owner_tag BLOB,                -- keyed BLAKE2b of (account, story, how shown), or NULL
	sealed BLOB,                   -- the same link sealed (for key rotation), or NULL
	claim_hash BLOB,               -- "only I can link this": BLAKE2b of the comment and its code
	body TEXT NOT NULL,
	created_hour INTEGER NOT NULL, -- rounded down to the hour
	edited INTEGER NOT NULL DEFAULT 0, -- 1: changed after posting (never when)
	hidden_reason TEXT,            -- NULL: shown; else the moderators' reason, which the writer sees
	UNIQUE (story_id, seq)
);
CREATE INDEX story_comment_owner ON story_comment (story_id, owner_tag);
CREATE INDEX story_comment_author ON story_comment (author_id);
CREATE INDEX story_pinned ON story (network_id, pinned);
