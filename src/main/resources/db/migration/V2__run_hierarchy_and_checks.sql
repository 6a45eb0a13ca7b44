-- Batch and orphan sweeps run node cleanups as children of one run; an asynchronous run's progress is its children's.
ALTER TABLE cleanup_runs ADD COLUMN parent_run_id UUID REFERENCES cleanup_runs (run_id);
CREATE INDEX cleanup_runs_parent_idx ON cleanup_runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

-- The value sets the code relies on, enforced.
ALTER TABLE cleanup_runs ADD CONSTRAINT cleanup_runs_state_check
    CHECK (state IN ('accepted', 'running', 'completed', 'partial', 'failed'));
ALTER TABLE cleanup_operations ADD CONSTRAINT cleanup_operations_outcome_check
    CHECK (outcome IN ('DELETED', 'ALREADY_GONE', 'SKIPPED', 'BLOCKED', 'FAILED'));
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_outcome_check CHECK (outcome IN ('BLOCKED', 'FAILED'));
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_status_check CHECK (status IN ('open', 'superseded', 'resolved', 'retried'));
