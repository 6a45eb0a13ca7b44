package com.cleanupservice.resources;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one node's cleanup has already seen of its resources in IBM Cloud, by IBM id: the values a later look would
 * read ({@link Identity}). A server's look shows the VNIs of its network attachments and their primary IPs, so those
 * are verified without a call of their own. Only what a verified resource showed is noted: a server that is not the
 * recorded one says nothing about whose its VNIs are.
 */
public final class Sightings {
    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    /** The IBM ids this cleanup tracks (its plans' resources), by type: what a look may act on or wait for. */
    private final Map<String, String> tracked = new ConcurrentHashMap<>();

    public void note(String ibmId, Map<String, String> values) {
        if (ibmId != null && !values.isEmpty()) {
            seen.merge(ibmId, Map.copyOf(values), (a, b) -> {
                Map<String, String> both = new java.util.HashMap<>(a);
                both.putAll(b);
                return Map.copyOf(both);
            });
        }
    }

    /** What was seen of the resource, when it covers every value recorded with it; else null (look it up). */
    public Map<String, String> covering(TrackedResource resource) {
        Map<String, String> values = seen.get(resource.ibmId());
        return values != null && values.keySet().containsAll(resource.recorded().keySet()) ? values : null;
    }

    /** The resource is one this cleanup tracks (a resource of one of its plans). */
    public void tracking(TrackedResource resource) {
        if (resource.ibmId() != null) {
            tracked.put(resource.ibmId(), resource.type().name());
        }
    }

    /** The type of the resource with this IBM id when this cleanup tracks it, else null. */
    public String trackedType(String ibmId) {
        return ibmId == null ? null : tracked.get(ibmId);
    }
}
