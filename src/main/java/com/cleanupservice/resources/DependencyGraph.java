package com.cleanupservice.resources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The order the types' declared dependencies imply. Types connected by dependencies form a lane, run step by step
 * (a type's level is one more than its deepest dependency); unconnected lanes run side by side. With the four types
 * of today: DNS records form one lane, and bare metal server -> VNIs -> reserved IPs the other.
 */
public final class DependencyGraph {

    /** Levels of one lane, in order; the types of one level may run at the same time. */
    public record Lane(List<List<ResourceType>> levels) {
        public String label() {
            return levels.stream().flatMap(List::stream).map(ResourceType::name).reduce((a, b) -> a + " -> " + b).orElse("");
        }
    }

    private final ResourceTypes types;

    public DependencyGraph(ResourceTypes types) {
        this.types = types;
    }

    public List<Lane> lanes() {
        Map<String, Integer> level = new HashMap<>();
        for (ResourceType t : types.all()) {
            level(t, level, new HashSet<>());
        }
        Map<String, String> component = components();
        Map<String, TreeMap<Integer, List<ResourceType>>> lanes = new TreeMap<>();
        for (ResourceType t : types.all()) {
            lanes.computeIfAbsent(component.get(t.name()), k -> new TreeMap<>())
                    .computeIfAbsent(level.get(t.name()), k -> new ArrayList<>())
                    .add(t);
        }
        return lanes.values().stream()
                .map(levels -> new Lane(List.copyOf(levels.values())))
                .sorted(Comparator.comparing(Lane::label))
                .toList();
    }

    private int level(ResourceType t, Map<String, Integer> level, Set<String> visiting) {
        Integer known = level.get(t.name());
        if (known != null) {
            return known;
        }
        if (!visiting.add(t.name())) {
            throw new IllegalStateException("resource type dependencies form a cycle through '" + t.name() + "'");
        }
        int l = 0;
        for (String dependency : t.declaration().deleteAfter()) {
            l = Math.max(l, 1 + level(types.get(dependency), level, visiting));
        }
        visiting.remove(t.name());
        level.put(t.name(), l);
        return l;
    }

    /** Union-find over dependency edges; each type maps to its component's representative. */
    private Map<String, String> components() {
        Map<String, String> parent = new HashMap<>();
        for (ResourceType t : types.all()) {
            parent.put(t.name(), t.name());
        }
        for (ResourceType t : types.all()) {
            for (String dependency : t.declaration().deleteAfter()) {
                String a = find(parent, t.name());
                String b = find(parent, dependency);
                if (!a.equals(b)) {
                    parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
                }
            }
        }
        Map<String, String> component = new HashMap<>();
        for (String name : parent.keySet()) {
            component.put(name, find(parent, name));
        }
        return component;
    }

    private static String find(Map<String, String> parent, String name) {
        String p = parent.get(name);
        return p.equals(name) ? name : find(parent, p);
    }
}
