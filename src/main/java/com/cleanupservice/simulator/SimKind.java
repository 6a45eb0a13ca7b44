package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.cleanupservice.simulator.IbmJson.Reference;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of simulated resource, declared in one place: its names, the IBM API paths and operations it serves, its
 * admin create (a record of fields), its JSON (a record Jackson writes) and its deletion rules; its resource record is
 * also what is persisted. The generic parts ({@code CloudApi},
 * {@code AdminApi}, {@code CloudModel}, {@code Store}, the persistence, stats and faults) iterate {@link Kinds} and
 * never look at a particular kind.
 *
 * <p>Relations to other kinds go through the {@link CloudTx}: a kind reads the records of another kind by their
 * class, reacts to their removal ({@link #onRemoved}) and may add to their JSON ({@link #decorate}), so a new kind
 * can hang off an existing one without the existing one knowing.
 *
 * @param <R> the record this kind keeps
 */
abstract class SimKind<R extends Resource> {
    private static final Pattern PATH_PARAM = Pattern.compile(":([a-z_]+)");
    /** The index every kind has: its resources by {@link #parentKey parent}, which lists and lookups use. */
    static final String PARENT_INDEX = "parent";
    /** Resource documents: records as snake_case JSON without nulls; unknown fields (a newer shape) ignored. */
    private static final ObjectMapper DOCUMENTS = HttpSupport.JSON.copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Set<String> STORED_ALONGSIDE = Set.of("id", "seq");

    /** Which IBM API serves the kind; it decides authentication checks and the paging style of lists. */
    enum Api {
        /** VPC v1: {@code version} and {@code generation} required; token paging with {@code start}. */
        VPC(50, 100),
        /** DNS Services v1: offset paging. */
        DNS(200, 1000);

        final int defaultLimit;
        final int maxLimit;

        Api(int defaultLimit, int maxLimit) {
            this.defaultLimit = defaultLimit;
            this.maxLimit = maxLimit;
        }
    }

    /**
     * Everything about a kind that is a name: what it is called, where IBM serves it and how IBM's 404 names it.
     * A kind passes one to {@link SimKind}'s constructor, made with {@link #of} and refined by the {@code with…}
     * methods where the kind departs from the usual.
     *
     * @param wireName       the kind as the admin API, {@code exists/find} and the persistence name it, e.g.
     *                       {@code bare_metal_server}; operation names derive from it
     * @param collectionName its key in {@code GET /sim/resources}, e.g. {@code bare_metal_servers}
     * @param api            which IBM API serves the kind
     * @param path           the collection's path; {@code :name} segments are the parent's path parameters, e.g.
     *                       {@code /v1/subnets/:subnet_id/reserved_ips}. One resource is {@code path/:id}
     * @param title          how IBM's 404 message names one resource: {@code "<title> not found: <id>"}
     * @param listKey        the key of the list body's array; IBM names it after the collection, not always after
     *                       the kind
     * @param notFoundCode   the 404's {@code errors[0].code}
     * @param deleteFails    whether the kind's DELETE honours fault type {@code delete_fails}
     */
    record Declaration(String wireName, String collectionName, Api api, String path, String title, String listKey,
                       String notFoundCode, boolean deleteFails) {

        /** The usual case: the list key is the collection name, the 404 code {@code <wireName>_not_found}. */
        static Declaration of(String wireName, String collectionName, Api api, String path, String title) {
            return new Declaration(wireName, collectionName, api, path, title, collectionName,
                    wireName + "_not_found", false);
        }

        Declaration withListKey(String key) {
            return new Declaration(wireName, collectionName, api, path, title, key, notFoundCode, deleteFails);
        }

        Declaration withNotFoundCode(String code) {
            return new Declaration(wireName, collectionName, api, path, title, listKey, code, deleteFails);
        }

        Declaration withDeleteFails() {
            return new Declaration(wireName, collectionName, api, path, title, listKey, notFoundCode, true);
        }
    }

    private final Class<R> type;
    private final Class<? extends Record> adminInput;
    private final Declaration declared;
    private volatile Map<String, Function<R, Collection<String>>> allIndexes;

    /**
     * @param type       the record class, by which other kinds look its resources up
     * @param adminInput the record whose components are the fields {@code POST /sim/resources} accepts (see
     *                   {@link Fields#as}: name, type, required or not; defaults in its compact constructor)
     * @param declared   the kind's names and paths
     */
    protected SimKind(Class<R> type, Class<? extends Record> adminInput, Declaration declared) {
        this.type = type;
        this.adminInput = adminInput;
        this.declared = declared;
    }

    final Class<R> type() {
        return type;
    }

    final String wireName() {
        return declared.wireName();
    }

    final String collectionName() {
        return declared.collectionName();
    }

    // ---------------------------------------------------------------- the IBM API

    /** Which IBM API serves the kind; it decides authentication checks and the paging style of lists. */
    final Api api() {
        return declared.api();
    }

    /** See {@link Declaration#path}. */
    final String path() {
        return declared.path();
    }

    /** See {@link Declaration#listKey}. */
    final String listKey() {
        return declared.listKey();
    }

    /** Operation names for stats and fault rules, snake_case like the IBM SDK method names. */
    final String getOperation() {
        return "get_" + wireName();
    }

    final String deleteOperation() {
        return "delete_" + wireName();
    }

    final String listOperation() {
        return "list_" + collectionName();
    }

    /** Its get, delete and list operations, then those of its {@link #actions}. */
    final List<String> operations() {
        List<String> all = new ArrayList<>(List.of(getOperation(), deleteOperation(), listOperation()));
        actions().forEach(action -> all.add(action.operation()));
        return all;
    }

    /** What an {@link Action} does to its resource, in the action's transaction; {@code body} is the request's JSON. */
    interface ActionWork<R> {
        Reply apply(CloudTx tx, R r, Fields body);
    }

    /**
     * An operation on one resource besides get and delete, at {@code path/:id<suffix>}, e.g. IBM's
     * {@code PUT /v1/subnets/{id}/public_gateway}: the generic routes serve it like the others (counted, limited,
     * faults, token), looking the resource up under its parent first (404 as for a GET).
     *
     * @param method    {@code GET}, {@code PUT} (with a JSON object body) or {@code DELETE}
     * @param suffix    after the resource's path, e.g. {@code /public_gateway}
     * @param operation its name for stats and fault rules, IBM's SDK method in snake_case
     */
    record Action<R>(String method, String suffix, String operation, ActionWork<R> work) {
    }

    /** The kind's {@link Action}s; none by default. */
    List<Action<R>> actions() {
        return List.of();
    }

    /** Whether the kind's DELETE honours fault type {@code delete_fails}. */
    final boolean supportsDeleteFails() {
        return declared.deleteFails();
    }

    /** The values of the path's parent parameters that place {@code r}, e.g. {@code {subnet_id: …}}. */
    Map<String, String> parent(R r) {
        return Map.of();
    }

    /** The IBM answer for an id that does not exist under {@code parent}: {@code "<title> not found: <id>"}. */
    ApiException notFound(String id, Map<String, String> parent) {
        return ApiException.notFound(declared.notFoundCode(), declared.title() + " not found: " + id);
    }

    /**
     * List filters by query parameter, in IBM's syntax ({@code resource_group.id}, {@code target.id}, ...), applied
     * when the parameter is given (in this order for DNS hrefs), on the record alone. A parameter neither this nor
     * {@link #jsonFilters} declares is ignored, not refused: IBM documents no refusal of a query parameter an
     * operation does not define, and a newer SDK may send filters the API version we simulate does not list. So every
     * filter IBM documents for a collection must be declared in one of the two: an undeclared one would silently
     * return the whole collection.
     */
    Map<String, BiPredicate<R, String>> filters() {
        return Map.of();
    }

    /**
     * List filters IBM documents as "resources with a {@code <property>} property matching the value" that need more
     * than the record (another resource's name, the place's CRNs, a property this simulator never sets, such as
     * {@code reservation.id}): applied to the resource's JSON as the list answers it, the dotted name a path into it;
     * a resource without the property does not match. Only rendered when such a filter is given.
     */
    Set<String> jsonFilters() {
        return Set.of();
    }

    /**
     * Fields a VPC list may be sorted by besides {@code created_at} (creation order, always accepted), with the key
     * each sorts on as a string; ties keep creation order.
     */
    Map<String, Function<R, String>> sortKeys() {
        return Map.of("name", Resource::name);
    }

    /**
     * IBM's 404 for a list under {@code parent} when that does not exist; {@code null} (the default) where every
     * parent is listed, empty or not. The simulator does not model such a container (a DNS zone) itself: it exists
     * while it holds a resource of this kind, or once one was created in it (until a reset; after a restart, while
     * it holds one).
     */
    ApiException unknownParent(Map<String, String> parent) {
        return null;
    }

    /** The resource under {@code parent}, or {@code null}. Kinds with resources nobody created override it. */
    R lookup(CloudTx tx, String id, Map<String, String> parent) {
        R r = tx.get(type, id);
        return r != null && parent(r).equals(parent) ? r : null;
    }

    /** Every resource under {@code parent}, in creation order; from the parent index, not a scan of the kind. */
    List<R> members(CloudTx tx, Map<String, String> parent) {
        return tx.indexed(type, PARENT_INDEX, parentKey(parent));
    }

    /** A parent's values as one index key, whatever the order of the map. */
    static String parentKey(Map<String, String> parent) {
        return parent.isEmpty() ? "" : new TreeMap<>(parent).toString();
    }

    /**
     * Indexes over this kind's resources besides the parent index, by name: the keys under which a resource is
     * found (e.g. the id of what it refers to), {@code null} or empty for none. The store keeps them as resources
     * change, so that {@link CloudTx#indexed} finds e.g. the resources bound to another without scanning the kind.
     */
    Map<String, Function<R, Collection<String>>> indexes() {
        return Map.of();
    }

    /** An index whose key is one field of the resource, none while it is {@code null} (e.g. what it is bound to). */
    static <R> Function<R, Collection<String>> byField(Function<R, String> field) {
        return r -> {
            String key = field.apply(r);
            return key == null ? List.of() : List.of(key);
        };
    }

    /** The names of {@link #indexes()} and the parent index. */
    final Set<String> indexNames() {
        return allIndexes().keySet();
    }

    /** A resource's keys in each index, by index name (empty for none). */
    final Map<String, Collection<String>> indexKeys(Resource resource) {
        R r = type.cast(resource);
        Map<String, Collection<String>> keys = new LinkedHashMap<>();
        allIndexes().forEach((name, index) -> {
            Collection<String> k = index.apply(r);
            keys.put(name, k == null ? List.of() : k);
        });
        return keys;
    }

    private Map<String, Function<R, Collection<String>>> allIndexes() {
        Map<String, Function<R, Collection<String>>> all = allIndexes;
        if (all == null) { // computed on first use, not in the constructor, which runs before the subclass's
            all = new LinkedHashMap<>(indexes());
            all.put(PARENT_INDEX, r -> List.of(parentKey(parent(r))));
            allIndexes = all;
        }
        return all;
    }

    /** Applies IBM's rules to a DELETE: throws the {@link #refusal} or stages the changes, and returns the answer. */
    final Reply delete(CloudTx tx, R r, boolean deleteFails) {
        ApiException refused = refusal(tx, r);
        if (refused != null) {
            throw refused;
        }
        return accept(tx, r, deleteFails);
    }

    // ---------------------------------------------------------------- collections under one resource

    /** One member of a {@link Nested} collection: its id and its JSON as IBM answers it. */
    record Member(String id, Object json) {
    }

    /** How a {@link Nested} member is removed: stages the change and returns IBM's answer, or throws its refusal. */
    interface Removal<R> {
        Reply remove(CloudTx tx, R owner, Member member);
    }

    /**
     * A collection IBM serves under each resource of this kind, at {@code <the resource's path>/<path>} (a server's
     * network attachments, a VNI's IPs, a group's targets and rules): listed and read one by one, and where
     * {@code removal} is given also removed. Its members are pieces of the resource or resources of other kinds, as
     * the kind renders them, so every href the kind hands out for them answers.
     *
     * @param path            the segment after the resource, e.g. {@code network_attachments}; also the list key
     * @param member          one member in operation names, e.g. {@code network_attachment}: operations are
     *                        {@code list_<kind>_<path>} and {@code get_<kind>_<member>}
     * @param title           how IBM's 404 names one member
     * @param paged           a VPC page ({@code first}, {@code limit}, {@code next}, {@code total_count}) or one array
     * @param members         the resource's members, in IBM's order
     * @param deleteOperation the DELETE's operation name, {@code null} when members cannot be removed
     */
    record Nested<R>(String path, String member, String title, boolean paged,
                     BiFunction<CloudTx, R, List<Member>> members, String deleteOperation, Removal<R> removal) {

        String listOperation(SimKind<?> owner) {
            return "list_" + owner.wireName() + "_" + path;
        }

        String getOperation(SimKind<?> owner) {
            return "get_" + owner.wireName() + "_" + member;
        }

        ApiException notFound(String id) {
            return ApiException.notFound(member + "_not_found", title + " not found: " + id);
        }
    }

    /**
     * A read-only resource IBM serves, that the kind's JSON refers to and nobody creates (a server's profile), at
     * {@code path/{name}}.
     *
     * @param json the resource of that name, with the JSON pieces of the caller's place; {@code null}: not found
     */
    record Catalog(String path, String operation, String notFoundCode, String title,
                   BiFunction<IbmJson, String, Object> json) {
    }

    /** The catalog resources the kind's JSON refers to; none by default. */
    List<Catalog> catalog() {
        return List.of();
    }

    /** The collections IBM serves under each resource of this kind; none by default. */
    List<Nested<R>> nested() {
        return List.of();
    }

    /** Why IBM refuses (409) to delete {@code r} as things are, {@code null} when it may go: by default never. */
    ApiException refusal(CloudTx tx, R r) {
        return null;
    }

    /**
     * A DELETE IBM accepts: by default the resource goes at once (and what depends on it reacts, {@link #onRemoved}),
     * answered 204 without a body. A kind whose deletion takes time overrides it, e.g. to answer 202 and finish later
     * ({@link #dueAt}, {@link #settle}).
     *
     * @param deleteFails fault {@code delete_fails} applies (only to kinds declaring {@code withDeleteFails})
     */
    Reply accept(CloudTx tx, R r, boolean deleteFails) {
        tx.remove(r);
        return Reply.of(204, null);
    }

    // ---------------------------------------------------------------- behaviour over time and across kinds

    /**
     * When the resource's next time-based transition is due, {@code null} for none. The store keeps the due ones
     * ordered by time; at the start of every transaction the model {@link #settle settles} those whose time has come,
     * so a transition needs no timer, survives restarts and costs nothing while nothing is due.
     */
    Instant dueAt(R r) {
        return null;
    }

    /** Applies the transition {@link #dueAt} announced for {@code r}, whose time has come. */
    void settle(CloudTx tx, R r) {
    }

    /** Reacts to the removal of any resource (of any kind), e.g. by going with it or letting go of it. */
    void onRemoved(CloudTx tx, Resource removed) {
    }

    /**
     * The usual {@link #onRemoved}: when a resource of class {@code other} goes, every resource of this kind that
     * refers to its id (found in index {@code refersTo}, whose keys are the ids referred to) becomes {@code letGo} of
     * it, or goes with it where {@code letGo} answers {@code null}.
     */
    final void follow(CloudTx tx, Resource removed, Class<? extends Resource> other, String refersTo,
                      BiFunction<R, String, R> letGo) {
        if (!other.isInstance(removed)) {
            return;
        }
        for (R r : tx.indexed(type, refersTo, removed.id())) {
            R after = letGo.apply(r, removed.id());
            if (after == null) {
                tx.remove(r);
            } else {
                tx.put(after);
            }
        }
    }

    /**
     * This kind's objection to deleting another resource (of any kind) now, e.g. a load balancer in a subnet: the
     * 409 IBM answers for the first such resource, {@code null} for none. The other kind's {@link #refusal} asks
     * for it ({@link CloudTx#objection}), so a kind that stands in another's way need not be known to it.
     */
    ApiException objection(CloudTx tx, Resource other) {
        return null;
    }

    /**
     * This kind's side of a relation in another resource's JSON: a record whose fields are added to that JSON (a
     * field it already has keeps its place and takes the new value), {@code null} for nothing.
     */
    Object decorate(CloudTx tx, Resource other) {
        return null;
    }

    /** Like {@link #decorate}, for the VPC's JSON ({@code GET /v1/vpcs/{id}}; the one VPC is fixed, not a kind). */
    Object decorateVpc(CloudTx tx) {
        return null;
    }

    /** Creates the resources that exist from the start (and again after a reset) unless they are there. */
    void seed(CloudTx tx) {
    }

    /** Resources nobody created (seeded): left out of {@code GET /sim/resources}. */
    boolean builtIn(R r) {
        return false;
    }

    /**
     * Whether {@code GET /sim/resources} shows the resource: not a {@link #builtIn} one, nor one a kind made
     * implicitly (a subnet first named by a reserved IP), which, unlike a built-in one, lives in a place.
     */
    boolean shown(R r) {
        return !builtIn(r);
    }

    // ---------------------------------------------------------------- admin

    /** The fields {@code POST /sim/resources} accepts besides {@code kind}: its admin input record's. */
    final Set<String> adminFields() {
        return Fields.names(adminInput);
    }

    /**
     * Creates a resource from admin fields (read with {@code fields.as(<the admin input record>)}), staging it (and
     * any changes to related resources) in {@code tx}.
     *
     * @throws IllegalArgumentException for bad input
     */
    abstract R create(CloudTx tx, Fields fields);

    /** The fields {@code PATCH /sim/{collection}/{id}} accepts; none means the kind has no such endpoint. */
    Set<String> patchFields() {
        return Set.of();
    }

    R patch(CloudTx tx, R r, Fields fields) {
        throw new UnsupportedOperationException(wireName() + " cannot be patched");
    }

    // ---------------------------------------------------------------- JSON

    /**
     * The resource as IBM's GET answers it: a record (usually the kind's nested {@code Json}) that
     * {@link HttpSupport#JSON} writes with IBM's snake_case names in component order.
     */
    abstract Object render(CloudTx tx, R r);

    /** How other resources refer to this one; by default its CRN, href, id, name and resource type. */
    Reference reference(CloudTx tx, R r) {
        return new Reference(null, crn(tx, r), href(tx, r), r.id(), r.name(), wireName());
    }

    /** The resource as {@code GET /sim/resources} lists it: its JSON plus what only the path tells. */
    Object adminView(CloudTx tx, R r) {
        return tx.render(r);
    }

    final String crn(CloudTx tx, R r) {
        return tx.json().crn(wireName().replace('_', '-'), r.id());
    }

    final String href(CloudTx tx, R r) {
        return tx.json().baseUrl() + collectionPath(parent(r)) + "/" + r.id();
    }

    /** {@link #path()} with the parent's values filled in. */
    final String collectionPath(Map<String, String> parent) {
        Matcher m = PATH_PARAM.matcher(path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(parent.get(m.group(1))));
        }
        return m.appendTail(path).toString();
    }

    // ---------------------------------------------------------------- persistence

    /**
     * The resource's state as the JSON document kept in {@code ibmsim.resource}: its record written with snake_case
     * names, {@code null}s left out, without id and seq (stored alongside). A record component that is not state
     * is {@code @JsonIgnore}d; one whose document name differs says so with {@code @JsonProperty}.
     */
    final Map<String, Object> toDocument(R r) {
        Map<String, Object> document = DOCUMENTS.convertValue(r, HttpSupport.OBJECT);
        document.keySet().removeAll(STORED_ALONGSIDE);
        return document;
    }

    /** Reads a {@link #toDocument} document back; fields it does not know are ignored, absent ones are null. */
    final R fromDocument(String id, long seq, Map<String, Object> document) {
        Map<String, Object> all = new LinkedHashMap<>(document);
        all.putAll(Map.of("id", id, "seq", seq));
        try {
            return DOCUMENTS.convertValue(all, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stored " + wireName() + " " + id + " is not readable: "
                    + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- helpers for kinds

    /** A map in the order of its entries, e.g. filters whose order shows in DNS hrefs. */
    @SafeVarargs
    static <T> Map<String, T> inOrder(Map.Entry<String, T>... entries) {
        Map<String, T> map = new LinkedHashMap<>();
        for (Map.Entry<String, T> entry : entries) {
            map.put(entry.getKey(), entry.getValue());
        }
        return map;
    }

    /** A filter on what every resource of the simulated account shares (its one VPC, its resource group). */
    static <R> BiPredicate<R, String> sharedBy(String value) {
        return (r, wanted) -> wanted.equals(value);
    }

    /** An id shaped like IBM's VPC ids in us-south-1. */
    static String vpcId() {
        return "0717-" + UUID.randomUUID();
    }

    /**
     * The first address of the /16 {@code prefix} (e.g. {@code "10.240."}) from host number {@code first} upwards
     * that is not {@code used}, skipping every /24's {@code .0} and {@code .255}.
     *
     * @throws IllegalArgumentException with {@code exhausted} when every address is used
     */
    static String firstFreeAddress(String prefix, int first, Predicate<String> used, String exhausted) {
        for (int i = first; i < 65536; i++) {
            if ((i & 255) == 0 || (i & 255) == 255) {
                continue;
            }
            String candidate = prefix + (i >> 8) + "." + (i & 255);
            if (!used.test(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(exhausted);
    }

    static String nameOr(String name, String prefix) {
        return name != null ? name : prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    @Override
    public String toString() {
        return wireName();
    }
}
