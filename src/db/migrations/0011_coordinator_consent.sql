-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0011_coordinator_consent.sql: a person appointed as a subgroup's coordinator is asked first.
-- A row is 'asked' until they accept ('accepted': the public role, shown on the subgroup's
-- page) or decline (the row is deleted). Coordinators from before this migration had taken the
-- role on already: they stay 'accepted'. asked_at is when they were asked (Unix seconds; 0 for
-- the coordinators from before); it is kept after accepting, for "my data".
ALTER TABLE subgroup_role ADD COLUMN state TEXT NOT NULL DEFAULT 'accepted'
	CHECK (state IN ('asked', 'accepted'));
ALTER TABLE subgroup_role ADD COLUMN asked_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX subgroup_role_account ON subgroup_role (account_id);
