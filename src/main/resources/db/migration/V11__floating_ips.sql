-- VPC floating IPs the provisioner created, of a node (bound to one of its VNIs, or not yet bound) or of a whole
-- deployment (node_name NULL). A floating IP bills until it is released, bound or not.
CREATE TABLE floating_ips (
    id               SERIAL PRIMARY KEY,
    node_name        VARCHAR(255),            -- NULL for a deployment's own floating IP
    deployment_id    VARCHAR(255),
    fip_id           VARCHAR(255) NOT NULL,
    fip_name         VARCHAR(255),
    address          INET,
    target_id        VARCHAR(255),            -- what the provisioner bound it to (a VNI id), as recorded
    state            VARCHAR(20)  NOT NULL DEFAULT 'PRESENT',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_http_status INT,
    state_changed_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT floating_ips_state_check
        CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED', 'RELEASED')),
    CONSTRAINT floating_ips_owner_check CHECK (node_name IS NOT NULL OR deployment_id IS NOT NULL)
);
CREATE UNIQUE INDEX floating_ips_fip_id_key ON floating_ips (fip_id);
CREATE INDEX floating_ips_node_idx ON floating_ips (node_name);
CREATE INDEX floating_ips_deployment_idx ON floating_ips (deployment_id) WHERE node_name IS NULL;

-- one owner per IBM id, and a late record reopens its node's cleanup, as for every tracked table (V7)
CREATE TRIGGER floating_ips_claim_ownership BEFORE INSERT OR UPDATE OF fip_id, node_name, deployment_id ON floating_ips
    FOR EACH ROW EXECUTE FUNCTION claim_resource_ownership('fip_id', 'floating_ip');
CREATE TRIGGER floating_ips_reopen_node AFTER INSERT ON floating_ips
    FOR EACH ROW EXECUTE FUNCTION reopen_node_cleanup();
