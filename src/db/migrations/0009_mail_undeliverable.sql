-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0009_mail_undeliverable.sql: e-mail that the relay refused for good (a 5xx reply to the
-- recipient or to the message). Such a row is never tried again. Its address, subject and
-- body are erased at once, so it says only that a message could not be delivered, and when:
-- what the administrator sees. The retention job erases it after the sent-mail period.
ALTER TABLE outbox ADD COLUMN undeliverable_at INTEGER;
