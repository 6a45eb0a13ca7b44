-- One owner at a time: node claims, runs and inbox files carry an epoch (fencing token). Taking one over raises the
-- epoch; every renewal, result write and status change is conditional on the epoch its writer holds, so an instance
-- that was paused or cut off and comes back writes nothing under a claim it lost.
ALTER TABLE nodes ADD COLUMN cleanup_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cleanup_runs ADD COLUMN epoch BIGINT NOT NULL DEFAULT 1;
ALTER TABLE CAMEL_MESSAGEPROCESSED ADD COLUMN epoch BIGINT NOT NULL DEFAULT 1;

-- a run whose instance died (a synchronous cleanup, a batch's child) is closed as abandoned, never left running
ALTER TABLE cleanup_runs DROP CONSTRAINT cleanup_runs_state_check;
ALTER TABLE cleanup_runs ADD CONSTRAINT cleanup_runs_state_check
    CHECK (state IN ('accepted', 'running', 'completed', 'partial', 'failed', 'abandoned'));
