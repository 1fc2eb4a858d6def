-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0010_group_size_shown.sql: the member counts that pages show, worked out once a night from
-- group_size (the live counts, which stay for internal use). Someone who joins silently then
-- cannot watch the figure move right after, at the moment of their own step or anyone
-- else's: the figure moves only at the nightly snapshot, for everyone who joined or left that
-- day together. How many, never who; shown only through the figures function.
CREATE TABLE group_size_shown (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	subgroup_id INTEGER NOT NULL DEFAULT 0, -- 0: the network itself
	members INTEGER NOT NULL,
	PRIMARY KEY (network_id, subgroup_id)
) WITHOUT ROWID;

-- When the snapshot was last taken (seconds since the epoch): one row.
CREATE TABLE group_size_taken (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	taken_at INTEGER NOT NULL
);

-- An installation that already has members shows what it showed before the upgrade from now
-- on, until the next night.
INSERT INTO group_size_shown (network_id, subgroup_id, members)
	SELECT network_id, subgroup_id, members FROM group_size;
-- begin sqlite only (PostgreSQL: 0010_group_size_shown.pg.sql)
INSERT INTO group_size_taken (id, taken_at) VALUES (1, CAST(strftime('%s', 'now') AS INTEGER));
-- end sqlite only

-- A deleted subgroup's number goes with it (a new subgroup may get its id).
-- begin sqlite only (PostgreSQL: 0010_group_size_shown.pg.sql)
CREATE TRIGGER subgroup_unshown AFTER DELETE ON subgroup
BEGIN
	DELETE FROM group_size_shown WHERE network_id = OLD.network_id AND subgroup_id = OLD.id;
END;
-- end sqlite only
