-- State of the IBM Cloud simulator (schema ibmsim). Relations between resources are kept consistent by the
-- simulator itself, which enforces IBM's rules in memory before writing; only a server's own attachments are
-- tied to it here.
-- seq is the creation order across all kinds: lists are sorted by it and VPC page tokens point into it.

CREATE TABLE bare_metal_server (
    id              text        PRIMARY KEY,
    seq             bigint      NOT NULL UNIQUE,
    name            text        NOT NULL,
    status          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    -- while status = 'deleting': when the deletion completes, so a restarted simulator keeps the countdown
    delete_deadline timestamptz,
    -- the pending deletion ends in status 'failed' instead of removal (fault type delete_fails)
    delete_fails    boolean     NOT NULL DEFAULT false
);

CREATE TABLE bare_metal_server_network_attachment (
    server_id                    text NOT NULL REFERENCES bare_metal_server (id) ON DELETE CASCADE,
    position                     int  NOT NULL, -- 0 is the primary network attachment
    id                           text NOT NULL UNIQUE,
    name                         text NOT NULL,
    virtual_network_interface_id text NOT NULL,
    PRIMARY KEY (server_id, position)
);

CREATE TABLE virtual_network_interface (
    id               text        PRIMARY KEY,
    seq              bigint      NOT NULL UNIQUE,
    name             text        NOT NULL,
    subnet_id        text        NOT NULL,
    primary_ip_id    text        NOT NULL,
    auto_delete      boolean     NOT NULL,
    created_at       timestamptz NOT NULL,
    target_server_id text -- the bare metal server it is attached to; NULL when free
);

CREATE TABLE subnet_reserved_ip (
    id            text        PRIMARY KEY,
    seq           bigint      NOT NULL UNIQUE,
    subnet_id     text        NOT NULL,
    name          text        NOT NULL,
    address       text        NOT NULL,
    auto_delete   boolean     NOT NULL,
    created_at    timestamptz NOT NULL,
    target_vni_id text, -- the virtual network interface it is bound to; NULL when unbound
    UNIQUE (subnet_id, address)
);

CREATE TABLE dns_record (
    id          text        PRIMARY KEY,
    seq         bigint      NOT NULL UNIQUE,
    instance_id text        NOT NULL,
    zone_id     text        NOT NULL,
    name        text        NOT NULL,
    type        text        NOT NULL CHECK (type IN ('A', 'AAAA', 'CNAME', 'PTR')),
    ttl         int         NOT NULL,
    rdata       text        NOT NULL, -- ip (A, AAAA), ptrdname (PTR) or cname (CNAME)
    created_on  timestamptz NOT NULL,
    modified_on timestamptz NOT NULL
);
