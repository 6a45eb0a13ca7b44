-- VPC security groups the provisioner created, of a node or of a whole deployment (node_name NULL). IBM refuses to
-- delete a group while it has targets, so a group goes after the VNIs that use it; a VPC's default group can never
-- be deleted, so it should never be recorded here (a cleanup reports it BLOCKED).
CREATE TABLE security_groups (
    id               SERIAL PRIMARY KEY,
    node_name        VARCHAR(255),            -- NULL for a deployment's own security group
    deployment_id    VARCHAR(255),
    group_id         VARCHAR(255) NOT NULL,
    group_name       VARCHAR(255),
    state            VARCHAR(20)  NOT NULL DEFAULT 'PRESENT',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_http_status INT,
    state_changed_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT security_groups_state_check
        CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED', 'RELEASED')),
    CONSTRAINT security_groups_owner_check CHECK (node_name IS NOT NULL OR deployment_id IS NOT NULL)
);
CREATE UNIQUE INDEX security_groups_group_id_key ON security_groups (group_id);
CREATE INDEX security_groups_node_idx ON security_groups (node_name);
CREATE INDEX security_groups_deployment_idx ON security_groups (deployment_id) WHERE node_name IS NULL;

-- one owner per IBM id, and a late record reopens its node's cleanup, as for every tracked table (V7)
CREATE TRIGGER security_groups_claim_ownership BEFORE INSERT OR UPDATE OF group_id, node_name, deployment_id ON security_groups
    FOR EACH ROW EXECUTE FUNCTION claim_resource_ownership('group_id', 'security_group');
CREATE TRIGGER security_groups_reopen_node AFTER INSERT ON security_groups
    FOR EACH ROW EXECUTE FUNCTION reopen_node_cleanup();
