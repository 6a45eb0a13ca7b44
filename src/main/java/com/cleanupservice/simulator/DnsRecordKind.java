package com.cleanupservice.simulator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * DNS Services resource records of type A, AAAA, CNAME and PTR, under
 * {@code /v1/instances/{instance_id}/dnszones/{dnszone_id}/resource_records}. An A/AAAA record cannot be deleted
 * while a PTR record of its zone points at its name (409).
 */
final class DnsRecordKind extends SimKind<DnsRecordKind.DnsRecord> {
    private static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "PTR");
    private static final int DEFAULT_TTL = 900;
    private static final String POINTS_AT_INDEX = "points_at";

    /** @param rdata the record's single data value: the address (A, AAAA), {@code ptrdname} (PTR) or {@code cname} (CNAME) */
    record DnsRecord(String id, long seq, String instanceId, String zoneId, String name, String type, int ttl,
                     String rdata, Instant createdOn, Instant modifiedOn) implements Resource {

        @JsonIgnore
        boolean isAddressRecord() {
            return type.equals("A") || type.equals("AAAA");
        }

        /**
         * The key under which a PTR record of the same zone naming {@code name} is indexed: such a record holds up
         * the deletion of the A/AAAA record {@code name}. DNS names compare case-insensitively, with or without the
         * trailing root dot.
         */
        static String pointerKey(String instanceId, String zoneId, String name) {
            String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            return instanceId + " " + zoneId + " " + bare.toLowerCase(Locale.ROOT);
        }
    }

    /** As DNS Services answers it (not in alphabetical order, unlike VPC). */
    record Json(String id, Instant createdOn, Instant modifiedOn, String name, String type, int ttl, Rdata rdata) {
    }

    /** The one data field of the record's type. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rdata(String ip, String cname, String ptrdname) {
    }

    record Placement(String instanceId, String zoneId) {
    }

    /** {@code POST /sim/resources}: {@code rdata} is the address (A, AAAA), the ptrdname (PTR) or the cname (CNAME). */
    record Create(@Fields.Required String instanceId, @Fields.Required String zoneId, String id,
                  @Fields.Required String name, @Fields.Required String type, @Fields.Required String rdata) {
        Create {
            type = type.toUpperCase(Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("unsupported record type " + type
                        + " (expected A, AAAA, CNAME or PTR)");
            }
        }
    }

    DnsRecordKind() {
        super(DnsRecord.class, Create.class, Declaration.of("dns_record", "dns_records", Api.DNS,
                "/v1/instances/:instance_id/dnszones/:dnszone_id/resource_records", "Resource record")
                .withListKey("resource_records").withNotFoundCode("not_found"));
    }

    @Override
    Map<String, String> parent(DnsRecord r) {
        return Map.of("instance_id", r.instanceId(), "dnszone_id", r.zoneId());
    }

    /** A zone nobody created a record in answers 404, as at IBM, instead of an empty list. */
    @Override
    ApiException unknownParent(Map<String, String> parent) {
        return ApiException.notFound("not_found", "DNS zone not found: " + parent.get("dnszone_id") + " (instance "
                + parent.get("instance_id") + ")");
    }

    /** PTR records by the name they point at ({@link DnsRecord#pointerKey}), for the A/AAAA record's delete. */
    @Override
    Map<String, Function<DnsRecord, Collection<String>>> indexes() {
        return Map.of(POINTS_AT_INDEX, r -> r.type().equals("PTR")
                ? List.of(DnsRecord.pointerKey(r.instanceId(), r.zoneId(), r.rdata())) : null);
    }

    @Override
    Map<String, BiPredicate<DnsRecord, String>> filters() {
        return inOrder(Map.entry("type", (r, type) -> r.type().equalsIgnoreCase(type)),
                Map.entry("name", (r, name) -> r.name().equalsIgnoreCase(name)));
    }

    @Override
    ApiException refusal(CloudTx tx, DnsRecord record) {
        List<DnsRecord> pointers = !record.isAddressRecord() ? List.of() : tx.indexed(DnsRecord.class,
                POINTS_AT_INDEX, DnsRecord.pointerKey(record.instanceId(), record.zoneId(), record.name()));
        return pointers.isEmpty() ? null : ApiException.conflict("resource_record_in_use", "The " + record.type()
                + " record " + record.id() + " is referenced by PTR record " + pointers.get(0).id()
                + "; delete the PTR record first.");
    }

    // ---------------------------------------------------------------- admin

    @Override
    DnsRecord create(CloudTx tx, Fields fields) {
        Create in = fields.as(Create.class);
        String id = tx.newId(DnsRecord.class, in.id(), in.type() + ":" + UUID.randomUUID());
        return tx.put(new DnsRecord(id, tx.nextSeq(), in.instanceId(), in.zoneId(), in.name(), in.type(), DEFAULT_TTL,
                in.rdata(), tx.now(), tx.now()));
    }

    // ---------------------------------------------------------------- JSON

    @Override
    Json render(CloudTx tx, DnsRecord r) {
        Rdata rdata = switch (r.type()) {
            case "PTR" -> new Rdata(null, null, r.rdata());
            case "CNAME" -> new Rdata(null, r.rdata(), null);
            default -> new Rdata(r.rdata(), null, null);
        };
        return new Json(r.id(), r.createdOn(), r.modifiedOn(), r.name(), r.type(), r.ttl(), rdata);
    }

    /** The API has the instance and zone only in the path; the admin listing names them. */
    @Override
    Object adminView(CloudTx tx, DnsRecord r) {
        return CloudTx.merge(tx.render(r), new Placement(r.instanceId(), r.zoneId()));
    }
}
