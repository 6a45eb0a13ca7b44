package com.cleanupservice.simulator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The resources, in memory and (write-through) in a {@link StatePersistence}. All access goes through
 * {@link #transaction}: the work runs under one lock against a {@link Tx} that stages its changes; they are
 * written to the persistence first and only applied in memory once that succeeded, so the two never diverge.
 */
final class Store {
    private final StatePersistence persistence;
    // Per kind, by id, in creation (seq) order: new ids get higher seqs and updates keep their map position.
    private final Map<ResourceKind, LinkedHashMap<String, Resource>> resources = new EnumMap<>(ResourceKind.class);
    private long nextSeq;

    Store(StatePersistence persistence) {
        this.persistence = persistence;
        for (ResourceKind kind : ResourceKind.values()) {
            resources.put(kind, new LinkedHashMap<>());
        }
        long maxSeq = 0;
        for (Resource resource : persistence.loadAll()) {
            resources.get(resource.kind()).put(resource.id(), resource);
            maxSeq = Math.max(maxSeq, resource.seq());
        }
        nextSeq = maxSeq + 1;
    }

    synchronized <T> T transaction(Function<Tx, T> work) {
        Tx tx = new Tx();
        T result = work.apply(tx);
        if (!tx.changes.isEmpty()) {
            persistence.apply(tx.changes.values());
            for (StatePersistence.Change change : tx.changes.values()) {
                if (change.resource() == null) {
                    resources.get(change.kind()).remove(change.id());
                } else {
                    resources.get(change.kind()).put(change.id(), change.resource());
                }
            }
        }
        return result;
    }

    synchronized void clear() {
        persistence.clear();
        resources.values().forEach(Map::clear);
    }

    /** A view of the store with staged changes; only valid inside {@link #transaction}. */
    final class Tx {
        private record Key(ResourceKind kind, String id) {
        }

        private final Map<Key, StatePersistence.Change> changes = new LinkedHashMap<>();

        long nextSeq() {
            return nextSeq++;
        }

        BareMetalServer server(String id) {
            return (BareMetalServer) get(ResourceKind.BARE_METAL_SERVER, id);
        }

        VirtualNetworkInterface vni(String id) {
            return (VirtualNetworkInterface) get(ResourceKind.VIRTUAL_NETWORK_INTERFACE, id);
        }

        ReservedIp reservedIp(String id) {
            return (ReservedIp) get(ResourceKind.SUBNET_RESERVED_IP, id);
        }

        DnsRecord dnsRecord(String id) {
            return (DnsRecord) get(ResourceKind.DNS_RECORD, id);
        }

        /** The resource of that kind and id, or {@code null}. */
        Resource get(ResourceKind kind, String id) {
            StatePersistence.Change staged = changes.get(new Key(kind, id));
            return staged != null ? staged.resource() : resources.get(kind).get(id);
        }

        /** All resources of a kind, in creation order. */
        @SuppressWarnings("unchecked")
        <R extends Resource> List<R> all(ResourceKind kind) {
            List<R> result = new ArrayList<>();
            for (Resource committed : resources.get(kind).values()) {
                Resource current = get(kind, committed.id());
                if (current != null) {
                    result.add((R) current);
                }
            }
            for (StatePersistence.Change change : changes.values()) {
                if (change.kind() == kind && change.resource() != null
                        && !resources.get(kind).containsKey(change.id())) {
                    result.add((R) change.resource());
                }
            }
            return result;
        }

        void put(Resource resource) {
            changes.put(new Key(resource.kind(), resource.id()),
                    new StatePersistence.Change(resource.kind(), resource.id(), resource));
        }

        void remove(Resource resource) {
            changes.put(new Key(resource.kind(), resource.id()),
                    new StatePersistence.Change(resource.kind(), resource.id(), null));
        }
    }
}
