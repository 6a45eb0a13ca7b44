package com.cleanupservice.simulator;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A DNS Services resource record.
 *
 * @param rdata the record's single data value: the address (A, AAAA), {@code ptrdname} (PTR) or {@code cname} (CNAME)
 */
record DnsRecord(String id, long seq, String instanceId, String zoneId, String name, String type, int ttl,
                 String rdata, Instant createdOn, Instant modifiedOn) implements Resource {

    static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "PTR");
    static final int DEFAULT_TTL = 900;

    @Override
    public ResourceKind kind() {
        return ResourceKind.DNS_RECORD;
    }

    boolean isAddressRecord() {
        return type.equals("A") || type.equals("AAAA");
    }

    /** Whether this is a PTR record of the same zone naming {@code addressRecord}, which can't go before it. */
    boolean pointsAt(DnsRecord addressRecord) {
        return type.equals("PTR") && instanceId.equals(addressRecord.instanceId())
                && zoneId.equals(addressRecord.zoneId()) && sameDnsName(rdata, addressRecord.name());
    }

    /** DNS names compare case-insensitively, with or without the trailing root dot. */
    private static boolean sameDnsName(String a, String b) {
        return stripRootDot(a).toLowerCase(Locale.ROOT).equals(stripRootDot(b).toLowerCase(Locale.ROOT));
    }

    private static String stripRootDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
