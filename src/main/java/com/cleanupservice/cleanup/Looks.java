package com.cleanupservice.cleanup;

import com.cleanupservice.ibm.IbmClients;
import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.resources.Listing;
import com.cleanupservice.resources.Sightings;
import com.cleanupservice.resources.TrackedResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a run's looks before delete have seen, shared by its node plans (a deployment's nodes share one, and so do
 * the node runs of one batch or one sweep chunk, {@link #SHARED}): a server's
 * look notes its VNIs and their primary IPs ({@link Sightings}), and where the run must look at many resources of one
 * container (a deployment's reserved IPs in its subnets, its DNS records in its zone), the container is listed once, a
 * page at a time, instead of one GET per resource.
 *
 * <p>A container is listed when the run expects at least {@link #MIN_LOOKS} looks in it (the looks of the asking node
 * times the run's nodes), and listed to its end only when that takes fewer calls than a quarter of those looks (its
 * first page says how many it holds): a large shared subnet is not read for a few nodes. The first task to need a
 * container lists it on its own pool thread; the others of the container wait for that listing. A resource the
 * listing did not show, or a listing that failed, is looked at by itself, as without a listing.
 */
public final class Looks {
    /**
     * The exchange property by which the runs of one batch, or of one sweep's chunk, share their looks: set it to a
     * {@code Looks} of the number of nodes before their {@code direct:cleanup-node} calls.
     */
    public static final String SHARED = "cleanupSharedLooks";
    private static final Logger LOG = LoggerFactory.getLogger(Looks.class);
    static final int MIN_LOOKS = 20;
    private static final int LOOKS_PER_PAGE = 4;

    private final int nodes;
    private final Sightings sightings = new Sightings();
    private final Map<String, CompletableFuture<Map<String, Map<String, String>>>> listed = new ConcurrentHashMap<>();

    /** @param nodes how many nodes share it: the looks one node has in a container, times this, are the expected ones */
    public Looks(int nodes) {
        this.nodes = Math.max(1, nodes);
    }

    public Sightings sightings() {
        return sightings;
    }

    /**
     * The resource's identity values from its container's listing, listing it first if this is the first task that
     * needs it and the run expects enough looks there; null when it is to be looked at by itself.
     */
    Map<String, String> listed(IbmClients ibm, TrackedResource resource, NodePlan plan) {
        Listing listing = com.cleanupservice.resources.ResourceType.Listed.of(resource.type());
        String container = listing == null || resource.recorded().isEmpty() ? null : listing.container(resource);
        if (container == null) {
            return null;
        }
        // a container is listed where the resource lives: two places' containers are two listings
        String key = resource.type().name() + " " + container + " " + resource.place();
        long expected = (long) nodes * plan.looksIn(key);
        if (expected < MIN_LOOKS) {
            return null;
        }
        CompletableFuture<Map<String, Map<String, String>>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, Map<String, String>>> existing = listed.putIfAbsent(key, mine);
        if (existing == null) {
            mine.complete(list(ibm, listing, resource, key, expected));
            existing = mine;
        }
        return existing.join().get(resource.ibmId());
    }

    /** Every page of the container, or only the first when reading it all would cost more than looking one by one. */
    private static Map<String, Map<String, String>> list(IbmClients ibm, Listing listing, TrackedResource any, String key, long expected) {
        Map<String, Map<String, String>> seen = new HashMap<>();
        try {
            Page<Map.Entry<String, Map<String, String>>> page = listing.page(ibm, any, null);
            long pages = page.items().isEmpty() ? 1 : (page.totalCount() + page.items().size() - 1) / page.items().size();
            boolean whole = pages * LOOKS_PER_PAGE <= expected;
            while (true) {
                page.items().forEach(e -> seen.put(e.getKey(), e.getValue()));
                if (!whole || page.next() == null) {
                    break;
                }
                page = listing.page(ibm, any, page.next());
            }
            if (!whole) {
                LOG.debug("Not listing {} to its end: {} page(s) for about {} look(s)", key, pages, expected);
            }
        } catch (RuntimeException e) {
            // each resource is looked at by itself then, with the redelivery its own look has
            LOG.info("Listing {} for identity checks failed ({}); looking at its resources one by one", key, e.toString());
        }
        return seen;
    }
}
