-- Asynchronous runs are kept alive by the instance executing them; a run whose heartbeat stops (the instance died)
-- is taken over by another instance, so accepted work is never lost.
ALTER TABLE cleanup_runs ADD COLUMN heartbeat_at TIMESTAMPTZ;
CREATE INDEX cleanup_runs_unfinished_idx ON cleanup_runs (heartbeat_at) WHERE state IN ('accepted', 'running') AND parent_run_id IS NULL;
