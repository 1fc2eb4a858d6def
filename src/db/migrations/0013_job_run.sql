-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0013_job_run.sql: which server took a background job's run. Several servers on one database
-- (PostgreSQL) each start the daily jobs (retention, the member counts); the first to insert
-- the row of a job's slot (a day, an hour) runs it, and the others see the row and skip it
-- (db_job_claim()). A row says only that a job ran, and when.
CREATE TABLE job_run (
	job TEXT NOT NULL CHECK (length(job) BETWEEN 1 AND 64),
	slot INTEGER NOT NULL,        -- the job's period, as the job counts it (days since 1970)
	claimed_at INTEGER NOT NULL,  -- unix seconds
	PRIMARY KEY (job, slot)
);
