-- An orphan sweep reads the due nodes a chunk at a time, oldest first, after the last node it took: an index in that
-- order lets each chunk start where the last one ended instead of sorting every node again.
CREATE INDEX nodes_updated_id_idx ON nodes (updated_at, id);

-- GET /api/cleanup/runs/{id}/operations pages a run's audit rows (and its children's) in id order.
CREATE INDEX cleanup_operations_run_id_idx ON cleanup_operations (run_id, id);
DROP INDEX cleanup_operations_run_idx;
