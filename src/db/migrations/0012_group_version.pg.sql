-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0012_group_version.pg.sql: on PostgreSQL, after 0012_group_version.sql without its
-- sqlite-only part: the triggers that raise the version numbers, in PL/pgSQL.
CREATE FUNCTION group_version_raise(n BIGINT, s BIGINT) RETURNS void LANGUAGE sql AS $$
	INSERT INTO group_version (network_id, subgroup_id, version) VALUES (n, s, 1)
		ON CONFLICT (network_id, subgroup_id)
		DO UPDATE SET version = group_version.version + 1;
$$;

CREATE FUNCTION membership_versioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM group_version_raise(OLD.network_id, coalesce(OLD.subgroup_id, 0));
	ELSE
		PERFORM group_version_raise(NEW.network_id, coalesce(NEW.subgroup_id, 0));
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER membership_versioned AFTER INSERT OR UPDATE OR DELETE ON membership
	FOR EACH ROW EXECUTE FUNCTION membership_versioned();

CREATE FUNCTION people_versioned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM group_version_raise(0, 0);
	RETURN NULL;
END
$$;
CREATE TRIGGER account_versioned_change AFTER UPDATE OF name, disabled ON account
	FOR EACH ROW EXECUTE FUNCTION people_versioned();
CREATE TRIGGER account_versioned_out AFTER DELETE ON account
	FOR EACH ROW EXECUTE FUNCTION people_versioned();
CREATE TRIGGER photo_versioned AFTER INSERT OR DELETE ON photo
	FOR EACH ROW EXECUTE FUNCTION people_versioned();
