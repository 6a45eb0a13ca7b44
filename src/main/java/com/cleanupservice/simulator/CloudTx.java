package com.cleanupservice.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One transaction on the simulated cloud, as kinds see it: typed access to every kind's resources, removal with
 * its consequences, the time, the settings and the JSON building blocks. Only valid inside the transaction.
 *
 * <p>It looks from one {@link Place} (see {@link Store}): kinds see only the resources there, so they need not know
 * about accounts and regions; a resource is rendered with the JSON pieces (CRN account and zone, hrefs) of the place
 * it lives in.
 */
final class CloudTx {
    /**
     * Settings kinds read; fixed for the length of a transaction.
     *
     * @param bareMetalDeleteDelay how long a deleted bare metal server stays {@code deleting}
     * @param providerReservedIps  whether subnets show the addresses IBM keeps for itself
     * @param networkDeleteDelay   how long a deleted subnet, load balancer or endpoint gateway stays
     *                             {@code deleting} ({@code delete_pending}) before it is gone
     */
    record Settings(Duration bareMetalDeleteDelay, boolean providerReservedIps, Duration networkDeleteDelay) {
        Settings {
            SimulatorOptions.checkDelay(bareMetalDeleteDelay);
            SimulatorOptions.checkDelay(networkDeleteDelay);
        }
    }

    private final Store.Tx tx;
    private final Kinds kinds;
    private final Instant now;
    private final Settings settings;
    private final IbmJson json;
    private final Function<Place, IbmJson> jsonAt;

    /**
     * @param json   the JSON pieces of the place the transaction looks from
     * @param jsonAt those of any place, for resources that live elsewhere than {@code json}'s (admin views)
     */
    CloudTx(Store.Tx tx, Kinds kinds, Instant now, Settings settings, IbmJson json, Function<Place, IbmJson> jsonAt) {
        this.tx = tx;
        this.kinds = kinds;
        this.now = now;
        this.settings = settings;
        this.json = json;
        this.jsonAt = jsonAt;
    }

    /** Where the resource lives; {@code null} for a built-in one, which every place sees. */
    Place placeOf(Resource resource) {
        return tx.placeOf(kinds.of(resource), resource.id());
    }

    /** The resource of that record type and id, or {@code null}. */
    <R extends Resource> R get(Class<R> type, String id) {
        return type.cast(tx.get(kinds.of(type), id));
    }

    /** All resources of a record type, in creation order. */
    <R extends Resource> List<R> all(Class<R> type) {
        return tx.all(kinds.of(type)).stream().map(type::cast).toList();
    }

    /** The resources of a record type under key {@code key} of its index {@code index}, in creation order. */
    <R extends Resource> List<R> indexed(Class<R> type, String index, String key) {
        return tx.indexed(kinds.of(type), index, key).stream().map(type::cast).toList();
    }

    /** Stages a new or changed resource, and returns it. */
    <R extends Resource> R put(R resource) {
        tx.put(kinds.of(resource), resource);
        return resource;
    }

    /**
     * Stages a removal and lets every kind react to it: what goes with the resource goes, what only referred to it
     * lets go.
     */
    void remove(Resource resource) {
        tx.remove(kinds.of(resource), resource);
        for (SimKind<?> kind : kinds.all()) {
            kind.onRemoved(this, resource);
        }
    }

    /** The first kind's {@link SimKind#objection} to deleting {@code resource} now, {@code null} for none. */
    ApiException objection(Resource resource) {
        for (SimKind<?> kind : kinds.all()) {
            ApiException objection = kind.objection(this, resource);
            if (objection != null) {
                return objection;
            }
        }
        return null;
    }

    long nextSeq() {
        return tx.nextSeq();
    }

    /** Millisecond precision, so a value survives the round trip through PostgreSQL unchanged. */
    Instant now() {
        return now;
    }

    Settings settings() {
        return settings;
    }

    /**
     * The id for a new resource: the requested one or the generated one.
     *
     * @throws IllegalArgumentException when it is blank or taken
     */
    String newId(Class<? extends Resource> type, String requested, String generated) {
        String id = requested == null ? generated : requested;
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        SimKind<?> kind = kinds.of(type);
        if (tx.anywhere(kind, id) != null) { // ids are unique across accounts and regions, as IBM's are
            throw new IllegalArgumentException(kind.wireName() + " " + id + " already exists");
        }
        return id;
    }

    /** Whether a resource of {@code type} has this id in any place (ids are unique across places). */
    boolean taken(Class<? extends Resource> type, String id) {
        return tx.anywhere(kinds.of(type), id) != null;
    }

    /**
     * For admin input: the resource of {@code type} a request names.
     *
     * @throws IllegalArgumentException "{@code <kind in words> <id>} does not exist"
     */
    <R extends Resource> R existing(Class<R> type, String id) {
        R resource = get(type, id);
        if (resource == null) {
            throw new IllegalArgumentException(kinds.of(type).wireName().replace('_', ' ') + " " + id
                    + " does not exist");
        }
        return resource;
    }

    // ---------------------------------------------------------------- JSON

    IbmJson json() {
        return json;
    }

    /** The resource as IBM's GET answers it, with what other kinds add to it. */
    <R extends Resource> Object render(R resource) {
        CloudTx at = at(placeOf(resource));
        return at.decorated(resource, kinds.of(resource).render(at, resource));
    }

    /** This transaction with the JSON pieces of {@code place} ({@code null}: unchanged). */
    private CloudTx at(Place place) {
        return place == null ? this : new CloudTx(tx, kinds, now, settings, jsonAt.apply(place), jsonAt);
    }

    /** {@code json}, a rendering of {@code resource}, with what other kinds add to it ({@link SimKind#decorate}). */
    Object decorated(Resource resource, Object json) {
        Object rendered = json;
        for (SimKind<?> kind : kinds.all()) {
            rendered = merge(rendered, kind.decorate(this, resource));
        }
        return rendered;
    }

    /** How other resources refer to this one. */
    <R extends Resource> IbmJson.Reference reference(R resource) {
        return kinds.of(resource).reference(this, resource);
    }

    <R extends Resource> String href(R resource) {
        return kinds.of(resource).href(this, resource);
    }

    /**
     * The JSON object {@code json} with the fields of {@code more} (a record) added: a field {@code json} already
     * has keeps its place and takes the new value, the others come last. {@code json} itself when there is nothing
     * to add.
     */
    static Object merge(Object json, Object more) {
        if (more == null) {
            return json;
        }
        ObjectNode merged = HttpSupport.JSON.valueToTree(json);
        merged.setAll((ObjectNode) HttpSupport.JSON.valueToTree(more));
        return merged;
    }
}
