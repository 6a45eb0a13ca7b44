-- The overall status (GET /api/cleanup/status) in constant time: nodes counted by status without reading nodes.
--
-- node_status_counts holds partial counts: a status's number of nodes is the SUM of its rows' n. Every statement that
-- inserts, updates or deletes nodes appends one row per status whose count it changed (+k, -k), from triggers, so a
-- provisioner writing SQL directly is counted as the service's own writes are. Appending never waits: two
-- transactions changing node statuses never touch the same counter row, so they neither queue behind each other
-- (one row per status, or even 16 striped rows, would be updated by every cleanup at once and held until each
-- commits) nor deadlock (a deployment claim updates many nodes in one transaction; two of them taking shared counter
-- rows in different orders would deadlock, which nodes alone never do). The service folds the appended rows into one
-- per status now and then (status.StatusCounts.compact), so a read sums a few rows per status.
--
-- Statement-level triggers with transition tables: one INSERT of a million nodes appends a handful of rows, not a
-- million. AFTER UPDATE without a column list on purpose: a BEFORE trigger may change deployment_status without the
-- UPDATE naming it (V7's reopen_node_for_new_server), and UPDATE OF deployment_status would miss that.
LOCK TABLE nodes IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE node_status_counts (
    deployment_status VARCHAR(50) NOT NULL,
    n                 BIGINT      NOT NULL
);
CREATE INDEX node_status_counts_status_idx ON node_status_counts (deployment_status);

CREATE FUNCTION count_node_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO node_status_counts (deployment_status, n)
        SELECT deployment_status, COUNT(*) FROM new_nodes GROUP BY deployment_status;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO node_status_counts (deployment_status, n)
        SELECT deployment_status, -COUNT(*) FROM old_nodes GROUP BY deployment_status;
    ELSE
        INSERT INTO node_status_counts (deployment_status, n)
        SELECT deployment_status, SUM(d)
          FROM (SELECT deployment_status, -1 AS d FROM old_nodes
                UNION ALL
                SELECT deployment_status, 1 FROM new_nodes) changed
         GROUP BY deployment_status
        HAVING SUM(d) <> 0;
    END IF;
    RETURN NULL;
END $$;

-- a table with transition tables takes one event per trigger
CREATE TRIGGER nodes_count_inserted AFTER INSERT ON nodes REFERENCING NEW TABLE AS new_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION count_node_statuses();
CREATE TRIGGER nodes_count_updated AFTER UPDATE ON nodes REFERENCING OLD TABLE AS old_nodes NEW TABLE AS new_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION count_node_statuses();
CREATE TRIGGER nodes_count_deleted AFTER DELETE ON nodes REFERENCING OLD TABLE AS old_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION count_node_statuses();

CREATE FUNCTION forget_node_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM node_status_counts;
    RETURN NULL;
END $$;

CREATE TRIGGER nodes_count_truncated AFTER TRUNCATE ON nodes
    FOR EACH STATEMENT EXECUTE FUNCTION forget_node_statuses();

-- the nodes there are now (the lock, taken before the triggers, keeps every writer out until this commits)
INSERT INTO node_status_counts (deployment_status, n)
SELECT deployment_status, COUNT(*) FROM nodes GROUP BY deployment_status;
