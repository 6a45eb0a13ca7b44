-- A run's report (GET /api/cleanup/runs/{id}/report) shows, per resource, when its deletion started and its last
-- error. The audit row kept only its end (created_at), its duration and its message; these are written with it from
-- now on. Both nullable: rows written before keep NULL, and the report shows them empty (the error of an older
-- failed row is read from its message, which says it).
ALTER TABLE cleanup_operations ADD COLUMN started_at TIMESTAMPTZ;
ALTER TABLE cleanup_operations ADD COLUMN error TEXT;
