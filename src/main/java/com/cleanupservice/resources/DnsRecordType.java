package com.cleanupservice.resources;

import com.cleanupservice.config.Settings;
import com.cleanupservice.ibm.IbmApi;
import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.IbmService;
import com.cleanupservice.ibm.Models.Page;
import com.google.gson.annotations.SerializedName;

import com.cleanupservice.persistence.Jdbc;
import java.sql.SQLException;
import java.util.Map;
import java.util.List;

/**
 * A DNS Services resource record, of a node or of a whole deployment (cluster-level records have no node). DNS is
 * independent of the VPC resources; within it, a PTR record goes before the A/AAAA record it points at. Instance
 * and zone come from the row, else from configuration.
 */
public final class DnsRecordType extends DeclaredType
        implements ResourceType.Inspect, ResourceType.Discovery, ResourceType.Listed, ResourceType.Ordering, ResourceType.Defaults, ResourceType.Commands {

    private static final Declaration DECLARATION = Declaration.of("dns_record", "dns_records", "dns_record_deletion", IbmApi.DNS)
            .label("DNS records")
            .seed(3)
            .request("DELETE /v1/instances/{scope}/dnszones/{parent}/resource_records/{id}")
            .fields(Map.of("record_name", RecordField.TEXT, "record_type", RecordField.TEXT, "rdata", RecordField.TEXT,
                    "dns_instance_id", RecordField.ID, "dns_zone_id", RecordField.ID));

    private static final TrackedTable TABLE = TrackedTable.of("dns_records", "record_id", "record_name").global()
            .kind("t.record_type").detail("t.rdata").parent("t.dns_zone_id").scope("t.dns_instance_id").withDeploymentRows()
            // the type is compared along with a recorded name (a row without one has nothing worth a look: its id says its type)
            .identity("CASE WHEN t.record_name IS NULL THEN NULL ELSE json_build_object('dns_name', t.record_name, 'type', t.record_type) END");

    static final String INSTANCE_VARIABLE = "DNS_INSTANCE_ID";
    static final String ZONE_VARIABLE = "DNS_ZONE_ID";

    private final String defaultInstanceId;
    private final String defaultZoneId;

    /** A DNS Services resource record, the fields this type reads. */
    public record DnsRecord(String id, String name, String type, Integer ttl, Map<String, Object> rdata,
                            @SerializedName("created_on") String createdOn) {
    }

    /** The DNS Services calls this type makes. */
    public record ResourceRecords(IbmService dns) {
        private static final String RECORD = "/instances/{instance_id}/dnszones/{dnszone_id}/resource_records/{record_id}";
        private static final String RECORDS = "/instances/{instance_id}/dnszones/{dnszone_id}/resource_records";

        public DnsRecord getResourceRecord(String instanceId, String zoneId, String recordId) {
            return dns.get(RECORD, Map.of("instance_id", instanceId, "dnszone_id", zoneId, "record_id", recordId),
                    "getResourceRecord", DnsRecord.class);
        }

        public void deleteResourceRecord(String instanceId, String zoneId, String recordId) {
            dns.delete(RECORD, Map.of("instance_id", instanceId, "dnszone_id", zoneId, "record_id", recordId),
                    "deleteResourceRecord");
        }

        /** {@code start} is the offset as a string (null for the first page). */
        public Page<DnsRecord> listResourceRecords(String instanceId, String zoneId, String start, int limit) {
            return dns.list(RECORDS, Map.of("instance_id", instanceId, "dnszone_id", zoneId), Map.of(),
                    "listResourceRecords", "resource_records", DnsRecord.class, start, limit);
        }
    }

    /** The records of the target's zones: an A/AAAA record's address, a PTR record's target name. */
    @Override
    public Discoverable discovery() {
        return Discoverable.under(Discoverable.Container.DNS_ZONE, (ibm, scope, pages) -> {
            List<Discoverable.Found> found = new java.util.ArrayList<>();
            for (Discoverable.Zone zone : scope.zones()) {
                Discoverable.eachIn("dnszones/" + zone.zoneId() + "/resource_records", pages,
                        start -> calls(ibm).listResourceRecords(zone.instanceId(), zone.zoneId(), start, 100), r -> {
                            String type = r.type() == null ? "" : r.type().toUpperCase(java.util.Locale.ROOT);
                            Object ip = r.rdata() == null ? null : r.rdata().get("ip");
                            Object target = r.rdata() == null ? null : r.rdata().get("ptrdname");
                            String rdata = ip != null ? ip.toString() : target != null ? target.toString() : null;
                            found.add(new Discoverable.Found(this, r.id(), r.name(), zone.zoneId(), java.util.Set.of(),
                                    ip == null ? null : ip.toString(), "PTR".equals(type) && target != null ? target.toString() : null,
                                    Discoverable.fields("record_name", r.name(), "record_type", type, "rdata", rdata,
                                            "dns_instance_id", zone.instanceId(), "dns_zone_id", zone.zoneId())));
                        });
            }
            return found;
        });
    }

    private static ResourceRecords calls(IbmClients ibm) {
        return new ResourceRecords(ibm.dns());
    }

    public DnsRecordType(Settings settings) {
        super(DECLARATION, TABLE);
        this.defaultInstanceId = settings.optional("cleanup.ibm.dns-instance-id").orElse(null);
        this.defaultZoneId = settings.optional("cleanup.ibm.dns-zone-id").orElse(null);
    }

    @Override
    public int orderWithinType(TrackedResource record) {
        return "PTR".equalsIgnoreCase(record.kind()) ? 0 : 1;
    }

    /**
     * The host name a record is about: an A/AAAA/CNAME record's own name, a PTR record's target (its rdata). An A
     * record then waits only for the PTR records that point at it, not behind an unrelated PTR that hangs.
     */
    @Override
    public String dependencyGroup(TrackedResource record) {
        String host = "PTR".equalsIgnoreCase(record.kind()) ? record.detail() : record.name();
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @Override
    public TrackedResource withDefaults(TrackedResource record) {
        return record.withParent(record.parentId() != null ? record.parentId() : defaultZoneId,
                record.scopeId() != null ? record.scopeId() : defaultInstanceId);
    }

    /** Gone, or not the record recorded (its name and type, in the row's zone): settled without a delete. */
    @Override
    public Attempt inspect(IbmClients ibm, TrackedResource record, Sightings seen) {
        if (record.parentId() == null || record.scopeId() == null) {
            return null;
        }
        return Look.at(record, () -> calls(ibm).getResourceRecord(record.scopeId(), record.parentId(), record.ibmId()),
                "DNS record " + record.label() + " not found (already deleted)", DnsRecordType::identity).settled();
    }

    private static Map<String, String> identity(DnsRecord r) {
        return Identity.live(Identity.DNS_NAME, r.name(), Identity.TYPE, r.type());
    }

    /** A zone's records, 100 a page, with their names and types. */
    @Override
    public Listing listing() {
        return new Listing() {
            @Override
            public String container(TrackedResource record) {
                return record.parentId() == null || record.scopeId() == null ? null : record.scopeId() + "/" + record.parentId();
            }

            @Override
            public Page<Map.Entry<String, Map<String, String>>> page(IbmClients ibm, TrackedResource record, String start) {
                Page<DnsRecord> page = calls(ibm).listResourceRecords(record.scopeId(), record.parentId(), start, 100);
                return new Page<>(page.items().stream().map(r -> Map.entry(r.id(), identity(r))).toList(), page.next(), page.totalCount());
            }
        };
    }

    @Override
    public Attempt delete(IbmClients ibm, TrackedResource record) {
        if (record.parentId() == null || record.scopeId() == null) {
            return Attempt.blocked("No DNS instance/zone known for record " + record.ibmId()
                    + ": set them on the row or configure CLEANUP_IBM_DNS_INSTANCE_ID and CLEANUP_IBM_DNS_ZONE_ID");
        }
        return Attempt.deleteUnlessGone(() -> calls(ibm).deleteResourceRecord(record.scopeId(), record.parentId(), record.ibmId()),
                Attempt.deleted("Deleted DNS record " + record.label() + " (" + record.kind() + ")"),
                "DNS record " + record.label() + " not found (already deleted)");
    }

    @Override
    public Attempt probe(IbmClients ibm, TrackedResource record) {
        if (record.parentId() == null || record.scopeId() == null) {
            throw new IllegalStateException("no DNS instance/zone known for record " + record.ibmId());
        }
        return Attempt.unlessGone(() -> {
            DnsRecord current = calls(ibm).getResourceRecord(record.scopeId(), record.parentId(), record.ibmId());
            return Attempt.stillPresent("DNS record " + current.name() + " (" + current.type() + ", " + record.ibmId() + ") still exists"
                    + Identity.note(record, identity(current)));
        }, "DNS record " + record.label() + " not found (successfully deleted)");
    }

    @Override
    public List<CliArg> cliShow(TrackedResource record) {
        return CliArg.ibmcloud("dns", "resource-record", zone(record), record.ibmId(), "-i", instance(record));
    }

    /** {@code --force}, not {@code -f}: older versions of the DNS plugin know only the long spelling. */
    @Override
    public List<CliArg> cliDelete(TrackedResource record) {
        return CliArg.ibmcloud("dns", "resource-record-delete", zone(record), record.ibmId(), "-i", instance(record), "--force");
    }

    @Override
    public Map<String, String> scriptVariables() {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        variables.put(INSTANCE_VARIABLE, defaultInstanceId);
        variables.put(ZONE_VARIABLE, defaultZoneId);
        return variables;
    }

    /** The configured zone and instance appear as variables set at the top of a generated script. */
    private CliArg zone(TrackedResource record) {
        return record.parentId() == null || record.parentId().equals(defaultZoneId) ? CliArg.var(ZONE_VARIABLE) : CliArg.of(record.parentId());
    }

    private CliArg instance(TrackedResource record) {
        return record.scopeId() == null || record.scopeId().equals(defaultInstanceId) ? CliArg.var(INSTANCE_VARIABLE) : CliArg.of(record.scopeId());
    }

    @Override
    public boolean track(Jdbc.Tx tx, String nodeName, String deploymentId, String ibmId, Map<String, String> details) throws SQLException {
        String type = details.get("record_type");
        if (type == null && ibmId.contains(":")) {
            type = ibmId.substring(0, ibmId.indexOf(':')); // IBM's record ids start with their type: "A:...", "PTR:..."
        }
        if (type == null || !type.matches("[A-Z]{1,10}")) {
            throw new IllegalArgumentException("record_type is required (A, AAAA, CNAME, PTR, ...)");
        }
        if ((details.get("dns_instance_id") == null && defaultInstanceId == null) || (details.get("dns_zone_id") == null && defaultZoneId == null)) {
            throw new IllegalArgumentException("dns_instance_id and dns_zone_id are required (none are configured)");
        }
        return tx.update("""
                INSERT INTO dns_records (node_name, deployment_id, record_name, record_type, rdata, record_id, dns_instance_id, dns_zone_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (record_id) DO NOTHING
                """, nodeName, deploymentId, details.get("record_name"), type, details.get("rdata"), ibmId,
                details.get("dns_instance_id"), details.get("dns_zone_id")) == 1;
    }
}
