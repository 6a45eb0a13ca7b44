-- One ledger table for every resource type beyond the seed's four. The seed's tables (nodes, vnic_info,
-- ip_reservations, dns_records) stay as they are: provisioners write them directly. Every other type keeps its rows
-- here, told apart by resource_type, with its own fields (those its class declares, checked before insert) as one JSON
-- object: a new type is its class and its tests, with no migration. floating_ips (V11) and security_groups (V12) move
-- here with their ids, states, attempts, errors and timestamps; the audit rows and dead letters that name them keep
-- naming them.
CREATE TABLE tracked_resources (
    id               BIGSERIAL    PRIMARY KEY,
    resource_type    VARCHAR(64)  NOT NULL,   -- the type's name, e.g. floating_ip
    ibm_id           VARCHAR(255) NOT NULL,   -- unique across the service (resource_owners holds its owner)
    node_name        VARCHAR(255),            -- NULL for a deployment's own resource
    deployment_id    VARCHAR(255),
    name             VARCHAR(255),
    fields           JSONB        NOT NULL DEFAULT '{}'::jsonb, -- the type's declared fields but name, as recorded
    state            VARCHAR(20)  NOT NULL DEFAULT 'PRESENT',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_http_status INT,
    state_changed_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT tracked_resources_state_check
        CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED', 'RELEASED')),
    CONSTRAINT tracked_resources_owner_check CHECK (node_name IS NOT NULL OR deployment_id IS NOT NULL),
    CONSTRAINT tracked_resources_type_check CHECK (resource_type ~ '^[a-z][a-z0-9_]{0,63}$'),
    CONSTRAINT tracked_resources_fields_check CHECK (jsonb_typeof(fields) = 'object')
);
CREATE UNIQUE INDEX tracked_resources_ibm_id_key ON tracked_resources (ibm_id);
-- what TrackedTable's SQL asks: a node's rows of a type, a deployment's own rows of a type, a type's row by IBM id
CREATE INDEX tracked_resources_node_idx ON tracked_resources (node_name, resource_type);
CREATE INDEX tracked_resources_deployment_idx ON tracked_resources (deployment_id, resource_type) WHERE node_name IS NULL;
CREATE INDEX tracked_resources_type_ibm_id_idx ON tracked_resources (resource_type, ibm_id);

-- ---- the rows of V11 and V12, moved ------------------------------------------------------------------------------
-- Floating IPs keep their ids; security groups get new ones after them (both tables numbered from 1), and every row
-- that names a group by (resource_type, tracked_id) is renumbered with it: audit rows and dead letters. Ownership
-- (resource_owners) is by IBM id and stays as it is; V7's disputes name only the seed's tables.
INSERT INTO tracked_resources (id, resource_type, ibm_id, node_name, deployment_id, name, fields, state, attempts,
                               last_error, last_http_status, state_changed_at, created_at, updated_at)
SELECT f.id, 'floating_ip', f.fip_id, f.node_name, f.deployment_id, f.fip_name,
       jsonb_strip_nulls(jsonb_build_object('address', host(f.address), 'target_id', f.target_id)),
       f.state, f.attempts, f.last_error, f.last_http_status, f.state_changed_at, f.created_at, f.updated_at
  FROM floating_ips f;

SELECT setval(pg_get_serial_sequence('tracked_resources', 'id'),
              GREATEST((SELECT MAX(id) FROM tracked_resources), 0) + 1, false);

CREATE TEMPORARY TABLE moved_security_groups ON COMMIT DROP AS
SELECT s.id AS old_id, nextval(pg_get_serial_sequence('tracked_resources', 'id')) AS new_id
  FROM security_groups s ORDER BY s.id;

INSERT INTO tracked_resources (id, resource_type, ibm_id, node_name, deployment_id, name, fields, state, attempts,
                               last_error, last_http_status, state_changed_at, created_at, updated_at)
SELECT m.new_id, 'security_group', s.group_id, s.node_name, s.deployment_id, s.group_name, '{}'::jsonb,
       s.state, s.attempts, s.last_error, s.last_http_status, s.state_changed_at, s.created_at, s.updated_at
  FROM security_groups s JOIN moved_security_groups m ON m.old_id = s.id;

UPDATE cleanup_operations o SET tracked_id = m.new_id
  FROM moved_security_groups m
 WHERE o.resource_type = 'security_group' AND o.tracked_id = m.old_id;
UPDATE dead_letters d SET tracked_id = m.new_id
  FROM moved_security_groups m
 WHERE d.resource_type = 'security_group' AND d.tracked_id = m.old_id;

DROP TABLE floating_ips;
DROP TABLE security_groups;

-- ---- one set of triggers, as every tracked table has (V7) --------------------------------------------------------
-- Created after the move: the moved rows were claimed when they were first recorded, and moving them reopens nothing.
-- TG_ARGV: the id column and, for a table of one type, the type; without it the type is the row's resource_type.
CREATE OR REPLACE FUNCTION claim_resource_ownership() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r JSONB := to_jsonb(NEW);
    claimed_id TEXT := r ->> TG_ARGV[0];
    claimed_type TEXT := CASE WHEN TG_NARGS > 1 THEN TG_ARGV[1] ELSE r ->> 'resource_type' END;
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

CREATE TRIGGER tracked_resources_claim_ownership
    BEFORE INSERT OR UPDATE OF ibm_id, resource_type, node_name, deployment_id ON tracked_resources
    FOR EACH ROW EXECUTE FUNCTION claim_resource_ownership('ibm_id');
CREATE TRIGGER tracked_resources_reopen_node AFTER INSERT ON tracked_resources
    FOR EACH ROW EXECUTE FUNCTION reopen_node_cleanup();

-- The release before this one (V17) keeps running beside this one during a rolling update (docs: Deploying): its
-- statements name floating_ips and security_groups. These views let them go on reading and marking the moved rows
-- (ledger, load, inventory, identity, state updates: each view is one table's plain columns, so PostgreSQL updates
-- through it); only its INSERT of a new floating IP or security group is refused (the address and target are
-- computed here), and the provisioner's retry lands on a replica of this release. A later release drops them, once
-- no replica of V17 can run.
CREATE VIEW floating_ips AS
SELECT id, node_name, deployment_id, ibm_id AS fip_id, name AS fip_name, CAST(fields ->> 'address' AS INET) AS address,
       fields ->> 'target_id' AS target_id, state, attempts, last_error, last_http_status, state_changed_at, created_at,
       updated_at
  FROM tracked_resources
 WHERE resource_type = 'floating_ip';
CREATE VIEW security_groups AS
SELECT id, node_name, deployment_id, ibm_id AS group_id, name AS group_name, state, attempts, last_error,
       last_http_status, state_changed_at, created_at, updated_at
  FROM tracked_resources
 WHERE resource_type = 'security_group';
