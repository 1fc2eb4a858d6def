-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0008_audit_key_step_up.sql: the audit log's key epochs and retired keys, and the step-up
-- time of a session (at the end). The audit log's hash chain is keyed with the key file's
-- audit subkey (src/app/audit/audit.h). Each entry records the epoch of the key it was hashed
-- with: 0 for the unkeyed entries written before this migration, 1 for the key file of the
-- first keyed entry, one more after each `kring key rotate`. The retired keys stay here so
-- that entries written before a rotation can still be verified; a retired key cannot rewrite
-- them unseen, because the rotation's own entry links to them and is hashed with the next key.
ALTER TABLE audit_log ADD COLUMN key_epoch INTEGER NOT NULL DEFAULT 0;

CREATE TABLE audit_key (
	epoch INTEGER PRIMARY KEY,    -- the epoch this key hashed (1, 2, ...)
	key BLOB NOT NULL,            -- the retired audit subkey (32 bytes)
	retired_at TEXT NOT NULL      -- UTC, ISO 8601
);
-- begin sqlite only (PostgreSQL: 0008_audit_key_step_up.pg.sql)
CREATE TRIGGER audit_key_no_update BEFORE UPDATE ON audit_key
BEGIN
	SELECT RAISE(ABORT, 'retired audit keys are kept as they are');
END;
CREATE TRIGGER audit_key_no_delete BEFORE DELETE ON audit_key
BEGIN
	SELECT RAISE(ABORT, 'retired audit keys are kept as they are');
END;
-- end sqlite only


-- Step-up: when the person of this session last gave their password or a current code again
-- (unix seconds; NULL: not in this session), for changes that ask for it (src/app/auth/auth.h).
ALTER TABLE session ADD COLUMN step_up_at INTEGER;
