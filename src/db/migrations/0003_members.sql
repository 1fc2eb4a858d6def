-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0003_members.sql: subgroups and memberships. Who is a member of what is special-category
-- data (GDPR art. 9): no row names an account. A membership row holds the group in the clear
-- (so a group's size is known, as it is shown anyway), a keyed hash of (account, network,
-- subgroup) to find it, and everything else sealed with the key file's data key.

-- Subgroups of a network (autism, tinnitus, oncology, PTSD, ...), made by its core team.
CREATE TABLE subgroup (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	slug TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	description TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (network_id, slug)
);

-- Coordinators of a subgroup: a public role they took on, like a core-team position.
CREATE TABLE subgroup_role (
	subgroup_id INTEGER NOT NULL REFERENCES subgroup (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('coordinator')),
	PRIMARY KEY (subgroup_id, account_id)
);

CREATE TABLE membership (
	id INTEGER PRIMARY KEY,
	network_id INTEGER NOT NULL REFERENCES network (id) ON DELETE CASCADE,
	subgroup_id INTEGER REFERENCES subgroup (id) ON DELETE CASCADE, -- NULL: the network itself
	lookup BLOB NOT NULL UNIQUE,    -- keyed BLAKE2b of (account, network, subgroup)
	pseudonym_lookup BLOB UNIQUE,   -- keyed BLAKE2b of (network, subgroup, pseudonym), if any
	sealed BLOB NOT NULL            -- nonce, then XChaCha20-Poly1305 of the member's details
);
CREATE INDEX membership_group ON membership (network_id, subgroup_id);
