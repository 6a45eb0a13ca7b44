-- One table for every kind of simulated resource: the kind declares the document's shape (SimKind.toDocument), so a
-- new kind needs no migration of its own. The rows of V1's per-kind tables move here unchanged, with the kinds'
-- field names, and the old tables go.
-- seq is the creation order across all kinds: lists are sorted by it and VPC page tokens point into it.

CREATE TABLE resource (
    kind     text   NOT NULL, -- the kind's wire name, e.g. bare_metal_server
    id       text   NOT NULL,
    seq      bigint NOT NULL UNIQUE,
    document jsonb  NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Timestamps as RFC 3339 in UTC with millisecond precision, as the simulator writes them.
CREATE FUNCTION pg_temp.rfc3339(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

INSERT INTO resource (kind, id, seq, document)
SELECT 'bare_metal_server', s.id, s.seq, jsonb_build_object(
           'name', s.name,
           'status', s.status,
           'created_at', pg_temp.rfc3339(s.created_at),
           'delete_deadline', pg_temp.rfc3339(s.delete_deadline),
           'delete_fails', s.delete_fails,
           'network_attachments', COALESCE((
               SELECT jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name,
                                                   'virtual_network_interface_id', a.virtual_network_interface_id)
                                ORDER BY a.position)
               FROM bare_metal_server_network_attachment a
               WHERE a.server_id = s.id), '[]'::jsonb))
FROM bare_metal_server s;

INSERT INTO resource (kind, id, seq, document)
SELECT 'virtual_network_interface', v.id, v.seq, jsonb_build_object(
           'name', v.name,
           'subnet_id', v.subnet_id,
           'primary_ip_id', v.primary_ip_id,
           'auto_delete', v.auto_delete,
           'created_at', pg_temp.rfc3339(v.created_at),
           'target_server_id', v.target_server_id)
FROM virtual_network_interface v;

INSERT INTO resource (kind, id, seq, document)
SELECT 'subnet_reserved_ip', ip.id, ip.seq, jsonb_build_object(
           'subnet_id', ip.subnet_id,
           'name', ip.name,
           'address', ip.address,
           'auto_delete', ip.auto_delete,
           'created_at', pg_temp.rfc3339(ip.created_at),
           'target_vni_id', ip.target_vni_id)
FROM subnet_reserved_ip ip;

INSERT INTO resource (kind, id, seq, document)
SELECT 'dns_record', r.id, r.seq, jsonb_build_object(
           'instance_id', r.instance_id,
           'zone_id', r.zone_id,
           'name', r.name,
           'type', r.type,
           'ttl', r.ttl,
           'rdata', r.rdata,
           'created_on', pg_temp.rfc3339(r.created_on),
           'modified_on', pg_temp.rfc3339(r.modified_on))
FROM dns_record r;

DROP TABLE bare_metal_server_network_attachment;
DROP TABLE bare_metal_server;
DROP TABLE virtual_network_interface;
DROP TABLE subnet_reserved_ip;
DROP TABLE dns_record;
