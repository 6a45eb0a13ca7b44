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
 * The checks of a validation: one per distinct {@code validationCheck()} of the given types, in the types'
 * {@code reportOrder()} (the seed's order first), each present even when nothing of its kind is tracked.
 */
final class Checks {
    private final List<String> names;
    /** Check name to the words messages use for it, from the types themselves. */
    private final Map<String, String> labels = new LinkedHashMap<>();

    Checks(Collection<? extends ResourceType> types) {
        Map<String, Integer> order = new LinkedHashMap<>();
        types.forEach(t -> order.merge(t.validationCheck(), t.reportOrder(), Math::min));
        this.names = order.keySet().stream()
                .sorted(Comparator.comparing((String name) -> order.get(name)).thenComparing(Comparator.naturalOrder()))
                .toList();
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
}
