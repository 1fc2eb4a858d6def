-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0010_group_size_shown.pg.sql: on PostgreSQL, after 0010_group_size_shown.sql without its
-- sqlite-only part: the first snapshot's time, and the trigger for a deleted subgroup.
INSERT INTO group_size_taken (id, taken_at)
	VALUES (1, CAST(extract(epoch FROM now()) AS BIGINT));

CREATE FUNCTION subgroup_unshown() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM group_size_shown WHERE network_id = OLD.network_id AND subgroup_id = OLD.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER subgroup_unshown AFTER DELETE ON subgroup
	FOR EACH ROW EXECUTE FUNCTION subgroup_unshown();
