package com.cleanupservice.validation;

import com.cleanupservice.api.schema.NodeValidation;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.TrackedResource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a validation: one per distinct {@code validationCheck()} of the given types, in the types'
 * {@code reportOrder()} (the seed's order first). A check of a type that is {@code alwaysChecked()} (the seed's four)
 * is present even when nothing of its kind is tracked; the others where something is.
 */
final class Checks {
    private final List<String> names;
    private final Map<String, Integer> order = new LinkedHashMap<>();
    private final Set<String> always = new HashSet<>();
    /** Check name to the words messages use for it, from the types themselves. */
    private final Map<String, String> labels = new LinkedHashMap<>();

    Checks(Collection<? extends ResourceType> types) {
        types.forEach(t -> {
            order.merge(t.declaration().reportGroup(), t.declaration().reportOrder(), Math::min);
            labels.putIfAbsent(t.declaration().reportGroup(), t.declaration().label());
            if (t.declaration().alwaysChecked()) {
                always.add(t.declaration().reportGroup());
            }
        });
        this.names = order.keySet().stream().sorted(inOrder()).toList();
    }

    /** Every check that can appear, in order. */
    List<String> names() {
        return names;
    }

    /** Every check of an answer, built from the lookups of the resources it covers. */
    List<Check> of(List<LookupResult> results) {
        Map<String, List<LookupResult>> byCheck = new HashMap<>();
        always.forEach(name -> byCheck.put(name, new ArrayList<>()));
        for (LookupResult r : results) {
            TrackedResource resource = r.resource();
            byCheck.computeIfAbsent(resource.type().declaration().reportGroup(), k -> new ArrayList<>()).add(r);
        }
        return byCheck.keySet().stream().sorted(inOrder()).map(name -> Check.of(name, label(name), byCheck.get(name))).toList();
    }

    private Comparator<String> inOrder() {
        return Comparator.comparing((String name) -> order.getOrDefault(name, Integer.MAX_VALUE)).thenComparing(Comparator.naturalOrder());
    }

    static boolean allPass(List<Check> checks) {
        return checks.stream().allMatch(c -> c.status() == CheckStatus.PASS);
    }

    static List<NodeValidation.Check> toJson(List<Check> checks) {
        return checks.stream().map(Check::toJson).toList();
    }

    String label(String check) {
        return labels.getOrDefault(check, check.replace('_', ' '));
    }
}
