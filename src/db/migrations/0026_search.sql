-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0026_search.sql: the search indexes of GET /search (issue 12) over forum posts, stories and
-- knowledge pages. On SQLite each is an FTS5 table with the tokenizer "kring" (src/db/fts.c:
-- diacritics folded, Dutch and English stems), holding a copy of the text it indexes under the
-- row's own id. Triggers note each row that is written or goes in search_pending (a virtual
-- table cannot be written from a trigger: trusted_schema is off); the feature's store brings
-- its index up to date from there. The forum and the stories do that once an hour, all rows
-- of the hour together and merged into one segment, so that the index never keeps the order
-- in which people wrote (docs/PRIVACY.md); a row waiting there is not found. What an erasure
-- removes leaves the index in the same transaction. On PostgreSQL the same is a generated
-- tsvector column with a GIN index (0026_search.pg.sql), up to date at once.
--
-- An index holds only the text and the row id the source table holds already: no writer, no
-- time, no reader. Which rows a reader may find is decided at query time by the feature that
-- owns them (the forum: the reader's groups; stories: published ones of their audience;
-- knowledge: the page's audience).

-- begin sqlite only (PostgreSQL: 0026_search.pg.sql)
CREATE TABLE search_pending (
	kind TEXT NOT NULL CHECK (kind IN ('forum', 'story', 'knowledge')),
	ref INTEGER NOT NULL, -- the row's id: forum_post, story, knowledge_page
	PRIMARY KEY (kind, ref)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE forum_post_fts USING fts5(title, body, tokenize = 'kring');
INSERT INTO forum_post_fts (rowid, title, body)
	SELECT p.id, CASE WHEN p.seq = 1 THEN t.title ELSE '' END, p.body
	FROM forum_post p JOIN forum_topic t ON t.id = p.topic_id WHERE p.shown <> 'deleted'
	ORDER BY p.id;

CREATE TRIGGER forum_post_indexed AFTER INSERT ON forum_post
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('forum', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER forum_post_reindexed AFTER UPDATE OF body, shown ON forum_post
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('forum', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER forum_post_unindexed AFTER DELETE ON forum_post
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('forum', OLD.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER forum_topic_reindexed AFTER UPDATE OF title ON forum_topic
BEGIN
	INSERT INTO search_pending (kind, ref)
		SELECT 'forum', id FROM forum_post WHERE topic_id = NEW.id AND seq = 1
		ON CONFLICT DO NOTHING;
END;

CREATE VIRTUAL TABLE story_fts USING fts5(title, body, tokenize = 'kring');
INSERT INTO story_fts (rowid, title, body) SELECT id, title, body FROM story ORDER BY id;

CREATE TRIGGER story_indexed AFTER INSERT ON story
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('story', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER story_reindexed AFTER UPDATE OF title, body ON story
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('story', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER story_unindexed AFTER DELETE ON story
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('story', OLD.id) ON CONFLICT DO NOTHING;
END;

CREATE VIRTUAL TABLE knowledge_page_fts USING fts5(title, body, tokenize = 'kring');
INSERT INTO knowledge_page_fts (rowid, title, body)
	SELECT id, title, body FROM knowledge_page ORDER BY id;

CREATE TRIGGER knowledge_page_indexed AFTER INSERT ON knowledge_page
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('knowledge', NEW.id)
		ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER knowledge_page_reindexed AFTER UPDATE OF title, body ON knowledge_page
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('knowledge', NEW.id)
		ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER knowledge_page_unindexed AFTER DELETE ON knowledge_page
BEGIN
	INSERT INTO search_pending (kind, ref) VALUES ('knowledge', OLD.id)
		ON CONFLICT DO NOTHING;
END;
-- end sqlite only
