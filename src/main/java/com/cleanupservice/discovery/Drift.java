package com.cleanupservice.discovery;

import com.cleanupservice.api.schema.DriftReport;
import com.cleanupservice.cleanup.CleanupEndpoints;
import com.cleanupservice.cleanup.CleanupRoutes;
import com.cleanupservice.ibm.Accounts;
import com.cleanupservice.ibm.IbmCalls;
import com.cleanupservice.ibm.IbmClients;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

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
 * one whose evidence names only owners outside the target is theirs, not reported here. Places: the collections are
 * listed in every account and region the target's rows and nodes live in (a global API's once per account), and
 * evidence stays within a place — a resource found in one is owned only through rows and nodes living there, so a
 * look-alike of another region is nobody's. Costs: each collection is listed once per place, a page at a time, on the
 * account's IBM call pools every cleanup shares; the reserved IPs and DNS records only of the target's subnets and
 * zones of that place.
 */
public final class Drift {
    private static final String NODE = "SELECT node_name, deployment_id, account, region FROM nodes WHERE node_name = ?";
    private static final String NODE_BY_ID = "SELECT node_name, deployment_id, account, region FROM nodes WHERE id = ?";
    private static final String DEPLOYMENT_EXISTS = "SELECT 1 FROM deployments WHERE deployment_id = ?";
    private static final String DEPLOYMENT_NODES = "SELECT node_name, account, region FROM nodes WHERE deployment_id = ? ORDER BY id";
    /** Tracked by anyone (exclusive ownership keeps one row per IBM id, whoever tracks it). */
    private static final String OWNED = "SELECT ibm_id, node_name, deployment_id FROM resource_owners WHERE ibm_id = ANY(?)";
    private static final String NODES_NAMED = "SELECT node_name, deployment_id, account, region FROM nodes WHERE node_name = ANY(?)";
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

    /**
     * Where resources are listed and live: a configured account and, for a regional API's, a region (null: a global
     * API's, DNS Services, listed per account). A row's or node's NULL account or region is placed by the rule its calls
     * follow ({@link IbmClients#at}), so the default place has its names here as anywhere else.
     */
    record Place(String account, String region) {
        /** Whether a row or node living in {@code other} is evidence here: the same account, and region unless this place is global. */
        boolean holds(Place other) {
            return other != null && account.equals(other.account()) && (region == null || region.equals(other.region()));
        }

        Place global() {
            return new Place(account, null);
        }

        String label() {
            return "account " + account + (region == null ? "" : ", region " + region);
        }
    }

    /** One untracked resource, the place it was found in, and what says whose it is: an owner in the target, perhaps others too. */
    record Finding(Found found, Place place, Map<Owner, List<String>> claims) {
        boolean ambiguous() {
            return claims.size() != 1;
        }

        Owner owner() {
            return claims.keySet().iterator().next();
        }
    }

    /**
     * A scan's outcome: the findings, the missing rows, the list calls made (per place, by collection), and where the
     * target's nodes live (what a node's adopted resource inherits), the default place (a deployment's own) and where
     * each missing row lives.
     */
    record Scan(Target target, String deploymentId, Set<Owner> owners, List<Finding> findings, List<TrackedResource> missing,
                Map<Place, Map<String, int[]>> collections, int lookups, List<String> errors, Instant startedAt, long durationMs,
                Map<String, Place> nodePlaces, Place home, Map<TrackedResource, Place> missingPlaces) {
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
        List<String> errors = new ArrayList<>();
        Places places = new Places(errors);
        Place home = places.of(null, null, true);

        // where to list: every place the target's rows and nodes live in (a node's is its server row's); the default when none
        Comparator<Place> order = Comparator.comparing((Place p) -> !p.equals(home) && !p.equals(home == null ? null : home.global()))
                .thenComparing(Place::account).thenComparing(Place::region, Comparator.nullsFirst(Comparator.naturalOrder()));
        Map<String, Place> nodePlaces = new HashMap<>();
        owners.nodePlaces().forEach((node, at) -> {
            Place p = places.of(at[0], at[1], true);
            if (p != null) {
                nodePlaces.put(node, p);
            }
        });
        Set<Place> regional = new TreeSet<>(order);
        Set<Place> global = new TreeSet<>(order);
        regional.addAll(nodePlaces.values());
        for (TrackedResource r : tracked) {
            Place p = places.of(r);
            if (p != null) {
                (p.region() == null ? global : regional).add(p);
            }
        }
        if (regional.isEmpty() && global.isEmpty() && home != null) {
            regional.add(home);
        }
        regional.forEach(p -> global.add(p.global()));

        Map<Place, Map<String, int[]>> collections = new TreeMap<>(order);
        Function<Place, Discoverable.Pages> pages = place -> (collection, items) -> {
            synchronized (collections) {
                int[] c = collections.computeIfAbsent(place, k -> new TreeMap<>()).computeIfAbsent(collection, k -> new int[2]);
                c[0]++;
                c[1] += items;
            }
        };
        // the account-wide collections first: a tracked VNI's subnet is one of the target's, and only the VNI says so
        Set<String> scanned = new HashSet<>();
        Discoverable.Scope none = new Discoverable.Scope(Set.of(), Set.of());
        Map<Place, List<Found>> found = scanAll(false, regional, global, p -> none, pages, errors, scanned);
        Map<Place, Set<String>> subnets = new HashMap<>();
        Map<Place, Set<Discoverable.Zone>> zones = new HashMap<>();
        for (TrackedResource r : tracked) {
            Place p = places.of(r);
            if (p != null && isSubnetScoped(r.type()) && r.parentId() != null) {
                subnets.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(r.parentId());
            }
            if (p != null && isZoneScoped(r.type()) && r.parentId() != null && r.scopeId() != null) {
                zones.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(new Discoverable.Zone(r.scopeId(), r.parentId()));
            }
        }
        found.forEach((p, listed) -> listed.forEach(f -> {
            if (trackedById.containsKey(f.id()) && f.container() != null) {
                subnets.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(f.container()); // a tracked VNI's subnet
            }
        }));
        scanAll(true, regional, global, p -> new Discoverable.Scope(subnets.getOrDefault(p, Set.of()), zones.getOrDefault(p, Set.of())),
                pages, errors, scanned).forEach((p, listed) -> found.computeIfAbsent(p, k -> new ArrayList<>()).addAll(listed));

        Set<String> seen = new HashSet<>();
        List<Found> all = new ArrayList<>();
        found.forEach((p, listed) -> listed.forEach(f -> {
            seen.add(key(p, f.id()));
            all.add(f);
        }));
        Set<String> owned = owned(all);
        Map<String, NamedNode> called = nodesCalled(all, places);
        List<Finding> findings = new ArrayList<>();
        found.forEach((p, listed) -> {
            // evidence stays within the place: only rows and nodes living there say whose what is found there is
            Map<String, TrackedResource> here = new HashMap<>();
            tracked.forEach(r -> {
                if (p.holds(places.of(r))) {
                    here.put(r.ibmId(), r);
                }
            });
            Set<String> zoneIds = new HashSet<>();
            zones.getOrDefault(p, Set.of()).forEach(z -> zoneIds.add(z.zoneId()));
            findings.addAll(findings(p, listed, owned, trackedById, here, owners, subnets.getOrDefault(p, Set.of()), zoneIds,
                    nodesNamed(p, listed, called)));
        });
        List<TrackedResource> lookups = tracked.stream().filter(r -> unlisted(r, places.of(r), seen, scanned)).toList();
        List<TrackedResource> missing = missing(lookups, errors);
        Map<TrackedResource, Place> missingPlaces = new java.util.IdentityHashMap<>();
        missing.forEach(r -> missingPlaces.put(r, places.of(r)));
        return new Scan(target, owners.deploymentId(), owners.all(), findings, missing, collections, lookups.size(), errors, started,
                (System.nanoTime() - t0) / 1_000_000, nodePlaces, home, missingPlaces);
    }

    /** A found resource (its id), or a completely listed type ({@code @} and its name), in its place. */
    private static String key(Place place, String id) {
        return place.account() + "/" + place.region() + "|" + id;
    }

    /**
     * Places resolved as calls resolve them ({@link IbmClients#at}), each once per scan; a place that cannot be had (an
     * account no longer configured, a region it no longer allows) is one error naming it, and its rows are not scanned.
     */
    private final class Places {
        private final Map<List<Object>, Optional<Place>> known = new HashMap<>();
        private final Map<List<Object>, String> failures = new HashMap<>();
        private final Set<List<Object>> reported = new HashSet<>();
        private final List<String> errors;

        Places(List<String> errors) {
            this.errors = errors;
        }

        Place of(TrackedResource r) {
            return of(r.account(), r.region(), r.type().rows().regional());
        }

        Place of(String account, String region, boolean regional) {
            Place place = quietly(account, region, regional);
            if (place == null && reported.add(Arrays.asList(account, regional ? region : null, regional))) {
                errors.add("rows of account " + (account == null ? "(default)" : account) + (region == null ? "" : ", region " + region)
                        + ": " + failures.get(Arrays.asList(account, regional ? region : null, regional)));
            }
            return place;
        }

        /** As {@link #of(String, String, boolean)}, without an error: a node outside the target whose place is gone is no evidence. */
        Place quietly(String account, String region, boolean regional) {
            return known.computeIfAbsent(Arrays.asList(account, regional ? region : null, regional), k -> {
                IbmClients clients = calls.clients();
                if (clients == null) { // a test's pools without clients
                    return Optional.of(new Place(account == null ? Accounts.DEFAULT : account, regional ? region : null));
                }
                try {
                    IbmClients at = clients.at(account, regional ? region : null);
                    return Optional.of(new Place(at.account(), regional ? at.region() : null));
                } catch (IllegalArgumentException e) {
                    failures.put(k, e.getMessage());
                    return Optional.empty();
                }
            }).orElse(null);
        }
    }

    // ---- the target ----------------------------------------------------------------------------------------------

    /** The target's nodes (with each one's recorded account and region, either null: the default) and deployment. */
    private record Owners(String deploymentId, List<String> nodes, boolean wholeDeployment, Map<String, String[]> nodePlaces) {
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
            String name = (String) node.get("node_name");
            return new Owners((String) node.get("deployment_id"), List.of(name), false,
                    Map.of(name, new String[] {(String) node.get("account"), (String) node.get("region")}));
        }
        // nodes recorded without a deployments row are still a deployment (validation and cleanup see it so too)
        Map<String, String[]> places = new LinkedHashMap<>();
        jdbc.query(DEPLOYMENT_NODES, rs -> places.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)}), target.id());
        if (places.isEmpty() && jdbc.rows(DEPLOYMENT_EXISTS, target.id()).isEmpty()) {
            throw Refusal.notFound("Deployment not found: " + target.id());
        }
        return new Owners(target.id(), List.copyOf(places.keySet()), true, places);
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

    /**
     * Scans the types whose collections are (not) under a container, each in every place of its kind (a regional API's
     * in the regional places, a global one's once per account), on that account's pool with that place's clients; one
     * error per type and place, naming the place.
     */
    private Map<Place, List<Found>> scanAll(boolean scoped, Set<Place> regional, Set<Place> global, Function<Place, Discoverable.Scope> scopes,
                                           Function<Place, Discoverable.Pages> pages, List<String> errors, Set<String> scanned) {
        record Listing(ResourceType type, Place place) {
        }
        Map<Listing, Future<List<Found>>> running = new LinkedHashMap<>();
        for (ResourceType type : types.all()) {
            Discoverable d = discovery(type);
            if (d != null && scoped == (isSubnetScoped(type) || isZoneScoped(type))) {
                for (Place p : type.rows().regional() ? regional : global) {
                    Discoverable.Scope scope = scopes.apply(p);
                    Discoverable.Pages counted = pages.apply(p);
                    running.put(new Listing(type, p), calls.submitAt(p.account(), p.region(), type.declaration().api(),
                            ibm -> d.scan(ibm, scope, counted)));
                }
            }
        }
        Map<Place, List<Found>> found = new LinkedHashMap<>();
        running.forEach((listing, future) -> {
            String what = listing.type().name() + " in " + listing.place().label();
            try {
                List<Found> listed = future.get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                found.computeIfAbsent(listing.place(), k -> new ArrayList<>()).addAll(listed);
                scanned.add(key(listing.place(), "@" + listing.type().name()));
            } catch (ExecutionException e) {
                errors.add(what + ": " + IbmErrors.describe(e.getCause()));
            } catch (TimeoutException e) {
                future.cancel(true);
                errors.add(what + ": no answer within " + CALL_LIMIT.toMinutes() + " min");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add(what + ": interrupted");
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

    /**
     * The findings of one place: {@code found} listed there, {@code here} the target's rows living there (the only
     * ones whose attachment, address or name is evidence), {@code nodeOwners} the owner a found resource's name names
     * among the nodes living there.
     */
    private List<Finding> findings(Place place, List<Found> found, Set<String> owned, Map<String, TrackedResource> trackedById,
                                   Map<String, TrackedResource> here, Owners owners, Set<String> subnets, Set<String> zoneIds,
                                   Map<String, Owner> nodeOwners) {
        Map<String, TrackedResource> byAddress = new HashMap<>();
        Map<String, TrackedResource> byRecordName = new HashMap<>();
        for (TrackedResource r : here.values()) {
            if (isSubnetScoped(r.type()) && r.detail() != null) {
                byAddress.put(r.detail(), r);
            }
            if (isZoneScoped(r.type()) && r.name() != null) {
                byRecordName.put(r.name().toLowerCase(java.util.Locale.ROOT), r);
            }
        }

        Map<String, Finding> untracked = new LinkedHashMap<>();
        for (Found f : found) {
            if (owned.contains(f.id()) || trackedById.containsKey(f.id())) {
                continue; // tracked (by this target or by someone else): not drift
            }
            Map<Owner, List<String>> claims = new LinkedHashMap<>();
            for (String to : f.attachedTo()) {
                TrackedResource r = here.get(to);
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
                untracked.put(f.id(), new Finding(f, place, claims));
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
                    Finding mine = untracked.computeIfAbsent(f.id(), k -> new Finding(f, place, new LinkedHashMap<>()));
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

    /** A node a found resource's name may be after: whose it is and where it lives. */
    private record NamedNode(Owner owner, Place place) {
    }

    /**
     * Every tracked node (anywhere, not only in the target) whose name a found resource's name (a DNS record's first
     * label) equals or starts with followed by "-": one query, exact matches of the candidate prefixes.
     */
    private Map<String, NamedNode> nodesCalled(List<Found> found, Places places) {
        Set<String> all = new HashSet<>();
        found.forEach(f -> all.addAll(prefixes(f)));
        Map<String, NamedNode> nodes = new HashMap<>();
        if (!all.isEmpty()) {
            List<String[]> rows = jdbc.query(NODES_NAMED, rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
                    (Object) all.toArray(String[]::new));
            for (String[] row : rows) {
                nodes.put(row[0], new NamedNode(new Owner(row[0], row[1]), places.quietly(row[2], row[3], true)));
            }
        }
        return nodes;
    }

    /**
     * For each resource found in {@code place}, the node its name says it is for: the longest name among the nodes
     * living in that place; a node of another place is no evidence here, whatever its name.
     */
    private static Map<String, Owner> nodesNamed(Place place, List<Found> found, Map<String, NamedNode> nodes) {
        Map<String, Owner> named = new HashMap<>();
        for (Found f : found) {
            prefixes(f).stream().filter(n -> nodes.containsKey(n) && place.holds(nodes.get(n).place()))
                    .max(java.util.Comparator.comparingInt(String::length)).ifPresent(n -> named.put(f.id(), nodes.get(n).owner()));
        }
        return named;
    }

    /** The names a found resource may be after: its name (a DNS record's first label) and each of its prefixes ending before a "-". */
    private static List<String> prefixes(Found f) {
        if (f.name() == null || f.name().isBlank()) {
            return List.of();
        }
        String label = isZoneScoped(f.type()) && f.name().contains(".") ? f.name().substring(0, f.name().indexOf('.')) : f.name();
        List<String> prefixes = new ArrayList<>();
        prefixes.add(label);
        for (int i = label.indexOf('-'); i > 0; i = label.indexOf('-', i + 1)) {
            prefixes.add(label.substring(0, i));
        }
        return prefixes;
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
     * A row the ledger calls PRESENT that a complete listing of its collection in its own place did not show: to be
     * looked up there (only the type's own lookup answering 404 makes a row missing; any other answer is not).
     */
    private static boolean unlisted(TrackedResource r, Place place, Set<String> seen, Set<String> scanned) {
        return place != null && r.state() == LedgerState.PRESENT && !seen.contains(key(place, r.ibmId()))
                && scanned.contains(key(place, "@" + r.type().name()));
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
                        "claimed by " + f.claims().size() + " owners: never adopted", f.place().account(), f.place().region()));
            } else {
                untracked.add(new DriftReport.Found(f.found().type().name(), f.found().id(), f.found().name(), f.owner().nodeName(),
                        f.owner().deploymentId(), f.claims().get(f.owner()), f.place().account(), f.place().region()));
            }
        }
        List<DriftReport.MissingRow> missing = scan.missing().stream().map(r -> {
            Place at = scan.missingPlaces().get(r);
            return new DriftReport.MissingRow(r.type().name(), r.ibmId(), r.name(), r.nodeName(), r.deploymentId(), r.state().name(),
                    "IBM Cloud answered 404", at.account(), at.region());
        }).toList();
        List<DriftReport.Collection> collections = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<Place, Map<String, int[]>> place : scan.collections().entrySet()) {
            for (Map.Entry<String, int[]> c : place.getValue().entrySet()) {
                collections.add(new DriftReport.Collection(c.getKey(), c.getValue()[0], c.getValue()[1], place.getKey().account(),
                        place.getKey().region()));
                calls += c.getValue()[0];
            }
        }
        boolean node = scan.target().kind().equals("node");
        return new DriftReport(node ? scan.owners().iterator().next().nodeName() : null, scan.deploymentId(),
                !untracked.isEmpty() || !missing.isEmpty() || !ambiguous.isEmpty(), scan.errors().isEmpty(), untracked, ambiguous,
                missing, scan.errors(), new DriftReport.Scanned(collections, calls, scan.lookups(), scan.startedAt().toString(),
                scan.durationMs()), Instant.now().toString());
    }
}
