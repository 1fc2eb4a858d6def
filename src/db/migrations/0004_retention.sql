-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0004_retention.sql: how long Kring keeps what it no longer needs, set by the administrator
-- and applied by a daily job.
ALTER TABLE organisation ADD COLUMN keep_sent_mail_days INTEGER NOT NULL DEFAULT 30
	CHECK (keep_sent_mail_days BETWEEN 1 AND 3650);
ALTER TABLE organisation ADD COLUMN keep_blocked_accounts_days INTEGER NOT NULL DEFAULT 365
	CHECK (keep_blocked_accounts_days BETWEEN 30 AND 3650);
ALTER TABLE account ADD COLUMN disabled_at INTEGER;
