package com.cleanupservice.resources;

import com.cleanupservice.ibm.IbmClients;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a type finds in IBM Cloud around a target, for drift discovery: it lists the collections its resources of the
 * target live in (the target's subnets or DNS zones when the collection is one of those, else the whole collection), a
 * page at a time, and describes each item by the facts ownership evidence is made of. A type that does not implement
 * it is not discovered (a security group, say, may be shared by the whole VPC: nothing about it says whose it is).
 */
public interface Discoverable {

    /** Every item of a collection, page after page (each page counted): {@code list} takes the previous page's cursor. */
    static <T> void each(String collection, Pages pages, java.util.function.Function<String, com.cleanupservice.ibm.Models.Page<T>> list,
                         java.util.function.Consumer<T> item) {
        String start = null;
        do {
            com.cleanupservice.ibm.Models.Page<T> page = list.apply(start);
            pages.listed(collection, page.items().size());
            page.items().forEach(item);
            start = page.next();
        } while (start != null);
    }

    /**
     * As {@link #each}, for the collection under one container (a subnet's reserved IPs, a DNS zone's records): a
     * container IBM answers 404 for holds nothing — it is gone, and what was in it went with it (a subnet deleted by
     * the cleanup being validated) —, so its listing is complete and empty, not a failed scan. Any other error is.
     */
    static <T> void eachIn(String collection, Pages pages, java.util.function.Function<String, com.cleanupservice.ibm.Models.Page<T>> list,
                           java.util.function.Consumer<T> item) {
        try {
            each(collection, pages, list, item);
        } catch (RuntimeException e) {
            if (!com.cleanupservice.ibm.IbmErrors.notFound(e)) {
                throw e;
            }
            pages.listed(collection, 0);
        }
    }

    /** A map without the null values (a record's optional fields). */
    static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                fields.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return fields;
    }

    /** Lists what the scope asks for; every page counted in {@code pages}. */
    List<Found> scan(IbmClients ibm, Scope scope, Pages pages);

    /**
     * Where the type's collections live: the whole account ({@code NONE}), or a subnet or DNS zone each — which are
     * then the target's only (its tracked rows' {@code parent_id}), and evidence by address or name applies there.
     */
    enum Container { NONE, SUBNET, DNS_ZONE }

    default Container container() {
        return Container.NONE;
    }

    /** A scan whose collections are under {@code container}s. */
    static Discoverable under(Container container, Discoverable scan) {
        return new Discoverable() {
            @Override
            public List<Found> scan(IbmClients ibm, Scope scope, Pages pages) {
                return scan.scan(ibm, scope, pages);
            }

            @Override
            public Container container() {
                return container;
            }
        };
    }

    /** The target's containers, from its tracked rows: subnet ids, and DNS zones (instance and zone id). */
    record Scope(Set<String> subnets, Set<Zone> zones) {
    }

    record Zone(String instanceId, String zoneId) {
    }

    /** Counts the list calls a scan makes, by collection. */
    interface Pages {
        void listed(String collection, int items);
    }

    /**
     * One resource as listed.
     *
     * @param container  the subnet (or DNS zone) it was found in; null when its collection has none
     * @param attachedTo IBM ids of what it is attached to or serves (a VNI's server, a reserved IP's VNI)
     * @param address    the IP address it holds or names (a reserved IP's, an A record's)
     * @param pointsAt   the host name it points at (a PTR record's target)
     * @param record     what a provisioner's record of it would carry ({@code subnet_id}, ...): what adoption tracks
     */
    record Found(ResourceType type, String id, String name, String container, Set<String> attachedTo, String address,
                 String pointsAt, Map<String, String> record) {
    }
}
