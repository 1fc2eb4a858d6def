-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0015_forum.sql: the closed forum of each network and subgroup (src/app/forum, docs/PRIVACY.md
-- "The forum"). A post written anonymously or under a pseudonym names no account: the link to
-- its writer is a keyed hash of (account, topic, how it is shown) to find it again, and the same
-- sealed under the key file's data key so that a key rotation can make the hash again. A post
-- for which its writer chose "only I can ever link this" has neither, only a hash of a claim
-- code its writer keeps. Ids of topics and posts are random, so they do not follow each other,
-- and times are whole hours, so that nothing here carries the instant a post was written.

-- Categories, made by the core team (a subgroup's coordinators for a subgroup).
CREATE TABLE forum_category (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	subgroup_id INTEGER REFERENCES subgroup (id) ON DELETE CASCADE, -- NULL: the network itself
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
	description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX forum_category_group ON forum_category (network_id, subgroup_id);

CREATE TABLE forum_topic (
	id INTEGER PRIMARY KEY,        -- random, not in the order topics were made
	category_id INTEGER NOT NULL REFERENCES forum_category (id) ON DELETE CASCADE,
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 800),
	created_hour INTEGER NOT NULL, -- unix seconds, rounded down to the hour
	last_hour INTEGER NOT NULL,    -- the last post's hour, for the list's order
	posts INTEGER NOT NULL DEFAULT 0, -- posts not deleted, the opening one included
	next_seq INTEGER NOT NULL DEFAULT 1,
	next_label INTEGER NOT NULL DEFAULT 1 -- the next "Anonymous N" in this topic
);
CREATE INDEX forum_topic_category ON forum_topic (category_id, last_hour, id);

CREATE TABLE forum_post (
	id INTEGER PRIMARY KEY,        -- random
	topic_id INTEGER NOT NULL REFERENCES forum_topic (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,          -- its place in the topic: 1 is the opening post
	shown TEXT NOT NULL CHECK (shown IN ('name', 'pseudonym', 'anonymous', 'deleted')),
	author_id INTEGER REFERENCES account (id) ON DELETE SET NULL, -- only for 'name'
	pseudonym TEXT,                -- only for 'pseudonym': as it was when written
	label INTEGER NOT NULL DEFAULT 0, -- 'anonymous': N of "Anonymous N" in its topic
	owner_tag BLOB,                -- keyed BLAKE2b of (account, topic, how shown), or NULL
	sealed BLOB,                   -- the same link sealed (for key rotation), or NULL
	claim_hash BLOB,               -- "only I can link this": BLAKE2b of the claim code
	body TEXT NOT NULL,
	created_hour INTEGER NOT NULL, -- rounded down to the hour
	edited INTEGER NOT NULL DEFAULT 0, -- 1: changed after posting (never when)
	UNIQUE (topic_id, seq)
);
CREATE INDEX forum_post_owner ON forum_post (topic_id, owner_tag);
CREATE INDEX forum_post_author ON forum_post (author_id);
