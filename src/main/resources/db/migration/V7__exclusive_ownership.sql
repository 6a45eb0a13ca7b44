-- An IBM resource id belongs to exactly one node (or, for cluster-level DNS records, one deployment). The database
-- enforces it: every tracked table's id column claims its id in resource_owners through a trigger, so no code path
-- (the API, the demo seeder, a provisioner writing SQL directly) can record another owner's id. Ids that were already
-- tracked by two owners when this migration ran are recorded as disputed: their rows are BLOCKED with a dead letter
-- each, and nothing deletes them until an operator says whose they are (POST /api/cleanup/ownership/{id}/resolve).

-- A row whose owner turned out not to own the resource is RELEASED: kept as history, never deleted through.
ALTER TABLE nodes DROP CONSTRAINT nodes_bare_metal_state_check;
ALTER TABLE nodes ADD CONSTRAINT nodes_bare_metal_state_check
    CHECK (bare_metal_state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED', 'RELEASED'));
ALTER TABLE vnic_info DROP CONSTRAINT vnic_info_state_check;
ALTER TABLE vnic_info ADD CONSTRAINT vnic_info_state_check
    CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED', 'RELEASED'));
ALTER TABLE ip_reservations DROP CONSTRAINT ip_reservations_state_check;
ALTER TABLE ip_reservations ADD CONSTRAINT ip_reservations_state_check
    CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED', 'RELEASED'));
ALTER TABLE dns_records DROP CONSTRAINT dns_records_state_check;
ALTER TABLE dns_records ADD CONSTRAINT dns_records_state_check
    CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED', 'RELEASED'));

-- who else tracks an id is asked by id, for servers too
CREATE INDEX nodes_bare_metal_id_idx ON nodes (bare_metal_id) WHERE bare_metal_id IS NOT NULL;

CREATE TABLE resource_owners (
    ibm_id         VARCHAR(255) PRIMARY KEY,
    resource_type  VARCHAR(64)  NOT NULL,
    node_name      VARCHAR(255),             -- the owning node; NULL for a deployment's own resource (or a dispute)
    deployment_id  VARCHAR(255),
    disputed       BOOLEAN      NOT NULL DEFAULT FALSE,
    claimants      JSONB,                    -- a dispute's owners as found by this migration
    recorded_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    resolved_at    TIMESTAMPTZ,
    CONSTRAINT resource_owners_owner_check CHECK (disputed OR node_name IS NOT NULL OR deployment_id IS NOT NULL)
);
CREATE INDEX resource_owners_disputed_idx ON resource_owners (ibm_id) WHERE disputed;

-- ---- what is tracked today, and by whom ----------------------------------------------------------------------
CREATE TEMPORARY TABLE tracked_now ON COMMIT DROP AS
SELECT 'bare_metal_server' AS resource_type, 'nodes' AS tracked_table, id AS tracked_id, bare_metal_id AS ibm_id,
       node_name, deployment_id, bare_metal_state AS state
  FROM nodes WHERE bare_metal_id IS NOT NULL
UNION ALL
SELECT 'virtual_network_interface', 'vnic_info', v.id, v.vnic_id, v.node_name, n.deployment_id, v.state
  FROM vnic_info v LEFT JOIN nodes n ON n.node_name = v.node_name
UNION ALL
SELECT 'subnet_reserved_ip', 'ip_reservations', r.id, r.reservation_id, r.node_name, n.deployment_id, r.state
  FROM ip_reservations r LEFT JOIN nodes n ON n.node_name = r.node_name
UNION ALL
SELECT 'dns_record', 'dns_records', d.id, d.record_id, d.node_name, COALESCE(n.deployment_id, d.deployment_id), d.state
  FROM dns_records d LEFT JOIN nodes n ON n.node_name = d.node_name;

-- an owner is a (type, node) or, without a node, a (type, deployment)
CREATE TEMPORARY TABLE tracked_claims ON COMMIT DROP AS
SELECT ibm_id, COUNT(DISTINCT resource_type || '|' || COALESCE('node:' || node_name, 'deployment:' || deployment_id)) AS owners
  FROM tracked_now GROUP BY ibm_id;

INSERT INTO resource_owners (ibm_id, resource_type, node_name, deployment_id)
SELECT DISTINCT ON (t.ibm_id) t.ibm_id, t.resource_type, t.node_name, t.deployment_id
  FROM tracked_now t JOIN tracked_claims c ON c.ibm_id = t.ibm_id
 WHERE c.owners = 1
 ORDER BY t.ibm_id, t.tracked_id;

INSERT INTO resource_owners (ibm_id, resource_type, disputed, claimants)
SELECT t.ibm_id, MIN(t.resource_type), TRUE,
       jsonb_agg(jsonb_build_object('resource_type', t.resource_type, 'node_name', t.node_name,
                                    'deployment_id', t.deployment_id, 'tracked_id', t.tracked_id) ORDER BY t.tracked_id)
  FROM tracked_now t JOIN tracked_claims c ON c.ibm_id = t.ibm_id
 WHERE c.owners > 1
 GROUP BY t.ibm_id;

-- disputed rows are blocked, each with a dead letter (under one audit run) saying who else claims the id
DO $$
DECLARE
    audit_run UUID := md5('ownership-audit-V7')::uuid;
    claim RECORD;
    reason TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM resource_owners WHERE disputed) THEN
        RETURN;
    END IF;
    INSERT INTO cleanup_runs (run_id, kind, target, trigger, state, summary, error, started_at, finished_at)
    SELECT audit_run, 'ownership_audit', NULL, 'migration', 'completed',
           jsonb_build_object('disputed_ids', COUNT(*)),
           COUNT(*) || ' IBM id(s) were tracked by more than one owner; their deletion is blocked until resolved', now(), now()
      FROM resource_owners WHERE disputed;
    FOR claim IN
        SELECT t.*, (SELECT string_agg(COALESCE('node ' || o.node_name, 'deployment ' || o.deployment_id) || ' as ' || o.resource_type,
                                       ', ' ORDER BY o.tracked_id)
                       FROM tracked_now o WHERE o.ibm_id = t.ibm_id) AS everyone
          FROM tracked_now t JOIN resource_owners r ON r.ibm_id = t.ibm_id AND r.disputed
         WHERE t.state <> 'GONE'
    LOOP
        reason := 'Ownership disputed: IBM id ' || claim.ibm_id || ' is tracked by ' || claim.everyone
               || '; nothing deletes it until an operator resolves it (POST /api/cleanup/ownership/' || claim.ibm_id || '/resolve)';
        IF claim.tracked_table = 'nodes' THEN
            UPDATE nodes SET bare_metal_state = 'BLOCKED', bare_metal_last_error = reason, bare_metal_state_changed_at = now()
             WHERE id = claim.tracked_id;
        ELSIF claim.tracked_table = 'vnic_info' THEN
            UPDATE vnic_info SET state = 'BLOCKED', last_error = reason, state_changed_at = now() WHERE id = claim.tracked_id;
        ELSIF claim.tracked_table = 'ip_reservations' THEN
            UPDATE ip_reservations SET state = 'BLOCKED', last_error = reason, state_changed_at = now() WHERE id = claim.tracked_id;
        ELSE
            UPDATE dns_records SET state = 'BLOCKED', last_error = reason, state_changed_at = now() WHERE id = claim.tracked_id;
        END IF;
        INSERT INTO dead_letters (run_id, node_name, deployment_id, resource_type, tracked_id, ibm_id, outcome, error)
        VALUES (audit_run, claim.node_name, claim.deployment_id, claim.resource_type, claim.tracked_id, claim.ibm_id, 'BLOCKED', reason);
    END LOOP;
END $$;

-- ---- from now on the database refuses a second owner ------------------------------------------------------------
-- TG_ARGV: the id column, the resource type. A refusal is SQLSTATE CU409; the service answers it with 409.
CREATE FUNCTION claim_resource_ownership() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r JSONB := to_jsonb(NEW);
    claimed_id TEXT := r ->> TG_ARGV[0];
    claimed_type TEXT := TG_ARGV[1];
    owner_node TEXT := r ->> 'node_name';
    owner_deployment TEXT := r ->> 'deployment_id';
    current resource_owners%ROWTYPE;
BEGIN
    IF claimed_id IS NULL THEN
        RETURN NEW;
    END IF;
    IF owner_node IS NOT NULL AND TG_TABLE_NAME <> 'nodes' THEN
        SELECT deployment_id INTO owner_deployment FROM nodes WHERE node_name = owner_node;
    END IF;
    IF owner_node IS NULL AND owner_deployment IS NULL THEN
        RETURN NEW; -- no owner at all: the table's own constraint refuses the row
    END IF;
    INSERT INTO resource_owners (ibm_id, resource_type, node_name, deployment_id)
    VALUES (claimed_id, claimed_type, owner_node, owner_deployment)
    ON CONFLICT (ibm_id) DO NOTHING;
    IF FOUND THEN
        RETURN NEW;
    END IF;
    SELECT * INTO current FROM resource_owners WHERE ibm_id = claimed_id;
    IF NOT current.disputed AND current.resource_type = claimed_type
       AND current.node_name IS NOT DISTINCT FROM owner_node
       AND (owner_node IS NOT NULL OR current.deployment_id = owner_deployment) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'IBM id % is already tracked by another owner', claimed_id
        USING ERRCODE = 'CU409', DETAIL = claimed_id;
END $$;

CREATE TRIGGER nodes_claim_ownership BEFORE INSERT OR UPDATE OF bare_metal_id ON nodes
    FOR EACH ROW EXECUTE FUNCTION claim_resource_ownership('bare_metal_id', 'bare_metal_server');
CREATE TRIGGER vnic_info_claim_ownership BEFORE INSERT OR UPDATE OF vnic_id, node_name ON vnic_info
    FOR EACH ROW EXECUTE FUNCTION claim_resource_ownership('vnic_id', 'virtual_network_interface');
CREATE TRIGGER ip_reservations_claim_ownership BEFORE INSERT OR UPDATE OF reservation_id, node_name ON ip_reservations
    FOR EACH ROW EXECUTE FUNCTION claim_resource_ownership('reservation_id', 'subnet_reserved_ip');
CREATE TRIGGER dns_records_claim_ownership BEFORE INSERT OR UPDATE OF record_id, node_name, deployment_id ON dns_records
    FOR EACH ROW EXECUTE FUNCTION claim_resource_ownership('record_id', 'dns_record');

-- ---- a resource recorded on a node whose cleanup already ran makes the node due again ---------------------------
-- cleanup_pending: a follow-up cleanup takes it within minutes (cleanup.followup.*). The node row is locked (updated)
-- whatever its status, so a cleanup finishing at the same moment either sees the new row or is seen by this update.
CREATE FUNCTION reopen_node_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.node_name IS NOT NULL THEN
        UPDATE nodes
           SET deployment_status = CASE WHEN deployment_status IN ('cleanup_completed', 'cleanup_failed')
                                        THEN 'cleanup_pending' ELSE deployment_status END,
               updated_at = CASE WHEN deployment_status IN ('cleanup_completed', 'cleanup_failed')
                                 THEN now() ELSE updated_at END
         WHERE node_name = NEW.node_name;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER vnic_info_reopen_node AFTER INSERT ON vnic_info
    FOR EACH ROW EXECUTE FUNCTION reopen_node_cleanup();
CREATE TRIGGER ip_reservations_reopen_node AFTER INSERT ON ip_reservations
    FOR EACH ROW EXECUTE FUNCTION reopen_node_cleanup();
CREATE TRIGGER dns_records_reopen_node AFTER INSERT ON dns_records
    FOR EACH ROW EXECUTE FUNCTION reopen_node_cleanup();

CREATE FUNCTION reopen_node_for_new_server() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.bare_metal_id IS NOT NULL AND NEW.bare_metal_id IS DISTINCT FROM OLD.bare_metal_id
       AND NEW.deployment_status IN ('cleanup_completed', 'cleanup_failed') THEN
        NEW.deployment_status := 'cleanup_pending';
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER nodes_reopen_for_new_server BEFORE UPDATE OF bare_metal_id ON nodes
    FOR EACH ROW EXECUTE FUNCTION reopen_node_for_new_server();

CREATE INDEX nodes_pending_idx ON nodes (updated_at) WHERE deployment_status = 'cleanup_pending';
