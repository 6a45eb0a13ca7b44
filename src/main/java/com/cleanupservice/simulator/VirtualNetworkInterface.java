package com.cleanupservice.simulator;

import java.time.Instant;

/** @param targetServerId the bare metal server this VNI is attached to, {@code null} when free */
record VirtualNetworkInterface(String id, long seq, String name, String subnetId, String primaryIpId,
                               boolean autoDelete, Instant createdAt, String targetServerId) implements Resource {

    @Override
    public ResourceKind kind() {
        return ResourceKind.VIRTUAL_NETWORK_INTERFACE;
    }

    VirtualNetworkInterface withTarget(String serverId) {
        return new VirtualNetworkInterface(id, seq, name, subnetId, primaryIpId, autoDelete, createdAt, serverId);
    }
}
