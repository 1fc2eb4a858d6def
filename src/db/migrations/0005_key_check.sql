-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0005_key_check.sql: a fingerprint of the key file's keys (a keyed hash of a constant, which
-- reveals nothing of them), so that a database and a key file that do not belong together are
-- noticed at start, and an interrupted key rotation can be finished.
CREATE TABLE key_check (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	fingerprint BLOB NOT NULL,
	rotated_at TEXT
);
