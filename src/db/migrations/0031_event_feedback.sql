-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0031_event_feedback.sql: feedback after an event (issue 11).
--
-- Answers are anonymous and cannot be linked to the attendee (docs/PRIVACY.md, "Feedback after
-- an event"): no answer row holds the attendee or a time, its id is random (so the order of the
-- rows is not the order of answering), and the texts are sealed under the key file's data key.
-- That someone answered is a flag on their registration, which goes with the registration.
CREATE TABLE event_feedback (
	id INTEGER PRIMARY KEY, -- random, below 2^53
	event_id INTEGER NOT NULL REFERENCES event (id) ON DELETE CASCADE,
	rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
	accessible TEXT NOT NULL CHECK (accessible IN ('yes', 'partly', 'no')),
	sealed BLOB NOT NULL -- nonce, then XChaCha20-Poly1305 of what to improve and the free text
);
CREATE INDEX event_feedback_event ON event_feedback (event_id, id);

ALTER TABLE registration ADD COLUMN answered INTEGER NOT NULL DEFAULT 0
	CHECK (answered IN (0, 1));
