-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0007_group_size.sql: the number of members of each network and subgroup, kept by triggers
-- as memberships come and go (cascades included), so that a page shows a count by reading one
-- row instead of counting hundreds. It holds nothing that counting the membership table would
-- not tell: how many, never who. Shown only through the figures function.
CREATE TABLE group_size (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	subgroup_id INTEGER NOT NULL DEFAULT 0, -- 0: the network itself
	members INTEGER NOT NULL,
	PRIMARY KEY (network_id, subgroup_id)
) WITHOUT ROWID;

INSERT INTO group_size (network_id, subgroup_id, members)
	SELECT network_id, coalesce(subgroup_id, 0), count(*) FROM membership GROUP BY 1, 2;

-- begin sqlite only (PostgreSQL: 0007_group_size.pg.sql)
CREATE TRIGGER membership_counted AFTER INSERT ON membership
BEGIN
	INSERT INTO group_size (network_id, subgroup_id, members)
		VALUES (NEW.network_id, coalesce(NEW.subgroup_id, 0), 1)
		ON CONFLICT (network_id, subgroup_id) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER membership_uncounted AFTER DELETE ON membership
BEGIN
	UPDATE group_size SET members = members - 1
		WHERE network_id = OLD.network_id AND subgroup_id = coalesce(OLD.subgroup_id, 0);
END;

CREATE TRIGGER subgroup_uncounted AFTER DELETE ON subgroup
BEGIN
	DELETE FROM group_size WHERE network_id = OLD.network_id AND subgroup_id = OLD.id;
END;
-- end sqlite only
