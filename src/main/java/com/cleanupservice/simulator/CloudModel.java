package com.cleanupservice.simulator;

import com.cleanupservice.simulator.HttpSupport.Reply;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The simulated cloud: every kind's rules over the {@link Store}, through one {@link CloudTx} per operation. API
 * operations throw {@link ApiException} with IBM's status and code; admin operations throw
 * {@link IllegalArgumentException} for bad input and {@link NoSuchElementException} for unknown ids.
 *
 * <p>Before each operation, the transitions whose time has come ({@link SimKind#dueAt}, e.g. a deleting server's
 * deadline) are {@link SimKind#settle settled}, each in a transaction of its own, by whichever request comes first:
 * so time-based transitions need no timer, survive restarts, and cost a look at the earliest one while none is due.
 *
 * <p>An API operation looks from the caller's {@link Place} (its token's account, the endpoint's region): a resource
 * elsewhere is not found there, as at IBM. Admin operations look from everywhere, but for a create, whose resource
 * lives where its {@code account} and {@code region} fields say.
 */
final class CloudModel {
    /** One page of a collection; {@code next} is where the next VPC page starts, {@code null} at the end. */
    record Page(List<Object> items, int totalCount, ListOrder.Position next) {
    }

    private final Kinds kinds;
    private final Store store;
    private final Accounts accounts;
    private final Clock clock;
    /**
     * The parents (a DNS zone) a resource was ever created in since the last reset, by kind and {@link
     * SimKind#parentKey}: a container that holds nothing now still exists (see {@link SimKind#unknownParent}).
     */
    private final Set<String> parentsUsed = ConcurrentHashMap.newKeySet();
    private volatile CloudTx.Settings settings;

    CloudModel(Kinds kinds, Store store, Accounts accounts, Clock clock, CloudTx.Settings settings) {
        this.kinds = kinds;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
        this.settings = settings;
        seed();
    }

    Kinds kinds() {
        return kinds;
    }

    Accounts accounts() {
        return accounts;
    }

    CloudTx.Settings settings() {
        return settings;
    }

    /** Applies from the next operation on; e.g. pending deletions keep their deadline. */
    void settings(CloudTx.Settings newSettings) {
        settings = newSettings;
    }

    // ---------------------------------------------------------------- the IBM API

    <R extends Resource> Object get(String baseUrl, Place place, SimKind<R> kind, Map<String, String> parent,
                                    String id) {
        return transaction(baseUrl, kind.getOperation(), null, place,
                tx -> tx.render(existing(tx, kind, parent, id)));
    }

    /** The simulated VPC, with what its kinds add (its default security group). */
    Object vpc(String baseUrl, Place place, String id) {
        if (!IbmCloudSimulator.VPC_ID.equals(id)) {
            throw ApiException.notFound("vpc_not_found", "VPC not found: " + id);
        }
        return transaction(baseUrl, SimulatorOperations.GET_VPC, null, place, tx -> {
            Object json = tx.json().vpcResource();
            for (SimKind<?> kind : kinds.all()) {
                json = CloudTx.merge(json, kind.decorateVpc(tx));
            }
            return json;
        });
    }

    <R extends Resource> Reply delete(String baseUrl, Place place, SimKind<R> kind, Map<String, String> parent,
                                      String id, boolean deleteFails) {
        return transaction(baseUrl, kind.deleteOperation(), kind, place,
                tx -> kind.delete(tx, existing(tx, kind, parent, id), deleteFails));
    }

    /** The members of a collection under one resource ({@link SimKind.Nested}); 404 when the resource is not there. */
    <R extends Resource> List<Object> nestedList(String baseUrl, Place place, SimKind<R> kind,
                                                 Map<String, String> parent, String id, SimKind.Nested<R> nested) {
        return transaction(baseUrl, nested.listOperation(kind), null, place, tx ->
                nested.members().apply(tx, existing(tx, kind, parent, id)).stream().map(SimKind.Member::json).toList());
    }

    <R extends Resource> Object nestedGet(String baseUrl, Place place, SimKind<R> kind, Map<String, String> parent,
                                          String id, SimKind.Nested<R> nested, String memberId) {
        return transaction(baseUrl, nested.getOperation(kind), null, place,
                tx -> member(tx, nested, existing(tx, kind, parent, id), memberId).json());
    }

    <R extends Resource> Reply nestedDelete(String baseUrl, Place place, SimKind<R> kind, Map<String, String> parent,
                                            String id, SimKind.Nested<R> nested, String memberId) {
        return transaction(baseUrl, nested.deleteOperation(), kind, place, tx -> {
            R owner = existing(tx, kind, parent, id);
            return nested.removal().remove(tx, owner, member(tx, nested, owner, memberId));
        });
    }

    private static <R extends Resource> SimKind.Member member(CloudTx tx, SimKind.Nested<R> nested, R owner,
                                                              String memberId) {
        return nested.members().apply(tx, owner).stream().filter(m -> m.id().equals(memberId)).findFirst()
                .orElseThrow(() -> nested.notFound(memberId));
    }

    /** One of the kind's {@link SimKind#actions} on the resource {@code id} under {@code parent}. */
    <R extends Resource> Reply act(String baseUrl, Place place, SimKind<R> kind, Map<String, String> parent,
                                   String id, SimKind.Action<R> action, Fields body) {
        return transaction(baseUrl, action.operation(), kind, place,
                tx -> action.work().apply(tx, existing(tx, kind, parent, id), body));
    }

    /**
     * A VPC page: the resources under {@code parent} matching {@code filters} in {@code order}, from {@code start}
     * ({@code null}: the first) on; the total counts every match.
     */
    <R extends Resource> Page vpcPage(String baseUrl, Place place, SimKind<R> kind, Map<String, String> parent,
                                      Map<String, String> filters, ListOrder<R> order, ListOrder.Position start,
                                      int limit) {
        return transaction(baseUrl, kind.listOperation(), null, place, tx -> {
            List<R> matching = order.sort(matching(tx, kind, existingParent(tx, kind, parent), filters));
            List<Object> items = new ArrayList<>();
            ListOrder.Position next = null;
            for (R resource : matching) {
                if (start != null && !order.atOrAfter(resource, start)) {
                    continue;
                }
                if (items.size() == limit) {
                    next = order.position(resource);
                    break;
                }
                items.add(tx.render(resource));
            }
            return new Page(items, matching.size(), next);
        });
    }

    /** A DNS Services page: the window {@code offset, limit} of the matches, and how many match in all. */
    <R extends Resource> Page offsetPage(String baseUrl, Place place, SimKind<R> kind, Map<String, String> parent,
                                         Map<String, String> filters, int offset, int limit) {
        return transaction(baseUrl, kind.listOperation(), null, place, tx -> {
            List<R> matching = matching(tx, kind, existingParent(tx, kind, parent), filters);
            List<Object> items = matching.stream().skip(offset).limit(limit).map(tx::render).toList();
            return new Page(items, matching.size(), null);
        });
    }

    private static <R extends Resource> List<R> matching(CloudTx tx, SimKind<R> kind, Map<String, String> parent,
                                                         Map<String, String> filters) {
        Map<String, BiPredicate<R, String>> declared = kind.filters();
        Map<String, String> onJson = new LinkedHashMap<>(filters);
        onJson.keySet().retainAll(kind.jsonFilters());
        return kind.members(tx, parent).stream()
                .filter(r -> filters.entrySet().stream().filter(f -> !onJson.containsKey(f.getKey()))
                        .allMatch(f -> declared.get(f.getKey()).test(r, f.getValue())))
                .filter(r -> onJson.isEmpty() || matchesJson(tx.render(r), onJson))
                .toList();
    }

    /** Whether the JSON has, at each filter's dotted path, a scalar equal to the filter's value. */
    private static boolean matchesJson(Object json, Map<String, String> filters) {
        JsonNode tree = HttpSupport.JSON.valueToTree(json);
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            JsonNode node = tree;
            for (String step : filter.getKey().split("\\.")) {
                node = node.path(step);
            }
            if (!node.isValueNode() || !node.asText().equals(filter.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code parent}, when a list may be answered under it: 404 ({@link SimKind#unknownParent}) for a kind whose
     * containers exist only while, or once, they hold something, and nothing is or was there.
     */
    private <R extends Resource> Map<String, String> existingParent(CloudTx tx, SimKind<R> kind,
                                                                    Map<String, String> parent) {
        ApiException unknown = kind.unknownParent(parent);
        if (unknown != null && !parentsUsed.contains(kind.wireName() + " " + SimKind.parentKey(parent))
                && kind.members(tx, parent).isEmpty()) {
            throw unknown;
        }
        return parent;
    }

    private static <R extends Resource> R existing(CloudTx tx, SimKind<R> kind, Map<String, String> parent, String id) {
        R resource = kind.lookup(tx, id, parent);
        if (resource == null) {
            throw kind.notFound(id, parent);
        }
        return resource;
    }

    // ---------------------------------------------------------------- admin

    /**
     * Creates a resource of the named kind from admin fields; returns it as the API renders it. It lives in the
     * account and region its {@code account} and {@code region} fields name (absent: the defaults; DNS Services'
     * resources have no region), and refers only to resources there.
     */
    Map<String, Object> create(String baseUrl, String kindName, Fields fields) {
        SimKind<?> kind = kinds.byWireName(kindName);
        Fields placed = fields.without("account").without("region");
        Set<String> allowed = new HashSet<>(kind.adminFields());
        allowed.add("kind");
        placed.allow(allowed);
        Place place = accounts.place(fields.string("account"), fields.string("region")).of(kind);
        Fields declared = placed.without("kind");
        return HttpSupport.toMap(transaction(baseUrl, "create_" + kind.wireName(), kind, place,
                tx -> tx.render(created(tx, kind, declared))));
    }

    /** Creates, and remembers the parent the resource was created in (see {@link #parentsUsed}). */
    private <R extends Resource> R created(CloudTx tx, SimKind<R> kind, Fields fields) {
        R r = kind.create(tx, fields);
        if (kind.unknownParent(kind.parent(r)) != null) {
            parentsUsed.add(kind.wireName() + " " + SimKind.parentKey(kind.parent(r)));
        }
        return r;
    }

    <R extends Resource> Map<String, Object> patch(String baseUrl, SimKind<R> kind, String id, Fields fields) {
        fields.allow(kind.patchFields());
        return HttpSupport.toMap(transaction(baseUrl, "patch_" + kind.wireName(), kind, tx -> {
            R resource = tx.get(kind.type(), id);
            if (resource == null) {
                throw new NoSuchElementException(kind.wireName().replace('_', ' ') + " " + id + " does not exist");
            }
            return tx.render(kind.patch(tx, resource, fields));
        }));
    }

    boolean exists(String kindName, String id) {
        SimKind<?> kind = kinds.byWireName(kindName);
        return transaction("", "exists_" + kind.wireName(), null, tx -> tx.get(kind.type(), id) != null);
    }

    Optional<Map<String, Object>> find(String baseUrl, String kindName, String id) {
        SimKind<?> kind = kinds.byWireName(kindName);
        return transaction(baseUrl, "find_" + kind.wireName(), null,
                tx -> Optional.ofNullable(tx.get(kind.type(), id)).map(tx::render)).map(HttpSupport::toMap);
    }

    /**
     * Every resource anyone created, by kind collection name, as {@link SimKind#adminView} shows it; only those of
     * {@code account} and {@code region} where given (a DNS Services resource has no region: a region filter leaves
     * it out).
     *
     * @throws IllegalArgumentException for an unknown account or region
     */
    Map<String, Object> snapshot(String baseUrl, String account, String region) {
        if (account != null) {
            accounts.named(account);
        }
        if (region != null && !accounts.servesRegion(region)) {
            throw new IllegalArgumentException("unknown region '" + region + "' (expected one of "
                    + accounts.regions() + ")");
        }
        return HttpSupport.toMap(transaction(baseUrl, "list_resources", null, tx -> {
            Map<String, Object> all = new LinkedHashMap<>();
            for (SimKind<?> kind : kinds.all()) {
                all.put(kind.collectionName(), adminViews(tx, kind, account, region));
            }
            return all;
        }));
    }

    private static <R extends Resource> List<Object> adminViews(CloudTx tx, SimKind<R> kind, String account,
                                                                String region) {
        return tx.all(kind.type()).stream()
                .filter(kind::shown)
                .filter(r -> {
                    Place place = tx.placeOf(r);
                    return place == null || (account == null || account.equals(place.account()))
                            && (region == null || region.equals(place.region()));
                })
                .map(r -> kind.adminView(tx, r)).toList();
    }

    /** Removes every resource, then seeds the built-in ones again. */
    void reset() {
        store.clear();
        parentsUsed.clear();
        seed();
    }

    // ---------------------------------------------------------------- internals

    private void seed() {
        transaction("", "seed", null, tx -> {
            kinds.all().forEach(kind -> kind.seed(tx));
            return null;
        });
    }

    /**
     * Settles what is due, then runs {@code work} as one store transaction.
     *
     * @param operation names the work for the store's lock plans (see {@link Store#transaction})
     * @param writes    the kind the work changes, when known
     */
    private <T> T transaction(String baseUrl, String operation, SimKind<?> writes, Function<CloudTx, T> work) {
        return transaction(baseUrl, operation, writes, null, work);
    }

    /** @param place where the work looks from and creates ({@code null}: everywhere, creating built-in resources) */
    private <T> T transaction(String baseUrl, String operation, SimKind<?> writes, Place place,
                              Function<CloudTx, T> work) {
        CloudTx.Settings settings = this.settings;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        settleDue(now, settings);
        return store.transaction(operation, writes, place,
                storeTx -> work.apply(new CloudTx(storeTx, kinds, now, settings, accounts.json(baseUrl, place),
                        at -> accounts.json(baseUrl, at))));
    }

    /**
     * Settles every transition due by {@code now}, earliest first, one transaction each. A transition is claimed
     * before its transaction, so concurrent requests never settle the same one twice; a failed one is put back.
     */
    private void settleDue(Instant now, CloudTx.Settings settings) {
        for (Store.Due due = store.firstDue(); due != null && !due.at().isAfter(now); due = store.firstDue()) {
            if (store.claim(due)) {
                try {
                    settle(store.kindOf(due), due, now, settings);
                } catch (RuntimeException e) {
                    store.unclaim(due);
                    throw e;
                }
            }
        }
    }

    private <R extends Resource> void settle(SimKind<R> kind, Store.Due due, Instant now, CloudTx.Settings settings) {
        store.transaction("settle_" + kind.wireName(), kind, storeTx -> {
            CloudTx tx = new CloudTx(storeTx, kinds, now, settings, accounts.json("", null),
                    at -> accounts.json("", at));
            R r = tx.get(kind.type(), due.id());
            // the entry is stale when the resource went or its transition changed since it was scheduled
            if (r != null && due.at().equals(kind.dueAt(r))) {
                kind.settle(tx, r);
            }
            return null;
        });
    }
}
