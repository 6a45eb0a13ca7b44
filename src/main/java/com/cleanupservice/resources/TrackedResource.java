package com.cleanupservice.resources;

import java.util.Map;

/**
 * One tracked row, whatever its table: what the provisioner recorded about a resource it created.
 *
 * @param trackedId    primary key of the tracked row (for bare metal servers: the node's id)
 * @param ibmId        IBM Cloud id used for every call
 * @param parentId     the resource's container when its API needs one (a reserved IP's subnet, a DNS record's zone)
 * @param scopeId      the service instance when its API needs one (a DNS record's DNS Services instance)
 * @param kind         the provisioner's sub-kind (ip_type, record_type, vnic_type)
 * @param nodeName     owning node, null for a deployment-level resource
 * @param recorded     what the live resource must still show before it is deleted ({@link Identity}: its name,
 *                     address, zone, ...), as recorded; only the values the provisioner gave, empty when none
 * @param account      the configured account the resource lives in; null: the default account
 * @param region       the VPC region the resource lives in; null: the default region (always null for DNS records,
 *                     DNS Services being global)
 */
public record TrackedResource(ResourceType type, long trackedId, String ibmId, String name, String nodeName,
                              String deploymentId, String parentId, String scopeId, String kind, String detail,
                              LedgerState state, int attempts, Map<String, String> recorded, String account, String region) {

    public TrackedResource {
        recorded = recorded == null ? Map.of() : Map.copyOf(recorded);
    }

    /** A row of the default account and region. */
    public TrackedResource(ResourceType type, long trackedId, String ibmId, String name, String nodeName, String deploymentId,
                           String parentId, String scopeId, String kind, String detail, LedgerState state, int attempts,
                           Map<String, String> recorded) {
        this(type, trackedId, ibmId, name, nodeName, deploymentId, parentId, scopeId, kind, detail, state, attempts, recorded, null, null);
    }

    /** A row with nothing recorded to verify it by. */
    public TrackedResource(ResourceType type, long trackedId, String ibmId, String name, String nodeName, String deploymentId,
                           String parentId, String scopeId, String kind, String detail, LedgerState state, int attempts) {
        this(type, trackedId, ibmId, name, nodeName, deploymentId, parentId, scopeId, kind, detail, state, attempts, Map.of());
    }

    public TrackedResource withParent(String parentId, String scopeId) {
        return new TrackedResource(type, trackedId, ibmId, name, nodeName, deploymentId, parentId, scopeId, kind, detail,
                state, attempts, recorded, account, region);
    }

    /** This row in {@code account}'s {@code region} (either null: the default). */
    public TrackedResource placed(String account, String region) {
        return new TrackedResource(type, trackedId, ibmId, name, nodeName, deploymentId, parentId, scopeId, kind, detail,
                state, attempts, recorded, account, region);
    }

    /** Where the row lives as one label for messages and keys: {@code account/region}, a null shown as {@code default}. */
    public String place() {
        return (account == null ? "default" : account) + "/" + (region == null ? "default" : region);
    }

    /** This row with what it left to configuration filled in by its type ({@link ResourceType.Defaults}), if the type has any. */
    public TrackedResource withDefaults() {
        return type.facet(ResourceType.Defaults.class).map(d -> d.withDefaults(this)).orElse(this);
    }

    /** What to call the resource in messages: its name when known, else its IBM id. */
    public String label() {
        return name == null || name.isBlank() ? ibmId : name;
    }
}
