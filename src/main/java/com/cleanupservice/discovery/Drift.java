package com.cleanupservice.discovery;

import com.cleanupservice.api.schema.DriftReport;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRoutes;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ibm.IbmErrors;
import com.cleanupservice.persistence.Jdbc;
import com.cleanupservice.resources.Attempt;
import com.cleanupservice.resources.Discoverable;
import com.cleanupservice.resources.Discoverable.Found;
import com.cleanupservice.resources.LedgerState;
import com.cleanupservice.resources.ResourceType;
import com.cleanupservice.resources.ResourceTypes;
import com.cleanupservice.resources.TrackedResource;
import com.cleanupservice.support.Refusal;
import org.apache.camel.ProducerTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drift between the tracking tables and IBM Cloud for one node or deployment, from live list calls: what IBM holds that
 * belongs to the target but nobody tracks ({@code untracked}, each with its owner and the evidence), and what the
 * ledger calls PRESENT that IBM answers 404 for ({@code missing}). Evidence is exact, never a pattern:
 * <ul>
 *   <li>attached to a resource the target tracks (a VNI serving a tracked server, a reserved IP bound to a tracked
 *   VNI, a floating IP bound to one, a server using a tracked VNI), or to an untracked one that has evidence itself;</li>
 *   <li>an A/AAAA record whose address is a tracked reserved IP's, a PTR record pointing at a tracked record's name or
 *   named after a tracked address;</li>
 *   <li>a name equal to a tracked node's name, or starting with it followed by {@code -} (DNS: the first label), found
 *   in one of the target's subnets or DNS zones; the longest such node name is the one meant, so
 *   {@code …-node-01-extra-vni} is node 01's and {@code …-node-010-vni} is not.</li>
 * </ul>
 * A resource with evidence for two owners (one of them in the target) is {@code ambiguous}: reported, never adopted;
 * one whose evidence names only owners outside the target is theirs, not reported here. Costs: each collection is listed once, a page at a time, on the IBM call pools every cleanup shares; the
 * reserved IPs and DNS records only of the target's subnets and zones.
 */
public final class Drift {
    private static final String NODE = "SELECT node_name, deployment_id FROM nodes WHERE node_name = ?";
    private static final String NODE_BY_ID = "SELECT node_name, deployment_id FROM nodes WHERE id = ?";
    private static final String DEPLOYMENT_EXISTS = "SELECT 1 FROM deployments WHERE deployment_id = ?";
    private static final String DEPLOYMENT_NODES = "SELECT node_name FROM nodes WHERE deployment_id = ? ORDER BY id";
    /** Tracked by anyone (exclusive ownership keeps one row per IBM id, whoever tracks it). */
    private static final String OWNED = "SELECT ibm_id, node_name, deployment_id FROM resource_owners WHERE ibm_id = ANY(?)";
    private static final String NODES_NAMED = "SELECT node_name, deployment_id FROM nodes WHERE node_name = ANY(?)";
    private static final Duration CALL_LIMIT = Duration.ofMinutes(5);

    /**
     * The node or deployment a drift report is about. A node's {@code id} is a path id (all digits: its id; else its
     * exact name) unless {@code byName}, when it is the node's exact name whatever it looks like.
     */
    public record Target(String kind, String id, boolean byName) {
        public static Target node(String id) {
            return new Target("node", id, false);
        }

        public static Target deployment(String id) {
            return new Target("deployment", id, false);
        }

        /**
         * The body the {@code direct:} endpoints take and a run stores: {@code {"kind": "node"|"deployment", "id": ...}},
         * with {@code "by": "name"} for a node named by its exact name.
         */
        public static Target of(Map<?, ?> body) {
            Object kind = body == null ? null : body.get("kind");
            Object id = body == null ? null : body.get("id");
            Object by = body == null ? null : body.get("by");
            if (!("node".equals(kind) || "deployment".equals(kind)) || !(id instanceof String s) || s.isBlank()
                    || !(by == null || "name".equals(by) && "node".equals(kind))) {
                throw new IllegalArgumentException("a drift target is {\"kind\": \"node\"|\"deployment\", \"id\": ..., \"by\"?: \"name\"}, not " + body);
            }
            return new Target((String) kind, s, by != null);
        }

        public Map<String, Object> toMap() {
            return byName ? Map.of("kind", kind, "id", id, "by", "name") : Map.of("kind", kind, "id", id);
        }
    }

    /** Whose a resource is: a node (and its deployment), or a deployment's own (node null). */
    record Owner(String nodeName, String deploymentId) {
        String label() {
            return nodeName != null ? "node " + nodeName : "deployment " + deploymentId;
        }
    }

    /** One untracked resource and what says whose it is: an owner in the target, perhaps others too. */
    record Finding(Found found, Map<Owner, List<String>> claims) {
        boolean ambiguous() {
            return claims.size() != 1;
        }

        Owner owner() {
            return claims.keySet().iterator().next();
        }
    }

    /** A scan's outcome: the findings, the missing rows, the list calls made. */
    record Scan(Target target, String deploymentId, Set<Owner> owners, List<Finding> findings, List<TrackedResource> missing,
                Map<String, int[]> collections, int lookups, List<String> errors, Instant startedAt, long durationMs) {
    }

    private final Jdbc jdbc;
    private final ResourceTypes types;
    private final IbmCalls calls;
    private final ProducerTemplate producer;

    public Drift(Jdbc jdbc, ResourceTypes types, IbmCalls calls, ProducerTemplate producer) {
        this.jdbc = jdbc;
        this.types = types;
        this.calls = calls;
        this.producer = producer;
    }

    /** The drift report: {@code untracked}, {@code ambiguous}, {@code missing} and what was scanned. */
    public DriftReport report(Target target) {
        return view(scan(target));
    }

    /**
     * The target as a run names it ("node nutanix-poc-bm-node-01", "deployment demo-deployment"); 404 when it does not
     * exist, so an asynchronous report is refused at once rather than failing later.
     */
    public String describe(Target target) {
        Owners owners = owners(target);
        return "node".equals(target.kind()) ? "node " + owners.nodes().get(0) : "deployment " + owners.deploymentId();
    }

    Scan scan(Target target) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Owners owners = owners(target);
        List<TrackedResource> tracked = tracked(owners);
        Map<String, TrackedResource> trackedById = new HashMap<>();
        tracked.forEach(r -> trackedById.put(r.ibmId(), r));

        Map<String, int[]> collections = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        Discoverable.Pages pages = (collection, items) -> {
            synchronized (collections) {
                int[] c = collections.computeIfAbsent(collection, k -> new int[2]);
                c[0]++;
                c[1] += items;
            }
        };
        // the account-wide collections first: a tracked VNI's subnet is one of the target's, and only the VNI says so
        List<Found> found = new ArrayList<>();
        Set<ResourceType> scanned = new HashSet<>();
        Discoverable.Scope none = new Discoverable.Scope(Set.of(), Set.of());
        found.addAll(scanAll(false, none, pages, errors, scanned));
        Set<String> subnets = new LinkedHashSet<>();
        Set<Discoverable.Zone> zones = new LinkedHashSet<>();
        for (TrackedResource r : tracked) {
            if (isSubnetScoped(r.type()) && r.parentId() != null) {
                subnets.add(r.parentId());
            }
            if (isZoneScoped(r.type()) && r.parentId() != null && r.scopeId() != null) {
                zones.add(new Discoverable.Zone(r.scopeId(), r.parentId()));
            }
        }
        for (Found f : found) {
            if (trackedById.containsKey(f.id()) && f.container() != null) {
                subnets.add(f.container()); // a tracked VNI's subnet
            }
        }
        found.addAll(scanAll(true, new Discoverable.Scope(subnets, zones), pages, errors, scanned));

        Set<String> seen = new HashSet<>();
        found.forEach(f -> seen.add(f.id()));
        Set<String> owned = owned(found);
        List<Finding> findings = findings(found, owned, trackedById, owners, subnets, zones);
        List<TrackedResource> lookups = tracked.stream().filter(r -> unlisted(r, seen, scanned)).toList();
        List<TrackedResource> missing = missing(lookups, errors);
        return new Scan(target, owners.deploymentId(), owners.all(), findings, missing, collections, lookups.size(), errors, started,
                (System.nanoTime() - t0) / 1_000_000);
    }

    // ---- the target ----------------------------------------------------------------------------------------------

    private record Owners(String deploymentId, List<String> nodes, boolean wholeDeployment) {
        Set<Owner> all() {
            Set<Owner> all = new LinkedHashSet<>();
            nodes.forEach(n -> all.add(new Owner(n, deploymentId)));
            if (wholeDeployment) {
                all.add(new Owner(null, deploymentId));
            }
            return all;
        }
    }

    private Owners owners(Target target) {
        if ("node".equals(target.kind())) {
            // a number is the node's id, never a name (as on every path), unless the target says it is a name
            boolean byId = !target.byName() && target.id().matches("\\d+");
            List<Map<String, Object>> rows = !byId ? jdbc.rows(NODE, target.id())
                    : target.id().length() < 10 ? jdbc.rows(NODE_BY_ID, Integer.parseInt(target.id())) : List.of();
            Map<String, Object> node = rows.stream().findFirst().orElseThrow(() -> Refusal.notFound("Node not found: " + target.id()));
            return new Owners((String) node.get("deployment_id"), List.of((String) node.get("node_name")), false);
        }
        // nodes recorded without a deployments row are still a deployment (validation and cleanup see it so too)
        List<String> nodes = jdbc.query(DEPLOYMENT_NODES, rs -> rs.getString(1), target.id());
        if (nodes.isEmpty() && jdbc.rows(DEPLOYMENT_EXISTS, target.id()).isEmpty()) {
            throw Refusal.notFound("Deployment not found: " + target.id());
        }
        return new Owners(target.id(), nodes, true);
    }

    /**
     * Every row the target tracks, whatever its ledger state (a GONE row is still known, not drift), loaded as cleanup
     * and validation load them ({@code direct:load-resources}).
     */
    private List<TrackedResource> tracked(Owners owners) {
        List<TrackedResource> tracked = new ArrayList<>();
        for (String node : owners.nodes()) {
            tracked.addAll(load("node", "node_name", node));
        }
        if (owners.wholeDeployment()) {
            tracked.addAll(load("deployment", "deployment_id", owners.deploymentId()));
        }
        return tracked;
    }

    @SuppressWarnings("unchecked")
    private List<TrackedResource> load(String scope, String key, String value) {
        return producer.requestBodyAndHeaders(CleanupEndpoints.LOAD_RESOURCES, null,
                Map.of(CleanupRoutes.LOAD_SCOPE, scope, key, value, "include_gone", true), List.class);
    }

    // ---- scanning ------------------------------------------------------------------------------------------------

    private static boolean isSubnetScoped(ResourceType type) {
        return discovery(type) != null && discovery(type).container() == Discoverable.Container.SUBNET;
    }

    private static boolean isZoneScoped(ResourceType type) {
        return discovery(type) != null && discovery(type).container() == Discoverable.Container.DNS_ZONE;
    }

    private static Discoverable discovery(ResourceType type) {
        return type.facet(ResourceType.Discovery.class).map(ResourceType.Discovery::discovery).orElse(null);
    }

    /** Scans the types whose collections are (not) under a container, each on its API's pool; one error per type. */
    private List<Found> scanAll(boolean scoped, Discoverable.Scope scope, Discoverable.Pages pages, List<String> errors,
                                Set<ResourceType> scanned) {
        Map<ResourceType, Future<List<Found>>> running = new LinkedHashMap<>();
        for (ResourceType type : types.all()) {
            Discoverable d = discovery(type);
            if (d != null && scoped == (isSubnetScoped(type) || isZoneScoped(type))) {
                running.put(type, calls.submit(type.declaration().api(), () -> d.scan(calls.clients(), scope, pages)));
            }
        }
        List<Found> found = new ArrayList<>();
        running.forEach((type, future) -> {
            try {
                found.addAll(future.get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
                scanned.add(type);
            } catch (ExecutionException e) {
                errors.add(type.name() + ": " + IbmErrors.describe(e.getCause()));
            } catch (TimeoutException e) {
                future.cancel(true);
                errors.add(type.name() + ": no answer within " + CALL_LIMIT.toMinutes() + " min");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add(type.name() + ": interrupted");
            }
        });
        return found;
    }

    private Set<String> owned(List<Found> found) {
        if (found.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query(OWNED, rs -> rs.getString(1), (Object) found.stream().map(Found::id).toArray(String[]::new)));
    }

    // ---- evidence ------------------------------------------------------------------------------------------------

    private List<Finding> findings(List<Found> found, Set<String> owned, Map<String, TrackedResource> trackedById, Owners owners,
                                   Set<String> subnets, Set<Discoverable.Zone> zones) {
        Map<String, TrackedResource> byAddress = new HashMap<>();
        Map<String, TrackedResource> byRecordName = new HashMap<>();
        for (TrackedResource r : trackedById.values()) {
            if (isSubnetScoped(r.type()) && r.detail() != null) {
                byAddress.put(r.detail(), r);
            }
            if (isZoneScoped(r.type()) && r.name() != null) {
                byRecordName.put(r.name().toLowerCase(java.util.Locale.ROOT), r);
            }
        }
        Set<String> zoneIds = new HashSet<>();
        zones.forEach(z -> zoneIds.add(z.zoneId()));
        Map<String, Owner> nodeOwners = nodesNamed(found);

        Map<String, Finding> untracked = new LinkedHashMap<>();
        for (Found f : found) {
            if (owned.contains(f.id()) || trackedById.containsKey(f.id())) {
                continue; // tracked (by this target or by someone else): not drift
            }
            Map<Owner, List<String>> claims = new LinkedHashMap<>();
            for (String to : f.attachedTo()) {
                TrackedResource r = trackedById.get(to);
                if (r != null) {
                    claim(claims, owner(r), "attached to tracked " + r.type().name() + " " + r.ibmId());
                }
            }
            if (f.address() != null && byAddress.containsKey(f.address()) && isZoneScoped(f.type())) {
                TrackedResource ip = byAddress.get(f.address());
                claim(claims, owner(ip), "its address " + f.address() + " is tracked reserved IP " + ip.ibmId());
            }
            if (f.pointsAt() != null) {
                TrackedResource record = byRecordName.get(f.pointsAt().toLowerCase(java.util.Locale.ROOT));
                if (record != null) {
                    claim(claims, owner(record), "points at tracked record " + record.name());
                }
            }
            if (isZoneScoped(f.type()) && f.name() != null) {
                TrackedResource ip = byAddress.get(reverseAddress(f.name()));
                if (ip != null) {
                    claim(claims, owner(ip), "the reverse name of tracked reserved IP " + ip.ibmId() + " (" + ip.detail() + ")");
                }
            }
            boolean inScope = f.container() != null && (subnets.contains(f.container()) || zoneIds.contains(f.container()));
            Owner named = nodeOwners.get(f.id());
            if (named != null && inScope) {
                claim(claims, named, "named after node " + named.nodeName() + " in "
                        + (zoneIds.contains(f.container()) ? "DNS zone " : "subnet ") + f.container());
            }
            if (!claims.isEmpty()) {
                untracked.put(f.id(), new Finding(f, claims));
            }
        }
        // one step further: what is attached to an untracked resource that has evidence is that owner's too
        Set<Owner> inTarget = owners.all();
        for (Found f : found) {
            if (owned.contains(f.id()) || trackedById.containsKey(f.id())) {
                continue;
            }
            for (String to : f.attachedTo()) {
                Finding via = untracked.get(to);
                if (via != null && !via.ambiguous() && !to.equals(f.id())) {
                    Finding mine = untracked.computeIfAbsent(f.id(), k -> new Finding(f, new LinkedHashMap<>()));
                    claim(mine.claims(), via.owner(), "attached to untracked " + via.found().type().name() + " " + to);
                }
            }
        }
        // evidence only for owners outside the target: someone else's drift, not this target's
        return untracked.values().stream().filter(f -> f.claims().keySet().stream().anyMatch(inTarget::contains)).toList();
    }

    private static void claim(Map<Owner, List<String>> claims, Owner owner, String evidence) {
        List<String> list = claims.computeIfAbsent(owner, k -> new ArrayList<>());
        if (!list.contains(evidence)) {
            list.add(evidence);
        }
    }

    private static Owner owner(TrackedResource r) {
        return new Owner(r.nodeName(), r.deploymentId());
    }

    /**
     * For each found resource, the node its name says it is for: the longest tracked node name (anywhere, not only in
     * the target) that its name (a DNS record's first label) equals or starts with followed by "-". One query, exact
     * matches of the candidate prefixes.
     */
    private Map<String, Owner> nodesNamed(List<Found> found) {
        Map<String, List<String>> candidates = new HashMap<>();
        Set<String> all = new HashSet<>();
        for (Found f : found) {
            if (f.name() == null || f.name().isBlank()) {
                continue;
            }
            String label = isZoneScoped(f.type()) && f.name().contains(".") ? f.name().substring(0, f.name().indexOf('.')) : f.name();
            List<String> prefixes = new ArrayList<>();
            prefixes.add(label);
            for (int i = label.indexOf('-'); i > 0; i = label.indexOf('-', i + 1)) {
                prefixes.add(label.substring(0, i));
            }
            candidates.put(f.id(), prefixes);
            all.addAll(prefixes);
        }
        Map<String, Owner> nodes = new HashMap<>();
        if (!all.isEmpty()) {
            jdbc.query(NODES_NAMED, rs -> nodes.put(rs.getString(1), new Owner(rs.getString(1), rs.getString(2))),
                    (Object) all.toArray(String[]::new));
        }
        Map<String, Owner> named = new HashMap<>();
        candidates.forEach((id, prefixes) -> prefixes.stream().filter(nodes::containsKey)
                .max(java.util.Comparator.comparingInt(String::length)).ifPresent(n -> named.put(id, nodes.get(n))));
        return named;
    }

    /** "11.1.240.10.in-addr.arpa" -> "10.240.1.11"; null when the name is not an IPv4 reverse name. */
    static String reverseAddress(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (!lower.endsWith(".in-addr.arpa")) {
            return null;
        }
        String[] p = lower.substring(0, lower.length() - ".in-addr.arpa".length()).split("\\.");
        return p.length == 4 ? p[3] + "." + p[2] + "." + p[1] + "." + p[0] : null;
    }

    // ---- missing -------------------------------------------------------------------------------------------------

    /**
     * Rows the ledger calls PRESENT that a complete listing did not show, confirmed one by one: only the type's own
     * lookup answering 404 makes a row missing; any other answer is not.
     */
    /** A row the ledger calls PRESENT that a complete listing of its collection did not show: to be looked up. */
    private static boolean unlisted(TrackedResource r, Set<String> seen, Set<ResourceType> scanned) {
        return r.state() == LedgerState.PRESENT && !seen.contains(r.ibmId()) && scanned.contains(r.type());
    }

    private List<TrackedResource> missing(List<TrackedResource> unlisted, List<String> errors) {
        Map<TrackedResource, Future<Attempt>> probes = new LinkedHashMap<>();
        for (TrackedResource r : unlisted) {
            probes.put(r, calls.submitAt(r.account(), r.region(), r.type().declaration().api(), placed -> r.type().probe(placed, r)));
        }
        List<TrackedResource> missing = new ArrayList<>();
        probes.forEach((r, answer) -> {
            try {
                if (answer.get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS).kind() == Attempt.Kind.ALREADY_GONE) {
                    missing.add(r);
                }
            } catch (ExecutionException e) {
                errors.add(r.type().name() + " " + r.ibmId() + ": " + IbmErrors.describe(e.getCause()));
            } catch (TimeoutException e) {
                answer.cancel(true);
                errors.add(r.type().name() + " " + r.ibmId() + ": no answer within " + CALL_LIMIT.toMinutes() + " min");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add(r.type().name() + " " + r.ibmId() + ": interrupted");
            }
        });
        return missing;
    }

    // ---- the answer ----------------------------------------------------------------------------------------------

    DriftReport view(Scan scan) {
        List<DriftReport.Found> untracked = new ArrayList<>();
        List<DriftReport.AmbiguousResource> ambiguous = new ArrayList<>();
        for (Finding f : scan.findings()) {
            if (f.ambiguous()) {
                List<DriftReport.OwnerEvidence> claimants = new ArrayList<>();
                f.claims().forEach((owner, evidence) -> claimants.add(new DriftReport.OwnerEvidence(owner.nodeName(), owner.deploymentId(),
                        scan.owners().contains(owner), evidence)));
                ambiguous.add(new DriftReport.AmbiguousResource(f.found().type().name(), f.found().id(), f.found().name(), claimants,
                        "claimed by " + f.claims().size() + " owners: never adopted"));
            } else {
                untracked.add(new DriftReport.Found(f.found().type().name(), f.found().id(), f.found().name(), f.owner().nodeName(),
                        f.owner().deploymentId(), f.claims().get(f.owner())));
            }
        }
        List<DriftReport.MissingRow> missing = scan.missing().stream().map(r -> new DriftReport.MissingRow(r.type().name(), r.ibmId(), r.name(),
                r.nodeName(), r.deploymentId(), r.state().name(), "IBM Cloud answered 404")).toList();
        List<DriftReport.Collection> collections = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, int[]> c : scan.collections().entrySet()) {
            collections.add(new DriftReport.Collection(c.getKey(), c.getValue()[0], c.getValue()[1]));
            calls += c.getValue()[0];
        }
        boolean node = scan.target().kind().equals("node");
        return new DriftReport(node ? scan.owners().iterator().next().nodeName() : null, scan.deploymentId(),
                !untracked.isEmpty() || !missing.isEmpty() || !ambiguous.isEmpty(), scan.errors().isEmpty(), untracked, ambiguous,
                missing, scan.errors(), new DriftReport.Scanned(collections, calls, scan.lookups(), scan.startedAt().toString(),
                scan.durationMs()), Instant.now().toString());
    }
}
