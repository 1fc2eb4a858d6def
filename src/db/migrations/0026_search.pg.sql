-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0026_search.pg.sql: on PostgreSQL, the search indexes of 0026_search.sql as generated
-- tsvector columns with GIN indexes. Two text search configurations do what SQLite's "kring"
-- tokenizer does: diacritics folded (unaccent, a trusted extension that the database's owner
-- may create) and Snowball stems, kring_nl with the Dutch stemmer and kring_en with the
-- English one; a text's vector holds both, and a query asks both (websearch_to_tsquery).
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION kring_nl (COPY = pg_catalog.dutch);
ALTER TEXT SEARCH CONFIGURATION kring_nl
	ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
CREATE TEXT SEARCH CONFIGURATION kring_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION kring_en
	ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

ALTER TABLE forum_post ADD COLUMN fts tsvector GENERATED ALWAYS AS
	(to_tsvector('kring_nl', body) || to_tsvector('kring_en', body)) STORED;
CREATE INDEX forum_post_fts_gin ON forum_post USING gin (fts);
ALTER TABLE forum_topic ADD COLUMN fts tsvector GENERATED ALWAYS AS
	(to_tsvector('kring_nl', title) || to_tsvector('kring_en', title)) STORED;
CREATE INDEX forum_topic_fts_gin ON forum_topic USING gin (fts);

ALTER TABLE story ADD COLUMN fts tsvector GENERATED ALWAYS AS
	(setweight(to_tsvector('kring_nl', title) || to_tsvector('kring_en', title), 'A')
	 || to_tsvector('kring_nl', body) || to_tsvector('kring_en', body)) STORED;
CREATE INDEX story_fts_gin ON story USING gin (fts);

ALTER TABLE knowledge_page ADD COLUMN fts tsvector GENERATED ALWAYS AS
	(setweight(to_tsvector('kring_nl', title) || to_tsvector('kring_en', title), 'A')
	 || to_tsvector('kring_nl', body) || to_tsvector('kring_en', body)) STORED;
CREATE INDEX knowledge_page_fts_gin ON knowledge_page USING gin (fts);
