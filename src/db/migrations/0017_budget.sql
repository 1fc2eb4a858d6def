-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0017_budget.sql: a network's budget per year (issue 14; src/app/budget/budget.h). Money is
-- whole euro cents. What may hint at health (what an expense was for, a request's
-- justification, the reasons of decisions) and receipts are sealed with the key file's data
-- key, bound to their row; figures, dates, sources and states are in the clear. Who entered a
-- row is kept for "my data" and goes (NULL) when their account is erased: the rows stay as the
-- network's bookkeeping.

-- Per network: up to how many cents the treasurer approves an expense (the contact point sets
-- it; 0: the treasurer approves nothing).
CREATE TABLE budget_network (
	network_id INTEGER NOT NULL PRIMARY KEY REFERENCES network (id) ON DELETE CASCADE,
	approval_limit INTEGER NOT NULL DEFAULT 0
		CHECK (approval_limit BETWEEN 0 AND 99999999)
);

-- A closed year takes no change.
CREATE TABLE budget_closed (
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	closed_by INTEGER REFERENCES account (id) ON DELETE SET NULL,
	closed_at INTEGER NOT NULL,
	PRIMARY KEY (network_id, year)
);

CREATE TABLE budget_allocation (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
	cents INTEGER NOT NULL CHECK (cents BETWEEN 1 AND 99999999),
	created_by INTEGER REFERENCES account (id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX budget_allocation_year ON budget_allocation (network_id, year);

CREATE TABLE budget_request (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	asked INTEGER NOT NULL CHECK (asked BETWEEN 1 AND 99999999),
	granted INTEGER NOT NULL DEFAULT 0 CHECK (granted BETWEEN 0 AND asked),
	state TEXT NOT NULL CHECK (state IN ('waiting', 'approved', 'partly', 'declined')),
	justification BLOB NOT NULL, -- nonce, then XChaCha20-Poly1305 of the text
	reason BLOB,                 -- of the decision, sealed the same way
	asked_by INTEGER REFERENCES account (id) ON DELETE SET NULL,
	asked_at INTEGER NOT NULL,
	decided_at INTEGER
);
CREATE INDEX budget_request_year ON budget_request (network_id, year);
CREATE INDEX budget_request_by ON budget_request (asked_by);

CREATE TABLE budget_expense (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	cents INTEGER NOT NULL CHECK (cents BETWEEN 1 AND 99999999),
	spent_on TEXT NOT NULL CHECK (length(spent_on) = 10), -- YYYY-MM-DD, in `year`
	what BLOB NOT NULL,          -- sealed: what it was for
	event_id INTEGER REFERENCES event (id) ON DELETE SET NULL,
	state TEXT NOT NULL CHECK (state IN ('waiting', 'approved', 'declined')),
	reason BLOB,                 -- sealed: why it was declined
	entered_by INTEGER REFERENCES account (id) ON DELETE SET NULL,
	entered_at INTEGER NOT NULL,
	decided_at INTEGER
);
CREATE INDEX budget_expense_year ON budget_expense (network_id, year);
CREATE INDEX budget_expense_by ON budget_expense (entered_by);
CREATE INDEX budget_expense_event ON budget_expense (event_id);

-- The cost the treasurer plans for an event to come.
CREATE TABLE budget_planned (
	event_id INTEGER NOT NULL PRIMARY KEY REFERENCES event (id) ON DELETE CASCADE,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	cents INTEGER NOT NULL CHECK (cents BETWEEN 1 AND 99999999),
	set_at INTEGER NOT NULL
);
CREATE INDEX budget_planned_network ON budget_planned (network_id);

-- One receipt per expense, sealed; kept 7 years after the end of the expense's year.
CREATE TABLE budget_receipt (
	expense_id INTEGER NOT NULL PRIMARY KEY REFERENCES budget_expense (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
	sealed BLOB NOT NULL,
	created_at INTEGER NOT NULL
);
