-- Resource tracking (the seed's tables) plus what cleanup needs: deployments, runs, per-operation audit, dead letters.
-- Tracked rows are never deleted: each carries a ledger state (PRESENT -> DELETING -> GONE | FAILED | BLOCKED).

CREATE TABLE deployments (
    deployment_id   VARCHAR(255) PRIMARY KEY,
    name            VARCHAR(255),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE nodes (
    id                          SERIAL PRIMARY KEY,
    node_name                   VARCHAR(255) NOT NULL UNIQUE,
    deployment_id               VARCHAR(255) REFERENCES deployments (deployment_id),
    deployment_status           VARCHAR(50)  NOT NULL DEFAULT 'provisioning',
    bare_metal_id               VARCHAR(255),
    management_vnic_id          VARCHAR(255),
    workload_vnic_id            VARCHAR(255),
    management_ip               INET,
    workload_ip                 INET,
    zone                        VARCHAR(64),
    -- ledger of the node's bare metal server (the seed keeps its id on this row)
    bare_metal_state            VARCHAR(20)  NOT NULL DEFAULT 'PRESENT',
    bare_metal_attempts         INT          NOT NULL DEFAULT 0,
    bare_metal_last_error       TEXT,
    bare_metal_last_http_status INT,
    bare_metal_state_changed_at TIMESTAMPTZ,
    -- cleanup lease: who runs the node's cleanup and since when
    cleanup_owner               VARCHAR(255),
    cleanup_claimed_at          TIMESTAMPTZ,
    cleanup_run_id              UUID,
    status_before_cleanup       VARCHAR(50),
    created_at                  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at                  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT nodes_bare_metal_state_check CHECK (bare_metal_state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED'))
);
CREATE INDEX nodes_deployment_idx ON nodes (deployment_id);
CREATE INDEX nodes_status_updated_idx ON nodes (deployment_status, updated_at);

CREATE TABLE ip_reservations (
    id               SERIAL PRIMARY KEY,
    node_name        VARCHAR(255) NOT NULL,
    ip_address       INET,
    ip_type          VARCHAR(50),
    reservation_id   VARCHAR(255) NOT NULL,
    subnet_id        VARCHAR(255),
    state            VARCHAR(20)  NOT NULL DEFAULT 'PRESENT',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_http_status INT,
    state_changed_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT ip_reservations_state_check CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED'))
);
CREATE INDEX ip_reservations_node_idx ON ip_reservations (node_name);

CREATE TABLE dns_records (
    id               SERIAL PRIMARY KEY,
    node_name        VARCHAR(255),            -- NULL for a deployment's cluster-level records
    deployment_id    VARCHAR(255),
    record_name      VARCHAR(255),
    record_type      VARCHAR(10),
    rdata            VARCHAR(255),
    record_id        VARCHAR(255) NOT NULL,
    dns_instance_id  VARCHAR(255),            -- NULL: the configured DNS instance
    dns_zone_id      VARCHAR(255),            -- NULL: the configured DNS zone
    state            VARCHAR(20)  NOT NULL DEFAULT 'PRESENT',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_http_status INT,
    state_changed_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT dns_records_state_check CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED')),
    CONSTRAINT dns_records_owner_check CHECK (node_name IS NOT NULL OR deployment_id IS NOT NULL)
);
CREATE INDEX dns_records_node_idx ON dns_records (node_name);
CREATE INDEX dns_records_cluster_idx ON dns_records (deployment_id) WHERE node_name IS NULL;

CREATE TABLE vnic_info (
    id               SERIAL PRIMARY KEY,
    node_name        VARCHAR(255) NOT NULL,
    vnic_name        VARCHAR(255),
    vnic_id          VARCHAR(255) NOT NULL,
    vnic_type        VARCHAR(50),
    state            VARCHAR(20)  NOT NULL DEFAULT 'PRESENT',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       TEXT,
    last_http_status INT,
    state_changed_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT vnic_info_state_check CHECK (state IN ('PRESENT', 'DELETING', 'GONE', 'FAILED', 'BLOCKED'))
);
CREATE INDEX vnic_info_node_idx ON vnic_info (node_name);

-- One row per cleanup run (node, deployment, orphan sweep, batch, dead-letter retry).
CREATE TABLE cleanup_runs (
    run_id       UUID PRIMARY KEY,
    kind         VARCHAR(32)  NOT NULL,
    target       VARCHAR(255),
    trigger      VARCHAR(32)  NOT NULL,
    state        VARCHAR(20)  NOT NULL,      -- accepted, running, completed, partial, failed
    dry_run      BOOLEAN      NOT NULL DEFAULT FALSE,
    force        BOOLEAN      NOT NULL DEFAULT FALSE,
    owner        VARCHAR(255),
    request      JSONB,                      -- what was asked, so an accepted run can be resumed after a restart
    total        INT          NOT NULL DEFAULT 0,
    done         INT          NOT NULL DEFAULT 0,
    http_status  INT,
    summary      JSONB,
    error        TEXT,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX cleanup_runs_created_idx ON cleanup_runs (created_at DESC);
CREATE INDEX cleanup_runs_state_idx ON cleanup_runs (state) WHERE state IN ('accepted', 'running');

-- Audit: every deletion attempt's outcome, one row per resource per run.
CREATE TABLE cleanup_operations (
    id             BIGSERIAL PRIMARY KEY,
    run_id         UUID         NOT NULL REFERENCES cleanup_runs (run_id),
    node_name      VARCHAR(255),
    deployment_id  VARCHAR(255),
    resource_type  VARCHAR(64)  NOT NULL,
    tracked_id     BIGINT,
    ibm_id         VARCHAR(255),
    resource_name  VARCHAR(255),
    outcome        VARCHAR(20)  NOT NULL,    -- DELETED, ALREADY_GONE, SKIPPED, BLOCKED, FAILED
    success        BOOLEAN      NOT NULL,
    http_status    INT,
    attempts       INT          NOT NULL DEFAULT 0,
    duration_ms    BIGINT       NOT NULL DEFAULT 0,
    message        TEXT,
    trace_id       VARCHAR(255),
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX cleanup_operations_run_idx ON cleanup_operations (run_id);
CREATE INDEX cleanup_operations_node_idx ON cleanup_operations (node_name);

-- Deletions that did not succeed after every retry (or were blocked), kept so they can be retried or scripted.
CREATE TABLE dead_letters (
    id               BIGSERIAL PRIMARY KEY,
    run_id           UUID         NOT NULL REFERENCES cleanup_runs (run_id),
    node_name        VARCHAR(255),
    deployment_id    VARCHAR(255),
    resource_type    VARCHAR(64)  NOT NULL,
    tracked_id       BIGINT       NOT NULL,
    ibm_id           VARCHAR(255),
    resource_name    VARCHAR(255),
    outcome          VARCHAR(20)  NOT NULL,  -- FAILED or BLOCKED
    error            TEXT,
    attempts         INT          NOT NULL DEFAULT 0,
    last_http_status INT,
    trace_id         VARCHAR(255),
    status           VARCHAR(20)  NOT NULL DEFAULT 'open',   -- open, retried, resolved
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    retried_at       TIMESTAMPTZ,
    retry_run_id     UUID
);
CREATE INDEX dead_letters_open_idx ON dead_letters (status, node_name);
CREATE INDEX dead_letters_deployment_idx ON dead_letters (deployment_id);
