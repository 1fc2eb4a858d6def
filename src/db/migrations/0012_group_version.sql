-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0012_group_version.sql: a version number per network and subgroup, raised by triggers in
-- the same transaction as every change to its memberships (a join, a change of how someone
-- appears, a leave, an erasure, a key rotation), and one more, (0, 0), for what every members
-- list shows beside the memberships: the names of accounts, whether they are blocked, their
-- photos. A server that keeps opened members lists in memory (src/app/members/cache.c) reads
-- the two numbers with the page and opens the list again when either moved, so that several
-- servers on one database never show a list that another one has changed. It holds nothing
-- but how often a group changed: never who, never how.
CREATE TABLE group_version (
	network_id INTEGER NOT NULL, -- 0 with subgroup_id 0: the people row (names, photos)
	subgroup_id INTEGER NOT NULL DEFAULT 0, -- 0: the network itself
	version INTEGER NOT NULL,
	PRIMARY KEY (network_id, subgroup_id)
) WITHOUT ROWID;
-- No foreign key on purpose: a row outlives its group, so a number never starts again at 1
-- for a group id that SQLite hands out a second time.

-- begin sqlite only (PostgreSQL: 0012_group_version.pg.sql)
CREATE TRIGGER membership_versioned_in AFTER INSERT ON membership
BEGIN
	INSERT INTO group_version (network_id, subgroup_id, version)
		VALUES (NEW.network_id, coalesce(NEW.subgroup_id, 0), 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER membership_versioned_change AFTER UPDATE ON membership
BEGIN
	INSERT INTO group_version (network_id, subgroup_id, version)
		VALUES (NEW.network_id, coalesce(NEW.subgroup_id, 0), 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER membership_versioned_out AFTER DELETE ON membership
BEGIN
	INSERT INTO group_version (network_id, subgroup_id, version)
		VALUES (OLD.network_id, coalesce(OLD.subgroup_id, 0), 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER account_versioned_change AFTER UPDATE OF name, disabled ON account
BEGIN
	INSERT INTO group_version (network_id, subgroup_id, version) VALUES (0, 0, 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER account_versioned_out AFTER DELETE ON account
BEGIN
	INSERT INTO group_version (network_id, subgroup_id, version) VALUES (0, 0, 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER photo_versioned_in AFTER INSERT ON photo
BEGIN
	INSERT INTO group_version (network_id, subgroup_id, version) VALUES (0, 0, 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER photo_versioned_out AFTER DELETE ON photo
BEGIN
	INSERT INTO group_version (network_id, subgroup_id, version) VALUES (0, 0, 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET version = version + 1;
END;
-- end sqlite only
