-- Saved plans (POST /api/plans): a dry run's exact resources, stored with the digest of the tracked state they were
-- computed from, applied at most once (POST /api/plans/{id}/apply). Rows are never deleted: an applied or expired plan
-- stays as the record of what was reviewed and what ran.
CREATE TABLE cleanup_plans (
    plan_id        TEXT PRIMARY KEY CHECK (plan_id ~ '^pl-[a-z2-7]{20}$'),
    target_kind    TEXT NOT NULL CHECK (target_kind IN ('node', 'deployment', 'batch', 'sweep')),
    -- the target as it was asked for and resolved: {"node": ...}, {"deployment": ...}, {"targets": [...]}, {"sweep": {...}}
    target         JSONB NOT NULL,
    force          BOOLEAN NOT NULL DEFAULT FALSE,
    -- the dry run's resources in plan order: type, ibm id, tracked row id, node name, deployment id
    resources      JSONB NOT NULL,
    -- the tracked state the digest was computed from: rows (type, tracked id, ibm id, state, owner) and nodes
    snapshot       JSONB NOT NULL,
    digest         TEXT NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    requested_by   TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,
    applied_run_id UUID REFERENCES cleanup_runs (run_id),
    applied_at     TIMESTAMPTZ,
    CHECK ((applied_run_id IS NULL) = (applied_at IS NULL))
);

-- the list, newest first (keyset on created_at, plan_id)
CREATE INDEX cleanup_plans_created_idx ON cleanup_plans (created_at DESC, plan_id DESC);
