-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0002_accounts.pg.sql: on PostgreSQL, after 0002_accounts.sql without its sqlite-only part:
-- the audit log refuses changes, as SQLite's triggers do; TRUNCATE too.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
