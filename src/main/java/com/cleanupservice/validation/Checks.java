package com.cleanupservice.validation;

import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.TrackedResource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a validation: one per distinct {@code validationCheck()} of the given types, in the seed's order
 * (types the seed did not know follow, by name), each present even when nothing of its kind is tracked.
 */
final class Checks {
    /** The order of the seed's {@code validation_results}. */
    static final List<String> SEED_ORDER = List.of("bare_metal_server", "virtual_network_interfaces", "dns_records", "ip_reservations");

    private final List<String> names;
    /** Check name to the words messages use for it, from the types themselves. */
    private final Map<String, String> labels = new LinkedHashMap<>();

    Checks(Collection<? extends ResourceType> types) {
        this.names = types.stream().map(ResourceType::validationCheck).distinct().sorted(SEED_FIRST).toList();
        types.forEach(t -> labels.putIfAbsent(t.validationCheck(), t.label()));
    }

    List<String> names() {
        return names;
    }

    /** Every check, built from the lookups of the resources it covers. */
    List<Check> of(List<LookupResult> results) {
        Map<String, List<LookupResult>> byCheck = new LinkedHashMap<>();
        names.forEach(name -> byCheck.put(name, new ArrayList<>()));
        for (LookupResult r : results) {
            TrackedResource resource = r.resource();
            byCheck.computeIfAbsent(resource.type().validationCheck(), k -> new ArrayList<>()).add(r);
        }
        List<Check> checks = new ArrayList<>();
        byCheck.forEach((name, resources) -> checks.add(Check.of(name, label(name), resources)));
        return checks;
    }

    static boolean allPass(List<Check> checks) {
        return checks.stream().allMatch(c -> c.status() == CheckStatus.PASS);
    }

    static List<Map<String, Object>> toJson(List<Check> checks) {
        return checks.stream().map(Check::toJson).toList();
    }

    String label(String check) {
        return labels.getOrDefault(check, check.replace('_', ' '));
    }

    private static final Comparator<String> SEED_FIRST = Comparator
            .comparingInt((String name) -> SEED_ORDER.contains(name) ? SEED_ORDER.indexOf(name) : SEED_ORDER.size())
            .thenComparing(Comparator.naturalOrder());
}
