-- A run's report (GET /api/cleanup/runs/{id}/report) shows, per resource, when its deletion started and its last
-- error. The audit row kept only its end (created_at), its duration and its message; these are written with it from
-- now on. Both nullable: rows written before keep NULL, and the report shows them empty (the error of an older
-- failed row is read from its message, which says it).
ALTER TABLE cleanup_operations ADD COLUMN started_at TIMESTAMPTZ;
ALTER TABLE cleanup_operations ADD COLUMN error TEXT;

-- A report holds the rows of a run and of its children (a batch's or sweep's node runs) in id order, read a page at a
-- time. Finding the children's rows through cleanup_runs costs, on every page, every row after it (a 100,000-node
-- sweep's report would read its rows thousands of times over); with the parent on the row itself, a page is two index
-- ranges, (run_id, id) and (parent_run_id, id), each read only as far as the page. A run's parent is set when the run
-- is created and never changes, so the copy stays true. Filled from the run by a trigger on every insert (the
-- service's, and the previous release's during a rolling update, which does not know the column), and here for the
-- rows already there.
ALTER TABLE cleanup_operations ADD COLUMN parent_run_id UUID;
UPDATE cleanup_operations o SET parent_run_id = r.parent_run_id
  FROM cleanup_runs r
 WHERE r.run_id = o.run_id AND r.parent_run_id IS NOT NULL;
CREATE INDEX cleanup_operations_parent_run_id_idx ON cleanup_operations (parent_run_id, id) WHERE parent_run_id IS NOT NULL;

CREATE OR REPLACE FUNCTION cleanup_operation_parent_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT parent_run_id INTO NEW.parent_run_id FROM cleanup_runs WHERE run_id = NEW.run_id;
    RETURN NEW;
END $$;
CREATE TRIGGER cleanup_operations_parent_run BEFORE INSERT ON cleanup_operations
    FOR EACH ROW EXECUTE FUNCTION cleanup_operation_parent_run();
