-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0007_group_size.pg.sql: on PostgreSQL, after 0007_group_size.sql without its sqlite-only part:
-- the triggers that keep the counts, in PL/pgSQL.
CREATE FUNCTION membership_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO group_size (network_id, subgroup_id, members)
		VALUES (NEW.network_id, coalesce(NEW.subgroup_id, 0), 1)
		ON CONFLICT (network_id, subgroup_id)
		DO UPDATE SET members = group_size.members + 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER membership_counted AFTER INSERT ON membership
	FOR EACH ROW EXECUTE FUNCTION membership_counted();

CREATE FUNCTION membership_uncounted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE group_size SET members = members - 1
		WHERE network_id = OLD.network_id AND subgroup_id = coalesce(OLD.subgroup_id, 0);
	RETURN NULL;
END
$$;
CREATE TRIGGER membership_uncounted AFTER DELETE ON membership
	FOR EACH ROW EXECUTE FUNCTION membership_uncounted();

CREATE FUNCTION subgroup_uncounted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM group_size WHERE network_id = OLD.network_id AND subgroup_id = OLD.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER subgroup_uncounted AFTER DELETE ON subgroup
	FOR EACH ROW EXECUTE FUNCTION subgroup_uncounted();
