package com.cleanupservice.simulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The registry of resource kinds: the one list the generic parts iterate. Adding a kind is adding its class and
 * one line to {@link #ALL}; names that two kinds would share (wire names, collections, operations, paths, record
 * classes) fail here, when the class loads, not at the first request.
 */
final class Kinds {
    // one line per kind, none depending on its neighbours, so kinds come and go without touching each other
    static final Kinds ALL = new Kinds(Stream.<SimKind<?>>builder()
            .add(new BareMetalServerKind())
            .add(new VirtualNetworkInterfaceKind())
            .add(new SubnetReservedIpKind())
            .add(new DnsRecordKind())
            .add(new FloatingIpKind())
            .add(new SecurityGroupKind())
            .add(new SubnetKind())
            .add(new PublicGatewayKind())
            .add(new KeyKind())
            .add(new LoadBalancerKind())
            .add(new EndpointGatewayKind())
            .build().toList());

    private final List<SimKind<?>> kinds;
    private final Map<String, SimKind<?>> byWireName = new LinkedHashMap<>();
    private final Map<Class<?>, SimKind<?>> byType = new LinkedHashMap<>();

    Kinds(List<SimKind<?>> kinds) {
        this.kinds = List.copyOf(kinds);
        Set<String> names = new HashSet<>();
        for (SimKind<?> kind : kinds) {
            List<String> unique = new ArrayList<>(kind.operations());
            unique.add("kind " + kind.wireName());
            unique.add("collection " + kind.collectionName());
            unique.add("path " + kind.path());
            unique.add("type " + kind.type().getName());
            for (String name : unique) {
                if (!names.add(name)) {
                    throw new IllegalStateException("two resource kinds declare " + name);
                }
            }
            byWireName.put(kind.wireName(), kind);
            byType.put(kind.type(), kind);
        }
    }

    List<SimKind<?>> all() {
        return kinds;
    }

    /** @throws IllegalArgumentException for a name no kind has */
    SimKind<?> byWireName(String name) {
        SimKind<?> kind = byWireName.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown resource kind '" + name + "' (expected one of "
                    + byWireName.keySet() + ")");
        }
        return kind;
    }

    @SuppressWarnings("unchecked")
    <R extends Resource> SimKind<R> of(Class<R> type) {
        SimKind<R> kind = (SimKind<R>) byType.get(type);
        if (kind == null) {
            throw new IllegalArgumentException("no resource kind keeps " + type.getName());
        }
        return kind;
    }

    @SuppressWarnings("unchecked")
    <R extends Resource> SimKind<R> of(R resource) {
        return of((Class<R>) resource.getClass());
    }

    /** Every operation the kinds serve. */
    List<String> operations() {
        return kinds.stream().flatMap(k -> k.operations().stream()).toList();
    }
}
