-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0032_story_pinned_index.sql: the pinned stories of a network's page by one index.
--
-- With (network_id, pinned) alone, SQLite's planner chose story_network (network_id, state)
-- and read every published story of the network to find the pinned ones: 2,000 rows per
-- network page in the large demo (bench/README.md, "What the profiles show"). With the state
-- and the hour in it, the pinned ones are found directly.
DROP INDEX story_pinned;
CREATE INDEX story_pinned ON story (network_id, pinned, state, published_hour);
