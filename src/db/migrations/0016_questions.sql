-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0016_questions.sql: the questions desk (issue 13). What a question holds is special-category
-- data (GDPR art. 9): no row names its asker in the clear. A question row holds its network,
-- its state and times in the clear (for the core team's queue), a keyed hash of (account,
-- question) for a signed-in asker to find it, or a hash of the code a code-only asker keeps,
-- and the rest sealed with the key file's data key: the asker's account (0 for a code), whether
-- they asked under their name, and the text. Messages (answers, asking back, the asker's
-- replies) are sealed too. The referral directory is the organisation's, not anyone's data.

-- How many working days before an unanswered question is flagged to the core team, and how
-- many months after closing a question is erased (the administrator sets both).
ALTER TABLE organisation ADD COLUMN question_flag_days INTEGER NOT NULL DEFAULT 5
	CHECK (question_flag_days BETWEEN 1 AND 30);
ALTER TABLE organisation ADD COLUMN keep_questions_months INTEGER NOT NULL DEFAULT 12
	CHECK (keep_questions_months BETWEEN 1 AND 120);

-- Where to go: company doctor, confidential adviser, HR, adjustments desk, works council,
-- outside organisations; each with how to reach them and what they are for.
CREATE TABLE referral (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('company-doctor', 'confidential-adviser', 'hr',
		'adjustments', 'works-council', 'outside')),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	reach TEXT NOT NULL CHECK (length(reach) BETWEEN 1 AND 1000),
	purpose TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
	created_at INTEGER NOT NULL
);

CREATE TABLE question (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,         -- random, for addresses: says nothing of order or count
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	owner_lookup BLOB UNIQUE,         -- keyed BLAKE2b of (account, ref); NULL with a code
	code_hash BLOB UNIQUE,            -- BLAKE2b of the code; NULL for a signed-in asker
	sealed BLOB NOT NULL,             -- nonce, then XChaCha20-Poly1305 of asker, named, text
	state TEXT NOT NULL CHECK (state IN ('open', 'asked-back', 'answered', 'closed')),
	taken_by INTEGER REFERENCES account (id) ON DELETE SET NULL, -- a core-team member
	asked_at INTEGER NOT NULL,        -- unix seconds
	answered_at INTEGER,              -- the first answer
	closed_at INTEGER
);
CREATE INDEX question_queue ON question (network_id, state, asked_at);
CREATE INDEX question_closed ON question (closed_at);

CREATE TABLE question_message (
	id INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL REFERENCES question (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('answer', 'ask-back', 'reply')),
	author_id INTEGER REFERENCES account (id) ON DELETE SET NULL, -- NULL: the asker
	signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),    -- shows the author's name
	sealed BLOB NOT NULL,             -- nonce, then XChaCha20-Poly1305 of the text
	created_at INTEGER NOT NULL
);
CREATE INDEX question_message_question ON question_message (question_id, id);

-- The directory entries an answer points to.
CREATE TABLE question_referral (
	message_id INTEGER NOT NULL REFERENCES question_message (id) ON DELETE CASCADE,
	referral_id INTEGER NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
	PRIMARY KEY (message_id, referral_id)
);
