package com.cleanupservice.resources;

/**
 * One tracked row, whatever its table: what the provisioner recorded about a resource it created.
 *
 * @param trackedId    primary key of the tracked row (for bare metal servers: the node's id)
 * @param ibmId        IBM Cloud id used for every call
 * @param parentId     the resource's container when its API needs one (a reserved IP's subnet, a DNS record's zone)
 * @param scopeId      the service instance when its API needs one (a DNS record's DNS Services instance)
 * @param kind         the provisioner's sub-kind (ip_type, record_type, vnic_type)
 * @param nodeName     owning node, null for a deployment-level resource
 */
public record TrackedResource(ResourceType type, long trackedId, String ibmId, String name, String nodeName,
                              String deploymentId, String parentId, String scopeId, String kind, String detail,
                              LedgerState state, int attempts) {

    public TrackedResource withParent(String parentId, String scopeId) {
        return new TrackedResource(type, trackedId, ibmId, name, nodeName, deploymentId, parentId, scopeId, kind, detail,
                state, attempts);
    }

    /** What to call the resource in messages: its name when known, else its IBM id. */
    public String label() {
        return name == null || name.isBlank() ? ibmId : name;
    }
}
