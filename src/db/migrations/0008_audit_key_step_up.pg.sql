-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0008_audit_key_step_up.pg.sql: on PostgreSQL, after 0008_audit_key_step_up.sql without its
-- sqlite-only part: retired audit keys are kept as they are.
CREATE FUNCTION audit_key_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'retired audit keys are kept as they are';
END
$$;
CREATE TRIGGER audit_key_no_change BEFORE UPDATE OR DELETE ON audit_key
	FOR EACH ROW EXECUTE FUNCTION audit_key_kept();
CREATE TRIGGER audit_key_no_truncate BEFORE TRUNCATE ON audit_key
	FOR EACH STATEMENT EXECUTE FUNCTION audit_key_kept();
