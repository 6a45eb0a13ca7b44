package com.cleanupservice.resources;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whether a live resource is still the one the ledger describes. A provisioner that recorded a wrong id (a copy of
 * another node's VNI, say) passes every ownership check — the id is tracked once, by it — so before anything is
 * deleted the live resource must show what was recorded with it: its name when the provisioner recorded one, and its
 * container or address when recorded. The keys are the same on both sides ({@link TrackedResource#recorded} and what a
 * type reads from IBM Cloud); a value recorded but not known live (IBM did not say) is a mismatch too, never a pass.
 */
public final class Identity {
    /** The resource's name (IBM's {@code name}), compared exactly. */
    public static final String NAME = "name";
    /** A DNS record's name: case and a trailing dot do not matter, and a relative name matches the full one IBM answers. */
    public static final String DNS_NAME = "dns_name";
    /** A DNS record's type (A, PTR, ...), case-insensitively. */
    public static final String TYPE = "type";
    /** An IP address, compared as an address (IPv6 spellings alike). */
    public static final String ADDRESS = "address";
    /** A bare metal server's zone. */
    public static final String ZONE = "zone";

    private static final Map<String, String> WORDS = Map.of(NAME, "name", DNS_NAME, "name", TYPE, "record type",
            ADDRESS, "address", ZONE, "zone");

    private Identity() {
    }

    /** One value that differs: what was recorded, what IBM Cloud shows (null when it shows none). */
    public record Difference(String field, String recorded, String live) {
        String sentence() {
            return WORDS.getOrDefault(field, field) + " is " + (live == null ? "not shown" : "'" + live + "'")
                    + " where '" + recorded + "' was recorded";
        }
    }

    /** Every recorded value the live one does not match; empty when the resource is the one recorded. */
    public static List<Difference> differences(TrackedResource resource, Map<String, String> live) {
        return resource.recorded().entrySet().stream()
                .filter(e -> !same(e.getKey(), e.getValue(), live.get(e.getKey())))
                .map(e -> new Difference(e.getKey(), e.getValue(), live.get(e.getKey())))
                .toList();
    }

    /**
     * BLOCKED when the live resource is not the one recorded, saying what differs (recorded and live values); null
     * when it is. Nothing is deleted: the id may be someone else's resource.
     */
    public static Attempt verify(TrackedResource resource, Map<String, String> live) {
        List<Difference> differences = differences(resource, live);
        if (differences.isEmpty()) {
            return null;
        }
        return Attempt.blocked("Not deleted: " + resource.type().name().replace('_', ' ') + " " + resource.ibmId()
                + " in IBM Cloud is not the one recorded: " + describe(differences)
                + ". The recorded id may be another resource's: check it; if the resource is this one and was renamed, "
                + "give it back its recorded name and retry");
    }

    /** For a probe's message: empty when the live resource is the one recorded, else why it may not be. */
    public static String note(TrackedResource resource, Map<String, String> live) {
        List<Difference> differences = differences(resource, live);
        return differences.isEmpty() ? "" : "; not the recorded one: " + describe(differences);
    }

    static String describe(List<Difference> differences) {
        return differences.stream().map(Difference::sentence).collect(Collectors.joining(", "));
    }

    /** The values of a live resource, leaving out what it does not show (nulls). */
    public static Map<String, String> live(String... keysAndValues) {
        return Discoverable.fields(keysAndValues);
    }

    static boolean same(String field, String recorded, String live) {
        if (live == null) {
            return false;
        }
        return switch (field) {
            case DNS_NAME -> sameDnsName(recorded, live);
            case TYPE -> recorded.equalsIgnoreCase(live);
            case ADDRESS -> address(recorded).equals(address(live));
            default -> recorded.equals(live);
        };
    }

    /**
     * {@code node01-mgmt} recorded matches {@code node01-mgmt.example.com} live: IBM answers a record's full name, and
     * the zone is the one in the record's own path (the row's zone), so only names of that zone can answer.
     */
    private static boolean sameDnsName(String recorded, String live) {
        String r = bare(recorded);
        String l = bare(live);
        return r.equals(l) || (!r.contains(".") && l.startsWith(r + "."));
    }

    private static String bare(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** An IPv6 address in its one canonical spelling (a literal is parsed, never looked up); anything else as it is. */
    private static String address(String value) {
        String v = value.trim();
        if (v.contains(":") && v.matches("[0-9A-Fa-f:.]{2,45}")) {
            try {
                return InetAddress.getByName(v).getHostAddress();
            } catch (UnknownHostException e) {
                return v;
            }
        }
        return v;
    }
}
