-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0006_photo.sql: a person's photo, as Kring made it from their upload: a 256 × 256 JPEG
-- without any of the original's metadata. It belongs to the account, not to a membership (so
-- having one tells nothing about what the person joined), is shown only where its owner chose
-- to be visible, and goes with the account.
CREATE TABLE photo (
	account_id INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
	image BLOB NOT NULL,
	updated_at INTEGER NOT NULL
);
